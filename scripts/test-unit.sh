#!/bin/sh
# Unit tests: starts a throwaway PostgreSQL cluster for the store suite's
# PostgreSQL run (SVODKA_TEST_PG_URL), runs `meson test`, and removes the
# cluster again. Usage: scripts/test-unit.sh BUILD_DIR
set -eu
build=$1
pgdir=$(mktemp -u /tmp/svodka-pg-XXXXXX)
SVODKA_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pgdir")
export SVODKA_TEST_PG_URL
trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1' EXIT
meson test -C "$build" --print-errorlogs

#!/bin/sh
# Runs every API scenario in tests/api/ against the given svodka binary; each
# starts its own server on a free loopback port with a fresh database.
# Usage: scripts/test-api.sh SVODKA_BINARY OUT_DIR
set -u
bin=$(realpath "$1")
out=$(realpath -m "$2")/api
rm -rf "$out"
mkdir -p "$out"
export SVODKA_BIN="$bin" SVODKA_OUT="$out"
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=print_stacktrace=1
# Pages show times in the campaign's region.
export TZ=Asia/Vladivostok
# One throwaway PostgreSQL cluster for the scenarios that need it; each of
# them creates a fresh database on it (test_pg_restart starts its own).
pgdir=$(mktemp -u /tmp/svodka-pg-XXXXXX)
scripts/pg-cluster.sh start "$pgdir" >/dev/null || { echo "api: cannot start PostgreSQL"; exit 1; }
trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1' EXIT
export SVODKA_TEST_PG_DIR="$pgdir"
failed=0 passed=0
for t in tests/api/test_*.py; do
	if python3 "$t" >"$out/$(basename "$t" .py).out" 2>&1; then
		passed=$((passed + 1))
		echo "api: ok   $(basename "$t")"
	else
		failed=$((failed + 1))
		echo "api: FAIL $(basename "$t")"
		tail -n 40 "$out/$(basename "$t" .py).out"
	fi
done
echo "api: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

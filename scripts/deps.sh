#!/bin/sh
# Installs the Debian packages svodka needs to build, run and test, but only
# those that are missing: a machine that has them all is left untouched and
# apt-get is not called. Usage: scripts/deps.sh run|test
set -eu

# zlib1g-dev: libxlsxwriter-dev's pkg-config file names -lz, but Debian 12's
# package does not depend on zlib1g-dev.
run_pkgs="gcc pkg-config meson ninja-build libmicrohttpd-dev libjansson-dev
libsqlite3-dev sqlite3 libsodium-dev libutf8proc-dev libpq-dev tzdata
libxlsxwriter-dev zlib1g-dev libcurl4-openssl-dev"
test_pkgs="clang libclang-rt-14-dev libcmocka-dev clang-format nginx-light wrk
chromium nodejs postgresql python3 python3-aiosmtpd curl xlsx2csv unzip time
libreoffice-calc-nogui"

case "${1:-run}" in
run) want=$run_pkgs ;;
test) want="$run_pkgs $test_pkgs" ;;
*) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

# Node.js from another source may bring its own npm; Debian's npm conflicts.
if [ "${1:-run}" = test ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages and not root; install them:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi

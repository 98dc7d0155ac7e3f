#!/bin/sh
# Browser tests: a real svodka server with a fresh database, driven by
# playwright-core in Debian's Chromium (headless). Screenshots go to OUT/browser.
# Usage: scripts/test-browser.sh SVODKA_BINARY OUT_DIR
set -eu
bin=$(realpath "$1")
out=$(realpath -m "$2")/browser
rm -rf "$out"
mkdir -p "$out"
cd "$(dirname "$0")/../tests/browser"
# The exact versions of package-lock.json, every run: what the registry
# serves today never changes what is tested.
npm ci --no-audit --no-fund --loglevel=error >"$out/npm.log" 2>&1 || { cat "$out/npm.log"; exit 1; }

db="$out/svodka.db"
pw="browser-test admin password"
"$bin" init --db "$db" >/dev/null
printf '%s\n' "$pw" | "$bin" user add --db "$db" --login admin --role admin --name "Ольга Петрова" >/dev/null
cpw="пароль координатора Находки"
printf '%s\n' "$cpw" | "$bin" user add --db "$db" --login coord --role coordinator --org-unit nakhodka \
	--name "Анна Ёлкина" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 300 ] || { echo "browser: server did not start"; cat "$out/server.log"; exit 1; }
	sleep 0.1
done
status=0
for t in *.mjs; do
	SVODKA_URL="http://127.0.0.1:$port" SVODKA_ADMIN_PASSWORD="$pw" SVODKA_COORD_PASSWORD="$cpw" SVODKA_OUT="$out" \
		node "$t" || status=1
done
kill -TERM $server
wait $server || status=1
trap - EXIT
if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$out/server.log"; then
	echo "browser: sanitizer report in the server log"; status=1
fi
[ $status -eq 0 ] && echo "browser: ok"
exit $status

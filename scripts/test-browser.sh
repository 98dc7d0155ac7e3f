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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),1)" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 300 ] || { echo "browser: $2 did not start"; cat "$out/$2.log"; exit 1; }
		sleep 0.1
	done
}
port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
# The contest's scenario needs the demo's clock (inside the entry window) and
# the mail it sends: a second server on a database of its own, mailing a real
# SMTP sink that writes each message to $out/mail.
cdb="$out/contest.db"
"$bin" init --db "$cdb" >/dev/null
printf '%s\n' "$pw" | "$bin" user add --db "$cdb" --login admin --role admin --name "Ольга Петрова" >/dev/null
sport=$(free_port)
mkdir -p "$out/mail"
/usr/bin/python3 ../api/smtp_sink.py "$sport" "$out/mail" >"$out/sink.log" 2>&1 &
sink=$!
cport=$(free_port)
wait_port "$sport" sink
SVODKA_SMTP_URL="smtp://127.0.0.1:$sport" SVODKA_SMTP_FROM="svodka@primorsky.example" \
	"$bin" serve --db "$cdb" --listen "127.0.0.1:$cport" --clock 2022-03-05T12:00:00+10:00 \
	--public-url "http://127.0.0.1:$cport" >"$out/contest-server.log" 2>&1 &
cserver=$!
trap 'kill $server $cserver $sink 2>/dev/null || true' EXIT
wait_port "$port" server
wait_port "$cport" contest-server
status=0
for t in *.mjs; do
	SVODKA_URL="http://127.0.0.1:$port" SVODKA_CONTEST_URL="http://127.0.0.1:$cport" SVODKA_MAIL_DIR="$out/mail" \
		SVODKA_ADMIN_PASSWORD="$pw" SVODKA_COORD_PASSWORD="$cpw" SVODKA_OUT="$out" \
		node "$t" || status=1
done
kill -TERM $server $cserver
wait $server || status=1
wait $cserver || status=1
kill $sink 2>/dev/null || true
trap - EXIT
if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$out/server.log" "$out/contest-server.log"; then
	echo "browser: sanitizer report in a server log"; status=1
fi
[ $status -eq 0 ] && echo "browser: ok"
exit $status

#!/bin/sh
# `make run`: creates (or migrates) the database with the demo campaign
# (filled with demo reports the first time),
# creates the first admin with a random password the first time, prints the
# address and the credentials, then serves in the foreground until Ctrl-C.
# Usage: scripts/run.sh SVODKA_BINARY DB_FILE LISTEN
set -eu
bin=$1 db=$2 listen=$3

mkdir -p "$(dirname "$db")"
first=0
[ -e "$db" ] || first=1
"$bin" init --db "$db"
# On the first start only: plausible reports, so the dashboard has something to show.
[ "$first" -eq 0 ] || "$bin" demo --db "$db"

cred=""
if [ "$("$bin" user list --db "$db" --role admin | wc -l)" -eq 0 ]; then
	# No password on stdin: svodka generates one and prints it once.
	pw=$("$bin" user add --db "$db" --login admin --role admin --name "Администратор" </dev/null |
		sed -n 's/^password: //p')
	cred="login: admin   password: $pw   (shown once; change it with: $bin user passwd admin --db $db)"
else
	cred="an admin exists already; to set a new password: $bin user passwd LOGIN --db $db"
fi

cat <<MSG

  svodka is serving the demo campaign at  http://$listen/
  first admin:  $cred

  Stop with Ctrl-C.

MSG
exec "$bin" serve --db "$db" --listen "$listen"

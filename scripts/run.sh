#!/bin/sh
# `make run`: creates (or migrates) the database with the demo campaign
# (filled with demo reports the first time),
# creates the first admin with a random password the first time, prints the
# address and the credentials, then serves in the foreground until Ctrl-C.
# With CLOCK (an instant such as 2022-03-05T12:00:00+10:00) the demo data is
# made as it stands at that instant and the server's clock starts there
# (svodka serve --clock); an empty CLOCK is the real clock.
# Usage: scripts/run.sh SVODKA_BINARY DB_FILE LISTEN [CLOCK]
set -eu
bin=$1 db=$2 listen=$3 clock=${4-}

mkdir -p "$(dirname "$db")"
first=0
[ -e "$db" ] || first=1
"$bin" init --db "$db"
# On the first start only: plausible reports, so the dashboard has something to show.
if [ "$first" -eq 1 ]; then
	# A bad CLOCK stops here; the database made above goes, so the next run starts afresh.
	if [ -n "$clock" ]; then
		"$bin" demo --db "$db" --clock "$clock" || { rm -f "$db" "$db-wal" "$db-shm"; exit 2; }
	else
		"$bin" demo --db "$db"
	fi
fi

cred=""
if [ "$("$bin" user list --db "$db" --role admin | wc -l)" -eq 0 ]; then
	# No password on stdin: svodka generates one and prints it once.
	pw=$("$bin" user add --db "$db" --login admin --role admin --name "Администратор" </dev/null |
		sed -n 's/^password: //p')
	cred="login: admin   password: $pw   (shown once; change it with: $bin user passwd admin --db $db)"
else
	cred="an admin exists already; to set a new password: $bin user passwd LOGIN --db $db"
fi

# Two demo jurors the first time, so the contest's jury can be tried at once
# (the admin assigns them on the contest's page); one from Vladivostok, who
# never sees Vladivostok's entries.
jurors=""
if [ "$first" -eq 1 ]; then
	j1=$("$bin" user add --db "$db" --login juror.vl --role juror --org-unit vladivostok \
		--name "Член жюри из Владивостока" </dev/null | sed -n 's/^password: //p')
	j2=$("$bin" user add --db "$db" --login juror.krai --role juror --name "Член жюри от края" </dev/null |
		sed -n 's/^password: //p')
	jurors="
  demo jurors:  juror.vl / $j1   juror.krai / $j2   (shown once; assign them at
                http://$listen/admin/campaigns/charter-2022/contest)"
fi

if [ -n "$clock" ]; then
	clockmsg="SIMULATED, started at $clock and running on (make run CLOCK= for the real clock;
                the demo reports were made for the clock of the first run: remove $db to remake them)"
else
	clockmsg="the real clock"
fi

cat <<MSG

  svodka is serving the demo campaign at  http://$listen/
  first admin:  $cred$jurors
  clock:        $clockmsg

  Stop with Ctrl-C.

MSG
if [ -n "$clock" ]; then
	exec "$bin" serve --db "$db" --listen "$listen" --clock "$clock"
fi
exec "$bin" serve --db "$db" --listen "$listen"

#!/bin/sh
# Benchmark: the campaign dashboard at national scale against the same
# aggregation run bare by the sqlite3 command-line tool.
#
# gen_national fills a fresh SQLite database (20,000 municipalities, about
# 13,000 reports, 400,000 activities by default); svodka serves it and wrk
# loads /admin/campaigns/national/dashboard with an admin's session cookie
# (one connection by default, like the one sqlite3 process it is compared
# with). The bare side is the least SQL that yields what the page shows,
# with its best plans (covering indexes, see EXPLAIN below): totals by form,
# by audience set, by day; the statuses, lateness and totals of the reports
# joined to their org units (municipalities only: the rates count those);
# the count of municipalities (the not started ones are the rest); and the
# first page of the table (org units left-joined to their reports, ordered
# by name, 100 rows). It is run ROUNDS times in one sqlite3 process with
# .timer on; its p50/p99 are of the summed wall time of one round. The
# dashboard reads more than that: every municipality's row (it must sort
# and filter the table by any column, which SQL cannot do in the page's
# collation) through store_export_summary. Prints both, and dashboard/bare
# ratios.
#
# Usage: bench/dashboard.sh SVODKA_BINARY GEN_NATIONAL [SECONDS] [CONNECTIONS] [ROUNDS]
# Env: BENCH_MUNICIPALITIES (20000), BENCH_ACTIVITIES (per municipality, default of gen_national).
set -eu
bin=$(realpath "$1")
gen=$(realpath "$2")
secs=${3:-10}
conns=${4:-1}
rounds=${5:-30}
for tool in wrk sqlite3 curl; do
	command -v $tool >/dev/null 2>&1 || { echo "bench: $tool missing"; exit 1; }
done
work=$(mktemp -d)
svodka_pid=""
trap 'kill $svodka_pid 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
to_us() {
	echo "$1" | awk '/us$/ {sub("us",""); print $0+0; next} /ms$/ {sub("ms",""); print $0*1000; next} /s$/ {sub("s",""); print $0*1000000}'
}

db="$work/national.db"
set -- --db "$db" --municipalities "${BENCH_MUNICIPALITIES:-20000}"
[ -n "${BENCH_ACTIVITIES:-}" ] && set -- "$@" --activities "$BENCH_ACTIVITIES"
"$gen" "$@" >"$work/gen.txt" 2>&1 || { cat "$work/gen.txt"; exit 1; }
echo "data: $(tr '\n' ' ' <"$work/gen.txt")"
pw="bench admin password $$"
printf '%s\n' "$pw" | "$bin" user add --db "$db" --login bench-admin --role admin >/dev/null
port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/svodka.log" &
svodka_pid=$!
for i in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs -c "$work/jar" -H 'Content-Type: application/json' \
	-d "{\"login\":\"bench-admin\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/session" >/dev/null
cookie=$(awk '$6 == "svodka_session" {print $7}' "$work/jar")
[ -n "$cookie" ] || { echo "bench: sign-in failed"; exit 1; }
url="http://127.0.0.1:$port/admin/campaigns/national/dashboard"
size=$(curl -fs -H "Cookie: svodka_session=$cookie" "$url" | wc -c)
[ "$size" -gt 1000 ] || { echo "bench: dashboard answered $size bytes"; exit 1; }

# The bare aggregation: the same statements, with the best plans.
cid=$(sqlite3 "$db" "SELECT id FROM campaigns WHERE slug = 'national'")
cat >"$work/bare.sql" <<SQL
SELECT form, count(*), COALESCE(sum(participants), 0), COALESCE(sum(reach), 0) FROM report_activities
 WHERE campaign_id = $cid AND form IS NOT NULL GROUP BY form ORDER BY form;
SELECT audiences, count(*), COALESCE(sum(participants), 0), COALESCE(sum(reach), 0) FROM report_activities
 WHERE campaign_id = $cid AND audiences <> 0 GROUP BY audiences;
SELECT date, count(*) FROM report_activities WHERE campaign_id = $cid AND date IS NOT NULL GROUP BY date ORDER BY date;
SELECT r.status, r.late, count(*), sum(r.n_activities), sum(r.participants), sum(r.reach), sum(r.n_publications),
 sum(r.views), sum(r.n_organizations) FROM reports r JOIN org_units o ON o.code = r.org_unit
 WHERE r.campaign_id = $cid AND o.parent IS NOT NULL GROUP BY r.status, r.late;
SELECT count(*) FROM org_units WHERE parent IS NOT NULL;
SELECT o.code, o.name, o.kind, r.status, r.submitted_at, r.late, r.n_activities, r.participants, r.reach,
 r.n_publications, r.n_organizations FROM org_units o LEFT JOIN reports r ON r.org_unit = o.code AND r.campaign_id = $cid
 WHERE o.parent IS NOT NULL ORDER BY o.name LIMIT 100;
SQL
echo "plans:"
sed 's/^SELECT/EXPLAIN QUERY PLAN SELECT/' "$work/bare.sql" | sqlite3 "$db" | sed 's/^/  /'
{
	echo ".timer on"
	echo ".output /dev/null"
	for i in $(seq "$rounds"); do cat "$work/bare.sql"; echo "SELECT 'round-end';"; done
} >"$work/rounds.sql"
# A round: the 6 statements and the round-end marker, 7 timings.
sqlite3 "$db" <"$work/rounds.sql" 2>&1 | awk '
	/^Run Time: real/ { t += $4; n++; if (n % 7 == 0) { print int(t * 1000000); t = 0 } }' | sort -n >"$work/bare.txt"
pct() { awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100+0.5)+1; if (i>NR) i=NR; print a[i]}' "$2"; }
bare50=$(pct 50 "$work/bare.txt")
bare99=$(pct 99 "$work/bare.txt")

wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Cookie: svodka_session=$cookie" "$url" >"$work/wrk.txt" 2>&1
rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(to_us "$(awk '$1=="50%" {print $2}' "$work/wrk.txt")")
p99=$(to_us "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
errs=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")
[ -z "$errs" ] || { echo "bench: wrk errors: $errs"; cat "$work/svodka.log" | tail -5; exit 1; }

echo "dashboard page: $size bytes; wrk -t1 -c$conns -d${secs}s; bare: $rounds rounds of sqlite3; $(nproc) cores"
printf '%-24s %10s %10s %10s\n' what p50_us p99_us req/s
printf '%-24s %10s %10s %10s\n' "svodka dashboard" "$p50" "$p99" "$rps"
printf '%-24s %10s %10s %10s\n' "sqlite3 bare aggregates" "$bare50" "$bare99" "-"
awk -v a="$p50" -v b="$bare50" -v c="$p99" -v d="$bare99" \
	'BEGIN { printf "ratio dashboard/bare: p50 %.2f, p99 %.2f (target <= 1.5)\n", a / b, c / d }'

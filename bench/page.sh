#!/bin/sh
# Benchmark: the public campaign page served by svodka against the same page
# saved as a static file and served by Debian's nginx, both on loopback,
# loaded one after the other by wrk in one run (two rounds, alternating).
# Prints requests/s, p50 and p99 of each and svodka/nginx ratios.
# Usage: bench/page.sh SVODKA_BINARY [SECONDS] [CONNECTIONS]
# Both servers write an access log to a file, so the comparison is like for like.
# svodka runs twice: on SQLite and on PostgreSQL (a throwaway cluster from
# scripts/pg-cluster.sh); BENCH_PG=0 leaves PostgreSQL out.
set -eu
bin=$(realpath "$1")
secs=${2:-10}
conns=${3:-64}
for tool in wrk nginx curl; do
	command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (make test installs it)"; exit 1; }
done
work=$(mktemp -d)
pgdir=$(mktemp -u /tmp/svodka-bench-pg-XXXXXX)
trap 'kill $svodka_pid $pg_pid $nginx_pid 2>/dev/null || true; scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$work"' EXIT
svodka_pid="" pg_pid="" nginx_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" init --db "$work/bench.db" >/dev/null
sp=$(free_port)
"$bin" serve --db "$work/bench.db" --listen "127.0.0.1:$sp" 2>"$work/svodka.log" &
svodka_pid=$!
for i in $(seq 100); do curl -fs "http://127.0.0.1:$sp/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
if [ "${BENCH_PG:-1}" != 0 ]; then
	pgurl=$(scripts/pg-cluster.sh start "$pgdir")
	"$bin" init --db "$pgurl" >/dev/null
	pp=$(free_port)
	"$bin" serve --db "$pgurl" --listen "127.0.0.1:$pp" 2>"$work/svodka-pg.log" &
	pg_pid=$!
	for i in $(seq 100); do curl -fs "http://127.0.0.1:$pp/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
fi
mkdir -p "$work/www/campaigns"
curl -fs "http://127.0.0.1:$sp/campaigns/charter-2022" >"$work/www/campaigns/charter-2022.html"
size=$(wc -c <"$work/www/campaigns/charter-2022.html")

np=$(free_port)
cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
user root;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log $work/nginx-access.log;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$np;
		root $work/www;
		location /campaigns/ { default_type "text/html; charset=utf-8"; try_files \$uri.html =404; }
	}
}
NGINX
/usr/sbin/nginx -c "$work/nginx.conf" &
nginx_pid=$!
for i in $(seq 100); do curl -fs "http://127.0.0.1:$np/campaigns/charter-2022" >/dev/null 2>&1 && break; sleep 0.1; done

# wrk --latency prints "50% 1.23ms" style lines; convert to microseconds.
run() {
	wrk -t2 -c"$conns" -d"${secs}s" --latency "$1" >"$work/wrk.txt" 2>&1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
	p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
	p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
	errs=$(awk '/Non-2xx|Socket errors/ {print}' "$work/wrk.txt")
	echo "$rps $(to_us "$p50") $(to_us "$p99") ${errs:+ERR}"
}
to_us() {
	echo "$1" | awk '/us$/ {sub("us",""); print $0+0; next} /ms$/ {sub("ms",""); print $0*1000; next} /s$/ {sub("s",""); print $0*1000000}'
}
echo "page: /campaigns/charter-2022, $size bytes; wrk -t2 -c$conns -d${secs}s; $(nproc) cores"
printf '%-8s %-8s %12s %10s %10s\n' round server req/s p50_us p99_us
tot_s=0 tot_n=0 tot_p=0
for round in 1 2; do
	set -- $(run "http://127.0.0.1:$sp/campaigns/charter-2022")
	printf '%-8s %-8s %12s %10s %10s %s\n' "$round" sqlite "$1" "$2" "$3" "${4:-}"
	s_rps=$1
	p_rps=0
	if [ -n "$pg_pid" ]; then
		set -- $(run "http://127.0.0.1:$pp/campaigns/charter-2022")
		printf '%-8s %-8s %12s %10s %10s %s\n' "$round" postgres "$1" "$2" "$3" "${4:-}"
		p_rps=$1
	fi
	set -- $(run "http://127.0.0.1:$np/campaigns/charter-2022")
	printf '%-8s %-8s %12s %10s %10s %s\n' "$round" nginx "$1" "$2" "$3" "${4:-}"
	n_rps=$1
	tot_s=$(awk "BEGIN {print $tot_s + $s_rps}") tot_n=$(awk "BEGIN {print $tot_n + $n_rps}")
	tot_p=$(awk "BEGIN {print $tot_p + $p_rps}")
done
awk "BEGIN {printf \"svodka on SQLite / nginx req/s     = %.2f (target >= 0.80)\\n\", $tot_s / $tot_n}"
[ -z "$pg_pid" ] || awk "BEGIN {printf \"svodka on PostgreSQL / nginx req/s = %.2f\\n\", $tot_p / $tot_n}"

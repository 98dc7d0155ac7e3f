#!/bin/sh
# Benchmark: the public campaign page served by svodka against the same page
# saved as a static file and served by Debian's nginx, both on loopback,
# loaded one after the other by wrk in one run (two rounds, alternating).
# Prints requests/s, p50 and p99 of each and svodka/nginx ratios.
# Usage: bench/page.sh SVODKA_BINARY [SECONDS] [CONNECTIONS]
# Both servers write an access log to a file, so the comparison is like for like.
set -eu
bin=$(realpath "$1")
secs=${2:-10}
conns=${3:-64}
for tool in wrk nginx curl; do
	command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (make test installs it)"; exit 1; }
done
work=$(mktemp -d)
trap 'kill $svodka_pid $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
svodka_pid="" nginx_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" init --db "$work/bench.db" >/dev/null
sp=$(free_port)
"$bin" serve --db "$work/bench.db" --listen "127.0.0.1:$sp" 2>"$work/svodka.log" &
svodka_pid=$!
for i in $(seq 100); do curl -fs "http://127.0.0.1:$sp/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
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
printf '%-8s %-7s %12s %10s %10s\n' round server req/s p50_us p99_us
tot_s=0 tot_n=0
for round in 1 2; do
	set -- $(run "http://127.0.0.1:$sp/campaigns/charter-2022")
	printf '%-8s %-7s %12s %10s %10s %s\n' "$round" svodka "$1" "$2" "$3" "${4:-}"
	s_rps=$1 s_p50=$2 s_p99=$3
	set -- $(run "http://127.0.0.1:$np/campaigns/charter-2022")
	printf '%-8s %-7s %12s %10s %10s %s\n' "$round" nginx "$1" "$2" "$3" "${4:-}"
	n_rps=$1
	tot_s=$(awk "BEGIN {print $tot_s + $s_rps}") tot_n=$(awk "BEGIN {print $tot_n + $n_rps}")
	awk "BEGIN {printf \"ratio    svodka/nginx req/s = %.2f\\n\", $s_rps / $n_rps}"
done
awk "BEGIN {printf \"overall  svodka/nginx req/s = %.2f (target >= 0.80)\\n\", $tot_s / $tot_n}"

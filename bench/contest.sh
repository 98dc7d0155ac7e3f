#!/bin/sh
# Benchmark: contest entries per second through
# POST /api/v1/campaigns/charter-2022/contest/entries against the bare rate of
# one-row SQLite commits (bench/sqlite_commit.c: WAL, synchronous=FULL, the
# store's settings) on the same disk, in one run, one after the other, twice
# (alternating). Each entry is a different child's video with a different
# guardian: validated, sealed, hashed, committed with its confirmation mail
# queued — the whole path of the last evening before the deadline.
# svodka runs on the demo's clock (inside the window) with the per-address
# limit off (all load comes from 127.0.0.1) and the demo's least form age
# waited out once. Prints both rates and their ratio (goal: >= 0.5).
# Usage: bench/contest.sh SVODKA_BINARY SQLITE_COMMIT [SECONDS] [CONNECTIONS]
set -eu
bin=$(realpath "$1")
bare=$(realpath "$2")
secs=${3:-10}
conns=${4:-8}
for tool in wrk curl python3; do
	command -v $tool >/dev/null 2>&1 || { echo "bench: $tool missing (make test installs it)"; exit 1; }
done
work=$(mktemp -d)
svodka_pid=""
trap 'kill $svodka_pid 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" init --db "$work/bench.db" >/dev/null
port=$(free_port)
"$bin" serve --db "$work/bench.db" --listen "127.0.0.1:$port" --clock 2022-03-05T12:00:00+10:00 \
	--contest-address-limit 0 2>"$work/svodka.log" &
svodka_pid=$!
for i in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -fs "http://127.0.0.1:$port/api/v1/campaigns/charter-2022/contest" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["form_token"])')
sleep 6 # the demo's min_form_seconds is 5

# Every request a new video, child and guardian: n = round × 10^9 + thread × 10^7 + counter.
cat >"$work/entry.lua" <<'LUA'
local threads = 0
function setup(thread)
	thread:set("tid", threads)
	threads = threads + 1
end
local counter = 0
-- Names are letters only: the number spelt with one Cyrillic letter a digit.
local letters = { ["0"] = "а", ["1"] = "б", ["2"] = "в", ["3"] = "г", ["4"] = "д", ["5"] = "е",
	["6"] = "ж", ["7"] = "з", ["8"] = "и", ["9"] = "к" }
local function spelt(n)
	return "Н" .. (string.gsub(string.format("%d", n), "%d", letters))
end
local token = os.getenv("BENCH_TOKEN")
local round = tonumber(os.getenv("BENCH_ROUND"))
local path = "/api/v1/campaigns/charter-2022/contest/entries"
local headers = { ["Content-Type"] = "application/json" }
local fmt = '{"form_token":"%s","author":{"full_name":"Участник %s","birth_date":"2010-05-14"},' ..
	'"org_unit":"vladivostok","school":"МБОУ СОШ № 1","video_url":"https://www.tiktok.com/@bench/video/%s",' ..
	'"caption":"Наш ролик о Хартии #хартия #ХартияПриморье #цифроваяэтикадетства","title":"Безопасный интернет",' ..
	'"description":"Ролик о том, как дети и родители договариваются о правилах в сети.",' ..
	'"guardian":{"full_name":"Родитель %s","relation":"мать","email":"parent%d@example.ru",' ..
	'"phone":"+7 914 000-00-00"},"consents":{"processing":true,"publication":true}}'
function request()
	counter = counter + 1
	local n = round * 1000000000 + tid * 10000000 + counter
	local video = string.format("7%018d", n)
	return wrk.format("POST", path, headers, string.format(fmt, token, spelt(n), video, spelt(n), n))
end
function done(summary)
	io.write(string.format("wrk: %d requests, %d socket errors\n", summary.requests,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

rate_svodka() {
	BENCH_TOKEN=$token BENCH_ROUND=$round wrk -t2 -c"$conns" -d"${secs}s" -s "$work/entry.lua" --latency \
		"http://127.0.0.1:$port" >"$work/wrk.out"
	awk '/Requests\/sec/ {print $2}' "$work/wrk.out"
	grep -q "Non-2xx" "$work/wrk.out" && { echo "bench: svodka answered errors:" >&2; cat "$work/wrk.out" >&2; grep -v " 201 " "$work/svodka.log" | grep -v "received$" | tail -5 >&2; exit 1; }
	return 0
}
rate_bare() {
	rm -f "$work/bare.db"*
	"$bare" "$work/bare.db" "$secs" | awk '{print $6}'
}
echo "contest entries/s vs bare SQLite one-row FULL commits/s, ${secs}s each, svodka with $conns connections"
for round in 1 2; do
	s=$(rate_svodka)
	b=$(rate_bare)
	entries=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM contest_entries" 2>/dev/null || echo "?")
	echo "round $round: svodka $s entries/s, bare $b commits/s, ratio $(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2f", s / b}') (entries stored: $entries)"
done
if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$work/svodka.log"; then
	echo "bench: sanitizer report in the server log"; exit 1
fi

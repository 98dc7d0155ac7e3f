#!/bin/sh
# Benchmark: `svodka export --format xlsx` of a national-scale campaign
# (bench/gen_national: 20,000 municipalities, 400,000 activities and the
# publications and organizations that go with them) against a bare
# libxlsxwriter loop (bench/xlsx_bare) writing a workbook of the same shape:
# the same sheets, rows, columns and column types. Both run under
# /usr/bin/time -v; prints seconds and peak RSS side by side and the
# export/bare ratios. Targets: time ≤ 1.3× the bare loop, peak RSS ≤ 32 MiB.
#
# Usage: bench/export.sh SVODKA_BINARY [GEN_NATIONAL] [XLSX_BARE]
#   GEN_NATIONAL and XLSX_BARE default to bench/ beside the binary's build
#   directory (meson builds them from bench/meson.build).
# BENCH_DB=PATH reuses (or creates once) a generated SQLite database; by
# default a temporary one is generated and removed.
set -eu
bin=$(realpath "$1")
build=$(dirname "$bin")
gen=${2:-$build/bench/gen_national}
bare=${3:-$build/bench/xlsx_bare}
for tool in "$gen" "$bare" /usr/bin/time python3; do
	[ -x "$tool" ] || command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool missing"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${BENCH_DB:-$work/national.db}
if [ ! -s "$db" ]; then
	echo "generating $db …"
	"$gen" --db "$db"
fi

# The shape of the export: its own CSV of every sheet (not timed) gives the
# rows of each sheet and, per column, the type and the mean length of its
# text, so the bare loop writes the same amount of text.
mkdir "$work/csv"
"$bin" export --db "$db" --campaign national --format csv --out "$work/csv" >/dev/null
shape=$(python3 - "$work/csv" <<'PY'
import csv, re, sys
sheets = [("svodka", "Сводка"), ("activities", "Мероприятия"), ("publications", "Публикации"),
          ("organizations", "Организации")]
for code, name in sheets:
    with open("%s/svodka-national-%s.csv" % (sys.argv[1], code), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[1:]
    cols = []
    for k in range(len(rows[0])):
        vals = [r[k] for r in rows if r[k] != ""]
        if vals and all(re.fullmatch(r"\d+", v) for v in vals):
            cols.append("n")
        elif vals and all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", v) for v in vals):
            cols.append("d")
        elif vals and all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", v) for v in vals):
            cols.append("T")
        else:
            cols.append("t%d" % round(sum(len(r[k]) for r in rows) / len(rows)))
    print("%s=%d:%s" % (name, len(rows), ",".join(cols)))
PY
)
echo "$shape"

# Runs a command under time -v: prints "SECONDS MAXRSS_KIB".
measure() {
	/usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; exit 1; }
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; secs = s }
		/Maximum resident set size/ { rss = $2 }
		END { printf "%.2f %d\n", secs, rss }' "$work/time"
}

best() { # the best of three runs (less noise): "SECONDS MAXRSS_KIB"
	for i in 1 2 3; do measure "$@"; done | sort -n | head -1
}

e=$(best "$bin" export --db "$db" --campaign national --format xlsx --out "$work/export.xlsx")
# shellcheck disable=SC2086 # one argument a sheet, names without spaces
b=$(best "$bare" "$work/bare.xlsx" $shape)
echo "$e $b $(stat -c %s "$work/export.xlsx") $(stat -c %s "$work/bare.xlsx")" | awk '{
	printf "%-28s %10s %14s %12s\n", "", "seconds", "peak RSS MiB", "file MiB"
	printf "%-28s %10.2f %14.1f %12.1f\n", "svodka export --format xlsx", $1, $2 / 1024, $5 / 1048576
	printf "%-28s %10.2f %14.1f %12.1f\n", "bare libxlsxwriter loop", $3, $4 / 1024, $6 / 1048576
	printf "ratio export/bare: time %.2f× (target ≤ 1.3), RSS %.1f MiB (target ≤ 32)\n", ($3 > 0 ? $1 / $3 : 0), $2 / 1024
}'

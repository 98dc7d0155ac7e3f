#!/bin/sh
# Builds the libFuzzer targets with clang and runs each one over its seed
# corpus for FUZZ_SECONDS (default 5) seconds. A crash, leak or sanitizer
# report fails the run; the input that caused it is left in OUT/fuzz.
# Usage: scripts/test-fuzz.sh BUILD_DIR
set -eu
build=$1
secs=${FUZZ_SECONDS:-5}
if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
		--buildtype=debugoptimized >/dev/null
fi
ninja -C "$build" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0 ran=0
# One target per tests/fuzz/fuzz_*.c: a source whose target was not built
# fails the run, and so does a run that found no target at all.
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c | sed 's/^fuzz_//')
	exe="$build/tests/fuzz/fuzz_$name"
	if [ ! -f "$exe" ] || [ ! -x "$exe" ]; then
		echo "fuzz: FAIL $name (no target built at $exe)"
		status=1
		continue
	fi
	ran=$((ran + 1))
	mkdir -p "$work/$name"
	if "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$name-" \
		"$work/$name" "tests/fuzz/corpus/$name" >"$work/$name.log" 2>&1; then
		echo "fuzz: ok   $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$name.log" | tail -1 | cut -d' ' -f2 || echo '?') runs)"
	else
		echo "fuzz: FAIL $name"
		tail -n 30 "$work/$name.log"
		mkdir -p out/fuzz && cp "$work/$name"-* out/fuzz/ 2>/dev/null || true
		status=1
	fi
done
if [ "$ran" -eq 0 ]; then
	echo "fuzz: FAIL no fuzz target was run"
	status=1
fi
exit $status

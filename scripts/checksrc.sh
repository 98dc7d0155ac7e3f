#!/bin/sh
# Source checks run by `make test`: banned C functions (STYLE rule 19), no
# ad hoc number parsing in web/, and clang-format (rule 22). Prints each
# offence and fails if there is any.
set -u
cd "$(dirname "$0")/.."
status=0
files=$(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files --others --exclude-standard '*.c' '*.h' 2>/dev/null)
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|rand|srand|strncpy|system|tmpnam)[[:space:]]*\('
for f in $files; do
	[ -f "$f" ] || continue
	if grep -nE "$banned" "$f" | grep -vE '^\s*[0-9]+:\s*(\*|/\*|//)'; then
		echo "checksrc: $f: banned function (see STYLE.md rule 19)"
		status=1
	fi
done
# web/ reads numbers only through web_param_int / web_int_check (util/num.h):
# the strtol family accepts "12abc" as 12 unless every caller checks the end.
numparse='\b(strtol|strtoll|strtoul|strtoull|strtoimax|strtoumax|sscanf)[[:space:]]*\('
for f in $files; do
	case "$f" in src/web/*) ;; *) continue ;; esac
	[ -f "$f" ] || continue
	if grep -nE "$numparse" "$f" | grep -vE '^\s*[0-9]+:\s*(\*|/\*|//)'; then
		echo "checksrc: $f: parse numbers with web_param_int or num_parse_i64 in web/"
		status=1
	fi
done
if command -v clang-format >/dev/null 2>&1; then
	for f in $files; do
		[ -f "$f" ] || continue
		if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
			echo "checksrc: $f: not clang-formatted (run: clang-format -i $f)"
			status=1
		fi
	done
else
	echo "checksrc: clang-format missing"
	status=1
fi
[ "$status" -eq 0 ] && echo "checksrc: ok"
exit "$status"

#!/bin/sh
# Source checks run by `make test`: banned C functions (STYLE rule 19) and
# clang-format (rule 22). Prints each offence and fails if there is any.
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

#!/bin/sh
# Source checks run by `make test`: banned C functions (STYLE rule 19), no
# ad hoc number parsing in web/, UTF-8 decoded by hand outside
# src/util/utf8.c, and clang-format (rule 22). Prints each offence and fails
# if there is any.
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
# UTF-8 is taken apart in src/util/utf8.c only: everything else calls
# util/utf8.h. The bit patterns of hand decoding and encoding: masking a
# byte with 0xc0/0xe0/0xf0/0xf8 (lead and continuation tests) or 0x3f/0x1f/
# 0x0f/0x07 (payload bits), and OR-ing 0x80/0xc0/0xe0/0xf0 into a byte. bench/xlsx_bare.c is left out: it is the bare
# libxlsxwriter baseline, linked to nothing of ours on purpose.
utf8_bits='(&[[:space:]]*0[xX](c0|C0|e0|E0|f0|F0|f8|F8|3f|3F|1f|1F|0f|0F|07)\b|\b0[xX](80|c0|C0|e0|E0|f0|F0)[[:space:]]*\|([^|]|$))'
for f in $files; do
	[ -f "$f" ] || continue
	case "$f" in
	src/util/utf8.c | bench/*) continue ;;
	esac
	if grep -nE "$utf8_bits" "$f" | grep -vE '^\s*[0-9]+:\s*(\*|/\*|//)'; then
		echo "checksrc: $f: decodes UTF-8 by hand (use util/utf8.h)"
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

#!/bin/sh
# Source checks run by `make test`: banned C functions (STYLE rule 19), no
# ad hoc number parsing or raw jansson building in web/, UTF-8 decoded by
# hand outside src/util/utf8.c, no exported function that nothing calls,
# every module in DEVELOPERS.md's layout, and clang-format (rule 22). Prints
# each offence and fails if there is any.
set -u
cd "$(dirname "$0")/.."
status=0
files=$(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files --others --exclude-standard '*.c' '*.h' 2>/dev/null)
# forbid REGEX MESSAGE [ONLY] [SKIP...]: reports every line outside comments
# that matches REGEX in the files whose path matches the shell pattern ONLY
# (default: all) and none of the SKIP patterns.
forbid() {
	re=$1 msg=$2 only=${3:-*}
	shift 2
	[ $# -gt 0 ] && shift
	for f in $files; do
		[ -f "$f" ] || continue
		# shellcheck disable=SC2254
		case "$f" in $only) ;; *) continue ;; esac
		skip=0
		for p in "$@"; do
			# shellcheck disable=SC2254
			case "$f" in $p) skip=1 ;; esac
		done
		[ "$skip" -eq 0 ] || continue
		if grep -nE "$re" "$f" | grep -vE '^\s*[0-9]+:\s*(\*( |$)|/\*|//)'; then
			echo "checksrc: $f: $msg"
			status=1
		fi
	done
}
forbid '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|rand|srand|strncpy|system|tmpnam)[[:space:]]*\(' \
	"banned function (see STYLE.md rule 19)"
# web/ reads numbers only through web_param_int / web_int_check (util/num.h):
# the strtol family accepts "12abc" as 12 unless every caller checks the end.
forbid '\b(strtol|strtoll|strtoul|strtoull|strtoimax|strtoumax|sscanf)[[:space:]]*\(' \
	"parse numbers with web_param_int or num_parse_i64 in web/" 'src/web/*'
# UTF-8 is taken apart in src/util/utf8.c only: everything else calls
# util/utf8.h. The bit patterns of hand decoding and encoding: masking a
# byte with 0xc0/0xe0/0xf0/0xf8 (lead and continuation tests) or 0x3f/0x1f/
# 0x0f/0x07 (payload bits), and OR-ing 0x80/0xc0/0xe0/0xf0 into a byte. bench/xlsx_bare.c is left out: it is the bare
# libxlsxwriter baseline, linked to nothing of ours on purpose.
forbid '(&[[:space:]]*0[xX](c0|C0|e0|E0|f0|F0|f8|F8|3f|3F|1f|1F|0f|0F|07)\b|\b0[xX](80|c0|C0|e0|E0|f0|F0)[[:space:]]*\|([^|]|$))' \
	"decodes UTF-8 by hand (use util/utf8.h)" '*' 'src/util/utf8.c' 'bench/*'
# Exported but never called: a function defined without `static` in src/
# (its name at the start of a line, STYLE rule 22) that no other line of
# src/ names — only its definition and declaration do. Tests do not count as
# callers. Kept on purpose, each with its reason:
#   test hooks, for tests to look inside or to check what was stored:
#     arena_used throttle_size http_server_port store_sqlite_handle
#     store_postgres_handle store_user_count store_mail_due
#   rules complete with their tests and fuzz targets that the contest
#     (required hashtags) and the signatory registry (OGRN, OGRNIP) call
#     next: hashtag_equal hashtag_extract hashtag_mixed_script
#     hashtag_text_has inn_ogrn_check inn_ogrnip_check inn_message
unused_ok=" arena_used throttle_size http_server_port store_sqlite_handle store_postgres_handle store_user_count store_mail_due hashtag_equal hashtag_extract hashtag_mixed_script hashtag_text_has inn_ogrn_check inn_ogrnip_check inn_message "
srcs=$(echo "$files" | grep '^src/')
for f in $(echo "$srcs" | grep '\.c$'); do
	[ -f "$f" ] || continue
	awk 'prev !~ /static/ && /^[a-z_][a-z0-9_]*\(/ { n = $0; sub(/\(.*/, "", n); if (n != "main") print n } { prev = $0 }' "$f"
done | sort -u >"${TMPDIR:-/tmp}/checksrc.defs.$$"
while read -r name; do
	case "$unused_ok" in *" $name "*) continue ;; esac
	# every line of src/ that names it, less its definitions and declarations
	calls=$(grep -hw "$name" $srcs | grep -vE "^[^[:space:]#*/].*\b$name\(|^$name\(" | grep -vcE '^\s*(\*( |$)|/\*|//)')
	if [ "$calls" -eq 0 ]; then
		echo "checksrc: $name is exported but nothing in src/ calls it: delete it or call it where it belongs"
		status=1
	fi
done <"${TMPDIR:-/tmp}/checksrc.defs.$$"
rm -f "${TMPDIR:-/tmp}/checksrc.defs.$$"
# web/ builds its models with web_pack and util/jsonx.h's jx_* helpers only:
# an unchecked json_object_set_new or json_pack turns a NULL into a 500 far
# from its cause (or a key silently missing).
forbid '\b(json_object_set_new|json_array_append_new|json_pack|json_object|json_array)[[:space:]]*\(' \
	"build JSON with web_pack and the jx_* helpers in web/" 'src/web/*'
# DEVELOPERS.md's layout names every module of src/ (a newcomer finds a
# feature by file name there).
for f in $(echo "$srcs" | grep '\.c$'); do
	[ -f "$f" ] || continue
	if ! grep -qE "(^|[[:space:]/])$(basename "$f" | sed 's/\./\\./g')([[:space:],]|$)" DEVELOPERS.md; then
		echo "checksrc: $f is not in DEVELOPERS.md's layout"
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

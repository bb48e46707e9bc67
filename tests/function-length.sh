#!/bin/sh
# function-length.sh - no function in src/ longer than 120 lines, unless
# it is listed below.
#
# Functions are found as the house style (.clang-format) writes them:
# the name at the start of a line followed by "(", then a line that is
# just "{", the body, and a line that is just "}".  The length counted is
# from that "{" to that "}".  Data tables (static arrays) are not
# functions and are not counted.
set -u
top_srcdir=${top_srcdir:-.}
LIMIT=120

# FILE:FUNCTION allowed to be longer, each with its reason.  Shrink this
# list; never grow it without a reason a reviewer accepts.
ALLOWED='
src/cli/cmd_run.c:run	the stages of a run, one after the other (to split)
'

long=$(cd "$top_srcdir" && find src -name '*.c' | LC_ALL=C sort |
	xargs awk -v limit="$LIMIT" '
	FNR == 1 { name = ""; start = 0 }
	/^[A-Za-z_][A-Za-z0-9_]*\(/ { n = $0; sub(/\(.*/, "", n); name = n }
	/^\{$/ && name != "" { start = FNR }
	/^\}$/ && start > 0 {
		len = FNR - start + 1
		if (len > limit)
			print FILENAME ":" name, len
		start = 0
		name = ""
	}')

allowed=$(printf '%s\n' "$ALLOWED" | cut -f1 | grep .)
fail=0
for where in $(echo "$long" | cut -d' ' -f1); do
	len=$(echo "$long" | grep "^$where " | cut -d' ' -f2)
	if echo "$allowed" | grep -qx "$where"; then
		echo "function-length: $where: $len lines (listed)"
	else
		echo "function-length: $where: $len lines, more than $LIMIT;" \
			"split it into well-named pieces" >&2
		fail=1
	fi
done
# listed functions that are short now: the list can shrink
for where in $allowed; do
	echo "$long" | grep -q "^$where " ||
		echo "function-length: $where is no longer too long:" \
			"remove it from the list in tests/function-length.sh"
done
exit $fail

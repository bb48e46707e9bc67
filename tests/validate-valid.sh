#!/bin/sh
# validate-valid.sh - the valid samples of fixtures/valid pass (alone, as
# JSON, and in the context of their manifest); the command line of
# `eitirep validate`: unreadable inputs (4); its usage errors and help
# are golden transcripts in fixtures/cli (tests/cli-golden.sh).
. "$top_srcdir/tests/validate-lib.sh"

valid="$top_srcdir/fixtures/valid"

# expect STATUS ARGS...: run from fixtures/valid, check the exit status.
expect() {
	want=$1
	shift
	(cd "$valid" && "$EITIREP" validate "$@" >"$tmp/out" 2>"$tmp/err")
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "validate $*: exit $got, expected $want"
		cat "$tmp/err" >&2
	fi
}

# has FILE TEXT: FILE (out or err) contains TEXT.
has() {
	grep -qF -- "$2" "$tmp/$1" || fail "no '$2' in std$1: $(cat "$tmp/$1")"
}

expect 0 company-carbones-2022.xml government-anm-2022.xml \
    manifest-2022.xml adjustments-2022.xml
has err "4 files, 4 valid, 0 invalid: 0 errors, 0 warnings"
[ -s "$tmp/out" ] && fail "text format wrote to stdout"

expect 0 --format=json company-carbones-2022.xml
has out "[]"

expect 0 -v --manifest manifest-2022.xml company-carbones-2022.xml \
    government-anm-2022.xml adjustments-2022.xml
has err "government-anm-2022.xml: valid"
has err "4 files, 4 valid, 0 invalid: 0 errors, 0 warnings"

expect 0 -q manifest-2022.xml
[ -s "$tmp/err" ] && fail "-q printed on a valid file: $(cat "$tmp/err")"

# Usage errors and --help: fixtures/cli/usage-validate and help-validate.

# Unreadable inputs: exit 4, the other files are still validated.
expect 4 no-such-file.xml company-carbones-2022.xml
has err "eitirep: validate: cannot open no-such-file.xml: no such file"
has err "2 files, 1 valid, 0 invalid, 1 unreadable"
expect 4 .
has err "is a directory"

# An invalid file among valid ones: exit 1.
cp "$top_srcdir/fixtures/invalid/pay-id-dup.xml" "$tmp/bad.xml"
expect 1 company-carbones-2022.xml "$tmp/bad.xml"
has err "2 files, 1 valid, 1 invalid: 2 errors, 0 warnings"

finish

#!/bin/sh
# install-data.sh - a missing, unreadable or broken installed data file
# (schemas/streams.csv, a schema, the templates) is an installation error:
# exit 4 and one message naming the file, "eitirep: STAGE: FILE: ...",
# before any input is read - never findings about valid input.  Runs
# against copies of the data directory (EITIREP_DATADIR).
. "$top_srcdir/tests/lib.sh"

V=$top_srcdir/fixtures/valid
M=$top_srcdir/fixtures/demo/manifest.xml

# datadir NAME: a fresh copy of the installed data in $T/NAME ($D).
datadir()
{
	D=$T/$1
	mkdir "$D"
	cp -R "$top_srcdir/schemas" "$top_srcdir/templates" "$D/"
	chmod -R u+w "$D"
}

# expect_one MESSAGE: stderr is exactly that one line.
expect_one()
{
	printf '%s\n' "$1" >"$T/want"
	cmp -s "$T/want" "$errf" ||
		fail "expected exactly: $1"
}

# The copy itself works.
datadir good
expect_exit 0 env EITIREP_DATADIR="$D" "$EITIREP" validate "$V"/*.xml

# No streams.csv: not one CODE-STREAM finding, one error.
datadir nostreams
rm "$D/schemas/streams.csv"
for cmd in "validate $V/government-anm-2022.xml $V/company-carbones-2022.xml" \
    "reconcile $M -o $T/out" "fetch $M --cache $T/cache" "run $M -o $T/out"
do
	# shellcheck disable=SC2086 # cmd is a word list
	expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" $cmd
	expect_one "eitirep: validate: $D/schemas/streams.csv: No such file or directory"
done
[ -e "$T/out" ] && fail "an output was written"
[ -e "$T/cache" ] && fail "the cache was created"

# A table that is not one.
datadir badstreams
printf 'code,name_en,name_es,parent\n1415E1,Royalties,Regalías,1415E\nbad\n' \
	>"$D/schemas/streams.csv"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" validate "$V"/*.xml
expect_one "eitirep: validate: $D/schemas/streams.csv:3: not a record code,name_en,name_es,parent"
: >"$D/schemas/streams.csv"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" validate "$V"/*.xml
expect_one "eitirep: validate: $D/schemas/streams.csv: no stream codes"

# A schema missing, or broken: an installation error naming the .xsd.
datadir noxsd
rm "$D/schemas/results.xsd"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" validate "$V"/*.xml
expect_one "eitirep: validate: $D/schemas/results.xsd: No such file or directory"
datadir badxsd
printf 'not a schema\n' >"$D/schemas/disclosure.xsd"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" validate "$V"/*.xml
grep -q "^eitirep: validate: $D/schemas/disclosure.xsd: cannot compile the schema: " \
	"$errf" || fail "broken schema: message"
[ "$(wc -l <"$errf")" -eq 1 ] || fail "broken schema: more than one line"

# The templates: a directory without its schema, and a broken template.
expect_exit 0 env EITIREP_DATADIR="$T/good" "$EITIREP" reconcile -q "$M" \
	-o "$T/res"
datadir notemplates
rm -r "$D/templates"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" render -q \
	"$T/res/results.xml" -o "$T/res/report.pdf"
expect_one "eitirep: render: $D/templates/template.xsd: No such file or directory"
datadir badtemplate
printf '<template' >"$D/templates/es.xml"
expect_exit 4 env EITIREP_DATADIR="$D" "$EITIREP" render -q \
	"$T/res/results.xml" -o "$T/res/report.pdf"
grep -q "^eitirep: render: template $D/templates/es.xml:" "$errf" ||
	fail "broken template: message"
[ -e "$T/res/report.pdf" ] && fail "a report was written"
pass

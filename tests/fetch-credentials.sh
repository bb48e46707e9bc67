#!/bin/sh
# No URL's password anywhere (eitirep(1) fetch, eitirep-manifest(5)): a
# manifest that carries a user name or password in a URL is refused
# (SRC-CREDENTIALS) by every command without printing them; credentials
# come from ~/.netrc or $NETRC instead.  A server's redirect to a URL with
# credentials is followed, but the password shows nowhere: not on stderr
# (normal, -q, -v), not in the cache's records, not in results.xml
# (href, url, final-url), results.csv, the report's provenance appendix
# (pdftotext) or export --csv; and a results.xml that carries one has it
# removed by render and export.  The server (tests/servers/faultserver.py)
# wants Basic credentials ana:s3cret.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fetch-lib.sh"
. "$top_srcdir/tests/render-lib.sh"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
start_faultserver
echo fault >"$FS_MODE"
CACHE=$T/cache
M=$T/m/manifest.xml
mkdir -p "$T/m" "$T/home"
company_doc >"$T/m/company.xml"
HOSTPORT=${FS#http://}
# No developer's ~/.netrc: only what each step gives.
HOME=$T/home
export HOME
unset NETRC

# leaks FILE...: fail when a file shows the password or the user name
# before a host.
leaks()
{
	for f in "$@"; do
		if grep -q 's3cret\|ana@\|ana:' "$f"; then
			fail "$f shows a credential: $(grep 's3cret\|ana@\|ana:' "$f" | head -3)"
		fi
	done
}

# 1. Credentials in a manifest: refused by every command, never printed.
make_manifest "$M" company.xml "http://ana:s3cret@$HOSTPORT/auth/x.xml"
for v in "" -q -v; do
	expect_exit 1 "$EITIREP" fetch $v "$M" --cache "$CACHE"
	grep -q "^$M:7:35: error: source 'http://$HOSTPORT/auth/x.xml': the URL carries a user name or password, .* ~/.netrc .*\[SRC-CREDENTIALS\]$" \
		"$errf" || fail "fetch $v: SRC-CREDENTIALS"
	leaks "$errf" "$out"
	expect_exit 1 "$EITIREP" reconcile $v "$M" --cache "$CACHE" -o "$T/o"
	grep -q "\[SRC-CREDENTIALS\]$" "$errf" || fail "reconcile $v"
	leaks "$errf" "$out"
	expect_exit 1 "$EITIREP" run $v "$M" --cache "$CACHE" -o "$T/o"
	grep -q "\[SRC-CREDENTIALS\]$" "$errf" || fail "run $v"
	leaks "$errf" "$out"
done
expect_exit 1 "$EITIREP" validate --format=json "$M"
leaks "$errf" "$out"
[ ! -e "$CACHE" ] || fail "a refused manifest was fetched"
[ -z "$(ls -A "$T/o" 2>/dev/null)" ] || fail "a refused manifest gave outputs"

# 2. From a netrc file: $NETRC, else ~/.netrc; without one, HTTP 401.
make_manifest "$M" company.xml "$FS/auth/x.xml"
expect_exit 3 "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^$M:7:3: error: $FS/auth/x.xml: HTTP 401 \[FETCH-HTTP\]$" "$errf" ||
	fail "no credentials: 401"
printf 'machine 127.0.0.1 login ana password s3cret\n' >"$T/netrc"
chmod 600 "$T/netrc"
expect_exit 0 env NETRC="$T/netrc" "$EITIREP" fetch "$M" --cache "$CACHE"
grep -q "^fetched $FS/auth/x.xml " "$errf" || fail "\$NETRC not used"
rm -rf "$CACHE"
cp "$T/netrc" "$HOME/.netrc"
expect_exit 0 "$EITIREP" fetch -v "$M" --cache "$CACHE"
grep -q "^fetched $FS/auth/x.xml " "$errf" || fail "~/.netrc not used"
leaks "$errf" "$CACHE"/objects/*/*.meta
rm "$HOME/.netrc"

# 3. A redirect to a URL with credentials (followed: the server wants
# them) and one with wrong credentials (401): the whole job, every
# verbosity, every output.
have_poppler || skip "poppler-utils not installed"
make_manifest "$M" company.xml "$FS/tocreds/x.xml"
for v in "" -q -v; do
	rm -rf "$T/o"
	expect_exit 0 "$EITIREP" run $v "$M" --cache "$CACHE" -o "$T/o"
	leaks "$errf" "$out"
done
grep -q "final-url=\"$FS/auth/x.xml\"" "$T/o/results.xml" ||
	fail "final-url not recorded (without its credentials)"
pdftotext "$T/o/report.pdf" "$T/report.txt" || fail "pdftotext"
grep -q "$HOSTPORT/auth/x.xml" "$T/report.txt" ||
	fail "the appendix does not show the final URL"
expect_exit 0 "$EITIREP" export "$T/o/results.xml" --csv -o "$T/csv"
leaks "$T/o/results.xml" "$T/o/results.csv" "$T/report.txt" \
	"$CACHE"/objects/*/*.meta "$T"/csv/*
make_manifest "$M" company.xml "$FS/tobadcreds/x.xml"
for v in "" -q -v; do
	expect_exit 3 "$EITIREP" fetch $v "$M" --cache "$CACHE"
	grep -q "^$M:7:3: error: $FS/tobadcreds/x.xml: HTTP 401 \[FETCH-HTTP\]$" \
		"$errf" || fail "wrong credentials $v: 401"
	leaks "$errf" "$out"
done

# 4. A results.xml that carries credentials (written by hand, or by
# another tool): render and export show none.
sed "s|url=\"http://|url=\"http://ana:s3cret@|g; s|href=\"http://|href=\"http://ana:s3cret@|g" \
	"$T/o/results.xml" >"$T/hand.xml"
grep -q 's3cret' "$T/hand.xml" || fail "test setup: no credentials"
expect_exit 0 "$EITIREP" render "$T/hand.xml" -o "$T/hand.pdf"
leaks "$errf" "$out"
pdftotext "$T/hand.pdf" "$T/hand.txt" || fail "pdftotext"
grep -q "$HOSTPORT/tocreds/x.xml" "$T/hand.txt" || fail "hand.pdf: no URL"
expect_exit 0 "$EITIREP" export "$T/hand.xml" --csv -o "$T/csv2"
leaks "$T/hand.txt" "$T"/csv2/*
pass

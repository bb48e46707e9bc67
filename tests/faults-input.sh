#!/bin/sh
# Inputs that cannot be read (RELIABILITY.md 6; SPEC 2 exit status): a
# missing file, an unreadable file, a directory where a file should be
# give exit 4 with the file named; a manifest whose source or
# adjustments file is the manifest itself is invalid input (exit 1); an
# endless device as a source is refused or read up to the size cap,
# never waited on forever.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

sample_inputs "$T/in"
mkdir "$T/adir" "$T/out"
ran=

# input_faults CMD [ARGS-AFTER-FILE...]: the missing / directory /
# unreadable cases for the file argument of `eitirep CMD FILE ...`.
input_faults()
{
	cmd=$1
	shift
	expect_exit 4 "$EITIREP" "$cmd" "$T/no-such-file.xml" "$@"
	stderr_names "$T/no-such-file.xml"
	expect_exit 4 "$EITIREP" "$cmd" "$T/in/manifest-2022.xml/x.xml" "$@"
	stderr_names "$T/in/manifest-2022.xml/x.xml"
	expect_exit 4 "$EITIREP" "$cmd" "$T/adir" "$@"
	stderr_names "$T/adir"
	unreadable "$cmd" "$@"
	no_temps "$T"
}

# unreadable CMD ARGS...: a file without read permission.  Root reads
# any file, so as root the command runs as nobody (setpriv) when that is
# possible, and the case is left out otherwise.
unreadable()
{
	cmd=$1
	shift
	cp "$T/in/manifest-2022.xml" "$T/secret.xml"
	chmod 000 "$T/secret.xml"
	if [ "$(id -u)" != 0 ]; then
		expect_exit 4 "$EITIREP" "$cmd" "$T/secret.xml" "$@"
	elif command -v setpriv >/dev/null 2>&1 &&
		[ "${EITI_UNDER_VALGRIND:-}" != 1 ] &&
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			test -x "$EITIREP" 2>/dev/null; then
		chmod 755 "$T"
		expect_exit 4 setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$EITIREP" "$cmd" "$T/secret.xml" "$@"
		chmod 700 "$T"
	else
		rm -f "$T/secret.xml"
		return 0
	fi
	stderr_names "$T/secret.xml"
	grep -qi 'permission denied' "$errf" ||
		fail "$cmd: unreadable file: the cause is not given"
	rm -f "$T/secret.xml"
}

if built validate; then
	input_faults validate
	ran="$ran validate"
fi

if built reconcile; then
	input_faults reconcile -o "$T/out"
	[ -z "$(ls -A "$T/out")" ] || fail "reconcile wrote outputs after a failure"

	# A source that is missing, a directory, the manifest itself.
	sed 's|href="company-carbones-2022.xml"|href="gone.xml"|' \
		"$M" >"$T/in/m-missing.xml"
	expect_exit 4 "$EITIREP" reconcile "$T/in/m-missing.xml" -o "$T/out"
	stderr_names gone.xml
	mkdir "$T/in/sub"
	sed 's|href="company-carbones-2022.xml"|href="sub"|' \
		"$M" >"$T/in/m-dir.xml"
	expect_exit 4 "$EITIREP" reconcile "$T/in/m-dir.xml" -o "$T/out"
	stderr_names sub
	sed 's|href="company-carbones-2022.xml"|href="m-self.xml"|' \
		"$M" >"$T/in/m-self.xml"
	expect_exit 1 "$EITIREP" reconcile "$T/in/m-self.xml" -o "$T/out"
	stderr_names m-self.xml
	sed 's|href="adjustments-2022.xml"|href="m-selfadj.xml"|' \
		"$M" >"$T/in/m-selfadj.xml"
	expect_exit 1 "$EITIREP" reconcile "$T/in/m-selfadj.xml" -o "$T/out"
	stderr_names m-selfadj.xml
	sed 's|href="company-carbones-2022.xml"|href="file:m-selfurl.xml"|' \
		"$M" >"$T/in/m-selfurl.xml"
	expect_exit 1 "$EITIREP" reconcile "$T/in/m-selfurl.xml" -o "$T/out"
	stderr_names m-selfurl.xml

	# An endless device as a source: bounded, whatever the outcome.
	sed 's|href="company-carbones-2022.xml"|href="/dev/zero"|' \
		"$M" >"$T/in/m-zero.xml"
	if command -v timeout >/dev/null 2>&1; then
		timeout 120 "$EITIREP" reconcile "$T/in/m-zero.xml" \
			-o "$T/out" >"$out" 2>"$errf"
		status=$?
		[ $status -ne 124 ] && [ $status -lt 128 ] ||
			fail "a /dev/zero source did not end (exit $status)"
		[ $status -eq 1 ] || [ $status -eq 4 ] ||
			fail "a /dev/zero source: exit $status, expected 1 or 4"
		stderr_names /dev/zero
	fi
	[ -z "$(ls -A "$T/out")" ] || fail "reconcile wrote outputs after a failure"
	ran="$ran reconcile"
fi

if built render; then
	input_faults render -o "$T/out/report.pdf"
	[ ! -e "$T/out/report.pdf" ] || fail "render wrote a report after a failure"
	ran="$ran render"
fi

if built export; then
	input_faults export --sdt -o "$T/out/sdt.xlsx"
	[ ! -e "$T/out/sdt.xlsx" ] || fail "export wrote a workbook after a failure"
	ran="$ran export"
fi

if built run; then
	input_faults run -o "$T/out" --cache "$T/cache"
	expect_exit 1 "$EITIREP" run "$T/in/m-self.xml" -o "$T/out" \
		--cache "$T/cache"
	[ -z "$(ls -A "$T/out")" ] || fail "run wrote outputs after a failure"
	ran="$ran run"
fi

[ -n "$ran" ] || skip "no command built yet"
echo "checked:$ran"
pass

#!/bin/sh
# Disk full for every output writer:
# reconcile's results, render's PDF, export's workbook and CSV files,
# run's three outputs.  A file-size limit (ulimit -f; SIGXFSZ is ignored, so writes
# fail with EFBIG like ENOSPC) must give exit 4 naming the output, leave
# the previous outputs byte-identical and no temporary file; an output
# that is a character device (a private copy of /dev/full) must not be
# replaced by a regular file; a directory where an output file goes (or
# a file where the output directory goes) is an output error too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/faults-lib.sh"

sample_inputs "$T/in"
OUT=$T/out
mkdir -p "$OUT"
ran=

# 512-byte blocks for dash, 1024 for bash: either is far below any of
# the outputs, so the first large write fails.
LIMIT=1

if built reconcile; then
	expect_exit 0 "$EITIREP" reconcile "$M" -o "$OUT"
	[ -s "$OUT/results.xml" ] && [ -s "$OUT/results.csv" ] ||
		fail "reconcile wrote no results"
	snapshot reconcile "$OUT/results.xml" "$OUT/results.csv"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" reconcile "$M" -o "$OUT"
	grep -q "$OUT/results\.\(xml\|csv\)" "$errf" ||
		fail "reconcile: the error does not name the output"
	grep -qi 'too large\|no space' "$errf" ||
		fail "reconcile: the error does not give the cause"
	unchanged reconcile "$OUT/results.xml" "$OUT/results.csv"
	no_temps "$OUT"

	# Into an empty directory: no half set of results either.
	mkdir "$T/fresh"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" reconcile "$M" \
		-o "$T/fresh"
	[ -z "$(ls -A "$T/fresh")" ] ||
		fail "reconcile: a failed run left $(ls -A "$T/fresh")"
	ran="$ran reconcile"
fi

if built render && [ -s "$OUT/results.xml" ]; then
	expect_exit 0 "$EITIREP" render "$OUT/results.xml" -o "$OUT/report.pdf"
	snapshot render "$OUT/report.pdf"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" render "$OUT/results.xml" \
		-o "$OUT/report.pdf"
	stderr_names "$OUT/report.pdf"
	unchanged render "$OUT/report.pdf"
	no_temps "$OUT"

	ran="$ran render"
fi

if built export && [ -s "$OUT/results.xml" ]; then
	expect_exit 0 "$EITIREP" export "$OUT/results.xml" --sdt \
		-o "$OUT/sdt.xlsx"
	snapshot export "$OUT/sdt.xlsx"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" export "$OUT/results.xml" \
		--sdt -o "$OUT/sdt.xlsx"
	stderr_names "$OUT/sdt.xlsx"
	unchanged export "$OUT/sdt.xlsx"
	no_temps "$OUT"

	# The open-data CSV files: both or neither.
	mkdir "$OUT/open"
	expect_exit 0 "$EITIREP" export "$OUT/results.xml" --csv \
		-o "$OUT/open"
	[ -s "$OUT/open/company.csv" ] && [ -s "$OUT/open/government.csv" ] ||
		fail "export --csv wrote no files"
	snapshot csv "$OUT/open/company.csv" "$OUT/open/government.csv"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" export "$OUT/results.xml" \
		--csv -o "$OUT/open"
	grep -q "$OUT/open/" "$errf" ||
		fail "export --csv: the error does not name the output"
	unchanged csv "$OUT/open/company.csv" "$OUT/open/government.csv"
	no_temps "$OUT"
	ran="$ran export"
fi

if built run; then
	RUN=$T/run
	mkdir -p "$RUN"
	expect_exit 0 "$EITIREP" run "$M" -o "$RUN" --cache "$T/cache"
	for f in report.pdf results.xml results.csv; do
		[ -s "$RUN/$f" ] || fail "run did not write $f"
	done
	snapshot run "$RUN/report.pdf" "$RUN/results.xml" "$RUN/results.csv"
	expect_exit 4 with_fsize $LIMIT "$EITIREP" run "$M" -o "$RUN" \
		--cache "$T/cache" --force
	grep -q "$RUN/" "$errf" || fail "run: the error does not name the output"
	unchanged run "$RUN/report.pdf" "$RUN/results.xml" "$RUN/results.csv"
	no_temps "$RUN" "$T/cache"
	ran="$ran run"
fi

# The wrong kind of file where an output goes: a directory for a file,
# a file for a directory, a directory in place of one of the results.
if built reconcile; then
	expect_exit 4 "$EITIREP" reconcile "$M" -o "$T/in/manifest-2022.xml"
	stderr_names "$T/in/manifest-2022.xml"
	mkdir -p "$T/odd/results.xml"
	expect_exit 4 "$EITIREP" reconcile "$M" -o "$T/odd"
	stderr_names "$T/odd/results.xml"
	[ ! -e "$T/odd/results.csv" ] ||
		fail "results.csv written although results.xml could not be"
	no_temps "$T/odd"
fi
if built render && [ -s "$OUT/results.xml" ]; then
	mkdir -p "$T/odd/report.pdf"
	expect_exit 4 "$EITIREP" render "$OUT/results.xml" -o "$T/odd/report.pdf"
	stderr_names "$T/odd/report.pdf"
	[ -d "$T/odd/report.pdf" ] || fail "render replaced a directory"
	expect_exit 4 "$EITIREP" render "$OUT/results.xml" \
		-o "$T/no-such-dir/report.pdf"
	stderr_names "$T/no-such-dir/report.pdf"
	no_temps "$T/odd"
fi

# A character device where an output goes (a private copy of /dev/full,
# as root would meet /dev/full or /dev/null): written to (ENOSPC, exit 4)
# or refused (exit 4), never replaced by a regular file through the
# temporary file's rename.  mknod needs privileges; without them this
# part is left out.
if mknod "$T/probe-dev" c 1 7 2>/dev/null; then
	rm -f "$T/probe-dev"
	DEV=$T/dev
	mkdir -p "$DEV/r" "$DEV/o" "$DEV/run"
	# still_device PATH: fail unless PATH is still a device node.
	still_device()
	{
		[ -c "$1" ] || fail "an output replaced the device node $1"
	}
	if built render && [ -s "$OUT/results.xml" ]; then
		mknod "$DEV/report.pdf" c 1 7
		expect_exit 4 "$EITIREP" render "$OUT/results.xml" \
			-o "$DEV/report.pdf"
		still_device "$DEV/report.pdf"
	fi
	if built export && [ -s "$OUT/results.xml" ]; then
		mknod "$DEV/sdt.xlsx" c 1 7
		expect_exit 4 "$EITIREP" export "$OUT/results.xml" --sdt \
			-o "$DEV/sdt.xlsx"
		still_device "$DEV/sdt.xlsx"
		mknod "$DEV/o/company.csv" c 1 7
		expect_exit 4 "$EITIREP" export "$OUT/results.xml" --csv \
			-o "$DEV/o"
		still_device "$DEV/o/company.csv"
		[ ! -e "$DEV/o/government.csv" ] ||
			fail "export --csv wrote half its output"
	fi
	if built reconcile; then
		mknod "$DEV/r/results.xml" c 1 7
		expect_exit 4 "$EITIREP" reconcile "$M" -o "$DEV/r"
		still_device "$DEV/r/results.xml"
		[ ! -e "$DEV/r/results.csv" ] ||
			fail "reconcile wrote half its output"
	fi
	if built run; then
		mknod "$DEV/run/report.pdf" c 1 7
		expect_exit 4 "$EITIREP" run "$M" -o "$DEV/run" \
			--cache "$T/cache"
		still_device "$DEV/run/report.pdf"
	fi
	no_temps "$DEV"
fi

[ -n "$ran" ] || skip "no output command built yet"
echo "checked:$ran"
pass

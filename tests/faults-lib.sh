# Helpers for the fault tests (tests/faults-*.sh), sourced after
# tests/lib.sh.  "Nothing lost" means: after a failed
# run every final path holds the same bytes as before, and no temporary
# file (".NAME.tmp.XXXXXX", core/afile.h) is left behind.

# need_command CMD: skip the test while `eitirep CMD` is a placeholder.
need_command()
{
	"$EITIREP" "$1" --help >/dev/null 2>"$T/.probe"
	if grep -q 'not built yet' "$T/.probe"; then
		skip "eitirep $1 not built yet"
	fi
}

# sample_inputs DIR: a copy of the sample manifest, its disclosures and
# adjustments (fixtures/valid) in DIR; sets M to the manifest.
sample_inputs()
{
	mkdir -p "$1" || fail "mkdir $1"
	cp "$top_srcdir"/fixtures/valid/*.xml "$1/" || fail "copy fixtures"
	chmod u+w "$1"/*.xml
	M=$1/manifest-2022.xml
}

# snapshot NAME FILE...: remember the bytes of FILEs (and which exist).
snapshot()
{
	name=$1
	shift
	for f in "$@"; do
		if [ -e "$f" ]; then
			cksum <"$f"
		else
			echo "absent $f"
		fi
	done >"$T/.snap-$name"
}

# unchanged NAME FILE...: fail unless FILEs are as snapshot NAME saw them.
unchanged()
{
	name=$1
	shift
	for f in "$@"; do
		if [ -e "$f" ]; then
			cksum <"$f"
		else
			echo "absent $f"
		fi
	done >"$T/.snap-now"
	cmp -s "$T/.snap-$name" "$T/.snap-now" ||
		fail "$name: previous outputs changed: $*"
}

# no_temps DIR...: fail if a temporary output file is left in DIRs.
no_temps()
{
	left=$(find "$@" -name '.*.tmp.*' 2>/dev/null)
	[ -z "$left" ] || fail "temporary files left behind: $left"
}

# with_fsize BLOCKS COMMAND...: run COMMAND with a file-size limit, as a
# full disk would stop it (eitirep ignores SIGXFSZ, so the write fails
# with EFBIG).  The limit is set in a child shell, after the test's own
# redirections are open.  Under `make check-valgrind` the limit would
# also stop valgrind's own log (and kill it with SIGXFSZ before eitirep
# starts), so there these runs use the plain binary.
with_fsize()
{
	blocks=$1
	shift
	if [ "${EITI_UNDER_VALGRIND:-}" = 1 ] && [ "$1" = "$EITIREP" ]; then
		shift
		set -- "$top_builddir/eitirep" "$@"
	fi
	sh -c 'ulimit -f "$0" && exec "$@"' "$blocks" "$@"
}

# stderr_names TEXT: fail unless the last command's stderr mentions TEXT.
stderr_names()
{
	grep -qF -- "$1" "$errf" || fail "stderr does not name $1"
}

# built CMD: true when `eitirep CMD` is more than a placeholder.
built()
{
	"$EITIREP" "$1" --help >/dev/null 2>"$T/.probe"
	! grep -q 'not built yet' "$T/.probe"
}

# Tests of the command line as a whole (golden behaviour of main and run).
TESTS += tests/cli-basics.sh
EXTRA_DIST += tests/lib.sh tests/cli-basics.sh

#!/bin/sh
# validate-golden.sh - `eitirep validate` on every file of fixtures/invalid
# must print exactly NAME.expected (exit status, stdout, stderr): one
# fixture per rule and case, messages and positions included.
. "$top_srcdir/tests/validate-lib.sh"

run_goldens "$top_srcdir/fixtures/invalid"
finish

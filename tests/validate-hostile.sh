#!/bin/sh
# validate-hostile.sh - the hostile corpus (fixtures/hostile, issue 7):
# XXE (file and network), parameter entities, external DTD, billion
# laughs, quadratic blowup, XInclude, deep nesting, huge attributes, text
# and names, invalid UTF-8, NUL bytes, binary, empty, truncated, UTF-16,
# wrong namespace, bad amounts, duplicate ids, undeclared parties.
#
# Each file must give exit status 1 and a located finding with the rule
# of fixtures/hostile/expected.txt; the content of the secret file the
# XXE cases point at must never appear in the output; a listener on
# 127.0.0.1 that the network cases point at must see no connection; peak
# memory (GNU time, when installed) must stay under 64 MiB.  Wall time is
# printed, not asserted.
. "$top_srcdir/tests/validate-lib.sh"

PYTHON3=${PYTHON3:-python3}
src="$top_srcdir/fixtures/hostile"
work="$tmp/hostile"
mkdir "$work" || exit 99

# The secret: random content, so a leak cannot be a coincidence.
secret_text="eitirep-secret-$$-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
echo "$secret_text" >"$tmp/secret.txt"

# A listener that counts connections; it stops when $tmp/stop appears,
# or after two minutes whatever happens.
"$PYTHON3" - "$tmp" <<'EOF' &
import os, select, socket, sys, time
d = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(os.path.join(d, "port.tmp"), "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
count, end = 0, time.time() + 120
while time.time() < end and not os.path.exists(os.path.join(d, "stop")):
    r, _, _ = select.select([s], [], [], 0.1)
    if r:
        c, _ = s.accept()
        c.close()
        count += 1
with open(os.path.join(d, "connections"), "w") as f:
    f.write(str(count))
EOF
listener=$!
i=0
while [ ! -f "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -f "$tmp/port" ] || { echo "listener did not start" >&2; exit 99; }
port=$(cat "$tmp/port")

for f in "$src"/*.xml; do
	sed -e "s|@SECRET@|$tmp/secret.txt|g" -e "s|@PORT@|$port|g" "$f" \
	    >"$work/$(basename "$f")"
done

# The big and binary cases are made here, not stored.
"$PYTHON3" - "$work" <<'EOF'
import os, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
head = ('<disclosure xmlns="urn:eitirep:disclosure:1" role="company" '
        'country="CO" period-start="2022-01-01" period-end="2022-12-31" '
        'reporter="NIT-900123456" currency="COP">\n')
# 170 KB that a tree-building parser turns into 2 GB.
w("quadratic-blowup.xml", '<?xml version="1.0"?>\n<!DOCTYPE disclosure '
  '[<!ENTITY a "' + "a" * 50000 + '">]>\n' + head +
  '<entity id="ANM" name="' + "&a;" * 40000 + '" level="national"/>\n'
  '</disclosure>\n')
w("deep-nesting.xml", head + "<a>" * 100000 + "</a>" * 100000 +
  "</disclosure>\n")
w("huge-attribute.xml", head + '<entity id="ANM" name="' +
  "A" * (10 * 1024 * 1024) + '" level="national"/>\n</disclosure>\n')
w("huge-text.xml", head + "x" * (11 * 1024 * 1024) + "\n</disclosure>\n")
w("long-name.xml", head + "<" + "n" * 60000 + "/>\n</disclosure>\n")
w("invalid-utf8.xml", head.encode() + b'<entity id="ANM" name="Miner\xeda'
  b'" level="national"/>\n</disclosure>\n')
w("nul-bytes.xml", head.encode() + b'<entity id="ANM" name="A\x00B" '
  b'level="national"/>\n</disclosure>\n')
w("binary.xml", bytes((i * 7919 + 13) % 256 for i in range(4096)))
w("empty.xml", b"")
w("utf16.xml", ('<?xml version="1.0" encoding="UTF-16"?>\n' + head +
                "</disclosure>\n").encode("utf-16"))
EOF

# Peak memory is checked with GNU time, except where an instrumented run
# makes it meaningless (valgrind, AddressSanitizer).
has_time=false
[ -x /usr/bin/time ] && has_time=true
check_mem=$has_time
[ -n "${EITI_UNDER_VALGRIND:-}" ] && check_mem=false
if command -v ldd >/dev/null 2>&1 &&
    ldd "$EITIREP" 2>/dev/null | grep -q 'libasan'; then
	check_mem=false
fi
grep -v '^#' "$src/expected.txt" >"$tmp/cases"
while read -r name rule; do
	[ -n "$name" ] || continue
	start=$(date +%s%N)
	if $has_time; then
		(cd "$work" && /usr/bin/time -f %M -o "$tmp/mem" \
		    "$EITIREP" validate "$name" >"$tmp/out" 2>"$tmp/err")
	else
		(cd "$work" && "$EITIREP" validate "$name" >"$tmp/out" \
		    2>"$tmp/err")
	fi
	status=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	mem=-
	$has_time && mem=$(tail -n 1 "$tmp/mem")
	printf '%-24s %-12s exit %s %6s ms %8s KiB\n' "$name" "$rule" \
	    "$status" "$ms" "$mem"
	if [ "$status" -ne 1 ]; then
		fail "$name: exit status $status, expected 1"
		cat "$tmp/err" >&2
	fi
	if ! grep -Eq "^$name:[1-9][0-9]*:[0-9]+: error: .*\\[$rule\\]\$" \
	    "$tmp/err"; then
		fail "$name: no located $rule error"
		head -n 5 "$tmp/err" >&2
	fi
	if grep -qF "$secret_text" "$tmp/out" "$tmp/err"; then
		fail "$name: the secret file was read"
	fi
	if $check_mem && [ "$mem" -ge 65536 ]; then
		fail "$name: peak memory $mem KiB (limit 64 MiB)"
	fi
done <"$tmp/cases"

touch "$tmp/stop"
wait "$listener"
connections=$(cat "$tmp/connections" 2>/dev/null || echo unknown)
echo "listener on 127.0.0.1:$port saw $connections connection(s)"
[ "$connections" = 0 ] || fail "the network cases connected ($connections)"
finish

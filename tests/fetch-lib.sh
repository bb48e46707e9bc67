# Helpers for the fetch tests, sourced after tests/lib.sh.  Servers listen
# on 127.0.0.1 only, on free ports, and stop by themselves (a deadline in
# the fault server, `timeout` around nginx) as well as when the test exits.

PY=${PYTHON3:-python3}
SERVER_PIDS=
trap 'for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# Keep retries fast in tests (documented in eitirep fetch --help).
EITIREP_RETRY_BASE_MS=${EITIREP_RETRY_BASE_MS:-20}
EITIREP_RETRY_MAX_MS=${EITIREP_RETRY_MAX_MS:-2500}
export EITIREP_RETRY_BASE_MS EITIREP_RETRY_MAX_MS

command -v "$PY" >/dev/null 2>&1 || skip "python3 not found"

# random_port: a port number in 20000-32767 (below Linux's ephemeral
# range); whoever binds it retries on a collision.
random_port()
{
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + n % 12768))
}

# start_faultserver: start tests/servers/faultserver.py; sets FS (base
# URL), FS_LOG (one line per request), FS_MODE (write "good" or "fault"
# into it) and CLOSED_PORT (nobody listens there).
start_faultserver()
{
	FS_LOG=$T/fs.log
	FS_MODE=$T/fs.mode
	: >"$FS_LOG"
	echo fault >"$FS_MODE"
	"$PY" "$top_srcdir/tests/servers/faultserver.py" --deadline 60 \
		--modefile "$FS_MODE" "$T/fs.port" "$FS_LOG" \
		2>"$T/fs.stderr" &
	SERVER_PIDS="$SERVER_PIDS $!"
	i=0
	while [ ! -s "$T/fs.port" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "fault server did not start"
		sleep 0.05
	done
	FS=http://127.0.0.1:$(sed -n 1p "$T/fs.port")
	CLOSED_PORT=$(sed -n 2p "$T/fs.port")
}

# make_ca DIR: a throwaway CA and a certificate for 127.0.0.1 (IP
# subjectAltName) signed by it: DIR/ca.crt, DIR/server.crt, DIR/server.key.
make_ca()
{
	command -v openssl >/dev/null 2>&1 || skip "openssl not found"
	mkdir -p "$1"
	(
		cd "$1" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout ca.key -out ca.crt -days 2 \
			-subj "/CN=eitirep test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout server.key -out server.csr \
			-subj "/CN=127.0.0.1" &&
		printf '%s\n' "subjectAltName=IP:127.0.0.1" \
			"basicConstraints=CA:FALSE" \
			"keyUsage=digitalSignature" \
			"extendedKeyUsage=serverAuth" >ext.cnf &&
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key \
			-CAcreateserial -days 2 -extfile ext.cnf \
			-out server.crt
	) >"$T/openssl.log" 2>&1 || fail "openssl could not make a test CA"
}

# start_nginx DOCROOT [CERTDIR]: serve DOCROOT over http (NGX) and, with
# CERTDIR from make_ca, over https (NGXS).  NGX_LOG is the access log:
# "STATUS BODY_BYTES URI inm=IF-NONE-MATCH ims=IF-MODIFIED-SINCE" per
# request.  $NGINX_EXTRA (optional) is added to the http server block,
# $NGINX_TLS_EXTRA to the https one; @HTTP_PORT@ in either is the http
# server's port.
start_nginx()
{
	NGINX=${NGINX:-/usr/sbin/nginx}
	[ -x "$NGINX" ] || NGINX=$(command -v nginx) || skip "nginx not found"
	command -v timeout >/dev/null 2>&1 || skip "timeout(1) not found"
	np=$T/nginx
	mkdir -p "$np/tmp" "$np/conf"
	NGX_LOG=$np/access.log
	tries=0
	while :; do
		tries=$((tries + 1))
		port=$(random_port)
		tlsport=$((port + 1))
		extra=$(printf '%s' "${NGINX_EXTRA:-}" | sed "s/@HTTP_PORT@/$port/g")
		tls=
		if [ $# -ge 2 ]; then
			tls="server {
		listen 127.0.0.1:$tlsport ssl;
		ssl_certificate $2/server.crt;
		ssl_certificate_key $2/server.key;
		root $1;
		$(printf '%s' "${NGINX_TLS_EXTRA:-}" | sed "s/@HTTP_PORT@/$port/g")
	}"
		fi
		cat >"$np/conf/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $np/nginx.pid;
error_log $np/error.log warn;
events { worker_connections 512; }
http {
	types { application/xml xml; text/html html; text/plain txt; }
	default_type application/octet-stream;
	log_format t escape=none '\$status \$body_bytes_sent \$request_uri inm=\$http_if_none_match ims=\$http_if_modified_since';
	access_log $NGX_LOG t;
	client_body_temp_path $np/tmp/body;
	proxy_temp_path $np/tmp/proxy;
	fastcgi_temp_path $np/tmp/fastcgi;
	uwsgi_temp_path $np/tmp/uwsgi;
	scgi_temp_path $np/tmp/scgi;
	keepalive_requests 10000;
	server {
		listen 127.0.0.1:$port;
		root $1;
		$extra
	}
	$tls
}
EOF
		: >"$np/error.log"
		rm -f "$np/nginx.pid"
		timeout 90 "$NGINX" -p "$np" -e "$np/error.log" \
			-c "$np/conf/nginx.conf" 2>>"$np/error.log" &
		npid=$!
		# The pid file is written once the sockets listen; an nginx
		# that could not bind its ports exits.
		i=0
		while [ ! -s "$np/nginx.pid" ] && kill -0 "$npid" 2>/dev/null &&
			[ $i -lt 200 ]; do
			i=$((i + 1))
			sleep 0.025
		done
		if [ -s "$np/nginx.pid" ] && kill -0 "$npid" 2>/dev/null; then
			SERVER_PIDS="$SERVER_PIDS $npid"
			break
		fi
		kill "$npid" 2>/dev/null
		# Lost a race for a port: try others.
		[ $tries -lt 5 ] || {
			cat "$np/error.log" >&2
			fail "nginx did not start"
		}
	done
	NGX=http://127.0.0.1:$port
	NGXS=https://127.0.0.1:$tlsport
}

# disclosure_doc NAME: print a small well-formed disclosure whose entity is
# called NAME (fetch keeps only bodies that are disclosures).
disclosure_doc()
{
	printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
		'<disclosure xmlns="urn:eitirep:disclosure:1" role="government" country="CO" period-start="2022-01-01" period-end="2022-12-31" reporter="ANM" currency="COP">' \
		"  <entity id=\"ANM\" name=\"$1\" level=\"national\"/>" \
		'</disclosure>'
}

# company_doc: print a small company disclosure with one payment to the
# ANM (the company side of a reconciliation against disclosure_doc).
company_doc()
{
	printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
		'<disclosure xmlns="urn:eitirep:disclosure:1" role="company" country="CO" period-start="2022-01-01" period-end="2022-12-31" reporter="NIT-900000001" currency="COP">' \
		'  <entity id="ANM" name="Agencia Nacional de Mineria" level="national"/>' \
		'  <company id="NIT-900000001" name="Carbones de Prueba S.A.S." sector="mining" commodity="coal"/>' \
		'  <payment id="P1" company="NIT-900000001" entity="ANM" stream="1415E1" amount="100.00"/>' \
		'</disclosure>'
}

# make_manifest FILE HREF[=PIN]...: a manifest listing these sources.
make_manifest()
{
	mf=$1
	shift
	{
		cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<reconciliation xmlns="urn:eitirep:manifest:1"
                country="CO" period-start="2022-01-01" period-end="2022-12-31"
                currency="COP" lang="es" level="stream">
  <title>fetch test</title>
EOF
		role=company
		for s in "$@"; do
			case $s in
			*=*) printf '  <source role="%s" href="%s" sha256="%s"/>\n' \
				"$role" "${s%%=*}" "${s#*=}" ;;
			*) printf '  <source role="%s" href="%s"/>\n' "$role" "$s" ;;
			esac
			role=government
		done
		echo '</reconciliation>'
	} >"$mf"
}

# cache_paths URL: set BODY and META to the cache files of URL in $CACHE.
cache_paths()
{
	key=$(printf '%s' "$1" | sha256sum | cut -c1-64)
	sub=$(printf '%s' "$key" | cut -c1-2)
	BODY=$CACHE/objects/$sub/$key.body
	META=$CACHE/objects/$sub/$key.meta
}

# meta_field URL KEY: print one field of the provenance record of URL.
meta_field()
{
	cache_paths "$1"
	sed -n "s/^$2: //p" "$META"
}

# no_temp_files DIR: fail if a temporary file is left anywhere in DIR.
no_temp_files()
{
	left=$(find "$1" -name '.*.tmp.*' -print)
	[ -z "$left" ] || fail "temporary files left: $left"
}

# snapshot_cache / cache_kept: every file of $CACHE at snapshot time is
# still there, byte-identical (new entries may have been added).
snapshot_cache()
{
	rm -rf "$T/snap"
	cp -a "$CACHE" "$T/snap"
}
cache_kept()
{
	diff -rq "$T/snap" "$CACHE" >"$T/diff"
	if grep -v "^Only in $CACHE" "$T/diff" >"$T/diff2"; then
		fail "previous good copies changed: $(cat "$T/diff2")"
	fi
}

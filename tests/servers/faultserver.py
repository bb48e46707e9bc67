#!/usr/bin/env python3
"""A scripted HTTP server that misbehaves on purpose, for the fetch tests.

Python 3 standard library only.  Listens on 127.0.0.1, on a free port
chosen by the kernel, writes that port to PORTFILE (atomically; a second
line gives a port that nobody listens on), logs one
line per request to LOGFILE ("PATH STATUS" plus the validators the client
sent), and exits by itself after --deadline seconds, whatever happens.

With --modefile FILE, while FILE contains "good" every path below serves
the /good document with 200 (no fault, no counting): a test fills the
cache with good copies first, then switches to "fault".

Paths (anything else is 404):
  /good/NAME          200, a small XML document (the same bytes for NAME)
  /alt/NAME           200, another XML document (a "changed" source)
  /flaky503/NAME      503 with Retry-After: 1 (seconds) the first time, then
                      the /good document
  /flaky429/NAME      429 with Retry-After: 1 the first time, then /good
  /flakydate/NAME     503 with Retry-After as an HTTP date 2 s ahead the
                      first time, then /good
  /flakyreset/NAME    the first time: headers and half the body, then a TCP
                      reset; then /good
  /retry-later/NAME   503 with Retry-After: 3600, always
  /always500/NAME     500 with an error page body, always
  /notfound/NAME      404 with a body, always
  /truncated/NAME     Content-Length 1000, 500 bytes sent, then close
  /endless/NAME       200, chunked, an endless XML-looking body
  /big/NAME           200, Content-Length 10 MiB (body only sent if asked)
  /stall/NAME         accepts, reads the request, then sends nothing
  /drip/NAME          200 headers, then one byte every 2 s
  /loop/N             302 to /loop/N+1, forever
  /tofile/NAME        302 to file:///etc/hostname
  /toftp/NAME         302 to ftp://127.0.0.1/x.xml
  /html/NAME          200 text/html maintenance page
  /htmlsniff/NAME     200 application/xml, but the body is an HTML page
  /empty/NAME         200 with an empty body
  /etag/NAME          200 with ETag "v1"; 304 when If-None-Match is "v1"
  /304always/NAME     304, even to an unconditional request

Bodies that are not the document (a 200 that must never replace a good
cached copy), and compressed ones:
  /gzip/NAME          the /good document gzip-compressed when the request
                      accepts gzip (Content-Encoding: gzip), else plain
  /gzipalways/NAME    the /good document gzip-compressed, whatever the
                      request accepts
  /gzipbomb/NAME      gzip: 64 KiB on the wire, 16 MiB decoded
  /gzipraw/NAME       the /good document gzip-compressed, without a
                      Content-Encoding header
  /badencoding/NAME   Content-Encoding: x-unknown
  /json/NAME          200 application/json, an error object
  /plaintext/NAME     200 text/plain "Service Unavailable"
  /xhtml/NAME         200 application/xml, an XHTML maintenance page
  /otherxml/NAME      200 application/xml, a well-formed document whose
                      root is not a disclosure
  /shortlength/NAME   200, Content-Length half of the /good document, the
                      whole document sent
  /invalid/NAME       200, a well-formed disclosure the schema refuses
  /alternate/NAME     the /good and the /alt document in turn
Credentials (user "ana", password "s3cret"):
  /auth/NAME          401 unless the request has Basic credentials
                      ana:s3cret, then the /good document
  /tocreds/NAME       302 to http://ana:s3cret@HOST:PORT/auth/NAME
  /tobadcreds/NAME    302 to http://ana:wrong-s3cret@HOST:PORT/auth/NAME
"""

import argparse
import base64
import email.utils
import gzip
import io
import http.server
import os
import socket
import socketserver
import struct
import sys
import threading
import time

GOOD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<disclosure xmlns="urn:eitirep:disclosure:1" role="government" '
    'country="CO" period-start="2022-01-01" period-end="2022-12-31" '
    'reporter="ANM" currency="COP">\n'
    '  <entity id="ANM" name="Agencia Nacional de Mineria" '
    'level="national"/>\n'
    "</disclosure>\n"
)
ALT = GOOD.replace("Agencia Nacional de Mineria", "ANM (revised)")
XHTML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Maintenance'
    "</title></head><body><p>Back soon</p></body></html>\n"
)
OTHERXML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<error xmlns="urn:example:portal"><code>503</code></error>\n'
)
INVALID = GOOD.replace('currency="COP"', 'currency="pesos"')
CREDS = base64.b64encode(b"ana:s3cret").decode("ascii")
HTML = (
    "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>"
    "<body><h1>Down for maintenance</h1></body></html>\n"
)

counts = {}
counts_lock = threading.Lock()
log_lock = threading.Lock()
args = None


def gzipped(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as z:
        z.write(data)
    return buf.getvalue()


BOMB = gzipped(b"<disclosure>" + b" " * (16 * 1024 * 1024) + b"</disclosure>")


def hit(path):
    """Number of earlier requests for path (0 the first time)."""
    with counts_lock:
        n = counts.get(path, 0)
        counts[path] = n + 1
        return n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faultserver/1"

    def log_message(self, fmt, *a):  # quiet on stderr
        pass

    def record(self, status):
        inm = self.headers.get("If-None-Match", "-")
        ims = self.headers.get("If-Modified-Since", "-")
        with log_lock, open(args.log, "a", encoding="utf-8") as f:
            f.write("%s %s inm=%s ims=%s\n" % (self.path, status, inm,
                                               ims.replace(" ", "_")))

    def send_body(self, status, body, ctype="application/xml",
                  extra=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def flaky(self, first):
        if hit(self.path) == 0:
            first()
        else:
            self.send_body(200, GOOD)

    def good_mode(self):
        if not args.modefile:
            return False
        try:
            with open(args.modefile, encoding="ascii") as f:
                return f.read().strip() == "good"
        except OSError:
            return False

    def do_GET(self):
        parts = self.path.split("/")
        kind = parts[1] if len(parts) > 2 else ""
        if self.good_mode():
            self.send_body(200, GOOD)
        elif kind == "good":
            self.send_body(200, GOOD)
        elif kind == "alt":
            self.send_body(200, ALT)
        elif kind == "flaky503":
            self.flaky(lambda: self.send_body(
                503, "busy\n", "text/plain", {"Retry-After": "1"}))
        elif kind == "flaky429":
            self.flaky(lambda: self.send_body(
                429, "slow down\n", "text/plain", {"Retry-After": "1"}))
        elif kind == "flakydate":
            # 2 s ahead of a clock read 50 ms early: curl subtracts
            # time(2), a coarse clock that can lag this one by a few ms
            # across a second boundary, which made the wait 3 s, over
            # the tests' 2.5 s retry ceiling.
            when = email.utils.formatdate(time.time() - 0.05 + 2,
                                          usegmt=True)
            self.flaky(lambda: self.send_body(
                503, "busy\n", "text/plain", {"Retry-After": when}))
        elif kind == "flakyreset":
            self.flaky(self.reset_midway)
        elif kind == "retry-later":
            self.send_body(503, "come back tomorrow\n", "text/plain",
                           {"Retry-After": "3600"})
        elif kind == "always500":
            self.send_body(500, "<html><body>Internal error</body></html>",
                           "text/html")
        elif kind == "notfound":
            self.send_body(404, "no such file\n", "text/plain")
        elif kind == "truncated":
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"<" + b"x" * 499)
            self.wfile.flush()
            self.close_connection = True
        elif kind == "endless":
            self.endless()
        elif kind == "big":
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(10 * 1024 * 1024))
            self.end_headers()
            # A client that honours the cap hangs up before the body.
            try:
                for _ in range(10 * 1024):
                    self.wfile.write(b"x" * 1024)
            except OSError:
                pass
            self.close_connection = True
        elif kind == "stall":
            self.record("stall")
            self.sleep_until_gone(None)
        elif kind == "drip":
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.sleep_until_gone(b"<")
        elif kind == "loop":
            n = int(parts[2]) if parts[2].isdigit() else 0
            self.redirect("/loop/%d" % (n + 1))
        elif kind == "tofile":
            self.redirect("file:///etc/hostname")
        elif kind == "toftp":
            self.redirect("ftp://127.0.0.1/x.xml")
        elif kind == "html":
            self.send_body(200, HTML, "text/html; charset=utf-8")
        elif kind == "htmlsniff":
            self.send_body(200, "\n  " + HTML, "application/xml")
        elif kind == "empty":
            self.send_body(200, b"")
        elif kind == "etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.record(304)
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
            else:
                self.send_body(200, GOOD, extra={"ETag": '"v1"'})
        elif kind in BODY_FAULTS:
            BODY_FAULTS[kind](self)
        elif kind == "304always":
            self.record(304)
            self.send_response(304)
            self.end_headers()
        else:
            self.send_body(404, "unknown path\n", "text/plain")

    def gzip_body(self, always):
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (always or accepts):
            self.send_body(200, GOOD)
            return
        self.send_body(200, gzipped(GOOD.encode()),
                       extra={"Content-Encoding": "gzip"})

    def short_length(self):
        data = GOOD.encode()
        self.record(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data) // 2))
        # The rest must not be read as the next response on this
        # connection.
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True

    def auth(self):
        if self.headers.get("Authorization") == "Basic " + CREDS:
            self.send_body(200, GOOD)
        else:
            self.send_body(401, "who are you?\n", "text/plain",
                           {"WWW-Authenticate": 'Basic realm="eiti"'})

    def to_creds(self, password):
        host, port = self.server.server_address[:2]
        name = self.path.split("/", 2)[2]
        self.redirect("http://ana:%s@%s:%d/auth/%s" % (password, host, port,
                                                        name))

    def alternate(self):
        self.send_body(200, GOOD if hit(self.path) % 2 == 0 else ALT)

    def redirect(self, location):
        self.record(302)
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def reset_midway(self):
        data = GOOD.encode()
        self.record("reset")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        # SO_LINGER 0: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True

    def endless(self):
        self.record(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<x>" + b"y" * 8185 + b"</x>"
        frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        try:
            self.wfile.write(b"6\r\n<big>\n\r\n")
            while True:
                self.wfile.write(frame)
        except OSError:
            pass
        self.close_connection = True

    def sleep_until_gone(self, drip):
        """Hold the connection without progress until the client hangs
        up or the deadline ends the process."""
        self.connection.settimeout(2)
        try:
            while True:
                if drip is not None:
                    self.wfile.write(drip)
                    self.wfile.flush()
                try:
                    if self.connection.recv(1) == b"":
                        break
                except socket.timeout:
                    continue
        except OSError:
            pass
        self.close_connection = True


BODY_FAULTS = {
    "gzip": lambda h: h.gzip_body(False),
    "gzipalways": lambda h: h.gzip_body(True),
    "gzipbomb": lambda h: h.send_body(200, BOMB, extra={
        "Content-Encoding": "gzip"}),
    "gzipraw": lambda h: h.send_body(200, gzipped(GOOD.encode())),
    "badencoding": lambda h: h.send_body(200, GOOD, extra={
        "Content-Encoding": "x-unknown"}),
    "json": lambda h: h.send_body(
        200, '{"error": "service unavailable", "code": 503}\n',
        "application/json"),
    "plaintext": lambda h: h.send_body(200, "Service Unavailable\n",
                                       "text/plain"),
    "xhtml": lambda h: h.send_body(200, XHTML),
    "otherxml": lambda h: h.send_body(200, OTHERXML),
    "shortlength": lambda h: h.short_length(),
    "invalid": lambda h: h.send_body(200, INVALID),
    "alternate": lambda h: h.alternate(),
    "auth": lambda h: h.auth(),
    "tocreds": lambda h: h.to_creds("s3cret"),
    "tobadcreds": lambda h: h.to_creds("wrong-s3cret"),
}


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global args
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("portfile")
    p.add_argument("logfile")
    p.add_argument("--deadline", type=float, default=60.0,
                   help="exit after this many seconds (default 60)")
    p.add_argument("--modefile", help='"good" in it: no faults')
    args = p.parse_args()
    args.log = args.logfile
    srv = Server(("127.0.0.1", 0), Handler)
    # The process ends by itself even if the test forgets it.
    t = threading.Timer(args.deadline, lambda: os._exit(0))
    t.daemon = True
    t.start()
    # Second line: a port nobody listens on (for "connection refused").
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    closed = probe.getsockname()[1]
    probe.close()
    tmp = args.portfile + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n%d\n" % (srv.server_address[1], closed))
    os.rename(tmp, args.portfile)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

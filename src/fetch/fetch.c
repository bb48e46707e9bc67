/*
 * fetch.c - download the sources of a manifest into the cache (eitirep(1),
 * fetch).  The only file that includes
 * <curl/curl.h>.
 *
 * One CURLM drives up to opts->jobs transfers, at most two per host:port
 * (scheduled here and enforced again with CURLMOPT_MAX_HOST_CONNECTIONS,
 * so a queued transfer never sits inside libcurl with its timers
 * running).  Each transfer:
 *
 *  - is restricted to http and https, for the first request and every
 *    redirect (at most 5); TLS peer and host verification are never
 *    turned off; --cacert sets CAINFO (Debian's libcurl keeps CAPATH
 *    /etc/ssl/certs, so the system CAs stay trusted as well);
 *  - has a connect timeout and a stall limit (LOW_SPEED_LIMIT bytes per
 *    second over LOW_SPEED_TIME = --timeout seconds);
 *  - sends If-None-Match / If-Modified-Since from the previous good
 *    record, but only when the cached body is present and whole (and
 *    matches the pin, if any): a 304 then keeps the cached body as it is
 *    (outcome "unchanged"); a 304 without a usable copy is answered by one
 *    unconditional request;
 *  - asks for gzip and deflate (ACCEPT_ENCODING ""), which libcurl
 *    decodes: a server that compresses whether asked or not gives the
 *    document, never compressed bytes; an encoding libcurl cannot decode
 *    is refused (curl error 61, FETCH-BODY);
 *  - counts the decoded body bytes in the write callback and aborts at
 *    --max-size, so a compression bomb stops at the cap: libcurl 7.88's
 *    MAXFILESIZE does not stop chunked bodies and counts no decoded
 *    bytes (it is still set, to fail early on a large Content-Length);
 *  - from an https URL, follows redirects to https only: a redirect to
 *    http is refused (FETCH-REDIRECT), and nothing of it is recorded;
 *  - takes credentials from ~/.netrc (or $NETRC), never from the URL;
 *  - streams a 200 body into a temporary file beside its final place
 *    (afile.h) while hashing it; the body replaces the cached copy only
 *    when the transfer completed with as many bytes as Content-Length
 *    announced, the body is not empty, the pin (if any) matches and the
 *    caller's check_body says it is what the source must be (a
 *    well-formed disclosure, ...: eitirep(1), fetch); then body and record are
 *    renamed into place together (eiti_cache_commit()).  Non-2xx bodies
 *    are read and dropped, never stored.
 *
 * Retries (bounded attempts, exponential backoff with jitter, Retry-After
 * honoured up to a ceiling) cover connection errors, timeouts, truncated
 * or reset transfers (18, 56, 52, 55), DNS failures and HTTP 408, 429 and
 * 5xx.  Never retried: other 4xx, TLS and certificate errors, disallowed
 * protocols, redirect loops, the size cap, bodies that are not the
 * document, pin mismatches and local write errors.
 *
 * A failure leaves the previous good body and record untouched: the run
 * reports the source as failed (exit 3), and `reconcile --cache` may still
 * use the last good copy, whose record says when it was retrieved.
 *
 * Runs against one cache directory are serialised with an flock on the
 * directory itself; under that lock, temporary files left by a killed run
 * are removed before a source is fetched.
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/afile.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "core/url.h"
#include "fetch/fetch.h"

#define DEFAULT_MAX_SIZE (512LL * 1024 * 1024)
#define DEFAULT_TIMEOUT 60L
#define DEFAULT_JOBS 4
#define PER_HOST 2
#define MAX_REDIRS 5L
/* Below this many bytes per second for --timeout seconds is a stall. */
#define STALL_BYTES_PER_SEC 100L
#define SNIFF_BYTES 512

enum xstate { X_PENDING, X_RUNNING, X_WAITING, X_DONE };

struct xfer {
	struct eiti_fetch_item *item;
	enum xstate state;
	char *host; /* scheduling key "host:port" */
	char *body_path, *meta_path;
	struct eiti_provenance old; /* previous good record */
	bool have_old;		    /* old record with a whole body beside it */
	bool unconditional;	    /* send no validators */
	int attempt;		    /* attempts started */
	long long ready_at;	    /* X_WAITING: monotonic ms */
	const struct eiti_fetch_opts *o;

	/* One attempt. */
	CURL *easy;
	struct curl_slist *hdrs;
	struct eiti_afile *af;
	struct eiti_sha256 sha;
	long long received; /* bytes of the 200 body */
	long long dropped;  /* bytes of non-2xx bodies, read and dropped */
	bool conditional;
	bool capped;
	struct eiti_err werr; /* local write failure */
	unsigned char head[SNIFF_BYTES];
	size_t nhead;
	char errbuf[CURL_ERROR_SIZE];
};

struct fetch {
	const struct eiti_fetch_opts *o;
	CURLM *multi;
	struct xfer *x;
	size_t n;
	size_t running, done;
	unsigned long long rng;
	long long bytes_done; /* bytes of finished transfers */
	long long last_progress;
};

static void logf_(const struct eiti_fetch_opts *o, int level, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
logf_(const struct eiti_fetch_opts *o, int level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (o->log == NULL || level > o->verbosity)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->log(o->ctx, level, eiti_url_redact(buf));
}

static long
env_long(const char *name, long dflt, long lo, long hi)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return dflt;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return dflt;
	return v;
}

void
eiti_fetch_opts_init(struct eiti_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_size = DEFAULT_MAX_SIZE;
	o->timeout = DEFAULT_TIMEOUT;
	o->jobs = DEFAULT_JOBS;
	o->retry_attempts = (int)env_long("EITIREP_RETRY_ATTEMPTS", 4, 1, 20);
	o->retry_base_ms =
	    env_long("EITIREP_RETRY_BASE_MS", 1000, 0, 3600L * 1000);
	o->retry_max_ms =
	    env_long("EITIREP_RETRY_MAX_MS", 60000, 0, 24L * 3600 * 1000);
	o->netrc = getenv("NETRC");
	if (o->netrc != NULL && o->netrc[0] == '\0')
		o->netrc = NULL;
}

int
eiti_fetch_global_init(struct eiti_err *err)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (rc != CURLE_OK)
		return eiti_err_set(err, EITI_ERR_IO,
		    "fetch: cannot initialise libcurl: %s",
		    curl_easy_strerror(rc));
	return 0;
}

void
eiti_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

/* --- small helpers ---------------------------------------------------- */

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* When the bytes were retrieved: a fact recorded in the provenance, so
 * the real time even with SOURCE_DATE_EPOCH set (core/clock.h is the time
 * of the outputs; the cache is an input). */
static char *
iso_now(void)
{
	time_t t = time(NULL);
	struct tm tm;
	char buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return eiti_xstrdup(buf);
}

static unsigned long long
rng_next(struct fetch *f)
{
	/* xorshift64*: jitter only needs to de-synchronise clients. */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 2685821657736338717ULL;
}

/* "host:port" of an http(s) URL, lower case; "" when it does not parse
 * (libcurl then reports the error). */
static char *
host_key(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *key;
	size_t i;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
		CURLUE_OK) {
		key = eiti_xstrdup("");
		goto out;
	}
	key = eiti_xasprintf("%s:%s", host, port);
	for (i = 0; key[i] != '\0'; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] - 'A' + 'a');
out:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return key;
}

static bool
is_https(const char *url)
{
	return strncasecmp(url, "https:", 6) == 0;
}

/* --- preparing and finishing items ------------------------------------ */

static void item_vfail(struct xfer *x, enum eiti_err_kind code,
    enum eiti_rule rule, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void item_fail(struct xfer *x, enum eiti_rule rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void item_io(struct xfer *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record a final failure: the previous good copy (if any) stays, and its
 * record is reported with outcome "failed". */
static void
item_vfail(struct xfer *x, enum eiti_err_kind code, enum eiti_rule rule,
    const char *fmt, va_list ap)
{
	struct eiti_fetch_item *it = x->item;

	vsnprintf(it->msg, sizeof(it->msg), fmt, ap);
	eiti_url_redact(it->msg);
	it->ok = false;
	it->code = code;
	it->rule = rule;
	eiti_provenance_free(&it->prov);
	if (x->have_old) {
		eiti_provenance_copy(&it->prov, &x->old);
	} else {
		it->prov.url = eiti_xstrdup(it->href);
		it->prov.final_url = eiti_xstrdup(it->href);
	}
	free(it->prov.outcome);
	it->prov.outcome = eiti_xstrdup("failed");
	x->state = X_DONE;
}

/* The source cannot be had (rule says why): exit 3. */
static void
item_fail(struct xfer *x, enum eiti_rule rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	item_vfail(x, EITI_ERR_FETCH, rule, fmt, ap);
	va_end(ap);
}

/* The cache or the system failed, not the source: exit 4. */
static void
item_io(struct xfer *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	item_vfail(x, EITI_ERR_IO, EITI_RULE_FETCH_LOCAL, fmt, ap);
	va_end(ap);
}

static void
resolve_local_item(struct xfer *x, const char *manifest_dir)
{
	struct eiti_fetch_item *it = x->item;
	struct eiti_source_problem why;
	struct eiti_err e = EITI_ERR_INIT;
	int rc;

	/* Both messages name the path or URL already. */
	rc = eiti_source_resolve(
	    &it->prov, it->href, manifest_dir, NULL, it->pin_sha256, &why, &e);
	if (rc > 0) {
		item_fail(x, why.rule, "%s", why.msg);
		return;
	}
	if (rc < 0) {
		/* An unreadable local source is a source that cannot be had,
		 * like an unreachable server. */
		item_fail(x, EITI_RULE_FETCH_LOCAL, "%s", e.msg);
		return;
	}
	it->ok = true;
	x->state = X_DONE;
}

/* Read the previous record and decide whether it may be revalidated:
 * its body must be present with the recorded size (a missing or short
 * body is fetched unconditionally) and match the pin. */
static void
load_old(struct xfer *x)
{
	struct eiti_err e = EITI_ERR_INIT;
	struct stat st;

	if (eiti_cache_meta_read(x->meta_path, &x->old, &e) != 0)
		return;
	if (strcmp(x->old.url, x->item->href) != 0 ||
	    stat(x->body_path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != x->old.bytes) {
		eiti_provenance_free(&x->old);
		return;
	}
	x->have_old = true;
	if (x->item->pin_sha256 != NULL &&
	    strcasecmp(x->item->pin_sha256, x->old.sha256) != 0)
		x->unconditional = true;
}

static int
prepare_remote(struct xfer *x, const char *cache_dir, struct eiti_err *err)
{
	char *dir;
	int rc;

	eiti_cache_paths(
	    cache_dir, x->item->href, &x->body_path, &x->meta_path);
	dir = eiti_path_dirname(x->body_path);
	rc = eiti_path_mkdirs(dir, err);
	free(dir);
	if (rc != 0)
		return -1;
	/* what a killed run left of this entry (we hold the cache lock) */
	eiti_afile_sweep(x->body_path, NULL, NULL);
	eiti_afile_sweep(x->meta_path, NULL, NULL);
	x->host = host_key(x->item->href);
	return 0;
}

/* --- libcurl callbacks ----------------------------------------------- */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct xfer *x = userdata;
	size_t n = size * nmemb;
	long code = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200 && code != 203) {
		/* An error or redirect body: read (so the connection can be
		 * reused) and dropped, but bounded like any body. */
		x->dropped += (long long)n;
		if (x->dropped > x->o->max_size) {
			x->capped = true;
			return 0;
		}
		return n;
	}
	if ((long long)n > x->o->max_size - x->received) {
		x->capped = true;
		return 0;
	}
	if (x->af == NULL &&
	    eiti_afile_open(&x->af, x->body_path, &x->werr) != 0)
		return 0;
	if (eiti_afile_write(x->af, data, n, &x->werr) != 0)
		return 0;
	eiti_sha256_update(&x->sha, data, n);
	if (x->nhead < SNIFF_BYTES) {
		size_t k =
		    SNIFF_BYTES - x->nhead < n ? SNIFF_BYTES - x->nhead : n;

		memcpy(x->head + x->nhead, data, k);
		x->nhead += k;
	}
	x->received += (long long)n;
	return n;
}

/* --- one attempt ----------------------------------------------------- */

static void
attempt_cleanup(struct fetch *f, struct xfer *x)
{
	if (x->easy != NULL) {
		curl_multi_remove_handle(f->multi, x->easy);
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	eiti_afile_abort(x->af);
	x->af = NULL;
	eiti_sha256_dispose(&x->sha);
}

static int
start(struct fetch *f, struct xfer *x)
{
	const struct eiti_fetch_opts *o = f->o;
	CURL *h;

	/* Read the previous record when the first attempt starts, not
	 * before: a URL listed twice then revalidates what its first
	 * listing just fetched. */
	if (x->attempt == 0 && !x->have_old && x->old.url == NULL)
		load_old(x);
	x->attempt++;
	x->received = 0;
	x->dropped = 0;
	x->capped = false;
	x->nhead = 0;
	x->errbuf[0] = '\0';
	memset(&x->werr, 0, sizeof(x->werr));
	eiti_sha256_dispose(&x->sha); /* what an earlier attempt left */
	eiti_sha256_init(&x->sha);
	x->conditional = false;

	h = curl_easy_init();
	if (h == NULL) {
		item_io(x, "%s: cannot create a transfer", x->item->href);
		return -1;
	}
	x->easy = h;
	curl_easy_setopt(h, CURLOPT_URL, x->item->href);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Never from https down to http. */
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
	    is_https(x->item->href) ? "https" : "http,https");
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (o->netrc != NULL)
		curl_easy_setopt(h, CURLOPT_NETRC_FILE, o->netrc);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, MAX_REDIRS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->timeout);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, STALL_BYTES_PER_SEC);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o->timeout);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (o->cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	curl_easy_setopt(
	    h, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	x->hdrs = curl_slist_append(
	    NULL, "Accept: application/xml, text/xml;q=0.9, */*;q=0.1");
	if (x->have_old && !x->unconditional) {
		/* RFC 9110 13.2.2: a server that knows ETags uses
		 * If-None-Match and ignores If-Modified-Since. */
		if (x->old.etag != NULL) {
			char *hv =
			    eiti_xasprintf("If-None-Match: %s", x->old.etag);

			x->hdrs = curl_slist_append(x->hdrs, hv);
			free(hv);
			x->conditional = true;
		}
		if (x->old.last_modified != NULL) {
			time_t t = curl_getdate(x->old.last_modified, NULL);

			if (t > 0) {
				curl_easy_setopt(h, CURLOPT_TIMECONDITION,
				    (long)CURL_TIMECOND_IFMODSINCE);
				curl_easy_setopt(
				    h, CURLOPT_TIMEVALUE_LARGE, (curl_off_t)t);
				x->conditional = true;
			}
		}
	}
	if (x->hdrs == NULL) {
		item_io(x, "%s: out of memory", x->item->href);
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	if (curl_multi_add_handle(f->multi, h) != CURLM_OK) {
		item_io(x, "%s: cannot start the transfer", x->item->href);
		return -1;
	}
	x->state = X_RUNNING;
	f->running++;
	logf_(o, 1, "GET %s%s (attempt %d)", x->item->href,
	    x->conditional ? " (conditional)" : "", x->attempt);
	return 0;
}

static bool
curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* The rule of a failed transfer, by libcurl's error. */
static enum eiti_rule
curl_rule(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return EITI_RULE_FETCH_TIMEOUT;
	case CURLE_TOO_MANY_REDIRECTS:
	case CURLE_UNSUPPORTED_PROTOCOL: /* only a redirect can lead there */
		return EITI_RULE_FETCH_REDIRECT;
	case CURLE_FILESIZE_EXCEEDED:
		return EITI_RULE_FETCH_SIZE;
	case CURLE_BAD_CONTENT_ENCODING: /* an encoding libcurl cannot decode */
		return EITI_RULE_FETCH_BODY;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return EITI_RULE_FETCH_TLS;
	default:
		/* host not found, refused, reset, cut short, ... */
		return EITI_RULE_FETCH_CONNECT;
	}
}

/* Did an https transfer end on a redirect to http (refused by
 * REDIR_PROTOCOLS)?  libcurl leaves the URL it refused as the effective
 * one, or as the redirect URL. */
static bool
downgraded(struct xfer *x, const char *eff)
{
	char *next = NULL;

	if (!is_https(x->item->href))
		return false;
	if (eff != NULL && strncasecmp(eff, "http:", 5) == 0)
		return true;
	return curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &next) ==
		   CURLE_OK &&
	       next != NULL && strncasecmp(next, "http:", 5) == 0;
}

static bool
http_retryable(long code)
{
	return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

/* Case-insensitive prefix test on possibly non-terminated bytes. */
static bool
starts_ci(const unsigned char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && strncasecmp((const char *)p, lit, k) == 0;
}

/* Without the caller's check_body: an HTML page (a portal's maintenance
 * or login page served with 200) is not a disclosure.  Detected by
 * Content-Type text/html or xhtml, or by a body that opens with
 * <!DOCTYPE html or <html. */
static bool
looks_like_html(struct xfer *x)
{
	const unsigned char *p = x->head;
	size_t n = x->nhead;
	char *ct = NULL;

	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
	if (ct != NULL && (strncasecmp(ct, "text/html", 9) == 0 ||
			      strncasecmp(ct, "application/xhtml", 17) == 0))
		return true;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		n -= 3;
	}
	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	return starts_ci(p, n, "<!doctype html") || starts_ci(p, n, "<html");
}

static char *
response_header(CURL *h, const char *name)
{
	struct curl_header *hd = NULL;

	/* -1: the last request, after any redirects. */
	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK ||
	    hd == NULL || hd->value == NULL || hd->value[0] == '\0')
		return NULL;
	return eiti_xstrdup(hd->value);
}

/*
 * May the complete body (its SHA-256 hex) replace the cached copy: not
 * empty, as long as announced, matching the pin, and what the source must
 * be?  0 when it may; otherwise the item has failed (FETCH-BODY,
 * FETCH-PIN, or an I/O error) and -1 is returned.  The body's file is closed
 * (flushed and synced) for the check.
 */
static int
check_body(struct xfer *x, long code, const char *hex)
{
	struct eiti_fetch_item *it = x->item;
	struct eiti_err e = EITI_ERR_INIT;
	curl_off_t announced = -1, raw = 0;
	char why[400];
	int rc;

	if (x->received == 0) {
		item_fail(x, EITI_RULE_FETCH_BODY,
		    "%s: HTTP %ld with an empty body", it->href, code);
		return -1;
	}
	/* libcurl fails a body shorter than its Content-Length (18) and
	 * reads no further than it; this is the same check, made here. */
	if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
		&announced) == CURLE_OK &&
	    announced >= 0 &&
	    curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &raw) ==
		CURLE_OK &&
	    raw != announced) {
		item_fail(x, EITI_RULE_FETCH_BODY,
		    "%s: the body has %lld bytes, Content-Length announced "
		    "%lld",
		    it->href, (long long)raw, (long long)announced);
		return -1;
	}
	if (it->pin_sha256 != NULL && strcasecmp(it->pin_sha256, hex) != 0) {
		item_fail(x, EITI_RULE_FETCH_PIN,
		    "%s: sha256 mismatch: the manifest pins %s, the server "
		    "sent %s",
		    it->href, it->pin_sha256, hex);
		return -1;
	}
	if (x->o->check_body == NULL) {
		if (!looks_like_html(x))
			return 0;
		item_fail(x, EITI_RULE_FETCH_BODY,
		    "%s: the server sent an HTML page (HTTP %ld), not an XML "
		    "document",
		    it->href, code);
		return -1;
	}
	if (eiti_afile_close(x->af, &e) != 0) {
		item_io(x, "%s: %s", it->href, e.msg);
		return -1;
	}
	why[0] = '\0';
	rc = x->o->check_body(
	    x->o->ctx, it, eiti_afile_tmppath(x->af), why, sizeof(why), &e);
	if (rc < 0)
		item_io(x, "%s: %s", it->href, e.msg);
	else if (rc > 0)
		item_fail(x, EITI_RULE_FETCH_BODY, "%s: HTTP %ld, but %s",
		    it->href, code,
		    why[0] != '\0' ? why : "the body is refused");
	return rc == 0 ? 0 : -1;
}

static void
finish_ok(struct fetch *f, struct xfer *x, long code, const char *eff)
{
	struct eiti_fetch_item *it = x->item;
	struct eiti_provenance p = {0};
	struct eiti_err e = EITI_ERR_INIT;
	char hex[65];

	eiti_sha256_final_hex(&x->sha, hex);
	if (check_body(x, code, hex) != 0)
		return;
	p.url = eiti_xstrdup(it->href);
	p.final_url = eiti_url_redacted(eff != NULL ? eff : it->href);
	p.http_status = code;
	p.etag = response_header(x->easy, "ETag");
	p.last_modified = response_header(x->easy, "Last-Modified");
	p.bytes = x->received;
	memcpy(p.sha256, hex, sizeof(hex));
	p.retrieved = iso_now();
	p.outcome = eiti_xstrdup("fetched");
	/* Body and record together (cache.h). */
	if (eiti_cache_commit(x->af, x->meta_path, &p, &e) != 0) {
		x->af = NULL;
		item_io(x, "%s: %s", it->href, e.msg);
		goto out;
	}
	x->af = NULL;
	eiti_provenance_free(&it->prov);
	it->prov = p;
	memset(&p, 0, sizeof(p));
	it->ok = true;
	x->state = X_DONE;
out:
	eiti_provenance_free(&p);
	(void)f;
}

/* 304: the cached body is still current.  Check that it really is the
 * body its record describes before saying so. */
static int
finish_unchanged(struct xfer *x, const char *eff)
{
	struct eiti_fetch_item *it = x->item;
	struct eiti_provenance p = {0};
	struct eiti_err e = EITI_ERR_INIT;
	char hex[65];
	long long size;
	char *v;

	if (eiti_sha256_file(x->body_path, hex, &size, &e) != 0 ||
	    strcmp(hex, x->old.sha256) != 0 || size != x->old.bytes)
		return -1; /* refetch unconditionally */
	eiti_provenance_copy(&p, &x->old);
	free(p.final_url);
	p.final_url = eiti_url_redacted(eff != NULL ? eff : it->href);
	/* A 304 may carry updated validators (RFC 9110 15.4.5). */
	if ((v = response_header(x->easy, "ETag")) != NULL) {
		free(p.etag);
		p.etag = v;
	}
	if ((v = response_header(x->easy, "Last-Modified")) != NULL) {
		free(p.last_modified);
		p.last_modified = v;
	}
	free(p.outcome);
	p.outcome = eiti_xstrdup("unchanged");
	free(p.checked);
	p.checked = iso_now();
	if (eiti_cache_commit(NULL, x->meta_path, &p, &e) != 0) {
		eiti_provenance_free(&p);
		item_io(x, "%s: %s", it->href, e.msg);
		return 0;
	}
	eiti_provenance_free(&it->prov);
	it->prov = p;
	it->ok = true;
	x->state = X_DONE;
	return 0;
}

/* Schedule another attempt, or give up. */
static void
retry_or_fail(struct fetch *f, struct xfer *x, long long retry_after_s,
    enum eiti_rule rule, const char *reason)
{
	const struct eiti_fetch_opts *o = f->o;
	long long delay, lo;
	int shift;

	if (x->attempt >= o->retry_attempts) {
		item_fail(x, rule, "%s: %s (gave up after %d attempts)",
		    x->item->href, reason, x->attempt);
		return;
	}
	if (retry_after_s > 0 &&
	    retry_after_s * 1000 > (long long)o->retry_max_ms) {
		item_fail(x, rule,
		    "%s: %s; the server asks to retry after %lld s, beyond "
		    "the retry ceiling of %ld ms (EITIREP_RETRY_MAX_MS)",
		    x->item->href, reason, retry_after_s, o->retry_max_ms);
		return;
	}
	/* Exponential backoff with "equal jitter": a random delay in
	 * [d/2, d], d = base * 2^(attempt-1), capped at the ceiling. */
	shift = x->attempt - 1 < 30 ? x->attempt - 1 : 30;
	delay = (long long)o->retry_base_ms << shift;
	if (delay > o->retry_max_ms)
		delay = o->retry_max_ms;
	lo = delay / 2;
	if (delay > lo)
		delay = lo + (long long)(rng_next(f) %
					 (unsigned long long)(delay - lo + 1));
	if (retry_after_s * 1000 > delay)
		delay = retry_after_s * 1000;
	logf_(o, 1, "%s: %s; retrying in %lld ms%s (attempt %d of %d)",
	    x->item->href, reason, delay,
	    retry_after_s > 0 ? " (Retry-After)" : "", x->attempt + 1,
	    o->retry_attempts);
	x->state = X_WAITING;
	x->ready_at = now_ms() + delay;
}

static void
finish(struct fetch *f, struct xfer *x, CURLcode rc)
{
	struct eiti_fetch_item *it = x->item;
	long code = 0;
	char *eff = NULL;
	curl_off_t ra = 0;
	char reason[CURL_ERROR_SIZE + 64];

	f->running--;
	f->bytes_done += x->received;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK)
		ra = 0;

	if (rc != CURLE_OK) {
		if (x->capped || rc == CURLE_FILESIZE_EXCEEDED)
			item_fail(x, EITI_RULE_FETCH_SIZE,
			    "%s: the body exceeds the size limit of %lld bytes "
			    "(--max-size)",
			    it->href, f->o->max_size);
		else if (rc == CURLE_WRITE_ERROR && x->werr.kind != 0)
			item_io(x, "%s: %s", it->href, x->werr.msg);
		else if (rc == CURLE_UNSUPPORTED_PROTOCOL && downgraded(x, eff))
			item_fail(x, EITI_RULE_FETCH_REDIRECT,
			    "%s: the server redirects to an http URL: a "
			    "redirect from https to http is refused",
			    it->href);
		else {
			snprintf(reason, sizeof(reason), "%s (curl error %d)",
			    x->errbuf[0] != '\0' ? x->errbuf
						 : curl_easy_strerror(rc),
			    (int)rc);
			if (curl_retryable(rc))
				retry_or_fail(f, x, 0, curl_rule(rc), reason);
			else
				item_fail(x, curl_rule(rc), "%s: %s", it->href,
				    reason);
		}
	} else if (code == 200 || code == 203) {
		finish_ok(f, x, code, eff);
	} else if (code == 304) {
		if (x->conditional && finish_unchanged(x, eff) == 0) {
			/* done */
		} else if (!x->unconditional) {
			/* 304 and no usable copy: ask again without
			 * validators; this is not a failed attempt. */
			logf_(f->o, 1,
			    "%s: HTTP 304 without a usable cached copy; "
			    "fetching again unconditionally",
			    it->href);
			x->unconditional = true;
			x->attempt--;
			x->state = X_WAITING;
			x->ready_at = now_ms();
		} else {
			item_fail(x, EITI_RULE_FETCH_HTTP,
			    "%s: HTTP 304 to an unconditional request",
			    it->href);
		}
	} else if (http_retryable(code)) {
		snprintf(reason, sizeof(reason), "HTTP %ld", code);
		retry_or_fail(
		    f, x, (long long)ra, EITI_RULE_FETCH_HTTP, reason);
	} else if (code >= 300 && code <= 399) {
		item_fail(x, EITI_RULE_FETCH_REDIRECT,
		    "%s: HTTP %ld redirect not followed (no usable Location)",
		    it->href, code);
	} else {
		item_fail(
		    x, EITI_RULE_FETCH_HTTP, "%s: HTTP %ld", it->href, code);
	}
	attempt_cleanup(f, x);
	if (x->state == X_DONE)
		f->done++;
}

/* --- the event loop -------------------------------------------------- */

static size_t
host_running(const struct fetch *f, const char *host)
{
	size_t i, k = 0;

	for (i = 0; i < f->n; i++)
		if (f->x[i].state == X_RUNNING &&
		    strcmp(f->x[i].host, host) == 0)
			k++;
	return k;
}

static bool
href_running(const struct fetch *f, const char *href)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->x[i].state == X_RUNNING &&
		    strcmp(f->x[i].item->href, href) == 0)
			return true;
	return false;
}

/* Start what may start: free job slots, at most PER_HOST per host, and
 * one transfer per URL at a time (a URL listed twice is fetched, then
 * revalidated).  Returns the time in ms until the next waiting transfer
 * is due (-1: none waiting). */
static long long
schedule(struct fetch *f)
{
	long long now = now_ms(), next = -1;
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct xfer *x = &f->x[i];

		if (x->state == X_WAITING && x->ready_at > now) {
			long long d = x->ready_at - now;

			if (next < 0 || d < next)
				next = d;
			continue;
		}
		if (x->state != X_PENDING && x->state != X_WAITING)
			continue;
		if (f->running >= (size_t)f->o->jobs)
			continue;
		if (host_running(f, x->host) >= PER_HOST ||
		    href_running(f, x->item->href))
			continue;
		if (start(f, x) != 0) {
			attempt_cleanup(f, x);
			f->done++;
		}
	}
	return next;
}

static void
report_progress(struct fetch *f, bool force)
{
	long long now, bytes;
	size_t i;

	if (f->o->on_progress == NULL)
		return;
	now = now_ms();
	if (!force && now - f->last_progress < 200)
		return;
	f->last_progress = now;
	bytes = f->bytes_done;
	for (i = 0; i < f->n; i++)
		if (f->x[i].state == X_RUNNING)
			bytes += f->x[i].received;
	f->o->on_progress(f->o->ctx, f->done, f->n, bytes);
}

static int
run_loop(struct fetch *f, struct eiti_err *err)
{
	while (f->done < f->n) {
		long long next = schedule(f);
		int still = 0, timeout, finished;
		CURLMsg *m;
		CURLMcode mc;

		mc = curl_multi_perform(f->multi, &still);
		if (mc != CURLM_OK)
			return eiti_err_set(err, EITI_ERR_IO, "fetch: %s",
			    curl_multi_strerror(mc));
		finished = 0;
		while ((m = curl_multi_info_read(f->multi, &still)) != NULL) {
			struct xfer *x = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(
			    m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(f, x, m->data.result);
			finished++;
		}
		if (f->done >= f->n)
			break;
		report_progress(f, finished > 0);
		if (finished > 0)
			continue; /* a slot is free: start the next one now */
		timeout = 1000;
		if (next >= 0 && next < timeout)
			timeout = (int)next;
		if (f->running == 0 && next < 0)
			timeout = 0; /* something can start right away */
		mc = curl_multi_poll(f->multi, NULL, 0, timeout, NULL);
		if (mc != CURLM_OK)
			return eiti_err_set(err, EITI_ERR_IO, "fetch: %s",
			    curl_multi_strerror(mc));
	}
	return 0;
}

/* One fetch per cache at a time: the lock is the cache directory's own
 * (core/afile.h), so nothing is added to the cache for it. */
static int
lock_cache(int *fd_out, const char *cache_dir, struct eiti_err *err)
{
	int rc = eiti_afile_lock_dir(fd_out, cache_dir, err);

	if (rc > 0)
		return eiti_err_set(err, EITI_ERR_IO,
		    "fetch: cache %s is in use by another eitirep fetch",
		    cache_dir);
	return rc;
}

int
eiti_fetch_all(struct eiti_fetch_item *items, size_t n,
    const char *manifest_dir, const struct eiti_fetch_opts *o,
    struct eiti_err *err)
{
	struct fetch f;
	char *dflt = NULL;
	const char *cache_dir = o->cache_dir;
	int lockfd = -1, rc = -1;
	size_t i, failed = 0;
	bool any_remote = false;

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.n = n;
	f.x = eiti_xcalloc(n, sizeof(*f.x));
	f.rng = (unsigned long long)now_ms() * 0x9e3779b97f4a7c15ULL ^
		(unsigned long long)getpid();
	if (f.rng == 0)
		f.rng = 1;
	if (o->max_size <= 0 || o->timeout <= 0 || o->jobs <= 0 ||
	    o->retry_attempts <= 0) {
		eiti_err_set(err, EITI_ERR_CONFIG,
		    "fetch: size, timeout, jobs and attempts must be positive");
		goto out;
	}
	for (i = 0; i < n; i++) {
		f.x[i].item = &items[i];
		f.x[i].o = o;
		items[i].ok = false;
		items[i].msg[0] = '\0';
		items[i].code = 0;
		memset(&items[i].prov, 0, sizeof(items[i].prov));
		if (eiti_href_is_remote(items[i].href))
			any_remote = true;
	}
	if (any_remote) {
		if (cache_dir == NULL)
			cache_dir = dflt = eiti_cache_default_dir();
		if (eiti_path_mkdirs(cache_dir, err) != 0 ||
		    lock_cache(&lockfd, cache_dir, err) != 0)
			goto out;
		f.multi = curl_multi_init();
		if (f.multi == NULL) {
			eiti_err_set(err, EITI_ERR_IO,
			    "fetch: cannot initialise libcurl");
			goto out;
		}
		curl_multi_setopt(
		    f.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)PER_HOST);
		curl_multi_setopt(
		    f.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->jobs);
	}
	for (i = 0; i < n; i++) {
		struct xfer *x = &f.x[i];

		if (!eiti_href_is_remote(x->item->href)) {
			resolve_local_item(x, manifest_dir);
			f.done++;
		} else if (prepare_remote(x, cache_dir, err) != 0) {
			goto out;
		}
	}
	report_progress(&f, true);
	if (any_remote && run_loop(&f, err) != 0)
		goto out;
	for (i = 0; i < n; i++)
		if (!items[i].ok)
			failed++;
	rc = (int)failed;
out:
	for (i = 0; i < n; i++) {
		struct xfer *x = &f.x[i];

		if (x->easy != NULL)
			attempt_cleanup(&f, x);
		eiti_sha256_dispose(&x->sha);
		eiti_provenance_free(&x->old);
		free(x->host);
		free(x->body_path);
		free(x->meta_path);
	}
	if (f.multi != NULL)
		curl_multi_cleanup(f.multi);
	eiti_afile_unlock_dir(lockfd);
	free(f.x);
	free(dflt);
	return rc;
}

/*
 * parallel.c - the XML sources of a manifest validated in parallel,
 * their results fed to the engines in manifest order.
 *
 * Each worker thread takes the next XML source (in manifest order), opens
 * it (cache/cache.h), and validates it with its own parser and schema
 * validation context over the one compiled schema (validate.h: libxml2 is
 * initialised once by the main thread, the compiled schemas are shared
 * read-only, every error handler is per context).  What its validator
 * hands over, and every finding it makes, is written as a record into the
 * source's queue of chunks, in the order it happened; the steps of the
 * reading (open, read to the end, digest checked) are records too.  The
 * main thread replays the queue of each source in manifest order: the
 * findings are copied into the run's list, and the items handed to the
 * engines' sink, exactly as a reading of one source after the other
 * would have done (the sink sees the same list of findings at every
 * item).  Results, findings and their order thus never depend on the
 * number of threads or on their timing.
 *
 * Memory: the queues hold at most about PL_BUDGET bytes of records
 * (about 130 bytes a payment, put_payment()) for the sources the main
 * thread has not reached, plus PL_HEAD_BUDGET for the one it is
 * replaying; a worker ahead of them waits.  A worker's findings are
 * queued too, never kept.
 */
#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/arena.h"
#include "pipeline/internal.h"

/* Chunks of 2 MiB, on huge pages where the kernel gives them (far fewer
 * page faults for the first pass over the queues). */
#define PL_CHUNK_BYTES (2u * 1024u * 1024u)
#define PL_BUDGET (48u * 1024u * 1024u)
#define PL_HEAD_BUDGET (8u * 1024u * 1024u)
#define PL_MAX_JOBS 64

enum rec_kind {
	REC_FINDING,
	REC_OPENED,
	REC_HDR, /* the header the items after it are read under */
	REC_HEADER,
	REC_ENTITY,
	REC_COMPANY,
	REC_TOTAL,
	REC_PAYMENT,
	REC_TRANSFER,
	REC_ENTITLEMENT,
	REC_VALIDATED,
	REC_END,
};

/* A record: this head, then the item's struct (its string pointers
 * replaced by offsets from the record's start, plus one; 0 for NULL),
 * then the strings.  size is a multiple of 8. */
struct rec {
	uint32_t size;
	uint32_t kind;
};

#define REC_BODY ((sizeof(struct rec) + 7) & ~(size_t)7)

struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(8) unsigned char data[];
};

#define PL_CHUNK (PL_CHUNK_BYTES - sizeof(struct chunk))

static struct chunk *
chunk_new(size_t cap)
{
	void *m = NULL;

	if (cap == PL_CHUNK &&
	    posix_memalign(&m, PL_CHUNK_BYTES, PL_CHUNK_BYTES) == 0) {
#ifdef MADV_HUGEPAGE
		(void)madvise(m, PL_CHUNK_BYTES, MADV_HUGEPAGE);
#endif
	} else {
		m = eiti_xmalloc(sizeof(struct chunk) + cap);
	}
	return m;
}

/* The string fields of each kind of record's struct. */
#define S(T, f) offsetof(T, f)
static const size_t f_hdr[] = {S(struct eiti_disclosure_hdr, file),
    S(struct eiti_disclosure_hdr, country),
    S(struct eiti_disclosure_hdr, period_start),
    S(struct eiti_disclosure_hdr, period_end),
    S(struct eiti_disclosure_hdr, reporter),
    S(struct eiti_disclosure_hdr, currency), 0};
static const size_t f_entity[] = {S(struct eiti_entity_decl, id),
    S(struct eiti_entity_decl, name), S(struct eiti_entity_decl, level),
    S(struct eiti_entity_decl, region), 0};
static const size_t f_company[] = {S(struct eiti_company_decl, id),
    S(struct eiti_company_decl, name), S(struct eiti_company_decl, sector),
    S(struct eiti_company_decl, commodity), 0};
static const size_t f_total[] = {S(struct eiti_total_decl, stream),
    S(struct eiti_total_decl, entity), S(struct eiti_total_decl, currency), 0};
static const size_t f_transfer[] = {S(struct eiti_transfer, id),
    S(struct eiti_transfer, from), S(struct eiti_transfer, to),
    S(struct eiti_transfer, stream), S(struct eiti_transfer, currency),
    S(struct eiti_transfer, amount_text), S(struct eiti_transfer, date),
    S(struct eiti_transfer, basis), S(struct eiti_transfer, note), 0};
static const size_t f_entitlement[] = {S(struct eiti_entitlement, from),
    S(struct eiti_entitlement, to), S(struct eiti_entitlement, stream),
    S(struct eiti_entitlement, currency),
    S(struct eiti_entitlement, amount_text), S(struct eiti_entitlement, basis),
    S(struct eiti_entitlement, note), 0};
static const size_t f_diag[] = {S(struct eiti_diag, file),
    S(struct eiti_diag, msg), S(struct eiti_diag, where), 0};
#undef S

/* Each list above ends with a 0.  A field at offset 0 can only be a
 * list's first entry, so the list ends at the first 0 after it. */
#define FIELDS_FOR(f, i) ((i) == 0 || (f)[i] != 0)

static const struct {
	const size_t *fields;
	size_t size;
} kinds[] = {
    [REC_FINDING] = {f_diag, sizeof(struct eiti_diag)},
    [REC_OPENED] = {NULL, 0},
    [REC_HDR] = {f_hdr, sizeof(struct eiti_disclosure_hdr)},
    [REC_HEADER] = {NULL, 0},
    [REC_ENTITY] = {f_entity, sizeof(struct eiti_entity_decl)},
    [REC_COMPANY] = {f_company, sizeof(struct eiti_company_decl)},
    [REC_TOTAL] = {f_total, sizeof(struct eiti_total_decl)},
    [REC_PAYMENT] = {NULL, 0}, /* put_payment(): compact */
    [REC_TRANSFER] = {f_transfer, sizeof(struct eiti_transfer)},
    [REC_ENTITLEMENT] = {f_entitlement, sizeof(struct eiti_entitlement)},
    [REC_VALIDATED] = {NULL, 0},
    [REC_END] = {NULL, 0},
};

struct task {
	struct pl_pool *pool;
	size_t idx;
	bool xml;	   /* an XML source: read by a worker */
	struct reading rd; /* the worker's until REC_END */
	/* rd's provenance when it was opened, for the main thread while the
	 * worker completes rd's (its digest and size, once read) */
	struct eiti_provenance opened;
	struct eiti_diags wd; /* the worker's findings, queued as made */
	/* the worker's chunk being filled, and its last header */
	struct chunk *fill;
	struct eiti_disclosure_hdr last;
	bool have_last;
	/* filled chunks, under the pool's lock */
	struct chunk *first, *tail;
	size_t queued; /* bytes */
	/* the outcome, set before REC_END is queued */
	int open_rc, read_rc, check_rc;
	size_t unavailable;
	struct eiti_err err;
	/* the main thread's side */
	struct chunk *cur;
	size_t pos;
	struct eiti_arena *hdr_arena;
	struct eiti_disclosure_hdr hdr;
};

struct pl_pool {
	pthread_mutex_t mu;
	pthread_cond_t more; /* a chunk queued (the main thread waits) */
	pthread_cond_t room; /* room in the queues (workers wait) */
	const struct eiti_manifest *m;
	const char *cache_dir;
	struct task *tasks;
	size_t ntasks, next, head;
	size_t queued;	     /* bytes in every queue */
	struct chunk *spare; /* replayed chunks of PL_CHUNK bytes, reused */
	size_t nspare;
	bool cancel;
	pthread_t *threads;
	unsigned nthreads;
};

unsigned
pl_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > PL_MAX_JOBS ? PL_MAX_JOBS : (unsigned)n;
}

/* ------------------------------------------------------------------ */
/* The worker's side: records written                                  */
/* ------------------------------------------------------------------ */

/* Queue t's chunk being filled, when it has anything; waits while the
 * queues are full.  false when the pool is cancelled. */
static bool
flush_chunk(struct task *t)
{
	struct pl_pool *p = t->pool;
	struct chunk *c = t->fill;
	bool ok;

	if (c == NULL || c->used == 0)
		return true; /* a cancel is seen at the next chunk */
	t->fill = NULL;
	pthread_mutex_lock(&p->mu);
	while (!p->cancel && p->queued >= PL_BUDGET &&
	       (t->idx != p->head || t->queued >= PL_HEAD_BUDGET))
		pthread_cond_wait(&p->room, &p->mu);
	ok = !p->cancel;
	if (ok) {
		c->next = NULL;
		if (t->tail != NULL)
			t->tail->next = c;
		else
			t->first = c;
		t->tail = c;
		t->queued += c->cap;
		p->queued += c->cap;
		pthread_cond_broadcast(&p->more);
	}
	pthread_mutex_unlock(&p->mu);
	if (!ok)
		free(c);
	return ok;
}

/* A chunk of PL_CHUNK bytes replayed already, or NULL. */
static struct chunk *
spare_chunk(struct pl_pool *p)
{
	struct chunk *c;

	pthread_mutex_lock(&p->mu);
	c = p->spare;
	if (c != NULL) {
		p->spare = c->next;
		p->nspare--;
	}
	pthread_mutex_unlock(&p->mu);
	return c;
}

/* Room for need bytes in t's chunk being filled (a new chunk when it is
 * full); NULL when the pool is cancelled. */
static unsigned char *
room(struct task *t, size_t need)
{
	struct chunk *c = t->fill;

	if (c != NULL && c->cap - c->used < need) {
		if (!flush_chunk(t))
			return NULL;
		c = NULL;
	}
	if (c == NULL) {
		size_t cap = need > PL_CHUNK ? need : PL_CHUNK;

		c = cap == PL_CHUNK ? spare_chunk(t->pool) : NULL;
		if (c == NULL)
			c = chunk_new(cap);
		c->next = NULL;
		c->used = 0;
		c->cap = cap;
		t->fill = c;
	}
	return c->data + c->used;
}

/* Write a record of kind with the struct item (may be NULL for kinds
 * without one).  false when the pool is cancelled. */
static bool
put(struct task *t, enum rec_kind kind, const void *item)
{
	const size_t *f = kinds[kind].fields;
	size_t len[16], need = REC_BODY + ((kinds[kind].size + 7) & ~(size_t)7);
	size_t i, off;
	unsigned char *b;
	struct rec *h;

	for (i = 0; f != NULL && FIELDS_FOR(f, i); i++) {
		const char *s =
		    *(const char *const *)((const char *)item + f[i]);

		len[i] = s != NULL ? strlen(s) + 1 : 0;
		need += len[i];
	}
	need = (need + 7) & ~(size_t)7;
	b = room(t, need);
	if (b == NULL)
		return false;
	h = (struct rec *)b;
	h->size = (uint32_t)need;
	h->kind = (uint32_t)kind;
	if (kinds[kind].size > 0)
		memcpy(b + REC_BODY, item, kinds[kind].size);
	off = REC_BODY + ((kinds[kind].size + 7) & ~(size_t)7);
	for (i = 0; f != NULL && FIELDS_FOR(f, i); i++) {
		const char **slot = (const char **)(b + REC_BODY + f[i]);
		const char *s = *slot;

		if (s == NULL)
			continue;
		memcpy(b + off, s, len[i]);
		*slot = (const char *)(uintptr_t)(off + 1);
		off += len[i];
	}
	t->fill->used += need;
	return true;
}

/* A payment, the bulk of a disclosure, is written compact: its numbers,
 * then each string as its length plus one (one byte, or 0xff and four
 * bytes; 0 for NULL) and its bytes with their NUL. */
struct pay_fixed {
	int64_t amount;
	uint64_t line;
	uint32_t col;
	int32_t digits;
	uint8_t in_kind;
};

#define PAY_FIXED ((sizeof(struct pay_fixed) + 7) & ~(size_t)7)

static bool
put_payment(struct task *t, const struct eiti_payment *p)
{
	const char *v[] = {p->id, p->company, p->entity, p->stream, p->currency,
	    p->amount_text, p->date, p->project, p->note, p->volume, p->unit};
	size_t len[sizeof(v) / sizeof(v[0])], need = REC_BODY + PAY_FIXED;
	struct pay_fixed fx = {p->amount, p->line, (uint32_t)p->col,
	    p->currency_digits, p->in_kind};
	unsigned char *b, *o;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		len[i] = v[i] != NULL ? strlen(v[i]) + 1 : 0;
		need += len[i] + (len[i] < 0xff ? 1 : 5);
	}
	need = (need + 7) & ~(size_t)7;
	b = room(t, need);
	if (b == NULL)
		return false;
	((struct rec *)b)->size = (uint32_t)need;
	((struct rec *)b)->kind = REC_PAYMENT;
	memcpy(b + REC_BODY, &fx, sizeof(fx));
	o = b + REC_BODY + PAY_FIXED;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (len[i] < 0xff) {
			*o++ = (unsigned char)len[i];
		} else {
			uint32_t n = (uint32_t)len[i];

			*o++ = 0xff;
			memcpy(o, &n, 4);
			o += 4;
		}
		if (len[i] > 0)
			memcpy(o, v[i], len[i]);
		o += len[i];
	}
	t->fill->used += need;
	return true;
}

/* The payment of a record of put_payment(), its strings in the record. */
static void
get_payment(struct eiti_payment *p, const unsigned char *b)
{
	const char **v[] = {&p->id, &p->company, &p->entity, &p->stream,
	    &p->currency, &p->amount_text, &p->date, &p->project, &p->note,
	    &p->volume, &p->unit};
	struct pay_fixed fx;
	const unsigned char *o = b + REC_BODY + PAY_FIXED;
	size_t i;

	memcpy(&fx, b + REC_BODY, sizeof(fx));
	memset(p, 0, sizeof(*p));
	p->amount = fx.amount;
	p->line = (unsigned long)fx.line;
	p->col = fx.col;
	p->currency_digits = fx.digits;
	p->in_kind = fx.in_kind != 0;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint32_t n = *o++;

		if (n == 0xff) {
			memcpy(&n, o, 4);
			o += 4;
		}
		*v[i] = n > 0 ? (const char *)o : NULL;
		o += n;
	}
}

/* Queue the findings the worker made since the last call, in order. */
static bool
drain(struct task *t)
{
	struct eiti_diags *d = &t->wd;
	size_t i;
	bool ok = true;

	for (i = 0; i < d->n; i++) {
		if (ok)
			ok = put(t, REC_FINDING, &d->v[i]);
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].where);
	}
	d->n = 0;
	return ok;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Before an item: its findings, and its header when it changed. */
static int
before_item(struct task *t, const struct eiti_disclosure_hdr *h)
{
	const struct eiti_disclosure_hdr *l = &t->last;

	if (!drain(t))
		return -1;
	if (!t->have_last || l->role != h->role ||
	    l->currency_digits != h->currency_digits ||
	    !same_str(l->file, h->file) || !same_str(l->country, h->country) ||
	    !same_str(l->period_start, h->period_start) ||
	    !same_str(l->period_end, h->period_end) ||
	    !same_str(l->reporter, h->reporter) ||
	    !same_str(l->currency, h->currency)) {
		/* the header's strings live as long as the reading */
		t->last = *h;
		t->have_last = true;
		if (!put(t, REC_HDR, h))
			return -1;
	}
	return 0;
}

static int
cancelled(struct task *t)
{
	return eiti_err_set(&t->err, EITI_ERR_IO, "reconcile: cancelled");
}

static int
rec_header(void *ud, const struct eiti_disclosure_hdr *h)
{
	struct task *t = ud;

	if (before_item(t, h) != 0 || !put(t, REC_HEADER, NULL))
		return cancelled(t);
	return 0;
}

#define ITEM_CB(NAME, KIND, TYPE)                                              \
	static int NAME(                                                       \
	    void *ud, const struct eiti_disclosure_hdr *h, const TYPE *it)     \
	{                                                                      \
		struct task *t = ud;                                           \
                                                                               \
		if (before_item(t, h) != 0 || !put(t, KIND, it))               \
			return cancelled(t);                                   \
		return 0;                                                      \
	}
ITEM_CB(rec_entity, REC_ENTITY, struct eiti_entity_decl)
ITEM_CB(rec_company, REC_COMPANY, struct eiti_company_decl)
ITEM_CB(rec_total, REC_TOTAL, struct eiti_total_decl)
ITEM_CB(rec_transfer, REC_TRANSFER, struct eiti_transfer)
ITEM_CB(rec_entitlement, REC_ENTITLEMENT, struct eiti_entitlement)
#undef ITEM_CB

static int
rec_payment(
    void *ud, const struct eiti_disclosure_hdr *h, const struct eiti_payment *p)
{
	struct task *t = ud;

	if (before_item(t, h) != 0 || !put_payment(t, p))
		return cancelled(t);
	return 0;
}

/* Read task t: open, validate into records, check the digest. */
static void
run_task(struct task *t)
{
	struct pl_pool *p = t->pool;
	const struct eiti_source_decl *s = &p->m->sources[t->idx];
	struct eiti_disclosure_ctx ctx = {p->m, s->role};
	struct eiti_disclosure_sink sink = {.ud = t,
	    .header = rec_header,
	    .entity = rec_entity,
	    .company = rec_company,
	    .total = rec_total,
	    .payment = rec_payment,
	    .transfer = rec_transfer,
	    .entitlement = rec_entitlement};

	t->open_rc = pl_reading_open(
	    &t->rd, p->m, p->cache_dir, &t->unavailable, &t->wd, &t->err);
	if (!drain(t) || t->open_rc != 0)
		goto end;
	eiti_provenance_copy(&t->opened, &t->rd.prov);
	if (!put(t, REC_OPENED, NULL))
		goto end;
	t->read_rc = eiti_disclosure_read_fd(
	    t->rd.fd, s->href, &ctx, &sink, &t->wd, &t->rd.tap, &t->err);
	if (!drain(t) || t->read_rc != 0 || !put(t, REC_VALIDATED, NULL))
		goto end;
	t->check_rc = pl_reading_check(&t->rd, p->m, &t->unavailable, &t->wd);
	drain(t);
end:
	if (t->rd.fd >= 0)
		close(t->rd.fd);
	t->rd.fd = -1;
	if (put(t, REC_END, NULL))
		flush_chunk(t);
	free(t->fill);
	t->fill = NULL;
}

static void *
worker(void *arg)
{
	struct pl_pool *p = arg;

	for (;;) {
		struct task *t = NULL;

		pthread_mutex_lock(&p->mu);
		while (p->next < p->ntasks && !p->tasks[p->next].xml)
			p->next++;
		if (!p->cancel && p->next < p->ntasks)
			t = &p->tasks[p->next++];
		pthread_mutex_unlock(&p->mu);
		if (t == NULL)
			return NULL;
		run_task(t);
	}
}

/* ------------------------------------------------------------------ */
/* The pool                                                            */
/* ------------------------------------------------------------------ */

int
pl_pool_start(struct pl_pool **out, const struct eiti_manifest *m,
    const char *cache_dir, unsigned jobs, struct eiti_err *err)
{
	struct pl_pool *p;
	size_t i, nxml = 0;

	*out = NULL;
	if (eiti_validate_load(err) != 0) /* shared, read-only from now on */
		return -1;
	p = eiti_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->room, NULL);
	p->m = m;
	p->cache_dir = cache_dir;
	p->ntasks = m->nsources;
	p->tasks = eiti_xcalloc(p->ntasks + 1, sizeof(*p->tasks));
	for (i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];
		const struct eiti_source_decl *s = &m->sources[i];

		t->pool = p;
		t->idx = i;
		t->xml = s->profile == NULL;
		nxml += t->xml;
		t->rd.href = s->href;
		t->rd.pin = s->sha256;
		t->rd.line = s->line;
		t->rd.col = s->col;
		t->rd.fd = -1;
		eiti_diags_init(&t->wd);
		t->wd.per_file_cap = 0; /* the run's list applies its cap */
	}
	if (jobs == 0)
		jobs = pl_default_jobs();
	if (jobs > nxml)
		jobs = (unsigned)nxml;
	p->threads = eiti_xcalloc(jobs + 1, sizeof(*p->threads));
	for (p->nthreads = 0; p->nthreads < jobs; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) !=
		    0) {
			pl_pool_free(p);
			return eiti_err_set(err, EITI_ERR_IO,
			    "reconcile: cannot start a thread");
		}
	*out = p;
	return 0;
}

void
pl_pool_at(struct pl_pool *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	p->head = i;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
}

static void
free_chunks(struct chunk *c)
{
	while (c != NULL) {
		struct chunk *n = c->next;

		free(c);
		c = n;
	}
}

void
pl_pool_free(struct pl_pool *p)
{
	size_t i;
	unsigned k;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->cancel = true;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
	for (k = 0; k < p->nthreads; k++)
		pthread_join(p->threads[k], NULL);
	for (i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];

		if (t->cur != NULL)
			free(t->cur);
		free_chunks(t->first);
		eiti_arena_free(t->hdr_arena);
		eiti_diags_free(&t->wd);
		eiti_provenance_free(&t->opened);
		if (t->xml)
			pl_reading_close(&t->rd);
	}
	free_chunks(p->spare);
	free(p->tasks);
	free(p->threads);
	pthread_cond_destroy(&p->more);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

/* ------------------------------------------------------------------ */
/* The main thread's side: records replayed                            */
/* ------------------------------------------------------------------ */

/* The next record of t (waiting for it), its struct's strings made
 * pointers again. */
static struct rec *
next_rec(struct task *t)
{
	struct pl_pool *p = t->pool;
	struct rec *h;
	size_t i;
	const size_t *f;

	if (t->cur == NULL || t->pos >= t->cur->used) {
		pthread_mutex_lock(&p->mu);
		if (t->cur != NULL) {
			t->queued -= t->cur->cap;
			p->queued -= t->cur->cap;
			if (t->cur->cap == PL_CHUNK) {
				t->cur->next = p->spare;
				p->spare = t->cur;
				p->nspare++;
			} else {
				free(t->cur);
			}
			t->cur = NULL;
			pthread_cond_broadcast(&p->room);
		}
		while (t->first == NULL)
			pthread_cond_wait(&p->more, &p->mu);
		t->cur = t->first;
		t->first = t->cur->next;
		if (t->first == NULL)
			t->tail = NULL;
		pthread_mutex_unlock(&p->mu);
		t->pos = 0;
	}
	h = (struct rec *)(t->cur->data + t->pos);
	t->pos += h->size;
	f = kinds[h->kind].fields;
	for (i = 0; f != NULL && FIELDS_FOR(f, i); i++) {
		const char **slot =
		    (const char **)((unsigned char *)h + REC_BODY + f[i]);
		uintptr_t v = (uintptr_t)*slot;

		*slot = v != 0 ? (const char *)h + v - 1 : NULL;
	}
	return h;
}

/* The header the next items are read under, kept for the whole source
 * (the engines may keep its strings while the source is read). */
static void
set_hdr(struct task *t, const struct eiti_disclosure_hdr *h)
{
	struct eiti_arena *a;

	if (t->hdr_arena == NULL)
		t->hdr_arena = eiti_arena_new();
	a = t->hdr_arena;
	t->hdr = *h;
	t->hdr.file = eiti_arena_strdup(a, h->file);
	t->hdr.country = eiti_arena_strdup(a, h->country);
	t->hdr.period_start = eiti_arena_strdup(a, h->period_start);
	t->hdr.period_end = eiti_arena_strdup(a, h->period_end);
	t->hdr.reporter = eiti_arena_strdup(a, h->reporter);
	t->hdr.currency = eiti_arena_strdup(a, h->currency);
}

/* Hand one item record to sink (a callback that is NULL is skipped). */
static int
give(struct task *t, const struct rec *h, const struct eiti_disclosure_sink *k)
{
	const void *it = (const unsigned char *)h + REC_BODY;
	const struct eiti_disclosure_hdr *hd = &t->hdr;
	struct eiti_payment pay;

	switch ((enum rec_kind)h->kind) {
	case REC_HEADER:
		return k->header != NULL ? k->header(k->ud, hd) : 0;
	case REC_ENTITY:
		return k->entity != NULL ? k->entity(k->ud, hd, it) : 0;
	case REC_COMPANY:
		return k->company != NULL ? k->company(k->ud, hd, it) : 0;
	case REC_TOTAL:
		return k->total != NULL ? k->total(k->ud, hd, it) : 0;
	case REC_PAYMENT:
		if (k->payment == NULL)
			return 0;
		get_payment(&pay, (const unsigned char *)h);
		return k->payment(k->ud, hd, &pay);
	case REC_TRANSFER:
		return k->transfer != NULL ? k->transfer(k->ud, hd, it) : 0;
	case REC_ENTITLEMENT:
		return k->entitlement != NULL ? k->entitlement(k->ud, hd, it)
					      : 0;
	default:
		return 0;
	}
}

int
pl_pool_replay(struct pl_pool *p, size_t i,
    const struct eiti_disclosure_sink *sink, const struct pl_steps *steps,
    struct reading **rd, bool *checked, size_t *unavailable,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct task *t = &p->tasks[i];
	struct rec *h;

	*rd = &t->rd;
	*checked = false;
	pl_pool_at(p, i);
	for (;;) {
		h = next_rec(t);
		switch ((enum rec_kind)h->kind) {
		case REC_FINDING:
			eiti_diag_copy(diags,
			    (const void *)((unsigned char *)h + REC_BODY));
			break;
		case REC_OPENED:
			if (steps->opened(steps->ud, &t->opened, err) != 0)
				return -1;
			break;
		case REC_HDR:
			set_hdr(
			    t, (const void *)((unsigned char *)h + REC_BODY));
			break;
		case REC_VALIDATED:
			steps->validated(steps->ud);
			break;
		case REC_END:
			goto end;
		default:
			if (give(t, h, sink) != 0)
				return -1;
			break;
		}
	}
end:
	*unavailable += t->unavailable;
	if (t->open_rc < 0 || t->read_rc != 0) {
		eiti_err_set(err, t->err.kind, "%s", t->err.msg);
		return -1;
	}
	*checked = t->open_rc == 0 && t->check_rc == 0;
	return 0;
}

/*
 * strset.c - a compact set of strings for the uniqueness and reference
 * rules (PAY-ID-DUP, DECL-DUP, REF-*).
 *
 * A disclosure may hold millions of payments and the validator streams
 * it, so the set of payment ids is the one structure that grows with the
 * file.  It is kept small: each string is stored once, with the line it
 * was first seen on, in 2 MiB blocks ([u32 line][bytes][NUL]), and the
 * open-addressing table holds one 64-bit word per slot (block offset and
 * 24 bits of the hash, so most probes never touch the strings).  About
 * 4 + len + 1 + 16 bytes per id at the worst load factor.
 *
 * Ids are usually issued in sequence (ANM-2022-000001, 000002, ...), and
 * an id greater than every id seen so far cannot be a duplicate.  So the
 * set starts with a sorted run: an id above the largest one (in the
 * order length first, then bytes, which also sorts unpadded numbers) is
 * appended to it without touching the table, which costs a random memory
 * access per id; anything else is looked up in the run by binary search
 * and kept in the table.  When too many ids come out of order (more than
 * one in eight), the run is moved into the table for good.  Sequential
 * ids then cost 4 + len + 1 + 8 bytes each and no cache miss.  Only
 * sets made with vx_strset_new_sequential() do this; small sets (the
 * declarations) are faster hashed.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/err.h"
#include "validate/internal.h"

#define BLOCK_BITS 21
#define BLOCK_SIZE ((size_t)1 << BLOCK_BITS)
#define OFF_BITS 40
#define OFF_MASK (((uint64_t)1 << OFF_BITS) - 1)

struct vx_strset {
	uint64_t *slots; /* 0 empty, else (tag << 40) | (offset + 1) */
	size_t cap;	 /* 1 << bits */
	unsigned bits;
	size_t count;  /* strings in the set */
	size_t tcount; /* of which in the table */

	bool run_on;   /* the sorted run is in use */
	uint64_t *run; /* record offsets, increasing strings */
	size_t nrun, run_cap;
	const char *last; /* the largest string (the run's last) */
	size_t last_len;
	size_t nslow; /* ids that came out of order */
	char **blocks;
	size_t nblocks, blocks_cap;
	size_t used; /* bytes used in the last block */
};

#define HUGE_SIZE ((size_t)2 << 20)

static size_t
huge_round(size_t n)
{
	return (n + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

/* n zeroed bytes; large tables 2 MiB-aligned with MADV_HUGEPAGE. */
static uint64_t *
table_alloc(size_t n)
{
	size_t len;
	char *p, *a, *end;

	if (n < HUGE_SIZE)
		return eiti_xcalloc(1, n);
	len = huge_round(n) + HUGE_SIZE;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		fputs("eitirep: out of memory\n", stderr);
		abort();
	}
	a = (char *)(((uintptr_t)p + HUGE_SIZE - 1) &
		     ~(uintptr_t)(HUGE_SIZE - 1));
	end = a + huge_round(n);
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + len > end)
		munmap(end, (size_t)(p + len - end));
	/* Advice only: without THP the table works the same. */
	(void)madvise(a, huge_round(n), MADV_HUGEPAGE);
	return (uint64_t *)(void *)a;
}

static void
table_free(uint64_t *t, size_t n)
{
	if (t == NULL)
		return;
	if (n < HUGE_SIZE)
		free(t);
	else
		munmap(t, huge_round(n));
}

static uint64_t
hash_str(const char *s, size_t *len)
{
	/* FNV-1a with a final avalanche (splitmix64): short ids, few
	 * collisions, no dependency. */
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	*len = (size_t)(p - (const unsigned char *)s);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

struct vx_strset *
vx_strset_new_sequential(void)
{
	struct vx_strset *s = vx_strset_new();

	s->run_on = true;
	return s;
}

struct vx_strset *
vx_strset_new(void)
{
	struct vx_strset *s = eiti_xcalloc(1, sizeof(*s));

	s->bits = 10;
	s->cap = (size_t)1 << s->bits;
	s->slots = table_alloc(s->cap * sizeof(*s->slots));
	return s;
}

void
vx_strset_free(struct vx_strset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nblocks; i++)
		if (i == 0)
			free(s->blocks[i]);
		else
			table_free(
			    (uint64_t *)(void *)s->blocks[i], BLOCK_SIZE);
	free(s->blocks);
	free(s->run);
	table_free(s->slots, s->cap * sizeof(*s->slots));
	free(s);
}

static const char *
rec_at(const struct vx_strset *s, uint64_t off, uint32_t *line)
{
	const char *rec =
	    s->blocks[off >> BLOCK_BITS] + (off & (BLOCK_SIZE - 1));

	if (line != NULL)
		memcpy(line, rec, sizeof(*line));
	return rec + sizeof(uint32_t);
}

static uint64_t
store(struct vx_strset *s, const char *str, size_t len, unsigned long line)
{
	size_t need = sizeof(uint32_t) + len + 1;
	uint32_t l32 = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	char *rec;

	if (s->nblocks == 0 || s->used + need > BLOCK_SIZE) {
		if (s->nblocks == s->blocks_cap) {
			s->blocks_cap = s->blocks_cap ? 2 * s->blocks_cap : 8;
			s->blocks = eiti_xrealloc(
			    s->blocks, s->blocks_cap * sizeof(*s->blocks));
		}
		s->blocks[s->nblocks] = s->nblocks == 0
					    ? eiti_xmalloc(BLOCK_SIZE)
					    : (char *)table_alloc(BLOCK_SIZE);
		s->nblocks++;
		s->used = 0;
	}
	rec = s->blocks[s->nblocks - 1] + s->used;
	memcpy(rec, &l32, sizeof(l32));
	memcpy(rec + sizeof(l32), str, len + 1);
	s->used += need;
	return ((uint64_t)(s->nblocks - 1) << BLOCK_BITS) | (s->used - need);
}

static size_t
slot_of(const struct vx_strset *s, uint64_t h)
{
	return (size_t)(h >> (64 - s->bits));
}

static void
grow(struct vx_strset *s)
{
	unsigned nbits = s->bits + 1;
	size_t ncap = (size_t)1 << nbits, i, j;
	uint64_t *n = table_alloc(ncap * sizeof(*n));

	for (i = 0; i < s->cap; i++) {
		uint64_t v = s->slots[i], h;
		size_t len;

		if (v == 0)
			continue;
		if (nbits <= 64 - OFF_BITS)
			h = v; /* the tag holds the top bits we need */
		else
			h = hash_str(rec_at(s, (v & OFF_MASK) - 1, NULL), &len);
		j = (size_t)(h >> (64 - nbits));
		while (n[j] != 0)
			j = (j + 1) & (ncap - 1);
		n[j] = v;
	}
	table_free(s->slots, s->cap * sizeof(*s->slots));
	s->slots = n;
	s->cap = ncap;
	s->bits = nbits;
}

/* Find str: its slot index, *found telling whether it is there. */
static size_t
find(const struct vx_strset *s, const char *str, uint64_t h, bool *found)
{
	uint64_t tag = h >> OFF_BITS;
	size_t i = slot_of(s, h);

	for (;;) {
		uint64_t v = s->slots[i];

		if (v == 0) {
			*found = false;
			return i;
		}
		if ((v >> OFF_BITS) == tag &&
		    strcmp(rec_at(s, (v & OFF_MASK) - 1, NULL), str) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & (s->cap - 1);
	}
}

/* The order of the run: length first, then bytes. */
static int
order(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return memcmp(a, b, alen);
}

/* The run entry equal to str, or NULL. */
static const uint64_t *
run_find(const struct vx_strset *s, const char *str, size_t len)
{
	size_t lo = 0, hi = s->nrun;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *m = rec_at(s, s->run[mid], NULL);
		int c = order(str, len, m, strlen(m));

		if (c == 0)
			return &s->run[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void
table_insert(struct vx_strset *s, uint64_t h, uint64_t off)
{
	size_t i = slot_of(s, h);

	while (s->slots[i] != 0)
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = ((h >> OFF_BITS) << OFF_BITS) | (off + 1);
	s->tcount++;
}

/* Too many ids out of order: hash the run into the table for good. */
static void
drop_run(struct vx_strset *s)
{
	size_t i, len;

	while ((s->tcount + s->nrun) * 10 > s->cap * 7)
		grow(s);
	for (i = 0; i < s->nrun; i++)
		table_insert(
		    s, hash_str(rec_at(s, s->run[i], NULL), &len), s->run[i]);
	free(s->run);
	s->run = NULL;
	s->nrun = s->run_cap = 0;
	s->run_on = false;
}

uint64_t
vx_strset_hash(const struct vx_strset *s, const char *str)
{
	size_t len;
	uint64_t h;

	/* In sequence, an id needs no hash: see vx_strset_add_hashed(). */
	if (s->run_on)
		return 0;
	h = hash_str(str, &len);
	__builtin_prefetch(&s->slots[slot_of(s, h)]);
	return h;
}

unsigned long
vx_strset_add_hashed(
    struct vx_strset *s, const char *str, uint64_t h, unsigned long line)
{
	size_t len = strlen(str), i;
	uint64_t off;
	uint32_t first;
	bool found;

	/* Longer strings are never legal identifiers (the schemas allow 256
	 * characters) and are not kept: the XSD finding covers them. */
	if (len > 65536)
		return 0;
	if (s->run_on) {
		const uint64_t *e;

		if (s->nrun == 0 || order(str, len, s->last, s->last_len) > 0) {
			if (s->nrun == s->run_cap) {
				s->run_cap = s->run_cap ? 2 * s->run_cap : 256;
				s->run = eiti_xrealloc(
				    s->run, s->run_cap * sizeof(*s->run));
			}
			off = store(s, str, len, line);
			s->run[s->nrun++] = off;
			s->last = rec_at(s, off, NULL);
			s->last_len = len;
			s->count++;
			return 0;
		}
		e = run_find(s, str, len);
		if (e != NULL) {
			rec_at(s, *e, &first);
			return first == 0 ? ULONG_MAX : first;
		}
		if (++s->nslow > 1024 && s->nslow * 8 > s->count)
			drop_run(s);
	}
	if (h == 0)
		h = hash_str(str, &len);
	i = find(s, str, h, &found);
	if (found) {
		rec_at(s, (s->slots[i] & OFF_MASK) - 1, &first);
		return first == 0 ? ULONG_MAX : first;
	}
	/* Keep the load factor under 0.7. */
	if ((s->tcount + 1) * 10 > s->cap * 7) {
		grow(s);
		i = find(s, str, h, &found);
	}
	s->slots[i] =
	    ((h >> OFF_BITS) << OFF_BITS) | (store(s, str, len, line) + 1);
	s->tcount++;
	s->count++;
	return 0;
}

unsigned long
vx_strset_add(struct vx_strset *s, const char *str, unsigned long line)
{
	return vx_strset_add_hashed(s, str, 0, line);
}

bool
vx_strset_has(const struct vx_strset *s, const char *str)
{
	size_t len = strlen(str);
	bool found;

	if (s->run_on && s->nrun > 0 &&
	    order(str, len, s->last, s->last_len) <= 0 &&
	    run_find(s, str, len) != NULL)
		return true;
	if (s->tcount == 0)
		return false;
	find(s, str, hash_str(str, &len), &found);
	return found;
}

size_t
vx_strset_count(const struct vx_strset *s)
{
	return s->count;
}

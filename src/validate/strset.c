/*
 * strset.c - a compact set of strings for the uniqueness and reference
 * rules (PAY-ID-DUP, DECL-DUP, REF-*).
 *
 * A disclosure may hold millions of payments and the validator streams
 * it, so the set of payment ids is the one structure that grows with the
 * file.  It is kept small: each string is stored once, with the line it
 * was first seen on, in 2 MiB blocks ([u32 line][bytes][NUL]), and the
 * index (core/hash.h) holds one 64-bit word per slot (the record's block
 * offset and 24 bits of the hash, so most probes never touch the
 * strings).  About 4 + len + 1 + 16 bytes per id at the worst load
 * factor.
 *
 * Ids are usually issued in sequence (ANM-2022-000001, 000002, ...), and
 * an id greater than every id seen so far cannot be a duplicate.  So the
 * set starts with a sorted run (32-bit record offsets): an id above the largest
 * one (in the order length first, then bytes, which also sorts unpadded
 * numbers) is appended to it without touching the table, which costs a random
 * memory access per id; anything else is looked up in the run by binary search
 * and kept in the table.  When too many ids come out of order (more than
 * one in eight, or past 4 GiB of records), the run is moved into the
 * table for good.  Sequential ids then cost 4 + len + 1 + 4 bytes each
 * and no cache miss.  Only
 * sets made with vx_strset_new_sequential() do this; small sets (the
 * declarations) are faster hashed.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/hash.h"
#include "validate/internal.h"

#define BLOCK_BITS 21
#define BLOCK_SIZE ((size_t)1 << BLOCK_BITS)

struct vx_strset {
	struct eiti_hash index; /* entry numbers are record offsets */
	size_t count;		/* strings in the set */

	bool run_on;   /* the sorted run is in use */
	uint32_t *run; /* record offsets, increasing strings */
	size_t nrun, run_cap;
	const char *last; /* the largest string (the run's last) */
	size_t last_len;
	size_t nslow; /* ids that came out of order */
	char **blocks;
	size_t nblocks, blocks_cap;
	size_t used; /* bytes used in the last block */
};

struct vx_strset *
vx_strset_new_sequential(void)
{
	struct vx_strset *s = vx_strset_new();

	s->run_on = true;
	return s;
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
hash_of(const void *ud, size_t off)
{
	return eiti_hash_str(rec_at(ud, off, NULL), NULL);
}

struct vx_strset *
vx_strset_new(void)
{
	struct vx_strset *s = eiti_xcalloc(1, sizeof(*s));

	eiti_hash_init(&s->index, 10, hash_of, s);
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
			eiti_bigfree(s->blocks[i], BLOCK_SIZE);
	free(s->blocks);
	free(s->run);
	eiti_hash_dispose(&s->index);
	free(s);
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
					    : eiti_bigalloc(BLOCK_SIZE);
		s->nblocks++;
		s->used = 0;
	}
	rec = s->blocks[s->nblocks - 1] + s->used;
	memcpy(rec, &l32, sizeof(l32));
	memcpy(rec + sizeof(l32), str, len + 1);
	s->used += need;
	return ((uint64_t)(s->nblocks - 1) << BLOCK_BITS) | (s->used - need);
}

/* The record of str in the table, or EITI_HASH_NONE; p is left where a
 * new entry goes. */
static size_t
find(const struct vx_strset *s, const char *str, uint64_t h,
    struct eiti_hash_probe *p)
{
	size_t off;

	for (off = eiti_hash_first(&s->index, h, p); off != EITI_HASH_NONE;
	     off = eiti_hash_next(&s->index, p))
		if (strcmp(rec_at(s, off, NULL), str) == 0)
			return off;
	return EITI_HASH_NONE;
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
static const uint32_t *
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

/* Too many ids out of order: hash the run into the table for good. */
static void
drop_run(struct vx_strset *s)
{
	struct eiti_hash_probe p;
	size_t i;

	/* The run's strings are all different and none is in the table. */
	for (i = 0; i < s->nrun; i++) {
		const char *str = rec_at(s, s->run[i], NULL);

		find(s, str, eiti_hash_str(str, NULL), &p);
		eiti_hash_insert(&s->index, &p, s->run[i]);
	}
	free(s->run);
	s->run = NULL;
	s->nrun = s->run_cap = 0;
	s->run_on = false;
}

uint64_t
vx_strset_hash(const struct vx_strset *s, const char *str)
{
	uint64_t h;

	/* In sequence, an id needs no hash: see vx_strset_add_hashed(). */
	if (s->run_on)
		return 0;
	h = eiti_hash_str(str, NULL);
	eiti_hash_prefetch(&s->index, h);
	return h;
}

unsigned long
vx_strset_add_hashed(
    struct vx_strset *s, const char *str, uint64_t h, unsigned long line)
{
	size_t len = strlen(str), off;
	struct eiti_hash_probe p;
	uint32_t first;

	/* Longer strings are never legal identifiers (the schemas allow 256
	 * characters) and are not kept: the XSD finding covers them. */
	if (len > 65536)
		return 0;
	if (s->run_on) {
		const uint32_t *e;

		if (s->nrun == 0 || order(str, len, s->last, s->last_len) > 0) {
			off = store(s, str, len, line);
			if (off > UINT32_MAX) {
				/* 4 GiB of ids: the table from here on (the
				 * run's offsets are 32-bit). */
				drop_run(s);
				if (h == 0)
					h = eiti_hash_bytes(str, len);
				find(s, str, h, &p);
				eiti_hash_insert(&s->index, &p, off);
				s->count++;
				return 0;
			}
			if (s->nrun == s->run_cap) {
				s->run_cap = s->run_cap ? 2 * s->run_cap : 256;
				s->run = eiti_xrealloc(
				    s->run, s->run_cap * sizeof(*s->run));
			}
			s->run[s->nrun++] = (uint32_t)off;
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
		h = eiti_hash_bytes(str, len);
	off = find(s, str, h, &p);
	if (off != EITI_HASH_NONE) {
		rec_at(s, off, &first);
		return first == 0 ? ULONG_MAX : first;
	}
	eiti_hash_insert(&s->index, &p, store(s, str, len, line));
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
	struct eiti_hash_probe p;

	if (s->run_on && s->nrun > 0 &&
	    order(str, len, s->last, s->last_len) <= 0 &&
	    run_find(s, str, len) != NULL)
		return true;
	if (s->index.count == 0)
		return false;
	return find(s, str, eiti_hash_bytes(str, len), &p) != EITI_HASH_NONE;
}

unsigned long
vx_strset_line(const struct vx_strset *s, const char *str)
{
	size_t len = strlen(str), off = EITI_HASH_NONE;
	struct eiti_hash_probe p;
	const uint32_t *e = NULL;
	uint32_t line;

	if (s->run_on && s->nrun > 0 &&
	    order(str, len, s->last, s->last_len) <= 0)
		e = run_find(s, str, len);
	if (e != NULL)
		off = *e;
	else if (s->index.count > 0)
		off = find(s, str, eiti_hash_bytes(str, len), &p);
	if (off == EITI_HASH_NONE)
		return 0;
	rec_at(s, off, &line);
	return line == 0 ? ULONG_MAX : line;
}

void
vx_strset_each(
    const struct vx_strset *s, void (*fn)(void *ud, const char *str), void *ud)
{
	size_t i;

	for (i = 0; i < s->nrun; i++)
		fn(ud, rec_at(s, s->run[i], NULL));
	for (i = 0; s->index.count > 0 && i <= s->index.mask; i++) {
		uint64_t v = s->index.slots[i];

		if (v != 0)
			fn(ud,
			    rec_at(s,
				(v & (((uint64_t)1 << EITI_HASH_ID_BITS) - 1)) -
				    1,
				NULL));
	}
}

size_t
vx_strset_count(const struct vx_strset *s)
{
	return s->count;
}

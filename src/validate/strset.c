/*
 * strset.c - a compact set of strings for the uniqueness and reference
 * rules (PAY-ID-DUP, DECL-DUP, REF-*).
 *
 * A disclosure may hold millions of payments and the validator streams
 * it, so the set of payment ids is the one structure that grows with the
 * file.  It is kept small: each string is stored once, with the line it
 * was first seen on, in 1 MiB blocks ([u32 line][bytes][NUL]), and the
 * open-addressing table holds one 64-bit word per slot (block offset and
 * 24 bits of the hash, so most probes never touch the strings).  About
 * 4 + len + 1 + 16 bytes per id at the worst load factor.
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

#define BLOCK_BITS 20
#define BLOCK_SIZE ((size_t)1 << BLOCK_BITS)
#define OFF_BITS 40
#define OFF_MASK (((uint64_t)1 << OFF_BITS) - 1)

struct vx_strset {
	uint64_t *slots; /* 0 empty, else (tag << 40) | (offset + 1) */
	size_t cap;      /* 1 << bits */
	unsigned bits;
	size_t count;
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
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
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
		free(s->blocks[i]);
	free(s->blocks);
	table_free(s->slots, s->cap * sizeof(*s->slots));
	free(s);
}

static const char *
rec_at(const struct vx_strset *s, uint64_t off, uint32_t *line)
{
	const char *rec = s->blocks[off >> BLOCK_BITS] +
	    (off & (BLOCK_SIZE - 1));

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
			s->blocks = eiti_xrealloc(s->blocks,
			    s->blocks_cap * sizeof(*s->blocks));
		}
		s->blocks[s->nblocks++] = eiti_xmalloc(BLOCK_SIZE);
		s->used = 0;
	}
	rec = s->blocks[s->nblocks - 1] + s->used;
	memcpy(rec, &l32, sizeof(l32));
	memcpy(rec + sizeof(l32), str, len + 1);
	s->used += need;
	return ((uint64_t)(s->nblocks - 1) << BLOCK_BITS) |
	    (s->used - need);
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

uint64_t
vx_strset_hash(const struct vx_strset *s, const char *str)
{
	size_t len;
	uint64_t h = hash_str(str, &len);

	__builtin_prefetch(&s->slots[slot_of(s, h)]);
	return h;
}

unsigned long
vx_strset_add_hashed(struct vx_strset *s, const char *str, uint64_t h,
    unsigned long line)
{
	size_t len = strlen(str), i;
	bool found;

	/* Longer strings are never legal identifiers (the schemas allow 256
	 * characters) and are not kept: the XSD finding covers them. */
	if (len > 65536)
		return 0;
	i = find(s, str, h, &found);
	if (found) {
		uint32_t first;

		rec_at(s, (s->slots[i] & OFF_MASK) - 1, &first);
		return first == 0 ? ULONG_MAX : first;
	}
	/* Keep the load factor under 0.7. */
	if ((s->count + 1) * 10 > s->cap * 7) {
		grow(s);
		i = find(s, str, h, &found);
	}
	s->slots[i] = ((h >> OFF_BITS) << OFF_BITS) |
	    (store(s, str, len, line) + 1);
	s->count++;
	return 0;
}

unsigned long
vx_strset_add(struct vx_strset *s, const char *str, unsigned long line)
{
	size_t len;

	return vx_strset_add_hashed(s, str, hash_str(str, &len), line);
}

bool
vx_strset_has(const struct vx_strset *s, const char *str)
{
	size_t len;
	bool found;

	find(s, str, hash_str(str, &len), &found);
	return found;
}

size_t
vx_strset_count(const struct vx_strset *s)
{
	return s->count;
}

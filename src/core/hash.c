/*
 * hash.c - the hash function, the index and the string map of hash.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/hash.h"

/* --- the hash function ---------------------------------------------- */

/* wyhash's constants and structure (Wang Yi, public domain), without its
 * seeding: one fixed hash is all a table needs here. */
static const uint64_t P0 = 0x2d358dccaa6c78a5ULL, P1 = 0x8bb84b93962eacc9ULL,
		      P2 = 0x4b33a62ed433d4a3ULL, P3 = 0x4d5a2da51de1aa47ULL;

static inline uint64_t
mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t
rd8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
rd4(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

uint64_t
eiti_hash_bytes(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t seed = mix(P0, P1), a, b;
	size_t i = n;

	if (n <= 16) {
		if (n >= 4) {
			/* two overlapping 4-byte reads at each end */
			a = rd4(p) << 32 | rd4(p + ((n >> 3) << 2));
			b = rd4(p + n - 4) << 32 |
			    rd4(p + n - 4 - ((n >> 3) << 2));
		} else if (n > 0) {
			a = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 |
			    p[n - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		if (i > 48) {
			uint64_t s1 = seed, s2 = seed;

			do {
				seed = mix(rd8(p) ^ P1, rd8(p + 8) ^ seed);
				s1 = mix(rd8(p + 16) ^ P2, rd8(p + 24) ^ s1);
				s2 = mix(rd8(p + 32) ^ P3, rd8(p + 40) ^ s2);
				p += 48;
				i -= 48;
			} while (i > 48);
			seed ^= s1 ^ s2;
		}
		while (i > 16) {
			seed = mix(rd8(p) ^ P1, rd8(p + 8) ^ seed);
			p += 16;
			i -= 16;
		}
		/* the last 16 bytes, overlapping what came before */
		a = rd8(p + i - 16);
		b = rd8(p + i - 8);
	}
	a ^= P1;
	b ^= seed;
	{
		__uint128_t r = (__uint128_t)a * b;

		a = (uint64_t)r;
		b = (uint64_t)(r >> 64);
	}
	return mix(a ^ P0 ^ (uint64_t)n, b ^ P1);
}

uint64_t
eiti_hash_str(const char *s, size_t *len)
{
	size_t n = strlen(s);

	if (len != NULL)
		*len = n;
	return eiti_hash_bytes(s, n);
}

/* --- the index ------------------------------------------------------ */

#define TAG_BITS (64 - EITI_HASH_ID_BITS)
#define ID_MASK (((uint64_t)1 << EITI_HASH_ID_BITS) - 1)

static uint64_t *
slots_alloc(unsigned bits)
{
	return eiti_bigalloc(((size_t)1 << bits) * sizeof(uint64_t));
}

void
eiti_hash_init(struct eiti_hash *t, unsigned min_bits,
    uint64_t (*hash_of)(const void *ud, size_t id), const void *ud)
{
	memset(t, 0, sizeof(*t));
	t->bits = min_bits < 4 ? 4 : min_bits;
	if (t->bits > 40)
		t->bits = 40;
	t->slots = slots_alloc(t->bits);
	t->mask = ((size_t)1 << t->bits) - 1;
	t->hash_of = hash_of;
	t->ud = ud;
}

void
eiti_hash_dispose(struct eiti_hash *t)
{
	if (t->slots != NULL)
		eiti_bigfree(t->slots, (t->mask + 1) * sizeof(uint64_t));
	t->slots = NULL;
	t->count = 0;
}

static void
grow(struct eiti_hash *t)
{
	unsigned nbits = t->bits + 1;
	size_t ncap = (size_t)1 << nbits, cap = (size_t)1 << t->bits, i, j;
	uint64_t *n;

	if (nbits > EITI_HASH_ID_BITS)
		eiti_xmalloc(SIZE_MAX); /* 2^40 entries: aborts */
	n = slots_alloc(nbits);
	for (i = 0; i < cap; i++) {
		uint64_t v = t->slots[i], h;

		if (v == 0)
			continue;
		if (nbits <= TAG_BITS)
			h = v; /* the tag holds the top bits we need */
		else if (t->hash_of != NULL)
			h = t->hash_of(t->ud, (size_t)(v & ID_MASK) - 1);
		else
			abort(); /* a table that was not to grow this large */
		j = (size_t)(h >> (64 - nbits));
		while (n[j] != 0)
			j = (j + 1) & (ncap - 1);
		n[j] = v;
	}
	eiti_bigfree(t->slots, cap * sizeof(uint64_t));
	t->slots = n;
	t->bits = nbits;
	t->mask = ncap - 1;
}

void
eiti_hash_insert(
    struct eiti_hash *t, const struct eiti_hash_probe *p, size_t id)
{
	size_t j = p->slot;
	uint64_t v = (p->hash >> EITI_HASH_ID_BITS) << EITI_HASH_ID_BITS |
		     ((uint64_t)id + 1);

	if ((uint64_t)id >= ID_MASK)
		eiti_xmalloc(SIZE_MAX); /* 2^40 entries: aborts */
	/* Keep the load factor at or under 0.7. */
	if ((t->count + 1) * 10 > (t->mask + 1) * 7) {
		grow(t);
		j = (size_t)(p->hash >> (64 - t->bits));
		while (t->slots[j] != 0)
			j = (j + 1) & t->mask;
	}
	t->slots[j] = v;
	t->count++;
}

/* --- the string map ------------------------------------------------- */

struct eiti_strmap {
	struct eiti_hash index;
	struct eiti_strmap_entry *v;
	size_t n, cap;
};

static uint64_t
strmap_hash_of(const void *ud, size_t id)
{
	const struct eiti_strmap *m = ud;

	return eiti_hash_str(m->v[id].key, NULL);
}

struct eiti_strmap *
eiti_strmap_new(void)
{
	struct eiti_strmap *m = eiti_xcalloc(1, sizeof(*m));

	eiti_hash_init(&m->index, 0, strmap_hash_of, m);
	return m;
}

void
eiti_strmap_free(struct eiti_strmap *m)
{
	if (m == NULL)
		return;
	eiti_hash_dispose(&m->index);
	free(m->v);
	free(m);
}

static struct eiti_strmap_entry *
lookup(const struct eiti_strmap *m, const char *key, struct eiti_hash_probe *p)
{
	size_t id;

	for (id = eiti_hash_first(&m->index, eiti_hash_str(key, NULL), p);
	     id != EITI_HASH_NONE; id = eiti_hash_next(&m->index, p))
		if (strcmp(m->v[id].key, key) == 0)
			return &m->v[id];
	return NULL;
}

struct eiti_strmap_entry *
eiti_strmap_find(const struct eiti_strmap *m, const char *key)
{
	struct eiti_hash_probe p;

	return lookup(m, key, &p);
}

struct eiti_strmap_entry *
eiti_strmap_add(struct eiti_strmap *m, const char *key, bool *added)
{
	struct eiti_hash_probe p;
	struct eiti_strmap_entry *e = lookup(m, key, &p);

	if (added != NULL)
		*added = e == NULL;
	if (e != NULL)
		return e;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->v = eiti_xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	e = &m->v[m->n];
	e->key = key;
	e->value = NULL;
	eiti_hash_insert(&m->index, &p, m->n++);
	return e;
}

size_t
eiti_strmap_count(const struct eiti_strmap *m)
{
	return m->n;
}

struct eiti_strmap_entry *
eiti_strmap_at(const struct eiti_strmap *m, size_t i)
{
	return &m->v[i];
}

struct eiti_strmap *
eiti_strmap_of_array(const void *base, size_t stride, size_t n)
{
	struct eiti_strmap *m = eiti_strmap_new();
	struct eiti_strmap_entry *e;
	size_t i;
	bool added;

	for (i = 0; i < n; i++) {
		const char *key =
		    *(const char *const *)((const char *)base + i * stride);

		if (key == NULL)
			continue;
		e = eiti_strmap_add(m, key, &added);
		if (added)
			e->value = (void *)(uintptr_t)i;
	}
	return m;
}

size_t
eiti_strmap_index(const struct eiti_strmap *m, const char *key)
{
	const struct eiti_strmap_entry *e =
	    key != NULL ? eiti_strmap_find(m, key) : NULL;

	return e != NULL ? (size_t)(uintptr_t)e->value : SIZE_MAX;
}

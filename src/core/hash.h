/*
 * hash.h - the one hash table of eitirep: a fast hash function, an
 * open-addressing index over caller-owned entries, and a string map built
 * on it.
 *
 * The index (struct eiti_hash) maps a key to the number of an entry the
 * caller keeps in its own storage (an array, blocks, an arena): the table
 * holds no keys and no values, one 64-bit word per slot, so callers keep
 * their data where it belongs and the table stays small.  Each word holds
 * the entry's number and the top 24 bits of its hash (the "tag"): a probe
 * compares keys only when the tags agree, so most probes never touch the
 * entries.  Slots are chosen by the top bits of the hash with linear
 * probing, at a load of at most 0.7; growing to up to 2^24 slots needs
 * no key (the tag holds the bits), beyond that the caller's hash_of
 * callback gives each entry's hash again.  Tables of 2 MiB and more are
 * allocated on huge pages where the system allows (eiti_bigalloc).
 *
 * Lookup is written by the caller, who knows how to compare keys:
 *
 *	struct eiti_hash_probe p;
 *	size_t id;
 *
 *	for (id = eiti_hash_first(t, h, &p); id != EITI_HASH_NONE;
 *	     id = eiti_hash_next(t, &p))
 *		if (entry id has the key)
 *			return id;
 *	id = (append a new entry);
 *	eiti_hash_insert(t, &p, id);
 *
 * A probe stays valid until the next insert into the same table.
 *
 * The string map (struct eiti_strmap) is the index with its entries: NUL
 * terminated keys, borrowed (they must outlive the map, or be replaced by
 * a copy with the same bytes), each with a void * value, kept in
 * insertion order.
 *
 * Neither is thread-safe.  Allocation failure aborts (err.h).
 */
#ifndef EITI_CORE_HASH_H
#define EITI_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- the hash function ---------------------------------------------- */

/* 64-bit hash of n bytes (after wyhash, public domain: 64x64->128-bit
 * multiplications over 8-byte words).  Not for cryptography; the values
 * may change between versions and are never written anywhere. */
uint64_t eiti_hash_bytes(const void *p, size_t n);

/* eiti_hash_bytes() of a NUL-terminated string; *len (may be NULL) gets
 * its length. */
uint64_t eiti_hash_str(const char *s, size_t *len);

/* A 64-bit integer mixed so that every bit of x reaches the top bits
 * (MurmurHash3's finaliser): the hash of keys made of small integers. */
static inline uint64_t
eiti_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* --- the index ------------------------------------------------------ */

#define EITI_HASH_NONE ((size_t)-1)
/* Entry numbers are below 2^40 - 1. */
#define EITI_HASH_ID_BITS 40

struct eiti_hash {
	uint64_t *slots; /* 0 empty, else tag << 40 | (id + 1) */
	size_t mask;	 /* number of slots - 1 */
	unsigned bits;	 /* mask + 1 == 1 << bits */
	size_t count;
	/* The hash of entry id, needed only to grow beyond 2^24 slots
	 * (may be NULL for tables that never get that large). */
	uint64_t (*hash_of)(const void *ud, size_t id);
	const void *ud;
};

struct eiti_hash_probe {
	uint64_t hash;
	size_t slot;
};

/* An empty index of 2^min_bits slots at first (0: 2^4). */
void eiti_hash_init(struct eiti_hash *t, unsigned min_bits,
    uint64_t (*hash_of)(const void *ud, size_t id), const void *ud);
/* Free the slots (t itself is the caller's); accepts a zeroed t. */
void eiti_hash_dispose(struct eiti_hash *t);

/* Scan from slot j for the next entry whose tag is p->hash's; at an
 * empty slot, leave p->slot there (where eiti_hash_insert puts a new
 * entry) and return EITI_HASH_NONE.  j is a local, not p->slot, so that
 * the loop keeps it in a register. */
static inline size_t
eiti_hash_scan_(const struct eiti_hash *t, struct eiti_hash_probe *p, size_t j)
{
	const uint64_t *slots = t->slots;
	const uint64_t tag = p->hash >> EITI_HASH_ID_BITS;
	const size_t mask = t->mask;
	uint64_t v;

	while ((v = slots[j]) != 0) {
		if ((v >> EITI_HASH_ID_BITS) == tag) {
			p->slot = j;
			return (size_t)(v &
					((UINT64_C(1) << EITI_HASH_ID_BITS) -
					    1)) -
			       1;
		}
		j = (j + 1) & mask;
	}
	p->slot = j;
	return EITI_HASH_NONE;
}

/* The first entry that may have the key of this hash, or EITI_HASH_NONE. */
static inline size_t
eiti_hash_first(
    const struct eiti_hash *t, uint64_t hash, struct eiti_hash_probe *p)
{
	p->hash = hash;
	return eiti_hash_scan_(t, p, (size_t)(hash >> (64 - t->bits)));
}

/* The next candidate after the one eiti_hash_first/next returned. */
static inline size_t
eiti_hash_next(const struct eiti_hash *t, struct eiti_hash_probe *p)
{
	return eiti_hash_scan_(t, p, (p->slot + 1) & t->mask);
}

/* Add entry id under the hash of a probe that ended in EITI_HASH_NONE
 * (no insert in between).  Grows the table when needed. */
void eiti_hash_insert(
    struct eiti_hash *t, const struct eiti_hash_probe *p, size_t id);

/* Start loading the slot of a hash into the cache, for a lookup that
 * follows a little later. */
static inline void
eiti_hash_prefetch(const struct eiti_hash *t, uint64_t hash)
{
	__builtin_prefetch(&t->slots[hash >> (64 - t->bits)]);
}

/* --- the string map ------------------------------------------------- */

struct eiti_strmap_entry {
	const char *key; /* borrowed */
	void *value;
};

struct eiti_strmap;

struct eiti_strmap *eiti_strmap_new(void);
void eiti_strmap_free(struct eiti_strmap *m); /* accepts NULL */

/* The entry of key, or NULL.  Entries move when the map grows: a pointer
 * is valid until the next eiti_strmap_add(). */
struct eiti_strmap_entry *eiti_strmap_find(
    const struct eiti_strmap *m, const char *key);

/* The entry of key, added (value NULL) when absent; *added (may be NULL)
 * tells which.  The key pointer is stored, not copied: the caller may set
 * entry->key to a longer-lived copy of the same bytes. */
struct eiti_strmap_entry *eiti_strmap_add(
    struct eiti_strmap *m, const char *key, bool *added);

/* A map of an array by one of its string members: base points at that
 * member (a const char *) of element 0 (NULL when n is 0), elements are
 * stride bytes apart, and each entry's value is the element's index (as
 * uintptr_t; eiti_strmap_index reads it).  The first of equal keys wins;
 * NULL keys are left out.  The keys are borrowed from the array. */
struct eiti_strmap *eiti_strmap_of_array(
    const void *base, size_t stride, size_t n);
/* The index an eiti_strmap_of_array() map gives key, or SIZE_MAX. */
size_t eiti_strmap_index(const struct eiti_strmap *m, const char *key);

/* Number of entries; entry i in insertion order (i < count). */
size_t eiti_strmap_count(const struct eiti_strmap *m);
struct eiti_strmap_entry *eiti_strmap_at(const struct eiti_strmap *m, size_t i);

#endif

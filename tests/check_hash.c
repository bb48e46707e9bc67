/*
 * check_hash.c - the hash function, the index and the string map of
 * src/core/hash.h.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_hash_bytes)
{
	/* Every length from 0 to 100 (the short, 16-byte and 48-byte
	 * paths), and one changed byte anywhere, give another hash. */
	unsigned char buf[101];
	uint64_t h[101];
	size_t i, j, len;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (i = 0; i < N(h); i++) {
		h[i] = eiti_hash_bytes(buf, i);
		ck_assert(h[i] == eiti_hash_bytes(buf, i)); /* deterministic */
		for (j = 0; j < i; j++)
			ck_assert(h[i] != h[j]);
	}
	for (len = 1; len <= 100; len += 33)
		for (i = 0; i < len; i++) {
			buf[i] ^= 1;
			ck_assert(eiti_hash_bytes(buf, len) != h[len]);
			buf[i] ^= 1;
		}
	/* The string form is the same hash and gives the length. */
	ck_assert(eiti_hash_str("ANM-2022-000001", &len) ==
		  eiti_hash_bytes("ANM-2022-000001", 15));
	ck_assert_uint_eq(len, 15);
	ck_assert(eiti_hash_str("", NULL) == eiti_hash_bytes("", 0));
}
END_TEST

START_TEST(test_hash_spread)
{
	/* Sequential ids spread over the top bits (which choose the slot):
	 * 4096 ids in 256 buckets by the top 8 bits, none empty or more
	 * than three times full. */
	unsigned count[256] = {0};
	char id[32];
	size_t i;

	for (i = 0; i < 4096; i++) {
		snprintf(id, sizeof(id), "ANM-2022-%06zu", i);
		count[eiti_hash_str(id, NULL) >> 56]++;
	}
	for (i = 0; i < 256; i++) {
		ck_assert_uint_gt(count[i], 0);
		ck_assert_uint_le(count[i], 48);
	}
	for (i = 0; i < 256; i++)
		count[i] = 0;
	for (i = 0; i < 4096; i++)
		count[eiti_hash_u64(i) >> 56]++;
	for (i = 0; i < 256; i++) {
		ck_assert_uint_gt(count[i], 0);
		ck_assert_uint_le(count[i], 48);
	}
}
END_TEST

/* An index over an array of integers, with a hash that can be made
 * constant to force every key onto one probe sequence. */
struct ints {
	uint64_t *v;
	size_t n;
	bool collide;
	struct eiti_hash t;
};

static uint64_t
int_hash(const struct ints *s, uint64_t key)
{
	return s->collide ? 0xabcdef0123456789ULL : eiti_hash_u64(key);
}

static uint64_t
int_hash_of(const void *ud, size_t id)
{
	const struct ints *s = ud;

	return int_hash(s, s->v[id]);
}

/* The id of key, added when add is set; EITI_HASH_NONE when absent. */
static size_t
int_get(struct ints *s, uint64_t key, bool add)
{
	struct eiti_hash_probe p;
	size_t id;

	for (id = eiti_hash_first(&s->t, int_hash(s, key), &p);
	     id != EITI_HASH_NONE; id = eiti_hash_next(&s->t, &p))
		if (s->v[id] == key)
			return id;
	if (!add)
		return EITI_HASH_NONE;
	s->v[s->n] = key;
	eiti_hash_insert(&s->t, &p, s->n);
	return s->n++;
}

static void
index_round(bool collide, size_t n)
{
	struct ints s;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.v = calloc(n, sizeof(*s.v));
	s.collide = collide;
	ck_assert_ptr_nonnull(s.v);
	eiti_hash_init(&s.t, 0, int_hash_of, &s);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(int_get(&s, i * 7919 + 3, true), i);
	ck_assert_uint_eq(s.t.count, n);
	/* load factor at most 0.7 after every growth */
	ck_assert_uint_le(s.t.count * 10, (s.t.mask + 1) * 7);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(int_get(&s, i * 7919 + 3, false), i);
		ck_assert_uint_eq(
		    int_get(&s, i * 7919 + 4, false), EITI_HASH_NONE);
	}
	/* adding again finds the entry, adds nothing */
	ck_assert_uint_eq(int_get(&s, 3, true), 0);
	ck_assert_uint_eq(s.n, n);
	eiti_hash_dispose(&s.t);
	eiti_hash_dispose(&s.t); /* twice is harmless */
	free(s.v);
}

START_TEST(test_index)
{
	/* 300,000 entries: growth up to 2^19 slots, past 2 MiB of slots
	 * (huge-page allocation). */
	index_round(false, 300000);
}
END_TEST

START_TEST(test_index_collisions)
{
	/* Every key has the same hash: each lookup walks the candidates
	 * with eiti_hash_next(). */
	index_round(true, 2000);
}
END_TEST

START_TEST(test_strmap)
{
	struct eiti_strmap *m = eiti_strmap_new();
	struct eiti_strmap_entry *e;
	char key[32], *copy;
	size_t i;
	bool added;

	ck_assert_ptr_null(eiti_strmap_find(m, "a"));
	/* the key is borrowed: a copy may replace it */
	copy = strdup("alpha");
	e = eiti_strmap_add(m, copy, &added);
	ck_assert(added);
	ck_assert_ptr_null(e->value);
	e->value = &added;
	e = eiti_strmap_add(m, "alpha", &added);
	ck_assert(!added);
	ck_assert_ptr_eq(e->value, &added);
	ck_assert_ptr_eq(e->key, copy);
	ck_assert_ptr_eq(eiti_strmap_find(m, "alpha"), e);
	ck_assert_ptr_null(eiti_strmap_find(m, "alph"));
	ck_assert_ptr_null(eiti_strmap_find(m, "alphaa"));
	/* the empty string is a key like any other */
	e = eiti_strmap_add(m, "", NULL);
	ck_assert_ptr_eq(eiti_strmap_find(m, ""), e);
	/* many keys, kept in insertion order */
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		e = eiti_strmap_add(m, strdup(key), &added);
		ck_assert(added);
		e->value = (void *)(uintptr_t)i;
	}
	ck_assert_uint_eq(eiti_strmap_count(m), 5002);
	ck_assert_str_eq(eiti_strmap_at(m, 0)->key, "alpha");
	ck_assert_str_eq(eiti_strmap_at(m, 1)->key, "");
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		e = eiti_strmap_find(m, key);
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq((uintptr_t)e->value, i);
		ck_assert_ptr_eq(eiti_strmap_at(m, i + 2), e);
	}
	for (i = 2; i < eiti_strmap_count(m); i++)
		free((char *)eiti_strmap_at(m, i)->key);
	free(copy);
	eiti_strmap_free(m);
	eiti_strmap_free(NULL);
}
END_TEST

START_TEST(test_strmap_of_array)
{
	static const struct item {
		int n;
		const char *id;
	} items[] = {{0, "b"}, {1, "a"}, {2, NULL}, {3, "b"}, {4, "c"}};
	struct eiti_strmap *m =
	    eiti_strmap_of_array(&items[0].id, sizeof(items[0]), N(items));

	ck_assert_uint_eq(eiti_strmap_index(m, "b"), 0); /* first wins */
	ck_assert_uint_eq(eiti_strmap_index(m, "a"), 1);
	ck_assert_uint_eq(eiti_strmap_index(m, "c"), 4);
	ck_assert_uint_eq(eiti_strmap_index(m, "d"), SIZE_MAX);
	ck_assert_uint_eq(eiti_strmap_index(m, NULL), SIZE_MAX);
	ck_assert_uint_eq(eiti_strmap_count(m), 3); /* NULL left out */
	eiti_strmap_free(m);
	m = eiti_strmap_of_array(NULL, sizeof(items[0]), 0);
	ck_assert_uint_eq(eiti_strmap_count(m), 0);
	ck_assert_uint_eq(eiti_strmap_index(m, "a"), SIZE_MAX);
	eiti_strmap_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("hash");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hash_bytes);
	tcase_add_test(tc, test_hash_spread);
	tcase_add_test(tc, test_index);
	tcase_add_test(tc, test_index_collisions);
	tcase_add_test(tc, test_strmap);
	tcase_add_test(tc, test_strmap_of_array);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

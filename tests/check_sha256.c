/*
 * check_sha256.c - SHA-256 against the FIPS 180-4 / NIST CSRC example
 * vectors, fed whole, byte by byte and split at every position, plus
 * eiti_sha256_file.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256.h"

static const struct vec {
	const char *msg;
	const char *hex;
} vectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    /* 55, 56 and 64 bytes: the padding boundaries. */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
};

static void
hash(const void *p, size_t n, char hex[65])
{
	struct eiti_sha256 s;

	eiti_sha256_init(&s);
	eiti_sha256_update(&s, p, n);
	eiti_sha256_final_hex(&s, hex);
}

START_TEST(test_vectors_whole)
{
	const struct vec *v = &vectors[_i];
	char hex[65];

	hash(v->msg, strlen(v->msg), hex);
	ck_assert_str_eq(hex, v->hex);
}
END_TEST

START_TEST(test_vectors_split)
{
	const struct vec *v = &vectors[_i];
	size_t n = strlen(v->msg), cut;
	char hex[65];

	/* Every split point, and one byte at a time. */
	for (cut = 0; cut <= n; cut++) {
		struct eiti_sha256 s;

		eiti_sha256_init(&s);
		eiti_sha256_update(&s, v->msg, cut);
		eiti_sha256_update(&s, v->msg + cut, n - cut);
		eiti_sha256_final_hex(&s, hex);
		ck_assert_str_eq(hex, v->hex);
	}
	{
		struct eiti_sha256 s;
		size_t i;

		eiti_sha256_init(&s);
		for (i = 0; i < n; i++)
			eiti_sha256_update(&s, v->msg + i, 1);
		eiti_sha256_final_hex(&s, hex);
		ck_assert_str_eq(hex, v->hex);
	}
}
END_TEST

START_TEST(test_million_a)
{
	char *buf = malloc(1000000);
	struct eiti_sha256 s;
	char hex[65];
	size_t off;

	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', 1000000);
	hash(buf, 1000000, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
			      "f1809a48a497200e046d39ccc7112cd0");
	/* Uneven chunks across block boundaries. */
	eiti_sha256_init(&s);
	for (off = 0; off < 1000000; off += 997)
		eiti_sha256_update(
		    &s, buf + off, 1000000 - off < 997 ? 1000000 - off : 997);
	eiti_sha256_final_hex(&s, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
			      "f1809a48a497200e046d39ccc7112cd0");
	free(buf);
}
END_TEST

START_TEST(test_binary_bytes)
{
	/* All 256 byte values: NULs and high bytes are data like any
	 * other (value from sha256sum). */
	unsigned char b[256];
	char hex[65];
	int i;

	for (i = 0; i < 256; i++)
		b[i] = (unsigned char)i;
	hash(b, sizeof(b), hex);
	ck_assert_str_eq(hex, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da8"
			      "70e7110266bf944880");
}
END_TEST

START_TEST(test_dispose)
{
	/* A digest abandoned half-way, one finished, and one never
	 * started (zeroed) are all disposed of without a leak (the
	 * sanitizer and valgrind builds check it). */
	struct eiti_sha256 s;
	char hex[65];

	eiti_sha256_init(&s);
	eiti_sha256_update(&s, "abc", 3);
	eiti_sha256_dispose(&s);
	ck_assert_ptr_null(s.ctx);
	eiti_sha256_dispose(&s);

	eiti_sha256_init(&s);
	eiti_sha256_update(&s, "abc", 3);
	eiti_sha256_final_hex(&s, hex);
	ck_assert_str_eq(hex, vectors[1].hex);
	ck_assert_ptr_null(s.ctx);
	eiti_sha256_dispose(&s);

	memset(&s, 0, sizeof(s));
	eiti_sha256_dispose(&s);
}
END_TEST

START_TEST(test_file)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct eiti_err err = EITI_ERR_INIT;
	char hex[65];
	long long size = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/check_sha256.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	close(fd);
	ck_assert_int_eq(eiti_sha256_file(path, hex, &size, &err), 0);
	ck_assert_str_eq(hex, vectors[1].hex);
	ck_assert_int_eq(size, 3);
	unlink(path);

	/* A missing file is an I/O error naming the path. */
	ck_assert_int_eq(eiti_sha256_file(path, hex, &size, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("nist");
	SRunner *sr;
	int nvec = (int)(sizeof(vectors) / sizeof(vectors[0]));
	int failed;

	tcase_add_loop_test(tc, test_vectors_whole, 0, nvec);
	tcase_add_loop_test(tc, test_vectors_split, 0, nvec);
	tcase_add_test(tc, test_million_a);
	tcase_add_test(tc, test_binary_bytes);
	tcase_add_test(tc, test_dispose);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

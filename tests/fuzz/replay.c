/*
 * replay.c - run a fuzz harness without libFuzzer: feed each file named
 * on the command line (a directory: each regular file in it, in name
 * order, dot files skipped) to LLVMFuzzerTestOneInput(); with no
 * arguments, the harness's own fuzz_replay_dirs under the source tree.
 * Built with the ordinary compiler in `make check`, so every harness
 * compiles and runs over the regression corpus and a few seeds on every
 * check, as libxml2's testFuzzer does.  A finding aborts (or the
 * sanitizers / valgrind report it); exit 0 means every input ran.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs above this are not fuzz inputs; refuse rather than slow the
 * test suite down. */
#define REPLAY_MAX_INPUT (16u << 20)

static size_t ran;

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t r;

		if (len == cap) {
			if (cap >= REPLAY_MAX_INPUT) {
				fprintf(stderr, "replay: %s: over %u bytes\n",
				    path, REPLAY_MAX_INPUT);
				fclose(fp);
				free(buf);
				return -1;
			}
			cap = cap == 0 ? 4096 : cap * 2;
			buf = eiti_xrealloc(buf, cap);
		}
		r = fread(buf + len, 1, cap - len, fp);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* libFuzzer never passes NULL; give a valid pointer for empty
	 * files too. */
	LLVMFuzzerTestOneInput(buf != NULL ? buf : (unsigned char *)"", len);
	free(buf);
	ran++;
	return 0;
}

static int
run_dir(const char *dir)
{
	struct dirent **names = NULL;
	int n, i, rc = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *path = eiti_xasprintf("%s/%s", dir, names[i]->d_name);
		struct stat st;

		if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && run_file(path) != 0)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* The default corpus: fuzz_replay_dirs under $top_srcdir (set by make
 * check) or the source tree this was configured from. */
static int
run_defaults(void)
{
	const char *top = getenv("top_srcdir");
	int i, rc = 0;

#ifdef EITI_SRCDIR
	if (top == NULL || top[0] == '\0')
		top = EITI_SRCDIR;
#endif
	if (top == NULL || top[0] == '\0') {
		fputs("replay: no source tree (set top_srcdir)\n", stderr);
		return 1;
	}
	for (i = 0; fuzz_replay_dirs[i] != NULL; i++) {
		char *dir = eiti_xasprintf("%s/%s", top, fuzz_replay_dirs[i]);
		struct stat st;

		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
		    run_dir(dir) != 0)
			rc = 1;
		free(dir);
	}
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2)
		rc = run_defaults();
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i]) != 0)
				rc = 1;
		} else if (run_file(argv[i]) != 0) {
			rc = 1;
		}
	}
	printf("replay: %zu inputs\n", ran);
	return rc;
}

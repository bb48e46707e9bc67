/*
 * runstate.c - the record of `eitirep run`'s last good run (runstate.h).
 *
 * The record is text: a first line naming the format, then the
 * inputs ("version V", "epoch E", "manifest SHA", "source N SHA",
 * "template LANG SHA"), then "output NAME SHA" for each output.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache/cache.h"
#include "cli/runstate.h"
#include "core/afile.h"
#include "core/paths.h"
#include "core/sha256.h"

#define HEADER "eitirep run 1\n"
/* A record is small: a line per source and per output. */
#define MAX_RECORD (16u << 20)

char *
eiti_run_inputs(const struct eiti_results *res,
    const struct eiti_template *const *t, size_t nt,
    const struct eiti_clock *clock)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return eiti_xstrdup("");
	fputs(HEADER, fp);
	fprintf(fp, "version %s\n", PACKAGE_VERSION);
	/* the date printed in the outputs, when it is fixed */
	if (clock->fixed)
		fprintf(fp, "epoch %lld\n", clock->now);
	else
		fputs("epoch -\n", fp);
	fprintf(fp, "manifest %s\n",
	    res->manifest_sha256 ? res->manifest_sha256 : "-");
	for (i = 0; i < res->nsources; i++)
		fprintf(fp, "source %zu %s\n", i,
		    res->sources[i].sha256 && res->sources[i].sha256[0]
			? res->sources[i].sha256
			: "-");
	for (i = 0; i < nt; i++)
		fprintf(fp, "template %s %s\n", t[i]->lang, t[i]->sha256);
	fclose(fp);
	return buf;
}

/* The record's text, or NULL when there is none (or it is too large). */
static char *
read_record(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL)
		return NULL;
	buf = eiti_xmalloc(MAX_RECORD + 1);
	n = fread(buf, 1, MAX_RECORD + 1, fp);
	fclose(fp);
	if (n > MAX_RECORD) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* The output lines: "output NAME SHA" for each output as it is now;
 * NULL when one cannot be read. */
static char *
outputs_text(const char *dir, const char *const *outputs, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	bool ok = fp != NULL;

	for (i = 0; i < n && ok; i++) {
		struct eiti_err err = EITI_ERR_INIT;
		char *path = eiti_path_join(dir, outputs[i]), hex[65];
		struct stat sb;

		/* a device or a FIFO in an output's place is never read */
		ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		     eiti_sha256_file(path, hex, NULL, &err) == 0;
		if (ok)
			fprintf(fp, "output %s %s\n", outputs[i], hex);
		free(path);
	}
	if (fp != NULL)
		fclose(fp);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *
eiti_run_state_path(const char *cache_dir, const char *dir)
{
	char *real = realpath(dir, NULL), *def = NULL, *path, hex[65];
	struct eiti_sha256 h;

	if (real == NULL)
		return NULL;
	if (cache_dir == NULL)
		cache_dir = def = eiti_cache_default_dir();
	eiti_sha256_init(&h);
	eiti_sha256_update(&h, real, strlen(real));
	eiti_sha256_final_hex(&h, hex);
	path = eiti_xasprintf("%s/runs/%s", cache_dir, hex);
	free(def);
	free(real);
	return path;
}

bool
eiti_run_unchanged(const char *state, const char *dir, const char *inputs,
    const char *const *outputs, size_t n)
{
	char *rec = read_record(state), *out = NULL;
	size_t il = strlen(inputs);
	bool same = false;

	if (rec != NULL && strncmp(rec, inputs, il) == 0 &&
	    (out = outputs_text(dir, outputs, n)) != NULL)
		same = strcmp(rec + il, out) == 0;
	free(out);
	free(rec);
	return same;
}

int
eiti_run_record(const char *state, const char *dir, const char *inputs,
    const char *const *outputs, size_t n, struct eiti_err *err)
{
	char *parent = eiti_path_dirname(state);
	char *out = outputs_text(dir, outputs, n);
	struct eiti_afile *f = NULL;
	int rc = -1;

	if (out == NULL) {
		eiti_err_set(err, EITI_ERR_IO,
		    "run: cannot read the outputs to record them");
		goto done;
	}
	if (eiti_path_mkdirs(parent, err) != 0 ||
	    eiti_afile_open(&f, state, err) != 0)
		goto done;
	if (eiti_afile_puts(f, inputs, err) != 0 ||
	    eiti_afile_puts(f, out, err) != 0) {
		eiti_afile_abort(f);
		goto done;
	}
	rc = eiti_afile_commit(f, err); /* frees f */
done:
	free(out);
	free(parent);
	return rc;
}

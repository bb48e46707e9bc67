/*
 * streams.c - the revenue stream codes of schemas/streams.csv, read once from
 * schemas/streams.csv (code,name_en,name_es,parent; RFC 4180 quoting).
 *
 * The table is data, not code: a secretariat adds a national stream by
 * editing the CSV.  It is loaded once, explicitly, by eiti_streams_load()
 * (the commands call it before reading any input, so a broken
 * installation is one error naming the file, not a finding per payment),
 * and lives until the process exits.  Lookups go through a string map
 * (core/hash.h), because the validator asks once per payment.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hash.h"
#include "core/paths.h"
#include "model/model.h"

#define MAX_CODES 512 /* a bound on the installed table */

static struct eiti_stream_info *table;
static size_t ntable;
static struct eiti_strmap *by_code; /* code -> index in table */
static int loaded;

/* Split one CSV record (line already without its newline) into at most
 * nf fields, unquoting in place.  Returns the number of fields. */
static size_t
split_csv(char *line, char **f, size_t nf)
{
	size_t n = 0;
	char *p = line, *o;

	while (n < nf) {
		f[n++] = o = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					break;
				if (*p == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
			while (*p != '\0' && *p != ',')
				p++;
		} else {
			while (*p != '\0' && *p != ',')
				*o++ = *p++;
		}
		if (*p != ',') {
			*o = '\0';
			break;
		}
		p++;
		*o = '\0';
	}
	return n;
}

/* Forget a partly loaded table (a failed load). */
static void
unload(void)
{
	size_t i;

	for (i = 0; i < ntable; i++) {
		free((char *)table[i].code);
		free((char *)table[i].name_en);
		free((char *)table[i].name_es);
		free((char *)table[i].parent);
	}
	free(table);
	table = NULL;
	ntable = 0;
	eiti_strmap_free(by_code);
	by_code = NULL;
}

static void
add_code(char **f)
{
	struct eiti_stream_info *s;
	struct eiti_strmap_entry *e;
	bool added;

	table = eiti_xrealloc(table, (ntable + 1) * sizeof(*table));
	s = &table[ntable];
	s->code = eiti_xstrdup(f[0]);
	s->name_en = eiti_xstrdup(f[1]);
	s->name_es = eiti_xstrdup(f[2]);
	s->parent = f[3][0] != '\0' ? eiti_xstrdup(f[3]) : NULL;
	/* the first of duplicate codes is the one looked up */
	e = eiti_strmap_add(by_code, s->code, &added);
	if (added)
		e->value = (void *)(uintptr_t)ntable;
	ntable++;
}

int
eiti_streams_load(struct eiti_err *err)
{
	char *path, *line = NULL, *f[4];
	size_t cap = 0, lineno = 0;
	ssize_t len;
	FILE *fp;
	int rc = -1;

	if (loaded)
		return 0;
	by_code = eiti_strmap_new();
	path = eiti_datafile("schemas/streams.csv");
	fp = fopen(path, "r");
	if (fp == NULL) {
		eiti_err_set(err, EITI_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, fp)) >= 0) {
		while (
		    len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno++ == 0 || len == 0)
			continue; /* the header */
		if (split_csv(line, f, 4) != 4 || f[0][0] == '\0') {
			eiti_err_set(err, EITI_ERR_IO,
			    "%s:%zu: not a record code,name_en,name_es,parent",
			    path, lineno);
			goto out;
		}
		if (ntable >= MAX_CODES) {
			eiti_err_set(err, EITI_ERR_IO,
			    "%s:%zu: more than %d stream codes", path, lineno,
			    MAX_CODES);
			goto out;
		}
		add_code(f);
	}
	if (ferror(fp)) {
		eiti_err_set(err, EITI_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (ntable == 0) {
		eiti_err_set(err, EITI_ERR_IO, "%s: no stream codes", path);
		goto out;
	}
	loaded = 1;
	rc = 0;
out:
	if (rc != 0)
		unload();
	if (fp != NULL)
		fclose(fp);
	free(line);
	free(path);
	return rc;
}

static void
need_loaded(void)
{
	if (!loaded) {
		fputs("eitirep: internal error: stream codes used before "
		      "eiti_streams_load()\n",
		    stderr);
		abort();
	}
}

const struct eiti_stream_info *
eiti_stream_lookup(const char *code)
{
	const struct eiti_strmap_entry *e;

	need_loaded();
	if (code == NULL)
		return NULL;
	e = eiti_strmap_find(by_code, code);
	return e != NULL ? &table[(uintptr_t)e->value] : NULL;
}

const char *
eiti_stream_name(const char *code, const char *lang)
{
	const struct eiti_stream_info *s = eiti_stream_lookup(code);

	if (s == NULL)
		return code;
	if (lang != NULL && strncmp(lang, "es", 2) == 0)
		return s->name_es;
	return s->name_en;
}

const struct eiti_stream_info *
eiti_streams(size_t *n)
{
	need_loaded();
	*n = ntable;
	return table;
}

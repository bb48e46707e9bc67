/*
 * streams.c - the revenue stream codes of SPEC section 6, read once from
 * schemas/streams.csv (code,name_en,name_es,parent; RFC 4180 quoting).
 *
 * The table is data, not code: a secretariat adds a national stream by
 * editing the CSV.  It is loaded lazily on first use (not thread-safe:
 * call any function once before starting threads) and lives until the
 * process exits.  Lookups go through a string map (core/hash.h),
 * because the validator asks once per payment.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hash.h"
#include "core/paths.h"
#include "model/model.h"

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

static void
load(void)
{
	char *path, *line = NULL, *f[4];
	size_t cap = 0, lineno = 0;
	ssize_t len;
	FILE *fp;

	if (loaded)
		return;
	loaded = 1;
	by_code = eiti_strmap_new();
	path = eiti_datafile("schemas/streams.csv");
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		while (
		    len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno++ == 0 || len == 0)
			continue; /* the header */
		if (split_csv(line, f, 4) != 4 || f[0][0] == '\0')
			continue;
		add_code(f);
	}
	free(line);
	fclose(fp);
}

const struct eiti_stream_info *
eiti_stream_lookup(const char *code)
{
	const struct eiti_strmap_entry *e;

	load();
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
	load();
	*n = ntable;
	return table;
}

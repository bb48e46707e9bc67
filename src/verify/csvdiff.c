/*
 * csvdiff.c - a published results.csv against the recomputed one, key by
 * key (company_id, entity_id, stream, project: README, "results.csv"):
 * every key missing on either side and every column whose value differs,
 * with both values.  Both files are read with the import stage's CSV
 * reader (bounded cells, records and columns).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "import/table.h"
#include "verify/verify.h"

/* The columns of the key (0-based), as results.csv orders them. */
static const size_t key_cols[] = {0, 2, 3, 4};
#define NKEY (sizeof(key_cols) / sizeof(key_cols[0]))

struct crow {
	char *key;   /* "company, entity, stream[, project]" */
	char **cell; /* ncol values */
	unsigned long line;
	bool seen;
};

struct ctab {
	char **head;
	size_t ncol;
	struct crow *rows;
	size_t n;
};

static const char *
cell_at(const struct eiti_row *r, size_t i)
{
	return i < r->ncells ? r->cells[i].text : "";
}

static char *
key_of(const struct eiti_row *r)
{
	const char *p = cell_at(r, key_cols[3]);

	return eiti_xasprintf("%s, %s, %s%s%s", cell_at(r, key_cols[0]),
	    cell_at(r, key_cols[1]), cell_at(r, key_cols[2]), p[0] ? ", " : "",
	    p);
}

static void
ctab_free(struct ctab *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->ncol; j++)
			free(t->rows[i].cell[j]);
		free(t->rows[i].cell);
		free(t->rows[i].key);
	}
	for (j = 0; j < t->ncol; j++)
		free(t->head[j]);
	free(t->head);
	free(t->rows);
}

static void
ctab_add(struct ctab *t, const struct eiti_row *r)
{
	struct crow *c;
	size_t j;

	if (t->head == NULL) { /* the header row */
		t->ncol = r->ncells;
		t->head = eiti_xcalloc(t->ncol + 1, sizeof(char *));
		for (j = 0; j < t->ncol; j++)
			t->head[j] = eiti_xstrdup(r->cells[j].text);
		return;
	}
	t->rows = eiti_xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	c = &t->rows[t->n++];
	c->key = key_of(r);
	c->line = r->line;
	c->seen = false;
	c->cell = eiti_xcalloc(t->ncol + 1, sizeof(char *));
	for (j = 0; j < t->ncol; j++)
		c->cell[j] = eiti_xstrdup(cell_at(r, j));
}

/* Read the CSV at path into t; 1 when it is not a readable table. */
static int
ctab_read(struct ctab *t, const char *path, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct eiti_table_opts to;
	struct eiti_table *tab = NULL;
	const struct eiti_row *r;
	size_t errors = diags->errors;
	int rc;

	eiti_table_opts_init(&to);
	to.format = EITI_TABLE_CSV;
	rc = eiti_table_open(&tab, path, path, &to, diags, err);
	if (rc != 0)
		return rc;
	while ((rc = eiti_table_next(tab, &r, diags, err)) == 1)
		ctab_add(t, r);
	eiti_table_free(tab);
	if (rc < 0)
		return -1;
	return diags->errors > errors || t->head == NULL ? 1 : 0;
}

/* The key columns are compared through the key itself. */
static bool
is_key_col(size_t j)
{
	size_t i;

	for (i = 0; i < NKEY; i++)
		if (key_cols[i] == j)
			return true;
	return false;
}

static void
compare_row(struct eiti_verify_outcome *out, const char *published,
    const struct ctab *ours, const struct crow *pub, const struct crow *our)
{
	size_t j;

	for (j = 0; j < ours->ncol; j++)
		if (!is_key_col(j) && strcmp(pub->cell[j], our->cell[j]) != 0)
			eiti_verify_diff(out,
			    "%s:%lu: key (%s): %s differs: published %s, "
			    "recomputed %s",
			    published, pub->line, pub->key, ours->head[j],
			    pub->cell[j][0] ? pub->cell[j] : "(empty)",
			    our->cell[j][0] ? our->cell[j] : "(empty)");
}

static void
compare_tabs(struct eiti_verify_outcome *out, const char *published,
    struct ctab *pub, struct ctab *ours)
{
	struct eiti_strmap *m = eiti_strmap_of_array(
	    ours->n > 0 ? (const void *)&ours->rows[0].key : NULL,
	    sizeof(*ours->rows), ours->n);
	size_t i, j, k;

	for (j = 0; j < ours->ncol; j++)
		if (j >= pub->ncol ||
		    strcmp(pub->head[j], ours->head[j]) != 0) {
			eiti_verify_diff(out,
			    "%s:1: the header differs from results.csv's "
			    "(column %zu: %s expected)",
			    published, j + 1, ours->head[j]);
			eiti_strmap_free(m);
			return;
		}
	for (i = 0; i < pub->n; i++) {
		k = eiti_strmap_index(m, pub->rows[i].key);
		if (k == SIZE_MAX || ours->rows[k].seen) {
			eiti_verify_diff(out, "%s:%lu: key (%s): %s", published,
			    pub->rows[i].line, pub->rows[i].key,
			    k == SIZE_MAX ? "not in the recomputed results"
					  : "listed twice");
			continue;
		}
		ours->rows[k].seen = true;
		compare_row(
		    out, published, ours, &pub->rows[i], &ours->rows[k]);
	}
	for (k = 0; k < ours->n; k++)
		if (!ours->rows[k].seen)
			eiti_verify_diff(out,
			    "%s: key (%s): in the recomputed results, missing "
			    "from the published ones",
			    published, ours->rows[k].key);
	eiti_strmap_free(m);
}

int
eiti_verify_csv(struct eiti_verify_outcome *out, const char *published,
    const char *ours, struct eiti_diags *diags, struct eiti_err *err)
{
	struct ctab p, o;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&o, 0, sizeof(o));
	rc = ctab_read(&o, ours, diags, err);
	if (rc == 0)
		rc = ctab_read(&p, published, diags, err);
	if (rc > 0) {
		eiti_verify_diff(
		    out, "%s: not a results.csv that can be read", published);
		rc = 0;
	} else if (rc == 0) {
		compare_tabs(out, published, &p, &o);
	}
	ctab_free(&p);
	ctab_free(&o);
	return rc;
}

/*
 * xlsx.c - the reconciliation's results as a workbook of real numbers:
 * the keys, the totals by company, stream and entity, and every
 * adjustment and explanation, one sheet each, with an About sheet.
 *
 * results.csv writes amounts with '.' as the decimal separator, which a
 * spreadsheet set to Spanish reads as text or in one column; here every
 * amount is a number cell with the currency's minor-unit digits in its
 * format, so the spreadsheet shows it with its user's separators.  The
 * sheets are tables as data: a header row from a column list, then one
 * row per item, written in order (libxlsxwriter's constant-memory mode:
 * memory does not grow with the number of keys).  The workbook is
 * written to a temporary file and renamed into place only when complete;
 * the same results give the same bytes (the creation time is the
 * results').
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/money.h"
#include "export/export.h"
#include "export/workbook.h"
#include "export/export_int.h"
#include "model/model.h"

struct xw {
	const struct eiti_results *res;
	const char *path;
	struct eiti_err *err;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *money, *count, *wrap;
	int row;
};

/* A column: its header, and whether it holds an amount (its width). */
struct xcol {
	const char *head;
	double width;
};

static int
fail(struct xw *x, lxw_error e, int col)
{
	char cell[32];

	lxw_rowcol_to_cell(cell, (lxw_row_t)x->row, (lxw_col_t)col);
	return eiti_err_set(x->err,
	    e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? EITI_ERR_INVALID
						      : EITI_ERR_IO,
	    "export: %s: %s!%s: %s", x->path, x->ws->name, cell,
	    lxw_strerror(e));
}

static int
put_str(struct xw *x, int col, const char *s)
{
	lxw_error e;

	if (s == NULL || s[0] == '\0')
		return 0;
	e = worksheet_write_string(
	    x->ws, (lxw_row_t)x->row, (lxw_col_t)col, s, NULL);
	return e == LXW_NO_ERROR ? 0 : fail(x, e, col);
}

static int
put_count(struct xw *x, int col, long long n)
{
	lxw_error e = worksheet_write_number(
	    x->ws, (lxw_row_t)x->row, (lxw_col_t)col, (double)n, x->count);

	return e == LXW_NO_ERROR ? 0 : fail(x, e, col);
}

/* An amount in minor units with digits fraction digits: a number when a
 * double holds it exactly, else its exact decimal text. */
static int
put_amount_digits(struct xw *x, int col, int64_t v, int digits)
{
	char buf[EITI_MONEY_BUFSZ];
	double d;
	lxw_error e;

	if (eiti_export_amount_double(&d, v, digits) != 0)
		return put_str(x, col, eiti_money_plain(buf, v, digits));
	e = worksheet_write_number(
	    x->ws, (lxw_row_t)x->row, (lxw_col_t)col, d, x->money);
	return e == LXW_NO_ERROR ? 0 : fail(x, e, col);
}

static int
put_amount(struct xw *x, int col, int64_t v)
{
	return put_amount_digits(x, col, v, x->res->currency_digits);
}

static int
put_bool(struct xw *x, int col, bool b)
{
	return put_str(x, col, b ? "yes" : "no");
}

/* A new sheet with its header row; x->row is then the first data row. */
static int
sheet(struct xw *x, const char *name, const struct xcol *c, int n)
{
	int i;

	x->ws = workbook_add_worksheet(x->wb, name);
	if (x->ws == NULL)
		return eiti_err_set(x->err, EITI_ERR_IO,
		    "export: %s: cannot add sheet '%s'", x->path, name);
	x->row = 0;
	for (i = 0; i < n; i++) {
		lxw_error e = worksheet_set_column(
		    x->ws, (lxw_col_t)i, (lxw_col_t)i, c[i].width, NULL);

		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(
			    x->ws, 0, (lxw_col_t)i, c[i].head, x->head);
		if (e != LXW_NO_ERROR)
			return fail(x, e, i);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return 0;
}

/* ---- the sheets --------------------------------------------------------- */

static int
sheet_about(struct xw *x)
{
	static const struct xcol c[] = {{"item", 34}, {"value", 70}};
	const struct eiti_results *r = x->res;
	const struct {
		const char *item, *value;
	} text[] = {
	    {"title", r->title},
	    {"country", r->country},
	    {"period start", r->period_start},
	    {"period end", r->period_end},
	    {"currency", r->currency},
	    {"level", r->level_project ? "project" : "stream"},
	    {"relative tolerance", r->rel_tol_text},
	    {"generated", r->generated},
	    {"eitirep version", r->tool_version},
	    {"manifest SHA-256", r->manifest_sha256},
	};
	size_t i;

	if (sheet(x, "About", c, 2) != 0)
		return -1;
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++, x->row++)
		if (put_str(x, 0, text[i].item) || put_str(x, 1, text[i].value))
			return -1;
	if ((r->has_materiality && (put_str(x, 0, "materiality") ||
				       put_amount(x, 1, r->materiality))) ||
	    (r->has_materiality && (x->row++, 0)) ||
	    put_str(x, 0, "absolute tolerance") || put_amount(x, 1, r->abs_tol))
		return -1;
	x->row++;
	if (r->has_coverage && (put_str(x, 0, "coverage (percent)") ||
				   put_amount_digits(x, 1, r->coverage_bp, 2)))
		return -1;
	return 0;
}

static const struct xcol key_cols[] = {
    {"company_id", 16},
    {"company_name", 36},
    {"entity_id", 14},
    {"entity_name", 30},
    {"region", 9},
    {"stream", 9},
    {"stream_name", 36},
    {"project", 12},
    {"company_amount", 20},
    {"government_amount", 20},
    {"initial_discrepancy", 20},
    {"company_adjustment", 20},
    {"government_adjustment", 20},
    {"final_discrepancy", 20},
    {"tolerance", 20},
    {"status", 16},
    {"explained", 10},
    {"unreconciled", 12},
    {"in_kind", 9},
    {"in_kind_volume", 14},
    {"in_kind_unit", 12},
};

static int
key_row(struct xw *x, const struct eiti_res_row *r)
{
	const char *sn = eiti_stream_name(r->stream, "en");

	return put_str(x, 0, r->company_id) || put_str(x, 1, r->company_name) ||
	       put_str(x, 2, r->entity_id) || put_str(x, 3, r->entity_name) ||
	       put_str(x, 4, r->region) || put_str(x, 5, r->stream) ||
	       put_str(
		   x, 6, sn != NULL && strcmp(sn, r->stream) != 0 ? sn : "") ||
	       put_str(x, 7, r->project) || put_amount(x, 8, r->c) ||
	       put_amount(x, 9, r->g) || put_amount(x, 10, r->d) ||
	       put_amount(x, 11, r->ac) || put_amount(x, 12, r->ag) ||
	       put_amount(x, 13, r->f) || put_amount(x, 14, r->tolerance) ||
	       put_str(x, 15, eiti_status_name(r->status)) ||
	       put_bool(x, 16, r->explained) ||
	       put_bool(x, 17, eiti_result_unreconciled(r)) ||
	       put_bool(x, 18, r->in_kind) ||
	       put_str(x, 19, r->inkind_volume) ||
	       put_str(x, 20, r->inkind_unit);
}

static int
sheet_keys(struct xw *x)
{
	size_t i;

	if (sheet(x, "Keys", key_cols, sizeof(key_cols) / sizeof(key_cols[0])))
		return -1;
	for (i = 0; i < x->res->nrows; i++, x->row++)
		if (key_row(x, &x->res->rows[i]) != 0)
			return -1;
	return 0;
}

/* The columns of a totals group (README rule 6: in-scope keys). */
static const char *const group_heads[] = {"keys_in_scope", "company_amount",
    "government_amount", "initial_discrepancy", "company_adjustment",
    "government_adjustment", "final_discrepancy_net", "final_discrepancy_gross",
    "discrepancies", "out_of_scope_keys"};
#define NGROUP (sizeof(group_heads) / sizeof(group_heads[0]))

static int
group_cells(struct xw *x, int col, const struct eiti_res_total *t)
{
	size_t oos = t->count[EITI_ST_OUT_OF_SCOPE];

	return put_count(x, col, (long long)(t->keys - oos)) ||
	       put_amount(x, col + 1, t->c) || put_amount(x, col + 2, t->g) ||
	       put_amount(x, col + 3, t->d) || put_amount(x, col + 4, t->ac) ||
	       put_amount(x, col + 5, t->ag) || put_amount(x, col + 6, t->f) ||
	       put_amount(x, col + 7, t->gross) ||
	       put_count(
		   x, col + 8, (long long)t->count[EITI_ST_DISCREPANCY]) ||
	       put_count(x, col + 9, (long long)oos);
}

/* A sheet of totals groups: nlead label columns, then the figures. */
static int
sheet_groups(struct xw *x, const char *name, const char *const *lead, int nlead,
    const struct eiti_res_total *v, size_t n,
    int (*label)(struct xw *, const struct eiti_res_total *))
{
	struct xcol c[16];
	size_t i;
	int k;

	for (k = 0; k < nlead; k++)
		c[k] = (struct xcol){lead[k], k == 0 ? 16 : 34};
	for (i = 0; i < NGROUP; i++)
		c[nlead + (int)i] = (struct xcol){group_heads[i], 20};
	if (sheet(x, name, c, nlead + (int)NGROUP) != 0)
		return -1;
	for (i = 0; i < n; i++, x->row++)
		if (label(x, &v[i]) || group_cells(x, nlead, &v[i]))
			return -1;
	return 0;
}

static int
company_label(struct xw *x, const struct eiti_res_total *t)
{
	return put_str(x, 0, t->key) || put_str(x, 1, t->name);
}

static int
stream_label(struct xw *x, const struct eiti_res_total *t)
{
	const char *sn = eiti_stream_name(t->key, "en");

	return put_str(x, 0, t->key) ||
	       put_str(x, 1, sn != NULL && strcmp(sn, t->key) != 0 ? sn : "");
}

static int
sheet_companies(struct xw *x)
{
	static const char *const lead[] = {"company_id", "company_name"};
	static const struct xcol c[] = {{"company_id", 16},
	    {"company_name", 36}, {"sector", 10}, {"commodity", 14},
	    {"in_scope", 9}, {"reporting", 10},
	    {"government_amount_all_keys", 22}, {"aliases", 24}};
	const struct eiti_results *r = x->res;
	size_t i;

	if (sheet_groups(x, "Companies", lead, 2, r->by_company, r->nby_company,
		company_label) != 0)
		return -1;
	/* every company, in or out of scope, reporting or not */
	if (sheet(x, "Company list", c, 8) != 0)
		return -1;
	for (i = 0; i < r->ncompanies; i++, x->row++) {
		const struct eiti_res_company *co = &r->companies[i];

		if (put_str(x, 0, co->id) || put_str(x, 1, co->name) ||
		    put_str(x, 2, co->sector) || put_str(x, 3, co->commodity) ||
		    put_bool(x, 4, co->in_scope) ||
		    put_bool(x, 5, co->reporting) || put_amount(x, 6, co->g) ||
		    put_str(x, 7, co->aliases))
			return -1;
	}
	return 0;
}

static int
sheet_adjustments(struct xw *x)
{
	static const struct xcol c[] = {{"record", 12}, {"side", 11},
	    {"company_id", 16}, {"entity_id", 14}, {"stream", 9},
	    {"project", 12}, {"class", 16}, {"currency", 9},
	    {"original_amount", 18}, {"amount", 20}, {"reason", 60},
	    {"ref", 24}, {"key_status", 16}};
	const struct eiti_results *r = x->res;
	size_t i;

	if (sheet(x, "Adjustments", c, 13) != 0)
		return -1;
	for (i = 0; i < r->nadjustments; i++, x->row++) {
		const struct eiti_res_adjustment *a = &r->adjustments[i];
		const char *dot = strchr(a->amount_text, '.');
		int dg = dot != NULL ? (int)strlen(dot + 1) : 0;
		int64_t orig = 0;

		if (put_str(x, 0,
			a->is_explanation ? "explanation" : "adjustment") ||
		    put_str(x, 1,
			a->is_explanation	       ? ""
			: a->side == EITI_ROLE_COMPANY ? "company"
						       : "government") ||
		    put_str(x, 2, a->company_id) ||
		    put_str(x, 3, a->entity_id) || put_str(x, 4, a->stream) ||
		    put_str(x, 5, a->project) || put_str(x, 6, a->klass) ||
		    put_str(x, 7, a->currency) || put_str(x, 10, a->reason) ||
		    put_str(x, 11, a->ref) ||
		    put_str(x, 12,
			a->row < r->nrows
			    ? eiti_status_name(r->rows[a->row].status)
			    : ""))
			return -1;
		if (a->is_explanation)
			continue;
		/* the original amount with the digits it was written with */
		if ((dg <= 4 && eiti_money_parse(&orig, a->amount_text, dg) ==
				    EITI_AMOUNT_OK
			    ? put_amount_digits(x, 8, orig, dg)
			    : put_str(x, 8, a->amount_text)) ||
		    put_amount(x, 9, a->value))
			return -1;
	}
	return 0;
}

static int
formats(struct xw *x)
{
	char fmt[32];
	int dg = x->res->currency_digits;

	x->head = workbook_add_format(x->wb);
	x->money = workbook_add_format(x->wb);
	x->count = workbook_add_format(x->wb);
	if (x->head == NULL || x->money == NULL || x->count == NULL)
		return eiti_err_set(
		    x->err, EITI_ERR_IO, "export: %s: out of memory", x->path);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	snprintf(fmt, sizeof(fmt), dg > 0 ? "#,##0.%.*s" : "#,##0",
	    dg > 0 && dg <= 18 ? dg : 0, "000000000000000000");
	format_set_num_format(x->money, fmt);
	format_set_num_format(x->count, "0");
	return 0;
}

static int
fill(struct xw *x)
{
	static const char *const entity_lead[] = {"entity_id", "entity_name"};
	static const char *const stream_lead[] = {"stream", "stream_name"};
	static const char *const region_lead[] = {"region", "region_name"};
	const struct eiti_results *r = x->res;
	lxw_doc_properties props;
	lxw_error e;

	memset(&props, 0, sizeof(props));
	props.title =
	    (char *)(r->title[0] ? r->title : "Reconciliation results");
	props.subject = "EITI reconciliation results";
	props.author = (char *)r->administrator;
	props.comments = "Written by eitirep from results.xml";
	props.created = eiti_export_generated_time(r);
	e = workbook_set_properties(x->wb, &props);
	if (e != LXW_NO_ERROR)
		return eiti_err_set(x->err, EITI_ERR_IO, "export: %s: %s",
		    x->path, lxw_strerror(e));
	return formats(x) || sheet_about(x) || sheet_keys(x) ||
	       sheet_companies(x) ||
	       sheet_groups(x, "Streams", stream_lead, 2, r->by_stream,
		   r->nby_stream, stream_label) ||
	       sheet_groups(x, "Entities", entity_lead, 2, r->by_entity,
		   r->nby_entity, company_label) ||
	       sheet_groups(x, "Regions", region_lead, 1, r->by_region,
		   r->nby_region, company_label) ||
	       sheet_adjustments(x);
}

static int
fill_cb(lxw_workbook *wb, void *ud)
{
	struct xw *x = ud;

	x->wb = wb;
	return fill(x);
}

int
eiti_export_xlsx(
    const struct eiti_results *res, const char *path, struct eiti_err *err)
{
	struct xw x;

	memset(&x, 0, sizeof(x));
	x.res = res;
	x.path = path;
	x.err = err;
	return eiti_export_workbook(path, true, fill_cb, &x, err);
}

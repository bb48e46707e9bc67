/*
 * sdt.c - the EITI Summary Data Template v2.0 workbook (eitirep(1), export).
 *
 * Sheet names, rows and columns are those the EITI's importer reads
 * (EITIorg/eiti eiti_sdi EITISummaryDataImporter.inc):
 *   Part 1 - About: labels in C, values in E, scanned from row 14;
 *   Part 2 - Disclosure checklist: requirement/item in B, status in D,
 *     source in F, from row 17;
 *   Part 3 - Reporting entities: three sub-tables named in B from row 13;
 *     totals are formulas with a cached value (the importer reads the
 *     cached value);
 *   Part 4 - Government revenues: F..K from row 22, ends at an empty F;
 *   Part 5 - Company data: C..N from row 15, ends at an empty C; K..M
 *     say whether the key was paid in kind (EITI Requirement 4.2), with
 *     the volume and unit results.h gives the row; O, after the
 *     template's columns, holds the company id that Part 3's company
 *     totals sum by (two companies may share a display name).
 * The importer scans every sheet while row < highest row, so each sheet
 * ends with a note row after its data, and a blank row ends each table.
 *
 * Every libxlsxwriter return is checked; the workbook is written through
 * eiti_export_workbook() (workbook.c): a temporary file renamed into
 * place only when complete, numbers printed in the "C" locale.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "core/iso.h"
#include "core/money.h"
#include "export/export.h"
#include "export/export_int.h"
#include "export/workbook.h"
#include "model/model.h"

#define SH_INTRO "Introduction"
#define SH_ABOUT "Part 1 - About"
#define SH_CHECK "Part 2 - Disclosure checklist"
#define SH_ENTITIES "Part 3 - Reporting entities"
#define SH_GOV "Part 4 - Government revenues"
#define SH_COMPANY "Part 5 - Company data"
#define SH_LISTS "Lists"

/* First data rows (0-based here; the importer counts from 1). */
#define ABOUT_FIRST 13	  /* row 14 */
#define CHECK_FIRST 16	  /* row 17 */
#define ENTITIES_FIRST 12 /* row 13 */
#define GOV_FIRST 21	  /* row 22 */
#define COMPANY_FIRST 14  /* row 15 */

#define COL_B 1
#define COL_C 2
#define COL_D 3
#define COL_E 4
#define COL_F 5
#define COL_G 6
#define COL_H 7
#define COL_I 8
#define COL_J 9
#define COL_K 10
#define COL_L 11
#define COL_M 12
#define COL_N 13
#define COL_O 14

/* The statuses of Part 2, spelled as the importer maps them. */
#define ST_SYSTEMATIC "Yes, systematically disclosed"
#define ST_EITI "Yes, through EITI reporting"
#define ST_NA "Not applicable"
#define ST_NAV "Not available"

struct sdt {
	const struct exp_view *v;
	const struct eiti_results *res;
	const char *path; /* final path, for messages */
	struct eiti_err *err;
	lxw_workbook *wb;
	lxw_format *title, *bold, *head, *money, *date, *pct, *rate, *wrap;
	/* Part 2 rows, for the Part 1 overview formulas */
	int check_last_row; /* 0-based, last status row */
	int check_items;    /* number of status items */
	int check_count[4]; /* per status, in the order above */
	int gov_last;	    /* 0-based last data row of Part 4 (or first-1) */
	int company_last;   /* same for Part 5 */
};

static int
lxw_fail(struct sdt *s, lxw_error e, lxw_worksheet *ws, int row, int col)
{
	char cell[32];
	int code = EITI_ERR_IO;

	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ||
	    e == LXW_ERROR_255_STRING_LENGTH_EXCEEDED ||
	    e == LXW_ERROR_128_STRING_LENGTH_EXCEEDED ||
	    e == LXW_ERROR_32_STRING_LENGTH_EXCEEDED)
		code = EITI_ERR_INVALID;
	if (ws == NULL)
		return eiti_err_set(
		    s->err, code, "export: %s: %s", s->path, lxw_strerror(e));
	lxw_rowcol_to_cell(cell, (lxw_row_t)row, (lxw_col_t)col);
	return eiti_err_set(s->err, code, "export: %s: %s!%s: %s", s->path,
	    ws->name, cell, lxw_strerror(e));
}

static int
put_str(struct sdt *s, lxw_worksheet *ws, int row, int col, const char *str,
    lxw_format *f)
{
	lxw_error e;

	if (str == NULL || str[0] == '\0')
		return 0; /* libxlsxwriter would write nothing either */
	e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, str, f);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, row, col);
}

static int
put_num(
    struct sdt *s, lxw_worksheet *ws, int row, int col, double d, lxw_format *f)
{
	lxw_error e;

	e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, d, f);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, row, col);
}

static int
amount_double(struct sdt *s, double *d, lxw_worksheet *ws, int row, int col,
    int64_t amount)
{
	char cell[32], buf[EITI_MONEY_BUFSZ];

	if (eiti_export_amount_double(d, amount, s->res->currency_digits) == 0)
		return 0;
	lxw_rowcol_to_cell(cell, (lxw_row_t)row, (lxw_col_t)col);
	return eiti_err_set(s->err, EITI_ERR_INVALID,
	    "export: %s: %s!%s: amount %s %s is beyond the exact range of a "
	    "spreadsheet number (2^52 minor units); use --csv",
	    s->path, ws->name, cell,
	    eiti_money_plain(buf, amount, s->res->currency_digits),
	    s->res->currency);
}

/* An amount, as a number with the currency's minor-unit digits. */
static int
put_amount(struct sdt *s, lxw_worksheet *ws, int row, int col, int64_t amount)
{
	double d;

	if (amount_double(s, &d, ws, row, col, amount) != 0)
		return -1;
	return put_num(s, ws, row, col, d, s->money);
}

/* A formula whose cached result is an exact amount (the importer reads
 * the cached value; a spreadsheet recomputes it). */
static int
put_amount_formula(struct sdt *s, lxw_worksheet *ws, int row, int col,
    const char *formula, int64_t amount)
{
	double d;
	lxw_error e;

	if (amount_double(s, &d, ws, row, col, amount) != 0)
		return -1;
	e = worksheet_write_formula_num(
	    ws, (lxw_row_t)row, (lxw_col_t)col, formula, s->money, d);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, row, col);
}

/*
 * An in-kind volume (exact decimal text, results.h): a number when the
 * cell's text will be the decimal itself, else the text, so that no
 * volume is ever written rounded.  "Itself" means at most 15 significant
 * digits (so the nearest double prints back as the same decimal in its
 * shortest form) and "%.16G" of that double - libxlsxwriter's format, in
 * the "C" locale set for the whole workbook - equal to the decimal's
 * shortest text (no exponent form).  A volume is not money: the double
 * is formed here, for the cell, and nothing is computed with it.
 */
static int
put_volume(struct sdt *s, lxw_worksheet *ws, int row, int col, const char *text)
{
	struct eiti_decimal d;
	char plain[EITI_MONEY_BUFSZ], back[64];
	double x, p = 1.0;
	int i;

	if (text == NULL || text[0] == '\0')
		return 0;
	if (eiti_decimal_parse(&d, text) != EITI_AMOUNT_OK || d.coef < 0 ||
	    d.coef >= INT64_C(1000000000000000))
		return put_str(s, ws, row, col, text, NULL);
	/* 10^scale (scale <= 18) is exact as a double, and so is coef: one
	 * correctly rounded division */
	for (i = 0; i < d.scale; i++)
		p *= 10.0;
	x = (double)d.coef / p;
	snprintf(back, sizeof(back), "%.16G", x);
	if (strcmp(back, eiti_decimal_plain(plain, &d)) != 0)
		return put_str(s, ws, row, col, text, NULL);
	return put_num(s, ws, row, col, x, NULL);
}

/* A YYYY-MM-DD date as a date cell (text if it is not one). */
static int
put_date(struct sdt *s, lxw_worksheet *ws, int row, int col, const char *iso)
{
	lxw_datetime dt;
	int y, m, d, n = 0;
	lxw_error e;

	memset(&dt, 0, sizeof(dt));
	if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    iso[n] != '\0' || n != 10 || y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return put_str(s, ws, row, col, iso, NULL);
	dt.year = y;
	dt.month = m;
	dt.day = d;
	e = worksheet_write_datetime(
	    ws, (lxw_row_t)row, (lxw_col_t)col, &dt, s->date);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, row, col);
}

static int
set_col(struct sdt *s, lxw_worksheet *ws, int first, int last, double width,
    lxw_format *f)
{
	lxw_error e;

	e = worksheet_set_column(
	    ws, (lxw_col_t)first, (lxw_col_t)last, width, f);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, 0, first);
}

static const char *
company_display(const struct exp_crow *cr)
{
	if (cr->company != NULL && cr->company->name[0] != '\0')
		return cr->company->name;
	if (cr->row->company_name[0] != '\0')
		return cr->row->company_name;
	return cr->row->company_id;
}

static const char *
company_name(const struct eiti_res_company *c)
{
	return c->name[0] != '\0' ? c->name : c->id;
}

/* "Royalties (1415E1)": the importer takes the last word, without
 * parentheses, as the GFS code. */
static void
gfs_label(char *buf, size_t size, const char *code)
{
	const char *name = eiti_export_gfs_name(code);

	if (name[0] != '\0')
		snprintf(buf, size, "%s (%s)", name, code);
	else
		snprintf(buf, size, "%s", code);
}

/* ------------------------------------------------------------------ */

static int
sheet_intro(struct sdt *s, lxw_worksheet *ws)
{
	const struct eiti_results *res = s->res;
	char period[64], writer[128];
	static const char *const notes[] = {
	    "This workbook follows the EITI Summary data template, version "
	    "2.0 (2019): its sheet names, rows and columns are those the "
	    "EITI International Secretariat's importer reads.",
	    "It was filled from the reconciliation results, never retyped. "
	    "Fields the reconciliation does not know (publication dates, "
	    "contact details, the contextual items of Part 2) are left blank "
	    "for the multi-stakeholder group to complete.",
	    "Part 4 holds the government's unilateral revenue per entity and "
	    "revenue stream: the total the government declared where it gave "
	    "one, else the sum of its reported receipts, companies below the "
	    "materiality threshold included.",
	    "Part 5 holds one figure per company, government entity and "
	    "revenue stream (and project): the final government figure after "
	    "adjustments; for a payment only the company reported, the "
	    "company's final figure.  The comment says which, and the status "
	    "of the reconciliation.",
	    "Companies below the materiality threshold are out of the "
	    "reconciliation scope: they are counted only in Part 4.",
	    "Part 5 columns K to M (EITI Requirement 4.2): whether a payment "
	    "of the key was made in kind, and the total volume and unit of "
	    "the in-kind payments of the side whose figure is given (the "
	    "government's when it reported them in kind, else the "
	    "company's).  The revenue value includes in-kind payments at "
	    "their value.  The volume is left blank when those payments use "
	    "several units, which are never added.",
	    "Amounts are numbers in the reporting currency, exact to its "
	    "minor unit.",
	};
	size_t i;
	int r;

	snprintf(period, sizeof(period), "%s to %s", res->period_start,
	    res->period_end);
	snprintf(writer, sizeof(writer), "eitirep %s",
	    res->tool_version[0] != '\0' ? res->tool_version : PACKAGE_VERSION);
	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 1, 28, NULL) ||
	    set_col(s, ws, 2, 2, 100, s->wrap) ||
	    put_str(s, ws, 1, COL_B, "EITI Summary data template", s->title) ||
	    put_str(s, ws, 2, COL_B, "Version 2.0", NULL) ||
	    put_str(s, ws, 4, COL_B, "Country or area", s->bold) ||
	    put_str(s, ws, 4, COL_C, s->v->country_name, NULL) ||
	    put_str(s, ws, 5, COL_B, "Period", s->bold) ||
	    put_str(s, ws, 5, COL_C, period, NULL) ||
	    put_str(s, ws, 6, COL_B, "Report", s->bold) ||
	    put_str(s, ws, 6, COL_C, res->title, NULL) ||
	    put_str(s, ws, 7, COL_B, "Reporting currency", s->bold) ||
	    put_str(s, ws, 7, COL_C, res->currency, NULL) ||
	    put_str(s, ws, 8, COL_B, "Independent Administrator", s->bold) ||
	    put_str(s, ws, 8, COL_C, res->administrator, NULL) ||
	    put_str(s, ws, 9, COL_B, "Results generated", s->bold) ||
	    put_str(s, ws, 9, COL_C, res->generated, NULL) ||
	    put_str(s, ws, 10, COL_B, "Written by", s->bold) ||
	    put_str(s, ws, 10, COL_C, writer, NULL) ||
	    put_str(s, ws, 12, COL_B, "Notes", s->bold))
		return -1;
	r = 12;
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++, r++)
		if (put_str(s, ws, r, COL_C, notes[i], s->wrap))
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

/* One Part 1 line: group title (B, may be NULL), label (C), value (E). */
static int
about_str(struct sdt *s, lxw_worksheet *ws, int *row, const char *group,
    const char *label, const char *value)
{
	int r = (*row)++;

	if (group != NULL && put_str(s, ws, r, COL_B, group, s->bold))
		return -1;
	if (put_str(s, ws, r, COL_C, label, NULL))
		return -1;
	return put_str(s, ws, r, COL_E, value, NULL);
}

static int
about_num(struct sdt *s, lxw_worksheet *ws, int *row, const char *group,
    const char *label, double value)
{
	int r = *row;

	if (about_str(s, ws, row, group, label, NULL))
		return -1;
	return put_num(s, ws, r, COL_E, value, NULL);
}

static int
about_date(struct sdt *s, lxw_worksheet *ws, int *row, const char *group,
    const char *label, const char *iso)
{
	int r = *row;

	if (about_str(s, ws, row, group, label, NULL))
		return -1;
	return put_date(s, ws, r, COL_E, iso);
}

/* "1 USD = " the USD rate (report-currency units), 1 for a USD report. */
static int
about_rate(struct sdt *s, lxw_worksheet *ws, int *row)
{
	static const char label[] = "Exchange rate used: 1 USD = ";
	const struct exp_view *v = s->v;
	const struct eiti_decimal *d;
	char fmt[32], cell[32];
	lxw_format *f;
	int r = *row, i;
	double x, p;

	if (about_str(s, ws, row, NULL, label, NULL))
		return -1;
	if (v->report_is_usd)
		return put_num(s, ws, r, COL_E, 1.0, NULL);
	if (v->usd == NULL)
		return 0;
	d = &v->usd->rate;
	/* A rate is not an amount, but it gets the same exactness check:
	 * its coefficient must survive the conversion to double.  A rate
	 * with more digits (up to 18 decimals, 24 digits) is written as its
	 * exact text, like a volume, never rounded. */
	if (d->scale < 0 || d->scale > 18 || d->coef <= 0) {
		lxw_rowcol_to_cell(cell, (lxw_row_t)r, COL_E);
		return eiti_err_set(s->err, EITI_ERR_INVALID,
		    "export: %s: %s!%s: USD rate '%s' is not positive", s->path,
		    ws->name, cell, v->usd->value);
	}
	if (d->coef >= EITI_EXPORT_EXACT_LIMIT)
		return put_str(s, ws, r, COL_E, v->usd->value, NULL);
	/* one correctly rounded division, as for amounts (10^scale is
	 * exact as a double up to 10^22); a rate is never money */
	p = 1.0;
	for (i = 0; i < d->scale; i++)
		p *= 10.0;
	x = (double)d->coef / p;
	snprintf(fmt, sizeof(fmt), "#,##0%s%.*s", d->scale > 0 ? "." : "",
	    d->scale, "000000000000000000");
	f = workbook_add_format(s->wb);
	if (f == NULL)
		return lxw_fail(
		    s, LXW_ERROR_MEMORY_MALLOC_FAILED, ws, r, COL_E);
	format_set_num_format(f, fmt);
	return put_num(s, ws, r, COL_E, x, f);
}

/* Share of the Part 2 status items with one status: a formula over
 * Part 2 (so it follows the MSG's edits) with its current value cached. */
static int
about_share(struct sdt *s, lxw_worksheet *ws, int *row, const char *group,
    const char *label, const char *status, int count)
{
	char formula[256];
	int r = *row;
	lxw_error e;

	if (about_str(s, ws, row, group, label, NULL))
		return -1;
	snprintf(formula, sizeof(formula),
	    "=COUNTIF('" SH_CHECK "'!$D$%d:$D$%d,\"%s\")/%d", CHECK_FIRST + 1,
	    s->check_last_row + 1, status, s->check_items);
	e = worksheet_write_formula_num(ws, (lxw_row_t)r, COL_E, formula,
	    s->pct, (double)count / (double)s->check_items);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(s, e, ws, r, COL_E);
}

static int
sheet_about(struct sdt *s, lxw_worksheet *ws)
{
	const struct eiti_results *res = s->res;
	const struct exp_view *v = s->v;
	const char *yes_no[2] = {"No", "Yes"};
	const char *nat_name = NULL, *nat_code = NULL;
	char note[256];
	int r = ABOUT_FIRST;

	/* The national currency is only known to be the report currency
	 * when that is not the US dollar (a USD report says nothing of the
	 * country's own currency). */
	if (!v->report_is_usd) {
		nat_code = res->currency;
		nat_name = eiti_currency_name(res->currency);
	}
	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 1, 30, NULL) ||
	    set_col(s, ws, 2, 2, 70, NULL) || set_col(s, ws, 3, 3, 3, NULL) ||
	    set_col(s, ws, 4, 4, 40, NULL) ||
	    put_str(s, ws, 1, COL_B, "Part 1 - About", s->title) ||
	    put_str(s, ws, 2, COL_B,
		"Basic characteristics of the country, the period and the "
		"data.",
		NULL) ||
	    put_str(s, ws, 11, COL_C, "Question", s->head) ||
	    put_str(s, ws, 11, COL_E, "Answer", s->head))
		return -1;

	if (about_str(s, ws, &r, "Country", "Country or area name",
		v->country_name) ||
	    about_str(s, ws, &r, NULL, "ISO Alpha-3 Code", v->iso3) ||
	    about_str(s, ws, &r, NULL, "National currency name", nat_name) ||
	    about_str(
		s, ws, &r, NULL, "National currency ISO-4217", nat_code) ||
	    about_date(
		s, ws, &r, "Period covered", "Start Date", res->period_start) ||
	    about_date(s, ws, &r, NULL, "End Date", res->period_end) ||
	    about_str(s, ws, &r, "EITI Report",
		"Has an EITI Report been prepared by an Independent "
		"Administrator?",
		res->administrator[0] != '\0' ? "Yes" : NULL) ||
	    about_str(s, ws, &r, NULL, "What is the name of the company?",
		res->administrator) ||
	    about_str(s, ws, &r, NULL,
		"Date that the EITI Report was made public", NULL) ||
	    about_str(s, ws, &r, NULL, "URL, EITI Report", NULL) ||
	    about_str(s, ws, &r, "Systematic disclosure",
		"Does the government systematically disclose EITI data at a "
		"single location?",
		NULL) ||
	    about_str(
		s, ws, &r, NULL, "Publication date of the EITI data", NULL) ||
	    about_str(
		s, ws, &r, NULL, "Website link (URL) to EITI data", NULL) ||
	    about_str(
		s, ws, &r, NULL, "Are there other files of relevance?", NULL) ||
	    about_str(s, ws, &r, NULL, "Date that other file was made public",
		NULL) ||
	    about_str(s, ws, &r, NULL, "URL", NULL) ||
	    about_str(s, ws, &r, NULL,
		"Does the government have an open data policy?", NULL) ||
	    about_str(s, ws, &r, NULL, "Open data portal / files", NULL) ||
	    about_str(
		s, ws, &r, "Sectors covered", "Oil", yes_no[v->has_oil]) ||
	    about_str(s, ws, &r, NULL, "Gas", yes_no[v->has_gas]) ||
	    about_str(s, ws, &r, NULL, "Mining (incl. Quarrying)",
		yes_no[v->has_mining]) ||
	    about_str(s, ws, &r, NULL, "Other, non-upstream sectors",
		yes_no[v->has_other]) ||
	    about_str(s, ws, &r, NULL,
		"If yes, please specify name (insert new rows if multiple)",
		NULL) ||
	    about_num(s, ws, &r, "Reporting entities",
		"Number of reporting government entities (incl SOEs if "
		"recipient)",
		(double)v->nentities) ||
	    about_num(s, ws, &r, NULL,
		"Number of reporting companies (incl SOEs if payer)",
		(double)v->ncompanies) ||
	    about_str(s, ws, &r, "Currency",
		"Reporting currency (ISO-4217 currency codes)",
		res->currency) ||
	    about_rate(s, ws, &r) ||
	    about_str(s, ws, &r, NULL,
		"Exchange rate source (URL,\xe2\x80\xa6)",
		v->usd != NULL && !v->report_is_usd ? v->usd->source : NULL) ||
	    about_str(s, ws, &r, "Level of disaggregation (Req. 4.7)",
		"\xe2\x80\xa6 by revenue stream", "Yes") ||
	    about_str(
		s, ws, &r, NULL, "\xe2\x80\xa6 by government agency", "Yes") ||
	    about_str(s, ws, &r, NULL, "\xe2\x80\xa6 by company", "Yes") ||
	    about_str(s, ws, &r, NULL, "\xe2\x80\xa6 by project",
		yes_no[res->level_project]) ||
	    about_share(s, ws, &r, "Disclosure checklist (Part 2)",
		"Systematically disclosed", ST_SYSTEMATIC, s->check_count[0]) ||
	    about_share(s, ws, &r, NULL, "Through EITI Reporting", ST_EITI,
		s->check_count[1]) ||
	    about_share(
		s, ws, &r, NULL, "Not applicable", ST_NA, s->check_count[2]) ||
	    about_share(
		s, ws, &r, NULL, "Not available", ST_NAV, s->check_count[3]) ||
	    about_str(s, ws, &r, "Contact details", "Name", NULL) ||
	    about_str(s, ws, &r, NULL, "Organisation", NULL) ||
	    about_str(s, ws, &r, NULL, "Email address", NULL))
		return -1;
	/* The importer reads rows below the highest one only: end with a
	 * note after the last field. */
	snprintf(note, sizeof(note),
	    "Filled from the reconciliation results generated %s; blank "
	    "answers are for the multi-stakeholder group to complete.",
	    res->generated);
	return put_str(s, ws, r + 1, COL_B, note, NULL);
}

/* ------------------------------------------------------------------ */

static const char *const requirements[] = {
    "EITI Requirement 2.1: Legal framework and fiscal regime",
    "EITI Requirement 2.2: Contract and license allocations",
    "EITI Requirement 2.3: Register of licenses",
    "EITI Requirement 2.4: Contract disclosure",
    "EITI Requirement 2.5: Beneficial ownership",
    "EITI Requirement 2.6: State participation",
    "EITI Requirement 3.1: Exploration",
    "EITI Requirement 3.2: Production by commodity",
    "EITI Requirement 3.3: Exports",
    "EITI Requirement 4.1: Comprehensiveness",
    "EITI Requirement 4.2: In-kind revenues",
    "EITI Requirement 4.3: Barter agreements",
    "EITI Requirement 4.4: Transportation revenues",
    "EITI Requirement 4.5: SOE transactions",
    "EITI Requirement 4.6: Direct subnational payments",
    "EITI Requirement 4.8: Data timeliness",
    "EITI Requirement 4.9: Data quality",
    "EITI Requirement 5.1: Distribution of extractive industry revenues",
    "EITI Requirement 5.2: Subnational transfers",
    "EITI Requirement 5.3: Revenue management and expenditures",
    "EITI Requirement 6.1: Social expenditures",
    "EITI Requirement 6.2: Quasi-fiscal expenditures",
    "EITI Requirement 6.3: Economic contribution",
    "EITI Requirement 6.4: Environmental impact",
};

/* The one item written under each requirement. */
#define CHECK_ITEM "Disclosure status"

static int
req_is(const char *req, const char *num)
{
	size_t n = strlen("EITI Requirement ");

	return strncmp(req + n, num, strlen(num)) == 0 &&
	       req[n + strlen(num)] == ':';
}

/* Some Part 5 row was paid in kind (EITI Requirement 4.2). */
static bool
has_inkind(const struct exp_view *v)
{
	size_t i;

	for (i = 0; i < v->ncrows; i++)
		if (v->crows[i].row->in_kind)
			return true;
	return false;
}

static int
sheet_checklist(struct sdt *s, lxw_worksheet *ws)
{
	const struct eiti_results *res = s->res;
	char source[512], note[256];
	size_t i;
	int r = CHECK_FIRST;

	if (res->administrator[0] != '\0')
		snprintf(source, sizeof(source),
		    "%s%sreconciliation of company and government figures by "
		    "%s, %s to %s",
		    res->title, res->title[0] != '\0' ? ": " : "",
		    res->administrator, res->period_start, res->period_end);
	else
		snprintf(source, sizeof(source),
		    "%s%sreconciliation of company and government figures, "
		    "%s to %s",
		    res->title, res->title[0] != '\0' ? ": " : "",
		    res->period_start, res->period_end);
	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 1, 70, NULL) ||
	    set_col(s, ws, 2, 2, 3, NULL) || set_col(s, ws, 3, 3, 32, NULL) ||
	    set_col(s, ws, 4, 4, 3, NULL) || set_col(s, ws, 5, 5, 80, NULL) ||
	    put_str(
		s, ws, 1, COL_B, "Part 2 - Disclosure checklist", s->title) ||
	    put_str(s, ws, 2, COL_B,
		"Status values: " ST_SYSTEMATIC "; " ST_EITI "; " ST_NA
		"; " ST_NAV ".  Blank: not known from the reconciliation, "
		"for the multi-stakeholder group to complete.",
		NULL) ||
	    put_str(s, ws, 15, COL_B, "EITI Requirement / item", s->head) ||
	    put_str(s, ws, 15, COL_D, "Status", s->head) ||
	    put_str(s, ws, 15, COL_F, "Source or comments", s->head))
		return -1;
	s->check_items = 0;
	memset(s->check_count, 0, sizeof(s->check_count));
	for (i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++) {
		const char *req = requirements[i], *status = NULL;

		/* Only what the reconciliation itself establishes: 4.1 and
		 * 4.9 are what it is; 4.6 when it covers payments made
		 * directly to regional or municipal entities; 4.2 when Part
		 * 5 lists in-kind payments (their absence proves nothing).
		 * Requirement 4.7 (disaggregation) is in Part 1. */
		if (req_is(req, "4.1") || req_is(req, "4.9") ||
		    (req_is(req, "4.6") && s->v->has_subnational) ||
		    (req_is(req, "4.2") && has_inkind(s->v)))
			status = ST_EITI;
		if (put_str(s, ws, r++, COL_B, req, s->bold) ||
		    put_str(s, ws, r, COL_B, CHECK_ITEM, NULL) ||
		    put_str(s, ws, r, COL_D, status, NULL) ||
		    put_str(
			s, ws, r, COL_F, status != NULL ? source : NULL, NULL))
			return -1;
		s->check_items++;
		if (status != NULL)
			s->check_count[1]++;
		s->check_last_row = r++;
		if (req_is(req, "4.1") && res->has_coverage) {
			lxw_error e;

			if (put_str(s, ws, r, COL_B,
				"Government revenue covered by the "
				"reconciliation (% of the unilateral total)",
				NULL) ||
			    put_str(s, ws, r, COL_F,
				"In-scope government figures divided by the "
				"government's unilateral total",
				NULL))
				return -1;
			/* hundredths of a percent -> a fraction: a ratio,
			 * not an amount */
			e = worksheet_write_number(ws, (lxw_row_t)r, COL_D,
			    (double)res->coverage_bp / 10000.0, s->pct);
			if (e != LXW_NO_ERROR)
				return lxw_fail(s, e, ws, r, COL_D);
			r++;
		}
	}
	snprintf(note, sizeof(note),
	    "Filled from the reconciliation results generated %s.",
	    res->generated);
	return put_str(s, ws, r + 1, COL_B, note, NULL);
}

/* ------------------------------------------------------------------ */

/* (key, amount) pairs sorted by key: the sums the Part 3 formulas make
 * over a column (entity name, company id), found by binary search. */
struct named {
	const char *name;
	int64_t value;
};

static int
cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Sum of the values whose name is name; false on overflow. */
static bool
named_sum(int64_t *out, const struct named *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	*out = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(v[lo].name, name) == 0; lo++)
		if (!eiti_add(out, *out, v[lo].value))
			return false;
	return true;
}

/* Part 3's government entities from row *r on; *r ends after them. */
static int
entity_list(struct sdt *s, lxw_worksheet *ws, const struct named *gov, int *r)
{
	const struct exp_view *v = s->v;
	int gl = s->gov_last < GOV_FIRST ? GOV_FIRST : s->gov_last;
	char formula[512];
	size_t i;

	if (put_str(s, ws, (*r)++, COL_B, "Reporting government entities list",
		s->bold) ||
	    put_str(s, ws, *r, COL_B, "Full name of agency", s->head) ||
	    put_str(s, ws, *r, COL_C, "Agency type", s->head) ||
	    put_str(s, ws, *r, COL_D, "ID number (if applicable)", s->head) ||
	    put_str(s, ws, *r, COL_E, "Total reported", s->head))
		return -1;
	(*r)++;
	for (i = 0; i < v->nentities; i++, (*r)++) {
		const char *id = v->entity_ids[i];
		const struct eiti_res_entity *e = eiti_export_entity(v, id);
		const char *name = eiti_export_entity_name(v, id);
		int64_t total;

		/* the same sum the formula makes: Part 4 rows whose entity
		 * cell equals this name */
		if (!named_sum(&total, gov, v->ngrows, name))
			return eiti_err_set(s->err, EITI_ERR_INVALID,
			    "export: results: total of entity %s overflows",
			    id);
		snprintf(formula, sizeof(formula),
		    "=SUMPRODUCT(('" SH_GOV "'!$I$%d:$I$%d=B%d)*'" SH_GOV
		    "'!$J$%d:$J$%d)",
		    GOV_FIRST + 1, gl + 1, *r + 1, GOV_FIRST + 1, gl + 1);
		if (put_str(s, ws, *r, COL_B, name, NULL) ||
		    put_str(s, ws, *r, COL_C,
			e != NULL ? eiti_export_agency_type(e->level) : NULL,
			NULL) ||
		    put_str(s, ws, *r, COL_D, id, NULL) ||
		    put_amount_formula(s, ws, *r, COL_E, formula, total))
			return -1;
	}
	return 0;
}

/* Part 3's companies from row *r on; *r ends after them. */
static int
company_list(struct sdt *s, lxw_worksheet *ws, const struct named *com, int *r)
{
	const struct exp_view *v = s->v;
	int cl =
	    s->company_last < COMPANY_FIRST ? COMPANY_FIRST : s->company_last;
	char formula[512];
	size_t i;

	if (put_str(
		s, ws, (*r)++, COL_B, "Reporting companies' list", s->bold) ||
	    put_str(s, ws, *r, COL_B, "Full company name", s->head) ||
	    put_str(s, ws, *r, COL_C, "Company ID", s->head) ||
	    put_str(s, ws, *r, COL_D, "Sector", s->head) ||
	    put_str(
		s, ws, *r, COL_E, "Commodities (use ; to separate)", s->head) ||
	    put_str(s, ws, *r, COL_F,
		"Stock exchange listing or company website", s->head) ||
	    put_str(s, ws, *r, COL_G, "Audited financial statement", s->head) ||
	    put_str(s, ws, *r, COL_H,
		"Payments to governments (total reported)", s->head))
		return -1;
	(*r)++;
	if (put_str(s, ws, *r, COL_B, "Company ID references", NULL) ||
	    put_str(s, ws, *r, COL_C,
		"Identifiers as used in the reconciliation (company id of "
		"results.xml)",
		NULL))
		return -1;
	(*r)++;
	for (i = 0; i < v->ncompanies; i++, (*r)++) {
		const struct eiti_res_company *c = v->companies[i];
		const char *name = company_name(c);
		int64_t total;

		/* by company id, never by name: two companies may share a
		 * name (the same sum as the formula over Part 5's column O) */
		if (!named_sum(&total, com, v->ncrows, c->id))
			return eiti_err_set(s->err, EITI_ERR_INVALID,
			    "export: results: total of company %s overflows",
			    c->id);
		snprintf(formula, sizeof(formula),
		    "=SUMPRODUCT(('" SH_COMPANY
		    "'!$O$%d:$O$%d=C%d)*'" SH_COMPANY "'!$J$%d:$J$%d)",
		    COMPANY_FIRST + 1, cl + 1, *r + 1, COMPANY_FIRST + 1,
		    cl + 1);
		if (put_str(s, ws, *r, COL_B, name, NULL) ||
		    put_str(s, ws, *r, COL_C, c->id, NULL) ||
		    put_str(s, ws, *r, COL_D,
			eiti_export_sector_label(c->sector), NULL) ||
		    put_str(s, ws, *r, COL_E, c->commodity, NULL) ||
		    put_amount_formula(s, ws, *r, COL_H, formula, total))
			return -1;
	}
	return 0;
}

/* Part 3's projects (level project only) from row r on, and the note
 * after them; a blank B ends this table. */
static int
project_list(struct sdt *s, lxw_worksheet *ws, int r)
{
	const struct exp_view *v = s->v;
	char note[256];
	size_t i;

	if (put_str(s, ws, r++, COL_B, "Reporting projects' list", s->bold) ||
	    put_str(s, ws, r, COL_B, "Full project name", s->head) ||
	    put_str(s, ws, r, COL_C, "Legal agreement reference number(s)",
		s->head) ||
	    put_str(s, ws, r, COL_D, "Affiliated companies (use ; to separate)",
		s->head) ||
	    put_str(
		s, ws, r, COL_E, "Commodities (use ; to separate)", s->head) ||
	    put_str(s, ws, r, COL_F, "Status", s->head) ||
	    put_str(s, ws, r, COL_G, "Production (volume)", s->head) ||
	    put_str(s, ws, r, COL_H, "Unit", s->head) ||
	    put_str(s, ws, r, COL_I, "Production value", s->head) ||
	    put_str(s, ws, r, COL_J, "Currency", s->head))
		return -1;
	r++;
	for (i = 0; i < v->nprojects; i++, r++)
		if (put_str(s, ws, r, COL_B, v->projects[i].id, NULL) ||
		    put_str(s, ws, r, COL_D, v->projects[i].companies, NULL) ||
		    put_str(s, ws, r, COL_E, v->projects[i].commodities, NULL))
			return -1;
	snprintf(note, sizeof(note),
	    s->res->level_project
		? "Projects as identified in the reconciliation (project id)."
		: "The reconciliation was made at revenue-stream level: no "
		  "project-level data.");
	return put_str(s, ws, r + 1, COL_B, note, NULL);
}

static int
entities_fill(struct sdt *s, lxw_worksheet *ws, const struct named *gov,
    const struct named *com)
{
	int r = ENTITIES_FIRST;

	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 1, 45, NULL) ||
	    set_col(s, ws, 2, 9, 22, NULL) ||
	    put_str(s, ws, 1, COL_B, "Part 3 - Reporting entities", s->title) ||
	    put_str(s, ws, 2, COL_B,
		"Government entities, companies and projects covered by the "
		"reconciliation.  Totals are formulas over Parts 4 and 5.",
		NULL) ||
	    entity_list(s, ws, gov, &r) != 0)
		return -1;
	r++;
	if (company_list(s, ws, com, &r) != 0)
		return -1;
	r++;
	return project_list(s, ws, r);
}

static int
sheet_entities(struct sdt *s, lxw_worksheet *ws)
{
	const struct exp_view *v = s->v;
	struct named *gov, *com;
	size_t i;
	int rc;

	gov = eiti_xcalloc(v->ngrows + 1, sizeof(*gov));
	for (i = 0; i < v->ngrows; i++) {
		gov[i].name =
		    eiti_export_entity_name(v, v->grows[i].uni->entity_id);
		gov[i].value = v->grows[i].value;
	}
	qsort(gov, v->ngrows, sizeof(*gov), cmp_named);
	com = eiti_xcalloc(v->ncrows + 1, sizeof(*com));
	for (i = 0; i < v->ncrows; i++) {
		com[i].name = v->crows[i].row->company_id;
		com[i].value = v->crows[i].value;
	}
	qsort(com, v->ncrows, sizeof(*com), cmp_named);
	rc = entities_fill(s, ws, gov, com);
	free(gov);
	free(com);
	return rc;
}

/* ------------------------------------------------------------------ */

static int
sheet_gov(struct sdt *s, lxw_worksheet *ws)
{
	const struct exp_view *v = s->v;
	const struct eiti_results *res = s->res;
	char gfs[256], formula[128];
	int r = GOV_FIRST, last;
	int64_t total = 0;
	size_t i;

	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 2, 24, NULL) ||
	    set_col(s, ws, 3, 4, 3, NULL) || set_col(s, ws, 5, 5, 50, NULL) ||
	    set_col(s, ws, 6, 6, 14, NULL) || set_col(s, ws, 7, 7, 45, NULL) ||
	    set_col(s, ws, 8, 8, 40, NULL) || set_col(s, ws, 9, 9, 22, NULL) ||
	    set_col(s, ws, 10, 10, 10, NULL) ||
	    put_str(
		s, ws, 1, COL_B, "Part 4 - Government revenues", s->title) ||
	    put_str(s, ws, 2, COL_B,
		"Revenue received by each government entity per revenue "
		"stream, as the government reported it (its unilateral "
		"total, companies below the materiality threshold included).",
		NULL) ||
	    put_str(s, ws, 20, COL_F, "GFS classification", s->head) ||
	    put_str(s, ws, 20, COL_G, "Sector", s->head) ||
	    put_str(s, ws, 20, COL_H, "Revenue stream name", s->head) ||
	    put_str(s, ws, 20, COL_I, "Government entity", s->head) ||
	    put_str(s, ws, 20, COL_J, "Revenue value", s->head) ||
	    put_str(s, ws, 20, COL_K, "Currency", s->head))
		return -1;
	worksheet_freeze_panes(ws, 21, 0);
	for (i = 0; i < v->ngrows; i++, r++) {
		const struct exp_grow *g = &v->grows[i];

		gfs_label(gfs, sizeof(gfs), g->uni->stream);
		if (!eiti_add(&total, total, g->value))
			return eiti_err_set(s->err, EITI_ERR_INVALID,
			    "export: results: government revenue total "
			    "overflows");
		if (put_str(s, ws, r, COL_F, gfs, NULL) ||
		    put_str(s, ws, r, COL_G, g->sector, NULL) ||
		    put_str(s, ws, r, COL_H,
			eiti_stream_name(g->uni->stream, res->lang), NULL) ||
		    put_str(s, ws, r, COL_I,
			eiti_export_entity_name(v, g->uni->entity_id), NULL) ||
		    put_amount(s, ws, r, COL_J, g->value) ||
		    put_str(s, ws, r, COL_K, res->currency, NULL))
			return -1;
	}
	last = r - 1;
	/* a blank row ends the table for the importer; the total follows */
	snprintf(formula, sizeof(formula), "=SUM(J%d:J%d)", GOV_FIRST + 1,
	    last < GOV_FIRST ? GOV_FIRST + 1 : last + 1);
	if (put_str(s, ws, r + 1, COL_H, "Total", s->bold) ||
	    put_amount_formula(s, ws, r + 1, COL_J, formula, total) ||
	    put_str(s, ws, r + 1, COL_K, res->currency, NULL))
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

/* The Part 5 comment: which figure, and what the reconciliation found. */
static void
crow_comment(
    char *buf, size_t size, const struct exp_view *v, const struct exp_crow *cr)
{
	const struct eiti_results *res = v->res;
	const struct eiti_res_row *r = cr->row;
	char a[EITI_MONEY_BUFSZ], b[EITI_MONEY_BUFSZ], f[EITI_MONEY_BUFSZ];
	int64_t cf, gf;
	size_t len, i;
	int d = res->currency_digits;

	/* the final figures fit: the view computed the same sums */
	if (!eiti_add(&cf, r->c, r->ac))
		cf = 0;
	if (!eiti_add(&gf, r->g, r->ag))
		gf = 0;
	switch (r->status) {
	case EITI_ST_MATCHED:
		snprintf(buf, size,
		    "Reconciled: company and government "
		    "figures agree");
		break;
	case EITI_ST_WITHIN_TOLERANCE:
		snprintf(buf, size,
		    "Reconciled within the margin of variance: company figure "
		    "%s, final difference %s %s",
		    eiti_money_plain(a, cf, d), eiti_money_plain(f, r->f, d),
		    res->currency);
		break;
	case EITI_ST_DISCREPANCY:
		snprintf(buf, size,
		    "Unreconciled discrepancy: company figure %s, government "
		    "figure %s, final difference %s %s",
		    eiti_money_plain(a, cf, d), eiti_money_plain(b, gf, d),
		    eiti_money_plain(f, r->f, d), res->currency);
		break;
	case EITI_ST_COMPANY_ONLY:
		snprintf(buf, size,
		    "Company figure: reported by the company "
		    "only, not confirmed by the government");
		break;
	case EITI_ST_GOVERNMENT_ONLY:
		snprintf(buf, size,
		    "Reported by the government only; the "
		    "company did not report it");
		break;
	default:
		snprintf(buf, size, "%s", eiti_status_name(r->status));
		break;
	}
	/* in kind, but no one volume to give in L (results.h) */
	if (r->in_kind &&
	    (r->inkind_unit == NULL || r->inkind_unit[0] == '\0')) {
		len = strlen(buf);
		snprintf(buf + len, size - len,
		    ". Paid partly or wholly in kind, in several units: no "
		    "total volume");
	}
	/* the reasons the IA accepted, after the figures */
	for (i = 0; i < r->nadj && r->first_adj + i < res->nadjustments; i++) {
		const struct eiti_res_adjustment *adj =
		    &res->adjustments[r->first_adj + i];

		len = strlen(buf);
		if (len + 4 >= size)
			break;
		snprintf(buf + len, size - len, "%s%s%s%s",
		    i == 0 ? ". Explained: " : "; ", adj->klass,
		    adj->klass[0] != '\0' ? ": " : "", adj->reason);
	}
}

static int
sheet_company(struct sdt *s, lxw_worksheet *ws)
{
	const struct exp_view *v = s->v;
	const struct eiti_results *res = s->res;
	char comment[2048], formula[128];
	int r = COMPANY_FIRST, last;
	int64_t total = 0;
	size_t i;

	if (set_col(s, ws, 0, 0, 3, NULL) || set_col(s, ws, 1, 1, 10, NULL) ||
	    set_col(s, ws, 2, 2, 40, NULL) || set_col(s, ws, 3, 3, 35, NULL) ||
	    set_col(s, ws, 4, 4, 40, NULL) || set_col(s, ws, 5, 6, 12, NULL) ||
	    set_col(s, ws, 7, 7, 20, NULL) || set_col(s, ws, 8, 8, 10, NULL) ||
	    set_col(s, ws, 9, 9, 22, NULL) ||
	    set_col(s, ws, 10, 12, 12, NULL) ||
	    set_col(s, ws, 13, 13, 80, NULL) ||
	    set_col(s, ws, 14, 14, 20, NULL) ||
	    put_str(s, ws, 1, COL_B, "Part 5 - Company data", s->title) ||
	    put_str(s, ws, 2, COL_B,
		"One figure per company, government entity and revenue stream "
		"(and project): the final government figure after "
		"adjustments; where only the company reported a payment, the "
		"company's final figure.",
		NULL) ||
	    put_str(s, ws, 3, COL_B,
		"Companies below the materiality threshold are not listed "
		"here; their payments are part of the totals of Part 4.",
		NULL) ||
	    put_str(s, ws, 4, COL_B,
		"In kind (K to M, EITI Requirement 4.2): the volume and unit "
		"of the in-kind payments of the side whose figure is given; "
		"blank when they use several units.",
		NULL) ||
	    put_str(s, ws, 13, COL_B, "GFS code", s->head) ||
	    put_str(s, ws, 13, COL_C, "Company", s->head) ||
	    put_str(s, ws, 13, COL_D, "Government entity", s->head) ||
	    put_str(s, ws, 13, COL_E, "Revenue stream name", s->head) ||
	    put_str(s, ws, 13, COL_F, "Levied on project (Y/N)", s->head) ||
	    put_str(s, ws, 13, COL_G, "Reported by project (Y/N)", s->head) ||
	    put_str(s, ws, 13, COL_H, "Project name", s->head) ||
	    put_str(s, ws, 13, COL_I, "Reporting currency", s->head) ||
	    put_str(s, ws, 13, COL_J, "Revenue value", s->head) ||
	    put_str(s, ws, 13, COL_K, "Payment made in kind (Y/N)", s->head) ||
	    put_str(
		s, ws, 13, COL_L, "In-kind volume (if applicable)", s->head) ||
	    put_str(s, ws, 13, COL_M, "Unit (if applicable)", s->head) ||
	    put_str(s, ws, 13, COL_N, "Comments", s->head) ||
	    put_str(s, ws, 13, COL_O, "Company ID", s->head))
		return -1;
	worksheet_freeze_panes(ws, 14, 0);
	for (i = 0; i < v->ncrows; i++, r++) {
		const struct exp_crow *cr = &v->crows[i];
		const struct eiti_res_row *row = cr->row;
		const char *levied = NULL, *by_project = "No";

		/* At project level a key with a project was levied and
		 * reported by project; at stream level whether a payment
		 * was levied on a project is not known. */
		if (res->level_project)
			levied = by_project =
			    row->project[0] != '\0' ? "Yes" : "No";
		crow_comment(comment, sizeof(comment), v, cr);
		if (!eiti_add(&total, total, cr->value))
			return eiti_err_set(s->err, EITI_ERR_INVALID,
			    "export: results: company data total overflows");
		if (put_str(s, ws, r, COL_B, row->stream, NULL) ||
		    put_str(s, ws, r, COL_C, company_display(cr), NULL) ||
		    put_str(s, ws, r, COL_D,
			eiti_export_entity_name(v, row->entity_id), NULL) ||
		    put_str(s, ws, r, COL_E,
			eiti_stream_name(row->stream, res->lang), NULL) ||
		    put_str(s, ws, r, COL_F, levied, NULL) ||
		    put_str(s, ws, r, COL_G, by_project, NULL) ||
		    put_str(s, ws, r, COL_H, row->project, NULL) ||
		    put_str(s, ws, r, COL_I, res->currency, NULL) ||
		    put_amount(s, ws, r, COL_J, cr->value) ||
		    put_str(
			s, ws, r, COL_K, row->in_kind ? "Yes" : "No", NULL) ||
		    put_volume(s, ws, r, COL_L,
			row->in_kind ? row->inkind_volume : NULL) ||
		    put_str(s, ws, r, COL_M,
			row->in_kind ? row->inkind_unit : NULL, NULL) ||
		    put_str(s, ws, r, COL_N, comment, NULL) ||
		    put_str(s, ws, r, COL_O, row->company_id, NULL))
			return -1;
	}
	last = r - 1;
	snprintf(formula, sizeof(formula), "=SUM(J%d:J%d)", COMPANY_FIRST + 1,
	    last < COMPANY_FIRST ? COMPANY_FIRST + 1 : last + 1);
	if (put_str(s, ws, r + 1, COL_I, "Total", s->bold) ||
	    put_amount_formula(s, ws, r + 1, COL_J, formula, total))
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

static int
sheet_lists(struct sdt *s, lxw_worksheet *ws)
{
	static const char *const statuses[] = {
	    ST_SYSTEMATIC, ST_EITI, ST_NA, ST_NAV};
	static const char *const sectors[] = {"oil", "gas", "mining", "other"};
	static const char *const levels[] = {
	    "national", "regional", "municipal", "soe"};
	const struct eiti_stream_info *st;
	size_t i, n = 0;

	if (set_col(s, ws, 0, 0, 10, NULL) || set_col(s, ws, 2, 2, 30, NULL) ||
	    set_col(s, ws, 4, 4, 12, NULL) || set_col(s, ws, 6, 6, 36, NULL) ||
	    set_col(s, ws, 8, 8, 10, NULL) || set_col(s, ws, 9, 9, 60, NULL) ||
	    set_col(s, ws, 10, 10, 10, NULL) ||
	    put_str(s, ws, 0, 0, "Yes / No", s->head) ||
	    put_str(s, ws, 1, 0, "Yes", NULL) ||
	    put_str(s, ws, 2, 0, "No", NULL) ||
	    put_str(s, ws, 0, 2, "Disclosure status", s->head) ||
	    put_str(s, ws, 0, 4, "Sector", s->head) ||
	    put_str(s, ws, 0, 6, "Agency type", s->head) ||
	    put_str(s, ws, 0, 8, "GFS code", s->head) ||
	    put_str(s, ws, 0, 9, "GFS classification", s->head) ||
	    put_str(s, ws, 0, 10, "Parent", s->head))
		return -1;
	for (i = 0; i < 4; i++)
		if (put_str(s, ws, (int)i + 1, 2, statuses[i], NULL) ||
		    put_str(s, ws, (int)i + 1, 4,
			eiti_export_sector_label(sectors[i]), NULL) ||
		    put_str(s, ws, (int)i + 1, 6,
			eiti_export_agency_type(levels[i]), NULL))
			return -1;
	st = eiti_streams(&n);
	for (i = 0; st != NULL && i < n; i++)
		if (put_str(s, ws, (int)i + 1, 8, st[i].code, NULL) ||
		    put_str(s, ws, (int)i + 1, 9, st[i].name_en, NULL) ||
		    put_str(s, ws, (int)i + 1, 10, st[i].parent, NULL))
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */

static lxw_format *
new_format(struct sdt *s)
{
	lxw_format *f = workbook_add_format(s->wb);

	if (f == NULL)
		lxw_fail(s, LXW_ERROR_MEMORY_MALLOC_FAILED, NULL, 0, 0);
	return f;
}

static int
make_formats(struct sdt *s)
{
	char money[32];
	int d = s->res->currency_digits;

	snprintf(
	    money, sizeof(money), "#,##0%s%.*s", d > 0 ? "." : "", d, "0000");
	if ((s->title = new_format(s)) == NULL ||
	    (s->bold = new_format(s)) == NULL ||
	    (s->head = new_format(s)) == NULL ||
	    (s->money = new_format(s)) == NULL ||
	    (s->date = new_format(s)) == NULL ||
	    (s->pct = new_format(s)) == NULL ||
	    (s->wrap = new_format(s)) == NULL)
		return -1;
	format_set_bold(s->title);
	format_set_font_size(s->title, 14);
	format_set_bold(s->bold);
	format_set_bold(s->head);
	format_set_text_wrap(s->head);
	format_set_bg_color(s->head, 0xD9D9D9);
	format_set_border(s->head, LXW_BORDER_THIN);
	format_set_num_format(s->money, money);
	format_set_num_format(s->date, "yyyy-mm-dd");
	format_set_num_format(s->pct, "0.00%");
	format_set_text_wrap(s->wrap);
	format_set_align(s->wrap, LXW_ALIGN_VERTICAL_TOP);
	return 0;
}

/* Fill the workbook; the sheets are added in the order the importer
 * validates, then filled in an order that knows the row ranges the
 * formulas refer to. */
static int
fill(struct sdt *s)
{
	static const char *const names[] = {SH_INTRO, SH_ABOUT, SH_CHECK,
	    SH_ENTITIES, SH_GOV, SH_COMPANY, SH_LISTS};
	lxw_worksheet *ws[7];
	lxw_doc_properties props;
	lxw_error e;
	size_t i;

	for (i = 0; i < 7; i++) {
		ws[i] = workbook_add_worksheet(s->wb, names[i]);
		if (ws[i] == NULL)
			return eiti_err_set(s->err, EITI_ERR_IO,
			    "export: %s: cannot add sheet '%s'", s->path,
			    names[i]);
	}
	memset(&props, 0, sizeof(props));
	props.title =
	    (char *)(s->res->title[0] != '\0' ? s->res->title
					      : "EITI Summary data template");
	props.subject = "EITI Summary data template, version 2.0";
	props.author = (char *)s->res->administrator;
	props.comments = "Written by eitirep from reconciliation results";
	props.created = eiti_export_generated_time(s->res);
	e = workbook_set_properties(s->wb, &props);
	if (e != LXW_NO_ERROR)
		return lxw_fail(s, e, NULL, 0, 0);
	if (make_formats(s) != 0)
		return -1;
	s->gov_last = GOV_FIRST + (int)s->v->ngrows - 1;
	s->company_last = COMPANY_FIRST + (int)s->v->ncrows - 1;
	if (sheet_intro(s, ws[0]) || sheet_checklist(s, ws[2]) ||
	    sheet_about(s, ws[1]) || sheet_gov(s, ws[4]) ||
	    sheet_company(s, ws[5]) || sheet_entities(s, ws[3]) ||
	    sheet_lists(s, ws[6]))
		return -1;
	worksheet_activate(ws[1]);
	return 0;
}

static int
fill_cb(lxw_workbook *wb, void *ud)
{
	struct sdt *s = ud;

	s->wb = wb;
	return fill(s);
}

int
eiti_export_sdt(
    const struct eiti_results *res, const char *path, struct eiti_err *err)
{
	struct exp_view v;
	struct sdt s;
	int rc;

	memset(&s, 0, sizeof(s));
	if (eiti_export_view_build(&v, res, err) != 0)
		return -1;
	s.v = &v;
	s.res = res;
	s.path = path;
	s.err = err;
	rc = eiti_export_workbook(path, false, fill_cb, &s, err);
	eiti_export_view_free(&v);
	return rc;
}

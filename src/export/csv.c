/*
 * csv.c - the flattened open-data files in the column layout of EITI's
 * republication of summary data: company.csv (payments per
 * company and revenue stream) and government.csv (revenue per government
 * entity and stream).
 *
 * RFC 4180: UTF-8, CRLF line ends, a header row, fields quoted only when
 * they hold a comma, a double quote, CR or LF, text fields guarded against
 * formula injection (core/csv.h).  Deterministic: rows in
 * byte order of their keys, created/changed from the results' generation
 * time.  Amounts are plain decimals with the currency's minor-unit digits
 * (eiti_money_plain); value_reported_as_USD is converted with the one
 * rounding division, or empty when no USD rate is known.  The GFS code is
 * the EITI's own spelling ("1415E1"; NRGI's harvester wrote "1415-E1").
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/afile.h"
#include "core/csv.h"
#include "core/iso.h"
#include "core/money.h"
#include "export/export.h"
#include "export/export_int.h"
#include "model/model.h"

static const char company_header[] =
    "created,changed,country,iso3,year,start_date,end_date,company_name,"
    "gfs_code,gfs_description,name_of_revenue_stream,currency_code,"
    "currency_rate,value_reported,value_reported_as_USD,reporting_url,"
    "commodities,company_identification";
static const char government_header[] =
    "created,changed,country,iso3,year,start_date,end_date,"
    "government_agency_name,gfs_code,gfs_description,"
    "name_of_revenue_stream,currency_code,currency_rate,value_reported,"
    "value_reported_as_USD,reporting_url";

struct put_ctx {
	struct eiti_afile *f;
	struct eiti_err *err;
};

static int
afile_put(void *ud, const char *p, size_t n)
{
	struct put_ctx *c = ud;

	return eiti_afile_write(c->f, p, n, c->err);
}

/* One text field (core/csv.h: quoted when RFC 4180 needs it, guarded
 * against formula injection), preceded by a comma unless first. */
static int
put_field(struct eiti_afile *f, const char *s, int first, struct eiti_err *err)
{
	struct put_ctx c = {f, err};

	if (!first && eiti_afile_write(f, ",", 1, err) != 0)
		return -1;
	return eiti_csv_field(s, afile_put, &c);
}

/* A number (an amount, a rate), after a comma: written as it is, so a
 * negative amount keeps its sign and nothing else. */
static int
put_number(struct eiti_afile *f, const char *s, struct eiti_err *err)
{
	if (eiti_afile_write(f, ",", 1, err) != 0)
		return -1;
	return eiti_afile_puts(f, s, err);
}

static int
end_line(struct eiti_afile *f, struct eiti_err *err)
{
	return eiti_afile_write(f, "\r\n", 2, err);
}

/* The published URL of the disclosure a party submitted itself: only an
 * http(s) source whose reporter is that party (a local path means nothing
 * to a reader of open data). */
static const char *
reporting_url(
    const struct eiti_results *res, enum eiti_role role, const char *party)
{
	size_t i;

	for (i = 0; i < res->nsources; i++) {
		const struct eiti_res_source *src = &res->sources[i];
		const char *u = src->url[0] != '\0' ? src->url : src->href;

		if (src->is_adjustments || src->role != role ||
		    strcmp(src->reporter, party) != 0)
			continue;
		if (strncmp(u, "https://", 8) == 0 ||
		    strncmp(u, "http://", 7) == 0)
			return u;
	}
	return "";
}

/* The columns every row shares, up to and including the name column. */
static int
put_common(struct eiti_afile *f, const struct exp_view *v, const char *name,
    const char *stream, struct eiti_err *err)
{
	const struct eiti_results *res = v->res;

	return put_field(f, res->generated, 1, err) ||
		       put_field(f, res->generated, 0, err) ||
		       put_field(f, v->country_name, 0, err) ||
		       put_field(f, v->iso3, 0, err) ||
		       put_field(f, v->year, 0, err) ||
		       put_field(f, res->period_start, 0, err) ||
		       put_field(f, res->period_end, 0, err) ||
		       put_field(f, name, 0, err) ||
		       put_field(f, stream, 0, err) ||
		       put_field(f, eiti_export_gfs_name(stream), 0, err) ||
		       put_field(
			   f, eiti_stream_name(stream, res->lang), 0, err) ||
		       put_field(f, res->currency, 0, err)
		   ? -1
		   : 0;
}

/* currency_rate, value_reported, value_reported_as_USD */
static int
put_values(struct eiti_afile *f, const struct exp_view *v, int64_t value,
    struct eiti_err *err)
{
	char rate[EITI_MONEY_BUFSZ], val[EITI_MONEY_BUFSZ],
	    usd[EITI_MONEY_BUFSZ];
	int64_t u;
	int k;

	rate[0] = usd[0] = '\0';
	if (v->report_is_usd)
		strcpy(rate, "1");
	else if (v->usd != NULL)
		eiti_decimal_plain(rate, &v->usd->rate);
	k = eiti_export_usd(&u, v, value, err);
	if (k < 0)
		return -1;
	if (k > 0)
		eiti_money_plain(usd, u, eiti_currency_digits("USD"));
	eiti_money_plain(val, value, v->res->currency_digits);
	return put_number(f, rate, err) || put_number(f, val, err) ||
		       put_number(f, usd, err)
		   ? -1
		   : 0;
}

struct cs_key {
	const struct exp_crow *cr;
};

static int
cmp_cs(const void *a, const void *b)
{
	const struct cs_key *x = a, *y = b;
	int c = strcmp(x->cr->row->company_id, y->cr->row->company_id);

	return c != 0 ? c : strcmp(x->cr->row->stream, y->cr->row->stream);
}

static const char *
crow_name(const struct exp_crow *cr)
{
	if (cr->company != NULL && cr->company->name[0] != '\0')
		return cr->company->name;
	if (cr->row->company_name[0] != '\0')
		return cr->row->company_name;
	return cr->row->company_id;
}

/* company.csv: one row per in-scope company and stream, the sum of its
 * final figures over entities (and projects). */
static int
write_company(
    struct eiti_afile *f, const struct exp_view *v, struct eiti_err *err)
{
	struct cs_key *keys;
	size_t i, j;
	int rc = -1;

	keys = eiti_xcalloc(v->ncrows + 1, sizeof(*keys));
	for (i = 0; i < v->ncrows; i++)
		keys[i].cr = &v->crows[i];
	qsort(keys, v->ncrows, sizeof(*keys), cmp_cs);
	if (eiti_afile_puts(f, company_header, err) || end_line(f, err))
		goto out;
	for (i = 0; i < v->ncrows; i = j) {
		const struct exp_crow *cr = keys[i].cr;
		int64_t sum = 0;

		for (j = i; j < v->ncrows && cmp_cs(&keys[i], &keys[j]) == 0;
		     j++)
			if (!eiti_add(&sum, sum, keys[j].cr->value)) {
				eiti_err_set(err, EITI_ERR_INVALID,
				    "export: results: payments of %s for %s "
				    "overflow",
				    cr->row->company_id, cr->row->stream);
				goto out;
			}
		if (put_common(f, v, crow_name(cr), cr->row->stream, err) ||
		    put_values(f, v, sum, err) ||
		    put_field(f,
			reporting_url(
			    v->res, EITI_ROLE_COMPANY, cr->row->company_id),
			0, err) ||
		    put_field(f,
			cr->company != NULL ? cr->company->commodity : "", 0,
			err) ||
		    put_field(f, cr->row->company_id, 0, err) ||
		    end_line(f, err))
			goto out;
	}
	rc = 0;
out:
	free(keys);
	return rc;
}

/* government.csv: the unilateral totals, already one per (entity,
 * stream) in byte order. */
static int
write_government(
    struct eiti_afile *f, const struct exp_view *v, struct eiti_err *err)
{
	size_t i;

	if (eiti_afile_puts(f, government_header, err) || end_line(f, err))
		return -1;
	for (i = 0; i < v->ngrows; i++) {
		const struct exp_grow *g = &v->grows[i];

		if (put_common(f, v,
			eiti_export_entity_name(v, g->uni->entity_id),
			g->uni->stream, err) ||
		    put_values(f, v, g->value, err) ||
		    put_field(f,
			reporting_url(
			    v->res, EITI_ROLE_GOVERNMENT, g->uni->entity_id),
			0, err) ||
		    end_line(f, err))
			return -1;
	}
	return 0;
}

int
eiti_export_csv(
    const struct eiti_results *res, const char *dir, struct eiti_err *err)
{
	struct exp_view v;
	struct eiti_afile_group *g = NULL;
	struct eiti_afile *fc, *fg;
	int rc = -1;

	/* one level: the parent must exist */
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return eiti_err_set(err, EITI_ERR_IO,
		    "export: %s: cannot create directory: %s", dir,
		    strerror(errno));
	if (eiti_export_view_build(&v, res, err) != 0)
		return -1;
	/* both complete before either replaces the previous file */
	if (eiti_afile_group_open(&g, dir, err) != 0 ||
	    eiti_afile_group_add(g, &fc, EITI_EXPORT_CSV_COMPANY, err) != 0 ||
	    eiti_afile_group_add(g, &fg, EITI_EXPORT_CSV_GOVERNMENT, err) !=
		0 ||
	    write_company(fc, &v, err) || write_government(fg, &v, err))
		goto out;
	rc = eiti_afile_group_commit(g, err);
	g = NULL;
out:
	eiti_afile_group_abort(g);
	eiti_export_view_free(&v);
	return rc;
}

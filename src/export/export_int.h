/*
 * export_int.h - what the two open-data writers (sdt.c, csv.c) share: one
 * "view" of a struct eiti_results that decides, once, which rows go where
 * and which figure each row carries.
 *
 * Decisions (also stated in the workbook's Introduction sheet, on the
 * Part 5 sheet and in `eitirep export --help`):
 *  - company data (SDT Part 5, company.csv) covers in-scope keys only;
 *    out-of-scope companies enter only the government totals (Part 4,
 *    government.csv), as their payments are part of the unilateral total;
 *  - the one figure per key is the final government figure G + AG when the
 *    government side is present, else the final company figure C + AC
 *    (company-only keys), so that no reported payment disappears;
 *  - government revenue per (entity, stream) is the declared unilateral
 *    total when the government gave one, else G over all keys.
 * Every sum is overflow-checked; nothing here uses floating point.
 */
#ifndef EITI_EXPORT_EXPORT_INT_H
#define EITI_EXPORT_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "model/results.h"

/* One company-data row (SDT Part 5): an in-scope key. */
struct exp_crow {
	const struct eiti_res_row *row;
	const struct eiti_res_company *company; /* NULL if not declared */
	int64_t value;	   /* the final figure, see above */
	bool from_company; /* value is C + AC (no government side) */
};

/* One government-revenue row (SDT Part 4): a unilateral total. */
struct exp_grow {
	const struct eiti_res_unilateral *uni;
	const struct eiti_res_entity *entity; /* NULL if not declared */
	int64_t value;
	char sector[40]; /* "Mining", "Oil, Gas" ... or "" when unknown */
};

/* One project (SDT Part 3, level project only). */
struct exp_project {
	const char *id;
	char *companies;   /* "Name A; Name B" (heap) */
	char *commodities; /* "coal; gold" (heap) */
};

struct exp_view {
	const struct eiti_results *res;
	const char *country_name, *iso3; /* never NULL (code when unknown) */
	char year[5];			 /* of period_end */
	const struct eiti_res_rate *usd; /* NULL: none given */
	bool report_is_usd;

	struct exp_crow *crows;
	size_t ncrows;
	struct exp_grow *grows;
	size_t ngrows;
	/* Part 3 lists: in-scope companies that reported (companies[]
	 * order; Part 1 counts them) and every
	 * entity that has a government row or a company row (entities[]
	 * order, then undeclared ids in byte order). */
	const struct eiti_res_company **companies;
	size_t ncompanies;
	const char **entity_ids;
	size_t nentities;
	struct exp_project *projects;
	size_t nprojects;
	/* sectors of the in-scope companies */
	bool has_oil, has_gas, has_mining, has_other;
	/* some in-scope key pays a regional or municipal entity (4.6) */
	bool has_subnational;

	/* private: lookup indexes sorted by id */
	const struct eiti_res_company **cix;
	size_t ncix;
	const struct eiti_res_entity **eix;
	size_t neix;
};

/* Build the view.  Returns 0, or -1 with err set (EITI_ERR_INVALID for an
 * inconsistent results struct or an overflowing sum). */
int eiti_export_view_build(
    struct exp_view *v, const struct eiti_results *res, struct eiti_err *err);
void eiti_export_view_free(struct exp_view *v);

const struct eiti_res_company *eiti_export_company(
    const struct exp_view *v, const char *id);
const struct eiti_res_entity *eiti_export_entity(
    const struct exp_view *v, const char *id);

/* Display name of an entity id: its declared name, else the id. */
const char *eiti_export_entity_name(const struct exp_view *v, const char *id);

/* "Mining", "Oil", "Gas", "Other" for a results sector, or "" */
const char *eiti_export_sector_label(const char *sector);

/* SDT agency type for an entity level ("national" ...), or "". */
const char *eiti_export_agency_type(const char *level);

/* The results' generation time (else the end of the period, else the
 * zip epoch): the creation time every workbook records, so that the same
 * results give the same bytes. */
time_t eiti_export_generated_time(const struct eiti_results *res);

/* English GFS classification name of a stream code, or "" if unknown. */
const char *eiti_export_gfs_name(const char *code);

/*
 * The value in US dollar minor units (2 digits) of an amount in minor
 * units of the report currency: the amount itself when the report
 * currency is USD, else amount / rate(USD) rounded once, half away from
 * zero (eiti_money_convert_inverse).  Returns 1 and sets *out when known, 0
 * when no USD rate is given, -1 with err set on overflow.
 */
int eiti_export_usd(int64_t *out, const struct exp_view *v, int64_t amount,
    struct eiti_err *err);

#endif

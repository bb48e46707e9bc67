/*
 * results.h - the outcome of a reconciliation: everything results.xml
 * holds and everything the report and the open-data export need.
 *
 * Produced in memory by eiti_recon_run() (reconcile.h), written by
 * eiti_results_write_xml()/_csv() (reconcile.h), read back from
 * results.xml by eiti_results_load() (validate.h).  render and export see
 * only this struct.  All amounts are int64 minor units of the report
 * currency (currency_digits) unless a field says otherwise.  Arrays are in
 * the order they are written (rows in byte order of company_id,
 * entity_id, stream, project; groups in byte order of their key).
 * Strings are never NULL unless the comment says so; "" means absent.
 * Everything is owned by the struct's arena: free with eiti_results_free().
 * The struct itself is heap-allocated (eiti_xcalloc) apart from the arena
 * (an eiti_arena *), and eiti_results_free() releases both.
 *
 * Totals groups: amounts count in-scope keys only (eitirep-results(5), Totals);
 * keys and count[] count every key of the group, out-of-scope ones included (in
 * count[EITI_ST_OUT_OF_SCOPE]), so the report can say how many keys were
 * out of scope.  A group exists when at least one key falls into it; a
 * group of out-of-scope keys only has zero amounts.
 */
#ifndef EITI_MODEL_RESULTS_H
#define EITI_MODEL_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/money.h"
#include "model/model.h"
#include "model/transfers.h"

enum eiti_status {
	EITI_ST_MATCHED,
	EITI_ST_WITHIN_TOLERANCE,
	EITI_ST_DISCREPANCY,
	EITI_ST_COMPANY_ONLY,
	EITI_ST_GOVERNMENT_ONLY,
	EITI_ST_OUT_OF_SCOPE,
	EITI_ST_COUNT
};

/* "matched", "within-tolerance", ... (the results.csv spelling). */
const char *eiti_status_name(enum eiti_status s);
/* Parse that spelling; -1 if unknown. */
int eiti_status_parse(const char *s);

struct eiti_res_rate {
	const char *currency, *value, *source; /* value: decimal text */
	struct eiti_decimal rate;
};

struct eiti_res_tolerance {
	const char *stream, *entity; /* entity "" = every entity */
	bool has_abs, has_rel;
	int64_t abs;
	struct eiti_decimal rel;
	const char *rel_text;
};

/* One adjustment or explanation, as recorded and as converted. */
struct eiti_res_adjustment {
	bool is_explanation;
	enum eiti_role side;
	const char *company_id, *entity_id, *stream, *project;
	const char *currency, *amount_text; /* original; "" for explanations */
	int64_t value;			    /* converted; 0 for explanations */
	const char *klass, *reason, *ref;   /* klass/ref may be "" */
	size_t row;			    /* index into rows, or SIZE_MAX */
};

struct eiti_res_row {
	const char *company_id, *company_name, *entity_id, *entity_name;
	const char *stream, *project; /* project "" at level stream */
	const char *region;	      /* of the entity; "" when none */
	int64_t c, g, d, ac, ag, f;
	int64_t tolerance; /* T, rounded half away, for display */
	enum eiti_status status;
	bool explained;
	/* |F| > T, exactly (README rule 4: beyond both the floor and the
	 * percentage), whatever the status; the engine sets it from the
	 * unrounded tolerance.  Always true for a discrepancy. */
	bool beyond_tolerance;
	bool has_company,
	    has_government;	/* side present (eitirep-results(5), Sides) */
	size_t first_adj, nadj; /* its adjustments/explanations: a run in
				   adjustments[] (they are sorted by row) */
	/*
	 * In-kind payments (EITI Requirement 4.2, eitirep-disclosure(5)).
	 * in_kind: at least one payment of the key, on either side, was made in
	 * kind. The volume and unit are those of ONE side, the one whose figure
	 * the SDT Part 5 reports (export_int.h): the government side's
	 * in-kind payments when it reported any, else the company side's.
	 * inkind_volume is the exact sum of that side's volumes as the
	 * shortest decimal text ("1250000", "1200.5"), inkind_unit their
	 * common unit.  Both are "" when in_kind is false, and both are ""
	 * when that side's in-kind payments use more than one unit: volumes
	 * in different units are never added, and "" is never a unit (the
	 * validator requires a non-empty one), so in_kind with an empty
	 * unit always means "in kind, several units".  Hand-built structs
	 * may leave both NULL: readers treat NULL as "".
	 */
	bool in_kind;
	const char *inkind_volume;
	const char *inkind_unit;
};

/* A totals group (eitirep-results(5), Totals), over in-scope keys only. */
struct eiti_res_total {
	const char *key;  /* company id, stream code, entity id, region code;
			     "" for the overall total or for "no region" */
	const char *name; /* display name: company/entity name, "" otherwise */
	int64_t c, g, d, ac, ag, f, gross; /* gross = sum |F| */
	size_t keys;
	size_t count[EITI_ST_COUNT];
};

struct eiti_res_company {
	const char *id, *name, *sector, *commodity;
	bool in_scope, reporting;
	int64_t g;	     /* sum of government-side G over all its keys */
	const char *aliases; /* "A, B" or "" */
};

struct eiti_res_entity {
	const char *id, *name, *level, *region; /* region "" when none */
};

/* Government unilateral totals per (entity, stream), eitirep-results(5),
 * Totals. */
struct eiti_res_unilateral {
	const char *entity_id, *stream;
	int64_t declared; /* sum of <total> elements, converted */
	bool has_declared;
	int64_t g_all; /* sum of G over all keys (in scope or not) */
	int64_t g_in;  /* sum of G over in-scope keys */
};

struct eiti_res_nonreporting {
	const char *company_id, *company_name;
	int64_t g;
	int64_t share_bp; /* of the coverage denominator, hundredths of % */
};

struct eiti_res_source {
	enum eiti_role role; /* adjustments file: EITI_ROLE_GOVERNMENT and
				is_adjustments */
	bool is_adjustments;
	const char *href, *reporter; /* reporter "" for adjustments */
	const char *url, *final_url, *etag, *last_modified, *retrieved;
	const char *outcome, *sha256;
	/* a table imported through a profile (eitirep-manifest(5)): the
	 * profile as the manifest names it and the profile digest (the
	 * profile file, then its map files: eitirep-profile(5)); ""
	 * otherwise */
	const char *profile, *profile_sha256;
	long http_status;
	long long bytes;
	size_t payments; /* payments read from it */
};

struct eiti_res_validation {
	const char *file;
	size_t errors, warnings;
};

/* A text given per language (manifest xml:lang): a title, a paragraph of
 * the Independent Administrator's conclusions, a recommendation. */
struct eiti_res_text {
	const char *lang; /* "" when untagged */
	const char *text;
};

/* One finding (diag.h) carried into the results: the validator's
 * warnings, and the engine's own (an explanation matching no key). */
struct eiti_res_finding {
	const char *file;
	unsigned long line, col;
	bool is_error;
	const char *rule, *message;
};

struct eiti_results {
	/* parameters (from the manifest) */
	const char *title, *country, *period_start, *period_end;
	const char *currency, *lang, *administrator;
	/* the cover logo, the PNG file itself (core/png.h: checked before
	 * any decoding), carried base64 in results.xml; NULL and 0 when
	 * there is none */
	const unsigned char *logo;
	size_t logo_size;
	int currency_digits;
	bool level_project;
	bool has_materiality;
	int64_t materiality, abs_tol;
	struct eiti_decimal rel_tol;
	const char *rel_tol_text;
	/* every title with its language (title above is the one printed
	 * when no language is asked for); the Independent Administrator's
	 * conclusions, one paragraph each, and recommendations, each in the
	 * language of its manifest element, in manifest order */
	struct eiti_res_text *titles, *conclusions, *recommendations;
	size_t ntitles, nconclusions, nrecommendations;
	const char
	    *generated; /* ISO 8601 UTC; from SOURCE_DATE_EPOCH when set */
	const char *tool_version;
	/* SHA-256 of the manifest the results come from (64 hex digits), ""
	 * when unknown: the report states it for `eitirep verify`. */
	const char *manifest_sha256;

	struct eiti_res_rate *rates;
	size_t nrates;
	struct eiti_res_tolerance *tolerances;
	size_t ntolerances;

	struct eiti_res_row *rows;
	size_t nrows;
	struct eiti_res_adjustment *adjustments;
	size_t nadjustments;

	struct eiti_res_company *companies; /* every canonical company */
	size_t ncompanies;
	struct eiti_res_entity *entities;
	size_t nentities;

	struct eiti_res_total overall;
	struct eiti_res_total *by_company, *by_stream, *by_entity, *by_region;
	size_t nby_company, nby_stream, nby_entity, nby_region;

	/* coverage: in-scope G / denominator (eitirep-results(5), Totals) */
	int64_t coverage_num, coverage_den;
	bool has_coverage;   /* den != 0 */
	int64_t coverage_bp; /* hundredths of a percent */
	struct eiti_res_unilateral *unilateral;
	size_t nunilateral;

	struct eiti_res_nonreporting *nonreporting;
	size_t nnonreporting;

	struct eiti_res_source *sources; /* manifest order, adjustments last */
	size_t nsources;
	struct eiti_res_validation *validation;
	size_t nvalidation;

	void *arena;

	/* every finding (capped per file as in diag.h), in diags order */
	struct eiti_res_finding *findings;
	size_t nfindings;

	/* subnational transfers (transfers.h); NULL when the inputs declare
	 * none */
	struct eiti_res_transfers *transfers;
};

void eiti_results_free(struct eiti_results *r); /* accepts NULL */

/*
 * The one definition of an unreconciled key (README rule 7): its status is
 * discrepancy, or company-only / government-only with |F| > T, and it has
 * no adjustment or explanation.  The report names these keys in its
 * executive summary; --fail-on-discrepancy exits 5 when there is one.
 */
bool eiti_result_unreconciled(const struct eiti_res_row *r);

/*
 * The one computation of a row's derived figures (README, reconciliation
 * rules 2, 4 and 5): from its c, g, ac, ag and sides, its company's scope and
 * the tolerance that applies (abs_tol, rel), set d = C - G, f = (C + AC) - (G +
 * AG), the tolerance shown, beyond_tolerance and status.  reconcile sets a row
 * with it; the loader of results.xml checks a row with it.  Returns
 * EITI_DERIVE_OK, or which figure overflows.
 */
enum eiti_derive_rc {
	EITI_DERIVE_OK,
	EITI_DERIVE_DISCREPANCY, /* d or f does not fit */
	EITI_DERIVE_TOLERANCE	 /* T does not fit */
};
enum eiti_derive_rc eiti_result_derive(struct eiti_res_row *row, bool in_scope,
    int64_t abs_tol, const struct eiti_decimal *rel);

/* Add a row to a total (by company, stream, entity, region or overall):
 * keys and the count of its status always, the figures and gross
 * (sum of |F|) unless it is out of scope (README,
 * reconciliation rule 6).  false when a
 * sum overflows (t is then partly updated). */
bool eiti_result_total_add(
    struct eiti_res_total *t, const struct eiti_res_row *row);

/*
 * Which language to print the texts v[0..n) in, for a report in lang:
 * lang when a text has it, else "" when an untagged text exists, else the
 * first text's language; NULL when n is 0.  Print the texts whose lang is
 * that (strcmp).
 */
const char *eiti_res_text_lang(
    const struct eiti_res_text *v, size_t n, const char *lang);

/* The report's title in lang (the rule above over titles), else title;
 * "" when there is none. */
const char *eiti_results_title(
    const struct eiti_results *res, const char *lang);

/* How many rows of res are unreconciled (eiti_result_unreconciled()). */
size_t eiti_results_unreconciled(const struct eiti_results *res);

#endif

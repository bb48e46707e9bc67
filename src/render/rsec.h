/*
 * rsec.h - what the report's sections share (report.c): names of
 * statuses, classes, streams, entities and places, amounts as text,
 * section starts and cross-references, and indexes of the results'
 * companies and entities.  Sections live in sec_front.c (cover, contents,
 * summary), sec_scope.c (method and the totals), sec_keys.c (adjustments,
 * keys with differences, conclusions), sec_xfer.c (subnational
 * transfers) and sec_annex.c (appendices).
 *
 * Every section function runs twice (layout pass and drawing pass, see
 * rint.h) and must take the same decisions both times: nothing in it may
 * depend on the pass except through the layout engine.  Data strings
 * (names, reasons, URLs) go through r_clean() before Pango sees them.
 */
#ifndef EITI_RENDER_RSEC_H
#define EITI_RENDER_RSEC_H

#include "render/rint.h"

extern const char *const r_status_id[EITI_ST_COUNT];
extern const uint32_t r_status_rgb[EITI_ST_COUNT];
extern const uint32_t r_series_rgb[2];

/* Explanation classes of the adjustments file, in report order. */
#define R_NCLASS 10
extern const char *const r_class_id[R_NCLASS];
/* Index of a class in r_class_id; "" and unknown classes are "other". */
int r_class_index(const char *klass);

const char *r_status_name(struct rdoc *d, enum eiti_status s);
const char *r_class_name(struct rdoc *d, const char *klass);
/* "level.national" etc., or the cleaned value itself. */
const char *r_coded(struct rdoc *d, const char *prefix, const char *v);
const char *r_stream_name(struct rdoc *d, const char *code);
/* "1415E1 Royalties", or the code alone when it has no name. */
const char *r_stream_label(struct rdoc *d, const char *code);
/* Stream code (bold) and, when known, its name below it. */
void r_stream_parts(struct rdoc *d, struct rrow *r, int col, const char *code);
/* An entity by name, with its id below (id alone when unknown). */
void r_entity_parts(struct rdoc *d, struct rrow *r, int col, const char *id);
const struct eiti_res_entity *r_entity(struct rdoc *d, const char *id);
/* Index in res->companies of the company id, or SIZE_MAX. */
size_t r_company_index(struct rdoc *d, const char *id);
/* The display name of a company id (its name, else the id), cleaned. */
const char *r_company_name(struct rdoc *d, const char *id);
const char *r_region_name(struct rdoc *d, const char *code);
/* A key's company and entity by name (the id when it has none),
 * cleaned. */
const char *r_row_company(struct rdoc *d, const struct eiti_res_row *r);
const char *r_row_entity(struct rdoc *d, const struct eiti_res_row *r);
const char *r_period_text(struct rdoc *d);
const char *r_money_s(struct rdoc *d, int64_t v);
const char *r_money_cur(struct rdoc *d, int64_t v);
/* The first row of company id in res->rows (sorted by company id) and
 * the number of its rows. */
size_t r_company_rows(struct rdoc *d, const char *id, size_t *n);
/* In-scope keys of a totals group. */
size_t r_in_scope_keys(const struct eiti_res_total *x);

/* Start section i: a new page, or the current one when it has room and
 * the section may share it; its numbered heading. */
void r_section_start(struct rdoc *d, int i);
/* A numbered subheading of the current section (level 2 or 3). */
void r_subheading(struct rdoc *d, int level, const char *text);
/* Index of the section id, or -1 when the template has none. */
int r_section_find(struct rdoc *d, const char *id);
/* "section 9, page 14" for section id, or NULL when it is absent. */
const char *r_section_ref(struct rdoc *d, const char *id);

/* A two-column table of labels and values. */
void r_kv_begin(struct rdoc *d, struct rtable *t, double label_w, bool right);
void r_kv_row(struct rdoc *d, struct rtable *t, const char *label,
    const char *val, bool run, enum rs st);

/* The keys with the n largest |value(row)| among rows that pred accepts,
 * largest first (ties in row order); returns how many were found. */
size_t r_top_rows(const struct eiti_results *res, size_t *out, size_t n,
    bool (*pred)(const struct eiti_res_row *),
    int64_t (*value)(const struct eiti_res_row *));

/* Whether the results have subnational transfers (the transfers section
 * is left out otherwise). */
bool r_has_transfers(const struct eiti_results *res);

/* The sections. */
void r_sec_cover(struct rdoc *d, int idx);
void r_sec_contents(struct rdoc *d, int idx);
void r_sec_summary(struct rdoc *d, int idx);
void r_sec_method(struct rdoc *d, int idx);
void r_sec_streams(struct rdoc *d, int idx);
void r_sec_companies(struct rdoc *d, int idx);
void r_sec_stream_groups(struct rdoc *d, int idx);
void r_sec_entities(struct rdoc *d, int idx);
void r_sec_regions(struct rdoc *d, int idx);
void r_sec_nonreporting(struct rdoc *d, int idx);
void r_sec_adjustments(struct rdoc *d, int idx);
void r_sec_details(struct rdoc *d, int idx);
void r_sec_transfers(struct rdoc *d, int idx);
void r_sec_conclusions(struct rdoc *d, int idx);
void r_sec_keys(struct rdoc *d, int idx);
void r_sec_index(struct rdoc *d, int idx);
void r_sec_provenance(struct rdoc *d, int idx);
void r_sec_verification(struct rdoc *d, int idx);
void r_sec_validation(struct rdoc *d, int idx);
void r_sec_glossary(struct rdoc *d, int idx);

#endif

/*
 * model.h - plain data shared by the stages: what a disclosure, a manifest
 * and an adjustments file say.  No library headers here.
 *
 * Disclosures are never held whole in memory: the validator streams them
 * and hands each item to a struct eiti_disclosure_sink (validate.h); the
 * strings in the structs below are borrowed for the duration of that
 * callback only.  Manifests and adjustment files are small and are loaded
 * whole; their strings live as long as the loaded object.
 */
#ifndef EITI_MODEL_MODEL_H
#define EITI_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/money.h"

enum eiti_role { EITI_ROLE_COMPANY, EITI_ROLE_GOVERNMENT };

const char *eiti_role_name(enum eiti_role r); /* "company" | "government" */

/* --- one disclosure, streamed -------------------------------------- */

struct eiti_disclosure_hdr {
	const char *file; /* display name used in diagnostics */
	enum eiti_role role;
	const char *country, *period_start, *period_end, *reporter, *currency;
	int currency_digits;
};

struct eiti_entity_decl {
	const char *id, *name, *level, *region; /* region may be NULL */
	unsigned long line, col;		/* col 0: unknown */
};

struct eiti_company_decl {
	const char *id, *name, *sector, *commodity; /* commodity may be NULL */
	unsigned long line, col;		    /* col 0: unknown */
};

struct eiti_total_decl {
	const char *stream, *entity, *currency;
	int64_t amount;		 /* minor units of currency */
	unsigned long line, col; /* of the element's '<' (col 0: unknown) */
};

struct eiti_payment {
	const char *id, *company, *entity, *stream;
	const char *currency; /* resolved: the disclosure's when absent */
	int currency_digits;
	int64_t amount; /* minor units of currency */
	const char *amount_text;
	const char *date, *project, *note; /* each may be NULL */
	bool in_kind;
	const char *volume, *unit; /* in-kind only; may be NULL */
	unsigned long line, col;   /* of the element's '<' (col 0: unknown) */
};

/*
 * Subnational transfers (EITI Requirement 5.2): a government disclosure's
 * <transfer> (side sent: declared by the transferring entity; received:
 * by the recipient) and <entitlement> (what the revenue-sharing rule
 * gives the recipient, as published by the body that computes it).
 */
struct eiti_transfer {
	const char *id, *from, *to, *stream;
	bool received;	      /* side="received"; else "sent" */
	const char *currency; /* resolved: the disclosure's when absent */
	int currency_digits;
	int64_t amount; /* minor units of currency */
	const char *amount_text;
	const char *date, *basis, *note; /* each may be NULL */
	unsigned long line, col;	 /* of the element's '<' */
};

struct eiti_entitlement {
	const char *from, *to, *stream;
	const char *currency; /* resolved: the disclosure's when absent */
	int currency_digits;
	int64_t amount; /* minor units of currency */
	const char *amount_text;
	const char *basis, *note; /* each may be NULL */
	unsigned long line, col;  /* of the element's '<' */
};

/* --- the manifest (eitirep-manifest(5)), loaded whole
 * ------------------------- */

struct eiti_rate_decl {
	const char *currency;
	struct eiti_decimal value; /* report-currency units per unit */
	const char *value_text, *source;
	unsigned long line;
};

struct eiti_tolerance_decl {
	const char *stream;
	const char *entity; /* NULL: every entity */
	bool has_abs, has_rel;
	int64_t abs; /* minor units of the report currency */
	struct eiti_decimal rel;
	const char *abs_text, *rel_text;
	unsigned long line;
};

/* A parameter given to a source's import profile (<param>). */
struct eiti_param_decl {
	const char *name, *value;
	unsigned long line;
};

struct eiti_source_decl {
	enum eiti_role role;
	const char *href;
	const char *sha256;	 /* pin, may be NULL */
	unsigned long line, col; /* of the element's '<' (col 0: unknown) */
	/* A table imported through a profile (eitirep-manifest(5)): the
	 * profile as written (a shipped name or a path relative to the
	 * manifest), NULL for an XML disclosure; and its parameters. */
	const char *profile;
	const struct eiti_param_decl *params;
	size_t nparams;
};

struct eiti_alias_decl {
	const char *id;	  /* canonical company id */
	const char *name; /* identifier used in a disclosure */
	unsigned long line;
};

/* A text the manifest may give once per language (xml:lang): a title,
 * a paragraph of the Independent Administrator's conclusions, a
 * recommendation. */
struct eiti_lang_text {
	const char *lang; /* xml:lang as written; "" when untagged */
	const char *text; /* white space collapsed */
	unsigned long line;
};

/* <sharing>: a revenue-sharing formula as data; each <share> entitles
 * its recipient to round(base x rate) in the base's currency. */
struct eiti_share_decl {
	const char *to;
	struct eiti_decimal rate; /* in [0, 1] */
	const char *rate_text;
	unsigned long line, col; /* of the element's '<' */
};

struct eiti_sharing_decl {
	const char *from, *stream;
	const char *currency; /* resolved: the report currency when absent */
	int currency_digits;
	int64_t base; /* minor units of currency */
	const char *base_text;
	const char *basis; /* may be NULL */
	struct eiti_share_decl *shares;
	size_t nshares;
	unsigned long line, col; /* of the element's '<' */
};

struct eiti_manifest {
	const char *file; /* as given on the command line */
	/* What outputs call it: file without its directory, the same from
	 * any working directory (the sources' hrefs are relative to it). */
	const char *name;
	const char *dir; /* directory relative references resolve against */
	const char *country, *period_start, *period_end, *currency, *lang;
	int currency_digits;
	bool level_project;	   /* level="project" */
	const char *title;	   /* may be NULL; see titles */
	const char *administrator; /* Independent Administrator, may be NULL */
	const char *logo_href;	   /* PNG for the cover, may be NULL */
	unsigned long logo_line, logo_col; /* of its element, 0 unknown */

	bool has_thresholds, has_materiality, has_abs_tol, has_rel_tol;
	int64_t materiality, abs_tol; /* minor units of the report currency */
	struct eiti_decimal rel_tol;
	const char *materiality_text, *abs_tol_text, *rel_tol_text;
	unsigned long thresholds_line, thresholds_col; /* 0: absent */

	struct eiti_tolerance_decl *tolerances;
	size_t ntolerances;
	struct eiti_rate_decl *rates;
	size_t nrates;
	struct eiti_source_decl *sources;
	size_t nsources;
	struct eiti_alias_decl *aliases;
	size_t naliases;
	/* Every <title> in manifest order (title above is the one in
	 * lang, else the untagged one, else the first); the Independent
	 * Administrator's conclusions, one paragraph each, and
	 * recommendations, each with the language of its element. */
	struct eiti_lang_text *titles, *conclusions, *recommendations;
	size_t ntitles, nconclusions, nrecommendations;
	/* SHA-256 of the manifest file (64 hex digits), "" if unread */
	char sha256[65];

	struct eiti_sharing_decl *sharings;
	size_t nsharings;
	const char *adjustments_href; /* may be NULL */
	const char *adjustments_sha256;
	unsigned long adjustments_line, adjustments_col;

	void *arena; /* owns everything above */
};

/* The rate of currency, or NULL (the report currency has rate 1 and no
 * entry). */
const struct eiti_rate_decl *eiti_manifest_rate(
    const struct eiti_manifest *m, const char *currency);

/* Convert amount (minor units of currency cur, which has digits minor
 * units; NULL: the report currency) into minor units of m's report
 * currency: round(amount x rate) half away from zero, once per line (the
 * README's rule 4.1).  Returns 0, 1 when cur has no rate in m, 2 on
 * overflow. */
int eiti_manifest_convert(const struct eiti_manifest *m, int64_t *out,
    int64_t amount, const char *cur, int digits);

/* The margin of variance for stream at entity (the README's rule 4.6):
 * abs and rel of the most specific tolerance (stream and entity, then
 * stream), an attribute it lacks inherited from the less specific level,
 * else from the thresholds, else 0.  The first of two tolerances with the
 * same stream and entity wins. */
void eiti_manifest_tolerance(const struct eiti_manifest *m, const char *stream,
    const char *entity, int64_t *abs_tol, struct eiti_decimal *rel);

/* --- adjustments and explanations (eitirep-adjustments(5)), loaded whole
 * ---------- */

struct eiti_adjustment_decl {
	bool is_explanation; /* <explanation>: no amount */
	enum eiti_role side; /* adjustments only */
	const char *company, *entity, *stream;
	const char *project;  /* NULL when absent */
	const char *currency; /* NULL for explanations */
	int currency_digits;
	int64_t amount; /* minor units of currency */
	const char *amount_text;
	const char *reason, *ref, *klass; /* ref/klass may be NULL */
	unsigned long line, col; /* of the element's '<' (col 0: unknown) */
};

struct eiti_adjustments {
	const char *file;
	struct eiti_adjustment_decl *items;
	size_t nitems;
	void *arena;
};

/* --- revenue streams, one table in schemas/streams.csv ---------------- */

struct eiti_stream_info {
	const char *code, *name_en, *name_es, *parent;
};

/* Load the table from eiti_datadir()/schemas/streams.csv, once (later
 * calls return at once; not thread-safe).  Returns 0, or -1 with an
 * EITI_ERR_IO error naming the file ("PATH: no such file or directory",
 * "PATH:7: ..."): a missing, unreadable or malformed table is an
 * installation error, never an unknown code.  The functions below abort
 * when called before a successful load (a programming error). */
int eiti_streams_load(struct eiti_err *err);
/* The stream of code, or NULL when the code is unknown (or NULL). */
const struct eiti_stream_info *eiti_stream_lookup(const char *code);
/* Localised name ("es" or "en"); the code itself when unknown. */
const char *eiti_stream_name(const char *code, const char *lang);
/* All known streams in file order; *n gets the count. */
const struct eiti_stream_info *eiti_streams(size_t *n);

#endif

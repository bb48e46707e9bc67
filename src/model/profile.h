/*
 * profile.h - an import profile in plain-data form: how to read one
 * published table (CSV, TSV, xlsx, ods) and map it into one disclosure
 * (the language is documented in eitirep-profile(5) and
 * schemas/profile.xsd, namespace urn:eitirep:profile:1).
 *
 * Loaded by eiti_profile_load() in the validate stage (the only stage
 * that reads XML), applied by the import stage.  After a successful load
 * every reference inside the profile is known to resolve - each {param}
 * names a declared parameter, each map= a map, each number= a number
 * format, each column reference has exactly one of label and letter -
 * and every string lives in the arena.  Attribute values that may hold
 * {param} references are kept as written; the import stage substitutes
 * the parameters' values.
 */
#ifndef EITI_MODEL_PROFILE_H
#define EITI_MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/* The fields a column or a constant gives a payment (or total). */
enum eiti_pfield {
	EITI_PF_PAYMENT_ID,
	EITI_PF_COMPANY,
	EITI_PF_COMPANY_NAME,
	EITI_PF_SECTOR,
	EITI_PF_COMMODITY,
	EITI_PF_ENTITY,
	EITI_PF_ENTITY_NAME,
	EITI_PF_LEVEL,
	EITI_PF_REGION,
	EITI_PF_STREAM,
	EITI_PF_AMOUNT,
	EITI_PF_CURRENCY,
	EITI_PF_DATE,
	EITI_PF_PROJECT,
	EITI_PF_NOTE,
	EITI_PF_N
};

/* The profile's name of a field ("company-name"), and back (-1). */
const char *eiti_pfield_name(enum eiti_pfield f);
int eiti_pfield_parse(const char *name);

/*
 * Where a profile is: a bare name (lower-case letters, digits, '-' and
 * '_': "estma") is a profile shipped with the program,
 * eiti_datadir()/profiles/NAME.xml; anything else is a path, relative to
 * base_dir (NULL: the working directory).  Newly allocated.
 */
char *eiti_profile_locate(const char *ref, const char *base_dir);
/* True when ref is a bare name (a shipped profile). */
bool eiti_profile_is_name(const char *ref);
/* True when the vlen bytes at v are one of the '|'-separated values of
 * list (a parameter's values=, an if= condition). */
bool eiti_profile_in_list(const char *list, const char *v, size_t vlen);

struct eiti_pparam {
	const char *name;
	const char *description;
	const char *def;    /* default value; NULL: the parameter is required */
	const char *values; /* allowed values, '|'-separated; NULL: any */
	unsigned long line;
};

/* A column of the table: by its header label (a pattern, see
 * eitirep-profile(5)) or by its letter. */
struct eiti_pcolref {
	const char *label;   /* NULL when by letter */
	unsigned long index; /* 1-based column of letter=; 0 when by label */
};

struct eiti_pnumber {
	const char *name;
	char decimal;	   /* '.' or ',' */
	const char *group; /* accepted grouping characters; "" none */
	int scale;	   /* the figures are in units of 10^scale */
	bool round, dash_is_zero;
	const char *symbols; /* '|'-separated; NULL: "$" */
	unsigned long line;
};

struct eiti_pmap_entry {
	const char *from, *to; /* from may hold '*' wildcards */
	unsigned long line;
};

struct eiti_pmap {
	const char *name;
	const char *href; /* CSV file beside the profile, or NULL */
	const char *def;  /* value for anything unmapped, or NULL */
	struct eiti_pmap_entry *entries;
	size_t nentries;
	unsigned long line;
};

/* <column>: a cell of each row gives a field. */
struct eiti_pcolumn {
	struct eiti_pcolref ref;
	enum eiti_pfield field;
	const char *map;      /* map name, or NULL */
	const char *generate; /* prefix of an id generated from the text
				 (when no map entry matches), or NULL */
	const char *number;   /* number format name (amount), or NULL */
	const char *date;     /* date pattern (date), or NULL: YYYY-MM-DD */
	const char *cond;     /* if="PARAM=V1|V2", or NULL */
	bool optional;	      /* the header may lack it */
	unsigned long line;
};

/* <const>: every item of the table gets this field value. */
struct eiti_pconst {
	enum eiti_pfield field;
	const char *value; /* may hold {param} */
	const char *cond;
	unsigned long line;
};

/* <amount>: a value column of a wide table (one item per cell). */
struct eiti_pamount {
	struct eiti_pcolref ref;
	const char *side;   /* "company"/"government" or {param}; NULL: any */
	const char *stream; /* may hold {param}; NULL: the row's */
	const char *entity; /* likewise */
	const char *number;
	const char *cond;
	bool optional;
	unsigned long line;
};

/* <ignore>: a header column that is known and not used. */
struct eiti_pignore {
	struct eiti_pcolref ref;
	unsigned long line;
};

enum eiti_prule_kind { EITI_PR_KEEP, EITI_PR_SKIP, EITI_PR_STOP };

/* <keep>, <skip>, <stop>: a test of one cell of each data row. */
struct eiti_prule {
	enum eiti_prule_kind kind;
	const char *name;
	struct eiti_pcolref ref;
	const char *map; /* the cell's text goes through this map first */
	const char *is;	 /* pattern ('|' alternatives, '*' wildcards,
			    {param}), or NULL */
	bool empty;	 /* the test is "the cell is empty" */
	const char *cond;
	unsigned long line;
};

struct eiti_ptable {
	const char *sheet; /* may hold {param}; NULL: the reader's */
	bool totals;	   /* item="total": items are unilateral totals */
	unsigned long header_row; /* fixed header row; 0: find it */
	unsigned long within;	  /* rows searched for the header */
	bool unknown_error;	  /* unknown header columns are errors */
	struct eiti_prule *rules;
	size_t nrules;
	struct eiti_pcolumn *columns;
	size_t ncolumns;
	struct eiti_pconst *consts;
	size_t nconsts;
	struct eiti_pamount *amounts;
	size_t namounts;
	struct eiti_pignore *ignores;
	size_t nignores;
	unsigned long line;
};

/* A declared entity or company (constants of the profile). */
struct eiti_pparty {
	const char *id, *name;
	const char *kind;  /* level of an entity, sector of a company */
	const char *extra; /* region of an entity, commodity of a company;
			      may be NULL */
	unsigned long line;
};

struct eiti_profile {
	const char *file; /* path it was loaded from */
	const char *dir;  /* its directory: map files resolve against it */
	const char *description;

	struct eiti_pparam *params;
	size_t nparams;

	/* <disclosure>: the root attributes, each may hold {param} */
	const char *role, *country, *period_start, *period_end, *reporter,
	    *currency;
	unsigned long disclosure_line;

	/* <reader> */
	const char *format;    /* "auto", "csv", "xlsx", "ods" */
	char delimiter, quote; /* 0: the reader's default */
	bool unquoted;	       /* quote="none": quotes are text */
	const char *encoding;  /* "utf-8", "windows-1252", "iso-8859-1" */
	const char *sheet;     /* may hold {param}; NULL: the first */

	struct eiti_pnumber *numbers;
	size_t nnumbers;
	const char **nils; /* nil markers; "" is a blank cell */
	size_t nnils;
	struct eiti_pmap *maps;
	size_t nmaps;
	struct eiti_pparty *entities;
	size_t nentities;
	struct eiti_pparty *companies;
	size_t ncompanies;
	struct eiti_ptable *tables;
	size_t ntables;

	void *arena; /* owns everything above */
};

#endif

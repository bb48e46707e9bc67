/*
 * validate.h - the only stage that includes libxml2: safe parsing, XSD
 * validation (the XSD files in schemas/), the semantic rules of
 * section 5, and loading of manifests, adjustment files and results.xml.
 *
 * Parsing policy for untrusted input: any DOCTYPE is refused (rule
 * SEC-DOCTYPE) before anything else happens; never XML_PARSE_NOENT,
 * XML_PARSE_HUGE, DTD loading or XInclude; XML_PARSE_NONET; an external
 * entity loader that refuses everything except the schemas directory;
 * catalogs off; input size capped.  Disclosures are validated streaming,
 * in bounded memory, and their items handed to a sink as they are read.
 *
 * Findings go to a struct eiti_diags (never stop early); operational
 * failures (cannot open a file) go to struct eiti_err with EITI_ERR_IO.
 */
#ifndef EITI_VALIDATE_VALIDATE_H
#define EITI_VALIDATE_VALIDATE_H

#include "core/diag.h"
#include "core/err.h"
#include "model/item.h"
#include "model/model.h"
#include "model/profile.h"
#include "model/results.h"

/* Call once from main() before anything else: parser init, the deny-all
 * entity loader, catalogs off. */
void eiti_xml_init(void);
void eiti_xml_cleanup(void);

/* Load the installed data every command that reads XML needs: the stream
 * codes (schemas/streams.csv) and the five XML schemas in schemas/,
 * compiled.  Done once (until eiti_xml_cleanup()); later calls return at
 * once.  Returns 0, or -1 with an EITI_ERR_IO error naming the file ("validate:
 * /usr/share/eitirep/schemas/streams.csv: no such file or directory"): an
 * installation error, reported once, never as findings about the input.
 * Commands call it before reading anything; every loader below calls it
 * too. */
int eiti_validate_load(struct eiti_err *err);

/* The libxml2 parser options used for every document: XML_PARSE_NONET
 * and never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE (a unit
 * test asserts it). */
int eiti_xml_parse_options(void);

/* Largest input file read, in bytes; a larger file is a finding
 * (SEC-SIZE).  Default 1 GiB, which holds several million payments. */
#define EITI_XML_MAX_SIZE_DEFAULT (1ULL << 30)
void eiti_xml_set_max_size(unsigned long long bytes);
unsigned long long eiti_xml_max_size(void);

/* How many times the external entity loader refused a resource since
 * the process started (for tests and diagnostics). */
unsigned long eiti_xml_denied_loads(void);

enum eiti_doc_kind {
	EITI_DOC_UNKNOWN,
	EITI_DOC_DISCLOSURE,
	EITI_DOC_MANIFEST,
	EITI_DOC_ADJUSTMENTS,
	EITI_DOC_RESULTS,
	EITI_DOC_PROFILE, /* an import profile (urn:eitirep:profile:1) */
};

/* Items of a disclosure, in document order.  Any callback may be NULL.
 * An item with an error finding of its own (an unknown currency, a
 * currency without a rate, an amount that is not one, ...) is not handed
 * over: its finding says why, and the consumer never reports it again.
 * A non-zero return from a callback stops reading with that value as an
 * operational error (the callback sets err itself). */
struct eiti_disclosure_sink {
	void *ud;
	int (*header)(void *ud, const struct eiti_disclosure_hdr *h);
	int (*entity)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_entity_decl *e);
	int (*company)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_company_decl *c);
	int (*total)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_total_decl *t);
	int (*payment)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_payment *p);
	/* subnational transfers (EITI Requirement 5.2), after the payments */
	int (*transfer)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_transfer *t);
	int (*entitlement)(void *ud, const struct eiti_disclosure_hdr *h,
	    const struct eiti_entitlement *e);
};

/* What the manifest adds to the rules when a disclosure is read for a
 * reconciliation (NULL when validating a lone file). */
struct eiti_disclosure_ctx {
	const struct eiti_manifest *manifest; /* period, rates, aliases */
	enum eiti_role expected_role;	      /* the source's role */
};

/*
 * Validate and stream one disclosure.  path is the file to read; name is
 * what diagnostics call it (the manifest href, or path).  Items are given
 * to sink even when other items have findings (the caller decides;
 * reconcile discards its results when any error exists).  Returns 0 when the
 * file could be read to the end (valid or not: check diags), -1 with err set on
 * an operational error.
 */
int eiti_disclosure_read(const char *path, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_err *err);

/*
 * A disclosure that is not an XML file - a table imported through a
 * profile (eitirep-profile(5)) - fed item by item (model/item.h) and
 * checked by the same rules as eiti_disclosure_read(), with the same
 * sink; what the schema would check is checked too, so that the items'
 * XML form is valid when no error is found.  Findings are located at the
 * cells loc names ("book.xlsx:Data!K17: error: ...").  The root comes
 * first (else an operational error); after it, items in any order, each
 * party before the items that name it, as an importer declares a party
 * at its first appearance.  _new returns 0, or -1 with err set when the
 * installed data cannot be loaded (eiti_validate_load()); _item and
 * _finish return 0, or -1 with err set when the sink failed; check diags
 * for findings.
 */
struct eiti_dfeed;
int eiti_dfeed_new(struct eiti_dfeed **out, const struct eiti_item_locator *loc,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_err *err);
int eiti_dfeed_item(struct eiti_dfeed *f, const struct eiti_item *it);
int eiti_dfeed_finish(struct eiti_dfeed *f);
void eiti_dfeed_free(struct eiti_dfeed *f); /* accepts NULL */

/*
 * Load and validate an import profile (schemas/profile.xsd and the
 * PROF-* rules, eitirep-profile(5)); path as resolved by
 * eiti_profile_locate().  *out is set only when it has no error
 * findings (it then holds the file's SHA-256); returns 0 then, 1 when
 * invalid (findings in diags), -1 on an operational error.
 */
int eiti_profile_load(struct eiti_profile **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err);
void eiti_profile_free(struct eiti_profile *p); /* accepts NULL */

/*
 * A tap on the bytes a reader of an open file consumes: bytes() sees each
 * of them once, in order, as it is read for parsing, and what the parse
 * did not need is read for it too.  The pipeline hashes them, so that the
 * SHA-256 recorded is the digest of exactly the bytes validated
 * (cache/cache.h).  The reader sets total, and complete when it read to
 * the end of the file (not stopped by the size cap, SEC-SIZE).
 */
struct eiti_read_tap {
	void (*bytes)(void *ud, const void *p, size_t n);
	void *ud;
	long long total;
	bool complete;
};

/* eiti_disclosure_read() from the open file fd (read to its end, not
 * closed), every byte through tap (may be NULL).  Same returns. */
int eiti_disclosure_read_fd(int fd, const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_diags *diags,
    struct eiti_read_tap *tap, struct eiti_err *err);

/* Load and validate a manifest (schema and rules).  *out is set only when
 * it has no error findings; returns 0 then, 1 when invalid (findings in
 * diags), -1 on an operational error. */
int eiti_manifest_load(struct eiti_manifest **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err);
void eiti_manifest_free(struct eiti_manifest *m);

/* Load and validate an adjustments file against the manifest (m may be
 * NULL for a lone file: no currency-rate or period rules).  Same return
 * convention as eiti_manifest_load(). */
int eiti_adjustments_load(struct eiti_adjustments **out, const char *path,
    const char *name, const struct eiti_manifest *m, struct eiti_diags *diags,
    struct eiti_err *err);
/* The same from the open file fd (read to its end, not closed), every
 * byte through tap (may be NULL). */
int eiti_adjustments_load_fd(struct eiti_adjustments **out, int fd,
    const char *name, const struct eiti_manifest *m, struct eiti_diags *diags,
    struct eiti_read_tap *tap, struct eiti_err *err);
void eiti_adjustments_free(struct eiti_adjustments *a);

/*
 * Is the file at path the document a fetched body must be before it
 * replaces the last good copy (eitirep(1), fetch)?  A streaming
 * check, no schema: well-formed XML 1.0 (no DOCTYPE) whose root element is
 * expect's ('disclosure' in urn:eitirep:disclosure:1, 'adjustments' in
 * urn:eitirep:adjustments:1).  A document that passes may still break the
 * schema or the rules: reconcile reports that at its lines.  Returns 0
 * when it is; 1 with a message in why (lower case, no file name: "the
 * body is JSON, not XML", "not well-formed XML: line 3: ...") when it is
 * not; -1 with err set when the file cannot be read.
 */
int eiti_validate_body(const char *path, enum eiti_doc_kind expect, char *why,
    size_t whysz, struct eiti_err *err);

/* Is the file at path a table that `eitirep import` can read (an xlsx or
 * ods workbook, or delimited text)?  A sniff of its first bytes, for a
 * fetched body of a source read through a profile.  Returns 0 when it
 * is, 1 with why set when it is not, -1 with err set. */
int eiti_validate_table_body(
    const char *path, char *why, size_t whysz, struct eiti_err *err);

/* Validate any one file, kind taken from its root element (eitirep
 * validate).  Returns 0 when read (check diags), -1 on operational error. */
int eiti_validate_file(
    const char *path, struct eiti_diags *diags, struct eiti_err *err);

/* Same, in the context of a loaded manifest m (NULL: none), as
 * `eitirep validate --manifest`: a disclosure gets the manifest's period,
 * currency rates and aliases, and the role of the manifest source that is
 * the same file (no role check when it is not a source); an adjustments
 * file is loaded against m. */
int eiti_validate_file_in(const char *path, const struct eiti_manifest *m,
    struct eiti_diags *diags, struct eiti_err *err);

/*
 * Streaming XML for other stages: the parts of an xlsx or ods workbook
 * that the import stage reads (it includes no libxml2 header).  The same
 * safe parser as every other document: DOCTYPE refused (SEC-DOCTYPE)
 * before anything is declared, so no entity exists to expand; no network,
 * the deny-all entity loader; elements nested at most 256 deep
 * (SEC-DEPTH); at most eiti_xml_max_size() bytes pushed (SEC-SIZE);
 * well-formedness errors are findings (XML).  Findings are located
 * "FILE:PART:LINE:COLUMN" when part is given (the member of a zip), else
 * "FILE:LINE:COLUMN"; reading stops at the first of them.
 *
 * The caller pushes the document in chunks of any size; SAX events come
 * back through the handler during eiti_xml_stream_push(): start tags with
 * their attributes (namespace URI and local name; values decoded and
 * NUL-terminated, valid during the call), end tags, and character data
 * in pieces of any length (entity and character references already
 * resolved).  Nothing is allocated per element once the attribute
 * buffer has grown to the largest start tag.
 */
struct eiti_xml_attr {
	const char *local; /* local name */
	const char *uri;   /* namespace URI, or NULL */
	const char *value; /* NUL-terminated */
	size_t len;
};

struct eiti_xml_handler {
	void (*start)(void *ud, const char *local, const char *uri,
	    const struct eiti_xml_attr *attrs, size_t nattrs);
	void (*end)(void *ud, const char *local, const char *uri);
	void (*text)(void *ud, const char *s, size_t len);
};

struct eiti_xml_stream;

/* A stream over one document.  file names it in findings, part (may be
 * NULL) the member of file it is; both are copied.  Returns 0. */
int eiti_xml_stream_new(struct eiti_xml_stream **out, const char *file,
    const char *part, const struct eiti_xml_handler *h, void *ud,
    struct eiti_diags *diags, struct eiti_err *err);
/* Push len bytes (final: the document ends with them).  Returns true
 * while the parse goes on; false once it has stopped: the end of the
 * document after final, a finding (recorded in diags), or
 * eiti_xml_stream_stop(). */
bool eiti_xml_stream_push(
    struct eiti_xml_stream *s, const char *buf, size_t len, bool final);
/* Stop the parse; may be called from a handler.  No further events. */
void eiti_xml_stream_stop(struct eiti_xml_stream *s);
/* True when the document was read to its end with no finding (after a
 * final push), or so far. */
bool eiti_xml_stream_ok(const struct eiti_xml_stream *s);
/* The line the parser is at (for the caller's own findings). */
unsigned long eiti_xml_stream_line(const struct eiti_xml_stream *s);
void eiti_xml_stream_free(struct eiti_xml_stream *s);

/* Load results.xml (validated against schemas/results.xsd) for render and
 * export.  Returns 0, 1 when invalid (findings in diags), -1 on error. */
int eiti_results_load(struct eiti_results **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err);

#endif

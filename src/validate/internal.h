/*
 * internal.h - the validation engine shared by the loaders of the validate
 * stage (not part of its contract: see validate.h).
 *
 * One struct vx_run is one file being read.  vx_run_file() reads the file
 * through a capped read() loop, refuses any DOCTYPE, finds the document
 * kind from the root element, then parses it again from the start with a
 * libxml2 push parser whose SAX2 events go both to the XSD validator of
 * that kind (xmlSchemaSAXPlug) and to the kind's handlers (struct vx_ops),
 * which apply the semantic rules and build whatever the loader returns.
 * Memory stays bounded by the chunk size plus what the handlers keep.
 *
 * Every finding, from the parser, the schema or a rule, goes through
 * vx_finding*() so it gets the file's display name and an exact position:
 * an attribute's value when the finding is about an attribute, the '<' of
 * the element otherwise.  A semantic finding about an attribute "claims"
 * it: the XSD validator's own complaints about that attribute on the same
 * element are then dropped, so one mistake gives one message.
 */
#ifndef EITI_VALIDATE_INTERNAL_H
#define EITI_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/err.h"
#include "model/item.h"
#include "validate/validate.h"

#define VX_NS_DISCLOSURE "urn:eitirep:disclosure:1"
#define VX_NS_MANIFEST "urn:eitirep:manifest:1"
#define VX_NS_ADJUSTMENTS "urn:eitirep:adjustments:1"
#define VX_NS_RESULTS "urn:eitirep:results:1"
#define VX_NS_PROFILE "urn:eitirep:profile:1"

/* Attributes kept per element; an element of ours has at most 13, extra
 * ones are still seen by the XSD validator (which rejects them). */
#define VX_MAX_ATTRS 32

/* Deepest element nesting read.  libxml2 2.9 enforces its 256 only when
 * it builds a tree, not for a SAX push parser, so the engine does. */
#define VX_MAX_DEPTH 256

/* Attributes of the disclosure schema's Payment type (xsdfast.c). */
#define VX_FAST_NATTRS 12

struct vx_run;

/* Element handlers of one document kind.  The current element is in
 * r->el; start is called before the XSD validator sees the element. */
struct vx_ops {
	void (*start)(struct vx_run *r);
	void (*end)(struct vx_run *r, const char *local, int depth);
	void (*text)(struct vx_run *r, const char *s, int len);
};

struct vx_attr {
	const char *name; /* local name (libxml2 dictionary) */
	const xmlChar *value, *end;
	char *copy; /* normalized NUL-terminated copy, made on demand */
	unsigned long line, col; /* fed items: the cell of the value */
};

struct vx_elem {
	const char *local; /* local name */
	bool ours;	   /* in the document's namespace */
	int depth;	   /* 1 for the root */
	struct vx_attr attrs[VX_MAX_ATTRS];
	int nattrs;
	/* attrs by name pointer: index + 1, 0 empty (open addressing) */
	unsigned char index[2 * VX_MAX_ATTRS];
	const char *claimed[VX_MAX_ATTRS];
	int nclaimed;
	unsigned long line, col; /* fed items: the item's cell */
};

/* Which SAX event the XSD findings that follow belong to. */
enum vx_window { VX_WIN_NONE, VX_WIN_START, VX_WIN_END, VX_WIN_TEXT };

struct vx_run {
	xmlParserCtxtPtr ctxt;
	struct eiti_diags *diags;
	const char *name; /* display name of the file */
	const char *path; /* what is opened */
	enum eiti_doc_kind kind;
	const char *ns; /* namespace of kind */
	const struct vx_ops *ops;
	void *ud; /* the handlers' state */

	struct vx_elem el;
	enum vx_window win;
	const xmlChar *win_ptr; /* text start for VX_WIN_TEXT */
	int depth;
	int text_err_depth; /* an XSD text error was reported at this depth
			       since the last tag (-1: none) */

	/* Attribute names as the parser's dictionary spells them (the
	 * SAX2 names are interned there), so that finding an attribute is a
	 * pointer comparison: keyed by the address of the caller's literal. */
	struct {
		const char *lit, *name;
	} names[256];

	char *scratch; /* attribute copies of the current element */
	size_t scratch_used, scratch_cap;

	/* What rule messages are about: "payment 'P-1'".  Either label_what
	 * and label_id (formatted only when a finding needs it), or the
	 * formatted label. */
	const char *label_what, *label_id;
	char label[320];

	/* Findings about the current start tag, from the rules and from the
	 * XSD validator, put in the order of their positions before they are
	 * recorded. */
	struct vx_pending {
		enum eiti_severity sev;
		unsigned long line, col;
		enum eiti_rule rule;
		char *msg;
	} * pending;
	size_t npending, pending_cap;

	size_t errors, warnings; /* findings recorded for this file */
	size_t xsd_errors;
	bool stopped;	      /* a handler asked to stop */
	struct eiti_err *err; /* operational error of a handler */

	/* A disclosure fed item by item (feed.c) instead of parsed: no
	 * ctxt, no schema; every position is a cell of the table the items
	 * come from, printed through loc. */
	const struct eiti_item_locator *loc;
	/* A document that ends early (XML-TRUNCATED): the open elements
	 * (local name, line of the start tag), and, once the whole file has
	 * been pushed, the tag left unfinished at its end, if any. */
	struct {
		const char *name;
		unsigned long line;
	} open[VX_MAX_DEPTH + 1];
	bool at_eof;
	char tail_tag[64];
	unsigned long tail_line;

	/* The XSD shortcut for <payment> (xsdfast.c).  While it is on, the
	 * parser calls front with the run as user data; front calls the
	 * schema plug's own table (split, with its user data plug_ud) for
	 * every event it does not short-cut. */
	xmlSAXHandler front, split;
	void *plug_ud;
	const xmlChar *fast_names[VX_FAST_NATTRS], *fast_payment;
	bool fast_open;	    /* a short-cut payment's end comes next */
	bool after_payment; /* the root's last child was a payment */
	size_t xsd_seen;    /* reports of the XSD validator, kept or not */
	unsigned long fast_count; /* payments short-cut in this run */
};

/* --- the XSD shortcut for <payment> (xsdfast.c) ------------------------ */

/* Whether the schema at path is the disclosure.xsd the shortcut follows. */
bool vx_fast_schema_ok(const char *path);

/* The names of the Payment type's attributes as dict holds them (false
 * when out of memory). */
bool vx_fast_names(xmlDictPtr dict, const xmlChar *names[VX_FAST_NATTRS]);

/* Whether a <payment>'s attributes (SAX2: nattrs groups of five, names
 * from the dictionary that gave names) are certainly accepted by that
 * schema's Payment type. */
bool vx_fast_payment(const xmlChar *const names[VX_FAST_NATTRS], int nattrs,
    const xmlChar **attrs);

/* Turn the shortcut off or on for the runs that start after (tests
 * compare the two; on by default). */
void vx_fast_enable(bool on);

/* Payments short-cut so far by all runs of the process (tests). */
unsigned long vx_fast_taken(void);

/* --- what a file that is not our XML looks like (sniff.c) ------------ */

/*
 * Given the first bytes of a file (buf, n), return 1 with a message in
 * msg when they are recognisably not an XML document - a PDF, an xlsx or
 * ods workbook, another zip archive, JSON, a CSV or TSV table (UTF-16
 * too) - naming the command that reads such a file; 0 otherwise (XML or
 * unknown: the parser decides).  name is the file as the user gave it.
 * Rule NOT-XML.
 */
int vx_sniff_not_xml(
    char *msg, size_t msgsz, const char *buf, size_t n, const char *name);

/* Given libxml2's message for bytes that are not UTF-8 ("Input is not
 * proper UTF-8, ... Bytes: 0xED ..."), return 1 with a message that shows
 * the byte as the Windows-1252 character it most likely is and the iconv
 * command that converts the file; 0 for any other message.  Rule
 * ENCODING. */
int vx_sniff_not_utf8(
    char *msg, size_t msgsz, const char *libxml_msg, const char *name);

/* --- engine (xml.c) --------------------------------------------------- */

/*
 * Read path (display name name) and validate it.  expect is the kind the
 * caller needs (EITI_DOC_UNKNOWN: any); ops_for(kind) gives the handlers
 * and their state (NULL ops: schema only).  *kind_out gets the kind seen
 * (EITI_DOC_UNKNOWN when the file has no usable root element).  Returns 0
 * when the file was read to its end or to its first fatal error (findings
 * in diags), -1 with err set on an operational error (cannot open or read
 * the file, a schema cannot be compiled, a handler failed).
 */
int vx_run_file(enum eiti_doc_kind *kind_out, const char *path,
    const char *name, enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_err *err);

/* vx_run_file() on an open file: fd is read from its current offset to
 * its end and not closed; every byte read goes through tap (may be NULL;
 * validate.h). */
int vx_run_fd(enum eiti_doc_kind *kind_out, int fd, const char *name,
    enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_read_tap *tap,
    struct eiti_err *err);

/* vx_run_file() with every byte read going through tap (may be NULL). */
int vx_run_file_tap(enum eiti_doc_kind *kind_out, const char *path,
    const char *name, enum eiti_doc_kind expect,
    const struct vx_ops *(*ops_for)(
	enum eiti_doc_kind kind, void *arg, void **ud),
    void *arg, struct eiti_diags *diags, struct eiti_read_tap *tap,
    struct eiti_err *err);

/* Findings, with the severity of their rule (core/rules.def).  _attr
 * positions at the attribute's value (and claims it when an error), _elem
 * at the current element, _at at an explicit line.  Attribute names given
 * to these functions and to vx_attr*() must be string literals (they are
 * looked up by address). */
void vx_attr_finding(struct vx_run *r, enum eiti_rule rule, const char *attr,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void vx_elem_finding(struct vx_run *r, enum eiti_rule rule, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
/* vx_attr_finding() and vx_elem_finding() for a rule whose severity
 * depends on the case (ERROR_WARNING in rules.def). */
void vx_attr_finding_sev(struct vx_run *r, enum eiti_severity sev,
    enum eiti_rule rule, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void vx_elem_finding_sev(struct vx_run *r, enum eiti_severity sev,
    enum eiti_rule rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Position of attribute attr's value (of the element when absent). */
void vx_attr_pos(struct vx_run *r, const char *attr, unsigned long *line,
    unsigned long *col);
/* Position of the current element, and a finding at a position saved
 * earlier (column 0 when unknown). */
void vx_elem_pos(struct vx_run *r, unsigned long *line, unsigned long *col);
void vx_finding_at(struct vx_run *r, unsigned long line, unsigned long col,
    enum eiti_rule rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The current element's attribute attr: whitespace trimmed and inner
 * runs collapsed to one space (xs:token), or NULL when absent.  Valid
 * until the next element. */
const char *vx_attr(struct vx_run *r, const char *attr);
/* Same, without whitespace processing (xs:string attributes). */
const char *vx_attr_raw(struct vx_run *r, const char *attr);
/* Line of the current element (for items handed to sinks). */
unsigned long vx_elem_line(struct vx_run *r);
/* Current line of the parser. */
unsigned long vx_line(struct vx_run *r);
/* "line 12" for a parsed file; the row of a fed table ("row 12"). */
void vx_line_ref(struct vx_run *r, unsigned long line, char *buf, size_t size);
/* Silence the XSD validator about attr on the current element (a rule
 * has reported it, or chose not to repeat itself). */
void vx_claim(struct vx_run *r, const char *attr);
/* Stop reading: a handler's operational error (err already set). */
void vx_stop(struct vx_run *r);
/* Set the label that prefixes the messages of the current element:
 * "WHAT 'ID': " (or "WHAT: " when id is NULL or empty).  Both strings
 * must live as long as the element. */
void vx_label(struct vx_run *r, const char *what, const char *id);
/* Same, formatted now (for elements that are not hot). */
void vx_labelf(struct vx_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- disclosures fed item by item (feed.c) ----------------------------
 * The engine's side: r has no parser; each item becomes the current
 * element (its attributes and their cells) and goes through the kind's
 * handlers as a parsed element would.  names, when not NULL, are the
 * item's attribute names as vx_name_intern() gives them.  close: the
 * element ends at once (every item but the root, which vx_feed_close()
 * ends). */
void vx_feed_element(struct vx_run *r, const struct eiti_item *it,
    const char *const *names, int depth, bool close);
void vx_feed_close(struct vx_run *r, const char *local, int depth);
/* The pointer of a disclosure attribute name that vx_attr() and the
 * findings look attributes up by (name itself when unknown). */
const char *vx_name_intern(const char *name);
/* The engine's safe parser setup, shared with stream.c: a push parser
 * with eiti_xml_parse_options() (the first min(n, 4) bytes of chunk let
 * libxml2 see a byte order mark), a push that says whether parsing goes
 * on, a stop that is safe inside a SAX callback, a libxml2 message made
 * one line, and the "&#38;" of SAX2 attribute values turned back into '&'
 * in place (returns the new end). */
xmlParserCtxtPtr vx_new_push_parser(xmlSAXHandler *sax, void *ud,
    const char *chunk, size_t n, const char *name);
bool vx_push(xmlParserCtxtPtr ctxt, const char *buf, size_t n, bool last);
void vx_halt(xmlParserCtxtPtr ctxt);
void vx_clean_message(char *out, size_t outsz, const char *msg);
char *vx_amp_decode(char *s, char *end);

/* --- the handlers of each kind ------------------------------------------
 * ops_for() callbacks create the state with _new (the loaders pass their
 * arguments through), and the caller frees it after vx_run_file(). */

extern const struct vx_ops vx_disclosure_ops;
void *vx_disclosure_state_new(const char *name,
    const struct eiti_disclosure_ctx *ctx,
    const struct eiti_disclosure_sink *sink, struct eiti_err *err);
void vx_disclosure_state_free(void *st);
/* The file is not one of the manifest's sources: no SRC-ROLE check. */
void vx_disclosure_state_no_role(void *st);

extern const struct vx_ops vx_manifest_ops;
void *vx_manifest_state_new(const char *path, const char *name);
void vx_manifest_state_free(void *st);
/* The loaded manifest; the state gives up ownership. */
struct eiti_manifest *vx_manifest_state_take(void *st);
/* The role of the source of m that is the file path, or -1. */
int vx_manifest_source_role(const struct eiti_manifest *m, const char *path);

extern const struct vx_ops vx_adjustments_ops;
void *vx_adjustments_state_new(const char *name, const struct eiti_manifest *m);
void vx_adjustments_state_free(void *st);
struct eiti_adjustments *vx_adjustments_state_take(void *st);

extern const struct vx_ops vx_profile_ops;
void *vx_profile_state_new(const char *path);
void vx_profile_state_free(void *st);
/* The loaded profile; the state gives up ownership. */
struct eiti_profile *vx_profile_state_take(void *st);

/* The namespace and root element name of a kind. */
const char *vx_kind_ns(enum eiti_doc_kind kind);
const char *vx_kind_root(enum eiti_doc_kind kind);

/* --- shared rules (rules.c) ------------------------------------------- */

/* The text content of an element (a title, a description), gathered
 * from the parser's text events: at most 64 KiB is kept (the schemas
 * cap such texts far lower, and say so). */
struct vx_text {
	char *s; /* NUL-terminated when len > 0 */
	size_t len, cap;
};
void vx_text_add(struct vx_text *t, const char *text, int len);
void vx_text_free(struct vx_text *t);
/* Text as an xs:token (trimmed, inner white space runs made one space),
 * copied into arena a. */
char *vx_collapse(struct eiti_arena *a, const char *text, size_t n);

/* Days since 1970-01-01 of a YYYY-MM-DD date, or false when s is not one
 * (wrong form or a day that does not exist). */
bool vx_date_parse(long *days, const char *s);

/* DATE-FORMAT: check attribute attr (may be absent); returns the value
 * when it is a valid date, else NULL (finding recorded). */
const char *vx_check_date(struct vx_run *r, const char *attr);
/* Same, with the day number of a valid date in *days. */
const char *vx_check_date_days(struct vx_run *r, const char *attr, long *days);
/* CODE-COUNTRY / CODE-CURRENCY / CODE-REGION / CODE-STREAM: return the
 * value when known (or absent: NULL), recording a finding otherwise;
 * *ok is set false on a finding. */
const char *vx_check_country(struct vx_run *r, const char *attr, bool *ok);
/* Returns the currency's minor-unit digits, or -1 (finding recorded, or
 * absent when *present is false). */
int vx_check_currency(
    struct vx_run *r, const char *attr, const char **code, bool *present);
bool vx_check_region(struct vx_run *r, const char *attr, const char *country);
bool vx_check_stream(struct vx_run *r, const char *attr);
/* AMT-SYNTAX / AMT-DIGITS / AMT-OVERFLOW for amount attribute attr in a
 * currency of digits minor units; what names the currency in messages. */
bool vx_check_amount(struct vx_run *r, const char *attr, int digits,
    const char *what, int64_t *out);
/* Exact decimal (rates, relative tolerances). */
bool vx_check_decimal(
    struct vx_run *r, const char *attr, struct eiti_decimal *out);
/* REQ-EMPTY: every listed attribute that is present must not be empty
 * or whitespace.  NULL-terminated list.  Returns false on a finding. */
bool vx_check_nonempty(struct vx_run *r, const char *const *attrs);

/* --- a set of strings with the line each was first seen on (strset.c) */

struct vx_strset;
struct vx_strset *vx_strset_new(void);
/* A set whose strings mostly arrive in increasing order (payment ids):
 * those are kept in a sorted run instead of the hash table. */
struct vx_strset *vx_strset_new_sequential(void);
void vx_strset_free(struct vx_strset *s);
/* Insert s.  Returns 0 when new, else the line it was first inserted with
 * (lines are 1-based; a duplicate inserted with line 0 returns
 * ULONG_MAX).  Strings over 64 KiB are not kept (always "new"). */
unsigned long vx_strset_add(
    struct vx_strset *s, const char *str, unsigned long line);
bool vx_strset_has(const struct vx_strset *s, const char *str);
/* The line str was first seen on (ULONG_MAX for line 0), 0 when absent. */
unsigned long vx_strset_line(const struct vx_strset *s, const char *str);
/* Hash str and prefetch its slot; insert later with _add_hashed (the
 * set must not change in between). */
uint64_t vx_strset_hash(const struct vx_strset *s, const char *str);
unsigned long vx_strset_add_hashed(
    struct vx_strset *s, const char *str, uint64_t hash, unsigned long line);
size_t vx_strset_count(const struct vx_strset *s);
/* Call fn for every string of the set (in no particular order). */
void vx_strset_each(
    const struct vx_strset *s, void (*fn)(void *ud, const char *str), void *ud);

#endif

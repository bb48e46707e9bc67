/*
 * item.h - one element of a disclosure (eitirep-disclosure(5)) as
 * attribute pairs, each with the place its value came from: how a
 * disclosure that is not an XML file (a table imported through a
 * profile) is handed to the validate stage, which applies to it the very
 * rules it applies to XML (validate.h, eiti_dfeed_*), and to the writer
 * of its XML form.
 *
 * Items come in the order of the XML format: one EITI_ITEM_DISCLOSURE
 * first (the root's attributes), then entities, companies, totals and
 * payments.  Attribute names are the XML attribute names ("id",
 * "amount"); values are UTF-8 and borrowed for the duration of the call.
 * A place is (line, col): for a table, line is what the table reader
 * calls the row (the CSV record's line, the sheet's row number) and col
 * its 1-based column; line 0 means "no cell" (a value from the profile).
 */
#ifndef EITI_MODEL_ITEM_H
#define EITI_MODEL_ITEM_H

#include <stddef.h>

enum eiti_item_kind {
	EITI_ITEM_DISCLOSURE,
	EITI_ITEM_ENTITY,
	EITI_ITEM_COMPANY,
	EITI_ITEM_TOTAL,
	EITI_ITEM_PAYMENT,
};

/* The element name of a kind ("disclosure", "entity", ...). */
const char *eiti_item_element(enum eiti_item_kind kind);

#define EITI_ITEM_MAX_ATTRS 16

/* The attribute names of the disclosure format.  An item whose names
 * are these very pointers (eiti_item_attr_names[EITI_A_AMOUNT]) is
 * handled without comparing strings. */
enum eiti_attr {
	EITI_A_ROLE,
	EITI_A_COUNTRY,
	EITI_A_PERIOD_START,
	EITI_A_PERIOD_END,
	EITI_A_REPORTER,
	EITI_A_CURRENCY,
	EITI_A_ID,
	EITI_A_NAME,
	EITI_A_LEVEL,
	EITI_A_REGION,
	EITI_A_SECTOR,
	EITI_A_COMMODITY,
	EITI_A_STREAM,
	EITI_A_ENTITY,
	EITI_A_AMOUNT,
	EITI_A_COMPANY,
	EITI_A_DATE,
	EITI_A_PROJECT,
	EITI_A_NOTE,
	EITI_A_IN_KIND,
	EITI_A_VOLUME,
	EITI_A_UNIT,
	EITI_A_N
};
extern const char *const eiti_item_attr_names[EITI_A_N];

/* The enum eiti_attr of an attribute name, or EITI_A_N when it is not
 * one of the format's; without comparing strings for the pointers of
 * eiti_item_attr_names. */
enum eiti_attr eiti_item_attr_index(const char *name);

struct eiti_item_attr {
	const char *name;  /* XML attribute name */
	const char *value; /* UTF-8, NUL-terminated */
	unsigned long line, col;
};

struct eiti_item {
	enum eiti_item_kind kind;
	unsigned long line, col; /* the item's own place (its amount cell) */
	struct eiti_item_attr attrs[EITI_ITEM_MAX_ATTRS];
	size_t nattrs;
};

/* Receives items; a non-zero return stops the producer (err set by the
 * callee). */
struct eiti_item_sink {
	void *ud;
	int (*item)(void *ud, const struct eiti_item *it);
};

/*
 * How places are printed.  file is the display name of the table;
 * where() writes the place (line, col) as diagnostics print it after
 * "FILE:" - "Data!K17", "17:3", or for col 0 the row ("Data!17:17",
 * "17") - and row() the row in words for a message ("row 17", "line
 * 17"); both write "" when line is 0.
 */
struct eiti_item_locator {
	const char *file;
	void *ud;
	void (*where)(void *ud, unsigned long line, unsigned long col,
	    char *buf, size_t size);
	void (*row)(void *ud, unsigned long line, char *buf, size_t size);
};

#endif

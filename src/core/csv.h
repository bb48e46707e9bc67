/*
 * csv.h - one text field of a CSV file the program writes (results.csv,
 * transfers.csv, the open-data files): RFC 4180 quoting and the guard
 * against formula injection, in one place.
 *
 * A text field that begins with '=', '+', '-', '@', a tab or a carriage
 * return is written with a leading "'", as OWASP advises, so that a
 * spreadsheet never evaluates it; the field is quoted (with '"' doubled)
 * only when it holds a comma, a double quote, CR or LF.  Amounts are not
 * text: writers put them as they are (a negative amount keeps its '-').
 */
#ifndef EITI_CORE_CSV_H
#define EITI_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* True when text s would be read as a formula (it needs the "'"). */
bool eiti_csv_guarded(const char *s);

/* Write text s (NULL: empty) as one field through put(ud, bytes, n),
 * which returns 0 or -1; returns the first -1, else 0. */
int eiti_csv_field(
    const char *s, int (*put)(void *ud, const char *p, size_t n), void *ud);

#endif

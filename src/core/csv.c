/*
 * csv.c - CSV text fields (csv.h).
 */
#include "config.h"

#include <string.h>

#include "core/csv.h"

bool
eiti_csv_guarded(const char *s)
{
	return s != NULL && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

int
eiti_csv_field(
    const char *s, int (*put)(void *ud, const char *p, size_t n), void *ud)
{
	bool quote;
	const char *q;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote && put(ud, "\"", 1) != 0)
		return -1;
	if (eiti_csv_guarded(s) && put(ud, "'", 1) != 0)
		return -1;
	/* runs up to each '"', which is doubled */
	while ((q = quote ? strchr(s, '"') : NULL) != NULL) {
		if (put(ud, s, (size_t)(q - s) + 1) != 0 ||
		    put(ud, "\"", 1) != 0)
			return -1;
		s = q + 1;
	}
	if (put(ud, s, strlen(s)) != 0)
		return -1;
	return quote ? put(ud, "\"", 1) : 0;
}

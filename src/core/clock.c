/*
 * clock.c - SOURCE_DATE_EPOCH, read once with one rule (clock.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"

int
eiti_clock_read(struct eiti_clock *c, struct eiti_err *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long v = 0;
	const char *p;
	time_t t;

	c->now = 0;
	c->fixed = false;
	if (sde == NULL || sde[0] == '\0') {
		t = time(NULL);
		c->now = t < 0 ? 0 : t > EITI_CLOCK_MAX ? EITI_CLOCK_MAX : t;
		return 0;
	}
	/* digits only (no sign, space or exponent), at most 12 of them */
	for (p = sde; *p >= '0' && *p <= '9' && p - sde < 13; p++)
		v = v * 10 + (*p - '0');
	if (*p != '\0' || p - sde > 12 || v > EITI_CLOCK_MAX)
		return eiti_err_set(err, EITI_ERR_CONFIG,
		    "SOURCE_DATE_EPOCH: '%.64s' is not a number of seconds "
		    "since 1970-01-01 from 0 to %lld",
		    sde, EITI_CLOCK_MAX);
	c->now = v;
	c->fixed = true;
	return 0;
}

struct eiti_clock
eiti_clock_at(long long t)
{
	struct eiti_clock c;

	c.now = t < 0 ? 0 : t > EITI_CLOCK_MAX ? EITI_CLOCK_MAX : t;
	c.fixed = true;
	return c;
}

void
eiti_clock_iso8601(long long t, char buf[EITI_CLOCK_ISO_BUFSZ])
{
	time_t tt = (time_t)(t < 0		  ? 0
			     : t > EITI_CLOCK_MAX ? EITI_CLOCK_MAX
						  : t);
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, EITI_CLOCK_ISO_BUFSZ, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
		EITI_CLOCK_ISO_BUFSZ - 1)
		snprintf(buf, EITI_CLOCK_ISO_BUFSZ, "1970-01-01T00:00:00Z");
}

long long
eiti_clock_parse_iso8601(const char *g)
{
	struct tm tm;
	long long t;

	if (g == NULL || strlen(g) != 20 || g[4] != '-' || g[7] != '-' ||
	    g[10] != 'T' || g[13] != ':' || g[16] != ':' || g[19] != 'Z' ||
	    strspn(g, "0123456789-T:Z") != 20)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(g) - 1900;
	tm.tm_mon = atoi(g + 5) - 1;
	tm.tm_mday = atoi(g + 8);
	tm.tm_hour = atoi(g + 11);
	tm.tm_min = atoi(g + 14);
	tm.tm_sec = atoi(g + 17);
	t = (long long)timegm(&tm);
	return t < 0 || t > EITI_CLOCK_MAX ? -1 : t;
}

/*
 * render_sample.h - builds a rich, fictional struct eiti_results in
 * memory for the render tests and the render benchmark, without
 * results.xml: long Spanish company names, 15-digit COP amounts, negative
 * amounts, every status, adjustments and explanations with long reasons,
 * regions, provenance; optionally hostile strings (quotes, backslashes,
 * bidirectional overrides, control characters, invalid UTF-8, 10 KB
 * names, hostile URLs).  Every company is invented.
 */
#ifndef EITI_TESTS_RENDER_SAMPLE_H
#define EITI_TESTS_RENDER_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"

struct rs_opts {
	size_t nkeys; /* reconciliation keys (rows), e.g. 120 */
	bool hostile; /* hostile strings everywhere */
	bool big;     /* a few 15-digit amounts (per key) */
	const char *lang;
	const char *logo; /* PNG path or NULL */
};

/* A new sample; free with rs_sample_free(). */
struct eiti_results *rs_sample_new(const struct rs_opts *o);
void rs_sample_free(struct eiti_results *r);

#endif

/*
 * template.h - a report template in plain-data form: every word the PDF
 * prints, the order of its sections and the number and date conventions
 * of one language (eitirep(1), render: "all wording comes from templates/").
 *
 * Loaded from templates/LANG.xml (urn:eitirep:template:1, validated by
 * templates/template.xsd) by eiti_template_load() in the validate stage,
 * the only stage that reads XML; read by the render stage.  A secretariat
 * changes wording or adds a language by editing or adding an XML file,
 * never C.  Invariants after a successful load: texts are sorted by key
 * (strcmp) with unique keys, whitespace runs in every text are collapsed
 * to one space, every text is a well-formed message (core/message.h:
 * plural forms and variants), every string is valid UTF-8 and never NULL
 * ("" means absent), months has 12 entries.  Everything lives in the
 * arena.
 */
#ifndef EITI_MODEL_TEMPLATE_H
#define EITI_MODEL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* One piece of wording, e.g. key "summary.title". */
struct eiti_tmpl_text {
	const char *key, *value;
};

/* One report section in print order; appendix sections are lettered. */
struct eiti_tmpl_section {
	const char *id; /* "cover", "contents", "summary", ... */
	bool appendix;
};

/* One glossary entry, in template order. */
struct eiti_tmpl_entry {
	const char *term, *definition;
};

struct eiti_template {
	const char *file;     /* path it was loaded from */
	char sha256[65];      /* of the file's bytes: the report states it */
	const char *lang;     /* language code, e.g. "es" */
	const char *language; /* its own name, e.g. "Español" */

	/* Numbers: num_lang is the language code given to
	 * eiti_money_format()/eiti_percent_format(); num_decimal and
	 * num_group ("" = those of num_lang) override the separators;
	 * num_percent ("" = that of num_lang) is a pattern with {n}. */
	const char *num_lang, *num_decimal, *num_group, *num_percent;

	/* Dates: pattern with {day}, {month} (name) and {year}. */
	const char *date_pattern;
	const char *months[12];

	struct eiti_tmpl_section *sections;
	size_t nsections;
	struct eiti_tmpl_text *texts; /* sorted by key */
	size_t ntexts;
	struct eiti_tmpl_entry *glossary;
	size_t nglossary;

	void *arena; /* owns everything above */
};

/* The text for key, or NULL when the template has none (binary search;
 * the loader keeps texts sorted). */
static inline const char *
eiti_template_text(const struct eiti_template *t, const char *key)
{
	size_t lo = 0, hi = t->ntexts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, t->texts[mid].key);

		if (c == 0)
			return t->texts[mid].value;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

#endif

/*
 * fuzz_number.c - the import stage's amount parsers (src/import/number.h)
 * against core/money's xs:decimal parser, which fuzz_decimal.c holds to
 * libxml2 itself.
 *
 * For every input, at 0, 2 and 4 minor-unit digits:
 *   - plain decimals: wherever eiti_money_parse() accepts the text (no
 *     grouping, '.' decimal, XML whitespace), eiti_num_parse() with no
 *     grouping and eiti_num_parse_stored() must accept it too with the
 *     same value - the stored form once the text has at most 15
 *     significant digits (beyond, Excel's noise is rounded away first);
 *     a DIGITS or OVERFLOW verdict must match as well;
 *   - rounding: eiti_num_parse() with rounding gives OK or ROUNDED
 *     exactly where the exact parse gives OK or DIGITS, never further
 *     than half a unit from the exact value;
 *   - printed figures: any text, under the US, European and
 *     space-grouped formats, in thousands, with symbols and dashes: no
 *     crash, a reason for every refusal;
 *   - dates: the parsers never write outside out[11] and give a
 *     YYYY-MM-DD that goes back to the same serial.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "fuzz.h"
#include "import/number.h"

const char *const fuzz_replay_dirs[] = {
    "fixtures/fuzz-regress/number",
    "tests/fuzz/seeds/decimal",
    NULL,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

static int
sig_digits(const char *s)
{
	int n = 0;
	bool lead = true;

	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (lead && *s == '0')
			continue;
		lead = false;
		n++;
	}
	/* trailing zeros of a fraction are not significant either, but
	 * counting them only makes the check stricter where it applies */
	return n;
}

static void
check_plain(const char *s, size_t len, int digits)
{
	struct eiti_numfmt f;
	enum eiti_amount_status ms;
	enum eiti_num_status ns, ss, rs;
	int64_t mv = 0, nv = 0, sv = 0, rv = 0;
	const char *why = NULL;

	ms = eiti_money_parse(&mv, s, digits);
	eiti_numfmt_init(&f);
	f.group = NULL;
	f.symbols = "";
	ns = eiti_num_parse(&nv, s, len, &f, digits, &why);
	if (ns != EITI_NUM_OK && ns != EITI_NUM_ROUNDED &&
	    (why == NULL || why[0] == '\0'))
		fuzz_fail("'%s': status %d without a reason", s, (int)ns);
	f.round = true;
	rs = eiti_num_parse(&rv, s, len, &f, digits, NULL);
	if (ns == EITI_NUM_OK && (rs != EITI_NUM_OK || rv != nv))
		fuzz_fail("'%s': exact %lld, rounded parse %d %lld", s,
		    (long long)nv, (int)rs, (long long)rv);
	if (ns == EITI_NUM_DIGITS && rs != EITI_NUM_ROUNDED &&
	    rs != EITI_NUM_OVERFLOW)
		fuzz_fail("'%s': DIGITS exact, %d rounded", s, (int)rs);
	if (ns == EITI_NUM_SYNTAX && rs != EITI_NUM_SYNTAX)
		fuzz_fail("'%s': SYNTAX exact, %d rounded", s, (int)rs);
	if (ms == EITI_AMOUNT_SYNTAX)
		return;
	/* money_parse accepted the text: so must the table parser. */
	if (ms == EITI_AMOUNT_OK && (ns != EITI_NUM_OK || nv != mv))
		fuzz_fail("'%s' (%d digits): money %lld, num %d %lld", s,
		    digits, (long long)mv, (int)ns, (long long)nv);
	if (ms == EITI_AMOUNT_DIGITS && ns != EITI_NUM_DIGITS)
		fuzz_fail("'%s' (%d digits): money DIGITS, num %d", s, digits,
		    (int)ns);
	if (ms == EITI_AMOUNT_OVERFLOW && ns != EITI_NUM_OVERFLOW)
		fuzz_fail("'%s' (%d digits): money OVERFLOW, num %d", s, digits,
		    (int)ns);
	if (sig_digits(s) <= 15 && memchr(s, ' ', len) == NULL &&
	    memchr(s, '\t', len) == NULL && memchr(s, '\n', len) == NULL &&
	    memchr(s, '\r', len) == NULL) {
		ss = eiti_num_parse_stored(&sv, s, len, 0, digits, false, NULL);
		if (ms == EITI_AMOUNT_OK && (ss != EITI_NUM_OK || sv != mv))
			fuzz_fail("'%s': money %lld, stored %d %lld", s,
			    (long long)mv, (int)ss, (long long)sv);
		if (ms == EITI_AMOUNT_DIGITS && ss != EITI_NUM_DIGITS)
			fuzz_fail("'%s': money DIGITS, stored %d", s, (int)ss);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct eiti_numfmt f;
	const char *why;
	int64_t v;
	char out[11], ser[32], back[11];
	int d;

	memcpy(s, data, size);
	s[size] = '\0';
	if (memchr(s, '\0', size) == NULL)
		for (d = 0; d <= 4; d += 2)
			check_plain(s, size, d);

	/* Printed figures under the formats tables use. */
	{
		static const struct {
			char dec;
			const char *group, *symbols;
			int scale;
		} fm[] = {
		    {'.', ",", "$|US$", 0},
		    {',', ".", "$|COP", 0},
		    {',', " \u00a0\u202f", "COP", 6},
		    {'.', "'", NULL, 3},
		};
		size_t k;

		for (k = 0; k < sizeof(fm) / sizeof(fm[0]); k++) {
			enum eiti_num_status st;

			eiti_numfmt_init(&f);
			f.decimal = fm[k].dec;
			f.group = fm[k].group;
			f.symbols = fm[k].symbols;
			f.scale = fm[k].scale;
			f.dash_is_zero = k % 2 == 0;
			f.round = k >= 2;
			why = NULL;
			st = eiti_num_parse(&v, s, size, &f, 2, &why);
			if (st != EITI_NUM_OK && st != EITI_NUM_ROUNDED &&
			    (why == NULL || why[0] == '\0'))
				fuzz_fail("format %zu: status %d without a "
					  "reason",
				    k, (int)st);
		}
	}

	/* Dates. */
	memset(out, 'Z', sizeof(out));
	if (eiti_date_from_serial(out, s, size)) {
		if (out[10] != '\0' || strlen(out) != 10)
			fuzz_fail("serial date '%s'", out);
		if (!eiti_date_to_serial(ser, sizeof(ser), out, 10) ||
		    !eiti_date_from_serial(back, ser, strlen(ser)) ||
		    strcmp(back, out) != 0)
			fuzz_fail("serial date %s does not go back", out);
	}
	(void)eiti_date_from_serial_sys(out, s, size, true);
	(void)eiti_date_parse(out, s, size, "DD/MM/YYYY");
	(void)eiti_date_parse(out, s, size, "M/D/YYYY");
	(void)eiti_date_to_serial(ser, sizeof(ser), s, size);
	free(s);
	return 0;
}

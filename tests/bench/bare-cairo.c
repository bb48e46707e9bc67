/*
 * bare-cairo.c - the benchmark's peer: the plainest sensible way to
 * write N dense A4 pages of a 50-row x 8-column table with Pango and
 * cairo, and nothing else (no pagination logic, no tags, no links, no
 * second pass).  One PangoLayout per column, created once; every cell is
 * set_text + show_layout.  tests/bench/render-bench.sh compares the
 * report renderer's pages per second with this program's.
 *
 *   bare-cairo PAGES OUT.pdf
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define ROWS 50
#define COLS 8

/* Names short enough for one line: the peer needs neither wrapping nor
 * ellipsizing, which keeps it as fast as plain Pango gets. */
static const char *const names[] = {
    "Carbonífera del Cesar S.A.S.",
    "Petrolera Andina S.A.",
    "Carbones del Perijá Ltda.",
    "Auríferas del Bajo Cauca S.A.S.",
    "Gas del Piedemonte S.A.",
};

/* 1234567.89 in es style, from integer cents. */
static void
amount(char *buf, size_t n, long long cents)
{
	char digits[32], out[48];
	int len, i, o = 0;
	long long v = cents < 0 ? -cents : cents;

	len = snprintf(digits, sizeof(digits), "%lld", v / 100);
	if (cents < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	o += snprintf(out + o, sizeof(out) - (size_t)o, ",%02lld", v % 100);
	snprintf(buf, n, "%s", out);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const double width[COLS] = {133, 60, 60, 60, 60, 60, 30, 30};
	PangoLayout *lay[COLS];
	PangoFontDescription *fd;
	cairo_surface_t *s;
	cairo_t *cr;
	unsigned long long seed = 88172645463325252ull;
	double t0, x;
	int pages, p, r, c;

	if (argc != 3 || (pages = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: bare-cairo PAGES OUT.pdf\n");
		return 2;
	}
	t0 = now();
	s = cairo_pdf_surface_create(argv[2], 595.2756, 841.8898);
	cr = cairo_create(s);
	fd = pango_font_description_from_string("DejaVu Sans 7");
	for (c = 0; c < COLS; c++) {
		lay[c] = pango_cairo_create_layout(cr);
		pango_layout_set_font_description(lay[c], fd);
		pango_layout_set_width(
		    lay[c], (int)((width[c] - 4) * PANGO_SCALE));
		if (c > 0)
			pango_layout_set_alignment(lay[c], PANGO_ALIGN_RIGHT);
	}
	for (p = 0; p < pages; p++) {
		for (r = 0; r < ROWS; r++) {
			x = 51.0;
			for (c = 0; c < COLS; c++) {
				char buf[64];

				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				if (c == 0)
					snprintf(buf, sizeof(buf), "%s",
					    names[(p + r) % 5]);
				else if (c >= 6)
					snprintf(buf, sizeof(buf), "%llu",
					    seed % 1000);
				else
					amount(buf, sizeof(buf),
					    (long long)(seed %
							100000000000000ull) -
						(c == 3 ? 50000000000000ll
							: 0));
				pango_layout_set_text(lay[c], buf, -1);
				cairo_move_to(cr, x + 2, 72.0 + r * 14.0);
				pango_cairo_show_layout(cr, lay[c]);
				x += width[c];
			}
		}
		cairo_show_page(cr);
	}
	for (c = 0; c < COLS; c++)
		g_object_unref(lay[c]);
	pango_font_description_free(fd);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "bare-cairo: %s\n",
		    cairo_status_to_string(cairo_surface_status(s)));
		return 1;
	}
	cairo_surface_destroy(s);
	printf("%d pages in %.2f s: %.1f pages/s\n", pages, now() - t0,
	    pages / (now() - t0));
	return 0;
}

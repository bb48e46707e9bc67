/*
 * check_render.c - unit tests of the render stage and of the template
 * loader: templates load, bad ones are refused with the file and line;
 * numbers, dates, placeholders, safe strings and link attributes; whole
 * reports of the in-memory sample render in both languages, byte for
 * byte the same twice, hostile strings included.
 */
#include "config.h"

#include <cairo.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/message.h"
#include "core/money.h"
#include "model/model.h"
#include "render/render.h"
#include "render/rint.h"
#include "render_sample.h"
#include "validate/template_load.h"

/* LeakSanitizer, sanitizer build: fontconfig 2.14.1 loses one block while
 * parsing fonts.conf (see tests/lsan.supp); the rule names only that
 * library, so nothing allocated by eitirep is hidden. */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static char tmpdir[256];

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s && s[0] ? s : EITI_SRCDIR;
}

static char *
tdir(void)
{
	return eiti_xasprintf("%s/templates", srcdir());
}

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_render.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char *cmd = eiti_xasprintf("rm -rf '%s'", tmpdir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static struct eiti_template *
load(const char *lang)
{
	struct eiti_template *t = NULL;
	struct eiti_err err = EITI_ERR_INIT;
	char *d = tdir();

	ck_assert_msg(
	    eiti_template_load_lang(&t, d, lang, &err) == 0, "%s", err.msg);
	free(d);
	return t;
}

static char *
write_file(const char *name, const char *text)
{
	char *p = eiti_xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(p, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	return p;
}

/* ---- templates ----------------------------------------------------- */

START_TEST(test_template_load)
{
	static const char *const langs[] = {"es", "en"};
	size_t i, k;

	for (k = 0; k < 2; k++) {
		struct eiti_template *t = load(langs[k]);

		ck_assert_str_eq(t->lang, langs[k]);
		ck_assert_int_gt((int)t->ntexts, 200);
		ck_assert_int_ge((int)t->nsections, 10);
		ck_assert_int_gt((int)t->nglossary, 5);
		for (i = 1; i < t->ntexts; i++)
			ck_assert_int_lt(
			    strcmp(t->texts[i - 1].key, t->texts[i].key), 0);
		for (i = 0; r_required_keys[i] != NULL; i++)
			ck_assert_msg(
			    eiti_template_text(t, r_required_keys[i]) != NULL,
			    "%s lacks %s", langs[k], r_required_keys[i]);
		/* Whitespace runs collapse. */
		ck_assert_ptr_null(
		    strstr(eiti_template_text(t, "cover.note"), "  "));
		ck_assert_ptr_null(
		    strchr(eiti_template_text(t, "cover.note"), '\n'));
		eiti_template_free(t);
	}
	{
		struct eiti_template *t = load("es");

		ck_assert_str_eq(eiti_template_text(t, "page.footer"),
		    "página {page} de {pages}");
		ck_assert_str_eq(t->months[2], "marzo");
		ck_assert_ptr_null(eiti_template_text(t, "no.such.key"));
		eiti_template_free(t);
	}
}
END_TEST

static const char good_head[] =
    "<?xml version=\"1.0\"?>\n"
    "<template xmlns=\"urn:eitirep:template:1\" version=\"1\" "
    "lang=\"xx\" language=\"Test\">\n";
static const char good_body[] =
    "<numbers lang=\"en\"/>\n"
    "<dates pattern=\"{day} {month} {year}\"><month>a</month><month>b"
    "</month><month>c</month><month>d</month><month>e</month><month>f"
    "</month><month>g</month><month>h</month><month>i</month><month>j"
    "</month><month>k</month><month>l</month></dates>\n"
    "<sections><section id=\"summary\"/></sections>\n"
    "<texts><text key=\"a.b\">x</text></texts>\n"
    "</template>\n";

static int
load_text(const char *text, struct eiti_err *err)
{
	struct eiti_template *t = NULL;
	char *p = write_file("xx.xml", text);
	char *d = tdir();
	char *xsd = eiti_xasprintf("%s/template.xsd", d);
	int rc = eiti_template_load(&t, p, xsd, err);

	eiti_template_free(t);
	free(p);
	free(d);
	free(xsd);
	return rc;
}

START_TEST(test_template_refused)
{
	struct eiti_err err = EITI_ERR_INIT;
	char *s;

	/* A minimal valid template loads. */
	s = eiti_xasprintf("%s%s", good_head, good_body);
	ck_assert_msg(load_text(s, &err) == 0, "%s", err.msg);
	free(s);

	/* DOCTYPE: refused before the entities are even declared. */
	err = (struct eiti_err)EITI_ERR_INIT;
	s = eiti_xasprintf(
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY "
	    "a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n%s%s",
	    good_head + 22, good_body);
	ck_assert_int_eq(load_text(s, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "DOCTYPE"));
	free(s);

	/* Not well-formed: file and line. */
	err = (struct eiti_err)EITI_ERR_INIT;
	s = eiti_xasprintf("%s<numbers lang=\"en\">\n</template>\n", good_head);
	ck_assert_int_eq(load_text(s, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "xx.xml:"));
	free(s);

	/* Schema: an unknown section id. */
	err = (struct eiti_err)EITI_ERR_INIT;
	s = eiti_xasprintf("%s%s", good_head, good_body);
	memcpy(strstr(s, "summary"), "summarx", 7);
	ck_assert_int_eq(load_text(s, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "xx.xml:"));
	free(s);

	/* Duplicate keys are caught by the schema's unique constraint. */
	err = (struct eiti_err)EITI_ERR_INIT;
	s = eiti_xasprintf("%s%s", good_head, good_body);
	{
		char *p = strstr(s, "<text key=\"a.b\">x</text>");
		char *t2 = eiti_xasprintf(
		    "%.*s<text key=\"a.b\">x</text>%s", (int)(p - s), s, p);

		free(s);
		s = t2;
	}
	ck_assert_int_eq(load_text(s, &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	free(s);

	/* Not a template at all. */
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(load_text("<a/>", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "root element"));
}
END_TEST

START_TEST(test_template_lang)
{
	struct eiti_template *t = NULL;
	struct eiti_err err = EITI_ERR_INIT;
	char *d = tdir();
	char *s;

	ck_assert_int_eq(eiti_template_load_lang(&t, d, "zz", &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown language 'zz'"));
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(
	    eiti_template_load_lang(&t, d, "../templates/es", &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_CONFIG);
	ck_assert(!eiti_template_lang_ok(""));
	ck_assert(!eiti_template_lang_ok("e/s"));
	ck_assert(eiti_template_lang_ok("pt-BR"));
	free(d);

	/* A template whose lang does not match its file name. */
	s = eiti_xasprintf("%s%s", good_head, good_body);
	free(write_file("yy.xml", s));
	{
		char *cp = eiti_xasprintf(
		    "cp '%s/templates/template.xsd' '%s/'", srcdir(), tmpdir);

		ck_assert_int_eq(system(cp), 0);
		free(cp);
	}
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(eiti_template_load_lang(&t, tmpdir, "yy", &err), -1);
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not match"));
	free(s);
}
END_TEST

/* ---- words, numbers, dates, strings ---------------------------------- */

static void
doc_init(struct rdoc *d, struct eiti_results *res, struct eiti_template *t,
    struct eiti_err *err)
{
	memset(d, 0, sizeof(*d));
	d->res = res;
	d->t = t;
	d->lang = t->lang;
	d->err = err;
}

START_TEST(test_numbers)
{
	static const int64_t v[] = {0, 1, -1, 99, 100, 123456789, -123456789,
	    12345678901234567, INT64_MAX, INT64_MIN + 1};
	struct rs_opts so = {10, false, false, "es", NULL};
	struct eiti_results *res = rs_sample_new(&so);
	static const char *const langs[] = {"es", "en"};
	struct eiti_err err = EITI_ERR_INIT;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		struct eiti_template *t = load(langs[k]);
		struct rdoc d;

		doc_init(&d, res, t, &err);
		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			char a[EITI_MONEY_BUFSZ], b[EITI_MONEY_BUFSZ];

			ck_assert_str_eq(r_money(&d, a, v[i]),
			    eiti_money_format(b, v[i], 2, langs[k]));
			ck_assert_str_eq(r_count(&d, a, v[i]),
			    eiti_money_format(b, v[i], 0, langs[k]));
		}
		{
			char a[EITI_MONEY_BUFSZ];

			ck_assert_str_eq(r_money(&d, a, 123456789),
			    k == 0 ? "1.234.567,89" : "1,234,567.89");
			ck_assert_str_eq(
			    r_pct(&d, a, 6235), k == 0 ? "62,35 %" : "62.35%");
		}
		ck_assert_str_eq(r_date(&d, "2024-03-01"),
		    k == 0 ? "1 de marzo de 2024" : "1 March 2024");
		ck_assert_str_eq(r_date(&d, "2023-12-31T23:59:59Z"),
		    k == 0 ? "31 de diciembre de 2023" : "31 December 2023");
		ck_assert_str_eq(r_date(&d, "not a date"), "not a date");
		r_tmp_reset(&d);
		free(d.tmp);
		eiti_template_free(t);
	}
	/* Separators from the template (a French-style one). */
	{
		struct eiti_template *t = load("en");
		struct rdoc d;
		char a[EITI_MONEY_BUFSZ];

		t->num_decimal = ",";
		t->num_group = "\xe2\x80\xaf"; /* U+202F */
		t->num_percent = "{n} %";
		doc_init(&d, res, t, &err);
		ck_assert_str_eq(r_money(&d, a, -123456789), "-1\xe2\x80\xaf"
							     "234\xe2\x80\xaf"
							     "567,89");
		ck_assert_str_eq(r_money(&d, a, 5), "0,05");
		ck_assert_str_eq(r_pct(&d, a, 6235), "62,35 %");
		r_tmp_reset(&d);
		free(d.tmp);
		eiti_template_free(t);
	}
	ck_assert_int_eq(err.kind, 0);
	rs_sample_free(res);
}
END_TEST

START_TEST(test_strings)
{
	struct rs_opts so = {10, false, false, "es", NULL};
	struct eiti_results *res = rs_sample_new(&so);
	struct eiti_template *t = load("es");
	struct eiti_err err = EITI_ERR_INIT;
	struct rdoc d;
	const char *s;

	doc_init(&d, res, t, &err);
	ck_assert_str_eq(r_subst(&d, "página {page} de {pages}", "page", "3",
			     "pages", "41", (char *)NULL),
	    "página 3 de 41");
	ck_assert_str_eq(r_subst(&d, "{a}{unknown}{", "a", "x", (char *)NULL),
	    "x{unknown}{");

	/* Clean strings come back as they are. */
	s = "Sociedad Minera S.A.S. — Ñandú";
	ck_assert_ptr_eq(r_clean(&d, s), s);
	/* Bidi overrides removed, controls become spaces, invalid UTF-8
	 * becomes U+FFFD. */
	ck_assert_str_eq(r_clean(&d, "a\xe2\x80\xae"
				     "b\xe2\x81\xa6"
				     "c"),
	    "abc");
	ck_assert_str_eq(r_clean(&d, "a\tb\nc\x01"), "a b c ");
	ck_assert_str_eq(r_clean(&d, "a\xff"
				     "b\xc3("),
	    "a\xef\xbf\xbd"
	    "b\xef\xbf\xbd(");
	ck_assert_str_eq(r_clean(&d, "\xed\xa0\x80"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");

	/* Link attributes: only http(s); quotes and backslashes never
	 * reach cairo unescaped. */
	ck_assert_str_eq(r_uri_attr(&d, "https://a.org/x'y\\z"),
	    "uri='https://a.org/x%27y%5Cz'");
	ck_assert_str_eq(r_uri_attr(&d, "http://a.org/a b\"c<d>%zz%41"),
	    "uri='http://a.org/a%20b%22c%3Cd%3E%25zz%41'");
	ck_assert_str_eq(
	    r_uri_attr(&d, "HTTPS://a.org/ñ"), "uri='HTTPS://a.org/%C3%B1'");
	ck_assert_ptr_null(r_uri_attr(&d, "javascript:alert('x')"));
	ck_assert_ptr_null(r_uri_attr(&d, "file:///etc/passwd"));
	ck_assert_str_eq(r_attr_escape(&d, "a'b\\c"), "a\\'b\\\\c");
	ck_assert_int_eq(err.kind, 0);

	/* A missing text is an error naming the key. */
	ck_assert_str_eq(T(&d, "no.such.key"), "no.such.key");
	ck_assert_int_eq(err.kind, EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "no.such.key"));

	r_tmp_reset(&d);
	free(d.tmp);
	eiti_template_free(t);
	rs_sample_free(res);
}
END_TEST

/* ---- sentences with counts ------------------------------------------- */

/* Split line at tabs into at most n fields (in place). */
static int
split_tabs(char *line, char **f, int n)
{
	int k = 0;

	while (k < n) {
		char *t = strchr(line, '\t');

		f[k++] = line;
		if (t == NULL)
			break;
		*t = '\0';
		line = t + 1;
	}
	return k;
}

/* "a:1;b=text" -> arguments (pointing into s, which is modified). */
static size_t
parse_args(char *s, struct eiti_msg_arg *a, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p != '\0' && n < max) {
		char *end = strchr(p, ';'), *eq = strpbrk(p, ":=");

		if (end != NULL)
			*end = '\0';
		ck_assert_ptr_nonnull(eq);
		if (*eq == ':') {
			*eq = '\0';
			a[n++] = EITI_MSG_N(p, strtoll(eq + 1, NULL, 10));
		} else {
			*eq = '\0';
			a[n++] = EITI_MSG_S(p, eq + 1);
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return n;
}

/* Every counted phrase of both templates for 0, 1 and 2: the golden
 * sentences of tests/render-messages.tsv. */
START_TEST(test_messages)
{
	struct rs_opts so = {10, false, false, "es", NULL};
	struct eiti_results *res = rs_sample_new(&so);
	struct eiti_template *t[2] = {load("es"), load("en")};
	struct eiti_err err = EITI_ERR_INIT;
	char *path = eiti_xasprintf("%s/tests/render-messages.tsv", srcdir());
	bool dump = getenv("RENDER_MESSAGES_DUMP") != NULL;
	FILE *fp = fopen(path, "r");
	char line[4096];
	int bad = 0, n = 0;

	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		struct eiti_msg_arg a[16];
		char *f[4];
		struct rdoc d;
		const char *got;
		char *args;
		size_t na;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		ck_assert_int_eq(split_tabs(line, f, 4), 4);
		doc_init(&d, res, t[strcmp(f[0], "en") == 0], &err);
		args = eiti_xstrdup(f[2]);
		na = parse_args(args, a, 16);
		got = r_msg(&d, f[1], a, na);
		if (dump)
			printf("%s\t%s\t%s\t%s\n", f[0], f[1], f[2], got);
		else if (strcmp(got, f[3]) != 0) {
			fprintf(stderr, "%s %s: got\n  %s\nwant\n  %s\n", f[0],
			    f[1], got, f[3]);
			bad++;
		}
		n++;
		free(args);
		r_tmp_reset(&d);
		free(d.tmp);
	}
	fclose(fp);
	ck_assert_int_eq(err.kind, 0);
	ck_assert_int_gt(n, 100);
	ck_assert_msg(bad == 0, "%d sentences differ", bad);
	free(path);
	eiti_template_free(t[0]);
	eiti_template_free(t[1]);
	rs_sample_free(res);
}
END_TEST

/* Both shipped templates have the same texts, and every one is a
 * well-formed message. */
START_TEST(test_template_keys)
{
	struct eiti_template *es = load("es"), *en = load("en");
	size_t i;

	ck_assert_uint_eq(es->ntexts, en->ntexts);
	for (i = 0; i < es->ntexts; i++) {
		char why[160];

		ck_assert_str_eq(es->texts[i].key, en->texts[i].key);
		ck_assert_msg(
		    eiti_msg_check(es->texts[i].value, why, sizeof(why)),
		    "es %s: %s", es->texts[i].key, why);
	}
	ck_assert_uint_eq(es->nsections, en->nsections);
	for (i = 0; i < es->nsections; i++)
		ck_assert_str_eq(es->sections[i].id, en->sections[i].id);
	ck_assert_uint_eq(strlen(es->sha256), 64);
	ck_assert_str_ne(es->sha256, en->sha256);
	eiti_template_free(es);
	eiti_template_free(en);
}
END_TEST

/* ---- whole reports ---------------------------------------------------- */

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = eiti_xmalloc((size_t)len + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return buf;
}

/* Render the sample to tmpdir/name; returns the error code (0 done). */
static int
render_to(const char *name, const struct rs_opts *so,
    const struct eiti_template *t, struct eiti_err *err)
{
	struct eiti_results *res = rs_sample_new(so);
	struct eiti_clock clock;
	struct eiti_render_opts ro = {
	    .lang = so->lang, .tmpl = t, .clock = &clock};
	struct eiti_afile *f = NULL;
	char *path = eiti_xasprintf("%s/%s", tmpdir, name);
	int rc = 0;

	/* the clock as the command line reads it */
	if (eiti_clock_read(&clock, err) != 0 ||
	    eiti_afile_open(&f, path, err) != 0 ||
	    eiti_render_pdf(res, &ro, f, err) != 0) {
		eiti_afile_abort(f);
		rc = err->kind;
	} else if (eiti_afile_commit(f, err) != 0) {
		rc = err->kind;
	}
	free(path);
	rs_sample_free(res);
	return rc;
}

START_TEST(test_render_reproducible)
{
	static const char *const langs[] = {"es", "en"};
	size_t k;

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	for (k = 0; k < 2; k++) {
		struct rs_opts so = {150, false, true, langs[k], NULL};
		struct eiti_template *t = load(langs[k]);
		struct eiti_err err = EITI_ERR_INIT;
		char *a, *b;
		size_t na, nb;

		ck_assert_msg(
		    render_to("a.pdf", &so, t, &err) == 0, "%s", err.msg);
		ck_assert_msg(
		    render_to("b.pdf", &so, t, &err) == 0, "%s", err.msg);
		{
			char *pa = eiti_xasprintf("%s/a.pdf", tmpdir);
			char *pb = eiti_xasprintf("%s/b.pdf", tmpdir);

			a = slurp(pa, &na);
			b = slurp(pb, &nb);
			free(pa);
			free(pb);
		}
		ck_assert_int_gt((int)na, 20000);
		ck_assert(memcmp(a, "%PDF-1.5", 8) == 0);
		ck_assert(memcmp(a + na - 6, "%%EOF\n", 6) == 0);
		ck_assert_msg(na == nb && memcmp(a, b, na) == 0,
		    "two renders differ (%s)", langs[k]);
		/* The dates come from SOURCE_DATE_EPOCH. */
		ck_assert_ptr_nonnull(memmem(a, na, "20231114221320", 14));
		free(a);
		free(b);
		eiti_template_free(t);
	}
	unsetenv("SOURCE_DATE_EPOCH");
}
END_TEST

START_TEST(test_render_hostile)
{
	struct rs_opts so = {60, true, true, "es", NULL};
	struct eiti_template *t = load("es");
	struct eiti_err err = EITI_ERR_INIT;

	ck_assert_msg(render_to("h.pdf", &so, t, &err) == 0, "%s", err.msg);
	eiti_template_free(t);
}
END_TEST

START_TEST(test_render_template_errors)
{
	struct rs_opts so = {20, false, false, "en", NULL};
	struct eiti_template *t = load("en");
	struct eiti_err err = EITI_ERR_INIT;
	char *path;
	struct stat st;
	size_t i;

	/* No template at all. */
	{
		struct eiti_results *res = rs_sample_new(&so);
		struct eiti_render_opts ro = {.lang = "en"};

		ck_assert_int_eq(eiti_render_pdf(res, &ro, NULL, &err), -1);
		ck_assert_int_eq(err.kind, EITI_ERR_CONFIG);
		rs_sample_free(res);
	}
	/* A template that lacks one text: refused before anything is
	 * written, naming the key. */
	for (i = 0; i < t->ntexts; i++)
		if (strcmp(t->texts[i].key, "col.g") == 0)
			break;
	ck_assert_int_lt((int)i, (int)t->ntexts);
	memmove(&t->texts[i], &t->texts[i + 1],
	    (t->ntexts - i - 1) * sizeof(t->texts[0]));
	t->ntexts--;
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(render_to("m.pdf", &so, t, &err), EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "'col.g'"));
	path = eiti_xasprintf("%s/m.pdf", tmpdir);
	ck_assert_int_ne(stat(path, &st), 0);
	free(path);
	eiti_template_free(t);

	/* An unreadable logo. */
	t = load("en");
	so.logo = "/nonexistent/logo.png";
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(render_to("l.pdf", &so, t, &err), EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "logo"));
	eiti_template_free(t);
}
END_TEST

START_TEST(test_render_logo)
{
	struct rs_opts so = {30, false, false, "es", NULL};
	struct eiti_template *t = load("es");
	struct eiti_err err = EITI_ERR_INIT;
	char *logo = eiti_xasprintf("%s/logo.png", tmpdir);
	char *pdf = eiti_xasprintf("%s/logo.pdf", tmpdir);
	cairo_surface_t *img;
	cairo_t *cr;
	char *buf;
	size_t n;

	/* A 300 x 120 logo: scaled into the cover's box. */
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 120);
	cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.0, 0.45, 0.7);
	cairo_paint(cr);
	cairo_destroy(cr);
	ck_assert_int_eq(
	    cairo_surface_write_to_png(img, logo), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(img);
	so.logo = logo;
	ck_assert_msg(render_to("logo.pdf", &so, t, &err) == 0, "%s", err.msg);
	buf = slurp(pdf, &n);
	ck_assert_ptr_nonnull(memmem(buf, n, "/Subtype /Image", 15));
	free(buf);

	/* Not a PNG: refused, nothing written. */
	free(write_file("bad.png", "GIF89a not a png"));
	free(logo);
	logo = eiti_xasprintf("%s/bad.png", tmpdir);
	so.logo = logo;
	err = (struct eiti_err)EITI_ERR_INIT;
	ck_assert_int_eq(render_to("bad.pdf", &so, t, &err), EITI_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "logo: not a PNG image"));
	free(logo);
	free(pdf);
	eiti_template_free(t);
}
END_TEST

static Suite *
render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc;

	tc = tcase_create("template");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_template_load);
	tcase_add_test(tc, test_template_refused);
	tcase_add_test(tc, test_template_lang);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_template_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_render_reproducible);
	tcase_add_test(tc, test_render_hostile);
	tcase_add_test(tc, test_render_template_errors);
	tcase_add_test(tc, test_render_logo);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(render_suite());
	struct eiti_err err = EITI_ERR_INIT;
	int failed;

	/* the stream names in the report */
	if (eiti_streams_load(&err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_FAILURE;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

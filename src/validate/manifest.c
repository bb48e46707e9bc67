/*
 * manifest.c - the reconciliation manifest (eitirep-manifest(5)): schema, rules
 * and eiti_manifest_load().
 *
 * The manifest is small and loaded whole into one arena.  Rules beyond
 * the schema: real dates and an ordered period, known ISO and stream
 * codes, amounts within the report currency's minor unit, elements that
 * may appear only once in the free-order choice (MAN-DUP), one rate per
 * foreign currency and none for the report currency (MAN-RATE-DUP),
 * sources that are not the manifest itself (MAN-SELF), not listed twice
 * (SRC-DUP; for a table read through a profile: not with the same
 * profile and parameters) and reachable by the fetcher (SRC-URL), one
 * value per profile parameter (SRC-PARAM), coherent aliases
 * (ALIAS-DUP, ALIAS-CHAIN) and tolerances (TOL-EMPTY, TOL-DUP), and
 * revenue-sharing formulas (EITI Requirement 5.2): one per transferring
 * entity and stream, one share per recipient (XFER-DUP), rates in [0, 1]
 * (XFER-RATE) summing to at most 1 (XFER-RATE-SUM), no recipient that is
 * the sender (XFER-SELF), a rate for a foreign base currency
 * (RATE-MISSING).  Whether the entities exist is known only from the
 * disclosures: the reconciliation checks that (XFER-PARTY, XFER-LEVEL).
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "core/url.h"
#include "model/model.h"
#include "validate/internal.h"
#include "validate/validate.h"

/* Elements allowed at most once (rule MAN-DUP); title and conclusions
 * at most once per language. */
enum once { ONCE_THRESHOLDS, ONCE_ADJUSTMENTS, ONCE_ADMIN, ONCE_LOGO, ONCE_N };
static const char *const once_names[ONCE_N] = {
    "thresholds", "adjustments", "administrator", "logo"};

/* Texts collected from character data: a title, a paragraph of the
 * conclusions, a recommendation. */
enum mtext { MT_TITLE, MT_CONCLUSION, MT_RECOMMENDATION, MT_N };

struct textlist {
	struct eiti_lang_text *v;
	size_t n, cap;
};

struct mstate {
	struct eiti_manifest *m;
	struct eiti_arena *arena;
	char *real; /* realpath of the manifest, for MAN-SELF */
	unsigned long once_line[ONCE_N];
	bool header_ok;

	struct eiti_tolerance_decl *tol;
	size_t ntol, tol_cap;
	struct eiti_rate_decl *rates;
	size_t nrates, rates_cap;
	struct eiti_source_decl *src;
	size_t nsrc, src_cap;
	struct eiti_alias_decl *alias;
	size_t nalias, alias_cap;

	struct vx_strset *tol_keys, *rate_keys, *src_keys;
	struct vx_strset *alias_names, *alias_ids;

	/* the text being read (in_text), its kind and language */
	bool in_text, in_conclusions;
	enum mtext text_kind;
	const char *text_lang, *concl_lang;
	unsigned long text_line;
	struct vx_text text;
	struct textlist texts[MT_N];
	struct vx_strset *title_langs, *concl_langs;
	/* sharing rules; the shares of the one being read */
	struct eiti_sharing_decl *sharing;
	size_t nsharing, sharing_cap;
	struct sharing_pos {
		unsigned long line, col; /* of its currency attribute */
	} * sharing_pos;
	struct eiti_share_decl *shares;
	size_t nshares, shares_cap;
	bool in_sharing;
	struct vx_strset *sharing_keys, *share_tos;
	int64_t rate_sum; /* of the current sharing, scale 18 */
	bool rate_sum_over;

	/* The source being read, while its param children come: a table's
	 * SRC-DUP key needs its profile and parameters. */
	bool in_source;
	char *src_key;
	unsigned long src_key_line, src_key_col;
	struct eiti_param_decl *params;
	size_t nparams, params_cap;
};

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? 2 * (cap) : 8;                         \
			(arr) = eiti_xrealloc((arr), (cap) * sizeof(*(arr)));  \
		}                                                              \
	} while (0)

void *
vx_manifest_state_new(const char *path, const char *name)
{
	struct mstate *s = eiti_xcalloc(1, sizeof(*s));
	char *dir;

	s->arena = eiti_arena_new();
	s->m = eiti_arena_alloc(s->arena, sizeof(*s->m));
	s->m->arena = s->arena;
	s->m->file = eiti_arena_strdup(s->arena, name);
	s->m->name = strrchr(s->m->file, '/') != NULL
			 ? strrchr(s->m->file, '/') + 1
			 : s->m->file;
	dir = eiti_path_dirname(path);
	s->m->dir = eiti_arena_strdup(s->arena, dir);
	free(dir);
	s->m->lang = "en";
	s->m->currency_digits = -1;
	s->real = realpath(path, NULL);
	s->tol_keys = vx_strset_new();
	s->rate_keys = vx_strset_new();
	s->src_keys = vx_strset_new();
	s->alias_names = vx_strset_new();
	s->alias_ids = vx_strset_new();
	s->title_langs = vx_strset_new();
	s->concl_langs = vx_strset_new();
	s->sharing_keys = vx_strset_new();
	return s;
}

void
vx_manifest_state_free(void *st)
{
	struct mstate *s = st;
	int i;

	if (s == NULL)
		return;
	if (s->m != NULL)
		eiti_arena_free(s->arena);
	free(s->real);
	free(s->tol);
	free(s->rates);
	free(s->src);
	free(s->alias);
	vx_text_free(&s->text);
	for (i = 0; i < MT_N; i++)
		free(s->texts[i].v);
	vx_strset_free(s->title_langs);
	vx_strset_free(s->concl_langs);
	free(s->sharing);
	free(s->sharing_pos);
	free(s->shares);
	vx_strset_free(s->sharing_keys);
	vx_strset_free(s->share_tos);
	free(s->src_key);
	free(s->params);
	vx_strset_free(s->tol_keys);
	vx_strset_free(s->rate_keys);
	vx_strset_free(s->src_keys);
	vx_strset_free(s->alias_names);
	vx_strset_free(s->alias_ids);
	free(s);
}

/* The title printed when no language is asked for: the one in the
 * manifest's language, else the untagged one, else the first (the rule
 * of eiti_res_text_lang() in model/results.h). */
static const char *
main_title(const struct eiti_manifest *m)
{
	size_t i;

	for (i = 0; i < m->ntitles; i++)
		if (strcmp(m->titles[i].lang, m->lang) == 0)
			return m->titles[i].text;
	for (i = 0; i < m->ntitles; i++)
		if (m->titles[i].lang[0] == '\0')
			return m->titles[i].text;
	return m->ntitles > 0 ? m->titles[0].text : NULL;
}

struct eiti_manifest *
vx_manifest_state_take(void *st)
{
	struct mstate *s = st;
	struct eiti_manifest *m = s->m;

	m->tolerances =
	    eiti_arena_memdup(s->arena, s->tol, s->ntol * sizeof(*s->tol));
	m->ntolerances = s->ntol;
	m->rates = eiti_arena_memdup(
	    s->arena, s->rates, s->nrates * sizeof(*s->rates));
	m->nrates = s->nrates;
	m->sources =
	    eiti_arena_memdup(s->arena, s->src, s->nsrc * sizeof(*s->src));
	m->nsources = s->nsrc;
	m->aliases = eiti_arena_memdup(
	    s->arena, s->alias, s->nalias * sizeof(*s->alias));
	m->naliases = s->nalias;
	m->titles = eiti_arena_memdup(s->arena, s->texts[MT_TITLE].v,
	    s->texts[MT_TITLE].n * sizeof(struct eiti_lang_text));
	m->ntitles = s->texts[MT_TITLE].n;
	m->conclusions = eiti_arena_memdup(s->arena, s->texts[MT_CONCLUSION].v,
	    s->texts[MT_CONCLUSION].n * sizeof(struct eiti_lang_text));
	m->nconclusions = s->texts[MT_CONCLUSION].n;
	m->recommendations =
	    eiti_arena_memdup(s->arena, s->texts[MT_RECOMMENDATION].v,
		s->texts[MT_RECOMMENDATION].n * sizeof(struct eiti_lang_text));
	m->nrecommendations = s->texts[MT_RECOMMENDATION].n;
	m->title = main_title(m);
	m->sharings = eiti_arena_memdup(
	    s->arena, s->sharing, s->nsharing * sizeof(*s->sharing));
	m->nsharings = s->nsharing;
	s->m = NULL; /* the arena goes with it */
	return m;
}

void
eiti_manifest_free(struct eiti_manifest *m)
{
	if (m != NULL)
		eiti_arena_free(m->arena);
}

static const char *
keep(struct mstate *s, const char *v)
{
	return eiti_arena_strdup(s->arena, v);
}

/*
 * Where a reference points on this machine: file: URLs (percent-decoded)
 * and relative or absolute paths resolve against the manifest's directory
 * (eitirep(1), EXIT STATUS), "." and ".." taken away; http(s) URLs are remote
 * (NULL), and so is a file: URL that names another host (reading it fails
 * later, FETCH-LOCAL).  *bad_scheme is set for any other scheme.
 */
static char *
local_target(const char *dir, const char *href, bool *bad_scheme)
{
	const char *why;
	char *path, *joined, *norm;
	size_t n;

	*bad_scheme = false;
	if (strncasecmp(href, "file:", 5) == 0) {
		if ((path = eiti_path_from_file_url(href, &why)) == NULL)
			return NULL;
	} else if ((n = eiti_path_scheme_len(href)) != 0) {
		if (!((n == 5 && strncasecmp(href, "http:", 5) == 0) ||
			(n == 6 && strncasecmp(href, "https:", 6) == 0)))
			*bad_scheme = true;
		return NULL;
	} else {
		path = eiti_xstrdup(href);
	}
	joined = eiti_path_join(dir, path);
	norm = eiti_path_normalize(joined);
	free(joined);
	free(path);
	return norm;
}

/* What makes two references the same source: the file itself (device
 * and inode: any spelling, symbolic or hard link) when it exists, else
 * its normalised path; a remote URL as written.  Newly allocated. */
static char *
source_key(const char *href, const char *target)
{
	struct stat st;

	if (target == NULL)
		return eiti_xstrdup(href);
	if (stat(target, &st) == 0)
		return eiti_xasprintf("inode %ju:%ju", (uintmax_t)st.st_dev,
		    (uintmax_t)st.st_ino);
	return eiti_xstrdup(target);
}

/* MAN-SELF, SRC-DUP, SRC-URL and SRC-CREDENTIALS for a source or the
 * adjustments file.  Returns false on a finding.  With key_out (a table
 * read through a profile), SRC-DUP is left to the end of the source
 * element and the key of the file is returned, newly allocated. */
static bool
check_reference(struct vx_run *r, struct mstate *s, const char *href,
    bool is_source, char **key_out)
{
	char *target, *real = NULL, *key;
	unsigned long first;
	bool bad, ok = true;

	if (href == NULL || href[0] == '\0')
		return false;
	target = local_target(s->m->dir, href, &bad);
	if (bad) {
		vx_attr_finding(r, EITI_RULE_SRC_URL, "href",
		    "unsupported URL scheme: use http, https, file or a "
		    "path");
		return false;
	}
	if (eiti_url_has_userinfo(href)) {
		/* The message never repeats the reference. */
		vx_attr_finding(r, EITI_RULE_SRC_CREDENTIALS, "href",
		    "the URL carries a user name or password, and a manifest "
		    "is published with its report: remove them from the URL "
		    "and give them in ~/.netrc (or the file $NETRC names), "
		    "where `eitirep fetch` finds them");
		ok = false;
	}
	if (target != NULL)
		real = realpath(target, NULL);
	if (real != NULL && s->real != NULL && strcmp(real, s->real) == 0) {
		vx_attr_finding(r, EITI_RULE_MAN_SELF, "href",
		    "refers to this manifest itself");
		ok = false;
	}
	key = source_key(href, target);
	if (key_out != NULL)
		*key_out = eiti_xstrdup(key);
	else if (is_source && ok &&
		 (first = vx_strset_add(s->src_keys, key, vx_elem_line(r))) !=
		     0) {
		vx_attr_finding(r, EITI_RULE_SRC_DUP, "href",
		    "the same file is already a source on line %lu: its "
		    "payments would be counted twice",
		    first);
		ok = false;
	}
	free(key);
	free(real);
	free(target);
	return ok;
}

int
vx_manifest_source_role(const struct eiti_manifest *m, const char *path)
{
	char *real = realpath(path, NULL);
	int role = -1;
	size_t i;

	for (i = 0; real != NULL && i < m->nsources && role < 0; i++) {
		bool bad;
		char *t = local_target(m->dir, m->sources[i].href, &bad);
		char *rt = t != NULL ? realpath(t, NULL) : NULL;

		if (rt != NULL && strcmp(rt, real) == 0)
			role = (int)m->sources[i].role;
		free(rt);
		free(t);
	}
	free(real);
	return role;
}

static const char *
lower_sha(struct mstate *s, const char *v)
{
	char *c;
	size_t i;

	if (v == NULL)
		return NULL;
	c = eiti_arena_strdup(s->arena, v);
	for (i = 0; c[i] != '\0'; i++)
		c[i] = (char)tolower((unsigned char)c[i]);
	return c;
}

/* MAN-DUP: true the first time. */
static bool
once(struct vx_run *r, struct mstate *s, enum once which)
{
	if (s->once_line[which] != 0) {
		vx_elem_finding(r, EITI_RULE_MAN_DUP,
		    "a second %s element (the first is on line %lu); it may "
		    "appear only once",
		    once_names[which], s->once_line[which]);
		return false;
	}
	s->once_line[which] = vx_elem_line(r);
	return true;
}

static void
header(struct vx_run *r, struct mstate *s)
{
	struct eiti_manifest *m = s->m;
	const char *ps, *pe, *cur, *lvl;
	bool ok = true, present;
	long ds, de;

	m->country = keep(s, vx_check_country(r, "country", &ok));
	ps = vx_check_date(r, "period-start");
	pe = vx_check_date(r, "period-end");
	m->period_start = keep(s, ps);
	m->period_end = keep(s, pe);
	if (ps != NULL && pe != NULL && vx_date_parse(&ds, ps) &&
	    vx_date_parse(&de, pe) && de < ds)
		vx_attr_finding(r, EITI_RULE_DATE_PERIOD, "period-end",
		    "period-end %s is before period-start %s", pe, ps);
	m->currency_digits = vx_check_currency(r, "currency", &cur, &present);
	m->currency = keep(s, cur);
	if (vx_attr(r, "lang") != NULL)
		m->lang = keep(s, vx_attr(r, "lang"));
	lvl = vx_attr(r, "level");
	m->level_project = lvl != NULL && strcmp(lvl, "project") == 0;
	s->header_ok = true;
}

static void
thresholds(struct vx_run *r, struct mstate *s)
{
	struct eiti_manifest *m = s->m;
	int dig = m->currency_digits;
	const char *cur = m->currency != NULL ? m->currency : "?";

	if (!once(r, s, ONCE_THRESHOLDS))
		return;
	vx_labelf(r, "thresholds");
	m->has_thresholds = true;
	vx_elem_pos(r, &m->thresholds_line, &m->thresholds_col);
	m->materiality_text = keep(s, vx_attr(r, "materiality"));
	m->abs_tol_text = keep(s, vx_attr(r, "abs-tolerance"));
	m->rel_tol_text = keep(s, vx_attr(r, "rel-tolerance"));
	m->has_materiality =
	    vx_check_amount(r, "materiality", dig, cur, &m->materiality);
	m->has_abs_tol =
	    vx_check_amount(r, "abs-tolerance", dig, cur, &m->abs_tol);
	m->has_rel_tol = vx_check_decimal(r, "rel-tolerance", &m->rel_tol);
}

static void
tolerance(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"entity", NULL};
	struct eiti_tolerance_decl t;
	const char *cur = s->m->currency != NULL ? s->m->currency : "?";
	char key[600];
	unsigned long first;

	memset(&t, 0, sizeof(t));
	t.stream = vx_attr(r, "stream");
	t.entity = vx_attr(r, "entity");
	vx_labelf(r, "tolerance %s%s%s", t.stream != NULL ? t.stream : "",
	    t.entity != NULL ? " at " : "", t.entity != NULL ? t.entity : "");
	t.line = vx_elem_line(r);
	vx_check_nonempty(r, req);
	vx_check_stream(r, "stream");
	t.abs_text = keep(s, vx_attr(r, "abs"));
	t.rel_text = keep(s, vx_attr(r, "rel"));
	t.has_abs =
	    vx_check_amount(r, "abs", s->m->currency_digits, cur, &t.abs);
	t.has_rel = vx_check_decimal(r, "rel", &t.rel);
	if (t.abs_text == NULL && t.rel_text == NULL)
		vx_elem_finding(r, EITI_RULE_TOL_EMPTY,
		    "a tolerance needs abs, rel or both");
	snprintf(key, sizeof(key), "%s\x1f%s", t.stream ? t.stream : "",
	    t.entity ? t.entity : "");
	if ((first = vx_strset_add(s->tol_keys, key, t.line)) != 0)
		vx_elem_finding(r, EITI_RULE_TOL_DUP,
		    "a tolerance for the same stream and entity is on line %lu",
		    first);
	t.stream = keep(s, t.stream);
	t.entity = keep(s, t.entity);
	GROW(s->tol, s->ntol, s->tol_cap);
	s->tol[s->ntol++] = t;
}

static void
rate(struct vx_run *r, struct mstate *s)
{
	struct eiti_rate_decl d;
	const char *code;
	bool present;
	unsigned long first;

	memset(&d, 0, sizeof(d));
	d.line = vx_elem_line(r);
	code = vx_attr(r, "currency");
	vx_labelf(r, "rate %s", code != NULL ? code : "");
	if (vx_check_currency(r, "currency", &code, &present) >= 0 &&
	    code != NULL) {
		if (s->m->currency != NULL && strcmp(code, s->m->currency) == 0)
			vx_attr_finding(r, EITI_RULE_MAN_RATE_DUP, "currency",
			    "a rate for the report currency "
			    "%s, whose rate is 1 by definition",
			    code);
		else if ((first = vx_strset_add(s->rate_keys, code, d.line)) !=
			 0)
			vx_attr_finding(r, EITI_RULE_MAN_RATE_DUP, "currency",
			    "a second rate for %s (the first "
			    "is on line %lu)",
			    code, first);
	}
	d.currency = keep(s, code);
	d.value_text = keep(s, vx_attr(r, "value"));
	d.source = keep(s, vx_attr_raw(r, "source"));
	if (vx_check_decimal(r, "value", &d.value) && d.value.coef <= 0)
		vx_attr_finding(r, EITI_RULE_AMT_SYNTAX, "value",
		    "value '%s' must be greater than zero", d.value_text);
	if (d.source == NULL)
		vx_elem_finding(r, EITI_RULE_RATE_SOURCE,
		    "no source: the report should say where the rate comes "
		    "from");
	GROW(s->rates, s->nrates, s->rates_cap);
	s->rates[s->nrates++] = d;
}

static void
source(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"href", NULL};
	struct eiti_source_decl d;
	const char *role;

	memset(&d, 0, sizeof(d));
	vx_elem_pos(r, &d.line, &d.col);
	d.href = vx_attr(r, "href");
	vx_labelf(r, "source '%s'", d.href != NULL ? d.href : "");
	vx_check_nonempty(r, req);
	role = vx_attr(r, "role");
	d.role = role != NULL && strcmp(role, "government") == 0
		     ? EITI_ROLE_GOVERNMENT
		     : EITI_ROLE_COMPANY;
	d.profile = keep(s, vx_attr(r, "profile"));
	free(s->src_key);
	s->src_key = NULL;
	s->nparams = 0;
	s->in_source = true;
	vx_attr_pos(r, "href", &s->src_key_line, &s->src_key_col);
	check_reference(
	    r, s, d.href, true, d.profile != NULL ? &s->src_key : NULL);
	d.href = keep(s, d.href);
	d.sha256 = lower_sha(s, vx_attr(r, "sha256"));
	GROW(s->src, s->nsrc, s->src_cap);
	s->src[s->nsrc++] = d;
}

/* <param> of a source (SRC-PARAM: one per name, and only with a
 * profile). */
static void
source_param(struct vx_run *r, struct mstate *s)
{
	struct eiti_source_decl *src = &s->src[s->nsrc - 1];
	const char *name = vx_attr(r, "name");
	size_t i;

	vx_labelf(r, "param '%s'", name != NULL ? name : "");
	if (src->profile == NULL)
		vx_elem_finding(r, EITI_RULE_SRC_PARAM,
		    "a parameter belongs to a source read through a profile "
		    "(profile=\"...\")");
	for (i = 0; name != NULL && i < s->nparams; i++)
		if (strcmp(s->params[i].name, name) == 0) {
			vx_attr_finding(r, EITI_RULE_SRC_PARAM, "name",
			    "parameter '%s' is already given on line %lu", name,
			    s->params[i].line);
			return;
		}
	GROW(s->params, s->nparams, s->params_cap);
	s->params[s->nparams].name = keep(s, name != NULL ? name : "");
	s->params[s->nparams].value = keep(s, vx_attr_raw(r, "value"));
	if (s->params[s->nparams].value == NULL)
		s->params[s->nparams].value = "";
	s->params[s->nparams].line = vx_elem_line(r);
	s->nparams++;
}

static int
cmp_param(const void *a, const void *b)
{
	return strcmp(((const struct eiti_param_decl *)a)->name,
	    ((const struct eiti_param_decl *)b)->name);
}

/* The end of a source: its parameters, and SRC-DUP for a table (the
 * same file through the same profile with the same parameters). */
static void
source_end(struct vx_run *r, struct mstate *s)
{
	struct eiti_source_decl *src = &s->src[s->nsrc - 1];
	struct eiti_param_decl *sorted = NULL;
	char *key;
	size_t i, len;
	unsigned long first;

	s->in_source = false;
	if (s->nparams > 0) {
		src->params = eiti_arena_memdup(
		    s->arena, s->params, s->nparams * sizeof(*s->params));
		src->nparams = s->nparams;
	}
	if (s->src_key == NULL)
		return;
	sorted = eiti_xmalloc((s->nparams + 1) * sizeof(*sorted));
	if (s->nparams > 0) {
		memcpy(sorted, s->params, s->nparams * sizeof(*sorted));
		qsort(sorted, s->nparams, sizeof(*sorted), cmp_param);
	}
	len = strlen(s->src_key) + strlen(src->profile) + 2;
	for (i = 0; i < s->nparams; i++)
		len += strlen(sorted[i].name) + strlen(sorted[i].value) + 2;
	key = eiti_xmalloc(len + 1);
	snprintf(key, len + 1, "%s\x1f%s", s->src_key, src->profile);
	for (i = 0; i < s->nparams; i++) {
		strcat(key, "\x1f");
		strcat(key, sorted[i].name);
		strcat(key, "=");
		strcat(key, sorted[i].value);
	}
	if ((first = vx_strset_add(s->src_keys, key, src->line)) != 0)
		vx_finding_at(r, s->src_key_line, s->src_key_col,
		    EITI_RULE_SRC_DUP,
		    "source '%s': the same table through the same profile "
		    "with the same parameters is already a source on line %lu: "
		    "its payments would be counted twice",
		    src->href, first);
	free(key);
	free(sorted);
	free(s->src_key);
	s->src_key = NULL;
}

static void
adjustments(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"href", NULL};
	const char *href = vx_attr(r, "href");

	if (!once(r, s, ONCE_ADJUSTMENTS))
		return;
	vx_labelf(r, "adjustments '%s'", href != NULL ? href : "");
	vx_check_nonempty(r, req);
	check_reference(r, s, href, false, NULL);
	s->m->adjustments_href = keep(s, href);
	s->m->adjustments_sha256 = lower_sha(s, vx_attr(r, "sha256"));
	vx_elem_pos(r, &s->m->adjustments_line, &s->m->adjustments_col);
}

static void
alias(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"id", "name", NULL};
	struct eiti_alias_decl a;
	unsigned long first;

	memset(&a, 0, sizeof(a));
	a.line = vx_elem_line(r);
	a.id = vx_attr(r, "id");
	a.name = vx_attr(r, "name");
	vx_labelf(r, "alias '%s'", a.name != NULL ? a.name : "");
	if (!vx_check_nonempty(r, req) || a.id == NULL || a.name == NULL)
		goto add;
	if (strcmp(a.id, a.name) == 0) {
		vx_elem_finding_sev(r, EITI_SEV_WARNING, EITI_RULE_ALIAS_CHAIN,
		    "maps '%s' to itself", a.id);
		goto add;
	}
	/* One name, one company; and a canonical id is never itself an
	 * alias (the mapping is applied once, not followed). */
	if (vx_strset_has(s->alias_names, a.id))
		vx_attr_finding(r, EITI_RULE_ALIAS_CHAIN, "id",
		    "canonical id '%s' is itself an alias of another company",
		    a.id);
	if (vx_strset_has(s->alias_ids, a.name))
		vx_attr_finding(r, EITI_RULE_ALIAS_CHAIN, "name",
		    "'%s' is the canonical id of other aliases", a.name);
	vx_strset_add(s->alias_ids, a.id, a.line);
	if ((first = vx_strset_add(s->alias_names, a.name, a.line)) != 0) {
		size_t i;
		bool same = false;

		/* Earlier aliases may lack a name or id (already an XSD
		 * finding): skip them. */
		for (i = 0; i < s->nalias; i++)
			if (s->alias[i].name != NULL &&
			    s->alias[i].id != NULL &&
			    strcmp(s->alias[i].name, a.name) == 0 &&
			    strcmp(s->alias[i].id, a.id) == 0)
				same = true;
		if (same)
			vx_elem_finding_sev(r, EITI_SEV_WARNING,
			    EITI_RULE_ALIAS_DUP,
			    "repeats the alias on line %lu", first);
		else
			vx_attr_finding(r, EITI_RULE_ALIAS_DUP, "name",
			    "'%s' is already mapped to another company on "
			    "line %lu",
			    a.name, first);
	}
add:
	a.id = keep(s, a.id);
	a.name = keep(s, a.name);
	GROW(s->alias, s->nalias, s->alias_cap);
	s->alias[s->nalias++] = a;
}

/* The element's xml:lang ("" when it has none), kept in the arena. */
static const char *
lang_of(struct vx_run *r, struct mstate *s)
{
	const char *v = vx_attr(r, "xml:lang");

	return keep(s, v != NULL ? v : "");
}

/* Title and conclusions: at most one per language (rule MAN-DUP). */
static bool
once_per_lang(struct vx_run *r, struct mstate *s, struct vx_strset *langs,
    const char *what)
{
	const char *v = vx_attr(r, "xml:lang");
	unsigned long first;

	first = vx_strset_add(langs, v != NULL ? v : "", vx_elem_line(r));
	if (first == 0)
		return true;
	if (v != NULL && v[0] != '\0')
		vx_elem_finding(r, EITI_RULE_MAN_DUP,
		    "a second %s element in language '%s' (the first is on "
		    "line %lu); it may appear only once per language",
		    what, v, first);
	else
		vx_elem_finding(r, EITI_RULE_MAN_DUP,
		    "a second %s element (the first is on line %lu); it may "
		    "appear only once per language",
		    what, first);
	return false;
}

static void
text_begin(
    struct vx_run *r, struct mstate *s, enum mtext kind, const char *lang)
{
	s->in_text = true;
	s->text_kind = kind;
	s->text_lang = lang;
	s->text_line = vx_elem_line(r);
	s->text.len = 0;
}

/* --- revenue-sharing formulas (EITI Requirement 5.2) ---------------- */

#define RATE_ONE 1000000000000000000LL /* 1 at scale 18 */

static void
sharing_label(struct vx_run *r, const struct eiti_sharing_decl *sh)
{
	vx_labelf(r, "sharing of %s by '%s'", sh->stream ? sh->stream : "",
	    sh->from ? sh->from : "");
}

static void
sharing(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"from", NULL};
	struct eiti_sharing_decl d;
	struct sharing_pos pos;
	const char *cur;
	char key[600];
	unsigned long first;
	bool present;
	int dig;

	memset(&d, 0, sizeof(d));
	vx_elem_pos(r, &d.line, &d.col);
	d.from = vx_attr(r, "from");
	d.stream = vx_attr(r, "stream");
	sharing_label(r, &d);
	vx_check_nonempty(r, req);
	vx_check_stream(r, "stream");
	dig = vx_check_currency(r, "currency", &cur, &present);
	if (!present) {
		cur = s->m->currency;
		dig = s->m->currency_digits;
	}
	d.currency = keep(s, cur);
	d.currency_digits = dig;
	d.base_text = keep(s, vx_attr(r, "base"));
	vx_check_amount(r, "base", dig, cur != NULL ? cur : "?", &d.base);
	d.basis = keep(s, vx_attr(r, "basis"));
	snprintf(key, sizeof(key), "%s\x1f%s", d.from ? d.from : "",
	    d.stream ? d.stream : "");
	if ((first = vx_strset_add(s->sharing_keys, key, d.line)) != 0)
		vx_elem_finding(r, EITI_RULE_XFER_DUP,
		    "a second sharing rule for the same entity and stream "
		    "(the first is on line %lu)",
		    first);
	d.from = keep(s, d.from);
	d.stream = keep(s, d.stream);
	vx_attr_pos(r, "currency", &pos.line, &pos.col);
	GROW(s->sharing, s->nsharing, s->sharing_cap);
	s->sharing_pos = eiti_xrealloc(
	    s->sharing_pos, s->sharing_cap * sizeof(*s->sharing_pos));
	s->sharing_pos[s->nsharing] = pos;
	s->sharing[s->nsharing++] = d;
	s->in_sharing = true;
	s->nshares = 0;
	s->rate_sum = 0;
	s->rate_sum_over = false;
	vx_strset_free(s->share_tos);
	s->share_tos = vx_strset_new();
}

static void
share(struct vx_run *r, struct mstate *s)
{
	static const char *const req[] = {"to", NULL};
	const struct eiti_sharing_decl *sh = &s->sharing[s->nsharing - 1];
	struct eiti_share_decl d;
	unsigned long first;
	int64_t v;
	int k;

	memset(&d, 0, sizeof(d));
	vx_elem_pos(r, &d.line, &d.col);
	d.to = vx_attr(r, "to");
	vx_labelf(r, "share of '%s'", d.to != NULL ? d.to : "");
	vx_check_nonempty(r, req);
	d.rate_text = keep(s, vx_attr(r, "rate"));
	if (vx_check_decimal(r, "rate", &d.rate)) {
		int64_t one = 1;

		for (k = 0; k < d.rate.scale; k++)
			one *= 10;
		if (d.rate.coef < 0 || d.rate.coef > one) {
			vx_attr_finding(r, EITI_RULE_XFER_RATE, "rate",
			    "rate '%s' is not a fraction between 0 and 1 "
			    "(0.0123 is 1.23 %%)",
			    d.rate_text);
		} else if (!s->rate_sum_over) {
			/* rate <= 1, so rate x 10^18 fits */
			for (v = d.rate.coef, k = d.rate.scale; k < 18; k++)
				v *= 10;
			if (!eiti_add(&s->rate_sum, s->rate_sum, v) ||
			    s->rate_sum > RATE_ONE)
				s->rate_sum_over = true;
		}
	}
	if (d.to != NULL && sh->from != NULL && strcmp(d.to, sh->from) == 0)
		vx_attr_finding(r, EITI_RULE_XFER_SELF, "to",
		    "'%s' shares with itself", d.to);
	else if (d.to != NULL && d.to[0] != '\0' &&
		 (first = vx_strset_add(s->share_tos, d.to, d.line)) != 0)
		vx_attr_finding(r, EITI_RULE_XFER_DUP, "to",
		    "'%s' already has a share in this rule (line %lu)", d.to,
		    first);
	d.to = keep(s, d.to);
	GROW(s->shares, s->nshares, s->shares_cap);
	s->shares[s->nshares++] = d;
}

/* The end tag of a sharing: its shares and the sum of their rates. */
static void
end_sharing(struct vx_run *r, struct mstate *s)
{
	struct eiti_sharing_decl *sh = &s->sharing[s->nsharing - 1];

	s->in_sharing = false;
	sh->shares = eiti_arena_memdup(
	    s->arena, s->shares, s->nshares * sizeof(*s->shares));
	sh->nshares = s->nshares;
	if (s->rate_sum_over) {
		sharing_label(r, sh);
		vx_finding_at(r, sh->line, sh->col, EITI_RULE_XFER_RATE_SUM,
		    "the rates of its shares sum to more than 1: the rule "
		    "would give away more than its base");
	}
}

/* RATE-MISSING for the base currencies, once every rate is known (the
 * children come in any order). */
static void
sharing_rates(struct vx_run *r, struct mstate *s)
{
	size_t i, j;

	for (i = 0; i < s->nsharing; i++) {
		const struct eiti_sharing_decl *sh = &s->sharing[i];
		bool found = false;

		if (sh->currency == NULL || s->m->currency == NULL ||
		    sh->currency_digits < 0 ||
		    strcmp(sh->currency, s->m->currency) == 0)
			continue;
		for (j = 0; j < s->nrates && !found; j++)
			found = s->rates[j].currency != NULL &&
				strcmp(s->rates[j].currency, sh->currency) == 0;
		if (found)
			continue;
		sharing_label(r, sh);
		vx_finding_at(r, s->sharing_pos[i].line, s->sharing_pos[i].col,
		    EITI_RULE_RATE_MISSING,
		    "no exchange rate for %s, the currency of the base, in the "
		    "manifest (report currency %s)",
		    sh->currency, s->m->currency);
	}
}

static void
on_start(struct vx_run *r)
{
	struct mstate *s = r->ud;
	const char *l = r->el.local;

	if (!r->el.ours)
		return;
	if (r->el.depth == 1) {
		header(r, s);
		return;
	}
	if (r->el.depth == 3 && s->in_source && strcmp(l, "param") == 0) {
		source_param(r, s);
		return;
	}
	if (r->el.depth == 3 && s->in_conclusions && s->concl_lang != NULL &&
	    strcmp(l, "p") == 0) {
		text_begin(r, s, MT_CONCLUSION, s->concl_lang);
		return;
	}
	if (r->el.depth == 3 && s->in_sharing && strcmp(l, "share") == 0) {
		share(r, s);
		return;
	}
	if (r->el.depth != 2)
		return;
	if (strcmp(l, "source") == 0) {
		source(r, s);
	} else if (strcmp(l, "rate") == 0) {
		rate(r, s);
	} else if (strcmp(l, "alias") == 0) {
		alias(r, s);
	} else if (strcmp(l, "tolerance") == 0) {
		tolerance(r, s);
	} else if (strcmp(l, "thresholds") == 0) {
		thresholds(r, s);
	} else if (strcmp(l, "adjustments") == 0) {
		adjustments(r, s);
	} else if (strcmp(l, "sharing") == 0) {
		sharing(r, s);
	} else if (strcmp(l, "title") == 0) {
		if (once_per_lang(r, s, s->title_langs, "title"))
			text_begin(r, s, MT_TITLE, lang_of(r, s));
	} else if (strcmp(l, "conclusions") == 0) {
		s->in_conclusions = true;
		s->concl_lang = lang_of(r, s);
		if (!once_per_lang(r, s, s->concl_langs, "conclusions"))
			s->concl_lang = NULL;
	} else if (strcmp(l, "recommendation") == 0) {
		text_begin(r, s, MT_RECOMMENDATION, lang_of(r, s));
	} else if (strcmp(l, "administrator") == 0) {
		if (once(r, s, ONCE_ADMIN))
			s->m->administrator = keep(s, vx_attr(r, "name"));
	} else if (strcmp(l, "logo") == 0) {
		if (once(r, s, ONCE_LOGO)) {
			s->m->logo_href = keep(s, vx_attr(r, "href"));
			vx_elem_pos(r, &s->m->logo_line, &s->m->logo_col);
		}
	}
}

static void
on_text(struct vx_run *r, const char *text, int len)
{
	struct mstate *s = r->ud;

	/* The schema caps a text at a few thousand characters. */
	if (s->in_text)
		vx_text_add(&s->text, text, len);
}

static void
on_end(struct vx_run *r, const char *local, int depth)
{
	struct mstate *s = r->ud;
	size_t i;
	bool company = false, government = false;

	if (depth == 2 && s->in_source && strcmp(local, "source") == 0) {
		source_end(r, s);
		return;
	}
	if (s->in_text && (depth == 2 || depth == 3)) {
		struct textlist *l = &s->texts[s->text_kind];

		s->in_text = false;
		GROW(l->v, l->n, l->cap);
		l->v[l->n].lang = s->text_lang;
		l->v[l->n].text = vx_collapse(
		    s->arena, s->text.len > 0 ? s->text.s : "", s->text.len);
		l->v[l->n].line = s->text_line;
		l->n++;
		return;
	}
	if (depth == 2 && strcmp(local, "conclusions") == 0) {
		s->in_conclusions = false;
		return;
	}
	if (depth == 2 && s->in_sharing && strcmp(local, "sharing") == 0) {
		end_sharing(r, s);
		return;
	}
	if (depth != 1 || !s->header_ok)
		return;
	sharing_rates(r, s);
	for (i = 0; i < s->nsrc; i++) {
		if (s->src[i].role == EITI_ROLE_COMPANY)
			company = true;
		else
			government = true;
	}
	if (!company || !government)
		vx_elem_finding(r, EITI_RULE_MAN_SOURCES,
		    "the manifest lists no %s source: nothing can be "
		    "reconciled",
		    !company && !government ? "company or "
					      "government"
		    : !company		    ? "company"
					    : "government");
}

const struct vx_ops vx_manifest_ops = {on_start, on_end, on_text};

struct load_args {
	const char *path;
	void *state;
};

static const struct vx_ops *
ops_for(enum eiti_doc_kind kind, void *arg, void **ud)
{
	struct load_args *a = arg;

	(void)kind;
	a->state = vx_manifest_state_new(a->path, a->path);
	*ud = a->state;
	return &vx_manifest_ops;
}

static void
hash_bytes(void *ud, const void *p, size_t n)
{
	eiti_sha256_update(ud, p, n);
}

int
eiti_manifest_load(struct eiti_manifest **out, const char *path,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct load_args a = {path, NULL};
	struct eiti_sha256 sha;
	struct eiti_read_tap tap = {hash_bytes, &sha, 0, false};
	size_t before = diags->errors;
	enum eiti_doc_kind kind;
	char hex[65];
	int rc;

	*out = NULL;
	/* The report states the manifest's digest, so that `verify` can
	 * tell which manifest produced it: the digest of the bytes read
	 * here, in the same pass. */
	eiti_sha256_init(&sha);
	rc = vx_run_file_tap(&kind, path, path, EITI_DOC_MANIFEST, ops_for, &a,
	    diags, &tap, err);
	eiti_sha256_final_hex(&sha, hex);
	if (rc == 0 && diags->errors > before)
		rc = 1;
	if (rc == 0 && a.state != NULL) {
		*out = vx_manifest_state_take(a.state);
		memcpy((*out)->sha256, hex, sizeof(hex));
	} else if (rc == 0) {
		rc = 1;
	}
	vx_manifest_state_free(a.state);
	return rc;
}

/* read_views.c — what the pages other than a plan and a unit read: the
 * home page's catalogue and search, one statement each. (Units:
 * units.c.) */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "store/store_impl.h"
#include "util/text.h"
#include "util/xalloc.h"

/* The catalogue statement which (S_CATALOGUE or S_CATALOGUE_ALL) read into
 * *out. */
static enum db_status
catalogue_read(struct db *db, enum stmt which, struct catalogue **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, which);
	struct catalogue *c = xcalloc(1, sizeof(*c));
	struct arena *a = &c->arena;
	size_t ocap = 0, pcap = 0;
	struct catalogue_org *org = NULL;
	bool ok = true;
	while (q_row(db, st, "catalogue", &ok)) {
		const char *oid = drv_col_text(st, C_CA_ORG_ID);
		if (org == NULL || strcmp(org->id, oid) != 0) {
			org = VEC_PUSH(a, c->orgs, c->norgs, ocap);
			org->id = col_text(a, st, C_CA_ORG_ID);
			org->name = col_text(a, st, C_CA_ORG_NAME);
			pcap = 0;
		}
		struct catalogue_plan *cp = VEC_PUSH(a, org->plans, org->nplans, pcap);
		cp->id = col_text(a, st, C_CA_PLAN_ID);
		cp->title = col_text(a, st, C_CA_TITLE);
		cp->period_start = col_int(st, C_CA_START);
		cp->period_end = col_int(st, C_CA_END);
		const char *status = drv_col_text(st, C_CA_STATUS);
		int s = status ? plan_status_parse(status) : -1;
		cp->status = s < 0 ? PLAN_DRAFT : (enum plan_status)s;
		cp->counts.themes = (size_t)drv_col_int(st, C_CA_THEMES);
		cp->counts.goals = (size_t)drv_col_int(st, C_CA_GOALS);
		cp->counts.measures = (size_t)drv_col_int(st, C_CA_MEASURES);
		cp->counts.indicators = (size_t)drv_col_int(st, C_CA_INDICATORS);
	}
	if (!ok) {
		catalogue_free(c);
		return DB_ERROR;
	}
	*out = c;
	return DB_OK;
}

enum db_status
db_catalogue(struct db *db, struct catalogue **out)
{
	return catalogue_read(db, S_CATALOGUE, out);
}

enum db_status
db_catalogue_all(struct db *db, struct catalogue **out)
{
	return catalogue_read(db, S_CATALOGUE_ALL, out);
}

void
catalogue_free(struct catalogue *c)
{
	if (c == NULL)
		return;
	arena_free(&c->arena);
	free(c);
}

/* ---- search ---- */

/* The pattern that finds word as a substring of the stored text through
 * the backend's index: a GLOB pattern for SQLite's FTS5 trigram table
 * ('*', '?' and '[' taken literally by a bracket expression), a LIKE
 * pattern for PostgreSQL's pg_trgm ('%', '_' and '\' escaped with '\',
 * PostgreSQL's default escape). Caller frees. */
static char *
pattern(bool pgsql, const char *word)
{
	size_t n = strlen(word);
	char *p = xmalloc(3 * n + 3), *o = p;
	*o++ = pgsql ? '%' : '*';
	for (const char *w = word; *w; w++) {
		if (pgsql && (*w == '%' || *w == '_' || *w == '\\')) {
			*o++ = '\\';
			*o++ = *w;
		} else if (!pgsql && (*w == '*' || *w == '?' || *w == '[')) {
			*o++ = '[';
			*o++ = *w;
			*o++ = ']';
		} else {
			*o++ = *w;
		}
	}
	*o++ = pgsql ? '%' : '*';
	*o = '\0';
	return p;
}

/* True if every word occurs in hay. */
static bool
has_all(const char *hay, char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(hay, words[i]) == NULL)
			return false;
	return true;
}

/* A hit's units from "id TAB name" lines. */
static void
parse_units(struct arena *a, const char *s, struct search_hit *h)
{
	size_t cap = 0;
	while (s && *s) {
		const char *tab = strchr(s, '\t');
		const char *nl = strchr(s, '\n');
		if (tab == NULL || nl == NULL || tab > nl)
			break;
		struct unit_ref *u = VEC_PUSH(a, h->responsible, h->nresponsible, cap);
		u->id = arena_strndup(a, s, (size_t)(tab - s));
		u->name = arena_strndup(a, tab + 1, (size_t)(nl - tab - 1));
		s = nl + 1;
	}
}

enum db_status
db_search(struct db *db, const char *query_text, struct search_result **out)
{
	*out = NULL;
	/* Every word counts: the query is at most HTTP_QUERY_FIELD_MAX
	 * characters, which bounds the number of words. */
	char *folded = text_fold(query_text);
	char **words;
	size_t nwords = text_words(folded, &words);
	struct search_result *r = xcalloc(1, sizeof(*r));
	if (nwords == 0) {
		free(words);
		free(folded);
		*out = r;
		return DB_OK;
	}
	/* The longest words first: the index narrows by the first, and up to
	 * SEARCH_SQL_WORDS of them are matched by the engine, which then
	 * returns only the rows shown. Words beyond those are checked here,
	 * on every row (the engine cannot limit them then). */
	for (size_t i = 1; i < nwords; i++)
		for (size_t j = i; j > 0 && strlen(words[j]) > strlen(words[j - 1]); j--) {
			char *t = words[j];
			words[j] = words[j - 1];
			words[j - 1] = t;
		}
	bool pg = db_is_pgsql(db);
	struct arena *a = &r->arena;
	size_t cap = 0;
	bool ok = true;
	struct drv_stmt *st = q(db, S_SEARCH);
	if (st) {
		for (size_t i = 0; i < SEARCH_SQL_WORDS; i++) {
			char *pat = i < nwords ? pattern(pg, words[i]) : xstrdup(pg ? "%" : "*");
			drv_bind_text(st, (int)i + 1, pat);
			free(pat);
		}
		drv_bind_int(st, SEARCH_SQL_WORDS + 1, nwords <= SEARCH_SQL_WORDS ?
		    SEARCH_RESULTS_MAX + 1 : SEARCH_SCAN_MAX);
	}
	while (q_row(db, st, "search", &ok)) {
		if (!has_all(drv_col_text(st, C_SE_TEXT), words, nwords))
			continue;
		if (r->nhits == SEARCH_RESULTS_MAX) {
			r->truncated = 1;
			drv_reset(st);
			break;
		}
		struct search_hit *h = VEC_PUSH(a, r->hits, r->nhits, cap);
		h->plan_id = col_text(a, st, C_SE_PLAN_ID);
		h->plan_title = col_text(a, st, C_SE_PLAN_TITLE);
		h->kind = (enum search_kind)col_int(st, C_SE_KIND);
		h->id = col_text(a, st, C_SE_KEY);
		h->title = col_text(a, st, C_SE_TITLE);
		h->number = col_int(st, C_SE_NUMBER);
		h->text = col_text(a, st, C_SE_BODY);
		h->resource_note = col_text(a, st, C_SE_RESOURCE_NOTE);
		h->resource_category = col_category(st, C_SE_CATEGORY);
		parse_units(a, drv_col_text(st, C_SE_UNITS), h);
	}
	free(words);
	free(folded);
	if (!ok) {
		search_result_free(r);
		return DB_ERROR;
	}
	*out = r;
	return DB_OK;
}

void
search_result_free(struct search_result *r)
{
	if (r == NULL)
		return;
	arena_free(&r->arena);
	free(r);
}

/* ---- editing plans ---- */

enum db_status
db_organisations(struct db *db, struct organisation_list **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_ORG_LIST);
	struct organisation_list *l = xcalloc(1, sizeof(*l));
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "organisations", &ok)) {
		struct organisation *o = VEC_PUSH(&l->arena, l->items, l->n, cap);
		o->id = col_text(&l->arena, st, C_ORG_ID);
		o->name = col_text(&l->arena, st, C_ORG_NAME);
		o->logo_text = col_text(&l->arena, st, C_ORG_LOGO);
		o->accent = col_text(&l->arena, st, C_ORG_ACCENT);
	}
	if (!ok) {
		organisation_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
organisation_list_free(struct organisation_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

/* One count(*) of st, bound by the caller, into *n. */
static bool
count_of(struct drv_stmt *st, const char *what, long *n)
{
	if (st == NULL)
		return false;
	enum drv_step r = drv_step(st, what);
	if (r == DRV_ROW)
		*n = (long)drv_col_int(st, 0);
	drv_reset(st);
	return r == DRV_ROW;
}

enum db_status
db_report_count(struct db *db, const char *plan_id, const char *measure_id, int number,
    long *n)
{
	*n = 0;
	struct drv_stmt *st = q(db, S_REPORT_COUNT);
	if (st != NULL) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_text(st, 2, measure_id ? measure_id : "");
		drv_bind_int(st, 3, measure_id ? number : 0);
	}
	return count_of(st, "reports", n) ? DB_OK : DB_ERROR;
}

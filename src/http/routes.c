/* routes.c — the route table and its handlers. Handlers call the store
 * and the views; they never see SQL or write HTML themselves.
 *
 * Every handler may answer 200, 404 (no such plan, theme, measure, unit
 * or file) or 500 (the database failed; the reader sees a calm page and
 * the log says why); the indicator listing also 400 (a filter value the
 * plan does not have). */
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_json.h"
#include "http/static_files.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/pages.h"

#define HTML "text/html; charset=utf-8"

static void
page(struct reply *r, char *body, size_t len)
{
	r->status = 200;
	r->body = body;
	r->len = len;
	r->content_type = HTML;
	r->cache = CACHE_PAGE;
}

/* Answers a store failure; returns true if st was not DB_OK. */
static bool
store_failed(struct request *req, struct reply *r, enum db_status st,
    const char *not_found)
{
	if (st == DB_OK)
		return false;
	if (st == DB_NOT_FOUND) {
		reply_error(r, 404, not_found);
	} else {
		fprintf(stderr, "tiltak: database: %s\n", db_errmsg(req->db));
		reply_error(r, 500, N_("The page could not be read from the database. "
		    "Please try again in a moment."));
	}
	return true;
}

/* Loads the plan named by the first parameter, or answers 404/500. */
static struct plan *
plan_or_reply(struct request *req, struct reply *r)
{
	struct plan *p = NULL;
	if (!text_is_id(req->params[0])) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return NULL;
	}
	enum db_status st = db_plan_get(req->db, req->params[0], &p);
	if (store_failed(req, r, st, N_("There is no plan at this address.")))
		return NULL;
	return p;
}

static void
h_home(struct request *req, struct reply *r)
{
	struct catalogue *c;
	if (store_failed(req, r, db_catalogue(req->db, &c), NULL))
		return;
	size_t len;
	char *body = page_home(c, url_query(req->url, "kommune"), &len);
	page(r, body, len);
	catalogue_free(c);
}

static void
h_plan(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	/* The plan it replaces is named by title, linked when it is here. */
	struct plan_name *replaced = NULL;
	enum db_status st = p->replaces ?
	    db_plan_name(req->db, p->replaces, &replaced) : DB_NOT_FOUND;
	if (st == DB_NOT_FOUND || !store_failed(req, r, st, NULL)) {
		size_t len;
		char *body = page_plan(p, replaced, &len);
		page(r, body, len);
	}
	plan_name_free(replaced);
	plan_free(p);
}

static void
h_theme(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	const struct theme *t = plan_theme(p, req->params[1]);
	if (t == NULL) {
		reply_error(r, 404, N_("This plan has no theme at this address."));
	} else {
		size_t len;
		char *body = page_theme(p, t, &len);
		page(r, body, len);
	}
	plan_free(p);
}

static void
h_measure(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	const struct theme *t;
	const struct goal *g;
	const struct measure *m = plan_measure(p, req->params[1], &t, &g);
	if (m == NULL) {
		reply_error(r, 404, N_("This plan has no measure at this address."));
	} else {
		size_t len;
		char *body = page_measure(p, t, g, m, &len);
		page(r, body, len);
	}
	plan_free(p);
}

/* A filter field's value; an empty one (the form's "all") is none. */
static const char *
filter_value(const struct request *req, const char *name)
{
	const char *v = url_query(req->url, name);
	return v && *v ? v : NULL;
}

/* The filters of a listing, checked against the plan. Returns NULL, or a
 * message (caller frees) naming the value the plan does not have. */
static char *
read_filter(const struct request *req, const struct plan *p,
    struct indicator_filter *f)
{
	const char *c = filter_value(req, "category");
	f->category = -1;
	f->unit = filter_value(req, "unit");
	f->theme = filter_value(req, "theme");
	if (c && (f->category = resource_category_parse(c)) < 0) {
		char names[128] = "";
		for (int i = 0; i < RESOURCE_CATEGORY__MAX; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			    i ? ", " : "", resource_category_name((enum resource_category)i));
		return xasprintf(_("There is no resource category “%s”. The categories "
		    "are: %s."), c, names);
	}
	if (f->unit && plan_unit(p, f->unit) == NULL)
		return xasprintf(_("This plan names no unit “%s”."), f->unit);
	if (f->theme && plan_theme(p, f->theme) == NULL)
		return xasprintf(_("This plan has no theme “%s”."), f->theme);
	return NULL;
}

/* 200, 400 (a filter value the plan does not have, answered with the
 * listing's page saying which), 404, 500. */
static void
h_indicators(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	struct indicator_filter f;
	char *error = read_filter(req, p, &f);
	size_t len;
	char *body = page_indicators(p, &f, error, &len);
	page(r, body, len);
	if (error) {
		r->status = 400;
		r->cache = CACHE_NONE;
	}
	free(error);
	plan_free(p);
}

static void
h_units(struct request *req, struct reply *r)
{
	struct unit_list *l;
	if (store_failed(req, r, db_unit_list(req->db, &l), NULL))
		return;
	size_t len;
	char *body = page_units(l, &len);
	page(r, body, len);
	unit_list_free(l);
}

static void
h_unit(struct request *req, struct reply *r)
{
	struct unit_view *u;
	if (!text_is_id(req->params[0])) {
		reply_error(r, 404, N_("No plan names a unit with this address."));
		return;
	}
	if (store_failed(req, r, db_unit_get(req->db, req->params[0], &u),
	    N_("No plan names a unit with this address.")))
		return;
	size_t len;
	char *body = page_unit(u, &len);
	page(r, body, len);
	unit_view_free(u);
}

static void
h_search(struct request *req, struct reply *r)
{
	const char *q = url_query(req->url, "q");
	struct search_result *res = NULL;
	struct catalogue *c = NULL;
	/* A query of only white space is no search: the form alone. */
	bool words = q != NULL && q[strspn(q, " \t\r\n")] != '\0';
	if (words && store_failed(req, r, db_search(req->db, q, &res), NULL))
		return;
	if (words && store_failed(req, r, db_catalogue(req->db, &c), NULL)) {
		search_result_free(res);
		return;
	}
	size_t len;
	char *body = page_search(q, res, c, &len);
	page(r, body, len);
	search_result_free(res);
	catalogue_free(c);
}

/* The accessibility statement. The installation names its contact for
 * accessibility problems in the environment variable TILTAK_CONTACT (an
 * e-mail address becomes a link; other text is shown as it is). */
static void
h_statement(struct request *req, struct reply *r)
{
	struct catalogue *c;
	if (store_failed(req, r, db_catalogue(req->db, &c), NULL))
		return;
	size_t len;
	char *body = page_statement(c, getenv("TILTAK_CONTACT"), &len);
	page(r, body, len);
	catalogue_free(c);
}

/* The plan as JSON: 200, 404, or 500 when the database holds text that
 * JSON cannot carry (logged with the plan and the JSON path). */
static void
h_api_plan(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	struct plan_error err;
	char *json = plan_json_export(p, &r->len, &err);
	if (json == NULL) {
		fprintf(stderr, "tiltak: cannot write plan \"%s\" as JSON: %s: %s\n",
		    p->id, err.path, err.message);
		reply_error(r, 500, N_("This plan holds text that cannot be written as "
		    "JSON. The error has been logged."));
	} else {
		r->status = 200;
		r->body = json;
		r->content_type = "application/json";
		r->cache = CACHE_PAGE;
	}
	plan_free(p);
}

static void
h_static(struct request *req, struct reply *r)
{
	for (const struct static_file *f = static_files; f->path; f++) {
		if (strcmp(f->path + strlen("/static/"), req->params[0]) == 0) {
			r->status = 200;
			r->static_body = f->data;
			r->len = f->len;
			r->content_type = f->content_type;
			r->cache = CACHE_STATIC;
			return;
		}
	}
	reply_error(r, 404, N_("There is no file at this address."));
}

static const struct route routes[] = {
	{{NULL}, h_home, {"kommune", NULL}, true},
	{{"plans", NULL}, h_home, {"kommune", NULL}, true},
	{{"plans", ":", NULL}, h_plan, {NULL}, true},
	{{"plans", ":", "indicators", NULL}, h_indicators,
	    {"category", "unit", "theme", NULL}, true},
	{{"plans", ":", "themes", ":", NULL}, h_theme, {NULL}, true},
	{{"plans", ":", "measures", ":", NULL}, h_measure, {NULL}, true},
	{{"units", NULL}, h_units, {NULL}, true},
	{{"units", ":", NULL}, h_unit, {NULL}, true},
	{{"search", NULL}, h_search, {"q", NULL}, true},
	{{"tilgjengelighet", NULL}, h_statement, {NULL}, true},
	{{"api", "plans", ":", NULL}, h_api_plan, {NULL}, true},
	{{"static", ":", NULL}, h_static, {NULL}, true},
};

const struct route *
route_match(const struct url *url, struct request *req)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		size_t n = 0, np = 0;
		bool ok = true;
		for (; rt->segments[n] && ok; n++) {
			if (n >= url->nsegments)
				ok = false;
			else if (strcmp(rt->segments[n], ":") == 0)
				ok = url->segments[n][0] != '\0' && np < ROUTE_PARAMS_MAX;
			else
				ok = strcmp(rt->segments[n], url->segments[n]) == 0;
			if (ok && strcmp(rt->segments[n], ":") == 0)
				req->params[np++] = url->segments[n];
		}
		if (ok && n == url->nsegments)
			return rt;
	}
	return NULL;
}

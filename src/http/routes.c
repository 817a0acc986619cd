/* routes.c — the route table, its checker and matcher, and the handlers.
 * Handlers call the store and the views; they never see SQL or write HTML
 * themselves.
 *
 * Every handler may answer 200, 404 (no such plan, theme, measure, unit
 * or file) or 500 (the database failed; the reader sees a calm page and
 * the log says why); the indicator listing also 400 (a filter value the
 * plan does not have). */
#include "http/routes.h"

#include "limits.h"

#include <assert.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_json.h"
#include "http/auth.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "http/static_files.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/pages.h"

#define HTML "text/html; charset=utf-8"

/* A 200 HTML page: r takes over body. */
static void
page(struct reply *r, char *body, size_t len)
{
	reply_body(r, 200, HTML, body, len, CACHE_PAGE);
}


/* Loads the plan named by the parameter :plan, or answers 404/500. */
static struct plan *
plan_or_reply(struct request *req, struct reply *r)
{
	struct plan *p = NULL;
	const char *id = req_param(req, PARAM_PLAN);
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return NULL;
	}
	enum db_status st = db_plan_get(req->db, id, &p);
	if (handler_store_failed(req, r, st, N_("There is no plan at this address.")))
		return NULL;
	/* A draft is not public until it is adopted. */
	if (p->status == PLAN_DRAFT) {
		plan_free(p);
		reply_error(r, 404, N_("There is no plan at this address."));
		return NULL;
	}
	return p;
}

/* The current status of p's indicators for the public, or NULL having
 * answered 500. */
static struct public_status *
status_or_reply(struct request *req, struct reply *r, const struct plan *p)
{
	struct public_status *ps = NULL;
	if (handler_store_failed(req, r, db_public_status(req->db, p->id, &ps), NULL))
		return NULL;
	return ps;
}

static void
h_home(struct request *req, struct reply *r)
{
	struct catalogue *c;
	if (handler_store_failed(req, r, db_catalogue(req->db, &c), NULL))
		return;
	size_t len;
	char *body = page_home(c, req_query(req, "kommune"), &len);
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
	struct public_status *ps = NULL;
	if ((st == DB_NOT_FOUND || !handler_store_failed(req, r, st, NULL)) &&
	    (ps = status_or_reply(req, r, p)) != NULL) {
		size_t len;
		char *body = page_plan(p, replaced, ps, &len);
		page(r, body, len);
	}
	public_status_free(ps);
	plan_name_free(replaced);
	plan_free(p);
}

static void
h_theme(struct request *req, struct reply *r)
{
	struct plan *p = plan_or_reply(req, r);
	if (p == NULL)
		return;
	const struct theme *t = plan_theme(p, req_param(req, PARAM_THEME));
	struct public_status *ps = NULL;
	if (t == NULL) {
		reply_error(r, 404, N_("This plan has no theme at this address."));
	} else if ((ps = status_or_reply(req, r, p)) != NULL) {
		size_t len;
		char *body = page_theme(p, t, ps, &len);
		page(r, body, len);
	}
	public_status_free(ps);
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
	const struct measure *m = plan_measure(p, req_param(req, PARAM_MEASURE), &t, &g);
	struct public_status *ps = NULL;
	if (m == NULL) {
		reply_error(r, 404, N_("This plan has no measure at this address."));
	} else if ((ps = status_or_reply(req, r, p)) != NULL) {
		size_t len;
		char *body = page_measure(p, t, g, m, ps, &len);
		page(r, body, len);
	}
	public_status_free(ps);
	plan_free(p);
}

/* A filter field's value; an empty one (the form's "all") is none. */
static const char *
filter_value(const struct request *req, const char *name)
{
	const char *v = req_query(req, name);
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
	if (handler_store_failed(req, r, db_unit_list(req->db, &l), NULL))
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
	const char *id = req_param(req, PARAM_UNIT);
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no unit with this address."));
		return;
	}
	/* ?side=N: the page of plans (a national body is named in many). */
	int side = 1;
	const char *v = req_query(req, "side");
	if (v != NULL) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*v < '1' || *v > '9' || *end != '\0' || n > UNIT_PAGES_MAX) {
			reply_error(r, 400, N_("The page number (side) must be a whole number "
			    "from 1."));
			return;
		}
		side = (int)n;
	}
	if (handler_store_failed(req, r, db_unit_get(req->db, id, side, &u),
	    side == 1 ? N_("There is no unit with this address.") :
	    N_("This unit's list has no page with that number.")))
		return;
	/* The unit's contact record, if the help directory has one. */
	struct help_list *c = NULL;
	enum db_status cs = db_help_by_unit(req->db, id, &c);
	if (cs != DB_NOT_FOUND && handler_store_failed(req, r, cs, NULL)) {
		unit_view_free(u);
		return;
	}
	size_t len;
	char *body = page_unit(u, c ? &c->items[0] : NULL, &len);
	page(r, body, len);
	help_list_free(c);
	unit_view_free(u);
}

static void
h_search(struct request *req, struct reply *r)
{
	const char *q = req_query(req, "q");
	struct search_result *res = NULL;
	struct catalogue *c = NULL;
	/* A query of only white space is no search: the form alone. */
	bool words = q != NULL && q[strspn(q, " \t\r\n")] != '\0';
	if (words && handler_store_failed(req, r, db_search(req->db, q, &res), NULL))
		return;
	if (words && handler_store_failed(req, r, db_catalogue(req->db, &c), NULL)) {
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
	if (handler_store_failed(req, r, db_catalogue(req->db, &c), NULL))
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
	size_t len;
	char *json = plan_json_export(p, &len, &err);
	if (json == NULL) {
		fprintf(stderr, "tiltak: cannot write plan \"%s\" as JSON: %s: %s\n",
		    p->id, err.path, err.message);
		reply_error(r, 500, N_("This plan holds text that cannot be written as "
		    "JSON. The error has been logged."));
	} else {
		reply_body(r, 200, "application/json", json, len, CACHE_PAGE);
	}
	plan_free(p);
}

static void
h_static(struct request *req, struct reply *r)
{
	const char *name = req_param(req, PARAM_FILE);
	for (const struct static_file *f = static_files; name && f->path; f++) {
		if (strcmp(f->path + strlen("/static/"), name) == 0) {
			reply_static(r, 200, f->content_type, f->data, f->len, CACHE_STATIC);
			return;
		}
	}
	reply_error(r, 404, N_("There is no file at this address."));
}


/* ---- the table ---- */

/* The forms' fields. */
static const struct route_field login_fields[] = {
	{"email", VALID_EMAIL, .required = true},
	{"password", VALID_PASSWORD, .required = true},
	{"next", VALID_LINE, .required = false},
	{.name = NULL},
};
/* The report page: the year, and per indicator a group of fields named
 * "FIELD.MEASURE.NUMBER" (h_report.c). */
static const struct route_field report_fields[] = {
	{"year", VALID_YEAR, .required = true},
	{"status.", VALID_REPORT_STATUS, .required = false},
	{"progress.", VALID_PROGRESS, .required = false},
	{"comment.", VALID_REPORT_COMMENT, .required = false},
	{"evaluation.", VALID_REPORT_EVALUATION, .required = false},
	{"version.", VALID_REPORT_VERSION, .required = false},
	{"choice.", VALID_REPORT_CHOICE, .required = false},
	{.name = NULL},
};
static const struct route_field no_fields[] = {
	{.name = NULL},
};

/* User administration's forms (issue 7 §3). An account's units and
 * organisations are checkboxes: each may be sent many times. */
static const struct route_field user_new_fields[] = {
	{"email", VALID_EMAIL, .required = true},
	{"role", VALID_ID, .required = true},
	{"unit", VALID_ID, .required = false, .many = true},
	{"org", VALID_ID, .required = false, .many = true},
	{"password", VALID_PASSWORD, .required = true},
	{"password2", VALID_PASSWORD, .required = true},
	{.name = NULL},
};
static const struct route_field user_fields[] = {
	{"role", VALID_ID, .required = true},
	{"unit", VALID_ID, .required = false, .many = true},
	{"org", VALID_ID, .required = false, .many = true},
	{.name = NULL},
};
static const struct route_field password_fields[] = {
	{"password", VALID_PASSWORD, .required = true},
	{"password2", VALID_PASSWORD, .required = true},
	{.name = NULL},
};
/* One's own new password: the current one first. */
static const struct route_field own_password_fields[] = {
	{"current", VALID_PASSWORD, .required = true},
	{"password", VALID_PASSWORD, .required = true},
	{"password2", VALID_PASSWORD, .required = true},
	{.name = NULL},
};
/* One organisation's new name, sent as "name.ID". */
static const struct route_field org_fields[] = {
	{"name.", VALID_TITLE, .required = false},
	{"logo.", VALID_LINE, .required = false},
	{"accent.", VALID_LINE, .required = false},
	{.name = NULL},
};

/* Public pages are shared and read-only; a page that only a signed-in
 * user sees says ROUTE_PRIVATE (the zero value) and its role, and lies
 * under /admin. */
const struct route routes[ROUTE__MAX] = {
	[ROUTE_HOME] = {
		.pattern = "/", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.cache_query = {"kommune", NULL}, .handler = h_home,
	},
	[ROUTE_PLANS] = {
		.pattern = "/plans", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.cache_query = {"kommune", NULL}, .handler = h_home,
	},
	[ROUTE_PLAN] = {
		.pattern = "/plans/:plan", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_plan,
		.cache_ttl_ms = CACHE_STATUS_TTL_MS,
	},
	[ROUTE_INDICATORS] = {
		.pattern = "/plans/:plan/indicators", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.cache_query = {"category", "unit", "theme", NULL},
		.handler = h_indicators,
	},
	[ROUTE_THEME] = {
		.pattern = "/plans/:plan/themes/:theme", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_theme,
		.cache_ttl_ms = CACHE_STATUS_TTL_MS,
	},
	[ROUTE_MEASURE] = {
		.pattern = "/plans/:plan/measures/:measure", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_measure,
		.cache_ttl_ms = CACHE_STATUS_TTL_MS,
	},
	[ROUTE_UNITS] = {
		.pattern = "/units", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_units,
	},
	[ROUTE_UNIT] = {
		.pattern = "/units/:unit", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.cache_query = {"side", NULL}, .handler = h_unit,
	},
	[ROUTE_SEARCH] = {
		.pattern = "/search", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.cache_query = {"q", NULL}, .handler = h_search,
	},
	[ROUTE_STATEMENT] = {
		.pattern = "/tilgjengelighet", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_statement,
	},
	[ROUTE_API_PLAN] = {
		.pattern = "/api/plans/:plan", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_api_plan,
	},
	[ROUTE_STATIC] = {
		.pattern = "/static/:file", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_static,
	},
	/* Signing in is public: it is how one gets a session. Its answers
	 * are never cached (the form carries a fresh token). */
	[ROUTE_LOGIN] = {
		.pattern = "/login", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_PUBLIC, .cache_query = {"next", "done", NULL},
		.body_max = 4096, .fields = login_fields, .handler = h_login,
	},
	[ROUTE_ADMIN] = {
		.pattern = "/admin", .methods = HTTP_METHODS_READ,
		.access = ACCESS_READER, .handler = h_admin,
	},
	[ROUTE_LOGOUT] = {
		.pattern = "/admin/logout", .methods = HTTP_POST,
		.access = ACCESS_READER, .body_max = 1024, .fields = no_fields,
		.handler = h_logout,
	},
	/* Every signed-in user changes their own password; the body holds
	 * three passwords, each up to three times its bytes percent-encoded,
	 * and the CSRF token. */
	[ROUTE_PASSWORD] = {
		.pattern = "/admin/password", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_READER, .cache_query = {"done", NULL},
		.body_max = 9 * ACCOUNT_PASSWORD_MAX + 1024, .fields = own_password_fields,
		.handler = h_password,
	},
	/* The yearly report: readers read, reporters and coordinators save
	 * (the handler decides whose indicators). */
	[ROUTE_REPORT] = {
		.pattern = "/admin/report", .methods = HTTP_METHODS_READ,
		.access = ACCESS_READER, .handler = h_report_index,
	},
	[ROUTE_REPORT_PLAN] = {
		.pattern = "/admin/report/:plan", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_READER, .cache_query = {"year", "saved", NULL},
		.body_max = HTTP_FORM_MAX, .fields = report_fields,
		.handler = h_report_plan,
	},
	[ROUTE_REPORT_HISTORY] = {
		.pattern = "/admin/report/:plan/:measure/:n", .methods = HTTP_METHODS_READ,
		.access = ACCESS_READER, .handler = h_report_history,
	},
	/* The coordinator's overview: read by every signed-in role. */
	[ROUTE_OVERVIEW] = {
		.pattern = "/admin/overview", .methods = HTTP_METHODS_READ,
		.access = ACCESS_READER, .handler = h_overview_index,
	},
	[ROUTE_OVERVIEW_PLAN] = {
		.pattern = "/admin/overview/:plan", .methods = HTTP_METHODS_READ,
		.access = ACCESS_READER,
		.cache_query = {"year", "theme", "unit", "status", NULL},
		.handler = h_overview_plan,
	},

	/* ---- editing plans (issue 7 §7): coordinators; h_plan_edit.c
	 * checks that the plan is one of their organisations' ---- */
	[ROUTE_EDIT_PLANS] = {
		.pattern = "/admin/plans", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = edit_plan_new_fields, .handler = h_edit_plans,
	},
	[ROUTE_EDIT_PLAN] = {
		.pattern = "/admin/plans/:plan", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR, .cache_query = {"done", NULL},
		.handler = h_edit_plan,
	},
	[ROUTE_EDIT_SETTINGS] = {
		.pattern = "/admin/plans/:plan/settings", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = edit_settings_fields, .handler = h_edit_settings,
	},
	[ROUTE_EDIT_STATUS] = {
		.pattern = "/admin/plans/:plan/status", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = edit_status_fields, .handler = h_edit_status,
	},
#define ITEM_ROUTES(KIND, kind, add, item) \
	[ROUTE_##KIND##_ADD] = { \
		.pattern = add, .methods = HTTP_METHODS_READ | HTTP_POST, \
		.access = ACCESS_COORDINATOR, .body_max = EDIT_BODY_MAX, \
		.fields = edit_##kind##_add_fields, .handler = h_item_add, \
	}, \
	[ROUTE_##KIND##_EDIT] = { \
		.pattern = item, .methods = HTTP_METHODS_READ | HTTP_POST, \
		.access = ACCESS_COORDINATOR, .body_max = EDIT_BODY_MAX, \
		.fields = edit_##kind##_fields, .handler = h_item_edit, \
	}, \
	[ROUTE_##KIND##_DELETE] = { \
		.pattern = item "/delete", .methods = HTTP_METHODS_READ | HTTP_POST, \
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX, \
		.fields = edit_delete_fields, .handler = h_item_delete, \
	}, \
	[ROUTE_##KIND##_MOVE] = { \
		.pattern = item "/move", .methods = HTTP_POST, \
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX, \
		.fields = edit_move_fields, .handler = h_item_move, \
	}
	ITEM_ROUTES(THEME, theme, "/admin/plans/:plan/add-theme",
	    "/admin/plans/:plan/themes/:theme"),
	ITEM_ROUTES(GOAL, goal, "/admin/plans/:plan/themes/:theme/add-goal",
	    "/admin/plans/:plan/goals/:goal"),
	ITEM_ROUTES(MEASURE, measure, "/admin/plans/:plan/goals/:goal/add-measure",
	    "/admin/plans/:plan/measures/:measure"),
	ITEM_ROUTES(INDICATOR, indicator, "/admin/plans/:plan/measures/:measure/add-indicator",
	    "/admin/plans/:plan/measures/:measure/indicators/:n"),
	ITEM_ROUTES(UNIT, unit, "/admin/plans/:plan/add-unit",
	    "/admin/plans/:plan/units/:unit"),
	ITEM_ROUTES(CHAPTER, chapter, "/admin/plans/:plan/add-chapter",
	    "/admin/plans/:plan/chapters/:chapter"),
	ITEM_ROUTES(STEP, step, "/admin/plans/:plan/add-step",
	    "/admin/plans/:plan/steps/:n"),
	ITEM_ROUTES(OVERARCHING, overarching, "/admin/plans/:plan/add-overarching-goal",
	    "/admin/plans/:plan/overarching-goals/:n"),
#undef ITEM_ROUTES
	/* ---- the audit trail (issue 7 §6): read only, coordinators and
	 * administrators; no route changes an entry. ---- */
	[ROUTE_AUDIT] = {
		.pattern = "/admin/audit", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR,
		.cache_query = {"plan", "actor", "type", "before", NULL},
		.handler = h_audit,
	},
	[ROUTE_AUDIT_PLAN] = {
		.pattern = "/admin/audit/plan/:plan", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR,
		.cache_query = {"actor", "type", "before", NULL},
		.handler = h_audit_plan,
	},
	[ROUTE_AUDIT_USER] = {
		.pattern = "/admin/audit/user", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR,
		.cache_query = {"actor", "type", "before", NULL},
		.handler = h_audit_user,
	},
	[ROUTE_AUDIT_OBJECT] = {
		.pattern = "/admin/audit/object", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR,
		.cache_query = {"type", "id", "before", NULL},
		.handler = h_audit_object,
	},
	[ROUTE_AUDIT_COMPARE] = {
		.pattern = "/admin/audit/plan/:plan/compare", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR, .cache_query = {"from", "to", NULL},
		.handler = h_audit_compare,
	},
	[ROUTE_AUDIT_REVISION] = {
		.pattern = "/admin/audit/plan/:plan/revisions/:n",
		.methods = HTTP_METHODS_READ, .access = ACCESS_COORDINATOR,
		.handler = h_audit_revision,
	},
	/* ---- user administration (issue 7 §3): administrators ---- */
	[ROUTE_USERS] = {
		.pattern = "/admin/users", .methods = HTTP_METHODS_READ,
		.access = ACCESS_ADMIN, .handler = h_users,
	},
	[ROUTE_USER_NEW] = {
		.pattern = "/admin/users/new", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_ADMIN, .body_max = 64 * 1024, .fields = user_new_fields,
		.handler = h_user_new,
	},
	[ROUTE_USER] = {
		.pattern = "/admin/users/:account", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_ADMIN, .cache_query = {"done", NULL},
		.body_max = 64 * 1024, .fields = user_fields, .handler = h_user,
	},
	[ROUTE_USER_PASSWORD] = {
		.pattern = "/admin/users/:account/password", .methods = HTTP_POST,
		.access = ACCESS_ADMIN, .body_max = 4096, .fields = password_fields,
		.handler = h_user_password,
	},
	[ROUTE_USER_DISABLE] = {
		.pattern = "/admin/users/:account/disable", .methods = HTTP_POST,
		.access = ACCESS_ADMIN, .body_max = 1024, .fields = no_fields,
		.handler = h_user_disable,
	},
	[ROUTE_USER_ENABLE] = {
		.pattern = "/admin/users/:account/enable", .methods = HTTP_POST,
		.access = ACCESS_ADMIN, .body_max = 1024, .fields = no_fields,
		.handler = h_user_enable,
	},
	[ROUTE_ORGS] = {
		.pattern = "/admin/organisations", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_ADMIN, .cache_query = {"done", "look", NULL},
		.body_max = 4096, .fields = org_fields, .handler = h_organisations,
	},
	/* ---- public pages of issue 8 ---- */
	[ROUTE_HIDE_VISIT] = {
		.pattern = "/skjul-besok", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_hide_visit,
	},
	[ROUTE_ABOUT_VIOLENCE] = {
		.pattern = "/om-vold", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED,
		.handler = h_about_violence,
	},
	/* An organisation's accent colour as a stylesheet (the CSP allows no
	 * inline style). */
	[ROUTE_ORG_STYLE] = {
		.pattern = "/static/org/:file", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_org_style,
	},
	[ROUTE_ROBOTS] = {
		.pattern = "/robots.txt", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_robots,
	},
	/* ---- the help directory's editor (issue 8 §1): coordinators edit
	 * their organisations' entries, administrators all (h_services.c) ---- */
	[ROUTE_SERVICES] = {
		.pattern = "/admin/services", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR, .cache_query = {"done", NULL},
		.handler = h_services,
	},
	[ROUTE_SERVICE_NEW] = {
		.pattern = "/admin/services/new", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = service_fields, .handler = h_service_new,
	},
	[ROUTE_SERVICE] = {
		.pattern = "/admin/services/:service", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .cache_query = {"done", NULL},
		.body_max = EDIT_SMALL_BODY_MAX, .fields = service_fields, .handler = h_service,
	},
	[ROUTE_SERVICE_VERIFY] = {
		.pattern = "/admin/services/:service/verify", .methods = HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = 1024,
		.fields = service_version_fields, .handler = h_service_verify,
	},
	[ROUTE_SERVICE_DELETE] = {
		.pattern = "/admin/services/:service/delete",
		.methods = HTTP_METHODS_READ | HTTP_POST, .access = ACCESS_COORDINATOR,
		.body_max = 1024, .fields = service_version_fields, .handler = h_service_delete,
	},
	/* ---- the public help pages (issue 8 §2, h_help.c): shared, and
	 * rendered again when a service on them opens or closes ---- */
	[ROUTE_HELP] = {
		.pattern = "/hjelp/:helporg", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_help,
	},
	[ROUTE_HELP_WAY] = {
		.pattern = "/hjelp/:helporg/for/:audience", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_help_way,
	},
	/* ---- the action card (issue 8 §5): public pages, shared like the
	 * others; coordinators edit their organisations' cards (the handlers
	 * check which) ---- */
	[ROUTE_CARD] = {
		.pattern = "/tiltakskort/:org", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_card,
	},
	[ROUTE_CARD_PRINT] = {
		.pattern = "/tiltakskort/:org/utskrift", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_card_print,
	},
	[ROUTE_CARD_PDF] = {
		.pattern = "/tiltakskort/:org/pdf", .methods = HTTP_METHODS_READ,
		.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_card_pdf,
	},
	[ROUTE_CARDS_ADMIN] = {
		.pattern = "/admin/cards", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR, .handler = h_cards_admin,
	},
	[ROUTE_CARD_ADMIN] = {
		.pattern = "/admin/cards/:org", .methods = HTTP_METHODS_READ,
		.access = ACCESS_COORDINATOR, .cache_query = {"done", NULL},
		.handler = h_card_admin,
	},
	[ROUTE_CARD_SETTINGS] = {
		.pattern = "/admin/cards/:org/settings", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = card_settings_fields, .handler = h_card_settings,
	},
	[ROUTE_CARD_REVIEWED] = {
		.pattern = "/admin/cards/:org/reviewed", .methods = HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = card_revision_fields, .handler = h_card_reviewed,
	},
	[ROUTE_CARD_STEP_ADD] = {
		.pattern = "/admin/cards/:org/add-step", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = card_step_fields, .handler = h_card_step_add,
	},
	[ROUTE_CARD_STEP_EDIT] = {
		.pattern = "/admin/cards/:org/steps/:n", .methods = HTTP_METHODS_READ | HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = card_step_fields, .handler = h_card_step_edit,
	},
	[ROUTE_CARD_STEP_DELETE] = {
		.pattern = "/admin/cards/:org/steps/:n/delete",
		.methods = HTTP_METHODS_READ | HTTP_POST, .access = ACCESS_COORDINATOR,
		.body_max = EDIT_SMALL_BODY_MAX, .fields = card_revision_fields,
		.handler = h_card_step_delete,
	},
	[ROUTE_CARD_STEP_MOVE] = {
		.pattern = "/admin/cards/:org/steps/:n/move", .methods = HTTP_POST,
		.access = ACCESS_COORDINATOR, .body_max = EDIT_SMALL_BODY_MAX,
		.fields = card_move_fields, .handler = h_card_step_move,
	},
};

/* ---- methods ---- */

/* In the order Allow lists them. */
static const struct {
	enum http_method  bit;
	const char       *name;
} methods[] = {
	{HTTP_GET, "GET"}, {HTTP_HEAD, "HEAD"}, {HTTP_POST, "POST"},
	{HTTP_PUT, "PUT"}, {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"},
	{HTTP_OPTIONS, "OPTIONS"},
};

enum http_method
http_method_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(s, methods[i].name) == 0)
			return methods[i].bit;
	return HTTP_METHOD_OTHER;
}

char *
route_allow(unsigned set, char *out, size_t outsz)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if ((set & methods[i].bit) == 0)
			continue;
		int k = snprintf(out + n, outsz - n, "%s%s", n ? ", " : "",
		    methods[i].name);
		if (k < 0 || (size_t)k >= outsz - n)
			break;
		n += (size_t)k;
	}
	return out;
}

/* ---- patterns ---- */

/* A URL can have more segments than any pattern: it then matches none. */
static_assert(ROUTE_SEGMENTS_MAX <= URL_SEGMENTS_MAX, "patterns longer than URLs");

static const char *const param_names[PARAM__MAX] = {
	[PARAM_PLAN] = "plan",
	[PARAM_THEME] = "theme",
	[PARAM_MEASURE] = "measure",
	[PARAM_UNIT] = "unit",
	[PARAM_N] = "n",
	[PARAM_YEAR] = "year",
	[PARAM_FILE] = "file",
	[PARAM_GOAL] = "goal",
	[PARAM_CHAPTER] = "chapter",
	[PARAM_ACCOUNT] = "account",
	[PARAM_SERVICE] = "service",
	[PARAM_HELP_ORG] = "helporg",
	[PARAM_AUDIENCE] = "audience",
	[PARAM_ORG] = "org",
};

/* One segment of a pattern: a literal (param -1) or a parameter. */
struct segment {
	const char *s;      /* the literal, or the name after ':' */
	size_t      len;
	int         param;  /* an enum route_param, or -1 */
};

/* Splits pattern into seg[]; returns how many, or -1 with what is wrong
 * in msg. The parser routes_check runs, and route_match relies on. */
static int
pattern_split(const char *pattern, struct segment seg[ROUTE_SEGMENTS_MAX],
    char *msg, size_t msgsz)
{
	if (pattern == NULL || pattern[0] != '/') {
		snprintf(msg, msgsz, "a pattern begins with '/'");
		return -1;
	}
	if (pattern[1] == '\0')
		return 0;
	int n = 0, nparams = 0;
	const char *p = pattern + 1;
	for (;;) {
		size_t len = strcspn(p, "/");
		if (len == 0) {
			snprintf(msg, msgsz, "an empty segment (\"//\" or a trailing '/')");
			return -1;
		}
		if (n == (int)ROUTE_SEGMENTS_MAX) {
			snprintf(msg, msgsz, "more than %u segments", ROUTE_SEGMENTS_MAX);
			return -1;
		}
		struct segment *sg = &seg[n];
		if (p[0] == ':') {
			sg->s = p + 1;
			sg->len = len - 1;
			sg->param = -1;
			for (int i = 0; i < PARAM__MAX; i++)
				if (strlen(param_names[i]) == sg->len &&
				    memcmp(param_names[i], sg->s, sg->len) == 0)
					sg->param = i;
			if (sg->param < 0) {
				snprintf(msg, msgsz, "no parameter is called \":%.*s\"",
				    (int)sg->len, sg->s);
				return -1;
			}
			for (int i = 0; i < n; i++)
				if (seg[i].param == sg->param) {
					snprintf(msg, msgsz, "the parameter \":%s\" twice",
					    param_names[sg->param]);
					return -1;
				}
			if (++nparams > (int)ROUTE_PARAMS_MAX) {
				snprintf(msg, msgsz, "more than %u parameters", ROUTE_PARAMS_MAX);
				return -1;
			}
		} else {
			sg->s = p;
			sg->len = len;
			sg->param = -1;
			/* A '.' only inside a name ("robots.txt"), never first
			 * (no "." or ".."). */
			for (size_t i = 0; i < len; i++)
				if (!((p[i] >= 'a' && p[i] <= 'z') ||
				    (p[i] >= '0' && p[i] <= '9') || p[i] == '-' ||
				    (p[i] == '.' && i > 0))) {
					snprintf(msg, msgsz, "the segment \"%.*s\" holds a "
					    "character other than a-z, 0-9, '-' and a '.' after "
					    "the first", (int)len, p);
					return -1;
				}
		}
		n++;
		p += len;
		if (*p == '\0')
			return n;
		p++; /* the '/' */
	}
}

/* Whether two split patterns match the same paths. */
static bool
same_shape(const struct segment *a, int na, const struct segment *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++) {
		if ((a[i].param < 0) != (b[i].param < 0))
			return false;
		if (a[i].param < 0 &&
		    (a[i].len != b[i].len || memcmp(a[i].s, b[i].s, a[i].len) != 0))
			return false;
	}
	return true;
}

/* Checks one route's columns other than its pattern; returns NULL or
 * what is wrong (in msg). */
static const char *
route_problem(const struct route *rt, char *msg, size_t msgsz)
{
	if (rt->methods == 0)
		return "allows no method";
	if (rt->methods & ~HTTP_METHODS_ALL)
		return "allows a method that is not an enum http_method";
	if (((rt->methods & HTTP_GET) != 0) != ((rt->methods & HTTP_HEAD) != 0))
		return "allows one of GET and HEAD without the other (RFC 9110 9.1)";
	if (rt->access == ACCESS_UNSET)
		return "has no access: say who may open it (ACCESS_PUBLIC or a role)";
	if (rt->access >= ACCESS__MAX)
		return "has an access that is not an enum access";
	if (rt->cache != ROUTE_PRIVATE && rt->cache != ROUTE_SHARED)
		return "has a cache policy that is not an enum route_cache";
	if (rt->cache == ROUTE_SHARED && rt->access != ACCESS_PUBLIC)
		return "is shared in the page cache but not public";
	/* The session cookie is sent to SESSION_PATH and below only: a
	 * signed-in route elsewhere could never see it, and a public one
	 * there would see it. */
	bool under = strncmp(rt->pattern, SESSION_PATH, strlen(SESSION_PATH)) == 0 &&
	    (rt->pattern[strlen(SESSION_PATH)] == '\0' ||
	    rt->pattern[strlen(SESSION_PATH)] == '/');
	if (rt->access != ACCESS_PUBLIC && !under)
		return "needs a session but lies outside " SESSION_PATH;
	if (rt->access == ACCESS_PUBLIC && under)
		return "is public but lies under " SESSION_PATH;
	if (rt->body_max > HTTP_FORM_MAX) {
		snprintf(msg, msgsz, "accepts a body of %zu bytes, more than "
		    "HTTP_FORM_MAX (%u)", rt->body_max, HTTP_FORM_MAX);
		return msg;
	}
	if ((rt->methods & HTTP_METHODS_BODY) != 0 && rt->body_max > 0 &&
	    rt->fields == NULL)
		return "accepts a body but declares no form fields";
	if (rt->body_max > 0 && (rt->methods & HTTP_METHODS_BODY) == 0)
		return "accepts a body but allows no method that carries one";
	if (rt->fields != NULL && rt->body_max == 0)
		return "declares form fields but accepts no body";
	for (size_t i = 0; rt->fields && rt->fields[i].name; i++) {
		const struct route_field *f = &rt->fields[i];
		if (i == ROUTE_FIELDS_MAX) {
			snprintf(msg, msgsz, "declares more than %u form fields",
			    ROUTE_FIELDS_MAX);
			return msg;
		}
		if (f->name[0] == '\0')
			return "declares a form field without a name";
		if (strcmp(f->name, FORM_CSRF) == 0)
			return "declares the form field \"" FORM_CSRF "\", which every "
			    "form has already";
		if (f->name[strlen(f->name) - 1] == '.' && f->required) {
			snprintf(msg, msgsz, "declares the field prefix \"%s\" required",
			    f->name);
			return msg;
		}
		if ((unsigned)f->kind >= VALID__MAX) {
			snprintf(msg, msgsz, "declares the form field \"%s\" with a kind "
			    "that is not in the validator table", f->name);
			return msg;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(rt->fields[j].name, f->name) == 0) {
				snprintf(msg, msgsz, "declares the form field \"%s\" twice",
				    f->name);
				return msg;
			}
	}
	if (rt->cache_query[ROUTE_CACHE_FIELDS - 1] != NULL) {
		snprintf(msg, msgsz, "names more than %d query fields",
		    ROUTE_CACHE_FIELDS - 1);
		return msg;
	}
	for (size_t i = 0; rt->cache_query[i]; i++)
		if (rt->cache_query[i][0] == '\0')
			return "names an empty query field";
	if (rt->handler == NULL)
		return "has no handler";
	return NULL;
}

bool
routes_check(const struct route *table, size_t n, char *msg, size_t msgsz)
{
	struct segment a[ROUTE_SEGMENTS_MAX], b[ROUTE_SEGMENTS_MAX];
	char why[160];
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &table[i];
		const char *pat = rt->pattern ? rt->pattern : "no pattern";
		int na = pattern_split(rt->pattern, a, why, sizeof(why));
		const char *problem = na < 0 ? why : route_problem(rt, why, sizeof(why));
		if (problem != NULL) {
			snprintf(msg, msgsz, "route %zu (%s): %s", i, pat, problem);
			return false;
		}
		for (size_t j = 0; j < i; j++) {
			int nb = pattern_split(table[j].pattern, b, why, sizeof(why));
			if (same_shape(a, na, b, nb)) {
				snprintf(msg, msgsz, "route %zu (%s): matches the same "
				    "addresses as route %zu (%s)", i, pat, j, table[j].pattern);
				return false;
			}
		}
	}
	return true;
}

/* The number of segments of a pattern that passed routes_check. */
static size_t
pattern_segments(const char *pattern)
{
	size_t n = 0;
	if (pattern == NULL || pattern[0] == '\0' || pattern[1] == '\0')
		return 0;
	for (const char *p = pattern; *p; p++)
		n += *p == '/';
	return n;
}

/* Whether url's segments match seg[0..n). */
static bool
segments_match(const struct segment *seg, int n, const struct url *url)
{
	if ((size_t)n != url->nsegments)
		return false;
	for (int i = 0; i < n; i++) {
		const char *u = url->segments[i];
		if (seg[i].param >= 0) {
			if (u[0] == '\0')
				return false;
		} else if (strlen(u) != seg[i].len || memcmp(u, seg[i].s, seg[i].len) != 0) {
			return false;
		}
	}
	return true;
}

const struct route *
route_match(const struct route *table, size_t n, const struct url *url,
    const char *param[PARAM__MAX])
{
	struct segment best[ROUTE_SEGMENTS_MAX], seg[ROUTE_SEGMENTS_MAX];
	int nbest = 0;
	const struct route *found = NULL;
	char why[160];
	for (size_t i = 0; i < PARAM__MAX; i++)
		param[i] = NULL;
	if (url->nsegments > ROUTE_SEGMENTS_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		/* Most routes have another number of segments: skip them before
		 * parsing the pattern. */
		if (pattern_segments(table[i].pattern) != url->nsegments)
			continue;
		int ns = pattern_split(table[i].pattern, seg, why, sizeof(why));
		if (ns < 0 || !segments_match(seg, ns, url))
			continue;
		/* Both match: at the first segment where one is a literal and
		 * the other a parameter, the literal wins ("/plans/new" over
		 * "/plans/:plan"), whatever the order of the table. */
		bool better = found == NULL;
		for (int k = 0; !better && k < ns; k++) {
			if ((seg[k].param < 0) != (best[k].param < 0)) {
				better = seg[k].param < 0;
				break;
			}
		}
		if (better) {
			found = &table[i];
			nbest = ns;
			memcpy(best, seg, sizeof(seg[0]) * (size_t)ns);
		}
	}
	for (int k = 0; found && k < nbest; k++)
		if (best[k].param >= 0)
			param[best[k].param] = url->segments[k];
	return found;
}

bool
route_permits(const struct route *rt, const struct request *req)
{
	if (rt->access == ACCESS_PUBLIC)
		return true;
	if (req->session == NULL || rt->access <= ACCESS_PUBLIC ||
	    rt->access >= ACCESS__MAX)
		return false;
	return (int)req->session->role >= access_role(rt->access);
}

int
access_role(enum access a)
{
	switch (a) {
	case ACCESS_READER:      return ROLE_READER;
	case ACCESS_REPORTER:    return ROLE_REPORTER;
	case ACCESS_COORDINATOR: return ROLE_COORDINATOR;
	case ACCESS_ADMIN:       return ROLE_ADMIN;
	default:                 return ROLE__MAX;  /* none reaches it */
	}
}

bool
route_shared(const struct route *rt, const struct request *req)
{
	return rt->cache == ROUTE_SHARED && req->session == NULL;
}

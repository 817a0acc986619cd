/* h_plan_edit.c — editing plans in the browser (issue 7 §7), the plan
 * as a whole: the list of plans a coordinator edits and a new plan, a
 * plan's overview, its settings (title, period, owners, the plan it
 * replaces) and its status (draft → adopted → replaced); and what the
 * item handlers (h_plan_items.c) share with these (edit.h).
 *
 * Every change loads the whole plan with the revision it was read at,
 * changes the struct, checks it as the importer would (plan_check) and
 * stores it whole (db_plans_put_checked): one transaction that refuses
 * a plan someone else saved since, writes the next revision, the audit
 * row ("web:" and the user's e-mail address) and the search entries,
 * and bumps the generation so that public pages show the change at
 * once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_edit.h"
#include "domain/plan_json.h"
#include "http/auth.h"
#include "http/cache.h"
#include "http/edit.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/html.h"
#include "views/layout.h"
#include "views/pages.h"

/* ---- shared (edit.h) ---- */

bool
edit_account(struct request *req, struct reply *r, struct edit_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->user = admin_user_of(req);
	snprintf(c->actor, sizeof(c->actor), "web:%s", req->session->email);
	enum db_status st = db_account_by_id(req->db, req->session->account_id, &c->account);
	return !handler_store_failed(req, r, st, N_("Your account is not there any "
	    "more. Sign in again."));
}

bool
edit_coordinates(const struct edit_ctx *c, const char *id)
{
	const struct account *a = &c->account->items[0];
	if (a->role >= ROLE_ADMIN)
		return true;
	for (size_t i = 0; i < a->norganisations; i++)
		if (strcmp(a->organisations[i], id) == 0)
			return true;
	return false;
}

bool
edit_may(const struct edit_ctx *c, const struct plan *p)
{
	for (size_t i = 0; i < p->norganisations; i++)
		if (edit_coordinates(c, p->organisations[i].id))
			return true;
	return c->account->items[0].role >= ROLE_ADMIN;
}

/* Loads the plan named id into c. */
static bool
load_plan(struct request *req, struct reply *r, struct edit_ctx *c, const char *id)
{
	plan_free(c->plan);
	c->plan = NULL;
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return false;
	}
	enum db_status st = db_plan_get_revision(req->db, id, &c->plan, &c->rev);
	if (handler_store_failed(req, r, st, N_("There is no plan at this address.")))
		return false;
	if (!edit_may(c, c->plan)) {
		reply_error(r, 403, N_("This plan belongs to organisations your account "
		    "does not coordinate: only their coordinators and the administrators "
		    "can change it."));
		return false;
	}
	return true;
}

bool
edit_plan(struct request *req, struct reply *r, struct edit_ctx *c)
{
	return edit_account(req, r, c) && load_plan(req, r, c, req_param(req, PARAM_PLAN));
}

bool
edit_reload(struct request *req, struct reply *r, struct edit_ctx *c)
{
	char id[PLAN_ID_MAX + 1];
	snprintf(id, sizeof(id), "%s", c->plan->id);
	return load_plan(req, r, c, id);
}

void
edit_end(struct edit_ctx *c)
{
	account_list_free(c->account);
	plan_free(c->plan);
	arena_free(&c->scratch);
}

int
edit_form_revision(const struct form *f)
{
	const char *v = form_get(f, "revision");
	if (v == NULL || form_error(f, "revision") != NULL || *v == '\0')
		return -1;
	return (int)strtol(v, NULL, 10);
}

const char *
edit_conflict_notice(struct edit_ctx *c, bool item_gone)
{
	char buf[1024];
	if (item_gone)
		snprintf(buf, sizeof(buf), _("Someone else saved this plan while you were "
		    "working (revision %d, %s by %s), and what you were changing is no "
		    "longer in it. Nothing was saved."), c->rev.number, c->rev.at,
		    c->rev.actor);
	else
		snprintf(buf, sizeof(buf), _("Someone else saved this plan while you were "
		    "working (revision %d, %s by %s). Nothing of yours has been saved. What "
		    "you sent is shown below; where the plan now says something else, that "
		    "is shown at the field. Send the form again to save your version over "
		    "theirs."), c->rev.number, c->rev.at, c->rev.actor);
	return arena_strdup(&c->scratch, buf);
}

enum db_status
edit_store(struct request *req, struct reply *r, struct edit_ctx *c, struct plan *other,
    int other_base, const char *change, enum db_put *result)
{
	struct plan *plans[2] = {c->plan, other};
	int base[2] = {c->rev.number, other_base};
	enum db_put res[2] = {DB_PUT_UNCHANGED, DB_PUT_UNCHANGED};
	enum db_status st = db_plans_put_checked(req->db, c->actor, plans, base,
	    other ? 2 : 1, change, res, NULL, NULL);
	if (st == DB_ERROR)
		handler_store_failed(req, r, st, NULL);
	/* This instance serves the change at once; the others within
	 * CACHE_RECHECK_MS (or at once on PostgreSQL, notified). */
	if (st == DB_OK)
		cache_generation_changed();
	*result = res[0] == DB_PUT_UNCHANGED && res[1] == DB_PUT_UNCHANGED ?
	    DB_PUT_UNCHANGED : DB_PUT_CHANGED;
	return st;
}

void
edit_done(struct reply *r, const struct plan *p, enum db_put result, const char *done,
    const char *anchor)
{
	char *path = url_path("admin", "plans", p->id, NULL);
	char *loc = xasprintf("%s?done=%s%s%s", path,
	    result == DB_PUT_UNCHANGED ? "unchanged" : done, anchor ? "#" : "",
	    anchor ? anchor : "");
	reply_redirect(r, 303, loc);
	free(loc);
	free(path);
}

void
edit_overview(struct request *req, struct reply *r, struct edit_ctx *c, int status,
    const char *error)
{
	size_t len;
	char *body = page_edit_plan(&c->user, c->plan, &c->rev,
	    status == 200 ? req_query(req, "done") : NULL, error, &len);
	handler_private_page(r, body, len, status);
}

char *
edit_text_or_null(struct plan *p, const char *s)
{
	return s && *s ? arena_strdup(&p->arena, s) : NULL;
}

/* ---- small pieces of forms (edit.h) ---- */

void
edit_problem(struct edit_problems *ps, const char *id, const char *message)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].id, id) == 0)
			return;   /* the first message on a field is shown */
	if (ps->n < EDIT_PROBLEMS_MAX)
		ps->p[ps->n++] = (struct form_problem){id, message};
}

const char *
edit_error_at(const struct form *f, const struct edit_problems *ps, const char *name)
{
	const char *e = f ? form_error(f, name) : NULL;
	for (size_t i = 0; e == NULL && i < ps->n; i++)
		if (strcmp(ps->p[i].id, name) == 0)
			e = ps->p[i].message;
	return e;
}

void
edit_form_problems(const struct form *f, struct edit_problems *ps)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (f->v[i].error != NULL)
			edit_problem(ps, f->v[i].name, f->v[i].error);
}

const char *
edit_num(struct edit_ctx *c, int n, bool zero_empty)
{
	if (n == 0 && zero_empty)
		return "";
	char b[16];
	snprintf(b, sizeof(b), "%d", n);
	return arena_strdup(&c->scratch, b);
}

const char **
edit_form_all(struct edit_ctx *c, const struct form *f, const char *name, size_t *n)
{
	*n = 0;
	const char **out = arena_array(&c->scratch, f->n + 1, sizeof(char *));
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0 && f->v[i].value[0] != '\0')
			out[(*n)++] = f->v[i].value;
	return out;
}

void
edit_crumbs(struct edit_ctx *c, struct crumb cr[3])
{
	cr[0] = (struct crumb){_("Start"), "/admin"};
	cr[1] = (struct crumb){_("Plans"), "/admin/plans"};
	char *href = url_path("admin", "plans", c->plan->id, NULL);
	cr[2] = (struct crumb){c->plan->title, arena_strdup(&c->scratch, href)};
	free(href);
}

const char *
edit_path(struct edit_ctx *c, const char *leaf)
{
	char *p = url_path("admin", "plans", c->plan->id, leaf, NULL);
	char *s = arena_strdup(&c->scratch, p);
	free(p);
	return s;
}

/* A field of a form (the rest of its view is set by the caller). */
static struct edit_field_view
field(const char *name, const char *label, const char *hint, enum edit_widget w,
    bool required, const char *value)
{
	return (struct edit_field_view){.name = name, .label = label, .hint = hint,
	    .widget = w, .required = required, .value = value};
}

/* ---- the plans a user edits, and a new plan ---- */

const struct route_field edit_plan_new_fields[] = {
	{"id", VALID_ID, .required = false},
	{"title", VALID_TITLE, .required = true},
	{"period_start", VALID_YEAR, .required = true},
	{"period_end", VALID_YEAR, .required = false},
	{"organisation", VALID_ID, .required = true},
	{.name = NULL},
};

static const char plan_id_is_taken[] = N_("There is a plan with this id already: "
    "ids are unique in the whole installation. Choose another, or leave it empty.");

/* Whether a plan id is taken in the database (for new ids). */
static bool
plan_id_taken(void *ctx, const char *id)
{
	struct plan_name *n = NULL;
	enum db_status st = db_plan_name(ctx, id, &n);
	plan_name_free(n);
	return st != DB_NOT_FOUND;
}

/* The plans page: the user's organisations' plans and the new plan form
 * (f: what was sent, or NULL). */
static void
plans_page(struct request *req, struct reply *r, struct edit_ctx *c, int status,
    const struct form *f, struct edit_problems *ps)
{
	struct catalogue *cat = NULL;
	struct organisation_list *orgs = NULL;
	if (handler_store_failed(req, r, db_catalogue_all(req->db, &cat), NULL))
		return;
	if (handler_store_failed(req, r, db_organisations(req->db, &orgs), NULL)) {
		catalogue_free(cat);
		return;
	}
	const struct catalogue_org **mine = arena_array(&c->scratch, cat->norgs + 1,
	    sizeof(*mine));
	size_t nmine = 0;
	for (size_t i = 0; i < cat->norgs; i++)
		if (edit_coordinates(c, cat->orgs[i].id))
			mine[nmine++] = &cat->orgs[i];
	struct option *opts = arena_array(&c->scratch, orgs->n + 1, sizeof(*opts));
	size_t nopts = 0;
	for (size_t i = 0; i < orgs->n; i++)
		if (edit_coordinates(c, orgs->items[i].id))
			opts[nopts++] = (struct option){orgs->items[i].id, orgs->items[i].name};
	edit_form_problems(f, ps);
	struct edit_field_view fields[] = {
		field("title", _("Title"), _("As the plan is printed, e.g. “Handlingsplan "
		    "mot vold i nære relasjoner 2026–2029”."), EW_TEXT, true,
		    f ? form_get(f, "title") : NULL),
		field("id", _("Id"), _("Short and lower-case (a-z, 0-9 and -): it is part "
		    "of the plan's address and cannot be changed later. Left empty, it is "
		    "made from the title."), EW_TEXT, false, f ? form_get(f, "id") : NULL),
		field("period_start", _("First year"), NULL, EW_NUMBER, true,
		    f ? form_get(f, "period_start") : NULL),
		field("period_end", _("Last year"), _("Empty for a plan without an end."),
		    EW_NUMBER, false, f ? form_get(f, "period_end") : NULL),
		field("organisation", _("Organisation"), NULL, EW_SELECT, true,
		    f ? form_get(f, "organisation") : NULL),
	};
	fields[4].options = opts;
	fields[4].noptions = nopts;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		fields[i].error = edit_error_at(f, ps, fields[i].name);
	struct edit_form_view form = {.heading = _("New plan"), .action = "/admin/plans",
	    .submit = _("Create the plan"), .revision = -1, .fields = fields,
	    .nfields = sizeof(fields) / sizeof(fields[0])};
	struct crumb cr[1] = {{_("Start"), "/admin"}};
	struct edit_page_view v = {.user = &c->user, .title = _("Plans"), .crumbs = cr,
	    .ncrumbs = 1, .lead = _("The plans of the organisations you coordinate, "
	    "drafts too. Choose a plan to change it, or start a new one."),
	    .problems = ps->p, .nproblems = ps->n, .forms = nopts > 0 ? &form : NULL,
	    .nforms = nopts > 0};
	size_t len;
	char *body = page_edit_plans(&v, mine, nmine, &len);
	handler_private_page(r, body, len, status);
	catalogue_free(cat);
	organisation_list_free(orgs);
}

/* A new draft plan from the form; its problems in ps. NULL if any. */
static struct plan *
new_plan(struct request *req, struct edit_ctx *c, const struct form *f,
    struct edit_problems *ps)
{
	const char *org = form_get(f, "organisation");
	struct organisation_list *orgs = NULL;
	const struct organisation *o = NULL;
	if (db_organisations(req->db, &orgs) == DB_OK)
		for (size_t i = 0; i < orgs->n; i++)
			if (strcmp(orgs->items[i].id, org) == 0 && edit_coordinates(c, org))
				o = &orgs->items[i];
	if (o == NULL)
		edit_problem(ps, "organisation", _("Choose one of the organisations you "
		    "coordinate."));
	int start = atoi(form_get(f, "period_start"));
	const char *e = form_get(f, "period_end");
	int end = e && *e ? atoi(e) : 0;
	if (end && end < start)
		edit_problem(ps, "period_end", _("The last year comes before the first."));
	const char *id = form_get(f, "id");
	char made[PLAN_ID_MAX + 1];
	if (id && *id) {
		if (plan_id_taken(req->db, id))
			edit_problem(ps, "id", _(plan_id_is_taken));
	} else {
		plan_edit_new_id(NULL, EDIT_KIND__MAX, form_get(f, "title"), NULL,
		    plan_id_taken, req->db, made);
		id = made;
	}
	struct plan *p = NULL;
	if (ps->n == 0) {
		p = plan_new();
		p->id = arena_strdup(&p->arena, id);
		p->title = arena_strdup(&p->arena, form_get(f, "title"));
		p->period_start = start;
		p->period_end = end;
		p->status = PLAN_DRAFT;
		p->norganisations = 1;
		p->organisations = arena_array(&p->arena, 1, sizeof(*p->organisations));
		p->organisations[0].id = arena_strdup(&p->arena, o->id);
		p->organisations[0].name = arena_strdup(&p->arena, o->name);
	}
	organisation_list_free(orgs);
	return p;
}

void
h_edit_plans(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	struct edit_problems ps = {.n = 0};
	if (!edit_account(req, r, &c))
		goto out;
	if (req->method != HTTP_POST) {
		plans_page(req, r, &c, 200, NULL, &ps);
		goto out;
	}
	const struct form *f = req->form;
	if (f->errors > 0 || (c.plan = new_plan(req, &c, f, &ps)) == NULL) {
		plans_page(req, r, &c, 400, f, &ps);
		goto out;
	}
	struct plan_error err;
	if (!plan_check(c.plan, &err)) {
		edit_problem(&ps, "title", arena_strdup(&c.scratch, err.message));
		plans_page(req, r, &c, 400, f, &ps);
		goto out;
	}
	c.rev.number = -1;   /* it must not exist yet */
	enum db_put res;
	char *change = xasprintf("create plan %s", c.plan->id);
	enum db_status st = edit_store(req, r, &c, NULL, 0, change, &res);
	free(change);
	if (st == DB_CONFLICT) {
		edit_problem(&ps, "id", _(plan_id_is_taken));
		plans_page(req, r, &c, 409, f, &ps);
	} else if (st == DB_OK) {
		edit_done(r, c.plan, DB_PUT_NEW, "create.plan", NULL);
	}
out:
	edit_end(&c);
}

void
h_edit_plan(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	if (edit_plan(req, r, &c))
		edit_overview(req, r, &c, 200, NULL);
	edit_end(&c);
}

/* ---- settings ---- */

const struct route_field edit_settings_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	{"title", VALID_TITLE, .required = true},
	{"period_start", VALID_YEAR, .required = true},
	{"period_end", VALID_YEAR, .required = false},
	{"organisations", VALID_ID, .many = true},
	{"replaces", VALID_ID, .required = false},
	{"replaces_title", VALID_TITLE, .required = false},
	{.name = NULL},
};

/* The settings page: what the plan holds, or what f sent (then with
 * the problems ps and, after a conflict, what the plan says now). */
static void
settings_page(struct request *req, struct reply *r, struct edit_ctx *c, int status,
    const struct form *f, struct edit_problems *ps, const char *notice)
{
	struct organisation_list *orgs = NULL;
	if (handler_store_failed(req, r, db_organisations(req->db, &orgs), NULL))
		return;
	const struct plan *p = c->plan;
	struct option *opts = arena_array(&c->scratch, orgs->n + 1, sizeof(*opts));
	for (size_t i = 0; i < orgs->n; i++)
		opts[i] = (struct option){orgs->items[i].id, orgs->items[i].name};
	const char **owners = arena_array(&c->scratch, p->norganisations + 1, sizeof(char *));
	for (size_t i = 0; i < p->norganisations; i++)
		owners[i] = p->organisations[i].id;
	size_t nowners = p->norganisations;
	/* What the plan says (and what a form said, when there is one). */
	const char *now[] = {p->title, edit_num(c, p->period_start, false),
	    edit_num(c, p->period_end, true), p->replaces, p->replaces_title};
	static const char *const names[] = {"title", "period_start", "period_end",
	    "replaces", "replaces_title"};
	const char *val[5];
	for (size_t i = 0; i < 5; i++)
		val[i] = f ? form_get(f, names[i]) : now[i];
	edit_form_problems(f, ps);
	struct edit_field_view fields[] = {
		field("title", _("Title"), NULL, EW_TEXT, true, val[0]),
		field("period_start", _("First year"), NULL, EW_NUMBER, true, val[1]),
		field("period_end", _("Last year"), _("Empty for a plan without an end."),
		    EW_NUMBER, false, val[2]),
		field("organisations", _("Owners"), _("The organisations whose plan this "
		    "is. Their coordinators can change it; keep at least one of yours."),
		    EW_CHECKBOXES, true, NULL),
		field("replaces", _("Id of the plan this one replaces"), _("It need not be "
		    "in this installation."), EW_TEXT, false, val[3]),
		field("replaces_title", _("Title of the plan this one replaces"), NULL,
		    EW_TEXT, false, val[4]),
	};
	fields[3].options = opts;
	fields[3].noptions = orgs->n;
	fields[3].values = owners;
	fields[3].nvalues = nowners;
	if (f != NULL)
		fields[3].values = edit_form_all(c, f, "organisations", &fields[3].nvalues);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		fields[i].error = edit_error_at(f, ps, fields[i].name);
		if (status == 409 && i != 3) {
			size_t k = i < 3 ? i : i - 1;
			const char *typed = val[k] ? val[k] : "", *saved = now[k] ? now[k] : "";
			fields[i].changed = strcmp(typed, saved) != 0;
			fields[i].current = saved[0] ? saved : NULL;
		}
	}
	struct crumb cr[3];
	edit_crumbs(c, cr);
	struct edit_form_view form = {.action = edit_path(c, "settings"),
	    .submit = _("Save"), .revision = c->rev.number, .fields = fields,
	    .nfields = sizeof(fields) / sizeof(fields[0])};
	struct edit_page_view v = {.user = &c->user, .title = _("Title, period and owners"),
	    .crumbs = cr, .ncrumbs = 3, .notice = notice, .notice_error = notice != NULL,
	    .problems = ps->p, .nproblems = ps->n, .forms = &form, .nforms = 1,
	    .back = cr[2].href};
	size_t len;
	char *body = page_edit_form(&v, &len);
	handler_private_page(r, body, len, status);
	organisation_list_free(orgs);
}

/* Applies the settings form to the plan; problems in ps. */
static void
apply_settings(struct request *req, struct edit_ctx *c, const struct form *f,
    struct edit_problems *ps)
{
	struct plan *p = c->plan;
	int start = atoi(form_get(f, "period_start"));
	const char *e = form_get(f, "period_end");
	int end = e && *e ? atoi(e) : 0;
	if (end && end < start)
		edit_problem(ps, "period_end", _("The last year comes before the first."));
	const char *replaces = form_get(f, "replaces");
	if (replaces && strcmp(replaces, p->id) == 0)
		edit_problem(ps, "replaces", _("A plan cannot replace itself."));
	/* The owners: those kept in their order, then the new ones. */
	size_t n;
	const char **ids = edit_form_all(c, f, "organisations", &n);
	struct organisation_list *orgs = NULL;
	if (db_organisations(req->db, &orgs) != DB_OK) {
		edit_problem(ps, "organisations", _("The organisations could not be read. Try "
		    "again in a moment."));
		return;
	}
	struct organisation *owners = arena_array(&p->arena, n + 1, sizeof(*owners));
	size_t nowners = 0;
	bool mine = false;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < orgs->n; i++) {
			const struct organisation *o = &orgs->items[i];
			bool sent = false, had = false;
			for (size_t k = 0; k < n; k++)
				sent |= strcmp(ids[k], o->id) == 0;
			for (size_t k = 0; k < p->norganisations; k++)
				had |= strcmp(p->organisations[k].id, o->id) == 0;
			if (!sent || had != (pass == 0))
				continue;
			owners[nowners].id = arena_strdup(&p->arena, o->id);
			owners[nowners++].name = arena_strdup(&p->arena, o->name);
			mine |= edit_coordinates(c, o->id);
		}
	/* Kept ones in the plan's order (pass 0 went in the list's order). */
	for (size_t i = 0, w = 0; i < p->norganisations; i++)
		for (size_t k = w; k < nowners; k++)
			if (strcmp(owners[k].id, p->organisations[i].id) == 0) {
				struct organisation t = owners[w];
				owners[w++] = owners[k];
				owners[k] = t;
				break;
			}
	if (nowners < n)
		edit_problem(ps, "organisations", _("Choose among the organisations listed."));
	else if (nowners == 0)
		edit_problem(ps, "organisations", _("A plan needs at least one owner."));
	else if (!mine)
		edit_problem(ps, "organisations", _("Keep at least one of the organisations you "
		    "coordinate, or you could no longer change the plan."));
	for (size_t i = 0; ps->n == 0 && i < p->nunits; i++) {
		const char *uo = p->units[i].organisation;
		bool kept = uo == NULL;
		for (size_t k = 0; !kept && k < nowners; k++)
			kept = strcmp(owners[k].id, uo) == 0;
		if (!kept) {
			char msg[700];
			snprintf(msg, sizeof(msg), _("The unit “%s” belongs to an organisation "
			    "you took off: change the unit first."), p->units[i].name);
			edit_problem(ps, "organisations", arena_strdup(&c->scratch, msg));
		}
	}
	organisation_list_free(orgs);
	if (ps->n > 0)
		return;
	p->title = arena_strdup(&p->arena, form_get(f, "title"));
	p->period_start = start;
	p->period_end = end;
	p->organisations = owners;
	p->norganisations = nowners;
	p->replaces = edit_text_or_null(p, replaces);
	p->replaces_title = edit_text_or_null(p, form_get(f, "replaces_title"));
}

void
h_edit_settings(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	struct edit_problems ps = {.n = 0};
	if (!edit_plan(req, r, &c))
		goto out;
	if (req->method != HTTP_POST) {
		settings_page(req, r, &c, 200, NULL, &ps, NULL);
		goto out;
	}
	const struct form *f = req->form;
	if (f->errors > 0) {
		settings_page(req, r, &c, 400, f, &ps, NULL);
		goto out;
	}
	if (edit_form_revision(f) != c.rev.number) {
		settings_page(req, r, &c, 409, f, &ps, edit_conflict_notice(&c, false));
		goto out;
	}
	apply_settings(req, &c, f, &ps);
	struct plan_error err;
	if (ps.n == 0 && !plan_check(c.plan, &err))
		edit_problem(&ps, "title", arena_strdup(&c.scratch, err.message));
	if (ps.n > 0) {
		if (edit_reload(req, r, &c))
			settings_page(req, r, &c, 400, f, &ps, NULL);
		goto out;
	}
	enum db_put res;
	enum db_status st = edit_store(req, r, &c, NULL, 0, "update plan settings", &res);
	if (st == DB_CONFLICT && edit_reload(req, r, &c))
		settings_page(req, r, &c, 409, f, &ps, edit_conflict_notice(&c, false));
	else if (st == DB_OK)
		edit_done(r, c.plan, res, "save.plan", NULL);
out:
	edit_end(&c);
}

/* ---- status ---- */

const struct route_field edit_status_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	{"to", VALID_PLAN_STATUS, .required = true},
	{"adoption_date", VALID_DATE, .required = false},
	{"adoption_body", VALID_TITLE, .required = false},
	{"adoption_case", VALID_TITLE, .required = false},
	{"replaced_by", VALID_ID, .required = false},
	{.name = NULL},
};

/* The status page: the plan's status, the adoption form (a draft, or an
 * adopted plan's details to correct) and, for an adopted plan, the form
 * that marks it replaced. f: what was sent (to: which form), or NULL. */
static void
status_page(struct request *req, struct reply *r, struct edit_ctx *c, int status,
    const struct form *f, struct edit_problems *ps, const char *notice)
{
	const struct plan *p = c->plan;
	const char *to = f ? form_get(f, "to") : NULL;
	bool sent_adopt = to && strcmp(to, "adopted") == 0;
	bool sent_replace = to && strcmp(to, "replaced") == 0;
	edit_form_problems(f, ps);
	/* The plans that may replace this one: those the user edits. */
	struct catalogue *cat = NULL;
	if (handler_store_failed(req, r, db_catalogue_all(req->db, &cat), NULL))
		return;
	size_t max = 1;
	for (size_t i = 0; i < cat->norgs; i++)
		max += cat->orgs[i].nplans;
	struct option *opts = arena_array(&c->scratch, max + 1, sizeof(*opts));
	size_t nopts = 0;
	opts[nopts++] = (struct option){"", _("(none named)")};
	for (size_t i = 0; i < cat->norgs; i++) {
		if (!edit_coordinates(c, cat->orgs[i].id))
			continue;
		for (size_t k = 0; k < cat->orgs[i].nplans; k++) {
			const struct catalogue_plan *cp = &cat->orgs[i].plans[k];
			bool seen = strcmp(cp->id, p->id) == 0;
			for (size_t j = 0; j < nopts && !seen; j++)
				seen = strcmp(opts[j].value, cp->id) == 0;
			if (!seen)
				opts[nopts++] = (struct option){arena_strdup(&c->scratch, cp->id),
				    arena_strdup(&c->scratch, cp->title)};
		}
	}
	catalogue_free(cat);

	const char *now[] = {p->adoption_date, p->adoption_body, p->adoption_case};
	static const char *const names[] = {"adoption_date", "adoption_body",
	    "adoption_case"};
	struct edit_field_view adopt[3] = {
		field("adoption_date", _("Adopted on"), NULL, EW_DATE, true, NULL),
		field("adoption_body", _("Adopted by"), _("The body that adopted it, e.g. "
		    "“Bystyret”."), EW_TEXT, true, NULL),
		field("adoption_case", _("Case reference"), _("E.g. “PS 22/114”."), EW_TEXT,
		    true, NULL),
	};
	for (size_t i = 0; i < 3; i++) {
		adopt[i].value = sent_adopt ? form_get(f, names[i]) : now[i];
		adopt[i].error = sent_adopt ? edit_error_at(f, ps, names[i]) : NULL;
		if (status == 409 && sent_adopt) {
			const char *typed = adopt[i].value ? adopt[i].value : "";
			adopt[i].changed = strcmp(typed, now[i] ? now[i] : "") != 0;
			adopt[i].current = now[i];
		}
	}
	struct edit_field_view replace[1] = {
		field("replaced_by", _("Replaced by"), _("The plan that takes over from "
		    "this one, if it is here. It will say that it replaces this plan."),
		    EW_SELECT, false, sent_replace ? form_get(f, "replaced_by") : ""),
	};
	replace[0].options = opts;
	replace[0].noptions = nopts;
	replace[0].error = sent_replace ? edit_error_at(f, ps, "replaced_by") : NULL;
	const char *action = edit_path(c, "status");
	struct edit_form_view forms[2];
	size_t nforms = 0;
	const char *lead = NULL;
	switch (p->status) {
	case PLAN_DRAFT:
		lead = _("The plan is a draft: visitors cannot see it. When it has been "
		    "adopted, fill in when, by whom and under which case reference: then it "
		    "is published.");
		forms[nforms++] = (struct edit_form_view){.action = action,
		    .submit = _("Mark as adopted"), .revision = c->rev.number,
		    .hidden_name = "to", .hidden_value = "adopted", .fields = adopt,
		    .nfields = 3};
		break;
	case PLAN_ADOPTED:
		lead = _("The plan is adopted and public. When a new plan takes over, mark "
		    "this one as replaced; it stays public.");
		forms[nforms++] = (struct edit_form_view){.heading = _("Adoption"),
		    .action = action, .submit = _("Save the adoption"),
		    .revision = c->rev.number, .hidden_name = "to",
		    .hidden_value = "adopted", .fields = adopt, .nfields = 3};
		forms[nforms++] = (struct edit_form_view){.heading = _("Replaced"),
		    .action = action, .submit = _("Mark as replaced"),
		    .revision = c->rev.number, .hidden_name = "to",
		    .hidden_value = "replaced", .fields = replace, .nfields = 1};
		break;
	default:
		lead = _("The plan has been replaced by a newer plan. It stays public as "
		    "it was.");
		break;
	}
	struct crumb cr[3];
	edit_crumbs(c, cr);
	/* A refusal not tied to a field (a status that cannot follow) is a
	 * notice, not a link in the summary. */
	struct edit_problems shown = {.n = 0};
	for (size_t i = 0; i < ps->n; i++) {
		if (strcmp(ps->p[i].id, "to") != 0)
			edit_problem(&shown, ps->p[i].id, ps->p[i].message);
		else if (notice == NULL)
			notice = ps->p[i].message;
	}
	struct edit_page_view v = {.user = &c->user, .title = _("Status and adoption"),
	    .crumbs = cr, .ncrumbs = 3, .lead = lead, .notice = notice,
	    .notice_error = notice != NULL, .problems = shown.p, .nproblems = shown.n,
	    .forms = forms, .nforms = nforms, .back = cr[2].href};
	size_t len;
	char *body = page_edit_form(&v, &len);
	handler_private_page(r, body, len, status);
}

/* Applies the status form: to is "adopted" or "replaced". *other gets
 * the plan named to replace this one (changed to say so; caller frees)
 * and *other_base its revision. Problems in ps. */
static void
apply_status(struct request *req, struct edit_ctx *c, const struct form *f,
    struct edit_problems *ps, struct plan **other, int *other_base)
{
	struct plan *p = c->plan;
	const char *to = form_get(f, "to");
	*other = NULL;
	if (strcmp(to, "adopted") == 0) {
		if (p->status == PLAN_REPLACED) {
			edit_problem(ps, "to", _("The plan has been replaced: it cannot be adopted "
			    "again."));
			return;
		}
		static const struct {
			const char *name, *msg;
		} need[] = {
			{"adoption_date", N_("Fill in the date the plan was adopted.")},
			{"adoption_body", N_("Fill in the body that adopted the plan.")},
			{"adoption_case", N_("Fill in the case reference of the adoption.")},
		};
		for (size_t i = 0; i < 3; i++) {
			const char *v = form_get(f, need[i].name);
			if (v == NULL || *v == '\0')
				edit_problem(ps, need[i].name, _(need[i].msg));
		}
		if (ps->n > 0)
			return;
		p->status = PLAN_ADOPTED;
		p->has_adoption = true;
		p->adoption_date = edit_text_or_null(p, form_get(f, "adoption_date"));
		p->adoption_body = edit_text_or_null(p, form_get(f, "adoption_body"));
		p->adoption_case = edit_text_or_null(p, form_get(f, "adoption_case"));
		return;
	}
	if (strcmp(to, "draft") == 0) {
		edit_problem(ps, "to", p->status == PLAN_DRAFT ? _("The plan is a draft "
		    "already.") : _("An adopted plan cannot become a draft again."));
		return;
	}
	if (p->status != PLAN_ADOPTED) {
		edit_problem(ps, "to", p->status == PLAN_DRAFT ? _("A draft must be adopted "
		    "before it can be replaced.") : _("The plan is marked as replaced "
		    "already."));
		return;
	}
	const char *by = form_get(f, "replaced_by");
	if (by && *by) {
		struct revision_info ri;
		struct plan *o = NULL;
		enum db_status st = strcmp(by, p->id) == 0 ? DB_NOT_FOUND :
		    db_plan_get_revision(req->db, by, &o, &ri);
		if (st != DB_OK || !edit_may(c, o)) {
			edit_problem(ps, "replaced_by", _("Choose one of the plans listed."));
		} else if (o->replaces && strcmp(o->replaces, p->id) != 0) {
			char msg[300];
			snprintf(msg, sizeof(msg), _("That plan replaces another plan already "
			    "(%s)."), o->replaces);
			edit_problem(ps, "replaced_by", arena_strdup(&c->scratch, msg));
		} else {
			o->replaces = arena_strdup(&o->arena, p->id);
			if (o->replaces_title == NULL)
				o->replaces_title = arena_strdup(&o->arena, p->title);
			*other = o;
			*other_base = ri.number;
			o = NULL;
		}
		plan_free(o);
		if (ps->n > 0)
			return;
	}
	p->status = PLAN_REPLACED;
}

void
h_edit_status(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	struct edit_problems ps = {.n = 0};
	struct plan *other = NULL;
	int other_base = 0;
	if (!edit_plan(req, r, &c))
		goto out;
	if (req->method != HTTP_POST) {
		status_page(req, r, &c, 200, NULL, &ps, NULL);
		goto out;
	}
	const struct form *f = req->form;
	if (f->errors > 0) {
		status_page(req, r, &c, 400, f, &ps, NULL);
		goto out;
	}
	if (edit_form_revision(f) != c.rev.number) {
		status_page(req, r, &c, 409, f, &ps, edit_conflict_notice(&c, false));
		goto out;
	}
	apply_status(req, &c, f, &ps, &other, &other_base);
	struct plan_error err;
	if (ps.n == 0 && !plan_check(c.plan, &err))
		edit_problem(&ps, "adoption_date", arena_strdup(&c.scratch, err.message));
	if (ps.n == 0 && other != NULL && !plan_check(other, &err))
		edit_problem(&ps, "replaced_by", arena_strdup(&c.scratch, err.message));
	if (ps.n > 0) {
		if (edit_reload(req, r, &c))
			status_page(req, r, &c, 400, f, &ps, NULL);
		goto out;
	}
	bool adopt = c.plan->status == PLAN_ADOPTED;
	char *change = other ? xasprintf("replace plan %s by %s", c.plan->id, other->id) :
	    xasprintf("%s plan %s", adopt ? "adopt" : "replace", c.plan->id);
	enum db_put res;
	enum db_status st = edit_store(req, r, &c, other, other_base, change, &res);
	free(change);
	if (st == DB_CONFLICT && edit_reload(req, r, &c))
		status_page(req, r, &c, 409, f, &ps, edit_conflict_notice(&c, false));
	else if (st == DB_OK)
		edit_done(r, c.plan, res, adopt ? "adopt.plan" : "replace.plan", NULL);
out:
	plan_free(other);
	edit_end(&c);
}

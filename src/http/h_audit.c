/* h_audit.c — the audit trail's pages (issue 7 §6): every change, a
 * plan's, a user's and an object's, a page at a time; what changed
 * between two revisions of a plan; a revision as JSON. They only read.
 *
 * Who sees what: coordinators and administrators see the whole trail —
 * every plan, whatever its organisations, as a coordinator reads every
 * report and a reader everything internal — but changes to accounts
 * (who may sign in, with which role) are shown to administrators only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/json_diff.h"
#include "http/auth.h"
#include "http/handlers.h"
#include "http/request.h"
#include "util/text.h"
#include "views/i18n.h"
#include "views/pages.h"

/* A query value, NULL when absent or empty (a form's "any"). */
static const char *
query(const struct request *req, const char *name)
{
	const char *v = req_query(req, name);
	return v && *v ? v : NULL;
}

/* A whole number from 1 to max in s, or -1. */
static long long
positive(const char *s, long long max)
{
	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return -1;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= max ? v : -1;
}

/* Whether t may name a kind of object: lower-case letters and '_'. */
static bool
type_ok(const char *t)
{
	size_t n = strlen(t);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_'))
			return false;
	return true;
}

/* Reads the filters every page shares (type, before) into f and checks
 * them with the scope's own; answers 400 or 403 itself and returns false
 * when one is wrong. */
static bool
filter_or_reply(struct request *req, struct reply *r, struct audit_filter *f)
{
	const char *before = query(req, "before");
	if (before && (f->before = positive(before, INT64_MAX / 2)) < 0) {
		reply_error(r, 400, N_("The page of the audit trail (before) must be a "
		    "whole number from 1: use the links at the end of a page."));
		return false;
	}
	if (f->object_type && !type_ok(f->object_type)) {
		reply_error(r, 400, N_("A kind of object (type) is a word of lower-case "
		    "letters such as plan, report, unit, organisation or account."));
		return false;
	}
	if (f->plan && !text_is_id(f->plan)) {
		reply_error(r, 400, N_("A plan is named by its id (lower-case letters, "
		    "digits and hyphens), as in its address."));
		return false;
	}
	bool admin = req->session->role >= ROLE_ADMIN;
	if (!admin && f->object_type && strcmp(f->object_type, "account") == 0) {
		reply_error(r, 403, N_("Changes to accounts are shown to administrators "
		    "only."));
		return false;
	}
	f->no_accounts = !admin;
	return true;
}

/* Reads a page of the trail for v (its filter set) and shows it. */
static void
show(struct request *req, struct reply *r, struct audit_view *v)
{
	struct audit_list *l = NULL;
	struct plan_names *plans = NULL;
	struct account_list *accounts = NULL;
	struct plan_name *name = NULL;
	struct revision_list *revs = NULL;
	enum db_status st = db_audit_page(req->db, &v->filter, &l, &v->more);
	if (st == DB_OK && v->scope == AUDIT_SCOPE_ALL)
		st = db_plan_names(req->db, &plans);
	/* Administrators are offered the accounts as users to choose. */
	if (st == DB_OK && v->scope != AUDIT_SCOPE_USER &&
	    v->scope != AUDIT_SCOPE_OBJECT && req->session->role >= ROLE_ADMIN)
		st = db_accounts(req->db, &accounts);
	if (st == DB_OK && v->scope == AUDIT_SCOPE_PLAN) {
		st = db_plan_name(req->db, v->filter.plan, &name);
		if (st == DB_NOT_FOUND)
			st = DB_OK;
		if (st == DB_OK && (st = db_revisions(req->db, v->filter.plan, &revs)) ==
		    DB_NOT_FOUND)
			st = DB_OK;
		/* A plan that never was here, with nothing in the trail. */
		if (st == DB_OK && name == NULL && revs == NULL && l->n == 0 &&
		    v->filter.before == 0)
			st = DB_NOT_FOUND;
	}
	if (!handler_store_failed(req, r, st, N_("There is no plan at this address."))) {
		v->entries = l;
		v->plans = plans;
		v->accounts = accounts;
		v->plan = name;
		v->revisions = revs;
		struct admin_user u = admin_user_of(req);
		size_t len;
		char *body = page_audit(&u, v, &len);
		handler_private_page(r, body, len, 200);
	}
	audit_list_free(l);
	plan_names_free(plans);
	account_list_free(accounts);
	plan_name_free(name);
	revision_list_free(revs);
}

void
h_audit(struct request *req, struct reply *r)
{
	struct audit_view v = {.scope = AUDIT_SCOPE_ALL};
	v.filter.plan = query(req, "plan");
	v.filter.actor = query(req, "actor");
	v.filter.object_type = query(req, "type");
	if (filter_or_reply(req, r, &v.filter))
		show(req, r, &v);
}

void
h_audit_plan(struct request *req, struct reply *r)
{
	const char *id = req_param(req, PARAM_PLAN);
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return;
	}
	struct audit_view v = {.scope = AUDIT_SCOPE_PLAN};
	v.filter.plan = id;
	v.filter.actor = query(req, "actor");
	v.filter.object_type = query(req, "type");
	if (filter_or_reply(req, r, &v.filter))
		show(req, r, &v);
}

void
h_audit_user(struct request *req, struct reply *r)
{
	struct audit_view v = {.scope = AUDIT_SCOPE_USER};
	v.filter.actor = query(req, "actor");
	v.filter.object_type = query(req, "type");
	if (v.filter.actor == NULL) {
		reply_error(r, 400, N_("Say whose changes to show: ?actor= and the user as "
		    "the audit trail names them (web:name@example.no)."));
		return;
	}
	if (filter_or_reply(req, r, &v.filter))
		show(req, r, &v);
}

void
h_audit_object(struct request *req, struct reply *r)
{
	struct audit_view v = {.scope = AUDIT_SCOPE_OBJECT};
	v.filter.object_type = query(req, "type");
	v.filter.object_id = query(req, "id");
	if (v.filter.object_type == NULL || v.filter.object_id == NULL) {
		reply_error(r, 400, N_("Say which object's changes to show: ?type= and "
		    "?id=, as the audit trail names them."));
		return;
	}
	if (filter_or_reply(req, r, &v.filter))
		show(req, r, &v);
}

/* The revision numbered n in l, or NULL. */
static const struct revision *
revision_in(const struct revision_list *l, long long n)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (l->items[i].number == n)
			return &l->items[i];
	return NULL;
}

void
h_audit_compare(struct request *req, struct reply *r)
{
	const char *id = req_param(req, PARAM_PLAN);
	long long from = positive(query(req, "from"), 1000000000);
	long long to = positive(query(req, "to"), 1000000000);
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return;
	}
	if (from < 0 || to < 0) {
		reply_error(r, 400, N_("Say which two revisions to compare: ?from= and "
		    "?to=, each a revision's number (whole numbers from 1)."));
		return;
	}
	struct revision_list *revs = NULL;
	struct plan_name *name = NULL;
	char *a = NULL, *b = NULL;
	struct json_diff *d = NULL;
	enum db_status st = db_revisions(req->db, id, &revs);
	const struct revision *rf = revision_in(revs, from), *rt = revision_in(revs, to);
	if (st == DB_OK && (rf == NULL || rt == NULL))
		st = DB_NOT_FOUND;
	if (st == DB_OK && (st = db_plan_name(req->db, id, &name)) == DB_NOT_FOUND)
		st = DB_OK;
	if (st == DB_OK)
		st = db_revision_json(req->db, id, (int)from, &a, NULL);
	if (st == DB_OK)
		st = db_revision_json(req->db, id, (int)to, &b, NULL);
	if (!handler_store_failed(req, r, st, N_("This plan has no such revision."))) {
		int which;
		d = json_diff_texts(a, b, &which);
		if (d == NULL) {
			fprintf(stderr, "tiltak: revision %lld of plan %s is not a JSON "
			    "object\n", which ? to : from, id);
			reply_error(r, 500, N_("A revision of this plan cannot be read. The "
			    "error has been logged."));
		} else {
			struct admin_user u = admin_user_of(req);
			size_t len;
			char *body = page_audit_compare(&u, id, name, rf, rt, d, &len);
			handler_private_page(r, body, len, 200);
		}
	}
	json_diff_free(d);
	free(a);
	free(b);
	plan_name_free(name);
	revision_list_free(revs);
}

void
h_audit_revision(struct request *req, struct reply *r)
{
	const char *id = req_param(req, PARAM_PLAN);
	long long n = positive(req_param(req, PARAM_N), 1000000000);
	if (id == NULL || !text_is_id(id) || n < 0) {
		reply_error(r, 404, N_("This plan has no such revision."));
		return;
	}
	char *json = NULL;
	size_t len = 0;
	enum db_status st = db_revision_json(req->db, id, (int)n, &json, &len);
	if (!handler_store_failed(req, r, st, N_("This plan has no such revision.")))
		reply_body(r, 200, "application/json", json, len, CACHE_PRIVATE);
	else
		free(json);
}

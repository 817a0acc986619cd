/* h_report.c — the yearly report (issue 7 §4): the list of plans one
 * reports in, a plan's report page for a year and saving it, and an
 * indicator's history.
 *
 * Who may do what:
 * - a reporter sees and saves exactly the indicators of its units
 *   (db_reporter_indicators); a field for any other is answered 403
 *   and nothing is written. Below its form it reads, and cannot save,
 *   what the units below its own carry (db_reporter_below: a parent
 *   unit's leader follows its units' reports);
 * - a coordinator reads every plan's reports and saves those of its
 *   organisations' plans; an administrator saves any;
 * - a reader reads every report and saves none.
 * The whole page is checked before anything is written, and written in
 * one transaction (db_reports_put); a report someone else saved since
 * the page was shown is a conflict: the page comes back with both, and
 * the writer chooses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/report.h"
#include "http/auth.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/pages.h"

/* What the signed-in user may do with one plan's reports. */
struct rights {
	int64_t filter;    /* the account whose indicators the page holds; 0: all */
	bool    may_save;
};

/* The account whose indicators req's user sees: a reporter's own; 0
 * (every indicator) for the other roles. */
static int64_t
rights_filter(const struct request *req)
{
	return req->session->role == ROLE_REPORTER ? req->session->account_id : 0;
}

/* The rights of req's user on the plan of sheet s. false if the account
 * could not be read (then r is answered). */
static bool
rights_of(struct request *req, struct reply *r, const struct report_sheet *s,
    struct rights *out)
{
	out->filter = rights_filter(req);
	switch (req->session->role) {
	case ROLE_REPORTER:
	case ROLE_ADMIN:
		out->may_save = true;
		return true;
	case ROLE_COORDINATOR:
		break;
	default:
		out->may_save = false;
		return true;
	}
	struct account_list *a = NULL;
	if (handler_store_failed(req, r, db_account_by_id(req->db,
	    req->session->account_id, &a), NULL))
		return false;
	out->may_save = false;
	for (size_t i = 0; i < a->items[0].norganisations && !out->may_save; i++)
		for (size_t j = 0; j < s->norganisations; j++)
			if (strcmp(a->items[0].organisations[i], s->organisations[j]) == 0)
				out->may_save = true;
	account_list_free(a);
	return true;
}

/* The years one may open a plan's reports for: from its start to the
 * year it is reported for now. */
struct years {
	int first, last, this_year;
	char today[16];
};

static void
years_of(const struct plan_name *p, struct years *y)
{
	y->this_year = handler_today(y->today);
	y->first = p->period_start;
	y->last = report_year_current(y->this_year, p->period_start, p->period_end);
}

/* The year in text if it is one of y's; 0 otherwise. */
static int
year_in(const char *text, const struct years *y)
{
	char msg[128];
	if (text == NULL || !valid_check(VALID_YEAR, text, strlen(text), msg, sizeof(msg)))
		return 0;
	int v = atoi(text);
	return v >= y->first && v <= y->last ? v : 0;
}

static void
year_refused(struct reply *r, const struct years *y, bool saving)
{
	char msg[400];
	snprintf(msg, sizeof(msg), saving ? _("Reports of this plan can be saved for "
	    "the years %d to %d; the form named another year. Nothing was saved.") :
	    _("This plan has report pages for the years %d to %d only."), y->first, y->last);
	reply_error(r, 400, msg);
}

void
h_report_index(struct request *req, struct reply *r)
{
	bool reporter = req->session->role == ROLE_REPORTER;
	struct report_plan_list *l = NULL;
	if (handler_store_failed(req, r, db_report_plans(req->db,
	    reporter ? req->session->account_id : 0, &l), NULL))
		return;
	char day[16];
	int this_year = handler_today(day);
	if (reporter && l->n == 1) {
		/* One plan: straight to its page (one click from signing in). */
		char *to = url_path("admin", "report", l->items[0].id, NULL);
		reply_redirect(r, 303, to);
		free(to);
		report_plan_list_free(l);
		return;
	}
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_report_plans(&u, l, this_year, reporter, &len);
	report_plan_list_free(l);
	handler_private_page(r, body, len, 200);
}

/* ---- the page ---- */

/* The problems of a page: field name → message, in page order. */
struct problems {
	struct arena         arena;
	struct form_problem *items;
	size_t               n, cap;
};

static void
problem(struct problems *p, const char *field, const char *message)
{
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 16;
		struct form_problem *ni = arena_array(&p->arena, nc, sizeof(*ni));
		if (p->n)
			memcpy(ni, p->items, p->n * sizeof(*ni));
		p->items = ni;
		p->cap = nc;
	}
	p->items[p->n++] = (struct form_problem){arena_strdup(&p->arena, field),
	    arena_strdup(&p->arena, message)};
}

static void
show(struct request *req, struct reply *r, int status, const struct report_sheet *s,
    const struct years *y, bool editable, const struct form *f,
    const struct problems *p, const struct report_row *const *theirs,
    const char *notice)
{
	struct admin_user u = admin_user_of(req);
	struct report_view v = {
		.user = &u, .sheet = s, .today = y->today, .first_year = y->first,
		.last_year = y->last, .editable = editable, .form = f,
		.problems = p ? p->items : NULL, .nproblems = p ? p->n : 0,
		.theirs = theirs, .notice = notice,
	};
	size_t len;
	char *body = page_report(&v, &len);
	handler_private_page(r, body, len, status);
}

/* The fields of one indicator's group, by prefix. */
static const char *const group_fields[] = {"status", "progress", "comment",
    "evaluation", "version", "choice"};
#define GROUP_FIELDS (sizeof(group_fields) / sizeof(group_fields[0]))

/* The sheet item a field name of a group names ("status.m-1.2"), or -1
 * if it names none on the sheet; -2 if name is not a group's field. */
static long
item_named(const struct report_sheet *s, const char *name)
{
	const char *dot = strchr(name, '.');
	if (dot == NULL)
		return -2;
	bool group = false;
	for (size_t i = 0; i < GROUP_FIELDS; i++)
		if ((size_t)(dot - name) == strlen(group_fields[i]) &&
		    strncmp(name, group_fields[i], strlen(group_fields[i])) == 0)
			group = true;
	if (!group)
		return -2;
	const char *key = dot + 1, *last = strrchr(key, '.');
	if (last == NULL || last == key || last[1] == '\0' || strlen(last + 1) > 4)
		return -1;
	int number = 0;
	for (const char *c = last + 1; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		number = number * 10 + (*c - '0');
	}
	size_t mlen = (size_t)(last - key);
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].number == number && strlen(s->items[i].measure_id) == mlen &&
		    strncmp(s->items[i].measure_id, key, mlen) == 0)
			return (long)i;
	return -1;
}

/* Reads the form's groups into inputs (one per indicator to save);
 * problems get what is wrong. */
static size_t
read_groups(const struct form *f, const struct report_sheet *s, struct problems *p,
    struct report_input *in)
{
	size_t n = 0;
	char name[GROUP_FIELDS][REPORT_KEY_MAX];
	for (size_t i = 0; i < s->n; i++) {
		const struct report_item *it = &s->items[i];
		bool present = false;
		for (size_t k = 0; k < GROUP_FIELDS; k++) {
			report_field(name[k], sizeof(name[k]), group_fields[k], it->measure_id,
			    it->number);
			present |= form_entry(f, name[k]) != NULL;
		}
		if (!present)
			continue;
		const char *status = form_get(f, name[0]), *progress = form_get(f, name[1]),
		    *comment = form_get(f, name[2]), *evaluation = form_get(f, name[3]),
		    *version = form_get(f, name[4]), *choice = form_get(f, name[5]);
		bool bad = false;
		for (size_t k = 0; k < GROUP_FIELDS; k++)
			if (form_error(f, name[k])) {
				problem(p, name[k], form_error(f, name[k]));
				bad = true;
			}
		int current = it->current ? it->current->version : 0;
		if (!form_error(f, name[4])) {
			if (version == NULL || version[0] == '\0') {
				problem(p, name[4], _("The form did not say which version of this "
				    "report it was based on. Reload the page and try again."));
				bad = true;
			} else if (atoi(version) > current) {
				problem(p, name[4], _("The form was based on a version of this "
				    "report that does not exist. Reload the page and try again."));
				bad = true;
			}
		}
		if (choice != NULL && strcmp(choice, "theirs") == 0)
			continue;
		bool filled = (progress && *progress) || (comment && *comment) ||
		    (evaluation && *evaluation);
		if ((status == NULL || *status == '\0') && !form_error(f, name[0])) {
			if (filled) {
				problem(p, name[0], _("Choose a status: a report without one "
				    "cannot be saved."));
				bad = true;
			}
			continue;
		}
		if (bad)
			continue;
		in[n++] = (struct report_input){
			.measure_id = it->measure_id, .number = it->number,
			.base_version = atoi(version),
			.current_read = true, .current = it->current,
			.status = (enum report_status)report_status_parse(status),
			.progress = progress && *progress ? atoi(progress) : -1,
			.comment = comment, .evaluation = evaluation,
		};
	}
	return n;
}

/* Answers with the page again (status 400 or 409): the whole page is
 * read for it (a save reads only what it needs, db_report_form), with
 * what the form said, its problems and the conflicts (theirs, by the
 * inputs in[0..n) of the save). */
static void
show_again(struct request *req, struct reply *r, int status, const struct plan_name *pn,
    int year, const struct years *y, const struct problems *p,
    const struct report_input *in, const struct report_save *saved)
{
	struct report_sheet *s = NULL;
	if (handler_store_failed(req, r, db_report_sheet(req->db, pn->id, year,
	    rights_filter(req), &s), N_("There is no plan with that id.")))
		return;
	const struct report_row **theirs = NULL;
	if (saved != NULL) {
		theirs = xcalloc(s->n ? s->n : 1, sizeof(*theirs));
		for (size_t c = 0; c < saved->nconflicts; c++) {
			const struct report_input *ci = &in[saved->conflicts[c].index];
			for (size_t i = 0; i < s->n; i++)
				if (s->items[i].number == ci->number &&
				    strcmp(s->items[i].measure_id, ci->measure_id) == 0)
					theirs[i] = saved->conflicts[c].theirs;
		}
	}
	show(req, r, status, s, y, true, req->form, p, theirs, NULL);
	free(theirs);
	report_sheet_free(s);
}

/* POST: check the whole page, then save it in one transaction. Reads
 * only what that needs (db_report_form: the indicators and their current
 * reports, on which the save is decided); the whole page only to answer
 * with it again. */
static void
report_post(struct request *req, struct reply *r, const struct plan_name *pn,
    const struct years *y)
{
	const struct form *f = req->form;
	int year = form_error(f, "year") ? 0 : year_in(form_get(f, "year"), y);
	if (year == 0) {
		year_refused(r, y, true);
		return;
	}
	struct report_sheet *s = NULL;
	if (handler_store_failed(req, r, db_report_form(req->db, pn->id, year,
	    rights_filter(req), &s), N_("There is no plan with that id.")))
		return;
	struct rights rt;
	if (!rights_of(req, r, s, &rt))
		goto out;
	if (!rt.may_save) {
		reply_error(r, 403, req->session->role == ROLE_READER ?
		    N_("Your role lets you read the reports but not change them. Nothing "
		    "was saved.") : N_("You may save reports only for the plans of your "
		    "own organisations. Nothing was saved."));
		goto out;
	}
	/* Every field of a group must name an indicator on this page. */
	for (size_t i = 0; i < f->n; i++) {
		long at = item_named(s, f->v[i].name);
		if (at == -1) {
			char msg[600];
			snprintf(msg, sizeof(msg), _("The form holds a report (%s) for an "
			    "indicator you do not report on: none of your units is responsible "
			    "for it, or the plan has no such indicator. Nothing was saved."),
			    f->v[i].name);
			reply_error(r, 403, msg);
			goto out;
		}
	}
	struct problems p = {0};
	struct report_input *in = xcalloc(s->n + 1, sizeof(*in));
	size_t n = read_groups(f, s, &p, in);
	if (p.n > 0 || f->errors > 0) {
		show_again(req, r, 400, pn, year, y, &p, NULL, NULL);
		goto done;
	}
	char actor[ACCOUNT_EMAIL_MAX + 8];
	snprintf(actor, sizeof(actor), "web:%s", req->session->email);
	struct report_save *saved = NULL;
	enum db_status st = n == 0 ? DB_OK : db_reports_put(req->db, actor,
	    req->session->account_id, pn->id, year, in, n, &saved);
	if (st == DB_CONFLICT) {
		show_again(req, r, 409, pn, year, y, &p, in, saved);
	} else if (!handler_store_failed(req, r, st, NULL)) {
		char *base = url_path("admin", "report", pn->id, NULL);
		char to[700];
		snprintf(to, sizeof(to), "%s?year=%d&saved=%zu", base, year,
		    saved ? saved->written : 0);
		free(base);
		reply_redirect(r, 303, to);
	}
	report_save_free(saved);
done:
	free(in);
	arena_free(&p.arena);
out:
	report_sheet_free(s);
}

void
h_report_plan(struct request *req, struct reply *r)
{
	struct plan_name *pn = NULL;
	if (handler_store_failed(req, r, db_plan_name(req->db, req_param(req, PARAM_PLAN),
	    &pn), N_("There is no plan with that id.")))
		return;
	struct years y;
	years_of(pn, &y);
	if (req->method == HTTP_POST) {
		report_post(req, r, pn, &y);
		plan_name_free(pn);
		return;
	}
	const char *ys = req_query(req, "year");
	int year = ys ? year_in(ys, &y) : y.last;
	if (year == 0) {
		year_refused(r, &y, false);
		plan_name_free(pn);
		return;
	}
	struct report_sheet *s = NULL;
	struct rights rt;
	if (!handler_store_failed(req, r, db_report_sheet(req->db, pn->id, year,
	    rights_filter(req), &s), N_("There is no plan with that id.")) &&
	    rights_of(req, r, s, &rt)) {
		const char *saved = req_query(req, "saved");
		char notice[200];
		if (saved != NULL) {
			long k = strtol(saved, NULL, 10);
			if (k > 0)
				snprintf(notice, sizeof(notice), P_("Saved: %ld report.",
				    "Saved: %ld reports.", k), k);
			else
				snprintf(notice, sizeof(notice), "%s", _("Nothing had changed, "
				    "so nothing was saved."));
		}
		show(req, r, 200, s, &y, rt.may_save, NULL, NULL, NULL,
		    saved ? notice : NULL);
	}
	report_sheet_free(s);
	plan_name_free(pn);
}

void
h_report_history(struct request *req, struct reply *r)
{
	const char *plan = req_param(req, PARAM_PLAN), *measure = req_param(req,
	    PARAM_MEASURE), *ns = req_param(req, PARAM_N);
	char msg[128];
	if (!valid_check(VALID_INDICATOR_NUMBER, ns, strlen(ns), msg, sizeof(msg))) {
		reply_error(r, 404, N_("There is no such indicator."));
		return;
	}
	int number = atoi(ns);
	if (req->session->role == ROLE_REPORTER) {
		/* Its own units' indicators, and those of the units below them
		 * (which it follows, read-only, on its report page). */
		bool mine = false;
		for (int below = 0; below < 2 && !mine; below++) {
			struct indicator_keys *k = NULL;
			if (handler_store_failed(req, r, (below ? db_reporter_below :
			    db_reporter_indicators)(req->db, req->session->account_id, plan, &k),
			    NULL))
				return;
			for (size_t i = 0; i < k->n; i++)
				mine |= k->items[i].number == number &&
				    strcmp(k->items[i].measure_id, measure) == 0;
			indicator_keys_free(k);
		}
		if (!mine) {
			reply_error(r, 403, N_("Neither your units nor the units below them "
			    "are responsible for this indicator."));
			return;
		}
	}
	struct report_history *h = NULL;
	if (handler_store_failed(req, r, db_report_history(req->db, plan, measure, number,
	    &h), N_("There is no such indicator.")))
		return;
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_report_history(&u, h, &len);
	report_history_free(h);
	handler_private_page(r, body, len, 200);
}

/* h_overview.c — the coordinator's overview (issue 7 §5): a plan's
 * follow-up for one year, filtered by theme, unit and status. Read by
 * every signed-in role (readers are politicians and management, who
 * read everything internal); nothing here changes anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/report.h"
#include "domain/valid.h"
#include "http/handlers.h"
#include "http/request.h"
#include "store/db.h"
#include "util/text.h"
#include "views/i18n.h"
#include "views/pages.h"

void
h_overview_index(struct request *req, struct reply *r)
{
	struct report_plan_list *l = NULL;
	if (handler_store_failed(req, r, db_report_plans(req->db, 0, &l), NULL))
		return;
	char day[16];
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_overview_plans(&u, l, handler_today(day), &len);
	handler_private_page(r, body, len, 200);
	report_plan_list_free(l);
}

void
h_overview_plan(struct request *req, struct reply *r)
{
	const char *id = req_param(req, PARAM_PLAN);
	if (id == NULL || !text_is_id(id)) {
		reply_error(r, 404, N_("There is no plan at this address."));
		return;
	}
	char day[16];
	int this_year = handler_today(day);
	int year = 0;
	const char *ys = req_query(req, "year");
	char msg[128];
	if (ys != NULL && valid_check(VALID_YEAR, ys, strlen(ys), msg, sizeof(msg)))
		year = atoi(ys);
	/* The query is read before the plan is, and checked against it
	 * after: the plan is loaded once. */
	struct overview_filter f = {req_query(req, "theme"), req_query(req, "unit"), -1};
	if (f.theme && !*f.theme)
		f.theme = NULL;
	if (f.unit && !*f.unit)
		f.unit = NULL;
	const char *status = req_query(req, "status");
	bool bad_status = false;
	if (status && *status) {
		f.status = strcmp(status, "none") == 0 ? OVERVIEW_NONE :
		    report_status_parse(status);
		bad_status = f.status < 0;
	}
	struct overview *o = NULL;
	if (handler_store_failed(req, r, db_overview(req->db, id, year ? year : this_year,
	    &f, day, &o), N_("There is no plan at this address.")))
		return;
	const struct plan *p = o->plan;
	int last = report_year_current(this_year, p->period_start, p->period_end);
	if (ys == NULL && o->year != last) {
		/* No year asked for: the one reported for now. */
		overview_free(o);
		if (handler_store_failed(req, r, db_overview(req->db, id, last, &f, day, &o),
		    N_("There is no plan at this address.")))
			return;
		p = o->plan;
	} else if (o->year < p->period_start || o->year > last) {
		char text[300];
		snprintf(text, sizeof(text), _("This plan has an overview for the years "
		    "%d to %d only."), p->period_start, last);
		reply_error(r, 400, text);
		overview_free(o);
		return;
	}
	const char *wrong = bad_status ? N_("The status is not one of the report's "
	    "statuses: choose one from the list.") :
	    f.theme && plan_theme(p, f.theme) == NULL ? N_("The plan has no theme by "
	    "that id: choose one from the list.") :
	    f.unit && plan_unit(p, f.unit) == NULL ? N_("The plan names no unit by that "
	    "id: choose one from the list.") : NULL;
	if (wrong != NULL) {
		reply_error(r, 400, wrong);
		overview_free(o);
		return;
	}
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_overview(&u, o, &f, p->period_start, last, &len);
	handler_private_page(r, body, len, 200);
	overview_free(o);
}

/* page_report.c — the yearly report: the list of plans one reports in,
 * a plan's report page for a year (a form for the indicators one may
 * report on, or the reports to read), and an indicator's history.
 *
 * The form has one fieldset per indicator, grouped under theme and
 * measure headings: the status as radio buttons (this year's, else last
 * year's, checked), progress, comment and evaluation, and the version
 * the page was based on; last year's report beside it. It works without
 * JavaScript and re-displays what was typed with each error next to its
 * field. A parent unit's leader reads, after the form, what the units
 * below its own carry: a table, never part of the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "http/form.h"
#include "store/db.h"
#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

void
report_field(char *out, size_t outsz, const char *field, const char *measure_id,
    int number)
{
	snprintf(out, outsz, "%s.%s.%d", field, measure_id, number);
}

/* "2026-01-05T10:00:00Z" as "2026-01-05 10:00 UTC". */
static void
format_at(char *out, size_t outsz, const char *at)
{
	if (at == NULL || strlen(at) < 16) {
		snprintf(out, outsz, "%s", at ? at : "");
		return;
	}
	snprintf(out, outsz, "%.10s %.5s UTC", at, at + 11);
}

/* "web:EMAIL" as EMAIL; others as they are. */
static const char *
who(const char *actor)
{
	return actor && strncmp(actor, "web:", 4) == 0 ? actor + 4 : actor ? actor : "";
}

/* A saved report: status, progress, comment, evaluation, who and when. */
static void
report_summary(struct html *h, const struct report_row *r, bool with_evaluation)
{
	html_open(h, "p", NULL);
	html_elem(h, "strong", label_report_status(r->status), NULL);
	if (r->progress >= 0)
		html_printf(h, _(" (%d %% done)"), r->progress);
	html_close(h, "p");
	if (r->comment)
		html_elem(h, "p", r->comment, "class", "report-text", NULL);
	if (with_evaluation && r->evaluation) {
		html_open(h, "details", NULL);
		html_elem(h, "summary", _("Written evaluation"), NULL);
		html_elem(h, "p", r->evaluation, "class", "report-text", NULL);
		html_close(h, "details");
	}
	char at[40];
	format_at(at, sizeof(at), r->at);
	html_open(h, "p", "class", "hint", NULL);
	html_printf(h, _("Version %d, saved by %s, %s"), r->version, who(r->actor), at);
	html_close(h, "p");
}

static const char *
problem_for(const struct report_view *v, const char *name)
{
	for (size_t i = 0; i < v->nproblems; i++)
		if (strcmp(v->problems[i].id, name) == 0)
			return v->problems[i].message;
	return NULL;
}

/* The value of field f of item it to show: typed, else stored. */
static const char *
typed(const struct report_view *v, const char *name)
{
	const char *s = v->form ? form_get(v->form, name) : NULL;
	return s;
}

/* "Responsible: A, B" of an indicator. */
static void
responsible_line(struct html *h, const struct report_item *it)
{
	if (it->nresponsible == 0)
		return;
	html_open(h, "p", "class", "hint", NULL);
	html_text(h, _("Responsible:"));
	for (size_t u = 0; u < it->nresponsible; u++) {
		html_text(h, u ? ", " : " ");
		html_text(h, it->responsible[u].name);
	}
	html_close(h, "p");
}

/* Last year's report of an indicator, under a heading (tag). */
static void
last_year_column(struct html *h, const struct report_view *v,
    const struct report_item *it, const char *tag)
{
	html_open(h, "div", "class", "last-year", NULL);
	char head[80];
	snprintf(head, sizeof(head), _("Last year (%d)"), v->sheet->year - 1);
	html_elem(h, tag, head, NULL);
	if (it->last_year)
		report_summary(h, it->last_year, true);
	else
		html_elem(h, "p", _("Not reported."), NULL);
	html_close(h, "div");
}

/* The address of an indicator's history into out. */
static void
history_href(char *out, size_t outsz, const struct report_view *v,
    const struct report_item *it)
{
	char *base = url_path("admin", "report", v->sheet->plan.id, it->measure_id, NULL);
	snprintf(out, outsz, "%s/%d", base, it->number);
	free(base);
}

static void
item_form(struct html *h, const struct report_view *v, size_t idx)
{
	const struct report_item *it = &v->sheet->items[idx];
	const struct report_row *cur = it->current;
	const struct report_row *theirs = v->theirs ? v->theirs[idx] : NULL;
	char f_status[REPORT_KEY_MAX], f_progress[REPORT_KEY_MAX], f_comment[REPORT_KEY_MAX],
	    f_eval[REPORT_KEY_MAX], f_version[REPORT_KEY_MAX], f_choice[REPORT_KEY_MAX];
	report_field(f_status, sizeof(f_status), "status", it->measure_id, it->number);
	report_field(f_progress, sizeof(f_progress), "progress", it->measure_id, it->number);
	report_field(f_comment, sizeof(f_comment), "comment", it->measure_id, it->number);
	report_field(f_eval, sizeof(f_eval), "evaluation", it->measure_id, it->number);
	report_field(f_version, sizeof(f_version), "version", it->measure_id, it->number);
	report_field(f_choice, sizeof(f_choice), "choice", it->measure_id, it->number);

	const char *status, *progress, *comment, *evaluation, *version;
	char pbuf[16], vbuf[16];
	if (v->form != NULL) {
		status = typed(v, f_status);
		progress = typed(v, f_progress);
		comment = typed(v, f_comment);
		evaluation = typed(v, f_eval);
		version = typed(v, f_version);
		if (version == NULL || problem_for(v, f_version) != NULL) {
			snprintf(vbuf, sizeof(vbuf), "%d", cur ? cur->version : 0);
			version = vbuf;
		}
	} else {
		const struct report_row *pre = cur ? cur : it->last_year;
		status = pre ? report_status_name(pre->status) : NULL;
		progress = NULL;
		if (cur && cur->progress >= 0) {
			snprintf(pbuf, sizeof(pbuf), "%d", cur->progress);
			progress = pbuf;
		}
		comment = cur ? cur->comment : NULL;
		evaluation = cur ? cur->evaluation : NULL;
		snprintf(vbuf, sizeof(vbuf), "%d", cur ? cur->version : 0);
		version = vbuf;
	}
	if (theirs != NULL) {
		/* Saving again builds on theirs: the choice says how. */
		snprintf(vbuf, sizeof(vbuf), "%d", theirs->version);
		version = vbuf;
	}

	char legend[64];
	snprintf(legend, sizeof(legend), _("Indicator %d"), it->number);
	html_open(h, "fieldset", "class", theirs ? "report-item conflict" : "report-item",
	    "id", f_version, NULL);
	html_open(h, "legend", NULL);
	html_elem(h, "span", legend, "class", "number", NULL);
	html_text(h, " ");
	html_text(h, it->text);
	html_close(h, "legend");
	responsible_line(h, it);
	if (problem_for(v, f_version)) {
		html_open(h, "p", "class", "error", NULL);
		html_elem(h, "span", _("Error:"), "class", "vh", NULL);
		html_text(h, " ");
		html_text(h, problem_for(v, f_version));
		html_close(h, "p");
	}

	html_open(h, "div", "class", "report-columns", NULL);
	last_year_column(h, v, it, "h4");

	html_open(h, "div", "class", "this-year", NULL);
	if (theirs != NULL) {
		html_open(h, "div", "class", "theirs", "role", "group", "aria-label",
		    _("Saved by someone else meanwhile"), NULL);
		html_elem(h, "h4", _("Saved by someone else while you were writing"), NULL);
		report_summary(h, theirs, true);
		html_close(h, "div");
		html_elem(h, "p", _("What you wrote is in the fields below. Choose which "
		    "to keep; the other stays in the history."), NULL);
		struct option choices[] = {
			{"mine", _("Keep mine (save what I wrote)")},
			{"theirs", _("Take theirs (drop what I wrote here)")},
		};
		form_radios(h, f_choice, _("Which report should count?"), choices, 2,
		    typed(v, f_choice), NULL, problem_for(v, f_choice));
	} else if (cur != NULL) {
		char href[600];
		history_href(href, sizeof(href), v, it);
		html_open(h, "p", "class", "hint", NULL);
		char at[40];
		format_at(at, sizeof(at), cur->at);
		html_printf(h, _("Now: %s, version %d, saved by %s, %s."),
		    label_report_status(cur->status), cur->version, who(cur->actor), at);
		html_text(h, " ");
		html_elem(h, "a", _("History"), "href", href, NULL);
		html_close(h, "p");
	}

	struct option st[REPORT_STATUS__MAX];
	for (int s = 0; s < REPORT_STATUS__MAX; s++)
		st[s] = (struct option){report_status_name((enum report_status)s),
		    label_report_status((enum report_status)s)};
	form_radios(h, f_status, _("Status"), st, REPORT_STATUS__MAX, status,
	    !cur && it->last_year && v->form == NULL ?
	    _("Last year's status is chosen; change it if it has changed.") : NULL,
	    problem_for(v, f_status));
	form_input(h, f_progress, _("Progress in per cent"), &(struct field_opts){
	    .type = "number", .value = progress, .error = problem_for(v, f_progress),
	    .hint = _("0 to 100; leave empty if it cannot be measured."),
	    .maxlength = "3", .extra_class = "narrow"});
	form_textarea(h, f_comment, _("Comment"), &(struct field_opts){
	    .value = comment, .error = problem_for(v, f_comment),
	    .hint = _("What was done this year. Never names or other details "
	    "about the people the work is for.")});
	form_textarea(h, f_eval, _("Written evaluation"), &(struct field_opts){
	    .value = evaluation, .error = problem_for(v, f_eval)});
	html_void(h, "input", "type", "hidden", "name", f_version, "value", version, NULL);
	html_close(h, "div");
	html_close(h, "div");
	html_close(h, "fieldset");
}

static void
item_read(struct html *h, const struct report_view *v, size_t idx)
{
	const struct report_item *it = &v->sheet->items[idx];
	html_open(h, "section", "class", "report-item", NULL);
	char legend[64];
	snprintf(legend, sizeof(legend), _("Indicator %d"), it->number);
	html_open(h, "h4", NULL);
	html_elem(h, "span", legend, "class", "number", NULL);
	html_text(h, " ");
	html_text(h, it->text);
	html_close(h, "h4");
	responsible_line(h, it);
	html_open(h, "div", "class", "report-columns", NULL);
	last_year_column(h, v, it, "h5");
	html_open(h, "div", "class", "this-year", NULL);
	char head[80];
	snprintf(head, sizeof(head), _("This year (%d)"), v->sheet->year);
	html_elem(h, "h5", head, NULL);
	if (it->current) {
		report_summary(h, it->current, true);
		char href[600];
		history_href(href, sizeof(href), v, it);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("History"), "href", href, NULL);
		html_close(h, "p");
	} else {
		html_elem(h, "p", _("Not reported yet."), NULL);
	}
	html_close(h, "div");
	html_close(h, "div");
	html_close(h, "section");
}

/* names[0..n) as "A, B". */
static void
unit_names(struct html *h, const struct unit_ref *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			html_text(h, ", ");
		html_text(h, u[i].name);
	}
}

/* What the units below the reporter's own carry: read-only, in a table
 * of its own after the form (never a field of it), each indicator with
 * the unit below that carries it, its status this year and which unit
 * reported it. */
static void
below_section(struct html *h, const struct report_view *v)
{
	const struct report_sheet *s = v->sheet;
	if (s->nbelow == 0)
		return;
	size_t reported = 0;
	for (size_t i = 0; i < s->nbelow; i++)
		reported += s->below[i].current != NULL;
	html_open(h, "section", "class", "below", NULL);
	html_elem(h, "h2", _("The units below yours"), "id", "below", NULL);
	html_elem(h, "p", _("These indicators belong to units below yours. You can follow "
	    "their reports here, but not change them: each unit reports on its own "
	    "indicators."), NULL);
	html_open(h, "p", NULL);
	html_printf(h, P_("%zu of %zu indicator has been reported for %d.",
	    "%zu of %zu indicators have been reported for %d.", s->nbelow), reported,
	    s->nbelow, s->year);
	html_close(h, "p");
	/* A table wider than a phone scrolls inside its region, which the
	 * keyboard can reach and scroll (WCAG 2.1.1). */
	html_open(h, "div", "class", "table-wrap", "role", "region", "aria-labelledby",
	    "below", "tabindex", "0", NULL);
	html_open(h, "table", "class", "below", NULL);
	char status_head[64];
	snprintf(status_head, sizeof(status_head), _("Status %d"), s->year);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("Indicator"), "scope", "col", NULL);
	html_elem(h, "th", _("Unit below yours"), "scope", "col", NULL);
	html_elem(h, "th", status_head, "scope", "col", NULL);
	html_elem(h, "th", _("Reported by"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < s->nbelow; i++) {
		const struct report_item *it = &s->below[i];
		const struct report_row *cur = it->current;
		html_open(h, "tr", NULL);
		labelled_cell(h, "th", _("Indicator"), "row");
		char href[600], label[64];
		history_href(href, sizeof(href), v, it);
		snprintf(label, sizeof(label), _("Indicator %d"), it->number);
		html_text(h, it->measure_title);
		html_text(h, ", ");
		html_elem(h, "a", label, "href", href, NULL);
		html_text(h, ": ");
		html_text(h, it->text);
		html_close(h, "th");
		labelled_cell(h, "td", _("Unit below yours"), NULL);
		unit_names(h, it->below, it->nbelow);
		html_close(h, "td");
		labelled_cell(h, "td", status_head, NULL);
		if (cur != NULL) {
			html_text(h, label_report_status(cur->status));
			if (cur->progress >= 0)
				html_printf(h, _(" (%d %% done)"), cur->progress);
		} else {
			html_elem(h, "span", _("not reported"), "class", "tag tag-missing", NULL);
		}
		html_close(h, "td");
		labelled_cell(h, "td", _("Reported by"), NULL);
		if (cur != NULL) {
			char at[40];
			format_at(at, sizeof(at), cur->at);
			unit_names(h, it->by, it->nby);
			if (it->nby)
				html_text(h, " ");
			html_open(h, "span", "class", "muted", NULL);
			html_text(h, it->nby ? "(" : "");
			html_text(h, who(cur->actor));
			html_text(h, ", ");
			html_text(h, at);
			html_text(h, it->nby ? ")" : "");
			html_close(h, "span");
		} else {
			html_text(h, "–");
		}
		html_close(h, "td");
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
	html_close(h, "section");
}

char *
page_report(const struct report_view *v, size_t *len)
{
	const struct report_sheet *s = v->sheet;
	struct html *h = html_new();
	char title[700];
	snprintf(title, sizeof(title), _("Yearly report %d: %s"), s->year, s->plan.title);
	struct crumb crumbs[] = {{_("Yearly report"), "/admin/report"}};
	admin_begin(h, v->user, title, crumbs, 1);
	html_elem(h, "h1", title, NULL);

	/* The deadline, and whether it has passed with reports missing. */
	char day[64], due[16];
	format_day(day, sizeof(day), s->year, s->plan.deadline);
	snprintf(due, sizeof(due), "%04d-%s", s->year, s->plan.deadline);
	size_t missing = 0;
	for (size_t i = 0; i < s->n; i++)
		missing += s->items[i].current == NULL;
	bool late = v->today != NULL && strcmp(v->today, due) > 0 && missing > 0;
	html_open(h, "p", "class", late ? "deadline late" : "deadline", NULL);
	html_printf(h, _("Deadline: %s"), day);
	if (late) {
		html_text(h, " – ");
		html_open(h, "strong", NULL);
		html_printf(h, P_("the deadline has passed and %zu indicator has no "
		    "report", "the deadline has passed and %zu indicators have no report",
		    missing), missing);
		html_close(h, "strong");
	}
	html_close(h, "p");

	/* Other years. */
	if (v->last_year > v->first_year) {
		html_open(h, "nav", "class", "years", "aria-label", _("Other years"), NULL);
		html_open(h, "ul", NULL);
		for (int y = v->last_year; y >= v->first_year; y--) {
			char *base = url_path("admin", "report", s->plan.id, NULL);
			char href[600], label[16];
			snprintf(href, sizeof(href), "%s?year=%d", base, y);
			snprintf(label, sizeof(label), "%d", y);
			free(base);
			html_open(h, "li", NULL);
			if (y == s->year)
				html_elem(h, "span", label, "aria-current", "page", NULL);
			else
				html_elem(h, "a", label, "href", href, NULL);
			html_close(h, "li");
		}
		html_close(h, "ul");
		html_close(h, "nav");
	}

	if (v->notice)
		form_notice(h, "ok", v->notice);
	form_summary(h, v->problems, v->nproblems);
	bool conflict = false;
	for (size_t i = 0; v->theirs && i < s->n; i++)
		conflict |= v->theirs[i] != NULL;
	if (conflict)
		form_notice(h, "error", _("Someone else saved some of these reports while "
		    "you were writing. Nothing was saved. For each report marked below, "
		    "choose whether yours or theirs should count, and save again."));

	if (s->n == 0) {
		html_elem(h, "p", v->editable ? _("None of your units is responsible for an "
		    "indicator in this plan.") : _("This plan has no indicators."), NULL);
		below_section(h, v);
		admin_end(h);
		return html_finish(h, len);
	}
	if (s->nbelow > 0) {
		html_open(h, "p", NULL);
		html_elem(h, "a", _("What the units below yours report"), "href", "#below",
		    NULL);
		html_close(h, "p");
	}
	if (v->editable) {
		html_elem(h, "p", _("Report the status of each indicator for the year. "
		    "Everything on the page is saved together; an indicator you leave "
		    "unchanged is not saved again."), NULL);
		char *action = url_path("admin", "report", s->plan.id, NULL);
		form_begin(h, action, v->user->csrf);
		free(action);
		char year[16];
		snprintf(year, sizeof(year), "%d", s->year);
		html_void(h, "input", "type", "hidden", "name", "year", "value", year, NULL);
	} else {
		html_elem(h, "p", _("You can read these reports; your role does not let "
		    "you change them."), NULL);
	}
	const char *theme = NULL, *measure = NULL;
	for (size_t i = 0; i < s->n; i++) {
		const struct report_item *it = &s->items[i];
		if (theme == NULL || strcmp(theme, it->theme_id) != 0) {
			html_elem(h, "h2", it->theme_title, NULL);
			theme = it->theme_id;
			measure = NULL;
		}
		if (measure == NULL || strcmp(measure, it->measure_id) != 0) {
			html_elem(h, "h3", it->measure_title, NULL);
			measure = it->measure_id;
		}
		if (v->editable)
			item_form(h, v, i);
		else
			item_read(h, v, i);
	}
	if (v->editable) {
		html_elem(h, "button", _("Save the report"), "type", "submit", NULL);
		form_end(h);
	}
	below_section(h, v);
	admin_end(h);
	return html_finish(h, len);
}

char *
page_report_plans(const struct admin_user *u, const struct report_plan_list *l,
    int this_year, bool reporter, size_t *len)
{
	struct html *h = html_new();
	admin_begin(h, u, _("Yearly report"), NULL, 0);
	html_elem(h, "h1", _("Yearly report"), NULL);
	if (l->n == 0) {
		html_elem(h, "p", reporter ? _("None of your units is responsible for an "
		    "indicator in an adopted plan. If that is wrong, ask the plan's "
		    "coordinator to check which units your account reports for.") :
		    _("There are no plans to report on yet."), NULL);
		admin_end(h);
		return html_finish(h, len);
	}
	html_elem(h, "p", reporter ? _("The plans in which your units report:") :
	    _("Every plan's reports:"), NULL);
	html_open(h, "ul", "class", "report-plans", NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct report_plan *p = &l->items[i];
		int year = report_year_current(this_year, p->period_start, p->period_end);
		char *href = url_path("admin", "report", p->id, NULL);
		char label[700], period[32], day[64];
		format_period(period, sizeof(period), p->period_start, p->period_end);
		snprintf(label, sizeof(label), "%s (%s)", p->title, period);
		format_day(day, sizeof(day), year, p->deadline);
		html_open(h, "li", NULL);
		html_elem(h, "a", label, "href", href, NULL);
		html_text(h, " – ");
		html_printf(h, _("report for %d, deadline %s"), year, day);
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
	admin_end(h);
	return html_finish(h, len);
}

char *
page_report_history(const struct admin_user *u, const struct report_history *r,
    size_t *len)
{
	struct html *h = html_new();
	char title[200];
	snprintf(title, sizeof(title), _("History of indicator %d"), r->number);
	char *plan_href = url_path("admin", "report", r->plan_id, NULL);
	struct crumb crumbs[] = {{_("Yearly report"), "/admin/report"},
	    {r->plan_title ? r->plan_title : r->plan_id, plan_href}};
	admin_begin(h, u, title, crumbs, 2);
	html_elem(h, "h1", title, NULL);
	if (r->measure_title)
		html_elem(h, "p", r->measure_title, "class", "hint", NULL);
	html_elem(h, "p", r->text ? r->text : _("The plan no longer has this indicator."),
	    NULL);
	if (r->n == 0)
		html_elem(h, "p", _("Not reported yet."), NULL);
	int year = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct report_row *row = &r->rows[i];
		if (row->year != year) {
			if (year != 0)
				html_close(h, "ol");
			char y[16];
			snprintf(y, sizeof(y), "%d", row->year);
			html_elem(h, "h2", y, NULL);
			html_open(h, "ol", "class", "history", "reversed", "", NULL);
			year = row->year;
		}
		html_open(h, "li", NULL);
		if (i == 0 || r->rows[i - 1].year != row->year)
			html_elem(h, "p", _("Current report:"), "class", "current", NULL);
		report_summary(h, row, true);
		html_close(h, "li");
	}
	if (year != 0)
		html_close(h, "ol");
	admin_end(h);
	free(plan_href);
	return html_finish(h, len);
}

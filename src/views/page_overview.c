/* page_overview.c — the coordinator's overview of a plan and year: the
 * counts by status, the roll-up of progress, who has reported, the
 * overdue and budget lists, and the plan's health. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* The status columns, in the order a reader scans them. */
static const int columns[] = {REPORT_DONE, REPORT_ONGOING, REPORT_IN_PROGRESS,
    REPORT_NOT_STARTED, REPORT_DELAYED, REPORT_DROPPED, OVERVIEW_NONE};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static const char *
column_label(int c)
{
	return c == OVERVIEW_NONE ? _("Not reported") : label_report_status(c);
}

static const char *
status_name(int c)
{
	return c == OVERVIEW_NONE ? "none" : report_status_name((enum report_status)c);
}

/* The overview's own address with the filter f, year and anchor; caller
 * frees. */
static char *
overview_href(const char *plan_id, int year, const struct overview_filter *f,
    const char *anchor)
{
	char *path = url_path("admin", "overview", plan_id, NULL);
	char *theme = f && f->theme ? url_query_escape(f->theme) : NULL;
	char *unit = f && f->unit ? url_query_escape(f->unit) : NULL;
	size_t n = strlen(path) + 200 + (theme ? strlen(theme) : 0) + (unit ? strlen(unit) : 0);
	char *out = malloc(n);
	snprintf(out, n, "%s?year=%d%s%s%s%s%s%s%s%s", path, year,
	    theme ? "&theme=" : "", theme ? theme : "", unit ? "&unit=" : "",
	    unit ? unit : "", f && f->status >= 0 ? "&status=" : "",
	    f && f->status >= 0 ? status_name(f->status) : "", anchor ? "#" : "",
	    anchor ? anchor : "");
	free(path);
	free(theme);
	free(unit);
	return out;
}

static void
counts_row(struct html *h, const char *label, const struct overview_counts *c,
    const char *plan_id, int year, const struct overview_filter *base,
    const char *theme)
{
	html_open(h, "tr", NULL);
	labelled_cell(h, "th", _("Part of the plan"), "row");
	html_text(h, label);
	html_close(h, "th");
	for (size_t i = 0; i < NCOLUMNS; i++) {
		labelled_cell(h, "td", column_label(columns[i]), NULL);
		int n = c->n[columns[i]];
		if (n > 0) {
			struct overview_filter f = *base;
			f.status = columns[i];
			if (theme)
				f.theme = theme;
			char *href = overview_href(plan_id, year, &f, "indicators");
			char num[16];
			snprintf(num, sizeof(num), "%d", n);
			html_elem(h, "a", num, "href", href, NULL);
			free(href);
		} else {
			html_text(h, "0");
		}
		html_close(h, "td");
	}
	labelled_cell(h, "td", _("In all"), NULL);
	html_printf(h, "%d", c->total);
	html_close(h, "td");
	html_close(h, "tr");
}

static void
counts_table(struct html *h, const struct overview *o, const struct overview_filter *f)
{
	html_elem(h, "h2", _("Status of the indicators"), "id", "status", NULL);
	/* A table wider than a phone scrolls inside its region, which
	 * the keyboard can reach and scroll (WCAG 2.1.1). */
	html_open(h, "div", "class", "table-wrap", "role", "region",
	    "aria-labelledby", "status", "tabindex", "0", NULL);
	html_open(h, "table", "class", "counts", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("Part of the plan"), "scope", "col", NULL);
	for (size_t i = 0; i < NCOLUMNS; i++)
		html_elem(h, "th", column_label(columns[i]), "scope", "col", NULL);
	html_elem(h, "th", _("In all"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	counts_row(h, _("The whole plan"), &o->counts, o->plan->id, o->year, f, NULL);
	for (size_t i = 0; i < o->nnodes; i++)
		if (o->nodes[i].level == 0 && o->nodes[i].counts.total > 0)
			counts_row(h, o->nodes[i].title, &o->nodes[i].counts, o->plan->id,
			    o->year, f, o->nodes[i].id);
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

/* "54 % (3 of 5 indicators; 2 without a progress)" */
static void
progress_text(struct html *h, const struct overview_progress *p)
{
	if (p->with_progress == 0) {
		html_text(h, p->indicators ? _("no progress reported") : "–");
		return;
	}
	html_printf(h, "%.0f %%", p->mean);
	html_text(h, " (");
	html_printf(h, P_("%d of %d indicator", "%d of %d indicators", p->indicators),
	    p->with_progress, p->indicators);
	html_text(h, ")");
}

static void
rollup(struct html *h, const struct overview *o)
{
	html_elem(h, "h2", _("Progress, rolled up"), "id", "progress", NULL);
	html_elem(h, "p", _("The progress of a measure, goal or theme is the mean of "
	    "the progress its indicators reported this year. Indicators that reported "
	    "no progress are not counted (never as zero): the figure says how many "
	    "indicators it rests on."), "class", "hint", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "strong", _("The whole plan:"), NULL);
	html_text(h, " ");
	progress_text(h, &o->progress);
	html_close(h, "p");
	/* A table wider than a phone scrolls inside its region, which
	 * the keyboard can reach and scroll (WCAG 2.1.1). */
	html_open(h, "div", "class", "table-wrap", "role", "region",
	    "aria-labelledby", "progress", "tabindex", "0", NULL);
	html_open(h, "table", "class", "rollup", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("Theme, goal or measure"), "scope", "col", NULL);
	html_elem(h, "th", _("Progress"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	static const char *const level_class[3] = {"level-theme", "level-goal",
	    "level-measure"};
	static const char *const level_name[3] = {N_("Theme"), N_("Goal"), N_("Measure")};
	for (size_t i = 0; i < o->nnodes; i++) {
		const struct overview_node *n = &o->nodes[i];
		if (n->counts.total == 0)
			continue;
		html_open(h, "tr", "class", level_class[n->level], NULL);
		labelled_cell(h, "th", _("Theme, goal or measure"), "row");
		html_elem(h, "span", _(level_name[n->level]), "class", "level", NULL);
		html_text(h, " ");
		html_text(h, n->title);
		html_close(h, "th");
		labelled_cell(h, "td", _("Progress"), NULL);
		progress_text(h, &n->progress);
		html_close(h, "td");
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

/* "2 of 3 all reported" of a unit's count, or "–" for none. */
static void
reported_text(struct html *h, int reported, int indicators)
{
	if (indicators == 0) {
		html_text(h, "–");
		return;
	}
	bool done = reported == indicators;
	html_printf(h, _("%d of %d"), reported, indicators);
	html_text(h, " ");
	html_elem(h, "span", done ? _("all reported") : _("not all reported"),
	    "class", done ? "tag tag-ok" : "tag tag-missing", NULL);
}

/* Who has reported, unit by unit: the units as the plan's tree, each
 * under the unit above it (indented, and saying so in words for those
 * who do not see the indent), a unit with units below it counting the
 * indicators of its whole branch too. */
static void
units_table(struct html *h, const struct overview *o)
{
	html_elem(h, "h2", _("Who has reported"), "id", "units", NULL);
	html_elem(h, "p", _("Units with units below them also count the indicators of "
	    "their whole branch: those of the unit itself and of every unit below it, "
	    "each indicator once."), "class", "hint", NULL);
	/* A table wider than a phone scrolls inside its region, which
	 * the keyboard can reach and scroll (WCAG 2.1.1). */
	html_open(h, "div", "class", "table-wrap", "role", "region",
	    "aria-labelledby", "units", "tabindex", "0", NULL);
	html_open(h, "table", "class", "units", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("Unit"), "scope", "col", NULL);
	html_elem(h, "th", _("Reported"), "scope", "col", NULL);
	html_elem(h, "th", _("With the units below"), "scope", "col", NULL);
	html_elem(h, "th", _("Reporters"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < o->nunits; i++) {
		const struct overview_unit *u = &o->units[i];
		if (u->tree_indicators == 0)
			continue;
		char depth[32];
		snprintf(depth, sizeof(depth), "depth-%d", u->depth > 4 ? 4 : u->depth);
		html_open(h, "tr", "class", depth, NULL);
		labelled_cell(h, "th", _("Unit"), "row");
		html_text(h, u->name);
		if (u->collective)
			html_elem(h, "span", _(" (collective role)"), "class", "label", NULL);
		if (u->external)
			html_elem(h, "span", _(" (external body)"), "class", "label", NULL);
		if (u->parent_name) {
			char under[400];
			snprintf(under, sizeof(under), _("under %s"), u->parent_name);
			html_text(h, " ");
			html_elem(h, "span", under, "class", "under", NULL);
		}
		html_close(h, "th");
		labelled_cell(h, "td", _("Reported"), NULL);
		reported_text(h, u->reported, u->indicators);
		html_close(h, "td");
		labelled_cell(h, "td", _("With the units below"), NULL);
		if (u->has_below)
			reported_text(h, u->tree_reported, u->tree_indicators);
		else
			html_text(h, "–");
		html_close(h, "td");
		labelled_cell(h, "td", _("Reporters"), NULL);
		if (u->nreporters == 0)
			html_text(h, _("no reporter account"));
		for (size_t r = 0; r < u->nreporters; r++) {
			if (r)
				html_text(h, ", ");
			html_text(h, u->reporters[r]);
		}
		html_close(h, "td");
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

/* One indicator in a list: measure, number, text, units, status. */
static void
indicator_li(struct html *h, const struct overview *o, const struct overview_indicator *it)
{
	html_open(h, "li", NULL);
	char *href = url_path("admin", "report", o->plan->id, it->measure_id, NULL);
	size_t n = strlen(href) + 16;
	char *full = malloc(n);
	snprintf(full, n, "%s/%d", href, it->number);
	html_open(h, "a", "href", full, NULL);
	html_text(h, it->measure_title);
	html_printf(h, ", %d", it->number);
	html_close(h, "a");
	free(full);
	free(href);
	html_text(h, ": ");
	html_text(h, it->text);
	html_open(h, "span", "class", "meta", NULL);
	html_text(h, " — ");
	html_text(h, column_label(it->current ? (int)it->current->status : OVERVIEW_NONE));
	if (it->nresponsible > 0) {
		html_text(h, "; ");
		for (size_t u = 0; u < it->nresponsible; u++) {
			if (u)
				html_text(h, ", ");
			html_text(h, it->responsible[u].name);
		}
	}
	html_close(h, "span");
	html_close(h, "li");
}

static void
lists(struct html *h, const struct overview *o)
{
	/* Every indicator the filter keeps, so a count's link lands on them. */
	html_elem(h, "h2", _("The indicators"), "id", "indicators", NULL);
	html_open(h, "ul", "class", "overview-list", NULL);
	size_t shown = 0;
	for (size_t i = 0; i < o->nitems; i++)
		if (o->items[i].shown) {
			indicator_li(h, o, &o->items[i]);
			shown++;
		}
	html_close(h, "ul");
	if (shown == 0)
		html_elem(h, "p", _("No indicator matches the filter."), NULL);

	html_elem(h, "h2", _("Overdue"), "id", "overdue", NULL);
	if (!o->overdue) {
		html_elem(h, "p", _("The deadline has not passed yet: nothing is overdue."),
		    NULL);
	} else {
		size_t n = 0;
		html_open(h, "ul", "class", "overview-list", NULL);
		for (size_t i = 0; i < o->nitems; i++)
			if (o->items[i].shown && o->items[i].current == NULL) {
				indicator_li(h, o, &o->items[i]);
				n++;
			}
		html_close(h, "ul");
		if (n == 0)
			html_elem(h, "p", _("Every indicator has been reported."), NULL);
	}

	html_elem(h, "h2", _("For the budget round"), "id", "budget", NULL);
	html_elem(h, "p", _("Indicators whose resources must be investigated or need "
	    "money set aside, with their status."), "class", "hint", NULL);
	for (int cat = RESOURCE_INVESTIGATE; cat <= RESOURCE_SET_ASIDE; cat++) {
		html_elem(h, "h3", label_resource_category((enum resource_category)cat), NULL);
		size_t n = 0;
		html_open(h, "ul", "class", "overview-list", NULL);
		for (size_t i = 0; i < o->nitems; i++)
			if (o->items[i].shown && (int)o->items[i].category == cat) {
				indicator_li(h, o, &o->items[i]);
				n++;
			}
		html_close(h, "ul");
		if (n == 0)
			html_elem(h, "p", _("None."), NULL);
	}
}

static void
health(struct html *h, const struct overview *o)
{
	html_elem(h, "h2", _("Plan health"), "id", "health", NULL);
	html_elem(h, "p", _("What will make the follow-up fail if nobody acts."),
	    "class", "hint", NULL);
	html_open(h, "ul", "class", "health", NULL);

	html_open(h, "li", NULL);
	html_printf(h, P_("%zu indicator has no responsible unit.",
	    "%zu indicators have no responsible unit.", o->no_unit), o->no_unit);
	html_close(h, "li");

	html_open(h, "li", NULL);
	html_printf(h, P_("%zu indicator is one no reporter account reports on.",
	    "%zu indicators are ones no reporter account reports on.", o->not_covered),
	    o->not_covered);
	html_close(h, "li");

	size_t lonely = 0;
	for (size_t i = 0; i < o->nunits; i++)
		lonely += o->units[i].nreporters == 0 && !o->units[i].collective;
	html_open(h, "li", NULL);
	html_printf(h, P_("%zu unit has no reporter account", "%zu units have no "
	    "reporter account", lonely), lonely);
	if (lonely > 0) {
		html_text(h, ": ");
		size_t k = 0;
		for (size_t i = 0; i < o->nunits; i++)
			if (o->units[i].nreporters == 0 && !o->units[i].collective) {
				if (k++)
					html_text(h, ", ");
				html_text(h, o->units[i].name);
			}
	}
	html_text(h, ".");
	html_close(h, "li");

	html_open(h, "li", NULL);
	html_printf(h, P_("%zu reporter has not signed in this year",
	    "%zu reporters have not signed in this year", o->nabsent), o->nabsent);
	for (size_t i = 0; i < o->nabsent; i++) {
		html_text(h, i ? ", " : ": ");
		html_text(h, o->absent[i].email);
	}
	html_text(h, ".");
	html_close(h, "li");

	html_open(h, "li", NULL);
	html_printf(h, P_("%zu measure has had no report for two years",
	    "%zu measures have had no report for two years", o->nsilent), o->nsilent);
	for (size_t i = 0; i < o->nsilent; i++) {
		html_text(h, i ? ", " : ": ");
		html_text(h, o->nodes[o->silent[i]].title);
	}
	html_text(h, ".");
	html_close(h, "li");
	html_close(h, "ul");
}

static void
filter_form(struct html *h, const struct overview *o, const struct overview_filter *f)
{
	char *action = url_path("admin", "overview", o->plan->id, NULL);
	html_open(h, "form", "method", "get", "action", action, "class", "filters", NULL);
	free(action);
	char year[16];
	snprintf(year, sizeof(year), "%d", o->year);
	html_void(h, "input", "type", "hidden", "name", "year", "value", year, NULL);

	size_t nt = o->plan->nthemes + 1;
	struct option *themes = calloc(nt, sizeof(*themes));
	themes[0] = (struct option){"", _("Every theme")};
	for (size_t i = 0; i < o->plan->nthemes; i++)
		themes[i + 1] = (struct option){o->plan->themes[i].id, o->plan->themes[i].title};
	form_select(h, "theme", _("Theme"), themes, nt, f->theme ? f->theme : "", NULL);
	free(themes);

	size_t nu = o->plan->nunits + 1;
	struct option *units = calloc(nu, sizeof(*units));
	units[0] = (struct option){"", _("Every unit")};
	for (size_t i = 0; i < o->plan->nunits; i++)
		units[i + 1] = (struct option){o->plan->units[i].id, o->plan->units[i].name};
	form_select(h, "unit", _("Unit"), units, nu, f->unit ? f->unit : "", NULL);
	free(units);

	struct option st[NCOLUMNS + 1];
	st[0] = (struct option){"", _("Every status")};
	for (size_t i = 0; i < NCOLUMNS; i++)
		st[i + 1] = (struct option){status_name(columns[i]), column_label(columns[i])};
	form_select(h, "status", _("Status"), st, NCOLUMNS + 1,
	    f->status >= 0 ? status_name(f->status) : "", NULL);
	html_elem(h, "button", _("Show"), "type", "submit", NULL);
	html_close(h, "form");
}

char *
page_overview(const struct admin_user *u, const struct overview *o,
    const struct overview_filter *f, int first_year, int last_year, size_t *len)
{
	struct html *h = html_new();
	char title[600];
	snprintf(title, sizeof(title), _("Overview %d: %s"), o->year, o->plan->title);
	const struct crumb crumbs[] = {{_("Overview"), "/admin/overview"}};
	admin_begin(h, u, title, crumbs, 1);
	html_elem(h, "h1", title, NULL);

	char day[64];
	format_day(day, sizeof(day), o->year, o->deadline + 5);
	html_open(h, "p", "class", o->overdue ? "deadline overdue" : "deadline", NULL);
	html_text(h, _("Deadline:"));
	html_text(h, " ");
	html_text(h, day);
	if (o->overdue) {
		html_text(h, " — ");
		html_elem(h, "strong", _("passed"), NULL);
	}
	html_close(h, "p");

	html_open(h, "nav", "aria-label", _("Years"), "class", "years", NULL);
	html_open(h, "ul", NULL);
	for (int y = last_year; y >= first_year; y--) {
		html_open(h, "li", NULL);
		char ys[16];
		snprintf(ys, sizeof(ys), "%d", y);
		if (y == o->year) {
			html_elem(h, "span", ys, "aria-current", "page", NULL);
		} else {
			char *href = overview_href(o->plan->id, y, f, NULL);
			html_elem(h, "a", ys, "href", href, NULL);
			free(href);
		}
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");

	html_open(h, "nav", "aria-label", _("On this page"), "class", "toc", NULL);
	html_open(h, "ul", NULL);
	static const struct { const char *id, *label; } toc[] = {
		{"#status", N_("Status of the indicators")}, {"#progress", N_("Progress, rolled up")},
		{"#units", N_("Who has reported")}, {"#indicators", N_("The indicators")},
		{"#overdue", N_("Overdue")}, {"#budget", N_("For the budget round")},
		{"#health", N_("Plan health")},
	};
	for (size_t i = 0; i < sizeof(toc) / sizeof(toc[0]); i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", _(toc[i].label), "href", toc[i].id, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");

	filter_form(h, o, f);
	counts_table(h, o, f);
	rollup(h, o);
	units_table(h, o);
	lists(h, o);
	health(h, o);
	admin_end(h);
	return html_finish(h, len);
}

char *
page_overview_plans(const struct admin_user *u, const struct report_plan_list *l,
    int this_year, size_t *len)
{
	struct html *h = html_new();
	admin_begin(h, u, _("Overview"), NULL, 0);
	html_elem(h, "h1", _("Overview of the follow-up"), NULL);
	if (l->n == 0)
		html_elem(h, "p", _("There is no adopted plan yet."), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct report_plan *p = &l->items[i];
		int year = report_year_current(this_year, p->period_start, p->period_end);
		char *path = url_path("admin", "overview", p->id, NULL);
		size_t n = strlen(path) + 16;
		char *href = malloc(n);
		snprintf(href, n, "%s?year=%d", path, year);
		html_open(h, "li", NULL);
		html_elem(h, "a", p->title, "href", href, NULL);
		char period[32];
		format_period(period, sizeof(period), p->period_start, p->period_end);
		html_text(h, " (");
		html_text(h, period);
		html_text(h, ")");
		html_close(h, "li");
		free(href);
		free(path);
	}
	html_close(h, "ul");
	admin_end(h);
	return html_finish(h, len);
}

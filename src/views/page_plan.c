/* page_plan.c — the plan as a readable document, and its theme and
 * measure pages. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "domain/report.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/indicators.h"
#include "views/layout.h"
#include "views/markdown.h"
#include "views/pages.h"
#include "util/xalloc.h"

/* "#<prefix><id>": a link to a place in the page; the id attribute of
 * that place is the same string without the '#'. */
static char *
fragment(const char *prefix, const char *id)
{
	return xasprintf("#%s%s", prefix, id);
}

/* Text in the language lang, marked as such when it is not the page's. */
static void
text_in(struct html *h, const char *text, const char *lang)
{
	const char *attr = i18n_lang_attr(lang);
	if (attr != NULL)
		html_elem(h, "span", text, "lang", attr, NULL);
	else
		html_text(h, text);
}

static const char *const hn[] = {"h1", "h2", "h3", "h4", "h5", "h6"};

static const char *
heading(int level)
{
	return hn[(level < 1 ? 1 : level > 6 ? 6 : level) - 1];
}

/* Writes a link to a unit's page, named as the plan names it. */
static void
unit_link(struct html *h, const struct plan *p, const char *unit_id)
{
	const struct unit *u = plan_unit(p, unit_id);
	char *href = url_path("units", unit_id, NULL);
	html_elem(h, "a", u ? u->name : unit_id, "href", href, NULL);
	free(href);
}

static void
unit_links(struct html *h, const struct plan *p, char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			html_text(h, ", ");
		unit_link(h, p, ids[i]);
	}
}

/* The indicators of measure m through the shared component, with their
 * anchors (a plan, theme or measure page holds one plan, whose measure
 * ids are unique). */
static void
measure_indicators(struct html *h, const struct plan *p, const struct measure *m,
    const struct public_status *ps)
{
	struct arena a = {0};
	char *caption = xasprintf(_("Indicators for the measure “%s”"), m->title);
	struct itable t = {
		.rows = measure_rows(&a, p, m),
		.nrows = m->nindicators,
		.caption = caption,
		.anchors = true,
		.status = ps,
		.show_status = true,
	};
	indicator_table(h, &t);
	free(caption);
	arena_free(&a);
}

static void
measure_link(struct html *h, const struct plan *p, const struct measure *m)
{
	char *href = url_path("plans", p->id, "measures", m->id, NULL);
	html_elem(h, "a", m->title, "href", href, NULL);
	free(href);
}

static bool
goal_has_indicators(const struct goal *g)
{
	for (size_t i = 0; i < g->nmeasures; i++)
		if (g->measures[i].nindicators > 0)
			return true;
	return false;
}

/* Measures without indicators (Balsfjord's lists of existing and proposed
 * measures) as lists grouped by kind, in the plan's order. */
static void
measure_lists(struct html *h, const struct plan *p, const struct goal *g, int level)
{
	static const enum measure_kind order[] = {MEASURE_EXISTING, MEASURE_PROPOSED, MEASURE_NEW};
	static const char *const titles[] = {N_("Existing measures"),
	    N_("Proposed measures"), N_("Measures")};
	for (size_t k = 0; k < 3; k++) {
		size_t n = 0;
		for (size_t i = 0; i < g->nmeasures; i++)
			n += g->measures[i].kind == order[k];
		if (n == 0)
			continue;
		html_elem(h, heading(level), _(titles[k]), NULL);
		html_open(h, "ul", "class", "measures", NULL);
		for (size_t i = 0; i < g->nmeasures; i++) {
			if (g->measures[i].kind != order[k])
				continue;
			char *anchor = measure_anchor(g->measures[i].id);
			html_open(h, "li", "id", anchor, NULL);
			free(anchor);
			measure_link(h, p, &g->measures[i]);
			html_close(h, "li");
		}
		html_close(h, "ul");
	}
}

static void
goal_body(struct html *h, const struct plan *p, const struct goal *g, int level,
    const struct public_status *ps)
{
	html_open(h, "section", "class", "goal", NULL);
	html_open(h, heading(level), "class", "goal-text", NULL);
	html_elem(h, "span", _("Goal:"), "class", "label", NULL);
	html_text(h, " ");
	html_text(h, g->text);
	html_close(h, heading(level));
	if (!goal_has_indicators(g)) {
		measure_lists(h, p, g, level + 1);
	} else {
		for (size_t i = 0; i < g->nmeasures; i++) {
			const struct measure *m = &g->measures[i];
			char *anchor = measure_anchor(m->id);
			html_open(h, "article", "class", "measure", "id", anchor, NULL);
			free(anchor);
			html_open(h, heading(level + 1), NULL);
			html_elem(h, "span", _("Measure:"), "class", "label", NULL);
			html_text(h, " ");
			measure_link(h, p, m);
			html_close(h, heading(level + 1));
			if (m->kind != MEASURE_NEW)
				html_elem(h, "p", label_measure_kind(m->kind), "class", "kind", NULL);
			markdown_render(h, m->description, level + 2);
			if (m->nindicators > 0)
				measure_indicators(h, p, m, ps);
			html_close(h, "article");
		}
	}
	html_close(h, "section");
}

/* "N indicators in this theme" linking to the theme's listing, if the
 * theme has any. */
static void
theme_listing_link(struct html *h, const struct plan *p, const struct theme *t)
{
	size_t n = 0;
	for (size_t g = 0; g < t->ngoals; g++)
		for (size_t m = 0; m < t->goals[g].nmeasures; m++)
			n += t->goals[g].measures[m].nindicators;
	if (n == 0)
		return;
	char *href = indicators_href(p->id, -1, NULL, t->id);
	html_open(h, "p", "class", "listing-link", NULL);
	html_open(h, "a", "href", href, NULL);
	html_printf(h, P_("%zu indicator in this theme, as one list",
	    "%zu indicators in this theme, as one list", n), n);
	html_close(h, "a");
	html_close(h, "p");
	free(href);
}

/* Background, challenge and goals of a theme; headings start at level. */
static void
theme_body(struct html *h, const struct plan *p, const struct theme *t, int level,
    const struct public_status *ps)
{
	if (t->background) {
		html_elem(h, heading(level), _("Background"), NULL);
		markdown_render(h, t->background, level + 1);
	}
	if (t->challenge) {
		html_elem(h, heading(level), _("Challenge"), NULL);
		markdown_render(h, t->challenge, level + 1);
	}
	for (size_t g = 0; g < t->ngoals; g++)
		goal_body(h, p, &t->goals[g], level, ps);
}

/* Counts indicators per resource category across the plan. */
static void
count_categories(const struct plan *p, size_t counts[RESOURCE_CATEGORY__MAX])
{
	memset(counts, 0, sizeof(size_t) * RESOURCE_CATEGORY__MAX);
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			for (size_t m = 0; m < p->themes[t].goals[g].nmeasures; m++) {
				const struct measure *me = &p->themes[t].goals[g].measures[m];
				for (size_t i = 0; i < me->nindicators; i++)
					counts[me->indicators[i].resource_category]++;
			}
}

/* A year of four digits, PLAN_YEAR_MIN to PLAN_YEAR_MAX, in s[0..n). */
static bool
year_in(const char *s, size_t n, int *y)
{
	if (n != 4)
		return false;
	*y = 0;
	for (size_t i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*y = *y * 10 + (s[i] - '0');
	}
	return *y >= PLAN_YEAR_MIN && *y <= PLAN_YEAR_MAX;
}

/* The period a plan id ends in, by the convention of the bundled plans
 * ("bodo-2017-2021", "balsfjord-2017"); *end is 0 for a single year.
 * False if it ends in none, or in years out of order. */
static bool
period_of_id(const char *id, int *start, int *end)
{
	const char *last = strrchr(id, '-');
	if (last == NULL || !year_in(last + 1, strlen(last + 1), end))
		return false;
	const char *prev = last;
	while (prev > id && prev[-1] != '-')
		prev--;
	if (year_in(prev, (size_t)(last - prev), start))
		return *start <= *end;
	*start = *end;
	*end = 0;
	return true;
}

/* Names the plan p replaces: a link by its title when the store holds it
 * (replaced), else the title the plan gives it, else the period its id
 * ends in, else neutral words. Never the id: ids are for addresses. */
static void
replaced_plan(struct html *h, const struct plan *p, const struct plan_name *replaced)
{
	int start, end;
	if (replaced != NULL) {
		char *href = url_path("plans", replaced->id, NULL);
		html_elem(h, "a", replaced->title, "href", href, NULL);
		free(href);
	} else if (p->replaces_title != NULL) {
		html_text(h, p->replaces_title);
	} else if (p->replaces != NULL && period_of_id(p->replaces, &start, &end)) {
		if (end)
			html_printf(h, _("Action plan %d–%d"), start, end);
		else
			html_printf(h, _("Action plan %d"), start);
	} else {
		html_text(h, _("An earlier plan"));
	}
}

static void
plan_facts(struct html *h, const struct plan *p, const struct plan_name *replaced)
{
	char period[32];
	format_period(period, sizeof(period), p->period_start, p->period_end);
	html_open(h, "dl", "class", "facts", NULL);
	html_elem(h, "dt", _("Owner"), NULL);
	html_open(h, "dd", NULL);
	for (size_t i = 0; i < p->norganisations; i++) {
		if (i > 0)
			html_text(h, ", ");
		html_text(h, p->organisations[i].name);
	}
	html_close(h, "dd");
	html_elem(h, "dt", _("Period"), NULL);
	html_elem(h, "dd", period, NULL);
	html_elem(h, "dt", _("Status"), NULL);
	html_elem(h, "dd", label_plan_status(p->status), NULL);
	if (p->has_adoption && (p->adoption_date || p->adoption_body || p->adoption_case)) {
		html_elem(h, "dt", _("Adopted"), NULL);
		html_open(h, "dd", NULL);
		const char *sep = "";
		if (p->adoption_date) {
			html_elem(h, "time", p->adoption_date, "datetime", p->adoption_date, NULL);
			sep = ", ";
		}
		if (p->adoption_body) {
			html_text(h, sep);
			html_text(h, p->adoption_body);
			sep = ", ";
		}
		if (p->adoption_case) {
			html_text(h, sep);
			html_printf(h, _("case %s"), p->adoption_case);
		}
		html_close(h, "dd");
	}
	if (p->replaces || p->replaces_title) {
		html_elem(h, "dt", _("Replaces"), NULL);
		html_open(h, "dd", NULL);
		replaced_plan(h, p, replaced);
		html_close(h, "dd");
	}
	html_elem(h, "dt", _("Open data"), NULL);
	html_open(h, "dd", NULL);
	char *api = url_path("api", "plans", p->id, NULL);
	html_elem(h, "a", _("The plan as JSON"), "href", api, "type", "application/json", NULL);
	free(api);
	html_close(h, "dd");
	html_close(h, "dl");
}

/* The organisation whose look the plan's pages take: its first owner. */
static const struct organisation *
plan_owner(const struct plan *p)
{
	return p->norganisations > 0 ? &p->organisations[0] : NULL;
}

/* The plan's status for the public and the press: how many indicators
 * the latest reports put at each status, and in which years, and how
 * many have no report. Status and year only; comments and evaluations
 * are internal. */
static void
status_summary(struct html *h, const struct plan *p, const struct public_status *ps)
{
	size_t n[REPORT_STATUS__MAX] = {0}, total = 0, reported = 0;
	int first = 0, last = 0;
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			for (size_t k = 0; k < p->themes[t].goals[g].nmeasures; k++) {
				const struct measure *m = &p->themes[t].goals[g].measures[k];
				for (size_t i = 0; i < m->nindicators; i++) {
					total++;
					const struct public_status_item *it = public_status_find(ps,
					    m->id, m->indicators[i].number);
					if (it == NULL || (unsigned)it->status >= REPORT_STATUS__MAX)
						continue;
					n[it->status]++;
					reported++;
					if (first == 0 || it->year < first)
						first = it->year;
					if (it->year > last)
						last = it->year;
				}
			}
	if (total == 0)
		return;
	html_open(h, "section", "class", "status", "aria-labelledby", "status-h", NULL);
	html_elem(h, "h2", _("Status of the work"), "id", "status-h", NULL);
	if (reported == 0) {
		html_elem(h, "p", _("No status has been reported for this plan's "
		    "indicators yet."), NULL);
		html_close(h, "section");
		return;
	}
	html_open(h, "p", NULL);
	if (first == last)
		html_printf(h, P_("From the responsible units' yearly reports: %zu of "
		    "%zu indicator reported, for %d.", "From the responsible units' yearly "
		    "reports: %zu of %zu indicators reported, for %d.", total), reported,
		    total, last);
	else
		html_printf(h, P_("From the responsible units' yearly reports: %zu of "
		    "%zu indicator reported, the latest for %d to %d.", "From the "
		    "responsible units' yearly reports: %zu of %zu indicators reported, "
		    "the latest for %d to %d.", total), reported, total, first, last);
	html_close(h, "p");
	html_open(h, "ul", "class", "counts status-counts", NULL);
	static const enum report_status order[] = {REPORT_DONE, REPORT_ONGOING,
	    REPORT_IN_PROGRESS, REPORT_DELAYED, REPORT_NOT_STARTED, REPORT_DROPPED};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (n[order[i]] == 0)
			continue;
		html_open(h, "li", NULL);
		html_printf(h, "%s: %zu", label_report_status(order[i]), n[order[i]]);
		html_close(h, "li");
	}
	if (total > reported) {
		html_open(h, "li", NULL);
		html_printf(h, "%s: %zu", _("Not reported"), total - reported);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "section");
}

static void
plan_summary(struct html *h, const struct plan *p)
{
	struct plan_counts c;
	plan_count(p, &c);
	html_open(h, "section", "class", "summary", "aria-labelledby", "summary-h", NULL);
	html_elem(h, "h2", _("In numbers"), "id", "summary-h", NULL);
	html_open(h, "ul", "class", "counts", NULL);
	html_open(h, "li", NULL);
	html_printf(h, P_("%zu theme", "%zu themes", c.themes), c.themes);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_printf(h, P_("%zu goal", "%zu goals", c.goals), c.goals);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_printf(h, P_("%zu measure", "%zu measures", c.measures), c.measures);
	html_close(h, "li");
	html_open(h, "li", NULL);
	if (c.indicators > 0) {
		char *href = indicators_href(p->id, -1, NULL, NULL);
		html_open(h, "a", "href", href, NULL);
		html_printf(h, P_("%zu indicator", "%zu indicators", c.indicators), c.indicators);
		html_close(h, "a");
		free(href);
	} else {
		html_printf(h, P_("%zu indicator", "%zu indicators", c.indicators), c.indicators);
	}
	html_close(h, "li");
	html_close(h, "ul");
	if (c.indicators > 0) {
		size_t cats[RESOURCE_CATEGORY__MAX];
		count_categories(p, cats);
		html_open(h, "table", "class", "categories", NULL);
		html_elem(h, "caption", _("Indicators by resource category"), NULL);
		html_open(h, "thead", NULL);
		html_open(h, "tr", NULL);
		html_elem(h, "th", _("Resource category"), "scope", "col", NULL);
		html_elem(h, "th", _("Number"), "scope", "col", NULL);
		html_close(h, "tr");
		html_close(h, "thead");
		html_open(h, "tbody", NULL);
		static const enum resource_category order[] = {RESOURCE_EXISTING_BUDGET,
		    RESOURCE_INVESTIGATE, RESOURCE_SET_ASIDE, RESOURCE_EXTERNAL,
		    RESOURCE_UNKNOWN};
		for (size_t i = 0; i < RESOURCE_CATEGORY__MAX; i++) {
			if (cats[order[i]] == 0)
				continue;
			char n[24];
			snprintf(n, sizeof(n), "%zu", cats[order[i]]);
			html_open(h, "tr", NULL);
			html_open(h, "th", "scope", "row", NULL);
			category_tag(h, order[i]);
			html_close(h, "th");
			/* The count opens the listing of exactly those indicators. */
			char *href = indicators_href(p->id, (int)order[i], NULL, NULL);
			html_open(h, "td", NULL);
			html_open(h, "a", "href", href, NULL);
			html_text(h, n);
			html_open(h, "span", "class", "vh", NULL);
			html_text(h, " ");
			html_printf(h, _("indicators: %s"), label_resource_category(order[i]));
			html_close(h, "span");
			html_close(h, "a");
			html_close(h, "td");
			free(href);
			html_close(h, "tr");
		}
		html_close(h, "tbody");
		html_close(h, "table");
	}
	html_close(h, "section");
}

static void
plan_contents(struct html *h, const struct plan *p)
{
	html_open(h, "nav", "class", "toc", "aria-labelledby", "toc-h", NULL);
	html_elem(h, "h2", _("Contents"), "id", "toc-h", NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < p->nchapters; i++) {
		char *frag = fragment("chapter-", p->chapters[i].id);
		html_open(h, "li", NULL);
		html_elem(h, "a", p->chapters[i].title, "href", frag, NULL);
		html_close(h, "li");
		free(frag);
	}
	if (p->noverarching_goals > 0) {
		html_open(h, "li", NULL);
		html_elem(h, "a", _("Overarching goals"), "href", "#overarching-goals", NULL);
		html_close(h, "li");
	}
	if (p->nsteps > 0) {
		html_open(h, "li", NULL);
		html_elem(h, "a", _("Implementation: what, who, when"), "href", "#implementation", NULL);
		html_close(h, "li");
	}
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Measures"), "href", "#measures", NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < p->nthemes; i++) {
		const struct theme *t = &p->themes[i];
		char *frag = fragment("theme-", t->id);
		html_open(h, "li", NULL);
		html_elem(h, "a", t->title, "href", frag, NULL);
		free(frag);
		/* Every measure too: on Bodø's 24 screens the themes alone do
		 * not find one. */
		bool any = false;
		for (size_t g = 0; g < t->ngoals; g++)
			for (size_t m = 0; m < t->goals[g].nmeasures; m++) {
				const struct measure *me = &t->goals[g].measures[m];
				if (!any)
					html_open(h, "ol", NULL);
				any = true;
				frag = fragment("measure-", me->id);
				html_open(h, "li", NULL);
				html_elem(h, "a", me->title, "href", frag, NULL);
				html_close(h, "li");
				free(frag);
			}
		if (any)
			html_close(h, "ol");
		html_close(h, "li");
	}
	html_close(h, "ol");
	html_close(h, "li");
	html_close(h, "ol");
	html_close(h, "nav");
}

static void
implementation_table(struct html *h, const struct plan *p)
{
	html_open(h, "section", "id", "implementation", NULL);
	html_elem(h, "h2", _("Implementation: what, who, when"), NULL);
	html_open(h, "div", "class", "table-wrap", NULL);
	html_open(h, "table", "class", "steps", NULL);
	html_elem(h, "caption", _("What is done, by whom and when"), "class", "vh", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("What"), "scope", "col", NULL);
	html_elem(h, "th", _("Who"), "scope", "col", NULL);
	html_elem(h, "th", _("When"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct implementation_step *s = &p->steps[i];
		html_open(h, "tr", NULL);
		labelled_cell(h, "td", _("What"), NULL);
		html_text(h, s->what);
		html_close(h, "td");
		labelled_cell(h, "td", _("Who"), NULL);
		html_text(h, s->who);
		if (s->nresponsible > 0) {
			html_open(h, "span", "class", "note", NULL);
			unit_links(h, p, s->responsible, s->nresponsible);
			html_close(h, "span");
		}
		html_close(h, "td");
		labelled_cell(h, "td", _("When"), NULL);
		html_text(h, s->when);
		html_close(h, "td");
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
	html_close(h, "section");
}

char *
page_plan(const struct plan *p, const struct plan_name *replaced,
    const struct public_status *ps, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Plans"), url_home()}};
	layout_begin_org(h, p->title, NULL, crumbs, 1, plan_owner(p));
	/* The plan's own text is bokmål, whatever the page's language. */
	const char *nb = i18n_lang_attr("nb");
	html_elem(h, "h1", p->title, "lang", nb, NULL);
	plan_facts(h, p, replaced);
	status_summary(h, p, ps);
	plan_summary(h, p);
	plan_contents(h, p);

	for (size_t i = 0; i < p->nchapters; i++) {
		char *id = fragment("chapter-", p->chapters[i].id);
		html_open(h, "section", "id", id + 1, "class", "chapter", "lang", nb, NULL);
		free(id);
		html_elem(h, "h2", p->chapters[i].title, NULL);
		markdown_render(h, p->chapters[i].body, 3);
		html_close(h, "section");
	}
	if (p->noverarching_goals > 0) {
		html_open(h, "section", "id", "overarching-goals", NULL);
		html_elem(h, "h2", _("Overarching goals"), NULL);
		html_open(h, "dl", "class", "overarching", NULL);
		for (size_t i = 0; i < p->noverarching_goals; i++) {
			html_elem(h, "dt", p->overarching_goals[i].title, NULL);
			html_open(h, "dd", NULL);
			markdown_render(h, p->overarching_goals[i].text, 3);
			html_close(h, "dd");
		}
		html_close(h, "dl");
		html_close(h, "section");
	}
	if (p->nsteps > 0)
		implementation_table(h, p);

	html_open(h, "section", "id", "measures", NULL);
	html_elem(h, "h2", _("Measures"), NULL);
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		char *id = fragment("theme-", th->id);
		html_open(h, "section", "id", id + 1, "class", "theme", NULL);
		free(id);
		html_open(h, "h3", NULL);
		html_elem(h, "span", _("Theme:"), "class", "label", NULL);
		html_text(h, " ");
		char *href = url_path("plans", p->id, "themes", th->id, NULL);
		html_elem(h, "a", th->title, "href", href, NULL);
		free(href);
		html_close(h, "h3");
		theme_listing_link(h, p, th);
		theme_body(h, p, th, 4, ps);
		html_close(h, "section");
	}
	html_close(h, "section");
	layout_end(h);
	return html_finish(h, len);
}

char *
page_theme(const struct plan *p, const struct theme *t,
    const struct public_status *ps, size_t *len)
{
	struct html *h = html_new();
	char *plan_href = url_path("plans", p->id, NULL);
	struct crumb crumbs[] = {{_("Plans"), url_home()}, {p->title, plan_href}};
	char *doc_title = xasprintf("%s – %s", t->title, p->title);
	layout_begin_org(h, t->title, doc_title, crumbs, 2, plan_owner(p));
	free(doc_title);
	html_open(h, "h1", NULL);
	html_elem(h, "span", _("Theme:"), "class", "label", NULL);
	html_text(h, " ");
	text_in(h, t->title, "nb");
	html_close(h, "h1");
	html_open(h, "p", "class", "context", NULL);
	html_text(h, _("Part of"));
	html_text(h, " ");
	html_elem(h, "a", p->title, "href", plan_href, NULL);
	html_close(h, "p");
	theme_listing_link(h, p, t);
	theme_body(h, p, t, 2, ps);
	layout_end(h);
	free(plan_href);
	return html_finish(h, len);
}

char *
page_measure(const struct plan *p, const struct theme *t, const struct goal *g,
    const struct measure *m, const struct public_status *ps, size_t *len)
{
	struct html *h = html_new();
	char *plan_href = url_path("plans", p->id, NULL);
	char *theme_href = url_path("plans", p->id, "themes", t->id, NULL);
	struct crumb crumbs[] = {{_("Plans"), url_home()}, {p->title, plan_href},
	    {t->title, theme_href}};
	char *doc_title = xasprintf("%s – %s", m->title, p->title);
	layout_begin_org(h, m->title, doc_title, crumbs, 3, plan_owner(p));
	free(doc_title);
	html_open(h, "h1", NULL);
	html_elem(h, "span", _("Measure:"), "class", "label", NULL);
	html_text(h, " ");
	text_in(h, m->title, "nb");
	html_close(h, "h1");
	html_open(h, "dl", "class", "facts", NULL);
	html_elem(h, "dt", _("Plan"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "a", p->title, "href", plan_href, NULL);
	html_close(h, "dd");
	html_elem(h, "dt", _("Theme"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "a", t->title, "href", theme_href, NULL);
	html_close(h, "dd");
	html_elem(h, "dt", _("Goal"), NULL);
	html_elem(h, "dd", g->text, NULL);
	if (m->kind != MEASURE_NEW) { /* the plan marks it existing or proposed */
		html_elem(h, "dt", _("Kind"), NULL);
		html_elem(h, "dd", label_measure_kind(m->kind), NULL);
	}
	html_close(h, "dl");
	markdown_render(h, m->description, 2);
	if (m->nindicators > 0) {
		html_elem(h, "h2", _("Indicators"), NULL);
		measure_indicators(h, p, m, ps);
	} else {
		html_elem(h, "p", _("The plan sets no numbered indicators for this measure."), NULL);
	}
	layout_end(h);
	free(plan_href);
	free(theme_href);
	return html_finish(h, len);
}

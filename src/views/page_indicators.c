/* page_indicators.c — a plan's indicators as one listing, filtered by
 * resource category, responsible unit and theme: "which measures must be
 * investigated, and who is responsible?" answered on one page. The page
 * says in words what it is filtered by, with a link that removes each
 * filter, and a form to change them (no script needed). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/indicators.h"
#include "views/layout.h"
#include "views/pages.h"

static bool
unit_matches(const struct indicator *ind, const char *unit)
{
	if (unit == NULL)
		return true;
	for (size_t i = 0; i < ind->nresponsible; i++)
		if (strcmp(ind->responsible[i], unit) == 0)
			return true;
	return false;
}

static bool
matches(const struct indicator *ind, const struct indicator_filter *f)
{
	return (f->category < 0 || (int)ind->resource_category == f->category) &&
	    unit_matches(ind, f->unit);
}

/* Counts the indicators of p that f selects (n) and all of them (total). */
static void
count(const struct plan *p, const struct indicator_filter *f, size_t *n, size_t *total)
{
	*n = *total = 0;
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			for (size_t m = 0; m < p->themes[t].goals[g].nmeasures; m++) {
				const struct measure *me = &p->themes[t].goals[g].measures[m];
				for (size_t i = 0; i < me->nindicators; i++) {
					(*total)++;
					if ((f->theme == NULL || strcmp(f->theme, p->themes[t].id) == 0) &&
					    matches(&me->indicators[i], f))
						(*n)++;
				}
			}
}

static bool
filtered(const struct indicator_filter *f)
{
	return f->category >= 0 || f->unit || f->theme;
}

/* One active filter in words, and a link to the same listing without it. */
static void
filter_item(struct html *h, const struct plan *p, const struct indicator_filter *f,
    const char *fmt, const char *value, int drop)
{
	html_open(h, "li", NULL);
	html_printf(h, fmt, value);
	html_text(h, " ");
	char *href = indicators_href(p->id, drop == 0 ? -1 : f->category,
	    drop == 1 ? NULL : f->unit, drop == 2 ? NULL : f->theme);
	html_open(h, "a", "href", href, NULL);
	html_text(h, _("Remove this filter"));
	html_open(h, "span", "class", "vh", NULL);
	html_text(h, ": ");
	html_printf(h, fmt, value);
	html_close(h, "span");
	html_close(h, "a");
	html_close(h, "li");
	free(href);
}

static void
filter_words(struct html *h, const struct plan *p, const struct indicator_filter *f)
{
	html_open(h, "ul", "class", "filters", NULL);
	if (f->category >= 0)
		filter_item(h, p, f, _("Resource category: %s"),
		    label_resource_category((enum resource_category)f->category), 0);
	if (f->unit) {
		const struct unit *u = plan_unit(p, f->unit);
		filter_item(h, p, f, _("Responsible unit: %s"), u ? u->name : f->unit, 1);
	}
	if (f->theme) {
		const struct theme *t = plan_theme(p, f->theme);
		filter_item(h, p, f, _("Theme: %s"), t ? t->title : f->theme, 2);
	}
	html_close(h, "ul");
}

static void
option(struct html *h, const char *value, const char *label, bool selected)
{
	html_elem(h, "option", label, "value", value,
	    "selected", selected ? "selected" : NULL, NULL);
}

/* The filters as a form: changing them needs no script. */
static void
filter_form(struct html *h, const struct plan *p, const struct indicator_filter *f)
{
	char *action = url_path("plans", p->id, "indicators", NULL);
	html_open(h, "form", "method", "get", "action", action, "class", "filters",
	    "aria-label", _("Filter the indicators"), NULL);
	free(action);

	html_open(h, "div", NULL);
	html_elem(h, "label", _("Resource category"), "for", "f-category", NULL);
	html_open(h, "select", "id", "f-category", "name", "category", NULL);
	option(h, "", _("All categories"), f->category < 0);
	static const enum resource_category order[] = {RESOURCE_EXISTING_BUDGET,
	    RESOURCE_INVESTIGATE, RESOURCE_SET_ASIDE, RESOURCE_EXTERNAL, RESOURCE_UNKNOWN};
	for (size_t i = 0; i < RESOURCE_CATEGORY__MAX; i++)
		option(h, resource_category_name(order[i]), label_resource_category(order[i]),
		    f->category == (int)order[i]);
	html_close(h, "select");
	html_close(h, "div");

	html_open(h, "div", NULL);
	html_elem(h, "label", _("Responsible unit"), "for", "f-unit", NULL);
	html_open(h, "select", "id", "f-unit", "name", "unit", NULL);
	option(h, "", _("All units"), f->unit == NULL);
	for (size_t i = 0; i < p->nunits; i++)
		option(h, p->units[i].id, p->units[i].name,
		    f->unit && strcmp(f->unit, p->units[i].id) == 0);
	html_close(h, "select");
	html_close(h, "div");

	html_open(h, "div", NULL);
	html_elem(h, "label", _("Theme"), "for", "f-theme", NULL);
	html_open(h, "select", "id", "f-theme", "name", "theme", NULL);
	option(h, "", _("All themes"), f->theme == NULL);
	for (size_t i = 0; i < p->nthemes; i++)
		option(h, p->themes[i].id, p->themes[i].title,
		    f->theme && strcmp(f->theme, p->themes[i].id) == 0);
	html_close(h, "select");
	html_close(h, "div");

	html_elem(h, "button", _("Show"), "type", "submit", NULL);
	html_close(h, "form");
}

/* The matching indicators of measure m as one table under its heading. */
static void
measure_group(struct html *h, const struct plan *p, const struct measure *m,
    const struct indicator_filter *f)
{
	if (m->nindicators == 0)
		return;
	struct arena a = {0};
	struct itable_row *all = measure_rows(&a, p, m);
	struct itable_row *rows = arena_array(&a, m->nindicators, sizeof(*rows));
	size_t n = 0;
	for (size_t i = 0; i < m->nindicators; i++)
		if (matches(&m->indicators[i], f))
			rows[n++] = all[i];
	if (n > 0) {
		char *hid = measure_heading_id(p->id, m->id);
		char *href = url_path("plans", p->id, "measures", m->id, NULL);
		html_open(h, "h3", "id", hid, NULL);
		html_elem(h, "a", m->title, "href", href, NULL);
		html_close(h, "h3");
		struct itable t = {
			.rows = rows,
			.nrows = n,
			.labelledby = hid,
			.anchors = true,
			.link_numbers = true,
		};
		indicator_table(h, &t);
		free(href);
		free(hid);
	}
	arena_free(&a);
}

/* "Indicators: Must be investigated, Helsestasjonene – Plan": what the
 * page lists, for its <title>. Caller frees. */
static char *
listing_title(const struct plan *p, const struct indicator_filter *f)
{
	struct buf b = {0};
	buf_puts(&b, _("Indicators"));
	const char *sep = ": ";
	if (f->category >= 0) {
		buf_printf(&b, "%s%s", sep,
		    label_resource_category((enum resource_category)f->category));
		sep = ", ";
	}
	const struct unit *u = f->unit ? plan_unit(p, f->unit) : NULL;
	if (u) {
		buf_printf(&b, "%s%s", sep, u->name);
		sep = ", ";
	}
	const struct theme *t = f->theme ? plan_theme(p, f->theme) : NULL;
	if (t)
		buf_printf(&b, "%s%s", sep, t->title);
	buf_printf(&b, " – %s", p->title);
	return buf_take(&b, NULL);
}

char *
page_indicators(const struct plan *p, const struct indicator_filter *f,
    const char *error, size_t *len)
{
	struct html *h = html_new();
	char *plan_href = url_path("plans", p->id, NULL);
	char *all_href = indicators_href(p->id, -1, NULL, NULL);
	struct crumb crumbs[] = {{_("Plans"), url_home()}, {p->title, plan_href}};
	char *doc_title = listing_title(p, f);
	layout_begin(h, _("Indicators"), doc_title, crumbs, 2);
	free(doc_title);
	html_elem(h, "h1", _("Indicators"), NULL);
	html_open(h, "p", "class", "context", NULL);
	html_text(h, _("Part of"));
	html_text(h, " ");
	html_elem(h, "a", p->title, "href", plan_href, NULL);
	html_close(h, "p");

	size_t n, total;
	count(p, f, &n, &total);
	if (error) {
		/* A value the plan does not have: say so, show no list that
		 * could pass for an answer. */
		html_elem(h, "p", error, "class", "error", NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("All indicators of this plan"), "href", all_href, NULL);
		html_close(h, "p");
		filter_form(h, p, f);
	} else if (total == 0) {
		html_elem(h, "p", _("The plan has no indicators."), "class", "lead", NULL);
	} else {
		html_open(h, "p", "class", "result-count", NULL);
		if (filtered(f))
			html_printf(h, P_("%zu of %zu indicators matches:", "%zu of %zu indicators match:",
			    n), n, total);
		else
			html_printf(h, P_("The plan's only indicator.",
			    "All %zu indicators of the plan.", total), total);
		html_close(h, "p");
		if (filtered(f))
			filter_words(h, p, f);
		filter_form(h, p, f);
		if (n == 0)
			html_elem(h, "p", _("No indicator matches these filters."), NULL);
		for (size_t t = 0; t < p->nthemes; t++) {
			const struct theme *th = &p->themes[t];
			if (f->theme && strcmp(f->theme, th->id) != 0)
				continue;
			struct indicator_filter tf = *f;
			tf.theme = th->id;
			size_t tn, ttotal;
			count(p, &tf, &tn, &ttotal);
			if (tn == 0)
				continue;
			char *href = url_path("plans", p->id, "themes", th->id, NULL);
			html_open(h, "h2", NULL);
			html_elem(h, "a", th->title, "href", href, NULL);
			html_close(h, "h2");
			free(href);
			for (size_t g = 0; g < th->ngoals; g++)
				for (size_t m = 0; m < th->goals[g].nmeasures; m++)
					measure_group(h, p, &th->goals[g].measures[m], f);
		}
	}
	layout_end(h);
	free(all_href);
	free(plan_href);
	return html_finish(h, len);
}

/* page_misc.c — home, search, errors. (Units: page_unit.c.) */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/indicators.h"
#include "views/layout.h"
#include "views/pages.h"

/* One organisation and the plans it owns: name, then each plan's title,
 * period, status and size. */
static void
org_block(struct html *h, const struct catalogue_org *o, const char *heading)
{
	html_open(h, "section", "class", "org", NULL);
	html_elem(h, heading, o->name, NULL);
	html_open(h, "ul", "class", "plans", NULL);
	for (size_t j = 0; j < o->nplans; j++) {
		const struct catalogue_plan *cp = &o->plans[j];
		char period[32];
		format_period(period, sizeof(period), cp->period_start, cp->period_end);
		char *href = url_path("plans", cp->id, NULL);
		html_open(h, "li", NULL);
		html_elem(h, "a", cp->title, "href", href, "class", "plan-title",
		    "lang", i18n_lang_attr("nb"), NULL);
		html_open(h, "span", "class", "meta", NULL);
		html_printf(h, "%s · %s · ", period, label_plan_status(cp->status));
		html_printf(h, P_("%zu measure", "%zu measures", cp->counts.measures),
		    cp->counts.measures);
		if (cp->counts.indicators > 0) {
			html_text(h, ", ");
			html_printf(h, P_("%zu indicator", "%zu indicators",
			    cp->counts.indicators), cp->counts.indicators);
		}
		html_close(h, "span");
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
	html_close(h, "section");
}

/* The organisations in Norwegian alphabetical order (æ, ø, å last). */
static int
by_name(const void *a, const void *b)
{
	const struct catalogue_org *x = *(const struct catalogue_org *const *)a;
	const struct catalogue_org *y = *(const struct catalogue_org *const *)b;
	int c = text_collate_nb(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

/* The form that finds a municipality by a part of its name. */
static void
org_finder(struct html *h, const char *find)
{
	html_open(h, "form", "method", "get", "action", url_home(), "class", "search-big",
	    "role", "search", "aria-label", _("Find your municipality"), NULL);
	html_elem(h, "label", _("Find your municipality"), "for", "kommune", NULL);
	html_void(h, "input", "type", "search", "id", "kommune", "name", "kommune",
	    "value", find, "maxlength", "200", "autocomplete", "address-level2", NULL);
	html_elem(h, "button", _("Find"), "type", "submit", NULL);
	html_close(h, "form");
}

char *
page_home(const struct catalogue *c, const char *find, size_t *len)
{
	struct html *h = html_new();
	layout_begin(h, _("Action plans against domestic violence"), NULL, NULL, 0);
	html_elem(h, "h1", _("Action plans against domestic violence"), NULL);
	html_elem(h, "p", _("The municipalities' plans: every measure, who is "
	    "responsible for it, and what it costs."), "class", "lead", NULL);
	if (c->norgs == 0)
		html_elem(h, "p", _("No plans have been published yet."), NULL);
	if (c->norgs <= HOME_ORGS_LISTED) {
		for (size_t i = 0; i < c->norgs; i++)
			org_block(h, &c->orgs[i], "h2");
		layout_end(h);
		return html_finish(h, len);
	}

	/* Many organisations (a region, the whole country): find one by
	 * name, or go by its first letter; no wall of links. */
	const struct catalogue_org **orgs = xcalloc(c->norgs, sizeof(*orgs));
	for (size_t i = 0; i < c->norgs; i++)
		orgs[i] = &c->orgs[i];
	qsort(orgs, c->norgs, sizeof(*orgs), by_name);

	bool finding = find && find[strspn(find, " \t")] != '\0';
	org_finder(h, finding ? find : NULL);
	if (finding) {
		char *needle = text_fold(find);
		char *trimmed = needle + strspn(needle, " ");
		size_t nl = strlen(trimmed);
		while (nl > 0 && trimmed[nl - 1] == ' ')
			trimmed[--nl] = '\0';
		size_t found = 0;
		html_open(h, "section", "class", "found", "aria-labelledby", "found-h", NULL);
		html_open(h, "h2", "id", "found-h", NULL);
		html_printf(h, _("Municipalities whose name contains “%s”"), find);
		html_close(h, "h2");
		for (size_t i = 0; i < c->norgs; i++) {
			char *name = text_fold(orgs[i]->name);
			if (strstr(name, trimmed)) {
				org_block(h, orgs[i], "h3");
				found++;
			}
			free(name);
		}
		if (found == 0)
			html_elem(h, "p", _("No municipality has that in its name. Try a "
			    "shorter part of it, or look it up by its first letter below."), NULL);
		html_close(h, "section");
		free(needle);
	}

	/* The letters that begin a name, as an index. */
	html_open(h, "nav", "class", "letters", "aria-labelledby", "letters-h", NULL);
	html_elem(h, "h2", _("Municipalities by first letter"), "id", "letters-h", NULL);
	html_open(h, "ul", NULL);
	char last[8] = "";
	for (size_t i = 0; i < c->norgs; i++) {
		char initial[8];
		text_initial(orgs[i]->name, initial);
		if (strcmp(initial, last) == 0)
			continue;
		snprintf(last, sizeof(last), "%s", initial);
		char *frag = xasprintf("#letter-%zu", i);
		html_open(h, "li", NULL);
		html_elem(h, "a", initial, "href", frag, NULL);
		html_close(h, "li");
		free(frag);
	}
	html_close(h, "ul");
	html_close(h, "nav");

	/* Each letter's municipalities, one line each: the name and links to
	 * its plans. */
	last[0] = '\0';
	bool open = false;
	for (size_t i = 0; i < c->norgs; i++) {
		const struct catalogue_org *o = orgs[i];
		char initial[8];
		text_initial(o->name, initial);
		if (strcmp(initial, last) != 0) {
			if (open) {
				html_close(h, "ul");
				html_close(h, "section");
			}
			snprintf(last, sizeof(last), "%s", initial);
			char *id = xasprintf("letter-%zu", i);
			html_open(h, "section", "id", id, "class", "letter", NULL);
			free(id);
			html_elem(h, "h2", initial, NULL);
			html_open(h, "ul", "class", "orgs", NULL);
			open = true;
		}
		html_open(h, "li", NULL);
		html_elem(h, "span", o->name, "class", "org-name", NULL);
		for (size_t j = 0; j < o->nplans; j++) {
			const struct catalogue_plan *cp = &o->plans[j];
			char period[32];
			format_period(period, sizeof(period), cp->period_start, cp->period_end);
			char *href = url_path("plans", cp->id, NULL);
			char *label = xasprintf(_("Plan %s (%s)"), period,
			    label_plan_status(cp->status));
			html_text(h, j ? ", " : ": ");
			html_elem(h, "a", label, "href", href, "title", cp->title, NULL);
			free(label);
			free(href);
		}
		html_close(h, "li");
	}
	if (open) {
		html_close(h, "ul");
		html_close(h, "section");
	}
	free(orgs);
	layout_end(h);
	return html_finish(h, len);
}

/* One hit: what it is, a link to its place, and for an indicator its
 * measure, resource note and responsible units, which is what the reader
 * who searched for a note or a unit came for. */
static void
search_hit(struct html *h, const struct search_hit *hit)
{
	char *href = NULL;
	html_open(h, "li", NULL);
	switch (hit->kind) {
	case SEARCH_CHAPTER: {
		char *path = url_path("plans", hit->plan_id, NULL);
		href = xasprintf("%s#chapter-%s", path, hit->id);
		free(path);
		html_elem(h, "span", _("Chapter:"), "class", "label", NULL);
		html_text(h, " ");
		html_elem(h, "a", hit->title, "href", href, NULL);
		break;
	}
	case SEARCH_MEASURE:
		href = url_path("plans", hit->plan_id, "measures", hit->id, NULL);
		html_elem(h, "span", _("Measure:"), "class", "label", NULL);
		html_text(h, " ");
		html_elem(h, "a", hit->title, "href", href, NULL);
		break;
	case SEARCH_INDICATOR: {
		char *path = url_path("plans", hit->plan_id, "measures", hit->id, NULL);
		char *anchor = indicator_anchor(hit->id, hit->number);
		href = xasprintf("%s#%s", path, anchor);
		free(anchor);
		free(path);
		html_open(h, "a", "href", href, NULL);
		html_open(h, "span", "class", "label", NULL);
		html_printf(h, _("Indicator %d:"), hit->number);
		html_close(h, "span");
		html_text(h, " ");
		html_text(h, hit->text);
		html_close(h, "a");
		html_open(h, "p", "class", "meta", NULL);
		html_text(h, _("Measure:"));
		html_text(h, " ");
		html_text(h, hit->title);
		html_close(h, "p");
		html_open(h, "p", NULL);
		html_elem(h, "span", _("Resources:"), "class", "label", NULL);
		html_text(h, " ");
		if (hit->resource_note) {
			html_text(h, hit->resource_note);
			html_text(h, " ");
		}
		category_tag(h, hit->resource_category);
		html_close(h, "p");
		if (hit->nresponsible > 0) {
			html_open(h, "p", NULL);
			html_elem(h, "span", _("Responsible:"), "class", "label", NULL);
			html_text(h, " ");
			unit_ref_links(h, hit->responsible, hit->nresponsible, NULL);
			html_close(h, "p");
		}
		break;
	}
	}
	html_close(h, "li");
	free(href);
}

/* True if the words of a and b, folded for search, are the same. */
static bool
same_words(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	char **wa, **wb;
	size_t na = text_words(fa, &wa), nb = text_words(fb, &wb);
	bool same = na == nb && na > 0;
	for (size_t i = 0; same && i < na; i++)
		same = strcmp(wa[i], wb[i]) == 0;
	free(wa);
	free(wb);
	free(fa);
	free(fb);
	return same;
}

/* A query that names a resource category ("Må utredes") points to that
 * category's listing in each plan with indicators: the listing also holds
 * the indicators whose note words it differently. */
static void
category_hint(struct html *h, const char *q, const struct catalogue *c)
{
	int cat = -1;
	for (int i = 0; i < RESOURCE_CATEGORY__MAX && cat < 0; i++)
		if (same_words(q, label_resource_category((enum resource_category)i)) ||
		    same_words(q, resource_category_name((enum resource_category)i)))
			cat = i;
	if (cat < 0 || c == NULL)
		return;
	bool any = false;
	for (size_t i = 0; i < c->norgs; i++)
		for (size_t j = 0; j < c->orgs[i].nplans; j++) {
			const struct catalogue_plan *cp = &c->orgs[i].plans[j];
			if (cp->counts.indicators == 0)
				continue;
			if (!any) {
				html_open(h, "div", "class", "hint", NULL);
				html_open(h, "p", NULL);
				html_printf(h, _("“%s” is a resource category. Every indicator in it, "
				    "whatever its note says:"),
				    label_resource_category((enum resource_category)cat));
				html_close(h, "p");
				html_open(h, "ul", NULL);
				any = true;
			}
			char *href = indicators_href(cp->id, cat, NULL, NULL);
			html_open(h, "li", NULL);
			html_elem(h, "a", cp->title, "href", href, NULL);
			html_close(h, "li");
			free(href);
		}
	if (any) {
		html_close(h, "ul");
		html_close(h, "div");
	}
}

char *
page_search(const char *q, const struct search_result *r, const struct catalogue *c,
    size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Plans"), url_home()}};
	/* The words searched for name the page. */
	char *doc_title = q && *q ? xasprintf(_("“%s” – Search"), q) : NULL;
	layout_begin(h, _("Search"), doc_title, crumbs, 1);
	free(doc_title);
	html_elem(h, "h1", _("Search the plans"), NULL);
	char *action = url_path("search", NULL);
	html_open(h, "form", "method", "get", "action", action, "class", "search-big",
	    "role", "search", "aria-label", _("Search the plans"), NULL);
	free(action);
	html_elem(h, "label", _("Words to look for"), "for", "q", NULL);
	html_void(h, "input", "type", "search", "id", "q", "name", "q", "value", q,
	    "maxlength", "200", "aria-describedby", "q-help", NULL);
	html_elem(h, "button", _("Search"), "type", "submit", NULL);
	html_elem(h, "p", _("Finds chapters, measures and indicators that contain "
	    "every word, also in resource notes and the names of responsible units. "
	    "Capital letters and accents on e and o do not matter."),
	    "id", "q-help", "class", "help", NULL);
	html_close(h, "form");

	if (q != NULL && r != NULL) {
		html_open(h, "p", "class", "result-count", "role", "status", NULL);
		if (r->nhits == 0)
			html_printf(h, _("Nothing in the plans contains “%s”."), q);
		else if (r->truncated)
			html_printf(h, _("The first %zu hits for “%s”."), r->nhits, q);
		else
			html_printf(h, P_("%zu hit for “%s”.", "%zu hits for “%s”.", r->nhits),
			    r->nhits, q);
		html_close(h, "p");
		category_hint(h, q, c);
		const char *plan = NULL;
		for (size_t i = 0; i < r->nhits; i++) {
			const struct search_hit *hit = &r->hits[i];
			if (plan == NULL || strcmp(plan, hit->plan_id) != 0) {
				if (plan != NULL)
					html_close(h, "ol");
				plan = hit->plan_id;
				size_t n = 0;
				for (size_t j = i; j < r->nhits && strcmp(r->hits[j].plan_id, plan) == 0; j++)
					n++;
				html_open(h, "h2", NULL);
				html_text(h, hit->plan_title);
				html_text(h, " ");
				html_open(h, "span", "class", "meta", NULL);
				html_printf(h, P_("(%zu hit)", "(%zu hits)", n), n);
				html_close(h, "span");
				html_close(h, "h2");
				html_open(h, "ol", "class", "hits", NULL);
			}
			search_hit(h, hit);
		}
		if (plan != NULL)
			html_close(h, "ol");
	}
	layout_end(h);
	return html_finish(h, len);
}

char *
page_error(int status, const char *message, size_t *len)
{
	const char *title;
	switch (status) {
	case 400: title = _("The address is not valid"); break;
	case 404: title = _("Page not found"); break;
	case 405: title = _("Method not allowed"); break;
	case 413:
	case 431: title = _("The request is too large"); break;
	case 414: title = _("The address is too long"); break;
	case 501: title = _("This request is not supported"); break;
	default:  title = _("Something went wrong"); break;
	}
	struct html *h = html_new();
	layout_begin(h, title, NULL, NULL, 0);
	html_elem(h, "h1", title, NULL);
	if (message)
		html_elem(h, "p", message, "class", "lead", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Go to the list of plans"), "href", url_home(), NULL);
	html_close(h, "p");
	layout_end(h);
	return html_finish(h, len);
}

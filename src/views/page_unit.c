/* page_unit.c — the units: the list (the register as a tree, each
 * organisation's units under their parents, collective roles marked) and
 * one unit's page (its place among the units, and every indicator and
 * step that falls to it, marked with how: assigned to it alone, shared
 * with whom, through which collective role, through which unit above). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/help_view.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/indicators.h"
#include "views/layout.h"
#include "views/pages.h"

/* ---- the list ---- */

/* A unit in the list's tree: its children in the list's order. */
struct node {
	const struct unit_summary *u;
	size_t first_child, last_child, next;   /* NONE when there is none */
};
#define NONE ((size_t)-1)

/* Units of one group (a section of the page) share their kind and, for
 * internal units, their organisation; a parent in another group is not
 * shown as one. */
static bool
same_group(const struct unit_summary *a, const struct unit_summary *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == UNIT_EXTERNAL)
		return true;
	if (a->organisation_id == NULL || b->organisation_id == NULL)
		return a->organisation_id == b->organisation_id;
	return strcmp(a->organisation_id, b->organisation_id) == 0;
}

static int
cmp_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return text_collate_nb(a, b);
}

/* The list's order: internal before external, then by organisation and
 * name in Norwegian order (æ, ø, å last), then by id. */
static int
by_list_order(const void *pa, const void *pb)
{
	const struct unit_summary *a = *(const struct unit_summary *const *)pa;
	const struct unit_summary *b = *(const struct unit_summary *const *)pb;
	int c = (int)a->kind - (int)b->kind;
	if (c == 0 && a->kind == UNIT_INTERNAL)
		c = cmp_text(a->organisation_name, b->organisation_name);
	if (c == 0 && a->kind == UNIT_INTERNAL)
		c = cmp_text(a->organisation_id, b->organisation_id);
	if (c == 0)
		c = cmp_text(a->name, b->name);
	return c ? c : strcmp(a->id, b->id);
}

/* A unit's place in the list, found by its id. */
struct id_index {
	const char *id;
	size_t      at;
};

static int
by_id(const void *pa, const void *pb)
{
	const struct id_index *a = pa, *b = pb;
	return strcmp(a->id, b->id);
}

static void
unit_line(struct html *h, const struct unit_summary *u)
{
	char *href = url_path("units", u->id, NULL);
	html_elem(h, "a", u->name, "href", href, NULL);
	free(href);
	if (u->collective) {
		html_text(h, " ");
		html_elem(h, "span", _("collective role"), "class", "duty duty-collective", NULL);
	}
	html_text(h, " ");
	html_open(h, "span", "class", "meta", NULL);
	html_printf(h, P_("%zu indicator", "%zu indicators", u->nindicators), u->nindicators);
	html_close(h, "span");
}

/* Writes node i and the units below it, as nested lists. */
static void
unit_subtree(struct html *h, const struct node *nodes, size_t i, int depth)
{
	html_open(h, "li", NULL);
	unit_line(h, nodes[i].u);
	if (nodes[i].first_child != NONE && depth < UNIT_DEPTH_MAX) {
		html_open(h, "ul", NULL);
		for (size_t c = nodes[i].first_child; c != NONE; c = nodes[c].next)
			unit_subtree(h, nodes, c, depth + 1);
		html_close(h, "ul");
	}
	html_close(h, "li");
}

char *
page_units(const struct unit_list *l, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Plans"), "/"}};
	layout_begin(h, _("Responsible units"), NULL, crumbs, 1);
	html_elem(h, "h1", _("Responsible units"), NULL);
	html_elem(h, "p", _("Choose a unit to see every measure and indicator that falls "
	    "to it, across all plans: its own, and those of the collective roles that "
	    "apply to it and of the units above it. Units are listed under the unit "
	    "they are part of."), "class", "lead", NULL);
	if (l->n == 0)
		html_elem(h, "p", _("No plan names a responsible unit yet."), NULL);

	/* The units in the list's order; their parents found by id. */
	size_t n = l->n;
	const struct unit_summary **order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = &l->units[i];
	qsort(order, n, sizeof(*order), by_list_order);
	struct node *nodes = xcalloc(n ? n : 1, sizeof(*nodes));
	struct id_index *ids = xcalloc(n ? n : 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		nodes[i] = (struct node){order[i], NONE, NONE, NONE};
		ids[i] = (struct id_index){order[i]->id, i};
	}
	qsort(ids, n, sizeof(*ids), by_id);
	bool *root = xcalloc(n ? n : 1, sizeof(*root));
	for (size_t i = 0; i < n; i++) {
		const struct unit_summary *u = nodes[i].u;
		struct id_index key = {u->parent_id, 0};
		const struct id_index *p = u->parent_id ?
		    bsearch(&key, ids, n, sizeof(*ids), by_id) : NULL;
		size_t pi = p ? p->at : NONE;
		root[i] = pi == NONE || pi == i || !same_group(u, nodes[pi].u);
		if (root[i])
			continue;
		if (nodes[pi].first_child == NONE)
			nodes[pi].first_child = i;
		else
			nodes[nodes[pi].last_child].next = i;
		nodes[pi].last_child = i;
	}

	/* Sections: municipal units, one list per organisation; external
	 * bodies. */
	bool internal_open = false, external_open = false;
	for (size_t i = 0; i < n; i++) {
		const struct unit_summary *u = nodes[i].u;
		bool new_group = i == 0 || !same_group(u, nodes[i - 1].u);
		if (new_group) {
			if (i > 0)
				html_close(h, "ul");
			if (u->kind == UNIT_INTERNAL && !internal_open) {
				html_elem(h, "h2", _("Municipal units"), NULL);
				internal_open = true;
			} else if (u->kind == UNIT_EXTERNAL && !external_open) {
				html_elem(h, "h2", _("External bodies"), NULL);
				external_open = true;
			}
			if (u->kind == UNIT_INTERNAL)
				html_elem(h, "h3", u->organisation_name ? u->organisation_name :
				    _("No organisation"), NULL);
			html_open(h, "ul", "class", "units", NULL);
		}
		if (root[i])
			unit_subtree(h, nodes, i, 0);
	}
	if (n > 0)
		html_close(h, "ul");
	free(root);
	free(ids);
	free(nodes);
	free(order);
	layout_end(h);
	return html_finish(h, len);
}

/* ---- one unit ---- */

/* Links to the other pages of a unit's list of plans. */
static void
unit_pages(struct html *h, const struct unit_view *u)
{
	html_open(h, "nav", "class", "pages", "aria-label", _("Pages of plans"), NULL);
	html_open(h, "ul", NULL);
	for (int p = 1; p <= u->pages; p++) {
		/* Every page near this one, and the first and last. */
		if (p != 1 && p != u->pages && (p < u->page - 2 || p > u->page + 2)) {
			if (p == u->page - 3 || p == u->page + 3)
				html_elem(h, "li", "…", "aria-hidden", "true", NULL);
			continue;
		}
		char num[16];
		snprintf(num, sizeof(num), "%d", p);
		html_open(h, "li", NULL);
		if (p == u->page) {
			html_elem(h, "span", num, "aria-current", "page", NULL);
		} else {
			char *path = url_path("units", u->id, NULL);
			char *href = p == 1 ? xstrdup(path) : xasprintf("%s?side=%d", path, p);
			char *label = xasprintf(_("Page %d"), p);
			html_elem(h, "a", num, "href", href, "aria-label", label, NULL);
			free(label);
			free(href);
			free(path);
		}
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

/* A term and the units it names as links (nothing when there are none). */
static void
fact_units(struct html *h, const char *term, const struct unit_ref *units, size_t n)
{
	if (n == 0)
		return;
	html_elem(h, "dt", term, NULL);
	html_open(h, "dd", NULL);
	unit_ref_links(h, units, n, NULL);
	html_close(h, "dd");
}

/* The unit's place: organisation, the units above (top first), the units
 * below, what a collective role applies to, and the roles that apply to
 * it. */
static void
unit_facts(struct html *h, const struct unit_view *u)
{
	if (!u->organisation_name && !u->nabove && !u->nbelow && !u->collective &&
	    !u->nroles)
		return;
	html_open(h, "dl", "class", "facts", NULL);
	if (u->organisation_name) {
		html_elem(h, "dt", _("Organisation"), NULL);
		html_elem(h, "dd", u->organisation_name, NULL);
	}
	if (u->nabove > 0) {
		html_elem(h, "dt", _("Part of"), NULL);
		html_open(h, "dd", NULL);
		for (size_t i = u->nabove; i-- > 0;) {
			unit_ref_links(h, &u->above[i], 1, NULL);
			if (i > 0)
				html_text(h, " › ");
		}
		html_close(h, "dd");
	}
	fact_units(h, _("Units under it"), u->below, u->nbelow);
	if (u->collective) {
		html_elem(h, "dt", _("Collective role for"), NULL);
		html_open(h, "dd", NULL);
		if (!u->applies_listed && u->organisation_name)
			html_printf(h, _("every unit of %s"), u->organisation_name);
		else if (u->nmembers > 0)
			unit_ref_links(h, u->members, u->nmembers, NULL);
		else
			html_text(h, _("units the plans do not name"));
		html_close(h, "dd");
	}
	fact_units(h, _("Collective roles that apply to it"), u->roles, u->nroles);
	html_close(h, "dl");
}

/* What falls to the unit, in all plans, by the closest way. */
static void
unit_summary_counts(struct html *h, const struct unit_view *u)
{
	html_open(h, "p", "class", "lead", NULL);
	html_text(h, label_unit_kind(u->kind));
	html_text(h, u->collective ? _(", a collective role. ") : ". ");
	html_printf(h, P_("%zu indicator falls to it.", "%zu indicators fall to it.",
	    u->nindicators), u->nindicators);
	if (u->pages > 1) {
		html_text(h, " ");
		size_t first = (size_t)(u->page - 1) * UNIT_PAGE_PLANS + 1;
		size_t last = first + UNIT_PAGE_PLANS - 1;
		if (last > u->nplans)
			last = u->nplans;
		html_printf(h, _("Named in %zu plans; here plans %zu–%zu."), u->nplans,
		    first, last);
	}
	html_close(h, "p");
	if (u->nindicators == 0)
		return;
	const size_t *w = u->nway;
	html_open(h, "ul", "class", "duty-counts", NULL);
	if (w[DUTY_DIRECT]) {
		html_open(h, "li", NULL);
		html_printf(h, P_("%zu assigned to this unit alone",
		    "%zu assigned to this unit alone", w[DUTY_DIRECT]), w[DUTY_DIRECT]);
		html_close(h, "li");
	}
	if (w[DUTY_SHARED]) {
		html_open(h, "li", NULL);
		html_printf(h, P_("%zu assigned to it and shared with other units",
		    "%zu assigned to it and shared with other units", w[DUTY_SHARED]),
		    w[DUTY_SHARED]);
		html_close(h, "li");
	}
	if (w[DUTY_COLLECTIVE]) {
		html_open(h, "li", NULL);
		html_printf(h, P_("%zu through a collective role", "%zu through collective roles",
		    w[DUTY_COLLECTIVE]), w[DUTY_COLLECTIVE]);
		html_close(h, "li");
	}
	if (w[DUTY_PARENT]) {
		html_open(h, "li", NULL);
		html_printf(h, P_("%zu through a unit above it", "%zu through units above it",
		    w[DUTY_PARENT]), w[DUTY_PARENT]);
		html_close(h, "li");
	}
	html_close(h, "ul");
}

/* Whether the plan's items on this page (from i) include one the unit is
 * responsible for itself. */
static bool
plan_has_direct(const struct unit_view *u, size_t i)
{
	for (size_t k = i; k < u->nitems && strcmp(u->items[k].plan_id, u->items[i].plan_id) == 0;
	    k++)
		if (u->items[k].way == DUTY_DIRECT || u->items[k].way == DUTY_SHARED)
			return true;
	return false;
}

static void
unit_items(struct html *h, const struct unit_view *u)
{
	/* Per plan, per measure: the measure's title once, as the heading of
	 * its table, and for each indicator how it falls to the unit. */
	for (size_t i = 0; i < u->nitems;) {
		const struct unit_duty *first = &u->items[i];
		if (i == 0 || strcmp(first->plan_id, u->items[i - 1].plan_id) != 0) {
			char *href = url_path("plans", first->plan_id, NULL);
			html_open(h, "h2", NULL);
			html_elem(h, "a", first->plan_title, "href", href, NULL);
			html_close(h, "h2");
			free(href);
			if (plan_has_direct(u, i)) {
				href = indicators_href(first->plan_id, -1, u->id, NULL);
				html_open(h, "p", NULL);
				html_elem(h, "a", _("The indicators assigned to this unit in the "
				    "plan's list, to filter and compare"), "href", href, NULL);
				html_close(h, "p");
				free(href);
			}
		}
		size_t n = 1;
		while (i + n < u->nitems && strcmp(u->items[i + n].plan_id, first->plan_id) == 0 &&
		    strcmp(u->items[i + n].measure_id, first->measure_id) == 0)
			n++;
		char *hid = measure_heading_id(first->plan_id, first->measure_id);
		char *href = url_path("plans", first->plan_id, "measures", first->measure_id, NULL);
		html_open(h, "h3", "id", hid, NULL);
		html_elem(h, "a", first->measure_title, "href", href, NULL);
		html_close(h, "h3");
		free(href);
		struct itable_row *rows = xcalloc(n, sizeof(*rows));
		for (size_t k = 0; k < n; k++) {
			const struct unit_duty *it = &u->items[i + k];
			rows[k] = (struct itable_row){
				.plan_id = it->plan_id,
				.measure_id = it->measure_id,
				.number = it->number,
				.text = it->text,
				.deadline = it->deadline,
				.resource_note = it->resource_note,
				.category = it->resource_category,
				.responsible_note = it->responsible_note,
				.units = it->responsible,
				.nunits = it->nresponsible,
				.duty = it,
			};
		}
		struct itable t = {
			.rows = rows,
			.nrows = n,
			.labelledby = hid,
			.self_unit = u->id,
			.link_numbers = true,
		};
		indicator_table(h, &t);
		free(rows);
		free(hid);
		i += n;
	}
}

static void
unit_steps(struct html *h, const struct unit_view *u)
{
	if (u->nsteps == 0)
		return;
	html_elem(h, "h2", _("Implementation steps"), NULL);
	html_open(h, "ul", "class", "steps", NULL);
	for (size_t i = 0; i < u->nsteps; i++) {
		const struct unit_step *s = &u->steps[i];
		char *href = url_path("plans", s->plan_id, NULL);
		html_open(h, "li", NULL);
		html_text(h, s->what);
		html_text(h, " ");
		html_open(h, "span", "class", "meta", NULL);
		if (s->when) {
			html_text(h, s->when);
			html_text(h, " · ");
		}
		html_elem(h, "a", s->plan_title, "href", href, NULL);
		html_close(h, "span");
		if (!s->direct && s->nvia > 0) {
			html_open(h, "ul", "class", "duties", NULL);
			for (size_t k = 0; k < s->nvia; k++) {
				html_open(h, "li", NULL);
				via_mark(h, &s->via[k]);
				html_close(h, "li");
			}
			html_close(h, "ul");
		}
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
}

/* The unit's contact record in the help directory: the one record the
 * directory and the action card show too. Without "open now", which a
 * cached page cannot keep right. */
static void
unit_contact(struct html *h, const struct help_service *c)
{
	html_elem(h, "h2", _("Contact information"), NULL);
	if (c == NULL) {
		html_elem(h, "p", _("No contact information has been registered for this "
		    "unit."), "class", "muted", NULL);
		return;
	}
	const char *offers = help_text_in(&c->offers, i18n_lang());
	if (offers)
		html_elem(h, "p", offers, NULL);
	help_view_contact(h, c, 0);
}

char *
page_unit(const struct unit_view *u, const struct help_service *contact, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Plans"), "/"}, {_("Units"), "/units"}};
	char *doc_title = xasprintf("%s – %s", u->name, _("Units"));
	layout_begin(h, u->name, doc_title, crumbs, 2);
	free(doc_title);
	html_elem(h, "h1", u->name, NULL);
	unit_summary_counts(h, u);
	unit_facts(h, u);
	if (u->page == 1)
		unit_contact(h, contact);
	if (u->pages > 1)
		unit_pages(h, u);
	if (u->nitems == 0 && u->nsteps == 0)
		html_elem(h, "p", _("Nothing in the plans falls to this unit."), NULL);
	unit_items(h, u);
	unit_steps(h, u);
	layout_end(h);
	return html_finish(h, len);
}

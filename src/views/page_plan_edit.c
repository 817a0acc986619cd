/* page_plan_edit.c — the pages of plan editing (issue 7 §7): the plans a
 * coordinator edits, a plan's overview with an edit, delete and move
 * control for every item, the forms (one renderer for every kind of
 * item, the plan's settings and its status) and the confirmation before
 * a deletion. Every form re-displays what was typed, with the message at
 * its field and a summary at the top (admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/xalloc.h"
#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* ---- words ---- */

static const char *const texts[EDIT_KIND__MAX][ET__MAX] = {
	[EDIT_THEME] = {
		N_("New theme"), N_("Edit the theme"), N_("Add a theme"),
		N_("Delete the theme"), N_("The theme has been added."),
		N_("The theme has been saved."), N_("The theme has been deleted."),
		N_("The theme has been moved."), N_("Themes, goals, measures and indicators"),
	},
	[EDIT_GOAL] = {
		N_("New goal"), N_("Edit the goal"), N_("Add a goal"),
		N_("Delete the goal"), N_("The goal has been added."),
		N_("The goal has been saved."), N_("The goal has been deleted."),
		N_("The goal has been moved."), N_("Goals"),
	},
	[EDIT_MEASURE] = {
		N_("New measure"), N_("Edit the measure"), N_("Add a measure"),
		N_("Delete the measure"), N_("The measure has been added."),
		N_("The measure has been saved."), N_("The measure has been deleted."),
		N_("The measure has been moved."), N_("Measures"),
	},
	[EDIT_INDICATOR] = {
		N_("New indicator"), N_("Edit the indicator"), N_("Add an indicator"),
		N_("Delete the indicator"), N_("The indicator has been added."),
		N_("The indicator has been saved."), N_("The indicator has been deleted."),
		N_("The indicator has been moved."), N_("Indicators"),
	},
	[EDIT_UNIT] = {
		N_("New unit"), N_("Edit the unit"), N_("Add a unit"),
		N_("Delete the unit"), N_("The unit has been added."),
		N_("The unit has been saved."), N_("The unit has been deleted."),
		N_("The unit has been moved."), N_("Responsible units"),
	},
	[EDIT_CHAPTER] = {
		N_("New chapter"), N_("Edit the chapter"), N_("Add a chapter"),
		N_("Delete the chapter"), N_("The chapter has been added."),
		N_("The chapter has been saved."), N_("The chapter has been deleted."),
		N_("The chapter has been moved."), N_("Chapters"),
	},
	[EDIT_STEP] = {
		N_("New implementation step"), N_("Edit the implementation step"),
		N_("Add an implementation step"), N_("Delete the implementation step"),
		N_("The implementation step has been added."),
		N_("The implementation step has been saved."),
		N_("The implementation step has been deleted."),
		N_("The implementation step has been moved."), N_("Implementation steps"),
	},
	[EDIT_OVERARCHING] = {
		N_("New overarching goal"), N_("Edit the overarching goal"),
		N_("Add an overarching goal"), N_("Delete the overarching goal"),
		N_("The overarching goal has been added."),
		N_("The overarching goal has been saved."),
		N_("The overarching goal has been deleted."),
		N_("The overarching goal has been moved."), N_("Overarching goals"),
	},
};

const char *
edit_text(enum edit_kind k, enum edit_text t)
{
	if ((unsigned)k >= EDIT_KIND__MAX || (unsigned)t >= ET__MAX)
		return "";
	return _(texts[k][t]);
}

/* The notice for ?done=VALUE, or NULL for a value we did not make. */
static const char *
done_notice(const char *done)
{
	static const struct {
		const char *done, *text;
	} plan_done[] = {
		{"create.plan", N_("The plan has been created as a draft. Visitors cannot "
		    "see it until it is adopted.")},
		{"save.plan", N_("The plan's settings have been saved.")},
		{"adopt.plan", N_("The plan is adopted. Visitors can see it now.")},
		{"replace.plan", N_("The plan is marked as replaced.")},
		{"unchanged", N_("Nothing was changed: what was sent is what was saved "
		    "already.")},
	};
	if (done == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(plan_done) / sizeof(plan_done[0]); i++)
		if (strcmp(done, plan_done[i].done) == 0)
			return _(plan_done[i].text);
	static const struct {
		const char     *action;
		enum edit_text  text;
	} actions[] = {
		{"add", ET_ADDED}, {"save", ET_SAVED}, {"delete", ET_DELETED},
		{"move", ET_MOVED},
	};
	const char *dot = strchr(done, '.');
	if (dot == NULL)
		return NULL;
	int kind = edit_kind_parse(dot + 1);
	for (size_t i = 0; kind >= 0 && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strlen(actions[i].action) == (size_t)(dot - done) &&
		    strncmp(done, actions[i].action, (size_t)(dot - done)) == 0)
			return edit_text((enum edit_kind)kind, actions[i].text);
	return NULL;
}

/* ---- forms ---- */

/* The hint of a field, with what someone else saved meanwhile. Caller
 * frees. */
static char *
hint_of(const struct edit_field_view *f)
{
	if (!f->changed)
		return f->hint ? xstrdup(f->hint) : NULL;
	const char *now = f->current ? f->current : _("(empty)");
	return xasprintf(_("Saved in the plan now: %s"), now);
}

static void
edit_field(struct html *h, const struct edit_field_view *f)
{
	char *hint = hint_of(f);
	switch (f->widget) {
	case EW_TEXTAREA:
		form_textarea(h, f->name, f->label, &(struct field_opts){.value = f->value,
		    .error = f->error, .hint = hint, .required = f->required,
		    .maxlength = f->maxlength});
		break;
	case EW_SELECT:
		form_select(h, f->name, f->label, f->options, f->noptions, f->value, f->error);
		if (hint)
			html_elem(h, "p", hint, "class", "hint", NULL);
		break;
	case EW_CHECKBOXES:
		form_checkboxes(h, f->name, f->label, f->options, f->noptions, f->values,
		    f->nvalues, hint, f->error, f->required);
		break;
	case EW_DATE:
	case EW_NUMBER:
	case EW_TEXT:
		form_input(h, f->name, f->label, &(struct field_opts){
		    .type = f->widget == EW_DATE ? "date" : f->widget == EW_NUMBER ?
		    "number" : "text", .value = f->value, .error = f->error, .hint = hint,
		    .required = f->required, .maxlength = f->maxlength});
		break;
	}
	free(hint);
}

static void
edit_form(struct html *h, const struct admin_user *u, const struct edit_form_view *f)
{
	if (f->heading)
		html_elem(h, "h2", f->heading, NULL);
	form_begin(h, f->action, u->csrf);
	if (f->revision >= 0) {
		char rev[16];
		snprintf(rev, sizeof(rev), "%d", f->revision);
		form_hidden(h, "revision", rev);
	}
	if (f->hidden_name)
		form_hidden(h, f->hidden_name, f->hidden_value);
	for (size_t i = 0; i < f->nfields; i++)
		edit_field(h, &f->fields[i]);
	html_elem(h, "button", f->submit, "type", "submit", NULL);
	form_end(h);
}

/* The top of an editing page: the heading, its lead, a notice, the
 * error summary. */
static void
edit_top(struct html *h, const struct edit_page_view *v)
{
	admin_begin(h, v->user, v->title, v->crumbs, v->ncrumbs);
	html_elem(h, "h1", v->title, NULL);
	if (v->lead)
		html_elem(h, "p", v->lead, "class", "lead", NULL);
	if (v->notice)
		form_notice(h, v->notice_error ? "error" : "ok", v->notice);
	form_summary(h, v->problems, v->nproblems);
}

char *
page_edit_form(const struct edit_page_view *v, size_t *len)
{
	struct html *h = html_new();
	edit_top(h, v);
	for (size_t i = 0; i < v->nforms; i++)
		edit_form(h, v->user, &v->forms[i]);
	if (v->back) {
		html_open(h, "p", NULL);
		html_elem(h, "a", _("Back to the plan without saving"), "href", v->back, NULL);
		html_close(h, "p");
	}
	admin_end(h);
	return html_finish(h, len);
}

/* ---- the plans a user edits ---- */

char *
page_edit_plans(const struct edit_page_view *v, const struct catalogue_org *const *orgs,
    size_t norgs, size_t *len)
{
	struct html *h = html_new();
	edit_top(h, v);
	if (norgs == 0)
		html_elem(h, "p", _("Your account coordinates no organisation with plans "
		    "yet."), NULL);
	for (size_t i = 0; i < norgs; i++) {
		const struct catalogue_org *o = orgs[i];
		html_elem(h, "h2", o->name, NULL);
		html_open(h, "ul", "class", "edit-plans", NULL);
		for (size_t k = 0; k < o->nplans; k++) {
			const struct catalogue_plan *cp = &o->plans[k];
			char *href = url_path("admin", "plans", cp->id, NULL);
			char period[32];
			format_period(period, sizeof(period), cp->period_start, cp->period_end);
			html_open(h, "li", NULL);
			html_elem(h, "a", cp->title, "href", href, NULL);
			html_text(h, " (");
			html_text(h, period);
			html_text(h, ", ");
			html_text(h, label_plan_status(cp->status));
			html_text(h, ")");
			html_close(h, "li");
			free(href);
		}
		html_close(h, "ul");
	}
	for (size_t i = 0; i < v->nforms; i++)
		edit_form(h, v->user, &v->forms[i]);
	admin_end(h);
	return html_finish(h, len);
}

/* ---- a plan's overview ---- */

struct tree {
	struct html             *h;
	const struct admin_user *u;
	const struct plan       *p;
	char                     rev[16];
};

/* The controls of one item: edit, delete, and move up and down (a small
 * form: the button sent names the place). base: the item's address;
 * name: the item for screen readers ("Edit" alone would be ambiguous in
 * a list of links). */
static void
item_actions(struct tree *t, const char *base, const char *name, size_t index,
    size_t count)
{
	struct html *h = t->h;
	html_open(h, "div", "class", "actions", NULL);
	html_open(h, "a", "href", base, NULL);
	html_text(h, _("Edit"));
	html_elem(h, "span", name, "class", "vh", NULL);
	html_close(h, "a");
	char *del = xasprintf("%s/delete", base);
	html_open(h, "a", "href", del, NULL);
	html_text(h, _("Delete"));
	html_elem(h, "span", name, "class", "vh", NULL);
	html_close(h, "a");
	free(del);
	if (count > 1) {
		char *move = xasprintf("%s/move", base);
		html_open(h, "form", "method", "post", "action", move, "class", "move", NULL);
		form_hidden(h, "csrf", t->u->csrf);
		form_hidden(h, "revision", t->rev);
		char to[24];
		if (index > 0) {
			snprintf(to, sizeof(to), "%zu", index);   /* places count from 1 */
			html_open(h, "button", "type", "submit", "name", "to", "value", to, NULL);
			html_text(h, _("Move up"));
			html_elem(h, "span", name, "class", "vh", NULL);
			html_close(h, "button");
		}
		if (index + 1 < count) {
			snprintf(to, sizeof(to), "%zu", index + 2);
			html_open(h, "button", "type", "submit", "name", "to", "value", to, NULL);
			html_text(h, _("Move down"));
			html_elem(h, "span", name, "class", "vh", NULL);
			html_close(h, "button");
		}
		html_close(h, "form");
		free(move);
	}
	html_close(h, "div");
}

/* A link to add an item. */
static void
add_link(struct html *h, const char *href, enum edit_kind k)
{
	html_open(h, "p", "class", "add", NULL);
	html_elem(h, "a", edit_text(k, ET_ADD), "href", href, NULL);
	html_close(h, "p");
}

/* ": NAME" for the hidden part of a control's label. */
static char *
control_name(const char *name)
{
	return xasprintf(": %s", name);
}

/* The flat lists of a plan (chapters, overarching goals, units,
 * implementation steps): each item's anchor is KIND-KEY and its address
 * /admin/plans/P/SECTION/KEY, where SECTION is also the list's anchor
 * and KEY the item's id, or its place from 1. */

/* The list's heading, and its opening when it has n > 0 items. */
static void
flat_begin(struct tree *t, enum edit_kind k, const char *section, size_t n)
{
	html_elem(t->h, "h2", edit_text(k, ET_PLURAL), "id", section, NULL);
	if (n > 0)
		html_open(t->h, "ol", "class", "edit-list", NULL);
}

/* The list's end, and the link to add an item (…/add-KIND). */
static void
flat_end(struct tree *t, enum edit_kind k, size_t n)
{
	if (n > 0)
		html_close(t->h, "ol");
	char leaf[40];
	snprintf(leaf, sizeof(leaf), "add-%s", edit_kind_name(k));
	char *add = url_path("admin", "plans", t->p->id, leaf, NULL);
	add_link(t->h, add, k);
	free(add);
}

/* An item's opening; what it shows follows. */
static void
flat_item_begin(struct tree *t, enum edit_kind k, const char *key)
{
	char *anchor = xasprintf("%s-%s", edit_kind_name(k), key);
	html_open(t->h, "li", "id", anchor, NULL);
	free(anchor);
}

/* An item's controls (title names it for screen readers), and its end. */
static void
flat_item_end(struct tree *t, const char *section, const char *key, const char *title,
    size_t index, size_t count)
{
	char *base = url_path("admin", "plans", t->p->id, section, key, NULL);
	char *name = control_name(title);
	item_actions(t, base, name, index, count);
	html_close(t->h, "li");
	free(base);
	free(name);
}

/* An item shown by its title alone. */
static void
flat_title_item(struct tree *t, enum edit_kind k, const char *section, const char *key,
    const char *title, size_t index, size_t count)
{
	flat_item_begin(t, k, key);
	html_elem(t->h, "span", title, "class", "item", NULL);
	flat_item_end(t, section, key, title, index, count);
}

static void
list_chapters(struct tree *t)
{
	const struct plan *p = t->p;
	flat_begin(t, EDIT_CHAPTER, "chapters", p->nchapters);
	for (size_t i = 0; i < p->nchapters; i++)
		flat_title_item(t, EDIT_CHAPTER, "chapters", p->chapters[i].id,
		    p->chapters[i].title, i, p->nchapters);
	flat_end(t, EDIT_CHAPTER, p->nchapters);
}

/* The overarching goals, by their place (they have no id). */
static void
list_overarching(struct tree *t)
{
	const struct plan *p = t->p;
	size_t n = p->noverarching_goals;
	flat_begin(t, EDIT_OVERARCHING, "overarching-goals", n);
	for (size_t i = 0; i < n; i++) {
		char place[24];
		snprintf(place, sizeof(place), "%zu", i + 1);
		flat_title_item(t, EDIT_OVERARCHING, "overarching-goals", place,
		    p->overarching_goals[i].title, i, n);
	}
	flat_end(t, EDIT_OVERARCHING, n);
}

static void
list_units(struct tree *t)
{
	struct html *h = t->h;
	const struct plan *p = t->p;
	flat_begin(t, EDIT_UNIT, "units", p->nunits);
	for (size_t i = 0; i < p->nunits; i++) {
		const struct unit *u = &p->units[i];
		flat_item_begin(t, EDIT_UNIT, u->id);
		html_open(h, "span", "class", "item", NULL);
		html_text(h, u->name);
		html_text(h, " (");
		html_text(h, label_unit_kind(u->kind));
		html_text(h, ")");
		html_close(h, "span");
		flat_item_end(t, "units", u->id, u->name, i, p->nunits);
	}
	flat_end(t, EDIT_UNIT, p->nunits);
}

static void
list_steps(struct tree *t)
{
	struct html *h = t->h;
	const struct plan *p = t->p;
	flat_begin(t, EDIT_STEP, "steps", p->nsteps);
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct implementation_step *s = &p->steps[i];
		char n[24];
		snprintf(n, sizeof(n), "%zu", i + 1);
		flat_item_begin(t, EDIT_STEP, n);
		html_open(h, "span", "class", "item", NULL);
		html_text(h, s->what);
		html_text(h, " – ");
		html_text(h, s->who);
		if (s->when) {
			html_text(h, ", ");
			html_text(h, s->when);
		}
		html_close(h, "span");
		flat_item_end(t, "steps", n, s->what, i, p->nsteps);
	}
	flat_end(t, EDIT_STEP, p->nsteps);
}

static void
list_indicators(struct tree *t, const struct measure *m)
{
	struct html *h = t->h;
	const struct plan *p = t->p;
	if (m->nindicators > 0) {
		html_open(h, "ol", "class", "edit-list", NULL);
		for (size_t i = 0; i < m->nindicators; i++) {
			const struct indicator *ind = &m->indicators[i];
			char n[24];
			snprintf(n, sizeof(n), "%d", ind->number);
			char *anchor = xasprintf("indicator-%s-%d", m->id, ind->number);
			char *base = url_path("admin", "plans", p->id, "measures", m->id,
			    "indicators", n, NULL);
			char *label = xasprintf("%d. %s", ind->number, ind->text);
			char *name = control_name(label);
			html_open(h, "li", "id", anchor, NULL);
			html_elem(h, "span", label, "class", "item", NULL);
			item_actions(t, base, name, i, m->nindicators);
			html_close(h, "li");
			free(anchor);
			free(base);
			free(label);
			free(name);
		}
		html_close(h, "ol");
	}
	char *add = url_path("admin", "plans", p->id, "measures", m->id, "add-indicator", NULL);
	add_link(h, add, EDIT_INDICATOR);
	free(add);
}

static void
list_measures(struct tree *t, const struct goal *g)
{
	struct html *h = t->h;
	const struct plan *p = t->p;
	if (g->nmeasures > 0) {
		html_open(h, "ol", "class", "edit-list", NULL);
		for (size_t i = 0; i < g->nmeasures; i++) {
			const struct measure *m = &g->measures[i];
			char *anchor = xasprintf("measure-%s", m->id);
			char *base = url_path("admin", "plans", p->id, "measures", m->id, NULL);
			char *name = control_name(m->title);
			html_open(h, "li", "id", anchor, NULL);
			html_open(h, "span", "class", "item", NULL);
			html_elem(h, "span", _("Measure:"), "class", "level", NULL);
			html_text(h, " ");
			html_text(h, m->title);
			html_close(h, "span");
			item_actions(t, base, name, i, g->nmeasures);
			list_indicators(t, m);
			html_close(h, "li");
			free(anchor);
			free(base);
			free(name);
		}
		html_close(h, "ol");
	}
	char *add = url_path("admin", "plans", p->id, "goals", g->id, "add-measure", NULL);
	add_link(h, add, EDIT_MEASURE);
	free(add);
}

static void
list_themes(struct tree *t)
{
	struct html *h = t->h;
	const struct plan *p = t->p;
	html_elem(h, "h2", edit_text(EDIT_THEME, ET_PLURAL), "id", "themes", NULL);
	if (p->nthemes > 0) {
		html_open(h, "ol", "class", "edit-list edit-tree", NULL);
		for (size_t i = 0; i < p->nthemes; i++) {
			const struct theme *th = &p->themes[i];
			char *anchor = xasprintf("theme-%s", th->id);
			char *base = url_path("admin", "plans", p->id, "themes", th->id, NULL);
			char *name = control_name(th->title);
			html_open(h, "li", "id", anchor, NULL);
			html_open(h, "span", "class", "item", NULL);
			html_elem(h, "span", _("Theme:"), "class", "level", NULL);
			html_text(h, " ");
			html_text(h, th->title);
			html_close(h, "span");
			item_actions(t, base, name, i, p->nthemes);
			if (th->ngoals > 0) {
				html_open(h, "ol", "class", "edit-list", NULL);
				for (size_t k = 0; k < th->ngoals; k++) {
					const struct goal *g = &th->goals[k];
					char *ga = xasprintf("goal-%s", g->id);
					char *gb = url_path("admin", "plans", p->id, "goals", g->id, NULL);
					char *gn = control_name(g->text);
					html_open(h, "li", "id", ga, NULL);
					html_open(h, "span", "class", "item", NULL);
					html_elem(h, "span", _("Goal:"), "class", "level", NULL);
					html_text(h, " ");
					html_text(h, g->text);
					html_close(h, "span");
					item_actions(t, gb, gn, k, th->ngoals);
					list_measures(t, g);
					html_close(h, "li");
					free(ga);
					free(gb);
					free(gn);
				}
				html_close(h, "ol");
			}
			char *add = url_path("admin", "plans", p->id, "themes", th->id, "add-goal",
			    NULL);
			add_link(h, add, EDIT_GOAL);
			free(add);
			html_close(h, "li");
			free(anchor);
			free(base);
			free(name);
		}
		html_close(h, "ol");
	}
	char *add = url_path("admin", "plans", p->id, "add-theme", NULL);
	add_link(h, add, EDIT_THEME);
	free(add);
}

/* The crumbs of a plan's editing pages: start, plans, the plan. */
static void
plan_crumbs(struct crumb c[3], const struct plan *p, char **plan_href)
{
	*plan_href = url_path("admin", "plans", p->id, NULL);
	c[0] = (struct crumb){_("Start"), "/admin"};
	c[1] = (struct crumb){_("Plans"), "/admin/plans"};
	c[2] = (struct crumb){p->title, *plan_href};
}

char *
page_edit_plan(const struct admin_user *u, const struct plan *p,
    const struct revision_info *rev, const char *done, const char *error, size_t *len)
{
	struct html *h = html_new();
	struct crumb c[2] = {{_("Start"), "/admin"}, {_("Plans"), "/admin/plans"}};
	admin_begin(h, u, p->title, c, 2);
	html_elem(h, "h1", p->title, NULL);
	char period[32];
	format_period(period, sizeof(period), p->period_start, p->period_end);
	html_open(h, "p", "class", "lead", NULL);
	html_text(h, label_plan_status(p->status));
	html_text(h, " · ");
	html_text(h, period);
	html_text(h, " · ");
	if (rev->number > 0)
		html_printf(h, _("revision %d, saved %s by %s"), rev->number, rev->at,
		    rev->actor);
	else
		html_text(h, _("no revision yet"));
	html_close(h, "p");
	if (p->status == PLAN_DRAFT)
		html_elem(h, "p", _("This plan is a draft: visitors cannot see it until it "
		    "is adopted."), NULL);
	const char *notice = done_notice(done);
	if (error)
		form_notice(h, "error", error);
	else if (notice)
		form_notice(h, "ok", notice);

	char *settings = url_path("admin", "plans", p->id, "settings", NULL);
	char *status = url_path("admin", "plans", p->id, "status", NULL);
	char *public = url_path("plans", p->id, NULL);
	html_open(h, "ul", "class", "edit-links", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Title, period and owners"), "href", settings, NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Status and adoption"), "href", status, NULL);
	html_close(h, "li");
	if (p->status != PLAN_DRAFT) {
		html_open(h, "li", NULL);
		html_elem(h, "a", _("The public page"), "href", public, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	free(settings);
	free(status);
	free(public);

	struct tree t = {.h = h, .u = u, .p = p};
	snprintf(t.rev, sizeof(t.rev), "%d", rev->number);
	list_chapters(&t);
	list_overarching(&t);
	list_units(&t);
	list_steps(&t);
	list_themes(&t);
	admin_end(h);
	return html_finish(h, len);
}

/* ---- deleting ---- */

/* A list item "N things" (fmt translated, with one %zu). */
static void
count_item(struct html *h, const char *fmt, size_t n)
{
	html_open(h, "li", NULL);
	html_printf(h, fmt, n);
	html_close(h, "li");
}

char *
page_edit_delete(const struct edit_delete_view *v, size_t *len)
{
	struct html *h = html_new();
	struct crumb c[3];
	char *plan_href;
	plan_crumbs(c, v->plan, &plan_href);
	const char *title = edit_text(v->kind, ET_DELETE);
	admin_begin(h, v->user, title, c, 3);
	html_elem(h, "h1", title, NULL);
	if (v->notice)
		form_notice(h, "error", v->notice);
	html_open(h, "p", "class", "lead", NULL);
	html_text(h, "«");
	html_text(h, v->name);
	html_text(h, "»");
	html_close(h, "p");

	/* What goes with it (not counting itself). */
	size_t goals = v->kind == EDIT_GOAL ? 0 : v->goals;
	size_t measures = v->kind == EDIT_MEASURE ? 0 : v->measures;
	size_t indicators = v->kind == EDIT_INDICATOR ? 0 : v->indicators;
	if (goals + measures + indicators > 0) {
		html_elem(h, "p", _("Deleting it also deletes what lies under it:"), NULL);
		html_open(h, "ul", NULL);
		if (goals)
			count_item(h, P_("%zu goal", "%zu goals", goals), goals);
		if (measures)
			count_item(h, P_("%zu measure", "%zu measures", measures), measures);
		if (indicators)
			count_item(h, P_("%zu indicator", "%zu indicators", indicators),
			    indicators);
		html_close(h, "ul");
	}
	if (v->kind == EDIT_UNIT) {
		html_open(h, "p", NULL);
		if (v->unit_indicators + v->unit_steps == 0)
			html_text(h, _("No indicator or implementation step names it as "
			    "responsible."));
		else
			html_printf(h, _("It is named as responsible for %zu indicators and "
			    "%zu implementation steps; it will be taken off them (the others "
			    "named with it stay)."), v->unit_indicators, v->unit_steps);
		html_close(h, "p");
	}
	if (v->kind != EDIT_UNIT && v->kind != EDIT_CHAPTER && v->kind != EDIT_STEP &&
	    v->kind != EDIT_OVERARCHING) {
		html_open(h, "p", "class", v->reports > 0 ? "notice notice-error" : NULL,
		    NULL);
		if (v->reports > 0)
			html_printf(h, P_("There is %ld status report on the indicators that "
			    "will be deleted. It is not deleted: it stays in the history under "
			    "this plan, measure and indicator number.", "There are %ld status "
			    "reports on the indicators that will be deleted. They are not "
			    "deleted: they stay in the history under this plan, measure and "
			    "indicator number.", v->reports), v->reports);
		else
			html_text(h, _("No status reports have been given on these indicators."));
		html_close(h, "p");
	}
	form_begin(h, v->action, v->user->csrf);
	char rev[16];
	snprintf(rev, sizeof(rev), "%d", v->revision);
	form_hidden(h, "revision", rev);
	html_elem(h, "button", title, "type", "submit", "class", "danger", NULL);
	form_end(h);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Keep it and go back to the plan"), "href", plan_href, NULL);
	html_close(h, "p");
	free(plan_href);
	admin_end(h);
	return html_finish(h, len);
}

/* page_card_admin.c — editing the action card (issue 8 §5), for
 * coordinators: the list of cards, a card as its steps (each with edit,
 * move and delete, and adding one), the form of a step or of the card's
 * title and introduction with every language, the confirmation of a
 * deletion. Every field through the form pieces of views/admin.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/pages.h"

static void
crumbs_cards(struct crumb cr[2])
{
	cr[0] = (struct crumb){_("Start"), "/admin"};
	cr[1] = (struct crumb){_("Action cards"), "/admin/cards"};
}

char *
page_cards_admin(const struct admin_user *u, const struct card_list *l,
    const bool *mine, size_t *len)
{
	struct html *h = html_new();
	struct crumb cr[1] = {{_("Start"), "/admin"}};
	admin_begin(h, u, _("Action cards"), cr, 1);
	html_elem(h, "h1", _("Action cards"), NULL);
	html_elem(h, "p", _("Each organisation's card for employees: what to do when "
	    "violence or abuse is suspected. The shipped cards are templates until a "
	    "coordinator has checked every step and marked the card reviewed."), NULL);
	html_open(h, "ul", NULL);
	size_t shown = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct card_summary *c = &l->items[i];
		if (!mine[i] || c->revision == 0)
			continue;
		shown++;
		html_open(h, "li", NULL);
		char *href = url_path("admin", "cards", c->organisation_id, NULL);
		html_elem(h, "a", c->organisation_name, "href", href, NULL);
		free(href);
		html_text(h, " – ");
		html_text(h, c->is_template ? _("template, not reviewed") : _("reviewed"));
		html_close(h, "li");
	}
	html_close(h, "ul");
	if (shown == 0)
		html_elem(h, "p", _("None of your organisations has an action card yet: "
		    "import one (tiltak import data/cards/ORG.json)."), NULL);
	admin_end(h);
	return html_finish(h, len);
}

/* "/admin/cards/ORG/LEAF…" (caller frees). */
static char *
card_path(const char *org, const char *a, const char *b, const char *c)
{
	return url_path("admin", "cards", org, a, b, c, NULL);
}

/* The notice after a change (?done=…), translated; NULL for none. */
static const char *
done_notice(const char *done)
{
	static const struct { const char *key, *msg; } notes[] = {
		{"settings", N_("The title and introduction are saved.")},
		{"add", N_("The step is added.")},
		{"edit", N_("The step is saved.")},
		{"delete", N_("The step is deleted.")},
		{"move", N_("The step is moved.")},
		{"reviewed", N_("The card is marked reviewed: the template mark is gone.")},
		{"unchanged", N_("Nothing was changed.")},
	};
	for (size_t i = 0; done && i < sizeof(notes) / sizeof(notes[0]); i++)
		if (strcmp(done, notes[i].key) == 0)
			return _(notes[i].msg);
	return NULL;
}

/* The languages a text has, for the overview: "nb, nn, en". */
static void
langs(struct html *h, const struct card_text *t)
{
	char out[32] = "";
	for (int i = 0; i < CARD_LANG__MAX; i++)
		if (t->s[i])
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			    *out ? ", " : "", card_lang_code[i]);
	html_text(h, out);
}

/* A POST button with the card's revision and, when to > 0, the place
 * to move to. */
static void
button_form(struct html *h, const struct admin_user *u, const char *action,
    int revision, int to, const char *label)
{
	char rev[16], pos[16];
	snprintf(rev, sizeof(rev), "%d", revision);
	snprintf(pos, sizeof(pos), "%d", to);
	html_open(h, "form", "method", "post", "action", action, "class", "inline", NULL);
	html_void(h, "input", "type", "hidden", "name", "csrf", "value", u->csrf, NULL);
	form_hidden(h, "revision", rev);
	if (to > 0)
		form_hidden(h, "to", pos);
	html_elem(h, "button", label, "type", "submit", NULL);
	html_close(h, "form");
}

char *
page_card_admin(const struct admin_user *u, const struct card_view *v,
    const char *done, const char *error, size_t *len)
{
	const struct card *c = v->card;
	struct html *h = html_new();
	struct crumb cr[2];
	crumbs_cards(cr);
	const char *title = v->organisation_name ? v->organisation_name : c->organisation;
	admin_begin(h, u, title, cr, 2);
	char head[PLAN_TITLE_MAX + 64];
	snprintf(head, sizeof(head), _("Action card of %s"), title);
	html_elem(h, "h1", head, NULL);
	if (error)
		form_notice(h, "error", error);
	const char *note = done_notice(done);
	if (note)
		form_notice(h, "ok", note);

	char *pub = url_path("tiltakskort", c->organisation, NULL);
	char *pdf = url_path("tiltakskort", c->organisation, "pdf", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("The card as the public sees it"), "href", pub, NULL);
	html_text(h, " · ");
	html_elem(h, "a", _("The card as PDF"), "href", pdf, NULL);
	html_close(h, "p");
	free(pub);
	free(pdf);

	if (c->is_template) {
		html_open(h, "div", "class", "card-template", NULL);
		html_elem(h, "p", _("This card is still the shipped template: it says so on "
		    "every page and on the PDF. Check every step, its duties and its links, "
		    "then mark it reviewed."), NULL);
		char *act = card_path(c->organisation, "reviewed", NULL, NULL);
		button_form(h, u, act, v->revision, 0, _("Mark the card reviewed"));
		free(act);
		html_close(h, "div");
	} else {
		html_elem(h, "p", _("This card has been reviewed by the municipality."), NULL);
	}

	html_elem(h, "h2", card_text_pick(&c->title, "nb"), NULL);
	char *set = card_path(c->organisation, "settings", NULL, NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Edit the title and introduction"), "href", set, NULL);
	html_close(h, "p");
	free(set);

	html_elem(h, "h2", _("Steps"), NULL);
	html_open(h, "ol", "class", "card-admin-steps", NULL);
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct card_step *s = &c->steps[i];
		char n[24];
		snprintf(n, sizeof(n), "%zu", i + 1);
		html_open(h, "li", "id", NULL, NULL);
		html_elem(h, "strong", card_text_pick(&s->heading, "nb"), NULL);
		html_text(h, " (");
		langs(h, &s->heading);
		html_text(h, ")");
		html_open(h, "div", "class", "actions", NULL);
		char *edit = card_path(c->organisation, "steps", n, NULL);
		char label[PLAN_TITLE_MAX + 64];
		snprintf(label, sizeof(label), _("Edit step %zu"), i + 1);
		html_elem(h, "a", label, "href", edit, NULL);
		html_text(h, " ");
		char *del = card_path(c->organisation, "steps", n, "delete");
		snprintf(label, sizeof(label), _("Delete step %zu"), i + 1);
		html_elem(h, "a", label, "href", del, NULL);
		char *move = card_path(c->organisation, "steps", n, "move");
		if (i > 0) {
			snprintf(label, sizeof(label), _("Move step %zu up"), i + 1);
			button_form(h, u, move, v->revision, (int)i, label);
		}
		if (i + 1 < c->nsteps) {
			snprintf(label, sizeof(label), _("Move step %zu down"), i + 1);
			button_form(h, u, move, v->revision, (int)i + 2, label);
		}
		free(edit);
		free(del);
		free(move);
		html_close(h, "div");
		html_close(h, "li");
	}
	html_close(h, "ol");
	if (c->nsteps < CARD_STEPS_MAX) {
		char *add = card_path(c->organisation, "add-step", NULL, NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("Add a step"), "href", add, NULL);
		html_close(h, "p");
		free(add);
	}
	admin_end(h);
	return html_finish(h, len);
}

char *
page_card_form(const struct admin_user *u, const struct card_view *v,
    const struct card_form *f, size_t *len)
{
	struct html *h = html_new();
	struct crumb cr[3];
	crumbs_cards(cr);
	const char *org = v->card->organisation;
	char *back = url_path("admin", "cards", org, NULL);
	cr[2] = (struct crumb){v->organisation_name ? v->organisation_name : org, back};
	admin_begin(h, u, f->heading, cr, 3);
	html_elem(h, "h1", f->heading, NULL);
	form_summary(h, f->problems, f->nproblems);
	if (f->notice)
		form_notice(h, "error", f->notice);
	form_begin(h, f->action, u->csrf);
	char rev[16];
	snprintf(rev, sizeof(rev), "%d", v->revision);
	form_hidden(h, "revision", rev);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct card_form_field *x = &f->fields[i];
		struct field_opts o = {.type = "text", .value = x->value, .error = x->error,
		    .hint = x->hint, .required = x->required};
		if (x->multiline)
			form_textarea(h, x->name, x->label, &o);
		else
			form_input(h, x->name, x->label, &o);
	}
	if (f->unit_options)
		form_checkboxes(h, "unit", _("Units responsible"), f->unit_options,
		    f->nunit_options, f->units_checked, f->nunits_checked,
		    _("From the units register: the units the plans name."), f->units_error,
		    false);
	if (f->service_options)
		form_checkboxes(h, "service", _("Help directory entries to call"),
		    f->service_options, f->nservice_options, f->services_checked,
		    f->nservices_checked, _("Their names and phone numbers are shown on the "
		    "card as the directory has them."), f->services_error, false);
	html_elem(h, "button", f->submit, "type", "submit", NULL);
	form_end(h);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Back to the card without saving"), "href", back, NULL);
	html_close(h, "p");
	free(back);
	admin_end(h);
	return html_finish(h, len);
}

char *
page_card_delete(const struct admin_user *u, const struct card_view *v, size_t n,
    const char *error, size_t *len)
{
	struct html *h = html_new();
	struct crumb cr[3];
	crumbs_cards(cr);
	const char *org = v->card->organisation;
	char *back = url_path("admin", "cards", org, NULL);
	cr[2] = (struct crumb){v->organisation_name ? v->organisation_name : org, back};
	char title[PLAN_TITLE_MAX + 64];
	snprintf(title, sizeof(title), _("Delete step %zu"), n);
	admin_begin(h, u, title, cr, 3);
	html_elem(h, "h1", title, NULL);
	if (error)
		form_notice(h, "error", error);
	char *q = xasprintf(_("Delete the step “%s” from the card? The card's earlier "
	    "content stays in the audit trail."), card_text_pick(&v->card->steps[n - 1].heading,
	    "nb"));
	html_elem(h, "p", q, NULL);
	free(q);
	char num[24];
	snprintf(num, sizeof(num), "%zu", n);
	char *act = url_path("admin", "cards", org, "steps", num, "delete", NULL);
	button_form(h, u, act, v->revision, 0, _("Delete the step"));
	free(act);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Back to the card without deleting"), "href", back, NULL);
	html_close(h, "p");
	free(back);
	admin_end(h);
	return html_finish(h, len);
}

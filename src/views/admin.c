/* admin.c — the frame of the signed-in area and its form pieces. */
#include "views/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/html.h"
#include "views/i18n.h"

/* The signed-in area's menu: each entry shown to the roles that may
 * open it (the route table decides access; this only hides links a role
 * cannot use). */
static const struct {
	const char *href;
	const char *label;
	enum role   least;
} menu[] = {
	{"/admin", N_("Start"), ROLE_READER},
	{"/admin/report", N_("Yearly report"), ROLE_READER},
	{"/admin/overview", N_("Overview"), ROLE_READER},
	{"/admin/plans", N_("Plans"), ROLE_COORDINATOR},
	{"/admin/cards", N_("Action cards"), ROLE_COORDINATOR},
	/* The audit trail and user administration (issue 7 §6, §3). */
	{"/admin/audit", N_("Audit trail"), ROLE_COORDINATOR},
	{"/admin/users", N_("Users"), ROLE_ADMIN},
	{"/admin/organisations", N_("Organisations"), ROLE_ADMIN},
	/* The help directory (issue 8 §1). */
	{"/admin/services", N_("Help directory"), ROLE_COORDINATOR},
};

const char *
label_role(enum role r)
{
	static const char *const names[ROLE__MAX] = {
		[ROLE_NONE] = N_("No role"),
		[ROLE_READER] = N_("Reader"),
		[ROLE_REPORTER] = N_("Reporter"),
		[ROLE_COORDINATOR] = N_("Coordinator"),
		[ROLE_ADMIN] = N_("Administrator"),
	};
	return _(names[r < ROLE__MAX ? r : ROLE_NONE]);
}

void
admin_begin(struct html *h, const struct admin_user *u, const char *title,
    const struct crumb *crumbs, size_t ncrumbs)
{
	layout_head(h, title, "admin");

	html_open(h, "header", "class", "site", NULL);
	html_open(h, "div", "class", "bar", NULL);
	html_elem(h, "a", "tiltak", "class", "brand", "href", "/admin", NULL);
	html_open(h, "nav", "aria-label", _("Menu of the signed-in area"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < sizeof(menu) / sizeof(menu[0]); i++) {
		if (u->role < menu[i].least)
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a", _(menu[i].label), "href", menu[i].href, NULL);
		html_close(h, "li");
	}
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Public pages"), "href", "/", NULL);
	html_close(h, "li");
	html_close(h, "ul");
	html_close(h, "nav");
	html_open(h, "div", "class", "who", NULL);
	html_open(h, "span", NULL);
	html_text(h, u->email);
	html_text(h, " (");
	html_text(h, label_role(u->role));
	html_text(h, ")");
	html_close(h, "span");
	html_elem(h, "a", _("Change password"), "href", "/admin/password", NULL);
	form_begin(h, "/admin/logout", u->csrf);
	html_elem(h, "button", _("Sign out"), "type", "submit", NULL);
	form_end(h);
	html_close(h, "div");
	html_close(h, "div");
	html_close(h, "header");

	layout_crumbs(h, title, crumbs, ncrumbs);
	html_open(h, "main", "id", "main", NULL);
}

void
admin_end(struct html *h)
{
	html_close(h, "main");
	html_open(h, "footer", "class", "site", NULL);
	html_open(h, "p", NULL);
	html_text(h, _("The signed-in area keeps one cookie, the session, sent "
	    "only to its own pages; it ends when you sign out. Everything you "
	    "change is recorded with your name in the audit trail."));
	html_close(h, "p");
	html_close(h, "footer");
	html_close(h, "body");
	html_close(h, "html");
}

/* ---- forms ---- */

void
form_begin(struct html *h, const char *action, const char *csrf)
{
	html_open(h, "form", "method", "post", "action", action, NULL);
	html_void(h, "input", "type", "hidden", "name", "csrf", "value", csrf, NULL);
}

void
form_end(struct html *h)
{
	html_close(h, "form");
}

void
form_summary(struct html *h, const struct form_problem *p, size_t n)
{
	if (n == 0)
		return;
	html_open(h, "div", "class", "error-summary", "role", "alert",
	    "aria-labelledby", "error-summary-title", "tabindex", "-1", NULL);
	html_elem(h, "h2", P_("There is a problem", "There are problems", n),
	    "id", "error-summary-title", NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		char href[160];
		snprintf(href, sizeof(href), "#%s", p[i].id);
		html_elem(h, "a", p[i].message, "href", href, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
}

/* The ids of a field's hint and error ("NAME-hint", "NAME-error"), and
 * the aria-describedby naming those present. */
struct described {
	char hint[160], error[160], by[330];
};

static void
describe(struct described *d, const char *name, bool hint, bool error)
{
	snprintf(d->hint, sizeof(d->hint), "%s-hint", name);
	snprintf(d->error, sizeof(d->error), "%s-error", name);
	snprintf(d->by, sizeof(d->by), "%s%s%s", hint ? d->hint : "",
	    hint && error ? " " : "", error ? d->error : "");
}

/* The wrapper, label, hint and error of a field; the control follows. */
static void
field_open(struct html *h, const char *name, const char *label,
    const struct field_opts *o, const struct described *d)
{
	char cls[96];
	snprintf(cls, sizeof(cls), "field%s%s%s", o->error ? " has-error" : "",
	    o->extra_class ? " " : "", o->extra_class ? o->extra_class : "");
	html_open(h, "div", "class", cls, NULL);
	html_open(h, "label", "for", name, NULL);
	html_text(h, label);
	if (!o->required)
		html_elem(h, "span", _(" (optional)"), "class", "optional", NULL);
	html_close(h, "label");
	if (o->hint)
		html_elem(h, "p", o->hint, "class", "hint", "id", d->hint, NULL);
	if (o->error) {
		html_open(h, "p", "class", "error", "id", d->error, NULL);
		html_elem(h, "span", _("Error:"), "class", "vh", NULL);
		html_text(h, " ");
		html_text(h, o->error);
		html_close(h, "p");
	}
}

void
form_input(struct html *h, const char *name, const char *label,
    const struct field_opts *o)
{
	struct described d;
	describe(&d, name, o->hint != NULL, o->error != NULL);
	field_open(h, name, label, o, &d);
	html_void(h, "input", "type", o->type ? o->type : "text", "id", name,
	    "name", name, "value", o->value ? o->value : "",
	    "autocomplete", o->autocomplete, "maxlength", o->maxlength,
	    "list", o->list, "required", o->required ? "" : NULL,
	    "aria-invalid", o->error ? "true" : NULL,
	    "aria-describedby", d.by[0] ? d.by : NULL, NULL);
	html_close(h, "div");
}

void
form_textarea(struct html *h, const char *name, const char *label,
    const struct field_opts *o)
{
	struct described d;
	describe(&d, name, o->hint != NULL, o->error != NULL);
	field_open(h, name, label, o, &d);
	html_open(h, "textarea", "id", name, "name", name, "rows", "4",
	    "maxlength", o->maxlength, "required", o->required ? "" : NULL,
	    "aria-invalid", o->error ? "true" : NULL,
	    "aria-describedby", d.by[0] ? d.by : NULL, NULL);
	/* A newline right after <textarea> is dropped by the parser: one
	 * is written so a value that starts with one keeps it. */
	html_text(h, "\n");
	html_text(h, o->value ? o->value : "");
	html_close(h, "textarea");
	html_close(h, "div");
}

void
form_select(struct html *h, const char *name, const char *label,
    const struct option *opts, size_t n, const char *value, const char *error)
{
	struct field_opts o = {.error = error, .required = true};
	struct described d;
	describe(&d, name, false, error != NULL);
	field_open(h, name, label, &o, &d);
	html_open(h, "select", "id", name, "name", name,
	    "aria-invalid", error ? "true" : NULL,
	    "aria-describedby", d.by[0] ? d.by : NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		bool sel = value != NULL && strcmp(value, opts[i].value) == 0;
		html_elem(h, "option", opts[i].label, "value", opts[i].value,
		    "selected", sel ? "" : NULL, NULL);
	}
	html_close(h, "select");
	html_close(h, "div");
}

void
form_radios(struct html *h, const char *name, const char *legend,
    const struct option *opts, size_t n, const char *value, const char *hint,
    const char *error)
{
	struct described d;
	describe(&d, name, hint != NULL, error != NULL);
	html_open(h, "fieldset", "class", error ? "field radios has-error" : "field radios",
	    "aria-describedby", d.by[0] ? d.by : NULL, NULL);
	html_elem(h, "legend", legend, NULL);
	if (hint)
		html_elem(h, "p", hint, "class", "hint", "id", d.hint, NULL);
	if (error) {
		html_open(h, "p", "class", "error", "id", d.error, NULL);
		html_elem(h, "span", _("Error:"), "class", "vh", NULL);
		html_text(h, " ");
		html_text(h, error);
		html_close(h, "p");
	}
	for (size_t i = 0; i < n; i++) {
		char id[200];
		if (i == 0)
			snprintf(id, sizeof(id), "%s", name);
		else
			snprintf(id, sizeof(id), "%s-%s", name, opts[i].value);
		bool on = value != NULL && strcmp(value, opts[i].value) == 0;
		html_open(h, "div", "class", "radio", NULL);
		html_void(h, "input", "type", "radio", "id", id, "name", name, "value",
		    opts[i].value, "checked", on ? "" : NULL, NULL);
		html_elem(h, "label", opts[i].label, "for", id, NULL);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
}

void
form_notice(struct html *h, const char *kind, const char *text)
{
	bool err = strcmp(kind, "error") == 0;
	html_elem(h, "p", text, "class", err ? "notice notice-error" : "notice notice-ok",
	    "role", err ? "alert" : "status", NULL);
}

void
form_checkboxes(struct html *h, const char *name, const char *label,
    const struct option *opts, size_t n, const char *const *checked, size_t nchecked,
    const char *hint, const char *error, bool required)
{
	struct described d;
	describe(&d, name, hint != NULL, error != NULL);
	html_open(h, "div", "class", error ? "field has-error" : "field", NULL);
	html_open(h, "fieldset", "id", name, "aria-describedby", d.by[0] ? d.by : NULL,
	    NULL);
	html_open(h, "legend", NULL);
	html_text(h, label);
	if (!required)
		html_elem(h, "span", _(" (optional)"), "class", "optional", NULL);
	html_close(h, "legend");
	if (hint)
		html_elem(h, "p", hint, "class", "hint", "id", d.hint, NULL);
	if (error) {
		html_open(h, "p", "class", "error", "id", d.error, NULL);
		html_elem(h, "span", _("Error:"), "class", "vh", NULL);
		html_text(h, " ");
		html_text(h, error);
		html_close(h, "p");
	}
	for (size_t i = 0; i < n; i++) {
		bool on = false;
		for (size_t k = 0; k < nchecked && !on; k++)
			on = strcmp(checked[k], opts[i].value) == 0;
		char id[200];
		snprintf(id, sizeof(id), "%s-%s", name, opts[i].value);
		html_open(h, "div", "class", "check", NULL);
		html_void(h, "input", "type", "checkbox", "id", id, "name", name,
		    "value", opts[i].value, "checked", on ? "" : NULL, NULL);
		html_elem(h, "label", opts[i].label, "for", id, NULL);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
	html_close(h, "div");
}

void
form_hidden(struct html *h, const char *name, const char *value)
{
	html_void(h, "input", "type", "hidden", "name", name, "value", value, NULL);
}

void
table_columns(struct html *h, const char *const *labels, size_t n)
{
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "th", labels[i], "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
}

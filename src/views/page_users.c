/* page_users.c — user administration: the accounts, a new account, one
 * account (role, units, organisations, a new password, disabling), and
 * the organisations with their names; and one's own password. Every form re-displays what was
 * typed with a message at each field in error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/clock.h"
#include "util/xalloc.h"
#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* The role choices, the least first. */
static void
role_options(struct option out[ROLE__MAX - 1])
{
	for (int r = ROLE_READER; r < ROLE__MAX; r++)
		out[r - ROLE_READER] = (struct option){role_name((enum role)r),
		    label_role((enum role)r)};
}

/* The unit named id in l, or NULL. */
static const char *
unit_name(const struct unit_list *l, const char *id)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->units[i].id, id) == 0)
			return l->units[i].name;
	return NULL;
}

static const char *
org_name(const struct organisation_list *l, const char *id)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return l->items[i].name;
	return NULL;
}

/* A time from the store in Norwegian time, or the text as it is. */
static void
local_time(char *out, size_t outsz, const char *at)
{
	if (!clock_oslo_text(at, out, outsz))
		snprintf(out, outsz, "%s", at ? at : "");
}

/* The checkboxes of units and of organisations, and the role. */
static void
role_fields(struct html *h, const struct unit_list *units,
    const struct organisation_list *orgs, const struct user_form *f)
{
	struct option roles[ROLE__MAX - 1];
	role_options(roles);
	form_select(h, "role", _("Role"), roles, ROLE__MAX - 1, f->role, f->role_error);
	html_elem(h, "p", _("A reader reads everything internal and changes nothing; a "
	    "reporter reports for its units; a coordinator edits the plans of its "
	    "organisations and reads every report; an administrator manages users "
	    "and organisations."), "class", "hint", NULL);
	struct option *uo = xcalloc(units->n ? units->n : 1, sizeof(*uo));
	char **ul = xcalloc(units->n ? units->n : 1, sizeof(*ul));
	for (size_t i = 0; i < units->n; i++) {
		ul[i] = xasprintf("%s (%s)", units->units[i].name, units->units[i].id);
		uo[i] = (struct option){units->units[i].id, ul[i]};
	}
	form_checkboxes(h, "unit", _("Units (for a reporter)"), uo, units->n, f->units,
	    f->nunits, _("The units the reporter reports for: every indicator they "
	    "carry."), f->units_error, false);
	for (size_t i = 0; i < units->n; i++)
		free(ul[i]);
	free(ul);
	free(uo);
	struct option *oo = xcalloc(orgs->n ? orgs->n : 1, sizeof(*oo));
	for (size_t i = 0; i < orgs->n; i++)
		oo[i] = (struct option){orgs->items[i].id, orgs->items[i].name};
	form_checkboxes(h, "org", _("Organisations (for a coordinator)"), oo, orgs->n,
	    f->orgs, f->norgs, _("The organisations whose plans the coordinator "
	    "edits."), f->orgs_error, false);
	free(oo);
}

/* The two fields of a new password, labelled label and again. */
static void
password_fields(struct html *h, const struct user_form *f, const char *label,
    const char *again)
{
	char min[96];
	snprintf(min, sizeof(min), _("At least %u characters."), ACCOUNT_PASSWORD_MIN);
	form_input(h, "password", label, &(struct field_opts){
	    .type = "password", .autocomplete = "new-password", .required = true,
	    .error = f ? f->password_error : NULL, .hint = min, .maxlength = "1024"});
	form_input(h, "password2", again, &(struct field_opts){
	    .type = "password", .autocomplete = "new-password", .required = true,
	    .error = f ? f->password2_error : NULL, .maxlength = "1024"});
}

/* The error summary of a form: a link to each field in error. */
static void
summary(struct html *h, const struct user_form *f)
{
	if (f == NULL)
		return;
	struct form_problem p[7];
	size_t n = 0;
	if (f->current_error)
		p[n++] = (struct form_problem){"current", f->current_error};
	if (f->email_error)
		p[n++] = (struct form_problem){"email", f->email_error};
	if (f->role_error)
		p[n++] = (struct form_problem){"role", f->role_error};
	if (f->units_error)
		p[n++] = (struct form_problem){"unit", f->units_error};
	if (f->orgs_error)
		p[n++] = (struct form_problem){"org", f->orgs_error};
	if (f->password_error)
		p[n++] = (struct form_problem){"password", f->password_error};
	if (f->password2_error)
		p[n++] = (struct form_problem){"password2", f->password2_error};
	form_summary(h, p, n);
}

static const struct crumb users_crumbs[] = {
	{N_("Start"), "/admin"}, {N_("Users"), "/admin/users"},
};

/* The crumbs, translated. */
static void
crumbs_of(struct crumb *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct crumb){_(users_crumbs[i].label), users_crumbs[i].href};
}

char *
page_users(const struct admin_user *u, const struct account_list *l,
    const struct unit_list *units, const struct organisation_list *orgs, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[1];
	crumbs_of(crumbs, 1);
	admin_begin(h, u, _("Users"), crumbs, 1);
	html_elem(h, "h1", _("Users"), NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Add an account"), "href", "/admin/users/new", "class",
	    "button", NULL);
	html_close(h, "p");
	html_open(h, "div", "class", "table-wrap", NULL);
	html_open(h, "table", "class", "users", NULL);
	html_elem(h, "caption", _("Accounts"), NULL);
	const char *cols[] = {_("E-mail address"), _("Role"), _("Units and organisations"),
	    _("State"), _("Last signed in")};
	table_columns(h, cols, 5);
	for (size_t i = 0; i < l->n; i++) {
		const struct account *a = &l->items[i];
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)a->id);
		char *href = url_path("admin", "users", id, NULL);
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", a->email, "href", href, NULL);
		html_close(h, "th");
		html_elem(h, "td", label_role(a->role), NULL);
		html_open(h, "td", NULL);
		for (size_t j = 0; j < a->nunits; j++) {
			const char *n = unit_name(units, a->units[j]);
			if (j)
				html_text(h, ", ");
			html_text(h, n ? n : a->units[j]);
		}
		for (size_t j = 0; j < a->norganisations; j++) {
			const char *n = org_name(orgs, a->organisations[j]);
			if (j || a->nunits)
				html_text(h, ", ");
			html_text(h, n ? n : a->organisations[j]);
		}
		html_close(h, "td");
		html_elem(h, "td", a->disabled ? _("disabled") : _("active"), NULL);
		char when[64];
		local_time(when, sizeof(when), a->last_login_at);
		html_elem(h, "td", a->last_login_at ? when : _("never"), NULL);
		html_close(h, "tr");
		free(href);
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
	admin_end(h);
	return html_finish(h, len);
}

char *
page_user_new(const struct admin_user *u, const struct unit_list *units,
    const struct organisation_list *orgs, const struct user_form *f, size_t *len)
{
	static const struct user_form empty = {.role = "reporter"};
	struct html *h = html_new();
	struct crumb crumbs[2];
	crumbs_of(crumbs, 2);
	admin_begin(h, u, _("Add an account"), crumbs, 2);
	html_elem(h, "h1", _("Add an account"), NULL);
	summary(h, f);
	if (f == NULL)
		f = &empty;
	form_begin(h, "/admin/users/new", u->csrf);
	form_input(h, "email", _("E-mail address"), &(struct field_opts){
	    .type = "email", .value = f->email, .error = f->email_error,
	    .autocomplete = "off", .required = true, .maxlength = "254",
	    .hint = _("The address the person signs in with.")});
	role_fields(h, units, orgs, f);
	password_fields(h, f, _("Password"), _("The same password again"));
	html_elem(h, "p", _("Give the password to the person by a safe way; they "
	    "cannot change it themselves yet."), "class", "hint", NULL);
	html_elem(h, "button", _("Add the account"), "type", "submit", NULL);
	form_end(h);
	admin_end(h);
	return html_finish(h, len);
}

char *
page_user(const struct admin_user *u, const struct account *a,
    const struct unit_list *units, const struct organisation_list *orgs,
    const struct user_form *edit, const struct user_form *pw,
    const char *notice_kind, const char *notice, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[2];
	crumbs_of(crumbs, 2);
	admin_begin(h, u, a->email, crumbs, 2);
	html_elem(h, "h1", a->email, NULL);
	if (notice)
		form_notice(h, notice_kind, notice);
	summary(h, edit);
	summary(h, pw);
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	char *self = url_path("admin", "users", id, NULL);

	char created[64], seen[64];
	local_time(created, sizeof(created), a->created_at);
	local_time(seen, sizeof(seen), a->last_login_at);
	html_open(h, "dl", "class", "facts", NULL);
	html_elem(h, "dt", _("State"), NULL);
	html_elem(h, "dd", a->disabled ? _("disabled: cannot sign in") : _("active"), NULL);
	html_elem(h, "dt", _("Created"), NULL);
	html_elem(h, "dd", created, NULL);
	html_elem(h, "dt", _("Last signed in"), NULL);
	html_elem(h, "dd", a->last_login_at ? seen : _("never"), NULL);
	html_close(h, "dl");
	char *changes = xasprintf("/admin/audit/object?type=account&id=%s", id);
	char *actor = url_query_escape(a->email);
	char *by = xasprintf("/admin/audit/user?actor=web%%3A%s", actor);
	html_open(h, "ul", "class", "links", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Changes to this account"), "href", changes, NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Changes this user made"), "href", by, NULL);
	html_close(h, "li");
	html_close(h, "ul");
	free(changes);
	free(actor);
	free(by);

	/* Role, units and organisations: as typed, or as they are. */
	html_elem(h, "h2", _("Role and responsibility"), NULL);
	struct user_form now = {
		.role = role_name(a->role),
		.units = (const char *const *)a->units, .nunits = a->nunits,
		.orgs = (const char *const *)a->organisations, .norgs = a->norganisations,
	};
	form_begin(h, self, u->csrf);
	role_fields(h, units, orgs, edit ? edit : &now);
	html_elem(h, "button", _("Save role and responsibility"), "type", "submit", NULL);
	form_end(h);

	html_elem(h, "h2", _("New password"), NULL);
	html_elem(h, "p", _("The account's sessions end: the person signs in again "
	    "with the new password."), "class", "hint", NULL);
	char *pw_action = xasprintf("%s/password", self);
	form_begin(h, pw_action, u->csrf);
	password_fields(h, pw, _("Password"), _("The same password again"));
	html_elem(h, "button", _("Set the password"), "type", "submit", NULL);
	form_end(h);
	free(pw_action);

	html_elem(h, "h2", a->disabled ? _("Enable") : _("Disable"), NULL);
	html_elem(h, "p", a->disabled ? _("An enabled account can sign in again with "
	    "its password.") : _("A disabled account cannot sign in, and its sessions "
	    "end at once. Nothing it did is removed."), "class", "hint", NULL);
	char *toggle = xasprintf("%s/%s", self, a->disabled ? "enable" : "disable");
	form_begin(h, toggle, u->csrf);
	html_elem(h, "button", a->disabled ? _("Enable the account") :
	    _("Disable the account"), "type", "submit", NULL);
	form_end(h);
	free(toggle);
	free(self);
	admin_end(h);
	return html_finish(h, len);
}

/* The form of how organisation o looks on its public pages. */
static void
look_form(struct html *h, const struct admin_user *u, const struct organisation *o,
    const struct org_look_form *f)
{
	char logo[PLAN_ID_MAX + 8], accent[PLAN_ID_MAX + 8];
	snprintf(logo, sizeof(logo), "logo.%s", o->id);
	snprintf(accent, sizeof(accent), "accent.%s", o->id);
	form_begin(h, "/admin/organisations", u->csrf);
	form_input(h, logo, _("Logo text"), &(struct field_opts){
	    .value = f ? f->logo : o->logo_text, .error = f ? f->logo_error : NULL,
	    .hint = _("Shown at the top of the organisation's public pages instead "
	    "of its name. Leave empty to show the name."), .maxlength = "80"});
	form_input(h, accent, _("Accent colour"), &(struct field_opts){
	    .value = f ? f->accent : o->accent, .error = f ? f->accent_error : NULL,
	    .hint = _("The colour of the header and links on its public pages, as "
	    "#RRGGBB. White text on it must have a contrast of at least 4.5:1. "
	    "Leave empty for the site's colour."), .maxlength = "7",
	    .extra_class = "narrow"});
	html_elem(h, "button", _("Save the look"), "type", "submit", NULL);
	form_end(h);
}

char *
page_own_password(const struct admin_user *u, const struct user_form *f, bool done,
    size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[1];
	crumbs_of(crumbs, 1);
	const char *title = _("Change your password");
	admin_begin(h, u, title, crumbs, 1);
	html_elem(h, "h1", title, NULL);
	if (done)
		form_notice(h, "ok", _("Your password has been changed. You are still "
		    "signed in here; every other session of your account has ended."));
	summary(h, f);
	html_open(h, "p", NULL);
	html_text(h, _("You are signed in as"));
	html_text(h, " ");
	html_elem(h, "strong", u->email, NULL);
	html_text(h, ". ");
	html_text(h, _("When the password is changed, your account is signed out "
	    "everywhere else (other browsers and devices); here you stay signed in."));
	html_close(h, "p");
	form_begin(h, "/admin/password", u->csrf);
	form_input(h, "current", _("Current password"), &(struct field_opts){
	    .type = "password", .autocomplete = "current-password", .required = true,
	    .error = f ? f->current_error : NULL, .maxlength = "1024"});
	password_fields(h, f, _("New password"), _("The new password again"));
	html_elem(h, "button", _("Change the password"), "type", "submit", NULL);
	form_end(h);
	admin_end(h);
	return html_finish(h, len);
}

char *
page_organisations(const struct admin_user *u, const struct organisation_list *l,
    const char *error_id, const char *typed, const char *error, const char *done,
    const struct org_look_form *look, bool look_done, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[1];
	crumbs_of(crumbs, 1);
	admin_begin(h, u, _("Organisations"), crumbs, 1);
	html_elem(h, "h1", _("Organisations"), NULL);
	char field[PLAN_ID_MAX + 8];
	if (error_id) {
		snprintf(field, sizeof(field), "name.%s", error_id);
		struct form_problem p = {field, error};
		form_summary(h, &p, 1);
	}
	if (look) {
		char f1[PLAN_ID_MAX + 8], f2[PLAN_ID_MAX + 8];
		snprintf(f1, sizeof(f1), "logo.%s", look->id);
		snprintf(f2, sizeof(f2), "accent.%s", look->id);
		struct form_problem p[2];
		size_t n = 0;
		if (look->logo_error)
			p[n++] = (struct form_problem){f1, look->logo_error};
		if (look->accent_error)
			p[n++] = (struct form_problem){f2, look->accent_error};
		form_summary(h, p, n);
	}
	if (done && look_done) {
		const char *n = org_name(l, done);
		char *msg = xasprintf(_("The look of %s is saved. Its public pages show "
		    "it now."), n ? n : done);
		form_notice(h, "ok", msg);
		free(msg);
	} else if (done) {
		const char *n = org_name(l, done);
		char *msg = xasprintf(_("The organisation is now called %s. The public "
		    "pages show the new name."), n ? n : done);
		form_notice(h, "ok", msg);
		free(msg);
	}
	html_elem(h, "p", _("The municipalities and other bodies that own plans. Plan "
	    "files name them by id; a new one comes with the plan that names it. The "
	    "name is shown on the public pages."), NULL);
	for (size_t i = 0; i < l->n; i++) {
		const struct organisation *o = &l->items[i];
		bool bad = error_id && strcmp(error_id, o->id) == 0;
		html_elem(h, "h2", o->name, NULL);
		snprintf(field, sizeof(field), "name.%s", o->id);
		char label[PLAN_ID_MAX + 64];
		snprintf(label, sizeof(label), _("Name of %s"), o->id);
		form_begin(h, "/admin/organisations", u->csrf);
		form_input(h, field, label, &(struct field_opts){
		    .value = bad ? typed : o->name, .error = bad ? error : NULL,
		    .required = true, .maxlength = "500", .extra_class = "inline"});
		html_elem(h, "button", _("Rename"), "type", "submit", NULL);
		form_end(h);
		look_form(h, u, o, look && strcmp(look->id, o->id) == 0 ? look : NULL);
	}
	if (l->n == 0)
		html_elem(h, "p", _("There are no organisations yet: import a plan."), NULL);
	admin_end(h);
	return html_finish(h, len);
}

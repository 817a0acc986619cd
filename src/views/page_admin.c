/* page_admin.c — the sign-in page and the start of the signed-in area. */
#include <stdlib.h>
#include <string.h>

#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

char *
page_login(const char *csrf, const char *email, const char *next,
    const char *error, const char *error_field, bool signed_out, size_t *len)
{
	struct html *h = html_new();
	layout_begin(h, _("Sign in"), NULL, NULL, 0);
	html_elem(h, "h1", _("Sign in"), NULL);
	if (signed_out)
		form_notice(h, "ok", _("You have signed out."));
	html_elem(h, "p", _("For the municipality's employees who write, report on "
	    "and follow up the action plans. The plans themselves are public and "
	    "need no account."), NULL);
	bool on_pw = error_field != NULL && strcmp(error_field, "password") == 0;
	if (error != NULL) {
		struct form_problem p = {on_pw ? "password" : "email", error};
		form_summary(h, &p, 1);
	}
	form_begin(h, "/login", csrf);
	if (next != NULL)
		html_void(h, "input", "type", "hidden", "name", "next", "value", next, NULL);
	form_input(h, "email", _("E-mail address"), &(struct field_opts){
	    .type = "email", .value = email, .autocomplete = "username",
	    .error = error && !on_pw ? error : NULL,
	    .required = true, .maxlength = "254"});
	form_input(h, "password", _("Password"), &(struct field_opts){
	    .type = "password", .autocomplete = "current-password",
	    .error = error && on_pw ? error : NULL,
	    .required = true, .maxlength = "1024"});
	html_elem(h, "button", _("Sign in"), "type", "submit", NULL);
	form_end(h);
	html_elem(h, "p", _("Forgotten your password, or no account yet? Ask the "
	    "plan's coordinator or the installation's administrator."), "class",
	    "hint", NULL);
	layout_end_note(h, _("Signing in sets one cookie, sent only to the "
	    "signed-in area (/admin); the public pages set none."));
	return html_finish(h, len);
}

char *
page_admin_home(const struct admin_user *u, size_t *len)
{
	struct html *h = html_new();
	admin_begin(h, u, _("Start"), NULL, 0);
	html_elem(h, "h1", _("Follow-up of the action plans"), NULL);
	html_open(h, "p", NULL);
	html_text(h, _("You are signed in as"));
	html_text(h, " ");
	html_elem(h, "strong", u->email, NULL);
	html_text(h, " (");
	html_text(h, label_role(u->role));
	html_text(h, ").");
	html_close(h, "p");
	if (u->role >= ROLE_COORDINATOR) {
		html_open(h, "p", NULL);
		html_elem(h, "a", _("The help directory"), "href", "/admin/services", NULL);
		html_text(h, ": ");
		html_text(h, _("the services the public help pages list, with the entries "
		    "that lack a phone number or opening hours and those not verified for "
		    "six months."));
		html_close(h, "p");
	}
	admin_end(h);
	return html_finish(h, len);
}

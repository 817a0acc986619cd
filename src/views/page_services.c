/* page_services.c — the help directory's editor in the signed-in area
 * (issue 8 §1): the list of entries with what each lacks and which have
 * not been verified for six months, the form for one entry (every
 * field, the texts in bokmål, nynorsk and English, the weekly opening
 * hours), and the confirmation before deleting one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "views/admin.h"
#include "views/help_view.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/pages.h"

static const char *
date_shown(const char *iso, char out[16])
{
	if (iso == NULL || strlen(iso) != 10)
		return _("never");
	snprintf(out, 16, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
	return out;
}

/* What a service lacks, as a sentence. Caller frees. */
static char *
lacks_text(unsigned lacks)
{
	struct buf b = {0};
	if (lacks & HELP_LACKS_PHONE)
		buf_puts(&b, _("phone number"));
	if (lacks & HELP_LACKS_HOURS) {
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, _("opening hours"));
	}
	if (lacks & HELP_LACKS_WEB) {
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, _("web address"));
	}
	return buf_take(&b, NULL);
}

/* The entry's name, linked to its form when the user may edit it. */
static void
entry_name(struct html *h, const struct help_service *s, bool editable)
{
	const char *name = help_text_in(&s->name, i18n_lang());
	if (editable) {
		char *href = url_path("admin", "services", s->id, NULL);
		html_elem(h, "a", name, "href", href, NULL);
		free(href);
	} else {
		html_text(h, name);
	}
}

char *
page_services(const struct services_view *v, size_t *len)
{
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Start"), "/admin"}};
	admin_begin(h, v->user, _("Help directory"), crumbs, 1);
	html_elem(h, "h1", _("Help directory"), NULL);
	if (v->notice)
		form_notice(h, "ok", v->notice);
	html_elem(h, "p", _("The services the public help pages list, and the contact "
	    "details of the units that are services. Keep phone numbers and opening "
	    "hours right, and mark an entry verified when you have checked it."), NULL);
	if (v->may_add) {
		html_open(h, "p", NULL);
		html_elem(h, "a", _("Add a service"), "href", "/admin/services/new", NULL);
		html_close(h, "p");
	}

	/* Every entry. */
	html_elem(h, "h2", _("Entries"), "id", "entries", NULL);
	if (v->list->n == 0) {
		html_elem(h, "p", _("There are no entries yet."), NULL);
	} else {
		html_open(h, "div", "class", "table-wrap", NULL);
		html_open(h, "table", "aria-labelledby", "entries", NULL);
		const char *cols[] = {_("Service"), _("Kind"), _("Organisation"), _("Phone"),
		    _("Last verified")};
		table_columns(h, cols, 5);
		for (size_t i = 0; i < v->list->n; i++) {
			const struct help_service *s = &v->list->items[i];
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			entry_name(h, s, v->editable[i]);
			html_close(h, "td");
			html_elem(h, "td", help_kind_label(s->kind), NULL);
			html_elem(h, "td", s->owner ? (s->owner_name ? s->owner_name : s->owner) :
			    _("National"), NULL);
			html_open(h, "td", NULL);
			if (s->phone) {
				char shown[HELP_PHONE_SHOWN_MAX];
				help_phone_format(s->phone, shown, sizeof(shown));
				html_text(h, shown);
			} else {
				html_elem(h, "span", _("none"), "class", "muted", NULL);
			}
			html_close(h, "td");
			char d[16];
			html_elem(h, "td", date_shown(s->verified, d), NULL);
			html_close(h, "tr");
		}
		html_close(h, "tbody");
		html_close(h, "table");
		html_close(h, "div");
	}

	/* What is missing. */
	html_elem(h, "h2", _("Missing phone number or opening hours"), "id", "missing",
	    NULL);
	size_t nmissing = 0;
	for (size_t i = 0; i < v->list->n; i++)
		nmissing += v->lacks[i] != 0;
	if (nmissing == 0) {
		html_elem(h, "p", _("Every entry has its phone number and opening hours."),
		    NULL);
	} else {
		html_open(h, "ul", "class", "missing", NULL);
		for (size_t i = 0; i < v->list->n; i++) {
			if (v->lacks[i] == 0)
				continue;
			html_open(h, "li", NULL);
			entry_name(h, &v->list->items[i], v->editable[i]);
			char *what = lacks_text(v->lacks[i]);
			html_text(h, ": ");
			html_printf(h, _("missing %s"), what);
			free(what);
			html_close(h, "li");
		}
		html_close(h, "ul");
	}

	/* Not verified for six months. */
	html_elem(h, "h2", _("Not verified for six months"), "id", "stale", NULL);
	char d[16];
	html_open(h, "p", NULL);
	html_printf(h, _("Entries never verified, or last verified before %s."),
	    date_shown(v->stale_before, d));
	html_close(h, "p");
	size_t nstale = 0;
	for (size_t i = 0; i < v->list->n; i++)
		nstale += v->stale[i];
	if (nstale == 0) {
		html_elem(h, "p", _("Every entry has been verified in the last six months."),
		    NULL);
	} else {
		html_open(h, "ul", "class", "stale", NULL);
		for (size_t i = 0; i < v->list->n; i++) {
			if (!v->stale[i])
				continue;
			const struct help_service *s = &v->list->items[i];
			html_open(h, "li", NULL);
			entry_name(h, s, v->editable[i]);
			html_text(h, ": ");
			if (s->verified)
				html_printf(h, _("last verified %s"), date_shown(s->verified, d));
			else
				html_text(h, _("never verified"));
			html_close(h, "li");
		}
		html_close(h, "ul");
	}
	admin_end(h);
	return html_finish(h, len);
}

/* ---- one entry's form ---- */

static const char *
problem(const struct service_form_view *v, const char *name)
{
	for (size_t i = 0; i < v->nproblems; i++)
		if (strcmp(v->problems[i].id, name) == 0)
			return v->problems[i].message;
	return NULL;
}

static void
text_field(struct html *h, const struct service_form_view *v, const char *name,
    const char *label, const char *value, const char *hint, bool required)
{
	form_input(h, name, label, &(struct field_opts){.type = "text", .value = value,
	    .error = problem(v, name), .hint = hint, .required = required});
}

/* A text in three languages: bokmål first, then nynorsk and English. */
static void
langs_fields(struct html *h, const struct service_form_view *v, const char *base,
    const char *const values[3], const char *const labels[3], bool multiline,
    bool required)
{
	static const char *const suffix[3] = {"nb", "nn", "en"};
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s_%s", base, suffix[i]);
		struct field_opts o = {.type = "text", .value = values[i],
		    .error = problem(v, name), .required = required && i == 0,
		    .hint = i > 0 ? _("Optional: without it, the bokmål text is shown.") : NULL};
		if (multiline)
			form_textarea(h, name, labels[i], &o);
		else
			form_input(h, name, labels[i], &o);
	}
}

static void
hours_fields(struct html *h, const struct service_form_view *v)
{
	const struct service_fields *f = v->f;
	struct option modes[] = {
		{"unknown", _("Not known")},
		{"always", _("Round the clock")},
		{"weekly", _("On the days and times below")},
	};
	form_radios(h, "hours", _("Opening hours"), modes, 3, f->hours ? f->hours : "unknown",
	    NULL, problem(v, "hours"));
	html_open(h, "fieldset", "class", "week", "id", "week", NULL);
	html_elem(h, "legend", _("Opening times (HH:MM; a time to before the time from "
	    "runs past midnight, 24:00 ends the day)"), NULL);
	for (int d = 0; d < 7; d++) {
		html_open(h, "div", "class", "day", NULL);
		html_elem(h, "p", help_day_label(d), "class", "day-name", NULL);
		for (int k = 0; k < 2; k++) {
			char from[24], to[24], lf[80], lt[80];
			snprintf(from, sizeof(from), "from.%s.%d", help_day_name(d), k + 1);
			snprintf(to, sizeof(to), "to.%s.%d", help_day_name(d), k + 1);
			snprintf(lf, sizeof(lf), "%s %s %d", help_day_label(d), _("from"), k + 1);
			snprintf(lt, sizeof(lt), "%s %s %d", help_day_label(d), _("to"), k + 1);
			form_input(h, from, lf, &(struct field_opts){.type = "text",
			    .value = f->from[d][k], .error = problem(v, from),
			    .maxlength = "5", .extra_class = "time"});
			form_input(h, to, lt, &(struct field_opts){.type = "text",
			    .value = f->to[d][k], .error = problem(v, to),
			    .maxlength = "5", .extra_class = "time"});
		}
		html_close(h, "div");
	}
	html_close(h, "fieldset");
	const char *labels[3] = {_("Note on the opening hours (bokmål)"),
	    _("Note on the opening hours (nynorsk)"), _("Note on the opening hours (English)")};
	langs_fields(h, v, "note", f->note, labels, false, false);
}

char *
page_service_form(const struct service_form_view *v, size_t *len)
{
	const struct service_fields *f = v->f;
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Start"), "/admin"}, {_("Help directory"), "/admin/services"}};
	const char *title = f->version ? (f->name[0] && *f->name[0] ? f->name[0] : f->id) :
	    _("New service");
	admin_begin(h, v->user, title, crumbs, 2);
	html_elem(h, "h1", title, NULL);
	if (v->saved)
		form_notice(h, "ok", v->saved);
	if (v->notice)
		form_notice(h, "error", v->notice);
	form_summary(h, v->problems, v->nproblems);

	char *action = f->version ? url_path("admin", "services", f->id, NULL) :
	    xstrdup("/admin/services/new");
	form_begin(h, action, v->user->csrf);
	char version[16];
	snprintf(version, sizeof(version), "%d", f->version);
	form_hidden(h, "version", version);
	if (f->version == 0)
		form_input(h, "id", _("Id"), &(struct field_opts){.type = "text",
		    .value = f->id, .error = problem(v, "id"), .required = true,
		    .hint = _("Lower-case letters a-z, digits and hyphens, such as "
		    "krisesenteret-i-salten. It cannot be changed later.")});
	const char *name_labels[3] = {_("Name (bokmål)"), _("Name (nynorsk)"),
	    _("Name (English)")};
	langs_fields(h, v, "name", f->name, name_labels, false, true);
	const char *offer_labels[3] = {_("What it offers (bokmål)"),
	    _("What it offers (nynorsk)"), _("What it offers (English)")};
	langs_fields(h, v, "offers", f->offers, offer_labels, true, false);

	struct option kinds[HELP_KIND__MAX];
	for (int k = 0; k < HELP_KIND__MAX; k++)
		kinds[k] = (struct option){help_kind_name(k), help_kind_label(k)};
	form_select(h, "kind", _("Kind"), kinds, HELP_KIND__MAX, f->kind, problem(v, "kind"));
	struct option auds[HELP_AUD__MAX];
	for (int a = 0; a < HELP_AUD__MAX; a++)
		auds[a] = (struct option){help_audience_name(a), help_audience_label(a)};
	form_checkboxes(h, "audience", _("Who it is for"), auds, HELP_AUD__MAX, f->audiences,
	    f->naudiences, NULL, problem(v, "audience"), true);

	text_field(h, v, "phone", _("Phone"), f->phone, _("As you would dial it, such "
	    "as 75 55 55 55 or 116 111."), false);
	text_field(h, v, "sms", _("SMS"), f->sms, NULL, false);
	form_input(h, "email", _("E-mail"), &(struct field_opts){.type = "email",
	    .value = f->email, .error = problem(v, "email")});
	form_input(h, "web", _("Web address"), &(struct field_opts){.type = "url",
	    .value = f->web, .error = problem(v, "web"), .hint = _("Beginning with https://")});
	text_field(h, v, "address", _("Address"), f->address, NULL, false);
	hours_fields(h, v);
	struct option anon[] = {
		{"unknown", _("Not known")},
		{"yes", _("Yes, one can be anonymous")},
		{"no", _("No")},
	};
	form_radios(h, "anonymous", _("Can one be anonymous?"), anon, 3,
	    f->anonymous ? f->anonymous : "unknown", NULL, problem(v, "anonymous"));
	text_field(h, v, "languages", _("Languages offered"), f->languages,
	    _("Language codes separated by commas, such as nb, en, se."), false);

	form_select(h, "owner", _("Kept by"), v->owners, v->nowners, f->owner ? f->owner : "",
	    problem(v, "owner"));
	size_t norgs = v->orgs ? v->orgs->n : 0;
	struct option *orgs = xcalloc(norgs + 1, sizeof(*orgs));
	for (size_t i = 0; i < norgs; i++)
		orgs[i] = (struct option){v->orgs->items[i].id, v->orgs->items[i].name};
	form_checkboxes(h, "serves", _("Also serves"), orgs, norgs, f->serves, f->nserves,
	    _("Organisations whose help pages list it besides the one that keeps it. "
	    "A national service serves every organisation."), problem(v, "serves"), false);
	free(orgs);
	size_t nunits = v->units ? v->units->n : 0;
	struct option *units = xcalloc(nunits + 1, sizeof(*units));
	units[0] = (struct option){"", _("None")};
	for (size_t i = 0; i < nunits; i++)
		units[i + 1] = (struct option){v->units->units[i].id, v->units->units[i].name};
	form_select(h, "unit", _("The unit it is, in the units register"), units, nunits + 1,
	    f->unit ? f->unit : "", problem(v, "unit"));
	free(units);
	text_field(h, v, "rank", _("Order"), f->rank, _("A number from 0 to 1000: lower "
	    "numbers are listed first."), false);
	form_input(h, "verified", _("Last verified"), &(struct field_opts){.type = "date",
	    .value = f->verified, .error = problem(v, "verified"),
	    .hint = _("The date the details were last checked (YYYY-MM-DD).")});
	html_elem(h, "button", f->version ? _("Save") : _("Add the service"), "type",
	    "submit", NULL);
	form_end(h);
	free(action);

	if (f->version) {
		html_elem(h, "h2", _("Verified"), NULL);
		char *verify = url_path("admin", "services", f->id, "verify", NULL);
		form_begin(h, verify, v->user->csrf);
		form_hidden(h, "version", version);
		html_elem(h, "p", _("Checked the details and found them right? Mark the entry "
		    "verified today."), NULL);
		html_elem(h, "button", _("Mark verified today"), "type", "submit", NULL);
		form_end(h);
		free(verify);
		char *del = url_path("admin", "services", f->id, "delete", NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("Delete this service"), "href", del, NULL);
		html_close(h, "p");
		free(del);
	}
	admin_end(h);
	return html_finish(h, len);
}

char *
page_service_delete(const struct admin_user *u, const struct help_service *s, size_t *len)
{
	struct html *h = html_new();
	const char *name = help_text_in(&s->name, i18n_lang());
	struct crumb crumbs[] = {{_("Start"), "/admin"}, {_("Help directory"), "/admin/services"}};
	admin_begin(h, u, _("Delete a service"), crumbs, 2);
	html_elem(h, "h1", _("Delete a service"), NULL);
	html_open(h, "p", NULL);
	html_printf(h, _("Delete \"%s\" from the help directory? The public help pages "
	    "will no longer list it. The audit trail keeps what it held."), name);
	html_close(h, "p");
	char *action = url_path("admin", "services", s->id, "delete", NULL);
	form_begin(h, action, u->csrf);
	char version[16];
	snprintf(version, sizeof(version), "%d", s->version);
	form_hidden(h, "version", version);
	html_elem(h, "button", _("Delete"), "type", "submit", NULL);
	form_end(h);
	free(action);
	admin_end(h);
	return html_finish(h, len);
}

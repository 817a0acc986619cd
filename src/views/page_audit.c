/* page_audit.c — the audit trail as coordinators and administrators read
 * it: who changed what, when, and what it was before and after; a plan's
 * revisions and what changed between two of them. The pages only read:
 * they hold no control that changes or removes an entry (the store has
 * no such function either). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/json_diff.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"
#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* A translated name for a known key, or NULL. */
struct name {
	const char *key;
	const char *label;
};

static const char *
lookup(const struct name *t, size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(t[i].key, key) == 0)
			return _(t[i].label);
	return NULL;
}
#define LOOKUP(t, key) lookup((t), sizeof(t) / sizeof((t)[0]), (key))

/* The kinds of object the trail records (parallel features add theirs:
 * an unknown kind is shown by its name). */
static const struct name object_types[] = {
	{"plan", N_("Plan")},
	{"organisation", N_("Organisation")},
	{"account", N_("Account")},
	{"report", N_("Report")},
	{"unit", N_("Unit")},
	{"service", N_("Help service")},
};

static const struct name actions[] = {
	{"create", N_("created")},
	{"add", N_("added")},
	{"update", N_("changed")},
	{"rename", N_("renamed")},
	{"delete", N_("deleted")},
	{"password", N_("new password")},
	{"disable", N_("disabled")},
	{"enable", N_("enabled")},
	{"import", N_("imported")},
	{"verify", N_("verified")},
};

/* Fields of accounts, organisations and plans, and the lists of a plan
 * (json_diff's kinds). */
static const struct name fields[] = {
	{"email", N_("E-mail address")},
	{"role", N_("Role")},
	{"disabled", N_("Disabled")},
	{"units", N_("Units")},
	{"organisations", N_("Organisations")},
	{"name", N_("Name")},
	{"title", N_("Title")},
	{"revision", N_("Revision")},
	{"counts", N_("Size")},
	{"period", N_("Period")},
	{"status", N_("Status")},
	{"adoption", N_("Adoption")},
	{"replaces", N_("Replaces")},
	{"chapters", N_("Chapters")},
	{"overarching_goals", N_("Overarching goals")},
	{"implementation_steps", N_("Implementation steps")},
	{"themes", N_("Themes")},
	{"goals", N_("Goals")},
	{"measures", N_("Measures")},
	{"indicators", N_("Indicators")},
	{"text", N_("Text")},
	{"body", N_("Text")},
	{"background", N_("Background")},
	{"challenge", N_("Challenge")},
	{"description", N_("Description")},
	{"kind", N_("Kind")},
	{"resource_note", N_("Resources")},
	{"resource_category", N_("Resource category")},
	{"responsible", N_("Responsible")},
	{"responsible_note", N_("Responsibility note")},
	{"deadline", N_("Deadline")},
	{"organisation", N_("Organisation")},
	{"status_note", N_("Status note")},
	{"progress", N_("Progress")},
	{"comment", N_("Comment")},
	{"evaluation", N_("Evaluation")},
	{"year", N_("Year")},
	/* Help services (issue 8 §1). */
	{"offers", N_("What it offers")},
	{"audiences", N_("Who it is for")},
	{"phone", N_("Phone")},
	{"sms", N_("SMS")},
	{"web", N_("Web address")},
	{"address", N_("Address")},
	{"hours", N_("Opening hours")},
	{"anonymous", N_("Anonymous")},
	{"serves", N_("Also serves")},
	{"languages", N_("Languages offered")},
	{"owner", N_("Kept by")},
	{"unit", N_("Unit")},
	{"verified", N_("Last verified")},
	{"rank", N_("Order")},
};

/* One thing in a plan, by the list it is in. */
static const struct name kinds[] = {
	{"themes", N_("Theme")},
	{"goals", N_("Goal")},
	{"measures", N_("Measure")},
	{"indicators", N_("Indicator")},
	{"chapters", N_("Chapter")},
	{"units", N_("Unit")},
	{"organisations", N_("Organisation")},
};

static const char *
type_label(const char *t)
{
	const char *l = LOOKUP(object_types, t);
	return l ? l : t;
}

static const char *
field_label(const char *k)
{
	const char *l = LOOKUP(fields, k);
	return l ? l : k;
}

static const char *
kind_label(const char *k)
{
	const char *l = LOOKUP(kinds, k);
	return l ? l : k;
}

/* ---- addresses ---- */

/* path, then "?name=value" for each pair whose value is not empty (the
 * pairs end with NULL). Caller frees. */
static char * __attribute__((sentinel))
with_query(const char *path, ...)
{
	struct buf b = {0};
	buf_puts(&b, path);
	va_list ap;
	va_start(ap, path);
	char sep = '?';
	for (const char *k = va_arg(ap, const char *); k; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		if (v == NULL || *v == '\0')
			continue;
		char *e = url_query_escape(v);
		buf_printf(&b, "%c%s=%s", sep, k, e);
		free(e);
		sep = '&';
	}
	va_end(ap);
	return buf_take(&b, NULL);
}

static char *
user_href(const char *actor)
{
	return with_query("/admin/audit/user", "actor", actor, NULL);
}

static char *
object_href(const char *type, const char *id)
{
	return with_query("/admin/audit/object", "type", type, "id", id, NULL);
}

/* ---- pieces ---- */

/* When: Norwegian time, and the stored UTC text as the machine-readable
 * value and beside it. */
static void
when(struct html *h, const char *at)
{
	char local[CLOCK_LOCAL_MAX];
	if (!clock_oslo_text(at, local, sizeof(local))) {
		html_text(h, at ? at : "");
		return;
	}
	html_elem(h, "time", local, "datetime", at, NULL);
	html_text(h, " ");
	html_elem(h, "span", at, "class", "iso", NULL);
}

/* Who: "web:EMAIL" is shown as the address, "cli:USER" as the user on
 * the command line; a link to everything they changed. */
static void
who(struct html *h, const char *actor)
{
	char *href = user_href(actor);
	html_open(h, "a", "href", href, NULL);
	if (strncmp(actor, "web:", 4) == 0) {
		html_text(h, actor + 4);
	} else if (strncmp(actor, "cli:", 4) == 0) {
		html_text(h, actor + 4);
		html_text(h, " ");
		html_text(h, _("(command line)"));
	} else {
		html_text(h, actor);
	}
	html_close(h, "a");
	free(href);
}

/* A value as text: texts as they are, true/false as yes/no, lists
 * joined by commas, roles by their names, none as a dash. */
static void
value(struct html *h, const char *key, json_t *v)
{
	if (v == NULL || json_is_null(v)) {
		html_elem(h, "span", "—", "class", "none", NULL);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strcmp(key, "role") == 0 && role_parse(s) != ROLE_NONE)
			html_text(h, label_role(role_parse(s)));
		else
			html_text(h, s);
	} else if (json_is_boolean(v)) {
		html_text(h, json_is_true(v) ? _("yes") : _("no"));
	} else if (json_is_array(v) && json_array_size(v) == 0) {
		html_elem(h, "span", _("none"), "class", "none", NULL);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (i)
				html_text(h, ", ");
			if (json_is_string(e)) {
				html_text(h, json_string_value(e));
			} else {
				char *s = json_dumps(e, JSON_COMPACT | JSON_ENCODE_ANY);
				html_text(h, s ? s : "");
				free(s);
			}
		}
	} else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
		html_elem(h, "code", s ? s : "", NULL);
		free(s);
	}
}

/* The fields whose values differ, as a table: field, before, after. */
static void
field_table(struct html *h, json_t *b, json_t *a)
{
	/* Keys of either, in sorted order. */
	json_t *keys = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(b, k, v)
		json_object_set_new(keys, k, json_true());
	json_object_foreach(a, k, v)
		json_object_set_new(keys, k, json_true());
	size_t n = json_object_size(keys), m = 0;
	const char **list = xcalloc(n ? n : 1, sizeof(*list));
	json_object_foreach(keys, k, v)
		list[m++] = k;
	for (size_t i = 1; i < m; i++)
		for (size_t j = i; j > 0 && strcmp(list[j - 1], list[j]) > 0; j--) {
			const char *t = list[j];
			list[j] = list[j - 1];
			list[j - 1] = t;
		}
	size_t rows = 0;
	for (size_t i = 0; i < m; i++) {
		json_t *vb = json_object_get(b, list[i]), *va = json_object_get(a, list[i]);
		if (json_equal(vb, va) || (vb == NULL && va == NULL))
			continue;
		if (rows++ == 0) {
			html_open(h, "table", "class", "diff", NULL);
			const char *cols[] = {_("Field"), _("Before"), _("After")};
			table_columns(h, cols, 3);
		}
		html_open(h, "tr", NULL);
		html_elem(h, "th", field_label(list[i]), "scope", "row", NULL);
		html_open(h, "td", "class", "before", NULL);
		value(h, list[i], vb);
		html_close(h, "td");
		html_open(h, "td", "class", "after", NULL);
		value(h, list[i], va);
		html_close(h, "td");
		html_close(h, "tr");
	}
	if (rows > 0) {
		html_close(h, "tbody");
		html_close(h, "table");
	} else {
		html_elem(h, "p", _("No field changed."), "class", "hint", NULL);
	}
	free(list);
	json_decref(keys);
}

/* A plan's import or edit: the revision before and after, its title and
 * size, and links to what changed and to the revision itself. */
static void
plan_change(struct html *h, const struct audit_entry *e, json_t *b, json_t *a)
{
	int to = (int)json_integer_value(json_object_get(a, "revision"));
	int from = (int)json_integer_value(json_object_get(b, "revision"));
	json_t *c = json_object_get(a, "counts");
	html_open(h, "p", NULL);
	if (from > 0)
		html_printf(h, _("Revision %d, replacing revision %d."), to, from);
	else
		html_printf(h, _("Revision %d, the first."), to);
	if (json_is_string(json_object_get(a, "title"))) {
		html_text(h, " ");
		html_text(h, _("Title:"));
		html_text(h, " ");
		html_text(h, json_string_value(json_object_get(a, "title")));
		html_text(h, ".");
	}
	if (json_is_object(c)) {
		html_text(h, " ");
		html_printf(h, _("Themes: %lld, goals: %lld, measures: %lld, indicators: %lld."),
		    (long long)json_integer_value(json_object_get(c, "themes")),
		    (long long)json_integer_value(json_object_get(c, "goals")),
		    (long long)json_integer_value(json_object_get(c, "measures")),
		    (long long)json_integer_value(json_object_get(c, "indicators")));
	}
	html_close(h, "p");
	html_open(h, "ul", "class", "links", NULL);
	char n[24], f[24];
	snprintf(n, sizeof(n), "%d", to);
	snprintf(f, sizeof(f), "%d", from);
	if (from > 0) {
		char *p = url_path("admin", "audit", "plan", e->object_id, "compare", NULL);
		char *href = with_query(p, "from", f, "to", n, NULL);
		html_open(h, "li", NULL);
		char label[96];
		snprintf(label, sizeof(label), _("What changed from revision %d to %d"),
		    from, to);
		html_elem(h, "a", label, "href", href, NULL);
		html_close(h, "li");
		free(href);
		free(p);
	}
	char *rev = url_path("admin", "audit", "plan", e->object_id, "revisions", n, NULL);
	html_open(h, "li", NULL);
	char label[96];
	snprintf(label, sizeof(label), _("Revision %d as JSON"), to);
	html_elem(h, "a", label, "href", rev, NULL);
	html_close(h, "li");
	html_close(h, "ul");
	free(rev);
}

/* What an entry changed. */
static void
changes(struct html *h, const struct audit_entry *e)
{
	json_error_t err;
	json_t *b = e->before ? json_loads(e->before, 0, &err) : NULL;
	json_t *a = e->after ? json_loads(e->after, 0, &err) : NULL;
	if ((e->before && !json_is_object(b)) || (e->after && !json_is_object(a))) {
		/* Not an object: shown as stored. */
		html_open(h, "dl", "class", "raw", NULL);
		html_elem(h, "dt", _("Before"), NULL);
		html_elem(h, "dd", e->before ? e->before : "—", NULL);
		html_elem(h, "dt", _("After"), NULL);
		html_elem(h, "dd", e->after ? e->after : "—", NULL);
		html_close(h, "dl");
	} else if (strcmp(e->object_type, "plan") == 0 &&
	    json_is_integer(json_object_get(a, "revision"))) {
		plan_change(h, e, b, a);
	} else if (strcmp(e->action, "password") == 0) {
		html_elem(h, "p", _("The password was changed, and the account's "
		    "sessions ended. The audit trail never holds a password or its "
		    "hash."), NULL);
	} else {
		field_table(h, b, a);
	}
	json_decref(b);
	json_decref(a);
}

/* The object an entry is about: its kind and id, linked to its own
 * trail (and an account's e-mail address, from the entry). */
static void
object(struct html *h, const struct audit_entry *e)
{
	char *href = object_href(e->object_type, e->object_id);
	html_open(h, "a", "href", href, NULL);
	html_text(h, type_label(e->object_type));
	html_text(h, " ");
	html_text(h, e->object_id);
	html_close(h, "a");
	free(href);
	if (strcmp(e->object_type, "account") == 0) {
		json_error_t err;
		json_t *j = json_loads(e->after ? e->after : e->before ? e->before : "", 0, &err);
		const char *email = json_string_value(json_object_get(j, "email"));
		if (email) {
			html_text(h, " (");
			html_text(h, email);
			html_text(h, ")");
		}
		json_decref(j);
	}
}

static void
entry(struct html *h, const struct audit_entry *e)
{
	html_open(h, "li", "class", "entry", NULL);
	html_open(h, "p", "class", "entry-head", NULL);
	when(h, e->at);
	html_text(h, " · ");
	who(h, e->actor);
	html_text(h, " · ");
	const char *act = LOOKUP(actions, e->action);
	html_elem(h, "strong", act ? act : e->action, NULL);
	html_text(h, " · ");
	object(h, e);
	html_close(h, "p");
	changes(h, e);
	html_close(h, "li");
}

/* ---- filters and pages ---- */

/* The kinds of object to choose from: accounts for administrators only,
 * and in a plan's trail only what a plan holds. */
static void
type_select(struct html *h, const char *value, bool admin, bool in_plan)
{
	struct option opts[1 + sizeof(object_types) / sizeof(object_types[0])];
	size_t n = 0;
	opts[n++] = (struct option){"", _("Any")};
	for (size_t i = 0; i < sizeof(object_types) / sizeof(object_types[0]); i++) {
		const char *k = object_types[i].key;
		bool outside = strcmp(k, "account") == 0 || strcmp(k, "organisation") == 0;
		if ((admin || strcmp(k, "account") != 0) && !(in_plan && outside))
			opts[n++] = (struct option){k, _(object_types[i].label)};
	}
	form_select(h, "type", _("Kind of object"), opts, n, value ? value : "", NULL);
}

/* The filter form (GET: it changes nothing, so it needs no token). */
static void
filters(struct html *h, const struct admin_user *u, const struct audit_view *v,
    const char *action)
{
	bool admin = u->role >= ROLE_ADMIN;
	html_open(h, "form", "method", "get", "action", action, "class", "filters", NULL);
	html_elem(h, "h2", _("Show only"), NULL);
	if (v->scope == AUDIT_SCOPE_ALL && v->plans) {
		size_t n = v->plans->n + 1;
		struct option *opts = xcalloc(n, sizeof(*opts));
		char **labels = xcalloc(n, sizeof(*labels));
		opts[0] = (struct option){"", _("All plans")};
		for (size_t i = 0; i < v->plans->n; i++) {
			const struct plan_name *p = &v->plans->items[i];
			char period[32];
			format_period(period, sizeof(period), p->period_start, p->period_end);
			labels[i] = xasprintf("%s (%s)", p->title, period);
			opts[i + 1] = (struct option){p->id, labels[i]};
		}
		form_select(h, "plan", _("Plan"), opts, n, v->filter.plan ? v->filter.plan : "",
		    NULL);
		for (size_t i = 0; i < v->plans->n; i++)
			free(labels[i]);
		free(labels);
		free(opts);
	}
	if (v->scope == AUDIT_SCOPE_USER) {
		html_void(h, "input", "type", "hidden", "name", "actor", "value",
		    v->filter.actor, NULL);
	} else {
		form_input(h, "actor", _("Changed by"), &(struct field_opts){
		    .value = v->filter.actor, .list = v->accounts ? "actors" : NULL,
		    .hint = _("As the trail names them: web: and the e-mail address for "
		    "changes made here, cli: and the user for the command line.")});
		if (v->accounts) {
			html_open(h, "datalist", "id", "actors", NULL);
			for (size_t i = 0; i < v->accounts->n; i++) {
				char *a = xasprintf("web:%s", v->accounts->items[i].email);
				html_void(h, "option", "value", a, NULL);
				free(a);
			}
			html_close(h, "datalist");
		}
	}
	type_select(h, v->filter.object_type, admin, v->scope == AUDIT_SCOPE_PLAN);
	html_elem(h, "button", _("Show"), "type", "submit", NULL);
	html_close(h, "form");
}

/* Links to the older entries and back to the newest. */
static void
pager(struct html *h, const struct audit_view *v, const char *path)
{
	if (!v->more && v->filter.before == 0)
		return;
	const struct audit_filter *f = &v->filter;
	bool plan_scope = v->scope == AUDIT_SCOPE_PLAN;
	const char *plan = plan_scope ? NULL : f->plan;
	const char *id = v->scope == AUDIT_SCOPE_OBJECT ? f->object_id : NULL;
	html_open(h, "nav", "class", "pages", "aria-label", _("Pages of the audit trail"),
	    NULL);
	html_open(h, "ul", NULL);
	if (f->before > 0) {
		char *href = with_query(path, "plan", plan, "actor", f->actor, "type",
		    f->object_type, "id", id, NULL);
		html_open(h, "li", NULL);
		html_elem(h, "a", _("Newest changes"), "href", href, NULL);
		html_close(h, "li");
		free(href);
	}
	if (v->more && v->entries->n > 0) {
		char before[24];
		snprintf(before, sizeof(before), "%lld",
		    (long long)v->entries->items[v->entries->n - 1].id);
		char *href = with_query(path, "plan", plan, "actor", f->actor, "type",
		    f->object_type, "id", id, "before", before, NULL);
		html_open(h, "li", NULL);
		html_elem(h, "a", _("Older changes"), "href", href, "rel", "next", NULL);
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

/* A plan's revisions, newest first, each with what changed from the one
 * before and its JSON. */
static void
revisions(struct html *h, const char *plan_id, const struct revision_list *l)
{
	html_elem(h, "h2", _("Revisions"), "id", "revisions", NULL);
	html_open(h, "div", "class", "table-wrap", NULL);
	html_open(h, "table", "class", "revisions", "aria-labelledby", "revisions", NULL);
	const char *cols[] = {_("No."), _("When"), _("By"), _("Title"), _("Compare")};
	table_columns(h, cols, 5);
	for (size_t i = l->n; i-- > 0;) {
		const struct revision *r = &l->items[i];
		char n[24], prev[24];
		snprintf(n, sizeof(n), "%d", r->number);
		snprintf(prev, sizeof(prev), "%d", r->number - 1);
		html_open(h, "tr", NULL);
		char *json = url_path("admin", "audit", "plan", plan_id, "revisions", n, NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", n, "href", json, NULL);
		html_close(h, "th");
		html_open(h, "td", NULL);
		when(h, r->at);
		html_close(h, "td");
		html_open(h, "td", NULL);
		who(h, r->actor);
		html_close(h, "td");
		html_elem(h, "td", r->title, NULL);
		html_open(h, "td", NULL);
		if (i > 0) {
			char *p = url_path("admin", "audit", "plan", plan_id, "compare", NULL);
			char *href = with_query(p, "from", prev, "to", n, NULL);
			char label[64];
			snprintf(label, sizeof(label), _("Changes from %d"), r->number - 1);
			html_elem(h, "a", label, "href", href, NULL);
			free(href);
			free(p);
		}
		html_close(h, "td");
		html_close(h, "tr");
		free(json);
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

char *
page_audit(const struct admin_user *u, const struct audit_view *v, size_t *len)
{
	struct html *h = html_new();
	const struct audit_filter *f = &v->filter;
	char *title = NULL, *path = NULL;
	switch (v->scope) {
	case AUDIT_SCOPE_ALL:
		title = xstrdup(_("Audit trail"));
		path = xstrdup("/admin/audit");
		break;
	case AUDIT_SCOPE_PLAN:
		title = xasprintf(_("Changes to the plan %s"), v->plan ? v->plan->title : f->plan);
		path = url_path("admin", "audit", "plan", f->plan, NULL);
		break;
	case AUDIT_SCOPE_USER:
		title = xasprintf(_("Changes made by %s"), strncmp(f->actor, "web:", 4) == 0 ?
		    f->actor + 4 : f->actor);
		path = xstrdup("/admin/audit/user");
		break;
	case AUDIT_SCOPE_OBJECT:
		title = xasprintf(_("Changes to %s %s"), type_label(f->object_type),
		    f->object_id);
		path = xstrdup("/admin/audit/object");
		break;
	}
	struct crumb crumbs[] = {{_("Start"), "/admin"}, {_("Audit trail"), "/admin/audit"}};
	admin_begin(h, u, title, crumbs, v->scope == AUDIT_SCOPE_ALL ? 1 : 2);
	html_elem(h, "h1", title, NULL);
	if (v->scope == AUDIT_SCOPE_ALL) {
		html_elem(h, "p", u->role >= ROLE_ADMIN ?
		    _("Every change to plans, reports, units, organisations and accounts, "
		    "newest first: who made it, when, and what it was before and after. "
		    "Nobody can change or remove an entry.") :
		    _("Every change to plans, reports, units and organisations, newest "
		    "first: who made it, when, and what it was before and after. Nobody "
		    "can change or remove an entry. Changes to accounts are shown to "
		    "administrators only."), NULL);
	}
	if (v->scope == AUDIT_SCOPE_PLAN && v->plan) {
		char *pub = url_path("plans", v->plan->id, NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("The plan's public page"), "href", pub, NULL);
		html_close(h, "p");
		free(pub);
	}
	if (v->scope == AUDIT_SCOPE_PLAN && v->revisions && f->before == 0)
		revisions(h, f->plan, v->revisions);
	if (v->scope != AUDIT_SCOPE_OBJECT)
		filters(h, u, v, path);

	html_elem(h, "h2", _("Changes"), "id", "changes", NULL);
	if (v->entries->n == 0) {
		html_elem(h, "p", f->before ? _("There are no older changes.") :
		    _("No change matches."), NULL);
	} else {
		html_open(h, "ol", "class", "audit", "aria-labelledby", "changes", NULL);
		for (size_t i = 0; i < v->entries->n; i++)
			entry(h, &v->entries->items[i]);
		html_close(h, "ol");
	}
	pager(h, v, path);
	admin_end(h);
	free(title);
	free(path);
	return html_finish(h, len);
}

/* ---- what changed between two revisions ---- */

static void
diff_line(struct html *h, const struct diff_item *it)
{
	html_open(h, "li", NULL);
	if (it->kind == NULL) {
		html_text(h, _("The plan itself"));
	} else {
		html_text(h, kind_label(it->kind));
		html_text(h, " ");
		html_elem(h, "code", it->key, NULL);
		if (it->label) {
			html_text(h, " «");
			/* A long text is cut: the revision's JSON has all of it. */
			size_t n = strlen(it->label);
			if (n > 120) {
				size_t cut = 117;
				while (cut > 0 && ((unsigned char)it->label[cut] & 0xc0) == 0x80)
					cut--;
				html_textn(h, it->label, cut);
				html_text(h, "…");
			} else {
				html_text(h, it->label);
			}
			html_text(h, "»");
		}
		if (it->parent_kind) {
			html_text(h, " (");
			html_printf(h, _("in %s %s"), kind_label(it->parent_kind), it->parent_key);
			html_text(h, ")");
		}
	}
	if (it->change == DIFF_CHANGED) {
		html_text(h, ": ");
		for (size_t i = 0; i < it->nfields; i++) {
			if (i)
				html_text(h, ", ");
			html_text(h, field_label(it->fields[i].name));
			if (it->fields[i].order) {
				html_text(h, " ");
				html_text(h, _("(order)"));
			}
		}
	}
	html_close(h, "li");
}

char *
page_audit_compare(const struct admin_user *u, const char *plan_id,
    const struct plan_name *name, const struct revision *from,
    const struct revision *to, const struct json_diff *diff, size_t *len)
{
	struct html *h = html_new();
	char *title = xasprintf(_("Revision %d and %d of %s"), from->number, to->number,
	    name ? name->title : plan_id);
	char *plan_href = url_path("admin", "audit", "plan", plan_id, NULL);
	struct crumb crumbs[] = {{_("Start"), "/admin"}, {_("Audit trail"), "/admin/audit"},
	    {name ? name->title : plan_id, plan_href}};
	admin_begin(h, u, title, crumbs, 3);
	html_elem(h, "h1", title, NULL);
	const struct revision *rs[2] = {from, to};
	html_open(h, "ul", NULL);
	for (int i = 0; i < 2; i++) {
		char n[24];
		snprintf(n, sizeof(n), "%d", rs[i]->number);
		char *json = url_path("admin", "audit", "plan", plan_id, "revisions", n, NULL);
		html_open(h, "li", NULL);
		char label[64];
		snprintf(label, sizeof(label), _("Revision %d"), rs[i]->number);
		html_elem(h, "a", label, "href", json, NULL);
		html_text(h, ": ");
		when(h, rs[i]->at);
		html_text(h, ", ");
		who(h, rs[i]->actor);
		html_close(h, "li");
		free(json);
	}
	html_close(h, "ul");
	static const struct {
		enum diff_change c;
		const char      *heading;
	} groups[] = {
		{DIFF_CHANGED, N_("Changed")},
		{DIFF_ADDED, N_("Added")},
		{DIFF_REMOVED, N_("Removed")},
	};
	if (diff->n == 0)
		html_elem(h, "p", _("The two revisions hold the same plan."), NULL);
	for (size_t g = 0; g < 3; g++) {
		size_t n = 0;
		for (size_t i = 0; i < diff->n; i++)
			n += diff->items[i].change == groups[g].c;
		if (n == 0)
			continue;
		html_elem(h, "h2", _(groups[g].heading), NULL);
		html_open(h, "ul", "class", "diff-items", NULL);
		for (size_t i = 0; i < diff->n; i++)
			if (diff->items[i].change == groups[g].c)
				diff_line(h, &diff->items[i]);
		html_close(h, "ul");
	}
	admin_end(h);
	free(title);
	free(plan_href);
	return html_finish(h, len);
}

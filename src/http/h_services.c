/* h_services.c — the help directory's editor in the browser (issue 8 §1):
 * the list of entries with what they lack and which need verifying, the
 * form for a new entry and for each entry, "mark verified today", and
 * deleting. Coordinators edit the entries their organisations keep;
 * administrators every entry, national ones (kept by no organisation)
 * included. Every change is one audited store call (db_help_service_*)
 * with the actor "web:" and the user's address, checked against the
 * version the form was read at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/help.h"
#include "domain/valid.h"
#include "http/auth.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/help_view.h"
#include "views/i18n.h"
#include "views/pages.h"

/* The editor's form fields (routes.c). The weekly hours are
 * "from.DAY.K" and "to.DAY.K" (K 1 or 2). */
const struct route_field service_fields[] = {
	{"version", VALID_REVISION, .required = true},
	{"id", VALID_ID, .required = false},
	{"name_nb", VALID_TITLE, .required = false}, {"name_nn", VALID_TITLE, .required = false}, {"name_en", VALID_TITLE, .required = false},
	{"offers_nb", VALID_HELP_TEXT, .required = false}, {"offers_nn", VALID_HELP_TEXT, .required = false},
	{"offers_en", VALID_HELP_TEXT, .required = false},
	{"kind", VALID_HELP_KIND, .required = true},
	{"audience", VALID_HELP_AUDIENCE, .many = true},
	{"phone", VALID_PHONE, .required = false}, {"sms", VALID_PHONE, .required = false},
	{"email", VALID_EMAIL, .required = false}, {"web", VALID_URL, .required = false}, {"address", VALID_LINE, .required = false},
	{"hours", VALID_ID, .required = false},
	{"from.", VALID_CLOCK, .required = false}, {"to.", VALID_CLOCK, .required = false},
	{"note_nb", VALID_LINE, .required = false}, {"note_nn", VALID_LINE, .required = false}, {"note_en", VALID_LINE, .required = false},
	{"anonymous", VALID_HELP_ANONYMOUS, .required = false},
	{"languages", VALID_LINE, .required = false},
	{"owner", VALID_ID, .required = false},
	{"serves", VALID_ID, .many = true},
	{"unit", VALID_ID, .required = false},
	{"rank", VALID_HELP_RANK, .required = false},
	{"verified", VALID_DATE, .required = false},
	{.name = NULL},
};

const struct route_field service_version_fields[] = {
	{"version", VALID_REVISION, .required = true},
	{.name = NULL},
};

/* What every page of the editor needs: the user's account (its
 * organisations) and today in Norway. */
struct ctx {
	struct account_list *account;
	char                 actor[ACTOR_MAX];
	char                 today[32];
	char                 stale_before[32];
};

static bool
ctx_open(struct request *req, struct reply *r, struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	handler_actor(req, c->actor);
	struct clock_local t;
	clock_oslo_fields((int64_t)time(NULL), &t);
	snprintf(c->today, sizeof(c->today), "%04d-%02d-%02d", t.year, t.month, t.day);
	/* Six months back; a day the month lacks becomes its 28th. */
	int y = t.year, m = t.month - 6;
	if (m < 1) {
		m += 12;
		y--;
	}
	snprintf(c->stale_before, sizeof(c->stale_before), "%04d-%02d-%02d", y, m,
	    t.day > 28 ? 28 : t.day);
	enum db_status st = db_account_by_id(req->db, req->session->account_id, &c->account);
	return !handler_store_failed(req, r, st, N_("Your account is not there any more. "
	    "Sign in again."));
}

static void
ctx_close(struct ctx *c)
{
	account_list_free(c->account);
}

static bool
is_admin(const struct ctx *c)
{
	return c->account->items[0].role >= ROLE_ADMIN;
}

/* Whether the user keeps entries of organisation owner (NULL: national,
 * administrators only). */
static bool
keeps(const struct ctx *c, const char *owner)
{
	if (is_admin(c))
		return true;
	if (owner == NULL)
		return false;
	const struct account *a = &c->account->items[0];
	for (size_t i = 0; i < a->norganisations; i++)
		if (strcmp(a->organisations[i], owner) == 0)
			return true;
	return false;
}

/* ---- the list ---- */

static unsigned
lacks(const struct help_service *s)
{
	if (s->kind == HELP_KIND_WEB_RESOURCE)
		return s->web ? 0 : HELP_LACKS_WEB;
	return (s->phone ? 0 : HELP_LACKS_PHONE) |
	    (help_hours_known(&s->hours) ? 0 : HELP_LACKS_HOURS);
}

void
h_services(struct request *req, struct reply *r)
{
	struct ctx c;
	if (!ctx_open(req, r, &c))
		return;
	/* Administrators see every entry; coordinators those their
	 * organisations keep. */
	struct help_list *all = NULL;
	if (handler_store_failed(req, r, db_help_list(req->db, NULL, &all), NULL)) {
		ctx_close(&c);
		return;
	}
	struct help_list shown = {.items = xcalloc(all->n + 1, sizeof(struct help_service))};
	for (size_t i = 0; i < all->n; i++)
		if (keeps(&c, all->items[i].owner))
			shown.items[shown.n++] = all->items[i];
	bool *editable = xcalloc(shown.n + 1, sizeof(bool));
	bool *stale = xcalloc(shown.n + 1, sizeof(bool));
	unsigned *lack = xcalloc(shown.n + 1, sizeof(unsigned));
	for (size_t i = 0; i < shown.n; i++) {
		const struct help_service *s = &shown.items[i];
		editable[i] = true;
		stale[i] = s->verified == NULL || strcmp(s->verified, c.stale_before) < 0;
		lack[i] = lacks(s);
	}
	const char *done = req_query(req, "done");
	const char *notice = NULL;
	if (done && strcmp(done, "deleted") == 0)
		notice = _("The service was deleted.");
	else if (done && strcmp(done, "verified") == 0)
		notice = _("The service was marked verified today.");
	struct admin_user u = admin_user_of(req);
	struct services_view v = {
		.user = &u, .list = &shown, .editable = editable, .lacks = lack,
		.stale = stale, .stale_before = c.stale_before, .notice = notice,
		.may_add = is_admin(&c) || c.account->items[0].norganisations > 0,
	};
	size_t len;
	char *body = page_services(&v, &len);
	handler_private_page(r, body, len, 200);
	free(editable);
	free(stale);
	free(lack);
	free(shown.items);
	help_list_free(all);
	ctx_close(&c);
}

/* ---- the form ---- */

static const char *const langs[3] = {"nb", "nn", "en"};

/* What a form page needs to offer: organisations and units. */
struct choices {
	struct organisation_list *orgs;
	struct unit_list         *units;
	struct option            *owners;
	size_t                    nowners;
};

static bool
choices_read(struct request *req, struct reply *r, const struct ctx *c,
    struct choices *k)
{
	memset(k, 0, sizeof(*k));
	enum db_status st = db_organisations(req->db, &k->orgs);
	if (st == DB_OK)
		st = db_unit_list(req->db, &k->units);
	if (handler_store_failed(req, r, st, NULL))
		return false;
	k->owners = xcalloc(k->orgs->n + 1, sizeof(*k->owners));
	if (is_admin(c))
		k->owners[k->nowners++] = (struct option){"", _("National (no organisation)")};
	for (size_t i = 0; i < k->orgs->n; i++)
		if (keeps(c, k->orgs->items[i].id))
			k->owners[k->nowners++] = (struct option){k->orgs->items[i].id,
			    k->orgs->items[i].name};
	return true;
}

static void
choices_free(struct choices *k)
{
	organisation_list_free(k->orgs);
	unit_list_free(k->units);
	free(k->owners);
}

/* The texts of a form: a service's fields as text, in arena a. */
static void
fields_of_service(struct arena *a, const struct help_service *s, struct service_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->id = s->id;
	const struct help_text *t[3] = {&s->name, &s->offers, &s->hours.note};
	const char **out[3] = {f->name, f->offers, f->note};
	for (int k = 0; k < 3; k++) {
		out[k][0] = t[k]->nb;
		out[k][1] = t[k]->nn;
		out[k][2] = t[k]->en;
	}
	f->kind = help_kind_name(s->kind);
	char *p = arena_alloc(a, HELP_PHONE_SHOWN_MAX);
	if (s->phone) {
		help_phone_format(s->phone, p, HELP_PHONE_SHOWN_MAX);
		f->phone = p;
	}
	if (s->sms) {
		p = arena_alloc(a, HELP_PHONE_SHOWN_MAX);
		help_phone_format(s->sms, p, HELP_PHONE_SHOWN_MAX);
		f->sms = p;
	}
	f->email = s->email;
	f->web = s->web;
	f->address = s->address;
	f->hours = s->hours.always ? "always" : s->hours.nranges ? "weekly" : "unknown";
	int used[7] = {0};
	for (size_t i = 0; i < s->hours.nranges; i++) {
		const struct help_range *g = &s->hours.ranges[i];
		if (used[g->day] >= 2)
			continue;
		char *from = arena_alloc(a, 8), *to = arena_alloc(a, 8);
		snprintf(from, 8, "%02d:%02d", g->from / 60 % 100, g->from % 60);
		snprintf(to, 8, "%02d:%02d", g->to / 60 % 100, g->to % 60);
		f->from[g->day][used[g->day]] = from;
		f->to[g->day][used[g->day]] = to;
		used[g->day]++;
	}
	f->anonymous = help_anonymous_name(s->anonymous);
	f->audiences = arena_array(a, HELP_AUD__MAX, sizeof(char *));
	for (int k = 0; k < HELP_AUD__MAX; k++)
		if (s->audiences & HELP_AUDIENCE_BIT(k))
			f->audiences[f->naudiences++] = help_audience_name(k);
	f->serves = arena_array(a, s->nserves + 1, sizeof(char *));
	for (size_t i = 0; i < s->nserves; i++)
		f->serves[f->nserves++] = s->serves[i];
	struct buf b = {0};
	for (size_t i = 0; i < s->nlanguages; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", s->languages[i]);
	f->languages = b.data ? arena_strdup(a, b.data) : NULL;
	buf_free(&b);
	f->owner = s->owner;
	f->unit = s->unit;
	char *rank = arena_alloc(a, 16);
	snprintf(rank, 16, "%d", s->rank);
	f->rank = rank;
	f->verified = s->verified;
	f->version = s->version;
}

/* A value of the form, NULL when it was not sent or sent empty. */
static const char *
value(const struct form *fm, const char *name)
{
	const char *v = form_get(fm, name);
	return v && *v ? v : NULL;
}

/* Every value sent for name (checkboxes), in a. */
static const char **
values(struct arena *a, const struct form *fm, const char *name, size_t *n)
{
	const char **v = arena_array(a, fm->n + 1, sizeof(char *));
	*n = 0;
	for (size_t i = 0; i < fm->n; i++)
		if (strcmp(fm->v[i].name, name) == 0 && fm->v[i].value[0])
			v[(*n)++] = fm->v[i].value;
	return v;
}

/* Problems of a form, in an arena. */
struct problems {
	struct arena        *a;
	struct form_problem *items;
	size_t               n, cap;
};

static void
complain(struct problems *p, const char *field, const char *message)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].id, field) == 0)
			return;   /* one message a field */
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		struct form_problem *x = arena_array(p->a, p->cap, sizeof(*x));
		if (p->n)
			memcpy(x, p->items, p->n * sizeof(*x));
		p->items = x;
	}
	p->items[p->n++] = (struct form_problem){arena_strdup(p->a, field),
	    arena_strdup(p->a, message)};
}

static int
clock_minutes(const char *s)
{
	return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

/* Reads the posted form into f (as typed, for showing it again) and s
 * (the service to store, in l's arena), with every problem found. */
static void
read_form(const struct form *fm, struct help_list *l, struct service_fields *f,
    struct help_service *s, struct problems *p, const char *id)
{
	struct arena *a = &l->arena;
	memset(f, 0, sizeof(*f));
	/* What the validator table refused, at its field. */
	for (size_t i = 0; i < fm->n; i++)
		if (fm->v[i].error)
			complain(p, fm->v[i].name, fm->v[i].error);
	f->id = id ? id : value(fm, "id");
	for (int k = 0; k < 3; k++) {
		char n[24];
		snprintf(n, sizeof(n), "name_%s", langs[k]);
		f->name[k] = value(fm, n);
		snprintf(n, sizeof(n), "offers_%s", langs[k]);
		f->offers[k] = value(fm, n);
		snprintf(n, sizeof(n), "note_%s", langs[k]);
		f->note[k] = value(fm, n);
	}
	f->kind = value(fm, "kind");
	f->phone = value(fm, "phone");
	f->sms = value(fm, "sms");
	f->email = value(fm, "email");
	f->web = value(fm, "web");
	f->address = value(fm, "address");
	f->hours = value(fm, "hours");
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < 2; k++) {
			char n[24];
			snprintf(n, sizeof(n), "from.%s.%d", help_day_name(d), k + 1);
			f->from[d][k] = value(fm, n);
			snprintf(n, sizeof(n), "to.%s.%d", help_day_name(d), k + 1);
			f->to[d][k] = value(fm, n);
		}
	f->anonymous = value(fm, "anonymous");
	f->audiences = values(a, fm, "audience", &f->naudiences);
	f->serves = values(a, fm, "serves", &f->nserves);
	f->languages = value(fm, "languages");
	f->owner = value(fm, "owner");
	f->unit = value(fm, "unit");
	f->rank = value(fm, "rank");
	f->verified = value(fm, "verified");
	const char *ver = value(fm, "version");
	f->version = ver && !form_error(fm, "version") ? atoi(ver) : 0;

	/* The service, from what is valid. */
	if (f->id == NULL)
		complain(p, "id", _("Give the service an id."));
	s->id = arena_strdup(a, f->id);
	s->name = (struct help_text){arena_strdup(a, f->name[0]), arena_strdup(a, f->name[1]),
	    arena_strdup(a, f->name[2])};
	s->offers = (struct help_text){arena_strdup(a, f->offers[0]),
	    arena_strdup(a, f->offers[1]), arena_strdup(a, f->offers[2])};
	if (s->offers.nb == NULL && (s->offers.nn || s->offers.en))
		complain(p, "offers_nb", _("Write what it offers in bokmål too: it is shown "
		    "where the other languages have no text."));
	int kind = f->kind ? help_kind_parse(f->kind) : -1;
	s->kind = kind >= 0 ? (enum help_kind)kind : HELP_KIND_HELPLINE;
	for (size_t i = 0; i < f->naudiences; i++) {
		int aud = help_audience_parse(f->audiences[i]);
		if (aud >= 0)
			s->audiences |= HELP_AUDIENCE_BIT(aud);
	}
	const char *phones[2] = {f->phone, f->sms};
	char **out[2] = {&s->phone, &s->sms};
	for (int k = 0; k < 2; k++) {
		char norm[HELP_PHONE_MAX];
		if (phones[k] && help_phone_normal(phones[k], strlen(phones[k]), norm, NULL) ==
		    HELP_PHONE_OK)
			*out[k] = arena_strdup(a, norm);
	}
	s->email = arena_strdup(a, f->email);
	s->web = arena_strdup(a, f->web);
	s->address = arena_strdup(a, f->address);
	s->hours.note = (struct help_text){arena_strdup(a, f->note[0]),
	    arena_strdup(a, f->note[1]), arena_strdup(a, f->note[2])};
	if (s->hours.note.nb == NULL && (s->hours.note.nn || s->hours.note.en))
		complain(p, "note_nb", _("Write the note in bokmål too: it is shown where "
		    "the other languages have no text."));
	const char *mode = f->hours ? f->hours : "unknown";
	if (strcmp(mode, "always") == 0) {
		s->hours.always = true;
	} else if (strcmp(mode, "weekly") == 0) {
		s->hours.ranges = arena_array(a, 14, sizeof(struct help_range));
		for (int d = 0; d < 7; d++)
			for (int k = 0; k < 2; k++) {
				char fn[24], tn[24];
				snprintf(fn, sizeof(fn), "from.%s.%d", help_day_name(d), k + 1);
				snprintf(tn, sizeof(tn), "to.%s.%d", help_day_name(d), k + 1);
				const char *from = f->from[d][k], *to = f->to[d][k];
				if (from == NULL && to == NULL)
					continue;
				if (from == NULL || to == NULL) {
					complain(p, from ? tn : fn, _("Give both the time it opens and "
					    "the time it closes."));
					continue;
				}
				if (form_error(fm, fn) || form_error(fm, tn))
					continue;
				int mf = clock_minutes(from), mt = clock_minutes(to);
				if (mf == 1440)
					complain(p, fn, _("A day's opening begins at 23:59 at the "
					    "latest; 24:00 ends a day."));
				else if (mf == mt % 1440)
					complain(p, tn, _("It closes when it opens: for a service open "
					    "round the clock, choose \"Round the clock\"."));
				else
					s->hours.ranges[s->hours.nranges++] = (struct help_range){d, mf, mt};
			}
		size_t which;
		if (s->hours.nranges == 0)
			complain(p, "hours", _("Give at least one day's opening times, or choose "
			    "\"Not known\"."));
		else if (help_hours_overlap(&s->hours, &which))
			complain(p, "hours", _("Two of the opening times overlap: each time of "
			    "the week may be in one of them only."));
	} else if (strcmp(mode, "unknown") != 0) {
		complain(p, "hours", _("Choose one of the ways to give the opening hours."));
	}
	int anon = f->anonymous ? help_anonymous_parse(f->anonymous) : HELP_ANON_UNKNOWN;
	s->anonymous = anon >= 0 ? (enum help_anonymous)anon : HELP_ANON_UNKNOWN;
	s->serves = arena_array(a, f->nserves + 1, sizeof(char *));
	for (size_t i = 0; i < f->nserves; i++)
		s->serves[s->nserves++] = arena_strdup(a, f->serves[i]);
	if (f->languages) {
		s->languages = arena_array(a, strlen(f->languages) / 2 + 1, sizeof(char *));
		char *copy = arena_strdup(a, f->languages);
		for (char *save = NULL, *w = strtok_r(copy, ", ", &save); w;
		    w = strtok_r(NULL, ", ", &save)) {
			char msg[300];
			bool twice = false;
			for (size_t i = 0; i < s->nlanguages; i++)
				twice |= strcmp(s->languages[i], w) == 0;
			if (!valid_check(VALID_LANG_CODE, w, strlen(w), msg, sizeof(msg)))
				complain(p, "languages", msg);
			else if (!twice)
				s->languages[s->nlanguages++] = w;
		}
	}
	s->owner = arena_strdup(a, f->owner);
	s->unit = arena_strdup(a, f->unit);
	if (f->rank && !form_error(fm, "rank"))
		s->rank = atoi(f->rank);
	s->verified = arena_strdup(a, f->verified);

	/* The format's own rules, at the form's field. */
	const char *key;
	char msg[300];
	if (!help_service_check(s, &key, msg, sizeof(msg))) {
		if (strcmp(key, "name") == 0)
			complain(p, "name_nb", _("Write the service's name in bokmål."));
		else if (strcmp(key, "audiences") == 0)
			complain(p, "audience", _("Choose whom the service is for."));
		else if (strcmp(key, "serves") == 0)
			complain(p, "serves", _("The organisation that keeps the service is "
			    "served already: choose only others."));
		else
			complain(p, key, msg);
	}
}

static void
form_page(struct request *req, struct reply *r, const struct choices *k,
    const struct service_fields *f, const struct problems *p, const char *notice,
    const char *saved, int status)
{
	struct admin_user u = admin_user_of(req);
	struct service_form_view v = {
		.user = &u, .f = f, .problems = p ? p->items : NULL, .nproblems = p ? p->n : 0,
		.orgs = k->orgs, .owners = k->owners, .nowners = k->nowners, .units = k->units,
		.notice = notice, .saved = saved,
	};
	size_t len;
	char *body = page_service_form(&v, &len);
	handler_private_page(r, body, len, status);
}

/* The service named by :service, which the user keeps, or NULL with
 * 403, 404 or 500 answered. */
static struct help_list *
service_or_reply(struct request *req, struct reply *r, const struct ctx *c)
{
	const char *id = req_param(req, PARAM_SERVICE);
	struct help_list *l = NULL;
	enum db_status st = id && text_is_id(id) ? db_help_service_get(req->db, id, &l) :
	    DB_NOT_FOUND;
	if (handler_store_failed(req, r, st, N_("There is no service at this address.")))
		return NULL;
	if (!keeps(c, l->items[0].owner)) {
		reply_error(r, 403, l->items[0].owner ? N_("This service is kept by an "
		    "organisation your account does not coordinate: only its coordinators "
		    "and the administrators can change it.") : N_("National services are "
		    "kept by the administrators."));
		help_list_free(l);
		return NULL;
	}
	return l;
}

/* Saves the posted form as a new service (base 0) or over stored. */
static void
save(struct request *req, struct reply *r, struct ctx *c, struct choices *k,
    const struct help_service *stored)
{
	struct help_list *l = help_list_new();
	struct problems p = {.a = &l->arena};
	struct service_fields f;
	struct help_service *s = help_list_add(l);
	read_form(req->form, l, &f, s, &p, stored ? stored->id : NULL);
	if (!keeps(c, s->owner))
		complain(&p, "owner", s->owner ? _("Choose one of the organisations you "
		    "coordinate.") : _("Only administrators keep national services: choose "
		    "one of your organisations."));
	if (p.n > 0) {
		form_page(req, r, k, &f, &p, NULL, NULL, 400);
		help_list_free(l);
		return;
	}
	struct db_help_refusal why;
	int version = 0;
	enum db_status st = db_help_service_put(req->db, c->actor, s,
	    stored ? f.version : 0, &version, &why);
	if (st == DB_OK) {
		char *loc = xasprintf("/admin/services/%s?done=saved", s->id);
		reply_redirect(r, 303, loc);
		free(loc);
	} else if (st == DB_CONFLICT && stored == NULL) {
		complain(&p, "id", _("There is a service with this id already: choose "
		    "another."));
		form_page(req, r, k, &f, &p, NULL, NULL, 409);
	} else if (st == DB_CONFLICT || st == DB_NOT_FOUND) {
		form_page(req, r, k, &f, &p, _("Someone else changed or deleted this service "
		    "after you opened the form; nothing was saved. Open it again to see "
		    "their change, and make yours there."), NULL, 409);
	} else if (st == DB_ERROR && why.field[0]) {
		const char *field = strcmp(why.field, "serves") == 0 ? "serves" : why.field;
		complain(&p, field, strcmp(why.field, "unit") == 0 ?
		    _("This unit is another service's contact record already: a unit has "
		    "one.") : _("There is no such organisation."));
		form_page(req, r, k, &f, &p, NULL, NULL, 400);
	} else {
		handler_store_failed(req, r, st, NULL);
	}
	help_list_free(l);
}

void
h_service_new(struct request *req, struct reply *r)
{
	struct ctx c;
	if (!ctx_open(req, r, &c))
		return;
	struct choices k;
	if (!is_admin(&c) && c.account->items[0].norganisations == 0) {
		reply_error(r, 403, N_("Your account coordinates no organisation, so it "
		    "keeps no help services."));
	} else if (choices_read(req, r, &c, &k)) {
		if (req->method == HTTP_POST) {
			save(req, r, &c, &k, NULL);
		} else {
			struct service_fields f = {.hours = "unknown", .anonymous = "unknown",
			    .rank = "100", .kind = "helpline"};
			/* A coordinator's first organisation is the likely owner. */
			if (!is_admin(&c))
				f.owner = c.account->items[0].organisations[0];
			form_page(req, r, &k, &f, NULL, NULL, NULL, 200);
		}
		choices_free(&k);
	}
	ctx_close(&c);
}

void
h_service(struct request *req, struct reply *r)
{
	struct ctx c;
	if (!ctx_open(req, r, &c))
		return;
	struct help_list *l = service_or_reply(req, r, &c);
	struct choices k;
	if (l && choices_read(req, r, &c, &k)) {
		if (req->method == HTTP_POST) {
			save(req, r, &c, &k, &l->items[0]);
		} else {
			struct service_fields f;
			fields_of_service(&l->arena, &l->items[0], &f);
			const char *done = req_query(req, "done");
			form_page(req, r, &k, &f, NULL, NULL, done && strcmp(done, "saved") == 0 ?
			    _("The service was saved.") : NULL, 200);
		}
		choices_free(&k);
	}
	help_list_free(l);
	ctx_close(&c);
}

/* The version a verify or delete form was read at. */
static int
posted_version(const struct request *req)
{
	const char *v = form_get(req->form, "version");
	return v && !form_error(req->form, "version") ? atoi(v) : -1;
}

void
h_service_verify(struct request *req, struct reply *r)
{
	struct ctx c;
	if (!ctx_open(req, r, &c))
		return;
	struct help_list *l = service_or_reply(req, r, &c);
	if (l) {
		int base = posted_version(req);
		enum db_status st = base < 1 ? DB_CONFLICT : db_help_service_verify(req->db,
		    c.actor, l->items[0].id, c.today, base, NULL);
		if (st == DB_CONFLICT)
			reply_error(r, 409, N_("Someone else changed this service after you "
			    "opened it; it was not marked verified. Open it again, check the "
			    "details, and mark it verified there."));
		else if (!handler_store_failed(req, r, st, N_("There is no service at this "
		    "address.")))
			reply_redirect(r, 303, "/admin/services?done=verified");
	}
	help_list_free(l);
	ctx_close(&c);
}

void
h_service_delete(struct request *req, struct reply *r)
{
	struct ctx c;
	if (!ctx_open(req, r, &c))
		return;
	struct help_list *l = service_or_reply(req, r, &c);
	if (l && req->method != HTTP_POST) {
		struct admin_user u = admin_user_of(req);
		size_t len;
		char *body = page_service_delete(&u, &l->items[0], &len);
		handler_private_page(r, body, len, 200);
	} else if (l) {
		int base = posted_version(req);
		enum db_status st = base < 1 ? DB_CONFLICT : db_help_service_delete(req->db,
		    c.actor, l->items[0].id, base);
		if (st == DB_CONFLICT)
			reply_error(r, 409, N_("Someone else changed this service after you "
			    "opened it; it was not deleted. Open it again to see the change."));
		else if (!handler_store_failed(req, r, st, N_("There is no service at this "
		    "address.")))
			reply_redirect(r, 303, "/admin/services?done=deleted");
	}
	help_list_free(l);
	ctx_close(&c);
}

/* h_card_admin.c — coordinators editing the action card (issue 8 §5;
 * handlers.h lists what each answers). A coordinator edits the cards of
 * its own organisations, an administrator every card (edit.h's rule).
 * A change is made to the card in memory, checked as an import checks a
 * card file (card_check), checked to fit one A4 page (card_pdf), and
 * stored with the revision it was read at (db_card_put_checked: audited,
 * refused when someone saved meanwhile or a link names nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cache.h"
#include "http/edit.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/card_pdf.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/pages.h"

/* The languaged fields of a form: NAME_nb, NAME_nn, NAME_en. */
#define ML_FIELDS(name, kind, req) \
	{name "_nb", kind, .required = req}, {name "_nn", kind, .required = false}, \
	{name "_en", kind, .required = false}

const struct route_field card_settings_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	ML_FIELDS("title", VALID_TITLE, true),
	ML_FIELDS("intro", VALID_CARD_TEXT, false),
	{.name = NULL},
};
const struct route_field card_revision_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	{.name = NULL},
};
const struct route_field card_move_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	{"to", VALID_POSITION, .required = true},
	{.name = NULL},
};
const struct route_field card_step_fields[] = {
	{"revision", VALID_REVISION, .required = true},
	ML_FIELDS("heading", VALID_TITLE, true),
	ML_FIELDS("action", VALID_CARD_TEXT, true),
	ML_FIELDS("duty", VALID_CARD_TEXT, false),
	ML_FIELDS("reference", VALID_TITLE, false),
	{"unit", VALID_ID, .required = false, .many = true},
	{"service", VALID_ID, .required = false, .many = true},
	{.name = NULL},
};

/* One request on a card. */
struct cctx {
	struct edit_ctx   e;        /* the account, who, scratch */
	struct card_view *v;
	struct unit_list *units;    /* the register, for the unit boxes */
	struct option    *unit_opts;
	size_t            nunit_opts;
	struct help_list *services; /* the directory, for the service boxes */
	struct option    *service_opts;
	size_t            nservice_opts;
};

static void
cctx_end(struct cctx *c)
{
	card_view_free(c->v);
	unit_list_free(c->units);
	help_list_free(c->services);
	edit_end(&c->e);
}

/* Loads the card of :org and checks the user may edit it: false with r
 * filled (403, 404, 500). */
static bool
card_load(struct request *req, struct reply *r, struct cctx *c)
{
	memset(c, 0, sizeof(*c));
	if (!edit_account(req, r, &c->e))
		return false;
	const char *org = req_param(req, PARAM_ORG);
	if (org == NULL || !text_is_id(org)) {
		reply_error(r, 404, N_("There is no action card at this address."));
		return false;
	}
	if (handler_store_failed(req, r, db_card_get(req->db, org, &c->v),
	    N_("There is no action card at this address.")))
		return false;
	if (!edit_coordinates(&c->e, org)) {
		reply_error(r, 403, N_("This card belongs to an organisation your account "
		    "does not coordinate: only its coordinators and the administrators can "
		    "change it."));
		return false;
	}
	return true;
}

/* The units a step may link: the organisation's own and every external
 * unit of the register, by name. */
static bool
load_units(struct request *req, struct reply *r, struct cctx *c)
{
	if (handler_store_failed(req, r, db_unit_list(req->db, &c->units), NULL))
		return false;
	c->unit_opts = arena_array(&c->e.scratch, c->units->n + 1, sizeof(*c->unit_opts));
	for (size_t i = 0; i < c->units->n; i++) {
		const struct unit_summary *u = &c->units->units[i];
		bool own = u->organisation_id &&
		    strcmp(u->organisation_id, c->v->card->organisation) == 0;
		if (own || u->kind == UNIT_EXTERNAL)
			c->unit_opts[c->nunit_opts++] = (struct option){u->id, u->name};
	}
	/* The directory entries that serve the organisation (its own and
	 * the national ones), named with their phone numbers. */
	if (handler_store_failed(req, r, db_help_directory(req->db,
	    c->v->card->organisation, &c->services), NULL))
		return false;
	c->service_opts = arena_array(&c->e.scratch, c->services->n + 1,
	    sizeof(*c->service_opts));
	for (size_t i = 0; i < c->services->n; i++) {
		const struct help_service *sv = &c->services->items[i];
		char shown[HELP_PHONE_SHOWN_MAX] = "";
		if (sv->phone)
			help_phone_format(sv->phone, shown, sizeof(shown));
		char *label = xasprintf(*shown ? "%s (%s)" : "%s%s", sv->name.nb, shown);
		c->service_opts[c->nservice_opts++] = (struct option){sv->id,
		    arena_strdup(&c->e.scratch, label)};
		free(label);
	}
	return true;
}

static const char *
service_name_of(const struct cctx *c, const char *id)
{
	for (size_t i = 0; c->services && i < c->services->n; i++)
		if (strcmp(c->services->items[i].id, id) == 0)
			return c->services->items[i].name.nb;
	return id;
}

static const char *
unit_name_of(const struct cctx *c, const char *id)
{
	for (size_t i = 0; c->units && i < c->units->n; i++)
		if (strcmp(c->units->units[i].id, id) == 0)
			return c->units->units[i].name;
	return id;
}

/* Makes v's links match its card again after a change in memory (the
 * PDF check shows names as they will be). */
static void
relink(struct cctx *c)
{
	struct card_view *v = c->v;
	const struct card *card = v->card;
	struct arena *a = &v->arena;
	struct card_link **units = arena_array(a, card->nsteps + 1, sizeof(*units));
	size_t *nunits = arena_array(a, card->nsteps + 1, sizeof(*nunits));
	struct card_link **services = arena_array(a, card->nsteps + 1, sizeof(*services));
	size_t *nservices = arena_array(a, card->nsteps + 1, sizeof(*nservices));
	for (size_t s = 0; s < card->nsteps; s++) {
		const struct card_step *st = &card->steps[s];
		units[s] = arena_array(a, st->nunits + 1, sizeof(struct card_link));
		for (size_t u = 0; u < st->nunits; u++)
			units[s][nunits[s]++] = (struct card_link){.id = st->units[u],
			    .name.s[CARD_NB] = arena_strdup(a, unit_name_of(c, st->units[u]))};
		services[s] = arena_array(a, st->nservices + 1, sizeof(struct card_link));
		for (size_t u = 0; u < st->nservices; u++)
			services[s][nservices[s]++] = (struct card_link){.id = st->services[u],
			    .name.s[CARD_NB] = arena_strdup(a, service_name_of(c, st->services[u]))};
	}
	v->units = units;
	v->nunits = nunits;
	v->services = services;
	v->nservices = nservices;
}

/* Answers 303 to the card's page with ?done=done. */
static void
card_done(struct reply *r, const char *org, const char *done)
{
	char *path = url_path("admin", "cards", org, NULL);
	char *loc = xasprintf("%s?done=%s", path, done);
	reply_redirect(r, 303, loc);
	free(loc);
	free(path);
}

/* What storing a change did. */
enum saved { SAVED, REFUSED, STALE, FAILED };

/* Checks and stores c->v->card, changed in memory, as based on base;
 * change says what for the audit trail. SAVED (r answered 303 with
 * ?done=done), REFUSED (*msg says why, in the scratch arena), STALE
 * (someone saved since base), FAILED (r filled, 500). */
static enum saved
card_save(struct request *req, struct reply *r, struct cctx *c, int base,
    const char *change, const char *done, const char **msg)
{
	struct plan_error err;
	struct card *checked = card_check(c->v->card, &err);
	if (checked == NULL) {
		*msg = arena_strdup(&c->e.scratch, err.message);
		return REFUSED;
	}
	card_free(checked);
	relink(c);
	char why[512];
	size_t len;
	char *pdf = card_pdf(c->v, &len, NULL, why, sizeof(why));
	if (pdf == NULL) {
		*msg = _("With this change the card no longer fits one A4 page, even in the "
		    "smallest print: shorten its text.");
		return REFUSED;
	}
	free(pdf);
	struct card_problem problem = {0};
	int rev = 0;
	enum db_status st = db_card_put_checked(req->db, c->e.actor, c->v->card, base,
	    change, &rev, &problem);
	if (st == DB_CONFLICT)
		return STALE;
	if (st == DB_NOT_FOUND) {
		*msg = arena_strdup(&c->e.scratch, problem.message);
		return REFUSED;
	}
	if (handler_store_failed(req, r, st, NULL))
		return FAILED;
	cache_generation_changed();
	card_done(r, c->v->card->organisation, rev == base ? "unchanged" : done);
	return SAVED;
}

static const char *
stale_notice(void)
{
	return _("Someone else saved this card while you were working. Nothing was "
	    "saved: what you typed is below. Open the card again to see their change, "
	    "or send this form again to save yours over it.");
}

/* The base revision of a POST: its form's, or -1. */
static int
form_base(const struct request *req)
{
	return req->form ? edit_form_revision(req->form) : -1;
}

/* ---- the pages ---- */

void
h_cards_admin(struct request *req, struct reply *r)
{
	struct edit_ctx e;
	if (!edit_account(req, r, &e))
		goto out;
	struct card_list *l = NULL;
	if (handler_store_failed(req, r, db_card_list(req->db, &l), NULL))
		goto out;
	bool *mine = arena_array(&e.scratch, l->n + 1, sizeof(bool));
	for (size_t i = 0; i < l->n; i++)
		mine[i] = edit_coordinates(&e, l->items[i].organisation_id);
	size_t len;
	char *body = page_cards_admin(&e.user, l, mine, &len);
	handler_private_page(r, body, len, 200);
	card_list_free(l);
out:
	edit_end(&e);
}

void
h_card_admin(struct request *req, struct reply *r)
{
	struct cctx c;
	if (card_load(req, r, &c)) {
		size_t len;
		char *body = page_card_admin(&c.e.user, c.v, req_query(req, "done"), NULL, &len);
		handler_private_page(r, body, len, 200);
	}
	cctx_end(&c);
}

/* A languaged text as the form sent it, into t (in the card's arena);
 * a problem when nynorsk or English is given without bokmål. */
static void
take_ml(struct cctx *c, const struct form *f, const char *name, struct card_text *t,
    struct edit_problems *ps)
{
	for (int i = 0; i < CARD_LANG__MAX; i++) {
		char key[48];
		snprintf(key, sizeof(key), "%s_%s", name, card_lang_code[i]);
		const char *v = form_get(f, key);
		t->s[i] = v && *v ? arena_strdup(&c->v->card->arena, v) : NULL;
	}
	if (t->s[CARD_NB] == NULL && (t->s[CARD_NN] || t->s[CARD_EN])) {
		char *key = arena_strdup(&c->e.scratch, name);
		key = xasprintf("%s_nb", key);
		edit_problem(ps, arena_strdup(&c->e.scratch, key), _("Write this text in "
		    "bokmål too: nynorsk and English fall back to it."));
		free(key);
	}
}

/* The fields of a languaged text: three inputs, values from the form
 * when there is one, else from t. */
static size_t
ml_fields(struct cctx *c, struct card_form_field *out, const char *name,
    const char *label, const char *hint, bool multiline, bool required,
    const struct form *f, const struct edit_problems *ps, const struct card_text *t)
{
	static const char *const lang_names[CARD_LANG__MAX] = {N_("bokmål"),
	    N_("nynorsk, optional"), N_("English, optional")};
	for (int i = 0; i < CARD_LANG__MAX; i++) {
		char *key = xasprintf("%s_%s", name, card_lang_code[i]);
		char *lab = xasprintf("%s (%s)", label, _(lang_names[i]));
		out[i] = (struct card_form_field){
			.name = arena_strdup(&c->e.scratch, key),
			.label = arena_strdup(&c->e.scratch, lab),
			.hint = i == 0 ? hint : NULL,
			.value = f ? form_get(f, key) : t ? t->s[i] : NULL,
			.error = edit_error_at(f, ps, key),
			.multiline = multiline,
			.required = required && i == 0,
		};
		free(key);
		free(lab);
	}
	return CARD_LANG__MAX;
}

/* ---- title and introduction ---- */

static void
settings_form(struct request *req, struct reply *r, struct cctx *c,
    const struct form *f, const struct edit_problems *ps, const char *notice,
    int status)
{
	static const struct edit_problems none;
	if (ps == NULL)
		ps = &none;
	struct card_form_field fields[2 * CARD_LANG__MAX];
	size_t n = ml_fields(c, fields, "title", _("Title"), _("The question the card "
	    "answers, as its heading."), false, true, f, ps, &c->v->card->title);
	n += ml_fields(c, fields + n, "intro", _("Introduction"), _("A few sentences "
	    "above the steps."), true, false, f, ps, &c->v->card->intro);
	char *action = url_path("admin", "cards", c->v->card->organisation, "settings",
	    NULL);
	struct card_form cf = {.heading = _("Title and introduction"), .action = action,
	    .submit = _("Save"), .notice = notice, .fields = fields, .nfields = n,
	    .problems = ps ? ps->p : NULL, .nproblems = ps ? ps->n : 0};
	size_t len;
	char *body = page_card_form(&c->e.user, c->v, &cf, &len);
	handler_private_page(r, body, len, status);
	free(action);
	(void)req;
}

void
h_card_settings(struct request *req, struct reply *r)
{
	struct cctx c;
	if (!card_load(req, r, &c))
		goto out;
	if (req->method != HTTP_POST) {
		settings_form(req, r, &c, NULL, NULL, NULL, 200);
		goto out;
	}
	const struct form *f = req->form;
	struct edit_problems ps = {0};
	edit_form_problems(f, &ps);
	struct card_text title, intro;
	take_ml(&c, f, "title", &title, &ps);
	take_ml(&c, f, "intro", &intro, &ps);
	if (ps.n > 0) {
		settings_form(req, r, &c, f, &ps, NULL, 400);
		goto out;
	}
	int base = form_base(req);
	if (base != c.v->revision) {
		settings_form(req, r, &c, f, &ps, stale_notice(), 409);
		goto out;
	}
	c.v->card->title = title;
	c.v->card->intro = intro;
	if (!load_units(req, r, &c))
		goto out;
	const char *msg = NULL;
	switch (card_save(req, r, &c, base, "edit title and introduction", "settings", &msg)) {
	case REFUSED:
		settings_form(req, r, &c, f, &ps, msg, 400);
		break;
	case STALE:
		settings_form(req, r, &c, f, &ps, stale_notice(), 409);
		break;
	default:
		break;
	}
out:
	cctx_end(&c);
}

/* ---- marking the card reviewed ---- */

void
h_card_reviewed(struct request *req, struct reply *r)
{
	struct cctx c;
	if (!card_load(req, r, &c))
		goto out;
	int base = form_base(req);
	const char *msg = NULL;
	enum saved s = STALE;
	if (base == c.v->revision) {
		c.v->card->is_template = false;
		if (!load_units(req, r, &c))
			goto out;
		s = card_save(req, r, &c, base, "mark reviewed", "reviewed", &msg);
	}
	if (s == STALE || s == REFUSED) {
		size_t len;
		char *body = page_card_admin(&c.e.user, c.v, NULL, s == STALE ?
		    stale_notice() : msg, &len);
		handler_private_page(r, body, len, s == STALE ? 409 : 400);
	}
out:
	cctx_end(&c);
}

/* ---- steps ---- */

/* Step n (from 1) of the address (:n), or 0 with r filled (404). */
static size_t
step_of(struct request *req, struct reply *r, const struct cctx *c)
{
	const char *s = req_param(req, PARAM_N);
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s < '1' || *s > '9' || *end != '\0' ||
	    n > (long)c->v->card->nsteps) {
		reply_error(r, 404, N_("This card has no step at this address."));
		return 0;
	}
	return (size_t)n;
}

/* The form of a step: n 0 for a new one. */
static void
step_form(struct request *req, struct reply *r, struct cctx *c, size_t n,
    const struct form *f, const struct edit_problems *ps, const char *notice,
    int status)
{
	static const struct edit_problems none;
	if (ps == NULL)
		ps = &none;
	const struct card_step *s = n ? &c->v->card->steps[n - 1] : NULL;
	struct card_form_field fields[4 * CARD_LANG__MAX];
	size_t k = ml_fields(c, fields, "heading", _("Situation"), _("A short heading: "
	    "“Acute danger”, “Suspicion about a child”."), false, true, f, ps,
	    s ? &s->heading : NULL);
	k += ml_fields(c, fields + k, "action", _("What to do"), _("One point a line, "
	    "in the order to do them."), true, true, f, ps, s ? &s->action : NULL);
	k += ml_fields(c, fields + k, "duty", _("The duty"), _("The duty this "
	    "situation brings, in plain words (duty to avert, duty to inform child "
	    "welfare)."), true, false, f, ps, s ? &s->duty : NULL);
	k += ml_fields(c, fields + k, "reference", _("Law"), _("Where the duty is "
	    "written: “Straffeloven § 196”."), false, false, f, ps,
	    s ? &s->reference : NULL);
	size_t nunits = 0, nservices = 0;
	const char *const *units = NULL, *const *services = NULL;
	if (f) {
		units = edit_form_all(&c->e, f, "unit", &nunits);
		services = edit_form_all(&c->e, f, "service", &nservices);
	} else if (s) {
		units = (const char *const *)s->units;
		nunits = s->nunits;
		services = (const char *const *)s->services;
		nservices = s->nservices;
	}
	char num[24];
	snprintf(num, sizeof(num), "%zu", n);
	char *action = n ? url_path("admin", "cards", c->v->card->organisation, "steps",
	    num, NULL) : url_path("admin", "cards", c->v->card->organisation, "add-step",
	    NULL);
	char heading[64];
	if (n)
		snprintf(heading, sizeof(heading), _("Step %zu"), n);
	else
		snprintf(heading, sizeof(heading), "%s", _("New step"));
	struct card_form cf = {.heading = heading, .action = action,
	    .submit = n ? _("Save the step") : _("Add the step"), .notice = notice,
	    .fields = fields, .nfields = k, .unit_options = c->unit_opts,
	    .nunit_options = c->nunit_opts, .units_checked = units,
	    .nunits_checked = nunits, .units_error = edit_error_at(f, ps, "unit"),
	    .service_options = c->service_opts, .nservice_options = c->nservice_opts,
	    .services_checked = services,
	    .nservices_checked = nservices, .services_error = edit_error_at(f, ps, "service"),
	    .problems = ps ? ps->p : NULL, .nproblems = ps ? ps->n : 0};
	size_t len;
	char *body = page_card_form(&c->e.user, c->v, &cf, &len);
	handler_private_page(r, body, len, status);
	free(action);
	(void)req;
}

/* Reads a step from the form into s; problems into ps. */
static void
take_step(struct cctx *c, const struct form *f, struct card_step *s,
    struct edit_problems *ps)
{
	edit_form_problems(f, ps);
	take_ml(c, f, "heading", &s->heading, ps);
	take_ml(c, f, "action", &s->action, ps);
	take_ml(c, f, "duty", &s->duty, ps);
	take_ml(c, f, "reference", &s->reference, ps);
	if (s->duty.s[CARD_NB] == NULL && s->reference.s[CARD_NB] != NULL)
		edit_problem(ps, "duty_nb", _("Name the duty the law gives, or leave the "
		    "law empty too."));
	size_t n;
	const char **units = edit_form_all(&c->e, f, "unit", &n);
	if (n > CARD_LINKS_MAX)
		edit_problem(ps, "unit", _("Choose at most 12 units."));
	s->units = arena_array(&c->v->card->arena, n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t j = 0; j < c->nunit_opts; j++)
			known |= strcmp(c->unit_opts[j].value, units[i]) == 0;
		if (!known)
			edit_problem(ps, "unit", _("Choose units from the list."));
		s->units[s->nunits++] = arena_strdup(&c->v->card->arena, units[i]);
	}
	const char **services = edit_form_all(&c->e, f, "service", &n);
	s->services = arena_array(&c->v->card->arena, n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t j = 0; j < c->nservice_opts; j++)
			known |= strcmp(c->service_opts[j].value, services[i]) == 0;
		if (!known)
			edit_problem(ps, "service", _("Choose directory entries from the list."));
		s->services[s->nservices++] = arena_strdup(&c->v->card->arena, services[i]);
	}
	if (n > CARD_LINKS_MAX)
		edit_problem(ps, "service", _("Choose at most 12 directory entries."));
}

/* The POST of a step form: n 0 adds one. */
static void
step_post(struct request *req, struct reply *r, struct cctx *c, size_t n)
{
	const struct form *f = req->form;
	struct edit_problems ps = {0};
	struct card_step s = {0};
	take_step(c, f, &s, &ps);
	struct card *card = c->v->card;
	if (n == 0 && card->nsteps >= CARD_STEPS_MAX)
		edit_problem(&ps, "heading_nb", _("A card has at most 12 steps: it must fit "
		    "one page."));
	if (ps.n > 0) {
		step_form(req, r, c, n, f, &ps, NULL, 400);
		return;
	}
	int base = form_base(req);
	if (base != c->v->revision) {
		step_form(req, r, c, n, f, &ps, stale_notice(), 409);
		return;
	}
	char change[64];
	if (n) {
		card->steps[n - 1] = s;
		snprintf(change, sizeof(change), "edit step %zu", n);
	} else {
		struct card_step *steps = arena_array(&card->arena, card->nsteps + 1,
		    sizeof(*steps));
		memcpy(steps, card->steps, card->nsteps * sizeof(*steps));
		steps[card->nsteps++] = s;
		card->steps = steps;
		snprintf(change, sizeof(change), "add step %zu", card->nsteps);
	}
	const char *msg = NULL;
	enum saved sv = card_save(req, r, c, base, change, n ? "edit" : "add", &msg);
	if (sv == REFUSED || sv == STALE) {
		if (n == 0)
			card->nsteps--;
		step_form(req, r, c, n, f, &ps, sv == STALE ? stale_notice() : msg,
		    sv == STALE ? 409 : 400);
	}
}

void
h_card_step_add(struct request *req, struct reply *r)
{
	struct cctx c;
	if (!card_load(req, r, &c) || !load_units(req, r, &c))
		goto out;
	if (req->method != HTTP_POST)
		step_form(req, r, &c, 0, NULL, NULL, NULL, 200);
	else
		step_post(req, r, &c, 0);
out:
	cctx_end(&c);
}

void
h_card_step_edit(struct request *req, struct reply *r)
{
	struct cctx c;
	size_t n;
	if (!card_load(req, r, &c) || !load_units(req, r, &c) ||
	    (n = step_of(req, r, &c)) == 0)
		goto out;
	if (req->method != HTTP_POST)
		step_form(req, r, &c, n, NULL, NULL, NULL, 200);
	else
		step_post(req, r, &c, n);
out:
	cctx_end(&c);
}

void
h_card_step_delete(struct request *req, struct reply *r)
{
	struct cctx c;
	size_t n;
	if (!card_load(req, r, &c) || !load_units(req, r, &c) ||
	    (n = step_of(req, r, &c)) == 0)
		goto out;
	const char *error = NULL;
	int status = 200;
	if (req->method == HTTP_POST) {
		struct card *card = c.v->card;
		int base = form_base(req);
		if (base != c.v->revision) {
			error = stale_notice();
			status = 409;
		} else if (card->nsteps == 1) {
			error = _("A card needs at least one step: add another before deleting "
			    "this one.");
			status = 400;
		} else {
			memmove(&card->steps[n - 1], &card->steps[n],
			    (card->nsteps - n) * sizeof(*card->steps));
			card->nsteps--;
			char change[64];
			snprintf(change, sizeof(change), "delete step %zu", n);
			enum saved sv = card_save(req, r, &c, base, change, "delete", &error);
			if (sv == SAVED || sv == FAILED)
				goto out;
			/* Refused: the card as it was. */
			card_view_free(c.v);
			c.v = NULL;
			if (handler_store_failed(req, r, db_card_get(req->db,
			    req_param(req, PARAM_ORG), &c.v), NULL))
				goto out;
			if (sv == STALE)
				error = stale_notice();
			status = sv == STALE ? 409 : 400;
		}
	}
	size_t len;
	char *body = page_card_delete(&c.e.user, c.v, n, error, &len);
	handler_private_page(r, body, len, status);
out:
	cctx_end(&c);
}

void
h_card_step_move(struct request *req, struct reply *r)
{
	struct cctx c;
	size_t n;
	if (!card_load(req, r, &c) || !load_units(req, r, &c) ||
	    (n = step_of(req, r, &c)) == 0)
		goto out;
	struct card *card = c.v->card;
	int base = form_base(req);
	const char *to_s = req->form ? form_get(req->form, "to") : NULL;
	long to = to_s && !form_error(req->form, "to") ? strtol(to_s, NULL, 10) : 0;
	const char *error = NULL;
	int status = 400;
	if (to < 1 || to > (long)card->nsteps) {
		error = _("There is no such place on the card.");
	} else if (base != c.v->revision) {
		error = stale_notice();
		status = 409;
	} else {
		struct card_step s = card->steps[n - 1];
		size_t t = (size_t)to;
		if (t < n)
			memmove(&card->steps[t], &card->steps[t - 1], (n - t) * sizeof(s));
		else if (t > n)
			memmove(&card->steps[n - 1], &card->steps[n], (t - n) * sizeof(s));
		card->steps[t - 1] = s;
		char change[64];
		snprintf(change, sizeof(change), "move step %zu to %zu", n, t);
		enum saved sv = card_save(req, r, &c, base, change, "move", &error);
		if (sv == SAVED || sv == FAILED)
			goto out;
		status = sv == STALE ? 409 : 400;
		if (sv == STALE)
			error = stale_notice();
	}
	size_t len;
	char *body = page_card_admin(&c.e.user, c.v, NULL, error, &len);
	handler_private_page(r, body, len, status);
out:
	cctx_end(&c);
}

/* cards.c — the action card in the store (db.h, "the action card"): one
 * row per organisation holding the card's canonical JSON, its digest
 * and revision; writing it (from an import, with the plans in the same
 * transaction, or from an edit, with the revision check), checking what
 * it links to, auditing, and reading it back with its links resolved to
 * the units' and directory entries' current names. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void
digest_of(const char *json, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)json, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void
problem_set(struct card_problem *p, size_t card, const char *path, const char *fmt,
    const char *id) __attribute__((format(printf, 4, 0)));

static void
problem_set(struct card_problem *p, size_t card, const char *path, const char *fmt,
    const char *id)
{
	p->card = card;
	snprintf(p->path, sizeof(p->path), "%s", path);
	snprintf(p->message, sizeof(p->message), fmt, id);
}

/* The name of unit id in the register (copied into a), or NULL when
 * there is none; false on a database error. */
static bool
unit_name(struct db *db, const char *id, struct arena *a, char **name)
{
	*name = NULL;
	struct drv_stmt *st = q(db, S_REG_GET);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, id);
	enum drv_step r = drv_step(st, "unit register");
	if (r == DRV_ROW)
		*name = col_text(a, st, C_REG_NAME);
	drv_reset(st);
	return r != DRV_FAIL;
}

/* A directory entry's name in its languages and phone (copied into a),
 * or the name NULL when there is no such entry; false on a database
 * error. by_unit: the entry that is unit id's contact record. */
static bool
service_entry(struct db *db, const char *id, bool by_unit, struct arena *a,
    struct card_text *name, char **phone)
{
	memset(name, 0, sizeof(*name));
	*phone = NULL;
	struct help_list *l = NULL;
	enum db_status st = by_unit ? db_help_by_unit(db, id, &l) :
	    db_help_service_get(db, id, &l);
	if (st == DB_NOT_FOUND)
		return true;
	if (st != DB_OK)
		return false;
	const struct help_service *s = &l->items[0];
	name->s[CARD_NB] = arena_strdup(a, s->name.nb);
	name->s[CARD_NN] = arena_strdup(a, s->name.nn);
	name->s[CARD_EN] = arena_strdup(a, s->name.en);
	*phone = arena_strdup(a, s->phone);
	help_list_free(l);
	return true;
}

/* Checks that what card (index i of a write) refers to exists: its
 * organisation, units and directory entries. false with *problem set
 * (*refused true) or with the database's error (*refused false). */
static bool
card_refs_ok(struct db *db, const struct card *c, size_t i,
    struct card_problem *problem, bool *refused)
{
	*refused = false;
	struct drv_stmt *st = q(db, S_ORG_GET);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, c->organisation);
	enum drv_step r = drv_step(st, "organisation");
	drv_reset(st);
	if (r == DRV_FAIL)
		return false;
	if (r == DRV_DONE) {
		problem_set(problem, i, "$.organisation", "unknown organisation \"%s\" "
		    "(import a plan it owns first)", c->organisation);
		*refused = true;
		return false;
	}
	struct arena a = {0};
	bool ok = true;
	for (size_t s = 0; ok && !*refused && s < c->nsteps; s++) {
		const struct card_step *step = &c->steps[s];
		for (size_t u = 0; ok && !*refused && u < step->nunits; u++) {
			char *name;
			ok = unit_name(db, step->units[u], &a, &name);
			if (ok && name == NULL) {
				char path[128];
				snprintf(path, sizeof(path), "$.steps[%zu].units[%zu]", s, u);
				problem_set(problem, i, path, "unknown unit \"%s\" (not in the units "
				    "register: a plan names its units)", step->units[u]);
				*refused = true;
			}
		}
		for (size_t u = 0; ok && !*refused && u < step->nservices; u++) {
			struct card_text name;
			char *phone;
			ok = service_entry(db, step->services[u], false, &a, &name, &phone);
			if (ok && name.s[CARD_NB] == NULL) {
				char path[128];
				snprintf(path, sizeof(path), "$.steps[%zu].services[%zu]", s, u);
				problem_set(problem, i, path, "unknown directory entry \"%s\" (not "
				    "in the help directory)", step->services[u]);
				*refused = true;
			}
		}
	}
	arena_free(&a);
	return ok && !*refused;
}

/* Writes one card inside the caller's write transaction: unchanged
 * content is left alone; otherwise inserted or updated (at revision base
 * unless base < 0; *stale when it is not there), audited with change
 * (may be NULL). */
static bool
card_write(struct db *db, const char *actor, const struct card *c, int base,
    const char *change, enum db_put *result, int *revision, bool *stale)
{
	size_t len;
	char *json = card_json_export(c, &len);
	char digest[65];
	digest_of(json, len, digest);
	char *before = NULL;
	int last = 0;
	bool ok = false;
	struct drv_stmt *st = q(db, S_CARD_GET);
	if (st == NULL)
		goto out;
	drv_bind_text(st, 1, c->organisation);
	enum drv_step r = drv_step(st, "card");
	bool same = false;
	if (r == DRV_ROW) {
		last = col_int(st, C_CD_REVISION);
		same = strcmp(drv_col_text(st, C_CD_DIGEST), digest) == 0;
		before = xstrdup(drv_col_text(st, C_CD_JSON));
	}
	drv_reset(st);
	if (r == DRV_FAIL)
		goto out;
	*revision = last;
	if (base >= 0 && last != base) {
		*stale = true;
		drv_set_error(db->drv, "the card of %s is at revision %d, not %d",
		    c->organisation, last, base);
		goto out;
	}
	if (same) {
		*result = DB_PUT_UNCHANGED;
		ok = true;
		goto out;
	}
	char at[32];
	store_now(at);
	if ((st = q(db, last ? S_CARD_UPDATE : S_CARD_INSERT)) == NULL)
		goto out;
	drv_bind_text(st, 1, c->organisation);
	drv_bind_int(st, 2, c->is_template);
	drv_bind_text(st, 3, json);
	drv_bind_text(st, 4, digest);
	drv_bind_text(st, 5, at);
	drv_bind_text(st, 6, actor);
	if (last)
		drv_bind_int(st, 7, last);
	if (!q_run(db, st, "card"))
		goto out;
	*result = last ? DB_PUT_CHANGED : DB_PUT_NEW;
	*revision = last + 1;
	/* The audit row: the JSON before and after, and what the edit was. */
	struct buf ab = {0};
	buf_printf(&ab, "{\"revision\":%d,", last + 1);
	if (change) {
		buf_puts(&ab, "\"change\":");
		buf_json_string(&ab, change);
		buf_putc(&ab, ',');
	}
	buf_printf(&ab, "\"card\":%s}", json);
	char *after = buf_take(&ab, NULL);
	char *b = before ? xasprintf("{\"revision\":%d,\"card\":%s}", last, before) : NULL;
	ok = audit_write(db, actor, last ? "update" : "create", "card", c->organisation,
	    b, after);
	free(after);
	free(b);
out:
	free(before);
	free(json);
	return ok;
}

bool
cards_import_put(struct db *db, const char *actor, const struct db_card_import *ci,
    bool *changed)
{
	struct card_problem scratch;
	struct card_problem *problem = ci->problem ? ci->problem : &scratch;
	for (size_t i = 0; i < ci->n; i++) {
		bool refused = false;
		if (!card_refs_ok(db, ci->cards[i], i, problem, &refused)) {
			if (refused)
				drv_set_error(db->drv, "%s: %s", problem->path, problem->message);
			return false;
		}
		enum db_put r = DB_PUT_UNCHANGED;
		int rev = 0;
		bool stale = false;
		if (!card_write(db, actor, ci->cards[i], -1, NULL, &r, &rev, &stale))
			return false;
		*changed |= r != DB_PUT_UNCHANGED;
		if (ci->results)
			ci->results[i] = r;
		if (ci->revisions)
			ci->revisions[i] = rev;
	}
	return true;
}

enum db_status
db_card_put_checked(struct db *db, const char *actor, const struct card *c, int base,
    const char *change, int *revision, struct card_problem *problem)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	bool refused = false, stale = false;
	enum db_put r = DB_PUT_UNCHANGED;
	bool ok = card_refs_ok(db, c, 0, problem, &refused) &&
	    card_write(db, actor, c, base, change, &r, revision, &stale);
	if (ok && r != DB_PUT_UNCHANGED)
		ok = bump_generation(db);
	if (end_write(db, ok))
		return DB_OK;
	return refused ? DB_NOT_FOUND : stale ? DB_CONFLICT : DB_ERROR;
}

/* Resolves the links of every step of v->card (inside a read). */
static bool
resolve_links(struct db *db, struct card_view *v)
{
	const struct card *c = v->card;
	struct arena *a = &v->arena;
	v->units = arena_array(a, c->nsteps, sizeof(*v->units));
	v->nunits = arena_array(a, c->nsteps, sizeof(*v->nunits));
	v->services = arena_array(a, c->nsteps, sizeof(*v->services));
	v->nservices = arena_array(a, c->nsteps, sizeof(*v->nservices));
	for (size_t s = 0; s < c->nsteps; s++) {
		const struct card_step *step = &c->steps[s];
		v->units[s] = arena_array(a, step->nunits, sizeof(struct card_link));
		for (size_t u = 0; u < step->nunits; u++) {
			struct card_link *l = &v->units[s][v->nunits[s]];
			if (!unit_name(db, step->units[u], a, &l->name.s[CARD_NB]))
				return false;
			if (l->name.s[CARD_NB] == NULL)   /* gone from the register */
				continue;
			/* The unit's phone is its contact record's in the directory. */
			struct card_text ignored;
			if (!service_entry(db, step->units[u], true, a, &ignored, &l->phone))
				return false;
			l->id = arena_strdup(a, step->units[u]);
			v->nunits[s]++;
		}
		v->services[s] = arena_array(a, step->nservices, sizeof(struct card_link));
		for (size_t u = 0; u < step->nservices; u++) {
			struct card_link *l = &v->services[s][v->nservices[s]];
			if (!service_entry(db, step->services[u], false, a, &l->name, &l->phone))
				return false;
			if (l->name.s[CARD_NB] == NULL)
				continue;
			l->id = arena_strdup(a, step->services[u]);
			v->nservices[s]++;
		}
	}
	return true;
}

enum db_status
db_card_get(struct db *db, const char *org, struct card_view **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct card_view *v = xcalloc(1, sizeof(*v));
	enum db_status status = DB_ERROR;
	struct drv_stmt *st = q(db, S_CARD_GET);
	bool ok = st != NULL;
	if (ok) {
		drv_bind_text(st, 1, org);
		enum drv_step r = drv_step(st, "card");
		if (r == DRV_ROW) {
			v->revision = col_int(st, C_CD_REVISION);
			v->updated_at = col_text(&v->arena, st, C_CD_AT);
			v->updated_by = col_text(&v->arena, st, C_CD_BY);
			v->organisation_name = col_text(&v->arena, st, C_CD_ORG_NAME);
			const char *json = drv_col_text(st, C_CD_JSON);
			struct plan_error err;
			v->card = card_json_parse(json, strlen(json), &err);
			if (v->card == NULL) {
				drv_set_error(db->drv, "the stored card of %s does not parse: %s: %s",
				    org, err.path, err.message);
				ok = false;
			}
		} else {
			ok = r == DRV_DONE;
			status = DB_NOT_FOUND;
		}
		drv_reset(st);
	}
	if (ok && v->card)
		ok = resolve_links(db, v);
	ok = end_read(db, ok);
	if (!ok || v->card == NULL) {
		card_view_free(v);
		return ok ? status : DB_ERROR;
	}
	*out = v;
	return DB_OK;
}

void
card_view_free(struct card_view *v)
{
	if (v == NULL)
		return;
	card_free(v->card);
	arena_free(&v->arena);
	free(v);
}

enum db_status
db_card_list(struct db *db, struct card_list **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_CARD_LIST);
	if (st == NULL)
		return DB_ERROR;
	struct card_list *l = xcalloc(1, sizeof(*l));
	size_t cap = 0;
	bool ok;
	while (q_row(db, st, "cards", &ok)) {
		struct card_summary *c = VEC_PUSH(&l->arena, l->items, l->n, cap);
		c->organisation_id = col_text(&l->arena, st, C_CL_ORG_ID);
		c->organisation_name = col_text(&l->arena, st, C_CL_ORG_NAME);
		c->revision = col_int(st, C_CL_REVISION);
		c->is_template = col_int(st, C_CL_TEMPLATE) != 0;
		c->updated_at = col_text(&l->arena, st, C_CL_AT);
	}
	if (!ok) {
		card_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
card_list_free(struct card_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

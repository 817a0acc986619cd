/* register.c — the organisation's units register (org_unit and
 * org_unit_member): one record per unit id, whatever the plan period,
 * written from the plans that name the unit.
 *
 * An import maps each of the plan's units into the register by id, in
 * the import's transaction: a new id is inserted, a known one updated to
 * what the plan says (name, kind, organisation, parent, collective role
 * and the units it applies to), and each change is an audit row (object
 * type "unit": who, when, before and after). A plan does not overwrite
 * what a plan that outranks it says about the same unit: a public plan
 * outranks a draft (drafts are not public, and the register's names are
 * shown on public pages), and among those a plan of a later period an
 * earlier one, so importing an older plan (for its history) leaves the
 * register as the newer plan left it. Among equals the last import wins.
 *
 * The register's parent links come from several plans, so after the
 * writes the chain above each of the plan's units is walked: a cycle, or
 * more than UNIT_DEPTH_MAX levels, fails the import with a message. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "store/store_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

char *
unit_applies_text(const struct unit *u)
{
	if (!u->applies_listed)
		return NULL;
	struct buf b = {0};
	for (size_t i = 0; i < u->napplies_to; i++)
		buf_printf(&b, "%s%s", i ? " " : "", u->applies_to[i]);
	return buf_take(&b, NULL);
}

void
unit_applies_parse(struct arena *a, const char *s, struct unit *u)
{
	u->applies_listed = s != NULL;
	u->applies_to = NULL;
	u->napplies_to = 0;
	if (s == NULL)
		return;
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += *p != ' ' && (p == s || p[-1] == ' ');
	u->applies_to = arena_array(a, n ? n : 1, sizeof(char *));
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if (end > p)
			u->applies_to[u->napplies_to++] = arena_strndup(a, p, (size_t)(end - p));
		p = end;
	}
}

/* A register entry as the audit trail shows it: {"applies_to", "collective",
 * "kind", "name", "organisation", "parent"} and, for the entry a plan
 * writes, "plan". Caller frees. */
static char *
entry_json(const struct unit *u, const char *plan_id)
{
	json_t *applies = json_null();
	if (u->collective && u->applies_listed) {
		applies = json_array();
		for (size_t i = 0; i < u->napplies_to; i++)
			json_array_append_new(applies, json_string(u->applies_to[i]));
	}
	json_t *j = json_pack("{s:o, s:b, s:s, s:s, s:o, s:o}",
	    "applies_to", applies,
	    "collective", u->collective,
	    "kind", unit_kind_name(u->kind),
	    "name", u->name,
	    "organisation", u->organisation ? json_string(u->organisation) : json_null(),
	    "parent", u->parent ? json_string(u->parent) : json_null());
	if (plan_id)
		json_object_set_new(j, "plan", json_string(plan_id));
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	if (s == NULL)
		abort(); /* only memory can be missing: every text is UTF-8 */
	return s;
}

/* The register's entry for id as JSON in *out (NULL when there is none;
 * caller frees). */
static bool
entry_get(struct db *db, const char *id, char **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_REG_GET);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, id);
	enum drv_step r = drv_step(st, "unit register");
	if (r != DRV_ROW) {
		drv_reset(st);
		return r == DRV_DONE;
	}
	struct arena a = {0};
	struct unit u = {
		.id = arena_strdup(&a, id),
		.name = col_text(&a, st, C_REG_NAME),
		.organisation = col_text(&a, st, C_REG_ORG),
		.parent = col_text(&a, st, C_REG_PARENT),
		.collective = col_int(st, C_REG_COLLECTIVE) != 0,
		.applies_listed = col_int(st, C_REG_LISTED) != 0,
		.kind = col_unit_kind(st, C_REG_KIND),
	};
	drv_reset(st);
	bool ok = true;
	if (u.applies_listed) {
		size_t cap = 0;
		st = q(db, S_REG_MEMBERS);
		if (st)
			drv_bind_text(st, 1, id);
		while (q_row(db, st, "unit register members", &ok)) {
			char **slot = VEC_PUSH(&a, u.applies_to, u.napplies_to, cap);
			*slot = col_text(&a, st, 0);
		}
	}
	if (ok)
		*out = entry_json(&u, NULL);
	arena_free(&a);
	return ok;
}

/* Writes u as the register's entry for its id, with its members. */
static bool
entry_put(struct db *db, const struct unit *u)
{
	struct drv_stmt *st = q(db, S_REG_UPSERT);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, u->id);
	drv_bind_text(st, 2, u->name);
	drv_bind_text(st, 3, unit_kind_name(u->kind));
	drv_bind_text(st, 4, u->organisation);
	drv_bind_text(st, 5, u->parent);
	drv_bind_int(st, 6, u->collective);
	drv_bind_int(st, 7, u->collective && u->applies_listed);
	if (!q_run(db, st, "unit register"))
		return false;
	if ((st = q(db, S_REG_MEMBERS_DELETE)) == NULL)
		return false;
	drv_bind_text(st, 1, u->id);
	if (!q_run(db, st, "unit register members"))
		return false;
	for (size_t i = 0; u->collective && i < u->napplies_to; i++) {
		if ((st = q(db, S_REG_MEMBER_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, u->id);
		drv_bind_text(st, 2, u->applies_to[i]);
		drv_bind_int(st, 3, (int64_t)i);
		if (!q_run(db, st, "unit register member"))
			return false;
	}
	return true;
}

/* A plan's rank (stmts.c: REG_RANK): public plans over drafts, then the
 * later period. */
static int64_t
register_rank(const struct plan *p)
{
	return (p->status == PLAN_DRAFT ? 0 : 10000) + p->period_start;
}

/* Whether a plan that outranks p names unit id. */
static bool
outranked(struct db *db, const struct plan *p, const char *id, bool *later)
{
	struct drv_stmt *st = q(db, S_REG_OUTRANKED);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, id);
	drv_bind_text(st, 2, p->id);
	drv_bind_int(st, 3, register_rank(p));
	enum drv_step r = drv_step(st, "unit register");
	if (r == DRV_ROW)
		*later = drv_col_int(st, 0) > 0;
	drv_reset(st);
	return r == DRV_ROW;
}

/* Walks the register's parents above id: false with a message on a
 * cycle or a chain deeper than UNIT_DEPTH_MAX. */
static bool
check_chain(struct db *db, const char *id)
{
	char *seen[UNIT_DEPTH_MAX + 2];
	size_t n = 0;
	seen[n++] = xstrdup(id);
	bool ok = true;
	for (;;) {
		struct drv_stmt *st = q(db, S_REG_PARENT);
		if (st == NULL) {
			ok = false;
			break;
		}
		drv_bind_text(st, 1, seen[n - 1]);
		enum drv_step r = drv_step(st, "unit register parent");
		char *parent = r == DRV_ROW && !drv_col_null(st, 0) ?
		    xstrdup(drv_col_text(st, 0)) : NULL;
		drv_reset(st);
		if (r == DRV_FAIL) {
			ok = false;
			break;
		}
		if (parent == NULL)
			break;
		size_t k = 0;
		while (k < n && strcmp(seen[k], parent) != 0)
			k++;
		seen[n++] = parent;
		if (k < n - 1) {
			struct buf path = {0};
			for (size_t i = k; i < n; i++)
				buf_printf(&path, "%s%s", i > k ? " \u2192 " : "", seen[i]);
			drv_set_error(db->drv, "unit %s: with this plan, the parents in the "
			    "units register make a cycle: %s (another plan gives some of these "
			    "units their parent)", id, path.data);
			buf_free(&path);
			ok = false;
			break;
		}
		if (n == UNIT_DEPTH_MAX + 2) {
			drv_set_error(db->drv, "unit %s: with this plan, it has more than %d "
			    "levels of parent units above it in the units register", id,
			    UNIT_DEPTH_MAX);
			ok = false;
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(seen[i]);
	return ok;
}

bool
register_put(struct db *db, const char *actor, const struct plan *p)
{
	bool ok = true;
	for (size_t i = 0; ok && i < p->nunits; i++) {
		const struct unit *u = &p->units[i];
		bool later = false;
		char *before = NULL;
		ok = outranked(db, p, u->id, &later) && (later || entry_get(db, u->id, &before));
		if (!ok || later)
			continue;
		char *now = entry_json(u, NULL);
		if (before == NULL || strcmp(before, now) != 0) {
			char *after = entry_json(u, p->id);
			ok = entry_put(db, u) && audit_write(db, actor, before ? "update" : "create",
			    "unit", u->id, before, after);
			free(after);
		}
		free(now);
		free(before);
	}
	for (size_t i = 0; ok && i < p->nunits; i++)
		if (p->units[i].parent)
			ok = check_chain(db, p->units[i].id);
	return ok;
}

/* Migration 6's data: each unit id the plans name, as the plan that
 * ranks highest names it (register_rank; the first by plan id among
 * equals), audited as created by the migration. */
#define FILL_SQL \
	"SELECT u.id, u.plan_id, u.name, u.kind, u.organisation_id FROM unit u" \
	" JOIN plan p ON p.id = u.plan_id WHERE NOT EXISTS (SELECT 1 FROM unit u2" \
	"  JOIN plan p2 ON p2.id = u2.plan_id WHERE u2.id = u.id AND" \
	"  (" REG_RANK("p2") " > " REG_RANK("p") " OR" \
	"   (" REG_RANK("p2") " = " REG_RANK("p") " AND p2.id < p.id)))" \
	" ORDER BY u.id"

bool
register_fill(struct db *db)
{
	struct drv_stmt *st = drv_stmt(db->drv, DRV_STMTS_MAX - 2, FILL_SQL);
	if (st == NULL)
		return false;
	struct arena a = {0};
	struct unit *units = NULL;
	char **plans = NULL;
	size_t n = 0, cap = 0, pcap = 0, pn = 0;
	enum drv_step r;
	while ((r = drv_step(st, "units of the plans")) == DRV_ROW) {
		struct unit *u = VEC_PUSH(&a, units, n, cap);
		memset(u, 0, sizeof(*u));
		u->id = col_text(&a, st, 0);
		char **plan = VEC_PUSH(&a, plans, pn, pcap);
		*plan = col_text(&a, st, 1);
		u->name = col_text(&a, st, 2);
		u->kind = col_unit_kind(st, 3);
		u->organisation = col_text(&a, st, 4);
	}
	drv_reset(st);
	bool ok = r == DRV_DONE;
	for (size_t i = 0; ok && i < n; i++) {
		char *after = entry_json(&units[i], plans[i]);
		ok = entry_put(db, &units[i]) && audit_write(db, "migration:6", "create",
		    "unit", units[i].id, NULL, after);
		free(after);
	}
	arena_free(&a);
	return ok;
}

/* stmts.c — every SQL statement of the store, in one table indexed by
 * enum stmt (store_impl.h). Parameters are $1, $2, … and always bound.
 * The SQL is what SQLite and PostgreSQL both accept; where they differ, a
 * statement has a PostgreSQL variant. The column lists of reading
 * statements come from the X-macros in store_impl.h. */
#include "store/store_impl.h"

/* The tree of a plan in the plan's order, for the row loops that build
 * it: goals under their themes, measures under their goals, … */
#define TREE_JOIN_GOAL \
	" JOIN theme t ON t.plan_id = g.plan_id AND t.id = g.theme_id"
#define TREE_JOIN_MEASURE \
	" JOIN goal g ON g.plan_id = m.plan_id AND g.id = m.goal_id" TREE_JOIN_GOAL
#define TREE_JOIN_INDICATOR \
	" JOIN measure m ON m.plan_id = i.plan_id AND m.id = i.measure_id" TREE_JOIN_MEASURE

/* The plans on one page of a unit's view: $2 of them after the first $3,
 * newest first. */
#define UNIT_PAGE_SQL \
	"SELECT u2.plan_id FROM unit u2 JOIN plan p2 ON p2.id = u2.plan_id" \
	" WHERE u2.id = $1 AND p2.status <> 'draft' ORDER BY p2.period_start DESC, p2.id LIMIT $2 OFFSET $3"

/* One page of the audit trail, newest first: the filters every way in
 * shares, after the condition that picks its index. $1 actor, $2 object
 * type, $3 object id, $4 plan id ('' for any), $5 and $6 the ids of the
 * plan's objects lie between ("PLAN/" and "PLAN0": '0' follows '/'), $7
 * entries before this id, $8 1 to leave out changes to accounts, $9 how
 * many. PostgreSQL compares the range byte by byte, as its index does. */
#define AUDIT_PAGE_REST(C) \
	" AND ($1 = '' OR actor = $1) AND ($2 = '' OR object_type = $2)" \
	" AND ($3 = '' OR object_id = $3)" \
	" AND ($4 = '' OR " AUDIT_OF_PLAN(C) ")" \
	" AND id < $7 AND ($8 = 0 OR object_type <> 'account')" \
	" ORDER BY id DESC LIMIT $9"
#define AUDIT_OF_PLAN(C) \
	"((object_type = 'plan' AND object_id = $4)" \
	" OR (object_id" C " >= $5 AND object_id" C " < $6))"
#define PG_C " COLLATE \"C\""
#define AUDIT_ROW \
	"SELECT id, at, actor, action, object_type, object_id, before_json, after_json" \
	" FROM audit"
#define AUDIT_PLAN_ROWS(C) \
	AUDIT_ROW " WHERE object_type = 'plan' AND object_id = $4 AND id < $7" \
	" UNION ALL " AUDIT_ROW " WHERE object_id" C " >= $5 AND object_id" C " < $6" \
	" AND id < $7"
#define AUDIT_PAGE_SQL(WHERE) \
	{SELECT_LIST(AUDIT_COLS) " FROM audit WHERE " WHERE AUDIT_PAGE_REST(""), \
	 SELECT_LIST(AUDIT_COLS) " FROM audit WHERE " WHERE AUDIT_PAGE_REST(PG_C), \
	 .each_time = true}

const struct stmt_def stmt_defs[STMT__MAX] = {
	[S_SCHEMA_EXISTS] = {
		"SELECT count(*) FROM sqlite_master"
		" WHERE type = 'table' AND name = 'schema_version'",
		"SELECT count(*) FROM information_schema.tables"
		" WHERE table_schema = current_schema() AND table_name = 'schema_version'",
	},
	[S_SCHEMA_VERSION] = {"SELECT coalesce(max(version), 0) FROM schema_version", NULL},
	[S_SCHEMA_RECORD] = {"INSERT INTO schema_version (version) VALUES ($1)", NULL},

	[S_GENERATION] = {"SELECT value FROM meta WHERE key = 'generation'", NULL},
	[S_GENERATION_BUMP] = {
		"UPDATE meta SET value = value + 1 WHERE key = 'generation'", NULL},
	/* Delivered to every listening instance when the transaction commits. */
	[S_NOTIFY] = {"SELECT 1", "SELECT pg_notify('" GENERATION_CHANNEL "', '')"},

	[S_PLAN_DELETE] = {"DELETE FROM plan WHERE id = $1", NULL},
	[S_ORG_GET] = {"SELECT name FROM organisation WHERE id = $1", NULL},
	[S_ORG_UPSERT] = {
		"INSERT INTO organisation (id, name) VALUES ($1, $2)"
		" ON CONFLICT (id) DO UPDATE SET name = excluded.name", NULL},
	[S_PLAN_INSERT] = {
		"INSERT INTO plan (id, title, period_start, period_end, status, has_adoption,"
		" adoption_date, adoption_body, adoption_case, replaces, replaces_title)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", NULL},
	[S_PLAN_ORG_INSERT] = {
		"INSERT INTO plan_organisation (plan_id, organisation_id, position)"
		" VALUES ($1, $2, $3)", NULL},
	[S_OGOAL_INSERT] = {
		"INSERT INTO overarching_goal (plan_id, position, title, text)"
		" VALUES ($1, $2, $3, $4)", NULL},
	[S_CHAPTER_INSERT] = {
		"INSERT INTO chapter (plan_id, id, position, title, body)"
		" VALUES ($1, $2, $3, $4, $5)", NULL},
	[S_UNIT_INSERT] = {
		"INSERT INTO unit (plan_id, id, position, name, kind, organisation_id)"
		" VALUES ($1, $2, $3, $4, $5, $6)", NULL},
	[S_STEP_INSERT] = {
		"INSERT INTO implementation_step (plan_id, position, what, who, when_text)"
		" VALUES ($1, $2, $3, $4, $5)", NULL},
	[S_STEP_UNIT_INSERT] = {
		"INSERT INTO step_unit (plan_id, step_position, position, unit_id)"
		" VALUES ($1, $2, $3, $4)", NULL},
	[S_THEME_INSERT] = {
		"INSERT INTO theme (plan_id, id, position, title, background, challenge)"
		" VALUES ($1, $2, $3, $4, $5, $6)", NULL},
	[S_GOAL_INSERT] = {
		"INSERT INTO goal (plan_id, id, theme_id, position, text)"
		" VALUES ($1, $2, $3, $4, $5)", NULL},
	[S_MEASURE_INSERT] = {
		"INSERT INTO measure (plan_id, id, goal_id, position, title, kind, description)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)", NULL},
	[S_INDICATOR_INSERT] = {
		"INSERT INTO indicator (plan_id, measure_id, number, position, text,"
		" resource_note, resource_category, responsible_note, deadline)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", NULL},
	[S_INDICATOR_UNIT_INSERT] = {
		"INSERT INTO indicator_unit (plan_id, measure_id, number, position, unit_id)"
		" VALUES ($1, $2, $3, $4, $5)", NULL},

	[S_SEARCH_SLOT] = {"SELECT slot FROM plan_search_slot WHERE plan_id = $1", NULL},
	[S_SEARCH_SLOT_NEW] = {
		"INSERT INTO plan_search_slot (plan_id, slot) VALUES ($1,"
		" (SELECT coalesce(max(slot), 0) + 1 FROM plan_search_slot))", NULL},
	[S_SEARCH_DELETE] = {"DELETE FROM search_entry WHERE plan_id = $1", NULL},
	[S_SEARCH_INSERT] = {
		"INSERT INTO search_entry (id, plan_id, plan_title, plan_start, ord, kind, key,"
		" title, number, body, resource_note, category, units, text)"
		" VALUES ($14, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", NULL},

	[S_REVISION_LAST] = {
		"SELECT number, digest FROM plan_revision WHERE plan_id = $1"
		" ORDER BY number DESC LIMIT 1", NULL},
	[S_REVISION_INSERT] = {
		"INSERT INTO plan_revision (plan_id, number, at, actor, title, digest, json)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)", NULL},
	[S_REVISION_GET] = {
		"SELECT json FROM plan_revision WHERE plan_id = $1 AND number = $2", NULL},
	[S_REVISIONS] = {
		SELECT_LIST(REVISION_COLS) " FROM plan_revision WHERE plan_id = $1"
		" ORDER BY number", NULL},
	[S_AUDIT_INSERT] = {
		"INSERT INTO audit (at, actor, action, object_type, object_id, before_json,"
		" after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)", NULL},
	[S_AUDIT_LIST] = {
		SELECT_LIST(AUDIT_COLS) " FROM audit"
		" WHERE ($1 = '' OR object_type = $1) AND ($2 = '' OR object_id = $2)"
		" AND ($3 = '' OR actor = $3) ORDER BY id", NULL},

	/* ---- a whole plan in 12 statements ---- */
	[S_PLAN_GET] = {SELECT_LIST(PLAN_COLS) " FROM plan WHERE id = $1", NULL},
	[S_PLAN_NAME] = {SELECT_LIST(PLAN_NAME_COLS) " FROM plan WHERE id = $1", NULL},
	[S_PLAN_ORGS] = {
		SELECT_LIST(ORG_COLS) " FROM plan_organisation po"
		" JOIN organisation o ON o.id = po.organisation_id"
		" WHERE po.plan_id = $1 ORDER BY po.position", NULL},
	[S_PLAN_OGOALS] = {
		SELECT_LIST(OGOAL_COLS) " FROM overarching_goal WHERE plan_id = $1"
		" ORDER BY position", NULL},
	[S_PLAN_CHAPTERS] = {
		SELECT_LIST(CHAPTER_COLS) " FROM chapter WHERE plan_id = $1 ORDER BY position",
		NULL},
	[S_PLAN_UNITS] = {
		SELECT_LIST(UNIT_COLS) " FROM unit WHERE plan_id = $1 ORDER BY position", NULL},
	[S_PLAN_STEPS] = {
		SELECT_LIST(STEP_COLS) " FROM implementation_step WHERE plan_id = $1"
		" ORDER BY position", NULL},
	[S_PLAN_STEP_UNITS] = {
		SELECT_LIST(STEP_UNIT_COLS) " FROM step_unit WHERE plan_id = $1"
		" ORDER BY step_position, position", NULL},
	[S_PLAN_THEMES] = {
		SELECT_LIST(THEME_COLS) " FROM theme WHERE plan_id = $1 ORDER BY position", NULL},
	[S_PLAN_GOALS] = {
		SELECT_LIST(GOAL_COLS) " FROM goal g" TREE_JOIN_GOAL
		" WHERE g.plan_id = $1 ORDER BY t.position, g.position", NULL},
	[S_PLAN_MEASURES] = {
		SELECT_LIST(MEASURE_COLS) " FROM measure m" TREE_JOIN_MEASURE
		" WHERE m.plan_id = $1 ORDER BY t.position, g.position, m.position", NULL},
	[S_PLAN_INDICATORS] = {
		SELECT_LIST(INDICATOR_COLS) " FROM indicator i" TREE_JOIN_INDICATOR
		" WHERE i.plan_id = $1 ORDER BY t.position, g.position, m.position, i.position",
		NULL},
	[S_PLAN_INDICATOR_UNITS] = {
		SELECT_LIST(INDICATOR_UNIT_COLS) " FROM indicator_unit iu"
		" JOIN indicator i ON i.plan_id = iu.plan_id AND i.measure_id = iu.measure_id"
		"  AND i.number = iu.number" TREE_JOIN_INDICATOR
		" WHERE iu.plan_id = $1"
		" ORDER BY t.position, g.position, m.position, i.position, iu.position", NULL},

	[S_CATALOGUE] = {
		SELECT_LIST(CATALOGUE_COLS) " FROM organisation o"
		" JOIN plan_organisation po ON po.organisation_id = o.id"
		" JOIN plan p ON p.id = po.plan_id"
		" WHERE p.status <> 'draft'"
		" ORDER BY o.name, o.id, p.period_start DESC, p.id", NULL},
	[S_UNIT_LIST] = {
		SELECT_LIST(UNIT_LIST_COLS) " FROM unit u JOIN plan p ON p.id = u.plan_id"
		" WHERE p.status <> 'draft' GROUP BY u.id ORDER BY 3, 2", NULL},
	[S_UNIT_NAME] = {
		SELECT_LIST(UNIT_NAME_COLS) " FROM unit u JOIN plan p ON p.id = u.plan_id"
		" WHERE u.id = $1 ORDER BY p.period_start DESC, p.id LIMIT 1", NULL},
	[S_UNIT_TOTALS] = {
		"SELECT (SELECT count(*) FROM unit u JOIN plan p ON p.id = u.plan_id"
		"  WHERE u.id = $1 AND p.status <> 'draft'),"
		" (SELECT count(*) FROM indicator_unit iu JOIN plan p ON p.id = iu.plan_id"
		"  WHERE iu.unit_id = $1 AND p.status <> 'draft')", NULL},
	[S_UNIT_ITEMS] = {
		SELECT_LIST(UNIT_ITEM_COLS) " FROM indicator_unit iu"
		" JOIN indicator i ON i.plan_id = iu.plan_id AND i.measure_id = iu.measure_id"
		"  AND i.number = iu.number" TREE_JOIN_INDICATOR
		" JOIN plan p ON p.id = t.plan_id"
		" WHERE iu.unit_id = $1 AND p.id IN (" UNIT_PAGE_SQL ")"
		" ORDER BY p.period_start DESC, p.id, t.position, g.position, m.position,"
		" i.position", NULL},
	/* Every unit responsible for each of the unit's indicators (itself
	 * too), in the same order as S_UNIT_ITEMS, then the plan's. */
	[S_UNIT_ITEM_UNITS] = {
		SELECT_LIST(UNIT_ITEM_UNIT_COLS) " FROM indicator_unit iu"
		" JOIN indicator_unit o ON o.plan_id = iu.plan_id"
		"  AND o.measure_id = iu.measure_id AND o.number = iu.number"
		" JOIN unit u ON u.plan_id = o.plan_id AND u.id = o.unit_id"
		" JOIN indicator i ON i.plan_id = iu.plan_id AND i.measure_id = iu.measure_id"
		"  AND i.number = iu.number" TREE_JOIN_INDICATOR
		" JOIN plan p ON p.id = t.plan_id"
		" WHERE iu.unit_id = $1 AND p.id IN (" UNIT_PAGE_SQL ")"
		" ORDER BY p.period_start DESC, p.id, t.position, g.position, m.position,"
		" i.position, o.position", NULL},
	[S_UNIT_STEPS] = {
		SELECT_LIST(UNIT_STEP_COLS) " FROM step_unit su"
		" JOIN implementation_step s ON s.plan_id = su.plan_id"
		"  AND s.position = su.step_position"
		" JOIN plan p ON p.id = s.plan_id"
		" WHERE su.unit_id = $1 AND p.id IN (" UNIT_PAGE_SQL ")"
		" ORDER BY p.period_start DESC, p.id, s.position", NULL},

	/* Search: $1 to $8 are patterns for up to eight words of the query
	 * (read_views.c makes them; an unused one matches anything): GLOB
	 * patterns for SQLite, whose FTS5 trigram index answers the first,
	 * LIKE patterns for PostgreSQL, whose pg_trgm index answers them all.
	 * An entry's id is its place in the order hits are shown (newest plan
	 * first, then the plan's own order: plan_write.c), so the engine
	 * walks the matches in id order and stops at $9 (SEARCH_RESULTS_MAX +
	 * 1): a word found in every plan costs no more than a rare one. */
	[S_SEARCH] = {
		SELECT_LIST(SEARCH_COLS) " FROM search_fts f JOIN search_entry e ON e.id = f.rowid"
		" WHERE f.text GLOB $1 AND e.text GLOB $2 AND e.text GLOB $3"
		" AND e.text GLOB $4 AND e.text GLOB $5 AND e.text GLOB $6 AND e.text GLOB $7"
		" AND e.text GLOB $8 ORDER BY f.rowid LIMIT $9",
		SELECT_LIST(SEARCH_COLS) " FROM search_entry e"
		" WHERE e.text LIKE $1 AND e.text LIKE $2 AND e.text LIKE $3"
		" AND e.text LIKE $4 AND e.text LIKE $5 AND e.text LIKE $6 AND e.text LIKE $7"
		" AND e.text LIKE $8 ORDER BY e.id LIMIT $9",
		/* A common word is best found walking ids in order; a rare one
		 * through the trigram index: the plan depends on the word. */
		.each_time = true},

	/* ---- accounts and sessions ---- */
	[S_ACCOUNT_INSERT] = {
		"INSERT INTO account (email, role, password_hash, created_at)"
		" VALUES ($1, $2, $3, $4) RETURNING id", NULL},
	[S_ACCOUNT_UNIT_INSERT] = {
		"INSERT INTO account_unit (account_id, unit_id) VALUES ($1, $2)", NULL},
	[S_ACCOUNT_ORG_INSERT] = {
		"INSERT INTO account_organisation (account_id, organisation_id)"
		" VALUES ($1, $2)", NULL},
	[S_ACCOUNT_BY_EMAIL] = {SELECT_LIST(ACCOUNT_COLS) " FROM account WHERE email = $1",
		NULL},
	[S_ACCOUNT_BY_ID] = {SELECT_LIST(ACCOUNT_COLS) " FROM account WHERE id = $1", NULL},
	[S_ACCOUNT_UNITS] = {
		"SELECT unit_id FROM account_unit WHERE account_id = $1 ORDER BY unit_id", NULL},
	[S_ACCOUNT_ORGS] = {
		"SELECT organisation_id FROM account_organisation WHERE account_id = $1"
		" ORDER BY organisation_id", NULL},
	[S_ACCOUNT_LIST] = {SELECT_LIST(ACCOUNT_COLS) " FROM account ORDER BY email", NULL},
	[S_ACCOUNT_SET_PASSWORD] = {
		"UPDATE account SET password_hash = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_SET_DISABLED] = {"UPDATE account SET disabled = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_LOGIN_OK] = {"UPDATE account SET last_login_at = $2 WHERE id = $1", NULL},
	[S_SESSION_INSERT] = {
		"INSERT INTO session (token_hash, account_id, csrf, created_at, seen_at)"
		" VALUES ($1, $2, $3, $4, $4)", NULL},
	[S_SESSION_GET] = {
		SELECT_LIST(SESSION_COLS) " FROM session s JOIN account a ON a.id = s.account_id"
		" WHERE s.token_hash = $1", NULL},
	[S_SESSION_TOUCH] = {"UPDATE session SET seen_at = $2 WHERE token_hash = $1", NULL},
	[S_SESSION_DELETE] = {"DELETE FROM session WHERE token_hash = $1", NULL},
	[S_SESSIONS_OF_ACCOUNT_DELETE] = {"DELETE FROM session WHERE account_id = $1", NULL},
	/* At each sign-in, the account's sessions that have expired go. */
	[S_SESSIONS_EXPIRED_DELETE] = {
		"DELETE FROM session WHERE account_id = $1 AND (seen_at < $2 OR created_at < $3)",
		NULL},
	[S_SECRET_GET] = {"SELECT value FROM secret WHERE name = $1", NULL},
	[S_SECRET_INSERT] = {
		"INSERT INTO secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
		NULL},
	[S_THROTTLE_GET] = {
		"SELECT failures, updated_at FROM login_throttle WHERE key = $1", NULL},
	/* One more failure, counted from 1 again when the last one is older
	 * than the window ($3): one statement, so concurrent failures all
	 * count. */
	[S_THROTTLE_FAIL] = {
		"INSERT INTO login_throttle (key, failures, updated_at) VALUES ($1, 1, $2)"
		" ON CONFLICT (key) DO UPDATE SET failures = CASE"
		" WHEN login_throttle.updated_at < $3 THEN 1"
		" ELSE login_throttle.failures + 1 END, updated_at = $2"
		" RETURNING failures", NULL},
	[S_THROTTLE_CLEAR] = {"DELETE FROM login_throttle WHERE key = $1", NULL},
	[S_THROTTLE_PRUNE] = {"DELETE FROM login_throttle WHERE updated_at < $1", NULL},

	/* ---- the audit trail, a page at a time (issue 7 §6) ----
	 * One statement for each index: by object, by actor, by plan, by
	 * type, or none (the newest entries); db_audit_page (history.c)
	 * picks the first whose filter is given. PostgreSQL plans them for
	 * their values: a generic plan reads every entry of a common type or
	 * actor and sorts them (33 ms for a type with 28 000 of 200 000
	 * entries), where the plan for the value walks the index backwards
	 * and stops after a page (0.1 ms). They are read seldom. */
	[S_AUDIT_PAGE] = AUDIT_PAGE_SQL("1 = 1"),
	[S_AUDIT_PAGE_ACTOR] = AUDIT_PAGE_SQL("actor = $1"),
	[S_AUDIT_PAGE_TYPE] = AUDIT_PAGE_SQL("object_type = $2"),
	[S_AUDIT_PAGE_OBJECT] = AUDIT_PAGE_SQL("object_type = $2 AND object_id = $3"),
	/* A plan's own entries and its objects' as two index ranges merged
	 * (an OR of the two is read through the primary key instead: 30 ms
	 * for a plan with a hundred entries among 200 000 on SQLite). */
	[S_AUDIT_PAGE_PLAN] = {
		SELECT_LIST(AUDIT_COLS) " FROM (" AUDIT_PLAN_ROWS("") ") a WHERE 1 = 1"
		AUDIT_PAGE_REST(""),
		SELECT_LIST(AUDIT_COLS) " FROM (" AUDIT_PLAN_ROWS(PG_C) ") a WHERE 1 = 1"
		AUDIT_PAGE_REST(PG_C), .each_time = true},
	/* Every plan, drafts too, newest first. */
	[S_PLAN_NAMES] = {
		SELECT_LIST(PLAN_NAME_COLS) " FROM plan ORDER BY period_start DESC, title, id",
		NULL},

	/* ---- user administration (issue 7 §3) ---- */
	[S_ORG_LIST] = {"SELECT id, name FROM organisation ORDER BY name, id", NULL},
	[S_ORG_RENAME] = {"UPDATE organisation SET name = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_SET_ROLE] = {"UPDATE account SET role = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_UNITS_DELETE] = {"DELETE FROM account_unit WHERE account_id = $1", NULL},
	[S_ACCOUNT_ORGS_DELETE] = {
		"DELETE FROM account_organisation WHERE account_id = $1", NULL},
	[S_ADMINS_ACTIVE] = {
		"SELECT count(*) FROM account WHERE role = 'admin' AND disabled = 0", NULL},

	/* Whether a database holds anything an installation made (copy-db). */
	[S_ROWS_IN_USE] = {
		"SELECT (SELECT count(*) FROM plan) + (SELECT count(*) FROM plan_revision)"
		" + (SELECT count(*) FROM audit) + (SELECT count(*) FROM organisation)", NULL},
};

/* stmts.c — every SQL statement of the store, in one table indexed by
 * enum stmt (store_impl.h). Parameters are $1, $2, … and always bound.
 * The SQL is what SQLite and PostgreSQL both accept; where they differ, a
 * statement has a PostgreSQL variant. The column lists of reading
 * statements come from the X-macros in store_impl.h. */
#include "limits.h"
#include "store/store_impl.h"

/* The tree of a plan in the plan's order, for the row loops that build
 * it: goals under their themes, measures under their goals, … */
#define TREE_JOIN_GOAL \
	" JOIN theme t ON t.plan_id = g.plan_id AND t.id = g.theme_id"
#define TREE_JOIN_MEASURE \
	" JOIN goal g ON g.plan_id = m.plan_id AND g.id = m.goal_id" TREE_JOIN_GOAL
#define TREE_JOIN_INDICATOR \
	" JOIN measure m ON m.plan_id = i.plan_id AND m.id = i.measure_id" TREE_JOIN_MEASURE

/* A help service with its unit's and owner's names (help.c). */
#define HELP_FROM \
	" FROM help_service s LEFT JOIN org_unit u ON u.id = s.unit_id" \
	" LEFT JOIN organisation o ON o.id = s.owner_id"

#define STR_(x) #x
#define STR(x) STR_(x)

/* The units through which something falls to unit $1 (units.c): src
 * holds the unit itself (way 0, DUTY_DIRECT), the collective roles that
 * apply to it (2, DUTY_COLLECTIVE: roles listing it, and roles of its
 * organisation listing no units when it is an internal unit and no role
 * itself) and the units above it (3, DUTY_PARENT, depth 1 the nearest).
 * The register holds no cycle and no chain deeper than UNIT_DEPTH_MAX
 * (register.c refuses an import that would make one); the bound on depth
 * keeps the walk finite whatever the rows hold. */
#define DUTY_SOURCES \
	"WITH RECURSIVE up (id, depth) AS (" \
	" SELECT parent_id, 1 FROM org_unit WHERE id = $1 AND parent_id IS NOT NULL" \
	" UNION ALL SELECT o.parent_id, up.depth + 1 FROM up JOIN org_unit o ON o.id = up.id" \
	"  WHERE o.parent_id IS NOT NULL AND up.depth < " STR(UNIT_DEPTH_MAX) ")," \
	" src (id, way, depth) AS (" \
	" SELECT id, 0, 0 FROM org_unit WHERE id = $1" \
	" UNION ALL SELECT c.id, 2, 0 FROM org_unit_member mb" \
	"  JOIN org_unit c ON c.id = mb.collective_id" \
	"  WHERE mb.unit_id = $1 AND c.collective = 1 AND c.members_listed = 1" \
	" UNION ALL SELECT c.id, 2, 0 FROM org_unit me JOIN org_unit c" \
	"  ON c.organisation_id = me.organisation_id AND c.collective = 1" \
	"  AND c.members_listed = 0" \
	"  WHERE me.id = $1 AND me.kind = 'internal' AND me.collective = 0" \
	" UNION ALL SELECT id, 3, depth FROM up)"

/* Drafts are not public: a unit's page and the list of units show only
 * what public (not draft) plans say, and a unit of the register that no
 * public plan names (ALIAS.id) is left out of both. */
#define PUBLIC_PLAN(alias) alias ".status <> 'draft'"
#define PUBLIC_UNIT(alias) \
	"EXISTS (SELECT 1 FROM unit pu JOIN plan pp ON pp.id = pu.plan_id" \
	" WHERE pu.id = " alias ".id AND " PUBLIC_PLAN("pp") ")"

/* The sources come first in every join below, and SQLite must know it:
 * it cannot tell how few rows a CTE holds, and would scan all of unit or
 * indicator_unit and probe src for each row (8 ms for a unit's totals
 * at national scale, against 0.15 ms). A CROSS JOIN keeps SQLite's join
 * order as written; to PostgreSQL it is a join like any other. */

/* The public plans on one page of a unit's view, as the CTE page_plans:
 * those naming the unit, a role of it or a unit above it; $2 of them
 * after the first $3, newest first. A CTE joined, not a subquery with
 * IN, which SQLite ran again for each row. */
#define DUTY_PAGE_PLANS \
	", page_plans (plan_id) AS (" \
	"SELECT u2.plan_id FROM src s2 CROSS JOIN unit u2" \
	" JOIN plan p2 ON p2.id = u2.plan_id WHERE u2.id = s2.id AND " PUBLIC_PLAN("p2") \
	" GROUP BY u2.plan_id, p2.period_start" \
	" ORDER BY p2.period_start DESC, u2.plan_id LIMIT $2 OFFSET $3)"

/* The indicators that fall to unit $1 among those FILTER (over
 * indicator_unit iu, after JOIN) keeps: one row for each of their
 * responsible units (o, u), with the way it falls through that unit
 * (s.way, NULL when it is none of the sources), in the plans' order.
 * CTES: more CTEs after the sources. */
#define DUTY_ROWS(CTES, JOIN, FILTER) \
	DUTY_SOURCES CTES ", hit (plan_id, measure_id, number) AS (" \
	" SELECT DISTINCT iu.plan_id, iu.measure_id, iu.number FROM src" \
	" CROSS JOIN indicator_unit iu" JOIN " WHERE iu.unit_id = src.id AND " FILTER ")" \
	SELECT_LIST(DUTY_COLS) " FROM hit h" \
	" JOIN indicator i ON i.plan_id = h.plan_id AND i.measure_id = h.measure_id" \
	"  AND i.number = h.number" TREE_JOIN_INDICATOR \
	" JOIN plan p ON p.id = i.plan_id" \
	" JOIN indicator_unit o ON o.plan_id = i.plan_id AND o.measure_id = i.measure_id" \
	"  AND o.number = i.number" \
	" JOIN unit u ON u.plan_id = o.plan_id AND u.id = o.unit_id" \
	" LEFT JOIN src s ON s.id = o.unit_id" \
	" ORDER BY p.period_start DESC, p.id, t.position, g.position, m.position," \
	" i.position, o.position, s.way, s.depth"

/* Which indicators an account reports on: the one rule, used by every
 * statement that selects them (report.c: reporter_keys). Those whose
 * responsible units include one of the account's units, or a collective
 * role that applies to one of them (issue 7 §3: "directly or through a
 * collective role"; the same rule as DUTY_SOURCES: a role listing the
 * unit, or a role of its organisation listing none when the unit is an
 * internal unit and no role itself). Units above the account's unit are
 * not included: what falls to a unit through its parent is the parent's
 * to report.
 *
 * REPORTER_UNITS(param) is the rule: the ids of the units through which
 * account PARAM ("$2", or a column) reports, as a SELECT of one column. */
#define REPORTER_UNITS(param) \
	"SELECT ru_au.unit_id FROM account_unit ru_au WHERE ru_au.account_id = " param \
	" UNION ALL SELECT ru_c.id FROM account_unit ru_au" \
	" JOIN org_unit_member ru_mb ON ru_mb.unit_id = ru_au.unit_id" \
	" JOIN org_unit ru_c ON ru_c.id = ru_mb.collective_id" \
	" WHERE ru_au.account_id = " param " AND ru_c.collective = 1" \
	" AND ru_c.members_listed = 1" \
	" UNION ALL SELECT ru_c.id FROM account_unit ru_au" \
	" JOIN org_unit ru_me ON ru_me.id = ru_au.unit_id" \
	" JOIN org_unit ru_c ON ru_c.organisation_id = ru_me.organisation_id" \
	" WHERE ru_au.account_id = " param " AND ru_me.kind = 'internal'" \
	" AND ru_me.collective = 0 AND ru_c.collective = 1 AND ru_c.members_listed = 0"

/* Whether account PARAM reports on indicator ALIAS (plan_id,
 * measure_id, number): a test of one indicator. */
#define REPORTER_SELECTS(alias, param) \
	"EXISTS (SELECT 1 FROM indicator_unit sel_iu" \
	" WHERE sel_iu.plan_id = " alias ".plan_id" \
	" AND sel_iu.measure_id = " alias ".measure_id AND sel_iu.number = " alias ".number" \
	" AND sel_iu.unit_id IN (" REPORTER_UNITS(param) "))"

/* The indicators of plan PLAN that account ACCT reports on, as the CTE
 * page (measure_id, number): found from the account's units through
 * indicator_unit's index on unit_id, never by testing each indicator of
 * the plan (that took 2 ms a statement on SQLite for a plan of 500
 * indicators, and PostgreSQL's generic plans scanned more). The
 * statements for every indicator of a plan (a coordinator's page, the
 * overview) are their own, …_ALL: driven by the plan's tree. */
#define REPORT_PAGE(plan, acct) \
	"WITH page_unit (id) AS (" REPORTER_UNITS(acct) ")," \
	" page (measure_id, number) AS (" \
	"SELECT DISTINCT piu.measure_id, piu.number FROM page_unit pu" \
	" CROSS JOIN indicator_unit piu WHERE piu.unit_id = pu.id AND piu.plan_id = " plan ")"
/* PostgreSQL: the same, each unit's indicators by the index on unit_id
 * (OFFSET 0 keeps the subquery from being merged into a join, which
 * PostgreSQL's generic plan made a scan of the plan's indicator_unit:
 * 0.27 ms against 0.15 ms for a save's form). */
#define REPORT_PAGE_PG(plan, acct) \
	"WITH page_unit (id) AS (" REPORTER_UNITS(acct) ")," \
	" page (measure_id, number) AS (" \
	"SELECT DISTINCT x.measure_id, x.number FROM page_unit pu CROSS JOIN LATERAL" \
	" (SELECT piu.measure_id, piu.number FROM indicator_unit piu" \
	"  WHERE piu.unit_id = pu.id AND piu.plan_id = " plan " OFFSET 0) x)"

/* The units below account ACCT's own (any depth: children, their
 * children, …), as the recursive CTE below_unit (id, depth), walked down
 * the register's parent links (org_unit_by_parent), as DUTY_SOURCES
 * walks them up; the bound on depth keeps the walk finite whatever the
 * rows hold. A unit the account also holds may be among them. */
#define BELOW_UNITS(acct) \
	"WITH RECURSIVE below_unit (id, depth) AS (" \
	" SELECT bo.id, 1 FROM account_unit bu_au JOIN org_unit bo ON bo.parent_id = bu_au.unit_id" \
	"  WHERE bu_au.account_id = " acct \
	" UNION ALL SELECT bo.id, b.depth + 1 FROM below_unit b" \
	"  JOIN org_unit bo ON bo.parent_id = b.id WHERE b.depth < " STR(UNIT_DEPTH_MAX) ")"

/* The indicators of plan PLAN that the units below account ACCT's carry
 * (one of them is responsible) and that the account does not report on
 * itself (REPORTER_SELECTS), as the CTE page (measure_id, number): what
 * a parent unit's leader follows, read-only, on the report page. */
#define BELOW_PAGE(plan, acct) \
	BELOW_UNITS(acct) ", page (measure_id, number) AS (" \
	"SELECT DISTINCT biu.measure_id, biu.number FROM below_unit bu" \
	" CROSS JOIN indicator_unit biu WHERE biu.unit_id = bu.id AND biu.plan_id = " plan \
	" AND NOT " REPORTER_SELECTS("biu", acct) ")"

/* PostgreSQL: the latest version of indicator (M, N) of plan $1 in year
 * Y, joined as r: the last row in the primary key's order up to that
 * indicator and year, kept by the ON only if it is of that indicator and
 * year. A row comparison, which only the primary key can serve: given
 * plain equalities, PostgreSQL took report_by_plan_year whenever the
 * table's statistics were older than its rows (a new installation's
 * first reports, until autovacuum analyses it), and every lookup then
 * read all of the plan's reports of the year. */
#define PG_LATEST_REPORT(m, n, y) \
	"LATERAL (SELECT * FROM report r2" \
	" WHERE (r2.plan_id, r2.measure_id, r2.number, r2.year) <= ($1, " m ", " n ", " y ")" \
	" ORDER BY r2.plan_id DESC, r2.measure_id DESC, r2.number DESC, r2.year DESC," \
	" r2.version DESC LIMIT 1) r ON r.plan_id = $1 AND r.measure_id = " m \
	" AND r.number = " n " AND r.year = " y

/* The bodies of S_REPORT_INDICATORS and S_REPORT_INDICATOR_UNITS over
 * the CTE page (SQLite: CROSS JOIN keeps it first). */
#define REPORT_INDICATORS_BODY \
	SELECT_LIST(REPORT_INDICATOR_COLS) " FROM page pk CROSS JOIN indicator i" \
	TREE_JOIN_INDICATOR \
	" WHERE i.plan_id = $1 AND i.measure_id = pk.measure_id AND i.number = pk.number" \
	" ORDER BY t.position, g.position, m.position, i.position"
#define REPORT_UNITS_BODY REPORT_UNITS_BODY_WITH("")
/* The same with EXTRA, more columns after REPORT_UNIT_COLS. */
#define REPORT_UNITS_BODY_WITH(extra) \
	SELECT_LIST(REPORT_UNIT_COLS) extra " FROM page pk CROSS JOIN indicator i" \
	TREE_JOIN_INDICATOR \
	" JOIN indicator_unit iu ON iu.plan_id = i.plan_id" \
	"  AND iu.measure_id = i.measure_id AND iu.number = i.number" \
	" JOIN unit u ON u.plan_id = iu.plan_id AND u.id = iu.unit_id" \
	" WHERE i.plan_id = $1 AND i.measure_id = pk.measure_id AND i.number = pk.number" \
	" ORDER BY t.position, g.position, m.position, i.position, iu.position"

/* The bodies of S_REPORT_LATEST and S_REPORT_FORM, over FROM (the
 * indicators as pk: the page, or the plan's indicator rows) and WHERE
 * (what limits FROM, if anything). PostgreSQL: one backward index seek
 * per indicator and year (PG_LATEST_REPORT); its generic plan for the
 * SQLite form scanned the plan's reports (7 ms with 600 of them). */
#define REPORT_LATEST_SQLITE(from, where) \
	SELECT_LIST(REPORT_COLS) " FROM " from \
	" CROSS JOIN (SELECT CAST($2 AS INTEGER) AS y UNION ALL" \
	"  SELECT CAST($3 AS INTEGER)) yy" \
	" CROSS JOIN report r WHERE " where "r.plan_id = $1" \
	" AND r.measure_id = pk.measure_id AND r.number = pk.number AND r.year = yy.y" \
	" AND r.version = (SELECT max(r2.version) FROM report r2" \
	"  WHERE r2.plan_id = $1 AND r2.measure_id = pk.measure_id" \
	"  AND r2.number = pk.number AND r2.year = yy.y)"
#define REPORT_LATEST_PG(from, where) \
	SELECT_LIST(REPORT_COLS) " FROM " from \
	" CROSS JOIN (VALUES (CAST($2 AS INTEGER)), (CAST($3 AS INTEGER))) yy (y)" \
	" JOIN " PG_LATEST_REPORT("pk.measure_id", "pk.number", "yy.y") where
#define REPORT_FORM_SQLITE(from, where) \
	SELECT_LIST(REPORT_FORM_COLS) " FROM " from \
	" LEFT JOIN report r ON r.plan_id = $1 AND r.measure_id = pk.measure_id" \
	" AND r.number = pk.number AND r.year = $2" \
	" AND r.version = (SELECT max(r2.version) FROM report r2" \
	"  WHERE r2.plan_id = $1 AND r2.measure_id = pk.measure_id" \
	"  AND r2.number = pk.number AND r2.year = $2)" where
#define REPORT_FORM_PG(from, where) \
	SELECT_LIST(REPORT_FORM_COLS) " FROM " from \
	" LEFT JOIN " PG_LATEST_REPORT("pk.measure_id", "pk.number", "CAST($2 AS INTEGER)") \
	where

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
		" adoption_date, adoption_body, adoption_case, replaces, replaces_title,"
		" report_deadline)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", NULL},
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
		"INSERT INTO unit (plan_id, id, position, name, kind, organisation_id,"
		" parent_id, collective, applies_to)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", NULL},
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
	[S_PLAN_GET_OLD] = {SELECT_LIST(PLAN_COLS_OLD) " FROM plan WHERE id = $1", NULL},
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

	/* ---- the yearly report ---- */
	/* The indicators an account reports on in plan $1: those whose
	 * responsible units include one of the account's ($2). The one
	 * place that decides it (report.c: reporter_keys). */
	[S_REPORTER_INDICATORS] = {
		REPORT_PAGE("$1", "$2") " SELECT pk.measure_id, pk.number FROM page pk",
		REPORT_PAGE_PG("$1", "$2") " SELECT pk.measure_id, pk.number FROM page pk"},
	/* The plans in which an account ($1) has such indicators, or units
	 * below its own have some (BELOW_UNITS): a parent unit's leader
	 * follows them there. */
	[S_REPORTER_PLANS] = {
		BELOW_UNITS("$1") SELECT_LIST(REPORT_PLAN_COLS) " FROM plan p"
		" WHERE p.status <> 'draft'"
		" AND (EXISTS (SELECT 1 FROM indicator i WHERE i.plan_id = p.id"
		" AND " REPORTER_SELECTS("i", "$1") ")"
		" OR EXISTS (SELECT 1 FROM below_unit bu CROSS JOIN indicator_unit biu"
		" WHERE biu.unit_id = bu.id AND biu.plan_id = p.id))"
		" ORDER BY p.period_start DESC, p.id", NULL},
	[S_REPORT_PLANS] = {
		SELECT_LIST(REPORT_PLAN_COLS) " FROM plan p WHERE p.status <> 'draft'"
		" ORDER BY p.period_start DESC, p.id", NULL},
	[S_REPORT_PLAN] = {SELECT_LIST(REPORT_PLAN_COLS) " FROM plan p WHERE p.id = $1",
		NULL},
	/* The indicators account $2 reports on in plan $1 (REPORT_PAGE;
	 * SQLite: CROSS JOIN keeps it first), or (…_ALL) every indicator. */
	[S_REPORT_INDICATORS] = {
		REPORT_PAGE("$1", "$2") REPORT_INDICATORS_BODY,
		REPORT_PAGE_PG("$1", "$2") REPORT_INDICATORS_BODY},
	[S_REPORT_INDICATORS_ALL] = {
		SELECT_LIST(REPORT_INDICATOR_COLS) " FROM indicator i" TREE_JOIN_INDICATOR
		" WHERE i.plan_id = $1 ORDER BY t.position, g.position, m.position, i.position",
		NULL},
	/* Their units, in the order of S_REPORT_INDICATORS, so the two are
	 * merged in one pass. */
	[S_REPORT_INDICATOR_UNITS] = {
		REPORT_PAGE("$1", "$2") REPORT_UNITS_BODY,
		REPORT_PAGE_PG("$1", "$2") REPORT_UNITS_BODY},
	[S_REPORT_INDICATOR_UNITS_ALL] = {
		SELECT_LIST(REPORT_UNIT_COLS) " FROM indicator_unit iu"
		" JOIN unit u ON u.plan_id = iu.plan_id AND u.id = iu.unit_id"
		" JOIN indicator i ON i.plan_id = iu.plan_id AND i.measure_id = iu.measure_id"
		"  AND i.number = iu.number" TREE_JOIN_INDICATOR
		" WHERE iu.plan_id = $1"
		" ORDER BY t.position, g.position, m.position, i.position, iu.position", NULL},
	/* The current report (latest version) in the years $2 and $3 of the
	 * indicators account $4 reports on in plan $1, or (…_ALL) of every
	 * indicator: per indicator and year one seek for the latest version,
	 * however long the history. SQLite: CROSS JOIN keeps this order
	 * (without statistics it would scan the plan's reports). */
	[S_REPORT_LATEST] = {
		REPORT_PAGE("$1", "$4") REPORT_LATEST_SQLITE("page pk", ""),
		REPORT_PAGE_PG("$1", "$4") REPORT_LATEST_PG("page pk", "")},
	[S_REPORT_LATEST_ALL] = {
		REPORT_LATEST_SQLITE("indicator pk", "pk.plan_id = $1 AND "),
		REPORT_LATEST_PG("indicator pk", " WHERE pk.plan_id = $1")},
	/* The indicators of plan $1 that account $3 reports on (…_ALL:
	 * every one) with the current report of each in year $2, if any:
	 * what a save needs (report.c: db_report_form). */
	[S_REPORT_FORM] = {
		REPORT_PAGE("$1", "$3") REPORT_FORM_SQLITE("page pk", ""),
		REPORT_PAGE_PG("$1", "$3") REPORT_FORM_PG("page pk", "")},
	[S_REPORT_FORM_ALL] = {
		REPORT_FORM_SQLITE("indicator pk", " WHERE pk.plan_id = $1"),
		REPORT_FORM_PG("indicator pk", " WHERE pk.plan_id = $1")},
	[S_REPORT_CURRENT] = {
		SELECT_LIST(REPORT_COLS) " FROM report r WHERE r.plan_id = $1"
		" AND r.measure_id = $2 AND r.number = $3 AND r.year = $4"
		" ORDER BY r.version DESC LIMIT 1",
		SELECT_LIST(REPORT_COLS) " FROM (SELECT 1) one"
		" JOIN " PG_LATEST_REPORT("CAST($2 AS TEXT)", "CAST($3 AS INTEGER)",
		    "CAST($4 AS INTEGER)")},
	/* PostgreSQL: the primary key's order, as PG_LATEST_REPORT. */
	[S_REPORT_VERSION] = {
		SELECT_LIST(REPORT_COLS) " FROM report r WHERE r.plan_id = $1"
		" AND r.measure_id = $2 AND r.number = $3 AND r.year = $4 AND r.version = $5",
		SELECT_LIST(REPORT_COLS) " FROM (SELECT * FROM report r2"
		" WHERE (r2.plan_id, r2.measure_id, r2.number, r2.year, r2.version)"
		" <= ($1, $2, CAST($3 AS INTEGER), CAST($4 AS INTEGER), CAST($5 AS INTEGER))"
		" ORDER BY r2.plan_id DESC, r2.measure_id DESC, r2.number DESC, r2.year DESC,"
		" r2.version DESC LIMIT 1) r WHERE r.plan_id = $1 AND r.measure_id = $2"
		" AND r.number = $3 AND r.year = $4 AND r.version = $5"},
	/* The new versions of a save, all in one statement: plan $1, year
	 * $2, account $3, actor $4, at $5, and $6 a JSON array of
	 * {"measure", "number", "version", "status", "progress", "comment",
	 * "evaluation"}, inserted in its order (report.c sorts it by key, so
	 * two saves of the same indicators wait for each other in the same
	 * order and never deadlock). */
	[S_REPORT_INSERTS] = {
		"INSERT INTO report (plan_id, measure_id, number, year, version, status,"
		" progress, comment, evaluation, account_id, actor, at)"
		" SELECT $1, json_extract(j.value, '$.measure'), json_extract(j.value, '$.number'),"
		" $2, json_extract(j.value, '$.version'), json_extract(j.value, '$.status'),"
		" json_extract(j.value, '$.progress'), json_extract(j.value, '$.comment'),"
		" json_extract(j.value, '$.evaluation'), $3, $4, $5"
		" FROM json_each($6) j",
		"INSERT INTO report (plan_id, measure_id, number, year, version, status,"
		" progress, comment, evaluation, account_id, actor, at)"
		" SELECT $1, j.measure, j.number, $2, j.version, j.status, j.progress,"
		" j.comment, j.evaluation, $3, $4, $5"
		" FROM json_to_recordset(CAST($6 AS json)) AS j (measure text, number integer,"
		" version integer, status text, progress integer, comment text,"
		" evaluation text)"},
	/* Their audit rows, in one statement: at $1, actor $2, object type
	 * $3, and $4 a JSON array of {"action", "id", "before", "after"}
	 * (before and after: JSON texts, or null). */
	[S_REPORT_AUDITS] = {
		"INSERT INTO audit (at, actor, action, object_type, object_id, before_json,"
		" after_json)"
		" SELECT $1, $2, json_extract(j.value, '$.action'), $3,"
		" json_extract(j.value, '$.id'), json_extract(j.value, '$.before'),"
		" json_extract(j.value, '$.after') FROM json_each($4) j",
		"INSERT INTO audit (at, actor, action, object_type, object_id, before_json,"
		" after_json)"
		" SELECT $1, $2, j.action, $3, j.id, j.before, j.after"
		" FROM json_to_recordset(CAST($4 AS json)) AS j (action text, id text,"
		" before text, after text)"},
	/* Every version of an indicator's reports, newest year and version
	 * first. */
	[S_REPORT_HISTORY] = {
		SELECT_LIST(REPORT_COLS) " FROM report r WHERE r.plan_id = $1"
		" AND r.measure_id = $2 AND r.number = $3 ORDER BY r.year DESC, r.version DESC",
		NULL},
	/* The indicators of plan $1 that some active reporter account
	 * reports on (the same rule as the report page). */
	[S_OVERVIEW_COVERED] = {
		"SELECT i.measure_id, i.number FROM indicator i WHERE i.plan_id = $1"
		" AND EXISTS (SELECT 1 FROM account a WHERE a.role = 'reporter'"
		" AND a.disabled = 0 AND " REPORTER_SELECTS("i", "a.id") ")", NULL},
	[S_REPORT_INDICATOR] = {
		SELECT_LIST(REPORT_INDICATOR_COLS) " FROM indicator i" TREE_JOIN_INDICATOR
		" WHERE i.plan_id = $1 AND i.measure_id = $2 AND i.number = $3", NULL},
	/* What the units below account $2's carry in plan $1 (BELOW_PAGE),
	 * read-only: the indicators (report.c: db_reporter_below), the same
	 * with their texts and, in the same order, their responsible units,
	 * each with 1 if it is one of the units below; the current reports
	 * in years $2 and $3 (account $4, as S_REPORT_LATEST); and the units
	 * of the accounts that saved their reports in year $3 (account $2),
	 * to say which unit reported. */
	[S_REPORTER_BELOW] = {
		BELOW_PAGE("$1", "$2") " SELECT pk.measure_id, pk.number FROM page pk", NULL},
	[S_REPORT_BELOW_INDICATORS] = {BELOW_PAGE("$1", "$2") REPORT_INDICATORS_BODY, NULL},
	[S_REPORT_BELOW_UNITS] = {
		BELOW_PAGE("$1", "$2") REPORT_UNITS_BODY_WITH(", CASE WHEN EXISTS (SELECT 1"
		" FROM below_unit bx WHERE bx.id = u.id) THEN 1 ELSE 0 END"), NULL},
	[S_REPORT_BELOW_LATEST] = {
		BELOW_PAGE("$1", "$4") REPORT_LATEST_SQLITE("page pk", ""),
		BELOW_PAGE("$1", "$4") REPORT_LATEST_PG("page pk", "")},
	[S_REPORT_BELOW_BY] = {
		BELOW_PAGE("$1", "$2") " SELECT DISTINCT r.account_id, au.unit_id,"
		" COALESCE(u.name, o.name) FROM page pk CROSS JOIN report r"
		" JOIN account_unit au ON au.account_id = r.account_id"
		" JOIN org_unit o ON o.id = au.unit_id"
		" LEFT JOIN unit u ON u.plan_id = r.plan_id AND u.id = au.unit_id"
		" WHERE r.plan_id = $1 AND r.measure_id = pk.measure_id"
		" AND r.number = pk.number AND r.year = $3"
		" ORDER BY r.account_id, au.unit_id", NULL},
	/* ---- editing plans ---- */
	[S_REVISION_LAST_INFO] = {
		"SELECT number, at, actor FROM plan_revision WHERE plan_id = $1"
		" ORDER BY number DESC LIMIT 1", NULL},
	/* The catalogue with drafts: the plans a coordinator edits. */
	[S_CATALOGUE_ALL] = {
		SELECT_LIST(CATALOGUE_COLS) " FROM organisation o"
		" JOIN plan_organisation po ON po.organisation_id = o.id"
		" JOIN plan p ON p.id = po.plan_id"
		" ORDER BY o.name, o.id, p.period_start DESC, p.id", NULL},
	[S_ORG_LIST] = {SELECT_LIST(ORG_COLS) " FROM organisation o ORDER BY o.name, o.id",
		NULL},
	/* The status reports (a later migration) are counted only where
	 * their table exists: a statement naming a missing table cannot
	 * even be prepared. */
	[S_REPORT_COUNT] = {
		"SELECT count(*) FROM report WHERE plan_id = $1"
		" AND ($2 = '' OR measure_id = $2) AND ($3 = 0 OR number = $3)", NULL},
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
	[S_ORG_RENAME] = {"UPDATE organisation SET name = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_SET_ROLE] = {"UPDATE account SET role = $2 WHERE id = $1", NULL},
	[S_ACCOUNT_UNITS_DELETE] = {"DELETE FROM account_unit WHERE account_id = $1", NULL},
	[S_ACCOUNT_ORGS_DELETE] = {
		"DELETE FROM account_organisation WHERE account_id = $1", NULL},
	[S_ADMINS_ACTIVE] = {
		"SELECT count(*) FROM account WHERE role = 'admin' AND disabled = 0", NULL},
	/* ---- issue 8 (public.c) ---- */
	[S_ORG_BRAND_GET] = {
		"SELECT logo_text, accent FROM organisation WHERE id = $1", NULL},
	[S_ORG_BRAND_SET] = {
		"UPDATE organisation SET logo_text = $2, accent = $3 WHERE id = $1", NULL},
	/* Each indicator's current status for the public: the latest version
	 * of its report in the latest year it was reported for. Status and
	 * year only: comments and evaluations stay internal. Through the
	 * primary key (plan_id, measure_id, number, year, version). */
	[S_PUBLIC_STATUS] = {
		"SELECT r.measure_id, r.number, r.year, r.status FROM report r"
		" WHERE r.plan_id = $1"
		" AND r.year = (SELECT max(y.year) FROM report y WHERE y.plan_id = r.plan_id"
		"   AND y.measure_id = r.measure_id AND y.number = r.number)"
		" AND r.version = (SELECT max(v.version) FROM report v"
		"   WHERE v.plan_id = r.plan_id AND v.measure_id = r.measure_id"
		"   AND v.number = r.number AND v.year = r.year)"
		" ORDER BY r.measure_id, r.number", NULL},

	/* Whether a database holds anything an installation made (copy-db). */
	[S_ROWS_IN_USE] = {
		"SELECT (SELECT count(*) FROM plan) + (SELECT count(*) FROM plan_revision)"
		" + (SELECT count(*) FROM audit) + (SELECT count(*) FROM organisation)"
		" + (SELECT count(*) FROM org_unit) + (SELECT count(*) FROM help_service)",
		NULL},

	/* ---- the units register (register.c) ---- */
	[S_REG_GET] = {SELECT_LIST(REG_COLS) " FROM org_unit WHERE id = $1", NULL},
	[S_REG_MEMBERS] = {
		"SELECT unit_id FROM org_unit_member WHERE collective_id = $1"
		" ORDER BY position", NULL},
	[S_REG_UPSERT] = {
		"INSERT INTO org_unit (id, name, kind, organisation_id, parent_id, collective,"
		" members_listed) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
		" organisation_id = excluded.organisation_id, parent_id = excluded.parent_id,"
		" collective = excluded.collective, members_listed = excluded.members_listed",
		NULL},
	[S_REG_MEMBERS_DELETE] = {
		"DELETE FROM org_unit_member WHERE collective_id = $1", NULL},
	[S_REG_MEMBER_INSERT] = {
		"INSERT INTO org_unit_member (collective_id, unit_id, position)"
		" VALUES ($1, $2, $3)", NULL},
	/* Whether a plan that outranks plan $2 (of rank $3) names unit $1:
	 * then that plan's word stands in the register. */
	[S_REG_OUTRANKED] = {
		"SELECT count(*) FROM unit u JOIN plan p ON p.id = u.plan_id"
		" WHERE u.id = $1 AND p.id <> $2 AND " REG_RANK("p") " > $3", NULL},
	[S_REG_PARENT] = {"SELECT parent_id FROM org_unit WHERE id = $1", NULL},

	/* ---- units (units.c) ---- */
	[S_UNIT_LIST] = {
		SELECT_LIST(UNIT_LIST_COLS) " FROM org_unit o"
		" LEFT JOIN organisation g ON g.id = o.organisation_id"
		" WHERE " PUBLIC_UNIT("o"), NULL},
	[S_UNIT_ENTRY] = {
		SELECT_LIST(UNIT_ENTRY_COLS) " FROM org_unit o"
		" LEFT JOIN organisation g ON g.id = o.organisation_id WHERE o.id = $1", NULL},
	/* The roles that apply to $1, then the units above it, nearest first. */
	[S_UNIT_SOURCES] = {
		DUTY_SOURCES SELECT_LIST(UNIT_SOURCE_COLS) " FROM src s"
		" JOIN org_unit o ON o.id = s.id WHERE s.way <> 0 AND " PUBLIC_UNIT("o")
		" ORDER BY s.way, s.depth, o.name, s.id", NULL},
	[S_UNIT_BELOW] = {
		"SELECT o.id, o.name FROM org_unit o WHERE o.parent_id = $1"
		" AND " PUBLIC_UNIT("o") " ORDER BY o.name, o.id", NULL},
	[S_UNIT_MEMBERS] = {
		"SELECT o.id, o.name FROM org_unit_member m"
		" JOIN org_unit o ON o.id = m.unit_id WHERE m.collective_id = $1"
		" AND " PUBLIC_UNIT("o") " ORDER BY m.position", NULL},
	/* The public plans in which something falls to $1; the indicators of
	 * those plans that do, those it alone is responsible for, those it is
	 * responsible for, those through a role (and not directly) and through
	 * a unit above (and neither directly nor through a role). */
	[S_UNIT_TOTALS] = {
		DUTY_SOURCES ", hit (plan_id, measure_id, number, way) AS ("
		" SELECT iu.plan_id, iu.measure_id, iu.number, min(s.way) FROM src s"
		" CROSS JOIN indicator_unit iu JOIN plan hp ON hp.id = iu.plan_id"
		" WHERE iu.unit_id = s.id AND " PUBLIC_PLAN("hp")
		" GROUP BY iu.plan_id, iu.measure_id, iu.number)"
		" SELECT (SELECT count(*) FROM (SELECT u2.plan_id FROM src s2"
		"  CROSS JOIN unit u2 JOIN plan p2 ON p2.id = u2.plan_id"
		"  WHERE u2.id = s2.id AND " PUBLIC_PLAN("p2") " GROUP BY u2.plan_id) pl),"
		" (SELECT count(*) FROM hit),"
		" (SELECT count(*) FROM hit WHERE way = 0 AND NOT EXISTS (SELECT 1"
		"  FROM indicator_unit o WHERE o.plan_id = hit.plan_id"
		"  AND o.measure_id = hit.measure_id AND o.number = hit.number"
		"  AND o.unit_id <> $1)),"
		" (SELECT count(*) FROM hit WHERE way = 0),"
		" (SELECT count(*) FROM hit WHERE way = 2),"
		" (SELECT count(*) FROM hit WHERE way = 3)", NULL},
	/* $2: a plan id, or '' for every plan. */
	[S_UNIT_DUTIES] = {DUTY_ROWS("", "", "($2 = '' OR iu.plan_id = $2)"), NULL},
	[S_UNIT_DUTIES_PAGE] = {
		DUTY_ROWS(DUTY_PAGE_PLANS, " JOIN page_plans pg ON pg.plan_id = iu.plan_id", "1 = 1"),
		NULL},
	[S_UNIT_STEPS] = {
		DUTY_SOURCES DUTY_PAGE_PLANS SELECT_LIST(DUTY_STEP_COLS) " FROM src s"
		" CROSS JOIN step_unit su JOIN page_plans pg ON pg.plan_id = su.plan_id"
		" JOIN implementation_step st ON st.plan_id = su.plan_id"
		"  AND st.position = su.step_position"
		" JOIN plan p ON p.id = st.plan_id"
		" JOIN unit u ON u.plan_id = su.plan_id AND u.id = su.unit_id"
		" WHERE su.unit_id = s.id"
		" ORDER BY p.period_start DESC, p.id, st.position, su.position, s.way, s.depth",
		NULL},
	[S_UNIT_FALLS_TO] = {
		DUTY_SOURCES " SELECT count(*) FROM indicator_unit iu"
		" JOIN src s ON s.id = iu.unit_id"
		" WHERE iu.plan_id = $2 AND iu.measure_id = $3 AND iu.number = $4", NULL},

	/* ---- the action card (cards.c; issue 8 §5) ---- */
	[S_CARD_GET] = {
		SELECT_LIST(CARD_COLS) " FROM action_card c JOIN organisation o"
		" ON o.id = c.organisation_id WHERE c.organisation_id = $1", NULL},
	[S_CARD_INSERT] = {
		"INSERT INTO action_card (organisation_id, revision, is_template, json,"
		" digest, updated_at, updated_by) VALUES ($1, 1, $2, $3, $4, $5, $6)", NULL},
	/* The revision check: $7 is the revision the change was based on. */
	[S_CARD_UPDATE] = {
		"UPDATE action_card SET revision = revision + 1, is_template = $2, json = $3,"
		" digest = $4, updated_at = $5, updated_by = $6"
		" WHERE organisation_id = $1 AND revision = $7", NULL},
	[S_CARD_LIST] = {
		SELECT_LIST(CARD_LIST_COLS) " FROM organisation o LEFT JOIN action_card c"
		" ON c.organisation_id = o.id ORDER BY o.name, o.id", NULL},
	/* ---- the help directory (help.c) ---- */
	[S_HELP_GET] = {SELECT_LIST(HELP_COLS) HELP_FROM " WHERE s.id = $1", NULL},
	[S_HELP_BY_UNIT] = {SELECT_LIST(HELP_COLS) HELP_FROM " WHERE s.unit_id = $1", NULL},
	[S_HELP_DIRECTORY] = {
		SELECT_LIST(HELP_COLS) HELP_FROM
		" WHERE s.owner_id IS NULL OR s.owner_id = $1"
		" OR EXISTS (SELECT 1 FROM help_service_org so"
		"  WHERE so.service_id = s.id AND so.organisation_id = $1)"
		" ORDER BY s.sort_rank, s.name, s.id", NULL},
	[S_HELP_LIST_ALL] = {
		SELECT_LIST(HELP_COLS) HELP_FROM
		" ORDER BY CASE WHEN s.owner_id IS NULL THEN 0 ELSE 1 END, s.owner_id,"
		" s.sort_rank, s.name, s.id", NULL},
	[S_HELP_LIST_NATIONAL] = {
		SELECT_LIST(HELP_COLS) HELP_FROM
		" WHERE s.owner_id IS NULL ORDER BY s.sort_rank, s.name, s.id", NULL},
	[S_HELP_LIST_OWNER] = {
		SELECT_LIST(HELP_COLS) HELP_FROM
		" WHERE s.owner_id = $1 ORDER BY s.sort_rank, s.name, s.id", NULL},
	[S_HELP_INSERT] = {
		"INSERT INTO help_service (id, owner_id, unit_id, kind, sort_rank, name,"
		" verified, version, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", NULL},
	[S_HELP_UPDATE] = {
		"UPDATE help_service SET owner_id = $2, unit_id = $3, kind = $4,"
		" sort_rank = $5, name = $6, verified = $7, version = $8, data = $9"
		" WHERE id = $1 AND version = $10", NULL},
	[S_HELP_DELETE] = {"DELETE FROM help_service WHERE id = $1 AND version = $2", NULL},
	[S_HELP_ORGS_DELETE] = {"DELETE FROM help_service_org WHERE service_id = $1", NULL},
	[S_HELP_ORG_INSERT] = {
		"INSERT INTO help_service_org (service_id, organisation_id) VALUES ($1, $2)",
		NULL},
	[S_HELP_UNIT_TAKEN] = {
		"SELECT id FROM help_service WHERE unit_id = $1 AND id <> $2", NULL},
};

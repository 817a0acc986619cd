/* store_impl.h — what the store's files share (private to src/store/):
 * the connection, the statement table, and the helpers every query uses.
 *
 * Every statement is in one table (stmts.c), named by enum stmt, written
 * once in the SQL both backends accept, with a PostgreSQL variant only
 * where the two differ (search, a few schema details). A query's columns
 * are listed once, in an X-macro that makes both the SELECT list and the
 * enum of column numbers, so no column is numbered by hand. */
#ifndef TILTAK_STORE_IMPL_H
#define TILTAK_STORE_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/drv.h"
#include "util/arena.h"

struct db {
	struct drv *drv;
	int         version;      /* schema version after migrations */
	char       *uri;          /* as given to db_open */
	long        statements;   /* statements run (db_statements) */
};

/* ---- columns ----
 * COLS(X) lists X(name, "sql expression"); SELECT_LIST(COLS) is the text
 * ", expr, expr…" after a leading "SELECT 0" and COL_ENUM(prefix, COLS)
 * numbers them from 1 in the same order. */
#define COL_SQL(name, expr) ", " expr
#define SELECT_LIST(COLS) "SELECT 0" COLS(COL_SQL)

/* ---- statements ---- */

enum stmt {
	S_SCHEMA_EXISTS,
	S_SCHEMA_VERSION,
	S_SCHEMA_RECORD,
	S_GENERATION,
	S_GENERATION_BUMP,
	S_NOTIFY,
	S_PLAN_DELETE,
	S_ORG_GET,
	S_ORG_UPSERT,
	S_PLAN_INSERT,
	S_PLAN_ORG_INSERT,
	S_OGOAL_INSERT,
	S_CHAPTER_INSERT,
	S_UNIT_INSERT,
	S_STEP_INSERT,
	S_STEP_UNIT_INSERT,
	S_THEME_INSERT,
	S_GOAL_INSERT,
	S_MEASURE_INSERT,
	S_INDICATOR_INSERT,
	S_INDICATOR_UNIT_INSERT,
	S_SEARCH_SLOT,
	S_SEARCH_SLOT_NEW,
	S_SEARCH_DELETE,
	S_SEARCH_INSERT,
	S_REVISION_LAST,
	S_REVISION_INSERT,
	S_REVISION_GET,
	S_REVISIONS,
	S_AUDIT_INSERT,
	S_AUDIT_LIST,
	S_PLAN_GET,
	S_PLAN_GET_OLD,
	S_PLAN_NAME,
	S_PLAN_ORGS,
	S_PLAN_OGOALS,
	S_PLAN_CHAPTERS,
	S_PLAN_UNITS,
	S_PLAN_STEPS,
	S_PLAN_STEP_UNITS,
	S_PLAN_THEMES,
	S_PLAN_GOALS,
	S_PLAN_MEASURES,
	S_PLAN_INDICATORS,
	S_PLAN_INDICATOR_UNITS,
	S_CATALOGUE,
	S_SEARCH,
	S_ROWS_IN_USE,
	S_ACCOUNT_INSERT,
	S_ACCOUNT_UNIT_INSERT,
	S_ACCOUNT_ORG_INSERT,
	S_ACCOUNT_BY_EMAIL,
	S_ACCOUNT_BY_ID,
	S_ACCOUNT_UNITS,
	S_ACCOUNT_ORGS,
	S_ACCOUNT_LIST,
	S_ACCOUNT_SET_PASSWORD,
	S_ACCOUNT_SET_DISABLED,
	S_ACCOUNT_LOGIN_OK,
	S_SESSION_INSERT,
	S_SESSION_GET,
	S_SESSION_TOUCH,
	S_SESSION_DELETE,
	S_SESSIONS_OF_ACCOUNT_DELETE,
	S_SESSIONS_EXPIRED_DELETE,
	S_SECRET_GET,
	S_SECRET_INSERT,
	S_THROTTLE_GET,
	S_THROTTLE_FAIL,
	S_THROTTLE_CLEAR,
	S_THROTTLE_PRUNE,
	/* the units register (register.c, units.c) */
	S_REG_GET,
	S_REG_MEMBERS,
	S_REG_UPSERT,
	S_REG_MEMBERS_DELETE,
	S_REG_MEMBER_INSERT,
	S_REG_OUTRANKED,
	S_REG_PARENT,
	S_UNIT_LIST,
	S_UNIT_ENTRY,
	S_UNIT_SOURCES,
	S_UNIT_BELOW,
	S_UNIT_MEMBERS,
	S_UNIT_TOTALS,
	S_UNIT_DUTIES,
	S_UNIT_DUTIES_PAGE,
	S_UNIT_STEPS,
	S_UNIT_FALLS_TO,
	/* the yearly report (report.c) */
	S_REPORTER_INDICATORS,
	S_REPORTER_PLANS,
	S_REPORT_PLANS,
	S_REPORT_PLAN,
	S_REPORT_INDICATORS,
	S_REPORT_INDICATORS_ALL,
	S_REPORT_INDICATOR_UNITS,
	S_REPORT_INDICATOR_UNITS_ALL,
	S_REPORT_LATEST,
	S_REPORT_LATEST_ALL,
	S_REPORT_FORM,
	S_REPORT_FORM_ALL,
	S_REPORT_CURRENT,
	S_REPORT_VERSION,
	S_REPORT_INSERTS,
	S_REPORT_AUDITS,
	S_REPORT_HISTORY,
	S_REPORT_INDICATOR,
	/* what the units below a reporter's carry (report.c) */
	S_REPORTER_BELOW,
	S_REPORT_BELOW_INDICATORS,
	S_REPORT_BELOW_UNITS,
	S_REPORT_BELOW_LATEST,
	S_REPORT_BELOW_BY,
	/* the coordinator's overview (overview.c) */
	S_OVERVIEW_COVERED,
	/* Editing plans (issue 7 §7). */
	S_REVISION_LAST_INFO,
	S_CATALOGUE_ALL,
	S_ORG_LIST,
	S_REPORT_COUNT,
	/* ---- the audit trail's pages and user administration (issue 7 §6,
	 * §3) ---- */
	S_AUDIT_PAGE,
	S_AUDIT_PAGE_ACTOR,
	S_AUDIT_PAGE_TYPE,
	S_AUDIT_PAGE_OBJECT,
	S_AUDIT_PAGE_PLAN,
	S_PLAN_NAMES,
	S_ORG_RENAME,
	S_ACCOUNT_SET_ROLE,
	S_ACCOUNT_UNITS_DELETE,
	S_ACCOUNT_ORGS_DELETE,
	S_ADMINS_ACTIVE,
	/* ---- issue 8: an organisation's look; the public status ---- */
	S_ORG_BRAND_GET,
	S_ORG_BRAND_SET,
	S_PUBLIC_STATUS,
	/* ---- the action card (cards.c; issue 8 §5) ---- */
	S_CARD_GET,
	S_CARD_INSERT,
	S_CARD_UPDATE,
	S_CARD_LIST,
	/* ---- the help directory (help.c, issue 8 §1) ---- */
	S_HELP_GET,
	S_HELP_BY_UNIT,
	S_HELP_DIRECTORY,
	S_HELP_LIST_ALL,
	S_HELP_LIST_NATIONAL,
	S_HELP_LIST_OWNER,
	S_HELP_INSERT,
	S_HELP_UPDATE,
	S_HELP_DELETE,
	S_HELP_ORGS_DELETE,
	S_HELP_ORG_INSERT,
	S_HELP_UNIT_TAKEN,
	STMT__MAX
};

struct stmt_def {
	const char *sql;
	const char *pgsql;        /* NULL: the same as sql */
	bool        each_time;    /* planned for its values every run
	                             (drv_stmt_plan_each_time) */
};

extern const struct stmt_def stmt_defs[STMT__MAX];

/* The column numbers of the statements that read rows (stmts.c has the
 * lists). */
#define PLAN_COLS_BASE(X) \
	X(ID, "id") X(TITLE, "title") X(START, "period_start") X(END, "period_end") \
	X(STATUS, "status") X(HAS_ADOPTION, "has_adoption") \
	X(ADOPTION_DATE, "adoption_date") X(ADOPTION_BODY, "adoption_body") \
	X(ADOPTION_CASE, "adoption_case") X(REPLACES, "replaces") \
	X(REPLACES_TITLE, "replaces_title")
#define PLAN_COLS(X) PLAN_COLS_BASE(X) X(REPORT_DEADLINE, "report_deadline")
/* The same on a schema older than REPORT_SCHEMA (migration 4 reads plans
 * to remake their search entries, before the column exists). */
#define PLAN_COLS_OLD(X) PLAN_COLS_BASE(X) X(REPORT_DEADLINE, "NULL")
#define REPORT_SCHEMA 7
#define PLAN_NAME_COLS(X) \
	X(ID, "id") X(TITLE, "title") X(START, "period_start") X(END, "period_end")
#define ORG_COLS(X) X(ID, "o.id") X(NAME, "o.name") X(LOGO, "o.logo_text") \
	X(ACCENT, "o.accent")
#define OGOAL_COLS(X) X(TITLE, "title") X(TEXT, "text")
#define CHAPTER_COLS(X) X(ID, "id") X(TITLE, "title") X(BODY, "body")
#define UNIT_COLS(X) \
	X(ID, "id") X(NAME, "name") X(KIND, "kind") X(ORG, "organisation_id") \
	X(PARENT, "parent_id") X(COLLECTIVE, "collective") X(APPLIES_TO, "applies_to")
#define STEP_COLS(X) X(POS, "position") X(WHAT, "what") X(WHO, "who") X(WHEN, "when_text")
#define STEP_UNIT_COLS(X) X(STEP, "step_position") X(UNIT, "unit_id")
#define THEME_COLS(X) \
	X(ID, "id") X(TITLE, "title") X(BACKGROUND, "background") X(CHALLENGE, "challenge")
#define GOAL_COLS(X) X(ID, "g.id") X(THEME, "g.theme_id") X(TEXT, "g.text")
#define MEASURE_COLS(X) \
	X(ID, "m.id") X(GOAL, "m.goal_id") X(TITLE, "m.title") X(KIND, "m.kind") \
	X(DESCRIPTION, "m.description")
#define INDICATOR_COLS(X) \
	X(MEASURE, "i.measure_id") X(NUMBER, "i.number") X(TEXT, "i.text") \
	X(RESOURCE_NOTE, "i.resource_note") X(CATEGORY, "i.resource_category") \
	X(RESPONSIBLE_NOTE, "i.responsible_note") X(DEADLINE, "i.deadline")
#define INDICATOR_UNIT_COLS(X) \
	X(MEASURE, "iu.measure_id") X(NUMBER, "iu.number") X(UNIT, "iu.unit_id")
#define CATALOGUE_COLS(X) \
	X(ORG_ID, "o.id") X(ORG_NAME, "o.name") X(PLAN_ID, "p.id") X(TITLE, "p.title") \
	X(START, "p.period_start") X(END, "p.period_end") X(STATUS, "p.status") \
	X(THEMES, "(SELECT count(*) FROM theme t WHERE t.plan_id = p.id)") \
	X(GOALS, "(SELECT count(*) FROM goal g WHERE g.plan_id = p.id)") \
	X(MEASURES, "(SELECT count(*) FROM measure m WHERE m.plan_id = p.id)") \
	X(INDICATORS, "(SELECT count(*) FROM indicator i WHERE i.plan_id = p.id)")
#define UNIT_LIST_COLS(X) \
	X(ID, "o.id") X(NAME, "o.name") X(KIND, "o.kind") X(ORG_ID, "o.organisation_id") \
	X(ORG_NAME, "g.name") X(PARENT, "o.parent_id") X(COLLECTIVE, "o.collective") \
	X(INDICATORS, "(SELECT count(*) FROM indicator_unit iu JOIN plan p" \
	    " ON p.id = iu.plan_id WHERE iu.unit_id = o.id AND p.status <> 'draft')") \
	X(PLANS, "(SELECT count(*) FROM unit u JOIN plan p ON p.id = u.plan_id" \
	    " WHERE u.id = o.id AND p.status <> 'draft')")
#define UNIT_ENTRY_COLS(X) \
	X(NAME, "o.name") X(KIND, "o.kind") X(ORG_ID, "o.organisation_id") \
	X(ORG_NAME, "g.name") X(COLLECTIVE, "o.collective") X(LISTED, "o.members_listed")
#define UNIT_SOURCE_COLS(X) X(ID, "s.id") X(WAY, "s.way") X(NAME, "o.name")
#define DUTY_COLS(X) \
	X(PLAN_ID, "p.id") X(PLAN_TITLE, "p.title") X(PLAN_STATUS, "p.status") X(THEME_ID, "t.id") \
	X(THEME_TITLE, "t.title") X(MEASURE_ID, "m.id") X(MEASURE_TITLE, "m.title") \
	X(NUMBER, "i.number") X(TEXT, "i.text") X(RESOURCE_NOTE, "i.resource_note") \
	X(CATEGORY, "i.resource_category") X(RESPONSIBLE_NOTE, "i.responsible_note") \
	X(DEADLINE, "i.deadline") X(UNIT_ID, "o.unit_id") X(UNIT_NAME, "u.name") \
	X(POSITION, "o.position") X(WAY, "s.way")
#define DUTY_STEP_COLS(X) \
	X(PLAN_ID, "p.id") X(PLAN_TITLE, "p.title") X(POSITION, "st.position") \
	X(WHAT, "st.what") X(WHEN, "st.when_text") X(UNIT_ID, "su.unit_id") \
	X(UNIT_NAME, "u.name") X(WAY, "s.way")
#define SEARCH_COLS(X) \
	X(PLAN_ID, "e.plan_id") X(PLAN_TITLE, "e.plan_title") X(KIND, "e.kind") \
	X(KEY, "e.key") X(TITLE, "e.title") X(NUMBER, "e.number") X(BODY, "e.body") \
	X(RESOURCE_NOTE, "e.resource_note") X(CATEGORY, "e.category") \
	X(UNITS, "e.units") X(TEXT, "e.text")
#define REVISION_COLS(X) \
	X(NUMBER, "number") X(AT, "at") X(ACTOR, "actor") X(TITLE, "title") \
	X(DIGEST, "digest")
#define AUDIT_COLS(X) \
	X(ID, "id") X(AT, "at") X(ACTOR, "actor") X(ACTION, "action") \
	X(OBJECT_TYPE, "object_type") X(OBJECT_ID, "object_id") \
	X(BEFORE, "before_json") X(AFTER, "after_json")

#define ACCOUNT_COLS(X) \
	X(ID, "id") X(EMAIL, "email") X(ROLE, "role") X(HASH, "password_hash") \
	X(DISABLED, "disabled") X(CREATED, "created_at") X(LAST_LOGIN, "last_login_at")
#define SESSION_COLS(X) \
	X(ACCOUNT, "s.account_id") X(CSRF, "s.csrf") X(CREATED, "s.created_at") \
	X(SEEN, "s.seen_at") X(EMAIL, "a.email") X(ROLE, "a.role") \
	X(DISABLED, "a.disabled")

/* The yearly report (report.c). */
#define REPORT_PLAN_COLS(X) \
	X(ID, "p.id") X(TITLE, "p.title") X(START, "p.period_start") \
	X(END, "p.period_end") X(STATUS, "p.status") X(DEADLINE, "p.report_deadline")
#define REPORT_INDICATOR_COLS(X) \
	X(THEME_ID, "t.id") X(THEME_TITLE, "t.title") X(MEASURE_ID, "m.id") \
	X(MEASURE_TITLE, "m.title") X(NUMBER, "i.number") X(TEXT, "i.text")
#define REPORT_UNIT_COLS(X) \
	X(MEASURE_ID, "iu.measure_id") X(NUMBER, "iu.number") X(UNIT_ID, "u.id") \
	X(UNIT_NAME, "u.name")
#define REPORT_COLS(X) \
	X(MEASURE_ID, "r.measure_id") X(NUMBER, "r.number") X(YEAR, "r.year") \
	X(VERSION, "r.version") X(STATUS, "r.status") X(PROGRESS, "r.progress") \
	X(COMMENT, "r.comment") X(EVALUATION, "r.evaluation") X(ACTOR, "r.actor") \
	X(AT, "r.at") X(ACCOUNT_ID, "r.account_id")

/* The report form's rows (S_REPORT_FORM): REPORT_COLS (NULL when the
 * indicator has no report), then the indicator's key. */
#define REPORT_FORM_COLS(X) \
	REPORT_COLS(X) X(KEY_MEASURE_ID, "pk.measure_id") X(KEY_NUMBER, "pk.number")

#define COL_ENUM_RP(name, expr) C_RP_##name,
enum { C_RP__ = 0, REPORT_PLAN_COLS(COL_ENUM_RP) };
#define COL_ENUM_RI(name, expr) C_RI_##name,
enum { C_RI__ = 0, REPORT_INDICATOR_COLS(COL_ENUM_RI) };
#define COL_ENUM_RU(name, expr) C_RU_##name,
enum { C_RU__ = 0, REPORT_UNIT_COLS(COL_ENUM_RU) };
#define COL_ENUM_RE(name, expr) C_RE_##name,
enum { C_RE__ = 0, REPORT_COLS(COL_ENUM_RE) };
#define COL_ENUM_RF(name, expr) C_RF_##name,
enum { C_RF__ = 0, REPORT_FORM_COLS(COL_ENUM_RF) };

#define COL_ENUM_AC(name, expr) C_AC_##name,
enum { C_AC__ = 0, ACCOUNT_COLS(COL_ENUM_AC) };
#define COL_ENUM_SS(name, expr) C_SS_##name,
enum { C_SS__ = 0, SESSION_COLS(COL_ENUM_SS) };
#define REG_COLS(X) \
	X(NAME, "name") X(KIND, "kind") X(ORG, "organisation_id") X(PARENT, "parent_id") \
	X(COLLECTIVE, "collective") X(LISTED, "members_listed")

#define COL_ENUM_PLAN(name, expr) C_PLAN_##name,
enum { C_PLAN__ = 0, PLAN_COLS(COL_ENUM_PLAN) };
#define COL_ENUM_PN(name, expr) C_PN_##name,
enum { C_PN__ = 0, PLAN_NAME_COLS(COL_ENUM_PN) };
#define COL_ENUM_ORG(name, expr) C_ORG_##name,
enum { C_ORG__ = 0, ORG_COLS(COL_ENUM_ORG) };
#define COL_ENUM_OG(name, expr) C_OG_##name,
enum { C_OG__ = 0, OGOAL_COLS(COL_ENUM_OG) };
#define COL_ENUM_CH(name, expr) C_CH_##name,
enum { C_CH__ = 0, CHAPTER_COLS(COL_ENUM_CH) };
#define COL_ENUM_UN(name, expr) C_UN_##name,
enum { C_UN__ = 0, UNIT_COLS(COL_ENUM_UN) };
#define COL_ENUM_ST(name, expr) C_ST_##name,
enum { C_ST__ = 0, STEP_COLS(COL_ENUM_ST) };
#define COL_ENUM_SU(name, expr) C_SU_##name,
enum { C_SU__ = 0, STEP_UNIT_COLS(COL_ENUM_SU) };
#define COL_ENUM_TH(name, expr) C_TH_##name,
enum { C_TH__ = 0, THEME_COLS(COL_ENUM_TH) };
#define COL_ENUM_GO(name, expr) C_GO_##name,
enum { C_GO__ = 0, GOAL_COLS(COL_ENUM_GO) };
#define COL_ENUM_ME(name, expr) C_ME_##name,
enum { C_ME__ = 0, MEASURE_COLS(COL_ENUM_ME) };
#define COL_ENUM_IN(name, expr) C_IN_##name,
enum { C_IN__ = 0, INDICATOR_COLS(COL_ENUM_IN) };
#define COL_ENUM_IU(name, expr) C_IU_##name,
enum { C_IU__ = 0, INDICATOR_UNIT_COLS(COL_ENUM_IU) };
#define COL_ENUM_CA(name, expr) C_CA_##name,
enum { C_CA__ = 0, CATALOGUE_COLS(COL_ENUM_CA) };
#define COL_ENUM_UL(name, expr) C_UL_##name,
enum { C_UL__ = 0, UNIT_LIST_COLS(COL_ENUM_UL) };
#define COL_ENUM_UE(name, expr) C_UE_##name,
enum { C_UE__ = 0, UNIT_ENTRY_COLS(COL_ENUM_UE) };
#define COL_ENUM_USRC(name, expr) C_USRC_##name,
enum { C_USRC__ = 0, UNIT_SOURCE_COLS(COL_ENUM_USRC) };
#define COL_ENUM_DU(name, expr) C_DU_##name,
enum { C_DU__ = 0, DUTY_COLS(COL_ENUM_DU) };
#define COL_ENUM_DS(name, expr) C_DS_##name,
enum { C_DS__ = 0, DUTY_STEP_COLS(COL_ENUM_DS) };
#define COL_ENUM_SE(name, expr) C_SE_##name,
enum { C_SE__ = 0, SEARCH_COLS(COL_ENUM_SE) };
#define COL_ENUM_RV(name, expr) C_RV_##name,
enum { C_RV__ = 0, REVISION_COLS(COL_ENUM_RV) };
#define COL_ENUM_AU(name, expr) C_AU_##name,
enum { C_AU__ = 0, AUDIT_COLS(COL_ENUM_AU) };
/* The action card (cards.c). */
#define CARD_COLS(X) \
	X(REVISION, "c.revision") X(TEMPLATE, "c.is_template") X(JSON, "c.json") \
	X(DIGEST, "c.digest") X(AT, "c.updated_at") X(BY, "c.updated_by") \
	X(ORG_NAME, "o.name")
#define CARD_LIST_COLS(X) \
	X(ORG_ID, "o.id") X(ORG_NAME, "o.name") X(REVISION, "c.revision") \
	X(TEMPLATE, "c.is_template") X(AT, "c.updated_at")
#define COL_ENUM_CD(name, expr) C_CD_##name,
enum { C_CD__ = 0, CARD_COLS(COL_ENUM_CD) };
#define COL_ENUM_CL(name, expr) C_CL_##name,
enum { C_CL__ = 0, CARD_LIST_COLS(COL_ENUM_CL) };
/* The help directory (help.c): the service's row, its unit's and
 * owner's names. */
#define HELP_COLS(X) \
	X(ID, "s.id") X(VERSION, "s.version") X(DATA, "s.data") \
	X(UNIT_NAME, "u.name") X(OWNER_NAME, "o.name")
#define COL_ENUM_HE(name, expr) C_HE_##name,
enum { C_HE__ = 0, HELP_COLS(COL_ENUM_HE) };
#define COL_ENUM_REG(name, expr) C_REG_##name,
enum { C_REG__ = 0, REG_COLS(COL_ENUM_REG) };

/* ---- helpers (store.c) ---- */

/* The prepared statement s (the backend's variant), reset, or NULL with
 * the error set. Counts it in db->statements. */
struct drv_stmt *q(struct db *, enum stmt s);
/* Runs a statement that returns no rows; false with the error set. */
bool q_run(struct db *, struct drv_stmt *st, const char *what);
/* Steps a row loop: true while there is a row; at the end *ok says
 * whether the loop ran to the end without error (then the statement is
 * reset). Use as: while (q_row(db, st, "what", &ok)) { … } */
bool q_row(struct db *, struct drv_stmt *st, const char *what, bool *ok);

/* Column text copied into arena a (NULL stays NULL). */
char *col_text(struct arena *a, struct drv_stmt *st, int i);
int col_int(struct drv_stmt *st, int i);
/* Column text read as a unit kind or resource category; a NULL or
 * unknown name reads as the default (internal, unknown). */
enum unit_kind col_unit_kind(struct drv_stmt *st, int i);
enum resource_category col_category(struct drv_stmt *st, int i);

/* Grows an arena array by one element, doubling its capacity. */
void *vec_push(struct arena *a, void *arr, size_t *n, size_t *cap, size_t sz);
#define VEC_PUSH(a, arr, n, cap) \
	((arr) = vec_push((a), (arr), &(n), &(cap), sizeof(*(arr))), &(arr)[(n) - 1])

/* Whether unit id is one of u[0..n) (an indicator's responsible units). */
bool unit_refs_have(const struct unit_ref *u, size_t n, const char *id);

/* A write transaction ends: commits if ok, else rolls back keeping the
 * error. Returns whether it committed. */
bool end_write(struct db *, bool ok);
/* A read transaction ends; ok says whether the reads in it succeeded
 * (their error stays). Returns ok, or false if it could not commit. */
bool end_read(struct db *, bool ok);

/* A write handed to write_together: it writes on db (a connection to
 * the same database, not always the caller's) inside a write
 * transaction, and answers DB_OK to keep what it wrote, anything else
 * to have it undone (DB_ERROR with the error set). */
typedef enum db_status (*write_part)(struct db *db, void *arg);
/* Runs fn(db, arg) in a write transaction and answers what it answered
 * once that transaction has committed (DB_ERROR with the error if it
 * could not). On SQLite the writes that this process's threads hand in
 * while another commits are run together, each in a savepoint of its
 * own, and committed once (group.c); on PostgreSQL each has its own
 * transaction, without the write lock (drv_begin_write_concurrent). */
enum db_status write_together(struct db *, write_part fn, void *arg);

/* Increases the data generation and tells other instances (PostgreSQL
 * NOTIFY, delivered at commit). Inside a write transaction. */
bool bump_generation(struct db *);

/* Appends an audit row (audit.c). before and after are JSON texts or
 * NULL. Inside a write transaction. */
bool audit_write(struct db *, const char *actor, const char *action,
    const char *object_type, const char *object_id, const char *before,
    const char *after);

/* The current time as an ISO 8601 UTC text "YYYY-MM-DDTHH:MM:SSZ". */
void store_now(char out[32]);

/* Migrations (schema.c): brings the schema up to date, or, for a
 * read-only connection, checks it is (false with the error set). */
bool schema_migrate(struct db *);
bool schema_check(struct db *);
int schema_latest(void);

/* db_plan_get inside a transaction the caller holds (plan_read.c). */
enum db_status db_plan_get_in(struct db *, const char *id, struct plan **out);

/* Writes the search entries of plan p (plan_write.c): its chapters,
 * measures and indicators with their folded text. Inside a write
 * transaction, after the plan's old entries were deleted. */
bool search_entries_put(struct db *, const struct plan *p);

/* A search entry's id: (9999 - plan start) << 44 | slot << 20 | place in
 * the plan: ids in the order hits are shown (plan_write.c). */
#define SEARCH_ID_YEAR_SHIFT 44
#define SEARCH_ID_SLOT_SHIFT 20

/* How far a plan's word counts in the units register, as SQL over plan
 * alias: a public plan's over a draft's, then a later period's over an
 * earlier one's (register.c: register_rank is the same in C). */
#define REG_RANK(alias) \
	"(CASE WHEN " alias ".status = 'draft' THEN 0 ELSE 10000 END + " alias ".period_start)"

/* The units register (register.c). register_put maps plan p's units
 * into it, auditing each change as done by actor (inside the import's
 * write transaction); register_fill is migration 6's step. */
bool register_put(struct db *, const char *actor, const struct plan *p);
bool register_fill(struct db *);
/* A unit's applies_to as stored in its plan's unit row: the ids
 * space-separated, or NULL when the plan lists none (caller frees); and
 * back, into u's fields, allocated in a. */
char *unit_applies_text(const struct unit *u);
void unit_applies_parse(struct arena *a, const char *s, struct unit *u);

/* Stores the services of lists[0..n) inside the caller's write
 * transaction (help.c; db_import says how). *changed says whether any
 * was written. false with the error set. */
bool help_lists_put(struct db *, const char *actor, struct help_list *const *lists,
    size_t n, struct db_help_import *done, bool *changed);

/* Stores the cards of an import inside the caller's write transaction,
 * after its plans and services (cards.c; db_import says how). *changed
 * is set when any was written. false with the error set, or with
 * cards->problem filled when a card names what does not exist. */
bool cards_import_put(struct db *, const char *actor, const struct db_card_import *,
    bool *changed);

/* The notification channel of generation changes (PostgreSQL). */
#define GENERATION_CHANNEL "tiltak_generation"

#endif

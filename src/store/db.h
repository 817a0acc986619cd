/* db.h — the store: every read and write of tiltak's data goes through
 * these functions, whichever backend holds it (SQLite or PostgreSQL; see
 * drv.h). Handlers never see SQL.
 *
 * A struct db is one connection and is used by one thread at a time; the
 * server opens one per worker thread. Results are owned structs living in
 * an arena, freed with their matching _free function.
 *
 * Every write takes an actor (who writes: "cli:USER" from the command
 * line, later the signed-in account) and records what it changed in the
 * audit trail in the same transaction; the application can neither change
 * nor delete audit rows. */
#ifndef TILTAK_DB_H
#define TILTAK_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"
#include "domain/card.h"
#include "domain/help.h"
#include "domain/plan.h"
#include "domain/report.h"
#include "limits.h"
#include "util/arena.h"

enum db_status {
	DB_OK,
	DB_NOT_FOUND,
	DB_ERROR,      /* see db_errmsg */
	DB_CONFLICT,   /* a unique key is taken, or a row changed since it
	                  was read (see each function) */
};

struct db;

/* How db_open treats the file. Only import may create a database. */
enum db_mode {
	DB_OPEN_CREATE,    /* create it if missing (not its folder); it and its
	                      folder must be writable */
	DB_OPEN_EXISTING,  /* it must exist; read-write, or read-only when it or
	                      its folder cannot be written (read-only media) */
	DB_OPEN_READONLY,  /* it must exist; read-only */
	DB_OPEN__MAX
};

/* Opens the database uri names — "sqlite:PATH", a bare path (SQLite), or
 * "postgresql://…" — as mode says and, when it is opened read-write,
 * brings its schema up to date (a read-only database must be up to date
 * already). Returns NULL with a message naming the database in err on
 * failure: "no database at PATH (create one with: …)", "cannot write
 * PATH: the location is read-only", a schema that needs upgrading but
 * cannot be, or the backend's reason. A PostgreSQL database must exist
 * (createdb); CREATE makes its schema. */
struct db *db_open(const char *uri, enum db_mode mode, char *err, size_t errsz);
/* uri as it may be shown in messages: a password replaced by "***". */
void db_uri_shown(const char *uri, char *out, size_t outsz);
/* True if db is PostgreSQL. */
bool db_is_pgsql(const struct db *);
/* Statements run on db so far (tests count them). */
long db_statements(const struct db *);
/* True if db was opened read-only; its writes then fail. */
bool db_readonly(const struct db *);
void db_close(struct db *);
/* The last error's message; valid until the next call on db. */
const char *db_errmsg(const struct db *);
/* The schema version after migrations. */
int db_schema_version(struct db *);

/* The data generation: a number that grows with every committed change.
 * Caches compare against it (a change from any instance invalidates). */
enum db_status db_generation(struct db *, int64_t *out);

/* What storing a plan did. */
enum db_put {
	DB_PUT_NEW,        /* the plan was not in the database */
	DB_PUT_CHANGED,    /* it was, and is now a new revision */
	DB_PUT_UNCHANGED,  /* it was, with the same content: nothing written */
};

/* Stores plans[0..n) in one transaction, each replacing any plan with the
 * same id (its whole content). Each plan stored is kept as a numbered
 * revision of its canonical JSON (the earlier ones stay), and audited as
 * done by actor. Data that refers to a plan's natural keys (plan,
 * measure, indicator number) is not touched. All or nothing. results
 * (may be NULL) gets what happened to each plan, revisions (may be NULL)
 * each plan's revision number after the call. */
enum db_status db_plans_put(struct db *, const char *actor,
    struct plan *const *plans, size_t n, enum db_put *results, int *revisions);

/* Refreshes the statistics the query planner uses (after a large import:
 * PostgreSQL ANALYZE, SQLite PRAGMA optimize). */
enum db_status db_analyze(struct db *);

/* A plan's revisions, oldest first. */
struct revision {
	int   number;
	char *at;       /* ISO 8601, UTC */
	char *actor;
	char *title;
	char *digest;   /* BLAKE2b of the JSON, hex */
};

struct revision_list {
	struct arena     arena;
	struct revision *items;
	size_t           n;
};

/* DB_NOT_FOUND when the plan has no revision. */
enum db_status db_revisions(struct db *, const char *plan_id,
    struct revision_list **out);
void revision_list_free(struct revision_list *);
/* Revision number of plan_id as canonical JSON (caller frees). */
enum db_status db_revision_json(struct db *, const char *plan_id, int number,
    char **json, size_t *len);

/* The audit trail: every change, who made it, when, and what the object
 * was before and after (JSON). Filters are NULL or "" for any. */
struct audit_entry {
	int64_t  id;
	char    *at;
	char    *actor;
	char    *action;
	char    *object_type;
	char    *object_id;
	char    *before;   /* JSON or NULL */
	char    *after;    /* JSON or NULL */
};

struct audit_list {
	struct arena        arena;
	struct audit_entry *items;
	size_t              n;
};

enum db_status db_audit(struct db *, const char *object_type, const char *object_id,
    const char *actor, struct audit_list **out);
void audit_list_free(struct audit_list *);

/* Copies everything from one database to another (they may be of
 * different backends): plans, organisations, the units register,
 * revisions, audit, search, the generation. The target must hold no
 * plan, revision, organisation, unit or audit row, unless force, which
 * first removes plans, organisations, units and revisions (audit rows
 * cannot be removed: a target with any is refused). One transaction on
 * the target. rows gets the number of rows copied. */
enum db_status db_copy(struct db *from, struct db *to, bool force, long *rows);

/* Waiting for changes made by other processes (PostgreSQL LISTEN/NOTIFY;
 * SQLite has none). db_listen subscribes this connection; db_wait_change
 * waits at most ms and returns 1 if the data changed, 0 on timeout, -1 if
 * the connection failed or cannot listen. */
bool db_listen(struct db *);
int db_wait_change(struct db *, int ms);

/* false if db's connection is lost (drv_connected: PostgreSQL closed it,
 * or a statement found it gone): close it and open the database again. */
bool db_connected(struct db *);

/* Loads a whole plan; caller frees with plan_free. */
enum db_status db_plan_get(struct db *, const char *id, struct plan **out);

/* A plan's id, title and period: enough to name and link it from another
 * plan's page (the plan it replaces). DB_NOT_FOUND when there is no plan
 * with that id; caller frees with plan_name_free. */
struct plan_name {
	struct arena  arena;
	char         *id;
	char         *title;
	int           period_start;
	int           period_end;   /* 0: open-ended */
};

enum db_status db_plan_name(struct db *, const char *id, struct plan_name **out);
void plan_name_free(struct plan_name *);

/* The home page's catalogue: organisations and the plans they own. */
struct catalogue_plan {
	char             *id;
	char             *title;
	int               period_start;
	int               period_end;
	enum plan_status  status;
	struct plan_counts counts;
};

struct catalogue_org {
	char                  *id;
	char                  *name;
	struct catalogue_plan *plans;
	size_t                 nplans;
};

struct catalogue {
	struct arena          arena;
	struct catalogue_org *orgs;
	size_t                norgs;
};

enum db_status db_catalogue(struct db *, struct catalogue **out);
void catalogue_free(struct catalogue *);

/* ---- units (units.c) ----
 *
 * The units register holds one entry per unit id, whatever the plan
 * period (register.c writes it on import). A unit may sit under a parent
 * unit, and a collective role (Virksomhetsledere) applies to many units:
 * to the units it lists, or, listing none, to every internal unit of its
 * organisation that is not a collective role itself.
 *
 * An indicator falls to a unit when the unit is responsible for it, when
 * a collective role that applies to the unit is, or when a unit above it
 * (its parent, the parent's parent, …) is. Roles apply one level deep: a
 * role that applies to a unit does not reach the units below it (unless
 * it applies to them too). */

/* A unit as a plan names it. */
struct unit_ref {
	char *id;
	char *name;
};

/* How something falls to a unit. The numbers are fixed (the SQL in
 * stmts.c uses them). */
enum duty_way {
	DUTY_DIRECT = 0,      /* the unit is responsible, alone */
	DUTY_SHARED = 1,      /* the unit is responsible with other units */
	DUTY_COLLECTIVE = 2,  /* through a collective role that applies to it */
	DUTY_PARENT = 3,      /* through a unit above it */
	DUTY_WAY__MAX
};
#define DUTY_BIT(way) (1u << (way))

/* A collective role or a unit above, through which something falls to a
 * unit. */
struct duty_via {
	enum duty_way   way;    /* DUTY_COLLECTIVE or DUTY_PARENT */
	struct unit_ref unit;   /* the role, or the unit above */
};

/* One indicator that falls to a unit, and every way it does. */
struct unit_duty {
	char                  *plan_id;
	char                  *plan_title;
	enum plan_status       plan_status;
	char                  *theme_id;
	char                  *theme_title;
	char                  *measure_id;
	char                  *measure_title;
	int                    number;
	char                  *text;
	char                  *resource_note;
	enum resource_category resource_category;
	char                  *responsible_note;
	char                  *deadline;
	/* The closest way: DIRECT or SHARED when the unit is responsible
	 * itself, else COLLECTIVE, else PARENT. */
	enum duty_way          way;
	unsigned               ways;         /* DUTY_BIT of every way */
	/* The roles and units above it falls through, in the plan's order
	 * of the responsible units. */
	struct duty_via       *via;
	size_t                 nvia;
	/* Whom the unit shares it with: every other responsible unit when
	 * it is responsible itself (DUTY_SHARED); otherwise the responsible
	 * units besides the roles and units above it falls through. */
	struct unit_ref       *shared_with;
	size_t                 nshared;
	/* Every unit responsible for it, as the plan names them and in its
	 * order. */
	struct unit_ref       *responsible;
	size_t                 nresponsible;
};

/* Everything that falls to a unit: its indicators, in the plans' order
 * (newest plan first, then the plan's own order). */
struct unit_duty_list {
	struct arena      arena;
	struct unit_duty *items;
	size_t            n;
};

/* The indicators that fall to unit_id, in every plan whatever its status
 * (drafts too: each duty says its plan's status), or in plan_id only
 * (when not NULL). DB_NOT_FOUND when the register has no such unit; a
 * unit to which nothing falls has an empty list. Caller frees with
 * unit_duty_list_free. */
enum db_status db_unit_duties(struct db *, const char *unit_id, const char *plan_id,
    struct unit_duty_list **out);
void unit_duty_list_free(struct unit_duty_list *);

/* Whether indicator number of measure_id in plan_id falls to any of
 * units[0..n) (a reporter may report only on those): *falls, and, when
 * which is not NULL and it falls, the index of the first such unit in
 * *which. An indicator or unit that does not exist falls to no one. */
enum db_status db_indicator_falls_to(struct db *, const char *plan_id,
    const char *measure_id, int number, const char *const *units, size_t n,
    bool *falls, size_t *which);

/* The units register, for the public list of units: every entry that a
 * public (not draft) plan names, with its organisation and parent, in no
 * particular order (the page sorts). Counts are of public plans. */
struct unit_summary {
	char          *id;
	char          *name;
	enum unit_kind kind;
	char          *organisation_id;    /* or NULL */
	char          *organisation_name;  /* or NULL */
	char          *parent_id;          /* or NULL */
	bool           collective;
	size_t         nindicators;        /* public indicators it is responsible for */
	size_t         nplans;             /* public plans that name it */
};

struct unit_list {
	struct arena         arena;
	struct unit_summary *units;
	size_t               n;
};

enum db_status db_unit_list(struct db *, struct unit_list **out);
void unit_list_free(struct unit_list *);

/* An implementation step that falls to a unit: directly (nvia 0), or
 * through the roles and units above in via. */
struct unit_step {
	char            *plan_id;
	char            *plan_title;
	char            *what;
	char            *when;
	bool             direct;
	struct duty_via *via;
	size_t           nvia;
};

/* One page of a unit's view: its register entry, its place among the
 * units, and what falls to it in the plans on this page. */
struct unit_view {
	struct arena      arena;
	char             *id;
	char             *name;
	enum unit_kind    kind;
	char             *organisation_id;    /* or NULL */
	char             *organisation_name;  /* or NULL */
	bool              collective;
	bool              applies_listed;     /* a role: members lists its units;
	                                         else every internal unit of its
	                                         organisation */
	struct unit_ref  *members;            /* a role's listed units, in order */
	size_t            nmembers;
	struct unit_ref  *above;              /* the units above, nearest first */
	size_t            nabove;
	struct unit_ref  *roles;              /* the collective roles that apply to it */
	size_t            nroles;
	struct unit_ref  *below;              /* the units directly below it */
	size_t            nbelow;
	struct unit_duty *items;              /* of the plans on this page */
	size_t            nitems;
	struct unit_step *steps;              /* of the plans on this page */
	size_t            nsteps;
	int               page;               /* from 1 */
	int               pages;              /* UNIT_PAGE_PLANS plans a page */
	size_t            nplans;             /* public plans in which something
	                                         falls to it (they name it, a
	                                         role of it or a unit above) */
	size_t            nindicators;        /* their indicators that fall to it */
	size_t            nway[DUTY_WAY__MAX];/* of those, by their closest way */
};

/* One page of a unit's public view: the public (not draft) plans in
 * which something falls to it, newest first, UNIT_PAGE_PLANS at a time
 * (a national body such as ATV is named in a hundred plans); the units
 * it names are those public plans name. DB_NOT_FOUND if the register has
 * no such unit, or page is past the last (a unit that no public plan
 * names, nor a role of it or a unit above it, has no page). */
enum db_status db_unit_get(struct db *, const char *id, int page,
    struct unit_view **out);
void unit_view_free(struct unit_view *);

/* Search over chapters (title and text), measures (title and
 * description) and indicators (text, resource note, responsibility note
 * and the names of the responsible units). Query and text are folded by
 * text_fold; every word of the query must occur (as a substring, so parts
 * of Norwegian compounds match). Hits come per plan, newest plan first:
 * its chapters, then measures and indicators in the plan's order. */
enum search_kind {
	SEARCH_CHAPTER,
	SEARCH_MEASURE,
	SEARCH_INDICATOR,
};

struct search_hit {
	char                  *plan_id;
	char                  *plan_title;
	enum search_kind       kind;
	char                  *id;            /* chapter or measure id */
	char                  *title;         /* chapter or measure title */
	int                    number;        /* indicator number, else 0 */
	char                  *text;          /* indicator text, else NULL */
	char                  *resource_note; /* indicator's, or NULL */
	enum resource_category resource_category;
	struct unit_ref       *responsible;   /* indicator's units */
	size_t                 nresponsible;
};

struct search_result {
	struct arena       arena;
	struct search_hit *hits;
	size_t             nhits;
	int                truncated;  /* more than SEARCH_RESULTS_MAX */
};

enum db_status db_search(struct db *, const char *query,
    struct search_result **out);
void search_result_free(struct search_result *);

/* ---- editing plans (issue 7 §7) ---- */

/* A plan's latest revision: its number (0 for a plan stored before
 * revisions were kept), when (ISO 8601, UTC) and by whom. */
struct revision_info {
	int  number;
	char at[32];
	char actor[320];
};

/* Loads a plan whatever its status (drafts too) with its latest
 * revision, in one read transaction, so that the revision is the one
 * the plan was read at. DB_NOT_FOUND when there is no such plan; caller
 * frees *out with plan_free. */
enum db_status db_plan_get_revision(struct db *, const char *id, struct plan **out,
    struct revision_info *rev);

/* Stores plans[0..n) like db_plans_put, but only if each is still at the
 * revision its editor read: base[i] is that revision number (>= 0), or
 * -1 for a plan that must not exist yet. If another writer got there
 * first, nothing is written and the answer is DB_CONFLICT, with
 * *conflict (may be NULL) the index of that plan. change (NULL: none) is
 * a short description of the edit for the audit row ("update theme
 * forebygging"). The check and the write are one transaction, so two
 * editors of one revision cannot both succeed. */
enum db_status db_plans_put_checked(struct db *, const char *actor,
    struct plan *const *plans, const int *base, size_t n, const char *change,
    enum db_put *results, int *revisions, size_t *conflict);

/* The catalogue with drafts: every plan, under each of its
 * organisations (db_catalogue leaves drafts out). */
enum db_status db_catalogue_all(struct db *, struct catalogue **out);

/* Every organisation, by name. */
struct organisation_list {
	struct arena         arena;
	struct organisation *items;
	size_t               n;
};
enum db_status db_organisations(struct db *, struct organisation_list **out);
void organisation_list_free(struct organisation_list *);

/* How many status reports refer to a plan's indicators: all of the
 * plan's (measure_id NULL), a measure's (number 0) or one indicator's.
 * Reports are kept by natural keys (plan, measure, number) with no
 * foreign key into the plan's tree, so deleting an indicator from a plan
 * never deletes its reports: the editing pages say how many there are
 * before a deletion. */
enum db_status db_report_count(struct db *, const char *plan_id,
    const char *measure_id, int number, long *n);

/* ---- accounts and sessions ---- */

struct account {
	int64_t    id;
	char      *email;          /* lower case */
	enum role  role;
	char      *password_hash;  /* crypto_pwhash_str's text */
	bool       disabled;
	char      *created_at;     /* ISO 8601, UTC */
	char      *last_login_at;  /* NULL: never signed in */
	char     **units;          /* a reporter's units, by id */
	size_t     nunits;
	char     **organisations;  /* a coordinator's organisations, by id */
	size_t     norganisations;
};

struct account_list {
	struct arena    arena;
	struct account *items;
	size_t          n;
};

/* Adds an account, audited as done by actor (the hash is not written to
 * the audit trail). DB_CONFLICT if the e-mail address is taken;
 * DB_NOT_FOUND if an organisation does not exist. *id gets its id. */
enum db_status db_account_add(struct db *, const char *actor,
    const struct account *a, int64_t *id);
/* One account by e-mail address (lower case) or id; DB_NOT_FOUND if
 * there is none. The list holds one item. */
enum db_status db_account_by_email(struct db *, const char *email,
    struct account_list **out);
enum db_status db_account_by_id(struct db *, int64_t id,
    struct account_list **out);
/* Every account, by e-mail address. */
enum db_status db_accounts(struct db *, struct account_list **out);
void account_list_free(struct account_list *);
/* Sets an account's password hash, or disables or enables it; either
 * ends its sessions. Audited. DB_NOT_FOUND if there is no such account. */
enum db_status db_account_set_password(struct db *, const char *actor,
    int64_t id, const char *hash);
/* A user's own new password: as db_account_set_password (every session
 * of the account ends; audited as "password", without the hash), and in
 * the same transaction the session its user goes on in is begun under
 * token_hash with csrf at now (Unix seconds), as a sign-in would. */
enum db_status db_account_set_own_password(struct db *, const char *actor,
    int64_t id, const char *hash, const char *token_hash, const char *csrf,
    int64_t now);
enum db_status db_account_set_disabled(struct db *, const char *actor,
    int64_t id, bool disabled);
/* The same, refusing (DB_CONFLICT, nothing written) to disable the last
 * active administrator: the signed-in area's rule (the command line may
 * still do it, and make a new administrator). */
enum db_status db_account_set_disabled_keep_admin(struct db *, const char *actor,
    int64_t id, bool disabled);
/* Sets an account's role, units and organisations (each list replaces
 * the old one), audited with the account before and after. Its sessions
 * go on (the role is read with the session at every request).
 * DB_NOT_FOUND if there is no such account or an organisation does not
 * exist; DB_CONFLICT if no active administrator would remain. *changed
 * (may be NULL) says whether anything differed: if not, nothing is
 * written. */
enum db_status db_account_update(struct db *, const char *actor, int64_t id,
    enum role role, char *const *units, size_t nunits, char *const *orgs,
    size_t norgs, bool *changed);

/* A session as the server sees it: whose it is and its CSRF token.
 * Times are Unix seconds. */
struct session_row {
	int64_t    account_id;
	char       email[ACCOUNT_EMAIL_MAX + 1];
	enum role  role;
	bool       disabled;
	char       csrf[48];
	int64_t    created_at;
	int64_t    seen_at;
};

/* A sign-in: records it on the account, removes its expired sessions
 * (unused since idle_before, or begun before created_before) and stores
 * a new one under token_hash. One transaction. */
enum db_status db_session_begin(struct db *, int64_t account_id,
    const char *token_hash, const char *csrf, int64_t now,
    int64_t idle_before, int64_t created_before);
/* The session stored under token_hash; DB_NOT_FOUND if none. */
enum db_status db_session_get(struct db *, const char *token_hash,
    struct session_row *out);
/* Records that the session was used at now. */
enum db_status db_session_touch(struct db *, const char *token_hash, int64_t now);
/* Ends a session (sign-out, or found expired). */
enum db_status db_session_end(struct db *, const char *token_hash);

/* The secret named name, shared by every instance: made from candidate
 * the first time it is asked for (whoever asks first wins). Copies it
 * into out (NUL-terminated; DB_ERROR if it does not fit). */
enum db_status db_secret(struct db *, const char *name, const char *candidate,
    char *out, size_t outsz);

/* Failed sign-ins counted under key (a keyed hash, never an address):
 * how many, and when the last was (Unix seconds); 0 and 0 if none. */
enum db_status db_throttle_get(struct db *, const char *key, int *failures,
    int64_t *updated_at);
/* Counts one more failure under key at now, starting from 1 again if the
 * last was before forget_before; *failures gets the new count. Removes
 * counts older than forget_before under any key. */
enum db_status db_throttle_fail(struct db *, const char *key, int64_t now,
    int64_t forget_before, int *failures);
/* Forgets the failures under key (after a successful sign-in). */
enum db_status db_throttle_clear(struct db *, const char *key);

/* ---- the yearly report ----
 * Per indicator and year a status, an optional progress, a comment and
 * the written evaluation. Reports are only ever appended: each save of
 * an indicator's report for a year is a new version (1, 2, …); the
 * latest is the current report, the older ones stay as its history.
 * Keys are natural (plan, measure, indicator number), so re-importing a
 * plan keeps its reports. */

/* One saved version of an indicator's report. */
struct report_row {
	int                 year;
	int                 version;     /* 1, 2, … within the year */
	enum report_status  status;
	int                 progress;    /* 0..100, or -1: not given */
	char               *comment;     /* or NULL */
	char               *evaluation;  /* or NULL */
	char               *actor;       /* "web:EMAIL", "cli:USER" */
	char               *at;          /* ISO 8601, UTC */
	int64_t             account_id;  /* the account that saved it; 0: none */
};

/* An indicator's natural key within a plan. */
struct indicator_key {
	char *measure_id;
	int   number;
};

struct indicator_keys {
	struct arena          arena;
	struct indicator_key *items;
	size_t                n;
};

/* The indicators of plan_id that account_id reports on: those whose
 * responsible units include one of the account's units (account_unit).
 * The one place that decides what a reporter may report on; the report
 * page and saving both go through it. In no particular order; empty
 * (DB_OK, n 0) when there are none. */
enum db_status db_reporter_indicators(struct db *, int64_t account_id,
    const char *plan_id, struct indicator_keys **out);
/* The indicators of plan_id that the units below account_id's own carry
 * (one of them, at any depth, is responsible: Helse og omsorg →
 * Helsestasjonen → Småbarnsteamet) and that the account does not report
 * on itself: what a parent unit's leader follows, and may read, but not
 * report on. Below means the units register's parent links. In no
 * particular order; empty when there are none. */
enum db_status db_reporter_below(struct db *, int64_t account_id, const char *plan_id,
    struct indicator_keys **out);
void indicator_keys_free(struct indicator_keys *);

/* A plan as the list of report pages shows it. */
struct report_plan {
	char             *id;
	char             *title;
	int               period_start;
	int               period_end;    /* 0: open-ended */
	enum plan_status  status;
	char             *deadline;      /* "MM-DD", the default filled in */
};

struct report_plan_list {
	struct arena        arena;
	struct report_plan *items;
	size_t              n;
};

/* The plans that are not drafts, newest first; with account_id > 0 only
 * those in which the account reports on an indicator. */
enum db_status db_report_plans(struct db *, int64_t account_id,
    struct report_plan_list **out);
void report_plan_list_free(struct report_plan_list *);

/* An indicator on a report page, with its current report for the year
 * and the latest of the year before. */
struct report_item {
	char               *theme_id;
	char               *theme_title;
	char               *measure_id;
	char               *measure_title;
	int                 number;
	char               *text;
	struct unit_ref    *responsible;   /* in the plan's order */
	size_t              nresponsible;
	struct report_row  *current;       /* NULL: not reported this year */
	struct report_row  *last_year;     /* NULL: not reported the year before */
	/* Only in a sheet's below: */
	struct unit_ref    *below;         /* those of responsible that are
	                                      below the account's units */
	size_t              nbelow;
	struct unit_ref    *by;            /* the units of the account that
	                                      saved current: those among
	                                      responsible, else all of its
	                                      units; none (0) for an account
	                                      with no unit, or no account */
	size_t              nby;
};

struct report_sheet {
	struct arena         arena;
	struct report_plan   plan;
	char               **organisations;   /* the plan's, by id */
	size_t               norganisations;
	int                  year;
	struct report_item  *items;           /* in the plan's order */
	size_t               n;
	/* For an account (account_id > 0): the indicators the units below
	 * its own carry (db_reporter_below), in the plan's order, with their
	 * reports; read-only, never part of the form. */
	struct report_item  *below;
	size_t               nbelow;
};

/* The report page of plan_id for year, read at one moment: with
 * account_id > 0 the indicators db_reporter_indicators selects for it
 * and, apart (below), those db_reporter_below selects; with 0 every
 * indicator of the plan. DB_NOT_FOUND if there is no such plan. */
enum db_status db_report_sheet(struct db *, const char *plan_id, int year,
    int64_t account_id, struct report_sheet **out);
/* The part of that page a save needs, in fewer statements: the plan, its
 * organisations, and the indicators (measure_id and number only, in no
 * particular order) with their current reports. */
enum db_status db_report_form(struct db *, const char *plan_id, int year,
    int64_t account_id, struct report_sheet **out);
void report_sheet_free(struct report_sheet *);

/* One indicator's report as a form sends it. */
struct report_input {
	const char         *measure_id;
	int                 number;
	int                 base_version;  /* the version the form showed;
	                                      0: there was none */
	/* With current_read, current is the current report as the caller
	 * read it (db_report_form; NULL: there was none), and the save is
	 * decided on it without reading it again. Without, the store reads
	 * it. */
	bool                current_read;
	const struct report_row *current;
	enum report_status  status;
	int                 progress;      /* 0..100, or -1: not given */
	const char         *comment;       /* NULL or "": none */
	const char         *evaluation;    /* NULL or "": none */
};

/* A save refused because someone else saved the indicator meanwhile. */
struct report_conflict {
	size_t              index;         /* into the inputs */
	struct report_row  *theirs;        /* the current report now; NULL if
	                                      there is none (the form named a
	                                      version that never was) */
};

struct report_save {
	struct arena             arena;
	size_t                   written;    /* versions added */
	struct report_conflict  *conflicts;
	size_t                   nconflicts;
};

/* Saves the reports in[0..n) of plan_id for year, as done by actor
 * (account_id, 0 if none), in one transaction, each audited. An input
 * whose values equal the current report's is left alone, and so is one
 * equal to the version it was based on when someone else has saved since
 * (its writer changed nothing there). Any other input based on a
 * version that is no longer the current one is a conflict: then nothing
 * is written, *out lists the conflicts with the current report, and the
 * answer is DB_CONFLICT. A report saved by someone else after the
 * caller read it (current_read) is found when writing, and the save is
 * decided again on what is current then. Saves of different indicators
 * do not wait for each other on PostgreSQL. The caller has checked that
 * the account may report on each indicator. *out (on DB_OK and
 * DB_CONFLICT) is freed with report_save_free. */
enum db_status db_reports_put(struct db *, const char *actor, int64_t account_id,
    const char *plan_id, int year, const struct report_input *in, size_t n,
    struct report_save **out);
void report_save_free(struct report_save *);

/* Every saved version of one indicator's reports, newest year and
 * version first, with the indicator (text NULL if the plan no longer
 * has it). DB_NOT_FOUND if the plan has no such indicator and there is
 * no report of it. */
struct report_history {
	struct arena        arena;
	char               *plan_id;
	char               *plan_title;   /* NULL if the plan is gone */
	char               *measure_id;
	char               *measure_title;
	int                 number;
	char               *text;
	struct report_row  *rows;
	size_t              n;
};

enum db_status db_report_history(struct db *, const char *plan_id,
    const char *measure_id, int number, struct report_history **out);
void report_history_free(struct report_history *);


/* ---- the coordinator's overview (overview.c) ----
 *
 * A plan's follow-up for one year, as a coordinator (or a reader) sees
 * it: what each indicator's current report says, counted by status
 * overall and per theme; progress rolled up from indicators to measures,
 * goals and themes (the mean of the progress reported, and how many
 * indicators reported none: never counted as zero); per unit who has
 * reported; the overdue list after the deadline; the budget list; and
 * the plan's health (what will make follow-up fail). */

/* The counts' slot for "no report this year". */
#define OVERVIEW_NONE REPORT_STATUS__MAX

/* Which indicators the counts, the roll-up and the lists cover. */
struct overview_filter {
	const char *theme;   /* a theme id, or NULL: every theme */
	const char *unit;    /* a unit id among the responsible, or NULL */
	int         status;  /* an enum report_status, OVERVIEW_NONE (not
	                        reported), or -1: any */
};

struct overview_counts {
	int n[REPORT_STATUS__MAX + 1];   /* by status, and OVERVIEW_NONE */
	int total;
};

/* Progress over a set of indicators: the mean of those that reported a
 * progress this year; the others are counted apart. */
struct overview_progress {
	int    indicators;
	int    with_progress;
	double mean;          /* when with_progress > 0 */
};

struct overview_indicator {
	const char                *theme_id;
	const char                *goal_id;
	const char                *measure_id;
	const char                *measure_title;
	int                        number;
	const char                *text;
	enum resource_category     category;
	struct unit_ref           *responsible;
	size_t                     nresponsible;
	const struct report_row   *current;     /* NULL: not reported */
	const struct report_row   *last_year;   /* NULL: not reported */
	bool                       covered;     /* an active reporter account
	                                           reports on it */
	bool                       shown;       /* the filter keeps it */
};

/* A theme (level 0), goal (1) or measure (2), in the plan's order. */
struct overview_node {
	int                       level;
	const char               *id;
	const char               *title;
	struct overview_counts    counts;
	struct overview_progress  progress;
};

/* A unit of the plan, in the tree the plan's parents make: the units
 * are listed each followed by the units below it (depth first, in the
 * plan's order), so children come under their parent. */
struct overview_unit {
	const char  *id;
	const char  *name;
	bool         external;
	bool         collective;
	int          depth;        /* 0: no unit above it in the list (the
	                              list may start below the top: the
	                              unit filter) */
	const char  *parent_name;  /* the unit above it, or NULL */
	bool         has_below;    /* units of the plan are below it */
	int          indicators;   /* indicators it is responsible for */
	int          reported;     /* of those, reported this year */
	int          tree_indicators;  /* indicators it or a unit below it
	                                  (any depth) is responsible for,
	                                  each counted once */
	int          tree_reported;    /* of those, reported this year */
	const char **reporters;    /* the active reporter accounts of the unit */
	size_t       nreporters;
};

struct overview_reporter {
	const char *email;
	const char *last_login_at;   /* NULL: never */
};

struct overview {
	struct arena               arena;
	struct plan               *plan;        /* owned */
	struct report_sheet       *sheet;       /* owned */
	struct account_list       *accounts;    /* owned */
	int                        year;
	char                       deadline[16];  /* YYYY-MM-DD */
	bool                       overdue;     /* today is past the deadline */
	struct overview_indicator *items;       /* every indicator, plan order */
	size_t                     nitems;
	struct overview_counts     counts;      /* over the shown ones */
	struct overview_progress   progress;
	struct overview_node      *nodes;       /* the roll-up tree */
	size_t                     nnodes;
	struct overview_unit      *units;       /* the plan's units, as a tree
	                                           (the unit filter: that unit
	                                           and the units below it);
	                                           counted over the indicators
	                                           the theme and status filters
	                                           keep */
	size_t                     nunits;
	/* Health. */
	size_t                     no_unit;         /* indicators without a
	                                               responsible unit */
	size_t                     not_covered;     /* indicators no active
	                                               reporter reports on */
	struct overview_reporter  *absent;          /* reporters of the plan
	                                               not signed in this year */
	size_t                     nabsent;
	size_t                    *silent;          /* measures (indexes into
	                                               nodes) with no report
	                                               this year or last */
	size_t                     nsilent;
};

/* The overview of plan_id for year at today ("YYYY-MM-DD"), its lists
 * narrowed by f. DB_NOT_FOUND if there is no such plan. */
enum db_status db_overview(struct db *, const char *plan_id, int year,
    const struct overview_filter *f, const char *today, struct overview **out);
void overview_free(struct overview *);
/* ---- the audit trail a page at a time, plans and organisations for the
 * signed-in area (issue 7 §6, §3) ---- */

/* Which entries of the audit trail: every field NULL or "" is "any". */
struct audit_filter {
	const char *actor;        /* who: "web:EMAIL", "cli:USER" */
	const char *object_type;  /* "plan", "organisation", "account", … */
	const char *object_id;    /* one object (with object_type) */
	const char *plan;         /* a plan's own entries and those of every
	                             object whose id begins with "PLAN/" (a
	                             report "PLAN/MEASURE/N/YEAR") */
	int64_t     before;       /* only entries older than the one with
	                             this id (the next page); 0: the newest */
	bool        no_accounts;  /* leave out changes to accounts */
	size_t      limit;        /* entries on a page; 0: AUDIT_PAGE_SIZE */
};

/* One page of the audit trail, newest first, read through an index
 * whichever filter is given. *more says whether older entries match
 * (their page begins before the last entry's id). */
enum db_status db_audit_page(struct db *, const struct audit_filter *,
    struct audit_list **out, bool *more);

/* Every plan, drafts too, newest first: to choose one in a filter. */
struct plan_names {
	struct arena      arena;
	struct plan_name *items;   /* their arena is the list's */
	size_t            n;
};
enum db_status db_plan_names(struct db *, struct plan_names **out);
void plan_names_free(struct plan_names *);

/* Renames an organisation, audited ("rename", the name before and
 * after), and moves the data generation (public pages show the name).
 * The same name writes nothing. DB_NOT_FOUND if there is none. */
enum db_status db_organisation_rename(struct db *, const char *actor,
    const char *id, const char *name);

/* ---- issue 8: an organisation's look, the public status (public.c) ---- */

/* Sets how an organisation looks on its public pages: its logo's text
 * and accent colour "#RRGGBB" (NULL or "": none; the caller has checked
 * the colour, domain/colour.h). Audited ("brand", before and after), and
 * moves the data generation. The same values write nothing.
 * DB_NOT_FOUND if there is no such organisation. */
enum db_status db_organisation_brand(struct db *, const char *actor,
    const char *id, const char *logo_text, const char *accent);
/* An organisation's accent colour into accent ("#RRGGBB"). DB_NOT_FOUND
 * when there is no such organisation or it has none. */
enum db_status db_organisation_accent(struct db *, const char *id, char accent[8]);

/* Each indicator's current status for the public: the latest version of
 * its report in the latest year it was reported for. Only the status
 * and the year; comments and evaluations are never read here. */
struct public_status_item {
	char *measure_id;
	int   number;
	int   year;
	int   status;    /* enum report_status */
};
struct public_status {
	struct arena               arena;
	struct public_status_item *items;
	size_t                     n;
};
enum db_status db_public_status(struct db *, const char *plan_id,
    struct public_status **out);
/* The item of an indicator, or NULL (l may be NULL). */
const struct public_status_item *public_status_find(const struct public_status *l,
    const char *measure_id, int number);
void public_status_free(struct public_status *);
/* ---- the action card (cards.c; issue 8 §5) ----
 * One card per organisation (domain/card.h), stored whole as its
 * canonical JSON with a revision. Writing checks what it refers to
 * outside itself: its organisation, the units (the units register) and
 * the directory entries its steps link to. Every change is audited
 * (object "card", the organisation's id, the JSON before and after) and
 * moves the data generation (the card is a public page). */

/* A card refused for what it refers to: which card (an index into the
 * cards written), the JSON path and what is wrong. */
struct card_problem {
	size_t card;
	char   path[128];
	char   message[512];
};

/* A unit or directory entry a step links to, as the card shows it. */
struct card_link {
	char            *id;
	struct card_text name;    /* the unit's name (bokmål only), or the
	                             directory entry's in its languages */
	char            *phone;   /* the directory's phone number, stored form
	                             (help_phone_format shows it), or NULL; for a
	                             unit, its contact record's */
};

struct card_view {
	struct arena       arena;
	struct card       *card;          /* owned */
	char              *organisation_name;
	int                revision;
	char              *updated_at;
	char              *updated_by;
	/* Per step (card->nsteps): its units and directory entries, in the
	 * card's order, with their current names. */
	struct card_link **units;
	size_t            *nunits;
	struct card_link **services;
	size_t            *nservices;
};

/* The card of organisation org with its links resolved. DB_NOT_FOUND
 * when it has none. Caller frees with card_view_free. */
enum db_status db_card_get(struct db *, const char *org, struct card_view **out);
void card_view_free(struct card_view *);

/* Stores one card edited in the browser: it must be at revision base
 * (DB_CONFLICT otherwise, nothing written), its links are checked as on
 * import (DB_NOT_FOUND with *problem), and the audit row says change
 * ("edit step 2", "mark reviewed"). *revision gets its new revision. */
enum db_status db_card_put_checked(struct db *, const char *actor,
    const struct card *, int base, const char *change, int *revision,
    struct card_problem *problem);

/* Every organisation, with its card's revision (0: none) and whether it
 * is still a template: the coordinators' list. */
struct card_summary {
	char *organisation_id;
	char *organisation_name;
	int   revision;
	bool  is_template;
	char *updated_at;     /* NULL: no card */
};
struct card_list {
	struct arena         arena;
	struct card_summary *items;
	size_t               n;
};
enum db_status db_card_list(struct db *, struct card_list **out);
void card_list_free(struct card_list *);
/* ---- the help directory (help.c; issue 8 §1) ----
 *
 * Help services (domain/help.h): each stored as one record with a
 * version that grows by one with every change. A service whose unit is
 * set is that unit's contact record: the unit's page, the directory and
 * the action card all read the one record (db_help_by_unit). Every
 * change is audited (object type "service", the service's canonical JSON
 * before and after) and moves the data generation, so cached public pages
 * refresh. Lists are struct help_list (help.h), freed with
 * help_list_free; each service's version, unit_name and owner_name are
 * filled in. */

/* Every service that serves organisation org_id: its own (owner), those
 * listing it among the organisations they serve, and the national ones
 * (no owner). Ordered by rank, then bokmål name, then id. An unknown
 * organisation gets the national services only. */
enum db_status db_help_directory(struct db *, const char *org_id, struct help_list **out);

/* One service by id; DB_NOT_FOUND if there is none. */
enum db_status db_help_service_get(struct db *, const char *id, struct help_list **out);

/* The service that is the contact record of register unit unit_id (one
 * item); DB_NOT_FOUND if no service names that unit. */
enum db_status db_help_by_unit(struct db *, const char *unit_id, struct help_list **out);

/* The services an organisation keeps: owner NULL every service, owner ""
 * the national ones (no owner), else those owned by owner. Ordered by
 * owner (national first), rank, name, id. */
enum db_status db_help_list(struct db *, const char *owner, struct help_list **out);

/* Why a write was refused for what it names: the format's key of the
 * field at fault ("owner", "serves", "unit") and what is wrong. */
struct db_help_refusal {
	char field[32];
	char message[300];
};

/* Creates (base_version 0) or changes (base_version: the version the
 * editor read) service s, as done by actor, audited ("create" or
 * "update") in one transaction. s->version is ignored. Returns DB_OK
 * (*version, when not NULL, gets the new version; a change that changes
 * nothing writes nothing and keeps the version), DB_CONFLICT when
 * creating an id that is taken or changing a service someone else changed
 * since base_version, DB_NOT_FOUND when the service to change is gone,
 * DB_ERROR with why->field set when the owner, an organisation served or
 * the unit does not exist or the unit is another service's already (why
 * may be NULL; the message is also db_errmsg), DB_ERROR otherwise. The
 * caller has checked s with help_service_check. */
enum db_status db_help_service_put(struct db *, const char *actor,
    const struct help_service *s, int base_version, int *version,
    struct db_help_refusal *why);

/* Deletes service id if its version is still base_version (0: any),
 * audited ("delete"). DB_NOT_FOUND if there is none, DB_CONFLICT if it
 * changed since. */
enum db_status db_help_service_delete(struct db *, const char *actor,
    const char *id, int base_version);

/* Marks service id as verified on date ("YYYY-MM-DD"), audited
 * ("verify"), if its version is still base_version (0: any). DB_NOT_FOUND,
 * DB_CONFLICT as for delete. *version (may be NULL) gets the new one. */
enum db_status db_help_service_verify(struct db *, const char *actor,
    const char *id, const char *date, int base_version, int *version);

/* The action cards of an import (cards.c), written after the plans and
 * the services, so a card may link units and directory entries they
 * bring: cards[0..n), each replacing its organisation's card. results
 * and revisions (may be NULL) as for plans. A card naming an
 * organisation, unit or directory entry that does not exist refuses the
 * whole import: db_import answers DB_NOT_FOUND with *problem filled. */
struct db_card_import {
	struct card *const  *cards;
	size_t               n;
	enum db_put         *results;
	int                 *revisions;
	struct card_problem *problem;
};

/* What an import of services did. */
struct db_help_import {
	size_t created;
	size_t changed;
	size_t unchanged;
};

/* Imports plans[0..nplans) (as db_plans_put) and the services of
 * lists[0..nlists) (services files, help_json_parse; each list's source
 * names its file in messages) in one transaction: all or nothing. A
 * service replaces the one with its id (audited "import"; the same
 * content writes nothing); services not in the files are left alone.
 * The plans come first, so services may name organisations and units
 * the plans bring. A service naming an organisation or unit that does
 * not exist, or a unit another service has, refuses the whole import
 * with a message naming the file and JSON path ("FILE: $.services[3].unit:
 * no unit "x" in the units register"). results and revisions as for
 * db_plans_put; done (may be NULL) gets the services' counts. cards
 * (may be NULL) are the action cards to import with them. */
enum db_status db_import(struct db *, const char *actor,
    struct plan *const *plans, size_t nplans, enum db_put *results, int *revisions,
    struct help_list *const *lists, size_t nlists, struct db_help_import *done,
    const struct db_card_import *cards);

#endif

/* routes.h — the route table: every page and API address, as data with
 * named columns, matched before any database work, and the handlers
 * behind them.
 *
 * A route says where it is (a path pattern with named ":parameters"),
 * which methods it answers (405's Allow header is made from them), who
 * may open it (public, or a role: deny by default), whether its pages may
 * be kept in the shared page cache, how large a request body it accepts
 * and which form fields that body may hold (each with its kind in the
 * validator table, src/domain/valid.h). routes_check validates a whole
 * table; "tiltak serve" refuses to start when the table fails it. */
#ifndef TILTAK_ROUTES_H
#define TILTAK_ROUTES_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/valid.h"
#include "http/reply.h"
#include "http/url.h"
#include "limits.h"

struct request;

/* ---- methods ---- */

/* Request methods as bits, so that a route's methods are a set. */
enum http_method {
	HTTP_METHOD_OTHER = 0,         /* a method no route can allow */
	HTTP_GET          = 1u << 0,
	HTTP_HEAD         = 1u << 1,
	HTTP_POST         = 1u << 2,
	HTTP_PUT          = 1u << 3,
	HTTP_PATCH        = 1u << 4,
	HTTP_DELETE       = 1u << 5,
	HTTP_OPTIONS      = 1u << 6,
};
#define HTTP_METHODS_ALL  0x7fu
/* Reading: RFC 9110 9.1 makes HEAD a must wherever GET is. */
#define HTTP_METHODS_READ (HTTP_GET | HTTP_HEAD)
/* The methods whose request carries a body (a form) here. */
#define HTTP_METHODS_BODY (HTTP_POST | HTTP_PUT | HTTP_PATCH)

/* The method named by s (case-sensitive, RFC 9110 9.1), or
 * HTTP_METHOD_OTHER. */
enum http_method http_method_parse(const char *s);
/* Writes the Allow header for a set of methods ("GET, HEAD, POST") into
 * out (NUL-terminated; 64 bytes hold every method). Returns out. */
char *route_allow(unsigned methods, char *out, size_t outsz);

/* ---- parameters ---- */

/* The names a pattern's ":name" segments may have. Handlers read a
 * parameter by this id (req_param), so a misspelt name does not compile,
 * and routes_check refuses a pattern naming one that is not here. */
enum route_param {
	PARAM_PLAN,      /* :plan, a plan id */
	PARAM_THEME,     /* :theme */
	PARAM_MEASURE,   /* :measure */
	PARAM_UNIT,      /* :unit */
	PARAM_N,         /* :n, an indicator's number, or a plan's revision */
	PARAM_YEAR,      /* :year */
	PARAM_FILE,      /* :file, an embedded static file */
	PARAM_GOAL,      /* :goal (editing plans) */
	PARAM_CHAPTER,   /* :chapter (editing plans) */
	PARAM_ACCOUNT,   /* :account, an account's number (user administration) */
	PARAM_SERVICE,   /* :service, a help service's id (the help directory) */
	PARAM_HELP_ORG,  /* :helporg, an organisation's id (the help pages) */
	PARAM_AUDIENCE,  /* :audience, a way into the help pages by who you are */
	PARAM_ORG,       /* :org, an organisation's id (the action card) */
	PARAM__MAX
};

/* ---- access ---- */

/* Who may open a route. Ordered like enum role: each role may open what
 * the roles before it may (a coordinator may do what a reporter may);
 * everything but ACCESS_PUBLIC lies under SESSION_PATH (/admin), the
 * only path the session cookie is sent to (routes_check holds both). The zero
 * value is "not set", which routes_check refuses: a route is closed
 * unless it says otherwise. */
enum access {
	ACCESS_UNSET = 0,
	ACCESS_PUBLIC,        /* anyone, signed in or not */
	ACCESS_READER,        /* a signed-in user (issue 7) */
	ACCESS_REPORTER,      /* a unit leader reporting status */
	ACCESS_COORDINATOR,   /* edits plans */
	ACCESS_ADMIN,
	ACCESS__MAX
};

/* ---- caching ---- */

/* Whether a route's pages may be shared. The zero value is the safe one. */
enum route_cache {
	ROUTE_PRIVATE = 0,    /* never kept in the page cache; sent with
	                         "Cache-Control: private, no-store" */
	ROUTE_SHARED,         /* public pages: kept in the page cache (keyed
	                         by url_key) and revalidated by ETag. A request
	                         with a session is still answered privately. */
};

/* The query fields one route reads, NULL-terminated (at most
 * ROUTE_CACHE_FIELDS - 1). */
#define ROUTE_CACHE_FIELDS 6

/* ---- form fields ---- */

/* One field a route's request body may hold. */
struct route_field {
	const char       *name;      /* NULL ends a list */
	enum valid_kind   kind;      /* its validator (valid.h) */
	bool              required;
	bool              many;      /* may be sent more than once (checkboxes) */
};

/* ---- routes ---- */

/* A handler fills the reply; its comment lists the statuses it answers. */
typedef void route_fn(struct request *, struct reply *);

struct route {
	/* "/", or "/" and segments joined by "/": a literal segment is
	 * lower-case letters, digits and '-'; ":name" is a parameter
	 * (enum route_param) matching any one non-empty segment. At most
	 * ROUTE_SEGMENTS_MAX segments and ROUTE_PARAMS_MAX parameters; no
	 * empty segment, so "/plans/" is not "/plans". Where two patterns
	 * match one path, a literal segment wins over a parameter. */
	const char               *pattern;
	unsigned                  methods;   /* enum http_method bits */
	enum access               access;
	enum route_cache          cache;
	/* The query fields the handler reads (req_query returns no other),
	 * NULL-terminated; on a shared route each is part of the cache key,
	 * so "?q=a" and "?q=b" are two pages and "?x=1" changes nothing. */
	const char               *cache_query[ROUTE_CACHE_FIELDS];
	/* A shared page's longest life in the page cache, for pages that
	 * show what moves without the data generation (the reported status:
	 * CACHE_STATUS_TTL_MS); 0: until the generation moves. */
	unsigned                  cache_ttl_ms;
	size_t                    body_max;  /* request body bytes; 0: none */
	const struct route_field *fields;    /* the form's fields, or NULL */
	route_fn                 *handler;
};

enum route_id {
	ROUTE_HOME,
	ROUTE_PLANS,
	ROUTE_PLAN,
	ROUTE_INDICATORS,
	ROUTE_THEME,
	ROUTE_MEASURE,
	ROUTE_UNITS,
	ROUTE_UNIT,
	ROUTE_SEARCH,
	ROUTE_STATEMENT,
	ROUTE_API_PLAN,
	ROUTE_STATIC,
	ROUTE_LOGIN,
	ROUTE_ADMIN,
	ROUTE_LOGOUT,
	ROUTE_PASSWORD,        /* one's own password (h_users.c) */
	/* the yearly report (h_report.c) */
	ROUTE_REPORT,
	ROUTE_REPORT_PLAN,
	ROUTE_REPORT_HISTORY,
	/* the coordinator's overview (h_overview.c) */
	ROUTE_OVERVIEW,
	ROUTE_OVERVIEW_PLAN,
	/* Editing plans (issue 7 §7): the plan list and a new plan, a plan's
	 * overview, its settings and status, and for each kind of item a
	 * form to add one, a form to edit one, a confirmation to delete one
	 * and a move. */
	ROUTE_EDIT_PLANS,
	ROUTE_EDIT_PLAN,
	ROUTE_EDIT_SETTINGS,
	ROUTE_EDIT_STATUS,
	ROUTE_THEME_ADD,
	ROUTE_THEME_EDIT,
	ROUTE_THEME_DELETE,
	ROUTE_THEME_MOVE,
	ROUTE_GOAL_ADD,
	ROUTE_GOAL_EDIT,
	ROUTE_GOAL_DELETE,
	ROUTE_GOAL_MOVE,
	ROUTE_MEASURE_ADD,
	ROUTE_MEASURE_EDIT,
	ROUTE_MEASURE_DELETE,
	ROUTE_MEASURE_MOVE,
	ROUTE_INDICATOR_ADD,
	ROUTE_INDICATOR_EDIT,
	ROUTE_INDICATOR_DELETE,
	ROUTE_INDICATOR_MOVE,
	ROUTE_UNIT_ADD,
	ROUTE_UNIT_EDIT,
	ROUTE_UNIT_DELETE,
	ROUTE_UNIT_MOVE,
	ROUTE_CHAPTER_ADD,
	ROUTE_CHAPTER_EDIT,
	ROUTE_CHAPTER_DELETE,
	ROUTE_CHAPTER_MOVE,
	ROUTE_STEP_ADD,
	ROUTE_STEP_EDIT,
	ROUTE_STEP_DELETE,
	ROUTE_STEP_MOVE,
	ROUTE_OVERARCHING_ADD,
	ROUTE_OVERARCHING_EDIT,
	ROUTE_OVERARCHING_DELETE,
	ROUTE_OVERARCHING_MOVE,
	/* ---- the audit trail (issue 7 §6) ---- */
	ROUTE_AUDIT,
	ROUTE_AUDIT_PLAN,
	ROUTE_AUDIT_USER,
	ROUTE_AUDIT_OBJECT,
	ROUTE_AUDIT_COMPARE,
	ROUTE_AUDIT_REVISION,
	/* ---- user administration (issue 7 §3) ---- */
	ROUTE_USERS,
	ROUTE_USER_NEW,
	ROUTE_USER,
	ROUTE_USER_PASSWORD,
	ROUTE_USER_DISABLE,
	ROUTE_USER_ENABLE,
	ROUTE_ORGS,
	/* ---- public pages of issue 8 (h_public.c) ---- */
	ROUTE_HIDE_VISIT,
	ROUTE_ABOUT_VIOLENCE,
	ROUTE_ORG_STYLE,
	ROUTE_ROBOTS,
	/* ---- the help directory's editor (issue 8 §1; h_services.c) ---- */
	ROUTE_SERVICES,
	ROUTE_SERVICE_NEW,
	ROUTE_SERVICE,
	ROUTE_SERVICE_VERIFY,
	ROUTE_SERVICE_DELETE,
	/* ---- the public help pages (issue 8 §2) ---- */
	ROUTE_HELP,
	ROUTE_HELP_WAY,
	/* ---- the action card (issue 8 §5; h_card.c, h_card_admin.c) ---- */
	ROUTE_CARD,
	ROUTE_CARD_PRINT,
	ROUTE_CARD_PDF,
	ROUTE_CARDS_ADMIN,
	ROUTE_CARD_ADMIN,
	ROUTE_CARD_SETTINGS,
	ROUTE_CARD_REVIEWED,
	ROUTE_CARD_STEP_ADD,
	ROUTE_CARD_STEP_EDIT,
	ROUTE_CARD_STEP_DELETE,
	ROUTE_CARD_STEP_MOVE,
	ROUTE__MAX
};

/* tiltak's routes, indexed by enum route_id. */
extern const struct route routes[ROUTE__MAX];

/* Checks every route of table[0..n): a pattern that parses within the
 * limits, naming known parameters once each and unlike every other
 * route's; methods, only known ones, HEAD exactly where GET is; an access
 * other than ACCESS_UNSET; a shared cache only on public routes; body_max
 * at most HTTP_BODY_MAX and only with a method that carries a body; form
 * fields only where a body is accepted, each named once with a known
 * kind; a handler. Returns true, or false with the first problem, naming
 * the route by index and pattern, in msg (NUL-terminated). */
bool routes_check(const struct route *table, size_t n, char *msg, size_t msgsz);

/* The route of table[0..n) whose pattern matches url's path, or NULL;
 * fills param[] (indexed by enum route_param; NULL where the pattern has
 * no such parameter) with pointers into url's segments. The table must
 * have passed routes_check. */
const struct route *route_match(const struct route *table, size_t n,
    const struct url *url, const char *param[PARAM__MAX]);

/* Whether req may open its route: public routes, always; any other
 * route needs a session whose role reaches the route's access. */
bool route_permits(const struct route *rt, const struct request *req);
/* The least role (enum role, domain/account.h) that may open a route of
 * access a (ROLE__MAX for ACCESS_UNSET and ACCESS_PUBLIC). */
int access_role(enum access a);

/* Whether req's answer may be kept in, and served from, the shared page
 * cache: the route is shared and the request has no session. */
bool route_shared(const struct route *rt, const struct request *req);

#endif

/* test_access.c — who may open what: every route of the route table
 * (src/http/routes.c) × every role and no session, through the real
 * server (issue 7 §3). The matrix below has one entry per route, indexed
 * by enum route_id: a route added without an entry fails this test.
 *
 * Denied means: without a session, a read is sent to sign in (303 to
 * /login?next=…) and a form is refused (403, "not signed in"); with a
 * session whose role is too low, 403 "your role does not give access".
 * Allowed is any other answer (a handler may still say 400 or 404 for
 * the sample request, which is not a question of access). And visitors
 * never see a draft plan. */
#include "integration/signin.h"

#include "http/routes.h"

/* Who may open a route: the least level, 0 for everyone. */
enum level { L_PUBLIC, L_READER, L_REPORTER, L_COORDINATOR, L_ADMIN, L__MAX };

struct entry {
	const char *method;     /* "GET" or "POST" */
	const char *path;       /* a sample address */
	enum level  least;
	const char *body;       /* a POST's fields after csrf, or NULL */
	bool        ends_session;  /* signing out: tried last */
};

#define UNIT "bodo-barneverntjenesten"
#define ED "/admin/plans/" BODO
#define THEME "overordnede-tiltak"
#define GOAL "plan-kjent-og-implementert"
#define MEASURE "sikre-ressurser-og-koordinering"

static const struct entry matrix[ROUTE__MAX] = {
	[ROUTE_HOME]       = {"GET", "/", L_PUBLIC, NULL, false},
	[ROUTE_PLANS]      = {"GET", "/plans", L_PUBLIC, NULL, false},
	[ROUTE_PLAN]       = {"GET", "/plans/" BODO, L_PUBLIC, NULL, false},
	[ROUTE_INDICATORS] = {"GET", "/plans/" BODO "/indicators", L_PUBLIC, NULL, false},
	[ROUTE_THEME]      = {"GET", "/plans/" BODO "/themes/overordnede-tiltak", L_PUBLIC, NULL, false},
	[ROUTE_MEASURE]    = {"GET", "/plans/" BODO "/measures/sikre-ressurser-og-koordinering", L_PUBLIC, NULL, false},
	[ROUTE_UNITS]      = {"GET", "/units", L_PUBLIC, NULL, false},
	[ROUTE_UNIT]       = {"GET", "/units/" UNIT, L_PUBLIC, NULL, false},
	[ROUTE_SEARCH]     = {"GET", "/search?q=vold", L_PUBLIC, NULL, false},
	[ROUTE_STATEMENT]  = {"GET", "/tilgjengelighet", L_PUBLIC, NULL, false},
	[ROUTE_API_PLAN]   = {"GET", "/api/plans/" BODO, L_PUBLIC, NULL, false},
	[ROUTE_STATIC]     = {"GET", "/static/style.css", L_PUBLIC, NULL, false},
	[ROUTE_LOGIN]      = {"GET", "/login", L_PUBLIC, NULL, false},
	[ROUTE_ADMIN]      = {"GET", "/admin", L_READER, NULL, false},
	[ROUTE_LOGOUT]     = {"POST", "/admin/logout", L_READER, "", true},
	/* One's own password: every role. The sample is the page, so the
	 * walk neither changes a password nor counts a failed sign-in. */
	[ROUTE_PASSWORD]   = {"GET", "/admin/password", L_READER, NULL, false},
	/* The yearly report: every role reads; who may save is the
	 * handler's (tests/integration/test_reports.c). */
	[ROUTE_REPORT]     = {"GET", "/admin/report", L_READER, NULL, false},
	[ROUTE_REPORT_PLAN] = {"GET", "/admin/report/" BODO, L_READER, NULL, false},
	[ROUTE_REPORT_HISTORY] = {"GET", "/admin/report/" BODO "/foreldre/14", L_READER,
	    NULL, false},
	[ROUTE_OVERVIEW]   = {"GET", "/admin/overview", L_READER, NULL, false},
	[ROUTE_OVERVIEW_PLAN] = {"GET", "/admin/overview/" BODO, L_READER, NULL, false},
	/* Editing plans: the coordinator's organisation owns Bodø's plan.
	 * The forms are sent at revision 0 (the plan is at 1), so they are
	 * refused as stale (409) and change nothing. */
	[ROUTE_EDIT_PLANS] = {"GET", "/admin/plans", L_COORDINATOR, NULL, false},
	[ROUTE_EDIT_PLAN]  = {"GET", ED, L_COORDINATOR, NULL, false},
	[ROUTE_EDIT_SETTINGS] = {"POST", ED "/settings", L_COORDINATOR, "revision=0&title=X&period_start=2022", false},
	[ROUTE_EDIT_STATUS] = {"GET", ED "/status", L_COORDINATOR, NULL, false},
	[ROUTE_THEME_ADD]    = {"GET", ED "/add-theme", L_COORDINATOR, NULL, false},
	[ROUTE_THEME_EDIT]   = {"POST", ED "/themes/" THEME, L_COORDINATOR, "revision=0&title=X", false},
	[ROUTE_THEME_DELETE] = {"GET", ED "/themes/" THEME "/delete", L_COORDINATOR, NULL, false},
	[ROUTE_THEME_MOVE]   = {"POST", ED "/themes/" THEME "/move", L_COORDINATOR, "revision=0&to=1", false},
	[ROUTE_GOAL_ADD]     = {"POST", ED "/themes/" THEME "/add-goal", L_COORDINATOR, "revision=0&text=X", false},
	[ROUTE_GOAL_EDIT]    = {"GET", ED "/goals/" GOAL, L_COORDINATOR, NULL, false},
	[ROUTE_GOAL_DELETE]  = {"POST", ED "/goals/" GOAL "/delete", L_COORDINATOR, "revision=0", false},
	[ROUTE_GOAL_MOVE]    = {"POST", ED "/goals/" GOAL "/move", L_COORDINATOR, "revision=0&to=1", false},
	[ROUTE_MEASURE_ADD]  = {"GET", ED "/goals/" GOAL "/add-measure", L_COORDINATOR, NULL, false},
	[ROUTE_MEASURE_EDIT] = {"GET", ED "/measures/" MEASURE, L_COORDINATOR, NULL, false},
	[ROUTE_MEASURE_DELETE] = {"GET", ED "/measures/" MEASURE "/delete", L_COORDINATOR, NULL, false},
	[ROUTE_MEASURE_MOVE] = {"POST", ED "/measures/" MEASURE "/move", L_COORDINATOR, "revision=0&to=1", false},
	[ROUTE_INDICATOR_ADD] = {"POST", ED "/measures/" MEASURE "/add-indicator", L_COORDINATOR, "revision=0&text=X&resource_category=unknown", false},
	[ROUTE_INDICATOR_EDIT] = {"GET", ED "/measures/" MEASURE "/indicators/1", L_COORDINATOR, NULL, false},
	[ROUTE_INDICATOR_DELETE] = {"POST", ED "/measures/" MEASURE "/indicators/1/delete", L_COORDINATOR, "revision=0", false},
	[ROUTE_INDICATOR_MOVE] = {"POST", ED "/measures/" MEASURE "/indicators/1/move", L_COORDINATOR, "revision=0&to=2", false},
	[ROUTE_UNIT_ADD]     = {"GET", ED "/add-unit", L_COORDINATOR, NULL, false},
	[ROUTE_UNIT_EDIT]    = {"POST", ED "/units/" UNIT, L_COORDINATOR, "revision=0&name=X&kind=internal", false},
	[ROUTE_UNIT_DELETE]  = {"GET", ED "/units/" UNIT "/delete", L_COORDINATOR, NULL, false},
	[ROUTE_UNIT_MOVE]    = {"POST", ED "/units/" UNIT "/move", L_COORDINATOR, "revision=0&to=1", false},
	[ROUTE_CHAPTER_ADD]  = {"POST", ED "/add-chapter", L_COORDINATOR, "revision=0&title=X&body=Y", false},
	[ROUTE_CHAPTER_EDIT] = {"GET", ED "/chapters/forord", L_COORDINATOR, NULL, false},
	[ROUTE_CHAPTER_DELETE] = {"GET", ED "/chapters/forord/delete", L_COORDINATOR, NULL, false},
	[ROUTE_CHAPTER_MOVE] = {"POST", ED "/chapters/forord/move", L_COORDINATOR, "revision=0&to=2", false},
	[ROUTE_STEP_ADD]     = {"GET", ED "/add-step", L_COORDINATOR, NULL, false},
	[ROUTE_STEP_EDIT]    = {"POST", ED "/steps/1", L_COORDINATOR, "revision=0&what=X&who=Y", false},
	[ROUTE_STEP_DELETE]  = {"POST", ED "/steps/1/delete", L_COORDINATOR, "revision=0", false},
	[ROUTE_STEP_MOVE]    = {"POST", ED "/steps/1/move", L_COORDINATOR, "revision=0&to=2", false},
	[ROUTE_OVERARCHING_ADD] = {"POST", ED "/add-overarching-goal", L_COORDINATOR, "revision=0&title=X&text=Y", false},
	[ROUTE_OVERARCHING_EDIT] = {"GET", ED "/overarching-goals/1", L_COORDINATOR, NULL, false},
	[ROUTE_OVERARCHING_DELETE] = {"POST", ED "/overarching-goals/1/delete", L_COORDINATOR, "revision=0", false},
	[ROUTE_OVERARCHING_MOVE] = {"POST", ED "/overarching-goals/1/move", L_COORDINATOR, "revision=0&to=2", false},
	/* The audit trail (issue 7 §6). */
	[ROUTE_AUDIT]      = {"GET", "/admin/audit?type=plan", L_COORDINATOR, NULL, false},
	[ROUTE_AUDIT_PLAN] = {"GET", "/admin/audit/plan/" BODO, L_COORDINATOR, NULL, false},
	[ROUTE_AUDIT_USER] = {"GET", "/admin/audit/user?actor=cli%3Aroot", L_COORDINATOR, NULL, false},
	[ROUTE_AUDIT_OBJECT] = {"GET", "/admin/audit/object?type=plan&id=" BODO, L_COORDINATOR, NULL, false},
	[ROUTE_AUDIT_COMPARE] = {"GET", "/admin/audit/plan/" BODO "/compare?from=1&to=1", L_COORDINATOR, NULL, false},
	[ROUTE_AUDIT_REVISION] = {"GET", "/admin/audit/plan/" BODO "/revisions/1", L_COORDINATOR, NULL, false},
	/* User administration (issue 7 §3): the forms are sent with a value
	 * that is refused, or for an account that does not exist, so that
	 * the walk changes nothing. */
	[ROUTE_USERS]      = {"GET", "/admin/users", L_ADMIN, NULL, false},
	[ROUTE_USER_NEW]   = {"POST", "/admin/users/new", L_ADMIN, "email=x&role=reader&password=p&password2=p", false},
	[ROUTE_USER]       = {"GET", "/admin/users/1", L_ADMIN, NULL, false},
	[ROUTE_USER_PASSWORD] = {"POST", "/admin/users/1/password", L_ADMIN, "password=short&password2=short", false},
	[ROUTE_USER_DISABLE] = {"POST", "/admin/users/999/disable", L_ADMIN, "", false},
	[ROUTE_USER_ENABLE] = {"POST", "/admin/users/999/enable", L_ADMIN, "", false},
	[ROUTE_ORGS]       = {"GET", "/admin/organisations", L_ADMIN, NULL, false},
	/* Public pages of issue 8. */
	[ROUTE_HIDE_VISIT] = {"GET", "/skjul-besok", L_PUBLIC, NULL, false},
	[ROUTE_ABOUT_VIOLENCE] = {"GET", "/om-vold", L_PUBLIC, NULL, false},
	/* No seeded organisation has an accent colour: 404, which is no
	 * question of access. */
	[ROUTE_ORG_STYLE]  = {"GET", "/static/org/bodo.css", L_PUBLIC, NULL, false},
	[ROUTE_ROBOTS]     = {"GET", "/robots.txt", L_PUBLIC, NULL, false},
	/* The help directory's editor: coordinators and administrators.
	 * The forms are incomplete (400) or name no service (404), so the
	 * walk changes nothing. */
	[ROUTE_SERVICES]   = {"GET", "/admin/services", L_COORDINATOR, NULL, false},
	[ROUTE_SERVICE_NEW] = {"POST", "/admin/services/new", L_COORDINATOR,
	    "version=0&id=x", false},
	[ROUTE_SERVICE]    = {"GET", "/admin/services/none-such", L_COORDINATOR, NULL, false},
	[ROUTE_SERVICE_VERIFY] = {"POST", "/admin/services/none-such/verify", L_COORDINATOR,
	    "version=1", false},
	[ROUTE_SERVICE_DELETE] = {"GET", "/admin/services/none-such/delete", L_COORDINATOR,
	    NULL, false},
	/* The public help pages (issue 8 §2). */
	[ROUTE_HELP]       = {"GET", "/hjelp/bodo", L_PUBLIC, NULL, false},
	[ROUTE_HELP_WAY]   = {"GET", "/hjelp/bodo/for/voksne", L_PUBLIC, NULL, false},
	/* The action card: public pages; coordinators edit (the card is at
	 * revision 1: forms sent at revision 0 are refused as stale, 409). */
	[ROUTE_CARD]       = {"GET", "/tiltakskort/bodo", L_PUBLIC, NULL, false},
	[ROUTE_CARD_PRINT] = {"GET", "/tiltakskort/bodo/utskrift", L_PUBLIC, NULL, false},
	[ROUTE_CARD_PDF]   = {"GET", "/tiltakskort/bodo/pdf", L_PUBLIC, NULL, false},
	[ROUTE_CARDS_ADMIN] = {"GET", "/admin/cards", L_COORDINATOR, NULL, false},
	[ROUTE_CARD_ADMIN] = {"GET", "/admin/cards/bodo", L_COORDINATOR, NULL, false},
	[ROUTE_CARD_SETTINGS] = {"POST", "/admin/cards/bodo/settings", L_COORDINATOR,
	    "revision=0&title_nb=X", false},
	[ROUTE_CARD_REVIEWED] = {"POST", "/admin/cards/bodo/reviewed", L_COORDINATOR,
	    "revision=0", false},
	[ROUTE_CARD_STEP_ADD] = {"GET", "/admin/cards/bodo/add-step", L_COORDINATOR, NULL, false},
	[ROUTE_CARD_STEP_EDIT] = {"POST", "/admin/cards/bodo/steps/1", L_COORDINATOR,
	    "revision=0&heading_nb=X&action_nb=Y", false},
	[ROUTE_CARD_STEP_DELETE] = {"GET", "/admin/cards/bodo/steps/1/delete", L_COORDINATOR,
	    NULL, false},
	[ROUTE_CARD_STEP_MOVE] = {"POST", "/admin/cards/bodo/steps/1/move", L_COORDINATOR,
	    "revision=0&to=2", false},
};

static const char *const level_name[L__MAX] = {"no session", "reader", "reporter",
    "coordinator", "admin"};
static const char *const level_email[L__MAX] = {NULL, "reader@bodo.kommune.no",
    "reporter@bodo.kommune.no", "coordinator@bodo.kommune.no",
    "admin@bodo.kommune.no"};

/* Whether the response r to e, sent as level, says "denied". */
static bool
denied(const struct entry *e, enum level as, const struct http_response *r)
{
	if (as == L_PUBLIC) {
		if (strcmp(e->method, "GET") == 0) {
			const char *loc = r->status == 303 ? http_header(r, "Location") : NULL;
			return loc != NULL && strncmp(loc, "/login?next=", 12) == 0;
		}
		return r->status == 403 && strstr(r->body, "ikke logget inn") != NULL;
	}
	return r->status == 403 && strstr(r->body, "gir ikke tilgang") != NULL;
}

static void
every_route_times_every_role(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROUTE__MAX; i++)
		if (matrix[i].path == NULL)
			fail_msg("route %zu (enum route_id) has no entry in the access "
			    "matrix of %s: add one", i, __FILE__);
	char *db = new_db(root, "access");
	import_ok(db, BODO_FILE);
	struct cmd *ci = tiltak(NULL, "import", "--db", db, "data/services/national.json",
	    "data/services/bodo.json", "data/cards/bodo.json", NULL);
	assert_exit(ci, 0);
	user_add(db, "reader", level_email[L_READER], NULL);
	user_add(db, "reporter", level_email[L_REPORTER], "--unit", UNIT, NULL);
	user_add(db, "coordinator", level_email[L_COORDINATOR], "--org", "bodo", NULL);
	user_add(db, "admin", level_email[L_ADMIN], NULL);
	struct server *s = server_start(db);
	struct signin sess[L__MAX];
	for (int l = L_READER; l < L__MAX; l++)
		sign_in(s->port, level_email[l], TEST_PASSWORD, &sess[l]);

	size_t checked = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ROUTE__MAX; i++) {
			const struct entry *e = &matrix[i];
			if (e->ends_session != (pass == 1))
				continue;
			for (int l = 0; l < L__MAX; l++) {
				const struct signin *si = l == L_PUBLIC ? NULL : &sess[l];
				struct http_response *r;
				if (strcmp(e->method, "POST") == 0)
					r = post_as(s->port, si, e->path, si ?
					    form_with_csrf(si, e->body) : S("csrf=x&%s", e->body));
				else
					r = get_as(s->port, si, e->path);
				bool want_denied = (int)e->least > l;
				if (denied(e, (enum level)l, r) != want_denied)
					fail_msg("%s %s as %s: status %d, expected %s\n%.600s",
					    e->method, e->path, level_name[l], r->status,
					    want_denied ? "denied" : "allowed", r->body);
				if (!want_denied && r->status >= 500)
					fail_msg("%s %s as %s: status %d", e->method, e->path,
					    level_name[l], r->status);
				checked++;
			}
		}
	}
	assert_int_equal(checked, (size_t)ROUTE__MAX * L__MAX);
	server_stop(s);
}

/* Visitors see adopted (and replaced) plans only: a draft is on no
 * public page, in no search and in no unit's list until it is adopted. */
static void
drafts_are_not_public(void **state)
{
	(void)state;
	char *db = new_db(root, "drafts");
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_object_set_new(p, "status", json_string("draft"));
	char *file = S("%s/draft.json", root);
	write_json(file, p);
	import_ok(db, file);
	import_ok(db, BODO_FILE);
	struct server *s = server_start(db);
	assert_not_contains(get_status(s->port, "/", 200)->body, "Testplan Alfa");
	get_status(s->port, "/plans/" SMALL, 404);
	get_status(s->port, "/plans/" SMALL "/themes/forebygging", 404);
	get_status(s->port, "/plans/" SMALL "/measures/kurs", 404);
	get_status(s->port, "/plans/" SMALL "/indicators", 404);
	get_status(s->port, "/api/plans/" SMALL, 404);
	get_status(s->port, "/units/testby-barnevern", 404);
	assert_not_contains(get_status(s->port, "/units", 200)->body, "testby-barnevern");
	assert_int_equal(search_hits(s->port, "samtalegrupper"), 0);
	server_stop(s);
	/* Adopted, it is public everywhere. */
	json_object_set_new(p, "status", json_string("adopted"));
	write_json(file, p);
	import_ok(db, file);
	s = server_start(db);
	assert_contains(get_status(s->port, "/", 200)->body, "Testplan Alfa");
	get_status(s->port, "/plans/" SMALL, 200);
	get_status(s->port, "/units/testby-barnevern", 200);
	assert_true(search_hits(s->port, "samtalegrupper") > 0);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_route_times_every_role, teardown),
		cmocka_unit_test_teardown(drafts_are_not_public, teardown),
	};
	return cmocka_run_group_tests_name("access", tests, group_setup, group_teardown);
}

/* test_public.c — issue 8's public pages through the real server: how to
 * hide a visit and what violence is (bokmål, short, 112 as a tel: link,
 * linked from every public page); an organisation's look, set by an
 * administrator (accent colour refused unless white text on it reaches
 * 4.5:1, audited) and shown on its plan pages through /static/org/ID.css;
 * and the adopted plan's status for the public: each indicator's latest
 * reported status with its year and a summary, never a comment or an
 * evaluation, seen within the status pages' cache life after a save. On
 * both backends. */
#include "integration/signin.h"

#include "limits.h"

#define ADMIN "admin@bodo.kommune.no"
#define COORD "koordinator@bodo.kommune.no"
#define LOOKS "/admin/organisations"

static struct http_response *
post_ok(int port, const struct signin *s, const char *target, const char *fields,
    int status)
{
	struct http_response *r = post_as(port, s, target, form_with_csrf(s, fields));
	if (r->status != status)
		fail_msg("POST %s (%s): status %d, expected %d\n%.3000s", target, fields,
		    r->status, status, r->body);
	return r;
}

static void
hide_and_violence_pages(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *r = page_ok(s->port, "/skjul-besok");
	assert_contains(r->body, "<html lang=\"nb\">");
	assert_contains(r->body, "<h1>Slik skjuler du besøket</h1>");
	assert_contains(r->body, "privat vindu");
	assert_contains(r->body, "ikke hele loggen");          /* selectively */
	assert_contains(r->body, "stalkerware");
	assert_contains(r->body, "Ingen nettside kan fjerne alle spor");
	assert_contains(r->body, "<a href=\"tel:112\" class=\"tel\">112</a>");
	assert_contains(r->body, ">Forlat siden</a>");
	r = page_ok(s->port, "/om-vold");
	assert_contains(r->body, "<h1>Hva er vold?</h1>");
	static const char *const kinds[] = {"Fysisk vold", "Seksuell vold",
	    "Psykisk vold", "Sosial vold", "Økonomisk vold", "Trusler om vold"};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		assert_contains(r->body, S("<dt>%s</dt>", kinds[i]));
	assert_contains(r->body, "Barn som ser eller hører vold");
	assert_contains(r->body, "<a href=\"tel:112\" class=\"tel\">112</a>");
	/* Linked from the footer of every public page, the error page too. */
	static const char *const pages[] = {"/", "/plans/" BODO, "/units",
	    "/tilgjengelighet", "/skjul-besok", "/om-vold", "/search?q=vold"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		r = page_ok(s->port, pages[i]);
		const char *foot = strstr(r->body, "<footer");
		assert_non_null(foot);
		assert_contains(foot, "<a href=\"/skjul-besok\">Slik skjuler du besøket</a>");
		assert_contains(foot, "<a href=\"/om-vold\">Hva er vold?</a>");
	}
	r = get_status(s->port, "/nothing-here", 404);
	assert_contains(r->body, "href=\"/skjul-besok\"");
	assert_contains(r->body, "id=\"leave\"");
	server_stop(s);
}

static void
organisation_look(void **state)
{
	(void)state;
	char *db = new_db(root, "look");
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	struct server *s = server_start(db);
	struct signin admin, coord;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);

	/* None set: the site's look, no organisation stylesheet. */
	struct http_response *r = page_ok(s->port, "/plans/" BODO);
	assert_not_contains(r->body, "/static/org/");
	assert_contains(r->body, "<a class=\"brand\" href=\"/\">Bodø kommune</a>");
	get_status(s->port, "/static/org/bodo.css", 404);
	long long gen = generation(db);

	r = get_as(s->port, &admin, LOOKS);
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "name=\"accent.bodo\"");
	assert_contains(r->body, "name=\"logo.bodo\"");

	/* Refused, with the reason at the field and nothing written. */
	r = post_ok(s->port, &admin, LOOKS, "logo.bodo=Bod%C3%B8&accent.bodo=%23ffcc00", 400);
	assert_field_error(r->body, "accent.bodo", "for lys");
	assert_field_error(r->body, "accent.bodo", "4,5:1");
	assert_contains(r->body, "value=\"#ffcc00\"");   /* what was typed */
	r = post_ok(s->port, &admin, LOOKS, "accent.bodo=blue", 400);
	assert_field_error(r->body, "accent.bodo", "#0062BA");
	r = post_ok(s->port, &admin, LOOKS, "accent.bodo=%23777777", 400);  /* 4.48:1 */
	assert_field_error(r->body, "accent.bodo", "4,48:1");
	r = post_ok(s->port, &admin, LOOKS, S("logo.bodo=%0100x", 0), 400);
	r = post_ok(s->port, &admin, LOOKS, S("logo.bodo=%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 400);
	assert_field_error(r->body, "logo.bodo", "80");
	post_ok(s->port, &admin, LOOKS, "accent.nowhere=%23000000", 404);
	post_ok(s->port, &admin, LOOKS, "accent.bodo=%23000000&name.bodo=X", 400);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM organisation WHERE "
	    "accent IS NOT NULL OR logo_text IS NOT NULL"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action = 'brand'"), 0);
	assert_int_equal(generation(db), gen);
	/* Only administrators. */
	assert_int_equal(post_as(s->port, &coord, LOOKS, form_with_csrf(&coord,
	    "accent.bodo=%23000000"))->status, 403);

	/* Saved: audited, the generation moves, the plan pages show it. */
	r = post_ok(s->port, &admin, LOOKS, "logo.bodo=Bod%C3%B8+kommune+%E2%80%93+"
	    "Handlingsplan&accent.bodo=%231A5276", 303);
	assert_string_equal(header(r, "Location"), LOOKS "?done=bodo&look=1");
	r = get_as(s->port, &admin, LOOKS "?done=bodo&look=1");
	assert_contains(r->body, "Utseendet til Bodø kommune er lagret");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action = 'brand' "
	    "AND object_id = 'bodo' AND actor = 'web:" ADMIN "'"), 1);
	assert_true(generation(db) > gen);
	static const char *const own[] = {"/plans/" BODO,
	    "/plans/" BODO "/themes/overordnede-tiltak",
	    "/plans/" BODO "/measures/foreldre"};
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		r = page_ok(s->port, own[i]);
		assert_contains(r->body, "<link rel=\"stylesheet\" href=\"/static/org/bodo.css\">");
		assert_contains(r->body, "<a class=\"brand\" href=\"/\">Bodø kommune – Handlingsplan</a>");
	}
	r = page_ok(s->port, "/plans/" BALS);   /* another organisation's */
	assert_not_contains(r->body, "/static/org/");
	r = get_status(s->port, "/static/org/bodo.css", 200);
	assert_string_equal(header(r, "Content-Type"), "text/css; charset=utf-8");
	assert_contains(r->body, ":root { --accent: #1A5276; }");
	check_security(r, "/static/org/bodo.css");
	get_status(s->port, "/static/org/balsfjord.css", 404);
	get_status(s->port, "/static/org/bodo", 404);
	get_status(s->port, "/static/org/..%2Fstyle.css", 404);
	get_status(s->port, "/static/org/nowhere.css", 404);

	/* The same again writes nothing; clearing the colour removes it. */
	post_ok(s->port, &admin, LOOKS, "logo.bodo=Bod%C3%B8+kommune+%E2%80%93+"
	    "Handlingsplan&accent.bodo=%231A5276", 303);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action = 'brand'"), 1);
	post_ok(s->port, &admin, LOOKS, "accent.bodo=", 303);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action = 'brand'"), 2);
	await_fresh();
	get_status(s->port, "/static/org/bodo.css", 404);
	r = page_ok(s->port, "/plans/" BODO);
	assert_not_contains(r->body, "/static/org/");
	assert_contains(r->body, "Bodø kommune – Handlingsplan</a>");   /* the logo stays */
	/* Renaming still works beside it. */
	post_ok(s->port, &admin, LOOKS, "name.bodo=Bod%C3%B8+kommune", 303);
	server_stop(s);
}

static void
status_for_the_public(void **state)
{
	(void)state;
	char *db = new_db(root, "status");
	import_ok(db, BODO_FILE);
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	struct server *s = server_start(db);
	struct signin coord;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	struct http_response *r = page_ok(s->port, "/plans/" BODO);
	assert_contains(r->body, "Det er ennå ikke rapportert status");
	r = page_ok(s->port, "/plans/" BODO "/measures/foreldre");
	assert_contains(r->body, "<th scope=\"col\">Status</th>");
	assert_contains(r->body, "Ikke rapportert");

	int year = bodo_year();
	/* Last year one status, this year another for the same indicator:
	 * the latest year's counts. */
	post_ok(s->port, &coord, "/admin/report/" BODO, S("year=%d&status.foreldre.1="
	    "delayed&version.foreldre.1=0&comment.foreldre.1=HEMMELIG-KOMMENTAR-1", year - 1),
	    303);
	post_ok(s->port, &coord, "/admin/report/" BODO, S("year=%d&status.foreldre.1=done"
	    "&version.foreldre.1=0&comment.foreldre.1=HEMMELIG-KOMMENTAR-2&evaluation."
	    "foreldre.1=HEMMELIG-EVALUERING&status.foreldre.2=in_progress&version."
	    "foreldre.2=0&progress.foreldre.2=40", year), 303);
	/* A page cached before the save is served for at most its cache
	 * life (CACHE_STATUS_TTL_MS): then the status shows. */
	usleep((CACHE_STATUS_TTL_MS + 300) * 1000);
	r = page_ok(s->port, "/plans/" BODO "/measures/foreldre");
	const char *row = strstr(r->body, "id=\"indicator-foreldre-1\"");
	assert_non_null(row);
	const char *end = strstr(row, "</tr>");
	char *one = S("%.*s", (int)(end - row), row);
	assert_contains(one, "<span class=\"state\">Gjennomført</span>");
	assert_contains(one, S("rapportert for %d", year));
	row = strstr(r->body, "id=\"indicator-foreldre-2\"");
	assert_non_null(row);
	assert_contains(row, "<span class=\"state\">Pågår</span>");
	r = page_ok(s->port, "/plans/" BODO);
	assert_contains(r->body, S("2 av 103 måleindikatorer er rapportert, for %d.", year));
	assert_contains(r->body, "<li>Gjennomført: 1</li>");
	assert_contains(r->body, "<li>Ikke rapportert: 101</li>");
	assert_contains(page_ok(s->port, "/plans/" BODO "/themes/overordnede-tiltak")->body,
	    "<th scope=\"col\">Status</th>");
	/* Never a comment or an evaluation, on any public page. */
	static const char *const pub[] = {"/plans/" BODO, "/plans/" BODO "/measures/foreldre",
	    "/plans/" BODO "/indicators", "/api/plans/" BODO, "/search?q=HEMMELIG",
	    "/units/bodo-barneverntjenesten"};
	for (size_t i = 0; i < sizeof(pub) / sizeof(pub[0]); i++) {
		r = get(s->port, pub[i]);
		assert_int_equal(r->status, 200);
		assert_not_contains(r->body, "KOMMENTAR");
		assert_not_contains(r->body, "EVALUERING");
	}
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(hide_and_violence_pages, teardown),
		cmocka_unit_test_teardown(organisation_look, teardown),
		cmocka_unit_test_teardown(status_for_the_public, teardown),
	};
	return cmocka_run_group_tests_name("public", tests, group_setup, group_teardown);
}

/* test_reports.c — the yearly report through the real server (issue 7
 * §4 and §8): a reporter signs in and lands on the page of exactly its
 * units' indicators with the deadline, saves the whole page at once, and
 * sees what it saved; errors come back with what was typed and a message
 * next to the field; a report saved by someone else meanwhile comes back
 * with both texts and a choice; readers read and cannot save; and every
 * hostile form is answered with a clear message and leaves the database
 * as it was. On both backends. */
#include "integration/signin.h"

#define UNIT "bodo-barneverntjenesten"
#define REPORTER "leder@bodo.kommune.no"
#define COORD "koordinator@bodo.kommune.no"
#define OTHER_COORD "koordinator@balsfjord.kommune.no"
#define READER "leser@bodo.kommune.no"
#define PAGE "/admin/report/" BODO
/* Two of the unit's indicators, and one of another unit's. */
#define MINE1 "foreldre.14"
#define MINE2 "minoritetsbakgrunn.1"
#define NOT_MINE "foreldre.1"

struct world {
	char          *db;
	struct server *s;
	struct signin  reporter, coord, other, reader;
};

static void
fill_world(const char *db)
{
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	user_add(db, "reporter", REPORTER, "--unit", UNIT, NULL);
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	user_add(db, "coordinator", OTHER_COORD, "--org", "balsfjord", NULL);
	user_add(db, "reader", READER, NULL);
}

static void
world(struct world *w, const char *name)
{
	w->db = new_db_filled(root, name, fill_world);
	w->s = server_start(w->db);
	sign_in(w->s->port, REPORTER, TEST_PASSWORD, &w->reporter);
	sign_in(w->s->port, COORD, TEST_PASSWORD, &w->coord);
	sign_in(w->s->port, OTHER_COORD, TEST_PASSWORD, &w->other);
	sign_in(w->s->port, READER, TEST_PASSWORD, &w->reader);
}

static struct http_response *
post_page(const struct world *w, const struct signin *who, const char *fields)
{
	return post_as(w->s->port, who, PAGE, form_with_csrf(who, S("year=%d&%s",
	    bodo_year(), fields)));
}

static void
reporter_flow(void **state)
{
	(void)state;
	struct world w;
	world(&w, "flow");
	int port = w.s->port;
	int year = bodo_year();

	/* Signing in leads to the report page: no click on the way. */
	struct http_response *r = login_post(port, REPORTER, TEST_PASSWORD, NULL, NULL);
	expect(r, 303, "sign in");
	assert_string_equal(header(r, "Location"), "/admin/report");
	r = get_as(port, &w.reporter, "/admin/report");
	expect(r, 303, "the report list of a reporter with one plan");
	assert_string_equal(header(r, "Location"), PAGE);

	r = get_as(port, &w.reporter, PAGE);
	expect(r, 200, "the report page");
	check_page(r, "the report page");
	assert_contains(r->body, S("Årsrapport %d", year));
	assert_contains(r->body, S("Frist: 1. september %d", year));
	/* Exactly the unit's indicators, each in its own fieldset: its own
	 * and those of the collective roles that apply to every Bodø unit
	 * (Virksomhetsledere, Virksomhetene: docs/data-notes.md), not those
	 * of Kommunaldirektørene, a role whose units the plan does not name. */
	long long mine = sql_int(w.db, "SELECT count(*) FROM (SELECT DISTINCT measure_id,"
	    " number FROM indicator_unit WHERE plan_id = '" BODO "' AND unit_id IN ('" UNIT
	    "', 'bodo-virksomhetsledere', 'bodo-virksomhetene')) x");
	long long own = sql_int(w.db, "SELECT count(*) FROM (SELECT DISTINCT measure_id,"
	    " number FROM indicator_unit WHERE plan_id = '" BODO "' AND unit_id = '" UNIT
	    "') x");
	assert_true(own >= 2 && mine >= own + 10);
	assert_int_equal(count_substr(r->body, "<fieldset class=\"report-item"), mine);
	assert_contains(r->body, "name=\"status." MINE1 "\"");
	assert_not_contains(r->body, "name=\"status." NOT_MINE "\"");
	assert_contains(r->body, "name=\"status.rutiner-ved-avdekking.1\"");
	assert_not_contains(r->body, "name=\"status.sikre-ressurser-og-koordinering.1\"");
	assert_contains(r->body, "<legend>Status</legend>");
	assert_contains(r->body, "Ikke startet");
	assert_contains(r->body, "Videreført i ordinær drift");

	/* The whole page in one POST; an untouched indicator is not saved. */
	r = post_page(&w, &w.reporter, "status." MINE1 "=in_progress&progress." MINE1
	    "=40&comment." MINE1 "=" "To+kurs+holdt&evaluation." MINE1 "=Fungerte+godt&version."
	    MINE1 "=0&status." MINE2 "=done&version." MINE2 "=0&version.barnehage-og-skole.4=0");
	expect(r, 303, "saving the page");
	const char *loc = header(r, "Location");
	assert_string_equal(loc, S(PAGE "?year=%d&saved=2", year));
	assert_int_equal(reports(w.db), 2002);
	r = get_as(port, &w.reporter, loc);
	expect(r, 200, "after saving");
	assert_contains(r->body, "Lagret: 2 rapporter.");
	assert_contains(r->body, "Nå: Pågår, versjon 1, lagret av " REPORTER);
	assert_contains(r->body, "To kurs holdt");
	assert_contains(r->body, "Fungerte godt");

	/* The same page again changes nothing. */
	r = post_page(&w, &w.reporter, "status." MINE1 "=in_progress&progress." MINE1
	    "=40&comment." MINE1 "=To+kurs+holdt&evaluation." MINE1 "=Fungerte+godt&version."
	    MINE1 "=1");
	expect(r, 303, "saving it unchanged");
	assert_string_equal(header(r, "Location"), S(PAGE "?year=%d&saved=0", year));
	assert_int_equal(reports(w.db), 2002);

	/* A change is a new version; the history keeps both. */
	r = post_page(&w, &w.reporter, "status." MINE1 "=done&progress." MINE1
	    "=100&comment." MINE1 "=Alle+kurs+holdt&version." MINE1 "=1");
	expect(r, 303, "changing a report");
	assert_int_equal(reports(w.db), 3003);
	r = get_as(port, &w.reporter, "/admin/report/" BODO "/foreldre/14");
	expect(r, 200, "history");
	check_page(r, "history");
	assert_contains(r->body, "Alle kurs holdt");
	assert_contains(r->body, "To kurs holdt");
	assert_contains(r->body, "Versjon 2");
	assert_contains(r->body, "Versjon 1");
	/* Not another unit's history. */
	expect(get_as(port, &w.reporter, "/admin/report/" BODO "/foreldre/1"), 403,
	    "another unit's history");

	/* The next year's page (the year before here) shows last year's
	 * report beside each indicator with its status chosen. */
	if (year > 2022) {
		r = post_as(port, &w.reporter, PAGE, form_with_csrf(&w.reporter,
		    S("year=%d&status." MINE2 "=delayed&comment." MINE2 "=Utsatt&version."
		    MINE2 "=0", year - 1)));
		expect(r, 303, "last year's report");
		r = get_as(port, &w.reporter, S(PAGE "?year=%d", year));
		assert_contains(r->body, S("I fjor (%d)", year - 1));
		assert_contains(r->body, "Utsatt");
		r = get_as(port, &w.reporter, S(PAGE "?year=%d", year - 1));
		expect(r, 200, "last year's page");
		assert_contains(r->body, S("Årsrapport %d", year - 1));
	}
	/* A year with no page. */
	expect(get_as(port, &w.reporter, PAGE "?year=2030"), 400, "a year after the plan");
	expect(get_as(port, &w.reporter, PAGE "?year=x"), 400, "a year that is not one");
	expect(get_as(port, &w.reporter, "/admin/report/no-such-plan"), 404, "no plan");
	server_stop(w.s);
}

static void
last_years_status_is_chosen(void **state)
{
	(void)state;
	struct world w;
	world(&w, "preselect");
	int year = bodo_year();
	if (year == 2022) {
		fprintf(stderr, "# SKIP the plan's first year has no year before it\n");
		server_stop(w.s);
		skip();
	}
	expect(post_as(w.s->port, &w.reporter, PAGE, form_with_csrf(&w.reporter,
	    S("year=%d&status." MINE2 "=ongoing&version." MINE2 "=0", year - 1))), 303,
	    "last year");
	struct http_response *r = get_as(w.s->port, &w.reporter, PAGE);
	/* The radio of last year's status is checked; no other is. */
	assert_contains(r->body, "id=\"status." MINE2 "-ongoing\" name=\"status." MINE2
	    "\" value=\"ongoing\" checked");
	assert_contains(r->body, "Fjorårets status er valgt");
	assert_int_equal(count_substr(r->body, "checked"), 1);
	server_stop(w.s);
}

static void
errors_come_back_with_what_was_typed(void **state)
{
	(void)state;
	struct world w;
	world(&w, "errors");
	long long before = reports(w.db);
	/* A fødselsnummer split in groups, a progress over 100, a comment
	 * without a status, and a typed text on a good indicator. */
	struct http_response *r = post_page(&w, &w.reporter,
	    "status." MINE1 "=in_progress&progress." MINE1 "=150&comment." MINE1
	    "=Samtale+med+%C3%A6+%3Cb%3E+010203+12560&version." MINE1 "=0"
	    "&comment." MINE2 "=Uten+status&version." MINE2 "=0");
	expect(r, 400, "errors");
	check_page(r, "errors");
	assert_int_equal(reports(w.db), before);
	/* The summary links to each field; each message is next to it. */
	assert_contains(r->body, "error-summary");
	assert_contains(r->body, "href=\"#comment." MINE1 "\"");
	assert_contains(r->body, "id=\"comment." MINE1 "-error\"");
	assert_contains(r->body, "fødselsnummer");
	assert_contains(r->body, "personopplysninger om voldsutsatte");
	assert_contains(r->body, "id=\"progress." MINE1 "-error\"");
	assert_contains(r->body, "«150» er ikke et gyldig tall (prosent) fra 0 til 100");
	assert_contains(r->body, "id=\"status." MINE2 "-error\"");
	assert_contains(r->body, "Velg en status");
	/* What was typed, escaped, and the status chosen. */
	assert_contains(r->body, "Samtale med æ &lt;b&gt; 010203 12560");
	assert_contains(r->body, "value=\"150\"");
	assert_contains(r->body, "Uten status");
	assert_contains(r->body, "value=\"in_progress\" checked");
	/* A D-number and other separators too. */
	r = post_page(&w, &w.reporter, "status." MINE1 "=done&evaluation." MINE1
	    "=D-nr+41.02.03-123.92&version." MINE1 "=0");
	expect(r, 400, "a D-number");
	assert_contains(r->body, "id=\"evaluation." MINE1 "-error\"");
	assert_int_equal(reports(w.db), before);
	server_stop(w.s);
}

static void
a_concurrent_edit_is_a_choice(void **state)
{
	(void)state;
	struct world w;
	world(&w, "conflict");
	int port = w.s->port;
	/* Both open the page (version 0); the reporter saves first. */
	expect(post_page(&w, &w.reporter, "status." MINE1 "=in_progress&comment." MINE1
	    "=Rapportorens+tekst&version." MINE1 "=0"), 303, "the first save");
	long long after_first = reports(w.db);
	/* The coordinator's page was based on version 0. */
	struct http_response *r = post_page(&w, &w.coord, "status." MINE1
	    "=delayed&comment." MINE1 "=Koordinatorens+tekst&version." MINE1 "=0"
	    "&status." MINE2 "=done&version." MINE2 "=0");
	expect(r, 409, "the second save");
	check_page(r, "conflict");
	assert_int_equal(reports(w.db), after_first);   /* nothing, not even MINE2 */
	assert_contains(r->body, "Ingenting ble lagret");
	assert_contains(r->body, "Rapportorens tekst");      /* theirs */
	assert_contains(r->body, "Koordinatorens tekst");    /* mine, in the field */
	assert_contains(r->body, "name=\"choice." MINE1 "\"");
	/* The page now builds on version 1. */
	assert_contains(r->body, "name=\"version." MINE1 "\" value=\"1\"");

	/* Take theirs: that indicator is left alone, the rest is saved. */
	r = post_page(&w, &w.coord, "status." MINE1 "=delayed&comment." MINE1
	    "=Koordinatorens+tekst&version." MINE1 "=1&choice." MINE1 "=theirs"
	    "&status." MINE2 "=done&version." MINE2 "=0");
	expect(r, 303, "take theirs");
	assert_int_equal(sql_int(w.db, "SELECT max(version) FROM report WHERE measure_id"
	    " = 'foreldre' AND number = 14"), 1);
	assert_int_equal(sql_int(w.db, "SELECT count(*) FROM report WHERE measure_id"
	    " = 'minoritetsbakgrunn'"), 1);
	/* Keep mine: a new version on top of theirs, which stays. */
	r = post_page(&w, &w.coord, "status." MINE1 "=delayed&comment." MINE1
	    "=Koordinatorens+tekst&version." MINE1 "=1&choice." MINE1 "=mine");
	expect(r, 303, "keep mine");
	assert_int_equal(sql_int(w.db, "SELECT max(version) FROM report WHERE measure_id"
	    " = 'foreldre' AND number = 14"), 2);
	r = get_as(port, &w.reader, "/admin/report/" BODO "/foreldre/14");
	assert_contains(r->body, "Koordinatorens tekst");
	assert_contains(r->body, "Rapportorens tekst");
	server_stop(w.s);
}

static void
readers_read(void **state)
{
	(void)state;
	struct world w;
	world(&w, "readers");
	int port = w.s->port;
	expect(post_page(&w, &w.reporter, "status." MINE1 "=done&comment." MINE1
	    "=Lest+av+alle&version." MINE1 "=0"), 303, "a report");
	/* A reader sees every indicator's report, and no form. */
	struct http_response *r = get_as(port, &w.reader, PAGE);
	expect(r, 200, "reader");
	assert_contains(r->body, "Lest av alle");
	assert_contains(r->body, "rollen din gir ikke lov til å endre dem");
	assert_not_contains(r->body, "name=\"status.");
	r = get_as(port, &w.reader, "/admin/report");
	expect(r, 200, "the reader's list");
	assert_contains(r->body, "href=\"/admin/report/" BODO "\"");
	assert_contains(r->body, "href=\"/admin/report/" BALS "\"");
	/* A coordinator of another organisation reads but cannot save. */
	r = get_as(port, &w.other, PAGE);
	expect(r, 200, "another organisation's coordinator");
	assert_not_contains(r->body, "name=\"status.");
	/* The plan's own coordinator has every indicator as a form. */
	r = get_as(port, &w.coord, PAGE);
	assert_int_equal(count_substr(r->body, "<fieldset class=\"report-item"),
	    sql_int(w.db, "SELECT count(*) FROM indicator WHERE plan_id = '" BODO "'"));
	server_stop(w.s);
}

/* A hostile form: answered status with a message containing want, and
 * nothing written. */
static void
refused(struct world *w, const struct signin *who, const char *target, const char *body,
    int status, const char *want, const char *what)
{
	long long before = reports(w->db);
	struct http_response *r = post_as(w->s->port, who, target, body);
	expect(r, status, what);
	if (want != NULL && strstr(r->body, want) == NULL)
		fail_msg("%s: expected \"%s\" in:\n%.3000s", what, want, r->body);
	if (reports(w->db) != before)
		fail_msg("%s: the database changed", what);
}

static void
hostile_forms_write_nothing(void **state)
{
	(void)state;
	struct world w;
	world(&w, "hostile");
	int year = bodo_year();
	const char *good = S("year=%d&status." MINE1 "=done&version." MINE1 "=0", year);
	expect(post_page(&w, &w.reporter, "status." MINE2 "=done&version." MINE2 "=0"), 303,
	    "a first report");

	/* Oversized fields: a comment over its limit (the form again, with
	 * the limit), a body over the route's (413). */
	size_t big = 2001;
	char *longtext = keep(xmalloc(big + 1), free);
	memset(longtext, 'x', big);
	longtext[big] = '\0';
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("%s&comment." MINE1
	    "=%s", good, longtext)), 400, "2001 byte", "an oversized comment");
	{
		/* Declared: answered before the body is sent. */
		long long before = reports(w.db);
		struct http_conn c;
		if (http_connect(&c, w.s->port) != 0)
			fail_msg("cannot connect");
		char *head = S("POST " PAGE " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
		    "close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: %u\r\nCookie: %s\r\n\r\n", 1024u * 1024 + 10,
		    w.reporter.cookie);
		struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
		if (http_send_str(&c, head) != 0 || http_read_response(&c, r, false) != 0)
			fail_msg("an oversized body: no response");
		http_close(&c);
		expect(r, 413, "an oversized body");
		assert_int_equal(reports(w.db), before);
	}

	/* CSRF: none, a wrong one, and another session's (replayed). */
	refused(&w, &w.reporter, PAGE, good, 403, NULL, "no CSRF token");
	refused(&w, &w.reporter, PAGE, S("csrf=x&%s", good), 403, NULL, "a wrong token");
	refused(&w, &w.reporter, PAGE, S("csrf=%s&%s", form_escape(w.coord.csrf), good),
	    403, NULL, "another session's token");
	/* Without a session. */
	refused(&w, NULL, PAGE, S("csrf=%s&%s", form_escape(w.reporter.csrf), good), 403,
	    NULL, "no session");

	/* An indicator outside the reporter's units, or none at all. */
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("%s&status." NOT_MINE
	    "=done&version." NOT_MINE "=0", good)), 403, "ikke rapporterer på",
	    "another unit's indicator");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("%s&comment.nope.9="
	    "x", good)), 403, "ikke rapporterer på", "an indicator that does not exist");
	/* Unknown fields and statuses, years out of range. */
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("%s&owner=me", good)),
	    400, "owner", "an unknown field");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("year=%d&status."
	    MINE1 "=finished&version." MINE1 "=0", year)), 400, "finished",
	    "an unknown status");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, "year=2031&status."
	    MINE1 "=done&version." MINE1 "=0"), 400, "2022 til", "a year after the plan");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, "year=2021&status."
	    MINE1 "=done&version." MINE1 "=0"), 400, "2022 til", "a year before the plan");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, "year=99999&status."
	    MINE1 "=done&version." MINE1 "=0"), 400, NULL, "a year that is no year");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, "status." MINE1
	    "=done&version." MINE1 "=0"), 400, NULL, "no year");
	/* Versions: one that never was, a stale one, none. */
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("year=%d&status."
	    MINE1 "=done&version." MINE1 "=5", year)), 400, "ikke finnes",
	    "a version that never was");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("year=%d&status."
	    MINE2 "=delayed&version." MINE2 "=0", year)), 409, "Ingenting ble lagret",
	    "a stale version");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("year=%d&status."
	    MINE1 "=done", year)), 400, NULL, "no version");
	refused(&w, &w.reporter, PAGE, form_with_csrf(&w.reporter, S("%s&progress." MINE1
	    "=-1", good)), 400, NULL, "a negative progress");
	/* Roles: a reader, another organisation's coordinator. */
	refused(&w, &w.reader, PAGE, form_with_csrf(&w.reader, good), 403, "lese",
	    "a reader");
	refused(&w, &w.other, PAGE, form_with_csrf(&w.other, good), 403,
	    "egne organisasjoner", "another organisation's coordinator");
	/* The good form still works. */
	expect(post_as(w.s->port, &w.reporter, PAGE, form_with_csrf(&w.reporter, good)),
	    303, "the good form");
	server_stop(w.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(reporter_flow, teardown),
		cmocka_unit_test_teardown(last_years_status_is_chosen, teardown),
		cmocka_unit_test_teardown(errors_come_back_with_what_was_typed, teardown),
		cmocka_unit_test_teardown(a_concurrent_edit_is_a_choice, teardown),
		cmocka_unit_test_teardown(readers_read, teardown),
		cmocka_unit_test_teardown(hostile_forms_write_nothing, teardown),
	};
	return cmocka_run_group_tests_name("reports", tests, group_setup, group_teardown);
}

/* test_parents.c — a unit with units below it (issue 7 §1 and §5), on
 * the fixture with parents (units-plan.json: Helse og omsorg with two
 * units below it, Helsestasjonen and Skolehelsetjenesten, and
 * Småbarnsteamet below Helsestasjonen). The leader of a parent unit reads
 * on its report page what the units below carry, with each one's status
 * and which unit reported it, and cannot report on it; the overview
 * lists the units as the plan's tree, a parent counting its whole branch,
 * and readers see what coordinators see. Every figure is worked out from
 * the fixture and what the test saved. On both backends. */
#include "integration/signin.h"

#define PLAN     UNITS
#define REPORT   "/admin/report/" PLAN
#define OVERVIEW "/admin/overview/" PLAN
#define LEAD     "leder@enhetsby.kommune.no"          /* Helse og omsorg */
#define STASJON  "helsestasjon@enhetsby.kommune.no"   /* Helsestasjonen */
#define SKOLE    "skolehelse@enhetsby.kommune.no"     /* Skolehelsetjenesten */
#define SMABARN  "smabarn@enhetsby.kommune.no"        /* Småbarnsteamet */
#define COORD    "koordinator@enhetsby.kommune.no"
#define READER   "leser@enhetsby.kommune.no"

/* The fixture's indicators (all of measure "oppfolging"), by who is
 * responsible:
 *   1 Helsestasjonen            5 Kommunaldirektørene (a role for Helse)
 *   2 Helsestasjonen, politiet  6 Skolehelsetjenesten
 *   3 Helse og omsorg           7 Småbarnsteamet
 *   4 Virksomhetsledere (a role for every unit), politiet
 *   8 Småbarnsteamet, Skolehelsetjenesten
 * Saved by the world: 1 done (Helsestasjonen's reporter), 8 in progress
 * at 40 % (Småbarnsteamet's), 6 done (Skolehelsetjenesten's). */

struct world {
	char          *db;
	struct server *s;
	struct signin  lead, stasjon, skole, smabarn, coord, reader;
};

/* The year the plan (2024–2027) is reported for today. */
static int
units_year(void)
{
	return plan_year(2024, 2027);
}

static struct http_response *
post_report(const struct world *w, const struct signin *who, const char *fields)
{
	return post_as(w->s->port, who, REPORT, form_with_csrf(who, S("year=%d&%s",
	    units_year(), fields)));
}

static void
world(struct world *w, const char *name)
{
	w->db = new_db(root, name);
	import_ok(w->db, UNITS_FILE);
	user_add(w->db, "reporter", LEAD, "--unit", "enhetsby-helse", NULL);
	user_add(w->db, "reporter", STASJON, "--unit", "enhetsby-helsestasjon", NULL);
	user_add(w->db, "reporter", SKOLE, "--unit", "enhetsby-skolehelse", NULL);
	user_add(w->db, "reporter", SMABARN, "--unit", "enhetsby-smabarn", NULL);
	user_add(w->db, "coordinator", COORD, "--org", "enhetsby", NULL);
	user_add(w->db, "reader", READER, NULL);
	w->s = server_start(w->db);
	int port = w->s->port;
	sign_in(port, LEAD, TEST_PASSWORD, &w->lead);
	sign_in(port, STASJON, TEST_PASSWORD, &w->stasjon);
	sign_in(port, SKOLE, TEST_PASSWORD, &w->skole);
	sign_in(port, SMABARN, TEST_PASSWORD, &w->smabarn);
	sign_in(port, COORD, TEST_PASSWORD, &w->coord);
	sign_in(port, READER, TEST_PASSWORD, &w->reader);
	expect(post_report(w, &w->stasjon, "status.oppfolging.1=done&version.oppfolging.1=0"),
	    303, "Helsestasjonen's report");
	expect(post_report(w, &w->smabarn, "status.oppfolging.8=in_progress"
	    "&progress.oppfolging.8=40&version.oppfolging.8=0"), 303, "Småbarnsteamet's report");
	expect(post_report(w, &w->skole, "status.oppfolging.6=done&version.oppfolging.6=0"),
	    303, "Skolehelsetjenesten's report");
	assert_int_equal(sql_int(w->db, "SELECT count(*) FROM report"), 3);
}

/* The part of body from the first "from" up to the next "to" (or the
 * end); fails if there is no "from". */
static const char *
part(const char *body, const char *from, const char *to, const char *what)
{
	const char *a = strstr(body, from);
	if (a == NULL)
		fail_msg("%s: no \"%s\" in:\n%.3000s", what, from, body);
	const char *b = strstr(a, to);
	return S("%.*s", (int)(b ? b - a : (ptrdiff_t)strlen(a)), a);
}

/* The i-th <td>…</td> of a row, its label left out. */
static const char *
cell(const char *row, int i)
{
	const char *c = row_cell(row, i), *label = strstr(c, "</span>");
	return label != NULL ? label + strlen("</span>") : c;
}

#define ALL_DONE "<span class=\"tag tag-ok\">alt rapportert</span>"
#define NOT_ALL  "<span class=\"tag tag-missing\">ikke alt rapportert</span>"

/* ==== the report page ==== */

static void
a_parent_reads_what_its_units_below_carry(void **state)
{
	(void)state;
	struct world w;
	world(&w, "report");
	int port = w.s->port, year = units_year();

	struct http_response *r = get_as(port, &w.lead, REPORT);
	expect(r, 200, "the parent's report page");
	check_page(r, "the parent's report page");
	/* Its own form: Helse og omsorg's 3, and 4 and 5 through the roles
	 * that apply to it; no field of the units below it. */
	const char *form = part(r->body, "<form method=\"post\" action=\"" REPORT "\"",
	    "</form>", "the parent's form");
	assert_int_equal(count_substr(form, "<fieldset class=\"report-item"), 3);
	for (int n = 3; n <= 5; n++)
		assert_contains(form, S("name=\"status.oppfolging.%d\"", n));
	static const int below[] = {1, 2, 6, 7, 8};
	for (size_t i = 0; i < sizeof(below) / sizeof(below[0]); i++)
		assert_not_contains(r->body, S("name=\"status.oppfolging.%d\"", below[i]));
	assert_contains(r->body, "<a href=\"#below\">");

	/* After the form, read-only: the five indicators of the three units
	 * below it (8 once, though two of them carry it). */
	const char *sec = part(r->body, "<section class=\"below\"", "</section>", "below");
	assert_true(strstr(r->body, form) + strlen(form) < strstr(r->body,
	    "<section class=\"below\""));
	assert_contains(sec, "<h2 id=\"below\">Underliggende enheter</h2>");
	assert_contains(sec, "men ikke endre dem");
	assert_int_equal(count_substr(sec, "<th scope=\"row\""), 5);
	assert_not_contains(sec, "<input");
	assert_not_contains(sec, "<textarea");
	assert_contains(sec, S("3 av 5 indikatorer er rapportert for %d.", year));
	assert_contains(sec, S("<th scope=\"col\">Status %d</th>", year));
	/* In the plan's order, each with the unit below that carries it,
	 * its status, and which unit reported it. */
	const char *at = sec;
	for (size_t i = 0; i < sizeof(below) / sizeof(below[0]); i++) {
		const char *link = S("href=\"/admin/report/" PLAN "/oppfolging/%d\"", below[i]);
		const char *next = strstr(at, link);
		if (next == NULL)
			fail_msg("indicator %d is not listed after the one before it:\n%s",
			    below[i], sec);
		at = next;
	}
	const char *row = row_with(sec, "oppfolging/1\"", "indicator 1");
	assert_string_equal(cell(row, 0), "Helsestasjonen");
	assert_string_equal(cell(row, 1), "Gjennomført");
	assert_contains(cell(row, 2), "Helsestasjonen <span class=\"muted\">(" STASJON ", ");
	row = row_with(sec, "oppfolging/2\"", "indicator 2");
	assert_string_equal(cell(row, 0), "Helsestasjonen");   /* not the police */
	assert_string_equal(cell(row, 1), "<span class=\"tag tag-missing\">ikke rapportert</span>");
	assert_string_equal(cell(row, 2), "–");
	row = row_with(sec, "oppfolging/6\"", "indicator 6");
	assert_string_equal(cell(row, 0), "Skolehelsetjenesten");
	assert_contains(cell(row, 2), "Skolehelsetjenesten <span class=\"muted\">(" SKOLE ", ");
	row = row_with(sec, "oppfolging/7\"", "indicator 7");
	assert_string_equal(cell(row, 0), "Småbarnsteamet");
	assert_string_equal(cell(row, 2), "–");
	row = row_with(sec, "oppfolging/8\"", "indicator 8");
	assert_string_equal(cell(row, 0), "Småbarnsteamet, Skolehelsetjenesten");
	assert_string_equal(cell(row, 1), "Pågår (40 % fullført)");
	/* Reported by Småbarnsteamet's reporter: its unit, not the other. */
	assert_contains(cell(row, 2), "Småbarnsteamet <span class=\"muted\">(" SMABARN ", ");
	/* The history of an indicator below is there to read. */
	r = get_as(port, &w.lead, "/admin/report/" PLAN "/oppfolging/8");
	expect(r, 200, "the history of an indicator below");
	assert_contains(r->body, "Pågår");

	/* Helsestasjonen has Småbarnsteamet below it: 7 and 8, not its own 1
	 * and 2, and not Skolehelsetjenesten's 6, whose history it cannot
	 * open. */
	r = get_as(port, &w.stasjon, REPORT);
	expect(r, 200, "Helsestasjonen's page");
	sec = part(r->body, "<section class=\"below\"", "</section>", "Helsestasjonen's below");
	assert_int_equal(count_substr(sec, "<th scope=\"row\""), 2);
	assert_contains(sec, "oppfolging/7\"");
	assert_contains(sec, "oppfolging/8\"");
	assert_contains(sec, S("1 av 2 indikatorer er rapportert for %d.", year));
	assert_contains(r->body, "name=\"status.oppfolging.1\"");
	expect(get_as(port, &w.stasjon, "/admin/report/" PLAN "/oppfolging/7"), 200,
	    "the history of an indicator below Helsestasjonen");
	r = get_as(port, &w.stasjon, "/admin/report/" PLAN "/oppfolging/6");
	expect(r, 403, "the history of a sibling's indicator");
	assert_contains(r->body, "Verken enhetene dine eller enhetene under dem");

	/* Units with nothing below them, and coordinators, have no such part. */
	r = get_as(port, &w.smabarn, REPORT);
	expect(r, 200, "Småbarnsteamet's page");
	assert_not_contains(r->body, "id=\"below\"");
	r = get_as(port, &w.coord, REPORT);
	expect(r, 200, "the coordinator's page");
	assert_not_contains(r->body, "id=\"below\"");
	assert_int_equal(count_substr(r->body, "<fieldset class=\"report-item"), 8);
	server_stop(w.s);
}

/* A hostile form: answered 403 with want in it, and nothing written. */
static void
refused(struct world *w, const struct signin *who, const char *fields, const char *what)
{
	long long before = reports(w->db);
	struct http_response *r = post_report(w, who, fields);
	expect(r, 403, what);
	assert_contains(r->body, "ikke rapporterer på");
	if (reports(w->db) != before)
		fail_msg("%s: the database changed", what);
}

static void
a_parent_cannot_report_for_the_units_below(void **state)
{
	(void)state;
	struct world w;
	world(&w, "refused");
	/* A child's indicator, with the version the page showed. */
	refused(&w, &w.lead, "status.oppfolging.1=delayed&version.oppfolging.1=1",
	    "a child's indicator");
	/* A grandchild's, not reported yet. */
	refused(&w, &w.lead, "status.oppfolging.7=done&version.oppfolging.7=0",
	    "a grandchild's indicator");
	/* With one of its own: the whole page is refused, its own too. */
	refused(&w, &w.lead, "status.oppfolging.3=done&version.oppfolging.3=0"
	    "&status.oppfolging.8=done&version.oppfolging.8=1", "its own and a grandchild's");
	assert_int_equal(sql_int(w.db, "SELECT count(*) FROM report WHERE number = 3"), 0);
	assert_int_equal(sql_int(w.db, "SELECT max(version) FROM report WHERE number = 1"), 1);
	/* Its own alone is saved. */
	expect(post_report(&w, &w.lead, "status.oppfolging.3=done&version.oppfolging.3=0"),
	    303, "its own indicator");
	assert_int_equal(sql_int(w.db, "SELECT count(*) FROM report WHERE number = 3"), 1);
	server_stop(w.s);
}

/* ==== the overview ==== */

/* The "who has reported" part of an overview page. */
static const char *
units_part(int port, const struct signin *who, const char *query)
{
	struct http_response *r = get_as(port, who, S(OVERVIEW "?year=%d%s", units_year(),
	    query));
	expect(r, 200, "the overview");
	check_page(r, "the overview");
	return part(r->body, "<h2 id=\"units\">", "<h2 id=\"indicators\">", "who has reported");
}

/* The row of unit name in the units part. */
static const char *
unit_row(const char *units, const char *name)
{
	return row_with(units, S("Enhet</span>%s", name), name);
}

/* Unit name's row: at depth, under parent (NULL: none), its own count
 * and its branch's (each a cell's text up to its tag, "–" for none). */
static void
expect_unit(const char *units, const char *name, int depth, const char *parent,
    const char *own, const char *branch)
{
	const char *row = unit_row(units, name);
	assert_contains(row, S("<tr class=\"depth-%d\">", depth));
	if (parent)
		assert_contains(row, S("%s <span class=\"under\">under %s</span></th>", name,
		    parent));
	else
		assert_not_contains(row, "class=\"under\"");
	const char *c = cell(row, 0);
	if (strncmp(c, own, strlen(own)) != 0)
		fail_msg("%s: reported \"%s\", expected \"%s…\"", name, c, own);
	c = cell(row, 1);
	if (strncmp(c, branch, strlen(branch)) != 0)
		fail_msg("%s: with the units below \"%s\", expected \"%s…\"", name, c, branch);
}

static void
the_overview_shows_the_tree(void **state)
{
	(void)state;
	struct world w;
	world(&w, "overview");
	int port = w.s->port;
	const char *units = units_part(port, &w.coord, "");
	/* Children under their parent, depth first, in the plan's order. */
	const char *h = strstr(units, "Enhet</span>Helse og omsorg</th>");
	const char *st = strstr(units, "Enhet</span>Helsestasjonen ");
	const char *sb = strstr(units, "Enhet</span>Småbarnsteamet ");
	const char *sk = strstr(units, "Enhet</span>Skolehelsetjenesten ");
	const char *roles = strstr(units, "Enhet</span>Virksomhetsledere");
	if (!(h && st && sb && sk && roles && h < st && st < sb && sb < sk && sk < roles))
		fail_msg("the units are not listed as the tree:\n%s", units);
	assert_int_equal(count_substr(units, "<tr class=\"depth-"), 7);
	/* Helse og omsorg: its own 3 (not reported); its branch 1, 2, 3, 6,
	 * 7, 8 (8 once), of which 1, 6 and 8 are reported. */
	expect_unit(units, "Helse og omsorg", 0, NULL, "0 av 1 " NOT_ALL, "3 av 6 " NOT_ALL);
	/* Helsestasjonen: 1 and 2; with Småbarnsteamet 1, 2, 7, 8. */
	expect_unit(units, "Helsestasjonen", 1, "Helse og omsorg", "1 av 2 " NOT_ALL,
	    "2 av 4 " NOT_ALL);
	expect_unit(units, "Småbarnsteamet", 2, "Helsestasjonen", "1 av 2 " NOT_ALL, "–");
	/* 6 and 8, both reported (8 by Småbarnsteamet). */
	expect_unit(units, "Skolehelsetjenesten", 1, "Helse og omsorg", "2 av 2 " ALL_DONE,
	    "–");
	expect_unit(units, "Politiet i Enhetsby", 0, NULL, "0 av 2 " NOT_ALL, "–");
	assert_contains(unit_row(units, "Helse og omsorg"), LEAD);
	assert_contains(unit_row(units, "Småbarnsteamet"), SMABARN);

	/* Readers (politicians, management) see exactly what coordinators
	 * see. */
	assert_string_equal(units_part(port, &w.reader, ""), units);

	/* A unit chosen in the filter: it and its branch, from the top of
	 * the list (still saying what it is under). */
	const char *branch = units_part(port, &w.coord, "&unit=enhetsby-helsestasjon");
	assert_int_equal(count_substr(branch, "<tr class=\"depth-"), 2);
	expect_unit(branch, "Helsestasjonen", 0, "Helse og omsorg", "1 av 2 " NOT_ALL,
	    "2 av 4 " NOT_ALL);
	expect_unit(branch, "Småbarnsteamet", 1, "Helsestasjonen", "1 av 2 " NOT_ALL, "–");
	assert_not_contains(branch, "Skolehelsetjenesten");

	/* A status chosen: the done ones, 1 and 6. Småbarnsteamet has none,
	 * so its row goes; Helse og omsorg's own 3 is not done. */
	const char *done = units_part(port, &w.reader, "&status=done");
	assert_int_equal(count_substr(done, "<tr class=\"depth-"), 3);
	expect_unit(done, "Helse og omsorg", 0, NULL, "–", "2 av 2 " ALL_DONE);
	expect_unit(done, "Helsestasjonen", 1, "Helse og omsorg", "1 av 1 " ALL_DONE,
	    "1 av 1 " ALL_DONE);
	expect_unit(done, "Skolehelsetjenesten", 1, "Helse og omsorg", "1 av 1 " ALL_DONE,
	    "–");
	assert_not_contains(done, "Småbarnsteamet");
	server_stop(w.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_parent_reads_what_its_units_below_carry, teardown),
		cmocka_unit_test_teardown(a_parent_cannot_report_for_the_units_below, teardown),
		cmocka_unit_test_teardown(the_overview_shows_the_tree, teardown),
	};
	return cmocka_run_group_tests_name("parents", tests, group_setup, group_teardown);
}

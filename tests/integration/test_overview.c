/* test_overview.c — the coordinator's overview (issue 7 §5) on Bodø's
 * plan: counts by status overall and per theme, progress rolled up with
 * the indicators without a progress counted apart (never as zero), who
 * has reported, the overdue and budget lists, filters, and the plan's
 * health — every figure worked out from what the test saved. */
#include "integration/signin.h"

#include <time.h>

#define UNIT     "bodo-barneverntjenesten"
#define REPORTER "leder@bodo.kommune.no"
#define SILENT   "helse@bodo.kommune.no"
#define COORD    "koordinator@bodo.kommune.no"
#define READER   "leser@bodo.kommune.no"
#define PAGE     "/admin/overview/" BODO

struct world {
	char          *db;
	struct server *s;
	struct signin  reporter, coord, reader;
};

/* Bodø with three reports of this year from the reporter: in progress at
 * 40 %, done without a progress, and dropped at 80 %. */
static void
fill_world(const char *db)
{
	import_ok(db, BODO_FILE);
	user_add(db, "reporter", REPORTER, "--unit", UNIT, NULL);
	user_add(db, "reporter", SILENT, "--unit", "bodo-helsestasjonene", NULL);
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	user_add(db, "reader", READER, NULL);
}

static void
world(struct world *w, const char *name)
{
	w->db = new_db_filled(root, name, fill_world);
	w->s = server_start(w->db);
	sign_in(w->s->port, REPORTER, TEST_PASSWORD, &w->reporter);
	sign_in(w->s->port, COORD, TEST_PASSWORD, &w->coord);
	sign_in(w->s->port, READER, TEST_PASSWORD, &w->reader);
	struct http_response *r = post_as(w->s->port, &w->reporter, "/admin/report/" BODO,
	    form_with_csrf(&w->reporter, S("year=%d"
	    "&status.foreldre.14=in_progress&progress.foreldre.14=40&version.foreldre.14=0"
	    "&status.minoritetsbakgrunn.1=done&version.minoritetsbakgrunn.1=0"
	    "&status.rutiner-ved-avdekking.1=dropped&progress.rutiner-ved-avdekking.1=80"
	    "&version.rutiner-ved-avdekking.1=0", bodo_year())));
	if (r->status != 303)
		fail_msg("saving the reports: status %d\n%.3000s", r->status, r->body);
	assert_int_equal(sql_int(w->db, "SELECT count(*) FROM report"), 3);
}

/* The text of the element that follows needle, up to the next '<'. */
static const char *
after(const char *body, const char *needle)
{
	const char *p = strstr(body, needle);
	if (p == NULL)
		fail_msg("no \"%s\" in the page", needle);
	return p + strlen(needle);
}

/* The row (<tr …</tr>) whose header cell holds label. */
static const char *
row_of(const char *body, const char *label)
{
	const char *p = strstr(body, S("</span>%s</th>", label));
	if (p == NULL)
		fail_msg("no row \"%s\"", label);
	const char *start = p;
	while (start > body && strncmp(start, "<tr", 3) != 0)
		start--;
	const char *end = strstr(p, "</tr>");
	return S("%.*s", (int)(end - start), start);
}

static void
counts_rollup_and_lists(void **state)
{
	(void)state;
	struct world w;
	world(&w, "counts");
	int year = bodo_year();
	struct http_response *r = get_as(w.s->port, &w.reader, PAGE);
	if (r->status != 200)
		fail_msg("overview: %d\n%.2000s", r->status, r->body);
	check_page(r, "the overview");
	const char *b = r->body;
	assert_contains(b, S("Oversikt %d: ", year));
	assert_contains(b, "Frist:");
	/* The whole plan: 103 indicators, 100 not reported, one each. */
	const char *whole = row_of(b, "Hele planen");
	assert_contains(whole, ">100</a>");
	assert_contains(whole, ">103</td>");
	assert_contains(whole, "status=done#indicators\">1</a>");
	assert_contains(whole, "status=dropped#indicators\">1</a>");
	assert_contains(whole, "status=in_progress#indicators\">1</a>");
	/* Progress: the mean of 40 and 80 over the two that gave one; the
	 * done indicator without a progress is not counted as zero. */
	assert_contains(b, "<strong>Hele planen:</strong> 60 % (2 av 103 indikatorer)");
	/* Per theme: Forebygge holds foreldre (40 %) and minoritetsbakgrunn. */
	assert_contains(b, "Forebygge");
	/* Who has reported: the reporter's unit, with its account. */
	const char *unit = strstr(b, "Barneverntjenesten</th>");
	assert_non_null(unit);
	assert_contains(S("%.600s", unit), REPORTER);
	/* The budget list has the plan's investigate and set-aside ones. */
	const char *budget = after(b, "id=\"budget\"");
	long long invest = sql_int(w.db, "SELECT count(*) FROM indicator WHERE plan_id = '"
	    BODO "' AND resource_category IN ('investigate', 'set_aside')");
	assert_int_equal(invest, 27);
	assert_int_equal((long long)count_substr(S("%.*s", (int)(strstr(budget,
	    "id=\"health\"") - budget), budget), "<li>"), invest);
	/* Overdue: the plan's last year is past its deadline (1 September)
	 * when the test runs after it; then the 100 unreported are listed. */
	const char *overdue = after(b, "id=\"overdue\"");
	const char *overdue_end = strstr(overdue, "id=\"budget\"");
	size_t nover = count_substr(S("%.*s", (int)(overdue_end - overdue), overdue), "<li>");
	char today[16];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (strcmp(today, S("%d-09-01", year)) > 0)
		assert_int_equal(nover, 100);
	else
		assert_int_equal(nover, 0);
	/* Health: the reporter who never signed in, and the measures with no
	 * report this year or last (all but the three reported). */
	const char *health = after(b, "id=\"health\"");
	assert_contains(health, "1 rapportør har ikke logget inn i år: " SILENT);
	assert_contains(health, "16 tiltak har ikke hatt noen rapport på to år");
	assert_contains(health, "0 indikatorer har ingen ansvarlig enhet");
	server_stop(w.s);
}

static void
filters_narrow_everything(void **state)
{
	(void)state;
	struct world w;
	world(&w, "filters");
	int port = w.s->port;
	/* By status: the indicator list holds exactly the one done. */
	struct http_response *r = get_as(port, &w.coord, PAGE "?status=done");
	assert_int_equal(r->status, 200);
	const char *list = after(r->body, "id=\"indicators\"");
	list = S("%.*s", (int)(strstr(list, "id=\"overdue\"") - list), list);
	assert_int_equal(count_substr(list, "<li>"), 1);
	assert_contains(list, "/admin/report/" BODO "/minoritetsbakgrunn/1");
	assert_contains(r->body, "<option value=\"done\" selected");
	/* Not reported. */
	r = get_as(port, &w.coord, PAGE "?status=none");
	assert_contains(row_of(r->body, "Hele planen"), ">100</td>");
	/* By unit: what it is responsible for, directly. */
	long long mine = sql_int(w.db, "SELECT count(*) FROM indicator_unit WHERE plan_id = '"
	    BODO "' AND unit_id = '" UNIT "'");
	r = get_as(port, &w.coord, PAGE "?unit=" UNIT);
	assert_contains(row_of(r->body, "Hele planen"), S(">%lld</td>", mine));
	/* By theme. */
	long long forebygge = sql_int(w.db, "SELECT count(*) FROM indicator i JOIN measure m"
	    " ON m.plan_id = i.plan_id AND m.id = i.measure_id JOIN goal g ON g.plan_id ="
	    " m.plan_id AND g.id = m.goal_id WHERE i.plan_id = '" BODO "' AND g.theme_id ="
	    " 'forebygge'");
	r = get_as(port, &w.coord, PAGE "?theme=forebygge");
	assert_contains(row_of(r->body, "Hele planen"), S(">%lld</td>", forebygge));
	/* Values the plan does not have, and years outside its period. */
	assert_int_equal(get_as(port, &w.coord, PAGE "?theme=nope")->status, 400);
	assert_int_equal(get_as(port, &w.coord, PAGE "?unit=nope")->status, 400);
	assert_int_equal(get_as(port, &w.coord, PAGE "?status=finished")->status, 400);
	r = get_as(port, &w.coord, PAGE "?year=2021");
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "2022 til");
	assert_int_equal(get_as(port, &w.coord, PAGE "?year=abc")->status, 400);
	assert_int_equal(get_as(port, &w.coord, "/admin/overview/nope")->status, 404);
	/* An earlier year: nothing reported then. */
	r = get_as(port, &w.coord, PAGE "?year=2022");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "<strong>Hele planen:</strong> ingen framdrift rapportert");
	/* The list of plans. */
	r = get_as(port, &w.reader, "/admin/overview");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "/admin/overview/" BODO "?year=");
	/* Not for visitors. */
	assert_int_equal(get(port, PAGE)->status, 303);
	server_stop(w.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(counts_rollup_and_lists, teardown),
		cmocka_unit_test_teardown(filters_narrow_everything, teardown),
	};
	return cmocka_run_group_tests_name("overview", tests, group_setup, group_teardown);
}

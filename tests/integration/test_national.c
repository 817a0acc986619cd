/* test_national.c — many municipalities in one installation: the plans
 * scripts/gen-plans writes are accepted as they are, the same seed gives
 * the same files, and the home page stays usable — a finder and an index
 * by first letter (A…Z, then Æ, Ø, Å), one line per municipality — rather
 * than a wall of every plan's details. */
#include "integration/harness.h"

#include <dirent.h>

#define GEN "build/gen-plans"
#define ORGS "40"

/* The plan files in dir, as arguments after those already in argv. */
static size_t
plan_files(const char *dir, char **argv, size_t n, size_t max)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		fail_msg("%s: %s", dir, strerror(errno));
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max)
		if (strstr(e->d_name, ".json"))
			argv[n++] = S("%s/%s", dir, e->d_name);
	closedir(d);
	return n;
}

static char *
run_gen(const char *out, const char *seed)
{
	char *argv[] = {S("%s", GEN), "--orgs", S("%s", ORGS), "--seed", S("%s", seed),
	    "--out", S("%s", out), NULL};
	struct cmd *c = run_argv(argv, NULL);
	assert_exit(c, 0);
	return c->out;
}

static void
generated_plans_are_plans(void **state)
{
	(void)state;
	if (access(GEN, X_OK) != 0)
		fail_msg("%s is missing (make test builds it)", GEN);
	char *a = S("%s/gen-a", root), *b = S("%s/gen-b", root);
	run_gen(a, "7");
	run_gen(b, "7");
	/* Deterministic: the same seed, the same bytes. */
	char *argv[600];
	size_t n = plan_files(a, argv, 0, 600);
	assert_true(n > 5);
	for (size_t i = 0; i < n; i++) {
		char *other = S("%s/%s", b, strrchr(argv[i], '/') + 1);
		struct cmd *c = run_argv((char *[]){"cmp", argv[i], other, NULL}, NULL);
		if (c->code != 0)
			fail_msg("%s and %s differ", argv[i], other);
	}
	/* tiltak check accepts every one. */
	char *check[600];
	check[0] = S("%s", bin);
	check[1] = "check";
	size_t k = plan_files(a, check, 2, 598);
	check[k] = NULL;
	struct cmd *c = run_argv(check, NULL);
	assert_exit(c, 0);
	assert_int_equal(count_substr(c->out, ": ok: plan "), k - 2);
}

static void
home_page_of_many_municipalities(void **state)
{
	(void)state;
	char *plans = S("%s/gen-home", root);
	/* Seed 9: eleven public plans (of 15) name the police, more than one
	 * page of a unit's plans. */
	run_gen(plans, "9");
	char *db = new_db(new_dir("national"), "n");
	char *argv[600];
	argv[0] = S("%s", bin);
	argv[1] = "import";
	argv[2] = "--db";
	argv[3] = db;
	size_t n = plan_files(plans, argv, 4, 598);
	argv[n] = NULL;
	assert_exit(run_argv(argv, NULL), 0);
	long long orgs = sql_int(db, "SELECT count(*) FROM organisation");
	assert_int_equal(orgs, 40);

	struct server *s = server_start(db);
	struct http_response *home = page_ok(s->port, "/");
	assert_contains(home->body, "Finn kommunen din");
	assert_contains(home->body, "Kommuner etter forbokstav");
	/* One line per municipality with a plan that is public (gen-plans
	 * makes one plan in five a draft, and drafts are not public), each
	 * named once in the index. */
	long long public_orgs = sql_int(db, "SELECT count(DISTINCT po.organisation_id)"
	    " FROM plan_organisation po JOIN plan p ON p.id = po.plan_id"
	    " WHERE p.status <> 'draft'");
	assert_true(public_orgs > 12);   /* more than HOME_ORGS_LISTED */
	assert_int_equal(count_substr(home->body, "class=\"org-name\""), public_orgs);
	/* No plan's measure counts: that is for a municipality's own lines. */
	assert_not_contains(home->body, "class=\"plan-title\"");
	if (home->body_len > 40 * 1024)
		fail_msg("the home page of 40 municipalities is %zu bytes", home->body_len);

	/* The letters are in Norwegian order: every Æ, Ø or Å after Z. */
	const char *nav = strstr(home->body, "class=\"letters\"");
	assert_non_null(nav);
	const char *end = strstr(nav, "</nav>");
	const char *ae = strstr(nav, ">Æ<"), *oe = strstr(nav, ">Ø<"), *aa = strstr(nav, ">Å<");
	for (const char *p = nav; p < end; p++)
		if (p[0] == '>' && p[1] >= 'A' && p[1] <= 'Z' && p[2] == '<') {
			if ((ae && ae < end && p > ae) || (oe && oe < end && p > oe) ||
			    (aa && aa < end && p > aa))
				fail_msg("a letter %c comes after Æ, Ø or Å", p[1]);
		}
	if (ae && oe && ae > oe && oe < end)
		fail_msg("Æ comes after Ø");
	if (oe && aa && oe > aa && aa < end)
		fail_msg("Ø comes after Å");

	/* The finder: a part of a name, in any case. */
	char *some = S("%.*s", 4, strstr(home->body, "class=\"org-name\">") + 17);
	struct http_response *found = page_ok(s->port, S("/?kommune=%s", some));
	assert_contains(found->body, "i navnet");
	assert_true(count_substr(found->body, "<section class=\"org\">") >= 1);
	struct http_response *none = page_ok(s->port, "/?kommune=qqqqqq");
	assert_contains(none->body, "Ingen kommune har det i navnet");
	assert_int_equal(count_substr(none->body, "<section class=\"org\">"), 0);

	/* A national body named in every plan: its page lists ten plans at a
	 * time, with links to the others. */
	long long nplans = sql_int(db, "SELECT count(*) FROM unit u JOIN plan p"
	    " ON p.id = u.plan_id WHERE u.id = 'politiet' AND p.status <> 'draft'");
	assert_true(nplans > 10);
	struct http_response *p1 = page_ok(s->port, "/units/politiet");
	assert_int_equal(count_substr(p1->body, "<h2><a href=\"/plans/"), 10);
	assert_contains(p1->body, S("Nevnt i %lld planer; her planene 1–10.", nplans));
	assert_contains(p1->body, "<nav class=\"pages\"");
	assert_contains(p1->body, "href=\"/units/politiet?side=2\"");
	long long pages = (nplans + 9) / 10;
	struct http_response *last = page_ok(s->port, S("/units/politiet?side=%lld", pages));
	assert_int_equal(count_substr(last->body, "<h2><a href=\"/plans/"),
	    nplans - (pages - 1) * 10);
	get_status(s->port, S("/units/politiet?side=%lld", pages + 1), 404);
	get_status(s->port, "/units/politiet?side=0", 400);
	get_status(s->port, "/units/politiet?side=x", 400);
	get_status(s->port, "/units/politiet?side=-1", 400);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(generated_plans_are_plans, teardown),
		cmocka_unit_test_teardown(home_page_of_many_municipalities, teardown),
	};
	return cmocka_run_group_tests_name("national", tests, group_setup, group_teardown);
}

/* test_share.c — one installation in several places: `tiltak copy-db`
 * between the backends (byte-identical exports, revisions and audit
 * copied, a non-empty target refused), and several `tiltak serve`
 * processes on one database, each serving within a second what another
 * process committed. */
#include "integration/signin.h"

/* Every table's row count, as a text to compare. */
static char *
table_counts(const char *db)
{
	static const char *const tables[] = {"organisation", "plan", "plan_organisation",
	    "overarching_goal", "chapter", "unit", "implementation_step", "step_unit",
	    "theme", "goal", "measure", "indicator", "indicator_unit", "search_entry",
	    "plan_search_slot", "plan_revision", "audit", "org_unit", "org_unit_member",
	    "account", "account_unit", "account_organisation", "secret", "action_card"};
	char *out = S("%s", "");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		out = S("%s%s=%lld ", out, tables[i], sql_int(db, S("SELECT count(*) FROM %s",
		    tables[i])));
	return out;
}

static void
same_exports(const char *a, const char *b)
{
	static const char *const plans[] = {BODO, BALS, SMALL, UNITS};
	for (size_t i = 0; i < 4; i++) {
		struct cmd *x = export_plan(a, plans[i]);
		struct cmd *y = export_plan(b, plans[i]);
		assert_exit(x, 0);
		assert_exit(y, 0);
		if (x->out_len != y->out_len || memcmp(x->out, y->out, x->out_len) != 0)
			fail_msg("%s differs between %s and %s", plans[i], a, b);
	}
}

/* source → copy → copy back: the same plans byte for byte, the same rows
 * in every table, and the copy's revisions and audit are the source's. */
static void
copy_round_trip(const char *src, const char *mid, const char *back)
{
	import_ok(src, BODO_FILE);
	import_ok(src, BALS_FILE);
	import_ok(src, SMALL_FILE);
	import_ok(src, UNITS_FILE);
	struct cmd *ci = tiltak(NULL, "import", "--db", src, "data/services/national.json",
	    "data/services/bodo.json", "data/cards/bodo.json", NULL);
	assert_exit(ci, 0);
	user_add(src, "reporter", "leder@bodo.kommune.no", "--unit",
	    "bodo-barneverntjenesten", NULL);
	user_add(src, "coordinator", "k@bodo.kommune.no", "--org", "bodo", NULL);
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_object_set_new(p, "title", json_string("Andre revisjon"));
	char *v2 = S("%s/v2.json", root);
	write_json(v2, p);
	import_ok(src, v2);

	struct cmd *c = tiltak(NULL, "copy-db", "--from", src, "--to", mid, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "copied ");
	c = tiltak(NULL, "copy-db", "--from", mid, "--to", back, (char *)NULL);
	assert_exit(c, 0);
	same_exports(src, mid);
	same_exports(src, back);
	char *counts = table_counts(src);
	assert_contains(counts, "org_unit_member=1 "); /* the fixture's role */
	assert_contains(counts, "action_card=1 ");
	assert_string_equal(table_counts(mid), counts);
	assert_string_equal(table_counts(back), counts);
	struct cmd *h1 = tiltak(NULL, "history", "--db", src, "--plan", SMALL, (char *)NULL);
	struct cmd *h2 = tiltak(NULL, "history", "--db", back, "--plan", SMALL, (char *)NULL);
	assert_string_equal(h1->out, h2->out);
	struct cmd *r1 = tiltak(NULL, "export", "--db", mid, "--plan", SMALL, "--revision",
	    "1", (char *)NULL);
	assert_exit(r1, 0);
	assert_null(strstr(r1->out, "Andre revisjon"));
	/* The copy moved the target's generation on, past the source's. */
	assert_true(generation(mid) > generation(src));

	/* A target that holds an installation already is refused and left
	 * as it was; --force cannot remove audit rows either. */
	c = tiltak(NULL, "copy-db", "--from", src, "--to", mid, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "not empty");
	c = tiltak(NULL, "copy-db", "--from", src, "--to", mid, "--force", (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "audit rows");
	assert_string_equal(table_counts(mid), counts);
	c = tiltak(NULL, "copy-db", "--from", src, "--to", src, (char *)NULL);
	assert_exit(c, 1);
	c = tiltak(NULL, "copy-db", "--from", src, (char *)NULL);
	assert_exit(c, 2);
}

static void
copy_db_between_backends(void **state)
{
	(void)state;
	char *dir = new_dir("copy");
	if (!testdb_pg()) {
		/* On the SQLite run: SQLite to SQLite. */
		copy_round_trip(new_db(dir, "src"), new_db(dir, "mid"), new_db(dir, "back"));
		return;
	}
	/* On the PostgreSQL run: SQLite → PostgreSQL → SQLite, and
	 * PostgreSQL → SQLite → PostgreSQL. */
	char *pg1 = keep(testdb_new_pg(), free), *pg2 = keep(testdb_new_pg(), free);
	assert_non_null(pg1);
	assert_non_null(pg2);
	copy_round_trip(S("%s/a.db", dir), pg1, S("%s/b.db", dir));
	copy_round_trip(keep(testdb_new_pg(), free), S("%s/c.db", dir), pg2);
}

/* The page's title as served, once it holds want (polling for at most
 * ms); fails otherwise. */
static void
await_title(int port, const char *target, const char *want, int ms)
{
	long long deadline = now_ms() + ms;
	for (;;) {
		struct http_response *r = get(port, target);
		if (r->status == 200 && strstr(r->body, want))
			return;
		if (now_ms() > deadline)
			fail_msg("port %d did not serve \"%s\" within %d ms", port, want, ms);
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

/* Two servers on one database serve the same site: a change committed
 * by the command line is served by both within one second, though both
 * had the page cached. */
static void
two_instances_serve_one_database(void **state)
{
	(void)state;
	char *dir = new_dir("instances");
	char *db = new_db(dir, "shared");
	import_ok(db, SMALL_FILE);
	struct server *a = server_start(db), *b = server_start(db);
	const char *page = "/plans/" SMALL;
	const char *old = jstr(load_json_file(SMALL_FILE), "title");
	for (int i = 0; i < 3; i++) {
		assert_contains(page_ok(a->port, page)->body, old);
		assert_contains(page_ok(b->port, page)->body, old);
	}
	for (int round = 1; round <= 3; round++) {
		json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
		char *title = S("Felles plan, endring %d", round);
		json_object_set_new(p, "title", json_string(title));
		char *file = S("%s/r%d.json", dir, round);
		write_json(file, p);
		long long t0 = now_ms();
		import_ok(db, file);
		await_title(a->port, page, title, 1000);
		await_title(b->port, page, title, 1000);
		fprintf(stderr, "# round %d: both served the change %lld ms after the import "
		    "returned\n", round, now_ms() - t0);
	}
	server_stop(a);
	server_stop(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(copy_db_between_backends, teardown),
		cmocka_unit_test_teardown(two_instances_serve_one_database, teardown),
	};
	return cmocka_run_group_tests_name("share", tests, group_setup, group_teardown);
}

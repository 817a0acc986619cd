/* test_damaged_db.c — a database holding what the importer would refuse
 * (here: text that is not valid UTF-8, written with SQLite directly, as a
 * hand edit or another program might). Nothing reachable from a request
 * may abort: the JSON API answers 500 and logs why, every page is still
 * served with its text escaped, and `tiltak export` exits 1 naming the
 * plan and the JSON path of the bad text. */
#include "integration/harness.h"

/* "Forord" with a lone continuation byte, an invalid lead byte before
 * markup, and a truncated three-byte sequence at the end. */
#define BAD_TEXT "Ugyldig \x80 tekst \xff<b>fet</b> & slutt \xe2\x82"

/* A copy of the suite's database with BAD_TEXT written into a chapter
 * body (Markdown), a goal text, a measure title and a unit name of Bodø's
 * plan. Returns the copy's path. */
static char *
damaged_copy(const char *name)
{
	char *dir = new_dir(name);
	char *db = new_db(dir, "damaged");
	copy_file(base_db, db);
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", db);
	static const char *const sql[] = {
		"UPDATE chapter SET body = ?1 WHERE plan_id = '" BODO "' AND position = 0",
		"UPDATE goal SET text = ?1 WHERE plan_id = '" BODO "' AND position = 0"
		" AND theme_id = (SELECT id FROM theme WHERE plan_id = '" BODO "' AND position = 0)",
		"UPDATE measure SET title = ?1 WHERE plan_id = '" BODO "'"
		" AND id = 'sikre-ressurser-og-koordinering'",
		"UPDATE unit SET name = ?1 WHERE plan_id = '" BODO "' AND id = 'bodo-kommunaldirektorene'",
		/* The units register holds the name the unit pages show. */
		"UPDATE org_unit SET name = ?1 WHERE id = 'bodo-kommunaldirektorene'",
		/* Search shows what its entries hold (made at import). */
		"UPDATE search_entry SET title = ?1 WHERE plan_id = '" BODO "'"
		" AND key = 'sikre-ressurser-og-koordinering'",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(h, sql[i], -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql[i], sqlite3_errmsg(h));
		sqlite3_bind_text(st, 1, BAD_TEXT, (int)strlen(BAD_TEXT), SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE || sqlite3_changes(h) < 1)
			fail_msg("%s: %s", sql[i], sqlite3_errmsg(h));
	}
	sqlite3_close(h);
	return db;
}

/* The text as the HTML writer must show it: the bytes that are not
 * markup pass as they are, the markup is escaped. */
#define BAD_HTML "Ugyldig \x80 tekst \xff&lt;b&gt;fet&lt;/b&gt; &amp; slutt \xe2\x82"

static void
api_answers_500_and_pages_stay_up(void **state)
{
	(void)state;
	sqlite_only("PostgreSQL refuses text that is not UTF-8, so such damage needs");
	char *db = damaged_copy("damaged-serve");
	struct server *s = server_start(db);

	struct http_response *r = get_status(s->port, "/api/plans/" BODO, 500);
	check_page(r, "the API's 500");
	if (r->body_len > 0 && memchr(r->body, 0xff, r->body_len) != NULL)
		fail_msg("the 500 page shows the damaged text");
	assert_serving(s, "GET /api/plans/" BODO);
	/* Twice: an error is not cached, and the second one is answered the
	 * same way. */
	get_status(s->port, "/api/plans/" BODO, 500);
	assert_serving(s, "a second GET /api/plans/" BODO);

	/* The log says which plan and which text. */
	FILE *f = fopen(s->log, "r");
	assert_non_null(f);
	char log[8192];
	size_t n = fread(log, 1, sizeof(log) - 1, f);
	fclose(f);
	log[n] = '\0';
	assert_contains(log, "plan \"" BODO "\"");
	assert_contains(log, "$.chapters[0].body");
	assert_contains(log, "not valid UTF-8");

	/* The other plan's JSON is untouched. */
	api_plan(s->port, BALS);

	/* Every page that shows the damaged text is served, escaped. */
	const char *pages[] = {
		"/plans/" BODO,
		"/plans/" BODO "/themes/" "overordnede-tiltak",
		"/plans/" BODO "/measures/sikre-ressurser-og-koordinering",
		"/units",
		"/units/bodo-kommunaldirektorene",
		"/search?q=overordnet+koordinering",
		"/",
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct http_response *p = page_ok(s->port, pages[i]);
		assert_not_contains(p->body, "<b>fet");
		if (i < 6 && strstr(p->body, BAD_HTML) == NULL &&
		    strstr(p->body, "fet&lt;/b&gt;") == NULL &&
		    strstr(p->body, "<strong>fet</strong>") == NULL)
			fail_msg("%s does not show the damaged text", pages[i]);
	}
	/* The unit page names the unit with the bytes as they are. */
	assert_contains(page_ok(s->port, "/units/bodo-kommunaldirektorene")->body, BAD_HTML);
	assert_serving(s, "the pages");
	server_stop(s);
}

static void
export_exits_1_naming_plan_and_path(void **state)
{
	(void)state;
	sqlite_only("PostgreSQL refuses text that is not UTF-8, so such damage needs");
	char *db = damaged_copy("damaged-export");
	struct cmd *c = export_plan(db, BODO);
	assert_exit(c, 1);
	if (c->out_len != 0)
		fail_msg("a failed export wrote %zu bytes to standard output", c->out_len);
	assert_contains(c->err, "tiltak: ");
	assert_contains(c->err, "plan \"" BODO "\"");
	assert_contains(c->err, "$.chapters[0].body");
	assert_contains(c->err, "not valid UTF-8 (byte 0x80");
	/* The other plan still exports. */
	assert_exit(export_plan(db, BALS), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(api_answers_500_and_pages_stay_up, teardown),
		cmocka_unit_test_teardown(export_exits_1_naming_plan_and_path, teardown),
	};
	return cmocka_run_group_tests_name("damaged_db", tests, group_setup, group_teardown);
}

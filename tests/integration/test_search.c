/* test_search.c — search as a reader meets it: every spelling of a word
 * (NFC or NFD, upper or lower case in any script, any white space between
 * words) finds the same things; every word of the query counts; resource
 * notes, responsible units and chapter text are searched; hits are grouped
 * by plan; a database made by schema version 1 is upgraded so that it
 * finds the same. */
#include "integration/harness.h"

#define SEARCH_FILE FIXTURES "/search-plan.json"
#define SEARCH      "search-plan"
#define V1_DUMP     FIXTURES "/schema-v1.sql"

/* Percent-encodes every byte that is not an unreserved ASCII character. */
static char *
qenc(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(3 * n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return keep(out, free);
}

static struct http_response *
search_page(int port, const char *q)
{
	return page_ok(port, S("/search?q=%s", qenc(q)));
}

/* The hit count of a search for q (unencoded). */
static long
hits(int port, const char *q)
{
	return search_hits(port, qenc(q));
}

/* A database with the search fixture (and, if with_data, both source
 * plans). */
static char *
search_db(const char *name, bool with_data)
{
	char *dir = new_dir(name);
	char *db = new_db(dir, "s");
	if (with_data) {
		struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE,
		    SEARCH_FILE, (char *)NULL);
		assert_exit(c, 0);
	} else {
		import_ok(db, SEARCH_FILE);
	}
	return db;
}

#define IND(n) "href=\"/plans/" SEARCH "/measures/nfd-tiltak#indicator-nfd-tiltak-" #n "\""

/* ==== spellings ==== */

static void
every_spelling_finds_the_same(void **state)
{
	(void)state;
	struct server *s = server_start(search_db("spell", false));
	int port = s->port;

	/* NFD query (a + U+030A), NFC text "Årsmøte". */
	assert_int_equal(hits(port, "a\xcc\x8arsm\xc3\xb8te"), 1);
	assert_contains(search_page(port, "a\xcc\x8arsm\xc3\xb8te")->body, IND(1));
	/* NFC query, NFD text (the measure title "Gjennomgå … årlig"). */
	assert_int_equal(hits(port, "\xc3\xa5rlig"), 1);
	assert_contains(search_page(port, "GJENNOMG\xc3\x85")->body,
	    "href=\"/plans/" SEARCH "/measures/nfd-tiltak\"");
	/* é is optional. */
	assert_int_equal(hits(port, "kafe"), 1);
	/* Greek and Cyrillic capitals find lower-case text. */
	assert_int_equal(hits(port, "ΒΊΑ"), 1);
	assert_contains(search_page(port, "ΒΊΑ")->body, IND(2));
	assert_int_equal(hits(port, "ΕΝΗΜΈΡΩΣΗ ΣΧΈΣΕΙΣ"), 1);
	assert_int_equal(hits(port, "НАСИЛИИ"), 1);
	assert_contains(search_page(port, "НАСИЛИИ")->body, IND(3));
	/* A no-break space (and its narrow and figure cousins) separates
	 * words: "nære relasjoner" with U+00A0 is two words that both occur. */
	assert_int_equal(hits(port, "n\xc3\xa6re\xc2\xa0relasjoner"), 1);
	assert_contains(search_page(port, "n\xc3\xa6re\xc2\xa0relasjoner")->body, IND(4));
	assert_int_equal(hits(port, "relasjoner\xe2\x80\xafkurs"), 1);
	assert_int_equal(hits(port, "relasjoner\xe2\x80\x87vold"), 1);
	server_stop(s);
}

/* ==== every word counts ==== */

static void
every_word_of_the_query_counts(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	/* Eight words that occur, and a ninth that does not. */
	const char *eight = "vold vold vold vold vold vold vold vold";
	assert_true(hits(port, eight) > 0);
	const char *nine = "vold vold vold vold vold vold vold vold zzqqxx";
	assert_int_equal(hits(port, nine), 0);
	struct http_response *r = search_page(port, nine);
	assert_contains(r->body, "«vold vold vold vold vold vold vold vold zzqqxx»");
	/* Twelve words that all occur in one indicator still find it. */
	assert_true(hits(port, "i i i i i i i i i i i vold") > 0);
	server_stop(s);
}

/* ==== what is searched ==== */

/* ASCII lower case of s (the Bodø notes need no more). */
static char *
lower(const char *s)
{
	char *l = S("%s", s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static void
notes_units_and_chapters_are_searched(void **state)
{
	(void)state;
	struct server *s = server_start(search_db("scope", true));
	int port = s->port;
	json_t *bodo = api_plan(port, BODO);

	/* "Må utredes": every Bodø indicator whose resource note says so is a
	 * hit, linked to its place, with its responsible units. */
	struct http_response *utredes = search_page(port, "Må utredes");
	struct http_response *helse = search_page(port, "Helsestasjonene");
	size_t nnote = 0, nunit = 0;
	size_t i, j, k, l, u;
	json_t *t, *g, *m, *ind, *ru;
	json_array_foreach(json_object_get(bodo, "themes"), i, t)
	json_array_foreach(json_object_get(t, "goals"), j, g)
	json_array_foreach(json_object_get(g, "measures"), k, m)
	json_array_foreach(json_object_get(m, "indicators"), l, ind) {
		const char *mid = jstr(m, "id");
		long n = (long)json_integer_value(json_object_get(ind, "number"));
		const char *href = S("href=\"/plans/" BODO "/measures/%s#indicator-%s-%ld\"",
		    mid, mid, n);
		json_t *note = json_object_get(ind, "resource_note");
		if (json_is_string(note) && strstr(lower(json_string_value(note)), "må utredes")) {
			assert_contains(utredes->body, href);
			nnote++;
		}
		json_array_foreach(json_object_get(ind, "responsible"), u, ru)
			if (strcmp(json_string_value(ru), "bodo-helsestasjonene") == 0) {
				assert_contains(helse->body, href);
				nunit++;
			}
	}
	assert_true(nnote >= 10);
	assert_true(nunit >= 10);
	assert_true(hits(port, "Må utredes") >= (long)nnote);

	/* The fixture: the hit shows the note and who is responsible. */
	struct http_response *r = search_page(port, "utredes foreldre");
	assert_int_equal(hits(port, "utredes foreldre"), 1);
	assert_contains(r->body, IND(5));
	assert_contains(r->body, "Må utredes.");
	assert_contains(r->body, "href=\"/units/sokby-familie\"");
	/* A unit's name finds what it is responsible for. */
	assert_int_equal(hits(port, "familiesenteret i søkby"), 2);

	/* Chapter text links to the chapter in the plan. */
	r = search_page(port, "søkbymodellen avhør");
	assert_int_equal(hits(port, "søkbymodellen avhør"), 1);
	assert_contains(r->body, "href=\"/plans/" SEARCH "#chapter-bakgrunn\"");
	server_stop(s);
}

static void
hits_are_grouped_by_plan(void **state)
{
	(void)state;
	struct server *s = server_start(search_db("group", true));
	struct http_response *r = search_page(s->port, "vold");
	const char *plans[] = {BODO, BALS, SEARCH};
	json_t *titles[3];
	for (int i = 0; i < 3; i++)
		titles[i] = api_plan(s->port, plans[i]);
	/* Each plan has one heading; every link to a plan's content after
	 * that heading and before the next one belongs to that plan. */
	const char *at[3];
	for (int i = 0; i < 3; i++) {
		const char *h = S("<h2>%s", esc(jstr(titles[i], "title")));
		assert_int_equal(count_substr(r->body, h), 1);
		at[i] = strstr(r->body, h);
	}
	for (int i = 0; i < 3; i++) {
		const char *end = r->body + r->body_len;
		for (int j = 0; j < 3; j++)
			if (at[j] > at[i] && at[j] < end)
				end = at[j];
		for (int j = 0; j < 3; j++) {
			if (j == i)
				continue;
			const char *other = strstr(at[i], S("href=\"/plans/%s", plans[j]));
			if (other && other < end)
				fail_msg("a hit of %s is under the heading of %s", plans[j], plans[i]);
		}
	}
	server_stop(s);
}

/* A search for a resource category's name points to the listing of that
 * category, which also holds the indicators whose note words it
 * differently. */
static void
category_names_point_to_the_listing(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *link = "href=\"/plans/" BODO "/indicators?category=investigate\"";
	assert_contains(search_page(s->port, "Må utredes")->body, link);
	assert_contains(search_page(s->port, "MÅ\xc2\xa0UTREDES")->body, link);
	assert_null(strstr(search_page(s->port, "utredes")->body, link));
	assert_contains(search_page(s->port, "Dekkes av eksisterende budsjett")->body,
	    "href=\"/plans/" BODO "/indicators?category=existing_budget\"");
	server_stop(s);
}

/* ==== upgrade ==== */

static void
schema_1_database_is_upgraded(void **state)
{
	(void)state;
	sqlite_only("the version-1 database is");
	char *dir = new_dir("v1");
	char *db = new_db(dir, "v1");
	FILE *f = fopen(V1_DUMP, "r");
	assert_non_null(f);
	char *sql = xmalloc(1 << 20);
	size_t n = fread(sql, 1, (1 << 20) - 1, f);
	fclose(f);
	sql[n] = '\0';
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("loading %s: %s", V1_DUMP, err);
	sqlite3_close(h);
	free(sql);
	assert_int_equal(sql_int(db, "SELECT max(version) FROM schema_version"), 1);

	struct server *s = server_start(db);
	int port = s->port;
	assert_true(sql_int(db, "SELECT max(version) FROM schema_version") >= 2);
	/* Version 1 folded only Latin letters and searched only titles and
	 * indicator texts: these need the search text made anew. */
	assert_int_equal(hits(port, "ΕΝΗΜΈΡΩΣΗ"), 1);
	assert_int_equal(hits(port, "utredes foreldre"), 1);
	assert_int_equal(hits(port, "familiesenteret"), 2);
	assert_int_equal(hits(port, "søkbymodellen avhør"), 1);
	assert_int_equal(hits(port, "a\xcc\x8arsm\xc3\xb8te"), 1);
	/* And the pages are the same as from a fresh import. */
	char *fresh = search_db("v1-fresh", false);
	struct server *s2 = server_start(fresh);
	const char *targets[] = {"/plans/" SEARCH, "/search?q=vold", "/units/sokby-familie"};
	for (size_t i = 0; i < 3; i++) {
		struct http_response *a = get_status(port, targets[i], 200);
		struct http_response *b = get_status(s2->port, targets[i], 200);
		if (a->body_len != b->body_len || memcmp(a->body, b->body, a->body_len) != 0)
			fail_msg("%s differs between the upgraded and a new database", targets[i]);
	}
	server_stop(s2);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_spelling_finds_the_same, teardown),
		cmocka_unit_test_teardown(every_word_of_the_query_counts, teardown),
		cmocka_unit_test_teardown(notes_units_and_chapters_are_searched, teardown),
		cmocka_unit_test_teardown(hits_are_grouped_by_plan, teardown),
		cmocka_unit_test_teardown(category_names_point_to_the_listing, teardown),
		cmocka_unit_test_teardown(schema_1_database_is_upgraded, teardown),
	};
	return cmocka_run_group_tests_name("search", tests, group_setup, group_teardown);
}

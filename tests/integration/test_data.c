/* test_data.c — the bundled plans as data: the files are in canonical
 * form (export gives back their bytes), and a plan names the plan it
 * replaces by title or period, never by id (docs/data-notes.md). */
#include "integration/harness.h"

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot read %s", path);
	size_t cap = 1 << 20, n = 0;
	char *s = keep(xmalloc(cap), free);
	size_t k;
	while ((k = fread(s + n, 1, cap - n, f)) > 0)
		n += k;
	fclose(f);
	if (n == cap)
		fail_msg("%s is larger than expected", path);
	*len = n;
	return s;
}

static void
data_files_are_canonical(void **state)
{
	(void)state;
	const char *files[] = {BODO_FILE, BALS_FILE};
	const char *ids[] = {BODO, BALS};
	for (size_t i = 0; i < 2; i++) {
		size_t n;
		char *want = read_all(files[i], &n);
		struct cmd *c = export_plan(base_db, ids[i]);
		assert_exit(c, 0);
		if (c->out_len != n || memcmp(c->out, want, n) != 0)
			fail_msg("%s is not in canonical form: export it with tiltak export "
			    "and commit the result", files[i]);
	}
}

/* The "Replaces" entry of a plan page: the text between its <dd> tags. */
static const char *
replaces_entry(const char *body)
{
	const char *dt = strstr(body, "<dt>Erstatter</dt>");
	if (dt == NULL)
		fail_msg("no \"Erstatter\" in the plan's facts");
	const char *dd = strstr(dt, "<dd>");
	const char *end = dd ? strstr(dd, "</dd>") : NULL;
	if (end == NULL)
		fail_msg("no <dd> after \"Erstatter\"");
	return S("%.*s", (int)(end - dd - 4), dd + 4);
}

static void
bodo_names_the_plan_it_replaces(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *r = page_ok(s->port, "/plans/" BODO);
	assert_not_contains(r->body, "bodo-2017-2021");
	assert_string_equal(replaces_entry(r->body),
	    "Handlingsplan mot vold i nære relasjoner 2017–2021");
	/* The sentence the plan does not say is gone from chapter 3. */
	assert_not_contains(r->body, "Implementeringstabellen");
	server_stop(s);
}

/* Imports the small fixture with the given replaces and replaces_title
 * (NULL: left out) into a new database beside extra plans; returns the
 * "Replaces" entry of its page. */
static const char *
entry_for(const char *name, const char *replaces, const char *replaces_title,
    const char *also)
{
	char *dir = new_dir(name);
	char *db = new_db(dir, "plans");
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	if (replaces)
		json_object_set_new(p, "replaces", json_string(replaces));
	if (replaces_title)
		json_object_set_new(p, "replaces_title", json_string(replaces_title));
	char *file = S("%s/plan.json", dir);
	write_json(file, p);
	import_ok(db, file);
	if (also)
		import_ok(db, also);
	struct server *s = server_start(db);
	struct http_response *r = page_ok(s->port, "/plans/" SMALL);
	const char *e = replaces_entry(r->body);
	if (replaces && strstr(e, "href") == NULL)
		assert_not_contains(r->body, replaces);
	server_stop(s);
	return e;
}

static void
replaced_plan_is_named_never_by_id(void **state)
{
	(void)state;
	/* In the database: a link to it, by its title (which wins over
	 * replaces_title). */
	char *dir = new_dir("replaced-plan");
	json_t *old = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_object_set_new(old, "id", json_string("testby-2020-2023"));
	json_object_set_new(old, "title", json_string("Gammel plan <2020> & co"));
	char *old_file = S("%s/old.json", dir);
	write_json(old_file, old);
	assert_string_equal(entry_for("replaces-known", "testby-2020-2023", "Annen tittel",
	    old_file), "<a href=\"/plans/testby-2020-2023\">Gammel plan &lt;2020&gt; &amp; co</a>");
	/* Not in the database: its title as the plan gives it. */
	assert_string_equal(entry_for("replaces-title", "testby-2020-2023",
	    "Handlingsplan for Testby 2020–2023", NULL), "Handlingsplan for Testby 2020–2023");
	/* No title: the period, when the id ends in one. */
	assert_string_equal(entry_for("replaces-period", "testby-2020-2023", NULL, NULL),
	    "Handlingsplan 2020–2023");
	assert_string_equal(entry_for("replaces-year", "testby-2019", NULL, NULL),
	    "Handlingsplan 2019");
	/* Nothing to go by: neutral words. */
	assert_string_equal(entry_for("replaces-unknown", "gammel-plan", NULL, NULL),
	    "En tidligere plan");
	assert_string_equal(entry_for("replaces-odd-years", "plan-2023-2020", NULL, NULL),
	    "En tidligere plan");
	/* A title without an id. */
	assert_string_equal(entry_for("replaces-title-only", NULL, "Plan fra 2015", NULL),
	    "Plan fra 2015");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(data_files_are_canonical, teardown),
		cmocka_unit_test_teardown(bodo_names_the_plan_it_replaces, teardown),
		cmocka_unit_test_teardown(replaced_plan_is_named_never_by_id, teardown),
	};
	return cmocka_run_group_tests_name("data", tests, group_setup, group_teardown);
}

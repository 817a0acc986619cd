/* test_plan.c — the plan as a document: every measure and indicator has a
 * stable anchor, the contents list every measure, no page repeats an id,
 * and every count on the plan page links to a listing with that many rows. */
#include "integration/harness.h"

/* The values of every id="…" attribute of an HTML page, in order;
 * *n is set to their number. */
static char **
ids_of(const char *body, size_t *n)
{
	size_t cap = count_substr(body, " id=\"") + 1;
	char **ids = keep(calloc(cap, sizeof(char *)), free);
	*n = 0;
	for (const char *p = strstr(body, " id=\""); p; p = strstr(p, " id=\"")) {
		p += 5;
		const char *end = strchr(p, '"');
		if (end == NULL)
			fail_msg("an unterminated id attribute: %.80s", p);
		ids[(*n)++] = S("%.*s", (int)(end - p), p);
	}
	return ids;
}

/* Fails if any id occurs twice in the page. */
static void
assert_unique_ids(const struct http_response *r, const char *what)
{
	size_t n;
	char **ids = ids_of(r->body, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(ids[i], ids[j]) == 0)
				fail_msg("%s: the id \"%s\" occurs twice", what, ids[i]);
}

/* The part of body from the element that opens with open to the first
 * close after it. */
static const char *
part(const char *body, const char *open, const char *close)
{
	const char *a = strstr(body, open);
	if (a == NULL)
		fail_msg("no \"%s\" in the page", open);
	const char *b = strstr(a, close);
	if (b == NULL)
		fail_msg("no \"%s\" after \"%s\"", close, open);
	return S("%.*s", (int)(b - a), a);
}

/* ==== anchors ==== */

static void
every_measure_and_indicator_has_an_anchor(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *plans[] = {BODO, BALS};
	for (int pi = 0; pi < 2; pi++) {
		json_t *p = api_plan(s->port, plans[pi]);
		struct http_response *r = page_ok(s->port, S("/plans/%s", plans[pi]));
		const char *toc = part(r->body, "<nav class=\"toc\"", "</nav>");
		size_t i, j, k, l, nm = 0, ni = 0;
		json_t *t, *g, *m, *ind;
		json_array_foreach(json_object_get(p, "themes"), i, t) {
			struct http_response *tr = page_ok(s->port,
			    S("/plans/%s/themes/%s", plans[pi], jstr(t, "id")));
			json_array_foreach(json_object_get(t, "goals"), j, g)
			json_array_foreach(json_object_get(g, "measures"), k, m) {
				const char *mid = jstr(m, "id");
				const char *id = S("id=\"measure-%s\"", mid);
				if (count_substr(r->body, id) != 1)
					fail_msg("/plans/%s: %zu × %s", plans[pi],
					    count_substr(r->body, id), id);
				assert_int_equal(count_substr(tr->body, id), 1);
				assert_contains(toc, S("href=\"#measure-%s\"", mid));
				nm++;
				json_array_foreach(json_object_get(m, "indicators"), l, ind) {
					long n = (long)json_integer_value(json_object_get(ind, "number"));
					const char *iid = S("id=\"indicator-%s-%ld\"", mid, n);
					if (count_substr(r->body, iid) != 1)
						fail_msg("/plans/%s: %zu × %s", plans[pi],
						    count_substr(r->body, iid), iid);
					assert_int_equal(count_substr(tr->body, iid), 1);
					ni++;
				}
			}
		}
		struct counts c = count_plan(p);
		assert_int_equal(nm, c.measures);
		assert_int_equal(ni, c.indicators);
		assert_unique_ids(r, plans[pi]);
	}
	server_stop(s);
}

/* Ids are derived from the plan's own ids and numbers: the same after a
 * restart and after importing the plan again. */
static void
anchors_are_stable_across_imports(void **state)
{
	(void)state;
	char *dir = new_dir("stable");
	char *db = new_db(dir, "s");
	import_ok(db, BODO_FILE);
	struct server *s = server_start(db);
	struct http_response *a = page_ok(s->port, "/plans/" BODO);
	server_stop(s);
	import_ok(db, BODO_FILE);
	s = server_start(db);
	struct http_response *b = page_ok(s->port, "/plans/" BODO);
	server_stop(s);
	size_t na, nb;
	char **ia = ids_of(a->body, &na), **ib = ids_of(b->body, &nb);
	assert_int_equal(na, nb);
	assert_true(na > 100);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(ia[i], ib[i]);
}

/* No page of any kind repeats an id. */
static void
no_page_repeats_an_id(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	const char *fixed[] = {"/", "/units", "/search?q=vold", "/search?q=barn",
	    "/search", "/nothing-here"};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		assert_unique_ids(get(port, fixed[i]), fixed[i]);
	const char *plans[] = {BODO, BALS};
	for (int pi = 0; pi < 2; pi++) {
		json_t *p = api_plan(port, plans[pi]);
		size_t i, j, k;
		json_t *t, *g, *m, *u;
		json_array_foreach(json_object_get(p, "themes"), i, t) {
			const char *target = S("/plans/%s/themes/%s", plans[pi], jstr(t, "id"));
			assert_unique_ids(page_ok(port, target), target);
			json_array_foreach(json_object_get(t, "goals"), j, g)
			json_array_foreach(json_object_get(g, "measures"), k, m) {
				target = S("/plans/%s/measures/%s", plans[pi], jstr(m, "id"));
				assert_unique_ids(page_ok(port, target), target);
			}
		}
		json_array_foreach(json_object_get(p, "units"), i, u) {
			const char *target = S("/units/%s", jstr(u, "id"));
			assert_unique_ids(page_ok(port, target), target);
		}
	}
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_measure_and_indicator_has_an_anchor, teardown),
		cmocka_unit_test_teardown(anchors_are_stable_across_imports, teardown),
		cmocka_unit_test_teardown(no_page_repeats_an_id, teardown),
	};
	return cmocka_run_group_tests_name("plan", tests, group_setup, group_teardown);
}

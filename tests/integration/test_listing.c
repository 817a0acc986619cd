/* test_listing.c — /plans/ID/indicators: the indicators of a plan,
 * filtered by resource category, responsible unit and theme (combinable),
 * each row with its measure, resource note and responsible units; filter
 * values the plan does not have are answered with a message, not an empty
 * list; every count on the plan page links to a listing of that many
 * rows. The expected rows are computed from the plan's own JSON. */
#include "integration/harness.h"

#define LIST "/plans/" BODO "/indicators"

struct want {
	const char *category, *unit, *theme;   /* NULL: any */
};

/* "indicator-<measure>-<n>" of every indicator of p that w selects. */
static char **
expected(json_t *p, struct want w, size_t *n)
{
	char **ids = keep(calloc(200, sizeof(char *)), free);
	*n = 0;
	size_t i, j, k, l, x;
	json_t *t, *g, *m, *ind, *u;
	json_array_foreach(json_object_get(p, "themes"), i, t) {
		if (w.theme && strcmp(jstr(t, "id"), w.theme) != 0)
			continue;
		json_array_foreach(json_object_get(t, "goals"), j, g)
		json_array_foreach(json_object_get(g, "measures"), k, m)
		json_array_foreach(json_object_get(m, "indicators"), l, ind) {
			json_t *c = json_object_get(ind, "resource_category");
			const char *cat = json_is_string(c) ? json_string_value(c) : "unknown";
			if (w.category && strcmp(cat, w.category) != 0)
				continue;
			bool has = w.unit == NULL;
			json_array_foreach(json_object_get(ind, "responsible"), x, u)
				has |= w.unit && strcmp(json_string_value(u), w.unit) == 0;
			if (!has)
				continue;
			ids[(*n)++] = S("indicator-%s-%lld", jstr(m, "id"),
			    json_integer_value(json_object_get(ind, "number")));
		}
	}
	return ids;
}

/* The query string for w ("" when no filter). */
static const char *
query_of(struct want w)
{
	const char *q = "";
	if (w.category)
		q = S("%s&category=%s", q, w.category);
	if (w.unit)
		q = S("%s&unit=%s", q, w.unit);
	if (w.theme)
		q = S("%s&theme=%s", q, w.theme);
	return *q ? S("?%s", q + 1) : "";
}

/* Fetches the listing for w and checks its rows are exactly the
 * expected ones; returns the page. */
static struct http_response *
check_listing(int port, json_t *p, struct want w)
{
	const char *target = S(LIST "%s", query_of(w));
	struct http_response *r = page_ok(port, target);
	size_t n;
	char **ids = expected(p, w, &n);
	size_t rows = count_substr(r->body, " id=\"indicator-");
	if (rows != n)
		fail_msg("%s: %zu rows, the plan has %zu such indicators", target, rows, n);
	for (size_t i = 0; i < n; i++)
		if (strstr(r->body, S(" id=\"%s\"", ids[i])) == NULL)
			fail_msg("%s: no row %s", target, ids[i]);
	return r;
}

static const char *const categories[] = {"existing_budget", "investigate",
    "set_aside", "external", "unknown"};

/* ==== filters ==== */

static void
category_filter_lists_exactly_that_category(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	size_t total;
	expected(bodo, (struct want){0}, &total);
	assert_int_equal(total, 103);
	check_listing(s->port, bodo, (struct want){0});
	size_t sum = 0;
	for (size_t i = 0; i < 5; i++) {
		check_listing(s->port, bodo, (struct want){categories[i], NULL, NULL});
		size_t n;
		expected(bodo, (struct want){categories[i], NULL, NULL}, &n);
		sum += n;
	}
	assert_int_equal(sum, total);

	/* What the journalist asked: the measures that must be investigated,
	 * and who is responsible: every row has its measure above it (a
	 * heading linking to it), its resource note and its units. */
	struct http_response *r = check_listing(s->port, bodo,
	    (struct want){"investigate", NULL, NULL});
	assert_contains(r->body, "Må utredes");
	size_t i, j, k, l, x;
	json_t *t, *g, *m, *ind, *u;
	json_array_foreach(json_object_get(bodo, "themes"), i, t)
	json_array_foreach(json_object_get(t, "goals"), j, g)
	json_array_foreach(json_object_get(g, "measures"), k, m)
	json_array_foreach(json_object_get(m, "indicators"), l, ind) {
		if (strcmp(jstr(ind, "resource_category"), "investigate") != 0)
			continue;
		const char *id = S(" id=\"indicator-%s-%lld\"", jstr(m, "id"),
		    json_integer_value(json_object_get(ind, "number")));
		const char *row = strstr(r->body, id);
		const char *end = strstr(row, "</tr>");
		const char *row_s = S("%.*s", (int)(end - row), row);
		json_t *note = json_object_get(ind, "resource_note");
		if (json_is_string(note))
			assert_contains(row_s, esc(json_string_value(note)));
		json_array_foreach(json_object_get(ind, "responsible"), x, u)
			assert_contains(row_s, S("href=\"/units/%s\"", json_string_value(u)));
		/* The nearest measure heading before the row is its measure. */
		const char *h = row;
		while (h > r->body && strncmp(h, "<h3", 3) != 0)
			h--;
		const char *hend = strstr(h, "</h3>");
		const char *mh = strstr(h, S("href=\"/plans/" BODO "/measures/%s\"", jstr(m, "id")));
		if (mh == NULL || mh > hend)
			fail_msg("%s is not under the heading of its measure", id);
	}
	server_stop(s);
}

static void
filters_combine(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	size_t i, j;
	json_t *u, *t;
	size_t nonempty = 0;
	json_array_foreach(json_object_get(bodo, "units"), i, u) {
		const char *uid = jstr(u, "id");
		check_listing(s->port, bodo, (struct want){NULL, uid, NULL});
		struct want w = {"investigate", uid, NULL};
		check_listing(s->port, bodo, w);
		size_t n;
		expected(bodo, w, &n);
		nonempty += n > 0;
	}
	assert_true(nonempty >= 3);
	json_array_foreach(json_object_get(bodo, "themes"), i, t) {
		const char *tid = jstr(t, "id");
		check_listing(s->port, bodo, (struct want){NULL, NULL, tid});
		for (j = 0; j < 5; j++)
			check_listing(s->port, bodo, (struct want){categories[j], NULL, tid});
		check_listing(s->port, bodo,
		    (struct want){"existing_budget", "bodo-helsestasjonene", tid});
	}
	/* An empty value is no filter (the form's "all"). */
	struct http_response *r = page_ok(s->port, LIST "?category=&unit=&theme=");
	assert_int_equal(count_substr(r->body, " id=\"indicator-"), 103);
	server_stop(s);
}

static void
listing_says_what_it_is_filtered_by(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *r = page_ok(s->port,
	    LIST "?category=investigate&unit=bodo-flyktningkontoret");
	/* In words, each with a link that removes it. */
	assert_contains(r->body, "Ressurskategori: Må utredes");
	assert_contains(r->body, "Ansvarlig enhet: Flyktningkontoret");
	assert_contains(r->body, "href=\"" LIST "?unit=bodo-flyktningkontoret\"");
	assert_contains(r->body, "href=\"" LIST "?category=investigate\"");
	r = page_ok(s->port, LIST);
	assert_contains(r->body, "Alle 103 måleindikatorer i planen");
	/* A plan without indicators says so. */
	r = page_ok(s->port, "/plans/" BALS "/indicators");
	assert_contains(r->body, "Planen har ingen måleindikatorer");
	server_stop(s);
}

static void
unknown_values_are_answered_clearly(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct {
		const char *plan, *query, *says;
	} cases[] = {
		{BODO, "?category=nonsense", "«nonsense»"},
		{BODO, "?category=Investigate", "«Investigate»"},
		{BODO, "?unit=no-such-unit", "«no-such-unit»"},
		/* A unit of another plan is not a unit of this one. */
		{BALS, "?unit=politiet", "«politiet»"},
		{BODO, "?theme=no-such-theme", "«no-such-theme»"},
		{BODO, "?category=investigate&theme=%3Cb%3E", "«&lt;b&gt;»"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *list = S("/plans/%s/indicators", cases[i].plan);
		const char *target = S("%s%s", list, cases[i].query);
		struct http_response *r = get_status(s->port, target, 400);
		check_page(r, target);
		assert_contains(r->body, cases[i].says);
		/* No table that could pass for an answer. */
		assert_null(strstr(r->body, " id=\"indicator-"));
		assert_contains(r->body, S("href=\"%s\"", list));
	}
	get_status(s->port, "/plans/no-such-plan/indicators", 404);
	get_status(s->port, "/plans/no-such-plan/indicators?category=investigate", 404);
	server_stop(s);
}

/* ==== the plan page's counts ==== */

static void
every_count_on_the_plan_page_links_to_its_listing(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	struct http_response *plan = page_ok(s->port, "/plans/" BODO);
	const char *sum = strstr(plan->body, "<section class=\"summary\"");
	assert_non_null(sum);
	const char *end = strstr(sum, "</section>");
	size_t links = 0, cats = 0;
	const char *needle = "<a href=\"" LIST;
	for (const char *a = strstr(sum, needle); a && a < end; a = strstr(a + 1, needle)) {
		const char *href = a + strlen("<a href=\"");
		const char *q = strchr(href, '"');
		const char *target = S("%.*s", (int)(q - href), href);
		/* The count is the number the link's text starts with. */
		long count = strtol(q + 2, NULL, 10);
		struct http_response *r = page_ok(s->port, target);
		size_t rows = count_substr(r->body, " id=\"indicator-");
		if ((long)rows != count)
			fail_msg("the plan page says %ld, %s lists %zu", count, target, rows);
		links++;
		cats += strstr(target, "?category=") != NULL;
	}
	/* Every category the plan uses has its link, and the total. */
	size_t used = 0;
	for (size_t i = 0; i < 5; i++) {
		size_t n;
		expected(bodo, (struct want){categories[i], NULL, NULL}, &n);
		used += n > 0;
	}
	assert_int_equal(cats, used);
	assert_int_equal(links, used + 1);

	/* Each theme links to its own listing. */
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(bodo, "themes"), i, t)
		assert_contains(plan->body, S("href=\"" LIST "?theme=%s\"", jstr(t, "id")));
	/* And a unit's page to its indicators in each plan's listing. */
	struct http_response *u = page_ok(s->port, "/units/bodo-helsestasjonene");
	assert_contains(u->body, "href=\"" LIST "?unit=bodo-helsestasjonene\"");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(category_filter_lists_exactly_that_category, teardown),
		cmocka_unit_test_teardown(filters_combine, teardown),
		cmocka_unit_test_teardown(listing_says_what_it_is_filtered_by, teardown),
		cmocka_unit_test_teardown(unknown_values_are_answered_clearly, teardown),
		cmocka_unit_test_teardown(every_count_on_the_plan_page_links_to_its_listing, teardown),
	};
	return cmocka_run_group_tests_name("listing", tests, group_setup, group_teardown);
}

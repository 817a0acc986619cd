/* test_units.c — the unit leader's page: every indicator says who else
 * shares it, indicators are grouped under their measure (its title once,
 * not on every row), resource categories are the coloured tags of the
 * plan page, and its rows are the plan's own indicator table. */
#include "integration/harness.h"

#define HELSE "bodo-helsestasjonene"
#define FAMILIE "bodo-familiesentrene"

/* The table row (from "<tr" to "</tr>") holding needle. */
static const char *
row_with(const char *body, const char *needle, const char *what)
{
	const char *at = strstr(body, needle);
	if (at == NULL)
		fail_msg("%s: no \"%s\" in the page", what, needle);
	const char *start = at;
	while (start > body && strncmp(start, "<tr", 3) != 0)
		start--;
	const char *end = strstr(at, "</tr>");
	if (strncmp(start, "<tr", 3) != 0 || end == NULL)
		fail_msg("%s: \"%s\" is not in a table row", what, needle);
	return S("%.*s", (int)(end - start), start);
}

/* The i-th <td>…</td> of a row. */
static const char *
cell(const char *row, int i)
{
	const char *p = row;
	for (int k = 0; k <= i; k++) {
		p = strstr(p + (k > 0), "<td");
		if (p == NULL)
			fail_msg("no cell %d in %s", i, row);
	}
	const char *end = strstr(p, "</td>");
	return S("%.*s", (int)(end - p), p);
}

struct item {
	const char *measure_id, *measure_title;
	long number;
	json_t *responsible;
};

/* The indicators of plan p that unit is responsible for. */
static struct item *
items_of(json_t *p, const char *unit, size_t *n)
{
	struct item *items = keep(calloc(200, sizeof(*items)), free);
	*n = 0;
	size_t i, j, k, l, u;
	json_t *t, *g, *m, *ind, *ru;
	json_array_foreach(json_object_get(p, "themes"), i, t)
	json_array_foreach(json_object_get(t, "goals"), j, g)
	json_array_foreach(json_object_get(g, "measures"), k, m)
	json_array_foreach(json_object_get(m, "indicators"), l, ind)
	json_array_foreach(json_object_get(ind, "responsible"), u, ru)
		if (strcmp(json_string_value(ru), unit) == 0 && *n < 200)
			items[(*n)++] = (struct item){jstr(m, "id"), jstr(m, "title"),
			    (long)json_integer_value(json_object_get(ind, "number")),
			    json_object_get(ind, "responsible")};
	return items;
}

static const char *
number_link(const char *plan, const struct item *it)
{
	return S("href=\"/plans/%s/measures/%s#indicator-%s-%ld\"", plan,
	    it->measure_id, it->measure_id, it->number);
}

/* ==== shared with ==== */

static void
shared_indicators_name_the_other_units(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	size_t n, shared = 0, with_familie = 0;
	struct item *items = items_of(bodo, HELSE, &n);
	assert_true(n >= 10);
	for (size_t i = 0; i < n; i++) {
		const char *what = S("/units/" HELSE ": %s %ld", items[i].measure_id,
		    items[i].number);
		const char *row = row_with(r->body, number_link(BODO, &items[i]), what);
		size_t others = 0, k;
		json_t *u;
		json_array_foreach(items[i].responsible, k, u) {
			const char *id = json_string_value(u);
			if (strcmp(id, HELSE) == 0)
				continue;
			others++;
			if (strstr(row, S("href=\"/units/%s\"", id)) == NULL)
				fail_msg("%s: shared with %s, but the row does not say so:\n%s",
				    what, id, row);
			with_familie += strcmp(id, FAMILIE) == 0;
		}
		/* The unit itself is not listed as sharing with itself. */
		assert_null(strstr(row, "href=\"/units/" HELSE "\""));
		if (others == 0)
			assert_contains(row, "Bare denne enheten");
		shared += others > 0;
	}
	assert_true(with_familie >= 5);
	assert_true(shared >= with_familie);
	/* The column says what it is. */
	assert_contains(r->body, ">Delt med</th>");
	server_stop(s);
}

/* ==== grouped by measure ==== */

static void
indicators_are_grouped_by_measure(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	size_t n;
	struct item *items = items_of(bodo, HELSE, &n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(items[i].measure_id, items[i - 1].measure_id) == 0)
			continue;
		/* Once per measure, in a heading, whatever its number of rows. */
		const char *link = S("href=\"/plans/" BODO "/measures/%s\"", items[i].measure_id);
		if (count_substr(r->body, link) != 1)
			fail_msg("%s: %zu links to the measure, expected one", items[i].measure_id,
			    count_substr(r->body, link));
		const char *title = esc(items[i].measure_title);
		if (count_substr(r->body, title) != 1)
			fail_msg("the measure title \"%s\" occurs %zu times", title,
			    count_substr(r->body, title));
		const char *at = strstr(r->body, link);
		const char *h3 = at;
		while (h3 > r->body && strncmp(h3, "<h3", 3) != 0)
			h3--;
		assert_true(strncmp(h3, "<h3", 3) == 0 && strstr(h3, "</h3>") > at);
	}
	server_stop(s);
}

/* ==== one component ==== */

static void
unit_rows_are_the_plan_rows(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	size_t n;
	struct item *items = items_of(bodo, HELSE, &n);
	/* Every category is a coloured tag, as on the plan page. */
	assert_int_equal(count_substr(r->body, "class=\"cat cat-"), n);
	for (size_t i = 0; i < n; i++) {
		const char *what = S("%s %ld", items[i].measure_id, items[i].number);
		struct http_response *m = page_ok(s->port,
		    S("/plans/" BODO "/measures/%s", items[i].measure_id));
		const char *prow = row_with(m->body, S("id=\"indicator-%s-%ld\"",
		    items[i].measure_id, items[i].number), what);
		const char *urow = row_with(r->body, number_link(BODO, &items[i]), what);
		/* The indicator and resources cells are the same markup. */
		for (int c = 0; c < 2; c++)
			if (strcmp(cell(prow, c), cell(urow, c)) != 0)
				fail_msg("%s: cell %d differs:\nplan: %s\nunit: %s", what, c,
				    cell(prow, c), cell(urow, c));
	}
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(shared_indicators_name_the_other_units, teardown),
		cmocka_unit_test_teardown(indicators_are_grouped_by_measure, teardown),
		cmocka_unit_test_teardown(unit_rows_are_the_plan_rows, teardown),
	};
	return cmocka_run_group_tests_name("units", tests, group_setup, group_teardown);
}

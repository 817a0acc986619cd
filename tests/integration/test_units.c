/* test_units.c — the unit leader's page: every indicator that falls to
 * the unit (its own, those of the collective roles that apply to it and
 * those of the units above it) is there once, marked in words with how
 * it falls to the unit and whom it is shared with; indicators are grouped
 * under their measure (its title once, not on every row), resource
 * categories are the coloured tags of the plan page, and its rows are the
 * plan's own indicator table. The expected marks are worked out from the
 * plan files (harness.c: plan_falls_to), on Bodø's data and on a fixture
 * with parents (units-plan.json); the list of units shows the tree. */
#include "integration/harness.h"

#define HELSE "bodo-helsestasjonene"
#define FAMILIE "bodo-familiesentrene"

/* Marks, as the page words them in Norwegian. */
#define M_ALONE      "<span class=\"duty duty-direct\">Bare denne enheten</span>"
#define M_SHARED     "<span class=\"duty duty-shared\">Delt med</span>"
#define M_ROLE       "<span class=\"duty duty-collective\">Gjennom fellesrollen</span>"
#define M_ABOVE      "<span class=\"duty duty-parent\">Gjennom overordnet enhet</span>"
#define M_ALSO       "<span class=\"duty duty-others\">Også ansvarlig</span>"

struct item {
	const char *measure_id, *measure_title;
	long number;
	json_t *responsible;
	unsigned ways;   /* plan_falls_to */
};

/* The indicators of plan p that fall to unit, in the plan's order. */
static struct item *
items_of(json_t *p, const char *unit, size_t *n)
{
	struct item *items = keep(calloc(200, sizeof(*items)), free);
	*n = 0;
	size_t i, j, k, l;
	json_t *t, *g, *m, *ind;
	json_array_foreach(json_object_get(p, "themes"), i, t)
	json_array_foreach(json_object_get(t, "goals"), j, g)
	json_array_foreach(json_object_get(g, "measures"), k, m)
	json_array_foreach(json_object_get(m, "indicators"), l, ind) {
		json_t *resp = json_object_get(ind, "responsible");
		unsigned ways = plan_falls_to(p, unit, resp);
		if (ways && *n < 200)
			items[(*n)++] = (struct item){jstr(m, "id"), jstr(m, "title"),
			    (long)json_integer_value(json_object_get(ind, "number")), resp, ways};
	}
	return items;
}

static const char *
number_link(const char *plan, const struct item *it)
{
	return S("href=\"/plans/%s/measures/%s#indicator-%s-%ld\"", plan,
	    it->measure_id, it->measure_id, it->number);
}

/* Checks the "Tildelt" cell of every indicator that falls to unit in
 * plan p (served as plan_id) against the plan file; returns how many
 * came through a role and through a unit above. */
static void
check_marks(int port, json_t *p, const char *plan_id, const char *unit, size_t *roles,
    size_t *above)
{
	struct http_response *r = page_ok(port, S("/units/%s", unit));
	size_t n;
	struct item *items = items_of(p, unit, &n);
	/* Each once, and nothing else. */
	if (count_substr(r->body, "#indicator-") != n)
		fail_msg("/units/%s: %zu indicator rows, expected %zu", unit,
		    count_substr(r->body, "#indicator-"), n);
	if (n > 0)
		assert_contains(r->body, ">Tildelt</th>");
	for (size_t i = 0; i < n; i++) {
		const struct item *it = &items[i];
		const char *what = S("/units/%s: %s %ld", unit, it->measure_id, it->number);
		const char *c = row_cell(row_with(r->body, number_link(plan_id, it), what), 2);
		bool direct = it->ways & FALLS_DIRECT;
		size_t others = 0, k;
		json_t *u;
		json_array_foreach(it->responsible, k, u) {
			const char *id = json_string_value(u);
			if (strcmp(id, unit) == 0)
				continue;
			json_t *one = json_array();
			json_array_append_new(one, json_string(id));
			unsigned via = plan_falls_to(p, unit, one);
			json_decref(one);
			const char *link = S("<a href=\"/units/%s\">", id);
			if (via & FALLS_COLLECTIVE) {
				assert_contains(c, S(M_ROLE " %s", link));
				++*roles;
			}
			if (via & FALLS_PARENT) {
				assert_contains(c, S(M_ABOVE " %s", link));
				++*above;
			}
			if (direct || via == 0) {
				others++;
				if (strstr(c, link) == NULL)
					fail_msg("%s: shared with %s, but the cell does not say so:\n%s",
					    what, id, c);
			}
		}
		/* Never a link to the unit itself. */
		assert_not_contains(c, S("href=\"/units/%s\"", unit));
		if (direct && others == 0)
			assert_contains(c, M_ALONE);
		else if (direct)
			assert_contains(c, M_SHARED);
		else if (others > 0)
			assert_contains(c, M_ALSO);
		if (!direct) {
			assert_not_contains(c, M_ALONE);
			assert_not_contains(c, M_SHARED);
		}
	}
}

/* ==== marks on Bodø's data ==== */

static void
every_row_says_how_it_falls_to_the_unit(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = load_json_file(BODO_FILE);
	static const char *const units[] = {HELSE, "bodo-barneverntjenesten",
	    "krisesenteret-i-salten", "bodo-kommunaldirektorene", "bodo-virksomhetsledere",
	    "bodo-kommunen", "atv", FAMILIE};
	size_t roles = 0, above = 0;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		check_marks(s->port, bodo, BODO, units[i], &roles, &above);
	/* Virksomhetsledere and Virksomhetene reach every municipal unit. */
	assert_true(roles >= 5 * 12);
	assert_int_equal(above, 0); /* the plan names no unit above another */

	/* Helsestasjonene: shared with Familiesentrene, and reached through
	 * both roles. */
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	assert_true(count_substr(r->body, M_SHARED " <a href=\"/units/" FAMILIE "\">") >= 5);
	assert_contains(r->body, M_ROLE " <a href=\"/units/bodo-virksomhetsledere\">");
	assert_contains(r->body, M_ROLE " <a href=\"/units/bodo-virksomhetene\">");
	/* An external body is no member of a municipality's roles. */
	r = page_ok(s->port, "/units/atv");
	assert_not_contains(r->body, M_ROLE);
	server_stop(s);
}

/* What the page says a unit is, and what falls to it by which way. */
static void
unit_page_says_where_the_unit_stands(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = load_json_file(BODO_FILE);
	size_t n;
	struct item *items = items_of(bodo, HELSE, &n);
	size_t alone = 0, shared = 0, roles = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].ways & FALLS_DIRECT)
			json_array_size(items[i].responsible) == 1 ? alone++ : shared++;
		else
			roles++;
	}
	assert_true(alone > 0 && shared > 0 && roles > 0);
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	assert_contains(r->body, S("%zu måleindikatorer faller på den.", n));
	assert_contains(r->body, S("<li>%zu tildelt bare denne enheten</li>", alone));
	assert_contains(r->body, S("<li>%zu tildelt den og delt med andre enheter</li>", shared));
	assert_contains(r->body, S("<li>%zu gjennom fellesroller</li>", roles));
	assert_not_contains(r->body, "gjennom enheter over den");
	assert_contains(r->body, "<dt>Fellesroller som gjelder den</dt>");
	assert_contains(r->body, "<dd>Bodø kommune</dd>");
	/* The step of Virksomhetsledere falls to it too, marked. */
	assert_contains(r->body, "Virksomhetene tar i bruk handlingsplanen");

	r = page_ok(s->port, "/units/bodo-virksomhetsledere");
	assert_contains(r->body, "Kommunal enhet, en fellesrolle.");
	assert_contains(r->body, "<dt>Fellesrolle for</dt><dd>hver enhet i Bodø kommune</dd>");
	r = page_ok(s->port, "/units/bodo-kommunaldirektorene");
	assert_contains(r->body, "<dt>Fellesrolle for</dt><dd>enheter planene ikke navngir</dd>");
	assert_not_contains(r->body, "Fellesroller som gjelder den");
	r = page_ok(s->port, "/units/atv");
	assert_contains(r->body, "Ekstern instans.");
	assert_not_contains(r->body, "Fellesrolle");
	get_status(s->port, "/units/no-such-unit", 404);
	server_stop(s);
}

/* ==== parents ==== */

/* On the fixture: indicators reach the units below, two levels down; a
 * role reaches the units it names but not the units below them. */
static void
parents_pass_their_indicators_down(void **state)
{
	(void)state;
	char *dir = new_dir("parents");
	char *db = new_db(dir, "units");
	import_ok(db, UNITS_FILE);
	struct server *s = server_start(db);
	json_t *p = load_json_file(UNITS_FILE);
	static const char *const units[] = {"enhetsby-helse", "enhetsby-helsestasjon",
	    "enhetsby-skolehelse", "enhetsby-smabarn", "enhetsby-ledere",
	    "enhetsby-direktorer", "politiet-enhetsby"};
	size_t roles = 0, above = 0;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		check_marks(s->port, p, UNITS, units[i], &roles, &above);
	/* Helse's 3 to the three units below it, and Helsestasjonen's 1 and 2
	 * to Småbarnsteamet below it. */
	assert_int_equal(above, 5);

	struct http_response *r = page_ok(s->port, "/units/enhetsby-smabarn");
	const char *c = row_cell(row_with(r->body, "#indicator-oppfolging-3\"", "småbarn 3"), 2);
	assert_contains(c, M_ABOVE " <a href=\"/units/enhetsby-helse\">Helse og omsorg</a>");
	assert_contains(r->body, "<dt>Del av</dt><dd><a href=\"/units/enhetsby-helse\">Helse og "
	    "omsorg</a> › <a href=\"/units/enhetsby-helsestasjon\">Helsestasjonen</a></dd>");
	assert_contains(r->body, "<li>3 gjennom enheter over den</li>");
	/* Kommunaldirektørene apply to Helse og omsorg, not below it. */
	r = page_ok(s->port, "/units/enhetsby-helse");
	assert_contains(r->body, "#indicator-oppfolging-5\"");
	assert_contains(r->body, "<dt>Enheter under den</dt><dd><a href=\"/units/"
	    "enhetsby-helsestasjon\">Helsestasjonen</a>, <a href=\"/units/enhetsby-skolehelse\">"
	    "Skolehelsetjenesten</a></dd>");
	assert_not_contains(page_ok(s->port, "/units/enhetsby-helsestasjon")->body,
	    "#indicator-oppfolging-5\"");
	r = page_ok(s->port, "/units/enhetsby-direktorer");
	assert_contains(r->body, "<dt>Fellesrolle for</dt><dd><a href=\"/units/enhetsby-helse\">"
	    "Helse og omsorg</a></dd>");

	/* The list: units nested under the unit they are part of, roles
	 * marked in words. */
	r = page_ok(s->port, "/units");
	const char *helse = strstr(r->body, "<li><a href=\"/units/enhetsby-helse\">");
	assert_non_null(helse);
	const char *end = strstr(helse, "</ul></li>");
	const char *stasjon = strstr(helse, "<ul><li><a href=\"/units/enhetsby-helsestasjon\">");
	const char *smabarn = stasjon ? strstr(stasjon,
	    "<ul><li><a href=\"/units/enhetsby-smabarn\">") : NULL;
	if (stasjon == NULL || smabarn == NULL)
		fail_msg("the units are not nested under their parents:\n%s", r->body);
	assert_non_null(end);
	assert_contains(r->body, "<h3>Enhetsby kommune</h3>");
	assert_contains(r->body, "<a href=\"/units/enhetsby-ledere\">Virksomhetsledere</a> "
	    "<span class=\"duty duty-collective\">fellesrolle</span>");
	server_stop(s);
}

/* Bodø's plan names no unit above another (docs/data-notes.md). Were
 * Helsestasjonene under HO (Helse- og omsorg), HO's indicators would be
 * on its page, each marked as coming through HO. */
static void
a_parent_in_bodo_would_be_marked(void **state)
{
	(void)state;
	json_t *p = keep(json_deep_copy(load_json_file(BODO_FILE)), free_json);
	json_object_set_new(plan_unit_json(p, HELSE), "parent", json_string("bodo-ho"));
	char *dir = new_dir("bodo-parent");
	char *file = S("%s/bodo.json", dir);
	write_json(file, p);
	char *db = new_db(dir, "bodo");
	import_ok(db, file);
	struct server *s = server_start(db);
	size_t roles = 0, above = 0;
	check_marks(s->port, p, BODO, HELSE, &roles, &above);
	assert_int_equal(above, 6); /* HO is responsible for six indicators */
	struct http_response *r = page_ok(s->port, "/units/" HELSE);
	assert_contains(r->body, M_ABOVE " <a href=\"/units/bodo-ho\">HO (Helse- og omsorg)</a>");
	assert_contains(r->body, "<li>6 gjennom enheter over den</li>");
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
			if (strcmp(row_cell(prow, c), row_cell(urow, c)) != 0)
				fail_msg("%s: cell %d differs:\nplan: %s\nunit: %s", what, c,
				    row_cell(prow, c), row_cell(urow, c));
	}
	server_stop(s);
}

/* Every mark starts with words (colour only helps). */
static void
marks_are_words(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *pages[] = {"/units/" HELSE, "/units/bodo-barneverntjenesten", "/units"};
	size_t marks = 0;
	for (size_t i = 0; i < 3; i++) {
		const char *body = page_ok(s->port, pages[i])->body;
		for (const char *at = strstr(body, "<span class=\"duty "); at;
		    at = strstr(at + 1, "<span class=\"duty ")) {
			const char *text = strchr(at, '>') + 1;
			if (strncmp(text, "</span>", 7) == 0 || !isalpha((unsigned char)*text))
				fail_msg("%s: a mark without words: %.80s", pages[i], at);
			marks++;
		}
	}
	assert_true(marks > 20);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_row_says_how_it_falls_to_the_unit, teardown),
		cmocka_unit_test_teardown(unit_page_says_where_the_unit_stands, teardown),
		cmocka_unit_test_teardown(parents_pass_their_indicators_down, teardown),
		cmocka_unit_test_teardown(a_parent_in_bodo_would_be_marked, teardown),
		cmocka_unit_test_teardown(indicators_are_grouped_by_measure, teardown),
		cmocka_unit_test_teardown(unit_rows_are_the_plan_rows, teardown),
		cmocka_unit_test_teardown(marks_are_words, teardown),
	};
	return cmocka_run_group_tests_name("units", tests, group_setup, group_teardown);
}

/* test_help_audience.c — the ways into the help pages and the order of
 * their services (domain/help_audience.h): which services a way lists,
 * kind in the way's order, local before national, rank, name; and every
 * kind placed once in every way's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help_audience.h"

#define A(x) HELP_AUDIENCE_BIT(HELP_AUD_##x)

static struct help_service *
add(struct help_list *l, const char *id, const char *name, enum help_kind kind,
    unsigned audiences, const char *owner, int rank)
{
	struct help_service *s = help_list_add(l);
	s->id = arena_strdup(&l->arena, id);
	s->name.nb = arena_strdup(&l->arena, name);
	s->kind = kind;
	s->audiences = audiences;
	s->owner = arena_strdup(&l->arena, owner);
	s->rank = rank;
	return s;
}

/* The ids of way w's services for org, joined by spaces. */
static const char *
listed(const struct help_list *l, enum help_way w, const char *org)
{
	static char out[512];
	size_t order[32];
	size_t n = help_way_select(l, w, org, order);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? " " : "",
		    l->items[order[i]].id);
	return out;
}

static void
order_of_a_way(void **state)
{
	(void)state;
	struct help_list *l = help_list_new();
	add(l, "web", "Nett", HELP_KIND_WEB_RESOURCE, A(ADULTS), NULL, 1);
	add(l, "vo", "VO-linjen", HELP_KIND_HELPLINE, A(ADULTS) | A(WOMEN), NULL, 1);
	add(l, "lokal-linje", "Lokal linje", HELP_KIND_HELPLINE, A(ADULTS), "bodo", 50);
	add(l, "krise", "Krisesenter", HELP_KIND_CRISIS_CENTRE, A(WOMEN), "bodo", 10);
	add(l, "nod", "Nødnummer", HELP_KIND_EMERGENCY, A(ADULTS) | A(CHILDREN), NULL, 100);
	add(l, "b-linje", "B-linje", HELP_KIND_HELPLINE, A(ADULTS), NULL, 1);
	add(l, "a-linje", "A-linje", HELP_KIND_HELPLINE, A(MINORITY), NULL, 1);
	add(l, "tjener", "Tjener Bodø", HELP_KIND_HELPLINE, A(ADULTS), "salten", 60);
	add(l, "barn", "Barnevern", HELP_KIND_CHILD_WELFARE, A(CHILDREN), "bodo", 10);
	add(l, "atv", "ATV", HELP_KIND_COUNSELLING, A(USES_VIOLENCE), "bodo", 10);
	/* "tjener" is Salten's and serves Fauske and Bodø (adding moves the
	 * items: taken after the last add). */
	struct help_service *serves = &l->items[7];
	char *orgs[] = {"fauske", "bodo"};
	serves->serves = orgs;
	serves->nserves = 2;

	/* Adults (with women and minorities): emergency; the crisis
	 * centre; helplines, the local ones (Bodø's own, and one serving
	 * Bodø) by rank before the national ones by rank and name; the
	 * web. */
	assert_string_equal(listed(l, HELP_WAY_ADULTS, "bodo"),
	    "nod krise lokal-linje tjener a-linje b-linje vo web");
	/* For another organisation Bodø's services are not local. */
	assert_string_equal(listed(l, HELP_WAY_ADULTS, "balsfjord"),
	    "nod krise a-linje b-linje vo lokal-linje tjener web");
	assert_string_equal(listed(l, HELP_WAY_CHILDREN, "bodo"), "nod barn");
	assert_string_equal(listed(l, HELP_WAY_USES_VIOLENCE, "bodo"), "atv");
	assert_string_equal(listed(l, HELP_WAY_PROFESSIONALS, "bodo"), "");

	assert_true(help_service_local(&l->items[2], "bodo"));
	assert_true(help_service_local(serves, "bodo"));
	assert_true(help_service_local(serves, "salten"));
	assert_false(help_service_local(serves, "balsfjord"));
	assert_false(help_service_local(&l->items[1], "bodo"));  /* national */
	serves->serves = NULL;
	serves->nserves = 0;
	help_list_free(l);
}

static void
every_way_orders_every_kind_once(void **state)
{
	(void)state;
	for (int w = 0; w < HELP_WAY__MAX; w++) {
		const struct help_way_def *d = &help_ways[w];
		assert_non_null(d->slug);
		assert_int_equal(help_way_parse(d->slug), w);
		assert_int_not_equal(d->audiences, 0);
		/* Someone in danger: emergency services first on every page. */
		assert_int_equal(d->kinds[0], HELP_KIND_EMERGENCY);
		unsigned seen = 0;
		for (int k = 0; k < HELP_KIND__MAX; k++)
			seen |= 1u << d->kinds[k];
		if (seen != (1u << HELP_KIND__MAX) - 1)
			fail_msg("the way %s does not order every kind once", d->slug);
	}
	assert_int_equal(help_way_parse("voksne"), HELP_WAY_ADULTS);
	assert_int_equal(help_way_parse("Voksne"), -1);
	assert_int_equal(help_way_parse(""), -1);
	assert_int_equal(help_way_parse(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_of_a_way),
		cmocka_unit_test(every_way_orders_every_kind_once),
	};
	return cmocka_run_group_tests_name("help_audience", tests, NULL, NULL);
}

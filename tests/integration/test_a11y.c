/* test_a11y.c — what can be checked of accessibility without a browser:
 * page titles name the page (and the plan, and the search words), every
 * page's footer links to the accessibility statement, which exists and
 * names a contact, table cells carry one label for assistive technology,
 * and the stylesheet's focus ring and field border contrast at least 3:1
 * with what surrounds them (WCAG 1.4.11). The rest (axe-core, reflow at
 * 360 and 320 px, the keyboard walks) needs a real browser: tests/browser/. */
#include "integration/harness.h"

#include <math.h>

#define STATEMENT "/tilgjengelighet"

static const char *
title_of(const struct http_response *r)
{
	const char *a = strstr(r->body, "<title>");
	const char *b = a ? strstr(a, "</title>") : NULL;
	if (b == NULL)
		fail_msg("no <title> in %.200s", r->body);
	a += strlen("<title>");
	return S("%.*s", (int)(b - a), a);
}

#define assert_title(r, want) do { \
	const char *t_ = title_of(r), *w_ = (want); \
	if (strcmp(t_, w_) != 0) \
		fail_msg("title \"%s\", expected \"%s\"", t_, w_); \
} while (0)

/* ==== titles ==== */

static void
titles_name_the_page_and_its_plan(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	json_t *p = api_plan(port, BODO);
	const char *plan = esc(jstr(p, "title"));
	const char *theme = esc(jstr(p, "themes.2.title"));
	const char *measure = esc(jstr(p, "themes.2.goals.0.measures.0.title"));

	assert_title(page_ok(port, "/plans/" BODO), S("%s – tiltak", plan));
	assert_title(page_ok(port, S("/plans/" BODO "/themes/%s", jstr(p, "themes.2.id"))),
	    S("%s – %s – tiltak", theme, plan));
	assert_title(page_ok(port, S("/plans/" BODO "/measures/%s",
	    jstr(p, "themes.2.goals.0.measures.0.id"))), S("%s – %s – tiltak", measure, plan));
	assert_title(page_ok(port, "/plans/" BODO "/indicators"),
	    S("Måleindikatorer – %s – tiltak", plan));
	assert_title(page_ok(port, "/plans/" BODO "/indicators?category=investigate"
	    "&unit=bodo-flyktningkontoret"),
	    S("Måleindikatorer: Må utredes, Flyktningkontoret – %s – tiltak", plan));
	assert_title(page_ok(port, "/search?q=vold+%C3%A5r"), "«vold år» – Søk – tiltak");
	assert_title(page_ok(port, "/search?q=%3Cb%3E"), "«&lt;b&gt;» – Søk – tiltak");
	assert_title(page_ok(port, "/search"), "Søk – tiltak");
	assert_title(page_ok(port, "/units/bodo-helsestasjonene"),
	    "Helsestasjonene – Enheter – tiltak");
	assert_title(page_ok(port, STATEMENT), "Tilgjengelighetserklæring – tiltak");
	server_stop(s);
}

/* ==== the statement ==== */

static void
every_footer_links_to_the_statement(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	const char *targets[] = {"/", "/plans/" BODO, "/plans/" BODO "/themes/forebygge",
	    "/plans/" BODO "/measures/foreldre", "/plans/" BODO "/indicators",
	    "/plans/" BODO "/indicators?unit=nobody", "/units",
	    "/units/bodo-helsestasjonene", "/search", "/search?q=vold", "/no-such-page",
	    STATEMENT};
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct http_response *r = get(port, targets[i]);
		check_page(r, targets[i]);
		const char *footer = strstr(r->body, "<footer");
		if (footer == NULL || strstr(footer, "href=\"" STATEMENT "\"") == NULL)
			fail_msg("%s: the footer does not link to " STATEMENT, targets[i]);
	}

	struct http_response *r = page_ok(port, STATEMENT);
	assert_contains(r->body, "<h1>Tilgjengelighetserklæring</h1>");
	assert_contains(r->body, "WCAG 2.1");
	/* What was tested, what is known not to work, and where to report. */
	assert_contains(r->body, "axe-core");
	assert_contains(r->body, "uutilsynet.no");
	/* No contact set: the organisations that publish the plans. */
	assert_contains(r->body, "Bodø kommune");
	assert_contains(r->body, "Balsfjord kommune");
	server_stop(s);

	/* The installation's own contact, when it names one. */
	setenv("TILTAK_CONTACT", "postmottak@testby.kommune.no", 1);
	s = server_start(base_db);
	unsetenv("TILTAK_CONTACT");
	r = page_ok(s->port, STATEMENT);
	assert_contains(r->body, "href=\"mailto:postmottak@testby.kommune.no\"");
	server_stop(s);
	setenv("TILTAK_CONTACT", "Servicetorget, telefon 75 55 50 00", 1);
	s = server_start(base_db);
	unsetenv("TILTAK_CONTACT");
	r = page_ok(s->port, STATEMENT);
	assert_contains(r->body, "Servicetorget, telefon 75 55 50 00");
	assert_null(strstr(r->body, "mailto:"));
	server_stop(s);
}

/* ==== one label per cell ==== */

static void
table_cells_have_one_label(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *targets[] = {"/plans/" BODO, "/plans/" BODO "/measures/foreldre",
	    "/units/bodo-helsestasjonene", "/plans/" BODO "/indicators"};
	static const char label[] = "<span class=\"cell-label\" aria-hidden=\"true\">";
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct http_response *r = page_ok(s->port, targets[i]);
		/* Generated content (::before from data-label) is read out as part
		 * of the cell: the label would be heard twice. */
		assert_null(strstr(r->body, "data-label"));
		size_t cells = 0;
		const char *kinds[] = {"<table class=\"indicators\"", "<table class=\"steps\""};
		for (int k = 0; k < 2; k++)
		for (const char *t = strstr(r->body, kinds[k]); t; t = strstr(t + 1, kinds[k])) {
			const char *end = strstr(t, "</table>");
			const char *body = strstr(t, "<tbody>");
			for (const char *c = body; c && c < end; c++) {
				if (strncmp(c, "<td", 3) != 0 && strncmp(c, "<th scope=\"row\"", 15) != 0)
					continue;
				const char *gt = strchr(c, '>');
				if (strncmp(gt + 1, label, strlen(label)) != 0)
					fail_msg("%s: a cell without its label: %.120s", targets[i], c);
				cells++;
			}
		}
		assert_true(cells > 0);
	}
	struct http_response *r = page_ok(s->port, "/plans/" BODO);
	assert_contains(r->body, "<table class=\"steps\"");
	server_stop(s);
}

/* ==== contrast ==== */

static double
channel(int v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* The relative luminance (WCAG 2.1) of a colour "#rrggbb". */
static double
luminance(const char *hex)
{
	unsigned r, g, b;
	if (strlen(hex) != 7 || sscanf(hex, "#%2x%2x%2x", &r, &g, &b) != 3)
		fail_msg("not a #rrggbb colour: %s", hex);
	return 0.2126 * channel((int)r) + 0.7152 * channel((int)g) + 0.0722 * channel((int)b);
}

static double
contrast(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The value of the custom property --name in css. */
static const char *
property(const char *css, const char *name)
{
	const char *p = strstr(css, S("--%s:", name));
	if (p == NULL)
		fail_msg("the stylesheet has no --%s", name);
	p += strlen(name) + 3;
	while (*p == ' ')
		p++;
	return S("%.7s", p);
}

/* The declarations of the first rule whose selector is exactly sel. */
static const char *
rule(const char *css, const char *sel)
{
	for (const char *p = strstr(css, sel); p; p = strstr(p + 1, sel)) {
		if (p > css && p[-1] != '\n' && p[-1] != ' ' && p[-1] != ',')
			continue;
		const char *q = p + strlen(sel);
		while (*q == ' ')
			q++;
		if (*q != '{')
			continue;
		return S("%.*s", (int)(strchr(q, '}') - q), q);
	}
	fail_msg("the stylesheet has no rule for %s", sel);
	return NULL;
}

static void
focus_ring_and_field_border_contrast(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *r = get_status(s->port, "/static/style.css", 200);
	const char *css = r->body;
	const char *paper = property(css, "paper"), *accent = property(css, "accent");
	struct {
		const char *fg, *bg;
	} pairs[] = {
		{"focus", "paper"},            /* the ring on the page */
		{"focus", "tint"},             /* in the contents box */
		{"focus-on-accent", "accent"}, /* the ring in the blue header */
		{"field-border", "paper"},     /* a text field's edge */
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		double c = contrast(property(css, pairs[i].fg), property(css, pairs[i].bg));
		if (c < 3.0)
			fail_msg("--%s on --%s: %.2f:1, WCAG 1.4.11 needs 3:1", pairs[i].fg,
			    pairs[i].bg, c);
	}
	(void)paper;
	(void)accent;
	/* And the rules use them. */
	assert_contains(rule(css, "header.site :focus-visible"), "var(--focus-on-accent)");
	assert_contains(rule(css, ".skip:focus-visible"), "var(--focus-on-accent)");
	assert_contains(rule(css, "input, select"), "var(--field-border)");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(titles_name_the_page_and_its_plan, teardown),
		cmocka_unit_test_teardown(every_footer_links_to_the_statement, teardown),
		cmocka_unit_test_teardown(table_cells_have_one_label, teardown),
		cmocka_unit_test_teardown(focus_ring_and_field_border_contrast, teardown),
	};
	return cmocka_run_group_tests_name("a11y", tests, group_setup, group_teardown);
}

/* test_html.c — the escaping HTML writer, URL builders and Markdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "views/admin.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/markdown.h"
#include "util/xalloc.h"

static char *
render_md(const char *md, int level)
{
	struct html *h = html_new();
	markdown_render(h, md, level);
	return html_finish(h, NULL);
}

static void
text_is_escaped(void **state)
{
	(void)state;
	struct html *h = html_new();
	html_text(h, "<script>alert('x') & \"y\"</script>");
	char *s = html_finish(h, NULL);
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	free(s);
}

static void
attributes_are_escaped_and_null_skipped(void **state)
{
	(void)state;
	struct html *h = html_new();
	html_open(h, "a", "href", "/x?a=1&b=\"2\"", "title", NULL, "class", "c'd", NULL);
	html_text(h, "t");
	html_close(h, "a");
	char *s = html_finish(h, NULL);
	assert_string_equal(s, "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" class=\"c&#39;d\">t</a>");
	free(s);
}

static void
elem_and_printf_escape(void **state)
{
	(void)state;
	struct html *h = html_new();
	html_elem(h, "p", "a<b", "id", "x", NULL);
	html_printf(h, "%d %s", 3, "<&>");
	html_void(h, "br", NULL);
	char *s = html_finish(h, NULL);
	assert_string_equal(s, "<p id=\"x\">a&lt;b</p>3 &lt;&amp;&gt;<br>");
	free(s);
}

static void
html_escape_copies(void **state)
{
	(void)state;
	char *s = html_escape("plain æøå");
	assert_string_equal(s, "plain æøå");
	free(s);
	s = html_escape("");
	assert_string_equal(s, "");
	free(s);
}

static void
url_path_encodes_segments(void **state)
{
	(void)state;
	char *s = url_path("plans", "a b/c?d", "æ", NULL);
	assert_string_equal(s, "/plans/a%20b%2Fc%3Fd/%C3%A6");
	free(s);
	s = url_query_escape("vold & barn");
	assert_string_equal(s, "vold%20%26%20barn");
	free(s);
}


/* url_path and url_home write the current thread's language prefix on
 * public paths, never on the sign-in page, the signed-in area, static
 * files or the API. */
static void
url_path_keeps_the_language(void **state)
{
	(void)state;
	const char *const langs[] = {"nb", "nn", "en"};
	const char *const prefixes[] = {"", "/nn", "/en"};
	for (int i = 0; i < 3; i++) {
		i18n_use(langs[i]);
		assert_string_equal(i18n_lang(), langs[i]);
		char *s = url_path("plans", "a b", NULL);
		char *want = xasprintf("%s/plans/a%%20b", prefixes[i]);
		assert_string_equal(s, want);
		free(s);
		free(want);
		s = url_path(NULL, NULL);
		want = xasprintf("%s/", prefixes[i]);
		assert_string_equal(s, want);
		assert_string_equal(url_home(), want);
		free(s);
		free(want);
		s = url_path("hjelp", "bodo", NULL);
		want = xasprintf("%s/hjelp/bodo", prefixes[i]);
		assert_string_equal(s, want);
		free(s);
		free(want);
		const char *const fixed[][2] = {
			{"admin", "/admin"}, {"login", "/login"},
			{"static", "/static"}, {"api", "/api"},
		};
		for (size_t k = 0; k < 4; k++) {
			s = url_path(fixed[k][0], NULL);
			assert_string_equal(s, fixed[k][1]);
			free(s);
		}
		/* A link written in a plan's text. */
		s = url_local("/units/x?side=2#top");
		want = xasprintf("%s/units/x?side=2#top", prefixes[i]);
		assert_string_equal(s, want);
		free(s);
		free(want);
		s = url_local("/#top");
		want = xasprintf("%s/#top", prefixes[i]);
		assert_string_equal(s, want);
		free(s);
		free(want);
		s = url_local("/static/style.css");
		assert_string_equal(s, "/static/style.css");
		free(s);
		s = url_local("https://example.org/x");
		assert_string_equal(s, "https://example.org/x");
		free(s);
		s = url_local("//example.org/x");
		assert_string_equal(s, "//example.org/x");
		free(s);
	}
	/* Text in bokmål is marked on the other languages' pages only. */
	i18n_use("nb");
	assert_null(i18n_lang_attr("nb"));
	assert_string_equal(i18n_lang_attr("en"), "en");
	i18n_use("en");
	assert_string_equal(i18n_lang_attr("nb"), "nb");
	assert_null(i18n_lang_attr("en"));
	assert_null(i18n_lang_attr(NULL));
	/* An unknown code is bokmål. */
	i18n_use("xx");
	assert_string_equal(i18n_lang(), "nb");
	char *s = url_path("units", NULL);
	assert_string_equal(s, "/units");
	free(s);
	i18n_use("en");
	i18n_reset();
	assert_string_equal(i18n_lang(), "nb");
	assert_null(i18n_address());
}

/* A link in a plan's text stays in the reader's language. */
static void
markdown_site_links_keep_the_language(void **state)
{
	(void)state;
	i18n_use("nn");
	char *s = render_md("[a](/units/x) [b](https://example.org/) [c](/admin)", 2);
	i18n_reset();
	assert_non_null(strstr(s, "href=\"/nn/units/x\""));
	assert_non_null(strstr(s, "href=\"https://example.org/\""));
	assert_non_null(strstr(s, "href=\"/admin\""));
	free(s);
}

static void
markdown_paragraphs_lists_headings(void **state)
{
	(void)state;
	char *s = render_md("# Top\n\nPara *em* **strong**.\n\n- a\n- b\n\n3. x\n4. y\n", 3);
	assert_string_equal(s, "<h3>Top</h3><p>Para <em>em</em> <strong>strong</strong>.</p>"
	    "<ul><li>a</li><li>b</li></ul><ol start=\"3\"><li>x</li><li>y</li></ol>");
	free(s);
}

static void
markdown_raw_html_is_text(void **state)
{
	(void)state;
	char *s = render_md("<script>alert(1)</script>\n\nHi <b onclick=\"x\">b</b>", 2);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<b "));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_non_null(strstr(s, "&lt;b onclick=&quot;x&quot;&gt;"));
	free(s);
}

static void
markdown_links_only_safe_schemes(void **state)
{
	(void)state;
	char *s = render_md("[ok](https://dinutvei.no) [bad](javascript:alert(1)) "
	    "[rel](/plans/x) [proto](//evil.example) ![alt text](https://x.example/i.png)", 2);
	assert_non_null(strstr(s, "<a href=\"https://dinutvei.no\" rel=\"external noreferrer\">ok</a>"));
	assert_non_null(strstr(s, "<a href=\"/plans/x\">rel</a>"));
	assert_null(strstr(s, "javascript"));
	assert_null(strstr(s, "evil.example"));
	assert_null(strstr(s, "<img"));
	assert_non_null(strstr(s, "alt text"));
	free(s);
	/* Browsers read '\\' as '/' and drop tabs: both would make "//host". */
	s = render_md("[a](/\\evil.example) [b](</\t/evil.example>) [c](/plans/%20x)", 2);
	assert_null(strstr(s, "evil.example\""));
	char *href = strstr(s, "href");
	assert_non_null(href);                       /* the one safe link… */
	assert_null(strstr(href + 1, "href"));       /* …is the only one */
	assert_non_null(strstr(s, "<a href=\"/plans/%20x\">c</a>"));
	free(s);
}

static void
markdown_nested_images_stay_text(void **state)
{
	(void)state;
	char *s = render_md("![outer ![inner](i.png) *tail*](o.png) after *em*", 2);
	assert_null(strstr(s, "<img"));
	assert_null(strstr(s, "<em>tail</em>")); /* alt text is plain text */
	assert_non_null(strstr(s, "tail"));
	assert_non_null(strstr(s, "<em>em</em>")); /* after the image: markup again */
	free(s);
}

/* The checkbox group of the editing forms: values and labels escaped,
 * the checked ones marked, the fieldset named for the error summary,
 * the hint and error tied to it. */
static void
checkboxes_escape_and_mark(void **state)
{
	(void)state;
	struct html *h = html_new();
	const struct option opts[] = {{"a", "Enhet <A>"}, {"b\"", "B & C"}};
	const char *checked[] = {"b\""};
	form_checkboxes(h, "units", "Ansvar", opts, 2, checked, 1, "Velg", "Feil <x>", true);
	char *s = html_finish(h, NULL);
	assert_non_null(strstr(s, "<fieldset id=\"units\" aria-describedby=\"units-hint "
	    "units-error\">"));
	assert_non_null(strstr(s, "<label for=\"units-a\">Enhet &lt;A&gt;</label>"));
	assert_non_null(strstr(s, "value=\"a\">"));
	assert_non_null(strstr(s, "id=\"units-b&quot;\" name=\"units\" value=\"b&quot;\" "
	    "checked=\"\">"));
	assert_non_null(strstr(s, "Feil &lt;x&gt;"));
	assert_non_null(strstr(s, "has-error"));
	assert_null(strstr(s, "optional"));
	free(s);
	h = html_new();
	form_checkboxes(h, "units", "Ansvar", opts, 2, NULL, 0, NULL, NULL, false);
	s = html_finish(h, NULL);
	assert_non_null(strstr(s, "class=\"optional\""));
	assert_null(strstr(s, "checked"));
	assert_null(strstr(s, "aria-describedby"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(checkboxes_escape_and_mark),
		cmocka_unit_test(attributes_are_escaped_and_null_skipped),
		cmocka_unit_test(elem_and_printf_escape),
		cmocka_unit_test(html_escape_copies),
		cmocka_unit_test(url_path_encodes_segments),
		cmocka_unit_test(url_path_keeps_the_language),
		cmocka_unit_test(markdown_site_links_keep_the_language),
		cmocka_unit_test(markdown_paragraphs_lists_headings),
		cmocka_unit_test(markdown_raw_html_is_text),
		cmocka_unit_test(markdown_links_only_safe_schemes),
		cmocka_unit_test(markdown_nested_images_stay_text),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}

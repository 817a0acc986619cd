/* test_card.c — the action card's format "tiltak-card/1" (domain/card.c):
 * a valid card, the languages' fallback, the canonical export's round
 * trip, every kind of bad input refused with its JSON path and a
 * message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/testjson.h"
#include "domain/card.h"
#include "limits.h"
#include "util/buf.h"

static const char valid[] =
"{\n"
"  \"format\": \"tiltak-card/1\",\n"
"  \"organisation\": \"test\",\n"
"  \"template\": true,\n"
"  \"title\": {\"nb\": \"Hva gjør jeg?\", \"nn\": \"Kva gjer eg?\", \"en\": \"What do I do?\"},\n"
"  \"intro\": {\"nb\": \"Innledning.\"},\n"
"  \"steps\": [\n"
"    {\"heading\": {\"nb\": \"Akutt fare\", \"en\": \"Acute danger\"},\n"
"     \"action\": {\"nb\": \"Ring 112.\\nVarsle leder.\"},\n"
"     \"duty\": {\"nb\": \"Avvergeplikt.\"},\n"
"     \"reference\": {\"nb\": \"Straffeloven § 196\"},\n"
"     \"units\": [\"politiet\"], \"services\": []},\n"
"    {\"heading\": {\"nb\": \"Barn\"}, \"action\": {\"nb\": \"Meld.\"}}\n"
"  ]\n"
"}\n";

/* Asserts s is refused at path with a message containing msg. */
static void
refused(const char *s, const char *path, const char *msg)
{
	struct plan_error err;
	struct card *c = card_json_parse(s, strlen(s), &err);
	bool accepted = c != NULL;
	card_free(c);
	testjson_refused(accepted, err.path, err.message, path, msg);
}

static void
mutated_refused(const char *from, const char *to, const char *path, const char *msg)
{
	char *s = testjson_mutate(valid, from, to);
	refused(s, path, msg);
	free(s);
}

static void
valid_card_parses(void **state)
{
	(void)state;
	struct plan_error err;
	struct card *c = card_json_parse(valid, strlen(valid), &err);
	if (c == NULL)
		fail_msg("%s: %s", err.path, err.message);
	assert_string_equal(c->organisation, "test");
	assert_true(c->is_template);
	assert_int_equal(c->nsteps, 2);
	assert_string_equal(c->steps[0].units[0], "politiet");
	assert_int_equal(c->steps[0].nservices, 0);
	assert_string_equal(c->steps[0].action.s[CARD_NB], "Ring 112.\nVarsle leder.");
	/* Each language, and bokmål where one is missing. */
	assert_string_equal(card_text_pick(&c->title, "nn"), "Kva gjer eg?");
	assert_string_equal(card_text_pick(&c->steps[0].heading, "en"), "Acute danger");
	assert_string_equal(card_text_pick(&c->steps[0].heading, "nn"), "Akutt fare");
	assert_string_equal(card_text_pick(&c->steps[1].heading, "se"), "Barn");
	assert_null(card_text_pick(&c->steps[1].duty, "nb"));
	assert_true(card_json_is_card(valid, strlen(valid)));
	assert_false(card_json_is_card("{\"format\": \"tiltak-plan/1\"}", 27));
	assert_false(card_json_is_card("not json", 8));
	card_free(c);
}

/* Export, parse, export again: the same bytes, and the same card. */
static void
export_round_trips(void **state)
{
	(void)state;
	struct plan_error err;
	struct card *c = card_json_parse(valid, strlen(valid), &err);
	assert_non_null(c);
	size_t n1, n2;
	char *j1 = card_json_export(c, &n1);
	struct card *c2 = card_json_parse(j1, n1, &err);
	if (c2 == NULL)
		fail_msg("export does not parse: %s: %s", err.path, err.message);
	char *j2 = card_json_export(c2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(j1, j2, n1);
	assert_non_null(strstr(j1, "\"nn\": null"));
	/* card_check: the same through the importer. */
	struct card *c3 = card_check(c2, &err);
	assert_non_null(c3);
	assert_int_equal(c3->nsteps, 2);
	card_free(c3);
	card_free(c2);
	card_free(c);
	free(j1);
	free(j2);
}

static void
bad_input_is_refused_with_its_path(void **state)
{
	(void)state;
	refused("", "$", "invalid JSON");
	refused("[1]", "$", "expected an object, found an array");
	refused("{\"format\": \"tiltak-card/1\", \"format\": \"x\"}", "$", "duplicate");
	refused("\xef\xbb\xbf{}", "$", "byte-order mark");
	refused("{\"format\": \"tiltak-card/1\", \"organisation\": \"a\xff\"}", "$",
	    "invalid UTF-8");
	mutated_refused("\"format\": \"tiltak-card/1\"", "\"format\": \"tiltak-plan/1\"",
	    "$.format", "expected \"tiltak-card/1\"");
	mutated_refused("\"format\": \"tiltak-card/1\",", "", "$.format", "required format");
	mutated_refused("\"template\": true", "\"extra\": 1", "$.extra", "unknown key");
	mutated_refused("\"template\": true", "\"template\": \"yes\"", "$.template",
	    "expected true or false");
	mutated_refused("\"organisation\": \"test\"", "\"organisation\": \"Test Kommune\"",
	    "$.organisation", "");
	mutated_refused("\"organisation\": \"test\",", "", "$.organisation",
	    "required id is missing");
	mutated_refused("\"title\": {\"nb\": \"Hva gjør jeg?\", ", "\"title\": {",
	    "$.title.nb", "bokmål");
	mutated_refused("\"nn\": \"Kva gjer eg?\"", "\"nn\": 7", "$.title.nn",
	    "expected a string, found an integer");
	mutated_refused("\"en\": \"What do I do?\"", "\"se\": \"x\"", "$.title.se",
	    "unknown key");
	mutated_refused("\"Innledning.\"", "\"Inn\\u0000ledning\"", "$", "\\u0000");
	mutated_refused("\"Innledning.\"", "\"Inn\\u0007ledning\"", "$.intro.nb",
	    "control character U+0007");
	mutated_refused("\"Innledning.\"", "\"Inn\\u202eledning\"", "$.intro.nb",
	    "U+202E");
	mutated_refused("\"Akutt fare\"", "\"Akutt\\nfare\"", "$.steps[0].heading.nb",
	    "line");
	mutated_refused("\"Straffeloven § 196\"", "\"\"", "$.steps[0].reference.nb",
	    "must not be empty");
	mutated_refused("[\"politiet\"]", "[\"politiet\", \"politiet\"]",
	    "$.steps[0].units[1]", "listed twice");
	mutated_refused("[\"politiet\"]", "[\"Politiet!\"]", "$.steps[0].units[0]", "");
	mutated_refused("\"services\": []", "\"services\": \"x\"", "$.steps[0].services",
	    "expected an array");
	mutated_refused("{\"heading\": {\"nb\": \"Barn\"}, \"action\": {\"nb\": \"Meld.\"}}",
	    "{\"heading\": {\"nb\": \"Barn\"}}", "$.steps[1].action",
	    "required text is missing");
	mutated_refused("\"action\": {\"nb\": \"Meld.\"}}", "\"action\": {\"nb\": \"Meld.\"}, "
	    "\"when\": 1}", "$.steps[1].when", "unknown key");
	/* No steps, too many steps, too much text. */
	char *s = testjson_mutate(valid, "\"steps\": [", "\"steps\": [], \"x\": [");
	refused(s, "$.x", "unknown key");
	free(s);
	struct buf b = {0};
	buf_puts(&b, "{\"format\": \"tiltak-card/1\", \"organisation\": \"t\", \"title\": "
	    "{\"nb\": \"T\"}, \"steps\": []}");
	refused(b.data, "$.steps", "at least one step");
	buf_reset(&b);
	buf_puts(&b, "{\"format\": \"tiltak-card/1\", \"organisation\": \"t\", \"title\": "
	    "{\"nb\": \"T\"}, \"steps\": [");
	for (unsigned i = 0; i <= CARD_STEPS_MAX; i++)
		buf_printf(&b, "%s{\"heading\": {\"nb\": \"H\"}, \"action\": {\"nb\": \"A\"}}",
		    i ? ", " : "");
	buf_puts(&b, "]}");
	refused(b.data, "$.steps", "at most 12");
	buf_reset(&b);
	buf_puts(&b, "{\"format\": \"tiltak-card/1\", \"organisation\": \"t\", \"title\": "
	    "{\"nb\": \"T\"}, \"steps\": [{\"heading\": {\"nb\": \"H\"}, \"action\": {\"nb\": \"");
	for (unsigned i = 0; i <= CARD_TEXT_MAX; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "\"}}]}");
	refused(b.data, "$.steps[0].action.nb", "at most 1500");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_card_parses),
		cmocka_unit_test(export_round_trips),
		cmocka_unit_test(bad_input_is_refused_with_its_path),
	};
	return cmocka_run_group_tests_name("card", tests, NULL, NULL);
}

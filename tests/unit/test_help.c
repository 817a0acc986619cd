/* test_help.c — the help directory's model (domain/help.h): the services
 * file format (every bad input names its JSON path; canonical export
 * reads back the same), opening hours in Norway's local time (round the
 * clock, across midnight and the week's end, summer time in spring and
 * autumn), and phone numbers (stored form, grouping, tel: links). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/testjson.h"
#include "domain/help.h"
#include "util/clock.h"

/* ---- phone numbers ---- */

static void
check_format(const char *stored, const char *shown, const char *href)
{
	char out[HELP_PHONE_SHOWN_MAX], link[64];
	help_phone_format(stored, out, sizeof(out));
	assert_string_equal(out, shown);
	help_phone_href(stored, link, sizeof(link));
	assert_string_equal(link, href);
}

static void
phone_numbers_are_grouped(void **state)
{
	(void)state;
	check_format("12345678", "12 34 56 78", "tel:+4712345678");
	check_format("77611060", "77 61 10 60", "tel:+4777611060");
	check_format("41716111", "417 16 111", "tel:+4741716111");
	check_format("91234567", "912 34 567", "tel:+4791234567");
	check_format("80030196", "800 30 196", "tel:+4780030196");
	check_format("81555201", "815 55 201", "tel:+4781555201");
	check_format("112", "112", "tel:112");
	check_format("113", "113", "tel:113");
	check_format("116111", "116 111", "tel:116111");
	check_format("116006", "116 006", "tel:116006");
	check_format("116117", "116 117", "tel:116117");
	check_format("02800", "02800", "tel:02800");
	check_format("+46701234567", "+46701234567", "tel:+46701234567");
}

static void
check_normal(const char *typed, const char *stored)
{
	char out[HELP_PHONE_MAX];
	assert_int_equal(help_phone_normal(typed, strlen(typed), out, NULL), HELP_PHONE_OK);
	assert_string_equal(out, stored);
	assert_true(help_phone_stored(out, strlen(out)));
}

static void
check_refused(const char *typed, enum help_phone_error e)
{
	char out[HELP_PHONE_MAX];
	assert_int_equal(help_phone_normal(typed, strlen(typed), out, NULL), e);
}

static void
phone_numbers_as_typed(void **state)
{
	(void)state;
	check_normal("77 61 10 60", "77611060");
	check_normal("776 11 060", "77611060");
	check_normal("+47 776 11 060", "77611060");
	check_normal("0047 77611060", "77611060");
	check_normal("116 111", "116111");
	check_normal("112", "112");
	check_normal("12-34-56-78", "12345678");
	check_normal("+46 70 123 45 67", "+46701234567");
	check_refused("", HELP_PHONE_EMPTY);
	check_refused("abc", HELP_PHONE_CHARACTER);
	check_refused("112 eller 113", HELP_PHONE_CHARACTER);
	check_refused("1234567", HELP_PHONE_LENGTH);
	check_refused("12", HELP_PHONE_LENGTH);
	check_refused("123456789", HELP_PHONE_LENGTH);
	check_refused("+4612", HELP_PHONE_FOREIGN_LENGTH);
	check_refused("1234567890123456789", HELP_PHONE_TOO_LONG);
	assert_false(help_phone_stored("77 61 10 60", 11));
	assert_false(help_phone_stored("+4777611060", 11));
	assert_false(help_phone_stored("1234567", 7));
}

/* ---- opening hours ---- */

static int64_t
at(const char *utc)
{
	int64_t t;
	assert_true(clock_parse_utc(utc, &t));
	return t;
}

static void
expect(const struct help_hours *h, const char *now, enum help_open open,
    const char *next)
{
	int64_t n = -1;
	assert_int_equal(help_open_at(h, at(now), &n), open);
	if (next)
		assert_int_equal(n, at(next));
	else
		assert_int_equal(n, 0);
}

#define HM(h, m) ((h) * 60 + (m))

static void
office_hours(void **state)
{
	(void)state;
	/* Monday to Friday 08:00–15:30. 2026-01-05 is a Monday (winter:
	 * local time is UTC+1). */
	struct help_range r[5];
	for (int d = 0; d < 5; d++)
		r[d] = (struct help_range){d, HM(8, 0), HM(15, 30)};
	struct help_hours h = {.ranges = r, .nranges = 5};
	expect(&h, "2026-01-05T07:30:00Z", HELP_OPEN_OPEN, "2026-01-05T14:30:00Z");
	expect(&h, "2026-01-05T06:59:59Z", HELP_OPEN_CLOSED, "2026-01-05T07:00:00Z");
	expect(&h, "2026-01-05T14:30:00Z", HELP_OPEN_CLOSED, "2026-01-06T07:00:00Z");
	/* Friday evening: next Monday. */
	expect(&h, "2026-01-09T15:00:00Z", HELP_OPEN_CLOSED, "2026-01-12T07:00:00Z");
	/* Saturday. */
	expect(&h, "2026-01-10T12:00:00Z", HELP_OPEN_CLOSED, "2026-01-12T07:00:00Z");
}

static void
round_the_clock_and_unknown(void **state)
{
	(void)state;
	struct help_hours always = {.always = true};
	assert_true(help_hours_known(&always));
	expect(&always, "2026-01-05T03:00:00Z", HELP_OPEN_OPEN, NULL);
	expect(&always, "2026-07-05T23:59:59Z", HELP_OPEN_OPEN, NULL);
	struct help_hours none = {0};
	assert_false(help_hours_known(&none));
	expect(&none, "2026-01-05T12:00:00Z", HELP_OPEN_UNKNOWN, NULL);
	assert_int_equal(help_open_at(&none, at("2026-01-05T12:00:00Z"), NULL),
	    HELP_OPEN_UNKNOWN);
}

static void
across_midnight_and_the_week(void **state)
{
	(void)state;
	/* Monday 15:00 – Tuesday 08:00, and Sunday 22:00 – Monday 02:00. */
	struct help_range r[] = {{0, HM(15, 0), HM(8, 0)}, {6, HM(22, 0), HM(2, 0)}};
	struct help_hours h = {.ranges = r, .nranges = 2};
	/* Monday 23:00 local. */
	expect(&h, "2026-01-05T22:00:00Z", HELP_OPEN_OPEN, "2026-01-06T07:00:00Z");
	/* Tuesday 07:59 local: still open. */
	expect(&h, "2026-01-06T06:59:00Z", HELP_OPEN_OPEN, "2026-01-06T07:00:00Z");
	/* Tuesday 09:00: closed until Sunday 22:00. */
	expect(&h, "2026-01-06T08:00:00Z", HELP_OPEN_CLOSED, "2026-01-11T21:00:00Z");
	/* Monday 01:00 (Sunday's range, across the week's end). */
	expect(&h, "2026-01-12T00:00:00Z", HELP_OPEN_OPEN, "2026-01-12T01:00:00Z");
	/* Monday 03:00: closed until 15:00. */
	expect(&h, "2026-01-12T02:00:00Z", HELP_OPEN_CLOSED, "2026-01-12T14:00:00Z");
	/* A range ending at 24:00 and the next day's from 00:00 are one
	 * stretch: it closes when the second ends. */
	struct help_range w[] = {{4, HM(15, 0), HM(24, 0)}, {5, 0, HM(24, 0)}};
	struct help_hours we = {.ranges = w, .nranges = 2};
	expect(&we, "2026-01-09T22:00:00Z", HELP_OPEN_OPEN, "2026-01-10T23:00:00Z");
}

static void
summer_time(void **state)
{
	(void)state;
	/* Mondays 08:00–16:00. Summer time begins 2026-03-29 01:00 UTC and
	 * ends 2026-10-25 01:00 UTC. */
	struct help_range r[] = {{0, HM(8, 0), HM(16, 0)}};
	struct help_hours h = {.ranges = r, .nranges = 1};
	/* Friday before (CET, UTC+1): opens Monday 08:00 CEST = 06:00 UTC. */
	expect(&h, "2026-03-27T16:00:00Z", HELP_OPEN_CLOSED, "2026-03-30T06:00:00Z");
	/* In summer: Monday 08:30 CEST is 06:30 UTC. */
	expect(&h, "2026-06-01T06:30:00Z", HELP_OPEN_OPEN, "2026-06-01T14:00:00Z");
	expect(&h, "2026-06-01T05:59:00Z", HELP_OPEN_CLOSED, "2026-06-01T06:00:00Z");
	/* Friday before the end (CEST): opens Monday 08:00 CET = 07:00 UTC. */
	expect(&h, "2026-10-23T15:00:00Z", HELP_OPEN_CLOSED, "2026-10-26T07:00:00Z");
	/* Round the night of the change: Sunday 00:00–06:00 local. */
	struct help_range s[] = {{6, 0, HM(6, 0)}};
	struct help_hours night = {.ranges = s, .nranges = 1};
	/* 2026-03-29 00:30 UTC is 01:30 CET: open, closes 06:00 CEST =
	 * 04:00 UTC. */
	expect(&night, "2026-03-29T00:30:00Z", HELP_OPEN_OPEN, "2026-03-29T04:00:00Z");
	/* 2026-10-25 00:30 UTC is 02:30 CEST: closes 06:00 CET = 05:00 UTC. */
	expect(&night, "2026-10-25T00:30:00Z", HELP_OPEN_OPEN, "2026-10-25T05:00:00Z");
}

/* ---- the format ---- */

#define SERVICE(extra) \
	"{\"format\": \"tiltak-services/1\", \"services\": [" \
	"{\"id\": \"a\", \"name\": {\"nb\": \"Tjeneste\"}, \"audiences\": [\"adults\"]," \
	" \"kind\": \"helpline\"" extra "}]}"

static const char full[] =
"{\"format\": \"tiltak-services/1\", \"services\": [\n"
"{\"id\": \"krise\", \"name\": {\"nb\": \"Krisesenteret\", \"nn\": \"Krisesenteret\","
" \"en\": \"The crisis centre\"},\n"
" \"offers\": {\"nb\": \"Et trygt sted.\\nHele døgnet.\"},\n"
" \"audiences\": [\"women\", \"children\", \"men\"], \"kind\": \"crisis_centre\",\n"
" \"phone\": \"77611060\", \"sms\": \"41716111\", \"email\": \"post@example.no\","
" \"web\": \"https://example.no/krise\", \"address\": \"Storgata 1, 8000 Bodø\",\n"
" \"hours\": {\"weekly\": [{\"days\": [\"fri\", \"mon\"], \"from\": \"08:00\", \"to\": \"15:30\"},"
" {\"days\": [\"sat\"], \"from\": \"22:00\", \"to\": \"02:00\"}], \"note\": {\"nb\": \"Stengt i jula.\"}},\n"
" \"anonymous\": \"yes\", \"serves\": [\"bodo\", \"saltdal\"], \"languages\": [\"nb\", \"se\"],"
" \"owner\": \"fauske\", \"unit\": \"krise-unit\", \"verified\": \"2026-11-30\", \"rank\": 5},\n"
"{\"id\": \"tlf\", \"name\": {\"nb\": \"Telefon\"}, \"audiences\": [\"adults\"],"
" \"kind\": \"helpline\", \"phone\": \"116006\", \"hours\": {\"always\": true}}\n"
"]}";

static void
full_file_parses_and_exports_stably(void **state)
{
	(void)state;
	struct help_error err;
	struct help_list *l = help_json_parse(full, strlen(full), &err);
	if (l == NULL)
		fail_msg("%s: %s", err.path, err.message);
	assert_int_equal(l->n, 2);
	const struct help_service *s = &l->items[0];
	assert_string_equal(s->id, "krise");
	assert_string_equal(help_text_in(&s->name, "en"), "The crisis centre");
	assert_string_equal(help_text_in(&s->offers, "en"), "Et trygt sted.\nHele døgnet.");
	assert_string_equal(help_text_in(&s->name, "nb"), "Krisesenteret");
	assert_int_equal(s->kind, HELP_KIND_CRISIS_CENTRE);
	assert_int_equal(s->audiences, HELP_AUDIENCE_BIT(HELP_AUD_WOMEN) |
	    HELP_AUDIENCE_BIT(HELP_AUD_CHILDREN) | HELP_AUDIENCE_BIT(HELP_AUD_MEN));
	assert_int_equal(s->anonymous, HELP_ANON_YES);
	assert_int_equal(s->nserves, 2);
	assert_string_equal(s->serves[1], "saltdal");
	assert_int_equal(s->nlanguages, 2);
	assert_string_equal(s->owner, "fauske");
	assert_string_equal(s->unit, "krise-unit");
	assert_string_equal(s->verified, "2026-11-30");
	assert_int_equal(s->rank, 5);
	/* Ranges sorted by day: Monday, Friday, Saturday. */
	assert_int_equal(s->hours.nranges, 3);
	assert_int_equal(s->hours.ranges[0].day, 0);
	assert_int_equal(s->hours.ranges[1].day, 4);
	assert_int_equal(s->hours.ranges[2].day, 5);
	assert_int_equal(s->hours.ranges[2].to, HM(2, 0));
	assert_string_equal(s->hours.note.nb, "Stengt i jula.");
	assert_true(l->items[1].hours.always);
	assert_int_equal(l->items[1].rank, HELP_RANK_DEFAULT);
	assert_null(l->items[1].owner);

	size_t len;
	char *a = help_json_export(l, &len);
	assert_non_null(a);
	assert_int_equal(strlen(a), len);
	struct help_list *l2 = help_json_parse(a, len, &err);
	if (l2 == NULL)
		fail_msg("export does not parse: %s: %s", err.path, err.message);
	char *b = help_json_export(l2, NULL);
	assert_string_equal(a, b);
	/* Days in week order, one entry per opening time. */
	assert_non_null(strstr(a, "\"mon\""));
	assert_true(strstr(a, "\"mon\"") < strstr(a, "\"fri\""));
	assert_true(strstr(a, "\"fri\"") < strstr(a, "\"sat\""));

	/* One service back from its own JSON, as the store reads it. */
	char *one = help_service_json(&l->items[0]);
	struct help_list *l3 = help_list_new();
	assert_true(help_json_parse_service(l3, one, strlen(one), &err));
	char *again = help_service_json(&l3->items[0]);
	assert_string_equal(one, again);
	assert_false(help_json_parse_service(l3, "{\"id\": 1}", 9, &err));
	assert_int_equal(l3->n, 1);
	free(one);
	free(again);
	help_list_free(l3);
	free(a);
	free(b);
	help_list_free(l);
	help_list_free(l2);
}

static void
bad(const char *json, const char *path, const char *msg)
{
	struct help_error err;
	struct help_list *l = help_json_parse(json, strlen(json), &err);
	bool accepted = l != NULL;
	help_list_free(l);
	testjson_refused(accepted, err.path, err.message, path, msg);
}

static void
bad_input_names_the_path(void **state)
{
	(void)state;
	bad("[1]", "$", "expected an object");
	bad("{\"format\": \"tiltak-plan/1\", \"services\": []}", "$.format",
	    "expected \"tiltak-services/1\"");
	bad("{\"format\": \"tiltak-services/1\"}", "$.services", "required array");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [], \"x\": 1}", "$.x",
	    "unknown key \"x\"");
	bad("{\"format\": \"tiltak-services/1\", \"services\": {}}", "$.services",
	    "expected an array");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [", "$", "invalid JSON");
	/* Types. */
	bad(SERVICE(", \"colour\": \"red\""), "$.services[0].colour", "unknown key");
	bad(SERVICE(", \"name\": \"x\""), "$", "invalid JSON");   /* duplicate key */
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": \"Tjeneste\", \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].name", "expected an object");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nn\": \"Teneste\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].name.nb", "required nb is missing");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\", \"de\": \"D\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].name.de", "unknown key");
	bad(SERVICE(", \"rank\": \"1\""), "$.services[0].rank", "expected an integer");
	bad(SERVICE(", \"rank\": 5000"), "$.services[0].rank", "out of range");
	bad(SERVICE(", \"serves\": \"bodo\""), "$.services[0].serves", "expected an array");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"Bad id\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].id", "");
	/* Phone numbers. */
	bad(SERVICE(", \"phone\": \"77 61 10 60\""), "$.services[0].phone",
	    "write the number as its digits, without spaces or +47: \"77611060\"");
	bad(SERVICE(", \"phone\": \"abc\""), "$.services[0].phone", "character 1");
	bad(SERVICE(", \"sms\": \"1234567\""), "$.services[0].sms", "has 8 digits");
	bad(SERVICE(", \"phone\": 112"), "$.services[0].phone", "expected a string");
	/* Kinds and audiences. */
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\"], \"kind\": \"hotline\"}]}",
	    "$.services[0].kind", "\"hotline\" is not one of");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\"]}]}",
	    "$.services[0].kind", "required kind is missing");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\", \"pets\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].audiences[1]", "\"pets\" is not one of");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\", \"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[0].audiences[1]", "listed twice");
	bad("{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"a\","
	    " \"name\": {\"nb\": \"T\"}, \"audiences\": [], \"kind\": \"helpline\"}]}",
	    "$.services[0].audiences", "at least one audience");
	bad(SERVICE(", \"anonymous\": \"maybe\""), "$.services[0].anonymous", "not one of");
	/* Other values. */
	bad(SERVICE(", \"web\": \"ftp://example.no\""), "$.services[0].web", "https://");
	bad(SERVICE(", \"web\": \"https://exa mple.no\""), "$.services[0].web", "character 12");
	bad(SERVICE(", \"email\": \"not an address\""), "$.services[0].email", "e-mail");
	bad(SERVICE(", \"verified\": \"2026-02-30\""), "$.services[0].verified", "");
	bad(SERVICE(", \"languages\": [\"norsk\"]"), "$.services[0].languages[0]",
	    "not a language code");
	bad(SERVICE(", \"address\": \"a\\u0007b\""), "$.services[0].address", "control character");
	bad(SERVICE(", \"owner\": \"bodo\", \"serves\": [\"bodo\"]"), "$.services[0].serves",
	    "owns the service");
	/* Hours. */
	bad(SERVICE(", \"hours\": []"), "$.services[0].hours", "expected an object");
	bad(SERVICE(", \"hours\": {\"always\": \"yes\"}"), "$.services[0].hours.always",
	    "expected true or false");
	bad(SERVICE(", \"hours\": {\"open\": true}"), "$.services[0].hours.open", "unknown key");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"], \"from\": \"25:00\", \"to\": \"26:00\"}]}"),
	    "$.services[0].hours.weekly[0].from", "not a time of day");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"], \"from\": \"8:00\", \"to\": \"16:00\"}]}"),
	    "$.services[0].hours.weekly[0].from", "not a time of day");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"monday\"], \"from\": \"08:00\", \"to\": \"16:00\"}]}"),
	    "$.services[0].hours.weekly[0].days[0]", "\"monday\" is not one of");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [], \"from\": \"08:00\", \"to\": \"16:00\"}]}"),
	    "$.services[0].hours.weekly[0].days", "required days");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"], \"to\": \"16:00\"}]}"),
	    "$.services[0].hours.weekly[0].from", "required from");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"], \"from\": \"08:00\", \"to\": \"08:00\"}]}"),
	    "$.services[0].hours.weekly[0].to", "\"always\": true");
	bad(SERVICE(", \"hours\": {\"always\": true, \"weekly\": [{\"days\": [\"mon\"], \"from\": \"08:00\", \"to\": \"09:00\"}]}"),
	    "$.services[0].hours.weekly", "no weekly ranges");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"], \"from\": \"08:00\", \"to\": \"16:00\"},"
	    " {\"days\": [\"mon\"], \"from\": \"15:00\", \"to\": \"17:00\"}]}"),
	    "$.services[0].hours.weekly", "overlap");
	bad(SERVICE(", \"hours\": {\"weekly\": [{\"days\": [\"sun\"], \"from\": \"22:00\", \"to\": \"03:00\"},"
	    " {\"days\": [\"mon\"], \"from\": \"02:00\", \"to\": \"04:00\"}]}"),
	    "$.services[0].hours.weekly", "overlap");
	bad(SERVICE(", \"hours\": {\"note\": {\"nb\": \"a\\nb\"}}"), "$.services[0].hours.note.nb",
	    "");
	/* Duplicates. */
	bad("{\"format\": \"tiltak-services/1\", \"services\": ["
	    "{\"id\": \"a\", \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"},"
	    "{\"id\": \"a\", \"name\": {\"nb\": \"U\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[1].id", "also $.services[0]");
	bad("{\"format\": \"tiltak-services/1\", \"services\": ["
	    "{\"id\": \"a\", \"unit\": \"u\", \"name\": {\"nb\": \"T\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"},"
	    "{\"id\": \"b\", \"unit\": \"u\", \"name\": {\"nb\": \"U\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"}]}",
	    "$.services[1].unit", "one contact record");
	/* Not UTF-8, and a byte-order mark. */
	bad("{\"format\": \"tiltak-services/1\", \"services\": [\xff]}", "$", "invalid UTF-8");
	bad("\xef\xbb\xbf{}", "$", "byte-order mark");
}

static void
services_files_are_told_from_plans(void **state)
{
	(void)state;
	const char *s = SERVICE("");
	assert_true(help_json_is_services(s, strlen(s)));
	const char *p = "{\"format\": \"tiltak-plan/1\", \"id\": \"x\"}";
	assert_false(help_json_is_services(p, strlen(p)));
	assert_false(help_json_is_services("{", 1));
	assert_false(help_json_is_services("[]", 2));
}

static void
names_and_texts(void **state)
{
	(void)state;
	for (int k = 0; k < HELP_KIND__MAX; k++)
		assert_int_equal(help_kind_parse(help_kind_name(k)), k);
	for (int a = 0; a < HELP_AUD__MAX; a++)
		assert_int_equal(help_audience_parse(help_audience_name(a)), a);
	for (int a = 0; a < HELP_ANON__MAX; a++)
		assert_int_equal(help_anonymous_parse(help_anonymous_name(a)), a);
	for (int d = 0; d < 7; d++)
		assert_int_equal(help_day_parse(help_day_name(d)), d);
	assert_int_equal(help_kind_parse("nope"), -1);
	assert_int_equal(help_day_parse(NULL), -1);
	struct help_text t = {.nb = "bokmål"};
	assert_string_equal(help_text_in(&t, "nn"), "bokmål");
	assert_string_equal(help_text_in(&t, "en"), "bokmål");
	t.nn = "nynorsk";
	assert_string_equal(help_text_in(&t, "nn"), "nynorsk");
	assert_string_equal(help_text_in(&t, "nb"), "bokmål");
	assert_string_equal(help_text_in(&t, NULL), "bokmål");
	struct help_text none = {0};
	assert_null(help_text_in(&none, "en"));
}

/* The bundled files (data/services/) parse, and are in canonical form:
 * export gives back their bytes. */
static void
bundled_files_are_canonical(void **state)
{
	(void)state;
	const char *files[] = {"data/services/national.json", "data/services/balsfjord.json",
	    "data/services/bodo.json"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "rb");
		if (f == NULL)
			fail_msg("cannot read %s", files[i]);
		static char buf[1 << 20];
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		struct help_error err;
		struct help_list *l = help_json_parse(buf, n, &err);
		if (l == NULL)
			fail_msg("%s: %s: %s", files[i], err.path, err.message);
		assert_true(l->n > 0);
		size_t len;
		char *out = help_json_export(l, &len);
		if (len != n || memcmp(out, buf, n) != 0)
			fail_msg("%s is not in canonical form (tiltak export --services writes it)",
			    files[i]);
		free(out);
		help_list_free(l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phone_numbers_are_grouped),
		cmocka_unit_test(phone_numbers_as_typed),
		cmocka_unit_test(office_hours),
		cmocka_unit_test(round_the_clock_and_unknown),
		cmocka_unit_test(across_midnight_and_the_week),
		cmocka_unit_test(summer_time),
		cmocka_unit_test(full_file_parses_and_exports_stably),
		cmocka_unit_test(bad_input_names_the_path),
		cmocka_unit_test(services_files_are_told_from_plans),
		cmocka_unit_test(names_and_texts),
		cmocka_unit_test(bundled_files_are_canonical),
	};
	return cmocka_run_group_tests_name("help directory", tests, NULL, NULL);
}

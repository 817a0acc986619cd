/* help_json.c — the help directory's interchange format, "tiltak-services/1"
 * (help.h), read and written with jansson, as strictly as plan files:
 * unknown and duplicate keys, wrong types and every value the validator
 * table (valid.h) refuses are refused with the JSON path of the value.
 * The first problem stops the parse. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"
#include "domain/json_read.h"
#include "domain/valid.h"
#include "limits.h"
#include "util/xalloc.h"

/* How services files have always worded and limited things
 * (json_read.h). */
static const struct json_read_dialect help_dialect = {
	.max_bytes = PLAN_FILE_MAX, .max_bytes_of = "", .files = "services files",
	.column_chars = true, .missing_by_key = true, .check_msg_size = 300,
	.langs_hint = "(an object with the text in bokmål under \"nb\")",
	.nb_missing = "required nb is missing",
};

/* obj[key] as {"nb": …, "nn": …, "en": …} (json_read_langs). */
static void
get_langs(struct json_read *r, json_t *obj, const char *key, enum valid_kind kind,
    bool required, struct help_text *out)
{
	char *t[JSON_READ_LANGS];
	json_read_langs(r, obj, key, kind, required, t);
	*out = (struct help_text){.nb = t[0], .nn = t[1], .en = t[2]};
}

/* obj[key] as an enum of kind, read as a text: the messages are those of
 * a text ("required KEY is missing", "expected a string"). */
static int
get_enum(struct json_read *r, json_t *obj, const char *key, enum valid_kind kind,
    int dflt, bool required)
{
	char *s = json_read_text(r, obj, key, kind, required);
	return s ? valid_fields[kind].parse(s) : dflt;
}

static int
minutes(const char *hhmm)
{
	return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 +
	    (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

static int
range_cmp(const void *a, const void *b)
{
	const struct help_range *x = a, *y = b;
	if (x->day != y->day)
		return x->day - y->day;
	return x->from - y->from;
}

static void
parse_hours(struct json_read *r, json_t *obj, struct help_hours *h)
{
	static const char *const keys[] = {"always", "weekly", "note", NULL};
	json_t *v = json_object_get(obj, "hours");
	if (r->failed || v == NULL || json_is_null(v))
		return;
	size_t old = json_read_push_key(r, "hours");
	if (!json_read_object(r, v, keys)) {
		json_read_pop(r, old);
		return;
	}
	h->always = json_read_bool(r, v, "always");
	size_t nw;
	json_t *weekly = json_read_array(r, v, "weekly", 7 * 24, false, &nw);
	if (!r->failed && h->always && nw > 0) {
		size_t o2 = json_read_push_key(r, "weekly");
		json_read_fail(r, "a service open round the clock (\"always\": true) has "
		    "no weekly ranges");
		json_read_pop(r, o2);
	}
	size_t cap = 0;
	for (size_t i = 0; i < nw && !r->failed; i++) {
		static const char *const rkeys[] = {"days", "from", "to", NULL};
		size_t o2 = json_read_push_key(r, "weekly");
		json_read_push_index(r, i);
		json_t *e = json_array_get(weekly, i);
		if (json_read_object(r, e, rkeys)) {
			size_t nd;
			char **days = json_read_strings(r, e, "days", VALID_WEEKDAY, 7, &nd);
			if (!r->failed && nd == 0) {
				size_t o3 = json_read_push_key(r, "days");
				json_read_fail(r, "required days are missing (mon, tue, … sun)");
				json_read_pop(r, o3);
			}
			char *from = json_read_text(r, e, "from", VALID_CLOCK, true);
			char *to = json_read_text(r, e, "to", VALID_CLOCK, true);
			if (!r->failed && minutes(from) == 1440) {
				size_t o3 = json_read_push_key(r, "from");
				json_read_fail(r, "a range begins at 23:59 at the latest (24:00 "
				    "ends a day)");
				json_read_pop(r, o3);
			}
			if (!r->failed && minutes(from) == minutes(to) % 1440) {
				size_t o3 = json_read_push_key(r, "to");
				json_read_fail(r, "\"to\" is the same time as \"from\": for a "
				    "service open round the clock write \"always\": true");
				json_read_pop(r, o3);
			}
			for (size_t d = 0; d < nd && !r->failed; d++) {
				if (h->nranges == cap) {
					cap = cap ? cap * 2 : 8;
					struct help_range *grown = arena_array(r->arena, cap,
					    sizeof(*grown));
					if (h->nranges)
						memcpy(grown, h->ranges,
						    h->nranges * sizeof(*grown));
					h->ranges = grown;
				}
				h->ranges[h->nranges++] = (struct help_range){
				    .day = help_day_parse(days[d]), .from = minutes(from),
				    .to = minutes(to)};
			}
		}
		json_read_pop(r, o2);
	}
	if (!r->failed && h->nranges > 0) {
		size_t which;
		if (help_hours_overlap(h, &which)) {
			size_t o2 = json_read_push_key(r, "weekly");
			json_read_fail(r, "the ranges overlap (%s from %02d:%02d): each minute "
			    "of the week may be in one range only",
			    help_day_name(h->ranges[which].day), h->ranges[which].from / 60,
			    h->ranges[which].from % 60);
			json_read_pop(r, o2);
		}
		qsort(h->ranges, h->nranges, sizeof(*h->ranges), range_cmp);
	}
	get_langs(r, v, "note", VALID_LINE, false, &h->note);
	json_read_pop(r, old);
}

static char *
get_phone(struct json_read *r, json_t *obj, const char *key)
{
	char *p = json_read_text(r, obj, key, VALID_PHONE, false);
	if (p && !help_phone_stored(p, strlen(p))) {
		char stored[HELP_PHONE_MAX];
		help_phone_normal(p, strlen(p), stored, NULL);
		size_t old = json_read_push_key(r, key);
		json_read_fail(r, "write the number as its digits, without spaces or +47: \"%s\"",
		    stored);
		json_read_pop(r, old);
	}
	return p;
}

static void
parse_service(struct json_read *r, json_t *v, struct help_service *s)
{
	static const char *const keys[] = {"id", "name", "offers", "audiences", "kind",
	    "phone", "sms", "email", "web", "address", "hours", "anonymous", "serves",
	    "languages", "owner", "unit", "verified", "rank", NULL};
	if (!json_read_object(r, v, keys))
		return;
	s->id = json_read_text(r, v, "id", VALID_ID, true);
	get_langs(r, v, "name", VALID_TITLE, true, &s->name);
	get_langs(r, v, "offers", VALID_HELP_TEXT, false, &s->offers);
	size_t na;
	char **aud = json_read_strings(r, v, "audiences", VALID_HELP_AUDIENCE,
	    HELP_AUD__MAX, &na);
	for (size_t i = 0; i < na && !r->failed; i++)
		s->audiences |= HELP_AUDIENCE_BIT(help_audience_parse(aud[i]));
	s->kind = (enum help_kind)get_enum(r, v, "kind", VALID_HELP_KIND, 0, true);
	s->phone = get_phone(r, v, "phone");
	s->sms = get_phone(r, v, "sms");
	s->email = json_read_text(r, v, "email", VALID_EMAIL, false);
	s->web = json_read_text(r, v, "web", VALID_URL, false);
	s->address = json_read_text(r, v, "address", VALID_LINE, false);
	parse_hours(r, v, &s->hours);
	s->anonymous = (enum help_anonymous)get_enum(r, v, "anonymous",
	    VALID_HELP_ANONYMOUS, HELP_ANON_UNKNOWN, false);
	s->serves = json_read_strings(r, v, "serves", VALID_ID, PLAN_ITEMS_MAX, &s->nserves);
	s->languages = json_read_strings(r, v, "languages", VALID_LANG_CODE, 50,
	    &s->nlanguages);
	s->owner = json_read_text(r, v, "owner", VALID_ID, false);
	s->unit = json_read_text(r, v, "unit", VALID_ID, false);
	s->verified = json_read_text(r, v, "verified", VALID_DATE, false);
	s->rank = json_read_int(r, v, "rank", VALID_HELP_RANK, s->rank, false);
	const char *field;
	char msg[300];
	if (!r->failed && !help_service_check(s, &field, msg, sizeof(msg))) {
		size_t old = json_read_push_key(r, field);
		json_read_fail(r, "%s", msg);
		json_read_pop(r, old);
	}
}

bool
help_service_check(const struct help_service *s, const char **field, char *msg,
    size_t msgsz)
{
	*field = "";
	if (s->name.nb == NULL) {
		*field = "name";
		snprintf(msg, msgsz, "a service needs a name in bokmål");
		return false;
	}
	if (s->audiences == 0) {
		*field = "audiences";
		snprintf(msg, msgsz, "say whom the service is for (at least one audience)");
		return false;
	}
	if (s->hours.always && s->hours.nranges > 0) {
		*field = "hours";
		snprintf(msg, msgsz, "a service open round the clock has no weekly ranges");
		return false;
	}
	if (help_hours_overlap(&s->hours, NULL)) {
		*field = "hours";
		snprintf(msg, msgsz, "the opening hours overlap: each minute of the week "
		    "may be in one range only");
		return false;
	}
	for (size_t i = 0; i < s->nserves; i++)
		if (s->owner && strcmp(s->serves[i], s->owner) == 0) {
			*field = "serves";
			snprintf(msg, msgsz, "\"%s\" owns the service, and so is served "
			    "already: list only other organisations", s->owner);
			return false;
		}
	return true;
}

bool
help_json_is_services(const char *data, size_t len)
{
	json_error_t jerr;
	/* A file that does not parse is left to the plan parser, whose
	 * message says where. */
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	bool yes = false;
	if (root) {
		json_t *f = json_object_get(root, "format");
		yes = json_is_string(f) && strcmp(json_string_value(f), HELP_FORMAT) == 0;
		json_decref(root);
	}
	return yes;
}

/* The file: {"format": HELP_FORMAT, "services": […]}, no two services
 * with one id or one unit. */
static void
parse_file(struct json_read *r, json_t *root, struct help_list *l)
{
	static const char *const keys[] = {"format", "services", NULL};
	if (!json_read_object(r, root, keys))
		return;
	json_t *fmt = json_object_get(root, "format");
	if (!json_is_string(fmt) || strcmp(json_string_value(fmt), HELP_FORMAT) != 0) {
		size_t old = json_read_push_key(r, "format");
		json_read_fail(r, "expected \"%s\"", HELP_FORMAT);
		json_read_pop(r, old);
	}
	size_t n;
	json_t *arr = json_read_array(r, root, "services", HELP_SERVICES_MAX, true, &n);
	for (size_t i = 0; i < n && !r->failed; i++) {
		size_t old = json_read_push_key(r, "services");
		json_read_push_index(r, i);
		struct help_service *s = help_list_add(l);
		parse_service(r, json_array_get(arr, i), s);
		for (size_t j = 0; !r->failed && j + 1 < l->n; j++) {
			const struct help_service *o = &l->items[j];
			if (strcmp(o->id, s->id) == 0) {
				size_t o2 = json_read_push_key(r, "id");
				json_read_fail(r, "service \"%s\" is also $.services[%zu]", s->id,
				    j);
				json_read_pop(r, o2);
			} else if (s->unit && o->unit && strcmp(o->unit, s->unit) == 0) {
				size_t o2 = json_read_push_key(r, "unit");
				json_read_fail(r, "unit \"%s\" is already the service "
				    "$.services[%zu]: a unit has one contact record", s->unit, j);
				json_read_pop(r, o2);
			}
		}
		json_read_pop(r, old);
	}
}

struct help_list *
help_json_parse(const char *data, size_t len, struct help_error *err)
{
	struct help_list *l = help_list_new();
	struct json_read r;
	json_read_begin(&r, &help_dialect, &l->arena, JSON_READ_ERROR(err));
	json_t *root = json_read_open(&r, data, len);
	if (root) {
		parse_file(&r, root, l);
		json_decref(root);
	}
	if (r.failed) {
		help_list_free(l);
		return NULL;
	}
	return l;
}

bool
help_json_parse_service(struct help_list *l, const char *data, size_t len,
    struct help_error *err)
{
	struct json_read r;
	json_read_begin(&r, &help_dialect, &l->arena, JSON_READ_ERROR(err));
	json_t *root = json_read_parse(&r, data, len);
	if (root == NULL)
		return false;
	parse_service(&r, root, help_list_add(l));
	json_decref(root);
	if (r.failed)
		l->n--;
	return !r.failed;
}

/* ---- export ---- */

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
langs_json(const struct help_text *t)
{
	if (t->nb == NULL)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "nb", json_string(t->nb));
	if (t->nn)
		json_object_set_new(o, "nn", json_string(t->nn));
	if (t->en)
		json_object_set_new(o, "en", json_string(t->en));
	return o;
}

static json_t *
strings_json(char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
hours_json(const struct help_hours *h)
{
	if (!h->always && h->nranges == 0 && h->note.nb == NULL)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "always", json_boolean(h->always));
	json_t *weekly = json_array();
	/* One entry per (from, to), in the order first met, its days in
	 * week order (the parser sorts ranges by day and time). */
	bool *done = xcalloc(h->nranges + 1, sizeof(bool));
	for (size_t i = 0; i < h->nranges; i++) {
		if (done[i])
			continue;
		json_t *days = json_array();
		for (size_t j = i; j < h->nranges; j++)
			if (!done[j] && h->ranges[j].from == h->ranges[i].from &&
			    h->ranges[j].to == h->ranges[i].to) {
				done[j] = true;
				json_array_append_new(days, json_string(help_day_name(h->ranges[j].day)));
			}
		char from[8], to[8];
		snprintf(from, sizeof(from), "%02d:%02d", h->ranges[i].from / 60 % 100,
		    h->ranges[i].from % 60);
		snprintf(to, sizeof(to), "%02d:%02d", h->ranges[i].to / 60 % 100,
		    h->ranges[i].to % 60);
		json_t *r = json_object();
		json_object_set_new(r, "days", days);
		json_object_set_new(r, "from", json_string(from));
		json_object_set_new(r, "to", json_string(to));
		json_array_append_new(weekly, r);
	}
	free(done);
	json_object_set_new(o, "weekly", weekly);
	json_object_set_new(o, "note", langs_json(&h->note));
	return o;
}

static json_t *
service_json(const struct help_service *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(s->id));
	json_object_set_new(o, "name", langs_json(&s->name));
	json_object_set_new(o, "offers", langs_json(&s->offers));
	json_t *aud = json_array();
	for (int a = 0; a < HELP_AUD__MAX; a++)
		if (s->audiences & HELP_AUDIENCE_BIT(a))
			json_array_append_new(aud, json_string(help_audience_name(a)));
	json_object_set_new(o, "audiences", aud);
	json_object_set_new(o, "kind", json_string(help_kind_name(s->kind)));
	json_object_set_new(o, "phone", str_or_null(s->phone));
	json_object_set_new(o, "sms", str_or_null(s->sms));
	json_object_set_new(o, "email", str_or_null(s->email));
	json_object_set_new(o, "web", str_or_null(s->web));
	json_object_set_new(o, "address", str_or_null(s->address));
	json_object_set_new(o, "hours", hours_json(&s->hours));
	json_object_set_new(o, "anonymous", json_string(help_anonymous_name(s->anonymous)));
	json_object_set_new(o, "serves", strings_json(s->serves, s->nserves));
	json_object_set_new(o, "languages", strings_json(s->languages, s->nlanguages));
	json_object_set_new(o, "owner", str_or_null(s->owner));
	json_object_set_new(o, "unit", str_or_null(s->unit));
	json_object_set_new(o, "verified", str_or_null(s->verified));
	json_object_set_new(o, "rank", json_integer(s->rank));
	return o;
}

char *
help_service_json(const struct help_service *s)
{
	return json_read_canonical(service_json(s), NULL);
}

char *
help_json_export(const struct help_list *l, size_t *len)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(HELP_FORMAT));
	json_t *arr = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, service_json(&l->items[i]));
	json_object_set_new(root, "services", arr);
	return json_read_canonical(root, len);
}

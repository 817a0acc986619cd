/* help_json.c — the help directory's interchange format, "tiltak-services/1"
 * (help.h), read and written with jansson, as strictly as plan files:
 * unknown and duplicate keys, wrong types and every value the validator
 * table (valid.h) refuses are refused with the JSON path of the value.
 * The first problem stops the parse. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"
#include "domain/valid.h"
#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"

struct ctx {
	struct help_list  *list;
	struct help_error *err;
	char               path[512];
	size_t             pathlen;
	bool               failed;
};

static void fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct ctx *c, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	snprintf(c->err->path, sizeof(c->err->path), "%s", c->path);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
	va_end(ap);
}

static size_t
push(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t
push(struct ctx *c, const char *fmt, ...)
{
	size_t old = c->pathlen;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(c->path + old, sizeof(c->path) - old, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->pathlen = old + (size_t)n < sizeof(c->path) ? old + (size_t)n :
		    sizeof(c->path) - 1;
	return old;
}

static void
pop(struct ctx *c, size_t old)
{
	c->pathlen = old;
	c->path[old] = '\0';
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL:    return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	case JSON_NULL:    return "null";
	}
	return "something else";
}

static bool
is_object(struct ctx *c, json_t *v)
{
	if (!json_is_object(v)) {
		fail(c, "expected an object, found %s", type_name(v));
		return false;
	}
	return true;
}

static void
check_keys(struct ctx *c, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(*a, key) == 0;
		if (!ok) {
			char quoted[200], names[400] = "";
			valid_quote(key, strlen(key), quoted, sizeof(quoted));
			size_t off = 0;
			for (const char *const *a = allowed; *a && off < sizeof(names); a++) {
				int n = snprintf(names + off, sizeof(names) - off, "%s%s",
				    a == allowed ? "" : ", ", *a);
				if (n > 0)
					off += (size_t)n;
			}
			size_t old = push(c, ".%s", quoted);
			fail(c, "unknown key \"%s\" (expected one of: %s)", quoted, names);
			pop(c, old);
			return;
		}
	}
}

/* A string value checked against kind, copied into the list's arena. */
static char *
text_value(struct ctx *c, json_t *v, enum valid_kind kind)
{
	if (!json_is_string(v)) {
		fail(c, "expected a string, found %s", type_name(v));
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	char msg[300];
	if (!valid_check(kind, s, n, msg, sizeof(msg))) {
		fail(c, "%s", msg);
		return NULL;
	}
	return arena_strndup(&c->list->arena, s, n);
}

/* obj[key] as text: absent or null gives NULL (an error when required). */
static char *
get_text(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    bool required)
{
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	size_t old = push(c, ".%s", key);
	char *r = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required %s is missing", key);
	} else {
		r = text_value(c, v, kind);
	}
	pop(c, old);
	return r;
}

/* obj[key] as {"nb": …, "nn": …, "en": …}, bokmål required when the
 * object is there (or when required). */
static void
get_langs(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    bool required, struct help_text *out)
{
	memset(out, 0, sizeof(*out));
	if (c->failed)
		return;
	json_t *v = json_object_get(obj, key);
	size_t old = push(c, ".%s", key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required %s is missing (an object with the text in "
			    "bokmål under \"nb\")", key);
	} else if (is_object(c, v)) {
		static const char *const keys[] = {"nb", "nn", "en", NULL};
		check_keys(c, v, keys);
		out->nb = get_text(c, v, "nb", kind, true);
		out->nn = get_text(c, v, "nn", kind, false);
		out->en = get_text(c, v, "en", kind, false);
	}
	pop(c, old);
}

/* obj[key] as an array of at most max items (absent or null: NULL). */
static json_t *
get_array(struct ctx *c, json_t *obj, const char *key, size_t max)
{
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	size_t old = push(c, ".%s", key);
	json_t *r = NULL;
	if (!json_is_array(v))
		fail(c, "expected an array, found %s", type_name(v));
	else if (json_array_size(v) > max)
		fail(c, "%zu entries; at most %zu are allowed", json_array_size(v), max);
	else
		r = v;
	pop(c, old);
	return r;
}

/* obj[key] as a list of distinct strings of kind. */
static char **
get_strings(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    size_t max, size_t *n)
{
	*n = 0;
	json_t *arr = get_array(c, obj, key, max);
	if (arr == NULL || json_array_size(arr) == 0)
		return NULL;
	size_t m = json_array_size(arr);
	char **out = arena_array(&c->list->arena, m, sizeof(char *));
	size_t old = push(c, ".%s", key);
	for (size_t i = 0; i < m && !c->failed; i++) {
		size_t o2 = push(c, "[%zu]", i);
		out[i] = text_value(c, json_array_get(arr, i), kind);
		for (size_t j = 0; out[i] && j < i; j++)
			if (strcmp(out[i], out[j]) == 0)
				fail(c, "\"%s\" is listed twice", out[i]);
		pop(c, o2);
	}
	pop(c, old);
	*n = m;
	return out;
}

static int
get_enum(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind, int dflt,
    bool required)
{
	char *s = get_text(c, obj, key, kind, required);
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

/* Whether two of h's ranges cover the same minute; *which gets the
 * index of the later one. */
static bool
ranges_overlap(const struct help_hours *h, size_t *which)
{
	static const int week = 7 * 1440;
	unsigned char *seen = xcalloc((size_t)week, 1);
	bool overlap = false;
	for (size_t i = 0; i < h->nranges && !overlap; i++) {
		const struct help_range *r = &h->ranges[i];
		int len = r->to > r->from ? r->to - r->from : 1440 - r->from + r->to;
		for (int k = 0; k < len && !overlap; k++) {
			int m = (r->day * 1440 + r->from + k) % week;
			if (seen[m]) {
				overlap = true;
				*which = i;
			}
			seen[m] = 1;
		}
	}
	free(seen);
	return overlap;
}

static void
parse_hours(struct ctx *c, json_t *obj, struct help_hours *h)
{
	json_t *v = json_object_get(obj, "hours");
	if (c->failed || v == NULL || json_is_null(v))
		return;
	size_t old = push(c, ".hours");
	if (!is_object(c, v)) {
		pop(c, old);
		return;
	}
	static const char *const keys[] = {"always", "weekly", "note", NULL};
	check_keys(c, v, keys);
	json_t *always = json_object_get(v, "always");
	if (!c->failed && always && !json_is_null(always)) {
		size_t o2 = push(c, ".always");
		if (!json_is_boolean(always))
			fail(c, "expected true or false, found %s", type_name(always));
		else
			h->always = json_is_true(always);
		pop(c, o2);
	}
	json_t *weekly = get_array(c, v, "weekly", 7 * 24);
	size_t nw = weekly ? json_array_size(weekly) : 0;
	if (!c->failed && h->always && nw > 0) {
		size_t o2 = push(c, ".weekly");
		fail(c, "a service open round the clock (\"always\": true) has no weekly "
		    "ranges");
		pop(c, o2);
	}
	size_t cap = 0;
	for (size_t i = 0; i < nw && !c->failed; i++) {
		size_t o2 = push(c, ".weekly[%zu]", i);
		json_t *e = json_array_get(weekly, i);
		if (is_object(c, e)) {
			static const char *const rkeys[] = {"days", "from", "to", NULL};
			check_keys(c, e, rkeys);
			size_t nd;
			char **days = get_strings(c, e, "days", VALID_WEEKDAY, 7, &nd);
			if (!c->failed && nd == 0) {
				size_t o3 = push(c, ".days");
				fail(c, "required days are missing (mon, tue, … sun)");
				pop(c, o3);
			}
			char *from = get_text(c, e, "from", VALID_CLOCK, true);
			char *to = get_text(c, e, "to", VALID_CLOCK, true);
			if (!c->failed && minutes(from) == 1440) {
				size_t o3 = push(c, ".from");
				fail(c, "a range begins at 23:59 at the latest (24:00 ends a day)");
				pop(c, o3);
			}
			if (!c->failed && minutes(from) == minutes(to) % 1440) {
				size_t o3 = push(c, ".to");
				fail(c, "\"to\" is the same time as \"from\": for a service open "
				    "round the clock write \"always\": true");
				pop(c, o3);
			}
			for (size_t d = 0; d < nd && !c->failed; d++) {
				if (h->nranges == cap) {
					cap = cap ? cap * 2 : 8;
					struct help_range *r = arena_array(&c->list->arena, cap,
					    sizeof(*r));
					if (h->nranges)
						memcpy(r, h->ranges, h->nranges * sizeof(*r));
					h->ranges = r;
				}
				h->ranges[h->nranges++] = (struct help_range){
				    .day = help_day_parse(days[d]), .from = minutes(from),
				    .to = minutes(to)};
			}
		}
		pop(c, o2);
	}
	if (!c->failed && h->nranges > 0) {
		size_t which;
		if (ranges_overlap(h, &which)) {
			size_t o2 = push(c, ".weekly");
			fail(c, "the ranges overlap (%s from %02d:%02d): each minute of the "
			    "week may be in one range only", help_day_name(h->ranges[which].day),
			    h->ranges[which].from / 60, h->ranges[which].from % 60);
			pop(c, o2);
		}
		qsort(h->ranges, h->nranges, sizeof(*h->ranges), range_cmp);
	}
	get_langs(c, v, "note", VALID_LINE, false, &h->note);
	pop(c, old);
}

static char *
get_phone(struct ctx *c, json_t *obj, const char *key)
{
	char *p = get_text(c, obj, key, VALID_PHONE, false);
	if (p && !help_phone_stored(p, strlen(p))) {
		char stored[HELP_PHONE_MAX];
		help_phone_normal(p, strlen(p), stored, NULL);
		size_t old = push(c, ".%s", key);
		fail(c, "write the number as its digits, without spaces or +47: \"%s\"",
		    stored);
		pop(c, old);
	}
	return p;
}

static void
parse_service(struct ctx *c, json_t *v, struct help_service *s)
{
	if (!is_object(c, v))
		return;
	static const char *const keys[] = {"id", "name", "offers", "audiences", "kind",
	    "phone", "sms", "email", "web", "address", "hours", "anonymous", "serves",
	    "languages", "owner", "unit", "verified", "rank", NULL};
	check_keys(c, v, keys);
	s->id = get_text(c, v, "id", VALID_ID, true);
	get_langs(c, v, "name", VALID_TITLE, true, &s->name);
	get_langs(c, v, "offers", VALID_HELP_TEXT, false, &s->offers);
	size_t na;
	char **aud = get_strings(c, v, "audiences", VALID_HELP_AUDIENCE, HELP_AUD__MAX, &na);
	for (size_t i = 0; i < na && !c->failed; i++)
		s->audiences |= HELP_AUDIENCE_BIT(help_audience_parse(aud[i]));
	s->kind = (enum help_kind)get_enum(c, v, "kind", VALID_HELP_KIND, 0, true);
	s->phone = get_phone(c, v, "phone");
	s->sms = get_phone(c, v, "sms");
	s->email = get_text(c, v, "email", VALID_EMAIL, false);
	s->web = get_text(c, v, "web", VALID_URL, false);
	s->address = get_text(c, v, "address", VALID_LINE, false);
	parse_hours(c, v, &s->hours);
	s->anonymous = (enum help_anonymous)get_enum(c, v, "anonymous",
	    VALID_HELP_ANONYMOUS, HELP_ANON_UNKNOWN, false);
	s->serves = get_strings(c, v, "serves", VALID_ID, PLAN_ITEMS_MAX, &s->nserves);
	s->languages = get_strings(c, v, "languages", VALID_LANG_CODE, 50, &s->nlanguages);
	s->owner = get_text(c, v, "owner", VALID_ID, false);
	s->unit = get_text(c, v, "unit", VALID_ID, false);
	s->verified = get_text(c, v, "verified", VALID_DATE, false);
	json_t *rank = json_object_get(v, "rank");
	if (!c->failed && rank && !json_is_null(rank)) {
		size_t old = push(c, ".rank");
		char msg[200];
		if (!json_is_integer(rank))
			fail(c, "expected an integer, found %s", type_name(rank));
		else if (!valid_number(VALID_HELP_RANK, json_integer_value(rank), msg,
		    sizeof(msg)))
			fail(c, "%s", msg);
		else
			s->rank = (int)json_integer_value(rank);
		pop(c, old);
	}
	const char *field;
	char msg[300];
	if (!c->failed && !help_service_check(s, &field, msg, sizeof(msg))) {
		size_t old = push(c, ".%s", field);
		fail(c, "%s", msg);
		pop(c, old);
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

static void
line_col(const char *data, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

struct help_list *
help_json_parse(const char *data, size_t len, struct help_error *err)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->path, sizeof(err->path), "$");
	if (len > PLAN_FILE_MAX) {
		snprintf(err->message, sizeof(err->message),
		    "the file is %zu bytes; at most %u bytes are allowed", len, PLAN_FILE_MAX);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		err->line = err->column = 1;
		snprintf(err->message, sizeof(err->message),
		    "the file starts with a byte-order mark; save it as UTF-8 without one");
		return NULL;
	}
	size_t bad = text_utf8_invalid_at(data, len);
	if (bad < len) {
		line_col(data, bad, &err->line, &err->column);
		snprintf(err->message, sizeof(err->message),
		    "invalid UTF-8 (byte 0x%02x); services files must be UTF-8",
		    (unsigned char)data[bad]);
		return NULL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		err->line = jerr.line > 0 ? jerr.line : 0;
		err->column = jerr.column > 0 ? jerr.column : 0;
		snprintf(err->message, sizeof(err->message), "invalid JSON: %s", jerr.text);
		return NULL;
	}
	struct ctx c = {.list = help_list_new(), .err = err};
	snprintf(c.path, sizeof(c.path), "$");
	c.pathlen = 1;
	if (is_object(&c, root)) {
		static const char *const keys[] = {"format", "services", NULL};
		check_keys(&c, root, keys);
		json_t *fmt = json_object_get(root, "format");
		if (!c.failed && (!json_is_string(fmt) ||
		    strcmp(json_string_value(fmt), HELP_FORMAT) != 0)) {
			size_t old = push(&c, ".format");
			fail(&c, "expected \"%s\"", HELP_FORMAT);
			pop(&c, old);
		}
		json_t *arr = get_array(&c, root, "services", HELP_SERVICES_MAX);
		if (!c.failed && arr == NULL) {
			size_t old = push(&c, ".services");
			fail(&c, "required array is missing");
			pop(&c, old);
		}
		size_t n = arr ? json_array_size(arr) : 0;
		for (size_t i = 0; i < n && !c.failed; i++) {
			size_t old = push(&c, ".services[%zu]", i);
			struct help_service *s = help_list_add(c.list);
			parse_service(&c, json_array_get(arr, i), s);
			for (size_t j = 0; !c.failed && j + 1 < c.list->n; j++) {
				const struct help_service *o = &c.list->items[j];
				if (strcmp(o->id, s->id) == 0) {
					size_t o2 = push(&c, ".id");
					fail(&c, "service \"%s\" is also $.services[%zu]", s->id, j);
					pop(&c, o2);
				} else if (s->unit && o->unit && strcmp(o->unit, s->unit) == 0) {
					size_t o2 = push(&c, ".unit");
					fail(&c, "unit \"%s\" is already the service $.services[%zu]: "
					    "a unit has one contact record", s->unit, j);
					pop(&c, o2);
				}
			}
			pop(&c, old);
		}
	}
	json_decref(root);
	if (c.failed) {
		help_list_free(c.list);
		return NULL;
	}
	return c.list;
}

bool
help_json_parse_service(struct help_list *l, const char *data, size_t len,
    struct help_error *err)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->path, sizeof(err->path), "$");
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err->message, sizeof(err->message), "invalid JSON: %s", jerr.text);
		return false;
	}
	struct ctx c = {.list = l, .err = err};
	snprintf(c.path, sizeof(c.path), "$");
	c.pathlen = 1;
	parse_service(&c, root, help_list_add(l));
	json_decref(root);
	if (c.failed)
		l->n--;
	return !c.failed;
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

static char *
dump(json_t *root, size_t *len)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL)
		return NULL;
	size_t n = strlen(s);
	char *out = xmalloc(n + 2);
	memcpy(out, s, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(s);
	if (len)
		*len = n + 1;
	return out;
}

char *
help_service_json(const struct help_service *s)
{
	return dump(service_json(s), NULL);
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
	return dump(root, len);
}

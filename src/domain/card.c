/* card.c — the action card's model and its interchange format
 * "tiltak-card/1" (card.h), read and written with jansson as strictly as
 * plans (plan_json.c): unknown and duplicate keys, wrong types and every
 * value the validator table refuses are errors with their JSON path; the
 * first problem stops the parse. */
#include "domain/card.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/valid.h"
#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"

const char *const card_lang_code[CARD_LANG__MAX] = {"nb", "nn", "en"};

struct card *
card_new(void)
{
	return xcalloc(1, sizeof(struct card));
}

void
card_free(struct card *c)
{
	if (c == NULL)
		return;
	arena_free(&c->arena);
	free(c);
}

const char *
card_text_pick(const struct card_text *t, const char *lang)
{
	for (int i = 1; lang && i < CARD_LANG__MAX; i++)
		if (strcmp(lang, card_lang_code[i]) == 0 && t->s[i])
			return t->s[i];
	return t->s[CARD_NB];
}

/* ---- parsing ---- */

struct ctx {
	struct card       *card;
	struct plan_error *err;
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

/* Appends ".key" or "[i]" to the path; returns the length to pop back to. */
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

/* v must be an object with only the keys in allowed (NULL-terminated). */
static bool
expect_object(struct ctx *c, json_t *v, const char *const *allowed)
{
	if (c->failed)
		return false;
	if (!json_is_object(v)) {
		fail(c, "expected an object, found %s", type_name(v));
		return false;
	}
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(*a, key) == 0;
		if (!ok) {
			char quoted[200], names[300] = "";
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
			return false;
		}
	}
	return true;
}

/* A string of kind, copied into the card's arena; NULL with the error. */
static char *
text_value(struct ctx *c, json_t *v, enum valid_kind kind)
{
	if (!json_is_string(v)) {
		fail(c, "expected a string, found %s", type_name(v));
		return NULL;
	}
	char msg[256];
	if (!valid_check(kind, json_string_value(v), json_string_length(v), msg,
	    sizeof(msg))) {
		fail(c, "%s", msg);
		return NULL;
	}
	return arena_strndup(&c->card->arena, json_string_value(v), json_string_length(v));
}

/* obj[key] as a text in several languages: {"nb": …, "nn": …, "en": …},
 * bokmål required when the text is. Absent or null: all NULL (an error
 * when required). */
static void
get_ml(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    bool required, struct card_text *out)
{
	static const char *const keys[] = {"nb", "nn", "en", NULL};
	memset(out, 0, sizeof(*out));
	if (c->failed)
		return;
	json_t *v = json_object_get(obj, key);
	size_t old = push(c, ".%s", key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required text is missing ({\"nb\": …, \"nn\": …, \"en\": …}; "
			    "bokmål required)");
	} else if (expect_object(c, v, keys)) {
		for (int i = 0; i < CARD_LANG__MAX && !c->failed; i++) {
			json_t *t = json_object_get(v, card_lang_code[i]);
			size_t o2 = push(c, ".%s", card_lang_code[i]);
			if (t == NULL || json_is_null(t)) {
				if (i == CARD_NB)
					fail(c, "the text in bokmål (\"nb\") is required; nynorsk and "
					    "English fall back to it");
			} else {
				out->s[i] = text_value(c, t, kind);
			}
			pop(c, o2);
		}
	}
	pop(c, old);
}

/* obj[key] as a list of at most CARD_LINKS_MAX distinct ids (absent or
 * null: none). */
static char **
get_ids(struct ctx *c, json_t *obj, const char *key, size_t *n)
{
	*n = 0;
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	size_t old = push(c, ".%s", key);
	char **ids = NULL;
	if (!json_is_array(v)) {
		fail(c, "expected an array of ids, found %s", type_name(v));
	} else if (json_array_size(v) > CARD_LINKS_MAX) {
		fail(c, "%zu entries; at most %u are allowed", json_array_size(v),
		    CARD_LINKS_MAX);
	} else {
		*n = json_array_size(v);
		ids = arena_array(&c->card->arena, *n, sizeof(char *));
		for (size_t i = 0; i < *n && !c->failed; i++) {
			size_t o2 = push(c, "[%zu]", i);
			ids[i] = text_value(c, json_array_get(v, i), VALID_ID);
			for (size_t j = 0; j < i && !c->failed; j++)
				if (strcmp(ids[j], ids[i]) == 0)
					fail(c, "\"%s\" is listed twice", ids[i]);
			pop(c, o2);
		}
	}
	pop(c, old);
	return ids;
}

static void
parse_step(struct ctx *c, json_t *v, struct card_step *s)
{
	static const char *const keys[] = {"heading", "action", "duty", "reference",
	    "units", "services", NULL};
	if (!expect_object(c, v, keys))
		return;
	get_ml(c, v, "heading", VALID_TITLE, true, &s->heading);
	get_ml(c, v, "action", VALID_CARD_TEXT, true, &s->action);
	get_ml(c, v, "duty", VALID_CARD_TEXT, false, &s->duty);
	get_ml(c, v, "reference", VALID_TITLE, false, &s->reference);
	s->units = get_ids(c, v, "units", &s->nunits);
	s->services = get_ids(c, v, "services", &s->nservices);
}

static void
parse_card(struct ctx *c, json_t *root)
{
	static const char *const keys[] = {"format", "organisation", "template",
	    "title", "intro", "steps", NULL};
	struct card *card = c->card;
	if (!expect_object(c, root, keys))
		return;
	json_t *fmt = json_object_get(root, "format");
	size_t old = push(c, ".format");
	if (fmt == NULL)
		fail(c, "required format is missing (expected \"%s\")", CARD_FORMAT);
	else if (!json_is_string(fmt) || strcmp(json_string_value(fmt), CARD_FORMAT) != 0)
		fail(c, "expected \"%s\"", CARD_FORMAT);
	pop(c, old);

	json_t *org = json_object_get(root, "organisation");
	old = push(c, ".organisation");
	if (!c->failed && (org == NULL || json_is_null(org)))
		fail(c, "required id is missing (the organisation whose card this is)");
	else if (!c->failed)
		card->organisation = text_value(c, org, VALID_ID);
	pop(c, old);

	json_t *tpl = json_object_get(root, "template");
	old = push(c, ".template");
	if (!c->failed && tpl != NULL && !json_is_null(tpl) && !json_is_boolean(tpl))
		fail(c, "expected true or false, found %s", type_name(tpl));
	card->is_template = json_is_true(tpl);
	pop(c, old);

	get_ml(c, root, "title", VALID_TITLE, true, &card->title);
	get_ml(c, root, "intro", VALID_CARD_TEXT, false, &card->intro);

	json_t *steps = json_object_get(root, "steps");
	old = push(c, ".steps");
	if (c->failed) {
		/* nothing */
	} else if (steps == NULL || json_is_null(steps)) {
		fail(c, "required array is missing (the card's steps)");
	} else if (!json_is_array(steps)) {
		fail(c, "expected an array, found %s", type_name(steps));
	} else if (json_array_size(steps) == 0) {
		fail(c, "a card needs at least one step");
	} else if (json_array_size(steps) > CARD_STEPS_MAX) {
		fail(c, "%zu steps; at most %u fit on one page", json_array_size(steps),
		    CARD_STEPS_MAX);
	} else {
		card->nsteps = json_array_size(steps);
		card->steps = arena_array(&card->arena, card->nsteps, sizeof(*card->steps));
		for (size_t i = 0; i < card->nsteps && !c->failed; i++) {
			size_t o2 = push(c, "[%zu]", i);
			parse_step(c, json_array_get(steps, i), &card->steps[i]);
			pop(c, o2);
		}
	}
	pop(c, old);
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
		} else {
			(*col)++;
		}
	}
}

struct card *
card_json_parse(const char *data, size_t len, struct plan_error *err)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->path, sizeof(err->path), "$");
	if (len > CARD_FILE_MAX) {
		snprintf(err->message, sizeof(err->message), "the file is %zu bytes; at "
		    "most %u bytes are allowed for a card", len, CARD_FILE_MAX);
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
		    "invalid UTF-8 (byte 0x%02x); card files must be UTF-8",
		    (unsigned char)data[bad]);
		return NULL;
	}
	/* A card file is small (CARD_FILE_MAX), so jansson's memory for it is
	 * bounded without counting values first as plan files need; depth is
	 * capped by jansson's own limit (JSON_PARSER_MAX_DEPTH). */
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		err->line = jerr.line > 0 ? jerr.line : 0;
		err->column = jerr.column > 0 ? jerr.column : 0;
		snprintf(err->message, sizeof(err->message), "invalid JSON: %s", jerr.text);
		return NULL;
	}
	struct ctx c = {.card = card_new(), .err = err};
	snprintf(c.path, sizeof(c.path), "$");
	c.pathlen = 1;
	parse_card(&c, root);
	json_decref(root);
	if (c.failed) {
		card_free(c.card);
		return NULL;
	}
	return c.card;
}

bool
card_json_is_card(const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(data, len, 0, &jerr);
	bool is = root && json_is_object(root) &&
	    json_is_string(json_object_get(root, "format")) &&
	    strcmp(json_string_value(json_object_get(root, "format")), CARD_FORMAT) == 0;
	json_decref(root);
	return is;
}

/* ---- export ---- */

/* Texts that do not hold valid UTF-8 (changed in the database by other
 * means) are written as JSON cannot otherwise: jansson refuses them, so
 * they are left null and the re-import says where. */
static json_t *
str_json(const char *s)
{
	if (s == NULL)
		return json_null();
	json_t *v = json_string(s);
	return v ? v : json_null();
}

static json_t *
ml_json(const struct card_text *t)
{
	if (t->s[CARD_NB] == NULL)
		return json_null();
	json_t *o = json_object();
	for (int i = 0; i < CARD_LANG__MAX; i++)
		json_object_set_new(o, card_lang_code[i], str_json(t->s[i]));
	return o;
}

static json_t *
ids_json(char **ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, str_json(ids[i]));
	return a;
}

char *
card_json_export(const struct card *card, size_t *len)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(CARD_FORMAT));
	json_object_set_new(root, "organisation", str_json(card->organisation));
	json_object_set_new(root, "template", json_boolean(card->is_template));
	json_object_set_new(root, "title", ml_json(&card->title));
	json_object_set_new(root, "intro", ml_json(&card->intro));
	json_t *steps = json_array();
	for (size_t i = 0; i < card->nsteps; i++) {
		const struct card_step *s = &card->steps[i];
		json_t *o = json_object();
		json_object_set_new(o, "heading", ml_json(&s->heading));
		json_object_set_new(o, "action", ml_json(&s->action));
		json_object_set_new(o, "duty", ml_json(&s->duty));
		json_object_set_new(o, "reference", ml_json(&s->reference));
		json_object_set_new(o, "units", ids_json(s->units, s->nunits));
		json_object_set_new(o, "services", ids_json(s->services, s->nservices));
		json_array_append_new(steps, o);
	}
	json_object_set_new(root, "steps", steps);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL) {
		fputs("tiltak: out of memory\n", stderr);
		abort();
	}
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

struct card *
card_check(const struct card *card, struct plan_error *err)
{
	size_t len;
	char *json = card_json_export(card, &len);
	struct card *c = card_json_parse(json, len, err);
	free(json);
	return c;
}

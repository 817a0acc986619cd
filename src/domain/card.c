/* card.c — the action card's model and its interchange format
 * "tiltak-card/1" (card.h), read and written with jansson as strictly as
 * plans (plan_json.c): unknown and duplicate keys, wrong types and every
 * value the validator table refuses are errors with their JSON path; the
 * first problem stops the parse. */
#include "domain/card.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/json_read.h"
#include "domain/valid.h"
#include "limits.h"
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

/* How cards have always worded and limited things (json_read.h). */
static const struct json_read_dialect card_dialect = {
	.max_bytes = CARD_FILE_MAX, .max_bytes_of = " for a card",
	.files = "card files",
	.column_chars = false, .missing_by_key = false, .check_msg_size = 256,
	.langs_hint = "({\"nb\": …, \"nn\": …, \"en\": …}; bokmål required)",
	.nb_missing = "the text in bokmål (\"nb\") is required; nynorsk and English "
	    "fall back to it",
};
/* card_lang_code and json_read_lang name the same languages in one order. */
_Static_assert(CARD_LANG__MAX == JSON_READ_LANGS, "a card's languages are "
    "json_read_langs' (nb, nn, en)");

/* obj[key] as a list of at most CARD_LINKS_MAX distinct ids (absent,
 * null or empty: none). */
static char **
get_ids(struct json_read *r, json_t *obj, const char *key, size_t *n)
{
	json_t *v = json_object_get(obj, key);
	if (!r->failed && v != NULL && !json_is_null(v) && !json_is_array(v)) {
		*n = 0;
		size_t old = json_read_push_key(r, key);
		json_read_fail(r, "expected an array of ids, found %s",
		    json_read_type_name(v));
		json_read_pop(r, old);
		return NULL;
	}
	return json_read_strings(r, obj, key, VALID_ID, CARD_LINKS_MAX, n);
}

static void
parse_step(struct json_read *r, json_t *v, struct card_step *s)
{
	static const char *const keys[] = {"heading", "action", "duty", "reference",
	    "units", "services", NULL};
	if (!json_read_object(r, v, keys))
		return;
	json_read_langs(r, v, "heading", VALID_TITLE, true, s->heading.s);
	json_read_langs(r, v, "action", VALID_CARD_TEXT, true, s->action.s);
	json_read_langs(r, v, "duty", VALID_CARD_TEXT, false, s->duty.s);
	json_read_langs(r, v, "reference", VALID_TITLE, false, s->reference.s);
	s->units = get_ids(r, v, "units", &s->nunits);
	s->services = get_ids(r, v, "services", &s->nservices);
}

static void
parse_card(struct json_read *r, json_t *root, struct card *card)
{
	static const char *const keys[] = {"format", "organisation", "template",
	    "title", "intro", "steps", NULL};
	if (!json_read_object(r, root, keys))
		return;
	json_read_format(r, root, CARD_FORMAT);

	json_t *org = json_object_get(root, "organisation");
	size_t old = json_read_push_key(r, "organisation");
	if (!r->failed && (org == NULL || json_is_null(org)))
		json_read_fail(r, "required id is missing (the organisation whose card "
		    "this is)");
	else if (!r->failed)
		card->organisation = json_read_string(r, org, VALID_ID);
	json_read_pop(r, old);

	card->is_template = json_read_bool(r, root, "template");

	json_read_langs(r, root, "title", VALID_TITLE, true, card->title.s);
	json_read_langs(r, root, "intro", VALID_CARD_TEXT, false, card->intro.s);

	json_t *steps = json_object_get(root, "steps");
	old = json_read_push_key(r, "steps");
	if (r->failed) {
		/* nothing */
	} else if (steps == NULL || json_is_null(steps)) {
		json_read_fail(r, "required array is missing (the card's steps)");
	} else if (!json_is_array(steps)) {
		json_read_fail(r, "expected an array, found %s",
		    json_read_type_name(steps));
	} else if (json_array_size(steps) == 0) {
		json_read_fail(r, "a card needs at least one step");
	} else if (json_array_size(steps) > CARD_STEPS_MAX) {
		json_read_fail(r, "%zu steps; at most %u fit on one page",
		    json_array_size(steps), CARD_STEPS_MAX);
	} else {
		card->nsteps = json_array_size(steps);
		card->steps = arena_array(&card->arena, card->nsteps, sizeof(*card->steps));
		for (size_t i = 0; i < card->nsteps && !r->failed; i++) {
			size_t o2 = json_read_push_index(r, i);
			parse_step(r, json_array_get(steps, i), &card->steps[i]);
			json_read_pop(r, o2);
		}
	}
	json_read_pop(r, old);
}

struct card *
card_json_parse(const char *data, size_t len, struct plan_error *err)
{
	struct card *card = card_new();
	struct json_read r;
	json_read_begin(&r, &card_dialect, &card->arena, JSON_READ_ERROR(err));
	/* A card file is small (CARD_FILE_MAX), so jansson's memory for it is
	 * bounded without counting values first as plan files need; depth is
	 * capped by jansson's own limit (JSON_PARSER_MAX_DEPTH). */
	json_t *root = json_read_open(&r, data, len);
	if (root) {
		parse_card(&r, root, card);
		json_decref(root);
	}
	if (r.failed) {
		card_free(card);
		return NULL;
	}
	return card;
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
	char *out = json_read_canonical(root, len);
	if (out == NULL) {
		fputs("tiltak: out of memory\n", stderr);
		abort();
	}
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

/* card.h — the action card for employees (issue 8 §5; Bodø's "veileder
 * for handling ved mistanke om vold eller seksuelle overgrep", its
 * "tiltakskort"): per organisation, an ordered list of steps, each a
 * situation, what to do, the duty it brings (with its law), and links to
 * the units responsible (the units register) and to entries of the help
 * directory. Text comes in bokmål (required), nynorsk and English
 * (optional, falling back to bokmål).
 *
 * The interchange format is "tiltak-card/1" (docs/card-format.md),
 * parsed as strictly as plans (card_json_parse: unknown keys, wrong
 * types, every value through the validator table, errors with their
 * JSON path). What a card refers to outside itself — its organisation,
 * units, directory entries — is checked by the store when it is written
 * (db_cards_put), since those live in the database. */
#ifndef TILTAK_CARD_H
#define TILTAK_CARD_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/plan_json.h"
#include "util/arena.h"

#define CARD_FORMAT "tiltak-card/1"

/* The languages a card's text may carry; bokmål first (required). */
enum card_lang { CARD_NB, CARD_NN, CARD_EN, CARD_LANG__MAX };
extern const char *const card_lang_code[CARD_LANG__MAX];   /* "nb", "nn", "en" */

/* One text in several languages: s[CARD_NB] is required where the text
 * is; the others NULL when not given. */
struct card_text {
	char *s[CARD_LANG__MAX];
};

/* One step of the card. */
struct card_step {
	struct card_text heading;     /* the situation: "Akutt fare" (a title) */
	struct card_text action;      /* what to do: one point a line */
	struct card_text duty;        /* the duty (optional): "Avvergeplikt: …" */
	struct card_text reference;   /* its law (optional): "Straffeloven § 196" */
	char           **units;       /* unit ids of the units register */
	size_t           nunits;
	char           **services;    /* ids of directory entries */
	size_t           nservices;
};

struct card {
	struct arena      arena;
	char             *organisation;  /* an organisation id */
	bool              is_template;   /* shipped content the municipality
	                                    has not reviewed yet: the card says so */
	struct card_text  title;
	struct card_text  intro;         /* optional */
	struct card_step *steps;
	size_t            nsteps;
};

struct card *card_new(void);
void card_free(struct card *);

/* The text of t in lang ("nb", "nn", "en"; anything else: bokmål),
 * falling back to bokmål; NULL when t has none. */
const char *card_text_pick(const struct card_text *t, const char *lang);

/* Parses and validates a card file data[0..len) (never reads past len).
 * Returns the card (caller frees with card_free), or NULL with *err
 * filled in as plan_json_parse does (line and column for syntax, the
 * JSON path and what was expected). */
struct card *card_json_parse(const char *data, size_t len, struct plan_error *err);

/* The canonical JSON of a card (stable key order, two-space indent,
 * final newline; absent texts as null). Caller frees; *len its length
 * when len is not NULL. */
char *card_json_export(const struct card *, size_t *len);

/* Whether data[0..len) is a JSON object whose "format" is CARD_FORMAT
 * (the importer's test for a card file among plan files). */
bool card_json_is_card(const char *data, size_t len);

/* Checks a card built in memory (an edit) the importer's way: exports
 * it and parses the export. Returns NULL, or the parsed card (caller
 * frees), with err naming the first problem's JSON path. */
struct card *card_check(const struct card *, struct plan_error *err);

#endif

/* json_read.h — what the strict JSON importers share: plans (plan_json.c),
 * help directory services files (help_json.c) and action cards (card.c).
 *
 * A reader holds the JSON path of the value being read ("$.themes[2]
 * .goals[0].name"), the first error with that path, and the arena texts
 * are copied into. The field readers below check a value's type and run
 * it through the validator table (valid.h); on a problem they set the
 * error at the value's path, and once the reader has failed they do
 * nothing (each returns NULL, 0 or its default), so an importer reads a
 * whole object without checking after every field. An importer keeps
 * only its schema: which keys, which kinds, and the messages that are
 * its own.
 *
 * Where the importers have always worded or limited things differently,
 * their dialect (struct json_read_dialect) says so, so that every message
 * stays as it was. */
#ifndef TILTAK_JSON_READ_H
#define TILTAK_JSON_READ_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/valid.h"
#include "util/arena.h"

/* What differs between the importers (each has one, static and const). */
struct json_read_dialect {
	/* Checking the file before it is parsed (json_read_check_file). */
	size_t      max_bytes;        /* the largest file */
	const char *max_bytes_of;     /* ends "at most N bytes are allowed…":
	                                 "" or " for a card" */
	const char *files;            /* "invalid UTF-8 (…); plan files must be UTF-8" */
	bool        column_chars;     /* a column counts characters (code
	                                 points); false: bytes */
	/* Reading fields. */
	bool        missing_by_key;   /* a required text that is missing is
	                                 "required KEY is missing"; false:
	                                 "required id is missing" for an id,
	                                 else "required text is missing" */
	size_t      check_msg_size;   /* a validator's message is cut to fit
	                                 this many bytes, its NUL included
	                                 (at most 512) */
	/* A text in several languages (json_read_langs); NULL for a format
	 * without such texts. */
	const char *langs_hint;       /* ends "required KEY is missing " (or
	                                 "required text is missing ") */
	const char *nb_missing;       /* the message when bokmål is missing */
};

/* The languages of a text in several languages, in the order of
 * json_read_langs' out: bokmål (required), nynorsk, English. */
#define JSON_READ_LANGS 3
extern const char *const json_read_lang[JSON_READ_LANGS];   /* "nb", "nn", "en" */

/* Where a reader's error goes: the members of a struct plan_error or a
 * struct help_error (both have line, column, path and message arrays).
 * JSON_READ_ERROR(e) makes one from a pointer to either. */
struct json_read_error {
	int    *line;
	int    *column;
	char   *path;
	size_t  pathsz;
	char   *message;
	size_t  messagesz;
};
#define JSON_READ_ERROR(e) ((struct json_read_error){ \
	.line = &(e)->line, .column = &(e)->column, \
	.path = (e)->path, .pathsz = sizeof((e)->path), \
	.message = (e)->message, .messagesz = sizeof((e)->message)})

struct json_read {
	const struct json_read_dialect *dialect;
	struct arena                   *arena;    /* texts are copied here;
	                                             NULL when only the path
	                                             and error are used */
	struct json_read_error          err;
	char                            path[512]; /* "$" and what is pushed */
	size_t                          pathlen;
	bool                            failed;   /* err is set */
};

/* Starts a reader at the path "$" and clears the error (line and column
 * 0, path "$", message ""). arena may be NULL (writing a file keeps the
 * path and the error but copies no text). */
void json_read_begin(struct json_read *r, const struct json_read_dialect *d,
    struct arena *arena, struct json_read_error err);

/* The error at the current path; only the first error counts (later
 * calls do nothing). Sets r->failed. */
void json_read_fail(struct json_read *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The same with the line and column of data[off] (1-based; a column
 * counts what the dialect says), for problems found in the text. */
void json_read_fail_at(struct json_read *r, const char *data, size_t off,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The path stack: push appends ".key" or "[i]" (cut to fit the path)
 * and returns the length to pop back to. */
size_t json_read_push_key(struct json_read *r, const char *key);
size_t json_read_push_index(struct json_read *r, size_t i);
void json_read_pop(struct json_read *r, size_t old);

/* "an object", "a string", "a number with a fraction", … for messages. */
const char *json_read_type_name(const json_t *v);

/* Checks data[0..len) before parsing: the dialect's size, no byte-order
 * mark, valid UTF-8 (each error at "$", the last two with line and
 * column). false with the error set. */
bool json_read_check_file(struct json_read *r, const char *data, size_t len);

/* Parses data[0..len) with jansson, refusing duplicate keys. Returns the
 * document (caller frees with json_decref), or NULL with the error set
 * ("invalid JSON: …" with jansson's line and column). */
json_t *json_read_parse(struct json_read *r, const char *data, size_t len);

/* json_read_check_file, then json_read_parse. */
json_t *json_read_open(struct json_read *r, const char *data, size_t len);

/* Checks that v is an object whose keys are all in allowed (NULL-
 * terminated): "expected an object, found …", or "unknown key" at the
 * key's path. false when it is not (or the reader had failed). */
bool json_read_object(struct json_read *r, json_t *v, const char *const *allowed);

/* Checks the string v against kind (at the current path). Returns it
 * copied into the arena, or NULL with the error set. */
char *json_read_string(struct json_read *r, json_t *v, enum valid_kind kind);

/* obj[key] as a text of kind. Absent or null gives NULL, an error when
 * required (worded as the dialect says). */
char *json_read_text(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, bool required);

/* obj[key] as an array of at most max items: returns it (borrowed from
 * obj) and its size in *n. Absent or null gives NULL and 0, "required
 * array is missing" when required. */
json_t *json_read_array(struct json_read *r, json_t *obj, const char *key,
    size_t max, bool required, size_t *n);

/* obj[key] as an array of at most max distinct texts of kind, copied into
 * the arena, their number in *n. Absent, null or empty gives NULL and 0. */
char **json_read_strings(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, size_t max, size_t *n);

/* obj[key] as a text in several languages, {"nb": …, "nn": …, "en": …},
 * each of kind: out[i] is the text in json_read_lang[i], or NULL. Bokmål
 * is required where the object is. Absent or null gives all NULL, an
 * error when required. */
void json_read_langs(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, bool required, char *out[JSON_READ_LANGS]);

/* obj[key] as a name of the enum kind (valid_fields[kind].choices),
 * returned parsed. Absent or null gives dflt ("required value is missing
 * (one of: …)" when required). */
int json_read_enum(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, int dflt, bool required);

/* obj[key] as an integer in the range of the numeric kind. Absent or null
 * gives dflt ("required integer is missing" when required). */
int json_read_int(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, int dflt, bool required);

/* obj[key] as true or false; absent or null gives false. */
bool json_read_bool(struct json_read *r, json_t *obj, const char *key);

/* Checks that obj["format"] is the string format: "required format is
 * missing (expected …)" when absent, "expected …" otherwise. */
void json_read_format(struct json_read *r, json_t *obj, const char *format);

/* The canonical text of a document in the formats read here, as export
 * writes it: keys in the order they were set, two-space indent, a final
 * newline. Drops the caller's reference to root. Returns a string the
 * caller frees (its length in *len when len is not NULL), or NULL when
 * jansson cannot write it (only for want of memory). */
char *json_read_canonical(json_t *root, size_t *len);

#endif

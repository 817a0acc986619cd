/* plan_json.h — the interchange format (docs/plan-format.md): parsing and
 * validating a plan file into a struct plan, and writing a plan back out
 * as canonical JSON. */
#ifndef TILTAK_PLAN_JSON_H
#define TILTAK_PLAN_JSON_H
#include <stddef.h>

#include "domain/plan.h"

#define PLAN_FORMAT "tiltak-plan/1"

/* Where and why a plan file was refused. line and column are 0 when the
 * parser cannot tell them (problems found after parsing). */
struct plan_error {
	int  line;
	int  column;
	char path[512];     /* JSON path, e.g. $.themes[2].goals[0] */
	char message[512];  /* what was expected */
};

/* The number of JSON values (objects, arrays, strings, numbers, true,
 * false, null; keys not counted) that plan_json_export writes for p. A
 * plan whose count passes PLAN_VALUES_MAX is refused by plan_json_parse,
 * so that every plan it accepts exports to a file it accepts again. */
size_t plan_json_values(const struct plan *);

/* Formats an error as "FILE:LINE:COLUMN: PATH: MESSAGE" into out. */
void plan_error_format(const struct plan_error *, const char *file,
    char *out, size_t outsz);

/* Parses and validates data[0..len). Returns the plan (caller frees with
 * plan_free), or NULL with *err filled in. Never reads past len; data
 * need not be NUL-terminated. */
struct plan *plan_json_parse(const char *data, size_t len,
    struct plan_error *err);

/* Writes the plan as canonical JSON (stable key order, two-space indent,
 * final newline). Returns a string the caller frees, its length in *len
 * when len is not NULL. Returns NULL when a text of the plan cannot be
 * written as JSON (it is not valid UTF-8: the database was changed by
 * other means than import); then err->path is the JSON path of the first
 * such text and err->message says what is wrong (line and column are 0).
 * Never aborts except for want of memory. */
char *plan_json_export(const struct plan *, size_t *len, struct plan_error *err);

#endif

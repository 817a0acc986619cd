/* json_diff.h — what changed between two versions of a JSON document,
 * object by object: used to show what changed between two revisions of a
 * plan (its canonical JSON) in the audit trail.
 *
 * An array whose elements are all objects with an "id" (text) or a
 * "number" (an integer) is a list of things with identity: its elements
 * are matched by that key, so a theme, a measure or an indicator is
 * reported as added, removed or changed (with the names of the fields
 * that differ, and whether the order of a list changed), wherever it
 * moved. Any other value — text, number, a list of unit ids, the
 * implementation steps — is compared whole, as one field of the object
 * holding it. Items come in document order: an object before the things
 * inside it. */
#ifndef TILTAK_JSON_DIFF_H
#define TILTAK_JSON_DIFF_H
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum diff_change {
	DIFF_ADDED,
	DIFF_REMOVED,
	DIFF_CHANGED,
};

struct diff_field {
	const char *name;    /* the key in the object */
	bool        order;   /* only the order of its list changed */
};

struct diff_item {
	enum diff_change   change;
	const char        *kind;        /* the list it is in ("themes",
	                                   "measures", "indicators"…); NULL
	                                   for the document itself */
	const char        *key;         /* its id or number, as text; NULL for
	                                   the document */
	const char        *parent_kind; /* the nearest object with identity
	                                   above it (an indicator's measure),
	                                   or NULL */
	const char        *parent_key;
	const char        *label;       /* its "title", "name" or "text" (the
	                                   newer version's), or NULL */
	struct diff_field *fields;      /* DIFF_CHANGED: what differs */
	size_t             nfields;
};

struct json_diff {
	struct arena      arena;
	struct diff_item *items;
	size_t            n;
};

/* Compares two JSON texts (objects). Returns the differences (none when
 * the two are equal; caller frees with json_diff_free), or NULL when a
 * text is not a JSON object: *which then says which (0: a, 1: b). */
struct json_diff *json_diff_texts(const char *a, const char *b, int *which);
void json_diff_free(struct json_diff *);

#endif

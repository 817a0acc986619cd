/* form.h — a request body in application/x-www-form-urlencoded (what an
 * HTML form sends), decoded strictly and checked against the fields its
 * route declares (routes.h: struct route_field), each by its kind in the
 * validator table (src/domain/valid.h).
 *
 * Two kinds of problem:
 * - the body itself is wrong (a broken %-escape, a field the route does
 *   not take, a field twice, too many fields): form_parse returns NULL
 *   with a message naming what and where, and the request is answered
 *   400 with nothing written;
 * - a value is wrong (empty where required, too long, a control
 *   character, not one of an enum's names): the form is returned, with a
 *   message on that field, and the handler shows the form again with what
 *   was typed and the message next to the field.
 *
 * Values are kept as typed, with CR LF (and a lone CR) made LF first, as
 * the validators ask. An empty value is the same as no value. */
#ifndef TILTAK_FORM_H
#define TILTAK_FORM_H
#include <stdbool.h>
#include <stddef.h>

#include "http/routes.h"
#include "util/arena.h"

/* The field every form carries: its CSRF token (the session's, or the
 * login form's). Declared implicitly on every route with fields. */
#define FORM_CSRF "csrf"

struct form_value {
	const char               *name;   /* NUL-terminated */
	const char               *value;  /* NUL-terminated; may hold NULs
	                                     (then it has an error) */
	size_t                    len;
	const struct route_field *field;  /* NULL for FORM_CSRF */
	const char               *error;  /* NULL, or why the value is refused */
};

struct form {
	struct arena        arena;
	struct form_value  *v;       /* in the order sent */
	size_t              n;
	size_t              errors;  /* values with an error (missing
	                                required fields included) */
	/* Required fields that were not sent (or sent empty) get an entry
	 * with value "" and an error, so a handler finds them like others. */
};

/* Parses body[0..len) against fields (NULL-name terminated). A field
 * whose declared name ends in '.' takes any name it begins, followed by
 * one or more of [a-z0-9.-] ("status." takes "status.12"). Returns NULL
 * with the message in msg (NUL-terminated) when the body is wrong. */
struct form *form_parse(const char *body, size_t len,
    const struct route_field *fields, char *msg, size_t msgsz);
void form_free(struct form *);

/* The value of field name ("" when it was sent empty), or NULL when it
 * was not sent. For a field that may repeat, the first. */
const char *form_get(const struct form *, const char *name);
/* The entry for name, or NULL. */
const struct form_value *form_entry(const struct form *, const char *name);
/* The error on field name, or NULL. */
const char *form_error(const struct form *, const char *name);

/* Error messages are in the interface language (the validator's through
 * valid_translate, which "tiltak serve" sets). */

#endif

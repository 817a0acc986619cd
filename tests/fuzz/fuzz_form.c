/* fuzz_form.c — libFuzzer target for the form decoder (src/http/form.c).
 * Oracles: a form it returns holds only declared names (or "csrf"), no
 * name twice but a repeatable one, every value NUL-terminated at its
 * length unless it carries an error, no CR left in any value, the error
 * count equal to the values with an error; a refused body has a message.
 * Nothing may read outside the body. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

static const struct route_field fields[] = {
	{"title", VALID_TITLE, .required = true},
	{"text", VALID_MARKDOWN, .required = false},
	{"email", VALID_EMAIL, .required = false},
	{"tag", VALID_ID, .required = false, .many = true},
	{"status.", VALID_ID, .required = false},
	{.name = NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The body exactly as sent: no terminating NUL to lean on. */
	char *body = malloc(size ? size : 1);
	memcpy(body, data, size);
	char msg[256];
	struct form *f = form_parse(body, size, fields, msg, sizeof(msg));
	if (f == NULL) {
		if (msg[0] == '\0')
			abort();
		free(body);
		return 0;
	}
	size_t errors = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_value *v = &f->v[i];
		if (strcmp(v->name, "csrf") != 0 && v->field == NULL)
			abort();
		if (v->error == NULL && strlen(v->value) != v->len)
			abort();
		if (v->value[v->len] != '\0' || memchr(v->value, '\r', v->len) != NULL)
			abort();
		errors += v->error != NULL;
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->v[j].name, v->name) == 0 &&
			    (v->field == NULL || !v->field->many))
				abort();
	}
	if (errors != f->errors || form_get(f, "title") == NULL)
		abort();
	form_free(f);
	free(body);
	return 0;
}

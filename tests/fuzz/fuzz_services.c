/* fuzz_services.c — libFuzzer target for the services-file validator
 * (the help directory, domain/help.h). Any input either is refused with
 * a path and a message, or is a list of services whose export parses
 * again to the same export; and every accepted service's opening hours
 * answer help_open_at without overlap. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct help_error err;
	struct help_list *l = help_json_parse((const char *)data, size, &err);
	if (l == NULL) {
		if (err.path[0] != '$' || err.message[0] == '\0')
			abort();
		return 0;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct help_service *s = &l->items[i];
		if (help_hours_overlap(&s->hours, NULL))
			abort();
		int64_t next = 0;
		enum help_open o = help_open_at(&s->hours, 1764633600, &next);
		if ((o == HELP_OPEN_UNKNOWN) != !help_hours_known(&s->hours))
			abort();
		if (next != 0 && next <= 1764633600 - 60)
			abort();
	}
	size_t n1, n2;
	char *a = help_json_export(l, &n1);
	if (a == NULL)
		abort();
	help_list_free(l);
	l = help_json_parse(a, n1, &err);
	if (l == NULL) {
		fprintf(stderr, "export refused: %s: %s\n", err.path, err.message);
		abort();
	}
	char *b = help_json_export(l, &n2);
	help_list_free(l);
	if (b == NULL || n1 != n2 || memcmp(a, b, n1) != 0)
		abort();
	free(a);
	free(b);
	return 0;
}

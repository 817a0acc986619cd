/* fuzz_plan.c — libFuzzer target for the plan-file validator. Any input
 * either is refused with a path and a message, or is a plan whose export
 * parses again to the same export (the round trip must hold for every
 * accepted input, not only for the bundled plans). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan_error err;
	struct plan *p = plan_json_parse((const char *)data, size, &err);
	if (p == NULL) {
		if (err.path[0] != '$' || err.message[0] == '\0')
			abort();
		return 0;
	}
	size_t n1, n2;
	/* A parsed plan's text is valid UTF-8: its export cannot fail. */
	char *a = plan_json_export(p, &n1, &err);
	if (a == NULL)
		abort();
	plan_free(p);
	p = plan_json_parse(a, n1, &err);
	if (p == NULL) {
		fprintf(stderr, "export refused: %s: %s\n", err.path, err.message);
		abort();
	}
	char *b = plan_json_export(p, &n2, &err);
	if (b == NULL)
		abort();
	plan_free(p);
	if (n1 != n2 || memcmp(a, b, n1) != 0)
		abort();
	free(a);
	free(b);
	return 0;
}

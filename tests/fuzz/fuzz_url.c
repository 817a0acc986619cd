/* fuzz_url.c — libFuzzer target for the request-target decoder. Whatever
 * it accepts must be valid UTF-8 without NUL, free of dot segments, and
 * within the limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/url.h"
#include "util/text.h"

static void
check(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1);
	memcpy(raw, data, size);
	raw[size] = '\0';
	struct url u;
	const char *err;
	enum url_status st = url_parse(raw, &u, &err);
	if (st == URL_OK) {
		if (u.nsegments > URL_SEGMENTS_MAX || u.nquery > HTTP_QUERY_FIELDS)
			abort();
		for (size_t i = 0; i < u.nsegments; i++) {
			check(u.segments[i]);
			if (strcmp(u.segments[i], ".") == 0 || strcmp(u.segments[i], "..") == 0)
				abort();
		}
		for (size_t i = 0; i < u.nquery; i++) {
			check(u.query[i].name);
			check(u.query[i].value);
			if (text_utf8_chars(u.query[i].value, strlen(u.query[i].value)) >
			    HTTP_QUERY_FIELD_MAX)
				abort();
		}
	} else if (err == NULL) {
		abort();
	}
	url_free(&u);
	free(raw);
	return 0;
}

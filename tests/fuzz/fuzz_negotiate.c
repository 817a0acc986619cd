/* fuzz_negotiate.c — libFuzzer target for the Accept-Encoding and
 * If-None-Match parsers (rendition.c). Oracles: gzip is accepted only if
 * the header names gzip or '*'; an ETag matches only if the header holds
 * it between quotes, or '*'. Neither may read outside the string. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/rendition.h"

/* True if hay contains needle, ignoring ASCII case. */
static int
has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (http_accepts_gzip(s) && !has_ci(s, "gzip") && strchr(s, '*') == NULL)
		abort();
	static const char etag[] = "\"5d41402abc4b2a76\"";
	if (http_etag_matches(s, etag) && strstr(s, etag) == NULL && strchr(s, '*') == NULL)
		abort();
	free(s);
	return 0;
}

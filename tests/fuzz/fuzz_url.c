/* fuzz_url.c — libFuzzer target for the request-target decoder and the
 * route matcher. Whatever the decoder accepts must be valid UTF-8 without
 * NUL, free of dot segments, and within the limits. The route it matches
 * must match by a second, naive reading of its pattern, with parameters
 * that are the segments at the parameters' places; and when none is
 * matched, no pattern may match that way. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/routes.h"
#include "http/url.h"
#include "util/text.h"

static void
check(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

/* Whether pattern matches u, read naively: split at '/', ':' starts a
 * parameter. Checks param (route_match's) when want_params. */
static bool
naive_match(const char *pattern, const struct url *u, const char *const *param,
    bool want_params)
{
	/* Every parameter of enum route_param by name: one added there
	 * without a name here stops the fuzzer at once. */
	static const char *const names[PARAM__MAX] = {
		[PARAM_PLAN] = "plan", [PARAM_THEME] = "theme",
		[PARAM_MEASURE] = "measure", [PARAM_UNIT] = "unit", [PARAM_N] = "n",
		[PARAM_YEAR] = "year", [PARAM_FILE] = "file", [PARAM_GOAL] = "goal",
		[PARAM_CHAPTER] = "chapter", [PARAM_ACCOUNT] = "account",
	};
	for (int p = 0; p < PARAM__MAX; p++)
		if (names[p] == NULL) {
			fprintf(stderr, "fuzz_url: parameter %d has no name here\n", p);
			abort();
		}
	char copy[256];
	strcpy(copy, pattern);
	size_t n = 0;
	for (char *save, *seg = strtok_r(copy, "/", &save); seg;
	    seg = strtok_r(NULL, "/", &save), n++) {
		if (n >= u->nsegments)
			return false;
		if (seg[0] == ':') {
			if (u->segments[n][0] == '\0')
				return false;
			if (!want_params)
				continue;
			for (int p = 0; p < PARAM__MAX; p++)
				if (strcmp(names[p], seg + 1) == 0 && param[p] != u->segments[n])
					abort();
		} else if (strcmp(seg, u->segments[n]) != 0) {
			return false;
		}
	}
	return n == u->nsegments;
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
		const char *param[PARAM__MAX];
		const struct route *rt = route_match(routes, ROUTE__MAX, &u, param);
		if (rt != NULL && !naive_match(rt->pattern, &u, param, true))
			abort();
		for (size_t i = 0; rt == NULL && i < ROUTE__MAX; i++)
			if (naive_match(routes[i].pattern, &u, param, false))
				abort();
	} else if (err == NULL) {
		abort();
	}
	url_free(&u);
	free(raw);
	return 0;
}

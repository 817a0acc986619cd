/* fuzz_markdown.c — libFuzzer target for plan Markdown rendered through
 * the HTML writer. Whatever the input, the output has no element or
 * attribute that could run script or load anything: no "<script", no
 * "<img", no "<iframe", no " on…=" attribute, and every href is one of
 * the safe forms. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "views/html.h"
#include "views/markdown.h"

static void
check_hrefs(const char *s)
{
	for (const char *p = strstr(s, "href=\""); p; p = strstr(p + 1, "href=\"")) {
		const char *u = p + 6;
		if (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 ||
		    strncmp(u, "mailto:", 7) == 0 || strncmp(u, "tel:", 4) == 0 ||
		    u[0] == '#' || (u[0] == '/' && u[1] != '/' && u[1] != '\\'))
			continue;
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *md = malloc(size + 1);
	memcpy(md, data, size);
	md[size] = '\0';
	struct html *h = html_new();
	markdown_render(h, md, 3);
	char *out = html_finish(h, NULL);
	static const char *const banned[] = {"<script", "<img", "<iframe", "<object",
	    "<embed", "<svg", "<style", "<link", "<meta", "<base", "<form"};
	for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (strcasestr(out, banned[i]))
			abort();
	/* Attributes the renderer writes: href and start only. */
	for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<')) {
		const char *end = strchr(p, '>');
		if (end == NULL)
			abort();
		for (const char *q = p; q < end; q++)
			if (*q == ' ' && strncmp(q + 1, "href=\"", 6) != 0 &&
			    strncmp(q + 1, "start=\"", 7) != 0)
				abort();
	}
	check_hrefs(out);
	free(out);
	free(md);
	return 0;
}

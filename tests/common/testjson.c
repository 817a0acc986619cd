/* testjson.c — helpers for the tests of the JSON importers; see
 * testjson.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/testjson.h"
#include "util/buf.h"

char *
testjson_mutate(const char *doc, const char *from, const char *to)
{
	const char *at = strstr(doc, from);
	assert_non_null(at);
	struct buf b = {0};
	buf_put(&b, doc, (size_t)(at - doc));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	return buf_take(&b, NULL);
}

void
testjson_refused(bool accepted, const char *path, const char *message,
    const char *want_path, const char *want_msg)
{
	if (accepted)
		fail_msg("accepted, expected %s: %s", want_path, want_msg);
	if (strcmp(path, want_path) != 0 || strstr(message, want_msg) == NULL)
		fail_msg("got %s: %s\nexpected %s: …%s…", path, message, want_path, want_msg);
}

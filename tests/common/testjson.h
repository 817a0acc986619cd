/* testjson.h — what the tests of the JSON importers (plans, services
 * files, action cards) share: a document with one piece changed, and the
 * check that a refused document names the expected JSON path and
 * message. Include after <cmocka.h>. */
#ifndef TILTAK_TESTJSON_H
#define TILTAK_TESTJSON_H
#include <stdbool.h>

/* doc with the first occurrence of from replaced by to; the test fails
 * when doc holds no from. Caller frees. */
char *testjson_mutate(const char *doc, const char *from, const char *to);

/* Fails the test when the document was accepted, or when the error's
 * path is not want_path or its message does not contain want_msg. */
void testjson_refused(bool accepted, const char *path, const char *message,
    const char *want_path, const char *want_msg);

#endif

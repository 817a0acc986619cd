/* xalloc.h — allocation that never returns NULL: out of memory aborts,
 * so callers are not littered with checks (as in Redis). */
#ifndef TILTAK_XALLOC_H
#define TILTAK_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats like sprintf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/* arena.h — a region allocator: everything allocated from one arena is
 * freed together by arena_free. A loaded plan lives in one arena. */
#ifndef TILTAK_ARENA_H
#define TILTAK_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

/* Returns zeroed memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *, size_t n);
/* Array of n elements of size sz, zeroed; overflow aborts. */
void *arena_array(struct arena *, size_t n, size_t sz);
char *arena_strdup(struct arena *, const char *s);   /* NULL stays NULL */
char *arena_strndup(struct arena *, const char *s, size_t n);
void  arena_free(struct arena *);

#endif

/* arena.c — region allocator backed by a list of blocks. */
#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_BLOCK 8192u

struct arena_block {
	struct arena_block *next;
	size_t              used;
	size_t              cap;
	alignas(max_align_t) unsigned char data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t al = alignof(max_align_t);
	if (n > SIZE_MAX - al - sizeof(struct arena_block) - ARENA_BLOCK) {
		fputs("tiltak: arena overflow\n", stderr);
		abort();
	}
	n = (n + al - 1) & ~(al - 1);
	struct arena_block *b = a->head;
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->cap = cap;
		/* A large one-off allocation goes behind the current block so
		 * the current block's free space is not wasted. */
		if (a->head != NULL && n > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

void *
arena_array(struct arena *a, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz) {
		fputs("tiltak: arena overflow\n", stderr);
		abort();
	}
	return arena_alloc(a, n * sz);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

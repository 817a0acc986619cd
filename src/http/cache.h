/* cache.h — the rendered-page cache. An entry is a finished response
 * tagged with the data generation it was rendered at; a lookup with any
 * other generation misses, so an import by this or any other instance
 * sharing the database invalidates it. Bounded by CACHE_SLOTS and
 * CACHE_BYTES_MAX. Keys with a query part ("path\n=value") have their own
 * half of the slots and of the bytes. Thread-safe. */
#ifndef TILTAK_CACHE_H
#define TILTAK_CACHE_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void cache_init(void);
void cache_destroy(void);

/* If key is cached at generation gen, queues that response on c and
 * returns true (its status and size in *status, *size). */
bool cache_queue(const char *key, int64_t gen, struct MHD_Connection *c,
    int *status, size_t *size);
/* Stores resp for key at generation gen. Takes over the caller's
 * reference to resp (destroying it if it is not kept). */
void cache_put(const char *key, int64_t gen, struct MHD_Response *resp,
    int status, size_t size);

#endif

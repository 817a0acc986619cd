/* cache.h — the rendered-page cache. An entry is a finished page
 * (a rendition: identity and gzip variants, each with its ETag and its
 * 200 and 304 responses) tagged with the data generation it was rendered
 * at; a lookup with any other generation misses, so an import by this or
 * any other instance sharing the database invalidates it. Keys are the
 * decoded, normalised path (see server.c), so the many spellings of one
 * address are one entry. Bounded by CACHE_SLOTS and CACHE_BYTES_MAX. Keys
 * with a query part ("path\n…") have their own half of the slots and of
 * the bytes. Thread-safe. */
#ifndef TILTAK_CACHE_H
#define TILTAK_CACHE_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/rendition.h"

void cache_init(void);
void cache_destroy(void);

/* If key is cached at generation gen, queues the variant neg asks for on
 * c and returns true (its status and body size in *status, *size). */
bool cache_queue(const char *key, int64_t gen, struct MHD_Connection *c,
    const struct negotiation *neg, int *status, size_t *size);
/* Stores rd for key at generation gen, taking it over (it is freed at
 * once if it is not kept). */
void cache_put(const char *key, int64_t gen, struct rendition *rd);

#endif

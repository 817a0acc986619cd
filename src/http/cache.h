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
#include "store/db.h"

void cache_init(void);
void cache_destroy(void);

/* The data generation the cache works with: read from db when the value
 * held is older than CACHE_RECHECK_MS (by one thread at a time; the
 * others go on with the value held), so a change committed by another
 * process is served within that time and a cached page costs no database
 * read. Returns false if the database could not be read (db's error
 * says why) and no value is held yet. */
bool cache_generation(struct db *db, int64_t *gen);
/* Makes the next cache_generation read the database (after this process
 * wrote, or another told us it did). */
void cache_generation_changed(void);

/* If key is cached at generation gen, and has not expired (a page
 * showing what is open now: rendition_expires), queues the variant neg asks for on
 * c and returns true (its status and body size in *status, *size). */
bool cache_queue(const char *key, int64_t gen, struct MHD_Connection *c,
    const struct negotiation *neg, int *status, size_t *size);
/* Stores rd for key at generation gen, taking it over (it is freed at
 * once if it is not kept); with ttl_ms, served for that long at most
 * (0: until the generation moves). */
void cache_put(const char *key, int64_t gen, struct rendition *rd, unsigned ttl_ms);

#endif

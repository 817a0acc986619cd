/* now.h — the time now, as every part that shows the time of day reads
 * it (a help service open or closed now, and how long the page cache may
 * keep such a page).
 *
 * It is the system clock. For tests only, the environment variable
 * TILTAK_TEST_NOW ("YYYY-MM-DDTHH:MM:SSZ", UTC) sets it to that moment
 * when it is first read; from there it runs on at real speed, so a test
 * can watch a page change as a time passes. "tiltak serve" says so on
 * standard error when it is set. */
#ifndef TILTAK_NOW_H
#define TILTAK_NOW_H
#include <stdbool.h>
#include <stdint.h>

/* Unix time now. */
int64_t now_unix(void);
/* Whether TILTAK_TEST_NOW is set (and valid); *start (may be NULL) gets
 * the moment it names. */
bool now_test_start(int64_t *start);

#endif

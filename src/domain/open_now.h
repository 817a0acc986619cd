/* open_now.h — whether a help service is open at a moment, and when that
 * changes, from its weekly opening hours in Norway's local time.
 *
 * The hours are spans of a week: on the days a span names, it opens at
 * `from` and closes at `to` (minutes after local midnight); a span whose
 * `to` is not after its `from` runs past midnight into the next day
 * (Alarmtelefonen's "15.00–08.00" on weekdays), and one from 0 to 1440
 * covers the whole day. Times are read on the clock on the wall: on the
 * nights summer time begins and ends, the moment of a change is found
 * from the local time it happens at (util/clock.h). */
#ifndef TILTAK_OPEN_NOW_H
#define TILTAK_OPEN_NOW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/clock.h"

#define OPEN_DAY_MINUTES  1440
#define OPEN_WEEK_MINUTES (7 * OPEN_DAY_MINUTES)

/* One opening span. */
struct open_span {
	unsigned days;   /* the days it opens on: bit 0 Monday … bit 6 Sunday */
	int      from;   /* opens, minutes after midnight, 0-1439 */
	int      to;     /* closes, 1-1440; not after from: the next day */
};

/* What is known of a service's hours. */
enum open_kind {
	OPEN_UNKNOWN,    /* no hours given: the page says so */
	OPEN_ALWAYS,     /* round the clock, every day */
	OPEN_HOURS,      /* the spans */
};

/* The answer for one moment. */
struct open_state {
	enum open_kind kind;
	bool           open;     /* OPEN_ALWAYS: true; OPEN_UNKNOWN: false */
	/* OPEN_HOURS: when it next closes (open) or opens (closed), as Unix
	 * time and as read in Norway; change 0 when it never does (spans
	 * that cover the whole week, or none). */
	int64_t            change;
	struct clock_local change_local;
};

/* The state at Unix time now of hours kind with spans[0..n). */
void open_state_at(enum open_kind kind, const struct open_span *spans, size_t n,
    int64_t now, struct open_state *out);

/* The Unix time of the next local midnight after now (a page that says
 * "today" or "tomorrow" reads differently from then). */
int64_t open_next_midnight(int64_t now);

#endif

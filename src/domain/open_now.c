/* open_now.c — open or closed at a moment, and the next change (see
 * open_now.h). A week is 10 080 minutes from Monday 00:00 local time;
 * each span covers, on each of its days, an interval of that circle. */
#include "domain/open_now.h"

#include <stdlib.h>

/* The length of a span in minutes (1-1440). */
static int
span_len(const struct open_span *s)
{
	return s->to > s->from ? s->to - s->from : s->to + OPEN_DAY_MINUTES - s->from;
}

static int
week_mod(int m)
{
	return ((m % OPEN_WEEK_MINUTES) + OPEN_WEEK_MINUTES) % OPEN_WEEK_MINUTES;
}

/* Whether the spans cover minute m of the week. */
static bool
covers(const struct open_span *spans, size_t n, int m)
{
	for (size_t i = 0; i < n; i++)
		for (int d = 0; d < 7; d++)
			if (spans[i].days & (1u << d) &&
			    week_mod(m - (d * OPEN_DAY_MINUTES + spans[i].from)) < span_len(&spans[i]))
				return true;
	return false;
}

/* The Unix time at which the clock on the wall, now reading minute
 * `minute` and second `second` of a day with UTC offset `offset`, reads
 * `ahead` minutes later, whole minute: across a change to or from summer
 * time the real time between is an hour less or more. */
static int64_t
wall_ahead(int64_t now, const struct clock_local *l, int64_t ahead)
{
	int64_t t = now - l->second + ahead * 60;
	struct clock_local there;
	clock_oslo_local(t, &there);
	if (there.offset != l->offset)
		t -= there.offset - l->offset;
	return t;
}

void
open_state_at(enum open_kind kind, const struct open_span *spans, size_t n,
    int64_t now, struct open_state *out)
{
	*out = (struct open_state){.kind = kind, .open = kind == OPEN_ALWAYS};
	if (kind != OPEN_HOURS)
		return;
	struct clock_local l;
	clock_oslo_local(now, &l);
	int m = l.weekday * OPEN_DAY_MINUTES + l.minute;
	out->open = covers(spans, n, m);
	/* The state can change only where a span begins or ends: of those
	 * ahead, the nearest where it does. */
	int best = 0;
	for (size_t i = 0; i < n; i++) {
		for (int d = 0; d < 7; d++) {
			if (!(spans[i].days & (1u << d)))
				continue;
			int start = d * OPEN_DAY_MINUTES + spans[i].from;
			int edges[2] = {start, start + span_len(&spans[i])};
			for (int e = 0; e < 2; e++) {
				int ahead = week_mod(edges[e] - m);
				if (ahead == 0 || (best != 0 && ahead >= best))
					continue;
				if (covers(spans, n, m + ahead) != out->open)
					best = ahead;
			}
		}
	}
	if (best > 0) {
		out->change = wall_ahead(now, &l, best);
		clock_oslo_local(out->change, &out->change_local);
	}
}

int64_t
open_next_midnight(int64_t now)
{
	struct clock_local l;
	clock_oslo_local(now, &l);
	return wall_ahead(now, &l, OPEN_DAY_MINUTES - l.minute);
}

/* help.c — the help directory's model (help.h): names of its enums,
 * texts in several languages, opening hours in Norway's local time, and
 * phone numbers as Norwegians write them. */
#include "domain/help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/xalloc.h"

static const char *const kind_names[HELP_KIND__MAX] = {
	[HELP_KIND_EMERGENCY] = "emergency",
	[HELP_KIND_HELPLINE] = "helpline",
	[HELP_KIND_CRISIS_CENTRE] = "crisis_centre",
	[HELP_KIND_HEALTH] = "health",
	[HELP_KIND_POLICE] = "police",
	[HELP_KIND_CHILD_WELFARE] = "child_welfare",
	[HELP_KIND_COUNSELLING] = "counselling",
	[HELP_KIND_WEB_RESOURCE] = "web_resource",
};

static const char *const audience_names[HELP_AUD__MAX] = {
	[HELP_AUD_CHILDREN] = "children",
	[HELP_AUD_ADULTS] = "adults",
	[HELP_AUD_ELDERLY] = "elderly",
	[HELP_AUD_WOMEN] = "women",
	[HELP_AUD_MEN] = "men",
	[HELP_AUD_LGBTIQ] = "lgbtiq",
	[HELP_AUD_MINORITY] = "minority",
	[HELP_AUD_DISABILITY] = "disability",
	[HELP_AUD_USES_VIOLENCE] = "uses_violence",
	[HELP_AUD_WORRIED] = "worried",
	[HELP_AUD_PROFESSIONALS] = "professionals",
	[HELP_AUD_ANIMALS] = "animals",
};

static const char *const anonymous_names[HELP_ANON__MAX] = {
	[HELP_ANON_UNKNOWN] = "unknown",
	[HELP_ANON_YES] = "yes",
	[HELP_ANON_NO] = "no",
};

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int
find(const char *const *names, int n, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
help_kind_name(enum help_kind k)
{
	return (unsigned)k < HELP_KIND__MAX ? kind_names[k] : "helpline";
}

int
help_kind_parse(const char *s)
{
	return find(kind_names, HELP_KIND__MAX, s);
}

const char *
help_audience_name(enum help_audience a)
{
	return (unsigned)a < HELP_AUD__MAX ? audience_names[a] : "adults";
}

int
help_audience_parse(const char *s)
{
	return find(audience_names, HELP_AUD__MAX, s);
}

const char *
help_anonymous_name(enum help_anonymous a)
{
	return (unsigned)a < HELP_ANON__MAX ? anonymous_names[a] : "unknown";
}

int
help_anonymous_parse(const char *s)
{
	return find(anonymous_names, HELP_ANON__MAX, s);
}

const char *
help_day_name(int day)
{
	return day >= 0 && day < 7 ? day_names[day] : "mon";
}

int
help_day_parse(const char *s)
{
	return find(day_names, 7, s);
}

const char *
help_text_in(const struct help_text *t, const char *lang)
{
	if (lang && strcmp(lang, "nn") == 0 && t->nn)
		return t->nn;
	if (lang && strcmp(lang, "en") == 0 && t->en)
		return t->en;
	return t->nb;
}

/* ---- lists ---- */

struct help_list *
help_list_new(void)
{
	return xcalloc(1, sizeof(struct help_list));
}

void
help_list_free(struct help_list *l)
{
	if (l == NULL)
		return;
	free(l->items);
	arena_free(&l->arena);
	free(l);
}

struct help_service *
help_list_add(struct help_list *l)
{
	/* Capacity grows in powers of two: n is one at each of them. */
	if ((l->n & (l->n - 1)) == 0)
		l->items = xrealloc(l->items, (l->n ? l->n * 2 : 1) * sizeof(*l->items));
	struct help_service *s = &l->items[l->n++];
	memset(s, 0, sizeof(*s));
	s->rank = HELP_RANK_DEFAULT;
	return s;
}

/* ---- opening hours ---- */

#define WEEK_MINUTES (7 * 1440)

bool
help_hours_known(const struct help_hours *h)
{
	return h->always || h->nranges > 0;
}

/* Whether minute m of the week (0: Monday 00:00) lies in one of h's
 * ranges. */
static bool
open_minute(const struct help_hours *h, int m)
{
	for (size_t i = 0; i < h->nranges; i++) {
		const struct help_range *r = &h->ranges[i];
		int start = r->day * 1440 + r->from;
		int len = r->to > r->from ? r->to - r->from : 1440 - r->from + r->to;
		int d = ((m - start) % WEEK_MINUTES + WEEK_MINUTES) % WEEK_MINUTES;
		if (d < len)
			return true;
	}
	return false;
}

enum help_open
help_open_at(const struct help_hours *h, int64_t t, int64_t *next)
{
	if (next)
		*next = 0;
	if (h->always)
		return HELP_OPEN_OPEN;
	if (h->nranges == 0)
		return HELP_OPEN_UNKNOWN;
	struct clock_local lt;
	clock_oslo_fields(t, &lt);
	int m = lt.weekday * 1440 + lt.hour * 60 + lt.minute;
	bool open = open_minute(h, m);
	if (next) {
		for (int d = 1; d <= WEEK_MINUTES; d++)
			if (open_minute(h, (m + d) % WEEK_MINUTES) != open) {
				/* The local wall clock d minutes on, at the start of
				 * that minute; across a change of summer time the
				 * offset differs, and the wall time is what counts. */
				int64_t guess = t - lt.second + (int64_t)d * 60;
				struct clock_local at;
				clock_oslo_fields(guess, &at);
				*next = guess - (at.offset - lt.offset);
				break;
			}
	}
	return open ? HELP_OPEN_OPEN : HELP_OPEN_CLOSED;
}

/* ---- phone numbers ---- */

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* Whether n digits make a Norwegian number: 8 digits, or a short number
 * (3 to 6 digits: 112, 1412, 02800, 116 111). */
static bool
norwegian_length(size_t n)
{
	return n == 8 || (n >= 3 && n <= 6);
}

bool
help_phone_stored(const char *s, size_t n)
{
	if (n > 0 && s[0] == '+')
		return n - 1 >= 7 && n - 1 <= 15 && all_digits(s + 1, n - 1) &&
		    !(n == 11 && s[1] == '4' && s[2] == '7');
	return norwegian_length(n) && all_digits(s, n);
}

enum help_phone_error
help_phone_normal(const char *s, size_t n, char out[HELP_PHONE_MAX], size_t *at)
{
	char d[18];   /* 15 digits, "00" before them, NUL */
	size_t k = 0;
	bool plus = false, any = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (k + 1 >= sizeof(d))
				return HELP_PHONE_TOO_LONG;
			d[k++] = c;
			any = true;
		} else if (c == '+' && !any && !plus) {
			plus = true;
		} else if ((c == ' ' || c == '-' || c == '.') && any && i + 1 < n) {
			continue;
		} else if (c == ' ' && !any) {
			continue;
		} else {
			if (at)
				*at = i + 1;
			return HELP_PHONE_CHARACTER;
		}
	}
	d[k] = '\0';
	if (k == 0)
		return HELP_PHONE_EMPTY;
	const char *digits = d;
	if (!plus && k > 2 && d[0] == '0' && d[1] == '0') {
		plus = true;
		digits += 2;
		k -= 2;
	}
	if (plus && k == 10 && digits[0] == '4' && digits[1] == '7') {
		plus = false;   /* +47 and eight digits: a Norwegian number */
		digits += 2;
		k -= 2;
	}
	if (at)
		*at = k;
	if (plus) {
		if (k < 7 || k > 15)
			return HELP_PHONE_FOREIGN_LENGTH;
		snprintf(out, HELP_PHONE_MAX, "+%s", digits);
		return HELP_PHONE_OK;
	}
	if (!norwegian_length(k))
		return HELP_PHONE_LENGTH;
	snprintf(out, HELP_PHONE_MAX, "%s", digits);
	return HELP_PHONE_OK;
}

void
help_phone_format(const char *p, char *out, size_t outsz)
{
	size_t n = strlen(p);
	if (outsz == 0)
		return;
	if (p[0] == '+' || !all_digits(p, n)) {
		snprintf(out, outsz, "%s", p);
		return;
	}
	if (n == 8 && (p[0] == '4' || p[0] == '9' || p[0] == '8'))
		snprintf(out, outsz, "%.3s %.2s %.3s", p, p + 3, p + 5);
	else if (n == 8)
		snprintf(out, outsz, "%.2s %.2s %.2s %.2s", p, p + 2, p + 4, p + 6);
	else if (n == 6 && strncmp(p, "116", 3) == 0)
		snprintf(out, outsz, "%.3s %.3s", p, p + 3);
	else
		snprintf(out, outsz, "%s", p);
}

void
help_phone_href(const char *p, char *out, size_t outsz)
{
	size_t n = strlen(p);
	if (p[0] != '+' && n == 8)
		snprintf(out, outsz, "tel:+47%s", p);
	else
		snprintf(out, outsz, "tel:%s", p);
}

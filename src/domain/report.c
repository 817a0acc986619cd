/* report.c — the yearly report's enums, its deadline and the national
 * identity number check (report.h). */
#include "domain/report.h"

#include <stdint.h>
#include <string.h>

#include "util/text.h"

static const char *const status_names[REPORT_STATUS__MAX] = {
	"not_started",  /* REPORT_NOT_STARTED */
	"in_progress",  /* REPORT_IN_PROGRESS */
	"done",         /* REPORT_DONE */
	"ongoing",      /* REPORT_ONGOING */
	"delayed",      /* REPORT_DELAYED */
	"dropped",      /* REPORT_DROPPED */
};

static const char *const choice_names[REPORT_CHOICE__MAX] = {
	"mine",    /* REPORT_KEEP_MINE */
	"theirs",  /* REPORT_TAKE_THEIRS */
};

static int
lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
report_status_name(enum report_status s)
{
	return (unsigned)s < REPORT_STATUS__MAX ? status_names[s] : "";
}

int
report_status_parse(const char *s)
{
	return lookup(status_names, REPORT_STATUS__MAX, s);
}

const char *
report_choice_name(enum report_choice c)
{
	return (unsigned)c < REPORT_CHOICE__MAX ? choice_names[c] : "";
}

int
report_choice_parse(const char *s)
{
	return lookup(choice_names, REPORT_CHOICE__MAX, s);
}

bool
report_deadline_parse(const char *s, int *month, int *day)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (s == NULL || strlen(s) != 5 || s[2] != '-')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[0] - '0') * 10 + (s[1] - '0');
	int d = (s[3] - '0') * 10 + (s[4] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	*month = m;
	*day = d;
	return true;
}

int
report_year_current(int this_year, int period_start, int period_end)
{
	if (period_end != 0 && this_year > period_end)
		return period_end;
	if (this_year < period_start)
		return period_start;
	return this_year;
}

/* ---- national identity numbers ---- */

bool
report_nin_valid(const char d[11])
{
	int v[11];
	for (int i = 0; i < 11; i++) {
		if (d[i] < '0' || d[i] > '9')
			return false;
		v[i] = d[i] - '0';
	}
	int day = v[0] * 10 + v[1], month = v[2] * 10 + v[3];
	if (day > 40)
		day -= 40;            /* D-number */
	if (month > 40)
		month -= 40;          /* H-number */
	if (day < 1 || day > 31 || month < 1 || month > 12)
		return false;
	static const int w1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
	static const int w2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	int s = 0;
	for (int i = 0; i < 9; i++)
		s += w1[i] * v[i];
	int k1 = 11 - s % 11;
	if (k1 == 11)
		k1 = 0;
	if (k1 == 10 || k1 != v[9])
		return false;
	s = 0;
	for (int i = 0; i < 10; i++)
		s += w2[i] * v[i];
	int k2 = 11 - s % 11;
	if (k2 == 11)
		k2 = 0;
	return k2 != 10 && k2 == v[10];
}

/* The bytes of a separator between digit groups at s[0..n), or 0:
 * space, tab, '.', '-', '/', no-break space (U+00A0), thin space
 * (U+2009), narrow no-break space (U+202F), hyphen and dashes
 * (U+2010–U+2013). */
static size_t
separator(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (strchr(" \t.-/", s[0]) != NULL && s[0] != '\0')
		return 1;
	uint32_t cp;
	size_t k = text_utf8_decode(s, n, &cp);
	if (k > 1 && (cp == 0xa0 || cp == 0x2009 || cp == 0x202f ||
	    (cp >= 0x2010 && cp <= 0x2013)))
		return k;
	return 0;
}

/* Separator characters allowed in a row between two groups ("010203 -
 * 12345"). */
#define NIN_GAP_MAX 3
/* Digits of one run looked at; a longer run is looked into no further. */
#define NIN_RUN_MAX 64

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
report_find_nin(const char *s, size_t n, size_t *at)
{
	size_t chars = 0;   /* characters before s[i] */
	for (size_t i = 0; i < n;) {
		if (!is_digit(s[i])) {
			uint32_t cp;
			size_t k = text_utf8_decode(s + i, n - i, &cp);
			i += k ? k : 1;
			chars++;
			continue;
		}
		/* A run: digit groups split by short gaps of separators. */
		char digits[NIN_RUN_MAX];
		size_t start_char[NIN_RUN_MAX];   /* character of each digit */
		bool group_start[NIN_RUN_MAX], group_end[NIN_RUN_MAX];
		size_t nd = 0, j = i, c = chars;
		for (;;) {
			while (j < n && is_digit(s[j])) {
				if (nd < NIN_RUN_MAX) {
					digits[nd] = s[j];
					start_char[nd] = c;
					group_start[nd] = j == i || !is_digit(s[j - 1]);
					group_end[nd] = false;
					nd++;
				}
				j++;
				c++;
			}
			if (nd > 0 && nd <= NIN_RUN_MAX)
				group_end[nd - 1] = true;
			/* A gap, then more digits? */
			size_t g = j, gc = c, seps = 0, k;
			while (seps < NIN_GAP_MAX && (k = separator(s + g, n - g)) > 0) {
				g += k;
				gc++;
				seps++;
			}
			if (seps == 0 || g >= n || !is_digit(s[g]))
				break;
			j = g;
			c = gc;
		}
		for (size_t a = 0; a + 11 <= nd; a++) {
			if (!group_start[a] || !group_end[a + 10])
				continue;
			if (report_nin_valid(digits + a)) {
				*at = start_char[a] + 1;
				return true;
			}
		}
		chars = c;
		i = j;
	}
	return false;
}

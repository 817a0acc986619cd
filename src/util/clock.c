/* clock.c — UTC texts to Norway's local time, without the C library's
 * time zone (see clock.h). Days are counted from 1970-01-01 with the
 * proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* y-m-d of a day counted from 1970-01-01. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* The number of n digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
clock_parse_utc(const char *s, int64_t *out)
{
	*out = 0;
	if (s == NULL || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

/* 01:00 UTC on the last Sunday of month m of year y. */
static int64_t
last_sunday_1am(int64_t y, int m)
{
	int64_t last = days_from_civil(y, m, days_in_month(y, m));
	/* 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on a Sunday. */
	int64_t dow = ((last + 4) % 7 + 7) % 7;
	return (last - dow) * 86400 + 3600;
}

void
clock_oslo(int64_t t, char *out, size_t outsz, bool *summer)
{
	int64_t y;
	int m, d;
	civil_from_days((t >= 0 ? t : t - 86399) / 86400, &y, &m, &d);
	bool dst = t >= last_sunday_1am(y, 3) && t < last_sunday_1am(y, 10);
	if (summer)
		*summer = dst;
	int64_t local = t + (dst ? 7200 : 3600);
	int64_t day = (local >= 0 ? local : local - 86399) / 86400;
	int64_t sec = local - day * 86400;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, outsz, "%02d.%02d.%04lld %02d:%02d:%02d", d, m, (long long)y,
	    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

bool
clock_oslo_text(const char *utc, char *out, size_t outsz)
{
	int64_t t;
	if (outsz > 0)
		out[0] = '\0';
	if (!clock_parse_utc(utc, &t))
		return false;
	clock_oslo(t, out, outsz, NULL);
	return true;
}

void
clock_oslo_fields(int64_t t, struct clock_local *out)
{
	int64_t y;
	int m, d;
	civil_from_days((t >= 0 ? t : t - 86399) / 86400, &y, &m, &d);
	bool dst = t >= last_sunday_1am(y, 3) && t < last_sunday_1am(y, 10);
	out->offset = dst ? 7200 : 3600;
	int64_t local = t + out->offset;
	int64_t day = (local >= 0 ? local : local - 86399) / 86400;
	int64_t sec = local - day * 86400;
	civil_from_days(day, &y, &m, &d);
	out->year = (int)y;
	out->month = m;
	out->day = d;
	/* 1970-01-01 was a Thursday (weekday 3 counting from Monday). */
	out->weekday = (int)(((day + 3) % 7 + 7) % 7);
	out->hour = (int)(sec / 3600);
	out->minute = (int)(sec / 60 % 60);
	out->second = (int)(sec % 60);
}

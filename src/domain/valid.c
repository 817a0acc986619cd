/* valid.c — the validator table (valid.h): one entry per kind of field,
 * each with its validator and limits. Validators read (pointer, length)
 * and write a message saying what is wrong and where; they never copy the
 * offending characters into it raw (valid_quote escapes them). */
#include "domain/valid.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "domain/help.h"
#include "domain/plan.h"
#include "domain/report.h"
#include "limits.h"
#include "util/text.h"

static void
say(char *msg, size_t msgsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Messages are English msgids (marked N_ for the catalogs); the web
 * translates them (valid_translate), the command line does not. */
#define N_(s) (s)

static const char *
untranslated(const char *s)
{
	return s;
}

static const char *(*translate)(const char *) = untranslated;

void
valid_translate(const char *(*tr)(const char *))
{
	translate = tr ? tr : untranslated;
}

static void
say(char *msg, size_t msgsz, const char *fmt, ...)
{
	if (msgsz == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msgsz, translate(fmt), ap);
	va_end(ap);
}

/* What a code point is to the text rules. */
enum cp_class {
	CP_TEXT,
	CP_TAB,
	CP_LINE_FEED,
	CP_NUL,
	CP_CONTROL,    /* C0 but tab and line feed, DEL, C1 */
	CP_LINE_SEP,   /* U+2028, U+2029 */
	CP_BIDI,       /* embeddings, overrides, isolates */
};

static enum cp_class
classify(uint32_t cp)
{
	if (cp == 0)
		return CP_NUL;
	if (cp == '\t')
		return CP_TAB;
	if (cp == '\n')
		return CP_LINE_FEED;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return CP_CONTROL;
	if (cp == 0x2028 || cp == 0x2029)
		return CP_LINE_SEP;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return CP_BIDI;
	return CP_TEXT;
}

/* Text: UTF-8, characters, line breaks, ends, length (valid.h). */
static bool
check_text(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	if (n == 0) {
		say(msg, msgsz, N_("text must not be empty"));
		return false;
	}
	if (n > f->max_bytes) {
		say(msg, msgsz, N_("text is %zu bytes long; at most %zu are allowed"), n,
		    f->max_bytes);
		return false;
	}
	size_t at = 0; /* characters so far, counting the current one */
	for (size_t off = 0; off < n;) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + off, n - off, &cp);
		at++;
		if (k == 0) {
			say(msg, msgsz, N_("invalid UTF-8 at character %zu (byte 0x%02x)"), at,
			    (unsigned char)s[off]);
			return false;
		}
		switch (classify(cp)) {
		case CP_TEXT:
		case CP_TAB:
			break;
		case CP_NUL:
			say(msg, msgsz, N_("NUL character (U+0000) at character %zu is not "
			    "allowed"), at);
			return false;
		case CP_CONTROL:
			say(msg, msgsz, N_("control character U+%04X at character %zu is not "
			    "allowed"), (unsigned)cp, at);
			return false;
		case CP_LINE_FEED:
			if (f->multiline)
				break;
			/* fall through */
		case CP_LINE_SEP:
			if (f->multiline)
				say(msg, msgsz, N_("line break U+%04X at character %zu is not "
				    "allowed: only line feed (\\n) breaks a line here"),
				    (unsigned)cp, at);
			else
				say(msg, msgsz, N_("line break U+%04X at character %zu is not "
				    "allowed here (one line of text expected)"), (unsigned)cp, at);
			return false;
		case CP_BIDI:
			say(msg, msgsz, N_("bidirectional control U+%04X at character %zu is "
			    "not allowed"), (unsigned)cp, at);
			return false;
		}
		off += k;
	}
	if (!f->multiline && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t')) {
		say(msg, msgsz, N_("text must not begin or end with white space"));
		return false;
	}
	return true;
}

static bool
check_id(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	bool ok = n > 0 && n <= PLAN_ID_MAX && s[0] != '-';
	for (size_t i = 0; ok && i < n; i++) {
		char c = s[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
	}
	if (!ok) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a valid id (1-%u characters: a-z, 0-9 "
		    "and '-', not starting with '-')"), q, PLAN_ID_MAX);
	}
	return ok;
}

static bool
check_date(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	char d[11];
	bool ok = n == 10 && memchr(s, '\0', n) == NULL;
	if (ok) {
		memcpy(d, s, 10);
		d[10] = '\0';
		ok = text_is_date(d);
	}
	if (!ok) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a date (YYYY-MM-DD: a day that exists, "
		    "in the years %d to %d)"), q, PLAN_YEAR_MIN, PLAN_YEAR_MAX);
	}
	return ok;
}

/* A number written in decimal digits, without sign or leading zeros. */
static bool
check_number(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	bool ok = n > 0 && n <= 18 && !(s[0] == '0' && n > 1);
	long long v = 0;
	for (size_t i = 0; ok && i < n; i++) {
		ok = s[i] >= '0' && s[i] <= '9';
		v = v * 10 + (s[i] - '0');
	}
	if (!ok || v < f->min || v > f->max) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a %s from %lld to %lld"), q,
		    translate(f->name), f->min, f->max);
		return false;
	}
	return true;
}

static bool
check_enum(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	char name[32];
	bool ok = n > 0 && n < sizeof(name) && memchr(s, '\0', n) == NULL;
	if (ok) {
		memcpy(name, s, n);
		name[n] = '\0';
		ok = f->parse(name) >= 0;
	}
	if (!ok) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not one of: %s"), q, f->choices);
	}
	return ok;
}

static bool
check_email(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	char out[ACCOUNT_EMAIL_MAX + 1], why[128];
	if (n > ACCOUNT_EMAIL_MAX || memchr(s, '\0', n) != NULL ||
	    !account_email_normal(s, out, why, sizeof(why))) {
		say(msg, msgsz, N_("this is not an e-mail address (name@example.no)"));
		return false;
	}
	return true;
}

static bool
check_password(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	if (n > f->max_bytes) {
		say(msg, msgsz, N_("text is %zu bytes long; at most %zu are allowed"), n,
		    f->max_bytes);
		return false;
	}
	for (size_t off = 0; off < n;) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + off, n - off, &cp);
		if (k == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			say(msg, msgsz, N_("the password holds a control character or "
			    "invalid UTF-8"));
			return false;
		}
		off += k;
	}
	return true;
}

/* A report's comment or evaluation: text, and no national identity
 * number (nothing about the people affected by violence may be kept). */
static bool
check_report_text(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	if (!check_text(f, s, n, msg, msgsz))
		return false;
	size_t at;
	if (report_find_nin(s, n, &at)) {
		say(msg, msgsz, N_("character %zu begins what looks like a national "
		    "identity number (fødselsnummer or D-number). Remove it: this system "
		    "must not hold personal data about people affected by violence"), at);
		return false;
	}
	return true;
}

static bool
check_month_day(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	char d[6];
	int m, day;
	bool ok = n == 5 && memchr(s, '\0', n) == NULL;
	if (ok) {
		memcpy(d, s, 5);
		d[5] = '\0';
		ok = report_deadline_parse(d, &m, &day);
	}
	if (!ok) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a day of the year (MM-DD, a day every "
		    "year has, such as 09-01)"), q);
	}
	return ok;
}

/* A phone number as typed (help_phone_normal says how it is stored). */
static bool
check_phone(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	char out[HELP_PHONE_MAX];
	size_t at = 0;
	switch (help_phone_normal(s, n, out, &at)) {
	case HELP_PHONE_OK:
		return true;
	case HELP_PHONE_EMPTY:
		say(msg, msgsz, N_("a phone number needs digits"));
		break;
	case HELP_PHONE_CHARACTER:
		say(msg, msgsz, N_("character %zu is not part of a phone number (digits, "
		    "with spaces, dots or hyphens between them, and + before a country "
		    "code)"), at);
		break;
	case HELP_PHONE_TOO_LONG:
		say(msg, msgsz, N_("a phone number has at most 15 digits"));
		break;
	case HELP_PHONE_LENGTH:
		say(msg, msgsz, N_("a Norwegian phone number has 8 digits, or 3 to 6 for "
		    "a short number such as 112 or 116 111 (this has %zu)"), at);
		break;
	case HELP_PHONE_FOREIGN_LENGTH:
		say(msg, msgsz, N_("a phone number with a country code has 7 to 15 "
		    "digits (this has %zu)"), at);
		break;
	}
	return false;
}

/* A web address: http:// or https:// and a host, printable ASCII without
 * spaces, quotes or angle brackets. */
static bool
check_url(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	size_t start = n >= 8 && memcmp(s, "https://", 8) == 0 ? 8 :
	    n >= 7 && memcmp(s, "http://", 7) == 0 ? 7 : 0;
	if (start == 0 || n == start) {
		say(msg, msgsz, N_("a web address begins with https:// (or http://) "
		    "and a host name"));
		return false;
	}
	if (n > f->max_bytes) {
		say(msg, msgsz, N_("text is %zu bytes long; at most %zu are allowed"), n,
		    f->max_bytes);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
		    c == '\\' || c == '`') {
			say(msg, msgsz, N_("character %zu cannot be part of a web address "
			    "(write other characters percent-encoded)"), i + 1);
			return false;
		}
	}
	if (s[start] == '/' || s[start] == '.' || s[start] == ':') {
		say(msg, msgsz, N_("a web address begins with https:// (or http://) "
		    "and a host name"));
		return false;
	}
	return true;
}

/* A time of day, HH:MM from 00:00 to 24:00 (the end of a day). */
static bool
check_clock(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	bool ok = n == 5 && s[2] == ':';
	for (size_t i = 0; ok && i < 5; i++)
		ok = i == 2 || (s[i] >= '0' && s[i] <= '9');
	int h = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
	int m = ok ? (s[3] - '0') * 10 + (s[4] - '0') : 0;
	if (!ok || m > 59 || h > 24 || (h == 24 && m != 0)) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a time of day (HH:MM, 00:00 to "
		    "24:00)"), q);
		return false;
	}
	return true;
}

static bool
check_lang_code(const struct valid_field *f, const char *s, size_t n, char *msg,
    size_t msgsz)
{
	(void)f;
	bool ok = n == 2 || n == 3;
	for (size_t i = 0; ok && i < n; i++)
		ok = s[i] >= 'a' && s[i] <= 'z';
	if (!ok) {
		char q[200];
		valid_quote(s, n, q, sizeof(q));
		say(msg, msgsz, N_("\"%s\" is not a language code (two or three "
		    "letters a-z, such as nb, en or se)"), q);
	}
	return ok;
}

const struct valid_field valid_fields[VALID__MAX] = {
	/* VALID_ID */
	{.name = "id", .check = check_id},
	/* VALID_DATE */
	{.name = "date", .check = check_date},
	/* VALID_YEAR */
	{.name = N_("year"), .check = check_number, .min = PLAN_YEAR_MIN,
	 .max = PLAN_YEAR_MAX},
	/* VALID_INDICATOR_NUMBER */
	{.name = N_("number"), .check = check_number, .min = 1,
	 .max = PLAN_INDICATOR_NUMBER_MAX},
	/* VALID_TITLE */
	{.name = "title", .check = check_text, .max_bytes = PLAN_TITLE_MAX,
	 .trim = true},
	/* VALID_LINE */
	{.name = "line", .check = check_text, .max_bytes = PLAN_LINE_MAX,
	 .trim = true},
	/* VALID_MARKDOWN */
	{.name = "markdown", .check = check_text, .max_bytes = PLAN_TEXT_MAX,
	 .multiline = true},
	/* VALID_PLAN_STATUS */
	{.name = "status", .check = check_enum, .parse = plan_status_parse,
	 .choices = "draft, adopted, replaced"},
	/* VALID_MEASURE_KIND */
	{.name = "kind", .check = check_enum, .parse = measure_kind_parse,
	 .choices = "new, existing, proposed"},
	/* VALID_RESOURCE_CATEGORY */
	{.name = "resource category", .check = check_enum,
	 .parse = resource_category_parse,
	 .choices = "existing_budget, investigate, set_aside, external, unknown"},
	/* VALID_UNIT_KIND */
	{.name = "unit kind", .check = check_enum, .parse = unit_kind_parse,
	 .choices = "internal, external"},
	/* VALID_EMAIL */
	{.name = "e-mail address", .check = check_email,
	 .max_bytes = ACCOUNT_EMAIL_MAX, .trim = true},
	/* VALID_PASSWORD */
	{.name = "password", .check = check_password,
	 .max_bytes = ACCOUNT_PASSWORD_MAX},
	/* VALID_REPORT_STATUS */
	{.name = "status", .check = check_enum, .parse = report_status_parse,
	 .choices = "not_started, in_progress, done, ongoing, delayed, dropped"},
	/* VALID_PROGRESS */
	{.name = N_("percentage"), .check = check_number, .min = 0, .max = 100,
	 .trim = true},
	/* VALID_REPORT_COMMENT */
	{.name = "comment", .check = check_report_text,
	 .max_bytes = REPORT_COMMENT_MAX, .multiline = true},
	/* VALID_REPORT_EVALUATION */
	{.name = "evaluation", .check = check_report_text,
	 .max_bytes = REPORT_EVALUATION_MAX, .multiline = true},
	/* VALID_REPORT_VERSION */
	{.name = N_("version"), .check = check_number, .min = 0,
	 .max = REPORT_VERSION_MAX},
	/* VALID_REPORT_CHOICE */
	{.name = "choice", .check = check_enum, .parse = report_choice_parse,
	 .choices = "mine, theirs"},
	/* VALID_MONTH_DAY */
	{.name = "day of the year", .check = check_month_day},
	/* VALID_REVISION */
	{.name = "revision", .check = check_number, .min = 0,
	 .max = PLAN_REVISION_MAX},
	/* VALID_POSITION */
	{.name = "position", .check = check_number, .min = 1, .max = PLAN_ITEMS_MAX},
	/* VALID_CARD_TEXT */
	{.name = "card text", .check = check_text, .max_bytes = CARD_TEXT_MAX,
	 .multiline = true},
	/* VALID_HELP_KIND */
	{.name = "kind", .check = check_enum, .parse = help_kind_parse,
	 .choices = "emergency, helpline, crisis_centre, health, police, "
	    "child_welfare, counselling, web_resource"},
	/* VALID_HELP_AUDIENCE */
	{.name = "audience", .check = check_enum, .parse = help_audience_parse,
	 .choices = "children, adults, elderly, women, men, lgbtiq, minority, "
	    "disability, uses_violence, worried, professionals, animals"},
	/* VALID_HELP_ANONYMOUS */
	{.name = "anonymous", .check = check_enum, .parse = help_anonymous_parse,
	 .choices = "yes, no, unknown"},
	/* VALID_HELP_TEXT */
	{.name = "text", .check = check_text, .max_bytes = HELP_TEXT_MAX,
	 .multiline = true},
	/* VALID_PHONE */
	{.name = "phone number", .check = check_phone, .trim = true},
	/* VALID_URL */
	{.name = "web address", .check = check_url, .max_bytes = HELP_URL_MAX,
	 .trim = true},
	/* VALID_WEEKDAY */
	{.name = "day", .check = check_enum, .parse = help_day_parse,
	 .choices = "mon, tue, wed, thu, fri, sat, sun"},
	/* VALID_CLOCK */
	{.name = "time", .check = check_clock, .trim = true},
	/* VALID_LANG_CODE */
	{.name = "language", .check = check_lang_code, .trim = true},
	/* VALID_HELP_RANK */
	{.name = N_("rank"), .check = check_number, .min = 0, .max = HELP_RANK_MAX,
	 .trim = true},
};

bool
valid_check(enum valid_kind kind, const char *s, size_t n, char *msg, size_t msgsz)
{
	if (msgsz > 0)
		msg[0] = '\0';
	const struct valid_field *f = &valid_fields[kind];
	return f->check(f, s, n, msg, msgsz);
}

bool
valid_number(enum valid_kind kind, long long v, char *msg, size_t msgsz)
{
	if (msgsz > 0)
		msg[0] = '\0';
	const struct valid_field *f = &valid_fields[kind];
	if (v < f->min || v > f->max) {
		say(msg, msgsz, N_("%lld is out of range (%lld to %lld)"), v, f->min, f->max);
		return false;
	}
	return true;
}

/* Appends the n bytes at p to out if they fit with room for the NUL;
 * returns false (out unchanged) if they do not. */
static bool
append(char *out, size_t outsz, size_t *len, const char *p, size_t n)
{
	if (*len + n + 1 > outsz)
		return false;
	memcpy(out + *len, p, n);
	*len += n;
	out[*len] = '\0';
	return true;
}

#define QUOTE_CHARS 40

void
valid_quote(const char *s, size_t n, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	out[0] = '\0';
	size_t len = 0, chars = 0;
	for (size_t off = 0; off < n;) {
		if (chars == QUOTE_CHARS) {
			append(out, outsz, &len, "…", strlen("…"));
			return;
		}
		uint32_t cp;
		size_t k = text_utf8_decode(s + off, n - off, &cp);
		char esc[16];
		const char *p = s + off;
		size_t pn = k;
		if (k == 0) {
			snprintf(esc, sizeof(esc), "\\x%02X", (unsigned char)s[off]);
			p = esc;
			pn = strlen(esc);
			k = 1;
		} else if (classify(cp) != CP_TEXT) {
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)cp);
			p = esc;
			pn = strlen(esc);
		}
		if (!append(out, outsz, &len, p, pn))
			return;
		off += k;
		chars++;
	}
}

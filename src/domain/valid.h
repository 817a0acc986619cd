/* valid.h — the one validator table for every text that enters tiltak.
 *
 * Each kind of field (an id, a date, a one-line title, a Markdown body,
 * an enum…) is declared once in a table sized by VALID__MAX, with its
 * validator, its limits (src/limits.h) and, for enums, its names. The
 * validators work on (pointer, length), never on NUL-terminated strings,
 * so the same table serves JSON values of plan files today and HTML form
 * fields (which may hold NUL bytes and arrive in pieces) later.
 *
 * Rules for text (every kind that is not an id, date, year or enum):
 * - valid UTF-8: no malformed, overlong or cut-short sequences, no
 *   surrogates, nothing above U+10FFFF;
 * - no control characters: NUL, C0 (U+0001–U+001F) except tab and, in
 *   multi-line fields, line feed; DEL (U+007F); C1 (U+0080–U+009F, among
 *   them U+0085 NEXT LINE). Carriage return is refused: a form layer
 *   turns CRLF into LF before validating;
 * - no bidirectional overrides or isolates (U+202A–U+202E,
 *   U+2066–U+2069), anywhere: they reorder what a reader sees, and a
 *   title could then display something other than what it holds;
 * - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR are line
 *   breaks: refused in one-line fields like line feed, and refused in
 *   multi-line (Markdown) fields too, where only line feed breaks a line
 *   (CommonMark does not treat them as line breaks, so they would join
 *   what looks like two lines, and they end lines in JavaScript);
 * - not empty; one-line fields do not begin or end with a space or tab;
 * - at most the field's maximum, in bytes.
 *
 * Messages say what is wrong and where, counting characters (code points)
 * from 1: "control character U+0085 at character 12 is not allowed".
 * They never echo the offending characters themselves. */
#ifndef TILTAK_VALID_H
#define TILTAK_VALID_H
#include <stdbool.h>
#include <stddef.h>

enum valid_kind {
	VALID_ID,                 /* ^[a-z0-9][a-z0-9-]{0,63}$ */
	VALID_DATE,               /* YYYY-MM-DD, a day that exists */
	VALID_YEAR,               /* PLAN_YEAR_MIN..PLAN_YEAR_MAX */
	VALID_INDICATOR_NUMBER,   /* 1..PLAN_INDICATOR_NUMBER_MAX */
	VALID_TITLE,              /* one line, PLAN_TITLE_MAX bytes */
	VALID_LINE,               /* one line, PLAN_LINE_MAX bytes */
	VALID_MARKDOWN,           /* several lines, PLAN_TEXT_MAX bytes */
	VALID_PLAN_STATUS,        /* draft, adopted, replaced */
	VALID_MEASURE_KIND,       /* new, existing, proposed */
	VALID_RESOURCE_CATEGORY,  /* existing_budget, investigate, … */
	VALID_UNIT_KIND,          /* internal, external */
	VALID_EMAIL,              /* an account's e-mail address */
	VALID_PASSWORD,           /* a password as typed: UTF-8 without control
	                             characters, ACCOUNT_PASSWORD_MAX bytes;
	                             spaces at its ends are part of it */
	/* The yearly report (domain/report.h). */
	VALID_REPORT_STATUS,      /* not_started, in_progress, done, … */
	VALID_PROGRESS,           /* 0..100 (per cent) */
	VALID_REPORT_COMMENT,     /* several lines, REPORT_COMMENT_MAX bytes,
	                             no national identity number */
	VALID_REPORT_EVALUATION,  /* the same, REPORT_EVALUATION_MAX bytes */
	VALID_REPORT_VERSION,     /* 0..REPORT_VERSION_MAX: the version a
	                             form was based on (0: none yet) */
	VALID_REPORT_CHOICE,      /* mine, theirs (after a conflict) */
	VALID_MONTH_DAY,          /* MM-DD, a day every year has (a deadline) */
	/* Plan editing (issue 7 §7). */
	VALID_REVISION,           /* a plan's revision number, 0..PLAN_REVISION_MAX */
	VALID_POSITION,           /* a place in a list, 1..PLAN_ITEMS_MAX */
	/* The action card (issue 8 §5). */
	VALID_CARD_TEXT,          /* several lines, CARD_TEXT_MAX bytes */
	/* The help directory (domain/help.h, issue 8). */
	VALID_HELP_KIND,          /* emergency, helpline, crisis_centre, … */
	VALID_HELP_AUDIENCE,      /* children, adults, elderly, … */
	VALID_HELP_ANONYMOUS,     /* yes, no, unknown */
	VALID_HELP_TEXT,          /* several lines, HELP_TEXT_MAX bytes */
	VALID_PHONE,              /* a phone number as typed (help_phone_normal) */
	VALID_URL,                /* http:// or https:// and printable ASCII,
	                             HELP_URL_MAX bytes */
	VALID_WEEKDAY,            /* mon, tue, … sun */
	VALID_CLOCK,              /* HH:MM, 00:00 to 24:00 */
	VALID_LANG_CODE,          /* a language code: two or three letters a-z */
	VALID_HELP_RANK,          /* 0..HELP_RANK_MAX */
	VALID__MAX
};

/* One kind of field. */
struct valid_field {
	const char  *name;        /* for messages and documentation */
	/* Checks s[0..n); true if valid, else false with a message. */
	bool       (*check)(const struct valid_field *, const char *s, size_t n,
	                 char *msg, size_t msgsz);
	size_t       max_bytes;   /* text: the longest value; 0: not text */
	bool         multiline;   /* text: line feed allowed */
	bool         trim;        /* a form drops spaces and tabs around the
	                             value before checking it (one-line text) */
	long long    min, max;    /* numbers: the range */
	int        (*parse)(const char *); /* enums: name → value, -1 if none */
	const char  *choices;     /* enums: the names, for messages */
};

extern const struct valid_field valid_fields[VALID__MAX];

/* Checks s[0..n) against kind. Returns true if it is valid; otherwise
 * false, with what is wrong and where in msg (always NUL-terminated). */
bool valid_check(enum valid_kind kind, const char *s, size_t n, char *msg,
    size_t msgsz);

/* Checks the number v against a numeric kind's range (VALID_YEAR,
 * VALID_INDICATOR_NUMBER). Same contract as valid_check. */
bool valid_number(enum valid_kind kind, long long v, char *msg, size_t msgsz);

/* Messages are in English; tr (gettext, on the web) translates their
 * formats from then on. NULL: English again. */
void valid_translate(const char *(*tr)(const char *));

/* Writes into out (NUL-terminated) a rendering of s[0..n) safe to put in
 * a message for a terminal or a log: at most about 40 characters (then
 * "…"), printable characters as they are, and every character the
 * validators refuse or that does not print (controls, bidirectional
 * controls, line separators, invalid bytes) as \uXXXX or \xXX. */
void valid_quote(const char *s, size_t n, char *out, size_t outsz);

#endif

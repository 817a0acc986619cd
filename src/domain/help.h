/* help.h — the help directory (issue 8 §1): where people affected by
 * violence, those worried about them, those who use violence and
 * professionals can get help.
 *
 * A help service has a name and what it offers (in bokmål, optionally
 * nynorsk and English: help_text_in), who it is for (audiences), a kind,
 * phone and SMS numbers (stored as digits: help_phone_format writes them
 * as Norwegians group them, help_phone_href makes the tel: link), e-mail,
 * web address, street address, opening hours (round the clock, or weekly
 * ranges, with a note: help_open_at says whether it is open at a moment
 * in Norway's local time and when that changes), whether one can be
 * anonymous, the municipalities it serves, the languages it offers, a
 * rank (lower first), the date its details were last verified (NULL:
 * never), the organisation that owns it (NULL: a national service, which
 * serves everyone) and, for a unit of the units register, that unit's id:
 * the service is then that unit's contact record, shown on the unit's
 * page, in the directory and on the action card alike.
 *
 * The interchange format ("tiltak-services/1", data/services/), is
 * read by help_json_parse and written by help_json_export (docs/
 * data-notes.md and README describe it). */
#ifndef TILTAK_HELP_H
#define TILTAK_HELP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

#define HELP_FORMAT "tiltak-services/1"

/* The kind of service. Names (help_kind_name) are the format's. */
enum help_kind {
	HELP_KIND_EMERGENCY,      /* emergency */
	HELP_KIND_HELPLINE,       /* helpline */
	HELP_KIND_CRISIS_CENTRE,  /* crisis_centre */
	HELP_KIND_HEALTH,         /* health */
	HELP_KIND_POLICE,         /* police */
	HELP_KIND_CHILD_WELFARE,  /* child_welfare */
	HELP_KIND_COUNSELLING,    /* counselling */
	HELP_KIND_WEB_RESOURCE,   /* web_resource */
	HELP_KIND__MAX
};

/* Whom a service is for: a set of HELP_AUDIENCE_BIT. */
enum help_audience {
	HELP_AUD_CHILDREN,        /* children: children and young people */
	HELP_AUD_ADULTS,          /* adults */
	HELP_AUD_ELDERLY,         /* elderly */
	HELP_AUD_WOMEN,           /* women */
	HELP_AUD_MEN,             /* men */
	HELP_AUD_LGBTIQ,          /* lgbtiq: LGBTIQ people */
	HELP_AUD_MINORITY,        /* minority: people with minority background */
	HELP_AUD_DISABILITY,      /* disability: people with disabilities */
	HELP_AUD_USES_VIOLENCE,   /* uses_violence: people who use violence */
	HELP_AUD_WORRIED,         /* worried: those worried about someone */
	HELP_AUD_PROFESSIONALS,   /* professionals */
	HELP_AUD_ANIMALS,         /* animals */
	HELP_AUD__MAX
};
#define HELP_AUDIENCE_BIT(a) (1u << (a))

/* Whether one can be anonymous. */
enum help_anonymous {
	HELP_ANON_UNKNOWN,        /* unknown */
	HELP_ANON_YES,            /* yes */
	HELP_ANON_NO,             /* no */
	HELP_ANON__MAX
};

/* A text in several languages: nb is required, nn and en may be NULL
 * (then bokmål is shown). */
struct help_text {
	char *nb;
	char *nn;
	char *en;
};

/* The text in lang ("nb", "nn", "en"; a view passes i18n_lang()), or in
 * bokmål when it has none in lang. NULL only when t has no text at all. */
const char *help_text_in(const struct help_text *t, const char *lang);

/* One weekly opening range: on day (0 Monday … 6 Sunday) from `from` to
 * `to`, minutes after midnight (0…1440). A range whose `to` is not after
 * its `from` runs past midnight into the next day (Monday 15:00–08:00 is
 * open until Tuesday 08:00). */
struct help_range {
	int day;
	int from;
	int to;
};

/* Opening hours: round the clock (always), weekly ranges, or neither
 * (not known); a note says what ranges cannot (holidays, "when the
 * child welfare offices are closed"). */
struct help_hours {
	bool               always;
	struct help_range *ranges;
	size_t             nranges;
	struct help_text   note;     /* each NULL: no note */
};

/* Whether the hours are known: round the clock or at least one range. */
bool help_hours_known(const struct help_hours *);

enum help_open {
	HELP_OPEN_UNKNOWN,   /* no hours are known */
	HELP_OPEN_OPEN,
	HELP_OPEN_CLOSED,
};

/* Whether a service with hours h is open at Unix time t, read in
 * Norway's local time (util/clock.h: summer time included). *next (may
 * be NULL) gets the Unix time, on a whole local minute, when that next
 * changes (it opens when closed, closes when open), or 0 when it never
 * does (round the clock, no ranges, or not known). */
enum help_open help_open_at(const struct help_hours *h, int64_t t, int64_t *next);

/* A help service; its texts live in the arena of the list holding it. */
struct help_service {
	char                *id;          /* VALID_ID */
	struct help_text     name;
	struct help_text     offers;      /* each NULL: not described */
	unsigned             audiences;   /* HELP_AUDIENCE_BIT set */
	enum help_kind       kind;
	char                *phone;       /* digits, "+" first for another
	                                     country; NULL: none */
	char                *sms;         /* the same */
	char                *email;       /* NULL: none */
	char                *web;         /* http(s) address; NULL: none */
	char                *address;     /* NULL: none */
	struct help_hours    hours;
	enum help_anonymous  anonymous;
	char               **serves;      /* organisation ids it serves
	                                     besides its owner */
	size_t               nserves;
	char               **languages;   /* language codes ("nb", "en",
	                                     "se", …) it offers help in */
	size_t               nlanguages;
	char                *owner;       /* organisation id; NULL: national */
	char                *unit;        /* units register id; NULL: none */
	char                *verified;    /* YYYY-MM-DD; NULL: never */
	int                  rank;        /* 0…HELP_RANK_MAX, lower first */
	/* Filled in by the store when reading (not part of the format). */
	int                  version;     /* 1, 2, … grows with every change;
	                                     0: not stored */
	char                *unit_name;   /* the register's name of unit */
	char                *owner_name;  /* the owner organisation's name */
};

#define HELP_RANK_MAX     1000
#define HELP_RANK_DEFAULT 100

/* Services in one arena: a file, or what the store read. source names
 * the file (for messages; NULL when read from the store). */
struct help_list {
	struct arena         arena;
	char                *source;
	struct help_service *items;
	size_t               n;
};

struct help_list *help_list_new(void);
void help_list_free(struct help_list *);
/* Appends a zeroed service (rank HELP_RANK_DEFAULT) to l; the pointer is
 * valid until the next append. */
struct help_service *help_list_add(struct help_list *l);

/* Names of the enums, and back (-1: no such name). */
const char *help_kind_name(enum help_kind);
int help_kind_parse(const char *);
const char *help_audience_name(enum help_audience);
int help_audience_parse(const char *);
const char *help_anonymous_name(enum help_anonymous);
int help_anonymous_parse(const char *);
/* Weekday names "mon" … "sun" (0 … 6), and back. */
const char *help_day_name(int day);
int help_day_parse(const char *);

/* ---- phone numbers ---- */

/* A phone number as it may be typed — digits with spaces, dots or
 * hyphens between them, optionally "+" or "00" and a country code first —
 * made into the stored form in out: Norwegian numbers (no country code,
 * or +47 and eight digits) as their digits, others "+" and digits.
 * Returns HELP_PHONE_OK, or what is wrong: no digits, another character
 * (*at: its place, from 1), more than 15 digits, a Norwegian number that
 * is not 3, 4, 5, 6 or 8 digits long, or a foreign one of fewer than 7
 * or more than 15 digits (*at: the digits counted). at may be NULL. */
#define HELP_PHONE_MAX 24   /* bytes of a stored number, NUL included */
enum help_phone_error {
	HELP_PHONE_OK,
	HELP_PHONE_EMPTY,
	HELP_PHONE_CHARACTER,
	HELP_PHONE_TOO_LONG,
	HELP_PHONE_LENGTH,
	HELP_PHONE_FOREIGN_LENGTH,
};
enum help_phone_error help_phone_normal(const char *s, size_t n,
    char out[HELP_PHONE_MAX], size_t *at);
/* True if s is a number in its stored form (help_phone_normal leaves it
 * as it is). */
bool help_phone_stored(const char *s, size_t n);

/* A stored number written as Norwegians group it: 8 digits in pairs
 * ("22 12 34 56"), or 3-2-3 for mobile numbers and those beginning with
 * 8 ("412 34 567", "800 30 196", "815 55 201"); 116 numbers 3-3
 * ("116 111"); other short numbers as they are ("112", "02800"); a
 * foreign number "+" and its digits. Writes at most outsz bytes. */
#define HELP_PHONE_SHOWN_MAX 32
void help_phone_format(const char *stored, char *out, size_t outsz);
/* The tel: link of a stored number: "tel:+4722123456" for eight digits,
 * "tel:112" for a short number (dialled without a country code),
 * "tel:+46…" for a foreign one. */
void help_phone_href(const char *stored, char *out, size_t outsz);

/* ---- the interchange format ---- */

/* Where and why a services file was refused (as struct plan_error). */
struct help_error {
	int  line;
	int  column;
	char path[512];
	char message[512];
};

/* True if data[0..len) is a JSON object whose "format" is HELP_FORMAT
 * (how `tiltak import` tells a services file from a plan file). */
bool help_json_is_services(const char *data, size_t len);

/* Parses and validates a services file. Returns its services (caller
 * frees with help_list_free; source is left NULL), or NULL with *err
 * filled in: invalid JSON, unknown keys, wrong types, values the
 * validator table refuses (ids, kinds, audiences, phone numbers, times,
 * dates, text), hours that overlap themselves, and ids or units that
 * appear twice. Whether organisations and units exist is the store's
 * check (db_help_import). */
struct help_list *help_json_parse(const char *data, size_t len, struct help_error *err);

/* Parses one service object (as help_service_json writes it) and
 * appends it to l, its texts in l's arena. false with *err filled in (the
 * path starts at "$") when it is not one; l is unchanged then. */
bool help_json_parse_service(struct help_list *l, const char *data, size_t len,
    struct help_error *err);

/* One service as canonical JSON (the object of the file's "services"
 * array, with every key), and a whole list as a file. Caller frees. */
char *help_service_json(const struct help_service *s);
char *help_json_export(const struct help_list *l, size_t *len);

/* Checks one service (as a form or the parser built it): the rules the
 * format has besides types. Returns true, or false with the JSON key of
 * the field at fault in *field and the reason in msg. */
bool help_service_check(const struct help_service *s, const char **field,
    char *msg, size_t msgsz);

#endif

/* page_help.c — the public help pages (issue 8 §2): "Få hjelp" for one
 * organisation, and one page per way in by who you are
 * (domain/help_audience.h).
 *
 * Written for someone in a hurry, perhaps in danger, on a cheap phone:
 * the numbers to call come first, as tel: links in the grouping
 * Norwegians write (help_phone_format), in large tap targets; the text is
 * short and plain; every service is a heading a screen reader can jump
 * to; nothing needs JavaScript, images or tables.
 *
 * Open or closed is worked out for the moment the page is made (the
 * caller's now) and the page says until when: page_help's *expires gets the
 * first moment the page would read otherwise (a service opens or closes,
 * or the day changes: "tomorrow" becomes "today"), and the page cache
 * renders it again from then (docs/ARCHITECTURE.md, "The help pages"). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"
#include "domain/help_audience.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* Round-the-clock alternatives shown beside a closed local service. */
#define ALTERNATIVES_SHOWN 3
/* Six months, for "last verified more than six months ago". */
#define VERIFIED_STALE_MONTHS 6

/* The numbers on the first screen of the help page: public facts, the
 * same for the whole country, shown even when the directory is empty. The
 * first three are also the emergency line of every way's page. */
static const struct {
	const char *number;   /* as help.h stores it */
	const char *label;    /* msgid */
} national[] = {
	{"112", N_("Police")},
	{"113", N_("Ambulance")},
	{"110", N_("Fire")},
	{"116111", N_("Alarmtelefonen for children and young people")},
	{"116006", N_("VO-linjen for those subjected to violence")},
	{"116117", N_("Out-of-hours medical service (legevakt)")},
};
#define NATIONAL_N (sizeof(national) / sizeof(national[0]))
#define EMERGENCY_N 3

/* What a page is made from, and what making it found out. */
struct ctx {
	struct html             *h;
	const struct help_page  *v;
	const char              *lang;
	struct clock_local       today;
	int64_t                  expires;   /* the earliest change seen */
};

static void
expire_at(struct ctx *c, int64_t t)
{
	if (t > 0 && (c->expires == 0 || t < c->expires))
		c->expires = t;
}

static const char *
text_of(const struct ctx *c, const struct help_text *t)
{
	return help_text_in(t, c->lang);
}

/* ---- phone numbers ---- */

/* A tel: (or sms:) link with the number as Norwegians write it, after
 * prefix (translated, or NULL). */
static void
phone_link(struct html *h, const char *stored, const char *scheme,
    const char *prefix, const char *cls)
{
	char shown[HELP_PHONE_SHOWN_MAX], href[HELP_PHONE_SHOWN_MAX + 8];
	help_phone_format(stored, shown, sizeof(shown));
	help_phone_href(stored, href, sizeof(href));
	char *link = xasprintf("%s%s", scheme, href + strlen("tel:"));
	html_open(h, "a", "href", link, "class", cls, NULL);
	if (prefix) {
		html_text(h, prefix);
		html_text(h, " ");
	}
	html_elem(h, "span", shown, "class", "no", NULL);
	html_close(h, "a");
	free(link);
}

/* ---- phone numbers in the directory's texts ----
 *
 * A service's description may name a number ("Ring 116 117 for å …").
 * Every number on the page is a link, so the texts are scanned for one:
 * 110, 112 or 113 alone, a 116 number written "116 117", or eight digits
 * grouped exactly as help_phone_format writes them ("75 55 50 00", "800
 * 30 196"), between word boundaries. Other digits (years, postcodes,
 * amounts, "2017 2021") are left as text: a wrong link is worse than
 * none. */

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (unsigned char)c >= 0x80;
}

/* The length of the phone number written at s (at a word boundary), or
 * 0; its stored digits in digits. */
static size_t
number_at(const char *s, char digits[HELP_PHONE_MAX])
{
	/* Up to four groups of digits with one space between them. */
	size_t end[4], ngroups = 0, i = 0, nd = 0;
	while (ngroups < 4 && s[i] >= '0' && s[i] <= '9') {
		while (s[i] >= '0' && s[i] <= '9') {
			if (nd + 1 >= HELP_PHONE_MAX)
				return 0;
			digits[nd++] = s[i++];
		}
		end[ngroups++] = i;
		if (s[i] != ' ' || s[i + 1] < '0' || s[i + 1] > '9')
			break;
		i++;
	}
	/* The longest reading that is a number as it is written. */
	for (size_t k = ngroups; k > 0; k--) {
		size_t len = end[k - 1], n = 0;
		char d[HELP_PHONE_MAX], shown[HELP_PHONE_SHOWN_MAX];
		for (size_t j = 0; j < len; j++)
			if (s[j] != ' ')
				d[n++] = s[j];
		d[n] = '\0';
		if (is_alnum(s[len]))
			continue;
		bool plausible = (n == 3 && k == 1 && (strcmp(d, "110") == 0 ||
		    strcmp(d, "112") == 0 || strcmp(d, "113") == 0)) ||
		    (n == 6 && k == 2 && strncmp(d, "116", 3) == 0) ||
		    (n == 8 && k >= 3);
		if (!plausible || !help_phone_stored(d, n))
			continue;
		help_phone_format(d, shown, sizeof(shown));
		if (strlen(shown) == len && memcmp(shown, s, len) == 0) {
			memcpy(digits, d, n + 1);
			return len;
		}
	}
	return 0;
}

/* Text from the directory, its phone numbers made tel: links. */
static void
text_with_numbers(struct html *h, const char *s)
{
	const char *from = s;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || (p > s && is_alnum(p[-1])))
			continue;
		char digits[HELP_PHONE_MAX];
		size_t len = number_at(p, digits);
		if (len == 0)
			continue;
		html_textn(h, from, (size_t)(p - from));
		phone_link(h, digits, "tel:", NULL, NULL);
		p += len - 1;
		from = p + 1;
	}
	html_text(h, from);
}

/* The national numbers as big tiles: the number, then what it is. */
static void
national_numbers(struct html *h, size_t n)
{
	html_open(h, "ul", "class", "nums", NULL);
	for (size_t i = 0; i < n; i++) {
		char shown[HELP_PHONE_SHOWN_MAX], href[HELP_PHONE_SHOWN_MAX];
		help_phone_format(national[i].number, shown, sizeof(shown));
		help_phone_href(national[i].number, href, sizeof(href));
		html_open(h, "li", NULL);
		html_open(h, "a", "href", href, NULL);
		html_elem(h, "b", shown, NULL);
		html_text(h, " ");
		html_text(h, _(national[i].label));
		html_close(h, "a");
		html_close(h, "li");
	}
	html_close(h, "ul");
}

/* "In danger now? Call 112 police · 113 ambulance · 110 fire." */
static void
emergency_line(struct html *h)
{
	html_open(h, "p", "class", "acute", NULL);
	html_elem(h, "strong", _("In danger now?"), NULL);
	for (size_t i = 0; i < EMERGENCY_N; i++) {
		html_text(h, " ");
		phone_link(h, national[i].number, "tel:", i == 0 ? _("Call") : NULL, NULL);
		html_text(h, " ");
		html_text(h, _(national[i].label));
		if (i + 1 < EMERGENCY_N)
			html_text(h, " ·");
	}
	html_close(h, "p");
}

static bool
in_emergency_line(const char *phone)
{
	for (size_t i = 0; phone && i < EMERGENCY_N; i++)
		if (strcmp(phone, national[i].number) == 0)
			return true;
	return false;
}

/* ---- times ---- */

static const char *const weekdays[7] = {N_("Monday"), N_("Tuesday"),
    N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday")};
static const char *const weekdays_short[7] = {N_("Mon"), N_("Tue"), N_("Wed"),
    N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")};

/* "08:00" (bokmål "08.00") for minutes after midnight; 1440 is "24:00". */
static void
format_time(char *out, size_t outsz, int minutes)
{
	/* TRANSLATORS: a time of day, hours and minutes ("08.00"). */
	snprintf(out, outsz, _("%02d:%02d"), minutes / 60, minutes % 60);
}

/* Days from the local date a to the local date b. */
static long
days_between(const struct clock_local *a, const struct clock_local *b)
{
	int64_t ta, tb;
	char sa[24], sb[24];
	snprintf(sa, sizeof(sa), "%04d-%02d-%02dT00:00:00Z", a->year, a->month, a->day);
	snprintf(sb, sizeof(sb), "%04d-%02d-%02dT00:00:00Z", b->year, b->month, b->day);
	if (!clock_parse_utc(sa, &ta) || !clock_parse_utc(sb, &tb))
		return 0;
	return (long)((tb - ta) / 86400);
}

/* When t is, said from today: "at 08:00", "tomorrow at 08:00",
 * "Monday at 08:00". */
static void
format_when(const struct ctx *c, int64_t t, char *out, size_t outsz)
{
	struct clock_local l;
	clock_oslo_fields(t, &l);
	char hm[16];
	format_time(hm, sizeof(hm), l.hour * 60 + l.minute);
	long days = days_between(&c->today, &l);
	if (days <= 0)
		snprintf(out, outsz, _("at %s"), hm);
	else if (days == 1)
		snprintf(out, outsz, _("tomorrow at %s"), hm);
	else
		/* TRANSLATORS: a weekday and a time ("mandag kl. 08.00"). */
		snprintf(out, outsz, _("%1$s at %2$s"), _(weekdays[l.weekday]), hm);
}

/* Open or closed now, in words, with a class that only repeats them. */
static void
open_status(struct ctx *c, const struct help_service *s, enum help_open *state)
{
	int64_t next = 0;
	*state = help_open_at(&s->hours, c->v->now, &next);
	expire_at(c, next);
	struct html *h = c->h;
	if (s->hours.always) {
		html_elem(h, "p", _("Open round the clock"), "class", "st st-open", NULL);
		return;
	}
	if (*state == HELP_OPEN_UNKNOWN) {
		html_elem(h, "p", _("Opening hours not given"), "class", "st", NULL);
		return;
	}
	bool open = *state == HELP_OPEN_OPEN;
	html_open(h, "p", "class", open ? "st st-open" : "st st-closed", NULL);
	html_elem(h, "strong", open ? _("Open now") : _("Closed now"), NULL);
	if (next > 0) {
		char when[64];
		format_when(c, next, when, sizeof(when));
		html_text(h, " – ");
		html_printf(h, open ? _("closes %s") : _("opens %s"), when);
	}
	html_close(h, "p");
}

/* The weekly hours in words: days with the same hours together
 * ("Mon–Fri 08:00–15:30; Sat 10:00–14:00"). */
static void
weekly_hours(struct buf *b, const struct help_hours *hrs)
{
	char sig[7][160];
	for (int d = 0; d < 7; d++) {
		sig[d][0] = '\0';
		for (size_t i = 0; i < hrs->nranges; i++) {
			const struct help_range *r = &hrs->ranges[i];
			if (r->day != d)
				continue;
			char from[16], to[16];
			format_time(from, sizeof(from), r->from);
			format_time(to, sizeof(to), r->to);
			size_t n = strlen(sig[d]);
			snprintf(sig[d] + n, sizeof(sig[d]) - n, "%s%s–%s", n ? ", " : "",
			    from, to);
		}
	}
	bool first = true;
	for (int d = 0; d < 7; d++) {
		if (sig[d][0] == '\0')
			continue;
		int e = d;
		while (e + 1 < 7 && strcmp(sig[e + 1], sig[d]) == 0)
			e++;
		if (!first)
			buf_puts(b, "; ");
		first = false;
		buf_puts(b, _(weekdays_short[d]));
		if (e > d) {
			buf_puts(b, "–");
			buf_puts(b, _(weekdays_short[e]));
		}
		buf_puts(b, " ");
		buf_puts(b, sig[d]);
		d = e;
	}
}

/* ---- one service ---- */

/* A language code as a word in the interface language. */
static const char *
language_name(const char *code)
{
	static const struct { const char *code, *name; } names[] = {
		{"nb", N_("Norwegian")}, {"nn", N_("Norwegian")}, {"no", N_("Norwegian")},
		{"en", N_("English")}, {"se", N_("Northern Sami")}, {"sma", N_("Southern Sami")},
		{"smj", N_("Lule Sami")}, {"ar", N_("Arabic")}, {"so", N_("Somali")},
		{"ti", N_("Tigrinya")}, {"fa", N_("Persian")}, {"pl", N_("Polish")},
		{"lt", N_("Lithuanian")}, {"uk", N_("Ukrainian")}, {"ru", N_("Russian")},
		{"ur", N_("Urdu")}, {"tr", N_("Turkish")}, {"es", N_("Spanish")},
		{"fr", N_("French")}, {"de", N_("German")}, {"sv", N_("Swedish")},
		{"da", N_("Danish")}, {"fi", N_("Finnish")}, {"th", N_("Thai")},
		{"sgn", N_("Sign language")}, {"nsl", N_("Norwegian Sign Language")},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(code, names[i].code) == 0)
			return _(names[i].name);
	return code;
}

static void
fact(struct html *h, const char *term, const char *value)
{
	html_elem(h, "dt", term, NULL);
	html_elem(h, "dd", value, NULL);
}

/* "Last verified 2 December 2026", honest when it never was or long
 * ago. */
static void
verified_line(const struct ctx *c, const struct help_service *s)
{
	int y, m, d;
	if (s->verified == NULL || sscanf(s->verified, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		html_elem(c->h, "p", _("These details have not been verified."),
		    "class", "verified unverified", NULL);
		return;
	}
	char day[64];
	format_day(day, sizeof(day), y, s->verified + 5);
	/* Stale from the day after the same date six months on. */
	int now_months = c->today.year * 12 + c->today.month;
	int due_months = y * 12 + m + VERIFIED_STALE_MONTHS;
	bool stale = now_months > due_months ||
	    (now_months == due_months && c->today.day > d);
	html_open(c->h, "p", "class", stale ? "verified unverified" : "verified", NULL);
	html_printf(c->h, _("Last verified %s."), day);
	if (stale) {
		html_text(c->h, " ");
		html_text(c->h, _("That is more than six months ago: the details may "
		    "have changed."));
	}
	html_close(c->h, "p");
}

/* The round-the-clock services of the page beside a closed local one:
 * up to ALTERNATIVES_SHOWN that have a phone number, in page order. */
static void
alternatives(struct ctx *c, const struct help_service *closed, const size_t *order,
    size_t n)
{
	const struct help_list *l = c->v->services;
	size_t shown = 0;
	for (size_t i = 0; i < n && shown < ALTERNATIVES_SHOWN; i++) {
		const struct help_service *s = &l->items[order[i]];
		if (s == closed || !s->hours.always || s->phone == NULL ||
		    in_emergency_line(s->phone))
			continue;
		if (shown++ == 0) {
			html_open(c->h, "div", "class", "alt", NULL);
			html_elem(c->h, "p", _("Open now, round the clock:"), NULL);
			html_open(c->h, "ul", NULL);
		}
		html_open(c->h, "li", NULL);
		html_text(c->h, text_of(c, &s->name));
		html_text(c->h, " ");
		phone_link(c->h, s->phone, "tel:", NULL, NULL);
		html_close(c->h, "li");
	}
	if (shown > 0) {
		html_close(c->h, "ul");
		html_close(c->h, "div");
	}
}

/* A web address without its scheme, for the link's text. */
static const char *
web_shown(const char *url)
{
	if (strncmp(url, "https://", 8) == 0)
		url += 8;
	else if (strncmp(url, "http://", 7) == 0)
		url += 7;
	if (strncmp(url, "www.", 4) == 0)
		url += 4;
	return url;
}

static void
service_entry(struct ctx *c, const struct help_service *s, const size_t *order,
    size_t n)
{
	struct html *h = c->h;
	char *anchor = xasprintf("s-%s", s->id);
	html_open(h, "section", "class", "svc", "aria-labelledby", anchor, NULL);
	html_elem(h, "h2", text_of(c, &s->name), "id", anchor, NULL);
	enum help_open state;
	open_status(c, s, &state);

	bool contact = s->phone || s->sms || s->email || s->web;
	if (contact)
		html_open(h, "ul", "class", "contact", NULL);
	if (s->phone) {
		html_open(h, "li", NULL);
		phone_link(h, s->phone, "tel:", _("Call"), "call");
		html_close(h, "li");
	}
	if (s->sms) {
		html_open(h, "li", NULL);
		phone_link(h, s->sms, "sms:", _("SMS"), NULL);
		html_close(h, "li");
	}
	if (s->email) {
		char *mailto = xasprintf("mailto:%s", s->email);
		html_open(h, "li", NULL);
		html_elem(h, "a", s->email, "href", mailto, NULL);
		html_close(h, "li");
		free(mailto);
	}
	if (s->web) {
		html_open(h, "li", NULL);
		html_elem(h, "a", web_shown(s->web), "href", s->web, "rel", "external noreferrer", NULL);
		html_close(h, "li");
	}
	if (contact)
		html_close(h, "ul");

	const char *offers = text_of(c, &s->offers);
	if (offers) {
		html_open(h, "p", NULL);
		text_with_numbers(h, offers);
		html_close(h, "p");
	}
	if (state == HELP_OPEN_CLOSED && help_service_local(s, c->v->org_id))
		alternatives(c, s, order, n);

	const char *note = text_of(c, &s->hours.note);
	bool facts = s->hours.nranges > 0 || note || s->anonymous != HELP_ANON_UNKNOWN ||
	    s->address || s->nlanguages > 0;
	if (facts)
		html_open(h, "dl", "class", "facts", NULL);
	if (s->hours.nranges > 0 || note) {
		html_elem(h, "dt", _("Opening hours"), NULL);
		html_open(h, "dd", NULL);
		struct buf b = {0};
		if (s->hours.always)
			buf_puts(&b, _("Round the clock"));
		else
			weekly_hours(&b, &s->hours);
		if (note && b.len)
			buf_puts(&b, ". ");
		char *text = buf_take(&b, NULL);
		html_text(h, text);
		free(text);
		if (note)
			text_with_numbers(h, note);
		html_close(h, "dd");
	}
	if (s->anonymous != HELP_ANON_UNKNOWN)
		fact(h, _("Anonymous"), s->anonymous == HELP_ANON_YES ?
		    _("Yes, you can be anonymous") : _("No"));
	if (s->address)
		fact(h, _("Address"), s->address);
	if (s->nlanguages > 0) {
		struct buf b = {0};
		for (size_t i = 0; i < s->nlanguages; i++) {
			const char *name = language_name(s->languages[i]);
			/* nb, nn and no are one word: say it once. */
			bool said = false;
			for (size_t j = 0; j < i; j++)
				said |= strcmp(language_name(s->languages[j]), name) == 0;
			if (said)
				continue;
			if (b.len)
				buf_puts(&b, ", ");
			buf_puts(&b, name);
		}
		char *text = buf_take(&b, NULL);
		fact(h, _("Languages"), text);
		free(text);
	}
	if (facts)
		html_close(h, "dl");
	verified_line(c, s);
	html_close(h, "section");
	free(anchor);
}

/* ---- the pages ---- */

static void
begin(struct ctx *c, struct html *h, const struct help_page *v)
{
	*c = (struct ctx){.h = h, .v = v, .lang = i18n_lang()};
	clock_oslo_fields(v->now, &c->today);
	/* The day changes at midnight: "tomorrow" becomes "today", and an
	 * entry may pass six months since it was verified. */
	int64_t midnight = v->now - (c->today.hour * 3600 + c->today.minute * 60 +
	    c->today.second) + 86400;
	struct clock_local there;
	clock_oslo_fields(midnight, &there);
	midnight -= there.offset - c->today.offset;  /* summer time begins or ends */
	expire_at(c, midnight);
}

/* The way whose page a service of the help page's local list links to:
 * of the ways for inhabitants that list it, the one whose order puts
 * its kind highest (the first of them where two tie: the crisis centre
 * on the adults' page, child welfare on the children's); the
 * professionals' page only when no other lists it; -1 when none does (a
 * service only for animals). */
static int
service_way(const struct help_service *s)
{
	int best = -1, best_pos = HELP_KIND__MAX + 1;
	for (int w = 0; w < HELP_WAY__MAX; w++) {
		if (w == HELP_WAY_PROFESSIONALS || !(s->audiences & help_ways[w].audiences))
			continue;
		int pos = HELP_KIND__MAX;
		for (int k = 0; k < HELP_KIND__MAX; k++)
			if (help_ways[w].kinds[k] == s->kind)
				pos = k;
		if (pos < best_pos) {
			best = w;
			best_pos = pos;
		}
	}
	if (best < 0 && (s->audiences & help_ways[HELP_WAY_PROFESSIONALS].audiences))
		best = HELP_WAY_PROFESSIONALS;
	return best;
}

/* Links to the pages on what violence is and how to hide a visit. */
static void
more_links(struct html *h)
{
	html_open(h, "ul", "class", "more", NULL);
	char *about = url_path("om-vold", NULL), *hide = url_path("skjul-besok", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("What violence is"), "href", about, NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("How to hide your visit to this site"), "href", hide, NULL);
	html_close(h, "li");
	html_close(h, "ul");
	free(about);
	free(hide);
}

static void
ways_list(struct html *h, const char *org_id)
{
	html_open(h, "ul", "class", "ways", NULL);
	for (int w = 0; w < HELP_WAY__MAX; w++) {
		char *href = url_path("hjelp", org_id, "for", help_ways[w].slug, NULL);
		html_open(h, "li", NULL);
		html_elem(h, "a", _(help_ways[w].link), "href", href, NULL);
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
}

/* The help page: the numbers, the ways in, the local services (name,
 * number, open now), what violence is and how to hide a visit. */
static void
help_front(struct ctx *c)
{
	struct html *h = c->h;
	const struct help_page *v = c->v;
	html_elem(h, "h1", _("Get help"), NULL);
	html_elem(h, "h2", _("Call now, day and night"), "class", "first", NULL);
	national_numbers(h, NATIONAL_N);

	html_elem(h, "h2", _("Who needs help?"), NULL);
	ways_list(h, v->org_id);

	const struct help_list *l = v->services;
	bool any = false;
	for (size_t i = 0; l && i < l->n; i++) {
		const struct help_service *s = &l->items[i];
		if (!help_service_local(s, v->org_id))
			continue;
		if (!any) {
			char *heading = xasprintf(_("Help in %s"), v->org_name);
			html_elem(h, "h2", heading, NULL);
			free(heading);
			html_open(h, "ul", "class", "local", NULL);
			any = true;
		}
		html_open(h, "li", NULL);
		/* The name leads to the service's entry on its way's page. */
		int way = service_way(s);
		char *href = NULL;
		if (way >= 0) {
			char *path = url_path("hjelp", v->org_id, "for", help_ways[way].slug, NULL);
			href = xasprintf("%s#s-%s", path, s->id);
			free(path);
		}
		html_elem(h, href ? "a" : "span", text_of(c, &s->name), "href", href,
		    "class", "name", NULL);
		free(href);
		if (s->phone) {
			html_text(h, " ");
			phone_link(h, s->phone, "tel:", NULL, NULL);
		}
		/* Open or closed where the hours are known; "not given" is
		 * said on the service's own entry. */
		if (help_hours_known(&s->hours)) {
			enum help_open state;
			open_status(c, s, &state);
		}
		html_close(h, "li");
	}
	if (any)
		html_close(h, "ul");

	html_elem(h, "h2", _("Good to know"), NULL);
	more_links(h);
}

/* A way's page: the emergency line, then its services, most relevant
 * first. */
static void
help_way_page(struct ctx *c)
{
	struct html *h = c->h;
	const struct help_page *v = c->v;
	const struct help_way_def *def = &help_ways[v->way];
	html_elem(h, "h1", _(def->title), NULL);
	emergency_line(h);
	html_elem(h, "p", _(def->lead), "class", "lead", NULL);
	const struct help_list *l = v->services;
	size_t *order = xcalloc(l && l->n ? l->n : 1, sizeof(*order));
	size_t n = l ? help_way_select(l, (enum help_way)v->way, v->org_id, order) : 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct help_service *s = &l->items[order[i]];
		/* A number already in the emergency line is not repeated. */
		if (s->kind == HELP_KIND_EMERGENCY && in_emergency_line(s->phone))
			continue;
		service_entry(c, s, order, n);
		shown++;
	}
	if (shown == 0)
		html_elem(h, "p", _("The directory has no services for this group yet. "
		    "Call one of the numbers above."), NULL);
	free(order);
	/* Employees: the organisation's action card, what to do step by
	 * step and which duty applies. */
	if (v->way == HELP_WAY_PROFESSIONALS) {
		char *card = url_path("tiltakskort", v->org_id, NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", _("Action card: what to do when you suspect violence or abuse"),
		    "href", card, NULL);
		html_close(h, "p");
		free(card);
	}
	html_elem(h, "h2", _("Good to know"), NULL);
	more_links(h);
}

char *
page_help(const struct help_page *v, int64_t *expires, size_t *len)
{
	struct html *h = html_new();
	struct ctx c;
	begin(&c, h, v);
	char *front = url_path("hjelp", v->org_id, NULL);
	char *title = xasprintf("%s – %s", _("Get help"), v->org_name);
	/* What a search result says of the page: someone looking for help
	 * sees at once that this is where it is. */
	char *desc = xasprintf(_("Where to get help with violence and abuse in %s: "
	    "emergency numbers, services open round the clock, and help for "
	    "children, adults, the elderly and those who use violence."), v->org_name);
	if (v->way < 0) {
		layout_begin_described(h, _("Get help"), title, NULL, 0, desc);
		help_front(&c);
	} else {
		const char *way = _(help_ways[v->way].title);
		char *doc = xasprintf("%s – %s", way, v->org_name);
		struct crumb crumbs[] = {{_("Get help"), front}};
		layout_begin_described(h, way, doc, crumbs, 1, desc);
		help_way_page(&c);
		free(doc);
	}
	layout_end(h);
	free(desc);
	free(title);
	free(front);
	*expires = c.expires;
	return html_finish(h, len);
}

char *
page_help_missing(const struct organisation_list *orgs, const char *org_id,
    const char *org_name, size_t *len)
{
	struct html *h = html_new();
	layout_begin(h, _("Page not found"), NULL, NULL, 0);
	html_elem(h, "h1", _("Page not found"), NULL);
	html_elem(h, "p", _("There is no page at this address, but help is there. "
	    "Call now, day and night:"), NULL);
	national_numbers(h, NATIONAL_N);
	if (org_id != NULL) {
		char *heading = xasprintf(_("Help in %s"), org_name);
		html_elem(h, "h2", heading, NULL);
		free(heading);
		ways_list(h, org_id);
	} else if (orgs != NULL && orgs->n > 0) {
		html_elem(h, "h2", _("Help pages"), NULL);
		html_open(h, "ul", "class", "ways", NULL);
		for (size_t i = 0; i < orgs->n; i++) {
			char *href = url_path("hjelp", orgs->items[i].id, NULL);
			html_open(h, "li", NULL);
			html_elem(h, "a", orgs->items[i].name, "href", href, NULL);
			html_close(h, "li");
			free(href);
		}
		html_close(h, "ul");
	}
	layout_end(h);
	return html_finish(h, len);
}

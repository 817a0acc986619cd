/* help_view.c — a help service's contact details and opening hours as
 * markup (help_view.h), through the HTML writer. */
#include "views/help_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"
#include "views/i18n.h"

const char *
help_kind_label(enum help_kind k)
{
	switch (k) {
	case HELP_KIND_EMERGENCY:     return _("Emergency number");
	case HELP_KIND_HELPLINE:      return _("Helpline");
	case HELP_KIND_CRISIS_CENTRE: return _("Crisis centre");
	case HELP_KIND_HEALTH:        return _("Health service");
	case HELP_KIND_POLICE:        return _("Police");
	case HELP_KIND_CHILD_WELFARE: return _("Child welfare");
	case HELP_KIND_COUNSELLING:   return _("Counselling and support");
	case HELP_KIND_WEB_RESOURCE:  return _("Web resource");
	case HELP_KIND__MAX:          break;
	}
	return "";
}

const char *
help_audience_label(enum help_audience a)
{
	switch (a) {
	case HELP_AUD_CHILDREN:      return _("Children and young people");
	case HELP_AUD_ADULTS:        return _("Adults");
	case HELP_AUD_ELDERLY:       return _("Elderly people");
	case HELP_AUD_WOMEN:         return _("Women");
	case HELP_AUD_MEN:           return _("Men");
	case HELP_AUD_LGBTIQ:        return _("LGBTIQ people");
	case HELP_AUD_MINORITY:      return _("People with minority background");
	case HELP_AUD_DISABILITY:    return _("People with disabilities");
	case HELP_AUD_USES_VIOLENCE: return _("People who use violence");
	case HELP_AUD_WORRIED:       return _("Those worried about someone");
	case HELP_AUD_PROFESSIONALS: return _("Professionals");
	case HELP_AUD_ANIMALS:       return _("Animals");
	case HELP_AUD__MAX:          break;
	}
	return "";
}

const char *
help_anonymous_label(enum help_anonymous a)
{
	switch (a) {
	case HELP_ANON_YES:     return _("You can be anonymous");
	case HELP_ANON_NO:      return _("Not anonymous");
	case HELP_ANON_UNKNOWN:
	case HELP_ANON__MAX:    break;
	}
	return _("Not known");
}

const char *
help_day_label(int day)
{
	switch (day) {
	case 0: return _("Monday");
	case 1: return _("Tuesday");
	case 2: return _("Wednesday");
	case 3: return _("Thursday");
	case 4: return _("Friday");
	case 5: return _("Saturday");
	case 6: return _("Sunday");
	}
	return "";
}

static void
put_time(struct buf *b, int minutes)
{
	buf_printf(b, "%02d:%02d", minutes / 60 % 100, minutes % 60);
}

char *
help_hours_text(const struct help_hours *h)
{
	struct buf b = {0};
	const char *note = help_text_in(&h->note, i18n_lang());
	if (h->always) {
		buf_puts(&b, _("Round the clock"));
	} else if (h->nranges == 0) {
		buf_puts(&b, _("Not known"));
	} else {
		/* Ranges are sorted by day (the parser sorts them); days in a
		 * row with the same times are written as one stretch. */
		for (size_t i = 0; i < h->nranges;) {
			size_t j = i;
			while (j + 1 < h->nranges && h->ranges[j + 1].day == h->ranges[j].day + 1 &&
			    h->ranges[j + 1].from == h->ranges[i].from &&
			    h->ranges[j + 1].to == h->ranges[i].to)
				j++;
			if (i > 0)
				buf_puts(&b, "; ");
			buf_puts(&b, help_day_label(h->ranges[i].day));
			if (j > i) {
				buf_puts(&b, "–");
				buf_puts(&b, help_day_label(h->ranges[j].day));
			}
			buf_puts(&b, " ");
			put_time(&b, h->ranges[i].from);
			buf_puts(&b, "–");
			put_time(&b, h->ranges[i].to);
			i = j + 1;
		}
	}
	if (note) {
		buf_puts(&b, ". ");
		buf_puts(&b, note);
	}
	return buf_take(&b, NULL);
}

void
help_view_open_now(struct html *h, const struct help_hours *hours, int64_t now)
{
	if (now == 0)
		return;
	int64_t next = 0;
	enum help_open o = help_open_at(hours, now, &next);
	if (o == HELP_OPEN_UNKNOWN) {
		html_elem(h, "span", _("Opening hours not known"), "class", "hours-unknown", NULL);
		return;
	}
	char when[64] = "";
	if (next) {
		struct clock_local n, t;
		clock_oslo_fields(next, &n);
		clock_oslo_fields(now, &t);
		if (n.year == t.year && n.month == t.month && n.day == t.day)
			snprintf(when, sizeof(when), "%02d:%02d", n.hour, n.minute);
		else
			snprintf(when, sizeof(when), "%s %02d:%02d", help_day_label(n.weekday),
			    n.hour, n.minute);
	}
	if (o == HELP_OPEN_OPEN) {
		html_open(h, "span", "class", "open-now", NULL);
		if (next)
			html_printf(h, _("Open now, closes %s"), when);
		else
			html_text(h, _("Open now"));
	} else {
		html_open(h, "span", "class", "closed-now", NULL);
		html_printf(h, _("Closed now, opens %s"), when);
	}
	html_close(h, "span");
}

/* <dt>label</dt><dd>text</dd>, only when text is not NULL. */
static void
fact(struct html *h, const char *label, const char *text)
{
	if (text == NULL)
		return;
	html_elem(h, "dt", label, NULL);
	html_elem(h, "dd", text, NULL);
}

static void
phone_fact(struct html *h, const char *label, const char *scheme, const char *number)
{
	if (number == NULL)
		return;
	char shown[HELP_PHONE_SHOWN_MAX], href[64];
	help_phone_format(number, shown, sizeof(shown));
	help_phone_href(number, href, sizeof(href));
	if (strcmp(scheme, "sms") == 0)
		memcpy(href, "sms", 3);   /* "tel:…" → "sms:…" */
	html_elem(h, "dt", label, NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "a", shown, "href", href, NULL);
	html_close(h, "dd");
}

void
help_view_contact(struct html *h, const struct help_service *s, int64_t now)
{
	html_open(h, "dl", "class", "facts contact", NULL);
	phone_fact(h, _("Phone"), "tel", s->phone);
	phone_fact(h, _("SMS"), "sms", s->sms);
	if (s->email) {
		char *href = xasprintf("mailto:%s", s->email);
		html_elem(h, "dt", _("E-mail"), NULL);
		html_open(h, "dd", NULL);
		html_elem(h, "a", s->email, "href", href, NULL);
		html_close(h, "dd");
		free(href);
	}
	if (s->web) {
		html_elem(h, "dt", _("Web"), NULL);
		html_open(h, "dd", NULL);
		html_elem(h, "a", s->web, "href", s->web, "rel", "external noreferrer", NULL);
		html_close(h, "dd");
	}
	fact(h, _("Address"), s->address);
	html_elem(h, "dt", _("Opening hours"), NULL);
	html_open(h, "dd", NULL);
	char *hours = help_hours_text(&s->hours);
	html_text(h, hours);
	free(hours);
	if (now) {
		html_text(h, " ");
		help_view_open_now(h, &s->hours, now);
	}
	html_close(h, "dd");
	if (s->anonymous != HELP_ANON_UNKNOWN)
		fact(h, _("Anonymous"), help_anonymous_label(s->anonymous));
	char date[16];
	if (s->verified && strlen(s->verified) == 10)
		snprintf(date, sizeof(date), "%.2s.%.2s.%.4s", s->verified + 8, s->verified + 5,
		    s->verified);
	fact(h, _("Last verified"), s->verified ? date : _("Not verified"));
	html_close(h, "dl");
}

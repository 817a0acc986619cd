/* help_view.h — the help directory's pieces of markup, shared by every
 * page that shows a help service (a unit's page, the coordinator's
 * editor, the public help pages): the names of kinds, audiences and
 * weekdays in the interface language, a service's contact details, and
 * its opening hours with whether it is open now. */
#ifndef TILTAK_HELP_VIEW_H
#define TILTAK_HELP_VIEW_H
#include <stdint.h>

#include "domain/help.h"
#include "views/html.h"

/* Labels in the interface language (gettext). */
const char *help_kind_label(enum help_kind);
const char *help_audience_label(enum help_audience);
const char *help_anonymous_label(enum help_anonymous);
/* 0 Monday … 6 Sunday. */
const char *help_day_label(int day);

/* The opening hours as text: "Round the clock", or the weekly ranges
 * ("Monday–Friday 08:00–15:30; Saturday 10:00–14:00"), or "Not known";
 * with the note after them. Caller frees. */
char *help_hours_text(const struct help_hours *);

/* Whether the service is open at now (Unix time), as a sentence with
 * when that changes in Norway's local time ("Open now, closes at
 * 15:30", "Closed now, opens Monday at 08:00"), inside a <span
 * class="open-now|closed-now|hours-unknown">. Writes nothing when now is
 * 0. A page that shows it must not be cached past the change. */
void help_view_open_now(struct html *, const struct help_hours *, int64_t now);

/* A service's contact details as a <dl class="facts">: phone and SMS
 * (tel:/sms: links, grouped as Norwegians write them), e-mail (mailto:),
 * web address, street address, opening hours (with help_view_open_now
 * when now is not 0), whether one can be anonymous, and when the
 * details were last verified ("Not verified" when never). Texts in the
 * current request's language (i18n_lang), falling back to bokmål. */
void help_view_contact(struct html *, const struct help_service *, int64_t now);

#endif

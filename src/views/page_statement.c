/* page_statement.c — the accessibility statement (tilgjengelighets-
 * erklæring) that Norwegian public bodies must publish: what the site
 * aims for, how it was tested, what is known not to work, and how to
 * report a problem. The contact is the installation's own (TILTAK_CONTACT,
 * read by the handler); without one the page names the organisations
 * whose plans are published here. Nothing here is made up per
 * installation that the installation did not say. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* True if s looks like a plain e-mail address (something@host.tld with
 * no space, quote or angle bracket), which a mailto: link may carry. */
static bool
is_address(const char *s)
{
	const char *at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') || strchr(at, '.') == NULL)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("@.-_+", c)))
			return false;
	}
	return at[1] != '.' && s[strlen(s) - 1] != '.';
}

static void
list(struct html *h, const char *const *items, size_t n)
{
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "li", _(items[i]), NULL);
	html_close(h, "ul");
}

char *
page_statement(const struct catalogue *c, const char *contact, size_t *len)
{
	static const char *const tested[] = {
		N_("Every kind of page (plans, themes, measures, indicator lists, units, "
		    "search, signing in, this statement and the signed-in pages) is "
		    "checked with the automated checker axe-core in the Chromium browser "
		    "against WCAG 2.1 A and AA, at 1280 and at 360 CSS pixels wide."),
		/* xgettext:no-c-format */
		N_("At 320 CSS pixels (a phone, or 400 % zoom) no page scrolls sideways."),
		N_("A walk with the keyboard alone checks that the first stop is a link "
		    "that skips to the content, that every stop shows where the focus is, "
		    "and that the order follows the page."),
		N_("The contrast of text, focus ring and field borders was calculated: at "
		    "least 4.5:1 for text and 3:1 for the focus ring and field borders."),
		N_("The browser's accessibility tree was read to check that tables, shown "
		    "as cards on narrow screens, give each cell one label."),
	};
	static const char *const limits[] = {
		N_("Automated checks find only some problems. The pages have not yet been "
		    "tested by people who use screen readers, magnifiers or speech "
		    "control."),
		N_("The automated checks run with the software's own tests on every "
		    "change; the contrast and the accessibility tree were checked by hand."),
		N_("The text of the plans is the municipalities' own, transcribed from the "
		    "documents they adopted: long sentences, abbreviations and technical "
		    "terms are kept as adopted."),
		N_("The public pages are in Norwegian bokmål, Norwegian nynorsk and "
		    "English. The text of the plans is in the language the "
		    "municipality adopted it in, and the signed-in area is in "
		    "bokmål only."),
	};
	struct html *h = html_new();
	struct crumb crumbs[] = {{_("Plans"), url_home()}};
	layout_begin(h, _("Accessibility statement"), NULL, crumbs, 1);
	html_elem(h, "h1", _("Accessibility statement"), NULL);
	html_elem(h, "p", _("Public bodies in Norway must make their websites usable by "
	    "everyone (universal design) and say how well they succeed. This statement "
	    "covers the pages of this site as the tiltak software makes them."),
	    "class", "lead", NULL);

	html_elem(h, "h2", _("What the site aims for"), NULL);
	/* xgettext:no-c-format */
	html_elem(h, "p", _("WCAG 2.1 at levels A and AA, as the Norwegian regulations "
	    "on universal design of ICT require. The pages work without JavaScript, "
	    "with the keyboard alone, zoomed to 400 % and on narrow phone screens."), NULL);

	html_elem(h, "h2", _("How it was tested"), NULL);
	list(h, tested, sizeof(tested) / sizeof(tested[0]));

	html_elem(h, "h2", _("Known limits"), NULL);
	list(h, limits, sizeof(limits) / sizeof(limits[0]));

	html_elem(h, "h2", _("Report a problem"), NULL);
	if (contact && *contact) {
		html_open(h, "p", NULL);
		html_text(h, _("Tell us what did not work, and on which page:"));
		html_text(h, " ");
		if (is_address(contact)) {
			char *href = xasprintf("mailto:%s", contact);
			html_elem(h, "a", contact, "href", href, NULL);
			free(href);
		} else {
			html_text(h, contact);
		}
		html_close(h, "p");
	} else if (c->norgs == 0) {
		html_elem(h, "p", _("Tell the organisation that runs this site what did "
		    "not work, and on which page."), NULL);
	} else {
		html_elem(h, "p", _("Tell the organisation that publishes the plan you were "
		    "reading what did not work, and on which page:"), NULL);
		html_open(h, "ul", NULL);
		for (size_t i = 0; i < c->norgs; i++)
			html_elem(h, "li", c->orgs[i].name, NULL);
		html_close(h, "ul");
	}
	html_open(h, "p", NULL);
	html_text(h, _("If you get no answer, or are not satisfied with it, you can "
	    "notify the Authority for Universal Design of ICT (part of the Norwegian "
	    "Digitalisation Agency):"));
	html_text(h, " ");
	html_elem(h, "a", "uutilsynet.no", "href", "https://www.uutilsynet.no/",
	    "rel", "external noreferrer", NULL);
	html_close(h, "p");
	layout_end(h);
	return html_finish(h, len);
}

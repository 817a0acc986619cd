/* page_public.c — the short public pages every public page links to
 * (issue 8 §2 and §3): how to hide a visit to this site, and what
 * violence is (after Balsfjord's plan, 1.2). Plain language, short, with
 * the emergency number as a tel: link. Both are the same for every
 * organisation, so they hold no data. */
#include <stdlib.h>

#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* "In danger now? Call the police on 112." with 112 as a tel: link. */
static void
danger_note(struct html *h)
{
	html_open(h, "p", "class", "danger", NULL);
	html_elem(h, "strong", _("In danger now?"), NULL);
	html_text(h, " ");
	html_text(h, _("Call the police:"));
	html_text(h, " ");
	html_elem(h, "a", "112", "href", "tel:112", "class", "tel", NULL);
	html_close(h, "p");
}

/* A heading and its paragraphs (msgids, NULL-terminated). */
static void
section(struct html *h, const char *heading, const char *const *paras)
{
	html_elem(h, "h2", _(heading), NULL);
	for (; *paras; paras++)
		html_elem(h, "p", _(*paras), NULL);
}

char *
page_hide_visit(size_t *len)
{
	struct html *h = html_new();
	layout_begin(h, _("How to hide your visit"), NULL, NULL, 0);
	html_elem(h, "h1", _("How to hide your visit"), NULL);
	html_elem(h, "p", _("This site sets no cookies and keeps no record of who "
	    "visits. But your browser and your device can still remember that you "
	    "were here. No website can erase every trace; here is what you can do "
	    "yourself."), "class", "lead", NULL);
	danger_note(h);

	static const char *const leave[] = {
		N_("The “Leave this page” button at the top of every page takes you to "
		    "another, harmless site at once. You can also press Esc, or press "
		    "Shift three times. The back button will not bring you back here, "
		    "but the page is still in the browser's history."),
		NULL,
	};
	section(h, N_("Leave quickly"), leave);
	static const char *const priv[] = {
		N_("A private window (called incognito in some browsers) keeps no "
		    "history, cookies or typed text once you close it. Open one from the "
		    "browser's menu: “New private window” or “New incognito window”. "
		    "Close it when you are done."),
		NULL,
	};
	section(h, N_("Use a private window"), priv);
	static const char *const hist[] = {
		N_("If you did not use a private window, delete only the pages of this "
		    "site from the browser's history, not the whole history: an empty "
		    "history can itself make someone suspicious. Check the search "
		    "engine's recent searches and the list of downloads too."),
		NULL,
	};
	section(h, N_("Delete only some of the history"), hist);

	html_elem(h, "h2", _("Shared and monitored devices"), NULL);
	html_open(h, "ul", NULL);
	html_elem(h, "li", _("A shared computer or tablet, or a phone whose code "
	    "someone else knows, can show what you have looked at. If you can, use "
	    "a device others do not use, for example at a library, at school or at "
	    "a friend's."), NULL);
	html_elem(h, "li", _("A shared account, or one signed in on several devices "
	    "(Google, Apple, Microsoft), can copy your history and searches to "
	    "another device through the cloud."), NULL);
	html_elem(h, "li", _("Spy apps (stalkerware) can show someone everything you "
	    "do on your phone. Removing one can warn the person who put it there: "
	    "ask the police or a crisis centre for advice first."), NULL);
	html_close(h, "ul");

	static const char *const limits[] = {
		N_("The network you use (at work or school, or your internet provider) "
		    "and apps on your device can still see that you visited this site. "
		    "If you think someone watches your device, use another one."),
		NULL,
	};
	section(h, N_("What no website can promise"), limits);
	layout_end(h);
	return html_finish(h, len);
}

char *
page_about_violence(size_t *len)
{
	static const struct {
		const char *kind, *what;
	} kinds[] = {
		{N_("Physical violence"), N_("Hitting, kicking, pushing, choking, holding "
		    "someone down or hurting them in other ways.")},
		{N_("Sexual violence"), N_("Being made to take part in or watch sexual "
		    "acts against one's will, also within a couple or a marriage.")},
		{N_("Psychological violence"), N_("Threats, humiliation, constant "
		    "criticism and control that make someone afraid or feel worthless.")},
		{N_("Social violence"), N_("Isolation, or limiting someone's contact with "
		    "family, friends, school or work.")},
		{N_("Economic violence"), N_("Any control of someone's money and "
		    "economic resources: taking their money, keeping them from their own, "
		    "forcing them into debt.")},
		{N_("Threats of violence"), N_("Threats to hurt someone, their children, "
		    "their pets or others they care about.")},
	};
	struct html *h = html_new();
	layout_begin(h, _("What violence is"), NULL, NULL, 0);
	html_elem(h, "h1", _("What violence is"), NULL);
	html_elem(h, "p", _("Violence in close relationships is violence from someone "
	    "you are close to: family, someone you live with, someone who cares for "
	    "you over a long time, or a close friend. It happens to children, young "
	    "people, adults and the elderly, whatever their background or abilities."),
	    "class", "lead", NULL);
	danger_note(h);
	html_elem(h, "h2", _("Violence can be"), NULL);
	html_open(h, "dl", "class", "kinds", NULL);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		html_elem(h, "dt", _(kinds[i].kind), NULL);
		html_elem(h, "dd", _(kinds[i].what), NULL);
	}
	html_close(h, "dl");
	static const char *const children[] = {
		N_("Children who see or hear violence at home are harmed by it, even "
		    "when they are not hit themselves. Living with violence is violence "
		    "against the child too."),
		NULL,
	};
	section(h, N_("Children who live with violence"), children);
	static const char *const blame[] = {
		N_("Violence is never the fault of the one it is done to. Help is there "
		    "for those who are subjected to violence, for those who are worried "
		    "about someone, and for those who use violence and want to stop."),
		NULL,
	};
	section(h, N_("It is not your fault"), blame);
	html_elem(h, "p", _("After the definition in Balsfjord kommune's action plan "
	    "against domestic violence (section 1.2)."), "class", "meta", NULL);
	layout_end(h);
	return html_finish(h, len);
}

/* help_audience.c — the ways into the help pages and their order (see
 * help_audience.h). */
#include "domain/help_audience.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The texts are English msgids, marked for the catalogs and translated
 * by the views. */
#define N_(s) (s)

#define A(x) HELP_AUDIENCE_BIT(HELP_AUD_##x)
#define K(x) HELP_KIND_##x

const struct help_way_def help_ways[HELP_WAY__MAX] = {
	[HELP_WAY_CHILDREN] = {
		.slug = "barn-og-unge",
		.link = N_("I am a child or young person"),
		.title = N_("Help for children and young people"),
		.lead = N_("Is someone hurting you, or are you afraid at home? It is not "
		    "your fault. You can talk to an adult who knows about this, and you "
		    "do not have to say who you are."),
		.audiences = A(CHILDREN),
		.kinds = {K(EMERGENCY), K(HELPLINE), K(CHILD_WELFARE), K(CRISIS_CENTRE),
		    K(HEALTH), K(POLICE), K(COUNSELLING), K(WEB_RESOURCE)},
	},
	[HELP_WAY_ADULTS] = {
		.slug = "voksne",
		.link = N_("I am an adult"),
		.title = N_("Help for adults"),
		.lead = N_("Violence can be hitting, threats, control, sexual abuse or "
		    "taking your money. You can get advice, a safe place to stay and "
		    "help to report it."),
		.audiences = A(ADULTS) | A(WOMEN) | A(MEN) | A(LGBTIQ) | A(MINORITY) |
		    A(DISABILITY),
		.kinds = {K(EMERGENCY), K(CRISIS_CENTRE), K(HELPLINE), K(POLICE),
		    K(HEALTH), K(COUNSELLING), K(CHILD_WELFARE), K(WEB_RESOURCE)},
	},
	[HELP_WAY_ELDERLY] = {
		.slug = "eldre",
		.link = N_("I am elderly"),
		.title = N_("Help for elderly people"),
		.lead = N_("Violence against the elderly is often done by someone close: "
		    "family or those who help you. You can get advice and help, also "
		    "without saying who you are."),
		.audiences = A(ELDERLY),
		.kinds = {K(EMERGENCY), K(HELPLINE), K(CRISIS_CENTRE), K(HEALTH),
		    K(POLICE), K(COUNSELLING), K(CHILD_WELFARE), K(WEB_RESOURCE)},
	},
	[HELP_WAY_WORRIED] = {
		.slug = "bekymret",
		.link = N_("I am worried about someone"),
		.title = N_("Worried about someone"),
		.lead = N_("You can ask for advice without giving names. If a child may "
		    "be at risk, child welfare can help."),
		.audiences = A(WORRIED),
		.kinds = {K(EMERGENCY), K(HELPLINE), K(CHILD_WELFARE), K(CRISIS_CENTRE),
		    K(COUNSELLING), K(POLICE), K(HEALTH), K(WEB_RESOURCE)},
	},
	[HELP_WAY_USES_VIOLENCE] = {
		.slug = "utover-vold",
		.link = N_("I use violence"),
		.title = N_("Help for those who use violence"),
		.lead = N_("You can learn to stop. Treatment and advice are there for "
		    "you who hit, threaten or control someone close to you, or are "
		    "afraid you will."),
		.audiences = A(USES_VIOLENCE),
		.kinds = {K(EMERGENCY), K(COUNSELLING), K(HELPLINE), K(HEALTH),
		    K(CRISIS_CENTRE), K(CHILD_WELFARE), K(POLICE), K(WEB_RESOURCE)},
	},
	[HELP_WAY_PROFESSIONALS] = {
		.slug = "fagfolk",
		.link = N_("I am a professional"),
		.title = N_("For professionals"),
		.lead = N_("Where employees get advice and whom they report to. You may "
		    "have a duty to report to child welfare and a duty to avert "
		    "violence."),
		.audiences = A(PROFESSIONALS),
		.kinds = {K(EMERGENCY), K(COUNSELLING), K(CHILD_WELFARE), K(CRISIS_CENTRE),
		    K(POLICE), K(HEALTH), K(HELPLINE), K(WEB_RESOURCE)},
	},
};

int
help_way_parse(const char *slug)
{
	for (int i = 0; slug && i < HELP_WAY__MAX; i++)
		if (strcmp(slug, help_ways[i].slug) == 0)
			return i;
	return -1;
}

bool
help_service_local(const struct help_service *s, const char *org)
{
	if (s->owner == NULL || org == NULL)
		return false;
	if (strcmp(s->owner, org) == 0)
		return true;
	for (size_t i = 0; i < s->nserves; i++)
		if (strcmp(s->serves[i], org) == 0)
			return true;
	return false;
}

/* qsort has no context argument: the page being sorted. */
struct sort_key {
	const struct help_service *s;
	int                        kind_pos;
	bool                       local;
};

static int
by_relevance(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	if (x->kind_pos != y->kind_pos)
		return x->kind_pos < y->kind_pos ? -1 : 1;
	if (x->local != y->local)
		return x->local ? -1 : 1;
	if (x->s->rank != y->s->rank)
		return x->s->rank < y->s->rank ? -1 : 1;
	const char *nx = x->s->name.nb ? x->s->name.nb : "";
	const char *ny = y->s->name.nb ? y->s->name.nb : "";
	int c = strcmp(nx, ny);
	return c ? c : strcmp(x->s->id, y->s->id);
}

size_t
help_way_select(const struct help_list *l, enum help_way w, const char *org,
    size_t *out)
{
	const struct help_way_def *def = &help_ways[w];
	struct sort_key *keys = xcalloc(l->n ? l->n : 1, sizeof(*keys));
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct help_service *s = &l->items[i];
		if ((s->audiences & def->audiences) == 0)
			continue;
		int pos = HELP_KIND__MAX;
		for (int k = 0; k < HELP_KIND__MAX; k++)
			if (def->kinds[k] == s->kind)
				pos = k;
		keys[n++] = (struct sort_key){s, pos, help_service_local(s, org)};
	}
	qsort(keys, n, sizeof(*keys), by_relevance);
	for (size_t i = 0; i < n; i++)
		out[i] = (size_t)(keys[i].s - l->items);
	free(keys);
	return n;
}

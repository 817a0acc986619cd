/* plan_edit.c — changing a plan in memory (plan_edit.h). */
#include "domain/plan_edit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

static const char *const kind_names[EDIT_KIND__MAX] = {
	"theme",      /* EDIT_THEME */
	"goal",       /* EDIT_GOAL */
	"measure",    /* EDIT_MEASURE */
	"indicator",  /* EDIT_INDICATOR */
	"unit",       /* EDIT_UNIT */
	"chapter",    /* EDIT_CHAPTER */
	"step",       /* EDIT_STEP */
	"overarching-goal", /* EDIT_OVERARCHING */
};

const char *
edit_kind_name(enum edit_kind k)
{
	return (unsigned)k < EDIT_KIND__MAX ? kind_names[k] : "item";
}

int
edit_kind_parse(const char *s)
{
	for (int i = 0; s && i < EDIT_KIND__MAX; i++)
		if (strcmp(kind_names[i], s) == 0)
			return i;
	return -1;
}

/* The list that holds items of ref's kind under ref's parents: the
 * address of its array pointer and of its count, and its element size.
 * The parents must exist. */
struct list {
	void   **arr;
	size_t  *n;
	size_t   sz;
};

static struct list
list_of(const struct plan *cp, const struct edit_ref *ref)
{
	/* The plan is changed through the list by the callers that may. */
	struct plan *p = (struct plan *)(uintptr_t)cp;
	switch (ref->kind) {
	case EDIT_THEME:
		return (struct list){(void **)&p->themes, &p->nthemes, sizeof(struct theme)};
	case EDIT_GOAL: {
		struct theme *t = &p->themes[ref->theme];
		return (struct list){(void **)&t->goals, &t->ngoals, sizeof(struct goal)};
	}
	case EDIT_MEASURE: {
		struct goal *g = &p->themes[ref->theme].goals[ref->goal];
		return (struct list){(void **)&g->measures, &g->nmeasures, sizeof(struct measure)};
	}
	case EDIT_INDICATOR: {
		struct measure *m = &p->themes[ref->theme].goals[ref->goal].measures[ref->measure];
		return (struct list){(void **)&m->indicators, &m->nindicators,
		    sizeof(struct indicator)};
	}
	case EDIT_UNIT:
		return (struct list){(void **)&p->units, &p->nunits, sizeof(struct unit)};
	case EDIT_CHAPTER:
		return (struct list){(void **)&p->chapters, &p->nchapters, sizeof(struct chapter)};
	case EDIT_OVERARCHING:
		return (struct list){(void **)&p->overarching_goals, &p->noverarching_goals,
		    sizeof(struct overarching_goal)};
	case EDIT_STEP:
	default:
		return (struct list){(void **)&p->steps, &p->nsteps,
		    sizeof(struct implementation_step)};
	}
}

void *
plan_edit_item(const struct plan *p, const struct edit_ref *ref)
{
	struct list l = list_of(p, ref);
	return (char *)*l.arr + ref->index * l.sz;
}

size_t
plan_edit_siblings(const struct plan *p, const struct edit_ref *ref)
{
	return *list_of(p, ref).n;
}

bool
plan_edit_find(const struct plan *p, enum edit_kind kind, const char *key, int number,
    struct edit_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if (kind != EDIT_STEP && kind != EDIT_OVERARCHING && key == NULL)
		return false;
	switch (kind) {
	case EDIT_THEME:
		for (size_t t = 0; t < p->nthemes; t++)
			if (strcmp(p->themes[t].id, key) == 0) {
				out->index = t;
				return true;
			}
		return false;
	case EDIT_GOAL:
		for (size_t t = 0; t < p->nthemes; t++)
			for (size_t g = 0; g < p->themes[t].ngoals; g++)
				if (strcmp(p->themes[t].goals[g].id, key) == 0) {
					out->theme = t;
					out->index = g;
					return true;
				}
		return false;
	case EDIT_MEASURE:
	case EDIT_INDICATOR:
		for (size_t t = 0; t < p->nthemes; t++)
			for (size_t g = 0; g < p->themes[t].ngoals; g++) {
				const struct goal *go = &p->themes[t].goals[g];
				for (size_t m = 0; m < go->nmeasures; m++) {
					const struct measure *me = &go->measures[m];
					if (strcmp(me->id, key) != 0)
						continue;
					out->theme = t;
					out->goal = g;
					if (kind == EDIT_MEASURE) {
						out->index = m;
						return true;
					}
					out->measure = m;
					for (size_t i = 0; i < me->nindicators; i++)
						if (me->indicators[i].number == number) {
							out->index = i;
							return true;
						}
					return false;
				}
			}
		return false;
	case EDIT_UNIT:
		for (size_t i = 0; i < p->nunits; i++)
			if (strcmp(p->units[i].id, key) == 0) {
				out->index = i;
				return true;
			}
		return false;
	case EDIT_CHAPTER:
		for (size_t i = 0; i < p->nchapters; i++)
			if (strcmp(p->chapters[i].id, key) == 0) {
				out->index = i;
				return true;
			}
		return false;
	case EDIT_STEP:
	case EDIT_OVERARCHING:
		/* By place: these have no id. */
		if (number < 1 || (size_t)number > (kind == EDIT_STEP ? p->nsteps :
		    p->noverarching_goals))
			return false;
		out->index = (size_t)number - 1;
		return true;
	case EDIT_KIND__MAX:
		break;
	}
	return false;
}

void *
plan_edit_add(struct plan *p, enum edit_kind kind, const struct edit_ref *parent,
    struct edit_ref *ref)
{
	/* parent and ref may be one struct. */
	struct edit_ref r = {.kind = kind};
	if (parent != NULL) {
		/* The parent's own place is the child's parent place. */
		r.theme = parent->kind == EDIT_THEME ? parent->index : parent->theme;
		r.goal = parent->kind == EDIT_GOAL ? parent->index : parent->goal;
		r.measure = parent->kind == EDIT_MEASURE ? parent->index : parent->measure;
	}
	*ref = r;
	struct list l = list_of(p, ref);
	char *arr = arena_array(&p->arena, *l.n + 1, l.sz);
	if (*l.n)
		memcpy(arr, *l.arr, *l.n * l.sz);
	*l.arr = arr;
	ref->index = (*l.n)++;
	return arr + ref->index * l.sz;
}

void
plan_edit_move(struct plan *p, struct edit_ref *ref, size_t to)
{
	struct list l = list_of(p, ref);
	if (*l.n == 0)
		return;
	if (to >= *l.n)
		to = *l.n - 1;
	size_t from = ref->index;
	if (to == from)
		return;
	char *arr = *l.arr;
	char *tmp = xmalloc(l.sz);
	memcpy(tmp, arr + from * l.sz, l.sz);
	if (to < from)
		memmove(arr + (to + 1) * l.sz, arr + to * l.sz, (from - to) * l.sz);
	else
		memmove(arr + from * l.sz, arr + (from + 1) * l.sz, (to - from) * l.sz);
	memcpy(arr + to * l.sz, tmp, l.sz);
	free(tmp);
	ref->index = to;
}

/* Takes id out of the list ids[0..*n). */
static void
drop_ref(char **ids, size_t *n, const char *id)
{
	size_t w = 0;
	for (size_t r = 0; r < *n; r++)
		if (strcmp(ids[r], id) != 0)
			ids[w++] = ids[r];
	*n = w;
}

void
plan_edit_remove(struct plan *p, const struct edit_ref *ref)
{
	if (ref->kind == EDIT_UNIT) {
		const char *id = p->units[ref->index].id;
		for (size_t t = 0; t < p->nthemes; t++)
			for (size_t g = 0; g < p->themes[t].ngoals; g++) {
				struct goal *go = &p->themes[t].goals[g];
				for (size_t m = 0; m < go->nmeasures; m++)
					for (size_t i = 0; i < go->measures[m].nindicators; i++) {
						struct indicator *ind = &go->measures[m].indicators[i];
						drop_ref(ind->responsible, &ind->nresponsible, id);
					}
			}
		for (size_t s = 0; s < p->nsteps; s++)
			drop_ref(p->steps[s].responsible, &p->steps[s].nresponsible, id);
	}
	struct list l = list_of(p, ref);
	char *arr = *l.arr;
	size_t after = *l.n - ref->index - 1;
	if (after)
		memmove(arr + ref->index * l.sz, arr + (ref->index + 1) * l.sz, after * l.sz);
	(*l.n)--;
}

static bool
names(char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static void
count_measure(const struct measure *m, struct edit_contents *c)
{
	c->measures++;
	c->indicators += m->nindicators;
}

static void
count_goal(const struct goal *g, struct edit_contents *c)
{
	c->goals++;
	for (size_t m = 0; m < g->nmeasures; m++)
		count_measure(&g->measures[m], c);
}

void
plan_edit_contents(const struct plan *p, const struct edit_ref *ref,
    struct edit_contents *c)
{
	memset(c, 0, sizeof(*c));
	const void *item = plan_edit_item(p, ref);
	switch (ref->kind) {
	case EDIT_THEME: {
		const struct theme *t = item;
		for (size_t g = 0; g < t->ngoals; g++)
			count_goal(&t->goals[g], c);
		break;
	}
	case EDIT_GOAL:
		count_goal(item, c);
		break;
	case EDIT_MEASURE:
		count_measure(item, c);
		break;
	case EDIT_INDICATOR:
		c->indicators = 1;
		break;
	case EDIT_UNIT: {
		const char *id = ((const struct unit *)item)->id;
		for (size_t t = 0; t < p->nthemes; t++)
			for (size_t g = 0; g < p->themes[t].ngoals; g++) {
				const struct goal *go = &p->themes[t].goals[g];
				for (size_t m = 0; m < go->nmeasures; m++)
					for (size_t i = 0; i < go->measures[m].nindicators; i++) {
						const struct indicator *ind = &go->measures[m].indicators[i];
						c->unit_indicators += names(ind->responsible,
						    ind->nresponsible, id);
					}
			}
		for (size_t s = 0; s < p->nsteps; s++)
			c->unit_steps += names(p->steps[s].responsible, p->steps[s].nresponsible, id);
		break;
	}
	default:
		break;
	}
}

/* ---- ids ---- */

/* Letters that are not a-z written as such in an id. Upper case is
 * folded to lower case before the lookup (Latin-1 and Latin Extended-A
 * pair them at cp and cp + 1, or cp + 0x20 in Latin-1). */
static const struct {
	uint32_t    cp;
	const char *as;
} letters[] = {
	{0xe6, "ae"}, {0xf8, "o"}, {0xe5, "a"},                    /* æ ø å */
	{0xe0, "a"}, {0xe1, "a"}, {0xe2, "a"}, {0xe3, "a"}, {0xe4, "a"},
	{0xe7, "c"}, {0xe8, "e"}, {0xe9, "e"}, {0xea, "e"}, {0xeb, "e"},
	{0xec, "i"}, {0xed, "i"}, {0xee, "i"}, {0xef, "i"}, {0xf1, "n"},
	{0xf2, "o"}, {0xf3, "o"}, {0xf4, "o"}, {0xf5, "o"}, {0xf6, "o"},
	{0xf9, "u"}, {0xfa, "u"}, {0xfb, "u"}, {0xfc, "u"}, {0xfd, "y"},
	{0xff, "y"}, {0xdf, "ss"},
	/* Northern Sami: á č đ ŋ š ŧ ž (á above). */
	{0x10d, "c"}, {0x111, "d"}, {0x14b, "n"}, {0x161, "s"}, {0x167, "t"},
	{0x17e, "z"},
};

/* The lower-case form of the few upper-case letters the table knows. */
static uint32_t
lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 0x20;
	if (cp >= 0x100 && cp <= 0x17f && (cp == 0x10c || cp == 0x110 || cp == 0x14a ||
	    cp == 0x160 || cp == 0x166 || cp == 0x17d))
		return cp + 1;
	return cp;
}

void
plan_slug(const char *title, char *out, size_t outsz)
{
	size_t max = outsz - 1 < PLAN_ID_MAX ? outsz - 1 : PLAN_ID_MAX;
	size_t o = 0, n = title ? strlen(title) : 0;
	bool dash = false;   /* a separator is pending */
	bool cut = false;    /* the title did not fit */
	for (size_t i = 0; i < n && !cut;) {
		uint32_t cp;
		size_t k = text_utf8_decode(title + i, n - i, &cp);
		if (k == 0) {
			i++;
			dash = o > 0;
			continue;
		}
		i += k;
		cp = lower(cp);
		const char *as = NULL;
		char one[2] = {0, 0};
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			one[0] = (char)cp;
			as = one;
		} else {
			for (size_t j = 0; j < sizeof(letters) / sizeof(letters[0]); j++)
				if (letters[j].cp == cp)
					as = letters[j].as;
		}
		if (as == NULL) {
			dash = o > 0;
			continue;
		}
		size_t al = strlen(as);
		if (o + (dash ? 1 : 0) + al > max) {
			/* Mid-word unless a separator came next: cut back to the
			 * last whole word when that keeps half of it. */
			size_t last = o;
			while (!dash && last > 0 && out[last - 1] != '-')
				last--;
			if (!dash && last > max / 2)
				o = last - 1;
			cut = true;
			break;
		}
		if (dash)
			out[o++] = '-';
		dash = false;
		memcpy(out + o, as, al);
		o += al;
	}
	out[o] = '\0';
}

bool
plan_edit_id_taken(const struct plan *p, enum edit_kind kind, const char *id)
{
	struct edit_ref r;
	return kind != EDIT_INDICATOR && kind != EDIT_STEP && kind != EDIT_OVERARCHING &&
	    plan_edit_find(p, kind, id, 0, &r);
}

bool
plan_edit_number_taken(const struct plan *p, const struct edit_ref *ref, int number)
{
	const struct measure *m = ref->kind == EDIT_MEASURE ? plan_edit_item(p, ref) :
	    &p->themes[ref->theme].goals[ref->goal].measures[ref->measure];
	for (size_t i = 0; i < m->nindicators; i++)
		if (m->indicators[i].number == number)
			return true;
	return false;
}

void
plan_edit_new_id(const struct plan *p, enum edit_kind kind, const char *title,
    const char *prefix, bool (*taken)(void *ctx, const char *id), void *ctx,
    char out[PLAN_ID_MAX + 1])
{
	char slug[PLAN_ID_MAX + 1], base[2 * PLAN_ID_MAX + 2];
	plan_slug(title, slug, sizeof(slug));
	if (slug[0] == '\0')
		snprintf(slug, sizeof(slug), "%s", (unsigned)kind < EDIT_KIND__MAX ?
		    edit_kind_name(kind) : "plan");
	if (prefix != NULL && prefix[0] != '\0' &&
	    !(strncmp(slug, prefix, strlen(prefix)) == 0 && slug[strlen(prefix)] == '-'))
		snprintf(base, sizeof(base), "%s-%s", prefix, slug);
	else
		snprintf(base, sizeof(base), "%s", slug);
	/* Cut at the limit, and never end in '-'. */
	size_t bl = strlen(base);
	if (bl > PLAN_ID_MAX)
		base[bl = PLAN_ID_MAX] = '\0';
	while (bl > 1 && base[bl - 1] == '-')
		base[--bl] = '\0';
	memcpy(out, base, bl + 1);
	for (int k = 2; (p != NULL && plan_edit_id_taken(p, kind, out)) ||
	    (taken != NULL && taken(ctx, out)); k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof(suffix), "-%d", k);
		size_t keep = bl;
		if (keep + (size_t)sl > PLAN_ID_MAX)
			keep = PLAN_ID_MAX - (size_t)sl;
		while (keep > 1 && base[keep - 1] == '-')
			keep--;
		snprintf(out, PLAN_ID_MAX + 1, "%.*s%s", (int)keep, base, suffix);
	}
}

int
plan_edit_next_number(const struct plan *p, const struct edit_ref *ref)
{
	const struct measure *m = ref->kind == EDIT_MEASURE ? plan_edit_item(p, ref) :
	    &p->themes[ref->theme].goals[ref->goal].measures[ref->measure];
	int max = 0;
	for (size_t i = 0; i < m->nindicators; i++)
		if (m->indicators[i].number > max)
			max = m->indicators[i].number;
	return max < PLAN_INDICATOR_NUMBER_MAX ? max + 1 : max;
}

/* ---- checking ---- */

bool
plan_check(const struct plan *p, struct plan_error *err)
{
	size_t len;
	char *json = plan_json_export(p, &len, err);
	if (json == NULL)
		return false;
	struct plan *back = plan_json_parse(json, len, err);
	free(json);
	if (back == NULL)
		return false;
	plan_free(back);
	return true;
}

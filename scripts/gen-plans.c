/* gen-plans.c — writes a whole country's worth of plan files for the
 * scale benchmark (make bench-scale): N organisations with made-up
 * Norwegian-sounding names, their plans shaped like the two real ones
 * (a Bodø-sized plan with indicators, or a Balsfjord-sized plan of
 * existing and proposed measures), about half of them inter-municipal
 * plans owned by two to five organisations. Unit names are the real
 * plans' own, so the same "Barneverntjenesten" recurs across the
 * country, as it does in life. Every file is an ordinary plan file that
 * `tiltak check` accepts. The output depends only on the seed.
 *
 *   build/gen-plans --orgs N --seed S --out DIR [--templates DIR]
 *
 * (scripts/gen-plans builds and runs it.) Templates are read from
 * data/plans/ by default. Exit status 0, 1 on failure, 2 on usage. */
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- a small deterministic generator (xorshift64*) ---- */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* A number in [0, n). */
static size_t
pick(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

/* ---- names ---- */

static const char *const heads[] = {
	"Nord", "Sør", "Øst", "Vest", "Stor", "Lille", "Bjørk", "Fjell", "Lang",
	"Berg", "Sand", "Strand", "Ås", "Dal", "Hol", "Rød", "Grøn", "Kvit",
	"Hav", "Elve", "Skog", "Mo", "Lyng", "Å", "Stein", "Myr", "Kvern",
	"Brå", "Eid", "Tind", "Li", "Frost", "Sol", "Vind", "Furu", "Gran",
	"Hamar", "Nes", "Tromm", "Salt", "Lofot", "Ving", "Hjel", "Mel",
};
static const char *const tails[] = {
	"vik", "dal", "fjord", "berg", "øy", "nes", "stad", "heim", "land",
	"sund", "bø", "voll", "ås", "mo", "haug", "elv", "li", "rud", "set",
	"vågen", "strand", "bygd", "å", "sjø", "tun", "eid", "holm", "mark",
};

/* Words sprinkled into texts, so that searches over the country find
 * some plans and not others. */
static const char *const words[] = {
	"nabolag", "frivillighet", "idrettslag", "kulturskole", "helsesykepleier",
	"fastlege", "tolketjeneste", "barnehagelærer", "ungdomsråd", "eldreråd",
	"seniorsenter", "boligkontor", "NAV-kontor", "kirkelig", "tros- og livssyn",
	"samisk", "kvensk", "digital", "skjerm", "nettvett", "rus", "spill",
	"økonomi", "gjeld", "bolig", "arbeid", "kompetanse", "veiledning",
	"kartlegging", "traumebevisst", "rutiner", "samarbeidsavtale",
};

/* ASCII id from a Norwegian name: æ→ae, ø→o, å→a, lower case, others '-'. */
static void
id_of(const char *name, char *out, size_t outsz)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 3 < outsz; p++) {
		if (p[0] == 0xc3 && p[1]) {
			const char *r = NULL;
			switch (p[1]) {
			case 0xa6: case 0x86: r = "ae"; break;  /* æ Æ */
			case 0xb8: case 0x98: r = "o"; break;   /* ø Ø */
			case 0xa5: case 0x85: r = "a"; break;   /* å Å */
			default: r = "-"; break;
			}
			for (; *r; r++)
				out[o++] = *r;
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			out[o++] = (char)(*p + 32);
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			out[o++] = (char)*p;
		} else if (o > 0 && out[o - 1] != '-') {
			out[o++] = '-';
		}
	}
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
}

struct org {
	char name[64];
	char id[64];
};

/* ---- JSON helpers ---- */

static json_t *
load(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fprintf(stderr, "gen-plans: %s:%d:%d: %s\n", path, e.line, e.column, e.text);
	return j;
}

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A unit id of the template ("bodo-helsestasjonene") for organisation
 * org: its own prefix instead of the template's. Ids without the
 * template's prefix are bodies shared by many municipalities (Politiet,
 * ATV): they keep their id. */
static void
unit_id(const char *tid, const char *tprefix, const char *org, char *out, size_t outsz)
{
	size_t n = strlen(tprefix);
	if (strncmp(tid, tprefix, n) == 0 && tid[n] == '-')
		snprintf(out, outsz, "%.30s-%.32s", org, tid + n + 1);
	else
		snprintf(out, outsz, "%s", tid);
	out[outsz - 1] = '\0';
	/* an id may not end with '-' after truncation */
	size_t k = strlen(out);
	while (k > 0 && out[k - 1] == '-')
		out[--k] = '\0';
}

/* Replaces every unit reference in arr (an array of ids) through the map
 * old→new held as a JSON object. */
static void
remap_refs(json_t *arr, json_t *map)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *to = json_object_get(map, json_string_value(v));
		if (to)
			json_array_set(arr, i, to);
	}
}

/* Sprinkles a word into some texts (a tenth of them). */
static void
sprinkle(json_t *o, const char *key)
{
	const char *t = str(o, key);
	if (t == NULL || pick(10) != 0)
		return;
	char buf[2200];
	snprintf(buf, sizeof(buf), "%s (%s)", t, words[pick(sizeof(words) / sizeof(words[0]))]);
	json_object_set_new(o, key, json_string(buf));
}

/* Makes a plan for orgs[0..n) from a template. */
static json_t *
make_plan(json_t *tpl, const char *tprefix, const struct org *orgs, size_t n,
    const char *plan_id, int start)
{
	json_t *p = json_deep_copy(tpl);
	json_object_set_new(p, "id", json_string(plan_id));
	char title[400];
	if (n == 1)
		snprintf(title, sizeof(title), "Handlingsplan mot vold i nære relasjoner "
		    "for %s kommune %d–%d", orgs[0].name, start, start + 3);
	else
		snprintf(title, sizeof(title), "Interkommunal handlingsplan mot vold i nære "
		    "relasjoner %d–%d (%s m.fl.)", start, start + 3, orgs[0].name);
	json_object_set_new(p, "title", json_string(title));
	json_t *period = json_object();
	json_object_set_new(period, "start", json_integer(start));
	json_object_set_new(period, "end", json_integer(start + 3));
	json_object_set_new(p, "period", period);
	json_object_set_new(p, "status", json_string(pick(5) ? "adopted" : "draft"));
	json_object_set_new(p, "adoption", json_null());
	json_object_set_new(p, "replaces", json_null());
	json_object_del(p, "replaces_title");
	json_t *os = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(orgs[i].id));
		char name[100];
		snprintf(name, sizeof(name), "%s kommune", orgs[i].name);
		json_object_set_new(o, "name", json_string(name));
		json_array_append_new(os, o);
	}
	json_object_set_new(p, "organisations", os);

	/* Units: the template's, under the first organisation's prefix. */
	json_t *map = json_object();
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(p, "units"), i, u) {
		char nid[80];
		unit_id(str(u, "id"), tprefix, orgs[0].id, nid, sizeof(nid));
		json_object_set_new(map, str(u, "id"), json_string(nid));
		json_object_set_new(u, "id", json_string(nid));
		if (json_is_string(json_object_get(u, "organisation")))
			json_object_set_new(u, "organisation", json_string(orgs[0].id));
	}
	json_t *s;
	json_array_foreach(json_object_get(p, "implementation_steps"), i, s)
		remap_refs(json_object_get(s, "responsible"), map);

	/* Themes → goals → measures → indicators: drop a measure now and
	 * then, sprinkle words, remap units. */
	json_t *t, *g, *m, *ind;
	size_t j, k, l;
	json_array_foreach(json_object_get(p, "themes"), i, t) {
		json_array_foreach(json_object_get(t, "goals"), j, g) {
			json_t *ms = json_object_get(g, "measures");
			for (k = json_array_size(ms); k-- > 0; )
				if (json_array_size(ms) > 1 && pick(12) == 0)
					json_array_remove(ms, k);
			json_array_foreach(ms, k, m) {
				sprinkle(m, "title");
				json_array_foreach(json_object_get(m, "indicators"), l, ind) {
					sprinkle(ind, "text");
					remap_refs(json_object_get(ind, "responsible"), map);
				}
			}
		}
	}
	json_decref(map);
	return p;
}

int
main(int argc, char **argv)
{
	long norgs = -1;
	unsigned long long seed = 1;
	const char *out = NULL, *tdir = "data/plans";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--orgs") == 0 && i + 1 < argc)
			norgs = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc)
			tdir = argv[++i];
		else
			norgs = -1, i = argc;
	}
	if (norgs < 1 || norgs > 5000 || out == NULL) {
		fputs("usage: gen-plans --orgs N --seed S --out DIR [--templates DIR]\n"
		    "  N from 1 to 5000; the same seed gives the same files\n", stderr);
		return 2;
	}
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
	if (rng_state == 0)
		rng_state = 1;
	if (mkdir(out, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen-plans: %s: %s\n", out, strerror(errno));
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/bodo-2022-2025.json", tdir);
	json_t *big = load(path);
	snprintf(path, sizeof(path), "%s/balsfjord-2017.json", tdir);
	json_t *small = load(path);
	if (big == NULL || small == NULL)
		return 1;

	/* Organisations with unique names and ids. */
	struct org *orgs = calloc((size_t)norgs, sizeof(*orgs));
	size_t nh = sizeof(heads) / sizeof(heads[0]), nt = sizeof(tails) / sizeof(tails[0]);
	for (long i = 0; i < norgs; i++) {
		for (int tries = 0;; tries++) {
			char name[64];
			if (tries < 50)
				snprintf(name, sizeof(name), "%s%s", heads[pick(nh)], tails[pick(nt)]);
			else
				snprintf(name, sizeof(name), "%s%s %ld", heads[pick(nh)],
				    tails[pick(nt)], i);
			char id[64];
			id_of(name, id, sizeof(id));
			bool dup = false;
			for (long j = 0; j < i && !dup; j++)
				dup = strcmp(orgs[j].id, id) == 0;
			if (!dup) {
				snprintf(orgs[i].name, sizeof(orgs[i].name), "%s", name);
				snprintf(orgs[i].id, sizeof(orgs[i].id), "%s", id);
				break;
			}
		}
	}

	/* Plans: about half the organisations share an inter-municipal plan
	 * with one to four neighbours; the others have their own. */
	long planned = 0, files = 0;
	while (planned < norgs) {
		size_t n = 1;
		if (pick(2) == 0)
			n = 2 + pick(4);
		if ((long)n > norgs - planned)
			n = (size_t)(norgs - planned);
		const struct org *owners = &orgs[planned];
		bool bodo_like = pick(5) < 3;
		int start = 2020 + (int)pick(6);
		char plan_id[80];
		if (n == 1)
			snprintf(plan_id, sizeof(plan_id), "%.50s-%d-%d", owners[0].id, start,
			    start + 3);
		else
			snprintf(plan_id, sizeof(plan_id), "ikp-%.45s-%d", owners[0].id, start);
		json_t *p = make_plan(bodo_like ? big : small, bodo_like ? "bodo" : "balsfjord",
		    owners, n, plan_id, start);
		snprintf(path, sizeof(path), "%s/%s.json", out, plan_id);
		if (json_dump_file(p, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
			fprintf(stderr, "gen-plans: cannot write %s\n", path);
			return 1;
		}
		json_decref(p);
		planned += (long)n;
		files++;
	}
	printf("gen-plans: %ld organisations, %ld plan files in %s (seed %llu)\n", norgs,
	    files, out, seed);
	json_decref(big);
	json_decref(small);
	free(orgs);
	return 0;
}

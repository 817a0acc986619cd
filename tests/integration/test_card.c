/* test_card.c — the action card for employees (issue 8 §5), through the
 * real binary: importing card files (all or nothing, audited, links
 * checked), the public page and its print view (steps, duties, links to
 * units), the PDF checked with poppler (pdfinfo: one A4 page; pdftoppm
 * -png -r 50: the page is not blank), a card too long for one page
 * refused with an error in the log, never cut; and coordinators editing
 * it as steps (add, edit, move, delete, every language, errors at their
 * field with what was typed, a stale form refused, mark reviewed), each
 * change audited. */
#include <zlib.h>

#include "integration/signin.h"

#define NATIONAL  "data/services/national.json"
#define BODO_SVC  "data/services/bodo.json"
#define BALS_SVC  "data/services/balsfjord.json"
#define BODO_CARD "data/cards/bodo.json"
#define BALS_CARD "data/cards/balsfjord.json"
#define COORD     "coord@bodo.kommune.no"
#define COORD_B   "coord@balsfjord.kommune.no"

static long long
cards_audited(const char *db, const char *org)
{
	return sql_int(db, S("SELECT count(*) FROM audit WHERE object_type = 'card'"
	    " AND object_id = '%s'", org));
}

static long long
card_revision(const char *db, const char *org)
{
	return sql_int(db, S("SELECT coalesce(max(revision), 0) FROM action_card"
	    " WHERE organisation_id = '%s'", org));
}

/* The card file f with the first from replaced by to, written to a new
 * file whose path is returned. */
static char *
card_variant(const char *f, const char *name, const char *from, const char *to)
{
	json_t *j = load_json_file(f);
	char *text = dump_json(j);
	char *at = strstr(text, from);
	if (at == NULL)
		fail_msg("%s: no \"%s\" to replace", f, from);
	char *out = S("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	char *path = S("%s/%s.json", root, name);
	write_file(path, out, strlen(out));
	return path;
}

static void
importing_cards(void **state)
{
	(void)state;
	char *db = new_db(root, "import");
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE, NATIONAL,
	    BODO_SVC, BALS_SVC, BODO_CARD, BALS_CARD, NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "imported action card of bodo: 5 steps (revision 1)");
	assert_contains(c->out, "imported action card of balsfjord: 5 steps");
	assert_int_equal(cards_audited(db, "bodo"), 1);
	assert_int_equal(sql_int(db, "SELECT is_template FROM action_card"
	    " WHERE organisation_id = 'bodo'"), 1);
	/* The same card again changes nothing. */
	long long gen = generation(db);
	c = tiltak(NULL, "import", "--db", db, BODO_CARD, NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "unchanged action card of bodo: revision 1 is the same");
	assert_int_equal(generation(db), gen);
	assert_int_equal(cards_audited(db, "bodo"), 1);

	/* A unit the register does not have: the path, and nothing written. */
	char *bad = card_variant(BODO_CARD, "bad-unit", "\"statens-barnehus\"",
	    "\"statens-barnehuset\"");
	c = tiltak(NULL, "import", "--db", db, bad, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "$.steps[1].units[1]: unknown unit \"statens-barnehuset\"");
	assert_contains(c->err, "nothing was written");
	assert_int_equal(card_revision(db, "bodo"), 1);
	assert_int_equal(generation(db), gen);
	/* A directory entry that does not exist. */
	bad = card_variant(BODO_CARD, "bad-service", "\"vern-for-eldre\"",
	    "\"vern-for-eldre-nord\"");
	c = tiltak(NULL, "import", "--db", db, bad, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "$.steps[3].services[0]: unknown directory entry "
	    "\"vern-for-eldre-nord\"");
	/* An organisation that does not exist. */
	bad = card_variant(BALS_CARD, "bad-org", "\"balsfjord\"", "\"tromso\"");
	c = tiltak(NULL, "import", "--db", db, bad, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "$.organisation: unknown organisation \"tromso\"");
	/* A bad card fails the plan imported with it: all or nothing. */
	char *db2 = new_db(root, "import2");
	bad = card_variant(BODO_CARD, "bad-format", "\"template\": true",
	    "\"template\": \"ja\"");
	c = tiltak(NULL, "import", "--db", db2, BODO_FILE, bad, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "bad-format.json");
	assert_contains(c->err, "$.template: expected true or false");
	c = tiltak(NULL, "import", "--db", db2, BODO_FILE, NATIONAL, BODO_SVC,
	    card_variant(BODO_CARD, "bad-unit2", "\"atv\"", "\"atv-nord\""), NULL);
	assert_exit(c, 1);
	assert_int_equal(sql_int(db2, "SELECT count(*) FROM plan"), 0);
	assert_int_equal(sql_int(db2, "SELECT count(*) FROM help_service"), 0);
	assert_int_equal(sql_int(db2, "SELECT count(*) FROM action_card"), 0);
	/* Two cards of one organisation in one import. */
	c = tiltak(NULL, "import", "--db", db, BODO_CARD, card_variant(BODO_CARD, "twice",
	    "\"Akutt fare\"", "\"Fare\""), NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "the card of \"bodo\" is also in " BODO_CARD);
	/* check validates a card and writes nothing. */
	c = tiltak(NULL, "check", BODO_CARD, NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "ok: action card of bodo: 5 steps");
}

static void
fill_card(const char *db)
{
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	struct cmd *c = tiltak(NULL, "import", "--db", db, NATIONAL, BODO_SVC, BALS_SVC,
	    BODO_CARD, BALS_CARD, NULL);
	assert_exit(c, 0);
}

static char *
card_db(const char *name)
{
	return new_db_filled(root, name, fill_card);
}

static void
public_page_and_print_view(void **state)
{
	(void)state;
	char *db = card_db("public");
	struct server *s = server_start(db);
	struct http_response *r = page_ok(s->port, "/tiltakskort/bodo");
	const char *b = r->body;
	assert_contains(b, "<h1>Hva gjør jeg ved mistanke om vold eller overgrep?</h1>");
	/* The template mark, until reviewed. */
	assert_contains(b, "class=\"card-template\"");
	assert_contains(b, "<strong>Mal</strong>");
	/* The steps in order, each with its duty and law. */
	const char *steps[] = {"Akutt fare", "Mistanke om vold eller overgrep mot et barn",
	    "Mistanke om vold mot en voksen", "Eldre eller person med funksjonsnedsettelse",
	    "Noen som utøver vold"};
	const char *prev = b;
	for (size_t i = 0; i < 5; i++) {
		const char *at = strstr(prev, S("<h2>%s</h2>", steps[i]));
		if (at == NULL)
			fail_msg("step %zu \"%s\" missing or out of order", i + 1, steps[i]);
		prev = at;
	}
	assert_contains(b, "id=\"steg-2\"");
	assert_contains(b, "<strong>Din plikt:</strong> Opplysningsplikt til barnevernet");
	assert_contains(b, "Barnevernsloven § 13-2");
	assert_contains(b, "Ikke konfronter foreldrene når det kan sette barnet i fare");
	assert_contains(b, "Skriv ned barnets egne ord");
	/* The units responsible, linked to their pages. */
	assert_contains(b, "<a href=\"/units/bodo-barneverntjenesten\">Barneverntjenesten</a>");
	assert_contains(b, "<a href=\"/units/bodo-tryggest-koordinator\">TryggEst-koordinator</a>");
	/* The directory entries to call, their numbers as tel: links grouped
	 * the Norwegian way. */
	assert_contains(b, "<a href=\"tel:112\" class=\"tel\">112</a>");
	assert_contains(b, "<a href=\"tel:113\" class=\"tel\">113</a>");
	assert_contains(b, "Alarmtelefonen for barn og unge</span> <a href=\"tel:116111\""
	    " class=\"tel\">116 111</a>");
	assert_contains(b, "<a href=\"tel:+4780030196\" class=\"tel\">800 30 196</a>");
	assert_contains(b, "href=\"/tiltakskort/bodo/pdf\"");
	assert_contains(b, "href=\"/tiltakskort/bodo/utskrift\"");
	/* Public: shared cache, no cookie. */
	assert_null(http_header(r, "Set-Cookie"));
	assert_contains(header(r, "Cache-Control"), "no-cache");
	assert_non_null(header(r, "ETag"));

	/* The print view: the card without the site's header and menu. */
	r = page_ok(s->port, "/tiltakskort/bodo/utskrift");
	assert_contains(r->body, "class=\"action-card print-card\"");
	assert_contains(r->body, "<h2>Akutt fare</h2>");
	assert_contains(r->body, "<strong>Mal</strong>");
	assert_not_contains(r->body, "<header");
	assert_contains(r->body, "nettleserens utskriftsfunksjon");
	/* The stylesheet prints the card on one A4 page. */
	r = get_status(s->port, "/static/style.css", 200);
	assert_contains(r->body, "@page { size: A4;");

	r = page_ok(s->port, "/tiltakskort/balsfjord");
	assert_contains(r->body, "Tverrfaglig ressursgruppe");
	assert_contains(r->body, "Krisesenteret for Tromsø og omegn</span> <a href=\"tel:"
	    "+4777611060\" class=\"tel\">77 61 10 60</a>");
	get_status(s->port, "/tiltakskort/tromso", 404);
	get_status(s->port, "/tiltakskort/tromso/pdf", 404);
	get_status(s->port, "/tiltakskort/Bodo", 404);
	server_stop(s);
}

/* ---- the PDF ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Decodes an 8-bit greyscale, RGB or RGBA PNG (what pdftoppm writes) and
 * counts its pixels that are not white (a channel below 200); *total
 * gets the number of pixels. */
static size_t
png_dark_pixels(const char *path, size_t *total)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = xmalloc((size_t)n);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_memory_equal(d, "\x89PNG\r\n\x1a\n", 8);
	uint32_t w = 0, h = 0;
	int depth = 0, type = -1;
	unsigned char *z = NULL;
	size_t zn = 0;
	for (size_t at = 8; at + 12 <= (size_t)n;) {
		uint32_t len = be32(d + at);
		const unsigned char *t = d + at + 4, *data = d + at + 8;
		if (memcmp(t, "IHDR", 4) == 0) {
			w = be32(data);
			h = be32(data + 4);
			depth = data[8];
			type = data[9];
			assert_int_equal(data[12], 0);   /* not interlaced */
		} else if (memcmp(t, "IDAT", 4) == 0) {
			z = realloc(z, zn + len);
			memcpy(z + zn, data, len);
			zn += len;
		}
		at += 12 + len;
	}
	assert_int_equal(depth, 8);
	int bpp = type == 0 ? 1 : type == 2 ? 3 : type == 6 ? 4 : 0;
	if (bpp == 0)
		fail_msg("%s: PNG colour type %d", path, type);
	size_t stride = (size_t)w * (size_t)bpp;
	uLongf rawn = (uLongf)(h * (stride + 1));
	unsigned char *raw = xmalloc(rawn);
	assert_int_equal(uncompress(raw, &rawn, z, (uLong)zn), Z_OK);
	assert_int_equal(rawn, h * (stride + 1));
	unsigned char *prev = calloc(stride, 1), *cur;
	size_t dark = 0;
	for (uint32_t y = 0; y < h; y++) {
		int filter = raw[y * (stride + 1)];
		cur = raw + y * (stride + 1) + 1;
		for (size_t x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? cur[x - (size_t)bpp] : 0;
			int b = prev[x], c = x >= (size_t)bpp ? prev[x - (size_t)bpp] : 0;
			int v = cur[x];
			switch (filter) {
			case 0: break;
			case 1: v += a; break;
			case 2: v += b; break;
			case 3: v += (a + b) / 2; break;
			case 4: v += paeth(a, b, c); break;
			default: fail_msg("%s: PNG filter %d", path, filter);
			}
			cur[x] = (unsigned char)v;
		}
		for (size_t x = 0; x < w; x++) {
			bool is_dark = false;
			for (int k = 0; k < (bpp == 4 ? 3 : bpp); k++)
				is_dark |= cur[x * (size_t)bpp + (size_t)k] < 200;
			dark += is_dark;
		}
		memcpy(prev, cur, stride);
	}
	*total = (size_t)w * h;
	free(prev);
	free(raw);
	free(z);
	free(d);
	return dark;
}

/* Runs a tool of poppler-utils with up to five arguments (NULL ends). */
static struct cmd *
run_tool(const char *a0, const char *a1, const char *a2, const char *a3, const char *a4,
    const char *a5)
{
	char *argv[] = {S("%s", a0), a1 ? S("%s", a1) : NULL, a2 ? S("%s", a2) : NULL,
	    a3 ? S("%s", a3) : NULL, a4 ? S("%s", a4) : NULL, a5 ? S("%s", a5) : NULL, NULL};
	return run_argv(argv, NULL);
}

static void
pdf_is_one_a4_page_and_not_blank(void **state)
{
	(void)state;
	char *db = card_db("pdf");
	struct server *s = server_start(db);
	struct http_response *r = get_status(s->port, "/tiltakskort/bodo/pdf", 200);
	assert_string_equal(header(r, "Content-Type"), "application/pdf");
	assert_contains(header(r, "Cache-Control"), "no-cache");
	assert_non_null(header(r, "ETag"));
	assert_null(http_header(r, "Set-Cookie"));
	assert_memory_equal(r->body, "%PDF-", 5);
	char *pdf = S("%s/bodo.pdf", root);
	write_file(pdf, r->body, r->body_len);

	struct cmd *c = run_tool("pdfinfo", pdf, NULL, NULL, NULL, NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "Pages:           1\n");
	assert_contains(c->out, "Page size:       595 x 842 pts (A4)");
	assert_contains(c->out, "Hva gjør jeg ved mistanke om vold eller overgrep?");
	/* Its text: every step, the duties and the template mark. */
	c = run_tool("pdftotext", "-layout", pdf, "-", NULL, NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "MAL: dette kortet følger med tiltak");
	assert_contains(c->out, "Noen som utøver vold");
	assert_contains(c->out, "Din plikt:");
	assert_contains(c->out, "Ansvar: Barneverntjenesten");
	assert_contains(c->out, "Kontakt: Alarmtelefonen for barn og unge 116 111");

	c = run_tool("pdftoppm", "-png", "-r", "50", pdf, S("%s/bodo", root));
	assert_exit(c, 0);
	size_t total, dark = png_dark_pixels(S("%s/bodo-1.png", root), &total);
	/* A4 at 50 dpi is 413.2 × 584.7 pixels; text covers some of it. */
	if (total < (size_t)413 * 584 || total > (size_t)414 * 585)
		fail_msg("the page is %zu pixels, not A4 at 50 dpi", total);
	if (dark < total / 50 || dark > total / 2)
		fail_msg("%zu of %zu pixels are not white: blank or black page", dark, total);
	/* No second page was made. */
	assert_false(exists(S("%s/bodo-2.png", root)));

	/* Balsfjord's too. */
	r = get_status(s->port, "/tiltakskort/balsfjord/pdf", 200);
	write_file(pdf, r->body, r->body_len);
	c = run_tool("pdfinfo", pdf, NULL, NULL, NULL, NULL);
	assert_contains(c->out, "Pages:           1\n");
	server_stop(s);
}

/* A card whose text cannot fit one page even at the smallest font: the
 * PDF is refused (500) and the log says why; no text is cut. */
static void
overlong_card_is_an_error_not_a_cut(void **state)
{
	(void)state;
	char *db = new_db(root, "long");
	import_ok(db, BODO_FILE);
	char *para = xmalloc(1500);
	memset(para, 'a', 1499);
	for (size_t i = 9; i < 1499; i += 10)
		para[i] = ' ';
	para[1499] = '\0';
	json_t *card = json_pack("{s:s, s:s, s:b, s:{s:s}, s:[]}", "format", "tiltak-card/1",
	    "organisation", "bodo", "template", 0, "title", "nb", "Lang", "steps");
	for (int i = 0; i < 12; i++)
		json_array_append_new(json_object_get(card, "steps"), json_pack(
		    "{s:{s:s}, s:{s:s}, s:{s:s}}", "heading", "nb", "Steg", "action", "nb", para,
		    "duty", "nb", para));
	char *file = S("%s/long.json", root);
	write_json(file, card);
	json_decref(card);
	free(para);
	import_ok(db, file);
	struct server *s = server_start_with(db, (const char *const[]){NULL}, NULL);
	get_status(s->port, "/tiltakskort/bodo", 200);
	struct http_response *r = get_status(s->port, "/tiltakskort/bodo/pdf", 500);
	assert_contains(r->body, "får ikke plass på én A4-side");
	assert_contains(server_log(s), "does not fit one A4 page even at 6.0 pt");
	server_stop(s);
}

/* ---- editing ---- */

static struct http_response *
post_ok(int port, const struct signin *s, const char *target, const char *fields,
    int status)
{
	struct http_response *r = post_as(port, s, target, form_with_csrf(s, fields));
	if (r->status != status)
		fail_msg("POST %s (%s): status %d, expected %d\n%.3000s", target, fields,
		    r->status, status, r->body);
	if (status != 303)
		check_page(r, target);
	return r;
}

#define STEP1 "heading_nb=Akutt+fare+n%C3%A5&heading_en=Danger+now" \
	"&action_nb=Ring+112.%0D%0AVarsle+leder.&duty_nb=Avvergeplikt.&reference_nb=" \
	"Straffeloven+%C2%A7+196&unit=politiet&unit=krisesenteret-i-salten" \
	"&service=nodnummer-politi&service=vo-linjen"

static void
coordinators_edit_steps(void **state)
{
	(void)state;
	char *db = card_db("edit");
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	user_add(db, "coordinator", COORD_B, "--org", "balsfjord", NULL);
	struct server *s = server_start(db);
	struct signin co, cb;
	sign_in(s->port, COORD, TEST_PASSWORD, &co);
	sign_in(s->port, COORD_B, TEST_PASSWORD, &cb);

	struct http_response *r = get_as(s->port, &co, "/admin/cards");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "href=\"/admin/cards/bodo\"");
	assert_not_contains(r->body, "href=\"/admin/cards/balsfjord\"");
	r = get_as(s->port, &co, "/admin/cards/bodo");
	assert_int_equal(r->status, 200);
	check_page(r, "card admin");
	assert_contains(r->body, "Merk kortet som gjennomgått");
	assert_contains(r->body, "Endre steg 5");
	/* Another organisation's coordinator may not. */
	assert_int_equal(get_as(s->port, &cb, "/admin/cards/bodo")->status, 403);
	assert_int_equal(post_as(s->port, &cb, "/admin/cards/bodo/steps/1",
	    form_with_csrf(&cb, "revision=1&" STEP1))->status, 403);

	/* The step's form shows every field, every language, the units. */
	r = get_as(s->port, &co, "/admin/cards/bodo/steps/2");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "name=\"heading_nn\"");
	assert_contains(r->body, "name=\"reference_en\"");
	assert_contains(r->body, "Mistanke om vold eller overgrep mot et barn");
	assert_contains(r->body, "value=\"bodo-barneverntjenesten\" checked");
	assert_contains(r->body, "value=\"alarmtelefonen-for-barn-og-unge\" checked");
	assert_contains(r->body, "Vern for eldre – nasjonal kontakttelefon (800 30 196)");

	/* Errors at their fields, what was typed kept, nothing written. */
	r = post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&heading_nb="
	    "&heading_nn=Fare+no&action_nb=Ring+112.", 400);
	assert_contains(r->body, "error-summary");
	assert_contains(r->body, "href=\"#heading_nb\"");
	assert_contains(r->body, "value=\"Fare no\"");
	r = post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&heading_nb=A"
	    "&action_nb=B&duty_en=Only+English", 400);
	assert_contains(r->body, "Skriv denne teksten på bokmål også");
	r = post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&heading_nb=A"
	    "&action_nb=B&unit=nope-unit", 400);
	assert_contains(r->body, "Velg enheter fra listen.");
	r = post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&heading_nb=A"
	    "&action_nb=B&service=krisesenteret-for-tromso-og-omegn", 400);
	assert_contains(r->body, "Velg hjelpetjenester fra listen.");
	assert_int_equal(card_revision(db, "bodo"), 1);

	/* An edit: saved, shown at once, audited with what it was. */
	post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&" STEP1, 303);
	assert_int_equal(card_revision(db, "bodo"), 2);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_contains(r->body, "<h2>Akutt fare nå</h2>");
	assert_contains(r->body, "<li>Varsle leder.</li>");
	assert_contains(r->body, "<a href=\"/units/krisesenteret-i-salten\">");
	assert_contains(r->body, "<a href=\"tel:116006\" class=\"tel\">116 006</a>");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'card'"
	    " AND actor = 'web:" COORD "' AND after_json LIKE '%edit step 1%'"), 1);
	/* A form from the old revision is refused, nothing written. */
	r = post_ok(s->port, &co, "/admin/cards/bodo/steps/1", "revision=1&heading_nb=Gammel"
	    "&action_nb=X", 409);
	assert_contains(r->body, "value=\"Gammel\"");
	assert_int_equal(card_revision(db, "bodo"), 2);

	/* Move step 5 to the top, add one, delete one. */
	post_ok(s->port, &co, "/admin/cards/bodo/steps/5/move", "revision=2&to=1", 303);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_true(strstr(r->body, "<h2>Noen som utøver vold</h2>") <
	    strstr(r->body, "<h2>Akutt fare nå</h2>"));
	post_ok(s->port, &co, "/admin/cards/bodo/add-step", "revision=3&heading_nb=Drøft"
	    "&action_nb=Drøft+saken+anonymt.&heading_nn=Drøft", 303);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_contains(r->body, "id=\"steg-6\"");
	assert_contains(r->body, "<h2>Drøft</h2>");
	r = get_as(s->port, &co, "/admin/cards/bodo/steps/6/delete");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "Slette steget «Drøft»");
	post_ok(s->port, &co, "/admin/cards/bodo/steps/6/delete", "revision=4", 303);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_not_contains(r->body, "id=\"steg-6\"");
	assert_int_equal(get_as(s->port, &co, "/admin/cards/bodo/steps/6")->status, 404);

	/* Title and introduction, in every language. */
	post_ok(s->port, &co, "/admin/cards/bodo/settings", "revision=5&title_nb=Ved+mistanke"
	    "&title_en=If+you+suspect&intro_nb=Kort+innledning.", 303);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_contains(r->body, "<h1>Ved mistanke</h1>");
	assert_contains(r->body, "Kort innledning.");

	/* Marked reviewed: the template mark goes, on the page and the PDF. */
	post_ok(s->port, &co, "/admin/cards/bodo/reviewed", "revision=6", 303);
	r = page_ok(s->port, "/tiltakskort/bodo");
	assert_not_contains(r->body, "card-template");
	assert_int_equal(sql_int(db, "SELECT is_template FROM action_card"
	    " WHERE organisation_id = 'bodo'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'card'"
	    " AND after_json LIKE '%mark reviewed%'"), 1);
	r = get_as(s->port, &co, "/admin/cards/bodo?done=reviewed");
	assert_contains(r->body, "Dette kortet er gjennomgått av kommunen.");
	/* Every change is in the audit trail: the import and six edits. */
	assert_int_equal(cards_audited(db, "bodo"), 7);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(importing_cards, teardown),
		cmocka_unit_test_teardown(public_page_and_print_view, teardown),
		cmocka_unit_test_teardown(pdf_is_one_a4_page_and_not_blank, teardown),
		cmocka_unit_test_teardown(overlong_card_is_an_error_not_a_cut, teardown),
		cmocka_unit_test_teardown(coordinators_edit_steps, teardown),
	};
	return cmocka_run_group_tests_name("card", tests, group_setup, group_teardown);
}

/* test_bytes.c — bytes on the wire and revalidation: gzip by
 * Accept-Encoding with Vary, strong ETags, 304 for If-None-Match. */
#include "integration/harness.h"

#include <zlib.h>

#include "limits.h"

/* Gunzips a body; fails the test if it is not gzip. Caller keeps it. */
static char *
gunzip(const char *data, size_t len, size_t *out_len)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		fail_msg("inflateInit2 failed");
	size_t cap = len * 20 + 1024;
	char *out = keep(xmalloc(cap), free);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = (unsigned char *)out;
	zs.avail_out = (uInt)cap;
	int rc = inflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	inflateEnd(&zs);
	if (rc != Z_STREAM_END)
		fail_msg("the body is not one whole gzip stream (zlib %d)", rc);
	return out;
}

static struct http_response *
get_with(int port, const char *target, const char *headers)
{
	return req(port, "GET", target, headers);
}

static void
gzip_when_the_client_accepts_it(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *page = "/plans/" BODO;
	struct http_response *plain = page_ok(s->port, page);
	assert_null(http_header(plain, "Content-Encoding"));
	assert_string_equal(header(plain, "Vary"), "Accept-Encoding");

	struct http_response *gz = get_with(s->port, page, "Accept-Encoding: gzip, deflate, br\r\n");
	assert_int_equal(gz->status, 200);
	assert_string_equal(header(gz, "Content-Encoding"), "gzip");
	assert_string_equal(header(gz, "Vary"), "Accept-Encoding");
	check_security(gz, "gzip page");
	size_t n;
	char *body = gunzip(gz->body, gz->body_len, &n);
	assert_int_equal(n, plain->body_len);
	assert_memory_equal(body, plain->body, n);
	fprintf(stderr, "# %s: %zu bytes, %zu gzipped\n", page, plain->body_len, gz->body_len);
	if (gz->body_len * 4 > plain->body_len)
		fail_msg("gzip gives %zu of %zu bytes", gz->body_len, plain->body_len);

	/* What counts as accepting gzip (RFC 9110 12.5.3). */
	static const struct {
		const char *ae;
		bool gzip;
	} cases[] = {
		{"gzip;q=0", false}, {"gzip; q=0.0, identity", false}, {"*", true},
		{"br, *;q=0.5", true}, {"br", false}, {"identity", false},
		{"GZIP", true}, {"x-gzip", true}, {"*, gzip;q=0", false},
		{"deflate;q=1, gzip;q=0.001", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response *r = get_with(s->port, page,
		    S("Accept-Encoding: %s\r\n", cases[i].ae));
		const char *ce = http_header(r, "Content-Encoding");
		if ((ce != NULL) != cases[i].gzip)
			fail_msg("Accept-Encoding: %s: Content-Encoding %s", cases[i].ae,
			    ce ? ce : "absent");
	}

	/* The stylesheet too; tiny bodies and errors are sent as they are. */
	struct http_response *css = get_with(s->port, "/static/style.css",
	    "Accept-Encoding: gzip\r\n");
	assert_int_equal(css->status, 200);
	assert_string_equal(header(css, "Content-Encoding"), "gzip");
	struct http_response *e404 = get_with(s->port, "/no/such/page",
	    "Accept-Encoding: gzip\r\n");
	assert_int_equal(e404->status, 404);
	assert_null(http_header(e404, "Content-Encoding"));
	assert_null(http_header(e404, "ETag"));
	server_stop(s);
}

static bool
strong_tag(const char *t)
{
	size_t n = strlen(t);
	return n > 2 && t[0] == '"' && t[n - 1] == '"';
}

static void
etags_and_304(void **state)
{
	(void)state;
	char *db = new_db(new_dir("etag"), "etag");
	import_ok(db, BODO_FILE);
	struct server *s = server_start(db);
	const char *page = "/plans/" BODO;
	struct http_response *a = page_ok(s->port, page);
	const char *tag = header(a, "ETag");
	if (!strong_tag(tag))
		fail_msg("ETag %s is not a strong tag", tag);
	struct http_response *a2 = page_ok(s->port, page);
	assert_string_equal(header(a2, "ETag"), tag);
	struct http_response *gz = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
	const char *gztag = header(gz, "ETag");
	if (!strong_tag(gztag) || strcmp(gztag, tag) == 0)
		fail_msg("the gzip variant's ETag %s must be strong and differ from %s",
		    gztag, tag);

	/* If-None-Match (RFC 9110 13.1.2: weak comparison). */
	const char *matching[] = {tag, S("W/%s", tag), "*", S("\"x\", %s", tag),
	    S("\"a\",%s , \"b\"", tag)};
	for (size_t i = 0; i < sizeof(matching) / sizeof(matching[0]); i++) {
		struct http_response *r = get_with(s->port, page,
		    S("If-None-Match: %s\r\n", matching[i]));
		if (r->status != 304)
			fail_msg("If-None-Match: %s: status %d, expected 304", matching[i],
			    r->status);
		assert_int_equal(r->body_len, 0);
		assert_string_equal(header(r, "ETag"), tag);
		assert_string_equal(header(r, "Vary"), "Accept-Encoding");
		assert_string_equal(header(r, "Cache-Control"), "no-cache");
	}
	struct http_response *r = get_with(s->port, page,
	    S("If-None-Match: %s\r\nAccept-Encoding: gzip\r\n", gztag));
	assert_int_equal(r->status, 304);
	r = get_with(s->port, page, S("If-None-Match: %s\r\nAccept-Encoding: gzip\r\n", tag));
	assert_int_equal(r->status, 200); /* the identity tag is not the gzip variant's */
	r = get_with(s->port, page, "If-None-Match: \"nope\"\r\n");
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, a->body_len);
	r = req(s->port, "HEAD", page, S("If-None-Match: %s\r\n", tag));
	assert_int_equal(r->status, 304);

	/* A change to the plan is a new page with a new tag; the old tag
	 * gets the new page. */
	json_t *p = load_json_file(BODO_FILE);
	json_object_set_new(p, "title", json_string("Handlingsplan, endret tittel"));
	char *changed = S("%s/changed.json", root);
	write_json(changed, p);
	import_ok(db, changed);
	await_fresh();
	r = get_with(s->port, page, S("If-None-Match: %s\r\n", tag));
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "endret tittel");
	if (strcmp(header(r, "ETag"), tag) == 0)
		fail_msg("the changed page kept the ETag %s", tag);
	server_stop(s);
}

/* A page rendered for a reader who wants gzip is compressed fast; once
 * it has been served from the cache HTTP_GZIP_BEST_HITS times, it is
 * compressed once more at the best level and kept so. Both are whole
 * gzip streams of the same page, with their own ETags. */
static void
gzip_is_fast_first_and_best_when_read_again(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *page = "/plans/" BODO "/themes/overordnede-tiltak";
	struct http_response *a = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
	for (int i = 1; i < HTTP_GZIP_BEST_HITS; i++) {
		struct http_response *r = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
		assert_string_equal(header(r, "ETag"), header(a, "ETag"));
	}
	struct http_response *b = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
	struct http_response *c = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
	struct http_response *plain = page_ok(s->port, page);
	size_t na, nb;
	char *ua = gunzip(a->body, a->body_len, &na);
	char *ub = gunzip(b->body, b->body_len, &nb);
	assert_int_equal(na, plain->body_len);
	assert_int_equal(nb, plain->body_len);
	assert_memory_equal(ua, plain->body, na);
	assert_memory_equal(ub, plain->body, nb);
	const char *ta = header(a, "ETag"), *tb = header(b, "ETag");
	if (strcmp(ta, tb) == 0)
		fail_msg("the fast and the best gzip share the ETag %s", ta);
	assert_string_equal(header(c, "ETag"), tb);
	fprintf(stderr, "# %s: %zu bytes; gzip %zu first, %zu when read often\n", page,
	    plain->body_len, a->body_len, b->body_len);
	if (b->body_len >= a->body_len)
		fail_msg("the best gzip (%zu bytes) is not smaller than the fast one (%zu)",
		    b->body_len, a->body_len);
	assert_int_equal(c->body_len, b->body_len);
	/* The fast variant's tag no longer matches: a full answer. */
	struct http_response *r = get_with(s->port, page,
	    S("Accept-Encoding: gzip\r\nIf-None-Match: %s\r\n", ta));
	assert_int_equal(r->status, 200);
	r = get_with(s->port, page, S("Accept-Encoding: gzip\r\nIf-None-Match: %s\r\n", tb));
	assert_int_equal(r->status, 304);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(gzip_when_the_client_accepts_it, teardown),
		cmocka_unit_test_teardown(etags_and_304, teardown),
		cmocka_unit_test_teardown(gzip_is_fast_first_and_best_when_read_again, teardown),
	};
	return cmocka_run_group_tests_name("bytes", tests, group_setup, group_teardown);
}

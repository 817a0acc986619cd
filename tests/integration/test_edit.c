/* test_edit.c — editing plans in the browser (issue 7 §7), through the
 * real server, on both backends: a coordinator adds, edits, moves and
 * deletes every kind of item (overarching goals too), creates a plan
 * and takes it through draft → adopted → replaced; a form based on an
 * old revision is refused and shows what was typed; errors re-display
 * the input; coordinators of other organisations, reporters and readers
 * change nothing; public pages show an edit at once and never a draft;
 * deleting keeps the status reports; and an edited plan exports and
 * imports unchanged. */
#include "integration/signin.h"

#define COORD  "koordinator@testby.kommune.no"
#define OTHER  "koordinator@annenby.kommune.no"
#define ADMIN  "admin@testby.kommune.no"
#define EDIT   "/admin/plans/" SMALL

/* The small plan (owned by testby) and the accounts. */
static void
fill_edit_db(const char *db)
{
	import_ok(db, SMALL_FILE);
	import_ok(db, BODO_FILE);   /* owned by bodo: another organisation's plan */
	user_add(db, "coordinator", COORD, "--org", "testby", NULL);
	user_add(db, "coordinator", OTHER, "--org", "bodo", NULL);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "reporter", "leder@testby.kommune.no", "--unit", "testby-barnevern",
	    NULL);
	user_add(db, "reader", "politiker@testby.kommune.no", NULL);
}

static char *
edit_db(const char *name)
{
	return new_db_filled(root, name, fill_edit_db);
}

/* The plan's latest revision number. */
static long long
revision(const char *db, const char *plan)
{
	return sql_int(db, S("SELECT coalesce(max(number), 0) FROM plan_revision"
	    " WHERE plan_id = '%s'", plan));
}

/* The plan as the command line exports it (drafts too). */
static json_t *
plan_of(const char *db, const char *plan)
{
	struct cmd *c = export_plan(db, plan);
	assert_exit(c, 0);
	json_error_t e;
	json_t *j = json_loads(c->out, 0, &e);
	if (j == NULL)
		fail_msg("export of %s: %s", plan, e.text);
	return keep(j, free_json);
}

/* POSTs fields (after csrf and revision=REV of the plan now) to path
 * and checks the status; a 303 must lead to the plan's overview with
 * ?done=done. */
static struct http_response *
send(struct server *s, const struct signin *si, const char *db, const char *path,
    const char *fields, int status, const char *done)
{
	char *body = form_with_csrf(si, S("revision=%lld%s%s", revision(db, SMALL),
	    fields && *fields ? "&" : "", fields ? fields : ""));
	struct http_response *r = post_as(s->port, si, path, body);
	if (r->status != status)
		fail_msg("POST %s (%s): status %d, expected %d\n%.3000s", path, fields,
		    r->status, status, r->body);
	if (status == 303) {
		const char *loc = header(r, "Location");
		if (loc == NULL || strncmp(loc, EDIT "?done=", strlen(EDIT "?done=")) != 0 ||
		    (done && strstr(loc, S("done=%s", done)) == NULL))
			fail_msg("POST %s: Location %s, expected done=%s", path,
			    loc ? loc : "none", done ? done : "?");
	}
	return r;
}

/* A GET as si that must answer status. */
static struct http_response *
get_as_status(struct server *s, const struct signin *si, const char *path, int status)
{
	struct http_response *r = get_as(s->port, si, path);
	if (r->status != status)
		fail_msg("GET %s: status %d, expected %d\n%.2000s", path, r->status, status,
		    r->body);
	return r;
}

/* The ids (key "id", or "number"/"what") of a JSON array, joined by
 * spaces, for comparing orders. */
static const char *
ids(json_t *arr, const char *key)
{
	char *out = S("%s", "");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *v = json_object_get(json_array_get(arr, i), key);
		out = json_is_integer(v) ? S("%s%s%lld", out, i ? " " : "",
		    json_integer_value(v)) : S("%s%s%s", out, i ? " " : "", json_string_value(v));
	}
	return out;
}

static void
every_kind_of_item(void **state)
{
	(void)state;
	char *db = edit_db("kinds");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, COORD, TEST_PASSWORD, &si);

	/* The plan list and the overview. */
	struct http_response *r = get_as_status(s, &si, "/admin/plans", 200);
	assert_contains(r->body, "Testplan Alfa");
	assert_not_contains(r->body, "Bodø");   /* another organisation's */
	r = get_as_status(s, &si, EDIT, 200);
	check_page(r, "overview");
	assert_contains(r->body, "Kurs for ansatte");
	assert_contains(r->body, "name=\"revision\" value=\"1\"");

	/* Themes. */
	get_as_status(s, &si, EDIT "/add-theme", 200);
	send(s, &si, db, EDIT "/add-theme", "title=%C3%98konomisk+vold", 303,
	    "add.theme#theme-okonomisk-vold");
	json_t *p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "themes"), "id"), "forebygging hjelp okonomisk-vold");
	r = get_as_status(s, &si, EDIT "/themes/okonomisk-vold", 200);
	assert_contains(r->body, "value=\"Økonomisk vold\"");
	send(s, &si, db, EDIT "/themes/okonomisk-vold", "title=%C3%98konomisk+vold+og+"
	    "kontroll&background=Penger+som+makt.&challenge=", 303, "save.theme");
	send(s, &si, db, EDIT "/themes/okonomisk-vold/move", "to=1", 303, "move.theme");
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "themes"), "id"), "okonomisk-vold forebygging hjelp");
	assert_string_equal(jstr(p, "themes.0.title"), "Økonomisk vold og kontroll");
	assert_string_equal(jstr(p, "themes.0.background"), "Penger som makt.");
	assert_true(json_is_null(at(p, "themes.0.challenge")));

	/* Goals, under the new theme. */
	send(s, &si, db, EDIT "/themes/okonomisk-vold/add-goal", "text=Nytt+m%C3%A5l", 303,
	    "add.goal#goal-nytt-mal");
	send(s, &si, db, EDIT "/themes/okonomisk-vold/add-goal", "text=Nytt+m%C3%A5l", 303,
	    "add.goal#goal-nytt-mal-2");
	send(s, &si, db, EDIT "/goals/nytt-mal-2", "text=Andre+m%C3%A5l", 303, "save.goal");
	send(s, &si, db, EDIT "/goals/nytt-mal-2/move", "to=1", 303, "move.goal");
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "themes.0.goals"), "id"), "nytt-mal-2 nytt-mal");
	assert_string_equal(jstr(p, "themes.0.goals.0.text"), "Andre mål");

	/* Measures, under a goal. */
	send(s, &si, db, EDIT "/goals/nytt-mal/add-measure", "title=Budsjettr%C3%A5d&"
	    "kind=proposed&description=", 303, "add.measure#measure-budsjettrad");
	send(s, &si, db, EDIT "/goals/nytt-mal/add-measure", "id=egen-id&title=Kurs&"
	    "kind=existing", 303, "add.measure#measure-egen-id");
	send(s, &si, db, EDIT "/measures/egen-id", "title=Kurs+i+%C3%B8konomi&kind=new&"
	    "description=*+en%0D%0A*+to", 303, "save.measure");
	send(s, &si, db, EDIT "/measures/egen-id/move", "to=1", 303, "move.measure");
	p = plan_of(db, SMALL);
	json_t *ms = at(p, "themes.0.goals.1.measures");
	assert_string_equal(ids(ms, "id"), "egen-id budsjettrad");
	assert_string_equal(jstr(ms, "0.kind"), "new");
	assert_string_equal(jstr(ms, "0.description"), "* en\n* to");
	assert_string_equal(jstr(ms, "1.kind"), "proposed");

	/* Indicators: numbered one past the highest unless given. */
	r = get_as_status(s, &si, EDIT "/measures/kurs/add-indicator", 200);
	assert_contains(r->body, "name=\"number\" value=\"3\"");
	send(s, &si, db, EDIT "/measures/kurs/add-indicator", "text=Ny+indikator&"
	    "resource_category=set_aside&responsible=testby-politi&"
	    "responsible=testby-barnevern&deadline=2025-06-30", 303,
	    "add.indicator#indicator-kurs-3");
	send(s, &si, db, EDIT "/measures/kurs/add-indicator", "number=7&text=Sju&"
	    "resource_category=unknown", 303, "add.indicator#indicator-kurs-7");
	send(s, &si, db, EDIT "/measures/kurs/indicators/3", "text=Ny+indikator%2C+endret&"
	    "resource_note=M%C3%A5+utredes&resource_category=investigate&"
	    "responsible=testby-helsestasjon&responsible=testby-politi", 303,
	    "save.indicator#indicator-kurs-3");
	send(s, &si, db, EDIT "/measures/kurs/indicators/7/move", "to=1", 303,
	    "move.indicator#indicator-kurs-7");
	p = plan_of(db, SMALL);
	json_t *inds = at(p, "themes.1.goals.0.measures.0.indicators");
	assert_string_equal(ids(inds, "number"), "7 1 2 3");
	assert_string_equal(jstr(inds, "3.text"), "Ny indikator, endret");
	assert_string_equal(jstr(inds, "3.resource_category"), "investigate");
	assert_string_equal(jstr(inds, "3.resource_note"), "Må utredes");
	/* The units kept keep their place; a new one comes after. */
	assert_int_equal(json_array_size(at(inds, "3.responsible")), 2);
	assert_string_equal(jstr(inds, "3.responsible.0"), "testby-politi");
	assert_string_equal(jstr(inds, "3.responsible.1"), "testby-helsestasjon");
	assert_true(json_is_null(at(inds, "3.deadline")));

	/* Units: an internal one is named after its organisation. */
	send(s, &si, db, EDIT "/add-unit", "name=Skolen&kind=internal&organisation=testby",
	    303, "add.unit#unit-testby-skolen");
	send(s, &si, db, EDIT "/add-unit", "name=ATV&kind=external&organisation=", 303,
	    "add.unit#unit-atv");
	send(s, &si, db, EDIT "/units/testby-skolen", "name=Skolene+i+Testby&kind=internal&"
	    "organisation=testby", 303, "save.unit");
	send(s, &si, db, EDIT "/units/atv/move", "to=1", 303, "move.unit");
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "units"), "id"), "atv testby-barnevern "
	    "testby-helsestasjon testby-politi testby-skolen");
	assert_string_equal(jstr(p, "units.4.name"), "Skolene i Testby");
	assert_true(json_is_null(at(p, "units.0.organisation")));

	/* Chapters. */
	send(s, &si, db, EDIT "/add-chapter", "title=Mandat&body=Planen+skal%0D%0A%0D%0A"
	    "f%C3%B8lges+opp.", 303, "add.chapter#chapter-mandat");
	send(s, &si, db, EDIT "/chapters/mandat", "title=Mandat+og+forankring&body=Kort.",
	    303, "save.chapter");
	send(s, &si, db, EDIT "/chapters/mandat/move", "to=1", 303, "move.chapter");
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "chapters"), "id"), "mandat innledning");
	assert_string_equal(jstr(p, "chapters.0.title"), "Mandat og forankring");

	/* Overarching goals, by their place: a title and a Markdown text. */
	r = get_as_status(s, &si, EDIT "/add-overarching-goal", 200);
	check_page(r, "new overarching goal");
	assert_contains(r->body, "name=\"text\"");
	send(s, &si, db, EDIT "/add-overarching-goal", "title=Avdekke&text=Vold+skal+"
	    "oppdages.", 303, "add.overarching-goal#overarching-goal-2");
	send(s, &si, db, EDIT "/add-overarching-goal", "title=Beskytte&text=Trygghet.", 303,
	    "add.overarching-goal#overarching-goal-3");
	r = get_as_status(s, &si, EDIT "/overarching-goals/2", 200);
	assert_contains(r->body, "value=\"Avdekke\"");
	assert_contains(r->body, "Vold skal oppdages.</textarea>");
	send(s, &si, db, EDIT "/overarching-goals/2", "title=Avdekke+tidlig&text=Vold+skal+"
	    "oppdages%3A%0D%0A%0D%0A*+i+skolen%0D%0A*+p%C3%A5+helsestasjonen", 303,
	    "save.overarching-goal#overarching-goal-2");
	send(s, &si, db, EDIT "/overarching-goals/3/move", "to=1", 303,
	    "move.overarching-goal#overarching-goal-1");
	p = plan_of(db, SMALL);
	assert_int_equal(json_array_size(at(p, "overarching_goals")), 3);
	assert_string_equal(jstr(p, "overarching_goals.0.title"), "Beskytte");
	assert_string_equal(jstr(p, "overarching_goals.1.title"), "Forebygge");
	assert_string_equal(jstr(p, "overarching_goals.2.title"), "Avdekke tidlig");
	assert_string_equal(jstr(p, "overarching_goals.2.text"),
	    "Vold skal oppdages:\n\n* i skolen\n* på helsestasjonen");
	/* The overview lists them with their controls; the plan's public
	 * page shows them at once, the text as Markdown. */
	r = get_as_status(s, &si, EDIT "?done=move.overarching-goal", 200);
	assert_contains(r->body, "Det overordnede målet er flyttet.");
	assert_contains(r->body, "id=\"overarching-goal-3\"");
	assert_contains(r->body, "href=\"/admin/plans/" SMALL "/overarching-goals/3/delete\"");
	r = get_status(s->port, "/plans/" SMALL, 200);
	assert_contains(r->body, "Avdekke tidlig");
	assert_contains(r->body, "<li>på helsestasjonen</li>");

	/* Implementation steps, by their place. */
	send(s, &si, db, EDIT "/add-step", "what=Evaluere&who=Koordinator&when=2025&"
	    "responsible=testby-skolen", 303, "add.step#step-2");
	send(s, &si, db, EDIT "/steps/2", "what=Evaluere+planen&who=Koordinatoren", 303,
	    "save.step");
	send(s, &si, db, EDIT "/steps/2/move", "to=1", 303, "move.step#step-1");
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "implementation_steps"), "what"),
	    "Evaluere planen Planen gjøres kjent for alle ansatte");
	assert_true(json_is_null(at(p, "implementation_steps.0.when")));

	/* Deleting: the page says what goes with it first. */
	r = get_as_status(s, &si, EDIT "/themes/forebygging/delete", 200);
	assert_contains(r->body, "2 mål");
	assert_contains(r->body, "2 tiltak");
	assert_contains(r->body, "5 måleindikatorer");
	r = get_as_status(s, &si, EDIT "/units/testby-helsestasjon/delete", 200);
	assert_contains(r->body, "ansvarlig for 3 måleindikatorer og 0 implementeringstrinn");
	send(s, &si, db, EDIT "/units/testby-helsestasjon/delete", NULL, 303, "delete.unit");
	send(s, &si, db, EDIT "/steps/1/delete", NULL, 303, "delete.step");
	send(s, &si, db, EDIT "/chapters/mandat/delete", NULL, 303, "delete.chapter");
	send(s, &si, db, EDIT "/measures/kurs/indicators/7/delete", NULL, 303,
	    "delete.indicator#measure-kurs");
	send(s, &si, db, EDIT "/measures/budsjettrad/delete", NULL, 303, "delete.measure");
	send(s, &si, db, EDIT "/goals/nytt-mal-2/delete", NULL, 303, "delete.goal");
	send(s, &si, db, EDIT "/themes/hjelp/delete", NULL, 303, "delete.theme#themes");
	r = get_as_status(s, &si, EDIT "/overarching-goals/2/delete", 200);
	assert_contains(r->body, "«Forebygge»");
	assert_not_contains(r->body, "statusrapport");
	send(s, &si, db, EDIT "/overarching-goals/2/delete", NULL, 303,
	    "delete.overarching-goal#overarching-goals");
	p = plan_of(db, SMALL);
	assert_int_equal(json_array_size(at(p, "overarching_goals")), 2);
	assert_string_equal(jstr(p, "overarching_goals.0.title"), "Beskytte");
	assert_string_equal(jstr(p, "overarching_goals.1.title"), "Avdekke tidlig");
	assert_string_equal(ids(at(p, "themes"), "id"), "okonomisk-vold forebygging");
	assert_string_equal(ids(at(p, "units"), "id"), "atv testby-barnevern "
	    "testby-politi testby-skolen");
	assert_string_equal(ids(at(p, "chapters"), "id"), "innledning");
	assert_int_equal(json_array_size(at(p, "implementation_steps")), 1);
	inds = at(p, "themes.1.goals.0.measures.0.indicators");
	assert_string_equal(ids(inds, "number"), "1 2 3");
	/* The deleted unit is gone from every list that named it. */
	assert_not_contains(export_plan(db, SMALL)->out, "testby-helsestasjon");
	/* Gone is gone: its address is 404 now. */
	get_as_status(s, &si, EDIT "/themes/hjelp", 404);
	get_as_status(s, &si, EDIT "/measures/kurs/indicators/7", 404);
	get_as_status(s, &si, EDIT "/steps/9", 404);
	get_as_status(s, &si, EDIT "/overarching-goals/3", 404);
	get_as_status(s, &si, EDIT "/overarching-goals/0", 404);
	get_as_status(s, &si, EDIT "/goals/nope/add-measure", 404);

	/* Every change is a revision, audited as this user. */
	long long revs = revision(db, SMALL);
	assert_int_equal(revs, 1 + 37);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'plan'"
	    " AND object_id = '" SMALL "' AND actor = 'web:" COORD "'"), 37);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE actor = 'web:" COORD
	    "' AND after_json LIKE '%\"change\":\"move overarching-goal 3 to 1\"%'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE actor = 'web:" COORD
	    "' AND after_json LIKE '%\"change\":\"delete unit testby-helsestasjon\"%'"), 1);

	/* The same content again changes nothing. */
	send(s, &si, db, EDIT "/chapters/innledning", S("title=Innledning&body=%s",
	    form_escape(jstr(p, "chapters.0.body"))), 303, "unchanged");
	assert_int_equal(revision(db, SMALL), revs);
	server_stop(s);

	/* The edited plan exports, imports into a new database and exports
	 * again byte for byte; imported again here, it is unchanged. */
	struct cmd *e1 = export_plan(db, SMALL);
	char *file = S("%s/edited.json", root);
	write_file(file, e1->out, e1->out_len);
	char *fresh = new_db(root, "kinds-fresh");
	import_ok(fresh, file);
	struct cmd *e2 = export_plan(fresh, SMALL);
	assert_string_equal(e1->out, e2->out);
	struct cmd *c = tiltak(NULL, "import", "--db", db, file, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, S("unchanged " SMALL ": revision %lld is the same", revs));
}

static void
a_plan_from_draft_to_replaced(void **state)
{
	(void)state;
	char *db = edit_db("status");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, COORD, TEST_PASSWORD, &si);

	/* A new plan is a draft of the user's organisation. */
	struct http_response *r = post_as(s->port, &si, "/admin/plans", form_with_csrf(&si,
	    "title=Handlingsplan+2027%E2%80%932030&period_start=2027&period_end=2030&"
	    "organisation=testby"));
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"),
	    "/admin/plans/handlingsplan-2027-2030?done=create.plan");
	const char *np = "/admin/plans/handlingsplan-2027-2030";
	r = get_as_status(s, &si, S("%s?done=create.plan", np), 200);
	assert_contains(r->body, "opprettet som et utkast");
	json_t *p = plan_of(db, "handlingsplan-2027-2030");
	assert_string_equal(jstr(p, "status"), "draft");
	assert_string_equal(jstr(p, "organisations.0.id"), "testby");
	/* Another organisation's id, or one that is taken, is refused. */
	r = post_as(s->port, &si, "/admin/plans", form_with_csrf(&si, "title=X&"
	    "period_start=2027&organisation=bodo"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Velg en av organisasjonene du er koordinator for.");
	r = post_as(s->port, &si, "/admin/plans", form_with_csrf(&si, "id=" BODO "&title=X&"
	    "period_start=2027&period_end=2026&organisation=testby"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Det finnes allerede en plan med denne id-en");
	assert_contains(r->body, "Siste år kommer før første år.");
	assert_contains(r->body, "value=\"" BODO "\"");

	/* Drafts are for the editors only. */
	struct http_response *home = get_status(s->port, "/", 200);
	assert_not_contains(home->body, "2027–2030");
	get_status(s->port, "/plans/handlingsplan-2027-2030", 404);
	get_status(s->port, "/api/plans/handlingsplan-2027-2030", 404);
	assert_contains(get_as_status(s, &si, "/admin/plans", 200)->body,
	    "Handlingsplan 2027–2030");

	/* Adoption needs a date, a body and a case reference. */
	char *st = S("%s/status", np);
	r = get_as_status(s, &si, st, 200);
	assert_contains(r->body, "Merk som vedtatt");
	r = post_as(s->port, &si, st, form_with_csrf(&si, "revision=1&to=adopted&"
	    "adoption_body=Kommunestyret"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Fyll inn datoen planen ble vedtatt.");
	assert_contains(r->body, "Fyll inn saksnummeret til vedtaket.");
	assert_not_contains(r->body, "Fyll inn organet");
	assert_contains(r->body, "value=\"Kommunestyret\"");
	r = post_as(s->port, &si, st, form_with_csrf(&si, "revision=1&to=replaced"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Et utkast må vedtas før det kan erstattes.");
	r = post_as(s->port, &si, st, form_with_csrf(&si, "revision=1&to=adopted&"
	    "adoption_date=2027-02-30&adoption_body=Kommunestyret&adoption_case=27%2F4"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "er ikke en dato");
	r = post_as(s->port, &si, st, form_with_csrf(&si, "revision=1&to=adopted&"
	    "adoption_date=2027-02-03&adoption_body=Kommunestyret&adoption_case=27%2F4"));
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"), S("%s?done=adopt.plan", np));
	p = plan_of(db, "handlingsplan-2027-2030");
	assert_string_equal(jstr(p, "status"), "adopted");
	assert_string_equal(jstr(p, "adoption.date"), "2027-02-03");
	assert_string_equal(jstr(p, "adoption.body"), "Kommunestyret");
	assert_string_equal(jstr(p, "adoption.case_reference"), "27/4");
	/* Now it is public, at once. */
	get_status(s->port, "/plans/handlingsplan-2027-2030", 200);
	assert_contains(get_status(s->port, "/", 200)->body, "Handlingsplan 2027–2030");
	r = post_as(s->port, &si, st, form_with_csrf(&si, "revision=2&to=draft"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "En vedtatt plan kan ikke bli et utkast igjen.");

	/* The small plan is replaced by the new one, which then says so. */
	r = post_as(s->port, &si, EDIT "/status", form_with_csrf(&si, "revision=1&"
	    "to=replaced&replaced_by=" BODO));
	assert_int_equal(r->status, 400);   /* not a plan this user edits */
	assert_contains(r->body, "Velg en av planene i listen.");
	r = post_as(s->port, &si, EDIT "/status", form_with_csrf(&si, "revision=1&"
	    "to=replaced&replaced_by=handlingsplan-2027-2030"));
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"), EDIT "?done=replace.plan");
	assert_string_equal(jstr(plan_of(db, SMALL), "status"), "replaced");
	p = plan_of(db, "handlingsplan-2027-2030");
	assert_string_equal(jstr(p, "replaces"), SMALL);
	assert_string_equal(jstr(p, "replaces_title"),
	    "Testplan Alfa mot vold i nære relasjoner");
	assert_int_equal(revision(db, "handlingsplan-2027-2030"), 3);
	assert_contains(get_status(s->port, "/plans/handlingsplan-2027-2030", 200)->body,
	    "Testplan Alfa mot vold i nære relasjoner");
	r = get_as_status(s, &si, EDIT "/status", 200);
	assert_contains(r->body, "Planen er erstattet av en nyere plan.");
	assert_not_contains(r->body, "<button type=\"submit\">Merk");

	/* Settings: title, period, owners. */
	r = get_as_status(s, &si, S("%s/settings", np), 200);
	assert_contains(r->body, "value=\"2027\"");
	r = post_as(s->port, &si, S("%s/settings", np), form_with_csrf(&si, "revision=3&"
	    "title=Handlingsplan+2027%E2%80%932031&period_start=2027&period_end=2031&"
	    "organisations=testby&organisations=bodo"));
	assert_int_equal(r->status, 303);
	p = plan_of(db, "handlingsplan-2027-2030");
	assert_string_equal(jstr(p, "title"), "Handlingsplan 2027–2031");
	assert_int_equal(json_integer_value(at(p, "period.end")), 2031);
	assert_string_equal(ids(at(p, "organisations"), "id"), "testby bodo");
	/* Not without one of the user's own organisations. */
	r = post_as(s->port, &si, S("%s/settings", np), form_with_csrf(&si, "revision=4&"
	    "title=X&period_start=2027&organisations=bodo"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Behold minst én av organisasjonene du er koordinator for");
	/* Nor taking off the owner a unit belongs to. */
	r = post_as(s->port, &si, EDIT "/settings", form_with_csrf(&si, "revision=2&"
	    "title=X&period_start=2024&organisations=testby&organisations=bodo"));
	assert_int_equal(r->status, 303);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	r = post_as(s->port, &admin, EDIT "/settings", form_with_csrf(&admin, "revision=3&"
	    "title=X&period_start=2024&organisations=bodo"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Enheten «Barneverntjenesten i Testby» hører til en "
	    "organisasjon du tok bort");
	assert_string_equal(ids(at(plan_of(db, SMALL), "organisations"), "id"), "testby bodo");
	server_stop(s);
}

static void
an_old_revision_is_refused(void **state)
{
	(void)state;
	char *db = edit_db("stale");
	struct server *s = server_start(db);
	struct signin a, b;
	sign_in(s->port, COORD, TEST_PASSWORD, &a);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &b);
	/* Both open the theme at revision 1; the administrator saves first. */
	assert_contains(get_as_status(s, &a, EDIT "/themes/forebygging", 200)->body,
	    "name=\"revision\" value=\"1\"");
	struct http_response *r = post_as(s->port, &b, EDIT "/themes/forebygging",
	    form_with_csrf(&b, "revision=1&title=Forebygging+og+avdekking&"
	    "background=Fra+administratoren."));
	assert_int_equal(r->status, 303);
	r = post_as(s->port, &a, EDIT "/themes/forebygging", form_with_csrf(&a,
	    "revision=1&title=Forebygging+f%C3%B8rst&background=Fra+koordinatoren."));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "Noen andre lagret planen mens du arbeidet (revisjon 2");
	assert_contains(r->body, "web:" ADMIN);
	/* What the coordinator typed is there, and what the plan says now. */
	assert_contains(r->body, "value=\"Forebygging først\"");
	assert_contains(r->body, "Fra koordinatoren.");
	assert_contains(r->body, "Lagret i planen nå: Forebygging og avdekking");
	assert_contains(r->body, "Lagret i planen nå: Fra administratoren.");
	assert_contains(r->body, "name=\"revision\" value=\"2\"");
	json_t *p = plan_of(db, SMALL);
	assert_string_equal(jstr(p, "themes.0.title"), "Forebygging og avdekking");
	assert_int_equal(revision(db, SMALL), 2);

	/* A move, a delete, the settings and the status at an old revision
	 * change nothing either. */
	r = post_as(s->port, &a, EDIT "/themes/hjelp/move", form_with_csrf(&a,
	    "revision=1&to=1"));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "Noen andre lagret planen");
	r = post_as(s->port, &a, EDIT "/themes/hjelp/delete", form_with_csrf(&a,
	    "revision=1"));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "Slett temaet");
	assert_contains(r->body, "name=\"revision\" value=\"2\"");
	r = post_as(s->port, &a, EDIT "/settings", form_with_csrf(&a, "revision=1&"
	    "title=Ny+tittel&period_start=2024&organisations=testby"));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "value=\"Ny tittel\"");
	r = post_as(s->port, &a, EDIT "/add-chapter", form_with_csrf(&a, "revision=1&"
	    "title=Nytt&body=Tekst"));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "value=\"Nytt\"");
	r = post_as(s->port, &a, EDIT "/overarching-goals/1", form_with_csrf(&a,
	    "revision=1&title=Forebygge+mer&text=Ny+tekst."));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "value=\"Forebygge mer\"");
	assert_contains(r->body, "Lagret i planen nå: Forebygge");
	/* Something deleted meanwhile: said so, nothing saved. */
	r = post_as(s->port, &b, EDIT "/measures/krisetelefon/delete", form_with_csrf(&b,
	    "revision=2"));
	assert_int_equal(r->status, 303);
	r = post_as(s->port, &a, EDIT "/measures/krisetelefon", form_with_csrf(&a,
	    "revision=2&title=Krisetelefon&kind=new"));
	assert_int_equal(r->status, 409);
	assert_contains(r->body, "finnes ikke lenger i den");
	assert_int_equal(revision(db, SMALL), 3);
	p = plan_of(db, SMALL);
	assert_string_equal(ids(at(p, "themes"), "id"), "forebygging hjelp");
	assert_string_equal(jstr(p, "title"), "Testplan Alfa mot vold i nære relasjoner");
	server_stop(s);
}

static void
only_the_owners_coordinators_edit(void **state)
{
	(void)state;
	char *db = edit_db("owners");
	struct server *s = server_start(db);
	struct signin other, admin, reporter, reader;
	sign_in(s->port, OTHER, TEST_PASSWORD, &other);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	sign_in(s->port, "leder@testby.kommune.no", TEST_PASSWORD, &reporter);
	sign_in(s->port, "politiker@testby.kommune.no", TEST_PASSWORD, &reader);
	/* A coordinator of another organisation: not in the list, 403. */
	struct http_response *r = get_as_status(s, &other, "/admin/plans", 200);
	assert_not_contains(r->body, "Testplan Alfa");
	assert_contains(r->body, "Bodø");
	static const char *const reads[] = {EDIT, EDIT "/settings", EDIT "/status",
	    EDIT "/add-theme", EDIT "/themes/forebygging", EDIT "/themes/forebygging/delete",
	    EDIT "/measures/kurs/indicators/1", EDIT "/steps/1", EDIT "/overarching-goals/1",
	    EDIT "/add-overarching-goal"};
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		r = get_as_status(s, &other, reads[i], 403);
		assert_contains(r->body, "tilhører organisasjoner kontoen din ikke er "
		    "koordinator for");
	}
	static const struct {
		const char *path, *body;
	} writes[] = {
		{EDIT "/themes/forebygging", "revision=1&title=Kapret"},
		{EDIT "/themes/forebygging/delete", "revision=1"},
		{EDIT "/themes/hjelp/move", "revision=1&to=1"},
		{EDIT "/status", "revision=1&to=replaced"},
		{EDIT "/settings", "revision=1&title=Kapret&period_start=2024&"
		    "organisations=bodo"},
		{EDIT "/add-unit", "revision=1&name=Kapret&kind=external"},
		{EDIT "/add-overarching-goal", "revision=1&title=Kapret&text=X"},
		{EDIT "/overarching-goals/1", "revision=1&title=Kapret&text=X"},
		{EDIT "/overarching-goals/1/delete", "revision=1"},
	};
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		r = post_as(s->port, &other, writes[i].path, form_with_csrf(&other,
		    writes[i].body));
		if (r->status != 403)
			fail_msg("POST %s as another organisation's coordinator: %d",
			    writes[i].path, r->status);
		/* Reporters and readers are refused by the route table. */
		r = post_as(s->port, &reporter, writes[i].path, form_with_csrf(&reporter,
		    writes[i].body));
		assert_int_equal(r->status, 403);
		assert_contains(r->body, "gir ikke tilgang");
		r = post_as(s->port, &reader, writes[i].path, form_with_csrf(&reader,
		    writes[i].body));
		assert_int_equal(r->status, 403);
		/* Without a session, nothing. */
		r = post_as(s->port, NULL, writes[i].path, writes[i].body);
		assert_int_equal(r->status, 403);
	}
	assert_int_equal(get_as(s->port, &reporter, EDIT)->status, 403);
	assert_int_equal(get_as(s->port, &reader, "/admin/plans")->status, 403);
	/* A new plan for an organisation one does not coordinate: refused. */
	r = post_as(s->port, &other, "/admin/plans", form_with_csrf(&other, "title=Kapret&"
	    "period_start=2027&organisation=testby"));
	assert_int_equal(r->status, 400);
	/* Nothing changed. */
	assert_int_equal(revision(db, SMALL), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM plan"), 2);
	/* The administrator edits every plan. */
	r = get_as_status(s, &admin, "/admin/plans", 200);
	assert_contains(r->body, "Testplan Alfa");
	assert_contains(r->body, "Bodø");
	get_as_status(s, &admin, "/admin/plans/" BODO, 200);
	r = post_as(s->port, &admin, "/admin/plans/" BODO "/themes/overordnede-tiltak/move",
	    form_with_csrf(&admin, "revision=1&to=2"));
	assert_int_equal(r->status, 303);
	assert_int_equal(revision(db, BODO), 2);
	/* The menu offers plans to those who may edit them only. */
	assert_contains(get_as(s->port, &admin, "/admin")->body, "href=\"/admin/plans\"");
	assert_not_contains(get_as(s->port, &reader, "/admin")->body,
	    "href=\"/admin/plans\"");
	server_stop(s);
}

static void
errors_show_what_was_typed(void **state)
{
	(void)state;
	char *db = edit_db("errors");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, COORD, TEST_PASSWORD, &si);
	/* A required field left empty, with the rest kept, escaped. */
	struct http_response *r = post_as(s->port, &si, EDIT "/themes/forebygging",
	    form_with_csrf(&si, S("revision=1&title=&background=%s", form_escape(XSS))));
	assert_int_equal(r->status, 400);
	check_page(r, "theme with an error");
	assert_contains(r->body, "class=\"error-summary\"");
	assert_contains(r->body, "href=\"#title\"");
	assert_contains(r->body, "Dette feltet må fylles ut.");
	assert_contains(r->body, "aria-invalid=\"true\"");
	assert_contains(r->body, XSS_HTML);
	assert_not_contains(r->body, XSS);
	/* Text the validator refuses says what and where. */
	r = post_as(s->port, &si, EDIT "/themes/forebygging", form_with_csrf(&si,
	    "revision=1&title=Tab%09og%01kontroll"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "U+0001");
	/* Ids and numbers that are taken, units the plan does not have. */
	r = post_as(s->port, &si, EDIT "/add-theme", form_with_csrf(&si, "revision=1&"
	    "id=hjelp&title=Annen+hjelp"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Denne id-en er i bruk i planen");
	assert_contains(r->body, "value=\"Annen hjelp\"");
	r = post_as(s->port, &si, EDIT "/add-theme", form_with_csrf(&si, "revision=1&"
	    "id=Ikke+gyldig&title=X"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "er ikke en gyldig id");
	r = post_as(s->port, &si, EDIT "/measures/kurs/add-indicator", form_with_csrf(&si,
	    "revision=1&number=2&text=To&resource_category=unknown"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Tiltaket har allerede en måleindikator med dette nummeret.");
	r = post_as(s->port, &si, EDIT "/measures/kurs/indicators/1", form_with_csrf(&si,
	    "revision=1&text=En&resource_category=unknown&responsible=ukjent-enhet&"
	    "responsible=testby-politi"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Velg blant enhetene i denne planen.");
	/* The checkbox that was ticked stays ticked. */
	assert_contains(r->body, "value=\"testby-politi\" checked");
	assert_not_contains(r->body, "value=\"testby-barnevern\" checked");
	r = post_as(s->port, &si, EDIT "/measures/kurs", form_with_csrf(&si, "revision=1&"
	    "title=Kurs&kind=someday"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "er ikke ett av");
	r = post_as(s->port, &si, EDIT "/units/testby-politi", form_with_csrf(&si,
	    "revision=1&name=Politiet&kind=internal&organisation=bodo"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Velg en av planens eiere, eller ingen.");
	/* An overarching goal needs both its title and its text. */
	r = post_as(s->port, &si, EDIT "/add-overarching-goal", form_with_csrf(&si,
	    "revision=1&title=Beskytte&text="));
	assert_int_equal(r->status, 400);
	check_page(r, "overarching goal with an error");
	assert_contains(r->body, "href=\"#text\"");
	assert_contains(r->body, "id=\"text-error\"");
	assert_contains(r->body, "value=\"Beskytte\"");
	r = post_as(s->port, &si, EDIT "/overarching-goals/1", form_with_csrf(&si,
	    "revision=1&title=&text=Ny+tekst+her"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "id=\"title-error\"");
	assert_contains(r->body, "Ny tekst her</textarea>");
	r = post_as(s->port, &si, EDIT "/overarching-goals/1/move", form_with_csrf(&si,
	    "revision=1&to=2"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Det finnes ingen plass 2 i den listen: den har 1.");
	r = post_as(s->port, &si, EDIT "/themes/hjelp/move", form_with_csrf(&si,
	    "revision=1&to=3"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "Det finnes ingen plass 3 i den listen: den har 2.");
	/* A field the form does not have is refused whole. */
	r = post_as(s->port, &si, EDIT "/themes/forebygging", form_with_csrf(&si,
	    "revision=1&title=X&id=nytt"));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "&quot;id&quot;");
	assert_int_equal(revision(db, SMALL), 1);
	server_stop(s);
}

static void
public_pages_follow_and_reports_stay(void **state)
{
	(void)state;
	char *db = edit_db("public");
	/* Reports as the yearly report writes them. */
	sql_exec(db, "INSERT INTO report (plan_id, measure_id, number, year, version, status,"
	    " actor, at) VALUES ('" SMALL "', 'kurs', 1, 2024, 1, 'done', 't', '2024-01-01'),"
	    " ('" SMALL "', 'kurs', 1, 2025, 1, 'ongoing', 't', '2025-01-01'),"
	    " ('" SMALL "', 'kurs', 2, 2025, 1, 'in_progress', 't', '2025-01-01')");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, COORD, TEST_PASSWORD, &si);
	/* Public pages, cached, then edited: the new text at once. */
	assert_contains(get_status(s->port, "/plans/" SMALL "/themes/forebygging", 200)->body,
	    "Kurs for ansatte");
	get_status(s->port, "/plans/" SMALL "/measures/kurs", 200);
	long long gen = generation(db);
	struct http_response *r = post_as(s->port, &si, EDIT "/measures/kurs",
	    form_with_csrf(&si, "revision=1&title=Kurs+for+alle+ansatte&kind=new"));
	assert_int_equal(r->status, 303);
	assert_true(generation(db) > gen);
	r = get_status(s->port, "/plans/" SMALL "/themes/forebygging", 200);
	assert_contains(r->body, "Kurs for alle ansatte");
	assert_contains(get_status(s->port, "/plans/" SMALL "/measures/kurs", 200)->body,
	    "Kurs for alle ansatte");
	assert_true(search_hits(s->port, "alle+ansatte") > 0);

	/* Deleting asks first, counting the reports that stay. */
	r = get_as_status(s, &si, EDIT "/measures/kurs/indicators/1/delete", 200);
	assert_contains(r->body, "Det finnes 2 statusrapporter");
	r = get_as_status(s, &si, EDIT "/measures/kurs/delete", 200);
	assert_contains(r->body, "Det finnes 3 statusrapporter");
	r = get_as_status(s, &si, EDIT "/themes/hjelp/delete", 200);
	assert_contains(r->body, "Det er ikke gitt noen statusrapporter");
	r = post_as(s->port, &si, EDIT "/measures/kurs/delete", form_with_csrf(&si,
	    "revision=2"));
	assert_int_equal(r->status, 303);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM report"), 3);
	get_status(s->port, "/plans/" SMALL "/measures/kurs", 404);
	assert_not_contains(get_status(s->port, "/plans/" SMALL "/themes/forebygging",
	    200)->body, "Kurs for alle ansatte");

	/* A new draft stays hidden while it is edited. */
	r = post_as(s->port, &si, "/admin/plans", form_with_csrf(&si, "id=utkast&"
	    "title=Utkast+til+ny+plan&period_start=2027&organisation=testby"));
	assert_int_equal(r->status, 303);
	r = post_as(s->port, &si, "/admin/plans/utkast/add-chapter", form_with_csrf(&si,
	    "revision=1&title=Hemmelig+kapittel&body=Samtalegrupper+i+utkast"));
	assert_int_equal(r->status, 303);
	get_status(s->port, "/plans/utkast", 404);
	assert_not_contains(get_status(s->port, "/", 200)->body, "Utkast til ny plan");
	assert_int_equal(search_hits(s->port, "hemmelig"), 0);
	assert_contains(get_as_status(s, &si, "/admin/plans/utkast", 200)->body,
	    "Hemmelig kapittel");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_kind_of_item, teardown),
		cmocka_unit_test_teardown(a_plan_from_draft_to_replaced, teardown),
		cmocka_unit_test_teardown(an_old_revision_is_refused, teardown),
		cmocka_unit_test_teardown(only_the_owners_coordinators_edit, teardown),
		cmocka_unit_test_teardown(errors_show_what_was_typed, teardown),
		cmocka_unit_test_teardown(public_pages_follow_and_reports_stay, teardown),
	};
	return cmocka_run_group_tests_name("edit", tests, group_setup, group_teardown);
}

/* main.c — the tiltak command line: serve, import, export, check,
 * history, copy-db. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/user.h"
#include "domain/card.h"
#include "domain/help.h"
#include "domain/plan_json.h"
#include "domain/valid.h"
#include "http/server.h"
#include "limits.h"
#include "store/db.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/layout.h"

#ifndef TILTAK_VERSION
#define TILTAK_VERSION "0.1.0"
#endif

#define EXIT_USAGE 2

static const char usage_text[] =
"usage: tiltak serve   [--db DB] [--listen ADDR:PORT] [--threads N] [--quiet]\n"
"                      [--per-client N] [--header-timeout SECONDS]\n"
"                      [--client-header NAME] [--secure-cookies]\n"
"                      [--exit-url URL] [--public-url URL]\n"
"       tiltak import  [--db DB] FILE...\n"
"       tiltak export  [--db DB] --plan ID [--revision N]\n"
"       tiltak export  [--db DB] --services\n"
"       tiltak history [--db DB] --plan ID\n"
"       tiltak check   FILE...\n"
"       tiltak copy-db --from DB --to DB [--force]\n"
"       tiltak user    add|passwd|disable|list ... (tiltak user for more)\n"
"       tiltak --help | --version\n";

static const char help_text[] =
"\n"
"tiltak writes, publishes and follows up municipal action plans against\n"
"domestic violence.\n"
"\n"
"commands:\n"
"  serve    serve the web pages and the JSON API (default 127.0.0.1:8080;\n"
"           port 0 picks a free port, printed on standard output)\n"
"  import   validate plan files, help services files and action card files\n"
"           and store them in one transaction; a plan, a service with the same\n"
"           id or an organisation's card is replaced, never duplicated. The\n"
"           only command that creates a database\n"
"  export   write one plan as JSON on standard output (its current\n"
"           content, or an earlier revision), or with --services every help\n"
"           service as a services file\n"
"  history  list a plan's revisions: number, time, who, title\n"
"  check    validate plan files, services files and action card files and\n"
"           write nothing; every bad file is named, not only the first\n"
"  user     add, change the password of, disable or list the accounts\n"
"           that may sign in (the password is read from standard input)\n"
"  copy-db  copy a whole installation (plans, revisions, audit trail) from\n"
"           one database to another, SQLite or PostgreSQL either way\n"
"\n"
"options:\n"
"  --db DB              the database (default $TILTAK_DB, else var/tiltak.db):\n"
"                       a path or sqlite:PATH (SQLite), or a PostgreSQL URI\n"
"                       postgresql://USER@HOST/NAME; serve and export read a\n"
"                       SQLite file read-only where it cannot be written\n"
"  --listen ADDR:PORT   where to serve (IPv4 or [IPv6])\n"
"  --threads N          worker threads (default 2)\n"
"  --quiet              no request log\n"
"  --per-client N       at most N connections from one client address\n"
"                       (default 64; 0: no cap, for use behind a reverse\n"
"                       proxy, where every connection comes from the proxy)\n"
"  --header-timeout S   close a connection that has not sent a whole\n"
"                       request header within S seconds (default 10)\n"
"  --client-header NAME behind a reverse proxy: the request header that\n"
"                       names the client's address (X-Real-IP), counted by\n"
"                       the sign-in throttle (never logged or stored)\n"
"  --secure-cookies     the server is reached over TLS (through a proxy):\n"
"                       the session cookie is marked Secure\n"
"  --exit-url URL       the neutral site the public pages' \"Leave this\n"
"                       page\" control goes to (default " LAYOUT_EXIT_URL_DEFAULT ")\n"
"  --public-url URL     the address readers reach this site at\n"
"                       (https://hjelp.bodo.kommune.no): public pages name\n"
"                       their other languages with it (hreflang)\n"
"  --plan ID            the plan to export or list\n"
"  --revision N         export revision N instead of the current plan\n"
"  --services           export the help directory instead of a plan\n"
"  --from DB, --to DB   copy-db's source and target\n"
"  --force              copy-db: replace the plans of a target that has\n"
"                       some (never its audit trail)\n"
"\n"
"exit status:\n"
"  0  success\n"
"  1  the work failed (a bad plan file, a missing plan, a database error)\n"
"  2  usage error (unknown command or option, missing argument)\n"
"\n"
"The plan file format is described in docs/plan-format.md, the services\n"
"file format (\"tiltak-services/1\") in docs/data-notes.md.\n";

/* Form messages from the validator table, in the interface language. */
static const char *
translate(const char *msgid)
{
	return gettext(msgid);
}

static int
usage(void)
{
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static const char *
default_db(void)
{
	const char *env = getenv("TILTAK_DB");
	return env && *env ? env : "var/tiltak.db";
}

/* Reads a whole file of at most PLAN_FILE_MAX bytes (a little more from a
 * pipe, so the parser can report it is too large). Returns NULL with errno
 * set on failure (EISDIR for a folder), or NULL with *len set to the size
 * of a regular file that is over the limit; caller frees. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct stat st;
	bool have_st = fstat(fileno(f), &st) == 0;
	/* Linux opens a folder for reading; only the read fails, with EIO. */
	if (have_st && S_ISDIR(st.st_mode)) {
		if (f != stdin)
			fclose(f);
		errno = EISDIR;
		return NULL;
	}
	/* A regular file over the limit: say its real size without reading it. */
	if (have_st && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > PLAN_FILE_MAX) {
		*len = (size_t)st.st_size;
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	size_t cap = 65536, n = 0;
	char *data = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > PLAN_FILE_MAX)
				break; /* enough to say it is too large */
			cap *= 2;
			data = xrealloc(data, cap);
		}
		size_t k = fread(data + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	int failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed) {
		free(data);
		errno = EIO;
		return NULL;
	}
	*len = n;
	return data;
}

/* What the files on a command line hold: plans and services files. */
struct loaded {
	struct plan      **plans;
	size_t             nplans;
	const char       **plan_files;   /* the file of each plan */
	struct help_list **lists;
	size_t             nlists;
	struct card      **cards;        /* action cards ("tiltak-card/1") */
	size_t             ncards;
	const char       **card_files;   /* the file of each card */
};

static void
loaded_free(struct loaded *l)
{
	for (size_t i = 0; i < l->nplans; i++)
		plan_free(l->plans[i]);
	for (size_t i = 0; i < l->nlists; i++)
		help_list_free(l->lists[i]);
	for (size_t i = 0; i < l->ncards; i++)
		card_free(l->cards[i]);
	free(l->cards);
	free(l->card_files);
	free(l->plans);
	free(l->plan_files);
	free(l->lists);
	memset(l, 0, sizeof(*l));
}

/* Parses and validates one card file's data into l; prints where and why
 * and returns false when it is bad. */
static bool
load_card(const char *file, const char *data, size_t len, struct loaded *l)
{
	struct plan_error err;
	struct card *c = card_json_parse(data, len, &err);
	if (c == NULL) {
		char msg[1400];
		plan_error_format(&err, file, msg, sizeof(msg));
		fprintf(stderr, "tiltak: %s\n", msg);
		return false;
	}
	for (size_t j = 0; j < l->ncards; j++)
		if (strcmp(l->cards[j]->organisation, c->organisation) == 0) {
			fprintf(stderr, "tiltak: %s: $.organisation: the card of \"%s\" is also "
			    "in %s\n", file, c->organisation, l->card_files[j]);
			card_free(c);
			return false;
		}
	l->card_files[l->ncards] = file;
	l->cards[l->ncards++] = c;
	return true;
}

/* Reads, parses and validates one file, a plan file, a services file or
 * an action card file (told apart by its "format"), into out; prints
 * where and why and returns false when it is bad. */
static bool
load_file(const char *file, struct loaded *out)
{
	size_t len = 0;
	errno = 0;
	char *data = read_file(file, &len);
	if (data == NULL && len > PLAN_FILE_MAX) {
		fprintf(stderr, "tiltak: %s: $: the file is %zu bytes; at most %u "
		    "bytes are allowed\n", file, len, PLAN_FILE_MAX);
		return false;
	}
	if (data == NULL && errno == EISDIR) {
		fprintf(stderr, "tiltak: %s: is a directory, not a plan file\n", file);
		return false;
	}
	if (data == NULL) {
		fprintf(stderr, "tiltak: %s: %s\n", file, strerror(errno));
		return false;
	}
	if (len > PLAN_FILE_MAX) { /* from a pipe: we stopped reading */
		fprintf(stderr, "tiltak: %s: $: the input is more than %u bytes, "
		    "the most allowed\n", file, PLAN_FILE_MAX);
		free(data);
		return false;
	}
	if (len <= CARD_FILE_MAX && card_json_is_card(data, len)) {
		bool ok = load_card(file, data, len, out);
		free(data);
		return ok;
	}
	if (help_json_is_services(data, len)) {
		struct help_error err;
		struct help_list *l = help_json_parse(data, len, &err);
		free(data);
		if (l == NULL) {
			if (err.line > 0)
				fprintf(stderr, "tiltak: %s:%d:%d: %s: %s\n", file, err.line,
				    err.column, err.path, err.message);
			else
				fprintf(stderr, "tiltak: %s: %s: %s\n", file, err.path,
				    err.message);
			return false;
		}
		l->source = arena_strdup(&l->arena, file);
		/* A service in two files would be written twice. */
		for (size_t k = 0; k < l->n; k++)
			for (size_t f = 0; f < out->nlists; f++)
				for (size_t j = 0; j < out->lists[f]->n; j++)
					if (strcmp(out->lists[f]->items[j].id, l->items[k].id) == 0) {
						fprintf(stderr, "tiltak: %s: $.services[%zu].id: service "
						    "\"%s\" is also in %s\n", file, k, l->items[k].id,
						    out->lists[f]->source);
						help_list_free(l);
						return false;
					}
		out->lists[out->nlists++] = l;
		return true;
	}
	struct plan_error err;
	struct plan *p = plan_json_parse(data, len, &err);
	free(data);
	if (p == NULL) {
		char msg[1400];
		plan_error_format(&err, file, msg, sizeof(msg));
		fprintf(stderr, "tiltak: %s\n", msg);
		return false;
	}
	for (size_t j = 0; j < out->nplans; j++)
		if (strcmp(out->plans[j]->id, p->id) == 0) {
			fprintf(stderr, "tiltak: %s: $.id: plan \"%s\" is also in %s\n",
			    file, p->id, out->plan_files[j]);
			plan_free(p);
			return false;
		}
	out->plan_files[out->nplans] = file;
	out->plans[out->nplans++] = p;
	return true;
}

/* Reads every file (load_file). Every bad one is reported, in the order
 * given, not only the first, so one run of "tiltak check" names every
 * problem file; then it returns false and holds nothing. On success *out
 * holds them all (free with loaded_free). */
static bool
load_files(char **files, int n, struct loaded *out)
{
	memset(out, 0, sizeof(*out));
	out->plans = xcalloc((size_t)n, sizeof(struct plan *));
	out->lists = xcalloc((size_t)n, sizeof(struct help_list *));
	out->plan_files = xcalloc((size_t)n, sizeof(char *));
	out->cards = xcalloc((size_t)n, sizeof(struct card *));
	out->card_files = xcalloc((size_t)n, sizeof(char *));
	bool ok = true;
	for (int i = 0; i < n; i++)
		if (!load_file(files[i], out))
			ok = false;
	if (!ok)
		loaded_free(out);
	return ok;
}

/* Makes the folder of a database path if it does not exist (one level,
 * as for the default var/). Only import does this. */
static void
ensure_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL || slash == path)
		return;
	char *dir = xstrndup(path, (size_t)(slash - path));
	mkdir(dir, 0755);
	free(dir);
}

/* Who writes from the command line, for the audit trail: "cli:" and the
 * name of the operating-system user. */
static void
cli_actor(char *out, size_t outsz)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *user = pw && pw->pw_name ? pw->pw_name : getenv("USER");
	if (user && *user)
		snprintf(out, outsz, "cli:%s", user);
	else
		snprintf(out, outsz, "cli:uid-%u", (unsigned)geteuid());
}

/* True if db names a PostgreSQL database (no folder to make). */
static bool
is_pg_uri(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

/* Opens the database as mode says; prints why not and returns NULL. */
static struct db *
open_db(const char *path, enum db_mode mode)
{
	char err[1024];
	struct db *db = db_open(path, mode, err, sizeof(err));
	if (db == NULL)
		fprintf(stderr, "tiltak: %s\n", err);
	return db;
}

static int
cmd_check(int argc, char **argv)
{
	if (argc < 1)
		return usage();
	struct loaded in;
	if (!load_files(argv, argc, &in))
		return EXIT_FAILURE;
	for (size_t i = 0; i < in.nplans; i++) {
		struct plan_counts c;
		plan_count(in.plans[i], &c);
		printf("%s: ok: plan %s: %zu themes, %zu goals, %zu measures, %zu indicators\n",
		    in.plan_files[i], in.plans[i]->id, c.themes, c.goals, c.measures, c.indicators);
	}
	for (size_t i = 0; i < in.nlists; i++)
		printf("%s: ok: %zu help services\n", in.lists[i]->source, in.lists[i]->n);
	for (size_t i = 0; i < in.ncards; i++)
		printf("%s: ok: action card of %s: %zu steps\n", in.card_files[i],
		    in.cards[i]->organisation, in.cards[i]->nsteps);
	loaded_free(&in);
	return EXIT_SUCCESS;
}

static int
cmd_import(const char *dbpath, int argc, char **argv)
{
	if (argc < 1)
		return usage();
	struct loaded in;
	if (!load_files(argv, argc, &in))
		return EXIT_FAILURE;
	/* Only import creates a database, and the folder for it. */
	if (!is_pg_uri(dbpath))
		ensure_parent(dbpath);
	struct db *db = open_db(dbpath, DB_OPEN_CREATE);
	if (db == NULL) {
		loaded_free(&in);
		return EXIT_FAILURE;
	}
	char actor[300];
	cli_actor(actor, sizeof(actor));
	enum db_put *results = xcalloc(in.nplans + 1, sizeof(*results));
	int *revisions = xcalloc(in.nplans + 1, sizeof(*revisions));
	struct db_help_import done;
	enum db_put *card_results = xcalloc(in.ncards + 1, sizeof(*card_results));
	int *card_revisions = xcalloc(in.ncards + 1, sizeof(*card_revisions));
	struct card_problem problem;
	struct db_card_import cards = {in.cards, in.ncards, card_results, card_revisions,
	    &problem};
	int rc = EXIT_SUCCESS;
	enum db_status st = db_import(db, actor, in.plans, in.nplans, results, revisions,
	    in.lists, in.nlists, &done, &cards);
	if (st == DB_NOT_FOUND) {
		fprintf(stderr, "tiltak: %s: %s: %s\ntiltak: import failed, nothing was "
		    "written\n", in.card_files[problem.card], problem.path, problem.message);
		rc = EXIT_FAILURE;
	} else if (st != DB_OK) {
		fprintf(stderr, "tiltak: import failed, nothing was written: %s\n",
		    db_errmsg(db));
		rc = EXIT_FAILURE;
	} else {
		if (db_analyze(db) != DB_OK)
			fprintf(stderr, "tiltak: warning: the import is stored, but the query "
			    "statistics could not be refreshed: %s\n", db_errmsg(db));
		for (size_t i = 0; i < in.nplans; i++) {
			struct plan_counts c;
			plan_count(in.plans[i], &c);
			if (results[i] == DB_PUT_UNCHANGED)
				printf("unchanged %s: revision %d is the same\n", in.plans[i]->id,
				    revisions[i]);
			else
				printf("imported %s: %zu themes, %zu goals, %zu measures, "
				    "%zu indicators (revision %d)\n", in.plans[i]->id, c.themes,
				    c.goals, c.measures, c.indicators, revisions[i]);
		}
		if (in.nlists > 0)
			printf("help services: %zu new, %zu changed, %zu unchanged\n",
			    done.created, done.changed, done.unchanged);
		for (size_t i = 0; i < in.ncards; i++) {
			if (card_results[i] == DB_PUT_UNCHANGED)
				printf("unchanged action card of %s: revision %d is the same\n",
				    in.cards[i]->organisation, card_revisions[i]);
			else
				printf("imported action card of %s: %zu steps (revision %d)\n",
				    in.cards[i]->organisation, in.cards[i]->nsteps, card_revisions[i]);
		}
	}
	free(results);
	free(revisions);
	free(card_results);
	free(card_revisions);
	db_close(db);
	loaded_free(&in);
	return rc;
}

/* Writes every help service as a services file to standard output. */
static int
cmd_export_services(const char *dbpath)
{
	struct db *db = open_db(dbpath, DB_OPEN_EXISTING);
	if (db == NULL)
		return EXIT_FAILURE;
	struct help_list *l = NULL;
	int rc = EXIT_FAILURE;
	if (db_help_list(db, NULL, &l) != DB_OK) {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	} else {
		size_t len;
		char *json = help_json_export(l, &len);
		if (json && fwrite(json, 1, len, stdout) == len && fflush(stdout) == 0)
			rc = EXIT_SUCCESS;
		else
			fprintf(stderr, "tiltak: writing the export failed: %s\n",
			    json ? strerror(errno) : "a text is not valid UTF-8");
		free(json);
	}
	help_list_free(l);
	db_close(db);
	return rc;
}

/* Writes revision number of plan_id to standard output. */
static int
export_revision(struct db *db, const char *dbpath, const char *plan_id, int number)
{
	char *json = NULL;
	size_t len = 0;
	enum db_status st = db_revision_json(db, plan_id, number, &json, &len);
	int rc = EXIT_FAILURE;
	if (st == DB_NOT_FOUND)
		fprintf(stderr, "tiltak: plan \"%s\" has no revision %d in %s (tiltak history "
		    "--plan %s lists them)\n", plan_id, number, dbpath, plan_id);
	else if (st != DB_OK)
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	else if (fwrite(json, 1, len, stdout) == len && fflush(stdout) == 0)
		rc = EXIT_SUCCESS;
	else
		fprintf(stderr, "tiltak: writing the export failed: %s\n", strerror(errno));
	free(json);
	db_close(db);
	return rc;
}

static int
cmd_export(const char *dbpath, const char *plan_id, int revision)
{
	if (plan_id == NULL)
		return usage();
	struct db *db = open_db(dbpath, DB_OPEN_EXISTING);
	if (db == NULL)
		return EXIT_FAILURE;
	if (revision > 0)
		return export_revision(db, dbpath, plan_id, revision);
	struct plan *p = NULL;
	enum db_status st = db_plan_get(db, plan_id, &p);
	int rc = EXIT_FAILURE;
	if (st == DB_NOT_FOUND) {
		fprintf(stderr, "tiltak: no plan \"%s\" in %s\n", plan_id, dbpath);
	} else if (st != DB_OK) {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	} else {
		size_t len;
		struct plan_error err;
		char *json = plan_json_export(p, &len, &err);
		if (json == NULL)
			fprintf(stderr, "tiltak: cannot export plan \"%s\" from %s: %s: %s\n",
			    plan_id, dbpath, err.path, err.message);
		else if (fwrite(json, 1, len, stdout) == len && fflush(stdout) == 0)
			rc = EXIT_SUCCESS;
		else
			fprintf(stderr, "tiltak: writing the export failed: %s\n", strerror(errno));
		free(json);
	}
	plan_free(p);
	db_close(db);
	return rc;
}

static int
cmd_history(const char *dbpath, const char *plan_id)
{
	if (plan_id == NULL)
		return usage();
	struct db *db = open_db(dbpath, DB_OPEN_EXISTING);
	if (db == NULL)
		return EXIT_FAILURE;
	struct revision_list *l = NULL;
	enum db_status st = db_revisions(db, plan_id, &l);
	int rc = EXIT_FAILURE;
	if (st == DB_NOT_FOUND) {
		fprintf(stderr, "tiltak: no revisions of plan \"%s\" in %s\n", plan_id, dbpath);
	} else if (st != DB_OK) {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	} else {
		for (size_t i = 0; i < l->n; i++)
			printf("%d\t%s\t%s\t%s\n", l->items[i].number, l->items[i].at,
			    l->items[i].actor, l->items[i].title);
		rc = fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	}
	revision_list_free(l);
	db_close(db);
	return rc;
}

static int
cmd_copy_db(const char *from_uri, const char *to_uri, bool force)
{
	if (from_uri == NULL || to_uri == NULL)
		return usage();
	if (strcmp(from_uri, to_uri) == 0) {
		fprintf(stderr, "tiltak: copy-db: --from and --to name the same database\n");
		return EXIT_FAILURE;
	}
	struct db *from = open_db(from_uri, DB_OPEN_EXISTING);
	if (from == NULL)
		return EXIT_FAILURE;
	if (!is_pg_uri(to_uri))
		ensure_parent(to_uri);
	struct db *to = open_db(to_uri, DB_OPEN_CREATE);
	if (to == NULL) {
		db_close(from);
		return EXIT_FAILURE;
	}
	long rows = 0;
	int rc = EXIT_SUCCESS;
	char from_shown[512], to_shown[512];
	db_uri_shown(from_uri, from_shown, sizeof(from_shown));
	db_uri_shown(to_uri, to_shown, sizeof(to_shown));
	if (db_copy(from, to, force, &rows) != DB_OK) {
		fprintf(stderr, "tiltak: copy-db failed, nothing was written to %s: %s\n",
		    to_shown, db_errmsg(to));
		rc = EXIT_FAILURE;
	} else {
		printf("copied %ld rows from %s to %s\n", rows, from_shown, to_shown);
	}
	db_close(from);
	db_close(to);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("tiltak %s\n", TILTAK_VERSION);
		return EXIT_SUCCESS;
	}

	if (strcmp(cmd, "user") == 0) {
		char actor[300];
		cli_actor(actor, sizeof(actor));
		return cli_user(argc - 1, argv + 1, default_db(), actor);
	}

	enum { O_DB = 1, O_LISTEN, O_PLAN, O_THREADS, O_QUIET, O_PER_CLIENT,
	    O_HEADER_TIMEOUT, O_REVISION, O_FROM, O_TO, O_FORCE, O_SERVICES, O_CLIENT_HEADER,
	    O_SECURE_COOKIES, O_EXIT_URL, O_PUBLIC_URL };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"listen", required_argument, NULL, O_LISTEN},
		{"plan", required_argument, NULL, O_PLAN},
		{"threads", required_argument, NULL, O_THREADS},
		{"quiet", no_argument, NULL, O_QUIET},
		{"per-client", required_argument, NULL, O_PER_CLIENT},
		{"header-timeout", required_argument, NULL, O_HEADER_TIMEOUT},
		{"revision", required_argument, NULL, O_REVISION},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"force", no_argument, NULL, O_FORCE},
		{"services", no_argument, NULL, O_SERVICES},
		{"client-header", required_argument, NULL, O_CLIENT_HEADER},
		{"secure-cookies", no_argument, NULL, O_SECURE_COOKIES},
		{"exit-url", required_argument, NULL, O_EXIT_URL},
		{"public-url", required_argument, NULL, O_PUBLIC_URL},
		{NULL, 0, NULL, 0},
	};
	const char *dbpath = default_db();
	const char *listen = "127.0.0.1:8080";
	const char *plan_id = NULL;
	int threads = 2;
	bool quiet = false, saw_listen = false, saw_plan = false, saw_threads = false;
	bool services = false;
	bool saw_quiet = false, saw_net = false;
	unsigned per_client = HTTP_CONN_PER_CLIENT, header_timeout = HTTP_HEADER_TIMEOUT;
	int revision = 0;
	const char *from_uri = NULL, *to_uri = NULL;
	bool force = false, saw_copy = false;
	const char *client_header = NULL;
	bool secure_cookies = false;

	optind = 2;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: dbpath = optarg; break;
		case O_LISTEN: listen = optarg; saw_listen = true; break;
		case O_PLAN: plan_id = optarg; saw_plan = true; break;
		case O_THREADS: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 64) {
				fprintf(stderr, "tiltak: --threads takes a number from 1 to 64\n");
				return usage();
			}
			threads = (int)v;
			saw_threads = true;
			break;
		}
		case O_QUIET: quiet = true; saw_quiet = true; break;
		case O_PER_CLIENT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || v < 0 || v > HTTP_CONN_MAX) {
				fprintf(stderr, "tiltak: --per-client takes a number from 0 (no "
				    "cap) to %u\n", HTTP_CONN_MAX);
				return usage();
			}
			per_client = (unsigned)v;
			saw_net = true;
			break;
		}
		case O_HEADER_TIMEOUT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || v < 1 || v > HTTP_HEADER_TIMEOUT_MAX) {
				fprintf(stderr, "tiltak: --header-timeout takes seconds from 1 to "
				    "%u\n", HTTP_HEADER_TIMEOUT_MAX);
				return usage();
			}
			header_timeout = (unsigned)v;
			saw_net = true;
			break;
		}
		case O_REVISION: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || v < 1 || v > 1000000) {
				fprintf(stderr, "tiltak: --revision takes a revision number (1, "
				    "2, …; tiltak history lists them)\n");
				return usage();
			}
			revision = (int)v;
			break;
		}
		case O_FROM: from_uri = optarg; saw_copy = true; break;
		case O_TO: to_uri = optarg; saw_copy = true; break;
		case O_FORCE: force = true; saw_copy = true; break;
		case O_SERVICES: services = true; break;
		case O_CLIENT_HEADER:
			if (*optarg == '\0' || strpbrk(optarg, ": \t\r\n") != NULL) {
				fprintf(stderr, "tiltak: --client-header takes a header name "
				    "(X-Real-IP)\n");
				return usage();
			}
			client_header = optarg;
			saw_net = true;
			break;
		case O_SECURE_COOKIES: secure_cookies = true; saw_net = true; break;
		case O_EXIT_URL:
			if (!layout_set_exit_url(optarg)) {
				fprintf(stderr, "tiltak: --exit-url takes an http or https "
				    "address such as https://www.yr.no/ (at most %d characters, "
				    "no spaces or quotes)\n", LAYOUT_EXIT_URL_MAX);
				return usage();
			}
			saw_net = true;
			break;
		case O_PUBLIC_URL:
			if (!layout_set_public_url(optarg)) {
				fprintf(stderr, "tiltak: --public-url takes an http or https "
				    "address with no path, such as https://hjelp.bodo.kommune.no "
				    "(at most %d characters)\n", LAYOUT_PUBLIC_URL_MAX);
				return usage();
			}
			saw_net = true;
			break;
		default:
			fprintf(stderr, "tiltak: unknown or incomplete option '%s'\n",
			    argv[optind - 1]);
			return usage();
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;

	bool serve = strcmp(cmd, "serve") == 0;
	if (!serve && (saw_listen || saw_threads || saw_quiet || saw_net)) {
		fprintf(stderr, "tiltak: --listen, --threads, --quiet, --per-client, "
		    "--header-timeout, --client-header, --secure-cookies, --exit-url and "
		    "--public-url go with serve\n");
		return usage();
	}
	bool export = strcmp(cmd, "export") == 0, history = strcmp(cmd, "history") == 0;
	if (!export && !history && saw_plan) {
		fprintf(stderr, "tiltak: --plan goes with export and history\n");
		return usage();
	}
	if (!export && services) {
		fprintf(stderr, "tiltak: --services goes with export\n");
		return usage();
	}
	if (services && (saw_plan || revision)) {
		fprintf(stderr, "tiltak: export either --plan ID or --services\n");
		return usage();
	}
	if (!export && revision) {
		fprintf(stderr, "tiltak: --revision goes with export\n");
		return usage();
	}
	if (strcmp(cmd, "copy-db") != 0 && saw_copy) {
		fprintf(stderr, "tiltak: --from, --to and --force go with copy-db\n");
		return usage();
	}

	if (serve) {
		if (nargs != 0)
			return usage();
		i18n_init();
		valid_translate(translate);
		struct server_config cfg = {
			.db_path = dbpath,
			.listen = listen,
			.threads = threads,
			.quiet = quiet,
			.per_client = per_client,
			.header_timeout = header_timeout,
			.client_header = client_header,
			.secure_cookies = secure_cookies,
		};
		return server_run(&cfg);
	}
	if (strcmp(cmd, "import") == 0)
		return cmd_import(dbpath, nargs, args);
	if (export)
		return nargs != 0 ? usage() : services ? cmd_export_services(dbpath) :
		    cmd_export(dbpath, plan_id, revision);
	if (history)
		return nargs == 0 ? cmd_history(dbpath, plan_id) : usage();
	if (strcmp(cmd, "copy-db") == 0)
		return nargs == 0 ? cmd_copy_db(from_uri, to_uri, force) : usage();
	if (strcmp(cmd, "check") == 0)
		return cmd_check(nargs, args);
	fprintf(stderr, "tiltak: unknown command '%s'\n", cmd);
	return usage();
}

/* main.c — the tiltak command line: serve, import, export, check. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/plan_json.h"
#include "http/server.h"
#include "limits.h"
#include "store/db.h"
#include "util/xalloc.h"
#include "views/i18n.h"

#ifndef TILTAK_VERSION
#define TILTAK_VERSION "0.1.0"
#endif

#define EXIT_USAGE 2

static const char usage_text[] =
"usage: tiltak serve  [--db PATH] [--listen ADDR:PORT] [--threads N] [--quiet]\n"
"                     [--per-client N] [--header-timeout SECONDS]\n"
"       tiltak import [--db PATH] FILE...\n"
"       tiltak export [--db PATH] --plan ID\n"
"       tiltak check  FILE...\n"
"       tiltak --help | --version\n";

static const char help_text[] =
"\n"
"tiltak writes, publishes and follows up municipal action plans against\n"
"domestic violence.\n"
"\n"
"commands:\n"
"  serve    serve the web pages and the JSON API (default 127.0.0.1:8080;\n"
"           port 0 picks a free port, printed on standard output)\n"
"  import   validate plan files and store them in one transaction; a plan\n"
"           with the same id is replaced, never duplicated. The only command\n"
"           that creates a database\n"
"  export   write one plan as JSON on standard output\n"
"  check    validate plan files and write nothing\n"
"\n"
"options:\n"
"  --db PATH            the database (default $TILTAK_DB, else var/tiltak.db);\n"
"                       serve and export read it read-only where it cannot\n"
"                       be written\n"
"  --listen ADDR:PORT   where to serve (IPv4 or [IPv6])\n"
"  --threads N          worker threads (default 2)\n"
"  --quiet              no request log\n"
"  --per-client N       at most N connections from one client address\n"
"                       (default 64; 0: no cap, for use behind a reverse\n"
"                       proxy, where every connection comes from the proxy)\n"
"  --header-timeout S   close a connection that has not sent a whole\n"
"                       request header within S seconds (default 10)\n"
"  --plan ID            the plan to export\n"
"\n"
"exit status:\n"
"  0  success\n"
"  1  the work failed (a bad plan file, a missing plan, a database error)\n"
"  2  usage error (unknown command or option, missing argument)\n"
"\n"
"The plan file format is described in docs/plan-format.md.\n";

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

/* Parses and validates every file; on the first bad one prints where and
 * why and returns false. On success *plans holds n plans the caller
 * frees. */
static bool
load_files(char **files, int n, struct plan ***plans)
{
	*plans = xcalloc((size_t)n, sizeof(struct plan *));
	for (int i = 0; i < n; i++) {
		size_t len = 0;
		errno = 0;
		char *data = read_file(files[i], &len);
		if (data == NULL && len > PLAN_FILE_MAX) {
			fprintf(stderr, "tiltak: %s: $: the file is %zu bytes; at most %u "
			    "bytes are allowed\n", files[i], len, PLAN_FILE_MAX);
			goto fail;
		}
		if (data == NULL && errno == EISDIR) {
			fprintf(stderr, "tiltak: %s: is a directory, not a plan file\n", files[i]);
			goto fail;
		}
		if (data == NULL) {
			fprintf(stderr, "tiltak: %s: %s\n", files[i], strerror(errno));
			goto fail;
		}
		if (len > PLAN_FILE_MAX) { /* from a pipe: we stopped reading */
			fprintf(stderr, "tiltak: %s: $: the input is more than %u bytes, "
			    "the most allowed\n", files[i], PLAN_FILE_MAX);
			free(data);
			goto fail;
		}
		struct plan_error err;
		(*plans)[i] = plan_json_parse(data, len, &err);
		free(data);
		if ((*plans)[i] == NULL) {
			char msg[1400];
			plan_error_format(&err, files[i], msg, sizeof(msg));
			fprintf(stderr, "tiltak: %s\n", msg);
			goto fail;
		}
		for (int j = 0; j < i; j++)
			if (strcmp((*plans)[j]->id, (*plans)[i]->id) == 0) {
				fprintf(stderr, "tiltak: %s: $.id: plan \"%s\" is also in %s\n",
				    files[i], (*plans)[i]->id, files[j]);
				goto fail;
			}
	}
	return true;
fail:
	for (int i = 0; i < n; i++)
		plan_free((*plans)[i]);
	free(*plans);
	*plans = NULL;
	return false;
}

static void
free_plans(struct plan **plans, int n)
{
	for (int i = 0; i < n; i++)
		plan_free(plans[i]);
	free(plans);
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
	struct plan **plans;
	if (!load_files(argv, argc, &plans))
		return EXIT_FAILURE;
	for (int i = 0; i < argc; i++) {
		struct plan_counts c;
		plan_count(plans[i], &c);
		printf("%s: ok: plan %s: %zu themes, %zu goals, %zu measures, %zu indicators\n",
		    argv[i], plans[i]->id, c.themes, c.goals, c.measures, c.indicators);
	}
	free_plans(plans, argc);
	return EXIT_SUCCESS;
}

static int
cmd_import(const char *dbpath, int argc, char **argv)
{
	if (argc < 1)
		return usage();
	struct plan **plans;
	if (!load_files(argv, argc, &plans))
		return EXIT_FAILURE;
	/* Only import creates a database, and the folder for it. */
	ensure_parent(dbpath);
	struct db *db = open_db(dbpath, DB_OPEN_CREATE);
	if (db == NULL) {
		free_plans(plans, argc);
		return EXIT_FAILURE;
	}
	int rc = EXIT_SUCCESS;
	if (db_plans_put(db, plans, (size_t)argc) != DB_OK) {
		fprintf(stderr, "tiltak: import failed, nothing was written: %s\n",
		    db_errmsg(db));
		rc = EXIT_FAILURE;
	} else {
		for (int i = 0; i < argc; i++) {
			struct plan_counts c;
			plan_count(plans[i], &c);
			printf("imported %s: %zu themes, %zu goals, %zu measures, %zu indicators\n",
			    plans[i]->id, c.themes, c.goals, c.measures, c.indicators);
		}
	}
	db_close(db);
	free_plans(plans, argc);
	return rc;
}

static int
cmd_export(const char *dbpath, const char *plan_id)
{
	if (plan_id == NULL)
		return usage();
	struct db *db = open_db(dbpath, DB_OPEN_EXISTING);
	if (db == NULL)
		return EXIT_FAILURE;
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

	enum { O_DB = 1, O_LISTEN, O_PLAN, O_THREADS, O_QUIET, O_PER_CLIENT,
	    O_HEADER_TIMEOUT };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"listen", required_argument, NULL, O_LISTEN},
		{"plan", required_argument, NULL, O_PLAN},
		{"threads", required_argument, NULL, O_THREADS},
		{"quiet", no_argument, NULL, O_QUIET},
		{"per-client", required_argument, NULL, O_PER_CLIENT},
		{"header-timeout", required_argument, NULL, O_HEADER_TIMEOUT},
		{NULL, 0, NULL, 0},
	};
	const char *dbpath = default_db();
	const char *listen = "127.0.0.1:8080";
	const char *plan_id = NULL;
	int threads = 2;
	bool quiet = false, saw_listen = false, saw_plan = false, saw_threads = false;
	bool saw_quiet = false, saw_net = false;
	unsigned per_client = HTTP_CONN_PER_CLIENT, header_timeout = HTTP_HEADER_TIMEOUT;

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
		fprintf(stderr, "tiltak: --listen, --threads, --quiet, --per-client and "
		    "--header-timeout go with serve\n");
		return usage();
	}
	if (strcmp(cmd, "export") != 0 && saw_plan) {
		fprintf(stderr, "tiltak: --plan goes with export\n");
		return usage();
	}

	if (serve) {
		if (nargs != 0)
			return usage();
		i18n_init();
		struct server_config cfg = {
			.db_path = dbpath,
			.listen = listen,
			.threads = threads,
			.quiet = quiet,
			.per_client = per_client,
			.header_timeout = header_timeout,
		};
		return server_run(&cfg);
	}
	if (strcmp(cmd, "import") == 0)
		return cmd_import(dbpath, nargs, args);
	if (strcmp(cmd, "export") == 0)
		return nargs == 0 ? cmd_export(dbpath, plan_id) : usage();
	if (strcmp(cmd, "check") == 0)
		return cmd_check(nargs, args);
	fprintf(stderr, "tiltak: unknown command '%s'\n", cmd);
	return usage();
}

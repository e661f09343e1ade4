// SPDX-License-Identifier: MIT
// mvgal-launch db update [--url URL] [--insecure-http] | show APPID|EXE | search TEXT | path
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compat/compat.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/titles.h"
#include "launcher/usage.h"

/* Where `db update` downloads from unless --url or MVGAL_DB_URL says otherwise; the signature
 * is published next to it as compat.db.sig (scripts/sign-db.sh). */
#define DB_DEFAULT_URL                                                                             \
	"https://raw.githubusercontent.com/mvgal-launch/mvgal-launch/main/compat/data/compat.db"

static const char usage_text[] =
	"usage: mvgal-launch db update [--url URL] [--insecure-http]\n"
	"       mvgal-launch db show APPID|NAME|EXE\n"
	"       mvgal-launch db search TEXT\n"
	"       mvgal-launch db path\n"
	"update: download a newer DB over HTTPS, verify its signature, serial and\n"
	"contents, install it as $XDG_DATA_HOME/mvgal/compat-update.db;\n"
	"show: a title's entry; search: titles whose name or exe contains TEXT;\n"
	"path: which DB is in use and why.\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return 2;
}

static int open_chosen(struct compat_db **db, struct compat_db_choice *c)
{
	int rc = db_choose(NULL, c);
	if (rc) {
		error("db: %s", c->why);
		return 1;
	}
	rc = compat_db_open(c->path, db);
	if (rc) {
		error("db: %s: %s", c->path, compat_strerror(rc));
		return 1;
	}
	return 0;
}

/* Which DB a launch would use and why; exit 1 when none is usable (launches go on without). */
static int cmd_path(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage();
	struct compat_db_choice c;
	struct compat_db *db = NULL;
	int rc = db_choose(NULL, &c);
	if (!rc) {
		printf("%s\n", c.path);
		rc = compat_db_open(c.path, &db);
		compat_db_close(db);
	}
	printf("# %s\n", c.why);
	if (c.path[0] && rc)
		printf("# unusable: %s (launches go on without a DB entry)\n", compat_strerror(rc));
	printf("# shipped: %s\n", c.shipped[0] ? c.shipped : "(none found)");
	printf("# updated: %s\n", c.updated[0] ? c.updated : "(XDG_DATA_HOME and HOME unset)");
	char url[4096];
	uint64_t serial;
	if (c.updated[0] && compat_db_source_read(c.updated, url, sizeof(url), &serial) == 0)
		printf("# updated from: %s\n", url);
	return rc ? 1 : 0;
}

/* The entry's lines, each through text_safe(): a DB is text from a server, never escapes. */
static void print_entry_text(const char *text, size_t len)
{
	char line[1024], safe[4096];
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1),
			 text + pos);
		printf("%s\n", text_safe(line, safe, sizeof(safe)));
		pos += n + 1;
	}
}

static int cmd_show(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	const char *word = argv[1];
	struct compat_db *db;
	struct compat_db_choice c;
	struct steam_title_pick pick;
	int code = titles_resolve("db show", word, false, &pick);
	if (code)
		return code;
	if (open_chosen(&db, &c))
		return 1;
	const char *title = pick.appid[0] ? pick.appid : pick.exe;
	struct compat_entry e;
	int rc = compat_db_lookup(db, pick.appid[0] ? pick.appid : NULL, title, &e);
	if (rc == 0) {
		char safe[1024];
		printf("# db:%llu (%s:%d)\n", (unsigned long long)e.appid,
		       text_safe(e.file, safe, sizeof(safe)), e.line);
		print_entry_text(e.text, e.len);
	} else {
		error("db show: %s: %s in %s", title, compat_strerror(rc), c.path);
	}
	compat_db_close(db);
	return rc ? 1 : 0;
}

static int print_hit(const struct compat_entry *e, void *user)
{
	char name[600], exe[600];
	(*(int *)user)++;
	printf("%-9llu %s%s%s%s\n", (unsigned long long)e->appid,
	       text_safe(e->name, name, sizeof(name)), e->exe[0] ? " (" : "",
	       text_safe(e->exe, exe, sizeof(exe)), e->exe[0] ? ")" : "");
	return 0;
}

static int cmd_search(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	const char *text = argv[1];
	struct compat_db *db;
	struct compat_db_choice c;
	if (open_chosen(&db, &c))
		return 1;
	int n = 0;
	int rc = compat_db_search(db, text, print_hit, &n);
	compat_db_close(db);
	if (rc) {
		error("db search: %s: %s", c.path, compat_strerror(rc));
		return 1;
	}
	if (!n)
		error("db search: no title matches '%s'", text);
	return n ? 0 : 1;
}

static int cmd_update(int argc, char **argv)
{
	char dest[4096];
	const char *env_url = getenv("MVGAL_DB_URL");
	struct compat_update_opts o = { .url = env_url && *env_url ? env_url : DB_DEFAULT_URL };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--url") && i + 1 < argc)
			o.url = argv[++i];
		else if (!strncmp(argv[i], "--url=", 6))
			o.url = argv[i] + 6;
		else if (!strcmp(argv[i], "--insecure-http"))
			o.allow_insecure_http = 1;
		else
			return usage();
	}
	if (compat_db_update_path(dest, sizeof(dest))) {
		error("db update: neither XDG_DATA_HOME nor HOME is set");
		return 1;
	}
	o.dest = dest;
	o.is_progress = isatty(STDERR_FILENO);
	o.now = (int64_t)time(NULL);
	/* No rollback: the download must be newer than the DB a launch would use now. */
	struct compat_db_choice c;
	db_choose(NULL, &c);
	o.current_serial = c.shipped_serial > c.updated_serial ? c.shipped_serial : c.updated_serial;
	/* Timeouts for tests and slow links: milliseconds, and seconds below 1 byte/s. */
	const char *t = getenv("MVGAL_DB_TIMEOUT_MS");
	if (t && atol(t) > 0) {
		o.total_timeout_ms = atol(t);
		o.connect_timeout_ms = atol(t);
	}
	t = getenv("MVGAL_DB_LOW_SPEED_S");
	if (t && atol(t) > 0)
		o.low_speed_s = atol(t);
	struct compat_update_result r;
	int rc = compat_update(&o, &r);
	if (rc && r.is_installed) {
		error("db update: %s", r.msg);
		return 1;
	} else if (rc) {
		error("db update: %s; %s kept", r.msg,
		      access(dest, F_OK) == 0 ? dest : "the current DB");
		return 1;
	}
	printf("db update: %s\n", r.msg);
	return 0;
}

int cmd_db(int argc, char **argv)
{
	static const struct command verbs[] = {
		{ "update", cmd_update },
		{ "path", cmd_path },
		{ "show", cmd_show },
		{ "search", cmd_search },
	};
	return command_dispatch(verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv, usage_text);
}

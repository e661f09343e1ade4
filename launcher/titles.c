// SPDX-License-Identifier: MIT
// Title names to appids for the profile and db commands (see titles.h): installed titles come
// from every Steam root's libraries' appmanifest_<appid>.acf, known ones from the compat DB.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat/compat.h"
#include "launcher/launcher.h"
#include "launcher/titles.h"
#include "launcher/usage.h"
#include "profiles/profiles.h"
#include "vdf/vdf.h"

#define MAX_MATCHES 16

struct title {
	char appid[24];
	char name[128];
	bool is_installed, is_in_db;
};

struct matches {
	const char *word;
	bool is_exact; /* collect exact name matches, else name parts */
	struct title v[MAX_MATCHES];
	size_t n; /* may exceed MAX_MATCHES: the count */
};

static bool name_matches(const struct matches *m, const char *name)
{
	return m->is_exact ? !strcasecmp(name, m->word) : strcasestr(name, m->word) != NULL;
}

/* Adds a title once per appid; the sources it was seen in are merged. */
static void add(struct matches *m, const char *appid, const char *name, bool is_installed)
{
	for (size_t i = 0; i < m->n && i < MAX_MATCHES; i++) {
		if (strcmp(m->v[i].appid, appid))
			continue;
		m->v[i].is_installed |= is_installed;
		m->v[i].is_in_db |= !is_installed;
		return;
	}
	if (m->n < MAX_MATCHES) {
		struct title *t = &m->v[m->n];
		snprintf(t->appid, sizeof(t->appid), "%s", appid);
		snprintf(t->name, sizeof(t->name), "%s", name);
		t->is_installed = is_installed;
		t->is_in_db = !is_installed;
	}
	m->n++;
}

/* fn(appid, name, user) for each appmanifest of every library of every Steam root, and for each
 * non-Steam shortcut. */
static void foreach_installed(void (*fn)(const char *appid, const char *name, void *user), void *user)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	size_t nr = steam_roots_find(path_home(), roots, STEAM_MAX_ROOTS);
	for (size_t r = 0; r < nr; r++) {
		struct strv libs = { 0 };
		struct steam_diag e;
		steam_libraries(roots[r].path, &libs, &e);
		for (size_t i = 0; i < libs.n; i++) {
			char dir[PATH_MAX], acf[PATH_MAX];
			DIR *d = fs_path_join(dir, libs.v[i], "steamapps") < 0 ? NULL : opendir(dir);
			for (struct dirent *de; d && (de = readdir(d));) {
				size_t len = strlen(de->d_name);
				struct vdf_node *doc = NULL;
				if (strncmp(de->d_name, "appmanifest_", 12) || len < 17 ||
				    strcmp(de->d_name + len - 4, ".acf") ||
				    fs_path_join(acf, dir, de->d_name) < 0 ||
				    steam_vdf_load(acf, &doc, &e) < 0)
					continue;
				const char *appid = vdf_get_value(doc, "AppState/appid", "");
				if (appid[0])
					fn(appid, vdf_get_value(doc, "AppState/name", ""), user);
				vdf_free(doc);
			}
			if (d)
				closedir(d);
		}
		strv_release(&libs);
		// non-Steam shortcuts, by the name and appid `list` shows (their profile is
		// profiles/<appid>.ini, as a launch picks it)
		struct steam_shortcut_list sl = { 0 };
		if (steam_shortcuts(roots[r].path, &sl, &e) == 0)
			for (size_t i = 0; i < sl.n; i++)
				fn(sl.v[i].appid, sl.v[i].name, user);
		steam_shortcut_list_release(&sl);
	}
}

static void installed_match(const char *appid, const char *name, void *user)
{
	if (name_matches(user, name))
		add(user, appid, name, true);
}

static int db_match(const struct compat_entry *e, void *user)
{
	char appid[24];
	snprintf(appid, sizeof(appid), "%llu", (unsigned long long)e->appid);
	if (name_matches(user, e->name))
		add(user, appid, e->name, false);
	return 0;
}

static void find(struct matches *m, const struct compat_db *db)
{
	m->n = 0;
	foreach_installed(installed_match, m);
	if (db)
		compat_db_foreach(db, db_match, m);
}

struct installed_query {
	const char *appid;
	char *name;
	bool is_found;
};

static void installed_appid(const char *appid, const char *name, void *user)
{
	struct installed_query *q = user;
	if (!q->is_found && !strcmp(appid, q->appid)) {
		snprintf(q->name, 128, "%s", name);
		q->is_found = true;
	}
}

static bool has_profile_file(const char *exe)
{
	char cfg[4096], path[PATH_MAX];
	return !profile_config_dir(cfg, sizeof(cfg)) &&
	       snprintf(path, sizeof(path), "%s/profiles/%s.ini", cfg, exe) < (int)sizeof(path) &&
	       fs_is_file(path);
}

static bool is_exe_name(const char *word, const struct compat_db *db)
{
	struct compat_entry e;
	size_t len = strlen(word);
	return has_profile_file(word) || (db && compat_db_lookup(db, NULL, word, &e) == 0) ||
	       (len > 4 && !strcasecmp(word + len - 4, ".exe")) || launch_is_program(word);
}

static int say_ambiguous(const char *cmd, const char *word, const struct matches *m)
{
	char safe[300], name[300];
	error("%s: %zu titles match '%s'; pick one by its appid:", cmd, m->n,
	      text_safe(word, safe, sizeof(safe)));
	for (size_t i = 0; i < m->n && i < MAX_MATCHES; i++)
		fprintf(stderr, "  mvgal-launch %s %-10s  # %s (%s)\n", cmd, m->v[i].appid,
			text_safe(m->v[i].name, name, sizeof(name)),
			m->v[i].is_installed
				? (m->v[i].is_in_db ? "installed, in the DB" : "installed")
				: "in the DB");
	if (m->n > MAX_MATCHES)
		fprintf(stderr, "  ... and %zu more\n", m->n - MAX_MATCHES);
	return 2;
}

static int pick_title(const struct title *t, struct title_pick *pick)
{
	snprintf(pick->appid, sizeof(pick->appid), "%s", t->appid);
	snprintf(pick->name, sizeof(pick->name), "%s", t->name);
	return 0;
}

static int pick_appid(const char *cmd, const char *appid, const struct compat_db *db,
		      struct title_pick *pick)
{
	struct installed_query q = { .appid = appid, .name = pick->name };
	struct compat_entry e;
	snprintf(pick->appid, sizeof(pick->appid), "%s", appid);
	foreach_installed(installed_appid, &q);
	if (!q.is_found && db && compat_db_lookup(db, appid, NULL, &e) == 0)
		snprintf(pick->name, sizeof(pick->name), "%s", e.name);
	else if (!q.is_found)
		error("%s: appid %s is neither installed in a Steam library "
		      "nor in the compat DB",
		      cmd, appid);
	return 0;
}

int titles_resolve(const char *cmd, const char *word, bool is_exe, struct title_pick *pick)
{
	struct compat_db_choice c;
	struct compat_db *db = NULL;
	struct matches *m = NULL;
	char safe[300];
	int rc = 1;
	memset(pick, 0, sizeof(*pick));
	if (!compat_db_choose_default(&c) && compat_db_open(c.path, &db))
		db = NULL;
	if (is_exe) {
		snprintf(pick->exe, sizeof(pick->exe), "%s", word);
		rc = 0;
		goto out;
	}
	if (word[0] && strspn(word, "0123456789") == strlen(word) && strlen(word) < 20) {
		rc = pick_appid(cmd, word, db, pick);
		goto out;
	}
	if (!(m = calloc(1, sizeof(*m)))) {
		error("%s: out of memory", cmd);
		goto out;
	}
	m->word = word;
	m->is_exact = true;
	find(m, db);
	if (m->n == 1) {
		rc = pick_title(&m->v[0], pick);
		goto out;
	}
	if (m->n > 1) {
		rc = say_ambiguous(cmd, word, m);
		goto out;
	}
	if (is_exe_name(word, db)) {
		snprintf(pick->exe, sizeof(pick->exe), "%s", word);
		rc = 0;
		goto out;
	}
	m->is_exact = false;
	find(m, db);
	if (m->n == 1)
		rc = pick_title(&m->v[0], pick);
	else if (m->n > 1)
		rc = say_ambiguous(cmd, word, m);
	else
		error("%s: no title is named '%s': not an installed game, "
		      "not in the compat DB, no profile file and no program of that name "
		      "(see `mvgal-launch list`, `mvgal-launch db search`); for a non-Steam "
		      "game name its executable with --exe",
		      cmd, text_safe(word, safe, sizeof(safe)));
out:
	free(m);
	compat_db_close(db);
	return rc;
}

// SPDX-License-Identifier: MIT
// Title names to appids for the profile and db commands (see titles.h): steam/titles.c looks
// across the Steam roots; this adds the compat DB's titles and the user's programs, and prints.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/compat.h"
#include "launcher/launcher.h"
#include "launcher/titles.h"
#include "launcher/usage.h"
#include "profiles/profiles.h"

static int db_offer(const struct compat_entry *e, void *user)
{
	char appid[24];
	snprintf(appid, sizeof(appid), "%llu", (unsigned long long)e->appid);
	steam_title_offer(user, appid, e->name, false);
	return 0;
}

static void offer_db(struct steam_title_matches *m, void *ctx)
{
	if (ctx)
		compat_db_foreach(ctx, db_offer, m);
}

static bool has_profile_file(const char *exe)
{
	char cfg[4096], path[PATH_MAX];
	return !profile_config_dir(cfg, sizeof(cfg)) &&
	       snprintf(path, sizeof(path), "%s/profiles/%s.ini", cfg, exe) < (int)sizeof(path) &&
	       fs_is_file(path);
}

static bool is_exe_name(const char *word, void *ctx)
{
	const struct compat_db *db = ctx;
	struct compat_entry e;
	return has_profile_file(word) || (db && compat_db_lookup(db, NULL, word, &e) == 0) ||
	       launch_is_program(word);
}

static int say_ambiguous(const char *cmd, const char *word, const struct steam_title_matches *m)
{
	char safe[300], name[300];
	error("%s: %zu titles match '%s'; pick one by its appid:", cmd, m->n,
	      text_safe(word, safe, sizeof(safe)));
	for (size_t i = 0; i < m->n && i < STEAM_TITLE_MATCHES; i++)
		fprintf(stderr, "  mvgal-launch %s %-10s  # %s (%s)\n", cmd, m->v[i].appid,
			text_safe(m->v[i].name, name, sizeof(name)),
			m->v[i].is_installed
				? (m->v[i].is_in_db ? "installed, in the DB" : "installed")
				: "in the DB");
	if (m->n > STEAM_TITLE_MATCHES)
		fprintf(stderr, "  ... and %zu more\n", m->n - STEAM_TITLE_MATCHES);
	return 2;
}

int titles_resolve(const char *cmd, const char *word, bool is_exe, struct steam_title_pick *pick)
{
	struct compat_db_choice c;
	struct compat_db *db = NULL;
	struct steam_title_matches *m = calloc(1, sizeof(*m));
	char safe[300];
	int rc = 1;
	memset(pick, 0, sizeof(*pick));
	if (!m) {
		error("%s: out of memory", cmd);
		return 1;
	}
	if (!db_choose(NULL, &c) && compat_db_open(c.path, &db))
		db = NULL;
	struct steam_title_query q = { .home = path_home(),
				       .word = word,
				       .is_exe = is_exe,
				       .offer_more = offer_db,
				       .is_exe_name = is_exe_name,
				       .ctx = db };
	switch (steam_title_resolve(&q, pick, m)) {
	case STEAM_TITLE_UNKNOWN_APPID:
		error("%s: appid %s is neither installed in a Steam library "
		      "nor in the compat DB",
		      cmd, pick->appid);
		rc = 0; /* still returned */
		break;
	case STEAM_TITLE_FOUND:
		rc = 0;
		break;
	case STEAM_TITLE_AMBIGUOUS:
		rc = say_ambiguous(cmd, word, m);
		break;
	case STEAM_TITLE_NONE:
		error("%s: no title is named '%s': not an installed game, "
		      "not in the compat DB, no profile file and no program of that name "
		      "(see `mvgal-launch list`, `mvgal-launch db search`); for a non-Steam "
		      "game name its executable with --exe",
		      cmd, text_safe(word, safe, sizeof(safe)));
		break;
	}
	free(m);
	compat_db_close(db);
	return rc;
}

// SPDX-License-Identifier: MIT
// The word a user types for a title, turned into an appid or an executable (see steam.h):
// installed titles come from every Steam root's libraries' appmanifest_<appid>.acf and from
// each user's non-Steam shortcuts; the caller adds the titles it knows besides (the compat DB)
// and says which words name a program.
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

void steam_title_offer(struct steam_title_matches *m, const char *appid, const char *name,
		       bool is_installed)
{
	bool is_match = m->by == STEAM_TITLE_BY_APPID  ? !strcmp(appid, m->word)
			: m->by == STEAM_TITLE_BY_NAME ? !strcasecmp(name, m->word)
						       : strcasestr(name, m->word) != NULL;
	if (!is_match)
		return;
	for (size_t i = 0; i < m->n && i < STEAM_TITLE_MATCHES; i++) {
		if (strcmp(m->v[i].appid, appid))
			continue;
		m->v[i].is_installed |= is_installed;
		m->v[i].is_in_db |= !is_installed;
		return;
	}
	if (m->n < STEAM_TITLE_MATCHES) {
		struct steam_title *t = &m->v[m->n];
		snprintf(t->appid, sizeof(t->appid), "%s", appid);
		snprintf(t->name, sizeof(t->name), "%s", name);
		t->is_installed = is_installed;
		t->is_in_db = !is_installed;
	}
	m->n++;
}

/* Offers each appmanifest_<appid>.acf of lib/steamapps; a file that does not parse is left out
 * (Steam rewrites it). */
static void offer_manifests(const char *lib, struct steam_title_matches *m)
{
	char dir[PATH_MAX], acf[PATH_MAX];
	struct steam_diag e;
	DIR *d = fs_path_join(dir, lib, "steamapps") < 0 ? NULL : opendir(dir);
	for (struct dirent *de; d && (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		struct vdf_node *doc = NULL;
		if (strncmp(de->d_name, "appmanifest_", 12) || len < 17 ||
		    strcmp(de->d_name + len - 4, ".acf") ||
		    fs_path_join(acf, dir, de->d_name) < 0 || steam_vdf_load(acf, &doc, &e) < 0)
			continue;
		const char *appid = vdf_get_value(doc, "AppState/appid", "");
		if (appid[0])
			steam_title_offer(m, appid, vdf_get_value(doc, "AppState/name", ""), true);
		vdf_free(doc);
	}
	if (d)
		closedir(d);
}

void steam_titles_installed(const char *home, struct steam_title_matches *m)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	size_t nr = steam_roots_find(home, roots, STEAM_MAX_ROOTS);
	for (size_t r = 0; r < nr; r++) {
		struct strv libs = { 0 };
		struct steam_diag e;
		steam_libraries(roots[r].path, &libs, &e);
		for (size_t i = 0; i < libs.n; i++)
			offer_manifests(libs.v[i], m);
		strv_release(&libs);
		// non-Steam shortcuts, by the name and appid `list` shows (their profile is
		// profiles/<appid>.ini, as a launch picks it)
		struct steam_shortcut_list sl = { 0 };
		if (steam_shortcuts(roots[r].path, &sl, &e) == 0)
			for (size_t i = 0; i < sl.n; i++)
				steam_title_offer(m, sl.v[i].appid, sl.v[i].name, true);
		steam_shortcut_list_release(&sl);
	}
}

/* m's titles matching q->word as by says: the installed ones, then the caller's. */
static void find(const struct steam_title_query *q, enum steam_title_by by,
		 struct steam_title_matches *m)
{
	memset(m, 0, sizeof(*m));
	m->word = q->word;
	m->by = by;
	steam_titles_installed(q->home, m);
	if (q->offer_more)
		q->offer_more(m, q->ctx);
}

static enum steam_title_found pick_one(const struct steam_title_matches *m,
				       struct steam_title_pick *pick)
{
	if (m->n != 1)
		return m->n ? STEAM_TITLE_AMBIGUOUS : STEAM_TITLE_NONE;
	snprintf(pick->appid, sizeof(pick->appid), "%s", m->v[0].appid);
	snprintf(pick->name, sizeof(pick->name), "%s", m->v[0].name);
	return STEAM_TITLE_FOUND;
}

static bool is_exe_name(const struct steam_title_query *q)
{
	size_t len = strlen(q->word);
	return (len > 4 && !strcasecmp(q->word + len - 4, ".exe")) ||
	       (q->is_exe_name && q->is_exe_name(q->word, q->ctx));
}

enum steam_title_found steam_title_resolve(const struct steam_title_query *q,
					   struct steam_title_pick *pick,
					   struct steam_title_matches *m)
{
	const char *w = q->word;
	memset(pick, 0, sizeof(*pick));
	memset(m, 0, sizeof(*m));
	if (q->is_exe) {
		snprintf(pick->exe, sizeof(pick->exe), "%s", w);
		return STEAM_TITLE_FOUND;
	}
	if (w[0] && strspn(w, "0123456789") == strlen(w) && strlen(w) < 20) {
		find(q, STEAM_TITLE_BY_APPID, m);
		snprintf(pick->appid, sizeof(pick->appid), "%s", w);
		if (!m->n)
			return STEAM_TITLE_UNKNOWN_APPID;
		snprintf(pick->name, sizeof(pick->name), "%s", m->v[0].name);
		return STEAM_TITLE_FOUND;
	}
	find(q, STEAM_TITLE_BY_NAME, m);
	if (m->n)
		return pick_one(m, pick);
	if (is_exe_name(q)) {
		snprintf(pick->exe, sizeof(pick->exe), "%s", w);
		return STEAM_TITLE_FOUND;
	}
	find(q, STEAM_TITLE_BY_NAME_PART, m);
	return pick_one(m, pick);
}

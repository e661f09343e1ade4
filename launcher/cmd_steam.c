// SPDX-License-Identifier: MIT
// `list`, `protons` and `set-tool`: what Steam has installed and which tool each title uses.
// set-tool is the only writer of Steam's config.vdf (DESIGN.md section 7).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/compat.h"
#include "launcher/launcher.h"
#include "vdf/vdf.h"

#define MAPPING "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"

static bool wants_help(int argc, char **argv, const char *text)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(text, stdout);
			return true;
		}
	return false;
}

/* config.vdf of root, NULL when absent or broken; a broken one is named and sets *is_bad. */
static struct vdf_node *load_config(const char *root, bool *is_bad)
{
	char p[PATH_MAX];
	struct vdf_node *doc = NULL;
	struct launch_err e;
	if (path_join(p, root, "config/config.vdf") < 0 || !path_is_file(p))
		return NULL;
	if (launch_vdf_load(p, &doc, &e) < 0) {
		fprintf(stderr, "mvgal-launch: %s (tool mappings not shown)\n", e.msg);
		*is_bad = true;
	}
	return doc;
}

static bool has_profile(const char *appid)
{
	char cfg[PATH_MAX], p[PATH_MAX];
	path_xdg("XDG_CONFIG_HOME", ".config", cfg);
	return snprintf(p, sizeof(p), "%s/mvgal/profiles/%s.ini", cfg, appid) < (int)sizeof(p) &&
	       path_is_file(p);
}

static int list_library(const char *lib, const struct vdf_node *config, bool *is_bad)
{
	char dir[PATH_MAX];
	if (path_join(dir, lib, "steamapps") < 0)
		return 0;
	DIR *d = opendir(dir);
	int count = 0;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char acf[PATH_MAX];
		struct vdf_node *doc = NULL;
		struct launch_err e;
		size_t len = strlen(de->d_name);
		if (strncmp(de->d_name, "appmanifest_", 12) || len < 17 ||
		    strcmp(de->d_name + len - 4, ".acf") || path_join(acf, dir, de->d_name) < 0)
			continue;
		if (launch_vdf_load(acf, &doc, &e) < 0) {
			fprintf(stderr, "mvgal-launch: %s (skipped)\n", e.msg);
			*is_bad = true;
			continue;
		}
		const char *appid = vdf_get_value(doc, "AppState/appid", "?");
		const char *tool = config ? steam_tool_mapping(config, appid) : NULL;
		char s_id[24], s_name[120], s_tool[80];
		printf("%-10s %-40s %-24s %s\n", text_safe(appid, s_id, sizeof(s_id)),
		       text_safe(vdf_get_value(doc, "AppState/name", "?"), s_name, sizeof(s_name)),
		       text_safe(tool ? tool : "-", s_tool, sizeof(s_tool)),
		       has_profile(appid) ? "yes" : "-");
		vdf_free(doc);
		count++;
	}
	if (d)
		closedir(d);
	return count;
}

int cmd_list(int argc, char **argv)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	if (wants_help(argc, argv,
		       "usage: mvgal-launch list\nInstalled games of every Steam library: appid, "
		       "name, compatibility tool\nmapped in config.vdf, own profile present.\n"))
		return 0;
	size_t nr = steam_roots_find(roots, STEAM_MAX_ROOTS);
	if (!nr) {
		fprintf(stderr, "mvgal-launch: list: no Steam found in %s: start Steam once\n",
			path_home());
		return 1;
	}
	// A broken VDF is named on stderr and the rest still listed; the exit status says so.
	bool is_bad = false;
	printf("%-10s %-40s %-24s %s\n", "APPID", "NAME", "TOOL", "PROFILE");
	for (size_t r = 0; r < nr; r++) {
		struct strv libs = {0};
		struct launch_err e;
		struct vdf_node *config = load_config(roots[r].path, &is_bad);
		if (steam_libraries(roots[r].path, &libs, &e) < 0) {
			fprintf(stderr, "mvgal-launch: %s\n", e.msg);
			is_bad = true;
		}
		for (size_t i = 0; i < libs.n; i++)
			list_library(libs.v[i], config, &is_bad);
		strv_release(&libs);
		vdf_free(config);
	}
	return is_bad ? 1 : 0;
}

static void protons_per_title(const struct steam_root *root, const struct proton_list *l,
			      bool *is_bad)
{
	struct vdf_node *config = load_config(root->path, is_bad);
	const struct vdf_node *map = config ? vdf_get(config, MAPPING) : NULL;
	for (const struct vdf_node *m = map ? map->first : NULL; m; m = m->next) {
		const char *tool = vdf_get_value(m, "name", "");
		if (strcmp(tool, "mvgal"))
			continue;
		// Resolve the title's profile the way a launch does (user files, DB, env).
		char wanted[256] = "";
		launch_profile_proton(m->key, wanted, sizeof(wanted));
		bool fb;
		const struct proton *pick = proton_choose(l, wanted, &fb);
		char s_id[24], s_name[300];
		printf("  %-10s -> %s%s\n", text_safe(m->key, s_id, sizeof(s_id)),
		       text_safe(pick ? pick->name : "(none)", s_name, sizeof(s_name)),
		       fb ? " (fallback)" : "");
	}
	vdf_free(config);
}

int cmd_protons(int argc, char **argv)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	if (wants_help(argc, argv,
		       "usage: mvgal-launch protons\nProton builds found in every library and "
		       "compatibilitytools.d, newest first,\nand the build each title mapped to "
		       "mvgal gets.\n"))
		return 0;
	size_t nr = steam_roots_find(roots, STEAM_MAX_ROOTS);
	if (!nr) {
		fprintf(stderr, "mvgal-launch: protons: no Steam found in %s\n", path_home());
		return 1;
	}
	bool is_bad = false;
	for (size_t r = 0; r < nr; r++) {
		struct strv libs = {0}, tools = {0};
		struct proton_list l = {0};
		struct launch_err e;
		if (steam_libraries(roots[r].path, &libs, &e) < 0) {
			fprintf(stderr, "mvgal-launch: %s\n", e.msg);
			is_bad = true;
		}
		steam_tool_dirs(roots[r].path, &tools);
		proton_find(&libs, &tools, &l);
		char s_root[PATH_MAX], s_name[300], s_dir[PATH_MAX];
		printf("%s%s:\n", text_safe(roots[r].path, s_root, sizeof(s_root)),
		       roots[r].is_flatpak ? " (Flatpak)" : "");
		for (size_t done = 0; done < l.n; done++) {
			size_t best = done; // selection sort, newest first: a handful of builds
			for (size_t i = done + 1; i < l.n; i++)
				if (proton_newer(&l.v[i], &l.v[best]))
					best = i;
			struct proton tmp = l.v[done];
			l.v[done] = l.v[best];
			l.v[best] = tmp;
			printf("  %-28s %s%s\n", text_safe(l.v[done].name, s_name, sizeof(s_name)),
			       text_safe(l.v[done].dir, s_dir, sizeof(s_dir)),
			       done == 0 ? "  (newest)" : "");
		}
		if (!l.n)
			puts("  no Proton found: install one from Steam (Library > Tools)");
		protons_per_title(&roots[r], &l, &is_bad);
		proton_list_release(&l);
		strv_release(&libs);
		strv_release(&tools);
	}
	return is_bad ? 1 : 0;
}

// SPDX-License-Identifier: MIT
// `list` and `protons`: what Steam has installed and which tool each title uses. Both read
// Steam's files only (set-tool, in cmd_settool.c, is the one writer of config.vdf).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/array.h"
#include "compat/compat.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/usage.h"
#include "vdf/vdf.h"

#define MAPPING "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"

/*
 * Options of list and protons: --help, --steam-root DIR. Returns -1 to go on, else the exit
 * code (0 after --help, 2 on a usage error).
 */
static int parse_args(int argc, char **argv, const char *help, const char **root)
{
	for (int i = 1; i < argc; i++) {
		int used = option_steam_root(argc, argv, i, root);
		if (used > 0) {
			i += used - 1;
			continue;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(help, stdout);
			return 0;
		}
		error("%s: unexpected '%s' (see --help)", argv[0], argv[i]);
		return 2;
	}
	return -1;
}

/* config.vdf of root, NULL when absent or broken; a broken one is named and sets *is_bad. */
static struct vdf_node *load_config(const char *root, bool *is_bad)
{
	char p[PATH_MAX];
	struct vdf_node *doc = NULL;
	struct steam_diag e;
	if (fs_path_join(p, root, "config/config.vdf") < 0 || !fs_is_file(p))
		return NULL;
	if (steam_vdf_load(p, &doc, &e) < 0) {
		error("%s (tool mappings not shown)", e.msg);
		*is_bad = true;
	}
	return doc;
}

static bool has_profile(const char *appid)
{
	char cfg[PATH_MAX], p[PATH_MAX];
	fs_xdg_dir("XDG_CONFIG_HOME", ".config", cfg);
	return snprintf(p, sizeof(p), "%s/mvgal/profiles/%s.ini", cfg, appid) < (int)sizeof(p) &&
	       fs_is_file(p);
}

/*
 * The tool column: the title's own mapping, else Steam Play's default marked so: entry "0", or
 * without one Steam's own default (Proton Experimental), as the launcher takes it
 * (steam_tool_default). Steam applies that default to Windows games only: a native game runs
 * without a tool ("native"), and so does a shortcut unless it has its own mapping ("Force the
 * use of a specific Steam Play compatibility tool"). No config.vdf read (none, or a broken one,
 * named on stderr): "-".
 */
enum title_kind { TITLE_WINDOWS, TITLE_NATIVE, TITLE_SHORTCUT };

static const char *tool_of(const struct vdf_node *config, const char *appid, enum title_kind kind,
			   char *buf, size_t size)
{
	const char *tool = config ? steam_tool_mapping(config, appid) : NULL;
	enum steam_tool_why why;
	char s[96];
	if (tool)
		return text_safe(tool, buf, size);
	if (kind == TITLE_NATIVE)
		return "native";
	if (!config || kind != TITLE_WINDOWS)
		return "-";
	snprintf(buf, size, "%s (default)",
		 text_safe(steam_tool_default(config, &why), s, sizeof(s)));
	return buf;
}

// Steam's tools are apps too (Proton, the runtimes, Steamworks Common Redistributables): a game
// has no toolmanifest.vdf, every tool has one.
static bool is_tool_app(const char *lib, const struct vdf_node *acf, const char *appid)
{
	char dir[PATH_MAX];
	const char *inst = vdf_get_value(acf, "AppState/installdir", "");
	for (const struct steam_app_tool *t = steam_valve_tools(); t->internal; t++)
		if (!strcmp(t->appid, appid))
			return true;
	if (steam_runtime(appid) || !strcmp(appid, "228980"))
		return true;
	return inst[0] && !strchr(inst, '/') &&
	       snprintf(dir, sizeof(dir), "%s/steamapps/common/%s/toolmanifest.vdf", lib, inst) <
		       (int)sizeof(dir) &&
	       fs_is_file(dir);
}

// `list` fits 80 columns (issue 16): a name or tool longer than its column is cut with "...",
// and a shortcut's program, a path of any length, gets a line of its own below its row.
#define LIST_FORMAT "%-10s %-27s %-30s %s\n" /* 10 + 27 + 30 + PROFILE: 77 columns */

// The rows of every root, printed in name order (issue 27): case-insensitive, then by appid
// (as a number), then in the order found.
struct list_row {
	char *name; /* the sort key, as found */
	char appid[24];
	char *text; /* the row and a shortcut's program line, escaped */
	size_t found;
};
struct list_rows {
	struct list_row *v;
	size_t n, cap;
	bool has_failed;
};

static void list_row(struct list_rows *rows, const char *appid, const char *name,
		     const struct vdf_node *config, enum title_kind kind, const char *exe)
{
	char s_id[24], s_name[27 + 1], s_tool[30 + 1], s_exe[PATH_MAX], text[PATH_MAX + 256];
	int n = snprintf(text, sizeof(text), LIST_FORMAT, text_safe(appid, s_id, sizeof(s_id)),
			 text_safe(name, s_name, sizeof(s_name)),
			 tool_of(config, appid, kind, s_tool, sizeof(s_tool)),
			 has_profile(appid) ? "yes" : "-");
	if (exe && n > 0 && (size_t)n < sizeof(text)) /* a shortcut (steam.c takes off quotes) */
		snprintf(text + n, sizeof(text) - (size_t)n, "%-10s   program: %s\n", "",
			 text_safe(exe, s_exe, sizeof(s_exe)));
	struct list_row *v = array_grow(rows->v, &rows->cap, rows->n + 1, sizeof(*v), 64);
	if (v)
		rows->v = v;
	char *name_copy = strdup(name), *text_copy = strdup(text);
	if (!v || !name_copy || !text_copy) {
		free(name_copy);
		free(text_copy);
		rows->has_failed = true;
		return;
	}
	rows->v[rows->n] =
		(struct list_row){ .name = name_copy, .text = text_copy, .found = rows->n };
	snprintf(rows->v[rows->n].appid, sizeof(rows->v[rows->n].appid), "%s", appid);
	rows->n++;
}

static int cmp_row(const void *a, const void *b)
{
	const struct list_row *x = a, *y = b;
	size_t xl = strlen(x->appid), yl = strlen(y->appid);
	int c = strcasecmp(x->name, y->name);
	if (!c) /* appids are decimal numbers: the shorter is the smaller */
		c = xl != yl ? (xl > yl) - (xl < yl) : strcmp(x->appid, y->appid);
	return c ? c : (x->found > y->found) - (x->found < y->found);
}

static void list_library(struct list_rows *rows, const char *lib, const struct vdf_node *config,
			 bool *is_bad)
{
	char dir[PATH_MAX];
	if (fs_path_join(dir, lib, "steamapps") < 0)
		return;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char acf[PATH_MAX];
		struct vdf_node *doc = NULL;
		struct steam_diag e;
		size_t len = strlen(de->d_name);
		if (strncmp(de->d_name, "appmanifest_", 12) || len < 17 ||
		    strcmp(de->d_name + len - 4, ".acf") || fs_path_join(acf, dir, de->d_name) < 0)
			continue;
		if (steam_vdf_load(acf, &doc, &e) < 0) {
			error("%s (skipped)", e.msg);
			*is_bad = true;
			continue;
		}
		const char *appid = vdf_get_value(doc, "AppState/appid", "?");
		if (!is_tool_app(lib, doc, appid))
			list_row(rows, appid, vdf_get_value(doc, "AppState/name", "?"), config,
				 steam_app_is_windows(doc) ? TITLE_WINDOWS : TITLE_NATIVE, NULL);
		vdf_free(doc);
	}
	if (d)
		closedir(d);
}

static void list_shortcuts(struct list_rows *rows, const char *root, const struct vdf_node *config,
			   bool *is_bad)
{
	struct steam_shortcut_list sl;
	struct steam_diag e;
	if (steam_shortcuts(root, &sl, &e) < 0) {
		error("%s (shortcuts not shown)", e.msg);
		*is_bad = true;
	}
	for (size_t i = 0; i < sl.n; i++)
		list_row(rows, sl.v[i].appid, sl.v[i].name, config, TITLE_SHORTCUT, sl.v[i].exe);
	steam_shortcut_list_release(&sl);
}

int cmd_list(int argc, char **argv)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct steam_diag e;
	const char *only = NULL;
	int rc = parse_args(
		argc, argv,
		"usage: mvgal-launch list [--steam-root=DIR]\n"
		"Installed games of every Steam library and the non-Steam shortcuts:\n"
		"appid, name, compatibility tool (the title's own mapping in config.vdf,\n"
		"else for a Windows game Steam Play's default, marked \"(default)\": entry\n"
		"\"0\", or proton_experimental, Steam's own, when there is none; \"native\"\n"
		"for a Linux game), own profile present, and a shortcut's\n"
		"program, in name order. Proton and the runtimes are not listed.\n",
		&only);
	if (rc >= 0)
		return rc;
	int nr = steam_roots_select(only, path_home(), roots, STEAM_MAX_ROOTS, &e);
	if (nr < 0) {
		error("list: %s", e.msg);
		return 1;
	}
	// A broken VDF is named on stderr and the rest still listed; the exit status says so.
	bool is_bad = false;
	struct list_rows rows = { 0 };
	for (int r = 0; r < nr; r++) {
		struct strv libs = { 0 };
		struct vdf_node *config = load_config(roots[r].path, &is_bad);
		if (steam_libraries(roots[r].path, &libs, &e) < 0) {
			error("%s", e.msg);
			is_bad = true;
		}
		for (size_t i = 0; i < libs.n; i++)
			list_library(&rows, libs.v[i], config, &is_bad);
		list_shortcuts(&rows, roots[r].path, config, &is_bad);
		strv_release(&libs);
		vdf_free(config);
	}
	if (rows.n)
		qsort(rows.v, rows.n, sizeof(*rows.v), cmp_row);
	printf(LIST_FORMAT, "APPID", "NAME", "TOOL", "PROFILE");
	for (size_t i = 0; i < rows.n; i++) {
		fputs(rows.v[i].text, stdout);
		free(rows.v[i].name);
		free(rows.v[i].text);
	}
	free(rows.v);
	if (rows.has_failed) {
		error("list: out of memory");
		is_bad = true;
	}
	return is_bad ? 1 : 0;
}

// One row per title mapped to mvgal, with the game's name (80 columns: issue 16), and below it
// the build it runs and why (issue 24).
static void protons_per_title(const struct steam_root *root, const struct strv *libs,
			      const struct steam_proton_list *l, bool *is_bad)
{
	struct vdf_node *config = load_config(root->path, is_bad);
	const struct vdf_node *map = config ? vdf_get(config, MAPPING) : NULL;
	struct proton_choice_dirs cd;
	proton_choice_dirs_of(NULL, &cd);
	for (const struct vdf_node *m = map ? map->first : NULL; m; m = m->next) {
		const char *tool = vdf_get_value(m, "name", "");
		if (strcmp(tool, "mvgal"))
			continue;
		// Resolve the title's profile the way a launch does (user files, DB, env).
		char wanted[256], origin[512], line[4096], s_line[4096];
		struct proton_choice c;
		launch_profile_proton(m->key, wanted, sizeof(wanted), origin, sizeof(origin));
		proton_choice_make(l, root->path, m->key, wanted, origin, &cd, &c);
		char s_id[24], s_name[300], game[256] = "", s_game[28 + 1], dir[PATH_MAX];
		struct steam_diag e;
		if (steam_app_dir(libs, m->key, dir, game, sizeof(game), &e) < 0)
			game[0] = '\0';
		printf("  %-10s %-28s -> %s\n    %s\n", text_safe(m->key, s_id, sizeof(s_id)),
		       text_safe(game[0] ? game : "?", s_game, sizeof(s_game)),
		       text_safe(c.pick.p ? c.pick.p->name : "(none)", s_name, sizeof(s_name)),
		       text_safe(proton_choice_text(&c, line, sizeof(line)), s_line, sizeof(s_line)));
	}
	vdf_free(config);
}

static void print_proton(const struct steam_proton *p, bool is_newest)
{
	char s_name[300], s_dir[PATH_MAX], s_int[160], rt[160], s_rt[200];
	// the folder, a path of any length, on a line of its own: the rest fits 80 columns
	printf("  %-28s %s%s%s%s\n    in %s\n", text_safe(p->name, s_name, sizeof(s_name)),
	       p->internal[0] ? "[" : "",
	       p->internal[0] ? text_safe(p->internal, s_int, sizeof(s_int)) : "",
	       p->internal[0] ? "]" : "", is_newest ? "  (newest)" : "",
	       text_safe(p->dir, s_dir, sizeof(s_dir)));
	if (!p->require_appid[0])
		return;
	steam_runtime_name(p->require_appid, rt, sizeof(rt));
	printf("    needs %s%s\n", text_safe(rt, s_rt, sizeof(s_rt)),
	       p->has_runtime ? "" : ": NOT installed, never chosen automatically");
}

int cmd_protons(int argc, char **argv)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct steam_diag e;
	const char *only = NULL;
	int rc =
		parse_args(argc, argv,
			   "usage: mvgal-launch protons [--steam-root=DIR]\n"
			   "Proton builds found in every library and compatibilitytools.d, newest\n"
			   "first, with Steam's internal name and the runtime each needs; the\n"
			   "folders skipped and why; the build each title mapped to mvgal runs\n"
			   "and why (its profile's launch.proton, else the title's tool before\n"
			   "mvgal-launch, else Steam Play's default, else Steam's own default).\n",
			   &only);
	if (rc >= 0)
		return rc;
	int nr = steam_roots_select(only, path_home(), roots, STEAM_MAX_ROOTS, &e);
	if (nr < 0) {
		error("protons: %s", e.msg);
		return 1;
	}
	bool is_bad = false;
	for (int r = 0; r < nr; r++) {
		struct strv libs = { 0 }, tools = { 0 };
		struct steam_proton_list l = { 0 };
		if (steam_libraries(roots[r].path, &libs, &e) < 0) {
			error("%s", e.msg);
			is_bad = true;
		}
		steam_tool_dirs(roots[r].path, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &tools);
		steam_proton_find(&libs, &tools, &l);
		char s_root[PATH_MAX], s_why[2048];
		printf("%s%s:\n", text_safe(roots[r].path, s_root, sizeof(s_root)),
		       roots[r].is_flatpak ? " (Flatpak)" : "");
		for (size_t done = 0; done < l.n; done++) {
			size_t best = done; // selection sort, newest first: a handful of builds
			for (size_t i = done + 1; i < l.n; i++)
				if (steam_proton_newer(&l.v[i], &l.v[best]))
					best = i;
			struct steam_proton tmp = l.v[done];
			l.v[done] = l.v[best];
			l.v[best] = tmp;
			if (!l.v[done].broken[0]) /* named under "skipped" */
				print_proton(&l.v[done], done == 0);
		}
		if (!l.n)
			puts("  no Proton found: install one from Steam (Library > Tools)");
		for (size_t i = 0; i < l.skipped.n; i++)
			printf("  skipped %s\n", text_safe(l.skipped.v[i], s_why, sizeof(s_why)));
		protons_per_title(&roots[r], &libs, &l, &is_bad);
		steam_proton_list_release(&l);
		strv_release(&libs);
		strv_release(&tools);
	}
	return is_bad ? 1 : 0;
}

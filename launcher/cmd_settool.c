// SPDX-License-Identifier: MIT
// `set-tool APPID [TOOL|none]`: a title's compatibility tool in Steam's config.vdf
// (InstallConfigStore/Software/Valve/Steam/CompatToolMapping/<appid>). Steam keeps its own copy
// in memory and rewrites the file on exit, so we refuse while it runs. Only the entry's name
// (and config when asked) changes; every other byte of the file stays as Steam wrote it
// (vdf_write_keep()). The tool an entry had before the first change is remembered in
// $XDG_STATE_HOME/mvgal/set-tool.vdf ("name", "config"), so that `none` gives it back: appid 0
// is Steam Play's default for every title and is never deleted. "wrapped" is the tool the
// entry named when it was set to mvgal: the Proton a launch of that title wraps.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/fs.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/titles.h"
#include "launcher/usage.h"
#include "vdf/vdf.h"

static const char usage_text[] =
	"usage: mvgal-launch set-tool [--steam-root=DIR] [--force] [--config=VALUE]\n"
	"                             APPID|NAME [TOOL|none]\n"
	"Sets the compatibility tool of APPID (a game, a non-Steam shortcut, or 0 =\n"
	"Steam Play's default for all titles) to TOOL (default: mvgal), changing only\n"
	"the entry's name (and config with --config). 'none' gives back the tool the\n"
	"entry had before mvgal-launch first changed it (appid 0 is never deleted). An\n"
	"appid or a tool that is not installed is refused unless --force. Steam must be\n"
	"closed. NAME: a game's or a shortcut's name as `list` shows it, any case, or a\n"
	"unique part of it.\n"
	"Backups beside config.vdf: .mvgal-orig (Steam's file before the first change,\n"
	"never overwritten), .mvgal-bak (before the latest change), .mvgal-bak.1 and .2.\n";

struct settool {
	const char *root, *appid, *tool, *config;
	bool is_force;
	char cfg[PATH_MAX];   /* <root>/config/config.vdf (maybe a symlink) */
	char real[PATH_MAX];  /* the file it names: written through, keeping its mode */
	char state[PATH_MAX]; /* XDG_STATE_HOME (else ~/.local/state): set-tool's memory */
};

/* ---- the remembered tools ------------------------------------------------------------------ */

static int history_path(const char *state, char out[PATH_MAX])
{
	if (!state[0])
		return -ENOENT;
	return snprintf(out, PATH_MAX, "%s/mvgal/set-tool.vdf", state) >= PATH_MAX ? -ENAMETOOLONG
										   : 0;
}

/* The history document in the state folder (empty when there is none yet); NULL only when it
 * cannot be read. */
static struct vdf_node *history_load(const char *state)
{
	char p[PATH_MAX];
	struct vdf_node *doc = NULL;
	struct steam_diag e;
	if (history_path(state, p) < 0)
		return NULL;
	if (!fs_is_file(p))
		return vdf_new(&doc) == 0 ? doc : NULL;
	if (steam_vdf_load(p, &doc, &e) < 0)
		error("set-tool: %s (earlier tools not remembered)", e.msg);
	return doc;
}

static int history_save(const char *state, struct vdf_node *doc)
{
	char p[PATH_MAX], dir[PATH_MAX], *buf = NULL;
	size_t len;
	int rc = history_path(state, p);
	if (rc == 0) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(p, '/') - p), p);
		rc = fs_mkdirs(dir);
	}
	if (rc == 0)
		rc = vdf_write_keep(doc, &buf, &len);
	if (rc == 0)
		rc = write_atomic(p, buf, len);
	free(buf);
	return rc;
}

/* history/<config.vdf path>/<appid>, the '/' of the path not being a separator here */
static struct vdf_node *remembered(struct vdf_node *hist, const struct settool *st)
{
	struct vdf_node *top = hist ? vdf_child(hist, "set-tool") : NULL;
	struct vdf_node *cfg = top ? vdf_child(top, st->real) : NULL;
	return cfg ? vdf_child(cfg, st->appid) : NULL;
}

static int remember(struct vdf_node *hist, const struct settool *st, const struct vdf_node *entry)
{
	struct vdf_node *top, *cfg, *app;
	int rc = vdf_set_child(hist, "set-tool", NULL, &top);
	if (rc == 0)
		rc = vdf_set_child(top, st->real, NULL, &cfg);
	if (rc == 0)
		rc = vdf_set_child(cfg, st->appid, NULL, &app);
	if (rc == 0)
		rc = vdf_set_child(app, "name", entry ? vdf_get_value(entry, "name", "") : "", NULL);
	if (rc == 0)
		rc = vdf_set_child(app, "config", entry ? vdf_get_value(entry, "config", "") : "",
				   NULL);
	return rc;
}

bool settool_remembered(const char *state, const char *cfg_real, const char *appid, char *name,
			size_t size)
{
	struct vdf_node *hist = history_load(state);
	struct vdf_node *top = hist ? vdf_child(hist, "set-tool") : NULL;
	struct vdf_node *cfg = top ? vdf_child(top, cfg_real) : NULL;
	struct vdf_node *app = cfg ? vdf_child(cfg, appid) : NULL;
	if (app) /* the tool it left for ours, else the one before mvgal-launch's first change */
		snprintf(name, size, "%s",
			 vdf_get_value(app, "wrapped", vdf_get_value(app, "name", "")));
	vdf_free(hist);
	return app != NULL;
}

static void forget(struct vdf_node *hist, const struct settool *st)
{
	struct vdf_node *top = vdf_child(hist, "set-tool");
	struct vdf_node *cfg = top ? vdf_child(top, st->real) : NULL;
	if (cfg && vdf_child(cfg, st->appid))
		vdf_remove(cfg, st->appid);
}

/* ---- what Steam has: installed titles and tools ------------------------------------------- */

/* Every tool name Steam would accept for a mapping in this root; Protons by their Steam name. */
static void installed_tools(const char *root, const struct strv *libs, struct strv *names,
			    struct steam_proton_list *pl)
{
	struct strv dirs = { 0 };
	steam_tool_dirs(root, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &dirs);
	steam_proton_find(libs, &dirs, pl);
	for (size_t i = 0; i < pl->n; i++)
		strv_push_unique(names, pl->v[i].internal[0] ? pl->v[i].internal : pl->v[i].name);
	for (size_t d = 0; d < dirs.n; d++) {
		struct steam_compat_tool_list tl = { 0 };
		steam_compat_tools_scan(dirs.v[d], &tl);
		for (size_t i = 0; i < tl.n; i++)
			strv_push_unique(names, tl.v[i].internal);
		steam_compat_tool_list_release(&tl);
	}
	strv_release(&dirs);
}

/*
 * Refuses (1) an appid no library has installed and no shortcut has, and a tool that is not
 * installed; a Proton named by its folder or display name becomes Steam's name for it.
 */
static int validate(struct settool *st, char *tool, size_t tool_size)
{
	struct strv libs = { 0 }, names = { 0 };
	struct steam_shortcut_list sl = { 0 };
	struct steam_proton_list pl = { 0 };
	struct steam_diag e;
	char dir[PATH_MAX];
	int rc = 0;
	if (steam_libraries(st->root, &libs, &e) < 0)
		error("set-tool: %s", e.msg);
	if (steam_shortcuts(st->root, &sl, &e) < 0)
		error("set-tool: %s", e.msg);
	installed_tools(st->root, &libs, &names, &pl);
	if (strcmp(tool, "none") && strcmp(st->appid, "0") && !steam_shortcut_find(&sl, st->appid) &&
	    steam_app_dir(&libs, st->appid, dir, NULL, 0, &e) < 0) {
		error("set-tool: appid %s is installed in none of %zu "
		      "libraries of %s and is no non-Steam shortcut (see `mvgal-launch "
		      "list`); --force sets it anyway",
		      st->appid, libs.n, st->root);
		rc = 1;
	}
	if (rc == 0 && strcmp(tool, "none") && !strv_has(&names, tool)) {
		struct steam_proton_pick pick;
		steam_proton_choose(&pl, tool, &pick);
		if (pick.p && !pick.is_family && !pick.passed_over && pick.p->internal[0]) {
			snprintf(tool, tool_size, "%s", pick.p->internal);
		} else {
			char list[2048] = "";
			for (size_t i = 0; i < names.n; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", names.v[i]);
			error("set-tool: no tool \"%s\" is installed in %s; "
			      "installed: %s%s; --force sets it anyway",
			      tool, st->root, names.n ? list : "none",
			      strv_has(&names, "mvgal")
				      ? ""
				      : " (mvgal: run `mvgal-launch install` first)");
			rc = 1;
		}
	}
	steam_proton_list_release(&pl);
	steam_shortcut_list_release(&sl);
	strv_release(&names);
	strv_release(&libs);
	return rc;
}

/* ---- the edit -------------------------------------------------------------------------------- */

/*
 * Applies the change to doc and to the history. *shown gets what the entry now names.
 * Returns 0, 1 (refused, said why) or a negative errno.
 */
static int edit(struct vdf_node *doc, struct vdf_node *hist, const struct settool *st,
		const char *tool, char *shown, size_t shown_size)
{
	struct vdf_node *map = vdf_get(doc, STEAM_MAPPING);
	struct vdf_node *entry = map ? vdf_child(map, st->appid) : NULL;
	struct vdf_node *mem = remembered(hist, st);
	if (strcmp(tool, "none")) {
		int rc = mem || !hist ? 0 : remember(hist, st, entry);
		// The tool a title leaves for ours is the Proton a launch wraps (issue 24); "name"
		// stays Steam's original, which `none` gives back.
		const char *cur = entry ? vdf_get_value(entry, "name", "") : "";
		if (rc == 0 && hist && steam_tool_is_ours(tool) && !steam_tool_is_ours(cur))
			rc = vdf_set_child(remembered(hist, st), "wrapped", cur, NULL);
		snprintf(shown, shown_size, "%s", tool);
		return rc < 0 ? rc : steam_mapping_set(doc, st->appid, tool, st->config);
	}
	if (mem && vdf_get_value(mem, "name", "")[0]) {
		snprintf(shown, shown_size, "%s (the tool it had before)",
			 vdf_get_value(mem, "name", ""));
		return steam_mapping_set(doc, st->appid, vdf_get_value(mem, "name", ""),
					 vdf_get_value(mem, "config", ""));
	}
	if (!mem && !strcmp(st->appid, "0")) {
		error("set-tool: appid 0 is Steam Play's default for every "
		      "title and mvgal-launch remembers no earlier tool for it: name one "
		      "(e.g. `mvgal-launch set-tool 0 proton_experimental`); deleting it "
		      "would switch Steam Play off");
		return 1;
	}
	snprintf(shown, shown_size, "-");
	return steam_mapping_remove(doc, st->appid);
}

/* ---- backups and the write --------------------------------------------------------------- */

static void print_backups(const struct settool *st)
{
	char p[PATH_MAX];
	if (steam_config_backup_path(st->cfg, 0, p) == 0)
		printf("  Steam's original:      %s (kept, never overwritten)\n", p);
	if (steam_config_backup_path(st->cfg, 1, p) == 0)
		printf("  before this change:    %s\n", p);
	for (int i = 2; i <= STEAM_CONFIG_BACKUPS + 1; i++)
		if (steam_config_backup_path(st->cfg, i, p) == 0 && fs_is_file(p))
			printf("  older:                 %s\n", p);
}

static int write_config(struct vdf_node *doc, const struct settool *st)
{
	struct steam_diag d;
	int err = steam_config_write(doc, st->cfg, st->real, &d);
	if (err < 0)
		error("set-tool: %s", d.msg);
	return err;
}

/* After a title is mapped to mvgal: the build a launch will wrap, and why (issue 24). */
static void print_build(const struct settool *st)
{
	struct strv libs = { 0 }, dirs = { 0 };
	struct steam_proton_list pl = { 0 };
	struct proton_choice c;
	struct steam_diag e;
	char wanted[256], origin[512], line[4096], safe[4096];
	if (steam_libraries(st->root, &libs, &e) == 0 &&
	    steam_tool_dirs(st->root, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &dirs) == 0 &&
	    steam_proton_find(&libs, &dirs, &pl) == 0) {
		launch_profile_proton(st->appid, wanted, sizeof(wanted), origin, sizeof(origin));
		struct proton_choice_dirs cd;
		proton_choice_dirs_of(NULL, &cd);
		proton_choice_make(&pl, st->root, st->appid, wanted, origin, &cd, &c);
		printf("  mvgal-launch will run: %s\n",
		       text_safe(proton_choice_text(&c, line, sizeof(line)), safe, sizeof(safe)));
	}
	steam_proton_list_release(&pl);
	strv_release(&dirs);
	strv_release(&libs);
}

/* The entry already names tool (and config, when asked), or `none` finds nothing to undo. */
static bool is_already(struct vdf_node *doc, const struct settool *st, const char *tool)
{
	if (!strcmp(tool, "none")) {
		const struct vdf_node *map = vdf_get(doc, STEAM_MAPPING);
		struct vdf_node *hist = history_load(st->state);
		bool is_none = !(map && vdf_child(map, st->appid)) && !remembered(hist, st);
		vdf_free(hist);
		return is_none;
	}
	return steam_mapping_is(doc, st->appid, tool, st->config);
}

/* st->cfg for st->root, and st->real: the file it names (a symlinked config.vdf is written
 * through: the link stays, the file keeps its mode). False when the path is too long. */
static bool config_paths(struct settool *st)
{
	if (fs_path_join(st->cfg, st->root, "config/config.vdf") < 0)
		return false;
	if (!realpath(st->cfg, st->real))
		snprintf(st->real, sizeof(st->real), "%s", st->cfg);
	fs_xdg_dir("XDG_STATE_HOME", ".local/state", st->state); /* the command's environment */
	return true;
}

/* Writes the edit (the earlier tool remembered first, so that `none` can give it back), then
 * says what changed. 0, or 1 when something was not written (said why). */
static int write_edit(struct vdf_node *doc, struct vdf_node *hist, const struct settool *st,
		      const char *tool, const char *old, const char *shown)
{
	int err = 0;
	if (hist && strcmp(tool, "none") && (err = history_save(st->state, hist)) < 0)
		error("set-tool: cannot remember the earlier tool: %s "
		      "(config.vdf unchanged)",
		      vdf_strerror(err));
	if (err < 0 || write_config(doc, st) < 0)
		return 1;
	if (hist && !strcmp(tool, "none")) {
		forget(hist, st);
		history_save(st->state, hist); /* a stale memory only makes `none` restore again */
	}
	char s_old[160], s_new[400];
	printf("%s: %s -> %s in %s\n", st->appid, text_safe(old, s_old, sizeof(s_old)),
	       text_safe(shown, s_new, sizeof(s_new)), st->cfg);
	print_backups(st);
	if (!strcmp(tool, "mvgal"))
		print_build(st);
	return 0;
}

static int set_tool(struct settool *st)
{
	struct vdf_node *doc = NULL, *hist = NULL;
	struct steam_diag e;
	char tool[256], old[128], shown[300];
	long pid = 0;
	int rc = 1;
	if (!config_paths(st))
		return 1;
	if (steam_is_running(st->root, path_home(), &pid)) {
		error("set-tool: Steam is running (pid %ld) and rewrites "
		      "config.vdf when it exits: quit Steam first",
		      pid);
		return 1;
	}
	snprintf(tool, sizeof(tool), "%s", st->tool);
	if (steam_vdf_load(st->cfg, &doc, &e) < 0) {
		error("set-tool: %s", e.msg);
		return 1;
	}
	int err = steam_mapping_check(doc);
	if (err < 0 || (!st->is_force && validate(st, tool, sizeof(tool)))) {
		if (err < 0)
			error("set-tool: %s: %s: %s", st->cfg, STEAM_MAPPING, vdf_strerror(err));
		vdf_free(doc);
		return 1;
	}
	snprintf(old, sizeof(old), "%s", steam_tool_mapping(doc, st->appid) ?: "-");
	if (is_already(doc, st, tool)) {
		// nothing to write: no backup rotated out, no earlier tool remembered as this one
		char s_old[160];
		printf("%s: already %s in %s: nothing changed\n", st->appid,
		       text_safe(old, s_old, sizeof(s_old)), st->cfg);
		vdf_free(doc);
		return 0;
	}
	hist = history_load(st->state);
	err = edit(doc, hist, st, tool, shown, sizeof(shown));
	if (err < 0)
		error("set-tool: %s: %s", st->cfg, vdf_strerror(err));
	if (err == 0)
		rc = write_edit(doc, hist, st, tool, old, shown);
	vdf_free(hist);
	vdf_free(doc);
	return rc;
}

/*
 * Gives st->appid (mapped to ours) the tool it left for ours (set-tool's "wrapped"), else what
 * `none` gives back; the line to print once the file is written goes to changes. 0, 1 refused
 * (said why) or a negative errno.
 */
static int give_back_one(struct vdf_node *doc, struct vdf_node *hist, struct settool *st,
			 bool is_dry_run, struct strv *changes)
{
	char old[64], shown[300], s_new[400], s_id[24], *change = NULL;
	int err;
	snprintf(old, sizeof(old), "%s", steam_tool_mapping(doc, st->appid));
	if (!strcmp(st->appid, "0") && !remembered(hist, st)) {
		error("uninstall: Steam Play's default (appid 0) names "
		      "mvgal-launch and no earlier tool is remembered: set one "
		      "(`mvgal-launch set-tool 0 proton_experimental`), then uninstall "
		      "again (nothing changed)");
		return 1;
	}
	struct vdf_node *mem = remembered(hist, st);
	const char *wrapped = mem ? vdf_get_value(mem, "wrapped", "") : "";
	if (is_dry_run)
		return 0;
	if (wrapped[0] && !steam_tool_is_ours(wrapped)) {
		snprintf(shown, sizeof(shown), "%s (the tool it had before)", wrapped);
		err = steam_mapping_set(doc, st->appid, wrapped, NULL);
	} else {
		err = edit(doc, hist, st, "none", shown, sizeof(shown));
	}
	if (err != 0)
		return err;
	if (asprintf(&change, "%s: %s -> %s in %s", text_safe(st->appid, s_id, sizeof(s_id)), old,
		     text_safe(shown, s_new, sizeof(s_new)), st->cfg) < 0)
		return -ENOMEM;
	return strv_push_take(changes, change);
}

int settool_give_back(const char *root, bool is_dry_run)
{
	struct settool st = { .root = root, .tool = "none" };
	struct vdf_node *doc = NULL, *hist = NULL;
	struct strv appids = { 0 }, changes = { 0 };
	struct steam_diag e;
	long pid = 0;
	int rc = 1, err = 0;
	if (!config_paths(&st) || !fs_is_file(st.cfg))
		return 0; /* a root Steam never started: no title is mapped */
	if (steam_vdf_load(st.cfg, &doc, &e) < 0 || (err = steam_mapping_check(doc)) < 0 ||
	    steam_mapping_ours(doc, &appids) < 0) {
		error("uninstall: %s%s%s (nothing changed)", err < 0 ? st.cfg : e.msg,
		      err < 0 ? ": " STEAM_MAPPING ": " : "", err < 0 ? vdf_strerror(err) : "");
		goto out;
	}
	// Steam keeps the mappings in memory and writes config.vdf when it exits: it would write
	// ours back, and keep listing the tool until it restarts.
	if (steam_is_running(root, path_home(), &pid)) {
		error("uninstall: Steam is running (pid %ld): it would keep titles "
		      "mapped to mvgal-launch and write them back to %s when it exits; quit "
		      "Steam, then uninstall again (nothing changed)",
		      pid, st.cfg);
		goto out;
	}
	hist = history_load(st.state);
	for (size_t i = 0; i < appids.n; i++) {
		st.appid = appids.v[i];
		if ((err = give_back_one(doc, hist, &st, is_dry_run, &changes)) != 0)
			goto out;
	}
	rc = 0;
	if (is_dry_run || !appids.n || (err = write_config(doc, &st)) < 0) {
		rc = err < 0;
		goto out;
	}
	for (size_t i = 0; i < changes.n; i++)
		puts(changes.v[i]);
	for (size_t i = 0; hist && i < appids.n; i++) {
		st.appid = appids.v[i];
		forget(hist, &st);
	}
	if (hist)
		history_save(st.state, hist); /* a stale memory only makes `none` restore again */
	print_backups(&st);
out:
	strv_release(&changes);
	strv_release(&appids);
	vdf_free(hist);
	vdf_free(doc);
	return rc;
}

int cmd_set_tool(int argc, char **argv)
{
	struct settool st = { 0 };
	struct steam_root r;
	struct steam_diag e;
	for (int i = 1; i < argc; i++) {
		int used = option_steam_root(argc, argv, i, &st.root);
		if (used > 0) {
			i += used - 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--force")) {
			st.is_force = true;
		} else if (!strncmp(argv[i], "--config=", 9)) {
			st.config = argv[i] + 9;
		} else if (used == 0 && argv[i][0] != '-' && !st.appid) {
			st.appid = argv[i];
		} else if (used == 0 && argv[i][0] != '-' && !st.tool) {
			st.tool = argv[i];
		} else {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	struct steam_title_pick pick;
	if (st.appid && st.appid[0] && strspn(st.appid, "0123456789") != strlen(st.appid)) {
		// a game's name, as `list` shows it, means its appid (launcher/titles.c)
		int code = titles_resolve("set-tool", st.appid, false, &pick);
		if (code)
			return code;
		char safe[300];
		if (!pick.appid[0]) {
			error("set-tool: '%s' is a program, not a Steam title or "
			      "shortcut: name its appid (see `mvgal-launch list`)",
			      text_safe(st.appid, safe, sizeof(safe)));
			return 1;
		}
		fprintf(stderr, "set-tool: '%s' is appid %s\n",
			text_safe(pick.name, safe, sizeof(safe)), pick.appid);
		st.appid = pick.appid;
	}
	if (!st.appid || !st.appid[0] || strspn(st.appid, "0123456789") != strlen(st.appid) ||
	    strlen(st.appid) > 10 || (st.tool && (!st.tool[0] || strpbrk(st.tool, "/\"\n"))) ||
	    (st.config && strpbrk(st.config, "\"\n"))) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (!st.tool)
		st.tool = "mvgal";
	if (st.root ? steam_roots_select(st.root, path_home(), &r, 1, &e) < 0
		    : steam_root_current(getenv("STEAM_COMPAT_CLIENT_INSTALL_PATH"), path_home(),
					 &r, &e) < 0) {
		error("set-tool: %s", e.msg);
		return 1;
	}
	st.root = r.path;
	return set_tool(&st);
}

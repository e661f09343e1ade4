// SPDX-License-Identifier: MIT
// `install` / `uninstall`: the Steam tool folder compatibilitytools.d/mvgal/ (DESIGN.md
// sections 3 and 8): compatibilitytool.vdf, toolmanifest.vdf and the program itself.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "compat/compat.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/usage.h"
#include "vdf/vdf.h"

struct target {
	char dir[PATH_MAX]; /* .../compatibilitytools.d/mvgal */
	bool is_copy;	    /* Flatpak Steam cannot see the host's files: copy, not link */
	int layer_rc;	    /* Flatpak: 0 the layer is in place, 1 there is none to copy */
	char layer_why[PATH_MAX + 256]; /* layer_rc 1: why */
	const char *prefix;		/* where this program is installed (its lib/mvgal) */
};

static int targets_collect(const char *only_root, struct target *t, size_t max, size_t *n)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct strv extra = { 0 };
	size_t nr = 0;
	*n = 0;
	if (only_root) {
		if (!realpath(only_root, roots[0].path))
			return -errno;
		roots[0].is_flatpak = strstr(roots[0].path, "com.valvesoftware.Steam") != NULL;
		nr = 1;
	} else {
		nr = steam_roots_find(path_home(), roots, STEAM_MAX_ROOTS);
	}
	for (size_t i = 0; i < nr && *n < max; i++, (*n)++) {
		t[*n].is_copy = roots[i].is_flatpak;
		t[*n].layer_rc = 1;
		if (snprintf(t[*n].dir, PATH_MAX, "%s/compatibilitytools.d/" STEAM_TOOL_NAME,
			     roots[i].path) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	// STEAM_EXTRA_COMPAT_TOOLS_PATHS names folders that hold tools, like compatibilitytools.d.
	int rc = only_root ? 0
			   : steam_tool_dirs(NULL, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &extra);
	for (size_t i = 1; rc == 0 && i < extra.n && *n < max; i++, (*n)++) {
		t[*n].is_copy = false;
		t[*n].layer_rc = 1;
		if (snprintf(t[*n].dir, PATH_MAX, "%s/" STEAM_TOOL_NAME, extra.v[i]) >= PATH_MAX)
			rc = -ENAMETOOLONG;
	}
	strv_release(&extra);
	return rc;
}

/*
 * Flatpak Steam: the libraries go into the staged tool folder and the manifests naming them (at
 * the tool folder's final path) into the sandbox's data folder, before the folder is swapped in:
 * an I/O error leaves the old folder, whose libraries have the same paths. t->layer_rc: 0 done,
 * 1 this program has no layer beside it (t->layer_why says why), or a negative errno.
 */
static int flatpak_layer(const char *stage, void *ctx)
{
	struct target *t = ctx;
	char app[PATH_MAX], dest[PATH_MAX];
	int rc = steam_flatpak_app_dir(t->dir, app) < 0
			 ? 1
			 : steam_tool_folder_copy_libs(t->prefix, stage);
	snprintf(t->layer_why, sizeof(t->layer_why), "no layer beside this program in %s/lib/mvgal",
		 t->prefix);
	if (rc == 0)
		rc = flatpak_layer_manifests(t->prefix, t->dir, app, dest, t->layer_why,
					     sizeof(t->layer_why));
	t->layer_rc = rc == -ENOENT ? 1 : rc;
	// No layer to copy: the tool still goes in whole, and flatpak_extras() says that the
	// settings will not apply and how to fix it (it once stopped here, leaving the stage).
	return t->layer_rc == 1 ? 0 : t->layer_rc;
}

/* The tool folder (steam/tool_folder.c), and the notes it left for the user. */
static int install_one(struct target *t, const char *self)
{
	struct steam_tool_folder f = { .dir = t->dir,
				       .program = self,
				       .is_copy = t->is_copy,
				       .stage_more = t->is_copy ? flatpak_layer : NULL,
				       .ctx = t };
	int rc = steam_tool_folder_install(&f);
	for (size_t i = 0; i < f.notes.n; i++)
		error("%s", f.notes.v[i]);
	strv_release(&f.notes);
	return rc;
}

static int parse_root(int argc, char **argv, const char **root, const char *cmd)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: mvgal-launch %s [--steam-root DIR]\n"
			       "%s the Steam compatibility tool in DIR, or in every Steam root\n"
			       "found (native, Flatpak) and in STEAM_EXTRA_COMPAT_TOOLS_PATHS.\n%s",
			       cmd, !strcmp(cmd, "install") ? "Registers" : "Removes",
			       !strcmp(cmd, "install")
				       ? ""
				       : "First every title mapped to it gets the tool it had "
					 "before\n"
					 "(as set-tool APPID none); refused while Steam runs.\n");
			return 0;
		}
		int used = option_steam_root(argc, argv, i, root);
		if (used > 0) {
			i += used - 1;
		} else {
			error("%s: unexpected '%s' (see --help)", cmd, argv[i]);
			return 2;
		}
	}
	return -1;
}

/* The serial of the DB at path, 0 when it does not open. */
static unsigned long long db_serial(const char *path)
{
	struct compat_db *db = NULL;
	unsigned long long serial = compat_db_open(path, &db) == 0 ? compat_db_serial(db) : 0;
	compat_db_close(db);
	return serial;
}

/* What flatpak_layer() did, or that settings will not apply there and the one fix. */
static void flatpak_layer_say(const struct target *t, const char *app)
{
	char safe[sizeof(t->layer_why) * 4], dest[PATH_MAX];
	if (t->layer_rc == 0 &&
	    steam_flatpak_path(app, STEAM_XDG_DATA, "vulkan/implicit_layer.d", dest) == 0) {
		printf("Flatpak Steam: the layer's manifests in %s, "
		       "the layer and OpenGL libraries in %s/lib/mvgal and lib32/mvgal\n",
		       dest, t->dir);
		return;
	}
	flatpak_layer_remove(app); /* they would name libraries that are no longer there */
	printf("Flatpak Steam: settings will NOT apply to its games: %s; run `make install "
	       "PREFIX=$HOME/.local`, then `$HOME/.local/bin/mvgal-launch install`\n",
	       text_safe(t->layer_why, safe, sizeof(safe)));
}

/*
 * Flatpak Steam runs the program in its sandbox, which sees neither ~/.config/mvgal nor the
 * shipped DB: the DB goes into the sandbox's XDG_DATA_HOME as compat-update.db, the name
 * compat_db_choose() takes from there (unless a newer one is there), and the user is told
 * where profiles go.
 */
static void flatpak_extras(const struct target *t)
{
	char app[PATH_MAX], dst[PATH_MAX], dir[PATH_MAX], *buf = NULL;
	struct compat_db_choice ch;
	size_t len = 0;
	if (steam_flatpak_app_dir(t->dir, app) < 0)
		return;
	flatpak_layer_say(t, app);
	if (steam_flatpak_path(app, STEAM_XDG_DATA, "mvgal", dir) < 0 ||
	    fs_path_join(dst, dir, "compat-update.db") < 0)
		return;
	if (db_choose(NULL, &ch) < 0 || !ch.path[0]) {
		printf("Flatpak Steam: no compat DB here to copy (%s)\n", ch.why);
	} else if (db_serial(dst) >= db_serial(ch.path) && db_serial(dst)) {
		printf("Flatpak Steam: compat DB in %s\n", dst); /* as new as ours: kept */
	} else {
		int rc = fs_mkdirs(dir);
		if (rc == 0)
			rc = vdf_read_file(ch.path, &buf, &len);
		if (rc == 0)
			rc = write_atomic(dst, buf, len);
		free(buf);
		if (rc < 0 && rc != VDF_EDIRSYNC)
			error("install: cannot copy the compat DB to %s: %s", dst, vdf_strerror(rc));
		else
			printf("Flatpak Steam: compat DB in %s\n", dst);
	}
	char cfg[PATH_MAX], state[PATH_MAX];
	if (steam_flatpak_path(app, STEAM_XDG_CONFIG, "mvgal", cfg) == 0 &&
	    steam_flatpak_path(app, STEAM_XDG_STATE, "mvgal", state) == 0)
		printf("Flatpak Steam: your profiles go in %s/ (default.ini, "
		       "profiles/<appid>.ini), the launch log in %s/\n",
		       cfg, state);
}

int cmd_install(int argc, char **argv)
{
	const char *root = NULL;
	struct target t[STEAM_MAX_ROOTS * 2];
	size_t n = 0;
	char self[PATH_MAX], prefix[PATH_MAX], found[PATH_MAX], opts[PATH_MAX * 2];
	int rc = parse_root(argc, argv, &root, "install");
	if (rc >= 0)
		return rc;
	// The test build honours MVGAL_DB_TEST_PUBKEY: as Steam's tool, anything that can set the
	// user's environment could make its `db update` install a DB of its own (issue 23).
	if (compat_update_has_test_key()) {
		// (the variable's name stays out of the shipped program: test_db_update.sh)
		error("install: refused: this is the test build, whose "
		      "`db update` trusts a key from the environment; register the shipped "
		      "program instead (build/mvgal-launch install, or make install)");
		return 1;
	}
	if ((rc = path_self(self)) < 0 || (rc = program_prefix(prefix)) < 0 ||
	    (rc = targets_collect(root, t, 16, &n)) < 0) {
		error("install: %s: %s", root ? root : "Steam roots", strerror(-rc));
		return 1;
	}
	if (n == 0) {
		error("install: no Steam found in %s (~/.steam/root, "
		      "~/.local/share/Steam, Flatpak): start Steam once or pass "
		      "--steam-root DIR",
		      path_home());
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		t[i].prefix = prefix;
		if ((rc = install_one(&t[i], self)) < 0) {
			error("install: %s: %s%s", t[i].dir, vdf_strerror(rc),
			      rc == VDF_EDIRSYNC ? "" : " (left as it was)");
			return 1;
		}
		printf("installed %s%s\n", t[i].dir, t[i].is_copy ? " (copy, Flatpak)" : "");
		if (t[i].is_copy)
			flatpak_extras(&t[i]);
	}
	puts("restart Steam, then pick \"" STEAM_TOOL_DISPLAY
	     "\" (Windows games) or \"" STEAM_NATIVE_DISPLAY
	     "\" (native Linux games) in a game's Properties > Compatibility");
	// Steam runs launch options with its own PATH: the full path works whatever it holds.
	program_launch_options(self, opts, sizeof(opts));
	printf("or as a game's launch options: %s\n", opts);
	rc = program_on_path(self, found);
	if (rc != 1)
		printf("note: %s is not what PATH finds as mvgal-launch (%s): in a terminal call "
		       "it by "
		       "that full path, or add its folder to PATH\n",
		       self, rc ? found : "nothing");
	return 0;
}

/*
 * Titles mapped to our tools get back the tool they had before (issue 24): checked in every
 * root first, so that a refusal (Steam running) leaves every root as it was, then written.
 */
static int give_back_all(const char *only_root)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	size_t nr = 0;
	if (only_root && realpath(only_root, roots[0].path))
		nr = 1;
	else if (!only_root)
		nr = steam_roots_find(path_home(), roots, STEAM_MAX_ROOTS);
	for (size_t i = 0; i < nr; i++)
		if (settool_give_back(roots[i].path, true))
			return 1;
	for (size_t i = 0; i < nr; i++)
		if (settool_give_back(roots[i].path, false))
			return 1;
	return 0;
}

int cmd_uninstall(int argc, char **argv)
{
	const char *root = NULL;
	struct target t[STEAM_MAX_ROOTS * 2];
	size_t n = 0, removed = 0;
	int rc = parse_root(argc, argv, &root, "uninstall");
	if (rc >= 0)
		return rc;
	if ((rc = targets_collect(root, t, 16, &n)) < 0) {
		error("uninstall: %s: %s", root ? root : "Steam roots", strerror(-rc));
		return 1;
	}
	if (give_back_all(root))
		return 1;
	for (size_t i = 0; i < n; i++) {
		char parent[PATH_MAX];
		struct strv notes = { 0 };
		if (steam_tool_folder_parent(t[i].dir, parent) < 0)
			continue;
		steam_tool_folder_strays(parent, &notes);
		for (size_t k = 0; k < notes.n; k++)
			error("%s", notes.v[k]);
		strv_release(&notes);
		if (!fs_is_dir(t[i].dir))
			continue;
		if ((rc = steam_tool_folder_uninstall(t[i].dir, parent)) < 0) {
			error("uninstall: %s: %s (left in place%s)", t[i].dir, strerror(-rc),
			      rc == -ENOTEMPTY ? ", with only files mvgal-launch did not write" : "");
			return 1;
		}
		printf("removed %s\n", t[i].dir);
		// Flatpak: the layer's manifests named libraries in that folder
		if (t[i].is_copy && steam_flatpak_app_dir(t[i].dir, parent) == 0)
			flatpak_layer_remove(parent);
		removed++;
	}
	if (!removed)
		puts("mvgal-launch is not installed in any Steam root found");
	return 0;
}

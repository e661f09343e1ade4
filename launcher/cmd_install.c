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

#define TOOL_NAME "mvgal"
#define TOOL_DISPLAY "mvgal-launch (Proton wrapper)"
#define NATIVE_NAME "mvgal-native"
#define NATIVE_DISPLAY "mvgal-launch (native)"
#define NATIVE_DIR "native" /* the native tool's folder inside the tool folder */
#define PROGRAM "mvgal-launch"

struct target {
	char dir[PATH_MAX]; /* .../compatibilitytools.d/mvgal */
	bool is_copy;	    /* Flatpak Steam cannot see the host's files: copy, not link */
	int layer_rc;	    /* Flatpak: 0 the layer is in place, 1 there is none to copy */
	char layer_why[PATH_MAX + 256]; /* layer_rc 1: why */
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
		if (snprintf(t[*n].dir, PATH_MAX, "%s/compatibilitytools.d/" TOOL_NAME,
			     roots[i].path) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	// STEAM_EXTRA_COMPAT_TOOLS_PATHS names folders that hold tools, like compatibilitytools.d.
	int rc = only_root ? 0
			   : steam_tool_dirs(NULL, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &extra);
	for (size_t i = 1; rc == 0 && i < extra.n && *n < max; i++, (*n)++) {
		t[*n].is_copy = false;
		t[*n].layer_rc = 1;
		if (snprintf(t[*n].dir, PATH_MAX, "%s/" TOOL_NAME, extra.v[i]) >= PATH_MAX)
			rc = -ENAMETOOLONG;
	}
	strv_release(&extra);
	return rc;
}

/* A VDF file from (path, value) pairs, in order. */
static int write_vdf(const char *dir, const char *name, const char *const *kv, size_t n_kv)
{
	struct vdf_node *doc = NULL;
	char path[PATH_MAX], *buf = NULL;
	size_t len;
	int rc = vdf_new(&doc);
	for (size_t i = 0; rc == 0 && i < n_kv; i += 2)
		rc = vdf_set(doc, kv[i], kv[i + 1], NULL);
	if (rc == 0)
		rc = vdf_write(doc, &buf, &len);
	if (rc == 0)
		rc = fs_path_join(path, dir, name);
	if (rc == 0)
		rc = write_atomic(path, buf, len);
	free(buf);
	vdf_free(doc);
	return rc;
}

/* Puts the program into a staging folder: a link, or for Flatpak Steam an executable copy. */
static int place_program(const char *dir, const char *self, bool is_copy)
{
	char path[PATH_MAX];
	int rc = fs_path_join(path, dir, PROGRAM);
	if (rc < 0)
		return rc;
	if (!is_copy)
		return symlink(self, path) < 0 ? -errno : 0;
	char *buf = NULL;
	size_t len = 0;
	rc = vdf_read_file(self, &buf, &len);
	if (rc == 0)
		rc = write_atomic(path, buf, len);
	free(buf);
	return rc == 0 && chmod(path, 0755) < 0 ? -errno : rc;
}

/* What install writes into a tool folder, and write_atomic()'s ".<name>.XXXXXX" temps of it. */
static bool is_ours(const char *name)
{
	static const char *const files[] = { "compatibilitytool.vdf", "toolmanifest.vdf", PROGRAM };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t n = strlen(files[i]);
		if (!strcmp(name, files[i]) || (name[0] == '.' && !strncmp(name + 1, files[i], n) &&
						name[n + 1] == '.' && strlen(name + n + 2) == 6))
			return true;
	}
	return false;
}

/* rm -r of a folder install wrote whole; links are removed, never followed. */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;
	struct dirent *de;
	char p[PATH_MAX];
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    fs_path_join(p, path, de->d_name) == 0)
			remove_tree(p);
	if (d) {
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/*
 * Removes a tool folder (or whatever else is at path): our files are deleted; anything else is
 * moved into keep_to (the folder replacing it), or left, so that rmdir fails, when keep_to is
 * NULL. A symlink is removed itself, never followed.
 */
static int tool_folder_remove(const char *path, const char *keep_to)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? -errno : 0;
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	struct dirent *de;
	while ((de = readdir(d))) {
		char p[PATH_MAX], to[PATH_MAX];
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    fs_path_join(p, path, de->d_name) < 0)
			continue;
		if (!strcmp(de->d_name, NATIVE_DIR))
			tool_folder_remove(p, NULL); /* ours inside it; the user's keep it */
		else if (!strcmp(de->d_name, "lib") || !strcmp(de->d_name, "lib32"))
			remove_tree(p); /* Flatpak: the libraries install copied (flatpak.c) */
		else if (is_ours(de->d_name))
			unlink(p);
		else if (keep_to && fs_path_join(to, keep_to, de->d_name) == 0 && access(to, F_OK) < 0)
			rename(p, to);
	}
	closedir(d);
	return rmdir(path) < 0 ? -errno : 0;
}

/* Staging folders a killed install or uninstall left: ".mvgal.XXXXXX" beside the tool folder. */
static void remove_strays(const char *parent)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		char p[PATH_MAX];
		if (!strncmp(de->d_name, "." TOOL_NAME ".", sizeof(TOOL_NAME) + 1) &&
		    strlen(de->d_name) == sizeof(TOOL_NAME) + 7 &&
		    fs_path_join(p, parent, de->d_name) == 0 &&
		    tool_folder_remove(p, NULL) == -ENOTEMPTY)
			error("note: %s holds files mvgal-launch did not "
			      "write; left in place",
			      p);
	}
	closedir(d);
}

static int parent_of(const char *dir, char parent[PATH_MAX])
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] != '/')
		n--;
	if (n <= 1 || n > PATH_MAX)
		return -EINVAL;
	memcpy(parent, dir, n - 1);
	parent[n - 1] = '\0';
	return 0;
}

/* An empty ".mvgal.XXXXXX" beside dir, on the same filesystem so that rename() can swap it. */
static int stage_new(const char *dir, char stage[PATH_MAX], char parent[PATH_MAX])
{
	if (parent_of(dir, parent) < 0)
		return -EINVAL;
	if (snprintf(stage, PATH_MAX, "%s/." TOOL_NAME ".XXXXXX", parent) >= PATH_MAX)
		return -ENAMETOOLONG;
	int rc = fs_mkdirs(parent);
	if (rc == 0)
		remove_strays(parent);
	if (rc == 0 && !mkdtemp(stage))
		rc = -errno;
	return rc;
}

/*
 * Puts the complete staged folder at dir in one step: a plain rename when dir is absent (or an
 * empty folder), else an exchange (the old folder lands at the stage's name and is removed).
 * Filesystems without RENAME_EXCHANGE get two renames: for a moment there is no tool folder,
 * never a partial one. VDF_EDIRSYNC: the new folder is in place, but the sync of parent failed.
 */
static int swap_in(const char *stage, const char *dir, const char *parent)
{
	char old[PATH_MAX];
	int rc = 0;
	if (rename(stage, dir) == 0)
		goto synced;
	if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR && errno != EISDIR)
		return -errno;
	if (renameat2(AT_FDCWD, stage, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		snprintf(old, sizeof(old), "%s", stage);
	} else if (errno == EINVAL || errno == ENOSYS) {
		// a fresh name for the old folder (dir may be a file: nothing may sit there)
		if (snprintf(old, sizeof(old), "%s/." TOOL_NAME ".XXXXXX", parent) >= PATH_MAX ||
		    !mkdtemp(old) || rmdir(old) < 0 || rename(dir, old) < 0)
			return -errno;
		if (rename(stage, dir) < 0) {
			rc = -errno;
			rename(old, dir); /* put it back; if that fails, the next install cleans up */
			return rc;
		}
	} else {
		return -errno;
	}
	rc = tool_folder_remove(old, dir);
	if (rc < 0)
		error("note: cannot remove the old tool folder %s: %s", old, strerror(-rc));
synced:
	return fs_fsync_dir(parent) < 0 ? VDF_EDIRSYNC : 0;
}

/*
 * Writes the tool folder whole: the two VDFs and the program go into a hidden staging folder
 * beside it, which then replaces the old folder in one rename. Steam, or a kill at any moment,
 * sees the old folder (or none) or the complete new one.
 */
/*
 * The native tool: native/toolmanifest.vdf and native/mvgal-launch, a relative link to the
 * program beside it (also inside Flatpak's sandbox, which sees the whole tool folder).
 */
static int place_native(const char *stage)
{
	static const char *const manifest[] = { "manifest/version",
						"2",
						"manifest/commandline",
						"/" PROGRAM " --native %verb%",
						"manifest/use_tool_subprocess_reaper",
						"1",
						"manifest/compatmanager_layer_name",
						NATIVE_NAME };
	char dir[PATH_MAX], link[PATH_MAX];
	int rc = fs_path_join(dir, stage, NATIVE_DIR);
	if (rc == 0 && mkdir(dir, 0755) < 0)
		rc = -errno;
	if (rc == 0)
		rc = write_vdf(dir, "toolmanifest.vdf", manifest, 8);
	if (rc == 0)
		rc = fs_path_join(link, dir, PROGRAM);
	if (rc == 0 && symlink("../" PROGRAM, link) < 0)
		rc = -errno;
	if (rc == 0)
		rc = fs_fsync_dir(dir);
	return rc;
}

/*
 * Flatpak Steam: the libraries go into the staged tool folder and the manifests naming them (at
 * the tool folder's final path) into the sandbox's data folder, before the folder is swapped in:
 * an I/O error leaves the old folder, whose libraries have the same paths. 0 done, 1 this
 * program has no layer beside it (t->layer_why says why), or a negative errno.
 */
static int flatpak_layer(struct target *t, const char *prefix, const char *stage)
{
	char app[PATH_MAX], dest[PATH_MAX];
	int rc = steam_flatpak_app_dir(t->dir, app) < 0 ? 1 : flatpak_layer_stage(prefix, stage);
	snprintf(t->layer_why, sizeof(t->layer_why), "no layer beside this program in %s/lib/mvgal",
		 prefix);
	if (rc == 0)
		rc = flatpak_layer_manifests(prefix, t->dir, app, dest, t->layer_why,
					     sizeof(t->layer_why));
	return rc == -ENOENT ? 1 : rc;
}

/*
 * One folder, two tools (compatibilitytool.vdf lists both; a folder has one toolmanifest, so
 * the native tool's install_path is the subfolder native/): Windows games through Proton, and
 * native Linux games, which run with the layer and their profile but without Proton. Both
 * declare compatmanager_layer_name as Proton ("proton") and the runtimes
 * ("container-runtime") do; the wrapper answers Proton's verbs, so it declares Proton's.
 */
static int install_one(struct target *t, const char *self, const char *prefix)
{
#define CT "compatibilitytools/compat_tools/"
	static const char *const tools[] = { CT TOOL_NAME "/install_path",   ".",
					     CT TOOL_NAME "/display_name",   TOOL_DISPLAY,
					     CT TOOL_NAME "/from_oslist",    "windows",
					     CT TOOL_NAME "/to_oslist",	     "linux",
					     CT NATIVE_NAME "/install_path", NATIVE_DIR,
					     CT NATIVE_NAME "/display_name", NATIVE_DISPLAY,
					     CT NATIVE_NAME "/from_oslist",  "linux",
					     CT NATIVE_NAME "/to_oslist",    "linux" };
#undef CT
	// No require_tool_appid: we start the runtime the chosen Proton asks for ourselves, so
	// this program runs on the host (DESIGN.md section 3, step 1).
	static const char *const manifest[] = { "manifest/version",
						"2",
						"manifest/commandline",
						"/" PROGRAM " %verb%",
						"manifest/use_tool_subprocess_reaper",
						"1",
						"manifest/compatmanager_layer_name",
						"proton" };
	char stage[PATH_MAX], parent[PATH_MAX];
	int rc = stage_new(t->dir, stage, parent);
	if (rc < 0)
		return rc;
	rc = write_vdf(stage, "toolmanifest.vdf", manifest, 8);
	if (rc == 0)
		rc = place_program(stage, self, t->is_copy);
	if (rc == 0)
		rc = place_native(stage);
	if (rc == 0 && t->is_copy) /* the layer and the OpenGL library, where the sandbox sees */
		rc = t->layer_rc = flatpak_layer(t, prefix, stage);
	if (rc == 0) /* last: the file that makes Steam list the tools */
		rc = write_vdf(stage, "compatibilitytool.vdf", tools, 16);
	if (rc == 0 && chmod(stage, 0755) < 0) /* mkdtemp made it 0700 */
		rc = -errno;
	if (rc == 0)
		rc = fs_fsync_dir(stage);
	if (rc == VDF_EDIRSYNC) /* from write_atomic: in the stage, just a failed sync */
		rc = -EIO;
	if (rc == 0)
		rc = swap_in(stage, t->dir, parent);
	if (rc < 0 && rc != VDF_EDIRSYNC)
		tool_folder_remove(stage, NULL);
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
	char safe[sizeof(t->layer_why) * 4];
	if (t->layer_rc == 0) {
		printf("Flatpak Steam: the layer's manifests in %s/data/vulkan/implicit_layer.d, "
		       "the layer and OpenGL libraries in %s/lib/mvgal and lib32/mvgal\n",
		       app, t->dir);
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
	if (snprintf(dir, sizeof(dir), "%s/data/mvgal", app) >= (int)sizeof(dir) ||
	    fs_path_join(dst, dir, "compat-update.db") < 0)
		return;
	if (compat_db_choose_default(&ch) < 0 || !ch.path[0]) {
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
	printf("Flatpak Steam: your profiles go in %s/config/mvgal/ (default.ini, "
	       "profiles/<appid>.ini), the launch log in %s/.local/state/mvgal/\n",
	       app, app);
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
		if ((rc = install_one(&t[i], self, prefix)) < 0) {
			error("install: %s: %s%s", t[i].dir, vdf_strerror(rc),
			      rc == VDF_EDIRSYNC ? "" : " (left as it was)");
			return 1;
		}
		printf("installed %s%s\n", t[i].dir, t[i].is_copy ? " (copy, Flatpak)" : "");
		if (t[i].is_copy)
			flatpak_extras(&t[i]);
	}
	puts("restart Steam, then pick \"" TOOL_DISPLAY "\" (Windows games) or \"" NATIVE_DISPLAY
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
 * Takes the tool folder out of Steam's sight with one rename, then deletes it: a kill leaves the
 * complete folder or none (plus a hidden stray the next install or uninstall removes). A folder
 * that also holds files we did not write goes back in place, without ours.
 */
static int uninstall_one(const char *dir, const char *parent)
{
	char away[PATH_MAX];
	if (snprintf(away, sizeof(away), "%s/." TOOL_NAME ".XXXXXX", parent) >= (int)sizeof(away))
		return -ENAMETOOLONG;
	if (!mkdtemp(away) || rmdir(away) < 0 || rename(dir, away) < 0)
		return -errno;
	// Not checked: should the rename not reach the disk, the complete folder comes back.
	fs_fsync_dir(parent);
	int rc = tool_folder_remove(away, NULL);
	if (rc == -ENOTEMPTY)
		rename(away, dir);
	return rc;
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
		if (parent_of(t[i].dir, parent) < 0)
			continue;
		remove_strays(parent);
		if (!fs_is_dir(t[i].dir))
			continue;
		if ((rc = uninstall_one(t[i].dir, parent)) < 0) {
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

// SPDX-License-Identifier: MIT
// mvgal-launch's own tool folder, <compatibilitytools.d>/mvgal (DESIGN.md sections 3 and 8):
// compatibilitytool.vdf, toolmanifest.vdf, the program, the native tool's native/ subfolder and,
// for Flatpak Steam, copies of the libraries. Written whole in a hidden staging folder beside
// it, then swapped in with one rename; taken out of Steam's sight with one rename, then deleted.
// Steam, or a kill at any moment, sees the old folder (or none) or the complete new one.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "common/text.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

#define NATIVE_DIR "native" /* the native tool's folder inside the tool folder */
#define PROGRAM "mvgal-launch"

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
			remove_tree(p); /* Flatpak: the libraries install copied */
		else if (is_ours(de->d_name))
			unlink(p);
		else if (keep_to && fs_path_join(to, keep_to, de->d_name) == 0 && access(to, F_OK) < 0)
			rename(p, to);
	}
	closedir(d);
	return rmdir(path) < 0 ? -errno : 0;
}

int steam_tool_folder_strays(const char *parent, struct strv *notes)
{
	DIR *d = opendir(parent);
	if (!d)
		return 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d))) {
		char p[PATH_MAX], safe[2 * PATH_MAX], *note = NULL;
		if (!strncmp(de->d_name, "." STEAM_TOOL_NAME ".", sizeof(STEAM_TOOL_NAME) + 1) &&
		    strlen(de->d_name) == sizeof(STEAM_TOOL_NAME) + 7 &&
		    fs_path_join(p, parent, de->d_name) == 0 &&
		    tool_folder_remove(p, NULL) == -ENOTEMPTY && rc == 0 &&
		    (asprintf(&note, "note: %s holds files mvgal-launch did not write; left in place",
			      text_safe(p, safe, sizeof(safe))) < 0 ||
		     strv_push_take(notes, note) < 0))
			rc = -ENOMEM;
	}
	closedir(d);
	return rc;
}

int steam_tool_folder_parent(const char *dir, char parent[PATH_MAX])
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
static int stage_new(struct steam_tool_folder *f, char stage[PATH_MAX], char parent[PATH_MAX])
{
	if (steam_tool_folder_parent(f->dir, parent) < 0)
		return -EINVAL;
	if (snprintf(stage, PATH_MAX, "%s/." STEAM_TOOL_NAME ".XXXXXX", parent) >= PATH_MAX)
		return -ENAMETOOLONG;
	int rc = fs_mkdirs(parent);
	if (rc == 0)
		rc = steam_tool_folder_strays(parent, &f->notes);
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
static int swap_in(struct steam_tool_folder *f, const char *stage, const char *parent)
{
	char old[PATH_MAX], safe[2 * PATH_MAX], *note = NULL;
	int rc = 0;
	if (rename(stage, f->dir) == 0)
		goto synced;
	if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR && errno != EISDIR)
		return -errno;
	if (renameat2(AT_FDCWD, stage, AT_FDCWD, f->dir, RENAME_EXCHANGE) == 0) {
		snprintf(old, sizeof(old), "%s", stage);
	} else if (errno == EINVAL || errno == ENOSYS) {
		// a fresh name for the old folder (dir may be a file: nothing may sit there)
		if (snprintf(old, sizeof(old), "%s/." STEAM_TOOL_NAME ".XXXXXX", parent) >= PATH_MAX ||
		    !mkdtemp(old) || rmdir(old) < 0 || rename(f->dir, old) < 0)
			return -errno;
		if (rename(stage, f->dir) < 0) {
			rc = -errno;
			rename(old, f->dir); /* put it back; if that fails, the next install cleans up */
			return rc;
		}
	} else {
		return -errno;
	}
	rc = tool_folder_remove(old, f->dir);
	if (rc < 0 && asprintf(&note, "note: cannot remove the old tool folder %s: %s",
			       text_safe(old, safe, sizeof(safe)), strerror(-rc)) >= 0)
		strv_push_take(&f->notes, note);
synced:
	return fs_fsync_dir(parent) < 0 ? VDF_EDIRSYNC : 0;
}

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
						STEAM_NATIVE_NAME };
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

/* The staged folder's files; compatibilitytool.vdf, which makes Steam list the tools, last. */
static int stage_fill(struct steam_tool_folder *f, const char *stage)
{
#define CT "compatibilitytools/compat_tools/"
	static const char *const tools[] = {
		CT STEAM_TOOL_NAME "/install_path",   ".",
		CT STEAM_TOOL_NAME "/display_name",   STEAM_TOOL_DISPLAY,
		CT STEAM_TOOL_NAME "/from_oslist",    "windows",
		CT STEAM_TOOL_NAME "/to_oslist",      "linux",
		CT STEAM_NATIVE_NAME "/install_path", NATIVE_DIR,
		CT STEAM_NATIVE_NAME "/display_name", STEAM_NATIVE_DISPLAY,
		CT STEAM_NATIVE_NAME "/from_oslist",  "linux",
		CT STEAM_NATIVE_NAME "/to_oslist",    "linux"
	};
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
	int rc = write_vdf(stage, "toolmanifest.vdf", manifest, 8);
	if (rc == 0)
		rc = place_program(stage, f->program, f->is_copy);
	if (rc == 0)
		rc = place_native(stage);
	if (rc == 0 && f->stage_more && (rc = f->stage_more(stage, f->ctx)) > 0)
		rc = -EINVAL; /* not a promised answer: no half-made folder goes in */
	if (rc == 0)
		rc = write_vdf(stage, "compatibilitytool.vdf", tools, 16);
	if (rc == 0 && chmod(stage, 0755) < 0) /* mkdtemp made it 0700 */
		rc = -errno;
	if (rc == 0)
		rc = fs_fsync_dir(stage);
	return rc == VDF_EDIRSYNC ? -EIO : rc; /* from write_atomic: in the stage, just a sync */
}

int steam_tool_folder_install(struct steam_tool_folder *f)
{
	char stage[PATH_MAX], parent[PATH_MAX];
	int rc = stage_new(f, stage, parent);
	if (rc < 0)
		return rc;
	rc = stage_fill(f, stage);
	if (rc == 0)
		rc = swap_in(f, stage, parent);
	if (rc < 0 && rc != VDF_EDIRSYNC)
		tool_folder_remove(stage, NULL);
	return rc;
}

int steam_tool_folder_uninstall(const char *dir, const char *parent)
{
	char away[PATH_MAX];
	if (snprintf(away, sizeof(away), "%s/." STEAM_TOOL_NAME ".XXXXXX", parent) >=
	    (int)sizeof(away))
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

/* Copies the folder src into dst (created): files with their mode, folders, and relative links
 * as they are (the OpenGL library's gl/$PLATFORM links); an absolute link would name a host
 * path the sandbox cannot see, so it is left out. */
static int copy_tree(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *de;
	int rc = d ? 0 : -errno;
	if (rc == 0 && mkdir(dst, 0755) < 0 && errno != EEXIST)
		rc = -errno;
	while (rc == 0 && (de = readdir(d))) {
		char s[PATH_MAX], t[PATH_MAX], link[PATH_MAX], *buf = NULL;
		struct stat st;
		size_t len = 0;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((rc = fs_path_join(s, src, de->d_name)) < 0 ||
		    (rc = fs_path_join(t, dst, de->d_name)) < 0)
			break;
		if (lstat(s, &st) < 0) {
			rc = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			rc = copy_tree(s, t);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(s, link, sizeof(link) - 1);
			if (n < 0)
				rc = -errno;
			else if ((link[n] = '\0', link[0] != '/') && symlink(link, t) < 0)
				rc = -errno;
		} else if (S_ISREG(st.st_mode)) {
			rc = fs_read_file(s, 1u << 30, &buf, &len);
			if (rc == 0)
				rc = fs_replace_file(t, buf, len, (int)(st.st_mode & 0755));
			free(buf);
		}
	}
	if (d)
		closedir(d);
	return rc == 0 ? fs_fsync_dir(dst) : rc == FS_EDIRSYNC ? -EIO : rc;
}

int steam_tool_folder_copy_libs(const char *prefix, const char *stage)
{
	static const char *const dirs[] = { "lib/mvgal", "lib32/mvgal" };
	char src[PATH_MAX], dst[PATH_MAX];
	int rc = 0, n = 0;
	for (size_t i = 0; rc == 0 && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (fs_path_join(src, prefix, dirs[i]) < 0 || !fs_is_dir(src))
			continue;
		n++;
		rc = fs_path_join(dst, stage, dirs[i]);
		if (rc == 0)
			rc = fs_mkdirs(dst);
		if (rc == 0)
			rc = copy_tree(src, dst);
	}
	return rc < 0 ? rc : n ? 0 : -ENOENT;
}

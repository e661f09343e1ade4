// SPDX-License-Identifier: MIT
// Flatpak Steam (com.valvesoftware.Steam) runs the tool inside its sandbox, where the user's
// files live under ~/.var/app/<app id>/ (steam/flatpak.c has the paths): this reads the
// sandbox's environment for them, and puts the layer's manifests into the app's data folder.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "launcher/launcher.h"
#include "launcher/implicit_layer.h"

const char *flatpak_app_id(char *buf, size_t size)
{
	return steam_flatpak_app_id(getenv("FLATPAK_ID"), "/.flatpak-info", buf, size);
}

void flatpak_xdg_defaults(void)
{
	const char *values[STEAM_XDG_N];
	char id[256], paths[STEAM_XDG_N][PATH_MAX];
	if (!flatpak_app_id(id, sizeof(id)))
		return;
	for (int i = 0; i < STEAM_XDG_N; i++)
		values[i] = getenv(steam_xdg_var((enum steam_xdg)i));
	if (steam_flatpak_xdg_defaults(path_home(), id, values, paths) < 0)
		return;
	for (int i = 0; i < STEAM_XDG_N; i++)
		if (paths[i][0])
			setenv(steam_xdg_var((enum steam_xdg)i), paths[i], 1);
}

/* Removes every manifest of ours in dir but those named in keep, and the temporary files a
 * killed write_atomic() of one left (".<name>.XXXXXX", which the loader never reads). */
static void remove_other_manifests(const char *dir, const struct strv *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[PATH_MAX];
	size_t pre = strlen(LAYER_MANIFEST_PREFIX);
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		bool is_temp = de->d_name[0] == '.' &&
			       !strncmp(de->d_name + 1, LAYER_MANIFEST_PREFIX, pre);
		bool is_ours = !strncmp(de->d_name, LAYER_MANIFEST_PREFIX, pre) && n > 5 &&
			       !strcmp(de->d_name + n - 5, ".json");
		if ((!is_temp && !is_ours) || fs_path_join(p, dir, de->d_name) < 0)
			continue;
		bool is_kept = false;
		for (size_t i = 0; i < keep->n; i++)
			is_kept = is_kept || !strcmp(fs_path_base(keep->v[i]), de->d_name);
		if (!is_kept)
			unlink(p);
	}
	if (d)
		closedir(d);
}

static int layer_dest(const char *app_dir, char dest[PATH_MAX])
{
	// The sandbox's XDG_DATA_HOME: app_dir/data, or app_dir/.local/share that steam-wrapper
	// sets, which it links data to (flathub/com.valvesoftware.Steam, steam_wrapper.py).
	return steam_flatpak_path(app_dir, STEAM_XDG_DATA, "vulkan/implicit_layer.d", dest);
}

void flatpak_layer_remove(const char *app_dir)
{
	struct strv none = { 0 };
	char dest[PATH_MAX];
	if (layer_dest(app_dir, dest) == 0)
		remove_other_manifests(dest, &none);
}

int flatpak_layer_manifests(const char *prefix, const char *tool_dir, const char *app_dir,
			    char dest[PATH_MAX], char *why, size_t why_len)
{
	struct strv src_dirs = { 0 }, files = { 0 };
	char src[PATH_MAX], lib[PATH_MAX], moved[PATH_MAX], out[PATH_MAX], *json = NULL, *text = NULL;
	size_t len = 0, plen = strlen(prefix);
	int rc = fs_path_join(src, prefix, "share/vulkan/implicit_layer.d");
	why[0] = '\0';
	if (rc == 0)
		rc = layer_dest(app_dir, dest);
	if (rc == 0 &&
	    (strv_push(&src_dirs, src) < 0 || implicit_layer_first(&src_dirs, &files) <= 0)) {
		snprintf(why, why_len, "no layer manifest in %s", src);
		rc = 1;
	}
	if (rc == 0)
		rc = fs_mkdirs(dest);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		if (implicit_layer_library(files.v[i], lib, why, why_len) < 0)
			rc = 1;
		if (rc == 0 && (strncmp(lib, prefix, plen) || lib[plen] != '/')) {
			snprintf(why, why_len, "%s names %s, not a library under %s", files.v[i],
				 lib, prefix);
			rc = 1;
		}
		if (rc == 0 && snprintf(moved, sizeof(moved), "%s%s", tool_dir, lib + plen) >=
				       (int)sizeof(moved))
			rc = -ENAMETOOLONG;
		if (rc == 0)
			rc = fs_read_file(files.v[i], 1 << 20, &json, &len);
		if (rc == 0)
			rc = implicit_layer_with_library(json, moved, &text);
		if (rc == 0)
			rc = fs_path_join(out, dest, fs_path_base(files.v[i]));
		if (rc == 0)
			rc = write_atomic(out, text, strlen(text));
		if (rc == FS_EDIRSYNC)
			rc = -EIO;
		free(json);
		free(text);
		json = text = NULL;
	}
	if (rc == 0)
		remove_other_manifests(dest, &files);
	if (rc < 0)
		snprintf(why, why_len, "%s: %s", dest, fs_strerror(rc));
	strv_release(&files);
	strv_release(&src_dirs);
	return rc;
}

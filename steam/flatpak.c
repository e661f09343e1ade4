// SPDX-License-Identifier: MIT
// Flatpak Steam's sandbox (see steam.h): the user's files of an app live under
// ~/.var/app/<app id>/: XDG_CONFIG_HOME = .../config, XDG_DATA_HOME = .../data,
// XDG_CACHE_HOME = .../cache, XDG_STATE_HOME = .../.local/state (Flatpak's documented layout;
// `flatpak run` sets them, versions before 1.13 not XDG_STATE_HOME).
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/fs.h"
#include "steam/steam.h"

static const struct {
	const char *var, *rel;
} xdg[STEAM_XDG_N] = {
	[STEAM_XDG_CONFIG] = { "XDG_CONFIG_HOME", "config" },
	[STEAM_XDG_DATA] = { "XDG_DATA_HOME", "data" },
	[STEAM_XDG_CACHE] = { "XDG_CACHE_HOME", "cache" },
	[STEAM_XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
};

int steam_flatpak_app_dir(const char *root, char out[PATH_MAX])
{
	const char *m = strstr(root, "/.var/app/" STEAM_FLATPAK_ID "/");
	if (!m)
		return -1;
	size_t n = (size_t)(m - root) + strlen("/.var/app/" STEAM_FLATPAK_ID);
	snprintf(out, PATH_MAX, "%.*s", (int)n, root);
	return 0;
}

const char *steam_xdg_var(enum steam_xdg which)
{
	return xdg[which].var;
}

int steam_flatpak_path(const char *app_dir, enum steam_xdg which, const char *sub, char out[PATH_MAX])
{
	int n = sub && sub[0] ? snprintf(out, PATH_MAX, "%s/%s/%s", app_dir, xdg[which].rel, sub)
			      : snprintf(out, PATH_MAX, "%s/%s", app_dir, xdg[which].rel);
	return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

const char *steam_flatpak_app_id(const char *flatpak_id, const char *info, char *buf, size_t size)
{
	if (flatpak_id && flatpak_id[0]) {
		snprintf(buf, size, "%s", flatpak_id);
		return buf;
	}
	// the sandbox's own keyfile: "[Application]\nname=com.valvesoftware.Steam\n..."
	FILE *f = fs_fopen_read(info);
	if (!f)
		return NULL;
	char line[512];
	const char *found = NULL;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "name=", 5)) {
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(buf, size, "%s", line + 5);
			found = buf;
		}
	fclose(f);
	if (!found)
		snprintf(buf, size, "%s", STEAM_FLATPAK_ID);
	return buf;
}

int steam_flatpak_xdg_defaults(const char *home, const char *app_id,
			       const char *const values[STEAM_XDG_N], char out[STEAM_XDG_N][PATH_MAX])
{
	char app_dir[PATH_MAX];
	for (int i = 0; i < STEAM_XDG_N; i++)
		out[i][0] = '\0';
	if (!home || !home[0] || !app_id[0] || strchr(app_id, '/') || !strcmp(app_id, "..") ||
	    !strcmp(app_id, "."))
		return -EINVAL;
	if (snprintf(app_dir, sizeof(app_dir), "%s/.var/app/%s", home, app_id) >= (int)sizeof(app_dir))
		return -ENAMETOOLONG;
	for (int i = 0; i < STEAM_XDG_N; i++)
		if (!values[i] || values[i][0] != '/')
			steam_flatpak_path(app_dir, (enum steam_xdg)i, NULL, out[i]);
	return 0;
}

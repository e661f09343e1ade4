// SPDX-License-Identifier: MIT
// Flatpak Steam (com.valvesoftware.Steam) runs the tool inside its sandbox, where the user's
// files live under ~/.var/app/<app id>/: XDG_CONFIG_HOME = .../config, XDG_DATA_HOME = .../data,
// XDG_CACHE_HOME = .../cache, XDG_STATE_HOME = .../.local/state (Flatpak's documented layout;
// `flatpak run` sets them, older versions not XDG_STATE_HOME).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/launcher.h"

const char *flatpak_app_id(char *buf, size_t size)
{
	const char *id = getenv("FLATPAK_ID");
	if (id && id[0]) {
		snprintf(buf, size, "%s", id);
		return buf;
	}
	// /.flatpak-info is the sandbox's own keyfile: "[Application]\nname=com.valvesoftware.Steam"
	FILE *f = fs_fopen_read("/.flatpak-info");
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
		snprintf(buf, size, "com.valvesoftware.Steam");
	return buf;
}

void flatpak_xdg_defaults(void)
{
	static const struct {
		const char *var, *rel;
	} dirs[] = {
		{ "XDG_CONFIG_HOME", "config" },
		{ "XDG_DATA_HOME", "data" },
		{ "XDG_CACHE_HOME", "cache" },
		{ "XDG_STATE_HOME", ".local/state" },
	};
	char id[256], p[PATH_MAX];
	if (!flatpak_app_id(id, sizeof(id)) || !path_home()[0] || strchr(id, '/'))
		return;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		const char *v = getenv(dirs[i].var);
		if (v && v[0] == '/')
			continue;
		if (snprintf(p, sizeof(p), "%s/.var/app/%s/%s", path_home(), id, dirs[i].rel) <
		    (int)sizeof(p))
			setenv(dirs[i].var, p, 1);
	}
}

int flatpak_app_dir(const char *root, char out[PATH_MAX])
{
	const char *m = strstr(root, "/.var/app/com.valvesoftware.Steam/");
	if (!m)
		return -1;
	size_t n = (size_t)(m - root) + strlen("/.var/app/com.valvesoftware.Steam");
	snprintf(out, PATH_MAX, "%.*s", (int)n, root);
	return 0;
}

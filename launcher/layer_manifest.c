// SPDX-License-Identifier: MIT
// Where the Vulkan loader looks for implicit layer manifests on Linux, and whether ours is in one
// of those places, found without loading Vulkan (a launch must not pay for the loader). Order as
// the loader's docs list it (LoaderLayerInterface.md, "Linux Layer Discovery"):
//   $XDG_CONFIG_HOME (~/.config), $XDG_CONFIG_DIRS (/etc/xdg), /etc, $XDG_DATA_HOME
//   (~/.local/share), $XDG_DATA_DIRS (/usr/local/share:/usr/share), each +
//   /vulkan/implicit_layer.d; VK_IMPLICIT_LAYER_PATH replaces them and VK_ADD_IMPLICIT_LAYER_PATH
//   adds folders (loaders from 1.3.296 on; VK_LAYER_PATH and VK_ADD_LAYER_PATH are for explicit
//   layers only).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/launcher.h"
#include "launcher/layer_manifest.h"

static void push_xdg_list(struct strv *dirs, const char *var, const char *fallback)
{
	const char *list = getenv(var);
	struct strv bases = { 0 };
	char p[PATH_MAX];
	strv_push_colon_list(&bases, list && list[0] ? list : fallback);
	for (size_t i = 0; i < bases.n; i++)
		if (snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", bases.v[i]) < (int)sizeof(p))
			strv_push_unique(dirs, p);
	strv_release(&bases);
}

static void push_xdg_home(struct strv *dirs, const char *var, const char *home_rel)
{
	char base[PATH_MAX], p[PATH_MAX];
	fs_xdg_dir(var, home_rel, base);
	if (base[0] && snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", base) < (int)sizeof(p))
		strv_push_unique(dirs, p);
}

int layer_manifest_dirs(struct strv *dirs)
{
	const char *only = getenv("VK_IMPLICIT_LAYER_PATH");
	const char *add = getenv("VK_ADD_IMPLICIT_LAYER_PATH");
	if (only && only[0])
		return strv_push_colon_list(dirs, only);
	if (add && add[0])
		strv_push_colon_list(dirs, add);
	push_xdg_home(dirs, "XDG_CONFIG_HOME", ".config");
	push_xdg_list(dirs, "XDG_CONFIG_DIRS", "/etc/xdg");
	strv_push_unique(dirs, "/etc/vulkan/implicit_layer.d");
	push_xdg_home(dirs, "XDG_DATA_HOME", ".local/share");
	push_xdg_list(dirs, "XDG_DATA_DIRS", "/usr/local/share:/usr/share");
	return 0;
}

bool layer_manifest_find(char out[PATH_MAX])
{
	struct strv dirs = { 0 };
	bool is_found = false;
	layer_manifest_dirs(&dirs);
	for (size_t i = 0; i < dirs.n && !is_found; i++)
		is_found = snprintf(out, PATH_MAX, "%s/" LAYER_MANIFEST_JSON, dirs.v[i]) < PATH_MAX &&
			   path_is_file(out);
	strv_release(&dirs);
	if (!is_found)
		out[0] = '\0';
	return is_found;
}

void layer_manifest_fix(char *out, size_t size)
{
	char exe_dir[PATH_MAX], built[PATH_MAX], app[256];
	// Flatpak Steam's loader sees only layers of a Flatpak extension or under the app's own
	// folders: the app's data folder is the one way without building an extension.
	if (flatpak_app_id(app, sizeof(app))) {
		snprintf(out, size,
			 "it is not visible in the Flatpak sandbox: on the host run `make install "
			 "PREFIX=$HOME/.var/app/%s/data DATADIR=$HOME/.var/app/%s/data` (the one "
			 "way "
			 "Flatpak Steam sees it without a Flatpak extension)",
			 app, app);
		return;
	}
	// run from the build tree: its share/ has a manifest the loader can be pointed at
	if (path_exe_dir(exe_dir) == 0 &&
	    snprintf(built, sizeof(built), "%s/share/vulkan/implicit_layer.d/" LAYER_MANIFEST_JSON,
		     exe_dir) < (int)sizeof(built) &&
	    path_is_file(built)) {
		snprintf(out, size,
			 "run `make install PREFIX=~/.local`, or for this build tree "
			 "XDG_DATA_DIRS=%s/share:${XDG_DATA_DIRS:-/usr/local/share:"
			 "/usr/share}",
			 exe_dir);
		return;
	}
	snprintf(out, size,
		 "install it where the loader looks: `make install PREFIX=~/.local` "
		 "(or PREFIX=/usr); `mvgal-launch check` shows where it looks");
}

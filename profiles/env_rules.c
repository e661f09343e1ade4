// SPDX-License-Identifier: MIT
// What a user profile's [env] may name: any variable except those that load code, pick the
// driver's files or layers, or move the game's home. What a compat DB entry may set is
// db_rules.c.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profiles/profiles_internal.h"

/* ---- user profiles ------------------------------------------------------------------------ */

/* Whole names a profile may not set: they load code into the game or its runtime, replace
 * the Vulkan/GL/EGL/VA driver it loads, or move where the game and Steam keep their files. */
static const char *const refused_names[] = { "PATH",
					     "ENABLE_MVGAL",
					     "DISABLE_MVGAL",
					     "HOME",
					     "GCONV_PATH",
					     "GLIBC_TUNABLES",
					     "VK_ICD_FILENAMES",
					     "VK_DRIVER_FILES",
					     "VK_ADD_DRIVER_FILES",
					     "VK_LOADER_DRIVERS_SELECT",
					     "VK_LOADER_DRIVERS_DISABLE",
					     "__EGL_VENDOR_LIBRARY_FILENAMES",
					     "__EGL_VENDOR_LIBRARY_DIRS",
					     "__GLX_VENDOR_LIBRARY_NAME",
					     "LIBGL_DRIVERS_PATH",
					     "LIBGL_DRIVERS_DIR",
					     "GBM_BACKENDS_PATH",
					     "LIBVA_DRIVERS_PATH",
					     "VDPAU_DRIVER_PATH",
					     "MESA_LOADER_DRIVER_OVERRIDE",
					     "PERL5LIB",
					     "PERLLIB",
					     "RUBYLIB",
					     "RUBYOPT",
					     "NODE_OPTIONS",
					     "BASH_ENV",
					     "GIO_EXTRA_MODULES",
					     "GTK_MODULES",
					     "GTK_PATH",
					     "QT_PLUGIN_PATH",
					     "SDL_DYNAMIC_API",
					     "WINEDLLPATH",
					     "WINELOADER",
					     "WINESERVER",
					     "PROTON_REMOTE_DEBUG_CMD",
					     NULL };
/* Prefixes refused the same way (LD_*: the dynamic loader, LD_AUDIT included). */
static const char *const refused_prefixes[] = { "LD_",	  "PYTHON",	 "STEAM_COMPAT_",
						"XDG_",	  "GST_PLUGIN_", "PRESSURE_VESSEL_",
						"MVGAL_", NULL };

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const char *refused_why(const char *name)
{
	if (has_prefix(name, "MVGAL_"))
		return "use the schema's key instead (see `mvgal-launch profile show --explain`)";
	for (const char *const *r = refused_names; *r; r++)
		if (!strcmp(name, *r))
			return "it could run code, replace a driver or hide the layer";
	for (const char *const *r = refused_prefixes; *r; r++)
		if (has_prefix(name, *r))
			return "it could run code, replace a driver or hide the layer";
	// The loader's layer variables: VK_INSTANCE_LAYERS, VK_ADD_LAYER_PATH,
	// VK_LOADER_LAYERS_DISABLE, ... (Vulkan-Loader docs/LoaderInterfaceArchitecture.md).
	if (has_prefix(name, "VK_") && strstr(name, "LAYER"))
		return "it could load or hide a Vulkan layer";
	return NULL;
}

int profile_env_name_check(const char *name, char *msg, size_t size)
{
	if (!name || !*name || !(isalpha((unsigned char)*name) || *name == '_')) {
		snprintf(msg, size, "[env] '%s' is not a valid variable name", name ? name : "");
		return PROFILE_EINVAL;
	}
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_') {
			snprintf(msg, size, "[env] '%s' is not a valid variable name", name);
			return PROFILE_EINVAL;
		}
	}
	const char *why = refused_why(name);
	if (why) {
		snprintf(msg, size, "[env] %s is refused: %s", name, why);
		return PROFILE_EINVAL;
	}
	return 0;
}

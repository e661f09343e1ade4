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
					     "SDL_DYNAMIC_API",
					     "WINEDLLPATH",
					     "WINELOADER",
					     "WINESERVER",
					     "PROTON_REMOTE_DEBUG_CMD",
					     NULL };
/*
 * Interpreter, toolkit-module and start-up-hook variables (issue 23): each makes a shell, an
 * interpreter or a toolkit somewhere in the launch chain (Steam's scripts, Proton's Python,
 * pressure-vessel, a game's own runtime) load or run code it names. From each one's
 * documentation; an entry ending in '*' is a prefix (Lua's versioned LUA_PATH_5_4 and the like).
 */
static const char *const hook_names[] = {
	// bash(1) "Shell Variables": BASH_ENV is sourced by every non-interactive bash (ENV by
	// an interactive sh or bash); SHELLOPTS and BASHOPTS turn options (xtrace) on in every
	// bash script, and PS4 is expanded, command substitutions included, before each traced
	// command.
	"BASH_ENV",
	"ENV",
	"SHELLOPTS",
	"BASHOPTS",
	"PS4",
	// docs.gtk.org "Running GTK Applications" (GTK 3): modules loaded at gtk_init()
	"GTK_MODULES",
	"GTK3_MODULES",
	"GTK_PATH",
	"GTK_IM_MODULE_FILE",
	"GTK_EXE_PREFIX",
	// GIO "Running GIO applications": GIO modules; gdk-pixbuf: its loaders
	"GIO_MODULE_DIR",
	"GIO_EXTRA_MODULES",
	"GDK_PIXBUF_MODULE_FILE",
	"GDK_PIXBUF_MODULEDIR",
	// Qt "Environment variables" (Qt 5/6 deployment docs): plugin and QML import paths
	"QT_PLUGIN_PATH",
	"QT_QPA_PLATFORM_PLUGIN_PATH",
	"QML_IMPORT_PATH",
	"QML2_IMPORT_PATH",
	// node(1) "Environment": options (--require), module path, REPL module
	"NODE_OPTIONS",
	"NODE_PATH",
	"NODE_REPL_EXTERNAL_MODULE",
	// java(1) "JDK_JAVA_OPTIONS", JVM TI "JAVA_TOOL_OPTIONS" (-agentpath:), HotSpot
	"JDK_JAVA_OPTIONS",
	"JAVA_TOOL_OPTIONS",
	"_JAVA_OPTIONS",
	// perlrun(1) "ENVIRONMENT": -M/-I options, library path, the -d debugger's command
	"PERL5OPT",
	"PERL5LIB",
	"PERLLIB",
	"PERL5DB",
	// ruby(1) "ENVIRONMENT"
	"RUBYOPT",
	"RUBYLIB",
	// Lua 5.4 reference manual §7 "Lua Standalone" and §6.3: LUA_INIT runs code; versioned
	// names LUA_INIT_5_4, LUA_PATH_5_4, LUA_CPATH_5_4 win over the plain ones
	"LUA_INIT*",
	"LUA_PATH*",
	"LUA_CPATH*",
	// .NET "Startup hooks" and runtime configuration; the CoreCLR profiling API
	"DOTNET_STARTUP_HOOKS",
	"DOTNET_ADDITIONAL_DEPS",
	"CORECLR_ENABLE_PROFILING",
	"CORECLR_PROFILER*",
	// openssl-env(7): configuration file (which can load modules), providers, engines
	"OPENSSL_CONF",
	"OPENSSL_CONF_INCLUDE",
	"OPENSSL_MODULES",
	"OPENSSL_ENGINES",
	// mono(1) "ENVIRONMENT VARIABLES": assembly path, dllmap config, runtime options
	// (--profiler, --debugger-agent), GAC prefix
	"MONO_PATH",
	"MONO_CONFIG",
	"MONO_ENV_OPTIONS",
	"MONO_GAC_PREFIX",
	// tclsh(1): package directories
	"TCLLIBPATH",
	NULL,
};

static int is_hook_name(const char *name)
{
	for (const char *const *h = hook_names; *h; h++) {
		size_t n = strlen(*h);
		if ((*h)[n - 1] == '*' ? !strncmp(name, *h, n - 1) : !strcmp(name, *h))
			return 1;
	}
	return 0;
}

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
	if (is_hook_name(name))
		return "it makes a shell, an interpreter or a toolkit of the launch chain load "
		       "code";
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

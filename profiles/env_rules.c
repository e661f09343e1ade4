// SPDX-License-Identifier: MIT
// What a profile's [env] may set, and what a compat DB entry may set (the DB is data, never
// code: a downloaded file must not be able to run anything). A user profile may set any
// variable except those that load code, pick drivers or
// layers, or move the game's home; a DB entry may set only the variables listed in db_vars[],
// each with its own value grammar, and launch.args only as literal option tokens. No grammar
// admits '/', '\', quotes, '?', ':' or '~', so nothing a DB sets can name a file.
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

/* ---- the DB's exact list -------------------------------------------------------------- */

enum db_grammar {
	G_BOOL,	       /* 0 or 1                                                        */
	G_UINT,	       /* decimal min..max                                              */
	G_WORDS,       /* comma list of words[] (DXVK_HUD also takes scale=N, opacity=N) */
	G_FLAGS,       /* comma list of [a-z0-9_] flags (they change between releases)  */
	G_CHOICE,      /* exactly one of words[]                                        */
	G_DXVK_CONFIG, /* "section.option = value; ..." in [A-Za-z0-9_.,+-]             */
};

struct db_var {
	const char *name;
	enum db_grammar grammar;
	long min, max;
	const char *const *words;
};

// DXVK README.md "HUD" (doitsujin/dxvk 2.x): the documented items; "1" = devinfo,fps.
static const char *const hud_words[] = { "1",		"full",	       "devinfo",     "fps",
					 "frametimes",	"submissions", "drawcalls",   "pipelines",
					 "descriptors", "memory",      "allocations", "gpuload",
					 "version",	"api",	       "cs",	      "compiler",
					 "samplers",	"ffshaders",   "swapchain",   NULL };
// vkd3d-proton README.md "VKD3D_FEATURE_LEVEL".
static const char *const feature_levels[] = { "11_0", "11_1", "12_0", "12_1", "12_2", NULL };
// Mesa driconf boolean as an environment override (docs.mesa3d.org, "mesa_glthread").
static const char *const true_false[] = { "true", "false", NULL };

/*
 * Sources:
 *  - PROTON_*: ValveSoftware/Proton "proton" @0001754e5cf7, Session.init_session(): the
 *    check_environment() switches, PROTON_LIMIT_RESOLUTIONS, PROTON_SPOOF_STEAMINPUT_VIDPID and
 *    PROTON_USE_XALIA. Not PROTON_SET_GAME_DRIVE/_STEAM_DRIVE (map host folders as drives),
 *    PROTON_LOG (fills the disk), PROTON_REMOTE_DEBUG_CMD (runs a command), PROTON_DLL_COPY.
 *  - WINE_*: the same function's switches that Proton turns into Wine variables.
 *  - DXVK_*: doitsujin/dxvk README.md (HUD, frame rate limit, DXVK_CONFIG; DXVK_ENABLE_NVAPI);
 *    DXVK_ASYNC: the dxvk-async patch shipped by GE-Proton (upstream ignores it). Not
 *    DXVK_LOG_*, DXVK_CONFIG_FILE, DXVK_STATE_CACHE_PATH (paths), DXVK_FILTER_DEVICE_NAME
 *    (can leave no device).
 *  - VKD3D_*: HansKristian-Work/vkd3d-proton README.md. Not VKD3D_DEBUG, VKD3D_SHADER_DEBUG,
 *    VKD3D_LOG_FILE, VKD3D_FILTER_DEVICE_NAME.
 *  - RADV_PERFTEST, mesa_glthread: docs.mesa3d.org envvars.html / driconf. Not
 *    MESA_VK_DEVICE_SELECT (can stop the game from starting), RADV_DEBUG.
 *  - __GL_*: NVIDIA driver README, appendix "Environment variables". Not *_PATH.
 *  - Never WINEDEBUG (+relay fills the disk), WINEDLLOVERRIDES (picks which DLL runs).
 */
static const struct db_var db_vars[] = {
	{ "PROTON_USE_WINED3D", G_BOOL, 0, 0, NULL },
	{ "PROTON_USE_WINED3D11", G_BOOL, 0, 0, NULL },
	{ "PROTON_DXVK_D3D8", G_BOOL, 0, 0, NULL },
	{ "PROTON_NO_D3D11", G_BOOL, 0, 0, NULL },
	{ "PROTON_NO_D3D10", G_BOOL, 0, 0, NULL },
	{ "PROTON_NO_FSYNC", G_BOOL, 0, 0, NULL },
	{ "PROTON_FORCE_LARGE_ADDRESS_AWARE", G_BOOL, 0, 0, NULL },
	{ "PROTON_OLD_GL_STRING", G_BOOL, 0, 0, NULL },
	{ "PROTON_HIDE_NVIDIA_GPU", G_BOOL, 0, 0, NULL },
	{ "PROTON_HIDE_VANGOGH_GPU", G_BOOL, 0, 0, NULL },
	{ "PROTON_HIDE_INTEL_GPU", G_BOOL, 0, 0, NULL },
	{ "PROTON_HIDE_APU", G_BOOL, 0, 0, NULL },
	{ "PROTON_NO_XIM", G_BOOL, 0, 0, NULL },
	{ "PROTON_HEAP_DELAY_FREE", G_BOOL, 0, 0, NULL },
	{ "PROTON_HEAP_ZERO_MEMORY", G_BOOL, 0, 0, NULL },
	{ "PROTON_DISABLE_NVAPI", G_BOOL, 0, 0, NULL },
	{ "PROTON_FORCE_NVAPI", G_BOOL, 0, 0, NULL },
	{ "PROTON_LIMIT_RESOLUTIONS", G_UINT, 1, 256, NULL },
	{ "PROTON_SPOOF_STEAMINPUT_VIDPID", G_BOOL, 0, 0, NULL },
	{ "PROTON_USE_XALIA", G_BOOL, 0, 0, NULL },
	{ "WINE_DISABLE_VULKAN_OPWR", G_BOOL, 0, 0, NULL },
	{ "WINE_DISABLE_HARDWARE_SCHEDULING", G_BOOL, 0, 0, NULL },
	{ "WINE_DO_NOT_CREATE_DXGI_DEVICE_MANAGER", G_BOOL, 0, 0, NULL },
	{ "WINE_LARGE_ADDRESS_AWARE", G_BOOL, 0, 0, NULL },
	{ "WINE_HEAP_DELAY_FREE", G_BOOL, 0, 0, NULL },
	{ "WINE_HEAP_ZERO_MEMORY", G_BOOL, 0, 0, NULL },
	{ "WINE_HIDE_NVIDIA_GPU", G_BOOL, 0, 0, NULL },
	{ "WINE_HIDE_INTEL_GPU", G_BOOL, 0, 0, NULL },
	{ "WINE_HIDE_VANGOGH_GPU", G_BOOL, 0, 0, NULL },
	{ "WINE_HIDE_APU", G_BOOL, 0, 0, NULL },
	{ "DXVK_HUD", G_WORDS, 0, 0, hud_words },
	{ "DXVK_FRAME_RATE", G_UINT, 0, 1000, NULL },
	{ "DXVK_CONFIG", G_DXVK_CONFIG, 0, 0, NULL },
	{ "DXVK_ENABLE_NVAPI", G_BOOL, 0, 0, NULL },
	{ "DXVK_ASYNC", G_BOOL, 0, 0, NULL },
	{ "VKD3D_CONFIG", G_FLAGS, 0, 0, NULL },
	{ "VKD3D_FEATURE_LEVEL", G_CHOICE, 0, 0, feature_levels },
	{ "VKD3D_FRAME_RATE", G_UINT, 0, 1000, NULL },
	{ "RADV_PERFTEST", G_FLAGS, 0, 0, NULL },
	{ "mesa_glthread", G_CHOICE, 0, 0, true_false },
	{ "__GL_SHADER_DISK_CACHE", G_BOOL, 0, 0, NULL },
	{ "__GL_THREADED_OPTIMIZATIONS", G_BOOL, 0, 0, NULL },
	{ "__GL_SYNC_TO_VBLANK", G_BOOL, 0, 0, NULL },
	{ "__GL_MaxFramesAllowed", G_UINT, 1, 8, NULL },
};

static const struct db_var *db_var_find(const char *name)
{
	for (size_t i = 0; i < sizeof(db_vars) / sizeof(db_vars[0]); i++)
		if (!strcmp(db_vars[i].name, name))
			return &db_vars[i];
	return NULL;
}

int profile_env_db_allowed(const char *name)
{
	return name && db_var_find(name) != NULL;
}

/* n bytes of s are all in set (and n > 0). */
static int all_in(const char *s, size_t n, const char *set)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return 0;
	return 1;
}

#define DIGITS "0123456789"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define ALNUM LOWER "ABCDEFGHIJKLMNOPQRSTUVWXYZ" DIGITS

static int is_word_of(const char *s, size_t n, const char *const *words)
{
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == n && !memcmp(*w, s, n))
			return 1;
	return 0;
}

/* "scale=1.5", "opacity=0.5": a DXVK_HUD item with a short decimal. */
static int is_hud_number_item(const char *s, size_t n)
{
	static const char *const keys[] = { "scale=", "opacity=", NULL };
	for (const char *const *k = keys; *k; k++) {
		size_t kn = strlen(*k);
		if (n > kn && n <= kn + 6 && !memcmp(s, *k, kn) &&
		    all_in(s + kn, n - kn, DIGITS ".") && s[kn] != '.')
			return 1;
	}
	return 0;
}

/* A comma list, each item checked by is_item; no empty items, at most 32. */
static int check_list(const char *v, const struct db_var *d)
{
	size_t items = 0;
	for (const char *p = v;; items++) {
		size_t n = strcspn(p, ",");
		int ok;
		if (d->grammar == G_WORDS)
			ok = is_word_of(p, n, d->words) || is_hud_number_item(p, n);
		else
			ok = n <= 64 && all_in(p, n, LOWER DIGITS "_");
		if (!ok || items >= 32)
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

static int check_uint(const char *v, long min, long max)
{
	if (!all_in(v, strlen(v), DIGITS) || strlen(v) > 6)
		return 0;
	long n = strtol(v, NULL, 10);
	return n >= min && n <= max;
}

/*
 * DXVK_CONFIG: "d3d9.maxFrameRate = 60; dxgi.hideAmdGpu = True" (DXVK README "Configuration"):
 * entries split by ';', each section.option '=' value, blanks around them.
 */
static int check_dxvk_config(const char *v)
{
	size_t entries = 0;
	for (const char *p = v; *p; entries++) {
		size_t n = strcspn(p, ";");
		const char *e = p, *end = p + n;
		while (e < end && *e == ' ')
			e++;
		size_t k = strspn(e, ALNUM "_.");
		const char *dot = memchr(e, '.', k);
		if (!k || !dot || dot == e || dot == e + k - 1 || e + k > end)
			return 0;
		const char *q = e + k;
		while (q < end && *q == ' ')
			q++;
		if (q == end || *q != '=')
			return 0;
		q++;
		while (q < end && *q == ' ')
			q++;
		const char *vend = end;
		while (vend > q && vend[-1] == ' ')
			vend--;
		if (!all_in(q, (size_t)(vend - q), ALNUM "_.,+-") || vend - q > 64 || entries >= 32)
			return 0;
		p = *end ? end + 1 : end;
		while (*p == ' ')
			p++;
	}
	return entries > 0;
}

static int db_value_ok(const struct db_var *d, const char *v)
{
	switch (d->grammar) {
	case G_BOOL:
		return !strcmp(v, "0") || !strcmp(v, "1");
	case G_UINT:
		return check_uint(v, d->min, d->max);
	case G_WORDS:
	case G_FLAGS:
		return check_list(v, d);
	case G_CHOICE:
		return is_word_of(v, strlen(v), d->words);
	case G_DXVK_CONFIG:
		return check_dxvk_config(v);
	}
	return 0;
}

static const char *grammar_text(const struct db_var *d)
{
	switch (d->grammar) {
	case G_BOOL:
		return "0 or 1";
	case G_UINT:
		return "a number in range";
	case G_WORDS:
		return "a comma list of the documented items";
	case G_FLAGS:
		return "a comma list of lower-case flags";
	case G_CHOICE:
		return "one of the documented values";
	case G_DXVK_CONFIG:
		return "'section.option = value' entries split by ';'";
	}
	return "?";
}

int profile_env_value_check(const char *name, const char *value, int is_db, char *msg, size_t size)
{
	if (profile_text_has_control(value)) {
		snprintf(msg, size, "[env] %s: control character in value", name);
		return PROFILE_EINVAL;
	}
	if (!is_db)
		return 0;
	const struct db_var *d = db_var_find(name);
	if (!d) {
		snprintf(msg, size,
			 "env.%s: not a variable the compat DB may set (see "
			 "profiles/env_rules.c)",
			 name);
		return PROFILE_EINVAL;
	}
	if (!db_value_ok(d, value)) {
		snprintf(msg, size, "env.%s: '%.60s' is not %s", name, value, grammar_text(d));
		return PROFILE_EINVAL;
	}
	return 0;
}

/* ---- launch.args from a DB --------------------------------------------------------------- */

/* Option names that take a command, a file or a debugger (Chromium/CEF launchers' switches
 * included: --renderer-cmd-prefix, --gpu-launcher, --remote-debugging-port, --no-sandbox). */
static const char *const args_refused_words[] = {
	"cmd",	  "command", "prefix", "exec",	    "wrapper", "path",	  "file",
	"folder", "plugin",  "script", "debug",	    "inspect", "sandbox", "security",
	"remote", "url",     "proxy",  "extension", "preload", "inject",  NULL
};
/* ... and, when the option carries a value, these too (--gpu-launcher=x, --log-dir=x). */
static const char *const args_refused_value_words[] = { "launcher", "dir",  "log",  "load",
							"output",   "dump", "save", NULL };

static int has_word(const char *s, size_t n, const char *const *words)
{
	for (const char *const *w = words; *w; w++) {
		size_t wn = strlen(*w);
		for (size_t i = 0; i + wn <= n; i++)
			if (!strncasecmp(s + i, *w, wn))
				return 1;
	}
	return 0;
}

/* -word, --word or --word=value; word [A-Za-z0-9] then [A-Za-z0-9_.-], value [A-Za-z0-9_.,+-]. */
static int db_arg_ok(const char *a, size_t n)
{
	size_t dashes = n > 1 && a[1] == '-' ? 2 : 1;
	if (n <= dashes || a[0] != '-' || !isalnum((unsigned char)a[dashes]))
		return 0;
	const char *name = a + dashes, *eq = memchr(a, '=', n);
	size_t name_n = eq ? (size_t)(eq - name) : n - dashes;
	if (!all_in(name, name_n, ALNUM "_.-") || has_word(name, name_n, args_refused_words))
		return 0;
	if (!eq)
		return 1;
	size_t vn = n - (size_t)(eq + 1 - a);
	return dashes == 2 && !has_word(name, name_n, args_refused_value_words) &&
	       all_in(eq + 1, vn, ALNUM "_.,+-") && !memmem(eq + 1, vn, "..", 2);
}

int profile_args_db_check(const char *value, char *msg, size_t size)
{
	for (const char *p = value;;) {
		p += strspn(p, " ");
		if (!*p)
			return 0;
		size_t n = strcspn(p, " ");
		if (!db_arg_ok(p, n)) {
			snprintf(msg, size,
				 "launch.args: '%.*s' is not a literal option (-word, "
				 "--word, --word=value) naming no file or command",
				 (int)(n > 60 ? 60 : n), p);
			return PROFILE_EINVAL;
		}
		p += n;
	}
}

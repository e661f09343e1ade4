// SPDX-License-Identifier: MIT
// What a compat DB entry may set in [env]: an exact list of variables, each with its own value
// grammar (the DB is data, never code: a downloaded file must not be able to run anything).
// No grammar admits '/', '\\', quotes, '?', ':' or '~', so nothing a DB sets can name a file.
// DXVK_CONFIG and VKD3D_CONFIG take only listed options (db_config.c); launch.args only listed
// options (db_args.c).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/profiles_internal.h"

enum db_grammar {
	G_BOOL,		/* 0 or 1                                                        */
	G_UINT,		/* decimal min..max                                              */
	G_WORDS,	/* comma list of words[] (DXVK_HUD also takes scale=N, opacity=N) */
	G_FLAGS,	/* comma list of [a-z0-9_] flags (they change between releases)  */
	G_CHOICE,	/* exactly one of words[]                                        */
	G_DXVK_CONFIG,	/* "option = value; ...", listed options only (db_config.c)       */
	G_VKD3D_CONFIG, /* comma list of listed flags (db_config.c)                     */
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
	{ "VKD3D_CONFIG", G_VKD3D_CONFIG, 0, 0, NULL },
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
	case G_VKD3D_CONFIG:
		return 1; /* checked by profile_env_value_check() with a reason */
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
		return "'option = value' entries split by ';'";
	case G_VKD3D_CONFIG:
		return "a comma list of vkd3d-proton flags";
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
			 "profiles/db_rules.c)",
			 name);
		return PROFILE_EINVAL;
	}
	char why[120];
	int rc = d->grammar == G_DXVK_CONFIG	? profile_dxvk_config_check(value, why, sizeof(why))
		 : d->grammar == G_VKD3D_CONFIG ? profile_vkd3d_config_check(value, why, sizeof(why))
						: 0;
	if (rc) {
		snprintf(msg, size, "env.%s: %s", name, why);
		return PROFILE_EINVAL;
	}
	if (!db_value_ok(d, value)) {
		snprintf(msg, size, "env.%s: '%.60s' is not %s", name, value, grammar_text(d));
		return PROFILE_EINVAL;
	}
	return 0;
}

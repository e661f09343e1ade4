// SPDX-License-Identifier: MIT
// The one setting schema: every profile key with its type, range, default, environment variable,
// command-line option and help. The INI parser, `profile show`, the DB loader, the man page and
// the README all read profile_settings[]; adding a key here adds it everywhere. Each type's
// values are read by one parser that the Vulkan layer shares (common/setting.h).
#ifndef MVGAL_PROFILES_SETTINGS_H
#define MVGAL_PROFILES_SETTINGS_H

#include <stddef.h>

enum profile_key {
	PROFILE_KEY_PROTON,	  /* launch.proton       */
	PROFILE_KEY_ARGS,	  /* launch.args         */
	PROFILE_KEY_GPU,	  /* gpu.select          */
	PROFILE_KEY_FPS,	  /* frame.fps           */
	PROFILE_KEY_PACER,	  /* frame.pacer         */
	PROFILE_KEY_PRESENT_MODE, /* frame.present_mode  */
	PROFILE_KEY_IMAGES,	  /* frame.images        */
	PROFILE_KEY_TELEMETRY,	  /* frame.telemetry     */
	PROFILE_KEY_HUD,	  /* frame.hud           */
	PROFILE_KEY_HUD_POSITION, /* frame.hud_position  */
	PROFILE_KEY_HUD_SCALE,	  /* frame.hud_scale     */
	PROFILE_KEY_COUNT
};

enum profile_type {
	PROFILE_TYPE_TEXT, /* free text, one line (a Proton name)                       */
	PROFILE_TYPE_ARGS, /* argument list: blank-separated, '…' and "…" quote, no expansion */
	PROFILE_TYPE_GPU,  /* comma list of GPU selectors, '!' hides (layer's MVGAL_GPU) */
	PROFILE_TYPE_FPS,  /* 0 | off | N (1..max) | refresh | refresh/N (N 1..8) | vrr  */
	PROFILE_TYPE_BOOL, /* on|off, true|false, yes|no, 1|0, any case                  */
	PROFILE_TYPE_PRESENT_MODE, /* auto|fifo|mailbox|immediate|fifo_relaxed, any case      */
	PROFILE_TYPE_IMAGES,	   /* 0..16 swapchain images                                     */
	PROFILE_TYPE_TELEMETRY,	   /* on | off | absolute path: "*.csv" = the file, else a folder */
	PROFILE_TYPE_PACER,	   /* a BOOL word, or "latency" (on, waiting where frames start)  */
	PROFILE_TYPE_HUD_POSITION, /* top-left|top-right|bottom-left|bottom-right, any case      */
	PROFILE_TYPE_HUD_SCALE,	   /* 1..4                                                       */
};

struct profile_setting {
	enum profile_key key;
	const char *section; /* "frame"                                   */
	const char *name;    /* "fps"                                     */
	const char *dotted;  /* "frame.fps" (DB entries, --explain)       */
	enum profile_type type;
	const char *const *choices; /* PROFILE_TYPE_PRESENT_MODE, _HUD_POSITION; NULL-terminated */
	const char *default_value;  /* text of the built-in default              */
	const char *env;	    /* MVGAL_* variable read as the env layer, or NULL */
	int is_layer_var;	    /* env is also handed to the Vulkan layer    */
	int is_not_from_db;	    /* a compat DB entry may not set it (issue 29) */
	const char *option;	    /* launcher option ("--fps"), or NULL        */
	const char *values;	    /* human-readable value syntax for docs      */
	const char *help;	    /* one line                                  */
};

/* The schema, indexed by enum profile_key. */
extern const struct profile_setting profile_settings[PROFILE_KEY_COUNT];

/* Sections a user profile may contain besides the schema's: "env" (free NAME = value pairs). */
#define PROFILE_ENV_SECTION "env"

/* Schema entry for [section] name, or NULL. Case-sensitive, like the files' documentation. */
const struct profile_setting *profile_setting_find(const char *section, const char *name);

/* Schema entry for "section.name" (as in DB entries and `profile show`), or NULL. */
const struct profile_setting *profile_setting_find_dotted(const char *dotted);

/* 1 if section is a section of the schema or PROFILE_ENV_SECTION. */
int profile_section_is_known(const char *section);

#endif

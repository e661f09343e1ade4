// SPDX-License-Identifier: MIT
/*
 * setting — one parser for each setting value that both sides read: the launcher (profiles/:
 * profile files, MVGAL_* as its environment layer, options) and the Vulkan layer (MVGAL_* read
 * directly, e.g. a game started without the launcher). Both call these, so a value one accepts
 * the other accepts too (tests/integration/test_setting_values.sh feeds every documented value
 * to both). MVGAL_FPS is pacer_target_parse() (pacer/pacer.h), MVGAL_GPU gpu_select_parse()
 * (common/gpu_select.h).
 *
 * Pure: no I/O, no clock, no environment. Returns 0 or -EINVAL (-ENAMETOOLONG where stated).
 */
#ifndef MVGAL_COMMON_SETTING_H
#define MVGAL_COMMON_SETTING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* on|off, true|false, yes|no, 1|0, in any case (MVGAL_SELFTIME, and inside frame.pacer). */
int setting_bool_parse(const char *s, bool *out);

enum setting_pacer {
	SETTING_PACER_OFF = 0,
	SETTING_PACER_ON,      /* wait at present */
	SETTING_PACER_LATENCY, /* wait where the next frame starts (vkAcquireNextImageKHR) */
};

/* A boolean word, or "latency" in any case (frame.pacer, MVGAL_PACER). */
int setting_pacer_parse(const char *s, enum setting_pacer *out);

enum setting_present_mode {
	SETTING_PRESENT_AUTO = 0, /* keep the game's choice */
	SETTING_PRESENT_FIFO,
	SETTING_PRESENT_MAILBOX,
	SETTING_PRESENT_IMMEDIATE,
	SETTING_PRESENT_FIFO_RELAXED,
	SETTING_PRESENT_COUNT
};

/* "auto", "fifo", "mailbox", "immediate", "fifo_relaxed", indexed by the enum, NULL-terminated. */
extern const char *const setting_present_mode_names[SETTING_PRESENT_COUNT + 1];

/* One of setting_present_mode_names, in any case. */
int setting_present_mode_parse(const char *s, enum setting_present_mode *out);

#define SETTING_IMAGES_MAX 16

/* Swapchain images: decimal 0..SETTING_IMAGES_MAX; 0 = the game's choice. */
int setting_images_parse(const char *s, unsigned *out);

enum setting_telemetry {
	SETTING_TELEMETRY_OFF = 0,
	SETTING_TELEMETRY_ON,	/* $XDG_STATE_HOME/mvgal/telemetry/<who>-<stamp>.csv */
	SETTING_TELEMETRY_DIR,	/* an absolute folder: DIR/<who>-<stamp>.csv */
	SETTING_TELEMETRY_FILE, /* an absolute path ending in ".csv": that file */
};

/* A boolean word (off/on), or an absolute path without a "/../" component. */
int setting_telemetry_parse(const char *s, enum setting_telemetry *out);

/*
 * The CSV a telemetry value names, and the folder to create before writing it (dir gets the
 * CSV's folder). state_home is $XDG_STATE_HOME (or ~/.local/state), who the title (appid, else
 * the executable's name), stamp setting_utc_stamp(..., false). -EINVAL for off or a bad value,
 * -ENAMETOOLONG when a result does not fit.
 */
int setting_telemetry_csv(const char *value, const char *state_home, const char *who,
			  const char *stamp, char *csv, size_t csv_size, char *dir, size_t dir_size);

/* The HUD's corner (frame.hud_position, MVGAL_HUD_POSITION): the same order as ingame/hud.h's
 * enum hud_corner. */
enum setting_hud_position {
	SETTING_HUD_TOP_LEFT = 0,
	SETTING_HUD_TOP_RIGHT,
	SETTING_HUD_BOTTOM_LEFT,
	SETTING_HUD_BOTTOM_RIGHT,
	SETTING_HUD_POSITION_COUNT
};

/* "top-left", "top-right", "bottom-left", "bottom-right", indexed by the enum, NULL-terminated. */
extern const char *const setting_hud_position_names[SETTING_HUD_POSITION_COUNT + 1];

/* One of setting_hud_position_names, in any case. */
int setting_hud_position_parse(const char *s, enum setting_hud_position *out);

#define SETTING_HUD_SCALE_MAX 4

/* The HUD's size (frame.hud_scale, MVGAL_HUD_SCALE): one digit 1..SETTING_HUD_SCALE_MAX. */
int setting_hud_scale_parse(const char *s, unsigned *out);

/* A Steam appid as STEAM_COMPAT_APP_ID / SteamAppId carry it: 1..31 digits, not "0". */
bool setting_is_appid(const char *s);

/* UTC time t as "20261130T052600Z" (file names) or, with is_iso, "2026-11-30T05:26:00Z". */
void setting_utc_stamp(time_t t, bool is_iso, char *out, size_t size);

#endif

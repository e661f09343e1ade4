// SPDX-License-Identifier: MIT
/*
 * ingame — what the two libraries that run inside the game's process share: the Vulkan layer
 * (layer/, loaded by the Vulkan loader) and the OpenGL library (gl/, LD_PRELOAD). Each compiles
 * this module in with hidden visibility and gets its own copy of its state; neither includes the
 * other's private header. It holds what both must do the same way:
 * - read the MVGAL_* settings (once per process; a bad value is one log line and is ignored),
 * - log ("mvgal layer: ..." or "mvgal gl: ..." on stderr and in MVGAL_LOG, each kind of problem
 *   once),
 * - find the display's refresh from the window system (RandR for X11, wl_output for Wayland,
 *   libraries dlopen()ed on the game's own connection) and say it in the same words.
 * No Vulkan: what is Vulkan-only (display timing, surface hooks) stays in layer/.
 */
#ifndef MVGAL_INGAME_H
#define MVGAL_INGAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/gpu_select.h"
#include "common/setting.h"
#include "ingame/hud.h"
#include "pacer/pacer.h"

/* ---- the log ------------------------------------------------------------------------------ */

/* Kind 0: never suppressed (MVGAL_GPU=list output, a selection's result, a bad setting). */
#define INGAME_LOG_INFO 0u

/* The library's name in its lines: "mvgal layer" (the Vulkan layer, layer/entry.c) or
 * "mvgal gl" (the OpenGL library, gl/gl_real.c); each library defines it. */
extern const char ingame_log_name[];

/* Logs one line "<ingame_log_name>: <fmt>" (stderr, and MVGAL_LOG when it names a regular file
 * or none yet: never a FIFO or a symlink) unless a bit of `kind` was logged before in this
 * library; kind 0 always logs. Each library picks its own bits. Takes no lock: safe around
 * fork(). */
void ingame_log(uint32_t kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The run's result line (telemetry_config.result): "mvgal: LINE" on stderr when it is a
 * terminal, and "<UTC time> result LINE" appended to MVGAL_LAUNCH_LOG when that is set. */
void ingame_result_line(const char *line);

/* CLOCK_MONOTONIC in ns, the clock of the pacer and the telemetry. */
int64_t ingame_now_ns(void);

/* ---- the settings ------------------------------------------------------------------------- */

struct ingame_settings {
	struct gpu_selection gpu; /* MVGAL_GPU */
	bool has_gpu;
	char gpu_from[256]; /* what the user typed, for messages: MVGAL_GPU_FROM (the launcher:
			     * "--gpu '!cpu'", "gpu.select = ... (file:line)"), else
			     * "MVGAL_GPU=<value>"; control bytes as '?' */
	bool is_list;	    /* MVGAL_GPU=list */
	enum setting_present_mode present_mode; /* MVGAL_PRESENT_MODE */
	bool has_present_mode;			/* ... and not auto */
	unsigned images;			/* MVGAL_IMAGES, 0 = game's choice */
	struct pacer_target fps;		/* MVGAL_FPS */
	bool is_pacer_on;			/* MVGAL_PACER (default on) */
	bool is_pacer_latency;			/* MVGAL_PACER=latency: wait where a frame starts */
	char telemetry_path[4096];		/* MVGAL_TELEMETRY, "" = off */
	bool is_result;	       /* MVGAL_RESULT=1: statistics for the result line even without a CSV
			   * (the launcher, in a terminal) */
	bool is_selftime;      /* MVGAL_SELFTIME=1: measure the library's own present cost */
	struct hud_config hud; /* MVGAL_HUD (off), MVGAL_HUD_POSITION (top-left), MVGAL_HUD_SCALE (1) */
	char fps_from[128]; /* where MVGAL_FPS came from, for the HUD: MVGAL_FPS_FROM (the
				* launcher: "--fps", "1245620.ini:3"), else "MVGAL_FPS"; scrubbed */
};

/* Reads MVGAL_* into *s; bad values are logged (kind INGAME_LOG_INFO) and ignored. Creates the
 * telemetry folder. Never fails. */
void ingame_settings_read(struct ingame_settings *s);

/* ---- the display's refresh ---------------------------------------------------------------- */

/* The window-system connection a game gave its API (a Vulkan surface, an EGL display). */
enum ingame_window_system {
	INGAME_XLIB,	/* Display * */
	INGAME_XCB,	/* xcb_connection_t * */
	INGAME_WAYLAND, /* wl_display * */
};

/* The refresh of the display a swapchain or window presents to, and where it was learnt. */
struct ingame_refresh {
	int64_t refresh_ns; /* 0 = unknown (the pacer assumes 60 Hz) */
	const char *source; /* "display timing", "RandR", "wl_output", or why it is unknown
			     * (a static string) */
	char output[32];    /* RandR output or wl_output name ("DP-1"), or "" */
};

/* The refresh of `window` on `connection` (window: an X11 Window or xcb_window_t; unused for
 * Wayland) into *out: RandR's CRTC showing most of the window, or the current mode of the
 * wl_output (the highest refresh of several, with one line saying it guessed). Blocks for a few
 * round-trips on the game's connection (a private queue for Wayland). */
void ingame_refresh_read(enum ingame_window_system ws, void *connection, uint64_t window,
			 struct ingame_refresh *out);

/* Wayland: follows which wl_output `surface` (a wl_surface * of `display`) is shown on, through
 * wp_presentation feedback on a private queue (two round-trips here, none after). NULL when it
 * cannot (no libwayland-client, no wp_presentation, no output, no memory): nothing to follow. */
struct ingame_wl_follow;
struct ingame_wl_follow *ingame_wl_follow_new(void *display, void *surface);

/* Call just before the surface's present goes down to the driver, on the presenting thread (one
 * thread at a time per follower). Reads answers without blocking and keeps one feedback request
 * in flight, a new one a second after the last answer. True when *out got a refresh of the
 * window's output other than the last returned (source "presentation feedback", the
 * output's name). In a forked child, or after an error (logged once), it does nothing. */
bool ingame_wl_follow_frame(struct ingame_wl_follow *w, int64_t now_ns, struct ingame_refresh *out);

/* Destroys what ingame_wl_follow_new() made (in a forked child only our memory). NULL: no-op. */
void ingame_wl_follow_free(struct ingame_wl_follow *w);

/* Whether a refresh of new_ns is another display's than the one of old_ns: more than 0.1 % apart
 * (presentation feedback's 16666666 ns is the 60000 mHz mode's 16666667: the same display). */
bool ingame_refresh_changed(int64_t old_ns, int64_t new_ns);

/* One INGAME_LOG_INFO line, the same words for either API, when the refresh matters to the
 * player (WHAT: "refresh" at the start, anything else after a change): a refresh/N target's fps
 * ("refresh/2 of the 144 Hz display (RandR, DP-1): 72 fps", also with the refresh unknown and
 * 60 Hz assumed), or a fixed fps that judders on a known refresh, with the refresh/N that does
 * not ("60 fps on this 144 Hz display (RandR, DP-1) judders (...): refresh/2 gives an even 72
 * fps"), or an fps = vrr cap ("vrr on the 144 Hz display (display timing): capped at
 * 138.24 fps", or no cap when the refresh is unknown); then SUFFIX. Nothing for a fixed fps that fits the refresh or whose refresh is
 * unknown. */
void ingame_refresh_log(const char *what, const struct ingame_refresh *r, const struct pacer *p,
			const char *suffix);

/* ---- the HUD's lines ---------------------------------------------------------------------- */

/* The HUD's pacer line for the pacer p paces to under settings s: "72 fps = refresh/2 of 144 Hz,
 * from 1245620.ini:3", "60 fps, from --fps", "off", or "off (60 fps for telemetry)" when
 * MVGAL_PACER=off keeps a target. Both drawers say it in these words. */
void ingame_hud_pacer_line(const struct ingame_settings *s, const struct pacer *p, char *out,
			   size_t size);

#endif

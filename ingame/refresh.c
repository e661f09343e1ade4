// SPDX-License-Identifier: MIT
// The display's refresh from the window system, for the Vulkan layer (after display timing) and
// the OpenGL library, and the line both log when they start pacing (and when the refresh
// changes), so a user reads the same words for either API.
#include <stdio.h>
#include <string.h>

#include "ingame/window.h"

/* Wayland: which output the surface is on is told only by wl_surface.enter, an event that goes
 * to the game's listener: with several outputs wayland.c takes the highest refresh and we say so. */
static void wayland_read(void *display, struct ingame_refresh *out)
{
	int64_t ns = 0;
	int n = 0;

	if (ingame_wayland_refresh(display, &ns, out->output, sizeof(out->output), &n) == 0 &&
	    ns > 0) {
		out->refresh_ns = ns;
		out->source = "wl_output";
		if (n > 1)
			ingame_log(INGAME_LOG_INFO, "%d Wayland outputs: guessing the one with the highest refresh (%s)",
				   n, out->output);
		return;
	}
	out->source = "Wayland: no wl_output with a current mode";
}

void ingame_refresh_read(enum ingame_window_system ws, void *connection, uint64_t window,
			 struct ingame_refresh *out)
{
	int64_t ns = 0;

	memset(out, 0, sizeof(*out));
	if (ws == INGAME_WAYLAND) {
		wayland_read(connection, out);
		return;
	}
	/* no connection or window: nothing to ask (and XGetXCBConnection(NULL) would crash) */
	if (connection && window &&
	    ingame_randr_refresh(ws, connection, window, &ns, out->output, sizeof(out->output)) == 0 &&
	    ns > 0) {
		out->refresh_ns = ns;
		out->source = "RandR";
		return;
	}
	out->source = "RandR has no mode for the window";
}

/* "fps refresh/2 = 71.96" or "fps 60 = 59.94 (2 refreshes)": what the pacer now paces to. */
static void describe_target(const struct pacer *p, char *out, size_t len)
{
	double fps = pacer_interval_ns(p) > 0 ? 1e9 / (double)pacer_interval_ns(p) : 0;

	if (p->target.is_vrr)
		snprintf(out, len, "fps vrr = %.2f (%.2f Hz display)", fps,
			 1e9 / (double)p->refresh_ns);
	else if (p->target.divisor == 1)
		snprintf(out, len, "fps refresh = %.2f", fps);
	else if (p->target.divisor)
		snprintf(out, len, "fps refresh/%u = %.2f", p->target.divisor, fps);
	else if (p->is_vsync_aligned)
		snprintf(out, len, "fps %u = %.2f (%lld refreshes)", p->target.fps, fps,
			 (long long)((pacer_interval_ns(p) + p->refresh_ns / 2) / p->refresh_ns));
	else
		snprintf(out, len, "fps %u = %.2f (not a whole number of refreshes)", p->target.fps,
			 fps);
}

void ingame_refresh_log(const char *what, const struct ingame_refresh *r, const struct pacer *p,
			const char *suffix)
{
	char target[96];

	describe_target(p, target, sizeof(target));
	if (p->target.is_vrr && !pacer_is_active(p))
		/* a cap under an assumed 60 Hz would throttle a 144 Hz panel to 59 fps */
		ingame_log(
			INGAME_LOG_INFO,
			"refresh unknown (%s): fps vrr needs the display's refresh: not capping%s",
			r->source, suffix);
	else if (r->refresh_ns > 0)
		ingame_log(INGAME_LOG_INFO, "%s %.2f Hz (%s%s%s) -> %s%s", what,
			   1e9 / (double)r->refresh_ns, r->source, r->output[0] ? ", " : "",
			   r->output, target, suffix);
	else
		ingame_log(INGAME_LOG_INFO, "refresh unknown (%s): 60 Hz assumed -> %s%s",
			   r->source, target, suffix);
}

// SPDX-License-Identifier: MIT
// The display's refresh from the window system, for the Vulkan layer (after display timing) and
// the OpenGL library, and the line both log when they start pacing (and when the refresh
// changes) if it matters to the player, so a user reads the same words for either API.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingame/window.h"

/* A hash of the last guess said (0: none), so that the OpenGL library's check of the refresh
 * every REFRESH_CHECK_SWAPS swaps, and each new swapchain of the layer, say a guess only when it
 * is another one (FNV-1a over the count and the output's name). */
static uint64_t said_guess;

static uint64_t guess_hash(int n, const char *output)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned)n;

	for (const unsigned char *c = (const unsigned char *)output; *c; c++)
		h = (h ^ *c) * 1099511628211ull;
	return h ? h : 1;
}

/* Wayland: which output the surface is on is told only by wl_surface.enter, an event that goes
 * to the game's listener: with several outputs wayland.c takes the highest refresh and we say so,
 * once per guess. */
static void wayland_read(void *display, struct ingame_refresh *out)
{
	int64_t ns = 0;
	int n = 0;

	if (ingame_wayland_refresh(display, &ns, out->output, sizeof(out->output), &n) == 0 &&
	    ns > 0) {
		out->refresh_ns = ns;
		out->source = "wl_output";
		uint64_t guess = n > 1 ? guess_hash(n, out->output) : 0;

		if (guess && __atomic_exchange_n(&said_guess, guess, __ATOMIC_RELAXED) != guess)
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

/* v with at most two decimals and no trailing zeros: "72", "71.95", "143.9". */
static const char *num(double v, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%.2f", v);
	n = strlen(out);
	while (n > 1 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 1 && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

/* "refresh/2" (the user's own words for the target), "refresh" for a divisor of 1. */
static const char *divisor_text(uint32_t divisor, char *out, size_t len)
{
	if (divisor == 1)
		snprintf(out, len, "refresh");
	else
		snprintf(out, len, "refresh/%u", divisor);
	return out;
}

/* " (RandR, DUMMY0)": where the refresh was learnt, or why it is unknown. */
static void where(const struct ingame_refresh *r, char *out, size_t len)
{
	snprintf(out, len, " (%s%s%s)", r->source ? r->source : "?", r->output[0] ? ", " : "",
		 r->output);
}

/*
 * What a gamer needs to hear about the refresh and the target, and only that (issue 27,
 * item 4): a target that follows the refresh (refresh/N) says what it became; a fixed fps that
 * does not divide a known refresh judders, with the refresh/N that does not; a fixed fps that
 * fits, or whose refresh is unknown (the pacer keeps the fixed rate then), says nothing.
 * Writes "" when there is nothing to say.
 */
static void refresh_words(bool is_change, const struct ingame_refresh *r, const struct pacer *p,
			  char *out, size_t len)
{
	double fps = pacer_interval_ns(p) > 0 ? 1e9 / (double)pacer_interval_ns(p) : 0;
	double hz = r->refresh_ns > 0 ? 1e9 / (double)r->refresh_ns : 0;
	char a[32], b[32], c[32], d[32], src[96];

	out[0] = '\0';
	where(r, src, sizeof(src));
	if (p->target.is_vrr && !pacer_is_active(p))
		/* a cap under an assumed 60 Hz would throttle a 144 Hz panel to 59 fps */
		snprintf(out, len,
			 "the display's refresh rate is unknown%s: fps = vrr needs it, so frames "
			 "are "
			 "not capped",
			 src);
	else if (p->target.is_vrr && is_change)
		snprintf(out, len, "the display changed to %s Hz%s: vrr now caps at %s fps",
			 num(1e9 / (double)p->refresh_ns, a, sizeof(a)), src, num(fps, c, sizeof(c)));
	else if (p->target.is_vrr)
		snprintf(out, len, "vrr on the %s Hz display%s: capped at %s fps",
			 num(1e9 / (double)p->refresh_ns, a, sizeof(a)), src, num(fps, c, sizeof(c)));
	else if (p->target.divisor && hz > 0 && is_change)
		snprintf(out, len, "the display changed to %s Hz%s: %s is now %s fps",
			 num(hz, a, sizeof(a)), src, divisor_text(p->target.divisor, b, sizeof(b)),
			 num(fps, c, sizeof(c)));
	else if (p->target.divisor && hz > 0)
		snprintf(out, len, "%s of the %s Hz display%s: %s fps",
			 divisor_text(p->target.divisor, b, sizeof(b)), num(hz, a, sizeof(a)), src,
			 num(fps, c, sizeof(c)));
	else if (p->target.divisor)
		snprintf(
			out, len,
			"the display's refresh rate is unknown%s: %s of an assumed 60 Hz is %s fps",
			src, divisor_text(p->target.divisor, b, sizeof(b)), num(fps, c, sizeof(c)));
	else if (hz > 0 && !p->is_vsync_aligned) {
		/* the refresh/N nearest the fps asked for; a tie goes to the smoother, higher one
		 * (60 fps at 144 Hz: refresh/2, 72 fps, not refresh/3, 48 fps) */
		uint32_t n = 1;
		for (uint32_t k = 2; k <= 8; k++)
			if (fabs(hz / k - p->target.fps) < fabs(hz / n - p->target.fps) - 0.5)
				n = k;
		if (p->target.fps > hz)
			snprintf(out, len,
				 "%u fps is more than this %s Hz display shows%s: %s gives an even "
				 "%s fps",
				 p->target.fps, num(hz, a, sizeof(a)), src,
				 divisor_text(n, b, sizeof(b)), num(hz / n, c, sizeof(c)));
		else
			snprintf(out, len,
				 "%u fps on this %s Hz display%s judders (each frame shows for %u "
				 "or "
				 "%u refreshes): %s gives an even %s fps",
				 p->target.fps, num(hz, a, sizeof(a)), src,
				 (unsigned)floor(hz / p->target.fps),
				 (unsigned)ceil(hz / p->target.fps), divisor_text(n, d, sizeof(d)),
				 num(hz / n, c, sizeof(c)));
	}
}

bool ingame_refresh_changed(int64_t old_ns, int64_t new_ns)
{
	return llabs(new_ns - old_ns) > old_ns / 1000;
}

void ingame_refresh_log(const char *what, const struct ingame_refresh *r, const struct pacer *p,
			const char *suffix)
{
	char words[320];

	refresh_words(strcmp(what, "refresh") != 0, r, p, words, sizeof(words));
	if (words[0])
		ingame_log(INGAME_LOG_INFO, "%s%s", words, suffix);
}

// SPDX-License-Identifier: MIT
// The refresh line both the Vulkan layer and the OpenGL preload library log when they start
// pacing (and when the refresh changes), so a user reads the same words for either API.
#include <stdio.h>

#include "layer/layer.h"

/* "fps refresh/2 = 71.96" or "fps 60 = 59.94 (2 refreshes)": what the pacer now paces to. */
static void describe_target(const struct pacer *p, char *out, size_t len)
{
	double fps = pacer_interval_ns(p) > 0 ? 1e9 / (double)pacer_interval_ns(p) : 0;

	if (p->target.divisor == 1)
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

void layer_refresh_log(const char *what, const struct layer_refresh *r, const struct pacer *p,
		       const char *suffix)
{
	char target[96];

	describe_target(p, target, sizeof(target));
	if (r->refresh_ns > 0)
		layer_log(LOG_INFO, "%s %.2f Hz (%s%s%s) -> %s%s", what, 1e9 / (double)r->refresh_ns,
			  r->source, r->output[0] ? ", " : "", r->output, target, suffix);
	else
		layer_log(LOG_INFO, "refresh unknown (%s): 60 Hz assumed -> %s%s", r->source,
			  target, suffix);
}

// SPDX-License-Identifier: MIT
// The layer's side of telemetry: MVGAL_TELEMETRY starts one writer (telemetry/telemetry.h) per
// process at the first swapchain, presents stamp rows into it, and the last vkDestroyInstance
// waits until the rows and the summary are written. The writer lives as long as the process
// (the layer is linked -z nodelete): a game that makes a new instance goes on in the same file.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

static void log_line(const char *line)
{
	ingame_log(LOG_INFO, "%s", line); /* the writer logs each kind of problem once itself */
}

void layer_telemetry_start(void)
{
	struct layer_telemetry *t = &layer_g.telemetry;
	struct telemetry_config cfg = { .log = log_line, .result = ingame_result_line };
	char path[sizeof(layer_g.settings.telemetry_path)];
	struct telemetry *w = NULL;
	int rc;

	pthread_mutex_lock(&layer_g.lock);
	if (t->writer || t->is_failed ||
	    (!layer_g.settings.telemetry_path[0] && !layer_g.settings.is_result)) {
		pthread_mutex_unlock(&layer_g.lock);
		return;
	}
	memcpy(path, layer_g.settings.telemetry_path, sizeof(path));
	cfg.is_selftime = layer_g.settings.is_selftime;
	pthread_mutex_unlock(&layer_g.lock);

	/* outside the lock (it may log); two swapchains created at once may both get here: each
	 * returns with a writer running, the loser's (no row stamped, so no file) is stopped */
	cfg.path = path;
	rc = telemetry_start(&w, &cfg);
	pthread_mutex_lock(&layer_g.lock);
	if (!t->writer) {
		t->writer = w;
		w = NULL;
		t->is_failed = rc != 0;
	}
	pthread_mutex_unlock(&layer_g.lock);
	telemetry_stop(&w);
}

void layer_telemetry_stamp(struct telemetry *w, const struct layer_device *dev,
			   const struct layer_swapchain *sc, int64_t present_ns, int64_t wait_ns,
			   bool is_late, int64_t started_ns, int64_t self_ns)
{
	struct telemetry_row row = {
		.present_ns = present_ns,
		.pacer_wait_ns = wait_ns,
		.late = is_late,
		.wait_end_to_present_ns = started_ns > 0 ? present_ns - started_ns : 0,
	};
	struct telemetry_info info;

	if (telemetry_needs_info(w)) {
		/* the device that presents when the head is written is the one the game uses */
		telemetry_info_init(&info);
		snprintf(info.gpu, sizeof(info.gpu), "%s", dev->gpu_name);
		info.target_ns = sc && sc->has_target ? pacer_interval_ns(&sc->pacer) : 0;
		snprintf(info.pacer, sizeof(info.pacer), "%s",
			 !sc || !sc->is_paced ? "off"
			 : sc->is_latency     ? "latency"
					      : "on");
		if (sc) {
			info.refresh_ns = sc->refresh.refresh_ns;
			snprintf(info.refresh_source, sizeof(info.refresh_source), "%s%s%s",
				 sc->refresh.source ? sc->refresh.source : "unknown",
				 sc->refresh.output[0] ? " " : "", sc->refresh.output);
		}
		telemetry_stamp(w, &row, &info, self_ns);
		return;
	}
	telemetry_stamp(w, &row, NULL, self_ns);
}

void layer_telemetry_sync(void)
{
	struct telemetry *w;

	pthread_mutex_lock(&layer_g.lock);
	w = layer_g.telemetry.writer;
	pthread_mutex_unlock(&layer_g.lock);
	telemetry_sync(w);
}

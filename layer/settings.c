// SPDX-License-Identifier: MIT
// The layer's settings (MVGAL_* read once at the first vkCreateInstance) and its log.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "layer/layer.h"

int64_t layer_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

void layer_log(uint32_t kind, const char *fmt, ...)
{
	char line[512];
	const char *path = getenv("MVGAL_LOG");
	va_list ap;
	int n, fd;

	if (kind) {
		bool was_logged;

		pthread_mutex_lock(&layer_g.lock);
		was_logged = layer_g.logged & kind;
		layer_g.logged |= kind;
		pthread_mutex_unlock(&layer_g.lock);
		if (was_logged)
			return;
	}
	n = snprintf(line, sizeof(line), "mvgal layer: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	telemetry_write_all(STDERR_FILENO, line, (size_t)n);
	if (path && *path) {
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0) {
			telemetry_write_all(fd, line, (size_t)n);
			close(fd);
		}
	}
}

static bool parse_present_mode(const char *s, VkPresentModeKHR *out)
{
	static const struct {
		const char *name;
		VkPresentModeKHR mode;
	} modes[] = {
		{ "fifo", VK_PRESENT_MODE_FIFO_KHR },
		{ "mailbox", VK_PRESENT_MODE_MAILBOX_KHR },
		{ "immediate", VK_PRESENT_MODE_IMMEDIATE_KHR },
		{ "fifo_relaxed", VK_PRESENT_MODE_FIFO_RELAXED_KHR },
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(s, modes[i].name)) {
			*out = modes[i].mode;
			return true;
		}
	}
	return false;
}

static bool parse_on_off(const char *s, bool *out)
{
	if (!strcmp(s, "on") || !strcmp(s, "1") || !strcmp(s, "true")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "off") || !strcmp(s, "0") || !strcmp(s, "false")) {
		*out = false;
		return true;
	}
	return false;
}

static void read_gpu(struct layer_settings *s, const char *v)
{
	char msg[160];

	if (!strcmp(v, "list")) {
		s->is_list = true;
		return;
	}
	if (layer_select_parse(v, &s->gpu, msg, sizeof(msg)) == 0)
		s->has_gpu = s->gpu.n_terms > 0;
	else
		layer_log(LOG_BAD_SETTING, "MVGAL_GPU=%s: %s; ignored", v, msg);
}

void layer_settings_read(struct layer_settings *s)
{
	const char *v;

	memset(s, 0, sizeof(*s));
	s->is_pacer_on = true;
	v = getenv("MVGAL_GPU");
	if (v && *v)
		read_gpu(s, v);
	v = getenv("MVGAL_PRESENT_MODE");
	if (v && *v) {
		s->has_present_mode = parse_present_mode(v, &s->present_mode);
		if (!s->has_present_mode)
			layer_log(LOG_BAD_SETTING,
				  "MVGAL_PRESENT_MODE=%s: want fifo, mailbox, immediate or fifo_relaxed; "
				  "ignored", v);
	}
	v = getenv("MVGAL_IMAGES");
	if (v && *v) {
		char *end;
		unsigned long n = strtoul(v, &end, 10);

		if (*end || n < 1 || n > 16)
			layer_log(LOG_BAD_SETTING, "MVGAL_IMAGES=%s: want 1..16; ignored", v);
		else
			s->images = (uint32_t)n;
	}
	v = getenv("MVGAL_FPS");
	if (v && *v && pacer_target_parse(v, &s->fps) != 0)
		layer_log(LOG_BAD_SETTING, "MVGAL_FPS=%s: want 0, N or refresh/N; ignored", v);
	v = getenv("MVGAL_PACER");
	if (v && *v && !parse_on_off(v, &s->is_pacer_on)) {
		s->is_pacer_on = true;
		layer_log(LOG_BAD_SETTING, "MVGAL_PACER=%s: want on or off; ignored", v);
	}
	v = getenv("MVGAL_TELEMETRY");
	if (v && *v) {
		if (strlen(v) < sizeof(s->telemetry_path))
			strcpy(s->telemetry_path, v);
		else
			layer_log(LOG_BAD_SETTING, "MVGAL_TELEMETRY: path too long; telemetry off");
	}
	v = getenv("MVGAL_SELFTIME");
	s->is_selftime = v && !strcmp(v, "1");
}

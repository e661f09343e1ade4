// SPDX-License-Identifier: MIT
// The layer's settings (MVGAL_* read once at the first vkCreateInstance) and its log.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fs.h"
#include "common/setting.h"
#include "common/text.h"
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
	int n;

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
	/* a FIFO with no reader must not hang vkCreateInstance, one with a reader gets nothing
	 * (regular files only), and no symlink is followed: fs_append()'s rules */
	if (path && *path)
		fs_append(path, line, (size_t)n);
}

// Each bad variable gets its own line (kind LOG_INFO): the settings are read once per process
// (the first vkCreateInstance; the layer is linked -z nodelete), so each logs exactly once.
static void bad(const char *name, const char *v, const char *want)
{
	layer_log(LOG_INFO, "%s=%s: %s; ignored", name, v, want);
}

static const char *var(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void read_gpu(struct layer_settings *s, const char *v)
{
	char msg[160];

	if (!strcmp(v, "list")) {
		s->is_list = true;
		return;
	}
	if (gpu_select_parse(v, &s->gpu, msg, sizeof(msg)) == 0)
		s->has_gpu = s->gpu.n_terms > 0;
	else
		layer_log(LOG_INFO, "%s: %s; ignored", s->gpu_from, msg);
}

static void read_present_mode(struct layer_settings *s, const char *v)
{
	static const VkPresentModeKHR modes[SETTING_PRESENT_COUNT] = {
		[SETTING_PRESENT_FIFO] = VK_PRESENT_MODE_FIFO_KHR,
		[SETTING_PRESENT_MAILBOX] = VK_PRESENT_MODE_MAILBOX_KHR,
		[SETTING_PRESENT_IMMEDIATE] = VK_PRESENT_MODE_IMMEDIATE_KHR,
		[SETTING_PRESENT_FIFO_RELAXED] = VK_PRESENT_MODE_FIFO_RELAXED_KHR,
	};
	enum setting_present_mode m;

	if (setting_present_mode_parse(v, &m) < 0) {
		bad("MVGAL_PRESENT_MODE", v, "want auto, fifo, mailbox, immediate or fifo_relaxed");
		return;
	}
	s->has_present_mode = m != SETTING_PRESENT_AUTO;
	s->present_mode = modes[m];
}

// The title for a telemetry file name, as the launcher names it: the appid, else the program.
static void read_pacer(struct layer_settings *s, const char *v)
{
	enum setting_pacer m;

	if (setting_pacer_parse(v, &m) < 0) {
		bad("MVGAL_PACER", v, "want on, off or latency");
		return;
	}
	s->is_pacer_on = m != SETTING_PACER_OFF;
	s->is_pacer_latency = m == SETTING_PACER_LATENCY;
}

static const char *title_id(void)
{
	const char *id = getenv("STEAM_COMPAT_APP_ID");

	if (setting_is_appid(id))
		return id;
	id = getenv("SteamAppId");
	if (setting_is_appid(id))
		return id;
	return program_invocation_short_name;
}

// off | on | /abs/dir | /abs/file.csv, as in a profile: on and a folder get
// <appid>-<UTC time>-<random>.csv like the launcher's, and the folder is created here.
static void read_telemetry(struct layer_settings *s, const char *v)
{
	char state[PATH_MAX], dir[PATH_MAX], stamp[32];
	enum setting_telemetry kind;
	int rc;

	if (setting_telemetry_parse(v, &kind) < 0) {
		bad("MVGAL_TELEMETRY", v, "want off, on or an absolute path");
		return;
	}
	if (kind == SETTING_TELEMETRY_OFF)
		return;
	fs_xdg_dir("XDG_STATE_HOME", ".local/state", state);
	setting_utc_stamp(time(NULL), false, stamp, sizeof(stamp));
	fs_add_random_tag(stamp, sizeof(stamp));
	rc = setting_telemetry_csv(v, state, title_id(), stamp, s->telemetry_path,
				   sizeof(s->telemetry_path), dir, sizeof(dir));
	if (rc < 0) {
		s->telemetry_path[0] = '\0';
		layer_log(LOG_INFO, "MVGAL_TELEMETRY=%s: %s; telemetry off", v, strerror(-rc));
	} else if ((rc = fs_mkdirs(dir)) < 0) {
		s->telemetry_path[0] = '\0';
		layer_log(LOG_INFO, "telemetry: cannot create %s: %s; telemetry off", dir,
			  strerror(-rc));
	}
}

void layer_settings_read(struct layer_settings *s)
{
	const char *v;

	memset(s, 0, sizeof(*s));
	s->is_pacer_on = true;
	if ((v = var("MVGAL_GPU"))) {
		/* messages name what the user typed (issue 16); the launcher says what that was */
		const char *from = var("MVGAL_GPU_FROM");

		snprintf(s->gpu_from, sizeof(s->gpu_from), from ? "%s" : "MVGAL_GPU=%s",
			 from ? from : v);
		text_scrub(s->gpu_from);
		read_gpu(s, v);
	}
	if ((v = var("MVGAL_PRESENT_MODE")))
		read_present_mode(s, v);
	if ((v = var("MVGAL_IMAGES")) && setting_images_parse(v, &s->images) < 0)
		bad("MVGAL_IMAGES", v, "want 0..16");
	if ((v = var("MVGAL_FPS")) && pacer_target_parse(v, &s->fps) != 0)
		bad("MVGAL_FPS", v, "want 0, off, 1..1000, refresh or refresh/1..8");
	if ((v = var("MVGAL_PACER")))
		read_pacer(s, v);
	if ((v = var("MVGAL_TELEMETRY")))
		read_telemetry(s, v);
	if ((v = var("MVGAL_SELFTIME")) && setting_bool_parse(v, &s->is_selftime) < 0)
		bad("MVGAL_SELFTIME", v, "want 1 or 0");
	/* set by the launcher for `mvgal-launch -- CMD` in a terminal (issue 16) */
	if ((v = var("MVGAL_RESULT")) && setting_bool_parse(v, &s->is_result) < 0)
		bad("MVGAL_RESULT", v, "want 1 or 0");
}

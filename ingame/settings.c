// SPDX-License-Identifier: MIT
// The MVGAL_* settings, read once per process: by the Vulkan layer at the first
// vkCreateInstance, by the OpenGL library at the first swap.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/fs.h"
#include "common/text.h"
#include "ingame/ingame.h"

// Each bad variable gets its own line (kind INGAME_LOG_INFO): the settings are read once per
// process (the layer is linked -z nodelete; the OpenGL library reads them at its first swap), so
// each logs exactly once.
static void bad(const char *name, const char *v, const char *want)
{
	ingame_log(INGAME_LOG_INFO, "%s=%s: %s; ignored", name, v, want);
}

static const char *var(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void read_gpu(struct ingame_settings *s, const char *v)
{
	char msg[160];

	if (!strcmp(v, "list")) {
		s->is_list = true;
		return;
	}
	if (gpu_select_parse(v, &s->gpu, msg, sizeof(msg)) == 0)
		s->has_gpu = s->gpu.n_terms > 0;
	else
		ingame_log(INGAME_LOG_INFO, "%s: %s; ignored", s->gpu_from, msg);
}

static void read_present_mode(struct ingame_settings *s, const char *v)
{
	enum setting_present_mode m;

	if (setting_present_mode_parse(v, &m) < 0) {
		bad("MVGAL_PRESENT_MODE", v, "want auto, fifo, mailbox, immediate or fifo_relaxed");
		return;
	}
	s->has_present_mode = m != SETTING_PRESENT_AUTO;
	s->present_mode = m;
}

static void read_pacer(struct ingame_settings *s, const char *v)
{
	enum setting_pacer m;

	if (setting_pacer_parse(v, &m) < 0) {
		bad("MVGAL_PACER", v, "want on, off or latency");
		return;
	}
	s->is_pacer_on = m != SETTING_PACER_OFF;
	s->is_pacer_latency = m == SETTING_PACER_LATENCY;
}

// The title for a telemetry file name, as the launcher names it: the appid, else the program.
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
static void read_telemetry(struct ingame_settings *s, const char *v)
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
		ingame_log(INGAME_LOG_INFO, "MVGAL_TELEMETRY=%s: %s; telemetry off", v,
			   strerror(-rc));
	} else if ((rc = fs_mkdirs(dir)) < 0) {
		s->telemetry_path[0] = '\0';
		ingame_log(INGAME_LOG_INFO, "telemetry: cannot create %s: %s; telemetry off", dir,
			   strerror(-rc));
	}
}

static void read_hud(struct hud_config *h)
{
	enum setting_hud_position pos;
	const char *v;
	unsigned scale;

	if ((v = var("MVGAL_HUD")) && setting_bool_parse(v, &h->enabled) < 0)
		bad("MVGAL_HUD", v, "want 1 or 0");
	if ((v = var("MVGAL_HUD_POSITION"))) {
		if (setting_hud_position_parse(v, &pos) == 0)
			h->corner = (int)pos;
		else
			bad("MVGAL_HUD_POSITION", v,
			    "want top-left, top-right, bottom-left or bottom-right");
	}
	if ((v = var("MVGAL_HUD_SCALE"))) {
		if (setting_hud_scale_parse(v, &scale) == 0)
			h->scale = (int)scale;
		else
			bad("MVGAL_HUD_SCALE", v, "want 1..4");
	}
}

void ingame_settings_read(struct ingame_settings *s)
{
	const char *v;

	memset(s, 0, sizeof(*s));
	s->is_pacer_on = true;
	s->hud = (struct hud_config){ .enabled = false, .corner = HUD_TOP_LEFT, .scale = 1 };
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
		bad("MVGAL_FPS", v, "want 0, off, 1..1000, refresh, refresh/1..8 or vrr");
	snprintf(s->fps_from, sizeof(s->fps_from), "%s", var("MVGAL_FPS_FROM") ?: "MVGAL_FPS");
	text_scrub(s->fps_from);
	if ((v = var("MVGAL_PACER")))
		read_pacer(s, v);
	if ((v = var("MVGAL_TELEMETRY")))
		read_telemetry(s, v);
	read_hud(&s->hud);
	if ((v = var("MVGAL_SELFTIME")) && setting_bool_parse(v, &s->is_selftime) < 0)
		bad("MVGAL_SELFTIME", v, "want 1 or 0");
	/* set by the launcher for `mvgal-launch -- CMD` in a terminal (issue 16) */
	if ((v = var("MVGAL_RESULT")) && setting_bool_parse(v, &s->is_result) < 0)
		bad("MVGAL_RESULT", v, "want 1 or 0");
}

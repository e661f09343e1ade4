// SPDX-License-Identifier: MIT
// The schema table (see settings.h). Keep the help lines short: `profile show --explain`, the
// man page and the README print them as they are.
#include <string.h>

#include "common/setting.h"
#include "profiles/settings.h"

const struct profile_setting profile_settings[PROFILE_KEY_COUNT] = {
	[PROFILE_KEY_PROTON] = {
		.key = PROFILE_KEY_PROTON, .section = "launch", .name = "proton",
		.dotted = "launch.proton", .type = PROFILE_TYPE_TEXT, .default_value = "",
		.env = "MVGAL_PROTON", .option = "--proton",
		.values = "NAME | newest",
		.help = "Proton build to wrap (exact name, then case-insensitive; a name without a version: its family's newest); empty = the title's tool before mvgal-launch, else Steam Play's default",
	},
	[PROFILE_KEY_ARGS] = {
		.key = PROFILE_KEY_ARGS, .section = "launch", .name = "args",
		.dotted = "launch.args", .type = PROFILE_TYPE_ARGS, .default_value = "",
		.option = "--args",
		.values = "ARG... (blank-separated, '…'/\"…\" quote)",
		.help = "arguments appended to the game's own argv (no shell, no expansion)",
	},
	[PROFILE_KEY_GPU] = {
		.key = PROFILE_KEY_GPU, .section = "gpu", .name = "select",
		.dotted = "gpu.select", .type = PROFILE_TYPE_GPU, .default_value = "",
		.env = "MVGAL_GPU", .is_layer_var = 1, .option = "--gpu",
		.values = "SEL[,SEL...]: nvidia | amd | intel | cpu | 0xVENDOR[:0xDEVICE] | "
			  "pci:[DDDD:]BB:DD.F | UUID | name part, !SEL hides",
		.help = "GPUs the game sees, in this order; empty = all, unchanged",
	},
	[PROFILE_KEY_FPS] = {
		.key = PROFILE_KEY_FPS, .section = "frame", .name = "fps",
		.dotted = "frame.fps", .type = PROFILE_TYPE_FPS,
		.default_value = "0", .env = "MVGAL_FPS", .is_layer_var = 1, .option = "--fps",
		.values = "0 | off | 1..1000 | refresh | refresh/1..8 | vrr",
		.help = "frame-rate target of the pacer; 0 = unpaced; vrr = refresh - refresh^2/3600, inside a VRR range",
	},
	[PROFILE_KEY_PACER] = {
		.key = PROFILE_KEY_PACER, .section = "frame", .name = "pacer",
		.dotted = "frame.pacer", .type = PROFILE_TYPE_PACER, .default_value = "on",
		.env = "MVGAL_PACER", .is_layer_var = 1, .option = "--pacer",
		.values = "on | off | latency",
		.help = "pace frames to frame.fps (off keeps the target for telemetry only; latency waits where a frame starts)",
	},
	[PROFILE_KEY_PRESENT_MODE] = {
		.key = PROFILE_KEY_PRESENT_MODE, .section = "frame", .name = "present_mode",
		.dotted = "frame.present_mode", .type = PROFILE_TYPE_PRESENT_MODE,
		.choices = setting_present_mode_names, .default_value = "auto",
		.env = "MVGAL_PRESENT_MODE", .is_layer_var = 1, .option = "--present-mode",
		.values = "auto | fifo | mailbox | immediate | fifo_relaxed",
		.help = "swapchain present mode when the surface supports it; auto = the game's choice",
	},
	[PROFILE_KEY_IMAGES] = {
		.key = PROFILE_KEY_IMAGES, .section = "frame", .name = "images",
		.dotted = "frame.images", .type = PROFILE_TYPE_IMAGES,
		.default_value = "0", .env = "MVGAL_IMAGES", .is_layer_var = 1,
		.option = "--images", .values = "0 | 1..16",
		.help = "swapchain image count when the surface allows it; 0 = the game's choice",
	},
	[PROFILE_KEY_TELEMETRY] = {
		.key = PROFILE_KEY_TELEMETRY, .section = "frame", .name = "telemetry",
		.dotted = "frame.telemetry", .type = PROFILE_TYPE_TELEMETRY,
		.default_value = "off", .env = "MVGAL_TELEMETRY", .is_layer_var = 1,
		.option = "--telemetry",
		.values = "off | on | /abs/dir | /abs/file.csv",
		.help = "per-frame CSV; on = $XDG_STATE_HOME/mvgal/telemetry/<appid>-<UTC>-<random>.csv",
	},
	[PROFILE_KEY_HUD] = {
		.key = PROFILE_KEY_HUD, .section = "frame", .name = "hud",
		.dotted = "frame.hud", .type = PROFILE_TYPE_BOOL, .default_value = "off",
		.env = "MVGAL_HUD", .is_layer_var = 1, .is_not_from_db = 1, .option = "--hud",
		.values = "on | off",
		.help = "the on-screen HUD (fps, frame-time graph, 1% low, late frames, GPU, pacer, present mode); Shift+F12 hides and shows it",
	},
	[PROFILE_KEY_HUD_POSITION] = {
		.key = PROFILE_KEY_HUD_POSITION, .section = "frame", .name = "hud_position",
		.dotted = "frame.hud_position", .type = PROFILE_TYPE_HUD_POSITION,
		.choices = setting_hud_position_names, .default_value = "top-left",
		.env = "MVGAL_HUD_POSITION", .is_layer_var = 1, .is_not_from_db = 1,
		.option = "--hud-position",
		.values = "top-left | top-right | bottom-left | bottom-right",
		.help = "the HUD's corner",
	},
	[PROFILE_KEY_HUD_SCALE] = {
		.key = PROFILE_KEY_HUD_SCALE, .section = "frame", .name = "hud_scale",
		.dotted = "frame.hud_scale", .type = PROFILE_TYPE_HUD_SCALE, .default_value = "1",
		.env = "MVGAL_HUD_SCALE", .is_layer_var = 1, .is_not_from_db = 1,
		.option = "--hud-scale",
		.values = "1..4",
		.help = "the HUD's size: each pixel of its 6x13 font drawn N x N",
	},
};

const struct profile_setting *profile_setting_find(const char *section, const char *name)
{
	for (size_t i = 0; i < PROFILE_KEY_COUNT; i++) {
		const struct profile_setting *s = &profile_settings[i];
		if (!strcmp(s->section, section) && !strcmp(s->name, name))
			return s;
	}
	return NULL;
}

const struct profile_setting *profile_setting_find_dotted(const char *dotted)
{
	for (size_t i = 0; i < PROFILE_KEY_COUNT; i++)
		if (!strcmp(profile_settings[i].dotted, dotted))
			return &profile_settings[i];
	return NULL;
}

int profile_section_is_known(const char *section)
{
	if (!strcmp(section, PROFILE_ENV_SECTION))
		return 1;
	for (size_t i = 0; i < PROFILE_KEY_COUNT; i++)
		if (!strcmp(profile_settings[i].section, section))
			return 1;
	return 0;
}

// SPDX-License-Identifier: MIT
// "did you mean" for profile keys: typos of the schema's names, a name under the wrong section,
// and the names people bring from the tools they used before. Each of those names is listed
// only where it means what our key means; where the values differ the note says how.
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/words.h"
#include "profiles/profiles_internal.h"

struct habit {
	const char *name;
	enum profile_key key;
	const char *note; /* what differs, or NULL */
};

static const struct habit habits[] = {
	// MangoHud's config file (MangoHud's README and data/MangoHud.conf: "Limit the
	// application FPS", "VSYNC [0-3] 0 = adaptive; 1 = off; 2 = mailbox; 3 = on",
	// "gl_vsync" -1 adaptive, 0 off, 1 on; "output_folder" for its logs).
	{ "fps_limit", PROFILE_KEY_FPS, "MangoHud's fps_limit; one number here" },
	{ "fps_limit_method", PROFILE_KEY_PACER, "MangoHud's fps_limit_method; on|off|latency here" },
	{ "vsync", PROFILE_KEY_PRESENT_MODE,
	  "MangoHud's vsync 0/1/2/3 = fifo_relaxed/immediate/mailbox/fifo" },
	{ "gl_vsync", PROFILE_KEY_PRESENT_MODE,
	  "MangoHud's gl_vsync -1/0/1 = fifo_relaxed/immediate/fifo" },
	{ "output_folder", PROFILE_KEY_TELEMETRY, "MangoHud's log folder; an absolute path here" },
	// dxvk.conf (DXVK's dxvk.conf): "dxgi.maxFrameRate"/"d3d9.maxFrameRate" limit the frame
	// rate; "dxgi.syncInterval"/"d3d9.presentInterval" 0 = no vsync; "*.numBackBuffers".
	{ "dxgi.maxFrameRate", PROFILE_KEY_FPS, "DXVK's frame limit" },
	{ "d3d9.maxFrameRate", PROFILE_KEY_FPS, "DXVK's frame limit" },
	{ "dxgi.syncInterval", PROFILE_KEY_PRESENT_MODE, "DXVK's 0/1 = immediate/fifo" },
	{ "d3d9.presentInterval", PROFILE_KEY_PRESENT_MODE, "DXVK's 0/1 = immediate/fifo" },
	{ "dxgi.numBackBuffers", PROFILE_KEY_IMAGES, "closest to DXVK's back buffers" },
	{ "d3d9.numBackBuffers", PROFILE_KEY_IMAGES, "closest to DXVK's back buffers" },
	// gamescope's -r, --framerate-limit
	{ "framerate-limit", PROFILE_KEY_FPS, "gamescope's --framerate-limit" },
	{ "framerate_limit", PROFILE_KEY_FPS, "gamescope's --framerate-limit" },
	// plain words for our own keys
	{ "gpu", PROFILE_KEY_GPU, NULL },
	{ "framerate", PROFILE_KEY_FPS, NULL },
	{ "max_fps", PROFILE_KEY_FPS, NULL },
};

/* The setting a foreign or misplaced name means (exact schema name in any section, dotted
 * name, a habit, any case for habits), with its note; NULL when none. */
static const struct profile_setting *setting_meant(const char *name, const char **note)
{
	*note = NULL;
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++)
		if (!strcmp(profile_settings[k].name, name) ||
		    !strcmp(profile_settings[k].dotted, name))
			return &profile_settings[k];
	for (size_t i = 0; i < sizeof(habits) / sizeof(habits[0]); i++)
		if (!strcasecmp(habits[i].name, name)) {
			*note = habits[i].note;
			return &profile_settings[habits[i].key];
		}
	return NULL;
}

/* NAME is shaped like an environment variable: upper case, digits and '_' only. */
static int is_env_shaped(const char *name)
{
	int has_upper = 0;
	for (const char *p = name; *p; p++) {
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
			return 0;
		has_upper |= isupper((unsigned char)*p) != 0;
	}
	return has_upper;
}

void profile_suggest_key(const char *section, const char *name, char *out, size_t size)
{
	const char *note;
	const struct profile_setting *s = setting_meant(name, &note);
	out[0] = '\0';
	if (!s) {
		const char *names[PROFILE_KEY_COUNT];
		size_t n = 0;
		for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) /* this section's names first */
			if (section && !strcmp(profile_settings[k].section, section))
				names[n++] = profile_settings[k].name;
		const char *near = words_closest(name, names, n);
		n = 0;
		for (size_t k = 0; k < PROFILE_KEY_COUNT && !near; k++)
			names[n++] = profile_settings[k].name;
		if (!near)
			near = words_closest(name, names, n);
		for (size_t k = 0; k < PROFILE_KEY_COUNT && near; k++)
			if (profile_settings[k].name == near)
				s = &profile_settings[k];
	}
	const char *open = note ? " (" : "", *close = note ? ")" : "";
	note = note ? note : "";
	if (s && section && !strcmp(s->section, section))
		snprintf(out, size, ": did you mean '%s'?%s%s%s", s->name, open, note, close);
	else if (s && !strcmp(s->name, name))
		snprintf(out, size, ": '%s' goes under [%s]", s->name, s->section);
	else if (s)
		snprintf(out, size, ": did you mean '%s' under [%s]?%s%s%s", s->name, s->section,
			 open, note, close);
	else if (is_env_shaped(name))
		snprintf(out, size, ": a variable for the game goes under [%s]", PROFILE_ENV_SECTION);
}

const struct profile_setting *profile_env_names_setting(const char *name, const char **note)
{
	// Real variables are upper case; "fps", "vsync" or "fps_limit" under [env] is a setting
	// appended below the [env] header (issue 27), not a variable anyone reads.
	for (const char *p = name; *p; p++)
		if (isupper((unsigned char)*p))
			return NULL;
	return setting_meant(name, note);
}

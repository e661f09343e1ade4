// SPDX-License-Identifier: MIT
// The setting values both the launcher and the layer read (see setting.h).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/setting.h"

int setting_bool_parse(const char *s, bool *out)
{
	static const char *const on[] = { "on", "true", "yes", "1" };
	static const char *const off[] = { "off", "false", "no", "0" };

	for (size_t i = 0; s && i < sizeof(on) / sizeof(on[0]); i++) {
		if (!strcasecmp(s, on[i]) || !strcasecmp(s, off[i])) {
			*out = !strcasecmp(s, on[i]);
			return 0;
		}
	}
	return -EINVAL;
}

int setting_pacer_parse(const char *s, enum setting_pacer *out)
{
	bool is_on;

	if (s && !strcasecmp(s, "latency")) {
		*out = SETTING_PACER_LATENCY;
		return 0;
	}
	if (setting_bool_parse(s, &is_on) < 0)
		return -EINVAL;
	*out = is_on ? SETTING_PACER_ON : SETTING_PACER_OFF;
	return 0;
}

const char *const setting_present_mode_names[SETTING_PRESENT_COUNT + 1] = {
	[SETTING_PRESENT_AUTO] = "auto",
	[SETTING_PRESENT_FIFO] = "fifo",
	[SETTING_PRESENT_MAILBOX] = "mailbox",
	[SETTING_PRESENT_IMMEDIATE] = "immediate",
	[SETTING_PRESENT_FIFO_RELAXED] = "fifo_relaxed",
	[SETTING_PRESENT_COUNT] = NULL,
};

/* The index of s in a NULL-terminated list of names, in any case; -EINVAL when not there. */
static int name_index(const char *s, const char *const *names)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -EINVAL;
}

int setting_present_mode_parse(const char *s, enum setting_present_mode *out)
{
	int i = name_index(s, setting_present_mode_names);

	if (i < 0)
		return i;
	*out = (enum setting_present_mode)i;
	return 0;
}

const char *const setting_hud_position_names[SETTING_HUD_POSITION_COUNT + 1] = {
	[SETTING_HUD_TOP_LEFT] = "top-left",	   [SETTING_HUD_TOP_RIGHT] = "top-right",
	[SETTING_HUD_BOTTOM_LEFT] = "bottom-left", [SETTING_HUD_BOTTOM_RIGHT] = "bottom-right",
	[SETTING_HUD_POSITION_COUNT] = NULL,
};

int setting_hud_position_parse(const char *s, enum setting_hud_position *out)
{
	int i = name_index(s, setting_hud_position_names);

	if (i < 0)
		return i;
	*out = (enum setting_hud_position)i;
	return 0;
}

int setting_hud_scale_parse(const char *s, unsigned *out)
{
	if (!s || s[0] < '1' || s[0] > '0' + SETTING_HUD_SCALE_MAX || s[1])
		return -EINVAL;
	*out = (unsigned)(s[0] - '0');
	return 0;
}

int setting_images_parse(const char *s, unsigned *out)
{
	unsigned n = 0;

	if (!s || !*s || strlen(s) > 2)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		n = n * 10 + (unsigned)(*s - '0');
	}
	if (n > SETTING_IMAGES_MAX)
		return -EINVAL;
	*out = n;
	return 0;
}

int setting_telemetry_parse(const char *s, enum setting_telemetry *out)
{
	bool is_on;
	size_t n;

	if (!s)
		return -EINVAL;
	if (setting_bool_parse(s, &is_on) == 0) {
		*out = is_on ? SETTING_TELEMETRY_ON : SETTING_TELEMETRY_OFF;
		return 0;
	}
	// Absolute only: the game may change its working directory before it presents.
	if (s[0] != '/' || strstr(s, "/../"))
		return -EINVAL;
	n = strlen(s);
	*out = n > 4 && !strcmp(s + n - 4, ".csv") ? SETTING_TELEMETRY_FILE : SETTING_TELEMETRY_DIR;
	return 0;
}

int setting_telemetry_csv(const char *value, const char *state_home, const char *who,
			  const char *stamp, char *csv, size_t csv_size, char *dir, size_t dir_size)
{
	enum setting_telemetry kind;
	int n;

	if (setting_telemetry_parse(value, &kind) < 0 || kind == SETTING_TELEMETRY_OFF)
		return -EINVAL;
	if (kind == SETTING_TELEMETRY_FILE) {
		const char *slash = strrchr(value, '/');

		n = snprintf(dir, dir_size, "%.*s", (int)(slash - value), value);
		if (n < 0 || (size_t)n >= dir_size)
			return -ENAMETOOLONG;
		n = snprintf(csv, csv_size, "%s", value);
		return n < 0 || (size_t)n >= csv_size ? -ENAMETOOLONG : 0;
	}
	if (kind == SETTING_TELEMETRY_DIR)
		n = snprintf(dir, dir_size, "%s", value);
	else if (state_home && state_home[0] == '/')
		n = snprintf(dir, dir_size, "%s/mvgal/telemetry", state_home);
	else
		return -EINVAL;
	if (n < 0 || (size_t)n >= dir_size)
		return -ENAMETOOLONG;
	n = snprintf(csv, csv_size, "%s/%s-%s.csv", dir, who && *who ? who : "game", stamp);
	return n < 0 || (size_t)n >= csv_size ? -ENAMETOOLONG : 0;
}

bool setting_is_appid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n < 32 && strspn(s, "0123456789") == n && strcmp(s, "0");
}

void setting_utc_stamp(time_t t, bool is_iso, char *out, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(out, size, is_iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y%m%dT%H%M%SZ", &tm) && size)
		out[0] = '\0';
}

// SPDX-License-Identifier: MIT
// Value checks against the schema and the argument splitter ([env] rules: env_rules.c).
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/array.h"
#include "common/gpu_select.h"
#include "common/setting.h"
#include "pacer/pacer.h"
#include "profiles/profiles_internal.h"

char *profile_strdup(const char *s)
{
	return strdup(s ? s : "");
}

void profile_unquote(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

int profile_text_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* The layer's own parser (common/gpu_select.h): what passes here is what the game gets. */
static int check_gpu(const char *v, char *msg, size_t size, const char *key)
{
	struct gpu_selection sel;
	char why[120];

	if (gpu_select_parse(v, &sel, why, sizeof(why)) == 0)
		return 0;
	snprintf(msg, size, "%s: %s", key, why);
	return PROFILE_EINVAL;
}

static int check_args(const char *v, char *msg, size_t size, const char *key)
{
	char **argv;
	size_t argc;
	int rc = profile_args_split(v, &argv, &argc);
	if (rc == PROFILE_EINVAL)
		snprintf(msg, size, "%s: unterminated quote in '%s'", key, v);
	else if (rc)
		snprintf(msg, size, "%s: %s", key, profile_strerror(rc));
	profile_args_free(argv);
	return rc;
}

static int check_images(const char *v, char *msg, size_t size, const struct profile_setting *s)
{
	unsigned n;
	if (setting_images_parse(v, &n) == 0)
		return 0;
	if (*v && strspn(v, "0123456789") == strlen(v))
		snprintf(msg, size, "%s: %s is out of range 0..%d", s->dotted, v, SETTING_IMAGES_MAX);
	else
		snprintf(msg, size, "%s: '%s' is not a number (expected %s)", s->dotted, v,
			 s->values);
	return PROFILE_EINVAL;
}

/* The settings whose value is one of a set, or parsed by pacer/ or common/settings. */
static int check_choice(const struct profile_setting *s, const char *v, char *msg, size_t size)
{
	switch (s->type) {
	case PROFILE_TYPE_FPS: {
		struct pacer_target t;
		if (pacer_target_parse(v, &t) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not a frame rate (expected %s)", s->dotted, v,
			 s->values);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_BOOL: {
		bool b;
		if (setting_bool_parse(v, &b) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not on/off", s->dotted, v);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_PRESENT_MODE: {
		enum setting_present_mode m;
		if (setting_present_mode_parse(v, &m) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not one of %s", s->dotted, v, s->values);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_PACER: {
		enum setting_pacer m;
		if (setting_pacer_parse(v, &m) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not on, off or latency", s->dotted, v);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_HUD_POSITION: {
		enum setting_hud_position pos;
		if (setting_hud_position_parse(v, &pos) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not one of %s", s->dotted, v, s->values);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_HUD_SCALE: {
		unsigned n;
		if (setting_hud_scale_parse(v, &n) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not 1, 2, 3 or 4", s->dotted, v);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_TELEMETRY: {
		enum setting_telemetry t;
		if (setting_telemetry_parse(v, &t) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not on, off or an absolute path", s->dotted, v);
		return PROFILE_EINVAL;
	}
	default:
		break;
	}
	snprintf(msg, size, "%s: unknown type", s->dotted);
	return PROFILE_EINVAL;
}

int profile_check_value(enum profile_key key, const char *v, char *msg, size_t size)
{
	if ((unsigned)key >= PROFILE_KEY_COUNT || !v) {
		snprintf(msg, size, "unknown setting");
		return PROFILE_EINVAL;
	}
	const struct profile_setting *s = &profile_settings[key];
	if (profile_text_has_control(v)) {
		snprintf(msg, size, "%s: control character in value", s->dotted);
		return PROFILE_EINVAL;
	}
	switch (s->type) {
	case PROFILE_TYPE_TEXT:
		if (strlen(v) > 128) {
			snprintf(msg, size, "%s: longer than 128 characters", s->dotted);
			return PROFILE_EINVAL;
		}
		return 0;
	case PROFILE_TYPE_ARGS:
		return check_args(v, msg, size, s->dotted);
	case PROFILE_TYPE_GPU:
		return check_gpu(v, msg, size, s->dotted);
	case PROFILE_TYPE_FPS:
	case PROFILE_TYPE_BOOL:
	case PROFILE_TYPE_PRESENT_MODE:
	case PROFILE_TYPE_PACER:
	case PROFILE_TYPE_TELEMETRY:
	case PROFILE_TYPE_HUD_POSITION:
	case PROFILE_TYPE_HUD_SCALE:
		return check_choice(s, v, msg, size);
	case PROFILE_TYPE_IMAGES:
		return check_images(v, msg, size, s);
	}
	snprintf(msg, size, "%s: unknown type", s->dotted);
	return PROFILE_EINVAL;
}

/* ---- argument splitting ----------------------------------------------------------------- */

static int push_arg(char ***argv, size_t *argc, size_t *cap, char *word)
{
	char **nv = array_grow(*argv, cap, *argc + 2, sizeof(*nv), 8);
	if (!nv)
		return PROFILE_ENOMEM;
	*argv = nv;
	(*argv)[(*argc)++] = word;
	(*argv)[*argc] = NULL;
	return 0;
}

int profile_args_split(const char *s, char ***argv_out, size_t *argc_out)
{
	char **argv = NULL, *word = NULL;
	size_t argc = 0, cap = 0;
	int rc = push_arg(&argv, &argc, &cap, NULL); /* allocate the terminator */
	argc = 0;
	if (rc)
		goto out;
	const char *p = s ? s : "";
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		word = malloc(strlen(p) + 1);
		if (!word) {
			rc = PROFILE_ENOMEM;
			goto out;
		}
		size_t w = 0;
		char quote = 0;
		for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
			if (quote && *p == quote)
				quote = 0;
			else if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (*p == '\\' && quote != '\'' && p[1])
				word[w++] = *++p;
			else
				word[w++] = *p;
		}
		word[w] = '\0';
		if (quote) {
			rc = PROFILE_EINVAL;
			goto out;
		}
		rc = push_arg(&argv, &argc, &cap, word);
		if (rc)
			goto out;
		word = NULL;
	}
out:
	free(word);
	if (rc) {
		profile_args_free(argv);
		argv = NULL;
		argc = 0;
	}
	*argv_out = argv;
	*argc_out = argc;
	return rc;
}

void profile_args_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

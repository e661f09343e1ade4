// SPDX-License-Identifier: MIT
// Wrapper-mode options: the schema's own options (profiles/settings.h: --gpu, --fps, ...)
// plus --profile FILE and --no-layer. They form the top profile layer. Also --steam-root, which
// every command that touches a Steam root takes.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/setting.h"
#include "launcher/launcher.h"
#include "launcher/term.h"
#include "launcher/usage.h"
#include "profiles/profiles.h"

static const struct profile_setting *find_option(const char *arg, size_t len)
{
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const char *opt = profile_settings[k].option;
		if (opt && strlen(opt) == len && !strncmp(arg, opt, len))
			return &profile_settings[k];
	}
	return NULL;
}

// --telemetry takes on|off or a path; a relative path is made absolute here because the
// schema wants absolute paths (the game may change its working directory).
static const char *telemetry_value(struct launch_opts *o, const char *v)
{
	char cwd[PATH_MAX];
	bool is_on;
	if (v[0] == '/' || setting_bool_parse(v, &is_on) == 0 || !getcwd(cwd, sizeof(cwd)))
		return v;
	if (snprintf(o->telemetry_abs, sizeof(o->telemetry_abs), "%s/%s", cwd, v) >=
	    (int)sizeof(o->telemetry_abs))
		return v;
	return o->telemetry_abs;
}

static int take_value(int argc, char **argv, int *i, const char *arg, const char *eq,
		      const char **value, struct launch_err *e)
{
	if (eq) {
		*value = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return launch_errf(e, 2, "option %s needs a value", arg);
	*value = argv[++*i];
	return 0;
}

static int add_override(struct launch_opts *o, const struct profile_setting *s, const char *value,
			struct launch_err *e)
{
	char msg[256];
	if (s->key == PROFILE_KEY_TELEMETRY)
		value = telemetry_value(o, value);
	if (s->key == PROFILE_KEY_GPU && !strcmp(value, "list"))
		error("--gpu list: the layer prints the GPUs Vulkan shows "
		      "the game; `mvgal-launch gpus` lists them without starting it");
	if (profile_check_value(s->key, value, msg, sizeof(msg)) < 0)
		return launch_errf(e, 2, "%s: %s", s->option, msg);
	if (o->n_ov == LAUNCH_MAX_OVERRIDES)
		return launch_errf(e, 2, "too many options");
	o->ov[o->n_ov++] = (struct profile_override_slot){ .key = (int)s->key,
							   .value = value,
							   .origin = s->option };
	return 0;
}

// "did you mean --fps?" for --fsp: the closest of the wrapper's options.
static int unknown_option(const char *arg, size_t len, struct launch_err *e)
{
	const char *names[PROFILE_KEY_COUNT + 4] = { "--profile", "--no-layer", "--help",
						     "--version" };
	size_t n = 4;
	char word[64];
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++)
		if (profile_settings[k].option)
			names[n++] = profile_settings[k].option;
	snprintf(word, sizeof(word), "%.*s", (int)len, arg);
	const char *near = term_closest(word, names, n);
	if (near)
		return launch_errf(e, 2, "unknown option '%s': did you mean '%s'?", word, near);
	return launch_errf(e, 2, "unknown option '%s' (see mvgal-launch --help)", word);
}

int launch_parse_wrapper(int argc, char **argv, struct launch_opts *o, struct launch_err *e)
{
	int i;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-')
			break; // `mvgal-launch %command%` without "--" still works
		const char *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct profile_setting *s = find_option(arg, len);
		if (!strcmp(arg, "--no-layer")) {
			o->is_no_layer = true;
		} else if (!strncmp(arg, "--profile", len) && len == 9) {
			if (take_value(argc, argv, &i, arg, eq, &value, e))
				return 2;
			o->profile_file = value;
		} else if (s && s->key == PROFILE_KEY_HUD && !eq) {
			// --hud alone turns it on (--hud=off also works)
			if (add_override(o, s, "on", e))
				return 2;
		} else if (s) {
			if (take_value(argc, argv, &i, arg, eq, &value, e) ||
			    add_override(o, s, value, e))
				return 2;
		} else {
			return unknown_option(arg, len, e);
		}
	}
	o->cmd = argv + i;
	o->n_cmd = argc - i;
	if (o->n_cmd == 0)
		return launch_errf(e, 2, "nothing to run: mvgal-launch [OPTIONS] -- CMD [ARGS...]");
	return 0;
}

int option_steam_root(int argc, char **argv, int i, const char **root)
{
	if (!strncmp(argv[i], "--steam-root=", 13)) {
		*root = argv[i] + 13;
		return 1;
	}
	if (strcmp(argv[i], "--steam-root"))
		return 0;
	if (i + 1 >= argc)
		return -1;
	*root = argv[i + 1];
	return 2;
}

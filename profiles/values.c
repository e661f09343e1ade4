// SPDX-License-Identifier: MIT
// Value checks against the schema, the [env] rules and the argument splitter.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pacer/pacer.h"
#include "profiles/profiles_internal.h"

char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

int bool_word(const char *s)
{
	static const char *const on[] = {"on", "true", "yes", "1"};
	static const char *const off[] = {"off", "false", "no", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, on[i]))
			return 1;
		if (!strcasecmp(s, off[i]))
			return 0;
	}
	return -1;
}

void unquote(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int check_gpu(const char *v, char *msg, size_t size, const char *key)
{
	const char *p = v;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n && *p == '!') {
			p++;
			n--;
		}
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (!n) {
			snprintf(msg, size, "%s: empty GPU selector in '%s'", key, v);
			return PROFILE_EINVAL;
		}
		if (!end)
			break;
		p = end + 1;
		if (!*p) {
			snprintf(msg, size, "%s: empty GPU selector in '%s'", key, v);
			return PROFILE_EINVAL;
		}
	}
	return 0;
}

static int check_uint(const struct profile_setting *s, const char *v, char *msg, size_t size)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || !isdigit((unsigned char)*v)) {
		snprintf(msg, size, "%s: '%s' is not a number (expected %s)", s->dotted, v,
			 s->values);
		return PROFILE_EINVAL;
	}
	if (n < s->min || n > s->max) {
		snprintf(msg, size, "%s: %ld is out of range %ld..%ld", s->dotted, n, s->min,
			 s->max);
		return PROFILE_EINVAL;
	}
	return 0;
}

static int check_choice(const struct profile_setting *s, const char *v, char *msg, size_t size)
{
	for (const char *const *c = s->choices; *c; c++)
		if (!strcasecmp(*c, v))
			return 0;
	snprintf(msg, size, "%s: '%s' is not one of %s", s->dotted, v, s->values);
	return PROFILE_EINVAL;
}

int profile_check_value(enum profile_key key, const char *v, char *msg, size_t size)
{
	if ((unsigned)key >= PROFILE_KEY_COUNT || !v) {
		snprintf(msg, size, "unknown setting");
		return PROFILE_EINVAL;
	}
	const struct profile_setting *s = &profile_settings[key];
	if (has_control(v)) {
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
	case PROFILE_TYPE_ARGS: {
		char **argv;
		size_t argc;
		int rc = profile_args_split(v, &argv, &argc);
		if (rc == PROFILE_EINVAL)
			snprintf(msg, size, "%s: unterminated quote in '%s'", s->dotted, v);
		else if (rc)
			snprintf(msg, size, "%s: %s", s->dotted, profile_strerror(rc));
		profile_args_free(argv);
		return rc;
	}
	case PROFILE_TYPE_GPU:
		return check_gpu(v, msg, size, s->dotted);
	case PROFILE_TYPE_FPS: {
		struct pacer_target t;
		if (pacer_target_parse(v, &t) == 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not a frame rate (expected %s)", s->dotted, v,
			 s->values);
		return PROFILE_EINVAL;
	}
	case PROFILE_TYPE_BOOL:
		if (bool_word(v) >= 0)
			return 0;
		snprintf(msg, size, "%s: '%s' is not on/off", s->dotted, v);
		return PROFILE_EINVAL;
	case PROFILE_TYPE_CHOICE:
		return check_choice(s, v, msg, size);
	case PROFILE_TYPE_UINT:
		return check_uint(s, v, msg, size);
	case PROFILE_TYPE_TELEMETRY:
		if (bool_word(v) >= 0 || (v[0] == '/' && !strstr(v, "/../")))
			return 0;
		snprintf(msg, size, "%s: '%s' is not on, off or an absolute path", s->dotted, v);
		return PROFILE_EINVAL;
	}
	snprintf(msg, size, "%s: unknown type", s->dotted);
	return PROFILE_EINVAL;
}

/* ---- [env] rules ------------------------------------------------------------------------ */

int profile_env_name_check(const char *name, char *msg, size_t size)
{
	static const char *const refused[] = {"LD_PRELOAD", "LD_LIBRARY_PATH", "PATH",
					      "ENABLE_MVGAL", "DISABLE_MVGAL", NULL};
	if (!name || !*name || !(isalpha((unsigned char)*name) || *name == '_')) {
		snprintf(msg, size, "[env] '%s' is not a valid variable name", name ? name : "");
		return PROFILE_EINVAL;
	}
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_') {
			snprintf(msg, size, "[env] '%s' is not a valid variable name", name);
			return PROFILE_EINVAL;
		}
	}
	for (const char *const *r = refused; *r; r++) {
		if (!strcmp(name, *r)) {
			snprintf(msg, size, "[env] %s is refused: it could run code or hide the "
				 "layer outside the profile's control", name);
			return PROFILE_EINVAL;
		}
	}
	if (!strncmp(name, "MVGAL_", 6)) {
		snprintf(msg, size, "[env] %s is refused: use the schema's key instead "
			 "(see `mvgal-launch profile show --explain`)", name);
		return PROFILE_EINVAL;
	}
	return 0;
}

int profile_env_db_allowed(const char *name)
{
	static const char *const prefixes[] = {"DXVK_", "VKD3D_", "PROTON_", "__GL_",
					       "RADV_", "MESA_", "WINE_", NULL};
	/* Wine's debug channels and feature switches (DLL overrides, esync/fsync). */
	static const char *const wine[] = {"WINEDEBUG", "WINEDLLOVERRIDES", "WINEESYNC",
					   "WINEFSYNC", NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(name, *p, strlen(*p)))
			return 1;
	for (const char *const *w = wine; *w; w++)
		if (!strcmp(name, *w))
			return 1;
	return 0;
}

/* A token that names a path: absolute, home-relative, a Windows drive, or with "..". */
static int path_token_ok(const char *tok, size_t n, const char *game_dir)
{
	int is_path = (n && (tok[0] == '/' || tok[0] == '~')) ||
		      (n >= 2 && isalpha((unsigned char)tok[0]) && tok[1] == ':') ||
		      (n >= 2 && memmem(tok, n, "..", 2));
	if (!is_path)
		return 1;
	if (!game_dir || tok[0] != '/' || memmem(tok, n, "..", 2))
		return 0;
	size_t g = strlen(game_dir);
	while (g > 1 && game_dir[g - 1] == '/')
		g--;
	return n > g && !memcmp(tok, game_dir, g) && tok[g] == '/';
}

int env_value_check(const char *name, const char *value, int is_db, const char *game_dir,
		    char *msg, size_t size)
{
	if (has_control(value)) {
		snprintf(msg, size, "[env] %s: control character in value", name);
		return PROFILE_EINVAL;
	}
	if (!is_db)
		return 0;
	if (!profile_env_db_allowed(name)) {
		snprintf(msg, size, "env.%s: not allowed in the compat DB (only DXVK_, VKD3D_, "
			 "PROTON_, WINE debug/feature flags, __GL_, RADV_, MESA_)", name);
		return PROFILE_EINVAL;
	}
	const char *p = value;
	while (*p) {
		size_t n = strcspn(p, " \t,;:=");
		/* "C:" of a drive letter is split by ':'; look at the unsplit token too */
		size_t whole = strcspn(p, " \t,;=");
		if (!path_token_ok(p, n, game_dir) || !path_token_ok(p, whole, game_dir)) {
			snprintf(msg, size, "env.%s: '%s' names a path outside the game's folder",
				 name, value);
			return PROFILE_EINVAL;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

/* ---- argument splitting ----------------------------------------------------------------- */

static int push_arg(char ***argv, size_t *argc, size_t *cap, char *word)
{
	if (*argc + 2 > *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		char **nv = realloc(*argv, ncap * sizeof(*nv));
		if (!nv)
			return PROFILE_ENOMEM;
		*argv = nv;
		*cap = ncap;
	}
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

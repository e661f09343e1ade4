// SPDX-License-Identifier: MIT
// Private to profiles/: a parsed layer (one source's validated items) and helpers shared by
// parse.c, resolve.c and values.c.
#ifndef MVGAL_PROFILES_INTERNAL_H
#define MVGAL_PROFILES_INTERNAL_H

#include <stdarg.h>

#include "profiles/profiles.h"

enum profile_item_kind {
	ITEM_SETTING, /* key is an enum profile_key */
	ITEM_ENV,     /* env_name = value            */
	ITEM_META,    /* DB meta: env_name is "name", "exe" or "reason" */
};

struct profile_item {
	enum profile_item_kind kind;
	enum profile_key key;
	char *env_name;
	char *value;
	int line;
};

/* One source, parsed and validated: items holds only the lines without a problem. A user file
 * applies them (a bad line is skipped and named); a DB entry applies only when n_errors == 0. */
struct profile_layer {
	struct profile_item *v;
	size_t n, cap;
	size_t n_errors;
};

void profile_layer_release(struct profile_layer *l);

/* Parses src into *l, adding every problem to diags (l->n_errors counts them).
 * Returns 0 or PROFILE_ENOMEM. */
int profile_layer_parse(const struct profile_source *src, struct profile_layer *l,
			struct profile_diags *diags);

/* Value of one DB/user [env] entry: 0 or PROFILE_EINVAL with msg. is_db adds the DB's exact
 * list of variables and their value grammars (env_rules.c). */
int profile_env_value_check(const char *name, const char *value, int is_db, char *msg,
			    size_t msg_size);

/* launch.args from a DB entry: only the listed harmless options (db_args.c).
 * 0 or PROFILE_EINVAL with msg. */
int profile_args_db_check(const char *value, char *msg, size_t msg_size);

/* DXVK_CONFIG / VKD3D_CONFIG values from a DB entry: only listed options, each in its value
 * grammar (db_config.c). 0 or PROFILE_EINVAL with why (one phrase, no variable name). */
int profile_dxvk_config_check(const char *value, char *why, size_t why_size);
int profile_vkd3d_config_check(const char *value, char *why, size_t why_size);

/* "did you mean" for an unknown key NAME under [section] (NULL: outside a section): writes
 * ": did you mean 'fps' under [frame]? (MangoHud's fps_limit; ...)" or "" to out (suggest.c). */
void profile_suggest_key(const char *section, const char *name, char *out, size_t size);

/* The setting that NAME under [env] means (a lower-case schema key, dotted key or a name from
 * MangoHud, DXVK or gamescope), with *note set as by profile_suggest_key(); NULL for a real
 * variable name. */
const struct profile_setting *profile_env_names_setting(const char *name, const char **note);

/* 1 if s holds a byte below 0x20 or DEL. */
int profile_text_has_control(const char *s);

/* Strips one pair of matching surrounding double quotes in place. */
void profile_unquote(char *s);

char *profile_strdup(const char *s);

#endif

// SPDX-License-Identifier: MIT
// The environment handed to the next program, as a NAME=value vector. We build a new envp
// for execve() rather than calling setenv(), so what the game gets is exactly this list.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fs.h"
#include "launcher/launcher.h"

int env_init(struct strv *env, char *const *environ_in)
{
	*env = (struct strv){ 0 };
	for (char *const *p = environ_in; p && *p; p++) {
		// A hostile parent may pass entries without '=' or with an empty name; getenv()
		// never finds them and the game gets no such entry from us either.
		if (!strchr(*p, '=') || **p == '=')
			continue;
		int rc = strv_push(env, *p);
		if (rc < 0) {
			strv_release(env);
			return rc;
		}
	}
	if (!env->v) { /* execve() wants an array even when it is empty */
		env->v = calloc(1, sizeof(char *));
		if (!env->v)
			return -ENOMEM;
		env->cap = 1;
	}
	return 0;
}

static size_t find(const struct strv *env, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < env->n; i++)
		if (!strncmp(env->v[i], name, len) && env->v[i][len] == '=')
			return i;
	return env->n;
}

const char *env_get(const struct strv *env, const char *name)
{
	size_t i = find(env, name);
	return i < env->n ? env->v[i] + strlen(name) + 1 : NULL;
}

int env_set(struct strv *env, const char *name, const char *value)
{
	size_t i = find(env, name);
	// A name may appear twice in a hostile environ; remove every copy.
	while (i < env->n) {
		free(env->v[i]);
		memmove(&env->v[i], &env->v[i + 1], (env->n - i) * sizeof(char *));
		env->n--;
		i = find(env, name);
	}
	if (!value)
		return 0;
	char *kv;
	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return -ENOMEM;
	return strv_push_take(env, kv);
}

int env_xdg_dir(const struct strv *env, const char *var, const char *home_rel, char out[PATH_MAX])
{
	return fs_xdg_dir_of(env_get(env, var), env_get(env, "HOME"), home_rel, out);
}

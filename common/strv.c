// SPDX-License-Identifier: MIT
// The string vector (see strv.h).
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "common/strv.h"

int strv_push_take(struct strv *s, char *str)
{
	if (!str)
		return -ENOMEM;
	char **v = array_grow(s->v, &s->cap, s->n + 2, sizeof(*v), 16);
	if (!v) {
		free(str);
		return -ENOMEM;
	}
	s->v = v;
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
	return 0;
}

int strv_push(struct strv *s, const char *str)
{
	return strv_push_take(s, strdup(str));
}

bool strv_has(const struct strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return true;
	return false;
}

int strv_push_unique(struct strv *s, const char *str)
{
	return strv_has(s, str) ? 0 : strv_push(s, str);
}

void strv_release(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

int strv_push_colon_list(struct strv *out, const char *list)
{
	int rc = 0;
	while (rc == 0 && list && *list) {
		const char *colon = strchrnul(list, ':');
		char p[PATH_MAX];
		if (colon > list && (size_t)(colon - list) < sizeof(p)) {
			memcpy(p, list, (size_t)(colon - list));
			p[colon - list] = '\0';
			rc = strv_push_unique(out, p);
		}
		list = *colon ? colon + 1 : colon;
	}
	return rc;
}

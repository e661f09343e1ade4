// SPDX-License-Identifier: MIT
/*
 * strv — a growing, NULL-terminated vector of malloc'd strings (argv / envp shaped): the
 * launcher's argv, environment, library and tool lists. Pure: no I/O.
 */
#ifndef MVGAL_COMMON_STRV_H
#define MVGAL_COMMON_STRV_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialised is empty; v is NULL until the first push, then always NULL-terminated. */
struct strv {
	char **v;
	size_t n, cap;
};
int strv_push(struct strv *s, const char *str);	       /* copies str; 0 or -ENOMEM */
int strv_push_take(struct strv *s, char *str);	       /* takes ownership; frees on failure */
int strv_push_unique(struct strv *s, const char *str); /* skips an equal string */
/* Adds each non-empty element of a colon-separated list (PATH style), skipping repeats; an
 * element of PATH_MAX bytes or more is left out. NULL is an empty list. */
int strv_push_colon_list(struct strv *out, const char *list);
bool strv_has(const struct strv *s, const char *str);
void strv_release(struct strv *s);

#endif

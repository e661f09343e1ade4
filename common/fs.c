// SPDX-License-Identifier: MIT
// File-system helpers shared by the launcher and the layer (see fs.h).
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"

int fs_xdg_dir(const char *var, const char *home_rel, char out[PATH_MAX])
{
	const char *v = getenv(var);
	const char *home = getenv("HOME");
	int n;

	if (v && v[0] == '/')
		n = snprintf(out, PATH_MAX, "%s", v);
	else if (home && home[0])
		n = snprintf(out, PATH_MAX, "%s/%s", home, home_rel);
	else
		n = -1;
	if (n >= 0 && n < PATH_MAX)
		return 0;
	out[0] = '\0';
	return n < 0 ? -ENOENT : -ENAMETOOLONG;
}

int fs_mkdirs(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

void fs_add_random_tag(char *buf, size_t size)
{
	size_t n = strlen(buf);
	uint32_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (uint32_t)getpid() ^ (uint32_t)(uintptr_t)&r; /* no entropy yet: still distinct */
	if (n + 10 <= size)
		snprintf(buf + n, size - n, "-%08x", (unsigned)r);
}

// SPDX-License-Identifier: MIT
// Where this program is as Steam's launch options must name it (issue 24 item 9): Steam runs
// them with its own PATH, which need not hold ~/.local/bin, so `install` prints the full path and
// `check` says whether PATH finds this program.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher/launcher.h"

void program_launch_options(const char *self, char *out, size_t size)
{
	// Steam hands the launch options to a shell (`VAR=1 %command%` works there): a path with
	// other bytes than these is quoted, a ' in it closed, escaped and reopened.
	if (strspn(self, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+-") ==
	    strlen(self)) {
		snprintf(out, size, "%s -- %%command%%", self);
		return;
	}
	size_t n = 0;
	out[n++] = '\'';
	for (const char *s = self; *s && n + 6 < size; s++) {
		if (*s == '\'') {
			memcpy(out + n, "'\\''", 4);
			n += 4;
		} else {
			out[n++] = *s;
		}
	}
	snprintf(out + n, size - n, "' -- %%command%%");
}

int program_on_path(const char *self, char found[PATH_MAX])
{
	struct strv dirs = { 0 };
	char p[PATH_MAX], real[PATH_MAX], self_real[PATH_MAX];
	int where = 0;
	found[0] = '\0';
	if (!realpath(self, self_real))
		snprintf(self_real, sizeof(self_real), "%s", self);
	strv_push_colon_list(&dirs, getenv("PATH"));
	for (size_t i = 0; i < dirs.n && !where; i++) {
		if (dirs.v[i][0] != '/' || fs_path_join(p, dirs.v[i], "mvgal-launch") < 0 ||
		    access(p, X_OK) < 0 || !fs_is_file(p))
			continue;
		snprintf(found, PATH_MAX, "%s", p);
		where = realpath(p, real) && !strcmp(real, self_real) ? 1 : 2;
	}
	strv_release(&dirs);
	return where;
}

int program_prefix(char out[PATH_MAX])
{
	int rc = path_exe_dir(out);
	char *slash = rc == 0 ? strrchr(out, '/') : NULL;
	if (slash && slash != out && !strcmp(slash + 1, "bin"))
		*slash = '\0';
	return rc;
}

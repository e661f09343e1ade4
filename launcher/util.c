// SPDX-License-Identifier: MIT
// Small helpers shared by the launcher: XDG paths, error lines, VDF loading.
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/setting.h"
#include "compat/compat.h"
#include "launcher/launcher.h"
#include "vdf/vdf.h"

int launch_errf(struct launch_err *e, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	text_vline(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return rc;
}

const char *path_home(void)
{
	const char *h = getenv("HOME");
	return h ? h : "";
}

int path_self(char out[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", out, PATH_MAX - 1);
	if (n < 0)
		return -errno;
	out[n] = '\0';
	return 0;
}

int path_exe_dir(char out[PATH_MAX])
{
	int rc = path_self(out);
	if (rc < 0)
		return rc;
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
	return 0;
}

int launch_vdf_load(const char *path, struct vdf_node **root, struct launch_err *e)
{
	struct steam_diag d;
	int rc = steam_vdf_load(path, root, &d);
	return rc < 0 ? launch_err_steam(e, rc, &d) : rc;
}

int launch_err_steam(struct launch_err *e, int rc, const struct steam_diag *d)
{
	return launch_errf(e, rc, "%s", d->msg);
}

void launch_utc_stamp(char *out, size_t size, bool is_iso)
{
	setting_utc_stamp(time(NULL), is_iso, out, size);
}

int db_choose(const struct strv *env, struct compat_db_choice *choice)
{
	char data[PATH_MAX], exe_dir[PATH_MAX];
	const char *db = env ? env_get(env, "MVGAL_DB") : getenv("MVGAL_DB");
	if (env)
		env_xdg_dir(env, "XDG_DATA_HOME", ".local/share", data);
	else
		fs_xdg_dir("XDG_DATA_HOME", ".local/share", data);
	return compat_db_choose(db, data, path_exe_dir(exe_dir) == 0 ? exe_dir : NULL, choice);
}

// SPDX-License-Identifier: MIT
/*
 * A path to our OpenGL library that LD_PRELOAD can carry (issue 23). ld.so(8) splits LD_PRELOAD
 * at blanks and colons and expands $ORIGIN, $LIB and $PLATFORM in it, and pressure-vessel (Steam's
 * container) splits it the same way: a build tree under "~/My Games/mvgal" would be preloaded
 * as "~/My" and "Games/mvgal/...", the second relative to the game's working folder, where
 * anyone who can write a file there plants a library. So such a folder never goes into
 * LD_PRELOAD: it is reached through a link in a folder only the user can write,
 * $XDG_STATE_HOME/mvgal/preload/ (mode 0700), one link per library folder, named by a hash of
 * its path so that two trees never share one. The link lives under $HOME (~/.local/state by
 * default), which Steam's container shares, and points at an absolute path, which it resolves
 * on the host side like any other preload path. Where even that path is not safe (a blank in
 * $HOME), the library is left out with one line that says how to fix it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/launch_internal.h"

bool preload_is_safe(const char *path)
{
	return path[0] == '/' && !strpbrk(path, " :$");
}

/* FNV-1a, 64 bits: a stable name for a folder's link (not a secret; collisions only swap
 * which of two trees of the same user is preloaded, both the user's own). */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

int preload_link_path(const struct strv *env, const char *dir, char out[PATH_MAX])
{
	char state[PATH_MAX];
	int rc = env_xdg_dir(env, "XDG_STATE_HOME", ".local/state", state);

	out[0] = '\0';
	if (rc < 0)
		return rc;
	if (snprintf(out, PATH_MAX, "%s/mvgal/preload/gl-%016llx", state,
		     (unsigned long long)fnv1a(dir)) >= PATH_MAX) {
		out[0] = '\0';
		return -ENAMETOOLONG;
	}
	return preload_is_safe(out) ? 0 : -EINVAL;
}

/* The preload folder, made if missing, opened without following a link; -errno, or -EPERM
 * when it is not the user's own with no access for group and others. */
static int open_private_dir(const char *dir)
{
	struct stat st;
	int fd;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int preload_link_make(const char *link, const char *to)
{
	char dir[PATH_MAX], cur[PATH_MAX], tmp[64];
	const char *name = strrchr(link, '/');
	int fd, rc = 0;
	ssize_t n;

	if (!name || name == link || (size_t)(name - link) >= sizeof(dir))
		return -EINVAL;
	snprintf(dir, sizeof(dir), "%.*s", (int)(name - link), link);
	name++;
	*strrchr(dir, '/') = '\0'; /* <state>/mvgal */
	if ((rc = fs_mkdirs(dir)) < 0)
		return rc;
	snprintf(dir, sizeof(dir), "%.*s", (int)(name - 1 - link), link);
	if ((fd = open_private_dir(dir)) < 0)
		return fd;
	n = readlinkat(fd, name, cur, sizeof(cur) - 1);
	if (n >= 0 && (cur[n] = '\0', !strcmp(cur, to)))
		goto out; /* there from an earlier launch */
	// a new link under a random name, renamed over the old one: a launch beside this one
	// sees the old link or the new one, never none
	snprintf(tmp, sizeof(tmp), ".%s", name);
	fs_add_random_tag(tmp, sizeof(tmp));
	if (symlinkat(to, fd, tmp) < 0) {
		rc = -errno;
		goto out;
	}
	if (renameat(fd, tmp, fd, name) < 0) {
		rc = -errno;
		unlinkat(fd, tmp, 0);
	}
out:
	close(fd);
	return rc;
}

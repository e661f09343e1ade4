// SPDX-License-Identifier: MIT
// File-system helpers shared by every module that does I/O, the layer included (see fs.h).
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fs.h"

int fs_xdg_dir(const char *var, const char *home_rel, char out[PATH_MAX])
{
	return fs_xdg_dir_of(getenv(var), getenv("HOME"), home_rel, out);
}

int fs_xdg_dir_of(const char *v, const char *home, const char *home_rel, char out[PATH_MAX])
{
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

int fs_path_join(char out[PATH_MAX], const char *a, const char *b)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", a, b);
	return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

bool fs_is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

const char *fs_path_base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
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

int fs_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = malloc(cap), *nb;
	ssize_t r;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= max + 1) {
				free(b);
				return -EFBIG;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = -errno;
			free(b);
			return err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		free(b);
		return -EFBIG;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Splits path into its directory (for the temp file and the directory fsync) and its name. */
static int split_path(const char *path, char **dir, char **tmpl)
{
	char *d = strdup(path), *b = strdup(path);
	int rc = -ENOMEM;

	*dir = *tmpl = NULL;
	if (!d || !b)
		goto out;
	*dir = strdup(dirname(d));
	if (!*dir)
		goto out;
	if (asprintf(tmpl, "%s/.%s.XXXXXX", *dir, basename(b)) < 0) {
		*tmpl = NULL;
		free(*dir);
		*dir = NULL;
		goto out;
	}
	rc = 0;
out:
	free(d);
	free(b);
	return rc;
}

int fs_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	/* Some filesystems cannot fsync a directory (EINVAL); the rename is then as durable as
	 * that filesystem makes it. */
	if (fsync(fd) < 0 && errno != EINVAL)
		rc = -errno;
	close(fd);
	return rc;
}

/*
 * Creates tmp (a name ending in XXXXXX) like mkostemp(), but with mode 0666 so that the
 * kernel applies the caller's umask to a new file (mkostemp() makes it 0600).
 */
static int create_temp(char *tmp)
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(tmp);
	struct timespec ts;

	for (int tries = 0; tries < 100; tries++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		unsigned long long x = (unsigned long long)ts.tv_nsec * 2654435761u ^
				       (unsigned long long)getpid() << 16 ^
				       (unsigned long long)tries;
		for (size_t i = n - 6; i < n; i++, x /= 62)
			tmp[i] = chars[x % 62];
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

int fs_replace_file(const char *path, const void *buf, size_t len, int mode)
{
	char *dir = NULL, *tmp = NULL;
	struct stat st;
	int fd = -1, rc;

	if (!path || !*path || (!buf && len))
		return -EINVAL;
	rc = split_path(path, &dir, &tmp);
	if (rc < 0)
		goto out;
	if (mode < 0 && lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = (int)(st.st_mode & 07777);
	fd = create_temp(tmp);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	rc = write_all(fd, buf, len);
	if (rc == 0 && mode >= 0 && fchmod(fd, (mode_t)mode) < 0)
		rc = -errno;
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	fd = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		goto out;
	}
	/* the rename was the commit point: say so, whatever stopped the directory sync */
	if (fs_fsync_dir(dir) < 0)
		rc = FS_EDIRSYNC;
out:
	free(dir);
	free(tmp);
	return rc;
}

int write_atomic(const char *path, const void *buf, size_t len)
{
	return fs_replace_file(path, buf, len, -1);
}

int fs_openat_read(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		rc = FS_ENOTREG;
	else
		return fd;
	close(fd);
	return rc;
}

int fs_open_read(const char *path)
{
	return fs_openat_read(AT_FDCWD, path);
}

FILE *fs_fopen_read(const char *path)
{
	int fd = fs_open_read(path);
	FILE *f;

	if (fd < 0) {
		errno = fd == FS_ENOTREG ? EINVAL : -fd;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

int fs_append(const char *path, const void *buf, size_t len)
{
	int fd = open(path,
		      O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
		      0644);
	struct stat st;
	int rc;

	if (fd < 0) /* ENXIO: a FIFO without a reader (or a device) under O_NONBLOCK */
		return errno == ENXIO ? FS_ENOTREG : -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = FS_ENOTREG;
	else
		rc = write_all(fd, buf, len);
	close(fd);
	return rc;
}

int fs_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	int fd, rc;

	*buf = NULL;
	*len = 0;
	fd = fs_open_read(path);
	if (fd < 0)
		return fd;
	rc = fs_read_fd(fd, max, buf, len);
	close(fd);
	return rc;
}

const char *fs_strerror(int err)
{
	const char *s;

	if (err == FS_ENOTREG)
		return "not a regular file";
	if (err == FS_EDIRSYNC)
		return "written, but its directory could not be synced to disk (the new version is "
		       "in place)";
	/* strerrordesc_np: glibc's thread-safe, non-allocating strerror (glibc >= 2.32). */
	s = err < 0 ? strerrordesc_np(-err) : NULL;
	return s ? s : "unknown error";
}

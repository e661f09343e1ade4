// SPDX-License-Identifier: MIT
/*
 * vdf: the module's only I/O — reading a whole file, and write_atomic(), the one way every
 * writer in the project replaces a file (temp + fsync + rename + fsync of the directory).
 */
#include "vdf/vdf_internal.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = malloc(cap), *nb;
	ssize_t r;

	if (!b)
		return VDF_ENOMEM;
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= VDF_MAX_INPUT + 1) {
				free(b);
				return VDF_ETOOBIG;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return VDF_ENOMEM;
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
	if (n > VDF_MAX_INPUT) {
		free(b);
		return VDF_ETOOBIG;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int vdf_read_file(const char *path, char **buf, size_t *len)
{
	int fd, rc;

	*buf = NULL;
	*len = 0;
	if (!path)
		return VDF_EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = read_all(fd, buf, len);
	close(fd);
	return rc;
}

int vdf_parse_file(const char *path, unsigned flags, struct vdf_node **out, struct vdf_diag *diag)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (diag)
		diag->file = path;
	rc = vdf_read_file(path, &buf, &len);
	if (rc < 0) {
		vdf_diag_set(diag, 0, 0, "cannot read: %s", vdf_strerror(rc));
		return rc;
	}
	if (flags & VDF_FILE_BINARY)
		rc = vdf_binary_parse(buf, len, out, diag);
	else
		rc = vdf_parse(buf, len, out, diag);
	free(buf);
	return rc;
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
	int rc = VDF_ENOMEM;

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

static int fsync_dir(const char *dir)
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
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(tmp);
	struct timespec ts;

	for (int tries = 0; tries < 100; tries++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		unsigned long long x = (unsigned long long)ts.tv_nsec * 2654435761u ^
				       (unsigned long long)getpid() << 16 ^ (unsigned long long)tries;
		for (size_t i = n - 6; i < n; i++, x /= 62)
			tmp[i] = chars[x % 62];
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

/*
 * mode < 0: keep the mode of the file being replaced; a new file gets 0666 less the umask.
 */
static int replace_file(const char *path, const void *buf, size_t len, int mode)
{
	char *dir = NULL, *tmp = NULL;
	struct stat st;
	int fd = -1, rc;

	if (!path || !*path || (!buf && len))
		return VDF_EINVAL;
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
	if (fsync_dir(dir) < 0)
		rc = VDF_EDIRSYNC;
out:
	free(dir);
	free(tmp);
	return rc;
}

int write_atomic(const char *path, const void *buf, size_t len)
{
	return replace_file(path, buf, len, -1);
}

int vdf_backup_file(const char *path, const char *backup_path)
{
	struct stat st;
	char *buf;
	size_t len;
	int rc;

	if (!path || !backup_path)
		return VDF_EINVAL;
	if (stat(path, &st) < 0)
		return -errno;
	rc = vdf_read_file(path, &buf, &len);
	if (rc < 0)
		return rc;
	/* the copy gets the original's permissions: config.vdf holds login tokens */
	rc = replace_file(backup_path, buf, len, (int)(st.st_mode & 0777));
	free(buf);
	return rc;
}

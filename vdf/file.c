// SPDX-License-Identifier: MIT
/*
 * vdf: the module's only I/O — reading and backing up a KeyValues file, with the whole-file
 * read and write_atomic() of common/fs.c.
 */
#include "common/fs.h"
#include "vdf/vdf_internal.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int vdf_read_file(const char *path, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (!path)
		return VDF_EINVAL;
	return fs_read_file(path, VDF_MAX_INPUT, buf, len);
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
	rc = fs_replace_file(backup_path, buf, len, (int)(st.st_mode & 0777));
	free(buf);
	return rc;
}

// SPDX-License-Identifier: MIT
// Edge helpers of profiles/: the only file here that does I/O. It reads the user's files so the
// launcher and `profile check` share one rule for where they live; everything else in the
// module works on the contents.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "profiles/profiles_internal.h"

int profile_read_file(const char *path, size_t max, char **text, size_t *len, int *err_no)
{
	int rc = 0;
	*text = NULL;
	*len = 0;
	*err_no = 0;
	int fd = fs_open_read(path); /* a FIFO or device never blocks the read (common/fs.h) */
	if (fd < 0) {
		*err_no = -fd;
		return PROFILE_EIO;
	}
	struct stat sb;
	if (fstat(fd, &sb)) {
		*err_no = errno;
		rc = PROFILE_EIO;
		goto out;
	}
	if ((size_t)sb.st_size > max) {
		rc = PROFILE_ETOOBIG;
		goto out;
	}
	rc = fs_read_fd(fd, max, text, len);
	if (rc < 0 && rc != PROFILE_ETOOBIG && rc != PROFILE_ENOMEM) {
		*err_no = -rc;
		rc = PROFILE_EIO;
	}
out:
	close(fd);
	return rc;
}

/* A title name usable as a file name: no '/', not "." or "..", not empty. */
static int is_plain_name(const char *s)
{
	return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static int load_one(const char *path, char **text, size_t *len, struct profile_diags *diags)
{
	int e;
	int rc = profile_read_file(path, PROFILE_MAX_FILE, text, len, &e);
	if (rc == PROFILE_EIO && e == ENOENT)
		return 0;
	if (rc == PROFILE_EIO)
		profile_diag_add(diags, path, 0, "cannot read: %s", fs_strerror(-e));
	else if (rc == PROFILE_ETOOBIG)
		profile_diag_add(diags, path, 0, "larger than %d bytes, not read", PROFILE_MAX_FILE);
	return rc;
}

int profile_files_load(struct profile_files *f, const char *config_dir, const char *appid,
		       const char *exe, struct profile_diags *diags)
{
	*f = (struct profile_files){ 0 };
	int rc = PROFILE_ENOMEM;
	if (asprintf(&f->default_path, "%s/default.ini", config_dir) < 0) {
		f->default_path = NULL;
		goto out;
	}
	rc = load_one(f->default_path, &f->default_text, &f->default_len, diags);
	if (rc == PROFILE_ENOMEM)
		goto out;
	int rc2 = 0;
	const char *names[] = { is_plain_name(appid) ? appid : NULL, is_plain_name(exe) ? exe : NULL };
	for (size_t i = 0; i < 2; i++) {
		if (!names[i])
			continue;
		char *ini = NULL;
		if (asprintf(&ini, "%s/profiles/%s.ini", config_dir, names[i]) < 0)
			ini = NULL;
		if (!ini) {
			rc = PROFILE_ENOMEM;
			goto out;
		}
		rc2 = load_one(ini, &f->title_text, &f->title_len, diags);
		if (!f->title_path || f->title_text || rc2) {
			free(f->title_path);
			f->title_path = ini;
		} else {
			free(ini);
		}
		if (f->title_text || rc2)
			break;
	}
	rc = rc ? rc : rc2;
out:
	if (rc == PROFILE_ENOMEM)
		profile_files_release(f);
	return rc;
}

void profile_files_fill(const struct profile_files *f, struct profile_inputs *in)
{
	in->default_file = (struct profile_source){ .file = f->default_path,
						    .text = f->default_text,
						    .len = f->default_len,
						    .first_line = 1 };
	in->title_file = (struct profile_source){
		.file = f->title_path, .text = f->title_text, .len = f->title_len, .first_line = 1
	};
}

void profile_files_release(struct profile_files *f)
{
	if (!f)
		return;
	free(f->default_path);
	free(f->default_text);
	free(f->title_path);
	free(f->title_text);
	*f = (struct profile_files){ 0 };
}

int profile_config_dir(char *out, size_t size)
{
	char dir[PATH_MAX];
	if (fs_xdg_dir("XDG_CONFIG_HOME", ".config", dir))
		return PROFILE_EINVAL;
	int n = snprintf(out, size, "%s/mvgal", dir);
	return n < 0 || (size_t)n >= size ? PROFILE_EINVAL : 0;
}

// SPDX-License-Identifier: MIT
// Edge part of compat/: maps DB files and decides which DB is in use. (db.c is pure.)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "compat/compat_internal.h"
#include "vdf/vdf.h"

static void unmap_file(struct compat_db *db)
{
	if (db->map)
		munmap(db->map, db->map_len);
}

int compat_db_open(const char *path, struct compat_db **out)
{
	*out = NULL;
	int fd = fs_open_read(path); /* never blocks on a FIFO, regular files only */
	if (fd < 0)
		return fd == -ENOENT ? COMPAT_ENOENT : COMPAT_EIO;
	struct stat sb;
	int rc = COMPAT_EIO;
	void *map = NULL;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode))
		goto out;
	rc = COMPAT_ETOOBIG;
	if ((uint64_t)sb.st_size > COMPAT_DB_MAX)
		goto out;
	rc = COMPAT_EFORMAT;
	if (sb.st_size == 0)
		goto out;
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		map = NULL;
		rc = COMPAT_EIO;
		goto out;
	}
	rc = compat_db_open_buffer(map, (size_t)sb.st_size, path, out);
	if (rc)
		goto out;
	(*out)->map = map;
	(*out)->map_len = (size_t)sb.st_size;
	(*out)->unmap = unmap_file;
	map = NULL;
out:
	if (map)
		munmap(map, (size_t)sb.st_size);
	close(fd);
	return rc;
}

/* Serial of the DB at path, or -1 with *rc set when it does not open. */
static long long serial_of(const char *path, int *rc)
{
	struct compat_db *db;
	*rc = compat_db_open(path, &db);
	if (*rc)
		return -1;
	long long s = (long long)compat_db_serial(db);
	compat_db_close(db);
	return s;
}

static int is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The shipped DB next to the program: installed (../share) or in the source tree. */
static void find_shipped(const char *exe_dir, struct compat_db_choice *c)
{
	const char *rel[] = { "../share/mvgal/compat.db", "../compat/data/compat.db" };
	for (size_t i = 0; i < 2 && !c->shipped[0]; i++) {
		char p[sizeof(c->shipped)];
		snprintf(p, sizeof(p), "%s/%s", exe_dir, rel[i]);
		char *real = realpath(p, NULL);
		if (real && is_file(real))
			snprintf(c->shipped, sizeof(c->shipped), "%s", real);
		free(real);
	}
}

int compat_db_choose(const char *env_db, const char *data_home, const char *exe_dir,
		     struct compat_db_choice *c)
{
	memset(c, 0, sizeof(*c));
	if (exe_dir)
		find_shipped(exe_dir, c);
	if (data_home && *data_home)
		snprintf(c->updated, sizeof(c->updated), "%s/mvgal/" COMPAT_UPDATE_NAME, data_home);
	int urc = COMPAT_ENOENT, src = COMPAT_ENOENT;
	long long us = c->updated[0] ? serial_of(c->updated, &urc) : -1;
	long long ss = c->shipped[0] ? serial_of(c->shipped, &src) : -1;
	c->updated_serial = us > 0 ? (uint64_t)us : 0;
	c->shipped_serial = ss > 0 ? (uint64_t)ss : 0;
	/* MVGAL_DB wins without being opened here (a launch opens it anyway); shipped and
	 * updated are still filled in for `db path` and `db update`'s rollback check. */
	if (env_db && *env_db) {
		snprintf(c->path, sizeof(c->path), "%s", env_db);
		snprintf(c->why, sizeof(c->why), "MVGAL_DB is set");
		return 0;
	}
	if (us >= 0 && us >= ss) {
		snprintf(c->path, sizeof(c->path), "%s", c->updated);
		if (ss >= 0)
			snprintf(c->why, sizeof(c->why),
				 "updated DB (serial %lld) is not older "
				 "than the shipped one (serial %lld)",
				 us, ss);
		else
			snprintf(c->why, sizeof(c->why),
				 "updated DB (serial %lld); no shipped DB "
				 "found",
				 us);
		return 0;
	}
	if (ss >= 0) {
		snprintf(c->path, sizeof(c->path), "%s", c->shipped);
		if (us >= 0)
			snprintf(c->why, sizeof(c->why),
				 "shipped DB (serial %lld) is newer than "
				 "the updated one (serial %lld)",
				 ss, us);
		else if (urc == COMPAT_ENOENT)
			snprintf(c->why, sizeof(c->why),
				 "shipped DB (serial %lld); no updated DB "
				 "(run `mvgal-launch db update`)",
				 ss);
		else
			snprintf(c->why, sizeof(c->why),
				 "shipped DB (serial %lld); the updated DB "
				 "is unusable: %s",
				 ss, compat_strerror(urc));
		return 0;
	}
	snprintf(c->why, sizeof(c->why),
		 "no DB: none at %.300s, nor next to the program "
		 "(../share/mvgal/compat.db, ../compat/data/compat.db)",
		 c->updated[0] ? c->updated : "$XDG_DATA_HOME/mvgal/" COMPAT_UPDATE_NAME);
	return COMPAT_ENOENT;
}

int compat_db_update_path(char *out, size_t size)
{
	char data[PATH_MAX];
	int rc = fs_xdg_dir("XDG_DATA_HOME", ".local/share", data);
	if (rc)
		return rc == -ENOENT ? COMPAT_ENOENT : COMPAT_EINVAL;
	int n = snprintf(out, size, "%s/mvgal/" COMPAT_UPDATE_NAME, data);
	return n < 0 || (size_t)n >= size ? COMPAT_EINVAL : 0;
}

int compat_db_source_read(const char *db_path, char *url, size_t size, uint64_t *serial)
{
	char path[4200], line[8192];
	int has_url = 0, has_serial = 0, is_bad = 0;
	if (snprintf(path, sizeof(path), "%s" COMPAT_SOURCE_SUFFIX, db_path) >= (int)sizeof(path))
		return COMPAT_EINVAL;
	FILE *f = fs_fopen_read(path);
	if (!f)
		return errno == ENOENT ? COMPAT_ENOENT : COMPAT_EIO;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");
		unsigned long long sn;
		char end;
		is_bad |= line[n] != '\n';
		line[n] = '\0';
		if (!strncmp(line, "url ", 4) && n - 4 < size) {
			memcpy(url, line + 4, n - 3);
			has_url = 1;
		} else if (sscanf(line, "serial %llu%c", &sn, &end) == 1) {
			*serial = sn;
			has_serial = 1;
		} else {
			is_bad = 1;
		}
	}
	fclose(f);
	return has_url && has_serial && !is_bad ? 0 : COMPAT_EFORMAT;
}

int compat_db_source_write(const char *db_path, const char *url, uint64_t serial)
{
	char path[4200], *text = NULL;
	if (snprintf(path, sizeof(path), "%s" COMPAT_SOURCE_SUFFIX, db_path) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	int n = asprintf(&text, "url %s\nserial %llu\n", url, (unsigned long long)serial);
	if (n < 0)
		return -ENOMEM;
	int rc = write_atomic(path, text, (size_t)n);
	free(text);
	return rc;
}

// SPDX-License-Identifier: MIT
// Private to compat/: the DB handle and the section scanner shared by db.c, validate.c and
// db_file.c.
#ifndef MVGAL_COMPAT_INTERNAL_H
#define MVGAL_COMPAT_INTERNAL_H

#include <ini.h>

#include "compat/compat.h"

struct compat_db {
	const char *buf;
	size_t len;
	char *file;
	int format;
	uint64_t serial;
	size_t first_entry;		     /* offset of the first [appid] section, or len */
	void (*unmap)(struct compat_db *db); /* db_file.c: munmap the file */
	void *map;
	size_t map_len;
};

/* Offset of the first section header ('[' at the start of a line) in [pos, end), or end. */
size_t db_next_section(const char *buf, size_t pos, size_t end);

/* 1 and *appid if buf[at..] is "[<digits>]", else 0. */
int db_section_appid(const char *buf, size_t at, size_t end, uint64_t *appid);

/* Fills *e for the [appid] section starting at h (line: its line number; _at counts it). */
void db_entry_fill(const struct compat_db *db, size_t h, uint64_t appid, int line,
		   struct compat_entry *e);
void db_entry_at(const struct compat_db *db, size_t h, uint64_t appid, struct compat_entry *e);

/* Number of '\n' in [p, stop). */
int db_count_lines(const char *p, const char *stop);

/* inih over a byte slice (not NUL-terminated). */
int db_parse_slice(const char *text, size_t len, ini_handler fn, void *user);

#endif

// SPDX-License-Identifier: MIT
// The compat DB over a byte buffer: header, binary search by appid, exe match, iteration.
// Pure: works on memory given by compat_db_open_buffer() (compat/db_file.c maps files).
//
// A section starts at a '[' that begins a line. Entries are sorted by appid, so the sort order
// is the index: a lookup probes O(log n) section starts instead of parsing the file.
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat/compat_internal.h"

const char *compat_strerror(int err)
{
	switch (err) {
	case COMPAT_OK:
		return "success";
	case COMPAT_ENOENT:
		return "not found";
	case COMPAT_EIO:
		return "cannot read the DB file";
	case COMPAT_EFORMAT:
		return "not a valid compat DB";
	case COMPAT_ENOMEM:
		return "out of memory";
	case COMPAT_EINVAL:
		return "invalid argument";
	case COMPAT_ETOOBIG:
		return "DB too large";
	case COMPAT_ENET:
		return "network error";
	case COMPAT_EHTTP:
		return "HTTP error";
	case COMPAT_ETRUNC:
		return "truncated download";
	case COMPAT_EURL:
		return "refusing plain http:// to a remote host";
	case COMPAT_EWRITE:
		return "cannot write the DB file";
	case COMPAT_ESIG:
		return "missing or bad signature";
	case COMPAT_ESERIAL:
		return "serial not newer than the DB in use";
	}
	return "unknown error";
}

/* First section start at or after pos and before end, or end. */
size_t db_next_section(const char *buf, size_t pos, size_t end)
{
	if (pos >= end)
		return end;
	if (pos == 0) {
		if (buf[0] == '[')
			return 0;
		pos = 1;
	}
	size_t i = pos - 1; /* a '\n' at i or later, followed by '[' */
	while (i + 1 < end) {
		const char *nl = memchr(buf + i, '\n', end - 1 - i);
		if (!nl)
			return end;
		size_t at = (size_t)(nl - buf) + 1;
		if (buf[at] == '[')
			return at;
		i = at;
	}
	return end;
}

/* Parses "[digits]" at buf[at]; 0 if it is not an appid header. */
int db_section_appid(const char *buf, size_t at, size_t end, uint64_t *appid)
{
	uint64_t v = 0;
	size_t i = at + 1, digits = 0;
	for (; i < end && isdigit((unsigned char)buf[i]) && digits < 19; i++, digits++)
		v = v * 10 + (uint64_t)(buf[i] - '0');
	if (!digits || i >= end || buf[i] != ']')
		return 0;
	*appid = v;
	return 1;
}

struct slice_reader {
	const char *p, *end;
	int lines; /* lines handed to inih so far: the line of the key it is handling */
};

static char *slice_read(char *buf, int size, void *user)
{
	struct slice_reader *r = user;
	if (r->p >= r->end)
		return NULL;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	size_t n = nl ? (size_t)(nl - r->p) : (size_t)(r->end - r->p);
	const char *start = r->p;
	r->p += n + (nl ? 1 : 0);
	r->lines++;
	/*
	 * Leading blanks go before inih sees the line: to inih an indented line continues the
	 * previous key's value, while the settings parser (profiles/parse.c) reads it as a line
	 * of its own. Without this, "exe = x" then "  launch.args = -y" made the entry's exe
	 * "launch.args = -y" here and an argument there (found by fuzz_compat).
	 */
	while (n && (*start == ' ' || *start == '\t')) {
		start++;
		n--;
	}
	size_t copy = n < (size_t)size - 1 ? n : (size_t)size - 1;
	memcpy(buf, start, copy);
	buf[copy] = '\0';
	if (memchr(buf, '\0', copy))
		buf[0] = '\0';
	return buf;
}

int db_parse_slice(const char *text, size_t len, ini_handler fn, void *user)
{
	struct slice_reader r = { text, text + len, 0 };
	return ini_parse_stream(slice_read, &r, fn, user);
}

/* The header as read, and the first thing wrong with it (msg empty when it is fine). */
struct header {
	struct slice_reader r;
	int first_line; /* line of "[mvgal-db]" */
	int format, has_serial;
	uint64_t serial;
	struct profile_diag diag;
};

__attribute__((format(printf, 3, 4))) static void header_error(struct header *h, int line,
							       const char *fmt, ...)
{
	if (h->diag.msg[0])
		return;
	h->diag.line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(h->diag.msg, sizeof(h->diag.msg), fmt, ap);
	va_end(ap);
}

/*
 * serial = YYYYMMDDNN: ten digits, a real month and day (NN counts DBs made that day). It
 * orders DBs (newer wins, `db update` refuses a rollback), so a typo must not read as 0.
 */
static int parse_serial(const char *v, uint64_t *out)
{
	uint64_t s = 0;
	for (int i = 0; i < 10; i++) {
		if (!isdigit((unsigned char)v[i]))
			return -1;
		s = s * 10 + (uint64_t)(v[i] - '0');
	}
	unsigned year = (unsigned)(s / 1000000), month = (unsigned)(s / 10000 % 100),
		 day = (unsigned)(s / 100 % 100);
	if (v[10] || year < 2000 || month < 1 || month > 12 || day < 1 || day > 31)
		return -1;
	*out = s;
	return 0;
}

static int header_handler(void *user, const char *section, const char *name, const char *value)
{
	struct header *h = user;
	int line = h->first_line + h->r.lines - 1;
	if (!name || strcmp(section, "mvgal-db"))
		return 1;
	if (!strcmp(name, "format")) {
		h->format = atoi(value);
		if (h->format != COMPAT_DB_FORMAT)
			header_error(h, line, "format = %.40s: this program reads format %d", value,
				     COMPAT_DB_FORMAT);
	} else if (!strcmp(name, "serial")) {
		if (h->has_serial)
			header_error(h, line, "serial is given twice");
		else if (parse_serial(value, &h->serial))
			header_error(h, line,
				     "serial = %.40s is not YYYYMMDDNN (a date and a "
				     "two-digit count, e.g. 2026112401)",
				     value);
		h->has_serial = 1;
	}
	return 1;
}

/* Reads the [mvgal-db] section at buf[at..end); 0, or COMPAT_EFORMAT with h->diag set. */
static int header_read(const char *buf, size_t at, size_t end, struct header *h)
{
	h->first_line = 1 + db_count_lines(buf, buf + at);
	h->r = (struct slice_reader){ buf + at, buf + end, 0 };
	ini_parse_stream(slice_read, &h->r, header_handler, h);
	if (!h->format)
		header_error(h, h->first_line, "[mvgal-db] has no format = %d", COMPAT_DB_FORMAT);
	if (!h->has_serial)
		header_error(h, h->first_line, "[mvgal-db] has no serial = YYYYMMDDNN");
	return h->diag.msg[0] ? COMPAT_EFORMAT : 0;
}

/* Finds and reads the header; *first_entry: offset of the first [appid] section (or len). */
static int header_parse(const char *buf, size_t len, struct header *h, size_t *first_entry)
{
	static const char tag[] = "[mvgal-db]";
	size_t at = db_next_section(buf, 0, len);
	*first_entry = len;
	if (at >= len || len - at < sizeof(tag) - 1 || memcmp(buf + at, tag, sizeof(tag) - 1)) {
		header_error(h, 1, "the first section is not [mvgal-db]");
		return COMPAT_EFORMAT;
	}
	*first_entry = db_next_section(buf, at + 1, len);
	return header_read(buf, at, *first_entry, h);
}

int compat_db_check_header(const char *buf, size_t len, const char *name, struct profile_diag *diag)
{
	struct header h = { .diag = { .file = name } };
	size_t first_entry;
	int rc = header_parse(buf, len, &h, &first_entry);
	if (diag)
		*diag = h.diag;
	return rc;
}

int compat_db_open_buffer(const char *buf, size_t len, const char *name, struct compat_db **out)
{
	*out = NULL;
	if (len > COMPAT_DB_MAX)
		return COMPAT_ETOOBIG;
	struct header h = { 0 };
	size_t first_entry;
	if (header_parse(buf, len, &h, &first_entry))
		return COMPAT_EFORMAT;
	struct compat_db *db = calloc(1, sizeof(*db));
	if (!db)
		return COMPAT_ENOMEM;
	db->file = strdup(name ? name : "compat.db");
	if (!db->file) {
		free(db);
		return COMPAT_ENOMEM;
	}
	db->buf = buf;
	db->len = len;
	db->first_entry = first_entry;
	db->format = h.format;
	db->serial = h.serial;
	*out = db;
	return 0;
}

void compat_db_close(struct compat_db *db)
{
	if (!db)
		return;
	if (db->unmap)
		db->unmap(db);
	free(db->file);
	free(db);
}

uint64_t compat_db_serial(const struct compat_db *db)
{
	return db->serial;
}

const char *compat_db_file(const struct compat_db *db)
{
	return db->file;
}

static void copy_value(char *dst, size_t size, const char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n >= size)
		n = size - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static int meta_handler(void *user, const char *section, const char *name, const char *value)
{
	struct compat_entry *e = user;
	(void)section;
	if (!name)
		return 1;
	if (!strcmp(name, "name"))
		copy_value(e->name, sizeof(e->name), value);
	else if (!strcmp(name, "exe"))
		copy_value(e->exe, sizeof(e->exe), value);
	else if (!strcmp(name, "reason"))
		copy_value(e->reason, sizeof(e->reason), value);
	return 1;
}

void db_entry_fill(const struct compat_db *db, size_t h, uint64_t appid, int line,
		   struct compat_entry *e)
{
	size_t end = db_next_section(db->buf, h + 1, db->len);
	memset(e, 0, sizeof(*e));
	e->appid = appid;
	e->text = db->buf + h;
	e->len = end - h;
	e->file = db->file;
	e->line = line;
	snprintf(e->label, sizeof(e->label), "db:%llu", (unsigned long long)appid);
	db_parse_slice(e->text, e->len, meta_handler, e);
}

/* A lookup counts the lines before its entry for provenance: in a 10,000-entry DB that is
 * most of the lookup's time. Fixed 64-byte blocks let the compiler vectorize the count at -O2
 * (about 2.5 times faster than memchr per line, bench_compat). */
int db_count_lines(const char *p, const char *stop)
{
	size_t n = 0;
	for (; stop - p >= 64; p += 64) {
		unsigned block = 0;
		for (int i = 0; i < 64; i++)
			block += p[i] == '\n';
		n += block;
	}
	for (; p < stop; p++)
		n += *p == '\n';
	return (int)n;
}

void db_entry_at(const struct compat_db *db, size_t h, uint64_t appid, struct compat_entry *e)
{
	db_entry_fill(db, h, appid, 1 + db_count_lines(db->buf, db->buf + h), e);
}

static int lookup_appid(const struct compat_db *db, uint64_t id, struct compat_entry *e)
{
	size_t lo = db->first_entry, hi = db->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t h = db_next_section(db->buf, mid, hi);
		if (h >= hi) {
			hi = mid;
			continue;
		}
		uint64_t at;
		if (!db_section_appid(db->buf, h, db->len, &at))
			return COMPAT_EFORMAT;
		if (at == id) {
			db_entry_at(db, h, at, e);
			return 0;
		}
		if (at < id)
			lo = h + 1;
		else
			hi = h;
	}
	return COMPAT_ENOENT;
}

/* A line of an entry that may set exe to NAME: "exe" then '=' or ':' and NAME somewhere after
 * (a cheap filter; the entry's parsed exe decides). */
static int may_set_exe(const char *line, size_t len, const char *exe, size_t n)
{
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len < 4 || memcmp(line, "exe", 3))
		return 0;
	size_t i = 3;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || (line[i] != '=' && line[i] != ':'))
		return 0;
	for (i++; i + n <= len; i++)
		if (!strncasecmp(line + i, exe, n))
			return 1;
	return 0;
}

/* Linear scan: exe matches are for titles without an appid (non-Steam shortcuts). */
static int lookup_exe(const struct compat_db *db, const char *exe, struct compat_entry *e)
{
	size_t n = strlen(exe), pos = db->first_entry, section = db->first_entry;
	while (pos < db->len) {
		const char *line = db->buf + pos;
		const char *nl = memchr(line, '\n', db->len - pos);
		size_t len = nl ? (size_t)(nl - line) : db->len - pos;
		uint64_t id;
		if (*line == '[') {
			section = pos;
		} else if (may_set_exe(line, len, exe, n) &&
			   db_section_appid(db->buf, section, db->len, &id)) {
			db_entry_at(db, section, id, e);
			if (!strcasecmp(e->exe, exe))
				return 0;
		}
		pos += len + 1;
	}
	return COMPAT_ENOENT;
}

int compat_db_lookup(const struct compat_db *db, const char *appid, const char *exe,
		     struct compat_entry *e)
{
	if (appid && *appid) {
		char *end;
		unsigned long long id = strtoull(appid, &end, 10);
		if (*end || !isdigit((unsigned char)*appid))
			return COMPAT_EINVAL;
		// An exe match is for titles without an appid only: a decoy entry
		// "exe = start_protected_game.exe" must not reach every title that ships that
		// launcher.
		return lookup_appid(db, id, e);
	}
	if (exe && *exe)
		return lookup_exe(db, exe, e);
	return COMPAT_ENOENT;
}

int compat_db_foreach(const struct compat_db *db,
		      int (*fn)(const struct compat_entry *e, void *user), void *user)
{
	size_t h = db->first_entry, prev = 0;
	int line = 1;
	while (h < db->len) {
		uint64_t id;
		if (!db_section_appid(db->buf, h, db->len, &id))
			return COMPAT_EFORMAT;
		line += db_count_lines(db->buf + prev, db->buf + h);
		prev = h;
		struct compat_entry e;
		db_entry_fill(db, h, id, line, &e);
		int rc = fn(&e, user);
		if (rc)
			return rc;
		h = db_next_section(db->buf, h + 1, db->len);
	}
	return 0;
}

struct search_state {
	const char *text;
	int (*fn)(const struct compat_entry *e, void *user);
	void *user;
};

static int search_one(const struct compat_entry *e, void *user)
{
	struct search_state *s = user;
	char id[24];
	snprintf(id, sizeof(id), "%llu", (unsigned long long)e->appid);
	if (strcasestr(e->name, s->text) || strcasestr(e->exe, s->text) || strstr(id, s->text))
		return s->fn(e, s->user);
	return 0;
}

int compat_db_search(const struct compat_db *db, const char *text,
		     int (*fn)(const struct compat_entry *e, void *user), void *user)
{
	struct search_state s = { text, fn, user };
	return compat_db_foreach(db, search_one, &s);
}

void compat_db_entry_source(const struct compat_entry *e, struct profile_source *src)
{
	*src = (struct profile_source){ .file = e->file,
					.label = e->label,
					.text = e->text,
					.len = e->len,
					.first_line = e->line,
					.is_db_entry = true };
}

// SPDX-License-Identifier: MIT
// Whole-DB validation: what `db update` runs before installing a download, and what the unit
// tests run over the shipped DB. Lookups trust what this function checked (sorted, unique,
// every section an appid, headers at column 0).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat/compat_internal.h"

/* A '[' after blanks would be a section to inih but not to the index: refuse it. */
static size_t check_indented_headers(const struct compat_db *db, struct profile_diags *d)
{
	size_t errors = 0;
	int line = 1;
	for (size_t pos = 0; pos < db->len; line++) {
		const char *p = db->buf + pos, *end = db->buf + db->len;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		while (q < (nl ? nl : end) && (*q == ' ' || *q == '\t'))
			q++;
		if (q > p && q < end && *q == '[') {
			profile_diag_add(d, db->file, line, "section header must start its line");
			errors++;
		}
		if (!nl)
			break;
		pos = (size_t)(nl - db->buf) + 1;
	}
	return errors;
}

/*
 * Length of the UTF-8 sequence at p (at most end - p bytes) and its code point in *cp, or 0
 * when it is not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included:
 * an overlong 0xC0 0x9B would be ESC '[' to a lax decoder).
 */
static size_t utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n = *p < 0x80		 ? 1
		   : (*p & 0xE0) == 0xC0 ? 2
		   : (*p & 0xF0) == 0xE0 ? 3
		   : (*p & 0xF8) == 0xF0 ? 4
					 : 0;
	if (!n || (size_t)(end - p) < n)
		return 0;
	uint32_t v = n == 1 ? *p : *p & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/*
 * DB text is printed by db show/search and profile show --explain: besides the C0 controls
 * the profile parser refuses in values, refuse on any line (comments included) bytes that are
 * not UTF-8 and the C1 controls U+0080..U+009F, which a terminal takes as CSI (U+009B), OSC
 * (U+009D) and the like (issue 23). One error per line, with its number.
 */
static size_t check_text(const struct compat_db *db, size_t from, size_t to, int line,
			 struct profile_diags *d)
{
	const unsigned char *p = (const unsigned char *)db->buf + from,
			    *end = (const unsigned char *)db->buf + to;
	size_t errors = 0;
	int bad_line = 0;
	while (p < end) {
		uint32_t cp = 0;
		size_t n = utf8_decode(p, end, &cp);
		if (line != bad_line && (!n || (cp >= 0x80 && cp <= 0x9F))) {
			if (n)
				profile_diag_add(d, db->file, line,
						 "C1 control character U+%04X (a terminal escape)",
						 (unsigned)cp);
			else
				profile_diag_add(d, db->file, line,
						 "byte 0x%02X is not UTF-8 (DB text is UTF-8)", *p);
			bad_line = line;
			errors++;
		}
		line += *p == '\n';
		p += n ? n : 1;
	}
	return errors;
}

static size_t check_entry(const struct compat_db *db, const struct compat_entry *e,
			  struct profile_diags *d, int *is_oom)
{
	size_t errors = 0;
	if (!e->name[0]) {
		profile_diag_add(d, db->file, e->line, "entry %llu has no name",
				 (unsigned long long)e->appid);
		errors++;
	}
	if (strlen(e->name) >= sizeof(e->name) - 1 || strlen(e->exe) >= sizeof(e->exe) - 1 ||
	    strlen(e->reason) >= sizeof(e->reason) - 1) {
		profile_diag_add(d, db->file, e->line, "entry %llu: name, exe or reason is too long",
				 (unsigned long long)e->appid);
		errors++;
	}
	if (!e->reason[0]) {
		profile_diag_add(d, db->file, e->line,
				 "entry %llu has no reason (what it fixes and the public source)",
				 (unsigned long long)e->appid);
		errors++;
	}
	struct profile_source src;
	compat_db_entry_source(e, &src);
	size_t before = d ? d->n : 0;
	int rc = profile_check_source(&src, d);
	if (rc == PROFILE_ENOMEM)
		*is_oom = 1;
	else if (rc)
		errors += d ? d->n - before : 1;
	return errors;
}

int compat_db_validate(const struct compat_db *db, struct profile_diags *d)
{
	size_t errors = check_indented_headers(db, d) + check_text(db, 0, db->first_entry, 1, d);
	int line = 1 + db_count_lines(db->buf, db->buf + db->first_entry), is_oom = 0;
	size_t h = db->first_entry, prev_h = db->first_entry;
	uint64_t prev = 0;
	int has_prev = 0;
	while (h < db->len && !is_oom) {
		line += db_count_lines(db->buf + prev_h, db->buf + h);
		prev_h = h;
		uint64_t id;
		if (!db_section_appid(db->buf, h, db->len, &id)) {
			profile_diag_add(d, db->file, line, "section is not an [APPID] entry");
			errors++;
		} else {
			if (has_prev && id == prev)
				profile_diag_add(d, db->file, line, "entry %llu appears twice",
						 (unsigned long long)id);
			else if (has_prev && id < prev)
				profile_diag_add(d, db->file, line,
						 "entry %llu is out of order (after %llu): entries "
						 "are sorted by appid",
						 (unsigned long long)id, (unsigned long long)prev);
			errors += has_prev && id <= prev;
			prev = id;
			has_prev = 1;
			struct compat_entry e;
			db_entry_fill(db, h, id, line, &e);
			errors += check_entry(db, &e, d, &is_oom);
		}
		size_t next = db_next_section(db->buf, h + 1, db->len);
		errors += check_text(db, h, next, line, d);
		h = next;
	}
	if (is_oom)
		return COMPAT_ENOMEM;
	return errors ? COMPAT_EFORMAT : 0;
}

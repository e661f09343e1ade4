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
	size_t errors = check_indented_headers(db, d);
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
		h = db_next_section(db->buf, h + 1, db->len);
	}
	if (is_oom)
		return COMPAT_ENOMEM;
	return errors ? COMPAT_EFORMAT : 0;
}

// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the compat DB loader: open, validate, iterate, look up. Properties:
 *   - nothing crashes or leaks on any bytes;
 *   - when compat_db_validate() accepts the DB, the index is consistent: every entry that
 *     compat_db_foreach() yields is found by compat_db_lookup() by its appid (the binary search
 *     over section starts agrees with the linear walk), and an exe lookup finds an entry with
 *     that exe;
 *   - every validation diagnostic has a line inside the input;
 *   - nothing an accepted entry sets names a path or a variable off the DB's list: its [env]
 *     names pass profile_env_db_allowed() and no value or launch.args word holds / \ : ~ ?
 *     quotes $ or `; launch.args words start with '-'; name/exe/reason hold no control byte;
 *   - issue 23: an accepted DB is UTF-8 with no C1 control (U+0080..U+009F) anywhere; its
 *     launch.args words are options without a value ('=') and none of the file-writing or
 *     sandbox-weakening kinds (movie, log, trace, flags, process, certificate, sandbox, debug);
 *     DXVK_CONFIG sets no deviceFilter, debug utils or HUD, VKD3D_CONFIG no debug flag.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat/compat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	const struct compat_db *db;
	int is_valid;
	size_t n;
};

/* '\r' aside: a CRLF line's CR may stay in the copy; the printers escape it. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\r') || *s == 0x7f)
			return 1;
	return 0;
}

/* Valid UTF-8 without C1 controls (the decoder here is the fuzz target's own, on purpose). */
static int is_clean_utf8(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t len = c < 0x80		  ? 1
			     : (c & 0xE0) == 0xC0 ? 2
			     : (c & 0xF0) == 0xE0 ? 3
			     : (c & 0xF8) == 0xF0 ? 4
						  : 0;
		if (!len || i + len > n)
			return 0;
		unsigned long v = len == 1 ? c : c & (0x7Fu >> len);
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			v = v << 6 | (p[i + k] & 0x3F);
		}
		static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
		    (v >= 0x80 && v <= 0x9F))
			return 0;
		i += len;
	}
	return 1;
}

static int has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcasestr(s, *words))
			return 1;
	return 0;
}

/* What issue 23 found getting through: options that write files or weaken a sandbox, and the
 * configuration variables' ways to hide GPUs or load a debug layer. */
static void check_allow_lists(const struct profile *p)
{
	static const char *const bad_args[] = { "movie",    "log",     "trace", "flags", "process",
						"certific", "sandbox", "debug", "=",	 NULL };
	static const char *const bad_dxvk[] = { "deviceFilter", "DebugUtils", "dxvk.hud",
						"hideIntegrated", NULL };
	static const char *const bad_vkd3d[] = { "debug", "breadcrumbs", "fault", "qa_checks", NULL };
	for (size_t i = 0; i < p->n_args; i++)
		if (has_any(p->args[i], bad_args))
			abort();
	for (size_t i = 0; i < p->n_env; i++) {
		if (!strcmp(p->env[i].name, "DXVK_CONFIG") && has_any(p->env[i].value, bad_dxvk))
			abort();
		if (!strcmp(p->env[i].name, "VKD3D_CONFIG") && has_any(p->env[i].value, bad_vkd3d))
			abort();
	}
}

/* An entry that validated sets only listed variables, and nothing that names a path. */
static void check_data_only(const struct compat_entry *e, const struct profile_source *src)
{
	static const char path_chars[] = "/\\:~?\"'$`";
	struct profile_inputs in = { .db_entry = *src };
	struct profile p;
	struct profile_diags d = { 0 };
	if (has_control(e->name) || has_control(e->exe) || has_control(e->reason))
		abort();
	if (profile_resolve(&p, &in, &d) == 0) {
		if (d.n)
			abort();
		for (size_t i = 0; i < p.n_env; i++)
			if (!profile_env_db_allowed(p.env[i].name) ||
			    strpbrk(p.env[i].value, path_chars))
				abort();
		for (size_t i = 0; i < p.n_args; i++)
			if (p.args[i][0] != '-' || strpbrk(p.args[i], path_chars))
				abort();
		check_allow_lists(&p);
		profile_release(&p);
	}
	profile_diags_release(&d);
}

static int visit(const struct compat_entry *e, void *user)
{
	struct walk *w = user;
	char id[24];
	struct compat_entry f;
	w->n++;
	snprintf(id, sizeof(id), "%llu", (unsigned long long)e->appid);
	int rc = compat_db_lookup(w->db, id, NULL, &f);
	if (w->is_valid && (rc || f.appid != e->appid || f.text != e->text || f.line != e->line))
		abort();
	if (w->is_valid && e->exe[0] && !strchr(e->exe, '\r')) {
		if (compat_db_lookup(w->db, NULL, e->exe, &f) || strcasecmp(f.exe, e->exe))
			abort();
	}
	struct profile_source src;
	compat_db_entry_source(e, &src);
	if (src.first_line != e->line || src.text != e->text)
		abort();
	if (w->is_valid)
		check_data_only(e, &src);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compat_db *db;
	if (compat_db_open_buffer((const char *)data, size, "fuzz.db", &db))
		return 0;
	struct profile_diags d = { 0 };
	int rc = compat_db_validate(db, &d);
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 1 || d.v[i].line > lines)
			abort();
	if (rc == 0 && !is_clean_utf8(data, size))
		abort();
	struct walk w = { .db = db, .is_valid = rc == 0 };
	compat_db_foreach(db, visit, &w);
	struct compat_entry e;
	compat_db_lookup(db, "1091500", "Cyberpunk2077.exe", &e);
	if (size >= 4) {
		char id[24];
		uint32_t v;
		memcpy(&v, data, 4);
		snprintf(id, sizeof(id), "%u", v % 100000);
		compat_db_lookup(db, id, NULL, &e);
	}
	compat_db_search(db, "a", visit, &w);
	profile_diags_release(&d);
	compat_db_close(db);
	return 0;
}

// SPDX-License-Identifier: MIT
// compat/: the DB format, lookup by appid and exe, validation, the shipped DB, DB choice.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "compat/compat.h"

static char *read_top(const char *rel, size_t *len)
{
	const char *top = getenv("MVGAL_TOP");
	char path[4096], *text;
	int e;
	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
	assert_int_equal(profile_read_file(path, 64 << 20, &text, len, &e), 0);
	return text;
}

static char *diags_text(const struct profile_diags *d)
{
	char *out = calloc(1, 64 + d->n * 600), line[600];
	for (size_t i = 0; i < d->n; i++) {
		strcat(out, profile_diag_text(&d->v[i], line, sizeof(line)));
		strcat(out, "\n");
	}
	return out;
}

struct fixture {
	char *text;
	size_t len;
	struct compat_db *db;
};

static int small_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->text = read_top("tests/data/compat/small.db", &f->len);
	assert_int_equal(compat_db_open_buffer(f->text, f->len, "small.db", &f->db), 0);
	*state = f;
	return 0;
}

static int small_teardown(void **state)
{
	struct fixture *f = *state;
	compat_db_close(f->db);
	free(f->text);
	free(f);
	return 0;
}

static void test_lookup_by_appid_first_middle_last_and_missing(void **state)
{
	struct fixture *f = *state;
	struct compat_entry e;
	assert_int_equal(compat_db_serial(f->db), 2026010100);
	assert_int_equal(compat_db_lookup(f->db, "10", NULL, &e), 0);
	assert_string_equal(e.name, "Ten");
	assert_string_equal(e.exe, "Ten.exe");
	assert_int_equal(e.line, 6);
	assert_string_equal(e.label, "db:10");
	assert_int_equal(compat_db_lookup(f->db, "20", NULL, &e), 0);
	assert_string_equal(e.name, "Twenty");
	assert_int_equal(e.line, 12);
	assert_int_equal(compat_db_lookup(f->db, "300", NULL, &e), 0);
	assert_string_equal(e.name, "Three Hundred");
	assert_int_equal(e.line, 17);
	const char *missing[] = { "1", "15", "30", "299", "301", "99999999999" };
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++)
		assert_int_equal(compat_db_lookup(f->db, missing[i], NULL, &e), COMPAT_ENOENT);
	assert_int_equal(compat_db_lookup(f->db, "x1", NULL, &e), COMPAT_EINVAL);
}

static void test_lookup_by_exe_only_without_appid(void **state)
{
	struct fixture *f = *state;
	struct compat_entry e;
	assert_int_equal(compat_db_lookup(f->db, NULL, "THREE.EXE", &e), 0);
	assert_int_equal(e.appid, 300);
	/* a known appid never falls back to an exe match (a decoy exe entry reaches no title) */
	assert_int_equal(compat_db_lookup(f->db, "12345", "ten.exe", &e), COMPAT_ENOENT);
	assert_int_equal(compat_db_lookup(f->db, "", "ten.exe", &e), 0);
	assert_int_equal(e.appid, 10);
	assert_int_equal(compat_db_lookup(f->db, NULL, "ten", &e), COMPAT_ENOENT);
	assert_int_equal(compat_db_lookup(f->db, NULL, NULL, &e), COMPAT_ENOENT);
}

static void test_entry_source_layers_with_db_provenance(void **state)
{
	struct fixture *f = *state;
	struct compat_entry e;
	assert_int_equal(compat_db_lookup(f->db, "300", NULL, &e), 0);
	struct profile_inputs in = { 0 };
	compat_db_entry_source(&e, &in.db_entry);
	struct profile p;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(&p, &in, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(p.images, 3);
	assert_string_equal(p.values[PROFILE_KEY_IMAGES].origin, "db:300 (small.db:21)");
	assert_string_equal(p.db_name, "Three Hundred");
	profile_release(&p);
}

static int count_one(const struct compat_entry *e, void *user)
{
	(void)e;
	(*(int *)user)++;
	return 0;
}

static void test_foreach_and_search(void **state)
{
	struct fixture *f = *state;
	int n = 0;
	assert_int_equal(compat_db_foreach(f->db, count_one, &n), 0);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(compat_db_search(f->db, "t", count_one, &n), 0);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(compat_db_search(f->db, "HUNDRED", count_one, &n), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(compat_db_search(f->db, "30", count_one, &n), 0);
	assert_int_equal(n, 1);
}

static void test_validate_small_db_is_clean(void **state)
{
	struct fixture *f = *state;
	struct profile_diags d = { 0 };
	assert_int_equal(compat_db_validate(f->db, &d), 0);
	assert_int_equal(d.n, 0);
}

/* Validates tests/data/compat/<name>.db, compares the diagnostics with <name>.expected and
 * returns how many there were. */
static size_t validate_golden(const char *name)
{
	char rel[256], file[64];
	size_t len, elen;
	snprintf(rel, sizeof(rel), "tests/data/compat/%s.db", name);
	char *text = read_top(rel, &len);
	snprintf(rel, sizeof(rel), "tests/data/compat/%s.expected", name);
	char *expected = read_top(rel, &elen);
	snprintf(file, sizeof(file), "%s.db", name);
	struct compat_db *db;
	assert_int_equal(compat_db_open_buffer(text, len, file, &db), 0);
	struct profile_diags d = { 0 };
	assert_int_equal(compat_db_validate(db, &d), COMPAT_EFORMAT);
	char *got = diags_text(&d);
	assert_string_equal(got, expected);
	size_t n = d.n;
	free(got);
	profile_diags_release(&d);
	compat_db_close(db);
	free(text);
	free(expected);
	return n;
}

static void test_validate_reports_every_error_with_line(void **state)
{
	(void)state;
	validate_golden("bad");
}

/* One entry per hostile line (a variable off the list, a value outside its grammar,
 * a path in any Windows or Unix spelling, launch.args that name a file or a command, control
 * bytes in name/exe/reason; issue 23: launch.args off the allow-list, DXVK_CONFIG and
 * VKD3D_CONFIG options off theirs, C1 controls and bytes that are not UTF-8): each refused with
 * its own file:line. Prints the figures for the threat model's table. */
static void test_validate_refuses_every_hostile_case_with_line(void **state)
{
	(void)state;
	size_t len;
	char *text = read_top("tests/data/compat/hostile.db", &len);
	struct compat_db *db;
	int n = 0;
	assert_int_equal(compat_db_open_buffer(text, len, "hostile.db", &db), 0);
	assert_int_equal(compat_db_foreach(db, count_one, &n), 0);
	compat_db_close(db);
	free(text);
	size_t refused = validate_golden("hostile");
	assert_int_equal(refused, (size_t)n);
	print_message("hostile DB cases: %d tried, %zu refused with file:line\n", n, refused);
}

/* Values as DXVK, vkd3d-proton, Proton, Mesa and NVIDIA document them all validate. */
static void test_validate_accepts_documented_real_world_values(void **state)
{
	(void)state;
	size_t len;
	char *text = read_top("tests/data/compat/realworld.db", &len);
	struct compat_db *db;
	assert_int_equal(compat_db_open_buffer(text, len, "realworld.db", &db), 0);
	struct profile_diags d = { 0 };
	int rc = compat_db_validate(db, &d);
	if (rc) {
		char *t = diags_text(&d);
		print_error("%s", t);
		free(t);
	}
	assert_int_equal(rc, 0);
	profile_diags_release(&d);
	compat_db_close(db);
	free(text);
}

static void test_open_rejects_missing_header_and_wrong_format(void **state)
{
	(void)state;
	struct compat_db *db;
	const char *bad[] = { "",
			      "[10]\nname = x\n",
			      "; c\n[mvgal-db]\nformat = 2\n",
			      "[mvgal-dbx]\nformat = 1\n",
			      "[mvgal-db]\nserial = 2026010100\n",
			      "[mvgal-db]\nformat = 1\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(compat_db_open_buffer(bad[i], strlen(bad[i]), "x", &db),
				 COMPAT_EFORMAT);
	const char *ok = "; comment\n\n[mvgal-db]\nformat = 1\nserial = 2026010100\n";
	assert_int_equal(compat_db_open_buffer(ok, strlen(ok), "x", &db), 0);
	struct compat_entry e;
	assert_int_equal(compat_db_lookup(db, "1", "a.exe", &e), COMPAT_ENOENT);
	compat_db_close(db);
	assert_int_equal(compat_db_open("/nonexistent/compat.db", &db), COMPAT_ENOENT);
}

/* serial = YYYYMMDDNN orders DBs: missing or malformed is an error naming file:line, never 0. */
static void test_header_requires_a_well_formed_serial(void **state)
{
	(void)state;
	static const struct {
		const char *text, *diag;
	} cases[] = {
		{ "; c\n[mvgal-db]\nformat = 1\n\n[10]\nname = x\n",
		  "h.db:2: [mvgal-db] has no serial = YYYYMMDDNN" },
		{ "[mvgal-db]\nformat = 1\nserial = 1\n",
		  "h.db:3: serial = 1 is not YYYYMMDDNN (a date and a two-digit count, e.g. "
		  "2026112401)" },
		{ "[mvgal-db]\nserial = 2026133101\nformat = 1\n",
		  "h.db:2: serial = 2026133101 is not" },
		{ "[mvgal-db]\nformat = 1\nserial = 2026110001\n",
		  "h.db:3: serial = 2026110001 is not" },
		{ "[mvgal-db]\nformat = 1\nserial = 20261124011\n",
		  "h.db:3: serial = 20261124011" },
		{ "[mvgal-db]\nformat = 1\nserial = 2026112401x\n",
		  "h.db:3: serial = 2026112401x" },
		{ "[mvgal-db]\nformat = 1\nserial = 1999112401\n", "h.db:3: serial = 1999112401" },
		{ "[mvgal-db]\nformat = 1\nserial = fast\n", "h.db:3: serial = fast is not" },
		{ "[mvgal-db]\nformat = 1\nserial =\n", "h.db:3: serial =  is not" },
		{ "[mvgal-db]\nformat = 1\nserial = 2026112401\nserial = 2026112402\n",
		  "h.db:4: serial is given twice" },
		{ "[mvgal-db]\nformat = 2\nserial = 2026112401\n",
		  "h.db:2: format = 2: this program reads format 1" },
		{ "[10]\nname = x\n", "h.db:1: the first section is not [mvgal-db]" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct profile_diag d;
		char line[600];
		struct compat_db *db;
		size_t len = strlen(cases[i].text);
		assert_int_equal(compat_db_check_header(cases[i].text, len, "h.db", &d),
				 COMPAT_EFORMAT);
		const char *got = profile_diag_text(&d, line, sizeof(line));
		if (strncmp(got, cases[i].diag, strlen(cases[i].diag)))
			fail_msg("case %zu: got [%s], want [%s...]", i, got, cases[i].diag);
		assert_int_equal(compat_db_open_buffer(cases[i].text, len, "h.db", &db),
				 COMPAT_EFORMAT);
	}
	const char *ok = "[mvgal-db]\nformat = 1\nserial = 2026022899 ; comment\n";
	struct compat_db *db;
	assert_int_equal(compat_db_check_header(ok, strlen(ok), "h.db", NULL), 0);
	assert_int_equal(compat_db_open_buffer(ok, strlen(ok), "h.db", &db), 0);
	assert_int_equal(compat_db_serial(db), 2026022899);
	compat_db_close(db);
}

/* An indented line is a line of its own, as in profiles: not a continuation of exe's value. */
static void test_indented_line_is_not_part_of_the_exe(void **state)
{
	(void)state;
	const char *text = "[mvgal-db]\nformat = 1\nserial = 2026010100\n\n[570]\nname = Dota 2\n"
			   "reason = r\nexe = dota2\n  launch.args = -x\n";
	struct compat_db *db;
	struct compat_entry e;
	assert_int_equal(compat_db_open_buffer(text, strlen(text), "indent.db", &db), 0);
	assert_int_equal(compat_db_lookup(db, "570", NULL, &e), 0);
	assert_string_equal(e.exe, "dota2");
	assert_int_equal(compat_db_lookup(db, NULL, "dota2", &e), 0);
	assert_int_equal(e.appid, 570);
	compat_db_close(db);
}

static void test_shipped_db_is_valid_and_has_the_seed_titles(void **state)
{
	(void)state;
	const char *top = getenv("MVGAL_TOP");
	char path[4096];
	snprintf(path, sizeof(path), "%s/compat/data/compat.db", top ? top : ".");
	struct compat_db *db;
	assert_int_equal(compat_db_open(path, &db), 0);
	struct profile_diags d = { 0 };
	int rc = compat_db_validate(db, &d);
	if (rc) {
		char *t = diags_text(&d);
		fail_msg("%s", t);
	}
	int n = 0;
	assert_int_equal(compat_db_foreach(db, count_one, &n), 0);
	assert_true(n >= 20);
	const char *seeds[] = { "1091500", "1245620", "1086940", "1174180", "292030", "730", "570" };
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct compat_entry e;
		assert_int_equal(compat_db_lookup(db, seeds[i], NULL, &e), 0);
		assert_true(strlen(e.reason) > 20);
	}
	struct compat_entry e;
	assert_int_equal(compat_db_lookup(db, NULL, "EldenRing.exe", &e), 0);
	assert_int_equal(e.appid, 1245620);
	compat_db_close(db);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_choose_prefers_env_then_newer_updated_then_shipped(void **state)
{
	(void)state;
	char dir[] = "/tmp/mvgal-choose.XXXXXX", p[512], bin[512], data[512];
	assert_non_null(mkdtemp(dir));
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	mkdir(bin, 0700);
	snprintf(p, sizeof(p), "%s/share", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/share/mvgal", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/share/mvgal/compat.db", dir);
	write_text(p, "[mvgal-db]\nformat = 1\nserial = 2026010105\n");
	snprintf(data, sizeof(data), "%s/data", dir);
	struct compat_db_choice c;
	assert_int_equal(compat_db_choose("/x/y.db", data, bin, &c), 0);
	assert_string_equal(c.path, "/x/y.db");
	assert_string_equal(c.shipped, p); /* still listed for `db path` */
	assert_non_null(strstr(c.updated, "/data/mvgal/compat-update.db"));
	assert_int_equal(compat_db_choose(NULL, data, bin, &c), 0);
	assert_string_equal(c.path, p);
	assert_non_null(strstr(c.why, "no updated DB"));

	char upd[600];
	mkdir(data, 0700);
	snprintf(upd, sizeof(upd), "%s/mvgal", data);
	mkdir(upd, 0700);
	snprintf(upd, sizeof(upd), "%s/mvgal/compat-update.db", data);
	write_text(upd, "[mvgal-db]\nformat = 1\nserial = 2026010104\n");
	assert_int_equal(compat_db_choose(NULL, data, bin, &c), 0);
	assert_string_equal(c.path, p);
	assert_non_null(strstr(c.why, "newer than the updated"));
	write_text(upd, "[mvgal-db]\nformat = 1\nserial = 2026010106\n");
	assert_int_equal(compat_db_choose(NULL, data, bin, &c), 0);
	assert_string_equal(c.path, upd);
	assert_int_equal(c.updated_serial, 2026010106);
	assert_int_equal(c.shipped_serial, 2026010105);
	/* MVGAL_DB wins, but both serials are still read (db update's rollback check) */
	assert_int_equal(compat_db_choose("/x/y.db", data, bin, &c), 0);
	assert_int_equal(c.updated_serial, 2026010106);
	write_text(upd, "garbage\n");
	assert_int_equal(compat_db_choose(NULL, data, bin, &c), 0);
	assert_string_equal(c.path, p);
	assert_non_null(strstr(c.why, "unusable"));
	unlink(upd);
	unlink(p);
	assert_int_equal(compat_db_choose(NULL, data, bin, &c), COMPAT_ENOENT);
	assert_string_equal(c.path, "");
	snprintf(upd, sizeof(upd), "rm -rf '%s'", dir);
	assert_int_equal(system(upd), 0);
}

/* Entries far into a big DB get the line of their section header, whatever the byte offset. */
static void test_lookup_line_numbers_deep_in_a_big_db(void **state)
{
	(void)state;
	size_t cap = 400 * 1024, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	len += (size_t)snprintf(buf, cap, "[mvgal-db]\nformat = 1\nserial = 2026010100\n");
	for (int i = 1; i <= 3000; i++) /* uneven entry sizes move headers across 64-byte blocks */
		len += (size_t)snprintf(
			buf + len, cap - len, "\n[%d]\nname = T%d%.*s\nreason = r\n", i * 3, i,
			i % 61, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	struct compat_db *db;
	assert_int_equal(compat_db_open_buffer(buf, len, "big.db", &db), 0);
	for (int i = 1; i <= 3000; i += 137) {
		char id[16], head[20];
		snprintf(id, sizeof(id), "%d", i * 3);
		snprintf(head, sizeof(head), "\n[%d]\n", i * 3);
		const char *at = strstr(buf, head);
		assert_non_null(at);
		int want = 1; /* lines are counted from 1; each newline up to the header adds one */
		for (const char *p = buf; p <= at; p++)
			want += *p == '\n';
		struct compat_entry e;
		assert_int_equal(compat_db_lookup(db, id, NULL, &e), 0);
		assert_int_equal(e.line, want);
	}
	compat_db_close(db);
	free(buf);
}

static void test_strerror_names_every_error(void **state)
{
	(void)state;
	const int codes[] = { COMPAT_OK,     COMPAT_ENOENT, COMPAT_EIO,	    COMPAT_EFORMAT,
			      COMPAT_ENOMEM, COMPAT_EINVAL, COMPAT_ETOOBIG, COMPAT_ENET,
			      COMPAT_EHTTP,  COMPAT_ETRUNC, COMPAT_EURL,    COMPAT_EWRITE,
			      COMPAT_ESIG,   COMPAT_ESERIAL };
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_string_not_equal(compat_strerror(codes[i]), "unknown error");
	assert_string_equal(compat_strerror(-EPERM), "unknown error");
	assert_string_equal(compat_strerror(1), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_by_appid_first_middle_last_and_missing,
						small_setup, small_teardown),
		cmocka_unit_test_setup_teardown(test_lookup_by_exe_only_without_appid, small_setup,
						small_teardown),
		cmocka_unit_test_setup_teardown(test_entry_source_layers_with_db_provenance,
						small_setup, small_teardown),
		cmocka_unit_test_setup_teardown(test_foreach_and_search, small_setup, small_teardown),
		cmocka_unit_test_setup_teardown(test_validate_small_db_is_clean, small_setup,
						small_teardown),
		cmocka_unit_test(test_validate_reports_every_error_with_line),
		cmocka_unit_test(test_validate_refuses_every_hostile_case_with_line),
		cmocka_unit_test(test_validate_accepts_documented_real_world_values),
		cmocka_unit_test(test_open_rejects_missing_header_and_wrong_format),
		cmocka_unit_test(test_header_requires_a_well_formed_serial),
		cmocka_unit_test(test_indented_line_is_not_part_of_the_exe),
		cmocka_unit_test(test_shipped_db_is_valid_and_has_the_seed_titles),
		cmocka_unit_test(test_choose_prefers_env_then_newer_updated_then_shipped),
		cmocka_unit_test(test_lookup_line_numbers_deep_in_a_big_db),
		cmocka_unit_test(test_strerror_names_every_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

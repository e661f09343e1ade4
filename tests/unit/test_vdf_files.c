// SPDX-License-Identifier: MIT
/*
 * Unit tests for vdf/ against files: round-trip goldens of Steam's files (tests/data/vdf/),
 * binary KeyValues fixtures, write_atomic(), vdf_backup_file(), vdf_parse_file().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fs.h"
#include "vdf/vdf.h"
#include "vdf_helpers.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static char *tmpdir_new(void)
{
	char *d = strdup("/tmp/mvgal-vdf-test.XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static char *path_in(const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void rm_tree(const char *dir)
{
	char *cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A fixture from tests/data/vdf/ (run-tests.sh exports MVGAL_TOP; else the current dir). */
static char *fixture_path(const char *name)
{
	const char *top = getenv("MVGAL_TOP");
	char *p;

	assert_true(asprintf(&p, "%s/tests/data/vdf/%s", top ? top : ".", name) > 0);
	return p;
}

static char *read_fixture(const char *name, size_t *len)
{
	char *path = fixture_path(name), *buf = NULL;
	int rc = vdf_read_file(path, &buf, len);

	if (rc != 0)
		fail_msg("%s: %s", path, vdf_strerror(rc));
	free(path);
	return buf;
}

static struct vdf_node *parse_fixture(const char *name, unsigned flags)
{
	char *path = fixture_path(name);
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = NULL;
	int rc = vdf_parse_file(path, flags, &root, &diag);

	if (rc != 0)
		fail_msg("%s:%d:%d: %s", path, diag.line, diag.col, diag.msg);
	free(path);
	return root;
}

/* ---- goldens ------------------------------------------------------------------------------ */

/* Parses input, writes it, compares with the golden bytes, reparses the output: same tree. */
static void check_golden(const char *input, unsigned flags, const char *golden)
{
	struct vdf_node *root = parse_fixture(input, flags), *again = NULL;
	size_t glen;
	char *want = read_fixture(golden, &glen), *out = write_str(root);

	if (strcmp(out, want) != 0)
		fail_msg("%s written differs from %s:\n%s", input, golden, out);
	assert_int_equal(vdf_parse(out, strlen(out), &again, NULL), 0);
	if (!(flags & VDF_FILE_BINARY))
		assert_true(vdf_equal(root, again));
	free(out);
	free(want);
	vdf_free(again);
	vdf_free(root);
}

static void test_vdf_golden_steam_files_round_trip_byte_for_byte(void **state)
{
	(void)state;
	check_golden("libraryfolders.vdf", 0, "libraryfolders.vdf");
	check_golden("config.vdf", 0, "config.vdf");
	check_golden("appmanifest_1091500.acf", 0, "appmanifest_1091500.acf");
}

static void test_vdf_golden_hand_written_files_same_tokens(void **state)
{
	(void)state;
	/* two-space indented, single-spaced, comments, BOM, CRLF: written in Steam's layout */
	check_golden("toolmanifest.vdf", 0, "toolmanifest.vdf.golden");
	check_golden("compatibilitytool.vdf", 0, "compatibilitytool.vdf.golden");
}

static void test_vdf_golden_fixture_values(void **state)
{
	struct vdf_node *lib = parse_fixture("libraryfolders.vdf", 0);
	struct vdf_node *cfg = parse_fixture("config.vdf", 0);
	struct vdf_node *acf = parse_fixture("appmanifest_1091500.acf", 0);
	struct vdf_node *tool = parse_fixture("toolmanifest.vdf", 0);
	struct vdf_node *compat = parse_fixture("compatibilitytool.vdf", 0);

	(void)state;
	assert_int_equal(vdf_count(vdf_get(lib, "libraryfolders")), 3);
	assert_string_equal(vdf_get_value(lib, "libraryfolders/1/path", NULL),
			    "/run/media/deck/SD-512");
	assert_string_equal(vdf_get_value(lib, "LibraryFolders/1/apps/1091500", NULL),
			    "70316288912");
	assert_int_equal(vdf_count(vdf_get(lib, "libraryfolders/2/apps")), 0);
	assert_string_equal(vdf_get_value(cfg,
					  "InstallConfigStore/Software/Valve/Steam/"
					  "CompatToolMapping/1091500/name",
					  NULL),
			    "GE-Proton9-20");
	assert_string_equal(
		vdf_get_value(cfg, "InstallConfigStore/WebStorage/CloudStoreSettings", NULL),
		"{\"version\":1,\"lastmodified\":1717612302,\"path\":\"C:\\\\Games\"}");
	assert_string_equal(vdf_get_value(acf, "AppState/installdir", NULL), "Cyberpunk 2077");
	assert_string_equal(vdf_get_value(acf, "AppState/InstallScripts/1091501", NULL),
			    "_CommonRedist\\vcredist\\2022\\installscript.vdf");
	assert_string_equal(vdf_get_value(tool, "manifest/require_tool_appid", NULL), "1628350");
	assert_string_equal(vdf_get_value(compat,
					  "compatibilitytools/compat_tools/GE-Proton9-20/"
					  "display_name",
					  NULL),
			    "GE-Proton9-20");
	/* the BOM is not part of the first key; CRLF is not part of any comment */
	assert_string_equal(compat->first->key, "compatibilitytools");
	assert_non_null(compat->first->comment);
	assert_null(strchr(compat->first->comment, '\r'));
	vdf_free(lib);
	vdf_free(cfg);
	vdf_free(acf);
	vdf_free(tool);
	vdf_free(compat);
}

static void test_vdf_golden_config_edit(void **state)
{
	struct vdf_node *root = parse_fixture("config.vdf", 0);
	size_t glen;
	char *want = read_fixture("config.vdf.edit.golden", &glen), *out;

	(void)state;
#define CTM "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"
	assert_int_equal(vdf_set(root, CTM "/570/name", "mvgal", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/570/config", "", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/570/priority", "250", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/0/NAME", "proton_experimental", NULL), 0);
	assert_int_equal(vdf_remove(root, CTM "/2357570"), 0);
#undef CTM
	out = write_str(root);
	assert_string_equal(out, want);
	free(out);
	free(want);
	vdf_free(root);
}

/* ---- binary KeyValues --------------------------------------------------------------------- */

static void test_vdf_binary_shortcuts_fixture(void **state)
{
	struct vdf_node *root = parse_fixture("shortcuts.vdf", VDF_FILE_BINARY);
	struct vdf_node *appid = vdf_get(root, "shortcuts/0/appid");

	(void)state;
	assert_int_equal(vdf_count(vdf_get(root, "shortcuts")), 2);
	assert_non_null(appid);
	assert_int_equal(appid->type, VDF_INT32);
	assert_string_equal(appid->value, "-1164954582");
	assert_int_equal((uint32_t)strtol(appid->value, NULL, 10), 3130012714u);
	assert_string_equal(vdf_get_value(root, "shortcuts/1/AppName", NULL), "Celeste (itch)");
	assert_string_equal(vdf_get_value(root, "shortcuts/1/exe", NULL),
			    "\"/home/deck/Games/Celeste/Celeste\"");
	assert_int_equal(vdf_get(root, "shortcuts/1/Exe")->type, VDF_STRING);
	assert_string_equal(vdf_get_value(root, "shortcuts/1/tags/1", NULL), "itch.io");
	assert_int_equal(vdf_get(root, "shortcuts/1/tags")->type, VDF_SECTION);
	vdf_free(root);
	check_golden("shortcuts.vdf", VDF_FILE_BINARY, "shortcuts.vdf.golden");
}

static void test_vdf_binary_number_types(void **state)
{
	struct vdf_node *root = parse_fixture("shortcuts_types.vdf", VDF_FILE_BINARY);

	(void)state;
	assert_int_equal(vdf_get(root, "types/scale")->type, VDF_FLOAT);
	assert_string_equal(vdf_get_value(root, "types/scale", NULL), "1.5");
	assert_int_equal(vdf_get(root, "types/steamid")->type, VDF_UINT64);
	assert_string_equal(vdf_get_value(root, "types/steamid", NULL), "76561198012345678");
	assert_int_equal(vdf_get(root, "types/offset")->type, VDF_INT64);
	assert_string_equal(vdf_get_value(root, "types/offset", NULL), "-42");
	assert_string_equal(vdf_get_value(root, "types/negative", NULL), "-7");
	vdf_free(root);
	check_golden("shortcuts_types.vdf", VDF_FILE_BINARY, "shortcuts_types.vdf.golden");
}

static void expect_bin_error(const void *buf, size_t len, int offset, const char *msg)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = (struct vdf_node *)1;

	assert_int_equal(vdf_binary_parse(buf, len, &root, &diag), VDF_ESYNTAX);
	assert_null(root);
	assert_int_equal(diag.line, 0);
	assert_int_equal(diag.col, offset);
	assert_string_equal(diag.msg, msg);
}

#define EXPECT_BIN_ERROR(lit, off, msg) expect_bin_error(lit, sizeof(lit) - 1, off, msg)

static void test_vdf_binary_rejects_bad_input(void **state)
{
	char *deep = malloc(300 * 3);
	size_t i;

	(void)state;
	EXPECT_BIN_ERROR("\x00s\0\x01k\0val", 6, "unterminated string at byte 6");
	EXPECT_BIN_ERROR("\x00s\0\x01key", 4, "unterminated key at byte 4");
	EXPECT_BIN_ERROR("\x00s\0\x02n\0\x01\x02\x03", 6, "truncated number at byte 6");
	EXPECT_BIN_ERROR("\x00s\0\x07n\0\x01\x02\x03\x04\x05\x06\x07", 6,
			 "truncated number at byte 6");
	EXPECT_BIN_ERROR("\x00s\0\x09k\0", 3, "unknown type byte at byte 3");
	EXPECT_BIN_ERROR("\x00s\0\x05k\0", 3, "unsupported type 0x05 (wide string) at byte 3");
	EXPECT_BIN_ERROR("\x00s\0\x01k\0v\0", 8, "truncated input, missing end of section at byte 8");
	EXPECT_BIN_ERROR("\x00s\0\x08\x08junk", 5, "data after the end at byte 5");
	for (i = 0; i < 300; i++)
		memcpy(deep + 3 * i, "\x00k\0", 3);
	expect_bin_error(deep, 900, 768, "nesting deeper than 256 at byte 768");
	free(deep);
	/* the truncated fixture: cut inside the second shortcut's AppName */
	{
		size_t len;
		char *buf = read_fixture("shortcuts_truncated.vdf", &len);
		expect_bin_error(buf, len, 335, "unterminated string at byte 335");
		free(buf);
	}
}

/*
 * A shortcuts.vdf that lies (hostile input, README "Threat model"): cut at every byte, a type
 * byte that promises more bytes than follow, a 1 MB string. Each is an error at an offset
 * inside the buffer, or a document whose strings lie inside it; never a read past the end
 * (ASan runs this too).
 */
static void test_vdf_binary_every_truncation_and_lie_is_caught(void **state)
{
	size_t len, cut, errors = 0;
	char *buf = read_fixture("shortcuts.vdf", &len);
	struct vdf_node *root;
	struct vdf_diag diag;

	(void)state;
	for (cut = 0; cut < len; cut++) {
		char *copy = malloc(cut ? cut : 1); /* exact size: ASan sees any overread */
		memcpy(copy, buf, cut);
		int rc = vdf_binary_parse(copy, cut, &root, &diag);
		if (rc == 0) {
			vdf_free(root); /* only cuts at an end of section can parse */
		} else {
			assert_int_equal(rc, VDF_ESYNTAX);
			assert_true(diag.col >= 0 && (size_t)diag.col <= cut);
			errors++;
		}
		free(copy);
	}
	assert_true(errors >= len - 8);
	/* every type byte replaced by each lying type: errors or parses, never an overread */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] > 0x0b)
			continue;
		for (int t = 0; t <= 0x0b; t++) {
			char *copy = malloc(len);
			memcpy(copy, buf, len);
			copy[i] = (char)t;
			if (vdf_binary_parse(copy, len, &root, &diag) == 0)
				vdf_free(root);
			free(copy);
		}
	}
	free(buf);
	/* a 1 MB AppName is kept whole; the same without its NUL is an error at its start */
	size_t big = 1 << 20, n = 0;
	char *huge = malloc(big + 32);
	memcpy(huge + n,
	       "\x00s\0\x00"
	       "0\0\x01"
	       "AppName",
	       15); /* NULs included */
	n += 15;
	memset(huge + n, 'a', big);
	n += big;
	memcpy(huge + n, "\0\x08\x08\x08", 4);
	assert_int_equal(vdf_binary_parse(huge, n + 4, &root, NULL), 0);
	assert_int_equal(strlen(vdf_get_value(root, "s/0/AppName", "")), big);
	vdf_free(root);
	assert_int_equal(vdf_binary_parse(huge, n, &root, &diag), VDF_ESYNTAX);
	assert_string_equal(diag.msg, "unterminated string at byte 15");
	free(huge);
}

static void test_vdf_binary_accepts_edges(void **state)
{
	struct vdf_node *root = NULL;

	(void)state;
	assert_int_equal(vdf_binary_parse("", 0, &root, NULL), 0); /* empty */
	assert_int_equal(vdf_count(root), 0);
	vdf_free(root);
	assert_int_equal(vdf_binary_parse(NULL, 0, &root, NULL), 0);
	vdf_free(root);
	/* no final end byte at the top level; an alternate end byte 0x0b; an empty key */
	assert_int_equal(vdf_binary_parse("\x00s\0\x01\0v\0\x0b", 8, &root, NULL), 0);
	assert_string_equal(vdf_get_value(root, "s/", "x"), "x"); /* a trailing / names s */
	assert_string_equal(vdf_child(vdf_get(root, "s"), "")->value, "v");
	vdf_free(root);
	assert_int_equal(vdf_binary_parse("\x08", 1, &root, NULL), 0);
	vdf_free(root);
}

/* ---- files -------------------------------------------------------------------------------- */

/* ---- files -------------------------------------------------------------------------------- */

static void test_write_atomic_replaces_and_keeps_mode(void **state)
{
	char *dir = tmpdir_new(), *path = path_in(dir, "config.vdf"), *buf;
	struct stat st;
	size_t len;

	(void)state;
	assert_int_equal(write_atomic(path, "new\n", 4), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(write_atomic(path, "second", 6), 0);
	assert_int_equal(vdf_read_file(path, &buf, &len), 0);
	assert_int_equal(len, 6);
	assert_string_equal(buf, "second");
	free(buf);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(write_atomic(path, NULL, 0), 0); /* empty file */
	assert_int_equal(vdf_read_file(path, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
	/* no temporary file is left behind */
	{
		char *cmd;
		assert_true(asprintf(&cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	rm_tree(dir);
	free(path);
	free(dir);
}

/* A new file honours the umask; a replaced one keeps its mode */
static void test_write_atomic_new_file_honours_umask(void **state)
{
	char *dir = tmpdir_new(), *path = path_in(dir, "x.vdf");
	struct stat st;
	mode_t old = umask(077);

	(void)state;
	assert_int_equal(write_atomic(path, "a", 1), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(write_atomic(path, "b", 1), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	umask(old);
	rm_tree(dir);
	free(path);
	free(dir);
}

/* 1 when the file at path holds exactly len bytes of c */
static int file_is(const char *path, char c, size_t len)
{
	size_t n, i;
	char *buf;
	int ok;

	if (vdf_read_file(path, &buf, &n) != 0)
		return 0;
	ok = n == len;
	for (i = 0; ok && i < n; i++)
		ok = buf[i] == c;
	free(buf);
	return ok;
}

static void test_write_atomic_kill_leaves_old_or_new(void **state)
{
	const size_t len = 1u << 20; /* big enough that a kill lands inside the write */
	char *dir = tmpdir_new(), *path = path_in(dir, "config.vdf"), *old = malloc(len);
	char *new = malloc(len);
	int round, saw_new = 0;

	(void)state;
	assert_non_null(old);
	assert_non_null(new);
	memset(old, 'o', len);
	memset(new, 'n', len);
	for (round = 0; round < 12; round++) {
		int status;
		pid_t pid;

		assert_int_equal(write_atomic(path, old, len), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			_exit(write_atomic(path, new, len) == 0 ? 0 : 1);
		usleep((useconds_t)(round * 1500)); /* from "before anything" to "after the end" */
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (file_is(path, 'n', len))
			saw_new++;
		else if (!file_is(path, 'o', len))
			fail_msg("round %d: %s is neither the old nor the new file", round, path);
	}
	/* without a kill the new file lands */
	assert_int_equal(write_atomic(path, new, len), 0);
	assert_true(file_is(path, 'n', len));
	/* timing decides how many killed writers got that far */
	print_message("write_atomic kill: %d of 12 rounds saw the new file\n", saw_new);
	rm_tree(dir);
	free(old);
	free(new);
	free(path);
	free(dir);
}

static void test_write_atomic_failure_keeps_old_file(void **state)
{
	char *dir = tmpdir_new(), *path = path_in(dir, "config.vdf"), *buf;
	size_t len;

	(void)state;
	put_file(path, "old contents\n");
	assert_int_equal(chmod(dir, 0500), 0);
	if (access(dir, W_OK) == 0) {
		/* root ignores directory permissions: make the temp file fail another way */
		assert_int_equal(chmod(dir, 0700), 0);
		free(path);
		path = path_in(dir, "missing-subdir/config.vdf");
		assert_int_equal(write_atomic(path, "x", 1), -ENOENT);
		free(path);
		path = path_in(dir, "config.vdf");
	} else {
		assert_int_equal(write_atomic(path, "new", 3), -EACCES);
	}
	assert_int_equal(vdf_read_file(path, &buf, &len), 0);
	assert_string_equal(buf, "old contents\n");
	free(buf);
	/* a directory in the way of the rename: the temp file is removed, nothing else changes */
	assert_int_equal(chmod(dir, 0700), 0);
	free(path);
	path = path_in(dir, "adir");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(write_atomic(path, "x", 1), -EISDIR);
	{
		char *cmd;
		assert_true(asprintf(&cmd, "test $(ls -A '%s' | wc -l) -eq 2", dir) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	assert_int_equal(write_atomic("", "x", 1), VDF_EINVAL);
	assert_int_equal(write_atomic(path, NULL, 1), VDF_EINVAL);
	rm_tree(dir);
	free(path);
	free(dir);
}

static void test_vdf_backup_file_copies_bytes_and_mode(void **state)
{
	char *dir = tmpdir_new(), *path = path_in(dir, "config.vdf");
	char *bak = path_in(dir, "config.vdf.mvgal-bak"), *buf, *fixture;
	struct stat st;
	size_t len, flen;

	(void)state;
	fixture = read_fixture("config.vdf", &flen);
	assert_int_equal(write_atomic(path, fixture, flen), 0);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(vdf_backup_file(path, bak), 0);
	assert_int_equal(vdf_read_file(bak, &buf, &len), 0);
	assert_int_equal(len, flen);
	assert_memory_equal(buf, fixture, len);
	free(buf);
	free(fixture);
	assert_int_equal(stat(bak, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	path = path_in(dir, "nope");
	assert_int_equal(vdf_backup_file(path, bak), -ENOENT);
	rm_tree(dir);
	free(path);
	free(bak);
	free(dir);
}

static void test_vdf_parse_file_sets_diag(void **state)
{
	char *dir = tmpdir_new(), *path = path_in(dir, "bad.vdf");
	struct vdf_diag diag = { 0 };
	struct vdf_node *root;

	(void)state;
	put_file(path, "\"a\"\n{\n}\n}\n");
	assert_int_equal(vdf_parse_file(path, 0, &root, &diag), VDF_ESYNTAX);
	assert_ptr_equal(diag.file, path);
	assert_int_equal(diag.line, 4);
	assert_int_equal(diag.col, 1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(vdf_parse_file(dir, 0, &root, &diag), -EISDIR);
	assert_int_equal(vdf_parse_file(path, 0, &root, &diag), -ENOENT);
	assert_null(root);
	assert_int_equal(diag.line, 0);
	assert_non_null(strstr(diag.msg, "cannot read"));
	rm_tree(dir);
	free(path);
	free(dir);
}

static void test_vdf_strerror_covers_codes(void **state)
{
	(void)state;
	assert_string_equal(vdf_strerror(VDF_ESYNTAX), "malformed KeyValues");
	assert_string_equal(vdf_strerror(VDF_ENOTSECTION),
			    "path component is a value, not a section");
	assert_string_equal(vdf_strerror(-EACCES), "Permission denied");
	assert_string_equal(vdf_strerror(-100000), "unknown error");
	assert_string_equal(vdf_strerror(0), "success");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vdf_golden_steam_files_round_trip_byte_for_byte),
		cmocka_unit_test(test_vdf_golden_hand_written_files_same_tokens),
		cmocka_unit_test(test_vdf_golden_fixture_values),
		cmocka_unit_test(test_vdf_golden_config_edit),
		cmocka_unit_test(test_vdf_binary_shortcuts_fixture),
		cmocka_unit_test(test_vdf_binary_number_types),
		cmocka_unit_test(test_vdf_binary_rejects_bad_input),
		cmocka_unit_test(test_vdf_binary_accepts_edges),
		cmocka_unit_test(test_vdf_binary_every_truncation_and_lie_is_caught),
		cmocka_unit_test(test_write_atomic_replaces_and_keeps_mode),
		cmocka_unit_test(test_write_atomic_kill_leaves_old_or_new),
		cmocka_unit_test(test_write_atomic_new_file_honours_umask),
		cmocka_unit_test(test_write_atomic_failure_keeps_old_file),
		cmocka_unit_test(test_vdf_backup_file_copies_bytes_and_mode),
		cmocka_unit_test(test_vdf_parse_file_sets_diag),
		cmocka_unit_test(test_vdf_strerror_covers_codes),
	};

	return cmocka_run_group_tests_name("vdf_files", tests, NULL, NULL);
}

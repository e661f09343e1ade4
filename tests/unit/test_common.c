// SPDX-License-Identifier: MIT
// Unit tests of MVGAL_GPU parsing and ranking (common/gpu_select.h, pure). The layer is a shared
// object with hidden symbols, not a module library, so its one pure file is compiled in here.
#include <errno.h>
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

#include "common/array.h"
#include "common/fs.h"
#include "common/gpu_select.h"
#include "common/setting.h"
#include "common/strv.h"
#include "common/text.h"

/* The test ICD's default GPUs, in the loader's (PCI) order. */
static const struct gpu_info gpus[] = {
	{ .vendor_id = 0x10de,
	  .device_id = 0x2786,
	  .name = "NVIDIA GeForce RTX 4070",
	  .has_pci = true,
	  .pci_bus = 1,
	  .has_uuid = true,
	  .uuid = { 0x10, 0xde, [15] = 1 } },
	{ .vendor_id = 0x10de,
	  .device_id = 0x2786,
	  .name = "NVIDIA GeForce RTX 4070 (2)",
	  .has_pci = true,
	  .pci_bus = 2,
	  .has_uuid = true,
	  .uuid = { 0x10, 0xde, [15] = 2 } },
	{ .vendor_id = 0x1002,
	  .device_id = 0x744c,
	  .name = "AMD Radeon RX 7900 XTX",
	  .has_pci = true,
	  .pci_bus = 3 },
	{ .vendor_id = 0x8086,
	  .device_id = 0x56a0,
	  .name = "Intel Arc A770",
	  .has_pci = true,
	  .pci_bus = 4 },
	{ .vendor_id = 0x10005, .name = "llvmpipe (LLVM 15.0.6, 256 bits)", .is_cpu = true },
};
#define N_GPUS (sizeof(gpus) / sizeof(gpus[0]))

/* The shown order as a string of indices, e.g. "2,0,1"; "" when nothing is shown. */
static const char *order_of(const char *text)
{
	static char out[64];
	struct gpu_selection sel;
	int rank[N_GPUS];
	unsigned order[N_GPUS], n;
	size_t o = 0;

	assert_int_equal(gpu_select_parse(text, &sel, NULL, 0), 0);
	gpu_select_rank(&sel, gpus, N_GPUS, rank);
	n = gpu_select_order(rank, N_GPUS, order);
	out[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%u", i ? "," : "", order[i]);
	return out;
}

static void test_gpu_select_vendor_words_filter(void **state)
{
	(void)state;
	assert_string_equal(order_of("nvidia"), "0,1");
	assert_string_equal(order_of("amd"), "2");
	assert_string_equal(order_of("INTEL"), "3");
	assert_string_equal(order_of("cpu"), "4");
}

static void test_gpu_select_list_orders_by_first_match(void **state)
{
	(void)state;
	assert_string_equal(order_of("amd,nvidia"), "2,0,1");
	assert_string_equal(order_of("intel, cpu ,amd"), "3,4,2");
	/* a GPU matching two terms takes the first one's place */
	assert_string_equal(order_of("rtx 4070 (2),nvidia"), "1,0");
}

static void test_gpu_select_hide_wins_anywhere(void **state)
{
	(void)state;
	assert_string_equal(order_of("!nvidia"), "2,3,4");
	assert_string_equal(order_of("!nvidia,!cpu"), "2,3");
	assert_string_equal(order_of("nvidia,!pci:0000:01:00.0"), "1");
	assert_string_equal(order_of("!pci:01:00.0,nvidia"), "1");
	assert_string_equal(order_of("!nvidia,nvidia"), "");
}

static void test_gpu_select_ids_pci_uuid_and_names(void **state)
{
	(void)state;
	assert_string_equal(order_of("0x1002"), "2");
	assert_string_equal(order_of("0x10de:0x2786"), "0,1");
	assert_string_equal(order_of("0x10de:0x2787"), "");
	assert_string_equal(order_of("pci:0000:02:00.0"), "1");
	assert_string_equal(order_of("pci:04:00.0,pci:03:00.0"), "3,2");
	assert_string_equal(order_of("10de0000-0000-0000-0000-000000000002"), "1");
	assert_string_equal(order_of("10de0000000000000000000000000001"), "0");
	assert_string_equal(order_of("radeon"), "2");
	assert_string_equal(order_of("Arc A7"), "3");
	assert_string_equal(order_of("llvmpipe"), "4");
}

static void test_gpu_select_no_match_shows_nothing(void **state)
{
	(void)state;
	/* the layer turns 0 into "all GPUs and one log line" */
	assert_string_equal(order_of("geforce gtx 1080"), "");
	assert_string_equal(order_of("!nvidia,!amd,!intel,!cpu"), "");
}

static void test_gpu_select_rejects_bad_terms(void **state)
{
	struct gpu_selection sel;
	char msg[160];

	(void)state;
	assert_int_equal(gpu_select_parse("nvidia,,amd", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_int_equal(sel.n_terms, 0);
	assert_int_equal(gpu_select_parse("nvidia,", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_int_equal(gpu_select_parse("!", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_int_equal(gpu_select_parse("pci:1:2", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_non_null(strstr(msg, "pci:1:2"));
	assert_int_equal(gpu_select_parse("pci:0000:01:40.0", &sel, msg, sizeof(msg)),
			 GPU_SELECT_EINVAL);
	assert_int_equal(gpu_select_parse("0x10de:zz", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_int_equal(gpu_select_parse("0x123456", &sel, msg, sizeof(msg)), GPU_SELECT_EINVAL);
	assert_int_equal(gpu_select_parse("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", &sel, msg, sizeof(msg)),
			 GPU_SELECT_E2BIG);
	assert_string_equal(gpu_select_strerror(GPU_SELECT_E2BIG), "too many terms");
}

static void test_gpu_select_flags_what_it_needs(void **state)
{
	struct gpu_selection sel;

	(void)state;
	assert_int_equal(gpu_select_parse("nvidia,radeon", &sel, NULL, 0), 0);
	assert_false(sel.needs_pci || sel.needs_uuid);
	assert_true(sel.has_positive);
	assert_int_equal(gpu_select_parse("!pci:01:00.0", &sel, NULL, 0), 0);
	assert_true(sel.needs_pci);
	assert_false(sel.has_positive);
	assert_int_equal(gpu_select_parse("10de0000000000000000000000000001", &sel, NULL, 0), 0);
	assert_true(sel.needs_uuid);
}

static void test_gpu_select_formats_uuid(void **state)
{
	char out[40];

	(void)state;
	gpu_format_uuid(gpus[1].uuid, out);
	assert_string_equal(out, "10de0000-0000-0000-0000-000000000002");
	assert_string_equal(gpu_vendor_name(0x8086), "intel");
	assert_string_equal(gpu_vendor_name(0x10005), "");
}

static void test_setting_bool_takes_every_word_in_any_case(void **state)
{
	static const char *const on[] = { "on", "ON", "true", "True", "yes", "YES", "1" };
	static const char *const off[] = { "off", "Off", "false", "FALSE", "no", "No", "0" };
	bool b;

	(void)state;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		b = false;
		assert_int_equal(setting_bool_parse(on[i], &b), 0);
		assert_true(b);
		assert_int_equal(setting_bool_parse(off[i], &b), 0);
		assert_false(b);
	}
	b = true;
	assert_int_equal(setting_bool_parse("maybe", &b), -EINVAL);
	assert_int_equal(setting_bool_parse("", &b), -EINVAL);
	assert_int_equal(setting_bool_parse(" on", &b), -EINVAL);
	assert_int_equal(setting_bool_parse(NULL, &b), -EINVAL);
	assert_true(b); /* untouched on failure */
}

static void test_setting_present_mode_any_case_and_auto(void **state)
{
	enum setting_present_mode m = SETTING_PRESENT_FIFO;

	(void)state;
	assert_int_equal(setting_present_mode_parse("auto", &m), 0);
	assert_int_equal(m, SETTING_PRESENT_AUTO);
	assert_int_equal(setting_present_mode_parse("Mailbox", &m), 0);
	assert_int_equal(m, SETTING_PRESENT_MAILBOX);
	assert_int_equal(setting_present_mode_parse("FIFO_RELAXED", &m), 0);
	assert_int_equal(m, SETTING_PRESENT_FIFO_RELAXED);
	assert_int_equal(setting_present_mode_parse("vsync", &m), -EINVAL);
	assert_int_equal(setting_present_mode_parse("fifo ", &m), -EINVAL);
	assert_string_equal(setting_present_mode_names[SETTING_PRESENT_IMMEDIATE], "immediate");
	assert_null(setting_present_mode_names[SETTING_PRESENT_COUNT]);
}

static void test_setting_images_zero_to_sixteen(void **state)
{
	unsigned n = 7;

	(void)state;
	assert_int_equal(setting_images_parse("0", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(setting_images_parse("16", &n), 0);
	assert_int_equal(n, 16);
	assert_int_equal(setting_images_parse("03", &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(setting_images_parse("17", &n), -EINVAL);
	assert_int_equal(setting_images_parse("-1", &n), -EINVAL);
	assert_int_equal(setting_images_parse("3x", &n), -EINVAL);
	assert_int_equal(setting_images_parse("", &n), -EINVAL);
	assert_int_equal(setting_images_parse("00000000000000000003", &n), -EINVAL);
	assert_int_equal(n, 3);
}

static void test_setting_telemetry_kinds_and_paths(void **state)
{
	enum setting_telemetry t;
	char csv[64], dir[64];

	(void)state;
	assert_int_equal(setting_telemetry_parse("off", &t), 0);
	assert_int_equal(t, SETTING_TELEMETRY_OFF);
	assert_int_equal(setting_telemetry_parse("No", &t), 0);
	assert_int_equal(t, SETTING_TELEMETRY_OFF);
	assert_int_equal(setting_telemetry_parse("yes", &t), 0);
	assert_int_equal(t, SETTING_TELEMETRY_ON);
	assert_int_equal(setting_telemetry_parse("/runs", &t), 0);
	assert_int_equal(t, SETTING_TELEMETRY_DIR);
	assert_int_equal(setting_telemetry_parse("/runs/a.csv", &t), 0);
	assert_int_equal(t, SETTING_TELEMETRY_FILE);
	assert_int_equal(setting_telemetry_parse("runs/a.csv", &t), -EINVAL);
	assert_int_equal(setting_telemetry_parse("/a/../b", &t), -EINVAL);

	assert_int_equal(
		setting_telemetry_csv("on", "/st", "42", "S", csv, sizeof(csv), dir, sizeof(dir)), 0);
	assert_string_equal(csv, "/st/mvgal/telemetry/42-S.csv");
	assert_string_equal(dir, "/st/mvgal/telemetry");
	assert_int_equal(
		setting_telemetry_csv("/runs", "/st", "", "S", csv, sizeof(csv), dir, sizeof(dir)),
		0);
	assert_string_equal(csv, "/runs/game-S.csv");
	assert_string_equal(dir, "/runs");
	assert_int_equal(setting_telemetry_csv("/r/x.csv", NULL, "g", "S", csv, sizeof(csv), dir,
					       sizeof(dir)),
			 0);
	assert_string_equal(csv, "/r/x.csv");
	assert_string_equal(dir, "/r");
	assert_int_equal(
		setting_telemetry_csv("off", "/st", "g", "S", csv, sizeof(csv), dir, sizeof(dir)),
		-EINVAL);
	assert_int_equal(setting_telemetry_csv("on", "", "g", "S", csv, sizeof(csv), dir, sizeof(dir)),
			 -EINVAL);
	assert_int_equal(setting_telemetry_csv("/a-very-long-folder-name-indeed", "/", "game",
					       "20261130T052600Z", csv, 40, dir, sizeof(dir)),
			 -ENAMETOOLONG);
}

static void test_setting_appid_and_stamp(void **state)
{
	char out[32];

	(void)state;
	assert_true(setting_is_appid("1091500"));
	assert_false(setting_is_appid("0"));
	assert_false(setting_is_appid(""));
	assert_false(setting_is_appid(NULL));
	assert_false(setting_is_appid("12a"));
	assert_false(setting_is_appid("12345678901234567890123456789012"));
	setting_utc_stamp(1795930000, false, out, sizeof(out));
	assert_string_equal(out, "20261129T052640Z");
	setting_utc_stamp(1795930000, true, out, sizeof(out));
	assert_string_equal(out, "2026-11-29T05:26:40Z");
}

/* Issue 23: a FIFO, a folder or a symlink where a file is read or appended never blocks and is
 * never written through (opened without O_NONBLOCK, the FIFO here would hang this test, which
 * the integration tests run under timeout instead). */
static void test_fs_open_read_refuses_what_is_no_regular_file(void **state)
{
	char dir[] = "/tmp/mvgal-fs-XXXXXX", fifo[64], reg[64], link[64], *buf;
	size_t len;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(reg, sizeof(reg), "%s/reg", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink(fifo, link), 0);
	assert_int_equal(fs_open_read(fifo), FS_ENOTREG);
	assert_int_equal(fs_open_read(link), FS_ENOTREG);
	assert_int_equal(fs_open_read(dir), -EISDIR);
	assert_int_equal(fs_read_file(fifo, 100, &buf, &len), FS_ENOTREG);
	assert_null(fs_fopen_read(fifo));
	assert_int_equal(fs_open_read("/nonexistent/x"), -ENOENT);
	assert_string_equal(fs_strerror(FS_ENOTREG), "not a regular file");
	assert_int_equal(write_atomic(reg, "ab\n", 3), 0);
	assert_int_equal(fs_read_file(reg, 100, &buf, &len), 0);
	assert_string_equal(buf, "ab\n");
	free(buf);
	unlink(fifo), unlink(link), unlink(reg), rmdir(dir);
}

static void test_fs_append_never_follows_a_symlink_nor_blocks(void **state)
{
	char dir[] = "/tmp/mvgal-fs-XXXXXX", fifo[64], reg[64], link[64], *buf;
	size_t len;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(reg, sizeof(reg), "%s/log", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(fs_append(reg, "one\n", 4), 0);
	assert_int_equal(fs_append(reg, "two\n", 4), 0);
	assert_int_equal(fs_read_file(reg, 100, &buf, &len), 0);
	assert_string_equal(buf, "one\ntwo\n");
	free(buf);
	assert_int_equal(symlink(reg, link), 0);
	assert_int_equal(fs_append(link, "evil\n", 5), -ELOOP);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(fs_append(fifo, "x\n", 2), FS_ENOTREG); /* no reader: ENXIO */
	assert_int_equal(fs_read_file(reg, 100, &buf, &len), 0);
	assert_string_equal(buf, "one\ntwo\n");
	free(buf);
	unlink(fifo), unlink(link), unlink(reg), rmdir(dir);
}

/* C0, DEL and C1 (U+0080-U+009F as UTF-8: CSI U+009B, OSC U+009D) are escaped byte by byte, a
 * byte that is not UTF-8 too; other UTF-8 passes whole (issue 23, item 7). */
static void test_text_safe_escapes_c0_c1_and_invalid_utf8(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(text_safe("a\033[2Jb", out, sizeof(out)), "a\\x1b[2Jb");
	assert_string_equal(text_safe("\xc2\x9b"
				      "31m",
				      out, sizeof(out)),
			    "\\xc2\\x9b31m");
	assert_string_equal(text_safe("\xc2\x9d"
				      "0;t\xc2\x9c",
				      out, sizeof(out)),
			    "\\xc2\\x9d0;t\\xc2\\x9c");
	assert_string_equal(text_safe("x\x9by\x7f", out, sizeof(out)), "x\\x9by\\x7f");
	assert_string_equal(text_safe("\xe0\x80\x9b", out, sizeof(out)), /* overlong CSI */
			    "\\xe0\\x80\\x9b");
	assert_string_equal(text_safe("tab\tnl\n\\\"", out, sizeof(out)), "tab\\tnl\\n\\\\\\\"");
	/* U+00A0, U+00E9, U+20AC, U+1F3AE are text */
	assert_string_equal(
		text_safe("\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x8e\xae", out, sizeof(out)),
		"\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x8e\xae");
}

static void test_text_safe_cuts_at_a_character_with_dots(void **state)
{
	char out[8];

	(void)state;
	/* "\xc3\xa9" is two bytes: never cut in half */
	assert_string_equal(text_safe("ab\xc3\xa9\xc3\xa9xyz", out, sizeof(out)), "ab\xc3\xa9...");
	assert_string_equal(text_safe("abcdefg", out, sizeof(out)), "abcd...");
	assert_string_equal(text_safe("abcdef", out, 16), "abcdef");
	assert_string_equal(text_safe("\033\033", out, sizeof(out)), "\\x1b...");
	assert_string_equal(text_safe(NULL, out, sizeof(out)), "");
}

static void test_text_scrub_and_has_control(void **state)
{
	char s[] = "a\033b\xc2\x9b"
		   "c\x9b\xc3\xa9\n";

	(void)state;
	assert_true(text_has_control("x\xc2\x85"));
	assert_true(text_has_control("x\xff"));
	assert_false(text_has_control("GeForce RTX \xe2\x84\xa2 \xc3\xa9"));
	text_scrub(s);
	assert_string_equal(s, "a?b?c?\xc3\xa9?");
}

static void test_text_decode_is_strict(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(text_decode("\xc2\x9b", &cp), 2);
	assert_int_equal(cp, 0x9b);
	assert_true(text_is_control(cp));
	assert_int_equal(text_decode("\xed\xa0\x80", &cp), 1); /* a surrogate */
	assert_int_equal(cp, TEXT_INVALID);
	assert_int_equal(text_decode("\xf4\x90\x80\x80", &cp), 1); /* above U+10FFFF */
	assert_int_equal(cp, TEXT_INVALID);
	assert_int_equal(text_decode("\xc2", &cp), 1); /* cut short by the end */
	assert_int_equal(cp, TEXT_INVALID);
	assert_int_equal(text_decode("\xf0\x9f\x8e\xae", &cp), 4);
	assert_int_equal(cp, 0x1f3ae);
	assert_false(text_is_control(0xa0));
}

/* array_grow: doubles from first, keeps the array when it has room, refuses an overflow. */
static void test_array_grow_doubles_keeps_and_refuses_overflow(void **state)
{
	size_t cap = 0;
	int *v = array_grow(NULL, &cap, 1, sizeof(*v), 8);

	(void)state;
	assert_non_null(v);
	assert_int_equal(cap, 8);
	v[7] = 7;
	assert_ptr_equal(array_grow(v, &cap, 8, sizeof(*v), 8), v); /* room: the same array */
	int *nv = array_grow(v, &cap, 9, sizeof(*v), 8);
	assert_non_null(nv);
	assert_int_equal(cap, 16);
	assert_int_equal(nv[7], 7); /* the contents kept */
	v = nv;
	nv = array_grow(v, &cap, 100, sizeof(*v), 8); /* doubles until it holds need */
	assert_non_null(nv);
	assert_int_equal(cap, 128);
	v = nv;
	/* an overflowing size leaves the array and cap alone */
	assert_null(array_grow(v, &cap, SIZE_MAX / 2, sizeof(*v), 8));
	assert_int_equal(cap, 128);
	assert_null(array_grow(v, &cap, SIZE_MAX, 1, 8));
	assert_int_equal(cap, 128);
	free(v);
}

/* strv: NULL-terminated after every push, unique pushes, PATH-style lists. */
static void test_strv_push_unique_colon_list_and_release(void **state)
{
	struct strv s = { 0 };

	(void)state;
	for (int i = 0; i < 40; i++) { /* past the first capacity (16) */
		char word[16];
		snprintf(word, sizeof(word), "w%d", i);
		assert_int_equal(strv_push(&s, word), 0);
		assert_null(s.v[s.n]);
	}
	assert_int_equal(s.n, 40);
	assert_string_equal(s.v[39], "w39");
	assert_true(strv_has(&s, "w0"));
	assert_false(strv_has(&s, "w40"));
	assert_int_equal(strv_push_unique(&s, "w3"), 0);
	assert_int_equal(s.n, 40);
	strv_release(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	/* STEAM_COMPAT_LIBRARY_PATHS as Steam sets it: empty elements and repeats dropped */
	assert_int_equal(strv_push_colon_list(&s, "/a/lib::/b:/a/lib:"), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0], "/a/lib");
	assert_string_equal(s.v[1], "/b");
	assert_int_equal(strv_push_colon_list(&s, NULL), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(strv_push_take(&s, NULL), -ENOMEM);
	strv_release(&s);
}

/* fs_fsync_dir: 0 for a folder, -errno for what is none. */
static void test_fs_fsync_dir_syncs_folders_only(void **state)
{
	char dir[] = "/tmp/mvgal-test-fsync-XXXXXX";
	char file[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(fs_fsync_dir(dir), 0);
	snprintf(file, sizeof(file), "%s/f", dir);
	assert_int_equal(write_atomic(file, "x", 1), 0);
	assert_int_equal(fs_fsync_dir(file), -ENOTDIR);
	unlink(file);
	rmdir(dir);
	assert_int_equal(fs_fsync_dir(dir), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs_open_read_refuses_what_is_no_regular_file),
		cmocka_unit_test(test_fs_append_never_follows_a_symlink_nor_blocks),
		cmocka_unit_test(test_gpu_select_vendor_words_filter),
		cmocka_unit_test(test_gpu_select_list_orders_by_first_match),
		cmocka_unit_test(test_gpu_select_hide_wins_anywhere),
		cmocka_unit_test(test_gpu_select_ids_pci_uuid_and_names),
		cmocka_unit_test(test_gpu_select_no_match_shows_nothing),
		cmocka_unit_test(test_gpu_select_rejects_bad_terms),
		cmocka_unit_test(test_gpu_select_flags_what_it_needs),
		cmocka_unit_test(test_gpu_select_formats_uuid),
		cmocka_unit_test(test_setting_bool_takes_every_word_in_any_case),
		cmocka_unit_test(test_setting_present_mode_any_case_and_auto),
		cmocka_unit_test(test_setting_images_zero_to_sixteen),
		cmocka_unit_test(test_setting_telemetry_kinds_and_paths),
		cmocka_unit_test(test_setting_appid_and_stamp),
		cmocka_unit_test(test_text_safe_escapes_c0_c1_and_invalid_utf8),
		cmocka_unit_test(test_text_safe_cuts_at_a_character_with_dots),
		cmocka_unit_test(test_text_scrub_and_has_control),
		cmocka_unit_test(test_text_decode_is_strict),
		cmocka_unit_test(test_array_grow_doubles_keeps_and_refuses_overflow),
		cmocka_unit_test(test_strv_push_unique_colon_list_and_release),
		cmocka_unit_test(test_fs_fsync_dir_syncs_folders_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

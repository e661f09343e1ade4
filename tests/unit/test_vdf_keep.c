// SPDX-License-Identifier: MIT
/*
 * Unit tests for vdf_write_keep(): files shaped like the ones Steam and other tools write
 * (tests/data/steam/, see its README.md) come back byte for byte, and edits change only
 * what they edit, in the layout of their neighbours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdf/vdf.h"
#include "vdf_helpers.h"

#define CTM "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"

static char *steam_fixture(const char *name, size_t *len)
{
	const char *top = getenv("MVGAL_TOP");
	char *p, *buf = NULL;
	int rc;

	assert_true(asprintf(&p, "%s/tests/data/steam/%s", top ? top : ".", name) > 0);
	rc = vdf_read_file(p, &buf, len);
	if (rc != 0)
		fail_msg("%s: %s", p, vdf_strerror(rc));
	free(p);
	return buf;
}

static struct vdf_node *parse_len(const char *buf, size_t len)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = NULL;

	if (vdf_parse(buf, len, &root, &diag) != 0)
		fail_msg("%d:%d: %s", diag.line, diag.col, diag.msg);
	return root;
}

static char *keep_str(const struct vdf_node *root, size_t *len)
{
	char *out = NULL;

	assert_int_equal(vdf_write_keep(root, &out, len), 0);
	assert_non_null(out);
	return out;
}

static void assert_same_bytes(const char *what, const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen || memcmp(a, b, alen) != 0)
		fail_msg("%s: %zu bytes differ from %zu:\n%s\n---\n%s", what, alen, blen, a, b);
}

static void test_vdf_keep_real_files_round_trip_byte_for_byte(void **state)
{
	static const char *const files[] = {
		"config.vdf",
		"config_hand_edited.vdf",
		"config_spaces.vdf",
		"config_crlf.vdf",
		"ge_proton11_toolmanifest.vdf",
		"ge_proton11_compatibilitytool.vdf",
		"proton9_toolmanifest.vdf",
		"sniper_toolmanifest.vdf",
		"libraryfolders.vdf",
		"appmanifest_1091500.acf",
		"compatibilitytools_several.vdf",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len, olen;
		char *buf = steam_fixture(files[i], &len), *out;
		struct vdf_node *root = parse_len(buf, len);
		out = keep_str(root, &olen);
		assert_same_bytes(files[i], out, olen, buf, len);
		free(out);
		vdf_free(root);
		free(buf);
	}
}

/* set then remove a new entry, and change then restore a value: the same bytes */
static void check_set_unset(const char *file, const char *priority_key)
{
	size_t len, olen;
	char *buf = steam_fixture(file, &len), *out, key[128];
	struct vdf_node *root = parse_len(buf, len), *n;
	const char *old;

	assert_int_equal(vdf_set(root, CTM "/570/name", "mvgal", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/570/config", "", NULL), 0);
	snprintf(key, sizeof(key), CTM "/570/%s", priority_key);
	assert_int_equal(vdf_set(root, key, "250", NULL), 0);
	n = vdf_get(root, CTM "/0/name");
	assert_non_null(n);
	old = n->value;
	assert_int_equal(vdf_set(root, CTM "/0/name", "mvgal", NULL), 0);
	out = keep_str(root, &olen);
	/* the new entry sits among its siblings, indented like them */
	struct vdf_node *again = parse_len(out, olen);
	assert_string_equal(vdf_get_value(again, CTM "/570/name", ""), "mvgal");
	assert_string_equal(vdf_get_value(again, CTM "/0/name", ""), "mvgal");
	vdf_free(again);
	free(out);
	assert_int_equal(vdf_remove(root, CTM "/570"), 0);
	assert_int_equal(vdf_set(root, CTM "/0/name", old, NULL), 0);
	out = keep_str(root, &olen);
	assert_same_bytes(file, out, olen, buf, len);
	free(out);
	vdf_free(root);
	free(buf);
}

static void test_vdf_keep_set_unset_gives_back_the_bytes(void **state)
{
	(void)state;
	check_set_unset("config.vdf", "priority");
	check_set_unset("config_hand_edited.vdf", "Priority");
	check_set_unset("config_spaces.vdf", "priority");
}

static void test_vdf_keep_new_entry_follows_neighbours(void **state)
{
	size_t len, olen;
	char *buf = steam_fixture("config_spaces.vdf", &len), *out;
	struct vdf_node *root = parse_len(buf, len);

	(void)state;
	assert_int_equal(vdf_set(root, CTM "/570/name", "mvgal", NULL), 0);
	out = keep_str(root, &olen);
	assert_non_null(strstr(out,
			       "\n                                        \"570\"\n"
			       "                                        {\n"
			       "                                                \"name\"          "
			       "\"mvgal\"\n"
			       "                                        }\n"));
	free(out);
	vdf_free(root);
	free(buf);
	/* tabs in a Steam-written file; CRLF stays CRLF */
	buf = steam_fixture("config_crlf.vdf", &len);
	root = parse_len(buf, len);
	assert_int_equal(vdf_set(root, CTM "/570/name", "mvgal", NULL), 0);
	out = keep_str(root, &olen);
	assert_non_null(
		strstr(out, "\t\t\t\t{\r\n\t\t\t\t\t\"570\"\r\n\t\t\t\t\t{\r\n"
			    "\t\t\t\t\t\t\"name\"\t\t\"mvgal\"\r\n\t\t\t\t\t}\r\n\t\t\t\t}\r\n"));
	free(out);
	vdf_free(root);
	free(buf);
}

static void test_vdf_keep_new_document_is_steam_layout(void **state)
{
	struct vdf_node *root = NULL;
	char *a, *b;
	size_t alen, blen;

	(void)state;
	assert_int_equal(vdf_new(&root), 0);
	assert_int_equal(vdf_set(root, "manifest/version", "2", NULL), 0);
	assert_int_equal(vdf_set(root, "manifest/sub/x", "1", NULL), 0);
	assert_int_equal(vdf_write(root, &a, &alen), 0);
	b = keep_str(root, &blen);
	assert_same_bytes("new document", b, blen, a, alen);
	free(a);
	free(b);
	vdf_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vdf_keep_real_files_round_trip_byte_for_byte),
		cmocka_unit_test(test_vdf_keep_set_unset_gives_back_the_bytes),
		cmocka_unit_test(test_vdf_keep_new_entry_follows_neighbours),
		cmocka_unit_test(test_vdf_keep_new_document_is_steam_layout),
	};

	return cmocka_run_group_tests_name("vdf_keep", tests, NULL, NULL);
}

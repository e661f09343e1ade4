// SPDX-License-Identifier: MIT
/*
 * Helpers shared by the vdf unit tests; a header because every non-test .c file in tests/unit
 * is linked into all unit binaries.
 */
#ifndef MVGAL_TEST_VDF_HELPERS_H
#define MVGAL_TEST_VDF_HELPERS_H

static inline struct vdf_node *parse_ok(const char *text)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = NULL;
	int rc = vdf_parse(text, strlen(text), &root, &diag);

	if (rc != 0)
		print_error("parse failed: %d:%d: %s\n", diag.line, diag.col, diag.msg);
	assert_int_equal(rc, 0);
	assert_non_null(root);
	return root;
}

static inline char *write_str(const struct vdf_node *root)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(vdf_write(root, &out, &len), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

#endif

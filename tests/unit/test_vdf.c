// SPDX-License-Identifier: MIT
/* Unit tests for vdf/: text grammar, errors with line:col, lookup, edits, writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vdf/vdf.h"
#include "vdf_helpers.h"

static void expect_error(const char *text, size_t len, int line, int col, const char *msg)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = (struct vdf_node *)1;
	int rc = vdf_parse(text, len, &root, &diag);

	assert_int_equal(rc, VDF_ESYNTAX);
	assert_null(root);
	assert_string_equal(diag.msg, msg);
	assert_int_equal(diag.line, line);
	assert_int_equal(diag.col, col);
}

/* for literals: the length is the literal's, so a NUL inside still counts */
#define EXPECT_ERROR(text, line, col, msg) expect_error(text, sizeof(text) - 1, line, col, msg)

static const char config_text[] =
	"\"InstallConfigStore\"\n{\n\t\"Software\"\n\t{\n\t\t\"Valve\"\n\t\t{\n\t\t\t\"Steam\"\n"
	"\t\t\t{\n\t\t\t\t\"CompatToolMapping\"\n\t\t\t\t{\n\t\t\t\t\t\"0\"\n\t\t\t\t\t{\n"
	"\t\t\t\t\t\t\"name\"\t\t\"proton_9\"\n\t\t\t\t\t\t\"config\"\t\t\"\"\n"
	"\t\t\t\t\t\t\"priority\"\t\t\"75\"\n\t\t\t\t\t}\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n";

/* ---- grammar ------------------------------------------------------------------------------ */

static void test_vdf_parse_quoted_nested(void **state)
{
	struct vdf_node *root = parse_ok("\"AppState\"\n{\n\t\"appid\"\t\t\"570\"\n"
					 "\t\"UserConfig\"\n\t{\n\t\t\"language\"\t\t\"english\"\n"
					 "\t}\n}\n");
	struct vdf_node *app = vdf_get(root, "AppState");

	(void)state;
	assert_non_null(app);
	assert_null(app->value);
	assert_int_equal(app->type, VDF_SECTION);
	assert_int_equal(vdf_count(app), 2);
	assert_string_equal(vdf_get_value(root, "AppState/appid", NULL), "570");
	assert_string_equal(vdf_get_value(root, "AppState/UserConfig/language", NULL), "english");
	assert_ptr_equal(vdf_get(root, "AppState/UserConfig")->parent, app);
	vdf_free(root);
}

static void test_vdf_parse_unquoted_tokens(void **state)
{
	struct vdf_node *root = parse_ok("root {\n key value\n other \"quoted value\"\n"
					 " \"q\" unq\"sect\"{ inner 1 }sect2{}\n}");

	(void)state;
	assert_string_equal(vdf_get_value(root, "root/key", NULL), "value");
	assert_string_equal(vdf_get_value(root, "root/other", NULL), "quoted value");
	assert_string_equal(vdf_get_value(root, "root/q", NULL), "unq");
	assert_string_equal(vdf_get_value(root, "root/sect/inner", NULL), "1");

	assert_non_null(vdf_get(root, "root/sect2"));
	vdf_free(root);
	/* directives are ordinary keys: kept in place, never followed */
	root = parse_ok("#base \"other.vdf\"\n\"a\" { #include \"x.vdf\" }");
	assert_string_equal(root->first->key, "#base");
	assert_string_equal(root->first->value, "other.vdf");
	assert_string_equal(vdf_get_value(root, "a/#include", NULL), "x.vdf");
	vdf_free(root);
}

static void test_vdf_parse_escapes(void **state)
{
	struct vdf_node *root =
		parse_ok("\"k\" \"a\\\"b\\\\c\\nd\\te\"\n\"path\" \"C:\\\\Games\\\\x\"\n"
			 "\"other\" \"\\d\\\\\"");

	(void)state;
	assert_string_equal(vdf_get_value(root, "k", NULL), "a\"b\\c\nd\te");
	assert_string_equal(vdf_get_value(root, "path", NULL), "C:\\Games\\x");
	assert_string_equal(vdf_get_value(root, "other", NULL), "\\d\\"); /* unknown kept */
	vdf_free(root);
}

static void test_vdf_parse_comments_crlf_bom(void **state)
{
	const char *text = "\xef\xbb\xbf// leading comment\r\n\"a\"\r\n{ // after brace\r\n"
			   "\t\"b\"\t\"1\" // trailing\r\n//\r\n}\r\n// end";
	struct vdf_node *root = parse_ok(text);

	(void)state;
	assert_int_equal(vdf_count(root), 1);
	assert_string_equal(root->first->key, "a"); /* BOM not part of the key */
	assert_int_equal(vdf_count(root->first), 1);
	assert_string_equal(vdf_get_value(root, "a/b", NULL), "1");
	vdf_free(root);
}

static void test_vdf_parse_conditionals_kept(void **state)
{
	struct vdf_node *root = parse_ok("\"s\"\n{\n\t\"font\" \"Tahoma\" [$WIN32]\n"
					 "\t\"font\" \"Verdana\" [!$WIN32]\n"
					 "\t\"sub\" [$OSX]\n\t{\n\t\t\"x\" \"1\"\n\t}\n}\n");
	struct vdf_node *s = vdf_get(root, "s");

	(void)state;
	assert_int_equal(vdf_count(s), 3);
	assert_string_equal(s->first->cond, "[$WIN32]");
	assert_string_equal(s->first->value, "Tahoma");
	assert_string_equal(s->first->next->cond, "[!$WIN32]");
	assert_string_equal(s->last->cond, "[$OSX]");
	assert_null(s->last->value);
	assert_string_equal(vdf_get_value(root, "s/sub/x", NULL), "1");
	assert_null(vdf_get(root, "s/sub/x")->cond);
	vdf_free(root);
}

static void test_vdf_parse_duplicates_in_order(void **state)
{
	struct vdf_node *root = parse_ok("\"a\" \"1\"\n\"A\" \"2\"\n\"a\" { }\n\"a\" \"3\"\n");
	struct vdf_node *n = root->first;

	(void)state;
	assert_int_equal(vdf_count(root), 4);
	assert_string_equal(n->value, "1");
	assert_string_equal(n->next->key, "A");
	assert_string_equal(n->next->value, "2");
	assert_null(n->next->next->value);
	assert_string_equal(root->last->value, "3");
	assert_ptr_equal(root->last->prev, n->next->next);
	/* first match wins, case-insensitively */
	assert_string_equal(vdf_get_value(root, "A", NULL), "1");
	vdf_free(root);
}

static void test_vdf_parse_empty_values_and_sections(void **state)
{
	struct vdf_node *root = parse_ok("\"r\" { \"label\" \"\" \"\" \"emptykey\" \"apps\" { } }");

	(void)state;
	assert_string_equal(vdf_get_value(root, "r/label", "x"), "");
	assert_string_equal(vdf_child(vdf_get(root, "r"), "")->value, "emptykey");
	assert_non_null(vdf_get(root, "r/apps"));
	assert_int_equal(vdf_count(vdf_get(root, "r/apps")), 0);
	vdf_free(root);
}

static void test_vdf_parse_empty_input(void **state)
{
	struct vdf_node *root = NULL;

	(void)state;
	assert_int_equal(vdf_parse("", 0, &root, NULL), 0);
	assert_int_equal(vdf_count(root), 0);
	vdf_free(root);
	assert_int_equal(vdf_parse(NULL, 0, &root, NULL), 0);
	vdf_free(root);
	root = parse_ok("\xef\xbb\xbf  \n// only a comment\n");
	assert_int_equal(vdf_count(root), 0);
	vdf_free(root);
}

static void test_vdf_parse_multiline_string_counts_lines(void **state)
{
	/* a raw newline inside quotes is part of the value and still advances line numbers */
	(void)state;
	EXPECT_ERROR("\"a\" \"x\ny\"\n}", 3, 1, "unexpected '}'");
}

static void test_vdf_parse_never_reads_past_len(void **state)
{
	/* the buffer continues past len; the parser must stop at len */
	const char text[] = "\"a\" \"value\" \"b\" \"more\"";
	struct vdf_node *root = NULL;

	(void)state;
	assert_int_equal(vdf_parse(text, 11, &root, NULL), 0);
	assert_string_equal(vdf_get_value(root, "a", NULL), "value");
	assert_int_equal(vdf_count(root), 1);
	vdf_free(root);
	expect_error(text, 10, 1, 5, "unterminated string");
}

static void test_vdf_parse_nesting_256_ok(void **state)
{
	char *text = malloc(256 * 8 + 16), *p = text;
	struct vdf_node *root, *n;
	int i, depth = 0;

	(void)state;
	for (i = 0; i < 256; i++)
		p += sprintf(p, "k{");
	p += sprintf(p, "v 1");
	for (i = 0; i < 256; i++)
		*p++ = '}';
	*p = '\0';
	root = parse_ok(text);
	for (n = root->first; n && !n->value; n = n->first)
		depth++;
	assert_int_equal(depth, 256);
	assert_string_equal(n->value, "1");
	free(text);
	vdf_free(root);
}

/* ---- errors with line:col ----------------------------------------------------------------- */

static void test_vdf_parse_rejects_unterminated_string(void **state)
{
	(void)state;
	EXPECT_ERROR("\"a\"\n{\n\t\"b\" \"open\n", 3, 6, "unterminated string");
	EXPECT_ERROR("\"a\" \"b\\\"", 1, 5, "unterminated string");
}

static void test_vdf_parse_rejects_unexpected_close(void **state)
{
	(void)state;
	EXPECT_ERROR("\"a\" \"1\"\n  }", 2, 3, "unexpected '}'");
	EXPECT_ERROR("a { }\r\n}", 2, 1, "unexpected '}'");
}

static void test_vdf_parse_rejects_deep_nesting(void **state)
{
	size_t n = 300, i;
	char *text = malloc(n * 2 + 1);

	(void)state;
	for (i = 0; i < n; i++) {
		text[2 * i] = 'k';
		text[2 * i + 1] = '{';
	}
	/* the 257th '{' is at column 2 * 257 */
	expect_error(text, n * 2, 1, 514, "nesting deeper than 256");
	free(text);
}

static void test_vdf_parse_rejects_truncated_input(void **state)
{
	(void)state;
	EXPECT_ERROR("\"a\"\n{\n\t\"b\" \"1\"\n", 4, 1, "unexpected end of input, missing '}'");
	EXPECT_ERROR("\"a\"", 1, 4, "expected a value or '{' after key \"a\", got end of input");
	EXPECT_ERROR("a { b }", 1, 7, "expected a value or '{' after key \"b\", got '}'");
}

static void test_vdf_parse_rejects_misplaced_tokens(void **state)
{
	(void)state;
	EXPECT_ERROR("{ }", 1, 1, "unexpected '{', expected a key");
	EXPECT_ERROR("a {\n [$X] }", 2, 2, "unexpected conditional, expected a key");
	EXPECT_ERROR("a [$X] b", 1, 8, "expected '{' after conditional, got string");
	EXPECT_ERROR("a b [$X", 1, 5, "unterminated conditional");
	expect_error("a \"b\0c\"", 7, 1, 5, "NUL byte in string");
	expect_error("a b\n\0", 5, 2, 1, "NUL byte in input");
}

/* ---- lookup and edits --------------------------------------------------------------------- */

#define CTM "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"

static void test_vdf_get_case_insensitive_path(void **state)
{
	struct vdf_node *root = parse_ok(config_text);

	(void)state;
	assert_non_null(vdf_get(root, CTM));
	assert_non_null(vdf_get(root, "installconfigstore/SOFTWARE/valve/steam/compattoolmapping"));
	assert_string_equal(vdf_get_value(root, CTM "/0/name", NULL), "proton_9");
	assert_ptr_equal(vdf_get(root, ""), root);
	assert_null(vdf_get(root, CTM "/1"));
	assert_null(vdf_get(root, CTM "/0/name/deeper"));		/* through a value */
	assert_string_equal(vdf_get_value(root, CTM "/0", "fb"), "fb"); /* a section */
	assert_null(vdf_get(NULL, "a"));
	assert_null(vdf_get(root, NULL));
	vdf_free(root);
}

static void test_vdf_set_add_remove(void **state)
{
	struct vdf_node *root = parse_ok(config_text), *n = NULL;
	char *out;

	(void)state;
	/* replace in place, keeping order and spelling */
	assert_int_equal(vdf_set(root, CTM "/0/NAME", "mvgal", &n), 0);
	assert_string_equal(n->key, "name");
	assert_string_equal(vdf_get_value(root, CTM "/0/name", NULL), "mvgal");
	/* create sections on the way */
	assert_int_equal(vdf_set(root, CTM "/570/name", "mvgal", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/570/config", "", NULL), 0);
	assert_int_equal(vdf_set(root, CTM "/570/priority", "250", NULL), 0);
	assert_string_equal(vdf_get(root, CTM)->last->key, "570");
	/* add appends duplicates */
	assert_int_equal(vdf_add(root, CTM "/570/name", "second", &n), 0);
	assert_string_equal(vdf_get_value(root, CTM "/570/name", NULL), "mvgal");
	assert_string_equal(vdf_get(root, CTM "/570")->last->value, "second");
	assert_int_equal(vdf_remove(root, CTM "/570/name"), 0);
	assert_string_equal(vdf_get_value(root, CTM "/570/name", NULL), "second");
	assert_int_equal(vdf_remove(root, CTM "/0"), 0);
	assert_int_equal(vdf_remove(root, CTM "/0"), VDF_ENOENT);
	assert_int_equal(vdf_count(vdf_get(root, CTM)), 1);
	out = write_str(root);
	assert_string_equal(out,
			    "\"InstallConfigStore\"\n{\n\t\"Software\"\n\t{\n\t\t\"Valve\"\n"
			    "\t\t{\n\t\t\t\"Steam\"\n\t\t\t{\n\t\t\t\t\"CompatToolMapping\"\n"
			    "\t\t\t\t{\n\t\t\t\t\t\"570\"\n\t\t\t\t\t{\n"
			    "\t\t\t\t\t\t\"config\"\t\t\"\"\n\t\t\t\t\t\t\"priority\"\t\t\"250\"\n"
			    "\t\t\t\t\t\t\"name\"\t\t\"second\"\n\t\t\t\t\t}\n\t\t\t\t}\n"
			    "\t\t\t}\n\t\t}\n\t}\n}\n");
	free(out);
	vdf_free(root);
}

static void test_vdf_set_refuses_bad_paths(void **state)
{
	struct vdf_node *root = parse_ok("a { v 1 s { } }"), *n = (struct vdf_node *)1;

	(void)state;
	assert_int_equal(vdf_set(root, "a/v/x", "1", &n), VDF_ENOTSECTION);
	assert_null(n);
	assert_int_equal(vdf_set(root, "a/s", "1", NULL), VDF_EISSECTION);
	assert_int_equal(vdf_set(root, "a/v", NULL, NULL), VDF_ENOTSECTION);
	assert_int_equal(vdf_set(root, "a//x", "1", NULL), VDF_EINVAL);
	assert_int_equal(vdf_set(root, "new/x/", "1", NULL), VDF_EINVAL);
	assert_int_equal(vdf_set(root, "", "1", NULL), VDF_EINVAL);
	assert_int_equal(vdf_remove(root, ""), VDF_EINVAL);
	assert_int_equal(vdf_set(NULL, "a", "1", NULL), VDF_EINVAL);
	/* a refused edit leaves nothing behind */
	assert_null(vdf_get(root, "new"));
	assert_int_equal(vdf_count(root), 1);
	/* value NULL makes (or finds) a section */
	assert_int_equal(vdf_set(root, "a/s", NULL, &n), 0);
	assert_ptr_equal(n, vdf_get(root, "a/s"));
	assert_int_equal(vdf_set(root, "b/c", NULL, &n), 0);
	assert_null(n->value);
	assert_int_equal(vdf_count(n), 0);
	vdf_free(root);
}

static void test_vdf_set_refuses_too_deep(void **state)
{
	struct vdf_node *root;
	char path[256 * 2 + 8], *p = path;
	int i;

	(void)state;
	assert_int_equal(vdf_new(&root), 0);
	for (i = 0; i < 256; i++)
		p += sprintf(p, "k/");
	strcpy(p, "v");
	/* 256 sections and a value fit */
	assert_int_equal(vdf_set(root, path, "1", NULL), 0);
	/* a 257th section does not */
	assert_int_equal(vdf_set(root, path, NULL, NULL), VDF_ENOTSECTION);
	strcpy(p, "s/v");
	assert_int_equal(vdf_set(root, path, "1", NULL), VDF_ETOOBIG);
	vdf_free(root);
}

/* ---- writer ------------------------------------------------------------------------------- */

static void test_vdf_write_steam_layout(void **state)
{
	struct vdf_node *root = NULL;
	char *out;

	(void)state;
	assert_int_equal(vdf_new(&root), 0);
	assert_int_equal(
		vdf_set(root, "compatibilitytools/compat_tools/mvgal/install_path", ".", NULL), 0);
	assert_int_equal(vdf_set(root, "compatibilitytools/compat_tools/mvgal/display_name",
				 "mvgal \"launch\"\\\n\t", NULL),
			 0);
	assert_int_equal(vdf_set(root, "compatibilitytools/empty", NULL, NULL), 0);
	out = write_str(root);
	assert_string_equal(out, "\"compatibilitytools\"\n{\n\t\"compat_tools\"\n\t{\n"
				 "\t\t\"mvgal\"\n\t\t{\n\t\t\t\"install_path\"\t\t\".\"\n"
				 "\t\t\t\"display_name\"\t\t\"mvgal \\\"launch\\\"\\\\\\n\\t\"\n"
				 "\t\t}\n\t}\n\t\"empty\"\n\t{\n\t}\n}\n");
	free(out);
	vdf_free(root);
}

static void test_vdf_write_reparse_same_tokens(void **state)
{
	const char *text =
		"// c\r\na { b \"x\\\"y\" c [$X] { } d \"\\q\" [$WIN32] \"e\\\\\" \"\" }\n"
		"top \"level\"";
	struct vdf_node *root = parse_ok(text), *again;
	char *out, *out2;

	(void)state;
	out = write_str(root);
	again = parse_ok(out);
	out2 = write_str(again);
	assert_string_equal(out, out2);
	assert_true(vdf_equal(root, again));
	assert_string_equal(vdf_get_value(again, "a/b", NULL), "x\"y");
	assert_string_equal(vdf_get(again, "a/c")->cond, "[$X]");
	assert_string_equal(vdf_get(again, "a/d")->cond, "[$WIN32]");
	assert_string_equal(vdf_get_value(again, "a/d", NULL), "\\q");
	assert_string_equal(vdf_get_value(again, "a/e\\", NULL), "");
	assert_string_equal(vdf_get_value(again, "top", NULL), "level");
	free(out);
	free(out2);
	vdf_free(root);
	vdf_free(again);
}

static void test_vdf_comments_kept_on_write(void **state)
{
	const char *text = "// head\r\n\"a\" // after key\n{\n  \"b\" \"1\" // after value\n"
			   "  // before close\n}\n// tail 1\n  //tail 2\n";
	struct vdf_node *root = parse_ok(text);
	char *out;

	(void)state;
	assert_string_equal(root->first->comment, "// head");
	assert_string_equal(vdf_get(root, "a/b")->comment, "// after key");
	assert_string_equal(vdf_get(root, "a")->end_comment, "// after value\n// before close");
	assert_string_equal(root->end_comment, "// tail 1\n//tail 2");
	vdf_free(root);
	/* a comment's text stops at a NUL byte, then its trailing CRs go (fuzz finding) */
	assert_int_equal(vdf_parse("// x\r\0\r\na b", 11, &root, NULL), 0);
	assert_string_equal(root->first->comment, "// x");
	vdf_free(root);
	root = parse_ok(text);
	out = write_str(root);
	assert_string_equal(out, "// head\n\"a\"\n{\n\t// after key\n\t\"b\"\t\t\"1\"\n"
				 "\t// after value\n\t// before close\n}\n// tail 1\n//tail 2\n");
	free(out);
	/* an edit keeps the neighbours' comments; removing a node drops its own */
	assert_int_equal(vdf_remove(root, "a/b"), 0);
	out = write_str(root);
	assert_string_equal(out, "// head\n\"a\"\n{\n\t// after value\n\t// before close\n}\n"
				 "// tail 1\n//tail 2\n");
	free(out);
	vdf_free(root);
}

static void test_vdf_equal_detects_differences(void **state)
{
	const char *base = "a { b 1 c { d 2 } } e 3";
	const char *other[] = {
		"a { b 1 c { d 2 } } e 4",
		"a { b 1 c { D 2 } } e 3",
		"a { c { d 2 } b 1 } e 3",
		"a { b 1 c { d 2 x 1 } } e 3",
		"a { b 1 c { d 2 } }",
		"a { b 1 c { d 2 } } e 3 f 4",
		"a { b 1 c { } d 2 } e 3",
		"a { b 1 c { d 2 } } e 3 [$X]",
		"a { b 1 c { d 2 } } // x\ne 3",
		"a { b 1 c { d 2 // x\n} } e 3",
		"a { b 1 c d } e 3",
	};
	struct vdf_node *a = parse_ok(base), *b = parse_ok(base);
	size_t i;

	(void)state;
	assert_true(vdf_equal(a, b));
	assert_true(vdf_equal(vdf_get(a, "a/c"), vdf_get(b, "a/c")));
	assert_false(vdf_equal(a, NULL));
	assert_true(vdf_equal(NULL, NULL));
	vdf_free(b);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		b = parse_ok(other[i]);
		if (vdf_equal(a, b) || vdf_equal(b, a))
			fail_msg("equal to \"%s\"", other[i]);
		vdf_free(b);
	}
	vdf_free(a);
}

static void test_vdf_write_empty_and_value_node(void **state)
{
	struct vdf_node *root = parse_ok("a b");
	char *out;

	(void)state;
	out = write_str(root->first); /* a value has no children: nothing to write */
	assert_string_equal(out, "");
	free(out);
	vdf_free(root);
	assert_int_equal(vdf_new(&root), 0);
	out = write_str(root);
	assert_string_equal(out, "");
	free(out);
	vdf_free(root);
	vdf_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vdf_parse_quoted_nested),
		cmocka_unit_test(test_vdf_parse_unquoted_tokens),
		cmocka_unit_test(test_vdf_parse_escapes),
		cmocka_unit_test(test_vdf_parse_comments_crlf_bom),
		cmocka_unit_test(test_vdf_parse_conditionals_kept),
		cmocka_unit_test(test_vdf_parse_duplicates_in_order),
		cmocka_unit_test(test_vdf_parse_empty_values_and_sections),
		cmocka_unit_test(test_vdf_parse_empty_input),
		cmocka_unit_test(test_vdf_parse_multiline_string_counts_lines),
		cmocka_unit_test(test_vdf_parse_never_reads_past_len),
		cmocka_unit_test(test_vdf_parse_nesting_256_ok),
		cmocka_unit_test(test_vdf_parse_rejects_unterminated_string),
		cmocka_unit_test(test_vdf_parse_rejects_unexpected_close),
		cmocka_unit_test(test_vdf_parse_rejects_deep_nesting),
		cmocka_unit_test(test_vdf_parse_rejects_truncated_input),
		cmocka_unit_test(test_vdf_parse_rejects_misplaced_tokens),
		cmocka_unit_test(test_vdf_get_case_insensitive_path),
		cmocka_unit_test(test_vdf_set_add_remove),
		cmocka_unit_test(test_vdf_set_refuses_bad_paths),
		cmocka_unit_test(test_vdf_set_refuses_too_deep),
		cmocka_unit_test(test_vdf_write_steam_layout),
		cmocka_unit_test(test_vdf_write_reparse_same_tokens),
		cmocka_unit_test(test_vdf_comments_kept_on_write),
		cmocka_unit_test(test_vdf_equal_detects_differences),
		cmocka_unit_test(test_vdf_write_empty_and_value_node),
	};

	return cmocka_run_group_tests_name("vdf", tests, NULL, NULL);
}

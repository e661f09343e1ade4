// SPDX-License-Identifier: MIT
/*
 * Unit tests for steam/: the tool a title ran before mvgal-launch (issue 24), on config.vdf
 * files shaped as Steam writes them (tests/data/steam/, see its README.md), edited the way
 * Steam's client or `set-tool` edits them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "steam/steam.h"
#include "vdf/vdf.h"

static struct vdf_node *fixture(const char *name)
{
	const char *top = getenv("MVGAL_TOP");
	struct vdf_node *doc = NULL;
	struct vdf_diag diag = { 0 };
	char *p;
	assert_true(asprintf(&p, "%s/tests/data/steam/%s", top ? top : ".", name) > 0);
	if (vdf_parse_file(p, 0, &doc, &diag) != 0)
		fail_msg("%s:%d: %s", p, diag.line, diag.msg);
	free(p);
	return doc;
}

/* Sets CompatToolMapping/<appid>/name as Steam's client or set-tool would. */
static void map(struct vdf_node *doc, const char *appid, const char *tool)
{
	struct vdf_node *m = vdf_get(doc, STEAM_MAPPING), *e = NULL;
	assert_non_null(m);
	assert_int_equal(vdf_set_child(m, appid, NULL, &e), 0);
	assert_int_equal(vdf_set_child(e, "name", tool, NULL), 0);
}

static void expect(const struct vdf_node *doc, const char *appid, const char *title_before,
		   const char *default_before, const char *name, enum steam_tool_why why)
{
	struct steam_tool_before b;
	steam_tool_before(doc, appid, title_before, default_before, &b);
	assert_string_equal(b.name, name);
	assert_int_equal(b.why, why);
}

static void test_steam_tool_before_title_entry_naming_another_tool_wins(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf"); /* 1091500 -> GE-Proton9-20, 0 -> experimental */
	// Steam rewrites config.vdf when it exits: until then the file shows the title's old tool
	expect(doc, "1091500", "proton_8", NULL, "GE-Proton9-20", STEAM_TOOL_BEFORE);
	vdf_free(doc);
}

static void test_steam_tool_before_title_on_experimental_keeps_it_over_newer_ge(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	map(doc, "480", "mvgal"); /* set-tool remembered proton_experimental as what it left */
	expect(doc, "480", "proton_experimental", NULL, "proton_experimental", STEAM_TOOL_BEFORE);
	vdf_free(doc);
}

static void test_steam_tool_before_no_earlier_entry_is_steam_play_default(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	map(doc, "570", "mvgal");
	expect(doc, "570", "", NULL, "proton_experimental", STEAM_TOOL_DEFAULT); /* had no entry */
	expect(doc, "570", NULL, NULL, "proton_experimental", STEAM_TOOL_DEFAULT); /* no memory */
	map(doc, "0", "proton_9");
	expect(doc, "570", NULL, NULL, "proton_9", STEAM_TOOL_DEFAULT);
	vdf_free(doc);
}

static void test_steam_tool_before_default_taken_by_mvgal_gives_the_one_it_replaced(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	map(doc, "0", "mvgal");
	expect(doc, "570", NULL, "proton_9", "proton_9", STEAM_TOOL_DEFAULT_BEFORE);
	expect(doc, "0", "mvgal", "proton_9", "proton_9", STEAM_TOOL_DEFAULT_BEFORE);
	// nothing remembered for "0": Steam's own default, never the newest build
	expect(doc, "570", NULL, NULL, STEAM_DEFAULT_TOOL, STEAM_TOOL_STEAM_DEFAULT);
	expect(doc, "570", NULL, "mvgal-native", STEAM_DEFAULT_TOOL, STEAM_TOOL_STEAM_DEFAULT);
	vdf_free(doc);
}

static void test_steam_tool_before_without_entry_0_is_steams_own_default(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config_no_default.vdf");
	expect(doc, "570", NULL, NULL, "proton_experimental", STEAM_TOOL_STEAM_DEFAULT);
	expect(doc, "1245620", NULL, NULL, "proton_8", STEAM_TOOL_BEFORE);
	expect(NULL, "570", NULL, NULL, "proton_experimental", STEAM_TOOL_STEAM_DEFAULT);
	vdf_free(doc);
}

static void test_steam_tool_before_ignores_our_own_tools_and_empty_names(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	map(doc, "570", "mvgal-native");
	expect(doc, "570", "mvgal", NULL, "proton_experimental", STEAM_TOOL_DEFAULT);
	map(doc, "570", "");
	expect(doc, "570", NULL, NULL, "proton_experimental", STEAM_TOOL_DEFAULT);
	vdf_free(doc);
}

static void test_steam_tool_mapping_of_a_mapping_that_is_a_value_is_null(void **state)
{
	(void)state;
	const char *text = "\"InstallConfigStore\" { \"Software\" { \"Valve\" { \"Steam\" {"
			   " \"CompatToolMapping\" \"oops\" } } } }";
	struct vdf_node *doc = NULL;
	struct vdf_diag diag = { 0 };
	assert_int_equal(vdf_parse(text, strlen(text), &doc, &diag), 0);
	assert_null(steam_tool_mapping(doc, "0"));
	expect(doc, "570", NULL, NULL, STEAM_DEFAULT_TOOL, STEAM_TOOL_STEAM_DEFAULT);
	vdf_free(doc);
}

static void test_steam_tool_why_text_names_each_reason(void **state)
{
	(void)state;
	assert_string_equal(steam_tool_why_text(STEAM_TOOL_BEFORE),
			    "the title's tool before mvgal-launch");
	assert_non_null(strstr(steam_tool_why_text(STEAM_TOOL_DEFAULT), "Steam Play's default"));
	assert_non_null(strstr(steam_tool_why_text(STEAM_TOOL_DEFAULT_BEFORE), "before mvgal"));
	assert_non_null(strstr(steam_tool_why_text(STEAM_TOOL_STEAM_DEFAULT), "Steam's own"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steam_tool_before_title_entry_naming_another_tool_wins),
		cmocka_unit_test(test_steam_tool_before_title_on_experimental_keeps_it_over_newer_ge),
		cmocka_unit_test(test_steam_tool_before_no_earlier_entry_is_steam_play_default),
		cmocka_unit_test(
			test_steam_tool_before_default_taken_by_mvgal_gives_the_one_it_replaced),
		cmocka_unit_test(test_steam_tool_before_without_entry_0_is_steams_own_default),
		cmocka_unit_test(test_steam_tool_before_ignores_our_own_tools_and_empty_names),
		cmocka_unit_test(test_steam_tool_mapping_of_a_mapping_that_is_a_value_is_null),
		cmocka_unit_test(test_steam_tool_why_text_names_each_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

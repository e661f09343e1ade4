// SPDX-License-Identifier: MIT
/*
 * Unit tests for steam/: the tool a title ran before mvgal-launch (issue 24), on config.vdf
 * files shaped as Steam writes them, edited the way Steam's client or `set-tool` edits them;
 * roots, libraries, appmanifests, shortcuts and tool folders (issue 25) on a throw-away home
 * laid out as Steam lays it out (DESIGN.md section 7), filled with the
 * real-shaped files of tests/data/steam/ (README.md there says where each shape comes from)
 * and the binary shortcuts.vdf of tests/data/vdf/ (written by gen_binary.py there with the keys,
 * types and order of Steam's own file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fs.h"
#include "common/text.h"
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

/* the one answer `list` and the launcher share (issue 27): entry "0", else Steam's own default */
static void test_steam_tool_default_is_entry_0_else_steams_own(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config_no_default.vdf");
	enum steam_tool_why why = STEAM_TOOL_BEFORE;
	assert_string_equal(steam_tool_default(doc, &why), "proton_experimental");
	assert_int_equal(why, STEAM_TOOL_STEAM_DEFAULT);
	assert_string_equal(steam_tool_default(NULL, &why), "proton_experimental");
	map(doc, "0", "proton_9");
	assert_string_equal(steam_tool_default(doc, &why), "proton_9");
	assert_int_equal(why, STEAM_TOOL_DEFAULT);
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

static char home[256];

/* home + "/" + rel, in a static buffer of four (enough for one call's arguments). */
static const char *at(const char *rel)
{
	static char buf[4][PATH_MAX];
	static int i;
	i = (i + 1) % 4;
	assert_true(fs_path_join(buf[i], home, rel) == 0);
	return buf[i];
}

static void mkdirs(const char *rel)
{
	assert_int_equal(fs_mkdirs(at(rel)), 0);
}

/* Copies tests/data/<fixture> to home/<rel>, making its folder. */
static void put(const char *fixture, const char *rel)
{
	const char *top = getenv("MVGAL_TOP");
	char src[PATH_MAX], dir[PATH_MAX];
	char *buf = NULL;
	size_t len = 0;
	snprintf(src, sizeof(src), "%s/tests/data/%s", top ? top : ".", fixture);
	assert_int_equal(fs_read_file(src, 1 << 20, &buf, &len), 0);
	snprintf(dir, sizeof(dir), "%s", at(rel));
	*strrchr(dir, '/') = '\0';
	assert_int_equal(fs_mkdirs(dir), 0);
	assert_int_equal(write_atomic(at(rel), buf, len), 0);
	free(buf);
}

static void write_text(const char *rel, const char *text)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", at(rel));
	*strrchr(dir, '/') = '\0';
	assert_int_equal(fs_mkdirs(dir), 0);
	assert_int_equal(write_atomic(at(rel), text, strlen(text)), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(home, sizeof(home), "%s/mvgal-test-steam.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(home) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *argv[] = { "rm", "-rf", home, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	int st;
	return pid > 0 && waitpid(pid, &st, 0) == pid ? 0 : -1;
}

/* The native client's layout: ~/.local/share/Steam with ~/.steam/root and ~/.steam/steam
 * links to it (as steam.sh makes them), plus Flatpak Steam's data folder. */
static void native_and_flatpak(void)
{
	mkdirs(".local/share/Steam/steamapps");
	mkdirs(".steam");
	assert_int_equal(symlink(at(".local/share/Steam"), at(".steam/root")), 0);
	assert_int_equal(symlink(at(".local/share/Steam"), at(".steam/steam")), 0);
	mkdirs(".var/app/com.valvesoftware.Steam/data/Steam/config");
}

static void test_steam_roots_find_resolves_links_and_drops_duplicates(void **state)
{
	(void)state;
	struct steam_root roots[STEAM_MAX_ROOTS];
	char real[PATH_MAX];
	native_and_flatpak();
	mkdirs(".var/app/com.valvesoftware.Steam/.local/share/Steam"); /* neither steamapps/ nor config/ */
	assert_int_equal(steam_roots_find(home, roots, STEAM_MAX_ROOTS), 2);
	assert_non_null(realpath(at(".local/share/Steam"), real));
	assert_string_equal(roots[0].path, real);
	assert_false(roots[0].is_flatpak);
	assert_non_null(realpath(at(".var/app/com.valvesoftware.Steam/data/Steam"), real));
	assert_string_equal(roots[1].path, real);
	assert_true(roots[1].is_flatpak);
	assert_int_equal(steam_roots_find(home, roots, 1), 1);
	assert_int_equal(steam_roots_find("", roots, STEAM_MAX_ROOTS), 0);
}

static void test_steam_roots_select_refuses_a_folder_that_is_no_root(void **state)
{
	(void)state;
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct steam_diag d = { "" };
	mkdirs("not-steam");
	assert_int_equal(steam_roots_select(at("not-steam"), home, roots, STEAM_MAX_ROOTS, &d),
			 -ENOENT);
	assert_non_null(strstr(d.msg, "not-steam: no steamapps/ or config/ in it"));
	assert_int_equal(steam_roots_select(at("gone"), home, roots, STEAM_MAX_ROOTS, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "gone: No such file or directory"));
	assert_int_equal(steam_roots_select(NULL, home, roots, STEAM_MAX_ROOTS, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "no Steam found in "));
	native_and_flatpak();
	assert_int_equal(steam_roots_select(at(".steam/root"), home, roots, STEAM_MAX_ROOTS, &d), 1);
	assert_false(roots[0].is_flatpak);
	assert_int_equal(steam_roots_select(NULL, home, roots, STEAM_MAX_ROOTS, &d), 2);
	assert_int_equal(steam_root_current(NULL, home, &roots[0], &d), 0);
	assert_false(roots[0].is_flatpak);
	assert_int_equal(steam_root_current(at(".var/app/com.valvesoftware.Steam/data/Steam"), home,
					    &roots[0], &d),
			 0);
	assert_true(roots[0].is_flatpak);
}

static void test_steam_libraries_root_first_then_libraryfolders(void **state)
{
	(void)state;
	struct strv libs = { 0 };
	struct steam_diag d = { "" };
	mkdirs("Steam/steamapps");
	/* no libraryfolders.vdf: a fresh root is its own only library */
	assert_int_equal(steam_libraries(at("Steam"), &libs, &d), 0);
	assert_int_equal(libs.n, 1);
	strv_release(&libs);
	put("steam/libraryfolders.vdf", "Steam/steamapps/libraryfolders.vdf");
	assert_int_equal(steam_libraries(at("Steam"), &libs, &d), 0);
	assert_int_equal(libs.n, 3);
	assert_string_equal(libs.v[0], at("Steam"));
	assert_string_equal(libs.v[1], "/home/deck/.local/share/Steam");
	assert_string_equal(libs.v[2], "/run/media/mmcblk0p1");
	strv_release(&libs);
	/* the old form ("1" "/path"), a relative path left out, a repeat dropped */
	write_text("Steam/steamapps/libraryfolders.vdf",
		   "\"libraryfolders\"\n{\n\t\"1\"\t\t\"/mnt/games\"\n\t\"2\"\t\t\"relative\"\n"
		   "\t\"3\"\t\t\"/mnt/games\"\n}\n");
	assert_int_equal(steam_libraries(at("Steam"), &libs, &d), 0);
	assert_int_equal(libs.n, 2);
	assert_string_equal(libs.v[1], "/mnt/games");
	strv_release(&libs);
}

static void test_steam_libraries_bad_file_is_named_with_its_line(void **state)
{
	(void)state;
	struct strv libs = { 0 };
	struct steam_diag d = { "" };
	write_text("Steam/steamapps/libraryfolders.vdf", "\"libraryfolders\"\n{\n\t\"0\"\n\t{\n");
	assert_true(steam_libraries(at("Steam"), &libs, &d) < 0);
	char want[PATH_MAX + 8];
	snprintf(want, sizeof(want), "%s:", at("Steam/steamapps/libraryfolders.vdf"));
	assert_memory_equal(d.msg, want, strlen(want));
	assert_int_equal(libs.n, 1); /* the root itself still listed */
	strv_release(&libs);
}

static void test_steam_app_dir_reads_the_appmanifest(void **state)
{
	(void)state;
	struct strv libs = { 0 };
	struct steam_diag d = { "" };
	char dir[PATH_MAX], name[256] = "";
	assert_int_equal(strv_push(&libs, at("lib1")), 0);
	assert_int_equal(strv_push(&libs, at("lib2")), 0);
	put("steam/appmanifest_1091500.acf", "lib2/steamapps/appmanifest_1091500.acf");
	assert_int_equal(steam_app_dir(&libs, "1091500", dir, name, sizeof(name), &d), 0);
	assert_string_equal(dir, at("lib2/steamapps/common/Cyberpunk 2077"));
	assert_string_equal(name, "Cyberpunk 2077");
	assert_int_equal(steam_app_dir(&libs, "570", dir, NULL, 0, &d), -ENOENT);
	/* an installdir that leaves steamapps/common is refused, naming the file */
	write_text("lib1/steamapps/appmanifest_570.acf",
		   "\"AppState\"\n{\n\t\"appid\"\t\t\"570\"\n\t\"installdir\"\t\t\"..\"\n}\n");
	assert_int_equal(steam_app_dir(&libs, "570", dir, NULL, 0, &d), -EINVAL);
	char want[PATH_MAX + 64];
	snprintf(want, sizeof(want), "%s: no usable \"installdir\"",
		 at("lib1/steamapps/appmanifest_570.acf"));
	assert_string_equal(d.msg, want);
	strv_release(&libs);
}

static void test_steam_shortcuts_of_every_user(void **state)
{
	(void)state;
	struct steam_shortcut_list l;
	struct steam_diag d = { "" };
	assert_int_equal(steam_shortcuts(at("Steam"), &l, &d), 0); /* no userdata/ yet */
	assert_int_equal(l.n, 0);
	put("vdf/shortcuts.vdf", "Steam/userdata/12345678/config/shortcuts.vdf");
	mkdirs("Steam/userdata/87654321/config"); /* a user without shortcuts */
	assert_int_equal(steam_shortcuts(at("Steam"), &l, &d), 0);
	const struct steam_shortcut *h = steam_shortcut_find(&l, "3130012714");
	const struct steam_shortcut *c = steam_shortcut_find(&l, "2279729169");
	assert_non_null(h);
	assert_non_null(c);
	/* stored as a negative int32, named unsigned; the program without Steam's quotes */
	assert_string_equal(h->name, "Heroic Games Launcher");
	assert_string_equal(h->exe, "/usr/bin/heroic");
	assert_string_equal(c->name, "Celeste (itch)");
	assert_string_equal(c->exe, "/home/deck/Games/Celeste/Celeste");
	assert_null(steam_shortcut_find(&l, "570"));
	steam_shortcut_list_release(&l);
	/* a truncated file fails naming it */
	static const char cut[] = "\0shortcuts\0\0"
				  "0\0\x02"
				  "appid";
	assert_int_equal(write_atomic(at("Steam/userdata/12345678/config/shortcuts.vdf"), cut,
				      sizeof(cut) - 1),
			 0);
	assert_int_equal(steam_shortcuts(at("Steam"), &l, &d), -EBADMSG);
	assert_non_null(strstr(d.msg, "/userdata/12345678/config/shortcuts.vdf: byte "));
	steam_shortcut_list_release(&l);
}

/* The compat DB's titles as titles.c offers them (a made-up DB of three). */
static void offer_db(struct steam_title_matches *m, void *ctx)
{
	(void)ctx;
	steam_title_offer(m, "480", "Spacewar", false);
	steam_title_offer(m, "1091500", "Cyberpunk 2077", false);
	steam_title_offer(m, "1245620", "ELDEN RING", false);
}

static bool is_program(const char *word, void *ctx)
{
	return !strcmp(word, ctx);
}

/* A native root with Cyberpunk 2077 (the appmanifest fixture) and two non-Steam shortcuts
 * (tests/data/vdf/shortcuts.vdf), a Flatpak root with Dota 2: the title a user names, looked up
 * across both. */
static void test_steam_title_resolve_across_roots_shortcuts_and_the_db(void **state)
{
	(void)state;
	struct steam_title_pick p;
	struct steam_title_matches m;
	struct steam_title_query q = { .home = home, .offer_more = offer_db };
	native_and_flatpak();
	put("steam/appmanifest_1091500.acf",
	    ".local/share/Steam/steamapps/appmanifest_1091500.acf");
	put("vdf/shortcuts.vdf", ".local/share/Steam/userdata/12345678/config/shortcuts.vdf");
	write_text(".var/app/com.valvesoftware.Steam/data/Steam/steamapps/appmanifest_570.acf",
		   "\"AppState\"\n{\n\t\"appid\"\t\t\"570\"\n\t\"universe\"\t\t\"1\"\n"
		   "\t\"name\"\t\t\"Dota 2\"\n\t\"StateFlags\"\t\t\"4\"\n"
		   "\t\"installdir\"\t\t\"dota 2 beta\"\n}\n");
	write_text(".local/share/Steam/steamapps/appmanifest_9.acf", "\"AppState\"\n{\n"); /* cut */
	/* a name, ignoring case: installed and in the DB, one title */
	q.word = "cyberpunk 2077";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.appid, "1091500");
	assert_string_equal(p.name, "Cyberpunk 2077");
	assert_string_equal(p.exe, "");
	assert_true(m.v[0].is_installed && m.v[0].is_in_db);
	/* an appid in the Flatpak root; one only in the DB; one nowhere, still returned */
	q.word = "570";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.name, "Dota 2");
	q.word = "480";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.name, "Spacewar");
	q.word = "4000";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_UNKNOWN_APPID);
	assert_string_equal(p.appid, "4000");
	assert_string_equal(p.name, "");
	/* a shortcut by its whole name and by a part, with the appid `list` shows */
	q.word = "CELESTE (ITCH)";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.appid, "2279729169");
	q.word = "heroic";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.appid, "3130012714");
	/* a part several names hold: each once, from where it was seen */
	q.word = "r";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_AMBIGUOUS);
	assert_int_equal(m.n, 4); /* Cyberpunk, Heroic, Spacewar, ELDEN RING */
	assert_string_equal(p.appid, "");
	q.word = "no such game";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_NONE);
}

static void test_steam_title_resolve_an_executable_before_a_part_of_a_name(void **state)
{
	(void)state;
	struct steam_title_pick p;
	struct steam_title_matches m;
	struct steam_title_query q = { .home = home, .word = "celeste" };
	put("vdf/shortcuts.vdf", ".local/share/Steam/userdata/12345678/config/shortcuts.vdf");
	mkdirs(".local/share/Steam/steamapps");
	/* nothing says celeste is a program: the shortcut whose name holds it */
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.appid, "2279729169");
	/* a program of that name (a profile file, PATH) comes before a part of a name */
	q.is_exe_name = is_program;
	q.ctx = "celeste";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.exe, "celeste");
	assert_string_equal(p.appid, "");
	/* but not before a whole name */
	q.ctx = "celeste (itch)";
	q.word = "celeste (itch)";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.appid, "2279729169");
	/* a Windows program's name, and --exe for any word */
	q.word = "Game.EXE";
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.exe, "Game.EXE");
	q.word = "2279729169";
	q.is_exe = true;
	assert_int_equal(steam_title_resolve(&q, &p, &m), STEAM_TITLE_FOUND);
	assert_string_equal(p.exe, "2279729169");
}

static void test_steam_compat_tools_scan_every_way_steam_accepts(void **state)
{
	(void)state;
	struct steam_compat_tool_list l = { 0 };
	char real[PATH_MAX];
	put("steam/ge_proton11_compatibilitytool.vdf", "ctd/GE-Proton11-3/compatibilitytool.vdf");
	put("steam/compatibilitytools_several.vdf", "ctd/local.vdf");
	mkdirs("ctd/tkg/proton_tkg_9.5");
	mkdirs("ctd/no-manifest");
	assert_int_equal(steam_compat_tools_scan(at("ctd"), &l), 0);
	const struct steam_compat_tool *ge = NULL, *tkg = NULL;
	for (size_t i = 0; i < l.n; i++) {
		if (!strcmp(l.v[i].internal, "GE-Proton11-3"))
			ge = &l.v[i];
		if (!strcmp(l.v[i].internal, "Proton-tkg-local"))
			tkg = &l.v[i];
	}
	assert_int_equal(l.n, 2); /* /opt/proton-opt does not exist: skipped */
	assert_non_null(ge);
	assert_non_null(tkg);
	assert_non_null(realpath(at("ctd/GE-Proton11-3"), real));
	assert_string_equal(ge->dir, real);
	assert_string_equal(ge->from_os, "windows");
	assert_string_equal(ge->to_os, "linux");
	assert_non_null(realpath(at("ctd/tkg/proton_tkg_9.5"), real));
	assert_string_equal(tkg->dir, real);
	assert_string_equal(tkg->display, "Proton-tkg 9.5 (local)");
	assert_string_equal(tkg->vdf, at("ctd/local.vdf"));
	/* /opt/proton-opt, no-manifest/ and tkg/ (a build folder, not a tool folder) */
	assert_int_equal(l.skipped.n, 3);
	bool has_opt = false, has_folder = false;
	for (size_t i = 0; i < l.skipped.n; i++) {
		has_opt |= strstr(l.skipped.v[i],
				  "install_path \"/opt/proton-opt\" does not exist") != NULL;
		has_folder |= strstr(l.skipped.v[i], "no-manifest: no compatibilitytool.vdf") != NULL;
	}
	assert_true(has_opt);
	assert_true(has_folder);
	steam_compat_tool_list_release(&l);
	assert_int_equal(steam_compat_tools_scan(at("no-such-folder"), &l), 0);
	assert_int_equal(l.n, 0);
}

static void test_steam_tool_dirs_root_system_then_extra(void **state)
{
	(void)state;
	struct strv dirs = { 0 };
	assert_int_equal(steam_tool_dirs("/r", "/a::/b:/a", &dirs), 0);
	assert_int_equal(dirs.n, 4);
	assert_string_equal(dirs.v[0], "/r/compatibilitytools.d");
	assert_string_equal(dirs.v[1], "/usr/share/steam/compatibilitytools.d");
	assert_string_equal(dirs.v[2], "/a");
	assert_string_equal(dirs.v[3], "/b");
	strv_release(&dirs);
	assert_int_equal(steam_tool_dirs(NULL, NULL, &dirs), 0);
	assert_int_equal(dirs.n, 1);
	strv_release(&dirs);
}

static void test_steam_tools_by_steam_name(void **state)
{
	(void)state;
	char name[128];
	assert_string_equal(steam_valve_tool("Proton_9")->appid, "2805730");
	assert_null(steam_valve_tool("GE-Proton9-20"));
	steam_runtime_name("1628350", name, sizeof(name));
	assert_string_equal(name, "Steam Linux Runtime 3.0 (sniper) (appid 1628350)");
	steam_runtime_name("42", name, sizeof(name));
	assert_string_equal(name, "the runtime with appid 42");
}

static void test_steam_flatpak_app_dir(void **state)
{
	(void)state;
	char out[PATH_MAX];
	assert_int_equal(
		steam_flatpak_app_dir("/home/u/.var/app/com.valvesoftware.Steam/data/Steam", out), 0);
	assert_string_equal(out, "/home/u/.var/app/com.valvesoftware.Steam");
	assert_int_equal(steam_flatpak_app_dir("/home/u/.local/share/Steam", out), -1);
}

/* Flatpak Steam's sandbox on the throw-away home: its app folder under ~/.var/app, the
 * sandbox's /.flatpak-info (tests/data/steam/flatpak-info, shaped as flatpak writes it). */
static void test_steam_flatpak_app_id_from_the_environment_then_the_sandbox_file(void **state)
{
	(void)state;
	char id[256];
	put("steam/flatpak-info", "sandbox/.flatpak-info");
	assert_string_equal(steam_flatpak_app_id(NULL, at("sandbox/.flatpak-info"), id, sizeof(id)),
			    STEAM_FLATPAK_ID);
	/* FLATPAK_ID, which `flatpak run` sets, wins over the file */
	assert_string_equal(steam_flatpak_app_id("com.example.Other", at("sandbox/.flatpak-info"),
						 id, sizeof(id)),
			    "com.example.Other");
	assert_string_equal(steam_flatpak_app_id("", at("sandbox/.flatpak-info"), id, sizeof(id)),
			    STEAM_FLATPAK_ID);
	/* a keyfile without a name: Flatpak Steam's id, the only sandbox we are installed into */
	write_text("other/.flatpak-info", "[Instance]\nbranch=stable\n");
	assert_string_equal(steam_flatpak_app_id(NULL, at("other/.flatpak-info"), id, sizeof(id)),
			    STEAM_FLATPAK_ID);
	/* no keyfile: not in a sandbox */
	assert_null(steam_flatpak_app_id(NULL, at("host/.flatpak-info"), id, sizeof(id)));
}

static void test_steam_flatpak_xdg_defaults_fill_only_what_is_not_absolute(void **state)
{
	(void)state;
	struct steam_root roots[STEAM_MAX_ROOTS];
	char out[STEAM_XDG_N][PATH_MAX], real[PATH_MAX], app[PATH_MAX], p[PATH_MAX];
	native_and_flatpak();
	/* unset, relative, absolute, empty: only the absolute one stands */
	const char *values[STEAM_XDG_N] = { NULL, "data", "/srv/cache", "" };
	assert_int_equal(steam_flatpak_xdg_defaults(home, STEAM_FLATPAK_ID, values, out), 0);
	assert_string_equal(out[STEAM_XDG_CONFIG], at(".var/app/com.valvesoftware.Steam/config"));
	assert_string_equal(out[STEAM_XDG_DATA], at(".var/app/com.valvesoftware.Steam/data"));
	assert_string_equal(out[STEAM_XDG_CACHE], "");
	assert_string_equal(out[STEAM_XDG_STATE],
			    at(".var/app/com.valvesoftware.Steam/.local/state"));
	assert_string_equal(steam_xdg_var(STEAM_XDG_CONFIG), "XDG_CONFIG_HOME");
	assert_string_equal(steam_xdg_var(STEAM_XDG_STATE), "XDG_STATE_HOME");
	/* the data folder is the one holding the Flatpak root that steam_roots_find() sees */
	assert_int_equal(steam_roots_find(home, roots, STEAM_MAX_ROOTS), 2);
	assert_int_equal(steam_flatpak_app_dir(roots[1].path, app), 0);
	assert_int_equal(steam_flatpak_path(app, STEAM_XDG_DATA, "Steam", p), 0);
	assert_non_null(realpath(p, real));
	assert_string_equal(real, roots[1].path);
	assert_int_equal(steam_flatpak_path(app, STEAM_XDG_CONFIG, "mvgal", p), 0);
	assert_non_null(strstr(p, "/.var/app/com.valvesoftware.Steam/config/mvgal"));
	assert_int_equal(steam_flatpak_path(app, STEAM_XDG_STATE, NULL, p), 0);
	assert_non_null(strstr(p, "/.var/app/com.valvesoftware.Steam/.local/state"));
	/* no home, or an id that is no folder name: nothing to set */
	assert_int_equal(steam_flatpak_xdg_defaults("", STEAM_FLATPAK_ID, values, out), -EINVAL);
	assert_int_equal(steam_flatpak_xdg_defaults(home, "../../etc", values, out), -EINVAL);
	assert_string_equal(out[STEAM_XDG_CONFIG], "");
	char long_dir[PATH_MAX];
	memset(long_dir, 'a', sizeof(long_dir) - 1);
	long_dir[sizeof(long_dir) - 1] = '\0';
	assert_int_equal(steam_flatpak_path(long_dir, STEAM_XDG_DATA, NULL, p), -ENAMETOOLONG);
}

static void test_steam_is_running_reads_the_pid_file(void **state)
{
	(void)state;
	long pid = 0;
	char text[32];
	mkdirs("Steam");
	assert_false(steam_is_running(at("Steam"), home, &pid));
	snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	write_text("Steam/steam.pid", text);
	/* a live pid without Steam's steam.pipe open is another program (Valve's steam.sh) */
	assert_false(steam_is_running(at("Steam"), home, &pid));
	write_text("Steam/steam.pipe", "");
	int fd = open(at("Steam/steam.pipe"), O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(steam_is_running(at("Steam"), home, &pid));
	assert_int_equal(pid, getpid());
	close(fd);
	write_text("Steam/steam.pid", "not a pid\n");
	assert_false(steam_is_running(at("Steam"), home, &pid));
}

/* A Proton folder as Steam installs it: toolmanifest.vdf (fixture), version (build time first,
 * as Proton's own file has it) and the proton script. */
static void proton_dir(const char *rel, const char *manifest, const char *build_time)
{
	char p[PATH_MAX], text[64];
	snprintf(p, sizeof(p), "%s/toolmanifest.vdf", rel);
	put(manifest, p);
	snprintf(p, sizeof(p), "%s/version", rel);
	snprintf(text, sizeof(text), "%s proton-9.0-3\n", build_time);
	write_text(p, text);
	snprintf(p, sizeof(p), "%s/proton", rel);
	write_text(p, "#!/bin/sh\n");
}

/* One library with Proton 9.0 (needs sniper, installed), Proton Experimental (newest) and, in a
 * tool folder, GE-Proton11-3 (needs Steam Linux Runtime 4.0, not installed). */
static void protons(struct steam_proton_list *l)
{
	struct strv libs = { 0 }, dirs = { 0 };
	proton_dir("lib/steamapps/common/Proton 9.0", "steam/proton9_toolmanifest.vdf", "1700000000");
	proton_dir("lib/steamapps/common/Proton - Experimental", "steam/proton9_toolmanifest.vdf",
		   "1750000000");
	/* the shape steam_fake.sh's acf() writes, as the client does (fewer keys) */
	write_text("lib/steamapps/appmanifest_1628350.acf",
		   "\"AppState\"\n{\n\t\"appid\"\t\t\"1628350\"\n\t\"name\"\t\t\"Steam Linux "
		   "Runtime 3.0 (sniper)\"\n\t\"installdir\"\t\t\"SteamLinuxRuntime_sniper\"\n}\n");
	mkdirs("lib/steamapps/common/SteamLinuxRuntime_sniper");
	proton_dir("ctd/GE-Proton11-3", "steam/ge_proton11_toolmanifest.vdf", "1760000000");
	put("steam/ge_proton11_compatibilitytool.vdf", "ctd/GE-Proton11-3/compatibilitytool.vdf");
	assert_int_equal(strv_push(&libs, at("lib")), 0);
	assert_int_equal(strv_push(&dirs, at("ctd")), 0);
	assert_int_equal(steam_proton_find(&libs, &dirs, l), 0);
	assert_int_equal(l->n, 3);
	strv_release(&libs);
	strv_release(&dirs);
}

static void test_steam_proton_choose_newest_usable_and_names(void **state)
{
	(void)state;
	struct steam_proton_list l = { 0 };
	struct steam_proton_pick pick;
	protons(&l);
	/* newest: GE-Proton11-3 is newer but its runtime is missing: passed over, named */
	steam_proton_choose(&l, "", &pick);
	assert_string_equal(pick.p->name, "Proton - Experimental");
	assert_string_equal(pick.passed_over->name, "GE-Proton11-3");
	steam_proton_choose(&l, "proton_9", &pick); /* Steam's internal name */
	assert_string_equal(pick.p->name, "Proton 9.0");
	assert_false(pick.is_family);
	steam_proton_choose(&l, "proton experimental", &pick); /* case and punctuation */
	assert_string_equal(pick.p->name, "Proton - Experimental");
	steam_proton_choose(&l, "GE-Proton11-3", &pick); /* explicit: even without its runtime */
	assert_string_equal(pick.p->name, "GE-Proton11-3");
	assert_false(pick.p->has_runtime);
	steam_proton_choose(&l, "GE-Proton", &pick); /* a family: its newest usable, none here */
	assert_true(pick.is_family);
	assert_null(pick.p);
	steam_proton_list_release(&l);
}

static void test_steam_proton_missing_build_is_an_error_listing_the_installed(void **state)
{
	(void)state;
	struct steam_proton_list l = { 0 };
	struct steam_proton_pick pick;
	char line[2048];
	protons(&l);
	/* a named build that is not installed: never another build in its place */
	steam_proton_choose(&l, "GE-Proton9-20", &pick);
	assert_null(pick.p);
	assert_null(pick.passed_over);
	steam_proton_not_installed(&l, "GE-Proton9-20", "launch.proton from x.ini:2", "there", line,
				   sizeof(line));
	/* (in the order the folders are read) */
	assert_non_null(strstr(line, "Proton \"GE-Proton9-20\" (launch.proton from x.ini:2) is not "
				     "installed; installed: "));
	assert_non_null(strstr(line, "Proton 9.0 [proton_9]"));
	assert_non_null(strstr(line, "Proton - Experimental [proton_experimental]"));
	assert_non_null(strstr(line, ", GE-Proton11-3; name an installed build there"));
	/* a Valve Proton: how to install it */
	steam_proton_choose(&l, "proton_8", &pick);
	assert_null(pick.p);
	steam_proton_not_installed(&l, "proton_8", "Steam Play's default", "there", line,
				   sizeof(line));
	assert_non_null(strstr(line, "install it with `steam steam://install/2348590`, or name"));
	steam_proton_runtime_missing(steam_proton_named(&l, "GE-Proton11-3"), line, sizeof(line));
	assert_string_equal(line,
			    "GE-Proton11-3 needs Steam Linux Runtime 4.0 (appid 4183110), which "
			    "is not installed: install it with `steam steam://install/4183110`");
	steam_proton_list_release(&l);
}

/* ---- config.c: CompatToolMapping edits and backups ------------------------------------------ */

__attribute__((noinline)) static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(fs_read_file(path, 1 << 20, &buf, &len), 0);
	return buf;
}

/* doc written back with vdf_write_keep(), as set-tool writes it */
static char *kept(const struct vdf_node *doc)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(vdf_write_keep(doc, &buf, &len), 0);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void test_steam_mapping_set_changes_only_the_name_byte_for_byte(void **state)
{
	(void)state;
	const char *top = getenv("MVGAL_TOP");
	char path[PATH_MAX], *orig, *out, *want;
	snprintf(path, sizeof(path), "%s/tests/data/steam/config.vdf", top ? top : ".");
	orig = slurp(path);
	struct vdf_node *doc = fixture("config.vdf");
	assert_int_equal(steam_mapping_set(doc, "1091500", "mvgal", NULL), 0);
	out = kept(doc);
	/* the file as Steam wrote it, with only that entry's name replaced */
	const char *at_name = strstr(orig, "\"GE-Proton9-20\"");
	assert_non_null(at_name);
	assert_true(asprintf(&want, "%.*s\"mvgal\"%s", (int)(at_name - orig), orig,
			     at_name + strlen("\"GE-Proton9-20\"")) > 0);
	assert_string_equal(out, want);
	free(want);
	free(out);
	/* config when asked; Priority and the rest stay */
	assert_int_equal(steam_mapping_set(doc, "480", "mvgal", "--x"), 0);
	const struct vdf_node *e = vdf_get(doc, STEAM_MAPPING "/480");
	assert_string_equal(vdf_get_value(e, "name", ""), "mvgal");
	assert_string_equal(vdf_get_value(e, "config", ""), "--x");
	assert_string_equal(vdf_get_value(e, "priority", ""), "250");
	vdf_free(doc);
	free(orig);
}

static void test_steam_mapping_set_new_entry_spelt_as_its_siblings(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config_hand_edited.vdf"); /* "Priority" capitalised */
	assert_int_equal(steam_mapping_set(doc, "620", "mvgal", NULL), 0);
	const struct vdf_node *e = vdf_get(doc, STEAM_MAPPING "/620");
	assert_non_null(e);
	assert_string_equal(vdf_get_value(e, "name", "?"), "mvgal");
	assert_string_equal(vdf_get_value(e, "config", "?"), "");
	bool has_capital = false, has_lower = false;
	for (const struct vdf_node *k = e->first; k; k = k->next) {
		has_capital = has_capital || !strcmp(k->key, "Priority");
		has_lower = has_lower || !strcmp(k->key, "priority");
	}
	assert_true(has_capital);
	assert_false(has_lower);
	assert_string_equal(vdf_get_value(e, "Priority", "?"), "250");
	vdf_free(doc);
	/* a config.vdf without CompatToolMapping gets one */
	doc = NULL;
	assert_int_equal(vdf_new(&doc), 0);
	assert_int_equal(steam_mapping_set(doc, "620", "mvgal", "c"), 0);
	assert_string_equal(steam_tool_mapping(doc, "620"), "mvgal");
	assert_string_equal(vdf_get_value(vdf_get(doc, STEAM_MAPPING "/620"), "priority", ""),
			    "250");
	vdf_free(doc);
}

static void test_steam_mapping_is_same_value_means_no_change(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	assert_true(steam_mapping_is(doc, "1091500", "GE-Proton9-20", NULL));
	assert_true(steam_mapping_is(doc, "1091500", "GE-Proton9-20", ""));
	assert_false(steam_mapping_is(doc, "1091500", "GE-Proton9-20", "--other"));
	assert_false(steam_mapping_is(doc, "1091500", "mvgal", NULL));
	assert_true(steam_mapping_is(doc, "480", "proton_9", "")); /* no config key: "" */
	assert_false(steam_mapping_is(doc, "620", "proton_9", NULL));
	vdf_free(doc);
}

static void test_steam_mapping_remove_ours_and_check(void **state)
{
	(void)state;
	struct vdf_node *doc = fixture("config.vdf");
	struct strv ours = { 0 };
	map(doc, "480", "mvgal");
	map(doc, "620", "mvgal-native");
	assert_int_equal(steam_mapping_ours(doc, &ours), 0);
	assert_int_equal(ours.n, 2);
	assert_string_equal(ours.v[0], "480");
	assert_string_equal(ours.v[1], "620");
	assert_int_equal(steam_mapping_remove(doc, "620"), 0);
	assert_null(steam_tool_mapping(doc, "620"));
	assert_int_equal(steam_mapping_remove(doc, "620"), 0); /* none: nothing to do */
	assert_int_equal(steam_mapping_check(doc), 0);
	strv_release(&ours);
	vdf_free(doc);
	/* a value where Steam keeps a section: refused before anything is asked */
	struct vdf_diag diag = { 0 };
	const char *bad = "\"InstallConfigStore\" { \"Software\" { \"Valve\" { \"Steam\" { "
			  "\"CompatToolMapping\" \"\" } } } }\n";
	assert_int_equal(vdf_parse(bad, strlen(bad), &doc, &diag), 0);
	assert_int_equal(steam_mapping_check(doc), VDF_ENOTSECTION);
	vdf_free(doc);
}

/* Four writes: Steam's file stays in .mvgal-orig, the three before move down one by one. */
static void test_steam_config_write_rotates_backups_and_keeps_steams_original(void **state)
{
	(void)state;
	static const char *const tools[] = { "mvgal", "proton_9", "GE-Proton9-20", "mvgal-native" };
	char cfg[PATH_MAX], p[PATH_MAX], *state_of[5];
	struct steam_diag d;
	put("steam/config.vdf", "Steam/config/config.vdf");
	snprintf(cfg, sizeof(cfg), "%s", at("Steam/config/config.vdf"));
	state_of[0] = slurp(cfg);
	for (int i = 0; i < 4; i++) {
		struct vdf_node *doc = NULL;
		assert_int_equal(steam_vdf_load(cfg, &doc, &d), 0);
		assert_int_equal(steam_mapping_set(doc, "480", tools[i], NULL), 0);
		assert_int_equal(steam_config_write(doc, cfg, cfg, &d), 0);
		vdf_free(doc);
		state_of[i + 1] = slurp(cfg);
		assert_non_null(strstr(state_of[i + 1], tools[i]));
	}
	/* 0 .mvgal-orig: Steam's; 1 .mvgal-bak: before the last write; 2, 3: older */
	static const int want[] = { 0, 3, 2, 1 };
	for (int n = 0; n < 4; n++) {
		assert_int_equal(steam_config_backup_path(cfg, n, p), 0);
		char *b = slurp(p);
		assert_string_equal(b, state_of[want[n]]);
		free(b);
	}
	assert_int_equal(steam_config_backup_path(cfg, 4, p), 0);
	assert_false(fs_is_file(p)); /* no more than two older ones */
	assert_int_equal(steam_config_backup_path(cfg, 0, p), 0);
	assert_string_equal(p + strlen(p) - strlen("config.vdf.mvgal-orig"),
			    "config.vdf.mvgal-orig");
	for (int i = 0; i < 5; i++)
		free(state_of[i]);
}

static void test_steam_config_write_names_the_backup_it_could_not_write(void **state)
{
	(void)state;
	char cfg[PATH_MAX];
	struct steam_diag d;
	struct vdf_node *doc = fixture("config.vdf");
	put("steam/config.vdf", "Steam/config/config.vdf");
	snprintf(cfg, sizeof(cfg), "%s", at("Steam/config/config.vdf"));
	mkdirs("Steam/config/config.vdf.mvgal-bak"); /* a folder where the backup goes */
	mkdirs("Steam/config/config.vdf.mvgal-bak/x");
	char *before = slurp(cfg);
	assert_true(steam_config_write(doc, cfg, cfg, &d) < 0);
	assert_non_null(strstr(d.msg, "cannot back up "));
	assert_non_null(strstr(d.msg, "(config.vdf unchanged)"));
	char *after = slurp(cfg);
	assert_string_equal(after, before);
	free(after);
	free(before);
	vdf_free(doc);
}

/* ---- tool_folder.c: mvgal-launch's tool folder ------------------------------------------- */

static int no_dir_of(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)))
		n += !strncmp(de->d_name, prefix, strlen(prefix));
	closedir(d);
	return n == 0;
}

/* The tool folder in home's native root, for the program home/bin/mvgal-launch (paths kept
 * apart from at()'s four rotating buffers). */
static struct steam_tool_folder folder(void)
{
	static char dir[PATH_MAX], program[PATH_MAX];
	write_text("bin/mvgal-launch", "#!/bin/sh\n");
	snprintf(dir, sizeof(dir), "%s", at("Steam/compatibilitytools.d/mvgal"));
	snprintf(program, sizeof(program), "%s", at("bin/mvgal-launch"));
	return (struct steam_tool_folder){ .dir = dir, .program = program };
}

static int failing_stage(const char *stage, void *ctx)
{
	*(int *)ctx += fs_is_file(stage) ? 100 : 1;
	return -EIO;
}

static void test_steam_tool_folder_install_lists_both_tools_as_steam_reads_them(void **state)
{
	(void)state;
	struct steam_tool_folder f = folder();
	struct steam_compat_tool_list tl = { 0 };
	char link[PATH_MAX];
	assert_int_equal(steam_tool_folder_install(&f), 0);
	assert_int_equal(f.notes.n, 0);
	/* Steam's own reading of compatibilitytools.d: both tools, in the folder and native/ */
	assert_int_equal(steam_compat_tools_scan(at("Steam/compatibilitytools.d"), &tl), 0);
	assert_int_equal(tl.n, 2);
	assert_string_equal(tl.v[0].internal, STEAM_TOOL_NAME);
	assert_string_equal(tl.v[0].display, STEAM_TOOL_DISPLAY);
	assert_string_equal(tl.v[0].from_os, "windows");
	assert_string_equal(tl.v[1].internal, STEAM_NATIVE_NAME);
	assert_string_equal(tl.v[1].to_os, "linux");
	assert_string_equal(tl.v[1].dir, at("Steam/compatibilitytools.d/mvgal/native"));
	steam_compat_tool_list_release(&tl);
	struct steam_tool_manifest m;
	struct steam_diag d;
	assert_int_equal(steam_tool_manifest_read(f.dir, &m, &d), 0);
	assert_string_equal(m.commandline, "/mvgal-launch %verb%");
	assert_string_equal(m.require_appid, ""); /* we start the runtime ourselves */
	assert_int_equal(
		steam_tool_manifest_read(at("Steam/compatibilitytools.d/mvgal/native"), &m, &d), 0);
	assert_string_equal(m.commandline, "/mvgal-launch --native %verb%");
	ssize_t n = readlink(at("Steam/compatibilitytools.d/mvgal/mvgal-launch"), link,
			     sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, at("bin/mvgal-launch"));
	n = readlink(at("Steam/compatibilitytools.d/mvgal/native/mvgal-launch"), link,
		     sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, "../mvgal-launch");
	assert_true(no_dir_of(at("Steam/compatibilitytools.d"), ".mvgal."));
	strv_release(&f.notes);
}

static void test_steam_tool_folder_reinstall_keeps_the_users_files_and_fails_whole(void **state)
{
	(void)state;
	struct steam_tool_folder f = folder();
	struct stat st;
	int calls = 0;
	assert_int_equal(steam_tool_folder_install(&f), 0);
	write_text("Steam/compatibilitytools.d/mvgal/user-notes.txt", "mine\n");
	/* Flatpak Steam: a copy of the program, executable */
	f.is_copy = true;
	assert_int_equal(steam_tool_folder_install(&f), 0);
	assert_true(fs_is_file(at("Steam/compatibilitytools.d/mvgal/user-notes.txt")));
	assert_int_equal(lstat(at("Steam/compatibilitytools.d/mvgal/mvgal-launch"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_true(no_dir_of(at("Steam/compatibilitytools.d"), ".mvgal."));
	/* a failure while staging: the old folder stays as it was, no stage is left */
	f.is_copy = false;
	f.stage_more = failing_stage;
	f.ctx = &calls;
	assert_int_equal(steam_tool_folder_install(&f), -EIO);
	assert_int_equal(calls, 1);
	assert_int_equal(lstat(at("Steam/compatibilitytools.d/mvgal/mvgal-launch"), &st), 0);
	assert_true(S_ISREG(st.st_mode)); /* still the copy */
	assert_true(fs_is_file(at("Steam/compatibilitytools.d/mvgal/user-notes.txt")));
	assert_true(no_dir_of(at("Steam/compatibilitytools.d"), ".mvgal."));
	strv_release(&f.notes);
}

static void test_steam_tool_folder_uninstall_leaves_only_the_users_files(void **state)
{
	(void)state;
	struct steam_tool_folder f = folder();
	char parent[PATH_MAX];
	assert_int_equal(steam_tool_folder_parent(f.dir, parent), 0);
	assert_string_equal(parent, at("Steam/compatibilitytools.d"));
	assert_int_equal(steam_tool_folder_parent("/mvgal", parent), -EINVAL);
	assert_int_equal(steam_tool_folder_install(&f), 0);
	assert_int_equal(steam_tool_folder_uninstall(f.dir, at("Steam/compatibilitytools.d")), 0);
	assert_false(fs_is_dir(f.dir));
	assert_int_equal(steam_tool_folder_install(&f), 0);
	write_text("Steam/compatibilitytools.d/mvgal/user-notes.txt", "mine\n");
	assert_int_equal(steam_tool_folder_uninstall(f.dir, at("Steam/compatibilitytools.d")),
			 -ENOTEMPTY);
	assert_true(fs_is_file(at("Steam/compatibilitytools.d/mvgal/user-notes.txt")));
	assert_false(fs_is_file(at("Steam/compatibilitytools.d/mvgal/compatibilitytool.vdf")));
	assert_true(no_dir_of(at("Steam/compatibilitytools.d"), ".mvgal."));
	strv_release(&f.notes);
}

static void test_steam_tool_folder_strays_of_a_killed_install(void **state)
{
	(void)state;
	struct strv notes = { 0 };
	write_text("Steam/compatibilitytools.d/.mvgal.Ab12Cd/compatibilitytool.vdf", "x");
	write_text("Steam/compatibilitytools.d/.mvgal.Ef34Gh/mine.txt", "x");
	write_text("Steam/compatibilitytools.d/.mvgal.toolong1/toolmanifest.vdf", "x");
	assert_int_equal(steam_tool_folder_strays(at("Steam/compatibilitytools.d"), &notes), 0);
	assert_false(fs_is_dir(at("Steam/compatibilitytools.d/.mvgal.Ab12Cd")));
	assert_true(fs_is_file(at("Steam/compatibilitytools.d/.mvgal.Ef34Gh/mine.txt")));
	assert_true(fs_is_dir(at("Steam/compatibilitytools.d/.mvgal.toolong1"))); /* not ours */
	assert_int_equal(notes.n, 1);
	assert_non_null(strstr(notes.v[0], "note: "));
	assert_non_null(strstr(notes.v[0], "/.mvgal.Ef34Gh holds files mvgal-launch did not write; "
					   "left in place"));
	strv_release(&notes);
}

/* A note names a path the user chose (a Steam library or STEAM_EXTRA_COMPAT_TOOLS_PATHS folder):
 * what it holds reaches the terminal escaped, never as ESC or a second line. */
static void test_steam_tool_folder_strays_note_escapes_the_path(void **state)
{
	(void)state;
	struct strv notes = { 0 };
	write_text("tools\x1b]0;pwned\a\nline/.mvgal.Ef34Gh/mine.txt", "x");
	assert_int_equal(steam_tool_folder_strays(at("tools\x1b]0;pwned\a\nline"), &notes), 0);
	assert_int_equal(notes.n, 1);
	assert_false(text_has_control(notes.v[0]));
	assert_non_null(strstr(notes.v[0], "/tools\\x1b]0;pwned\\x07\\nline/.mvgal.Ef34Gh holds"));
	strv_release(&notes);
}

static void test_steam_tool_folder_copy_libs_files_modes_relative_links(void **state)
{
	(void)state;
	struct stat st;
	char link[PATH_MAX];
	mkdirs("stage");
	assert_int_equal(steam_tool_folder_copy_libs(at("prefix"), at("stage")), -ENOENT);
	write_text("prefix/lib/mvgal/libVkLayer_MVGAL_multigpu.so", "ELF64");
	assert_int_equal(chmod(at("prefix/lib/mvgal/libVkLayer_MVGAL_multigpu.so"), 0755), 0);
	write_text("prefix/lib32/mvgal/gl/i686/libmvgal_gl.so", "ELF32");
	assert_int_equal(symlink("i686", at("prefix/lib32/mvgal/gl/i386")), 0);
	assert_int_equal(symlink("/usr/lib/libc.so.6", at("prefix/lib32/mvgal/gl/abs")), 0);
	assert_int_equal(steam_tool_folder_copy_libs(at("prefix"), at("stage")), 0);
	assert_int_equal(stat(at("stage/lib/mvgal/libVkLayer_MVGAL_multigpu.so"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_true(fs_is_file(at("stage/lib32/mvgal/gl/i686/libmvgal_gl.so")));
	ssize_t n = readlink(at("stage/lib32/mvgal/gl/i386"), link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, "i686");
	/* an absolute link names a host path the sandbox cannot see: left out */
	assert_int_equal(lstat(at("stage/lib32/mvgal/gl/abs"), &st), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
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
		cmocka_unit_test(test_steam_tool_default_is_entry_0_else_steams_own),
		cmocka_unit_test(test_steam_tool_mapping_of_a_mapping_that_is_a_value_is_null),
		cmocka_unit_test(test_steam_tool_why_text_names_each_reason),
		T(test_steam_roots_find_resolves_links_and_drops_duplicates),
		T(test_steam_roots_select_refuses_a_folder_that_is_no_root),
		T(test_steam_libraries_root_first_then_libraryfolders),
		T(test_steam_libraries_bad_file_is_named_with_its_line),
		T(test_steam_app_dir_reads_the_appmanifest),
		T(test_steam_shortcuts_of_every_user),
		T(test_steam_title_resolve_across_roots_shortcuts_and_the_db),
		T(test_steam_title_resolve_an_executable_before_a_part_of_a_name),
		T(test_steam_compat_tools_scan_every_way_steam_accepts),
		T(test_steam_tool_dirs_root_system_then_extra),
		T(test_steam_tools_by_steam_name),
		T(test_steam_flatpak_app_dir),
		T(test_steam_flatpak_app_id_from_the_environment_then_the_sandbox_file),
		T(test_steam_flatpak_xdg_defaults_fill_only_what_is_not_absolute),
		T(test_steam_is_running_reads_the_pid_file),
		T(test_steam_proton_choose_newest_usable_and_names),
		T(test_steam_proton_missing_build_is_an_error_listing_the_installed),
		cmocka_unit_test(test_steam_mapping_set_changes_only_the_name_byte_for_byte),
		cmocka_unit_test(test_steam_mapping_set_new_entry_spelt_as_its_siblings),
		cmocka_unit_test(test_steam_mapping_is_same_value_means_no_change),
		cmocka_unit_test(test_steam_mapping_remove_ours_and_check),
		T(test_steam_config_write_rotates_backups_and_keeps_steams_original),
		T(test_steam_config_write_names_the_backup_it_could_not_write),
		T(test_steam_tool_folder_install_lists_both_tools_as_steam_reads_them),
		T(test_steam_tool_folder_reinstall_keeps_the_users_files_and_fails_whole),
		T(test_steam_tool_folder_uninstall_leaves_only_the_users_files),
		T(test_steam_tool_folder_strays_of_a_killed_install),
		T(test_steam_tool_folder_strays_note_escapes_the_path),
		T(test_steam_tool_folder_copy_libs_files_modes_relative_links),

	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

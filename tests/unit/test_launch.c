// SPDX-License-Identifier: MIT
// Unit tests of the launch pipeline (launcher/launch_internal.h, linked from
// libmvgal_launcher.a): identify, resolve the profile, compose the environment and build argv
// for a wrapper-mode command, the way launch_exec() does before its side effects. The pipeline
// reads the environment it is given (launch_init), never the process's.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/fs.h"
#include "launcher/launch_internal.h"
#include "launcher/launcher.h"

static char tmpdir[] = "/tmp/mvgal-test-launch-XXXXXX";

static int setup(void **state)
{
	char dir[sizeof(tmpdir) + 16];

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	/* the pipeline reads the user's folders from the environment it is given; the process's
	 * point into the temp dir too, so that nothing a test misses reaches the real ones */
	snprintf(dir, sizeof(dir), "%s/config", tmpdir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(dir, sizeof(dir), "%s/state", tmpdir);
	setenv("XDG_STATE_HOME", dir, 1);
	snprintf(dir, sizeof(dir), "%s/data", tmpdir);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("HOME", tmpdir, 1);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Runs the pipeline with the options o and the environment envp; 0 or its error. */
static int pipeline(struct launch *l, struct launch_opts *o, char **envp)
{
	struct launch_err e = { { 0 } };
	int rc;

	assert_int_equal(launch_init(l, o, envp), 0);
	launch_identify(l);
	rc = launch_resolve_profile(l, &e);
	if (rc == 0)
		rc = launch_compose_env(l, &e);
	if (rc == 0)
		rc = launch_build_argv(l, &e);
	return rc;
}

/* Runs the pipeline in wrapper mode for cmd with the environment envp; 0 or its error. */
static int wrap(struct launch *l, struct launch_opts *o, char **cmd, int n_cmd, char **envp)
{
	*o = (struct launch_opts){ .cmd = cmd, .n_cmd = n_cmd };
	return pipeline(l, o, envp);
}

/* `mvgal-launch ARGS...` (wrapper mode) with the environment envp; 0 or its error. */
static int wrap_args(struct launch *l, struct launch_opts *o, char **args, char **envp)
{
	struct launch_err e = { { 0 } };
	int n = 0;

	while (args[n])
		n++;
	*o = (struct launch_opts){ 0 };
	assert_int_equal(launch_parse_wrapper(n, args, o, &e), 0);
	return pipeline(l, o, envp);
}

/* Wrapper mode: the command byte-exact and in order, the layer on, the title from the given
 * environment's SteamAppId (what Steam sets for a title's launch options). */
static void test_launch_wrapper_mode_keeps_the_command_and_turns_the_layer_on(void **state)
{
	char *cmd[] = { "/usr/games/game", "--arg with blank", "", "\x1b[2J", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", "SteamAppId=440", "LANG=C.UTF-8", NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	assert_int_equal(wrap(&l, &o, cmd, 4, envp), 0);
	assert_string_equal(l.appid, "440");
	assert_string_equal(l.exe, "game");
	assert_int_equal(l.argv.n, 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(l.argv.v[i], cmd[i]);
	assert_null(l.argv.v[4]);
	assert_string_equal(env_get(&l.env, "ENABLE_MVGAL"), "1");
	assert_null(env_get(&l.env, "DISABLE_MVGAL"));
	assert_string_equal(env_get(&l.env, "LANG"), "C.UTF-8");
	assert_null(l.env.v[l.env.n]);
	launch_release(&l);
}

/* The pipeline reads the environment it was given, not the process's: another SteamAppId and
 * an LD_PRELOAD in the process's environment reach neither the title nor the game. */
static void test_launch_reads_the_given_environment_not_getenv(void **state)
{
	char *cmd[] = { "/usr/games/game", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", "SteamAppId=440", NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	setenv("SteamAppId", "999", 1);
	setenv("STEAM_COMPAT_APP_ID", "998", 1);
	setenv("LD_PRELOAD", "/proc/self/not-given.so", 1);
	assert_int_equal(wrap(&l, &o, cmd, 1, envp), 0);
	unsetenv("LD_PRELOAD");
	unsetenv("SteamAppId");
	unsetenv("STEAM_COMPAT_APP_ID");
	assert_string_equal(l.appid, "440");
	const char *pre = env_get(&l.env, "LD_PRELOAD");
	assert_true(!pre || !strstr(pre, "not-given"));
	assert_string_equal(env_get(&l.env, "PATH"), "/usr/bin:/bin");
	launch_release(&l);
}

/* A DB entry that sets LD_PRELOAD (tests/data/compat/hostile.db, [116]) never reaches the game:
 * LD_PRELOAD's given entries stay first and in order, LD_LIBRARY_PATH and PATH unchanged. */
static void test_launch_db_values_never_reach_preload_library_path_or_path(void **state)
{
	char *cmd[] = { "/usr/games/game", NULL };
	char *envp[] = { "PATH=/opt/game/bin:/usr/bin",
			 "LD_LIBRARY_PATH=/opt/game/lib",
			 "LD_PRELOAD=/usr/lib/libgiven.so /usr/lib/libsecond.so",
			 "SteamAppId=116",
			 "MVGAL_DB=tests/data/compat/hostile.db",
			 NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	assert_int_equal(wrap(&l, &o, cmd, 1, envp), 0);
	assert_non_null(l.db); /* the given environment's MVGAL_DB */
	assert_string_equal(l.appid, "116");
	const char *pre = env_get(&l.env, "LD_PRELOAD");
	assert_non_null(pre);
	assert_null(strstr(pre, "evil"));
	assert_true(!strncmp(pre, "/usr/lib/libgiven.so /usr/lib/libsecond.so",
			     strlen("/usr/lib/libgiven.so /usr/lib/libsecond.so")));
	assert_string_equal(env_get(&l.env, "LD_LIBRARY_PATH"), "/opt/game/lib");
	assert_string_equal(env_get(&l.env, "PATH"), "/opt/game/bin:/usr/bin");
	for (size_t i = 0; i < l.env.n; i++)
		assert_null(strstr(l.env.v[i], "/tmp/evil.so"));
	launch_release(&l);
}

/* ---- the given environment's folders, Steam's verbs, MangoHud --------------------------------- */

/* tmpdir/rel, made with its folders, holding text (mode: chmod'ed when not 0). */
static const char *put(const char *rel, const char *text, int mode)
{
	static char path[PATH_MAX];
	char dir[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(fs_mkdirs(dir), 0);
	assert_int_equal(write_atomic(path, text, strlen(text)), 0);
	if (mode)
		assert_int_equal(chmod(path, (mode_t)mode), 0);
	return path;
}

/* "NAME=tmpdir/rel", kept until the end of the test run (envp entries) */
static char *var(const char *name, const char *rel)
{
	char *kv = NULL;
	assert_true(asprintf(&kv, "%s=%s/%s", name, tmpdir, rel) > 0);
	return kv;
}

/* A launch's own environment names the user's folders (Steam passes its own; `sudo -E` or a
 * wrapper may differ from this process's): profiles, telemetry and launch.log follow it. */
static void test_launch_xdg_folders_come_from_the_given_environment(void **state)
{
	char *cmd[] = { "/usr/games/game", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin",
			 "SteamAppId=440",
			 var("HOME", "given"),
			 var("XDG_CONFIG_HOME", "given/.config"),
			 var("XDG_STATE_HOME", "given/.local/state"),
			 NULL };
	char want[PATH_MAX];
	struct launch_opts o;
	struct launch l;

	(void)state;
	put("given/.config/mvgal/profiles/440.ini", "[frame]\nfps = 48\ntelemetry = on\n", 0);
	assert_int_equal(wrap(&l, &o, cmd, 1, envp), 0);
	assert_non_null(env_get(&l.env, "MVGAL_FPS"));
	assert_string_equal(env_get(&l.env, "MVGAL_FPS"), "48");
	snprintf(want, sizeof(want), "%s/given/.local/state/mvgal/", tmpdir);
	assert_non_null(env_get(&l.env, "MVGAL_TELEMETRY"));
	assert_true(!strncmp(env_get(&l.env, "MVGAL_TELEMETRY"), want, strlen(want)));
	assert_non_null(env_get(&l.env, "MVGAL_LAUNCH_LOG"));
	assert_true(!strncmp(env_get(&l.env, "MVGAL_LAUNCH_LOG"), want, strlen(want)));
	launch_release(&l);
	for (int i = 2; i < 5; i++)
		free(envp[i]);
}

/*
 * Steam runs the tool as `mvgal-launch waitforexitandrun /path/Game.exe args` with
 * STEAM_COMPAT_CLIENT_INSTALL_PATH naming its root (DESIGN.md section 3): the chain is the
 * runtime Proton 9.0 asks for (toolmanifest.vdf's require_tool_appid 1628350, sniper), then
 * Proton with the verb, then the game's argv byte for byte. The root comes from the given
 * environment: this process's HOME has no Steam.
 */
static void test_launch_steam_verb_runs_the_runtime_then_proton_of_the_given_root(void **state)
{
	char *cmd[] = { "/games/Game Dir/Game.exe", "-dx11", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin",
			 "SteamAppId=440",
			 "STEAM_COMPAT_APP_ID=440",
			 var("STEAM_COMPAT_CLIENT_INSTALL_PATH", "Steam"),
			 var("STEAM_COMPAT_DATA_PATH", "Steam/steamapps/compatdata/440"),
			 var("HOME", "nosteam"),
			 var("XDG_CONFIG_HOME", "nosteam/.config"),
			 var("XDG_STATE_HOME", "nosteam/.local/state"),
			 NULL };
	char root[PATH_MAX], want[2][PATH_MAX + 128];
	struct launch_opts o = { .verb = "waitforexitandrun", .cmd = cmd, .n_cmd = 2 };
	struct launch_err e = { { 0 } };
	struct launch l;

	(void)state;
	/* shapes of tests/data/steam: Valve Proton 9.0's and sniper's toolmanifest.vdf */
	put("Steam/steamapps/common/Proton 9.0/toolmanifest.vdf",
	    "\"manifest\"\n{\n  \"version\" \"2\"\n  \"commandline\" \"/proton %verb%\"\n"
	    "  \"require_tool_appid\" \"1628350\"\n  \"use_sessions\" \"1\"\n"
	    "  \"compatmanager_layer_name\" \"proton\"\n}\n",
	    0);
	put("Steam/steamapps/common/Proton 9.0/proton", "#!/usr/bin/env python3\n", 0755);
	put("Steam/steamapps/appmanifest_1628350.acf",
	    "\"AppState\"\n{\n\t\"appid\"\t\t\"1628350\"\n\t\"name\"\t\t\"Steam Linux Runtime 3.0 "
	    "(sniper)\"\n\t\"installdir\"\t\t\"SteamLinuxRuntime_sniper\"\n}\n",
	    0);
	put("Steam/steamapps/common/SteamLinuxRuntime_sniper/toolmanifest.vdf",
	    "\"manifest\"\n{\n  \"commandline\" \"/_v2-entry-point --verb=%verb% --\"\n"
	    "  \"version\" \"2\"\n  \"use_tool_subprocess_reaper\" \"1\"\n  \"unlisted\" \"1\"\n"
	    "  \"compatmanager_layer_name\" \"container-runtime\"\n}\n",
	    0);
	put("Steam/steamapps/common/SteamLinuxRuntime_sniper/_v2-entry-point", "#!/bin/sh\n", 0755);
	put("nosteam/.config/mvgal/profiles/440.ini", "[launch]\nproton = Proton 9.0\n", 0);
	unsetenv("STEAM_COMPAT_CLIENT_INSTALL_PATH");
	assert_int_equal(launch_init(&l, &o, envp), 0);
	launch_identify(&l);
	assert_int_equal(launch_resolve_profile(&l, &e), 0);
	assert_int_equal(launch_compose_env(&l, &e), 0);
	int rc = launch_build_argv(&l, &e);
	if (rc)
		fail_msg("%s", e.msg);
	assert_non_null(realpath(put("Steam/steamapps/x", "", 0), root));
	*strstr(root, "/steamapps/x") = '\0';
	snprintf(want[0], sizeof(want[0]),
		 "%s/steamapps/common/SteamLinuxRuntime_sniper/_v2-entry-point", root);
	snprintf(want[1], sizeof(want[1]), "%s/steamapps/common/Proton 9.0/proton", root);
	assert_int_equal(l.argv.n, 7);
	assert_string_equal(l.argv.v[0], want[0]);
	assert_string_equal(l.argv.v[1], "--verb=waitforexitandrun");
	assert_string_equal(l.argv.v[2], "--");
	assert_string_equal(l.argv.v[3], want[1]);
	assert_string_equal(l.argv.v[4], "waitforexitandrun");
	assert_string_equal(l.argv.v[5], "/games/Game Dir/Game.exe");
	assert_string_equal(l.argv.v[6], "-dx11");
	assert_string_equal(l.proton, "Proton 9.0");
	assert_string_equal(env_get(&l.env, "ENABLE_MVGAL"), "1");
	launch_release(&l);
	for (int i = 3; i < 8; i++)
		free(envp[i]);
}

/* The GPU tree, the compat DB and pci.ids are the given environment's (MVGAL_SYSFS_ROOT,
 * MVGAL_DB, MVGAL_PCI_IDS), not this process's: a hybrid laptop's tree
 * (tests/data/sysfs/intel_nvidia_laptop) steers OpenGL to the NVIDIA GPU by PRIME offload. */
static void test_launch_gpu_tree_and_db_come_from_the_given_environment(void **state)
{
	char *cmd[] = { "/usr/games/game", NULL };
	char cwd[PATH_MAX], *sysfs = NULL;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_true(asprintf(&sysfs, "MVGAL_SYSFS_ROOT=%s/tests/data/sysfs/intel_nvidia_laptop",
			     cwd) > 0);
	char *envp[] = { "PATH=/usr/bin:/bin",
			 "SteamAppId=116",
			 "MVGAL_GPU=nvidia",
			 "MVGAL_DB=tests/data/compat/hostile.db",
			 sysfs,
			 NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	setenv("MVGAL_SYSFS_ROOT", "/nonexistent", 1);
	setenv("MVGAL_DB", "/nonexistent/compat.db", 1);
	int rc = wrap(&l, &o, cmd, 1, envp);
	unsetenv("MVGAL_SYSFS_ROOT");
	unsetenv("MVGAL_DB");
	assert_int_equal(rc, 0);
	assert_non_null(env_get(&l.env, "__NV_PRIME_RENDER_OFFLOAD"));
	assert_string_equal(env_get(&l.env, "__NV_PRIME_RENDER_OFFLOAD"), "1");
	assert_string_equal(env_get(&l.env, "__GLX_VENDOR_LIBRARY_NAME"), "nvidia");
	assert_non_null(l.db);
	launch_release(&l);
	free(sysfs);
}

/* A Steam root where title 440 runs mvgal-launch and Valve's Proton 9.0 is installed (shapes of
 * tests/data/steam), and set-tool's memory of the tool 440 ran before, in the given
 * environment's XDG_STATE_HOME (~/.local/state/mvgal/set-tool.vdf, as set-tool writes it). */
static void steam_root_with_memory(const char *before)
{
	char cfg[PATH_MAX], text[2 * PATH_MAX];
	put("Steam/steamapps/common/Proton 9.0/toolmanifest.vdf",
	    "\"manifest\"\n{\n  \"version\" \"2\"\n  \"commandline\" \"/proton %verb%\"\n}\n", 0);
	put("Steam/steamapps/common/Proton 9.0/proton", "#!/usr/bin/env python3\n", 0755);
	const char *path = put("Steam/config/config.vdf",
			       "\"InstallConfigStore\"\n{\n\t\"Software\"\n\t{"
			       "\n\t\t\"Valve\"\n\t\t{\n\t\t\t\"Steam\"\n"
			       "\t\t\t{\n\t\t\t\t\"CompatToolMapping\"\n\t\t\t\t{"
			       "\n\t\t\t\t\t\"440\"\n\t\t\t\t\t{\n"
			       "\t\t\t\t\t\t\"name\"\t\t\"mvgal\"\n\t\t\t\t\t\t\"config\"\t\t\"\"\n"
			       "\t\t\t\t\t\t\"priority\"\t\t\"250\"\n\t\t\t\t\t}\n\t\t\t\t}"
			       "\n\t\t\t}\n\t\t}\n\t}\n}\n",
			       0);
	assert_non_null(realpath(path, cfg));
	snprintf(text, sizeof(text),
		 "\"set-tool\"\n{\n\t\"%s\"\n\t{\n\t\t\"440\"\n\t\t{\n\t\t\t\"name\"\t\t\"%s\"\n"
		 "\t\t\t\"config\"\t\t\"\"\n\t\t}\n\t}\n}\n",
		 cfg, before);
	put("given/.local/state/mvgal/set-tool.vdf", text, 0);
}

/* The tool a title ran before mvgal-launch comes from set-tool's memory in the given
 * environment's state folder; a build that is not installed is named with the fix in the given
 * environment's profile folder. */
static void test_launch_proton_choice_reads_the_given_environments_folders(void **state)
{
	char *cmd[] = { "/games/Game.exe", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin",
			 "SteamAppId=440",
			 var("STEAM_COMPAT_CLIENT_INSTALL_PATH", "Steam"),
			 var("HOME", "given"),
			 var("XDG_CONFIG_HOME", "given/.config"),
			 var("XDG_STATE_HOME", "given/.local/state"),
			 NULL };
	char want[PATH_MAX + 64];
	struct launch_opts o = { .verb = "waitforexitandrun", .cmd = cmd, .n_cmd = 1 };
	struct launch_err e = { { 0 } };
	struct launch l;

	(void)state;
	steam_root_with_memory("proton_9");
	assert_int_equal(launch_init(&l, &o, envp), 0);
	launch_identify(&l);
	assert_int_equal(launch_resolve_profile(&l, &e), 0);
	assert_int_equal(launch_compose_env(&l, &e), 0);
	if (launch_build_argv(&l, &e))
		fail_msg("%s", e.msg);
	assert_string_equal(l.proton, "Proton 9.0");
	launch_release(&l);
	/* remembered: a build that is not here; the fix names the given profile folder */
	steam_root_with_memory("proton_8");
	assert_int_equal(launch_init(&l, &o, envp), 0);
	launch_identify(&l);
	assert_int_equal(launch_resolve_profile(&l, &e), 0);
	assert_int_equal(launch_compose_env(&l, &e), 0);
	assert_true(launch_build_argv(&l, &e) < 0);
	snprintf(want, sizeof(want), "%s/given/.config/mvgal/profiles/440.ini", tmpdir);
	if (!strstr(e.msg, want))
		fail_msg("%s names no %s", e.msg, want);
	launch_release(&l);
	for (int i = 2; i < 6; i++)
		free(envp[i]);
}

/*
 * `mvgal-launch -- mangohud %command%`, or MangoHud's library already in LD_PRELOAD: MangoHud's
 * OpenGL hook calls the driver itself, so our OpenGL library goes before it (after Steam's
 * overlay), MangoHud stays in the chain as the command's first word, and our variables are set
 * for the whole chain.
 */
static void test_launch_mangohud_in_the_chain_our_preload_goes_before_it(void **state)
{
	char *cmd[] = { "mangohud", "/usr/games/game", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", "SteamAppId=440", "MANGOHUD=1",
			 "LD_PRELOAD=/home/u/.local/share/Steam/ubuntu12_64/gameoverlayrenderer.so:"
			 "/usr/lib/x86_64-linux-gnu/mangohud/libMangoHud_shim.so",
			 NULL };
	char exe_dir[PATH_MAX], lib[PATH_MAX + 64], want[3 * PATH_MAX];
	struct launch_opts o;
	struct launch l;

	(void)state;
	/* our library where launch_gl_env() looks: <the program's folder>/lib/mvgal */
	ssize_t n = readlink("/proc/self/exe", exe_dir, sizeof(exe_dir) - 1);
	assert_true(n > 0);
	exe_dir[n] = '\0';
	*strrchr(exe_dir, '/') = '\0';
	snprintf(lib, sizeof(lib), "%s/lib/mvgal/libmvgal_gl.so", exe_dir);
	char dir[PATH_MAX + 64];
	snprintf(dir, sizeof(dir), "%s/lib/mvgal", exe_dir);
	assert_int_equal(fs_mkdirs(dir), 0);
	assert_int_equal(write_atomic(lib, "", 0), 0);
	int rc = wrap(&l, &o, cmd, 2, envp);
	unlink(lib);
	rmdir(dir);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	assert_int_equal(rc, 0);
	snprintf(want, sizeof(want),
		 "/home/u/.local/share/Steam/ubuntu12_64/gameoverlayrenderer.so:%s:"
		 "/usr/lib/x86_64-linux-gnu/mangohud/libMangoHud_shim.so",
		 lib);
	assert_string_equal(env_get(&l.env, "LD_PRELOAD"), want);
	assert_true(l.is_gl_preload);
	assert_string_equal(l.argv.v[0], "mangohud");
	assert_string_equal(l.argv.v[1], "/usr/games/game");
	assert_string_equal(env_get(&l.env, "MANGOHUD"), "1");
	assert_string_equal(env_get(&l.env, "ENABLE_MVGAL"), "1");
	launch_release(&l);
}

/* ---- the HUD (issue 29) ------------------------------------------------------------------- */

/* `--hud` alone turns the HUD on, `--hud=off` turns a profile's off (no MVGAL_HUD* at all), a
 * given MVGAL_HUD=1 reaches the game;
 * where the fps target came from reaches the layer as MVGAL_FPS_FROM: the option, the variable,
 * or a profile's file name and line, never a path (the HUD's pacer line shows it; the layer
 * must never be handed a file to open). */
static void test_launch_hud_option_and_the_fps_source(void **state)
{
	char *hud_on[] = { "--hud", "--fps=72", "--", "/usr/games/game", NULL };
	char *hud_off[] = { "--hud=off", "--", "/usr/games/game", NULL };
	char *plain[] = { "--", "/usr/games/game", NULL };
	char *envp[] = { "PATH=/usr/bin:/bin", "SteamAppId=1245620", var("HOME", "hud"),
			 var("XDG_CONFIG_HOME", "hud/.config"), NULL };
	char *by_var[] = { "PATH=/usr/bin:/bin",
			   "SteamAppId=440",
			   "MVGAL_HUD=1",
			   "MVGAL_FPS=60",
			   "MVGAL_FPS_FROM=/etc/passwd",
			   NULL };
	char *no_target[] = { "PATH=/usr/bin:/bin", "SteamAppId=440", "MVGAL_FPS_FROM=/etc/passwd",
			      NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	assert_int_equal(wrap_args(&l, &o, hud_on, envp), 0);
	assert_string_equal(env_get(&l.env, "MVGAL_HUD"), "1");
	assert_string_equal(env_get(&l.env, "MVGAL_FPS"), "72");
	assert_string_equal(env_get(&l.env, "MVGAL_FPS_FROM"), "--fps");
	launch_release(&l);

	/* the title's profile as a user writes it (docs/hud.md): the target on line 3 */
	put("hud/.config/mvgal/profiles/1245620.ini",
	    "[frame]\n; a 144 Hz display\nfps = refresh/2\nhud = on\nhud_position = bottom-right\n",
	    0);
	assert_int_equal(wrap_args(&l, &o, plain, envp), 0);
	assert_string_equal(env_get(&l.env, "MVGAL_FPS_FROM"), "1245620.ini:3");
	assert_string_equal(env_get(&l.env, "MVGAL_HUD"), "1");
	assert_string_equal(env_get(&l.env, "MVGAL_HUD_POSITION"), "bottom-right");
	launch_release(&l);
	assert_int_equal(wrap_args(&l, &o, hud_off, envp), 0);
	assert_null(env_get(&l.env, "MVGAL_HUD")); /* off: the variable is not set at all */
	assert_null(env_get(&l.env, "MVGAL_HUD_POSITION"));
	launch_release(&l);

	/* the variables: the HUD on, the target's source is the variable, not what was given */
	assert_int_equal(wrap_args(&l, &o, plain, by_var), 0);
	assert_string_equal(env_get(&l.env, "MVGAL_HUD"), "1");
	assert_string_equal(env_get(&l.env, "MVGAL_FPS_FROM"), "MVGAL_FPS");
	launch_release(&l);
	/* no target: no source, and a given MVGAL_FPS_FROM never reaches the game */
	assert_int_equal(wrap_args(&l, &o, plain, no_target), 0);
	assert_null(env_get(&l.env, "MVGAL_FPS_FROM"));
	launch_release(&l);
	for (int i = 2; i < 4; i++)
		free(envp[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launch_wrapper_mode_keeps_the_command_and_turns_the_layer_on),
		cmocka_unit_test(test_launch_reads_the_given_environment_not_getenv),
		cmocka_unit_test(test_launch_db_values_never_reach_preload_library_path_or_path),
		cmocka_unit_test(test_launch_xdg_folders_come_from_the_given_environment),
		cmocka_unit_test(test_launch_steam_verb_runs_the_runtime_then_proton_of_the_given_root),
		cmocka_unit_test(test_launch_mangohud_in_the_chain_our_preload_goes_before_it),
		cmocka_unit_test(test_launch_hud_option_and_the_fps_source),
		cmocka_unit_test(test_launch_gpu_tree_and_db_come_from_the_given_environment),
		cmocka_unit_test(test_launch_proton_choice_reads_the_given_environments_folders),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

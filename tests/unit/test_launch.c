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
#include <unistd.h>

#include <cmocka.h>

#include "launcher/launch_internal.h"
#include "launcher/launcher.h"

static char tmpdir[] = "/tmp/mvgal-test-launch-XXXXXX";

static int setup(void **state)
{
	char dir[sizeof(tmpdir) + 16];

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	/* profiles, launch.log and telemetry go to the temp dir (read through getenv by
	 * common/fs: the user's folders, not the game's environment) */
	snprintf(dir, sizeof(dir), "%s/config", tmpdir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(dir, sizeof(dir), "%s/state", tmpdir);
	setenv("XDG_STATE_HOME", dir, 1);
	snprintf(dir, sizeof(dir), "%s/data", tmpdir);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("HOME", tmpdir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rmdir(tmpdir);
	return 0;
}

/* Runs the pipeline in wrapper mode for cmd with the environment envp; 0 or its error. */
static int wrap(struct launch *l, struct launch_opts *o, char **cmd, int n_cmd, char **envp)
{
	struct launch_err e = { { 0 } };
	int rc;

	*o = (struct launch_opts){ .cmd = cmd, .n_cmd = n_cmd };
	assert_int_equal(launch_init(l, o, envp), 0);
	launch_identify(l);
	rc = launch_resolve_profile(l, &e);
	if (rc == 0)
		rc = launch_compose_env(l, &e);
	if (rc == 0)
		rc = launch_build_argv(l, &e);
	return rc;
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
	char *envp[] = { "PATH=/opt/game/bin:/usr/bin", "LD_LIBRARY_PATH=/opt/game/lib",
			 "LD_PRELOAD=/usr/lib/libgiven.so /usr/lib/libsecond.so", "SteamAppId=116",
			 NULL };
	struct launch_opts o;
	struct launch l;

	(void)state;
	setenv("MVGAL_DB", "tests/data/compat/hostile.db", 1);
	assert_int_equal(wrap(&l, &o, cmd, 1, envp), 0);
	unsetenv("MVGAL_DB");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launch_wrapper_mode_keeps_the_command_and_turns_the_layer_on),
		cmocka_unit_test(test_launch_reads_the_given_environment_not_getenv),
		cmocka_unit_test(test_launch_db_values_never_reach_preload_library_path_or_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

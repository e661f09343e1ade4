// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the launcher's argv/env composition (launcher/options.c, launch.c,
 * launch_steps.c): option parsing, identify, profile resolution, environment and argv, i.e.
 * launch_exec() without its side effects (no mkdir, no log, no execve).
 *
 * Input (text, one item a line; a line "@NAME" starts a section):
 *   line 1        "wrap" (wrapper mode) or "verb VERB" (compat-tool mode, Steam's verb)
 *   @argv         wrap: the options and the command; verb: the game's command line
 *   @env          the environment, one raw entry a line (entries without '=' allowed)
 *   @default      $XDG_CONFIG_HOME/mvgal/default.ini
 *   @title        profiles/<appid>.ini (or <exe>.ini without an appid)
 *   @db           the compat DB ($MVGAL_DB)
 *   @cli          the file named by --profile
 * Everything lives in one temp dir (HOME, XDG_*, a fake Steam root with Proton and the sniper
 * runtime); the variables naming those places are forced to it, every other variable is fuzzed.
 *
 * Properties checked on every input (abort() on violation):
 *   - argv and envp are NULL-terminated; every env entry has a non-empty name and '=';
 *   - the command comes out byte-exact and in order: wrapper mode argv = CMD then the profile's
 *     launch.args; compat-tool mode argv = the Proton chain, then the game's arguments, then
 *     launch.args; a "--" after --opt=value options ends the options exactly there;
 *   - LD_PRELOAD, LD_LIBRARY_PATH and PATH come out exactly as they came in (same entries, same
 *     order): neither the DB nor a profile sets them;
 *   - every other new or changed variable is one the launcher owns (ENABLE_MVGAL/DISABLE_MVGAL,
 *     the layer's MVGAL_* variables, STEAM_COMPAT_TOOL_PATHS/LIBRARY_PATHS in compat-tool mode,
 *     MVGAL_PROTON with the resolved build for an inner mvgal-launch of Steam's chain)
 *     or a profile [env] entry whose name passes the [env] rules (the DB allowlist for DB ones),
 *     with the profile's value;
 *   - the layer is on (ENABLE_MVGAL=1, no DISABLE_MVGAL) or off (DISABLE_MVGAL=1, no MVGAL_*
 *     layer variables), as identify decided;
 *   - a telemetry setting from the DB is on/off only, never a path (the layer writes there);
 *   - a DB [env] entry is on the DB's exact list, its value holds none of / \ : ~ ? quotes $ `
 *     (no path in any Wine or Unix spelling), and the variable was unset in the environment;
 *     DB launch.args are options from the allow-list (a leading '-', no path characters, no
 *     '=value': issue 23).
 * ASan/UBSan catch reads past any buffer.
 */
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/launch_internal.h"
#include "launcher/launcher.h"
#include "profiles/profiles.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern char **environ;

#define MAX_ITEMS 512

static char tmp[PATH_MAX], steam_root[PATH_MAX], config_dir[PATH_MAX], db_path[PATH_MAX],
	cli_path[PATH_MAX];

/* Variables that name places: forced to the temp dir, never taken from the input. */
static const char *const forced[] = { "HOME",
				      "XDG_CONFIG_HOME",
				      "XDG_DATA_HOME",
				      "XDG_STATE_HOME",
				      "MVGAL_DB",
				      "STEAM_COMPAT_CLIENT_INSTALL_PATH",
				      "STEAM_EXTRA_COMPAT_TOOLS_PATHS" };
static char *forced_env[sizeof(forced) / sizeof(forced[0])];

/* Only runs to the last line: a failed check must leave stderr readable. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fflush(stderr);                                                            \
			fprintf(stderr, "fuzz_launch_env: %s:%d: check failed: %s\n", __FILE__,    \
				__LINE__, #cond);                                                  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return; // e.g. a title name over NAME_MAX: the launcher sees no file either
	if (len)
		fwrite(text, 1, len, f);
	fclose(f);
}

static void put(const char *rel, const char *text)
{
	char p[PATH_MAX], dir[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	snprintf(dir, sizeof(dir), "%s", p);
	*strrchr(dir, '/') = '\0';
	if (fs_mkdirs(dir) < 0)
		abort();
	write_file(p, text, strlen(text));
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0; // best effort: keep removing the rest
}

static void remove_tmp(void)
{
	nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *t = getenv("TMPDIR");
	snprintf(tmp, sizeof(tmp), "%s/fuzz_launch_env.XXXXXX", t && t[0] == '/' ? t : "/tmp");
	if (!mkdtemp(tmp))
		abort();
	atexit(remove_tmp);
	static const char *const manifest =
		"\"manifest\"\n{\n  \"version\" \"2\"\n  \"commandline\" \"/proton %verb%\"\n"
		"  \"require_tool_appid\" \"1628350\"\n}\n";
	put("steam/steamapps/common/Proton 9.0/proton", "#!/bin/sh\n");
	put("steam/steamapps/common/Proton 9.0/version", "1718000000 proton-9.0-2\n");
	put("steam/steamapps/common/Proton 9.0/toolmanifest.vdf", manifest);
	put("steam/steamapps/appmanifest_1628350.acf",
	    "\"AppState\"\n{\n  \"appid\" \"1628350\"\n  \"name\" \"Steam Linux Runtime 3.0 "
	    "(sniper)\"\n  \"installdir\" \"SteamLinuxRuntime_sniper\"\n}\n");
	put("steam/steamapps/common/SteamLinuxRuntime_sniper/toolmanifest.vdf",
	    "\"manifest\"\n{\n  \"commandline\" \"/_v2-entry-point --verb=%verb% --\"\n}\n");
	put("steam/compatibilitytools.d/GE-Proton9-20/proton", "#!/bin/sh\n");
	put("steam/compatibilitytools.d/GE-Proton9-20/toolmanifest.vdf",
	    "\"manifest\"\n{\n  \"commandline\" \"/proton %verb%\"\n}\n");
	put("steam/compatibilitytools.d/GE-Proton9-20/compatibilitytool.vdf",
	    "\"compatibilitytools\"\n{\n  \"compat_tools\"\n  {\n    \"GE-Proton9-20\"\n    {\n"
	    "      \"install_path\" \".\"\n      \"display_name\" \"GE-Proton9-20\"\n    }\n  "
	    "}\n}\n");
	put("config/mvgal/profiles/.keep", "");
	put("home/.keep", "");
	put("data/.keep", "");
	put("state/.keep", "");
	snprintf(steam_root, sizeof(steam_root), "%s/steam", tmp);
	snprintf(config_dir, sizeof(config_dir), "%s/config/mvgal", tmp);
	snprintf(db_path, sizeof(db_path), "%s/compat.db", tmp);
	snprintf(cli_path, sizeof(cli_path), "%s/cli.ini", tmp);
	const char *values[] = { "home", "config", "data", "state", "compat.db", "steam", "none" };
	for (size_t i = 0; i < sizeof(forced) / sizeof(forced[0]); i++)
		if (asprintf(&forced_env[i], "%s=%s/%s", forced[i], tmp, values[i]) < 0)
			abort();
	// The launcher's diagnostics for bad profiles would be most of the output: keep them in
	// stderr's buffer and drop them after each input (libFuzzer flushes its own lines).
	// glibc ignores the size without a buffer of ours.
	static char errbuf[1 << 20];
	setvbuf(stderr, errbuf, _IOFBF, sizeof(errbuf));
	return 0;
}

struct input {
	char *buf;  /* the input, NUL-terminated, lines split in place */
	char *verb; /* NULL: wrapper mode */
	char *argv[MAX_ITEMS + 1];
	int argc;
	char *env[MAX_ITEMS + sizeof(forced) / sizeof(forced[0]) + 1];
	size_t n_env;
	struct {
		const char *text;
		size_t len;
		bool is_present;
	} files[4]; /* default, title, db, cli */
};

static bool is_forced(const char *entry)
{
	for (size_t i = 0; i < sizeof(forced) / sizeof(forced[0]); i++) {
		size_t n = strlen(forced[i]);
		if (!strncmp(entry, forced[i], n) && entry[n] == '=')
			return true;
	}
	return false;
}

static void split(struct input *in, const uint8_t *data, size_t size)
{
	static const char *const names[] = { "@default", "@title", "@db", "@cli" };
	in->buf = malloc(size + 1);
	if (!in->buf)
		abort();
	memcpy(in->buf, data, size);
	in->buf[size] = '\0';
	char *s = in->buf, *end = in->buf + size;
	int section = -1; /* 0 argv, 1 env, 2.. files */
	size_t file_start = 0;
	for (bool is_first = true; s < end; is_first = false) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *line_end = nl ? nl : end;
		size_t len = (size_t)(line_end - s);
		int next = -2;
		if (len && s[0] == '@') {
			if (len == 5 && !memcmp(s, "@argv", 5))
				next = 0;
			else if (len == 4 && !memcmp(s, "@env", 4))
				next = 1;
			for (int k = 0; k < 4; k++)
				if (len == strlen(names[k]) && !memcmp(s, names[k], len))
					next = 2 + k;
		}
		if (next != -2 || is_first) {
			if (section >= 2) {
				in->files[section - 2].text = in->buf + file_start;
				in->files[section - 2].len = (size_t)(s - in->buf) - file_start;
			}
			*line_end = '\0';
			if (is_first && next == -2 && !strncmp(s, "verb ", 5))
				in->verb = s + 5;
			if (next >= 2) {
				in->files[next - 2].is_present = true;
				file_start = (size_t)(line_end - in->buf) + (nl ? 1 : 0);
			}
			if (next != -2)
				section = next;
		} else if (section == 0 || section == 1) {
			*line_end = '\0';
			// NUL bytes end an argument early, as they would in a real argv
			if (section == 0 && in->argc < MAX_ITEMS)
				in->argv[in->argc++] = s;
			else if (section == 1 && in->n_env < MAX_ITEMS && !is_forced(s))
				in->env[in->n_env++] = s;
		}
		s = nl ? nl + 1 : end;
	}
	if (section >= 2) {
		in->files[section - 2].text = in->buf + file_start;
		in->files[section - 2].len = (size_t)(end - in->buf) - file_start;
	}
	for (size_t i = 0; i < sizeof(forced) / sizeof(forced[0]); i++)
		in->env[in->n_env++] = forced_env[i];
	in->env[in->n_env] = NULL;
	in->argv[in->argc] = NULL;
}

/* ---- checks ----------------------------------------------------------------------------- */

static size_t name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');
	return eq ? (size_t)(eq - entry) : strlen(entry);
}

static bool has_name(const char *entry, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(entry, name, n) && entry[n] == '=';
}

static bool in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static size_t count_name(char *const *v, size_t n, const char *name)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += has_name(v[i], name);
	return c;
}

/* The entries named `name`, in order, are the same strings in both lists. */
static void check_untouched(const struct input *in, const struct strv *env, const char *name)
{
	size_t j = 0;
	for (size_t i = 0; i < env->n; i++) {
		if (!has_name(env->v[i], name))
			continue;
		while (j < in->n_env && !has_name(in->env[j], name))
			j++;
		CHECK(j < in->n_env && !strcmp(env->v[i], in->env[j]));
		j++;
	}
	while (j < in->n_env && !has_name(in->env[j], name))
		j++;
	CHECK(j == in->n_env);
}

static const struct profile_env *prof_env(const struct profile *p, const char *entry)
{
	size_t n = name_len(entry);
	for (size_t i = 0; i < p->n_env; i++)
		if (strlen(p->env[i].name) == n && !strncmp(p->env[i].name, entry, n))
			return &p->env[i];
	return NULL;
}

static bool is_layer_var(const char *entry)
{
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++)
		if (profile_settings[k].is_layer_var && has_name(entry, profile_settings[k].env))
			return true;
	return false;
}

static void check_env(const struct input *in, const struct launch *l)
{
	const struct strv *env = &l->env;
	char why[160];
	CHECK(env->v && !env->v[env->n]);
	for (size_t i = 0; i < env->n; i++) {
		const char *eq = strchr(env->v[i], '=');
		CHECK(eq && eq != env->v[i]);
	}
	check_untouched(in, env, "LD_PRELOAD");
	check_untouched(in, env, "LD_LIBRARY_PATH");
	check_untouched(in, env, "PATH");
	for (size_t i = 0; i < l->prof.n_env; i++) {
		const struct profile_env *pe = &l->prof.env[i];
		CHECK(strcmp(pe->name, "LD_PRELOAD") && strcmp(pe->name, "LD_LIBRARY_PATH") &&
		      strcmp(pe->name, "PATH"));
		CHECK(profile_env_name_check(pe->name, why, sizeof(why)) == 0);
		if (!strncmp(pe->origin, "db:", 3)) { /* the DB is data: listed, no path, user wins */
			CHECK(profile_env_db_allowed(pe->name));
			CHECK(!strpbrk(pe->value, "/\\:~?\"'$`"));
			CHECK(count_name(in->env, in->n_env, pe->name) == 0);
		}
	}
	const char *args_origin = l->prof.values[PROFILE_KEY_ARGS].origin;
	for (size_t i = 0; args_origin && !strncmp(args_origin, "db:", 3) && i < l->prof.n_args;
	     i++) /* from a DB, launch.args are listed options only, none with a value */
		CHECK(l->prof.args[i][0] == '-' && !strpbrk(l->prof.args[i], "/\\:~?\"' ="));
	bool is_verb = in->verb != NULL;
	for (size_t i = 0; i < env->n; i++) {
		const char *e = env->v[i];
		if (is_verb && (has_name(e, "STEAM_COMPAT_TOOL_PATHS") ||
				has_name(e, "STEAM_COMPAT_LIBRARY_PATHS"))) {
			CHECK(count_name(env->v, env->n, "STEAM_COMPAT_TOOL_PATHS") <= 1);
			continue;
		}
		if (has_name(e, "ENABLE_MVGAL") || has_name(e, "DISABLE_MVGAL")) {
			CHECK(!strcmp(e, l->is_layer ? "ENABLE_MVGAL=1" : "DISABLE_MVGAL=1"));
			continue;
		}
		if (is_layer_var(e)) {
			CHECK(l->is_layer);
			CHECK(count_name(env->v, env->n, "MVGAL_FPS") <= 1);
			continue;
		}
		if (l->wraps_self && has_name(e, "MVGAL_PROTON") && l->prof.proton[0]) {
			/* the inner mvgal-launch of Steam's chain gets the Proton we resolved */
			CHECK(!strcmp(e + strlen("MVGAL_PROTON="), l->prof.proton));
			continue;
		}
		/* the launcher's notes to the layer (issue 16): where the result line goes, with
		 * telemetry only; what the user typed for gpu.select, with a selection only */
		if (has_name(e, "MVGAL_LAUNCH_LOG")) {
			CHECK(l->is_layer && l->telemetry[0] && e[strlen("MVGAL_LAUNCH_LOG=")] == '/');
			CHECK(count_name(env->v, env->n, "MVGAL_LAUNCH_LOG") == 1);
			continue;
		}
		if (has_name(e, "MVGAL_RESULT")) { /* a terminal, no telemetry */
			CHECK(l->is_layer && !l->telemetry[0] && !strcmp(e, "MVGAL_RESULT=1"));
			continue;
		}
		if (has_name(e, "MVGAL_GPU_FROM")) {
			CHECK(l->is_layer && env_get(env, "MVGAL_GPU"));
			CHECK(count_name(env->v, env->n, "MVGAL_GPU_FROM") == 1);
			continue;
		}
		if (has_name(e, "MVGAL_FPS_FROM")) { /* the HUD's "from": a name, never a path */
			CHECK(l->is_layer && env_get(env, "MVGAL_FPS"));
			CHECK(count_name(env->v, env->n, "MVGAL_FPS_FROM") == 1);
			CHECK(!strchr(e, '/'));
			continue;
		}
		const struct profile_env *pe = prof_env(&l->prof, e);
		if (pe) { /* the profile's value, once */
			CHECK(!strcmp(e + strlen(pe->name) + 1, pe->value));
			CHECK(count_name(env->v, env->n, pe->name) == 1);
			continue;
		}
		CHECK(in_list(in->env, in->n_env, e)); /* else it came in as it is */
	}
	CHECK(count_name(env->v, env->n, l->is_layer ? "ENABLE_MVGAL" : "DISABLE_MVGAL") == 1);
	CHECK(count_name(env->v, env->n, l->is_layer ? "DISABLE_MVGAL" : "ENABLE_MVGAL") == 0);
	const char *tel_origin = l->prof.values[PROFILE_KEY_TELEMETRY].origin;
	if (tel_origin && !strncmp(tel_origin, "db:", 3)) /* the DB never picks where we write */
		CHECK(!l->prof.telemetry_path);
	if (l->is_layer && l->prof.is_telemetry_on) {
		const char *t = env_get(env, "MVGAL_TELEMETRY");
		CHECK(t && t[0] == '/' && !strcmp(t, l->telemetry));
		CHECK(!strncmp(l->telemetry, l->telemetry_dir, strlen(l->telemetry_dir)));
	}
}

/* In wrapper mode, a "--" that follows only --opt=value and --no-layer ends the options. */
static int expected_cmd_start(const struct input *in)
{
	for (int i = 0; i < in->argc; i++) {
		const char *a = in->argv[i];
		if (!strcmp(a, "--"))
			return i + 1;
		if (strncmp(a, "--", 2) || (!strchr(a, '=') && strcmp(a, "--no-layer")))
			return -1;
	}
	return -1;
}

static void check_argv(const struct input *in, char **saved, const struct launch *l,
		       const struct launch_opts *o)
{
	const struct strv *av = &l->argv;
	CHECK(av->v && !av->v[av->n]);
	CHECK(o->n_cmd >= 0 && o->cmd >= in->argv && o->cmd + o->n_cmd == in->argv + in->argc);
	size_t n_cmd = (size_t)o->n_cmd;
	bool is_game = in->verb ? !strcmp(in->verb, "waitforexitandrun")
				: !l->chain_verb[0] || !strcmp(l->chain_verb, "waitforexitandrun");
	size_t n_args = is_game ? l->prof.n_args : 0;
	CHECK(av->n >= n_cmd + n_args);
	size_t chain = av->n - n_cmd - n_args, first = (size_t)(o->cmd - in->argv);
	if (in->verb) {
		// <runtime>/_v2-entry-point --verb=V -- <proton>/proton V
		CHECK(chain >= 2 && !strncmp(av->v[0], steam_root, strlen(steam_root)));
		CHECK(!strcmp(av->v[chain - 1], in->verb));
	} else {
		CHECK(chain == 0);
	}
	for (size_t i = 0; i < n_cmd; i++)
		CHECK(!strcmp(av->v[chain + i], saved[first + i]));
	for (size_t i = 0; i < n_args; i++)
		CHECK(!strcmp(av->v[chain + n_cmd + i], l->prof.args[i]));
}

/* ---- one input -------------------------------------------------------------------------- */

static void write_inputs(const struct input *in, const struct launch *l, char *title,
			 size_t title_size)
{
	char def[PATH_MAX];
	snprintf(def, sizeof(def), "%s/default.ini", config_dir);
	const char *paths[] = { def, title, db_path, cli_path };
	const char *who = l->appid[0] ? l->appid : l->exe;
	title[0] = '\0';
	if (who[0] && strlen(config_dir) + strlen(who) + 20 < title_size)
		snprintf(title, title_size, "%s/profiles/%s.ini", config_dir, who);
	for (int k = 0; k < 4; k++) {
		if (!paths[k][0])
			continue;
		if (in->files[k].is_present)
			write_file(paths[k], in->files[k].text, in->files[k].len);
		else
			unlink(paths[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { 0 };
	struct launch_opts o = { 0 };
	struct launch_err e = { { 0 } };
	char *saved[MAX_ITEMS];
	char title[PATH_MAX];

	split(&in, data, size);
	for (int i = 0; i < in.argc; i++)
		if (!(saved[i] = strdup(in.argv[i])))
			abort();
	char **old_environ = environ;
	environ = in.env;
	fflush(stderr);
	int rc = 0;
	if (in.verb) {
		o = (struct launch_opts){ .verb = in.verb, .cmd = in.argv, .n_cmd = in.argc };
	} else {
		rc = launch_parse_wrapper(in.argc, in.argv, &o, &e);
		int start = expected_cmd_start(&in);
		if (rc == 0 && start >= 0)
			CHECK(o.cmd == in.argv + start);
		if (rc)
			CHECK(e.msg[0]);
		if (o.profile_file) /* the file the input names stays in the temp dir */
			o.profile_file = cli_path;
	}
	if (rc == 0) {
		struct launch l;
		CHECK(launch_init(&l, &o, environ) == 0);
		launch_identify(&l);
		CHECK(strspn(l.appid, "0123456789") == strlen(l.appid));
		CHECK(!strchr(l.exe, '/') && !strchr(l.exe, '\\'));
		write_inputs(&in, &l, title, sizeof(title));
		rc = launch_resolve_profile(&l, &e);
		if (rc == 0)
			rc = launch_compose_env(&l, &e);
		if (rc == 0) {
			rc = launch_build_argv(&l, &e);
			if (rc == 0) {
				check_env(&in, &l);
				check_argv(&in, saved, &l, &o);
			}
		}
		if (rc < 0)
			CHECK(e.msg[0]);
		launch_release(&l);
		if (title[0])
			unlink(title);
	}
	__fpurge(stderr);
	environ = old_environ;
	for (int i = 0; i < in.argc; i++) {
		CHECK(!strcmp(in.argv[i], saved[i])); /* nobody wrote into argv */
		free(saved[i]);
	}
	free(in.buf);
	return 0;
}

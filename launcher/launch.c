// SPDX-License-Identifier: MIT
// Starting a title: compat-tool mode (Steam runs `mvgal-launch VERB game.exe ...`, DESIGN.md
// section 3) and wrapper mode (`mvgal-launch [OPTIONS] -- CMD ...`, section 4). Both resolve
// the profile, compose the environment, log one line and execve(): no fork, no shell.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/setting.h"
#include "compat/compat.h"
#include "launcher/launch_internal.h"
#include "launcher/launcher.h"
#include "launcher/implicit_layer.h"
#include "launcher/notify.h"
#include "launcher/usage.h"
#include "profiles/profiles.h"

extern char **environ;

static const char *const verbs[] = { "waitforexitandrun", "run",	   "runinprefix",
				     "destroyprefix",	  "getcompatpath", "getnativepath" };

bool launch_is_verb(const char *s)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(s, verbs[i]))
			return true;
	return false;
}

// The layer (and the pacer in it) runs only for the game itself: install scripts (`run`),
// prefix housekeeping and verbs we do not know get the environment without it.
static bool verb_has_layer(const char *verb)
{
	return !strcmp(verb, "waitforexitandrun") || !strcmp(verb, "runinprefix");
}

static void copy_appid(char out[32], const char *v)
{
	if (setting_is_appid(v))
		snprintf(out, 32, "%s", v);
}

// Windows paths may arrive with backslashes (e.g. from a shortcut's target).
static void exe_basename(char *out, size_t size, const char *path)
{
	const char *b = path;
	for (const char *s = path; *s; s++)
		if (*s == '/' || *s == '\\')
			b = s + 1;
	snprintf(out, size, "%s", b);
}

static size_t skip_to_dashdash(char **cmd, size_t i, size_t n)
{
	while (i < n && strcmp(cmd[i], "--"))
		i++;
	return i < n ? i + 1 : n;
}

// Wrappers users put in front of a game (`mangohud vkcube`), each with its options before the
// game: the profile belongs to the game behind them.
static const char *const plain_wrappers[] = { "mangohud", "gamemoderun", "prime-run",
					      "pvkrun",	  "primusrun",	 "optirun" };

static bool is_plain_wrapper(const char *b)
{
	for (size_t i = 0; i < sizeof(plain_wrappers) / sizeof(plain_wrappers[0]); i++)
		if (!strcmp(b, plain_wrappers[i]))
			return true;
	return false;
}

// env [-i] [-u NAME] [NAME=VALUE]... CMD: the index of CMD.
static size_t skip_env(char **cmd, size_t i, size_t n)
{
	while (i < n && (cmd[i][0] == '-' || strchr(cmd[i], '='))) {
		if (!strcmp(cmd[i], "--")) // env -- CMD
			return i + 1;
		i += (!strcmp(cmd[i], "-u") || !strcmp(cmd[i], "--unset") ||
		      !strcmp(cmd[i], "-C") || !strcmp(cmd[i], "--chdir"))
			     ? 2
			     : 1;
	}
	return i < n ? i : n;
}

/*
 * Steam's %command% for a Proton title already holds the reaper, the runtime and Proton:
 *   reaper SteamLaunch AppId=N -- _v2-entry-point --verb=V -- proton V game.exe args
 * We keep it as it is and only look through it for the appid, the verb and the game's exe.
 */
static void analyse_wrapped(struct launch *l)
{
	char **cmd = l->o->cmd;
	size_t n = (size_t)l->o->n_cmd, i = 0;
	for (int hops = 0; i < n && hops < 8; hops++) {
		const char *b = fs_path_base(cmd[i]);
		if (!strcmp(b, "reaper")) {
			for (size_t j = i + 1; j < n && strcmp(cmd[j], "--"); j++)
				if (!strncmp(cmd[j], "AppId=", 6) && !l->appid[0])
					copy_appid(l->appid, cmd[j] + 6);
			i = skip_to_dashdash(cmd, i + 1, n);
		} else if (!strcmp(b, "steam-launch-wrapper") || !strcmp(b, "_v2-entry-point")) {
			l->is_container = l->is_container || !strcmp(b, "_v2-entry-point");
			for (size_t j = i + 1; j < n && strcmp(cmd[j], "--"); j++)
				if (!strncmp(cmd[j], "--verb=", 7))
					snprintf(l->chain_verb, sizeof(l->chain_verb), "%s",
						 cmd[j] + 7);
			l->is_steam_chain = true;
			i = skip_to_dashdash(cmd, i + 1, n);
		} else if ((!strcmp(b, "proton") || !strcmp(b, "mvgal-launch")) && i + 1 < n &&
			   launch_is_verb(cmd[i + 1])) {
			snprintf(l->chain_verb, sizeof(l->chain_verb), "%s", cmd[i + 1]);
			l->is_steam_chain = true;
			l->wraps_self = l->wraps_self || !strcmp(b, "mvgal-launch");
			i += 2;
		} else if (is_plain_wrapper(b)) {
			l->has_mangohud_script = l->has_mangohud_script || !strcmp(b, "mangohud");
			for (i++; i < n && cmd[i][0] == '-'; i++)
				;
		} else if (!strcmp(b, "gamescope")) { // gamescope [OPTIONS] -- CMD
			i = skip_to_dashdash(cmd, i + 1, n);
		} else if (!strcmp(b, "env")) {
			i = skip_env(cmd, i + 1, n);
		} else {
			break;
		}
	}
	if (i < n) {
		exe_basename(l->exe, sizeof(l->exe), cmd[i]);
		l->game_cmd = cmd[i];
	}
}

// A non-Steam shortcut: Steam passes its appid in the upper 32 bits of SteamGameId
// ((appid << 32) | 0x02000000). It tells two shortcuts that run the same setup.exe apart, so it
// wins over the exe's name (and over a 0 or missing STEAM_COMPAT_APP_ID).
static void shortcut_appid(const struct strv *env, char out[32])
{
	const char *gid = env_get(env, "SteamGameId");
	char *end = NULL;
	errno = 0;
	unsigned long long v = gid && gid[0] >= '0' && gid[0] <= '9' ? strtoull(gid, &end, 10) : 0;
	if (v >> 32 && !errno && end && !*end)
		snprintf(out, 32, "%llu", v >> 32);
}

void launch_identify(struct launch *l)
{
	shortcut_appid(&l->env, l->appid);
	if (!l->appid[0])
		copy_appid(l->appid, env_get(&l->env, "STEAM_COMPAT_APP_ID"));
	if (!l->appid[0])
		copy_appid(l->appid, env_get(&l->env, "SteamAppId"));
	if (l->o->verb) {
		if (l->o->n_cmd > 0)
			exe_basename(l->exe, sizeof(l->exe), l->o->cmd[0]);
		l->is_layer = verb_has_layer(l->o->verb);
	} else {
		analyse_wrapped(l);
		l->is_layer = !l->chain_verb[0] || verb_has_layer(l->chain_verb);
	}
	if (l->o->is_no_layer)
		l->is_layer = false;
}

// The same path the layer makes of MVGAL_TELEMETRY when it reads the variable itself.
static int telemetry_path(struct launch *l, struct launch_err *e)
{
	const char *want = l->prof.telemetry_path ? l->prof.telemetry_path : "on";
	char state[PATH_MAX], stamp[32];
	env_xdg_dir(&l->env, "XDG_STATE_HOME", ".local/state", state);
	launch_utc_stamp(stamp, sizeof(stamp), false);
	fs_add_random_tag(stamp, sizeof(stamp));
	const char *who = l->appid[0] ? l->appid : l->exe[0] ? l->exe : "game";
	// launch_exec() creates the folder: composing writes nothing (tests/fuzz/fuzz_launch_env.c).
	int rc = setting_telemetry_csv(want, state, who, stamp, l->telemetry, sizeof(l->telemetry),
				       l->telemetry_dir, sizeof(l->telemetry_dir));
	if (rc == -ENAMETOOLONG)
		return launch_errf(e, rc, "telemetry path too long in %s", want);
	if (rc < 0)
		return launch_errf(e, rc, "no folder for telemetry: set XDG_STATE_HOME or HOME");
	return 0;
}

// What the user typed for gpu.select, for the layer's messages (issue 16: `--gpu '!cpu'`, not
// MVGAL_GPU): the option with its value, the variable, or the key with its file:line.
static bool gpu_from(const struct launch *l, char *out, size_t size)
{
	const struct profile_value *v = &l->prof.values[PROFILE_KEY_GPU];
	const char *opt = profile_settings[PROFILE_KEY_GPU].option;
	char safe[256];
	if (!v->origin || !v->text[0] || !strcmp(v->origin, "built-in"))
		return false;
	text_safe(v->text, safe, sizeof(safe));
	if (!strcmp(v->origin, opt))
		snprintf(out, size, "%s '%s'", opt, safe);
	else if (!strncmp(v->origin, "env ", 4))
		snprintf(out, size, "%s=%s", v->origin + 4, safe);
	else
		snprintf(out, size, "gpu.select = %s (%s)", safe, v->origin);
	return true;
}

// Where frame.fps came from, for the HUD's pacer line ("72 fps = refresh/2 of 144 Hz, from
// 1245620.ini:3", issue 29): the option, the variable, or the file's name and line (never a
// path the layer could open: the folder is left out).
static bool fps_from(const struct launch *l, char *out, size_t size)
{
	const struct profile_value *v = &l->prof.values[PROFILE_KEY_FPS];
	const char *o = v->origin, *open, *base;
	char where[256];
	if (!o || !strcmp(o, "built-in") || !(l->prof.fps || l->prof.fps_divisor))
		return false;
	if (!strncmp(o, "env ", 4))
		o += 4;
	open = strrchr(o, '(');
	snprintf(where, sizeof(where), "%s", open ? open + 1 : o);
	if (open && where[0] && where[strlen(where) - 1] == ')')
		where[strlen(where) - 1] = '\0';
	base = strrchr(where, '/');
	text_safe(base ? base + 1 : where, out, size);
	return true;
}

int launch_init(struct launch *l, struct launch_opts *o, char *const *envp)
{
	*l = (struct launch){ .o = o };
	return env_init(&l->env, envp);
}

/* The layer on: ENABLE_MVGAL, the MVGAL_* settings, and where the run's result line goes. */
static int layer_env(struct launch *l)
{
	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t nv = profile_layer_vars(&l->prof, l->telemetry[0] ? l->telemetry : NULL, vars);
	int rc = env_set(&l->env, "DISABLE_MVGAL", NULL);
	if (rc == 0)
		rc = env_set(&l->env, "ENABLE_MVGAL", "1");
	for (size_t i = 0; i < nv && rc == 0; i++)
		rc = env_set(&l->env, vars[i].name, vars[i].value);
	char from[512];
	if (rc == 0 && gpu_from(l, from, sizeof(from)))
		rc = env_set(&l->env, "MVGAL_GPU_FROM", from);
	if (rc == 0 && fps_from(l, from, sizeof(from)))
		rc = env_set(&l->env, "MVGAL_FPS_FROM", from);
	// the layer appends the run's one-line result there (Steam mode has no terminal)
	char dir[PATH_MAX], log[PATH_MAX];
	if (rc == 0 && l->telemetry[0] && launch_log_path(&l->env, dir, log) == 0)
		rc = env_set(&l->env, "MVGAL_LAUNCH_LOG", log);
	// `mvgal-launch -- CMD` in a terminal: the result line even without telemetry
	if (rc == 0 && !l->telemetry[0] && !l->o->verb && !l->is_steam_chain && isatty(STDERR_FILENO))
		rc = env_set(&l->env, "MVGAL_RESULT", "1");
	return rc;
}

int launch_compose_env(struct launch *l, struct launch_err *e)
{
	int rc = 0;
	if (l->wraps_self) {
		// The inner mvgal-launch resolves again with our settings as its env layer.
		l->is_layer = l->is_layer && !l->o->is_no_layer;
		if (l->prof.proton[0])
			rc = env_set(&l->env, "MVGAL_PROTON", l->prof.proton);
	} else if (!l->o->verb && !strcmp(l->prof.values[PROFILE_KEY_PROTON].origin, "--proton")) {
		// Only the compatibility tool chooses Proton; a wrapped command runs as it is.
		error("--proton has no effect in wrapper mode (Proton is "
		      "chosen when mvgal-launch is the title's compatibility tool)");
	}
	for (size_t k = 0; k < PROFILE_KEY_COUNT && rc == 0; k++)
		if (profile_settings[k].is_layer_var)
			rc = env_set(&l->env, profile_settings[k].env, NULL);
	if (rc == 0)
		rc = env_set(&l->env, "MVGAL_LAUNCH_LOG", NULL);
	if (rc == 0)
		rc = env_set(&l->env, "MVGAL_RESULT", NULL);
	if (rc == 0)
		rc = env_set(&l->env, "MVGAL_GPU_FROM", NULL);
	if (rc == 0)
		rc = env_set(&l->env, "MVGAL_FPS_FROM", NULL);
	if (rc == 0 && !l->is_layer) {
		rc = env_set(&l->env, "ENABLE_MVGAL", NULL);
		if (rc == 0)
			rc = env_set(&l->env, "DISABLE_MVGAL", "1");
	} else if (rc == 0) {
		if (l->prof.is_telemetry_on && (rc = telemetry_path(l, e)) < 0)
			return rc;
		rc = layer_env(l);
	}
	if (rc == 0)
		rc = launch_gl_env(l);
	for (size_t i = 0; i < l->prof.n_env && rc == 0; i++) {
		char why[160];
		// profiles/ already refuses these; checked again here because this is the
		// last place before the game sees them.
		if (profile_env_name_check(l->prof.env[i].name, why, sizeof(why)) < 0) {
			error("%s: %s (left out)", l->prof.env[i].origin, why);
			continue;
		}
		rc = env_set(&l->env, l->prof.env[i].name, l->prof.env[i].value);
	}
	return rc < 0 ? launch_errf(e, rc, "out of memory") : 0;
}

// The next PATH candidate for cmd from the list at *s (advanced past it), in full; false when it
// does not fit. The list ends when **s is '\0'.
static bool path_next(const char **s, const char *cmd, char full[PATH_MAX])
{
	const char *colon = strchrnul(*s, ':');
	int len = (int)(colon - *s);
	bool fits = snprintf(full, PATH_MAX, "%.*s%s%s", len, *s, len ? "/" : "", cmd) < PATH_MAX;
	*s = *colon ? colon + 1 : colon;
	return fits;
}

#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

bool launch_find_program(const char *path, const char *name, char full[PATH_MAX])
{
	if (!name[0] || strchr(name, '/'))
		return false;
	for (const char *s = path && path[0] ? path : DEFAULT_PATH; *s;)
		if (path_next(&s, name, full) && fs_is_file(full) && access(full, X_OK) == 0)
			return true;
	return false;
}

bool launch_is_program(const char *name)
{
	char full[PATH_MAX];
	return launch_find_program(getenv("PATH"), name, full);
}

// A Windows program, by its name or its first bytes ("MZ", the DOS header every PE file
// starts with): what `-- game.exe` outside Steam runs into (EACCES, or ENOEXEC when executable).
static bool is_windows_program(const char *path)
{
	static const char *const exts[] = { ".exe", ".bat", ".msi", ".com" };
	size_t n = strlen(path);
	char head[2];
	bool is_mz = false;
	int fd;

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (n > 4 && !strcasecmp(path + n - 4, exts[i]))
			return true;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return false;
	is_mz = read(fd, head, 2) == 2 && head[0] == 'M' && head[1] == 'Z';
	close(fd);
	return is_mz;
}

// A regular file named `name` in the current folder.
static bool is_file_here(const char *name)
{
	struct stat st;

	return !strchr(name, '/') && stat(name, &st) == 0 && S_ISREG(st.st_mode);
}

// The tool's name in Steam's menu: cmd_install.c's TOOL_DISPLAY (test_launcher_wrap.sh compares
// this message with the installed compatibilitytool.vdf).
#define TOOL_DISPLAY_NAME "mvgal-launch (Proton wrapper)"

// Why the command did not start, and what does (issue 27, item 8): a Windows program runs
// through Proton, a program in this folder is ./name.
static int exec_failed(struct launch *l, struct launch_err *e, const char *cmd, int err)
{
	const char *safe = cmd; /* as before: the caller's own argv, escaped in launch.log */

	if (!l->o->verb && (err == EACCES || err == ENOEXEC || err == ENOENT) &&
	    (strchr(cmd, '/') || is_file_here(cmd)) && is_windows_program(cmd))
		return launch_errf(e, -err,
				   "cannot run %s: it is a Windows program, and Windows games run "
				   "through Proton: in Steam, choose \"" TOOL_DISPLAY_NAME "\" in "
				   "the game's Properties > Compatibility (add it with \"Add a "
				   "Non-Steam Game\" first); outside Steam, wrap a Proton launcher "
				   "such as umu-launcher's: mvgal-launch -- umu-run %s%s",
				   safe, strchr(cmd, '/') ? "" : "./", safe);
	if (!l->o->verb && err == ENOENT && is_file_here(cmd))
		return launch_errf(e, -err,
				   "cannot run %s: not found in PATH; the one in this folder is "
				   "./%s: mvgal-launch -- ./%s",
				   safe, safe, safe);
	return launch_errf(e, -err, "cannot run %s: %s", safe,
			   err == ENOENT && !strchr(cmd, '/') ? "not found in PATH" : strerror(err));
}

// Looks a PATH-less command up in the PATH we hand on, like execvp() but never falling back
// to /bin/sh for a file without a #! line.
static int exec_argv(struct launch *l, struct launch_err *e)
{
	const char *cmd = l->argv.v[0];
	if (strchr(cmd, '/')) {
		execve(cmd, l->argv.v, l->env.v);
		return exec_failed(l, e, cmd, errno);
	}
	const char *path = env_get(&l->env, "PATH");
	int err = ENOENT;
	for (const char *s = path ? path : DEFAULT_PATH; *s;) {
		char full[PATH_MAX];
		if (path_next(&s, cmd, full)) {
			execve(full, l->argv.v, l->env.v);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
	}
	return exec_failed(l, e, cmd, err);
}

int launch_build_argv(struct launch *l, struct launch_err *e)
{
	int rc = 0;
	if (l->o->verb && !l->o->is_native)
		rc = launch_tool_chain(l, e);
	for (int i = 0; rc == 0 && i < l->o->n_cmd; i++)
		rc = strv_push(&l->argv, l->o->cmd[i]);
	bool is_game = l->o->verb
			       ? !strcmp(l->o->verb, "waitforexitandrun")
			       : !l->chain_verb[0] || !strcmp(l->chain_verb, "waitforexitandrun");
	for (size_t i = 0; rc == 0 && is_game && i < l->prof.n_args; i++)
		rc = strv_push(&l->argv, l->prof.args[i]);
	if (rc == -ENOMEM)
		return launch_errf(e, rc, "out of memory");
	return rc;
}

// Layer settings were asked for but the loader will not load the layer: without this line the
// game would run unpaced and unfiltered in silence. Names what was asked for.
static void check_layer_seen(struct launch *l)
{
	char asked[256] = "", manifest[PATH_MAX], fix[PATH_MAX + 256];
	size_t len = 0;
	if (!l->is_layer)
		return;
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_value *v = &l->prof.values[k];
		const struct profile_setting *s = &profile_settings[k];
		if (s->is_layer_var && v->origin && strcmp(v->origin, "built-in") &&
		    strcmp(v->text, s->default_value) && len < sizeof(asked))
			len += (size_t)snprintf(asked + len, sizeof(asked) - len, "%s%s",
						len ? ", " : "", s->dotted);
	}
	if (!len || implicit_layer_find(&l->env, manifest))
		return;
	l->is_layer_unseen = true;
	implicit_layer_fix(fix, sizeof(fix));
	error("the Vulkan loader will not find the layer (no " LAYER_MANIFEST_JSON
	      " where it looks), so %s will not apply%s: %s",
	      asked,
	      l->is_gl_preload ? " to Vulkan games (OpenGL games get them from libmvgal_gl.so)" : "",
	      fix);
}

// Steam mode: Steam started us (as the compatibility tool, or through a title's launch options)
// and no one reads our stderr.
static bool is_steam_mode(const struct launch *l)
{
	const char *id = env_get(&l->env, "SteamAppId");
	return l->o->verb || l->is_steam_chain || (id && id[0]);
}

// Issue 24: inside Steam's container the loader takes its implicit layers only from
// VK_IMPLICIT_LAYER_PATH when that is set (the loader's override replaces the search path), and
// the folders pressure-vessel imports the host's layers into are not in it: neither our layer
// nor MangoHud's nor OBS's loads. One line, on stderr and in launch.log.
static void check_implicit_layer_path(struct launch *l)
{
	const char *v = env_get(&l->env, "VK_IMPLICIT_LAYER_PATH");
	bool is_container = l->is_container || (l->o->verb && l->runtime[0]);
	char safe[256];
	if (!l->is_layer || !is_container || !v || !v[0])
		return;
	snprintf(l->warning, sizeof(l->warning),
		 "VK_IMPLICIT_LAYER_PATH is set (%s): inside Steam's container the Vulkan loader "
		 "then looks for implicit layers only there, so the mvgal layer (like every layer "
		 "imported from the host) will not load: unset it (VK_ADD_IMPLICIT_LAYER_PATH adds "
		 "a folder instead)",
		 text_safe(v, safe, sizeof(safe)));
	error("%s", l->warning);
}

// The warnings given before exec: a layer the loader will not find, a VK_IMPLICIT_LAYER_PATH
// that hides it in Steam's container, two frame limiters (ours and MangoHud's).
static void warn_before_exec(struct launch *l)
{
	check_layer_seen(l);
	check_implicit_layer_path(l);
	launch_check_mangohud(l);
}

// A start that fails says so in launch.log (and, under Steam, in a desktop notification): the
// last line there is never an older launch's.
static void launch_failed(struct launch *l, enum launch_result result, const char *msg)
{
	char summary[300], who[256], path[PATH_MAX], dir[PATH_MAX], body[2048];
	launch_log(l, result, msg);
	if (!is_steam_mode(l))
		return;
	text_safe(l->exe[0] ? l->exe : l->appid[0] ? l->appid : "the game", who, sizeof(who));
	snprintf(summary, sizeof(summary), "mvgal-launch: %s did not start", who);
	if (launch_log_path(&l->env, dir, path) < 0)
		path[0] = '\0';
	/* cut at sizeof(body); the result checked for gcc's -Wformat-truncation at -O1 (ASan) */
	if (snprintf(body, sizeof(body), "%s%s%s", msg, path[0] ? "\n\nLog: " : "", path) < 0)
		body[0] = '\0';
	notify_send(summary, body);
}

int launch_exec(struct launch_opts *o, struct launch_err *e)
{
	struct launch l;
	int rc;
	if (o->is_native && o->n_cmd == 0)
		return 0; /* a verb without a command (getcompatpath ...): nothing to do natively */
	if ((rc = launch_init(&l, o, environ)) < 0) {
		launch_release(&l);
		launch_errf(e, rc, "out of memory");
		return 1;
	}
	launch_identify(&l);
	if (o->verb && !o->is_native && !env_get(&l.env, "STEAM_COMPAT_DATA_PATH")) {
		rc = launch_errf(e, -EINVAL,
				 "STEAM_COMPAT_DATA_PATH is not set: Steam runs 'mvgal-launch %s' "
				 "as a compatibility tool; to wrap a command use 'mvgal-launch -- "
				 "CMD'",
				 o->verb);
		goto out;
	}
	if (o->n_cmd == 0 && !o->verb) {
		rc = launch_errf(e, -EINVAL, "nothing to run");
		goto out;
	}
	if ((rc = launch_resolve_profile(&l, e)) < 0)
		goto out;
	l.is_resolved = true;
	if ((rc = launch_compose_env(&l, e)) < 0)
		goto out;
	if ((rc = launch_build_argv(&l, e)) < 0)
		goto out;
	if (l.telemetry_dir[0] && (rc = fs_mkdirs(l.telemetry_dir)) < 0) {
		rc = launch_errf(e, rc, "cannot create %s: %s", l.telemetry_dir, strerror(-rc));
		goto out;
	}
	if (l.gl_link[0] && (rc = preload_link_make(l.gl_link, l.gl_link_to)) < 0) {
		char safe[256];
		rc = launch_errf(e, rc,
				 "cannot make %s, the link LD_PRELOAD names for the OpenGL library "
				 "(its folder \"%s\" has a blank, ':' or '$'): %s; install "
				 "mvgal-launch under a path without them",
				 l.gl_link, text_safe(l.gl_link_to, safe, sizeof(safe)),
				 rc == -EPERM ? "that folder is not the user's own with mode 0700"
					      : strerror(-rc));
		goto out;
	}
	warn_before_exec(&l);
	// Written before execve(), which does not return when it works; when it does return,
	// a second, short line records the failure (result=error stage=exec).
	launch_log(&l, LAUNCH_RESULT_EXEC, NULL);
	rc = exec_argv(&l, e);
	launch_failed(&l, LAUNCH_RESULT_EXEC_FAILED, e->msg);
	goto release;
out:
	launch_failed(&l, LAUNCH_RESULT_ERROR, e->msg);
release:
	launch_release(&l);
	return rc < 0 ? 1 : 0;
}

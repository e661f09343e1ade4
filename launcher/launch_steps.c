// SPDX-License-Identifier: MIT
// The steps of a launch that read files: the profile (user files, DB, --profile), the Proton
// and runtime chain (DESIGN.md section 3, step 5) and the launch log (step 7).
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "launcher/launch_internal.h"
#include "launcher/usage.h"

#define RUNTIME_COMMANDLINE "/_v2-entry-point --verb=%verb% --"
#define PROTON_COMMANDLINE "/proton %verb%"

static void open_db(struct launch *l, struct profile_inputs *in)
{
	struct compat_db_choice choice;
	if (db_choose(&l->env, &choice) < 0)
		return; // no DB anywhere: profiles still work without one
	int rc = compat_db_open(choice.path, &l->db);
	if (rc < 0) {
		error("%s: %s (compat DB not used)", choice.path, compat_strerror(rc));
		return;
	}
	rc = compat_db_lookup(l->db, l->appid[0] ? l->appid : NULL, l->exe[0] ? l->exe : NULL,
			      &l->db_entry);
	if (rc == 0)
		compat_db_entry_source(&l->db_entry, &in->db_entry);
	else if (rc != COMPAT_ENOENT)
		error("%s: %s (compat DB not used)", choice.path, compat_strerror(rc));
}

static int read_cli_profile(struct launch *l, struct profile_inputs *in, struct launch_err *e)
{
	size_t len = 0;
	int err_no = 0;
	const char *path = l->o->profile_file;
	if (!path)
		return 0;
	int rc = profile_read_file(path, PROFILE_MAX_FILE, &l->cli_text, &len, &err_no);
	if (rc < 0)
		return launch_errf(e, rc, "%s: %s", path,
				   err_no ? fs_strerror(-err_no) : profile_strerror(rc));
	in->cli_file = (struct profile_source){
		.file = path, .text = l->cli_text, .len = len, .first_line = 1
	};
	return 0;
}

// What a diag costs: a user file's (or --profile's) bad line is skipped and the rest of the
// file applies; a DB entry with a bad line is left out whole; a file that cannot be read or a
// bad MVGAL_* variable or option (no line) is ignored on its own.
static const char *left_out_what(const struct launch *l, const struct profile_diag *d)
{
	if (d->line <= 0)
		return "ignored";
	if (l->db && d->file && !strcmp(d->file, compat_db_file(l->db)))
		return "DB entry left out";
	return "line skipped";
}

// launch.log records every skipped line, but a left-out DB entry once (its first problem).
static bool is_first_of_its_file(const struct profile_diags *d, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (d->v[j].file && d->v[i].file && !strcmp(d->v[j].file, d->v[i].file))
			return false;
	return true;
}

int launch_resolve_profile(struct launch *l, struct launch_err *e)
{
	char cfg[PATH_MAX];
	struct profile_override ov[LAUNCH_MAX_OVERRIDES];
	struct profile_inputs in = {
		.appid = l->appid[0] ? l->appid : NULL,
		.exe = l->exe[0] ? l->exe : NULL,
		.envp = (const char *const *)l->env.v,
	};
	env_xdg_dir(&l->env, "XDG_CONFIG_HOME", ".config", cfg);
	if (strlen(cfg) + 8 >= sizeof(cfg))
		return launch_errf(e, -ENAMETOOLONG, "XDG_CONFIG_HOME too long");
	strcat(cfg, "/mvgal");
	int rc = profile_files_load(&l->files, cfg, in.appid, in.exe, &l->diags);
	if (rc == PROFILE_ENOMEM)
		return launch_errf(e, -ENOMEM, "out of memory");
	profile_files_fill(&l->files, &in);
	open_db(l, &in);
	if ((rc = read_cli_profile(l, &in, e)) < 0)
		return rc;
	for (size_t i = 0; i < l->o->n_ov; i++)
		ov[i] = (struct profile_override){ .key = (enum profile_key)l->o->ov[i].key,
						   .value = l->o->ov[i].value,
						   .origin = l->o->ov[i].origin };
	in.overrides = ov;
	in.n_overrides = l->o->n_ov;
	if (profile_resolve(&l->prof, &in, &l->diags) < 0)
		return launch_errf(e, -ENOMEM, "out of memory");
	// A bad line must not keep the game from starting, nor take the file's other settings
	// with it (issue 27): each problem is one line on stderr (Steam keeps it in its console
	// log) and launch_log() records it, for Steam mode where no one reads stderr.
	for (size_t i = 0; i < l->diags.n; i++) {
		char buf[512], safe[2048];
		error("%s (%s)",
		      text_safe(profile_diag_text(&l->diags.v[i], buf, sizeof(buf)), safe,
				sizeof(safe)),
		      left_out_what(l, &l->diags.v[i]));
	}
	return 0;
}

void launch_profile_proton(const char *appid, char *out, size_t size, char *origin, size_t origin_size)
{
	struct launch_opts o = { 0 };
	struct launch l = { .o = &o };
	struct launch_err e;
	snprintf(l.appid, sizeof(l.appid), "%s", appid);
	out[0] = origin[0] = '\0';
	if (launch_resolve_profile(&l, &e) == 0 && l.prof.proton) {
		snprintf(out, size, "%s", l.prof.proton);
		snprintf(origin, origin_size, "%s", l.prof.values[PROFILE_KEY_PROTON].origin ?: "?");
	}
	launch_release(&l);
}

static int join_colon(const struct strv *v, char **out)
{
	size_t len = 1;
	for (size_t i = 0; i < v->n; i++)
		len += strlen(v->v[i]) + 1;
	char *s = calloc(1, len);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			strcat(s, ":");
		strcat(s, v->v[i]);
	}
	*out = s;
	return 0;
}

// STEAM_COMPAT_LIBRARY_PATHS and STEAM_COMPAT_TOOL_PATHS are ':'-separated: a library or tool
// folder whose path holds a ':' would reach pressure-vessel as two paths to share with the
// container, neither of them the folder. It is left out, with one line on stderr.
/* Pushes path (a `what`) onto the colon-separated list var, unless it holds ':' itself: then it
 * is left out, with one warning per list. */
static int push_path(struct strv *list, const char *path, const char *what, const char *var,
		     bool *is_warned)
{
	char safe[512];
	if (!path[0])
		return 0;
	if (!strchr(path, ':'))
		return strv_push_unique(list, path);
	if (!*is_warned)
		error("%s \"%s\" has ':' in its path: left out of %s", what,
		      text_safe(path, safe, sizeof(safe)), var);
	*is_warned = true;
	return 0;
}

static int push_library(struct strv *libs, const char *lib, bool *is_warned)
{
	return push_path(libs, lib, "Steam library", "STEAM_COMPAT_LIBRARY_PATHS", is_warned);
}

// Steam sets STEAM_COMPAT_TOOL_PATHS (innermost tool first) and STEAM_COMPAT_LIBRARY_PATHS for
// the tool it started, which is us; pressure-vessel shares exactly those paths with the
// container, so they must name the Proton and runtime we chose instead.
static int fix_tool_env(struct launch *l, const struct steam_proton *p, const char *rt_lib)
{
	struct strv tools = { 0 }, libs = { 0 };
	char *s = NULL;
	bool is_tool_warned = false;
	// a ':' in a folder would split it in two for pressure-vessel (issue 23): left out
	int rc = push_path(&tools, p->dir, "Proton folder", "STEAM_COMPAT_TOOL_PATHS",
			   &is_tool_warned);
	if (rc == 0)
		rc = push_path(&tools, l->runtime, "runtime folder", "STEAM_COMPAT_TOOL_PATHS",
			       &is_tool_warned);
	if (rc == 0)
		rc = join_colon(&tools, &s);
	if (rc == 0)
		rc = env_set(&l->env, "STEAM_COMPAT_TOOL_PATHS", s);
	free(s);
	s = NULL;
	if (rc == 0)
		rc = strv_push_colon_list(&libs, env_get(&l->env, "STEAM_COMPAT_LIBRARY_PATHS"));
	bool is_warned = false;
	if (rc == 0)
		rc = push_library(&libs, p->library, &is_warned);
	if (rc == 0)
		rc = push_library(&libs, rt_lib, &is_warned);
	if (rc == 0 && libs.n)
		rc = join_colon(&libs, &s);
	if (rc == 0 && s)
		rc = env_set(&l->env, "STEAM_COMPAT_LIBRARY_PATHS", s);
	free(s);
	strv_release(&tools);
	strv_release(&libs);
	return rc;
}

static int push_runtime(struct launch *l, const struct strv *libs, const struct steam_proton *p,
			const char *appid, char rt_lib[PATH_MAX], struct launch_err *e)
{
	struct steam_tool_manifest rtm;
	char name[256];
	char why[512];
	struct steam_diag d;
	int rc = steam_app_dir(libs, appid, l->runtime, name, sizeof(name), &d);
	if (rc == -ENOENT) {
		steam_proton_runtime_missing(p, why, sizeof(why));
		return launch_errf(e, rc, "%s (looked in %zu libraries)", why, libs->n);
	}
	if (rc < 0)
		return launch_err_steam(e, rc, &d);
	snprintf(rt_lib, PATH_MAX, "%s", l->runtime);
	char *cut = strstr(rt_lib, "/steamapps/common/");
	if (cut)
		*cut = '\0';
	if (steam_tool_manifest_read(l->runtime, &rtm, &d) < 0 || !rtm.commandline[0])
		snprintf(rtm.commandline, sizeof(rtm.commandline), "%s", RUNTIME_COMMANDLINE);
	rc = steam_tool_commandline_push(&l->argv, l->runtime, rtm.commandline, l->o->verb);
	return rc < 0 ? launch_errf(e, rc, "%s/toolmanifest.vdf: bad commandline", l->runtime) : 0;
}

static int chain_for(struct launch *l, const struct strv *libs, const struct steam_proton *p,
		     struct launch_err *e)
{
	struct steam_tool_manifest tm;
	struct steam_diag d;
	char rt_lib[PATH_MAX] = "";
	int rc = steam_tool_manifest_read(p->dir, &tm, &d);
	if (rc < 0)
		return launch_err_steam(e, rc, &d);
	if (tm.require_appid[0] && (rc = push_runtime(l, libs, p, tm.require_appid, rt_lib, e)) < 0)
		return rc;
	rc = steam_tool_commandline_push(&l->argv, p->dir,
					 tm.commandline[0] ? tm.commandline : PROTON_COMMANDLINE,
					 l->o->verb);
	if (rc < 0)
		return launch_errf(e, rc, "%s/toolmanifest.vdf: bad commandline", p->dir);
	snprintf(l->proton, sizeof(l->proton), "%s", p->name);
	rc = fix_tool_env(l, p, rt_lib);
	return rc < 0 ? launch_errf(e, rc, "out of memory") : 0;
}

/* The Steam root the launch belongs to, its libraries (and Steam's extra ones), the tool
 * folders and the Proton builds in them, from the launch's environment. */
static int find_builds(struct launch *l, struct steam_root *root, struct strv *libs,
		       struct strv *tools, struct steam_proton_list *list, struct launch_err *e)
{
	struct steam_diag d = { "" };
	const char *home = env_get(&l->env, "HOME");
	int rc = steam_root_current(env_get(&l->env, "STEAM_COMPAT_CLIENT_INSTALL_PATH"),
				    home ? home : "", root, &d);
	if (rc == 0)
		rc = steam_libraries(root->path, libs, &d);
	if (rc < 0)
		launch_err_steam(e, rc, &d);
	if (rc == 0)
		rc = strv_push_colon_list(libs, env_get(&l->env, "STEAM_COMPAT_LIBRARY_PATHS"));
	if (rc == 0)
		rc = steam_tool_dirs(root->path, env_get(&l->env, "STEAM_EXTRA_COMPAT_TOOLS_PATHS"),
				     tools);
	if (rc == 0)
		rc = steam_proton_find(libs, tools, list);
	if (rc == -ENOMEM)
		launch_errf(e, rc, "out of memory");
	return rc;
}

int launch_tool_chain(struct launch *l, struct launch_err *e)
{
	struct steam_root root;
	struct strv libs = { 0 }, tools = { 0 };
	struct steam_proton_list list = { 0 };
	struct proton_choice choice;
	struct proton_choice_dirs dirs;
	char why[1024];
	int rc = find_builds(l, &root, &libs, &tools, &list, e);
	if (rc < 0)
		goto out;
	const struct profile_value *pv = &l->prof.values[PROFILE_KEY_PROTON];
	proton_choice_dirs_of(&l->env, &dirs);
	proton_choice_make(&list, root.path, l->appid[0] ? l->appid : "0", l->prof.proton,
			   pv->origin, &dirs, &choice);
	const struct steam_proton *p = choice.pick.p;
	if (!p && choice.pick.passed_over) { /* every build lacks its runtime */
		steam_proton_runtime_missing(choice.pick.passed_over, why, sizeof(why));
		rc = launch_errf(e, -ENOENT, "%s", why);
		goto out;
	}
	if (!p && !steam_proton_list_names(&list, why, sizeof(why))) {
		rc = launch_errf(e, -ENOENT,
				 "no Proton found in %zu libraries of %s or in %s: install Proton "
				 "from Steam (Library > Tools) or GE-Proton into that folder",
				 libs.n, root.path, tools.v[0]);
		goto out;
	}
	if (!p) { /* never another build in its place (issue 24) */
		rc = launch_errf(e, -ENOENT, "%s", choice.error);
		goto out;
	}
	if (p->broken[0]) { /* named explicitly */
		rc = launch_errf(e, -EINVAL, "%s", p->broken);
		goto out;
	}
	if (choice.pick.passed_over) {
		steam_proton_runtime_missing(choice.pick.passed_over, why, sizeof(why));
		error("%s; using %s", why, p->name);
	}
	rc = chain_for(l, &libs, p, e);
out:
	steam_proton_list_release(&list);
	strv_release(&libs);
	strv_release(&tools);
	return rc;
}

static void log_append(char *line, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void log_append(char *line, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	if (*len >= size)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(line + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
}

int launch_log_path(const struct strv *env, char dir[PATH_MAX], char path[PATH_MAX])
{
	if (env)
		env_xdg_dir(env, "XDG_STATE_HOME", ".local/state", dir);
	else
		fs_xdg_dir("XDG_STATE_HOME", ".local/state", dir);
	if (strlen(dir) + 8 >= PATH_MAX || !dir[0])
		return -ENAMETOOLONG;
	strcat(dir, "/mvgal");
	return fs_path_join(path, dir, "launch.log");
}

/* $XDG_STATE_HOME/mvgal/launch.log, its folder created. */
static int log_path(const struct strv *env, char path[PATH_MAX])
{
	char dir[PATH_MAX];
	int rc = launch_log_path(env, dir, path);
	if (rc < 0)
		return rc;
	return fs_mkdirs(dir);
}

/* Every setting, built-in ones included, and every [env] entry with its value: the line alone
 * says what the game got and where each value came from. */
static void log_settings(char *line, size_t size, size_t *len, const struct profile *p)
{
	char a[1024], b[1024];
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_value *v = &p->values[k];
		log_append(line, size, len, " %s=\"%s\"@%s", profile_settings[k].dotted,
			   text_safe(v->text ? v->text : "", a, sizeof(a)),
			   text_safe(v->origin ? v->origin : "built-in", b, sizeof(b)));
	}
	for (size_t i = 0; i < p->n_env; i++) {
		log_append(line, size, len, " env.%s=\"%s\"@%s", p->env[i].name,
			   text_safe(p->env[i].value, a, sizeof(a)),
			   text_safe(p->env[i].origin, b, sizeof(b)));
	}
}

/* time, verb, title: the start of every line, the exec-failure line included */
static void log_identity(char *line, size_t size, size_t *len, const struct launch *l)
{
	char stamp[32], a[1024];
	launch_utc_stamp(stamp, sizeof(stamp), true);
	log_append(line, size, len, "%s", stamp);
	log_append(line, size, len, " mode=%s",
		   text_safe(l->o->verb ? l->o->verb : "wrap", a, sizeof(a)));
	log_append(line, size, len, " appid=%s exe=\"%s\"", l->appid[0] ? l->appid : "-",
		   text_safe(l->exe, a, sizeof(a)));
}

/* What was resolved before exec (or before the error): Proton, layer, settings, left-out files. */
static void log_details(char *line, size_t size, size_t *len, const struct launch *l)
{
	char a[1024], b[1024];
	if (l->o->is_native)
		log_append(line, size, len, " tool=native");
	else if (l->o->verb)
		log_append(line, size, len, " proton=\"%s\" runtime=\"%s\"",
			   text_safe(l->proton, a, sizeof(a)), text_safe(l->runtime, b, sizeof(b)));
	else if (l->is_steam_chain)
		log_append(line, size, len, " chain=steam%s", l->wraps_self ? "+mvgal-launch" : "");
	if (!l->is_resolved)
		return;
	log_append(line, size, len, " layer=%s%s", l->is_layer ? "on" : "off",
		   l->is_layer_unseen ? " loader=no-manifest" : "");
	log_settings(line, size, len, &l->prof);
	if (l->gl_note[0])
		log_append(line, size, len, " %s", l->gl_note); /* made safe in gl_env.c */
	if (l->telemetry[0])
		log_append(line, size, len, " telemetry=%s", text_safe(l->telemetry, a, sizeof(a)));
	for (size_t i = 0; i < l->diags.n; i++) {
		const char *what = left_out_what(l, &l->diags.v[i]);
		bool is_skip = !strcmp(what, "line skipped");
		if (!is_skip && !is_first_of_its_file(&l->diags, i))
			continue;
		profile_diag_text(&l->diags.v[i], b, sizeof(b));
		log_append(line, size, len, " %s=\"%s\"",
			   is_skip		      ? "skipped"
			   : !strcmp(what, "ignored") ? "ignored"
						      : "left_out",
			   text_safe(b, a, sizeof(a)));
	}
	if (l->warning[0])
		log_append(line, size, len, " warning=\"%s\"", text_safe(l->warning, a, sizeof(a)));
}

void launch_log(const struct launch *l, enum launch_result result, const char *why)
{
	// Every string here may come from Steam's files or the game's argv: text_safe() keeps
	// the entry one line (no forged lines, no terminal escapes for whoever reads it).
	char path[PATH_MAX] = "launch.log", line[8192], a[1024];
	size_t len = 0, size = sizeof(line) - 1;
	int rc = log_path(&l->env, path);
	log_identity(line, size, &len, l);
	if (result != LAUNCH_RESULT_EXEC_FAILED)
		log_details(line, size, &len, l);
	// result= closes the line: cut the details, never the result, when the line is too long
	const char *word = result == LAUNCH_RESULT_EXEC ? "exec" : "error";
	char tail[1400];
	int n = snprintf(tail, sizeof(tail), " result=%s", word);
	if (why && n > 0 && (size_t)n < sizeof(tail))
		snprintf(tail + n, sizeof(tail) - (size_t)n, "%s error=\"%s\"",
			 result == LAUNCH_RESULT_EXEC_FAILED ? " stage=exec" : "",
			 text_safe(why, a, sizeof(a)));
	size_t tl = strlen(tail);
	if (len > size - tl)
		len = size - tl;
	memcpy(line + len, tail, tl);
	len += tl;
	line[len++] = '\n';
	if (rc == 0)
		rc = fs_append(path, line, len); /* one write(): concurrent launches never mix */
	if (rc < 0)
		error("cannot append to %s: %s", text_safe(path, a, sizeof(a)), fs_strerror(rc));
}

/* The value of key="..." in line[0..n) (text_safe()'s escapes kept), or "" when absent. */
static void quoted_field(const char *line, size_t n, const char *key, char *out, size_t size)
{
	char pat[32];
	size_t k = 0;
	snprintf(pat, sizeof(pat), " %s=\"", key);
	const char *p = memmem(line, n, pat, strlen(pat));
	out[0] = '\0';
	if (!p)
		return;
	for (p += strlen(pat); p < line + n && *p != '"' && k + 2 < size; p++) {
		if (*p == '\\' && p + 1 < line + n)
			out[k++] = *p++;
		out[k++] = *p;
	}
	out[k] = '\0';
}

/* The word after key= in line[0..n) (up to a blank), or "". */
static void word_field(const char *line, size_t n, const char *key, char *out, size_t size)
{
	char pat[32];
	snprintf(pat, sizeof(pat), " %s=", key);
	const char *p = memmem(line, n, pat, strlen(pat));
	out[0] = '\0';
	if (p) {
		p += strlen(pat);
		snprintf(out, size, "%.*s", (int)strcspn(p, " \n"), p);
	}
}

// launch.log grows by a line per launch: only its tail is read.
#define LOG_TAIL_MAX (256 * 1024)

int launch_log_last(struct launch_last *last, char path[PATH_MAX])
{
	char dir[PATH_MAX], *buf = NULL, *found = NULL;
	size_t len = 0, n = 0;
	struct stat st;
	memset(last, 0, sizeof(*last));
	int rc = launch_log_path(NULL, dir, path);
	int fd = rc < 0 ? rc : fs_open_read(path);
	if (fd < 0)
		return fd;
	bool is_tail = fstat(fd, &st) == 0 && st.st_size > LOG_TAIL_MAX &&
		       lseek(fd, st.st_size - LOG_TAIL_MAX, SEEK_SET) >= 0;
	rc = fs_read_fd(fd, 2 * LOG_TAIL_MAX, &buf, &len); /* it may grow meanwhile */
	close(fd);
	if (rc < 0)
		return rc;
	char *start = is_tail ? strchrnul(buf, '\n') : buf; /* not from a line's middle */
	// the launcher's lines have mode=; the layer's "<time> result ..." lines do not
	for (char *line = start + (is_tail && *start), *next; *line; line = next) {
		size_t k = strcspn(line, "\n");
		next = line + k + (line[k] == '\n');
		if (memmem(line, k, " mode=", 6) && line[k] == '\n')
			found = line, n = k;
	}
	if (!found) {
		free(buf);
		return -ENOENT;
	}
	snprintf(last->stamp, sizeof(last->stamp), "%.*s", (int)strcspn(found, " \n"), found);
	word_field(found, n, "mode", last->mode, sizeof(last->mode));
	word_field(found, n, "appid", last->appid, sizeof(last->appid));
	quoted_field(found, n, "exe", last->exe, sizeof(last->exe));
	word_field(found, n, "result", last->result, sizeof(last->result));
	quoted_field(found, n, "error", last->error, sizeof(last->error));
	free(buf);
	return 0;
}

void launch_release(struct launch *l)
{
	profile_release(&l->prof);
	profile_diags_release(&l->diags);
	profile_files_release(&l->files);
	compat_db_close(l->db);
	free(l->cli_text);
	strv_release(&l->argv);
	strv_release(&l->env);
}

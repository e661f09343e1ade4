// SPDX-License-Identifier: MIT
// mvgal-launch profile show APPID|EXE [--explain] | check [FILE...] | edit APPID|EXE | keys
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fs.h"
#include "compat/compat.h"
#include "launcher/titles.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/usage.h"
#include "vdf/vdf.h"

extern char **environ;

static const char usage_text[] =
	"usage: mvgal-launch profile show APPID|NAME|EXE [--explain] [--exe]\n"
	"       mvgal-launch profile check [FILE...]\n"
	"       mvgal-launch profile edit APPID|NAME|EXE\n"
	"       mvgal-launch profile edit --exe EXE\n"
	"       mvgal-launch profile keys\n"
	"NAME: an installed or DB title's name, any case, or a unique part of it; EXE: a\n"
	"non-Steam game's executable name (with a profile, in PATH, *.exe, or --exe).\n"
	"show: the effective profile of a title (--explain: where each value comes from);\n"
	"check: every error of the given files, else of default.ini and profiles/*.ini;\n"
	"edit: open the title's file in $VISUAL/$EDITOR (created from a template), then\n"
	"check it;\n"
	"keys: every key of the schema with its values, default, variable and option.\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return 2;
}

/* Diagnostics from index `from` on; they quote file text, so escaped for the terminal. */
static void print_diags_from(const struct profile_diags *d, size_t from)
{
	char buf[600], safe[2400];
	for (size_t i = from; i < d->n; i++)
		fprintf(stderr, "%s\n",
			text_safe(profile_diag_text(&d->v[i], buf, sizeof(buf)), safe, sizeof(safe)));
}

static void print_diags(const struct profile_diags *d)
{
	print_diags_from(d, 0);
}

/* ---- show ---------------------------------------------------------------------------- */

/* "'Elden Ring' is appid 1245620" when a name was typed: the user sees which title it meant. */
static void say_resolved(const char *cmd, const char *word, const struct steam_title_pick *pick)
{
	char safe[512];
	if (pick->appid[0] && pick->name[0] && strcmp(word, pick->appid))
		fprintf(stderr, "%s: '%s' is appid %s\n", cmd,
			text_safe(pick->name, safe, sizeof(safe)), pick->appid);
}

static void print_profile(const struct profile *p, int is_explain)
{
	const char *section = "";
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_setting *s = &profile_settings[k];
		if (strcmp(section, s->section))
			printf("%s[%s]\n", *section ? "\n" : "", s->section);
		section = s->section;
		// values and origins (file paths) are text from files: escaped for the terminal
		char v[1024], o[1024];
		text_safe(p->values[k].text, v, sizeof(v));
		if (is_explain)
			printf("%-13s = %-20s ; %s\n", s->name, v,
			       text_safe(p->values[k].origin, o, sizeof(o)));
		else
			printf("%s = %s\n", s->name, v);
	}
	if (p->n_env)
		printf("\n[%s]\n", PROFILE_ENV_SECTION);
	for (size_t i = 0; i < p->n_env; i++) {
		char v[1024], o[1024];
		text_safe(p->env[i].value, v, sizeof(v));
		if (is_explain)
			printf("%s = %s ; %s\n", p->env[i].name, v,
			       text_safe(p->env[i].origin, o, sizeof(o)));
		else
			printf("%s = %s\n", p->env[i].name, v);
	}
}

/* Adds the DB layer when the DB has the title; reasons go to the explain output. */
static void add_db_layer(struct compat_db **db, const char *appid, const char *exe,
			 struct compat_entry *e, struct profile_inputs *in, int is_explain)
{
	struct compat_db_choice c;
	if (db_choose(NULL, &c) || compat_db_open(c.path, db)) {
		if (is_explain)
			printf("; compat DB: none usable (%s)\n", c.why);
		return;
	}
	if (compat_db_lookup(*db, appid, exe, e) == 0) {
		compat_db_entry_source(e, &in->db_entry);
		char name[600], file[1024], reason[2100];
		if (is_explain)
			printf("; compat DB entry: %s (%s:%d)\n; reason: %s\n",
			       text_safe(e->name, name, sizeof(name)),
			       text_safe(e->file, file, sizeof(file)), e->line,
			       text_safe(e->reason, reason, sizeof(reason)));
	} else if (is_explain) {
		printf("; compat DB: no entry in %s\n", c.path);
	}
}

/* A Steam title: the Proton build a launch wraps and why (issue 24), as a comment line. */
static void print_proton_choice(const char *appid, const struct profile *p)
{
	struct steam_root root;
	struct strv libs = { 0 }, dirs = { 0 };
	struct steam_proton_list pl = { 0 };
	struct proton_choice c;
	struct steam_diag e;
	char line[4096], safe[4096];
	if (steam_root_current(getenv("STEAM_COMPAT_CLIENT_INSTALL_PATH"), path_home(), &root, &e) ==
		    0 &&
	    steam_libraries(root.path, &libs, &e) == 0 &&
	    steam_tool_dirs(root.path, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &dirs) == 0 &&
	    steam_proton_find(&libs, &dirs, &pl) == 0) {
		struct proton_choice_dirs cd;
		proton_choice_dirs_of(NULL, &cd);
		proton_choice_make(&pl, root.path, appid, p->proton,
				   p->values[PROFILE_KEY_PROTON].origin, &cd, &c);
		printf("\n; Proton in Steam: %s\n",
		       text_safe(proton_choice_text(&c, line, sizeof(line)), safe, sizeof(safe)));
	}
	steam_proton_list_release(&pl);
	strv_release(&dirs);
	strv_release(&libs);
}

/* `profile show WORD`: the title's profile, layer by layer when is_explain. */
static int show(const char *word, int is_explain, bool is_exe)
{
	char cfg[4096];
	if (profile_config_dir(cfg, sizeof(cfg))) {
		error("profile: neither XDG_CONFIG_HOME nor HOME is set");
		return 1;
	}
	struct steam_title_pick pick;
	int code = titles_resolve("profile show", word, is_exe, &pick);
	if (code)
		return code;
	const char *appid = pick.appid[0] ? pick.appid : NULL, *exe = appid ? NULL : pick.exe;
	const char *title = appid ? appid : exe;
	say_resolved("profile show", word, &pick);
	struct profile_diags d = { 0 };
	struct profile_files f;
	struct profile p = { 0 };
	struct compat_db *db = NULL;
	struct compat_entry e;
	struct profile_inputs in = { .appid = appid, .exe = exe, .envp = (const char *const *)environ };
	int rc = profile_files_load(&f, cfg, appid, exe, &d);
	if (rc == PROFILE_ENOMEM)
		goto out;
	profile_files_fill(&f, &in);
	if (is_explain) /* an absent file is still named: that is where to create it */
		printf("; %s: built-in <- %s%s <- compat DB <- %s%s <- MVGAL_* environment\n",
		       title, f.default_path, f.default_text ? "" : " (absent)",
		       f.title_path ? f.title_path : "(no title file)",
		       f.title_path && !f.title_text ? " (absent)" : "");
	add_db_layer(&db, appid, exe, &e, &in, is_explain);
	rc = profile_resolve(&p, &in, &d);
	if (!rc)
		print_profile(&p, is_explain);
	if (!rc && appid)
		print_proton_choice(appid, &p);
out:
	if (rc)
		error("profile: %s", profile_strerror(rc));
	print_diags(&d);
	code = rc || d.n ? 1 : 0;
	profile_release(&p);
	compat_db_close(db);
	profile_files_release(&f);
	profile_diags_release(&d);
	return code;
}

static int cmd_show(int argc, char **argv)
{
	const char *word = NULL;
	int is_explain = 0;
	bool is_exe = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--explain"))
			is_explain = 1;
		else if (!strcmp(argv[i], "--exe"))
			is_exe = true;
		else if (!word && argv[i][0] != '-')
			word = argv[i];
		else
			return usage();
	}
	return word ? show(word, is_explain, is_exe) : usage();
}

/* ---- check --------------------------------------------------------------------------- */

int user_profile_check_path(const char *path, struct profile_diags *d, char *read_err, size_t size)
{
	char *text;
	size_t len;
	int e;
	int rc = profile_read_file(path, PROFILE_MAX_FILE, &text, &len, &e);
	read_err[0] = '\0';
	if (rc) {
		snprintf(read_err, size, "%s: %s", path, e ? fs_strerror(-e) : profile_strerror(rc));
		return 1;
	}
	struct profile_source src = { .file = path, .text = text, .len = len, .first_line = 1 };
	rc = profile_check_source(&src, d);
	free(text);
	return rc ? 1 : 0;
}

static int check_file(const char *path, struct profile_diags *d, size_t *files)
{
	char read_err[600], safe[2400];
	size_t before = d->n;
	int rc = user_profile_check_path(path, d, read_err, sizeof(read_err));
	(*files)++;
	if (read_err[0])
		fprintf(stderr, "%s\n", text_safe(read_err, safe, sizeof(safe)));
	print_diags_from(d, before);
	return rc;
}

static int ini_name(const struct dirent *de)
{
	size_t n = strlen(de->d_name);
	return de->d_name[0] != '.' && n > 4 && !strcmp(de->d_name + n - 4, ".ini");
}

int user_profile_files(char ***paths, size_t *n_paths)
{
	char cfg[4096], path[4400];
	size_t n = 0;
	*paths = NULL;
	*n_paths = 0;
	if (profile_config_dir(cfg, sizeof(cfg)))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/profiles", cfg);
	struct dirent **list = NULL;
	int n_list = scandir(path, &list, ini_name, alphasort);
	char **v = calloc((size_t)(n_list > 0 ? n_list : 0) + 2, sizeof(*v));
	snprintf(path, sizeof(path), "%s/default.ini", cfg);
	if (v && access(path, F_OK) == 0)
		v[n++] = strdup(path);
	for (int i = 0; i < n_list; i++) {
		if (v && asprintf(&v[n], "%s/profiles/%s", cfg, list[i]->d_name) >= 0)
			n++;
		free(list[i]);
	}
	free(list);
	*paths = v;
	*n_paths = n;
	return v ? 0 : -ENOMEM;
}

static int cmd_check_files(int argc, char **argv)
{
	struct profile_diags d = { 0 };
	size_t files = 0, bad = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			bad += (size_t)check_file(argv[i], &d, &files);
	} else {
		char **paths;
		size_t n;
		if (user_profile_files(&paths, &n) == -ENOENT) {
			error("profile: neither XDG_CONFIG_HOME nor HOME "
			      "is set");
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			bad += paths[i] ? (size_t)check_file(paths[i], &d, &files) : 0;
			free(paths[i]);
		}
		free(paths);
	}
	printf("%zu file%s checked, %zu with errors, %zu error%s%s\n", files, files == 1 ? "" : "s",
	       bad, d.n, d.n == 1 ? "" : "s",
	       d.n ? " (a launch skips those lines and applies the rest)" : "");
	profile_diags_release(&d);
	return bad ? 1 : 0;
}

/* ---- edit ---------------------------------------------------------------------------- */

/* A new profile lists every key of the schema, commented out, with its values and default.
 * [env] comes first: a line appended at the end lands in [frame], not as a variable (issue 27).
 * The hint names the title by what `profile show` takes as one word: its appid or exe. */
static char *template_text(const char *name, const char *title)
{
	size_t cap = 8192, n = 0;
	char *t = malloc(cap);
	if (!t)
		return NULL;
	n += (size_t)snprintf(
		t + n, cap - n,
		"; mvgal-launch profile for %s. Uncomment what you need; this file\n"
		"; wins over the compat DB and default.ini (see `mvgal-launch profile "
		"show %s --explain`).\n"
		"\n[env]\n; NAME = value for the game (not LD_*, VK_*LAYER*, driver selection, "
		"PYTHON*, HOME, XDG_*, STEAM_COMPAT_* or MVGAL_*); settings go in their sections "
		"below\n;DXVK_HUD = fps\n",
		name, title);
	const char *section = "";
	for (size_t k = 0; k < PROFILE_KEY_COUNT && n < cap; k++) {
		const struct profile_setting *s = &profile_settings[k];
		if (strcmp(section, s->section))
			n += (size_t)snprintf(t + n, cap - n, "\n[%s]\n", s->section);
		section = s->section;
		n += (size_t)snprintf(t + n, cap - n, "; %s\n;   values: %s\n;%s = %s\n", s->help,
				      s->values, s->name, s->default_value);
	}
	if (n < cap)
		n += (size_t)snprintf(t + n, cap - n, "\n; a line added below belongs to [%s]\n",
				      section);
	if (n >= cap) {
		free(t);
		return NULL;
	}
	return t;
}

/* Runs $VISUAL, else $EDITOR, else vi on path: split into words, no shell, then waits. */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char **words;
	size_t n;
	if (profile_args_split(ed, &words, &n) || !n) {
		error("profile edit: cannot use editor '%s'", ed);
		profile_args_free(words);
		return 1;
	}
	char **argv = calloc(n + 2, sizeof(*argv));
	if (!argv) {
		profile_args_free(words);
		return 1;
	}
	memcpy(argv, words, n * sizeof(*argv));
	argv[n] = (char *)path;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		error("profile edit: %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0, rc = 1;
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	} else {
		error("profile edit: fork: %s", strerror(errno));
	}
	free(argv);
	profile_args_free(words);
	return rc;
}

static int cmd_edit(int argc, char **argv)
{
	bool is_exe = argc == 3 && !strcmp(argv[1], "--exe");
	const char *word = argv[is_exe ? 2 : 1];
	if (argc != 2 + is_exe || !word[0] || strchr(word, '/') || word[0] == '.' || word[0] == '-')
		return usage();
	char cfg[4096], dir[4200], path[4500];
	if (profile_config_dir(cfg, sizeof(cfg))) {
		error("profile: neither XDG_CONFIG_HOME nor HOME is set");
		return 1;
	}
	// a game's name means its appid; a name that is nothing known is refused, not created
	struct steam_title_pick pick;
	int code = titles_resolve("profile edit", word, is_exe, &pick);
	if (code)
		return code;
	const char *title = pick.appid[0] ? pick.appid : pick.exe;
	say_resolved("profile edit", word, &pick);
	snprintf(dir, sizeof(dir), "%s/profiles", cfg);
	snprintf(path, sizeof(path), "%s/%s.ini", dir, title);
	if (access(path, F_OK) != 0) {
		char *t = template_text(pick.name[0] ? pick.name : title, title);
		int e = t ? fs_mkdirs(dir) : -ENOMEM;
		if (!e)
			e = write_atomic(path, t, strlen(t));
		free(t);
		if (e) {
			error("profile edit: cannot create %s: %s", path, fs_strerror(e));
			return 1;
		}
		fprintf(stderr, "profile edit: created %s from the template\n", path);
	}
	int rc = run_editor(path);
	if (rc) {
		error("profile edit: the editor exited with status %d", rc);
		return 1;
	}
	struct profile_diags d = { 0 };
	size_t files = 0;
	rc = check_file(path, &d, &files);
	if (!rc)
		printf("%s: ok\n", path);
	else
		printf("%s: %zu error%s (a launch skips those lines until fixed and applies the "
		       "rest)\n",
		       path, d.n, d.n == 1 ? "" : "s");
	profile_diags_release(&d);
	return rc;
}

/* ---- keys: the schema as a table, for docs and completion --------------------------- */

static int cmd_keys(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage();
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_setting *s = &profile_settings[k];
		printf("%s\n    values:  %s\n    default: %s\n", s->dotted, s->values,
		       s->default_value[0] ? s->default_value : "(empty)");
		if (s->env)
			printf("    env:     %s\n", s->env);
		if (s->option)
			printf("    option:  %s\n", s->option);
		printf("    %s\n", s->help);
	}
	printf("env.NAME\n    values:  any text; not LD_*, VK_*LAYER*, VK_ICD_FILENAMES and other "
	       "driver selection, GCONV_PATH, PYTHON*, HOME, XDG_*, STEAM_COMPAT_*, PATH, MVGAL_*\n"
	       "    from the compat DB: only the variables listed in profiles/env_rules.c\n"
	       "    the [env] section: variables for the game\n");
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	static const struct command verbs[] = {
		{ "show", cmd_show },
		{ "check", cmd_check_files },
		{ "edit", cmd_edit },
		{ "keys", cmd_keys },
	};
	return command_dispatch(verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv, usage_text);
}

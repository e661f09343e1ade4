// SPDX-License-Identifier: MIT
// mvgal-launch entry point: the only place that turns an error into an exit code
// (0 ok, 1 runtime failure, 2 usage). Three shapes of command line:
//   mvgal-launch VERB ARGS...          Steam runs us as a compatibility tool (launch.c)
//   mvgal-launch [OPTIONS] -- CMD ...  wrapper mode (options.c, launch.c)
//   mvgal-launch SUBCOMMAND ...        install, list, check, db, profile, report, ...
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/term.h"
#include "launcher/usage.h"
#include "profiles/settings.h"

static void usage(FILE *out)
{
	fputs("usage: mvgal-launch VERB ARGS...              (Steam runs it as a compat tool)\n"
	      "       mvgal-launch [OPTIONS] -- CMD ARGS...  (wrap a native or non-Steam game)\n"
	      "       mvgal-launch [OPTIONS] CMD ARGS...     (the same, CMD a program in PATH)\n"
	      "       mvgal-launch COMMAND [ARGS...]\n"
	      "\n"
	      "Commands:\n"
	      "  install [--steam-root DIR]   register the tool in every Steam found\n"
	      "  uninstall [--steam-root DIR] remove it again\n"
	      "  list                         games and shortcuts, their tool and profile\n"
	      "  set-tool APPID [TOOL|none]   set a title's compatibility tool (Steam closed)\n"
	      "  protons                      Proton builds found and which one each title gets\n"
	      "  check                        Vulkan, GPUs, layer, Steam, Proton, DB, profiles\n"
	      "  gpus [--json]                the GPUs and the gpu.select terms that pick each\n"
	      "  profile show|edit|check ...  per-title profiles (APPID, exe or game name)\n"
	      "  db update|show|search|path   the compatibility database\n"
	      "  report [FILE.csv]            frame-time summary of the last run\n"
	      "  (install, uninstall, list, set-tool, protons and check take --steam-root=DIR)\n"
	      "\n"
	      "Verbs (from Steam): waitforexitandrun run runinprefix destroyprefix\n"
	      "  getcompatpath getnativepath; other verbs are passed to Proton unchanged.\n"
	      "\n"
	      "Wrapper options (one more profile layer, above MVGAL_* variables):\n"
	      "  --profile FILE               an extra profile file\n"
	      "  --no-layer                   start without the Vulkan layer\n",
	      out);
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_setting *s = &profile_settings[k];
		if (s->option) {
			fprintf(out, "  %-28s ", s->option);
			term_print_wrapped(out, 31, 31, s->values);
		}
	}
	// what setting_bool_parse() takes, as the README's profile section says (issue 16)
	fputs("  on and off also take true/false, yes/no and 1/0, in any case.\n", out);
	fputs("\nOther: --help, --version. See mvgal-launch(1) and `mvgal-launch COMMAND "
	      "--help`.\n",
	      out);
}

static const struct command commands[] = {
	{ "install", cmd_install }, { "uninstall", cmd_uninstall },
	{ "list", cmd_list },	    { "set-tool", cmd_set_tool },
	{ "protons", cmd_protons }, { "check", cmd_check },
	{ "db", cmd_db },	    { "profile", cmd_profile },
	{ "report", cmd_report },   { "gpus", cmd_gpus },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static int unknown_command(const char *a)
{
	const char *names[N_COMMANDS + 2];
	char safe[128];
	size_t n = 0;
	for (; n < N_COMMANDS; n++)
		names[n] = commands[n].name;
	names[n++] = "--help";
	names[n++] = "--version";
	const char *near = term_closest(a, names, n);
	text_safe(a, safe, sizeof(safe));
	struct stat st;
	// `mygame` in this folder is run as ./mygame: `-- mygame` looks in PATH only (issue 27)
	bool is_here = stat(a, &st) == 0 && S_ISREG(st.st_mode);
	if (is_here)
		error("'%s' is not a command; to run the program in this folder: "
		      "mvgal-launch -- ./%s",
		      safe, safe);
	else if (near)
		error("unknown command '%s': did you mean '%s'?", safe, near);
	else
		error("'%s' is neither a command, a program in PATH nor a file in this folder; "
		      "to run a program: mvgal-launch -- /path/to/program (see mvgal-launch "
		      "--help)",
		      safe);
	return 2;
}

static int wrapper(int argc, char **argv)
{
	struct launch_opts o = { 0 };
	struct launch_err e = { { 0 } };
	int rc = launch_parse_wrapper(argc, argv, &o, &e);
	if (rc) {
		error("%s", e.msg);
		return rc;
	}
	rc = launch_exec(&o, &e);
	error("%s", e.msg);
	return rc ? rc : 1;
}

static int tool_mode(int argc, char **argv, bool is_native)
{
	struct launch_opts o = {
		.verb = argv[0], .cmd = argv + 1, .n_cmd = argc - 1, .is_native = is_native
	};
	struct launch_err e = { { 0 } };
	int rc = launch_exec(&o, &e);
	if (rc == 0 && !e.msg[0])
		return 0; /* the native tool had nothing to run for this verb */
	error("%s", e.msg);
	return rc ? rc : 1;
}

int main(int argc, char **argv)
{
	flatpak_xdg_defaults();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *a = argv[1];
	if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(a, "--version")) {
		// the release, and the commit when built from a git checkout
		printf("mvgal-launch %s%s%s%s\n", MVGAL_VERSION, MVGAL_COMMIT[0] ? " (commit " : "",
		       MVGAL_COMMIT, MVGAL_COMMIT[0] ? ")" : "");
		return 0;
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(a, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	// The native tool's toolmanifest: "/mvgal-launch --native %verb%" (cmd_install.c).
	if (!strcmp(a, "--native") && argc > 2 &&
	    (launch_is_verb(argv[2]) || getenv("STEAM_COMPAT_DATA_PATH")))
		return tool_mode(argc - 2, argv + 2, true);
	if (a[0] == '-' || strchr(a, '/'))
		return wrapper(argc - 1, argv + 1);
	// Steam may grow new verbs; pass any word through when Steam is clearly the caller.
	if (launch_is_verb(a) || getenv("STEAM_COMPAT_DATA_PATH"))
		return tool_mode(argc - 1, argv + 1, false);
	// `mvgal-launch vkcube`, as with `mangohud vkcube` and `gamemoderun vkcube`
	if (launch_is_program(a))
		return wrapper(argc - 1, argv + 1);
	return unknown_command(a);
}

// SPDX-License-Identifier: MIT
// Subcommands of mvgal-launch. Each takes the argv that starts at its own name (argv[0] is
// "db", "profile", ...) and returns the process exit code: 0 ok, 1 runtime failure, 2 usage.
// Only main.c turns these into an exit; subcommands print their own one-line errors.
#ifndef MVGAL_LAUNCHER_COMMANDS_H
#define MVGAL_LAUNCHER_COMMANDS_H

#include <stddef.h>

/* A command or a sub-command ("db update"): fn gets the argv that starts at its name. */
struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/*
 * A command's sub-commands (db, profile): --help or -h anywhere prints usage to stdout (0);
 * argv[1] naming an entry of table runs it with argv + 1; none or another word prints usage
 * to stderr (2).
 */
int command_dispatch(const struct command *table, size_t n, int argc, char **argv, const char *usage);

int cmd_install(int argc, char **argv);	  // install [--steam-root DIR]... (cmd_install.c)
int cmd_uninstall(int argc, char **argv); // uninstall                    (cmd_install.c)
int cmd_list(int argc, char **argv);	  // list                         (cmd_steam.c)
int cmd_protons(int argc, char **argv);	  // protons                      (cmd_steam.c)
int cmd_set_tool(int argc, char **argv);  // set-tool APPID TOOL          (cmd_settool.c)
int cmd_check(int argc, char **argv);	  // check                        (cmd_check.c)
int cmd_db(int argc, char **argv);	  // db update|show|search|path
int cmd_profile(int argc, char **argv);	  // profile show|edit|check|keys
int cmd_report(int argc, char **argv);	  // report [DIR|FILE.csv ...]
int cmd_gpus(int argc, char **argv);	  // gpus [--json]

struct profile_diags;
/* The user's profile files: default.ini when present, then each profiles/NAME.ini, sorted;
 * *paths is malloc'd (free each entry, NULL where out of memory, and the array). 0, -ENOENT
 * (no config folder: XDG_CONFIG_HOME and HOME unset) or -ENOMEM. */
int user_profile_files(char ***paths, size_t *n_paths);
/* Checks one profile file: 0 when clean, 1 with its errors added to d (or, unreadable, the
 * reason in read_err as "path: reason"). */
int user_profile_check_path(const char *path, struct profile_diags *d, char *read_err, size_t size);

#endif

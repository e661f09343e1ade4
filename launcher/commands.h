// SPDX-License-Identifier: MIT
// Subcommands of mvgal-launch. Each takes the argv that starts at its own name (argv[0] is
// "db", "profile", ...) and returns the process exit code: 0 ok, 1 runtime failure, 2 usage.
// Only main.c turns these into an exit; subcommands print their own one-line errors.
#ifndef MVGAL_LAUNCHER_COMMANDS_H
#define MVGAL_LAUNCHER_COMMANDS_H

int cmd_db(int argc, char **argv);      // db update|show|search|path  (compat issue)
int cmd_profile(int argc, char **argv); // profile show|edit|check     (profiles issue)
int cmd_report(int argc, char **argv);  // report [DIR|FILE.csv ...]   (demo issue)
int cmd_gpus(int argc, char **argv);    // gpus [--json]               (OpenGL issue 15)

#endif

// SPDX-License-Identifier: MIT
// Internal interfaces of mvgal-launch (launcher/ only). The launcher is the edge of the
// project: it reads Steam's files, the environment and the clock, and does every exec.
// Functions return 0 or a negative errno; the ones that can fail for a reason the user must
// read fill a struct launch_err with one line ("file:line: message" style, no newline).
#ifndef MVGAL_LAUNCHER_LAUNCHER_H
#define MVGAL_LAUNCHER_LAUNCHER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/fs.h"
#include "common/strv.h"
#include "common/text.h"
#include "steam/steam.h"

struct vdf_node;
struct vdf_diag;

/* ---- util.c: paths, small file helpers --------------------------------- */

/* struct strv: common/strv.h */

/* One error line for the user, without the "mvgal-launch: " prefix; launch_errf() turns
 * control bytes (from paths, say) into '?' so that it stays one line. */
struct launch_err {
	char msg[1024];
};
int launch_errf(struct launch_err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* e from a steam/ error line; returns rc. */
int launch_err_steam(struct launch_err *e, int rc, const struct steam_diag *d);

/* $HOME, or "" (XDG base directories: fs_xdg_dir() in common/fs.h). */
const char *path_home(void);
/* Directory of the running program (/proc/self/exe resolved). */
int path_exe_dir(char out[PATH_MAX]);
int path_self(char out[PATH_MAX]);
/* program_path.c: Steam's launch options for the program at self ("/full/path -- %command%",
 * shell-quoted when needed), and what PATH finds as mvgal-launch: 1 self, 0 nothing, 2 another
 * program (its path in found). */
void program_launch_options(const char *self, char *out, size_t size);
int program_on_path(const char *self, char found[PATH_MAX]);
/* The folder the program was installed into: <prefix>/bin/mvgal-launch gives <prefix>; a
 * program elsewhere (the build tree) gives its own folder, which has the same shape. */
int program_prefix(char out[PATH_MAX]);

struct compat_db_choice;
/* compat_db_choose() with the inputs of env (a launch's environment), or of the process when env
 * is NULL (a command): MVGAL_DB, XDG_DATA_HOME (else ~/.local/share), the program's folder. */
int db_choose(const struct strv *env, struct compat_db_choice *choice);

/* UTC time: "2026-11-24T23:20:00Z" (is_iso) or "20261124T232000Z" (file names). */
void launch_utc_stamp(char *out, size_t size, bool is_iso);

/* Parses a VDF text file; on failure e says "path:line:col: message". */
int launch_vdf_load(const char *path, struct vdf_node **root, struct launch_err *e);

/* ---- env.c: the environment handed to the next program ---------------------------------- */

int env_init(struct strv *env, char *const *environ_in); /* copies */
const char *env_get(const struct strv *env, const char *name);
int env_set(struct strv *env, const char *name, const char *value); /* value NULL: unset */
/* fs_xdg_dir() of env ($var when absolute, else $HOME/home_rel), not of the process's. */
int env_xdg_dir(const struct strv *env, const char *var, const char *home_rel, char out[PATH_MAX]);

/* --steam-root DIR / --steam-root=DIR at argv[i]: sets *root, returns the words used (0: not
 * this option; -1: DIR missing). Every command that touches a Steam root takes it. */
int option_steam_root(int argc, char **argv, int i, const char **root);

/* ---- flatpak.c: inside Flatpak Steam's sandbox ---------------------------------------- */

/* Flatpak Steam's app id: its folder on the host is ~/.var/app/FLATPAK_STEAM_ID. */
#define FLATPAK_STEAM_ID "com.valvesoftware.Steam"
/* The Flatpak app id when this process runs in a Flatpak sandbox (FLATPAK_ID, else
 * /.flatpak-info), written to buf; NULL outside Flatpak. */
const char *flatpak_app_id(char *buf, size_t size);
/* Inside Flatpak: each unset XDG_* base directory becomes the sandbox's (~/.var/app/ID/...),
 * so profiles, the DB and state are where the sandboxed program looks. main() calls it. */
void flatpak_xdg_defaults(void);
/* Flatpak Steam sees only ~/.var/app/<id> of the host (issue 24 item 7): once the libraries are
 * in the staged tool folder (steam_tool_folder_copy_libs()), each manifest of ours in prefix/share/vulkan/implicit_layer.d goes into
 * app_dir/data/vulkan/implicit_layer.d (dest), its library_path moved from prefix to tool_dir
 * (where the staged folder will be); other manifests of ours there are removed. 0; 1 when
 * prefix has no manifest whose library is under prefix (why says); or a negative errno. */
int flatpak_layer_manifests(const char *prefix, const char *tool_dir, const char *app_dir,
			    char dest[PATH_MAX], char *why, size_t why_len);
/* Removes our manifests from the sandbox's data folder (their libraries are going away). */
void flatpak_layer_remove(const char *app_dir);

/* ---- proton_choice.c: the build a title runs ---------------------------------------------- */

/* The build a title runs, and why (DESIGN.md section 3, step 5; issue 24). */
struct proton_choice {
	struct steam_proton_pick pick;
	char wanted[256]; /* the name looked for */
	char why[512]; /* "the title's tool before mvgal-launch", "launch.proton from FILE:LINE" */
	char error[2048]; /* pick.p NULL (and no passed_over): the line saying why, with the builds */
};
/* The user's folders a choice reads: set-tool's memory is in state, a profile it names for a fix
 * in config/mvgal/profiles. */
struct proton_choice_dirs {
	char state[PATH_MAX];  /* XDG_STATE_HOME, else ~/.local/state */
	char config[PATH_MAX]; /* XDG_CONFIG_HOME, else ~/.config */
};
/* The folders of env (a launch's environment), or of the process when env is NULL (a command). */
void proton_choice_dirs_of(const struct strv *env, struct proton_choice_dirs *d);
/*
 * proton (the profile's launch.proton, origin its source) when set, else the tool the title
 * ran before mvgal-launch: its config.vdf entry or set-tool's memory of it, else Steam Play's
 * default (entry "0"), else Steam's own default (steam_tool_before()). root: the Steam root
 * whose config/config.vdf is read (NULL: none).
 */
void proton_choice_make(const struct steam_proton_list *l, const char *root, const char *appid,
			const char *proton, const char *origin,
			const struct proton_choice_dirs *dirs, struct proton_choice *c);
/* "Proton 9.0 [proton_9]: Steam Play's default (...)", or "(none): <error>". Returns out. */
const char *proton_choice_text(const struct proton_choice *c, char *out, size_t size);

/* ---- cmd_settool.c: the tools set-tool replaced ------------------------------------------ */

/* What set-tool remembered (in state, the XDG_STATE_HOME folder) for appid of the config.vdf at
 * cfg_real (resolved path): true with the tool's name in name ("" = the entry did not exist),
 * false when nothing is remembered. */
bool settool_remembered(const char *state, const char *cfg_real, const char *appid, char *name,
			size_t size);
/*
 * `uninstall`: every title of root's config.vdf mapped to mvgal or mvgal-native gets the tool
 * it had before (as `set-tool APPID none`, one write, same backups), each change printed.
 * Refuses (1, said why, nothing written) while Steam runs, for a broken config.vdf, or for an
 * appid 0 of ours with nothing remembered. is_dry_run: only those checks. 0 when done.
 */
int settool_give_back(const char *root, bool is_dry_run);

/* ---- launch.c: compat-tool mode and wrapper mode ---------------------------------------- */

#define LAUNCH_MAX_OVERRIDES 16
struct launch_opts {
	const char *verb; /* compat-tool mode: Steam's verb; NULL in wrapper mode */
	char **cmd;	  /* the rest of argv (game in tool mode, CMD in wrapper mode) */
	int n_cmd;
	bool is_no_layer; /* --no-layer */
	bool is_native;	  /* the linux -> linux tool: the verb's command runs without Proton */
	const char *profile_file; /* --profile FILE */
	char telemetry_abs[PATH_MAX];
	struct profile_override_slot {
		int key; /* enum profile_key */
		const char *value;
		const char *origin;
	} ov[LAUNCH_MAX_OVERRIDES];
	size_t n_ov;
};
/* Runs the title; returns only on failure, with the exit code (1) and e filled. */
int launch_exec(struct launch_opts *o, struct launch_err *e);
/* The last launch that launch.log records (its tail): each field as logged (escaped), "" when
 * the line lacks it (result: "exec" or "error"; lines of older versions have none). */
struct launch_last {
	char stamp[32];
	char mode[64];
	char appid[32];
	char exe[512];
	char result[16];
	char error[1024];
};
/* Fills last from $XDG_STATE_HOME/mvgal/launch.log (its path in path): 0, -ENOENT when no launch
 * is recorded, FS_ENOTREG or another negative errno. */
int launch_log_last(struct launch_last *last, char path[PATH_MAX]);
/* Parses wrapper-mode options (argv[0] is the first option); exit code 2 on usage errors. */
int launch_parse_wrapper(int argc, char **argv, struct launch_opts *o, struct launch_err *e);
bool launch_is_verb(const char *s);
/* True when name (no '/') is an executable file in $PATH: `mvgal-launch vkcube` runs it. */
bool launch_is_program(const char *name);
/* The executable file name in path (a $PATH value; NULL or "": /usr/local/bin:/usr/bin:/bin),
 * in full. */
bool launch_find_program(const char *path, const char *name, char full[PATH_MAX]);
/* The launch.proton a launch of appid would use ("" = none) and where it comes from
 * ("file:line", "MVGAL_PROTON"); for `protons`, `set-tool` and `profile show`. */
void launch_profile_proton(const char *appid, char *out, size_t size, char *origin,
			   size_t origin_size);

#endif

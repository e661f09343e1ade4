// SPDX-License-Identifier: MIT
// State of one launch, shared by launch.c (identify, env, exec) and launch_steps.c (profile,
// Proton chain, log). Internal to launcher/.
#ifndef MVGAL_LAUNCHER_LAUNCH_INTERNAL_H
#define MVGAL_LAUNCHER_LAUNCH_INTERNAL_H

#include "compat/compat.h"
#include "launcher/launcher.h"
#include "profiles/profiles.h"

struct launch {
	struct launch_opts *o;
	char appid[32];
	char exe[256];
	char chain_verb[64];	  /* wrapper mode: the verb found in Steam's chain */
	bool is_steam_chain;	  /* wrapper mode: CMD is Steam's reaper/runtime/Proton chain */
	bool wraps_self;	  /* wrapper mode: that chain runs mvgal-launch as the tool */
	bool has_mangohud_script; /* wrapper mode: MangoHud's `mangohud` script in CMD */
	const char *game_cmd;	  /* wrapper mode: CMD's word for the game behind wrappers */
	bool is_layer;		  /* ENABLE_MVGAL=1 and the MVGAL_* settings */
	struct profile prof;
	struct profile_diags diags;
	struct profile_files files;
	struct compat_db *db;
	struct compat_entry db_entry; /* the DB layer points into it */
	char *cli_text;
	struct strv argv;
	struct strv env;
	char telemetry[PATH_MAX];
	char telemetry_dir[PATH_MAX]; /* to create before exec ("" = none) */
	char proton[256];
	char runtime[PATH_MAX];
	char gl_note[512];    /* gl_env.c: OpenGL preload and PRIME variables, for launch.log */
	bool is_layer_unseen; /* layer settings asked for, but no manifest where the loader looks */
	bool is_gl_preload;   /* our OpenGL library is in the game's LD_PRELOAD */
	bool is_resolved;     /* the profile is resolved: launch.log lists the settings */
	bool is_container;    /* the game runs in Steam's container (a runtime's entry point) */
	char warning[512];    /* one line the launch said on stderr, for launch.log too */
	/* preload_link.c: LD_PRELOAD reaches the library's folder through gl_link -> gl_link_to
	 * (made before exec; "" = the folder is named as it is) */
	char gl_link[PATH_MAX];
	char gl_link_to[PATH_MAX];
};

/* What launch.log's line says of a start (its result= field). */
enum launch_result {
	LAUNCH_RESULT_EXEC,	   /* written just before execve(): the game is being started */
	LAUNCH_RESULT_ERROR,	   /* the launch stopped before execve(), with its error */
	LAUNCH_RESULT_EXEC_FAILED, /* execve() returned: a second, short line after the first */
};

/*
 * The steps of launch_exec() before its side effects, in this order: identify the title (appid,
 * exe, game folder, layer on/off), resolve the profile, compose the environment, build argv.
 * They read the environment given to launch_init(), profiles, the DB and Steam's files but
 * write nothing and exec nothing (tests/fuzz/fuzz_launch_env.c drives them).
 */
/* The launch's state for o, its environment a copy of envp (the process's environ in
 * launch_exec()): every step reads the environment from l->env, never getenv(). 0 or -ENOMEM;
 * launch_release() after either. */
int launch_init(struct launch *l, struct launch_opts *o, char *const *envp);
void launch_identify(struct launch *l);
int launch_resolve_profile(struct launch *l, struct launch_err *e);
int launch_compose_env(struct launch *l, struct launch_err *e);
int launch_build_argv(struct launch *l, struct launch_err *e);
/* Compat-tool mode: pushes runtime + Proton words onto l->argv and fixes Steam's tool env. */
int launch_tool_chain(struct launch *l, struct launch_err *e);
/* $XDG_STATE_HOME/mvgal and its launch.log, of env (NULL: the process's environment); 0 or
 * -ENAMETOOLONG (also when neither XDG_STATE_HOME nor HOME is set). */
int launch_log_path(const struct strv *env, char dir[PATH_MAX], char path[PATH_MAX]);
/* Appends one line to $XDG_STATE_HOME/mvgal/launch.log ending in result=exec or result=error
 * error="..." (why: the launch's error line, NULL for LAUNCH_RESULT_EXEC); a failure to
 * append is a warning on stderr only. */
void launch_log(const struct launch *l, enum launch_result result, const char *why);
void launch_release(struct launch *l);
/* gl_env.c: our OpenGL preload in LD_PRELOAD (removed when the layer is off) and the PRIME
 * offload variables of the GPU gpu.select chooses; fills l->gl_note. 0 or -ENOMEM. */
int launch_gl_env(struct launch *l);

/* mangohud.c: with MangoHud's `mangohud` script in CMD and LD_PRELOAD set, exports an empty
 * LD_LIBRARY_PATH (no ld.so ERROR from the script's `env`); with MangoHud on and both its
 * fps_limit and our fps set, one line on stderr (and l->warning, for launch.log) naming both
 * and which to turn off. */
void launch_check_mangohud(struct launch *l);

/* preload_link.c: whether path can go into LD_PRELOAD as one entry meaning itself (absolute,
 * no blank, ':' or '$': ld.so splits at the first two and expands $PLATFORM-style names). */
bool preload_is_safe(const char *path);
/* The link that stands for dir: env's $XDG_STATE_HOME/mvgal/preload/gl-<hash of dir>; writes
 * nothing. 0, -EINVAL when that path is not preload_is_safe() itself, -ENAMETOOLONG, -ENOENT
 * (neither XDG_STATE_HOME nor HOME). */
int preload_link_path(const struct strv *env, const char *dir, char out[PATH_MAX]);
/* Makes link -> to (atomically replacing another target) in its folder, created mode 0700 and
 * refused (-EPERM) unless it is the user's own with no access for others; 0 or -errno. */
int preload_link_make(const char *link, const char *to);

#endif

// SPDX-License-Identifier: MIT
// Per-title profiles: INI files in the schema of profiles/settings.h, layered with provenance.
//
// Layers, lowest first (DESIGN.md section 6):
//   built-in defaults <- default.ini <- DB entry <- profiles/<appid>.ini (or <exe>.ini)
//   <- MVGAL_* environment <- --profile FILE <- command-line options
// Every effective value remembers where it came from ("built-in", "path:line",
// "db:1091500 (path:line)", "env MVGAL_FPS", "--fps").
//
// The library is pure: it takes file *contents*, the environment as an array of strings and
// options as arguments; it never reads files, the clock or getenv, and never prints. The edge
// helpers at the end (profile_files_*) are the exception and are marked so.
//
//	struct profile_files f;  struct profile p;  struct profile_diags d = {0};
//	profile_files_load(&f, config_dir, appid, exe, &d);       // edge: reads the two user files
//	struct profile_inputs in = { .appid = appid, .exe = exe, .envp = environ, ... };
//	profile_files_fill(&f, &in);                              // default_file + title_file
//	compat_db_entry_source(&entry, &in.db_entry);             // optional: compat/compat.h
//	int rc = profile_resolve(&p, &in, &d);    // rc < 0 only for ENOMEM; p is usable even when
//	                                          // d.n > 0 (bad lines skipped, broken DB entry out)
//	for (size_t i = 0; i < d.n; i++) fprintf(stderr, "%s\n", profile_diag_text(&d.v[i], buf));
//	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
//	size_t n = profile_layer_vars(&p, telemetry_csv, vars);   // setenv / unsetenv each
//	... p.args, p.n_args (append to argv), p.env[i] (setenv), p.proton ...
//	profile_release(&p); profile_diags_release(&d); profile_files_release(&f);
#ifndef MVGAL_PROFILES_PROFILES_H
#define MVGAL_PROFILES_PROFILES_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/setting.h"
#include "profiles/settings.h"

enum profile_error {
	PROFILE_OK = 0,
	PROFILE_ENOMEM = -ENOMEM, /* out of memory; *out is released                     */
	PROFILE_EINVAL = -EINVAL, /* bad value / bad input (see the diag list)             */
	PROFILE_EIO = -EIO,	  /* profile_files_load(): a file exists but cannot be read */
	PROFILE_ETOOBIG = -EFBIG, /* a file over PROFILE_MAX_FILE bytes                      */
};

/* Human-readable text for a profile_error value; never NULL. */
const char *profile_strerror(int err);

#define PROFILE_MAX_FILE (1024 * 1024) /* user profile files are small; refuse larger ones   */
#define PROFILE_MAX_LINE 196	       /* inih's fixed line buffer (200) less "\r\n\0"        */

/* One problem, printed by the edge as "file:line: msg" (line 0: "file: msg"). */
struct profile_diag {
	const char *file; /* points into the input's name; valid while the inputs are */
	int line;
	int col;
	char msg[160];
};

/* A growing list of diagnostics; zero-initialise it, release with profile_diags_release(). */
struct profile_diags {
	struct profile_diag *v;
	size_t n, cap;
	bool is_oom; /* a diagnostic could not be stored */
};
void profile_diags_release(struct profile_diags *d);

/* Formats d as "file:line: msg" into buf (at least 512 bytes recommended); returns buf. */
const char *profile_diag_text(const struct profile_diag *d, char *buf, size_t size);

/* Adds a diagnostic "file:line: msg" (line 0: "file: msg") to d (NULL: ignored); when out of
 * memory it keeps going and sets d->is_oom. */
void profile_diag_add(struct profile_diags *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* One INI layer. text == NULL means the layer is absent (skipped silently). */
struct profile_source {
	const char *file;  /* path shown in diagnostics and provenance                       */
	const char *label; /* NULL, or e.g. "db:1091500": provenance reads "label (file:line)" */
	const char *text;  /* contents, need not be NUL-terminated (len bytes)                */
	size_t len;
	int first_line;	  /* line number of text[0] in file (1 for a whole file)            */
	bool is_db_entry; /* DB entry syntax and rules (see below)                          */
};

/*
 * A DB entry's text is one INI section "[APPID]" with the meta keys name, exe, reason and the
 * schema keys in dotted form ("frame.fps = 60", "env.DXVK_ASYNC = 1"). A DB entry may set only
 * the variables of an exact list, each in its own value grammar (profile_env_db_allowed,
 * profiles/db_rules.c; DXVK_CONFIG and VKD3D_CONFIG only listed options, db_config.c),
 * launch.args only options from an allow-list (profiles/db_args.c), and no control bytes in
 * name, exe or reason: nothing it sets names a file or a command.
 * Its [env] values apply only to variables that are unset in profile_inputs.envp.
 */

/* A command-line option as one more layer, above the environment. */
struct profile_override {
	enum profile_key key;
	const char *value;  /* text in the schema's syntax, e.g. "refresh/2"         */
	const char *origin; /* shown as provenance and in diagnostics, e.g. "--fps"  */
};

struct profile_inputs {
	const char *appid;		    /* Steam appid, or NULL                       */
	const char *exe;		    /* exe basename, or NULL                      */
	struct profile_source default_file; /* $XDG_CONFIG_HOME/mvgal/default.ini          */
	struct profile_source db_entry;	    /* compat_db_entry_source()                    */
	struct profile_source title_file;   /* profiles/<appid>.ini or profiles/<exe>.ini  */
	const char *const *envp;	    /* environ-style, NULL-terminated, or NULL    */
	struct profile_source cli_file;	    /* --profile FILE                              */
	const struct profile_override *overrides;
	size_t n_overrides;
};

/* One effective setting: text in the schema's syntax and where it came from. */
struct profile_value {
	char *text;   /* e.g. "refresh/2"; "" for an empty default             */
	char *origin; /* "built-in", "path:line", "db:ID (path:line)", "env MVGAL_FPS", "--fps" */
};

/* One [env] entry after the refusal rules. */
struct profile_env {
	char *name;
	char *value;
	char *origin;
};

/* The resolved profile. Owned by the caller; strings and arrays freed by profile_release(). */
struct profile {
	struct profile_value values[PROFILE_KEY_COUNT]; /* indexed by enum profile_key */

	/* typed views of values[] */
	const char *proton; /* "" = user default / newest; "newest"; or a name          */
	char **args;	    /* launch.args split, NULL-terminated; n_args entries          */
	size_t n_args;
	const char *gpu_select; /* "" = no filter                                           */
	unsigned fps;		/* frames per second; 0 with fps_divisor 0 = unpaced           */
	unsigned fps_divisor;	/* N of "refresh/N" (1 for "refresh"), else 0                  */
	bool is_fps_vrr;	/* "vrr": refresh - refresh^2/3600, from the display's refresh */
	bool is_pacer_on;
	bool is_pacer_latency; /* frame.pacer = latency (is_pacer_on is set too)           */
	enum setting_present_mode present_mode;
	unsigned images; /* swapchain images; 0 = game's choice                          */
	bool is_telemetry_on;
	const char *telemetry_path; /* frame.telemetry given as a path, or NULL = default dir:
				     * a path ending in ".csv" is the CSV file, else a directory */
	bool is_hud_on;
	enum setting_hud_position hud_position;
	unsigned hud_scale; /* 1..4 */

	struct profile_env *env; /* [env] from every layer, later layers replace by name  */
	size_t n_env;

	const char *db_name; /* the DB entry's name/reason (NULL without a DB entry)       */
	const char *db_reason;
	char *storage_[2]; /* private */
};

/*
 * Resolves the layers of *in into *out (which need not be initialised). Each problem of a source
 * is added to *diags: a user file's bad line (unknown key, bad value, refused variable, a line
 * under an unknown section) is skipped and the file's other lines apply; a DB entry with any
 * problem is left out whole; a bad MVGAL_* variable or option is reported and left out.
 * Returns 0 (check diags->n for problems) or PROFILE_ENOMEM.
 */
int profile_resolve(struct profile *out, const struct profile_inputs *in,
		    struct profile_diags *diags);

/* Frees what profile_resolve() allocated; safe on a zeroed struct. */
void profile_release(struct profile *p);

/*
 * Parses and validates one source without resolving (for `profile check` and the DB loader).
 * Adds every error to *diags. Returns 0 if the source is clean, PROFILE_EINVAL if it has
 * errors, PROFILE_ENOMEM.
 */
int profile_check_source(const struct profile_source *src, struct profile_diags *diags);

/*
 * Checks one value against the schema; on failure writes a message naming the key to msg
 * (msg_size bytes) and returns PROFILE_EINVAL. For launcher option validation.
 */
int profile_check_value(enum profile_key key, const char *value, char *msg, size_t msg_size);

/* [env] rules: 0 if NAME may be set by a user profile, else PROFILE_EINVAL with a reason
 * (LD_*, VK_*LAYER*, driver selection, GCONV_PATH, PYTHON*, STEAM_COMPAT_*, HOME, XDG_*, ...). */
int profile_env_name_check(const char *name, char *msg, size_t msg_size);
/* 1 if a DB entry may set NAME (the exact list in profiles/env_rules.c), else 0. */
int profile_env_db_allowed(const char *name);

/* A variable for the Vulkan layer: value NULL means "unset it". */
struct profile_var {
	const char *name;
	const char *value;
};
#define PROFILE_LAYER_VARS_MAX 12

/*
 * Lists the layer's MVGAL_* variables for p: MVGAL_GPU, MVGAL_FPS, MVGAL_PACER,
 * MVGAL_PRESENT_MODE, MVGAL_IMAGES, MVGAL_TELEMETRY (= telemetry_csv when telemetry is on and
 * telemetry_csv is not NULL, else unset), MVGAL_HUD (1, or unset when off), MVGAL_HUD_POSITION
 * and MVGAL_HUD_SCALE (unset when the HUD is off). A setting at its "game's choice" value yields NULL
 * (unset). Values point into p or telemetry_csv. Returns the number written to out.
 */
size_t profile_layer_vars(const struct profile *p, const char *telemetry_csv,
			  struct profile_var out[PROFILE_LAYER_VARS_MAX]);

/*
 * Splits an argument string ("-dx11 \"-name x\"" -> 2 words): blanks separate, '…' and "…"
 * quote, a backslash escapes the next character outside '…'. No expansion of any kind.
 * *argv is NULL-terminated, free with profile_args_free(). Returns 0, PROFILE_EINVAL
 * (unterminated quote), PROFILE_ENOMEM.
 */
int profile_args_split(const char *s, char ***argv, size_t *argc);
void profile_args_free(char **argv);

/* ---- edge helpers: these read files (the launcher calls them; tests use tmp dirs) ------- */

/* The user files of one title, read from config_dir ($XDG_CONFIG_HOME/mvgal). */
struct profile_files {
	char *default_path, *default_text; /* text NULL when the file does not exist */
	size_t default_len;
	char *title_path, *title_text; /* profiles/<appid>.ini, else profiles/<exe>.ini */
	size_t title_len;
};

/*
 * Reads config_dir/default.ini and config_dir/profiles/<appid>.ini, or <exe>.ini when no appid
 * file exists (title_path names the file that would be used even if absent: appid first).
 * A missing file is not an error; an unreadable or oversized one is (diag added, text NULL).
 * Returns 0, PROFILE_EIO, PROFILE_ETOOBIG or PROFILE_ENOMEM.
 */
int profile_files_load(struct profile_files *f, const char *config_dir, const char *appid,
		       const char *exe, struct profile_diags *diags);
/* Points in->default_file and in->title_file at f's contents. */
void profile_files_fill(const struct profile_files *f, struct profile_inputs *in);
void profile_files_release(struct profile_files *f);

/* $XDG_CONFIG_HOME/mvgal (else ~/.config/mvgal) into out. Returns 0 or PROFILE_EINVAL when
 * neither XDG_CONFIG_HOME nor HOME is set. Edge: reads the environment. */
int profile_config_dir(char *out, size_t size);

/* Reads a whole file (<= max bytes) NUL-terminated, through fs_open_read() (a FIFO is refused,
 * never waited on). Returns 0, PROFILE_EIO (errno kept), PROFILE_ETOOBIG, PROFILE_ENOMEM; the
 * detail in *err_no as a positive errno or -FS_ENOTREG: fs_strerror(-*err_no) says it. */
int profile_read_file(const char *path, size_t max, char **text, size_t *len, int *err_no);

#endif

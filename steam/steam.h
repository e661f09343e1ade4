// SPDX-License-Identifier: MIT
/*
 * steam — Steam's contract (DESIGN.md section 7): roots, libraries (libraryfolders.vdf), installed
 * apps (appmanifest_<id>.acf), non-Steam shortcuts (binary shortcuts.vdf), compatibility tool
 * folders (compatibilitytool.vdf), Steam's own tools and runtimes by name, which tool a title
 * runs (config.vdf's CompatToolMapping, steam/tool_choice.c). Functions take paths
 * and values (the caller reads the environment and $HOME) and never print; the ones that can
 * fail for a reason the user must read fill a struct steam_diag with one line.
 */
#ifndef MVGAL_STEAM_STEAM_H
#define MVGAL_STEAM_STEAM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/strv.h"

struct vdf_node;

/* One error line for the user ("file:line:col: message" style, no newline, no control byte). */
struct steam_diag {
	char msg[1024];
};
/* Fills d (control bytes become '?') and returns rc. */
int steam_diagf(struct steam_diag *d, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Parses a VDF text file; on failure d says "path:line:col: message". */
int steam_vdf_load(const char *path, struct vdf_node **root, struct steam_diag *d);

/* ---- roots.c: roots, libraries, apps ---------------------------------------------------- */

#define STEAM_MAX_ROOTS 8
struct steam_root {
	char path[PATH_MAX]; /* resolved, no trailing slash */
	bool is_flatpak;
};
/*
 * Finds Steam roots under home: ~/.steam/root, ~/.steam/steam, ~/.local/share/Steam, the Flatpak
 * data dir; symlinks resolved, duplicates dropped, only dirs that look like a root (have
 * steamapps/ or config/). Returns the count (0..max).
 */
size_t steam_roots_find(const char *home, struct steam_root *roots, size_t max);
/* The root Steam told us about (client_path: STEAM_COMPAT_CLIENT_INSTALL_PATH, may be NULL)
 * or the first one found under home. */
int steam_root_current(const char *client_path, const char *home, struct steam_root *root,
		       struct steam_diag *d);
/* only (resolved, must look like a root) when set, else every root found under home.
 * Returns the count (>= 1) or a negative errno with d filled. */
int steam_roots_select(const char *only, const char *home, struct steam_root *roots, size_t max,
		       struct steam_diag *d);

/* Libraries of one root: the root itself first, then libraryfolders.vdf paths (deduped). */
int steam_libraries(const char *root, struct strv *libs, struct steam_diag *d);
/*
 * Finds appmanifest_<appid>.acf in libs; fills dir with <lib>/steamapps/common/<installdir>
 * and name (may be NULL). Returns 0, -ENOENT, or another -errno with d filled.
 */
int steam_app_dir(const struct strv *libs, const char *appid, char dir[PATH_MAX], char *name,
		  size_t name_size, struct steam_diag *d);
/* Compatibility tool folders: <root>/compatibilitytools.d (root may be NULL),
 * /usr/share/steam/compatibilitytools.d, then extra_paths (STEAM_EXTRA_COMPAT_TOOLS_PATHS,
 * colon-separated, may be NULL). */
int steam_tool_dirs(const char *root, const char *extra_paths, struct strv *dirs);
/* True while a live process owns <root>/steam.pid (or <home>/.steam/steam.pid); pid in *pid. */
bool steam_is_running(const char *root, const char *home, long *pid);
/* The config.vdf CompatToolMapping name for appid, or NULL. */
const char *steam_tool_mapping(const struct vdf_node *config, const char *appid);

/* ---- flatpak.c: Flatpak Steam's sandbox, ~/.var/app/<app id>/ ------------------------- */

#define STEAM_FLATPAK_ID "com.valvesoftware.Steam"
/* For a Steam root inside ~/.var/app/com.valvesoftware.Steam/: that app folder; else -1. */
int steam_flatpak_app_dir(const char *root, char out[PATH_MAX]);

/* The user's folders Flatpak gives an app, each set in the sandbox as an XDG variable. */
enum steam_xdg { STEAM_XDG_CONFIG, STEAM_XDG_DATA, STEAM_XDG_CACHE, STEAM_XDG_STATE, STEAM_XDG_N };
/* The variable: "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME". */
const char *steam_xdg_var(enum steam_xdg which);
/* <app_dir>/config, data, cache or .local/state, then /sub when sub is neither NULL nor "";
 * app_dir is ~/.var/app/<app id>. 0 or -ENAMETOOLONG. */
int steam_flatpak_path(const char *app_dir, enum steam_xdg which, const char *sub,
		       char out[PATH_MAX]);
/*
 * The id of the Flatpak app this runs inside, into buf: flatpak_id (FLATPAK_ID's value; NULL or
 * "" when unset), else the name= line of info (the sandbox's keyfile, /.flatpak-info), else
 * STEAM_FLATPAK_ID when info exists without one. NULL outside a sandbox (no info file).
 */
const char *steam_flatpak_app_id(const char *flatpak_id, const char *info, char *buf, size_t size);
/*
 * Inside app_id's sandbox under home: for each folder whose variable has no absolute path in
 * values[] (the environment's, by enum steam_xdg; NULL when unset), out[] gets the folder
 * Flatpak gives (home/.var/app/<app_id>/config, ...); "" where the value stands. -EINVAL (out
 * all "") for an empty home or an app id that is no folder name.
 */
int steam_flatpak_xdg_defaults(const char *home, const char *app_id,
			       const char *const values[STEAM_XDG_N],
			       char out[STEAM_XDG_N][PATH_MAX]);

/* ---- shortcuts.c: non-Steam games (userdata/<user>/config/shortcuts.vdf) ---------------- */

struct steam_shortcut {
	char appid[16]; /* unsigned 32-bit, as config.vdf and SteamGameId >> 32 name it */
	char name[256];
	char exe[PATH_MAX]; /* the program, without the double quotes Steam stores it in */
};
struct steam_shortcut_list {
	struct steam_shortcut *v;
	size_t n, cap;
};
/* Every user's shortcuts of root; a broken file fails with e naming it (byte offset). */
int steam_shortcuts(const char *root, struct steam_shortcut_list *l, struct steam_diag *e);
const struct steam_shortcut *steam_shortcut_find(const struct steam_shortcut_list *l,
						 const char *appid);
void steam_shortcut_list_release(struct steam_shortcut_list *l);

/* ---- titles.c: the title a user names (an appid, a name, a program) ------------------- */

#define STEAM_TITLE_MATCHES 16
struct steam_title {
	char appid[24];
	char name[128];
	bool is_installed, is_in_db; /* where it was seen: a Steam library, the caller's list */
};
enum steam_title_by { STEAM_TITLE_BY_APPID, STEAM_TITLE_BY_NAME, STEAM_TITLE_BY_NAME_PART };
/* The titles that match word: by appid, by name ignoring case, or by a part of the name. */
struct steam_title_matches {
	const char *word;
	enum steam_title_by by;
	struct steam_title v[STEAM_TITLE_MATCHES];
	size_t n; /* may exceed STEAM_TITLE_MATCHES: the count */
};
/* Adds a title to m when it matches, once per appid (where it was seen merged); is_installed
 * false: a title of the caller's list (the compat DB). */
void steam_title_offer(struct steam_title_matches *m, const char *appid, const char *name,
		       bool is_installed);
/* Offers every installed title under home: the appmanifests of every library of every Steam
 * root, then each non-Steam shortcut by the appid `list` shows. */
void steam_titles_installed(const char *home, struct steam_title_matches *m);

struct steam_title_pick {
	char appid[24]; /* "" when exe is set */
	char exe[256];	/* "" when appid is set */
	char name[128]; /* the title's name when known, else "" */
};
struct steam_title_query {
	const char *home; /* where the Steam roots are */
	const char *word; /* what the user typed */
	bool is_exe;	  /* --exe: word is an executable's name, whatever it looks like */
	/* Offers the caller's titles besides the installed ones (steam_title_offer); may be NULL. */
	void (*offer_more)(struct steam_title_matches *m, void *ctx);
	/* Whether word names a program (a profile file, a DB entry, a program in PATH) besides
	 * a name ending in .exe, which always does; may be NULL. */
	bool (*is_exe_name)(const char *word, void *ctx);
	void *ctx;
};
enum steam_title_found {
	STEAM_TITLE_FOUND,	   /* pick filled */
	STEAM_TITLE_UNKNOWN_APPID, /* pick->appid filled: neither installed nor offered */
	STEAM_TITLE_AMBIGUOUS,	   /* m holds the titles (m->n of them) */
	STEAM_TITLE_NONE,	   /* nothing is named word */
};
/*
 * Resolves q->word, in this order: an appid (all digits, fewer than 20); a name equal to an
 * installed or offered title's, ignoring case; an executable (q->is_exe, a name ending in .exe,
 * or q->is_exe_name); a part of one title's name. Several titles matching: AMBIGUOUS.
 */
enum steam_title_found steam_title_resolve(const struct steam_title_query *q,
					   struct steam_title_pick *pick,
					   struct steam_title_matches *m);

/* ---- tools.c: tools as Steam names them ------------------------------------------------- */

/* One of Steam's own tools or runtimes: internal name (config.vdf), appid, Steam's name. */
struct steam_app_tool {
	const char *internal; /* "proton_9" */
	const char *appid;    /* "2805730" */
	const char *display;  /* "Proton 9.0" */
	const char *folder;   /* usual installdir under steamapps/common */
};
/* Valve's Protons, ending with an entry whose internal is NULL. */
const struct steam_app_tool *steam_valve_tools(void);
/* The Valve Proton with that internal name (case-insensitive), or NULL. */
const struct steam_app_tool *steam_valve_tool(const char *internal);
/* The Steam Linux Runtime with that appid, or NULL. */
const struct steam_app_tool *steam_runtime(const char *appid);
/* "Steam Linux Runtime 3.0 (sniper) (appid 1628350)", or "the runtime with appid N". */
void steam_runtime_name(const char *appid, char *out, size_t size);

/* A tool registered in a compatibilitytools.d folder (compatibilitytool.vdf's compat_tools). */
struct steam_compat_tool {
	char internal[128]; /* the compat_tools key: what config.vdf stores */
	char display[256];
	char dir[PATH_MAX]; /* install_path resolved */
	char from_os[64], to_os[64];
	char vdf[PATH_MAX]; /* the file that registers it */
};
struct steam_compat_tool_list {
	struct steam_compat_tool *v;
	size_t n, cap;
	struct strv skipped; /* "path: why Steam would not list it" */
};
/*
 * Adds the tools of one compatibilitytools.d folder the ways Steam accepts them: a
 * compatibilitytool.vdf in a subfolder, a *.vdf directly in the folder, install_path relative
 * or absolute, several tools per file. What Steam would not list goes to l->skipped.
 */
int steam_compat_tools_scan(const char *tool_dir, struct steam_compat_tool_list *l);
void steam_compat_tool_list_release(struct steam_compat_tool_list *l);

/* ---- proton.c: Proton builds, the choice among them, their toolmanifest.vdf ------------- */

struct steam_proton {
	char name[256];	    /* what users call it: its folder's name */
	char internal[128]; /* Steam's name for it: "proton_9", or the compat_tools key */
	char display[256];  /* display_name, or Steam's name ("Proton 9.0"); may be "" */
	char dir[PATH_MAX];
	char library[PATH_MAX]; /* the library holding it ("" in a tool folder) */
	long long build_time;	/* first word of <dir>/version, 0 when absent */
	unsigned ver[4];
	size_t n_ver;
	char require_appid[32]; /* toolmanifest.vdf's require_tool_appid, "" when none */
	bool has_runtime;	/* no runtime needed, or the one needed is installed */
	char broken[1536];	/* why its toolmanifest.vdf cannot be used ("" when it can): never
				   chosen automatically, an explicit choice fails with this line */
};
struct steam_proton_list {
	struct steam_proton *v;
	size_t n, cap;
	struct strv skipped; /* "path: why it is not used" (no toolmanifest, bad VDF at file:line) */
};
/*
 * Every Proton in <lib>/steamapps/common/Proton* and in the tool folders, each with its
 * toolmanifest read and its runtime looked up in libs.
 */
int steam_proton_find(const struct strv *libs, const struct strv *tool_dirs,
		      struct steam_proton_list *out);
void steam_proton_list_release(struct steam_proton_list *l);
struct steam_proton_pick {
	const struct steam_proton *p; /* NULL when no build fits */
	bool is_family;		      /* wanted named a family without a version: its newest */
	const struct steam_proton *passed_over; /* a newer build left out: its runtime is missing */
};
/*
 * Picks a build for a name: "" or "newest" gives the newest whose runtime is installed; else
 * the exact name (folder, Steam's internal name such as proton_9, display name), then the
 * same ignoring case, spaces and punctuation (returned even without its runtime: launching it
 * then says what to install); a name without a digit ("GE-Proton") then names a family: its
 * newest build whose runtime is installed. Nothing else: p is NULL, never another build.
 */
void steam_proton_choose(const struct steam_proton_list *l, const char *wanted,
			 struct steam_proton_pick *pick);
/* The newest build named name (exactly, then loosely), whatever its runtime, or NULL. */
const struct steam_proton *steam_proton_named(const struct steam_proton_list *l, const char *name);
/* One line into out: Proton name (asked for because of why) is not installed, the builds that
 * are, how to install it (a Valve Proton) or to name another build where. */
void steam_proton_not_installed(const struct steam_proton_list *l, const char *name,
				const char *why, const char *where, char *out, size_t size);
/* "Proton 9.0 [proton_9], GE-Proton9-20, ..." (usable builds) into out; their count. */
int steam_proton_list_names(const struct steam_proton_list *l, char *out, size_t size);
/* 1 if a is newer than b. */
int steam_proton_newer(const struct steam_proton *a, const struct steam_proton *b);
/* One line: "X needs <runtime name> (appid N), which is not installed: install it with
 * `steam steam://install/N`". */
void steam_proton_runtime_missing(const struct steam_proton *p, char *out, size_t size);

struct steam_tool_manifest {
	char commandline[1024];
	char require_appid[32]; /* "" when none */
};
/* Reads <dir>/toolmanifest.vdf; a missing commandline stays "". */
int steam_tool_manifest_read(const char *dir, struct steam_tool_manifest *m, struct steam_diag *e);
/* Appends the words of commandline (first one prefixed with dir), %verb% replaced. */
int steam_tool_commandline_push(struct strv *argv, const char *dir, const char *commandline,
				const char *verb);

/* ---- tool_choice.c: the tool a title runs (config.vdf) --------------------------------- */

/* config.vdf's per-title tool choice; "0" is Steam Play's default for every title. */
#define STEAM_MAPPING "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"
/* What Steam runs when config.vdf has no entry "0" (see steam/tool_choice.c for the sources). */
#define STEAM_DEFAULT_TOOL "proton_experimental"

/* The CompatToolMapping name for appid in config, or NULL when absent or empty. */
const char *steam_tool_mapping(const struct vdf_node *config, const char *appid);
/*
 * True when an appmanifest_<id>.acf document (its root holds "AppState") is a Windows game that
 * Steam installed for Proton: Steam writes "platform_override_source" "windows" into its
 * UserConfig (and MountedConfig) when it downloads a title's Windows depots on Linux. A native
 * game has no such entry, and Steam Play's default tool does not apply to it.
 */
bool steam_app_is_windows(const struct vdf_node *acf);
/* True for the names of mvgal-launch's own tools ("mvgal", "mvgal-native"). */
bool steam_tool_is_ours(const char *name);

enum steam_tool_why {
	STEAM_TOOL_BEFORE,	   /* the title's tool before mvgal-launch */
	STEAM_TOOL_DEFAULT,	   /* Steam Play's default: CompatToolMapping "0" */
	STEAM_TOOL_DEFAULT_BEFORE, /* "0" names mvgal-launch: the default it replaced */
	STEAM_TOOL_STEAM_DEFAULT,  /* no usable "0": Steam's own default (STEAM_DEFAULT_TOOL) */
};
struct steam_tool_before {
	char name[128]; /* Steam's name for the tool: "proton_9", a compat_tools key */
	enum steam_tool_why why;
};
/*
 * Steam Play's default: the tool Steam runs a Windows game with when the title has no mapping
 * of its own: config's entry "0", else Steam's own default, STEAM_DEFAULT_TOOL (config may be
 * NULL). *why says which: STEAM_TOOL_DEFAULT or STEAM_TOOL_STEAM_DEFAULT. `list` and the
 * launcher (steam_tool_before) both take it from here.
 */
const char *steam_tool_default(const struct vdf_node *config, enum steam_tool_why *why);
/*
 * The tool a title mapped to mvgal-launch ran before it, in this order: the title's own
 * entry in config when it names another tool (Steam writes config.vdf when it exits, so the
 * file still shows the old tool until then), else title_before (what set-tool remembered:
 * NULL = nothing remembered, "" = the title had no entry), else entry "0" when it names
 * another tool, else default_before (set-tool's memory of entry "0"), else STEAM_DEFAULT_TOOL.
 * config may be NULL (no config.vdf).
 */
void steam_tool_before(const struct vdf_node *config, const char *appid, const char *title_before,
		       const char *default_before, struct steam_tool_before *out);
/* "the title's tool before mvgal-launch", ... : the why, for a line a user reads. */
const char *steam_tool_why_text(enum steam_tool_why why);

/* ---- config.c: config.vdf's CompatToolMapping edits and backups ------------------------- */

/* 0 when CompatToolMapping and each section above it is a section or absent, else
 * VDF_ENOTSECTION (a value stands where Steam keeps a section). */
int steam_mapping_check(const struct vdf_node *config);
/*
 * Makes appid's entry name tool (and config tool_config, when not NULL): an entry keeps its other
 * fields; a new one gets name, config ("" when NULL) and priority 250, spelt as its siblings
 * spell them ("Priority"). Untouched bytes stay as they were for vdf_write_keep().
 */
int steam_mapping_set(struct vdf_node *config, const char *appid, const char *tool,
		      const char *tool_config);
/* Removes appid's entry; 0 when there is none. */
int steam_mapping_remove(struct vdf_node *config, const char *appid);
/* True when appid's entry names tool already (and tool_config, when not NULL). */
bool steam_mapping_is(const struct vdf_node *config, const char *appid, const char *tool,
		      const char *tool_config);
/* Pushes the appids whose entry names one of mvgal-launch's tools, in file order. */
int steam_mapping_ours(const struct vdf_node *config, struct strv *appids);

#define STEAM_CONFIG_BACKUPS 2 /* .mvgal-bak.1 and .2, besides .mvgal-orig and .mvgal-bak */
/* Backup n of cfg: 0 .mvgal-orig (Steam's file before the first change), 1 .mvgal-bak (before
 * the latest change), 2 .. STEAM_CONFIG_BACKUPS + 1: .mvgal-bak.1 .. older. */
int steam_config_backup_path(const char *cfg, int n, char out[PATH_MAX]);
/*
 * Writes config to real (the file cfg names; a link stays a link) with vdf_write_keep(), after
 * the backups beside cfg: .mvgal-orig once and never again, .mvgal-bak the file before this
 * write, the older ones moved down. Each step atomic. Returns 0 or an error with d filled;
 * VDF_EDIRSYNC: written, but its folder's sync failed.
 */
int steam_config_write(const struct vdf_node *config, const char *cfg, const char *real,
		       struct steam_diag *d);

/* ---- tool_folder.c: mvgal-launch's tool folder, <tool dir>/mvgal ---------------------- */

#define STEAM_TOOL_NAME "mvgal"
#define STEAM_TOOL_DISPLAY "mvgal-launch (Proton wrapper)"
#define STEAM_NATIVE_NAME "mvgal-native"
#define STEAM_NATIVE_DISPLAY "mvgal-launch (native)"

struct steam_tool_folder {
	const char *dir;     /* <root>/compatibilitytools.d/mvgal, or <extra tool path>/mvgal */
	const char *program; /* the program: linked, or copied when is_copy */
	bool is_copy;	     /* Flatpak Steam cannot see the host's files */
	/* Called with the staged folder before compatibilitytool.vdf goes in (Flatpak: the
	 * libraries); may be NULL. A negative return stops the install and is returned. */
	int (*stage_more)(const char *stage, void *ctx);
	void *ctx;
	struct strv notes; /* "note: ..." lines for the user (strays left in place), paths in
			      them escaped for a terminal (text_safe); caller frees */
};
/*
 * Writes f->dir whole: compatibilitytool.vdf listing both tools (Proton wrapper and native),
 * toolmanifest.vdf, the program, native/ with its own toolmanifest, staged in a hidden
 * ".mvgal.XXXXXX" beside it and swapped in with one rename; files in the old folder that
 * install did not write move into the new one. Returns 0, a negative errno (the old folder
 * stays), or VDF_EDIRSYNC (in place, but the parent's sync failed).
 */
int steam_tool_folder_install(struct steam_tool_folder *f);
/* Takes dir (in parent) out of Steam's sight with one rename, then deletes what install wrote;
 * a folder that also holds other files goes back in place without ours: -ENOTEMPTY. */
int steam_tool_folder_uninstall(const char *dir, const char *parent);
/* Removes the staging folders a killed install or uninstall left in parent; one note for each
 * that holds files install did not write (left in place), its path escaped as text_safe does. */
int steam_tool_folder_strays(const char *parent, struct strv *notes);
/* The folder holding dir ("/a/b/mvgal" -> "/a/b"); -EINVAL for "/mvgal" or a bare name. */
int steam_tool_folder_parent(const char *dir, char parent[PATH_MAX]);
/* Copies prefix's lib/mvgal and lib32/mvgal (files, folders, relative links) into stage;
 * -ENOENT when neither exists. */
int steam_tool_folder_copy_libs(const char *prefix, const char *stage);

#endif

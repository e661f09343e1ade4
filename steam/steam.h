// SPDX-License-Identifier: MIT
// Steam's contract, the pure part: which compatibility tool a title runs, read from a
// config.vdf document the caller loaded. No I/O, no environment (issue 25 moves the rest of
// launcher/steam*.c here).
#ifndef MVGAL_STEAM_STEAM_H
#define MVGAL_STEAM_STEAM_H

#include <stdbool.h>

struct vdf_node;

/* config.vdf's per-title tool choice; "0" is Steam Play's default for every title. */
#define STEAM_MAPPING "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"
/* What Steam runs when config.vdf has no entry "0" (see steam/tool_choice.c for the sources). */
#define STEAM_DEFAULT_TOOL "proton_experimental"

/* The CompatToolMapping name for appid in config, or NULL when absent or empty. */
const char *steam_tool_mapping(const struct vdf_node *config, const char *appid);
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

#endif

// SPDX-License-Identifier: MIT
// Which tool a title ran before mvgal-launch took it over (issue 24): the build mvgal-launch
// wraps, so that a title keeps its Proton family and its prefix's build.
#include <stdio.h>
#include <string.h>

#include "steam/steam.h"
#include "vdf/vdf.h"

// Steam's order for a title's tool is: its own mapping (CompatToolMapping/<appid>), then a
// Valve-tested tool for that title (appinfo's app_mappings, not read here), then the global
// Steam Play default (ValveSoftware/Proton#4446, kisak-valve: "Per-game compatibility tool
// override > whitelisted Proton version > Global compatibility tool setting"). Since 2026 a
// client writes no entry "0" until the user changes the default, and that default is Proton
// Experimental (garyttierney/me3#853: "Proton 8.0 is no longer default - changed in favor of
// Proton Experimental"; entry 0 is "no longer [present] until the user explicitly changes from
// the default").

const char *steam_tool_mapping(const struct vdf_node *config, const char *appid)
{
	const struct vdf_node *map = config ? vdf_get(config, STEAM_MAPPING) : NULL;
	const struct vdf_node *e = map && !map->value ? vdf_child(map, appid) : NULL;
	const char *name = e && !e->value ? vdf_get_value(e, "name", NULL) : NULL;
	return name && name[0] ? name : NULL;
}

bool steam_app_is_windows(const struct vdf_node *acf)
{
	return !strcmp(vdf_get_value(acf, "AppState/UserConfig/platform_override_source", ""),
		       "windows") ||
	       !strcmp(vdf_get_value(acf, "AppState/MountedConfig/platform_override_source", ""),
		       "windows");
}

bool steam_tool_is_ours(const char *name)
{
	return name && (!strcmp(name, "mvgal") || !strcmp(name, "mvgal-native"));
}

static bool is_other(const char *name)
{
	return name && name[0] && !steam_tool_is_ours(name);
}

static void set(struct steam_tool_before *out, const char *name, enum steam_tool_why why)
{
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->why = why;
}

const char *steam_tool_default(const struct vdf_node *config, enum steam_tool_why *why)
{
	const char *def = steam_tool_mapping(config, "0");
	*why = def ? STEAM_TOOL_DEFAULT : STEAM_TOOL_STEAM_DEFAULT;
	return def ? def : STEAM_DEFAULT_TOOL;
}

void steam_tool_before(const struct vdf_node *config, const char *appid, const char *title_before,
		       const char *default_before, struct steam_tool_before *out)
{
	const char *own = strcmp(appid, "0") ? steam_tool_mapping(config, appid) : NULL;
	enum steam_tool_why def_why;
	const char *def = steam_tool_default(config, &def_why);
	if (is_other(own))
		set(out, own, STEAM_TOOL_BEFORE);
	else if (strcmp(appid, "0") && is_other(title_before))
		set(out, title_before, STEAM_TOOL_BEFORE);
	else if (is_other(def))
		set(out, def, def_why);
	else if (steam_tool_is_ours(def) && is_other(default_before))
		set(out, default_before, STEAM_TOOL_DEFAULT_BEFORE);
	else
		set(out, STEAM_DEFAULT_TOOL, STEAM_TOOL_STEAM_DEFAULT);
}

const char *steam_tool_why_text(enum steam_tool_why why)
{
	switch (why) {
	case STEAM_TOOL_BEFORE:
		return "the title's tool before mvgal-launch";
	case STEAM_TOOL_DEFAULT:
		return "Steam Play's default (CompatToolMapping 0)";
	case STEAM_TOOL_DEFAULT_BEFORE:
		return "Steam Play's default before mvgal-launch";
	case STEAM_TOOL_STEAM_DEFAULT:
		break;
	}
	return "Steam's own default (config.vdf names no Steam Play default)";
}

// SPDX-License-Identifier: MIT
// Compatibility tools as Steam knows them: its own Protons and runtimes by their internal names
// and appids, and the third-party tools registered in compatibilitytools.d (DESIGN.md
// section 7).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/array.h"
#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

// Steam maps the internal names it writes in config.vdf's CompatToolMapping to the apps that
// install them through appinfo 891390 ("SteamPlay 2.0 Manifests", extended/compat_tools:
// "proton_9" { "appid" "2805730" }); protontricks and ProtonUp-Qt read the same table. The
// folder is the app's usual installdir under steamapps/common.
static const struct steam_app_tool valve_tools[] = {
	{ "proton_experimental", "1493710", "Proton Experimental", "Proton - Experimental" },
	{ "proton_hotfix", "2180100", "Proton Hotfix", "Proton Hotfix" },
	{ "proton_10", "3658110", "Proton 10.0", "Proton 10.0" },
	{ "proton_9", "2805730", "Proton 9.0", "Proton 9.0" },
	{ "proton_8", "2348590", "Proton 8.0", "Proton 8.0" },
	{ "proton_7", "1887720", "Proton 7.0", "Proton 7.0" },
	{ "proton_63", "1580130", "Proton 6.3", "Proton 6.3" },
	{ "proton_513", "1420170", "Proton 5.13", "Proton 5.13" },
	{ "proton_5", "1245040", "Proton 5.0", "Proton 5.0" },
	{ "proton_411", "1113280", "Proton 4.11", "Proton 4.11" },
	{ "proton_42", "1054830", "Proton 4.2", "Proton 4.2" },
	{ "proton_316", "961940", "Proton 3.16", "Proton 3.16" },
	{ "proton_37", "858280", "Proton 3.7", "Proton 3.7" },
	{ NULL, NULL, NULL, NULL },
};

// The runtimes a toolmanifest's require_tool_appid names, as the Steam library lists them.
static const struct steam_app_tool runtimes[] = {
	{ "steamlinuxruntime", "1070560", "Steam Linux Runtime 1.0 (scout)", "SteamLinuxRuntime" },
	{ "steamlinuxruntime_soldier", "1391110", "Steam Linux Runtime 2.0 (soldier)",
	  "SteamLinuxRuntime_soldier" },
	{ "steamlinuxruntime_sniper", "1628350", "Steam Linux Runtime 3.0 (sniper)",
	  "SteamLinuxRuntime_sniper" },
	{ "steamlinuxruntime_4", "4183110", "Steam Linux Runtime 4.0", "SteamLinuxRuntime_4" },
	{ NULL, NULL, NULL, NULL },
};

const struct steam_app_tool *steam_valve_tools(void)
{
	return valve_tools;
}

const struct steam_app_tool *steam_valve_tool(const char *internal)
{
	for (const struct steam_app_tool *t = valve_tools; t->internal; t++)
		if (!strcasecmp(t->internal, internal))
			return t;
	return NULL;
}

const struct steam_app_tool *steam_runtime(const char *appid)
{
	for (const struct steam_app_tool *t = runtimes; t->internal; t++)
		if (!strcmp(t->appid, appid))
			return t;
	return NULL;
}

void steam_runtime_name(const char *appid, char *out, size_t size)
{
	const struct steam_app_tool *t = steam_runtime(appid);
	if (t)
		snprintf(out, size, "%s (appid %s)", t->display, appid);
	else
		snprintf(out, size, "the runtime with appid %s", appid);
}

static int list_push(struct steam_compat_tool_list *l, const struct steam_compat_tool *t)
{
	struct steam_compat_tool *v = array_grow(l->v, &l->cap, l->n + 1, sizeof(*v), 8);
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->v[l->n++] = *t;
	return 0;
}

static int skip(struct steam_compat_tool_list *l, const char *what, const char *why)
{
	char *s = NULL;
	if (asprintf(&s, "%s%s", what, why) < 0)
		return -ENOMEM;
	return strv_push_take(&l->skipped, s);
}

// One compatibilitytool.vdf: every entry of "compat_tools" ("compat tools" in older docs) is a
// tool; install_path is absolute or relative to base (the file's folder).
static int add_file(struct steam_compat_tool_list *l, const char *vdfp, const char *base)
{
	struct vdf_node *doc = NULL;
	struct steam_diag e;
	if (steam_vdf_load(vdfp, &doc, &e) < 0)
		return skip(l, e.msg, ": Steam cannot read it either: reinstall the tool");
	const struct vdf_node *tools = vdf_get(doc, "compatibilitytools/compat_tools");
	if (!tools)
		tools = vdf_get(doc, "compatibilitytools/compat tools");
	int rc = tools ? 0
		       : skip(l,
			      vdfp, ": no \"compatibilitytools\" { \"compat_tools\" }: reinstall the tool");
	for (const struct vdf_node *t = tools ? tools->first : NULL; t && rc == 0; t = t->next) {
		struct steam_compat_tool ct = { 0 };
		const char *inst = vdf_get_value(t, "install_path", ".");
		if (t->value)
			continue;
		snprintf(ct.internal, sizeof(ct.internal), "%s", t->key);
		snprintf(ct.display, sizeof(ct.display), "%s",
			 vdf_get_value(t, "display_name", t->key));
		snprintf(ct.from_os, sizeof(ct.from_os), "%s", vdf_get_value(t, "from_oslist", ""));
		snprintf(ct.to_os, sizeof(ct.to_os), "%s", vdf_get_value(t, "to_oslist", ""));
		snprintf(ct.vdf, sizeof(ct.vdf), "%s", vdfp);
		char dir[PATH_MAX], why[PATH_MAX + 64];
		if (snprintf(dir, sizeof(dir), "%s%s%s", inst[0] == '/' ? "" : base,
			     inst[0] == '/' ? "" : "/", inst) >= (int)sizeof(dir) ||
		    !realpath(dir, ct.dir)) {
			snprintf(why,
				 sizeof(why), ": install_path \"%s\" does not exist: reinstall the tool or fix install_path",
				 inst);
			rc = skip(l, vdfp, why);
			continue;
		}
		rc = list_push(l, &ct);
	}
	vdf_free(doc);
	return rc;
}

int steam_compat_tools_scan(const char *tool_dir, struct steam_compat_tool_list *l)
{
	DIR *d = opendir(tool_dir);
	if (!d)
		return 0;
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		char entry[PATH_MAX], vdfp[PATH_MAX];
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || fs_path_join(entry, tool_dir, de->d_name) < 0)
			continue;
		if (fs_is_dir(entry)) {
			if (fs_path_join(vdfp, entry, "compatibilitytool.vdf") == 0 &&
			    fs_is_file(vdfp))
				rc = add_file(l, vdfp, entry);
			else
				rc = skip(l, entry,
					  ": no compatibilitytool.vdf, so Steam does not list it: "
					  "reinstall the tool or remove the folder");
		} else if (len > 4 && !strcmp(de->d_name + len - 4, ".vdf") && fs_is_file(entry)) {
			rc = add_file(l, entry, tool_dir); // a manifest placed directly in the folder
		}
	}
	closedir(d);
	return rc;
}

void steam_compat_tool_list_release(struct steam_compat_tool_list *l)
{
	free(l->v);
	strv_release(&l->skipped);
	*l = (struct steam_compat_tool_list){ 0 };
}

// SPDX-License-Identifier: MIT
// `set-tool APPID [TOOL|none]`: a title's compatibility tool in Steam's config.vdf
// (InstallConfigStore/Software/Valve/Steam/CompatToolMapping/<appid>). Steam keeps its own copy
// in memory and rewrites the file on exit, so we refuse while it runs; the old file is kept as
// config.vdf.mvgal-bak and the new one replaces it atomically.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/launcher.h"
#include "vdf/vdf.h"

#define MAPPING "InstallConfigStore/Software/Valve/Steam/CompatToolMapping"

static const char usage_text[] =
	"usage: mvgal-launch set-tool [--steam-root DIR] APPID [TOOL|none]\n"
	"Sets the compatibility tool of APPID (0 = Steam's default for all titles) to\n"
	"TOOL (default: mvgal), or removes the mapping with 'none'. Steam must be closed.\n";

static int edit(struct vdf_node *doc, const char *appid, const char *tool)
{
	char key[256];
	if (!strcmp(tool, "none")) {
		snprintf(key, sizeof(key), MAPPING "/%s", appid);
		int rc = vdf_remove(doc, key);
		return rc == VDF_ENOENT ? 0 : rc;
	}
	// Steam writes these three keys; 250 is the priority of a choice the user made.
	static const char *const keys[] = {"name", "config", "priority"};
	const char *vals[] = {tool, "", "250"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), MAPPING "/%s/%s", appid, keys[i]);
		int rc = vdf_set(doc, key, vals[i], NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int set_tool(const char *root, const char *appid, const char *tool)
{
	char path[PATH_MAX], bak[PATH_MAX], old[128];
	struct vdf_node *doc = NULL;
	struct launch_err e;
	char *buf = NULL;
	size_t len;
	long pid = 0;
	int rc = 1;
	if (path_join(path, root, "config/config.vdf") < 0 ||
	    snprintf(bak, sizeof(bak), "%s.mvgal-bak", path) >= (int)sizeof(bak))
		return 1;
	if (steam_is_running(root, &pid)) {
		fprintf(stderr, "mvgal-launch: set-tool: Steam is running (pid %ld) and rewrites "
				"config.vdf when it exits: quit Steam first\n", pid);
		return 1;
	}
	if (launch_vdf_load(path, &doc, &e) < 0) {
		fprintf(stderr, "mvgal-launch: set-tool: %s\n", e.msg);
		return 1;
	}
	snprintf(old, sizeof(old), "%s", steam_tool_mapping(doc, appid) ?: "-");
	int err = edit(doc, appid, tool);
	if (err == 0)
		err = vdf_write(doc, &buf, &len);
	if (err == 0 && (err = vdf_backup_file(path, bak)) < 0)
		fprintf(stderr, "mvgal-launch: set-tool: cannot back up %s to %s: %s (config.vdf "
				"unchanged)\n", path, bak, vdf_strerror(err));
	else if (err == 0 && (err = write_atomic(path, buf, len)) < 0)
		fprintf(stderr, "mvgal-launch: set-tool: %s: %s%s\n", path, vdf_strerror(err),
			err == VDF_EDIRSYNC ? "" : " (file unchanged)");
	else if (err < 0)
		fprintf(stderr, "mvgal-launch: set-tool: %s: %s\n", path, vdf_strerror(err));
	else {
		printf("%s: %s -> %s (%s, backup %s)\n", appid, old, tool, path, bak);
		rc = 0;
	}
	free(buf);
	vdf_free(doc);
	return rc;
}

int cmd_set_tool(int argc, char **argv)
{
	const char *root = NULL, *appid = NULL, *tool = NULL;
	struct steam_root r;
	struct launch_err e;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--steam-root") && i + 1 < argc) {
			root = argv[++i];
		} else if (!appid) {
			appid = argv[i];
		} else if (!tool) {
			tool = argv[i];
		} else {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (!appid || !appid[0] || strspn(appid, "0123456789") != strlen(appid) ||
	    strlen(appid) > 20 || (tool && (!tool[0] || strpbrk(tool, "/\"\n")))) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (root) {
		if (!realpath(root, r.path)) {
			fprintf(stderr, "mvgal-launch: set-tool: %s: %s\n", root, strerror(errno));
			return 1;
		}
	} else if (steam_root_current(&r, &e) < 0) {
		fprintf(stderr, "mvgal-launch: set-tool: %s\n", e.msg);
		return 1;
	}
	return set_tool(r.path, appid, tool ? tool : "mvgal");
}

// SPDX-License-Identifier: MIT
// config.vdf's per-title tool choice (InstallConfigStore/Software/Valve/Steam/CompatToolMapping,
// DESIGN.md section 7): the edit and the backups. Only an entry's name (and config when asked)
// changes; every other byte of the file stays as Steam wrote it (vdf_write_keep()). Whether
// Steam runs, and what set-tool remembers, is the caller's (launcher/cmd_settool.c).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

int steam_mapping_check(const struct vdf_node *config)
{
	static const char *const parts[] = { "InstallConfigStore", "Software", "Valve", "Steam",
					     "CompatToolMapping" };
	const struct vdf_node *n = config;
	for (size_t i = 0; n && i < sizeof(parts) / sizeof(parts[0]); i++) {
		n = vdf_child(n, parts[i]);
		if (n && n->value)
			return VDF_ENOTSECTION;
	}
	return 0;
}

/* key spelled as the other CompatToolMapping entries spell it ("Priority" or "priority") */
static const char *sibling_key(const struct vdf_node *map, const char *key)
{
	for (const struct vdf_node *e = map ? map->first : NULL; e; e = e->next)
		for (const struct vdf_node *k = e->value ? NULL : e->first; k; k = k->next)
			if (!strcasecmp(k->key, key))
				return k->key;
	return key;
}

int steam_mapping_set(struct vdf_node *config, const char *appid, const char *tool,
		      const char *tool_config)
{
	struct vdf_node *map, *entry;
	int rc = vdf_set(config, STEAM_MAPPING, NULL, &map);
	if (rc < 0)
		return rc;
	entry = vdf_child(map, appid);
	if (entry) { /* only name, and config when asked: Priority and the rest stay */
		rc = vdf_set_child(entry, sibling_key(map, "name"), tool, NULL);
		if (rc == 0 && tool_config)
			rc = vdf_set_child(entry, sibling_key(map, "config"), tool_config, NULL);
		return rc;
	}
	// A new entry as Steam writes one; 250 is the priority of a choice the user made.
	const char *name_key = sibling_key(map, "name"), *config_key = sibling_key(map, "config");
	const char *prio_key = sibling_key(map, "priority");
	rc = vdf_set_child(map, appid, NULL, &entry);
	if (rc == 0)
		rc = vdf_set_child(entry, name_key, tool, NULL);
	if (rc == 0)
		rc = vdf_set_child(entry, config_key, tool_config ? tool_config : "", NULL);
	if (rc == 0)
		rc = vdf_set_child(entry, prio_key, "250", NULL);
	return rc;
}

int steam_mapping_remove(struct vdf_node *config, const char *appid)
{
	struct vdf_node *map = vdf_get(config, STEAM_MAPPING);
	char key[64];
	if (!map || map->value || !vdf_child(map, appid))
		return 0;
	snprintf(key, sizeof(key), "%s", appid); /* appid may be the entry's own key */
	return vdf_remove(map, key);
}

bool steam_mapping_is(const struct vdf_node *config, const char *appid, const char *tool,
		      const char *tool_config)
{
	const struct vdf_node *map = vdf_get(config, STEAM_MAPPING);
	const struct vdf_node *entry = map && !map->value ? vdf_child(map, appid) : NULL;
	const char *name = steam_tool_mapping(config, appid);
	return name && !strcmp(name, tool) &&
	       (!tool_config || !strcmp(vdf_get_value(entry, "config", ""), tool_config));
}

int steam_mapping_ours(const struct vdf_node *config, struct strv *appids)
{
	const struct vdf_node *map = vdf_get(config, STEAM_MAPPING);
	int rc = 0;
	for (const struct vdf_node *m = map && !map->value ? map->first : NULL; m && rc == 0;
	     m = m->next)
		if (steam_tool_is_ours(steam_tool_mapping(config, m->key)))
			rc = strv_push(appids, m->key);
	return rc;
}

int steam_config_backup_path(const char *cfg, int n, char out[PATH_MAX])
{
	char sfx[32];
	if (n == 0)
		snprintf(sfx, sizeof(sfx), ".mvgal-orig");
	else if (n == 1)
		snprintf(sfx, sizeof(sfx), ".mvgal-bak");
	else
		snprintf(sfx, sizeof(sfx), ".mvgal-bak.%d", n - 1);
	return snprintf(out, PATH_MAX, "%s%s", cfg, sfx) >= PATH_MAX ? -ENAMETOOLONG : 0;
}

/*
 * Steam's own file goes to .mvgal-orig once and is never overwritten; .mvgal-bak holds the file
 * before this change, the older ones move down to .mvgal-bak.1 and .2. Each copy is atomic, so a
 * kill leaves every backup whole (at worst two alike).
 */
static int backups_rotate(const char *cfg, const char *real, char *failed, size_t size)
{
	char from[PATH_MAX], to[PATH_MAX];
	int rc = 0;
	for (int i = STEAM_CONFIG_BACKUPS; rc == 0 && i >= 1; i--) {
		if (steam_config_backup_path(cfg, i, from) < 0 || !fs_is_file(from))
			continue;
		if ((rc = steam_config_backup_path(cfg, i + 1, to)) == 0)
			rc = vdf_backup_file(from, to);
	}
	if (rc == 0 && (rc = steam_config_backup_path(cfg, 0, to)) == 0 && !fs_is_file(to))
		rc = vdf_backup_file(real, to);
	if (rc == 0 && (rc = steam_config_backup_path(cfg, 1, to)) == 0)
		rc = vdf_backup_file(real, to);
	if (rc < 0)
		snprintf(failed, size, "%s", to);
	return rc;
}

int steam_config_write(const struct vdf_node *config, const char *cfg, const char *real,
		       struct steam_diag *d)
{
	char *buf = NULL, failed[PATH_MAX];
	size_t len;
	int err = vdf_write_keep(config, &buf, &len);
	if (err == 0 && (err = backups_rotate(cfg, real, failed, sizeof(failed))) < 0)
		steam_diagf(d, err, "cannot back up %s to %s: %s (config.vdf unchanged)", cfg,
			    failed, vdf_strerror(err));
	else if (err == 0 && (err = write_atomic(real, buf, len)) < 0)
		steam_diagf(d, err, "%s: %s%s", real, vdf_strerror(err),
			    err == VDF_EDIRSYNC ? "" : " (file unchanged)");
	else if (err < 0)
		steam_diagf(d, err, "%s: %s", cfg, vdf_strerror(err));
	free(buf);
	return err;
}

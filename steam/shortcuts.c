// SPDX-License-Identifier: MIT
// Non-Steam games: userdata/<user>/config/shortcuts.vdf, binary KeyValues as Steam writes it
// (tests/data/vdf/gen_binary.py writes the same keys, types and order).
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

static int push_shortcut(struct steam_shortcut_list *l, const struct vdf_node *s)
{
	const char *id = vdf_get_value(s, "appid", NULL);
	if (!id || !id[0])
		return 0; // written before Steam stored the appid: Steam adds it on its next start
	struct steam_shortcut *v = array_grow(l->v, &l->cap, l->n + 1, sizeof(*v), 8);
	if (!v)
		return -ENOMEM;
	l->v = v;
	struct steam_shortcut *sc = &l->v[l->n++];
	// Stored as a signed int32; Steam uses it unsigned (config.vdf, SteamGameId >> 32).
	snprintf(sc->appid, sizeof(sc->appid), "%lu", (unsigned long)(uint32_t)strtol(id, NULL, 10));
	snprintf(sc->name, sizeof(sc->name), "%s", vdf_get_value(s, "AppName", "?"));
	// Steam stores the program in double quotes ("\"/usr/bin/heroic\""): shown without them.
	const char *exe = vdf_get_value(s, "Exe", "");
	size_t n = strlen(exe);
	if (n >= 2 && exe[0] == '"' && exe[n - 1] == '"')
		snprintf(sc->exe, sizeof(sc->exe), "%.*s", (int)(n - 2), exe + 1);
	else
		snprintf(sc->exe, sizeof(sc->exe), "%s", exe);
	return 0;
}

int steam_shortcuts(const char *root, struct steam_shortcut_list *l, struct steam_diag *e)
{
	char ud[PATH_MAX];
	int rc = 0;
	*l = (struct steam_shortcut_list){ 0 };
	if (fs_path_join(ud, root, "userdata") < 0)
		return 0;
	DIR *d = opendir(ud);
	struct dirent *de;
	while (d && rc == 0 && (de = readdir(d))) {
		char p[PATH_MAX];
		struct vdf_node *doc = NULL;
		struct vdf_diag diag = { 0 };
		if (de->d_name[0] == '.' ||
		    snprintf(p, sizeof(p), "%s/%s/config/shortcuts.vdf", ud, de->d_name) >=
			    (int)sizeof(p) ||
		    !fs_is_file(p))
			continue;
		if (vdf_parse_file(p, VDF_FILE_BINARY, &doc, &diag) < 0) {
			rc = steam_diagf(e, -EBADMSG, "%s: byte %d: %s", p, diag.col, diag.msg);
			break;
		}
		const struct vdf_node *all = vdf_child(doc, "shortcuts");
		for (const struct vdf_node *s = all ? all->first : NULL; s && rc == 0; s = s->next)
			rc = push_shortcut(l, s);
		vdf_free(doc);
	}
	if (d)
		closedir(d);
	return rc;
}

const struct steam_shortcut *steam_shortcut_find(const struct steam_shortcut_list *l,
						 const char *appid)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].appid, appid))
			return &l->v[i];
	return NULL;
}

void steam_shortcut_list_release(struct steam_shortcut_list *l)
{
	free(l->v);
	*l = (struct steam_shortcut_list){ 0 };
}

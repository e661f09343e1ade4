// SPDX-License-Identifier: MIT
// Steam's own files: roots, libraries (libraryfolders.vdf), installed apps (appmanifest_*.acf),
// compatibility tool folders and whether Steam is running. Layouts: DESIGN.md section 7.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/launcher.h"
#include "vdf/vdf.h"

static bool looks_like_root(const char *p)
{
	char sub[PATH_MAX];
	if (path_join(sub, p, "steamapps") == 0 && path_is_dir(sub))
		return true;
	return path_join(sub, p, "config") == 0 && path_is_dir(sub);
}

static size_t add_root(struct steam_root *roots, size_t n, size_t max, const char *cand,
		       bool is_flatpak)
{
	char real[PATH_MAX];
	if (n >= max || !realpath(cand, real) || !looks_like_root(real))
		return n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(roots[i].path, real))
			return n;
	snprintf(roots[n].path, sizeof(roots[n].path), "%s", real);
	roots[n].is_flatpak = is_flatpak;
	return n + 1;
}

size_t steam_roots_find(struct steam_root *roots, size_t max)
{
	static const struct {
		const char *rel;
		bool is_flatpak;
	} cands[] = {
		{".steam/root", false},
		{".steam/steam", false},
		{".local/share/Steam", false},
		{".var/app/com.valvesoftware.Steam/data/Steam", true},
		{".var/app/com.valvesoftware.Steam/.local/share/Steam", true},
	};
	size_t n = 0;
	const char *home = path_home();
	if (!home[0])
		return 0;
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		char p[PATH_MAX];
		if (snprintf(p, sizeof(p), "%s/%s", home, cands[i].rel) < (int)sizeof(p))
			n = add_root(roots, n, max, p, cands[i].is_flatpak);
	}
	return n;
}

int steam_root_current(struct steam_root *root, struct launch_err *e)
{
	const char *env = getenv("STEAM_COMPAT_CLIENT_INSTALL_PATH");
	if (env && env[0]) {
		if (!realpath(env, root->path))
			return launch_errf(e, -errno,
					   "STEAM_COMPAT_CLIENT_INSTALL_PATH=%s: %s", env,
					   strerror(errno));
		root->is_flatpak = strstr(root->path, "/com.valvesoftware.Steam/") != NULL;
		return 0;
	}
	if (steam_roots_find(root, 1) == 1)
		return 0;
	return launch_errf(e, -ENOENT,
			   "no Steam installation found under %s (~/.steam/root, "
			   "~/.local/share/Steam, Flatpak): install Steam or pass --steam-root DIR",
			   path_home());
}

int steam_libraries(const char *root, struct strv *libs, struct launch_err *e)
{
	char path[PATH_MAX];
	struct vdf_node *doc = NULL;
	int rc = strv_push_unique(libs, root);
	if (rc < 0)
		return rc;
	if (path_join(path, root, "steamapps/libraryfolders.vdf") < 0 || !path_is_file(path))
		return 0; // a fresh root has no other library
	rc = launch_vdf_load(path, &doc, e);
	if (rc < 0)
		return rc;
	const struct vdf_node *lf = vdf_child(doc, "libraryfolders");
	for (const struct vdf_node *f = lf ? lf->first : NULL; f && rc == 0; f = f->next) {
		// Old files had "1" "/path"; new ones "1" { "path" "/path" ... }.
		const char *p = f->value ? f->value : vdf_get_value(f, "path", NULL);
		char real[PATH_MAX];
		if (!p || p[0] != '/')
			continue;
		rc = strv_push_unique(libs, realpath(p, real) ? real : p);
	}
	vdf_free(doc);
	return rc;
}

int steam_app_dir(const struct strv *libs, const char *appid, char dir[PATH_MAX], char *name,
		  size_t name_size, struct launch_err *e)
{
	for (size_t i = 0; i < libs->n; i++) {
		char acf[PATH_MAX];
		if (snprintf(acf, sizeof(acf), "%s/steamapps/appmanifest_%s.acf", libs->v[i],
			     appid) >= (int)sizeof(acf) ||
		    !path_is_file(acf))
			continue;
		struct vdf_node *doc = NULL;
		int rc = launch_vdf_load(acf, &doc, e);
		if (rc < 0)
			return rc;
		// One folder name under steamapps/common: not empty, no '/', not "." or "..".
		const char *inst = vdf_get_value(doc, "AppState/installdir", NULL);
		if (!inst || !inst[0] || strchr(inst, '/') || !strcmp(inst, ".") ||
		    !strcmp(inst, "..")) {
			vdf_free(doc);
			return launch_errf(e, -EINVAL, "%s: no usable \"installdir\"", acf);
		}
		if (name)
			snprintf(name, name_size, "%s", vdf_get_value(doc, "AppState/name", inst));
		rc = snprintf(dir, PATH_MAX, "%s/steamapps/common/%s", libs->v[i], inst);
		vdf_free(doc);
		if (rc >= PATH_MAX)
			return launch_errf(e, -ENAMETOOLONG, "%s: \"installdir\" is too long", acf);
		return 0;
	}
	return -ENOENT;
}

int steam_tool_dirs(const char *root, struct strv *dirs)
{
	char p[PATH_MAX];
	int rc = 0;
	if (root && path_join(p, root, "compatibilitytools.d") == 0)
		rc = strv_push_unique(dirs, p);
	if (rc == 0)
		rc = strv_push_unique(dirs, "/usr/share/steam/compatibilitytools.d");
	if (rc == 0)
		rc = strv_push_colon_list(dirs, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"));
	return rc;
}

static bool pid_file_is_live(const char *path, long *pid)
{
	FILE *f = fopen(path, "r");
	long v = 0;
	if (!f)
		return false;
	int got = fscanf(f, "%ld", &v);
	fclose(f);
	if (got != 1 || v <= 0)
		return false;
	*pid = v;
	// EPERM means the process exists but belongs to someone else: still running.
	return kill((pid_t)v, 0) == 0 || errno == EPERM;
}

bool steam_is_running(const char *root, long *pid)
{
	char p[PATH_MAX];
	if (path_join(p, root, "steam.pid") == 0 && pid_file_is_live(p, pid))
		return true;
	// The Steam client writes ~/.steam/steam.pid for the native install.
	return path_home()[0] && path_join(p, path_home(), ".steam/steam.pid") == 0 &&
	       pid_file_is_live(p, pid);
}

const char *steam_tool_mapping(const struct vdf_node *config, const char *appid)
{
	const struct vdf_node *map =
		vdf_get(config, "InstallConfigStore/Software/Valve/Steam/CompatToolMapping");
	const struct vdf_node *e = map ? vdf_child(map, appid) : NULL;
	const char *name = e ? vdf_get_value(e, "name", NULL) : NULL;
	return name && name[0] ? name : NULL;
}

// SPDX-License-Identifier: MIT
// Steam's own files: roots, libraries (libraryfolders.vdf), installed apps (appmanifest_*.acf),
// compatibility tool folders and whether Steam is running. Layouts: DESIGN.md section 7.
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

static bool looks_like_root(const char *p)
{
	char sub[PATH_MAX];
	if (fs_path_join(sub, p, "steamapps") == 0 && fs_is_dir(sub))
		return true;
	return fs_path_join(sub, p, "config") == 0 && fs_is_dir(sub);
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

size_t steam_roots_find(const char *home, struct steam_root *roots, size_t max)
{
	static const struct {
		const char *rel;
		bool is_flatpak;
	} cands[] = {
		{ ".steam/root", false },
		{ ".steam/steam", false },
		{ ".local/share/Steam", false },
		{ ".var/app/com.valvesoftware.Steam/data/Steam", true },
		{ ".var/app/com.valvesoftware.Steam/.local/share/Steam", true },
	};
	size_t n = 0;
	if (!home || !home[0])
		return 0;
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		char p[PATH_MAX];
		if (snprintf(p, sizeof(p), "%s/%s", home, cands[i].rel) < (int)sizeof(p))
			n = add_root(roots, n, max, p, cands[i].is_flatpak);
	}
	return n;
}

static bool is_flatpak_path(const char *p)
{
	return strstr(p, "/com.valvesoftware.Steam/") != NULL;
}

int steam_root_current(const char *client_path, const char *home, struct steam_root *root,
		       struct steam_diag *d)
{
	if (client_path && client_path[0]) {
		if (!realpath(client_path, root->path))
			return steam_diagf(d, -errno, "STEAM_COMPAT_CLIENT_INSTALL_PATH=%s: %s",
					   client_path, strerror(errno));
		root->is_flatpak = is_flatpak_path(root->path);
		return 0;
	}
	if (steam_roots_find(home, root, 1) == 1)
		return 0;
	return steam_diagf(d, -ENOENT,
			   "no Steam installation found under %s (~/.steam/root, "
			   "~/.local/share/Steam, Flatpak): install Steam or pass --steam-root DIR",
			   home ? home : "");
}

int steam_roots_select(const char *only, const char *home, struct steam_root *roots, size_t max,
		       struct steam_diag *d)
{
	if (!only) {
		size_t n = steam_roots_find(home, roots, max);
		return n ? (int)n
			 : steam_diagf(d, -ENOENT,
				       "no Steam found in %s (~/.steam/root, ~/.local/share/Steam, "
				       "Flatpak): start Steam once or pass --steam-root=DIR",
				       home ? home : "");
	}
	errno = ENOENT;
	if (!only[0] || !realpath(only, roots[0].path))
		return steam_diagf(d, -errno, "--steam-root %s: %s", only, strerror(errno));
	if (!looks_like_root(roots[0].path))
		return steam_diagf(d, -ENOENT,
				   "--steam-root %s: no steamapps/ or config/ in it: "
				   "not a Steam root",
				   only);
	roots[0].is_flatpak = is_flatpak_path(roots[0].path);
	return 1;
}

int steam_libraries(const char *root, struct strv *libs, struct steam_diag *d)
{
	char path[PATH_MAX];
	struct vdf_node *doc = NULL;
	int rc = strv_push_unique(libs, root);
	if (rc < 0)
		return rc;
	if (fs_path_join(path, root, "steamapps/libraryfolders.vdf") < 0 || !fs_is_file(path))
		return 0; // a fresh root has no other library
	rc = steam_vdf_load(path, &doc, d);
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
		  size_t name_size, struct steam_diag *d)
{
	for (size_t i = 0; i < libs->n; i++) {
		char acf[PATH_MAX];
		if (snprintf(acf, sizeof(acf), "%s/steamapps/appmanifest_%s.acf", libs->v[i],
			     appid) >= (int)sizeof(acf) ||
		    !fs_is_file(acf))
			continue;
		struct vdf_node *doc = NULL;
		int rc = steam_vdf_load(acf, &doc, d);
		if (rc < 0)
			return rc;
		// One folder name under steamapps/common: not empty, no '/', not "." or "..".
		const char *inst = vdf_get_value(doc, "AppState/installdir", NULL);
		if (!inst || !inst[0] || strchr(inst, '/') || !strcmp(inst, ".") ||
		    !strcmp(inst, "..")) {
			vdf_free(doc);
			return steam_diagf(d, -EINVAL, "%s: no usable \"installdir\"", acf);
		}
		if (name)
			snprintf(name, name_size, "%s", vdf_get_value(doc, "AppState/name", inst));
		rc = snprintf(dir, PATH_MAX, "%s/steamapps/common/%s", libs->v[i], inst);
		vdf_free(doc);
		if (rc >= PATH_MAX)
			return steam_diagf(d, -ENAMETOOLONG, "%s: \"installdir\" is too long", acf);
		return 0;
	}
	return -ENOENT;
}

int steam_tool_dirs(const char *root, const char *extra_paths, struct strv *dirs)
{
	char p[PATH_MAX];
	int rc = 0;
	if (root && fs_path_join(p, root, "compatibilitytools.d") == 0)
		rc = strv_push_unique(dirs, p);
	if (rc == 0)
		rc = strv_push_unique(dirs, "/usr/share/steam/compatibilitytools.d");
	if (rc == 0)
		rc = strv_push_colon_list(dirs, extra_paths);
	return rc;
}

/*
 * Is pid the Steam client that wrote pid_path? Valve's steam.sh (is_steam_running()) takes the
 * pid in ~/.steam/steam.pid for a running Steam only when that process has ~/.steam/steam.pipe
 * open: a pid the system gave to another program since Steam ended has not. Where its
 * descriptors cannot be read (another user's process), its name decides: the client is
 * ubuntu12_32/steam ("steam"), its browser steamwebhelper; anything unreadable counts as Steam.
 */
static bool pid_is_steam(long pid, const char *pid_path)
{
	char dir[64], pipe[PATH_MAX], real_pipe[PATH_MAX] = "", comm[32] = "";
	snprintf(dir, sizeof(dir), "/proc/%ld/fd", pid);
	snprintf(pipe, sizeof(pipe), "%.*s/steam.pipe", (int)(strrchr(pid_path, '/') - pid_path),
		 pid_path);
	if (!realpath(pipe, real_pipe))
		real_pipe[0] = '\0';
	DIR *d = opendir(dir);
	if (d) {
		bool has_pipe = false;
		for (struct dirent *de; !has_pipe && (de = readdir(d));) {
			char fd[352], link[PATH_MAX];
			snprintf(fd, sizeof(fd), "%s/%s", dir, de->d_name);
			ssize_t n = readlink(fd, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			has_pipe = !strcmp(link, pipe) || (real_pipe[0] && !strcmp(link, real_pipe));
		}
		closedir(d);
		return has_pipe;
	}
	snprintf(dir, sizeof(dir), "/proc/%ld/comm", pid);
	FILE *f = fs_fopen_read(dir);
	if (!f)
		return errno != ENOENT; /* gone: not running; unreadable: assume Steam */
	bool is_read = fgets(comm, sizeof(comm), f) != NULL;
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return !is_read || !strcmp(comm, "steam") || !strcmp(comm, "steamwebhelper");
}

static bool pid_file_is_live(const char *path, long *pid)
{
	FILE *f = fs_fopen_read(path);
	long v = 0;
	if (!f)
		return false;
	int got = fscanf(f, "%ld", &v);
	fclose(f);
	if (got != 1 || v <= 0)
		return false;
	*pid = v;
	// EPERM means the process exists but belongs to someone else: still running.
	if (kill((pid_t)v, 0) != 0 && errno != EPERM)
		return false;
	return pid_is_steam(v, path);
}

bool steam_is_running(const char *root, const char *home, long *pid)
{
	char p[PATH_MAX];
	if (fs_path_join(p, root, "steam.pid") == 0 && pid_file_is_live(p, pid))
		return true;
	// The Steam client writes ~/.steam/steam.pid for the native install.
	return home && home[0] && fs_path_join(p, home, ".steam/steam.pid") == 0 &&
	       pid_file_is_live(p, pid);
}

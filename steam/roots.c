// SPDX-License-Identifier: MIT
// Steam's own files: roots, libraries (libraryfolders.vdf), installed apps (appmanifest_*.acf),
// compatibility tool folders and whether Steam is running. Layouts: DESIGN.md section 7.
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/array.h"
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
		{ ".steam/root", false },
		{ ".steam/steam", false },
		{ ".local/share/Steam", false },
		{ ".var/app/com.valvesoftware.Steam/data/Steam", true },
		{ ".var/app/com.valvesoftware.Steam/.local/share/Steam", true },
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
			return launch_errf(e, -errno, "STEAM_COMPAT_CLIENT_INSTALL_PATH=%s: %s",
					   env, strerror(errno));
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

bool steam_is_running(const char *root, long *pid)
{
	char p[PATH_MAX];
	if (path_join(p, root, "steam.pid") == 0 && pid_file_is_live(p, pid))
		return true;
	// The Steam client writes ~/.steam/steam.pid for the native install.
	return path_home()[0] && path_join(p, path_home(), ".steam/steam.pid") == 0 &&
	       pid_file_is_live(p, pid);
}

int steam_root_arg(int argc, char **argv, int i, const char **root)
{
	if (!strncmp(argv[i], "--steam-root=", 13)) {
		*root = argv[i] + 13;
		return 1;
	}
	if (strcmp(argv[i], "--steam-root"))
		return 0;
	if (i + 1 >= argc)
		return -1;
	*root = argv[i + 1];
	return 2;
}

int steam_roots_select(const char *only, struct steam_root *roots, size_t max, struct launch_err *e)
{
	if (!only) {
		size_t n = steam_roots_find(roots, max);
		return n ? (int)n
			 : launch_errf(e, -ENOENT,
				       "no Steam found in %s (~/.steam/root, ~/.local/share/Steam, "
				       "Flatpak): start Steam once or pass --steam-root=DIR",
				       path_home());
	}
	errno = ENOENT;
	if (!only[0] || !realpath(only, roots[0].path))
		return launch_errf(e, -errno, "--steam-root %s: %s", only, strerror(errno));
	if (!looks_like_root(roots[0].path))
		return launch_errf(e, -ENOENT,
				   "--steam-root %s: no steamapps/ or config/ in it: "
				   "not a Steam root",
				   only);
	roots[0].is_flatpak = strstr(roots[0].path, "/com.valvesoftware.Steam/") != NULL;
	return 1;
}

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

int steam_shortcuts(const char *root, struct steam_shortcut_list *l, struct launch_err *e)
{
	char ud[PATH_MAX];
	int rc = 0;
	*l = (struct steam_shortcut_list){ 0 };
	if (path_join(ud, root, "userdata") < 0)
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
		    !path_is_file(p))
			continue;
		if (vdf_parse_file(p, VDF_FILE_BINARY, &doc, &diag) < 0) {
			rc = launch_errf(e, -EBADMSG, "%s: byte %d: %s", p, diag.col, diag.msg);
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

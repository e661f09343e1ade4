// SPDX-License-Identifier: MIT
// `install` / `uninstall`: the Steam tool folder compatibilitytools.d/mvgal/ (DESIGN.md
// sections 3 and 8): compatibilitytool.vdf, toolmanifest.vdf and the program itself.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/launcher.h"
#include "vdf/vdf.h"

#define TOOL_NAME "mvgal"
#define TOOL_DISPLAY "mvgal-launch (Proton wrapper)"
#define PROGRAM "mvgal-launch"

struct target {
	char dir[PATH_MAX]; /* .../compatibilitytools.d/mvgal */
	bool is_copy;       /* Flatpak Steam cannot see the host's files: copy, not link */
};

static int targets_collect(const char *only_root, struct target *t, size_t max, size_t *n)
{
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct strv extra = {0};
	size_t nr = 0;
	*n = 0;
	if (only_root) {
		if (!realpath(only_root, roots[0].path))
			return -errno;
		roots[0].is_flatpak = strstr(roots[0].path, "com.valvesoftware.Steam") != NULL;
		nr = 1;
	} else {
		nr = steam_roots_find(roots, STEAM_MAX_ROOTS);
	}
	for (size_t i = 0; i < nr && *n < max; i++, (*n)++) {
		t[*n].is_copy = roots[i].is_flatpak;
		if (snprintf(t[*n].dir, PATH_MAX, "%s/compatibilitytools.d/" TOOL_NAME,
			     roots[i].path) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	// STEAM_EXTRA_COMPAT_TOOLS_PATHS names folders that hold tools, like compatibilitytools.d.
	int rc = only_root ? 0 : steam_tool_dirs(NULL, &extra);
	for (size_t i = 1; rc == 0 && i < extra.n && *n < max; i++, (*n)++) {
		t[*n].is_copy = false;
		if (snprintf(t[*n].dir, PATH_MAX, "%s/" TOOL_NAME, extra.v[i]) >= PATH_MAX)
			rc = -ENAMETOOLONG;
	}
	strv_release(&extra);
	return rc;
}

static int write_vdf(const char *dir, const char *name, const char *const *kv, size_t n_kv,
		     const char *section)
{
	struct vdf_node *doc = NULL;
	char path[PATH_MAX], *buf = NULL;
	size_t len;
	int rc = vdf_new(&doc);
	for (size_t i = 0; rc == 0 && i < n_kv; i += 2) {
		char key[256];
		snprintf(key, sizeof(key), "%s/%s", section, kv[i]);
		rc = vdf_set(doc, key, kv[i + 1], NULL);
	}
	if (rc == 0)
		rc = vdf_write(doc, &buf, &len);
	if (rc == 0)
		rc = path_join(path, dir, name);
	if (rc == 0)
		rc = write_atomic(path, buf, len);
	free(buf);
	vdf_free(doc);
	return rc;
}

static int place_program(const char *dir, const char *self, bool is_copy)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int rc = path_join(path, dir, PROGRAM);
	if (rc == 0)
		rc = path_join(tmp, dir, "." PROGRAM ".tmp");
	if (rc < 0)
		return rc;
	if (is_copy) {
		char *buf = NULL;
		size_t len = 0;
		rc = vdf_read_file(self, &buf, &len);
		if (rc == 0)
			rc = write_atomic(path, buf, len);
		free(buf);
		return rc == 0 && chmod(path, 0755) < 0 ? -errno : rc;
	}
	// A link built beside the target and renamed over it: never a moment without one.
	unlink(tmp);
	if (symlink(self, tmp) < 0)
		return -errno;
	if (rename(tmp, path) < 0) {
		rc = -errno;
		unlink(tmp);
	}
	return rc;
}

static int install_one(const struct target *t, const char *self)
{
	static const char *const tool[] = {"install_path", ".",	       "display_name",
					   TOOL_DISPLAY,   "from_oslist", "windows",
					   "to_oslist",	   "linux"};
	// No require_tool_appid: we start the runtime the chosen Proton asks for ourselves, so
	// this program runs on the host (DESIGN.md section 3, step 1).
	static const char *const manifest[] = {"version", "2", "commandline",
					       "/" PROGRAM " %verb%", "use_tool_subprocess_reaper",
					       "1"};
	int rc = path_mkdirs(t->dir);
	if (rc == 0)
		rc = write_vdf(t->dir, "compatibilitytool.vdf", tool, 8,
			       "compatibilitytools/compat_tools/" TOOL_NAME);
	if (rc == 0)
		rc = write_vdf(t->dir, "toolmanifest.vdf", manifest, 6, "manifest");
	if (rc == 0)
		rc = place_program(t->dir, self, t->is_copy);
	return rc;
}

static int parse_root(int argc, char **argv, const char **root, const char *cmd)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: mvgal-launch %s [--steam-root DIR]\n"
			       "%s the Steam compatibility tool in DIR, or in every Steam root found "
			       "(native, Flatpak) and in STEAM_EXTRA_COMPAT_TOOLS_PATHS.\n",
			       cmd, !strcmp(cmd, "install") ? "Registers" : "Removes");
			return 0;
		}
		if (!strcmp(argv[i], "--steam-root") && i + 1 < argc) {
			*root = argv[++i];
		} else if (!strncmp(argv[i], "--steam-root=", 13)) {
			*root = argv[i] + 13;
		} else {
			fprintf(stderr, "mvgal-launch: %s: unexpected '%s' (see --help)\n", cmd,
				argv[i]);
			return 2;
		}
	}
	return -1;
}

int cmd_install(int argc, char **argv)
{
	const char *root = NULL;
	struct target t[STEAM_MAX_ROOTS * 2];
	size_t n = 0;
	char self[PATH_MAX];
	int rc = parse_root(argc, argv, &root, "install");
	if (rc >= 0)
		return rc;
	if ((rc = path_self(self)) < 0 || (rc = targets_collect(root, t, 16, &n)) < 0) {
		fprintf(stderr, "mvgal-launch: install: %s: %s\n", root ? root : "Steam roots",
			strerror(-rc));
		return 1;
	}
	if (n == 0) {
		fprintf(stderr, "mvgal-launch: install: no Steam found in %s (~/.steam/root, "
				"~/.local/share/Steam, Flatpak): start Steam once or pass "
				"--steam-root DIR\n",
			path_home());
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = install_one(&t[i], self)) < 0) {
			fprintf(stderr, "mvgal-launch: install: %s: %s\n", t[i].dir, strerror(-rc));
			return 1;
		}
		printf("installed %s%s\n", t[i].dir, t[i].is_copy ? " (copy, Flatpak)" : "");
	}
	puts("restart Steam, then pick \"" TOOL_DISPLAY "\" in a game's Properties > "
	     "Compatibility");
	return 0;
}

int cmd_uninstall(int argc, char **argv)
{
	static const char *const files[] = {"compatibilitytool.vdf", "toolmanifest.vdf", PROGRAM,
					    "." PROGRAM ".tmp"};
	const char *root = NULL;
	struct target t[STEAM_MAX_ROOTS * 2];
	size_t n = 0, removed = 0;
	int rc = parse_root(argc, argv, &root, "uninstall");
	if (rc >= 0)
		return rc;
	if ((rc = targets_collect(root, t, 16, &n)) < 0) {
		fprintf(stderr, "mvgal-launch: uninstall: %s: %s\n", root ? root : "Steam roots",
			strerror(-rc));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!path_is_dir(t[i].dir))
			continue;
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			char p[PATH_MAX];
			if (path_join(p, t[i].dir, files[f]) == 0 && unlink(p) < 0 && errno != ENOENT)
				fprintf(stderr, "mvgal-launch: uninstall: %s: %s\n", p,
					strerror(errno));
		}
		if (rmdir(t[i].dir) < 0) {
			fprintf(stderr, "mvgal-launch: uninstall: %s: %s (left in place)\n",
				t[i].dir, strerror(errno));
			return 1;
		}
		printf("removed %s\n", t[i].dir);
		removed++;
	}
	if (!removed)
		puts("mvgal-launch is not installed in any Steam root found");
	return 0;
}

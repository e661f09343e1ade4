// SPDX-License-Identifier: MIT
// Where the Vulkan loader looks for implicit layer manifests on Linux, and whether ours is in one
// of those places, found without loading Vulkan (a launch must not pay for the loader). Order as
// the loader's docs list it (LoaderLayerInterface.md, "Linux Layer Discovery"):
//   $XDG_CONFIG_HOME (~/.config), $XDG_CONFIG_DIRS (/etc/xdg), /etc, $XDG_DATA_HOME
//   (~/.local/share), $XDG_DATA_DIRS (/usr/local/share:/usr/share), each +
//   /vulkan/implicit_layer.d; VK_IMPLICIT_LAYER_PATH replaces them and VK_ADD_IMPLICIT_LAYER_PATH
//   adds folders (loaders from 1.3.296 on; VK_LAYER_PATH and VK_ADD_LAYER_PATH are for explicit
//   layers only).
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fs.h"
#include "launcher/launcher.h"
#include "launcher/implicit_layer.h"

/* name's value in env, or in the process's environment when env is NULL (`check`) */
static const char *value(const struct strv *env, const char *name)
{
	return env ? env_get(env, name) : getenv(name);
}

static void push_xdg_list(const struct strv *env, struct strv *dirs, const char *var,
			  const char *fallback)
{
	const char *list = value(env, var);
	struct strv bases = { 0 };
	char p[PATH_MAX];
	strv_push_colon_list(&bases, list && list[0] ? list : fallback);
	for (size_t i = 0; i < bases.n; i++)
		if (snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", bases.v[i]) < (int)sizeof(p))
			strv_push_unique(dirs, p);
	strv_release(&bases);
}

static void push_xdg_home(const struct strv *env, struct strv *dirs, const char *var,
			  const char *home_rel)
{
	char base[PATH_MAX], p[PATH_MAX];
	fs_xdg_dir_of(value(env, var), value(env, "HOME"), home_rel, base);
	if (base[0] && snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", base) < (int)sizeof(p))
		strv_push_unique(dirs, p);
}

int implicit_layer_dirs(const struct strv *env, struct strv *dirs)
{
	const char *only = value(env, "VK_IMPLICIT_LAYER_PATH");
	const char *add = value(env, "VK_ADD_IMPLICIT_LAYER_PATH");
	if (only && only[0])
		return strv_push_colon_list(dirs, only);
	if (add && add[0])
		strv_push_colon_list(dirs, add);
	push_xdg_home(env, dirs, "XDG_CONFIG_HOME", ".config");
	push_xdg_list(env, dirs, "XDG_CONFIG_DIRS", "/etc/xdg");
	strv_push_unique(dirs, "/etc/vulkan/implicit_layer.d");
	push_xdg_home(env, dirs, "XDG_DATA_HOME", ".local/share");
	push_xdg_list(env, dirs, "XDG_DATA_DIRS", "/usr/local/share:/usr/share");
	return 0;
}

bool implicit_layer_find(const struct strv *env, char out[PATH_MAX])
{
	struct strv dirs = { 0 };
	bool is_found = false;
	implicit_layer_dirs(env, &dirs);
	for (size_t i = 0; i < dirs.n && !is_found; i++)
		is_found = snprintf(out, PATH_MAX, "%s/" LAYER_MANIFEST_JSON, dirs.v[i]) < PATH_MAX &&
			   fs_is_file(out);
	strv_release(&dirs);
	if (!is_found)
		out[0] = '\0';
	return is_found;
}

/*
 * What Steam's container reads: pressure-vessel lists the implicit layers of the host (its
 * graphics provider) with the loader's whole search path, and imports each (manifest and
 * library) into the container: steam-runtime-tools/graphics.c,
 * _srt_graphics_get_vulkan_search_paths() (ValveSoftware/steam-runtime-tools; pressure-vessel/
 * runtime.c calls srt_system_info_list_implicit_vulkan_layers() on the provider). It reads
 * $XDG_DATA_HOME *and* ~/.local/share (kept for steam-for-linux#8337), and no VK_* variable.
 */
static void push_container_dirs(struct strv *dirs)
{
	char p[PATH_MAX];
	const char *data = getenv("XDG_DATA_HOME");
	push_xdg_home(NULL, dirs, "XDG_CONFIG_HOME", ".config");
	push_xdg_list(NULL, dirs, "XDG_CONFIG_DIRS", "/etc/xdg");
	strv_push_unique(dirs, "/etc/vulkan/implicit_layer.d");
	if (data && data[0] == '/' &&
	    snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", data) < (int)sizeof(p))
		strv_push_unique(dirs, p);
	if (path_home()[0] && snprintf(p, sizeof(p), "%s/.local/share/vulkan/implicit_layer.d",
				       path_home()) < (int)sizeof(p))
		strv_push_unique(dirs, p);
	push_xdg_list(NULL, dirs, "XDG_DATA_DIRS", "/usr/local/share:/usr/share");
}

/*
 * What Flatpak Steam's sandbox sees of the host: only the app's own folder app_dir
 * (~/.var/app/com.valvesoftware.Steam, mounted at the same path; the runtime's /usr and
 * Flatpak extensions are not host folders). Its steam-wrapper (flathub/com.valvesoftware.Steam,
 * steam_wrapper.py) sets XDG_CONFIG_HOME and XDG_DATA_HOME to app_dir/.config and
 * app_dir/.local/share and leaves config and data as links to them; before that first run,
 * flatpak's own app_dir/config and app_dir/data are the folders.
 */
static void push_flatpak_dirs(struct strv *dirs, const char *app_dir)
{
	static const char *const rel[] = { ".config", "config", ".local/share", "data" };
	char p[PATH_MAX];
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if (snprintf(p, sizeof(p), "%s/%s/vulkan/implicit_layer.d", app_dir, rel[i]) <
		    (int)sizeof(p))
			strv_push_unique(dirs, p);
}

int implicit_layer_view_dirs(enum implicit_layer_view view, const char *app_dir, struct strv *dirs)
{
	if (view == IMPLICIT_LAYER_CONTAINER)
		push_container_dirs(dirs);
	else if (view == IMPLICIT_LAYER_FLATPAK)
		push_flatpak_dirs(dirs, app_dir);
	else
		return implicit_layer_dirs(NULL, dirs);
	return 0;
}

static bool is_our_manifest(const char *name)
{
	size_t n = strlen(name), pre = strlen(LAYER_MANIFEST_PREFIX);
	return n > pre + 5 && !strncmp(name, LAYER_MANIFEST_PREFIX, pre) &&
	       !strcmp(name + n - 5, ".json");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int implicit_layer_first(const struct strv *dirs, struct strv *files)
{
	for (size_t i = 0; i < dirs->n && !files->n; i++) {
		DIR *d = opendir(dirs->v[i]);
		struct dirent *de;
		char p[PATH_MAX];
		while (d && (de = readdir(d)))
			if (is_our_manifest(de->d_name) &&
			    fs_path_join(p, dirs->v[i], de->d_name) == 0 && fs_is_file(p) &&
			    strv_push(files, p) < 0)
				break;
		if (d)
			closedir(d);
	}
	if (files->n > 1)
		qsort(files->v, files->n, sizeof(files->v[0]), cmp_str);
	return (int)files->n;
}

/* The JSON string after "key": in buf, unescaped into out (only the escapes a path needs); its
 * quoted value spans [*at, *end) of buf. */
static int json_string_member(const char *buf, const char *key, char *out, size_t size,
			      const char **at, const char **end)
{
	char quoted[64];
	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	const char *s = strstr(buf, quoted);
	if (!s)
		return -ENOENT;
	s += strlen(quoted);
	s += strspn(s, " \t\r\n");
	if (*s++ != ':')
		return -EINVAL;
	s += strspn(s, " \t\r\n");
	*at = s;
	if (*s++ != '"')
		return -EINVAL;
	size_t n = 0;
	for (; *s && *s != '"'; s++) {
		if (*s == '\\') {
			s++;
			if (*s != '\\' && *s != '"' && *s != '/')
				return -EINVAL; /* \uXXXX and friends: not in a path we write */
		}
		if (n + 1 >= size)
			return -ENAMETOOLONG;
		out[n++] = *s;
	}
	out[n] = '\0';
	*end = s + 1;
	return *s == '"' ? 0 : -EINVAL;
}

int implicit_layer_with_library(const char *json, const char *lib, char **out)
{
	char old[PATH_MAX];
	const char *at, *end;
	int rc = json_string_member(json, "library_path", old, sizeof(old), &at, &end);
	if (rc < 0)
		return rc;
	size_t n = strlen(json) + 2 * strlen(lib) + 3, len = (size_t)(at - json);
	if (!(*out = malloc(n)))
		return -ENOMEM;
	memcpy(*out, json, len);
	(*out)[len++] = '"';
	for (const char *s = lib; *s; s++) {
		if (*s == '"' || *s == '\\')
			(*out)[len++] = '\\';
		(*out)[len++] = *s;
	}
	(*out)[len++] = '"';
	snprintf(*out + len, n - len, "%s", end);
	return 0;
}

int implicit_layer_library(const char *manifest, char lib[PATH_MAX], char *why, size_t why_len)
{
	char *buf = NULL, path[PATH_MAX];
	size_t len = 0;
	int rc = fs_read_file(manifest, 1 << 20, &buf, &len);
	if (rc < 0) {
		snprintf(why, why_len, "cannot read it: %s", strerror(-rc));
		return rc;
	}
	const char *at, *end;
	rc = json_string_member(buf, "library_path", path, sizeof(path), &at, &end);
	free(buf);
	if (rc < 0) {
		snprintf(why, why_len, "no \"library_path\" string the loader can read");
		return rc;
	}
	// The loader's rule (LoaderLayerInterface.md, "Layer Manifest File Format"): an absolute
	// path as it is, one with a '/' relative to the manifest's folder, a bare name for
	// dlopen()'s search. A literal "~/..." is relative: the shell never expanded it.
	if (path[0] == '/' || !strchr(path, '/')) {
		snprintf(lib, PATH_MAX, "%s", path);
		return 0;
	}
	const char *slash = strrchr(manifest, '/');
	int n = slash ? (int)(slash - manifest) : 1;
	if (snprintf(lib, PATH_MAX, "%.*s/%s", n, slash ? manifest : ".", path) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] == '~')
		snprintf(why, why_len, "library_path \"%s\" starts with '~', which nothing expands",
			 path);
	return path[0] == '~' ? -ENOENT : 0;
}

/* dlopen() in a child, as the loader would (RTLD_NOW | RTLD_LOCAL): a library that does not
 * resolve, or crashes while loading, costs the child only. The child's error comes back
 * through a pipe. */
static int probe_dlopen(const char *lib, const char *symbol, char *why, size_t why_len)
{
	int fd[2];
	if (pipe2(fd, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -errno;
	}
	if (pid == 0) {
		void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
		const char *err = h ? NULL : dlerror();
		char no_sym[160];
		if (h && !dlsym(h, symbol)) {
			snprintf(no_sym, sizeof(no_sym), "it loads but exports no %s", symbol);
			err = no_sym;
		}
		if (err && write(fd[1], err, strlen(err)) < 0)
			_exit(2);
		_exit(err ? 1 : 0);
	}
	close(fd[1]);
	char msg[400];
	ssize_t n, got = 0;
	while ((n = read(fd[0], msg + got, sizeof(msg) - 1 - (size_t)got)) > 0)
		got += n;
	msg[got > 0 ? got : 0] = '\0';
	close(fd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		snprintf(why, why_len, "loading it crashed (signal %d)", WTERMSIG(status));
	else
		snprintf(why, why_len, "%s", got > 0 ? msg : "dlopen() failed");
	return -ELIBBAD;
}

int implicit_layer_probe(const char *lib, char *why, size_t why_len)
{
	return library_probe(lib, "vkNegotiateLoaderLayerInterfaceVersion", why, why_len);
}

int library_probe(const char *lib, const char *symbol, char *why, size_t why_len)
{
	unsigned char h[20];
	// A bare name is found by dlopen()'s own search: only loading it says where.
	if (!strchr(lib, '/'))
		return probe_dlopen(lib, symbol, why, why_len) < 0 ? -ELIBBAD : 64;
	int fd = open(lib, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0) {
		rc = -errno;
		snprintf(why, why_len, "%s: %s", lib, strerror(-rc));
		return rc;
	}
	ssize_t n = read(fd, h, sizeof(h));
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4)) {
		snprintf(why, why_len, "%s is not an ELF library", lib);
		return -ENOEXEC;
	}
	unsigned machine = h[18] | (unsigned)h[19] << 8; /* e_machine, little-endian x86 */
	if (h[4] == 1 && machine == 3)			 /* ELFCLASS32, EM_386 */
		return 32; /* a 64-bit program cannot load it: class and machine are what we can see */
	if (h[4] != 2 || machine != 62) { /* ELFCLASS64, EM_X86_64 */
		snprintf(why, why_len, "%s is an ELF for another machine (class %u, machine %u)",
			 lib, h[4], machine);
		return -ENOEXEC;
	}
	rc = probe_dlopen(lib, symbol, why, why_len);
	return rc < 0 ? rc : 64;
}

void implicit_layer_fix(char *out, size_t size)
{
	char exe_dir[PATH_MAX], built[PATH_MAX], app[256];
	// Flatpak Steam's loader sees only layers of a Flatpak extension or under the app's own
	// folders: `install` on the host copies the layer there (cmd_install.c).
	if (flatpak_app_id(app, sizeof(app))) {
		snprintf(out, size,
			 "it is not visible in the Flatpak sandbox: run `mvgal-launch install` on "
			 "the host (it copies the layer and the OpenGL library into ~/.var/app/%s)",
			 app);
		return;
	}
	// run from the build tree: its share/ has a manifest the loader can be pointed at
	if (path_exe_dir(exe_dir) == 0 &&
	    snprintf(built, sizeof(built), "%s/share/vulkan/implicit_layer.d/" LAYER_MANIFEST_JSON,
		     exe_dir) < (int)sizeof(built) &&
	    fs_is_file(built)) {
		snprintf(out, size,
			 "run `make install PREFIX=$HOME/.local`, or for this build tree "
			 "XDG_DATA_DIRS=%s/share:${XDG_DATA_DIRS:-/usr/local/share:"
			 "/usr/share}",
			 exe_dir);
		return;
	}
	snprintf(out, size,
		 "install it where the loader looks: run `make install PREFIX=$HOME/.local` "
		 "(or /usr, /usr/local); `mvgal-launch check` shows where it looks");
}

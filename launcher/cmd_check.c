// SPDX-License-Identifier: MIT
// `check`: one screen that says whether everything a launch needs is in place, each failing
// line with its fix. The Vulkan loader is dlopen()ed, not linked, so that a launch never pays
// for loading it (start-up cost) and a missing loader is a line here, not a failed exec.
#include <dirent.h>
#include <errno.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include "common/fs.h"
#include "compat/compat.h"
#include "launcher/check.h"
#include "launcher/commands.h"
#include "launcher/gpus.h"
#include "launcher/launcher.h"
#include "launcher/implicit_layer.h"
#include "vdf/vdf.h"

#define LAYER_NAME "VK_LAYER_MVGAL_multigpu_x86_64" /* the 64-bit build's (Makefile, layer_json) */

static void check_gpus(struct check *c, PFN_vkGetInstanceProcAddr gipa, VkInstance inst)
{
	PFN_vkEnumeratePhysicalDevices enum_pd =
		(PFN_vkEnumeratePhysicalDevices)gipa(inst, "vkEnumeratePhysicalDevices");
	PFN_vkGetPhysicalDeviceProperties props =
		(PFN_vkGetPhysicalDeviceProperties)gipa(inst, "vkGetPhysicalDeviceProperties");
	VkPhysicalDevice pd[16];
	uint32_t n = 16;
	if (!enum_pd || !props || enum_pd(inst, &n, pd) < 0 || n == 0) {
		check_line(c, false, "GPUs",
			   "none: install your GPU's Vulkan driver "
			   "(mesa-vulkan-drivers, nvidia-driver)");
		return;
	}
	VkPhysicalDeviceProperties p[16];
	bool is_all_cpu = true;
	for (uint32_t i = 0; i < n; i++) {
		props(pd[i], &p[i]);
		is_all_cpu = is_all_cpu && p[i].deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
	}
	for (uint32_t i = 0; i < n; i++) {
		char gpu[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE + 64];
		snprintf(gpu, sizeof(gpu), "%u: %s (vendor 0x%04x, Vulkan %u.%u)", i,
			 p[i].deviceName, p[i].vendorID, VK_API_VERSION_MAJOR(p[i].apiVersion),
			 VK_API_VERSION_MINOR(p[i].apiVersion));
		// llvmpipe/lavapipe (Mesa's software renderer) as the only device: games run, on
		// the CPU, at a few fps; "ok" would be a false positive for a gamer (issue 27)
		if (is_all_cpu)
			check_warn(
				c, "GPU",
				"%s is a software renderer (it draws on the CPU) and the only "
				"Vulkan device, so games run slowly: install your GPU's Vulkan "
				"driver (mesa-vulkan-drivers for AMD and Intel, nvidia-driver for "
				"NVIDIA); VK_DRIVER_FILES or VK_ICD_FILENAMES, when set, hide the "
				"other drivers",
				gpu);
		else
			check_line(c, true, "GPU", "%s", gpu);
	}
}

// OpenGL's GPU choice comes from sysfs (gpu_prime.c), not Vulkan: say what it sees.
static void check_pci_gpus(struct check *c)
{
	struct gpu_list l;
	const char *root = gpus_sysfs_root(getenv("MVGAL_SYSFS_ROOT"));
	if (gpus_scan(root, NULL, false, false, &l) < 0)
		l.n = 0;
	// none is not ok (issue 27): OpenGL games then get no GPU choice at all
	if (!l.n)
		check_line(c, false, "GPUs (PCI)",
			   "none in %s/bus/pci/devices, so OpenGL games get no GPU choice: install "
			   "a GPU (in a VM: pass one through)",
			   root);
	else
		check_line(c, true, "GPUs (PCI)",
			   "%zu in %s/bus/pci/devices: `mvgal-launch gpus` lists them with "
			   "the gpu.select terms for each",
			   l.n, root);
}

static void check_layer_listed(struct check *c, PFN_vkGetInstanceProcAddr gipa)
{
	PFN_vkEnumerateInstanceLayerProperties enum_layers =
		(PFN_vkEnumerateInstanceLayerProperties)gipa(NULL,
							     "vkEnumerateInstanceLayerProperties");
	VkLayerProperties lp[64];
	uint32_t n = 64;
	bool found = false;
	if (enum_layers && enum_layers(&n, lp) >= 0)
		for (uint32_t i = 0; i < n; i++)
			found = found || !strcmp(lp[i].layerName, LAYER_NAME);
	check_line(c, found, "layer (loader)",
		   found ? LAYER_NAME " is seen by the loader"
			 : LAYER_NAME " not seen by the loader: run "
				      "`make install` (manifest in "
				      "~/.local/share/vulkan/implicit_layer.d)");
}

static void check_vulkan(struct check *c)
{
	void *lib = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		check_line(c, false, "Vulkan loader",
			   "libvulkan.so.1 not found: apt install libvulkan1");
		return;
	}
	PFN_vkGetInstanceProcAddr gipa;
	*(void **)&gipa = dlsym(lib, "vkGetInstanceProcAddr");
	PFN_vkCreateInstance create =
		gipa ? (PFN_vkCreateInstance)gipa(NULL, "vkCreateInstance") : NULL;
	VkApplicationInfo app = { .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
				  .pApplicationName = "mvgal-launch check",
				  .apiVersion = VK_API_VERSION_1_1 };
	VkInstanceCreateInfo ci = { .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
				    .pApplicationInfo = &app };
	VkInstance inst = VK_NULL_HANDLE;
	VkResult r = create ? create(&ci, NULL, &inst) : VK_ERROR_INITIALIZATION_FAILED;
	if (r != VK_SUCCESS) {
		check_line(c, false, "Vulkan loader",
			   "vkCreateInstance failed (%d): install a Vulkan "
			   "driver (mesa-vulkan-drivers)",
			   (int)r);
		dlclose(lib);
		return;
	}
	check_line(c, true, "Vulkan loader", "libvulkan.so.1");
	check_gpus(c, gipa, inst);
	check_pci_gpus(c);
	check_layer_listed(c, gipa);
	PFN_vkDestroyInstance destroy = (PFN_vkDestroyInstance)gipa(inst, "vkDestroyInstance");
	if (destroy)
		destroy(inst, NULL);
	dlclose(lib);
}

/*
 * One view of the layer: the first folder of the view's search path holding a manifest of
 * ours, each manifest's library loaded as the loader would (implicit_layer_probe). 0 when a
 * 64-bit layer loads and every manifest there is sound; else why (with the manifest) says
 * what is wrong. sandbox_dir: Flatpak's app folder, the one host folder the sandbox sees: a
 * library outside it is not visible there.
 */
static int view_probe(enum implicit_layer_view v, const char *app_dir, const char *sandbox_dir,
		      char dir[PATH_MAX], char *what, size_t what_len)
{
	struct strv dirs = { 0 }, files = { 0 };
	char lib[PATH_MAX], real[PATH_MAX], why[PATH_MAX * 2 + 200];
	int rc = -ENOENT, n64 = 0, n32 = 0;
	size_t sandbox_len = sandbox_dir ? strlen(sandbox_dir) : 0;
	dir[0] = what[0] = '\0';
	implicit_layer_view_dirs(v, app_dir, &dirs);
	if (implicit_layer_first(&dirs, &files) > 0) {
		rc = 0;
		snprintf(dir, PATH_MAX, "%.*s", (int)(fs_path_base(files.v[0]) - files.v[0] - 1),
			 files.v[0]);
	}
	for (size_t i = 0; i < files.n && rc == 0; i++) {
		int bits = -EINVAL;
		why[0] = '\0';
		if ((rc = implicit_layer_library(files.v[i], lib, why, sizeof(why))) < 0) {
			bits = rc;
		} else if (sandbox_dir &&
			   (!realpath(lib, real) || strncmp(real, sandbox_dir, sandbox_len) ||
			    real[sandbox_len] != '/')) {
			snprintf(why, sizeof(why),
				 "its library %s is outside %s, which the sandbox "
				 "cannot see",
				 lib, sandbox_dir);
		} else {
			bits = implicit_layer_probe(lib, why, sizeof(why));
		}
		n64 += bits == 64;
		n32 += bits == 32;
		if (bits < 0) {
			rc = -ELIBBAD;
			snprintf(what, what_len, "%s: %s", files.v[i], why);
		}
	}
	if (rc == 0 && !n64) {
		rc = -ENOENT;
		snprintf(what, what_len, "%s holds no 64-bit layer", dir);
	} else if (rc == 0) {
		snprintf(what, what_len, "%s (64-bit: loads%s)", dir,
			 n32 ? "; 32-bit: an i386 library" : "; no 32-bit layer");
	}
	strv_release(&files);
	strv_release(&dirs);
	return rc;
}

#define FLATPAK_FIX                                                                                \
	"run `mvgal-launch install` on the host (it copies the layer and the OpenGL library into " \
	"Flatpak Steam's folder)"

/*
 * Where the layer will be seen from, one line each (issue 24 item 2): this machine's loader,
 * Steam's container (pressure-vessel reads the loader's search path, /usr/local included, and
 * imports what it finds) and Flatpak Steam's sandbox (only its own folder of the host). Inside
 * the sandbox, "this machine" is the sandbox and the host cannot be seen.
 */
static void check_layer_views(struct check *c, bool is_flatpak_root_wanted)
{
	char dir[PATH_MAX], what[PATH_MAX * 4], app_dir[PATH_MAX], real_app[PATH_MAX], app[256];
	bool is_sandbox = flatpak_app_id(app, sizeof(app)) != NULL;
	char fix[PATH_MAX + 256];
	int rc = view_probe(IMPLICIT_LAYER_HOST, NULL, NULL, dir, what, sizeof(what));
	implicit_layer_fix(fix, sizeof(fix));
	if (is_sandbox)
		check_line(c, true, "layer (host)",
			   "not visible from inside %s's sandbox: `mvgal-launch check` on the host "
			   "shows it",
			   app);
	else if (rc == 0)
		check_line(c, true, "layer (host)", "seen from %s", what);
	else
		check_line(c, false, "layer (host)", "%s: %s",
			   what[0] ? what : LAYER_MANIFEST_PREFIX "*.json not where the loader looks",
			   fix);
	rc = view_probe(IMPLICIT_LAYER_CONTAINER, NULL, NULL, dir, what, sizeof(what));
	check_line(c, rc == 0, "layer (Steam)", "Steam's container (pressure-vessel) %s%s%s%s",
		   rc == 0 ? "imports it from " : "will not load it: ",
		   rc == -ENOENT && !what[0] ? "no manifest of ours in the loader's search path"
					     : what,
		   rc < 0 ? ": " : "", rc < 0 ? "run `make install PREFIX=$HOME/.local`" : "");
	if (!is_flatpak_root_wanted)
		return;
	if (is_sandbox) {
		rc = view_probe(IMPLICIT_LAYER_HOST, NULL, NULL, dir, what, sizeof(what));
	} else {
		if (!path_home()[0] ||
		    snprintf(app_dir, sizeof(app_dir), "%s/.var/app/" FLATPAK_STEAM_ID,
			     path_home()) >= (int)sizeof(app_dir) ||
		    !fs_is_dir(app_dir)) {
			check_line(c, true, "layer (Flatpak)",
				   "no Flatpak Steam here (no ~/.var/app/%s)", FLATPAK_STEAM_ID);
			return;
		}
		if (!realpath(app_dir, real_app))
			snprintf(real_app, sizeof(real_app), "%s", app_dir);
		rc = view_probe(IMPLICIT_LAYER_FLATPAK, app_dir, real_app, dir, what, sizeof(what));
	}
	check_line(c, rc == 0, "layer (Flatpak)", "Flatpak Steam's sandbox %s%s: %s",
		   rc == 0 ? "sees it in " : "will not load it: ",
		   rc == -ENOENT && !what[0] ? "no manifest of ours in its folders" : what,
		   rc == 0 ? "its games get the settings" : FLATPAK_FIX);
}

/*
 * The OpenGL library the launcher puts in LD_PRELOAD (gl_env.c): <prefix>/lib/mvgal/, the 64-bit
 * build loaded in a child as ld.so would, the 32-bit one (through the i686 $PLATFORM folder, the
 * name a 32-bit game's ld.so takes) by its ELF header. Without it OpenGL games are not paced.
 */
static void check_gl(struct check *c)
{
	char prefix[PATH_MAX], lib[PATH_MAX + 64], why[PATH_MAX + 400];
	if (program_prefix(prefix) < 0) {
		check_line(c, false, "OpenGL",
			   "cannot find the program's own folder (/proc/self/exe)");
		return;
	}
	snprintf(lib, sizeof(lib), "%s/lib/mvgal/libmvgal_gl.so", prefix);
	int bits = fs_is_file(lib) ? library_probe(lib, "mvgal_gl_owns_pacing", why, sizeof(why))
				   : -ENOENT;
	if (bits == -ENOENT) {
		check_line(c, false, "OpenGL",
			   "%s not found: OpenGL games run without the fps cap; "
			   "reinstall mvgal-launch (make install)",
			   lib);
		return;
	}
	if (bits != 64)
		check_line(c, false, "OpenGL",
			   "%s does not load: %s; reinstall mvgal-launch (make install)", lib,
			   bits == 32 ? "a 32-bit library where the 64-bit one belongs" : why);
	else
		check_line(c, true, "OpenGL", "%s (64-bit: loads)", lib);
	snprintf(lib, sizeof(lib), "%s/lib/mvgal/gl", prefix);
	if (!fs_is_dir(lib)) {
		check_line(c, true, "OpenGL 32-bit",
			   "not built (BUILD_32=0): 32-bit OpenGL games run "
			   "without the fps cap");
		return;
	}
	snprintf(lib, sizeof(lib), "%s/lib/mvgal/gl/i686/libmvgal_gl.so", prefix);
	bits = fs_is_file(lib) ? library_probe(lib, "mvgal_gl_owns_pacing", why, sizeof(why))
			       : -ENOENT;
	if (bits == 32)
		check_line(c, true, "OpenGL 32-bit", "%s (an i386 library)", lib);
	else
		check_line(c, false, "OpenGL 32-bit",
			   "%s %s; reinstall mvgal-launch (make install)", lib,
			   bits == -ENOENT ? "not found (a link to lib32/mvgal/libmvgal_gl.so)"
			   : bits == 64	   ? "is a 64-bit library"
					   : why);
}

static void check_layer_enabled(struct check *c)
{
	const char *dis = getenv("DISABLE_MVGAL");
	check_line(c, !dis || !dis[0], "layer enabled",
		   dis && dis[0] ? "DISABLE_MVGAL is set in this environment: unset it"
				 : "launches set ENABLE_MVGAL=1");
}

/* Steam runs launch options with its own PATH (issue 24 item 9): the full path always works. */
static void check_program(struct check *c)
{
	char self[PATH_MAX], found[PATH_MAX], opts[PATH_MAX * 2];
	if (path_self(self) < 0)
		return;
	program_launch_options(self, opts, sizeof(opts));
	int where = program_on_path(self, found);
	if (where == 2)
		check_line(c, false, "program",
			   "PATH finds another mvgal-launch, %s, before this one (%s): run `make "
			   "uninstall` with its PREFIX, or put this one first in PATH",
			   found, self);
	else
		check_line(c, true, "program", "%s %s; in Steam's launch options: %s", self,
			   where ? "is on PATH" : "is not on PATH (Steam's may differ anyway)", opts);
}

static void list_layer_dir(const char *dir, char *names, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name), used = strlen(names);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".json"))
			snprintf(names + used, size - used, "%s%s", used ? ", " : "", de->d_name);
	}
	if (d)
		closedir(d);
}

// Inside Flatpak Steam the loader sees only the sandbox: its XDG_DATA_HOME
// (~/.var/app/<id>/data), the runtime's XDG_DATA_DIRS and Vulkan layer extensions
// (/usr/lib/extensions/vulkan/<name>/share). Say which manifests that makes visible.
static void check_flatpak(struct check *c)
{
	char app[256], data[PATH_MAX], p[PATH_MAX], names[2048] = "";
	if (!flatpak_app_id(app, sizeof(app)))
		return;
	fs_xdg_dir("XDG_DATA_HOME", ".local/share", data);
	if (snprintf(p, sizeof(p), "%s/vulkan/implicit_layer.d", data) < (int)sizeof(p))
		list_layer_dir(p, names, sizeof(names));
	const char *dirs = getenv("XDG_DATA_DIRS");
	for (const char *s = dirs && dirs[0] ? dirs : "/usr/share"; *s;) {
		const char *colon = strchrnul(s, ':');
		if (snprintf(p, sizeof(p), "%.*s/vulkan/implicit_layer.d", (int)(colon - s), s) <
		    (int)sizeof(p))
			list_layer_dir(p, names, sizeof(names));
		s = *colon ? colon + 1 : colon;
	}
	list_layer_dir("/etc/vulkan/implicit_layer.d", names, sizeof(names));
	DIR *d = opendir("/usr/lib/extensions/vulkan");
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    snprintf(p, sizeof(p),
			     "/usr/lib/extensions/vulkan/%s/share/vulkan/implicit_layer.d",
			     de->d_name) < (int)sizeof(p))
			list_layer_dir(p, names, sizeof(names));
	if (d)
		closedir(d);
	check_line(c, true, "Flatpak", "inside %s's sandbox; layer manifests it can see: %s", app,
		   names[0] ? names : "none");
}

// The name of a Windows game (steam_app_is_windows) in one of libs into name; false if none.
static bool windows_game(const struct strv *libs, char *name, size_t size)
{
	bool found = false;
	for (size_t i = 0; i < libs->n && !found; i++) {
		char dir[PATH_MAX], acf[PATH_MAX];
		DIR *d = fs_path_join(dir, libs->v[i], "steamapps") < 0 ? NULL : opendir(dir);
		struct dirent *de;
		while (d && !found && (de = readdir(d))) {
			struct vdf_node *doc = NULL;
			struct launch_err e;
			if (strncmp(de->d_name, "appmanifest_", 12) ||
			    fs_path_join(acf, dir, de->d_name) < 0 ||
			    launch_vdf_load(acf, &doc, &e) < 0)
				continue;
			found = steam_app_is_windows(doc);
			if (found)
				snprintf(name, size, "%s", vdf_get_value(doc, "AppState/name", "?"));
			vdf_free(doc);
		}
		if (d)
			closedir(d);
	}
	return found;
}

/* One line for each Proton build of a root and for its runtime; one for each folder skipped. */
static void check_protons(struct check *c, const struct steam_proton_list *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		const struct steam_proton *b = &pl->v[i];
		char rt[160], why[512];
		if (b->broken[0])
			continue; /* a FAIL line of its own below, with the fix */
		check_line(c, true, "Proton", "%s%s%s%s (%s)", b->name, b->internal[0] ? " [" : "",
			   b->internal, b->internal[0] ? "]" : "", b->dir);
		if (!b->require_appid[0])
			continue;
		steam_runtime_name(b->require_appid, rt, sizeof(rt));
		if (b->has_runtime) {
			check_line(c, true, "runtime", "%s for %s", rt, b->name);
		} else {
			steam_proton_runtime_missing(b, why, sizeof(why));
			check_line(c, false, "runtime", "%s", why);
		}
	}
	// Folders Steam would list but a launch cannot use (or Steam would not list at all).
	for (size_t i = 0; i < pl->skipped.n; i++) {
		bool is_other_tool = strstr(pl->skipped.v[i], " is not a Proton ") != NULL;
		check_line(c, is_other_tool, "Proton", "skipped %s", pl->skipped.v[i]);
	}
}

static void check_root(struct check *c, const struct steam_root *r)
{
	char p[PATH_MAX];
	struct strv libs = { 0 }, tools = { 0 };
	struct steam_proton_list pl = { 0 };
	struct steam_diag e;
	check_line(c, true, "Steam root", "%s%s", r->path, r->is_flatpak ? " (Flatpak)" : "");
	bool is_installed = snprintf(p, sizeof(p), "%s/compatibilitytools.d/mvgal/toolmanifest.vdf",
				     r->path) < (int)sizeof(p) &&
			    fs_is_file(p);
	check_line(c, is_installed, "tool",
		   is_installed ? "installed in %s/compatibilitytools.d"
				: "not installed in %s: run `mvgal-launch "
				  "install`",
		   r->path);
	if (steam_libraries(r->path, &libs, &e) < 0)
		check_line(c, false, "libraries", "%s: fix or remove the file, Steam rewrites it",
			   e.msg);
	for (size_t i = 0; i < libs.n; i++)
		check_line(c, fs_is_dir(libs.v[i]), "library",
			   fs_is_dir(libs.v[i]) ? "%s" : "%s missing: mount it or remove it in Steam",
			   libs.v[i]);
	steam_tool_dirs(r->path, getenv("STEAM_EXTRA_COMPAT_TOOLS_PATHS"), &tools);
	steam_proton_find(&libs, &tools, &pl);
	if (!pl.n) {
		// Steam installs the Proton a Windows game needs with the game: no Proton and no
		// Windows game is a Steam with native games only, not a failure (issue 27)
		char game[256] = "";
		bool has_windows = windows_game(&libs, game, sizeof(game));
		check_line(
			c, !has_windows, "Proton",
			has_windows
				? "none found, but %s is a Windows game: install Proton from Steam "
				  "(Library > Tools)"
				: "none installed%s (no Windows game here needs one yet)",
			game);
	}
	check_protons(c, &pl);
	steam_proton_list_release(&pl);
	strv_release(&libs);
	strv_release(&tools);
}

static void check_db(struct check *c)
{
	struct compat_db_choice ch;
	struct compat_db *db = NULL;
	if (db_choose(NULL, &ch) < 0) {
		check_line(c, false, "compat DB", "%s: reinstall or run `mvgal-launch db update`",
			   ch.why);
		return;
	}
	int rc = compat_db_open(ch.path, &db);
	if (rc < 0)
		check_line(c, false, "compat DB", "%s: %s: run `mvgal-launch db update`", ch.path,
			   compat_strerror(rc));
	else
		check_line(c, true, "compat DB", "%s (serial %llu)", ch.path,
			   (unsigned long long)compat_db_serial(db));
	compat_db_close(db);
}

// Every user profile with a problem, with its first one as file:line: a launch skips that line
// (a file that cannot be read: the file) and applies the rest; in Steam mode its stderr line is
// easy to miss.
static void check_profiles(struct check *c)
{
	char **paths, read_err[600], buf[600];
	size_t n, n_bad = 0;
	if (user_profile_files(&paths, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct profile_diags d = { 0 };
		if (paths[i] && user_profile_check_path(paths[i], &d, read_err, sizeof(read_err))) {
			n_bad++;
			if (read_err[0])
				check_line(c, false, "profile",
					   "%s (left out of launches until fixed)", read_err);
			else
				check_line(
					c, false, "profile",
					"%s (%zu problem%s: a launch skips those lines and applies "
					"the rest; `mvgal-launch profile check` lists all)",
					d.n ? profile_diag_text(&d.v[0], buf, sizeof(buf)) : paths[i],
					d.n, d.n == 1 ? "" : "s");
		}
		profile_diags_release(&d);
		free(paths[i]);
	}
	free(paths);
	if (!n_bad)
		check_line(c, true, "profiles", "%zu file%s, no errors", n, n == 1 ? "" : "s");
}

// The last launch's result from launch.log (issue 24): a launch that failed under Steam said so
// only there and in a notification. A failed one is a FAIL line; the next launch replaces it.
static void check_last_launch(struct check *c)
{
	struct launch_last l;
	char path[PATH_MAX], who[700];
	int rc = launch_log_last(&l, path);
	if (rc == -ENOENT) {
		check_line(c, true, "last launch", "none recorded yet");
		return;
	}
	if (rc < 0) {
		check_line(c, false, "last launch", "%s: %s", path, fs_strerror(rc));
		return;
	}
	snprintf(who, sizeof(who), "%s %s%s%s%s%s", l.stamp, l.mode,
		 strcmp(l.appid, "-") && l.appid[0] ? " appid " : "",
		 strcmp(l.appid, "-") ? l.appid : "", l.exe[0] ? " " : "", l.exe);
	if (!strcmp(l.result, "error"))
		check_line(c, false, "last launch", "%s failed: %s (%s)", who, l.error, path);
	else
		check_line(c, true, "last launch", "%s started", who);
}

int cmd_check(int argc, char **argv)
{
	struct check c = { 0 };
	struct steam_root roots[STEAM_MAX_ROOTS];
	struct steam_diag e;
	const char *only = NULL;
	for (int i = 1; i < argc; i++) {
		int used = option_steam_root(argc, argv, i, &only);
		if (used > 0) {
			i += used - 1;
			continue;
		}
		bool is_help = !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
		fputs("usage: mvgal-launch check [--steam-root=DIR]\n"
		      "Vulkan loader and GPUs, the layer, Steam roots (DIR only, when given),\n"
		      "libraries, Proton builds (and the folders skipped, with why), runtimes by\n"
		      "their Steam name, the compat DB, your profiles and the last launch's\n"
		      "result; every FAIL and warn line says the fix. Exit 1 when any line\n"
		      "fails (a warn line does not). ok/warn/FAIL are coloured on a terminal\n"
		      "unless NO_COLOR is set.\n",
		      is_help ? stdout : stderr);
		return is_help ? 0 : 2;
	}
	// The layer's libraries are loaded in a child: before the Vulkan loader starts threads.
	check_program(&c);
	check_layer_views(&c, !only || strstr(only, "/.var/app/" FLATPAK_STEAM_ID "/"));
	check_layer_enabled(&c);
	check_gl(&c);
	check_vulkan(&c);
	check_flatpak(&c);
	int nr = steam_roots_select(only, path_home(), roots, STEAM_MAX_ROOTS, &e);
	if (nr < 0)
		check_line(&c, false, "Steam root", "%s", e.msg);
	for (int i = 0; i < nr; i++)
		check_root(&c, &roots[i]);
	check_db(&c);
	check_profiles(&c);
	check_last_launch(&c);
	printf("%s\n", c.failed	  ? "some checks failed: see the FAIL lines above"
		       : c.warned ? "everything needed for a launch is in place, but see the warn "
				    "lines above"
				  : "everything needed for a launch is in place");
	return c.failed ? 1 : 0;
}

// SPDX-License-Identifier: MIT
// The OpenGL part of a launch's environment (DESIGN.md section 5b): the PRIME offload variables
// of the GPU gpu.select names (launcher/gpu_prime.c) and our own OpenGL preload library
// appended to LD_PRELOAD (before MangoHud's, which would otherwise never call it). Only this file adds to LD_PRELOAD, and only the library that sits
// beside the program: a profile or the DB never can (profiles/ refuses LD_PRELOAD in [env]).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/gpus.h"
#include "launcher/launch_internal.h"
#include "launcher/usage.h"
#include "common/gpu_select.h"

#define GL_LIB "libmvgal_gl.so"

/*
 * Where the preload library is, from the program's own folder: <prefix>/bin/mvgal-launch ->
 * <prefix>/lib/mvgal/libmvgal_gl.so (the build tree has the same shape). With the 32-bit build
 * too, <prefix>/lib/mvgal/gl/$PLATFORM/ holds a link to each, and ld.so expands $PLATFORM per
 * process and CPU (x86_64, haswell, xeon_phi; i386 to i686: the Makefile's GL_PLATFORMS_*), so
 * 32-bit games get theirs and neither prints "wrong ELF class".
 * The folder <prefix>/lib/mvgal into dir, the rest into tail; dir "" when not installed.
 */
static void gl_lib_path(char dir[PATH_MAX], char tail[64])
{
	char probe[PATH_MAX + 64];
	dir[0] = tail[0] = '\0';
	if (path_exe_dir(dir) < 0)
		return;
	char *slash = strrchr(dir, '/');
	if (!slash || strlen(dir) + 40 >= PATH_MAX) {
		dir[0] = '\0';
		return;
	}
	if (!strcmp(fs_path_base(dir), "bin"))
		*slash = '\0';
	strcat(dir, "/lib/mvgal");
	snprintf(probe, sizeof(probe), "%s/gl/x86_64/" GL_LIB, dir);
	if (fs_is_file(probe)) {
		snprintf(tail, 64, "gl/$PLATFORM/" GL_LIB);
		return;
	}
	snprintf(probe, sizeof(probe), "%s/" GL_LIB, dir);
	if (fs_is_file(probe))
		snprintf(tail, 64, GL_LIB);
	else
		dir[0] = '\0';
}

/*
 * The library is not beside the program (a partial install, a copied binary): a Vulkan game is
 * paced by the layer, an OpenGL game would run with no fps cap, pacing or telemetry and no word
 * of it. One line on stderr; launch.log says gl=absent.
 */
static void gl_lib_missing(char missing[PATH_MAX])
{
	char prefix[PATH_MAX], safe[PATH_MAX];
	if (program_prefix(prefix) < 0)
		snprintf(prefix, sizeof(prefix), "<prefix>");
	text_safe(prefix, safe, sizeof(safe));
	if (snprintf(missing, PATH_MAX, "%s/lib/mvgal/" GL_LIB, safe) >= PATH_MAX)
		snprintf(missing, PATH_MAX, "<prefix>/lib/mvgal/" GL_LIB);
	warning("the OpenGL library is not installed (no %s): OpenGL games run without the fps "
		"cap, pacing or telemetry; Vulkan games are not affected. Reinstall mvgal-launch "
		"(make install) to get it",
		missing);
}

/*
 * lib = dir/tail as LD_PRELOAD can carry it: as it is, or through a link (preload_link.c; made
 * by launch_exec), or "" when neither can (a blank in $HOME too): then one line says how to fix
 * it, when is_said.
 */
static void gl_lib_reach(struct launch *l, const char *dir, const char *tail, bool is_said,
			 char lib[PATH_MAX])
{
	char safe[2][256], state[PATH_MAX];
	lib[0] = l->gl_link[0] = l->gl_link_to[0] = '\0';
	if (!dir[0])
		return;
	if (preload_is_safe(dir)) {
		/* the result checked: gcc's -Wformat-truncation at -O1 (the ASan build) */
		if (snprintf(lib, PATH_MAX, "%s/%s", dir, tail) < 0)
			lib[0] = '\0';
		return;
	}
	if (preload_link_path(&l->env, dir, l->gl_link) == 0 &&
	    snprintf(lib, PATH_MAX, "%s/%s", l->gl_link, tail) < PATH_MAX) {
		snprintf(l->gl_link_to, PATH_MAX, "%s", dir);
		return;
	}
	lib[0] = l->gl_link[0] = '\0';
	if (!is_said)
		return;
	if (env_xdg_dir(&l->env, "XDG_STATE_HOME", ".local/state", state) < 0)
		snprintf(state, sizeof(state), "(unset)");
	error("the OpenGL library is left out: its folder \"%s\" and "
	      "$XDG_STATE_HOME \"%s\" hold a blank, ':' or '$', which LD_PRELOAD cannot carry; "
	      "install mvgal-launch under a path without them (make install PREFIX=/usr/local)",
	      text_safe(dir, safe[0], sizeof(safe[0])), text_safe(state, safe[1], sizeof(safe[1])));
}

/* Whether the LD_PRELOAD list (blank- or colon-separated, ld.so(8)) names `self`. */
static bool preload_has(const char *list, const char *self)
{
	size_t len = strlen(self);
	for (const char *s = list; s && *s;) {
		size_t n = strcspn(s, ": ");
		if (n == len && !strncmp(s, self, n))
			return true;
		s += n + (s[n] != '\0');
	}
	return false;
}

/*
 * Preloads that hook the swaps and call the driver's function themselves (found with their own
 * dlopen/dlsym, not the next library's): a hook after them in LD_PRELOAD is never called.
 * MangoHud's OpenGL library does this (libMangoHud.so and its _dlsym/_opengl variants; measured:
 * `mangohud mvgal-launch --fps 60 -- glxgears` ran unpaced at 2,000 fps with ours after it), and
 * so does obs-vkcapture's obs-glcapture. Ours goes before them; they still get every swap, from
 * ours.
 */
static const char *const direct_hookers[] = { "libMangoHud", "libobs_glcapture" };

/* Offset in `list` of the first entry that is a direct hooker, or -1; its name into `name`. */
static long first_direct_hooker(const char *list, char *name, size_t name_len)
{
	for (const char *s = list; s && *s;) {
		size_t n = strcspn(s, ": ");
		const char *base = s;
		for (const char *c = s; c < s + n; c++)
			if (*c == '/')
				base = c + 1;
		for (size_t i = 0; n && i < sizeof(direct_hookers) / sizeof(direct_hookers[0]); i++)
			if (!strncmp(base, direct_hookers[i], strlen(direct_hookers[i])) &&
			    (size_t)(s + n - base) >= strlen(direct_hookers[i])) {
				snprintf(name, name_len, "%.*s", (int)(s + n - base), base);
				return s - list;
			}
		s += n + (s[n] != '\0');
	}
	return -1;
}

/* Appends `self` to LD_PRELOAD (after Steam's overlay or whatever is there), or puts it before
 * the first direct hooker (above; its name into `before`, else ""), when add; takes it out when
 * not (an outer mvgal-launch put it there for a verb without the layer); any other entry and the
 * user's separators stay as they are. "" (not installed): LD_PRELOAD untouched. */
static int preload_set(struct strv *env, const char *self, bool add, char *before, size_t before_len)
{
	const char *old = env_get(env, "LD_PRELOAD");
	char *v = NULL;
	int rc;
	before[0] = '\0';
	if (!self[0] || add == preload_has(old, self))
		return 0;
	if (add) {
		long at = old ? first_direct_hooker(old, before, before_len) : -1;
		if (at >= 0) {
			if (asprintf(&v, "%.*s%s:%s", (int)at, old, self, old + at) < 0)
				return -ENOMEM;
		} else if (asprintf(&v, "%s%s%s", old && old[0] ? old : "",
				    old && old[0] ? ":" : "", self) < 0) {
			return -ENOMEM;
		}
	} else {
		size_t len = strlen(old) + 1;
		if (!(v = malloc(len)))
			return -ENOMEM;
		v[0] = '\0';
		for (const char *s = old; *s;) {
			size_t n = strcspn(s, ": ");
			if (n && !(n == strlen(self) && !strncmp(s, self, n)))
				snprintf(v + strlen(v), len - strlen(v), "%s%.*s", v[0] ? ":" : "",
					 (int)n, s);
			s += n + (s[n] != '\0');
		}
	}
	rc = env_set(env, "LD_PRELOAD", v[0] ? v : NULL);
	free(v);
	return rc;
}

static bool has_name_term(const char *select)
{
	struct gpu_selection sel;
	if (gpu_select_parse(select, &sel, NULL, 0) < 0)
		return false;
	for (unsigned i = 0; i < sel.n_terms; i++)
		if (sel.terms[i].kind == GPU_TERM_NAME)
			return true;
	return false;
}

int launch_gl_env(struct launch *l)
{
	char dir[PATH_MAX], tail[64], lib[PATH_MAX], before[64];
	struct gpu_list gpus = { .n = 0 };
	struct gpus_prime prime;
	const char *select = l->prof.gpu_select ? l->prof.gpu_select : "";
	int rc;
	l->gl_note[0] = '\0';
	gl_lib_path(dir, tail);
	char missing[PATH_MAX] = "";
	if (!dir[0] && l->is_layer)
		gl_lib_missing(missing);
	gl_lib_reach(l, dir, tail, l->is_layer, lib);
	if (!l->is_layer)
		l->gl_link[0] = '\0'; /* only taken out of LD_PRELOAD: no link to make */
	if ((rc = preload_set(&l->env, lib, l->is_layer, before, sizeof(before))) < 0 || !l->is_layer)
		return rc;
	l->is_gl_preload = lib[0] != '\0';
	if (select[0] && (rc = gpus_scan(gpus_sysfs_root(env_get(&l->env, "MVGAL_SYSFS_ROOT")),
					 env_get(&l->env, "MVGAL_PCI_IDS"), has_name_term(select),
					 false, &gpus)) < 0)
		return rc;
	gpus_prime_choose(&gpus, select, &prime);
	char why[300];
	char safe_before[128];
	size_t len =
		(size_t)snprintf(l->gl_note, sizeof(l->gl_note), "gl=%s%s%s gl.prime=\"%s\"",
				 lib[0]	  ? "preload"
				 : dir[0] ? "refused"
					  : "absent",
				 before[0] ? " gl.before=" : "",
				 before[0] ? text_safe(before, safe_before, sizeof(safe_before)) : "",
				 text_safe(prime.why, why, sizeof(why)));
	if (missing[0] && len < sizeof(l->gl_note))
		len += (size_t)snprintf(l->gl_note + len, sizeof(l->gl_note) - len,
					" gl.missing=\"%s\"", missing);
	for (size_t i = 0; i < prime.n_vars && rc == 0; i++) {
		rc = env_set(&l->env, prime.names[i], prime.values[i]);
		if (len < sizeof(l->gl_note))
			len += (size_t)snprintf(l->gl_note + len, sizeof(l->gl_note) - len,
						" %s=%s", prime.names[i], prime.values[i]);
	}
	return rc;
}

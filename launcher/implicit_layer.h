// SPDX-License-Identifier: MIT
// Whether the Vulkan loader can see the layer's implicit manifest (see implicit_layer.c), for
// `check` and for the one warning a launch gives when layer settings would go unapplied.
#ifndef MVGAL_LAUNCHER_IMPLICIT_LAYER_H
#define MVGAL_LAUNCHER_IMPLICIT_LAYER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "launcher/launcher.h"

#define LAYER_MANIFEST_JSON "VkLayer_MVGAL_multigpu.x86_64.json"
/* Every manifest of ours starts with this (one per bitness) and ends with .json. */
#define LAYER_MANIFEST_PREFIX "VkLayer_MVGAL_multigpu"

/* Who looks for the layer: this process's loader (the host, or inside a sandbox that sandbox),
 * Steam's container (pressure-vessel, on this machine), Flatpak Steam's sandbox. */
enum implicit_layer_view { IMPLICIT_LAYER_HOST, IMPLICIT_LAYER_CONTAINER, IMPLICIT_LAYER_FLATPAK };

/* The folders the loader searches for implicit layers, in its order (appended to dirs), with
 * the VK_* and XDG_* values of env (a launch's; NULL: the process's environment, for `check`). */
int implicit_layer_dirs(const struct strv *env, struct strv *dirs);
/* The folders view searches, in its order (appended); app_dir: Flatpak Steam's
 * ~/.var/app/<id> (IMPLICIT_LAYER_FLATPAK only). */
int implicit_layer_view_dirs(enum implicit_layer_view view, const char *app_dir, struct strv *dirs);
/* Our manifests (full paths, sorted) in the first of dirs that holds any; returns how many. */
int implicit_layer_first(const struct strv *dirs, struct strv *files);
/* The library a manifest names, resolved as the loader resolves library_path (relative to the
 * manifest's folder when it has a '/'). 0, or a negative errno with why filled. */
int implicit_layer_library(const char *manifest, char lib[PATH_MAX], char *why, size_t why_len);
/* json (a manifest's text) with library_path set to lib, malloc'd into *out; 0 or -errno. */
int implicit_layer_with_library(const char *json, const char *lib, char **out);
/* Whether lib is a layer the loader can load: 64 (an x86-64 ELF that dlopen()s with RTLD_NOW
 * in a child process and exports vkNegotiateLoaderLayerInterfaceVersion), 32 (an i386 ELF:
 * a 64-bit process sees only its class), or a negative errno with why filled. Forks: call it
 * while the process has one thread. */
int implicit_layer_probe(const char *lib, char *why, size_t why_len);
/* The same for any library of ours that must export `symbol` (the OpenGL library:
 * mvgal_gl_owns_pacing). */
int library_probe(const char *lib, const char *symbol, char *why, size_t why_len);
/* True, with out the first manifest of ours in those folders (of env, as above); false with
 * out "". */
bool implicit_layer_find(const struct strv *env, char out[PATH_MAX]);
/* One line saying how to make the loader see the layer (mentions the build tree when the
 * program runs from one). */
void implicit_layer_fix(char *out, size_t size);

#endif

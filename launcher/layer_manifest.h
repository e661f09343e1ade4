// SPDX-License-Identifier: MIT
// Whether the Vulkan loader can see the layer's implicit manifest (see layer_manifest.c), for
// `check` and for the one warning a launch gives when layer settings would go unapplied.
#ifndef MVGAL_LAUNCHER_LAYER_MANIFEST_H
#define MVGAL_LAUNCHER_LAYER_MANIFEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "launcher/launcher.h"

#define LAYER_MANIFEST_JSON "VkLayer_MVGAL_multigpu.x86_64.json"

/* The folders the loader searches for implicit layers, in its order (appended to dirs). */
int layer_manifest_dirs(struct strv *dirs);
/* True, with out the first manifest of ours in those folders; false with out "". */
bool layer_manifest_find(char out[PATH_MAX]);
/* One line saying how to make the loader see the layer (mentions the build tree when the
 * program runs from one). */
void layer_manifest_fix(char *out, size_t size);

#endif

// SPDX-License-Identifier: MIT
// OpenGL on Vulkan (Mesa's Zink) must be paced once, not twice. Our OpenGL preload
// (gl/) paces at the game's own glXSwapBuffers/eglSwapBuffers, where the game's frame
// ends, and records that frame's telemetry; Zink's vkQueuePresentKHR of the same frame then
// passes through this layer untouched. Zink names itself in VkApplicationInfo::pEngineName
// ("mesa zink"; tests/integration/test_gl_pacing.sh runs Mesa's Zink on lavapipe); the preload
// exports mvgal_gl_owns_pacing(), found in the process's global scope, and answers whether it
// is switched on. Without the preload (or with it off) the layer paces Zink as any other game.
#include <dlfcn.h>
#include <string.h>

#include "layer/layer.h"

bool layer_is_gl_owned(const VkInstanceCreateInfo *info)
{
	const VkApplicationInfo *app = info ? info->pApplicationInfo : NULL;
	int (*owns)(void);

	if (!app || !app->pEngineName || strcmp(app->pEngineName, "mesa zink"))
		return false;
	*(void **)&owns = dlsym(RTLD_DEFAULT, "mvgal_gl_owns_pacing");
	if (!owns || !owns())
		return false;
	ingame_log(LOG_ZINK, "Zink (OpenGL on Vulkan): the OpenGL preload paces and records its "
			     "frames; this layer leaves its swapchains alone");
	return true;
}

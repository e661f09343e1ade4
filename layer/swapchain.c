// SPDX-License-Identifier: MIT
// vkCreateSwapchainKHR overrides (MVGAL_PRESENT_MODE, MVGAL_IMAGES, applied only when the
// surface supports them, asked through the chain) and the present hook: pacer, then down, then
// the telemetry ring. Nothing on the present path allocates, does I/O or holds the lock while
// it sleeps or calls the driver.
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

static const char *mode_name(VkPresentModeKHR m)
{
	switch (m) {
	case VK_PRESENT_MODE_FIFO_KHR:
		return "fifo";
	case VK_PRESENT_MODE_MAILBOX_KHR:
		return "mailbox";
	case VK_PRESENT_MODE_IMMEDIATE_KHR:
		return "immediate";
	case VK_PRESENT_MODE_FIFO_RELAXED_KHR:
		return "fifo_relaxed";
	default:
		return "other";
	}
}

static bool surface_has_mode(const struct layer_instance *li, VkPhysicalDevice phys,
			     VkSurfaceKHR surface, VkPresentModeKHR want)
{
	VkPresentModeKHR modes[32];
	uint32_t n = 32;
	VkResult res;

	if (!li || !li->GetPhysicalDeviceSurfacePresentModesKHR)
		return false;
	res = li->GetPhysicalDeviceSurfacePresentModesKHR(phys, surface, &n, modes);
	if (res != VK_SUCCESS && res != VK_INCOMPLETE)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (modes[i] == want)
			return true;
	return false;
}

static bool surface_allows_images(const struct layer_instance *li, VkPhysicalDevice phys,
				  VkSurfaceKHR surface, uint32_t want)
{
	VkSurfaceCapabilitiesKHR caps;

	if (!li || !li->GetPhysicalDeviceSurfaceCapabilitiesKHR ||
	    li->GetPhysicalDeviceSurfaceCapabilitiesKHR(phys, surface, &caps) != VK_SUCCESS)
		return false;
	return want >= caps.minImageCount && (caps.maxImageCount == 0 || want <= caps.maxImageCount);
}

/* Applies the overrides to *ci (a shallow copy of the game's create info; pNext untouched). */
static void apply_overrides(const struct layer_device *ld, VkSwapchainCreateInfoKHR *ci)
{
	VkPresentModeKHR mode;
	bool has_mode;
	uint32_t images;

	pthread_mutex_lock(&layer_g.lock);
	has_mode = layer_g.settings.has_present_mode;
	mode = layer_g.settings.present_mode;
	images = layer_g.settings.images;
	pthread_mutex_unlock(&layer_g.lock);
	if (has_mode && mode != ci->presentMode) {
		if (surface_has_mode(ld->instance, ld->physical, ci->surface, mode))
			ci->presentMode = mode;
		else
			layer_log(LOG_PRESENT_MODE,
				  "MVGAL_PRESENT_MODE=%s: the surface does not support it; keeping "
				  "the game's %s", mode_name(mode), mode_name(ci->presentMode));
	}
	if (images && images != ci->minImageCount) {
		if (surface_allows_images(ld->instance, ld->physical, ci->surface, images))
			ci->minImageCount = images;
		else
			layer_log(LOG_IMAGES,
				  "MVGAL_IMAGES=%u: outside what the surface allows; keeping the "
				  "game's %u", images, ci->minImageCount);
	}
}

VKAPI_ATTR VkResult VKAPI_CALL layer_CreateSwapchainKHR(VkDevice device,
							 const VkSwapchainCreateInfoKHR *info,
							 const VkAllocationCallbacks *alloc,
							 VkSwapchainKHR *out)
{
	struct layer_device *ld;
	struct layer_swapchain *sc;
	VkSwapchainCreateInfoKHR ci = *info;
	struct pacer_target target;
	bool is_pacer_on;
	VkResult res;

	pthread_mutex_lock(&layer_g.lock);
	ld = layer_find_device(layer_key(device));
	target = layer_g.settings.fps;
	is_pacer_on = layer_g.settings.is_pacer_on;
	pthread_mutex_unlock(&layer_g.lock);
	if (!ld || !ld->CreateSwapchainKHR)
		return VK_ERROR_INITIALIZATION_FAILED;
	apply_overrides(ld, &ci);
	res = ld->CreateSwapchainKHR(device, &ci, alloc, out);
	if (res != VK_SUCCESS)
		return res;

	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		layer_log(LOG_OOM, "out of memory: no pacing or telemetry for this swapchain");
		return VK_SUCCESS;
	}
	sc->handle = *out;
	sc->device = ld;
	sc->is_gl_owned = ld->instance && ld->instance->is_gl_owned;
	if (!sc->is_gl_owned)
		layer_telemetry_start();
	sc->has_target = !sc->is_gl_owned && pacer_init(&sc->pacer, &target, 0) == 0 &&
			 pacer_is_active(&sc->pacer);
	sc->is_paced = is_pacer_on && sc->has_target;
	pthread_mutex_lock(&layer_g.lock);
	sc->next = layer_g.swapchains;
	layer_g.swapchains = sc;
	pthread_mutex_unlock(&layer_g.lock);
	return VK_SUCCESS;
}

VKAPI_ATTR void VKAPI_CALL layer_DestroySwapchainKHR(VkDevice device, VkSwapchainKHR swapchain,
						      const VkAllocationCallbacks *alloc)
{
	struct layer_device *ld;
	struct layer_swapchain *sc = NULL, **pp;

	pthread_mutex_lock(&layer_g.lock);
	ld = layer_find_device(layer_key(device));
	for (pp = &layer_g.swapchains; swapchain && *pp; pp = &(*pp)->next) {
		if ((*pp)->handle == swapchain) {
			sc = *pp;
			*pp = sc->next;
			break;
		}
	}
	pthread_mutex_unlock(&layer_g.lock);
	if (ld && ld->DestroySwapchainKHR)
		ld->DestroySwapchainKHR(device, swapchain, alloc);
	if (sc) {
		struct telemetry *w;

		/* the writer lives until the last vkDestroyInstance, which comes after this */
		pthread_mutex_lock(&layer_g.lock);
		w = layer_g.telemetry.writer;
		pthread_mutex_unlock(&layer_g.lock);
		telemetry_summary(w); /* asks; never waits */
	}
	free(sc);
}

VKAPI_ATTR VkResult VKAPI_CALL layer_QueuePresentKHR(VkQueue queue, const VkPresentInfoKHR *info)
{
	int64_t t_enter = layer_now_ns(), t_down, t_back, wait_ns = 0;
	struct layer_device *ld;
	struct layer_swapchain *sc = NULL;
	struct telemetry *tw;
	bool is_late = false, is_selftime;
	VkResult res;

	pthread_mutex_lock(&layer_g.lock);
	is_selftime = layer_g.settings.is_selftime;
	tw = layer_g.telemetry.writer;
	ld = layer_find_device(layer_key(queue));
	if (ld && info->swapchainCount)
		sc = layer_find_swapchain(info->pSwapchains[0]);
	pthread_mutex_unlock(&layer_g.lock);
	if (!ld || !ld->QueuePresentKHR)
		return VK_ERROR_DEVICE_LOST; /* no chain to call: cannot happen with a sane loader */

	/* the app synchronises access to pSwapchains[] (vkQueuePresentKHR host sync rules), so
	 * the swapchain's pacer is ours alone here */
	if (sc && sc->is_paced) {
		int64_t deadline = pacer_next_deadline(&sc->pacer, layer_now_ns(), &is_late);

		wait_ns = pacer_wait(&sc->pacer, deadline);
	}
	t_down = layer_now_ns();
	if (sc && sc->has_target && !sc->is_paced) {
		/* MVGAL_PACER=off keeps the target for telemetry: late = slower than it, no wait */
		is_late = sc->last_present_ns &&
			  t_down - sc->last_present_ns > pacer_interval_ns(&sc->pacer);
		sc->last_present_ns = t_down;
	}
	res = ld->QueuePresentKHR(queue, info);
	t_back = layer_now_ns();
	if (tw && !(sc && sc->is_gl_owned))
		layer_telemetry_stamp(tw, ld, sc, t_down, wait_ns, is_late,
				      is_selftime ? __atomic_load_n(&layer_g.telemetry.last_self_ns,
								    __ATOMIC_RELAXED)
						  : -1);
	if (is_selftime) {
		/* everything but the driver and the pacer's sleep; lands in the next frame's row */
		int64_t self = (t_down - t_enter - wait_ns) + (layer_now_ns() - t_back);

		__atomic_store_n(&layer_g.telemetry.last_self_ns, self, __ATOMIC_RELAXED);
	}
	return res;
}

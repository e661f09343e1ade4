// SPDX-License-Identifier: MIT
// The display's refresh rate, for the pacer (issue 14). In order: VK_GOOGLE_display_timing's
// vkGetRefreshCycleDurationGOOGLE (entry.c enables the extension when the device offers it);
// else the window system (ingame_refresh_read(): RandR for Xlib and XCB surfaces, the current mode
// of the wl_output for Wayland surfaces), asked on the connection and window that the surface
// hooks below remember; else unknown, and the pacer assumes 60 Hz.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

#include <X11/Xlib.h>
#include <vulkan/vulkan_xlib.h>
#include <xcb/xcb.h>
#include <vulkan/vulkan_xcb.h>
struct wl_display;
struct wl_surface;
#include <vulkan/vulkan_wayland.h>

struct layer_surface *layer_find_surface(VkSurfaceKHR handle)
{
	for (struct layer_surface *s = layer_g.surfaces; s; s = s->next)
		if (s->handle == handle)
			return s;
	return NULL;
}

void layer_surface_load(struct layer_instance *li)
{
	VkInstance in = li->handle;

	li->CreateXlibSurfaceKHR = li->gipa(in, "vkCreateXlibSurfaceKHR");
	li->CreateXcbSurfaceKHR = li->gipa(in, "vkCreateXcbSurfaceKHR");
	li->CreateWaylandSurfaceKHR = li->gipa(in, "vkCreateWaylandSurfaceKHR");
	li->DestroySurfaceKHR = (PFN_vkDestroySurfaceKHR)li->gipa(in, "vkDestroySurfaceKHR");
}

static PFN_vkVoidFunction next_fn(VkInstance instance, size_t offset)
{
	struct layer_instance *li;
	PFN_vkVoidFunction f = NULL;

	pthread_mutex_lock(&layer_g.lock);
	li = layer_find_instance(layer_key(instance));
	if (li)
		memcpy(&f, (const char *)li + offset, sizeof(f));
	pthread_mutex_unlock(&layer_g.lock);
	return f;
}

/* Remembers a new surface; without memory the surface just stays unknown to us. */
static void remember(VkSurfaceKHR handle, enum ingame_window_system kind, void *connection,
		     uint64_t window)
{
	struct layer_surface *s = calloc(1, sizeof(*s));

	if (!s) {
		ingame_log(LOG_OOM, "out of memory: the refresh rate of a surface stays unknown");
		return;
	}
	*s = (struct layer_surface){
		.handle = handle, .kind = kind, .connection = connection, .window = window
	};
	pthread_mutex_lock(&layer_g.lock);
	s->next = layer_g.surfaces;
	layer_g.surfaces = s;
	pthread_mutex_unlock(&layer_g.lock);
}

static VKAPI_ATTR VkResult VKAPI_CALL
layer_CreateXlibSurfaceKHR(VkInstance instance, const VkXlibSurfaceCreateInfoKHR *info,
			   const VkAllocationCallbacks *alloc, VkSurfaceKHR *out)
{
	PFN_vkCreateXlibSurfaceKHR next = (PFN_vkCreateXlibSurfaceKHR)next_fn(
		instance, offsetof(struct layer_instance, CreateXlibSurfaceKHR));
	VkResult res;

	if (!next)
		return VK_ERROR_EXTENSION_NOT_PRESENT;
	res = next(instance, info, alloc, out);
	if (res == VK_SUCCESS)
		remember(*out, INGAME_XLIB, info->dpy, (uint64_t)info->window);
	return res;
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_CreateXcbSurfaceKHR(VkInstance instance,
								const VkXcbSurfaceCreateInfoKHR *info,
								const VkAllocationCallbacks *alloc,
								VkSurfaceKHR *out)
{
	PFN_vkCreateXcbSurfaceKHR next = (PFN_vkCreateXcbSurfaceKHR)next_fn(
		instance, offsetof(struct layer_instance, CreateXcbSurfaceKHR));
	VkResult res;

	if (!next)
		return VK_ERROR_EXTENSION_NOT_PRESENT;
	res = next(instance, info, alloc, out);
	if (res == VK_SUCCESS)
		remember(*out, INGAME_XCB, info->connection, (uint64_t)info->window);
	return res;
}

static VKAPI_ATTR VkResult VKAPI_CALL
layer_CreateWaylandSurfaceKHR(VkInstance instance, const VkWaylandSurfaceCreateInfoKHR *info,
			      const VkAllocationCallbacks *alloc, VkSurfaceKHR *out)
{
	PFN_vkCreateWaylandSurfaceKHR next = (PFN_vkCreateWaylandSurfaceKHR)next_fn(
		instance, offsetof(struct layer_instance, CreateWaylandSurfaceKHR));
	VkResult res;

	if (!next)
		return VK_ERROR_EXTENSION_NOT_PRESENT;
	res = next(instance, info, alloc, out);
	if (res == VK_SUCCESS)
		remember(*out, INGAME_WAYLAND, info->display, (uint64_t)(uintptr_t)info->surface);
	return res;
}

static VKAPI_ATTR void VKAPI_CALL layer_DestroySurfaceKHR(VkInstance instance, VkSurfaceKHR surface,
							  const VkAllocationCallbacks *alloc)
{
	PFN_vkDestroySurfaceKHR next = (PFN_vkDestroySurfaceKHR)next_fn(
		instance, offsetof(struct layer_instance, DestroySurfaceKHR));
	struct layer_surface *s = NULL, **pp;

	pthread_mutex_lock(&layer_g.lock);
	for (pp = &layer_g.surfaces; surface && *pp; pp = &(*pp)->next) {
		if ((*pp)->handle == surface) {
			s = *pp;
			*pp = s->next;
			break;
		}
	}
	pthread_mutex_unlock(&layer_g.lock);
	free(s);
	if (next)
		next(instance, surface, alloc);
}

PFN_vkVoidFunction layer_surface_hook(const char *name)
{
	if (!strcmp(name, "vkCreateXlibSurfaceKHR"))
		return (PFN_vkVoidFunction)layer_CreateXlibSurfaceKHR;
	if (!strcmp(name, "vkCreateXcbSurfaceKHR"))
		return (PFN_vkVoidFunction)layer_CreateXcbSurfaceKHR;
	if (!strcmp(name, "vkCreateWaylandSurfaceKHR"))
		return (PFN_vkVoidFunction)layer_CreateWaylandSurfaceKHR;
	if (!strcmp(name, "vkDestroySurfaceKHR"))
		return (PFN_vkVoidFunction)layer_DestroySurfaceKHR;
	return NULL;
}

struct ingame_wl_follow *layer_refresh_follow(const struct layer_device *ld, VkSurfaceKHR surface)
{
	struct layer_surface s = { 0 };

	if (ld->has_display_timing)
		return NULL; /* display timing knows its output */
	pthread_mutex_lock(&layer_g.lock);
	if (layer_find_surface(surface))
		s = *layer_find_surface(surface);
	pthread_mutex_unlock(&layer_g.lock);
	if (s.kind != INGAME_WAYLAND)
		return NULL;
	return ingame_wl_follow_new(s.connection, (void *)(uintptr_t)s.window);
}

void layer_refresh_discover(const struct layer_device *ld, VkSwapchainKHR swapchain,
			    VkSurfaceKHR surface, struct ingame_refresh *out)
{
	VkRefreshCycleDurationGOOGLE rc = { 0 };
	struct layer_surface s = { 0 };
	bool has_surface = false;

	memset(out, 0, sizeof(*out));
	if (ld->has_display_timing && ld->GetRefreshCycleDurationGOOGLE &&
	    ld->GetRefreshCycleDurationGOOGLE(ld->handle, swapchain, &rc) == VK_SUCCESS &&
	    rc.refreshDuration > 0 && rc.refreshDuration < (uint64_t)PACER_NS_PER_S) {
		out->refresh_ns = (int64_t)rc.refreshDuration;
		out->source = "display timing";
		return;
	}
	pthread_mutex_lock(&layer_g.lock);
	if (layer_find_surface(surface)) {
		s = *layer_find_surface(surface);
		has_surface = true;
	}
	pthread_mutex_unlock(&layer_g.lock);
	if (!has_surface) {
		out->source = "no display timing, not an X11 surface";
		return;
	}
	ingame_refresh_read(s.kind, s.connection, s.window, out);
}

// SPDX-License-Identifier: MIT
/*
 * VK_LAYER_MVGAL_bench_timing: the frame pacer benchmark's own neutral clock. An explicit layer
 * enabled with VK_INSTANCE_LAYERS, which the loader places below every implicit layer (closer to
 * the driver), so it sees each vkQueuePresentKHR after MangoHud's or our limiter has waited.
 *
 * It stamps CLOCK_MONOTONIC at each present (timing_stamps.c: warm-up, window, the file
 * tests/tools/bench_intervals reads) and ends the process with _exit(0) when the window is
 * full: a bench tool, not a product.
 *
 * With MVGAL_BENCH_PACE=N it also paces to N fps with the pacer's own API (pacer_next_deadline,
 * pacer_wait, as the product layer's present hook does) before stamping: a stand-in the bench
 * uses only when the product layer is not built.
 *
 * Single instance, single device: the state is plain globals, which is fine for vkcube and the
 * demo game and keeps this tool tiny.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pacer/pacer.h"
#include "tests/bench/timing_stamps.h"

#include <vulkan/vk_layer.h>
#include <vulkan/vulkan.h>

#define EXPORT __attribute__((visibility("default")))
static PFN_vkGetInstanceProcAddr next_gipa;
static PFN_vkGetDeviceProcAddr next_gdpa;
static PFN_vkQueuePresentKHR next_present;
static struct pacer stand_in;
static int stand_in_state; /* 0 not set up, 1 pacing, -1 off */

static VKAPI_ATTR VkResult VKAPI_CALL timing_QueuePresentKHR(VkQueue queue,
							     const VkPresentInfoKHR *info)
{
	if (stand_in_state == 0) {
		struct pacer_target t;
		const char *s = getenv("MVGAL_BENCH_PACE");

		stand_in_state = -1;
		if (s && pacer_target_parse(s, &t) == 0 && pacer_init(&stand_in, &t, 0) == 0 &&
		    pacer_is_active(&stand_in))
			stand_in_state = 1;
	}
	if (stand_in_state == 1)
		pacer_wait(&stand_in, pacer_next_deadline(&stand_in, timing_mono_ns(), NULL));
	if (timing_record(timing_mono_ns()))
		timing_finish(_exit);
	return next_present(queue, info);
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_CreateInstance(const VkInstanceCreateInfo *ci,
							    const VkAllocationCallbacks *alloc,
							    VkInstance *instance)
{
	VkLayerInstanceCreateInfo *link = (VkLayerInstanceCreateInfo *)ci->pNext;
	PFN_vkCreateInstance create;

	while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO &&
			 link->function == VK_LAYER_LINK_INFO))
		link = (VkLayerInstanceCreateInfo *)link->pNext;
	if (!link)
		return VK_ERROR_INITIALIZATION_FAILED;
	next_gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	create = (PFN_vkCreateInstance)next_gipa(VK_NULL_HANDLE, "vkCreateInstance");
	return create(ci, alloc, instance);
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_CreateDevice(VkPhysicalDevice gpu,
							  const VkDeviceCreateInfo *ci,
							  const VkAllocationCallbacks *alloc,
							  VkDevice *device)
{
	VkLayerDeviceCreateInfo *link = (VkLayerDeviceCreateInfo *)ci->pNext;
	PFN_vkGetInstanceProcAddr gipa;
	PFN_vkCreateDevice create;
	VkResult r;

	while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO &&
			 link->function == VK_LAYER_LINK_INFO))
		link = (VkLayerDeviceCreateInfo *)link->pNext;
	if (!link)
		return VK_ERROR_INITIALIZATION_FAILED;
	gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	next_gdpa = link->u.pLayerInfo->pfnNextGetDeviceProcAddr;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	create = (PFN_vkCreateDevice)gipa(VK_NULL_HANDLE, "vkCreateDevice");
	r = create(gpu, ci, alloc, device);
	if (r == VK_SUCCESS)
		next_present = (PFN_vkQueuePresentKHR)next_gdpa(*device, "vkQueuePresentKHR");
	return r;
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL timing_GetDeviceProcAddr(VkDevice device,
									  const char *name);

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL timing_GetDeviceProcAddr(VkDevice device,
									  const char *name)
{
	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)timing_GetDeviceProcAddr;
	if (!strcmp(name, "vkQueuePresentKHR"))
		return (PFN_vkVoidFunction)timing_QueuePresentKHR;
	return next_gdpa(device, name);
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL timing_GetInstanceProcAddr(VkInstance instance,
									    const char *name);

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL timing_GetInstanceProcAddr(VkInstance instance,
									    const char *name)
{
	if (!strcmp(name, "vkGetInstanceProcAddr"))
		return (PFN_vkVoidFunction)timing_GetInstanceProcAddr;
	if (!strcmp(name, "vkCreateInstance"))
		return (PFN_vkVoidFunction)timing_CreateInstance;
	if (!strcmp(name, "vkCreateDevice"))
		return (PFN_vkVoidFunction)timing_CreateDevice;
	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)timing_GetDeviceProcAddr;
	if (!strcmp(name, "vkQueuePresentKHR"))
		return (PFN_vkVoidFunction)timing_QueuePresentKHR;
	return next_gipa ? next_gipa(instance, name) : NULL;
}

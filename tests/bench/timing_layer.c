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
 * Each stamp line also carries the time from the frame's first vkQueueSubmit after the previous
 * present reaching this layer (after any limiter above has waited there) to its present reaching
 * it: the latency a limiter leaves in the frame, measured the same way for every limiter
 * ("<stamp> <ns>"). (Before issue 28 it was from the frame's vkAcquireNextImageKHR; our latency
 * mode now waits at that first submit, as LatencyFleX does.)
 *
 * With MVGAL_TEST_ICD_REFRESH set it also plays the test ICD's simulated display on top of the
 * real driver (tests/icd/test_icd_timing.c): VK_GOOGLE_display_timing is offered to the layers
 * above (and not passed down), presents latch at simulated vblanks, and the file ends with the
 * "# vblank gaps ..." and "# lead eighths ..." histograms of the recorded frames.
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
#include "tests/icd/test_icd_timing.h"

#include <vulkan/vk_layer.h>
#include <vulkan/vulkan.h>

#define EXPORT __attribute__((visibility("default")))
static PFN_vkGetInstanceProcAddr next_gipa;
static PFN_vkGetDeviceProcAddr next_gdpa;
static PFN_vkQueuePresentKHR next_present;
static PFN_vkQueueSubmit next_submit;
static PFN_vkEnumerateDeviceExtensionProperties next_enum_exts;
static int64_t first_submit_ns; /* of the frame being built; 0 = none since the last present */
static struct icd_timing display;
static int display_state; /* 0 not set up, 1 simulating, -1 off */
static struct pacer stand_in;
static int stand_in_state; /* 0 not set up, 1 pacing, -1 off */

static void report_display(FILE *f)
{
	icd_timing_report(&display, f, "# ");
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_QueuePresentKHR(VkQueue queue,
							     const VkPresentInfoKHR *info)
{
	bool was_waiting, is_full;
	int64_t now;

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
	now = timing_mono_ns();
	was_waiting = timing_count() == 0;
	timing_set_latency(first_submit_ns ? now - first_submit_ns : 0);
	first_submit_ns = 0;
	is_full = timing_record(now);
	if (was_waiting && timing_count() == 1) {
		/* the display's histograms cover the recorded frames only */
		memset(display.gaps, 0, sizeof(display.gaps));
		memset(display.leads, 0, sizeof(display.leads));
		display.vrr_in = display.vrr_early = display.vrr_late = 0;
	}
	if (is_full)
		timing_finish(_exit);
	if (display_state == 1) {
		const VkBaseInStructure *first = info->pNext;

		icd_timing_present(&display, info->pNext, 0);
		/* the display timing structure is ours to consume: the driver below has none */
		if (first && first->sType == VK_STRUCTURE_TYPE_PRESENT_TIMES_INFO_GOOGLE) {
			VkPresentInfoKHR copy = *info;

			copy.pNext = first->pNext;
			return next_present(queue, &copy);
		}
	}
	return next_present(queue, info);
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_QueueSubmit(VkQueue queue, uint32_t count,
							 const VkSubmitInfo *submits, VkFence fence)
{
	if (!first_submit_ns)
		first_submit_ns = timing_mono_ns();
	return next_submit(queue, count, submits, fence);
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_GetRefreshCycleDurationGOOGLE(
	VkDevice device, VkSwapchainKHR swapchain, VkRefreshCycleDurationGOOGLE *out)
{
	(void)device, (void)swapchain;
	out->refreshDuration = (uint64_t)display.refresh_ns;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL
timing_GetPastPresentationTimingGOOGLE(VkDevice device, VkSwapchainKHR swapchain, uint32_t *count,
				       VkPastPresentationTimingGOOGLE *out)
{
	(void)device, (void)swapchain;
	return icd_timing_past(&display, count, out);
}

/* The simulated display's extension joins the driver's list. */
static VKAPI_ATTR VkResult VKAPI_CALL timing_EnumerateDeviceExtensionProperties(
	VkPhysicalDevice gpu, const char *layer, uint32_t *count, VkExtensionProperties *out)
{
	static const VkExtensionProperties ext = { VK_GOOGLE_DISPLAY_TIMING_EXTENSION_NAME, 1 };
	uint32_t n = 0, room = out ? *count : 0;
	VkResult r;

	if (layer || display_state != 1)
		return next_enum_exts(gpu, layer, count, out);
	r = next_enum_exts(gpu, NULL, &n, NULL);
	if (r != VK_SUCCESS)
		return r;
	if (!out) {
		*count = n + 1;
		return VK_SUCCESS;
	}
	r = next_enum_exts(gpu, NULL, count, out);
	if (r != VK_SUCCESS || *count >= room)
		return r == VK_SUCCESS ? VK_INCOMPLETE : r;
	out[(*count)++] = ext;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_CreateInstance(const VkInstanceCreateInfo *ci,
							    const VkAllocationCallbacks *alloc,
							    VkInstance *instance)
{
	VkLayerInstanceCreateInfo *link = (VkLayerInstanceCreateInfo *)ci->pNext;
	PFN_vkCreateInstance create;
	VkResult r;

	while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO &&
			 link->function == VK_LAYER_LINK_INFO))
		link = (VkLayerInstanceCreateInfo *)link->pNext;
	if (!link)
		return VK_ERROR_INITIALIZATION_FAILED;
	next_gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	create = (PFN_vkCreateInstance)next_gipa(VK_NULL_HANDLE, "vkCreateInstance");
	icd_timing_init(&display);
	display_state = display.refresh_ns > 0 ? 1 : -1;
	if (display_state == 1)
		timing_set_trailer(report_display);
	r = create(ci, alloc, instance);
	if (r == VK_SUCCESS)
		next_enum_exts = (PFN_vkEnumerateDeviceExtensionProperties)next_gipa(
			*instance, "vkEnumerateDeviceExtensionProperties");
	return r;
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_CreateDevice(VkPhysicalDevice gpu,
							  const VkDeviceCreateInfo *ci,
							  const VkAllocationCallbacks *alloc,
							  VkDevice *device)
{
	VkLayerDeviceCreateInfo *link = (VkLayerDeviceCreateInfo *)ci->pNext;
	PFN_vkGetInstanceProcAddr gipa;
	PFN_vkCreateDevice create;
	VkDeviceCreateInfo down = *ci;
	const char *names[64];
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
	if (display_state == 1 && ci->enabledExtensionCount <= 64) {
		/* the simulated display's extension stops here */
		down.enabledExtensionCount = 0;
		down.ppEnabledExtensionNames = names;
		for (uint32_t i = 0; i < ci->enabledExtensionCount; i++)
			if (strcmp(ci->ppEnabledExtensionNames[i],
				   VK_GOOGLE_DISPLAY_TIMING_EXTENSION_NAME))
				names[down.enabledExtensionCount++] = ci->ppEnabledExtensionNames[i];
	}
	r = create(gpu, &down, alloc, device);
	if (r == VK_SUCCESS) {
		next_present = (PFN_vkQueuePresentKHR)next_gdpa(*device, "vkQueuePresentKHR");
		next_submit = (PFN_vkQueueSubmit)next_gdpa(*device, "vkQueueSubmit");
	}
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
	if (!strcmp(name, "vkQueueSubmit"))
		return (PFN_vkVoidFunction)timing_QueueSubmit;
	if (display_state == 1 && !strcmp(name, "vkGetRefreshCycleDurationGOOGLE"))
		return (PFN_vkVoidFunction)timing_GetRefreshCycleDurationGOOGLE;
	if (display_state == 1 && !strcmp(name, "vkGetPastPresentationTimingGOOGLE"))
		return (PFN_vkVoidFunction)timing_GetPastPresentationTimingGOOGLE;
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
	if (!strcmp(name, "vkQueueSubmit"))
		return (PFN_vkVoidFunction)timing_QueueSubmit;
	if (!strcmp(name, "vkEnumerateDeviceExtensionProperties"))
		return (PFN_vkVoidFunction)timing_EnumerateDeviceExtensionProperties;
	return next_gipa ? next_gipa(instance, name) : NULL;
}

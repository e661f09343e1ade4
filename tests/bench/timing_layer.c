// SPDX-License-Identifier: MIT
/*
 * VK_LAYER_MVGAL_bench_timing: the frame pacer benchmark's own neutral clock. An explicit layer
 * enabled with VK_INSTANCE_LAYERS, which the loader places below every implicit layer (closer to
 * the driver), so it sees each vkQueuePresentKHR after MangoHud's or our limiter has waited.
 *
 * It stamps CLOCK_MONOTONIC at each present, skips MVGAL_BENCH_WARMUP_S (default 1) seconds, then
 * records for MVGAL_BENCH_SECONDS (default 20) seconds, writes MVGAL_BENCH_OUT and ends the
 * process with _exit(0): a bench tool, not a product. The file: a line
 * "# frames=N cpu_ns=C wall_ns=W" (C = process CPU time, all threads, between the first and last
 * recorded present), then one timestamp in ns per line.
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

#include <vulkan/vk_layer.h>
#include <vulkan/vulkan.h>

#define EXPORT __attribute__((visibility("default")))
#define MAX_FRAMES 200000

static PFN_vkGetInstanceProcAddr next_gipa;
static PFN_vkGetDeviceProcAddr next_gdpa;
static PFN_vkQueuePresentKHR next_present;
static int64_t stamps[MAX_FRAMES];
static long n_stamps;
static int64_t first_present_ns, cpu_first_ns;
static struct pacer stand_in;
static int stand_in_state; /* 0 not set up, 1 pacing, -1 off */

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static double env_seconds(const char *name, double def)
{
	const char *s = getenv(name);

	return s && atof(s) > 0 ? atof(s) : def;
}

static void finish(int64_t cpu_last_ns)
{
	const char *path = getenv("MVGAL_BENCH_OUT");
	FILE *f = fopen(path ? path : "/dev/stdout", "w");
	long i;

	if (!f) {
		perror("timing layer: MVGAL_BENCH_OUT");
		_exit(1);
	}
	fprintf(f, "# frames=%ld cpu_ns=%lld wall_ns=%lld\n", n_stamps,
		(long long)(cpu_last_ns - cpu_first_ns),
		(long long)(stamps[n_stamps - 1] - stamps[0]));
	for (i = 0; i < n_stamps; i++)
		fprintf(f, "%lld\n", (long long)stamps[i]);
	if (fclose(f) != 0) {
		perror("timing layer: MVGAL_BENCH_OUT");
		_exit(1);
	}
	_exit(0);
}

static VKAPI_ATTR VkResult VKAPI_CALL timing_QueuePresentKHR(VkQueue queue,
							     const VkPresentInfoKHR *info)
{
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
		pacer_wait(&stand_in, pacer_next_deadline(&stand_in, mono_ns(), NULL));
	now = mono_ns();
	if (!first_present_ns)
		first_present_ns = now;
	if (now - first_present_ns >= env_seconds("MVGAL_BENCH_WARMUP_S", 1.0) * 1e9) {
		if (n_stamps == 0)
			cpu_first_ns = cpu_ns();
		stamps[n_stamps++] = now;
		if (n_stamps == MAX_FRAMES ||
		    now - stamps[0] >= env_seconds("MVGAL_BENCH_SECONDS", 20.0) * 1e9)
			finish(cpu_ns());
	}
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

// SPDX-License-Identifier: MIT
// Loader entry points and the instance/device chains (Vulkan-Loader "LoaderLayerInterface",
// layer interface version 2). Only vkNegotiateLoaderLayerInterfaceVersion, vkGetInstanceProcAddr
// and vkGetDeviceProcAddr are exported; every other hook is reached through them.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

/* the layer's lines start "mvgal layer: " (ingame/log.c) */
const char ingame_log_name[] = "mvgal layer";

struct layer_global layer_g = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.fork_once = PTHREAD_ONCE_INIT,
	.telemetry = { .last_self_ns = -1 },
};

/*
 * fork() while other threads are inside the layer: the child has only the forking thread, so a
 * lock another thread held would stay held for ever. Take it around fork (the telemetry writer
 * does the same for its own, see telemetry/writer.c).
 */
static void before_fork(void)
{
	pthread_mutex_lock(&layer_g.lock);
}

static void after_fork(void)
{
	pthread_mutex_unlock(&layer_g.lock);
}

static void after_fork_child(void)
{
	layer_latency_after_fork_child();
	pthread_mutex_unlock(&layer_g.lock);
}

static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork, after_fork_child);
}

struct layer_instance *layer_find_instance(void *key)
{
	for (struct layer_instance *i = layer_g.instances; i; i = i->next)
		if (i->key == key)
			return i;
	return NULL;
}

struct layer_device *layer_find_device(void *key)
{
	for (struct layer_device *d = layer_g.devices; d; d = d->next)
		if (d->key == key)
			return d;
	return NULL;
}

struct layer_swapchain *layer_find_swapchain(VkSwapchainKHR handle)
{
	for (struct layer_swapchain *s = layer_g.swapchains; s; s = s->next)
		if (s->handle == handle)
			return s;
	return NULL;
}

/* The loader's link info in a create-info's pNext chain (the chain itself is left untouched
 * except for advancing the link, as the interface requires). */
static VkLayerInstanceCreateInfo *instance_link(const VkInstanceCreateInfo *info)
{
	const VkBaseInStructure *p = info->pNext;

	for (; p; p = p->pNext) {
		VkLayerInstanceCreateInfo *l = (VkLayerInstanceCreateInfo *)p;

		if (p->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO &&
		    l->function == VK_LAYER_LINK_INFO)
			return l;
	}
	return NULL;
}

static VkLayerDeviceCreateInfo *device_link(const VkDeviceCreateInfo *info)
{
	const VkBaseInStructure *p = info->pNext;

	for (; p; p = p->pNext) {
		VkLayerDeviceCreateInfo *l = (VkLayerDeviceCreateInfo *)p;

		if (p->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO &&
		    l->function == VK_LAYER_LINK_INFO)
			return l;
	}
	return NULL;
}

static void load_instance_functions(struct layer_instance *li, const VkInstanceCreateInfo *info)
{
	VkInstance in = li->handle;

#define GET(name) li->name = (PFN_vk##name)li->gipa(in, "vk" #name)
	GET(DestroyInstance);
	GET(EnumeratePhysicalDevices);
	GET(EnumeratePhysicalDeviceGroups);
	GET(GetPhysicalDeviceProperties);
	GET(EnumerateDeviceExtensionProperties);
	GET(GetPhysicalDeviceSurfaceCapabilitiesKHR);
	GET(GetPhysicalDeviceSurfacePresentModesKHR);
#undef GET
	li->EnumeratePhysicalDeviceGroupsKHR = (PFN_vkEnumeratePhysicalDeviceGroups)li->gipa(
		in, "vkEnumeratePhysicalDeviceGroupsKHR");
	li->is_gl_owned = layer_is_gl_owned(info);
	li->api_version = info->pApplicationInfo && info->pApplicationInfo->apiVersion
				  ? info->pApplicationInfo->apiVersion
				  : VK_API_VERSION_1_0;
	for (uint32_t i = 0; i < info->enabledExtensionCount; i++)
		if (!strcmp(info->ppEnabledExtensionNames[i],
			    VK_KHR_GET_PHYSICAL_DEVICE_PROPERTIES_2_EXTENSION_NAME))
			li->has_props2_khr = true;
	layer_surface_load(li);
	/* Properties2 is only valid on a 1.1 instance or with the KHR extension enabled. */
	if (li->api_version >= VK_API_VERSION_1_1)
		li->GetPhysicalDeviceProperties2 = (PFN_vkGetPhysicalDeviceProperties2)li->gipa(
			in, "vkGetPhysicalDeviceProperties2");
	else if (li->has_props2_khr)
		li->GetPhysicalDeviceProperties2 = (PFN_vkGetPhysicalDeviceProperties2)li->gipa(
			in, "vkGetPhysicalDeviceProperties2KHR");
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_CreateInstance(const VkInstanceCreateInfo *info,
							   const VkAllocationCallbacks *alloc,
							   VkInstance *out)
{
	VkLayerInstanceCreateInfo *link = instance_link(info);
	PFN_vkGetInstanceProcAddr gipa;
	PFN_vkCreateInstance create;
	struct ingame_settings *settings = NULL;
	struct layer_instance *li;
	VkResult res;

	if (!link || !link->u.pLayerInfo)
		return VK_ERROR_INITIALIZATION_FAILED;
	gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	create = (PFN_vkCreateInstance)gipa(VK_NULL_HANDLE, "vkCreateInstance");
	if (!create)
		return VK_ERROR_INITIALIZATION_FAILED;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext; /* the next layer reads its own link */

	/* once per load of this library (glibc drops the handlers when it is unloaded) */
	pthread_once(&layer_g.fork_once, register_fork_handlers);
	pthread_mutex_lock(&layer_g.lock);
	if (!layer_g.has_settings)
		settings = malloc(sizeof(*settings));
	pthread_mutex_unlock(&layer_g.lock);
	if (settings) {
		ingame_settings_read(settings); /* logs, so outside the lock */
		pthread_mutex_lock(&layer_g.lock);
		if (!layer_g.has_settings) {
			layer_g.settings = *settings;
			layer_g.has_settings = true;
		}
		pthread_mutex_unlock(&layer_g.lock);
		free(settings);
	}

	res = create(info, alloc, out);
	if (res != VK_SUCCESS)
		return res;
	li = calloc(1, sizeof(*li));
	if (!li) {
		/* Without our record the hooks pass everything through (lookups fail softly). */
		ingame_log(LOG_OOM,
			   "out of memory: this instance runs without the layer's features");
		return VK_SUCCESS;
	}
	li->handle = *out;
	li->key = layer_key(*out);
	li->gipa = gipa;
	load_instance_functions(li, info);
	pthread_mutex_lock(&layer_g.lock);
	li->next = layer_g.instances;
	layer_g.instances = li;
	pthread_mutex_unlock(&layer_g.lock);
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL layer_DestroyInstance(VkInstance instance,
							const VkAllocationCallbacks *alloc)
{
	struct layer_instance *li = NULL, **pp;
	bool is_last;

	if (!instance)
		return;
	pthread_mutex_lock(&layer_g.lock);
	for (pp = &layer_g.instances; *pp; pp = &(*pp)->next) {
		if ((*pp)->key == layer_key(instance)) {
			li = *pp;
			*pp = li->next;
			break;
		}
	}
	is_last = layer_g.instances == NULL;
	pthread_mutex_unlock(&layer_g.lock);
	if (is_last)
		layer_telemetry_sync(); /* rows and summary on disk before the game may exit */
	if (li && li->DestroyInstance)
		li->DestroyInstance(instance, alloc);
	free(li);
}

static void device_name(struct layer_instance *li, VkPhysicalDevice phys, char *out, size_t len)
{
	VkPhysicalDeviceProperties props;

	out[0] = '\0';
	if (!li || !li->GetPhysicalDeviceProperties)
		return;
	li->GetPhysicalDeviceProperties(phys, &props);
	snprintf(out, len, "%s", props.deviceName);
}

static bool has_name(const char *const *names, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* Whether the physical device offers a device extension (asked down the instance chain). */
static bool device_offers(const struct layer_instance *li, VkPhysicalDevice phys, const char *name)
{
	VkExtensionProperties *props = NULL;
	uint32_t n = 0;
	bool is_offered = false;

	if (!li || !li->EnumerateDeviceExtensionProperties ||
	    li->EnumerateDeviceExtensionProperties(phys, NULL, &n, NULL) != VK_SUCCESS || !n)
		return false;
	props = calloc(n, sizeof(*props));
	if (props && li->EnumerateDeviceExtensionProperties(phys, NULL, &n, props) >= 0)
		for (uint32_t i = 0; i < n && !is_offered; i++)
			is_offered = !strcmp(props[i].extensionName, name);
	free(props);
	return is_offered;
}

/*
 * VK_GOOGLE_display_timing tells the pacer the display's refresh and when frames really reached
 * it (issue 14). When the device offers it and the game did not enable it, *names becomes a copy
 * of the game's list plus the extension (the caller frees it) and *is_ours is set; the layer
 * then hides the extension's functions from the game. Returns whether it will be enabled.
 */
static bool want_display_timing(const struct layer_instance *li, VkPhysicalDevice phys,
				const VkDeviceCreateInfo *info, const char ***names, bool *is_ours)
{
	const char *ext = VK_GOOGLE_DISPLAY_TIMING_EXTENSION_NAME;
	uint32_t n = info->enabledExtensionCount;

	*names = NULL;
	*is_ours = false;
	if (has_name(info->ppEnabledExtensionNames, n, ext))
		return true;
	if (!device_offers(li, phys, ext))
		return false;
	*names = malloc((n + 1) * sizeof(**names));
	if (!*names)
		return false;
	for (uint32_t i = 0; i < n; i++)
		(*names)[i] = info->ppEnabledExtensionNames[i];
	(*names)[n] = ext;
	*is_ours = true;
	return true;
}

/* The next-in-chain device functions the layer calls (display timing's when it is enabled). */
static void load_device_functions(struct layer_device *ld, bool has_timing, bool is_timing_ours)
{
	PFN_vkGetDeviceProcAddr gdpa = ld->gdpa;
	VkDevice d = ld->handle;

	ld->DestroyDevice = (PFN_vkDestroyDevice)gdpa(d, "vkDestroyDevice");
	ld->CreateSwapchainKHR = (PFN_vkCreateSwapchainKHR)gdpa(d, "vkCreateSwapchainKHR");
	ld->DestroySwapchainKHR = (PFN_vkDestroySwapchainKHR)gdpa(d, "vkDestroySwapchainKHR");
	ld->QueuePresentKHR = (PFN_vkQueuePresentKHR)gdpa(d, "vkQueuePresentKHR");
	ld->QueueSubmit = (PFN_vkQueueSubmit)gdpa(d, "vkQueueSubmit");
	ld->QueueSubmit2 = (PFN_vkQueueSubmit2)gdpa(d, "vkQueueSubmit2");
	ld->QueueSubmit2KHR = (PFN_vkQueueSubmit2)gdpa(d, "vkQueueSubmit2KHR");
	if (!has_timing)
		return;
	ld->GetRefreshCycleDurationGOOGLE =
		(PFN_vkGetRefreshCycleDurationGOOGLE)gdpa(d, "vkGetRefreshCycleDurationGOOGLE");
	ld->GetPastPresentationTimingGOOGLE =
		(PFN_vkGetPastPresentationTimingGOOGLE)gdpa(d, "vkGetPastPresentationTimingGOOGLE");
	ld->has_display_timing = ld->GetRefreshCycleDurationGOOGLE != NULL;
	ld->is_timing_ours = is_timing_ours;
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_CreateDevice(VkPhysicalDevice phys,
							 const VkDeviceCreateInfo *info,
							 const VkAllocationCallbacks *alloc,
							 VkDevice *out)
{
	VkLayerDeviceCreateInfo *link = device_link(info);
	PFN_vkGetInstanceProcAddr gipa;
	PFN_vkGetDeviceProcAddr gdpa;
	PFN_vkCreateDevice create;
	struct layer_instance *li;
	struct layer_device *ld;
	VkDeviceCreateInfo ci = *info;
	const char **names = NULL;
	bool has_timing, is_timing_ours;
	struct hud_config hud;
	VkResult res;

	if (!link || !link->u.pLayerInfo)
		return VK_ERROR_INITIALIZATION_FAILED;
	gipa = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	gdpa = link->u.pLayerInfo->pfnNextGetDeviceProcAddr;
	pthread_mutex_lock(&layer_g.lock);
	li = layer_find_instance(layer_key(phys));
	pthread_mutex_unlock(&layer_g.lock);
	create = (PFN_vkCreateDevice)gipa(li ? li->handle : VK_NULL_HANDLE, "vkCreateDevice");
	if (!create)
		return VK_ERROR_INITIALIZATION_FAILED;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	has_timing = want_display_timing(li, phys, info, &names, &is_timing_ours);
	if (names) {
		ci.enabledExtensionCount++;
		ci.ppEnabledExtensionNames = names;
	}
	res = create(phys, &ci, alloc, out);
	free(names);
	if (res != VK_SUCCESS)
		return res;

	ld = calloc(1, sizeof(*ld));
	if (!ld) {
		ingame_log(LOG_OOM, "out of memory: this device runs without the layer's features");
		return VK_SUCCESS;
	}
	ld->handle = *out;
	ld->key = layer_key(*out);
	ld->physical = phys;
	ld->instance = li;
	ld->gdpa = gdpa;
	load_device_functions(ld, has_timing, is_timing_ours);
	device_name(li, phys, ld->gpu_name, sizeof(ld->gpu_name)); /* what the game really got */
	pthread_mutex_lock(&layer_g.lock);
	hud = layer_g.settings.hud;
	pthread_mutex_unlock(&layer_g.lock);
	layer_hud_device_init(ld, info, &hud); /* MVGAL_HUD: what the drawer needs */
	pthread_mutex_lock(&layer_g.lock);
	ld->next = layer_g.devices;
	layer_g.devices = ld;
	pthread_mutex_unlock(&layer_g.lock);
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL layer_DestroyDevice(VkDevice device,
						      const VkAllocationCallbacks *alloc)
{
	struct layer_device *ld = NULL, **pp;
	struct layer_swapchain **sp, *forgotten = NULL;

	if (!device)
		return;
	pthread_mutex_lock(&layer_g.lock);
	for (pp = &layer_g.devices; *pp; pp = &(*pp)->next) {
		if ((*pp)->key == layer_key(device)) {
			ld = *pp;
			*pp = ld->next;
			break;
		}
	}
	/* swapchains the game forgot to destroy go with their device (their HUDs before it) */
	for (sp = &layer_g.swapchains; ld && *sp;) {
		struct layer_swapchain *s = *sp;

		if (s->device == ld) {
			*sp = s->next;
			s->next = forgotten;
			forgotten = s;
		} else {
			sp = &s->next;
		}
	}
	pthread_mutex_unlock(&layer_g.lock);
	while (forgotten) {
		struct layer_swapchain *s = forgotten;

		forgotten = s->next;
		layer_hud_free(s->hud);
		free(s);
	}
	if (ld && ld->DestroyDevice)
		ld->DestroyDevice(device, alloc);
	if (ld)
		layer_hud_device_release(ld);
	free(ld);
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetDeviceProcAddr(VkDevice device,
									const char *name);

/* vkQueueSubmit, 2 and 2KHR: hooked only for pacer = latency (latency.c), so that no other mode
 * pays for a lookup per submit. */
static PFN_vkVoidFunction submit_hook(const char *name, const struct layer_device *ld)
{
	bool is_latency;

	pthread_mutex_lock(&layer_g.lock);
	is_latency = layer_g.has_settings && layer_g.settings.is_pacer_on &&
		     layer_g.settings.is_pacer_latency;
	pthread_mutex_unlock(&layer_g.lock);
	if (!is_latency)
		return NULL;
	if (!strcmp(name, "vkQueueSubmit"))
		return !ld || ld->QueueSubmit ? (PFN_vkVoidFunction)layer_QueueSubmit : NULL;
	if (!strcmp(name, "vkQueueSubmit2"))
		return !ld || ld->QueueSubmit2 ? (PFN_vkVoidFunction)layer_QueueSubmit2 : NULL;
	if (!strcmp(name, "vkQueueSubmit2KHR"))
		return !ld || ld->QueueSubmit2KHR ? (PFN_vkVoidFunction)layer_QueueSubmit2KHR : NULL;
	return NULL;
}

/* Device-level hooks, offered only when the next link has the function too. */
static PFN_vkVoidFunction device_hook(const char *name, const struct layer_device *ld)
{
	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)layer_GetDeviceProcAddr;
	if (!strcmp(name, "vkDestroyDevice"))
		return (PFN_vkVoidFunction)layer_DestroyDevice;
	if (!strcmp(name, "vkCreateSwapchainKHR"))
		return !ld || ld->CreateSwapchainKHR ? (PFN_vkVoidFunction)layer_CreateSwapchainKHR
						     : NULL;
	if (!strcmp(name, "vkDestroySwapchainKHR"))
		return !ld || ld->DestroySwapchainKHR ? (PFN_vkVoidFunction)layer_DestroySwapchainKHR
						      : NULL;
	if (!strcmp(name, "vkQueuePresentKHR"))
		return !ld || ld->QueuePresentKHR ? (PFN_vkVoidFunction)layer_QueuePresentKHR : NULL;
	return strncmp(name, "vkQueueSubmit", 13) ? NULL : submit_hook(name, ld);
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetDeviceProcAddr(VkDevice device,
									const char *name)
{
	struct layer_device *ld;
	PFN_vkVoidFunction f;
	PFN_vkGetDeviceProcAddr next;

	if (!device || !name)
		return NULL;
	pthread_mutex_lock(&layer_g.lock);
	ld = layer_find_device(layer_key(device));
	next = ld ? ld->gdpa : NULL;
	pthread_mutex_unlock(&layer_g.lock);
	f = ld ? device_hook(name, ld) : NULL;
	if (f)
		return f;
	/* display timing enabled by us, not the game: its functions do not exist for the game */
	if (ld && ld->is_timing_ours &&
	    (!strcmp(name, "vkGetRefreshCycleDurationGOOGLE") ||
	     !strcmp(name, "vkGetPastPresentationTimingGOOGLE")))
		return NULL;
	return next ? next(device, name) : NULL;
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetInstanceProcAddr(VkInstance instance,
									  const char *name);

static PFN_vkVoidFunction instance_hook(const char *name)
{
	static const struct {
		const char *name;
		PFN_vkVoidFunction fn;
	} hooks[] = {
#define HOOK(n) { "vk" #n, (PFN_vkVoidFunction)layer_##n }
		{ "vkGetInstanceProcAddr", (PFN_vkVoidFunction)layer_GetInstanceProcAddr },
		HOOK(CreateInstance),
		HOOK(DestroyInstance),
		HOOK(EnumeratePhysicalDevices),
		HOOK(EnumeratePhysicalDeviceGroups),
		HOOK(EnumeratePhysicalDeviceGroupsKHR),
		HOOK(CreateDevice),
#undef HOOK
	};

	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(name, hooks[i].name))
			return hooks[i].fn;
	return layer_surface_hook(name);
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetInstanceProcAddr(VkInstance instance,
									  const char *name)
{
	struct layer_instance *li;
	PFN_vkGetInstanceProcAddr next;
	PFN_vkVoidFunction f;

	if (!name)
		return NULL;
	f = instance_hook(name);
	if (f || !instance)
		return f;
	pthread_mutex_lock(&layer_g.lock);
	li = layer_find_instance(layer_key(instance));
	next = li ? li->gipa : NULL;
	pthread_mutex_unlock(&layer_g.lock);
	if (!next)
		return NULL;
	f = next(instance, name);
	/* Device functions asked for through the instance: hook those we handle (if present). */
	if (f && device_hook(name, NULL))
		return device_hook(name, NULL);
	return f;
}

/*
 * The exported names. Internally the layer only ever uses the static layer_* functions: an
 * application linked with libvulkan has the loader's vkGetInstanceProcAddr in the global scope,
 * and a reference to our exported symbol from inside the layer would bind to the loader's one
 * (ELF interposition), sending the loader into itself.
 */
LAYER_EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetInstanceProcAddr(VkInstance instance,
									    const char *name);
LAYER_EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetDeviceProcAddr(VkDevice device,
									  const char *name);

LAYER_EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetInstanceProcAddr(VkInstance instance,
									    const char *name)
{
	return layer_GetInstanceProcAddr(instance, name);
}

LAYER_EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vkGetDeviceProcAddr(VkDevice device,
									  const char *name)
{
	return layer_GetDeviceProcAddr(device, name);
}

LAYER_EXPORT VKAPI_ATTR VkResult VKAPI_CALL
vkNegotiateLoaderLayerInterfaceVersion(VkNegotiateLayerInterface *v)
{
	if (!v || v->sType != LAYER_NEGOTIATE_INTERFACE_STRUCT)
		return VK_ERROR_INITIALIZATION_FAILED;
	if (v->loaderLayerInterfaceVersion >= 2) {
		v->loaderLayerInterfaceVersion = 2;
		v->pfnGetInstanceProcAddr = layer_GetInstanceProcAddr;
		v->pfnGetDeviceProcAddr = layer_GetDeviceProcAddr;
		v->pfnGetPhysicalDeviceProcAddr = NULL; /* we add no physical-device functions */
	}
	return VK_SUCCESS;
}

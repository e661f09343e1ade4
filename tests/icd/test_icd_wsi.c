// SPDX-License-Identifier: MIT
// mvgal test ICD, part two: devices, queues, fences, the headless surface, swapchains, and the
// loader-ICD interface (version 5: vk_icdNegotiateLoaderICDInterfaceVersion,
// vk_icdGetInstanceProcAddr, vk_icdGetPhysicalDeviceProcAddr). See test_icd.c.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/icd/test_icd.h"

#define EXPORT __attribute__((visibility("default")))

/* Prints the sTypes of a create info's pNext chain, when it has one, so tests can see that
 * layers pass chains down untouched: "mvgal-test-icd: <what> pnext=<sType>,<sType>". */
static void print_chain(const char *what, const void *pnext)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "mvgal-test-icd: %s pnext=", what);

	if (!pnext)
		return;
	for (const VkBaseInStructure *s = pnext; s && n < (int)sizeof(line) - 16; s = s->pNext)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%d", s == pnext ? "" : ",",
			      (int)s->sType);
	fprintf(stderr, "%s\n", line);
}

/* Non-dispatchable handles are numbers from this counter (nothing to free). */
static uint64_t next_handle = 0x1000;

static uint64_t new_handle(void)
{
	return __atomic_add_fetch(&next_handle, 1, __ATOMIC_RELAXED);
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_CreateDevice(VkPhysicalDevice phys,
						       const VkDeviceCreateInfo *info,
						       const VkAllocationCallbacks *alloc,
						       VkDevice *out)
{
	struct icd_device *d = calloc(1, sizeof(*d));

	(void)alloc;
	if (!d)
		return VK_ERROR_OUT_OF_HOST_MEMORY;
	print_chain("device", info->pNext);
	set_loader_magic_value(d);
	for (unsigned i = 0; i < MAX_QUEUES; i++)
		set_loader_magic_value(&d->queues[i]);
	d->gpu = (const struct icd_gpu *)phys;
	*out = (VkDevice)d;
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_DestroyDevice(VkDevice device,
						    const VkAllocationCallbacks *alloc)
{
	(void)alloc;
	free(device);
}

static VKAPI_ATTR void VKAPI_CALL icd_GetDeviceQueue(VkDevice device, uint32_t family,
						     uint32_t index, VkQueue *out)
{
	(void)family;
	*out = (VkQueue) & ((struct icd_device *)device)->queues[index % MAX_QUEUES];
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_WaitIdle(void *object)
{
	(void)object;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_CreateObject(VkDevice device, const void *info,
						       const VkAllocationCallbacks *alloc,
						       uint64_t *out)
{
	(void)device, (void)info, (void)alloc;
	*out = new_handle();
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_DestroyObject(VkDevice device, uint64_t object,
						    const VkAllocationCallbacks *alloc)
{
	(void)device, (void)object, (void)alloc;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_WaitForFences(VkDevice device, uint32_t n,
							const VkFence *fences, VkBool32 all,
							uint64_t timeout)
{
	(void)device, (void)n, (void)fences, (void)all, (void)timeout;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_ResetFences(VkDevice device, uint32_t n,
						      const VkFence *fences)
{
	(void)device, (void)n, (void)fences;
	return VK_SUCCESS;
}

/* Command buffers are dispatchable: the loader writes its table pointer into their first word. */
struct icd_cmd {
	VK_LOADER_DATA loader_data;
};

static VKAPI_ATTR VkResult VKAPI_CALL icd_AllocateCommandBuffers(
	VkDevice device, const VkCommandBufferAllocateInfo *info, VkCommandBuffer *out)
{
	(void)device;
	for (uint32_t i = 0; i < info->commandBufferCount; i++) {
		struct icd_cmd *c = calloc(1, sizeof(*c));

		if (!c) {
			while (i--)
				free(out[i]);
			return VK_ERROR_OUT_OF_HOST_MEMORY;
		}
		set_loader_magic_value(c);
		out[i] = (VkCommandBuffer)c;
	}
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_FreeCommandBuffers(VkDevice device, VkCommandPool pool,
							 uint32_t n, const VkCommandBuffer *cmds)
{
	(void)device, (void)pool;
	for (uint32_t i = 0; i < n; i++)
		free(cmds[i]);
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_BeginCommandBuffer(VkCommandBuffer cmd,
							     const VkCommandBufferBeginInfo *info)
{
	(void)cmd, (void)info;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_EndCommandBuffer(VkCommandBuffer cmd)
{
	(void)cmd;
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_CmdPipelineBarrier(
	VkCommandBuffer cmd, VkPipelineStageFlags src, VkPipelineStageFlags dst,
	VkDependencyFlags flags, uint32_t n_mem, const VkMemoryBarrier *mem, uint32_t n_buf,
	const VkBufferMemoryBarrier *buf, uint32_t n_img, const VkImageMemoryBarrier *img)
{
	(void)cmd, (void)src, (void)dst, (void)flags, (void)n_mem, (void)mem, (void)n_buf;
	(void)buf, (void)n_img, (void)img;
}

/* Work is done the moment it is submitted: fences and semaphores are always signalled. */
static VKAPI_ATTR VkResult VKAPI_CALL icd_QueueSubmit(VkQueue queue, uint32_t n,
						      const VkSubmitInfo *submits, VkFence fence)
{
	(void)queue, (void)n, (void)submits, (void)fence;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL
icd_CreateHeadlessSurfaceEXT(VkInstance instance, const VkHeadlessSurfaceCreateInfoEXT *info,
			     const VkAllocationCallbacks *alloc, VkSurfaceKHR *out)
{
	(void)instance, (void)info, (void)alloc;
	*out = (VkSurfaceKHR)new_handle();
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_DestroySurfaceKHR(VkInstance instance, VkSurfaceKHR surface,
							const VkAllocationCallbacks *alloc)
{
	(void)instance, (void)surface, (void)alloc;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_GetPhysicalDeviceSurfaceSupportKHR(VkPhysicalDevice phys,
									     uint32_t family,
									     VkSurfaceKHR surface,
									     VkBool32 *out)
{
	(void)phys, (void)family, (void)surface;
	*out = VK_TRUE;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_GetPhysicalDeviceSurfaceCapabilitiesKHR(
	VkPhysicalDevice phys, VkSurfaceKHR surface, VkSurfaceCapabilitiesKHR *caps)
{
	(void)phys, (void)surface;
	memset(caps, 0, sizeof(*caps));
	caps->minImageCount = 2;
	caps->maxImageCount = MAX_IMAGES;
	caps->currentExtent = (VkExtent2D){ 640, 480 };
	caps->minImageExtent = caps->currentExtent;
	caps->maxImageExtent = caps->currentExtent;
	caps->maxImageArrayLayers = 1;
	caps->supportedTransforms = VK_SURFACE_TRANSFORM_IDENTITY_BIT_KHR;
	caps->currentTransform = VK_SURFACE_TRANSFORM_IDENTITY_BIT_KHR;
	caps->supportedCompositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
	caps->supportedUsageFlags = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_GetPhysicalDeviceSurfaceFormatsKHR(VkPhysicalDevice phys,
									     VkSurfaceKHR surface,
									     uint32_t *count,
									     VkSurfaceFormatKHR *out)
{
	(void)phys, (void)surface;
	if (out && *count >= 1)
		out[0] = (VkSurfaceFormatKHR){ VK_FORMAT_B8G8R8A8_UNORM,
					       VK_COLOR_SPACE_SRGB_NONLINEAR_KHR };
	*count = 1;
	return VK_SUCCESS;
}

/* fifo_relaxed is missing on purpose: the layer must notice and keep the game's mode. */
static VKAPI_ATTR VkResult VKAPI_CALL icd_GetPhysicalDeviceSurfacePresentModesKHR(
	VkPhysicalDevice phys, VkSurfaceKHR surface, uint32_t *count, VkPresentModeKHR *out)
{
	static const VkPresentModeKHR modes[] = { VK_PRESENT_MODE_FIFO_KHR,
						  VK_PRESENT_MODE_MAILBOX_KHR,
						  VK_PRESENT_MODE_IMMEDIATE_KHR };
	uint32_t i;

	(void)phys, (void)surface;
	if (!out) {
		*count = 3;
		return VK_SUCCESS;
	}
	for (i = 0; i < 3 && i < *count; i++)
		out[i] = modes[i];
	*count = i;
	return i < 3 ? VK_INCOMPLETE : VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_CreateSwapchainKHR(VkDevice device,
							     const VkSwapchainCreateInfoKHR *info,
							     const VkAllocationCallbacks *alloc,
							     VkSwapchainKHR *out)
{
	struct icd_swapchain *sc = calloc(1, sizeof(*sc));

	(void)alloc;
	if (!sc)
		return VK_ERROR_OUT_OF_HOST_MEMORY;
	sc->gpu = ((struct icd_device *)device)->gpu;
	sc->images = info->minImageCount < 2 ? 2 : info->minImageCount;
	if (sc->images > MAX_IMAGES)
		sc->images = MAX_IMAGES;
	icd_timing_init(&sc->timing);
	fprintf(stderr, "mvgal-test-icd: swapchain gpu=\"%s\" present_mode=%d images=%u\n",
		sc->gpu->name, (int)info->presentMode, sc->images);
	print_chain("swapchain", info->pNext);
	*out = (VkSwapchainKHR)(uintptr_t)sc;
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_DestroySwapchainKHR(VkDevice device, VkSwapchainKHR swapchain,
							  const VkAllocationCallbacks *alloc)
{
	struct icd_swapchain *sc = (struct icd_swapchain *)(uintptr_t)swapchain;

	(void)device, (void)alloc;
	if (!sc)
		return;
	fprintf(stderr, "mvgal-test-icd: swapchain destroyed presents=%llu\n",
		(unsigned long long)sc->presents);
	icd_timing_report(&sc->timing, stderr, "mvgal-test-icd: ");
	free(sc);
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_GetSwapchainImagesKHR(VkDevice device,
								VkSwapchainKHR swapchain,
								uint32_t *count, VkImage *out)
{
	struct icd_swapchain *sc = (struct icd_swapchain *)(uintptr_t)swapchain;
	uint32_t i;

	(void)device;
	if (!out) {
		*count = sc->images;
		return VK_SUCCESS;
	}
	for (i = 0; i < sc->images && i < *count; i++)
		out[i] = (VkImage)(uintptr_t)(0x100 + i);
	*count = i;
	return i < sc->images ? VK_INCOMPLETE : VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_AcquireNextImageKHR(VkDevice device,
							      VkSwapchainKHR swapchain,
							      uint64_t timeout, VkSemaphore sem,
							      VkFence fence, uint32_t *index)
{
	struct icd_swapchain *sc = (struct icd_swapchain *)(uintptr_t)swapchain;

	(void)device, (void)timeout, (void)sem, (void)fence;
	*index = sc->next;
	sc->next = (sc->next + 1) % sc->images;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_QueuePresentKHR(VkQueue queue, const VkPresentInfoKHR *info)
{
	(void)queue;
	for (uint32_t i = 0; i < info->swapchainCount; i++) {
		struct icd_swapchain *sc = (struct icd_swapchain *)(uintptr_t)info->pSwapchains[i];

		__atomic_add_fetch(&sc->presents, 1, __ATOMIC_RELAXED);
		icd_timing_present(&sc->timing, info->pNext, i);
		if (info->pResults)
			info->pResults[i] = VK_SUCCESS;
	}
	return VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_GetRefreshCycleDurationGOOGLE(VkDevice device,
								 VkSwapchainKHR swapchain,
								 VkRefreshCycleDurationGOOGLE *out)
{
	struct icd_swapchain *sc = (struct icd_swapchain *)(uintptr_t)swapchain;

	(void)device;
	out->refreshDuration = (uint64_t)sc->timing.refresh_ns;
	return VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_GetPastPresentationTimingGOOGLE(VkDevice device,
								   VkSwapchainKHR swapchain,
								   uint32_t *count,
								   VkPastPresentationTimingGOOGLE *out)
{
	(void)device;
	return icd_timing_past(&((struct icd_swapchain *)(uintptr_t)swapchain)->timing, count, out);
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_GetPhysicalDeviceImageFormatProperties(
	VkPhysicalDevice phys, VkFormat format, VkImageType type, VkImageTiling tiling,
	VkImageUsageFlags usage, VkImageCreateFlags flags, VkImageFormatProperties *out)
{
	(void)phys, (void)tiling, (void)usage, (void)flags;
	memset(out, 0, sizeof(*out));
	/* the swapchain's format, 2D, one level and layer: what the validation layer checks */
	if (format != VK_FORMAT_B8G8R8A8_UNORM || type != VK_IMAGE_TYPE_2D)
		return VK_ERROR_FORMAT_NOT_SUPPORTED;
	*out = (VkImageFormatProperties){ .maxExtent = { 16384, 16384, 1 },
					  .maxMipLevels = 1,
					  .maxArrayLayers = 1,
					  .sampleCounts = VK_SAMPLE_COUNT_1_BIT,
					  .maxResourceSize = 1ull << 31 };
	return VK_SUCCESS;
}

static VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceSparseImageFormatProperties(
	VkPhysicalDevice phys, VkFormat format, VkImageType type, VkSampleCountFlagBits samples,
	VkImageUsageFlags usage, VkImageTiling tiling, uint32_t *count,
	VkSparseImageFormatProperties *out)
{
	(void)phys, (void)format, (void)type, (void)samples, (void)usage, (void)tiling, (void)out;
	*count = 0;
}

static VKAPI_ATTR VkResult VKAPI_CALL icd_EnumerateDeviceLayerProperties(VkPhysicalDevice phys,
									 uint32_t *count,
									 VkLayerProperties *out)
{
	(void)phys, (void)out;
	*count = 0;
	return VK_SUCCESS;
}

struct icd_entry {
	const char *name;
	PFN_vkVoidFunction fn;
};

#define E(n)                                                                                       \
	{                                                                                          \
		"vk" #n, (PFN_vkVoidFunction)icd_##n                                               \
	}
#define E_AS(n, f)                                                                                 \
	{                                                                                          \
		"vk" #n, (PFN_vkVoidFunction)icd_##f                                               \
	}
static const struct icd_entry instance_entries[] = {
	E(CreateInstance),
	E(DestroyInstance),
	E(EnumerateInstanceExtensionProperties),
	E(EnumerateInstanceVersion),
	E(EnumeratePhysicalDevices),
	E(EnumeratePhysicalDeviceGroups),
	E_AS(EnumeratePhysicalDeviceGroupsKHR, EnumeratePhysicalDeviceGroups),
	E(GetPhysicalDeviceProperties),
	E(GetPhysicalDeviceProperties2),
	E_AS(GetPhysicalDeviceProperties2KHR, GetPhysicalDeviceProperties2),
	E(GetPhysicalDeviceFeatures),
	E(GetPhysicalDeviceFeatures2),
	E_AS(GetPhysicalDeviceFeatures2KHR, GetPhysicalDeviceFeatures2),
	E(GetPhysicalDeviceQueueFamilyProperties),
	E(GetPhysicalDeviceMemoryProperties),
	E(GetPhysicalDeviceFormatProperties),
	E(GetPhysicalDeviceImageFormatProperties),
	E(GetPhysicalDeviceSparseImageFormatProperties),
	E(EnumerateDeviceLayerProperties),
	E(EnumerateDeviceExtensionProperties),
	E(CreateDevice),
	E(CreateHeadlessSurfaceEXT),
	E(DestroySurfaceKHR),
	E(GetPhysicalDeviceSurfaceSupportKHR),
	E(GetPhysicalDeviceSurfaceCapabilitiesKHR),
	E(GetPhysicalDeviceSurfaceFormatsKHR),
	E(GetPhysicalDeviceSurfacePresentModesKHR),
};

static const struct icd_entry device_entries[] = {
	E(DestroyDevice),
	E(GetDeviceQueue),
	E_AS(DeviceWaitIdle, WaitIdle),
	E_AS(QueueWaitIdle, WaitIdle),
	E_AS(CreateFence, CreateObject),
	E_AS(DestroyFence, DestroyObject),
	E_AS(CreateSemaphore, CreateObject),
	E_AS(DestroySemaphore, DestroyObject),
	E(WaitForFences),
	E(ResetFences),
	E_AS(CreateCommandPool, CreateObject),
	E_AS(DestroyCommandPool, DestroyObject),
	E(AllocateCommandBuffers),
	E(FreeCommandBuffers),
	E(BeginCommandBuffer),
	E(EndCommandBuffer),
	E(CmdPipelineBarrier),
	E(QueueSubmit),
	E(CreateSwapchainKHR),
	E(DestroySwapchainKHR),
	E(GetSwapchainImagesKHR),
	E(AcquireNextImageKHR),
	E(QueuePresentKHR),
	E(GetRefreshCycleDurationGOOGLE),
	E(GetPastPresentationTimingGOOGLE),
};
#undef E
#undef E_AS

static PFN_vkVoidFunction lookup(const struct icd_entry *e, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].name, name))
			return e[i].fn;
	return NULL;
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL icd_GetDeviceProcAddr(VkDevice device,
								      const char *name)
{
	(void)device;
	PFN_vkVoidFunction f;

	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)icd_GetDeviceProcAddr;
	f = lookup(device_entries, sizeof(device_entries) / sizeof(device_entries[0]), name);
	if (!f && getenv("MVGAL_TEST_ICD_TRACE"))
		fprintf(stderr, "mvgal-test-icd: no %s\n", name);
	return f;
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vk_icdGetInstanceProcAddr(VkInstance instance,
									  const char *name);

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vk_icdGetInstanceProcAddr(VkInstance instance,
									  const char *name)
{
	PFN_vkVoidFunction f;

	(void)instance;
	if (!strcmp(name, "vkGetInstanceProcAddr"))
		return (PFN_vkVoidFunction)vk_icdGetInstanceProcAddr;
	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)icd_GetDeviceProcAddr;
	f = lookup(instance_entries, sizeof(instance_entries) / sizeof(instance_entries[0]), name);
	return f ? f : icd_GetDeviceProcAddr(VK_NULL_HANDLE, name);
}

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vk_icdGetPhysicalDeviceProcAddr(VkInstance instance,
										const char *name);

EXPORT VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL vk_icdGetPhysicalDeviceProcAddr(VkInstance instance,
										const char *name)
{
	(void)instance;
	return lookup(instance_entries, sizeof(instance_entries) / sizeof(instance_entries[0]), name);
}

EXPORT VKAPI_ATTR VkResult VKAPI_CALL vk_icdNegotiateLoaderICDInterfaceVersion(uint32_t *version);

EXPORT VKAPI_ATTR VkResult VKAPI_CALL vk_icdNegotiateLoaderICDInterfaceVersion(uint32_t *version)
{
	if (*version > 5)
		*version = 5;
	return VK_SUCCESS;
}

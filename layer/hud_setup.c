// SPDX-License-Identifier: MIT
// The HUD's Vulkan drawer, what lives as long as a device or a swapchain (issue 29): the device
// functions and the game's queues, then per swapchain a render pass on its format (load, store,
// PRESENT_SRC_KHR in and out) and the pipeline (hud_pipeline.c), and per image a view, a
// framebuffer, a fence, a semaphore and the panel's texture, linear in host-visible memory. Everything is made here, before the first frame, so that a present allocates nothing
// (hud_draw.c).
#include <stdlib.h>
#include <string.h>

#include "layer/hud_vk.h"

/* How long freeing a swapchain's HUD waits for its last draw before destroying under it. */
#define LAYER_HUD_FREE_WAIT_NS 1000000000ull

static PFN_vkSetDeviceLoaderData loader_data_callback(const VkDeviceCreateInfo *info)
{
	for (const VkBaseInStructure *p = info->pNext; p; p = p->pNext) {
		const VkLayerDeviceCreateInfo *l = (const VkLayerDeviceCreateInfo *)p;

		if (p->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO &&
		    l->function == VK_LOADER_DATA_CALLBACK)
			return l->u.pfnSetDeviceLoaderData;
	}
	return NULL;
}

/* Next-in-chain device functions; the name of the first one missing, or NULL. */
static const char *load_functions(struct layer_hud_device *dev, const struct layer_device *ld)
{
#define LOAD(name)                                                                                 \
	dev->name = (PFN_vk##name)ld->gdpa(ld->handle, "vk" #name);                                \
	if (!dev->name)                                                                            \
		return "vk" #name;
	LAYER_HUD_FNS(LOAD)
#undef LOAD
	return NULL;
}

/* The queues the game asked for, each with its family: vkGetDeviceQueue gives back the same
 * handle the game gets, so a present's queue is found here without hooking it. Queues created
 * with flags (protected) are left out: the HUD does not draw on them. */
static void map_queues(struct layer_hud_device *dev, const struct layer_device *ld,
		       const VkDeviceCreateInfo *info)
{
	PFN_vkGetPhysicalDeviceQueueFamilyProperties family_props =
		(PFN_vkGetPhysicalDeviceQueueFamilyProperties)ld->instance->gipa(
			ld->instance->handle, "vkGetPhysicalDeviceQueueFamilyProperties");
	VkQueueFamilyProperties props[32];
	uint32_t n_families = 32;

	if (!family_props)
		return;
	family_props(ld->physical, &n_families, props);
	for (uint32_t i = 0; i < info->queueCreateInfoCount; i++) {
		const VkDeviceQueueCreateInfo *q = &info->pQueueCreateInfos[i];

		if (q->flags || q->queueFamilyIndex >= n_families)
			continue;
		for (uint32_t j = 0; j < q->queueCount; j++) {
			struct layer_hud_queue *out = &dev->queues[dev->n_queues];

			out->handle = VK_NULL_HANDLE;
			dev->GetDeviceQueue(ld->handle, q->queueFamilyIndex, j, &out->handle);
			if (!out->handle)
				continue;
			out->family = q->queueFamilyIndex;
			out->has_graphics =
				props[q->queueFamilyIndex].queueFlags & VK_QUEUE_GRAPHICS_BIT;
			dev->n_queues++;
		}
	}
}

void layer_hud_device_init(struct layer_device *ld, const VkDeviceCreateInfo *info,
			   const struct hud_config *config)
{
	struct layer_hud_device *dev;
	const char *missing;
	uint32_t n = 0;

	if (!config->enabled || !ld->instance || !ld->instance->gipa)
		return;
	for (uint32_t i = 0; i < info->queueCreateInfoCount; i++)
		n += info->pQueueCreateInfos[i].queueCount;
	dev = calloc(1, sizeof(*dev) + n * sizeof(dev->queues[0]));
	if (!dev) {
		ingame_log(LOG_HUD, "HUD: out of memory; no HUD");
		return;
	}
	dev->config = *config;
	missing = load_functions(dev, ld);
	dev->set_loader_data = loader_data_callback(info);
	dev->GetPhysicalDeviceFormatProperties =
		(PFN_vkGetPhysicalDeviceFormatProperties)ld->instance->gipa(
			ld->instance->handle, "vkGetPhysicalDeviceFormatProperties");
	PFN_vkGetPhysicalDeviceMemoryProperties memory_props =
		(PFN_vkGetPhysicalDeviceMemoryProperties)ld->instance->gipa(
			ld->instance->handle, "vkGetPhysicalDeviceMemoryProperties");
	if (!missing && !dev->set_loader_data)
		missing = "the loader's vkSetDeviceLoaderData";
	if (!missing && (!dev->GetPhysicalDeviceFormatProperties || !memory_props))
		missing = "vkGetPhysicalDeviceFormatProperties";
	if (missing) {
		ingame_log(LOG_HUD, "HUD: the Vulkan driver gives no %s; no HUD", missing);
		free(dev);
		return;
	}
	memory_props(ld->physical, &dev->memory);
	map_queues(dev, ld, info);
	ld->hud = dev;
}

void layer_hud_device_release(struct layer_device *ld)
{
	free(ld->hud);
	ld->hud = NULL;
}

uint32_t layer_hud_memory_type(const struct layer_hud_device *dev, uint32_t bits,
			       VkMemoryPropertyFlags want)
{
	for (uint32_t i = 0; i < dev->memory.memoryTypeCount; i++)
		if ((bits & (1u << i)) && (dev->memory.memoryTypes[i].propertyFlags & want) == want)
			return i;
	return UINT32_MAX;
}

static bool is_srgb(VkFormat f)
{
	switch (f) {
	case VK_FORMAT_R8G8B8A8_SRGB:
	case VK_FORMAT_B8G8R8A8_SRGB:
	case VK_FORMAT_A8B8G8R8_SRGB_PACK32:
	case VK_FORMAT_R8G8B8_SRGB:
	case VK_FORMAT_B8G8R8_SRGB:
		return true;
	default:
		return false;
	}
}

/* The panel texture's format: the swapchain's own where it is 8-bit RGBA or BGRA (sampling it from
 * linear memory is not required of a driver: layer_hud_prepare_swapchain() asks; lavapipe can),
 * so that llvmpipe can copy texels to pixels at scale 1 (its
 * blit path: a texture of the render target's format, nearest, unblended, every channel written);
 * else RGBA, _SRGB on an _SRGB swapchain. */
static VkFormat panel_format(VkFormat swapchain)
{
	switch (swapchain) {
	case VK_FORMAT_B8G8R8A8_UNORM:
	case VK_FORMAT_B8G8R8A8_SRGB:
	case VK_FORMAT_R8G8B8A8_UNORM:
	case VK_FORMAT_R8G8B8A8_SRGB:
		return swapchain;
	default:
		return is_srgb(swapchain) ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
	}
}

bool layer_hud_prepare_swapchain(const struct layer_device *ld, VkSwapchainCreateInfoKHR *ci)
{
	const struct layer_hud_device *dev = ld->hud;
	VkSurfaceCapabilitiesKHR caps;
	VkFormatProperties fp;

	if (!dev || !dev->config.enabled)
		return false;
	if (ci->flags & VK_SWAPCHAIN_CREATE_PROTECTED_BIT_KHR) {
		ingame_log(LOG_HUD_SWAPCHAIN, "HUD: a protected swapchain; no HUD on it");
		return false;
	}
	dev->GetPhysicalDeviceFormatProperties(ld->physical, ci->imageFormat, &fp);
	if (!(fp.optimalTilingFeatures & VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BLEND_BIT)) {
		ingame_log(LOG_HUD_SWAPCHAIN,
			   "HUD: swapchain format %d cannot be blended onto; no HUD on it",
			   (int)ci->imageFormat);
		return false;
	}
	dev->GetPhysicalDeviceFormatProperties(ld->physical, panel_format(ci->imageFormat), &fp);
	if (!(fp.linearTilingFeatures & VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT)) {
		ingame_log(LOG_HUD_SWAPCHAIN,
			   "HUD: the driver cannot sample format %d from linear memory (the "
			   "panel's texture); no HUD on this swapchain",
			   (int)panel_format(ci->imageFormat));
		return false;
	}
	if (ci->imageUsage & VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT)
		return true;
	if (ld->instance && ld->instance->GetPhysicalDeviceSurfaceCapabilitiesKHR &&
	    ld->instance->GetPhysicalDeviceSurfaceCapabilitiesKHR(ld->physical, ci->surface,
								  &caps) == VK_SUCCESS &&
	    (caps.supportedUsageFlags & VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT)) {
		ci->imageUsage |= VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
		return true;
	}
	ingame_log(LOG_HUD_SWAPCHAIN, "HUD: the surface's images cannot be drawn on (no "
				      "COLOR_ATTACHMENT usage); no HUD on it");
	return false;
}

/* Allocates memory of `want` for an image (memory requirements given). */
static VkResult bind_memory(struct layer_hud *h, const VkMemoryRequirements *req,
			    VkMemoryPropertyFlags want, VkDeviceMemory *out)
{
	VkMemoryAllocateInfo info = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
		.allocationSize = req->size,
		.memoryTypeIndex = layer_hud_memory_type(h->dev, req->memoryTypeBits, want),
	};

	if (info.memoryTypeIndex == UINT32_MAX)
		return VK_ERROR_FEATURE_NOT_PRESENT;
	return h->dev->AllocateMemory(h->device, &info, NULL, out);
}

/* The view of image im's panel texture. */
static VkResult make_panel_view(struct layer_hud *h, VkFormat format, struct layer_hud_image *im)
{
	const VkImageViewCreateInfo view = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
		.image = im->panel,
		.viewType = VK_IMAGE_VIEW_TYPE_2D,
		.format = format,
		.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
	};

	return h->dev->CreateImageView(h->device, &view, NULL, &im->panel_view);
}

/* The panel's texture of each image (panel_format(): _SRGB on an _SRGB swapchain, so that sampled
 * it decodes what the attachment encodes again): linear, in one host-visible, coherent allocation
 * mapped for the swapchain's life, so that a draw's new texels are written by the CPU and no copy
 * command is recorded (on lavapipe a copy before the draw costs a barrier, which waits there for
 * everything before it on the queue: lvp_execute.c's finish_fence() in Mesa 22.3). Written once
 * now, so that every page of it is the game's from the start (filled lazily, a panel wider than
 * any before would take new pages: test_hud_vk's RSS grew by up to 152 kB over 5,000 frames, in
 * steps, with the HUD on and never with it off, when a staging buffer was filled lazily). */
static VkResult make_panels(struct layer_hud *h, VkFormat format)
{
	const VkImageCreateInfo image = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
		.imageType = VK_IMAGE_TYPE_2D,
		.format = format,
		.extent = { HUD_IMAGE_MAX_W, HUD_IMAGE_MAX_H, 1 },
		.mipLevels = 1,
		.arrayLayers = 1,
		.samples = VK_SAMPLE_COUNT_1_BIT,
		.tiling = VK_IMAGE_TILING_LINEAR,
		.usage = VK_IMAGE_USAGE_SAMPLED_BIT,
		.initialLayout = VK_IMAGE_LAYOUT_PREINITIALIZED,
	};
	const VkImageSubresource texels = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 0 };
	const VkMemoryPropertyFlags want =
		VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
	VkMemoryRequirements req = { 0 };
	VkSubresourceLayout layout = { 0 };
	VkDeviceSize stride;
	void *map = NULL;
	VkResult res = VK_SUCCESS;

	for (uint32_t i = 0; i < h->n_images && res == VK_SUCCESS; i++)
		res = h->dev->CreateImage(h->device, &image, NULL, &h->images[i].panel);
	if (res != VK_SUCCESS)
		return res;
	/* images made alike have alike requirements and layouts */
	h->dev->GetImageMemoryRequirements(h->device, h->images[0].panel, &req);
	h->dev->GetImageSubresourceLayout(h->device, h->images[0].panel, &texels, &layout);
	h->pitch = layout.rowPitch;
	stride = (req.size + req.alignment - 1) / req.alignment * req.alignment;
	req.size = stride * h->n_images;
	res = bind_memory(h, &req, want, &h->panel_memory);
	if (res == VK_SUCCESS)
		res = h->dev->MapMemory(h->device, h->panel_memory, 0, VK_WHOLE_SIZE, 0, &map);
	if (res != VK_SUCCESS)
		return res;
	memset(map, 0, (size_t)req.size);
	for (uint32_t i = 0; i < h->n_images && res == VK_SUCCESS; i++) {
		res = h->dev->BindImageMemory(h->device, h->images[i].panel, h->panel_memory,
					      i * stride);
		h->images[i].texels = (uint8_t *)map + i * stride + layout.offset;
		if (res == VK_SUCCESS)
			res = make_panel_view(h, format, &h->images[i]);
	}
	return res;
}

/* One descriptor set per image: its panel's texture with the sampler. */
static VkResult make_descriptors(struct layer_hud *h)
{
	const VkDescriptorPoolSize size = { VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, h->n_images };
	const VkDescriptorPoolCreateInfo pool = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
		.maxSets = h->n_images,
		.poolSizeCount = 1,
		.pPoolSizes = &size,
	};
	VkDescriptorSetAllocateInfo alloc = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
		.descriptorSetCount = 1,
		.pSetLayouts = &h->set_layout,
	};
	VkResult res;

	res = h->dev->CreateDescriptorPool(h->device, &pool, NULL, &h->descriptor_pool);
	alloc.descriptorPool = h->descriptor_pool;
	for (uint32_t i = 0; i < h->n_images && res == VK_SUCCESS; i++) {
		struct layer_hud_image *im = &h->images[i];
		const VkDescriptorImageInfo image = { h->sampler, im->panel_view,
						      VK_IMAGE_LAYOUT_GENERAL };
		VkWriteDescriptorSet write = {
			.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
			.descriptorCount = 1,
			.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
			.pImageInfo = &image,
		};

		res = h->dev->AllocateDescriptorSets(h->device, &alloc, &im->set);
		write.dstSet = im->set;
		if (res == VK_SUCCESS)
			h->dev->UpdateDescriptorSets(h->device, 1, &write, 0, NULL);
	}
	return res;
}

/* Per image: a view and a framebuffer on it, the fence and the semaphore of our draw. */
static VkResult make_image(struct layer_hud *h, VkFormat format, struct layer_hud_image *im)
{
	VkImageViewCreateInfo view = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
		.image = im->image,
		.viewType = VK_IMAGE_VIEW_TYPE_2D,
		.format = format,
		.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
	};
	VkFramebufferCreateInfo fb = {
		.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO,
		.renderPass = h->pass,
		.attachmentCount = 1,
		.width = h->extent.width,
		.height = h->extent.height,
		.layers = 1,
	};
	const VkFenceCreateInfo fence = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
	const VkSemaphoreCreateInfo sem = { .sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO };
	VkResult res;

	res = h->dev->CreateImageView(h->device, &view, NULL, &im->view);
	fb.pAttachments = &im->view;
	if (res == VK_SUCCESS)
		res = h->dev->CreateFramebuffer(h->device, &fb, NULL, &im->framebuffer);
	if (res == VK_SUCCESS)
		res = h->dev->CreateFence(h->device, &fence, NULL, &im->fence);
	if (res == VK_SUCCESS)
		res = h->dev->CreateSemaphore(h->device, &sem, NULL, &im->done);
	return res;
}

/* Everything of a new struct layer_hud but its core state; the first failure's result. */
static VkResult make_all(struct layer_hud *h, VkSwapchainKHR swapchain, VkFormat format)
{
	VkImage images[16];
	uint32_t n = h->n_images;
	VkResult res;

	res = h->dev->GetSwapchainImagesKHR(h->device, swapchain, &n, images);
	if (res != VK_SUCCESS || n != h->n_images)
		return res == VK_SUCCESS ? VK_ERROR_INITIALIZATION_FAILED : res;
	for (uint32_t i = 0; i < n; i++)
		h->images[i].image = images[i];
	h->is_bgra = panel_format(format) == VK_FORMAT_B8G8R8A8_UNORM ||
		     panel_format(format) == VK_FORMAT_B8G8R8A8_SRGB;
	res = layer_hud_make_pipeline(h, format);
	if (res == VK_SUCCESS)
		res = make_panels(h, panel_format(format));
	if (res == VK_SUCCESS)
		res = make_descriptors(h);
	for (uint32_t i = 0; i < n && res == VK_SUCCESS; i++)
		res = make_image(h, format, &h->images[i]);
	return res;
}

/* The present mode as the HUD shows it. */
static const char *mode_label(VkPresentModeKHR m)
{
	switch (m) {
	case VK_PRESENT_MODE_FIFO_KHR:
		return "FIFO";
	case VK_PRESENT_MODE_MAILBOX_KHR:
		return "MAILBOX";
	case VK_PRESENT_MODE_IMMEDIATE_KHR:
		return "IMMEDIATE";
	case VK_PRESENT_MODE_FIFO_RELAXED_KHR:
		return "FIFO_RELAXED";
	default:
		return "other";
	}
}

void layer_hud_set_pacer(struct layer_hud *h, const char *line, int64_t target_ns, int64_t refresh_ns)
{
	if (!h)
		return;
	hud_set_pacer(h->core, line);
	hud_set_target(h->core, target_ns, refresh_ns);
}

struct layer_hud *layer_hud_new(struct layer_device *ld, VkSwapchainKHR swapchain,
				const VkSwapchainCreateInfoKHR *ci)
{
	struct layer_hud *h;
	uint32_t n = 0;
	VkResult res;

	if (!ld->hud || ld->hud->GetSwapchainImagesKHR(ld->handle, swapchain, &n, NULL) != VK_SUCCESS)
		return NULL;
	if (n == 0 || n > 16) {
		ingame_log(LOG_HUD_SWAPCHAIN, "HUD: a swapchain of %u images; no HUD on it", n);
		return NULL;
	}
	h = calloc(1, sizeof(*h) + n * sizeof(h->images[0]));
	if (!h || !(h->core = calloc(1, hud_size())) ||
	    !(h->scratch = malloc(HUD_MAX_VERTICES * sizeof(*h->scratch) + LAYER_HUD_IMAGE_BYTES))) {
		if (h)
			free(h->core);
		free(h);
		ingame_log(LOG_HUD, "HUD: out of memory; no HUD");
		return NULL;
	}
	/* the CPU image after the vertices, written now so that all its pages are the game's from
	 * the start (as the textures': make_panels()) */
	h->image = (uint8_t *)(h->scratch + HUD_MAX_VERTICES);
	memset(h->image, 0, (size_t)LAYER_HUD_IMAGE_BYTES);
	h->dev = ld->hud;
	h->device = ld->handle;
	h->n_images = n;
	h->extent = ci->imageExtent;
	hud_init(h->core, &ld->hud->config);
	hud_set_gpu(h->core, ld->gpu_name);
	hud_set_present_mode(h->core, mode_label(ci->presentMode));
	res = make_all(h, swapchain, ci->imageFormat);
	if (res != VK_SUCCESS) {
		ingame_log(LOG_HUD, "HUD: setting up its drawing failed (VkResult %d); no HUD",
			   (int)res);
		layer_hud_free(h);
		return NULL;
	}
	return h;
}

static void free_images(struct layer_hud *h)
{
	const struct layer_hud_device *d = h->dev;
	VkFence pending[16];
	uint32_t n = 0;

	for (uint32_t i = 0; i < h->n_images; i++)
		if (h->images[i].is_pending)
			pending[n++] = h->images[i].fence;
	if (n)
		d->WaitForFences(h->device, n, pending, VK_TRUE, LAYER_HUD_FREE_WAIT_NS);
	for (uint32_t i = 0; i < h->n_images; i++) {
		struct layer_hud_image *im = &h->images[i];

		d->DestroySemaphore(h->device, im->done, NULL);
		d->DestroyFence(h->device, im->fence, NULL);
		d->DestroyFramebuffer(h->device, im->framebuffer, NULL);
		d->DestroyImageView(h->device, im->view, NULL);
		d->DestroyImageView(h->device, im->panel_view, NULL);
		d->DestroyImage(h->device, im->panel, NULL);
	}
}

void layer_hud_free(struct layer_hud *h)
{
	const struct layer_hud_device *d;

	if (!h)
		return;
	d = h->dev;
	free_images(h);
	d->DestroyCommandPool(h->device, h->pool, NULL); /* frees the command buffers */
	d->DestroyDescriptorPool(h->device, h->descriptor_pool, NULL);
	d->DestroyPipeline(h->device, h->pipeline, NULL);
	d->DestroyPipelineLayout(h->device, h->layout, NULL);
	d->DestroyRenderPass(h->device, h->pass, NULL);
	d->DestroyDescriptorSetLayout(h->device, h->set_layout, NULL);
	d->DestroySampler(h->device, h->sampler, NULL);
	d->FreeMemory(h->device, h->panel_memory, NULL); /* unmaps it */
	free(h->scratch);
	free(h->core);
	free(h);
}

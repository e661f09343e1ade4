// SPDX-License-Identifier: MIT
// mvgal-demo's swapchain: surface format, present mode (the requested one when the surface has
// it), images, views, framebuffers and the per-image render-done semaphores.
#include <stdio.h>
#include <string.h>

#include <SDL2/SDL_vulkan.h>

#include "tests/game/demo.h"

static const struct {
	const char *name;
	VkPresentModeKHR mode;
} present_modes[] = {
	{ "immediate", VK_PRESENT_MODE_IMMEDIATE_KHR },
	{ "mailbox", VK_PRESENT_MODE_MAILBOX_KHR },
	{ "fifo", VK_PRESENT_MODE_FIFO_KHR },
	{ "fifo_relaxed", VK_PRESENT_MODE_FIFO_RELAXED_KHR },
};

const char *demo_present_mode_name(VkPresentModeKHR mode)
{
	for (size_t i = 0; i < ARRAY_LEN(present_modes); i++)
		if (present_modes[i].mode == mode)
			return present_modes[i].name;
	return "?";
}

int demo_present_mode_parse(const char *s, VkPresentModeKHR *mode)
{
	for (size_t i = 0; i < ARRAY_LEN(present_modes); i++) {
		if (!strcmp(present_modes[i].name, s)) {
			*mode = present_modes[i].mode;
			return 0;
		}
	}
	return -1;
}

void demo_swapchain_destroy(struct demo_vk *vk)
{
	for (uint32_t i = 0; i < vk->image_count; i++) {
		vkDestroyFramebuffer(vk->device, vk->framebuffers[i], NULL);
		vkDestroyImageView(vk->device, vk->views[i], NULL);
		vkDestroySemaphore(vk->device, vk->render_done[i], NULL);
		vk->framebuffers[i] = VK_NULL_HANDLE;
		vk->views[i] = VK_NULL_HANDLE;
		vk->render_done[i] = VK_NULL_HANDLE;
	}
	vk->image_count = 0;
	if (vk->swapchain)
		vkDestroySwapchainKHR(vk->device, vk->swapchain, NULL);
	vk->swapchain = VK_NULL_HANDLE;
}

void demo_swapchain_choose_format(struct demo_vk *vk)
{
	VkSurfaceFormatKHR fmts[64];
	uint32_t n = ARRAY_LEN(fmts);

	vkGetPhysicalDeviceSurfaceFormatsKHR(vk->gpu, vk->surface, &n, fmts);
	vk->format = fmts[0];
	for (uint32_t i = 0; i < n; i++) {
		if (fmts[i].format == VK_FORMAT_B8G8R8A8_UNORM &&
		    fmts[i].colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR)
			vk->format = fmts[i];
	}
}

/* The requested mode when the surface has it, else FIFO (always supported), said once. */
static VkPresentModeKHR usable_mode(struct demo_vk *vk)
{
	VkPresentModeKHR modes[16];
	uint32_t n = ARRAY_LEN(modes);

	vkGetPhysicalDeviceSurfacePresentModesKHR(vk->gpu, vk->surface, &n, modes);
	for (uint32_t i = 0; i < n; i++)
		if (modes[i] == vk->present_mode)
			return vk->present_mode;
	fprintf(stderr, "mvgal-demo: present mode %s not supported here, using fifo\n",
		demo_present_mode_name(vk->present_mode));
	vk->present_mode = VK_PRESENT_MODE_FIFO_KHR;
	return vk->present_mode;
}

static int create_views(struct demo_vk *vk)
{
	VkResult r;

	for (uint32_t i = 0; i < vk->image_count; i++) {
		VkImageViewCreateInfo vci = {
			.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
			.image = vk->images[i],
			.viewType = VK_IMAGE_VIEW_TYPE_2D,
			.format = vk->format.format,
			.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
		};
		VkFramebufferCreateInfo fci = {
			.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO,
			.renderPass = vk->render_pass,
			.attachmentCount = 1,
			.pAttachments = &vk->views[i],
			.width = vk->extent.width,
			.height = vk->extent.height,
			.layers = 1,
		};
		VkSemaphoreCreateInfo sci = { .sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO };

		r = vkCreateImageView(vk->device, &vci, NULL, &vk->views[i]);
		if (r != VK_SUCCESS)
			return demo_vk_fail(vk, "vkCreateImageView", r);
		r = vkCreateFramebuffer(vk->device, &fci, NULL, &vk->framebuffers[i]);
		if (r != VK_SUCCESS)
			return demo_vk_fail(vk, "vkCreateFramebuffer", r);
		r = vkCreateSemaphore(vk->device, &sci, NULL, &vk->render_done[i]);
		if (r != VK_SUCCESS)
			return demo_vk_fail(vk, "vkCreateSemaphore", r);
	}
	return 0;
}

int demo_swapchain_create(struct demo_vk *vk, SDL_Window *window)
{
	VkSurfaceCapabilitiesKHR caps;
	uint32_t count;
	int w, h;
	VkResult r;

	r = vkGetPhysicalDeviceSurfaceCapabilitiesKHR(vk->gpu, vk->surface, &caps);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR", r);
	SDL_Vulkan_GetDrawableSize(window, &w, &h);
	vk->extent = caps.currentExtent;
	if (caps.currentExtent.width == UINT32_MAX) {
		vk->extent.width = (uint32_t)w;
		vk->extent.height = (uint32_t)h;
	}
	count = caps.minImageCount + 1;
	if (caps.maxImageCount && count > caps.maxImageCount)
		count = caps.maxImageCount;
	VkSwapchainCreateInfoKHR ci = {
		.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR,
		.surface = vk->surface,
		.minImageCount = count,
		.imageFormat = vk->format.format,
		.imageColorSpace = vk->format.colorSpace,
		.imageExtent = vk->extent,
		.imageArrayLayers = 1,
		.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT,
		.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE,
		.preTransform = caps.currentTransform,
		.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR,
		.presentMode = usable_mode(vk),
		.clipped = VK_TRUE,
	};
	r = vkCreateSwapchainKHR(vk->device, &ci, NULL, &vk->swapchain);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkCreateSwapchainKHR", r);
	count = DEMO_MAX_IMAGES;
	r = vkGetSwapchainImagesKHR(vk->device, vk->swapchain, &count, vk->images);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkGetSwapchainImagesKHR (more than 8 images?)", r);
	vk->image_count = count;
	return create_views(vk);
}

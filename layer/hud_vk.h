// SPDX-License-Identifier: MIT
/*
 * The HUD's Vulkan drawer (issue 29), private to hud_setup.c and hud_draw.c. What it draws comes
 * from ingame/hud.h (the shared, pure HUD core): the panel painted on the CPU as one image
 * (ingame/hud_image.c, as the OpenGL drawer does), copied where it changed by the CPU into a
 * linear, host-visible texture of the swapchain image's own and drawn as one rectangle, in a render pass on the swapchain image
 * being presented: load, never clear, initial and final layout PRESENT_SRC_KHR, drawn on the
 * present queue between the game's wait semaphores and the present.
 *
 * Threads: a struct layer_hud belongs to one swapchain; vkQueuePresentKHR's host-synchronisation
 * rules (the app synchronises pSwapchains[] and the queue) make it ours alone while we draw, as
 * the pacer relies on (layer.h). The device's struct layer_hud_device is written once, at
 * vkCreateDevice, and only read afterwards.
 */
#ifndef MVGAL_LAYER_HUD_VK_H
#define MVGAL_LAYER_HUD_VK_H

#include "ingame/hud.h"
#include "layer/layer.h"

/* The device functions the drawer calls, from the next link's vkGetDeviceProcAddr. */
#define LAYER_HUD_FNS(X)                                                                           \
	X(GetDeviceQueue)                                                                          \
	X(GetSwapchainImagesKHR)                                                                   \
	X(CreateRenderPass)                                                                        \
	X(DestroyRenderPass)                                                                       \
	X(CreateImageView)                                                                         \
	X(DestroyImageView)                                                                        \
	X(CreateFramebuffer)                                                                       \
	X(DestroyFramebuffer)                                                                      \
	X(CreateShaderModule)                                                                      \
	X(DestroyShaderModule)                                                                     \
	X(CreatePipelineLayout)                                                                    \
	X(DestroyPipelineLayout)                                                                   \
	X(CreateGraphicsPipelines)                                                                 \
	X(DestroyPipeline)                                                                         \
	X(CreateDescriptorSetLayout)                                                               \
	X(DestroyDescriptorSetLayout)                                                              \
	X(CreateDescriptorPool)                                                                    \
	X(DestroyDescriptorPool)                                                                   \
	X(AllocateDescriptorSets)                                                                  \
	X(UpdateDescriptorSets)                                                                    \
	X(CreateSampler)                                                                           \
	X(DestroySampler)                                                                          \
	X(CreateImage)                                                                             \
	X(DestroyImage)                                                                            \
	X(GetImageMemoryRequirements)                                                              \
	X(BindImageMemory)                                                                         \
	X(GetImageSubresourceLayout)                                                               \
	X(AllocateMemory)                                                                          \
	X(FreeMemory)                                                                              \
	X(MapMemory)                                                                               \
	X(UnmapMemory)                                                                             \
	X(CreateCommandPool)                                                                       \
	X(DestroyCommandPool)                                                                      \
	X(AllocateCommandBuffers)                                                                  \
	X(BeginCommandBuffer)                                                                      \
	X(EndCommandBuffer)                                                                        \
	X(ResetCommandBuffer)                                                                      \
	X(CmdBeginRenderPass)                                                                      \
	X(CmdEndRenderPass)                                                                        \
	X(CmdBindPipeline)                                                                         \
	X(CmdBindDescriptorSets)                                                                   \
	X(CmdPushConstants)                                                                        \
	X(CmdSetViewport)                                                                          \
	X(CmdSetScissor)                                                                           \
	X(CmdDraw)                                                                                 \
	X(CmdPipelineBarrier)                                                                      \
	X(CreateSemaphore)                                                                         \
	X(DestroySemaphore)                                                                        \
	X(CreateFence)                                                                             \
	X(DestroyFence)                                                                            \
	X(WaitForFences)                                                                           \
	X(ResetFences)                                                                             \
	X(QueueSubmit)

/* A queue the game created, with its family (asked at vkCreateDevice: no hook needed). */
struct layer_hud_queue {
	VkQueue handle;
	uint32_t family;
	bool has_graphics;
};

/* Per device, when MVGAL_HUD is on: written at vkCreateDevice, read-only afterwards. */
struct layer_hud_device {
#define LAYER_HUD_FN_FIELD(name) PFN_vk##name name;
	LAYER_HUD_FNS(LAYER_HUD_FN_FIELD)
#undef LAYER_HUD_FN_FIELD
	PFN_vkSetDeviceLoaderData set_loader_data; /* our command buffers are dispatchable */
	PFN_vkGetPhysicalDeviceFormatProperties GetPhysicalDeviceFormatProperties;
	VkPhysicalDeviceMemoryProperties memory;
	struct hud_config config;
	uint32_t n_queues;
	struct layer_hud_queue queues[]; /* n_queues */
};

/* Per swapchain image: what draws on it, and the panel's texture it samples (one per image, so
 * that writing it never waits for another image's draw), given by the CPU at each draw what
 * changed in the swapchain's image since its last (hud_image_copy_rects()). */
struct layer_hud_image {
	VkImage image;
	VkImageView view;
	VkFramebuffer framebuffer;
	VkImage panel;	 /* the panel, HUD_IMAGE_MAX_W x HUD_IMAGE_MAX_H, RGBA, linear, sampled */
	uint8_t *texels; /* panel's texel (0, 0), mapped; rows h->pitch bytes apart */
	VkImageView panel_view;
	VkDescriptorSet set;	      /* panel_view with the sampler */
	struct hud_image_copy copied; /* what panel holds of the swapchain's image (ingame/hud.h) */
	VkCommandBuffer cmd;	      /* allocated at the first present that draws; recorded
				       * again only when the panel moves or changes size */
	uint32_t recorded[6];	      /* the panel's x, y, w, h, image_w, image_h cmd draws */
	bool is_recorded;	      /* cmd holds the draw of `recorded`, no layout change */
	bool is_general;	      /* panel is in VK_IMAGE_LAYOUT_GENERAL (after cmd's first) */
	VkFence fence;		      /* signalled when cmd finished: panel may be rewritten */
	VkSemaphore done;	      /* our submit signals it, the present waits on it */
	bool is_pending;	      /* cmd was submitted with fence */
};

/* Per swapchain (hud_setup.c makes and frees it; hud_draw.c draws with it). */
struct layer_hud {
	struct layer_hud_device *dev;
	VkDevice device;
	struct hud *core;	      /* ingame/hud.h's state: hud_size() bytes */
	struct hud_vertex *scratch;   /* HUD_MAX_VERTICES: the quads hud_image_update() paints */
	uint8_t *image;		      /* the panel painted on the CPU (LAYER_HUD_IMAGE_BYTES) ... */
	struct hud_image_state state; /* ... and what it holds: one per swapchain */
	VkExtent2D extent;
	bool is_bgra; /* the panel's texture is B8G8R8A8 (hud_setup.c's panel_format()) */
	bool is_off;  /* our own error: the HUD is off for this swapchain (logged once) */
	VkRenderPass pass;
	VkDescriptorSetLayout set_layout;
	VkPipelineLayout layout;
	VkPipeline pipeline; /* the panel's texture, unblended (layer/hud.vert, hud.frag) */
	VkSampler sampler;
	VkDescriptorPool descriptor_pool;
	VkDeviceMemory panel_memory; /* every image's panel texture: host-visible, coherent, mapped
				      * for the swapchain's life */
	VkDeviceSize pitch;	     /* the bytes from a texture's row to the next */
	VkCommandPool pool;
	uint32_t family; /* the pool's queue family */
	uint32_t n_images;
	struct layer_hud_image images[]; /* n_images */
};

#define LAYER_HUD_IMAGE_BYTES ((VkDeviceSize)HUD_IMAGE_MAX_W * HUD_IMAGE_MAX_H * 4)

/* The push constants of layer/hud.vert. */
struct layer_hud_push {
	float uv[2]; /* the texture coordinates of the panel's bottom-right corner */
};

/* hud_pipeline.c: h->pass, h->sampler, h->set_layout, h->layout and h->pipeline for images of
 * `format`; the first failure's result (what was made is freed with h). */
VkResult layer_hud_make_pipeline(struct layer_hud *h, VkFormat format);

/* hud_setup.c: the first memory type of `bits` with all of `want`, UINT32_MAX when none. */
uint32_t layer_hud_memory_type(const struct layer_hud_device *dev, uint32_t bits,
			       VkMemoryPropertyFlags want);

#endif

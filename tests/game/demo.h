// SPDX-License-Identifier: MIT
// mvgal-demo: a small SDL2 + Vulkan program that draws something moving at a settable CPU and
// GPU cost per frame. main.c owns options and the frame loop; vk.c owns every Vulkan object.
#ifndef MVGAL_DEMO_H
#define MVGAL_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL2/SDL.h>
#include <vulkan/vulkan.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DEMO_MAX_IMAGES 8u
#define DEMO_FRAMES_IN_FLIGHT 2u

/* Mirrors the push-constant block in demo.vert / demo.frag. */
struct demo_push {
	float time_s;
	float aspect;
	uint32_t gpu_iters;
	uint32_t frame;
};

struct demo_vk {
	VkInstance instance;
	VkDebugUtilsMessengerEXT messenger;
	VkSurfaceKHR surface;
	VkPhysicalDevice gpu;
	VkPhysicalDeviceProperties gpu_props;
	uint32_t queue_family;
	VkDevice device;
	VkQueue queue;
	VkPresentModeKHR present_mode; /* what the swapchain was asked for */
	VkSurfaceFormatKHR format;
	VkExtent2D extent;
	VkSwapchainKHR swapchain;
	uint32_t image_count;
	VkImage images[DEMO_MAX_IMAGES];
	VkImageView views[DEMO_MAX_IMAGES];
	VkFramebuffer framebuffers[DEMO_MAX_IMAGES];
	VkSemaphore render_done[DEMO_MAX_IMAGES]; /* per image: reused only after re-acquire */
	VkRenderPass render_pass;
	VkPipelineLayout layout;
	VkPipeline pipeline;
	VkCommandPool pool;
	VkCommandBuffer cmd[DEMO_FRAMES_IN_FLIGHT];
	VkSemaphore image_ready[DEMO_FRAMES_IN_FLIGHT];
	VkFence in_flight[DEMO_FRAMES_IN_FLIGHT];
	uint32_t slot;		    /* frames-in-flight slot used next */
	unsigned validation_errors; /* counted by the debug messenger, if any */
	char err[200];		    /* the last failure, for one line on stderr */
};

/* Instance and the first GPU the loader (and any layer) lists; window may be NULL (--gpu-info). */
int demo_vk_init(struct demo_vk *vk, SDL_Window *window, VkPresentModeKHR mode);
/* Draws one frame and presents it. Returns 0, or -1 with vk->err set. */
int demo_vk_frame(struct demo_vk *vk, SDL_Window *window, const struct demo_push *push);
/* Waits for the GPU, destroys everything demo_vk_init made (safe on a partial init); keeps
 * validation_errors. */
void demo_vk_release(struct demo_vk *vk);
/* Sets vk->err to "<what> failed (VkResult r)"; returns -1. */
int demo_vk_fail(struct demo_vk *vk, const char *what, VkResult r);

/* swapchain.c: pick the surface format; create the swapchain (and its views, framebuffers and
 * render-done semaphores) for the window's size; destroy it all (safe when there is none). */
void demo_swapchain_choose_format(struct demo_vk *vk);
int demo_swapchain_create(struct demo_vk *vk, SDL_Window *window);
void demo_swapchain_destroy(struct demo_vk *vk);

/* "fifo", "mailbox", ... for a mode; "?" for others. */
const char *demo_present_mode_name(VkPresentModeKHR mode);
/* Parses a mode name; returns 0, or -1 for an unknown name. */
int demo_present_mode_parse(const char *s, VkPresentModeKHR *mode);

#endif

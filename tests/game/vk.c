// SPDX-License-Identifier: MIT
// The Vulkan objects of mvgal-demo but the swapchain (swapchain.c): instance, surface, device,
// render pass, the one graphics pipeline, command buffers and synchronisation (two frames in
// flight), and drawing a frame.
#include <stdio.h>
#include <string.h>

#include <SDL2/SDL_vulkan.h>

#include "demo.frag.spv.h"
#include "demo.vert.spv.h"
#include "tests/game/demo.h"

int demo_vk_fail(struct demo_vk *vk, const char *what, VkResult r)
{
	snprintf(vk->err, sizeof(vk->err), "%s failed (VkResult %d)", what, (int)r);
	return -1;
}

/* Validation messages go to stderr as they come; errors are also counted so main() can fail. */
static VKAPI_ATTR VkBool32 VKAPI_CALL on_debug(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
					       VkDebugUtilsMessageTypeFlagsEXT type,
					       const VkDebugUtilsMessengerCallbackDataEXT *data,
					       void *user)
{
	struct demo_vk *vk = user;

	(void)type;
	if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
		vk->validation_errors++;
	fprintf(stderr, "mvgal-demo: vulkan: %s\n", data->pMessage);
	return VK_FALSE;
}

static bool has_instance_ext(const char *name)
{
	VkExtensionProperties props[128];
	uint32_t n = ARRAY_LEN(props);

	if (vkEnumerateInstanceExtensionProperties(NULL, &n, props) < 0)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(props[i].extensionName, name))
			return true;
	return false;
}

static int create_instance(struct demo_vk *vk, SDL_Window *window)
{
	const char *exts[16];
	unsigned n = ARRAY_LEN(exts) - 1;
	bool has_debug;
	VkResult r;

	if (window) {
		if (!SDL_Vulkan_GetInstanceExtensions(window, &n, exts)) {
			snprintf(vk->err, sizeof(vk->err), "SDL_Vulkan_GetInstanceExtensions: %s",
				 SDL_GetError());
			return -1;
		}
	} else {
		n = 0;
	}
	has_debug = has_instance_ext(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
	if (has_debug)
		exts[n++] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
	VkApplicationInfo app = {
		.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
		.pApplicationName = "mvgal-demo",
		.applicationVersion = 1,
		.pEngineName = "mvgal-demo",
		.apiVersion = VK_API_VERSION_1_0,
	};
	VkDebugUtilsMessengerCreateInfoEXT dbg = {
		.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
		.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
				   VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
		.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
			       VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT,
		.pfnUserCallback = on_debug,
		.pUserData = vk,
	};
	VkInstanceCreateInfo ci = {
		.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
		.pNext = has_debug ? &dbg : NULL,
		.pApplicationInfo = &app,
		.enabledExtensionCount = n,
		.ppEnabledExtensionNames = exts,
	};
	r = vkCreateInstance(&ci, NULL, &vk->instance);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkCreateInstance", r);
	if (has_debug) {
		PFN_vkCreateDebugUtilsMessengerEXT create =
			(PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(
				vk->instance, "vkCreateDebugUtilsMessengerEXT");
		if (create && create(vk->instance, &dbg, NULL, &vk->messenger) != VK_SUCCESS)
			vk->messenger = VK_NULL_HANDLE;
	}
	return 0;
}

/* The first GPU, in the order the loader (and so the mvgal layer) lists them, that can draw and,
 * with a window, present to it: the game takes what it is given, like most games do. */
static int pick_gpu(struct demo_vk *vk)
{
	VkPhysicalDevice gpus[16];
	uint32_t n = ARRAY_LEN(gpus);
	VkResult r = vkEnumeratePhysicalDevices(vk->instance, &n, gpus);

	if (r < 0)
		return demo_vk_fail(vk, "vkEnumeratePhysicalDevices", r);
	for (uint32_t i = 0; i < n; i++) {
		VkQueueFamilyProperties qf[16];
		uint32_t nq = ARRAY_LEN(qf);

		vkGetPhysicalDeviceQueueFamilyProperties(gpus[i], &nq, qf);
		for (uint32_t q = 0; q < nq; q++) {
			VkBool32 can_present = VK_TRUE;

			if (!(qf[q].queueFlags & VK_QUEUE_GRAPHICS_BIT))
				continue;
			if (vk->surface)
				vkGetPhysicalDeviceSurfaceSupportKHR(gpus[i], q, vk->surface,
								     &can_present);
			if (!can_present)
				continue;
			vk->gpu = gpus[i];
			vk->queue_family = q;
			vkGetPhysicalDeviceProperties(gpus[i], &vk->gpu_props);
			return 0;
		}
	}
	snprintf(vk->err, sizeof(vk->err), "no GPU with a graphics queue%s (of %u listed)",
		 vk->surface ? " that can present to the window" : "", n);
	return -1;
}

static int create_device(struct demo_vk *vk)
{
	const char *exts[] = { VK_KHR_SWAPCHAIN_EXTENSION_NAME };
	float prio = 1.0f;
	VkDeviceQueueCreateInfo qci = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
		.queueFamilyIndex = vk->queue_family,
		.queueCount = 1,
		.pQueuePriorities = &prio,
	};
	VkDeviceCreateInfo ci = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
		.queueCreateInfoCount = 1,
		.pQueueCreateInfos = &qci,
		.enabledExtensionCount = vk->surface ? 1 : 0,
		.ppEnabledExtensionNames = exts,
	};
	VkResult r = vkCreateDevice(vk->gpu, &ci, NULL, &vk->device);

	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkCreateDevice", r);
	vkGetDeviceQueue(vk->device, vk->queue_family, 0, &vk->queue);
	return 0;
}

static int create_render_pass(struct demo_vk *vk)
{
	VkAttachmentDescription color = {
		.format = vk->format.format,
		.samples = VK_SAMPLE_COUNT_1_BIT,
		.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
		.storeOp = VK_ATTACHMENT_STORE_OP_STORE,
		.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
		.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
		.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
		.finalLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
	};
	VkAttachmentReference ref = { 0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL };
	VkSubpassDescription sub = {
		.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS,
		.colorAttachmentCount = 1,
		.pColorAttachments = &ref,
	};
	/* the image may still be read by the presentation engine until image_ready signals */
	VkSubpassDependency dep = {
		.srcSubpass = VK_SUBPASS_EXTERNAL,
		.dstSubpass = 0,
		.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
		.dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
		.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
	};
	VkRenderPassCreateInfo ci = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &color,
		.subpassCount = 1,
		.pSubpasses = &sub,
		.dependencyCount = 1,
		.pDependencies = &dep,
	};
	VkResult r = vkCreateRenderPass(vk->device, &ci, NULL, &vk->render_pass);

	return r == VK_SUCCESS ? 0 : demo_vk_fail(vk, "vkCreateRenderPass", r);
}

static VkShaderModule make_shader(struct demo_vk *vk, const uint32_t *code, size_t size)
{
	VkShaderModuleCreateInfo ci = {
		.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
		.codeSize = size,
		.pCode = code,
	};
	VkShaderModule m = VK_NULL_HANDLE;
	VkResult r = vkCreateShaderModule(vk->device, &ci, NULL, &m);

	if (r != VK_SUCCESS)
		demo_vk_fail(vk, "vkCreateShaderModule", r);
	return m;
}

static int create_pipeline(struct demo_vk *vk)
{
	VkPushConstantRange range = { VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
				      sizeof(struct demo_push) };
	VkPipelineLayoutCreateInfo lci = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
		.pushConstantRangeCount = 1,
		.pPushConstantRanges = &range,
	};
	VkShaderModule vert, frag;
	VkResult r;
	int rc = -1;

	r = vkCreatePipelineLayout(vk->device, &lci, NULL, &vk->layout);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkCreatePipelineLayout", r);
	vert = make_shader(vk, demo_vert_spv, sizeof(demo_vert_spv));
	frag = make_shader(vk, demo_frag_spv, sizeof(demo_frag_spv));
	if (!vert || !frag)
		goto out;
	VkPipelineShaderStageCreateInfo stages[] = {
		{ .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
		  .stage = VK_SHADER_STAGE_VERTEX_BIT,
		  .module = vert,
		  .pName = "main" },
		{ .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
		  .stage = VK_SHADER_STAGE_FRAGMENT_BIT,
		  .module = frag,
		  .pName = "main" },
	};
	VkPipelineVertexInputStateCreateInfo vin = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO,
	};
	VkPipelineInputAssemblyStateCreateInfo ia = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
		.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST,
	};
	VkPipelineViewportStateCreateInfo vp = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO,
		.viewportCount = 1,
		.scissorCount = 1,
	};
	VkPipelineRasterizationStateCreateInfo rs = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
		.polygonMode = VK_POLYGON_MODE_FILL,
		.cullMode = VK_CULL_MODE_NONE,
		.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE,
		.lineWidth = 1.0f,
	};
	VkPipelineMultisampleStateCreateInfo ms = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO,
		.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT,
	};
	VkPipelineColorBlendAttachmentState blend = {
		.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
				  VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT,
	};
	VkPipelineColorBlendStateCreateInfo cb = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &blend,
	};
	VkDynamicState dyn_states[] = { VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR };
	VkPipelineDynamicStateCreateInfo dyn = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO,
		.dynamicStateCount = ARRAY_LEN(dyn_states),
		.pDynamicStates = dyn_states,
	};
	VkGraphicsPipelineCreateInfo ci = {
		.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
		.stageCount = ARRAY_LEN(stages),
		.pStages = stages,
		.pVertexInputState = &vin,
		.pInputAssemblyState = &ia,
		.pViewportState = &vp,
		.pRasterizationState = &rs,
		.pMultisampleState = &ms,
		.pColorBlendState = &cb,
		.pDynamicState = &dyn,
		.layout = vk->layout,
		.renderPass = vk->render_pass,
	};
	r = vkCreateGraphicsPipelines(vk->device, VK_NULL_HANDLE, 1, &ci, NULL, &vk->pipeline);
	if (r != VK_SUCCESS) {
		demo_vk_fail(vk, "vkCreateGraphicsPipelines", r);
		goto out;
	}
	rc = 0;
out:
	vkDestroyShaderModule(vk->device, frag, NULL);
	vkDestroyShaderModule(vk->device, vert, NULL);
	return rc;
}

static int create_frames(struct demo_vk *vk)
{
	VkCommandPoolCreateInfo pci = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
		.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
		.queueFamilyIndex = vk->queue_family,
	};
	VkResult r = vkCreateCommandPool(vk->device, &pci, NULL, &vk->pool);

	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkCreateCommandPool", r);
	VkCommandBufferAllocateInfo ai = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
		.commandPool = vk->pool,
		.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
		.commandBufferCount = DEMO_FRAMES_IN_FLIGHT,
	};
	r = vkAllocateCommandBuffers(vk->device, &ai, vk->cmd);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkAllocateCommandBuffers", r);
	for (uint32_t i = 0; i < DEMO_FRAMES_IN_FLIGHT; i++) {
		VkSemaphoreCreateInfo sci = { .sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO };
		VkFenceCreateInfo fci = {
			.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO,
			.flags = VK_FENCE_CREATE_SIGNALED_BIT,
		};
		r = vkCreateSemaphore(vk->device, &sci, NULL, &vk->image_ready[i]);
		if (r != VK_SUCCESS)
			return demo_vk_fail(vk, "vkCreateSemaphore", r);
		r = vkCreateFence(vk->device, &fci, NULL, &vk->in_flight[i]);
		if (r != VK_SUCCESS)
			return demo_vk_fail(vk, "vkCreateFence", r);
	}
	return 0;
}

int demo_vk_init(struct demo_vk *vk, SDL_Window *window, VkPresentModeKHR mode)
{
	memset(vk, 0, sizeof(*vk));
	vk->present_mode = mode;
	if (create_instance(vk, window))
		return -1;
	if (window && !SDL_Vulkan_CreateSurface(window, vk->instance, &vk->surface)) {
		snprintf(vk->err, sizeof(vk->err), "SDL_Vulkan_CreateSurface: %s", SDL_GetError());
		return -1;
	}
	if (pick_gpu(vk) || create_device(vk))
		return -1;
	if (!window)
		return 0;
	demo_swapchain_choose_format(vk);
	if (create_render_pass(vk) || demo_swapchain_create(vk, window) || create_pipeline(vk) ||
	    create_frames(vk))
		return -1;
	return 0;
}

static int recreate_swapchain(struct demo_vk *vk, SDL_Window *window)
{
	vkDeviceWaitIdle(vk->device);
	demo_swapchain_destroy(vk);
	return demo_swapchain_create(vk, window);
}

static int record(struct demo_vk *vk, VkCommandBuffer cmd, uint32_t image,
		  const struct demo_push *push)
{
	VkCommandBufferBeginInfo bi = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
		.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
	};
	float t = push->time_s;
	VkClearValue clear = { .color = { { 0.05f + 0.05f * SDL_sinf(t), 0.06f, 0.12f, 1.0f } } };
	VkRenderPassBeginInfo rbi = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
		.renderPass = vk->render_pass,
		.framebuffer = vk->framebuffers[image],
		.renderArea = { { 0, 0 }, vk->extent },
		.clearValueCount = 1,
		.pClearValues = &clear,
	};
	VkViewport viewport = { 0, 0, (float)vk->extent.width, (float)vk->extent.height, 0, 1 };
	VkRect2D scissor = { { 0, 0 }, vk->extent };
	VkResult r = vkBeginCommandBuffer(cmd, &bi);

	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkBeginCommandBuffer", r);
	vkCmdBeginRenderPass(cmd, &rbi, VK_SUBPASS_CONTENTS_INLINE);
	vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, vk->pipeline);
	vkCmdSetViewport(cmd, 0, 1, &viewport);
	vkCmdSetScissor(cmd, 0, 1, &scissor);
	vkCmdPushConstants(cmd, vk->layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT,
			   0, sizeof(*push), push);
	vkCmdDraw(cmd, 3, 12, 0, 0);
	vkCmdEndRenderPass(cmd);
	r = vkEndCommandBuffer(cmd);
	return r == VK_SUCCESS ? 0 : demo_vk_fail(vk, "vkEndCommandBuffer", r);
}

int demo_vk_frame(struct demo_vk *vk, SDL_Window *window, const struct demo_push *push)
{
	uint32_t s = vk->slot, image;
	VkPipelineStageFlags wait_stage = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
	VkResult r;

	vkWaitForFences(vk->device, 1, &vk->in_flight[s], VK_TRUE, UINT64_MAX);
	r = vkAcquireNextImageKHR(vk->device, vk->swapchain, UINT64_MAX, vk->image_ready[s],
				  VK_NULL_HANDLE, &image);
	if (r == VK_ERROR_OUT_OF_DATE_KHR)
		return recreate_swapchain(vk, window); /* skip this frame; the next one draws */
	if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR)
		return demo_vk_fail(vk, "vkAcquireNextImageKHR", r);
	vkResetFences(vk->device, 1, &vk->in_flight[s]);
	vkResetCommandBuffer(vk->cmd[s], 0);
	if (record(vk, vk->cmd[s], image, push))
		return -1;
	VkSubmitInfo si = {
		.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
		.waitSemaphoreCount = 1,
		.pWaitSemaphores = &vk->image_ready[s],
		.pWaitDstStageMask = &wait_stage,
		.commandBufferCount = 1,
		.pCommandBuffers = &vk->cmd[s],
		.signalSemaphoreCount = 1,
		.pSignalSemaphores = &vk->render_done[image],
	};
	r = vkQueueSubmit(vk->queue, 1, &si, vk->in_flight[s]);
	if (r != VK_SUCCESS)
		return demo_vk_fail(vk, "vkQueueSubmit", r);
	VkPresentInfoKHR pi = {
		.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR,
		.waitSemaphoreCount = 1,
		.pWaitSemaphores = &vk->render_done[image],
		.swapchainCount = 1,
		.pSwapchains = &vk->swapchain,
		.pImageIndices = &image,
	};
	r = vkQueuePresentKHR(vk->queue, &pi);
	vk->slot = (s + 1) % DEMO_FRAMES_IN_FLIGHT;
	if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR)
		return recreate_swapchain(vk, window);
	return r == VK_SUCCESS ? 0 : demo_vk_fail(vk, "vkQueuePresentKHR", r);
}

void demo_vk_release(struct demo_vk *vk)
{
	unsigned errors;

	if (vk->device) {
		vkDeviceWaitIdle(vk->device);
		for (uint32_t i = 0; i < DEMO_FRAMES_IN_FLIGHT; i++) {
			vkDestroyFence(vk->device, vk->in_flight[i], NULL);
			vkDestroySemaphore(vk->device, vk->image_ready[i], NULL);
		}
		vkDestroyCommandPool(vk->device, vk->pool, NULL);
		vkDestroyPipeline(vk->device, vk->pipeline, NULL);
		vkDestroyPipelineLayout(vk->device, vk->layout, NULL);
		demo_swapchain_destroy(vk);
		vkDestroyRenderPass(vk->device, vk->render_pass, NULL);
		vkDestroyDevice(vk->device, NULL);
	}
	if (vk->instance) {
		if (vk->surface)
			vkDestroySurfaceKHR(vk->instance, vk->surface, NULL);
		if (vk->messenger) {
			PFN_vkDestroyDebugUtilsMessengerEXT destroy =
				(PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(
					vk->instance, "vkDestroyDebugUtilsMessengerEXT");
			if (destroy)
				destroy(vk->instance, vk->messenger, NULL);
		}
		vkDestroyInstance(vk->instance, NULL);
	}
	errors = vk->validation_errors; /* counted up to vkDestroyInstance: main() reads them */
	memset(vk, 0, sizeof(*vk));
	vk->validation_errors = errors;
}

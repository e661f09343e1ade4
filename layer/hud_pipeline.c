// SPDX-License-Identifier: MIT
// The HUD's render pass and pipeline for one swapchain's format (issue 29): load and store the
// game's image, never clear it; the panel's opaque texture written over it without blending, its
// alpha kept (ingame/hud.h); the SPIR-V of layer/hud.vert and layer/hud.frag, built by
// glslangValidator.
#include "layer/hud_vk.h"

/* SPIR-V built from layer/hud.vert and layer/hud.frag by glslangValidator (Makefile) */
#include "layer/hud.frag.spv.h"
#include "layer/hud.vert.spv.h"

/* Load and store, never clear; the image arrives and leaves as the presentation engine has it. */
static VkResult make_render_pass(struct layer_hud *h, VkFormat format)
{
	const VkAttachmentDescription color = {
		.format = format,
		.samples = VK_SAMPLE_COUNT_1_BIT,
		.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,
		.storeOp = VK_ATTACHMENT_STORE_OP_STORE,
		.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
		.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
		.initialLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
		.finalLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
	};
	const VkAttachmentReference ref = { 0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL };
	const VkSubpassDescription subpass = {
		.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS,
		.colorAttachmentCount = 1,
		.pColorAttachments = &ref,
	};
	/* in: after the game's writes, which our submit waits for at this stage (its semaphores)
	 * or which came before on this queue; out: the semaphore we signal covers the rest */
	const VkSubpassDependency deps[2] = {
		{ .srcSubpass = VK_SUBPASS_EXTERNAL,
		  .dstSubpass = 0,
		  .srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
		  .dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
		  .srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
		  .dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_READ_BIT |
				   VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT },
		{ .srcSubpass = 0,
		  .dstSubpass = VK_SUBPASS_EXTERNAL,
		  .srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
		  .dstStageMask = VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
		  .srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
		  .dstAccessMask = 0 },
	};
	const VkRenderPassCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &color,
		.subpassCount = 1,
		.pSubpasses = &subpass,
		.dependencyCount = 2,
		.pDependencies = deps,
	};

	return h->dev->CreateRenderPass(h->device, &info, NULL, &h->pass);
}

/* The panel's sampler (nearest: texel for pixel, or scale x scale pixels a texel), descriptor set
 * layout and pipeline layout (push constants: the panel's rectangle). */
static VkResult make_layouts(struct layer_hud *h)
{
	const VkSamplerCreateInfo sampler = {
		.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
		.magFilter = VK_FILTER_NEAREST,
		.minFilter = VK_FILTER_NEAREST,
		.mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST,
		.addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
		.addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
		.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
	};
	VkDescriptorSetLayoutBinding binding = {
		.binding = 0,
		.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
		.descriptorCount = 1,
		.stageFlags = VK_SHADER_STAGE_FRAGMENT_BIT,
	};
	const VkDescriptorSetLayoutCreateInfo set = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
		.bindingCount = 1,
		.pBindings = &binding,
	};
	const VkPushConstantRange push = { VK_SHADER_STAGE_VERTEX_BIT, 0,
					   sizeof(struct layer_hud_push) };
	VkPipelineLayoutCreateInfo layout = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
		.setLayoutCount = 1,
		.pushConstantRangeCount = 1,
		.pPushConstantRanges = &push,
	};
	VkResult res;

	res = h->dev->CreateSampler(h->device, &sampler, NULL, &h->sampler);
	if (res == VK_SUCCESS)
		binding.pImmutableSamplers = &h->sampler;
	if (res == VK_SUCCESS)
		res = h->dev->CreateDescriptorSetLayout(h->device, &set, NULL, &h->set_layout);
	layout.pSetLayouts = &h->set_layout;
	if (res == VK_SUCCESS)
		res = h->dev->CreatePipelineLayout(h->device, &layout, NULL, &h->layout);
	return res;
}

static VkResult make_shader(struct layer_hud *h, const uint32_t *code, size_t size,
			    VkShaderModule *out)
{
	const VkShaderModuleCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
		.codeSize = size,
		.pCode = code,
	};

	return h->dev->CreateShaderModule(h->device, &info, NULL, out);
}

/* no vertex buffer: hud.vert makes the four corners */
static const VkPipelineVertexInputStateCreateInfo vertex_input = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO,
};
static const VkPipelineInputAssemblyStateCreateInfo input_assembly = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
	.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST,
};
static const VkPipelineViewportStateCreateInfo viewport = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO,
	.viewportCount = 1,
	.scissorCount = 1,
};
static const VkPipelineRasterizationStateCreateInfo raster = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
	.polygonMode = VK_POLYGON_MODE_FILL,
	.cullMode = VK_CULL_MODE_NONE,
	.frontFace = VK_FRONT_FACE_CLOCKWISE,
	.lineWidth = 1.0f,
};
static const VkPipelineMultisampleStateCreateInfo multisample = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO,
	.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT,
};
/* the panel is opaque (ingame/hud.h): written whole, its alpha (255) too, not blended; on
 * lavapipe blending was a third of the HUD's cost, and llvmpipe's fast paths (an opaque shader
 * that never reads the image, its blit of texels to pixels) want every channel written (issue 29) */
static const VkPipelineColorBlendAttachmentState opaque_attachment = {
	.blendEnable = VK_FALSE,
	.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
			  VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT,
};
static const VkDynamicState dynamic_states[2] = { VK_DYNAMIC_STATE_VIEWPORT,
						  VK_DYNAMIC_STATE_SCISSOR };
static const VkPipelineDynamicStateCreateInfo dynamic = {
	.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO,
	.dynamicStateCount = 2,
	.pDynamicStates = dynamic_states,
};

/* The pipeline of hud.vert and hud.frag. */
static VkResult make_pipeline(struct layer_hud *h)
{
	const VkPipelineColorBlendStateCreateInfo blend = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &opaque_attachment,
	};
	VkShaderModule vert = VK_NULL_HANDLE, frag = VK_NULL_HANDLE;
	VkPipelineShaderStageCreateInfo stages[2] = {
		{ .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
		  .stage = VK_SHADER_STAGE_VERTEX_BIT,
		  .pName = "main" },
		{ .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
		  .stage = VK_SHADER_STAGE_FRAGMENT_BIT,
		  .pName = "main" },
	};
	VkGraphicsPipelineCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
		.stageCount = 2,
		.pStages = stages,
		.pVertexInputState = &vertex_input,
		.pInputAssemblyState = &input_assembly,
		.pViewportState = &viewport,
		.pRasterizationState = &raster,
		.pMultisampleState = &multisample,
		.pColorBlendState = &blend,
		.pDynamicState = &dynamic,
		.layout = h->layout,
		.renderPass = h->pass,
	};
	VkResult res;

	res = make_shader(h, hud_vert_spv, sizeof(hud_vert_spv), &vert);
	if (res == VK_SUCCESS)
		res = make_shader(h, hud_frag_spv, sizeof(hud_frag_spv), &frag);
	stages[0].module = vert;
	stages[1].module = frag;
	if (res == VK_SUCCESS)
		res = h->dev->CreateGraphicsPipelines(h->device, VK_NULL_HANDLE, 1, &info, NULL,
						      &h->pipeline);
	h->dev->DestroyShaderModule(h->device, frag, NULL);
	h->dev->DestroyShaderModule(h->device, vert, NULL);
	return res;
}

VkResult layer_hud_make_pipeline(struct layer_hud *h, VkFormat format)
{
	VkResult res = make_render_pass(h, format);

	if (res == VK_SUCCESS)
		res = make_layouts(h);
	if (res == VK_SUCCESS)
		res = make_pipeline(h);
	return res;
}

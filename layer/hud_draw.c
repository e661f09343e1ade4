// SPDX-License-Identifier: MIT
// The HUD's Vulkan drawer at vkQueuePresentKHR (issue 29): what changed of the panel (its
// graph's new column every frame, a text line when its text did: ingame/hud_image.c, as the
// OpenGL drawer) is painted into the swapchain's one CPU image; what the swapchain image's own
// texture lacks of it (the graph, its ring put back in age order, and the lines that changed) is
// written by the CPU into that linear, mapped texture, and the image's command buffer (the panel
// as one rectangle, recorded again only when the panel moves or changes size) is submitted on the
// present queue, waiting on the game's semaphores and signalling ours, which the present then
// waits on. No allocation, no lock held while calling down, no wait but on our own fence of this
// image's previous draw.
#include <string.h>

#include "layer/hud_vk.h"

/* How long a present waits for the previous draw on the same image (done long before, in
 * practice: the image was presented and acquired again since) before it goes without the HUD. */
#define LAYER_HUD_FENCE_WAIT_NS 50000000ull
/* The game's wait semaphores our submit can take over (more: that frame has no HUD). */
#define LAYER_HUD_MAX_WAITS 16u

static const struct layer_hud_queue *find_queue(const struct layer_hud_device *dev, VkQueue q)
{
	for (uint32_t i = 0; i < dev->n_queues; i++)
		if (dev->queues[i].handle == q)
			return &dev->queues[i];
	return NULL;
}

/* The command pool and buffers, on the family of the first queue the HUD is drawn from. The
 * image at present belongs to the presenting queue's family (the game transferred it there if it
 * was exclusive to another): drawing on that queue needs no ownership transfer of ours. */
static bool has_pool(struct layer_hud *h, const struct layer_hud_queue *q)
{
	const VkCommandPoolCreateInfo pool = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
		.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
		.queueFamilyIndex = q->family,
	};
	VkCommandBufferAllocateInfo alloc = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
		.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
		.commandBufferCount = 1,
	};
	VkResult res;

	if (h->pool && h->family != q->family)
		ingame_log(LOG_HUD_QUEUE,
			   "HUD: presents from queue families %u and %u: the HUD is "
			   "drawn from %u only",
			   h->family, q->family, h->family);
	if (h->pool)
		return h->family == q->family;
	res = h->dev->CreateCommandPool(h->device, &pool, NULL, &h->pool);
	alloc.commandPool = h->pool;
	for (uint32_t i = 0; i < h->n_images && res == VK_SUCCESS; i++) {
		res = h->dev->AllocateCommandBuffers(h->device, &alloc, &h->images[i].cmd);
		/* a dispatchable handle made by a layer carries the loader's dispatch pointer */
		if (res == VK_SUCCESS)
			res = h->dev->set_loader_data(h->device, h->images[i].cmd);
	}
	h->family = q->family;
	if (res != VK_SUCCESS) {
		ingame_log(LOG_HUD, "HUD: no command buffers (VkResult %d); no HUD", (int)res);
		h->is_off = true;
		return false;
	}
	return true;
}

/* Before image im's first draw: its texture, written by the CPU since it was made, from
 * PREINITIALIZED (which keeps texels) to GENERAL, where it stays: sampled there, and written by the
 * CPU only after its draw's fence (every submit makes the host's writes before it visible). */
static void record_first_use(const struct layer_hud *h, const struct layer_hud_image *im)
{
	const VkImageMemoryBarrier barrier = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
		.srcAccessMask = VK_ACCESS_HOST_WRITE_BIT,
		.dstAccessMask = VK_ACCESS_SHADER_READ_BIT,
		.oldLayout = VK_IMAGE_LAYOUT_PREINITIALIZED,
		.newLayout = VK_IMAGE_LAYOUT_GENERAL,
		.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.image = im->panel,
		.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
	};

	h->dev->CmdPipelineBarrier(im->cmd, VK_PIPELINE_STAGE_HOST_BIT,
				   VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, 0, 0, NULL, 0, NULL, 1,
				   &barrier);
}

/* The panel's rectangle within the image: the render pass's area. */
static VkRect2D panel_area(const struct layer_hud *h, const struct hud_panel *p)
{
	VkRect2D r = { { 0, 0 }, { 0, 0 } };

	if (p->x >= h->extent.width || p->y >= h->extent.height)
		return r;
	r.offset.x = (int32_t)p->x;
	r.offset.y = (int32_t)p->y;
	r.extent.width = p->w < h->extent.width - p->x ? p->w : h->extent.width - p->x;
	r.extent.height = p->h < h->extent.height - p->y ? p->h : h->extent.height - p->y;
	return r;
}

/* The draw on image `index` of the panel p from its texture; the render pass and the scissor
 * cover the panel only (a driver may then leave the rest of the image alone). Nothing in it
 * changes from frame to frame: it is submitted again as it is while the panel stays put. */
static VkResult record(const struct layer_hud *h, uint32_t index, const struct hud_panel *p)
{
	const VkRect2D area = panel_area(h, p);
	const struct layer_hud_device *d = h->dev;
	const struct layer_hud_image *im = &h->images[index];
	const VkCommandBufferBeginInfo begin = { .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO };
	const VkRenderPassBeginInfo pass = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
		.renderPass = h->pass,
		.framebuffer = im->framebuffer,
		.renderArea = area,
	};
	/* the panel's rectangle, which may reach past the image (the scissor clips it) */
	const VkViewport viewport = { (float)p->x, (float)p->y, (float)p->w, (float)p->h, 0, 1 };
	/* a hair more than a texel a pixel: llvmpipe's linear path truncates its texel step to 16.16
	 * fixed point and copies rows of texels only when it is exactly one (lp_linear_sampler.c's
	 * fetch_bgra_memcpy); a step computed a hair less would be 0xffff and fetched texel by texel.
	 * 2^-20 of the image's width is far below a texel (512 texels: 1/2048 of one). */
	const float step = 1.0f + 1.0f / (1 << 20);
	const struct layer_hud_push push = {
		{ step * (float)p->image_w / HUD_IMAGE_MAX_W,
		  step * (float)p->image_h / HUD_IMAGE_MAX_H },
	};
	VkCommandBuffer cmd = im->cmd;
	VkResult res;

	res = d->ResetCommandBuffer(cmd, 0);
	if (res == VK_SUCCESS)
		res = d->BeginCommandBuffer(cmd, &begin);
	if (res != VK_SUCCESS)
		return res;
	if (!im->is_general)
		record_first_use(h, im);
	d->CmdBeginRenderPass(cmd, &pass, VK_SUBPASS_CONTENTS_INLINE);
	d->CmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, h->pipeline);
	d->CmdSetViewport(cmd, 0, 1, &viewport);
	d->CmdSetScissor(cmd, 0, 1, &area);
	d->CmdPushConstants(cmd, h->layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(push), &push);
	d->CmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, h->layout, 0, 1, &im->set, 0,
				 NULL);
	d->CmdDraw(cmd, 6, 1, 0, 0);
	d->CmdEndRenderPass(cmd);
	return d->EndCommandBuffer(cmd);
}

/* Whether image `index` is free for a new draw: its previous one finished (fence reset then). */
static bool is_image_free(struct layer_hud *h, struct layer_hud_image *im)
{
	if (!im->is_pending)
		return true;
	if (h->dev->WaitForFences(h->device, 1, &im->fence, VK_TRUE, LAYER_HUD_FENCE_WAIT_NS) !=
	    VK_SUCCESS)
		return false;
	if (h->dev->ResetFences(h->device, 1, &im->fence) != VK_SUCCESS)
		return false;
	im->is_pending = false;
	return true;
}

/* The swapchain's CPU image brought up to date (hud_image_update()), and what image im's texture
 * lacks of it (hud_image_copy_rects(): the graph whole, in age order, and the text lines that
 * changed since its last draw) written into it by the CPU (free: its previous draw finished). */
static void stage(struct layer_hud *h, struct layer_hud_image *im, const struct hud_panel *p)
{
	struct hud_image_rect painted[HUD_IMAGE_CHANGES], r[HUD_IMAGE_COPY_RECTS];
	size_t n;

	hud_image_update(h->core, p, &h->state, h->is_bgra, h->image, h->scratch, painted);
	n = hud_image_copy_rects(&h->state, &im->copied, r);
	for (size_t i = 0; i < n; i++)
		hud_image_copy_rect(im->texels + r[i].y0 * h->pitch + (size_t)r[i].at_x * 4,
				    (size_t)h->pitch, h->image, p->image_w, &r[i]);
}

/* Image `index`'s command buffer made to draw the panel p as it is now: recorded again only when
 * the panel moved or changed size, or its texture's layout change is still to be recorded. */
static VkResult keep_recorded(struct layer_hud *h, uint32_t index, const struct hud_panel *p)
{
	struct layer_hud_image *im = &h->images[index];
	const uint32_t now[6] = { p->x, p->y, p->w, p->h, p->image_w, p->image_h };
	VkResult res;

	if (im->is_recorded && !memcmp(im->recorded, now, sizeof(now)))
		return VK_SUCCESS;
	memcpy(im->recorded, now, sizeof(now));
	res = record(h, index, p);
	im->is_recorded = res == VK_SUCCESS;
	return res;
}

/* Draws the HUD on image `index` from `queue`; true when the present must wait on im->done.
 * *submit_ns: how long the driver's vkQueueSubmit took. */
static bool draw(struct layer_hud *h, const struct layer_hud_queue *q, VkQueue queue,
		 uint32_t index, const VkPresentInfoKHR *info, int64_t *submit_ns)
{
	VkPipelineStageFlags stages[LAYER_HUD_MAX_WAITS];
	struct layer_hud_image *im = &h->images[index];
	VkSubmitInfo submit = {
		.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
		.waitSemaphoreCount = info->waitSemaphoreCount,
		.pWaitSemaphores = info->pWaitSemaphores,
		.pWaitDstStageMask = stages,
		.commandBufferCount = 1,
		.pCommandBuffers = &im->cmd,
		.signalSemaphoreCount = 1,
		.pSignalSemaphores = &im->done,
	};
	struct hud_panel p;
	VkResult res;

	if (index >= h->n_images || info->waitSemaphoreCount > LAYER_HUD_MAX_WAITS ||
	    !has_pool(h, q) || !is_image_free(h, im))
		return false;
	if (!hud_panel(h->core, h->extent.width, h->extent.height, &p))
		return false;
	stage(h, im, &p);
	/* the game's image is first touched there */
	for (uint32_t i = 0; i < info->waitSemaphoreCount; i++)
		stages[i] = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
	res = keep_recorded(h, index, &p);
	if (res == VK_SUCCESS) {
		int64_t t = ingame_now_ns();

		res = h->dev->QueueSubmit(queue, 1, &submit, im->fence);
		*submit_ns = ingame_now_ns() - t;
	}
	if (res != VK_SUCCESS) {
		/* a failed submit consumed nothing: the present goes down as the game made it */
		ingame_log(LOG_HUD, "HUD: drawing failed (VkResult %d); no HUD", (int)res);
		h->is_off = true;
		return false;
	}
	im->is_pending = true;
	if (!im->is_general) { /* the layout change is recorded once: the next draw records again */
		im->is_general = true;
		im->is_recorded = false;
	}
	return true;
}

/* The drawers of the present's swapchains (NULL where none), read under the lock. */
static void find_huds(const VkPresentInfoKHR *info, struct layer_hud **out, uint32_t n)
{
	pthread_mutex_lock(&layer_g.lock);
	for (uint32_t i = 0; i < n; i++) {
		struct layer_swapchain *sc = layer_find_swapchain(info->pSwapchains[i]);

		out[i] = sc ? sc->hud : NULL;
	}
	pthread_mutex_unlock(&layer_g.lock);
}

const VkPresentInfoKHR *layer_hud_present(const struct layer_device *ld, VkQueue queue,
					  const VkPresentInfoKHR *info, VkPresentInfoKHR *copy,
					  int64_t *submit_ns)
{
	struct layer_hud *huds[8];
	const struct layer_hud_queue *q;
	uint64_t now = (uint64_t)ingame_now_ns();
	uint32_t n = info->swapchainCount < 8 ? info->swapchainCount : 8, drawn = UINT32_MAX;

	*submit_ns = 0;
	if (!ld->hud)
		return info;
	find_huds(info, huds, n);
	for (uint32_t i = 0; i < n; i++) {
		if (!huds[i])
			continue;
		hud_frame(huds[i]->core, now);
		if (drawn != UINT32_MAX || huds[i]->is_off || !hud_visible(huds[i]->core))
			continue;
		q = find_queue(ld->hud, queue);
		if (!q || !q->has_graphics) {
			ingame_log(LOG_HUD_QUEUE, "HUD: presents from a queue %s; no HUD on them",
				   q ? "without graphics" : "the layer did not see created");
			break;
		}
		if (draw(huds[i], q, queue, info->pImageIndices[i], info, submit_ns))
			drawn = i;
	}
	if (drawn == UINT32_MAX)
		return info;
	if (n > 1)
		ingame_log(LOG_HUD_MULTI,
			   "HUD: a present of %u swapchains: the HUD is on the first "
			   "that has one",
			   info->swapchainCount);
	*copy = *info;
	copy->waitSemaphoreCount = 1;
	copy->pWaitSemaphores = &huds[drawn]->images[info->pImageIndices[drawn]].done;
	return copy;
}

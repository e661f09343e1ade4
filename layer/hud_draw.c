// SPDX-License-Identifier: MIT
// The HUD's Vulkan drawer at vkQueuePresentKHR (issue 29): what changed of the panel (its
// graph's new column every frame, a text line when its text did: ingame/hud_image.c, as the
// OpenGL drawer) is painted into the swapchain's one CPU image; what changed since the swapchain
// image's last draw (the graph's new columns, the lines) is copied into its slice of the mapped
// staging buffer, one command buffer per image is re-recorded (the copy of the slice's graph and
// changed lines into the image's texture, the graph's ring put back in age order, then the
// panel as one rectangle) and submitted on the present queue, waiting on the game's semaphores
// and signalling ours, which the present then waits on. No allocation, no lock held while calling
// down, no wait but on our own fence of this image's previous draw.
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

/* The copy of the rectangles r[] (hud_image_copy_rects(): of the swapchain's image, in the same
 * place of image `index`'s staging slice) into its texture, which is then sampled: each to its
 * at_x, so that the texture holds the graph in age order and is drawn as one rectangle; the
 * texture's other texels are kept unless it held nothing yet (then r[] is all of the panel). */
static void record_upload(const struct layer_hud *h, uint32_t index, const struct hud_panel *p,
			  const struct hud_image_rect *r, uint32_t n, bool had_image)
{
	const struct layer_hud_image *im = &h->images[index];
	VkImageMemoryBarrier barrier = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
		.srcAccessMask = 0,
		.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT,
		.oldLayout = had_image ? VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL
				       : VK_IMAGE_LAYOUT_UNDEFINED,
		.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
		.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.image = im->panel,
		.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
	};
	VkBufferImageCopy copy[HUD_IMAGE_COPY_RECTS];

	for (uint32_t i = 0; i < n; i++)
		copy[i] = (VkBufferImageCopy){
			.bufferOffset = index * LAYER_HUD_IMAGE_BYTES +
					((VkDeviceSize)r[i].y0 * p->image_w + r[i].x0) * 4,
			.bufferRowLength = p->image_w,
			.imageSubresource = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1 },
			.imageOffset = { (int32_t)r[i].at_x, (int32_t)r[i].y0, 0 },
			.imageExtent = { r[i].x1 - r[i].x0, r[i].y1 - r[i].y0, 1 },
		};
	/* the previous draw's sampling of it (this queue, earlier, and fenced) before the write */
	h->dev->CmdPipelineBarrier(im->cmd, VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT,
				   VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, NULL, 0, NULL, 1, &barrier);
	h->dev->CmdCopyBufferToImage(im->cmd, h->buffer, im->panel,
				     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, n, copy);
	barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
	barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT;
	barrier.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
	barrier.newLayout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
	h->dev->CmdPipelineBarrier(im->cmd, VK_PIPELINE_STAGE_TRANSFER_BIT,
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

/* The draw on image `index` of the panel p, its texture given the rectangles r[] of its staging
 * slice; the render pass and the scissor cover the panel only (a driver may then leave the rest
 * of the image alone). */
static VkResult record(const struct layer_hud *h, uint32_t index, const struct hud_panel *p,
		       const struct hud_image_rect *r, uint32_t n, bool had_image)
{
	const VkRect2D area = panel_area(h, p);
	const struct layer_hud_device *d = h->dev;
	const struct layer_hud_image *im = &h->images[index];
	const VkCommandBufferBeginInfo begin = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
		.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
	};
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
	if (n)
		record_upload(h, index, p, r, n, had_image);
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

/* The swapchain's CPU image brought up to date (hud_image_update()), what image `index`'s staging
 * slice lacks of it copied there, in the same place (free: its previous draw finished); returns
 * how many rectangles of the slice r[] its texture is to be given (hud_image_copy_rects()). */
static uint32_t stage(struct layer_hud *h, uint32_t index, const struct hud_panel *p,
		      struct hud_image_rect r[HUD_IMAGE_COPY_RECTS])
{
	struct hud_image_rect painted[HUD_IMAGE_CHANGES], c[HUD_IMAGE_COPY_RECTS];
	uint8_t *slice = h->map + index * LAYER_HUD_IMAGE_BYTES;
	size_t stride = (size_t)p->image_w * 4, n;

	hud_image_update(h->core, p, &h->state, h->is_bgra, h->image, h->scratch, painted);
	/* the slice keeps what it was given: the graph's new columns (a few bytes a row) and the
	 * lines are what it lacks, not the whole graph (38 kB, copied by the texture's regions from
	 * the slice, in age order) */
	n = hud_image_changed_rects(&h->state, &h->images[index].copied, c);
	for (size_t i = 0; i < n; i++) {
		size_t at = c[i].y0 * stride + (size_t)c[i].x0 * 4, len = (c[i].x1 - c[i].x0) * 4;

		if (len == stride) /* whole rows: one copy */
			memcpy(slice + at, h->image + at, len * (c[i].y1 - c[i].y0));
		else
			for (uint32_t y = c[i].y0; y < c[i].y1; y++, at += stride)
				memcpy(slice + at, h->image + at, len);
	}
	return (uint32_t)hud_image_copy_rects(&h->state, &h->images[index].copied, r);
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
	struct hud_image_rect r[HUD_IMAGE_COPY_RECTS];
	struct hud_panel p;
	bool had_image = im->copied.has_image;
	uint32_t n;
	VkResult res;

	if (index >= h->n_images || info->waitSemaphoreCount > LAYER_HUD_MAX_WAITS ||
	    !has_pool(h, q) || !is_image_free(h, im))
		return false;
	if (!hud_panel(h->core, h->extent.width, h->extent.height, &p))
		return false;
	n = stage(h, index, &p, r);
	/* the game's image is first touched there; the copy before, into our texture, need not wait */
	for (uint32_t i = 0; i < info->waitSemaphoreCount; i++)
		stages[i] = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
	res = record(h, index, &p, r, n, had_image);
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

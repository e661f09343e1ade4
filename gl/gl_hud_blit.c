// SPDX-License-Identifier: MIT
// The HUD's panel blitted (issue 29's cost on llvmpipe): the panel's texture attached to a
// framebuffer object of ours, copied onto the default framebuffer's back buffer with one
// glBlitFramebuffer per rectangle of hud_image_ring_rects(). Mesa 22.3's llvmpipe draws the
// panel's textured triangles at 37 to 48 instructions a pixel when the game's framebuffer has a
// depth buffer (no linear path then: glxgears and games have one); a blit of the same size
// between compatible formats (the texture B8G8R8A8 like the X visual's back buffer, no scissor,
// no flip in the driver's terms) is a copy of rows there (gallium's
// util_try_blit_via_copy_region), and a scaled one is drawn by gallium's blitter into a
// framebuffer of the back buffer alone. The image is painted and uploaded B, G, R, A then (ES:
// with EXT_texture_format_BGRA8888). Contexts without blits (GL 2.1 without
// ARB_framebuffer_object, ES 2, ES 3 without BGRA textures), multisampled windows (a blit into
// them is an error in ES 3) and a framebuffer object that is not complete keep the triangles.
#include "gl/gl_hud.h"

bool gl_hud_blit_can(const struct gl_hud_fns *f, const struct gl_hud_ctx *c)
{
	int samples = 0;

	if (!c->kind.has_blit)
		return false;
	f->BindFramebuffer(GL_DRAW_FRAMEBUFFER, 0); /* the window's: its sample buffers */
	f->GetIntegerv(GL_SAMPLE_BUFFERS, &samples);
	return samples == 0;
}

void gl_hud_blit_make(const struct gl_hud_fns *f, struct gl_hud_ctx *c)
{
	f->GenFramebuffers(1, &c->fbo);
	f->BindFramebuffer(GL_READ_FRAMEBUFFER, c->fbo);
	f->FramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
				c->texture, 0);
	if (f->CheckFramebufferStatus(GL_READ_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		f->DeleteFramebuffers(1, &c->fbo);
		c->fbo = 0;
	}
}

/* The default framebuffer's origin is its bottom-left corner, the image's and the texture's
 * rows run top-down: each rectangle is blitted upside down in GL's terms, which is a plain copy
 * of rows in the driver's (both top-down there). */
void gl_hud_blit_draw(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
		      const struct hud_panel *p)
{
	struct hud_image_rect r[HUD_IMAGE_RECTS];
	size_t n = hud_image_ring_rects(p, c->image_state.graph_intervals, r);
	int s = p->scale, h = (int)c->height;

	f->BindFramebuffer(GL_READ_FRAMEBUFFER, c->fbo);
	for (size_t i = 0; i < n; i++) {
		int x0 = (int)(p->x + r[i].at_x * (uint32_t)s);
		int x1 = x0 + (int)(r[i].x1 - r[i].x0) * s;
		int top = h - (int)(p->y + r[i].y0 * (uint32_t)s);
		int bottom = h - (int)(p->y + r[i].y1 * (uint32_t)s);

		f->BlitFramebuffer((int)r[i].x0, (int)r[i].y0, (int)r[i].x1, (int)r[i].y1, x0, top,
				   x1, bottom, GL_COLOR_BUFFER_BIT, GL_NEAREST);
	}
}

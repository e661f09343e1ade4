// SPDX-License-Identifier: MIT
// The HUD's panel written into the image a software driver puts on the window (issue 29's cost
// on llvmpipe). Mesa's drisw (llvmpipe, softpipe under X11: Mesa 22.3's src/glx/drisw_glx.c)
// ends a GLX swap with XShmPutImage, or XPutImage without MIT-SHM, of the back buffer's own
// pixels, the frame finished: the panel is copied there, a row at a time, just before the image
// leaves for the X server. A blit cannot copy before the game's frame is finished: on llvmpipe
// it flushes the game's frame in the middle of the swap hook and waits for its rasterizer
// threads, and the copy comes on top (docs/benchmarks.md, session 7: the HUD's median CPU time
// on the game's thread 52 to 69 us a frame that way, 16 to 18 us this way). Learned per context and drawable: a frame that blits a
// panel at scale 1 from a BGRA image looks at its swap's first put, and when that image holds
// the blitted panel byte for byte where the panel is (rows of 4 bytes, B, G, R: drisw makes
// the image without a visual, so its masks cannot tell), the next frames paint the image, make
// no GL call at all and copy the panel into the put. A put of the whole frame gives the
// drawable's size too, so those frames ask no glXQueryDrawable (two round trips to the X server
// with Mesa's GLX, at most every 30 frames). A swap of that way that puts no image (another
// present path after all) turns it off for good: the panel is painted whole and blitted again
// from the next frame on, the one frame without it logged once. A look that fails (EGL's swap
// puts through xcb, hardware drivers put nothing) is not made again. Everything else passes
// through: puts outside our swap hook, other threads', images of other formats.
#include <string.h>

#include "gl/gl_hud.h"
/* after ours: Xlib's macros (Bool, Status, True ...) */
#include <X11/Xlib.h>

/* This thread's swap under way (gl_hud_put_arm() to gl_hud_put_end()) */
static _Thread_local struct {
	struct gl_hud_ctx *c; /* NULL: no swap of ours under way */
	struct hud_panel p;
	bool is_write; /* c->is_put: write the panel; else only look at the put's image */
	bool is_seen;  /* the swap's first put came (only that one is the frame's) */
	bool is_fit;   /* ... and its image is one the panel can be copied into */
} armed;

GL_EXPORT int XShmPutImage(Display *d, Drawable w, GC gc, XImage *im, int sx, int sy, int dx,
			   int dy, unsigned int width, unsigned int height, Bool send_event);
GL_EXPORT int XPutImage(Display *d, Drawable w, GC gc, XImage *im, int sx, int sy, int dx, int dy,
			unsigned int width, unsigned int height);

void gl_hud_put_arm(struct gl_hud_ctx *c, const struct hud_panel *p)
{
	if (c->is_put_off || p->scale != 1 || !c->is_bgra)
		return;
	armed.c = c;
	armed.p = *p;
	armed.is_write = c->is_put;
	armed.is_seen = armed.is_fit = false;
}

/* An image the panel's rows can be copied into: 4 bytes a pixel in rows. Mesa's drisw makes it
 * without a visual (its masks are 0), so which byte is which is learned by compare_row(). */
static bool is_rows_of_4(const XImage *im)
{
	return im->format == ZPixmap && im->bits_per_pixel == 32 && im->data && im->width > 0 &&
	       im->height > 0 && im->bytes_per_line >= im->width * 4;
}

/* The image's pixels at dst are the panel's at src in B, G, R (the fourth byte is X or alpha) */
static bool compare_row(const uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(dst + 4 * i, src + 4 * i, 3))
			return false;
	return true;
}

/* The panel's rectangles (hud_image_ring_rects(), the ring in age order) against the put's part
 * of the image: the drawable's (dx, dy, w, h) is the image's (sx, sy, w, h). is_copy: copied
 * into it, what of the panel lies outside it left alone (this put does not send it); else
 * compared with it: true when all of the panel lies inside and is there. */
static bool walk_panel(const struct gl_hud_ctx *c, const struct hud_panel *p, XImage *im, int sx,
		       int sy, int dx, int dy, int w, int h, bool is_copy)
{
	struct hud_image_rect r[HUD_IMAGE_RECTS];
	size_t n = hud_image_ring_rects(p, c->image_state.graph_intervals, r);
	int64_t x_hi = (int64_t)dx + (w < im->width - sx ? w : im->width - sx);
	int64_t y_hi = (int64_t)dy + (h < im->height - sy ? h : im->height - sy);
	bool is_same = n > 0;

	for (size_t i = 0; i < n; i++) {
		int64_t x0 = (int64_t)p->x + r[i].at_x, x1 = x0 + (r[i].x1 - r[i].x0);
		int64_t y0 = (int64_t)p->y + r[i].y0, y1 = (int64_t)p->y + r[i].y1;

		if (!is_copy && (x0 < dx || y0 < dy || x1 > x_hi || y1 > y_hi))
			return false;
		x0 = x0 > dx ? x0 : dx, x1 = x1 < x_hi ? x1 : x_hi; /* sx, sy >= 0 */
		y0 = y0 > dy ? y0 : dy, y1 = y1 < y_hi ? y1 : y_hi;
		if (x0 >= x1 || y0 >= y1)
			continue;
		/* what is left of r[i], in the image's terms, and where it goes */
		struct hud_image_rect in = {
			.x0 = r[i].x0 + (uint32_t)(x0 - p->x - r[i].at_x),
			.x1 = r[i].x0 + (uint32_t)(x1 - p->x - r[i].at_x),
			.y0 = (uint32_t)(y0 - p->y),
			.y1 = (uint32_t)(y1 - p->y),
		};
		uint8_t *to = (uint8_t *)im->data + (y0 - dy + sy) * im->bytes_per_line +
			      (x0 - dx + sx) * 4;

		if (is_copy)
			hud_image_copy_rect(to, (size_t)im->bytes_per_line, c->image, p->image_w,
					    &in);
		for (uint32_t y = in.y0; !is_copy && y < in.y1; y++, to += im->bytes_per_line)
			if (!compare_row(to, c->image + ((size_t)y * p->image_w + in.x0) * 4,
					 in.x1 - in.x0))
				return false;
	}
	return is_same;
}

/* A put: the first one of an armed swap on this thread is the frame's. Looked at, it fits when
 * it holds the panel the frame blitted where the panel is, byte for byte: the same rows, the
 * same place, B, G, R in that order (a blit at scale 1 is a copy). */
static void on_put(XImage *im, int sx, int sy, int dx, int dy, unsigned int w, unsigned int h)
{
	int64_t t0;

	if (!armed.c || armed.is_seen)
		return;
	armed.is_seen = true;
	if (!im || !is_rows_of_4(im) || sx < 0 || sy < 0 || w > INT32_MAX || h > INT32_MAX)
		return;
	if (!armed.is_write) {
		armed.is_fit =
			walk_panel(armed.c, &armed.p, im, sx, sy, dx, dy, (int)w, (int)h, false);
		return;
	}
	armed.is_fit = true;
	if (!sx && !sy && !dx && !dy && w && h) /* the whole frame: the drawable's size */
		armed.c->width = w, armed.c->height = h;
	t0 = armed.c->self_ns ? gl_hud_thread_ns() : 0;
	walk_panel(armed.c, &armed.p, im, sx, sy, dx, dy, (int)w, (int)h, true);
	if (armed.c->self_ns)
		armed.c->put_self_ns = (uint32_t)(gl_hud_thread_ns() - t0);
}

void gl_hud_put_end(void)
{
	struct gl_hud_ctx *c = armed.c;

	if (!c)
		return;
	armed.c = NULL;
	if (!armed.is_write && !armed.is_fit) {
		c->is_put_off = true; /* not this driver's way: never looked at again */
	} else if (!armed.is_write) {
		c->is_put = true;
		if (c->self_ns)
			ingame_log(GL_LOG_HUD_PUT,
				   "OpenGL: the HUD's panel is written into the image the driver "
				   "puts (XShmPutImage / XPutImage)");
	} else if (armed.is_write && !(armed.is_seen && armed.is_fit)) {
		c->is_put = false;
		c->is_put_off = true;
		c->image_state.has_image = false; /* the texture is behind: all of it again */
		ingame_log(GL_LOG_HUD_PUT_OFF, "OpenGL: a swap put no image the HUD could go into "
					       "(a frame without it): the panel is blitted again");
	}
}

/* The next definition of name (Xlib's, libXext's), looked up once */
static void *next_of(void **cache, const char *name)
{
	void *p = __atomic_load_n(cache, __ATOMIC_ACQUIRE);

	if (!p && (p = dlsym(RTLD_NEXT, name)))
		__atomic_store_n(cache, p, __ATOMIC_RELEASE);
	return p;
}

GL_EXPORT int XShmPutImage(Display *d, Drawable w, GC gc, XImage *im, int sx, int sy, int dx,
			   int dy, unsigned int width, unsigned int height, Bool send_event)
{
	static void *cache;
	int (*next)(Display *, Drawable, GC, XImage *, int, int, int, int, unsigned int,
		    unsigned int, Bool);

	*(void **)&next = next_of(&cache, "XShmPutImage");
	if (!next)
		return 0; /* False: no MIT-SHM below us */
	on_put(im, sx, sy, dx, dy, width, height);
	return next(d, w, gc, im, sx, sy, dx, dy, width, height, send_event);
}

GL_EXPORT int XPutImage(Display *d, Drawable w, GC gc, XImage *im, int sx, int sy, int dx, int dy,
			unsigned int width, unsigned int height)
{
	static void *cache;
	int (*next)(Display *, Drawable, GC, XImage *, int, int, int, int, unsigned int,
		    unsigned int);

	*(void **)&next = next_of(&cache, "XPutImage");
	if (!next)
		return 0; /* BadRequest's place: no Xlib below us */
	on_put(im, sx, sy, dx, dy, width, height);
	return next(d, w, gc, im, sx, sy, dx, dy, width, height);
}

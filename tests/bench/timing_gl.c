// SPDX-License-Identifier: MIT
/*
 * libmvgal_bench_timing_gl.so: the OpenGL pacer bench's own neutral clock, a preload placed in
 * LD_PRELOAD before either limiter (ours is appended by mvgal-launch, MangoHud's by its
 * `mangohud` script), so the game's glXSwapBuffers / eglSwapBuffers reach it first.
 *
 * What it stamps: the moment the frame leaves for the X server. Mesa's software drivers end a
 * swap with XShmPutImage / XPutImage (GLX) or xcb_put_image (EGL), called from the driver below
 * both limiters, so the first such call during a swap is stamped: the same point for a limiter
 * that waits before the driver's swap (ours) and one that waits after it (MangoHud's GL
 * limiter sleeps once the swap has returned, where a stamp at the hook's return would see only
 * its sleep). A swap without such a call (another driver) is stamped when it returns.
 * The stamp's second column is that transfer's own duration, from the call to its return (issue
 * 28: EGL on llvmpipe writes the whole image through the X socket and waits there for the X
 * server to read it, where GLX hands over a shared-memory segment); 0, no column, without one.
 *
 * Stamps, window and file: timing_stamps.c. It ends the process with exit(0) when the window is
 * full (exit, not _exit: the limiters' own exit handlers run, so telemetry is complete), which
 * also lets tests run glxgears and es2gears_x11, which otherwise run until closed, for exactly
 * MVGAL_BENCH_FRAMES frames. A bench tool, not a product: plain globals, one swapping thread.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

#include "tests/bench/timing_stamps.h"

#define EXPORT __attribute__((visibility("default")))

struct xcb_cookie {
	unsigned int sequence;
};

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface);
EXPORT int XShmPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx,
			int dy, unsigned int w, unsigned int h, int send_event);
EXPORT int XPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx,
		     int dy, unsigned int w, unsigned int h);
EXPORT struct xcb_cookie xcb_put_image(void *c, uint8_t format, uint32_t drawable, uint32_t gc,
				       uint16_t w, uint16_t h, int16_t x, int16_t y, uint8_t pad,
				       uint8_t depth, uint32_t len, const uint8_t *data);

static void (*next_glx)(void *, unsigned long);
static unsigned int (*next_egl)(void *, void *);
static int in_swap;	     /* a swap is under way: its first image transfer is the stamp */
static int64_t put_start_ns; /* that transfer's call, 0 until it happens */
static int64_t put_ns;	     /* its return: the stamp, 0 until it happens */

/* The moment a transfer is called, taken only for the swap's first one. */
static int64_t put_begin(void)
{
	return in_swap && !put_ns ? timing_mono_ns() : 0;
}

static void put_done(int64_t start_ns)
{
	if (in_swap && !put_ns && start_ns) {
		put_start_ns = start_ns;
		put_ns = timing_mono_ns();
	}
}

static void swap_done(void)
{
	int64_t t = put_ns ? put_ns : timing_mono_ns();

	in_swap = 0;
	timing_set_latency(put_ns ? put_ns - put_start_ns : 0);
	if (timing_record(t))
		timing_finish(exit);
}

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable)
{
	if (!next_glx)
		*(void **)&next_glx = dlsym(RTLD_NEXT, "glXSwapBuffers");
	in_swap = 1;
	put_ns = 0;
	next_glx(dpy, drawable);
	swap_done();
}

EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface)
{
	unsigned int ok;

	if (!next_egl)
		*(void **)&next_egl = dlsym(RTLD_NEXT, "eglSwapBuffers");
	in_swap = 1;
	put_ns = 0;
	ok = next_egl(dpy, surface);
	swap_done();
	return ok;
}

EXPORT int XShmPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx,
			int dy, unsigned int w, unsigned int h, int send_event)
{
	static int (*next)(void *, unsigned long, void *, void *, int, int, int, int, unsigned int,
			   unsigned int, int);
	int64_t start = put_begin();
	int r;

	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "XShmPutImage");
	r = next(dpy, d, gc, image, sx, sy, dx, dy, w, h, send_event);
	put_done(start);
	return r;
}

EXPORT int XPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx,
		     int dy, unsigned int w, unsigned int h)
{
	static int (*next)(void *, unsigned long, void *, void *, int, int, int, int, unsigned int,
			   unsigned int);
	int64_t start = put_begin();
	int r;

	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "XPutImage");
	r = next(dpy, d, gc, image, sx, sy, dx, dy, w, h);
	put_done(start);
	return r;
}

EXPORT struct xcb_cookie xcb_put_image(void *c, uint8_t format, uint32_t drawable, uint32_t gc,
				       uint16_t w, uint16_t h, int16_t x, int16_t y, uint8_t pad,
				       uint8_t depth, uint32_t len, const uint8_t *data)
{
	static struct xcb_cookie (*next)(void *, uint8_t, uint32_t, uint32_t, uint16_t, uint16_t,
					 int16_t, int16_t, uint8_t, uint8_t, uint32_t,
					 const uint8_t *);
	int64_t start = put_begin();
	struct xcb_cookie r;

	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "xcb_put_image");
	r = next(c, format, drawable, gc, w, h, x, y, pad, depth, len, data);
	put_done(start);
	return r;
}

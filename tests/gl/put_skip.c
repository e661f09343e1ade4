// SPDX-License-Identifier: MIT
// libput_skip.so: a preload for tests/integration/test_hud_gl.sh, placed before libmvgal_gl.so in
// LD_PRELOAD, so the driver's XShmPutImage reaches it first. The first $MVGAL_PUT_SKIP_AFTER
// puts (default 100) it hands on as any preload would (to ours, which then writes the HUD's
// panel into them: gl/gl_hud_put.c); every later one it hands straight to libXext's, past ours,
// as a present path that puts no image through us would: our library must see a swap of its put
// way without a put, log it once and blit the panel from then on.
// A test tool: plain globals, one swapping thread.
#include <dlfcn.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

typedef int (*put_fn)(void *, unsigned long, void *, void *, int, int, int, int, unsigned int,
		      unsigned int, int);

EXPORT int XShmPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx,
			int dy, unsigned int w, unsigned int h, int send_event);

static long puts_seen;

int XShmPutImage(void *dpy, unsigned long d, void *gc, void *image, int sx, int sy, int dx, int dy,
		 unsigned int w, unsigned int h, int send_event)
{
	const char *after = getenv("MVGAL_PUT_SKIP_AFTER");
	put_fn next;
	void *lib;

	if (puts_seen++ < (after ? atol(after) : 100))
		*(void **)&next = dlsym(RTLD_NEXT, "XShmPutImage");
	else if ((lib = dlopen("libXext.so.6", RTLD_LAZY | RTLD_NOLOAD)))
		*(void **)&next = dlsym(lib, "XShmPutImage");
	else
		next = NULL;
	return next ? next(dpy, d, gc, image, sx, sy, dx, dy, w, h, send_event) : 0;
}

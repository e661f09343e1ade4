// SPDX-License-Identifier: MIT
/*
 * libmvgal_bench_timing_gl.so: the OpenGL pacer bench's own neutral clock, a preload placed in
 * LD_PRELOAD before either limiter (ours is appended by mvgal-launch, MangoHud's by its
 * `mangohud` script), so the game's glXSwapBuffers / eglSwapBuffers reach it first. It calls
 * the next one (the limiter, which waits, then the driver) and stamps CLOCK_MONOTONIC when that
 * returns: the same point for both limiters, after each one's wait and the driver's swap.
 * Stamps, window and file: timing_stamps.c. It ends the process with exit(0) when the window is
 * full (exit, not _exit: the limiters' own exit handlers run, so telemetry is complete), which
 * also lets tests run glxgears and es2gears_x11, which otherwise run until closed, for exactly
 * MVGAL_BENCH_FRAMES frames. A bench tool, not a product: plain globals, one swapping thread.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include "tests/bench/timing_stamps.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface);

static void (*next_glx)(void *, unsigned long);
static unsigned int (*next_egl)(void *, void *);

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable)
{
	if (!next_glx)
		*(void **)&next_glx = dlsym(RTLD_NEXT, "glXSwapBuffers");
	next_glx(dpy, drawable);
	if (timing_record(timing_mono_ns()))
		timing_finish(exit);
}

EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface)
{
	unsigned int ok;

	if (!next_egl)
		*(void **)&next_egl = dlsym(RTLD_NEXT, "eglSwapBuffers");
	ok = next_egl(dpy, surface);
	if (timing_record(timing_mono_ns()))
		timing_finish(exit);
	return ok;
}

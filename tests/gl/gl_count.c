// SPDX-License-Identifier: MIT
// libgl_count.so: a preload for tests/integration/test_gl_pacing.sh, placed after
// libmvgal_gl.so in LD_PRELOAD, so it sits between our library and the driver: it sees the
// swaps and the glFlush calls that our library hands down. It counts the swaps and how many of
// them had a glFlush since the previous swap (our library flushes before the pacer's wait, so
// the GPU renders during the wait), and writes "swaps=N flushed=M" to $MVGAL_COUNT_OUT at exit
// (only a process that swapped writes it). A software renderer on EGL/X11 renders just before
// its deadline instead (gl_frame.c, render_late()): glFlush and glFinish, then the rest of the
// wait. For those a second line "finished=K near=J": the swaps with a glFinish since the
// previous one, and those whose last glFinish returned less than NEAR_NS before the swap came
// down (a quarter of the 60 fps interval is the longest lead; the half leaves room for a loaded
// machine's late wake-ups; a flush during the wait comes 12 ms or more before it).
// A test tool: plain globals, one swapping thread.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NEAR_NS 8333333 /* half of a 60 fps interval */

#define EXPORT __attribute__((visibility("default")))

EXPORT void glFlush(void);
EXPORT void glFinish(void);
EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface);

static long swaps, flushed, finished, near;
static int has_flush;	      /* a glFlush since the last swap */
static int64_t finish_end_ns; /* the last glFinish's return since the last swap, 0: none */

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The driver's function below us: the next definition, else the one in a GL library the program
 * dlopen()ed privately (RTLD_NOLOAD), else (GL functions) libEGL's eglGetProcAddress. */
static void *next(const char *name)
{
	static const char *const libs[] = { "libEGL.so.1", "libGL.so.1", "libGLESv2.so.2" };
	void *p = dlsym(RTLD_NEXT, name), *h;
	for (size_t i = 0; !p && i < sizeof(libs) / sizeof(libs[0]); i++)
		if ((h = dlopen(libs[i], RTLD_LAZY | RTLD_NOLOAD)))
			p = dlsym(h, name);
	if (!p && (h = dlopen("libEGL.so.1", RTLD_LAZY | RTLD_NOLOAD))) {
		void (*(*gpa)(const char *))(void);
		*(void **)&gpa = dlsym(h, "eglGetProcAddress");
		p = gpa ? (void *)gpa(name) : NULL;
	}
	if (!p) {
		fprintf(stderr, "gl_count: %s: not found below\n", name);
		exit(1);
	}
	return p;
}

EXPORT void glFlush(void)
{
	static void (*real)(void);
	if (!real)
		*(void **)&real = next("glFlush");
	has_flush = 1;
	real();
}

EXPORT void glFinish(void)
{
	static void (*real)(void);
	if (!real)
		*(void **)&real = next("glFinish");
	real();
	finish_end_ns = mono_ns();
}

static void count_swap(void)
{
	swaps++;
	flushed += has_flush;
	has_flush = 0;
	if (finish_end_ns) {
		finished++;
		near += mono_ns() - finish_end_ns < NEAR_NS;
	}
	finish_end_ns = 0;
}

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable)
{
	static void (*real)(void *, unsigned long);
	if (!real)
		*(void **)&real = next("glXSwapBuffers");
	count_swap();
	real(dpy, drawable);
}

EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface)
{
	static unsigned int (*real)(void *, void *);
	if (!real)
		*(void **)&real = next("eglSwapBuffers");
	count_swap();
	return real(dpy, surface);
}

__attribute__((destructor)) static void write_counts(void)
{
	const char *out = getenv("MVGAL_COUNT_OUT");
	FILE *f = out && swaps ? fopen(out, "w") : NULL; /* not `timeout` or another helper */
	if (!f)
		return;
	fprintf(f, "swaps=%ld flushed=%ld\n", swaps, flushed);
	if (finished)
		fprintf(f, "finished=%ld near=%ld\n", finished, near);
	fclose(f);
}

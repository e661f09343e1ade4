// SPDX-License-Identifier: MIT
// libgl_count.so: a preload for tests/integration/test_gl_pacing.sh, placed after
// libmvgal_gl.so in LD_PRELOAD, so it sits between our library and the driver: it sees the
// swaps and the glFlush calls that our library hands down. It counts the swaps and how many of
// them had a glFlush since the previous swap (our library flushes before the pacer's wait, so
// the GPU renders during the wait), and writes "swaps=N flushed=M" to $MVGAL_COUNT_OUT at exit
// (only a process that swapped writes it).
// A test tool: plain globals, one swapping thread.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT void glFlush(void);
EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface);

static long swaps, flushed;
static int has_flush; /* a glFlush since the last swap */

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

static void count_swap(void)
{
	swaps++;
	flushed += has_flush;
	has_flush = 0;
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
	fclose(f);
}

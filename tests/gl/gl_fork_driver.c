// SPDX-License-Identifier: MIT
// libgl_fork_driver.so: a preload for tests/integration/test_gl_fork.sh, placed after
// libmvgal_gl.so in LD_PRELOAD, so it sits between our library and the driver. It makes the
// driver's swap fork-safe, which Xlib is not: a fork() while another thread is inside Xlib (the
// swap's XPutImage) leaves that Display's lock held in the child, whose exit() then hangs in
// libGLX's destructor (XESetCloseDisplay), with or without our library (measured: 1 to 5 of 40
// children). Here every driver function the program and our library call while the threads
// swap (glXSwapBuffers, glClear, glFlush) runs under one lock, taken around fork(), so no child
// starts inside the driver and every hang that is left is above it: in our library.
// A test tool: plain globals.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
EXPORT void glClear(unsigned int mask);
EXPORT void glFlush(void);

static pthread_mutex_t driver_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void (*real_swap)(void *, unsigned long);
static void (*real_clear)(unsigned int);
static void (*real_flush)(void);

static void before_fork(void)
{
	pthread_mutex_lock(&driver_lock);
}

static void after_fork(void)
{
	pthread_mutex_unlock(&driver_lock);
}

/* At the first call. The order against our library's handlers does not matter: our library
 * never holds a lock of its own while it calls the driver's swap. */
static void init(void)
{
	*(void **)&real_swap = dlsym(RTLD_NEXT, "glXSwapBuffers");
	*(void **)&real_clear = dlsym(RTLD_NEXT, "glClear");
	*(void **)&real_flush = dlsym(RTLD_NEXT, "glFlush");
	if (!real_swap || !real_clear || !real_flush) {
		fprintf(stderr,
			"gl_fork_driver: glXSwapBuffers, glClear or glFlush not found below\n");
		exit(1);
	}
	pthread_atfork(before_fork, after_fork, after_fork);
}

EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&driver_lock);
	real_swap(dpy, drawable);
	pthread_mutex_unlock(&driver_lock);
}

EXPORT void glClear(unsigned int mask)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&driver_lock);
	real_clear(mask);
	pthread_mutex_unlock(&driver_lock);
}

EXPORT void glFlush(void)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&driver_lock);
	real_flush();
	pthread_mutex_unlock(&driver_lock);
}

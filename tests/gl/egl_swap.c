// SPDX-License-Identifier: MIT
// egl_swap: a small EGL (OpenGL ES 2) program on X11 for the OpenGL tests. It reaches EGL the
// ways games do without linking it: libEGL is dlopen()ed (RTLD_LOCAL) and every function comes
// from dlsym on that handle or from eglGetProcAddress, so the preload library answers through
// its dlsym and eglGetProcAddress hooks. --via picks how the display, window surface and swap
// are made:
//   swap          eglGetDisplay, eglCreateWindowSurface, eglSwapBuffers (default)
//   platform      eglGetPlatformDisplay(EGL_PLATFORM_X11_KHR), eglCreatePlatformWindowSurface
//   platform-ext  the same through eglGetProcAddress("...EXT") (EGL_EXT_platform_base)
//   damage-khr    eglSwapBuffersWithDamageKHR from eglGetProcAddress, one damage rectangle
//   damage-ext    eglSwapBuffersWithDamageEXT likewise
// It clears and swaps --frames N times (default 120) and prints "egl_swap: N frames via V,
// M swaps returned EGL_TRUE". Constants are the Khronos registry's values (no EGL headers).
//   egl_swap [--frames N] [--via swap|platform|platform-ext|damage-khr|damage-ext]
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "tests/gl/load.h"

#define PROG "egl_swap"
#define EGL_NONE 0x3038
#define EGL_RED_SIZE 0x3024
#define EGL_GREEN_SIZE 0x3023
#define EGL_BLUE_SIZE 0x3022
#define EGL_SURFACE_TYPE 0x3033
#define EGL_WINDOW_BIT 0x0004
#define EGL_RENDERABLE_TYPE 0x3040
#define EGL_OPENGL_ES2_BIT 0x0004
#define EGL_OPENGL_ES_API 0x30A0
#define EGL_CONTEXT_CLIENT_VERSION 0x3098
#define EGL_NATIVE_VISUAL_ID 0x302E
#define EGL_PLATFORM_X11_KHR 0x31D5
#define GL_COLOR_BUFFER_BIT 0x00004000

typedef void *(*get_display_fn)(void *);
typedef void *(*get_platform_display_fn)(unsigned int, void *, const intptr_t *);
typedef void *(*get_platform_display_ext_fn)(unsigned int, void *, const int32_t *);
typedef unsigned int (*initialize_fn)(void *, int32_t *, int32_t *);
typedef unsigned int (*bind_api_fn)(unsigned int);
typedef unsigned int (*choose_config_fn)(void *, const int32_t *, void **, int32_t, int32_t *);
typedef unsigned int (*get_config_attrib_fn)(void *, void *, int32_t, int32_t *);
typedef void *(*create_window_fn)(void *, void *, unsigned long, const int32_t *);
typedef void *(*create_platform_window_fn)(void *, void *, void *, const void *);
typedef void *(*create_context_fn)(void *, void *, void *, const int32_t *);
typedef unsigned int (*make_current_fn)(void *, void *, void *, void *);
typedef unsigned int (*swap_fn)(void *, void *);
typedef unsigned int (*swap_damage_fn)(void *, void *, const int32_t *, int32_t);
typedef unsigned int (*terminate_fn)(void *);
typedef void (*(*gpa_fn)(const char *))(void);

int main(int argc, char **argv)
{
	const char *via = "swap";
	long frames = 120, ok = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--frames") && i + 1 < argc) {
			frames = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--via") && i + 1 < argc) {
			via = argv[++i];
		} else {
			fprintf(stderr, "usage: egl_swap [--frames N] [--via swap|platform|"
					"platform-ext|damage-khr|damage-ext]\n");
			return 2;
		}
	}
	void *egl = dlopen("libEGL.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!egl) {
		fprintf(stderr, "egl_swap: %s\n", dlerror());
		return 1;
	}
	gpa_fn gpa;
	initialize_fn initialize;
	bind_api_fn bind_api;
	choose_config_fn choose_config;
	get_config_attrib_fn get_config_attrib;
	create_context_fn create_context;
	make_current_fn make_current;
	terminate_fn terminate;
	void (*clear_color)(float, float, float, float);
	void (*clear)(unsigned int);
	LOAD(egl, gpa, "eglGetProcAddress");
	LOAD(egl, initialize, "eglInitialize");
	LOAD(egl, bind_api, "eglBindAPI");
	LOAD(egl, choose_config, "eglChooseConfig");
	LOAD(egl, get_config_attrib, "eglGetConfigAttrib");
	LOAD(egl, create_context, "eglCreateContext");
	LOAD(egl, make_current, "eglMakeCurrent");
	LOAD(egl, terminate, "eglTerminate");
	GPA(gpa, clear_color, "glClearColor");
	GPA(gpa, clear, "glClear");

	Display *x = XOpenDisplay(NULL);
	if (!x) {
		fprintf(stderr, "egl_swap: cannot open the X display\n");
		return 1;
	}
	void *dpy;
	if (!strcmp(via, "platform")) {
		get_platform_display_fn get;
		LOAD(egl, get, "eglGetPlatformDisplay");
		dpy = get(EGL_PLATFORM_X11_KHR, x, NULL);
	} else if (!strcmp(via, "platform-ext")) {
		get_platform_display_ext_fn get;
		GPA(gpa, get, "eglGetPlatformDisplayEXT");
		dpy = get(EGL_PLATFORM_X11_KHR, x, NULL);
	} else {
		get_display_fn get;
		LOAD(egl, get, "eglGetDisplay");
		dpy = get(x);
	}
	int32_t major, minor, n = 0, visual_id = 0;
	void *config = NULL;
	const int32_t config_attrs[] = { EGL_SURFACE_TYPE,
					 EGL_WINDOW_BIT,
					 EGL_RENDERABLE_TYPE,
					 EGL_OPENGL_ES2_BIT,
					 EGL_RED_SIZE,
					 8,
					 EGL_GREEN_SIZE,
					 8,
					 EGL_BLUE_SIZE,
					 8,
					 EGL_NONE };
	if (!dpy || !initialize(dpy, &major, &minor) || !bind_api(EGL_OPENGL_ES_API) ||
	    !choose_config(dpy, config_attrs, &config, 1, &n) || n < 1 ||
	    !get_config_attrib(dpy, config, EGL_NATIVE_VISUAL_ID, &visual_id)) {
		fprintf(stderr, "egl_swap: no EGL display or ES2 window config\n");
		return 1;
	}
	XVisualInfo tmpl = { .visualid = (VisualID)visual_id }, *vi;
	int nvi = 0;
	vi = XGetVisualInfo(x, VisualIDMask, &tmpl, &nvi);
	if (!vi) {
		fprintf(stderr, "egl_swap: the config's visual 0x%x is not on the screen\n",
			(unsigned)visual_id);
		return 1;
	}
	Window root = RootWindow(x, DefaultScreen(x));
	XSetWindowAttributes swa = { .colormap = XCreateColormap(x, root, vi->visual, AllocNone) };
	Window win = XCreateWindow(x, root, 0, 0, 160, 120, 0, vi->depth, InputOutput, vi->visual,
				   CWColormap, &swa);
	XMapWindow(x, win);
	XFree(vi);

	void *surface;
	if (!strcmp(via, "platform")) {
		create_platform_window_fn create;
		LOAD(egl, create, "eglCreatePlatformWindowSurface");
		surface = create(dpy, config, &win, NULL);
	} else if (!strcmp(via, "platform-ext")) {
		create_platform_window_fn create;
		GPA(gpa, create, "eglCreatePlatformWindowSurfaceEXT");
		surface = create(dpy, config, &win, NULL);
	} else {
		create_window_fn create;
		LOAD(egl, create, "eglCreateWindowSurface");
		surface = create(dpy, config, win, NULL);
	}
	const int32_t ctx_attrs[] = { EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE };
	void *ctx = create_context(dpy, config, NULL, ctx_attrs);
	if (!surface || !ctx || !make_current(dpy, surface, surface, ctx)) {
		fprintf(stderr, "egl_swap: cannot make an EGL window surface current\n");
		return 1;
	}

	swap_fn swap = NULL;
	swap_damage_fn swap_damage = NULL;
	if (!strcmp(via, "damage-khr"))
		GPA(gpa, swap_damage, "eglSwapBuffersWithDamageKHR");
	else if (!strcmp(via, "damage-ext"))
		GPA(gpa, swap_damage, "eglSwapBuffersWithDamageEXT");
	else
		LOAD(egl, swap, "eglSwapBuffers");
	const int32_t damage[4] = { 0, 0, 80, 60 };
	for (long f = 0; f < frames; f++) {
		clear_color((float)(f % 60) / 60.0f, 0.2f, 0.4f, 1.0f);
		clear(GL_COLOR_BUFFER_BIT);
		ok += swap ? swap(dpy, surface) : swap_damage(dpy, surface, damage, 1);
	}
	make_current(dpy, NULL, NULL, NULL);
	terminate(dpy);
	XCloseDisplay(x);
	printf("egl_swap: %ld frames via %s, %ld swaps returned EGL_TRUE\n", frames, via, ok);
	return 0;
}

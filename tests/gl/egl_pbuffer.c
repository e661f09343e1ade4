// SPDX-License-Identifier: MIT
// egl_pbuffer: a headless OpenGL ES 2 program for a GPU machine without a display (the NVIDIA
// device, tests/tools/gl_on_nvidia.sh): EGL's device platform (EGL_EXT_platform_device) on the
// first device, a pbuffer surface, and per frame 64 scissored and 64 full-surface clears (GPU
// work the frame's flush sends), then eglSwapBuffers: a no-op for a pbuffer, but the call the
// preload library paces. libEGL is dlopen()ed; the GL functions come from eglGetProcAddress.
// Prints the renderer, then "egl_pbuffer: N frames" at the end.
//   egl_pbuffer [--frames N] [--size WxH]
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/gl/load.h"

#define PROG "egl_pbuffer"
#define EGL_NONE 0x3038
#define EGL_SURFACE_TYPE 0x3033
#define EGL_PBUFFER_BIT 0x0001
#define EGL_RENDERABLE_TYPE 0x3040
#define EGL_OPENGL_ES2_BIT 0x0004
#define EGL_OPENGL_ES_API 0x30A0
#define EGL_CONTEXT_CLIENT_VERSION 0x3098
#define EGL_WIDTH 0x3057
#define EGL_HEIGHT 0x3056
#define EGL_PLATFORM_DEVICE_EXT 0x313F
#define GL_COLOR_BUFFER_BIT 0x00004000
#define GL_SCISSOR_TEST 0x0C11
#define GL_RENDERER 0x1F01

typedef void (*(*gpa_fn)(const char *))(void);
typedef unsigned int (*query_devices_fn)(int32_t, void **, int32_t *);
typedef void *(*get_platform_display_fn)(unsigned int, void *, const int32_t *);

int main(int argc, char **argv)
{
	long frames = 600;
	int w = 1920, h = 1080;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--frames") && i + 1 < argc) {
			frames = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc &&
			   sscanf(argv[++i], "%dx%d", &w, &h) == 2) {
			continue;
		} else {
			fprintf(stderr, "usage: egl_pbuffer [--frames N] [--size WxH]\n");
			return 2;
		}
	}
	void *egl = dlopen("libEGL.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!egl) {
		fprintf(stderr, "egl_pbuffer: %s\n", dlerror());
		return 1;
	}
	gpa_fn gpa;
	unsigned int (*initialize)(void *, int32_t *, int32_t *);
	unsigned int (*bind_api)(unsigned int);
	unsigned int (*choose_config)(void *, const int32_t *, void **, int32_t, int32_t *);
	void *(*create_pbuffer)(void *, void *, const int32_t *);
	void *(*create_context)(void *, void *, void *, const int32_t *);
	unsigned int (*make_current)(void *, void *, void *, void *);
	unsigned int (*swap)(void *, void *);
	unsigned int (*terminate)(void *);
	query_devices_fn query_devices;
	get_platform_display_fn get_platform_display;
	void (*clear_color)(float, float, float, float);
	void (*clear)(unsigned int);
	void (*scissor)(int, int, int, int);
	void (*enable)(unsigned int);
	void (*disable)(unsigned int);
	const char *(*get_string)(unsigned int);
	LOAD(egl, gpa, "eglGetProcAddress");
	LOAD(egl, initialize, "eglInitialize");
	LOAD(egl, bind_api, "eglBindAPI");
	LOAD(egl, choose_config, "eglChooseConfig");
	LOAD(egl, create_pbuffer, "eglCreatePbufferSurface");
	LOAD(egl, create_context, "eglCreateContext");
	LOAD(egl, make_current, "eglMakeCurrent");
	LOAD(egl, swap, "eglSwapBuffers");
	LOAD(egl, terminate, "eglTerminate");
	GPA(gpa, query_devices, "eglQueryDevicesEXT");
	GPA(gpa, get_platform_display, "eglGetPlatformDisplayEXT");

	void *devices[8];
	int32_t n = 0, major, minor;
	if (!query_devices(8, devices, &n) || n < 1) {
		fprintf(stderr, "egl_pbuffer: no EGL device\n");
		return 1;
	}
	void *dpy = get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[0], NULL);
	const int32_t config_attrs[] = { EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
					 EGL_OPENGL_ES2_BIT, EGL_NONE };
	const int32_t pbuffer_attrs[] = { EGL_WIDTH, w, EGL_HEIGHT, h, EGL_NONE };
	const int32_t ctx_attrs[] = { EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE };
	void *config = NULL, *surface, *ctx;
	int32_t nc = 0;
	if (!dpy || !initialize(dpy, &major, &minor) || !bind_api(EGL_OPENGL_ES_API) ||
	    !choose_config(dpy, config_attrs, &config, 1, &nc) || nc < 1 ||
	    !(surface = create_pbuffer(dpy, config, pbuffer_attrs)) ||
	    !(ctx = create_context(dpy, config, NULL, ctx_attrs)) ||
	    !make_current(dpy, surface, surface, ctx)) {
		fprintf(stderr, "egl_pbuffer: cannot make an ES2 pbuffer context current\n");
		return 1;
	}
	GPA(gpa, clear_color, "glClearColor");
	GPA(gpa, clear, "glClear");
	GPA(gpa, scissor, "glScissor");
	GPA(gpa, enable, "glEnable");
	GPA(gpa, disable, "glDisable");
	GPA(gpa, get_string, "glGetString");
	printf("renderer: %s (EGL %d.%d, %d device(s))\n", get_string(GL_RENDERER), major, minor, n);
	fflush(stdout);
	for (long f = 0; f < frames; f++) {
		for (int k = 0; k < 64; k++) {
			clear_color((float)((f + k) % 60) / 60.0f, 0.2f, 0.4f, 1.0f);
			enable(GL_SCISSOR_TEST);
			scissor((k * 29) % w, (k * 17) % h, w / 2, h / 2);
			clear(GL_COLOR_BUFFER_BIT);
			disable(GL_SCISSOR_TEST);
			clear(GL_COLOR_BUFFER_BIT);
		}
		swap(dpy, surface);
	}
	make_current(dpy, NULL, NULL, NULL);
	terminate(dpy);
	printf("egl_pbuffer: %ld frames\n", frames);
	return 0;
}

// SPDX-License-Identifier: MIT
// glx_gpa: a small GLX program that finds glXSwapBuffers the way many games do, not by linking
// it: libGL is dlopen()ed (RTLD_LOCAL) and the swap comes from glXGetProcAddressARB (default),
// glXGetProcAddress (--via gpa-plain) or dlsym on libGL's handle (--via dlsym); --via oml swaps
// with glXSwapBuffersMscOML (GLX_OML_sync_control, from glXGetProcAddressARB). It clears and
// swaps --frames N times (default 120) in a small window and prints what it did; the preload
// library (tests/integration/test_gl_pacing.sh) must pace and count every frame. Builds 64- and
// 32-bit (X11 and GL headers for types only; no GL library at link time).
//   glx_gpa [--frames N] [--via gpa|gpa-plain|dlsym|oml] [--rtld-probe]
// --rtld-probe: also prints "rtld_next=found" or "rtld_next=null": whether dlsym(RTLD_NEXT,
// "mvgal_gl_owns_pacing") from this program finds the preload's symbol. It must: glibc searches
// after the caller, and the preload's dlsym hook hands the call on as a tail call, so glibc
// still sees this program as the caller (had the hook made a plain call, glibc would search
// after the preload and find nothing).
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <GL/glx.h>
#include <X11/Xlib.h>

#define LOAD(h, var, name)                                                                         \
	do {                                                                                       \
		*(void **)&(var) = dlsym((h), (name));                                             \
		if (!(var)) {                                                                      \
			fprintf(stderr, "glx_gpa: %s: not found\n", (name));                       \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

int main(int argc, char **argv)
{
	const char *via = "gpa";
	long frames = 120;
	int is_probe = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--frames") && i + 1 < argc)
			frames = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--via") && i + 1 < argc)
			via = argv[++i];
		else if (!strcmp(argv[i], "--rtld-probe"))
			is_probe = 1;
		else {
			fprintf(stderr,
				"usage: glx_gpa [--frames N] [--via gpa|gpa-plain|dlsym|oml] "
				"[--rtld-probe]\n");
			return 2;
		}
	}
	if (is_probe)
		printf("rtld_next=%s\n", dlsym(RTLD_NEXT, "mvgal_gl_owns_pacing") ? "found" : "null");

	void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
	void *gl = dlopen("libGL.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!x11 || !gl) {
		fprintf(stderr, "glx_gpa: %s\n", dlerror());
		return 1;
	}
	Display *(*open_display)(const char *);
	int (*default_screen)(Display *);
	Window (*root_window)(Display *, int);
	Colormap (*create_colormap)(Display *, Window, Visual *, int);
	Window (*create_window)(Display *, Window, int, int, unsigned, unsigned, unsigned, int,
				unsigned, Visual *, unsigned long, XSetWindowAttributes *);
	int (*map_window)(Display *, Window);
	int (*close_display)(Display *);
	XVisualInfo *(*choose_visual)(Display *, int, int *);
	GLXContext (*create_context)(Display *, XVisualInfo *, GLXContext, Bool);
	Bool (*make_current)(Display *, GLXDrawable, GLXContext);
	void (*destroy_context)(Display *, GLXContext);
	void (*(*gpa)(const GLubyte *))(void);
	void (*swap)(Display *, GLXDrawable) = NULL;
	int64_t (*swap_oml)(Display *, GLXDrawable, int64_t, int64_t, int64_t) = NULL;
	void (*clear_color)(float, float, float, float);
	void (*clear)(unsigned int);
	LOAD(x11, open_display, "XOpenDisplay");
	LOAD(x11, default_screen, "XDefaultScreen");
	LOAD(x11, root_window, "XRootWindow");
	LOAD(x11, create_colormap, "XCreateColormap");
	LOAD(x11, create_window, "XCreateWindow");
	LOAD(x11, map_window, "XMapWindow");
	LOAD(x11, close_display, "XCloseDisplay");
	LOAD(gl, choose_visual, "glXChooseVisual");
	LOAD(gl, create_context, "glXCreateContext");
	LOAD(gl, make_current, "glXMakeCurrent");
	LOAD(gl, destroy_context, "glXDestroyContext");
	LOAD(gl, gpa, strcmp(via, "gpa-plain") ? "glXGetProcAddressARB" : "glXGetProcAddress");
	if (!strcmp(via, "dlsym"))
		LOAD(gl, swap, "glXSwapBuffers");
	else if (!strcmp(via, "oml"))
		*(void **)&swap_oml = (void *)gpa((const GLubyte *)"glXSwapBuffersMscOML");
	else
		*(void **)&swap = (void *)gpa((const GLubyte *)"glXSwapBuffers");
	*(void **)&clear_color = (void *)gpa((const GLubyte *)"glClearColor");
	*(void **)&clear = (void *)gpa((const GLubyte *)"glClear");
	if ((!swap && !swap_oml) || !clear_color || !clear) {
		fprintf(stderr, "glx_gpa: the swap, glClearColor or glClear not found\n");
		return 1;
	}

	Display *dpy = open_display(NULL);
	if (!dpy) {
		fprintf(stderr, "glx_gpa: cannot open the display\n");
		return 1;
	}
	int screen = default_screen(dpy);
	int attrs[] = {
		GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8,
		None
	};
	XVisualInfo *vi = choose_visual(dpy, screen, attrs);
	if (!vi) {
		fprintf(stderr, "glx_gpa: no double-buffered RGBA visual\n");
		return 1;
	}
	Window root = root_window(dpy, screen);
	XSetWindowAttributes swa = { .colormap = create_colormap(dpy, root, vi->visual, AllocNone) };
	Window win = create_window(dpy, root, 0, 0, 160, 120, 0, vi->depth, InputOutput, vi->visual,
				   CWColormap, &swa);
	map_window(dpy, win);
	GLXContext ctx = create_context(dpy, vi, NULL, True);
	if (!ctx || !make_current(dpy, win, ctx)) {
		fprintf(stderr, "glx_gpa: cannot make a GLX context current\n");
		return 1;
	}
	for (long f = 0; f < frames; f++) {
		clear_color((float)(f % 60) / 60.0f, 0.2f, 0.4f, 1.0f);
		clear(GL_COLOR_BUFFER_BIT);
		if (swap)
			swap(dpy, win);
		else if (swap_oml(dpy, win, 0, 0, 0) < 0) /* at the next opportunity */
			fprintf(stderr, "glx_gpa: glXSwapBuffersMscOML failed\n");
	}
	make_current(dpy, None, NULL);
	destroy_context(dpy, ctx);
	close_display(dpy);
	printf("glx_gpa: %ld frames via %s\n", frames, via);
	return 0;
}

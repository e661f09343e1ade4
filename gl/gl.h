// SPDX-License-Identifier: MIT
/*
 * gl — private header of libmvgal_gl.so, the OpenGL preload library (DESIGN.md section 5b).
 * The launcher appends it to LD_PRELOAD; it exports only the functions it hooks
 * (glXSwapBuffers, glXSwapBuffersMscOML, eglSwapBuffers, glXGetProcAddress(ARB),
 * eglGetProcAddress, dlsym; eglSwapBuffersWithDamage{KHR,EXT} are handed out only through
 * eglGetProcAddress and dlsym, like the driver's; XShmPutImage and XPutImage, through which a
 * software driver's swap hands its image to the X server: gl_hud_put.c) and
 * mvgal_gl_owns_pacing() for the Vulkan layer. It has no constructor: nothing runs until the
 * game swaps a buffer, so a process that never uses OpenGL never notices it.
 *
 * Per swap: glFlush, so the GPU renders the frame while the pacer waits (the driver would
 * otherwise start only at the swap, after the deadline), then the same pacer (pacer/) and settings (ingame/settings.c: MVGAL_FPS, MVGAL_PACER,
 * MVGAL_PRESENT_MODE, MVGAL_TELEMETRY, MVGAL_LOG) as the Vulkan layer, and the same telemetry.
 * On any problem it logs once and passes the call through.
 */
#ifndef MVGAL_GL_H
#define MVGAL_GL_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ingame/ingame.h"
#include "telemetry/telemetry.h"

#define GL_EXPORT __attribute__((visibility("default")))

/* ingame_log() kinds of this library: each logged once per process. */
enum gl_log_kind {
	GL_LOG_PRESENT_MODE = 1u << 4,
	GL_LOG_HUD = 1u << 9,		 /* gl_hud.c: a context the HUD cannot draw in */
	GL_LOG_HUD_BLIT = 1u << 10,	 /* gl_hud.c, MVGAL_SELFTIME=1: the panel is blitted */
	GL_LOG_HUD_TRIANGLES = 1u << 11, /* ... drawn as triangles */
	GL_LOG_HUD_PUT = 1u << 12,	 /* ... written into the driver's image (gl_hud_put.c) */
	GL_LOG_HUD_PUT_OFF = 1u << 13,	 /* gl_hud_put.c: a swap of that way put no image */
};

/* The window systems a swap can come through. */
enum gl_api {
	GL_API_GLX,
	GL_API_EGL,
};

/* EGL's native handles (gl_native.c): what the game gave eglGetDisplay and
 * eglCreateWindowSurface, for the refresh. Fixed tables, oldest entry replaced when full. */
#define GL_EGL_DISPLAYS 8
#define GL_EGL_SURFACES 32
struct gl_egl_display {
	void *dpy; /* EGLDisplay; NULL = free */
	unsigned int platform;
	void *native; /* Display *, xcb_connection_t *, wl_display * */
};
struct gl_egl_surface {
	void *dpy;
	void *surface;	 /* EGLSurface; NULL = free */
	uint64_t window; /* X11 Window, xcb_window_t or wl_egl_window *; 0 = not known */
};

/* The HUD (gl_hud.c, issue 29): set at the first swap; fns and ctx[] under `lock`. */
#define GL_HUD_CONTEXTS 16
struct gl_hud_fns;
struct gl_hud_ctx;
struct gl_hud_global {
	struct hud_config cfg;
	int64_t target_ns, refresh_ns; /* for the late count */
	char pacer[96];		       /* ingame_hud_pacer_line() */
	unsigned generation;	       /* one more at each new pacer line (gl_hud_refresh) */
	bool is_pacer_on;	       /* the settings the pacer line is made of */
	char fps_from[128];
	char present[64];
	bool is_selftime;	   /* MVGAL_SELFTIME=1: log the HUD's own cost per frame */
	struct gl_hud_fns *fns[2]; /* per enum gl_api, made at its first HUD frame */
	struct gl_hud_ctx *ctx[GL_HUD_CONTEXTS];
};

/*
 * The library's whole mutable state: one struct, one lock (`lock`) for the fields up to
 * `pace_lock`. `pace_lock` serialises the pacer: one schedule per process, whichever thread
 * swaps (a game paces its frames, not each window); it is held while the pacer sleeps but
 * never while the driver is called. Telemetry has its own lock inside its writer. Around
 * fork(), `lock` is held and `pace_lock` is made new in the child (gl_fork_init()).
 */
struct gl_global {
	pthread_once_t fork_once; /* the fork handlers are registered */
	void *real_glx_swap;	  /* the driver's swaps, found at the first call (atomics) */
	void *real_egl_swap;
	void *real_egl_damage[2]; /* eglSwapBuffersWithDamageKHR, ...EXT */
	void *real_glx_oml;	  /* glXSwapBuffersMscOML */
	pthread_mutex_t lock;
	int state;	 /* 0 first swap not seen, 1 active, -1 pass-through */
	bool has_target; /* MVGAL_FPS set: paced, or (MVGAL_PACER=off) for telemetry */
	bool is_paced;
	bool is_latency;	     /* pacer = latency: the wait after the driver's swap returns */
	bool is_zink;		     /* GL_RENDERER names Zink: the Vulkan layer stands down */
	bool has_interval;	     /* the swap interval was set (or given up) */
	void (*flush)(void);	     /* glFlush, called before the pacer's wait (first swap) */
	char renderer[128];	     /* GL_RENDERER at the first swap (telemetry's gpu) */
	struct telemetry *telemetry; /* NULL: off (or stopped at exit) */
	pthread_mutex_t pace_lock;
	struct pacer pacer;
	int64_t last_present_ns; /* unpaced with a target: to tell late frames */
	/* the end of the wait that let the current frame start (0: none yet): the hand-over of
	 * the previous swap, or in latency mode the end of the wait after it */
	int64_t wait_end_ns;
	int64_t latency_wait_ns; /* latency mode: that wait, and whether its frame was late */
	bool is_latency_late;
	/* the display's refresh (ingame_refresh_read()); written at the first swap, then
	 * under pace_lock and lock both, so either lock reads it */
	struct ingame_refresh refresh;
	unsigned int swaps_to_refresh_check; /* under pace_lock */
	/* EGL on Wayland, paced: the output the window is shown on (presentation feedback), made
	 * at the first swap; under pace_lock. is_following: it has told a refresh, which the
	 * periodic wl_output re-read (the highest of several) must not undo. */
	struct ingame_wl_follow *wl_follow;
	bool is_following;
	/* under lock (gl_native.c) */
	struct gl_egl_display egl_displays[GL_EGL_DISPLAYS];
	struct gl_egl_surface egl_surfaces[GL_EGL_SURFACES];
	unsigned int egl_display_next, egl_surface_next;
	struct gl_hud_global hud;
};

extern struct gl_global gl_g;

/* ENABLE_MVGAL=1 and not DISABLE_MVGAL=1, the layer's own switch (read, never cached). */
bool gl_is_enabled(void);

/* gl_frame.c: registers the fork handlers, once; called before the library first takes a lock. */
void gl_fork_init(void);

/* gl_real.c: the driver's functions, found below us; NULL when not loaded (never loads one). */
void *gl_real_dlsym(void *handle, const char *name);
void *gl_real_glx(const char *name);
void *gl_real_egl(const char *name);
/* gl_real.c: an EGL extension function, from the driver's eglGetProcAddress. */
void *gl_real_egl_ext(const char *name);
/* gl_real.c: a core GL function for the API that swapped (GLX or EGL), found every way a game
 * may have loaded GL; NULL when none. */
void *gl_real_gl(enum gl_api api, const char *name);

/* gl_real.c: the exported hooks (the window systems' own signatures, with our own types: the
 * library needs no GL headers). */
GL_EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable);
GL_EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface);
GL_EXPORT void (*glXGetProcAddress(const unsigned char *name))(void);
GL_EXPORT void (*glXGetProcAddressARB(const unsigned char *name))(void);
GL_EXPORT void (*eglGetProcAddress(const char *name))(void);
GL_EXPORT int64_t glXSwapBuffersMscOML(void *dpy, unsigned long drawable, int64_t target_msc,
				       int64_t divisor, int64_t remainder);

/* gl_native.c: the hook of an EGL display or window-surface function by name, or NULL. */
void *gl_native_hook(const char *name);
/* gl_native.c: the refresh of an EGL surface's window, from what the hooks recorded (RandR for
 * X11 and XCB, wl_output for Wayland); *out says why when it is not known. */
void gl_native_refresh(void *dpy, void *surface, struct ingame_refresh *out);
/* gl_native.c: for an EGLSurface on Wayland (a wl_egl_window), a follower of the output its
 * wl_surface is shown on (ingame_wl_follow_new()); NULL for any other or unknown surface. */
struct ingame_wl_follow *gl_native_follow(void *dpy, void *surface);

/* gl_frame.c: around the driver's swap. gl_frame_begin paces (sleeps) and stamps the moment
 * the swap goes down to the driver; gl_frame_end records the frame in the telemetry (nothing
 * for a pass-through frame) and, with pacer = latency, is where the pacer sleeps instead: after
 * the driver's swap has returned, before the game starts its next frame. Every swap hook calls
 * the driver between the two. */
struct gl_frame {
	int64_t wait_ns;    /* the pacer's wait; -1: pass-through */
	int64_t t_down;	    /* when the swap went down to the driver */
	int64_t started_ns; /* the end of the wait that let this frame start, 0: none */
	bool is_late;
};
void gl_frame_begin(enum gl_api api, void *display, void *surface, struct gl_frame *f);
void gl_frame_end(const struct gl_frame *f);

/* gl_hud.c: the HUD's settings and lines, at the first swap (after the pacer's set up). */
void gl_hud_setup(const struct ingame_settings *s);
/* gl_hud.c: the pacer's refresh changed (pace_lock held): the HUD's pacer line and target follow
 * it, in every context at its next HUD frame. */
void gl_hud_refresh(void);
/* gl_hud.c: draws the HUD into the back buffer of the current context's default framebuffer,
 * just before the swap; every piece of GL state it touches is restored. */
void gl_hud_draw(enum gl_api api, void *display, void *surface);
/* gl_hud_put.c: the driver's swap has returned (gl_frame_end()): what gl_hud_draw() armed for
 * its image put is settled. */
void gl_hud_put_end(void);

/* gl_interval.c: MVGAL_PRESENT_MODE as a swap interval on the current context (first swap). */
void gl_interval_apply(enum gl_api api, void *display, void *surface,
		       const struct ingame_settings *s);

#endif

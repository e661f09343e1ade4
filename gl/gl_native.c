// SPDX-License-Identifier: MIT
// EGL's native handles, for the refresh. A swap brings only an EGLDisplay and an EGLSurface,
// which say nothing of the window system, so the hooks of eglGetDisplay,
// eglGetPlatformDisplay(EXT) and eglCreate(Platform)WindowSurface(EXT) remember what the game
// gave EGL: the platform and native display of each EGLDisplay, the native window of each
// EGLSurface. At the first swap gl_native_refresh() reads the refresh with the Vulkan layer's
// own queries (ingame_refresh_read()): RandR for X11 and XCB, wl_output for Wayland.
// The hooks only record (a few pointers under gl_g.lock); they never change what EGL returns.
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gl/gl.h"

/* EGL's platform names (EGL_KHR_platform_*, EGL_EXT_platform_*): the values are the registry's. */
#define EGL_PLATFORM_X11 0x31D5
#define EGL_PLATFORM_XCB 0x31DC
#define EGL_PLATFORM_WAYLAND 0x31D8
#define EGL_PLATFORM_GBM 0x31D7
#define EGL_PLATFORM_UNKNOWN 0

typedef void *(*egl_get_display_fn)(void *native);
typedef void *(*egl_get_platform_display_fn)(unsigned int platform, void *native,
					     const void *attribs);
typedef void *(*egl_create_window_fn)(void *dpy, void *config, uintptr_t window,
				      const int32_t *attribs);
typedef void *(*egl_create_platform_window_fn)(void *dpy, void *config, void *window,
					       const void *attribs);

/* True when the page holding p is mapped, so reading its first word cannot fault (EGL
 * implementations check the same before they look inside a native display). */
static bool is_mapped(const void *p)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char v;
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page > 0 ? page - 1 : 4095);
	return mincore((void *)start, page > 0 ? (size_t)page : 4096, &v) == 0;
}

/*
 * The platform of eglGetDisplay(native): what EGL_PLATFORM says (Mesa and libglvnd both read
 * it), else what the native display is, told the way EGL implementations tell it: a wl_display
 * starts with a pointer to wl_display_interface, a gbm_device with one to gbm_create_device;
 * anything else is an Xlib Display when libX11 is loaded. Unknown (also a pointer we cannot
 * read): the refresh is not read.
 */
static unsigned int guess_platform(void *native)
{
	const char *env = getenv("EGL_PLATFORM");
	void *first, *h;

	if (!native)
		return EGL_PLATFORM_UNKNOWN; /* EGL_DEFAULT_DISPLAY: EGL's own connection */
	if (env && *env)
		return !strcmp(env, "x11")	 ? EGL_PLATFORM_X11
		       : !strcmp(env, "wayland") ? EGL_PLATFORM_WAYLAND
						 : EGL_PLATFORM_UNKNOWN;
	if (!is_mapped(native))
		return EGL_PLATFORM_UNKNOWN;
	first = *(void **)native;
	if (first && first == gl_real_dlsym(RTLD_DEFAULT, "wl_display_interface"))
		return EGL_PLATFORM_WAYLAND;
	if (first && first == gl_real_dlsym(RTLD_DEFAULT, "gbm_create_device"))
		return EGL_PLATFORM_GBM;
	h = dlopen("libX11.so.6", RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		return EGL_PLATFORM_UNKNOWN;
	dlclose(h); /* RTLD_NOLOAD took a reference: libX11 stays loaded */
	return EGL_PLATFORM_X11;
}

static void remember_display(void *dpy, unsigned int platform, void *native)
{
	struct gl_egl_display *slot = NULL;

	if (!dpy || !gl_is_enabled())
		return;
	gl_fork_init();
	pthread_mutex_lock(&gl_g.lock);
	for (size_t i = 0; i < GL_EGL_DISPLAYS && !slot; i++)
		if (gl_g.egl_displays[i].dpy == dpy || !gl_g.egl_displays[i].dpy)
			slot = &gl_g.egl_displays[i];
	if (!slot) /* full: the oldest goes (round robin) */
		slot = &gl_g.egl_displays[gl_g.egl_display_next++ % GL_EGL_DISPLAYS];
	*slot = (struct gl_egl_display){ .dpy = dpy, .platform = platform, .native = native };
	pthread_mutex_unlock(&gl_g.lock);
}

/* `window` is the X11 Window or xcb_window_t, or 0 when not known. A new surface may reuse a
 * destroyed one's handle: the entry is then overwritten. */
static void remember_surface(void *dpy, void *surface, uint64_t window)
{
	struct gl_egl_surface *slot = NULL;

	if (!surface || !gl_is_enabled())
		return;
	gl_fork_init();
	pthread_mutex_lock(&gl_g.lock);
	for (size_t i = 0; i < GL_EGL_SURFACES && !slot; i++)
		if (gl_g.egl_surfaces[i].surface == surface || !gl_g.egl_surfaces[i].surface)
			slot = &gl_g.egl_surfaces[i];
	if (!slot)
		slot = &gl_g.egl_surfaces[gl_g.egl_surface_next++ % GL_EGL_SURFACES];
	*slot = (struct gl_egl_surface){ .dpy = dpy, .surface = surface, .window = window };
	pthread_mutex_unlock(&gl_g.lock);
}

static unsigned int platform_of(void *dpy)
{
	unsigned int platform = EGL_PLATFORM_UNKNOWN;

	gl_fork_init();
	pthread_mutex_lock(&gl_g.lock);
	for (size_t i = 0; i < GL_EGL_DISPLAYS; i++)
		if (gl_g.egl_displays[i].dpy == dpy)
			platform = gl_g.egl_displays[i].platform;
	pthread_mutex_unlock(&gl_g.lock);
	return platform;
}

/* ---- the hooks ----------------------------------------------------------------------- */

static void *hook_egl_get_display(void *native)
{
	egl_get_display_fn real;
	*(void **)&real = gl_real_egl("eglGetDisplay");
	if (!real)
		return NULL; /* EGL_NO_DISPLAY */
	void *dpy = real(native);
	remember_display(dpy, guess_platform(native), native);
	return dpy;
}

static void *get_platform_display(const char *name, unsigned int platform, void *native,
				  const void *attribs)
{
	egl_get_platform_display_fn real;
	*(void **)&real =
		!strcmp(name, "eglGetPlatformDisplay") ? gl_real_egl(name) : gl_real_egl_ext(name);
	if (!real)
		return NULL;
	void *dpy = real(platform, native, attribs);
	remember_display(dpy, platform, native);
	return dpy;
}

static void *hook_egl_get_platform_display(unsigned int platform, void *native, const void *attribs)
{
	return get_platform_display("eglGetPlatformDisplay", platform, native, attribs);
}

static void *hook_egl_get_platform_display_ext(unsigned int platform, void *native,
					       const void *attribs)
{
	return get_platform_display("eglGetPlatformDisplayEXT", platform, native, attribs);
}

static void *hook_egl_create_window(void *dpy, void *config, uintptr_t window, const int32_t *attribs)
{
	egl_create_window_fn real;
	*(void **)&real = gl_real_egl("eglCreateWindowSurface");
	if (!real)
		return NULL; /* EGL_NO_SURFACE */
	void *surface = real(dpy, config, window, attribs);
	unsigned int platform = platform_of(dpy);
	/* on X11 and XCB the native window is the window's id, by value; on Wayland a
	 * struct wl_egl_window * */
	remember_surface(dpy, surface,
			 platform == EGL_PLATFORM_X11 || platform == EGL_PLATFORM_XCB ||
					 platform == EGL_PLATFORM_WAYLAND
				 ? window
				 : 0);
	return surface;
}

/* The platform variant takes a pointer to the native window: to a Window (X11), to an
 * xcb_window_t (XCB); on Wayland the struct wl_egl_window * itself (EGL_KHR_platform_wayland). */
static void *create_platform_window(const char *name, void *dpy, void *config, void *window,
				    const void *attribs)
{
	egl_create_platform_window_fn real;
	uint64_t id = 0;
	*(void **)&real = !strcmp(name, "eglCreatePlatformWindowSurface") ? gl_real_egl(name)
									  : gl_real_egl_ext(name);
	if (!real)
		return NULL;
	void *surface = real(dpy, config, window, attribs);
	if (surface && window) {
		unsigned int platform = platform_of(dpy);
		if (platform == EGL_PLATFORM_X11)
			id = *(const unsigned long *)window;
		else if (platform == EGL_PLATFORM_XCB)
			id = *(const uint32_t *)window;
		else if (platform == EGL_PLATFORM_WAYLAND)
			id = (uint64_t)(uintptr_t)window;
	}
	remember_surface(dpy, surface, id);
	return surface;
}

static void *hook_egl_create_platform_window(void *dpy, void *config, void *window,
					     const void *attribs)
{
	return create_platform_window("eglCreatePlatformWindowSurface", dpy, config, window, attribs);
}

static void *hook_egl_create_platform_window_ext(void *dpy, void *config, void *window,
						 const void *attribs)
{
	return create_platform_window("eglCreatePlatformWindowSurfaceEXT", dpy, config, window,
				      attribs);
}

/* Exported names are aliases of the static hooks (see gl_real.c for why). */
GL_EXPORT void *eglGetDisplay(void *native) __attribute__((alias("hook_egl_get_display")));
GL_EXPORT void *eglGetPlatformDisplay(unsigned int platform, void *native, const void *attribs)
	__attribute__((alias("hook_egl_get_platform_display")));
GL_EXPORT void *eglCreateWindowSurface(void *dpy, void *config, uintptr_t window,
				       const int32_t *attribs)
	__attribute__((alias("hook_egl_create_window")));
GL_EXPORT void *eglCreatePlatformWindowSurface(void *dpy, void *config, void *window,
					       const void *attribs)
	__attribute__((alias("hook_egl_create_platform_window")));

void *gl_native_hook(const char *name)
{
	static const struct {
		const char *name;
		void *hook;
	} hooks[] = {
		{ "eglGetDisplay", (void *)hook_egl_get_display },
		{ "eglGetPlatformDisplay", (void *)hook_egl_get_platform_display },
		{ "eglGetPlatformDisplayEXT", (void *)hook_egl_get_platform_display_ext },
		{ "eglCreateWindowSurface", (void *)hook_egl_create_window },
		{ "eglCreatePlatformWindowSurface", (void *)hook_egl_create_platform_window },
		{ "eglCreatePlatformWindowSurfaceEXT", (void *)hook_egl_create_platform_window_ext },
	};
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(name, hooks[i].name))
			return hooks[i].hook;
	return NULL;
}

/* ---- the refresh ---------------------------------------------------------------------- */

/*
 * The wl_surface inside a wl_egl_window: libwayland-egl's ABI (wayland-egl-backend.h, version 3
 * since wayland 1.15; written out here as wl_output's events are in ingame/wayland.c, so the
 * build needs no libwayland-egl-backend-dev). An older Mesa's wl_egl_window began with the
 * wl_surface pointer itself: a "version" that is not a small number is that, and is not read.
 */
struct wl_egl_window_v3 {
	const intptr_t version;
	int width, height, dx, dy, attached_width, attached_height;
	void *driver_private;
	void (*resize_callback)(void *window, void *data);
	void (*destroy_window_callback)(void *data);
	void *surface;
};

struct ingame_wl_follow *gl_native_follow(void *dpy, void *surface)
{
	const struct wl_egl_window_v3 *w = NULL;
	void *native = NULL;

	pthread_mutex_lock(&gl_g.lock);
	for (size_t i = 0; i < GL_EGL_DISPLAYS; i++)
		if (gl_g.egl_displays[i].dpy == dpy &&
		    gl_g.egl_displays[i].platform == EGL_PLATFORM_WAYLAND)
			native = gl_g.egl_displays[i].native;
	for (size_t i = 0; i < GL_EGL_SURFACES; i++)
		if (gl_g.egl_surfaces[i].surface == surface)
			w = (const void *)(uintptr_t)gl_g.egl_surfaces[i].window;
	pthread_mutex_unlock(&gl_g.lock);
	if (!native || !w || !is_mapped(w) || w->version < 3 || w->version > 64)
		return NULL;
	return ingame_wl_follow_new(native, w->surface);
}

void gl_native_refresh(void *dpy, void *surface, struct ingame_refresh *out)
{
	struct gl_egl_display d = { 0 };
	uint64_t window = 0;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&gl_g.lock);
	for (size_t i = 0; i < GL_EGL_DISPLAYS; i++)
		if (gl_g.egl_displays[i].dpy == dpy)
			d = gl_g.egl_displays[i];
	for (size_t i = 0; i < GL_EGL_SURFACES; i++)
		if (gl_g.egl_surfaces[i].surface == surface)
			window = gl_g.egl_surfaces[i].window;
	pthread_mutex_unlock(&gl_g.lock);

	switch (d.platform) {
	case EGL_PLATFORM_X11:
	case EGL_PLATFORM_XCB:
		if (!d.native || !window) {
			out->source = "EGL: the native window is not known";
			return;
		}
		ingame_refresh_read(d.platform == EGL_PLATFORM_X11 ? INGAME_XLIB : INGAME_XCB,
				    d.native, window, out);
		return;
	case EGL_PLATFORM_WAYLAND:
		if (d.native)
			ingame_refresh_read(INGAME_WAYLAND, d.native, 0, out);
		else
			out->source = "Wayland: no wl_display";
		return;
	default:
		out->source = "EGL: the display's window system is not known";
		return;
	}
}

// SPDX-License-Identifier: MIT
// Finding the driver's own functions from inside a preload library. We export dlsym, so the
// real one comes from dlvsym(), which we do not hook: glibc 2.34 moved dlsym into libc
// (GLIBC_2.34) and keeps the older versions for old binaries. A function "below us" is the
// next definition after this library (RTLD_NEXT), else the one in a GL library the game
// dlopen()ed privately (RTLD_NOLOAD: we look only at libraries already loaded, never load one,
// so a process that does not use OpenGL never gets libGL from us).
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>
#include <string.h>

#include "gl/gl.h"

/* the OpenGL library's lines start "mvgal gl: ", not the Vulkan layer's "mvgal layer: "
 * (ingame/log.c; issue 27) */
const char ingame_log_name[] = "mvgal gl";

typedef void *(*dlsym_fn)(void *, const char *);

/* Set once, read without the lock: a pointer-sized relaxed atomic (both writers store the
 * same value). Part of the library's state, beside gl_g, because dlsym() needs it before
 * anything else and must not take a lock (the loader may hold its own while calling us). */
static dlsym_fn gl_dlsym_next;

static dlsym_fn real_dlsym(void)
{
	dlsym_fn f = __atomic_load_n(&gl_dlsym_next, __ATOMIC_ACQUIRE);
	static const char *const versions[] = { "GLIBC_2.34", "GLIBC_2.2.5", "GLIBC_2.0" };
	for (size_t i = 0; !f && i < sizeof(versions) / sizeof(versions[0]); i++) {
		*(void **)&f = dlvsym(RTLD_NEXT, "dlsym", versions[i]);
		if (f)
			__atomic_store_n(&gl_dlsym_next, f, __ATOMIC_RELEASE);
	}
	return f;
}

void *gl_real_dlsym(void *handle, const char *name)
{
	dlsym_fn f = real_dlsym();
	return f ? f(handle, name) : NULL;
}

static void *from_loaded(const char *const *libs, size_t n, const char *name)
{
	void *p = gl_real_dlsym(RTLD_NEXT, name);
	for (size_t i = 0; !p && i < n; i++) {
		void *h = dlopen(libs[i], RTLD_LAZY | RTLD_NOLOAD);
		if (!h)
			continue;
		p = gl_real_dlsym(h, name);
		dlclose(h); /* RTLD_NOLOAD took a reference: the library stays loaded */
	}
	return p;
}

void *gl_real_glx(const char *name)
{
	static const char *const libs[] = { "libGLX.so.0", "libGL.so.1", "libGL.so" };
	return from_loaded(libs, sizeof(libs) / sizeof(libs[0]), name);
}

void *gl_real_egl(const char *name)
{
	static const char *const libs[] = { "libEGL.so.1", "libEGL.so" };
	return from_loaded(libs, sizeof(libs) / sizeof(libs[0]), name);
}

/* A core GL function (glFlush, glGetString) for the API that swapped: from the window system's
 * library, else from whatever the game linked (libGLESv2, libOpenGL: RTLD_DEFAULT), else from
 * the window system's GetProcAddress (a game that dlopen()ed it privately). */
void *gl_real_gl(enum gl_api api, const char *name)
{
	void (*(*gpa)(const unsigned char *))(void);
	void *p = api == GL_API_GLX ? gl_real_glx(name) : gl_real_egl(name);
	if (!p)
		p = gl_real_dlsym(RTLD_DEFAULT, name);
	if (!p && api == GL_API_EGL)
		p = gl_real_egl_ext(name);
	if (!p && api == GL_API_GLX && (*(void **)&gpa = gl_real_glx("glXGetProcAddressARB")))
		p = (void *)gpa((const unsigned char *)name);
	return p;
}

/* The functions we hook, by name: what dlsym and *GetProcAddress hand out instead. */
static void *hook_for(const char *name);

/* True when the object defining p comes before this library in the load order (the program or
 * a preload listed before ours): its function chains on to the next one, which reaches us. */
static bool is_before_us(void *p)
{
	struct link_map *ours = NULL, *theirs = NULL;
	Dl_info info;
	if (!dladdr1((void *)is_before_us, &info, (void **)&ours, RTLD_DL_LINKMAP) ||
	    !dladdr1(p, &info, (void **)&theirs, RTLD_DL_LINKMAP) || !ours || !theirs)
		return false;
	for (struct link_map *l = ours->l_prev; l; l = l->l_prev)
		if (l == theirs)
			return true;
	return false;
}

/*
 * True when the object holding `caller` defines `name` itself: it interposes that function, as
 * we do (another preload after ours in LD_PRELOAD, a capture tool), and asks dlsym on the GL
 * library's handle for the driver's function to call on. Handed our hook it would call us, we
 * would call it, and the stack would overflow; it gets the driver's. Everyone else (the game,
 * SDL, an engine module: they only call these functions) gets our hook.
 */
static bool is_interposer(void *caller, const char *name)
{
	struct link_map *theirs = NULL, *found = NULL;
	Dl_info info;
	bool is = false;
	if (!dladdr1(caller, &info, (void **)&theirs, RTLD_DL_LINKMAP) || !theirs ||
	    !theirs->l_prev || !info.dli_fname)
		return false; /* unknown, or the program itself (first in the load order) */
	void *h = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
	if (!h)
		return false;
	void *q = gl_real_dlsym(h, name);
	is = q && dladdr1(q, &info, (void **)&found, RTLD_DL_LINKMAP) && found == theirs;
	dlclose(h); /* RTLD_NOLOAD took a reference: the object stays loaded */
	return is;
}

/*
 * dlsym(handle, name) as glibc answers it, except that a hooked function found in the driver
 * (a GL library after us or dlopen()ed privately) is answered with our hook, unless the caller
 * interposes that function itself (is_interposer). RTLD_NEXT is
 * answered by glibc alone, relative to the caller: glibc finds the caller from the return
 * address, so that call must stay a tail call (a jump; tests/integration/test_gl_pacing.sh
 * checks it), and its answer already is our hook when we are the next library.
 */
GL_EXPORT void *dlsym(void *handle, const char *name)
{
	dlsym_fn f = real_dlsym();
	void *hook = handle != RTLD_NEXT ? hook_for(name) : NULL;
	if (!f)
		return NULL;
	if (hook) {
		void *p = f(handle, name);
		return p && !is_before_us(p) && !is_interposer(__builtin_return_address(0), name)
			       ? hook
			       : p;
	}
	return f(handle, name);
}

/* ---- the hooks ----------------------------------------------------------------------- */

/* The driver's swap, looked up once (a dlsym per frame would cost microseconds). */
static void *cached(void **slot, void *(*find)(const char *), const char *name)
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (!p && (p = find(name)))
		__atomic_store_n(slot, p, __ATOMIC_RELEASE);
	return p;
}

typedef void (*glx_swap_fn)(void *dpy, unsigned long drawable);
typedef unsigned int (*egl_swap_fn)(void *dpy, void *surface);
typedef void (*(*glx_gpa_fn)(const unsigned char *))(void);
typedef void (*(*egl_gpa_fn)(const char *))(void);

static void hook_glx_swap(void *dpy, unsigned long drawable)
{
	glx_swap_fn real;
	struct gl_frame f;
	*(void **)&real = cached(&gl_g.real_glx_swap, gl_real_glx, "glXSwapBuffers");
	if (!real)
		return; /* no GLX below us: there is nothing to swap */
	gl_frame_begin(GL_API_GLX, dpy, (void *)drawable, &f);
	real(dpy, drawable);
	gl_frame_end(&f);
}

static unsigned int hook_egl_swap(void *dpy, void *surface)
{
	egl_swap_fn real;
	struct gl_frame f;
	*(void **)&real = cached(&gl_g.real_egl_swap, gl_real_egl, "eglSwapBuffers");
	if (!real)
		return 0; /* EGL_FALSE */
	gl_frame_begin(GL_API_EGL, dpy, surface, &f);
	unsigned int ok = real(dpy, surface);
	gl_frame_end(&f);
	return ok;
}

typedef unsigned int (*egl_damage_fn)(void *dpy, void *surface, const int32_t *rects,
				      int32_t n_rects);
typedef int64_t (*glx_oml_fn)(void *dpy, unsigned long drawable, int64_t target_msc,
			      int64_t divisor, int64_t remainder);

/* An EGL extension function: only the driver's eglGetProcAddress knows it (libEGL does not
 * export it). */
void *gl_real_egl_ext(const char *name)
{
	egl_gpa_fn gpa;
	*(void **)&gpa = gl_real_egl("eglGetProcAddress");
	return gpa ? (void *)gpa(name) : NULL;
}

/* eglSwapBuffersWithDamage{KHR,EXT} (the damage is a hint for the compositor): paced and
 * recorded like eglSwapBuffers. which: 0 KHR, 1 EXT. */
static unsigned int egl_swap_damage(int which, void *dpy, void *surface, const int32_t *rects,
				    int32_t n_rects)
{
	static const char *const names[] = { "eglSwapBuffersWithDamageKHR",
					     "eglSwapBuffersWithDamageEXT" };
	egl_damage_fn real;
	struct gl_frame f;
	*(void **)&real = cached(&gl_g.real_egl_damage[which], gl_real_egl_ext, names[which]);
	if (!real)
		return 0; /* EGL_FALSE */
	gl_frame_begin(GL_API_EGL, dpy, surface, &f);
	unsigned int ok = real(dpy, surface, rects, n_rects);
	gl_frame_end(&f);
	return ok;
}

static unsigned int hook_egl_damage_khr(void *dpy, void *surface, const int32_t *rects,
					int32_t n_rects)
{
	return egl_swap_damage(0, dpy, surface, rects, n_rects);
}

static unsigned int hook_egl_damage_ext(void *dpy, void *surface, const int32_t *rects,
					int32_t n_rects)
{
	return egl_swap_damage(1, dpy, surface, rects, n_rects);
}

/* glXSwapBuffersMscOML (GLX_OML_sync_control): the game's own target MSC still applies; we
 * pace before it like any swap. libGL exports it, so games may link it. Returns -1 (the
 * extension's error value) when no GLX is below us. */
static int64_t hook_glx_swap_oml(void *dpy, unsigned long drawable, int64_t target_msc,
				 int64_t divisor, int64_t remainder)
{
	glx_oml_fn real;
	struct gl_frame f;
	*(void **)&real = cached(&gl_g.real_glx_oml, gl_real_glx, "glXSwapBuffersMscOML");
	if (!real)
		return -1;
	gl_frame_begin(GL_API_GLX, dpy, (void *)drawable, &f);
	int64_t sbc = real(dpy, drawable, target_msc, divisor, remainder);
	gl_frame_end(&f);
	return sbc;
}

static void (*glx_gpa(const char *which, const unsigned char *name))(void)
{
	glx_gpa_fn real;
	void *hook = name ? hook_for((const char *)name) : NULL;
	*(void **)&real = gl_real_glx(which);
	if (!real)
		return NULL;
	void (*p)(void) = real(name);
	return hook && p ? (void (*)(void))hook : p;
}

static void (*hook_glx_gpa(const unsigned char *name))(void)
{
	return glx_gpa("glXGetProcAddress", name);
}

static void (*hook_glx_gpa_arb(const unsigned char *name))(void)
{
	return glx_gpa("glXGetProcAddressARB", name);
}

static void (*hook_egl_gpa(const char *name))(void)
{
	egl_gpa_fn real;
	void *hook = name ? hook_for(name) : NULL;
	*(void **)&real = gl_real_egl("eglGetProcAddress");
	if (!real)
		return NULL;
	void (*p)(void) = real(name);
	return hook && p ? (void (*)(void))hook : p;
}

/*
 * The exported names are aliases of the static hooks, and hook_for() hands out the static ones:
 * the address of an exported function is whatever the dynamic linker binds the name to, which
 * is another preload's function of the same name when that one comes first in LD_PRELOAD (the
 * bench's timing preload, Steam's overlay): handing that out would make it call itself.
 */
GL_EXPORT void glXSwapBuffers(void *dpy, unsigned long drawable)
	__attribute__((alias("hook_glx_swap")));
GL_EXPORT unsigned int eglSwapBuffers(void *dpy, void *surface)
	__attribute__((alias("hook_egl_swap")));
GL_EXPORT void (*glXGetProcAddress(const unsigned char *name))(void)
	__attribute__((alias("hook_glx_gpa")));
GL_EXPORT void (*glXGetProcAddressARB(const unsigned char *name))(void)
	__attribute__((alias("hook_glx_gpa_arb")));
GL_EXPORT void (*eglGetProcAddress(const char *name))(void) __attribute__((alias("hook_egl_gpa")));
GL_EXPORT int64_t glXSwapBuffersMscOML(void *dpy, unsigned long drawable, int64_t target_msc,
				       int64_t divisor, int64_t remainder)
	__attribute__((alias("hook_glx_swap_oml")));

static void *hook_for(const char *name)
{
	static const struct {
		const char *name;
		void *hook;
	} hooks[] = {
		{ "glXSwapBuffers", (void *)hook_glx_swap },
		{ "eglSwapBuffers", (void *)hook_egl_swap },
		{ "glXGetProcAddress", (void *)hook_glx_gpa },
		{ "glXGetProcAddressARB", (void *)hook_glx_gpa_arb },
		{ "eglGetProcAddress", (void *)hook_egl_gpa },
		{ "eglSwapBuffersWithDamageKHR", (void *)hook_egl_damage_khr },
		{ "eglSwapBuffersWithDamageEXT", (void *)hook_egl_damage_ext },
		{ "glXSwapBuffersMscOML", (void *)hook_glx_swap_oml },
	};
	if (name[0] != 'g' && name[0] != 'e')
		return NULL; /* the common case, cheaply */
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(name, hooks[i].name))
			return hooks[i].hook;
	return name[0] == 'e' ? gl_native_hook(name) : NULL;
}

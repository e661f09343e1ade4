// SPDX-License-Identifier: MIT
// frame.present_mode for OpenGL: the swap interval of the current context, set once at the
// first swap. fifo -> 1, immediate -> 0, mailbox and fifo_relaxed -> -1 (late swaps tear,
// GLX_EXT_swap_control_tear; EGL has no such interval). A driver without the extension keeps
// the game's interval and says so in one line. Only values the extension allows are passed:
// a refused glXSwapIntervalEXT is an X error, which would reach the game's error handler.
#include <string.h>

#include "gl/gl.h"

static int interval_of(enum setting_present_mode m)
{
	switch (m) {
	case SETTING_PRESENT_FIFO:
		return 1;
	case SETTING_PRESENT_IMMEDIATE:
		return 0;
	default:
		return -1;
	}
}

/* Whole word `ext` in the blank-separated list `exts`. */
static bool has_ext(const char *exts, const char *ext)
{
	size_t n = strlen(ext);
	for (const char *p = exts; p && (p = strstr(p, ext)); p += n)
		if ((p == exts || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* true when set; *why says what is missing otherwise. */
static bool set_glx(void *dpy, void *surface, int want, const char **why)
{
	const char *(*query)(void *, int);
	int (*screen)(void *);
	void (*swap_ext)(void *, unsigned long, int);
	int (*swap_mesa)(unsigned int);
	*(void **)&query = gl_real_glx("glXQueryExtensionsString");
	*(void **)&screen = gl_real_dlsym(RTLD_DEFAULT, "XDefaultScreen");
	const char *exts = query && screen ? query(dpy, screen(dpy)) : NULL;
	if (want < 0 && !has_ext(exts, "GLX_EXT_swap_control_tear")) {
		*why = "GLX_EXT_swap_control_tear";
		return false;
	}
	*(void **)&swap_ext = gl_real_glx("glXSwapIntervalEXT");
	if (has_ext(exts, "GLX_EXT_swap_control") && swap_ext) {
		swap_ext(dpy, (unsigned long)surface, want);
		return true;
	}
	*(void **)&swap_mesa = gl_real_glx("glXSwapIntervalMESA");
	if (has_ext(exts, "GLX_MESA_swap_control") && swap_mesa && want >= 0)
		return swap_mesa((unsigned int)want) == 0;
	*why = "GLX_EXT_swap_control or GLX_MESA_swap_control";
	return false;
}

static bool set_egl(void *dpy, int want, const char **why)
{
	unsigned int (*interval)(void *, int);
	*(void **)&interval = gl_real_egl("eglSwapInterval");
	if (want < 0) {
		*why = "a tearing swap interval, which EGL does not have";
		return false;
	}
	*why = "eglSwapInterval accepting it";
	return interval && interval(dpy, want) != 0;
}

void gl_interval_apply(enum gl_api api, void *display, void *surface, const struct ingame_settings *s)
{
	const char *why = "";
	if (!s->has_present_mode)
		return;
	int want = interval_of(s->present_mode);
	bool is_set = api == GL_API_GLX ? set_glx(display, surface, want, &why)
					: set_egl(display, want, &why);
	if (!is_set)
		ingame_log(GL_LOG_PRESENT_MODE,
			   "OpenGL: MVGAL_PRESENT_MODE=%s (swap interval %d) needs %s; keeping the "
			   "game's swap interval",
			   setting_present_mode_names[s->present_mode], want, why);
}

// SPDX-License-Identifier: MIT
// RandR: the refresh rate of the CRTC that shows a window. Neither in-game library links a
// window-system library (DESIGN.md section 5): libxcb and libxcb-randr (and libX11-xcb, to turn
// an Xlib Display into its XCB connection) are dlopen()ed here when the Vulkan layer creates a
// swapchain, or at the OpenGL library's first GLX or EGL swap, on the game's own connection (XCB is
// thread-safe; Xlib's Display shares that connection). The libraries stay loaded
// (RTLD_NODELETE): XCB caches extension data that points into libxcb-randr.
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/randr.h>
#include <xcb/xcb.h>

#include "ingame/window.h"

struct randr_fns {
	__typeof__(&xcb_get_geometry) get_geometry;
	__typeof__(&xcb_get_geometry_reply) get_geometry_reply;
	__typeof__(&xcb_translate_coordinates) translate_coordinates;
	__typeof__(&xcb_translate_coordinates_reply) translate_coordinates_reply;
	__typeof__(&xcb_randr_get_screen_resources_current) resources;
	__typeof__(&xcb_randr_get_screen_resources_current_reply) resources_reply;
	__typeof__(&xcb_randr_get_screen_resources_current_crtcs) resources_crtcs;
	__typeof__(&xcb_randr_get_screen_resources_current_crtcs_length) resources_crtcs_length;
	__typeof__(&xcb_randr_get_screen_resources_current_modes) resources_modes;
	__typeof__(&xcb_randr_get_screen_resources_current_modes_length) resources_modes_length;
	__typeof__(&xcb_randr_get_crtc_info) crtc_info;
	__typeof__(&xcb_randr_get_crtc_info_reply) crtc_info_reply;
	__typeof__(&xcb_randr_get_crtc_info_outputs) crtc_info_outputs;
	__typeof__(&xcb_randr_get_output_info) output_info;
	__typeof__(&xcb_randr_get_output_info_reply) output_info_reply;
	__typeof__(&xcb_randr_get_output_info_name) output_info_name;
	__typeof__(&xcb_randr_get_output_info_name_length) output_info_name_length;
};

static bool load(struct randr_fns *f)
{
	void *xcb = dlopen("libxcb.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	void *randr = dlopen("libxcb-randr.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	bool is_ok = true;

	if (!xcb || !randr)
		return false;
#define SYM(lib, field, name)                                                                      \
	do {                                                                                       \
		void *p_ = dlsym(lib, name);                                                       \
		is_ok &= p_ != NULL;                                                               \
		memcpy(&f->field, &p_, sizeof(p_));                                                \
	} while (0)
	SYM(xcb, get_geometry, "xcb_get_geometry");
	SYM(xcb, get_geometry_reply, "xcb_get_geometry_reply");
	SYM(xcb, translate_coordinates, "xcb_translate_coordinates");
	SYM(xcb, translate_coordinates_reply, "xcb_translate_coordinates_reply");
	SYM(randr, resources, "xcb_randr_get_screen_resources_current");
	SYM(randr, resources_reply, "xcb_randr_get_screen_resources_current_reply");
	SYM(randr, resources_crtcs, "xcb_randr_get_screen_resources_current_crtcs");
	SYM(randr, resources_crtcs_length, "xcb_randr_get_screen_resources_current_crtcs_length");
	SYM(randr, resources_modes, "xcb_randr_get_screen_resources_current_modes");
	SYM(randr, resources_modes_length, "xcb_randr_get_screen_resources_current_modes_length");
	SYM(randr, crtc_info, "xcb_randr_get_crtc_info");
	SYM(randr, crtc_info_reply, "xcb_randr_get_crtc_info_reply");
	SYM(randr, crtc_info_outputs, "xcb_randr_get_crtc_info_outputs");
	SYM(randr, output_info, "xcb_randr_get_output_info");
	SYM(randr, output_info_reply, "xcb_randr_get_output_info_reply");
	SYM(randr, output_info_name, "xcb_randr_get_output_info_name");
	SYM(randr, output_info_name_length, "xcb_randr_get_output_info_name_length");
#undef SYM
	return is_ok;
}

/* The XCB connection under an Xlib Display (libX11-xcb's XGetXCBConnection). */
static xcb_connection_t *xlib_connection(void *display)
{
	void *lib = dlopen("libX11-xcb.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	xcb_connection_t *(*get)(void *) = NULL;
	void *p;

	if (!lib)
		return NULL;
	p = dlsym(lib, "XGetXCBConnection");
	memcpy(&get, &p, sizeof(p));
	return get ? get(display) : NULL;
}

/* Refresh of a mode in ns: dot clock / (htotal * vtotal), doubled lines and interlace counted. */
static int64_t mode_refresh_ns(const xcb_randr_mode_info_t *m)
{
	double lines = m->vtotal, hz;

	if (m->mode_flags & XCB_RANDR_MODE_FLAG_DOUBLE_SCAN)
		lines *= 2;
	if (m->mode_flags & XCB_RANDR_MODE_FLAG_INTERLACE)
		lines /= 2;
	if (!m->dot_clock || !m->htotal || lines <= 0)
		return 0;
	hz = (double)m->dot_clock / ((double)m->htotal * lines);
	return hz > 0 ? (int64_t)(1e9 / hz + 0.5) : 0;
}

/* Window centre in root coordinates; false when the server does not answer. */
static bool window_centre(const struct randr_fns *f, xcb_connection_t *c, xcb_window_t w,
			  xcb_window_t *root, int *x, int *y)
{
	xcb_get_geometry_reply_t *g = f->get_geometry_reply(c, f->get_geometry(c, w), NULL);
	xcb_translate_coordinates_reply_t *t;

	if (!g)
		return false;
	*root = g->root;
	t = f->translate_coordinates_reply(c, f->translate_coordinates(c, w, g->root, 0, 0), NULL);
	*x = (t ? t->dst_x : 0) + g->width / 2;
	*y = (t ? t->dst_y : 0) + g->height / 2;
	free(t);
	free(g);
	return true;
}

/* The name of a CRTC's first output into out ("" if none). */
static void output_name(const struct randr_fns *f, xcb_connection_t *c,
			const xcb_randr_get_crtc_info_reply_t *ci, xcb_timestamp_t ts, char *out,
			size_t len)
{
	xcb_randr_get_output_info_reply_t *o;
	int n;

	out[0] = '\0';
	if (!ci->num_outputs)
		return;
	o = f->output_info_reply(c, f->output_info(c, f->crtc_info_outputs(ci)[0], ts), NULL);
	if (!o)
		return;
	n = f->output_info_name_length(o);
	snprintf(out, len, "%.*s", n, (const char *)f->output_info_name(o));
	free(o);
}

int ingame_randr_refresh(enum ingame_window_system ws, void *connection, uint64_t window,
			 int64_t *refresh_ns, char *output, size_t output_len)
{
	struct randr_fns f;
	xcb_connection_t *c = ws == INGAME_XLIB ? xlib_connection(connection) : connection;
	xcb_randr_get_screen_resources_current_reply_t *res = NULL;
	xcb_randr_crtc_t *crtcs;
	xcb_randr_mode_info_t *modes;
	xcb_randr_mode_t chosen = 0;
	xcb_window_t root;
	int x, y, n_crtcs, n_modes, err = -ENOENT;

	*refresh_ns = 0;
	output[0] = '\0';
	if (!c || !load(&f))
		return -ENOSYS;
	if (!window_centre(&f, c, (xcb_window_t)window, &root, &x, &y))
		return -EIO;
	res = f.resources_reply(c, f.resources(c, root), NULL);
	if (!res)
		return -EIO;
	crtcs = f.resources_crtcs(res);
	n_crtcs = f.resources_crtcs_length(res);
	/* the CRTC holding the window's centre; else the first one lit */
	for (int i = 0; i < n_crtcs; i++) {
		xcb_randr_get_crtc_info_reply_t *ci =
			f.crtc_info_reply(c, f.crtc_info(c, crtcs[i], res->config_timestamp), NULL);
		bool is_inside;

		if (!ci)
			continue;
		is_inside =
			x >= ci->x && x < ci->x + ci->width && y >= ci->y && y < ci->y + ci->height;
		if (ci->mode && (is_inside || !chosen)) {
			chosen = ci->mode;
			output_name(&f, c, ci, res->config_timestamp, output, output_len);
		}
		free(ci);
		if (chosen && is_inside)
			break;
	}
	modes = f.resources_modes(res);
	n_modes = f.resources_modes_length(res);
	for (int i = 0; chosen && i < n_modes; i++) {
		if (modes[i].id == chosen) {
			*refresh_ns = mode_refresh_ns(&modes[i]);
			err = *refresh_ns > 0 ? 0 : -ENOENT;
		}
	}
	free(res);
	return err;
}

// SPDX-License-Identifier: MIT
// Wayland: the refresh of the wl_output a surface is on, best effort (issue 14). Neither in-game
// library links a window-system library (DESIGN.md section 5): libwayland-client is dlopen()ed
// here when the Vulkan layer creates a swapchain or at the OpenGL library's first EGL swap. Everything runs on a private event queue (a display wrapper, its own
// registry, its own wl_output proxies) so the game's default queue and listeners are never
// touched; two roundtrips on that queue, once per swapchain, then it is all destroyed.
// Which output the surface is on is told only by wl_surface.enter, an event that goes to the
// game's listener: with one output that is the one; with several the highest refresh is taken
// and the log says it is a guess.
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wayland-client-core.h>

#include "ingame/window.h"

#define WL_DISPLAY_GET_REGISTRY 1 /* request opcodes, wayland.xml */
#define WL_REGISTRY_BIND 0
#define WL_OUTPUT_RELEASE 0 /* since wl_output version 3 */
#define WL_OUTPUT_MODE_CURRENT 0x1
#define MAX_OUTPUTS 16

struct wl_fns {
	__typeof__(&wl_display_create_queue) create_queue;
	__typeof__(&wl_event_queue_destroy) queue_destroy;
	__typeof__(&wl_display_roundtrip_queue) roundtrip_queue;
	__typeof__(&wl_proxy_create_wrapper) create_wrapper;
	__typeof__(&wl_proxy_wrapper_destroy) wrapper_destroy;
	__typeof__(&wl_proxy_set_queue) set_queue;
	__typeof__(&wl_proxy_marshal_constructor) marshal_constructor;
	__typeof__(&wl_proxy_marshal_constructor_versioned) marshal_constructor_versioned;
	__typeof__(&wl_proxy_marshal) marshal;
	__typeof__(&wl_proxy_add_listener) add_listener;
	__typeof__(&wl_proxy_destroy) destroy;
	const struct wl_interface *registry_interface;
	const struct wl_interface *output_interface;
};

struct wl_out {
	struct wl_proxy *proxy;
	uint32_t version;
	int32_t refresh_mhz; /* of the mode flagged current; 0 = none seen */
	char name[32];	     /* wl_output.name (version 4), else make/model, else "" */
};

struct wl_probe {
	const struct wl_fns *f;
	struct wl_event_queue *queue; /* ours, on the game's display */
	struct wl_proxy *wrapper, *registry;
	struct wl_out outs[MAX_OUTPUTS];
	int n_outs;
};

static bool load(struct wl_fns *f)
{
	void *lib = dlopen("libwayland-client.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	bool is_ok = true;

	if (!lib)
		return false;
#define SYM(field, name)                                                                           \
	do {                                                                                       \
		void *p_ = dlsym(lib, name);                                                       \
		is_ok &= p_ != NULL;                                                               \
		memcpy(&f->field, &p_, sizeof(p_));                                                \
	} while (0)
	SYM(create_queue, "wl_display_create_queue");
	SYM(queue_destroy, "wl_event_queue_destroy");
	SYM(roundtrip_queue, "wl_display_roundtrip_queue");
	SYM(create_wrapper, "wl_proxy_create_wrapper");
	SYM(wrapper_destroy, "wl_proxy_wrapper_destroy");
	SYM(set_queue, "wl_proxy_set_queue");
	SYM(marshal_constructor, "wl_proxy_marshal_constructor");
	SYM(marshal_constructor_versioned, "wl_proxy_marshal_constructor_versioned");
	SYM(marshal, "wl_proxy_marshal");
	SYM(add_listener, "wl_proxy_add_listener");
	SYM(destroy, "wl_proxy_destroy");
	SYM(registry_interface, "wl_registry_interface");
	SYM(output_interface, "wl_output_interface");
#undef SYM
	return is_ok;
}

static struct wl_out *out_of(struct wl_probe *p, struct wl_proxy *proxy)
{
	for (int i = 0; i < p->n_outs; i++)
		if (p->outs[i].proxy == proxy)
			return &p->outs[i];
	return NULL;
}

static void set_name(struct wl_out *o, const char *name)
{
	if (name && name[0])
		snprintf(o->name, sizeof(o->name), "%s", name);
}

/* wl_output events, in wayland.xml order: geometry, mode, done (v2), scale (v2), name (v4),
 * description (v4). */
static void on_geometry(void *data, struct wl_proxy *proxy, int32_t x, int32_t y, int32_t w_mm,
			int32_t h_mm, int32_t subpixel, const char *make, const char *model,
			int32_t transform)
{
	struct wl_out *o = out_of(data, proxy);

	(void)x, (void)y, (void)w_mm, (void)h_mm, (void)subpixel, (void)make, (void)transform;
	if (o && !o->name[0])
		set_name(o, model);
}

static void on_mode(void *data, struct wl_proxy *proxy, uint32_t flags, int32_t width,
		    int32_t height, int32_t refresh_mhz)
{
	struct wl_out *o = out_of(data, proxy);

	(void)width, (void)height;
	if (o && (flags & WL_OUTPUT_MODE_CURRENT) && refresh_mhz > 0)
		o->refresh_mhz = refresh_mhz;
}

static void on_done(void *data, struct wl_proxy *proxy)
{
	(void)data, (void)proxy;
}

static void on_scale(void *data, struct wl_proxy *proxy, int32_t factor)
{
	(void)data, (void)proxy, (void)factor;
}

static void on_name(void *data, struct wl_proxy *proxy, const char *name)
{
	struct wl_out *o = out_of(data, proxy);

	if (o)
		set_name(o, name); /* the compositor's connector name wins over the model */
}

static void on_description(void *data, struct wl_proxy *proxy, const char *description)
{
	(void)data, (void)proxy, (void)description;
}

static void (*const output_listener[])(void) = {
	(void (*)(void))on_geometry, (void (*)(void))on_mode, (void (*)(void))on_done,
	(void (*)(void))on_scale,    (void (*)(void))on_name, (void (*)(void))on_description,
};

static void on_global(void *data, struct wl_proxy *registry, uint32_t name, const char *interface,
		      uint32_t version)
{
	struct wl_probe *p = data;
	const struct wl_interface *oi = p->f->output_interface;
	struct wl_out *o;

	if (strcmp(interface, "wl_output") || p->n_outs >= MAX_OUTPUTS)
		return;
	o = &p->outs[p->n_outs];
	/* at most the listener's six events (version 4), at most what this libwayland knows */
	o->version = version < 4 ? version : 4;
	if ((int)o->version > oi->version)
		o->version = (uint32_t)oi->version;
	o->proxy = p->f->marshal_constructor_versioned(registry, WL_REGISTRY_BIND, oi, o->version,
						       name, oi->name, o->version, NULL);
	if (!o->proxy)
		return;
	if (p->f->add_listener(o->proxy, (void (**)(void))output_listener, p) < 0) {
		p->f->destroy(o->proxy);
		return;
	}
	o->name[0] = '\0';
	o->refresh_mhz = 0;
	p->n_outs++;
}

static void on_global_remove(void *data, struct wl_proxy *registry, uint32_t name)
{
	(void)data, (void)registry, (void)name;
}

static void (*const registry_listener[])(void) = {
	(void (*)(void))on_global,
	(void (*)(void))on_global_remove,
};

/* One output, or the highest refresh of several (a guess: wl_surface.enter is the game's). */
static int pick(const struct wl_probe *p, int *n_with_mode)
{
	int best = -1;

	*n_with_mode = 0;
	for (int i = 0; i < p->n_outs; i++) {
		if (p->outs[i].refresh_mhz <= 0)
			continue;
		(*n_with_mode)++;
		if (best < 0 || p->outs[i].refresh_mhz > p->outs[best].refresh_mhz)
			best = i;
	}
	return best;
}

/* Binds every wl_output on a private queue and waits for their modes: 0, or -errno. */
static int probe_outputs(struct wl_probe *p, struct wl_display *dpy)
{
	const struct wl_fns *f = p->f;

	p->queue = f->create_queue(dpy);
	p->wrapper = p->queue ? f->create_wrapper(dpy) : NULL;
	if (!p->wrapper)
		return -ENOMEM;
	f->set_queue(p->wrapper, p->queue);
	p->registry = f->marshal_constructor(p->wrapper, WL_DISPLAY_GET_REGISTRY,
					     f->registry_interface, NULL);
	if (!p->registry || f->add_listener(p->registry, (void (**)(void))registry_listener, p) < 0)
		return -ENOMEM;
	/* first: the globals (and our binds); second: the outputs' geometry/mode/name events */
	if (f->roundtrip_queue(dpy, p->queue) < 0 || f->roundtrip_queue(dpy, p->queue) < 0)
		return -EIO;
	return 0;
}

/* Everything probe_outputs() made, in reverse order, and *p itself. */
static void probe_free(struct wl_probe *p)
{
	const struct wl_fns *f = p->f;

	for (int i = 0; i < p->n_outs; i++) {
		if (p->outs[i].version >= 3)
			f->marshal(p->outs[i].proxy, WL_OUTPUT_RELEASE);
		f->destroy(p->outs[i].proxy);
	}
	if (p->registry)
		f->destroy(p->registry);
	if (p->wrapper)
		f->wrapper_destroy(p->wrapper);
	if (p->queue)
		f->queue_destroy(p->queue);
	free(p);
}

int ingame_wayland_refresh(void *display, int64_t *refresh_ns, char *output, size_t output_len,
			   int *n_outputs)
{
	struct wl_fns f;
	struct wl_display *dpy = display;
	struct wl_probe *p = NULL;
	int best, ret;

	*refresh_ns = 0;
	*n_outputs = 0;
	if (output_len)
		output[0] = '\0';
	if (!dpy || !load(&f))
		return -ENOSYS;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->f = &f;
	ret = probe_outputs(p, dpy);
	if (ret < 0)
		goto out;
	ret = -ENOENT;
	best = pick(p, n_outputs);
	if (best >= 0) {
		*refresh_ns = (int64_t)(1e12 / (double)p->outs[best].refresh_mhz + 0.5);
		if (p->outs[best].name[0])
			snprintf(output, output_len, "%s", p->outs[best].name);
		else
			snprintf(output, output_len, "output %d", best);
		ret = 0;
	}
out:
	probe_free(p);
	return ret;
}

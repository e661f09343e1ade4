// SPDX-License-Identifier: MIT
// Wayland: the refresh of the wl_output a surface is on, best effort (issue 14). Neither in-game
// library links a window-system library (DESIGN.md section 5): libwayland-client is dlopen()ed
// here when the Vulkan layer creates a swapchain or at the OpenGL library's first EGL swap. Everything runs on a private event queue (a display wrapper, its own
// registry, its own wl_output proxies) so the game's default queue and listeners are never
// touched; two roundtrips on that queue, once per swapchain.
// Which output the surface is on is told by wl_surface.enter, an event that goes to the game's
// listener: at the swapchain's creation, with one output that is the one; with several the
// highest refresh is taken and the log says it is a guess. Then (issue 28 item 4) the follower
// below asks wp_presentation (presentation-time, stable) for feedback on the game's wl_surface
// on our queue: its sync_output event names which of OUR wl_output proxies the frame was shown
// on, and presented carries that output's refresh. Its interface tables are written here by
// hand from presentation-time.xml (version 1), as wl_output's events are: no build dependency on
// wayland-protocols or wayland-scanner for two small interfaces, and nothing linked.
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wayland-client-core.h>

#include "ingame/window.h"

#define WL_DISPLAY_GET_REGISTRY 1 /* request opcodes, wayland.xml */
#define WL_REGISTRY_BIND 0
#define WL_OUTPUT_RELEASE 0 /* since wl_output version 3 */
#define WL_OUTPUT_MODE_CURRENT 0x1
#define WP_PRESENTATION_DESTROY 0 /* request opcodes, presentation-time.xml */
#define WP_PRESENTATION_FEEDBACK 1
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
	__typeof__(&wl_display_prepare_read_queue) prepare_read_queue;
	__typeof__(&wl_display_read_events) read_events;
	__typeof__(&wl_display_cancel_read) cancel_read;
	__typeof__(&wl_display_dispatch_queue_pending) dispatch_queue_pending;
	__typeof__(&wl_display_get_fd) get_fd;
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
	bool wants_presentation;       /* the follower's probe: bind wp_presentation too */
	struct wl_proxy *presentation; /* wp_presentation, or NULL */
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
	SYM(prepare_read_queue, "wl_display_prepare_read_queue");
	SYM(read_events, "wl_display_read_events");
	SYM(cancel_read, "wl_display_cancel_read");
	SYM(dispatch_queue_pending, "wl_display_dispatch_queue_pending");
	SYM(get_fd, "wl_display_get_fd");
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

/* presentation-time.xml, version 1. No argument types: libwayland checks an object argument's
 * interface only when one is given, and the new_id's interface is passed to the constructor. */
static const struct wl_interface *const no_types[7];
static const struct wl_message presentation_requests[] = {
	{ "destroy", "", (const struct wl_interface **)no_types },
	{ "feedback", "on", (const struct wl_interface **)no_types },
};
static const struct wl_message presentation_events[] = {
	{ "clock_id", "u", (const struct wl_interface **)no_types },
};
static const struct wl_message feedback_events[] = {
	{ "sync_output", "o", (const struct wl_interface **)no_types },
	{ "presented", "uuuuuuu", (const struct wl_interface **)no_types },
	{ "discarded", "", (const struct wl_interface **)no_types },
};
static const struct wl_interface presentation_interface = {
	"wp_presentation", 1, 2, presentation_requests, 1, presentation_events,
};
static const struct wl_interface feedback_interface = {
	"wp_presentation_feedback", 1, 0, NULL, 3, feedback_events,
};

static void on_clock_id(void *data, struct wl_proxy *proxy, uint32_t clock_id)
{
	(void)data, (void)proxy, (void)clock_id;
}

static void (*const presentation_listener[])(void) = { (void (*)(void))on_clock_id };

static void bind_presentation(struct wl_probe *p, struct wl_proxy *registry, uint32_t name)
{
	if (!p->wants_presentation || p->presentation)
		return;
	p->presentation = p->f->marshal_constructor_versioned(registry, WL_REGISTRY_BIND,
							      &presentation_interface, 1, name,
							      presentation_interface.name, 1, NULL);
	if (p->presentation &&
	    p->f->add_listener(p->presentation, (void (**)(void))presentation_listener, p) < 0) {
		p->f->destroy(p->presentation);
		p->presentation = NULL;
	}
}

static void on_global(void *data, struct wl_proxy *registry, uint32_t name, const char *interface,
		      uint32_t version)
{
	struct wl_probe *p = data;
	const struct wl_interface *oi = p->f->output_interface;
	struct wl_out *o;

	if (!strcmp(interface, presentation_interface.name))
		bind_presentation(p, registry, name);
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
	if (p->presentation) {
		f->marshal(p->presentation, WP_PRESENTATION_DESTROY);
		f->destroy(p->presentation);
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

/* ---- the follower: the output a surface is shown on, from presentation feedback ------------ */

/* Feedback requests at most this often once one was answered (a window moved is followed
 * within about a second); a discarded frame asks again at the next present. */
#define FOLLOW_INTERVAL_NS INT64_C(1000000000)

struct ingame_wl_follow {
	struct wl_fns f;
	struct wl_display *dpy;
	struct wl_proxy *surface;  /* the game's wl_surface: only named in our requests */
	struct wl_probe *p;	   /* our queue, registry, wl_outputs and wp_presentation */
	pid_t pid;		   /* the process that made it: a forked child never touches it */
	bool is_broken;		   /* an error was logged: a pass-through from then on */
	struct wl_proxy *feedback; /* the one request in flight, or NULL */
	int synced;		   /* feedback's sync_output among our outputs, or -1 */
	bool is_answered;	   /* presented or discarded came */
	bool is_presented;
	int64_t presented_refresh_ns; /* presented's refresh, 0 = not given */
	int64_t next_request_ns;
	int shown; /* the output last reported to the caller, or -1 */
	int64_t shown_refresh_ns;
};

static void on_sync_output(void *data, struct wl_proxy *proxy, struct wl_proxy *output)
{
	struct ingame_wl_follow *w = data;

	(void)proxy;
	/* one event per wl_output the client bound for that output: the game's are not ours */
	for (int i = 0; output && i < w->p->n_outs; i++)
		if (w->p->outs[i].proxy == output)
			w->synced = i;
}

static void on_presented(void *data, struct wl_proxy *proxy, uint32_t sec_hi, uint32_t sec_lo,
			 uint32_t nsec, uint32_t refresh_ns, uint32_t seq_hi, uint32_t seq_lo,
			 uint32_t flags)
{
	struct ingame_wl_follow *w = data;

	(void)proxy, (void)sec_hi, (void)sec_lo, (void)nsec, (void)seq_hi, (void)seq_lo, (void)flags;
	w->is_answered = true;
	w->is_presented = true;
	w->presented_refresh_ns = refresh_ns; /* 0: unknown or variable (the protocol's words) */
}

static void on_discarded(void *data, struct wl_proxy *proxy)
{
	struct ingame_wl_follow *w = data;

	(void)proxy;
	w->is_answered = true;
}

static void (*const feedback_listener[])(void) = {
	(void (*)(void))on_sync_output,
	(void (*)(void))on_presented,
	(void (*)(void))on_discarded,
};

struct ingame_wl_follow *ingame_wl_follow_new(void *display, void *surface)
{
	struct ingame_wl_follow *w;

	if (!display || !surface)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->p = calloc(1, sizeof(*w->p));
	if (!w->p || !load(&w->f)) {
		free(w->p);
		free(w);
		return NULL;
	}
	w->dpy = display;
	w->surface = surface;
	w->pid = getpid();
	w->synced = w->shown = -1;
	w->p->f = &w->f;
	w->p->wants_presentation = true;
	if (probe_outputs(w->p, w->dpy) < 0 || !w->p->presentation || !w->p->n_outs) {
		ingame_wl_follow_free(w); /* no wp_presentation: today's guess stays */
		return NULL;
	}
	return w;
}

/* Moves what the game's or the driver's reads put on our queue to our listeners, and reads the
 * socket only when it has data now: never a blocking read (libwayland's prepare_read rules;
 * read_events waits only for another thread that prepared a read, which a readable socket wakes). */
static int read_queue(struct ingame_wl_follow *w)
{
	const struct wl_fns *f = &w->f;
	struct pollfd pfd = { .events = POLLIN };

	while (f->prepare_read_queue(w->dpy, w->p->queue) != 0)
		if (f->dispatch_queue_pending(w->dpy, w->p->queue) < 0)
			return -EIO;
	pfd.fd = f->get_fd(w->dpy);
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN)) {
		if (f->read_events(w->dpy) < 0)
			return -EIO;
	} else {
		f->cancel_read(w->dpy);
	}
	return f->dispatch_queue_pending(w->dpy, w->p->queue) < 0 ? -EIO : 0;
}

/* An answered feedback: true when it names an output with a refresh other than the last told. */
static bool take_answer(struct ingame_wl_follow *w, int64_t now_ns, struct ingame_refresh *out)
{
	const struct wl_out *o;
	int64_t ns;

	w->f.destroy(w->feedback);
	w->feedback = NULL;
	w->next_request_ns = w->is_presented ? now_ns + FOLLOW_INTERVAL_NS : now_ns;
	if (!w->is_presented || w->synced < 0)
		return false;
	o = &w->p->outs[w->synced];
	ns = w->presented_refresh_ns > 0 ? w->presented_refresh_ns
	     : o->refresh_mhz > 0	 ? (int64_t)(1e12 / (double)o->refresh_mhz + 0.5)
					 : 0;
	if (ns <= 0 || (w->synced == w->shown && ns == w->shown_refresh_ns))
		return false;
	w->shown = w->synced;
	w->shown_refresh_ns = ns;
	memset(out, 0, sizeof(*out));
	out->refresh_ns = ns;
	out->source = "presentation feedback";
	if (o->name[0])
		snprintf(out->output, sizeof(out->output), "%s", o->name);
	else
		snprintf(out->output, sizeof(out->output), "output %d", w->synced);
	return true;
}

bool ingame_wl_follow_frame(struct ingame_wl_follow *w, int64_t now_ns, struct ingame_refresh *out)
{
	bool has_news = false;

	if (!w || w->is_broken || w->pid != getpid())
		return false;
	if (read_queue(w) < 0) {
		ingame_log(INGAME_LOG_INFO, "Wayland: reading presentation feedback failed: the "
					    "refresh stays as it is");
		w->is_broken = true;
		return false;
	}
	if (w->feedback && w->is_answered)
		has_news = take_answer(w, now_ns, out);
	if (!w->feedback && now_ns >= w->next_request_ns) {
		/* attaches to the surface's next commit: the one the driver makes for this present */
		w->feedback = w->f.marshal_constructor(w->p->presentation, WP_PRESENTATION_FEEDBACK,
						       &feedback_interface, w->surface, NULL);
		w->synced = -1;
		w->is_answered = w->is_presented = false;
		w->presented_refresh_ns = 0;
		if (w->feedback &&
		    w->f.add_listener(w->feedback, (void (**)(void))feedback_listener, w) < 0) {
			w->f.destroy(w->feedback);
			w->feedback = NULL;
		}
		if (!w->feedback) {
			ingame_log(INGAME_LOG_INFO, "Wayland: no presentation feedback (out of "
						    "memory): the refresh stays as it is");
			w->is_broken = true;
		}
	}
	return has_news;
}

void ingame_wl_follow_free(struct ingame_wl_follow *w)
{
	if (!w)
		return;
	/* a forked child shares the parent's connection: it must not send or destroy anything */
	if (w->pid == getpid()) {
		if (w->feedback)
			w->f.destroy(w->feedback);
		probe_free(w->p);
	} else {
		free(w->p);
	}
	free(w);
}

// SPDX-License-Identifier: MIT
// The HUD in OpenGL games (issue 29): one struct hud, one program and one texture per context
// and drawable, made at its first HUD frame; each swap, the HUD goes into the back buffer of the
// default framebuffer just before the driver's swap, with every piece of GL state the drawing
// touches saved and restored (gl_hud_state.c). The panel is painted on the CPU into an image
// (ingame/hud_image.c: a text line's rows when its text changes, one line a frame; the graph as
// a ring of columns, one new column a frame), uploaded into the texture and blitted onto the
// window as a few rectangles side by side (gl_hud_blit.c), or drawn as textured triangles where
// the context cannot blit: on llvmpipe every pixel drawn is the game's CPU time (issue 29's
// cost), a blit at scale 1 is a copy of rows. Where the driver's swap puts an X image of the
// frame (Mesa's drisw under GLX), the panel is copied into that image instead, with no GL call
// (gl_hud_put.c): a blit waits there for the game's frame to be rasterised. No allocation per
// frame: an entry's hud, vertices and image are allocated once. A context it cannot draw in
// gets one log line and no HUD; the game's frames go on as before.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gl/gl_hud.h"

#define GLX_WIDTH 0x801D
#define GLX_HEIGHT 0x801E
#define EGL_DRAW 0x3059
#define EGL_HEIGHT 0x3056
#define EGL_WIDTH 0x3057
/* The drawable's size is asked every this many swaps and at most this often (a round-trip to the
 * X server with some drivers, two with GLX): a resized window gets a rightly placed HUD within
 * half a second at 60 fps, and a game at 300 fps pays for it in one frame of 75, not of 30 (the
 * frames that ask were a third of those above the HUD cost's p99, issue 29). */
#define SIZE_EVERY 30u
#define SIZE_EVERY_NS (INT64_C(250) * 1000000)

/* The HUD's pacer line, target and refresh from the pacer as it is now (at the first swap, and
 * again when the refresh changes: gl_hud_refresh). */
static void take_pacer(struct gl_hud_global *h, const struct ingame_settings *s)
{
	ingame_hud_pacer_line(s, &gl_g.pacer, h->pacer, sizeof(h->pacer));
	h->target_ns = gl_g.has_target ? pacer_interval_ns(&gl_g.pacer) : 0;
	h->refresh_ns = gl_g.refresh.refresh_ns;
}

void gl_hud_setup(const struct ingame_settings *s)
{
	struct gl_hud_global *h = &gl_g.hud;
	static const int interval[] = { [SETTING_PRESENT_FIFO] = 1,
					[SETTING_PRESENT_IMMEDIATE] = 0,
					[SETTING_PRESENT_MAILBOX] = -1,
					[SETTING_PRESENT_FIFO_RELAXED] = -1 };

	h->cfg = s->hud;
	h->is_selftime = s->is_selftime;
	if (!h->cfg.enabled)
		return;
	h->is_pacer_on = s->is_pacer_on;
	snprintf(h->fps_from, sizeof(h->fps_from), "%s", s->fps_from);
	take_pacer(h, s);
	if (s->has_present_mode)
		snprintf(h->present, sizeof(h->present), "swap interval %d (%s)",
			 interval[s->present_mode], setting_present_mode_names[s->present_mode]);
	else
		snprintf(h->present, sizeof(h->present), "the game's swap interval");
}

void gl_hud_refresh(void)
{
	struct gl_hud_global *h = &gl_g.hud;
	struct ingame_settings s = { .is_pacer_on = false }; /* the two fields the line reads */

	if (!h->cfg.enabled)
		return;
	s.is_pacer_on = h->is_pacer_on;
	snprintf(s.fps_from, sizeof(s.fps_from), "%s", h->fps_from);
	pthread_mutex_lock(&gl_g.lock);
	take_pacer(h, &s);
	__atomic_store_n(&h->generation, h->generation + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&gl_g.lock);
}

/* A new pacer line since this context's last frame: its hud takes it (lock held to read it). */
static void follow_pacer(struct gl_hud_ctx *c)
{
	if (__atomic_load_n(&gl_g.hud.generation, __ATOMIC_ACQUIRE) == c->generation)
		return;
	pthread_mutex_lock(&gl_g.lock);
	hud_set_pacer(c->hud, gl_g.hud.pacer);
	hud_set_target(c->hud, gl_g.hud.target_ns, gl_g.hud.refresh_ns);
	c->generation = gl_g.hud.generation;
	pthread_mutex_unlock(&gl_g.lock);
}

static struct gl_hud_ctx *ctx_new(void *context, void *drawable)
{
	struct gl_hud_ctx *c = calloc(1, sizeof(*c));

	if (!c || !(c->hud = malloc(hud_size())) ||
	    !(c->vertices = malloc(HUD_MAX_VERTICES * sizeof(struct hud_vertex))) ||
	    !(c->image = malloc((size_t)HUD_IMAGE_MAX_W * HUD_IMAGE_MAX_H * 4)) ||
	    (gl_g.hud.is_selftime && !(c->self_ns = calloc(GL_HUD_SELF_FRAMES, sizeof(uint32_t))))) {
		if (c)
			free(c->hud), free(c->vertices), free(c->image);
		free(c);
		return NULL;
	}
	c->context = context;
	c->drawable = drawable;
	hud_init(c->hud, &gl_g.hud.cfg);
	hud_set_gpu(c->hud, gl_g.renderer);
	hud_set_present_mode(c->hud, gl_g.hud.present);
	hud_set_pacer(c->hud, gl_g.hud.pacer);
	hud_set_target(c->hud, gl_g.hud.target_ns, gl_g.hud.refresh_ns);
	c->generation = gl_g.hud.generation; /* lock held (ctx_find) */
	return c;
}

/* The GL functions for api, loaded at its first HUD frame; NULL when some are missing. */
static const struct gl_hud_fns *fns_of(enum gl_api api)
{
	struct gl_hud_fns *f = __atomic_load_n(&gl_g.hud.fns[api], __ATOMIC_ACQUIRE);

	if (f)
		return f->is_broken ? NULL : f;
	pthread_mutex_lock(&gl_g.lock);
	if (!(f = gl_g.hud.fns[api]) && (f = calloc(1, sizeof(*f)))) {
		if (!gl_hud_fns_load(f, api))
			ingame_log(GL_LOG_HUD, "OpenGL: the HUD needs GL 2.1 or ES 2 functions the "
					       "driver does not give: no HUD");
		__atomic_store_n(&gl_g.hud.fns[api], f, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&gl_g.lock);
	return f && !f->is_broken ? f : NULL;
}

/* The entry of (context, drawable), made at its first frame; NULL: no HUD for it. `lock` is
 * held only to look up and add: an entry is used by the thread its context is current on. */
static struct gl_hud_ctx *ctx_find(void *context, void *drawable)
{
	struct gl_hud_global *h = &gl_g.hud;
	struct gl_hud_ctx *c = NULL;
	size_t i;

	pthread_mutex_lock(&gl_g.lock);
	for (i = 0; i < GL_HUD_CONTEXTS && h->ctx[i]; i++)
		if (h->ctx[i]->context == context && h->ctx[i]->drawable == drawable) {
			c = h->ctx[i];
			break;
		}
	if (!c && i < GL_HUD_CONTEXTS)
		c = h->ctx[i] = ctx_new(context, drawable);
	else if (!c)
		ingame_log(GL_LOG_HUD,
			   "OpenGL: more than %d contexts and drawables: the HUD is "
			   "drawn in the first ones only",
			   GL_HUD_CONTEXTS);
	pthread_mutex_unlock(&gl_g.lock);
	return c;
}

static void read_size(const struct gl_hud_fns *f, enum gl_api api, void *display, void *surface,
		      struct gl_hud_ctx *c, int64_t now_ns)
{
	unsigned w = 0, h = 0;
	int ew = 0, eh = 0;

	if (c->size_countdown)
		c->size_countdown--;
	if (c->width && (c->size_countdown || now_ns - c->size_ns < SIZE_EVERY_NS))
		return;
	c->size_countdown = SIZE_EVERY;
	c->size_ns = now_ns;
	if (api == GL_API_GLX) {
		f->glx_query_drawable(display, (unsigned long)(uintptr_t)surface, GLX_WIDTH, &w);
		f->glx_query_drawable(display, (unsigned long)(uintptr_t)surface, GLX_HEIGHT, &h);
	} else if (f->egl_query_surface(display, surface, EGL_WIDTH, &ew) &&
		   f->egl_query_surface(display, surface, EGL_HEIGHT, &eh) && ew > 0 && eh > 0) {
		w = (unsigned)ew, h = (unsigned)eh;
	}
	c->width = w;
	c->height = h;
}

static void no_hud(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const char *why)
{
	const char *v = f->GetString(GL_VERSION);

	c->state = -1;
	ingame_log(GL_LOG_HUD, "OpenGL: no HUD in this context: %s (GL_VERSION %s)", why,
		   v ? v : "none");
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* MVGAL_SELFTIME=1: the thread CPU time of each HUD frame (what gl_hud_draw costs the game's
 * thread, the driver's GL entry points included, and the copy into the driver's image of the
 * frame before, gl_hud_put.c); every GL_HUD_SELF_FRAMES frames one line with the median and
 * p99 (the bench reads it: tests/bench/bench_hud.sh). */
int64_t gl_hud_thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

static void self_record(struct gl_hud_ctx *c, int64_t ns)
{
	c->self_ns[c->n_self++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
	if (c->n_self < GL_HUD_SELF_FRAMES)
		return;
	qsort(c->self_ns, GL_HUD_SELF_FRAMES, sizeof(uint32_t), cmp_u32);
	ingame_log(
		INGAME_LOG_INFO,
		"OpenGL: HUD cost per frame (thread CPU time, %u frames): median %u ns, p99 %u ns",
		GL_HUD_SELF_FRAMES, c->self_ns[GL_HUD_SELF_FRAMES / 2],
		c->self_ns[GL_HUD_SELF_FRAMES * 99 / 100]);
	c->n_self = 0;
}

static void draw(enum gl_api api, void *display, void *surface, const struct gl_hud_fns *f,
		 struct gl_hud_ctx *c);

/* The context draws into the window being swapped: a game may swap a window that is not current
 * (GLX allows it), where the HUD would land in the wrong one. */
static bool is_current(const struct gl_hud_fns *f, enum gl_api api, void *surface)
{
	if (api == GL_API_GLX)
		return f->glx_current_drawable() == (unsigned long)(uintptr_t)surface;
	return f->egl_current_surface(EGL_DRAW) == surface;
}

void gl_hud_draw(enum gl_api api, void *display, void *surface)
{
	const struct gl_hud_fns *f;
	struct gl_hud_ctx *c;
	void *context;
	int64_t t0;

	/* the state first: the HUD's settings are written before it turns active (release) */
	if (__atomic_load_n(&gl_g.state, __ATOMIC_ACQUIRE) != 1 || !gl_g.hud.cfg.enabled ||
	    !(f = fns_of(api)) || !(context = f->get_current_context()) ||
	    !is_current(f, api, surface) || !(c = ctx_find(context, surface)) || c->state < 0)
		return;
	t0 = c->self_ns ? gl_hud_thread_ns() : 0;
	draw(api, display, surface, f, c);
	if (c->self_ns && hud_visible(c->hud))
		self_record(c, gl_hud_thread_ns() - t0 + c->put_self_ns);
	if (c->self_ns)
		c->put_self_ns = 0;
}

/* The panel's rectangles on the surface (hud_image_ring_rects(): the graph's ring of columns in
 * age order), two triangles each, their texture coordinates in the image's corner of the
 * texture; c->n_vertices of them in the bound buffer. */
static void panel_quads(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const struct hud_panel *p)
{
	struct hud_image_rect r[HUD_IMAGE_RECTS];
	struct hud_vertex v[6 * HUD_IMAGE_RECTS];
	size_t n = hud_image_ring_rects(p, c->image_state.graph_intervals, r);
	float s = (float)p->scale;

	for (size_t i = 0; i < n; i++) {
		float x0 = (float)p->x + (float)r[i].at_x * s, y0 = (float)p->y + (float)r[i].y0 * s;
		float x1 = x0 + (float)(r[i].x1 - r[i].x0) * s, y1 = (float)p->y + (float)r[i].y1 * s;
		float u0 = (float)r[i].x0 / HUD_IMAGE_MAX_W, u1 = (float)r[i].x1 / HUD_IMAGE_MAX_W;
		float v0 = (float)r[i].y0 / HUD_IMAGE_MAX_H, v1 = (float)r[i].y1 / HUD_IMAGE_MAX_H;
		const struct hud_vertex q[6] = {
			/* hud.h's order of a quad's two triangles */
			{ x0, y0, u0, v0, { 0 } }, { x1, y0, u1, v0, { 0 } },
			{ x0, y1, u0, v1, { 0 } }, { x1, y0, u1, v0, { 0 } },
			{ x1, y1, u1, v1, { 0 } }, { x0, y1, u0, v1, { 0 } }
		};

		memcpy(v + 6 * i, q, sizeof(q));
	}
	f->BufferData(GL_ARRAY_BUFFER, (intptr_t)(6 * n * sizeof(v[0])), v, GL_DYNAMIC_DRAW);
	c->n_vertices = (int)(6 * n);
}

/* Uploads the image's rectangle r into the texture: its rows copied tightly packed (4 * w bytes,
 * a multiple of 8 as w is even, so any GL_UNPACK_ALIGNMENT reads them alike, and no row length,
 * which ES 2 lacks) unless they are the image's whole rows. The texture is bound, the unpack
 * state set. */
static void upload_rect(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const struct hud_panel *p,
			const struct hud_image_rect *r)
{
	uint8_t column[HUD_IMAGE_MAX_H * HUD_GRAPH_BAR_W * 4];
	uint32_t w = r->x1 - r->x0;
	const uint8_t *src = c->image + ((size_t)r->y0 * p->image_w + r->x0) * 4;

	if (w != p->image_w) {
		if ((size_t)w * (r->y1 - r->y0) * 4 > sizeof(column))
			return;
		hud_image_copy_rect(column, (size_t)w * 4, c->image, p->image_w, r);
		src = column;
	}
	f->TexSubImage2D(GL_TEXTURE_2D, 0, (int)r->x0, (int)r->y0, (int)w, (int)(r->y1 - r->y0),
			 c->is_bgra ? GL_BGRA : GL_RGBA, GL_UNSIGNED_BYTE, src);
}

/* Paints what changed (hud_image_update(): everything when the panel's size did, else the
 * graph's new column and at most one text line whose text changed) and uploads it; where the
 * panel is drawn as triangles (a blitting context has no vertices), the vertex buffer's
 * rectangles again when the panel or the ring moved. The texture and the buffer are bound. */
static void upload(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const struct hud_panel *p)
{
	struct hud_image_rect r[HUD_IMAGE_CHANGES];
	struct gl_hud_unpack u;
	const struct hud_image_state was = c->image_state;
	size_t n = hud_image_update(c->hud, p, &c->image_state, c->is_bgra, c->image, c->vertices, r);

	if (n) {
		gl_hud_unpack_save_set(f, &c->kind, &u);
		for (size_t i = 0; i < n; i++)
			upload_rect(f, c, p, &r[i]);
		gl_hud_unpack_restore(f, &c->kind, &u);
	}
	if (!c->fbo && (!was.has_image || memcmp(&was.panel, p, sizeof(*p)) ||
			was.graph_intervals % HUD_GRAPH_FRAMES !=
				c->image_state.graph_intervals % HUD_GRAPH_FRAMES))
		panel_quads(f, c, p);
}

/* The context's objects are made. MVGAL_SELFTIME=1: how the panel goes onto the window, once
 * per process and way (tests/integration/test_hud_gl.sh reads it). */
static void ready(struct gl_hud_ctx *c)
{
	c->state = 1;
	if (c->self_ns)
		ingame_log(c->fbo ? GL_LOG_HUD_BLIT : GL_LOG_HUD_TRIANGLES,
			   "OpenGL: the HUD's panel is %s",
			   c->fbo ? "blitted (glBlitFramebuffer)" : "drawn as triangles");
}

/* A frame of the put way (gl_hud_put.c): the image painted, no GL call, the panel copied into
 * the image the driver's swap puts. A panel no longer at scale 1 leaves that way: painted whole
 * and blitted. */
static bool put_frame(struct gl_hud_ctx *c, const struct hud_panel *p)
{
	struct hud_image_rect r[HUD_IMAGE_CHANGES];

	if (!c->is_put)
		return false;
	if (p->scale != 1) {
		c->is_put = false;
		c->image_state.has_image = false;
		return false;
	}
	hud_image_update(c->hud, p, &c->image_state, c->is_bgra, c->image, c->vertices, r);
	gl_hud_put_arm(c, p);
	return true;
}

static void draw(enum gl_api api, void *display, void *surface, const struct gl_hud_fns *f,
		 struct gl_hud_ctx *c)
{
	struct gl_hud_saved saved;
	struct hud_panel p;
	const char *why = "";
	int64_t now_ns = ingame_now_ns();

	follow_pacer(c);
	hud_frame(c->hud, (uint64_t)now_ns);
	if (!c->is_put) /* else the last put's size (gl_hud_put.c) */
		read_size(f, api, display, surface, c, now_ns);
	if (!c->width || !c->height || !hud_panel(c->hud, c->width, c->height, &p) ||
	    put_frame(c, &p))
		return;
	/* another context at the address of one that went: its objects are not ours */
	if (c->state > 0 && !(f->IsProgram(c->program) && f->IsTexture(c->texture)))
		c->state = 0;
	if (!c->state && !gl_hud_kind_read(f, &c->kind)) {
		no_hud(f, c,
		       "its GL version (want GL 2.1+ or ES 2+; a core profile with vertex "
		       "arrays)");
		return;
	}
	gl_hud_state_save(f, c, &saved);
	if (!c->state && !gl_hud_objects_make(f, c, &why))
		no_hud(f, c, why);
	else if (!c->state)
		ready(c);
	if (c->state > 0) {
		gl_hud_state_set(f, c, &saved);
		upload(f, c, &p);
		if (c->fbo) {
			gl_hud_blit_draw(f, c, &p);
			gl_hud_put_arm(c, &p); /* can the next frames go into the driver's image? */
		} else {
			f->Uniform2f(c->loc_size, (float)c->width, (float)c->height);
			f->DrawArrays(GL_TRIANGLES, 0, c->n_vertices);
		}
	}
	gl_hud_state_restore(f, c, &saved);
}

// SPDX-License-Identifier: MIT
// The HUD's figures and its triangles (issue 29). Figures are refreshed every HUD_UPDATE_NS in
// hud_frame(), so that a present costs a ring write and hud_build() only lays out text.
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingame/hud.h"

#define TEXT_MAX 64 /* characters of a line shown; longer ones are cut */
#define GRAPH_H 40  /* graph height in texels (x scale) */
#define BAR_W HUD_GRAPH_BAR_W
#define PAD 3				/* padding inside the panel */
#define MARGIN 8			/* distance from the surface's corner, pixels at scale 1 */
#define GRAPH_Y0 (2 * PAD + HUD_CELL_H) /* the graph's first row in the image (scale 1) */
#define N_LINES HUD_LINES		/* text lines, the graph sits after the first */

struct hud {
	struct hud_config cfg;
	bool is_off;	    /* toggled off by the key */
	uint32_t key_seen;  /* hud_key_presses() at the last poll */
	int64_t target_ns;  /* 0: no target, nothing is late */
	int64_t refresh_ns; /* 0: unknown */
	uint64_t last_ns;   /* previous hud_frame(), 0 before the first */
	uint64_t frames;
	uint64_t late;
	uint32_t ring[HUD_RING]; /* intervals in ns (saturated), newest at ring[(head-1)%HUD_RING] */
	uint32_t head;
	uint32_t filled;
	uint64_t intervals;	  /* hud_intervals() */
	uint64_t period_start_ns; /* the current update period */
	uint32_t period_frames;
	uint64_t period_sum_ns;
	struct hud_figures fig;
	char gpu[TEXT_MAX + 1];
	char present[TEXT_MAX + 1];
	char pacer[TEXT_MAX + 1];
	char line_fps[TEXT_MAX + 1]; /* formatted at each update */
	char line_low[TEXT_MAX + 1];
	uint32_t version;		/* hud_version(): one more at each change of the text */
	uint32_t line_version[N_LINES]; /* hud_line_version(), by LINES_OF()'s order */
	/* per glyph (ASCII 32..126): the rectangle of its ink in its cell, x0 y0 x1 y1 (x1 and y1
	 * excluded; 0 0 0 0 when blank); a glyph's quad covers its ink only: on lavapipe a HUD
	 * glyph's sampled and blended pixels were most of the HUD's cost (issue 29) */
	uint8_t ink[95][4];
};

/* colours: visibly unlike black and unlike vkcube's and glxgears' colours (screenshot tests).
 * Every solid rectangle is opaque (alpha 255), so that a drawer may draw them without blending:
 * on lavapipe blending the panel's ~33,000 solid pixels was a third of the HUD's cost (issue 29);
 * the panel was 82 % opaque before. The graph's background is the panel's darkened as black at
 * alpha 90 over it did: BG x 165/255; the target line is white at alpha 150 over GRAPH_BG. */
static const uint8_t BG[4] = { 20, 28, 72, 255 };
static const uint8_t GRAPH_BG[4] = { 13, 18, 47, 255 };
static const uint8_t LABEL[4] = { 140, 200, 255, 255 };
static const uint8_t VALUE[4] = { 255, 236, 140, 255 };
static const uint8_t BAR[4] = { 90, 230, 130, 255 };
static const uint8_t BAR_LATE[4] = { 255, 90, 90, 255 };
static const uint8_t TARGET[4] = { 155, 157, 168, 255 };

/* the widest line (a label of 8 and a value of TEXT_MAX characters) and the panel's height fit */
_Static_assert((8 + TEXT_MAX) * HUD_CELL_W + 2 * PAD <= HUD_IMAGE_MAX_W &&
		       N_LINES * HUD_CELL_H + GRAPH_H + 3 * PAD <= HUD_IMAGE_MAX_H &&
		       HUD_GRAPH_FRAMES * BAR_W + 2 * PAD <= HUD_IMAGE_MAX_W,
	       "the panel fits in the image");

size_t hud_size(void)
{
	return sizeof(struct hud);
}

static void copy_text(char *dst, const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i < TEXT_MAX; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* The rectangle of glyph g's ink in its cell of hud_atlas: x0 y0 x1 y1, all 0 when blank. */
static void find_ink(unsigned g, uint8_t box[4])
{
	const uint8_t *cell = hud_atlas + g / 16 * HUD_CELL_H * HUD_ATLAS_W + g % 16 * HUD_CELL_W;
	uint8_t x0 = HUD_CELL_W, y0 = HUD_CELL_H, x1 = 0, y1 = 0;

	for (uint8_t y = 0; y < HUD_CELL_H; y++)
		for (uint8_t x = 0; x < HUD_CELL_W; x++) {
			if (!cell[y * HUD_ATLAS_W + x])
				continue;
			x0 = x < x0 ? x : x0;
			y0 = y < y0 ? y : y0;
			x1 = x + 1 > x1 ? x + 1 : x1;
			y1 = y + 1 > y1 ? y + 1 : y1;
		}
	if (!x1)
		x0 = y0 = 0;
	box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1;
}

void hud_init(struct hud *h, const struct hud_config *cfg)
{
	memset(h, 0, sizeof(*h));
	h->cfg = *cfg;
	if (h->cfg.scale < 1)
		h->cfg.scale = 1;
	if (h->cfg.scale > 4)
		h->cfg.scale = 4;
	if (h->cfg.corner < HUD_TOP_LEFT || h->cfg.corner > HUD_BOTTOM_RIGHT)
		h->cfg.corner = HUD_TOP_LEFT;
	copy_text(h->line_fps, "--- fps");
	copy_text(h->line_low, "--- fps");
	copy_text(h->pacer, "off");
	for (unsigned g = 0; g < 95; g++)
		find_ink(g, h->ink[g]);
}

/* Line i's text becomes text (already printable, at most TEXT_MAX characters): its version and
 * the HUD's move only when it changed, so that a drawer repaints only what did. */
static void set_line(struct hud *h, unsigned i, char *line, const char *text)
{
	if (!strcmp(line, text))
		return;
	memcpy(line, text, strlen(text) + 1);
	h->line_version[i]++;
	h->version++;
}

static void set_text(struct hud *h, unsigned i, char *line, const char *src)
{
	char text[TEXT_MAX + 1];

	copy_text(text, src);
	set_line(h, i, line, text);
}

void hud_set_gpu(struct hud *h, const char *name)
{
	set_text(h, 2, h->gpu, name);
}

void hud_set_present_mode(struct hud *h, const char *mode)
{
	set_text(h, 4, h->present, mode);
}

void hud_set_pacer(struct hud *h, const char *line)
{
	set_text(h, 3, h->pacer, line);
}

void hud_set_target(struct hud *h, int64_t target_ns, int64_t refresh_ns)
{
	h->target_ns = target_ns > 0 ? target_ns : 0;
	h->refresh_ns = refresh_ns > 0 ? refresh_ns : 0;
}

static bool is_late(const struct hud *h, uint64_t interval_ns)
{
	int64_t tol = h->refresh_ns ? h->refresh_ns / 2 : HUD_LATE_MIN_NS;

	return h->target_ns && interval_ns > (uint64_t)(h->target_ns + tol);
}

static uint32_t ring_at(const struct hud *h, uint32_t age) /* age 0 = newest */
{
	return h->ring[(h->head + HUD_RING - 1 - age) % HUD_RING];
}

/* pacer.h's "1 % low": 1e9 / mean of the slowest max(1, n / 100) intervals, over the frames of
 * the last HUD_LOW_WINDOW_NS (at most HUD_RING). x10, 0 when there are none. */
static uint32_t low1_fps_x10(const struct hud *h)
{
	uint32_t slow[HUD_RING / 100 + 1] = { 0 }, n = 0, k;
	uint64_t window = 0, sum = 0;

	while (n < h->filled && window < (uint64_t)HUD_LOW_WINDOW_NS)
		window += ring_at(h, n++);
	if (!n)
		return 0;
	k = n / 100 > 1 ? n / 100 : 1;
	for (uint32_t i = 0; i < n; i++) { /* keep the k largest, in descending order */
		uint32_t v = ring_at(h, i), j = k;

		if (v <= slow[k - 1])
			continue;
		while (j > 0 && slow[j - 1] < v) {
			if (j < k)
				slow[j] = slow[j - 1];
			j--;
		}
		slow[j] = v;
	}
	for (uint32_t i = 0; i < k; i++)
		sum += slow[i];
	return sum ? (uint32_t)((UINT64_C(10000000000) * k + sum / 2) / sum) : 0;
}

/* "123.4": no printf floating point, whatever the game's LC_NUMERIC */
static void fmt_x10(char *buf, size_t n, uint64_t x10)
{
	snprintf(buf, n, "%llu.%llu", (unsigned long long)(x10 / 10), (unsigned long long)(x10 % 10));
}

static void update_figures(struct hud *h, uint64_t now_ns)
{
	uint64_t elapsed = now_ns - h->period_start_ns;
	char fps[24], ms[24], low[24], line[TEXT_MAX + 1];

	if (h->period_frames && elapsed) {
		h->fig.fps_x10 = (uint32_t)((UINT64_C(10000000000) * h->period_frames + elapsed / 2) /
					    elapsed);
		h->fig.frame_us = (uint32_t)(h->period_sum_ns / h->period_frames / 1000);
	}
	h->fig.low1_fps_x10 = low1_fps_x10(h);
	fmt_x10(fps, sizeof(fps), h->fig.fps_x10);
	fmt_x10(ms, sizeof(ms), (h->fig.frame_us + 50) / 100);
	fmt_x10(low, sizeof(low), h->fig.low1_fps_x10);
	snprintf(line, sizeof(line), "%6s fps %6s ms", fps, ms);
	set_line(h, 0, h->line_fps, line);
	snprintf(line, sizeof(line), "%6s fps  late %llu", low, (unsigned long long)h->late);
	set_line(h, 1, h->line_low, line);
	h->period_start_ns = now_ns;
	h->period_frames = 0;
	h->period_sum_ns = 0;
}

void hud_frame(struct hud *h, uint64_t now_ns)
{
	h->frames++;
	h->fig.frames = h->frames;
	h->fig.late = h->late;
	if (h->last_ns && now_ns > h->last_ns) {
		uint64_t iv = now_ns - h->last_ns;

		h->ring[h->head] = iv > UINT32_MAX ? UINT32_MAX : (uint32_t)iv;
		h->head = (h->head + 1) % HUD_RING;
		h->intervals++;
		if (h->filled < HUD_RING)
			h->filled++;
		h->period_frames++;
		h->period_sum_ns += iv;
		if (is_late(h, iv))
			h->fig.late = ++h->late;
	}
	if (!h->last_ns)
		h->period_start_ns = now_ns;
	h->last_ns = now_ns;
	if (now_ns - h->period_start_ns >= (uint64_t)HUD_UPDATE_NS)
		update_figures(h, now_ns);
	if (h->cfg.enabled) {
		uint32_t presses = hud_key_presses((int64_t)now_ns);

		if ((presses - h->key_seen) & 1)
			h->is_off = !h->is_off;
		h->key_seen = presses;
	}
}

void hud_toggle(struct hud *h)
{
	h->is_off = !h->is_off;
}

bool hud_visible(struct hud *h)
{
	return h->cfg.enabled && !h->is_off;
}

void hud_figures(const struct hud *h, struct hud_figures *out)
{
	*out = h->fig;
}

/* ---- layout ------------------------------------------------------------------------------- */

struct out {
	struct hud_vertex *v;
	size_t n, max;
	float s;	/* scale */
	bool is_glyphs; /* this run lays out the glyphs; the other one the solid rectangles */
	const uint8_t (*ink)[4]; /* struct hud's */
	float x0, y0, x1, y1; /* only the quads that reach into this rectangle (x1, y1 excluded) */
};

static void vert(struct hud_vertex *v, float x, float y, float u, float t, const uint8_t *c)
{
	v->x = x;
	v->y = y;
	v->u = u;
	v->v = t;
	memcpy(v->rgba, c, 4);
}

/* One quad: pixels (x0, y0)-(x1, y1), atlas texels (u0, v0)-(u1, v1). */
static void quad(struct out *o, float x0, float y0, float x1, float y1, float u0, float v0,
		 float u1, float v1, const uint8_t *c)
{
	struct hud_vertex *v = o->v + o->n;

	/* full, or outside the rectangle asked for (a pixel whose centre is inside the quad is in a
	 * row and a column it reaches into) */
	if (o->max - o->n < 6 || !(y1 > o->y0 && y0 < o->y1 && x1 > o->x0 && x0 < o->x1))
		return;
	u0 /= HUD_ATLAS_W, u1 /= HUD_ATLAS_W, v0 /= HUD_ATLAS_H, v1 /= HUD_ATLAS_H;
	vert(v + 0, x0, y0, u0, v0, c);
	vert(v + 1, x1, y0, u1, v0, c);
	vert(v + 2, x0, y1, u0, v1, c);
	vert(v + 3, x1, y0, u1, v0, c);
	vert(v + 4, x1, y1, u1, v1, c);
	vert(v + 5, x0, y1, u0, v1, c);
	o->n += 6;
}

/* A solid rectangle samples the middle of the solid cell: no neighbour bleeds in. */
static void rect(struct out *o, float x0, float y0, float x1, float y1, const uint8_t *c)
{
	float u = 15 * HUD_CELL_W + HUD_CELL_W / 2.0f, t = 5 * HUD_CELL_H + HUD_CELL_H / 2.0f;

	if (!o->is_glyphs)
		quad(o, x0, y0, x1, y1, u, t, u, t, c);
}

/* Draws text at (x, y); returns the x after it. */
static float text(struct out *o, float x, float y, const char *s, const uint8_t *c)
{
	float cw = HUD_CELL_W * o->s;

	/* nothing to lay out: the rectangles' run, or rows not asked for (the graph's column that
	 * hud_image.c repaints each frame) */
	if (!o->is_glyphs || !(y + HUD_CELL_H * o->s > o->y0 && y < o->y1))
		return x + (float)strlen(s) * cw;
	for (; *s; s++, x += cw) {
		unsigned g = (unsigned char)*s - 32;

		const uint8_t *k;
		float u, t;

		if (*s == ' ' || g >= 95 || !o->is_glyphs || !o->ink[g][2])
			continue;
		k = o->ink[g];
		u = (float)(g % 16 * HUD_CELL_W), t = (float)(g / 16 * HUD_CELL_H);
		quad(o, x + k[0] * o->s, y + k[1] * o->s, x + k[2] * o->s, y + k[3] * o->s,
		     u + k[0], t + k[1], u + k[2], t + k[3], c);
	}
	return x;
}

struct line {
	const char *label, *value;
};

/* The height of the bar of interval `age` (0 the newest) in a graph gh pixels high that shows
 * intervals up to range: whole pixels, at least one texel (scale s). */
static float bar_height(const struct hud *h, uint32_t age, uint64_t range, float gh, float s)
{
	float bh = (float)(uint32_t)(gh * (float)ring_at(h, age) / (float)range + 0.5f);

	return bh < s ? s : bh;
}

/* The interval at the graph's top: twice the target, or the graph's longest interval if longer */
static uint64_t graph_range(const struct hud *h)
{
	uint32_t n = h->filled < HUD_GRAPH_FRAMES ? h->filled : HUD_GRAPH_FRAMES;
	uint64_t range = (uint64_t)h->target_ns * 2;

	for (uint32_t i = 0; i < n; i++)
		if (ring_at(h, i) > range)
			range = ring_at(h, i);
	return range;
}

/* The bars first .. *end - 1 (of the n shown) that reach into the columns asked for: bar i spans
 * x + (HUD_GRAPH_FRAMES - 1 - i) * bw to bw right of that. The graph's new column, which
 * hud_image.c paints each frame, is one bar: the others are not looked at. */
static uint32_t bars_asked(const struct out *o, float x, float bw, uint32_t *end)
{
	const float f = HUD_GRAPH_FRAMES;
	float a = (o->x0 - x) / bw, b = (o->x1 - x) / bw; /* in bars from the graph's left */
	uint32_t n = *end, first = b >= f ? 0 : b <= 0 ? n : (uint32_t)floorf(f - 1 - b) + 1;

	if (a > 0)
		*end = a >= f ? 0 : (uint32_t)ceilf(f - a) < n ? (uint32_t)ceilf(f - a) : n;
	return first < *end ? first : *end;
}

static void graph(const struct hud *h, struct out *o, float x, float y)
{
	uint32_t n = h->filled < HUD_GRAPH_FRAMES ? h->filled : HUD_GRAPH_FRAMES, first;
	float gh = GRAPH_H * o->s, bw = BAR_W * o->s;
	uint64_t range;

	if (o->is_glyphs || !(y + gh > o->y0 && y < o->y1))
		return;
	range = graph_range(h);
	rect(o, x, y, x + HUD_GRAPH_FRAMES * bw, y + gh, GRAPH_BG);
	if (!range)
		return;
	if (h->target_ns) {
		float ty = y + gh - gh * (float)h->target_ns / (float)range;

		rect(o, x, ty, x + HUD_GRAPH_FRAMES * bw, ty + o->s, TARGET);
	}
	/* newest at the right edge; bars side by side of the same height in whole pixels and the
	 * same colour are one quad (on lavapipe each quad costs its own set-up, issue 29) */
	first = bars_asked(o, x, bw, &n);
	for (uint32_t i = first, j; i < n; i = j) {
		float bh = bar_height(h, i, range, gh, o->s);
		bool is_bar_late = is_late(h, ring_at(h, i));

		for (j = i + 1; j < n && bar_height(h, j, range, gh, o->s) == bh &&
				is_late(h, ring_at(h, j)) == is_bar_late;
		     j++)
			;
		rect(o, x + (float)(HUD_GRAPH_FRAMES - j) * bw, y + gh - bh,
		     x + (float)(HUD_GRAPH_FRAMES - i) * bw, y + gh, is_bar_late ? BAR_LATE : BAR);
	}
}

#define LINES_OF(h)                                                                                \
	{                                                                                          \
		{ "", (h)->line_fps }, { "1% low ", (h)->line_low }, { "GPU ", (h)->gpu },         \
			{ "pacer ", (h)->pacer }, { "present ", (h)->present },                    \
	}

/* The panel's size at scale s: as wide as its longest line or the graph */
static void panel_size(float s, const struct line *lines, float *w, float *ht)
{
	size_t chars = HUD_GRAPH_FRAMES * BAR_W / HUD_CELL_W;

	for (int i = 0; i < N_LINES; i++) {
		size_t n = strlen(lines[i].label) + strlen(lines[i].value);

		chars = n > chars ? n : chars;
	}
	*w = (float)chars * HUD_CELL_W * s + 2 * PAD * s;
	*ht = N_LINES * HUD_CELL_H * s + GRAPH_H * s + 3 * PAD * s;
}

/* Where the panel (w x ht) goes on a width x height surface: its corner, never off the surface */
static void place(const struct hud *h, uint32_t width, uint32_t height, float w, float ht, float *x,
		  float *y)
{
	*x = h->cfg.corner & 1 ? (float)width - w - MARGIN : MARGIN;
	*y = h->cfg.corner & 2 ? (float)height - ht - MARGIN : MARGIN;
	*x = *x < 0 ? 0 : *x;
	*y = *y < 0 ? 0 : *y;
}

/* One run of the layout (o->is_glyphs: the glyphs, else the solid rectangles) of the panel with
 * its top-left at (x, y). */
static void layout_at(const struct hud *h, struct out *o, float x, float y)
{
	const struct line lines[N_LINES] = LINES_OF(h);
	float pad = PAD * o->s, lh = HUD_CELL_H * o->s, w, ht, gx0, gy0, gx1, gy1;

	panel_size(o->s, lines, &w, &ht);
	/* the background around the graph's rectangle (gx0, gy0)-(gx1, gy1), whose own background
	 * graph() draws: above, left, right, below */
	gx0 = x + pad, gy0 = y + 2 * pad + lh;
	gx1 = gx0 + HUD_GRAPH_FRAMES * BAR_W * o->s, gy1 = gy0 + GRAPH_H * o->s;
	rect(o, x, y, x + w, gy0, BG);
	rect(o, x, gy0, gx0, gy1, BG);
	rect(o, gx1, gy0, x + w, gy1, BG);
	rect(o, x, gy1, x + w, y + ht, BG);
	x += pad, y += pad;
	for (int i = 0; i < N_LINES; i++) {
		text(o, text(o, x, y, lines[i].label, LABEL), y, lines[i].value, VALUE);
		y += lh;
		if (i == 0) {
			graph(h, o, x, y + pad);
			y += GRAPH_H * o->s + 2 * pad;
		}
	}
}

/* One run of the layout at the HUD's corner and scale. */
static void layout(const struct hud *h, uint32_t width, uint32_t height, struct out *o)
{
	const struct line lines[N_LINES] = LINES_OF(h);
	float w, ht, x, y;

	panel_size(o->s, lines, &w, &ht);
	place(h, width, height, w, ht, &x, &y);
	layout_at(h, o, x, y);
}

size_t hud_build(const struct hud *h, uint32_t width, uint32_t height, struct hud_vertex *out,
		 size_t max)
{
	struct out o = { .v = out,
			 .max = max - max % 6,
			 .s = (float)h->cfg.scale,
			 .ink = h->ink,
			 .x0 = -FLT_MAX,
			 .y0 = -FLT_MAX,
			 .x1 = FLT_MAX,
			 .y1 = FLT_MAX };

	if (!h->cfg.enabled || h->is_off || !width || !height || !out)
		return 0;
	layout(h, width, height, &o);
	o.is_glyphs = true;
	layout(h, width, height, &o);
	return o.n;
}

/* ---- the panel as one image ---------------------------------------------------------------- */

bool hud_panel(const struct hud *h, uint32_t width, uint32_t height, struct hud_panel *p)
{
	const struct line lines[N_LINES] = LINES_OF(h);
	float w, ht, x, y;

	memset(p, 0, sizeof(*p));
	if (!h->cfg.enabled || h->is_off || !width || !height)
		return false;
	panel_size(1, lines, &w, &ht);
	p->image_w = (uint32_t)w;
	p->image_h = (uint32_t)ht;
	p->graph_x0 = PAD;
	p->graph_x1 = PAD + HUD_GRAPH_FRAMES * BAR_W;
	p->graph_y0 = GRAPH_Y0;
	p->graph_y1 = GRAPH_Y0 + GRAPH_H;
	for (int i = 0; i < N_LINES; i++) /* the first line above the graph, the others below */
		p->line_y0[i] = i ? 3 * PAD + GRAPH_H + (uint32_t)i * HUD_CELL_H : PAD;
	p->scale = h->cfg.scale;
	p->w = p->image_w * (uint32_t)p->scale;
	p->h = p->image_h * (uint32_t)p->scale;
	place(h, width, height, (float)p->w, (float)p->h, &x, &y);
	p->x = (uint32_t)x;
	p->y = (uint32_t)y;
	return true;
}

size_t hud_build_image_rect(const struct hud *h, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1,
			    struct hud_vertex *out, size_t max)
{
	struct out o = { .v = out,
			 .max = max - max % 6,
			 .s = 1,
			 .ink = h->ink,
			 .x0 = (float)x0,
			 .y0 = (float)y0,
			 .x1 = (float)x1,
			 .y1 = (float)y1 };

	if (!out)
		return 0;
	layout_at(h, &o, 0, 0);
	o.is_glyphs = true;
	layout_at(h, &o, 0, 0);
	return o.n;
}

size_t hud_build_image_rows(const struct hud *h, uint32_t y0, uint32_t y1, struct hud_vertex *out,
			    size_t max)
{
	return hud_build_image_rect(h, 0, y0, HUD_IMAGE_MAX_W, y1, out, max);
}

size_t hud_build_image(const struct hud *h, bool graph_only, struct hud_vertex *out, size_t max)
{
	return graph_only ? hud_build_image_rows(h, GRAPH_Y0, GRAPH_Y0 + GRAPH_H, out, max)
			  : hud_build_image_rows(h, 0, HUD_IMAGE_MAX_H, out, max);
}

uint32_t hud_line_version(const struct hud *h, unsigned i)
{
	return i < N_LINES ? h->line_version[i] : 0;
}

uint64_t hud_intervals(const struct hud *h)
{
	return h->intervals;
}

void hud_graph_scale(const struct hud *h, struct hud_graph_scale *out)
{
	memset(out, 0, sizeof(*out));
	out->range_ns = graph_range(h);
	out->target_ns = h->target_ns;
	out->refresh_ns = h->refresh_ns;
}

uint32_t hud_version(const struct hud *h)
{
	return h->version;
}

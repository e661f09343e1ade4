// SPDX-License-Identifier: MIT
// The HUD's panel painted into an RGBA image on the CPU (issue 29's cost on llvmpipe): what the
// GPU would blend quad by quad, done here once per change, so that the game's frame blends each
// of the panel's pixels once, from one quad. Only axis-aligned quads (hud.h's order) are drawn.
#include <string.h>

#include "ingame/hud.h"

/* src (straight alpha sa) over dst (straight alpha): out alpha = sa + da (1 - sa), out colour =
 * (c sa + d da (1 - sa)) / out alpha: blending the result over an image gives what blending the
 * two in turn gives. Rounded to the nearest. */
static void over(uint8_t *d, const uint8_t *c, unsigned sa)
{
	unsigned da = d[3], k, oa;

	if (!sa)
		return;
	if (sa == 255 || !da) {
		d[0] = c[0], d[1] = c[1], d[2] = c[2], d[3] = (uint8_t)sa;
		return;
	}
	k = da * (255 - sa); /* dst's weight x 255 */
	oa = sa * 255 + k;   /* out alpha x 255 */
	for (int i = 0; i < 3; i++)
		d[i] = (uint8_t)((c[i] * sa * 255 + d[i] * k + oa / 2) / oa);
	d[3] = (uint8_t)((oa + 127) / 255);
}

#define RECTS 8 /* painted rectangles remembered; more are merged into the last */

/* The painter: the image, the rows it paints and the rectangles painted so far (outside them
 * the image is still transparent, so a translucent rectangle there is a plain store: the panel's
 * background and the graph's, one store a pixel and no blending). A merged rectangle covers more
 * than was painted: what it wrongly covers is blended onto transparent pixels, which stores. */
struct painter {
	uint8_t *rgba;
	uint32_t w, x0, y0, x1, y1;
	unsigned n;
	uint32_t r[RECTS][4]; /* x0, y0, x1, y1 */
};

/* The first pixel whose centre is at or right of v (ceil(v - 1/2)), clamped to [lo, hi] */
static uint32_t edge(float v, uint32_t lo, uint32_t hi)
{
	float c = v - 0.5f;
	int32_t i;

	if (!(c > (float)lo)) /* NaN too */
		return lo;
	if (c >= (float)hi)
		return hi;
	i = (int32_t)c; /* c > 0: truncation is the floor */
	return (uint32_t)i + ((float)i < c);
}

/* The pixels whose centres lie in [a, b): the first and one past the last, clipped to [lo, hi) */
static void span(float a, float b, uint32_t lo, uint32_t hi, uint32_t *first, uint32_t *end)
{
	*first = edge(a, lo, hi);
	*end = edge(b, *first, hi);
}

/* n copies of the pixel px at d: one by one in a short span (a graph's bar), doubling copies
 * in a long one (a background's row) */
static inline void store(uint8_t *d, uint32_t n, const uint8_t *px)
{
	uint32_t done;

	if (n < 16) {
		for (done = 0; done < n; done++)
			memcpy(d + done * 4, px, 4);
		return;
	}
	memcpy(d, px, 4);
	for (done = 1; done < n; done *= 2)
		memcpy(d + done * 4, d, (size_t)(done * 2 <= n ? done : n - done) * 4);
}

/* (x0, y0)-(x1, y1) is painted */
static void painted(struct painter *p, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1)
{
	uint32_t *r;

	if (p->n < RECTS) {
		r = p->r[p->n++];
		r[0] = x0, r[1] = y0, r[2] = x1, r[3] = y1;
		return;
	}
	r = p->r[RECTS - 1]; /* merged into the last one */
	r[0] = x0 < r[0] ? x0 : r[0], r[1] = y0 < r[1] ? y0 : r[1];
	r[2] = x1 > r[2] ? x1 : r[2], r[3] = y1 > r[3] ? y1 : r[3];
}

/* (x0, y0)-(x1, y1) is transparent: nothing painted there yet */
static bool is_clear(const struct painter *p, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1)
{
	for (unsigned i = 0; i < p->n; i++)
		if (x0 < p->r[i][2] && p->r[i][0] < x1 && y0 < p->r[i][3] && p->r[i][1] < y1)
			return false;
	return true;
}

/* A rectangle of one colour (hud.c's rect()), (x0, y0)-(x1, y1): a plain store from an opaque
 * source or onto pixels not painted yet, else blended pixel by pixel. */
static void fill(struct painter *p, uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1,
		 const uint8_t *c, unsigned sa)
{
	const uint8_t px[4] = { c[0], c[1], c[2], (uint8_t)sa };
	bool is_store = sa == 255 || is_clear(p, x0, y0, x1, y1);

	if (!sa || x1 <= x0 || y1 <= y0)
		return;
	if (is_store && x1 - x0 == 2) { /* a graph's bar: one 8-byte store a row */
		uint8_t two[8], *d = p->rgba + ((size_t)y0 * p->w + x0) * 4;

		memcpy(two, px, 4);
		memcpy(two + 4, px, 4);
		for (uint32_t y = y0; y < y1; y++, d += (size_t)p->w * 4)
			memcpy(d, two, 8);
	} else {
		for (uint32_t y = y0; y < y1; y++) {
			uint8_t *row = p->rgba + (size_t)y * p->w * 4;

			if (is_store)
				store(row + x0 * 4, x1 - x0, px);
			else
				for (uint32_t x = x0; x < x1; x++)
					over(row + x * 4, c, sa);
		}
	}
	painted(p, x0, y0, x1, y1);
}

static unsigned texel(int tu, int tv)
{
	return tu >= 0 && tu < HUD_ATLAS_W && tv >= 0 && tv < HUD_ATLAS_H
		       ? hud_atlas[tv * HUD_ATLAS_W + tu]
		       : 0;
}

/* A glyph: texel by texel; the font's ink in an opaque colour is a store */
static void glyph(struct painter *p, const struct hud_vertex *q, uint32_t px0, uint32_t px1,
		  uint32_t py0, uint32_t py1)
{
	float u0 = q[0].u * HUD_ATLAS_W, v0 = q[0].v * HUD_ATLAS_H;
	float du = (q[4].u * HUD_ATLAS_W - u0) / (q[4].x - q[0].x);
	float dv = (q[4].v * HUD_ATLAS_H - v0) / (q[4].y - q[0].y);
	const uint8_t *c = q[0].rgba;
	int tu0 = (int)(u0 + ((float)px0 + 0.5f - q[0].x) * du);
	int tv0 = (int)(v0 + ((float)py0 + 0.5f - q[0].y) * dv);

	if (du == 1 && dv == 1 && c[3] == 255 && tu0 >= 0 && tv0 >= 0 && /* texel for pixel */
	    tu0 + (int)(px1 - px0) <= HUD_ATLAS_W && tv0 + (int)(py1 - py0) <= HUD_ATLAS_H) {
		for (uint32_t y = py0; y < py1; y++) {
			const uint8_t *t = hud_atlas + (tv0 + (int)(y - py0)) * HUD_ATLAS_W + tu0;
			uint8_t *row = p->rgba + ((size_t)y * p->w + px0) * 4;

			for (uint32_t x = 0; x < px1 - px0; x++)
				if (t[x] == 255)
					memcpy(row + x * 4, c, 4);
				else if (t[x])
					over(row + x * 4, c, t[x]);
		}
		painted(p, px0, py0, px1, py1);
		return;
	}
	for (uint32_t y = py0; y < py1; y++) {
		int tv = (int)(v0 + ((float)y + 0.5f - q[0].y) * dv);
		uint8_t *row = p->rgba + (size_t)y * p->w * 4;

		for (uint32_t x = px0; x < px1; x++) {
			unsigned t = texel((int)(u0 + ((float)x + 0.5f - q[0].x) * du), tv);

			if (t == 255 && c[3] == 255)
				memcpy(row + x * 4, c, 4);
			else if (t)
				over(row + x * 4, c, (c[3] * t + 127) / 255);
		}
	}
	painted(p, px0, py0, px1, py1);
}

static void quad(struct painter *p, const struct hud_vertex *q)
{
	/* q[0] is (x0, y0, u0, v0), q[4] (x1, y1, u1, v1) */
	uint32_t px0, px1, py0, py1;

	if (!(q[4].x > q[0].x) || !(q[4].y > q[0].y))
		return;
	span(q[0].x, q[4].x, p->x0, p->x1, &px0, &px1);
	span(q[0].y, q[4].y, p->y0, p->y1, &py0, &py1);
	if (q[0].u == q[4].u && q[0].v == q[4].v) { /* a solid rectangle (hud.c's rect()) */
		unsigned t = texel((int)(q[0].u * HUD_ATLAS_W), (int)(q[0].v * HUD_ATLAS_H));
		unsigned sa = (q[0].rgba[3] * t + 127) / 255;

		fill(p, px0, py0, px1, py1, q[0].rgba, sa);
		return;
	}
	glyph(p, q, px0, px1, py0, py1);
}

void hud_image_paint_rect(uint8_t *rgba, uint32_t w, uint32_t x0, uint32_t y0, uint32_t x1,
			  uint32_t y1, const struct hud_vertex *v, size_t n)
{
	struct painter p = { .rgba = rgba, .w = w, .x0 = x0, .y0 = y0 };

	p.x1 = x1 < w ? x1 : w;
	p.y1 = y1 < HUD_IMAGE_MAX_H ? y1 : HUD_IMAGE_MAX_H;
	if (!rgba || p.y1 <= y0 || p.x1 <= x0 || w > HUD_IMAGE_MAX_W)
		return;
	for (uint32_t y = y0; y < p.y1; y++)
		memset(rgba + ((size_t)y * w + x0) * 4, 0, (size_t)(p.x1 - x0) * 4);
	for (size_t i = 0; i + 6 <= n; i += 6)
		quad(&p, v + i);
}

void hud_image_paint(uint8_t *rgba, uint32_t w, uint32_t y0, uint32_t y1,
		     const struct hud_vertex *v, size_t n)
{
	hud_image_paint_rect(rgba, w, 0, y0, w, y1, v, n);
}

/* ---- the graph as a ring of columns ---------------------------------------------------------
 * Interval k's bar lives in column slot k % HUD_GRAPH_FRAMES of the image's graph, so that a new
 * frame repaints one column, not the graph; hud_image_ring_rects() puts the slots back in age
 * order on the panel. The graph's columns of age order j (0 the oldest) are slots
 * (intervals + j) % HUD_GRAPH_FRAMES. */

static uint32_t slot_x(const struct hud_panel *p, uint64_t k)
{
	return p->graph_x0 + (uint32_t)(k % HUD_GRAPH_FRAMES) * HUD_GRAPH_BAR_W;
}

/* The graph's rows, painted in age order, into ring order for `intervals` */
static void ring_rotate(uint8_t *rgba, const struct hud_panel *p, uint64_t intervals)
{
	uint8_t tmp[HUD_GRAPH_FRAMES * HUD_GRAPH_BAR_W * 4];
	size_t r = (size_t)(intervals % HUD_GRAPH_FRAMES) * HUD_GRAPH_BAR_W * 4;

	if (!rgba || p->graph_x1 - p->graph_x0 != HUD_GRAPH_FRAMES * HUD_GRAPH_BAR_W || !r)
		return;
	for (uint32_t y = p->graph_y0; y < p->graph_y1; y++) {
		uint8_t *row = rgba + ((size_t)y * p->image_w + p->graph_x0) * 4;

		memcpy(tmp, row, sizeof(tmp));
		memcpy(row + r, tmp, sizeof(tmp) - r);
		memcpy(row, tmp + sizeof(tmp) - r, r);
	}
}

size_t hud_image_ring_rects(const struct hud_panel *p, uint64_t intervals,
			    struct hud_image_rect out[HUD_IMAGE_RECTS])
{
	uint32_t r = (uint32_t)(intervals % HUD_GRAPH_FRAMES) * HUD_GRAPH_BAR_W;
	uint32_t gx0 = p->graph_x0, gx1 = p->graph_x1, gy0 = p->graph_y0, gy1 = p->graph_y1;
	const struct hud_image_rect all[HUD_IMAGE_RECTS] = {
		{ 0, 0, p->image_w, gy0, 0 },	       /* above the graph */
		{ 0, gy0, gx0, gy1, 0 },	       /* left of it */
		{ gx0 + r, gy0, gx1, gy1, gx0 },       /* its older bars */
		{ gx0, gy0, gx0 + r, gy1, gx1 - r },   /* its newer bars */
		{ gx1, gy0, p->image_w, gy1, gx1 },    /* right of it */
		{ 0, gy1, p->image_w, p->image_h, 0 }, /* below it */
	};
	size_t n = 0;

	for (size_t i = 0; i < HUD_IMAGE_RECTS; i++)
		if (all[i].x1 > all[i].x0 && all[i].y1 > all[i].y0)
			out[n++] = all[i];
	return n;
}

/* ---- the image kept up to date (both drawers) ------------------------------------------- */

/* Paints the image's rectangle r (x0, y0, x1, y1) with the quads hud_build_image_rect() gives for
 * the rectangle of the same size at column from_x, moved to r's: a ring slot's column is painted
 * as its bar's place in age order (from_x) shows it. is_bgra: red and blue swapped in every quad
 * (the painter treats the channels alike: b g r a is r g b a painted in such colours). */
static void paint_at(const struct hud *h, const struct hud_panel *p, uint8_t *rgba,
		     const struct hud_image_rect *r, uint32_t from_x, bool is_bgra,
		     struct hud_vertex *v)
{
	size_t n = hud_build_image_rect(h, from_x, r->y0, from_x + (r->x1 - r->x0), r->y1, v,
					HUD_MAX_VERTICES);

	for (size_t i = 0; i < n; i++) {
		uint8_t red = v[i].rgba[0];

		v[i].x += (float)r->x0 - (float)from_x;
		if (is_bgra)
			v[i].rgba[0] = v[i].rgba[2], v[i].rgba[2] = red;
	}
	hud_image_paint_rect(rgba, p->image_w, r->x0, r->y0, r->x1, r->y1, v, n);
}

/* The image's whole rows y0..y1 (excluded), painted in age order; *r is them. */
static void paint_rows(const struct hud *h, const struct hud_panel *p, uint8_t *rgba, bool is_bgra,
		       struct hud_vertex *v, uint32_t y0, uint32_t y1, struct hud_image_rect *r)
{
	*r = (struct hud_image_rect){ 0, y0, p->image_w, y1, 0 };
	paint_at(h, p, rgba, r, 0, is_bgra, v);
}

/* The graph's new columns, of intervals k .. n_iv - 1 (at most HUD_IMAGE_COLUMNS), each in its
 * ring slot; returns how many rectangles it put in out (one a column). */
static size_t paint_columns(const struct hud *h, const struct hud_panel *p, uint8_t *rgba,
			    bool is_bgra, struct hud_vertex *v, uint64_t k, uint64_t n_iv,
			    struct hud_image_rect *out)
{
	size_t n = 0;

	for (; k < n_iv; k++, n++) {
		uint32_t sx = slot_x(p, k);
		/* where age order puts it: the newest bar at the graph's right end */
		uint32_t dx = p->graph_x1 - (uint32_t)(n_iv - k) * HUD_GRAPH_BAR_W;

		out[n] = (struct hud_image_rect){ sx, p->graph_y0, sx + HUD_GRAPH_BAR_W,
						  p->graph_y1, sx };
		paint_at(h, p, rgba, &out[n], dx, is_bgra, v);
	}
	return n;
}

size_t hud_image_update(const struct hud *h, const struct hud_panel *p, struct hud_image_state *s,
			bool is_bgra, uint8_t *rgba, struct hud_vertex *scratch,
			struct hud_image_rect out[HUD_IMAGE_CHANGES])
{
	bool is_all =
		!s->has_image || s->panel.image_w != p->image_w || s->panel.image_h != p->image_h;
	uint64_t n_iv = hud_intervals(h), k = s->graph_intervals;
	struct hud_graph_scale g;
	bool is_graph;
	size_t n = 0;
	unsigned i = 0;

	hud_graph_scale(h, &g);
	is_graph = is_all || memcmp(&g, &s->graph_scale, sizeof(g)) || n_iv < k ||
		   n_iv - k > HUD_IMAGE_COLUMNS;
	if (is_graph) { /* painted in age order, then turned into the ring */
		paint_rows(h, p, rgba, is_bgra, scratch, is_all ? 0 : p->graph_y0,
			   is_all ? p->image_h : p->graph_y1, &out[n++]);
		ring_rotate(rgba, p, n_iv);
	} else {
		n = paint_columns(h, p, rgba, is_bgra, scratch, k, n_iv, out);
		while (i < HUD_LINES && s->line_version[i] == hud_line_version(h, i))
			i++;
		if (i < HUD_LINES) { /* one line a frame, none when the graph is painted whole */
			paint_rows(h, p, rgba, is_bgra, scratch, p->line_y0[i],
				   p->line_y0[i] + HUD_CELL_H, &out[n++]);
			s->line_version[i] = hud_line_version(h, i);
		}
	}
	for (i = 0; is_all && i < HUD_LINES; i++)
		s->line_version[i] = hud_line_version(h, i);
	s->all_gen += is_all;
	s->panel = *p;
	s->graph_scale = g;
	s->graph_intervals = n_iv;
	s->has_image = true;
	return n;
}

/* What a texture that holds *c is to be given from the image *s describes: every row when it
 * holds nothing or rows of an older all_gen, else the graph's columns (its rows; what is beside it
 * changes only with all of them) and the rows of the lines whose text changed. */
static size_t bands_since(const struct hud_image_state *s, const struct hud_image_copy *c,
			  struct hud_image_rect band[HUD_LINES + 1])
{
	const struct hud_panel *p = &s->panel;
	size_t n = 0;

	if (!c->has_image || c->all_gen != s->all_gen) {
		band[0] = (struct hud_image_rect){ 0, 0, p->image_w, p->image_h, 0 };
		return 1;
	}
	band[n++] = (struct hud_image_rect){ p->graph_x0, p->graph_y0, p->graph_x1, p->graph_y1,
					     p->graph_x0 };
	for (unsigned i = 0; i < HUD_LINES; i++)
		if (c->line_version[i] != s->line_version[i])
			band[n++] = (struct hud_image_rect){ 0, p->line_y0[i], p->image_w,
							     p->line_y0[i] + HUD_CELL_H, 0 };
	return n;
}

void hud_image_copy_rect(uint8_t *dst, size_t dst_stride, const uint8_t *image, uint32_t image_w,
			 const struct hud_image_rect *r)
{
	size_t stride = (size_t)image_w * 4;
	const uint8_t *from = image + r->y0 * stride + (size_t)r->x0 * 4;

	for (uint32_t y = r->y0; r->x0 < r->x1 && y < r->y1; y++, from += stride, dst += dst_stride)
		memcpy(dst, from, (size_t)(r->x1 - r->x0) * 4);
}

size_t hud_image_copy_rects(const struct hud_image_state *s, struct hud_image_copy *c,
			    struct hud_image_rect out[HUD_IMAGE_COPY_RECTS])
{
	struct hud_image_rect ring[HUD_IMAGE_RECTS], band[HUD_LINES + 1];
	size_t n_ring, n_bands, n = 0;

	if (!s->has_image)
		return 0;
	n_ring = hud_image_ring_rects(&s->panel, s->graph_intervals, ring);
	n_bands = bands_since(s, c, band);
	for (size_t b = 0; b < n_bands; b++)
		for (size_t i = 0; i < n_ring && n < HUD_IMAGE_COPY_RECTS; i++) {
			struct hud_image_rect r = ring[i];
			uint32_t x0 = r.x0 > band[b].x0 ? r.x0 : band[b].x0;

			r.at_x += x0 - r.x0, r.x0 = x0;
			r.x1 = r.x1 < band[b].x1 ? r.x1 : band[b].x1;
			r.y0 = r.y0 > band[b].y0 ? r.y0 : band[b].y0;
			r.y1 = r.y1 < band[b].y1 ? r.y1 : band[b].y1;
			if (r.x0 < r.x1 && r.y0 < r.y1)
				out[n++] = r;
		}
	memcpy(c->line_version, s->line_version, sizeof(c->line_version));
	c->all_gen = s->all_gen;
	c->has_image = true;
	return n;
}

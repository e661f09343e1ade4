// SPDX-License-Identifier: MIT
/*
 * Unit tests of the HUD's panel as one image (ingame/hud_image.c, hud_panel() and
 * hud_build_image() in ingame/hud.c), which both drawers upload and draw: the image blended over
 * any picture gives what the quads blended in turn give, its graph's rows or a text line's
 * repainted alone give what a full paint gives, the panel lies where hud_build() draws, the text
 * changes (hud_version()) only when the figures are refreshed, every HUD_UPDATE_NS, and
 * hud_image_update() (both drawers' repaint) and hud_image_copy_rects() (the Vulkan drawer's
 * copies into each swapchain image's texture) keep what a drawer draws equal to a full paint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingame/hud.h"

const char ingame_log_name[] = "mvgal test";

#define MS INT64_C(1000000)
#define T0 (INT64_C(1000) * INT64_C(1000000000))
#define IMG_BYTES (HUD_IMAGE_MAX_W * HUD_IMAGE_MAX_H * 4)

static struct hud_vertex quads[HUD_MAX_VERTICES];
static uint8_t img[IMG_BYTES], img2[IMG_BYTES];
static float ref[HUD_IMAGE_MAX_H][HUD_IMAGE_MAX_W][3];

/* A HUD with every kind of quad: text, a target line, bars of several heights, late ones. */
static struct hud *busy_hud(int corner, int scale, uint64_t *t)
{
	struct hud *h = malloc(hud_size());

	assert_non_null(h);
	hud_init(h, &(struct hud_config){ true, corner, scale });
	hud_set_gpu(h, "llvmpipe (LLVM 15.0.6, 256 bits)");
	hud_set_present_mode(h, "swap interval 0 (immediate)");
	hud_set_pacer(h, "72 fps = refresh/2 of 144 Hz, from 1245620.ini:3");
	hud_set_target(h, 13888889, 6944444);
	*t = T0;
	for (int i = 0; i < 300; i++)
		hud_frame(h, *t += (uint64_t)(10 * MS + (i % 13) * 2 * MS + (i % 37 == 0) * 30 * MS));
	return h;
}

/* What the drawing contract gives: each quad in turn over a picture of colour bg, each pixel
 * whose centre is inside, the atlas's nearest texel at that centre. */
static void blend_in_turn(const struct hud_vertex *v, size_t n, uint32_t w, uint32_t hgt,
			  const float *bg)
{
	for (uint32_t y = 0; y < hgt; y++)
		for (uint32_t x = 0; x < w; x++)
			memcpy(ref[y][x], bg, sizeof(ref[y][x]));
	for (size_t q = 0; q < n; q += 6)
		for (uint32_t y = 0; y < hgt; y++)
			for (uint32_t x = 0; x < w; x++) {
				float cx = (float)x + 0.5f, cy = (float)y + 0.5f, a;
				const struct hud_vertex *a0 = v + q, *a1 = v + q + 4;
				int tu, tv;

				if (cx < a0->x || cx >= a1->x || cy < a0->y || cy >= a1->y)
					continue;
				tu = (int)(a0->u * HUD_ATLAS_W + (cx - a0->x) / (a1->x - a0->x) *
									 (a1->u - a0->u) *
									 HUD_ATLAS_W);
				tv = (int)(a0->v * HUD_ATLAS_H + (cy - a0->y) / (a1->y - a0->y) *
									 (a1->v - a0->v) *
									 HUD_ATLAS_H);
				a = a0->rgba[3] / 255.0f * hud_atlas[tv * HUD_ATLAS_W + tu] / 255.0f;
				for (int i = 0; i < 3; i++)
					ref[y][x][i] = a0->rgba[i] * a + ref[y][x][i] * (1 - a);
			}
}

static void test_hud_image_is_the_quads_blended_in_turn(void **state)
{
	const float bgs[3][3] = { { 0, 0, 0 }, { 255, 255, 255 }, { 40, 200, 90 } };
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_TOP_LEFT, 1, &t);
	size_t n;
	float worst = 0;

	(void)state;
	assert_true(hud_panel(h, 1280, 720, &p));
	n = hud_build_image(h, false, quads, HUD_MAX_VERTICES);
	assert_true(n > 6 * 200);
	hud_image_paint(img, p.image_w, 0, p.image_h, quads, n);
	for (int b = 0; b < 3; b++) {
		blend_in_turn(quads, n, p.image_w, p.image_h, bgs[b]);
		for (uint32_t y = 0; y < p.image_h; y++)
			for (uint32_t x = 0; x < p.image_w; x++) {
				const uint8_t *px = img + ((size_t)y * p.image_w + x) * 4;

				for (int i = 0; i < 3; i++) {
					float got = px[i] * (px[3] / 255.0f) +
						    bgs[b][i] * (1 - px[3] / 255.0f);
					float d = fabsf(got - ref[y][x][i]);

					worst = d > worst ? d : worst;
				}
			}
	}
	/* 8-bit colour and alpha: within 1.5 of the exact blend everywhere */
	assert_true(worst <= 1.5f);
	/* the panel is covered and opaque everywhere (its solid rectangles are, the glyphs' ink is):
	 * the OpenGL drawer draws it without blending */
	for (size_t i = 0; i < (size_t)p.image_w * p.image_h; i++)
		assert_int_equal(img[4 * i + 3], 255);
	free(h);
}

static void test_hud_image_graph_rows_alone_are_a_full_paint(void **state)
{
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_BOTTOM_RIGHT, 2, &t);
	uint32_t version;
	size_t n;

	(void)state;
	assert_true(hud_panel(h, 1280, 720, &p));
	hud_image_paint(img, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	/* a few frames within one update period: the text stays, the graph moves */
	version = hud_version(h);
	hud_frame(h, t += 5 * MS);
	hud_frame(h, t += 40 * MS);
	assert_int_equal(hud_version(h), version);
	memcpy(img2, img, sizeof(img));
	n = hud_build_image(h, true, quads, HUD_MAX_VERTICES);
	assert_true(n > 0 && n < 6 * 130);
	hud_image_paint(img2, p.image_w, p.graph_y0, p.graph_y1, quads, n);
	assert_memory_not_equal(img, img2, (size_t)p.image_w * p.image_h * 4);
	hud_image_paint(img, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	assert_memory_equal(img, img2, (size_t)p.image_w * p.image_h * 4);
	/* the graph's rows: 40 at scale 1 below the first line */
	assert_int_equal(p.graph_y1 - p.graph_y0, 40);
	free(h);
}

/* The OpenGL drawer's repaint after the figures' refresh (gl/gl_hud.c): the graph's rows each
 * frame and one changed text line a frame; once every changed line is painted, the image is
 * what a full paint gives, and only the lines whose text changed were painted. */
static void test_hud_image_changed_lines_alone_are_a_full_paint(void **state)
{
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_TOP_RIGHT, 1, &t);
	uint32_t seen[HUD_LINES], painted = 0;
	size_t n;

	(void)state;
	assert_true(hud_panel(h, 1280, 720, &p));
	hud_image_paint(img, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	for (unsigned i = 0; i < HUD_LINES; i++)
		seen[i] = hud_line_version(h, i);
	/* slower frames until the next refresh: fps and 1 % low change, not the GPU line */
	for (int i = 0; i < 40 && hud_line_version(h, 0) == seen[0]; i++)
		hud_frame(h, t += 31 * MS);
	assert_int_not_equal(hud_line_version(h, 0), seen[0]);
	assert_int_not_equal(hud_line_version(h, 1), seen[1]);
	hud_set_present_mode(h, "swap interval 1 (fifo)");
	hud_set_gpu(h, "llvmpipe (LLVM 15.0.6, 256 bits)"); /* the same text: no change */
	assert_int_equal(hud_line_version(h, 2), seen[2]);
	assert_int_equal(hud_line_version(h, 3), seen[3]);
	assert_int_not_equal(hud_line_version(h, 4), seen[4]);
	for (unsigned i = 0; i < HUD_LINES; i++) {
		n = hud_build_image_rows(h, p.graph_y0, p.graph_y1, quads, HUD_MAX_VERTICES);
		hud_image_paint(img, p.image_w, p.graph_y0, p.graph_y1, quads, n);
		if (hud_line_version(h, i) == seen[i])
			continue;
		n = hud_build_image_rows(h, p.line_y0[i], p.line_y0[i] + HUD_CELL_H, quads,
					 HUD_MAX_VERTICES);
		assert_true(n > 0 && n < 6 * 80); /* the background and this line's glyphs */
		hud_image_paint(img, p.image_w, p.line_y0[i], p.line_y0[i] + HUD_CELL_H, quads, n);
		painted++;
	}
	assert_int_equal(painted, 3);
	hud_image_paint(img2, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	assert_memory_equal(img, img2, (size_t)p.image_w * p.image_h * 4);
	/* the lines' rows: one above the graph, four below it, none overlapping */
	assert_true(p.line_y0[0] + HUD_CELL_H <= p.graph_y0 && p.graph_y1 <= p.line_y0[1]);
	for (unsigned i = 2; i < HUD_LINES; i++)
		assert_int_equal(p.line_y0[i], p.line_y0[i - 1] + HUD_CELL_H);
	assert_true(p.line_y0[HUD_LINES - 1] + HUD_CELL_H <= p.image_h);
	free(h);
}

/* The image's rectangles put side by side as hud_image_ring_rects() places them */
static void compose(const struct hud_panel *p, uint64_t intervals, const uint8_t *src, uint8_t *dst)
{
	struct hud_image_rect r[HUD_IMAGE_RECTS];
	size_t n = hud_image_ring_rects(p, intervals, r);

	memset(dst, 0xee, IMG_BYTES);
	for (size_t i = 0; i < n; i++)
		for (uint32_t y = r[i].y0; y < r[i].y1; y++)
			memcpy(dst + ((size_t)y * p->image_w + r[i].at_x) * 4,
			       src + ((size_t)y * p->image_w + r[i].x0) * 4,
			       (size_t)(r[i].x1 - r[i].x0) * 4);
}

/* The full paint of the panel as it is now, in age order */
static void full_paint(const struct hud *h, const struct hud_panel *p, uint8_t *out)
{
	hud_image_paint(out, p->image_w, 0, p->image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
}

/* Whether the image's text lines are those of the hud: hud_image_update() paints one a frame */
static bool is_text_current(const struct hud *h, const struct hud_image_state *s)
{
	for (unsigned i = 0; i < HUD_LINES; i++)
		if (s->line_version[i] != hud_line_version(h, i))
			return false;
	return true;
}

/* A frame of 10 to 22 ms, a late one of 50 ms at 150 and 330 (the graph's scale moves as they
 * come and leave); the GPU line grows the panel at 200; hidden from 250 to 259 (no drawing). */
static void next_frame(struct hud *h, uint64_t *t, int i)
{
	hud_frame(h, *t += (uint64_t)(10 + i % 13) * MS + (i == 150 || i == 330) * 40 * MS);
	if (i == 200)
		hud_set_gpu(h, "llvmpipe (LLVM 15.0.6, 256 bits), a longer name: the panel grows");
	if (i == 250 || i == 260)
		hud_toggle(h);
}

enum { ALL, GRAPH, COLUMNS };

/* What one hud_image_update() painted (rects r[n]): every row, the graph's rows, or new columns
 * and at most one text line after them */
static int kind_of(const struct hud_panel *p, const struct hud_image_rect *r, size_t n)
{
	size_t i = 0;

	assert_true(n >= 1 && n <= HUD_IMAGE_CHANGES);
	if (r[0].x0 == 0 && r[0].y0 == 0 && r[0].y1 == p->image_h) {
		assert_int_equal(n, 1);
		assert_int_equal(r[0].x1, p->image_w);
		return ALL;
	}
	if (r[0].x0 == 0 && r[0].y0 == p->graph_y0) {
		assert_int_equal(n, 1); /* no text line in a frame that paints the graph whole */
		assert_true(r[0].x1 == p->image_w && r[0].y1 == p->graph_y1);
		return GRAPH;
	}
	for (; i < n && r[i].y0 == p->graph_y0; i++) /* a ring slot each */
		assert_true(r[i].x1 - r[i].x0 == HUD_GRAPH_BAR_W && r[i].y1 == p->graph_y1 &&
			    (r[i].x0 - p->graph_x0) % HUD_GRAPH_BAR_W == 0 &&
			    r[i].x1 <= p->graph_x1 && r[i].at_x == r[i].x0);
	assert_true(i >= 1 && n - i <= 1 && i <= HUD_IMAGE_COLUMNS);
	if (i < n) /* one text line's rows, whole */
		assert_true(r[i].x0 == 0 && r[i].x1 == p->image_w &&
			    r[i].y1 - r[i].y0 == HUD_CELL_H && r[i].y1 <= p->image_h);
	return COLUMNS;
}

/* The OpenGL drawer (gl/gl_hud.c): a texture given only the rectangles hud_image_update() painted,
 * drawn through hud_image_ring_rects(), is after every frame what a full paint gives in the
 * graph's rows, and everywhere once the text lines are painted; every row is painted only at the
 * first frame and when the panel's size changed, the graph whole when its scale changed or the
 * HUD was hidden, else one column a frame. */
static void test_hud_image_update_gives_a_full_paint(void **state)
{
	static uint8_t cpu[IMG_BYTES], tex[IMG_BYTES], want[IMG_BYTES];
	struct hud_image_rect r[HUD_IMAGE_CHANGES];
	struct hud_image_state s = { 0 };
	size_t kinds[3] = { 0 }, lines = 0, current = 0, n;
	uint32_t seen[HUD_LINES] = { 0 }; /* the versions of the lines as last painted */
	unsigned l;
	int kind;
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_TOP_LEFT, 1, &t);

	(void)state;
	memset(tex, 0x5a, sizeof(tex)); /* whatever the texture held before */
	for (int i = 0; i < 400; i++) {
		next_frame(h, &t, i);
		if (!hud_panel(h, 1280, 720, &p))
			continue;
		n = hud_image_update(h, &p, &s, false, cpu, quads, r);
		kind = kind_of(&p, r, n);
		kinds[kind]++;
		l = 0; /* the first line whose text changed since it was painted, if any */
		while (kind != ALL && l < HUD_LINES && seen[l] == hud_line_version(h, l))
			l++;
		if (kind == COLUMNS && r[n - 1].y0 != p.graph_y0) { /* it, painted */
			assert_true(l < HUD_LINES && r[n - 1].y0 == p.line_y0[l]);
			lines++;
		} else if (kind == COLUMNS) { /* none is left */
			assert_int_equal(l, HUD_LINES);
		}
		for (unsigned k = 0; k < HUD_LINES; k++)
			if (kind == ALL || (kind == COLUMNS && k == l))
				seen[k] = hud_line_version(h, k);
		for (size_t k = 0; k < n; k++) /* the upload */
			for (uint32_t y = r[k].y0; y < r[k].y1; y++)
				memcpy(tex + ((size_t)y * p.image_w + r[k].x0) * 4,
				       cpu + ((size_t)y * p.image_w + r[k].x0) * 4,
				       (size_t)(r[k].x1 - r[k].x0) * 4);
		full_paint(h, &p, want);
		compose(&p, s.graph_intervals, tex, img);
		assert_memory_equal(img + (size_t)p.graph_y0 * p.image_w * 4,
				    want + (size_t)p.graph_y0 * p.image_w * 4,
				    (size_t)(p.graph_y1 - p.graph_y0) * p.image_w * 4);
		if (is_text_current(h, &s)) {
			assert_memory_equal(img, want, (size_t)p.image_w * p.image_h * 4);
			current++;
		}
	}
	assert_true(s.has_image && s.graph_intervals == hud_intervals(h) && s.all_gen == 2);
	/* all: the first frame and the longer GPU line; the graph whole five times as the late
	 * frames of busy_hud() (64 and 60 ms) left it and the one at 150 came and left it (as in
	 * 300 frames with only that one: the scale moves in steps), once as the one at 330 came,
	 * once after the HUD was hidden; else one column a frame, of the 390 drawn */
	assert_int_equal(kinds[ALL], 2);
	assert_int_equal(kinds[GRAPH], 7);
	assert_int_equal(kinds[COLUMNS], 381);
	/* ~12 refreshes of two lines each and the GPU line, one a frame; the whole picture
	 * compared in most frames */
	assert_true(lines >= 20 && current > 350);
	free(h);
}

/* The Vulkan drawer (layer/hud_draw.c): three swapchain images drawn in turn (one skipped now and
 * then, its previous draw not finished), each with a texture given by the CPU from the
 * swapchain's one image what hud_image_copy_rects() says it lacks, are in age order what a full
 * paint gives (the graph's rows always, all of it once the text lines are painted); between the
 * figures' refreshes only the graph's rows are copied into the texture. */
static void test_hud_image_copy_rects_keep_each_texture_a_full_paint(void **state)
{
	static uint8_t cpu[IMG_BYTES], tex[3][IMG_BYTES], want[IMG_BYTES];
	struct hud_image_rect painted[HUD_IMAGE_CHANGES], r[HUD_IMAGE_COPY_RECTS];
	struct hud_image_copy copied[3] = { { 0 } };
	struct hud_image_state s = { 0 };
	size_t graph_only = 0, all = 0, n;
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_BOTTOM_LEFT, 2, &t);

	(void)state;
	memset(tex, 0x5a, sizeof(tex));
	for (int i = 0; i < 400; i++) {
		unsigned k = (unsigned)i % 3;

		next_frame(h, &t, i);
		if (i % 17 == 5 || !hud_panel(h, 1280, 720, &p))
			continue;
		hud_image_update(h, &p, &s, false, cpu, quads, painted);
		n = hud_image_copy_rects(&s, &copied[k], r);
		assert_true(n >= 1 && n <= HUD_IMAGE_COPY_RECTS);
		all += r[0].y0 == 0 && r[0].x0 == 0 && r[n - 1].y1 == p.image_h;
		graph_only += r[0].y0 == p.graph_y0 && r[n - 1].y1 == p.graph_y1;
		for (size_t j = 0, w = 0; j < n; j++) { /* each run of the same rows: them whole, */
			w += r[j].x1 - r[j].x0;		/* or the graph's columns */
			if (j + 1 < n && r[j + 1].y0 == r[j].y0 && r[j + 1].y1 == r[j].y1)
				continue;
			assert_true(w == p.image_w ||
				    (r[j].y0 == p.graph_y0 && w == p.graph_x1 - p.graph_x0));
			w = 0;
		}
		for (size_t j = 0; j < n; j++) /* as layer/hud_draw.c's stage() copies */
			hud_image_copy_rect(tex[k] + ((size_t)r[j].y0 * p.image_w + r[j].at_x) * 4,
					    (size_t)p.image_w * 4, cpu, p.image_w, &r[j]);
		full_paint(h, &p, want);
		assert_memory_equal(tex[k] + (size_t)p.graph_y0 * p.image_w * 4,
				    want + (size_t)p.graph_y0 * p.image_w * 4,
				    (size_t)(p.graph_y1 - p.graph_y0) * p.image_w * 4);
		if (is_text_current(h, &s))
			assert_memory_equal(tex[k], want, (size_t)p.image_w * p.image_h * 4);
	}
	/* every row: each texture's first draw and its first after the panel grew */
	assert_int_equal(all, 6);
	assert_true(graph_only > 300); /* of the ~370 drawn: the others copied a changed line too */
	/* the same image, nothing new: nothing but the graph, its older then its newer bars (the
	 * ring wraps there) */
	memcpy(&copied[1], &copied[0], sizeof(copied[0]));
	n = hud_image_copy_rects(&s, &copied[1], r);
	assert_int_equal(n, s.graph_intervals % HUD_GRAPH_FRAMES ? 2 : 1);
	assert_true(r[0].at_x == p.graph_x0 &&
		    r[n - 1].x1 - r[n - 1].x0 + r[n - 1].at_x == p.graph_x1);
	assert_true(r[0].y0 == p.graph_y0 && r[n - 1].y1 == p.graph_y1);
	/* nothing painted yet: nothing to copy */
	memset(&s, 0, sizeof(s));
	assert_int_equal(hud_image_copy_rects(&s, &copied[2], r), 0);
	free(h);
}

/* hud_image_copy_rect(): the rectangle's rows, and nothing else, at dst's pitch; packed tightly
 * (the OpenGL upload's way); nothing for an empty one */
static void test_hud_image_copy_rect_copies_the_rectangle_alone(void **state)
{
	enum { W = 10, H = 6, PITCH = 64 };
	uint8_t src[W * H * 4], dst[H * PITCH], packed[5 * 3 * 4];
	const struct hud_image_rect r = { 2, 1, 7, 4, 9 }, empty = { 3, 1, 3, 4, 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	memset(dst, 0xee, sizeof(dst));
	hud_image_copy_rect(dst + PITCH + 8, PITCH, src, W, &r);
	for (size_t y = 0; y < H; y++)
		for (size_t x = 0; x < PITCH; x++) {
			bool in = y >= 1 && y < 4 && x >= 8 && x < 8 + 5 * 4;
			uint8_t want = in ? src[(y * W + 2) * 4 + (x - 8)] : 0xee;

			assert_int_equal(dst[y * PITCH + x], want);
		}
	hud_image_copy_rect(packed, 5 * 4, src, W, &r);
	for (size_t y = 0; y < 3; y++)
		assert_memory_equal(packed + y * 20, src + ((y + 1) * W + 2) * 4, 20);
	memset(dst, 0xee, sizeof(dst));
	hud_image_copy_rect(dst, PITCH, src, W, &empty);
	for (size_t i = 0; i < sizeof(dst); i++)
		assert_int_equal(dst[i], 0xee);
}

static void test_hud_panel_is_where_hud_build_draws(void **state)
{
	(void)state;
	for (int scale = 1; scale <= 4; scale++)
		for (int corner = 0; corner < 4; corner++) {
			uint64_t t;
			struct hud *h = busy_hud(corner, scale, &t);
			struct hud_panel p;
			float x0 = 1e9f, y0 = 1e9f, x1 = 0, y1 = 0;
			size_t n = hud_build(h, 1920, 1080, quads, HUD_MAX_VERTICES);

			assert_true(hud_panel(h, 1920, 1080, &p));
			for (size_t i = 0; i < n; i++) {
				x0 = fminf(x0, quads[i].x), y0 = fminf(y0, quads[i].y);
				x1 = fmaxf(x1, quads[i].x), y1 = fmaxf(y1, quads[i].y);
			}
			assert_float_equal(x0, p.x, 0);
			assert_float_equal(y0, p.y, 0);
			assert_float_equal(x1, p.x + p.w, 0);
			assert_float_equal(y1, p.y + p.h, 0);
			assert_int_equal(p.w, p.image_w * (uint32_t)scale);
			assert_int_equal(p.h, p.image_h * (uint32_t)scale);
			assert_true(p.image_w <= HUD_IMAGE_MAX_W && p.image_h <= HUD_IMAGE_MAX_H);
			assert_int_equal(p.image_w % 2, 0); /* rows of a multiple of 8 bytes */
			hud_toggle(h);
			assert_false(hud_panel(h, 1920, 1080, &p));
			assert_int_equal(p.w, 0);
			free(h);
		}
}

/* The text is laid out again only when it changes: at the figures' refresh, every HUD_UPDATE_NS
 * (500 ms), when they moved, or when a line is set to another text; every frame in between and
 * a refresh to the same text keep the version. */
static void test_hud_version_moves_at_the_update_rate(void **state)
{
	struct hud *h = malloc(hud_size());
	uint64_t t = T0;
	uint32_t changes = 0, last, at = 0;

	(void)state;
	assert_non_null(h);
	hud_init(h, &(struct hud_config){ true, 0, 1 });
	hud_frame(h, t);
	last = hud_version(h);
	for (uint32_t i = 1; i <= 1100; i++) { /* 3.3 s of 3 ms frames: six refreshes */
		hud_frame(h, t += 3 * MS);
		changes += hud_version(h) != last;
		at = hud_version(h) != last ? i : at;
		last = hud_version(h);
	}
	/* at 501 ms "--- fps" became "333.3 fps": the five refreshes after it give the same text */
	assert_int_equal(changes, 1);
	assert_int_equal(at, 167);
	assert_int_equal(hud_line_version(h, 0), 1);
	assert_int_equal(hud_line_version(h, 1), 1);
	for (uint32_t i = 1; i <= 120; i++) { /* 4 ms frames: the next refresh moves fps */
		hud_frame(h, t += 4 * MS);
		changes += hud_version(h) != last;
		at = hud_version(h) != last ? i : at;
		last = hud_version(h);
	}
	assert_int_equal(changes, 2);
	assert_true(at > 1 && at <= 120);
	assert_int_equal(hud_line_version(h, 0), 2);
	hud_set_pacer(h, "60 fps, from --fps");
	assert_int_equal(hud_version(h), last + 1);
	assert_int_equal(hud_line_version(h, 3), 1);
	hud_set_pacer(h, "60 fps, from --fps");
	assert_int_equal(hud_version(h), last + 1);
	free(h);
}

/* b g r a (a B8G8R8A8 texture): the same pixels as r g b a, red and blue swapped */
static void test_hud_image_update_paints_bgra(void **state)
{
	struct hud_image_rect r[HUD_IMAGE_CHANGES];
	struct hud_image_state s = { 0 }, s2 = { 0 };
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_TOP_RIGHT, 1, &t);

	(void)state;
	assert_true(hud_panel(h, 1280, 720, &p));
	assert_int_equal(hud_image_update(h, &p, &s, false, img, quads, r), 1);
	assert_int_equal(hud_image_update(h, &p, &s2, true, img2, quads, r), 1);
	assert_true(r[0].y0 == 0 && r[0].y1 == p.image_h);
	for (size_t i = 0; i < (size_t)p.image_w * p.image_h * 4; i += 4) {
		assert_int_equal(img2[i], img[i + 2]);
		assert_int_equal(img2[i + 1], img[i + 1]);
		assert_int_equal(img2[i + 2], img[i]);
		assert_int_equal(img2[i + 3], img[i + 3]);
	}
	assert_int_not_equal(img[0], img[2]); /* the panel's background: red unlike blue */
	/* a new column a frame, swapped too */
	hud_frame(h, t += 7 * MS);
	hud_image_update(h, &p, &s, false, img, quads, r);
	hud_image_update(h, &p, &s2, true, img2, quads, r);
	for (size_t i = 0; i < (size_t)p.image_w * p.image_h * 4; i += 4)
		assert_int_equal(img2[i], img[i + 2]);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hud_image_is_the_quads_blended_in_turn),
		cmocka_unit_test(test_hud_image_graph_rows_alone_are_a_full_paint),
		cmocka_unit_test(test_hud_image_changed_lines_alone_are_a_full_paint),
		cmocka_unit_test(test_hud_image_update_gives_a_full_paint),
		cmocka_unit_test(test_hud_image_copy_rects_keep_each_texture_a_full_paint),
		cmocka_unit_test(test_hud_image_copy_rect_copies_the_rectangle_alone),
		cmocka_unit_test(test_hud_panel_is_where_hud_build_draws),
		cmocka_unit_test(test_hud_version_moves_at_the_update_rate),
		cmocka_unit_test(test_hud_image_update_paints_bgra),
	};

	unsetenv("DISPLAY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

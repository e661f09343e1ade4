// SPDX-License-Identifier: MIT
/*
 * Unit tests of the HUD's panel as one image (ingame/hud_image.c, hud_panel() and
 * hud_build_image() in ingame/hud.c), which the OpenGL drawer uploads and draws as one quad: the
 * image blended over any picture gives what the quads blended in turn give, its graph's rows
 * repainted alone give what a full paint gives, the panel lies where hud_build() draws, the
 * text changes (hud_version()) only when the figures are refreshed, every HUD_UPDATE_NS, and
 * hud_image_update() (both drawers') paints every row only when the text or the panel's size
 * changed, else the graph's.
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

/* The OpenGL drawer's graph (gl/gl_hud.c): painted whole in ring order, then one column a frame
 * while hud_graph_scale() stays, whole again when it changes; the image drawn through
 * hud_image_ring_rects() is, after every frame, what a full paint gives. */
static void test_hud_image_ring_of_columns_is_a_full_paint(void **state)
{
	static uint8_t ring[IMG_BYTES], want[IMG_BYTES];
	struct hud_graph_scale s, was;
	struct hud_panel p;
	uint64_t t, done;
	struct hud *h = busy_hud(HUD_TOP_LEFT, 1, &t);
	size_t bytes, whole = 0, columns = 0;

	(void)state;
	assert_true(hud_panel(h, 1280, 720, &p));
	bytes = (size_t)p.image_w * p.image_h * 4;
	hud_image_paint(ring, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	hud_image_ring_rotate(ring, &p, done = hud_intervals(h));
	hud_graph_scale(h, &was);
	for (int i = 0; i < 300; i++) { /* under twice the target, but one late frame at 150 */
		hud_frame(h, t += (uint64_t)(10 + i % 13) * MS + (i == 150) * 40 * MS);
		hud_graph_scale(h, &s);
		if (memcmp(&s, &was, sizeof(s))) {
			hud_image_paint(ring, p.image_w, p.graph_y0, p.graph_y1, quads,
					hud_build_image(h, true, quads, HUD_MAX_VERTICES));
			hud_image_ring_rotate(ring, &p, hud_intervals(h));
			whole++;
		} else {
			for (; done < hud_intervals(h); done++, columns++)
				hud_image_ring_column(h, &p, done, ring, quads, HUD_MAX_VERTICES);
		}
		done = hud_intervals(h), was = s;
		hud_image_paint(want, p.image_w, 0, p.image_h, quads,
				hud_build_image(h, false, quads, HUD_MAX_VERTICES));
		compose(&p, done, ring, img);
		assert_memory_equal(img + (size_t)p.graph_y0 * p.image_w * 4,
				    want + (size_t)p.graph_y0 * p.image_w * 4,
				    (size_t)(p.graph_y1 - p.graph_y0) * p.image_w * 4);
	}
	/* whole five times: the scale moved as busy_hud()'s last late frames (64 and 60 ms) left
	 * the graph and as the one at 150 (50 ms) came and left it; else one column a frame */
	assert_int_equal(whole, 5);
	assert_int_equal(columns, 295);
	/* the rectangles cover the panel once, whatever the ring's position */
	for (uint64_t n = 0; n < 3 * HUD_GRAPH_FRAMES; n += 59) {
		compose(&p, n, ring, img);
		for (size_t i = 0; i < bytes; i += 4)
			assert_int_not_equal(img[i + 3], 0xee);
	}
	free(h);
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

/* A drawer's texture given only what hud_image_update() painted each frame holds the full paint
 * of the last frame: the rows it left out did not change. */
static void test_hud_image_update_paints_what_changed(void **state)
{
	struct hud_image_state s = { 0 };
	struct hud_panel p;
	uint64_t t;
	struct hud *h = busy_hud(HUD_TOP_RIGHT, 1, &t);
	uint32_t y0, y1, full = 0, graph = 0;

	(void)state;
	memset(img2, 0x5a, sizeof(img2)); /* the texture: whatever it held before */
	for (int i = 0; i < 400; i++) {	  /* 400 frames of 7 to 12 ms: text refreshed ~6 times */
		hud_frame(h, t += (uint64_t)((7 + i % 6) * MS));
		if (i == 200)
			hud_set_gpu(h, "a longer name of another GPU: the panel grows");
		assert_true(hud_panel(h, 1280, 720, &p));
		hud_image_update(h, &p, &s, false, img, quads, &y0, &y1);
		full += y0 == 0 && y1 == p.image_h;
		graph += y0 == p.graph_y0 && y1 == p.graph_y1;
		/* the upload: those rows, from where they were painted */
		memcpy(img2 + (size_t)y0 * p.image_w * 4, img + (size_t)y0 * p.image_w * 4,
		       (size_t)(y1 - y0) * p.image_w * 4);
	}
	assert_int_equal(full + graph, 400);
	assert_true(full >= 7 && full <= 9); /* the first, ~6 refreshes, the new GPU line */
	assert_true(s.has_image && s.version == hud_version(h));
	assert_memory_equal(&s.panel, &p, sizeof(p));
	hud_image_paint(img, p.image_w, 0, p.image_h, quads,
			hud_build_image(h, false, quads, HUD_MAX_VERTICES));
	assert_memory_equal(img, img2, (size_t)p.image_w * p.image_h * 4);
	/* b g r a (a B8G8R8A8 texture): the same pixels, red and blue swapped */
	memset(&s, 0, sizeof(s));
	hud_image_update(h, &p, &s, true, img2, quads, &y0, &y1);
	assert_true(y0 == 0 && y1 == p.image_h);
	for (size_t i = 0; i < (size_t)p.image_w * p.image_h * 4; i += 4) {
		assert_int_equal(img2[i], img[i + 2]);
		assert_int_equal(img2[i + 1], img[i + 1]);
		assert_int_equal(img2[i + 2], img[i]);
		assert_int_equal(img2[i + 3], img[i + 3]);
	}
	assert_int_not_equal(img[0], img[2]); /* the panel's background: red unlike blue */
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hud_image_is_the_quads_blended_in_turn),
		cmocka_unit_test(test_hud_image_graph_rows_alone_are_a_full_paint),
		cmocka_unit_test(test_hud_image_changed_lines_alone_are_a_full_paint),
		cmocka_unit_test(test_hud_image_ring_of_columns_is_a_full_paint),
		cmocka_unit_test(test_hud_panel_is_where_hud_build_draws),
		cmocka_unit_test(test_hud_version_moves_at_the_update_rate),
		cmocka_unit_test(test_hud_image_update_paints_what_changed),
	};

	unsetenv("DISPLAY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

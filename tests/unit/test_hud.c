// SPDX-License-Identifier: MIT
/*
 * Unit tests of the HUD's pure core (ingame/hud.c): the figures from an injected clock, and the
 * triangles hud_build() gives for a known state. DISPLAY is unset so that the toggle key never
 * finds an X server (hud_key_presses() stays 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/setting.h"
#include "ingame/hud.h"
#include "ingame/ingame.h"

/* ingame/log.c's prefix: each library that links ingame names itself (the layer, the OpenGL
 * library); the HUD's lines logged here are the test's */
const char ingame_log_name[] = "mvgal test";

#define MS INT64_C(1000000)
#define US INT64_C(1000)
#define T0 (INT64_C(1000) * INT64_C(1000000000))

_Static_assert(sizeof(struct hud_vertex) == 20, "hud_vertex is 20 bytes");
_Static_assert(offsetof(struct hud_vertex, rgba) == 16, "rgba after 4 floats");

static struct hud_vertex buf[HUD_MAX_VERTICES], buf2[HUD_MAX_VERTICES];

static struct hud *new_hud(bool enabled, int corner, int scale)
{
	struct hud *h = malloc(hud_size());
	struct hud_config c = { enabled, corner, scale };

	assert_non_null(h);
	hud_init(h, &c);
	return h;
}

/* n frames, each interval_ns after the previous one; returns the time of the last */
static uint64_t frames(struct hud *h, uint64_t t, int n, int64_t interval_ns)
{
	for (int i = 0; i < n; i++)
		hud_frame(h, t += (uint64_t)interval_ns);
	return t;
}

/* The count of the first vertices of v[0..n) that sample the atlas's solid cell (the last one,
 * ink everywhere): hud_build()'s solid rectangles */
static size_t solid_run(const struct hud_vertex *v, size_t n)
{
	size_t i = 0;

	while (i < n && v[i].u * HUD_ATLAS_W > 15 * HUD_CELL_W &&
	       v[i].v * HUD_ATLAS_H > 5 * HUD_CELL_H)
		i++;
	return i;
}

struct box {
	float x0, y0, x1, y1;
};

static struct box bbox(const struct hud_vertex *v, size_t n)
{
	struct box b = { 1e9f, 1e9f, -1e9f, -1e9f };

	for (size_t i = 0; i < n; i++) {
		b.x0 = v[i].x < b.x0 ? v[i].x : b.x0;
		b.y0 = v[i].y < b.y0 ? v[i].y : b.y0;
		b.x1 = v[i].x > b.x1 ? v[i].x : b.x1;
		b.y1 = v[i].y > b.y1 ? v[i].y : b.y1;
	}
	return b;
}

static int setup(void **state)
{
	(void)state;
	unsetenv("DISPLAY");
	return 0;
}

static void test_hud_atlas_has_glyphs_and_a_solid_cell(void **state)
{
	unsigned ink_a = 0, ink_space = 0;

	(void)state;
	for (int y = 0; y < HUD_CELL_H; y++)
		for (int x = 0; x < HUD_CELL_W; x++) {
			/* 'A' = 65: cell 33 (row 2, column 1); ' ' cell 0; the solid cell 95 */
			ink_a += hud_atlas[(2 * HUD_CELL_H + y) * HUD_ATLAS_W + HUD_CELL_W + x] != 0;
			ink_space += hud_atlas[y * HUD_ATLAS_W + x] != 0;
			assert_int_equal(
				hud_atlas[(5 * HUD_CELL_H + y) * HUD_ATLAS_W + 15 * HUD_CELL_W + x],
				255);
		}
	assert_true(ink_a > 10);
	assert_int_equal(ink_space, 0);
}

static void test_hud_hidden_gives_no_vertices(void **state)
{
	struct hud *off = new_hud(false, 0, 1), *on = new_hud(true, 0, 1);

	(void)state;
	frames(off, T0, 100, 10 * MS);
	frames(on, T0, 100, 10 * MS);
	assert_false(hud_visible(off));
	assert_int_equal(hud_build(off, 1920, 1080, buf, HUD_MAX_VERTICES), 0);
	assert_true(hud_visible(on));
	assert_true(hud_build(on, 1920, 1080, buf, HUD_MAX_VERTICES) > 0);
	hud_toggle(on);
	assert_false(hud_visible(on));
	assert_int_equal(hud_build(on, 1920, 1080, buf, HUD_MAX_VERTICES), 0);
	hud_toggle(on);
	assert_true(hud_build(on, 1920, 1080, buf, HUD_MAX_VERTICES) > 0);
	assert_int_equal(hud_build(on, 0, 1080, buf, HUD_MAX_VERTICES), 0);
	free(off);
	free(on);
}

/* A known state: 119 frames of 10 ms (a full update period passed), the panel in the top-left
 * corner, scale 1. The first four quads are the panel's background at the 8-pixel margin, around
 * the graph (above, left, right, below: no pixel blended twice), the graph's background and the
 * bars, the 119 equal ones one quad: the solid rectangles; then the text's glyphs (no quads for
 * spaces). */
static void test_hud_vertices_for_a_known_state(void **state)
{
	struct hud *h = new_hud(true, HUD_TOP_LEFT, 1);
	const size_t G = 6 * (5 + 1); /* the first glyph's first vertex */
	size_t n, glyphs = 0;
	const char *lines[] = { " 100.0 fps   10.0 ms", "1% low  100.0 fps  late 0", "GPU llvmpipe",
				"pacer off", "present FIFO" };

	(void)state;
	hud_set_gpu(h, "llvmpipe");
	hud_set_present_mode(h, "FIFO");
	frames(h, T0, 120, 10 * MS);
	n = hud_build(h, 1920, 1080, buf, HUD_MAX_VERTICES);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (const char *c = lines[i]; *c; c++)
			glyphs += *c != ' ';
	assert_int_equal(n % 6, 0);
	assert_int_equal(n / 6, 5 + 1 + glyphs);
	/* background: (8, 8) to (8 + 2*3 + 240, 8 + 3*3 + 5*13 + 40): the graph (120 bars of 2) is
	 * wider than every line (25 characters of 6); it leaves out the graph, (11, 27)-(251, 67) */
	assert_float_equal(buf[0].x, 8, 0);
	assert_float_equal(buf[0].y, 8, 0);
	assert_float_equal(buf[4].x, 8 + 6 + 240, 0);
	assert_float_equal(buf[4].y, 27, 0);
	assert_float_equal(buf[6 * 1 + 4].x, 11, 0);
	assert_float_equal(buf[6 * 2].x, 11 + 240, 0);
	assert_float_equal(buf[6 * 3].y, 67, 0);
	assert_float_equal(buf[6 * 3 + 4].x, 8 + 6 + 240, 0);
	assert_float_equal(buf[6 * 3 + 4].y, 8 + 9 + 65 + 40, 0);
	for (int q = 0; q < 4; q++)
		assert_memory_equal(buf[6 * q].rgba, ((uint8_t[]){ 20, 28, 72, 255 }), 4);
	/* a solid rectangle samples inside the solid cell */
	assert_true(buf[0].u * HUD_ATLAS_W > 15 * HUD_CELL_W &&
		    buf[0].v * HUD_ATLAS_H > 5 * HUD_CELL_H);
	/* the graph's background below the first line (y 11 + 13 + 3), then the bars: the newest
	 * ends at the graph's right edge (x 11 + 240); equal intervals: full height, 119 bars of 2
	 * side by side in one quad */
	assert_float_equal(buf[6 * 4].y, 11 + 13 + 3, 0);
	assert_memory_equal(buf[6 * 4].rgba, ((uint8_t[]){ 13, 18, 47, 255 }), 4);
	assert_float_equal(buf[6 * 5 + 4].x, 11 + 240, 0);
	assert_float_equal(buf[6 * 5].x, 11 + 240 - 119 * 2, 0);
	assert_float_equal(buf[6 * 5 + 4].y - buf[6 * 5].y, 40, 0);
	assert_int_equal(buf[6 * 5].rgba[1], 230);
	/* then the first line's glyphs, '1' of " 100.0" first (the leading space has no quad): its
	 * cell at (11 + 6, 11), the quad over its ink only, 0 to 5 across and 2 to 11 down (the
	 * misc-fixed '1'), its atlas texels the same rectangle of its cell */
	assert_float_equal(buf[G].x, 11 + 1 * 6 + 0, 0);
	assert_float_equal(buf[G].y, 11 + 2, 0);
	assert_float_equal(buf[G + 4].x, 11 + 1 * 6 + 5, 0);
	assert_float_equal(buf[G + 4].y, 11 + 11, 0);
	assert_float_equal(buf[G].u * HUD_ATLAS_W, (('1' - 32) % 16 * HUD_CELL_W) + 0, 1e-4);
	assert_float_equal(buf[G].v * HUD_ATLAS_H, (('1' - 32) / 16 * HUD_CELL_H) + 2, 1e-4);
	assert_float_equal(buf[G + 4].v * HUD_ATLAS_H, (('1' - 32) / 16 * HUD_CELL_H + 11), 1e-4);
	assert_memory_equal(buf[G].rgba, ((uint8_t[]){ 255, 236, 140, 255 }), 4);
	free(h);
}

/* Every printable glyph's quad covers its ink and nothing of its cell that is blank around it:
 * each edge of the quad's texels holds ink, every texel of the cell outside them is blank. */
static void test_hud_glyph_quads_cover_their_ink_only(void **state)
{
	struct hud *h = new_hud(true, HUD_TOP_LEFT, 3);
	char a[48] = "", b[48] = "";
	size_t n, solid, quads = 0;

	(void)state;
	for (int c = 33; c < 127; c++) /* '!' to '~': 94 glyphs in two lines */
		(c < 80 ? a : b)[c < 80 ? c - 33 : c - 80] = (char)c;
	hud_set_gpu(h, a);
	hud_set_pacer(h, b);
	n = hud_build(h, 1920, 1080, buf, HUD_MAX_VERTICES);
	solid = solid_run(buf, n);
	for (size_t i = solid; i < n; i += 6) {
		int u0 = (int)(buf[i].u * HUD_ATLAS_W + 0.5f),
		    v0 = (int)(buf[i].v * HUD_ATLAS_H + 0.5f);
		int u1 = (int)(buf[i + 4].u * HUD_ATLAS_W + 0.5f);
		int v1 = (int)(buf[i + 4].v * HUD_ATLAS_H + 0.5f);
		int cx = u0 / HUD_CELL_W * HUD_CELL_W, cy = v0 / HUD_CELL_H * HUD_CELL_H;
		bool ink_l = false, ink_r = false, ink_t = false, ink_b = false;

		/* the quad is as big as its texels at scale 3 */
		assert_float_equal(buf[i + 4].x - buf[i].x, 3.0f * (float)(u1 - u0), 1e-3);
		assert_float_equal(buf[i + 4].y - buf[i].y, 3.0f * (float)(v1 - v0), 1e-3);
		for (int y = cy; y < cy + HUD_CELL_H; y++)
			for (int x = cx; x < cx + HUD_CELL_W; x++) {
				bool in = x >= u0 && x < u1 && y >= v0 && y < v1;
				bool ink = hud_atlas[y * HUD_ATLAS_W + x] != 0;

				assert_true(in || !ink);
				ink_l |= in && ink && x == u0;
				ink_r |= in && ink && x == u1 - 1;
				ink_t |= in && ink && y == v0;
				ink_b |= in && ink && y == v1 - 1;
			}
		assert_true(ink_l && ink_r && ink_t && ink_b);
		quads++;
	}
	/* the 94 glyphs and the labels' ("GPU ", "pacer ", ...) and the figures' */
	assert_true(quads > 94);
	free(h);
}

/* hud_build(): the solid rectangles first (each samples the atlas's solid cell and is opaque, as
 * the panel painted as one opaque image assumes), then the glyphs (none of them in the solid
 * cell), bars of the same height and colour merged. */
static void test_hud_build_solid_rectangles_first(void **state)
{
	struct hud *h = new_hud(true, HUD_BOTTOM_RIGHT, 2);
	size_t n, solid;

	(void)state;
	hud_set_target(h, 8 * MS, 4 * MS); /* the target line and late bars too */
	frames(h, T0, 200, 7 * MS);
	frames(h, T0 + 200 * 7 * MS, 20, 15 * MS);
	n = hud_build(h, 1280, 720, buf, HUD_MAX_VERTICES);
	solid = solid_run(buf, n);
	/* 4 background quads, the graph's background, its target line and the bars: the 20 newest
	 * (15 ms, late, 75 pixels of the graph's 80 at scale 2: 15 of the range, 16 ms, twice the
	 * target) and the 100 older (7 ms, 35 pixels) each one quad */
	assert_int_equal(solid, 6 * (4 + 1 + 1 + 2));
	assert_float_equal(buf[6 * 6 + 4].y - buf[6 * 6].y, 75, 0);
	assert_float_equal(buf[6 * 6 + 4].x - buf[6 * 6].x, 20 * 2 * 2, 0);
	assert_int_equal(buf[6 * 6].rgba[0], 255);
	assert_float_equal(buf[6 * 7 + 4].y - buf[6 * 7].y, 35, 0);
	assert_float_equal(buf[6 * 7 + 4].x - buf[6 * 7].x, 100 * 2 * 2, 0);
	assert_int_equal(buf[6 * 7].rgba[0], 90);
	for (size_t i = 0; i < n; i++) {
		bool is_solid_cell = buf[i].u * HUD_ATLAS_W > 15 * HUD_CELL_W &&
				     buf[i].v * HUD_ATLAS_H > 5 * HUD_CELL_H;

		assert_int_equal(is_solid_cell, i < solid);
		/* opaque: the panel's image is, drawn without blending */
		if (i < solid)
			assert_int_equal(buf[i].rgba[3], 255);
	}
	free(h);
}

static void test_hud_build_is_pure(void **state)
{
	struct hud *h = new_hud(true, HUD_BOTTOM_RIGHT, 2);
	size_t n1, n2;

	(void)state;
	frames(h, T0, 200, 7 * MS);
	n1 = hud_build(h, 1280, 720, buf, HUD_MAX_VERTICES);
	n2 = hud_build(h, 1280, 720, buf2, HUD_MAX_VERTICES);
	assert_int_equal(n1, n2);
	assert_memory_equal(buf, buf2, n1 * sizeof(buf[0]));
	/* each quad: (x0,y0) (x1,y0) (x0,y1) (x1,y0) (x1,y1) (x0,y1), as hud.h promises */
	for (size_t q = 0; q < n1 / 6; q++) {
		const struct hud_vertex *v = buf + 6 * q;

		assert_memory_equal(&v[3], &v[1], sizeof(v[0]));
		assert_memory_equal(&v[5], &v[2], sizeof(v[0]));
		assert_true(v[0].x == v[2].x && v[0].y == v[1].y && v[4].x == v[1].x &&
			    v[4].y == v[2].y);
	}
	free(h);
}

static void test_hud_build_never_exceeds_max(void **state)
{
	struct hud *h = new_hud(true, 0, 1);
	size_t full;

	(void)state;
	hud_set_pacer(h,
		      "72 fps = refresh/2 of 144 Hz, from 1245620.ini:3 and a long tail of text");
	hud_set_gpu(h, "AMD Radeon RX 7900 XTX (RADV NAVI31) with a long name that goes on and on");
	frames(h, T0, 300, 9 * MS);
	full = hud_build(h, 1920, 1080, buf, HUD_MAX_VERTICES);
	assert_true(full > 0 && full <= HUD_MAX_VERTICES);
	for (size_t max = 0; max <= full + 7; max++) {
		size_t n;

		memset(buf2, 0xa5, sizeof(buf2));
		n = hud_build(h, 1920, 1080, buf2, max);
		assert_true(n <= max);
		assert_int_equal(n % 6, 0);
		assert_int_equal(n, max >= full ? full : max - max % 6);
		/* nothing written past what it returns */
		assert_int_equal(((const uint8_t *)&buf2[n])[0], 0xa5);
	}
	free(h);
}

static void test_hud_corners(void **state)
{
	struct box b[4];

	(void)state;
	for (int c = 0; c < 4; c++) {
		struct hud *h = new_hud(true, c, 1);
		size_t n;

		frames(h, T0, 10, 16 * MS);
		n = hud_build(h, 800, 600, buf, HUD_MAX_VERTICES);
		b[c] = bbox(buf, n);
		free(h);
	}
	assert_float_equal(b[HUD_TOP_LEFT].x0, 8, 0);
	assert_float_equal(b[HUD_TOP_LEFT].y0, 8, 0);
	assert_float_equal(b[HUD_TOP_RIGHT].x1, 800 - 8, 0);
	assert_float_equal(b[HUD_TOP_RIGHT].y0, 8, 0);
	assert_float_equal(b[HUD_BOTTOM_LEFT].x0, 8, 0);
	assert_float_equal(b[HUD_BOTTOM_LEFT].y1, 600 - 8, 0);
	assert_float_equal(b[HUD_BOTTOM_RIGHT].x1, 800 - 8, 0);
	assert_float_equal(b[HUD_BOTTOM_RIGHT].y1, 600 - 8, 0);
	/* same size everywhere */
	assert_float_equal(b[0].x1 - b[0].x0, b[3].x1 - b[3].x0, 0);
	assert_float_equal(b[0].y1 - b[0].y0, b[3].y1 - b[3].y0, 0);
	/* a corner value out of range is top-left; the panel never starts off the surface */
	{
		struct hud *h = new_hud(true, 7, 4);
		struct box s = bbox(buf, hud_build(h, 100, 50, buf, HUD_MAX_VERTICES));

		assert_float_equal(s.x0, 8, 0);
		hud_init(h, &(struct hud_config){ true, HUD_BOTTOM_RIGHT, 4 });
		s = bbox(buf, hud_build(h, 100, 50, buf, HUD_MAX_VERTICES));
		assert_float_equal(s.x0, 0, 0);
		assert_float_equal(s.y0, 0, 0);
		free(h);
	}
}

static void test_hud_scale_multiplies_the_size(void **state)
{
	struct box b[5];

	(void)state;
	for (int s = 1; s <= 4; s++) {
		struct hud *h = new_hud(true, HUD_TOP_LEFT, s);

		frames(h, T0, 10, 16 * MS);
		b[s] = bbox(buf, hud_build(h, 3840, 2160, buf, HUD_MAX_VERTICES));
		free(h);
	}
	for (int s = 2; s <= 4; s++) {
		assert_float_equal(b[s].x0, 8, 0);
		assert_float_equal(b[s].x1 - b[s].x0, s * (b[1].x1 - b[1].x0), 1e-3);
		assert_float_equal(b[s].y1 - b[s].y0, s * (b[1].y1 - b[1].y0), 1e-3);
	}
	{ /* 0 and 9 are clamped to 1 and 4 */
		struct hud *h = new_hud(true, HUD_TOP_LEFT, 9);
		struct box c = bbox(buf, hud_build(h, 3840, 2160, buf, HUD_MAX_VERTICES));

		assert_float_equal(c.x1 - c.x0, b[4].x1 - b[4].x0, 1e-3);
		free(h);
	}
}

static void test_hud_fps_and_frame_time(void **state)
{
	struct hud *h = new_hud(true, 0, 1);
	struct hud_figures f;
	uint64_t t;

	(void)state;
	hud_figures(h, &f);
	assert_int_equal(f.fps_x10, 0);
	assert_int_equal(f.low1_fps_x10, 0);
	/* 10 ms frames: the first update comes after 500 ms */
	t = frames(h, T0, 50, 10 * MS);
	hud_figures(h, &f);
	assert_int_equal(f.fps_x10, 0);
	t = frames(h, t, 1, 10 * MS);
	hud_figures(h, &f);
	assert_int_equal(f.fps_x10, 1000);
	assert_int_equal(f.frame_us, 10000);
	assert_int_equal(f.frames, 51);
	/* then 16.667 ms frames: 60.0 fps */
	frames(h, t, 30, 16667 * US);
	hud_figures(h, &f);
	assert_int_equal(f.fps_x10, 600);
	assert_int_equal(f.frame_us, 16667);
	free(h);
}

/* pacer.h's definition: 1e9 / mean of the slowest max(1, n / 100) intervals, here over the
 * newest frames that make up the last 5 s. A frame of HUD_UPDATE_NS always brings an update. */
static void test_hud_one_percent_low(void **state)
{
	struct hud *h = new_hud(true, 0, 1);
	struct hud_figures f;
	uint64_t t = T0;

	(void)state;
	/* 6 s of 30 ms frames */
	t = frames(h, t, 200, 30 * MS);
	hud_figures(h, &f);
	assert_int_equal(f.low1_fps_x10, 333); /* 1e9 / 30 ms = 33.3 */
	/* 495 frames of 10 ms, 5 of them 20 ms (i = 50, 149, 248, 347, 446), then one of 500 ms.
	 * From the newest: 500 ms + 445 frames (440 x 10 + 5 x 20 ms) = 5.0 s: n = 446, k = 4;
	 * the slowest four: 500, 20, 20, 20 ms, mean 140 ms: 7.1 fps. The 30 ms frames are older
	 * than the window (were they in, 30 ms would beat 20 ms). */
	for (int i = 0; i < 495; i++)
		t = frames(h, t, 1, i % 99 == 50 ? 20 * MS : 10 * MS);
	hud_frame(h, t + HUD_UPDATE_NS);
	hud_figures(h, &f);
	assert_int_equal(f.low1_fps_x10, 71);
	free(h);
}

/* k = max(1, n / 100): with 51 frames, the single slowest one */
static void test_hud_one_percent_low_of_few_frames(void **state)
{
	struct hud *h = new_hud(true, 0, 1);
	struct hud_figures f;
	uint64_t t;

	(void)state;
	t = frames(h, T0, 51, 10 * MS);
	hud_frame(h, t + HUD_UPDATE_NS);
	hud_figures(h, &f);
	assert_int_equal(f.low1_fps_x10, 20); /* 1e9 / 500 ms */
	free(h);
}

static void test_hud_late_frames(void **state)
{
	struct hud *h = new_hud(true, 0, 1);
	struct hud_figures f;
	uint64_t t = T0;

	(void)state;
	/* no target: nothing is late */
	t = frames(h, t, 3, 100 * MS);
	hud_figures(h, &f);
	assert_int_equal(f.late, 0);
	/* 60 fps target on a 60 Hz display: late past 16.667 + 8.333 = 25 ms */
	hud_set_target(h, 16666667, 16666667);
	t = frames(h, t, 1, 24900 * US);
	hud_figures(h, &f);
	assert_int_equal(f.late, 0);
	t = frames(h, t, 1, 25100 * US);
	hud_figures(h, &f);
	assert_int_equal(f.late, 1);
	/* refresh unknown: 1 ms of tolerance */
	hud_set_target(h, 16666667, 0);
	t = frames(h, t, 1, 17600 * US);
	hud_figures(h, &f);
	assert_int_equal(f.late, 1);
	t = frames(h, t, 2, 17700 * US);
	hud_figures(h, &f);
	assert_int_equal(f.late, 3);
	assert_int_equal(f.frames, 8);
	free(h);
}

static void test_hud_text_is_escaped(void **state)
{
	struct hud *a = new_hud(true, 0, 1), *b = new_hud(true, 0, 1);
	size_t na, nb;

	(void)state;
	hud_set_gpu(a, "\x1b[31mGPU\xc3\xa9");
	hud_set_gpu(b, "?[31mGPU??");
	hud_set_pacer(a, NULL);
	hud_set_pacer(b, "");
	na = hud_build(a, 1920, 1080, buf, HUD_MAX_VERTICES);
	nb = hud_build(b, 1920, 1080, buf2, HUD_MAX_VERTICES);
	assert_int_equal(na, nb);
	assert_memory_equal(buf, buf2, na * sizeof(buf[0]));
	free(a);
	free(b);
}

/* The settings' words (common/setting.h, shared by profiles and the in-game libraries) */
static void test_hud_settings_parse(void **state)
{
	enum setting_hud_position pos;
	unsigned scale;

	(void)state;
	assert_int_equal(setting_hud_position_parse("BOTTOM-left", &pos), 0);
	assert_int_equal(pos, SETTING_HUD_BOTTOM_LEFT);
	assert_int_equal((int)SETTING_HUD_BOTTOM_LEFT, (int)HUD_BOTTOM_LEFT);
	assert_int_equal((int)SETTING_HUD_TOP_RIGHT, (int)HUD_TOP_RIGHT);
	assert_int_equal(setting_hud_position_parse("left", &pos), -EINVAL);
	assert_int_equal(setting_hud_scale_parse("4", &scale), 0);
	assert_int_equal(scale, 4);
	assert_int_equal(setting_hud_scale_parse("0", &scale), -EINVAL);
	assert_int_equal(setting_hud_scale_parse("5", &scale), -EINVAL);
	assert_int_equal(setting_hud_scale_parse("22", &scale), -EINVAL);
	assert_int_equal(setting_hud_scale_parse("", &scale), -EINVAL);
}

/* The in-game libraries read MVGAL_HUD* (a bad value is ignored) and MVGAL_FPS_FROM */
static void test_hud_settings_from_the_environment(void **state)
{
	struct ingame_settings s;

	(void)state;
	setenv("MVGAL_HUD", "1", 1);
	setenv("MVGAL_HUD_POSITION", "top-right", 1);
	setenv("MVGAL_HUD_SCALE", "9", 1);
	setenv("MVGAL_FPS_FROM", "1245620.ini:3\x1b[2J", 1);
	ingame_settings_read(&s);
	assert_true(s.hud.enabled);
	assert_int_equal(s.hud.corner, HUD_TOP_RIGHT);
	assert_int_equal(s.hud.scale, 1);
	assert_string_equal(s.fps_from, "1245620.ini:3?[2J");
	unsetenv("MVGAL_HUD");
	unsetenv("MVGAL_HUD_POSITION");
	unsetenv("MVGAL_HUD_SCALE");
	unsetenv("MVGAL_FPS_FROM");
	ingame_settings_read(&s);
	assert_false(s.hud.enabled);
	assert_string_equal(s.fps_from, "MVGAL_FPS");
}

/* The pacer line in the words of the issue: "72 fps = refresh/2 of 144 Hz, from 1245620.ini:3" */
static void test_hud_pacer_line(void **state)
{
	struct ingame_settings s = { .is_pacer_on = true, .fps_from = "1245620.ini:3" };
	struct pacer_target t = { .fps = 0, .divisor = 2 };
	struct pacer p;
	char line[128];

	(void)state;
	assert_int_equal(pacer_init(&p, &t, 6944444), 0); /* 144 Hz */
	ingame_hud_pacer_line(&s, &p, line, sizeof(line));
	assert_string_equal(line, "72 fps = refresh/2 of 144 Hz, from 1245620.ini:3");
	assert_int_equal(pacer_init(&p, &t, 0), 0);
	ingame_hud_pacer_line(&s, &p, line, sizeof(line));
	assert_string_equal(line, "30 fps = refresh/2 of 60 Hz (assumed), from 1245620.ini:3");
	t = (struct pacer_target){ .fps = 60 };
	snprintf(s.fps_from, sizeof(s.fps_from), "--fps");
	assert_int_equal(pacer_init(&p, &t, 0), 0);
	ingame_hud_pacer_line(&s, &p, line, sizeof(line));
	assert_string_equal(line, "60 fps, from --fps");
	s.is_pacer_on = false;
	ingame_hud_pacer_line(&s, &p, line, sizeof(line));
	assert_string_equal(line, "off");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hud_atlas_has_glyphs_and_a_solid_cell),
		cmocka_unit_test(test_hud_hidden_gives_no_vertices),
		cmocka_unit_test(test_hud_vertices_for_a_known_state),
		cmocka_unit_test(test_hud_build_is_pure),
		cmocka_unit_test(test_hud_build_solid_rectangles_first),
		cmocka_unit_test(test_hud_glyph_quads_cover_their_ink_only),
		cmocka_unit_test(test_hud_build_never_exceeds_max),
		cmocka_unit_test(test_hud_corners),
		cmocka_unit_test(test_hud_scale_multiplies_the_size),
		cmocka_unit_test(test_hud_fps_and_frame_time),
		cmocka_unit_test(test_hud_one_percent_low),
		cmocka_unit_test(test_hud_one_percent_low_of_few_frames),
		cmocka_unit_test(test_hud_late_frames),
		cmocka_unit_test(test_hud_text_is_escaped),
		cmocka_unit_test(test_hud_settings_parse),
		cmocka_unit_test(test_hud_settings_from_the_environment),
		cmocka_unit_test(test_hud_pacer_line),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}

// SPDX-License-Identifier: MIT
/*
 * Unit tests of the pure pacer core with an injected clock: the "game" is simulated by advancing
 * now_ns by a render time per frame, the wait by jumping to the returned deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "pacer/pacer.h"

#define MS INT64_C(1000000)
#define US INT64_C(1000)
#define T0 (INT64_C(1000) * PACER_NS_PER_S) /* an arbitrary monotonic start */

static struct pacer pacer_for(uint32_t fps, uint32_t divisor, int64_t refresh_ns)
{
	struct pacer p;
	struct pacer_target t = { .fps = fps, .divisor = divisor };

	assert_int_equal(pacer_init(&p, &t, refresh_ns), PACER_OK);
	return p;
}

/* One simulated frame: the game renders for render_ns, then presents through the pacer. */
static int64_t sim_frame(struct pacer *p, int64_t *now, int64_t render_ns, bool *late)
{
	int64_t d;

	*now += render_ns;
	d = pacer_next_deadline(p, *now, late);
	assert_true(d >= *now);
	*now = d;
	return d;
}

static void test_pacer_target_parse_accepts_settings(void **state)
{
	struct pacer_target t;

	(void)state;
	assert_int_equal(pacer_target_parse("0", &t), PACER_OK);
	assert_int_equal(t.fps, 0);
	assert_int_equal(t.divisor, 0);
	assert_int_equal(pacer_target_parse(" 144 ", &t), PACER_OK);
	assert_int_equal(t.fps, 144);
	assert_int_equal(pacer_target_parse("refresh/2", &t), PACER_OK);
	assert_int_equal(t.divisor, 2);
	assert_int_equal(t.fps, 0);
	assert_int_equal(pacer_target_parse("refresh", &t), PACER_OK);
	assert_int_equal(t.divisor, 1);
	assert_int_equal(pacer_target_parse("off", &t), PACER_OK);
	assert_int_equal(t.fps + t.divisor, 0);
	assert_false(t.is_vrr);
	assert_int_equal(pacer_target_parse(" vrr ", &t), PACER_OK);
	assert_true(t.is_vrr);
	assert_int_equal(t.fps + t.divisor, 0);
	assert_int_equal(pacer_target_parse("60", &t), PACER_OK);
	assert_false(t.is_vrr); /* a reused struct forgets the last value */
}

static void test_pacer_target_parse_rejects_garbage(void **state)
{
	static const char *bad[] = { "",	 "-1",	      "60fps",
				     "1001",	 "refresh/0", "refresh/9",
				     "refresh/", "refresh2",  "99999999999999999999",
				     "6 0",	 "vrr/2",     "vrr 60",
				     "VRR1" };
	struct pacer_target t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pacer_target_parse(bad[i], &t), PACER_EINVAL);
		assert_int_equal(t.fps + t.divisor, 0);
		assert_false(t.is_vrr);
	}
	assert_int_equal(pacer_target_parse(NULL, &t), PACER_EINVAL);
	assert_non_null(pacer_strerror(PACER_EINVAL));
	assert_non_null(pacer_strerror(12345));
}

static void test_pacer_inactive_never_waits(void **state)
{
	struct pacer p = pacer_for(0, 0, 0);
	bool late = true;

	(void)state;
	assert_false(pacer_is_active(&p));
	assert_int_equal(pacer_interval_ns(&p), 0);
	assert_int_equal(pacer_next_deadline(&p, T0, &late), T0);
	assert_false(late);
	assert_int_equal(pacer_next_deadline(&p, T0 + 5, NULL), T0 + 5);
}

static void test_pacer_init_rejects_bad_arguments(void **state)
{
	struct pacer p;
	struct pacer_target both = { .fps = 60, .divisor = 2 }, big = { .fps = 5000, .divisor = 0 };
	struct pacer_target ok = { .fps = 60, .divisor = 0 };

	(void)state;
	assert_int_equal(pacer_init(&p, &both, 0), PACER_EINVAL);
	assert_false(pacer_is_active(&p));
	assert_int_equal(pacer_init(&p, &big, 0), PACER_EINVAL);
	assert_int_equal(pacer_init(&p, &ok, -1), PACER_EINVAL);
	assert_int_equal(pacer_init(&p, NULL, 0), PACER_EINVAL);
}

/* 10 minutes at 60 fps must end within one frame of 36,000 frames: no accumulated rounding. */
static void test_pacer_schedule_does_not_drift(void **state)
{
	struct pacer p = pacer_for(60, 0, 0);
	int64_t now = T0, d = 0, d0 = 0;
	bool late;
	int i;

	(void)state;
	for (i = 0; i < 36000; i++) {
		/* a render time that varies but always fits */
		d = sim_frame(&p, &now, (i % 7) * MS + 123, &late);
		assert_false(late);
		if (i == 0)
			d0 = d;
	}
	/* frame 35999 at frame 0 + 35999/60 s, exactly (to the ns) */
	assert_true(llabs(d - (d0 + INT64_C(35999) * PACER_NS_PER_S / 60)) <= 1);
	assert_int_equal(p.late, 0);
}

/* Long sessions: the schedule's internal origin moves forward without changing any deadline. */
static void test_pacer_long_session_stays_exact(void **state)
{
	struct pacer p = pacer_for(144, 0, 0);
	int64_t now = T0, d = 0, d0 = 0, k;
	bool late;

	(void)state;
	for (k = 0; k < 3 * (INT64_C(1) << 20); k++) {
		d = sim_frame(&p, &now, 0, &late);
		if (k == 0)
			d0 = d;
	}
	assert_true(p.frame_k < (INT64_C(1) << 21)); /* the origin did move */
	assert_int_equal(d, d0 + (k - 1) * PACER_NS_PER_S / 144);
	assert_int_equal(p.late, 0);
}

static void test_pacer_first_frame_is_not_delayed(void **state)
{
	struct pacer p = pacer_for(144, 0, 0);
	bool late = true;

	(void)state;
	assert_int_equal(pacer_next_deadline(&p, T0, &late), T0);
	assert_false(late);
	assert_int_equal(pacer_next_deadline(&p, T0 + MS, &late), T0 + PACER_NS_PER_S / 144);
}

/* A frame that misses its slot is presented at once, and the next one is a full period later. */
static void test_pacer_late_frame_resyncs_without_burst(void **state)
{
	struct pacer p = pacer_for(100, 0, 0);
	int64_t now = T0, d, prev;
	bool late;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		sim_frame(&p, &now, 2 * MS, &late);
	prev = now;
	d = sim_frame(&p, &now, 25 * MS, &late); /* a 25 ms hitch at 10 ms pacing */
	assert_true(late);
	assert_int_equal(d, prev + 25 * MS);
	for (i = 0; i < 5; i++) {
		prev = now;
		d = sim_frame(&p, &now, 1 * MS, &late);
		assert_false(late);
		assert_int_equal(d - prev, 10 * MS); /* no catch-up */
	}
	assert_int_equal(p.late, 1);
}

/* A frame late by less than a period: the lost time is repaid slowly, then the grid is exact. */
static void test_pacer_late_frame_debt_is_repaid_slowly(void **state)
{
	const int64_t t = 10 * MS, repay = t / 256;
	struct pacer p = pacer_for(100, 0, 0);
	int64_t now = T0, d, d0, prev;
	bool late;
	int i;

	(void)state;
	d0 = sim_frame(&p, &now, 0, &late);
	for (i = 1; i < 10; i++)
		sim_frame(&p, &now, 2 * MS, &late);
	d = sim_frame(&p, &now, 11 * MS, &late); /* 1 ms past its slot */
	assert_true(late);
	assert_int_equal(d, d0 + 101 * MS);
	for (i = 11; i < 60; i++) {
		prev = now;
		d = sim_frame(&p, &now, 1 * MS, &late);
		assert_false(late);
		assert_true(d - prev >= t - repay && d - prev <= t); /* no burst */
	}
	assert_int_equal(d, d0 + 59 * t); /* back on the absolute schedule */
	assert_int_equal(p.late, 1);
}

/* pacer_wait() reports a late wake-up: repaid the same way; ignored on vsync and when tiny. */
static void test_pacer_late_handover_is_repaid(void **state)
{
	struct pacer p = pacer_for(100, 0, 0), v = pacer_for(0, 1, 10 * MS);
	int64_t now = T0, d0, d;
	bool late;
	int i;

	(void)state;
	d0 = sim_frame(&p, &now, 0, &late);
	sim_frame(&p, &now, MS, &late);
	pacer_handed_late(&p, 15 * US); /* noise */
	assert_int_equal(p.debt_ns, 0);
	pacer_handed_late(&p, 3 * MS);
	now += 3 * MS;
	d = sim_frame(&p, &now, MS, &late);
	assert_false(late);
	assert_int_equal(d, d0 + 2 * 10 * MS + 3 * MS - 10 * MS / 256);
	for (i = 3; i < 120; i++)
		d = sim_frame(&p, &now, MS, &late);
	assert_int_equal(d, d0 + 119 * 10 * MS);
	pacer_handed_late(&p, 25 * MS); /* longer than a period: restart from then */
	assert_int_equal(p.debt_ns, 0);
	assert_int_equal(p.origin_ns, d + 25 * MS);
	sim_frame(&v, &now, 0, &late);
	pacer_handed_late(&v, 3 * MS);
	assert_int_equal(v.debt_ns, 0);
}

/* On vsync a small slip keeps the vblank grid; a large one resyncs onto the grid, never off it. */
static void test_pacer_vsync_late_frames_keep_grid(void **state)
{
	const int64_t r = 10 * MS;
	struct pacer p = pacer_for(0, 1, r);
	int64_t now = T0, d0, d;
	bool late;
	int i;

	(void)state;
	d0 = sim_frame(&p, &now, 0, &late);
	for (i = 1; i < 5; i++)
		sim_frame(&p, &now, MS, &late);
	d = sim_frame(&p, &now, 11 * MS, &late); /* frame 5: 1 ms late */
	assert_true(late);
	assert_int_equal(d, d0 + 5 * r + MS);
	d = sim_frame(&p, &now, MS, &late);
	assert_int_equal(d, d0 + 6 * r);	 /* back on the grid at once: vblanks do not move */
	d = sim_frame(&p, &now, 16 * MS, &late); /* frame 7: 6 ms late */
	assert_true(late);
	d = sim_frame(&p, &now, MS, &late);
	assert_false(late);
	assert_int_equal(d, d0 + 9 * r); /* next grid point at least half a period away */
	assert_int_equal(p.debt_ns, 0);
}

static void test_pacer_divisor_follows_refresh(void **state)
{
	struct pacer p = pacer_for(0, 2, 0);

	(void)state;
	assert_true(pacer_is_active(&p));
	assert_int_equal(pacer_interval_ns(&p), 33333333); /* 60 Hz assumed */
	pacer_set_refresh(&p, 6944444);			   /* 144 Hz */
	assert_int_equal(pacer_interval_ns(&p), 2 * 6944444);
	assert_true(p.is_vsync_aligned);
	pacer_set_refresh(&p, 0); /* ignored */
	assert_int_equal(pacer_interval_ns(&p), 2 * 6944444);
}

static void test_pacer_fps_snaps_to_refresh_multiple(void **state)
{
	struct pacer p = pacer_for(60, 0, 16683350); /* 59.94 Hz */
	struct pacer q = pacer_for(50, 0, 16666667); /* 50 fps on 60 Hz: no multiple near */
	struct pacer r = pacer_for(30, 0, 16666667); /* 30 fps on 60 Hz: 2 refreshes */

	(void)state;
	assert_int_equal(pacer_interval_ns(&p), 16683350);
	assert_true(p.is_vsync_aligned);
	assert_int_equal(pacer_interval_ns(&q), 20000000);
	assert_false(q.is_vsync_aligned);
	assert_int_equal(pacer_interval_ns(&r), 33333334);
	assert_true(r.is_vsync_aligned);
}

/*
 * fps = vrr (issue 28): refresh - refresh^2/3600, the cap Reflex and Special K use: 143.91 Hz gives
 * 138.16 fps, 144 Hz 138.24, 60 Hz 59. Off the vblank grid on purpose; unknown refresh: no cap
 * until a refresh is told, then the cap of that refresh.
 */
static void test_pacer_vrr_caps_under_refresh(void **state)
{
	struct pacer_target vrr = { .is_vrr = true };
	struct pacer p, q;

	(void)state;
	assert_int_equal(pacer_vrr_interval_ns(6944444), 7233796);   /* 144 Hz: 138.24 fps */
	assert_int_equal(pacer_vrr_interval_ns(16666667), 16949153); /* 60 Hz: 59 fps */
	assert_int_equal(pacer_vrr_interval_ns(0), 0);
	assert_int_equal(pacer_vrr_interval_ns(500000), 0);	   /* 2000 Hz: no sensible cap */
	assert_int_equal(pacer_init(&p, &vrr, 6948788), PACER_OK); /* 143.91 Hz */
	assert_true(pacer_is_active(&p));
	assert_false(p.is_vsync_aligned);
	assert_int_equal((int)(1e11 / (double)pacer_interval_ns(&p) + 0.5), 13816); /* 138.16 */
	assert_int_equal(pacer_init(&q, &vrr, 0), PACER_OK);
	assert_false(pacer_is_active(&q)); /* no refresh known: nothing capped */
	assert_int_equal(pacer_next_deadline(&q, T0, NULL), T0);
	assert_int_equal(pacer_next_deadline(&q, T0 + 1000, NULL), T0 + 1000);
	pacer_set_refresh(&q, 6944444);
	assert_true(pacer_is_active(&q));
	assert_int_equal(pacer_interval_ns(&q), 7233796);
	assert_int_equal(pacer_next_deadline(&q, T0 + 2000, NULL), T0 + 2000);
	assert_int_equal(pacer_next_deadline(&q, T0 + 3000, NULL), T0 + 2000 + 7233796);
	vrr.fps = 60;
	assert_int_equal(pacer_init(&p, &vrr, 0), PACER_EINVAL); /* vrr and a number: which? */
}

/* A frame handed over 0.5 ms late: were the next deadline kept, its interval would be 6.73 ms,
 * under the 144 Hz panel's 6.94 ms, and the panel would hold it. The lost time is repaid slowly
 * instead (1/256 of the interval a frame), so every interval stays above one refresh. */
static void test_pacer_vrr_keeps_a_refresh_after_a_late_frame(void **state)
{
	struct pacer_target vrr = { .is_vrr = true };
	struct pacer p;
	int64_t d0, d1, d2, d3;

	(void)state;
	assert_int_equal(pacer_init(&p, &vrr, 6944444), PACER_OK);
	d0 = pacer_next_deadline(&p, T0, NULL);
	d1 = pacer_next_deadline(&p, d0 + MS, NULL);
	assert_int_equal(d1 - d0, 7233796);
	pacer_handed_late(&p, 500 * US);
	d2 = pacer_next_deadline(&p, d1 + 500 * US + MS, NULL);
	assert_true(d2 - (d1 + 500 * US) >= 6944444);
	for (int i = 0; i < 40; i++) {
		d3 = pacer_next_deadline(&p, d2 + MS, NULL);
		assert_true(d3 - d2 >= 6944444);
		d2 = d3;
	}
	assert_true(d2 <= d0 + 42 * INT64_C(7233796) + 1); /* repaid: back on the schedule */
}

/* The refresh period changes mid-run (the display mode changed): continue from the last deadline. */
static void test_pacer_refresh_change_continues_schedule(void **state)
{
	struct pacer p = pacer_for(0, 1, 16666667);
	int64_t now = T0, d, prev;
	bool late;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		sim_frame(&p, &now, MS, &late);
	pacer_set_refresh(&p, 8333333); /* 120 Hz */
	prev = now;
	d = sim_frame(&p, &now, MS, &late);
	assert_false(late);
	assert_int_equal(d - prev, 8333333);
	for (i = 0; i < 1000; i++) {
		prev = now;
		d = sim_frame(&p, &now, MS, &late);
		assert_int_equal(d - prev, 8333333);
	}
}

/* Observed vblanks put deadlines 3/4 of a refresh before a vblank: the first at once, then
 * gradually. */
static void test_pacer_keeps_vsync_phase(void **state)
{
	const int64_t r = 16666667, vblank0 = T0 + 5 * MS; /* display phase: 5 ms after T0 */
	struct pacer p = pacer_for(60, 0, r);
	int64_t now = T0, d = 0, e, prev_e = INT64_MAX;
	bool late;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		d = sim_frame(&p, &now, MS, &late);
		assert_false(late);
		/* the frame presented at d shows at the first vblank after it */
		pacer_observe_present(&p, vblank0 + ((d - vblank0) / r + 1) * r);
		e = llabs((d - vblank0) % r - r / 4);
		if (i > 0 && i < 20)
			assert_true(e <= prev_e); /* converges monotonically, no overshoot */
		prev_e = e;
	}
	assert_true(prev_e < 50 * US);
}

/* refresh/2 at 144 Hz: the first observed vblank sets the phase at once (no miss while it
 * converges), and a refresh change starts over with the next observation. */
static void test_pacer_first_observation_sets_phase(void **state)
{
	const int64_t r = 6944444, vblank0 = T0 + 1234 * US;
	struct pacer p = pacer_for(0, 2, r);
	int64_t now = T0, d;
	bool late;
	int i;

	(void)state;
	d = sim_frame(&p, &now, MS, &late);
	d = sim_frame(&p, &now, MS, &late);
	pacer_observe_present(&p, vblank0 + 10 * r);
	for (i = 0; i < 5; i++) {
		d = sim_frame(&p, &now, MS, &late);
		assert_int_equal(d - now, 0);
		assert_true(llabs(((d - vblank0) % r + r) % r - r / 4) <= 1); /* 3/4 r before */
		assert_int_equal(pacer_interval_ns(&p), 2 * r);
	}
	pacer_set_refresh(&p, 16666667); /* the display switches to 60 Hz */
	d = sim_frame(&p, &now, MS, &late);
	pacer_observe_present(&p, T0 + 5 * MS + 100 * 16666667LL);
	d = sim_frame(&p, &now, MS, &late);
	assert_true(llabs(((d - T0 - 5 * MS) % 16666667 + 16666667) % 16666667 - 16666667 / 4) <= 1);
}

/* The display's real vblank period drifts from the nominal one (20 ppm): phase tracking follows. */
static void test_pacer_tracks_vblank_drift(void **state)
{
	const int64_t r = 16666667, real_r = 16667000, vblank0 = T0 + 3 * MS;
	struct pacer p = pacer_for(0, 1, r);
	int64_t now = T0, d = 0, k, off = 0;
	bool late;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		d = sim_frame(&p, &now, 2 * MS, &late);
		assert_false(late);
		k = (d - vblank0) / real_r + 1; /* first real vblank after d */
		pacer_observe_present(&p, vblank0 + k * real_r);
		off = vblank0 + k * real_r - d; /* how long before its vblank the frame came */
	}
	assert_true(llabs(off - 3 * r / 4) < 20 * US);
}

/* pacer_wait()'s margin: the second largest recent oversleep, so one outlier is ignored. */
static void test_pacer_sleep_margin_learning(void **state)
{
	struct pacer p = pacer_for(10, 0, 0), q = pacer_for(144, 0, 0);
	int i;

	(void)state;
	assert_int_equal(p.sleep.margin_ns, 200 * US);
	for (i = 0; i < 100; i++)
		pacer_learn_oversleep(&p, (i % 5) * 10 * US); /* 0..40 us */
	assert_int_equal(p.sleep.margin_ns, 50 * US);	      /* 40 + 10 guard */
	pacer_learn_oversleep(&p, 3 * MS);		      /* one hiccup */
	assert_int_equal(p.sleep.margin_ns, 50 * US);
	pacer_learn_oversleep(&p, 800 * US); /* a second: the machine is loaded */
	assert_int_equal(p.sleep.margin_ns, 810 * US);
	pacer_learn_oversleep(&p, 5 * MS); /* bounded */
	assert_int_equal(p.sleep.margin_ns, 1500 * US);
	for (i = 0; i < (int)PACER_SLEEP_WINDOW; i++)
		pacer_learn_oversleep(&p, -5); /* quiet again: forgotten after one window */
	assert_int_equal(p.sleep.margin_ns, 20 * US);
	/* at 144 fps the spin is capped at 2.5 % of the 6.94 ms interval */
	pacer_learn_oversleep(&q, 1 * MS);
	pacer_learn_oversleep(&q, 1 * MS);
	assert_int_equal(q.sleep.margin_ns, 6944444 / 40);
}

static struct pacer_hist *hist_new(void)
{
	struct pacer_hist *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	return h;
}

static void test_pacer_hist_sums_a_whole_run(void **state)
{
	struct pacer_hist *h = hist_new();
	struct pacer_stats s;
	int i;

	(void)state;
	pacer_hist_stats(h, &s);
	assert_int_equal(s.samples, 0);
	assert_int_equal(s.frames, 0);
	/* the first frame has no interval; then 1000 of 20 ms and 512 alternately 10 and 12 ms:
	 * all of them count (a whole run, not a window) */
	pacer_hist_add(h, 0, false);
	for (i = 0; i < 1000; i++)
		pacer_hist_add(h, 20 * MS, i == 3);
	for (i = 0; i < 512; i++)
		pacer_hist_add(h, (i & 1) ? 12 * MS : 10 * MS, false);
	pacer_hist_stats(h, &s);
	assert_int_equal(s.frames, 1513);
	assert_int_equal(s.samples, 1512);
	assert_int_equal(s.late, 1);
	assert_float_equal(s.mean_ns, (20000.0 + 256 * 22.0) * MS / 1512, 1e-3);
	assert_int_equal(s.p1_ns, 10 * MS);
	assert_int_equal(s.p99_ns, 20 * MS);
	assert_int_equal(s.max_ns, 20 * MS);
	assert_float_equal(s.low1_fps, 50.0, 1e-9);
	free(h);
}

static void test_pacer_stats_percentiles_and_low(void **state)
{
	struct pacer_hist *h = hist_new();
	struct pacer_stats s;
	int i;

	(void)state;
	/* 200 intervals: 1..200 ms; p1 = 2 ms, p99 = 198 ms, 1 % low over the worst 2 = 199.5 ms;
	 * sample sd of 1..200 = sqrt(200 * 201 / 12) ms */
	for (i = 1; i <= 200; i++)
		pacer_hist_add(h, i * MS, false);
	pacer_hist_stats(h, &s);
	assert_int_equal(s.samples, 200);
	assert_int_equal(s.p1_ns, 2 * MS);
	assert_int_equal(s.p99_ns, 198 * MS);
	assert_float_equal(s.mean_ns, 100.5 * MS, 1e-6);
	assert_float_equal(s.sd_ns, 57.879184513951124 * MS, 1e-3);
	assert_true(s.low1_fps > 5.0125 && s.low1_fps < 5.0126);
	free(h);
}

static void test_pacer_hist_keeps_microseconds_and_exact_extremes(void **state)
{
	struct pacer_hist *h = hist_new();
	struct pacer_stats s;

	(void)state;
	/* 16.6666667 ms is kept as 16.667 ms; the max (a 12.3456789 s stall, beyond the bins)
	 * stays exact, and so does the 1 % low it alone makes */
	for (int i = 0; i < 99; i++)
		pacer_hist_add(h, 16666667, false);
	pacer_hist_add(h, 12345678900, true);
	pacer_hist_stats(h, &s);
	assert_int_equal(s.p1_ns, 16667000);
	assert_int_equal(s.p99_ns, 16667000);
	assert_int_equal(s.max_ns, 12345678900);
	assert_float_equal(s.low1_fps, 1e9 / 12345678900.0, 1e-12);
	assert_float_equal(s.mean_ns, (99 * 16666667.0 + 12345678900.0) / 100, 1e-3);
	free(h);
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

/* The real sleeper: never returns before the deadline, and gives the thread its timer slack back. */
static void test_pacer_wait_reaches_deadline_and_restores_slack(void **state)
{
	struct pacer p = pacer_for(500, 0, 0);
	int slack_before, i;
	int64_t d, waited, after;

	(void)state;
	prctl(PR_SET_TIMERSLACK, 77777UL, 0, 0, 0);
	slack_before = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	for (i = 0; i < 20; i++) {
		d = mono_ns() + 2 * MS;
		waited = pacer_wait(&p, d);
		after = mono_ns();
		assert_true(after >= d);
		assert_true(waited > MS);
		assert_true(p.sleep.margin_ns >= 20 * US && p.sleep.margin_ns <= 2 * MS / 40);
	}
	assert_int_equal(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0), slack_before);
	assert_int_equal(pacer_wait(&p, mono_ns() - MS), 0); /* a passed deadline: no wait */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pacer_target_parse_accepts_settings),
		cmocka_unit_test(test_pacer_target_parse_rejects_garbage),
		cmocka_unit_test(test_pacer_inactive_never_waits),
		cmocka_unit_test(test_pacer_init_rejects_bad_arguments),
		cmocka_unit_test(test_pacer_schedule_does_not_drift),
		cmocka_unit_test(test_pacer_long_session_stays_exact),
		cmocka_unit_test(test_pacer_first_frame_is_not_delayed),
		cmocka_unit_test(test_pacer_late_frame_resyncs_without_burst),
		cmocka_unit_test(test_pacer_late_frame_debt_is_repaid_slowly),
		cmocka_unit_test(test_pacer_late_handover_is_repaid),
		cmocka_unit_test(test_pacer_vsync_late_frames_keep_grid),
		cmocka_unit_test(test_pacer_divisor_follows_refresh),
		cmocka_unit_test(test_pacer_fps_snaps_to_refresh_multiple),
		cmocka_unit_test(test_pacer_vrr_caps_under_refresh),
		cmocka_unit_test(test_pacer_vrr_keeps_a_refresh_after_a_late_frame),
		cmocka_unit_test(test_pacer_refresh_change_continues_schedule),
		cmocka_unit_test(test_pacer_keeps_vsync_phase),
		cmocka_unit_test(test_pacer_tracks_vblank_drift),
		cmocka_unit_test(test_pacer_first_observation_sets_phase),
		cmocka_unit_test(test_pacer_sleep_margin_learning),
		cmocka_unit_test(test_pacer_wait_reaches_deadline_and_restores_slack),
		cmocka_unit_test(test_pacer_hist_sums_a_whole_run),
		cmocka_unit_test(test_pacer_hist_keeps_microseconds_and_exact_extremes),
		cmocka_unit_test(test_pacer_stats_percentiles_and_low),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

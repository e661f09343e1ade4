// SPDX-License-Identifier: MIT
/*
 * pacer — frame deadline maths, vsync alignment, frame-time statistics, and pacer_wait(), the one
 * function that sleeps.
 *
 * Everything except pacer_wait() is pure: it takes times (CLOCK_MONOTONIC nanoseconds) as
 * arguments, reads no clock, allocates nothing and keeps no global state. struct pacer is owned by
 * the caller (embed it; under 1 KiB) and is not thread-safe: one presenting thread, or a lock.
 *
 * Typical use in a present hook:
 *
 *	struct pacer_target t;                       // once, from MVGAL_FPS
 *	pacer_target_parse(getenv("MVGAL_FPS"), &t);
 *	pacer_init(&p, &t, 0);                       // refresh unknown yet
 *	...
 *	bool late;                                   // every frame
 *	int64_t deadline = pacer_next_deadline(&p, now_ns(), &late);
 *	int64_t waited = pacer_wait(&p, deadline);   // sleeps, then spins briefly
 *	int64_t t = now_ns();
 *	... call the driver's vkQueuePresentKHR ...
 *	// when the driver reports them (VK_GOOGLE_display_timing / VK_KHR_present_wait):
 *	pacer_set_refresh(&p, refresh_ns);  pacer_observe_present(&p, actual_present_ns);
 */
#ifndef MVGAL_PACER_H
#define MVGAL_PACER_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#define PACER_NS_PER_S INT64_C(1000000000)
#define PACER_MAX_FPS 1000u			   /* largest accepted fps target */
#define PACER_MAX_DIVISOR 8u			   /* largest N in "refresh/N" */
#define PACER_DEFAULT_REFRESH_NS INT64_C(16666667) /* assumed until the driver says otherwise */

enum pacer_error {
	PACER_OK = 0,
	PACER_EINVAL = -EINVAL, /* a target string or argument out of range */
};

/* Human-readable text for a pacer_error value; never NULL. */
const char *pacer_strerror(int err);

/*
 * What to pace to: fps > 0 (a fixed rate), or divisor > 0 ("refresh/N"), or is_vrr (a cap just
 * under the refresh that keeps a VRR display inside its range), or none of them (off).
 */
struct pacer_target {
	uint32_t fps;
	uint32_t divisor;
	bool is_vrr;
};

/*
 * Parses a setting value: "0" or "off" (no pacing), "N" (1..PACER_MAX_FPS frames per second),
 * "refresh" or "refresh/N" (N in 1..PACER_MAX_DIVISOR), "vrr" (pacer_vrr_fps() of the display's
 * refresh). Surrounding blanks are allowed.
 * Returns 0, or PACER_EINVAL leaving *t set to off.
 */
int pacer_target_parse(const char *s, struct pacer_target *t);

/*
 * Frame-time statistics of a whole run, the one definition that the layer's `.summary` and
 * `mvgal-launch report` both use: mean and sample standard deviation (n - 1) of the intervals,
 * nearest-rank percentiles (sorted[ceil(p n / 100) - 1]) and the "1 % low" (1e9 / mean of the
 * slowest max(1, n / 100) intervals). Intervals <= 0 (the first frame) are not samples.
 */
struct pacer_stats {
	uint64_t frames;  /* rows seen by pacer_hist_add() */
	uint64_t late;	  /* of those, late ones */
	uint64_t samples; /* intervals > 0 the figures below are over */
	double mean_ns;	  /* mean interval (exact) */
	double sd_ns;	  /* sample standard deviation (exact up to double rounding) */
	int64_t p1_ns;	  /* 1st percentile interval (nearest rank) */
	int64_t p99_ns;	  /* 99th percentile interval (nearest rank) */
	int64_t max_ns;	  /* slowest interval (exact) */
	double low1_fps;  /* "1 % low" frame rate */
};

/*
 * The bounded histogram behind struct pacer_stats: memory does not grow with the run. Intervals
 * are kept to the nearest microsecond below 100 ms and to the nearest millisecond below 10 s;
 * longer ones only as a count and an exact sum. So percentiles and the 1 % low are exact to that
 * resolution (to the microsecond for any frame rate above 10 fps), never outside [min, max];
 * mean, sd and max are exact.
 * About 440 KiB: allocate it (calloc gives an empty one); a bin counts up to 2^32 - 1 intervals.
 */
#define PACER_HIST_FINE_NS INT64_C(1000)      /* 1 us bins ... */
#define PACER_HIST_FINE_BINS 100000u	      /* ... for [0, 100 ms) */
#define PACER_HIST_COARSE_NS INT64_C(1000000) /* 1 ms bins ... */
#define PACER_HIST_COARSE_BINS 9900u	      /* ... for [100 ms, 10 s) */
struct pacer_hist {
	uint64_t frames;
	uint64_t late;
	uint64_t samples;
	uint64_t sum_ns;
	double mean_ns; /* Welford's running mean and sum of squared deviations, for sd */
	double m2;
	int64_t min_ns;
	int64_t max_ns;
	uint64_t over;	      /* intervals of 10 s or more ... */
	uint64_t over_sum_ns; /* ... and their sum */
	uint32_t fine[PACER_HIST_FINE_BINS];
	uint32_t coarse[PACER_HIST_COARSE_BINS];
};

/* Empties *h (the same as calloc). */
void pacer_hist_init(struct pacer_hist *h);

/* Adds one frame: its interval since the previous present (<= 0: none) and its late flag. Pure. */
void pacer_hist_add(struct pacer_hist *h, int64_t interval_ns, bool is_late);

/* Fills *out from *h (all zero for an empty one). Pure, no heap. */
void pacer_hist_stats(const struct pacer_hist *h, struct pacer_stats *out);

#define PACER_SLEEP_WINDOW 128u /* recent wake-up latencies pacer_wait() learns from */

/* Learned state of pacer_wait(); pacer_init() sets it, nothing else should touch it. */
struct pacer_sleep {
	int64_t margin_ns; /* wake this long before the deadline and spin the rest */
	uint32_t head;	   /* next slot of oversleep_ns to write */
	uint32_t count;	   /* samples in oversleep_ns */
	int32_t oversleep_ns[PACER_SLEEP_WINDOW]; /* how late the kernel woke us, last N sleeps */
};

struct pacer {
	struct pacer_target target;
	int64_t refresh_ns;    /* display refresh period; 0 = unknown */
	bool is_refresh_known; /* refresh_ns came from the driver, not the default */
	/* the schedule: deadline of frame k = origin_ns + k * period_num / period_den */
	int64_t period_num;
	int64_t period_den;
	int64_t origin_ns;
	int64_t frame_k; /* index of the next deadline since origin_ns */
	int64_t debt_ns; /* time lost to late frames, repaid a little per frame */
	bool has_origin;
	int64_t last_deadline_ns;
	bool is_vsync_aligned; /* period is a whole number of known refresh periods */
	uint64_t late;	       /* frames that arrived after their deadline since init */
	bool has_phase;	       /* an observed present has set the phase on this refresh */
	struct pacer_sleep sleep;
};

/*
 * Prepares *p for target *t. refresh_ns is the display refresh period if already known (> 0),
 * else 0. Returns 0, or PACER_EINVAL (bad target, negative refresh) leaving *p inactive.
 */
int pacer_init(struct pacer *p, const struct pacer_target *t, int64_t refresh_ns);

/*
 * True when a target is set: the caller should wait for deadlines. "vrr" is active only once the
 * refresh is known (pacer_init() or pacer_set_refresh() with one): unknown, nothing is capped.
 */
bool pacer_is_active(const struct pacer *p);

/*
 * The "vrr" cap for a refresh period: refresh - refresh^2 / 3600 frames per second (143.91 Hz:
 * 138.16), the cap NVIDIA Reflex and Special K use to keep frames inside a VRR panel's range, as
 * a period in ns rounded to the nearest; 0 for refresh_ns <= 0 or a refresh of 1800 Hz or more.
 */
int64_t pacer_vrr_interval_ns(int64_t refresh_ns);

/* The interval being paced to, in ns, rounded (0 when inactive). */
int64_t pacer_interval_ns(const struct pacer *p);

/*
 * The absolute time (CLOCK_MONOTONIC ns) the frame being presented at now_ns should be handed to
 * the driver. The schedule is absolute (no drift). A frame that arrives after its deadline is
 * late: *is_late (may be NULL) is set and the returned deadline is now_ns. Up to one interval of
 * lost time is repaid by shortening later intervals by at most 1/256 each (no burst; the mean rate
 * stays exact); more restarts the schedule from now. On a vsync-aligned schedule a slip of up to a
 * quarter interval keeps the vblank grid instead. Returns now_ns when inactive.
 */
int64_t pacer_next_deadline(struct pacer *p, int64_t now_ns, bool *is_late);

/*
 * Tells the schedule that the last frame was handed over late_ns after its deadline (the kernel
 * woke the thread late). pacer_wait() calls it; lateness of 20 us or less is ignored. Pure.
 */
void pacer_handed_late(struct pacer *p, int64_t late_ns);

/*
 * Tells the pacer the display refresh period (VK_GOOGLE_display_timing's refreshDuration, or a
 * measured one). A fps target close to a multiple of it (within 0.5 %) is snapped to that multiple;
 * "refresh/N" becomes N * refresh_ns. The schedule continues from the last deadline without a
 * jump. refresh_ns <= 0 is ignored.
 */
void pacer_set_refresh(struct pacer *p, int64_t refresh_ns);

/*
 * Feeds an observed presentation time (VK_GOOGLE_display_timing actualPresentTime, or the time
 * vkWaitForPresentKHR returned). When pacing to a multiple of a known refresh, the schedule's
 * phase is moved so deadlines fall 3/4 of a refresh before a vblank, so a frame handed over up
 * to 3/4 of a refresh late still hits it: at once for the first observation after pacer_init()
 * or a refresh change, then by 1/8 of the error (at most refresh/16) each. Ignored otherwise.
 */
void pacer_observe_present(struct pacer *p, int64_t actual_present_ns);

/*
 * Records that the kernel woke pacer_wait() oversleep_ns after the time it asked for, and sets
 * p->sleep.margin_ns to the second largest of the last PACER_SLEEP_WINDOW such values (a p99-like
 * figure that one outlier cannot move) plus a guard, within [20 us, min(1.5 ms, interval / 40)]
 * so spinning never costs more than 2.5 % of a core. Pure; pacer_wait()
 * calls it, tests call it directly.
 */
void pacer_learn_oversleep(struct pacer *p, int64_t oversleep_ns);

/*
 * The one function that sleeps: absolute clock_nanosleep(CLOCK_MONOTONIC) to a learned margin
 * before deadline_ns, then a short spin (never more than PACER_MAX_SPIN_NS). Lowers the calling
 * thread's timer slack only while it sleeps. Returns the ns spent waiting (0 if the deadline had
 * passed). Updates p->sleep.
 */
#define PACER_MAX_SPIN_NS INT64_C(2000000)
int64_t pacer_wait(struct pacer *p, int64_t deadline_ns);

#endif

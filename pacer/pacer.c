// SPDX-License-Identifier: MIT
/*
 * The pure part of the pacer: target parsing, the absolute deadline schedule, vsync alignment and
 * the learned spin margin. No clock, no I/O, no allocation (see pacer.h; statistics in stats.c).
 */
#include "pacer/pacer.h"

#include <stdlib.h>
#include <string.h>

/* Initial sleep margin of pacer_wait(); learned from there. */
#define PACER_INITIAL_MARGIN_NS INT64_C(200000)
/*
 * Bounds of the learned margin: always spin a little (wake-ups are never exact), and never so much
 * that the spin cap (PACER_MAX_SPIN_NS) is reached. The guard covers the clock read and the
 * return from the syscall.
 */
#define PACER_MARGIN_MIN_NS INT64_C(20000)
#define PACER_MARGIN_MAX_NS INT64_C(1500000)
#define PACER_MARGIN_GUARD_NS INT64_C(10000)
/*
 * The margin is also at most 1/40 of the interval, so spinning costs at most 2.5 % of a core. On
 * virtual machines an idle vCPU can take milliseconds to wake; covering all of that by spinning
 * would cost more than pacing is worth (the goal is no more CPU than MangoHud + 3 % of a core;
 * bench_pacer measures it).
 */
#define PACER_SPIN_SHARE_DIV 40
/* A fps interval within this fraction of a refresh multiple is snapped to it (1/200 = 0.5 %). */
#define PACER_SNAP_DIV 200
/*
 * Lateness handling (see absorb_lateness()): on vsync a slip up to 1/4 period keeps the grid; off
 * vsync lost time is repaid at most 1/256 of the interval per frame (27 us at 144 fps), and a
 * wake-up later than PACER_HANDOVER_SLOP_NS counts as lost time.
 */
#define PACER_SLIP_DIV 4
#define PACER_SLEW_DIV 256
#define PACER_HANDOVER_SLOP_NS INT64_C(20000)
/* frame_k beyond which the origin moves forward (see rebase_origin()) */
#define PACER_REBASE_FRAMES (INT64_C(1) << 20)
/*
 * Deadlines sit 3/4 of a refresh before the vblank they aim at (a quarter after the previous
 * one). A frame handed over late by up to 3/4 of a refresh still makes its vblank; one can only
 * be early through a phase error, and the phase comes from observed vblanks, so lateness (a
 * late wake-up, a slow GPU) is what the margin must cover: MangoHud-style random phase misses
 * whenever the lateness exceeds its lead. Issue 14's bench measures it.
 */
#define PACER_PHASE_LEAD_NUM 3
#define PACER_PHASE_LEAD_DEN 4
/* Phase corrections move the schedule by 1/8 of the error per observed present, at most R/16. */
#define PACER_PHASE_GAIN 8
#define PACER_PHASE_MAX_DIV 16

static int64_t clamp_margin(const struct pacer *p, int64_t m);

const char *pacer_strerror(int err)
{
	switch (err) {
	case PACER_OK:
		return "success";
	case PACER_EINVAL:
		return "invalid frame rate target (use 0, N in 1..1000, refresh/N with N in 1..8, "
		       "or vrr)";
	default:
		return "unknown pacer error";
	}
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Parses a decimal in 0..max with nothing but blanks after it; -1 if not. */
static long parse_bounded(const char *s, long max)
{
	long v = 0;

	s = skip_blanks(s);
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
		s++;
	}
	s = skip_blanks(s);
	return *s ? -1 : v;
}

int pacer_target_parse(const char *s, struct pacer_target *t)
{
	long v;

	t->fps = 0;
	t->divisor = 0;
	t->is_vrr = false;
	if (!s)
		return PACER_EINVAL;
	s = skip_blanks(s);
	if (strncmp(s, "refresh", 7) == 0) {
		s = skip_blanks(s + 7);
		if (*s == '\0') {
			t->divisor = 1;
			return PACER_OK;
		}
		if (*s != '/')
			return PACER_EINVAL;
		v = parse_bounded(s + 1, PACER_MAX_DIVISOR);
		if (v < 1)
			return PACER_EINVAL;
		t->divisor = (uint32_t)v;
		return PACER_OK;
	}
	if (strncmp(s, "off", 3) == 0 && *skip_blanks(s + 3) == '\0')
		return PACER_OK;
	if (strncmp(s, "vrr", 3) == 0 && *skip_blanks(s + 3) == '\0') {
		t->is_vrr = true;
		return PACER_OK;
	}
	v = parse_bounded(s, PACER_MAX_FPS);
	if (v < 0)
		return PACER_EINVAL;
	t->fps = (uint32_t)v;
	return PACER_OK;
}

int64_t pacer_vrr_interval_ns(int64_t refresh_ns)
{
	/* 1 / (hz - hz^2 / 3600) s = 3600 r^2 / (3600 r - 1 s) in ns, for r = 1 s / hz */
	double r = (double)refresh_ns, below = 3600.0 * r - (double)PACER_NS_PER_S;

	if (refresh_ns <= 0 || below <= 3600.0 * r / 2)
		return 0; /* 1800 Hz or more: the formula stops being a cap just under refresh */
	return (int64_t)(3600.0 * r * r / below + 0.5);
}

/* Chooses the period (as a fraction num/den ns) from the target and what is known of refresh. */
static void choose_period(struct pacer *p)
{
	int64_t r = p->refresh_ns;

	p->is_vsync_aligned = false;
	if (p->target.is_vrr) {
		/* between refreshes on purpose: the panel follows the frames, not a vblank grid */
		p->period_num = pacer_vrr_interval_ns(r);
		p->period_den = 1;
		return;
	}
	if (p->target.divisor) {
		if (p->is_refresh_known) {
			p->period_num = r * p->target.divisor;
			p->period_den = 1;
			p->is_vsync_aligned = true;
		} else {
			/* exact 60 Hz until the driver tells us the real refresh */
			p->period_num = PACER_NS_PER_S * p->target.divisor;
			p->period_den = 60;
		}
		return;
	}
	p->period_num = PACER_NS_PER_S;
	p->period_den = p->target.fps ? p->target.fps : 1;
	if (p->target.fps && p->is_refresh_known) {
		int64_t f = PACER_NS_PER_S / p->target.fps;
		int64_t m = (f + r / 2) / r;
		int64_t diff = m * r - f;

		/* 60 fps on a 59.95 Hz display: pace to the display, not beside it */
		if (m >= 1 && llabs(diff) <= f / PACER_SNAP_DIV) {
			p->period_num = m * r;
			p->period_den = 1;
			p->is_vsync_aligned = true;
		}
	}
}

int pacer_init(struct pacer *p, const struct pacer_target *t, int64_t refresh_ns)
{
	memset(p, 0, sizeof(*p));
	p->period_den = 1;
	p->sleep.margin_ns = PACER_INITIAL_MARGIN_NS;
	if (!t || refresh_ns < 0 || t->fps > PACER_MAX_FPS || t->divisor > PACER_MAX_DIVISOR ||
	    (t->fps && t->divisor) || (t->is_vrr && (t->fps || t->divisor)))
		return PACER_EINVAL;
	p->target = *t;
	p->refresh_ns = refresh_ns ? refresh_ns : PACER_DEFAULT_REFRESH_NS;
	p->is_refresh_known = refresh_ns > 0;
	if (pacer_is_active(p))
		choose_period(p);
	p->sleep.margin_ns = clamp_margin(p, PACER_INITIAL_MARGIN_NS);
	return PACER_OK;
}

bool pacer_is_active(const struct pacer *p)
{
	return p->target.fps != 0 || p->target.divisor != 0 ||
	       (p->target.is_vrr && p->is_refresh_known && pacer_vrr_interval_ns(p->refresh_ns) > 0);
}

int64_t pacer_interval_ns(const struct pacer *p)
{
	if (!pacer_is_active(p))
		return 0;
	return (p->period_num + p->period_den / 2) / p->period_den;
}

/* Deadline of frame k of the current schedule; exact (no accumulated rounding). */
static int64_t deadline_of(const struct pacer *p, int64_t k)
{
	return p->origin_ns + k * p->period_num / p->period_den;
}

/*
 * A late frame restarts the schedule so that the next frames are not squeezed to catch up. On a
 * vsync-aligned schedule the restart keeps the vblank phase: it moves to the grid point nearest
 * below now, or the one after when now is past half the period, so the next deadline is at least
 * half a period away.
 */
static void resync(struct pacer *p, int64_t now_ns)
{
	int64_t period = pacer_interval_ns(p);

	if (p->is_vsync_aligned && period > 0) {
		int64_t last = p->last_deadline_ns;
		int64_t g = last + (now_ns - last) / period * period;

		if (now_ns - g > period / 2)
			g += period;
		p->origin_ns = g;
	} else {
		p->origin_ns = now_ns;
	}
	p->frame_k = 1;
}

/*
 * Keeps frame_k * period_num far from overflow on long sessions: moves the origin forward by a
 * whole number of periods when that is exact (frame_k a multiple of period_den), so the schedule
 * is unchanged to the nanosecond.
 */
static void rebase_origin(struct pacer *p)
{
	if (p->frame_k >= PACER_REBASE_FRAMES && p->frame_k % p->period_den == 0) {
		p->origin_ns += p->frame_k / p->period_den * p->period_num;
		p->frame_k = 0;
	}
}

/*
 * A frame handed over late_ns after its deadline. Off vsync the lost time becomes debt, repaid by
 * shortening the following intervals by at most interval / PACER_SLEW_DIV each (no burst; the
 * mean rate stays exact). On a vsync-aligned schedule a small slip keeps the vblank grid. More
 * than a period (or a quarter of one on vsync) restarts the schedule from now.
 * Returns true when the schedule was restarted.
 */
static bool absorb_lateness(struct pacer *p, int64_t late_ns, int64_t now_ns)
{
	int64_t period = pacer_interval_ns(p);

	if (p->is_vsync_aligned ? late_ns <= period / PACER_SLIP_DIV
				: p->debt_ns + late_ns <= period) {
		if (!p->is_vsync_aligned)
			p->debt_ns += late_ns;
		return false;
	}
	p->debt_ns = 0;
	resync(p, now_ns);
	return true;
}

int64_t pacer_next_deadline(struct pacer *p, int64_t now_ns, bool *is_late)
{
	int64_t d, repay;
	bool late = false;

	if (!pacer_is_active(p)) {
		d = now_ns;
	} else if (!p->has_origin) {
		p->has_origin = true;
		p->origin_ns = now_ns;
		p->frame_k = 1;
		d = now_ns;
	} else {
		repay = pacer_interval_ns(p) / PACER_SLEW_DIV;
		p->debt_ns -= p->debt_ns < repay ? p->debt_ns : repay;
		d = deadline_of(p, p->frame_k) + p->debt_ns;
		if (now_ns > d) {
			late = true;
			p->late++;
			if (!absorb_lateness(p, now_ns - d, now_ns))
				p->frame_k++;
			d = now_ns;
		} else {
			p->frame_k++;
		}
		rebase_origin(p);
	}
	p->last_deadline_ns = d;
	if (is_late)
		*is_late = late;
	return d;
}

void pacer_handed_late(struct pacer *p, int64_t late_ns)
{
	if (!pacer_is_active(p) || !p->has_origin || p->is_vsync_aligned ||
	    late_ns <= PACER_HANDOVER_SLOP_NS)
		return;
	absorb_lateness(p, late_ns, p->last_deadline_ns + late_ns);
}

void pacer_set_refresh(struct pacer *p, int64_t refresh_ns)
{
	if (refresh_ns <= 0 || (p->is_refresh_known && refresh_ns == p->refresh_ns))
		return;
	p->refresh_ns = refresh_ns;
	p->is_refresh_known = true;
	p->has_phase = false;
	if (!pacer_is_active(p))
		return;
	choose_period(p);
	if (p->has_origin) {
		/* continue from the last deadline handed out: no jump, no drift */
		p->origin_ns = p->last_deadline_ns;
		p->frame_k = 1;
		p->debt_ns = 0;
	}
}

void pacer_observe_present(struct pacer *p, int64_t actual_present_ns)
{
	int64_t r = p->refresh_ns;
	int64_t next, ideal, e, max;

	if (!pacer_is_active(p) || !p->is_vsync_aligned || !p->has_origin || r <= 0)
		return;
	/* where the next deadline should sit: PACER_PHASE_LEAD of a refresh before a vblank */
	next = deadline_of(p, p->frame_k);
	ideal = actual_present_ns - r * PACER_PHASE_LEAD_NUM / PACER_PHASE_LEAD_DEN;
	e = (next - ideal) % r;
	if (e < 0)
		e += r;
	if (e >= r / 2)
		e -= r; /* fold into [-r/2, r/2) */
	if (!p->has_phase) {
		/* the first observation on this refresh: take the phase as it is, at once */
		p->has_phase = true;
		p->origin_ns -= e;
		return;
	}
	e /= PACER_PHASE_GAIN;
	max = r / PACER_PHASE_MAX_DIV;
	if (e > max)
		e = max;
	if (e < -max)
		e = -max;
	p->origin_ns -= e;
}

static int64_t clamp_margin(const struct pacer *p, int64_t m)
{
	int64_t cap = PACER_MARGIN_MAX_NS;

	if (pacer_is_active(p) && pacer_interval_ns(p) / PACER_SPIN_SHARE_DIV < cap)
		cap = pacer_interval_ns(p) / PACER_SPIN_SHARE_DIV;
	if (m > cap)
		m = cap;
	return m < PACER_MARGIN_MIN_NS ? PACER_MARGIN_MIN_NS : m;
}

void pacer_learn_oversleep(struct pacer *p, int64_t oversleep_ns)
{
	struct pacer_sleep *s = &p->sleep;
	int64_t first = 0, second = 0;
	uint32_t i;

	if (oversleep_ns < 0)
		oversleep_ns = 0;
	if (oversleep_ns > PACER_MARGIN_MAX_NS)
		oversleep_ns = PACER_MARGIN_MAX_NS;
	s->oversleep_ns[s->head] = (int32_t)oversleep_ns;
	s->head = (s->head + 1) % PACER_SLEEP_WINDOW;
	if (s->count < PACER_SLEEP_WINDOW)
		s->count++;
	if (s->count < 2)
		return; /* keep the initial margin until there is something to learn from */
	for (i = 0; i < s->count; i++) {
		int64_t v = s->oversleep_ns[i];

		if (v > first) {
			second = first;
			first = v;
		} else if (v > second) {
			second = v;
		}
	}
	s->margin_ns = clamp_margin(p, second + PACER_MARGIN_GUARD_NS);
}

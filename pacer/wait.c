// SPDX-License-Identifier: MIT
/*
 * pacer_wait(): the only place in the pacer that reads the clock or sleeps.
 *
 * Sleep with an absolute clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) to a margin before the
 * deadline, then spin with a CPU pause for the rest. The margin follows the kernel's observed
 * wake-up lateness (a high-quantile estimate: quick to grow, slow to shrink), so a quiet machine
 * spins a few tens of microseconds and a loaded one spins longer, never more than
 * PACER_MAX_SPIN_NS.
 */
#include "pacer/pacer.h"

#include <errno.h>
#include <sys/prctl.h>
#include <time.h>

#define MARGIN_MIN_NS INT64_C(20000)   /* always spin a little: wake-ups are never exact */
#define MARGIN_MAX_NS INT64_C(1500000) /* leaves the spin cap some head-room */
#define MARGIN_GUARD_NS INT64_C(15000)
#define GROW_SHIFT 1   /* a late wake-up moves the estimate half-way up at once */
#define SHRINK_SHIFT 6 /* an early one moves it 1/64 of the way down */

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static void learn(struct pacer_sleep *s, int64_t oversleep_ns)
{
	int64_t est = s->oversleep_ns;

	if (oversleep_ns < 0)
		oversleep_ns = 0;
	if (oversleep_ns > est)
		est += (oversleep_ns - est) >> GROW_SHIFT;
	else
		est -= (est - oversleep_ns) >> SHRINK_SHIFT;
	s->oversleep_ns = est;
	s->margin_ns = est + est / 4 + MARGIN_GUARD_NS;
	if (s->margin_ns < MARGIN_MIN_NS)
		s->margin_ns = MARGIN_MIN_NS;
	if (s->margin_ns > MARGIN_MAX_NS)
		s->margin_ns = MARGIN_MAX_NS;
}

static void sleep_until(int64_t t_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(t_ns / PACER_NS_PER_S),
		.tv_nsec = (long)(t_ns % PACER_NS_PER_S),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int64_t pacer_wait(struct pacer *p, int64_t deadline_ns)
{
	int64_t start = mono_ns(), now = start, wake;
	int old_slack;

	if (now >= deadline_ns)
		return 0;
	wake = deadline_ns - p->sleep.margin_ns;
	if (wake > now) {
		/*
		 * The default timer slack (50 us) lets the kernel defer our wake-up to batch timers,
		 * which would have to be covered by spinning. Lower it for this sleep only: the
		 * game's own timers keep the slack it chose (and the power it saves).
		 */
		old_slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
		prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
		sleep_until(wake);
		if (old_slack > 0)
			prctl(PR_SET_TIMERSLACK, (unsigned long)old_slack, 0, 0, 0);
		now = mono_ns();
		learn(&p->sleep, now - wake);
	}
	while (now < deadline_ns) {
		/* woke early (should not happen) with more than the spin cap left: sleep again */
		if (deadline_ns - now > PACER_MAX_SPIN_NS)
			sleep_until(deadline_ns - p->sleep.margin_ns);
		cpu_relax();
		now = mono_ns();
	}
	return now - start;
}

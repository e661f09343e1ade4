// SPDX-License-Identifier: MIT
/*
 * pacer_wait(): the only place in the pacer that reads the clock or sleeps.
 *
 * Sleep with an absolute clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) to a margin before the
 * deadline, then spin with a CPU pause for the rest. The margin follows the kernel's observed
 * wake-up lateness over the last PACER_SLEEP_WINDOW sleeps (pacer_learn_oversleep()), so a quiet
 * machine spins little and a loaded one more, never more than PACER_MAX_SPIN_NS.
 */
#include "pacer/pacer.h"

#include <errno.h>
#include <sys/prctl.h>
#include <time.h>

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
		pacer_learn_oversleep(p, now - wake);
	}
	while (now < deadline_ns) {
		/* woke early (should not happen) with more than the spin cap left: sleep again */
		if (deadline_ns - now > PACER_MAX_SPIN_NS)
			sleep_until(deadline_ns - p->sleep.margin_ns);
		cpu_relax();
		now = mono_ns();
	}
	pacer_handed_late(p, now - deadline_ns);
	return now - start;
}

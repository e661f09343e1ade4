// SPDX-License-Identifier: MIT
/*
 * pacer_loop: paces an empty (or busy) loop with the real pacer_wait() and measures it, without
 * Vulkan. Checks the sleeping half of the pacer on its own.
 *
 *   pacer_loop [-f FPS] [-s SECONDS] [-w WORK_US]
 *
 * Prints one line: frames, mean interval, sd, p99 |interval - target|, late frames (interval over
 * target + 0.5 ms), CPU ms per frame, final learned sleep margin. Exit 0, or 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pacer/pacer.h"

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

static int64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * PACER_NS_PER_S +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void busy_for(int64_t ns)
{
	int64_t end = mono_ns() + ns;

	while (mono_ns() < end)
		;
}

int main(int argc, char **argv)
{
	struct pacer_target t = { .fps = 60 };
	struct pacer p;
	double seconds = 5.0, sum = 0, sq = 0, mean;
	int64_t work_ns = 0, *iv, *err, prev, cpu0, target, late = 0;
	long n, i;
	int c;

	while ((c = getopt(argc, argv, "f:s:w:")) != -1) {
		if (c == 'f' && pacer_target_parse(optarg, &t) == 0 && t.fps)
			continue;
		if (c == 's' && (seconds = atof(optarg)) > 0)
			continue;
		if (c == 'w' && (work_ns = atol(optarg) * 1000) >= 0)
			continue;
		fprintf(stderr, "usage: pacer_loop [-f FPS] [-s SECONDS] [-w WORK_US]\n");
		return 2;
	}
	pacer_init(&p, &t, 0);
	target = pacer_interval_ns(&p);
	n = (long)(seconds * PACER_NS_PER_S / target);
	iv = calloc((size_t)n, sizeof(*iv));
	err = calloc((size_t)n, sizeof(*err));
	if (!iv || !err) {
		fprintf(stderr, "pacer_loop: out of memory\n");
		return 1;
	}
	prev = pacer_wait(&p, pacer_next_deadline(&p, mono_ns(), NULL));
	prev = mono_ns();
	cpu0 = cpu_ns();
	for (i = 0; i < n; i++) {
		int64_t now;

		busy_for(work_ns);
		pacer_wait(&p, pacer_next_deadline(&p, mono_ns(), NULL));
		now = mono_ns();
		iv[i] = now - prev;
		prev = now;
	}
	cpu0 = cpu_ns() - cpu0;
	for (i = 0; i < n; i++) {
		sum += (double)iv[i];
		err[i] = llabs(iv[i] - target);
		late += iv[i] > target + 500000;
	}
	mean = sum / n;
	for (i = 0; i < n; i++)
		sq += ((double)iv[i] - mean) * ((double)iv[i] - mean);
	qsort(err, (size_t)n, sizeof(*err), cmp_i64);
	printf("fps=%u frames=%ld mean_ms=%.6f sd_us=%.2f p99_err_us=%.2f late=%lld "
	       "cpu_ms_per_frame=%.4f margin_us=%.1f\n",
	       t.fps, n, mean / 1e6, (n > 1 ? __builtin_sqrt(sq / (n - 1)) : 0) / 1e3,
	       err[(99 * n + 99) / 100 - 1] / 1e3, (long long)late, cpu0 / 1e6 / n,
	       p.sleep.margin_ns / 1e3);
	free(iv);
	free(err);
	return 0;
}

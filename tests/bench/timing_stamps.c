// SPDX-License-Identifier: MIT
// The pacer benches' neutral clock (see timing_stamps.h).
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "tests/bench/timing_stamps.h"

#define MAX_FRAMES 200000

static int64_t stamps[MAX_FRAMES];
static int64_t latencies[MAX_FRAMES];
static int64_t next_latency_ns;
static bool has_latency;
static void (*write_trailer)(FILE *f);
static long n_stamps;
static int64_t first_present_ns, cpu_first_ns;

int64_t timing_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static double env_seconds(const char *name, double def)
{
	const char *s = getenv(name);

	return s && atof(s) > 0 ? atof(s) : def;
}

bool timing_record(int64_t now)
{
	const char *frames = getenv("MVGAL_BENCH_FRAMES");
	long want = frames ? atol(frames) : 0;

	if (!first_present_ns)
		first_present_ns = now;
	if (want <= 0 && now - first_present_ns < env_seconds("MVGAL_BENCH_WARMUP_S", 1.0) * 1e9)
		return false;
	if (n_stamps == 0)
		cpu_first_ns = cpu_ns();
	latencies[n_stamps] = next_latency_ns;
	stamps[n_stamps++] = now;
	if (want > 0)
		return n_stamps >= want || n_stamps == MAX_FRAMES;
	return n_stamps == MAX_FRAMES ||
	       now - stamps[0] >= env_seconds("MVGAL_BENCH_SECONDS", 20.0) * 1e9;
}

long timing_count(void)
{
	return n_stamps;
}

void timing_set_latency(int64_t ns)
{
	next_latency_ns = ns;
	has_latency |= ns > 0;
}

void timing_set_trailer(void (*trailer)(FILE *f))
{
	write_trailer = trailer;
}

void timing_finish(void (*end)(int))
{
	const char *path = getenv("MVGAL_BENCH_OUT");
	int64_t cpu_last_ns = cpu_ns();
	FILE *f = fopen(path ? path : "/dev/stdout", "w");
	long i;

	if (!f) {
		perror("timing: MVGAL_BENCH_OUT");
		end(1);
		return;
	}
	fprintf(f, "# frames=%ld cpu_ns=%lld wall_ns=%lld\n", n_stamps,
		(long long)(cpu_last_ns - cpu_first_ns),
		(long long)(stamps[n_stamps - 1] - stamps[0]));
	for (i = 0; i < n_stamps; i++)
		if (has_latency)
			fprintf(f, "%lld %lld\n", (long long)stamps[i], (long long)latencies[i]);
		else
			fprintf(f, "%lld\n", (long long)stamps[i]);
	if (write_trailer)
		write_trailer(f);
	if (fclose(f) != 0) {
		perror("timing: MVGAL_BENCH_OUT");
		end(1);
		return;
	}
	end(0);
}

// SPDX-License-Identifier: MIT
// exec_timer RUNS STAMP -- CMD ARGS...: starts CMD RUNS times (posix_spawn, no shell) and
// measures, per run, the time from just before the spawn to the CLOCK_MONOTONIC time written to
// STAMP by the first fake_proton of the chain (MVGAL_FAKE_STAMP). Prints
// "median_us p99_us min_us" over the runs. Used by tests/bench/bench_launch.sh.
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[3], "--")) {
		fputs("usage: exec_timer RUNS STAMP -- CMD ARGS...\n", stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	const char *stamp = argv[2];
	long long *d = calloc((size_t)(runs > 0 ? runs : 1), sizeof(*d));
	if (runs <= 0 || !d)
		return 2;
	for (int i = 0; i < runs; i++) {
		pid_t pid;
		int status;
		unlink(stamp);
		long long t0 = now_ns();
		if (posix_spawn(&pid, argv[4], NULL, NULL, argv + 4, environ) != 0) {
			perror(argv[4]);
			return 1;
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "exec_timer: run %d failed (status 0x%x)\n", i, status);
			return 1;
		}
		FILE *f = fopen(stamp, "r");
		long long t1 = 0;
		if (!f || fscanf(f, "%lld", &t1) != 1) {
			fprintf(stderr, "exec_timer: run %d wrote no stamp to %s\n", i, stamp);
			return 1;
		}
		fclose(f);
		d[i] = t1 - t0;
	}
	qsort(d, (size_t)runs, sizeof(*d), cmp_ll);
	size_t p99 = (size_t)((runs - 1) * 99 / 100);
	printf("%.1f %.1f %.1f\n", d[runs / 2] / 1e3, d[p99] / 1e3, d[0] / 1e3);
	free(d);
	return 0;
}

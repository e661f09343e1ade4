// SPDX-License-Identifier: MIT
/*
 * bench_intervals: turns a timing-layer file (tests/bench/timing_layer.c) into one row of the
 * frame pacer benchmark's table.
 *
 *   bench_intervals FILE TARGET_NS
 *
 * Prints "frames mean_ms sd_us p99_err_us late cpu_ms_per_frame lat_mean_us lat_p99_us"
 * separated by blanks, where p99_err_us is the 99th percentile (nearest rank) of
 * |interval - TARGET_NS|, late counts intervals longer than TARGET_NS by more than 10 % of it,
 * and lat_* are the mean and p99 of the stamps' second column (the frame's first submit to its present; "- -" when
 * the file has none). With TARGET_NS 0 (unpaced) the error
 * and late columns are "-". Exit 0; 1 if the file cannot be read or has fewer than 3 stamps; 2 on
 * bad usage.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long long cpu_ns = 0, *v = NULL, *lat = NULL, target, late = 0, stamp, latency;
	long n_lat = 0;
	double lat_sum = 0;
	long n = 0, cap = 0, i, m;
	double sum = 0, sq = 0, mean;
	char line[128];
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_intervals FILE TARGET_NS\n");
		return 2;
	}
	target = atoll(argv[2]);
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#') {
			sscanf(line, "# frames=%*d cpu_ns=%lld", &cpu_ns);
			continue;
		}
		if (n == cap) {
			long long *nv;

			cap = cap ? 2 * cap : 4096;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv) {
				fprintf(stderr, "bench_intervals: out of memory\n");
				free(v);
				fclose(f);
				return 1;
			}
			v = nv;
			nv = realloc(lat, (size_t)cap * sizeof(*lat));
			if (!nv) {
				fprintf(stderr, "bench_intervals: out of memory\n");
				free(v);
				free(lat);
				fclose(f);
				return 1;
			}
			lat = nv;
		}
		switch (sscanf(line, "%lld %lld", &stamp, &latency)) {
		case 2:
			if (latency > 0) {
				lat[n_lat++] = latency;
				lat_sum += (double)latency;
			}
			/* fall through */
		case 1:
			v[n++] = stamp;
			break;
		default:
			break;
		}
	}
	fclose(f);
	if (n < 3) {
		fprintf(stderr, "%s: only %ld present stamps\n", argv[1], n);
		free(v);
		free(lat);
		return 1;
	}
	m = n - 1; /* intervals, computed in place */
	for (i = 0; i < m; i++)
		v[i] = v[i + 1] - v[i];
	for (i = 0; i < m; i++)
		sum += (double)v[i];
	mean = sum / m;
	for (i = 0; i < m; i++)
		sq += ((double)v[i] - mean) * ((double)v[i] - mean);
	printf("%ld %.5f %.1f ", m, mean / 1e6, sqrt(sq / (m - 1)) / 1e3);
	if (target > 0) {
		for (i = 0; i < m; i++) {
			late += v[i] > target + target / 10;
			v[i] = llabs(v[i] - target);
		}
		qsort(v, (size_t)m, sizeof(*v), cmp_ll);
		printf("%.1f %lld ", v[(99 * m + 99) / 100 - 1] / 1e3, late);
	} else {
		printf("- - ");
	}
	printf("%.3f ", cpu_ns / 1e6 / m);
	if (n_lat) {
		qsort(lat, (size_t)n_lat, sizeof(*lat), cmp_ll);
		printf("%.1f %.1f\n", lat_sum / n_lat / 1e3, lat[(99 * n_lat + 99) / 100 - 1] / 1e3);
	} else {
		printf("- -\n");
	}
	free(v);
	free(lat);
	return 0;
}

// SPDX-License-Identifier: MIT
/* The pacer's frame-time statistics: a fixed ring of intervals, summarised on demand. Pure. */
#include "pacer/pacer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pacer_frame_done(struct pacer *p, int64_t present_ns)
{
	if (p->frames > 0) {
		p->ring[p->ring_head] = present_ns - p->last_done_ns;
		p->ring_head = (p->ring_head + 1) & (PACER_RING_SIZE - 1);
		if (p->ring_count < PACER_RING_SIZE)
			p->ring_count++;
	}
	p->last_done_ns = present_ns;
	p->frames++;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void pacer_stats(const struct pacer *p, struct pacer_stats *out)
{
	int64_t sorted[PACER_RING_SIZE];
	uint32_t n = p->ring_count, i, worst, rank;
	double sum = 0.0, sq = 0.0, mean, tail = 0.0;

	memset(out, 0, sizeof(*out));
	out->frames = p->frames;
	out->late = p->late;
	out->samples = n;
	if (n == 0)
		return;
	/* the ring's order does not matter for any of these figures */
	memcpy(sorted, p->ring, n * sizeof(sorted[0]));
	qsort(sorted, n, sizeof(sorted[0]), cmp_i64);
	for (i = 0; i < n; i++)
		sum += (double)sorted[i];
	mean = sum / n;
	for (i = 0; i < n; i++)
		sq += ((double)sorted[i] - mean) * ((double)sorted[i] - mean);
	out->mean_ns = mean;
	out->sd_ns = n > 1 ? sqrt(sq / (n - 1)) : 0.0;
	rank = (n + 99) / 100; /* nearest rank: ceil(0.01 n) */
	out->p1_ns = sorted[rank - 1];
	rank = (99 * n + 99) / 100; /* ceil(0.99 n) */
	out->p99_ns = sorted[rank - 1];
	worst = n / 100 ? n / 100 : 1;
	for (i = n - worst; i < n; i++)
		tail += (double)sorted[i];
	tail /= worst;
	out->low1_fps = tail > 0.0 ? (double)PACER_NS_PER_S / tail : 0.0;
}

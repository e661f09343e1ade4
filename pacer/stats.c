// SPDX-License-Identifier: MIT
/* Frame-time statistics of a whole run from a bounded histogram (see struct pacer_hist). Pure. */
#include "pacer/pacer.h"

#include <math.h>
#include <string.h>

/* v / unit rounded to the nearest, v >= 0 (no overflow near INT64_MAX). */
static int64_t round_div(int64_t v, int64_t unit)
{
	return v / unit + (v % unit >= unit / 2);
}

void pacer_hist_init(struct pacer_hist *h)
{
	memset(h, 0, sizeof(*h));
}

void pacer_hist_add(struct pacer_hist *h, int64_t interval_ns, bool is_late)
{
	int64_t us, ms;
	double delta;

	h->frames++;
	h->late += is_late;
	if (interval_ns <= 0)
		return;
	h->samples++;
	h->sum_ns += (uint64_t)interval_ns;
	delta = (double)interval_ns - h->mean_ns;
	h->mean_ns += delta / (double)h->samples;
	h->m2 += delta * ((double)interval_ns - h->mean_ns);
	if (interval_ns > h->max_ns)
		h->max_ns = interval_ns;
	if (interval_ns < h->min_ns || h->samples == 1)
		h->min_ns = interval_ns;
	us = round_div(interval_ns, PACER_HIST_FINE_NS);
	ms = round_div(interval_ns, PACER_HIST_COARSE_NS);
	if (us < (int64_t)PACER_HIST_FINE_BINS) {
		h->fine[us]++;
	} else if (ms - 100 < (int64_t)PACER_HIST_COARSE_BINS) {
		h->coarse[ms - 100]++;
	} else {
		h->over++;
		h->over_sum_ns += (uint64_t)interval_ns;
	}
}

/* The value an interval is kept as: its bin's (the overflow's are all kept as their mean). */
static int64_t kept_value(const struct pacer_hist *h, int64_t interval_ns)
{
	int64_t us = round_div(interval_ns, PACER_HIST_FINE_NS);
	int64_t ms = round_div(interval_ns, PACER_HIST_COARSE_NS);

	if (us < (int64_t)PACER_HIST_FINE_BINS)
		return us * PACER_HIST_FINE_NS;
	if (ms - 100 < (int64_t)PACER_HIST_COARSE_BINS)
		return ms * PACER_HIST_COARSE_NS;
	return (int64_t)(h->over_sum_ns / h->over);
}

/* Nearest rank: the rank-th smallest interval (1-based, rank <= samples), as kept. */
static int64_t nth_kept(const struct pacer_hist *h, uint64_t rank)
{
	uint64_t seen = 0;
	int64_t first = round_div(h->min_ns, PACER_HIST_FINE_NS); /* the bins below are empty */

	for (uint32_t i = first < PACER_HIST_FINE_BINS ? (uint32_t)first : PACER_HIST_FINE_BINS;
	     i < PACER_HIST_FINE_BINS; i++)
		if ((seen += h->fine[i]) >= rank)
			return (int64_t)i * PACER_HIST_FINE_NS;
	for (uint32_t i = 0; i < PACER_HIST_COARSE_BINS; i++)
		if ((seen += h->coarse[i]) >= rank)
			return (int64_t)(i + 100) * PACER_HIST_COARSE_NS;
	return (int64_t)(h->over_sum_ns / h->over); /* rank <= samples: it is in the overflow */
}

/* The same within [min, max]: rounding to a bin must not move it past an exact extreme. */
static int64_t nth_smallest(const struct pacer_hist *h, uint64_t rank)
{
	int64_t v = nth_kept(h, rank);

	return v < h->min_ns ? h->min_ns : v > h->max_ns ? h->max_ns : v;
}

/* Sum of the n largest intervals (n <= samples), largest first. */
static double sum_largest(const struct pacer_hist *h, uint64_t n)
{
	double sum = 0.0;
	int64_t last = round_div(h->max_ns, PACER_HIST_FINE_NS); /* the bins above are empty */
	uint64_t take;

	take = h->over < n ? h->over : n;
	if (take)
		sum += (double)h->over_sum_ns / (double)h->over * (double)take;
	n -= take;
	for (uint32_t i = PACER_HIST_COARSE_BINS; n && i-- > 0;) {
		take = h->coarse[i] < n ? h->coarse[i] : n;
		sum += (double)take * (double)((int64_t)(i + 100) * PACER_HIST_COARSE_NS);
		n -= take;
	}
	for (uint32_t i = last < PACER_HIST_FINE_BINS ? (uint32_t)last + 1 : PACER_HIST_FINE_BINS;
	     n && i-- > 0;) {
		take = h->fine[i] < n ? h->fine[i] : n;
		sum += (double)take * (double)((int64_t)i * PACER_HIST_FINE_NS);
		n -= take;
	}
	return sum;
}

void pacer_hist_stats(const struct pacer_hist *h, struct pacer_stats *out)
{
	uint64_t n = h->samples, worst;
	double tail;

	memset(out, 0, sizeof(*out));
	out->frames = h->frames;
	out->late = h->late;
	out->samples = n;
	if (n == 0)
		return;
	out->mean_ns = (double)h->sum_ns / (double)n;
	out->sd_ns = n > 1 ? sqrt(h->m2 / (double)(n - 1)) : 0.0;
	out->p1_ns = nth_smallest(h, (n + 99) / 100);	    /* ceil(0.01 n) */
	out->p99_ns = nth_smallest(h, (99 * n + 99) / 100); /* ceil(0.99 n) */
	out->max_ns = h->max_ns;
	worst = n / 100 ? n / 100 : 1;
	/* the slowest interval is known exactly: count it as it was, not as kept */
	tail = (sum_largest(h, worst) - (double)kept_value(h, h->max_ns) + (double)h->max_ns) /
	       (double)worst;
	out->low1_fps = tail > 0.0 ? (double)PACER_NS_PER_S / tail : 0.0;
}

// SPDX-License-Identifier: MIT
/*
 * mvgal test ICD, part three: a simulated display for VK_GOOGLE_display_timing. Offered only when
 * MVGAL_TEST_ICD_REFRESH is set:
 *   MVGAL_TEST_ICD_REFRESH=HZ[,HZ2@N]   refresh rate (decimals allowed); with ",HZ2@N" the
 *                                       display switches to HZ2 after N presents of a swapchain
 *   MVGAL_TEST_ICD_VBLANK_PHASE_US=U    vblanks at CLOCK_MONOTONIC U us + k * period (default 0)
 *   MVGAL_TEST_ICD_VRR=MIN_HZ           a VRR panel with the range MIN_HZ..REFRESH (issue 28)
 * A present latches at the first vblank at or after the moment it reaches the driver, one
 * present per vblank (a later one queues behind, as fifo does); it never blocks.
 * On a VRR panel a present latches at once when the time since the last latch is inside the
 * range, [1 / REFRESH, 1 / MIN_HZ]; outside it (too soon: the panel cannot refresh that fast;
 * too late: it had to redraw the old frame on its own) at the next REFRESH boundary after the
 * last latch. Display timing reports REFRESH, as drivers do for a VRR panel. At destruction a
 * third line counts the latches:
 *   mvgal-test-icd: vrr range <min>..<max> Hz in:<n> early:<n> late:<n>
 * vkGetPastPresentationTimingGOOGLE returns the presents whose vblank has passed. When a
 * swapchain is destroyed the test ICD prints two histograms to stderr (the bench's timing layer
 * into its output file, prefixed "# "):
 *   mvgal-test-icd: vblank gaps 1:<n> 2:<n> 3:<n> 4:<n> 5+:<n>   vblanks between latches
 *   mvgal-test-icd: lead eighths 0:<n> ... 7:<n>   (vblank - arrival) in eighths of the period
 * so a test can tell the frame rate in vblanks and how close to a vblank boundary presents came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/icd/test_icd_timing.h"

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void vrr_latch(struct icd_timing *t, const VkPresentTimesInfoGOOGLE *times, uint32_t i,
		      int64_t now);
static void record(struct icd_timing *t, const VkPresentTimesInfoGOOGLE *times, uint32_t i,
		   int64_t now, int64_t vblank);

static int64_t hz_to_ns(double hz)
{
	return hz > 0 ? (int64_t)(1e9 / hz + 0.5) : 0;
}

bool icd_timing_is_offered(void)
{
	const char *s = getenv("MVGAL_TEST_ICD_REFRESH");

	return s && atof(s) > 0;
}

void icd_timing_init(struct icd_timing *t)
{
	const char *s = getenv("MVGAL_TEST_ICD_REFRESH");
	const char *phase = getenv("MVGAL_TEST_ICD_VBLANK_PHASE_US");
	const char *change;

	memset(t, 0, sizeof(*t));
	t->last_vblank = INT64_MIN;
	if (!s)
		return;
	t->refresh_ns = hz_to_ns(atof(s));
	t->phase_ns = phase ? (int64_t)(atof(phase) * 1000) : 0;
	if (getenv("MVGAL_TEST_ICD_VRR") && atof(getenv("MVGAL_TEST_ICD_VRR")) > 0)
		t->vrr_min_ns = hz_to_ns(atof(getenv("MVGAL_TEST_ICD_VRR")));
	change = strchr(s, ',');
	if (change && strchr(change, '@')) {
		t->next_refresh_ns = hz_to_ns(atof(change + 1));
		t->change_after = strtoull(strchr(change, '@') + 1, NULL, 10);
	}
}

void icd_timing_present(struct icd_timing *t, const void *pnext, uint32_t i)
{
	const VkPresentTimesInfoGOOGLE *times = NULL;
	int64_t now = mono_ns(), k, vblank, gap;

	if (t->refresh_ns <= 0)
		return;
	for (const VkBaseInStructure *p = pnext; p; p = p->pNext)
		if (p->sType == VK_STRUCTURE_TYPE_PRESENT_TIMES_INFO_GOOGLE)
			times = (const VkPresentTimesInfoGOOGLE *)p;
	if (t->change_after && t->presents == t->change_after && t->next_refresh_ns > 0) {
		/* the mode changes at the last vblank latched: the grid continues from there */
		if (t->last_vblank != INT64_MIN)
			t->phase_ns = t->last_vblank;
		t->refresh_ns = t->next_refresh_ns;
		t->last_k = INT64_MIN;
	}
	t->presents++;
	if (t->vrr_min_ns > 0) {
		vrr_latch(t, times, i, now);
		return;
	}
	/* first vblank at or after now: phase + k * R >= now */
	k = now - t->phase_ns;
	k = k >= 0 ? (k + t->refresh_ns - 1) / t->refresh_ns : -(-k / t->refresh_ns);
	if (t->last_k != INT64_MIN && t->last_vblank != INT64_MIN && k <= t->last_k)
		k = t->last_k + 1; /* one present per vblank: this one queues behind */
	vblank = t->phase_ns + k * t->refresh_ns;
	if (t->last_vblank != INT64_MIN) {
		gap = (vblank - t->last_vblank + t->refresh_ns / 2) / t->refresh_ns;
		t->gaps[gap < 1 ? 0 : gap > 5 ? 5 : gap]++;
	}
	t->last_k = k;
	record(t, times, i, now, vblank);
}

/* A VRR panel: at once inside the range, else at the next 1 / REFRESH boundary after the last
 * latch (a latch always follows the previous one by at least 1 / REFRESH). */
static void vrr_latch(struct icd_timing *t, const VkPresentTimesInfoGOOGLE *times, uint32_t i,
		      int64_t now)
{
	int64_t since = now - t->last_vblank, latch = now;

	if (t->last_vblank != INT64_MIN) {
		if (since < t->refresh_ns) {
			latch = t->last_vblank + t->refresh_ns; /* held (since may be < 0: queued) */
			t->vrr_early++;
		} else if (since > t->vrr_min_ns) {
			latch = t->last_vblank +
				(since + t->refresh_ns - 1) / t->refresh_ns * t->refresh_ns;
			t->vrr_late++;
		} else {
			t->vrr_in++;
		}
	}
	record(t, times, i, now, latch);
}

/* Histograms and the past-timing record of a present that arrived at now and latched at vblank. */
static void record(struct icd_timing *t, const VkPresentTimesInfoGOOGLE *times, uint32_t i,
		   int64_t now, int64_t vblank)
{
	int64_t lead = (vblank - now) * 8 / t->refresh_ns;

	t->leads[lead < 0 ? 0 : lead > 7 ? 7 : lead]++;
	t->last_vblank = vblank;
	t->ring[t->head % ICD_TIMING_RING] = (VkPastPresentationTimingGOOGLE){
		.presentID = times && times->pTimes && i < times->swapchainCount
				     ? times->pTimes[i].presentID
				     : 0,
		.desiredPresentTime = times && times->pTimes && i < times->swapchainCount
					      ? times->pTimes[i].desiredPresentTime
					      : 0,
		.actualPresentTime = (uint64_t)vblank,
		.earliestPresentTime = (uint64_t)vblank,
		.presentMargin = 0,
	};
	t->head++;
	if (t->head - t->tail > ICD_TIMING_RING)
		t->tail = t->head - ICD_TIMING_RING; /* oldest records are lost, as in drivers */
}

void icd_timing_report(const struct icd_timing *t, FILE *f, const char *prefix)
{
	if (t->refresh_ns <= 0)
		return;
	fprintf(f,
		"%svblank gaps 1:%llu 2:%llu 3:%llu 4:%llu 5+:%llu\n"
		"%slead eighths 0:%llu 1:%llu 2:%llu 3:%llu 4:%llu 5:%llu 6:%llu 7:%llu\n",
		prefix, (unsigned long long)t->gaps[1], (unsigned long long)t->gaps[2],
		(unsigned long long)t->gaps[3], (unsigned long long)t->gaps[4],
		(unsigned long long)t->gaps[5], prefix, (unsigned long long)t->leads[0],
		(unsigned long long)t->leads[1], (unsigned long long)t->leads[2],
		(unsigned long long)t->leads[3], (unsigned long long)t->leads[4],
		(unsigned long long)t->leads[5], (unsigned long long)t->leads[6],
		(unsigned long long)t->leads[7]);
	if (t->vrr_min_ns > 0)
		fprintf(f, "%svrr range %.2f..%.2f Hz in:%llu early:%llu late:%llu\n", prefix,
			1e9 / (double)t->vrr_min_ns, 1e9 / (double)t->refresh_ns,
			(unsigned long long)t->vrr_in, (unsigned long long)t->vrr_early,
			(unsigned long long)t->vrr_late);
}

VkResult icd_timing_past(struct icd_timing *t, uint32_t *count, VkPastPresentationTimingGOOGLE *out)
{
	int64_t now = mono_ns();
	uint64_t ready = t->tail;
	uint32_t n = 0;

	while (ready < t->head && (int64_t)t->ring[ready % ICD_TIMING_RING].actualPresentTime <= now)
		ready++;
	if (!out) {
		*count = (uint32_t)(ready - t->tail);
		return VK_SUCCESS;
	}
	while (n < *count && t->tail < ready)
		out[n++] = t->ring[t->tail++ % ICD_TIMING_RING];
	*count = n;
	return t->tail < ready ? VK_INCOMPLETE : VK_SUCCESS;
}

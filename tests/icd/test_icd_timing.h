// SPDX-License-Identifier: MIT
// A simulated display for VK_GOOGLE_display_timing (test_icd_timing.c), shared by the test ICD
// and the pacer bench's timing layer (tests/bench/timing_layer.c), which offers the same display
// on top of a real driver.
#ifndef MVGAL_TEST_ICD_TIMING_H
#define MVGAL_TEST_ICD_TIMING_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <vulkan/vulkan.h>

#define ICD_TIMING_RING 64

/* The simulated display of one swapchain (refresh_ns 0 = none). Not thread-safe: presents to
 * one swapchain are externally synchronised. */
struct icd_timing {
	int64_t refresh_ns;
	int64_t phase_ns;	 /* a vblank's time; the others are phase + k * refresh */
	int64_t next_refresh_ns; /* after change_after presents (0 = no change) */
	uint64_t change_after;
	uint64_t presents;
	int64_t last_k;	     /* vblank index of the last latch */
	int64_t last_vblank; /* its time, INT64_MIN before the first */
	int64_t vrr_min_ns;  /* VRR panel: longest interval it holds a frame (1 / its lowest
			      * refresh); 0 = a fixed refresh */
	uint64_t vrr_in, vrr_early, vrr_late; /* VRR latches inside the range, too soon, too late */
	uint64_t gaps[6];  /* vblanks between consecutive latches, 5 = 5 or more */
	uint64_t leads[8]; /* (vblank - arrival) in eighths of the period */
	VkPastPresentationTimingGOOGLE ring[ICD_TIMING_RING];
	uint64_t head, tail; /* records written / handed out */
};

/* Whether MVGAL_TEST_ICD_REFRESH asks for a display (then the extension is offered). */
bool icd_timing_is_offered(void);
/* Starts a display from MVGAL_TEST_ICD_REFRESH / MVGAL_TEST_ICD_VBLANK_PHASE_US /
 * MVGAL_TEST_ICD_VRR. */
void icd_timing_init(struct icd_timing *t);
/* A present of swapchain i of a VkPresentInfoKHR whose chain starts at pnext, arriving now. */
void icd_timing_present(struct icd_timing *t, const void *pnext, uint32_t i);
/* vkGetPastPresentationTimingGOOGLE's contract on t's records. */
VkResult icd_timing_past(struct icd_timing *t, uint32_t *count, VkPastPresentationTimingGOOGLE *out);
/* The two histogram lines (see test_icd_timing.c), with prefix, to f. */
void icd_timing_report(const struct icd_timing *t, FILE *f, const char *prefix);

#endif

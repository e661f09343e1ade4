// SPDX-License-Identifier: MIT
// The pacer benches' neutral clock, shared by the Vulkan timing layer (timing_layer.c) and the
// OpenGL timing preload (timing_gl.c): stamps of presents after a warm-up, then the file
// tests/tools/bench_intervals reads. Single-threaded presents; plain globals (a bench tool).
#ifndef MVGAL_TESTS_TIMING_STAMPS_H
#define MVGAL_TESTS_TIMING_STAMPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* CLOCK_MONOTONIC in ns. */
int64_t timing_mono_ns(void);

/*
 * Records a present at now_ns: skips MVGAL_BENCH_WARMUP_S (default 1) seconds after the first
 * one, then keeps MVGAL_BENCH_SECONDS (default 20) seconds of stamps; with MVGAL_BENCH_FRAMES=N
 * instead every present from the first, N of them. True when the window is full: the caller
 * then calls timing_finish().
 */
bool timing_record(int64_t now_ns);

/*
 * Writes MVGAL_BENCH_OUT: "# frames=N cpu_ns=C wall_ns=W" (C = the process's CPU time, all
 * threads, over the recorded window), then one stamp per line. Ends the process through end
 * (_exit, or exit where the program's own exit handlers must run) with status 0, 1 on error.
 */
void timing_finish(void (*end)(int));

/* Stamps kept so far (0 during the warm-up). */
long timing_count(void);

/* The second figure of the present timing_record() keeps next (the Vulkan layer: the latency
 * from the frame's first submit; the OpenGL preload: the image transfer's own duration), written
 * as a second column of its line ("<stamp> <ns>"); 0 = none (then lines have one column). */
void timing_set_latency(int64_t ns);

/* Called by timing_finish() after the stamps to append "# ..." lines; NULL: none. */
void timing_set_trailer(void (*trailer)(FILE *f));

#endif

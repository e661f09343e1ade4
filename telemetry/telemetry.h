// SPDX-License-Identifier: MIT
/*
 * telemetry — the frame telemetry CSV, defined once: the format (columns, `# key=value` header
 * comments) that producers write and `mvgal-launch report` reads, and the writer that producers
 * (the Vulkan layer, the OpenGL preload library) share.
 *
 * File layout: one `# key=value` line per TELEMETRY_COMMENTS entry, the header line (the
 * TELEMETRY_COLUMNS names joined by commas), then one row per presented frame. Every cell is a
 * whole number >= 0. A reader maps columns by the header's names, so files written before a
 * column was added still read (a missing column reads as 0).
 *
 * Adding a column or a comment is one line in the lists below (plus setting the value where the
 * producer fills struct telemetry_row / struct telemetry_info).
 *
 * csv.c is pure (buffers in, buffers out). writer.c is the producers' edge: a thread and a file.
 *
 *	struct telemetry *t = NULL;
 *	telemetry_start(&t, &(struct telemetry_config){ .path = getenv("MVGAL_TELEMETRY"),
 *							.log = my_log });
 *	... per presented frame, from any thread (no allocation, no I/O, never blocks on I/O):
 *	struct telemetry_row row = { .present_ns = t_down, .pacer_wait_ns = w, .late = is_late };
 *	telemetry_stamp(t, &row, telemetry_needs_info(t) ? &info : NULL, -1);
 *	... when a swapchain/context goes away:  telemetry_summary(t);   (does not wait)
 *	... at the end of a run (last instance):  telemetry_sync(t);   (waits for the file)
 *	... when the producer is unloaded:  telemetry_stop(&t);
 */
#ifndef MVGAL_TELEMETRY_H
#define MVGAL_TELEMETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacer/pacer.h"

/*
 * The columns, in file order: X(name, max, is_required). Values are whole numbers in [0, max].
 * A reader refuses a header without a required column; frame and interval_ns are filled by
 * telemetry_stamp(), the producer sets the rest.
 */
#define TELEMETRY_COLUMNS(X)                                                                       \
	X(frame, INT64_MAX, true)	  /* 0, 1, 2 ... in present order */                       \
	X(present_ns, INT64_MAX, true)	  /* CLOCK_MONOTONIC when handed to the driver */          \
	X(interval_ns, INT64_MAX, true)	  /* since the previous present; 0 for the first */        \
	X(pacer_wait_ns, INT64_MAX, true) /* time the pacer slept before this present */           \
	X(late, 1, true)		  /* 1: the frame came after its pacing deadline */        \
	/* from the end of the pacer wait that let this frame start to its present: the latency  \
	 * the pacer leaves in the frame (previous present's wait, or this frame's wait in       \
	 * vkAcquireNextImageKHR with pacer = latency); 0 for the first frame */ \
	X(wait_end_to_present_ns, INT64_MAX, false)

/* The `# key=value` comments, in file order: X(name, type) with type STR or I64. An I64 reads
 * as -1 when absent; a STR as "". */
#define TELEMETRY_COMMENTS(X)                                                                        \
	X(gpu, STR)	   /* the GPU that presents (the first presenting device) */                 \
	X(target_ns, I64)  /* the paced interval, 0 when unpaced */                                  \
	X(pacer, STR)	   /* where the pacer waits: on (at present), latency (at acquire), off */   \
	X(refresh_ns, I64) /* the display's refresh period at the first present, 0 unknown */        \
	X(refresh_source, STR) /* where it came from: "display timing", "RandR DP-1", or why not */  \
	/* how busy the machine was (issue 27): the CPUs this process may run on, and the 1-minute \
	 * load average (/proc/loadavg) when the head is written and, as a last line "# load_end=" \
	 * after the rows, at each summary (the last one read wins) */ \
	X(cpus, I64)                                                                                 \
	X(load_start, STR)                                                                           \
	X(load_end, STR)

#define TELEMETRY_STR_MAX 256 /* bytes of a STR comment value, with its NUL */

struct telemetry_row {
#define TELEMETRY_ROW_FIELD_(name, max, is_required) int64_t name;
	TELEMETRY_COLUMNS(TELEMETRY_ROW_FIELD_)
#undef TELEMETRY_ROW_FIELD_
};

struct telemetry_info {
#define TELEMETRY_FIELD_STR_(name) char name[TELEMETRY_STR_MAX];
#define TELEMETRY_FIELD_I64_(name) int64_t name;
#define TELEMETRY_INFO_FIELD_(name, type) TELEMETRY_FIELD_##type##_(name)
	TELEMETRY_COMMENTS(TELEMETRY_INFO_FIELD_)
#undef TELEMETRY_INFO_FIELD_
#undef TELEMETRY_FIELD_I64_
#undef TELEMETRY_FIELD_STR_
};

enum {
#define TELEMETRY_COUNT_(name, max, is_required) +1
	TELEMETRY_N_COLUMNS = 0 TELEMETRY_COLUMNS(TELEMETRY_COUNT_),
#undef TELEMETRY_COUNT_
};

/* Longest formatted row, with its newline. */
#define TELEMETRY_ROW_MAX (TELEMETRY_N_COLUMNS * 21)

/* ---- csv.c: the format (pure) ---------------------------------------------------------- */

/* The header line without its newline: "frame,present_ns,...". */
const char *telemetry_header(void);

/* Sets every I64 comment to -1 (absent) and every STR to "". */
void telemetry_info_init(struct telemetry_info *info);

/*
 * The comment lines and the header line for *info into buf[0..len), NUL-terminated. Control
 * bytes in STR values become '?' (a value stays on its line). Returns the length, or -ENOSPC.
 */
int telemetry_format_head(char *buf, size_t len, const struct telemetry_info *info);

/* Row r as a CSV line with its newline into buf (TELEMETRY_ROW_MAX bytes); returns its length. */
size_t telemetry_format_row(char *buf, const struct telemetry_row *r);

/* The reading side: which column of the file is which. telemetry_reader_init() before use. */
struct telemetry_reader {
	struct telemetry_info info; /* the comments read so far */
	bool has_header;	    /* the header line (or its absence) was seen */
	int n_fields;		    /* fields per row in this file */
	int8_t map[64];		    /* file field -> TELEMETRY_COLUMNS index, -1: unknown */
	int line;		    /* lines read so far (1-based number of the last one) */
	char header[512];	    /* this file's header line, for messages */
};

void telemetry_reader_init(struct telemetry_reader *rd);

enum {
	TELEMETRY_LINE_ROW = 1, /* *row holds a frame */
	TELEMETRY_LINE_BAD = 2, /* msg says what is wrong, *col where (1-based; 1 for the line) */
};

/*
 * Reads one line (without its newline; a trailing '\r' is ignored). Comments fill rd->info,
 * the first other line must be the header; a file cut at the top gets one BAD for the missing
 * header and its rows are still read as the current columns. Returns 0 (nothing to use), or
 * TELEMETRY_LINE_ROW and/or TELEMETRY_LINE_BAD.
 */
int telemetry_read_line(struct telemetry_reader *rd, const char *s, size_t n,
			struct telemetry_row *row, char *msg, size_t msg_len, int *col);

/*
 * The `<csv>.summary` text (key=value lines: frames, mean_ms, sd_ms, p1_ms, p99_ms, low1_fps,
 * gpu from info; refresh_hz and refresh_source when info has a refresh_source; with a self-time
 * histogram, layer_median_ns, layer_p99_ns, layer_samples) into buf[0..len), NUL-terminated.
 * Returns the length (truncated at len - 1).
 */
#define TELEMETRY_SELF_BUCKET_NS 10  /* self-time histogram: 10 ns buckets ... */
#define TELEMETRY_SELF_BUCKETS 20000 /* ... up to 200 us; slower ones land in the last */
size_t telemetry_format_summary(char *buf, size_t len, const struct pacer_stats *s,
				const struct telemetry_info *info, const uint32_t *self_hist,
				uint64_t self_samples);

/*
 * The run's result in one line for a person (issue 16), without a newline: "<gpu>: target
 * 16.67 ms (60 fps), mean 16.70 ms (59.9 fps), p99 17.10 ms, 300 frames; CSV <csv>" ("target
 * none" when unpaced; "no CSV (--telemetry on keeps one)" when csv is ""). Controls
 * (common/text.h: C1 and bytes that are not UTF-8 too) become '?'. Returns the length
 * (truncated at len - 1).
 */
size_t telemetry_format_result(char *buf, size_t len, const struct pacer_stats *s,
			       const struct telemetry_info *info, const char *csv);

/* ---- writer.c: the producers' writer --------------------------------------------------- */

struct telemetry; /* one writer: its thread, ring, file and running statistics */

struct telemetry_config {
	const char *path; /* the CSV to create; it must not exist. "" or NULL: no CSV, the
				  * statistics only (for the result line) */
	bool is_selftime; /* keep a histogram of the producer's own cost (stamp's self_ns) */
	/* one line about a problem; called once per kind of problem, from any thread, never
	 * with a telemetry lock held; NULL: quiet */
	void (*log)(const char *line);
	/* the run's result (telemetry_format_result) at the end of a run: once per
	 * telemetry_sync(), after its summary; from the writer thread; NULL: none */
	void (*result)(const char *line);
};

/*
 * Creates *t and starts its writer thread, which creates the CSV at the first row (new only:
 * never through a symlink or into a FIFO; a taken name gets "-2", "-3" ... before ".csv") and
 * writes rows off the caller's path. Does nothing when *t is already set. Returns 0 or a
 * negative errno (after logging it; *t stays NULL).
 */
int telemetry_start(struct telemetry **t, const struct telemetry_config *cfg);

/*
 * Registers the writers' fork handlers now (telemetry_start() does it too; once per process
 * copy of this module). A producer that holds a lock of its own around telemetry_stamp() calls
 * this before it registers its own handlers: prepare handlers run in the reverse order, so its
 * lock is taken before the writers' locks, the order telemetry_stamp() takes them in.
 */
void telemetry_fork_handlers(void);

/* True until the writer has taken the info for the CSV's head (within about 50 ms of the
 * first row): the producer passes info until then, e.g. a refresh rate learnt after the first
 * presents. Lock-free, cheap. */
bool telemetry_needs_info(const struct telemetry *t);

/*
 * Stamps one presented frame: row->frame and row->interval_ns are filled here (from the order
 * of calls), the caller sets the other columns. info (may be NULL) replaces the head's comments
 * while telemetry_needs_info() says so, and is ignored afterwards. self_ns: the producer's own cost of the previous frame, -1 unknown. Never
 * allocates, never does I/O; a full ring drops the row (logged once). t may be NULL.
 */
void telemetry_stamp(struct telemetry *t, const struct telemetry_row *row,
		     const struct telemetry_info *info, int64_t self_ns);

/* Asks the writer to flush and write `<csv>.summary` soon; does not wait. t may be NULL. */
void telemetry_summary(struct telemetry *t);

/*
 * Asks for the summary and waits (up to 5 s) until the writer has written every row stamped so
 * far and the summary: for the end of a run (the last vkDestroyInstance), so that a process
 * exiting next loses nothing. The writer keeps running; later rows go on in the same file.
 */
void telemetry_sync(struct telemetry *t);

/* Flushes, writes the summary, joins the writer and frees *t; *t becomes NULL. No stamp may
 * run at the same time or later with the old pointer. */
void telemetry_stop(struct telemetry **t);

/* write(2) until done; false on error (errno set). */
bool telemetry_write_all(int fd, const char *buf, size_t len);

/* Makes every page of [p, p + len) resident now (a volatile store per page: GCC turns
 * malloc + memset(0) into calloc, which leaves fresh pages untouched). */
void telemetry_touch_pages(void *p, size_t len);

#endif

// SPDX-License-Identifier: MIT
/*
 * report — the pure part of `mvgal-launch report`: reads the layer's telemetry CSV from a buffer,
 * computes the frame-time summary and draws the SVG plot into a buffer. No I/O, clock,
 * environment or globals, and it never prints: launcher/cmd_report.c does the files and output,
 * tests/unit/test_report.c tests this part on its own (linked against libmvgal_report.a).
 *
 * The telemetry CSV's format and the frame statistics are defined once, in telemetry/telemetry.h
 * and pacer/pacer.h (struct pacer_hist); the layer's `.summary` uses the same two.
 */
#ifndef MVGAL_REPORT_REPORT_H
#define MVGAL_REPORT_REPORT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "telemetry/telemetry.h"

enum report_error {
	REPORT_OK = 0,
	REPORT_ENOMEM = -ENOMEM,  /* out of memory */
	REPORT_EEMPTY = -ENODATA, /* no usable frame row in the file */
};

/* Human-readable text for a report_error value; never NULL. */
const char *report_strerror(int err);

/* One problem in one line of a file (line is 1-based; col 0 when the whole line is bad). */
struct report_diag {
	const char *file;
	int line;
	int col;
	char msg[160];
};

/*
 * One telemetry file, read row by row: the statistics as they go (struct pacer_hist) and, for
 * the plot, only each frame's interval (8 bytes a row, not the file). report_run_init() before
 * use, report_run_release() after.
 */
struct report_run {
	char name[64];		    /* label in tables and the legend (the caller sets it) */
	struct telemetry_info info; /* the file's comments (target_ns: 0 unpaced, -1 absent) */
	struct telemetry_reader rd; /* where the reading is (columns, line number) */
	int64_t *interval_ns;	    /* per row read: its interval_ns (0 for the first frame) */
	size_t n_frames;
	size_t cap_frames;
	struct pacer_hist *hist;	 /* every row's interval and late flag */
	struct pacer_hist *latency_hist; /* every row's wait_end_to_present_ns */
	double wait_ns;			 /* sum of pacer_wait_ns */
};

struct report_summary {
	size_t frames;	 /* rows read */
	size_t samples;	 /* intervals the figures below are over (rows with interval_ns > 0) */
	size_t late;	 /* rows with late = 1 */
	double mean_ms;	 /* mean frame time (interval between presents) */
	double sd_ms;	 /* sample standard deviation (n - 1) */
	double p1_ms;	 /* 1st percentile frame time, nearest rank (struct pacer_stats) */
	double p99_ms;	 /* 99th percentile frame time, nearest rank */
	double low1_fps; /* "1 % low": the frame rate of the slowest 1 % of frames */
	double max_ms;	 /* slowest frame */
	double wait_ms;	 /* mean pacer wait per frame */
	double wait_end_to_present_ms;	   /* mean of wait_end_to_present_ns (0: column absent) */
	double wait_end_to_present_p99_ms; /* ... its 99th percentile */
};

void report_run_init(struct report_run *run);
void report_run_release(struct report_run *run);

/*
 * Appends the rows of a telemetry CSV held in buf[0..len) to *run and reads its comments. Each
 * bad line fills one diag (up to max_diags; *n_diags counts them all, may exceed max_diags) and
 * is skipped; the rest is still read. file is only copied into the diags. Returns 0,
 * REPORT_EEMPTY when no row was usable, or REPORT_ENOMEM.
 */
int report_parse(struct report_run *run, const char *buf, size_t len, const char *file,
		 struct report_diag *diags, size_t max_diags, size_t *n_diags);

/*
 * The same for one line (without its newline), for a caller that streams a file: *n_diags is
 * not reset, it counts on. Returns 0 or REPORT_ENOMEM; after the last line, report_parse_end()
 * says 0, or REPORT_EEMPTY when no row was usable.
 */
int report_parse_line(struct report_run *run, const char *s, size_t n, const char *file,
		      struct report_diag *diags, size_t max_diags, size_t *n_diags);
int report_parse_end(const struct report_run *run);

/* Fills *out from run's rows (all zero when there are none). Returns 0 or REPORT_ENOMEM. */
int report_summarize(const struct report_run *run, struct report_summary *out);

/*
 * Draws the runs' frame-time series overlaid (with each paced run's target line), a histogram
 * of frame times and a legend, as a standalone SVG document. *svg is malloc'd and NUL-terminated
 * (free() it), *len its length. sums[i] belongs to runs[i]. Returns 0 or REPORT_ENOMEM.
 */
int report_svg(const struct report_run *runs, const struct report_summary *sums, size_t n_runs,
	       char **svg, size_t *len);

/* The SVG's run colours (Okabe & Ito's colour-blind safe set) and its target lines' grey. */
#define REPORT_PALETTE_LEN 6
#define REPORT_TARGET_COLOR "#777"
extern const char *const report_palette[REPORT_PALETTE_LEN];

/*
 * How busy the machine was during a run (issue 27), from the CSV's cpus, load_start and
 * load_end: *load is the higher of the two loads (-1 when the file has neither). Busy: the load
 * at the start reached the CPU count, or at the end the CPU count plus one (the game's own
 * share of the end's 1-minute average).
 */
bool report_is_busy(const struct report_run *r, double *load);

/* The summary table: one row per figure, one column per run. */
#define REPORT_ROWS 14
#define REPORT_CELL 72
extern const char *const report_row_names[REPORT_ROWS];

/*
 * The cells of one run's column (run, gpu, target, frames, mean, sd, p99, 1% low, late, pacer
 * wait, pacer, display, machine, wait->present). Text from the file (the run's name, gpu, pacer and
 * display lines) is escaped (common/text.h's text_safe), so the cells are safe for a terminal.
 */
void report_cells(const struct report_run *r, const struct report_summary *s,
		  char cells[REPORT_ROWS][REPORT_CELL]);

#endif

// SPDX-License-Identifier: MIT
// Unit tests of the pure report code (report/report.h, linked from libmvgal_report.a): CSV
// reading with bad rows, the summary figures against the hand-checked fixtures in
// tests/data/report/ (see README.md there), the table's cells and the SVG's contents.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"
#include "vdf/vdf.h"

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	const char *top = getenv("MVGAL_TOP");
	char *buf = NULL;

	snprintf(path, sizeof(path), "%s/tests/data/report/%s", top ? top : ".", name);
	assert_int_equal(vdf_read_file(path, &buf, len), 0);
	return buf;
}

static void parse_fixture(const char *name, struct report_run *run, struct report_diag *diags,
			  size_t max_diags, size_t *n_diags)
{
	size_t len;
	char *buf = fixture(name, &len);

	report_run_init(run);
	assert_int_equal(report_parse(run, buf, len, name, diags, max_diags, n_diags), 0);
	free(buf);
}

static void test_report_parse_skips_bad_rows_and_names_their_lines(void **state)
{
	struct report_run run;
	struct report_diag d[8];
	size_t n;

	(void)state;
	parse_fixture("basic.csv", &run, d, 8, &n);
	assert_int_equal(n, 5);
	assert_string_equal(d[0].file, "basic.csv");
	assert_int_equal(d[0].line, 9);
	assert_string_equal(d[0].msg, "bad row: 3 fields, expected 5 "
				      "(frame,present_ns,interval_ns,pacer_wait_ns,late)");
	assert_int_equal(d[1].line, 12);
	assert_string_equal(d[1].msg, "bad row: frame 'garbage' is not a whole number >= 0");
	assert_int_equal(d[2].line, 16);
	assert_int_equal(d[2].col, 14); /* "9,1126000000," is 13 characters */
	assert_string_equal(d[2].msg, "bad row: interval_ns '-5' is not a whole number >= 0");
	assert_int_equal(d[3].line, 18);
	assert_string_equal(d[3].msg, "bad row: late is 2, expected 0 or 1");
	assert_int_equal(d[4].line, 19); /* the truncated last line, no newline */
	assert_string_equal(d[4].msg, "bad row: 2 fields, expected 5 "
				      "(frame,present_ns,interval_ns,pacer_wait_ns,late)");
	/* the rest is still read */
	assert_int_equal(run.n_frames, 11);
	assert_int_equal(run.interval_ns[10], 40000000);
	assert_int_equal(run.hist->late, 2);
	assert_string_equal(run.info.gpu, "llvmpipe (LLVM 15.0.6, 256 bits)");
	assert_int_equal(run.info.target_ns, 16666667);
	report_run_release(&run);
}

static void test_report_summary_matches_hand_checked_basic(void **state)
{
	struct report_run run;
	struct report_diag d[8];
	struct report_summary s;
	size_t n;

	(void)state;
	parse_fixture("basic.csv", &run, d, 8, &n);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(s.frames, 11);
	assert_int_equal(s.samples, 10);
	assert_int_equal(s.late, 2);
	assert_float_equal(s.mean_ms, 16.6, 1e-9);
	assert_float_equal(s.sd_ms, 8.846845, 1e-6); /* sqrt(704.4 / 9) */
	assert_float_equal(s.p1_ms, 10.0, 1e-9);     /* rank ceil(0.1) = 1 */
	assert_float_equal(s.p99_ms, 40.0, 1e-9);    /* rank ceil(9.9) = 10 */
	assert_float_equal(s.low1_fps, 25.0, 1e-9);  /* slowest 1 frame: 40 ms */
	assert_float_equal(s.max_ms, 40.0, 1e-9);
	assert_float_equal(s.wait_ms, 24.0 / 11.0, 1e-9);
	report_run_release(&run);
}

static void test_report_summary_matches_hand_checked_spikes(void **state)
{
	struct report_run run;
	struct report_diag d[4];
	struct report_summary s;
	size_t n;

	(void)state;
	parse_fixture("spikes.csv", &run, d, 4, &n); /* CRLF line ends */
	assert_int_equal(n, 0);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(s.frames, 201);
	assert_int_equal(s.samples, 200);
	assert_int_equal(s.late, 2);
	assert_float_equal(s.mean_ms, 16.24, 1e-9);
	assert_float_equal(s.sd_ms, 2.595396, 1e-6); /* sqrt(1340.48 / 199) */
	assert_float_equal(s.p99_ms, 16.0, 1e-9);    /* rank 198 of 200: below both spikes */
	assert_float_equal(s.low1_fps, 25.0, 1e-9);  /* slowest 2: (30 + 50) / 2 = 40 ms */
	assert_float_equal(s.wait_ms, 1.0, 1e-9);
	assert_string_equal(run.info.gpu, "Test GPU <A&B>");
	assert_int_equal(run.info.target_ns, 0);
	report_run_release(&run);
}

static void test_report_parse_without_header_says_so_and_reads_rows(void **state)
{
	const char csv[] = "0,1,0,0,0,0\n1,11,10,0,0,0\n";
	struct report_run run;
	struct report_diag d[2];
	size_t n;

	(void)state;
	report_run_init(&run);
	assert_int_equal(report_parse(&run, csv, sizeof(csv) - 1, "x.csv", d, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].line, 1);
	assert_non_null(strstr(d[0].msg, "expected the header"));
	assert_int_equal(run.n_frames, 2);
	assert_int_equal(run.info.target_ns, -1);
	report_run_release(&run);
}

static void test_report_parse_counts_diags_beyond_the_array(void **state)
{
	const char csv[] = "frame,present_ns,interval_ns,pacer_wait_ns,late\nx\ny\nz\n0,1,0,0,0\n";
	struct report_run run;
	struct report_diag d[1];
	size_t n;

	(void)state;
	report_run_init(&run);
	assert_int_equal(report_parse(&run, csv, sizeof(csv) - 1, "x.csv", d, 1, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].line, 2);
	assert_int_equal(run.n_frames, 1);
	report_run_release(&run);
}

static void test_report_parse_empty_is_an_error(void **state)
{
	const char csv[] =
		"# gpu=x\nframe,present_ns,interval_ns,pacer_wait_ns,late\n1,2,3,4,5,6\n";
	struct report_run run;
	struct report_diag d[2];
	struct report_summary s;
	size_t n;

	(void)state;
	report_run_init(&run);
	assert_int_equal(report_parse(&run, csv, sizeof(csv) - 1, "x.csv", d, 2, &n), REPORT_EEMPTY);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].msg, "bad row: more than 5 fields "
				      "(frame,present_ns,interval_ns,pacer_wait_ns,late)");
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(s.frames, 0);
	assert_string_equal(report_strerror(REPORT_EEMPTY), "no frame rows");
	report_run_release(&run);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* basic.csv (paced, 60 fps) and spikes.csv (unpaced), parsed and summarized. */
static void two_runs(struct report_run runs[2], struct report_summary sums[2])
{
	struct report_diag d[8];
	size_t n;

	parse_fixture("basic.csv", &runs[0], d, 8, &n);
	parse_fixture("spikes.csv", &runs[1], d, 8, &n);
	assert_int_equal(report_summarize(&runs[0], &sums[0]), 0);
	assert_int_equal(report_summarize(&runs[1], &sums[1]), 0);
}

/* The table's cells: figures with units, and the file's text (name, gpu, pacer) escaped. */
static void test_report_cells_escape_file_text_and_give_units(void **state)
{
	struct report_run runs[2];
	struct report_summary sums[2];
	char cells[REPORT_ROWS][REPORT_CELL];

	(void)state;
	two_runs(runs, sums);
	snprintf(runs[0].name, sizeof(runs[0].name), "game\033]0;x\a.exe");
	snprintf(runs[0].info.gpu, sizeof(runs[0].info.gpu), "GPU\x9b[2J");
	report_cells(&runs[0], &sums[0], cells);
	assert_string_equal(report_row_names[0], "run");
	assert_string_equal(report_row_names[REPORT_ROWS - 1], "wait->present");
	assert_null(strchr(cells[0], '\033'));
	assert_null(strchr(cells[0], '\a'));
	assert_null(strchr(cells[1], (char)0x9b));
	assert_non_null(strstr(cells[0], "game"));
	assert_string_equal(cells[2], "16.67 ms (60 fps)");
	assert_non_null(strstr(cells[4], " ms"));
	report_cells(&runs[1], &sums[1], cells);
	assert_string_equal(cells[2], "none");
	report_run_release(&runs[0]);
	report_run_release(&runs[1]);
}

static void test_report_svg_overlays_runs_with_target_legend_and_histogram(void **state)
{
	struct report_run runs[2];
	struct report_summary sums[2];
	char *svg;
	size_t len;

	(void)state;
	two_runs(runs, sums);
	snprintf(runs[0].name, sizeof(runs[0].name), "paced");
	snprintf(runs[1].name, sizeof(runs[1].name), "un<paced>");
	assert_int_equal(report_svg(runs, sums, 2, &svg, &len), 0);
	assert_int_equal(strlen(svg), len);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_int_equal(count(svg, "<polyline"), 2);	     /* one series per run */
	assert_int_equal(count(svg, "<path "), 2);	     /* one histogram per run */
	assert_int_equal(count(svg, "stroke-dasharray"), 2); /* target: series + histogram */
	assert_non_null(strstr(svg, ">target 16.67 ms (60 fps)</text>"));
	assert_non_null(strstr(svg, ">11 frames, mean 16.60 ms, sd 8.85 ms, p99 40.00 ms, "
				    "1% low 25.0 fps</text>"));
	assert_non_null(strstr(svg, ">paced</tspan>: "));
	assert_non_null(strstr(svg, ">un&lt;paced&gt;</tspan>: "));
	assert_non_null(strstr(svg, ">201 frames, mean 16.24 ms, sd 2.60 ms,"));
	assert_non_null(strstr(svg, "Test GPU &lt;A&amp;B&gt;"));
	assert_non_null(strstr(svg, ">frame time (ms): lower and flatter is better</text>"));
	assert_non_null(strstr(svg, ">frame time (ms): one narrow peak is steady"));
	assert_non_null(strstr(svg, ">share of frames (%)</text>"));
	assert_string_equal(svg + len - 7, "</svg>\n");
	free(svg);
	report_run_release(&runs[0]);
	report_run_release(&runs[1]);
}

/* A run on its target once stayed hidden under a thick target line of its own colour. The
 * target is thin, grey (no run's colour) and drawn before any run. */
static void test_report_svg_draws_targets_thin_grey_and_behind_the_runs(void **state)
{
	struct report_run run;
	struct report_diag d[8];
	struct report_summary s;
	char *svg;
	size_t n, len;

	(void)state;
	parse_fixture("basic.csv", &run, d, 8, &n);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(report_svg(&run, &s, 1, &svg, &len), 0);
	const char *target = strstr(svg, "<line class=\"target\"");
	const char *poly = strstr(svg, "<polyline");
	assert_non_null(target);
	assert_non_null(poly);
	assert_true(target < poly);
	assert_non_null(strstr(target, "stroke=\"" REPORT_TARGET_COLOR "\" stroke-width=\"1\""));
	for (size_t i = 0; i < REPORT_PALETTE_LEN; i++)
		assert_string_not_equal(report_palette[i], REPORT_TARGET_COLOR);
	assert_non_null(strstr(poly, "stroke-width=\"1.6\""));
	/* the histogram's target is behind its bars too */
	assert_true(strstr(target + 1, "<line class=\"target\"") < strstr(svg, "<path "));
	free(svg);
	report_run_release(&run);
}

/* One plain-language line per run, against the target when paced and against the run's own
 * mean when not, with hitches counted; and the note on "1% low" when paced meets unpaced. */
static void test_report_svg_gives_each_run_a_verdict_and_explains_1_low(void **state)
{
	struct report_run runs[2];
	struct report_summary sums[2];
	char *svg;
	size_t len;

	(void)state;
	two_runs(runs, sums);
	assert_int_equal(report_svg(runs, sums, 2, &svg, &len), 0);
	assert_non_null(strstr(svg, "verdict\">uneven: 99 % of frames only within 23.4 ms of the "
				    "16.67 ms target; 1 hitch over 33.3 ms, slowest 40.0 ms<"));
	assert_non_null(strstr(svg,
			       "verdict\">steady: 99 % of frames within 0.3 ms of the "
			       "16.24 ms mean (unpaced); 1 hitch over 32.5 ms, slowest 50.0 ms<"));
	assert_non_null(strstr(svg, "Why an unpaced run's \"1% low\" can look better"));
	free(svg);
	/* one run alone: no note */
	assert_int_equal(report_svg(runs, sums, 1, &svg, &len), 0);
	assert_null(strstr(svg, "Why an unpaced"));
	free(svg);
	report_run_release(&runs[0]);
	report_run_release(&runs[1]);
}

/* A run on its target within 0.1 ms says so in those words. */
static void test_report_svg_verdict_steady_on_target(void **state)
{
	char csv[8192];
	size_t off = 0;
	struct report_run run;
	struct report_diag d[1];
	struct report_summary s;
	char *svg;
	size_t n, len;

	(void)state;
	off += (size_t)snprintf(csv + off, sizeof(csv) - off,
				"# target_ns=16666667\nframe,present_ns,interval_ns,pacer_wait_ns,"
				"late\n");
	for (int i = 0; i < 100; i++)
		off += (size_t)snprintf(csv + off, sizeof(csv) - off, "%d,%d,%d,0,0\n", i, i,
					i ? 16666667 + (i % 2 ? 50000 : -50000) : 0);
	report_run_init(&run);
	assert_int_equal(report_parse(&run, csv, off, "x.csv", d, 1, &n), 0);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(report_svg(&run, &s, 1, &svg, &len), 0);
	assert_non_null(strstr(svg, "verdict\">steady: 99 % of frames within 0.1 ms of the "
				    "16.67 ms target<"));
	free(svg);
	report_run_release(&run);
}

/* A frame time far beyond the axis (here ~292 years) lands in the last histogram bin; the bin
 * index is computed before the cast to int (found by fuzz_report). */
static void test_report_svg_survives_a_huge_frame_time(void **state)
{
	const char csv[] = "frame,present_ns,interval_ns,pacer_wait_ns,late\n"
			   "0,1,0,0,0\n1,2,16000000,0,0\n2,3,9223372036854775807,0,1\n";
	struct report_run run;
	struct report_diag d[1];
	struct report_summary s;
	char *svg;
	size_t n, len;

	(void)state;
	report_run_init(&run);
	assert_int_equal(report_parse(&run, csv, sizeof(csv) - 1, "x.csv", d, 1, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(report_svg(&run, &s, 1, &svg, &len), 0);
	assert_string_equal(svg + len - 7, "</svg>\n");
	free(svg);
	report_run_release(&run);
}

/* spikes.csv: p99 16 ms sets the axis (20 ms), so its 30 and 50 ms frames are clipped, and the
 * axis title says so. */
static void test_report_svg_says_when_it_clips_slow_frames(void **state)
{
	struct report_run run;
	struct report_diag d[1];
	struct report_summary s;
	char *svg;
	size_t n, len;

	(void)state;
	parse_fixture("spikes.csv", &run, d, 1, &n);
	assert_int_equal(report_summarize(&run, &s), 0);
	assert_int_equal(report_svg(&run, &s, 1, &svg, &len), 0);
	assert_non_null(
		strstr(svg, ">frame number (slower frames are drawn on the top edge)</text>"));
	assert_non_null(strstr(svg, ">20</text>")); /* the top tick */
	assert_null(strstr(svg, ">25</text>"));
	free(svg);
	report_run_release(&run);
}

/* The machine's load (issue 27, item 10): a paced run that is too slow on a busy machine says
 * so in its verdict and in the table; the same run on a quiet machine does not. The CSV is shaped
 * as the writer writes it: cpus and load_start in the head, a load_end line after the rows at
 * each summary (the last one counts). */
static void test_report_says_when_the_machine_was_busy(void **state)
{
	static const char *const heads[2] = { "# cpus=2\n# load_start=9.10\n",
					      "# cpus=8\n# load_start=0.40\n" };
	static const char *const ends[2] = { "# load_end=3.00\n# load_end=12.30\n",
					     "# load_end=0.50\n" };
	char cells[REPORT_ROWS][REPORT_CELL];

	(void)state;
	assert_string_equal(report_row_names[12], "machine");
	for (int busy = 0; busy < 2; busy++) {
		char csv[8192];
		size_t off = 0, n, len;
		struct report_run run;
		struct report_diag d[1];
		struct report_summary s;
		char *svg;

		off += (size_t)snprintf(csv + off, sizeof(csv) - off,
					"# target_ns=16666667\n%sframe,present_ns,interval_ns,"
					"pacer_wait_ns,late\n",
					heads[!busy]);
		for (int i = 0; i < 100; i++) /* 25 ms frames for a 16.67 ms target */
			off += (size_t)snprintf(csv + off, sizeof(csv) - off, "%d,%d,%d,0,1\n", i,
						i, i ? 25000000 : 0);
		off += (size_t)snprintf(csv + off, sizeof(csv) - off, "%s", ends[!busy]);
		report_run_init(&run);
		assert_int_equal(report_parse(&run, csv, off, "x.csv", d, 1, &n), 0);
		assert_int_equal(n, 0);
		assert_int_equal(report_summarize(&run, &s), 0);
		assert_int_equal(report_svg(&run, &s, 1, &svg, &len), 0);
		report_cells(&run, &s, cells);
		if (busy) {
			assert_non_null(strstr(svg,
					       "too slow for its target: frames take 25.00 ms on "
					       "average, not 16.67 ms; the machine was busy: "
					       "load 12.3 on 2 CPUs<"));
			assert_string_equal(cells[12], "load 9.10 -> 12.30 on 2 CPUs: busy");
		} else {
			assert_non_null(strstr(svg, "too slow for its target"));
			assert_null(strstr(svg, "busy"));
			assert_string_equal(cells[12], "load 0.40 -> 0.50 on 8 CPUs");
		}
		free(svg);
		report_run_release(&run);
	}
	/* a file from before the load comments */
	struct report_run runs[2];
	struct report_summary sums[2];
	two_runs(runs, sums);
	report_cells(&runs[0], &sums[0], cells);
	assert_string_equal(cells[12], "?");
	report_run_release(&runs[0]);
	report_run_release(&runs[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_parse_skips_bad_rows_and_names_their_lines),
		cmocka_unit_test(test_report_summary_matches_hand_checked_basic),
		cmocka_unit_test(test_report_summary_matches_hand_checked_spikes),
		cmocka_unit_test(test_report_parse_without_header_says_so_and_reads_rows),
		cmocka_unit_test(test_report_parse_counts_diags_beyond_the_array),
		cmocka_unit_test(test_report_parse_empty_is_an_error),
		cmocka_unit_test(test_report_svg_overlays_runs_with_target_legend_and_histogram),
		cmocka_unit_test(test_report_svg_survives_a_huge_frame_time),
		cmocka_unit_test(test_report_svg_says_when_it_clips_slow_frames),
		cmocka_unit_test(test_report_svg_draws_targets_thin_grey_and_behind_the_runs),
		cmocka_unit_test(test_report_svg_gives_each_run_a_verdict_and_explains_1_low),
		cmocka_unit_test(test_report_svg_verdict_steady_on_target),
		cmocka_unit_test(test_report_cells_escape_file_text_and_give_units),
		cmocka_unit_test(test_report_says_when_the_machine_was_busy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

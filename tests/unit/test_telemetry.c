// SPDX-License-Identifier: MIT
// Unit tests of telemetry/ (the CSV format and the producers' writer) against its reader,
// `mvgal-launch report` (report/, linked as a module library): what a producer
// writes, report reads, row for row, and the writer's `.summary` says what report says.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/report.h"
#include "telemetry/telemetry.h"
#include "vdf/vdf.h"

static char tmpdir[] = "/tmp/mvgal-test-telemetry-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir); /* each test removes its files: a leftover fails here */
}

static char logged[4][512];
static int n_logged;

static void log_line(const char *line)
{
	if (n_logged < 4)
		snprintf(logged[n_logged], sizeof(logged[0]), "%s", line);
	n_logged++;
}

/* A pseudo-random frame time around 16.7 ms with a few spikes, reproducible. */
static int64_t frame_time(uint32_t *seed, int i)
{
	*seed = *seed * 1103515245u + 12345u;
	return 16666667 + (int64_t)(*seed >> 8) % 3000000 - 1500000 + (i % 97 == 0 ? 25000000 : 0);
}

static char *value_of(const char *text, const char *key)
{
	static char v[256];
	const char *p = strstr(text, key);

	assert_non_null(p);
	p += strlen(key);
	snprintf(v, sizeof(v), "%.*s", (int)strcspn(p, "\n"), p);
	return v;
}

static void expect_key(const char *text, const char *key, const char *fmt, double v)
	__attribute__((format(printf, 3, 0)));

/* text's value of key is v printed with fmt */
static void expect_key(const char *text, const char *key, const char *fmt, double v)
{
	char want[64];

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(want, sizeof(want), fmt, v);
#pragma GCC diagnostic pop
	assert_string_equal(value_of(text, key), want);
}

static void test_report_reads_what_the_writer_writes(void **state)
{
	struct telemetry_config cfg = { .log = log_line };
	struct telemetry *t = NULL;
	struct telemetry_info info;
	struct report_run run;
	struct report_summary s;
	struct report_diag d[4];
	char path[256], sum_path[300], want[64], *buf, *sum;
	size_t len, n, rows = 3000;
	int64_t now = 1000000000;
	uint32_t seed = 7;

	(void)state;
	snprintf(path, sizeof(path), "%s/run.csv", tmpdir);
	cfg.path = path;
	assert_int_equal(telemetry_start(&t, &cfg), 0);
	assert_true(telemetry_needs_info(t));
	telemetry_info_init(&info);
	snprintf(info.gpu, sizeof(info.gpu), "GPU <1>\nfake=row"); /* stays on its line */
	info.target_ns = 16666667;
	for (size_t i = 0; i < rows; i++) {
		struct telemetry_row r = {
			.present_ns = now,
			.pacer_wait_ns = (int64_t)i * 1000,
			.late = i % 10 == 3,
		};

		telemetry_stamp(t, &r, telemetry_needs_info(t) ? &info : NULL, -1);
		now += frame_time(&seed, (int)i);
		if (i % 1000 == 999)
			usleep(60000); /* let the writer drain the ring between bursts */
	}
	telemetry_stop(&t);
	assert_null(t);
	assert_int_equal(n_logged, 0);

	assert_int_equal(vdf_read_file(path, &buf, &len), 0);
	report_run_init(&run);
	assert_int_equal(report_parse(&run, buf, len, path, d, 4, &n), 0);
	free(buf);
	assert_int_equal(n, 0);
	assert_int_equal(run.n_frames, rows);
	assert_string_equal(run.info.gpu, "GPU <1>?fake=row");
	assert_int_equal(run.info.target_ns, 16666667);
	/* and row for row, with the reader report uses */
	{
		struct telemetry_reader rd;
		struct telemetry_row r;
		char msg[160];
		size_t pos = 0, i = 0;
		int64_t prev = 0;
		int col;

		assert_int_equal(vdf_read_file(path, &buf, &len), 0);
		telemetry_reader_init(&rd);
		now = 1000000000;
		seed = 7;
		while (pos < len) {
			char *nl = memchr(buf + pos, '\n', len - pos);
			size_t line_len = (size_t)(nl - (buf + pos));

			assert_non_null(nl);
			if (telemetry_read_line(&rd, buf + pos, line_len, &r, msg, sizeof(msg),
						&col) == TELEMETRY_LINE_ROW) {
				assert_int_equal(r.frame, i);
				assert_int_equal(r.present_ns, now);
				assert_int_equal(r.interval_ns, i ? now - prev : 0);
				assert_int_equal(run.interval_ns[i], r.interval_ns);
				assert_int_equal(r.pacer_wait_ns, (int64_t)i * 1000);
				assert_int_equal(r.late, i % 10 == 3);
				prev = now;
				now += frame_time(&seed, (int)i);
				i++;
			}
			pos += line_len + 1;
		}
		assert_int_equal(i, rows);
		free(buf);
	}

	/* every statistic of the writer's summary is report's, to the summary's 3 decimals */
	assert_int_equal(report_summarize(&run, &s), 0);
	snprintf(sum_path, sizeof(sum_path), "%s.summary", path);
	assert_int_equal(vdf_read_file(sum_path, &sum, &len), 0);
	snprintf(want, sizeof(want), "%zu", s.frames);
	assert_string_equal(value_of(sum, "frames="), want);
	expect_key(sum, "mean_ms=", "%.3f", s.mean_ms);
	expect_key(sum, "sd_ms=", "%.3f", s.sd_ms);
	expect_key(sum, "p1_ms=", "%.3f", s.p1_ms);
	expect_key(sum, "p99_ms=", "%.3f", s.p99_ms);
	expect_key(sum, "low1_fps=", "%.1f", s.low1_fps);
	assert_string_equal(value_of(sum, "gpu="), "GPU <1>?fake=row");
	free(sum);
	report_run_release(&run);
	unlink(sum_path);
	unlink(path);
}

/* The header and the comment keys come from the one list in telemetry.h. */
static void test_telemetry_head_is_the_column_list(void **state)
{
	struct telemetry_info info;
	struct telemetry_row r = {
		.frame = 12, .present_ns = 34, .interval_ns = 0, .pacer_wait_ns = 5, .late = 1
	};
	char head[512], row[TELEMETRY_ROW_MAX];

	(void)state;
	telemetry_info_init(&info);
	assert_int_equal(info.target_ns, -1);
	snprintf(info.gpu, sizeof(info.gpu), "g");
	info.target_ns = 0;
	assert_int_equal(telemetry_format_head(head, sizeof(head), &info), 160);
	/* load_end is not in the head: the writer puts it after the rows */
	assert_string_equal(head, "# gpu=g\n# target_ns=0\n# pacer=\n# refresh_ns=-1\n"
				  "# refresh_source=\n# cpus=-1\n# load_start=\n"
				  "frame,present_ns,interval_ns,pacer_wait_ns,late,"
				  "wait_end_to_present_ns\n");
	assert_int_equal(telemetry_format_head(head, 10, &info), -ENOSPC);
	assert_int_equal(telemetry_format_row(row, &r), 14);
	assert_memory_equal(row, "12,34,0,5,1,0\n", 14);
}

/* Columns are found by the header's names: a file from a version with other or fewer optional
 * columns still reads; a header without a required column is refused. */
static void test_telemetry_reader_maps_columns_by_name(void **state)
{
	struct telemetry_reader rd;
	struct telemetry_row r;
	char msg[160];
	int col;
	const char *head = "frame,present_ns,extra,interval_ns,pacer_wait_ns,late";

	(void)state;
	telemetry_reader_init(&rd);
	assert_int_equal(telemetry_read_line(&rd, "# target_ns=5", 13, &r, msg, sizeof(msg), &col),
			 0);
	assert_int_equal(rd.info.target_ns, 5);
	assert_int_equal(telemetry_read_line(&rd, head, strlen(head), &r, msg, sizeof(msg), &col), 0);
	assert_int_equal(telemetry_read_line(&rd, "1,2,99,3,4,1", 12, &r, msg, sizeof(msg), &col),
			 TELEMETRY_LINE_ROW);
	assert_int_equal(r.frame, 1);
	assert_int_equal(r.interval_ns, 3);
	assert_int_equal(r.late, 1);
	assert_int_equal(telemetry_read_line(&rd, "1,2,3", 5, &r, msg, sizeof(msg), &col),
			 TELEMETRY_LINE_BAD);
	assert_string_equal(msg, "bad row: 3 fields, expected 6 "
				 "(frame,present_ns,extra,interval_ns,pacer_wait_ns,late)");

	telemetry_reader_init(&rd);
	assert_int_equal(telemetry_read_line(&rd, "frame,late", 10, &r, msg, sizeof(msg), &col),
			 TELEMETRY_LINE_BAD);
	assert_non_null(strstr(msg, "expected the header"));
}

/* Issue 16: the run's result for a person, one line with units, control bytes made harmless. */
static void test_telemetry_result_is_one_line_with_units(void **state)
{
	struct pacer_stats s = { .frames = 300, .mean_ns = 16670000.0, .p99_ns = 17060000 };
	struct telemetry_info info;
	char line[512];

	(void)state;
	telemetry_info_init(&info);
	snprintf(info.gpu, sizeof(info.gpu), "GPU\nX");
	info.target_ns = 16666667;
	telemetry_format_result(line, sizeof(line), &s, &info, "/t/run.csv");
	assert_string_equal(line, "GPU?X: target 16.67 ms (60 fps), mean 16.67 ms (60.0 fps), "
				  "p99 17.06 ms, 300 frames; CSV /t/run.csv");
	info.target_ns = 0;
	telemetry_format_result(line, sizeof(line), &s, &info, "/t/run.csv");
	assert_non_null(strstr(line, ": target none, mean 16.67 ms"));
	telemetry_format_result(line, sizeof(line), &s, &info, "");
	assert_non_null(strstr(line, "300 frames; no CSV (--telemetry on keeps one)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_reads_what_the_writer_writes),
		cmocka_unit_test(test_telemetry_head_is_the_column_list),
		cmocka_unit_test(test_telemetry_reader_maps_columns_by_name),
		cmocka_unit_test(test_telemetry_result_is_one_line_with_units),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the telemetry CSV reader, summary and SVG (report/report.h).
 * Properties:
 *   - every diag names a line of the input (1..number of lines) and has a message;
 *   - the rows read plus the diags never exceed the lines in the input, plus one (a missing
 *     header is reported on a line that may still be read as a row);
 *   - a run that parsed summarises with figures in order (p1 <= p99 <= max, 0 < mean <= max) and
 *     draws an SVG that is one NUL-free document ending in </svg>.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_diag diags[16];
	struct report_run run;
	struct report_summary sum;
	size_t n_diags = 0, lines = 0, len;
	char *svg = NULL;
	int rc;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (size && data[size - 1] != '\n')
		lines++;
	report_run_init(&run);
	rc = report_parse(&run, (const char *)data, size, "fuzz.csv", diags, 16, &n_diags);
	if (rc != 0 && rc != REPORT_EEMPTY)
		abort();
	if (run.n_frames + n_diags > lines + 1)
		abort();
	for (size_t i = 0; i < n_diags && i < 16; i++)
		if (diags[i].line < 1 || (size_t)diags[i].line > lines || !diags[i].msg[0])
			abort();
	if (rc == 0) {
		snprintf(run.name, sizeof(run.name), "fuzz");
		if (report_summarize(&run, &sum) != 0)
			abort();
		if (sum.samples && (sum.p1_ms > sum.p99_ms || sum.p99_ms > sum.max_ms ||
				    sum.mean_ms <= 0 || sum.mean_ms > sum.max_ms * (1 + 1e-9) ||
				    !isfinite(sum.sd_ms) || sum.low1_fps <= 0))
			abort();
		if (report_svg(&run, &sum, 1, &svg, &len) != 0 || strlen(svg) != len || len < 7 ||
		    strcmp(svg + len - 7, "</svg>\n"))
			abort();
		free(svg);
	}
	report_run_release(&run);
	return 0;
}

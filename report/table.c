// SPDX-License-Identifier: MIT
// The summary table of `mvgal-launch report` (pure; see report.h): each run's cells, escaped.
#include <stdio.h>
#include <stdlib.h>

#include "common/text.h"
#include "report/report.h"

const char *const report_row_names[REPORT_ROWS] = {
	"run",	  "gpu",  "target",	"frames", "mean",    "sd",	"p99",
	"1% low", "late", "pacer wait", "pacer",  "display", "machine", "wait->present",
};

/* A load as /proc/loadavg wrote it, -1 when absent or not a number. */
static double load_of(const char *s)
{
	char *end;
	double v = s[0] ? strtod(s, &end) : -1;

	return s[0] && *end == '\0' && v >= 0 ? v : -1;
}

bool report_is_busy(const struct report_run *r, double *load)
{
	double start = load_of(r->info.load_start), end = load_of(r->info.load_end);
	double cpus = (double)r->info.cpus;

	*load = start > end ? start : end;
	return cpus > 0 && (start >= cpus || end >= cpus + 1);
}

/* "load 9.10 -> 12.30 on 2 CPUs: busy", "load 0.20 on 8 CPUs" (no end: the run was cut). */
static void machine_cell(const struct report_run *r, char *out)
{
	double load, start = load_of(r->info.load_start), end = load_of(r->info.load_end);
	bool is_busy = report_is_busy(r, &load);
	char s_start[32] = "?", s_end[40] = "";

	if (r->info.cpus <= 0 || load < 0) {
		snprintf(out, REPORT_CELL, "?");
		return;
	}
	if (start >= 0)
		snprintf(s_start, sizeof(s_start), "%.2f", start);
	if (end >= 0)
		snprintf(s_end, sizeof(s_end), " -> %.2f", end);
	/* cut at REPORT_CELL; the result checked for gcc's -Wformat-truncation at -O1 (ASan) */
	if (snprintf(out, REPORT_CELL, "load %s%s on %lld CPU%s%s", s_start, s_end,
		     (long long)r->info.cpus, r->info.cpus == 1 ? "" : "s",
		     is_busy ? ": busy" : "") < 0)
		out[0] = '\0';
}

void report_cells(const struct report_run *r, const struct report_summary *s,
		  char cells[REPORT_ROWS][REPORT_CELL])
{
	char source[64];

	/* the run's name (the game's exe name), its pacer and display lines come from files */
	text_safe(r->name, cells[0], REPORT_CELL);
	text_safe(r->info.gpu[0] ? r->info.gpu : "?", cells[1], REPORT_CELL); /* from the file: data */
	if (r->info.target_ns > 0)
		snprintf(cells[2], REPORT_CELL, "%.2f ms (%.0f fps)", r->info.target_ns / 1e6,
			 1e9 / (double)r->info.target_ns);
	else
		snprintf(cells[2], REPORT_CELL, "%s", r->info.target_ns == 0 ? "none" : "?");
	snprintf(cells[3], REPORT_CELL, "%zu", s->frames);
	snprintf(cells[4], REPORT_CELL, "%.2f ms", s->mean_ms);
	snprintf(cells[5], REPORT_CELL, "%.2f ms", s->sd_ms);
	snprintf(cells[6], REPORT_CELL, "%.2f ms", s->p99_ms);
	snprintf(cells[7], REPORT_CELL, "%.1f fps", s->low1_fps);
	snprintf(cells[8], REPORT_CELL, "%zu", s->late);
	snprintf(cells[9], REPORT_CELL, "%.2f ms", s->wait_ms);
	/* the pacer's mode and what it knew of the display (absent in older files) */
	text_safe(r->info.pacer[0] ? r->info.pacer : "?", cells[10], REPORT_CELL);
	if (r->info.refresh_ns > 0)
		snprintf(cells[11], REPORT_CELL, "%.2f Hz (%s)", 1e9 / (double)r->info.refresh_ns,
			 text_safe(r->info.refresh_source, source, 52));
	else
		snprintf(cells[11], REPORT_CELL, "%s",
			 r->info.refresh_source[0] ? "unknown, 60 Hz assumed" : "?");
	machine_cell(r, cells[12]);
	if (s->wait_end_to_present_ms > 0)
		snprintf(cells[13], REPORT_CELL, "%.2f ms (p99 %.2f)", s->wait_end_to_present_ms,
			 s->wait_end_to_present_p99_ms);
	else
		snprintf(cells[13], REPORT_CELL, "?");
}

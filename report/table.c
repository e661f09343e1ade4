// SPDX-License-Identifier: MIT
// The summary table of `mvgal-launch report` (pure; see report.h): each run's cells, escaped.
#include <stdio.h>

#include "common/text.h"
#include "report/report.h"

const char *const report_row_names[REPORT_ROWS] = {
	"run",	"gpu",	      "target", "frames",  "mean",	    "sd", "p99", "1% low",
	"late", "pacer wait", "pacer",	"display", "wait->present",
};

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
	if (s->wait_end_to_present_ms > 0)
		snprintf(cells[12], REPORT_CELL, "%.2f ms (p99 %.2f)", s->wait_end_to_present_ms,
			 s->wait_end_to_present_p99_ms);
	else
		snprintf(cells[12], REPORT_CELL, "?");
}

// SPDX-License-Identifier: MIT
// Telemetry CSV reader and frame-time summary (pure; see report.h). The SVG is in svg.c, the table in table.c.
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "report/report.h"

const char *report_strerror(int err)
{
	switch (err) {
	case REPORT_OK:
		return "success";
	case REPORT_ENOMEM:
		return "out of memory";
	case REPORT_EEMPTY:
		return "no frame rows";
	default:
		return "unknown error";
	}
}

void report_run_init(struct report_run *run)
{
	memset(run, 0, sizeof(*run));
	telemetry_info_init(&run->info);
	telemetry_reader_init(&run->rd);
}

void report_run_release(struct report_run *run)
{
	free(run->interval_ns);
	free(run->hist);
	free(run->latency_hist);
	report_run_init(run);
}

static void add_diag(struct report_diag *diags, size_t max_diags, size_t *n_diags, const char *file,
		     int line, int col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add_diag(struct report_diag *diags, size_t max_diags, size_t *n_diags, const char *file,
		     int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (*n_diags < max_diags) {
		struct report_diag *d = &diags[*n_diags];

		d->file = file;
		d->line = line;
		d->col = col;
		va_start(ap, fmt);
		vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
		va_end(ap);
	}
	(*n_diags)++;
}

static int push_frame(struct report_run *run, const struct telemetry_row *f)
{
	if (!run->hist && !(run->hist = calloc(1, sizeof(*run->hist))))
		return REPORT_ENOMEM;
	if (!run->latency_hist && !(run->latency_hist = calloc(1, sizeof(*run->latency_hist))))
		return REPORT_ENOMEM;
	int64_t *p =
		array_grow(run->interval_ns, &run->cap_frames, run->n_frames + 1, sizeof(*p), 1024);

	if (!p)
		return REPORT_ENOMEM;
	run->interval_ns = p;
	run->interval_ns[run->n_frames++] = f->interval_ns;
	pacer_hist_add(run->hist, f->interval_ns, f->late != 0);
	pacer_hist_add(run->latency_hist, f->wait_end_to_present_ns, false);
	run->wait_ns += (double)f->pacer_wait_ns;
	return 0;
}

int report_parse_line(struct report_run *run, const char *s, size_t n, const char *file,
		      struct report_diag *diags, size_t max_diags, size_t *n_diags)
{
	struct telemetry_row f;
	char msg[160];
	int col = 1, got;

	got = telemetry_read_line(&run->rd, s, n, &f, msg, sizeof(msg), &col);
	run->info = run->rd.info;
	if (got & TELEMETRY_LINE_BAD)
		add_diag(diags, max_diags, n_diags, file, run->rd.line, col, "%s", msg);
	return got & TELEMETRY_LINE_ROW ? push_frame(run, &f) : 0;
}

int report_parse_end(const struct report_run *run)
{
	return run->n_frames ? 0 : REPORT_EEMPTY;
}

int report_parse(struct report_run *run, const char *buf, size_t len, const char *file,
		 struct report_diag *diags, size_t max_diags, size_t *n_diags)
{
	size_t pos = 0;

	*n_diags = 0;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl ? 1 : 0);
		if (report_parse_line(run, s, n, file, diags, max_diags, n_diags))
			return REPORT_ENOMEM;
	}
	return report_parse_end(run);
}

int report_summarize(const struct report_run *run, struct report_summary *out)
{
	struct pacer_stats st, lst;

	memset(out, 0, sizeof(*out));
	out->frames = run->n_frames;
	if (run->n_frames == 0 || !run->hist)
		return 0;
	pacer_hist_stats(run->hist, &st);
	out->wait_ms = run->wait_ns / (double)run->n_frames / 1e6;
	if (run->latency_hist) {
		pacer_hist_stats(run->latency_hist, &lst);
		out->wait_end_to_present_ms = lst.mean_ns / 1e6;
		out->wait_end_to_present_p99_ms = (double)lst.p99_ns / 1e6;
	}
	out->samples = st.samples;
	out->late = st.late;
	out->mean_ms = st.mean_ns / 1e6;
	out->sd_ms = st.sd_ns / 1e6;
	out->p1_ms = (double)st.p1_ns / 1e6;
	out->p99_ms = (double)st.p99_ns / 1e6;
	out->max_ms = (double)st.max_ns / 1e6;
	out->low1_fps = st.low1_fps;
	return 0;
}

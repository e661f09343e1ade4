// SPDX-License-Identifier: MIT
// Telemetry CSV reader and frame-time summary (pure; see report.h). The SVG is in report_svg.c.
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/report.h"

const char *report_strerror(int err)
{
	switch (err) {
	case REPORT_OK: return "success";
	case REPORT_ENOMEM: return "out of memory";
	case REPORT_EEMPTY: return "no frame rows";
	default: return "unknown error";
	}
}

void report_run_init(struct report_run *run)
{
	memset(run, 0, sizeof(*run));
	telemetry_info_init(&run->info);
}

void report_run_release(struct report_run *run)
{
	free(run->frames);
	report_run_init(run);
}

static void add_diag(struct report_diag *diags, size_t max_diags, size_t *n_diags,
		     const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void add_diag(struct report_diag *diags, size_t max_diags, size_t *n_diags,
		     const char *file, int line, int col, const char *fmt, ...)
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
	if (run->n_frames == run->cap_frames) {
		size_t cap = run->cap_frames ? run->cap_frames * 2 : 1024;
		struct telemetry_row *p = realloc(run->frames, cap * sizeof(*p));

		if (!p)
			return REPORT_ENOMEM;
		run->frames = p;
		run->cap_frames = cap;
	}
	run->frames[run->n_frames++] = *f;
	return 0;
}

int report_parse(struct report_run *run, const char *buf, size_t len, const char *file,
		 struct report_diag *diags, size_t max_diags, size_t *n_diags)
{
	struct telemetry_reader rd;
	size_t pos = 0, rows = 0;

	telemetry_reader_init(&rd);
	rd.info = run->info;
	*n_diags = 0;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		struct telemetry_row f;
		char msg[160];
		int col = 1, got;

		pos += n + (nl ? 1 : 0);
		got = telemetry_read_line(&rd, s, n, &f, msg, sizeof(msg), &col);
		if (got & TELEMETRY_LINE_BAD)
			add_diag(diags, max_diags, n_diags, file, rd.line, col, "%s", msg);
		if (!(got & TELEMETRY_LINE_ROW))
			continue;
		if (push_frame(run, &f))
			return REPORT_ENOMEM;
		rows++;
	}
	run->info = rd.info;
	return rows ? 0 : REPORT_EEMPTY;
}

int report_summarize(const struct report_run *run, struct report_summary *out)
{
	struct pacer_hist *h;
	struct pacer_stats st;
	double wait = 0.0;

	memset(out, 0, sizeof(*out));
	out->frames = run->n_frames;
	if (run->n_frames == 0)
		return 0;
	h = calloc(1, sizeof(*h));
	if (!h)
		return REPORT_ENOMEM;
	for (size_t i = 0; i < run->n_frames; i++) {
		pacer_hist_add(h, run->frames[i].interval_ns, run->frames[i].late != 0);
		wait += (double)run->frames[i].pacer_wait_ns;
	}
	pacer_hist_stats(h, &st);
	free(h);
	out->wait_ms = wait / (double)run->n_frames / 1e6;
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

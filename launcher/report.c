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

#define REPORT_HEADER "frame,present_ns,interval_ns,pacer_wait_ns,late"
#define REPORT_FIELDS 5

static const char *const field_names[REPORT_FIELDS] = {
	"frame", "present_ns", "interval_ns", "pacer_wait_ns", "late",
};

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
	run->target_ns = -1;
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

/* `# key=value`: the two keys the layer writes; other comments are ignored. */
static void read_comment(struct report_run *run, const char *s, size_t len)
{
	char buf[192];
	char *end;

	while (len && (*s == '#' || *s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!strncmp(buf, "gpu=", 4)) {
		size_t n = strnlen(buf + 4, sizeof(run->gpu) - 1);

		memcpy(run->gpu, buf + 4, n);
		run->gpu[n] = '\0';
	} else if (!strncmp(buf, "target_ns=", 10)) {
		errno = 0;
		long long v = strtoll(buf + 10, &end, 10);
		if (!errno && end != buf + 10 && *end == '\0' && v >= 0)
			run->target_ns = v;
	}
}

/* One row into *f; returns 0, or -1 with msg (and *col, 1-based) saying what is wrong. */
static int parse_row(const char *s, size_t len, struct report_frame *f, int *col, char *msg,
		     size_t msg_len)
{
	int64_t v[REPORT_FIELDS];
	size_t pos = 0;

	for (int i = 0; i < REPORT_FIELDS; i++) {
		size_t start = pos;
		char num[24];
		char *end;

		while (pos < len && s[pos] != ',')
			pos++;
		*col = (int)start + 1;
		if (pos == len && i < REPORT_FIELDS - 1) {
			snprintf(msg, msg_len, "bad row: %d field%s, expected %d (%s)", i + 1,
				 i ? "s" : "", REPORT_FIELDS, REPORT_HEADER);
			return -1;
		}
		if (pos - start == 0 || pos - start >= sizeof(num) || s[start] == '-' ||
		    s[start] == '+' || s[start] == ' ') {
			snprintf(msg, msg_len, "bad row: %s '%.*s' is not a whole number >= 0",
				 field_names[i], (int)(pos - start > 24 ? 24 : pos - start),
				 s + start);
			return -1;
		}
		memcpy(num, s + start, pos - start);
		num[pos - start] = '\0';
		errno = 0;
		v[i] = strtoll(num, &end, 10);
		if (errno || *end) {
			snprintf(msg, msg_len, "bad row: %s '%s' is not a whole number >= 0",
				 field_names[i], num);
			return -1;
		}
		pos++; /* past the comma */
	}
	if (pos <= len) {
		*col = (int)pos;
		snprintf(msg, msg_len, "bad row: more than %d fields (%s)", REPORT_FIELDS,
			 REPORT_HEADER);
		return -1;
	}
	if (v[4] > 1) { /* *col still points at the last field */
		snprintf(msg, msg_len, "bad row: late is %" PRId64 ", expected 0 or 1", v[4]);
		return -1;
	}
	f->frame = (uint64_t)v[0];
	f->present_ns = v[1];
	f->interval_ns = v[2];
	f->pacer_wait_ns = v[3];
	f->is_late = v[4] == 1;
	return 0;
}

static int push_frame(struct report_run *run, const struct report_frame *f)
{
	if (run->n_frames == run->cap_frames) {
		size_t cap = run->cap_frames ? run->cap_frames * 2 : 1024;
		struct report_frame *p = realloc(run->frames, cap * sizeof(*p));

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
	size_t pos = 0, rows = 0;
	bool has_header = false;
	int line = 0;

	*n_diags = 0;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		struct report_frame f;
		char msg[160];
		int col = 0;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		if (s[0] == '#') {
			read_comment(run, s, n);
			continue;
		}
		if (!has_header) {
			has_header = true;
			if (n == strlen(REPORT_HEADER) && !memcmp(s, REPORT_HEADER, n))
				continue;
			add_diag(diags, max_diags, n_diags, file, line, 1,
				 "expected the header '%s'", REPORT_HEADER);
			/* a file cut at the top still has rows: read this one if it is one */
			if (parse_row(s, n, &f, &col, msg, sizeof(msg)))
				continue;
		} else if (parse_row(s, n, &f, &col, msg, sizeof(msg))) {
			add_diag(diags, max_diags, n_diags, file, line, col, "%s", msg);
			continue;
		}
		if (push_frame(run, &f))
			return REPORT_ENOMEM;
		rows++;
	}
	return rows ? 0 : REPORT_EEMPTY;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int report_summarize(const struct report_run *run, struct report_summary *out)
{
	int64_t *sorted;
	size_t n = 0, i, worst, rank;
	double sum = 0.0, sq = 0.0, wait = 0.0, mean, tail = 0.0;

	memset(out, 0, sizeof(*out));
	out->frames = run->n_frames;
	if (run->n_frames == 0)
		return 0;
	sorted = malloc(run->n_frames * sizeof(*sorted));
	if (!sorted)
		return REPORT_ENOMEM;
	for (i = 0; i < run->n_frames; i++) {
		const struct report_frame *f = &run->frames[i];

		out->late += f->is_late;
		wait += (double)f->pacer_wait_ns;
		if (f->interval_ns > 0)
			sorted[n++] = f->interval_ns;
	}
	out->wait_ms = wait / (double)run->n_frames / 1e6;
	out->samples = n;
	if (n == 0)
		goto out;
	qsort(sorted, n, sizeof(*sorted), cmp_i64);
	for (i = 0; i < n; i++)
		sum += (double)sorted[i];
	mean = sum / (double)n;
	for (i = 0; i < n; i++)
		sq += ((double)sorted[i] - mean) * ((double)sorted[i] - mean);
	out->mean_ms = mean / 1e6;
	out->sd_ms = n > 1 ? sqrt(sq / (double)(n - 1)) / 1e6 : 0.0;
	/* nearest rank, as pacer_stats() does, so the layer's .summary and this report agree */
	rank = (n + 99) / 100;
	out->p1_ms = (double)sorted[rank - 1] / 1e6;
	rank = (99 * n + 99) / 100;
	out->p99_ms = (double)sorted[rank - 1] / 1e6;
	out->max_ms = (double)sorted[n - 1] / 1e6;
	worst = n / 100 ? n / 100 : 1;
	for (i = n - worst; i < n; i++)
		tail += (double)sorted[i];
	tail /= (double)worst;
	out->low1_fps = 1e9 / tail;
out:
	free(sorted);
	return 0;
}

// SPDX-License-Identifier: MIT
// The telemetry CSV format (telemetry.h): header, rows and comments, both directions. Pure.
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "telemetry/telemetry.h"

struct column {
	const char *name;
	int64_t max;
	bool is_required;
	size_t offset;
};

static const struct column columns[TELEMETRY_N_COLUMNS] = {
#define COLUMN_(name, max, is_required)                                                            \
	{ #name, max, is_required, offsetof(struct telemetry_row, name) },
	TELEMETRY_COLUMNS(COLUMN_)
#undef COLUMN_
};

const char *telemetry_header(void)
{
#define HEADER_NAME_(name, max, is_required) "," #name
	/* skip the leading comma */
	return &(TELEMETRY_COLUMNS(HEADER_NAME_))[1];
#undef HEADER_NAME_
}

static int64_t *cell(struct telemetry_row *r, int i)
{
	return (int64_t *)((char *)r + columns[i].offset);
}

void telemetry_info_init(struct telemetry_info *info)
{
	memset(info, 0, sizeof(*info));
#define INIT_STR_(name)
#define INIT_I64_(name) info->name = -1;
#define INIT_(name, type) INIT_##type##_(name)
	TELEMETRY_COMMENTS(INIT_)
#undef INIT_
#undef INIT_I64_
#undef INIT_STR_
}

/* "# key=value\n" at buf + *o; false when it does not fit. */
static bool put_str(char *buf, size_t len, size_t *o, const char *key, const char *v)
{
	int n = snprintf(buf + *o, len - *o, "# %s=", key);

	if (n < 0 || (size_t)n >= len - *o)
		return false;
	*o += (size_t)n;
	for (size_t n_v; *v; v += n_v) {
		uint32_t cp;

		n_v = text_decode(v, &cp);
		if (*o + n_v + 1 >= len)
			return false;
		/* a value stays on its one line, whatever the driver named its GPU (common/text.h) */
		if (text_is_control(cp))
			buf[(*o)++] = '?';
		else
			for (size_t i = 0; i < n_v; i++)
				buf[(*o)++] = v[i];
	}
	buf[(*o)++] = '\n';
	buf[*o] = '\0';
	return true;
}

static bool put_i64(char *buf, size_t len, size_t *o, const char *key, int64_t v)
{
	int n = snprintf(buf + *o, len - *o, "# %s=%" PRId64 "\n", key, v);

	if (n < 0 || (size_t)n >= len - *o)
		return false;
	*o += (size_t)n;
	return true;
}

int telemetry_format_head(char *buf, size_t len, const struct telemetry_info *info)
{
	size_t o = 0;
	int n;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	/* load_end is not known yet: the writer puts it after the rows */
#define PUT_STR_(name)                                                                             \
	if (strcmp(#name, "load_end") && !put_str(buf, len, &o, #name, info->name))                \
		return -ENOSPC;
#define PUT_I64_(name)                                                                             \
	if (!put_i64(buf, len, &o, #name, info->name))                                             \
		return -ENOSPC;
#define PUT_(name, type) PUT_##type##_(name)
	TELEMETRY_COMMENTS(PUT_)
#undef PUT_
#undef PUT_I64_
#undef PUT_STR_
	n = snprintf(buf + o, len - o, "%s\n", telemetry_header());
	if (n < 0 || (size_t)n >= len - o)
		return -ENOSPC;
	return (int)(o + (size_t)n);
}

/* Decimal digits of v (>= 0; a negative value is written as 0) at p, returns the end. */
static char *put_digits(char *p, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? 0 : (uint64_t)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*p++ = tmp[--n];
	return p;
}

size_t telemetry_format_row(char *buf, const struct telemetry_row *r)
{
	char *p = buf;

	for (int i = 0; i < TELEMETRY_N_COLUMNS; i++) {
		if (i)
			*p++ = ',';
		p = put_digits(p, *cell((struct telemetry_row *)r, i));
	}
	*p++ = '\n';
	return (size_t)(p - buf);
}

/* ---- reading ------------------------------------------------------------------------------ */

static void map_current(struct telemetry_reader *rd)
{
	rd->n_fields = TELEMETRY_N_COLUMNS;
	for (int i = 0; i < TELEMETRY_N_COLUMNS; i++)
		rd->map[i] = (int8_t)i;
	snprintf(rd->header, sizeof(rd->header), "%s", telemetry_header());
}

void telemetry_reader_init(struct telemetry_reader *rd)
{
	memset(rd, 0, sizeof(*rd));
	telemetry_info_init(&rd->info);
	map_current(rd);
}

/* `# key=value`: the keys of TELEMETRY_COMMENTS; other comments are ignored. */
static void read_comment(struct telemetry_info *info, const char *s, size_t len)
{
	char buf[TELEMETRY_STR_MAX + 32];
	const char *v;
	char *end;

	while (len && (*s == '#' || *s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strchr(buf, '=');
	if (!v)
		return;
	v++;
#define GET_STR_(name) snprintf(info->name, sizeof(info->name), "%s", v);
#define GET_I64_(name)                                                                             \
	{                                                                                          \
		errno = 0;                                                                         \
		long long x = strtoll(v, &end, 10);                                                \
		if (!errno && end != v && *end == '\0' && x >= 0)                                  \
			info->name = x;                                                            \
	}
#define GET_(name, type)                                                                           \
	if ((size_t)(v - buf) == sizeof(#name) && !memcmp(buf, #name "=", sizeof(#name)))          \
	GET_##type##_(name)
	TELEMETRY_COMMENTS(GET_)
#undef GET_
#undef GET_I64_
#undef GET_STR_
}

static int column_index(const char *s, size_t n)
{
	for (int i = 0; i < TELEMETRY_N_COLUMNS; i++)
		if (strlen(columns[i].name) == n && !memcmp(columns[i].name, s, n))
			return i;
	return -1;
}

/* A header line: names of [a-z0-9_], comma-separated, every required column present. */
static bool read_header(struct telemetry_reader *rd, const char *s, size_t n)
{
	bool seen[TELEMETRY_N_COLUMNS] = { false };
	int fields = 0;
	size_t pos = 0;

	while (pos <= n) {
		size_t start = pos;
		int i;

		while (pos < n && s[pos] != ',') {
			char c = s[pos++];

			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
				return false;
		}
		if (pos == start || fields == (int)sizeof(rd->map))
			return false;
		i = column_index(s + start, pos - start);
		if (i >= 0) {
			if (seen[i])
				return false;
			seen[i] = true;
		}
		rd->map[fields++] = (int8_t)i;
		pos++;
	}
	for (int i = 0; i < TELEMETRY_N_COLUMNS; i++)
		if (columns[i].is_required && !seen[i])
			return false;
	rd->n_fields = fields;
	snprintf(rd->header, sizeof(rd->header), "%.*s", (int)n, s);
	return true;
}

/* One field, a whole number >= 0, into *v; returns 0, or -1 with msg saying what is wrong. */
static int read_number(const char *s, size_t n, const char *name, int64_t *v, char *msg,
		       size_t msg_len)
{
	char num[24];
	char *end;

	if (n == 0 || n >= sizeof(num) || s[0] == '-' || s[0] == '+' || s[0] == ' ') {
		snprintf(msg, msg_len, "bad row: %s '%.*s' is not a whole number >= 0", name,
			 (int)(n > 24 ? 24 : n), s);
		return -1;
	}
	memcpy(num, s, n);
	num[n] = '\0';
	errno = 0;
	*v = strtoll(num, &end, 10);
	if (errno || *end) {
		snprintf(msg, msg_len, "bad row: %s '%s' is not a whole number >= 0", name, num);
		return -1;
	}
	return 0;
}

/* One row into *r; returns 0, or -1 with msg (and *col, 1-based) saying what is wrong. */
static int read_row(const struct telemetry_reader *rd, const char *s, size_t len,
		    struct telemetry_row *r, int *col, char *msg, size_t msg_len)
{
	size_t pos = 0;

	memset(r, 0, sizeof(*r));
	for (int f = 0; f < rd->n_fields; f++) {
		int i = rd->map[f];
		const char *name = i >= 0 ? columns[i].name : "field";
		size_t start = pos;
		int64_t v;

		while (pos < len && s[pos] != ',')
			pos++;
		*col = (int)start + 1;
		if (pos == len && f < rd->n_fields - 1) {
			snprintf(msg, msg_len, "bad row: %d field%s, expected %d (%s)", f + 1,
				 f ? "s" : "", rd->n_fields, rd->header);
			return -1;
		}
		if (read_number(s + start, pos - start, name, &v, msg, msg_len))
			return -1;
		if (i >= 0)
			*cell(r, i) = v;
		pos++; /* past the comma */
	}
	if (pos <= len) {
		*col = (int)pos;
		snprintf(msg, msg_len, "bad row: more than %d fields (%s)", rd->n_fields, rd->header);
		return -1;
	}
	for (int i = 0; i < TELEMETRY_N_COLUMNS; i++) {
		int64_t v = *cell(r, i);

		if (v <= columns[i].max)
			continue;
		/* *col still points at the last field */
		if (columns[i].max == 1)
			snprintf(msg, msg_len, "bad row: %s is %" PRId64 ", expected 0 or 1",
				 columns[i].name, v);
		else
			snprintf(msg, msg_len, "bad row: %s is %" PRId64 ", expected 0 to %" PRId64,
				 columns[i].name, v, columns[i].max);
		return -1;
	}
	return 0;
}

int telemetry_read_line(struct telemetry_reader *rd, const char *s, size_t n,
			struct telemetry_row *row, char *msg, size_t msg_len, int *col)
{
	rd->line++;
	if (n && s[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	if (s[0] == '#') {
		read_comment(&rd->info, s, n);
		return 0;
	}
	*col = 1;
	if (!rd->has_header) {
		rd->has_header = true;
		if (read_header(rd, s, n))
			return 0;
		map_current(rd);
		snprintf(msg, msg_len, "expected the header '%s'", telemetry_header());
		/* a file cut at the top still has rows: read this one if it is one */
		char row_msg[8];
		int row_col;

		return TELEMETRY_LINE_BAD |
		       (read_row(rd, s, n, row, &row_col, row_msg, sizeof(row_msg))
				? 0
				: TELEMETRY_LINE_ROW);
	}
	return read_row(rd, s, n, row, col, msg, msg_len) ? TELEMETRY_LINE_BAD : TELEMETRY_LINE_ROW;
}

size_t telemetry_format_result(char *buf, size_t len, const struct pacer_stats *s,
			       const struct telemetry_info *info, const char *csv)
{
	char target[64] = "target none";
	int n;

	if (len == 0)
		return 0;
	if (info->target_ns > 0)
		snprintf(target, sizeof(target), "target %.2f ms (%.0f fps)",
			 (double)info->target_ns / 1e6, 1e9 / (double)info->target_ns);
	n = snprintf(buf, len,
		     "%s: %s, mean %.2f ms (%.1f fps), p99 %.2f ms, %" PRIu64 " frames; %s%s",
		     info->gpu[0] ? info->gpu : "GPU ?", target, s->mean_ns / 1e6,
		     s->mean_ns > 0 ? 1e9 / s->mean_ns : 0.0, (double)s->p99_ns / 1e6, s->frames,
		     csv[0] ? "CSV " : "no CSV (--telemetry on keeps one)", csv);
	text_scrub(buf); /* one line, whatever the GPU's name or the path hold */
	return n < 0 ? 0 : strlen(buf);
}

/* s into out (TELEMETRY_STR_MAX), controls as '?': one key per line */
static void one_line(char *out, const char *s)
{
	snprintf(out, TELEMETRY_STR_MAX, "%s", s);
	text_scrub(out);
}

size_t telemetry_format_summary(char *buf, size_t len, const struct pacer_stats *s,
				const struct telemetry_info *info, const uint32_t *self_hist,
				uint64_t self_samples)
{
	char name[TELEMETRY_STR_MAX], source[TELEMETRY_STR_MAX];
	size_t o;

	if (len == 0)
		return 0;
	one_line(name, info->gpu);
	o = (size_t)snprintf(buf, len,
			     "frames=%" PRIu64 "\nmean_ms=%.3f\nsd_ms=%.3f\np1_ms=%.3f\n"
			     "p99_ms=%.3f\nlow1_fps=%.1f\ngpu=%s\n",
			     s->frames, s->mean_ns / 1e6, s->sd_ns / 1e6, (double)s->p1_ns / 1e6,
			     (double)s->p99_ns / 1e6, s->low1_fps, name);
	if (info->refresh_source[0] && o < len) {
		one_line(source, info->refresh_source);
		o += (size_t)snprintf(buf + o, len - o, "refresh_hz=%.2f\nrefresh_source=%s\n",
				      info->refresh_ns > 0 ? 1e9 / (double)info->refresh_ns : 0.0,
				      source);
	}
	if (self_hist && self_samples && o < len) {
		uint64_t ranks[2] = { (self_samples + 1) / 2, (99 * self_samples + 99) / 100 };
		int at[2];

		for (int k = 0; k < 2; k++) {
			uint64_t seen = 0;
			int b;

			for (b = 0; b < TELEMETRY_SELF_BUCKETS - 1; b++)
				if ((seen += self_hist[b]) >= ranks[k])
					break;
			/* the bucket's middle, ns */
			at[k] = b * TELEMETRY_SELF_BUCKET_NS + TELEMETRY_SELF_BUCKET_NS / 2;
		}
		o += (size_t)snprintf(buf + o, len - o,
				      "layer_median_ns=%d\nlayer_p99_ns=%d\nlayer_samples=%" PRIu64
				      "\n",
				      at[0], at[1], self_samples);
	}
	return o < len ? o : len - 1;
}

// SPDX-License-Identifier: MIT
// `<csv>.summary`: key=value lines (frames, mean_ms, sd_ms, p1_ms, p99_ms, low1_fps, gpu, and
// with MVGAL_SELFTIME=1 layer_median_ns, layer_p99_ns, layer_samples). Computed from the CSV on
// disk with the same formulas as launcher/report.c (sample sd, nearest-rank percentiles, 1 % low
// = 1000 / mean of the slowest 1 % of frame times), so the two always agree. Runs in the writer
// thread only, never on the present path.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layer/layer.h"

/* Temp in the same directory, fsync, rename, fsync the directory: the project's write_atomic()
 * (vdf/file.c), which cannot be linked into the layer (it exports only loader entry points). */
static int write_file_atomic(const char *path, const char *buf, size_t len)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	char *slash;
	int fd, dfd, rc = -1, err;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!layer_write_all(fd, buf, len) || fchmod(fd, 0644) || fsync(fd)) {
		close(fd);
		goto out;
	}
	if (close(fd) || rename(tmp, path))
		goto out;
	rc = 0;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	err = errno;
	if (rc)
		unlink(tmp);
	errno = err;
	return rc;
}

static char *read_whole(const char *path, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !(buf = malloc((size_t)st.st_size + 1)))
		goto out;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got;
out:
	close(fd);
	return buf;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Interval column (the third) of every row; *frames counts the rows. */
static int64_t *read_intervals(const char *buf, size_t len, size_t *frames, size_t *n_out)
{
	size_t lines = 1, n = 0;
	int64_t *v;
	const char *p = buf, *end = buf + len;

	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	v = malloc(lines * sizeof(*v));
	if (!v)
		return NULL;
	*frames = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		int commas = 0;

		if (!nl)
			nl = end;
		if (*p >= '0' && *p <= '9') {
			while (q < nl && commas < 2)
				commas += *q++ == ',';
			if (commas == 2) {
				int64_t x = strtoll(q, NULL, 10);

				(*frames)++;
				if (x > 0)
					v[n++] = x;
			}
		}
		p = nl + 1;
	}
	*n_out = n;
	return v;
}

static int self_percentile(const uint32_t *hist, uint64_t rank)
{
	uint64_t seen = 0;
	int b;

	for (b = 0; b < SELF_BUCKETS - 1; b++) {
		seen += hist[b];
		if (seen >= rank)
			break;
	}
	return b * SELF_BUCKET_NS + SELF_BUCKET_NS / 2; /* bucket middle, ns */
}

int layer_summary_write(const char *csv, const char *gpu, const uint32_t *self_hist,
			uint64_t self_samples)
{
	char path[PATH_MAX], out[1024];
	size_t len = 0, frames = 0, n = 0, worst, o;
	double sum = 0, sq = 0, mean = 0, sd = 0, tail = 0, p1 = 0, p99 = 0, low1 = 0;
	char *buf;
	int64_t *v;
	int rc;

	if (snprintf(path, sizeof(path), "%s.summary", csv) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	buf = read_whole(csv, &len);
	if (!buf)
		return -1;
	v = read_intervals(buf, len, &frames, &n);
	free(buf);
	if (!v)
		return -1;
	if (n) {
		qsort(v, n, sizeof(*v), cmp_i64);
		for (size_t i = 0; i < n; i++)
			sum += (double)v[i];
		mean = sum / (double)n;
		for (size_t i = 0; i < n; i++)
			sq += ((double)v[i] - mean) * ((double)v[i] - mean);
		sd = n > 1 ? sqrt(sq / (double)(n - 1)) : 0.0;
		p1 = (double)v[(n + 99) / 100 - 1];
		p99 = (double)v[(99 * n + 99) / 100 - 1];
		worst = n / 100 ? n / 100 : 1;
		for (size_t i = n - worst; i < n; i++)
			tail += (double)v[i];
		low1 = 1e9 / (tail / (double)worst);
	}
	free(v);
	o = (size_t)snprintf(out, sizeof(out),
			     "frames=%zu\nmean_ms=%.3f\nsd_ms=%.3f\np1_ms=%.3f\np99_ms=%.3f\n"
			     "low1_fps=%.1f\ngpu=%s\n",
			     frames, mean / 1e6, sd / 1e6, p1 / 1e6, p99 / 1e6, low1, gpu);
	if (self_hist && self_samples && o < sizeof(out))
		o += (size_t)snprintf(out + o, sizeof(out) - o,
				      "layer_median_ns=%d\nlayer_p99_ns=%d\nlayer_samples=%llu\n",
				      self_percentile(self_hist, (self_samples + 1) / 2),
				      self_percentile(self_hist, (99 * self_samples + 99) / 100),
				      (unsigned long long)self_samples);
	if (o >= sizeof(out))
		o = sizeof(out) - 1;
	rc = write_file_atomic(path, out, o);
	return rc;
}

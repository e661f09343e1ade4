// SPDX-License-Identifier: MIT
// Telemetry: presents stamp rows into a fixed ring (no allocation, no I/O); one writer thread
// moves them to the CSV named by MVGAL_TELEMETRY and writes `<csv>.summary` when asked (at
// vkDestroySwapchainKHR and at the last vkDestroyInstance). Formats: brief / DESIGN.md section 5;
// `mvgal-launch report` reads them (launcher/report.h). The summary is computed from the CSV
// itself, with report.c's formulas, so both always agree; memory stays flat however long the run.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "layer/layer.h"

#define FLUSH_INTERVAL_NS 50000000L  /* the writer wakes at least this often */
#define OUT_BUF 65536

/* The writer's own buffers, allocated once when it starts. */
struct layer_writer {
	struct layer_frame *rows;
	char *out;
	uint32_t *self_hist;
	uint64_t self_samples;
	int fd;
	char path[4096];
};

void layer_telemetry_stamp(const struct layer_device *dev, const struct layer_swapchain *sc,
			   int64_t present_ns, int64_t wait_ns, bool is_late, int64_t self_ns)
{
	struct layer_telemetry *t = &layer_g.telemetry;
	bool is_dropped = false, should_wake = false;

	pthread_mutex_lock(&layer_g.lock);
	if (!t->is_running || t->is_failed)
		goto out;
	if (t->head == 0 && !t->gpu[0]) {
		/* the device that presents first is the one the game really uses */
		memcpy(t->gpu, dev->gpu_name, sizeof(t->gpu));
		t->target_ns = sc && sc->is_paced ? pacer_interval_ns(&sc->pacer) : 0;
	}
	if (t->head - t->tail >= TELEMETRY_RING) {
		t->dropped++;
		is_dropped = true;
		goto out;
	}
	t->ring[t->head % TELEMETRY_RING] = (struct layer_frame){
		.frame = t->head,
		.present_ns = present_ns,
		.interval_ns = t->head && t->last_present_ns ? present_ns - t->last_present_ns : 0,
		.pacer_wait_ns = wait_ns,
		.self_ns = self_ns,
		.is_late = is_late,
	};
	t->last_present_ns = present_ns;
	t->head++;
	should_wake = t->head - t->tail == TELEMETRY_RING / 4;
out:
	pthread_mutex_unlock(&layer_g.lock);
	if (should_wake)
		pthread_cond_signal(&t->wake);
	if (is_dropped)
		layer_log(LOG_TELEMETRY_DROP, "telemetry: writer fell behind, rows dropped");
}

static void fail(const char *what, const char *path)
{
	int err = errno;

	pthread_mutex_lock(&layer_g.lock);
	layer_g.telemetry.is_failed = true;
	pthread_mutex_unlock(&layer_g.lock);
	layer_log(LOG_TELEMETRY, "telemetry: %s %s: %s; telemetry off", what, path, strerror(err));
}

static bool open_csv(struct layer_writer *w, const char *gpu, int64_t target_ns, bool is_new)
{
	char head[512];
	int n;

	w->fd = open(w->path, O_WRONLY | O_CREAT | O_CLOEXEC | (is_new ? O_TRUNC : O_APPEND), 0644);
	if (w->fd < 0) {
		fail("cannot open", w->path);
		return false;
	}
	if (!is_new)
		return true;
	n = snprintf(head, sizeof(head),
		     "# gpu=%s\n# target_ns=%lld\nframe,present_ns,interval_ns,pacer_wait_ns,late\n",
		     gpu, (long long)target_ns);
	if (!layer_write_all(w->fd, head, (size_t)n)) {
		fail("cannot write", w->path);
		return false;
	}
	return true;
}

/* Decimal digits of v at p, returns the end. */
static char *put_i64(char *p, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	if (v < 0)
		*p++ = '-';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static bool write_rows(struct layer_writer *w, size_t n)
{
	char *p = w->out;

	for (size_t i = 0; i < n; i++) {
		const struct layer_frame *f = &w->rows[i];

		if (p - w->out > OUT_BUF - 128) {
			if (!layer_write_all(w->fd, w->out, (size_t)(p - w->out)))
				return false;
			p = w->out;
		}
		p = put_i64(p, (int64_t)f->frame);
		*p++ = ',';
		p = put_i64(p, f->present_ns);
		*p++ = ',';
		p = put_i64(p, f->interval_ns);
		*p++ = ',';
		p = put_i64(p, f->pacer_wait_ns);
		*p++ = ',';
		*p++ = f->is_late ? '1' : '0';
		*p++ = '\n';
		if (f->self_ns >= 0 && w->self_hist) {
			int64_t b = f->self_ns / SELF_BUCKET_NS;

			w->self_hist[b < SELF_BUCKETS ? b : SELF_BUCKETS - 1]++;
			w->self_samples++;
		}
	}
	return p == w->out || layer_write_all(w->fd, w->out, (size_t)(p - w->out));
}

static void *writer_main(void *arg)
{
	struct layer_writer *w = arg;
	struct layer_telemetry *t = &layer_g.telemetry;
	bool is_open = false, is_failed = false, should_stop = false;

	pthread_mutex_lock(&layer_g.lock);
	while (!should_stop) {
		uint64_t asked, first, n;
		char gpu[sizeof(t->gpu)];
		int64_t target_ns;
		bool is_new;

		while (!t->should_stop && t->head == t->tail && t->summary_asked == t->summary_done) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += FLUSH_INTERVAL_NS;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&t->wake, &layer_g.lock, &ts);
		}
		first = t->tail;
		n = t->head - first;
		asked = t->summary_asked;
		should_stop = t->should_stop;
		memcpy(gpu, t->gpu, sizeof(gpu));
		target_ns = t->target_ns;
		is_new = !t->has_file;
		pthread_mutex_unlock(&layer_g.lock);
		/* rows [first, first + n) stay put until tail moves: presents only write at head
		 * while head - tail < TELEMETRY_RING, so the copy needs no lock */
		for (uint64_t i = 0; i < n; i++)
			w->rows[i] = t->ring[(first + i) % TELEMETRY_RING];
		pthread_mutex_lock(&layer_g.lock);
		t->tail = first + n;
		pthread_mutex_unlock(&layer_g.lock);

		if (n && !is_open && !is_failed) {
			is_open = open_csv(w, gpu, target_ns, is_new);
			is_failed = !is_open;
			pthread_mutex_lock(&layer_g.lock);
			t->has_file = true;
			pthread_mutex_unlock(&layer_g.lock);
		}
		if (n && is_open && !write_rows(w, n)) {
			fail("cannot write", w->path);
			close(w->fd);
			is_open = false;
			is_failed = true;
		}
		if (asked != t->summary_done && is_open &&
		    layer_summary_write(w->path, gpu, w->self_hist, w->self_samples) != 0)
			layer_log(LOG_SUMMARY, "telemetry: cannot write %s.summary: %s", w->path,
				  strerror(errno));

		pthread_mutex_lock(&layer_g.lock);
		t->summary_done = asked;
		pthread_cond_broadcast(&t->done);
	}
	pthread_mutex_unlock(&layer_g.lock);
	if (is_open)
		close(w->fd);
	return NULL;
}

static struct layer_writer *writer_new(const char *path, bool is_selftime)
{
	struct layer_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->rows = malloc(TELEMETRY_RING * sizeof(*w->rows));
	w->out = malloc(OUT_BUF);
	w->self_hist = is_selftime ? calloc(SELF_BUCKETS, sizeof(*w->self_hist)) : NULL;
	w->fd = -1;
	snprintf(w->path, sizeof(w->path), "%s", path);
	if (!w->rows || !w->out || (is_selftime && !w->self_hist)) {
		free(w->rows);
		free(w->out);
		free(w->self_hist);
		free(w);
		return NULL;
	}
	/* every page resident now: RSS is flat from the first frame on, not growing with the
	 * writer's largest batch or the self times seen (tests/integration/test_layer_stress.sh) */
	layer_touch_pages(w->rows, TELEMETRY_RING * sizeof(*w->rows));
	layer_touch_pages(w->out, OUT_BUF);
	if (w->self_hist)
		layer_touch_pages(w->self_hist, SELF_BUCKETS * sizeof(*w->self_hist));
	return w;
}

static void writer_free(struct layer_writer *w)
{
	if (!w)
		return;
	free(w->rows);
	free(w->out);
	free(w->self_hist);
	free(w);
}

void layer_telemetry_start(void)
{
	struct layer_telemetry *t = &layer_g.telemetry;
	struct layer_frame *ring = NULL;
	struct layer_writer *w = NULL;
	char path[sizeof(layer_g.settings.telemetry_path)];
	bool is_selftime;

	pthread_mutex_lock(&layer_g.lock);
	if (t->is_running || t->is_failed || !layer_g.settings.telemetry_path[0]) {
		pthread_mutex_unlock(&layer_g.lock);
		return;
	}
	memcpy(path, layer_g.settings.telemetry_path, sizeof(path));
	is_selftime = layer_g.settings.is_selftime;
	pthread_mutex_unlock(&layer_g.lock);

	ring = calloc(TELEMETRY_RING, sizeof(*ring));
	if (ring) /* every page resident now, not faulted in by the first frames' stamps */
		layer_touch_pages(ring, TELEMETRY_RING * sizeof(*ring));
	w = writer_new(path, is_selftime);
	pthread_mutex_lock(&layer_g.lock);
	if (t->is_running || !ring || !w) {
		bool is_oom = !t->is_running;

		t->is_failed |= is_oom;
		pthread_mutex_unlock(&layer_g.lock);
		free(ring);
		writer_free(w);
		if (is_oom)
			layer_log(LOG_OOM, "out of memory: telemetry off");
		return;
	}
	t->ring = ring;
	t->should_stop = false;
	t->last_self_ns = -1;
	if (pthread_create(&t->thread, NULL, writer_main, w) != 0) {
		t->ring = NULL;
		t->is_failed = true;
		pthread_mutex_unlock(&layer_g.lock);
		free(ring);
		writer_free(w);
		layer_log(LOG_TELEMETRY, "telemetry: cannot start the writer thread; telemetry off");
		return;
	}
	t->is_running = true;
	t->writer = w;
	pthread_mutex_unlock(&layer_g.lock);
}

void layer_telemetry_summary(void)
{
	struct layer_telemetry *t = &layer_g.telemetry;
	struct timespec ts;
	uint64_t want;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	pthread_mutex_lock(&layer_g.lock);
	if (t->is_running) {
		want = ++t->summary_asked;
		pthread_cond_signal(&t->wake);
		while (t->is_running && t->summary_done < want)
			if (pthread_cond_timedwait(&t->done, &layer_g.lock, &ts) == ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&layer_g.lock);
}

void layer_telemetry_stop(void)
{
	struct layer_telemetry *t = &layer_g.telemetry;
	struct layer_frame *ring;
	struct layer_writer *w;
	pthread_t thread;

	pthread_mutex_lock(&layer_g.lock);
	if (!t->is_running) {
		pthread_mutex_unlock(&layer_g.lock);
		return;
	}
	t->should_stop = true;
	t->summary_asked++; /* the last summary, written on the way out */
	thread = t->thread;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&layer_g.lock);
	pthread_join(thread, NULL);

	pthread_mutex_lock(&layer_g.lock);
	t->is_running = false;
	ring = t->ring;
	t->ring = NULL;
	w = t->writer;
	t->writer = NULL;
	pthread_mutex_unlock(&layer_g.lock);
	free(ring);
	writer_free(w);
}

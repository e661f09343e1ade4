// SPDX-License-Identifier: MIT
// The telemetry writer (telemetry.h): producers stamp rows into a fixed ring (no allocation, no
// I/O); one thread per struct telemetry moves them to the CSV and keeps the run's statistics as
// it goes (struct pacer_hist), so `<csv>.summary` is written from memory, never by re-reading
// the file, and nobody waits for it.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fs.h"
#include "telemetry/telemetry.h"

#define RING 8192u		    /* rows; a power of two */
#define FLUSH_INTERVAL_NS 50000000L /* the writer wakes at least this often */
#define OUT_BUF 65536

enum log_kind {
	LOG_FILE = 1u << 0,
	LOG_DROP = 1u << 1,
	LOG_SUMMARY = 1u << 2,
};

struct telemetry_frame {
	struct telemetry_row row;
	int64_t self_ns;
};

/*
 * One writer. `lock` protects the fields up to `ring`; the ring's rows [tail, head) belong to
 * the writer once stamped. The rest is the writer thread's own.
 */
struct telemetry {
	struct telemetry *next; /* in live_writers */
	bool is_forked_copy;	/* in a fork()ed child: no thread behind it */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* to the writer: rows or a request are waiting */
	pthread_cond_t done; /* from the writer: summary_done moved */
	bool is_running;
	bool should_stop;
	bool is_head_taken; /* the writer took info for the CSV's head: no more changes */
	uint32_t logged;    /* enum log_kind bits already reported */
	uint64_t head;	    /* rows stamped */
	uint64_t tail;	    /* rows taken by the writer */
	uint64_t summary_asked;
	uint64_t summary_done; /* requests served (rows taken before them are written) */
	uint64_t result_asked; /* the telemetry_sync() request that wants the result line */
	uint64_t result_said;  /* the last one the writer took */
	int64_t last_present_ns;
	struct telemetry_info info;
	struct telemetry_frame *ring; /* RING rows, allocated once */
	/* the writer thread's own */
	pthread_t thread;
	void (*log)(const char *line);
	void (*result)(const char *line);
	struct telemetry_frame *rows;
	char *out;
	struct pacer_hist *hist;
	uint32_t *self_hist;
	uint64_t self_samples;
	int fd;
	char path[PATH_MAX];
};

/*
 * fork() while producers stamp: the child has only the forking thread, so each writer's lock is
 * taken around fork (else a stamp that held it would leave it held in the child for ever), and
 * in the child every writer becomes inert: rows are dropped (the parent's writer thread does not
 * exist there) and telemetry_stop() frees without joining. The module's only global state.
 */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct telemetry *live_writers; /* protected by live_lock */
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void before_fork(void)
{
	pthread_mutex_lock(&live_lock);
	for (struct telemetry *t = live_writers; t; t = t->next)
		pthread_mutex_lock(&t->lock);
}

static void after_fork_parent(void)
{
	for (struct telemetry *t = live_writers; t; t = t->next)
		pthread_mutex_unlock(&t->lock);
	pthread_mutex_unlock(&live_lock);
}

static void after_fork_child(void)
{
	for (struct telemetry *t = live_writers; t; t = t->next) {
		t->is_running = false;
		t->is_forked_copy = true;
		pthread_mutex_unlock(&t->lock);
	}
	pthread_mutex_unlock(&live_lock);
}

static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

void telemetry_fork_handlers(void)
{
	pthread_once(&fork_once, register_fork_handlers);
}

static void set_live(struct telemetry *t, bool is_live)
{
	struct telemetry **pp;

	pthread_mutex_lock(&live_lock);
	for (pp = &live_writers; *pp && *pp != t; pp = &(*pp)->next)
		;
	if (is_live && !*pp) {
		t->next = live_writers;
		live_writers = t;
	} else if (!is_live && *pp) {
		*pp = t->next;
	}
	pthread_mutex_unlock(&live_lock);
}

bool telemetry_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

void telemetry_touch_pages(void *p, size_t len)
{
	volatile char *c = p;

	for (size_t i = 0; i < len; i += 4096)
		c[i] = 0;
	if (len)
		c[len - 1] = 0;
}

static void say(struct telemetry *t, uint32_t kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Logs one line per kind of problem; the lock is not held. */
static void say(struct telemetry *t, uint32_t kind, const char *fmt, ...)
{
	char line[PATH_MAX + 160];
	bool is_first;
	va_list ap;

	pthread_mutex_lock(&t->lock);
	is_first = !(t->logged & kind);
	t->logged |= kind;
	pthread_mutex_unlock(&t->lock);
	if (!is_first || !t->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->log(line);
}

bool telemetry_needs_info(const struct telemetry *t)
{
	return t && !__atomic_load_n(&t->is_head_taken, __ATOMIC_RELAXED);
}

void telemetry_stamp(struct telemetry *t, const struct telemetry_row *row,
		     const struct telemetry_info *info, int64_t self_ns)
{
	bool is_dropped = false, should_wake = false;
	struct telemetry_frame *f;

	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	if (!t->is_running)
		goto out;
	if (info && !t->is_head_taken)
		t->info = *info;
	if (t->head - t->tail >= RING) {
		is_dropped = true;
		goto out;
	}
	f = &t->ring[t->head % RING];
	f->row = *row;
	f->row.frame = (int64_t)t->head;
	f->row.interval_ns = t->head && t->last_present_ns ? row->present_ns - t->last_present_ns : 0;
	f->self_ns = self_ns;
	t->last_present_ns = row->present_ns;
	t->head++;
	should_wake = t->head - t->tail == RING / 4;
out:
	pthread_mutex_unlock(&t->lock);
	if (should_wake)
		pthread_cond_signal(&t->wake);
	if (is_dropped)
		say(t, LOG_DROP, "telemetry: writer fell behind, rows dropped");
}

void telemetry_summary(struct telemetry *t)
{
	bool is_running;

	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->summary_asked++;
	is_running = t->is_running;
	pthread_mutex_unlock(&t->lock);
	if (is_running)
		pthread_cond_signal(&t->wake);
}

void telemetry_sync(struct telemetry *t)
{
	struct timespec ts;
	uint64_t want;

	if (!t)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5; /* a regular file on a sick disk must not hold the game for ever */
	pthread_mutex_lock(&t->lock);
	if (!t->is_running) { /* a fork()ed child's copy: its condition variables are not used */
		pthread_mutex_unlock(&t->lock);
		return;
	}
	want = ++t->summary_asked;
	t->result_asked = want; /* the end of a run: its result line too */
	pthread_cond_signal(&t->wake);
	while (t->is_running && t->summary_done < want)
		if (pthread_cond_timedwait(&t->done, &t->lock, &ts) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&t->lock);
}

/* path, or with "-N" before its ".csv" (N = 2, 3 ...) for the n-th try (n >= 1). */
static bool numbered_path(char *out, size_t len, const char *path, int n)
{
	size_t stem = strlen(path);

	if (n == 0)
		return snprintf(out, len, "%s", path) < (int)len;
	if (stem > 4 && !strcmp(path + stem - 4, ".csv"))
		stem -= 4;
	return snprintf(out, len, "%.*s-%d%s", (int)stem, path, n + 1, path + stem) < (int)len;
}

/*
 * The CSV, created new: never an existing file, never through a symlink, never a FIFO. When the
 * name is taken (a second run in the same process, or a file left there), "-2", "-3" ... are
 * tried before ".csv".
 */
static bool open_csv(struct telemetry *t, const struct telemetry_info *info)
{
	char head[1024], path[PATH_MAX];
	int n, err = EEXIST;

	for (int i = 0; t->fd < 0 && err == EEXIST && i < 10000; i++) {
		if (!numbered_path(path, sizeof(path), t->path, i)) {
			err = ENAMETOOLONG;
			break;
		}
		t->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
			     0666);
		err = errno;
	}
	if (t->fd < 0) {
		say(t, LOG_FILE, "telemetry: cannot create %s: %s; telemetry off", t->path,
		    strerror(err));
		return false;
	}
	memcpy(t->path, path, sizeof(path));
	n = telemetry_format_head(head, sizeof(head), info);
	if (n < 0 || !telemetry_write_all(t->fd, head, (size_t)n)) {
		say(t, LOG_FILE, "telemetry: cannot write %s: %s; telemetry off", t->path,
		    strerror(n < 0 ? -n : errno));
		close(t->fd);
		t->fd = -1;
		return false;
	}
	return true;
}

/* The rows into the CSV and the statistics; with no file (statistics only), the latter. */
static bool write_rows(struct telemetry *t, size_t n)
{
	char *p = t->out;
	bool has_file = t->fd >= 0;

	for (size_t i = 0; i < n; i++) {
		const struct telemetry_frame *f = &t->rows[i];

		if (has_file && p - t->out > OUT_BUF - TELEMETRY_ROW_MAX) {
			if (!telemetry_write_all(t->fd, t->out, (size_t)(p - t->out)))
				return false;
			p = t->out;
		}
		if (has_file)
			p += telemetry_format_row(p, &f->row);
		pacer_hist_add(t->hist, f->row.interval_ns, f->row.late != 0);
		if (f->self_ns >= 0 && t->self_hist) {
			int64_t b = f->self_ns / TELEMETRY_SELF_BUCKET_NS;

			t->self_hist[b < TELEMETRY_SELF_BUCKETS ? b : TELEMETRY_SELF_BUCKETS - 1]++;
			t->self_samples++;
		}
	}
	return !has_file || p == t->out || telemetry_write_all(t->fd, t->out, (size_t)(p - t->out));
}

/* The 1-minute load average, as /proc/loadavg writes it ("9.10"), into out; "" when unknown.
 * The writer thread reads it, never a present. */
static void machine_load(char *out, size_t len)
{
	char buf[64];
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	size_t k = 0;

	if (fd >= 0)
		close(fd);
	out[0] = '\0';
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (k < (size_t)n && ((buf[k] >= '0' && buf[k] <= '9') || buf[k] == '.'))
		k++;
	if (k && k < len)
		snprintf(out, len, "%.*s", (int)k, buf);
}

/* The CPUs this process may run on (its affinity: a container's share), else those online. */
static int64_t machine_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : -1;
}

/* "# load_end=9.10" after the rows: the load when the run (or this part of it) ended; once
 * per batch of rows (a summary asked twice adds no second line). */
static void write_load_end(struct telemetry *t, uint64_t *rows_at_last)
{
	char load[32], line[64];
	int n;

	if (*rows_at_last == t->tail)
		return;
	*rows_at_last = t->tail;
	machine_load(load, sizeof(load));
	n = snprintf(line, sizeof(line), "# load_end=%s\n", load);
	if (load[0] && n > 0 && (size_t)n < sizeof(line) && t->fd >= 0 &&
	    !telemetry_write_all(t->fd, line, (size_t)n))
		say(t, LOG_FILE, "telemetry: cannot write %s: %s", t->path, strerror(errno));
}

static void write_summary(struct telemetry *t, const struct telemetry_info *info)
{
	char path[PATH_MAX + 8], out[1024];
	struct pacer_stats s;
	size_t n;

	pacer_hist_stats(t->hist, &s);
	n = telemetry_format_summary(out, sizeof(out), &s, info, t->self_hist, t->self_samples);
	snprintf(path, sizeof(path), "%s.summary", t->path);
	int rc = write_atomic(path, out, n);
	if (rc && rc != FS_EDIRSYNC) /* FS_EDIRSYNC: the summary is in place */
		say(t, LOG_SUMMARY, "telemetry: cannot write %s: %s", path, strerror(-rc));
}

static void say_result(struct telemetry *t, const struct telemetry_info *info)
{
	char line[PATH_MAX + 512];
	struct pacer_stats s;

	pacer_hist_stats(t->hist, &s);
	telemetry_format_result(line, sizeof(line), &s, info, t->path);
	t->result(line);
}

/* Takes the waiting rows out of the ring into t->rows; returns how many. Lock held. */
static uint64_t take_rows(struct telemetry *t)
{
	uint64_t first = t->tail, n = t->head - first;

	/* rows [first, first + n) stay put until tail moves: stamps only write at head while
	 * head - tail < RING, so the copy could run unlocked; it is short enough not to */
	for (uint64_t i = 0; i < n; i++)
		t->rows[i] = t->ring[(first + i) % RING];
	t->tail = first + n;
	return n;
}

static void wait_for_work(struct telemetry *t)
{
	while (!t->should_stop && t->head == t->tail && t->summary_asked == t->summary_done) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += FLUSH_INTERVAL_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&t->wake, &t->lock, &ts);
	}
}

static void *writer_main(void *arg)
{
	struct telemetry *t = arg;
	bool is_open = false, is_failed = false, should_stop = false;
	bool is_stats_only = !t->path[0]; /* no CSV: statistics for the result line only */
	uint64_t rows_at_load_end = 0;	  /* rows taken when the last load_end was written */

	while (!should_stop) {
		struct telemetry_info info;
		uint64_t asked, n;
		bool wants_result;

		pthread_mutex_lock(&t->lock);
		wait_for_work(t);
		n = take_rows(t);
		asked = t->summary_asked;
		wants_result = t->result_asked > t->result_said;
		t->result_said = t->result_asked;
		should_stop = t->should_stop;
		info = t->info;
		if (n && !is_open && !is_failed) /* the head is written with this info */
			__atomic_store_n(&t->is_head_taken, true, __ATOMIC_RELAXED);
		pthread_mutex_unlock(&t->lock);

		if (n && !is_open && !is_failed) {
			info.cpus = machine_cpus();
			machine_load(info.load_start, sizeof(info.load_start));
			is_open = is_stats_only || open_csv(t, &info);
			is_failed = !is_open;
		}
		if (n && is_open && !write_rows(t, n)) {
			say(t, LOG_FILE, "telemetry: cannot write %s: %s; telemetry off", t->path,
			    strerror(errno));
			close(t->fd);
			t->fd = -1;
			is_open = false;
			is_failed = true;
		}
		if (asked != t->summary_done && is_open && !is_stats_only) {
			write_load_end(t, &rows_at_load_end);
			write_summary(t, &info);
		}
		/* the end of a run (telemetry_sync) has the result said, once per request */
		if (wants_result && is_open && t->result)
			say_result(t, &info);
		pthread_mutex_lock(&t->lock);
		t->summary_done = asked;
		pthread_mutex_unlock(&t->lock);
		pthread_cond_broadcast(&t->done);
	}
	if (t->fd >= 0)
		close(t->fd);
	return NULL;
}

static void free_buffers(struct telemetry *t)
{
	free(t->ring);
	free(t->rows);
	free(t->out);
	free(t->hist);
	free(t->self_hist);
}

/* The ring, row and output buffers and the histograms (free_buffers() frees them), every page
 * resident now: RSS is flat from the first frame on, not growing with the writer's largest
 * batch or the intervals seen (tests/integration/test_layer_stress.sh). 0 or -ENOMEM. */
static int alloc_buffers(struct telemetry *t, bool is_selftime)
{
	t->ring = malloc(RING * sizeof(*t->ring));
	t->rows = malloc(RING * sizeof(*t->rows));
	t->out = malloc(OUT_BUF);
	t->hist = calloc(1, sizeof(*t->hist));
	t->self_hist = is_selftime ? calloc(TELEMETRY_SELF_BUCKETS, sizeof(*t->self_hist)) : NULL;
	if (!t->ring || !t->rows || !t->out || !t->hist || (is_selftime && !t->self_hist))
		return -ENOMEM;
	telemetry_touch_pages(t->ring, RING * sizeof(*t->ring));
	telemetry_touch_pages(t->rows, RING * sizeof(*t->rows));
	telemetry_touch_pages(t->out, OUT_BUF);
	telemetry_touch_pages(t->hist, sizeof(*t->hist));
	if (t->self_hist)
		telemetry_touch_pages(t->self_hist, TELEMETRY_SELF_BUCKETS * sizeof(*t->self_hist));
	return 0;
}

int telemetry_start(struct telemetry **tp, const struct telemetry_config *cfg)
{
	struct telemetry *t;
	int rc = -ENOMEM;

	if (*tp)
		return 0;
	t = calloc(1, sizeof(*t));
	if (!t)
		goto out;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	pthread_cond_init(&t->done, NULL);
	t->log = cfg->log;
	t->result = cfg->result;
	t->fd = -1;
	telemetry_info_init(&t->info);
	if (snprintf(t->path, sizeof(t->path), "%s", cfg->path ? cfg->path : "") >=
	    (int)sizeof(t->path)) {
		rc = -ENAMETOOLONG;
		goto out;
	}
	if (alloc_buffers(t, cfg->is_selftime))
		goto out;
	t->is_running = true;
	telemetry_fork_handlers();
	set_live(t, true);
	rc = -pthread_create(&t->thread, NULL, writer_main, t);
	if (rc) {
		set_live(t, false);
		goto out;
	}
	*tp = t;
	return 0;
out:
	if (cfg->log)
		cfg->log(rc == -ENOMEM	       ? "telemetry: out of memory; telemetry off"
			 : rc == -ENAMETOOLONG ? "telemetry: path too long; telemetry off"
					       : "telemetry: cannot start the writer thread; "
						 "telemetry off");
	if (t) {
		free_buffers(t);
		pthread_cond_destroy(&t->wake);
		pthread_cond_destroy(&t->done);
		pthread_mutex_destroy(&t->lock);
		free(t);
	}
	return rc;
}

void telemetry_stop(struct telemetry **tp)
{
	struct telemetry *t = *tp;

	if (!t)
		return;
	*tp = NULL;
	set_live(t, false);
	if (!t->is_forked_copy) {
		pthread_mutex_lock(&t->lock);
		t->should_stop = true;
		t->summary_asked++; /* the last summary, written on the way out */
		pthread_mutex_unlock(&t->lock);
		pthread_cond_signal(&t->wake);
		pthread_join(t->thread, NULL);
	} else if (t->fd >= 0) {
		close(t->fd); /* the parent's file: the child writes nothing */
	}
	free_buffers(t);
	/* a forked copy's condition variable still counts the parent's waiting writer thread:
	 * destroying it would wait for that thread for ever */
	if (!t->is_forked_copy) {
		pthread_cond_destroy(&t->wake);
		pthread_cond_destroy(&t->done);
		pthread_mutex_destroy(&t->lock);
	}
	free(t);
}

// SPDX-License-Identifier: MIT
// The in-game libraries' log: one line per message, on stderr and in MVGAL_LOG, each kind of
// problem once per library; the run's result line; and the monotonic clock their frames are
// stamped with.
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common/fs.h"
#include "ingame/ingame.h"
#include "telemetry/telemetry.h"

/* The kinds already logged. An atomic, not a lock: fork() can never find it held. */
static uint32_t logged;

int64_t ingame_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * PACER_NS_PER_S + ts.tv_nsec;
}

void ingame_log(uint32_t kind, const char *fmt, ...)
{
	char line[512];
	const char *path = getenv("MVGAL_LOG");
	va_list ap;
	int n;

	if (kind && (__atomic_fetch_or(&logged, kind, __ATOMIC_RELAXED) & kind))
		return;
	n = snprintf(line, sizeof(line), "%s: ", ingame_log_name);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	telemetry_write_all(STDERR_FILENO, line, (size_t)n);
	/* a FIFO with no reader must not hang vkCreateInstance, one with a reader gets nothing
	 * (regular files only), and no symlink is followed: fs_append()'s rules */
	if (path && *path)
		fs_append(path, line, (size_t)n);
}

/*
 * The run's result, once at the end (issue 16): to stderr when it is a terminal (a run through
 * `mvgal-launch -- CMD` in one: MVGAL_RESULT=1 gets it without telemetry), and appended to
 * MVGAL_LAUNCH_LOG, the launch.log the launcher names, so that Steam mode keeps it too. One
 * write() per line (launches may run at once).
 */
void ingame_result_line(const char *line)
{
	const char *log = getenv("MVGAL_LAUNCH_LOG");
	char out[PATH_MAX + 640], stamp[32];
	struct timespec ts;
	struct tm tm;
	int n;

	if (isatty(STDERR_FILENO))
		fprintf(stderr, "mvgal: %s\n", line);
	if (!log || log[0] != '/')
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(out, sizeof(out), "%s result %s\n", stamp, line);
	if (n < 0 || (size_t)n >= sizeof(out))
		return;
	if (fs_append(log, out, (size_t)n) < 0) /* the launcher's own append rules (common/fs.h) */
		ingame_log(INGAME_LOG_INFO, "telemetry: cannot append the result to %s", log);
}

// SPDX-License-Identifier: MIT
// `mvgal-launch report [--svg FILE] [DIR|FILE.csv ...]`: the I/O edge of report.h. Reads each
// telemetry CSV (a DIR means its newest .csv; no argument means the newest run under
// $XDG_STATE_HOME/mvgal/telemetry/), prints bad rows as `file:line: message` and keeps going,
// prints the runs' summaries side by side and writes the SVG plot (default: beside the first
// CSV, .csv replaced by .svg). Exit 0 when a report was written, 1 when no run could be read or
// the SVG could not be written, 2 for usage errors.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fs.h"
#include "launcher/commands.h"
#include "launcher/launcher.h"
#include "launcher/usage.h"
#include "report/report.h"

/* launch.log and a .summary are read whole, up to the size a KeyValues file may have. */
#define WHOLE_FILE_MAX ((size_t)1 << 30)

#define MAX_RUNS 8
#define MAX_SHOWN_DIAGS 10

static void usage(FILE *out)
{
	fputs("usage: mvgal-launch report [--svg FILE] [DIR|FILE.csv ...]\n"
	      "  Summarises telemetry runs (frames, mean, sd, p99, 1 % low) side by side and\n"
	      "  plots them to an SVG. DIR means its newest .csv; no argument means the newest\n"
	      "  run in $XDG_STATE_HOME/mvgal/telemetry/. The SVG goes beside the first CSV\n"
	      "  unless --svg.\n",
	      out);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* dir/name into out; -1 when it does not fit. */
static int join_path(char *out, size_t out_len, const char *dir, const char *name)
{
	int n = snprintf(out, out_len, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= out_len ? -1 : 0;
}

/* A user with no telemetry yet learns how to get some. */
static void say_how_to_turn_on(const char *dir)
{
	char safe[320];

	error("report: no telemetry yet in %s: turn it on for one run "
	      "with `mvgal-launch --telemetry on -- GAME`, or for a title with "
	      "`telemetry = on` under [frame] in its profile (frame.telemetry; "
	      "`mvgal-launch profile edit GAME`)",
	      text_safe(dir, safe, sizeof(safe)));
}

/* The newest *.csv in dir (by mtime, then name) into out; -1 with a message when none. */
static int newest_csv(const char *dir, char *out, size_t out_len, bool is_default)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct timespec best = { 0, 0 };
	char best_name[NAME_MAX + 1] = "", safe[320];

	if (!d && is_default && errno == ENOENT) {
		say_how_to_turn_on(dir);
		return -1;
	}
	if (!d) {
		error("report: %s: %s", text_safe(dir, safe, sizeof(safe)), strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		if (!has_suffix(e->d_name, ".csv"))
			continue;
		if (join_path(path, sizeof(path), dir, e->d_name) || stat(path, &st) ||
		    !S_ISREG(st.st_mode))
			continue;
		if (!best_name[0] || st.st_mtim.tv_sec > best.tv_sec ||
		    (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec > best.tv_nsec) ||
		    (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec == best.tv_nsec &&
		     strcmp(e->d_name, best_name) > 0)) {
			best = st.st_mtim;
			snprintf(best_name, sizeof(best_name), "%s", e->d_name);
		}
	}
	closedir(d);
	if (!best_name[0] && is_default) {
		say_how_to_turn_on(dir);
		return -1;
	}
	if (!best_name[0]) {
		error("report: no telemetry (*.csv) in %s", text_safe(dir, safe, sizeof(safe)));
		return -1;
	}
	return join_path(out, out_len, dir, best_name);
}

static int default_dir(char *out, size_t out_len)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state && state[0] == '/')
		snprintf(out, out_len, "%s/mvgal/telemetry", state);
	else if (home && home[0])
		snprintf(out, out_len, "%s/.local/state/mvgal/telemetry", home);
	else
		return -1;
	return 0;
}

/*
 * The newest run of a title is not its last launch when the title was started again without
 * telemetry: say so rather than silently showing an older run. The CSV is
 * <who>-<YYYYMMDDTHHMMSSZ>-<random>.csv (launch.c); launch.log lines start with the ISO time and name
 * appid=<who> or exe="<who>", and the launch that wrote this CSV names it as telemetry=<path>.
 */
/* The digits of s[0..n) up to the first blank or '.' (a UTC time in either spelling). */
static void time_digits(const char *s, size_t n, char out[32])
{
	size_t k = 0;

	for (size_t i = 0; i < n && s[i] != ' ' && s[i] != '.' && k < 31; i++)
		if (s[i] >= '0' && s[i] <= '9')
			out[k++] = s[i];
	out[k] = '\0';
}

static void note_if_stale(const char *csv, const char *state_dir)
{
	char log[PATH_MAX], who[NAME_MAX + 1], stamp[32], last[32] = "", a[300], b[300];
	const char *base = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
	const char *end = base + strlen(base), *dash = NULL;
	char *buf = NULL;
	size_t len;

	/* <who>-<stamp>-<8 hex digits>.csv (or without the random tag, as older versions wrote) */
	if (has_suffix(base, ".csv"))
		end -= 4;
	if (end - base > 9 && end[-9] == '-' && strspn(end - 8, "0123456789abcdef") >= 8)
		end -= 9;
	for (const char *p = base; p < end; p++)
		if (*p == '-')
			dash = p;
	if (!dash || end - dash != (ptrdiff_t)strlen("-20261124T232000Z") ||
	    join_path(log, sizeof(log), state_dir, "launch.log") ||
	    fs_read_file(log, WHOLE_FILE_MAX, &buf, &len))
		return;
	snprintf(who, sizeof(who), "%.*s", (int)(dash - base), base);
	time_digits(dash + 1, (size_t)(end - dash - 1), stamp);
	snprintf(a, sizeof(a), " appid=%s ", who);
	snprintf(b, sizeof(b), " exe=\"%s\"", who);
	for (char *line = buf, *next; *line; line = next) {
		size_t n = strcspn(line, "\n");
		char digits[32];

		next = line + n + (line[n] == '\n');
		if (!memmem(line, n, a, strlen(a)) && !memmem(line, n, b, strlen(b)))
			continue;
		time_digits(line, n, digits);
		if (memmem(line, n, csv, strlen(csv))) /* the launch that wrote this run */
			last[0] = '\0';
		else if (strcmp(digits, stamp) >= 0)
			snprintf(last, sizeof(last), "%.*s", (int)strcspn(line, " "), line);
	}
	free(buf);
	if (last[0]) {
		char safe_last[sizeof(last) * 4], safe_log[320];

		error("report: note: %s was launched again at %s without "
		      "telemetry (%s); this report shows its earlier run",
		      text_safe(who, a, sizeof(a)), text_safe(last, safe_last, sizeof(safe_last)),
		      text_safe(log, safe_log, sizeof(safe_log)));
	}
}

/* The layer's `<csv>.summary` knows the GPU too; used when the CSV has no `# gpu=` line. */
static void gpu_from_summary(const char *csv, struct report_run *run)
{
	char path[PATH_MAX], *buf = NULL, *line;
	size_t len;

	int n = snprintf(path, sizeof(path), "%s.summary", csv);

	if (n < 0 || (size_t)n >= sizeof(path) || fs_read_file(path, WHOLE_FILE_MAX, &buf, &len))
		return;
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, "gpu=", 4)) {
			snprintf(run->info.gpu, sizeof(run->info.gpu), "%.*s",
				 (int)strcspn(line + 4, "\r\n"), line + 4);
			break;
		}
	}
	free(buf);
}

#define READ_CHUNK 65536 /* the file is read in pieces: memory does not grow with it */

/*
 * Streams fd's lines into *run. A line longer than READ_CHUNK is read as its first READ_CHUNK
 * bytes (then bad, surely) and the rest skipped. Returns 0 or REPORT_ENOMEM; a read error stops
 * it with *read_err set to its errno.
 */
static int read_lines(int fd, const char *path, struct report_run *run, struct report_diag *diags,
		      size_t *n_diags, int *read_err)
{
	char *buf = malloc(READ_CHUNK);
	size_t have = 0;
	bool is_skipping = false, is_eof = false;
	int rc = 0;

	if (!buf)
		return REPORT_ENOMEM;
	while (!rc && (!is_eof || have)) {
		size_t start = 0;

		if (!is_eof && have < READ_CHUNK) {
			ssize_t got = read(fd, buf + have, READ_CHUNK - have);

			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				*read_err = errno;
				break;
			}
			is_eof = got == 0;
			have += (size_t)got;
		}
		for (;;) {
			char *nl = memchr(buf + start, '\n', have - start);
			size_t n = nl ? (size_t)(nl - buf) - start : have - start;

			if (!nl && !is_eof && have < READ_CHUNK)
				break; /* the rest of this line is still to come */
			if (!nl && !is_eof && start > 0)
				break; /* move it to the front first */
			if (!is_skipping && (n || nl))
				rc = report_parse_line(run, buf + start, n, path, diags,
						       MAX_SHOWN_DIAGS, n_diags);
			is_skipping = !nl && !is_eof; /* a line longer than the buffer */
			start += n + (nl ? 1 : 0);
			if (rc || start >= have)
				break;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	free(buf);
	return rc;
}

/* Reads one CSV into *run, printing its bad rows (escaped: the file is data); returns 0, or -1
 * after printing why not. */
static int load_run(const char *path, struct report_run *run)
{
	struct report_diag diags[MAX_SHOWN_DIAGS];
	size_t n_diags = 0;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char safe[2][320];
	int fd = fs_open_read(path), rc, read_err = 0; /* a FIFO is refused, not waited on */

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", text_safe(path, safe[0], sizeof(safe[0])),
			fs_strerror(fd));
		return -1;
	}
	snprintf(run->name, sizeof(run->name), "%.*s",
		 (int)(has_suffix(base, ".csv") ? strlen(base) - 4 : strlen(base)), base);
	rc = read_lines(fd, path, run, diags, &n_diags, &read_err);
	close(fd);
	text_safe(path, safe[0], sizeof(safe[0]));
	for (size_t i = 0; i < n_diags && i < MAX_SHOWN_DIAGS; i++)
		fprintf(stderr, "%s:%d: %s\n", safe[0], diags[i].line,
			text_safe(diags[i].msg, safe[1], sizeof(safe[1])));
	if (n_diags > MAX_SHOWN_DIAGS)
		fprintf(stderr, "%s: %zu more bad lines not shown\n", safe[0],
			n_diags - MAX_SHOWN_DIAGS);
	if (read_err) {
		fprintf(stderr, "%s: %s\n", safe[0], strerror(read_err));
		return -1;
	}
	if (!rc)
		rc = report_parse_end(run);
	if (rc) {
		fprintf(stderr, "%s: %s\n", safe[0], report_strerror(rc));
		return -1;
	}
	if (!run->info.gpu[0])
		gpu_from_summary(path, run);
	return 0;
}

static void print_table(const struct report_run *runs, const struct report_summary *sums, size_t n)
{
	char cells[MAX_RUNS][REPORT_ROWS][REPORT_CELL];
	int width[MAX_RUNS];

	for (size_t i = 0; i < n; i++) {
		report_cells(&runs[i], &sums[i], cells[i]);
		width[i] = 12;
		for (int r = 0; r < REPORT_ROWS; r++)
			if ((int)strlen(cells[i][r]) + 3 > width[i])
				width[i] = (int)strlen(cells[i][r]) + 3;
	}
	for (int r = 0; r < REPORT_ROWS; r++) {
		printf("%-14s", report_row_names[r]);
		for (size_t i = 0; i < n; i++)
			printf("%-*s", i + 1 < n ? width[i] : 0, cells[i][r]);
		printf("\n");
	}
}

static int svg_path_for(const char *csv, char *out, size_t out_len)
{
	size_t n = strlen(csv) - (has_suffix(csv, ".csv") ? 4 : 0);

	if (n + 5 > out_len)
		return -1;
	snprintf(out, out_len, "%.*s.svg", (int)n, csv);
	return 0;
}

static int write_svg(const char *path, const struct report_run *runs,
		     const struct report_summary *sums, size_t n)
{
	char *svg = NULL;
	size_t len = 0;
	int rc = report_svg(runs, sums, n, &svg, &len);

	if (rc) {
		error("report: %s", report_strerror(rc));
		return -1;
	}
	char safe[PATH_MAX];

	rc = write_atomic(path, svg, len);
	free(svg);
	text_safe(path, safe, sizeof(safe)); /* the CSV's name, from the game's exe name */
	if (rc) {
		fprintf(stderr, "%s: %s\n", safe, fs_strerror(rc));
		return -1;
	}
	printf("svg: %s\n", safe);
	return 0;
}

static int parse_args(int argc, char **argv, const char **svg, char paths[][PATH_MAX], size_t *n_paths)
{
	*n_paths = 0;
	*svg = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(argv[i], "--svg")) {
			if (++i == argc) {
				error("report: --svg needs a file name");
				return 2;
			}
			*svg = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			char safe[128];

			error("report: unknown option '%s'", text_safe(argv[i], safe, sizeof(safe)));
			usage(stderr);
			return 2;
		} else if (*n_paths == MAX_RUNS) {
			error("report: at most %d runs at once", MAX_RUNS);
			return 2;
		} else {
			snprintf(paths[(*n_paths)++], PATH_MAX, "%s", argv[i]);
		}
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_run runs[MAX_RUNS];
	struct report_summary sums[MAX_RUNS];
	char paths[MAX_RUNS][PATH_MAX], svg_buf[PATH_MAX], newest[PATH_MAX], state[PATH_MAX];
	const char *svg;
	size_t n_paths, n = 0;
	struct stat st;
	int rc = parse_args(argc, argv, &svg, paths, &n_paths);
	bool is_default = n_paths == 0, has_state = !default_dir(state, sizeof(state));

	if (rc)
		return rc == 1 ? 0 : rc;
	if (n_paths == 0) {
		if (!has_state) {
			error("report: neither XDG_STATE_HOME nor HOME set");
			return 1;
		}
		memcpy(paths[0], state, sizeof(state));
		n_paths = 1;
	}
	if (has_state) /* launch.log is beside the telemetry folder */
		*strrchr(state, '/') = '\0';
	rc = 1;
	for (size_t i = 0; i < n_paths; i++) {
		if (is_default || (!stat(paths[i], &st) && S_ISDIR(st.st_mode))) {
			if (newest_csv(paths[i], newest, sizeof(newest), is_default))
				continue;
			memcpy(paths[i], newest, sizeof(newest));
			if (has_state)
				note_if_stale(paths[i], state);
		}
		report_run_init(&runs[n]);
		if (load_run(paths[i], &runs[n]) || report_summarize(&runs[n], &sums[n])) {
			report_run_release(&runs[n]);
			continue;
		}
		if (!svg && !svg_path_for(paths[i], svg_buf, sizeof(svg_buf)))
			svg = svg_buf;
		n++;
	}
	if (n == 0)
		goto out;
	print_table(runs, sums, n);
	if (!svg || write_svg(svg, runs, sums, n))
		goto out;
	rc = n == n_paths ? 0 : 1; /* a plot of what could be read; a missing run is a failure */
out:
	for (size_t i = 0; i < n; i++)
		report_run_release(&runs[i]);
	return rc;
}

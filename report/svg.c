// SPDX-License-Identifier: MIT
// The frame-time plot of `mvgal-launch report` as a standalone SVG (pure; see report.h): the
// runs' frame-time series overlaid, a histogram of frame times below, a legend with each run's
// plain-language verdict and its figures. Written for a gamer, not an engineer: every
// number has its unit, the axes say which way is better, targets are thin grey lines behind the
// data (a run on its target stays visible) and run colours are told apart by colour-blind eyes.
// Plain SVG 1.1 so browsers and rsvg-convert agree.
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/svg_text.h"

#define SVG_W 960
#define PLOT_X 80 /* left edge of both panels */
#define PLOT_W 840
#define SERIES_Y 70 /* top of the frame-time series panel */
#define SERIES_H 330
#define HIST_Y 490 /* top of the histogram panel */
#define HIST_H 200
#define HIST_BINS 60
#define LEGEND_Y (HIST_Y + HIST_H + 52) /* below both panels, so it hides no data */
#define LEGEND_ROW 18
#define TARGET_COLOR REPORT_TARGET_COLOR
#define STEADY_MS 1.0 /* "steady": 99 % of frames this close to the reference */

/* Okabe & Ito's colour-blind safe set; none is the target lines' grey. */
const char *const report_palette[REPORT_PALETTE_LEN] = {
	"#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
};

/* 1, 2 or 5 times a power of ten, at least x. */
static double nice_step(double x)
{
	double p = pow(10.0, floor(log10(x > 0 ? x : 1)));

	if (x <= p)
		return p;
	if (x <= 2 * p)
		return 2 * p;
	if (x <= 5 * p)
		return 5 * p;
	return 10 * p;
}

/* Upper end of the frame-time axis: room for each run's p99 and target, on a whole tick. */
static double frame_axis_max(const struct report_run *runs, const struct report_summary *sums,
			     size_t n_runs, double *step)
{
	double m = 1.0;

	for (size_t i = 0; i < n_runs; i++) {
		m = fmax(m, sums[i].p99_ms * 1.25);
		if (runs[i].info.target_ns > 0)
			m = fmax(m, (double)runs[i].info.target_ns / 1e6 * 1.25);
	}
	*step = nice_step(m / 6);
	return ceil(m / *step) * *step;
}

static void axes(struct report_svg_buf *sb, int y0, int h, double xmax, double xstep, double ymax,
		 double ystep, const char *xtitle, const char *ytitle)
{
	report_svg_printf(sb, "<g class=\"axes\" font-size=\"12\" fill=\"#333\">\n");
	for (double y = 0; y <= ymax + ystep / 2; y += ystep) {
		double py = y0 + h - y / ymax * h;

		report_svg_printf(
			sb,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			PLOT_X, py, PLOT_X + PLOT_W, py, PLOT_X - 6, py + 4, y);
	}
	for (double x = 0; x <= xmax + xstep / 2; x += xstep) {
		double px = PLOT_X + x / xmax * PLOT_W;

		report_svg_printf(
			sb,
			"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>\n",
			px, y0 + h, px, y0 + h + 5, px, y0 + h + 19, x);
	}
	report_svg_printf(sb,
			  "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
			  "stroke=\"#333\"/>\n",
			  PLOT_X, y0, PLOT_W, h);
	report_svg_printf(
		sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s</text>\n",
		PLOT_X + PLOT_W / 2, y0 + h + 38, xtitle);
	report_svg_printf(sb,
			  "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\" "
			  "font-size=\"13\">%s</text>\n</g>\n",
			  PLOT_X - 52, y0 + h / 2, ytitle);
}

/* Each distinct target once, thin, grey and dashed; drawn before the runs so that a run sitting
 * on its target stays on top and visible. */
static void target_lines(struct report_svg_buf *sb, const struct report_run *runs, size_t n_runs,
			 double ymax, bool is_vertical)
{
	for (size_t i = 0; i < n_runs; i++) {
		double ms = (double)runs[i].info.target_ns / 1e6;
		bool is_repeat = false;

		for (size_t j = 0; j < i; j++)
			is_repeat |= runs[j].info.target_ns == runs[i].info.target_ns;
		if (runs[i].info.target_ns <= 0 || ms > ymax || is_repeat)
			continue;
		if (is_vertical) {
			double px = PLOT_X + ms / ymax * PLOT_W;

			report_svg_printf(
				sb,
				"<line class=\"target\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
				"y2=\"%d\" stroke=\"" TARGET_COLOR "\" stroke-width=\"1\" "
				"stroke-dasharray=\"5 4\"/>\n",
				px, HIST_Y, px, HIST_Y + HIST_H);
		} else {
			double py = SERIES_Y + SERIES_H - ms / ymax * SERIES_H;

			report_svg_printf(
				sb,
				"<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
				"y2=\"%.1f\" stroke=\"" TARGET_COLOR "\" stroke-width=\"1\" "
				"stroke-dasharray=\"5 4\"/>\n"
				"<text x=\"%d\" y=\"%.1f\" font-size=\"12\" fill=\"#555\" "
				"text-anchor=\"end\">target %.2f ms (%.0f fps)</text>\n",
				PLOT_X, py, PLOT_X + PLOT_W, py, PLOT_X + PLOT_W - 4, py - 5, ms,
				1000.0 / ms);
		}
	}
}

/* One run's frame times as a polyline; with more frames than pixels, each pixel column shows
 * the slowest frame that falls in it, so spikes stay visible. */
static void series(struct report_svg_buf *sb, const struct report_run *run, const char *color,
		   double xmax, double ymax)
{
	double col_max = -1;
	int col = -1;

	report_svg_printf(sb,
			  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" "
			  "stroke-linejoin=\"round\" points=\"",
			  color);
	for (size_t k = 0; k < run->n_frames; k++) {
		double ms = (double)run->interval_ns[k] / 1e6;
		double px = PLOT_X + (double)k / xmax * PLOT_W;

		if (run->interval_ns[k] <= 0)
			continue;
		ms = fmin(ms, ymax); /* slower frames are drawn on the top edge */
		if (run->n_frames > 2 * PLOT_W) {
			if ((int)px == col) {
				col_max = fmax(col_max, ms);
				continue;
			}
			if (col >= 0)
				report_svg_printf(sb, "%d,%.1f ", col,
						  SERIES_Y + SERIES_H - col_max / ymax * SERIES_H);
			col = (int)px;
			col_max = ms;
			continue;
		}
		report_svg_printf(sb, "%.1f,%.1f ", px, SERIES_Y + SERIES_H - ms / ymax * SERIES_H);
	}
	if (col >= 0)
		report_svg_printf(sb, "%d,%.1f ", col,
				  SERIES_Y + SERIES_H - col_max / ymax * SERIES_H);
	report_svg_printf(sb, "\"/>\n");
}

/* Share of each run's frames per bin of width fmax/HIST_BINS; the last bin takes the rest. */
static void histogram_counts(const struct report_run *run, double fmax_ms, double *share)
{
	size_t total = 0;

	memset(share, 0, HIST_BINS * sizeof(*share));
	for (size_t k = 0; k < run->n_frames; k++) {
		double bin = (double)run->interval_ns[k] / 1e6 / fmax_ms * HIST_BINS;

		if (run->interval_ns[k] <= 0)
			continue;
		share[bin < HIST_BINS ? (int)bin : HIST_BINS - 1] += 1; /* compare before the cast */
		total++;
	}
	for (int b = 0; b < HIST_BINS && total; b++)
		share[b] = share[b] * 100.0 / (double)total;
}

static void histogram(struct report_svg_buf *sb, const struct report_run *runs, size_t n_runs,
		      double fmax_ms, double fstep)
{
	double(*shares)[HIST_BINS] = calloc(n_runs ? n_runs : 1, sizeof(*shares));
	double hmax = 1, hstep;

	if (!shares) {
		sb->has_failed = true;
		return;
	}
	for (size_t i = 0; i < n_runs; i++) {
		histogram_counts(&runs[i], fmax_ms, shares[i]);
		for (int b = 0; b < HIST_BINS; b++)
			hmax = fmax(hmax, shares[i][b]);
	}
	hstep = nice_step(hmax / 4);
	hmax = ceil(hmax / hstep) * hstep;
	axes(sb, HIST_Y, HIST_H, fmax_ms, fstep, hmax, hstep,
	     "frame time (ms): one narrow peak is steady, a wide spread stutters",
	     "share of frames (%)");
	target_lines(sb, runs, n_runs, fmax_ms, true);
	for (size_t i = 0; i < n_runs; i++) {
		const char *color = report_palette[i % REPORT_PALETTE_LEN];

		report_svg_printf(sb,
				  "<path fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\" "
				  "stroke-width=\"1.2\" d=\"M%d,%d",
				  color, color, PLOT_X, HIST_Y + HIST_H);
		for (int b = 0; b < HIST_BINS; b++) {
			double py = HIST_Y + HIST_H - shares[i][b] / hmax * HIST_H;

			report_svg_printf(sb, " V%.1f H%.1f", py,
					  PLOT_X + (double)(b + 1) / HIST_BINS * PLOT_W);
		}
		report_svg_printf(sb, " V%d Z\"/>\n", HIST_Y + HIST_H);
	}
	free(shares);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Rounded up to 0.1 ms, so that "within 0.1 ms" is never a promise the data breaks. */
static double ceil_tenth(double ms)
{
	return fmax(0.1, ceil(ms * 10 - 1e-9) / 10);
}

/*
 * One plain-language line for a run: how close its frames stay to the target (paced) or to
 * their own mean (unpaced). d90/d99: the 90th/99th percentile (nearest rank) of the distance
 * of a frame time from that reference.
 */
static void verdict(struct report_svg_buf *sb, const struct report_run *run,
		    const struct report_summary *s)
{
	double *dev = s->samples ? malloc(s->samples * sizeof(*dev)) : NULL;
	double ref = run->info.target_ns > 0 ? (double)run->info.target_ns / 1e6 : s->mean_ms;
	double d90, d99;
	char what[64];
	size_t n = 0, n_hitches = 0;

	if (!dev) {
		sb->has_failed = s->samples > 0;
		report_svg_printf(sb, "no frame times");
		return;
	}
	for (size_t k = 0; k < run->n_frames && n < s->samples; k++) {
		double ms = (double)run->interval_ns[k] / 1e6;

		if (run->interval_ns[k] <= 0)
			continue;
		dev[n++] = fabs(ms - ref);
		n_hitches += ms > 2 * ref;
	}
	if (n == 0) {
		free(dev);
		report_svg_printf(sb, "no frame times");
		return;
	}
	qsort(dev, n, sizeof(*dev), cmp_double);
	d90 = ceil_tenth(dev[(size_t)ceil(0.90 * (double)n) - 1]);
	d99 = ceil_tenth(dev[(size_t)ceil(0.99 * (double)n) - 1]);
	free(dev);
	if (run->info.target_ns > 0)
		snprintf(what, sizeof(what), "the %.2f ms target", ref);
	else
		snprintf(what, sizeof(what), "the %.2f ms mean (unpaced)", ref);
	if (run->info.target_ns > 0 && s->mean_ms > ref * 1.05)
		report_svg_printf(sb,
				  "too slow for its target: frames take %.2f ms on average, "
				  "not %.2f ms",
				  s->mean_ms, ref);
	else if (d99 <= STEADY_MS)
		report_svg_printf(sb, "steady: 99 %% of frames within %.1f ms of %s", d99, what);
	else if (d90 <= STEADY_MS)
		report_svg_printf(
			sb,
			"mostly steady: 90 %% of frames within %.1f ms of %s, 99 %% within "
			"%.1f ms",
			d90, what, d99);
	else
		report_svg_printf(sb, "uneven: 99 %% of frames only within %.1f ms of %s", d99, what);
	if (n_hitches)
		report_svg_printf(sb, "; %zu hitch%s over %.1f ms, slowest %.1f ms", n_hitches,
				  n_hitches == 1 ? "" : "es", 2 * ref, s->max_ms);
	/* a run that is not steady on a busy machine says so: the game did not get the CPU */
	double load;
	if ((d99 > STEADY_MS || (run->info.target_ns > 0 && s->mean_ms > ref * 1.05)) &&
	    report_is_busy(run, &load))
		report_svg_printf(sb, "; the machine was busy: load %.1f on %lld CPU%s", load,
				  (long long)run->info.cpus, run->info.cpus == 1 ? "" : "s");
}

/* Both a paced and an unpaced run are shown. */
static bool is_mixed(const struct report_run *runs, size_t n_runs)
{
	bool has_paced = false, has_unpaced = false;

	for (size_t i = 0; i < n_runs; i++) {
		has_paced |= runs[i].info.target_ns > 0;
		has_unpaced |= runs[i].info.target_ns <= 0;
	}
	return has_paced && has_unpaced;
}

/* Why an unpaced run's "1 % low" can beat a paced one's: said only where both are shown. */
static void note_1low(struct report_svg_buf *sb, const struct report_run *runs, size_t n_runs, int y)
{
	if (!is_mixed(runs, n_runs))
		return;
	report_svg_printf(
		sb,
		"<text class=\"note\" x=\"%d\" y=\"%d\" fill=\"#555\">Why an unpaced "
		"run's \"1%% low\" can look better: it is the frame rate of the slowest 1 %% "
		"of frames, and a game</text>\n<text class=\"note\" x=\"%d\" y=\"%d\" "
		"fill=\"#555\">that is not paced renders as fast as it can, so even its slow "
		"frames come often. Smooth is flat: compare sd and the verdicts.</text>\n",
		PLOT_X, y + LEGEND_ROW, PLOT_X, y + 2 * LEGEND_ROW);
}

/* Legend lines are wrapped to this width: from the text's left edge (PLOT_X + 36) to 10 px
 * before the image's right edge. */
#define LEGEND_TEXT_W (SVG_W - PLOT_X - 36 - 10)

/*
 * A run's name (bold) and verdict as lines at most LEGEND_TEXT_W wide, the first at
 * baseline y; each line's part of the verdict in a tspan of class "verdict". Returns the number
 * of lines (0 when out of memory).
 */
static int name_and_verdict(struct report_svg_buf *sb, const struct report_run *run,
			    const struct report_summary *s, int x, int y)
{
	struct report_svg_buf v = { 0 };
	size_t name_len = strlen(run->name), len, at = 0;
	int lines = 0;

	report_svg_printf(&v, "%s: ", run->name);
	verdict(&v, run, s);
	if (v.has_failed) {
		sb->has_failed = true;
		free(v.p);
		return 0;
	}
	len = v.len;
	while (at < len) {
		size_t end = report_svg_wrap_end(v.p, len, at, name_len, LEGEND_TEXT_W);

		report_svg_printf(sb, "<text x=\"%d\" y=\"%d\">", x, y + lines * LEGEND_ROW);
		report_svg_span(sb, "<tspan font-weight=\"bold\">", v.p, at,
				end < name_len ? end : name_len);
		report_svg_span(sb, NULL, v.p, at > name_len ? at : name_len,
				end < name_len + 2 ? end : name_len + 2);
		report_svg_span(sb, "<tspan class=\"verdict\">", v.p,
				at > name_len + 2 ? at : name_len + 2, end);
		report_svg_printf(sb, "</text>\n");
		lines++;
		at = end;
		while (at < len && v.p[at] == ' ')
			at++;
	}
	free(v.p);
	return lines;
}

/* Per run: its name and verdict (wrapped), then its figures with their units. Returns the
 * legend's rows. */
static int legend(struct report_svg_buf *sb, const struct report_run *runs,
		  const struct report_summary *sums, size_t n_runs)
{
	struct report_svg_buf rows = { 0 };
	int y = LEGEND_Y, n_rows = 0;

	for (size_t i = 0; i < n_runs; i++) {
		const struct report_summary *s = &sums[i];
		int lines;

		y += LEGEND_ROW;
		report_svg_printf(&rows,
				  "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>",
				  PLOT_X + 16, y - 6, report_palette[i % REPORT_PALETTE_LEN]);
		lines = name_and_verdict(&rows, &runs[i], s, PLOT_X + 36, y - 1);
		y += LEGEND_ROW * lines;
		report_svg_printf(
			&rows,
			"<text x=\"%d\" y=\"%d\" fill=\"#333\">%zu frames, "
			"mean %.2f ms, sd %.2f ms, p99 %.2f ms, 1%% low %.1f fps</text>\n",
			PLOT_X + 36, y - 1, s->frames, s->mean_ms, s->sd_ms, s->p99_ms, s->low1_fps);
		n_rows += 1 + lines;
	}
	report_svg_printf(sb,
			  "<g class=\"legend\" font-size=\"12\">\n"
			  "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
			  "stroke=\"#999\"/>\n",
			  PLOT_X, LEGEND_Y, PLOT_W, 10 + LEGEND_ROW * n_rows);
	if (rows.has_failed)
		sb->has_failed = true;
	else if (rows.p)
		report_svg_printf(sb, "%s", rows.p);
	free(rows.p);
	note_1low(sb, runs, n_runs, y + 10);
	report_svg_printf(sb, "</g>\n");
	return n_rows;
}

static void title(struct report_svg_buf *sb, const struct report_run *runs, size_t n_runs)
{
	report_svg_printf(
		sb,
		"<text x=\"%d\" y=\"30\" font-size=\"18\" font-weight=\"bold\">"
		"Frame times</text>\n<text x=\"%d\" y=\"50\" font-size=\"12\" fill=\"#555\">",
		PLOT_X, PLOT_X);
	for (size_t i = 0; i < n_runs; i++) {
		bool is_repeat = false;

		for (size_t j = 0; j < i; j++)
			is_repeat |= !strcmp(runs[j].info.gpu, runs[i].info.gpu);
		if (is_repeat || !runs[i].info.gpu[0])
			continue;
		report_svg_printf(sb, "%s", i ? "; " : "GPU: ");
		report_svg_text(sb, runs[i].info.gpu);
	}
	report_svg_printf(sb, "</text>\n");
}

int report_svg(const struct report_run *runs, const struct report_summary *sums, size_t n_runs,
	       char **svg, size_t *len)
{
	struct report_svg_buf sb = { 0 }, leg = { 0 };
	double fstep, fmax_ms = frame_axis_max(runs, sums, n_runs, &fstep);
	double xmax = 1, xstep;
	int height = LEGEND_Y + 10 + LEGEND_ROW * legend(&leg, runs, sums, n_runs) + 20;
	bool is_clipped = false;

	for (size_t i = 0; i < n_runs; i++) {
		xmax = fmax(xmax, (double)runs[i].n_frames);
		is_clipped |= sums[i].max_ms > fmax_ms;
	}
	if (is_mixed(runs, n_runs))
		height += 2 * LEGEND_ROW + 10; /* note_1low() */
	xstep = nice_step(xmax / 8);
	xmax = ceil(xmax / xstep) * xstep;
	report_svg_printf(
		&sb,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		SVG_W, height, SVG_W, height);
	title(&sb, runs, n_runs);
	axes(&sb, SERIES_Y, SERIES_H, xmax, xstep, fmax_ms, fstep,
	     is_clipped ? "frame number (slower frames are drawn on the top edge)" : "frame number",
	     "frame time (ms): lower and flatter is better");
	target_lines(&sb, runs, n_runs, fmax_ms, false);
	for (size_t i = 0; i < n_runs; i++)
		series(&sb, &runs[i], report_palette[i % REPORT_PALETTE_LEN], xmax, fmax_ms);
	if (leg.has_failed)
		sb.has_failed = true;
	else
		report_svg_printf(&sb, "%s", leg.p);
	free(leg.p);
	histogram(&sb, runs, n_runs, fmax_ms, fstep);
	report_svg_printf(&sb, "</svg>\n");
	if (sb.has_failed) {
		free(sb.p);
		return REPORT_ENOMEM;
	}
	*svg = sb.p;
	*len = sb.len;
	return 0;
}

// SPDX-License-Identifier: MIT
// Private to report/: the text half of the SVG plot (report/svg_text.c), which report/svg.c
// draws with.
#ifndef MVGAL_REPORT_SVG_TEXT_H
#define MVGAL_REPORT_SVG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The document as it grows; has_failed once out of memory (later writes do nothing). */
struct report_svg_buf {
	char *p;
	size_t len, cap;
	bool has_failed;
};

void report_svg_printf(struct report_svg_buf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s as XML character data: markup escaped, a control byte as '?', bytes that are not UTF-8 as
 * U+FFFD. */
void report_svg_text(struct report_svg_buf *sb, const char *s);
/* s[from..to) as text, inside `open`...</tspan> when open is not NULL. */
void report_svg_span(struct report_svg_buf *sb, const char *open, const char *s, size_t from,
		     size_t to);
/* End of the line of 12 px DejaVu Sans that starts at s[at]: the last space before the line is
 * width_px wide, or a hard break (between characters) in a word longer than a line. Bytes
 * before bold_end are bold. */
size_t report_svg_wrap_end(const char *s, size_t len, size_t at, size_t bold_end, int width_px);

#endif

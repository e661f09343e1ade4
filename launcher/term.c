// SPDX-License-Identifier: MIT
// Colour, wrapping and "did you mean" for what mvgal-launch prints (see term.h).
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/words.h"
#include "launcher/term.h"

bool term_has_color(FILE *out)
{
	const char *no = getenv("NO_COLOR");

	return (!no || !no[0]) && isatty(fileno(out));
}

void term_print_colored(FILE *out, const char *sgr, const char *word)
{
	if (term_has_color(out))
		fprintf(out, "\033[%sm%s\033[0m", sgr, word);
	else
		fputs(word, out);
}

void term_print_wrapped(FILE *out, size_t first, size_t indent, const char *text)
{
	size_t col = first;
	bool is_line_start = true;

	while (*text) {
		size_t len;

		text += strspn(text, " ");
		len = strcspn(text, " ");
		if (!len)
			break;
		if (!is_line_start && col + 1 + len > TERM_COLUMNS) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			is_line_start = true;
		}
		if (!is_line_start) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)len, text);
		col += len;
		is_line_start = false;
		text += len;
	}
	fputc('\n', out);
}

const char *term_closest(const char *word, const char *const *candidates, size_t n)
{
	return words_closest(word, candidates, n);
}

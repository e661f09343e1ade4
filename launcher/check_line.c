// SPDX-License-Identifier: MIT
// `check`'s lines: ok, warn or FAIL, the what column and the text, one per line.
#include <stdarg.h>
#include <stdio.h>

#include "common/text.h"
#include "launcher/check.h"
#include "launcher/term.h"

enum check_kind { CHECK_OK, CHECK_WARN, CHECK_FAIL };

static void vline(struct check *c, enum check_kind kind, const char *what, const char *fmt, va_list ap)
{
	static const char *const label[] = { "ok  ", "warn", "FAIL" };
	static const char *const colour[] = { "32", "33", "31;1" };
	char text[2048];
	// Paths and names come from Steam's libraries: one line, no terminal escapes.
	text_vline(text, sizeof(text), fmt, ap);
	// colour on a terminal only, and never with NO_COLOR (term.h)
	term_print_colored(stdout, colour[kind], label[kind]);
	printf(" %-14s %s\n", what, text);
	c->failed += kind == CHECK_FAIL;
	c->warned += kind == CHECK_WARN;
}

void check_line(struct check *c, bool is_ok, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vline(c, is_ok ? CHECK_OK : CHECK_FAIL, what, fmt, ap);
	va_end(ap);
}

void check_warn(struct check *c, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vline(c, CHECK_WARN, what, fmt, ap);
	va_end(ap);
}

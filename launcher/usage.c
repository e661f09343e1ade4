// SPDX-License-Identifier: MIT
// The launcher's error and warning lines (see usage.h).
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "launcher/usage.h"

#define PROGRAM "mvgal-launch: "

void usage_vreport(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024], *line = buf;
	va_list aq;

	va_copy(aq, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n >= (int)sizeof(buf) && (line = malloc((size_t)n + 1)))
		vsnprintf(line, (size_t)n + 1, fmt, ap);
	else if (!line)
		line = buf; /* out of memory: the line cut at 1023 bytes */
	/* one fprintf: glibc writes it to the unbuffered stderr in one write(), so that lines of
	 * two processes on the same stderr (Steam's log) do not mix */
	fprintf(stderr, "%s%s\n", prefix, n < 0 ? "" : line);
	if (line != buf)
		free(line);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	usage_vreport(PROGRAM, fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	usage_vreport(PROGRAM "warning: ", fmt, ap);
	va_end(ap);
}

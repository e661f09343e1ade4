// SPDX-License-Identifier: MIT
// steam/'s error lines: one line each, whatever the paths in them hold.
#include <stdarg.h>
#include <stdio.h>

#include "common/text.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

int steam_diagf(struct steam_diag *d, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	text_vline(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return rc;
}

int steam_vdf_load(const char *path, struct vdf_node **root, struct steam_diag *d)
{
	struct vdf_diag diag = { .file = path };
	int rc = vdf_parse_file(path, 0, root, &diag);
	if (rc == 0)
		return 0;
	if (diag.line > 0)
		return steam_diagf(d, rc, "%s:%d:%d: %s", path, diag.line, diag.col, diag.msg);
	return steam_diagf(d, rc, "%s: %s", path, vdf_strerror(rc));
}

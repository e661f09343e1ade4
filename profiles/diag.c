// SPDX-License-Identifier: MIT
// Diagnostics and error texts of profiles/, and of whatever else reports file:line problems in
// the profile schema (compat/validate.c).
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/array.h"
#include "profiles/profiles.h"

const char *profile_strerror(int err)
{
	switch (err) {
	case PROFILE_OK:
		return "success";
	case PROFILE_ENOMEM:
		return "out of memory";
	case PROFILE_EINVAL:
		return "invalid profile";
	case PROFILE_EIO:
		return "cannot read file";
	case PROFILE_ETOOBIG:
		return "file too large";
	}
	return "unknown error";
}

void profile_diags_release(struct profile_diags *d)
{
	if (!d)
		return;
	free(d->v);
	*d = (struct profile_diags){ 0 };
}

const char *profile_diag_text(const struct profile_diag *d, char *buf, size_t size)
{
	if (d->line > 0)
		snprintf(buf, size, "%s:%d: %s", d->file, d->line, d->msg);
	else
		snprintf(buf, size, "%s: %s", d->file, d->msg);
	return buf;
}

void profile_diag_add(struct profile_diags *d, const char *file, int line, const char *fmt, ...)
{
	if (!d)
		return;
	struct profile_diag *nv = array_grow(d->v, &d->cap, d->n + 1, sizeof(*nv), 8);
	if (!nv) {
		d->is_oom = true;
		return;
	}
	d->v = nv;
	struct profile_diag *g = &d->v[d->n++];
	g->file = file ? file : "";
	g->line = line;
	g->col = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->msg, sizeof(g->msg), fmt, ap);
	va_end(ap);
}

// SPDX-License-Identifier: MIT
// The HUD's pacer line, in the same words for both drawers (issue 29): the target as the pacer
// paces to it now and where the setting came from (MVGAL_FPS_FROM, set by the launcher).
#include <stdio.h>

#include "ingame/ingame.h"

/* 1e9 / interval, rounded: no floating-point printf, whatever the game's LC_NUMERIC */
static unsigned long long per_s(int64_t interval_ns)
{
	return interval_ns > 0
		       ? (unsigned long long)((PACER_NS_PER_S + interval_ns / 2) / interval_ns)
		       : 0;
}

void ingame_hud_pacer_line(const struct ingame_settings *s, const struct pacer *p, char *out,
			   size_t size)
{
	int64_t refresh = p->refresh_ns > 0 ? p->refresh_ns : PACER_DEFAULT_REFRESH_NS;
	const char *assumed = p->is_refresh_known ? "" : " (assumed)";

	if (!s->is_pacer_on || !pacer_is_active(p))
		snprintf(out, size, "off");
	else if (p->target.divisor == 1)
		snprintf(out, size, "%llu fps = refresh of %llu Hz%s, from %s",
			 per_s(pacer_interval_ns(p)), per_s(refresh), assumed, s->fps_from);
	else if (p->target.divisor)
		snprintf(out, size, "%llu fps = refresh/%u of %llu Hz%s, from %s",
			 per_s(pacer_interval_ns(p)), p->target.divisor, per_s(refresh), assumed,
			 s->fps_from);
	else
		snprintf(out, size, "%u fps, from %s", p->target.fps, s->fps_from);
}

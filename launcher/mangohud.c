// SPDX-License-Identifier: MIT
// MangoHud next to our pacer (issue 27, item 5): its fps_limit, found the way MangoHud finds
// it, so that a launch with two frame limiters says so in one line; and the environment its
// 0.6 launcher script needs when LD_PRELOAD is already exported.
//
// MangoHud's rules (flightlessmango/MangoHud, src/overlay_params.cpp parse_overlay_config and
// src/config.cpp parseConfigFile, v0.6.8 as in Debian 12 and the 2025 tree alike):
// - MANGOHUD_CONFIG ("fps_limit=60+30,no_display": items split at , : ; and =) is read first;
//   the config files are read only without it or when it holds read_cfg, and then
//   MANGOHUD_CONFIG's items win over the file's;
// - MANGOHUD_CONFIGFILE names the one file; else the first that exists of, most specific first:
//   $XDG_CONFIG_HOME/MangoHud/wine-<exe>.conf (a Windows game, its exe without ".exe"),
//   <program's folder>/MangoHud.conf, $XDG_CONFIG_HOME/MangoHud/<program>.conf,
//   /etc/MangoHud.conf (since 0.7) and $XDG_CONFIG_HOME/MangoHud/MangoHud.conf
//   ($XDG_CONFIG_HOME defaulting to ~/.config); only that one file is read;
// - fps_limit is a list split at , : + whose first entry applies; 0 is no limit.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/text.h"
#include "launcher/launch_internal.h"
#include "launcher/usage.h"

/* The first entry of an fps_limit list ("60+30", "60,30"); 0 when none or not a number. */
static unsigned first_limit(const char *v, size_t n)
{
	char num[16];
	size_t k = 0;

	while (n && strchr(",:+ \t", *v))
		v++, n--;
	while (k < n && k + 1 < sizeof(num) && v[k] >= '0' && v[k] <= '9') {
		num[k] = v[k];
		k++;
	}
	num[k] = '\0';
	return k && (k == n || strchr(",:+ \t", v[k])) ? (unsigned)strtoul(num, NULL, 10) : 0;
}

/* MANGOHUD_CONFIG's fps_limit (*has: it names one) and read_cfg. */
static void config_env(const char *s, unsigned *fps, bool *has, bool *read_cfg)
{
	while (*s) {
		size_t k = strcspn(s, ",:;="), v = 0;
		const char *val = "1";

		if (s[k] == '=') {
			val = s + k + 1;
			v = strcspn(val, ",:;=");
		}
		if (k == 9 && !strncmp(s, "fps_limit", 9)) {
			*fps = first_limit(val, v);
			*has = true;
		} else if (k == 8 && !strncmp(s, "read_cfg", 8)) {
			*read_cfg = !(v == 1 && val[0] == '0');
		}
		s = val == s + k + 1 ? val + v : s + k;
		if (*s)
			s++;
	}
}

/* The fps_limit of a config file: *line is its line (0: the file has none). False when the
 * file cannot be read (MangoHud then tries the next one). */
static bool config_file(const char *path, unsigned *fps, int *line)
{
	FILE *f = fopen(path, "re");
	char buf[1024];
	int n = 0;

	if (!f)
		return false;
	*line = 0;
	while (fgets(buf, sizeof(buf), f)) {
		char *eq, *key = buf, *end;

		n++;
		buf[strcspn(buf, "#\n")] = '\0';
		eq = strchr(buf, '=');
		if (!eq)
			continue;
		for (end = eq; end > key && (end[-1] == ' ' || end[-1] == '\t'); end--)
			;
		while (*key == ' ' || *key == '\t')
			key++;
		if (end - key == 9 && !strncmp(key, "fps_limit", 9)) {
			*fps = first_limit(eq + 1 + strspn(eq + 1, " \t"),
					   strlen(eq + 1 + strspn(eq + 1, " \t")));
			*line = n; /* the last one wins, as in MangoHud's options map */
		}
	}
	fclose(f);
	return true;
}

/* Appends a candidate path to cands[*n] unless it does not fit. */
static void add_cand(char cands[][PATH_MAX], size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_cand(char cands[][PATH_MAX], size_t *n, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(cands[*n], PATH_MAX, fmt, ap);
	va_end(ap);
	if (len > 0 && len < PATH_MAX)
		(*n)++;
}

/* The file MangoHud reads for this game into path (its fps_limit, line); false when none. */
static bool find_file(const struct launch *l, char path[PATH_MAX], unsigned *fps, int *line)
{
	const char *file = env_get(&l->env, "MANGOHUD_CONFIGFILE");
	const char *xdg = env_get(&l->env, "XDG_CONFIG_HOME"), *home = env_get(&l->env, "HOME");
	const char *game = l->game_cmd ? l->game_cmd : "";
	char dir[PATH_MAX], cands[5][PATH_MAX], full[PATH_MAX];
	size_t n = 0, elen = strlen(l->exe);
	bool is_windows = elen > 4 && !strcasecmp(l->exe + elen - 4, ".exe");

	if (file)
		return snprintf(path, PATH_MAX, "%s", file) < PATH_MAX &&
		       config_file(path, fps, line);
	int dl = xdg && xdg[0]	   ? snprintf(dir, sizeof(dir), "%s/MangoHud", xdg)
		 : home && home[0] ? snprintf(dir, sizeof(dir), "%s/.config/MangoHud", home)
				   : -1;
	if (dl < 0 || dl >= (int)sizeof(dir))
		return false;
	if (is_windows)
		add_cand(cands, &n, "%s/wine-%.*s.conf", dir, (int)(elen - 4), l->exe);
	if (!is_windows && game[0] &&
	    (strchr(game, '/') || launch_find_program(env_get(&l->env, "PATH"), game, full))) {
		const char *p = strchr(game, '/') ? game : full;
		add_cand(cands, &n, "%.*s/MangoHud.conf", (int)(fs_path_base(p) - p - 1), p);
		add_cand(cands, &n, "%s/%s.conf", dir, fs_path_base(p));
	}
	add_cand(cands, &n, "/etc/MangoHud.conf");
	add_cand(cands, &n, "%s/MangoHud.conf", dir);
	for (size_t i = 0; i < n; i++)
		if (config_file(cands[i], fps, line))
			return snprintf(path, PATH_MAX, "%s", cands[i]) < PATH_MAX;
	return false;
}

/* MangoHud runs in the game: MANGOHUD=1 (its Vulkan layer; its script sets it too), its
 * script in the command, or its OpenGL library in LD_PRELOAD. */
static bool is_mangohud_on(const struct launch *l)
{
	const char *on = env_get(&l->env, "MANGOHUD"), *pre = env_get(&l->env, "LD_PRELOAD");

	return l->has_mangohud_script || (on && !strcmp(on, "1")) ||
	       (pre && strstr(pre, "libMangoHud"));
}

void launch_check_mangohud(struct launch *l)
{
	const char *cfg = env_get(&l->env, "MANGOHUD_CONFIG");
	const struct profile_value *v = &l->prof.values[PROFILE_KEY_FPS];
	unsigned fps = 0;
	bool has = false, read_cfg = false;
	char from[PATH_MAX + 32], path[PATH_MAX];
	int line = 0;

	// the 0.6 script appends a bare "libMangoHud.so" to LD_PRELOAD and sets LD_LIBRARY_PATH
	// in the shell; an LD_PRELOAD we exported reaches its `env` without that LD_LIBRARY_PATH,
	// and ld.so prints an ERROR there. Exported (empty: ld.so ignores an empty one), the
	// script's value reaches `env` too. The game gets the script's value either way.
	if (l->has_mangohud_script && env_get(&l->env, "LD_PRELOAD") &&
	    !env_get(&l->env, "LD_LIBRARY_PATH") && env_set(&l->env, "LD_LIBRARY_PATH", "") < 0)
		return;
	if (!l->is_layer || !l->prof.is_pacer_on || (!l->prof.fps && !l->prof.fps_divisor) ||
	    !is_mangohud_on(l))
		return;
	if (cfg)
		config_env(cfg, &fps, &has, &read_cfg);
	if (has) {
		snprintf(from, sizeof(from), "MANGOHUD_CONFIG");
	} else if ((!cfg || read_cfg) && find_file(l, path, &fps, &line) && line) {
		snprintf(from, sizeof(from), "%s:%d", path, line);
	} else {
		return;
	}
	if (!fps)
		return;
	// one line: it goes to launch.log too when nothing else was said (Steam mode)
	char line_[1024], s_from[PATH_MAX], s_text[64], s_origin[512], s_path[PATH_MAX];
	snprintf(line_, sizeof(line_),
		 "two frame limiters, MangoHud's fps_limit=%u (%s) and ours, fps = %s (%s): only "
		 "one can pace the frames; turn MangoHud's off: remove fps_limit from %s (MangoHud "
		 "keeps its overlay), or set fps = 0 to keep MangoHud's",
		 fps, text_safe(from, s_from, sizeof(s_from)),
		 text_safe(v->text ? v->text : "?", s_text, sizeof(s_text)),
		 text_safe(v->origin ? v->origin : "?", s_origin, sizeof(s_origin)),
		 has ? "MANGOHUD_CONFIG" : text_safe(path, s_path, sizeof(s_path)));
	if (!l->warning[0] && snprintf(l->warning, sizeof(l->warning), "%s", line_) < 0)
		l->warning[0] = '\0';
	error("%s", line_);
}

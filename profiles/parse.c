// SPDX-License-Identifier: MIT
// One profile source -> a validated layer, through inih.
//
// Debian's libinih is built without INI_HANDLER_LINENO, so the handler cannot see line numbers.
// We feed inih through ini_parse_stream() with our own line reader, which (a) counts lines, so
// the handler knows the line it is called for, (b) strips leading blanks, so an indented
// "key = value" is not taken as a multi-line continuation, (c) reports over-long lines, NUL
// bytes, unterminated section headers and lines without '=' (or with inih's "key: value" form)
// itself, so every syntax error of a file is listed (inih only returns the first), and hands
// inih a blank line instead.
#include <ctype.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "common/words.h"
#include "profiles/profiles_internal.h"

struct parse_state {
	const struct profile_source *src;
	struct profile_layer *layer;
	struct profile_diags *diags;
	size_t pos;
	int line;	    /* file line of the line last handed to inih */
	int is_section_bad; /* current section already reported as unknown */
	int has_section;    /* DB entry: seen its [appid] header */
	int rc;		    /* PROFILE_ENOMEM sticks */
};

__attribute__((format(printf, 2, 3))) static void err(struct parse_state *st, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	profile_diag_add(st->diags, st->src->file, st->line, "%s", msg);
	st->layer->n_errors++;
}

/* Is this section header acceptable for the source kind? Reports it if not. */
static void check_section(struct parse_state *st, const char *name)
{
	st->is_section_bad = 0;
	if (st->src->is_db_entry) {
		int is_num = *name != '\0';
		for (const char *p = name; *p; p++)
			is_num &= isdigit((unsigned char)*p) != 0;
		if (!is_num || st->has_section) {
			err(st, "[%s]: a DB entry is one [APPID] section", name);
			st->is_section_bad = 1;
		}
		st->has_section = 1;
		return;
	}
	if (!profile_section_is_known(name)) {
		static const char *const known[] = { "launch", "gpu", "frame", PROFILE_ENV_SECTION };
		const char *near = words_closest(name, known, 4);
		char hint[64] = "";
		if (near)
			snprintf(hint, sizeof(hint), "did you mean [%s]? ", near);
		err(st, "unknown section [%.40s]: %sits lines are skipped (known: launch, gpu, frame, env)",
		    name, hint);
		st->is_section_bad = 1;
	}
}

/* Classifies one stripped line; returns 0 to hand it to inih, -1 to hand a blank line. */
static int check_line(struct parse_state *st, char *s)
{
	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');
		if (!end) {
			// its lines would land in the section above ("fps = 30" as a variable
			// under [env]): skip them with it
			err(st, "unterminated section header '%.40s': its lines are skipped", s);
			st->is_section_bad = 1;
			return -1;
		}
		char name[PROFILE_MAX_LINE + 4];
		size_t n = (size_t)(end - s - 1);
		memcpy(name, s + 1, n);
		name[n] = '\0';
		check_section(st, name);
		return 0;
	}
	// inih also splits "key: value" at the ':' (no compile-time option turns that off, and
	// Debian's libinih 55 is built with the defaults); the documented syntax is "key = value",
	// so a ':' before any '=' is refused here rather than half-supported.
	const char *sep = strpbrk(s, "=:");
	if (!sep || *sep == ':') {
		err(st, "expected 'key = value', got '%s'", s);
		return -1;
	}
	return 0;
}

static char *reader(char *buf, int size, void *user)
{
	struct parse_state *st = user;
	const char *text = st->src->text;
	size_t len = st->src->len;
	if (st->pos >= len)
		return NULL;
	const char *start = text + st->pos;
	const char *nl = memchr(start, '\n', len - st->pos);
	size_t n = nl ? (size_t)(nl - start) : len - st->pos;
	st->pos += n + (nl ? 1 : 0);
	st->line = st->line ? st->line + 1 : st->src->first_line;
	if (n && start[n - 1] == '\r')
		n--;
	if (st->line == st->src->first_line && n >= 3 && !memcmp(start, "\xEF\xBB\xBF", 3)) {
		start += 3; /* UTF-8 BOM */
		n -= 3;
	}
	while (n && (*start == ' ' || *start == '\t')) {
		start++;
		n--;
	}
	buf[0] = '\0';
	if (memchr(start, '\0', n)) {
		err(st, "NUL byte in line");
		return buf;
	}
	if (n > PROFILE_MAX_LINE || n + 2 > (size_t)size) {
		err(st, "line longer than %d characters", PROFILE_MAX_LINE);
		return buf;
	}
	memcpy(buf, start, n);
	buf[n] = '\0';
	if (check_line(st, buf) < 0)
		buf[0] = '\0';
	return buf;
}

static int add_item(struct parse_state *st, enum profile_item_kind kind, enum profile_key key,
		    const char *env_name, const char *value)
{
	struct profile_layer *l = st->layer;
	for (size_t i = 0; i < l->n; i++) {
		struct profile_item *it = &l->v[i];
		if (it->kind == kind &&
		    (kind == ITEM_SETTING ? it->key == key : !strcmp(it->env_name, env_name))) {
			err(st, "%s is set twice (first on line %d)",
			    kind == ITEM_SETTING ? profile_settings[key].dotted : env_name, it->line);
			return 0;
		}
	}
	struct profile_item *nv = array_grow(l->v, &l->cap, l->n + 1, sizeof(*nv), 8);
	if (!nv)
		return PROFILE_ENOMEM;
	l->v = nv;
	struct profile_item *it = &l->v[l->n];
	*it = (struct profile_item){ .kind = kind, .key = key, .line = st->line };
	it->value = profile_strdup(value);
	it->env_name = env_name ? profile_strdup(env_name) : NULL;
	if (!it->value || (env_name && !it->env_name)) {
		free(it->value);
		free(it->env_name);
		return PROFILE_ENOMEM;
	}
	l->n++;
	return 0;
}

static int handle_env(struct parse_state *st, const char *name, char *value)
{
	char msg[160];
	const char *note;
	if (!st->src->is_db_entry && profile_env_names_setting(name, &note)) {
		char hint[128];
		profile_suggest_key(PROFILE_ENV_SECTION, name, hint, sizeof(hint));
		err(st, "'%.40s' under [%s] is not a variable%s", name, PROFILE_ENV_SECTION, hint);
		return 0;
	}
	if (profile_env_name_check(name, msg, sizeof(msg)) ||
	    profile_env_value_check(name, value, st->src->is_db_entry, msg, sizeof(msg))) {
		err(st, "%s", msg);
		return 0;
	}
	return add_item(st, ITEM_ENV, 0, name, value);
}

static int handle_setting(struct parse_state *st, const struct profile_setting *s, char *value)
{
	char msg[160];
	if (s->type != PROFILE_TYPE_ARGS)
		profile_unquote(value);
	if (profile_check_value(s->key, value, msg, sizeof(msg))) {
		err(st, "%s", msg);
		return 0;
	}
	// The layer creates or truncates the telemetry file: where it writes is the user's
	// choice, never a downloaded DB's (README "Threat model").
	if (st->src->is_db_entry && s->type == PROFILE_TYPE_TELEMETRY && value[0] == '/') {
		err(st, "%s: a DB entry may only say on or off, not where to write", s->dotted);
		return 0;
	}
	// An overlay drawn in someone's game is the user's choice, never a downloaded DB's: a DB
	// could turn the HUD on or move it over a game's own interface (issue 29).
	if (st->src->is_db_entry && s->is_not_from_db) {
		err(st, "%s: a DB entry may not set it (the HUD is yours to turn on and place)",
		    s->dotted);
		return 0;
	}
	// The game gets these words as its own arguments: from a DB only listed harmless options
	// (db_args.c), never a path, a command or a file to write (-logFile /home/u/.bashrc,
	// --gpu-launcher=..., Godot's --write-movie FILE; issue 23).
	if (st->src->is_db_entry && s->type == PROFILE_TYPE_ARGS &&
	    profile_args_db_check(value, msg, sizeof(msg))) {
		err(st, "%s", msg);
		return 0;
	}
	return add_item(st, ITEM_SETTING, s->key, NULL, value);
}

static int handle_db_key(struct parse_state *st, const char *name, char *value)
{
	if (!strcmp(name, "name") || !strcmp(name, "exe") || !strcmp(name, "reason")) {
		profile_unquote(value);
		// printed by db show/search and profile show --explain: no terminal escapes
		if (profile_text_has_control(value)) {
			err(st, "%s: control character in value", name);
			return 0;
		}
		return add_item(st, ITEM_META, 0, name, value);
	}
	if (!strncmp(name, "env.", 4)) {
		profile_unquote(value);
		return handle_env(st, name + 4, value);
	}
	const struct profile_setting *s = profile_setting_find_dotted(name);
	if (!s) {
		err(st,
		    "unknown key '%s' (DB entries use name, exe, reason, env.NAME and "
		    "dotted schema keys like frame.fps)",
		    name);
		return 0;
	}
	return handle_setting(st, s, value);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *st = user;
	if (!name || st->rc || st->is_section_bad)
		return 1;
	char *v = profile_strdup(value);
	if (!v) {
		st->rc = PROFILE_ENOMEM;
		return 1;
	}
	int rc = 0;
	if (st->src->is_db_entry) {
		if (!*section)
			err(st, "key '%s' before the entry's [APPID] header", name);
		else
			rc = handle_db_key(st, name, v);
	} else if (!*section) {
		char hint[128];
		profile_suggest_key(NULL, name, hint, sizeof(hint));
		err(st, "key '%.40s' outside a section%s", name,
		    hint[0] ? hint : " (use [launch], [gpu], [frame] or [env])");
	} else if (!strcmp(section, PROFILE_ENV_SECTION)) {
		profile_unquote(v);
		rc = handle_env(st, name, v);
	} else {
		const struct profile_setting *s = profile_setting_find(section, name);
		if (s)
			rc = handle_setting(st, s, v);
		else {
			char hint[128];
			profile_suggest_key(section, name, hint, sizeof(hint));
			err(st, "unknown key '%.40s' in [%s]%s", name, section, hint);
		}
	}
	free(v);
	if (rc)
		st->rc = rc;
	return 1;
}

void profile_layer_release(struct profile_layer *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].value);
		free(l->v[i].env_name);
	}
	free(l->v);
	*l = (struct profile_layer){ 0 };
}

int profile_layer_parse(const struct profile_source *src, struct profile_layer *l,
			struct profile_diags *diags)
{
	*l = (struct profile_layer){ 0 };
	if (!src->text)
		return 0;
	if (src->first_line < 1) {
		struct profile_source copy = *src;
		copy.first_line = 1;
		return profile_layer_parse(&copy, l, diags);
	}
	struct parse_state st = { .src = src, .layer = l, .diags = diags };
	size_t before = l->n_errors;
	int first = ini_parse_stream(reader, &st, handler, &st);
	/* Our reader already reported what inih objects to; keep inih's verdict as a backstop. */
	if (first > 0 && l->n_errors == before) {
		st.line = src->first_line + first - 1;
		err(&st, "syntax error");
	} else if (first < 0 && !st.rc) {
		st.rc = PROFILE_ENOMEM;
	}
	if (st.rc)
		profile_layer_release(l);
	return st.rc;
}

int profile_check_source(const struct profile_source *src, struct profile_diags *diags)
{
	struct profile_layer l;
	int rc = profile_layer_parse(src, &l, diags);
	if (!rc && l.n_errors)
		rc = PROFILE_EINVAL;
	profile_layer_release(&l);
	return rc;
}

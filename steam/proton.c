// SPDX-License-Identifier: MIT
// Proton builds and the runtimes they ask for. A Proton is a folder with a `proton` entry
// point and a toolmanifest.vdf: Valve's live in <library>/steamapps/common/Proton*, third-party
// ones (GE-Proton) in a compatibilitytools.d folder with a compatibilitytool.vdf.
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/array.h"
#include "common/fs.h"
#include "steam/steam.h"
#include "vdf/vdf.h"

static void parse_version(struct steam_proton *p)
{
	p->n_ver = 0;
	for (const char *s = p->name; *s && p->n_ver < 4;) {
		if (!isdigit((unsigned char)*s)) {
			s++;
			continue;
		}
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		p->ver[p->n_ver++] = v > 1000000 ? 1000000 : (unsigned)v;
		s = end;
	}
}

// Proton's `version` file starts with the build's Unix time: the best "newest" key across
// families (Experimental has no number in its name).
static void read_build_time(struct steam_proton *p)
{
	char path[PATH_MAX];
	p->build_time = 0;
	if (fs_path_join(path, p->dir, "version") < 0)
		return;
	FILE *f = fs_fopen_read(path);
	if (!f)
		return;
	if (fscanf(f, "%lld", &p->build_time) != 1)
		p->build_time = 0;
	fclose(f);
}

static int list_push(struct steam_proton_list *l, const struct steam_proton *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].dir, p->dir))
			return 0;
	struct steam_proton *v = array_grow(l->v, &l->cap, l->n + 1, sizeof(*v), 8);
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->v[l->n++] = *p;
	return 0;
}

static int skipped(struct steam_proton_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int skipped(struct steam_proton_list *l, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? -ENOMEM : strv_push_take(&l->skipped, s);
}

// Valve's builds get the internal name Steam writes for them: by the usual folder, or by the
// installdir of the app that installed them ("Proton 9.0 (Beta)" for a while).
static void valve_name(struct steam_proton *p, const char *folder)
{
	for (const struct steam_app_tool *t = steam_valve_tools(); t->internal; t++) {
		char acf[PATH_MAX], inst[256] = "";
		if (strcmp(folder, t->folder)) {
			struct strv lib = { .v = (char *[]){ p->library, NULL }, .n = 1 };
			struct steam_diag e;
			char dir[PATH_MAX];
			if (snprintf(acf, sizeof(acf), "%s/steamapps/appmanifest_%s.acf",
				     p->library, t->appid) >= (int)sizeof(acf) ||
			    !fs_is_file(acf) ||
			    steam_app_dir(&lib, t->appid, dir, inst, sizeof(inst), &e) < 0 ||
			    strcmp(fs_path_base(dir), folder))
				continue;
		}
		snprintf(p->internal, sizeof(p->internal), "%s", t->internal);
		snprintf(p->display, sizeof(p->display), "%s", t->display);
		return;
	}
}

/* Reads the build's toolmanifest and looks its runtime up; a bad manifest skips the build. */
static int add(struct steam_proton_list *l, const struct strv *libs, struct steam_proton *p)
{
	struct steam_tool_manifest tm;
	struct steam_diag e;
	struct steam_diag d;
	char real[PATH_MAX], rt[PATH_MAX];
	if (realpath(p->dir, real))
		snprintf(p->dir, sizeof(p->dir), "%s", real);
	if (steam_tool_manifest_read(p->dir, &tm, &e) < 0) {
		snprintf(
			p->broken, sizeof(p->broken),
			"%s: reinstall %s (Steam: Properties > Installed Files > Verify integrity; "
			"a tool in compatibilitytools.d: unpack it again)",
			e.msg, p->name);
		int rc = skipped(l, "%s", p->broken);
		return rc < 0 ? rc : list_push(l, p);
	}
	snprintf(p->require_appid, sizeof(p->require_appid), "%s", tm.require_appid);
	p->has_runtime =
		!tm.require_appid[0] || steam_app_dir(libs, tm.require_appid, rt, NULL, 0, &d) == 0;
	parse_version(p);
	read_build_time(p);
	return list_push(l, p);
}

static bool has_file(const char *dir, const char *name)
{
	char p[PATH_MAX];
	return fs_path_join(p, dir, name) == 0 && fs_is_file(p);
}

static int scan_library(struct steam_proton_list *l, const struct strv *libs, const char *lib)
{
	char common[PATH_MAX];
	if (fs_path_join(common, lib, "steamapps/common") < 0)
		return 0;
	DIR *d = opendir(common);
	if (!d)
		return 0;
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		struct steam_proton p = { 0 };
		if (strncmp(de->d_name, "Proton", 6) ||
		    fs_path_join(p.dir, common, de->d_name) < 0 || !fs_is_dir(p.dir))
			continue;
		if (!has_file(p.dir, "proton") || !has_file(p.dir, "toolmanifest.vdf")) {
			rc = skipped(l,
				     "%s: no %s: verify it in Steam (Properties > Installed Files "
				     "> Verify integrity)",
				     p.dir,
				     has_file(p.dir, "proton") ? "toolmanifest.vdf"
							       : "proton script");
			continue;
		}
		snprintf(p.name, sizeof(p.name), "%s", de->d_name);
		snprintf(p.library, sizeof(p.library), "%s", lib);
		valve_name(&p, de->d_name);
		rc = add(l, libs, &p);
	}
	closedir(d);
	return rc;
}

static int scan_tools(struct steam_proton_list *l, const struct strv *libs, const char *dir)
{
	struct steam_compat_tool_list tools = { 0 };
	int rc = steam_compat_tools_scan(dir, &tools);
	for (size_t i = 0; rc == 0 && i < tools.skipped.n; i++)
		rc = strv_push(&l->skipped, tools.skipped.v[i]);
	for (size_t i = 0; rc == 0 && i < tools.n; i++) {
		const struct steam_compat_tool *t = &tools.v[i];
		struct steam_proton p = { 0 };
		if (steam_tool_is_ours(t->internal))
			continue;
		if (!has_file(t->dir, "proton") || !has_file(t->dir, "toolmanifest.vdf")) {
			rc = skipped(
				l, "%s: tool \"%s\" is not a Proton (no %s)", t->dir, t->internal,
				has_file(t->dir, "proton") ? "toolmanifest.vdf" : "proton script");
			continue;
		}
		// Users write the folder name in profiles; Steam writes the internal name.
		snprintf(p.dir, sizeof(p.dir), "%s", t->dir);
		snprintf(p.name, sizeof(p.name), "%s", fs_path_base(t->dir));
		snprintf(p.internal, sizeof(p.internal), "%s", t->internal);
		snprintf(p.display, sizeof(p.display), "%s", t->display);
		rc = add(l, libs, &p);
	}
	steam_compat_tool_list_release(&tools);
	return rc;
}

int steam_proton_find(const struct strv *libs, const struct strv *tool_dirs,
		      struct steam_proton_list *out)
{
	int rc = 0;
	*out = (struct steam_proton_list){ 0 };
	for (size_t i = 0; rc == 0 && libs && i < libs->n; i++)
		rc = scan_library(out, libs, libs->v[i]);
	for (size_t i = 0; rc == 0 && tool_dirs && i < tool_dirs->n; i++)
		rc = scan_tools(out, libs, tool_dirs->v[i]);
	if (rc < 0)
		steam_proton_list_release(out);
	return rc;
}

void steam_proton_list_release(struct steam_proton_list *l)
{
	free(l->v);
	strv_release(&l->skipped);
	*l = (struct steam_proton_list){ 0 };
}

int steam_proton_newer(const struct steam_proton *a, const struct steam_proton *b)
{
	if (a->build_time && b->build_time && a->build_time != b->build_time)
		return a->build_time > b->build_time;
	for (size_t i = 0; i < a->n_ver || i < b->n_ver; i++) {
		unsigned x = i < a->n_ver ? a->ver[i] : 0, y = i < b->n_ver ? b->ver[i] : 0;
		if (x != y)
			return x > y;
	}
	if (a->build_time != b->build_time)
		return a->build_time > b->build_time;
	return strcmp(a->name, b->name) > 0;
}

/* Lower-case letters and digits only: "Proton - Experimental" ~ "proton experimental". */
static void loose(const char *s, char *out, size_t size, bool stop_at_digit)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (stop_at_digit && isdigit(c))
			break;
		if (isalnum(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

static bool names_match(const struct steam_proton *p, const char *wanted, int how)
{
	const char *names[] = { p->name, p->internal, p->display };
	for (size_t i = 0; i < 3; i++) {
		char a[256], b[256];
		if (!names[i][0])
			continue;
		if (how == 0 && !strcmp(names[i], wanted))
			return true;
		if (how == 1) {
			loose(names[i], a, sizeof(a), false);
			loose(wanted, b, sizeof(b), false);
			if (a[0] && !strcmp(a, b))
				return true;
		}
		if (how == 2) { /* family: the name up to its first digit */
			loose(names[i], a, sizeof(a), true);
			loose(wanted, b, sizeof(b), true);
			if (a[0] && !strcmp(a, b))
				return true;
		}
	}
	return false;
}

enum { ANY, WORKING, USABLE }; /* any build, a readable manifest, and its runtime installed */

static const struct steam_proton *newest(const struct steam_proton_list *l, const char *wanted,
					 int how, int level)
{
	const struct steam_proton *best = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct steam_proton *p = &l->v[i];
		if ((level >= WORKING && p->broken[0]) || (level == USABLE && !p->has_runtime) ||
		    (wanted && !names_match(p, wanted, how)))
			continue;
		if (!best || steam_proton_newer(p, best))
			best = p;
	}
	return best;
}

static const struct steam_proton *newest_usable(const struct steam_proton_list *l,
						const char *wanted, struct steam_proton_pick *pick)
{
	const struct steam_proton *p = newest(l, wanted, 2, USABLE);
	const struct steam_proton *top = newest(l, wanted, 2, WORKING);
	if (top && top != p)
		pick->passed_over = top;
	return p;
}

const struct steam_proton *steam_proton_named(const struct steam_proton_list *l, const char *name)
{
	const struct steam_proton *p = NULL;
	for (int how = 0; how < 2 && !p; how++)
		p = newest(l, name, how, ANY);
	return p;
}

void steam_proton_choose(const struct steam_proton_list *l, const char *wanted,
			 struct steam_proton_pick *pick)
{
	*pick = (struct steam_proton_pick){ 0 };
	if (!wanted || !wanted[0] || !strcasecmp(wanted, "newest")) {
		pick->p = newest_usable(l, NULL, pick);
		return;
	}
	pick->p = steam_proton_named(l, wanted);
	// A family named without a version ("GE-Proton", "Proton") asks for its newest build; a
	// name with a version is one build, and another build is never taken in its place
	// (issue 24: another build moves the prefix, saves at risk).
	if (!pick->p && !strpbrk(wanted, "0123456789")) {
		pick->is_family = true;
		pick->p = newest_usable(l, wanted, pick);
	}
}

int steam_proton_list_names(const struct steam_proton_list *l, char *out, size_t size)
{
	size_t len = 0;
	int n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && len < size; i++) {
		const struct steam_proton *p = &l->v[i];
		if (p->broken[0])
			continue;
		bool has_internal = p->internal[0] && strcmp(p->internal, p->name);
		int k = snprintf(out + len, size - len, "%s%s%s%s%s", n ? ", " : "", p->name,
				 has_internal ? " [" : "", has_internal ? p->internal : "",
				 has_internal ? "]" : "");
		len += k > 0 ? (size_t)k : 0;
		n++;
	}
	if (!n)
		snprintf(out, size, "none");
	return n;
}

void steam_proton_not_installed(const struct steam_proton_list *l, const char *name,
				const char *why, const char *where, char *out, size_t size)
{
	char have[1024], fix[256] = "";
	const struct steam_app_tool *t = NULL;
	char a[256], b[256];
	loose(name, a, sizeof(a), false);
	for (const struct steam_app_tool *v = steam_valve_tools(); !t && v->internal; v++) {
		const char *names[] = { v->internal, v->display, v->folder };
		for (size_t i = 0; !t && i < 3; i++)
			if (loose(names[i], b, sizeof(b), false), !strcmp(a, b))
				t = v;
	}
	steam_proton_list_names(l, have, sizeof(have));
	if (t)
		snprintf(fix, sizeof(fix), "install it with `steam steam://install/%s`, or ",
			 t->appid);
	snprintf(out, size,
		 "Proton \"%s\" (%s) is not installed; installed: %s; %sname an installed build %s",
		 name, why, have, fix, where);
}

void steam_proton_runtime_missing(const struct steam_proton *p, char *out, size_t size)
{
	char rt[160];
	steam_runtime_name(p->require_appid, rt, sizeof(rt));
	snprintf(out, size,
		 "%s needs %s, which is not installed: install it with `steam "
		 "steam://install/%s`",
		 p->name, rt, p->require_appid);
}

int steam_tool_manifest_read(const char *dir, struct steam_tool_manifest *m, struct steam_diag *e)
{
	char path[PATH_MAX];
	struct vdf_node *doc = NULL;
	memset(m, 0, sizeof(*m));
	if (fs_path_join(path, dir, "toolmanifest.vdf") < 0)
		return steam_diagf(e, -ENAMETOOLONG, "%s: path too long", dir);
	int rc = steam_vdf_load(path, &doc, e);
	if (rc < 0)
		return rc;
	snprintf(m->commandline, sizeof(m->commandline), "%s",
		 vdf_get_value(doc, "manifest/commandline", ""));
	snprintf(m->require_appid, sizeof(m->require_appid), "%s",
		 vdf_get_value(doc, "manifest/require_tool_appid", ""));
	vdf_free(doc);
	if (m->require_appid[0] && strspn(m->require_appid, "0123456789") != strlen(m->require_appid))
		return steam_diagf(e, -EINVAL, "%s: require_tool_appid \"%s\" is not a number",
				   path, m->require_appid);
	return 0;
}

// Steam splits a version 2 commandline on blanks and resolves the first word against the tool
// folder ("/proton %verb%" -> "<dir>/proton waitforexitandrun").
int steam_tool_commandline_push(struct strv *argv, const char *dir, const char *commandline,
				const char *verb)
{
	char word[1024];
	bool is_first = true;
	for (const char *s = commandline; *s;) {
		size_t len = strcspn(s, " \t");
		if (len == 0) {
			s++;
			continue;
		}
		if (len >= sizeof(word))
			return -E2BIG;
		memcpy(word, s, len);
		word[len] = '\0';
		s += len;
		char *out = NULL;
		char *verbp = strstr(word, "%verb%");
		int n;
		if (is_first)
			n = asprintf(&out, "%s%s%s", dir, word[0] == '/' ? "" : "/", word);
		else if (verbp)
			n = asprintf(&out, "%.*s%s%s", (int)(verbp - word), word, verb, verbp + 6);
		else
			n = asprintf(&out, "%s", word);
		if (n < 0)
			return -ENOMEM;
		int rc = strv_push_take(argv, out);
		if (rc < 0)
			return rc;
		is_first = false;
	}
	return is_first ? -EINVAL : 0;
}

// SPDX-License-Identifier: MIT
// Proton builds and the runtimes they ask for. A Proton is a folder with a `proton` entry
// point and a toolmanifest.vdf: Valve's live in <library>/steamapps/common/Proton*, third-party
// ones (GE-Proton) in a compatibilitytools.d folder with a compatibilitytool.vdf.
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "launcher/launcher.h"
#include "vdf/vdf.h"

static void parse_version(struct proton *p)
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
static void read_build_time(struct proton *p)
{
	char path[PATH_MAX];
	p->build_time = 0;
	if (path_join(path, p->dir, "version") < 0)
		return;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fscanf(f, "%lld", &p->build_time) != 1)
		p->build_time = 0;
	fclose(f);
}

static int list_push(struct proton_list *l, const struct proton *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].dir, p->dir))
			return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct proton *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *p;
	return 0;
}

static bool is_proton_dir(const char *dir)
{
	char p[PATH_MAX];
	return path_join(p, dir, "proton") == 0 && path_is_file(p) &&
	       path_join(p, dir, "toolmanifest.vdf") == 0 && path_is_file(p);
}

static int add(struct proton_list *l, const char *dir, const char *name, const char *internal,
	       const char *library)
{
	struct proton p = {0};
	char real[PATH_MAX];
	if (!is_proton_dir(dir))
		return 0;
	snprintf(p.dir, sizeof(p.dir), "%s", realpath(dir, real) ? real : dir);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.internal, sizeof(p.internal), "%s", internal ? internal : "");
	snprintf(p.library, sizeof(p.library), "%s", library ? library : "");
	parse_version(&p);
	read_build_time(&p);
	return list_push(l, &p);
}

// A tool folder entry: compatibilitytool.vdf names the tool ("compat_tools", or "compat tools"
// as older docs spell it) and its install_path relative to the entry.
static int add_tool_entry(struct proton_list *l, const char *entry, const char *dirname)
{
	char vdfp[PATH_MAX], dir[PATH_MAX];
	struct vdf_node *doc = NULL;
	struct launch_err ignored;
	if (path_join(vdfp, entry, "compatibilitytool.vdf") < 0 || !path_is_file(vdfp) ||
	    launch_vdf_load(vdfp, &doc, &ignored) < 0)
		return add(l, entry, dirname, NULL, NULL);
	const struct vdf_node *tools = vdf_get(doc, "compatibilitytools/compat_tools");
	if (!tools)
		tools = vdf_get(doc, "compatibilitytools/compat tools");
	int rc = 0;
	for (const struct vdf_node *t = tools ? tools->first : NULL; t && rc == 0; t = t->next) {
		const char *inst = vdf_get_value(t, "install_path", ".");
		const char *disp = vdf_get_value(t, "display_name", t->key);
		if (inst[0] == '/')
			snprintf(dir, sizeof(dir), "%s", inst);
		else if (snprintf(dir, sizeof(dir), "%s/%s", entry, inst) >= (int)sizeof(dir))
			continue;
		// Users write the folder name in profiles; keep it as the name, the display
		// name is matched too (see proton_choose()).
		rc = add(l, dir, dirname, t->key, NULL);
		if (rc == 0 && l->n && strcmp(disp, dirname) && !strcmp(l->v[l->n - 1].dir, dir))
			snprintf(l->v[l->n - 1].internal, sizeof(l->v[0].internal), "%s", disp);
	}
	vdf_free(doc);
	return rc;
}

static int scan(struct proton_list *l, const char *dir, bool is_library, const char *library)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		char entry[PATH_MAX];
		if (de->d_name[0] == '.' || path_join(entry, dir, de->d_name) < 0)
			continue;
		if (is_library) {
			if (!strncmp(de->d_name, "Proton", 6))
				rc = add(l, entry, de->d_name, NULL, library);
		} else {
			rc = add_tool_entry(l, entry, de->d_name);
		}
	}
	closedir(d);
	return rc;
}

int proton_find(const struct strv *libs, const struct strv *tool_dirs, struct proton_list *out)
{
	int rc = 0;
	*out = (struct proton_list){0};
	for (size_t i = 0; rc == 0 && libs && i < libs->n; i++) {
		char common[PATH_MAX];
		if (path_join(common, libs->v[i], "steamapps/common") == 0)
			rc = scan(out, common, true, libs->v[i]);
	}
	for (size_t i = 0; rc == 0 && tool_dirs && i < tool_dirs->n; i++)
		rc = scan(out, tool_dirs->v[i], false, NULL);
	if (rc < 0)
		proton_list_release(out);
	return rc;
}

void proton_list_release(struct proton_list *l)
{
	free(l->v);
	*l = (struct proton_list){0};
}

int proton_newer(const struct proton *a, const struct proton *b)
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

static bool names_match(const struct proton *p, const char *wanted, int how)
{
	const char *names[] = {p->name, p->internal};
	for (size_t i = 0; i < 2; i++) {
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

const struct proton *proton_choose(const struct proton_list *l, const char *wanted,
				   bool *is_fallback)
{
	const struct proton *best = NULL;
	*is_fallback = false;
	if (!l->n)
		return NULL;
	bool is_any = !wanted || !wanted[0] || !strcasecmp(wanted, "newest");
	for (int how = 0; !is_any && how < 3; how++) {
		for (size_t i = 0; i < l->n; i++)
			if (names_match(&l->v[i], wanted, how) &&
			    (!best || proton_newer(&l->v[i], best)))
				best = &l->v[i];
		if (best) {
			*is_fallback = how == 2;
			return best;
		}
	}
	for (size_t i = 0; i < l->n; i++)
		if (!best || proton_newer(&l->v[i], best))
			best = &l->v[i];
	*is_fallback = !is_any;
	return best;
}

int tool_manifest_read(const char *dir, struct tool_manifest *m, struct launch_err *e)
{
	char path[PATH_MAX];
	struct vdf_node *doc = NULL;
	memset(m, 0, sizeof(*m));
	if (path_join(path, dir, "toolmanifest.vdf") < 0)
		return launch_errf(e, -ENAMETOOLONG, "%s: path too long", dir);
	int rc = launch_vdf_load(path, &doc, e);
	if (rc < 0)
		return rc;
	snprintf(m->commandline, sizeof(m->commandline), "%s",
		 vdf_get_value(doc, "manifest/commandline", ""));
	snprintf(m->require_appid, sizeof(m->require_appid), "%s",
		 vdf_get_value(doc, "manifest/require_tool_appid", ""));
	vdf_free(doc);
	if (m->require_appid[0] && strspn(m->require_appid, "0123456789") !=
					   strlen(m->require_appid))
		return launch_errf(e, -EINVAL, "%s: require_tool_appid \"%s\" is not a number",
				   path, m->require_appid);
	return 0;
}

// Steam splits a version 2 commandline on blanks and resolves the first word against the tool
// folder ("/proton %verb%" -> "<dir>/proton waitforexitandrun").
int tool_commandline_push(struct strv *argv, const char *dir, const char *commandline,
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

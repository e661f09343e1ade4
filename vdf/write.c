// SPDX-License-Identifier: MIT
/*
 * vdf: text writer in Steam's layout (what Steam itself writes for config.vdf,
 * libraryfolders.vdf and appmanifest_*.acf): quoted tokens, tab indentation, two tabs between
 * key and value, braces on their own lines, LF line ends, a final newline.
 * Comments kept by the parser go on their own lines. Walks the tree with parent pointers, so
 * depth costs no stack.
 */
#include "common/array.h"
#include "vdf/vdf_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct out {
	char *buf;
	size_t len, cap;
	int oom;
};

static int reserve(struct out *o, size_t more)
{
	char *b;

	if (o->oom)
		return -1;
	if (o->cap - o->len > more)
		return 0;
	b = more < SIZE_MAX - o->len ? array_grow(o->buf, &o->cap, o->len + more + 1, 1, 4096) : NULL;
	if (!b) {
		o->oom = 1;
		return -1;
	}
	o->buf = b;
	return 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (reserve(o, n) < 0)
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_tabs(struct out *o, int n)
{
	if (reserve(o, (size_t)n) < 0)
		return;
	memset(o->buf + o->len, '\t', (size_t)n);
	o->len += (size_t)n;
}

/* A quoted token; the four escapes the parser decodes are the only ones written. */
static void put_quoted(struct out *o, const char *s)
{
	size_t n = strlen(s), i;
	char *d;

	if (reserve(o, 2 * n + 2) < 0)
		return;
	d = o->buf + o->len;
	*d++ = '"';
	for (i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '"':
		case '\\':
			*d++ = '\\';
			*d++ = c;
			break;
		case '\n':
			*d++ = '\\';
			*d++ = 'n';
			break;
		case '\t':
			*d++ = '\\';
			*d++ = 't';
			break;
		default:
			*d++ = c;
		}
	}
	*d++ = '"';
	o->len = (size_t)(d - o->buf);
}

static void put_cond(struct out *o, const char *cond)
{
	if (cond) {
		put(o, " ", 1);
		put(o, cond, strlen(cond));
	}
}

/* Comment lines, each on its own line at the given depth. */
static void put_comment(struct out *o, const char *c, int depth)
{
	while (c) {
		const char *nl = strchr(c, '\n');
		size_t n = nl ? (size_t)(nl - c) : strlen(c);
		put_tabs(o, depth);
		put(o, c, n);
		put(o, "\n", 1);
		c = nl ? nl + 1 : NULL;
	}
}

static void put_close(struct out *o, const struct vdf_node *section, int depth)
{
	put_comment(o, section->end_comment, depth + 1);
	put_tabs(o, depth);
	put(o, "}\n", 2);
}

/* NUL-terminates o's text and hands it to the caller (vdf_write()'s contract). */
static int finish(struct out *o, char **out, size_t *len)
{
	if (reserve(o, 1) < 0) {
		free(o->buf);
		return VDF_ENOMEM;
	}
	o->buf[o->len] = '\0';
	*out = o->buf;
	if (len)
		*len = o->len;
	return 0;
}

int vdf_write(const struct vdf_node *node, char **out, size_t *len)
{
	struct out o = { 0 };
	const struct vdf_node *n = node && !node->value ? node->first : NULL;
	int depth = 0;

	*out = NULL;
	if (len)
		*len = 0;
	while (n) {
		put_comment(&o, n->comment, depth);
		put_tabs(&o, depth);
		put_quoted(&o, n->key);
		if (n->value) {
			put(&o, "\t\t", 2);
			put_quoted(&o, n->value);
			put_cond(&o, n->cond);
			put(&o, "\n", 1);
		} else {
			put_cond(&o, n->cond);
			put(&o, "\n", 1);
			put_tabs(&o, depth);
			put(&o, "{\n", 2);
			if (n->first) {
				n = n->first;
				depth++;
				continue;
			}
			put_close(&o, n, depth);
		}
		while (!n->next) {
			n = n->parent;
			if (n == node)
				goto done;
			depth--;
			put_close(&o, n, depth);
		}
		n = n->next;
	}
done:
	if (node && !node->value)
		put_comment(&o, node->end_comment, 0);
	return finish(&o, out, len);
}

/* ---- vdf_write_keep(): the parsed bytes where there are any ------------------------------ */

struct style {
	const char *nl;	  /* "\n" or "\r\n": the input's first line end */
	const char *unit; /* one level of indentation: the input's, else a tab */
	size_t unit_len;
};

static const struct vdf_layout *lay_of(const struct vdf_node *n)
{
	return n ? n->layout : NULL;
}

/* The indentation on the last line of a node's lead; NULL when the lead has no line end. */
static const char *lead_indent(const struct vdf_layout *l, size_t *len)
{
	const char *p = l->lead + l->lead_len;

	while (p > l->lead && p[-1] != '\n')
		p--;
	if (p == l->lead)
		return NULL;
	*len = (size_t)(l->lead + l->lead_len - p);
	return p;
}

/* First sibling of n (before it, then after it) with a parsed layout of the same kind. */
static const struct vdf_node *styled_sibling(const struct vdf_node *n, int same_kind)
{
	const struct vdf_node *s;

	for (s = n->prev; s; s = s->prev)
		if (s->layout && (!same_kind || !s->value == !n->value))
			return s;
	for (s = n->next; s; s = s->next)
		if (s->layout && (!same_kind || !s->value == !n->value))
			return s;
	return NULL;
}

/* Writes the indentation of node n: its own, a sibling's, or its parent's plus one unit. */
static void put_indent(struct out *o, const struct vdf_node *n, const struct style *st)
{
	const struct vdf_node *s = n->layout ? n : styled_sibling(n, 0);
	const char *ind;
	size_t len;

	if (s && (ind = lead_indent(s->layout, &len))) {
		put(o, ind, len);
		return;
	}
	if (!n->parent || !n->parent->parent)
		return; /* top level: no indentation */
	put_indent(o, n->parent, st);
	put(o, st->unit, st->unit_len);
}

static void put_lead(struct out *o, const struct vdf_node *n, const struct style *st)
{
	const struct vdf_layout *l = n->layout;
	const struct vdf_node *s;

	if (l) {
		put(o, l->lead, l->lead_len);
		return;
	}
	s = styled_sibling(n, 0);
	if (s && s->layout->lead_len && !memchr(s->layout->lead, '\n', s->layout->lead_len) &&
	    s != n->parent->first) {
		put(o, s->layout->lead, s->layout->lead_len); /* one-line layout: "a { b 1 c 2 }" */
		return;
	}
	if (o->len)
		put(o, st->nl, strlen(st->nl));
	put_indent(o, n, st);
}

/*
 * For a new entry in a new section: the parsed entry of the same kind in a sibling of the
 * parent, the same key first ("name" in another CompatToolMapping entry).
 */
static const struct vdf_node *styled_cousin(const struct vdf_node *n)
{
	const struct vdf_node *p = n->parent, *any = NULL;

	for (int dir = 0; p && dir < 2; dir++)
		for (const struct vdf_node *s = dir ? p->next : p->prev; s;
		     s = dir ? s->next : s->prev)
			for (const struct vdf_node *c = s->first; s->layout && c; c = c->next) {
				if (!c->layout || !c->value != !n->value)
					continue;
				if (!strcasecmp(c->key, n->key))
					return c;
				any = any ? any : c;
			}
	return any;
}

/* Blanks between key and value (values) or key and '{' (sections) of a styled neighbour. */
static int sibling_mid(const struct vdf_node *n, const char **mid, size_t *len)
{
	const struct vdf_node *s = styled_sibling(n, 1);
	const struct vdf_layout *l;

	if (!s)
		s = styled_cousin(n);
	l = lay_of(s);
	size_t end, i;

	if (!l || s->cond)
		return 0;
	end = s->value ? l->val_off : l->head_len - 1;
	for (i = l->key_len; i < end; i++)
		if (l->head[i] != ' ' && l->head[i] != '\t')
			return 0;
	*mid = l->head + l->key_len;
	*len = end - l->key_len;
	return 1;
}

static void put_head(struct out *o, const struct vdf_node *n, const struct style *st)
{
	const struct vdf_layout *l = n->layout;
	const char *mid;
	size_t mid_len;

	if (l && (!n->value || n->value == l->value)) {
		put(o, l->head, l->head_len);
		return;
	}
	if (l) { /* an edited value: the same bytes around a new token */
		put(o, l->head, l->val_off);
		put_quoted(o, n->value);
		put(o, l->head + l->val_off + l->val_len, l->head_len - l->val_off - l->val_len);
		return;
	}
	put_quoted(o, n->key);
	if (n->value) {
		if (sibling_mid(n, &mid, &mid_len))
			put(o, mid, mid_len);
		else
			put(o, "\t\t", 2);
		put_quoted(o, n->value);
		put_cond(o, n->cond);
		return;
	}
	put_cond(o, n->cond);
	if (!n->cond && sibling_mid(n, &mid, &mid_len) && mid_len) {
		put(o, mid, mid_len);
	} else {
		put(o, st->nl, strlen(st->nl));
		put_indent(o, n, st);
	}
	put(o, "{", 1);
}

static void put_tail(struct out *o, const struct vdf_node *n, const struct style *st)
{
	if (n->layout) {
		put(o, n->layout->tail, n->layout->tail_len);
	} else if (n->parent) {
		put(o, st->nl, strlen(st->nl));
		put_indent(o, n, st);
	} else {
		put(o, st->nl, strlen(st->nl));
	}
}

/* The input's line end and indentation unit, from the first nested entry that shows them. */
static void find_style(const struct vdf_node *root, struct style *st)
{
	const struct vdf_layout *rl = root->layout;
	const struct vdf_node *n = root->first;
	const char *nl = rl ? memchr(rl->head, '\n', rl->head_len) : NULL;

	st->nl = nl && nl > rl->head && nl[-1] == '\r' ? "\r\n" : "\n";
	st->unit = "\t";
	st->unit_len = 1;
	while (n) { /* pre-order walk */
		const char *a, *b;
		size_t la, lb;
		if (n->layout && n->parent->layout && n->parent->parent &&
		    (a = lead_indent(n->layout, &la)) &&
		    (b = lead_indent(n->parent->layout, &lb)) && la > lb && !memcmp(a, b, lb)) {
			st->unit = a + lb;
			st->unit_len = la - lb;
			return;
		}
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
}

int vdf_write_keep(const struct vdf_node *node, char **out, size_t *len)
{
	struct out o = { 0 };
	struct style st;
	const struct vdf_node *root = node, *n;

	*out = NULL;
	if (len)
		*len = 0;
	while (root && root->parent)
		root = root->parent;
	n = node && !node->value ? node->first : NULL;
	if (root)
		find_style(root, &st);
	while (n) { /* pre-order walk with parent pointers, as vdf_write() */
		put_lead(&o, n, &st);
		put_head(&o, n, &st);
		if (!n->value && n->first) {
			n = n->first;
			continue;
		}
		if (!n->value) {
			put_tail(&o, n, &st);
			put(&o, "}", 1);
		}
		while (!n->next) {
			n = n->parent;
			if (n == node)
				goto done;
			put_tail(&o, n, &st);
			put(&o, "}", 1);
		}
		n = n->next;
	}
done:
	if (node && !node->value && (node->first || node->layout))
		put_tail(&o, node, &st);
	return finish(&o, out, len);
}

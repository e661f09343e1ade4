// SPDX-License-Identifier: MIT
/*
 * vdf: text writer in Steam's layout (what Steam itself writes for config.vdf,
 * libraryfolders.vdf and appmanifest_*.acf): quoted tokens, tab indentation, two tabs between
 * key and value, braces on their own lines, LF line ends, a final newline.
 * Comments kept by the parser go on their own lines. Walks the tree with parent pointers, so
 * depth costs no stack.
 */
#include "vdf/vdf_internal.h"

#include <stdlib.h>
#include <string.h>

struct out {
	char *buf;
	size_t len, cap;
	int oom;
};

static int reserve(struct out *o, size_t more)
{
	size_t cap;
	char *b;

	if (o->oom)
		return -1;
	if (o->cap - o->len > more)
		return 0;
	cap = o->cap ? o->cap : 4096;
	while (cap - o->len <= more) {
		if (cap > SIZE_MAX / 2) {
			o->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	b = realloc(o->buf, cap);
	if (!b) {
		o->oom = 1;
		return -1;
	}
	o->buf = b;
	o->cap = cap;
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

int vdf_write(const struct vdf_node *node, char **out, size_t *len)
{
	struct out o = {0};
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
	if (reserve(&o, 1) < 0) {
		free(o.buf);
		return VDF_ENOMEM;
	}
	o.buf[o.len] = '\0';
	*out = o.buf;
	if (len)
		*len = o.len;
	return 0;
}

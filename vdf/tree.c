// SPDX-License-Identifier: MIT
/* vdf: lookup by path, edits (set, add, remove) and comparison. */
#include "vdf/vdf_internal.h"

#include <string.h>

/* Steam compares keys case-insensitively in ASCII; locale must not matter. */
static int key_eq(const char *key, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char a = (unsigned char)key[i], b = (unsigned char)s[i];
		if (a == '\0')
			return 0;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a + 32);
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b + 32);
		if (a != b)
			return 0;
	}
	return key[len] == '\0';
}

static struct vdf_node *find(const struct vdf_node *section, const char *s, size_t len)
{
	struct vdf_node *c;

	if (section->value)
		return NULL;
	for (c = section->first; c; c = c->next)
		if (key_eq(c->key, s, len))
			return c;
	return NULL;
}

struct vdf_node *vdf_child(const struct vdf_node *section, const char *key)
{
	if (!section || !key)
		return NULL;
	return find(section, key, strlen(key));
}

struct vdf_node *vdf_get(const struct vdf_node *node, const char *path)
{
	const char *p = path;

	if (!node || !path)
		return NULL;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		node = find(node, p, len);
		if (!node)
			return NULL;
		p += len;
		if (*p == '/')
			p++;
	}
	return (struct vdf_node *)node;
}

const char *vdf_get_value(const struct vdf_node *node, const char *path, const char *fallback)
{
	const struct vdf_node *n = vdf_get(node, path);

	return n && n->value ? n->value : fallback;
}

size_t vdf_count(const struct vdf_node *node)
{
	const struct vdf_node *c;
	size_t n = 0;

	if (!node || node->value)
		return 0;
	for (c = node->first; c; c = c->next)
		n++;
	return n;
}

static int depth_of(const struct vdf_node *node)
{
	int d = 0;

	while (node->parent) {
		node = node->parent;
		d++;
	}
	return d;
}

/* A new section child of parent named key[0..len). */
static struct vdf_node *child_new(struct vdf_doc *doc, struct vdf_node *parent, const char *key,
				  size_t len)
{
	const char *k = vdf_strndup(doc, key, len);
	struct vdf_node *c = k ? vdf_node_new(doc, parent, k) : NULL;

	if (c)
		c->type = VDF_SECTION;
	return c;
}

/* Makes c a value holding a copy of value. */
static int value_set(struct vdf_doc *doc, struct vdf_node *c, const char *value)
{
	const char *v = vdf_strndup(doc, value, strlen(value));

	if (!v)
		return VDF_ENOMEM;
	c->value = v;
	c->type = VDF_STRING;
	return 0;
}

/*
 * Walks path below node. With doc == NULL it only checks that the edit can be done; with a
 * doc it creates what is missing. Checking first keeps a refused edit from leaving new empty
 * sections behind.
 */
static int walk(struct vdf_node *node, const char *path, const char *value, int add,
		struct vdf_doc *doc, struct vdf_node **out)
{
	int depth = depth_of(node);
	const char *p = path;

	if (node->value)
		return VDF_ENOTSECTION;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int last = !slash;
		struct vdf_node *c = NULL;

		if (len == 0)
			return VDF_EINVAL;
		if (node && !(last && add))
			c = find(node, p, len);
		if (c && !last && c->value)
			return VDF_ENOTSECTION;
		if (c && last && !value != !c->value)
			return c->value ? VDF_ENOTSECTION : VDF_EISSECTION;
		if (!c && (!last || !value) && depth + 1 > VDF_MAX_DEPTH)
			return VDF_ETOOBIG;
		if (!c && doc && !(c = child_new(doc, node, p, len)))
			return VDF_ENOMEM;
		if (last) {
			if (doc && value && value_set(doc, c, value) < 0)
				return VDF_ENOMEM;
			if (out)
				*out = c;
			return 0;
		}
		node = c; /* NULL in a dry run past the existing part: the rest is new */
		depth++;
		p = slash + 1;
	}
}

static int edit(struct vdf_node *node, const char *path, const char *value, int add,
		struct vdf_node **out)
{
	int rc;

	if (out)
		*out = NULL;
	if (!node || !path)
		return VDF_EINVAL;
	rc = walk(node, path, value, add, NULL, NULL);
	if (rc < 0)
		return rc;
	return walk(node, path, value, add, vdf_doc_of(node), out);
}

int vdf_set(struct vdf_node *node, const char *path, const char *value, struct vdf_node **out)
{
	return edit(node, path, value, 0, out);
}

int vdf_add(struct vdf_node *node, const char *path, const char *value, struct vdf_node **out)
{
	return edit(node, path, value, 1, out);
}

int vdf_remove(struct vdf_node *node, const char *path)
{
	struct vdf_node *n, *parent;

	if (!node || !path || !*path)
		return VDF_EINVAL;
	n = vdf_get(node, path);
	if (!n)
		return VDF_ENOENT;
	parent = n->parent;
	if (n->prev)
		n->prev->next = n->next;
	else
		parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		parent->last = n->prev;
	/* parent is kept so vdf_doc_of() still finds the document from a removed node */
	n->next = n->prev = NULL;
	return 0;
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int node_same(const struct vdf_node *a, const struct vdf_node *b)
{
	return str_eq(a->key, b->key) && str_eq(a->value, b->value) && str_eq(a->cond, b->cond) &&
	       str_eq(a->comment, b->comment) && str_eq(a->end_comment, b->end_comment) &&
	       !a->first == !b->first;
}

int vdf_equal(const struct vdf_node *a, const struct vdf_node *b)
{
	const struct vdf_node *ra = a;

	if (!a || !b)
		return a == b;
	/* a pre-order walk of both trees in step, without recursion */
	for (;;) {
		if (!node_same(a, b))
			return 0;
		if (a->first) {
			a = a->first;
			b = b->first;
			continue;
		}
		while (a != ra && !a->next) {
			if (b->next)
				return 0;
			a = a->parent;
			b = b->parent;
		}
		if (a == ra)
			return 1;
		if (!b->next)
			return 0;
		a = a->next;
		b = b->next;
	}
}

int vdf_set_child(struct vdf_node *section, const char *key, const char *value, struct vdf_node **out)
{
	struct vdf_doc *doc;
	struct vdf_node *c;

	if (out)
		*out = NULL;
	if (!section || !key || !*key)
		return VDF_EINVAL;
	if (section->value)
		return VDF_ENOTSECTION;
	c = find(section, key, strlen(key));
	if (c && !value != !c->value)
		return c->value ? VDF_ENOTSECTION : VDF_EISSECTION;
	if (!c && !value && depth_of(section) + 1 > VDF_MAX_DEPTH)
		return VDF_ETOOBIG;
	doc = vdf_doc_of(section);
	if (!c && !(c = child_new(doc, section, key, strlen(key))))
		return VDF_ENOMEM;
	if (value && value_set(doc, c, value) < 0)
		return VDF_ENOMEM;
	if (out)
		*out = c;
	return 0;
}

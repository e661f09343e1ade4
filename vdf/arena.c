// SPDX-License-Identifier: MIT
/* vdf: document memory (one arena per document), node creation, vdf_free, vdf_strerror. */
#include "common/fs.h"
#include "vdf/vdf_internal.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct vdf_chunk {
	struct vdf_chunk *next;
	size_t size;
	alignas(max_align_t) char data[];
};

#define CHUNK_MIN ((size_t)16 * 1024)
#define CHUNK_MAX ((size_t)4 * 1024 * 1024)
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

struct vdf_doc *vdf_doc_new(void)
{
	struct vdf_doc *doc = calloc(1, sizeof(*doc));

	if (!doc)
		return NULL;
	doc->root.key = "";
	doc->root.type = VDF_SECTION;
	return doc;
}

struct vdf_doc *vdf_doc_of(const struct vdf_node *node)
{
	while (node->parent)
		node = node->parent;
	return (struct vdf_doc *)node; /* the root is the first member of its doc */
}

static int grow(struct vdf_doc *doc, size_t need)
{
	/* Chunks double up to CHUNK_MAX so a 5 MB file costs a handful of mallocs. */
	size_t size = doc->chunks ? doc->chunks->size * 2 : CHUNK_MIN;
	struct vdf_chunk *c;

	if (size > CHUNK_MAX)
		size = CHUNK_MAX;
	if (size < need + 16)
		size = need + 16;
	if (size >= HUGE_PAGE) {
		/*
		 * Big documents: 2 MiB-aligned chunks that the kernel may back with transparent
		 * huge pages. Filling fresh memory costs one page fault per 4 KiB otherwise, which
		 * on some VMs is most of the parse time of a 5 MB config.vdf.
		 */
		void *p = NULL;
		size = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		if (posix_memalign(&p, HUGE_PAGE, size) != 0)
			return VDF_ENOMEM;
		madvise(p, size, MADV_HUGEPAGE); /* advice only: failure changes nothing */
		c = p;
		size -= sizeof(*c);
	} else {
		c = malloc(sizeof(*c) + size);
		if (!c)
			return VDF_ENOMEM;
	}
	c->size = size;
	c->next = doc->chunks;
	doc->chunks = c;
	doc->cur = c->data;
	doc->left = size;
	return 0;
}

void *vdf_alloc(struct vdf_doc *doc, size_t size, size_t align)
{
	size_t pad = (size_t)(-(uintptr_t)doc->cur) & (align - 1);
	void *p;

	if (!doc->cur || pad + size > doc->left) {
		if (size > SIZE_MAX / 2 || grow(doc, size + align) < 0)
			return NULL;
		pad = (size_t)(-(uintptr_t)doc->cur) & (align - 1);
	}
	p = doc->cur + pad;
	doc->cur += pad + size;
	doc->left -= pad + size;
	return p;
}

char *vdf_strndup(struct vdf_doc *doc, const char *s, size_t len)
{
	char *d = vdf_alloc(doc, len + 1, 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

struct vdf_node *vdf_node_new(struct vdf_doc *doc, struct vdf_node *parent, const char *key)
{
	struct vdf_node *n = vdf_alloc(doc, sizeof(*n), alignof(struct vdf_node));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->key = key;
	if (parent)
		vdf_append(parent, n);
	return n;
}

void vdf_append(struct vdf_node *parent, struct vdf_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

int vdf_new(struct vdf_node **out)
{
	struct vdf_doc *doc = vdf_doc_new();

	*out = doc ? &doc->root : NULL;
	return doc ? 0 : VDF_ENOMEM;
}

void vdf_free(struct vdf_node *root)
{
	struct vdf_doc *doc;
	struct vdf_chunk *c, *next;

	if (!root)
		return;
	doc = (struct vdf_doc *)root;
	for (c = doc->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc);
}

void vdf_diag_set(struct vdf_diag *diag, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return;
	diag->line = line;
	diag->col = col;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
}

const char *vdf_strerror(int err)
{
	switch (err) {
	case VDF_OK:
		return "success";
	case VDF_ENOMEM:
		return "out of memory";
	case VDF_ESYNTAX:
		return "malformed KeyValues";
	case VDF_ENOENT:
		return "no such key or file";
	case VDF_ENOTSECTION:
		return "path component is a value, not a section";
	case VDF_EISSECTION:
		return "key is a section, not a value";
	case VDF_EINVAL:
		return "invalid argument";
	case VDF_ETOOBIG:
		return "input too large or nested too deep";
	}
	return fs_strerror(err); /* VDF_EDIRSYNC is FS_EDIRSYNC; errno values */
}

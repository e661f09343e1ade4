// SPDX-License-Identifier: MIT
/* vdf private: the document arena shared by the parser, the editor and the writer. */
#ifndef MVGAL_VDF_INTERNAL_H
#define MVGAL_VDF_INTERNAL_H

#include "vdf/vdf.h"

#include <stdarg.h>

struct vdf_chunk;

/*
 * A document: the root node first (so a root pointer is the document pointer) and the arena
 * every node and string of the document lives in. Nothing is freed before vdf_free().
 */
struct vdf_doc {
	struct vdf_node root;
	struct vdf_chunk *chunks; /* newest first */
	char *cur;		  /* free space in the newest chunk */
	size_t left;
};

struct vdf_doc *vdf_doc_of(const struct vdf_node *node);
struct vdf_doc *vdf_doc_new(void);
void *vdf_alloc(struct vdf_doc *doc, size_t size, size_t align);
char *vdf_strndup(struct vdf_doc *doc, const char *s, size_t len);
struct vdf_node *vdf_node_new(struct vdf_doc *doc, struct vdf_node *parent, const char *key);
void vdf_append(struct vdf_node *parent, struct vdf_node *child);

__attribute__((format(printf, 4, 5))) void vdf_diag_set(struct vdf_diag *diag, int line, int col,
							const char *fmt, ...);

#endif

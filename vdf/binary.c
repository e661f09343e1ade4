// SPDX-License-Identifier: MIT
/*
 * vdf: binary KeyValues reader, the format of Steam's userdata/<id>/config/shortcuts.vdf
 * (non-Steam games). Each entry is a type byte, a NUL-terminated key and a payload; numbers
 * are little-endian. Like the text parser it walks with a parent pointer, never recursing,
 * and checks every read against the end of the buffer.
 */
#include "vdf/vdf_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
	BIN_SECTION = 0x00,
	BIN_STRING = 0x01,
	BIN_INT32 = 0x02,
	BIN_FLOAT = 0x03,
	BIN_PTR = 0x04,
	BIN_WSTRING = 0x05,
	BIN_COLOR = 0x06,
	BIN_UINT64 = 0x07,
	BIN_END = 0x08,
	BIN_INT64 = 0x0a,
	BIN_END_ALT = 0x0b, /* written by some newer Valve tools instead of 0x08 */
};

struct bin {
	const unsigned char *start, *p, *end;
	struct vdf_doc *doc;
	struct vdf_diag *diag;
};

static int bin_error(struct bin *b, const unsigned char *at, const char *msg)
{
	vdf_diag_set(b->diag, 0, (int)(at - b->start), "%s at byte %td", msg, at - b->start);
	return VDF_ESYNTAX;
}

static const char *read_cstr(struct bin *b)
{
	const unsigned char *nul = memchr(b->p, '\0', (size_t)(b->end - b->p));
	const char *s;

	if (!nul)
		return NULL;
	s = (const char *)b->p;
	b->p = nul + 1;
	return s;
}

static uint64_t read_le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Reads a fixed-size number and formats it as the node's decimal value. */
static int read_number(struct bin *b, int type, struct vdf_node *node)
{
	int size = type == BIN_UINT64 || type == BIN_INT64 ? 8 : 4;
	const unsigned char *at = b->p;
	char text[64];
	uint64_t v;

	if (b->end - b->p < size)
		return bin_error(b, at, "truncated number");
	v = read_le(b->p, size);
	b->p += size;
	if (type == BIN_FLOAT) {
		uint32_t bits = (uint32_t)v;
		float f;
		char *comma;
		memcpy(&f, &bits, sizeof(f));
		snprintf(text, sizeof(text), "%.9g", (double)f);
		/* printf follows LC_NUMERIC; KeyValues always uses '.' */
		if ((comma = strchr(text, ',')))
			*comma = '.';
		node->type = VDF_FLOAT;
	} else if (type == BIN_UINT64) {
		snprintf(text, sizeof(text), "%" PRIu64, v);
		node->type = VDF_UINT64;
	} else if (type == BIN_INT64) {
		snprintf(text, sizeof(text), "%" PRId64, (int64_t)v);
		node->type = VDF_INT64;
	} else {
		snprintf(text, sizeof(text), "%" PRId32, (int32_t)(uint32_t)v);
		node->type = VDF_INT32;
	}
	node->value = vdf_strndup(b->doc, text, strlen(text));
	return node->value ? 0 : VDF_ENOMEM;
}

static int read_entry(struct bin *b, int type, const unsigned char *at, struct vdf_node **cur,
		      int *depth)
{
	const char *key, *s;
	struct vdf_node *node;

	if (type == BIN_WSTRING)
		return bin_error(b, at, "unsupported type 0x05 (wide string)");
	if (type > BIN_INT64 || type == 0x09)
		return bin_error(b, at, "unknown type byte");
	if (type == BIN_SECTION && *depth >= VDF_MAX_DEPTH)
		return bin_error(b, at, "nesting deeper than 256");
	if (!(key = read_cstr(b)))
		return bin_error(b, at + 1, "unterminated key");
	key = vdf_strndup(b->doc, key, strlen(key));
	if (!key || !(node = vdf_node_new(b->doc, *cur, key)))
		return VDF_ENOMEM;
	switch (type) {
	case BIN_SECTION:
		node->type = VDF_SECTION;
		*cur = node;
		(*depth)++;
		return 0;
	case BIN_STRING:
		at = b->p;
		if (!(s = read_cstr(b)))
			return bin_error(b, at, "unterminated string");
		node->type = VDF_STRING;
		node->value = vdf_strndup(b->doc, s, strlen(s));
		return node->value ? 0 : VDF_ENOMEM;
	default:
		return read_number(b, type, node);
	}
}

static int parse_bin(struct bin *b, struct vdf_node *root)
{
	struct vdf_node *cur = root;
	int depth = 0, rc;

	for (;;) {
		const unsigned char *at = b->p;
		int type;

		if (b->p >= b->end) {
			if (depth == 0)
				return 0; /* some writers omit the final end byte */
			return bin_error(b, at, "truncated input, missing end of section");
		}
		type = *b->p++;
		if (type == BIN_END || type == BIN_END_ALT) {
			if (depth == 0)
				return b->p == b->end ? 0 : bin_error(b, b->p, "data after the end");
			cur = cur->parent;
			depth--;
			continue;
		}
		rc = read_entry(b, type, at, &cur, &depth);
		if (rc < 0)
			return rc;
	}
}

int vdf_binary_parse(const void *buf, size_t len, struct vdf_node **out, struct vdf_diag *diag)
{
	struct bin b = { .diag = diag };
	int rc;

	*out = NULL;
	if (len > VDF_MAX_INPUT) {
		vdf_diag_set(diag, 0, 0, "input larger than %zu bytes", VDF_MAX_INPUT);
		return VDF_ETOOBIG;
	}
	if (!buf) {
		if (len)
			return VDF_EINVAL;
		buf = "";
	}
	b.start = b.p = buf;
	b.end = b.start + len;
	b.doc = vdf_doc_new();
	if (!b.doc)
		return VDF_ENOMEM;
	rc = parse_bin(&b, &b.doc->root);
	if (rc < 0) {
		if (rc == VDF_ENOMEM)
			vdf_diag_set(diag, 0, (int)(b.p - b.start), "out of memory");
		vdf_free(&b.doc->root);
		return rc;
	}
	*out = &b.doc->root;
	return 0;
}

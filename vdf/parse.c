// SPDX-License-Identifier: MIT
/*
 * vdf: text KeyValues parser. One pass over the buffer with a small lexer and an explicit
 * parent pointer instead of recursion, so nesting costs no stack and is capped at
 * VDF_MAX_DEPTH. The grammar follows Valve's KeyValues text format as Steam writes and reads
 * it (tier1/KeyValues: quoted or unquoted tokens, // comments, [$CONDITION] tags).
 */
#include "vdf/vdf_internal.h"

#include <stdalign.h>
#include <string.h>

enum tok_kind { T_EOF, T_STR, T_OPEN, T_CLOSE, T_COND };

struct token {
	enum tok_kind kind;
	const char *s; /* T_STR, T_COND: decoded text in the document's arena */
	int line, col;
	const char *start, *end; /* the token's bytes in the document's copy of the input */
};

struct lexer {
	const char *p, *end;
	const char *line_start;
	int line;
	const char *cmt_start, *cmt_end; /* comments met since they were last taken */
	struct vdf_doc *doc;
	struct vdf_diag *diag;
};

static int col_of(const struct lexer *lx, const char *at)
{
	return (int)(at - lx->line_start) + 1;
}

static int lex_error(struct lexer *lx, int line, int col, const char *msg)
{
	vdf_diag_set(lx->diag, line, col, "%s", msg);
	return VDF_ESYNTAX;
}

/* Skips blanks, line ends and // comments. */
static void skip_space(struct lexer *lx)
{
	const char *p = lx->p, *end = lx->end;

	while (p < end) {
		char c = *p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
			p++;
		} else if (c == '\n') {
			lx->line++;
			lx->line_start = ++p;
		} else if (c == '/' && p + 1 < end && p[1] == '/') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!lx->cmt_start)
				lx->cmt_start = p;
			p = nl ? nl : end;
			lx->cmt_end = p;
		} else {
			break;
		}
	}
	lx->p = p;
}

/*
 * The comments met since the last call, one "//..." line each (cut at a NUL, trailing CRs
 * dropped), joined with '\n'; NULL when none. Between tokens there are only blanks and comments, so
 * every
 * "//" in the span starts a comment.
 */
static int take_comments(struct lexer *lx, const char **out)
{
	const char *p = lx->cmt_start, *end = lx->cmt_end;
	char *d, *o;

	*out = NULL;
	if (!p)
		return 0;
	lx->cmt_start = lx->cmt_end = NULL;
	o = d = vdf_alloc(lx->doc, (size_t)(end - p) + 1, 1);
	if (!d)
		return VDF_ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
			const char *nul = memchr(p, '\0', (size_t)(e - p));
			if (nul) /* a comment's text ends at a NUL byte */
				e = nul;
			while (e > p && e[-1] == '\r')
				e--;
			if (o != d)
				*o++ = '\n';
			memcpy(o, p, (size_t)(e - p));
			o += e - p;
			p = nl ? nl : end;
		} else {
			p++;
		}
	}
	*o = '\0';
	*out = d;
	return 0;
}

/* Decodes \" \\ \n \t; any other backslash pair is kept as written (Steam does the same). */
static char *unescape(struct vdf_doc *doc, const char *s, size_t len)
{
	char *d = vdf_alloc(doc, len + 1, 1), *o = d;
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < len) {
			char e = s[i + 1];
			if (e == 'n' || e == 't' || e == '\\' || e == '"') {
				*o++ = e == 'n' ? '\n' : e == 't' ? '\t' : e;
				i++;
				continue;
			}
		}
		*o++ = c;
	}
	*o = '\0';
	return d;
}

static int lex_quoted(struct lexer *lx, struct token *t)
{
	const char *start = lx->p + 1, *q = start, *end = lx->end;
	int has_escape = 0;

	for (; q < end; q++) {
		char c = *q;
		if (c == '"')
			break;
		if (c == '\\' && q + 1 < end) {
			has_escape = 1;
			c = *++q;
		}
		if (c == '\n') {
			lx->line++;
			lx->line_start = q + 1;
		} else if (c == '\0') {
			lx->p = q;
			return lex_error(lx, lx->line, col_of(lx, q), "NUL byte in string");
		}
	}
	if (q >= end)
		return lex_error(lx, t->line, t->col, "unterminated string");
	t->kind = T_STR;
	t->s = has_escape ? unescape(lx->doc, start, (size_t)(q - start))
			  : vdf_strndup(lx->doc, start, (size_t)(q - start));
	lx->p = q + 1;
	return t->s ? 0 : VDF_ENOMEM;
}

static int lex_cond(struct lexer *lx, struct token *t)
{
	const char *q = lx->p, *end = lx->end;

	while (q < end && *q != ']' && *q != '\n' && *q != '\0')
		q++;
	if (q >= end || *q != ']')
		return lex_error(lx, t->line, t->col, "unterminated conditional");
	t->kind = T_COND;
	t->s = vdf_strndup(lx->doc, lx->p, (size_t)(q + 1 - lx->p));
	lx->p = q + 1;
	return t->s ? 0 : VDF_ENOMEM;
}

static int lex_token(struct lexer *lx, struct token *t)
{
	const char *q;

	skip_space(lx);
	t->line = lx->line;
	t->col = col_of(lx, lx->p);
	t->start = lx->p;
	if (lx->p >= lx->end) {
		t->kind = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '{':
		t->kind = T_OPEN;
		lx->p++;
		return 0;
	case '}':
		t->kind = T_CLOSE;
		lx->p++;
		return 0;
	case '"':
		return lex_quoted(lx, t);
	case '[':
		return lex_cond(lx, t);
	case '\0':
		return lex_error(lx, t->line, t->col, "NUL byte in input");
	}
	/* An unquoted token runs to a blank, a quote, a brace or a NUL; no escapes. */
	for (q = lx->p; q < lx->end; q++) {
		char c = *q;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' ||
		    c == '"' || c == '{' || c == '}' || c == '\0')
			break;
	}
	t->kind = T_STR;
	t->s = vdf_strndup(lx->doc, lx->p, (size_t)(q - lx->p));
	lx->p = q;
	return t->s ? 0 : VDF_ENOMEM;
}

static int lex_next(struct lexer *lx, struct token *t)
{
	int rc = lex_token(lx, t);

	t->end = lx->p;
	return rc;
}

static const char *what(const struct token *t)
{
	switch (t->kind) {
	case T_EOF:
		return "end of input";
	case T_OPEN:
		return "'{'";
	case T_CLOSE:
		return "'}'";
	case T_COND:
		return "conditional";
	case T_STR:
		break;
	}
	return "string";
}

/*
 * After a key: a value (maybe with a conditional), or [conditional] '{', or '{'. *head_end
 * gets the end of the entry's bytes (the value or conditional, or the '{').
 */
static int parse_after_key(struct lexer *lx, struct vdf_node *node, int *depth, struct vdf_node **cur,
			   struct token *pend, int *has_pend, const char **head_end)
{
	struct vdf_layout *lay = (struct vdf_layout *)node->layout;
	struct token t;
	int rc = lex_next(lx, &t);

	if (rc < 0)
		return rc;
	if (t.kind == T_STR) {
		node->value = t.s;
		node->type = VDF_STRING;
		lay->value = t.s;
		lay->val_off = (size_t)(t.start - lay->head);
		lay->val_len = (size_t)(t.end - t.start);
		*head_end = t.end;
		if ((rc = lex_next(lx, pend)) < 0)
			return rc;
		if (pend->kind == T_COND) {
			node->cond = pend->s;
			*head_end = pend->end;
		} else {
			*has_pend = 1;
		}
		return 0;
	}
	if (t.kind == T_COND) {
		node->cond = t.s;
		if ((rc = lex_next(lx, &t)) < 0)
			return rc;
		if (t.kind != T_OPEN) {
			vdf_diag_set(lx->diag, t.line, t.col,
				     "expected '{' after conditional, got %s", what(&t));
			return VDF_ESYNTAX;
		}
	}
	if (t.kind != T_OPEN) {
		vdf_diag_set(lx->diag, t.line, t.col,
			     "expected a value or '{' after key \"%.60s\", got %s", node->key,
			     what(&t));
		return VDF_ESYNTAX;
	}
	if (*depth >= VDF_MAX_DEPTH)
		return lex_error(lx, t.line, t.col, "nesting deeper than 256");
	(*depth)++;
	node->type = VDF_SECTION;
	*cur = node;
	*head_end = t.end;
	return 0;
}

/* Bytes [from, to) of the input, kept for vdf_write_keep(). */
static void span(const char **p, size_t *len, const char *from, const char *to)
{
	*p = from;
	*len = (size_t)(to - from);
}

static struct vdf_layout *layout_new(struct vdf_doc *doc, struct vdf_node *node)
{
	struct vdf_layout *lay = vdf_alloc(doc, sizeof(*lay), alignof(struct vdf_layout));

	if (lay)
		memset(lay, 0, sizeof(*lay));
	node->layout = lay;
	return lay;
}

static int parse_body(struct lexer *lx, struct vdf_node *root, const char *src)
{
	struct vdf_node *cur = root, *node;
	struct vdf_layout *lay, *root_lay = layout_new(lx->doc, root);
	const char *prev_end = src, *head_end = NULL;
	struct token t, pend;
	int depth = 0, has_pend = 0, rc;

	if (!root_lay)
		return VDF_ENOMEM;
	span(&root_lay->head, &root_lay->head_len, src, lx->end);

	for (;;) {
		if (has_pend) {
			t = pend;
			has_pend = 0;
		} else if ((rc = lex_next(lx, &t)) < 0) {
			return rc;
		}
		switch (t.kind) {
		case T_EOF:
			if (depth == 0) {
				span(&root_lay->tail, &root_lay->tail_len, prev_end, lx->end);
				return take_comments(lx, &cur->end_comment);
			}
			return lex_error(lx, t.line, t.col, "unexpected end of input, missing '}'");
		case T_CLOSE:
			if (depth == 0)
				return lex_error(lx, t.line, t.col, "unexpected '}'");
			if (take_comments(lx, &cur->end_comment) < 0)
				return VDF_ENOMEM;
			lay = (struct vdf_layout *)cur->layout;
			span(&lay->tail, &lay->tail_len, prev_end, t.start);
			prev_end = t.end;
			cur = cur->parent;
			depth--;
			continue;
		case T_OPEN:
			return lex_error(lx, t.line, t.col, "unexpected '{', expected a key");
		case T_COND:
			return lex_error(lx, t.line, t.col, "unexpected conditional, expected a key");
		case T_STR:
			break;
		}
		node = vdf_node_new(lx->doc, cur, t.s);
		if (!node || take_comments(lx, &node->comment) < 0 ||
		    !(lay = layout_new(lx->doc, node)))
			return VDF_ENOMEM;
		span(&lay->lead, &lay->lead_len, prev_end, t.start);
		lay->head = t.start;
		lay->key_len = (size_t)(t.end - t.start);
		rc = parse_after_key(lx, node, &depth, &cur, &pend, &has_pend, &head_end);
		if (rc < 0)
			return rc;
		lay->head_len = (size_t)(head_end - t.start);
		prev_end = head_end;
	}
}

int vdf_parse(const char *buf, size_t len, struct vdf_node **out, struct vdf_diag *diag)
{
	struct lexer lx = { .line = 1, .diag = diag };
	const char *src;
	int rc;

	*out = NULL;
	if (!buf) {
		if (len)
			return VDF_EINVAL;
		buf = "";
	}
	if (len > VDF_MAX_INPUT) {
		vdf_diag_set(diag, 0, 0, "input larger than %zu bytes", VDF_MAX_INPUT);
		return VDF_ETOOBIG;
	}
	lx.doc = vdf_doc_new();
	/* The document keeps a copy of the input: vdf_write_keep() copies untouched bytes. */
	src = lx.doc ? vdf_strndup(lx.doc, buf, len) : NULL;
	if (!src) {
		vdf_free(lx.doc ? &lx.doc->root : NULL);
		return VDF_ENOMEM;
	}
	lx.p = src;
	lx.end = src + len;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		lx.p += 3;
	lx.line_start = lx.p;
	rc = parse_body(&lx, &lx.doc->root, src);
	if (rc < 0) {
		if (rc == VDF_ENOMEM)
			vdf_diag_set(diag, lx.line, col_of(&lx, lx.p), "out of memory");
		vdf_free(&lx.doc->root);
		return rc;
	}
	*out = &lx.doc->root;
	return 0;
}

// SPDX-License-Identifier: MIT
/*
 * vdf — Valve KeyValues: the one reader and writer of Steam's files for the whole project.
 *
 * A document is a tree of struct vdf_node. The root returned by vdf_parse()/vdf_new() is an
 * anonymous section whose children are the file's top-level entries; every other node is either
 * a value (value != NULL) or a section (value == NULL, children in first..last). Children keep
 * the file's order and duplicates. Keys are matched case-insensitively (ASCII), as Steam does.
 *
 *	struct vdf_node *root;
 *	struct vdf_diag diag = { .file = path };
 *	if (vdf_parse(buf, len, &root, &diag) < 0)
 *		fprintf(stderr, "%s:%d:%d: %s\n", diag.file, diag.line, diag.col, diag.msg);
 *	const char *p = vdf_get_value(root, "libraryfolders/0/path", NULL);
 *	vdf_set(root, "InstallConfigStore/Software/Valve/Steam/CompatToolMapping/570/name",
 *	        "mvgal", NULL);
 *	char *out; size_t n;
 *	if (vdf_write(root, &out, &n) == 0 && write_atomic(path, out, n) == 0) ...
 *	free(out);
 *	vdf_free(root);
 *
 * All memory of a document (nodes and strings) belongs to it and is released by vdf_free() of
 * its root: pointers into the tree stay valid until then, also across edits (an edit never
 * frees, so replacing a value many times grows the document until vdf_free()). A document is
 * not thread-safe; distinct documents are independent. The library keeps no global state,
 * never prints, and does I/O only in vdf_read_file(), vdf_parse_file(), write_atomic() and
 * vdf_backup_file().
 *
 * Errors are 0 or a negative errno value; the names below give the errno codes a vdf meaning.
 */
#ifndef MVGAL_VDF_H
#define MVGAL_VDF_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define VDF_MAX_DEPTH 256		/* deepest section nesting accepted (parse and edit) */
#define VDF_MAX_INPUT ((size_t)1 << 30) /* largest input accepted (1 GiB), else VDF_ETOOBIG */

enum vdf_error {
	VDF_OK = 0,
	VDF_ENOMEM = -ENOMEM,
	VDF_ESYNTAX = -EBADMSG,	    /* malformed input; the diag says where and what */
	VDF_ENOENT = -ENOENT,	    /* no such key */
	VDF_ENOTSECTION = -ENOTDIR, /* a path component is a value where a section is needed */
	VDF_EISSECTION = -EISDIR,   /* the key is a section where a value is expected */
	VDF_EINVAL = -EINVAL,	    /* bad argument (NULL, empty path component, root edit) */
	VDF_ETOOBIG = -EFBIG,	    /* input larger than VDF_MAX_INPUT, or depth over the limit */
	VDF_EDIRSYNC = -ENOTRECOVERABLE, /* write_atomic: the new file is in place, but its
					    directory could not be synced to disk */
};

/* Text for a vdf_error or any other negative errno value; never NULL, never allocates. */
const char *vdf_strerror(int err);

/*
 * Where a parse failed. The caller sets .file (kept as given, may be NULL); the parser fills
 * line and col (1-based; col counts bytes from the line start, a UTF-8 BOM not counted) and a
 * one-line msg. For binary input line is 0 and col is the byte offset of the bad byte.
 */
struct vdf_diag {
	const char *file;
	int line;
	int col;
	char msg[160];
};

/* What a node holds. Text documents have only VDF_SECTION and VDF_STRING. */
enum vdf_type {
	VDF_SECTION = 0, /* children, value == NULL */
	VDF_STRING = 1,	 /* value */
	VDF_INT32 = 2,	 /* binary int32, 0x04 pointer, 0x06 colour: value is signed decimal (a
			    shortcut's appid is (uint32_t)strtol(value, NULL, 10)) */
	VDF_FLOAT = 3,	 /* binary float32: value printed with %.9g */
	VDF_UINT64 = 7,	 /* binary uint64: value is unsigned decimal */
	VDF_INT64 = 10,	 /* binary int64: value is signed decimal */
};

/*
 * Where a node's text came from, kept by vdf_parse() so that vdf_write_keep() can give back
 * the bytes it read. All pointers are into the document's copy of the input; NULL layout on
 * nodes made by edits and by the binary parser.
 */
struct vdf_layout {
	const char *lead; /* blanks, line ends and comments before the key */
	size_t lead_len;
	const char *head; /* key .. value (and conditional), or key .. '{' of a section */
	size_t head_len;
	size_t key_len;		 /* the key token as written, at the start of head */
	size_t val_off, val_len; /* the value token within head (values only) */
	const char *value;	 /* node->value as parsed: an edit replaces the pointer */
	const char *tail;	 /* a section's bytes before its '}'; the root's after its last
				    entry (the root's head is the whole input) */
	size_t tail_len;
};

struct vdf_node {
	const char *key;     /* never NULL; "" for the root */
	const char *value;   /* NUL-terminated, escapes decoded; NULL for a section */
	const char *cond;    /* a conditional such as "[$WIN32]" that followed it, kept verbatim and
				not evaluated; NULL when none */
	const char *comment; /* the // comment lines met since the previous entry, '\n'
				between lines, each from its "//" (text only); or NULL */
	const char *end_comment; /* a section's // lines before its '}' (the root's: before the
				    end of input); or NULL */
	enum vdf_type type;
	struct vdf_node *parent; /* NULL for the root */
	struct vdf_node *first;	 /* children of a section, in order */
	struct vdf_node *last;
	struct vdf_node *next; /* siblings */
	struct vdf_node *prev;
	const struct vdf_layout *layout; /* text as parsed, or NULL */
};

/*
 * Parses text KeyValues from buf[0..len) (no NUL needed; never reads past len; the document
 * keeps its own copy of the bytes, for vdf_write_keep()). Accepts quoted
 * and unquoted tokens, { } nesting up to VDF_MAX_DEPTH, escapes \" \\ \n \t in quoted tokens
 * (any other backslash is kept as is), // comments, CRLF or LF, a UTF-8 BOM, conditionals like
 * [$WIN32] after a value or before a section's '{' (kept in node->cond), duplicate keys and
 * empty values. Comments are kept in node->comment / node->end_comment. Directives such as
 * #base or #include are ordinary keys here (never followed). On success *out is a new
 * root (free with vdf_free()). On failure *out is NULL, the return is VDF_ESYNTAX (diag filled, if
 * non-NULL), VDF_ENOMEM or VDF_ETOOBIG.
 */
int vdf_parse(const char *buf, size_t len, struct vdf_node **out, struct vdf_diag *diag);

/*
 * Parses binary KeyValues (shortcuts.vdf): per entry a type byte (0x00 section, 0x01 string,
 * 0x02 int32, 0x03 float32, 0x04 pointer, 0x06 colour, 0x07 uint64, 0x0A int64; 0x08 or 0x0B
 * ends a section), a NUL-terminated key, then the payload (little-endian numbers). The top
 * level ends with 0x08 or at the end of the buffer. Same contract as vdf_parse().
 */
int vdf_binary_parse(const void *buf, size_t len, struct vdf_node **out, struct vdf_diag *diag);

/* A new empty document (a root with no children) in *out; 0 or VDF_ENOMEM. */
int vdf_new(struct vdf_node **out);

/* Frees the whole document of root (which must be a root); vdf_free(NULL) is a no-op. */
void vdf_free(struct vdf_node *root);

/*
 * Lookup by path: components separated by '/', each matched case-insensitively against the
 * children of the node so far; the first match wins (as in Steam). "" names node itself.
 * Returns the node or NULL (not found, or a component is a value).
 */
struct vdf_node *vdf_get(const struct vdf_node *node, const char *path);

/* The first child of section named key (case-insensitive, whole key, '/' not special), or NULL. */
struct vdf_node *vdf_child(const struct vdf_node *section, const char *key);

/* Value at path, or fallback when the path is missing or names a section. */
const char *vdf_get_value(const struct vdf_node *node, const char *path, const char *fallback);

/*
 * Sets the value at path below node, creating missing sections on the way and the key itself
 * (appended) when missing; an existing key (first match) keeps its place and spelling. value
 * NULL asks for a section at path (an existing one is kept with its children). The string is
 * copied. *out (if non-NULL) gets the node. Returns 0, VDF_ENOTSECTION (a component is a
 * value), VDF_EISSECTION (value given but the key is a section), VDF_ENOTSECTION (value NULL but
 * the key is a value), VDF_EINVAL (empty path or component), VDF_ETOOBIG (deeper than
 * VDF_MAX_DEPTH) or VDF_ENOMEM.
 */
int vdf_set(struct vdf_node *node, const char *path, const char *value, struct vdf_node **out);

/* As vdf_set() for one child of section: key is taken whole ('/' is not a separator). */
int vdf_set_child(struct vdf_node *section, const char *key, const char *value,
		  struct vdf_node **out);

/* As vdf_set(), but always appends a new last component (duplicates allowed). */
int vdf_add(struct vdf_node *node, const char *path, const char *value, struct vdf_node **out);

/*
 * Unlinks the node at path (first match) from its section; its memory stays with the document.
 * Returns 0, VDF_ENOENT or VDF_EINVAL (empty path: the root cannot be removed).
 */
int vdf_remove(struct vdf_node *node, const char *path);

/*
 * 1 when a and b hold the same keys, values, conditionals and comments in the same order
 * (binary number types are not compared, only their text), else 0.
 */
int vdf_equal(const struct vdf_node *a, const struct vdf_node *b);

/* Count of node's children (0 for a value). */
size_t vdf_count(const struct vdf_node *node);

/*
 * Serialises the children of node as text in Steam's own layout: every token quoted, one tab
 * per depth, two tabs between key and value, "{" and "}" on their own lines, LF line ends, \"
 * \\ \n \t escaped, comments on their own lines before the entry (or '}') they preceded.
 * Parsing the output gives the same tokens and comments in the same order, and a file Steam
 * wrote comes out byte for byte. *out is malloc'd and NUL-terminated (free()), *len
 * excludes the NUL. Returns 0 or VDF_ENOMEM.
 */
int vdf_write(const struct vdf_node *node, char **out, size_t *len);

/*
 * As vdf_write(), but what vdf_parse() read keeps its bytes: indentation (tabs or spaces),
 * blank and whitespace-only lines, comments, unquoted tokens, CRLF. An edited value keeps its
 * place and the blanks around it; a new entry takes the line break and indentation of its
 * siblings (Steam's layout where it has none); a removed entry takes its own leading blanks
 * and comments with it. Without edits the output is the parsed input, byte for byte.
 */
int vdf_write_keep(const struct vdf_node *node, char **out, size_t *len);

/*
 * Reads the whole file at path into *buf (malloc'd, NUL-terminated, free()) and its size
 * into *len. Returns 0 or a negative errno (VDF_ETOOBIG over VDF_MAX_INPUT).
 */
int vdf_read_file(const char *path, char **buf, size_t *len);

#define VDF_FILE_BINARY 1u /* vdf_parse_file(): binary KeyValues instead of text */

/*
 * vdf_read_file() then vdf_parse() (or vdf_binary_parse() with VDF_FILE_BINARY). diag->file
 * is set to path when diag is non-NULL. A read error is returned as a negative errno with
 * diag->msg saying so (line 0).
 */
int vdf_parse_file(const char *path, unsigned flags, struct vdf_node **out, struct vdf_diag *diag);

/*
 * Copies the current bytes of path to backup_path the write_atomic() way (e.g. config.vdf to
 * config.vdf.mvgal-bak before editing it); the copy gets path's permission bits. Returns 0 or
 * a negative errno (-ENOENT when path does not exist; VDF_EDIRSYNC as for write_atomic()).
 */
int vdf_backup_file(const char *path, const char *backup_path);

#endif

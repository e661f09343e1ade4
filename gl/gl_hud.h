// SPDX-License-Identifier: MIT
/*
 * The OpenGL drawer of the HUD (issue 29), private to gl/: gl_hud.c finds the context's entry and
 * draws, gl_hud_state.c saves and restores every piece of GL state the drawing touches,
 * gl_hud_prog.c makes the context's program, texture, buffer (and vertex array), gl_hud_blit.c
 * the framebuffer object that blits the panel where the context can. No GL headers: the
 * constants below are the Khronos registry's values.
 */
#ifndef MVGAL_GL_HUD_H
#define MVGAL_GL_HUD_H

#include "gl/gl.h"

#define GL_TRIANGLES 0x0004
#define GL_FRONT_AND_BACK 0x0408
#define GL_FRONT 0x0404
#define GL_BACK 0x0405
#define GL_CULL_FACE 0x0B44
#define GL_POLYGON_MODE 0x0B40
#define GL_FILL 0x1B02
#define GL_DEPTH_TEST 0x0B71
#define GL_STENCIL_TEST 0x0B90
#define GL_VIEWPORT 0x0BA2
#define GL_ALPHA_TEST 0x0BC0
#define GL_BLEND 0x0BE2
#define GL_COLOR_LOGIC_OP 0x0BF2
#define GL_DRAW_BUFFER 0x0C01
#define GL_SCISSOR_TEST 0x0C11
#define GL_COLOR_WRITEMASK 0x0C23
#define GL_DOUBLEBUFFER 0x0C32
#define GL_UNPACK_ROW_LENGTH 0x0CF2
#define GL_UNPACK_SKIP_ROWS 0x0CF3
#define GL_UNPACK_SKIP_PIXELS 0x0CF4
#define GL_UNPACK_ALIGNMENT 0x0CF5
#define GL_TEXTURE_2D 0x0DE1
#define GL_UNSIGNED_BYTE 0x1401
#define GL_FLOAT 0x1406
#define GL_RGBA 0x1908
#define GL_BGRA 0x80E1
#define GL_COLOR_BUFFER_BIT 0x4000
#define GL_SAMPLE_BUFFERS 0x80A8
#define GL_VERSION 0x1F02
#define GL_EXTENSIONS 0x1F03
#define GL_NEAREST 0x2600
#define GL_TEXTURE_MAG_FILTER 0x2800
#define GL_TEXTURE_MIN_FILTER 0x2801
#define GL_TEXTURE_WRAP_S 0x2802
#define GL_TEXTURE_WRAP_T 0x2803
#define GL_POLYGON_OFFSET_FILL 0x8037
#define GL_SAMPLE_ALPHA_TO_COVERAGE 0x809E
#define GL_CLAMP_TO_EDGE 0x812F
#define GL_TEXTURE0 0x84C0
#define GL_ACTIVE_TEXTURE 0x84E0
#define GL_VERTEX_ATTRIB_ARRAY_ENABLED 0x8622
#define GL_VERTEX_ATTRIB_ARRAY_SIZE 0x8623
#define GL_VERTEX_ATTRIB_ARRAY_STRIDE 0x8624
#define GL_VERTEX_ATTRIB_ARRAY_TYPE 0x8625
#define GL_VERTEX_ATTRIB_ARRAY_POINTER 0x8645
#define GL_VERTEX_ATTRIB_ARRAY_NORMALIZED 0x886A
#define GL_ARRAY_BUFFER 0x8892
#define GL_DYNAMIC_DRAW 0x88E8
#define GL_ARRAY_BUFFER_BINDING 0x8894
#define GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING 0x889F
#define GL_PIXEL_UNPACK_BUFFER 0x88EC
#define GL_PIXEL_UNPACK_BUFFER_BINDING 0x88EF
#define GL_FRAGMENT_SHADER 0x8B30
#define GL_VERTEX_SHADER 0x8B31
#define GL_COMPILE_STATUS 0x8B81
#define GL_LINK_STATUS 0x8B82
#define GL_CURRENT_PROGRAM 0x8B8D
#define GL_TEXTURE_BINDING_2D 0x8069
#define GL_FRAMEBUFFER_SRGB 0x8DB9
#define GL_RASTERIZER_DISCARD 0x8C89
#define GL_FRAMEBUFFER 0x8D40
#define GL_DRAW_FRAMEBUFFER_BINDING 0x8CA6 /* = GL_FRAMEBUFFER_BINDING */
#define GL_DRAW_FRAMEBUFFER 0x8CA9
#define GL_READ_FRAMEBUFFER 0x8CA8
#define GL_READ_FRAMEBUFFER_BINDING 0x8CAA
#define GL_FRAMEBUFFER_COMPLETE 0x8CD5
#define GL_COLOR_ATTACHMENT0 0x8CE0
#define GL_VERTEX_ARRAY_BINDING 0x85B5
#define GL_SAMPLER_BINDING 0x8919
#define GL_CONTEXT_PROFILE_MASK 0x9126
#define GL_CONTEXT_CORE_PROFILE_BIT 0x1

/* The GL functions the drawer calls, found once per API (gl_real_gl). */
struct gl_hud_fns {
	void (*GetIntegerv)(unsigned, int *);
	void (*GetBooleanv)(unsigned, unsigned char *);
	unsigned char (*IsEnabled)(unsigned);
	void (*Enable)(unsigned);
	void (*Disable)(unsigned);
	const char *(*GetString)(unsigned);
	void (*ColorMask)(unsigned char, unsigned char, unsigned char, unsigned char);
	void (*Viewport)(int, int, int, int);
	void (*UseProgram)(unsigned);
	void (*BindBuffer)(unsigned, unsigned);
	void (*BufferData)(unsigned, intptr_t, const void *, unsigned);
	void (*ActiveTexture)(unsigned);
	void (*BindTexture)(unsigned, unsigned);
	void (*DrawArrays)(unsigned, int, int);
	void (*GenBuffers)(int, unsigned *);
	void (*GenTextures)(int, unsigned *);
	void (*TexImage2D)(unsigned, int, int, int, int, int, unsigned, unsigned, const void *);
	void (*TexSubImage2D)(unsigned, int, int, int, int, int, unsigned, unsigned, const void *);
	void (*TexParameteri)(unsigned, unsigned, int);
	void (*PixelStorei)(unsigned, int);
	unsigned (*CreateShader)(unsigned);
	void (*ShaderSource)(unsigned, int, const char *const *, const int *);
	void (*CompileShader)(unsigned);
	void (*GetShaderiv)(unsigned, unsigned, int *);
	unsigned (*CreateProgram)(void);
	void (*AttachShader)(unsigned, unsigned);
	void (*BindAttribLocation)(unsigned, unsigned, const char *);
	void (*LinkProgram)(unsigned);
	void (*GetProgramiv)(unsigned, unsigned, int *);
	void (*DeleteShader)(unsigned);
	void (*DeleteProgram)(unsigned);
	int (*GetUniformLocation)(unsigned, const char *);
	void (*Uniform1i)(int, int);
	void (*Uniform2f)(int, float, float);
	void (*VertexAttribPointer)(unsigned, int, unsigned, unsigned char, int, const void *);
	void (*EnableVertexAttribArray)(unsigned);
	void (*DisableVertexAttribArray)(unsigned);
	void (*GetVertexAttribiv)(unsigned, unsigned, int *);
	void (*GetVertexAttribPointerv)(unsigned, unsigned, void **);
	unsigned char (*IsProgram)(unsigned);
	unsigned char (*IsTexture)(unsigned);
	/* optional: by version */
	void (*BindFramebuffer)(unsigned, unsigned);
	void (*GenVertexArrays)(int, unsigned *);
	void (*BindVertexArray)(unsigned);
	void (*DrawBuffer)(unsigned);
	void (*PolygonMode)(unsigned, unsigned);
	void (*BindSampler)(unsigned, unsigned);
	void (*GenFramebuffers)(int, unsigned *);
	void (*DeleteFramebuffers)(int, const unsigned *);
	void (*FramebufferTexture2D)(unsigned, unsigned, unsigned, unsigned, int);
	unsigned (*CheckFramebufferStatus)(unsigned);
	void (*BlitFramebuffer)(int, int, int, int, int, int, int, int, unsigned, unsigned);
	void *(*get_current_context)(void);
	unsigned long (*glx_current_drawable)(void); /* a GLXDrawable, an XID */
	void *(*egl_current_surface)(int);
	void (*glx_query_drawable)(void *, unsigned long, int, unsigned *); /* GLX 1.3 */
	unsigned (*egl_query_surface)(void *, void *, int, int *);
	bool is_loaded;
	bool is_broken; /* a required function is missing */
};

/* What a context is: chosen once, from GL_VERSION and the profile. */
struct gl_hud_kind {
	bool is_es;
	bool is_core;	   /* desktop core profile: GLSL 1.50, a vertex array is required */
	bool has_vao;	   /* desktop 3.0+, ES 3.0+ */
	bool has_sampler;  /* desktop 3.3+, ES 3.0+ */
	bool has_srgb_fb;  /* desktop 3.0+: GL_FRAMEBUFFER_SRGB */
	bool has_unpack;   /* desktop 2.1+ or ES 3.0+: row length, skips, unpack buffer */
	bool is_compat_ff; /* desktop compatibility: fixed-function GL_ALPHA_TEST applies */
	bool has_fbo;	   /* a framebuffer binding to save (ES, desktop 3.0+, ARB/EXT_fbo) */
	bool is_arb_fbo;   /* desktop 3.0+ or ARB_framebuffer_object */
	bool has_read_fb;  /* separate draw and read framebuffers: 3.0+, ES 3.0+, ARB_fbo,
			    * EXT_framebuffer_blit */
	bool has_blit;	   /* has_read_fb, glBlitFramebuffer, a BGRA texture (gl_hud_blit.c) */
};

/* One context and drawable the HUD draws in. Used by the thread the context is current on. */
struct gl_hud_ctx {
	void *context;
	void *drawable;
	int state; /* 0 objects not made yet, 1 ready, -1 no HUD in this context */
	struct gl_hud_kind kind;
	unsigned program, texture, buffer, vao;
	unsigned fbo; /* the texture as a read framebuffer: the panel is blitted; 0: drawn */
	bool is_bgra; /* the image and the texture are B, G, R, A (gl_hud_blit_can()) */
	int loc_size;
	uint32_t width, height;
	unsigned size_countdown; /* swaps until the drawable's size is asked again */
	int64_t size_ns;	 /* when it was asked last (ingame_now_ns()) */
	struct hud *hud;
	struct hud_vertex *vertices; /* HUD_MAX_VERTICES: the panel's quads, painted into image */
	uint8_t *image; /* the panel, RGBA, HUD_IMAGE_MAX_W x HUD_IMAGE_MAX_H at most */
	/* what image holds, uploaded into the texture, and the vertex buffer is for (has_image:
	 * the texture and the vertex buffer hold the panel's) */
	struct hud_image_state image_state;
	int n_vertices;	     /* in the vertex buffer: the panel's rectangles */
	unsigned generation; /* the gl_g.hud.generation of its pacer line */
	uint32_t *self_ns;   /* MVGAL_SELFTIME=1: GL_HUD_SELF_FRAMES costs, else NULL */
	uint32_t n_self;
	uint32_t put_self_ns; /* ... the last put's copy (gl_hud_put.c), counted with the next */
	bool is_put;	 /* the panel goes into the driver's image at the swap (gl_hud_put.c) */
	bool is_put_off; /* a swap of that way put no image: blitted for good */
};
#define GL_HUD_SELF_FRAMES 256u

/* The state the drawing changes, as it was. */
struct gl_hud_saved {
	int program, array_buffer, active_texture, texture, vao, sampler, framebuffer, draw_buffer;
	int read_framebuffer; /* with kind.has_read_fb */
	bool is_lean;	      /* a blit, objects made: the blit's state only (gl_hud_state.c) */
	int viewport[4];
	int polygon_mode[2];
	unsigned char color_mask[4];
	unsigned char enabled[11]; /* the capabilities of gl_hud_caps[], in order */
	struct {
		int enabled, size, stride, type, normalized, buffer;
		void *pointer;
	} attrib[2]; /* without a vertex array of ours: attributes 0 and 1 of the game's */
};

/* gl_hud_prog.c: the functions for api (once); false when a required one is missing. */
bool gl_hud_fns_load(struct gl_hud_fns *f, enum gl_api api);
/* gl_hud_prog.c: what the current context is (GL_VERSION, profile); false when the HUD cannot
 * draw in it (before GL 2 / ES 2, a core profile without vertex arrays). Changes no state. */
bool gl_hud_kind_read(const struct gl_hud_fns *f, struct gl_hud_kind *k);
/* gl_hud_prog.c: the context's program, texture, buffer and vertex array (c->kind read); false
 * (with *why) when the shaders do not build. */
bool gl_hud_objects_make(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const char **why);

/* gl_hud_blit.c: whether the panel can be blitted onto the window (c->kind.has_blit, a default
 * framebuffer without multisampling); binds the default draw framebuffer (state saved). */
bool gl_hud_blit_can(const struct gl_hud_fns *f, const struct gl_hud_ctx *c);
/* gl_hud_blit.c: c->fbo, c->texture attached to a framebuffer object of ours; left 0 (the panel
 * drawn as triangles) when that is not complete. */
void gl_hud_blit_make(const struct gl_hud_fns *f, struct gl_hud_ctx *c);
/* gl_hud_blit.c: the panel's rectangles blitted from c->fbo onto the bound draw framebuffer
 * (gl_hud_state_set()'s); binds c->fbo as the read framebuffer (gl_hud_state_restore() puts the
 * game's back). */
void gl_hud_blit_draw(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
		      const struct hud_panel *p);

/* gl_hud_put.c: this thread's swap, about to go down to the driver, is c's with panel p: its
 * first image put gets the panel (c->is_put), or is looked at (a blitting frame at scale 1 from
 * a BGRA image: c->is_put from the next frame when it can take the panel). gl_hud_put_end()
 * settles it. */
void gl_hud_put_arm(struct gl_hud_ctx *c, const struct hud_panel *p);
/* gl_hud.c: this thread's CPU time, ns (MVGAL_SELFTIME=1) */
int64_t gl_hud_thread_ns(void);

/* gl_hud_prog.c: struct hud_vertex's layout as attributes 0 and 1 (pos, uv), enabled, from the
 * bound GL_ARRAY_BUFFER. */
void gl_hud_attribs(const struct gl_hud_fns *f);

/* gl_hud_state.c: saves what drawing touches, sets what drawing needs (default framebuffer,
 * viewport, blending, no depth/stencil/scissor/cull ...; set saves the default framebuffer's
 * draw buffer into *s too); restore puts back what they saw. A frame that blits (c->fbo, c->state
 * 1 at the save) touches only the texture binding, the framebuffers, scissor, sRGB and
 * rasterizer discard. */
void gl_hud_state_save(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
		       struct gl_hud_saved *s);
void gl_hud_state_set(const struct gl_hud_fns *f, const struct gl_hud_ctx *c, struct gl_hud_saved *s);
void gl_hud_state_restore(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
			  const struct gl_hud_saved *s);
/* gl_hud_state.c: the unpack state around the panel's upload (glTexSubImage2D, each frame). */
struct gl_hud_unpack {
	int alignment, row_length, skip_rows, skip_pixels, buffer;
};
void gl_hud_unpack_save_set(const struct gl_hud_fns *f, const struct gl_hud_kind *k,
			    struct gl_hud_unpack *u);
void gl_hud_unpack_restore(const struct gl_hud_fns *f, const struct gl_hud_kind *k,
			   const struct gl_hud_unpack *u);

#endif

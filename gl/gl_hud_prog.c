// SPDX-License-Identifier: MIT
// The HUD's GL objects, made once per context at its first HUD frame: a program (GLSL 1.10 for
// desktop compatibility contexts, 1.50 for core profiles, GLSL ES 1.00 for ES 2 and 3), the
// panel's RGBA texture (HUD_IMAGE_MAX_W x HUD_IMAGE_MAX_H, a power of two for ES 2; gl_hud.c
// uploads the panel into its corner), a vertex buffer for the panel's rectangles and, where the
// context has them, a vertex array of our own (so the game's attribute state is never touched).
// The state these bind is restored by gl_hud_state_restore().
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl_hud.h"

/* one function into f->name; a required one missing breaks the set */
#define LOAD(f, api, name, req)                                                                    \
	((*(void **)&(f)->name = gl_real_gl(api, "gl" #name)), (f)->is_broken |= (req) && !(f)->name)

bool gl_hud_fns_load(struct gl_hud_fns *f, enum gl_api api)
{
	LOAD(f, api, GetIntegerv, 1), LOAD(f, api, GetBooleanv, 1), LOAD(f, api, IsEnabled, 1);
	LOAD(f, api, Enable, 1), LOAD(f, api, Disable, 1), LOAD(f, api, GetString, 1);
	LOAD(f, api, ColorMask, 1), LOAD(f, api, Viewport, 1), LOAD(f, api, UseProgram, 1);
	LOAD(f, api, BindBuffer, 1), LOAD(f, api, BufferData, 1), LOAD(f, api, ActiveTexture, 1);
	LOAD(f, api, BindTexture, 1), LOAD(f, api, DrawArrays, 1), LOAD(f, api, GenBuffers, 1);
	LOAD(f, api, GenTextures, 1), LOAD(f, api, TexImage2D, 1), LOAD(f, api, TexParameteri, 1);
	LOAD(f, api, TexSubImage2D, 1);
	LOAD(f, api, PixelStorei, 1), LOAD(f, api, CreateShader, 1), LOAD(f, api, ShaderSource, 1);
	LOAD(f, api, CompileShader, 1), LOAD(f, api, GetShaderiv, 1);
	LOAD(f, api, CreateProgram, 1), LOAD(f, api, AttachShader, 1);
	LOAD(f, api, BindAttribLocation, 1), LOAD(f, api, LinkProgram, 1);
	LOAD(f, api, GetProgramiv, 1), LOAD(f, api, DeleteShader, 1), LOAD(f, api, DeleteProgram, 1);
	LOAD(f, api, GetUniformLocation, 1), LOAD(f, api, Uniform1i, 1), LOAD(f, api, Uniform2f, 1);
	LOAD(f, api, VertexAttribPointer, 1), LOAD(f, api, EnableVertexAttribArray, 1);
	LOAD(f, api, DisableVertexAttribArray, 1), LOAD(f, api, GetVertexAttribiv, 1);
	LOAD(f, api, GetVertexAttribPointerv, 1), LOAD(f, api, IsProgram, 1);
	LOAD(f, api, IsTexture, 1);
	LOAD(f, api, BindFramebuffer, 0), LOAD(f, api, GenVertexArrays, 0);
	LOAD(f, api, BindVertexArray, 0), LOAD(f, api, DrawBuffer, 0);
	LOAD(f, api, PolygonMode, 0), LOAD(f, api, BindSampler, 0);
	LOAD(f, api, GenFramebuffers, 0), LOAD(f, api, DeleteFramebuffers, 0);
	LOAD(f, api, FramebufferTexture2D, 0), LOAD(f, api, CheckFramebufferStatus, 0);
	LOAD(f, api, BlitFramebuffer, 0);
	*(void **)&f->get_current_context = api == GL_API_GLX ? gl_real_glx("glXGetCurrentContext")
							      : gl_real_egl("eglGetCurrentContext");
	*(void **)&f->glx_current_drawable = gl_real_glx("glXGetCurrentDrawable");
	*(void **)&f->egl_current_surface = gl_real_egl("eglGetCurrentSurface");
	*(void **)&f->glx_query_drawable = gl_real_glx("glXQueryDrawable");
	*(void **)&f->egl_query_surface = gl_real_egl("eglQuerySurface");
	f->is_broken |= !f->get_current_context ||
			(api == GL_API_GLX ? !f->glx_query_drawable || !f->glx_current_drawable
					   : !f->egl_query_surface || !f->egl_current_surface);
	f->is_loaded = true;
	return !f->is_broken;
}

/* GL 2.x's framebuffer extensions: name in GL_EXTENSIONS */
static bool has_ext(const struct gl_hud_fns *f, const char *name)
{
	const char *e = f->GetString(GL_EXTENSIONS);

	return e && strstr(e, name);
}

static bool has_blit_fns(const struct gl_hud_fns *f)
{
	return f->BindFramebuffer && f->GenFramebuffers && f->DeleteFramebuffers &&
	       f->FramebufferTexture2D && f->CheckFramebufferStatus && f->BlitFramebuffer;
}

/* GL_VERSION: "4.5 (Compatibility Profile) Mesa 22.3.6", "OpenGL ES 3.2 Mesa 22.3.6" */
bool gl_hud_kind_read(const struct gl_hud_fns *f, struct gl_hud_kind *k)
{
	const char *v = f->GetString(GL_VERSION);
	int major = 0, minor = 0, mask = 0;

	memset(k, 0, sizeof(*k));
	if (!v)
		return false;
	k->is_es = !strncmp(v, "OpenGL ES", 9);
	if (sscanf(k->is_es ? v + 9 : v, " %d.%d", &major, &minor) != 2)
		return false;
	if (!k->is_es && (major > 3 || (major == 3 && minor >= 2))) {
		f->GetIntegerv(GL_CONTEXT_PROFILE_MASK, &mask);
		k->is_core = mask & GL_CONTEXT_CORE_PROFILE_BIT;
	}
	k->has_vao = major >= 3 && f->GenVertexArrays && f->BindVertexArray;
	k->has_sampler = f->BindSampler && (k->is_es ? major >= 3 : major * 10 + minor >= 33);
	k->has_srgb_fb = !k->is_es && major >= 3;
	k->has_unpack = k->is_es ? major >= 3 : major * 10 + minor >= 21;
	k->is_compat_ff = !k->is_es && !k->is_core;
	k->is_arb_fbo = !k->is_es && (major >= 3 || has_ext(f, "GL_ARB_framebuffer_object"));
	k->has_fbo = f->BindFramebuffer &&
		     (k->is_es || k->is_arb_fbo || has_ext(f, "GL_EXT_framebuffer_object"));
	k->has_read_fb = k->has_fbo &&
			 (major >= 3 || k->is_arb_fbo || has_ext(f, "GL_EXT_framebuffer_blit"));
	/* a blit is a copy only from a BGRA texture (gl_hud_blit.c), which ES has only with
	 * EXT_texture_format_BGRA8888; desktop GL 2.1 blits with ARB_framebuffer_object (its
	 * glFramebufferTexture2D takes GL_READ_FRAMEBUFFER) */
	k->has_blit = k->has_read_fb && has_blit_fns(f) &&
		      (k->is_es ? has_ext(f, "GL_EXT_texture_format_BGRA8888") : k->is_arb_fbo);
	/* a core profile draws only with a vertex array; ES 2 and GL 2.1 have a framebuffer
	 * binding only with FBOs (core in both; GL 2.1 through ARB/EXT_framebuffer_object) */
	return (!k->is_core || k->has_vao) && (k->is_es || major >= 2);
}

static const char VS_110[] = "#version 110\n"
			     "attribute vec2 pos; attribute vec2 uv;\n"
			     "uniform vec2 size; varying vec2 v_uv;\n"
			     "void main() { v_uv = uv;\n"
			     " gl_Position = vec4(pos.x / size.x * 2.0 - 1.0,"
			     " 1.0 - pos.y / size.y * 2.0, 0.0, 1.0); }\n";
static const char FS_110[] = "#version 110\n"
			     "uniform sampler2D atlas; varying vec2 v_uv;\n"
			     "void main() { gl_FragColor = texture2D(atlas, v_uv); }\n";
static const char VS_100[] = "#version 100\n"
			     "attribute vec2 pos; attribute vec2 uv;\n"
			     "uniform vec2 size; varying vec2 v_uv;\n"
			     "void main() { v_uv = uv;\n"
			     " gl_Position = vec4(pos.x / size.x * 2.0 - 1.0,"
			     " 1.0 - pos.y / size.y * 2.0, 0.0, 1.0); }\n";
static const char FS_100[] = "#version 100\nprecision mediump float;\n"
			     "uniform sampler2D atlas; varying vec2 v_uv;\n"
			     "void main() { gl_FragColor = texture2D(atlas, v_uv); }\n";
static const char VS_150[] = "#version 150\n"
			     "in vec2 pos; in vec2 uv;\n"
			     "uniform vec2 size; out vec2 v_uv;\n"
			     "void main() { v_uv = uv;\n"
			     " gl_Position = vec4(pos.x / size.x * 2.0 - 1.0,"
			     " 1.0 - pos.y / size.y * 2.0, 0.0, 1.0); }\n";
static const char FS_150[] = "#version 150\n"
			     "uniform sampler2D atlas; in vec2 v_uv; out vec4 frag;\n"
			     "void main() { frag = texture(atlas, v_uv); }\n";

static unsigned shader(const struct gl_hud_fns *f, unsigned type, const char *src)
{
	unsigned s = f->CreateShader(type);
	int ok = 0;

	if (!s)
		return 0;
	f->ShaderSource(s, 1, &src, NULL);
	f->CompileShader(s);
	f->GetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		f->DeleteShader(s);
		return 0;
	}
	return s;
}

static bool program(const struct gl_hud_fns *f, struct gl_hud_ctx *c)
{
	const struct gl_hud_kind *k = &c->kind;
	const char *vs = k->is_es ? VS_100 : k->is_core ? VS_150 : VS_110;
	const char *fs = k->is_es ? FS_100 : k->is_core ? FS_150 : FS_110;
	unsigned v = shader(f, GL_VERTEX_SHADER, vs), fr = shader(f, GL_FRAGMENT_SHADER, fs);
	int ok = 0;

	if (v && fr && (c->program = f->CreateProgram())) {
		f->AttachShader(c->program, v);
		f->AttachShader(c->program, fr);
		f->BindAttribLocation(c->program, 0, "pos");
		f->BindAttribLocation(c->program, 1, "uv");
		f->LinkProgram(c->program);
		f->GetProgramiv(c->program, GL_LINK_STATUS, &ok);
	}
	if (v)
		f->DeleteShader(v); /* stays alive while attached */
	if (fr)
		f->DeleteShader(fr);
	if (!ok && c->program) {
		f->DeleteProgram(c->program);
		c->program = 0;
	}
	if (!ok)
		return false;
	f->UseProgram(c->program);
	f->Uniform1i(f->GetUniformLocation(c->program, "atlas"), 0);
	c->loc_size = f->GetUniformLocation(c->program, "size");
	return true;
}

/* c->is_bgra where the panel is blitted: the image painted and uploaded B, G, R, A, so that Mesa
 * makes the texture B8G8R8A8, the X visuals' back buffers' format, which a blit copies
 * (gl_hud_blit.c), and an upload is a copy (ES: EXT_texture_format_BGRA8888's internal format
 * GL_BGRA_EXT); else R, G, B, A */
static void texture(const struct gl_hud_fns *f, struct gl_hud_ctx *c)
{
	struct gl_hud_unpack u;
	unsigned format = c->is_bgra ? GL_BGRA : GL_RGBA;

	f->ActiveTexture(GL_TEXTURE0);
	f->GenTextures(1, &c->texture);
	f->BindTexture(GL_TEXTURE_2D, c->texture);
	f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	gl_hud_unpack_save_set(f, &c->kind, &u); /* no unpack buffer: NULL is no data */
	f->TexImage2D(GL_TEXTURE_2D, 0, (int)(c->kind.is_es ? format : GL_RGBA), HUD_IMAGE_MAX_W,
		      HUD_IMAGE_MAX_H, 0, format, GL_UNSIGNED_BYTE, NULL);
	gl_hud_unpack_restore(f, &c->kind, &u);
}

/* The attribute layout of struct hud_vertex (its colour unused), into the bound vertex array (or
 * the game's attributes 0 and 1, saved by gl_hud_state_save()). */
void gl_hud_attribs(const struct gl_hud_fns *f)
{
	f->VertexAttribPointer(0, 2, GL_FLOAT, 0, sizeof(struct hud_vertex),
			       (void *)offsetof(struct hud_vertex, x));
	f->VertexAttribPointer(1, 2, GL_FLOAT, 0, sizeof(struct hud_vertex),
			       (void *)offsetof(struct hud_vertex, u));
	f->EnableVertexAttribArray(0);
	f->EnableVertexAttribArray(1);
}

bool gl_hud_objects_make(const struct gl_hud_fns *f, struct gl_hud_ctx *c, const char **why)
{
	c->is_bgra = gl_hud_blit_can(f, c);
	c->program = c->texture = c->buffer = c->vao = c->fbo = 0;
	c->image_state.has_image = false;
	if (!program(f, c)) {
		*why = "the HUD's shaders did not compile or link";
		return false;
	}
	texture(f, c);
	f->GenBuffers(1, &c->buffer);
	f->BindBuffer(GL_ARRAY_BUFFER, c->buffer);
	if (c->kind.has_vao) {
		f->GenVertexArrays(1, &c->vao);
		f->BindVertexArray(c->vao);
		gl_hud_attribs(f);
	}
	if (c->is_bgra)
		gl_hud_blit_make(f, c);
	return true;
}

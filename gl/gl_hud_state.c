// SPDX-License-Identifier: MIT
// Every piece of GL state the HUD's drawing touches, saved before and restored after, so that
// the game's next frame starts from exactly what it left (tests/gl/gl_hud_state.c reads it all
// back). Only what the context has is asked: a glGet or glIsEnabled of an enum the context lacks
// would leave a GL error for the game's glGetError().
#include <string.h>

#include "gl/gl_hud.h"

/* Capabilities the HUD needs off: blending too, as the panel is opaque (ingame/hud.h: its solid
 * rectangles cover it and are opaque, the glyphs' ink is opaque), so that a software renderer
 * writes the panel's pixels without reading the game's. A blit (gl_hud_blit.c) passes only the
 * scissor test and sRGB conversion of the fragment operations (rasterizer discard is turned off
 * too, to be safe): a frame that blits, its objects made, touches only those ("lean"). */
static const struct {
	unsigned cap;
	int need; /* 0 all, 1 desktop, 2 desktop 3.0+, 3 desktop compatibility, 4 3.0+ or ES 3 */
	bool is_blit; /* a blit obeys it */
} caps[] = {
	{ GL_BLEND, 0, false },
	{ GL_DEPTH_TEST, 0, false },
	{ GL_STENCIL_TEST, 0, false },
	{ GL_SCISSOR_TEST, 0, true },
	{ GL_CULL_FACE, 0, false },
	{ GL_POLYGON_OFFSET_FILL, 0, false },
	{ GL_SAMPLE_ALPHA_TO_COVERAGE, 0, false },
	{ GL_COLOR_LOGIC_OP, 1, false },
	{ GL_FRAMEBUFFER_SRGB, 2, true },
	{ GL_ALPHA_TEST, 3, false },
	{ GL_RASTERIZER_DISCARD, 4, true },
};
_Static_assert(sizeof(caps) / sizeof(caps[0]) ==
		       sizeof(((struct gl_hud_saved *)0)->enabled) / sizeof(unsigned char),
	       "one saved flag per capability");

static bool has_cap(const struct gl_hud_kind *k, int need)
{
	switch (need) {
	case 1:
		return !k->is_es;
	case 2:
		return k->has_srgb_fb;
	case 3:
		return k->is_compat_ff;
	case 4:
		return k->has_vao;
	default:
		return true;
	}
}

/* Capability i is the context's and the frame touches it */
static bool touches(const struct gl_hud_kind *k, const struct gl_hud_saved *s, size_t i)
{
	return has_cap(k, caps[i].need) && (!s->is_lean || caps[i].is_blit);
}

static void save_attribs(const struct gl_hud_fns *f, struct gl_hud_saved *s)
{
	for (unsigned i = 0; i < 2; i++) {
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_ENABLED, &s->attrib[i].enabled);
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_SIZE, &s->attrib[i].size);
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_STRIDE, &s->attrib[i].stride);
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_TYPE, &s->attrib[i].type);
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_NORMALIZED, &s->attrib[i].normalized);
		f->GetVertexAttribiv(i, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &s->attrib[i].buffer);
		f->GetVertexAttribPointerv(i, GL_VERTEX_ATTRIB_ARRAY_POINTER, &s->attrib[i].pointer);
	}
}

static void restore_attribs(const struct gl_hud_fns *f, const struct gl_hud_saved *s)
{
	for (unsigned i = 0; i < 2; i++) {
		f->BindBuffer(GL_ARRAY_BUFFER, (unsigned)s->attrib[i].buffer);
		f->VertexAttribPointer(i, s->attrib[i].size, (unsigned)s->attrib[i].type,
				       (unsigned char)s->attrib[i].normalized, s->attrib[i].stride,
				       s->attrib[i].pointer);
		if (s->attrib[i].enabled)
			f->EnableVertexAttribArray(i);
		else
			f->DisableVertexAttribArray(i);
	}
}

void gl_hud_state_save(const struct gl_hud_fns *f, const struct gl_hud_ctx *c, struct gl_hud_saved *s)
{
	const struct gl_hud_kind *k = &c->kind;

	memset(s, 0, sizeof(*s));
	s->is_lean = c->state > 0 && c->fbo;
	f->GetIntegerv(GL_ACTIVE_TEXTURE, &s->active_texture);
	f->ActiveTexture(GL_TEXTURE0); /* the unit the HUD uses: its bindings are saved */
	f->GetIntegerv(GL_TEXTURE_BINDING_2D, &s->texture);
	if (k->has_fbo)
		f->GetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &s->framebuffer);
	if (k->has_read_fb)
		f->GetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &s->read_framebuffer);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (touches(k, s, i))
			s->enabled[i] = f->IsEnabled(caps[i].cap);
	if (s->is_lean)
		return;
	f->GetIntegerv(GL_CURRENT_PROGRAM, &s->program);
	f->GetIntegerv(GL_ARRAY_BUFFER_BINDING, &s->array_buffer);
	if (k->has_sampler)
		f->GetIntegerv(GL_SAMPLER_BINDING, &s->sampler);
	if (k->has_vao)
		f->GetIntegerv(GL_VERTEX_ARRAY_BINDING, &s->vao);
	else
		save_attribs(f, s);
	if (!k->is_es)
		f->GetIntegerv(GL_POLYGON_MODE, s->polygon_mode);
	f->GetIntegerv(GL_VIEWPORT, s->viewport);
	f->GetBooleanv(GL_COLOR_WRITEMASK, s->color_mask);
}

/* The back buffer of the default framebuffer: what the swap shows. Its draw buffer is saved
 * here, once it is bound (a framebuffer object's draw buffer is that object's state). */
static void set_target(const struct gl_hud_fns *f, const struct gl_hud_ctx *c, struct gl_hud_saved *s)
{
	const struct gl_hud_kind *k = &c->kind;
	unsigned char is_double = 0;

	if (k->has_fbo)
		f->BindFramebuffer(k->has_read_fb ? GL_DRAW_FRAMEBUFFER : GL_FRAMEBUFFER, 0);
	if (!k->is_es && f->DrawBuffer) {
		f->GetIntegerv(GL_DRAW_BUFFER, &s->draw_buffer);
		f->GetBooleanv(GL_DOUBLEBUFFER, &is_double);
		if (is_double)
			f->DrawBuffer(GL_BACK);
	}
	if (!k->is_es && f->PolygonMode && !s->is_lean)
		f->PolygonMode(GL_FRONT_AND_BACK, GL_FILL);
}

void gl_hud_state_set(const struct gl_hud_fns *f, const struct gl_hud_ctx *c, struct gl_hud_saved *s)
{
	const struct gl_hud_kind *k = &c->kind;

	set_target(f, c, s);
	f->BindTexture(GL_TEXTURE_2D, c->texture); /* for the uploads */
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (touches(k, s, i))
			f->Disable(caps[i].cap);
	if (s->is_lean)
		return;
	f->UseProgram(c->program);
	if (k->has_sampler)
		f->BindSampler(0, 0);
	f->BindBuffer(GL_ARRAY_BUFFER, c->buffer);
	if (k->has_vao)
		f->BindVertexArray(c->vao);
	else
		gl_hud_attribs(f);
	f->Viewport(0, 0, (int)c->width, (int)c->height);
	f->ColorMask(1, 1, 1, 0); /* the destination's alpha stays */
}

static void restore_target(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
			   const struct gl_hud_saved *s)
{
	const struct gl_hud_kind *k = &c->kind;

	if (!k->is_es && f->PolygonMode && !s->is_lean) {
		if (k->is_core || s->polygon_mode[0] == s->polygon_mode[1]) {
			f->PolygonMode(GL_FRONT_AND_BACK, (unsigned)s->polygon_mode[0]);
		} else {
			f->PolygonMode(GL_FRONT, (unsigned)s->polygon_mode[0]);
			f->PolygonMode(GL_BACK, (unsigned)s->polygon_mode[1]);
		}
	}
	if (!k->is_es && f->DrawBuffer && s->draw_buffer)
		f->DrawBuffer((unsigned)s->draw_buffer);
	if (k->has_fbo)
		f->BindFramebuffer(k->has_read_fb ? GL_DRAW_FRAMEBUFFER : GL_FRAMEBUFFER,
				   (unsigned)s->framebuffer);
	if (k->has_read_fb)
		f->BindFramebuffer(GL_READ_FRAMEBUFFER, (unsigned)s->read_framebuffer);
}

void gl_hud_state_restore(const struct gl_hud_fns *f, const struct gl_hud_ctx *c,
			  const struct gl_hud_saved *s)
{
	const struct gl_hud_kind *k = &c->kind;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (touches(k, s, i)) {
			if (s->enabled[i])
				f->Enable(caps[i].cap);
			else
				f->Disable(caps[i].cap);
		}
	if (!s->is_lean) {
		f->ColorMask(s->color_mask[0], s->color_mask[1], s->color_mask[2], s->color_mask[3]);
		f->Viewport(s->viewport[0], s->viewport[1], s->viewport[2], s->viewport[3]);
		if (k->has_vao)
			f->BindVertexArray((unsigned)s->vao);
		else
			restore_attribs(f, s);
		f->BindBuffer(GL_ARRAY_BUFFER, (unsigned)s->array_buffer);
		if (k->has_sampler)
			f->BindSampler(0, (unsigned)s->sampler);
		f->UseProgram((unsigned)s->program);
	}
	f->BindTexture(GL_TEXTURE_2D, (unsigned)s->texture);
	f->ActiveTexture((unsigned)s->active_texture);
	restore_target(f, c, s);
}

void gl_hud_unpack_save_set(const struct gl_hud_fns *f, const struct gl_hud_kind *k,
			    struct gl_hud_unpack *u)
{
	memset(u, 0, sizeof(*u));
	f->GetIntegerv(GL_UNPACK_ALIGNMENT, &u->alignment);
	f->PixelStorei(GL_UNPACK_ALIGNMENT, 1);
	if (!k->has_unpack)
		return;
	f->GetIntegerv(GL_UNPACK_ROW_LENGTH, &u->row_length);
	f->GetIntegerv(GL_UNPACK_SKIP_ROWS, &u->skip_rows);
	f->GetIntegerv(GL_UNPACK_SKIP_PIXELS, &u->skip_pixels);
	f->GetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &u->buffer);
	f->PixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	f->PixelStorei(GL_UNPACK_SKIP_ROWS, 0);
	f->PixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
	f->BindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
}

void gl_hud_unpack_restore(const struct gl_hud_fns *f, const struct gl_hud_kind *k,
			   const struct gl_hud_unpack *u)
{
	f->PixelStorei(GL_UNPACK_ALIGNMENT, u->alignment);
	if (!k->has_unpack)
		return;
	f->PixelStorei(GL_UNPACK_ROW_LENGTH, u->row_length);
	f->PixelStorei(GL_UNPACK_SKIP_ROWS, u->skip_rows);
	f->PixelStorei(GL_UNPACK_SKIP_PIXELS, u->skip_pixels);
	f->BindBuffer(GL_PIXEL_UNPACK_BUFFER, (unsigned)u->buffer);
}

// SPDX-License-Identifier: MIT
// The HUD's panel (ingame/hud.h, struct hud_panel) as one rectangle: two triangles made from the
// push constants, no vertex buffer (on lavapipe each triangle and each vertex costs its own
// set-up: the panel was ~400 of them as glyph and bar quads, issue 29). A list of six vertices,
// as ingame/hud.h's quads: llvmpipe's vertex path (lp_setup_vbuf.c) bins such a list as one
// rectangle.
#version 450

// The viewport is the panel's rectangle: its corners are whole pixels whatever the image's size,
// with no rounding from a division by it, so that at scale 1 each pixel takes exactly one texel.
layout(push_constant) uniform Push {
	vec2 uv; // the texture coordinates of its bottom-right corner (the image's part in use)
} pc;

// a vec4 of which hud.frag samples at .xy: see there
layout(location = 0) out vec4 out_uv;

void main()
{
	// (x0, y0) (x1, y0) (x0, y1), (x1, y0) (x1, y1) (x0, y1), as ingame/hud.h's quads
	const vec2 corners[6] = vec2[6](vec2(0, 0), vec2(1, 0), vec2(0, 1), vec2(1, 0), vec2(1, 1),
					vec2(0, 1));
	vec2 corner = corners[gl_VertexIndex];

	gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
	out_uv = vec4(pc.uv * corner, 0.0, 1.0);
}

// SPDX-License-Identifier: MIT
// The HUD's colour: the vertex colour, its alpha times the font atlas texel (R8, nearest).
#version 450

layout(set = 0, binding = 0) uniform sampler2D atlas;

layout(location = 0) in vec2 in_uv;
layout(location = 1) in vec4 in_color;

layout(location = 0) out vec4 out_color;

void main()
{
	out_color = vec4(in_color.rgb, in_color.a * texture(atlas, in_uv).r);
}

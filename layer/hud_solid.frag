// SPDX-License-Identifier: MIT
// The HUD's solid rectangles (background, graph): the vertex colour, no atlas sample. They
// sample the atlas's solid cell (255) in the contract of ingame/hud.h, so this is the same
// colour as hud.frag gives them; on lavapipe the sample was most of a HUD pixel's cost (issue 29).
#version 450

layout(location = 0) in vec2 in_uv;
layout(location = 1) in vec4 in_color;

layout(location = 0) out vec4 out_color;

void main()
{
	out_color = in_color;
}

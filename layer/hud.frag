// SPDX-License-Identifier: MIT
// The HUD's panel: its image painted on the CPU (ingame/hud_image.c), nearest texel. The image's
// format is the _SRGB one on an _SRGB swapchain, so that the sample is decoded and the attachment
// encodes it back; the panel is opaque (hud.h), written without blending. The coordinates are two
// components of a vec4 input, not a vec2 input: only then does llvmpipe (lp_state_fs_analysis.c)
// take the shader for its linear path, where the panel's pixels took 40 % fewer instructions on
// lavapipe than in its general one (issue 29).
#version 450

layout(set = 0, binding = 0) uniform sampler2D panel;

layout(location = 0) in vec4 in_uv;

layout(location = 0) out vec4 out_color;

void main()
{
	out_color = texture(panel, in_uv.xy);
}

// SPDX-License-Identifier: MIT
// The HUD's vertices (ingame/hud.h, struct hud_vertex): pixels of the swapchain image, origin
// top-left, y down as Vulkan's NDC is; colours sRGB-encoded with straight alpha. On an _SRGB
// swapchain the attachment encodes what the shader writes, so the colour is decoded here first.
#version 450

layout(push_constant) uniform Push {
	vec2 scale;   // 2 / width, 2 / height
	uint is_srgb; // the swapchain format is an _SRGB one
} pc;

layout(location = 0) in vec2 in_pos;
layout(location = 1) in vec2 in_uv;
layout(location = 2) in vec4 in_color; // R8G8B8A8_UNORM

layout(location = 0) out vec2 out_uv;
layout(location = 1) out vec4 out_color;

vec3 srgb_to_linear(vec3 c)
{
	return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), greaterThan(c, vec3(0.04045)));
}

void main()
{
	gl_Position = vec4(in_pos * pc.scale - 1.0, 0.0, 1.0);
	out_uv = in_uv;
	out_color = pc.is_srgb != 0u ? vec4(srgb_to_linear(in_color.rgb), in_color.a) : in_color;
}

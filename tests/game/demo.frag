#version 450
// SPDX-License-Identifier: MIT
// Flat colour, plus a settable amount of per-pixel work (gpu_iters rounds of z = z^2/2 + c/2)
// that only shifts the shade a little, so the GPU cost can be raised without changing the picture.
layout(push_constant) uniform Push {
	float time_s;
	float aspect;
	uint gpu_iters;
	uint frame;
} pc;

layout(location = 0) in vec3 v_color;
layout(location = 1) in vec2 v_uv;
layout(location = 0) out vec4 out_color;

void main()
{
	vec2 z = v_uv;
	float acc = 0.0;
	for (uint i = 0u; i < pc.gpu_iters; i++) {
		z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) * 0.5 + v_uv * 0.5;
		acc += dot(z, z);
	}
	float shade = pc.gpu_iters > 0u ? 0.9 + 0.1 * fract(acc) : 1.0;
	out_color = vec4(v_color * shade, 1.0);
}

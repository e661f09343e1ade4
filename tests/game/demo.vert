#version 450
// SPDX-License-Identifier: MIT
// Twelve triangles orbiting the centre, each spinning on its own axis. No vertex buffer: the
// corners come from gl_VertexIndex (0..2) and gl_InstanceIndex (0..11).
layout(push_constant) uniform Push {
	float time_s;
	float aspect;
	uint gpu_iters;
	uint frame;
} pc;

layout(location = 0) out vec3 v_color;
layout(location = 1) out vec2 v_uv;

void main()
{
	float inst = float(gl_InstanceIndex);
	float orbit = pc.time_s * 1.3 + inst * 6.2831853 / 12.0;
	vec2 centre = 0.6 * vec2(cos(orbit), sin(orbit));
	float corner = -pc.time_s * 3.0 + inst + float(gl_VertexIndex) * 2.0943951;
	vec2 local = vec2(cos(corner), sin(corner));
	vec2 p = centre + 0.16 * local;
	p.x /= pc.aspect;
	gl_Position = vec4(p, 0.0, 1.0);
	v_color = 0.5 + 0.5 * cos(vec3(0.0, 2.0, 4.0) + inst * 0.52 + pc.time_s);
	v_uv = local;
}

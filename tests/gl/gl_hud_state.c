// SPDX-License-Identifier: MIT
// gl_hud_state: a GLX program that sets unusual GL state, swaps with the HUD on (the OpenGL
// library preloaded: it draws the HUD before each swap) and reads all of it back with glGet,
// as a game's next frame would find it (issue 29). Prints one line per value that changed,
// then
//   checked=N changed=N errors=N
// and exits 0 when nothing changed and no GL error is pending.
//   gl_hud_state [--core] [--swaps N] [--hold] [--static]
// --hold: then keeps the window (no more swaps) until killed, for a screenshot of the HUD.
// --static: only swaps a grey frame, for ever (a still picture but for the HUD).
// --core: a 3.3 core profile context (glXCreateContextAttribsARB); else what glXCreateContext
// gives (Mesa: 4.5 compatibility; MESA_GL_VERSION_OVERRIDE=2.1 makes it a 2.1 context without
// vertex arrays, where the HUD saves the game's attributes 0 and 1 instead).
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 320
#define H 240

static int checked, changed;
static int major, is_core;

static void expect_int(const char *what, GLenum pname, GLint want)
{
	GLint got[4] = { 0 };

	glGetIntegerv(pname, got);
	checked++;
	if (got[0] != want) {
		printf("changed: %s = %d, was %d\n", what, got[0], want);
		changed++;
	}
}

static void expect_on(GLenum cap, const char *what, GLboolean want)
{
	checked++;
	if (glIsEnabled(cap) != want) {
		printf("changed: %s %s, was %s\n", what, want ? "off" : "on", want ? "on" : "off");
		changed++;
	}
}

static GLXContext make_context(Display *dpy, XVisualInfo *vi, GLXFBConfig fb)
{
	typedef GLXContext (*create_fn)(Display *, GLXFBConfig, GLXContext, Bool, const int *);
	int attrs[] = { GLX_CONTEXT_MAJOR_VERSION_ARB,
			3,
			GLX_CONTEXT_MINOR_VERSION_ARB,
			3,
			GLX_CONTEXT_PROFILE_MASK_ARB,
			GLX_CONTEXT_CORE_PROFILE_BIT_ARB,
			None };
	create_fn create;

	if (!is_core)
		return glXCreateContext(dpy, vi, NULL, True);
	create = (create_fn)glXGetProcAddressARB((const GLubyte *)"glXCreateContextAttribsARB");
	return create ? create(dpy, fb, NULL, True, attrs) : NULL;
}

static Window open_window(Display **dpy, GLXContext *ctx)
{
	int fb_attrs[] = { GLX_RENDER_TYPE,
			   GLX_RGBA_BIT,
			   GLX_DRAWABLE_TYPE,
			   GLX_WINDOW_BIT,
			   GLX_DOUBLEBUFFER,
			   True,
			   GLX_RED_SIZE,
			   8,
			   GLX_GREEN_SIZE,
			   8,
			   GLX_BLUE_SIZE,
			   8,
			   GLX_DEPTH_SIZE,
			   16,
			   GLX_STENCIL_SIZE,
			   8,
			   None };
	int n = 0;
	GLXFBConfig *fb;
	XVisualInfo *vi;
	Window win;

	if (!(*dpy = XOpenDisplay(NULL)) ||
	    !(fb = glXChooseFBConfig(*dpy, DefaultScreen(*dpy), fb_attrs, &n)) || n < 1 ||
	    !(vi = glXGetVisualFromFBConfig(*dpy, fb[0])))
		return 0;
	XSetWindowAttributes swa = { .colormap = XCreateColormap(*dpy, RootWindow(*dpy, vi->screen),
								 vi->visual, AllocNone) };
	win = XCreateWindow(*dpy, RootWindow(*dpy, vi->screen), 0, 0, W, H, 0, vi->depth,
			    InputOutput, vi->visual, CWColormap, &swa);
	XMapWindow(*dpy, win);
	*ctx = make_context(*dpy, vi, fb[0]);
	if (!*ctx || !glXMakeCurrent(*dpy, win, *ctx))
		return 0;
	return win;
}

static GLuint program(void)
{
	const char *vs =
		is_core ? "#version 150\nin vec4 p; void main() { gl_Position = p; }\n"
			: "#version 110\nattribute vec4 p; void main() { gl_Position = p; }\n";
	const char *fs = is_core ? "#version 150\nout vec4 c; void main() { c = vec4(1.0); }\n"
				 : "#version 110\nvoid main() { gl_FragColor = vec4(1.0); }\n";
	GLuint v = glCreateShader(GL_VERTEX_SHADER), f = glCreateShader(GL_FRAGMENT_SHADER);
	GLuint p = glCreateProgram();

	glShaderSource(v, 1, &vs, NULL);
	glShaderSource(f, 1, &fs, NULL);
	glCompileShader(v);
	glCompileShader(f);
	glAttachShader(p, v);
	glAttachShader(p, f);
	glLinkProgram(p);
	return p;
}

/* What the game leaves bound and set at its swap: every value unlike the default. */
struct game {
	GLuint prog, buf, ebo, vao, tex0, tex3, sampler, fbo, rbo, read_fbo, pbo;
	char client[64];
};

static void set_buffers(struct game *g)
{
	glGenBuffers(1, &g->buf);
	glBindBuffer(GL_ARRAY_BUFFER, g->buf);
	glBufferData(GL_ARRAY_BUFFER, 256, NULL, GL_STATIC_DRAW);
	if (major >= 3) {
		glGenVertexArrays(1, &g->vao);
		glBindVertexArray(g->vao);
	}
	/* attributes 0..2: a buffer for 0, client memory for 1 (not in a core profile), 2 off */
	glVertexAttribPointer(0, 3, GL_SHORT, GL_TRUE, 12, (void *)8);
	glEnableVertexAttribArray(0);
	if (major < 3) { /* client memory: only without a vertex array object */
		glBindBuffer(GL_ARRAY_BUFFER, 0);
		glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 4, g->client);
		glEnableVertexAttribArray(1);
		glBindBuffer(GL_ARRAY_BUFFER, g->buf);
	}
	glVertexAttribPointer(2, 2, GL_UNSIGNED_SHORT, GL_FALSE, 0, (void *)4);
	glGenBuffers(1, &g->ebo);
	glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g->ebo);
	glGenBuffers(1, &g->pbo);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, g->pbo);
	glBufferData(GL_PIXEL_UNPACK_BUFFER, 64, NULL, GL_STREAM_DRAW);
}

static void set_textures_and_targets(struct game *g)
{
	glActiveTexture(GL_TEXTURE0);
	glGenTextures(1, &g->tex0);
	glBindTexture(GL_TEXTURE_2D, g->tex0);
	if (major > 3 || is_core) { /* 3.3+ */
		glGenSamplers(1, &g->sampler);
		glBindSampler(0, g->sampler);
	}
	glActiveTexture(GL_TEXTURE3);
	glGenTextures(1, &g->tex3);
	glBindTexture(GL_TEXTURE_2D, g->tex3);
	/* the default framebuffer draws to its front buffer, and the game is drawing into an
	 * FBO of its own (read from another) when it swaps */
	glDrawBuffer(GL_FRONT);
	glGenFramebuffers(1, &g->fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, g->fbo);
	glGenRenderbuffers(1, &g->rbo);
	glBindRenderbuffer(GL_RENDERBUFFER, g->rbo);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 16, 16);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, g->rbo);
	if (major >= 3) {
		glGenFramebuffers(1, &g->read_fbo);
		glBindFramebuffer(GL_READ_FRAMEBUFFER, g->read_fbo);
	}
}

static void set_fixed_state(void)
{
	glEnable(GL_DEPTH_TEST);
	glEnable(GL_STENCIL_TEST);
	glEnable(GL_SCISSOR_TEST);
	glEnable(GL_CULL_FACE);
	glEnable(GL_POLYGON_OFFSET_FILL);
	glEnable(GL_SAMPLE_ALPHA_TO_COVERAGE);
	glEnable(GL_COLOR_LOGIC_OP);
	if (major >= 3)
		glEnable(GL_FRAMEBUFFER_SRGB);
	if (!is_core)
		glEnable(GL_ALPHA_TEST);
	glDisable(GL_BLEND);
	glBlendFuncSeparate(GL_DST_COLOR, GL_ZERO, GL_ONE, GL_SRC_ALPHA);
	glBlendEquationSeparate(GL_FUNC_SUBTRACT, GL_MAX);
	glColorMask(GL_TRUE, GL_FALSE, GL_TRUE, GL_FALSE);
	glViewport(3, 5, 100, 50);
	if (is_core) {
		glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
	} else {
		glPolygonMode(GL_FRONT, GL_LINE);
		glPolygonMode(GL_BACK, GL_POINT);
	}
	glPixelStorei(GL_UNPACK_ALIGNMENT, 2);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 7);
	glPixelStorei(GL_UNPACK_SKIP_ROWS, 1);
	glPixelStorei(GL_UNPACK_SKIP_PIXELS, 2);
}

static void expect_attrib(GLuint i, GLint enabled, GLint size, GLint type, GLint stride,
			  GLint buffer, const void *pointer)
{
	GLint v;
	void *p = NULL;
	const GLenum names[] = { GL_VERTEX_ATTRIB_ARRAY_ENABLED, GL_VERTEX_ATTRIB_ARRAY_SIZE,
				 GL_VERTEX_ATTRIB_ARRAY_TYPE, GL_VERTEX_ATTRIB_ARRAY_STRIDE,
				 GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING };
	const GLint want[] = { enabled, size, type, stride, buffer };

	for (int k = 0; k < 5; k++) {
		glGetVertexAttribiv(i, names[k], &v);
		checked++;
		if (v != want[k]) {
			printf("changed: attribute %u field %d = %d, was %d\n", i, k, v, want[k]);
			changed++;
		}
	}
	glGetVertexAttribPointerv(i, GL_VERTEX_ATTRIB_ARRAY_POINTER, &p);
	checked++;
	if (p != pointer) {
		printf("changed: attribute %u pointer %p, was %p\n", i, p, pointer);
		changed++;
	}
}

static void check_all(const struct game *g)
{
	GLint mode[2] = { 0 }, mask[4] = { 0 };
	GLboolean cm[4];

	expect_int("program", GL_CURRENT_PROGRAM, (GLint)g->prog);
	expect_int("array buffer", GL_ARRAY_BUFFER_BINDING, (GLint)g->buf);
	expect_int("element buffer", GL_ELEMENT_ARRAY_BUFFER_BINDING, (GLint)g->ebo);
	expect_int("unpack buffer", GL_PIXEL_UNPACK_BUFFER_BINDING, (GLint)g->pbo);
	expect_int("active texture", GL_ACTIVE_TEXTURE, GL_TEXTURE3);
	expect_int("texture of unit 3", GL_TEXTURE_BINDING_2D, (GLint)g->tex3);
	if (major >= 3)
		expect_int("vertex array", GL_VERTEX_ARRAY_BINDING, (GLint)g->vao);
	expect_int("draw framebuffer", GL_DRAW_FRAMEBUFFER_BINDING, (GLint)g->fbo);
	/* (2.1: GL_FRAMEBUFFER bound both; ARB_framebuffer_object or EXT_framebuffer_blit) */
	expect_int("read framebuffer", GL_READ_FRAMEBUFFER_BINDING,
		   (GLint)(major >= 3 ? g->read_fbo : g->fbo));
	expect_int("blend src rgb", GL_BLEND_SRC_RGB, GL_DST_COLOR);
	expect_int("blend dst rgb", GL_BLEND_DST_RGB, GL_ZERO);
	expect_int("blend src alpha", GL_BLEND_SRC_ALPHA, GL_ONE);
	expect_int("blend dst alpha", GL_BLEND_DST_ALPHA, GL_SRC_ALPHA);
	expect_int("blend equation rgb", GL_BLEND_EQUATION_RGB, GL_FUNC_SUBTRACT);
	expect_int("blend equation alpha", GL_BLEND_EQUATION_ALPHA, GL_MAX);
	expect_int("unpack alignment", GL_UNPACK_ALIGNMENT, 2);
	expect_int("unpack row length", GL_UNPACK_ROW_LENGTH, 7);
	expect_int("unpack skip rows", GL_UNPACK_SKIP_ROWS, 1);
	expect_int("unpack skip pixels", GL_UNPACK_SKIP_PIXELS, 2);
	glGetIntegerv(GL_VIEWPORT, mask);
	checked++;
	if (mask[0] != 3 || mask[1] != 5 || mask[2] != 100 || mask[3] != 50)
		printf("changed: viewport %d %d %d %d\n", mask[0], mask[1], mask[2], mask[3]),
			changed++;
	glGetBooleanv(GL_COLOR_WRITEMASK, cm);
	checked++;
	if (!cm[0] || cm[1] || !cm[2] || cm[3])
		printf("changed: color mask %d %d %d %d\n", cm[0], cm[1], cm[2], cm[3]), changed++;
	glGetIntegerv(GL_POLYGON_MODE, mode);
	checked++;
	if (mode[0] != GL_LINE || (!is_core && mode[1] != GL_POINT))
		printf("changed: polygon mode %#x %#x\n", mode[0], mode[1]), changed++;
	expect_on(GL_BLEND, "blend", GL_FALSE);
	expect_on(GL_DEPTH_TEST, "depth test", GL_TRUE);
	expect_on(GL_STENCIL_TEST, "stencil test", GL_TRUE);
	expect_on(GL_SCISSOR_TEST, "scissor test", GL_TRUE);
	expect_on(GL_CULL_FACE, "cull face", GL_TRUE);
	expect_on(GL_POLYGON_OFFSET_FILL, "polygon offset fill", GL_TRUE);
	expect_on(GL_SAMPLE_ALPHA_TO_COVERAGE, "alpha to coverage", GL_TRUE);
	expect_on(GL_COLOR_LOGIC_OP, "logic op", GL_TRUE);
	if (major >= 3)
		expect_on(GL_FRAMEBUFFER_SRGB, "framebuffer sRGB", GL_TRUE);
	if (!is_core)
		expect_on(GL_ALPHA_TEST, "alpha test", GL_TRUE);
	expect_attrib(0, 1, 3, GL_SHORT, 12, (GLint)g->buf, (void *)8);
	if (major < 3)
		expect_attrib(1, 1, 1, GL_FLOAT, 4, 0, g->client);
	expect_attrib(2, 0, 2, GL_UNSIGNED_SHORT, 0, (GLint)g->buf, (void *)4);
}

/* unit 0's texture and sampler, the default framebuffer's draw buffer: under other bindings */
static void check_hidden(const struct game *g)
{
	glActiveTexture(GL_TEXTURE0);
	expect_int("texture of unit 0", GL_TEXTURE_BINDING_2D, (GLint)g->tex0);
	if (g->sampler)
		expect_int("sampler of unit 0", GL_SAMPLER_BINDING, (GLint)g->sampler);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	expect_int("draw buffer of the window", GL_DRAW_BUFFER, GL_FRONT);
}

int main(int argc, char **argv)
{
	int swaps = 6, errors = 0, is_hold = 0, is_static = 0;
	struct game g = { 0 };
	Display *dpy;
	GLXContext ctx;
	Window win;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--core"))
			is_core = 1;
		else if (!strcmp(argv[i], "--hold"))
			is_hold = 1;
		else if (!strcmp(argv[i], "--static"))
			is_static = 1;
		else if (!strcmp(argv[i], "--swaps") && i + 1 < argc)
			swaps = atoi(argv[++i]);
	}
	if (!(win = open_window(&dpy, &ctx))) {
		fprintf(stderr, "gl_hud_state: no GLX window%s\n", is_core ? " (3.3 core)" : "");
		return 2;
	}
	sscanf((const char *)glGetString(GL_VERSION), "%d", &major);
	printf("GL_VERSION %s\n", glGetString(GL_VERSION));
	fflush(stdout);
	for (long i = 0; is_static; i++) {
		glClearColor(0.5f, 0.5f, 0.5f, 1);
		glClear(GL_COLOR_BUFFER_BIT);
		glXSwapBuffers(dpy, win);
		if (i == 60)
			printf("swapped 60\n"), fflush(stdout);
	}
	for (int i = 0; i < swaps; i++) {
		glBindFramebuffer(GL_FRAMEBUFFER, 0);
		glDrawBuffer(GL_BACK);
		glClearColor(0, 0, 0, 1);
		glClear(GL_COLOR_BUFFER_BIT);
		if (i == swaps - 1) { /* the last frame leaves everything unusual */
			g.prog = program();
			glUseProgram(g.prog);
			set_buffers(&g);
			set_textures_and_targets(&g);
			set_fixed_state();
			while (glGetError() != GL_NO_ERROR)
				errors += 1000; /* the test's own setup went wrong */
		}
		glXSwapBuffers(dpy, win);
	}
	check_all(&g);
	check_hidden(&g);
	while (glGetError() != GL_NO_ERROR)
		errors++;
	printf("checked=%d changed=%d errors=%d\n", checked, changed, errors);
	fflush(stdout);
	while (is_hold)
		pause();
	return changed || errors;
}

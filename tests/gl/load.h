// SPDX-License-Identifier: MIT
// The OpenGL test programs' way to reach GL without linking it: a function from dlsym on a
// dlopen()ed library (LOAD) or from a GetProcAddress (GPA); a missing one ends the program with
// a line naming it (exit status 1).
#ifndef MVGAL_TESTS_GL_LOAD_H
#define MVGAL_TESTS_GL_LOAD_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static inline void *gl_test_need(void *p, const char *prog, const char *name)
{
	if (!p) {
		fprintf(stderr, "%s: %s: not found\n", prog, name);
		exit(1);
	}
	return p;
}

/* PROG must name the program (a string literal) where these are used. */
#define LOAD(h, var, name) (*(void **)&(var) = gl_test_need(dlsym((h), (name)), PROG, (name)))
#define GPA(gpa, var, name) (*(void **)&(var) = gl_test_need((void *)(gpa)(name), PROG, (name)))

#endif

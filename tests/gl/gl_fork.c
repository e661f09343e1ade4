// SPDX-License-Identifier: MIT
// gl_fork: a GLX program that forks while it swaps (issue 23). Two threads swap in their own
// windows and contexts, as a game's render thread and a launcher or video thread do, while the
// main thread forks --forks N children, one every few milliseconds: even ones call exit() at
// once (the preload library's destructor runs in them), odd ones open their own display,
// window and context, swap three frames and exit() (a helper process that draws).
// A child is counted hung when it is blocked: still running, and its CPU time (/proc/PID/stat,
// all its threads) has not moved for --stall-ms (a lock that is never given back). A child that
// keeps computing is slow, not hung, and is waited for up to --child-timeout-ms after the last
// fork (then counted hung too): with the HUD on, each child that swaps compiles the HUD's
// shaders with llvmpipe's LLVM and each child's exit() frees Mesa's compiler state, which a
// wall-clock limit of a few seconds counted as hangs on a loaded machine (issue 29). Prints
//   forks=N exited=N swapped=N hung=N failed=N
// and exits 0 only when every child ended by itself with status 0; on stderr, how long the
// last child took and the CPU time of each kind of child. --min-frames N: the threads go on
// swapping until each has swapped N frames (at most --child-timeout-ms more), so that what the
// library does every so many frames (MVGAL_SELFTIME's cost line every 256) comes however slow
// the machine.
//   gl_fork [--forks N] [--stall-ms MS] [--child-timeout-ms MS] [--min-frames N]
#include <GL/gl.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FORKS 1000
#define CHILD_SWAPS 3

struct window {
	Display *dpy;
	Window win;
	GLXContext ctx;
};

static volatile int should_stop;
static volatile long frames[2];

static int open_window(struct window *w)
{
	int attrs[] = {
		GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8,
		None
	};
	w->dpy = XOpenDisplay(NULL);
	if (!w->dpy)
		return -1;
	int screen = DefaultScreen(w->dpy);
	XVisualInfo *vi = glXChooseVisual(w->dpy, screen, attrs);
	if (!vi)
		return -1;
	Window root = RootWindow(w->dpy, screen);
	XSetWindowAttributes swa = { .colormap =
					     XCreateColormap(w->dpy, root, vi->visual, AllocNone) };
	w->win = XCreateWindow(w->dpy, root, 0, 0, 64, 48, 0, vi->depth, InputOutput, vi->visual,
			       CWColormap, &swa);
	XMapWindow(w->dpy, w->win);
	w->ctx = glXCreateContext(w->dpy, vi, NULL, True);
	XFree(vi);
	if (!w->ctx || !glXMakeCurrent(w->dpy, w->win, w->ctx))
		return -1;
	return 0;
}

static void draw(struct window *w, int i)
{
	glClearColor((float)(i & 1), 0.5f, 0.25f, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT);
	glXSwapBuffers(w->dpy, w->win);
}

static void *swapper(void *arg)
{
	long id = (long)arg;
	struct window w;
	if (open_window(&w)) {
		fprintf(stderr, "gl_fork: thread %ld: no GLX window\n", id);
		exit(1);
	}
	for (int i = 0; !should_stop; i++) {
		draw(&w, i);
		__atomic_add_fetch(&frames[id], 1, __ATOMIC_RELAXED);
	}
	glXMakeCurrent(w.dpy, None, NULL);
	glXDestroyContext(w.dpy, w.ctx);
	XCloseDisplay(w.dpy);
	return NULL;
}

static void child_swap(void)
{
	struct window w;
	if (open_window(&w))
		exit(3);
	for (int i = 0; i < CHILD_SWAPS; i++)
		draw(&w, i);
	exit(0);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The CPU time of a running child, all its threads, in clock ticks; -1 once it is gone. */
static long long cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long utime, stime;
	FILE *f;
	size_t n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* after the command's ")": state, then fields 4..13, then utime and stime (proc(5)) */
	if (!(p = strrchr(buf, ')')) ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
		   &stime) != 2)
		return -1;
	return (long long)(utime + stime);
}

/* A child counted hung: killed, and said on stderr */
static void hang(pid_t pid, long i, int64_t still_ms)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fprintf(stderr, "gl_fork: child %ld (%s) hung: no CPU time for its last %lld ms\n", i,
		i & 1 ? "swaps" : "exits", (long long)still_ms);
}

static long long ms_of(const struct timeval *t)
{
	return (long long)t->tv_sec * 1000 + t->tv_usec / 1000;
}

int main(int argc, char **argv)
{
	long forks = 40, stall_ms = 3000, timeout_ms = 120000, min_frames = 0;
	pid_t pids[MAX_FORKS];
	int done[MAX_FORKS] = { 0 };
	long long ticks[MAX_FORKS];
	int64_t moved_ms[MAX_FORKS];
	long long cpu_ms[2] = { 0, 0 };
	int exited = 0, swapped = 0, hung = 0, failed = 0;
	pthread_t threads[2];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--forks") && i + 1 < argc)
			forks = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--stall-ms") && i + 1 < argc)
			stall_ms = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--child-timeout-ms") && i + 1 < argc)
			timeout_ms = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--min-frames") && i + 1 < argc)
			min_frames = strtol(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: gl_fork [--forks N] [--stall-ms MS] "
					"[--child-timeout-ms MS] [--min-frames N]\n");
			return 2;
		}
	}
	if (forks < 1 || forks > MAX_FORKS)
		forks = 40;
	if (!XInitThreads()) {
		fprintf(stderr, "gl_fork: XInitThreads failed\n");
		return 1;
	}
	for (long i = 0; i < 2; i++)
		pthread_create(&threads[i], NULL, swapper, (void *)i);
	/* both threads swap (the library is active, telemetry started) before the first fork */
	while (__atomic_load_n(&frames[0], __ATOMIC_RELAXED) < 2 ||
	       __atomic_load_n(&frames[1], __ATOMIC_RELAXED) < 2)
		sleep_ms(1);

	for (long i = 0; i < forks; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (i & 1)
				child_swap();
			exit(0);
		}
		pids[i] = pid;
		ticks[i] = -1;
		moved_ms[i] = now_ms();
		if (pid < 0)
			failed++, done[i] = 1;
		sleep_ms(3 + i % 7); /* forks land at every point of the threads' frames */
	}

	int64_t last_fork_ms = now_ms(), slowest_ms = 0;
	int64_t deadline = last_fork_ms + timeout_ms;
	int left = (int)forks - failed;
	while (left > 0 && now_ms() < deadline) {
		for (long i = 0; i < forks; i++) {
			int status;
			struct rusage ru;
			long long t;
			if (done[i])
				continue;
			if (wait4(pids[i], &status, WNOHANG, &ru) != pids[i]) {
				/* still running: blocked when its CPU time stands still */
				if ((t = cpu_ticks(pids[i])) != ticks[i])
					ticks[i] = t, moved_ms[i] = now_ms();
				else if (now_ms() - moved_ms[i] >= stall_ms) {
					hang(pids[i], i, now_ms() - moved_ms[i]);
					done[i] = 1;
					left--;
					hung++;
				}
				continue;
			}
			done[i] = 1;
			left--;
			cpu_ms[i & 1] += ms_of(&ru.ru_utime) + ms_of(&ru.ru_stime);
			if (now_ms() - last_fork_ms > slowest_ms)
				slowest_ms = now_ms() - last_fork_ms;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				failed++;
				fprintf(stderr, "gl_fork: child %ld: %s %d\n", i,
					WIFEXITED(status) ? "status" : "signal",
					WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
			} else if (i & 1)
				swapped++;
			else
				exited++;
		}
		sleep_ms(10);
	}
	for (long i = 0; i < forks; i++) {
		if (done[i])
			continue;
		hang(pids[i], i, now_ms() - moved_ms[i]);
		hung++;
	}
	fprintf(stderr,
		"gl_fork: the last child to end ended %lld ms after the last fork; CPU time of "
		"the children that ended: %lld ms those that exit at once, %lld ms those that "
		"swap\n",
		(long long)slowest_ms, cpu_ms[0], cpu_ms[1]);
	deadline = now_ms() + timeout_ms;
	while ((__atomic_load_n(&frames[0], __ATOMIC_RELAXED) < min_frames ||
		__atomic_load_n(&frames[1], __ATOMIC_RELAXED) < min_frames) &&
	       now_ms() < deadline)
		sleep_ms(10);
	should_stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	printf("forks=%ld exited=%d swapped=%d hung=%d failed=%d\n", forks, exited, swapped, hung,
	       failed);
	return hung || failed ? 1 : 0;
}

// SPDX-License-Identifier: MIT
// hud_key_fork: the HUD's toggle key (ingame/hud_key.c) across fork() (issue 29). Two threads
// poll the X11 keyboard state through hud_key_presses() without pause (every call a poll: the
// clock handed in moves 100 ms a call), with XInitThreads() on as in a threaded game, so Xlib's
// display locks are real; the main thread forks --forks N children meanwhile, the first ten
// 0.2 ms apart from the threads' start on, so that some land while a thread is in its first
// poll's XOpenDisplay, which holds Xlib's global lock. Each child polls three times and exits 0:
// it must neither block on the lock word, the Display a parent's thread held at the fork or
// Xlib's global lock (it makes no X call) nor crash. A child not ended 10 s after its fork (it
// needs about a millisecond) is killed by SIGALRM and counted hung. Prints
//   forks=N ended=N hung=N failed=N polls=N
// and exits 0 when every child ended with status 0 and the threads polled.
//   hud_key_fork [--forks N]
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ingame/hud.h"

#define POLL_NS INT64_C(100000000)

static atomic_llong fake_now = POLL_NS;
static atomic_long polls;
static atomic_int should_stop;

static void *poller(void *arg)
{
	(void)arg;
	while (!atomic_load(&should_stop)) {
		hud_key_presses(atomic_fetch_add(&fake_now, POLL_NS));
		atomic_fetch_add(&polls, 1);
	}
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(void)
{
	alarm(10); /* a hang ends as SIGALRM */
	for (int i = 0; i < 3; i++)
		hud_key_presses(atomic_fetch_add(&fake_now, POLL_NS));
	_exit(0);
}

int main(int argc, char **argv)
{
	int forks = 40, ended = 0, hung = 0, failed = 0;
	int64_t slowest_ms = 0;
	void *x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_GLOBAL);
	int (*init_threads)(void) = x11 ? (int (*)(void))dlsym(x11, "XInitThreads") : NULL;
	pthread_t t[2];

	if (argc == 3 && !strcmp(argv[1], "--forks"))
		forks = atoi(argv[2]);
	if (!init_threads || !init_threads() || !getenv("DISPLAY")) {
		fprintf(stderr, "hud_key_fork: needs libX11 and an X server (DISPLAY)\n");
		return 2;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, poller, NULL);
	for (int i = 0; i < forks; i++) {
		struct timespec gap = { 0, i < 10 ? 200000 : 3000000 };
		int status;
		pid_t pid;
		int64_t t0;

		nanosleep(&gap, NULL);
		t0 = now_ms();
		if ((pid = fork()) == 0)
			child();
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			failed++;
		else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			hung++, fprintf(stderr, "hud_key_fork: child %d hung\n", i);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ended++;
		else
			failed++;
		if (now_ms() - t0 > slowest_ms)
			slowest_ms = now_ms() - t0;
	}
	atomic_store(&should_stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	fprintf(stderr, "hud_key_fork: the slowest child took %lld ms\n", (long long)slowest_ms);
	printf("forks=%d ended=%d hung=%d failed=%d polls=%s\n", forks, ended, hung, failed,
	       atomic_load(&polls) > 10 ? "many" : "few");
	return !(ended == forks && atomic_load(&polls) > 10);
}

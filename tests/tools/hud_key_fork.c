// SPDX-License-Identifier: MIT
// hud_key_fork: the HUD's toggle key (ingame/hud_key.c) across fork() (issue 29). Two threads
// poll the X11 keyboard state through hud_key_presses() without pause (every call a poll: the
// clock handed in moves 100 ms a call), with XInitThreads() on as in a threaded game, so Xlib's
// display locks are real; the main thread forks --forks N children meanwhile. Each child polls
// three times and exits 0: it must neither block on the lock word or the Display a parent's
// thread held at the fork (it opens a connection of its own) nor crash. A child not ended 30 s
// after its fork is killed and counted hung. Prints
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

static void child(void)
{
	alarm(30); /* a hang ends as SIGALRM */
	for (int i = 0; i < 3; i++)
		hud_key_presses(atomic_fetch_add(&fake_now, POLL_NS));
	_exit(0);
}

int main(int argc, char **argv)
{
	int forks = 40, ended = 0, hung = 0, failed = 0;
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
		struct timespec gap = { 0, 3000000 };
		int status;
		pid_t pid;

		nanosleep(&gap, NULL);
		if ((pid = fork()) == 0)
			child();
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			failed++;
		else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			hung++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ended++;
		else
			failed++;
	}
	atomic_store(&should_stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("forks=%d ended=%d hung=%d failed=%d polls=%s\n", forks, ended, hung, failed,
	       atomic_load(&polls) > 10 ? "many" : "few");
	return !(ended == forks && atomic_load(&polls) > 10);
}

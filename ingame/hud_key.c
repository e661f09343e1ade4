// SPDX-License-Identifier: MIT
// The HUD's toggle key, Shift+F12 (as MangoHud users know it), read from the X11 keyboard state:
// libX11 is dlopen()ed (no input library linked into a game), our own Display connection is
// opened at the first poll and XQueryKeymap() is asked at most every 100 ms. Edge-triggered: a
// press counts when F12 goes down with a Shift key held.
//
// The state is one struct, taken with a lock word that holds the owner's pid instead of a mutex:
// a thread that finds it taken returns at once (never blocks a present), and a child of fork()
// that finds its parent's pid in it takes it over and drops the parent's connection (its socket
// is shared with the parent: never used again, never closed on the wire).
//
// A child of fork() whose parent already polled never opens a connection of its own: it keeps
// the presses counted at the fork (the HUD stays shown or hidden as it was) and polls no more.
// XOpenDisplay takes Xlib's global lock (_XConnectXCB, once XInitThreads is on), and a fork while
// another thread of the parent held it (our own first poll's XOpenDisplay, or the game's) leaves
// it held in the child for ever: the child blocked in its first poll (issue 29, measured: the
// first of 40 children of tests/tools/hud_key_fork in most runs). A program that execs after
// fork starts afresh and gets its own toggle.
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "ingame/hud.h"

#define POLL_NS INT64_C(100000000)
#define XK_F12 0xffc9
#define XK_SHIFT_L 0xffe1
#define XK_SHIFT_R 0xffe2

typedef void *(*open_display_fn)(const char *);
typedef int (*query_keymap_fn)(void *, char[32]);
typedef unsigned char (*keysym_to_keycode_fn)(void *, unsigned long);

static struct {
	atomic_int lock_pid;	   /* 0 free, else the pid of the holder */
	atomic_uint presses;	   /* what hud_key_presses() returns */
	atomic_llong next_poll_ns; /* no poll before this */
	pid_t pid;		   /* the process that opened `display` (or gave up) */
	bool is_given_up;	   /* no X in this process */
	void *display;
	query_keymap_fn query_keymap;
	unsigned char f12, shift_l, shift_r;
	bool was_down;
} key;

static bool try_lock(pid_t self)
{
	int held = 0;

	if (atomic_compare_exchange_strong(&key.lock_pid, &held, self))
		return true;
	/* a lock word copied by fork() from the parent, whose holder does not exist here */
	return held != self && atomic_compare_exchange_strong(&key.lock_pid, &held, self);
}

static void open_x(pid_t self)
{
	open_display_fn open_display;
	keysym_to_keycode_fn to_keycode;
	bool is_forked = key.pid != 0;
	void *lib;

	key.pid = self;
	key.display = NULL;
	key.is_given_up = true;
	if (is_forked || !getenv("DISPLAY") || !(lib = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL)))
		return;
	open_display = (open_display_fn)dlsym(lib, "XOpenDisplay");
	key.query_keymap = (query_keymap_fn)dlsym(lib, "XQueryKeymap");
	to_keycode = (keysym_to_keycode_fn)dlsym(lib, "XKeysymToKeycode");
	if (!open_display || !key.query_keymap || !to_keycode || !(key.display = open_display(NULL)))
		return;
	key.f12 = to_keycode(key.display, XK_F12);
	key.shift_l = to_keycode(key.display, XK_SHIFT_L);
	key.shift_r = to_keycode(key.display, XK_SHIFT_R);
	key.is_given_up = !key.f12;
}

static bool is_down(const char map[32], unsigned char code)
{
	return code && (map[code / 8] >> (code % 8)) & 1;
}

uint32_t hud_key_presses(int64_t now_ns)
{
	pid_t self;
	char map[32];

	if (now_ns < atomic_load(&key.next_poll_ns))
		return atomic_load(&key.presses);
	self = getpid();
	if (!try_lock(self))
		return atomic_load(&key.presses);
	atomic_store(&key.next_poll_ns, now_ns + POLL_NS);
	if (key.pid != self)
		open_x(self);
	if (!key.is_given_up && key.query_keymap(key.display, map)) {
		bool down = is_down(map, key.f12) &&
			    (is_down(map, key.shift_l) || is_down(map, key.shift_r));

		if (down && !key.was_down)
			atomic_fetch_add(&key.presses, 1);
		key.was_down = down;
	}
	atomic_store(&key.lock_pid, 0);
	return atomic_load(&key.presses);
}

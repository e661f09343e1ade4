// SPDX-License-Identifier: MIT
/*
 * ingame/ private: the window-system probes behind ingame_refresh_read() (refresh.c). Both
 * dlopen() their libraries (the libraries link no window-system library, DESIGN.md section 5)
 * and keep them loaded (RTLD_NODELETE).
 */
#ifndef MVGAL_INGAME_WINDOW_H
#define MVGAL_INGAME_WINDOW_H

#include "ingame/ingame.h"

/* randr.c: the refresh of the RandR CRTC showing most of `window`, via libxcb-randr (and
 * libX11-xcb for an Xlib Display: ws INGAME_XLIB, else an xcb_connection_t). 0, or -errno;
 * *output gets the output's name. */
int ingame_randr_refresh(enum ingame_window_system ws, void *connection, uint64_t window,
			 int64_t *refresh_ns, char *output, size_t output_len);

/* wayland.c: the refresh (ns) of the current mode of the wl_output a Wayland surface is on, via
 * libwayland-client on a private queue of `display`; with several outputs the highest refresh
 * (*n_outputs says how many had a mode). `output` gets its name. 0, or a negative errno. */
int ingame_wayland_refresh(void *display, int64_t *refresh_ns, char *output, size_t output_len,
			   int *n_outputs);

#endif

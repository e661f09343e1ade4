// SPDX-License-Identifier: MIT
// A desktop notification for a launch that failed where no one reads stderr (Steam mode).
#ifndef MVGAL_LAUNCHER_NOTIFY_H
#define MVGAL_LAUNCHER_NOTIFY_H

#include <stdbool.h>

/* The longest a notification may hold up the failing launch, in milliseconds. */
#define NOTIFY_TIMEOUT_MS 3000

/*
 * Shows summary and body (plain text; made ASCII and markup-safe here) through the freedesktop
 * notification service (org.freedesktop.Notifications.Notify on the session bus), sent by
 * notify-send (libnotify-bin) or else gdbus (libglib2.0-bin) found in PATH: run with an argv, no
 * shell, stdin/stdout on /dev/null, killed after NOTIFY_TIMEOUT_MS. Does nothing without a
 * session bus (DBUS_SESSION_BUS_ADDRESS, or a socket at $XDG_RUNTIME_DIR/bus) or without
 * either program. True when the client reported success.
 */
bool notify_send(const char *summary, const char *body);

#endif

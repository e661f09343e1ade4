// SPDX-License-Identifier: MIT
// A failed launch under Steam has no terminal: its error line goes to Steam's console log, which
// no one reads (issue 24). It also goes where the user looks, a desktop notification, through
// the freedesktop notification service (Desktop Notifications Specification 1.2:
// org.freedesktop.Notifications.Notify on the session bus). The desktop's own client program
// sends it, with an argv and no shell: notify-send (libnotify-bin), else gdbus (libglib2.0-bin).
// A D-Bus library would be a new dependency of a program that needs only glibc (Flatpak).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "launcher/launcher.h"
#include "launcher/notify.h"

extern char **environ;

#define NOTIFY_TEXT_MAX 1024

/*
 * The session bus's address for the client: DBUS_SESSION_BUS_ADDRESS, else the socket that
 * systemd and dbus-broker put at $XDG_RUNTIME_DIR/bus (as an address in out; GLib would look
 * there too, but without either it would try to start a bus: X11 autolaunch). False: no bus.
 */
static bool session_bus(char *out, size_t size)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char sock[PATH_MAX];
	struct stat st;
	size_t n;

	out[0] = '\0';
	if (addr && addr[0])
		return true;
	if (!rt || rt[0] != '/' || snprintf(sock, sizeof(sock), "%s/bus", rt) >= (int)sizeof(sock) ||
	    stat(sock, &st) < 0 || !S_ISSOCK(st.st_mode))
		return false;
	// D-Bus address syntax: bytes other than [-0-9A-Za-z_/.\*] are %-escaped
	n = (size_t)snprintf(out, size, "DBUS_SESSION_BUS_ADDRESS=unix:path=");
	for (const char *s = sock; *s && n + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    strchr("-_/.\\*", c))
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, size - n, "%%%02x", c);
	}
	out[n] = '\0';
	return true;
}

/*
 * Plain text the notification service shows as it is: printable ASCII only (a byte above 0x7e,
 * which may be half a character or a C1 control, and a control byte become '?'), and the markup
 * that servers with "body-markup" read escaped.
 */
static void plain_text(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;
		const char *ent = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : NULL;
		if (ent)
			n += (size_t)snprintf(out + n, size - n, "%s", ent);
		else
			out[n++] = c >= 0x20 && c < 0x7f ? (char)c : c == '\n' ? '\n' : '?';
	}
	out[n] = '\0';
}

/* s as a GVariant text-format string literal, for gdbus: '...' with ' and \ escaped. */
static void gvariant_string(const char *s, char *out, size_t size)
{
	size_t n = 0;
	out[n++] = '\'';
	for (; *s && n + 4 < size; s++) {
		if (*s == '\'' || *s == '\\')
			out[n++] = '\\';
		out[n++] = *s;
	}
	out[n++] = '\'';
	out[n] = '\0';
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for pid at most timeout_ms, then kills it; true when it exited with status 0. */
static bool wait_bounded(pid_t pid, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	int status;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0;
		if (r < 0 && errno != EINTR)
			return false;
		if (now_ms() >= end) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return false;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
}

/* Runs argv (argv[0] a full path) with envp, stdin and stdout on /dev/null, bounded in time. */
static bool run_client(char *const argv[], char *const envp[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	if (posix_spawn_file_actions_init(&fa))
		return false;
	rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (!rc)
		rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	return !rc && wait_bounded(pid, NOTIFY_TIMEOUT_MS);
}

/* environ with bus_var (a NAME=VALUE, or "") added; NULL on no memory. */
static char **client_env(char *bus_var)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **envp = calloc(n + 2, sizeof(*envp));
	if (!envp)
		return NULL;
	memcpy(envp, environ, n * sizeof(*envp));
	if (bus_var[0])
		envp[n] = bus_var;
	return envp;
}

bool notify_send(const char *summary, const char *body)
{
	char bus[PATH_MAX * 3 + 64], prog[PATH_MAX], s[NOTIFY_TEXT_MAX], b[NOTIFY_TEXT_MAX];
	char gs[NOTIFY_TEXT_MAX * 2 + 4], gb[NOTIFY_TEXT_MAX * 2 + 4];
	bool is_sent = false;
	char **envp;

	if (!session_bus(bus, sizeof(bus)))
		return false;
	plain_text(summary, s, sizeof(s));
	plain_text(body, b, sizeof(b));
	envp = client_env(bus);
	if (!envp)
		return false;
	if (launch_find_program(getenv("PATH"), "notify-send", prog)) {
		// "--" ends the options: a body starting with '-' stays the body
		char *argv[] = { prog,
				 "--app-name=mvgal-launch",
				 "--urgency=critical",
				 "--icon=dialog-error",
				 "--",
				 s,
				 b,
				 NULL };
		is_sent = run_client(argv, envp);
	} else if (launch_find_program(getenv("PATH"), "gdbus", prog)) {
		// every value is GVariant text, typed where the literal alone is not (the
		// signature is susssasa{sv}i); expire_timeout 0: shown until the user closes it
		gvariant_string(s, gs, sizeof(gs));
		gvariant_string(b, gb, sizeof(gb));
		char *argv[] = { prog,
				 "call",
				 "--session",
				 "--dest",
				 "org.freedesktop.Notifications",
				 "--object-path",
				 "/org/freedesktop/Notifications",
				 "--method",
				 "org.freedesktop.Notifications.Notify",
				 "'mvgal-launch'",
				 "uint32 0",
				 "'dialog-error'",
				 gs,
				 gb,
				 "@as []",
				 "{'urgency': <byte 2>}",
				 "int32 0",
				 NULL };
		is_sent = run_client(argv, envp);
	}
	free(envp);
	return is_sent;
}

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A tiny HTTP server on 127.0.0.1 (or ADDR, e.g. ::1) for test_db_update.sh. Serves files from
# DIR and a few misbehaving paths:
#   /trunc/NAME     announces the full Content-Length, sends half the body, closes
#   /slow/NAME      waits 30 s before answering
#   /trickle/NAME   answers at once, then sends the body one byte every 3 s
#   /stall/NAME     answers at once, sends half the body, then waits 30 s
#   /missing...     404
#   /future/NAME    claims Last-Modified: 2100-01-01 (a server with a wrong clock)
#   /noims/NAME     ignores If-Modified-Since, always 200 with Last-Modified: 2020-01-01
#   /always304/NAME answers 304 Not Modified whatever was asked
#   /redir/NAME     302 to http://localhost:PORT/NAME (another host name, this server)
#   /redirsame/NAME 302 to /NAME on this host
# Honours If-Modified-Since with the file's mtime (304). Logs "request PATH ims=VALUE" (or
# "ims=-") on stderr for each GET. Writes the port to PORTFILE.
# Usage: db_server.py DIR PORTFILE [ADDR]
import email.utils
import http.server
import os
import socket
import sys
import time

ROOT = sys.argv[1]
ADDR = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("db_server: " + (fmt % args) + "\n")

    def do_GET(self):
        path = self.path
        mode = ""
        sys.stderr.write("request %s ims=%s\n" % (path, self.headers.get("If-Modified-Since", "-")))
        sys.stderr.flush()
        for m in ("/trunc/", "/slow/", "/trickle/", "/stall/", "/future/", "/noims/",
                  "/always304/", "/redir/", "/redirsame/"):
            if path.startswith(m):
                mode, path = m.strip("/"), path[len(m) - 1:]
        if mode == "slow":
            time.sleep(30)
        if mode in ("redir", "redirsame", "always304"):
            if mode == "always304":
                self.send_response(304)
            else:
                self.send_response(302)
                host = "localhost:%d" % self.server.server_address[1] if mode == "redir" else ""
                self.send_header("Location", ("http://" + host if host else "") + path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = os.path.join(ROOT, os.path.basename(path))
        if not os.path.isfile(file):
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        mtime = int(os.stat(file).st_mtime)
        ims = self.headers.get("If-Modified-Since")
        if ims and mode in ("", "future"):
            try:
                if email.utils.parsedate_to_datetime(ims).timestamp() >= mtime:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            except (TypeError, ValueError):
                pass
        with open(file, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        last_modified = {"future": 4102444800, "noims": 1577836800}.get(mode, mtime)
        self.send_header("Last-Modified", email.utils.formatdate(last_modified, usegmt=True))
        self.end_headers()
        if mode == "trunc":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        try:
            if mode == "trickle":
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(3)
                return
            if mode == "stall":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                time.sleep(30)
                return
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up, as it should
            return
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    address_family = socket.AF_INET6 if ":" in ADDR else socket.AF_INET


srv = Server((ADDR, 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()

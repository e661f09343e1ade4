#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A tiny HTTP server on 127.0.0.1 for test_db_update.sh. Serves files from DIR and a few
# misbehaving paths:
#   /trunc/NAME   announces the full Content-Length, sends half the body, closes
#   /slow/NAME    waits 30 s before answering
#   /missing...   404
# Honours If-Modified-Since with the file's mtime (304). Writes the port to PORTFILE.
# Usage: db_server.py DIR PORTFILE
import email.utils
import http.server
import os
import sys
import time

ROOT = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("db_server: " + (fmt % args) + "\n")

    def do_GET(self):
        path = self.path
        mode = ""
        for m in ("/trunc/", "/slow/"):
            if path.startswith(m):
                mode, path = m.strip("/"), path[len(m) - 1:]
        if mode == "slow":
            time.sleep(30)
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
        if ims and mode == "":
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
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        self.end_headers()
        if mode == "trunc":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()

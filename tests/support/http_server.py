#!/usr/bin/env python3
"""A small HTTP server for the fetcher, CRL, OCSP and TSA tests (Python stdlib only).

Binds on 127.0.0.1 only and prints the port it listens on as the first line
of stdout (--port 0: the kernel chooses). Exits after --lifetime seconds
whatever happens. Routes come from a JSON file (--routes FILE) and/or
--route JSON arguments; each is an object with a "path" (matched exactly,
query string ignored) and one of:

  {"path": "/ca.crl", "file": "ca.crl", "content_type": "application/pkix-crl"}
      the bytes of a file (GET)
  {"path": "/ocsp", "command": ["openssl", "ocsp", ...], "content_type": "..."}
      POST: runs the command with the request body on stdin, answers its stdout
      (500 when it fails)
  {"path": "/old", "redirect": "http://127.0.0.1:{port}/new", "status": 302}
      a redirect ({port} is replaced by the server's port)
  {"path": "/slow", "sleep": 5, "size": 10}
      sleeps, then answers (with "size" bytes, or an empty body)
  {"path": "/big", "size": 1000000}
      a body of N bytes ('x')
  {"path": "/gone", "status": 404}
      an empty answer with that status

Optional on every route: "status" (default 200), "content_type". Unknown
paths get 404. GET /_count?path=/ca.crl answers how many requests reached
that path (as decimal text), so that tests can assert cache hits.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 16 * 1024 * 1024
COMMAND_SECONDS = 30


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the tests read stdout
        pass

    def answer(self, status, body=b"", content_type="application/octet-stream", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = urllib.parse.urlsplit(self.path).path
        server = self.server
        with server.lock:
            server.counts[path] = server.counts.get(path, 0) + 1
        return path, server.routes.get(path)

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        if split.path == "/_count":
            asked = urllib.parse.parse_qs(split.query).get("path", [""])[0]
            with self.server.lock:
                count = self.server.counts.get(asked, 0)
            return self.answer(200, str(count).encode(), "text/plain")
        self.serve(None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        if length < 0 or length > MAX_BODY:
            return self.answer(413)
        self.serve(self.rfile.read(length))

    def serve(self, body):
        _, r = self.route()
        if r is None:
            return self.answer(404, b"not found", "text/plain")
        status = r.get("status", 200)
        ctype = r.get("content_type", "application/octet-stream")
        if "sleep" in r:
            time.sleep(r["sleep"])
        if "redirect" in r:
            location = r["redirect"].replace("{port}", str(self.server.server_address[1]))
            return self.answer(r.get("status", 302), b"", ctype, [("Location", location)])
        if "file" in r:
            with open(r["file"], "rb") as f:
                return self.answer(status, f.read(), ctype)
        if "command" in r:
            if body is None:
                return self.answer(405)
            try:
                done = subprocess.run(r["command"], input=body, capture_output=True,
                                      timeout=COMMAND_SECONDS, check=True)
            except (subprocess.SubprocessError, OSError) as e:
                return self.answer(500, str(e).encode(), "text/plain")
            return self.answer(status, done.stdout, ctype)
        return self.answer(status, b"x" * r.get("size", 0), ctype)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, required=True, help="seconds before the server exits")
    ap.add_argument("--routes", help="a JSON file holding a list of routes")
    ap.add_argument("--route", action="append", default=[], help="one route as JSON")
    args = ap.parse_args()
    routes = []
    if args.routes:
        with open(args.routes, encoding="utf-8") as f:
            routes += json.load(f)
    routes += [json.loads(r) for r in args.route]
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.routes = {r["path"]: r for r in routes}
    server.counts = {}
    server.lock = threading.Lock()
    print(server.server_address[1], flush=True)
    # The hard limit: whatever the test does, the server does not outlive it by much.
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())

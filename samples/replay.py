"""Replays a recorded news web over HTTP on 127.0.0.1.

Requests are answered from ``<root>/<Host header><path>`` as recorded, with the
behaviours listed in ``<root>/routes.json`` (redirects, failures that recover,
content-type overrides). The pipeline reaches it through a resolve override
(host -> 127.0.0.1:port), so it uses the same HTTP code path as on live feeds.
"""
from __future__ import annotations

import collections
import http.server
import json
import mimetypes
import pathlib
import posixpath
import threading
from typing import Optional
from urllib.parse import unquote, urlsplit

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


class ReplayWeb:
    """The recorded files and routes, plus per-route state (failures served so far)."""

    def __init__(self, root: pathlib.Path):
        self.root = pathlib.Path(root).resolve()
        routes_file = self.root / "routes.json"
        routes = json.loads(routes_file.read_text()) if routes_file.exists() else []
        self.routes = {route["url"]: route for route in routes}
        self._failures_served: dict[str, int] = {}
        # The most recent requests as received (host, path, headers), for tests and debugging.
        self.requests: collections.deque = collections.deque(maxlen=10_000)
        self._lock = threading.Lock()

    def hosts(self) -> list[str]:
        """Every host the recording answers for: those with files and those with routes."""
        with_files = {p.name for p in self.root.iterdir() if p.is_dir()}
        with_routes = {urlsplit(url).hostname for url in self.routes}
        return sorted(with_files | with_routes)

    def _file_for(self, host: str, path: str) -> Optional[pathlib.Path]:
        clean = posixpath.normpath(unquote(path))
        if path.endswith("/"):
            clean = posixpath.join(clean, "index.html")
        candidate = (self.root / host / clean.lstrip("/")).resolve()
        if self.root / host not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def respond(self, host: str, path: str) -> tuple[int, dict[str, str], bytes]:
        url = f"http://{host}{path}"
        route = self.routes.get(url, {})
        kind = route.get("kind")
        if kind == "redirect":
            return route["status"], {"Location": route["location"]}, b""
        if kind == "fail_first":
            with self._lock:
                served = self._failures_served.get(url, 0)
                if served < route.get("times", 1):
                    self._failures_served[url] = served + 1
                    headers = {"Content-Type": "text/plain"}
                    if "retry_after" in route:
                        headers["Retry-After"] = str(route["retry_after"])
                    return route["status"], headers, b"temporarily unavailable"
        file = self._file_for(host, urlsplit(path).path)
        if file is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Not found</h1>"
        content_type = route.get("content_type") if kind == "content_type" else None
        content_type = content_type or _CONTENT_TYPES.get(
            file.suffix, mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        return 200, {"Content-Type": content_type}, file.read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    web: ReplayWeb
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add ~40 ms to every keep-alive response.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.startswith("http://"):  # absolute form: asked as a forward proxy
            target = urlsplit(self.path)
            host = (target.hostname or "").lower()
            path = target.path + (f"?{target.query}" if target.query else "")
        else:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            path = self.path
        self.web.requests.append((host, path, dict(self.headers)))
        status, headers, body = self.web.respond(host, path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the run's output for progress and the summary
        pass


class ReplayServer:
    """A threaded HTTP server for a ReplayWeb on 127.0.0.1 (ephemeral port by default)."""

    def __init__(self, root: pathlib.Path, port: int = 0):
        self.web = ReplayWeb(root)
        handler = type("ReplayHandler", (_Handler,), {"web": self.web})
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="replay-server")

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def resolve_rules(self) -> tuple[tuple[str, str], ...]:
        """Resolve overrides that send every recorded host to this server."""
        return tuple((host, f"127.0.0.1:{self.port}") for host in self.web.hosts())

    def __enter__(self) -> "ReplayServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

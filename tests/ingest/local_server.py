"""A tiny HTTP server on 127.0.0.1 for fetch/feed/sitemap/watch tests: canned replies per path, in order.

Only ever bound to the loopback address; every test that uses it stops it at the end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One canned answer. ``length=False`` sends no Content-Length (the body ends when the connection
    closes); ``delay`` waits before answering (for timeouts)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True


Responder = Callable[[dict[str, str]], Reply]


class LocalServer:
    """Routes: path -> a list of replies (one per request, the last repeated) or a function of the
    request headers. ``log`` lists (path, request headers) in arrival order."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply] | Responder] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    def route(self, path: str, *replies: Reply | Responder) -> str:
        """Serve ``path``; returns its URL."""
        if len(replies) == 1 and callable(replies[0]):
            self.routes[path] = replies[0]
        else:
            self.routes[path] = [r for r in replies if isinstance(r, Reply)]
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        assert self._httpd is not None
        return f"http://{host}:{self._httpd.server_address[1]}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)

    def _reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.log.append((path, headers))
            route = self.routes.get(path)
            if route is None:
                return Reply(404, b"not found")
            if callable(route):
                return route(headers)
            return route.pop(0) if len(route) > 1 else route[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                reply = server._reply(self.path, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.status != 304:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    @contextmanager
    def running(self) -> Iterator[LocalServer]:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        httpd.daemon_threads = True
        self._httpd = httpd
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)

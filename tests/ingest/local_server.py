"""A tiny HTTP server on 127.0.0.1 for fetch/feed/sitemap/watch tests: canned replies per path, in order.

Only ever bound to the loopback address; every test that uses it stops it at the end.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One canned answer. ``length=False`` sends no Content-Length (the body ends when the connection
    closes); ``delay`` waits before answering (for timeouts); ``drip`` sends the body one byte every
    ``drip`` seconds, and the status line and headers too when ``drip_headers`` (for the request deadline:
    each read returns quickly, so no read timeout ever trips)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True
    drip: float = 0.0
    drip_headers: bool = False


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
                if reply.drip:
                    self._drip(reply)
                    return
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

            def _drip(self, reply: Reply) -> None:
                head = [f"HTTP/1.1 {reply.status} OK", *(f"{k}: {v}" for k, v in reply.headers.items())]
                if reply.length:
                    head.append(f"Content-Length: {len(reply.body)}")
                head_bytes = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
                self.close_connection = True
                try:
                    if not reply.drip_headers:
                        self.wfile.write(head_bytes)
                        self.wfile.flush()
                    for byte in (head_bytes if reply.drip_headers else b"") + reply.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.drip)
                except OSError:
                    pass  # the client gave up (the test's point)

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


@contextmanager
def tls_drip_server(interval: float) -> Iterator[str]:
    """A raw TCP server on 127.0.0.1 that answers every connection with the header of a 16 KiB TLS
    handshake record and then one byte of it every ``interval`` seconds: a TLS handshake that never
    stalls long enough for a socket timeout, and never ends. Yields an https URL for it.

    No certificate is needed: the client is still waiting for the first record when the test ends it.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn:
            try:
                conn.sendall(b"\x16\x03\x03\x40\x00")  # handshake record, TLS 1.2, 16,384 bytes follow
                while not stop.wait(interval):
                    conn.sendall(b"\x00")
            except OSError:
                pass  # the client shut the connection (the test's point)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()

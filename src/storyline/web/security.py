"""Security headers for every response, the Host allowlist, and the Content-Security-Policy of a briefing page.

Every response gets a CSP without ``'unsafe-inline'`` for scripts, ``nosniff``, a strict referrer policy
and ``X-Frame-Options: DENY`` — error pages and unhandled errors included. A route may set its own CSP
(the briefing page does); the middleware only fills in headers a response lacks.

The briefing page (``storyline.brief``) is self-contained HTML, so it may carry inline ``<style>`` and
``<script>`` blocks. Styles are allowed inline on that page only. An inline script is allowed by its
sha256 hash **only if its text is one the brief package ships** (a ``.js`` file in the package, or a
``<script>`` block of one of its templates that holds no template expression): hashing whatever script
blocks happen to be in the page would also bless a script smuggled in by an escaping bug, and the CSP
would no longer be a second line of defence.

The UI has no login, so it must answer only requests addressed to it by name: a page on another site can
point its own host name at 127.0.0.1 (DNS rebinding) and then read the UI as same-origin. Such a request
still says the attacker's name in its ``Host`` header, so :class:`HostAllowlistMiddleware` refuses every
``Host`` but the loopback names and those the server was told to answer to (issue 12, item 7).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

#: CSP of every page the web UI renders itself: scripts, styles and everything else from this origin
#: only; no plugins, no <base> rewriting, no framing, forms post back here only.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

#: The briefing page's CSP; ``{hashes}`` takes the allowed inline scripts' hashes. Inline styles are
#: allowed there (a self-contained page inlines its CSS); data: images and fonts for inlined assets.
BRIEFING_CSP = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": DEFAULT_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# <script ...>body</script>; the HTML tokenizer ends a script at the first "</script", so must we.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
# Script types a browser executes (anything else, e.g. application/json, is an inert data block).
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_TEMPLATE_SYNTAX = ("{{", "{%", "{#")


def _executable(attrs: str) -> bool:
    match = _TYPE.search(attrs)
    kind = match.group(1).lower() if match else ""
    return kind in _EXECUTABLE_TYPES and not _SRC.search(attrs)


def inline_scripts(html: str) -> list[str]:
    """The bodies of the executable inline ``<script>`` blocks of a page (no ``src``, a JavaScript type)."""
    return [body for attrs, body in _SCRIPT.findall(html) if _executable(attrs)]


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script body."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=4)
def trusted_scripts(package_dir: str) -> frozenset[str]:
    """Script texts a package ships (stripped): its ``.js`` files and the static script blocks of its templates."""
    trusted: set[str] = set()
    root = Path(package_dir)
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in {".js", ".html", ".j2", ".jinja", ".jinja2"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".js":
            trusted.add(text.strip())
            continue
        for attrs, body in _SCRIPT.findall(text):
            if _executable(attrs) and not any(mark in body for mark in _TEMPLATE_SYNTAX):
                trusted.add(body.strip())
    return frozenset(trusted)


def briefing_csp(html: str, trusted: Iterable[str]) -> str:
    """The CSP for a briefing page: its inline scripts allowed by hash when their text is trusted.

    Args:
        html: the rendered page.
        trusted: script texts (stripped) known to come from the renderer's own files.

    Returns:
        A Content-Security-Policy value; untrusted inline scripts stay blocked (and are logged).
    """
    allowed = set(trusted)
    hashes: list[str] = []
    for body in inline_scripts(html):
        if body.strip() in allowed:
            hashes.append(csp_hash(body))
        else:
            log.warning("briefing page: an inline script not shipped by storyline.brief stays blocked by the CSP")
    extra = "".join(f" {h}" for h in dict.fromkeys(hashes))
    return BRIEFING_CSP.format(hashes=extra)


class SecurityHeadersMiddleware:
    """ASGI middleware: adds the security headers to every HTTP response, and answers an unhandled error
    with a plain 500 that carries them too (the error is logged with its traceback)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = dict(headers or SECURITY_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error serving %s", scope.get("path"))
            if started:
                raise
            response: Any = PlainTextResponse("Internal error: see the server log.", status_code=500)
            await response(scope, receive, send_with_headers)


#: Host names the web UI answers to whatever address it binds: this machine's loopback names.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_PORT = re.compile(r"[0-9]{1,5}")
#: Longest Host value quoted back in the refusal (it is the client's own text; no need to echo a novel).
HOST_ECHO_LIMIT = 100


def host_name(value: str) -> str | None:
    """The name of a ``Host`` header value or of an allowlist entry, in one comparable form: lower case,
    without the port, the brackets of an IPv6 literal or a trailing dot; an IP address in its canonical
    text (``0:0:0:0:0:0:0:1`` is ``::1``). None for a malformed value (a bad port, an unclosed bracket).
    A bare IPv6 address (``::1``) is taken whole: it has no port to split off."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and _PORT.fullmatch(rest[1:]))):
            return None
    elif value.count(":") == 1:
        name, _, port = value.partition(":")
        if not _PORT.fullmatch(port):
            return None
    else:
        name = value
    name = name.rstrip(".")
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name if name and ":" not in name else None


class HostAllowlistMiddleware:
    """ASGI middleware: answers 400 with a short plain-text message to any HTTP request whose ``Host``
    header (port aside) is not one of ``allowed`` — every route, the API, the docs and static files alike."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed = frozenset(name for name in map(host_name, allowed) if name)
        listed = dict.fromkeys(f"[{n}]" if ":" in n else n for n in map(host_name, allowed) if n)
        self.listed = ", ".join(listed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        values = [v.decode("latin-1") for k, v in scope["headers"] if k == b"host"]
        if len(values) == 1 and host_name(values[0]) in self.allowed:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":  # the app has none; refuse the handshake all the same
            await send({"type": "websocket.close", "code": 1008})
            return
        if not values:
            message = f"Missing Host header: this server answers only to {self.listed}."
        else:
            shown = values[0][:HOST_ECHO_LIMIT]
            message = f'Invalid Host header "{shown}": this server answers only to {self.listed}.'
        log.info("refused a request for %s: %s", scope.get("path"), message)
        response: Any = PlainTextResponse(message, status_code=400)
        await response(scope, receive, send)


class HeadAsGetMiddleware:
    """ASGI middleware: a HEAD request is answered as the GET of the same URL without its body (RFC 9110
    9.3.2), the headers (Content-Length and Content-Type included) unchanged. FastAPI routes declared with
    ``@app.get`` answer HEAD with 405 otherwise (issue 12, item 13)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body" and message.get("more_body", False):
                return
            if message["type"] in ("http.response.body", "http.response.pathsend"):  # the end of the body
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)

"""Fetching URLs politely and safely: robots.txt, timeouts, a size cap, per-host pacing, retries, no private
addresses.

Every URL storyline fetches (an article, a feed, a sitemap, a page linked from either) goes through one
``Fetcher``:

* only ``http``/``https``; the host is resolved and EVERY address it resolves to is checked with
  ``ipaddress`` (private, loopback, link-local, reserved, multicast, unspecified and other non-global
  addresses are refused unless ``allow_private``); redirects are followed here, hop by hop, each hop
  checked the same way; after connecting, the peer address the socket really reached is checked again,
  so a DNS answer that changes between the check and the connection (rebinding) is caught too;
* connect/read timeouts, and a deadline per request: connecting, the response headers and the whole body
  must all arrive within ``REQUEST_DEADLINE_FACTOR`` read timeouts (2 min at the default 30 s), however
  slowly the bytes trickle in: it is checked before every connect, socket read and write and TLS
  handshake, and each one's timeout is cut to what is left. A request that overruns it fails at once
  (transient, not retried: a server that drips is slow again on the next try), so one URL holds the
  fetcher for at most the deadline per request it makes (its robots.txt, each redirect hop), plus a
  little slack (DNS lookups are not covered: the system resolver has its own timeouts);
* the body is streamed and abandoned past ``max_bytes``; gzip/deflate bodies are inflated here in bounded
  steps, so a compression bomb is refused after at most ``max_bytes`` of output;
* at least ``fetch_interval`` seconds between two requests to one host (the clock and sleep are
  injectable, so tests observe the pacing without waiting);
* retries with exponential back-off on connection errors, timeouts, 429 and 5xx, honouring Retry-After up
  to a cap; other 4xx answers fail at once;
* conditional GET (If-None-Match / If-Modified-Since) for feeds polled again and again;
* robots.txt (RFC 9309), unless ``fetch_robots`` is off (``--ignore-robots``): before the first request to
  a site (scheme, host, port), including each redirect hop's site, its ``/robots.txt`` is fetched here
  through the same checks, pacing and retries (redirects followed, the first ``ROBOTS_MAX_BYTES`` kept);
  ``robots.py`` parses it, keeps it, and decides for each URL (rules for the User-Agent's product token,
  ``storyline``); its Crawl-delay raises the pacing for that host. A 4xx answer means no rules; a 5xx, 429
  or network failure after the retries means everything is disallowed for a while.

Failures raise ``FetchError`` (an ``InputError`` naming the URL and the problem), which readers turn into a
``Skip``. A Fetcher is not thread-safe: use one per thread.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import logging
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from ..config import Settings
from ..errors import ConfigError, InputError
from .robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsPolicy, Site

log = logging.getLogger(__name__)

__all__ = [
    "FetchError",
    "FetchResult",
    "Fetcher",
    "gunzip_capped",
    "refusal_reason",
    "resolve_host",
    "user_agent",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
AddressCheck = Callable[[IPAddress], str | None]

#: Project page named in the User-Agent, so a site operator can find out who is fetching.
PROJECT_URL = "https://github.com/storyline-news/storyline"
#: Each request (connect, headers and the whole body) must finish within this many read timeouts. The
#: read timeout only bounds one socket read, so a server sending a byte every 29 s (or every second) never
#: trips it and would hold a 30 s-timeout fetch for hours (issue 12, item 6). 4x (2 min at the default)
#: is far beyond what a 10 MB page needs on any working link.
REQUEST_DEADLINE_FACTOR = 4
#: Redirect status codes followed (all GET-safe: we only ever send GET).
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
#: Content encodings inflated here, in bounded steps; brotli/zstd are not requested (Accept-Encoding).
ACCEPT_ENCODING = "gzip, deflate"


class FetchError(InputError):
    """A URL could not be fetched. ``source`` is the URL; ``reason`` says why.

    ``transient`` is True for failures worth trying again later (timeouts, connection errors, 429, 5xx).
    """

    def __init__(self, url: str, reason: str, *, transient: bool = False) -> None:
        super().__init__(url, reason)
        self.transient = transient


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched URL: the final URL after redirects, the status (200-class or 304) and the body."""

    url: str
    status: int
    content: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when a conditional GET was answered 304 (the body is empty; keep what you had)."""
        return self.status == 304

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower case ("" when the server sent none)."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


def user_agent() -> str:
    """The User-Agent sent with every request: ``storyline/<version> (+project page)``."""
    from .. import __version__  # imported late: the package __init__ imports this module's importers

    return f"storyline/{__version__} (+{PROJECT_URL})"


# --- addresses ----------------------------------------------------------------------------------------


def refusal_reason(address: IPAddress) -> str | None:
    """Why an address must not be fetched from (its class, e.g. "a loopback address"), or None if public.

    IPv4-mapped IPv6 addresses (``::ffff:10.0.0.1``) are judged by the IPv4 address they carry.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # Most specific class first: 127.0.0.1 is also "private", ::1 also "reserved".
    classes = (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a reserved", address.is_reserved),
        ("a private", address.is_private),
        # Shared (CGNAT 100.64/10), 6to4-relay, benchmarking and other special ranges: not reachable as
        # public hosts, so treated like private ones.
        ("a non-public", not address.is_global),
    )
    for name, hit in classes:
        if hit:
            return f"{name} address"
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


# --- bounded inflation --------------------------------------------------------------------------------


class _InflateOverflow(OverflowError):
    """Inflated output passed the limit; ``kept`` is what the failing step produced up to the limit."""

    def __init__(self, kept: bytes) -> None:
        super().__init__(len(kept))
        self.kept = kept


class _Inflater:
    """Inflates gzip/zlib/raw-deflate data chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._raw_fallback = encoding == "deflate"  # "deflate" is zlib-wrapped by the RFC, raw in practice
        self._started = False
        self._obj = self._new()

    def _new(self, raw: bool = False) -> Any:
        if raw:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self.encoding == "gzip" else zlib.MAX_WBITS)

    def feed(self, chunk: bytes) -> bytes:
        """Inflate one chunk; raises _InflateOverflow past the limit and zlib.error on corrupt data."""
        out = bytearray()
        data = chunk
        while data:
            try:
                piece = self._obj.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if self._raw_fallback and not self._started:
                    self._raw_fallback = False
                    self._obj = self._new(raw=True)
                    continue
                raise
            self._started = True
            self.size += len(piece)
            if self.size > self.limit:
                raise _InflateOverflow(bytes(out) + piece[: len(piece) - (self.size - self.limit)])
            out += piece
            if self._obj.eof and self._obj.unused_data and self.encoding == "gzip":
                data = self._obj.unused_data  # another gzip member follows
                self._obj = self._new()
            else:
                data = self._obj.unconsumed_tail
        return bytes(out)

    def finish(self) -> bytes:
        """Flush what is left; raises zlib.error when the stream ended early."""
        tail = self._obj.flush()
        self.size += len(tail)
        if self.size > self.limit:
            raise _InflateOverflow(tail[: len(tail) - (self.size - self.limit)])
        if self._started and not self._obj.eof:
            raise zlib.error("compressed data ends early (truncated)")
        return tail


def gunzip_capped(data: bytes, *, max_bytes: int, source: str) -> bytes:
    """Decompress gzip data (a ``.gz`` file or a gzip-typed body), refusing output over ``max_bytes``.

    Raises:
        InputError: the data is corrupt or truncated, or would decompress beyond ``max_bytes``.
    """
    inflater = _Inflater("gzip", max_bytes)
    try:
        return inflater.feed(data) + inflater.finish()
    except OverflowError:
        raise InputError(source, f"gzip data expands beyond the {_mb(max_bytes)} limit (--max-bytes)") from None
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip data: {exc}") from exc


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


# --- the request deadline -----------------------------------------------------------------------------
# httpx's timeouts are per socket operation, so a server answering one byte at a time never trips them.
# The deadline is enforced below httpx, in the httpcore network streams every connection reads and writes
# through: each connect, read, write and TLS handshake first checks the clock and gets a socket timeout
# no longer than what is left, so no single operation can wait past the deadline either.

#: A socket timeout cut to the time left may fire a hair before the deadline (poll's millisecond rounding);
#: within this margin it still counts as the deadline, not as an ordinary (retried) read timeout.
_DEADLINE_SLACK = 0.05


class _Deadline:
    """The monotonic time the request in flight must finish by (None between requests).

    One per Fetcher, shared by all its pooled connections (a Fetcher runs one request at a time).
    """

    def __init__(self) -> None:
        self.at: float | None = None

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def passed(self, slack: float = 0.0) -> bool:
        """True once the deadline is less than ``slack`` seconds away (or gone)."""
        left = self.remaining()
        return left is not None and left <= slack

    def cap(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to the time left; raises ``error`` once the deadline has passed."""
        left = self.remaining()
        if left is None:
            return timeout
        if left <= 0:
            raise error("request deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads, writes and TLS handshake end by the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # The ssl module applies a socket's timeout to the handshake as a whole (Python >= 3.5), so cutting
        # it to the time left bounds a handshake dripped byte by byte too.
        timeout = self._deadline.cap(timeout, httpcore.ConnectTimeout)
        tls = self._stream.start_tls(ssl_context, server_hostname=server_hostname, timeout=timeout)
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's plain socket backend, its connections wrapped in ``_DeadlineStream``."""

    def __init__(self, deadline: _Deadline) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self._deadline.cap(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's default transport (no proxies, no environment), over a pool that uses ``_DeadlineBackend``.

    httpx 0.28 has no option for httpcore's network backend (encode/httpx PR 3749 proposes one), so the
    pool it builds is replaced by an equal one with the backend; httpx is pinned, and the check below fails
    loudly should a new version keep its pool elsewhere.
    """

    def __init__(self, deadline: _Deadline) -> None:
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport no longer keeps its connection pool in _pool")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0,  # httpx's default limits
            network_backend=_DeadlineBackend(deadline),
        )


# --- the fetcher --------------------------------------------------------------------------------------


class Fetcher:
    """Fetches URLs under the rules in the module docstring.

    Args:
        settings: timeouts, pacing, retries, ``max_bytes``, ``allow_private`` and ``fetch_robots`` (defaults
            work).
        clock: monotonic seconds, used for per-host pacing and to expire cached robots.txt files.
        sleep: called with the seconds to wait (pacing, back-off, Retry-After).
        resolver: host, port -> addresses (default ``resolve_host``).
        address_check: address -> reason to refuse it, or None (default ``refusal_reason``); not consulted
            when ``settings.allow_private`` is set.
        transport: an httpx transport (default: a plain HTTP transport, no proxies from the environment,
            since the address checks are about the host reached, that enforces the request deadline on
            every socket operation; another transport gets the deadline checked between body chunks only).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver = resolve_host,
        address_check: AddressCheck = refusal_reason,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings or Settings()
        s = self.settings
        for name in ("fetch_connect_timeout", "fetch_read_timeout"):
            if getattr(s, name) <= 0:
                raise ConfigError(f"{name} must be > 0 seconds, got {getattr(s, name)!r}")
        for name in ("fetch_interval", "fetch_backoff", "fetch_max_retry_after", "fetch_max_redirects"):
            if getattr(s, name) < 0:
                raise ConfigError(f"{name} must be >= 0, got {getattr(s, name)!r}")
        if s.fetch_tries < 1:
            raise ConfigError(f"fetch_tries must be >= 1, got {s.fetch_tries!r}")
        self._clock = clock
        self._sleep = sleep
        self._resolver = resolver
        self._check = address_check
        self._last: dict[str, float] = {}
        # robots.txt groups are matched on the User-Agent's product token, "storyline"
        self._robots = RobotsCache(user_agent().split("/", 1)[0], clock=clock)
        timeout = httpx.Timeout(
            connect=s.fetch_connect_timeout, read=s.fetch_read_timeout, write=s.fetch_read_timeout,
            pool=s.fetch_connect_timeout,
        )
        self._deadline = _Deadline()
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            transport=_DeadlineTransport(self._deadline) if transport is None else transport,
            headers={"User-Agent": user_agent(), "Accept-Encoding": ACCEPT_ENCODING},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``, following redirects; conditional when ``etag``/``last_modified`` are given.

        Returns:
            The final URL, status (2xx, or 304 when the conditional GET found nothing new), body and
            validators.

        Raises:
            FetchError: bad scheme, refused address, disallowed by robots.txt, HTTP error, timeout, too many
                redirects or a body over the size limit; the message names the URL and the problem.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = _BodyLimit(self.settings.max_bytes, truncate=False)
        return self._get(url, headers, limit, obey_robots=self.settings.fetch_robots)

    # -- internals ------------------------------------------------------------------------------------
    def _get(self, url: str, headers: dict[str, str], limit: _BodyLimit, *, obey_robots: bool) -> FetchResult:
        """GET ``url``, following redirects, each hop checked (and, with ``obey_robots``, robots.txt asked)."""
        current = url
        for hop in range(self.settings.fetch_max_redirects + 1):
            try:
                host, port = self._check_url(current)
                if obey_robots:
                    self._obey_robots(current, Site(urlsplit(current).scheme.lower(), host, port))
                outcome = self._send_with_retries(current, host, headers, limit)
            except FetchError as exc:
                if hop == 0:
                    raise
                raise FetchError(url, f"redirected to {current}: {exc.reason}", transient=exc.transient) from exc
            if isinstance(outcome, FetchResult):
                return outcome
            if not outcome.location:
                raise FetchError(url, f"HTTP {outcome.status} redirect without a Location header")
            current = str(httpx.URL(current).join(outcome.location))
        raise FetchError(url, f"too many redirects (over {self.settings.fetch_max_redirects})")

    def _check_url(self, url: str) -> tuple[str, int]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(url, f"unsupported URL scheme {scheme or '(none)'!r} (only http and https)")
        try:
            host, port = parts.hostname, parts.port
        except ValueError as exc:
            raise FetchError(url, f"bad URL: {exc}") from exc
        if not host:
            raise FetchError(url, "URL has no host")
        port = port or (443 if scheme == "https" else 80)
        if not self.settings.allow_private:
            try:
                addresses = self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(url, f"cannot resolve host {host!r}: {exc}", transient=True) from exc
            if not addresses:
                raise FetchError(url, f"host {host!r} resolves to no address")
            for text in addresses:
                self._refuse_address(url, f"host {host!r} resolves to", text)
        return host.lower(), port

    def _refuse_address(self, url: str, what: str, text: str) -> None:
        """Raise FetchError when ``text`` (the address that ``what`` describes) is refused."""
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
        except ValueError as exc:
            raise FetchError(url, f"{what} {text!r}, not an IP address") from exc
        reason = self._check(address)
        if reason:
            raise FetchError(url, f"{what} {address}, {reason} (refused; see --allow-private)")

    # -- robots.txt -----------------------------------------------------------------------------------
    def _obey_robots(self, url: str, site: Site) -> None:
        """Raise FetchError when the robots.txt of ``site`` disallows ``url`` or could not be read."""
        policy = self._robots.get(site) or self._read_robots(site)
        refusal = policy.refusal(url)
        if refusal is not None:
            raise FetchError(url, refusal.reason, transient=refusal.transient)

    def _read_robots(self, site: Site) -> RobotsPolicy:
        """Fetch the robots.txt of ``site`` and record it; a failure after the retries disallows everything."""
        url = site.robots_url
        try:
            result = self._get(url, {}, _BodyLimit(ROBOTS_MAX_BYTES, truncate=True), obey_robots=False)
        except FetchError as exc:
            if exc.transient:  # 5xx, 429, timeout, network or DNS failure: RFC 9309 section 2.3.1.4
                log.warning("%s: %s; the site counts as disallowing everything", url, exc.reason)
                return self._robots.add_unreadable(site, exc.reason)
            # 4xx (404 above all), too many redirects, a refused redirect, a body that cannot be read: no
            # usable robots.txt, so no rules (RFC 9309 section 2.3.1.3).
            log.info("%s: %s; no robots.txt rules", url, exc.reason)
            return self._robots.add_file(site, b"")
        return self._robots.add_file(site, result.content)

    # -- sending --------------------------------------------------------------------------------------
    def _pace(self, host: str) -> None:
        """Wait until ``fetch_interval``, or the host's longer robots.txt Crawl-delay, has passed since the
        last request to ``host``."""
        last = self._last.get(host)
        if last is not None:
            wait = last + max(self.settings.fetch_interval, self._robots.crawl_delay(host)) - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _send_with_retries(
        self, url: str, host: str, headers: dict[str, str], limit: _BodyLimit
    ) -> FetchResult | _Redirect:
        """One hop (its URL checked), tried up to ``fetch_tries`` times: the final result or the redirect."""
        s = self.settings
        for attempt in range(1, s.fetch_tries + 1):
            last = attempt == s.fetch_tries
            self._pace(host)
            try:
                return self._send_once(url, headers, limit)
            except _Retry as retry:
                if last:
                    raise FetchError(url, f"{retry.reason} after {attempt} tries", transient=True) from None
                delay = retry.after if retry.after is not None else s.fetch_backoff * 2 ** (attempt - 1)
                log.info("%s: %s; trying again in %.1f s", url, retry.reason, delay)
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(self, url: str, headers: dict[str, str], limit: _BodyLimit) -> FetchResult | _Redirect:
        """One request, under the request deadline from connecting to the body's last byte."""
        request = self._client.build_request("GET", url, headers=headers)
        self._deadline.at = time.monotonic() + self._deadline_seconds
        try:
            return self._exchange(url, request, headers, limit)
        finally:
            self._deadline.at = None

    @property
    def _deadline_seconds(self) -> float:
        return REQUEST_DEADLINE_FACTOR * self.settings.fetch_read_timeout

    def _overrun(self, url: str, what: str) -> FetchError:
        """The error for a request past its deadline: final (retrying would only drip again), but
        transient, so a feed watcher tries the URL again next round."""
        s = self.settings
        return FetchError(
            url,
            f"{what} within the {self._deadline_seconds:g} s request deadline ({REQUEST_DEADLINE_FACTOR}x the "
            f"{s.fetch_read_timeout:g} s read timeout); abandoned, not retried",
            transient=True,
        )

    def _exchange(
        self, url: str, request: httpx.Request, headers: dict[str, str], limit: _BodyLimit
    ) -> FetchResult | _Redirect:
        try:
            response = self._client.send(request, stream=True)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if self._deadline.passed(_DEADLINE_SLACK):
                raise self._overrun(url, "no response headers") from exc
            if isinstance(exc, httpx.TimeoutException):
                raise _Retry(f"timed out ({type(exc).__name__})") from exc
            raise _Retry(f"connection failed: {exc or type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"request failed: {exc}") from exc
        try:
            self._check_peer(url, response)
            status = response.status_code
            if status in REDIRECT_CODES:
                return _Redirect(status, response.headers.get("location"))
            if status == 429 or status >= 500:
                raise _Retry(f"HTTP {status} {response.reason_phrase}".strip(), self._retry_after(response))
            if status == 304 and ("If-None-Match" in headers or "If-Modified-Since" in headers):
                return self._result(url, response, b"")
            if not 200 <= status < 300:
                raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
            return self._result(url, response, self._read_body(url, response, limit))
        finally:
            response.close()

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """Refuse a connection that reached a refused address although the host's addresses passed."""
        if self.settings.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer:
            self._refuse_address(url, f"the connection to {urlsplit(url).hostname!r} reached", str(peer[0]))

    def _retry_after(self, response: httpx.Response) -> float | None:
        value = response.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
        return min(max(seconds, 0.0), self.settings.fetch_max_retry_after)

    def _read_body(self, url: str, response: httpx.Response, body_limit: _BodyLimit) -> bytes:
        """The body, inflated; past the limit a FetchError, or its first ``limit`` bytes if ``truncate``."""
        limit, truncate = body_limit.max_bytes, body_limit.truncate
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"body is {_mb(int(declared))}, over the {_mb(limit)} limit (--max-bytes)")
        encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")]
        encodings = [e for e in encodings if e and e != "identity"]
        if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError(url, f"unsupported content encoding {', '.join(encodings)!r}")
        inflater = _Inflater("deflate" if encodings == ["deflate"] else "gzip", limit) if encodings else None
        body, raw_size = bytearray(), 0
        try:
            # No chunk size: httpx would gather chunks up to it, so a drip could not be checked on between
            # two network reads (issue 12, item 6). Each read is at most httpcore's 64 KiB.
            for chunk in response.iter_raw():
                raw_size += len(chunk)
                if raw_size > limit and not truncate:
                    raise FetchError(url, f"body over the {_mb(limit)} limit (--max-bytes)")
                body += inflater.feed(chunk) if inflater else chunk
                if truncate and (raw_size > limit or len(body) >= limit):
                    return bytes(body[:limit])
                if self._deadline.passed():  # also holds with a transport that does not enforce it
                    raise self._overrun(url, "body not complete")
            if inflater:
                body += inflater.finish()
        except _InflateOverflow as exc:
            if truncate:
                return bytes(body + exc.kept)
            raise FetchError(url, f"compressed body expands beyond the {_mb(limit)} limit (--max-bytes)") from None
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encodings[0]} body: {exc}") from exc
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if self._deadline.passed(_DEADLINE_SLACK):
                raise self._overrun(url, "body not complete") from exc
            if isinstance(exc, httpx.TimeoutException):
                raise _Retry(f"timed out reading the body ({type(exc).__name__})") from exc
            raise _Retry(f"connection broke reading the body: {exc or type(exc).__name__}") from exc
        return bytes(body)

    @staticmethod
    def _result(url: str, response: httpx.Response, body: bytes) -> FetchResult:
        return FetchResult(
            url=url,
            status=response.status_code,
            content=body,
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


@dataclass(frozen=True, slots=True)
class _BodyLimit:
    """Largest body read; past it, ``truncate`` keeps the first ``max_bytes`` instead of failing."""

    max_bytes: int
    truncate: bool


@dataclass(frozen=True, slots=True)
class _Redirect:
    status: int
    location: str | None


class _Retry(Exception):
    """A failure worth another try (after ``after`` seconds when the server said so)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after

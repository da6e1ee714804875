"""robots.txt (RFC 9309): what a site's file allows us, and how long that answer is kept.

Parsing and matching are Protego's (Scrapy's RFC 9309 parser): the group for our product token, else
``*``, with groups naming the same agent combined; ``*`` and ``$`` patterns; the longest matching rule
wins and Allow wins a tie; Crawl-delay, fractional ones included. Protego matches a ``*`` pattern by
scanning its literal parts left to right, not with a backtracking regular expression, so a hostile file
full of ``*`` is still answered at once. This module adds storyline's policy around it:

* the first ``ROBOTS_MAX_BYTES`` of a file are parsed (a line cut there is dropped), as UTF-8;
* a file read (or a 4xx answer: no rules) is kept ``ROBOTS_CACHE_SECONDS``; a file that could not be read
  (5xx, 429, network failure) means everything is disallowed for ``ROBOTS_UNREACHABLE_SECONDS``;
* a Crawl-delay, cut to ``ROBOTS_MAX_CRAWL_DELAY``, is the least interval between requests to the host.

It makes no request: the ``Fetcher`` (``fetch.py``) fetches ``Site.robots_url`` through the same address
checks, pacing and retries as any other URL, records what it got in a ``RobotsCache``, and asks the
returned ``RobotsPolicy`` about each URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from protego import Protego

log = logging.getLogger(__name__)

__all__ = [
    "ROBOTS_CACHE_SECONDS",
    "ROBOTS_MAX_BYTES",
    "ROBOTS_MAX_CRAWL_DELAY",
    "ROBOTS_UNREACHABLE_SECONDS",
    "Refusal",
    "RobotsCache",
    "RobotsPolicy",
    "Rules",
    "Site",
    "parse_robots",
]

#: Bytes of a robots.txt parsed; the rest is ignored (as Google does). RFC 9309 section 2.5 asks for a limit
#: of at least 500 KiB; real files are a few kB, so 512 KiB loses nothing while bounding a runaway file.
ROBOTS_MAX_BYTES = 512 * 1024
#: Seconds a robots.txt is used before it is read again: RFC 9309 section 2.4 says at most 24 hours, which
#: matters to ``storyline watch``, whose Fetcher lives for days.
ROBOTS_CACHE_SECONDS = 24 * 3600.0
#: Seconds a site whose robots.txt could not be read (5xx, 429, timeout, network or DNS failure, after the
#: retries) counts as disallowing everything (RFC 9309 section 2.3.1.4) before robots.txt is tried again:
#: 10 min spares a failing server one robots.txt request per page of a run, and still lets the next
#: ``watch`` round (every 15 min by default) find the site back.
ROBOTS_UNREACHABLE_SECONDS = 600.0
#: Longest Crawl-delay honoured, in seconds; a longer one is cut to this (and logged) so that one site
#: cannot stall a run for hours; the same bound as the ``fetch_max_retry_after`` default.
ROBOTS_MAX_CRAWL_DELAY = 60.0
#: Port a URL of each scheme has when it names none (left out of robots.txt URLs).
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Told to the user with every refusal.
OVERRIDE_HINT = "use --ignore-robots to fetch it anyway"


class Site(NamedTuple):
    """What one robots.txt governs (RFC 9309 section 2.3): scheme, host (lower case) and port."""

    scheme: str
    host: str
    port: int

    @property
    def robots_url(self) -> str:
        """``scheme://host[:port]/robots.txt``, the port left out when it is the scheme's default."""
        netloc = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        if self.port != DEFAULT_PORTS.get(self.scheme):
            netloc += f":{self.port}"
        return f"{self.scheme}://{netloc}/robots.txt"


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules of one robots.txt, for any agent."""

    parser: Protego

    def allows(self, url: str, agent: str) -> bool:
        """True when ``agent`` (a product token such as ``storyline``) may fetch ``url``."""
        return self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        """The Crawl-delay, in seconds, of the group that applies to ``agent``; None when it gives none."""
        return self.parser.crawl_delay(agent)


def parse_robots(body: bytes) -> Rules:
    """Parse a robots.txt body (its first ``ROBOTS_MAX_BYTES``, as fetched).

    Args:
        body: the file's bytes; UTF-8 (RFC 9309 section 2.3), bad bytes replaced, a BOM dropped. When
            ``body`` fills ``ROBOTS_MAX_BYTES`` it was cut there, so its last, partial line is left out.

    Returns:
        The rules; lines that are not rules (an HTML error page served as 200, binary garbage) add none.
    """
    if len(body) >= ROBOTS_MAX_BYTES:
        body = body[: body.rfind(b"\n") + 1]
    # The BOM is removed here because Protego would read "\ufeffUser-agent" as an unknown field and so lose
    # the first group.
    return Rules(Protego.parse(body.decode("utf-8", errors="replace").removeprefix("\ufeff")))


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a URL is not fetched; ``transient`` when robots.txt could not be read (it may be later)."""

    reason: str
    transient: bool


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    """One site's robots.txt as read, for our agent.

    ``rules`` is None when the file could not be read, so everything is disallowed and ``problem`` says
    why. ``expires`` is the clock time after which the file is read again.
    """

    url: str
    agent: str
    rules: Rules | None
    problem: str
    expires: float

    def refusal(self, url: str) -> Refusal | None:
        """Why ``url`` (on this policy's site) must not be fetched, or None when it may be."""
        if self.rules is None:
            return Refusal(
                f"robots.txt could not be read ({self.url}: {self.problem}), so the site counts as "
                f"disallowing everything (RFC 9309); {OVERRIDE_HINT}",
                transient=True,
            )
        if not self.rules.allows(url, self.agent):
            return Refusal(f"disallowed by robots.txt ({self.url}); {OVERRIDE_HINT}", transient=False)
        return None


class RobotsCache:
    """The robots.txt policy of each site visited, for one product token, and the Crawl-delays per host.

    Args:
        agent: the product token robots.txt groups are matched on (``storyline``).
        clock: monotonic seconds, to expire policies (the Fetcher's clock, so tests control it).
    """

    def __init__(self, agent: str, *, clock: Callable[[], float]) -> None:
        self.agent = agent
        self._clock = clock
        self._policies: dict[Site, RobotsPolicy] = {}
        #: host -> {site: Crawl-delay seconds}: http and https, or two ports, of one host are two sites
        #: whose files may ask for different delays, while pacing is per host.
        self._delays: dict[str, dict[Site, float]] = {}

    def get(self, site: Site) -> RobotsPolicy | None:
        """The policy of ``site``, or None when its robots.txt has not been read or must be read again."""
        policy = self._policies.get(site)
        if policy is None or self._clock() >= policy.expires:
            return None
        return policy

    def add_file(self, site: Site, body: bytes) -> RobotsPolicy:
        """Record the robots.txt of ``site`` as fetched (``b""`` for a 4xx answer: no rules).

        Returns:
            The policy, kept ``ROBOTS_CACHE_SECONDS``; its Crawl-delay now paces the host.
        """
        url = site.robots_url
        if len(body) >= ROBOTS_MAX_BYTES:
            log.warning("%s: over %d bytes; the rules after that are ignored", url, ROBOTS_MAX_BYTES)
        rules = parse_robots(body)
        delay = rules.crawl_delay(self.agent)
        if delay is not None and delay > ROBOTS_MAX_CRAWL_DELAY:
            log.warning("%s asks for a Crawl-delay of %g s; waiting %g s", url, delay, ROBOTS_MAX_CRAWL_DELAY)
            delay = ROBOTS_MAX_CRAWL_DELAY
        delays = self._delays.setdefault(site.host, {})
        if delay is None:
            delays.pop(site, None)
        else:
            delays[site] = delay
        policy = RobotsPolicy(url, self.agent, rules, "", self._clock() + ROBOTS_CACHE_SECONDS)
        self._policies[site] = policy
        return policy

    def add_unreadable(self, site: Site, problem: str) -> RobotsPolicy:
        """Record that the robots.txt of ``site`` could not be read (``problem`` says why).

        Returns:
            A policy disallowing everything, kept ``ROBOTS_UNREACHABLE_SECONDS``. A Crawl-delay from the
            site's last good file keeps pacing the host.
        """
        policy = RobotsPolicy(
            site.robots_url, self.agent, None, problem, self._clock() + ROBOTS_UNREACHABLE_SECONDS
        )
        self._policies[site] = policy
        return policy

    def crawl_delay(self, host: str) -> float:
        """The longest Crawl-delay the robots.txt files of ``host`` ask for, in seconds (0 when none)."""
        return max(self._delays.get(host, {}).values(), default=0.0)

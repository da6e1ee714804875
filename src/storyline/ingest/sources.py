"""Turns paths (files and directories) into Drafts, choosing the reader by file type.

Readers never raise on one bad input: it becomes a ``Skip`` with its path and the reason, and the other
inputs are still read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Draft, NoiseSpan, Skip
from .decode import decode_text, read_bytes
from .tabular import read_csv, read_json, read_jsonl
from .text import read_text

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABULAR_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABULAR_SUFFIXES
#: Files a corpus folder commonly holds about itself, never articles: left out when a directory is read
#: (still read when named directly).
FOLDER_DOCS = {"readme", "license", "licence", "changelog", "notice", "copying"}


def html_to_draft(html: str | bytes, *, source: str, url: str | None = None) -> Draft:
    """Main text and metadata of an HTML page as a Draft (raises InputError when there is no article)."""
    from .html import parse_html  # trafilatura is heavy: import it only when HTML comes in

    parts = parse_html(html, source=source, url=url)
    # raw keeps every body line, dropped ones too, so what the HTML reader removed is recorded as noise.
    raw_lines = parts.lines or ((parts.text, None),)
    raw, noise, pos = "", [], 0
    for line, reason in raw_lines:
        if raw:
            raw += "\n\n"
            pos += 2
        raw += line
        if reason:
            noise.append(NoiseSpan(reason, line, pos, pos + len(line)))
        pos += len(line)
    return Draft(
        source=source,
        raw=raw,
        noise=tuple(noise),
        url=parts.url or url,
        outlet=parts.outlet,
        title=parts.title,
        byline=parts.byline,
        published=parts.published,
        language=parts.language or "en",
        markup=True,
    )


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | Skip]:
    """Files named directly, and supported files under directories (sorted, hidden ones left out)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.stem.lower() in FOLDER_DOCS:
                    continue
                if child.suffix.lower() in SUPPORTED:
                    yield child
                else:
                    yield Skip(str(child), f"unsupported file type {child.suffix or '(none)'!r}")
        elif path.is_file():
            yield path
        elif not path.exists():
            yield Skip(str(path), "no such file or directory")
        else:
            yield Skip(str(path), "not a regular file")


def read_file(path: Path, *, max_bytes: int) -> Iterator[Draft | Skip]:
    """All Drafts in one file; a problem with the file is one Skip."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        data = read_bytes(path, max_bytes=max_bytes)
        if suffix in HTML_SUFFIXES:
            yield html_to_draft(data, source=source)
            return
        text, warning = decode_text(data, source=source)
        if warning:
            log.warning("%s: %s", source, warning)
        if not text.strip():
            raise InputError(source, "file holds only white space")
        if suffix in {".jsonl", ".ndjson"}:
            yield from read_jsonl(text, source=source, html_parser=html_to_draft)
        elif suffix == ".json":
            yield from read_json(text, source=source, html_parser=html_to_draft)
        elif suffix == ".csv":
            yield from read_csv(text, source=source, html_parser=html_to_draft)
        elif text.lstrip()[:1] == "<" and "</" in text[:5000] and suffix not in TEXT_SUFFIXES:
            yield html_to_draft(text, source=source)
        else:
            yield read_text(text, source=source)
    except InputError as exc:
        yield Skip(exc.source, exc.reason)


def iter_drafts(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Draft | Skip]:
    """Every Draft (or Skip) from files and directories, in a stable order."""
    for item in expand_paths(paths):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes)

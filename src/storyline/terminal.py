"""Printing untrusted text to a terminal: control characters are shown, never sent.

Titles, outlets, quotes, file names and URLs come from the articles. Printed as they are, an escape
sequence in one of them acts on the reader's terminal (``ESC [2J`` clears the screen, ``ESC ]0;…BEL`` sets
the window title, the C1 control U+009B does the same on terminals that read 8-bit controls) and a bidi
override (U+202E) reorders what is shown, so one text reads as another (issue 12, item 11). Everything the
CLI prints goes through this module:

- ``safe``: each control character replaced by a visible stand-in;
- ``SafeConsole``: a rich console that applies ``safe`` to every string it renders and to every segment it
  writes (whatever a table or a ``Text`` holds);
- ``cell``: a table cell of article text: one line, rich markup in it escaped;
- ``echo``: ``click.echo`` of safe text; ``json_safe``: JSON that decodes to the same values, every control
  character in it escaped as ``\\uXXXX`` (``json.dumps`` leaves DEL, C1 and bidi controls raw);
- ``SafeGroup`` (error messages) and ``SafeFormatter`` (log lines).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import click
from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

#: The bidi embedding, override and isolate controls (the "Trojan Source" set, CVE-2021-42574): they
#: reorder the text around them. The marks (U+200E, U+200F, U+061C) only nudge neutral characters next to
#: them and are part of ordinary right-to-left text, so they are kept.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _visible(code: int) -> str:
    """The stand-in printed for a control character."""
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL, ␍ for CR
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"  # C1 has no pictures: written as Python writes it
    return f"\\u{code:04x}"


_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0), *map(ord, BIDI_CONTROLS)]
#: Tab and newline are layout, not commands: kept, except in one-line text.
_SAFE = str.maketrans({c: _visible(c) for c in _CONTROLS if c not in (0x09, 0x0A)})
_ONE_LINE = str.maketrans({c: " " if c in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85) else _visible(c) for c in _CONTROLS})
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
_JSON_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")


def safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    C0 controls (but tab and newline) become their Control Pictures symbol (ESC -> ``␛``), DEL ``␡``, C1
    controls and bidi overrides their escape (``\\x9b``, ``\\u202e``); everything else is kept.

    Args:
        text: text from an article, a file name, a URL.
        one_line: also fold line breaks and runs of whitespace into one space (a table cell, a label).

    Returns:
        The text, safe to print to a terminal.
    """
    if one_line:
        return " ".join(text.translate(_ONE_LINE).split())
    return text.translate(_SAFE) if _UNSAFE.search(text) else text


def cell(text: str | None, placeholder: str = "") -> str:
    """Article text for a rich table cell or title: one line, controls visible, markup escaped (a title
    ``[red]x[/red]`` is shown as written)."""
    return escape(safe(text, one_line=True)) if text else placeholder


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of ``safe(message)``."""
    click.echo(safe(message), err=err, nl=nl)


def json_safe(encoded: str) -> str:
    """JSON text with every control character (C0 but tab and newline, DEL, C1, bidi, line separators)
    written as a ``\\uXXXX`` escape: it decodes to the same values, and prints as plain characters.

    Only valid for JSON text: such a character can only stand inside a string there, where the escape means
    the same; tab and newline are kept because ``json.dumps`` only writes them between values.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


class SafeConsole(Console):
    """A rich ``Console`` that never writes a control character from the text it prints.

    Strings (table cells, titles, printed lines) are made safe before they are laid out, so columns keep
    their width; the segments finally written are checked again, which also covers ``Text`` objects built
    elsewhere. Rich's own control segments (cursor moves of a progress bar) are left alone.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(safe(text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(safe(segment.text), segment.style)


class SafeGroup(click.Group):
    """A command group whose error messages (``click.ClickException``) are printed safe: they name input
    files, URLs and ids."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # rewritten in place (click types it Final): a new exception would lose a UsageError's context
            exc.message = safe(exc.message)  # type: ignore[misc]
            raise


class SafeFormatter(logging.Formatter):
    """Log lines printed safe: a warning may quote a feed's title or a URL."""

    def format(self, record: logging.LogRecord) -> str:
        return safe(super().format(record))

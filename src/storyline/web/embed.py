"""The briefing page inside the site's layout: its styles and its body, taken out of the self-contained file.

``storyline.brief.render_html`` writes a whole document made to open alone (``storyline report``). The web
UI's story page shows the same briefing with the site's header, search and links around it (issue 15), so
it needs the document's parts: its inline stylesheet, its title, and what its ``<body>`` holds. The body
is used as rendered: every text in it was escaped by the briefing's own templates, and nothing here
un-escapes or re-parses it. The changes: the briefing's ``<main>`` becomes a ``<div>`` without the
``id="main"`` the site's own main carries (a page has one main landmark and ids are unique); a skip link
opening the body is dropped (the site's skip link, first on the page, goes to the same content); and the
meta Content-Security-Policy stays behind with the head (the server sends the page's policy as a header).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.IGNORECASE | re.DOTALL)
_MAIN_OPEN = re.compile(r"<main\b([^>]*)>", re.IGNORECASE)
_MAIN_CLOSE = re.compile(r"</main\s*>", re.IGNORECASE)
_MAIN_ID = re.compile(r"""\s(?:id\s*=\s*["']?main["']?|tabindex\s*=\s*["']?-1["']?)(?=[\s>/]|$)""", re.IGNORECASE)
# A skip link as the body's first element: <a class="skip..." href="#...">...</a>.
_LEADING_SKIP = re.compile(r"""^\s*<a\b[^>]*\bclass\s*=\s*["']?skip[^>]*>.*?</a\s*>""", re.IGNORECASE | re.DOTALL)
#: What the briefing appends to the story's title in its <title> (html.py: "{label} — storyline briefing").
_TITLE_SUFFIX = re.compile(r"\s*[—–-]\s*storyline briefing\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Embedded:
    """A briefing's parts for the site's story page.

    Attributes:
        title: the briefing's title as plain text (the page's ``<title>`` escapes it again).
        css: its inline stylesheet (the briefing's own file, no template text in it).
        body: the markup inside its ``<body>``, already escaped by the briefing's templates.
    """

    title: str
    css: str
    body: str


def embed(document: str) -> Embedded:
    """Split a rendered briefing into its title, stylesheet and body (a fragment without ``<body>`` is all
    body)."""
    body = _BODY.search(document)
    head = document[: body.start()] if body else ""
    title = _TITLE.search(head)
    css = "\n".join(m.group(1) for m in _STYLE.finditer(head))
    inner = _LEADING_SKIP.sub("", body.group(1) if body else document, count=1)
    opening = _MAIN_OPEN.search(inner)
    closings = list(_MAIN_CLOSE.finditer(inner))
    if opening and closings:  # the briefing's outermost <main> ... </main>: the first opening, the last closing
        last = closings[-1]
        inner = (
            inner[: opening.start()]
            + f"<div{_MAIN_ID.sub('', opening.group(1))}>"
            + inner[opening.end() : last.start()]
            + "</div>"
            + inner[last.end() :]
        )
    text = html.unescape(title.group(1)).strip() if title else ""
    return Embedded(_TITLE_SUFFIX.sub("", text), css, inner)

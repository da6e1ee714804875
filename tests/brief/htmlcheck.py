"""Parse rendered HTML with the standard library and report what a browser would see as markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: str = ""
    scripts: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    open_spans: int = 0  # <span> opened minus closed: 0 when the markup is balanced


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.page.tags.append((tag, d))
        if d.get("id"):
            self.page.ids.add(d["id"] or "")
        if tag == "span":
            self.page.open_spans += 1
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.page.tags.append((tag, d))
        if d.get("id"):
            self.page.ids.add(d["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.page.open_spans -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.page.scripts.append(data)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def parse(html: str) -> Page:
    """The tags (with attributes), ids, script bodies and text content of ``html``."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page

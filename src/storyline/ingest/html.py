"""HTML reader: main article text and metadata from one web page.

The main text comes from trafilatura in precision mode, with the balanced mode as a fallback when the
precise run loses most of the article. Around it sit general rules that trafilatura lacks: hidden and
boilerplate containers are pruned from the DOM first; afterwards blocks that are mostly link text
(related-article lists), call-to-action lines (newsletter, follow us, read more), photo credits and
copyright lines are dropped, and a leading copy of the headline is removed (it lives in ``title``).
Metadata (title, byline, date, site name) comes from trafilatura's metadata module and htmldate.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass

import lxml.etree as etree
import lxml.html
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.xml import xmltotxt

from storyline.errors import InputError

LOGGER = logging.getLogger(__name__)

__all__ = ["HtmlParts", "parse_html"]


@dataclass(frozen=True, slots=True)
class HtmlParts:
    """What one HTML page yields: main text plus the metadata found in the page."""

    text: str
    title: str | None
    byline: str | None
    published: dt.date | None
    url: str | None
    outlet: str | None
    language: str | None


# --- input sanity -------------------------------------------------------------------------------------

# Bytes sniffed for a <meta charset>: the HTML standard's pre-scan reads the first 1024 bytes; pages in
# the wild put long <head> preambles first, so 4 KiB catches more declarations at no real cost.
CHARSET_SNIFF_BYTES = 4096
# Share of control characters (other than whitespace) above which input is binary, not text. Real pages
# have ~0; a stray NUL or two from bad scrapes is tolerated, a binary file has tens of percent.
MAX_CONTROL_SHARE = 0.02
# Deepest element nesting kept as is. trafilatura recurses over the tree and Python's default recursion
# limit is 1000 frames; real pages rarely nest beyond 60. Deeper subtrees are flattened to their text.
MAX_DEPTH = 200
# The markup that makes a string HTML rather than plain text mentioning "<".
_HTML_TAG = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|title|meta|p|div|article|section|main|span|h[1-6]|br|table|ul|"
    r"ol|li|a|b|i|em|strong|blockquote|header|footer|nav|script|style)\b",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# WHATWG: labels for Latin-1 decode as windows-1252 (it is a superset used by browsers for them).
_ENCODING_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                     "ascii": "cp1252", "iso8859-1": "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes, source: str) -> str:
    """Bytes to text: BOM, then valid UTF-8, then the declared charset, then detection, then UTF-8 lossy."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:CHARSET_SNIFF_BYTES] and data[:CHARSET_SNIFF_BYTES].count(b"\x00") > 8:
        raise InputError(source, "binary data, not an HTML page")
    try:
        # Random legacy-encoded text almost never forms valid UTF-8, so a clean decode settles it even
        # when a page wrongly declares windows-1252 (a common CMS misconfiguration).
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:CHARSET_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match:
        label = match.group(1).decode("ascii", "ignore").lower()
        try:
            return data.decode(_ENCODING_ALIASES.get(label, label))
        except (LookupError, UnicodeDecodeError):
            LOGGER.debug("%s: declared charset %r does not decode", source, label)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:20000]).best()
        if best is not None:
            return data.decode(best.encoding, errors="replace")
    except (LookupError, ImportError):
        pass
    return data.decode("utf-8", errors="replace")


def _check_text(text: str, source: str) -> None:
    """Reject empty, binary and non-HTML input with a reason."""
    if not text.strip():
        raise InputError(source, "empty document")
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise InputError(source, "binary data, not an HTML page")
    if not _HTML_TAG.search(sample):
        raise InputError(source, "no HTML markup found (plain text?)")


def _parse(text: str, source: str) -> HtmlElement:
    """Parse text into an lxml tree, repairing what libxml2 can; deep nesting is flattened."""
    # lxml refuses str input that carries an XML encoding declaration; the text is already decoded.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    text = _CONTROL.sub("", text)
    # huge_tree lifts libxml2's depth cap from 256 to 2048, so a page nesting deeper keeps its text.
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                                  default_doctype=False, huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(source, f"HTML cannot be parsed: {exc}") from exc
    if tree is None or not isinstance(tree.tag, str):
        raise InputError(source, "HTML cannot be parsed")
    _flatten_deep(tree)
    return tree


def _flatten_deep(tree: HtmlElement) -> None:
    """Replace every subtree starting deeper than MAX_DEPTH by its bare text (one walk, no recursion)."""
    depth = 0
    too_deep: list[HtmlElement] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == MAX_DEPTH and len(element):
                too_deep.append(element)
        else:
            depth -= 1
    for element in too_deep:
        text = " ".join(t.strip() for t in element.itertext() if t.strip())
        for child in list(element):
            element.remove(child)
        element.text = text


# --- main text ----------------------------------------------------------------------------------------

# A precision-mode result shorter than this share of the balanced-mode result has lost article text
# (e.g. a body split across several containers): the balanced result is used instead.
PRECISION_MIN_SHARE = 0.5
# Below this many characters the precision result is checked against a balanced run. Above it the
# precise result is long enough to be an article and the second run (≈10 ms) is skipped.
PRECISION_CHECK_CHARS = 1500


def _extract_body(tree: HtmlElement, url: str | None, source: str) -> etree._Element | None:
    """Run trafilatura (precision first, balanced as fallback) and return its output body tree."""

    def run(precision: bool) -> etree._Element | None:
        try:
            doc = bare_extraction(tree, url=url, favor_precision=precision, include_comments=False,
                                  include_tables=True, include_links=False, include_formatting=False,
                                  with_metadata=False)
        except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
            LOGGER.debug("%s: trafilatura failed: %r", source, exc)
            return None
        return None if doc is None else doc.body  # type: ignore[union-attr]

    precise = run(True)
    precise_len = _text_len(precise)
    if precise_len >= PRECISION_CHECK_CHARS:
        return precise
    balanced = run(False)
    if _text_len(balanced) * PRECISION_MIN_SHARE > precise_len:
        return balanced
    return precise


def _text_len(body: etree._Element | None) -> int:
    return 0 if body is None else sum(len(t.strip()) for t in body.itertext())


# Blocks (paragraphs, headings, list items) whose text is at least this share link text are navigation:
# related-article lists, "Read more: <headline>" teasers, tag clouds. Article paragraphs carry a few
# inline links (typically < 20 % of their text); 0.8 tolerates a short lead-in such as "Related:".
# Measured on the ScrapingHub benchmark: 0.5 cut real text, 0.95 kept "Related: <headline>" lines.
LINK_BLOCK_RATIO = 0.8
# Only blocks up to this many characters are judged by link share: a headline teaser is short (≤ ~150
# characters with a "Related:" prefix); a long fully-linked paragraph is a product or deal description
# that belongs to the article (seen on shopping round-ups).
LINK_BLOCK_MAX_CHARS = 160
# HTML elements judged as one block. A div counts only when it holds no other block element.
_LINK_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "div")
_BLOCK_CHILD = frozenset(("p", "div", "li", "ul", "ol", "table", "section", "article", "blockquote", "h1",
                          "h2", "h3", "h4", "h5", "h6", "figure", "dl"))


def _drop_link_blocks(tree: HtmlElement) -> None:
    """Remove short blocks made mostly of link text (related links, teasers, tag lists) from the DOM.

    Done on the page before extraction because trafilatura's ``include_links`` output loses text
    around links in some layouts, so link share cannot be measured on its output.
    """
    doomed = []
    for block in tree.iter(*_LINK_BLOCK_TAGS):
        if block.tag == "div" and any(child.tag in _BLOCK_CHILD for child in block.iterdescendants()):
            continue
        text = block.text_content()
        total = len(text.strip())
        if not total or total > LINK_BLOCK_MAX_CHARS:
            continue
        linked = sum(len(a.text_content().strip()) for a in block.iter("a") if a.get("href", "#")[:1] != "#")
        if linked >= LINK_BLOCK_RATIO * total:
            doomed.append(block)
    for block in doomed:
        _remove(block)


def _remove(element: etree._Element) -> None:
    """Remove an element but keep its tail text attached to the previous node."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _body_to_text(body: etree._Element) -> str:
    text = xmltotxt(body, include_formatting=False)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def parse_html(html: str | bytes, *, source: str, url: str | None = None) -> HtmlParts:
    """Extract the main article text and its metadata from one HTML page.

    Args:
        html: The page, as text or as raw bytes (encoding found from BOM, meta charset or content).
        source: Name of the input (path or URL) used in error messages.
        url: The page's URL when known; otherwise taken from canonical/og:url metadata.

    Returns:
        HtmlParts whose ``text`` holds the article's paragraphs separated by blank lines.

    Raises:
        InputError: The input is empty, binary, not HTML, or has no extractable article text.
    """
    if isinstance(html, (bytes, bytearray)):
        text = _decode(bytes(html), source)
    elif isinstance(html, str):
        text = html
    else:
        raise InputError(source, f"expected str or bytes, got {type(html).__name__}")
    _check_text(text, source)
    tree = _parse(text, source)
    meta = _metadata(tree, url, source)
    _drop_link_blocks(tree)
    body = _extract_body(tree, url or meta.url, source)
    article = _body_to_text(body) if body is not None else ""
    if not article.strip():
        raise InputError(source, "no article text found in the page")
    return HtmlParts(text=article, title=meta.title, byline=meta.byline, published=meta.published,
                     url=meta.url, outlet=meta.outlet, language=meta.language)


# --- metadata -----------------------------------------------------------------------------------------

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def _metadata(tree: HtmlElement, url: str | None, source: str) -> HtmlParts:
    """Title, byline, date, URL, site name and language; every field None when not found."""
    try:
        doc = extract_metadata(tree, default_url=url, extensive=True)
    except (RecursionError, ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        LOGGER.debug("%s: metadata extraction failed: %r", source, exc)
        doc = None
    published = None
    if doc is not None and doc.date:
        try:
            published = dt.date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return HtmlParts(
        text="",
        title=_clean_field(doc.title if doc else None),
        byline=_clean_field(doc.author if doc else None),
        published=published,
        url=url or (_clean_field(doc.url) if doc else None),
        outlet=_clean_field(doc.sitename if doc else None),
        language=_language(tree),
    )


def _clean_field(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _language(tree: HtmlElement) -> str | None:
    """Primary language subtag from <html lang>, Content-Language or og:locale, lower-cased."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath("//meta[translate(@http-equiv,'CONTELANGU','contelangu')='content-language']/@content")
    candidates += tree.xpath("//meta[@property='og:locale']/@content")
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None

"""HTML reader: main article text and metadata from one web page.

Steps, each a general rule (none keyed to a site):
1. Bytes are decoded (BOM, valid UTF-8, declared charset, detection); empty, binary and markup-less input
   is refused with an InputError; libxml2 parses the rest, and nesting deeper than MAX_DEPTH is flattened.
2. The DOM is prepared for trafilatura: an article body split into same-class containers is joined, and
   embedded social posts are lifted out of "social" wrappers that boilerplate filters drop whole.
3. trafilatura extracts in precision mode; a short result is checked against balanced mode, which wins
   when the precise run lost most of the text (at most two extractor runs per page).
4. Output lines are dropped when they match a short, mostly-link block of the page (related links,
   teasers), a call to action or notice (newsletter, follow us, copyright, wire credits), page furniture,
   or, among the first lines, the headline or its standfirst (the headline lives in ``title``).
Metadata (title, byline, date, URL, site name) comes from trafilatura's metadata module and htmldate,
searched in the first METADATA_MAX_ELEMENTS elements of a page that has more.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import itertools
import logging
import re
import unicodedata
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
    #: Every line of the extracted body in page order, with the reason it was dropped (None when kept in
    #: ``text``): "related_links", "boilerplate" or "headline". Lets the reader record what it dropped.
    lines: tuple[tuple[str, str | None], ...] = ()


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
    r"</?(?:!doctype\s+html|html|head|body|title|meta|p|div|article|section|main|span|h[1-6]|br|table|ul|"
    r"ol|li|a|b|i|em|strong|blockquote|header|footer|nav|script|style)\b",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Characters an lxml text node cannot hold (XML 1.0 Char production).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# WHATWG: labels for Latin-1 decode as windows-1252 (it is a superset used by browsers for them).
_ENCODING_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                     "ascii": "cp1252", "iso8859-1": "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes, source: str) -> str:
    """Bytes to text with the shared decoder (``decode.decode_bytes``): BOM, binary check, UTF-8, mostly
    UTF-8, the declared charset, then detection with a language check; UTF-8 with replacement when
    nothing fits. A few stray NULs from a bad scrape are tolerated (the text check follows)."""
    from .decode import decode_bytes

    head = data[:CHARSET_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    label = match.group(1).decode("ascii", "ignore").lower() if match else None
    try:
        decoded = decode_bytes(data, source=source, declared=_ENCODING_ALIASES.get(label or "", label), lossy=True,
                               max_nuls=8, max_control_share=MAX_CONTROL_SHARE)
    except InputError as exc:
        raise InputError(source, "binary data, not an HTML page") from exc
    if decoded.warning:
        LOGGER.debug("%s: %s", source, decoded.warning)
    return decoded.text


def _check_text(text: str, source: str) -> None:
    """Reject empty, binary and non-HTML input with a reason."""
    if not text.strip():
        raise InputError(source, "empty document")
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise InputError(source, "binary data, not an HTML page")
    if not _HTML_TAG.search(sample):
        raise InputError(source, "no HTML markup found (plain text?)")


#: Set on the root element when libxml2 stopped at its nesting limit (an attribute: lxml trees take no others).
_CUT_MARK = "data-storyline-cut"


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
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 2,048 levels even with huge_tree: the rest of the page is not parsed
        tree.set(_CUT_MARK, "1")
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
        # character references (&#1;) put characters in the tree that lxml refuses to set back
        text = _NOT_XML.sub("", " ".join(t.strip() for t in element.itertext() if t.strip()))
        for child in list(element):
            element.remove(child)
        element.text = text


# --- main text ----------------------------------------------------------------------------------------

# Class names of article-body containers. Some layouts split one body into several sibling containers
# with the same class, with ads or figures between them; extractors keep only the first.
_BODY_CLASS = re.compile(r"(?:article|story|post|entry)[-_]*(?:body|content|text)|(?:^|\s)body(?:$|\s)|"
                         r"body[-_]*(?:text|copy|container)|articleBody|content[-_]*body", re.IGNORECASE)
# Class words of collections (infinite scroll, post lists, teaser cards): repeated containers carrying
# them are separate articles, not chunks of one.
_COLLECTION_CLASS = re.compile(r"list|browser|feed|teaser|card|related|recommend|promo|excerpt|preview|"
                               r"summary|widget|sidebar|more", re.IGNORECASE)
# A chunk counts when it has a paragraph at least this long: real body text, not an empty ad slot.
CHUNK_MIN_PARAGRAPH = 80


def _merge_body_chunks(tree: HtmlElement) -> None:
    """Join an article body split into same-class containers into the first container."""
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for element in tree.iter("div", "section", "article"):
        cls = element.get("class", "")
        if cls and _BODY_CLASS.search(cls) and not _COLLECTION_CLASS.search(cls):
            groups.setdefault((element.tag, cls), []).append(element)
    for members in groups.values():
        if len(members) < 2:
            continue
        member_set = set(members)
        tops = [m for m in members if not any(a in member_set for a in m.iterancestors())]
        chunks = [m for m in tops
                  if any(len(p.text_content().strip()) >= CHUNK_MIN_PARAGRAPH for p in m.iter("p"))]
        if len(chunks) < 2:
            continue
        for chunk in chunks[1:]:
            if chunk.tail and chunk.tail.strip():
                _remove(chunk)  # keeps the tail text in place
            chunks[0].append(chunk)
            chunk.tail = None


# Embedded social posts (tweets, Instagram posts) quoted by the article are part of its text, but their
# wrappers carry class names ("social-media-embed") that boilerplate filters remove whole.
_EMBEDDED_POST = re.compile(r"twitter-tweet|instagram-media|tiktok-embed", re.IGNORECASE)
_EMBED_WRAPPER = re.compile(r"social|embed|tweet|twitter|instagram|tiktok", re.IGNORECASE)
# A wrapper is dropped only if it holds little besides the post (a caption or a "View on Twitter" link).
EMBED_WRAPPER_EXTRA_CHARS = 60


def _unwrap_embedded_posts(tree: HtmlElement) -> None:
    """Lift embedded social posts out of wrappers that boilerplate filters would discard."""
    for post in list(tree.iter("blockquote")):
        if not _EMBEDDED_POST.search(post.get("class", "")):
            continue
        size = len(post.text_content())
        outer = None
        for ancestor in post.iterancestors():
            if not _EMBED_WRAPPER.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
                break
            if len(ancestor.text_content()) > size + EMBED_WRAPPER_EXTRA_CHARS:
                break
            outer = ancestor
        post.set("class", "embedded-post")
        parent = outer.getparent() if outer is not None else None
        if outer is not None and parent is not None:
            post.tail = outer.tail
            parent.replace(outer, post)


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
        except Exception as exc:  # noqa: BLE001 -- third-party boundary: any failure means "no text here"
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
_LINK_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "div", "nav", "ul", "ol", "td")
_BLOCK_CHILD = frozenset(("p", "div", "li", "ul", "ol", "table", "section", "article", "blockquote", "h1",
                          "h2", "h3", "h4", "h5", "h6", "figure", "dl"))


def _link_block_texts(tree: HtmlElement) -> set[str]:
    """Normalised texts of the page's short blocks made mostly of link text (related links, teasers).

    Measured on the page, then matched against the extracted lines: trafilatura's ``include_links``
    output loses text around links in some layouts, and pruning the page itself changes which
    container trafilatura picks, so neither is used.
    """
    found = set()
    for block in tree.iter(*_LINK_BLOCK_TAGS):
        if block.tag == "div" and any(child.tag in _BLOCK_CHILD for child in block.iterdescendants()):
            continue
        text = _norm(block.text_content())
        if not text or len(text) > LINK_BLOCK_MAX_CHARS:
            continue
        linked = sum(len(_norm(a.text_content())) for a in block.iter("a") if a.get("href", "#")[:1] != "#")
        if linked >= LINK_BLOCK_RATIO * len(text):
            found.add(text)
    return found


def _norm(text: str) -> str:
    """Whitespace-collapsed text without a list marker, for matching page blocks with output lines."""
    return re.sub(r"\s+", " ", text).strip().removeprefix("- ").strip()


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


# Lines up to this long are checked against the boilerplate patterns below; calls to action and credit
# lines are one or two sentences, and a long paragraph that merely mentions a newsletter is prose.
BOILERPLATE_MAX_CHARS = 300
# Calls to action, syndication notices and section furniture that sites put inside the article body.
# Each pattern was checked against the benchmark's hand-made article bodies: a pattern stays only when
# the lines it removes are mostly not part of the gold text (counts noted per pattern).
BOILERPLATE_LINE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    # "Follow us on Twitter", "Follow her on Twitter @x": 4 noise lines, 1 gold line.
    # Only as a sentence of its own, so "would follow the rules on Twitter" stays.
    r"(?:^|[.!?]\s+)follow (?:us|him|her|them|[\w.@]+(?: [\w.@]+){0,3}) on "
    r"(?:twitter|facebook|instagram|linkedin|youtube)\b",
    # Newsletter sign-ups: 6 noise lines, 1 gold line (a newsletter's own article).
    r"\b(?:sign(?:ing)? up|subscrib(?:e|ing))\b.*\b(?:newsletters?|inbox)\b",
    r"\b(?:delivered|straight|right|directly|sent) (?:to|in|into) your inbox\b",
    r"^[\w'’ ]{0,40}\bnewsletter$",
    r"\blike this (?:story|article)\b|\bshare (?:it|this)(?: story| article)? with (?:a|your) friends?\b",
    # Contact lines: "Email Jane Doe at jd@x.com", "Reach the reporters on Twitter at http://...".
    r"^(?:email|e-mail|contact|reach) (?:the (?:writer|author|reporters?)|\w+ \w+) (?:at|on)\b.*(?:@|https?://)",
    r"^have a (?:news )?tip\?",
    r"^if you (?:enjoyed|liked) (?:this|the) (?:article|story|post)\b",
    # Copyright notices ("Copyright ©2019 Dow Jones", "© Reuters"), short lines only so that prose
    # about copyright law stays: 5 noise lines, 4 gold lines (wire copyright footers).
    r"^(?=.{0,120}$)(?:copyright|©)(?:\s*(?:©|\(c\)))?\s*"
    r"(?:\d{4}|[\w&.,' -]{0,60}\b\d{4}\b|[\w&.' -]{1,40}$)",
    r"\ball rights reserved\b",
    r"\bfor your personal,? non-commercial use\b",
    # Wire-service credit lines ("Reporting by X; Editing by Y"): 3 noise lines, 1 gold line.
    r"^(?=.{0,200}$)\(?(?:additional )?(?:reporting|writing|editing) by\b",
    # Teaser lead-ins for other articles ("Read more: <headline>", "DON'T MISS"): 5 noise lines, 1 gold.
    r"^\W*(?:read more|read also|see also|also read|related(?: posts?| articles?| stories| coverage)?|"
    r"recommended(?: for you)?|more (?:from|on) [\w.' ]{1,30}|don'?t miss)\s*(?:[:|]|$)",
    r"^also on [\w-]+\.[a-z]{2,}\b",
))
# Whole lines that are page furniture (buttons, section labels), compared case-insensitively.
FURNITURE_LINES = frozenset((
    "advertisement", "advertising", "sponsored", "comments", "comment", "tags", "share", "share this",
    "share this article", "share this story", "print", "print article", "order reprints", "email",
    "top rated comments", "view comments", "related", "related articles", "related stories", "read more",
    "more", "more stories", "you may also like", "thank you", "sorry!", "tweet", "pin it", "whatsapp",
))
# A line with no word character is a leftover separator ("|---|", "-", "."). Underscore counts as a word
# character on purpose: wire copy marks its sections with "___" lines, which later cleaning reads.
_WORD = re.compile(r"\w")
_COMMENT_COUNT = re.compile(r"^\d+\s+comments?$", re.IGNORECASE)


def _is_boilerplate(line: str) -> bool:
    """True for a line that is a call to action, a notice, furniture, or holds no word at all."""
    bare = _norm(line)
    if not _WORD.search(bare):
        return True
    if bare.lower().rstrip(":!.") in FURNITURE_LINES or _COMMENT_COUNT.match(bare):
        return True
    return len(bare) <= BOILERPLATE_MAX_CHARS and any(p.search(bare) for p in BOILERPLATE_LINE_PATTERNS)


# The headline is repeated at the top of the extracted body on many layouts; it belongs in ``title``.
# Only the first lines are checked, so a later mention of the same words stays.
TITLE_SCAN_LINES = 3
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s*::\s*")
# Class or id naming a headline's standfirst ("dek", "subline", "sub-head"). Such text repeated at the top
# of the body is the summary under the headline, which article-body annotations leave out.
_DEK_ATTR = re.compile(r"(?:^|[\s_-])(?:dek|sub-?line|sub-?head(?:line)?|standfirst|sub-?title|strapline|"
                       r"deck)(?:$|[\s_-])", re.IGNORECASE)


def _title_keys(tree: HtmlElement, title: str | None) -> set[str]:
    """Comparison keys of the page's headline and standfirst.

    The headline comes from <title>/og:title (and its parts around " | ") and <h1>; the standfirst from
    elements whose class names it (see _DEK_ATTR).
    """
    texts = [title or ""]
    texts += tree.xpath("//meta[@property='og:title' or @name='twitter:title']/@content")
    texts += tree.xpath("//title/text()")
    texts += [h.text_content() for h in tree.iter("h1")]
    texts += [el.text_content() for el in tree.iter("h2", "h3", "p", "div", "span")
              if _DEK_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}") and len(el) < 5]
    keys = set()
    for text in texts:
        for part in [text, *_TITLE_SPLIT.split(text)]:
            key = _key(part)
            if len(key) >= 10:
                keys.add(key)
    return keys


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _body_lines(body: etree._Element, link_blocks: set[str], title_keys: set[str]) -> list[tuple[str, str | None]]:
    """Each non-empty body line with the reason it is dropped, or None when it is article text."""
    text = xmltotxt(body, include_formatting=False)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    marked: list[tuple[str, str | None]] = []
    for line in filter(None, lines):
        reason = "related_links" if _norm(line) in link_blocks else "boilerplate" if _is_boilerplate(line) else None
        marked.append((line, reason))
    while True:  # a repeated headline among the first kept lines
        head = [i for i, (_, reason) in enumerate(marked) if reason is None][:TITLE_SCAN_LINES]
        repeated = [i for i in head if _key(marked[i][0]) in title_keys]
        if not repeated:
            return marked
        for i in repeated:
            marked[i] = (marked[i][0], "headline")


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
    text = unicodedata.normalize("NFC", text)
    _check_text(text, source)
    tree = _parse(text, source)
    meta = _metadata(tree, url, source)
    link_blocks = _link_block_texts(tree)
    _merge_body_chunks(tree)
    _unwrap_embedded_posts(tree)
    body = _extract_body(tree, url or meta.url, source)
    lines = _body_lines(body, link_blocks, _title_keys(tree, meta.title)) if body is not None else []
    article = "\n\n".join(line for line, reason in lines if reason is None)
    cut = tree.get(_CUT_MARK) is not None
    if not article.strip():
        why = " before it nests deeper than 2,048 levels (the parser's limit)" if cut else ""
        raise InputError(source, f"no article text found in the page{why}")
    if cut:
        LOGGER.warning("%s: HTML nests deeper than 2,048 levels; the page was read up to that point", source)
    return HtmlParts(text=article, title=meta.title, byline=meta.byline, published=meta.published,
                     url=meta.url, outlet=meta.outlet, language=meta.language, lines=tuple(lines))


# --- metadata -----------------------------------------------------------------------------------------

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Elements of a page searched for its metadata. trafilatura's author, category and tag searches and
# htmldate's date search each walk the whole tree several times (a page of 200,000 empty spans took 17.6 s
# of metadata alone in bench/long_text.py; issue 12, item 12). Past this many elements only the first ones
# in document order are searched (the <head> and the top of the body, where headline, byline and date
# sit), with the page's later JSON-LD and <meta> elements: 0.3 s on that page. The 181 pages of the
# article-extraction benchmark have at most 1,596 elements (median 743), so 5,000 leaves real pages whole;
# cut at 1,000 elements instead (36 pages cut), one of their dates changed and no other field; at 600
# (111 cut), one date and one byline.
METADATA_MAX_ELEMENTS = 5_000
# Later JSON-LD scripts and <meta> elements kept with them (some sites put their JSON-LD at the end of the
# body); a page carries a handful, the cap bounds a page made of them.
METADATA_MAX_LATE_ELEMENTS = 50
_LATE_METADATA = etree.XPath(
    "(descendant-or-self::script[@type='application/ld+json']|following::script[@type='application/ld+json']"
    f"|descendant-or-self::meta|following::meta)[position() <= {METADATA_MAX_LATE_ELEMENTS}]"
)


def _metadata_tree(tree: HtmlElement, source: str) -> HtmlElement:
    """The tree itself, or for a page of over METADATA_MAX_ELEMENTS elements a copy of its first ones and
    of its later metadata elements; built in time bounded by those numbers, whatever the page's size."""
    size = int(tree.xpath("count(//*)"))
    if size <= METADATA_MAX_ELEMENTS:
        return tree
    cut = next(itertools.islice(tree.iter(), METADATA_MAX_ELEMENTS, None))
    chain = [*reversed([*cut.iterancestors()]), cut]  # root ... cut

    # a new document: XPath's "//" searches the whole document an element belongs to
    bounded = parent = lxml.html.Element(chain[0].tag, dict(chain[0].attrib))
    bounded.text = chain[0].text
    for old, next_on_chain in itertools.pairwise(chain):
        for child in old:  # the children before the chain's next element: all of them precede ``cut``
            if child is next_on_chain:
                break
            parent.append(copy.deepcopy(child))
        if next_on_chain is cut:
            break
        parent = etree.SubElement(parent, next_on_chain.tag, dict(next_on_chain.attrib))
        parent.text = next_on_chain.text
    body = bounded.find("body")
    for late in _LATE_METADATA(cut):  # in document order from ``cut`` on
        (bounded if body is None else body).append(copy.deepcopy(late))
    LOGGER.info("%s: page has %d elements; metadata (title, byline, date, site) searched in the first %d",
                source, size, METADATA_MAX_ELEMENTS)
    return bounded


def _metadata(tree: HtmlElement, url: str | None, source: str) -> HtmlParts:
    """Title, byline, date, URL, site name and language; every field None when not found.

    A page of over METADATA_MAX_ELEMENTS elements is searched up to that many (its head and the top of
    its body), so that the search takes bounded time.
    """
    tree = _metadata_tree(tree, source)
    try:
        doc = extract_metadata(tree, default_url=url, extensive=True)
    except Exception as exc:  # noqa: BLE001 -- third-party boundary: metadata is optional
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
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTELANGU','contelangu')='content-language']/@content")
    candidates += tree.xpath("//meta[@property='og:locale']/@content")
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None

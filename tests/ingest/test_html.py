"""HTML reader: main text kept, boilerplate dropped, metadata read, encodings and bad input handled."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest import html as html_reader
from storyline.ingest.html import HtmlParts, _is_boilerplate, parse_html

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a budget of 4.2 million dollars for the repair of the old "
    "harbour bridge, which has been closed to heavy traffic since the spring floods damaged its pillars.",
    "Engineers told the council that the work would take about eighteen months and that the bridge would "
    "stay open to pedestrians and cyclists for most of that time, with short closures at night.",
    "Opposition members said the plan came too late and that the cost had doubled since the first estimate, "
    "but the mayor argued that the delay had allowed the city to secure a regional grant for half the sum.",
    "Residents of the harbour district, who have faced long detours for months, welcomed the decision and "
    "asked the council to publish a timetable so that shops along the quay can plan their deliveries.",
]
HEADLINE = "Council approves harbour bridge repair after months of delay"


def page(extra: str = "", *, head: str = "", before: str = "", lang: str = "en") -> str:
    """A news page: header, nav, the article (headline + paragraphs + extra), footer."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><title>{HEADLINE} | Harbour Times</title>{head}</head>"
        "<body>"
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav></header>"
        f"<main><article><h1>{HEADLINE}</h1>{before}<div class='article-body'>{body}{extra}</div>"
        "</article></main>"
        "<footer><p>Harbour Times, 1 Quay Street. Contact us about this site.</p></footer>"
        "</body></html>"
    )


def test_main_text_is_kept_as_paragraphs() -> None:
    parts = parse_html(page(), source="p.html")
    assert isinstance(parts, HtmlParts)
    assert parts.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("extra", "dropped"),
    [
        # cookie banner and share bar
        ("<div class='cookie-banner'><p>We use cookies to improve your experience. Accept all cookies.</p>"
         "</div>",
         "cookies"),
        ("<div class='share-buttons'><a href='#'>Share on Facebook</a> <a href='#'>Share on Twitter</a>"
         "</div>",
         "Share on"),
        # related-links list and a "Read more:" teaser made of link text
        ("<ul><li><a href='/a'>Mayor opens new ferry terminal on the north quay</a></li>"
         "<li><a href='/b'>Floods: what the insurers will pay for this year</a></li></ul>", "ferry terminal"),
        ("<p>Read more: <a href='/c'>How the spring floods damaged the harbour bridge</a></p>", "Read more"),
        # newsletter, follow-us, copyright and wire credit lines
        ("<p>Get the day's top headlines delivered to your inbox every morning by subscribing to our "
         "newsletter.</p>", "newsletter"),
        ("<p>Follow us on Twitter @harbourtimes and on Facebook.</p>", "Follow us"),
        ("<p>Copyright © 2019 Harbour Times. All rights reserved.</p>", "rights reserved"),
        ("<p>(Reporting by Jane Roe; Editing by John Doe)</p>", "Reporting by"),
    ],
)
def test_boilerplate_is_dropped(extra: str, dropped: str) -> None:
    text = parse_html(page(extra), source="p.html").text
    assert dropped not in text
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
    assert "Home" not in text.split("\n\n")  # navigation
    assert "Quay Street" not in text  # footer


@pytest.mark.parametrize(
    ("extra", "kept"),
    [
        # an article paragraph with inline links keeps its words
        ("<p>The grant comes from the <a href='/fund'>regional development fund</a>, which paid for two "
         "other bridges on the coast last year, according to the council's own report.</p>",
         "The grant comes from the regional development fund, which paid"),
        # a subheading inside the article, and the paragraph under it
        ("<h2>What happens next</h2><p>Work starts in March, once the contractor has moved its barges to "
         "the harbour and the divers have checked the foundations of the middle pillars.</p>",
         "What happens next"),
        # prose that merely mentions a newsletter or a copyright is not a call to action
        ("<p>The council's newsletter, sent to every household in the harbour district, will carry the "
         "timetable, the mayor said, adding that copyright in the engineers' drawings stays with the city."
         "</p>",
         "will carry the timetable"),
        # a short paragraph with one link among plain words
        ("<p>The full report is on the <a href='/r'>council website</a> from Monday.</p>", "council website"),
    ],
)
def test_article_content_is_kept(extra: str, kept: str) -> None:
    text = parse_html(page(extra), source="p.html").text
    assert kept in text
    assert PARAGRAPHS[0] in text


def test_headline_repeated_at_top_of_body_is_removed_but_kept_in_title() -> None:
    parts = parse_html(page(before=f"<p>{HEADLINE}</p>"), source="p.html")
    assert not parts.text.startswith(HEADLINE)
    assert parts.title is not None and HEADLINE in parts.title


def test_embedded_tweet_text_is_kept() -> None:
    tweet = ("<div class='social-media-embed'><blockquote class='twitter-tweet'><p>The harbour bridge is "
             "finally getting fixed, great news for everyone who cycles to work</p>&mdash; A Cyclist "
             "(@cyclist) <a href='https://twitter.com/x'>November 18, 2019</a></blockquote></div>")
    text = parse_html(page(tweet), source="p.html").text
    assert "finally getting fixed" in text


def test_body_split_into_same_class_containers_is_joined() -> None:
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    second = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    html = (f"<html><body><article><h1>{HEADLINE}</h1><div class='chunks'>"
            f"<div class='grid'><div class='article__body'>{first}</div></div>"
            "<div class='ad-slot'><p>Advertisement</p></div>"
            f"<div class='grid'><div class='article__body'>{second}</div></div>"
            "</div></article></body></html>")
    assert parse_html(html, source="p.html").text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", True),
        ("Subscribe to the Morning Review newsletter", True),
        ("Pick Six Newsletter", True),
        ("Like this story? Share it with a friend!", True),
        ("Email Tariq Malik at tmalik@example.com or follow him @tariq.", True),
        ("Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved", True),
        ("© Reuters", True),
        ("Reporting by Rodrigo Campos; Editing by Nick Zieminski", True),
        ("READ MORE: China plague outbreak confirmed", True),
        ("DON'T MISS", True),
        ("Advertisement", True),
        ("12 comments", True),
        ("|---|---|", True),
        ("- .", True),
        ("___", False),  # wire-copy section marker, kept for the noise cleaner
        # negatives: prose that shares words with the patterns
        ("Related to the vote, the mayor said the city would also repair the old ferry slipway.", False),
        ("Contact tracing teams at the hospital said the outbreak was under control.", False),
        ("Copyright infringement claims doubled last year, the agency said in its report on 2019.", False),
        ("She said the company would follow the rules on Twitter and other platforms.", False),
        ("Reporting by local newspapers revealed that the bridge had been inspected only once in ten years, "
         "prompting calls for an inquiry into the council's maintenance budget and its contractors, which "
         "the mayor has so far resisted despite pressure from opposition members and residents.", False),
        ("Readers can subscribe to updates by text message.", False),
    ],
)
def test_boilerplate_line_rules(line: str, expected: bool) -> None:
    assert _is_boilerplate(line) is expected


JSON_LD = {
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE,
    "datePublished": "2019-11-18T08:30:00Z", "author": {"@type": "Person", "name": "Jane Roe"},
    "publisher": {"@type": "Organization", "name": "Harbour Times"},
}


@pytest.mark.parametrize(
    ("head", "field", "expected"),
    [
        ("<meta name='author' content='Jane Roe'>", "byline", "Jane Roe"),
        (f"<script type='application/ld+json'>{json.dumps(JSON_LD)}</script>", "byline", "Jane Roe"),
        ("<meta property='article:published_time' content='2019-11-18T08:30:00Z'>", "published",
         dt.date(2019, 11, 18)),
        (f"<script type='application/ld+json'>{json.dumps(JSON_LD)}</script>", "published",
         dt.date(2019, 11, 18)),
        ("<meta property='og:site_name' content='Harbour Times'>", "outlet", "Harbour Times"),
        ("<link rel='canonical' href='https://harbourtimes.example/news/bridge'>", "url",
         "https://harbourtimes.example/news/bridge"),
        ("<meta property='og:title' content='Council approves bridge repair'>", "title",
         "Council approves bridge repair"),
        ("", "language", "en"),
        ("", "published", None),
        ("", "byline", None),
    ],
)
def test_metadata(head: str, field: str, expected: object) -> None:
    parts = parse_html(page(head=head), source="p.html")
    assert getattr(parts, field) == expected


def test_language_subtag_and_missing_lang() -> None:
    assert parse_html(page(lang="pt-BR"), source="p.html").language == "pt"
    assert parse_html(page(lang=""), source="p.html").language is None


def test_given_url_wins() -> None:
    head = "<link rel='canonical' href='https://harbourtimes.example/news/bridge'>"
    assert parse_html(page(head=head), source="p.html", url="https://x.example/a").url == "https://x.example/a"


FRENCH = "Le café du port était fermé à Noël, a déclaré le maire, qui promet une réouverture en été. " * 4
LATIN1_PAGE = (f"<html><head><meta charset='iso-8859-1'></head><body><article><p>{FRENCH}</p></article>"
               "</body></html>")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # latin-1 bytes declared by a meta charset
        (LATIN1_PAGE.encode("latin-1"), "café du port était fermé à Noël"),
        # windows-1252 curly quotes declared by http-equiv
        ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'></head><body>"
         f"<article><p>“{FRENCH}”</p></article></body></html>".encode("cp1252"), "“Le café"),
        # UTF-8 with a BOM and no declaration
        (b"\xef\xbb\xbf" + f"<html><body><article><p>{FRENCH}</p></article></body></html>".encode(),
         "était fermé"),
        # UTF-8 bytes wrongly declared as latin-1 (a common CMS fault)
        (LATIN1_PAGE.encode(), "café du port"),
        # UTF-16 with a BOM
        (f"<html><body><article><p>{FRENCH}</p></article></body></html>".encode("utf-16"), "réouverture"),
    ],
)
def test_encodings(data: bytes, expected: str) -> None:
    text = parse_html(data, source="p.html").text
    assert expected in text
    assert "\ufffd" not in text


DEEP = "<html><body>" + "<div>" * 10_000 + "<p>deep</p>" + "</div>" * 10_000 + "</body></html>"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("", "empty"),
        (b"   \n\t ", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03" * 500, "binary"),
        ("Just some plain text.\nNo markup at all, only a < b and c > d.", "no HTML markup"),
        ("<html><head><script>var x = 1;</script></head><body></body></html>", "no article text"),
        ("<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>",
         "no article text"),
        ("<<<>>><//p><div<<p>>" * 200, "no article text"),
        (DEEP, "nests deeper than 2,048 levels"),
    ],
)
def test_bad_input_raises_input_error(data: str | bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_html(data, source="bad.html")
    assert info.value.source == "bad.html"
    assert reason in info.value.reason


@pytest.mark.parametrize(
    "html",
    [
        # truncated in the middle of a paragraph and of a tag
        page()[: len(page()) // 2],
        page()[: len(page()) - 40] + "<p class='x",
        # unclosed tags everywhere and an XML declaration
        "<?xml version='1.0' encoding='utf-8'?><html><body><article>"
        + "".join(f"<p><b>{p}" for p in PARAGRAPHS),
        # a bare fragment without <html>
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
        # article text after a 10,000-deep nesting bomb is cut by the parser; text before it survives
        page(extra="<div>" * 10_000 + "x" + "</div>" * 10_000),
    ],
)
def test_malformed_html_still_yields_the_article(html: str) -> None:
    parts = parse_html(html, source="m.html")
    assert PARAGRAPHS[0][:60] in parts.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000),
                 st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href='/x'>", "</a>", "text ",
                                           "<script>", "</script>", "<!--", "-->", "&amp;", "\x00", "é"]),
                          max_size=300).map("".join)))
def test_never_raises_anything_but_input_error(data: str | bytes) -> None:
    try:
        parts = parse_html(data, source="fuzz.html")
    except InputError:
        return
    assert parts.text.strip()


# --- huge pages (issue 12, item 12) ---------------------------------------------------------------------


def span_page(spans: int) -> str:
    """A news page whose article body ends in ``spans`` empty spans, one a line, with its JSON-LD (date and
    author) after them at the end of the page, where some sites put it."""
    ld = f"<script type='application/ld+json'>{json.dumps(JSON_LD)}</script>"
    return page(extra="<div>" + "<span></span>\n" * spans + "</div>").replace("</body>", f"{ld}</body>")


def test_metadata_of_a_page_of_200000_empty_spans_is_searched_in_its_first_elements(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Date detection walked all 200,000 spans several times (10-18 s); now it reads the first
    METADATA_MAX_ELEMENTS elements and the page's later JSON-LD."""
    tree = html_reader._parse(span_page(200_000), "spans.html")
    with caplog.at_level(logging.INFO, logger="storyline.ingest.html"):
        meta = html_reader._metadata(tree, None, "spans.html")
    assert (meta.title, meta.byline, meta.published) == (HEADLINE, "Jane Roe", dt.date(2019, 11, 18))
    assert f"searched in the first {html_reader.METADATA_MAX_ELEMENTS}" in caplog.text
    assert "spans.html: page has 200" in caplog.text


def test_a_huge_page_keeps_its_text_and_metadata(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="storyline.ingest.html"):
        parts = parse_html(span_page(3 * html_reader.METADATA_MAX_ELEMENTS), source="spans.html")
    assert PARAGRAPHS[0][:60] in parts.text and PARAGRAPHS[-1][:60] in parts.text
    assert (parts.byline, parts.published, parts.language) == ("Jane Roe", dt.date(2019, 11, 18), "en")
    assert "searched in the first" in caplog.text


def test_a_page_under_the_element_limit_is_searched_whole(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="storyline.ingest.html"):
        parts = parse_html(span_page(100), source="p.html")
    assert parts.published == dt.date(2019, 11, 18)
    assert "searched in the first" not in caplog.text

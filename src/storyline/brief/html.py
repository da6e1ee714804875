"""The briefing as one self-contained HTML file: styles, script and map inlined, no network requests.

Rendered with Jinja2 with autoescaping on for everything; the only markup built outside the templates is
the highlighted article text (:func:`storyline.brief.markup.highlight`, which escapes every text
segment itself). The page carries a Content-Security-Policy that allows nothing but its own inline style
and script (by hash), so a browser refuses any request the page might make, and an injected script or
inline event handler would not run.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .limits import LIMITS, key_events
from .mapview import map_layer
from .markup import highlight

#: URL schemes an article link may have; anything else (javascript:, data:) is shown as text only.
LINK_SCHEMES = frozenset({"http", "https"})


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (so ``javascript:`` never becomes a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def _static(name: str) -> str:
    text = (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{name} must not contain a closing </script> or </style> tag")
    return text


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resources.files(__package__) / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["highlight"] = highlight
    env.filters["safe_url"] = safe_url
    env.globals["limits"] = LIMITS
    env.globals["key_events"] = key_events
    return env


def render_html(context: Mapping[str, Any]) -> str:
    """Render a briefing context as one self-contained HTML page.

    Args:
        context: the dict :func:`storyline.brief.briefing_context` returns.

    Returns:
        The HTML document. It makes no network request: styles, script and the map are inline, and its
        Content-Security-Policy (``default-src 'none'`` plus hashes of the inline style and script)
        forbids any other resource. Links to the original articles are the only external URLs.
    """
    css, js = _static("briefing.css"), _static("briefing.js")
    csp = (
        f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("briefing.html")
    return template.render(ctx=context, css=Markup(css), js=Markup(js), csp=csp, map=map_layer(context["places"]))

"""Briefings: one story rendered for readers, from one context (``briefing_context``) in three views.

>>> from storyline.brief import briefing_context, render_html  # doctest: +SKIP
>>> html = render_html(briefing_context(store, "sb0da4"))       # doctest: +SKIP
"""

from __future__ import annotations

from .context import StoryNotFound, anchor_id, briefing_context, context_from
from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .markup import highlight

__all__ = [
    "StoryNotFound",
    "anchor_id",
    "briefing_context",
    "context_from",
    "highlight",
    "render_html",
    "render_json",
    "render_markdown",
]

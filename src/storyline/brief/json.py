"""The briefing as JSON: the context itself, described by ``docs/briefing-schema.json``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def render_json(context: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """Serialise a briefing context.

    Args:
        context: the dict :func:`storyline.brief.briefing_context` returns.
        indent: spaces per level, or None for one compact line.

    Returns:
        UTF-8-ready JSON text (non-ASCII characters kept), ending with a newline. Strict JSON: a
        non-finite number raises ``ValueError`` instead of writing ``Infinity``.
    """
    return json.dumps(context, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"

"""The JSON briefing: the context itself, valid against the published schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storyline.brief import render_json

from .payloads import hostile_context

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "briefing-schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_demo_briefing_validates(demo_context: dict[str, Any], validator: jsonschema.Draft202012Validator) -> None:
    data = json.loads(render_json(demo_context))
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data == demo_context  # the JSON is the context itself


def test_hostile_briefing_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(json.loads(render_json(hostile_context())))) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("numbers", 0, "status"), "probable"),
        (("summary", 0, "cite", "anchor"), "nowhere"),
        (("articles", 0, "spans", 0, "kind"), "script"),
        (("story", "first_published"), "11 March"),
        (("version",), 2),
    ],
)
def test_schema_rejects_drift(
    demo_context: dict[str, Any], validator: jsonschema.Draft202012Validator, path: tuple, value: Any
) -> None:
    data = json.loads(render_json(demo_context))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert not validator.is_valid(data)


def test_unknown_field_is_rejected(demo_context: dict[str, Any], validator: jsonschema.Draft202012Validator) -> None:
    data = json.loads(render_json(demo_context))
    data["numbers"][0]["confidence"] = 0.9
    assert not validator.is_valid(data)


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        render_json({"x": float("inf")})


def test_compact_output() -> None:
    assert render_json({"a": [1, "é"]}, indent=None) == '{"a": [1, "é"]}\n'

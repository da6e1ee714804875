from __future__ import annotations

from pathlib import Path

from storyline.clean import clean
from storyline.ingest.sources import html_to_draft, iter_drafts
from storyline.model import Draft, Skip

PARAS = [
    "Flood waters rose again on Friday in the valley, officials said, and hundreds of families left their homes.",
    "The regional governor said the army would send boats and helicopters to the villages cut off by the river.",
    "Sign up for our morning newsletter",
    "Forecasters expect more rain over the weekend, which could push the river above its record level.",
]
PAGE = (
    "<html><head><title>Flood</title></head><body><article>"
    + "".join(f"<p>{p}</p>" for p in PARAS)
    + "</article></body></html>"
)


def test_lines_the_html_reader_drops_are_recorded_as_noise() -> None:
    draft = html_to_draft(PAGE, source="p.html")
    cleaned = clean(draft)
    assert "Sign up" not in cleaned.text
    assert PARAS[0] in cleaned.text and PARAS[3] in cleaned.text
    [noise] = [n for n in cleaned.noise if "Sign up" in n.text]
    assert noise.kind == "boilerplate"
    assert draft.raw[noise.start : noise.end] == noise.text


def test_directory_expansion_skips_folder_docs_and_reports_unknown_types(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# about this folder", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Some article text here.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    out = list(iter_drafts([tmp_path], max_bytes=10**6))
    assert [d.source for d in out if isinstance(d, Draft)] == [str(tmp_path / "a.txt")]
    assert [(s.source, s.reason) for s in out if isinstance(s, Skip)] == [
        (str(tmp_path / "image.png"), "unsupported file type '.png'")
    ]


def test_missing_path_is_a_skip(tmp_path: Path) -> None:
    assert list(iter_drafts([tmp_path / "nope.txt"], max_bytes=10)) == [
        Skip(str(tmp_path / "nope.txt"), "no such file or directory")
    ]

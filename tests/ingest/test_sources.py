from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from storyline.clean import clean
from storyline.ingest.sources import expand_paths, html_to_draft, iter_drafts
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


# --- issue 12, items 2 and 13: any file name, other URL schemes, links and unreadable folders ---------

ARTICLE = "title: Floods\n\nFlood waters rose again on Friday in the valley, officials said.\n"


def _write(folder: Path, name: bytes, data: bytes) -> Path:
    """A file whose name is raw bytes (not valid UTF-8, control characters...), as the tests need."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    path.write_bytes(data)
    return path


def _names_are_safe(items: list[Draft | Skip]) -> None:
    for item in items:
        item.source.encode("utf-8")  # the store can hold it
        assert item.source.isprintable(), item.source  # one line, no terminal escapes


def test_undecodable_and_newline_names_are_read_and_named_safely(tmp_path: Path) -> None:
    _write(tmp_path, b"bad\xffname.txt", ARTICLE.encode())
    _write(tmp_path, b"new\nline.txt", ARTICLE.replace("Friday", "Monday").encode())
    _write(tmp_path, b"empty\n\xfe.txt", b"")
    out = list(iter_drafts([tmp_path], max_bytes=10**6))
    _names_are_safe(out)
    drafts = {d.source: d for d in out if isinstance(d, Draft)}
    assert set(drafts) == {f"{tmp_path}/bad\\xffname.txt", f"{tmp_path}/new\\nline.txt"}
    assert "Friday" in drafts[f"{tmp_path}/bad\\xffname.txt"].raw  # the real file was read
    assert [s for s in out if isinstance(s, Skip)] == [Skip(f"{tmp_path}/empty\\n\\xfe.txt", "empty file")]


def test_a_bad_name_given_directly(tmp_path: Path) -> None:
    path = _write(tmp_path, b"caf\xe9.txt", ARTICLE.encode())
    [draft] = iter_drafts([path], max_bytes=10**6)
    assert isinstance(draft, Draft) and draft.source == f"{tmp_path}/caf\\xe9.txt"
    missing = Path(os.fsdecode(os.fsencode(tmp_path) + b"/gone\n\xff.txt"))
    assert list(iter_drafts([str(missing)], max_bytes=10)) == [
        Skip(f"{tmp_path}/gone\\n\\xff.txt", "no such file or directory")
    ]
    assert [p for p in expand_paths([tmp_path])] == [path]  # expand_paths hands on the real path


@pytest.mark.parametrize(
    ("arg", "reason"),
    [
        ("ftp://files.example/news/a.txt", "unsupported URL scheme ftp; only http(s) URLs are fetched"),
        ("FTP://files.example/a.txt", "unsupported URL scheme ftp; only http(s) URLs are fetched"),
        ("s3://bucket/key.json", "unsupported URL scheme s3; only http(s) URLs are fetched"),
        ("mailto:desk@news.example", "unsupported URL scheme mailto; only http(s) URLs are fetched"),
        ("http://", "not a valid http(s) URL (a host is needed, and no spaces)"),
        ("file://otherhost/a.txt", "file: URL names another host (otherhost); only local files are read"),
    ],
)
def test_other_url_schemes_are_one_skip_each(arg: str, reason: str) -> None:
    assert list(iter_drafts([arg], max_bytes=10)) == [Skip(arg, reason)]
    assert list(expand_paths([arg])) == [Skip(arg, reason)]  # the run's input count agrees


def test_file_urls_read_the_local_file(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text(ARTICLE, encoding="utf-8")
    _write(tmp_path, b"caf\xe9.txt", ARTICLE.encode())
    urls = [f"file://{tmp_path}/a%20b.txt", f"file://localhost{tmp_path}/caf%E9.txt", f"file:{tmp_path}/nope.txt"]
    out = list(iter_drafts(urls, max_bytes=10**6))
    assert [(type(i).__name__, i.source) for i in out] == [
        ("Draft", f"{tmp_path}/a b.txt"),
        ("Draft", f"{tmp_path}/caf\\xe9.txt"),
        ("Skip", f"{tmp_path}/nope.txt"),
    ]


def test_an_existing_file_that_looks_like_a_url_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("news:today.txt").write_text(ARTICLE, encoding="utf-8")
    [draft] = iter_drafts(["news:today.txt"], max_bytes=10**6)
    assert isinstance(draft, Draft)


def test_dangling_links_and_other_entries_get_one_skip_each(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(tmp_path / "pipe.txt")
    out = list(iter_drafts([tmp_path], max_bytes=10**6))
    assert [d.source for d in out if isinstance(d, Draft)] == [str(tmp_path / "good.txt")]
    assert [(s.source, s.reason) for s in out if isinstance(s, Skip)] == [
        (str(tmp_path / "dangling.txt"), f"dangling symbolic link: its target {tmp_path}/nowhere.txt does not exist"),
        (str(tmp_path / "folder-link"), "symbolic link to a directory, not followed (name it to read it)"),
        (str(tmp_path / "loop.txt"), "symbolic link loop"),
        (str(tmp_path / "pipe.txt"), "not a regular file"),
    ]
    # named directly: the same reasons
    assert list(iter_drafts([tmp_path / "dangling.txt"], max_bytes=10)) == [out[0]]
    assert [s.reason for s in iter_drafts([tmp_path / "pipe.txt"], max_bytes=10)] == ["not a regular file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its permissions")
def test_an_unreadable_subfolder_is_one_skip(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        out = list(iter_drafts([tmp_path], max_bytes=10**6))
    finally:
        locked.chmod(0o755)
    assert [d.source for d in out if isinstance(d, Draft)] == [str(tmp_path / "a.txt")]
    assert [s for s in out if isinstance(s, Skip)] == [Skip(str(locked), "cannot read directory: Permission denied")]


def test_a_subfolder_that_cannot_be_listed_is_one_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above, also when the tests run as root: listing the folder fails as it would."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / os.fsdecode(b"sub\n\xff")
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = list(iter_drafts([tmp_path], max_bytes=10**6))
    assert [d.source for d in out if isinstance(d, Draft)] == [str(tmp_path / "a.txt")]
    assert [s for s in out if isinstance(s, Skip)] == [
        Skip(f"{tmp_path}/sub\\n\\xff", "cannot read directory: Permission denied")
    ]

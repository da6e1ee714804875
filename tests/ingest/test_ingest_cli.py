"""End to end through ``storyline ingest`` (issue 12, items 2, 3, 4 and 13): a batch of inputs that used to
stop the run or store junk. The good ones are stored; each bad one is exactly one skip line; exit code 0."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import cli
from storyline.store import Store

CITIES = ["Lowtown", "Riverside", "Hillcrest", "Oakfield", "Marsh End", "Stonebridge", "Greywater", "Elmstead"]


def article(n: int) -> str:
    city = CITIES[n]
    return (
        f"title: Floods in {city}\n\n"
        f"Flood waters rose again on day {n} in {city}, officials said, and {100 + n} families left their homes.\n\n"
        f"“We are not out of danger yet,” said the mayor of {city}, who has led the response since Monday.\n"
    )


def _path(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name))


def test_a_batch_of_hostile_inputs(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    _path(d, b"bad\xffname.txt").write_bytes(article(0).encode())
    _path(d, b"new\nline.txt").write_bytes(article(1).encode())
    damaged = article(2).encode()
    _path(d, b"damaged.txt").write_bytes(damaged[:40] + b"\xff" + damaged[40:80] + b"\xfe\x80" + damaged[80:])
    _path(d, b"utf16.txt").write_bytes(article(3).replace("day", "jour (prêts)").encode("utf-16"))
    _path(d, b"french.txt").write_bytes(
        "titre: Crue\n\nLes prêts sont accordés, dit la naïve élue de Lowtown, déjà fatiguée. "
        "Les eaux montent encore, selon les autorités.\n".encode("cp1252")
    )
    (d / "export.csv").write_text(
        "title,text,outlet,date,url\n"
        '"Bad title,The row with an unterminated quote,Herald,2024-01-05,https://a.example/5\n'
        f'Good one,"{article(4)}",Post,2024-01-03,https://a.example/3\n'
        f"Good two,{article(5).replace(',', ' ').replace(chr(10), ' ')},Times,2024-01-04,https://a.example/4\n",
        encoding="utf-8",
    )
    (d / "empty.txt").write_bytes(b"")
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "elsewhere.txt").write_text(article(6), encoding="utf-8")

    db = tmp_path / "s.db"
    args = ["--db", str(db), "ingest", "-q", str(d), "ftp://files.example/a.txt", f"file://{tmp_path}/elsewhere.txt"]
    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped ")]
    assert sorted(skipped) == sorted(
        [
            f"skipped {d}/export.csv:2: malformed CSV row: ',' expected after '\"' (an unbalanced quote? "
            "reading goes on at line 3)",
            f"skipped {d}/empty.txt: empty file",
            f"skipped {d}/dangling.txt: dangling symbolic link: its target {tmp_path}/nowhere.txt does not exist",
            "skipped ftp://files.example/a.txt: unsupported URL scheme ftp; only http(s) URLs are fetched",
        ]
    )
    with Store(db) as store:
        stored = {a.source: store.article(a.id) for a in store.articles()}
        assert [s.source for s in store.skips()] == [line.split(": ")[0][len("skipped ") :] for line in skipped]
    assert set(stored) == {
        f"{d}/bad\\xffname.txt",
        f"{d}/new\\nline.txt",
        f"{d}/damaged.txt",
        f"{d}/utf16.txt",
        f"{d}/french.txt",
        f"{d}/export.csv:3",
        f"{d}/export.csv:9",  # the row above it spans lines 3-8
        f"{tmp_path}/elsewhere.txt",
    }
    texts = {source: a.text for source, a in stored.items() if a is not None}
    assert "prêts" in texts[f"{d}/french.txt"] and "naïve" in texts[f"{d}/french.txt"]
    assert "prêts" in texts[f"{d}/utf16.txt"]
    assert "“We are not out of danger yet,”" in texts[f"{d}/damaged.txt"]
    assert not any(a.outlet in {"2024", "Herald"} for a in stored.values() if a is not None)

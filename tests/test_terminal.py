"""Terminal escapes in article text never reach the terminal (issue 12, item 11).

An article's title, outlet, quotes and file name carry an escape that clears the screen, one that sets the
window title, a C1 CSI, a bidi override and rich markup; every command that prints them shows them as
visible text, with no raw control character in its output.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.table import Table

from storyline.build import compare_story
from storyline.cli import cli
from storyline.model import Article, Claim, Extraction, Quote, Story, TimeRef, content_id
from storyline.store import Store
from storyline.terminal import SafeConsole, SafeFormatter, cell, json_safe, safe

CLEAR = "\x1b[2J"  # clear the screen
TITLE = "\x1b]0;owned\x07"  # set the window title
CSI = "\x9b31m"  # C1 CSI: red text, on terminals reading 8-bit controls
RLO = "\u202e"  # right-to-left override
MARKUP = "[red]x[/red]"
#: What must never be printed raw: C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The visible stand-ins of the payloads above.
SHOWN = ("␛[2J", "␛]0;owned␇", "\\x9b31m", "\\u202e")

TEXT = (
    f"Officials said {CLEAR} that 40 homes were damaged in Lowtown on Monday. "
    f"“We need boats {CSI}now{RLO},” said Ana Lee. Residents posted {MARKUP} online."
)
STORY_ID = "sesc00000001"


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def hostile() -> Extraction:
    art = Article(
        id=content_id(TEXT),
        source=f"feeds/evil{CLEAR}.txt",
        raw=TEXT,
        text=TEXT,
        outlet=f"Herald{CSI}{RLO} {MARKUP}",
        title=f"Flood {CLEAR}{TITLE} {MARKUP} warning",
        published=dt.date(2025, 3, 11),
    )
    q = _span(f"We need boats {CSI}now{RLO},")
    s = _span("Ana Lee")
    c = _span("40")
    t = _span("Monday")
    sentence = TEXT[: TEXT.index("Monday.") + 7]
    return Extraction(
        article=art,
        quotes=(Quote(art.id, *q, TEXT[q[0]:q[1]], "direct", f"Ana {CLEAR}Lee", "said", *s),),
        claims=(Claim(art.id, *c, sentence, "40", f"homes {CLEAR}{MARKUP}", 40.0, 40.0, 40.0, "homes", "exact",
                      "count", 0, len(sentence)),),
        times=(TimeRef(art.id, *t, "Monday", dt.date(2025, 3, 10), dt.date(2025, 3, 10), "day"),),
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("term") / "s.db"
    ex = hostile()
    with Store(path) as store:
        store.add(ex)
        story = Story(
            id=STORY_ID,
            label=str(ex.article.title),
            article_ids=(ex.article.id,),
            outlets=(str(ex.article.outlet),),
            first_published=dt.date(2025, 3, 11),
            last_published=dt.date(2025, 3, 11),
        )
        store.save_story(story, "hash", compare_story(story, [ex]))
    return path


def assert_safe(output: str, *shown: str) -> None:
    raw = sorted({f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(output)})
    assert not raw, f"raw control characters printed: {raw}"
    for text in shown:
        assert text in output, f"{text!r} not shown"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args, shown",
    [
        (
            ["show", "ID", "--format", "table"],
            ("Flood", "␛[2J␛]0;owned␇", MARKUP, "Herald\\x9b31m\\u202e", "Ana ␛[2JLee"),
        ),
        (["stories"], ("Flood", "␛[2J␛]0;owned␇", MARKUP, "Herald\\x9b31m\\u202e")),
        (["story", STORY_ID, "--format", "table"], ("Flood", "␛[2J␛]0;owned␇", MARKUP, "\\x9b31mnow\\u202e")),
        # Markdown escapes the brackets and the backslash of "\x9b": it renders as the text shown elsewhere
        (["story", STORY_ID, "--format", "md"], ("Flood", "␛\\[2J␛\\]0;owned␇", "\\[red\\]x\\[/red\\]", "\\\\x9b31m")),
        # search blanks controls itself (search._terminal_safe); the console shows what is left
        (["search", "homes"], ("Flood [2J ]0;owned", MARKUP, "Herald 31m\\u202e")),
        (["search", "boats"], ("Ana [2JLee", "31mnow\\u202e")),
        (["report", STORY_ID, "--format", "md"], ("Flood", "\\x9b31m")),
        (["report", STORY_ID, "--format", "html"], ("Flood", "\\x9b31m")),
    ],
)
def test_commands_show_controls_and_markup_as_text(db: Path, args: list[str], shown: tuple[str, ...]) -> None:
    args = [hostile().article.id if a == "ID" else a for a in args]
    assert_safe(run("--db", str(db), *args), *shown)


@pytest.mark.parametrize(
    "args",
    [["show", "ID"], ["story", STORY_ID, "--format", "json"], ["report", STORY_ID, "--format", "json"]],
)
def test_json_output_escapes_controls_and_keeps_the_text(db: Path, args: list[str]) -> None:
    args = [hostile().article.id if a == "ID" else a for a in args]
    out = run("--db", str(db), *args)
    assert_safe(out)

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in (k, *strings(v))]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    decoded = "\n".join(strings(json.loads(out)))
    for payload in (CLEAR, TITLE, CSI, RLO, MARKUP):
        assert payload in decoded  # the values are unchanged: only their spelling in the JSON text is


def test_ingest_skip_lines_and_error_messages(tmp_path: Path) -> None:
    bad = tmp_path / f"evil{CLEAR}{RLO}.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", "-q", str(bad)])
    assert_safe(result.output, "skipped", "evil", "[2J", "empty file")
    missing = tmp_path / f"no{TITLE}.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "export", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert_safe(result.output, "no store at", "no␛]0;owned␇.db")


@pytest.mark.parametrize(
    "text, expected",
    [
        (CLEAR, "␛[2J"),
        (TITLE, "␛]0;owned␇"),
        (CSI, "\\x9b31m"),
        (f"a{RLO}b", "a\\u202eb"),
        ("a\tb\nc", "a\tb\nc"),  # layout kept
        ("a\rb\x7f\x00", "a␍b␡␀"),
        ("Mayor ‏שלום‎ said", "Mayor ‏שלום‎ said"),  # bidi marks of ordinary RTL text kept
        ("plain “quoted” text — fine", "plain “quoted” text — fine"),
    ],
)
def test_safe(text: str, expected: str) -> None:
    assert safe(text) == expected
    assert safe(expected) == expected  # idempotent: safe text passes unchanged


def test_one_line_and_cell() -> None:
    assert safe("a\n\tb\r\n\x85c  d", one_line=True) == "a b c d"
    assert cell(f"{MARKUP}\n{CLEAR}[bold]") == "\\[red]x\\[/red] ␛[2J\\[bold]"
    assert cell(None, "—") == "—"


def test_json_safe_decodes_to_the_same_values() -> None:
    value = {"t": f"{CLEAR}{TITLE}{CSI}{RLO}\u2028\x7f\t\n", "k\x9b": [1, "x"]}
    encoded = json_safe(json.dumps(value, ensure_ascii=False, indent=2))
    assert not RAW_CONTROL.search(encoded) and "\u2028" not in encoded
    assert json.loads(encoded) == value


def test_safe_console_on_a_colour_terminal_sends_only_its_own_styles() -> None:
    """With colours on, the only escapes written are rich's own SGR styles, whatever the cells hold (a
    ``Text`` built elsewhere too)."""
    from rich.text import Text

    out = io.StringIO()
    console = SafeConsole(file=out, force_terminal=True, color_system="standard", width=100)
    table = Table(title=f"[bold]{cell('Flood ' + CLEAR)}[/bold]")
    table.add_column("a")
    table.add_row(f"raw {TITLE} {CSI}{RLO} cell", Text(f"text {CLEAR}", style="red"))
    console.print(table)
    console.print(f"line {CLEAR}", markup=False)
    written = out.getvalue()
    assert "\x1b[" in written  # colours are on
    assert_safe(re.sub(r"\x1b\[[0-9;]*m", "", written), "␛[2J", "␛]0;owned␇", "\\x9b31m\\u202e")


def test_log_lines_are_safe() -> None:
    record = logging.LogRecord("storyline", logging.WARNING, __file__, 1, "feed %s", (TITLE,), None)
    assert SafeFormatter("%(message)s").format(record) == "feed ␛]0;owned␇"

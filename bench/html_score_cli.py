"""Print one JSON line per .html file of a folder, as extracted by storyline.ingest.html.parse_html.

usage: python bench/html_score_cli.py DIR --format jsonl [--timing]

Made for ../shared/benchmarks/extraction-score (``--cmd ".venv/bin/python bench/html_score_cli.py"``).
Pages that fail print {"source": ..., "error": ...} and an empty text. With --timing, the mean
milliseconds per page go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.html import parse_html


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--format", choices=["jsonl"], default="jsonl")
    ap.add_argument("--timing", action="store_true", help="print mean ms/page to stderr")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page at WARNING
    files = sorted(args.folder.glob("*.html"))
    spent = 0.0
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            parts = parse_html(data, source=str(path))
            record = {"source": str(path), "text": parts.text, "title": parts.title}
        except InputError as exc:
            record = {"source": str(path), "text": "", "title": None, "error": exc.reason}
        spent += time.perf_counter() - start
        print(json.dumps(record, ensure_ascii=False))
    if args.timing and files:
        print(f"{1000 * spent / len(files):.1f} ms/page over {len(files)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

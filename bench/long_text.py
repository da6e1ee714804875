#!/usr/bin/env python3
"""Time and peak memory of very long articles and of a huge HTML page (issue 12, items 1 and 12).

Each case runs in a fresh process (so its peak RSS is its own): the spaCy pipeline and the gazetteer are
loaded and warmed on a short article first (the "loaded" column), then one generated article goes
through ``pipeline.extract_batch`` (read, clean, parse, extract: what ``ingest`` and ``run`` do for each
article). Articles are news paragraphs with quotes, numbers, dates and names, repeated with varied
values up to the size asked for, in characters of clean text; ``--shape line`` writes them on one line
(a scrape that lost its line breaks).

The HTML case builds a page holding a short article and ``--spans`` empty ``<span>`` elements, one a
line, and times ``html._metadata`` (title, byline, date, site: where date detection runs) and the whole
``parse_html``.

usage: python bench/long_text.py [--sizes 0.1,0.5,1,2,5] [--shape paragraphs|line] [--spans 200000]
                                 [--mem-cap-gb 0]

``--mem-cap-gb`` caps each case's address space (RLIMIT_AS), so that measuring old code on a 5 MB
article fails with MemoryError instead of taking the machine's memory. To measure another checkout,
run this script with ``PYTHONPATH=<that checkout>/src``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

#: Paragraph templates: quotes with speakers, claims with numbers, dates, places and people.
PARAGRAPHS = (
    "“We lost about {n:,} homes on {day},” Mayor {name} said in Tulcea. Officials said the river rose "
    "{m} centimetres overnight and that {k} bridges were closed.",
    "The United Nations said roughly {n:,} people had left the region by March {d}, 2025, according to "
    "officials in Kursk. Aid agencies said {k} convoys were waiting at the border.",
    "{name}, a farmer, told reporters that the water reached his house a day later. “It was terrible, "
    "we had {k} hours to leave,” he said.",
    "The council approved ${m}.5 million in aid last week, and {k}% of the budget will go to repairs, the "
    "minister, {name}, said on {day}.",
)
NAMES = ("Ana Costa", "Vasile Rusu", "Maria Okafor", "Tomasz Novak", "Grace Haddad", "Kenji Moreau")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article_body(chars: int, *, one_line: bool, seed: int = 7) -> str:
    """Generated article prose of ``chars`` characters (paragraphs of 2-5 templates)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        para = " ".join(
            rng.choice(PARAGRAPHS).format(
                n=rng.randint(2, 90000), m=rng.randint(2, 90), k=rng.randint(2, 40), d=rng.randint(1, 28),
                name=rng.choice(NAMES), day=rng.choice(DAYS),
            )
            for _ in range(rng.randint(2, 5))
        )
        out.append(para)
        size += len(para) + 2
    return (" " if one_line else "\n\n").join(out)[:chars].rstrip()


def span_page(spans: int) -> str:
    """A page with a short article and ``spans`` empty spans, one a line."""
    para = "<p>" + "The mayor, Ana Costa, said 1,200 people left the town on Tuesday after the river rose. " * 3
    return ("<html><head><title>Flood in Tulcea</title></head><body><article><h1>Flood in Tulcea</h1>"
            + (para + "</p>") * 5 + "<div>" + "<span></span>\n" * spans + "</div></article></body></html>")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_text(chars: int, shape: str) -> dict[str, object]:
    from storyline.config import Settings
    from storyline.ingest.text import read_text
    from storyline.model import Extraction
    from storyline.pipeline import extract_batch

    settings = Settings()
    extract_batch([read_text("title: Warm\n\nThe mayor, Ana Costa, said 12 people left Tulcea.", source="w")],
                  settings)
    loaded = rss_mb()
    body = article_body(chars, one_line=shape == "line")
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        [item] = extract_batch([read_text(f"title: Long\ndate: 2025-03-11\n\n{body}", source="long.txt")],
                               settings)
    except MemoryError:
        return {"loaded": loaded, "result": "MemoryError", "wall": time.perf_counter() - wall}
    except Exception as exc:  # noqa: BLE001 -- the bench reports what the old code raised
        return {"loaded": loaded, "result": f"{type(exc).__name__}", "wall": time.perf_counter() - wall,
                "peak": rss_mb()}
    out: dict[str, object] = {"loaded": loaded, "wall": time.perf_counter() - wall,
                              "cpu": time.process_time() - cpu, "peak": rss_mb()}
    if isinstance(item, Extraction):
        out.update(result="Extraction", chars=len(item.article.text), quotes=len(item.quotes),
                   claims=len(item.claims), times=len(item.times))
        try:
            from storyline.chunking import split_text

            out["parts"] = len(split_text(item.article.text, max_chars=settings.part_chars))
        except ImportError:
            out["parts"] = 1
    else:
        out.update(result="Skip", reason=item.reason)
    return out


def child_html(spans: int) -> dict[str, object]:
    import logging

    from storyline.ingest import html

    logging.basicConfig(level=logging.INFO, format="  log: %(message)s", stream=sys.stderr)
    page = span_page(spans)
    loaded = rss_mb()
    tree = html._parse(page, "spans.html")
    t = time.perf_counter()
    meta = html._metadata(tree, None, "spans.html")
    metadata = time.perf_counter() - t
    t = time.perf_counter()
    parts = html.parse_html(page, source="spans.html")
    return {"loaded": loaded, "bytes": len(page), "metadata": metadata, "wall": time.perf_counter() - t,
            "peak": rss_mb(), "title": meta.title, "text": len(parts.text)}


def run_case(args: list[str], cap_gb: float) -> dict[str, object]:
    def limit() -> None:
        if cap_gb:
            cap = int(cap_gb * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          preexec_fn=limit, check=False)
    sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"result": f"exit {done.returncode}"}
    result: dict[str, object] = json.loads(lines[-1])
    return result


def fmt(value: object, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0.1,0.5,1,2,5", help="article sizes in millions of characters")
    ap.add_argument("--shape", choices=("paragraphs", "line"), default="paragraphs")
    ap.add_argument("--spans", type=int, default=200_000, help="empty spans in the HTML page (0: no HTML case)")
    ap.add_argument("--mem-cap-gb", type=float, default=0.0, help="address-space cap per case (0: none)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        out = child_text(int(rest[0]), rest[1]) if kind == "text" else child_html(int(rest[0]))
        print(json.dumps(out))
        return 0

    import storyline

    print(f"storyline from {storyline.__file__}; shape {args.shape}; cap {args.mem_cap_gb or 'none'} GB")
    print("| MB of text | result | parts | quotes | claims | wall s | cpu s | loaded MB | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (float(s) for s in args.sizes.split(",")):
        r = run_case(["text", str(int(size * 1_000_000)), args.shape], args.mem_cap_gb)
        result = str(r.get("result"))
        if result == "Skip":
            result = f"Skip ({r.get('reason')})"
        print(f"| {size:g} | {result} | {fmt(r.get('parts'))} | {fmt(r.get('quotes'), ',')} | "
              f"{fmt(r.get('claims'), ',')} | {fmt(r.get('wall'), '.1f')} | {fmt(r.get('cpu'), '.1f')} | "
              f"{fmt(r.get('loaded'), ',.0f')} | {fmt(r.get('peak'), ',.0f')} |", flush=True)
    if args.spans:
        r = run_case(["html", str(args.spans)], args.mem_cap_gb)
        print(f"\nHTML page, {args.spans:,} empty spans ({fmt(r.get('bytes'), ',')} bytes): metadata "
              f"{fmt(r.get('metadata'), '.1f')} s, whole parse_html {fmt(r.get('wall'), '.1f')} s, peak RSS "
              f"{fmt(r.get('peak'), ',.0f')} MB, title {r.get('title')!r}, {fmt(r.get('text'))} characters of text")
    return 0


if __name__ == "__main__":
    sys.exit(main())

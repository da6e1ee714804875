#!/usr/bin/env python3
"""Outlets: how fast OutletTable.find_in scans lines, and how long the packaged table takes to build.

Generates ``--lines`` lines of about 100 characters (invented prose, with a credit, dateline or domain
in one line of three; seeded, so runs are comparable), then times ``find_in`` over all of them, best of
``--repeat`` runs.

Prints: the table build time (rows, wires), the number of lines and matches, and lines per second.

usage: python bench/outlets.py [--lines 50000] [--repeat 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time

from storyline.metadata.outlets import OutletTable

# Invented filler: no article text. Words chosen to include capitalised ones and near-misses of outlet
# forms ("apple", "time", "dwelling") so the context rules run too.
WORDS = (
    "the council said water levels rose overnight while crews worked near the old bridge and a "
    "spokesperson for the Ministry told residents in Riverside to stay away from the apple orchards "
    "because time was short and the dwelling near Mill Lane had flooded on Tuesday after heavy rain"
).split()
CREDITS = (
    "KYIV, Ukraine (AP) —",
    "Photo: Jane Roe/Reuters",
    "(Photo by Ann Lee/AFP via Getty Images)",
    "SEOUL, Dec 3 (Yonhap) --",
    "Copyright 2024 Agence France-Presse",
    "John Smith | Bloomberg",
    "as first reported by The Times of India",
    "https://www.theguardian.com/world/2024/example",
    "Xinhua News Agency said",
    "© dpa",
)


def make_lines(count: int, seed: int) -> list[str]:
    """Lines of about 100 characters; every third one carries a credit-like fragment."""
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 100:
            words.append(rng.choice(WORDS))
        line = " ".join(words)
        if number % 3 == 0:
            credit = rng.choice(CREDITS)
            line = line[: 100 - len(credit) - 1] + " " + credit
        lines.append(line[:1].upper() + line[1:100])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    table = OutletTable.load()
    build = time.perf_counter() - started
    wires = sum(outlet.wire for outlet in table)
    print(f"table: {len(table)} outlets ({wires} wires), built in {build:.2f} s")

    lines = make_lines(args.lines, args.seed)
    best = float("inf")
    matches = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        matches = sum(len(table.find_in(line)) for line in lines)
        best = min(best, time.perf_counter() - started)
    mean_length = sum(map(len, lines)) / len(lines)
    print(f"find_in: {len(lines)} lines of {mean_length:.0f} chars, {matches} matches")
    print(f"find_in: {len(lines) / best:,.0f} lines/s (best of {args.repeat}: {best:.2f} s)")


if __name__ == "__main__":
    main()

"""The line classifier: how likely each line of a plain-text scrape is article text.

Two stages of gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, trained by
``tools/train_line_classifier.py``, stored as plain JSON in ``data/line_classifier.json`` and evaluated
here with NumPy, so scikit-learn is not needed at run time):

1. each line from its own features and its neighbours' (``features.page_features``);
2. each line again, adding what stage 1 said about the page around it: the probabilities of its
   neighbours, whether it lies inside the page's main block of text (the contiguous run of lines with
   the largest surplus of probable prose characters, found as a maximum-sum subarray), how far from it,
   and the size of the run of probable prose it belongs to, against the page's largest.

The training pages, the split and the figures are in docs/accuracy.md.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..trees import BoostedTrees as _Trees
from ..trees import read_model
from .features import FEATURE_NAMES, LINE_FEATURES, is_sentence

#: Probability from which stage 1 counts a line as probable prose when it finds the main block and runs
#: of prose (the two classes' break-even point).
PROSE_PROBABILITY = 0.5
#: A line's weight in the main-block search is its length, but at least this many characters, so a run
#: of one-word menu items weighs against the block like a few short sentences would.
MIN_BLOCK_WEIGHT = 30
#: Lines of probable prose belong to one run when no more than this many lines come between them.
RUN_GAP_LINES = 2
#: Neighbour offsets whose stage-1 probabilities stage 2 reads, and its window (lines each side) for the
#: mean probability around a line.
STAGE2_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
STAGE2_WINDOW = 5
#: A probability this high marks a "strong" prose line, from which stage 2 measures distances.
STRONG_PROSE = 0.7
_PATTERN = LINE_FEATURES.index("pattern_kind")
STAGE2_FEATURES = (
    "p", *(f"p@{offset:+d}" for offset in STAGE2_NEIGHBOURS), "in_main_block", "log_distance_to_block",
    "mean_p_window", "log_chars", "log_lines_since_strong", "log_lines_to_strong", "position_in_block",
    "run_share", "in_largest_run", "log_run_chars",
)
MODEL_FILE = "line_classifier.json"
#: A sentence within this many lines of the main block is kept from a low probability on (see
#: ``LineClassifier.keep``): above the block whatever its probability (a lead or a standfirst: a dateline
#: lead, "CITY (AGENCY) — ...", at the very top of a clean article scores low, since the benchmark's
#: pages all have a headline above the lead), below it from SENTENCE_MIN_PROBABILITY (comments and
#: teasers follow articles). Chosen on the benchmark's train half: 3 lines and 0.1 kept every lead and
#: standfirst there while letting in no teaser or comment block (dev half F1 +0.006).
SENTENCE_REACH = 3
SENTENCE_MIN_PROBABILITY = 0.1
#: Inside the main block, at most this many lines between two kept lines are kept with them. On the
#: benchmark's dev half 8 kept F1 (0.906 -> 0.907) while article lines kept on WikiRef rose 0.926 -> 0.955
#: (lists, tables, subheadings); 16 kept more tables but let in more in-article furniture.
GAP_FILL_LINES = 8


@dataclass(frozen=True, slots=True)
class LineClassifier:
    """The two stages and the probability below which a line is dropped."""

    stage1: _Trees
    stage2: _Trees
    threshold: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineClassifier:
        """Read a model file (the packaged one by default); its feature lists must match this code's."""
        data = read_model(MODEL_FILE, path, {"features": FEATURE_NAMES, "stage2_features": STAGE2_FEATURES},
                          "tools/train_line_classifier.py")
        return cls(_Trees.from_json(data["stage1"]), _Trees.from_json(data["stage2"]), float(data["threshold"]))

    def probabilities(self, features: Sequence[Sequence[float]], lengths: Sequence[int]) -> np.ndarray:
        """P(article text) of each line of one page, from ``features.page_features`` and line lengths."""
        return self._both(np.asarray(features, dtype=np.float64), lengths)[1]

    def keep(self, features: Sequence[Sequence[float]], lengths: Sequence[int]) -> np.ndarray:
        """Which lines of one page are article text (lines a pattern named noise never are).

        A line is kept at or above the threshold; a sentence (``features.is_sentence``) is also kept at a
        lower probability when it lies in or next to the main block, because the benchmark pages the model
        learnt from leave the standfirst out of the article while news readers (and our gold) keep it, and
        a lead paragraph between a standfirst and the body then looks like one. Inside the main block, a
        few lines between two kept lines are kept too: a list, a table or a subheading inside an article is
        content (jusText's rule for short paragraphs between good ones). Distances in lines skip the lines
        patterns named noise: a caption block between two paragraphs does not part them.
        """
        x = np.asarray(features, dtype=np.float64).reshape(len(lengths), len(FEATURE_NAMES))
        first, final = self._both(x, lengths)
        free = np.flatnonzero(x[:, _PATTERN] == 0.0)  # the lines no pattern named, in page order
        if not len(free):
            return np.zeros(len(x), dtype=bool)
        keep = final[free] >= self.threshold
        start, end = main_block([float(v) for v in first], lengths)
        block = np.flatnonzero((free >= start) & (free <= end))  # positions in ``free`` inside the block
        above = np.zeros(len(free), dtype=bool)
        below = np.zeros(len(free), dtype=bool)
        if len(block):
            above[max(0, block[0] - SENTENCE_REACH): block[0] + 1] = True
            below[block[0]: block[-1] + SENTENCE_REACH + 1] = True
        else:  # no line is probable prose (a text of a few lines): its sentences are all it has
            below[:] = True
        sentences = np.array([is_sentence(x[i]) for i in free], dtype=bool)
        leads = np.array([is_sentence(x[i], named=True) for i in free], dtype=bool)  # a lead may be all names
        keep |= (leads & above) | (sentences & below & (final[free] >= SENTENCE_MIN_PROBABILITY))
        kept = [k for k in block if keep[k]]
        for upper, lower in zip(kept, kept[1:], strict=False):
            if lower - upper <= GAP_FILL_LINES + 1:
                keep[upper + 1: lower] = True
        if not keep.any():  # nothing probable: a text's sentences are never all noise
            keep = sentences
        result = np.zeros(len(x), dtype=bool)
        result[free] = keep
        return result

    def _both(self, x: np.ndarray, lengths: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        if not len(x):
            return np.zeros(0), np.zeros(0)
        first = self.stage1.probability(x)
        return first, self.stage2.probability(np.hstack([x, stage2_features(first, lengths)]))


@functools.cache
def line_classifier() -> LineClassifier:
    """The packaged classifier, loaded once per process."""
    return LineClassifier.load()


def main_block(probabilities: Sequence[float], lengths: Sequence[int]) -> tuple[int, int]:
    """First and last line of the page's main block: the run with the largest surplus of probable prose.

    Each line adds ``(p - PROSE_PROBABILITY) * max(length, MIN_BLOCK_WEIGHT)``; the block is the
    maximum-sum subarray (Kadane). ``(0, -1)`` when no line is probable prose.
    """
    best = current = 0.0
    start = best_start = 0
    best_end = -1
    for i, (p, length) in enumerate(zip(probabilities, lengths, strict=True)):
        gain = (p - PROSE_PROBABILITY) * max(length, MIN_BLOCK_WEIGHT)
        if current <= 0:
            current, start = gain, i
        else:
            current += gain
        if current > best:
            best, best_start, best_end = current, start, i
    return best_start, best_end


def _runs(probabilities: Sequence[float], lengths: Sequence[int]) -> tuple[list[float], list[float], list[float]]:
    """Per line: its prose run's characters as a share of the largest run's, 1.0 if in the largest, log size."""
    n = len(probabilities)
    run_of = [-1] * n
    sizes: list[int] = []
    last = -RUN_GAP_LINES - 2
    for i, p in enumerate(probabilities):
        if p < PROSE_PROBABILITY:
            continue
        if sizes and i - last <= RUN_GAP_LINES + 1:
            for j in range(last + 1, i):  # the few lines between two prose lines belong to their run
                run_of[j] = len(sizes) - 1
        else:
            sizes.append(0)
        run_of[i] = len(sizes) - 1
        sizes[-1] += lengths[i]
        last = i
    largest = max(sizes, default=1) or 1
    share = [sizes[r] / largest if r >= 0 else 0.0 for r in run_of]
    in_largest = [float(r >= 0 and sizes[r] == largest) for r in run_of]
    log_size = [math.log1p(sizes[r]) if r >= 0 else 0.0 for r in run_of]
    return share, in_largest, log_size


def stage2_features(probabilities: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
    """Stage 2's extra features (ordered as STAGE2_FEATURES) from stage 1's probabilities."""
    n = len(probabilities)
    p = [float(v) for v in probabilities]
    start, end = main_block(p, lengths)
    share, in_largest, log_size = _runs(p, lengths)
    strong = [i for i, v in enumerate(p) if v > STRONG_PROSE]
    rows = []
    previous_strong = -1
    k = 0
    for i in range(n):
        while k < len(strong) and strong[k] < i:
            previous_strong = strong[k]
            k += 1
        next_strong = next((s for s in strong[k:] if s > i), None)
        inside = start <= i <= end
        distance = 0 if inside else min(abs(i - start), abs(i - end))
        window = p[max(0, i - STAGE2_WINDOW): i + STAGE2_WINDOW + 1]
        rows.append([
            p[i],
            *(p[i + o] if 0 <= i + o < n else -1.0 for o in STAGE2_NEIGHBOURS),
            float(inside),
            math.log1p(distance),
            sum(window) / len(window),
            math.log1p(lengths[i]),
            math.log1p(i - previous_strong if previous_strong >= 0 else 99),
            math.log1p(next_strong - i if next_strong is not None else 99),
            (i - start) / max(1, end - start + 1),
            share[i],
            in_largest[i],
            log_size[i],
        ])
    return np.asarray(rows, dtype=np.float64).reshape(n, len(STAGE2_FEATURES))

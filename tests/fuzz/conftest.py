"""Counts the cases the fuzz tests generate and prints the total (the issue asks for >= 10,000 a run)."""

from __future__ import annotations

from collections import Counter

import pytest

CASES: Counter[str] = Counter()


def count(name: str) -> None:
    CASES[name] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES:
        parts = ", ".join(f"{name} {n:,}" for name, n in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz: {sum(CASES.values()):,} generated cases ({parts})")

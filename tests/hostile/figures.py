"""Figures the reliability tests produce (kills, answers, fuzz examples, hostile files).

Each test adds what it measured with ``record``; the totals are printed at the end of the run
("reliability figures") and, when ``QUIZAPP_FIGURES`` names a file, written there as JSON.
``docs/reliability.md`` quotes the figures of the last full run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FIGURES: dict[str, float] = {}


def record(name: str, value: float, *, add: bool = True) -> None:
    """Add ``value`` to the figure ``name`` (or set it, with ``add=False``)."""
    FIGURES[name] = FIGURES.get(name, 0) + value if add else value


def report() -> list[str]:
    lines = [f"{name}: {value:g}" for name, value in sorted(FIGURES.items())]
    target = os.environ.get("QUIZAPP_FIGURES")
    if target and FIGURES:
        Path(target).write_text(json.dumps(FIGURES, indent=2, sort_keys=True) + "\n",
                                encoding="utf-8")
    return lines

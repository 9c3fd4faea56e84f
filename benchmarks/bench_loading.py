"""Bank loading: our load-and-validate against a bare ``yaml.load`` with LibYAML.

Target (issue: foundation): at most 0.5 times the bare load of the same text.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import yaml

from benchmarks.bankgen import generate_bank
from quizapp.core.loader import load_bank_text

TARGET = 0.5


def _median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run(questions: int = 10_000, repeats: int = 5) -> dict[str, float]:
    text = generate_bank(questions)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def bare():
        return yaml.load(text, Loader=loader)  # noqa: S506 - the baseline, safe loader

    def ours():
        return load_bank_text(text, "generated.yaml")

    assert len(ours().questions) == questions
    base = _median_seconds(bare, repeats)
    mine = _median_seconds(ours, repeats)
    ratio = mine / base
    print(f"bank loading, {questions:,} questions ({len(text) / 2**20:.1f} MiB of YAML, "
          f"{loader.__name__}):")
    print(f"  bare yaml.load        {base * 1000:8.0f} ms   (baseline)")
    print(f"  load + validate       {mine * 1000:8.0f} ms   ratio {ratio:.2f} "
          f"(target <= {TARGET}) {'OK' if ratio <= TARGET else 'MISSED'}")
    print(f"  peak memory: bare {_peak_mib(bare):.0f} MiB, ours {_peak_mib(ours):.0f} MiB")
    return {"loading_ratio": ratio}

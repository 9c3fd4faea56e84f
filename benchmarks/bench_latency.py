"""Answer latency: from the key press that submits an answer to the feedback being painted.

Target (issue: benchmarks): the median over a quiz drawn from 10,000 questions at most 1.2 times
the same from 100 questions. Runs the real window offscreen, with a real score database.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.bankgen import generate_bank  # noqa: E402
from quizapp.core.cache import BankCache  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.session import QuizSettings  # noqa: E402
from quizapp.core.store import ScoreStore  # noqa: E402
from quizapp.gui.main_window import MainWindow  # noqa: E402


def _median_latency(questions: int, answers: int, tmp: Path, *, cached: bool = False) -> float:
    """``cached``: the bank is read as on a second start, from the cache of parsed banks, as
    the window's own loader reads it (its questions are built when the quiz starts)."""
    app = QApplication.instance() or QApplication([])
    name = f"{questions}{'-cached' if cached else ''}"
    folder = tmp / f"banks{name}"
    folder.mkdir()
    (folder / "big.yaml").write_text(generate_bank(questions, bank_id="big"), encoding="utf-8")
    store = ScoreStore.open(tmp / f"data{name}", daily_backup=False)
    if cached:
        cache = BankCache(tmp / f"cache{name}")
        load_library([folder], cache=cache)  # the first start fills it
        library = load_library([folder], cache=cache, keep=True)
    else:
        library = load_library([folder])
    window = MainWindow(library, [folder], tmp / f"data{name}", store=store)
    window.show()
    app.processEvents()
    window.start_quiz(QuizSettings(("big",), count=answers), "Bench", seed=5)
    page = window.quiz_page
    times = []
    for _ in range(answers):
        app.processEvents()
        started = time.perf_counter()
        QTest.keyClick(page, Qt.Key.Key_Return)  # submit (no answer is also an answer)
        page.feedback.repaint()  # painted now, not later
        times.append(time.perf_counter() - started)
        QTest.keyClick(page, Qt.Key.Key_Return)  # next question
    window.close()
    store.close()
    return statistics.median(times)


def run(answers: int = 60) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="quizapp-latency-") as tmp:
        small = _median_latency(100, min(answers, 100), Path(tmp))
        large = _median_latency(10_000, answers, Path(tmp))
        warm = _median_latency(10_000, answers, Path(tmp), cached=True)
    ratio = large / small
    print(f"answer latency, key press to feedback painted (median of {answers}):")
    print(f"  quiz from 100 questions     {small * 1000:7.1f} ms   (baseline)")
    print(f"  quiz from 10,000 questions  {large * 1000:7.1f} ms   ratio {ratio:.2f} "
          f"(target <= 1.2) {'OK' if ratio <= 1.2 else 'MISSED'}")
    print(f"  the same, read from the cache {warm * 1000:5.1f} ms   ratio {warm / small:.2f}")
    return {"latency_ratio": ratio, "cached_latency_ratio": warm / small}

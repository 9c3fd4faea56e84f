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
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.session import QuizSettings  # noqa: E402
from quizapp.core.store import ScoreStore  # noqa: E402
from quizapp.gui.main_window import MainWindow  # noqa: E402


def _median_latency(questions: int, answers: int, tmp: Path) -> float:
    app = QApplication.instance() or QApplication([])
    folder = tmp / f"banks{questions}"
    folder.mkdir()
    (folder / "big.yaml").write_text(generate_bank(questions, bank_id="big"), encoding="utf-8")
    store = ScoreStore.open(tmp / f"data{questions}", daily_backup=False)
    window = MainWindow(load_library([folder]), [folder], tmp / f"data{questions}", store=store)
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
    ratio = large / small
    print(f"answer latency, key press to feedback painted (median of {answers}):")
    print(f"  quiz from 100 questions     {small * 1000:7.1f} ms   (baseline)")
    print(f"  quiz from 10,000 questions  {large * 1000:7.1f} ms   ratio {ratio:.2f} "
          f"(target <= 1.2) {'OK' if ratio <= 1.2 else 'MISSED'}")
    return {"latency_ratio": ratio}

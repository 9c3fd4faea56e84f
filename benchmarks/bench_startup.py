"""Start-up: whole processes, QuizApp's smoke test against a bare PySide6 window.

Targets (issue: benchmarks): the smoke test at most 1.5 times a bare PySide6 program that shows
one window and exits; with 500 banks, a warm start (cache filled) at most 1.3 times a start
with one bank.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bankgen import generate_bank

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _seconds(command: list[str], env: dict, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(repeats: int = 5, banks: int = 500) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as tmp:
        tmp_path = Path(tmp)
        bare = _seconds([sys.executable, "-c", BARE], env, repeats)
        smoke = [sys.executable, "-m", "quizapp", "--smoke-test", "--data-dir"]
        plain = _seconds([*smoke, str(tmp_path / "plain")], env, repeats)

        one = tmp_path / "one"
        (one / "banks").mkdir(parents=True)
        (one / "banks" / "b0.yaml").write_text(generate_bank(30, bank_id="b0"))
        many = tmp_path / "many"
        (many / "banks").mkdir(parents=True)
        for i in range(banks):
            (many / "banks" / f"b{i}.yaml").write_text(generate_bank(30, bank_id=f"b{i}",
                                                                     seed=i))
        _seconds([*smoke, str(one)], env, 1)  # fill the caches
        cold_many = _seconds([*smoke, str(many)], env, 1)
        start_one = _seconds([*smoke, str(one)], env, repeats)
        warm_many = _seconds([*smoke, str(many)], env, repeats)
    print("start-up, whole processes (median):")
    print(f"  bare PySide6 window        {bare * 1000:7.0f} ms   (baseline)")
    print(f"  quizapp --smoke-test       {plain * 1000:7.0f} ms   ratio {plain / bare:.2f} "
          f"(target <= 1.5) {'OK' if plain / bare <= 1.5 else 'MISSED'}")
    print(f"  one bank                   {start_one * 1000:7.0f} ms   (baseline)")
    print(f"  {banks} banks, first start   {cold_many * 1000:7.0f} ms   ratio "
          f"{cold_many / start_one:.2f}")
    print(f"  {banks} banks, warm cache    {warm_many * 1000:7.0f} ms   ratio "
          f"{warm_many / start_one:.2f} (target <= 1.3) "
          f"{'OK' if warm_many / start_one <= 1.3 else 'MISSED'}")
    return {"startup_ratio": plain / bare, "warm_library_ratio": warm_many / start_one}

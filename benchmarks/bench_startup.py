"""Start-up: whole processes, QuizApp's smoke test against a bare PySide6 window.

Targets (issue: benchmarks): the smoke test at most 1.5 times a bare PySide6 program that shows
one window and exits, both whole processes; with 500 banks, a warm start (cache filled) at most
1.3 times a start with one bank.

Both programs are timed from the moment this script starts them to their exit, and to their
first window painted (both print the moment with ``QUIZAPP_STARTUP_TRACE``, through the same
event filter). The smoke test exits only once the banks are read and the score database is
open, as a user's start has them. For scale, two more bare programs: one whose window holds
only QuizApp's library page (no banks, no menus), and one that imports SQLAlchemy once its
window is painted, as QuizApp must to open its score store (issue: scores).
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
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):  # the same probe as quizapp.gui.app._FirstPaint
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, painted)
        return False

def painted():
    print(f"startup window {time.time():.6f}", file=sys.stderr, flush=True)
    if "--sqlalchemy" in sys.argv:  # what opening QuizApp's score store must import
        import gc
        import sqlalchemy  # noqa: F401
        gc.freeze()  # and the same quick exit as QuizApp's (quizapp.cli)
    for line in open("/proc/self/status"):  # the same measure as quizapp.gui.app.peak_mib
        if line.startswith("VmHWM:"):
            print(f"startup peak_mib {int(line.split()[1]) / 1024:.1f}", file=sys.stderr)
    app.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
if "--library-page" in sys.argv:  # the floor: QuizApp's first screen alone, no data, no menus
    from quizapp.gui.library_page import LibraryPage
    app.setStyle("Fusion")
    window.setCentralWidget(LibraryPage())
    window.resize(1200, 760)
probe = FirstPaint(window)
window.installEventFilter(probe)
window.show()
app.exec()
"""


def _run(command: list[str], env: dict) -> dict[str, float]:
    """Seconds from start to each traced step, and to the exit ("exit"); the peak memory the
    program reports of itself ("peak_mib", its ``VmHWM``: the kernel's other account of a
    child, from ``wait4``, counts what this parent held when it started the child)."""
    started = time.time()
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True,
                            timeout=300)
    ended = time.time()
    steps = {"exit": ended - started}
    for line in result.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "startup" and parts[1] == "peak_mib":
            steps["peak_mib"] = float(parts[2])
        elif len(parts) == 3 and parts[0] == "startup" and parts[1] != "exit":
            steps[parts[1]] = float(parts[2]) - started
    return steps


def _medians(commands: dict[str, list[str]], env: dict, repeats: int) -> dict[str, dict]:
    """Each command run ``repeats`` times, taking turns (so that a slow spell of the machine
    hits all of them alike); the median of each step."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            runs[name].append(_run(command, env))
    return {name: {step: statistics.median(r[step] for r in results) for step in results[0]}
            for name, results in runs.items()}


def _line(label: str, seconds: float, baseline: float | None = None,
          target: float | None = None) -> str:
    text = f"  {label:<48} {seconds * 1000:7.0f} ms"
    if baseline is None:
        return text + "   (baseline)"
    ratio = seconds / baseline
    text += f"   ratio {ratio:.2f}"
    if target is not None:
        text += f" (target <= {target}) {'OK' if ratio <= target else 'MISSED'}"
    return text


def run(repeats: int = 9, banks: int = 500) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUIZAPP_STARTUP_TRACE": "1"}
    # An installed QuizApp has its bytecode compiled (pip does it); let the first run write it
    # here too, or every start would compile the changed modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as tmp:
        tmp_path = Path(tmp)
        smoke = [sys.executable, "-m", "quizapp", "--smoke-test", "--data-dir"]
        one = tmp_path / "one"
        (one / "banks").mkdir(parents=True)
        (one / "banks" / "b0.yaml").write_text(generate_bank(30, bank_id="b0"))
        many = tmp_path / "many"
        (many / "banks").mkdir(parents=True)
        for i in range(banks):
            (many / "banks" / f"b{i}.yaml").write_text(generate_bank(30, bank_id=f"b{i}",
                                                                     seed=i))
        _run([*smoke, str(tmp_path / "plain")], env)  # fill the bank cache, create the store
        _run([*smoke, str(one)], env)
        cold_many = _run([*smoke, str(many)], env)
        medians = _medians({"bare": [sys.executable, "-c", BARE],
                            "page": [sys.executable, "-c", BARE, "--library-page"],
                            "sqlalchemy": [sys.executable, "-c", BARE, "--sqlalchemy"],
                            "plain": [*smoke, str(tmp_path / "plain")],
                            "one": [*smoke, str(one)],
                            "many": [*smoke, str(many)]}, env, repeats)
        bare, page, plain = medians["bare"], medians["page"], medians["plain"]
        start_one, warm_many = medians["one"], medians["many"]
    print("start-up, whole processes timed from their start (median):")
    print(_line("bare PySide6: exit", bare["exit"]))
    print(_line("quizapp --smoke-test: exit (banks, scores)", plain["exit"], bare["exit"], 1.5))
    print(_line("for scale: bare PySide6, then import SQLAlchemy", medians["sqlalchemy"]["exit"],
                bare["exit"]))
    print(_line("bare PySide6: first window painted", bare["window"]))
    print(_line("quizapp --smoke-test: first window painted", plain["window"], bare["window"]))
    print(_line("for scale: bare PySide6 + QuizApp's library page", page["window"],
                bare["window"]))
    print(f"  peak memory: bare PySide6 {bare['peak_mib']:.0f} MiB, with SQLAlchemy "
          f"{medians['sqlalchemy']['peak_mib']:.0f} MiB, quizapp --smoke-test "
          f"{plain['peak_mib']:.0f} MiB, with {banks} more banks {warm_many['peak_mib']:.0f} MiB")
    print(f"  with the bundled banks and {banks} more, 30 questions each:")
    print(_line("one bank: exit", start_one["exit"]))
    print(_line(f"{banks} banks, first start: exit", cold_many["exit"], start_one["exit"]))
    print(_line(f"{banks} banks, warm cache: exit", warm_many["exit"], start_one["exit"], 1.3))
    print(_line("one bank: first window", start_one["window"]))
    print(_line(f"{banks} banks, warm cache: first window", warm_many["window"],
                start_one["window"]))
    print(_line("one bank: banks listed", start_one["banks"]))
    print(_line(f"{banks} banks, warm cache: banks listed", warm_many["banks"],
                start_one["banks"]))
    return {"startup_ratio": plain["exit"] / bare["exit"],
            "first_window_ratio": plain["window"] / bare["window"],
            "warm_library_ratio": warm_many["exit"] / start_one["exit"]}

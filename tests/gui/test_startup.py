"""The path to the first window (docs/performance.md): nothing that can wait.

SQLAlchemy (the score store) and pydantic (reading YAML) cost a quarter of a second to import;
the YAML reader, the bank classes and the quiz screens some more. The window is painted before
any of them is imported: then the banks are read (from the cache of parsed banks, on a worker
thread), then the store is opened. Timing is the benchmarks' job (benchmarks/bench_startup.py);
this checks what is imported, and that the app still starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from quizapp.gui import app

    HEAVY = ("sqlalchemy", "pydantic", "yaml", "rapidfuzz", "quizapp.core.bank",
             "quizapp.core.session", "PySide6.QtCharts", "PySide6.QtPrintSupport")

    def tracer():
        def trace(step):
            if step == "window":
                heavy = sorted(m for m in HEAVY if m in sys.modules)
                print("at the first window:", ",".join(heavy) or "nothing heavy", flush=True)
                page = next(w for w in QApplication.topLevelWidgets()
                            if hasattr(w, "library_page")).library_page
                print("it says:", page.summary.text(), "; start",
                      "enabled" if page.start_button.isEnabled() else "disabled", flush=True)
        return trace

    app._tracer = tracer
    sys.exit(app.run(Path(sys.argv[1]), smoke_test=True))
""")


def start(data_dir) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHILD, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_first_window_needs_neither_sqlalchemy_nor_pydantic(tmp_path):
    first = start(tmp_path)  # the bank cache is empty: the YAML is read (on the worker)
    again = start(tmp_path)
    assert first[-1].startswith("ready in ") and again[-1].startswith("ready in ")
    assert again[0] == "at the first window: nothing heavy", again
    assert again[1] == "it says: Loading banks… ; start disabled", again


SLOW_BANKS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from quizapp.core import loader
    from quizapp.gui import app

    slow = loader.load_library
    def load_library(*args, **kwargs):
        time.sleep(1.5)  # a slow network folder
        return slow(*args, **kwargs)
    loader.load_library = load_library
    app.STORE_AT_THE_LATEST_MS = 100
    app._tracer = lambda: (lambda step: print(step, flush=True))
    sys.exit(app.run(Path(sys.argv[1]), smoke_test=True))
""")


def test_the_store_does_not_wait_long_for_slow_banks(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", SLOW_BANKS, str(tmp_path)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    steps = result.stdout.splitlines()
    assert steps[:3] == ["window", "store", "banks"], steps
    assert steps[3].startswith("ready in ")


def real_start(body: str) -> str:
    """A child that starts the app as a user does (``app.run``), answers Yes to every question
    (printing it), and runs ``body`` inside ``watch`` once the main window (``window``) exists.
    """
    return (textwrap.dedent(START_BEFORE) + textwrap.indent(textwrap.dedent(body), "    ")
            + textwrap.dedent(START_AFTER))


START_BEFORE = """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from quizapp.gui import app, dialogs

    dialogs.ask = lambda parent, title, text: print("asked:", title, flush=True) or True

    def watch():
        window = next((w for w in QApplication.topLevelWidgets()
                       if hasattr(w, "quiz_started")), None)
        if window is None:
            QTimer.singleShot(10, watch)
            return
"""
START_AFTER = """    QTimer.singleShot(0, watch)
    sys.exit(app.run(Path(sys.argv[1])))
"""


REAL_START = real_start("""

        def started():
            session = window.session
            print("resumed:", session.answered_count, "answered, at", session.position,
                  flush=True)
            QApplication.quit()

        window.quiz_started.connect(started)

""")


def test_a_real_start_offers_the_unfinished_quiz_once_banks_and_store_are_in(tmp_path):
    """The order of a start (paint, banks, store) ends with the resume offer, as before."""
    from quizapp.core import paths
    from tests.banktext import bank
    from tests.conftest import REPO

    banks = paths.user_banks_dir(tmp_path / "data")
    banks.mkdir(parents=True)
    (banks / "bank0.yaml").write_text(bank(), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run([sys.executable, "-m", "tests.gui.quiz_child",
                            str(tmp_path / "data"), "2"], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -9, child.stderr
    started = subprocess.run([sys.executable, "-c", REAL_START, str(tmp_path / "data")],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == ["asked: Resume your quiz?",
                                           "resumed: 2 answered, at 3"], started.stdout


QUICK_START = real_start("""

        def banks_in():  # in the same breath as the banks are listed: Start, at once
            print("store open when Start is clicked:", window.store is not None, flush=True)
            window.library_page.player.setEditText("Zoë")
            window.library_page.start_button.click()

        def started():
            if window.store is None or window.attempt is None:
                print("recorded: nothing", flush=True)
            else:
                attempts = window.store.attempts(include_unfinished=True)
                print("recorded:", [(a.player_name, a.id == window.attempt.id)
                                    for a in attempts], flush=True)
            QApplication.quit()

        window.library_reloaded.connect(banks_in)
        window.quiz_started.connect(started)

""")


def test_a_quiz_started_before_the_store_is_open_is_recorded(tmp_path):
    """The store opens just after the banks are listed; a Start clicked in between (a quick
    student, a slow laptop) opens it at once instead of running a quiz nobody records."""
    from tests.conftest import REPO

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = subprocess.run([sys.executable, "-c", QUICK_START, str(tmp_path / "data")],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines() == ["store open when Start is clicked: False",
                                           "recorded: [('Zoë', True)]"], started.stdout


LISTED_ONLY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from quizapp.gui import app

    def tracer():
        def trace(step):
            if step == "exit":
                window = next(w for w in QApplication.topLevelWidgets()
                              if hasattr(w, "library_page"))
                built = sum("questions" in b.__dict__ for b in window.library.banks)
                print("questions built:", built, "of", len(window.library.banks), flush=True)
        return trace

    app._tracer = tracer
    sys.exit(app.run(Path(sys.argv[1]), smoke_test=True))
""")


def test_a_warm_start_lists_the_banks_without_building_their_questions(tmp_path):
    """docs/performance.md: 500 banks are listed from the cache's facets; a bank's questions
    are built when a quiz needs them."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = [subprocess.run([sys.executable, "-c", LISTED_ONLY, str(tmp_path)], env=env,
                           capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    cold, warm = (r.stdout.splitlines()[-1] for r in runs)
    from quizapp.core import paths

    banks = len(list(paths.bundled_banks_dir().glob("*.yaml")))
    assert cold == f"questions built: {banks} of {banks}"  # read from the YAML
    assert warm == f"questions built: 0 of {banks}"

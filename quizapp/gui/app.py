"""Start the application: one place that builds the window from the core."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp import __version__
from quizapp.core import paths

TRACE_ENV = "QUIZAPP_STARTUP_TRACE"  # benchmarks: print when each start-up step is done
# The store is opened once the banks are listed, or after this long if they are slow to read
# (thousands of banks, a slow network folder): scores never wait for the banks for long.
STORE_AT_THE_LATEST_MS = 2000


class _FirstPaint(QObject):
    """Says once when the window is first painted: the moment a user sees the app."""

    painted = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)  # after this paint is on screen
        return False


def run(data_dir: Path, *, smoke_test: bool = False) -> int:
    """Show the window at once; once it is painted, read the banks on a worker thread, and
    once they are listed (or ``STORE_AT_THE_LATEST_MS`` after the paint), open the score store.
    ``smoke_test`` prints one line when all that is done and quits.

    Nothing on the path to the first paint reads a bank or imports SQLAlchemy, pydantic or the
    bank classes (docs/performance.md; tests/gui/test_startup.py).
    """
    started = time.perf_counter()
    trace = _tracer()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("QuizApp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("QuizApp")
    outcome: list[int] = []
    try:
        from quizapp.core.cache import BankCache
        from quizapp.core.library import Library
        from quizapp.gui.main_window import MainWindow

        folders = [paths.bundled_banks_dir(), paths.user_banks_dir(data_dir)]
        window = MainWindow(Library(), folders, data_dir,
                            cache=BankCache(data_dir / "cache" / "banks"))
        first_paint = _FirstPaint(window)
        window.installEventFilter(first_paint)
        window.library_page.show_loading(0, 0)  # the banks are read once the window is painted
        window.show()
    except Exception as exc:  # never a traceback to the user
        if smoke_test:
            print(f"smoke test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        _report_crash(exc)
        return 1

    pending = {"banks", "store"}
    opening: list[bool] = []
    offer_at_start: list[bool] = [not smoke_test]  # the start-up's resume offer

    def done(part: str) -> None:
        trace(part)
        pending.discard(part)
        if pending:
            return
        if smoke_test:
            QTimer.singleShot(0, report_ready)  # once the event loop is idle again
        elif offer_at_start:
            window.offer_resume()

    def report_ready() -> None:
        ms = (time.perf_counter() - started) * 1000
        library = window.library
        print(f"ready in {ms:.0f} ms: {len(library.banks)} banks, "
              f"{library.question_count} questions", flush=True)
        outcome.append(0)
        app.quit()

    def painted() -> None:
        trace("window")
        window.load_in_background()
        QTimer.singleShot(STORE_AT_THE_LATEST_MS, open_the_store)  # banks slow to read

    def banks_in() -> None:
        if "banks" not in pending:
            return  # a later reload
        done("banks")
        QTimer.singleShot(0, open_the_store)  # the banks are listed first

    def open_the_store() -> None:
        if "store" not in pending or opening:
            return  # opened already, or being opened (a dialog about it may be up)
        opening.append(True)
        try:
            store = open_store(data_dir, interactive=not smoke_test)
        except Exception as exc:  # a last resort: the quiz still works without scores
            print(f"the score database cannot be used: {exc}", file=sys.stderr)
            store = None
        if store is None and smoke_test:
            print("smoke test failed: the score database cannot be opened", file=sys.stderr)
            outcome.append(1)
            app.quit()
            return
        window.attach_store(store)
        done("store")

    def open_for_a_quiz() -> None:
        """A quiz starts before the store was opened: open it now. That quiz offers its
        player's unfinished quiz itself, so the start-up's offer is not made as well."""
        offer_at_start.clear()
        open_the_store()

    window.store_opener = open_for_a_quiz
    window.library_reloaded.connect(banks_in)
    first_paint.painted.connect(painted)
    if not smoke_test:
        sys.excepthook = _excepthook
    code = app.exec()
    window.background.wait()
    if window.store is not None:
        window.store.close()
    trace("exit")
    if smoke_test:
        return outcome[0] if outcome else 1
    return code


def _tracer():
    """With ``QUIZAPP_STARTUP_TRACE`` set, print ``startup STEP EPOCH`` to stderr for each step
    (window, banks, store, exit): the benchmark measures from the moment it started us. At the
    exit, ``startup peak_mib N`` too: the most memory the process has held (Linux only)."""
    if not os.environ.get(TRACE_ENV):
        return lambda _step: None

    def trace(step: str) -> None:
        print(f"startup {step} {time.time():.6f}", file=sys.stderr, flush=True)
        if step == "exit" and (peak := peak_mib()) is not None:
            print(f"startup peak_mib {peak:.1f}", file=sys.stderr, flush=True)
    return trace


def peak_mib() -> float | None:
    """The process's peak resident memory since it started this program (``VmHWM``: unlike
    ``getrusage``, it leaves out what the parent held before the exec), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def open_store(data_dir: Path, *, interactive: bool = True):
    """The score store, or None when it cannot be used; the user is told why."""
    from quizapp.core.store import (
        CorruptDatabase,
        DatabaseTooNew,
        ScoreStore,
        StoreError,
    )
    from quizapp.gui import dialogs

    try:
        return ScoreStore.open(data_dir)
    except CorruptDatabase as exc:
        if not interactive:
            print(f"the score database is damaged: {exc}", file=sys.stderr)
            return None
        if exc.backups and dialogs.ask(
                None, "The score database is damaged",
                f"{exc}\n\nRestore the latest backup, from "
                f"{exc.backups[0].created.astimezone():%d %B %Y %H:%M}? The damaged file is "
                "kept beside it. Choose No to start with an empty score database."):
            try:
                return ScoreStore.restore_into(data_dir, exc.backups[0].path)
            except StoreError as again:
                dialogs.warn(None, "Restore failed", str(again))
        aside = ScoreStore.set_aside(data_dir)
        dialogs.inform(None, "A new score database",
                       "QuizApp starts with an empty score database."
                       + (f" The damaged one was kept as {aside}." if aside else ""))
        return ScoreStore.open(data_dir)
    except DatabaseTooNew as exc:
        message = f"{exc}"
    except (StoreError, OSError) as exc:
        message = f"{exc}"
    if interactive:
        dialogs.warn(None, "Scores will not be saved", "QuizApp cannot use its score "
                     "database, so scores will not be saved in this session.", message)
    else:
        print(f"the score database cannot be used: {message}", file=sys.stderr)
    return None


def _excepthook(kind, exc, tb) -> None:
    traceback.print_exception(kind, exc, tb)
    _report_crash(exc)


def _report_crash(exc: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "QuizApp",
                      "Something went wrong.")
    box.setTextFormat(box.textFormat().PlainText)
    box.setInformativeText(f"{type(exc).__name__}: {exc}")
    box.exec()

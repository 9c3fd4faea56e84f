"""Start the application: one place that builds the window from the core."""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.loader import load_library


def run(data_dir: Path, *, smoke_test: bool = False) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("QuizApp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("QuizApp")
    try:
        from quizapp.gui.main_window import MainWindow

        folders = [paths.bundled_banks_dir(), paths.user_banks_dir(data_dir)]
        library = load_library(folders)
        store = open_store(data_dir, interactive=not smoke_test)
        if store is None and smoke_test:
            print("smoke test failed: the score database cannot be opened", file=sys.stderr)
            return 1
        window = MainWindow(library, folders, data_dir, store=store)
        window.show()
    except Exception as exc:  # never a traceback to the user
        if smoke_test:
            print(f"smoke test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        _report_crash(exc)
        return 1
    if smoke_test:
        result: list[int] = []

        def ready() -> None:
            ms = (time.perf_counter() - started) * 1000
            print(f"ready in {ms:.0f} ms: {len(library.banks)} banks, "
                  f"{library.question_count} questions", flush=True)
            result.append(0)
            app.quit()

        QTimer.singleShot(0, ready)  # runs once the event loop is idle with the window shown
        app.exec()
        return result[0] if result else 1
    sys.excepthook = _excepthook
    QTimer.singleShot(0, window.offer_resume)
    code = app.exec()
    if store is not None:
        store.close()
    return code


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

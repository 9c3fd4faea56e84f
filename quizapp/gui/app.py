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
        window = MainWindow(library, folders, data_dir)
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
    return app.exec()


def _excepthook(kind, exc, tb) -> None:
    traceback.print_exception(kind, exc, tb)
    _report_crash(exc)


def _report_crash(exc: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "QuizApp",
                      "Something went wrong.")
    box.setTextFormat(box.textFormat().PlainText)
    box.setInformativeText(f"{type(exc).__name__}: {exc}")
    box.exec()

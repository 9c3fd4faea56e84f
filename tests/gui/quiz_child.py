"""A QuizApp window in a child process that answers N questions, then is killed (-9).

Used by the resume test: ``python -m tests.gui.quiz_child DATA N``. Prints ``acked KEY``
after each answer the window has recorded, then kills itself without any clean-up.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core import paths  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.session import QuizSettings  # noqa: E402
from quizapp.core.store import ScoreStore  # noqa: E402
from quizapp.gui.main_window import MainWindow  # noqa: E402


def main(data: Path, count: int) -> None:
    app = QApplication.instance() or QApplication([])
    folders = [paths.user_banks_dir(data)]
    window = MainWindow(load_library(folders), folders, data, store=ScoreStore.open(data))
    window.show()
    window.start_quiz(QuizSettings(("test-bank",), shuffle=True), "Ana", seed=11)
    page = window.quiz_page
    for _ in range(count):
        item = page.session.current
        page.submit()  # no answer given: stored as such, and acknowledged
        print(f"acked {item.bank.id}/{item.question.id}", flush=True)
        page.next_question()
        app.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))

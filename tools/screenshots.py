"""Render QuizApp's screens to PNG from the real app: ``python tools/screenshots.py [OUT]``.

Used for the README and to look at every screen after a change. Runs offscreen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core import paths  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.session import Mode, QuizSession, QuizSettings  # noqa: E402
from quizapp.gui.main_window import MainWindow  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shown_window(app: QApplication, window: MainWindow, out: Path,
                 size: tuple[int, int]) -> Callable[[str], None]:
    """Show ``window`` at ``size``; return ``shot(name)``, which saves it as OUT/NAME.png."""
    window.resize(*size)
    window.show()
    settle(app)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        settle(app)
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    return shot


def main(out: Path, size=(1366, 768)) -> None:
    app = QApplication.instance() or QApplication([])
    data = Path(tempfile.mkdtemp(prefix="quizapp-shots-"))
    folders = [paths.bundled_banks_dir(), paths.user_banks_dir(data)]
    from quizapp.core.store import ScoreStore

    store = ScoreStore.open(data, daily_backup=False)
    window = MainWindow(load_library(folders), folders, data, store=store)
    shot = shown_window(app, window, out, size)
    shot("library")
    banks = [b.id for b in window.library.banks]
    settings = QuizSettings(tuple(banks), shuffle=True, mode=Mode.PRACTICE)
    session = QuizSession.start(window.library.banks, settings, seed=3)
    by_type = {}
    for item in session.items:
        by_type.setdefault(item.question.type, item)
    order = ["single", "multiple", "true_false", "short", "numeric", "order", "match"]
    session.items = [by_type[t] for t in order if t in by_type]
    window.player_name = "Demo"
    from quizapp.core import recording

    window.attempt = recording.begin(store, recording.player_named(store, "Demo").id, session)
    window.library_page.player.setCurrentText("Demo")
    window._run(session)
    for kind in order:
        shot(f"question-{kind}")
        page = window.quiz_page
        item = page.session.current
        q = item.question
        if kind == "single":  # a wrong pick, to show the feedback for a miss
            wrong = next(i for i, c in enumerate(item.choices) if c != q.answer)
            page.answer.buttons[wrong].setChecked(True)
        elif kind == "multiple":  # one right pick of several: partial credit
            page.answer.buttons[item.choices.index(q.answer[0])].setChecked(True)
        elif kind == "true_false":
            (page.answer.true_button if q.answer else page.answer.false_button).setChecked(True)
        elif kind in ("short", "numeric"):
            page.answer.edit.setText(str(q.answer[0] if kind == "short" else q.answer))
        elif kind == "match":
            for left, combo in page.answer.combos.items():
                combo.setCurrentText(q.pairs[left])
        page.submit()
        if kind in ("single", "multiple"):
            shot(f"feedback-{kind}")
        page.next_question()
    shot("results")
    window.show_history()
    shot("history")
    window.show_progress()
    shot("progress")
    window.contrast_action.setChecked(True)
    window.pages.setCurrentWidget(window.library_page)
    shot("library-high-contrast")
    window.contrast_action.setChecked(False)
    window.close()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))

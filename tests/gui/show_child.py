"""A quiz show in a child process, driven by its keys, then killed (-9) without any clean-up.

Used by the resume test: ``python -m tests.gui.show_child DATA STEPS``. Runs a show of the bank
in ``DATA/banks`` with three teams and prints ``acked KEY MARKS`` after every reveal or mark
that the store has acknowledged (the controller writes before it returns). After ``STEPS``
acknowledged writes it kills itself.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core import paths  # noqa: E402
from quizapp.core import show as show_module  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.show import Show, ShowSettings  # noqa: E402
from quizapp.core.store import ScoreStore  # noqa: E402
from quizapp.gui.show import run_show  # noqa: E402

# The keys pressed, in order: reveal q1, Lions and Bears right, scoreboard, q2, reveal (by
# Right, as a clicker does), Tigers right, Lions right then taken back, scoreboard, q3...
KEYS = [Qt.Key.Key_R, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_Right, Qt.Key.Key_PageDown,
        Qt.Key.Key_Right, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_Z, Qt.Key.Key_Right,
        Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_3]


def seen(show: Show) -> tuple:
    return (show.index, show.current.revealed, tuple(show.current.marks))


def main(data: Path, steps: int) -> None:
    app = QApplication.instance() or QApplication([])
    library = load_library([paths.user_banks_dir(data)])
    store = ScoreStore.open(data)
    settings = ShowSettings(bank_ids=("test-bank",), teams=("Lions", "Tigers", "Bears"),
                            count=None, shuffle=False, final_round=1)
    show = Show.start(library.banks, settings, seed=5)
    record = show_module.begin(store, show)
    print(f"show {record.id}", flush=True)
    controller = run_show(show, None, store, record, console=False, full_screen=False)
    acked = 0
    for key in KEYS:
        before = seen(show)
        QTest.keyClick(controller.presentation, key)
        app.processEvents()
        if show.current.revealed and seen(show) != before:  # a reveal or a mark: stored
            item = show.current
            marks = "".join("1" if m else "0" for m in item.marks)
            print(f"acked {item.bank.id}/{item.question.id} {marks}", flush=True)
            acked += 1
            if acked >= steps:
                break
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))

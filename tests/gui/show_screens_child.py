"""A quiz show on a computer with two screens (the offscreen platform told so), in a child
process because the screens are fixed when Qt starts.

``python -m tests.gui.show_screens_child BANK`` prints one line of JSON: where the presentation
and the console went, whether the presentation is full screen, and its question's size.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from quizapp.core.loader import load_bank_text
from quizapp.core.show import Show, ShowSettings
from quizapp.gui.show import run_show


def main(bank_path: Path) -> None:
    app = QApplication.instance() or QApplication([])
    laptop = QWidget()  # the main window, on the laptop's (primary) screen
    laptop.resize(800, 600)
    laptop.show()
    bank = load_bank_text(bank_path.read_text(encoding="utf-8"))
    show = Show.start([bank], ShowSettings(bank_ids=(bank.id,), teams=("A", "B"), count=None,
                                           shuffle=False), seed=1)
    controller = run_show(show, laptop, None, None)  # console: by the number of screens
    app.processEvents()
    p, c = controller.presentation, controller.console
    print(json.dumps({
        "screens": [s.name() for s in app.screens()],
        "presentation": p.screen().name(), "full_screen": p.isFullScreen(),
        "size": [p.width(), p.height()], "console": c.isVisible(),
        "console_screen": c.screen().name(),
        "question_px": p.question_view.question_pixel_size()}), flush=True)
    controller.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))

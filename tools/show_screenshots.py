"""Render the classroom quiz show to PNG from the real app, at a projector's 1280x720:
``python tools/show_screenshots.py [OUT]`` (default ``docs/screenshots``). Runs offscreen.

Four teams play five questions of the bundled banks through the real show and its controller
(reveal, marks, scoreboard, podium), as the keys would drive it; nothing is stored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from quizapp.core import paths  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.show import Show, ShowSettings  # noqa: E402
from quizapp.gui.show import run_show  # noqa: E402
from quizapp.gui.theme import apply_theme  # noqa: E402

TEAMS = ("Red Pandas", "Blue Whales", "Les Étoiles", "김민준 팀")
BANKS = ("parade-attendees", "korean-peninsula")
SIZE = (1280, 720)
RIGHT_FIRST = (0, 2, 3)  # the teams marked right on the first question
RIGHT_AFTER_THE_FIRST = ((0, 1, 2), (0, 2, 3), (0, 1, 2, 3), (0, 3))


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)
    banks = [b for b in load_library([paths.bundled_banks_dir()]).banks if b.id in BANKS]
    show = Show.start(banks, ShowSettings(BANKS, TEAMS, count=5, countdown=30, final_round=1),
                      seed=4)
    controller = run_show(show, None, None, None, full_screen=False, console=True)
    controller.presentation.resize(*SIZE)
    controller.console.resize(1100, 720)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget=controller.presentation) -> None:
        for _ in range(8):
            app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    shot("show-question")
    controller.reveal()
    for team in RIGHT_FIRST:
        controller.toggle_team(team)
    shot("show-reveal")
    shot("show-console", controller.console)
    controller.next()
    shot("show-scoreboard")
    for right in RIGHT_AFTER_THE_FIRST:  # the other questions, as the teacher marks them
        controller.next()
        controller.reveal()
        for team in right:
            controller.toggle_team(team)
        controller.next()
    controller.next()
    shot("show-podium")
    controller.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).resolve().parent.parent / "docs" / "screenshots")

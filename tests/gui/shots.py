"""Render a widget at projector size to a PNG, to look at and to check it is not blank.

Images go to the test's ``tmp_path``, and also to ``$QUIZAPP_SHOTS`` when that is set
(``QUIZAPP_SHOTS=/tmp/shots python -m pytest tests/gui``), to be looked at by a person.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from quizapp.gui.theme import DEFAULT_POINT_SIZE, apply_theme

PROJECTOR = (1366, 768)


def shoot(qtbot, widget: QWidget, folder: Path, name: str, *,
          size: tuple[int, int] = PROJECTOR, high_contrast: bool = False,
          point_size: int = DEFAULT_POINT_SIZE) -> QImage:
    """Show ``widget`` at ``size`` with the app's look and return what it draws."""
    apply_theme(QApplication.instance(), high_contrast=high_contrast, point_size=point_size)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)  # let layouts and charts settle
    image = widget.grab().toImage()
    image.save(str(folder / f"{name}.png"))
    if os.environ.get("QUIZAPP_SHOTS"):
        shots = Path(os.environ["QUIZAPP_SHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        image.save(str(shots / f"{name}.png"))
    return image


def colours(image: QImage, step: int = 4) -> int:
    """How many different colours a grid of pixels holds (1 for a blank image)."""
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)

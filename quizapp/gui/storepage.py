"""A page of the window that shows what the score store holds (the history, the progress).

It reads the store when it is shown, not before, and again on ``refresh()`` (after a quiz or a
restore) only if it is on screen; Escape closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QWidget


class StorePage(QWidget):
    """Subclasses read the store in ``_load``.

    Signals:
        closed(): "Back" (or Escape).
    """

    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._stale = True  # the store is read when the page is shown

    def refresh(self) -> None:
        """The store may have changed: read it again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        self._stale = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._load()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

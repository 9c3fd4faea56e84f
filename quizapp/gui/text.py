"""Showing bank text safely: always as plain text, never as markup.

``QLabel`` and ``QMessageBox`` guess rich text from the content, so a bank could otherwise show
images from the disk, links or fake "Correct!" styling. Every widget that shows bank text is made
here, or set to plain text through ``plain``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget


class PlainLabel(QLabel):
    """A label that shows its text literally and wraps it."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wrap: bool = True,
                 selectable: bool = False):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        if selectable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)


class ElidedLabel(PlainLabel):
    """One line of plain text that ends in "…" when its width cannot hold it all.

    Layouts may give it less than the whole text (down to ``MIN_CHARS`` letters): its size
    hint is the whole text's, its minimum a few letters. ``full_text()`` is what was set;
    screen readers get it whole too.
    """

    MIN_CHARS = 6

    def __init__(self, text: str = "", parent: QWidget | None = None):
        self._full = ""
        super().__init__(text, parent, wrap=False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + margins + 2,
                     hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().horizontalAdvance("M" * self.MIN_CHARS),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(room, 1))
        if shown != super().text():
            super().setText(shown)


def tooltip(text: str) -> str:
    """Tool tips are always guessed as rich text: escape bank text for them."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                informative: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
        # The informative text follows textFormat too (Qt 6), checked by the plain-text audit.
    return box


def announce(widget: QWidget, text: str) -> None:
    """Ask screen readers to read ``text`` now (Qt 6.8 and newer; silently nothing before)."""
    try:
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
    except ImportError:  # pragma: no cover - older Qt
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))

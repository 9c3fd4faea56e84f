"""Showing bank text safely: always as plain text, never as markup.

``QLabel`` and ``QMessageBox`` guess rich text from the content, so a bank could otherwise show
images from the disk, links or fake "Correct!" styling. Every widget that shows bank text is made
here, or set to plain text through ``plain``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


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

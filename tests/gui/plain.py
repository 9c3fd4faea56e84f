"""Audit: every label of a widget shows its text literally (our own field labels, which carry
a keyboard mnemonic and a buddy, are the only exception)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def rich_labels(widget: QWidget) -> list[str]:
    """The texts of labels that Qt could take for rich text."""
    return [label.text() for label in widget.findChildren(QLabel)
            if label.textFormat() != Qt.TextFormat.PlainText and label.buddy() is None]

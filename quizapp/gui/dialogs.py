"""Small modal questions and messages, in one place so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from quizapp.gui.text import message_box


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True for yes."""
    box = message_box(parent, QMessageBox.Icon.Question, title, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    message_box(parent, QMessageBox.Icon.Information, title, text, detail).exec()


def warn(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    message_box(parent, QMessageBox.Icon.Warning, title, text, detail).exec()

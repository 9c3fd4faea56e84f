"""The Qt binding itself: guards against known-bad PySide6 releases."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton


class _Emitter(QObject):
    fired = Signal(object)


def test_slot_calls_keep_none_true_and_false_alive(qtbot):
    """PySide6 6.12.0 drops a reference to None on every slot call (and to True/False for
    clicked(bool)); after enough clicks the interpreter aborts. pyproject.toml excludes it."""
    button = QPushButton("x")
    qtbot.addWidget(button)
    calls = []
    button.clicked.connect(lambda: calls.append(1))
    emitter = _Emitter()
    emitter.fired.connect(lambda value: calls.append(value))
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        button.click()
        emitter.fired.emit(None)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert len(calls) == 400
    assert all(a >= b - 20 for a, b in zip(after, before, strict=True)), (before, after)

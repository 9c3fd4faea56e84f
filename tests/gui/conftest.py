"""Fixtures for driving the real main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from quizapp.core import paths
from quizapp.core.loader import load_library
from quizapp.core.store import ScoreStore
from quizapp.gui import dialogs
from quizapp.gui.main_window import MainWindow
from tests.banktext import bank


@pytest.fixture
def answers_dialogs(monkeypatch):
    """Modal questions answered yes; every question and message asked is recorded."""
    asked: list[tuple[str, str]] = []

    def ask(_parent, title, text):
        asked.append((title, text))
        return True

    def tell(_parent, title, text, detail=""):
        asked.append((title, f"{text}\n{detail}"))

    monkeypatch.setattr(dialogs, "ask", ask)
    monkeypatch.setattr(dialogs, "inform", tell)
    monkeypatch.setattr(dialogs, "warn", tell)
    return asked


@pytest.fixture
def make_window(qtbot, tmp_path: Path, answers_dialogs):
    """A shown main window over banks written into a fresh data folder."""

    stores = []

    def make(*bank_texts: str, store: bool = True) -> MainWindow:
        data = tmp_path / "data"
        banks = paths.user_banks_dir(data)
        banks.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(bank_texts or (bank(),)):
            (banks / f"bank{i}.yaml").write_text(text, encoding="utf-8")
        folders = [banks]
        score_store = ScoreStore.open(data) if store else None
        if score_store is not None:
            stores.append(score_store)
        window = MainWindow(load_library(folders), folders, data, store=score_store)
        qtbot.addWidget(window)
        window.resize(1100, 750)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    yield make
    for score_store in stores:
        score_store.close()


def focused():
    return QApplication.focusWidget()

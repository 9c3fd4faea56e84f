"""Test set-up shared by every test. The one place that makes Qt headless."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "questions"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty user data folder, also exported as QUIZAPP_DATA_DIR."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def write_bank(tmp_path: Path):
    """Write a bank file from text and return its path."""

    def write(text: str | bytes, name: str = "bank.yaml", folder: Path | None = None) -> Path:
        path = (folder or tmp_path / "banks") / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write

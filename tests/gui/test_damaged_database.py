"""At start, a damaged score database is reported and the latest backup offered."""

from __future__ import annotations

import os

from quizapp.core.store import ScoreStore
from quizapp.gui.app import open_store
from tests.core.test_store_corruption import fill, overwrite


def test_damaged_database_is_restored_from_the_backup_when_the_user_agrees(
        tmp_path, answers_dialogs):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store, "Ann")
        store.backup("manual")
        fill(store, "Bo", answers=150, big=True)
    overwrite(tmp_path / "scores.sqlite3", 0, os.urandom(100))
    store = open_store(tmp_path)
    try:
        assert answers_dialogs[0][0] == "The score database is damaged"
        assert "Restore the latest backup" in answers_dialogs[0][1]
        assert [p.name for p in store.players()] == ["Ann"]
    finally:
        store.close()
    assert list(tmp_path.glob("scores-damaged-*.sqlite3"))  # kept, never deleted


def test_damaged_database_without_consent_starts_afresh_and_keeps_the_file(
        tmp_path, answers_dialogs, monkeypatch):
    from quizapp.gui import dialogs

    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store, "Ann")
        store.backup("manual")
    overwrite(tmp_path / "scores.sqlite3", 0, os.urandom(100))
    monkeypatch.setattr(dialogs, "ask", lambda *_a: False)
    store = open_store(tmp_path)
    try:
        assert store.players() == []
        assert answers_dialogs[-1][0] == "A new score database"
    finally:
        store.close()
    assert list(tmp_path.glob("scores-damaged-*.sqlite3"))

"""A damaged database is detected, reported, never used, and recoverable from a backup."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from quizapp.core.store import (
    BadBackup,
    CorruptDatabase,
    DatabaseUnreadable,
    ScoreStore,
)

PAGE = 4096


def fill(store: ScoreStore, name: str = "Ann", answers: int = 3, big: bool = False) -> int:
    player = store.add_player(name)
    attempt = store.start_attempt(player.id, mode="practice", settings={}, seed=1,
                                  banks=[("parade", date(2025, 9, 3))],
                                  question_keys=[("parade", f"q{i}") for i in range(answers)])
    for i in range(answers):
        store.record_answer(attempt.id, bank_id="parade", question_id=f"q{i}",
                            content_hash="h", response=("長" * 500 if big else i), score=1.0,
                            points=1.0, max_points=1.0, seconds=1.0)
    return attempt.id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path):
    """A data folder with a backup holding Ann's 3 answers, and later answers of Bo's."""
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        store.backup("manual")
        fill(store, "Bo", answers=150, big=True)  # many pages
    return tmp_path / "scores.sqlite3"


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def assert_refused_untouched(path: Path) -> CorruptDatabase:
    before = digest(path)
    with pytest.raises(CorruptDatabase) as caught:
        ScoreStore.open(path.parent)
    error = caught.value
    assert digest(path) == before  # never used, not even opened for writing
    assert error.db_path == path and error.problems
    assert [b.reason for b in error.backups] == ["manual"]
    assert "damaged" in str(error) and "Restore the latest backup" in str(error)
    return error


def test_garbage_over_the_header_is_detected_and_restored_from_backup(damaged):
    overwrite(damaged, 0, os.urandom(100))
    error = assert_refused_untouched(damaged)
    broken = digest(damaged)
    with ScoreStore.restore_into(damaged.parent, error.backups[0].path) as store:
        assert [p.name for p in store.players()] == ["Ann"]
        assert store.check() == []
    kept = list(damaged.parent.glob("scores-damaged-*.sqlite3"))
    assert len(kept) == 1 and digest(kept[0]) == broken  # set aside, never deleted


def test_a_truncated_file_is_detected(damaged):
    size = damaged.stat().st_size
    assert size > 40 * PAGE
    with open(damaged, "r+b") as f:
        f.truncate(size // 2)
    assert_refused_untouched(damaged)


def test_a_damaged_page_in_the_middle_is_detected(damaged):
    overwrite(damaged, 10 * PAGE, os.urandom(PAGE))
    assert_refused_untouched(damaged)


def test_an_empty_file_with_backups_is_reported_not_replaced(damaged):
    damaged.write_bytes(b"")
    error = assert_refused_untouched(damaged)
    assert "empty" in str(error)


def test_an_empty_file_without_backups_is_a_new_database(tmp_path):
    (tmp_path / "scores.sqlite3").write_bytes(b"")
    with ScoreStore.open(tmp_path) as store:
        assert store.players() == [] and store.check() == []


def test_no_backup_at_all_says_so_and_the_file_can_be_set_aside(tmp_path):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
    path = tmp_path / "scores.sqlite3"
    overwrite(path, 0, b"\0" * 100)
    with pytest.raises(CorruptDatabase) as caught:
        ScoreStore.open(tmp_path)
    assert caught.value.backups == [] and "No backup exists" in str(caught.value)
    aside = ScoreStore.set_aside(tmp_path)
    assert aside.exists() and not path.exists()
    with ScoreStore.open(tmp_path) as store:
        assert store.players() == []
    assert ScoreStore.set_aside(tmp_path / "nothing-here") is None


def test_check_on_demand_finds_what_the_quick_check_at_start_does_not(tmp_path):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        store.start_attempt(1, mode="exam", settings={}, seed=2, banks=[],
                            question_keys=[("parade", "q1")])
    # Make an index disagree with its table: drop it from the schema, change the table,
    # put the index back. quick_check does not compare indexes with tables.
    conn = sqlite3.connect(tmp_path / "scores.sqlite3")
    name, sql, root = conn.execute("SELECT name, sql, rootpage FROM sqlite_master "
                                   "WHERE name = 'ix_attempts_started'").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("DELETE FROM sqlite_master WHERE name = ?", (name,))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(tmp_path / "scores.sqlite3")
    conn.execute("UPDATE attempts SET started_at = '1999-01-01 00:00:00.000000'")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_master VALUES ('index', ?, 'attempts', ?, ?)",
                 (name, root, sql))
    conn.commit()
    conn.close()
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        assert store.check(full=False) == []
        problems = store.check()
    assert problems and any("ix_attempts_started" in p for p in problems)


def test_a_folder_in_place_of_the_file_is_unreadable_not_corrupt(tmp_path):
    (tmp_path / "scores.sqlite3").mkdir()
    with pytest.raises(DatabaseUnreadable) as caught:
        ScoreStore.open(tmp_path)
    assert "scores.sqlite3" in str(caught.value)


def test_a_bad_backup_is_refused_and_nothing_changes(damaged, tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = digest(damaged)
    for bad in (bogus, tmp_path / "missing.sqlite3"):
        with pytest.raises(BadBackup):
            ScoreStore.restore_into(tmp_path, bad)
    assert digest(damaged) == before and not list(tmp_path.glob("scores-damaged-*"))


def test_restore_while_open_keeps_the_current_file_aside(tmp_path):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        backup = store.backup()
        fill(store, "Bo")
        aside = store.restore(backup)
        assert [p.name for p in store.players()] == ["Ann"]
        store.add_player("Cy")  # usable after the restore
    conn = sqlite3.connect(aside)  # the replaced database is intact, with Bo
    assert sorted(r[0] for r in conn.execute("SELECT name FROM players")) == ["Ann", "Bo"]
    conn.close()


def test_an_older_backup_is_upgraded_after_restore(tmp_path):
    from tests.core.test_store_migrations import make_v1

    old = make_v1(tmp_path / "elsewhere")
    with ScoreStore.restore_into(tmp_path / "data", old) as store:
        assert store.attempts()[0].player_name == "Zoë"
        assert any(b.reason == "pre-migration-v1" for b in store.backups())


def test_wal_file_deleted_after_a_clean_close_loses_nothing(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        fill(store, answers=20)
    wal = tmp_path / "scores.sqlite3-wal"
    wal.unlink(missing_ok=True)
    (tmp_path / "scores.sqlite3-shm").unlink(missing_ok=True)
    with ScoreStore.open(tmp_path) as store:
        assert store.attempts(include_unfinished=True)[0].answered == 20
        assert store.check() == []


def test_garbage_in_the_wal_file_is_ignored_safely(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        fill(store, answers=5)
    (tmp_path / "scores.sqlite3-wal").write_bytes(os.urandom(PAGE * 3))
    with ScoreStore.open(tmp_path) as store:
        assert store.attempts(include_unfinished=True)[0].answered == 5
        assert store.check() == []


def test_a_log_without_its_database_is_reported(tmp_path):
    (tmp_path / "scores.sqlite3-wal").write_bytes(os.urandom(PAGE))
    with pytest.raises(CorruptDatabase, match="missing"):
        ScoreStore.open(tmp_path)

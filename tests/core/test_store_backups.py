"""Backups: verified copies, daily at start, rotated, the newest good one never deleted."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.store import (
    SCHEMA_VERSION,
    CorruptDatabase,
    ScoreStore,
    StoreError,
    list_backups,
    rotate_backups,
)
from quizapp.core.store.sqlite import check_file, fs_type, is_network_path


class DayClock:
    def __init__(self):
        self.now = datetime(2025, 9, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def next_day(self) -> None:
        self.now += timedelta(days=1)


def fill(store: ScoreStore, name: str = "Ann", answers: int = 3) -> int:
    player = store.add_player(name)
    attempt = store.start_attempt(player.id, mode="practice", settings={}, seed=1,
                                  banks=[("parade", date(2025, 9, 3))],
                                  question_keys=[("parade", f"q{i}") for i in range(answers)])
    for i in range(answers):
        store.record_answer(attempt.id, bank_id="parade", question_id=f"q{i}",
                            content_hash="h", response=i, score=1.0, points=1.0,
                            max_points=1.0, seconds=1.0)
    return attempt.id


def test_backup_is_a_verified_single_file_copy(tmp_path):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        path = store.backup("manual")
        fill(store, "Bo")  # after the backup: not in it
    assert path.parent == tmp_path / "backups" and path.name.endswith("-manual.sqlite3")
    assert check_file(path) == ([], SCHEMA_VERSION)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT name FROM players").fetchall() == [("Ann",)]
    conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal, no leftovers
    [info] = list_backups(tmp_path / "backups")
    assert (info.path, info.reason, info.size) == (path, "manual", path.stat().st_size)


def test_backup_reasons_are_checked(tmp_path):
    with ScoreStore.open(tmp_path) as store, pytest.raises(ValueError):
        store.backup("../../etc")


def test_daily_backup_once_a_day_only_when_there_is_data(tmp_path):
    clock = DayClock()
    with ScoreStore.open(tmp_path, clock=clock) as store:
        assert store.backups() == []  # nothing to back up yet
        fill(store)
    assert [b.reason for b in list_backups(tmp_path / "backups")] == ["daily"]  # at close
    ScoreStore.open(tmp_path, clock=clock).close()
    assert len(list_backups(tmp_path / "backups")) == 1  # same day: no second one
    clock.next_day()
    ScoreStore.open(tmp_path, clock=clock).close()
    backups = list_backups(tmp_path / "backups")
    assert [b.created.date() for b in backups] == [date(2025, 9, 4), date(2025, 9, 3)]


def test_rotation_keeps_seven_daily_and_every_pre_migration_backup(tmp_path):
    clock = DayClock()
    with ScoreStore.open(tmp_path, clock=clock) as store:
        fill(store)
        pre = store.backup("pre-migration-v1")
    for _ in range(10):
        clock.next_day()
        ScoreStore.open(tmp_path, clock=clock).close()
    backups = list_backups(tmp_path / "backups")
    daily = [b for b in backups if b.reason == "daily"]
    assert len(daily) == 7
    assert daily[0].created.date() == clock.now.date()  # the newest stays
    assert pre in [b.path for b in backups]


def test_rotation_never_deletes_the_newest_of_a_kind_and_cleans_old_leftovers(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        first = store.backup("manual")
    assert rotate_backups(folder, keep=1) == []
    assert first.exists()
    stale, fresh = folder / ".x.1.partial", folder / ".y.2.partial"
    stale.write_bytes(b"half a backup")
    fresh.write_bytes(b"a backup being written right now")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert rotate_backups(folder) == [stale]
    assert fresh.exists()


def test_a_bad_copy_is_discarded_and_the_older_backups_stay(tmp_path, monkeypatch):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
        good = store.backup("manual")
        monkeypatch.setattr("quizapp.core.store.sqlite.check_file",
                            lambda path, full=True: (["page 3 is bad"], None))
        with pytest.raises(CorruptDatabase) as caught:
            store.backup("manual")
        assert caught.value.problems == ["page 3 is bad"]
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [good.name]


def test_backup_folder_that_cannot_be_written_is_reported(tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    with ScoreStore.open(tmp_path, daily_backup=False,
                         backup_dir=tmp_path / "not-a-folder" / "b") as store:
        fill(store)
        with pytest.raises(StoreError, match="Could not write a backup"):
            store.backup()


def test_the_journal_mode_is_rollback_on_network_shares():
    mounts = ("/dev/vda / ext4 rw 0 0\n"
              "//server/home /home/class cifs rw 0 0\n"
              "server:/export /mnt/nfs\\040share nfs4 rw 0 0\n")
    assert fs_type(Path("/home/class/ann/QuizApp"), mounts) == "cifs"
    assert fs_type(Path("/home/classic"), mounts) == "ext4"
    assert fs_type(Path("/mnt/nfs share/x"), mounts) == "nfs4"


def test_a_local_folder_is_not_a_network_share(tmp_path):
    assert is_network_path(tmp_path) is False


def test_open_picks_rollback_journal_on_a_network_share(tmp_path, monkeypatch):
    monkeypatch.setattr("quizapp.core.store.sqlite.is_network_path", lambda path: True)
    with ScoreStore.open(tmp_path) as store, store.engine.connect() as conn:
        assert store.journal_mode == "delete"
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_backups_of_a_copied_data_folder_still_work(tmp_path):
    with ScoreStore.open(tmp_path / "a", daily_backup=False) as store:
        fill(store)
        store.backup()
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # a USB stick copied to another machine
    with ScoreStore.open(tmp_path / "b", daily_backup=False) as store:
        assert len(store.backups()) == 1 and store.check() == []


def test_a_failed_daily_backup_does_not_stop_the_app_but_is_told(tmp_path):
    with ScoreStore.open(tmp_path, daily_backup=False) as store:
        fill(store)
    (tmp_path / "blocked").write_text("a file where the backup folder should be")
    with ScoreStore.open(tmp_path, backup_dir=tmp_path / "blocked" / "backups") as store:
        assert store.backup_error and "Could not write a backup" in store.backup_error
        assert store.players()[0].name == "Ann"

"""Schema versions: every migration is tested from a database made by the version before.

The version-1 database is written here by hand, in the SQL that version 1 created, so the
test does not depend on today's code to build yesterday's file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from quizapp.core.store import (
    SCHEMA_VERSION,
    DatabaseTooNew,
    MigrationFailed,
    NotAQuizAppDatabase,
    ScoreStore,
)
from quizapp.core.store import schema as schema_module
from quizapp.core.store.sqlite import check_file

V1_SCHEMA = """
CREATE TABLE players (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(100) NOT NULL,
    name_key VARCHAR(100) NOT NULL,
    created DATETIME NOT NULL,
    CONSTRAINT uq_players_name_key UNIQUE (name_key)
);
CREATE TABLE schema_version (
    version INTEGER NOT NULL,
    applied_at DATETIME NOT NULL,
    CONSTRAINT pk_schema_version PRIMARY KEY (version)
);
CREATE TABLE settings (
    "key" VARCHAR(200) NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT pk_settings PRIMARY KEY ("key")
);
CREATE TABLE attempts (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    uuid VARCHAR(36) NOT NULL,
    player_id INTEGER NOT NULL,
    mode VARCHAR(20) NOT NULL,
    settings TEXT NOT NULL,
    seed BIGINT NOT NULL,
    banks TEXT NOT NULL,
    question_keys TEXT NOT NULL,
    question_count INTEGER NOT NULL,
    started_at DATETIME NOT NULL,
    ended_at DATETIME,
    abandoned INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT uq_attempts_uuid UNIQUE (uuid),
    CONSTRAINT fk_attempts_player_id_players FOREIGN KEY(player_id) REFERENCES players (id)
        ON DELETE CASCADE
);
CREATE TABLE answers (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    attempt_id INTEGER NOT NULL,
    bank_id VARCHAR(80) NOT NULL,
    question_id VARCHAR(80) NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    response TEXT NOT NULL,
    score FLOAT NOT NULL,
    points FLOAT NOT NULL,
    max_points FLOAT NOT NULL,
    seconds FLOAT NOT NULL,
    answered_at DATETIME NOT NULL,
    CONSTRAINT uq_answers_attempt_id_bank_id_question_id UNIQUE (attempt_id, bank_id, question_id),
    CONSTRAINT ck_answers_score_share CHECK (score >= 0 AND score <= 1),
    CONSTRAINT ck_answers_not_negative CHECK (points >= 0 AND max_points >= 0 AND seconds >= 0),
    CONSTRAINT fk_answers_attempt_id_attempts FOREIGN KEY(attempt_id) REFERENCES attempts (id)
        ON DELETE CASCADE
);
"""

V1_DATA = """
INSERT INTO schema_version VALUES (1, '2025-09-01 10:00:00.000000');
INSERT INTO players VALUES (1, 'Zoë', 'zoë', '2025-09-01 10:00:00.000000');
INSERT INTO attempts VALUES (1, '6f1c0c52-0d7e-4d3c-9a57-0c1d8c3e9b01', 1, 'exam',
    '{"count": 2}', 42, '[{"id": "parade", "as_of": "2025-09-03"}]',
    '[["parade", "q1"], ["parade", "q2"]]', 2, '2025-09-04 09:00:00.000000',
    '2025-09-04 09:05:00.000000', 0);
INSERT INTO answers VALUES (1, 1, 'parade', 'q1', 'abc', '"Beijing"', 1.0, 2.0, 2.0, 4.5,
    '2025-09-04 09:01:00.000000');
INSERT INTO answers VALUES (2, 1, 'parade', 'q2', 'def', '["a", "b"]', 0.5, 0.5, 1.0, 6.0,
    '2025-09-04 09:02:00.000000');
INSERT INTO settings VALUES ('last_player', '1');
"""


def file_from_dump(folder: Path, script: str, *, wal: bool = False) -> Path:
    """``folder/scores.sqlite3`` as an older QuizApp left it, rebuilt from its SQL dump
    (``wal``: that version left its files in WAL mode)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scores.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(script)
    if wal:
        conn.execute("PRAGMA journal_mode=wal")
    conn.commit()
    conn.close()
    return path


def make_v1(folder: Path) -> Path:
    return file_from_dump(folder, V1_SCHEMA + V1_DATA)


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()


def shape(path: Path) -> dict:
    """Columns (name, type, not null, default, pk) and indexes (columns, unique) per table."""
    names = tables(path)
    conn = sqlite3.connect(path)
    try:
        result = {}
        for table in sorted(names):
            columns = [tuple(r[1:]) for r in conn.execute(f"PRAGMA table_info({table})")]
            indexes = set()
            for _, name, unique, origin, _ in conn.execute(f"PRAGMA index_list({table})"):
                cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
                indexes.add((name if origin == "c" else origin, cols, unique))
            fks = [tuple(r[2:]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")]
            result[table] = (columns, indexes, fks)
        return result
    finally:
        conn.close()


def test_there_is_one_migration_per_version_step():
    assert len(schema_module.MIGRATIONS) == SCHEMA_VERSION - 1 >= 1


def test_v1_database_is_upgraded_with_a_backup_first(tmp_path):
    data = tmp_path / "data"
    make_v1(data)
    with ScoreStore.open(data) as store:
        with store.engine.connect() as conn:
            versions = conn.exec_driver_sql(
                "SELECT version FROM schema_version ORDER BY version").scalars().all()
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        # The data survived, and totals still come from the answers.
        [summary] = store.attempts()
        assert (summary.player_name, summary.answered, summary.points, summary.max_points) == (
            "Zoë", 2, 2.5, 3.0)
        assert summary.client is None  # not known for quizzes run before version 2
        assert store.answers(1)[1].response == ["a", "b"]
        assert store.get_setting("last_player") == 1
        assert store.check() == []
        # New quizzes record the computer that ran them.
        attempt = store.start_attempt(1, mode="practice", settings={}, seed=1, banks=[],
                                      question_keys=[("parade", "q1")])
        assert store.attempt(attempt.id).client
        backups = [b for b in store.backups() if b.reason == "pre-migration-v1"]
    assert len(backups) == 1
    problems, version = check_file(backups[0].path)
    assert problems == [] and version == 1


def test_upgraded_database_has_the_same_shape_as_a_new_one(tmp_path):
    make_v1(tmp_path / "old")
    ScoreStore.open(tmp_path / "old").close()
    ScoreStore.open(tmp_path / "new").close()
    old, new = shape(tmp_path / "old" / "scores.sqlite3"), shape(tmp_path / "new" /
                                                                 "scores.sqlite3")
    assert old == new


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = make_v1(tmp_path)

    def broken(conn):
        conn.exec_driver_sql("ALTER TABLE attempts ADD COLUMN client VARCHAR(200)")
        raise RuntimeError("disk trouble halfway")

    monkeypatch.setattr("quizapp.core.store.store.MIGRATIONS", [broken])
    with pytest.raises(MigrationFailed) as caught:
        ScoreStore.open(tmp_path)
    assert "version 1 to 2" in str(caught.value) and caught.value.backup.exists()
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(attempts)")]
    version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    conn.close()
    assert "client" not in columns and version == 1
    monkeypatch.undo()
    with ScoreStore.open(tmp_path) as store:  # the next start upgrades it
        assert store.attempts()[0].answered == 2


def test_a_database_from_a_newer_quizapp_is_left_untouched(tmp_path):
    path = make_v1(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00')")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNew) as caught:
        ScoreStore.open(tmp_path)
    assert caught.value.version == 99 and "newer QuizApp" in str(caught.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_database_of_another_program_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "scores.sqlite3")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAQuizAppDatabase):
        ScoreStore.open(tmp_path)

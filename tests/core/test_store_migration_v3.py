"""Schema version 3 (classroom quiz shows), upgraded from a version-2 file.

``V2_DUMP`` is what the version-2 code wrote: ``sqlite3.iterdump()`` of a database that
``ScoreStore`` made before version 3 existed (one player, one finished quiz with two answers, a
setting). The test rebuilds that file byte for byte from the dump, so it does not depend on
today's code to make yesterday's file.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from quizapp.core.store import SCHEMA_VERSION, MigrationFailed, ScoreStore
from quizapp.core.store.sqlite import check_file
from tests.core.test_store_migrations import file_from_dump, shape, tables

V2_DUMP = """
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
	CONSTRAINT fk_answers_attempt_id_attempts FOREIGN KEY(attempt_id) REFERENCES attempts (id) ON DELETE CASCADE
);
INSERT INTO "answers" VALUES(1,1,'parade','q1','abc','"Beijing"',1.0,2.0,2.0,4.5,'2025-09-04 09:02:00.000000');
INSERT INTO "answers" VALUES(2,1,'parade','q2','def','["a", "b"]',0.5,0.5,1.0,6.0,'2025-09-04 09:02:30.000000');
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
	client VARCHAR(200),
	CONSTRAINT uq_attempts_uuid UNIQUE (uuid),
	CONSTRAINT fk_attempts_player_id_players FOREIGN KEY(player_id) REFERENCES players (id) ON DELETE CASCADE
);
INSERT INTO "attempts" VALUES(1,'e153e59b-11c9-440f-b4e5-f13f21107def',1,'exam','{"count": 2}',42,'[{"id": "parade", "as_of": "2025-09-03"}]','[["parade", "q1"], ["parade", "q2"]]',2,'2025-09-04 09:01:30.000000','2025-09-04 09:03:00.000000',0,'classroom-pc / QuizApp 0.9');
CREATE TABLE players (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	name VARCHAR(100) NOT NULL,
	name_key VARCHAR(100) NOT NULL,
	created DATETIME NOT NULL,
	CONSTRAINT uq_players_name_key UNIQUE (name_key)
);
INSERT INTO "players" VALUES(1,'Zoë','zoë','2025-09-04 09:01:00.000000');
CREATE TABLE schema_version (
	version INTEGER NOT NULL,
	applied_at DATETIME NOT NULL,
	CONSTRAINT pk_schema_version PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(2,'2025-09-04 09:00:30.000000');
CREATE TABLE settings (
	"key" VARCHAR(200) NOT NULL,
	value TEXT NOT NULL,
	CONSTRAINT pk_settings PRIMARY KEY ("key")
);
INSERT INTO "settings" VALUES('last_player','"Zoë"');
CREATE INDEX ix_attempts_player_started ON attempts (player_id, started_at);
CREATE INDEX ix_attempts_started ON attempts (started_at);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('players',1);
INSERT INTO "sqlite_sequence" VALUES('attempts',1);
INSERT INTO "sqlite_sequence" VALUES('answers',2);
"""  # noqa: E501 - verbatim

SHOW_TABLES = {"shows", "show_teams", "show_marks"}


def make_v2(folder: Path) -> Path:
    return file_from_dump(folder, V2_DUMP, wal=True)  # as the version-2 code left its files


def test_the_v2_file_is_what_version_2_made(tmp_path):
    path = make_v2(tmp_path)
    problems, version = check_file(path)
    assert problems == [] and version == 2
    assert not tables(path) & SHOW_TABLES


def test_v2_database_is_upgraded_to_v3_with_a_backup_first(tmp_path):
    data = tmp_path / "data"
    make_v2(data)
    with ScoreStore.open(data) as store:
        with store.engine.connect() as conn:
            versions = conn.exec_driver_sql(
                "SELECT version FROM schema_version ORDER BY version").scalars().all()
        assert versions[:2] == [2, 3] and versions == list(range(2, SCHEMA_VERSION + 1))
        # Everything of version 2 is still there, and totals still come from the answers.
        [summary] = store.attempts()
        assert (summary.player_name, summary.answered, summary.points, summary.max_points,
                summary.client) == ("Zoë", 2, 2.5, 3.0, "classroom-pc / QuizApp 0.9")
        assert store.answers(1)[1].response == ["a", "b"]
        assert store.get_setting("last_player") == "Zoë"
        # The new tables work at once.
        assert store.shows(include_unfinished=True) == [] and store.unfinished_show() is None
        show = store.start_show(settings={"count": 1}, seed=3, banks=[("parade", date(2025, 9, 3))],
                                question_keys=[("parade", "q1")], teams=["Red", "Blue"])
        assert store.record_marks(show.id, bank_id="parade", question_id="q1", content_hash="abc",
                                  points=2.0, doubled=False, correct=[True, False])
        assert [t.points for t in store.show_results(show.id).teams] == [2.0, 0.0]
        assert store.check() == []
        backups = [b for b in store.backups() if b.reason == "pre-migration-v2"]
    assert len(backups) == 1
    problems, version = check_file(backups[0].path)
    assert problems == [] and version == 2
    assert not tables(backups[0].path) & SHOW_TABLES  # the backup is the file as it was


def test_upgraded_v2_database_has_the_same_shape_as_a_new_one(tmp_path):
    make_v2(tmp_path / "old")
    ScoreStore.open(tmp_path / "old").close()
    ScoreStore.open(tmp_path / "new").close()
    old = shape(tmp_path / "old" / "scores.sqlite3")
    assert SHOW_TABLES <= set(old)
    assert old == shape(tmp_path / "new" / "scores.sqlite3")


def test_a_failed_v2_to_v3_step_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = make_v2(tmp_path)
    from quizapp.core.store import schema

    def broken(conn):
        schema.shows.create(conn)
        raise RuntimeError("power cut halfway")

    monkeypatch.setattr("quizapp.core.store.store.MIGRATIONS", [schema.MIGRATIONS[0], broken])
    with pytest.raises(MigrationFailed) as caught:
        ScoreStore.open(tmp_path)
    assert "version 2 to 3" in str(caught.value) and caught.value.backup.exists()
    assert not tables(path) & SHOW_TABLES
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    conn.close()
    assert version == 2
    monkeypatch.undo()
    with ScoreStore.open(tmp_path) as store:  # the next start upgrades it
        assert store.attempts()[0].answered == 2 and store.shows() == []


def test_a_second_copy_opening_after_the_upgrade_changes_nothing(tmp_path):
    make_v2(tmp_path)
    first = ScoreStore.open(tmp_path, daily_backup=False)
    second = ScoreStore.open(tmp_path, daily_backup=False)  # finds it upgraded already
    try:
        with first.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version"
                                        ).scalars().all() == list(range(2, SCHEMA_VERSION + 1))
        assert second.check() == []
    finally:
        first.close()
        second.close()

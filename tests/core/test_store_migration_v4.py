"""Schema version 4 (classes, class members, nicknames), upgraded from a version-3 file.

``V3_DUMP`` is what the version-3 code wrote: ``sqlite3.iterdump()`` of a database that
``ScoreStore`` made before version 4 existed (two players, Zoë and 민준, a finished exam and a
finished practice quiz with their answers, a finished quiz show with two teams and their marks,
a setting). The test rebuilds that file from the dump, so it does not depend on today's code to
make yesterday's file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizapp.core.store import SCHEMA_VERSION, MigrationFailed, ScoreStore
from quizapp.core.store.sqlite import check_file
from tests.core.test_store_migrations import file_from_dump, shape, tables

V3_DUMP = """
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
INSERT INTO "answers" VALUES(1,1,'parade','q1','abc','"Beijing"',1.0,2.0,2.0,4.5,'2025-09-10 08:02:30.000000');
INSERT INTO "answers" VALUES(2,1,'parade','q2','def','["a", "b"]',0.5,0.5,1.0,6.0,'2025-09-10 08:03:00.000000');
INSERT INTO "answers" VALUES(3,2,'parade','q1','abc','"Shanghai"',0.0,0.0,2.0,9.0,'2025-09-10 08:04:30.000000');
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
INSERT INTO "attempts" VALUES(1,'fb47545d-99fd-44ed-8fda-46d597d5eed3',1,'exam','{"count": 2}',42,'[{"id": "parade", "as_of": "2025-09-03"}]','[["parade", "q1"], ["parade", "q2"]]',2,'2025-09-10 08:02:00.000000','2025-09-10 08:03:30.000000',0,'classroom-pc / QuizApp 0.9');
INSERT INTO "attempts" VALUES(2,'683ba651-58c4-4d4a-a9dc-dbc58e90eda4',2,'practice','{"count": 1}',7,'[{"id": "parade", "as_of": "2025-09-03"}]','[["parade", "q1"]]',1,'2025-09-10 08:04:00.000000','2025-09-10 08:05:00.000000',0,'classroom-pc / QuizApp 0.9');
CREATE TABLE players (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	name VARCHAR(100) NOT NULL,
	name_key VARCHAR(100) NOT NULL,
	created DATETIME NOT NULL,
	CONSTRAINT uq_players_name_key UNIQUE (name_key)
);
INSERT INTO "players" VALUES(1,'Zoë','zoë','2025-09-10 08:01:00.000000');
INSERT INTO "players" VALUES(2,'민준','민준','2025-09-10 08:01:30.000000');
CREATE TABLE schema_version (
	version INTEGER NOT NULL,
	applied_at DATETIME NOT NULL,
	CONSTRAINT pk_schema_version PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(3,'2025-09-10 08:00:30.000000');
CREATE TABLE settings (
	"key" VARCHAR(200) NOT NULL,
	value TEXT NOT NULL,
	CONSTRAINT pk_settings PRIMARY KEY ("key")
);
INSERT INTO "settings" VALUES('last_player','"Zoë"');
CREATE TABLE show_marks (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	show_id INTEGER NOT NULL,
	team_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	bank_id VARCHAR(80) NOT NULL,
	question_id VARCHAR(80) NOT NULL,
	content_hash VARCHAR(64) NOT NULL,
	points FLOAT NOT NULL,
	doubled INTEGER NOT NULL,
	correct INTEGER NOT NULL,
	marked_at DATETIME NOT NULL,
	CONSTRAINT uq_show_marks_show_id_bank_id_question_id_team_id UNIQUE (show_id, bank_id, question_id, team_id),
	CONSTRAINT ck_show_marks_flags CHECK (correct IN (0, 1) AND doubled IN (0, 1)),
	CONSTRAINT ck_show_marks_not_negative CHECK (points >= 0 AND position >= 0),
	CONSTRAINT fk_show_marks_show_id_shows FOREIGN KEY(show_id) REFERENCES shows (id) ON DELETE CASCADE,
	CONSTRAINT fk_show_marks_team_id_show_teams FOREIGN KEY(team_id) REFERENCES show_teams (id) ON DELETE CASCADE
);
INSERT INTO "show_marks" VALUES(1,1,1,0,'parade','q1','abc',2.0,0,1,'2025-09-10 08:06:00.000000');
INSERT INTO "show_marks" VALUES(2,1,2,0,'parade','q1','abc',2.0,0,0,'2025-09-10 08:06:00.000000');
CREATE TABLE show_teams (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	show_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	name VARCHAR(40) NOT NULL,
	CONSTRAINT uq_show_teams_show_id_position UNIQUE (show_id, position),
	CONSTRAINT ck_show_teams_position_range CHECK (position >= 0 AND position < 8),
	CONSTRAINT fk_show_teams_show_id_shows FOREIGN KEY(show_id) REFERENCES shows (id) ON DELETE CASCADE
);
INSERT INTO "show_teams" VALUES(1,1,0,'Red');
INSERT INTO "show_teams" VALUES(2,1,1,'Blue');
CREATE TABLE shows (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	uuid VARCHAR(36) NOT NULL,
	settings TEXT NOT NULL,
	seed BIGINT NOT NULL,
	banks TEXT NOT NULL,
	question_keys TEXT NOT NULL,
	question_count INTEGER NOT NULL,
	started_at DATETIME NOT NULL,
	ended_at DATETIME,
	abandoned INTEGER DEFAULT 0 NOT NULL,
	client VARCHAR(200),
	CONSTRAINT uq_shows_uuid UNIQUE (uuid)
);
INSERT INTO "shows" VALUES(1,'2489f3ec-dd9d-4eda-91f5-d65d13ffe42e','{"count": 1}',3,'[{"id": "parade", "as_of": "2025-09-03"}]','[["parade", "q1"]]',1,'2025-09-10 08:05:30.000000','2025-09-10 08:06:30.000000',0,'classroom-pc / QuizApp 0.9');
CREATE INDEX ix_shows_started ON shows (started_at);
CREATE INDEX ix_attempts_started ON attempts (started_at);
CREATE INDEX ix_attempts_player_started ON attempts (player_id, started_at);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('players',2);
INSERT INTO "sqlite_sequence" VALUES('attempts',2);
INSERT INTO "sqlite_sequence" VALUES('answers',3);
INSERT INTO "sqlite_sequence" VALUES('shows',1);
INSERT INTO "sqlite_sequence" VALUES('show_teams',2);
INSERT INTO "sqlite_sequence" VALUES('show_marks',2);
"""  # noqa: E501 - verbatim

CLASS_TABLES = {"classes", "class_members"}


def make_v3(folder: Path) -> Path:
    return file_from_dump(folder, V3_DUMP, wal=True)  # as the version-3 code left its files


def player_columns(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute("PRAGMA table_info(players)")]
    finally:
        conn.close()


def test_the_v3_file_is_what_version_3_made(tmp_path):
    path = make_v3(tmp_path)
    problems, version = check_file(path)
    assert problems == [] and version == 3
    assert not tables(path) & CLASS_TABLES
    assert "nickname" not in player_columns(path)


def test_v3_database_is_upgraded_to_v4_with_a_backup_first(tmp_path):
    data = tmp_path / "data"
    make_v3(data)
    with ScoreStore.open(data) as store:
        with store.engine.connect() as conn:
            versions = conn.exec_driver_sql(
                "SELECT version FROM schema_version ORDER BY version").scalars().all()
        assert versions == [3, 4] == [3, SCHEMA_VERSION]
        # Everything of version 3 is still there; totals still come from the answers.
        players = store.players()
        assert [(p.name, p.nickname) for p in players] == [("Zoë", None), ("민준", None)]
        summaries = {s.player_name: s for s in store.attempts()}
        assert (summaries["Zoë"].answered, summaries["Zoë"].points,
                summaries["Zoë"].max_points) == (2, 2.5, 3.0)
        assert summaries["민준"].percent == 0.0
        assert store.answers(1)[1].response == ["a", "b"]
        [show] = store.shows()
        assert [(t.name, t.points) for t in show.teams] == [("Red", 2.0), ("Blue", 0.0)]
        assert store.get_setting("last_player") == "Zoë"
        # The new tables and column work at once, with the players of version 3.
        assert store.classes() == []
        year9 = store.add_class("Year 9")
        zoe, minjun = sorted(players, key=lambda p: p.id)
        store.set_members(year9.id, [zoe.id, minjun.id])
        assert store.set_nickname(minjun.id, "MJ").nickname == "MJ"
        grid = store.class_grid(year9.id)
        assert [(q.mode, q.bank_ids) for q in grid.quizzes] == [("exam", ("parade",)),
                                                                ("practice", ("parade",))]
        assert grid.cell(zoe.id, 0)[0].percent == pytest.approx(250 / 3)
        assert store.check() == []
        backups = [b for b in store.backups() if b.reason == "pre-migration-v3"]
    assert len(backups) == 1
    problems, version = check_file(backups[0].path)
    assert problems == [] and version == 3
    assert not tables(backups[0].path) & CLASS_TABLES  # the backup is the file as it was
    assert "nickname" not in player_columns(backups[0].path)


def test_upgraded_v3_database_has_the_same_shape_as_a_new_one(tmp_path):
    make_v3(tmp_path / "old")
    ScoreStore.open(tmp_path / "old").close()
    ScoreStore.open(tmp_path / "new").close()
    old = shape(tmp_path / "old" / "scores.sqlite3")
    assert CLASS_TABLES <= set(old)
    assert old == shape(tmp_path / "new" / "scores.sqlite3")


def test_a_failed_v3_to_v4_step_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = make_v3(tmp_path)
    from quizapp.core.store import schema

    def broken(conn):
        conn.exec_driver_sql("ALTER TABLE players ADD COLUMN nickname VARCHAR(100)")
        schema.classes.create(conn)
        raise RuntimeError("power cut halfway")

    monkeypatch.setattr("quizapp.core.store.store.MIGRATIONS", [*schema.MIGRATIONS[:2], broken])
    with pytest.raises(MigrationFailed) as caught:
        ScoreStore.open(tmp_path)
    assert "version 3 to 4" in str(caught.value) and caught.value.backup.exists()
    assert not tables(path) & CLASS_TABLES
    assert "nickname" not in player_columns(path)
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    conn.close()
    assert version == 3
    monkeypatch.undo()
    with ScoreStore.open(tmp_path) as store:  # the next start upgrades it
        assert len(store.attempts()) == 2 and store.classes() == []


def test_a_second_copy_opening_after_the_upgrade_changes_nothing(tmp_path):
    make_v3(tmp_path)
    first = ScoreStore.open(tmp_path, daily_backup=False)
    second = ScoreStore.open(tmp_path, daily_backup=False)  # finds version 4 already
    try:
        with first.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version"
                                        ).scalars().all() == [3, 4]
        assert second.check() == []
    finally:
        first.close()
        second.close()

"""The tables, their version, and the steps that bring an older database up to date.

Portable SQL only (SQLite today, PostgreSQL by URL later): no SQLite-only functions or types.
JSON values are stored as text written by Python. Times are stored as UTC without a zone.

To change the schema: bump ``SCHEMA_VERSION``, describe the new shape in the tables below, and
append one function to ``MIGRATIONS`` that turns a database of the previous version into it.
Add a test that builds a database of the previous version by hand and opens it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

SCHEMA_VERSION = 4

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

players = Table(
    "players", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("name_key", String(100), nullable=False, unique=True),  # casefolded: no case twins
    Column("created", DateTime, nullable=False),
    # Version 4: a nickname (shown where classmates see the list), unique ignoring case.
    Column("nickname", String(100), nullable=True),
    Column("nickname_key", String(100), nullable=True),
    Index("ix_players_nickname_key", "nickname_key", unique=True),
    sqlite_autoincrement=True,  # ids of deleted players are never reused
)

attempts = Table(
    "attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("player_id", Integer, ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("settings", Text, nullable=False),  # JSON object
    Column("seed", BigInteger, nullable=False),
    Column("banks", Text, nullable=False),  # JSON [{"id": ..., "as_of": "YYYY-MM-DD"}]
    Column("question_keys", Text, nullable=False),  # JSON [[bank_id, question_id], ...] in order
    Column("question_count", Integer, nullable=False),  # len(question_keys), fixed at start
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=True),
    Column("abandoned", Integer, nullable=False, server_default=text("0")),
    Column("client", String(200), nullable=True),  # version 2
    sqlite_autoincrement=True,
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False),
    Column("bank_id", String(80), nullable=False),
    Column("question_id", String(80), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("response", Text, nullable=False),  # JSON
    Column("score", Float, nullable=False),  # share of the question earned, 0..1
    Column("points", Float, nullable=False),
    Column("max_points", Float, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("answered_at", DateTime, nullable=False),
    UniqueConstraint("attempt_id", "bank_id", "question_id"),  # one answer per question and quiz
    CheckConstraint("score >= 0 AND score <= 1", name="score_share"),
    CheckConstraint("points >= 0 AND max_points >= 0 AND seconds >= 0", name="not_negative"),
    sqlite_autoincrement=True,
)

settings = Table(
    "settings", metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

# Version 3: classroom quiz shows. A show is asked of teams, not players: its teams, and for every
# revealed question one row per team saying whether the teacher marked it right.
shows = Table(
    "shows", metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("settings", Text, nullable=False),  # JSON object (ShowSettings.as_dict)
    Column("seed", BigInteger, nullable=False),
    Column("banks", Text, nullable=False),  # JSON [{"id": ..., "as_of": "YYYY-MM-DD"}]
    Column("question_keys", Text, nullable=False),  # JSON [[bank_id, question_id], ...] in order
    Column("question_count", Integer, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=True),
    Column("abandoned", Integer, nullable=False, server_default=text("0")),
    Column("client", String(200), nullable=True),
    Index("ix_shows_started", "started_at"),
    sqlite_autoincrement=True,
)

show_teams = Table(
    "show_teams", metadata,
    Column("id", Integer, primary_key=True),
    Column("show_id", Integer, ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # 0-based; the team's key in the show is 1 + this
    Column("name", String(40), nullable=False),
    UniqueConstraint("show_id", "position"),
    CheckConstraint("position >= 0 AND position < 8", name="position_range"),
    sqlite_autoincrement=True,
)

show_marks = Table(
    "show_marks", metadata,
    Column("id", Integer, primary_key=True),
    Column("show_id", Integer, ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("team_id", Integer, ForeignKey("show_teams.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # the question's place in question_keys
    Column("bank_id", String(80), nullable=False),
    Column("question_id", String(80), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("points", Float, nullable=False),  # what a right answer earns (x2 in the final round)
    Column("doubled", Integer, nullable=False),  # 1 in the double-points final round
    Column("correct", Integer, nullable=False),  # 1 when the teacher marked the team right
    Column("marked_at", DateTime, nullable=False),
    UniqueConstraint("show_id", "bank_id", "question_id", "team_id"),  # one mark per team
    CheckConstraint("correct IN (0, 1) AND doubled IN (0, 1)", name="flags"),
    CheckConstraint("points >= 0 AND position >= 0", name="not_negative"),
    sqlite_autoincrement=True,
)

V3_TABLES = [shows, show_teams, show_marks]

# Version 4: classes (a teacher's list of players) and who is in each.
classes = Table(
    "classes", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("name_key", String(100), nullable=False, unique=True),  # casefolded: no case twins
    Column("created", DateTime, nullable=False),
    sqlite_autoincrement=True,
)

class_members = Table(
    "class_members", metadata,
    Column("class_id", Integer, ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
    Column("player_id", Integer, ForeignKey("players.id", ondelete="CASCADE"),
           primary_key=True),
    Column("added_at", DateTime, nullable=False),
    Index("ix_class_members_player_id", "player_id"),  # a player's classes; deleting a player
)

V4_TABLES = [classes, class_members]

# Version 2: the history and charts read one player's quizzes, newest first.
V2_INDEXES = [
    Index("ix_attempts_player_started", attempts.c.player_id, attempts.c.started_at),
    Index("ix_attempts_started", attempts.c.started_at),
]


def _v1_to_v2(conn: Connection) -> None:
    """Remember which computer ran a quiz (shared classroom machines); index the history."""
    conn.execute(text("ALTER TABLE attempts ADD COLUMN client VARCHAR(200)"))
    for index in V2_INDEXES:
        index.create(conn)


def _v2_to_v3(conn: Connection) -> None:
    """Classroom quiz shows: the shows, their teams and the marks of every revealed question.

    Only new tables, so no existing row changes. The tables are created from their definitions
    above: if a later version changes them, write this step's tables out as they are now.
    """
    for table in V3_TABLES:
        table.create(conn)  # with its indexes


def _v3_to_v4(conn: Connection) -> None:
    """Classes: the tables ``classes`` and ``class_members``, and players' nicknames.

    Existing players get no nickname; no existing row changes. As in the step before, the new
    tables are created from their definitions above: if a later version changes them, write
    this step's tables out as they are now.
    """
    conn.execute(text("ALTER TABLE players ADD COLUMN nickname VARCHAR(100)"))
    conn.execute(text("ALTER TABLE players ADD COLUMN nickname_key VARCHAR(100)"))
    conn.execute(text("CREATE UNIQUE INDEX ix_players_nickname_key ON players (nickname_key)"))
    for table in V4_TABLES:
        table.create(conn)  # with its indexes


# MIGRATIONS[n - 1] turns a version-n database into a version n + 1 one, inside one transaction.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1_to_v2, _v2_to_v3, _v3_to_v4]

assert len(MIGRATIONS) == SCHEMA_VERSION - 1

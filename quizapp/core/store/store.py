"""The score store: players, quizzes and every answer, in SQLite by default.

SQLAlchemy Core with portable SQL. Each write is its own short transaction, committed before
the method returns (``BEGIN IMMEDIATE`` on SQLite, so several copies of the app take turns
instead of failing). Totals are always derived from the stored answers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import platform
import re
import sqlite3
import unicodedata
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Table,
    case,
    create_engine,
    delete,
    func,
    insert,
    inspect,
    make_url,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from quizapp import __version__
from quizapp.core.store import sqlite as sq
from quizapp.core.store.classes import ClassMixin
from quizapp.core.store.errors import (
    AttemptClosed,
    BadBackup,
    CorruptDatabase,
    DatabaseBusy,
    DatabaseTooNew,
    DatabaseUnreadable,
    DiskFull,
    DuplicateName,
    MigrationFailed,
    NotAQuizAppDatabase,
    NotFound,
    StoreError,
)
from quizapp.core.store.models import (
    AnswerRow,
    Attempt,
    AttemptSummary,
    Backup,
    LoggedAnswer,
    Mastery,
    MissedQuestion,
    Player,
    ScorePoint,
)
from quizapp.core.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    answers,
    attempts,
    class_members,
    metadata,
    players,
    schema_version,
    settings,
)
from quizapp.core.store.shows import ShowMixin

log = logging.getLogger(__name__)

DB_NAME = "scores.sqlite3"
BACKUP_DIR = "backups"
KEEP_PER_REASON = 7  # daily, manual...; pre-migration backups are all kept
WRITE_TRIES = 3  # each waits up to the busy timeout
NAME_MAX = 100
_BACKUP_NAME = re.compile(r"^scores-(\d{8}-\d{6}\.\d{6})-([a-z0-9-]+)\.sqlite3$")
_REASON = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_MAX_INT64 = 2**63 - 1

T = TypeVar("T")
TagsOf = Mapping[tuple[str, str], Iterable[str]] | Callable[[str, str], Iterable[str] | None]
TypeOf = Mapping[tuple[str, str], str] | Callable[[str, str], str | None]


def _utc(value: datetime | None) -> datetime | None:
    """A stored (naive UTC) time as an aware one."""
    return None if value is None else value.replace(tzinfo=UTC)


def _json(value: Any, what: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be plain JSON data (text, numbers, lists...): {exc}") \
            from None


def _finite(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _text(value: str, what: str, max_length: int) -> str:
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise ValueError(f"{what} must be text of 1 to {max_length} characters, not {value!r}")
    return value


def clean_name(name: str) -> tuple[str, str]:
    """A player name as stored, and its key for comparing names regardless of case."""
    if not isinstance(name, str):
        raise ValueError("a player name must be text")
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ValueError("a player name cannot be empty")
    if len(name) > NAME_MAX:
        raise ValueError(f"a player name can have at most {NAME_MAX} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValueError("a player name cannot contain control characters")
    return name, unicodedata.normalize("NFKC", name).casefold()


def default_client() -> str:
    return f"{platform.node() or 'unknown'} / QuizApp {__version__}"[:200]


class ScoreStore(ShowMixin, ClassMixin):
    """Players, quizzes (attempts) and answers.

    ``ScoreStore.open(data_dir)`` is what the app uses; ``ScoreStore(url)`` takes any
    SQLAlchemy URL or engine (tests give each a fresh file). Opening checks the file
    (``PRAGMA quick_check``), creates or upgrades the tables (with a backup first) and takes
    the day's backup; a damaged file raises ``CorruptDatabase`` and is never used.
    Classroom quiz shows (``start_show``, ``record_marks``...) come from ``ShowMixin``;
    classes, nicknames and per-class results (``add_class``, ``import_roster``,
    ``class_grid``...) from ``ClassMixin``.
    """

    def __init__(self, url: str | URL | Engine, *, journal_mode: str = "wal",
                 backup_dir: Path | None = None, clock: Callable[[], datetime] | None = None,
                 daily_backup: bool = True, client: str | None = None):
        journal_mode = journal_mode.lower()
        if journal_mode not in sq.JOURNAL_MODES:
            raise ValueError(f"journal_mode must be one of {', '.join(sq.JOURNAL_MODES)}")
        self.journal_mode = journal_mode
        self._clock = clock or (lambda: datetime.now(UTC))
        self._daily_backup = daily_backup
        self.client = default_client() if client is None else client
        self.backup_error: str | None = None  # why the daily backup failed, if it did
        if isinstance(url, Engine):
            self._engine = url
        else:
            url = make_url(url)
            args = {"timeout": sq.BUSY_TIMEOUT_MS / 1000, "check_same_thread": False} \
                if url.get_backend_name() == "sqlite" else {}
            self._engine = create_engine(url, connect_args=args)
        self.is_sqlite = self._engine.dialect.name == "sqlite"
        database = self._engine.url.database if self.is_sqlite else None
        self.db_path: Path | None = (Path(database).absolute()
                                     if database and database != ":memory:"
                                     and not database.startswith("file:") else None)
        self.backup_dir: Path | None = backup_dir or (
            self.db_path.parent / BACKUP_DIR if self.db_path else None)
        if self.is_sqlite:
            sq.configure(self._engine, journal_mode)
        self._writer = self._engine.execution_options(**{sq.WRITE_OPTION: True})
        try:
            self._open()
        except BaseException:
            self._engine.dispose()
            raise

    @classmethod
    def open(cls, data_dir: Path, *, journal_mode: str | None = None,
             **kwargs: Any) -> ScoreStore:
        """The store in ``data_dir / "scores.sqlite3"``, creating folders as needed.

        ``journal_mode=None`` picks WAL, except on a network share (SMB, NFS) where WAL is
        unsafe and the rollback journal (``"delete"``) is used.
        """
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnreadable(f"Cannot create the data folder {data_dir}: {exc}",
                                     data_dir / DB_NAME) from exc
        if journal_mode is None:
            journal_mode = "delete" if sq.is_network_path(data_dir) else "wal"
        url = URL.create("sqlite", database=str((data_dir / DB_NAME).absolute()))
        return cls(url, journal_mode=journal_mode, **kwargs)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Take the day's backup if none was taken yet, and close every connection."""
        try:
            if self._daily_backup:
                with contextlib.suppress(StoreError, OSError):
                    self._take_daily_backup()
        finally:
            self._engine.dispose()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- opening ----------------------------------------------------------------------------

    def _open(self) -> None:
        """Check the file before using it, then create, upgrade and back it up as needed.

        A file is inspected read-only first, so a damaged, foreign or newer database is
        reported without a single byte of it changed.
        """
        try:
            version = self._inspect_file() if self.db_path else self._version()
            if version is None:
                self._create()
            elif version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    f"The score database was written by a newer QuizApp (database version "
                    f"{version}, this QuizApp knows up to {SCHEMA_VERSION}). Update QuizApp; "
                    f"the file is left untouched.", version, SCHEMA_VERSION)
            elif version < SCHEMA_VERSION:
                self._migrate(version)
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        self._identity = self._file_identity()
        if self._daily_backup:
            try:
                self._take_daily_backup()
            except CorruptDatabase:
                raise  # the copy failed integrity_check: the database itself is damaged
            except (StoreError, OSError) as exc:  # e.g. a read-only backup folder
                log.warning("no daily backup: %s", exc)
                self.backup_error = str(exc)

    def _inspect_file(self) -> int | None:
        """The schema version of the file, None for a new one; raises if it must not be used."""
        path = self.db_path
        try:
            if not path.exists():
                if sq.has_content(path):
                    raise self._corrupt(["the database file is missing, but its -wal log "
                                         "is there"])
                return None
            if not sq.has_content(path):
                if self.backups():
                    raise self._corrupt(["the database file is empty, but backups exist"])
                return None
            problems, tables, version = sq.inspect_file(path)
        except sqlite3.Error as exc:
            raise self._translate_error(exc) from exc
        except OSError as exc:
            raise DatabaseUnreadable(f"Cannot read {path}: {exc}. Check that the drive is "
                                     f"there and the file can be read.", path) from exc
        if problems:
            raise self._corrupt(problems)
        if not [t for t in tables if not t.startswith("sqlite_")]:
            return None
        if "schema_version" not in tables:
            raise NotAQuizAppDatabase(
                f"{path} is a database, but not QuizApp's score database. Move it away or "
                f"choose another data folder.", path)
        if version is None:
            raise self._corrupt(["the schema version is missing"])
        return int(version)

    def _pragma_check(self, pragma: str) -> list[str]:
        with self._engine.connect() as conn:
            rows = conn.exec_driver_sql(f"PRAGMA {pragma}").all()
            problems = [row[0] for row in rows if row[0] != "ok"]
            if pragma == "integrity_check":
                for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"row {rowid} of {table} refers to a missing {parent} row")
        return problems

    def _version(self) -> int | None:
        """The schema version, or None for a database without tables (a new one)."""
        with self._engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            if not tables:
                return None
            if "schema_version" not in tables:
                raise NotAQuizAppDatabase(
                    f"{self._where()} is a database, but not QuizApp's score database. "
                    f"Move it away or choose another data folder.", self.db_path)
            version = conn.execute(select(func.max(schema_version.c.version))).scalar()
        if version is None:
            raise self._corrupt(["the schema version is missing"])
        return int(version)

    def _create(self) -> None:
        def create(conn: Connection) -> None:
            if inspect(conn).has_table("schema_version"):
                return  # another copy of the app created it meanwhile
            metadata.create_all(conn)
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION,
                                                       applied_at=self._now()))
        self._transact(create)

    def _migrate(self, version: int) -> None:
        backup = self.backup(f"pre-migration-v{version}") if self.db_path else None
        while version < SCHEMA_VERSION:
            step = MIGRATIONS[version - 1]

            def apply(conn: Connection, version: int = version,
                      step: Callable[[Connection], None] = step) -> None:
                current = conn.execute(select(func.max(schema_version.c.version))).scalar()
                if current != version:
                    return  # another copy of the app did this step
                step(conn)
                conn.execute(insert(schema_version).values(version=version + 1,
                                                           applied_at=self._now()))
            try:
                self._transact(apply)
            except Exception as exc:
                raise MigrationFailed(
                    f"Upgrading the score database from version {version} to {version + 1} "
                    f"failed ({exc}). It was left as it was"
                    + (f"; a backup is in {backup}." if backup else "."), backup) from exc
            log.info("score database upgraded from version %s to %s", version, version + 1)
            version += 1

    # --- transactions and errors ------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC).replace(tzinfo=None)

    def _file_identity(self) -> tuple[int, int] | None:
        if self.db_path is None:
            return None
        try:
            info = self.db_path.stat()
        except OSError:
            return None
        return (info.st_dev, info.st_ino)

    def _check_file(self) -> None:
        """Refuse to write when the database file was deleted or replaced under us: SQLite
        would write on into the unlinked file and every answer would be lost at exit."""
        if self.db_path is None or getattr(self, "_identity", None) is None:
            return
        if self._file_identity() != self._identity:
            raise DatabaseUnreadable(
                f"The score database {self.db_path} was moved or deleted while QuizApp was "
                "running, so answers cannot be saved. Restart QuizApp.", self.db_path)

    def _transact(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn`` in one write transaction, committed before returning; retried if busy."""
        self._check_file()
        for attempt in range(WRITE_TRIES):
            try:
                with self._writer.begin() as conn:
                    return fn(conn)
            except IntegrityError:
                raise
            except DBAPIError as exc:
                if sq.is_busy(exc) and attempt < WRITE_TRIES - 1:
                    log.warning("score database busy, trying again: %s", exc)
                    continue
                raise self._translate(exc) from exc
        raise AssertionError("unreachable")

    def _read(self) -> Connection:
        return self._engine.connect()

    def _query(self, fn: Callable[[Connection], T]) -> T:
        try:
            with self._read() as conn:
                return fn(conn)
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: DBAPIError) -> StoreError:
        return self._translate_error(exc)

    def _translate_error(self, exc: Exception) -> StoreError:
        orig = getattr(exc, "orig", None) or exc
        if sq.is_busy(exc):
            return DatabaseBusy("The score database stayed locked by another copy of QuizApp "
                                "for too long. Close the other copy, or try again.")
        if sq.is_corrupt(exc):
            return self._corrupt([str(orig)])
        if sq.is_full(exc):
            return DiskFull(f"The disk holding {self._where()} is full. Free some space; "
                            f"nothing was saved for the last action.")
        if sq.is_unreadable(exc):
            return DatabaseUnreadable(f"Cannot read or write {self._where()}: {orig}. "
                                      f"Check that the drive is there and the file is not "
                                      f"read-only.", self.db_path)
        return StoreError(f"Score database error: {orig}")

    def _where(self) -> str:
        return str(self.db_path) if self.db_path else "the score database"

    def _corrupt(self, problems: list[str]) -> CorruptDatabase:
        backups = self.backups()
        advice = ("Restore the latest backup" if backups else
                  "No backup exists; the file can be set aside to start afresh")
        shown = "; ".join(problems[:3]) + (" ..." if len(problems) > 3 else "")
        where = f" {self.db_path}" if self.db_path else ""
        return CorruptDatabase(f"The score database{where} is damaged ({shown}). "
                               f"It was not used. {advice}.", self.db_path, problems, backups)

    # --- players ----------------------------------------------------------------------------

    def add_player(self, name: str) -> Player:
        name, key = clean_name(name)

        def add(conn: Connection) -> Player:
            if conn.execute(select(players.c.id).where(players.c.name_key == key)).first():
                raise DuplicateName(f"There is already a player called {name!r}.")
            now = self._now()
            result = conn.execute(insert(players).values(name=name, name_key=key, created=now))
            return Player(result.inserted_primary_key[0], name, _utc(now))
        try:
            return self._transact(add)
        except IntegrityError as exc:
            raise DuplicateName(f"There is already a player called {name!r}.") from exc

    def rename_player(self, player_id: int, name: str) -> Player:
        name, key = clean_name(name)

        def rename(conn: Connection) -> Player:
            row = self._player_row(conn, player_id)
            other = conn.execute(select(players.c.id).where(
                players.c.name_key == key, players.c.id != player_id)).first()
            if other:
                raise DuplicateName(f"There is already a player called {name!r}.")
            conn.execute(update(players).where(players.c.id == player_id)
                         .values(name=name, name_key=key))
            return Player(player_id, name, _utc(row.created), row.nickname)
        try:
            return self._transact(rename)
        except IntegrityError as exc:
            raise DuplicateName(f"There is already a player called {name!r}.") from exc

    def delete_player(self, player_id: int) -> None:
        """Delete a player with all their quizzes and answers."""
        def remove(conn: Connection) -> None:
            self._player_row(conn, player_id)
            mine = select(attempts.c.id).where(attempts.c.player_id == player_id)
            conn.execute(delete(answers).where(answers.c.attempt_id.in_(mine)))
            conn.execute(delete(attempts).where(attempts.c.player_id == player_id))
            conn.execute(delete(class_members).where(class_members.c.player_id == player_id))
            conn.execute(delete(players).where(players.c.id == player_id))
        self._transact(remove)

    def players(self) -> list[Player]:
        rows = self._query(lambda c: c.execute(
            select(players).order_by(players.c.name_key, players.c.id)).all())
        return [Player(r.id, r.name, _utc(r.created), r.nickname) for r in rows]

    def player(self, player_id: int) -> Player:
        row = self._query(lambda c: self._player_row(c, player_id))
        return Player(row.id, row.name, _utc(row.created), row.nickname)

    def find_player(self, name: str) -> Player | None:
        """The player with this name (ignoring case), if any."""
        key = clean_name(name)[1]
        row = self._query(lambda c: c.execute(
            select(players).where(players.c.name_key == key)).first())
        return None if row is None else Player(row.id, row.name, _utc(row.created),
                                               row.nickname)

    @staticmethod
    def _player_row(conn: Connection, player_id: int) -> Any:
        row = conn.execute(select(players).where(players.c.id == player_id)).first()
        if row is None:
            raise NotFound(f"No player with id {player_id}.")
        return row

    # --- quizzes and answers ----------------------------------------------------------------

    def start_attempt(self, player_id: int, *, mode: str, settings: dict, seed: int,
                      banks: list[tuple[str, date]],
                      question_keys: list[tuple[str, str]]) -> Attempt:
        """Record a new quiz before its first question is shown."""
        mode = _text(mode, "mode", 20)
        if not isinstance(settings, dict):
            raise ValueError("settings must be a dict")
        settings_json = _json(settings, "settings")
        if isinstance(seed, bool) or not isinstance(seed, int) or abs(seed) > _MAX_INT64:
            raise ValueError("seed must be an integer that fits in 64 bits")
        bank_list = []
        for bank_id, as_of in banks:
            if isinstance(as_of, datetime):
                as_of = as_of.date()
            if not isinstance(as_of, date):
                raise ValueError(f"the as_of of bank {bank_id!r} must be a date")
            bank_list.append({"id": _text(bank_id, "a bank id", 80), "as_of": as_of.isoformat()})
        keys = [(_text(b, "a bank id", 80), _text(q, "a question id", 80))
                for b, q in question_keys]
        if len(set(keys)) != len(keys):
            raise ValueError("question_keys lists a question twice; a quiz asks each once")
        row_uuid = str(uuidlib.uuid4())

        def start(conn: Connection) -> Attempt:
            self._player_row(conn, player_id)
            now = self._now()
            result = conn.execute(insert(attempts).values(
                uuid=row_uuid, player_id=player_id, mode=mode, settings=settings_json,
                seed=seed, banks=_json(bank_list, "banks"), question_keys=_json(keys, "keys"),
                question_count=len(keys), started_at=now, ended_at=None, abandoned=0,
                client=self.client))
            return Attempt(result.inserted_primary_key[0], row_uuid, player_id, mode,
                           json.loads(settings_json), seed,
                           [(b["id"], date.fromisoformat(b["as_of"])) for b in bank_list],
                           keys, _utc(now), None, False, self.client)
        return self._transact(start)

    def record_answer(self, attempt_id: int, *, bank_id: str, question_id: str,
                      content_hash: str, response: Any, score: float, points: float,
                      max_points: float, seconds: float) -> bool:
        """Store one answer; committed to disk when this returns.

        Idempotent: the same question of the same quiz is stored once, so a double click or a
        retry after an error changes nothing (returns False; the first answer stays).
        Raises ``AttemptClosed`` for a new answer to a finished or abandoned quiz.
        """
        _text(bank_id, "bank_id", 80)
        _text(question_id, "question_id", 80)
        if not isinstance(content_hash, str) or len(content_hash) > 64:
            raise ValueError("content_hash must be text of at most 64 characters")
        response_json = _json(response, "the response")
        score = _finite(score, "score")
        points = _finite(points, "points")
        max_points = _finite(max_points, "max_points")
        seconds = _finite(seconds, "seconds")
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"score is the share of the question earned, 0..1, not {score}")
        if max_points < 0 or not 0 <= points <= max_points + 1e-9 or seconds < 0:
            raise ValueError(f"need 0 <= points ({points}) <= max_points ({max_points}) "
                             f"and seconds ({seconds}) >= 0")
        points = min(points, max_points)
        key = (answers.c.attempt_id == attempt_id, answers.c.bank_id == bank_id,
               answers.c.question_id == question_id)

        def record(conn: Connection) -> bool:
            existing = conn.execute(select(answers.c.response).where(*key)).first()
            if existing is not None:
                if existing.response != response_json:
                    log.warning("answer to %s/%s in quiz %s recorded already; kept the first",
                                bank_id, question_id, attempt_id)
                return False
            state = conn.execute(select(attempts.c.ended_at, attempts.c.abandoned)
                                 .where(attempts.c.id == attempt_id)).first()
            if state is None:
                raise NotFound(f"No quiz with id {attempt_id}.")
            if state.ended_at is not None or state.abandoned:
                raise AttemptClosed(f"Quiz {attempt_id} is already "
                                    f"{'abandoned' if state.abandoned else 'finished'}.")
            conn.execute(insert(answers).values(
                attempt_id=attempt_id, bank_id=bank_id, question_id=question_id,
                content_hash=content_hash, response=response_json, score=score, points=points,
                max_points=max_points, seconds=seconds, answered_at=self._now()))
            return True
        try:
            return self._transact(record)
        except IntegrityError:
            # Another connection stored it between our check and insert (servers only).
            if self._query(lambda c: c.execute(select(answers.c.id).where(*key)).first()):
                return False
            raise

    def finish_attempt(self, attempt_id: int) -> None:
        """Mark a quiz finished. Finishing it again changes nothing."""
        self._end_row(attempts, attempt_id, abandon=False, what="quiz", closed=AttemptClosed)

    def abandon_attempt(self, attempt_id: int) -> None:
        """Give up a quiz: kept in the history, no longer offered for resuming."""
        self._end_row(attempts, attempt_id, abandon=True, what="quiz", closed=AttemptClosed)

    def _end_row(self, table: Table, row_id: int, *, abandon: bool, what: str,
                 closed: type[StoreError]) -> None:
        """Finish or abandon a quiz or a show (``table`` has ``ended_at`` and ``abandoned``).
        Doing the same again changes nothing; the other raises ``closed``."""
        def end(conn: Connection) -> None:
            row = conn.execute(select(table.c.ended_at, table.c.abandoned)
                               .where(table.c.id == row_id)).first()
            if row is None:
                raise NotFound(f"No {what} with id {row_id}.")
            if row.ended_at is not None:
                if bool(row.abandoned) == abandon:
                    return
                raise closed(f"{what.capitalize()} {row_id} is already "
                             f"{'abandoned' if row.abandoned else 'finished'}.")
            conn.execute(update(table).where(table.c.id == row_id)
                         .values(ended_at=self._now(), abandoned=int(abandon)))
        self._transact(end)

    def attempt(self, attempt_id: int) -> Attempt:
        row = self._query(lambda c: c.execute(
            select(attempts).where(attempts.c.id == attempt_id)).first())
        if row is None:
            raise NotFound(f"No quiz with id {attempt_id}.")
        return self._attempt(row)

    def unfinished_attempt(self, player_id: int) -> Attempt | None:
        """The player's latest quiz that was neither finished nor abandoned: to resume."""
        row = self._query(lambda c: c.execute(
            select(attempts).where(attempts.c.player_id == player_id,
                                   attempts.c.ended_at.is_(None), attempts.c.abandoned == 0)
            .order_by(attempts.c.started_at.desc(), attempts.c.id.desc()).limit(1)).first())
        return None if row is None else self._attempt(row)

    @staticmethod
    def _attempt(row: Any) -> Attempt:
        return Attempt(
            id=row.id, uuid=row.uuid, player_id=row.player_id, mode=row.mode,
            settings=json.loads(row.settings), seed=int(row.seed),
            banks=[(b["id"], date.fromisoformat(b["as_of"])) for b in json.loads(row.banks)],
            question_keys=[(b, q) for b, q in json.loads(row.question_keys)],
            started_at=_utc(row.started_at), ended_at=_utc(row.ended_at),
            abandoned=bool(row.abandoned), client=row.client)

    def answers(self, attempt_id: int) -> list[AnswerRow]:
        """The quiz's answers in the order they were given."""
        rows = self._query(lambda c: c.execute(
            select(answers).where(answers.c.attempt_id == attempt_id)
            .order_by(answers.c.id)).all())
        return [self._answer(r) for r in rows]

    @staticmethod
    def _answer(row: Any) -> AnswerRow:
        return AnswerRow(row.id, row.attempt_id, row.bank_id, row.question_id,
                         row.content_hash, json.loads(row.response), row.score, row.points,
                         row.max_points, row.seconds, _utc(row.answered_at))

    def iter_answer_log(self, player_id: int | None = None) -> Iterator[LoggedAnswer]:
        """Every answer (of one player, or all) with its quiz and player, oldest first.

        Reads in one snapshot; close the iterator (or use it up) to end the read.
        """
        q = (select(answers, attempts.c.uuid.label("attempt_uuid"), attempts.c.mode,
                    players.c.id.label("pid"), players.c.name.label("player_name"))
             .join_from(answers, attempts, attempts.c.id == answers.c.attempt_id)
             .join(players, players.c.id == attempts.c.player_id)
             .order_by(answers.c.id))
        if player_id is not None:
            q = q.where(attempts.c.player_id == player_id)
        try:
            with self._read() as conn:
                result = conn.execution_options(yield_per=1000).execute(q)
                for row in result:
                    yield LoggedAnswer(self._answer(row), row.attempt_uuid, row.mode, row.pid,
                                       row.player_name)
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    # --- history and charts -----------------------------------------------------------------

    def attempts(self, player_id: int | None = None, *, include_unfinished: bool = False,
                 mode: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[AttemptSummary]:
        """The history, newest first: finished quizzes (also unfinished and abandoned ones
        with ``include_unfinished``), of one player or all, with totals from the answers.
        ``limit``/``offset`` give one page."""
        t, a = attempts, answers
        wanted = []
        if player_id is not None:
            wanted.append(t.c.player_id == player_id)
        if not include_unfinished:
            wanted += [t.c.ended_at.is_not(None), t.c.abandoned == 0]
        if mode is not None:
            wanted.append(t.c.mode == mode)
        if limit is not None:
            # The page's quizzes first (newest first, by index), then only their answers.
            page = (select(t.c.id).where(*wanted)
                    .order_by(t.c.started_at.desc(), t.c.id.desc()).limit(limit).offset(offset))
            wanted = [t.c.id.in_(page.scalar_subquery())]
        q = (select(t.c.id, t.c.uuid, t.c.player_id, players.c.name, t.c.started_at,
                    t.c.ended_at, t.c.abandoned, t.c.mode, t.c.banks, t.c.question_count,
                    t.c.client,
                    func.count(a.c.id).label("answered"),
                    func.coalesce(func.sum(a.c.points), 0.0).label("points"),
                    func.coalesce(func.sum(a.c.max_points), 0.0).label("max_points"),
                    func.coalesce(func.sum(a.c.seconds), 0.0).label("seconds"))
             .select_from(t)
             .join(players, players.c.id == t.c.player_id)
             .outerjoin(a, a.c.attempt_id == t.c.id)
             .where(*wanted)
             # started_at first: the groups then come in index order, with no sort.
             .group_by(t.c.started_at, t.c.id, players.c.id)
             .order_by(t.c.started_at.desc(), t.c.id.desc()))
        rows = self._query(lambda c: c.execute(q).all())
        return [AttemptSummary(
            id=r.id, uuid=r.uuid, player_id=r.player_id, player_name=r.name,
            started_at=_utc(r.started_at), ended_at=_utc(r.ended_at),
            abandoned=bool(r.abandoned), mode=r.mode,
            bank_ids=[b["id"] for b in json.loads(r.banks)], questions=r.question_count,
            answered=int(r.answered), points=float(r.points), max_points=float(r.max_points),
            percent=_percent(float(r.points), float(r.max_points)), seconds=float(r.seconds),
            client=r.client) for r in rows]

    def score_over_time(self, player_id: int | None, *, mode: str | None = None,
                        limit: int | None = None) -> list[ScorePoint]:
        """Finished quizzes, oldest first (the latest ``limit`` of them if given)."""
        rows = self.attempts(player_id, mode=mode, limit=limit)
        return [ScorePoint(r.id, r.started_at, r.ended_at, r.mode, r.answered, r.points,
                           r.max_points, r.percent) for r in reversed(rows)]

    def _question_stats(self, player_id: int | None) -> Any:
        """Per question answered: answers, summed score, misses, and the latest answer."""
        a, t = answers, attempts
        per = (select(a.c.bank_id, a.c.question_id, func.count().label("n"),
                      func.sum(a.c.score).label("total"),
                      func.sum(case((a.c.score < 1.0, 1), else_=0)).label("misses"),
                      func.max(a.c.id).label("last_id"))
               .join_from(a, t, t.c.id == a.c.attempt_id))
        if player_id is not None:
            per = per.where(t.c.player_id == player_id)
        per = per.group_by(a.c.bank_id, a.c.question_id).subquery("per")
        last = answers.alias("last")
        return (select(per.c.bank_id, per.c.question_id, per.c.n, per.c.total, per.c.misses,
                       last.c.score.label("latest"), last.c.answered_at, last.c.content_hash)
                .join_from(per, last, last.c.id == per.c.last_id))

    def mastery_by_bank(self, player_id: int | None) -> list[Mastery]:
        s = self._question_stats(player_id).subquery("s")
        q = (select(s.c.bank_id, func.count().label("questions"), func.sum(s.c.n).label("n"),
                    func.sum(s.c.total).label("total"), func.avg(s.c.latest).label("mastery"))
             .group_by(s.c.bank_id).order_by(s.c.bank_id))
        rows = self._query(lambda c: c.execute(q).all())
        return [Mastery(r.bank_id, int(r.questions), int(r.n), float(r.total) / int(r.n),
                        float(r.mastery)) for r in rows]

    def mastery_by_tag(self, player_id: int | None, tags_of: TagsOf) -> list[Mastery]:
        """Per tag; tags live in the banks, so ``tags_of`` maps (bank id, question id) to the
        question's tags (a mapping or a function). Questions it does not know are left out."""
        return self._group_stats(player_id, tags_of, many=True)

    def accuracy_by_type(self, player_id: int | None, type_of: TypeOf) -> list[Mastery]:
        """Per question type; ``type_of`` maps (bank id, question id) to the type."""
        return self._group_stats(player_id, type_of, many=False)

    def _group_stats(self, player_id: int | None, lookup: Any, *, many: bool) -> list[Mastery]:
        if callable(lookup):
            def groups_of(b: str, q: str) -> Any:
                return lookup(b, q)
        else:
            def groups_of(b: str, q: str) -> Any:
                return lookup.get((b, q))
        rows = self._query(lambda c: c.execute(self._question_stats(player_id)).all())
        acc: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
        for r in rows:
            found = groups_of(r.bank_id, r.question_id)
            if found is None:
                continue
            for key in (set(found) if many else {found}):
                item = acc[key]
                item[0] += 1
                item[1] += int(r.n)
                item[2] += float(r.total)
                item[3] += float(r.latest)
        return [Mastery(k, int(v[0]), int(v[1]), v[2] / v[1], v[3] / v[0])
                for k, v in sorted(acc.items())]

    def most_missed(self, player_id: int | None, limit: int = 10) -> list[MissedQuestion]:
        """The questions with the most lost score (sum of 1 - score), then the most misses."""
        s = self._question_stats(player_id).subquery("s")
        q = (select(s).where(s.c.misses > 0)
             .order_by((s.c.n - s.c.total).desc(), s.c.misses.desc(), s.c.answered_at.desc(),
                       s.c.bank_id, s.c.question_id)
             .limit(limit))
        rows = self._query(lambda c: c.execute(q).all())
        return [MissedQuestion(r.bank_id, r.question_id, int(r.n), int(r.misses),
                               float(r.total) / int(r.n), float(r.latest), _utc(r.answered_at),
                               r.content_hash) for r in rows]

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._query(lambda c: c.execute(
            select(settings.c.value).where(settings.c.key == key)).first())
        return default if row is None else json.loads(row.value)

    def set_setting(self, key: str, value: Any) -> None:
        _text(key, "a setting key", 200)
        value_json = _json(value, f"the setting {key!r}")

        def put(conn: Connection) -> None:
            done = conn.execute(update(settings).where(settings.c.key == key)
                                .values(value=value_json))
            if done.rowcount == 0:
                conn.execute(insert(settings).values(key=key, value=value_json))
        self._transact(put)

    def delete_setting(self, key: str) -> None:
        self._transact(lambda c: c.execute(delete(settings).where(settings.c.key == key)))

    # --- checks, backups, restore -----------------------------------------------------------

    def check(self, *, full: bool = True) -> list[str]:
        """"Check database": SQLite's ``integrity_check`` (``quick_check`` with
        ``full=False``) and foreign keys. An empty list means all is well."""
        if not self.is_sqlite:
            self._query(lambda c: c.execute(select(func.count()).select_from(players)))
            return []
        try:
            return self._pragma_check("integrity_check" if full else "quick_check")
        except DBAPIError as exc:
            if sq.is_corrupt(exc):
                return [str(exc.orig)]
            raise self._translate(exc) from exc

    def backups(self) -> list[Backup]:
        """The backups on disk, newest first."""
        return list_backups(self.backup_dir) if self.backup_dir else []

    def backup(self, reason: str = "manual") -> Path:
        """A verified copy of the database in the backups folder (online backup API).

        Written under a temporary name, checked with ``integrity_check``, then renamed; only
        then are old backups of the same reason rotated out, so the newest good one stays.
        """
        if self.db_path is None or self.backup_dir is None:
            raise StoreError("Backups are made of a SQLite file; a server database has its "
                             "own backups.")
        if not _REASON.match(reason):
            raise ValueError(f"a backup reason is lower-case letters, digits and '-': {reason!r}")
        folder = self.backup_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = self._clock().astimezone(UTC).strftime("%Y%m%d-%H%M%S.%f")
            final = folder / f"scores-{stamp}-{reason}.sqlite3"
            partial = folder / f".{final.name}.{os.getpid()}.partial"
            raw = self._engine.raw_connection()
            try:
                sq.copy_live_database(raw.driver_connection, partial)
            finally:
                raw.close()
            problems, _ = sq.check_file(partial)
            if problems:
                partial.unlink(missing_ok=True)
                raise self._corrupt(problems)
            os.replace(partial, final)
            sq.fsync_dir(folder)
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        except OSError as exc:
            with contextlib.suppress(OSError, UnboundLocalError):
                partial.unlink(missing_ok=True)
            raise StoreError(f"Could not write a backup in {folder}: {exc}") from exc
        log.info("score database backed up to %s", final)
        rotate_backups(folder)
        return final

    def _take_daily_backup(self) -> Path | None:
        if self.db_path is None:
            return None
        today = self._clock().astimezone(UTC).date()
        if any(b.reason == "daily" and b.created.date() == today for b in self.backups()):
            return None
        has_data = self._query(lambda c: c.execute(select(players.c.id).limit(1)).first())
        return self.backup("daily") if has_data else None

    def restore(self, backup_path: Path) -> Path:
        """Replace the database by a backup. The current file is renamed, never deleted;
        its new path is returned. Close other copies of QuizApp first."""
        if self.db_path is None:
            raise StoreError("Only a SQLite file can be restored from a backup.")
        verify_backup(Path(backup_path))
        self._engine.dispose()
        aside = _replace_with_backup(self.db_path, Path(backup_path), "replaced", self._clock)
        self._open()
        return aside

    @classmethod
    def restore_into(cls, data_dir: Path, backup_path: Path, **kwargs: Any) -> ScoreStore:
        """After ``CorruptDatabase``: put the damaged file aside, copy the backup in its place
        and open it (upgrading it if it is older)."""
        data_dir = Path(data_dir)
        verify_backup(Path(backup_path))
        _replace_with_backup(data_dir / DB_NAME, Path(backup_path), "damaged",
                             kwargs.get("clock"))
        return cls.open(data_dir, **kwargs)

    @classmethod
    def set_aside(cls, data_dir: Path, label: str = "damaged") -> Path | None:
        """Rename the database (with its -wal and -shm files) so the next open starts
        afresh; returns the new name, or None if there was no database."""
        return _set_aside(Path(data_dir) / DB_NAME, label, None)


def _percent(points: float, max_points: float) -> float | None:
    return 100.0 * points / max_points if max_points else None


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first."""
    found = []
    try:
        paths = list(Path(folder).iterdir())
    except OSError:  # no folder yet, or not readable: no backups to offer
        return []
    for path in paths:
        match = _BACKUP_NAME.match(path.name)
        if match:
            try:
                if not path.is_file():
                    continue
                size = path.stat().st_size  # another copy of the app may rotate it away
            except FileNotFoundError:
                continue
            created = datetime.strptime(match[1], "%Y%m%d-%H%M%S.%f").replace(tzinfo=UTC)
            found.append(Backup(path, match[2], created, size))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def rotate_backups(folder: Path, keep: int = KEEP_PER_REASON) -> list[Path]:
    """Delete all but the ``keep`` newest backups of each reason (pre-migration ones are all
    kept) and leftovers of interrupted backups. Returns what was deleted."""
    deleted = []
    by_reason: dict[str, list[Backup]] = defaultdict(list)
    for b in list_backups(folder):
        if not b.reason.startswith("pre-migration"):
            by_reason[b.reason].append(b)
    for group in by_reason.values():
        for old in group[keep:]:  # newest first: the first `keep` stay
            with contextlib.suppress(OSError):
                old.path.unlink()
                deleted.append(old.path)
    now = datetime.now().timestamp()
    for partial in Path(folder).glob(".*.partial"):
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime > 3600:
                partial.unlink()
                deleted.append(partial)
    return deleted


def verify_backup(path: Path) -> int:
    """The schema version of a good backup; ``BadBackup`` otherwise."""
    if not path.is_file():
        raise BadBackup(f"The backup {path} does not exist.")
    problems, version = sq.check_file(path)
    if problems:
        raise BadBackup(f"The backup {path} is damaged or not a QuizApp score database: "
                        f"{'; '.join(problems[:3])}")
    if version > SCHEMA_VERSION:
        raise BadBackup(f"The backup {path} was made by a newer QuizApp (version {version}).")
    return version


def _set_aside(db_path: Path, label: str,
               clock: Callable[[], datetime] | None) -> Path | None:
    if not db_path.exists() and not any(p.exists() for p in sq.companions(db_path)):
        return None
    now = (clock or (lambda: datetime.now(UTC)))().astimezone(UTC)
    aside = db_path.with_name(f"scores-{label}-{now:%Y%m%d-%H%M%S-%f}.sqlite3")
    try:
        # The log and index move with the file, so the set-aside copy opens as it was and a
        # stale log can never be replayed onto a restored file.
        for companion, target in zip(sq.companions(db_path), sq.companions(aside), strict=True):
            if companion.exists():
                os.replace(companion, target)
        if db_path.exists():
            os.replace(db_path, aside)
        sq.fsync_dir(db_path.parent)
    except OSError as exc:
        raise DatabaseUnreadable(f"Could not rename {db_path}: {exc}. Close every copy of "
                                 f"QuizApp and try again.", db_path) from exc
    return aside


def _replace_with_backup(db_path: Path, backup_path: Path, label: str,
                         clock: Callable[[], datetime] | None) -> Path | None:
    aside = _set_aside(db_path, label, clock)
    partial = db_path.with_name(f".{db_path.name}.{os.getpid()}.restoring")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with open(backup_path, "rb") as src, open(partial, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(partial, db_path)
        sq.fsync_dir(db_path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        kept = f" The previous file is kept as {aside}." if aside else ""
        raise StoreError(f"Could not copy the backup {backup_path} to {db_path}: {exc}."
                         + kept) from exc
    log.warning("score database restored from %s; previous file kept as %s", backup_path, aside)
    return aside

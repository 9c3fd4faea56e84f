"""What can go wrong with the score database, each said in words a teacher understands.

Every error the store raises on purpose is a ``StoreError``; the GUI can show ``str(error)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.core.store.models import Backup


class StoreError(Exception):
    """A problem with the score database."""


class NotFound(StoreError, LookupError):
    """No player or quiz with that id (it may have been deleted)."""


class DuplicateName(StoreError, ValueError):
    """Another player already has this name (names are compared ignoring case)."""


class AttemptClosed(StoreError):
    """The quiz was already finished or abandoned, so it takes no new answers."""


class DatabaseBusy(StoreError):
    """Another copy of QuizApp kept the database locked for too long."""


class DiskFull(StoreError):
    """There is no room left on the disk for the score database."""


class DatabaseUnreadable(StoreError):
    """The database file cannot be opened or written (permissions, missing drive, I/O error)."""

    def __init__(self, message: str, db_path: Path | None = None):
        super().__init__(message)
        self.db_path = db_path


class NotAQuizAppDatabase(DatabaseUnreadable):
    """The file is a SQLite database, but not one of QuizApp's."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer QuizApp; this one must not touch it."""

    def __init__(self, message: str, version: int, supported: int):
        super().__init__(message)
        self.version = version
        self.supported = supported


class MigrationFailed(StoreError):
    """Upgrading the database failed; it is left as it was, and a backup was made first."""

    def __init__(self, message: str, backup: Path | None):
        super().__init__(message)
        self.backup = backup


class BadBackup(StoreError):
    """A backup file is damaged or not a QuizApp score database."""


class CorruptDatabase(StoreError):
    """The score database is damaged. It is not used: restore a backup or set the file aside.

    ``problems`` are SQLite's findings; ``backups`` are the backups on disk, newest first
    (``ScoreStore.restore_into(data_dir, error.backups[0].path)``).
    """

    def __init__(self, message: str, db_path: Path | None, problems: list[str],
                 backups: list[Backup]):
        super().__init__(message)
        self.db_path = db_path
        self.problems = problems
        self.backups = backups


class ShowClosed(StoreError):
    """The quiz show was already finished or abandoned, so its marks can no longer change."""

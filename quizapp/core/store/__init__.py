"""The score store: players, quizzes and answers that are never lost.

``ScoreStore.open(data_dir)`` is the entry point; see ``docs/store.md``.
"""

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
    ShowClosed,
    StoreError,
)
from quizapp.core.store.models import (
    AnswerRow,
    Attempt,
    AttemptSummary,
    Backup,
    ClassGrid,
    GridAttempt,
    GridQuiz,
    LoggedAnswer,
    Mastery,
    MissedQuestion,
    Player,
    QuestionMarks,
    RosterImport,
    SchoolClass,
    ScorePoint,
    ShowRecord,
    ShowResults,
    ShowSummary,
    TeamScore,
)
from quizapp.core.store.schema import SCHEMA_VERSION
from quizapp.core.store.store import (
    DB_NAME,
    ScoreStore,
    list_backups,
    rotate_backups,
    verify_backup,
)

__all__ = [
    "DB_NAME", "SCHEMA_VERSION", "AnswerRow", "Attempt", "AttemptClosed", "AttemptSummary",
    "Backup", "BadBackup", "CorruptDatabase", "DatabaseBusy", "DatabaseTooNew",
    "DatabaseUnreadable", "DiskFull", "DuplicateName", "LoggedAnswer", "Mastery",
    "MigrationFailed", "MissedQuestion", "NotAQuizAppDatabase", "NotFound", "Player",
    "ScorePoint", "ScoreStore", "StoreError", "list_backups", "rotate_backups", "verify_backup",
    "QuestionMarks", "ShowClosed", "ShowRecord", "ShowResults", "ShowSummary", "TeamScore",
    "ClassGrid", "GridAttempt", "GridQuiz", "RosterImport", "SchoolClass",
]

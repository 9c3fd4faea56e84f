"""The score store: players, quizzes and answers that are never lost.

``ScoreStore.open(data_dir)`` is the entry point; see ``docs/store.md``.

Names are imported from their modules on first use (PEP 562): the errors and the row classes
cost nothing, while ``ScoreStore`` brings SQLAlchemy, which the window must not wait for
before it first appears (docs/performance.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_ERRORS = ("AttemptClosed", "BadBackup", "CorruptDatabase", "DatabaseBusy", "DatabaseTooNew",
           "DatabaseUnreadable", "DiskFull", "DuplicateName", "MigrationFailed",
           "NotAQuizAppDatabase", "NotFound", "ShowClosed", "StoreError")
_MODELS = ("AnswerRow", "Attempt", "AttemptSummary", "Backup", "ClassGrid", "GridAttempt",
           "GridQuiz", "LoggedAnswer", "Mastery", "MissedQuestion", "Player", "QuestionMarks",
           "RosterImport", "SchoolClass", "ScorePoint", "ShowRecord", "ShowResults",
           "ShowSummary", "TeamScore")
_STORE = ("DB_NAME", "ScoreStore", "list_backups", "rotate_backups", "verify_backup")
_WHERE = {**dict.fromkeys(_ERRORS, "errors"), **dict.fromkeys(_MODELS, "models"),
          **dict.fromkeys(_STORE, "store"), "SCHEMA_VERSION": "schema"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what a type checker and an editor see
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

"""The plain values the store hands out. Times are timezone-aware, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Player:
    id: int
    name: str
    created: datetime
    nickname: str | None = None  # version 4: what classmates see in the list of names

    @property
    def shown_name(self) -> str:
        """The nickname if there is one, else the name."""
        return self.nickname or self.name


@dataclass(frozen=True, slots=True)
class Attempt:
    """One quiz as started: enough to resume it with the same questions in the same order."""

    id: int
    uuid: str
    player_id: int
    mode: str
    settings: dict[str, Any]
    seed: int
    banks: list[tuple[str, date]]  # (bank id, the bank's as_of) when the quiz started
    question_keys: list[tuple[str, str]]  # (bank id, question id), in the order asked
    started_at: datetime
    ended_at: datetime | None
    abandoned: bool
    client: str | None  # the computer and QuizApp version that ran it

    @property
    def status(self) -> str:
        """``"in progress"``, ``"finished"`` or ``"abandoned"``."""
        if self.abandoned:
            return "abandoned"
        return "in progress" if self.ended_at is None else "finished"


@dataclass(frozen=True, slots=True)
class AnswerRow:
    id: int
    attempt_id: int
    bank_id: str
    question_id: str
    content_hash: str
    response: Any
    score: float  # share of the question earned, 0..1
    points: float
    max_points: float
    seconds: float
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """An answer with its quiz and player, for exports."""

    answer: AnswerRow
    attempt_uuid: str
    mode: str
    player_id: int
    player_name: str


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One row of the history: totals derived from the stored answers."""

    id: int
    uuid: str
    player_id: int
    player_name: str
    started_at: datetime
    ended_at: datetime | None
    abandoned: bool
    mode: str
    bank_ids: list[str]
    questions: int  # how many questions the quiz has
    answered: int
    points: float
    max_points: float  # of the answered questions
    percent: float | None  # 100 * points / max_points; None when nothing was answered
    seconds: float  # time spent answering
    client: str | None

    @property
    def status(self) -> str:
        if self.abandoned:
            return "abandoned"
        return "in progress" if self.ended_at is None else "finished"


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One finished quiz on the score-over-time chart."""

    attempt_id: int
    started_at: datetime
    ended_at: datetime
    mode: str
    answered: int
    points: float
    max_points: float
    percent: float | None


@dataclass(frozen=True, slots=True)
class Mastery:
    """How well a group of questions (a bank, a tag, a question type) is known.

    ``accuracy`` is the mean score of every answer; ``mastery`` the mean score of the latest
    answer to each question, so it rises as a learner stops missing questions.
    """

    key: str
    questions: int
    answers: int
    accuracy: float
    mastery: float


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    bank_id: str
    question_id: str
    answers: int
    misses: int  # answers that did not earn the whole question
    accuracy: float  # mean score of the answers
    latest_score: float
    last_answered: datetime
    content_hash: str  # of the latest answer's question text


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    reason: str  # "daily", "manual", "pre-migration-v1", "pre-restore", ...
    created: datetime
    size: int


@dataclass(frozen=True, slots=True)
class ShowRecord:
    """One classroom quiz show as started: enough to resume it where it was."""

    id: int
    uuid: str
    settings: dict[str, Any]
    seed: int
    banks: list[tuple[str, date]]  # (bank id, the bank's as_of) when the show started
    question_keys: list[tuple[str, str]]  # (bank id, question id), in the order asked
    teams: list[str]  # in key order: the first team is key 1
    started_at: datetime
    ended_at: datetime | None
    abandoned: bool
    client: str | None

    @property
    def status(self) -> str:
        """``"in progress"``, ``"finished"`` or ``"abandoned"``."""
        if self.abandoned:
            return "abandoned"
        return "in progress" if self.ended_at is None else "finished"


@dataclass(frozen=True, slots=True)
class TeamScore:
    """A team's total in a show, added up from its stored marks."""

    position: int  # 0-based: the team's key in the show is position + 1
    name: str
    points: float
    correct: int  # questions marked right


@dataclass(frozen=True, slots=True)
class QuestionMarks:
    """The marks of one revealed question of a show."""

    position: int  # the question's place in the show's question_keys, 0-based
    bank_id: str
    question_id: str
    content_hash: str
    points: float  # what a right answer earned (doubled in the final round)
    doubled: bool
    correct: tuple[bool, ...]  # one per team, in team order
    marked_at: datetime  # the latest change


@dataclass(frozen=True, slots=True)
class ShowSummary:
    """One row of the list of past shows, with totals derived from the marks."""

    id: int
    uuid: str
    started_at: datetime
    ended_at: datetime | None
    abandoned: bool
    bank_ids: list[str]
    questions: int  # how many questions the show has
    revealed: int  # how many were revealed and marked
    teams: list[TeamScore]  # in team order
    client: str | None

    @property
    def status(self) -> str:
        if self.abandoned:
            return "abandoned"
        return "in progress" if self.ended_at is None else "finished"


@dataclass(frozen=True, slots=True)
class ShowResults:
    """A show with its teams' totals and every revealed question's marks, in order."""

    show: ShowRecord
    teams: list[TeamScore]
    questions: list[QuestionMarks]


@dataclass(frozen=True, slots=True)
class SchoolClass:
    """A teacher's class: a named list of players."""

    id: int
    name: str
    created: datetime
    members: int  # how many players are in it


@dataclass(frozen=True, slots=True)
class RosterImport:
    """What ``import_roster`` did, to tell the teacher."""

    added: tuple[Player, ...]  # new players, created for the class
    joined: tuple[Player, ...]  # players who existed already and joined the class
    already: tuple[Player, ...]  # already in the class: nothing to do
    nicknames: int  # nicknames given or changed
    problems: tuple[str, ...]  # what was left out, in plain words


@dataclass(frozen=True, slots=True)
class GridAttempt:
    """One finished quiz in a cell of the class grid, with totals from its answers."""

    attempt_id: int
    started_at: datetime
    ended_at: datetime
    questions: int
    answered: int
    points: float
    max_points: float  # of the answered questions
    percent: float | None  # 100 * points / max_points; None when nothing was answered


@dataclass(frozen=True, slots=True)
class GridQuiz:
    """A column of the class grid: the quizzes taken on the same banks in the same mode."""

    mode: str
    bank_ids: tuple[str, ...]  # sorted
    first_started: datetime  # the first time a student of the class took it
    attempts: int  # finished quizzes of the class in this column


@dataclass(frozen=True, slots=True)
class ClassGrid:
    """Students (rows) by quizzes (columns); each cell holds a student's finished quizzes of
    that column, oldest first."""

    school_class: SchoolClass
    students: tuple[Player, ...]  # sorted by name
    quizzes: tuple[GridQuiz, ...]  # by the first time the class took them
    cells: dict[tuple[int, int], tuple[GridAttempt, ...]]  # (player id, column) -> attempts

    def cell(self, player_id: int, column: int) -> tuple[GridAttempt, ...]:
        return self.cells.get((player_id, column), ())

"""The classroom quiz show: questions on a projector, teams, a countdown, reveal and scores.

One computer and a projector: the teams answer on cards or a whiteboard, the teacher reveals
the answer and marks which teams got it right. This module holds every rule and no Qt; the
windows in ``quizapp.gui.show`` show its state and call its verbs.

The states and the moves between them (``next()`` is Right/PageDown, ``back()`` Left/PageUp)::

    QUESTION --reveal() or next()--> REVEALED --next()--> SCOREBOARD --next()--> QUESTION (next)
    QUESTION --back()--> SCOREBOARD of the question before (nothing before the first question)
    SCOREBOARD after the last question --next()--> FINISHED (the podium)

``next()`` on a question reveals it, so a presentation clicker (which only has "next" and
"back") runs a whole show. A revealed answer is never hidden again: ``back()`` from a question
that is not yet revealed goes to the scoreboard before it; elsewhere it does nothing.

Marks: once a question is revealed (REVEALED, and on the SCOREBOARD that follows it) the
teacher toggles which teams got it right. Each toggle goes on an undo stack; ``undo()`` takes
back the latest toggle of the question being marked. A right answer earns the question's
``points`` from the bank, twice that in the double-points final round (the last
``final_round`` questions). Totals and places are derived from the marks every time.

Everything random comes from one recorded seed: the questions chosen, their order and the
order of their choices, so a show can be resumed exactly.
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quizapp.core.bank import AnyQuestion, Bank
from quizapp.core.scoring import expected_text
from quizapp.core.session import Item, NoQuestions, QuizSession, QuizSettings
from quizapp.core.store import ScoreStore, ShowRecord

COUNTDOWNS = (0, 10, 20, 30, 60)  # seconds; 0 is no countdown
MIN_TEAMS, MAX_TEAMS = 2, 8
TEAM_NAME_MAX = 40
DOUBLE = 2  # the final round's multiplier


class ShowState(StrEnum):
    QUESTION = "question"  # the question is shown; the answer is not
    REVEALED = "revealed"  # the answer, its explanation and source are shown
    SCOREBOARD = "scoreboard"  # the totals after the question just revealed
    FINISHED = "finished"  # the podium


def clean_team_name(name: str) -> str:
    """A team name as shown: spaces tidied, 1 to 40 characters, no control characters."""
    if not isinstance(name, str):
        raise ValueError("a team name must be text")
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ValueError("a team name cannot be empty")
    if len(name) > TEAM_NAME_MAX:
        raise ValueError(f"a team name can have at most {TEAM_NAME_MAX} characters: {name}")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValueError("a team name cannot contain control characters")
    return name


@dataclass(frozen=True)
class ShowSettings:
    """What the teacher chose in the setup dialog. JSON-able through ``as_dict``.

    ``count``: how many questions (None: every question of the banks). ``countdown``: seconds
    per question, one of ``COUNTDOWNS`` (0: none). ``final_round``: the last N questions count
    double (0: no final round; more than the show has: every question counts double).
    Raises ``ValueError`` with a plain message for anything that cannot be a show.
    """

    bank_ids: tuple[str, ...]
    teams: tuple[str, ...]
    count: int | None = 10
    countdown: int = 0
    final_round: int = 0
    shuffle: bool = True

    def __post_init__(self) -> None:
        if not self.bank_ids:
            raise ValueError("choose at least one bank")
        teams = tuple(clean_team_name(t) for t in self.teams)
        if not MIN_TEAMS <= len(teams) <= MAX_TEAMS:
            raise ValueError(f"a show needs {MIN_TEAMS} to {MAX_TEAMS} teams, "
                             f"not {len(teams)}")
        seen: set[str] = set()
        for team in teams:
            key = unicodedata.normalize("NFKC", team).casefold()
            if key in seen:
                raise ValueError(f"two teams are called {team}: give each its own name")
            seen.add(key)
        object.__setattr__(self, "teams", teams)
        object.__setattr__(self, "bank_ids", tuple(self.bank_ids))
        if self.count is not None and (isinstance(self.count, bool) or self.count < 1):
            raise ValueError("a show needs at least one question")
        if self.countdown not in COUNTDOWNS:
            raise ValueError(f"the countdown is one of {', '.join(map(str, COUNTDOWNS))} "
                             f"seconds, not {self.countdown}")
        if isinstance(self.final_round, bool) or self.final_round < 0:
            raise ValueError("the final round is a number of questions, 0 or more")

    def as_dict(self) -> dict[str, Any]:
        return {"bank_ids": list(self.bank_ids), "teams": list(self.teams), "count": self.count,
                "countdown": self.countdown, "final_round": self.final_round,
                "shuffle": self.shuffle}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], **changes: Any) -> ShowSettings:
        values = {"bank_ids": tuple(data.get("bank_ids", ())),
                  "teams": tuple(data.get("teams", ())), "count": data.get("count", 10),
                  "countdown": int(data.get("countdown", 0)),
                  "final_round": int(data.get("final_round", 0)),
                  "shuffle": bool(data.get("shuffle", True))}
        values.update(changes)
        return cls(**values)


@dataclass
class ShowItem:
    """One question of the show as the room sees it, with the marks of every team."""

    bank: Bank
    question: AnyQuestion
    choices: list[str]  # single/multiple: shown in this order, lettered A, B, C...
    items: list[str]  # order: the shuffled order shown, lettered
    options: list[str]  # match: the right-hand options shown, lettered
    doubled: bool  # in the double-points final round
    worth: float  # what a right answer earns
    marks: list[bool]  # one per team: marked right
    revealed: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank.id, self.question.id)

    @property
    def expected(self) -> str:
        return expected_text(self.question)


@dataclass(frozen=True)
class MarkAction:
    """One toggle of a team's mark, as kept on the undo stack."""

    question: int  # index in the show
    team: int  # 0-based
    before: bool
    after: bool


@dataclass(frozen=True)
class Standing:
    team: int  # 0-based; the team's key is team + 1
    name: str
    points: float
    correct: int  # questions marked right
    place: int  # 1 is first; teams with equal points share a place


def places(points: Sequence[float]) -> list[int]:
    """Competition ranking ("1224"): equal points share a place, and the next place is
    counted on (two first places, then third)."""
    rounded = [round(p, 6) for p in points]
    return [1 + sum(1 for other in rounded if other > mine) for mine in rounded]


@dataclass(frozen=True)
class StoredMarks:
    """A question's marks as the score store had them, for resuming."""

    points: float
    doubled: bool
    correct: tuple[bool, ...]


class Show:
    """One classroom quiz show: see the module's docstring for the states and the rules."""

    def __init__(self, items: Sequence[Item], settings: ShowSettings, seed: int, *,
                 carried: Sequence[float] | None = None):
        if not items:
            raise NoQuestions("a show needs at least one question")
        self.settings = settings
        self.seed = seed
        self.teams: tuple[str, ...] = settings.teams
        total = len(items)
        final = min(settings.final_round, total)
        self.items: list[ShowItem] = []
        for i, item in enumerate(items):
            doubled = i >= total - final
            self.items.append(ShowItem(
                item.bank, item.question, list(item.choices), list(item.items),
                list(item.options), doubled,
                float(item.question.points) * (DOUBLE if doubled else 1),
                [False] * len(self.teams)))
        # Points of questions marked before a resume that have left the banks since.
        self.carried = list(carried) if carried else [0.0] * len(self.teams)
        self.index = 0
        self.state = ShowState.QUESTION
        self._undo: list[MarkAction] = []

    @classmethod
    def start(cls, banks: Iterable[Bank], settings: ShowSettings,
              seed: int | None = None) -> Show:
        """A new show: ``settings.count`` questions of the chosen banks, in seeded order."""
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        session = QuizSession.start(banks, _quiz_settings(settings), seed)
        return cls(session.items, settings, seed)

    @classmethod
    def resume(cls, banks: Iterable[Bank], settings: ShowSettings, seed: int,
               keys: Sequence[tuple[str, str]],
               stored: Mapping[tuple[str, str], StoredMarks]) -> Show:
        """The show as it was: the same questions in the same order, the stored marks kept.

        It goes on from the scoreboard after the last revealed question (from the first
        question when none was revealed). Questions that have left the banks are left out;
        the points their marks earned still count. Raises ``NoQuestions`` when no question
        is left.
        """
        banks = list(banks)
        session = QuizSession.resume(banks, _quiz_settings(settings), seed, keys, {})
        carried = [0.0] * len(settings.teams)
        present = {item.key for item in session.items}
        for key, marks in stored.items():
            if tuple(key) not in present:
                for team, right in enumerate(marks.correct[:len(carried)]):
                    carried[team] += marks.points if right else 0.0
        show = cls(session.items, settings, seed, carried=carried)
        for index, item in enumerate(show.items):
            marks = stored.get(item.key)
            if marks is None:
                continue
            item.revealed = True
            item.worth, item.doubled = float(marks.points), bool(marks.doubled)
            flags = list(marks.correct[:len(show.teams)])
            item.marks = flags + [False] * (len(show.teams) - len(flags))
            show.index, show.state = index, ShowState.SCOREBOARD
        return show

    # --- where we are -----------------------------------------------------------------------

    @property
    def current(self) -> ShowItem:
        return self.items[self.index]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def position(self) -> int:
        """1-based number of the current question."""
        return self.index + 1

    @property
    def is_last(self) -> bool:
        return self.index + 1 >= self.total

    @property
    def next_item(self) -> ShowItem | None:
        """The question after the current one, for the presenter console."""
        return None if self.is_last else self.items[self.index + 1]

    @property
    def keys(self) -> list[tuple[str, str]]:
        return [item.key for item in self.items]

    @property
    def markable(self) -> bool:
        """Marks of the current question can change: it is revealed, and the show goes on."""
        return self.state in (ShowState.REVEALED, ShowState.SCOREBOARD)

    # --- moving through the show ------------------------------------------------------------

    def reveal(self) -> bool:
        """Show the answer of the current question. False when it was not hidden."""
        if self.state is not ShowState.QUESTION:
            return False
        self.current.revealed = True
        self.state = ShowState.REVEALED
        return True

    def next(self) -> ShowState:
        """One step on: reveal, then the scoreboard, then the next question or the podium."""
        if self.state is ShowState.QUESTION:
            self.reveal()
        elif self.state is ShowState.REVEALED:
            self.state = ShowState.SCOREBOARD
        elif self.state is ShowState.SCOREBOARD:
            if self.is_last:
                self.state = ShowState.FINISHED
            else:
                self.index += 1
                self.state = ShowState.QUESTION
        return self.state

    def back(self) -> bool:
        """From a question not yet revealed, back to the scoreboard before it."""
        if self.state is ShowState.QUESTION and self.index > 0:
            self.index -= 1
            self.state = ShowState.SCOREBOARD
            return True
        return False

    def finish(self) -> None:
        """End the show now (the bell rang): the podium, with the questions revealed so far."""
        self.state = ShowState.FINISHED

    # --- marks ------------------------------------------------------------------------------

    def toggle(self, team: int) -> MarkAction | None:
        """Mark a team right or not right for the current question, after its reveal.

        None (and nothing changes) before the reveal, after the show, or for a team that does
        not exist (key 7 with three teams).
        """
        if not self.markable or not 0 <= team < len(self.teams):
            return None
        item = self.current
        before = item.marks[team]
        item.marks[team] = not before
        action = MarkAction(self.index, team, before, not before)
        self._undo.append(action)
        return action

    def undo(self) -> MarkAction | None:
        """Take back the latest toggle of the question being marked; None if there is none."""
        if not self._undo or not self.markable or self._undo[-1].question != self.index:
            return None
        action = self._undo.pop()
        self.items[action.question].marks[action.team] = action.before
        return action

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and self.markable and self._undo[-1].question == self.index

    # --- scores -----------------------------------------------------------------------------

    def totals(self) -> list[float]:
        """Each team's points: the worth of every revealed question it was marked right on."""
        totals = list(self.carried)
        for item in self.items:
            if item.revealed:
                for team, right in enumerate(item.marks):
                    if right:
                        totals[team] += item.worth
        return totals

    def correct_counts(self) -> list[int]:
        return [sum(1 for item in self.items if item.revealed and item.marks[team])
                for team in range(len(self.teams))]

    def standings(self) -> list[Standing]:
        """The teams from most points to fewest; equal points share a place (in team order)."""
        totals, counts = self.totals(), self.correct_counts()
        ranks = places(totals)
        rows = [Standing(t, name, totals[t], counts[t], ranks[t])
                for t, name in enumerate(self.teams)]
        return sorted(rows, key=lambda s: (s.place, s.team))

    def podium(self) -> list[tuple[int, list[Standing]]]:
        """The places 1 to 3 that are taken, each with its teams: ``[(1, [...]), (3, [...])]``
        when two teams share first place."""
        steps: dict[int, list[Standing]] = {}
        for standing in self.standings():
            if standing.place <= 3:
                steps.setdefault(standing.place, []).append(standing)
        return sorted(steps.items())

    def revealed_count(self) -> int:
        return sum(1 for item in self.items if item.revealed)


def _quiz_settings(settings: ShowSettings) -> QuizSettings:
    return QuizSettings(bank_ids=settings.bank_ids, count=settings.count,
                        shuffle=settings.shuffle)


# --- the countdown ---------------------------------------------------------------------------


@dataclass
class Countdown:
    """A question's countdown, read from ``clock`` (seconds; tests give their own).

    ``seconds == 0`` is no countdown: it never runs and never ends.
    """

    seconds: float
    clock: Callable[[], float] = time.monotonic
    _left: float = field(init=False)
    _since: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._left = float(self.seconds)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    @property
    def running(self) -> bool:
        return self._since is not None and self.remaining() > 0

    def remaining(self) -> float:
        """Seconds left, never below 0."""
        if self._since is None:
            return max(0.0, self._left)
        return max(0.0, self._left - (self.clock() - self._since))

    @property
    def expired(self) -> bool:
        """Time is up."""
        return self.enabled and self.remaining() <= 0

    def start(self) -> None:
        """Run from where it stood; from the full time again once it has run out."""
        if not self.enabled or self._since is not None and not self.expired:
            return
        if self.expired:
            self._left = float(self.seconds)
        self._since = self.clock()

    def stop(self) -> None:
        """Pause, keeping the time left."""
        if self._since is not None:
            self._left = self.remaining()
            self._since = None

    def toggle(self) -> bool:
        """Start or stop (the T key); True when it runs afterwards."""
        if self.running:
            self.stop()
        else:
            self.start()
        return self.running

    def reset(self) -> None:
        """Back to the full time, stopped."""
        self._left = float(self.seconds)
        self._since = None


# --- the show in the score store --------------------------------------------------------------


def begin(store: ScoreStore, show: Show) -> ShowRecord:
    """Record a new show (``ScoreStore.start_show``) before its first question is shown."""
    banks = {item.bank.id: item.bank.as_of for item in show.items}
    return store.start_show(settings=show.settings.as_dict(), seed=show.seed,
                            banks=list(banks.items()), question_keys=show.keys,
                            teams=list(show.teams))


def save_marks(store: ScoreStore, show_id: int, show: Show, index: int | None = None) -> bool:
    """Store the marks of one revealed question (the current one by default); on disk when
    this returns."""
    item = show.items[show.index if index is None else index]
    if not item.revealed:
        raise ValueError("the question has not been revealed")
    return store.record_marks(show_id, bank_id=item.bank.id, question_id=item.question.id,
                              content_hash=item.question.content_hash, points=item.worth,
                              doubled=item.doubled, correct=list(item.marks))


def resume(store: ScoreStore, banks: Iterable[Bank], record: ShowRecord) -> Show:
    """The show of a stored ``ShowRecord`` as it stood. Raises ``NoQuestions`` when none of
    its questions is left in the banks."""
    results = store.show_results(record.id)
    stored = {(q.bank_id, q.question_id): StoredMarks(q.points, q.doubled, q.correct)
              for q in results.questions}
    settings = ShowSettings.from_dict(record.settings, teams=tuple(record.teams))
    return Show.resume(banks, settings, record.seed, record.question_keys, stored)

"""A quiz session: which questions, in which order, what was answered, and the score.

Everything random comes from one recorded seed, so a session can be replayed and resumed: the
questions chosen and the order of every question's choices depend only on the seed, the
settings and the banks.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from quizapp.core.bank import AnyQuestion, Bank, Match, Multiple, Order, Single
from quizapp.core.scoring import Mark, mark


class Mode(StrEnum):
    PRACTICE = "practice"  # feedback after each question
    EXAM = "exam"  # feedback only at the end


class State(StrEnum):
    ANSWERING = "answering"
    ANSWERED = "answered"
    FINISHED = "finished"


MAX_COUNT = 10_000
MAX_TIMER_SECONDS = 3600


@dataclass(frozen=True)
class QuizSettings:
    """What the learner chose on the setup screen. JSON-able through ``as_dict``."""

    bank_ids: tuple[str, ...]
    count: int | None = None  # None: every matching question
    tags: tuple[str, ...] = ()  # any of these; empty: all
    difficulties: tuple[str, ...] = ()  # any of these; empty: all
    shuffle: bool = True
    mode: Mode = Mode.PRACTICE
    timer: str = "off"  # "off", "question" or "quiz"
    timer_seconds: int = 0
    review: bool = False  # the questions due for review (quizapp.core.spaced), not a draw

    def as_dict(self) -> dict:
        data = {"bank_ids": list(self.bank_ids), "count": self.count, "tags": list(self.tags),
                "difficulties": list(self.difficulties), "shuffle": self.shuffle,
                "mode": self.mode.value, "timer": self.timer,
                "timer_seconds": self.timer_seconds}
        if self.review:
            data["review"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict) -> QuizSettings:
        """Settings from stored JSON; anything of the wrong type or out of range gives the
        default, so a hand-edited or older file never stops the app."""
        def texts(value) -> tuple[str, ...]:
            return tuple(v for v in value if isinstance(v, str)) \
                if isinstance(value, list) else ()

        def whole(value, low: int, high: int) -> int | None:
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                return value
            return None

        mode = data.get("mode")
        timer = data.get("timer")
        return cls(bank_ids=texts(data.get("bank_ids")), count=whole(data.get("count"), 1,
                                                                     MAX_COUNT),
                   tags=texts(data.get("tags")), difficulties=texts(data.get("difficulties")),
                   shuffle=data.get("shuffle") is not False,
                   mode=Mode(mode) if mode in ("practice", "exam") else Mode.PRACTICE,
                   timer=timer if timer in ("off", "question", "quiz") else "off",
                   timer_seconds=whole(data.get("timer_seconds"), 0, MAX_TIMER_SECONDS) or 0,
                   review=data.get("review") is True)


@dataclass
class Item:
    """One question of the quiz as this learner sees it."""

    bank: Bank
    question: AnyQuestion
    choices: list[str] = field(default_factory=list)  # single/multiple, shown in this order
    items: list[str] = field(default_factory=list)  # order: the starting (shuffled) order
    options: list[str] = field(default_factory=list)  # match: right-hand options offered
    response: object = None
    mark: Mark | None = None
    seconds: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank.id, self.question.id)

    @property
    def answered(self) -> bool:
        return self.mark is not None


class NoQuestions(ValueError):
    """The chosen banks and filters leave no question to ask."""


def select_questions(banks: Iterable[Bank], settings: QuizSettings,
                     seed: int) -> list[tuple[Bank, AnyQuestion]]:
    """The questions of a new quiz, in the order they will be asked."""
    wanted = set(settings.bank_ids)
    pool = [(bank, q) for bank in banks if bank.id in wanted for q in bank.questions
            if (not settings.tags or set(q.tags) & set(settings.tags))
            and (not settings.difficulties or q.difficulty in settings.difficulties)]
    if not pool:
        raise NoQuestions("no question matches the chosen banks, tags and difficulty")
    if settings.shuffle:
        random.Random(seed).shuffle(pool)
    if settings.count:
        pool = pool[:settings.count]
    return pool


def layout(bank: Bank, question: AnyQuestion, seed: int, shuffle: bool) -> Item:
    """How one question is shown; depends only on the seed and the question."""
    rng = random.Random(f"{seed}:{bank.id}:{question.id}")
    item = Item(bank, question)
    if isinstance(question, Single | Multiple):
        item.choices = list(question.choices)
        if shuffle:
            rng.shuffle(item.choices)
    elif isinstance(question, Order):
        item.items = list(question.items)
        while item.items == list(question.items):  # never start in the solved order
            rng.shuffle(item.items)
    elif isinstance(question, Match):
        item.options = list(question.pairs.values())
        rng.shuffle(item.options)
    return item


class QuizSession:
    """The learner's way through a quiz: submit, move on, finish.

    The GUI shows ``current``, calls ``submit(response)`` and then ``advance()``; in Practice
    mode it shows the returned ``Mark`` in between. Time is read from ``clock`` (seconds), which
    tests replace.
    """

    def __init__(self, items: Sequence[Item], settings: QuizSettings, seed: int, *,
                 clock: Callable[[], float] = time.monotonic):
        if not items:
            raise NoQuestions("a quiz needs at least one question")
        self.items = list(items)
        self.settings = settings
        self.seed = seed
        self._clock = clock
        self.index = 0
        self.state = State.ANSWERING
        self._shown_at = clock()
        self._skip_answered()

    @classmethod
    def start(cls, banks: Iterable[Bank], settings: QuizSettings, seed: int | None = None, *,
              clock: Callable[[], float] = time.monotonic) -> QuizSession:
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        chosen = select_questions(banks, settings, seed)
        items = [layout(b, q, seed, settings.shuffle) for b, q in chosen]
        return cls(items, settings, seed, clock=clock)

    @classmethod
    def resume(cls, banks: Iterable[Bank], settings: QuizSettings, seed: int,
               keys: Sequence[tuple[str, str]], answered: dict[tuple[str, str], tuple], *,
               clock: Callable[[], float] = time.monotonic) -> QuizSession:
        """The same quiz again: ``keys`` in their order, ``answered`` maps a key to
        ``(response, seconds)``. Questions no longer in the banks are left out."""
        by_key = {(b.id, q.id): (b, q) for b in banks for q in b.questions}
        items = []
        for key in keys:
            if tuple(key) not in by_key:
                continue
            item = layout(*by_key[tuple(key)], seed, settings.shuffle)
            if tuple(key) in answered:
                response, seconds = answered[tuple(key)]
                item.response, item.seconds = response, seconds
                item.mark = mark(item.question, response)
            items.append(item)
        return cls(items, settings, seed, clock=clock)

    # --- where we are ---------------------------------------------------------------------

    @property
    def current(self) -> Item:
        return self.items[self.index]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def position(self) -> int:
        """1-based number of the current question."""
        return self.index + 1

    @property
    def answered_count(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def points(self) -> float:
        return sum(item.mark.points for item in self.items if item.mark)

    @property
    def max_points(self) -> float:
        return float(sum(item.question.points for item in self.items))

    @property
    def answered_points(self) -> float:
        """The most that the answers so far could have earned."""
        return sum(item.mark.max_points for item in self.items if item.mark)

    @property
    def seconds(self) -> float:
        return sum(item.seconds for item in self.items)

    @property
    def keys(self) -> list[tuple[str, str]]:
        return [item.key for item in self.items]

    def missed(self) -> list[Item]:
        return [item for item in self.items if not (item.mark and item.mark.correct)]

    # --- what the learner does ---------------------------------------------------------------

    def submit(self, response: object) -> Mark:
        """Mark the current question. A second submit of the same question changes nothing."""
        if self.state is State.FINISHED:
            raise RuntimeError("the quiz is finished")
        item = self.current
        if item.mark is not None:
            return item.mark
        item.seconds = max(0.0, self._clock() - self._shown_at)
        item.response = response
        item.mark = mark(item.question, response)
        self.state = State.ANSWERED
        return item.mark

    def time_up(self) -> Mark:
        """The question's time ran out: whatever was not submitted counts as no answer."""
        return self.submit(None)

    def advance(self) -> bool:
        """Go to the next unanswered question. Return False once the quiz is finished."""
        if self.state is State.ANSWERING and not self.current.answered:
            raise RuntimeError("submit an answer before moving on")
        if self.index + 1 >= self.total or all(i.answered for i in self.items[self.index + 1:]):
            self.finish()
            return False
        self.index += 1
        self._skip_answered()
        self.state = State.ANSWERING
        self._shown_at = self._clock()
        return True

    def finish(self) -> None:
        """End the quiz now (the whole-quiz timer ran out, or the learner stopped)."""
        self.state = State.FINISHED

    def _skip_answered(self) -> None:
        while self.index < self.total - 1 and self.items[self.index].answered:
            self.index += 1
        if self.items[self.index].answered:
            self.state = State.FINISHED

    def retry_missed(self, seed: int | None = None) -> QuizSession:
        """A new quiz of the questions missed here, freshly shuffled."""
        missed = self.missed()
        if not missed:
            raise NoQuestions("nothing was missed")
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        order = list(missed)
        if self.settings.shuffle:
            random.Random(seed).shuffle(order)
        items = [layout(i.bank, i.question, seed, self.settings.shuffle) for i in order]
        return QuizSession(items, self.settings, seed, clock=self._clock)

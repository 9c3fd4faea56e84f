"""Score databases holding a few quizzes played through the real session and recording code,
for tests of the history, the review, the charts and the exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from quizapp.core import recording
from quizapp.core.bank import Bank
from quizapp.core.session import Item, Mode, QuizSession, QuizSettings
from quizapp.core.store import Attempt, ScoreStore


class StoreClock:
    """A clock for the store that moves one minute at every reading."""

    def __init__(self, start: datetime = datetime(2025, 9, 3, 8, 0, tzinfo=UTC)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class Ticks:
    """A session clock that moves ``step`` seconds at every reading."""

    def __init__(self, step: float = 5.0):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def right(item: Item) -> object:
    """A fully right response to the item's question."""
    q = item.question
    return {"single": lambda: q.answer, "multiple": lambda: list(q.answer),
            "true_false": lambda: q.answer, "short": lambda: q.answer[0],
            "numeric": lambda: str(q.answer), "order": lambda: list(q.items),
            "match": lambda: dict(q.pairs)}[q.type]()


def wrong(item: Item) -> object:
    """A response that earns nothing."""
    q = item.question
    if q.type == "single":
        return next(c for c in q.choices if c != q.answer)
    if q.type == "multiple":
        return [c for c in q.choices if c not in q.answer]
    if q.type == "true_false":
        return not q.answer
    if q.type == "short":
        return "nothing like it"
    if q.type == "numeric":
        return str(q.answer + 1000)
    if q.type == "order":
        return q.items[1:] + q.items[:1]  # every item one place off
    return {left: "?" for left in q.pairs}


def play(store: ScoreStore, player_id: int, banks: Iterable[Bank], *,
         bank_ids: tuple[str, ...] | None = None, seed: int = 1,
         is_right: Callable[[Item], bool] = lambda item: True, answer_count: int | None = None,
         end: str = "finish", mode: Mode = Mode.PRACTICE, shuffle: bool = False) -> Attempt:
    """Play one quiz and record it: the first ``answer_count`` questions (all when None),
    right where ``is_right(item)``; then ``end`` it: "finish", "abandon" or "" (left open)."""
    banks = list(banks)
    settings = QuizSettings(bank_ids or tuple(b.id for b in banks), shuffle=shuffle, mode=mode)
    session = QuizSession.start(banks, settings, seed, clock=Ticks())
    attempt = recording.begin(store, player_id, session)
    for n, item in enumerate(list(session.items)):
        if answer_count is not None and n >= answer_count:
            break
        session.submit(right(item) if is_right(item) else wrong(item))
        recording.record(store, attempt.id, item)
        session.advance()
    if end == "finish":
        store.finish_attempt(attempt.id)
    elif end == "abandon":
        store.abandon_attempt(attempt.id)
    return store.attempt(attempt.id)

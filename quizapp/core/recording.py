"""A quiz session kept in the score store: started, every answer, finished; and resumed.

These are the verbs the window calls; they join ``QuizSession`` and ``ScoreStore`` so the
window never touches either's details.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from quizapp.core.bank import Bank
from quizapp.core.session import Item, QuizSession, QuizSettings

if TYPE_CHECKING:  # the store's modules are imported when a store is opened
    from quizapp.core.store import Attempt, Player, ScoreStore


def player_named(store: ScoreStore, name: str) -> Player:
    """The player with this name (ignoring case), created on first use."""
    return store.find_player(name) or store.add_player(name)


def begin(store: ScoreStore, player_id: int, session: QuizSession) -> Attempt:
    """Record a new quiz before its first question is shown."""
    banks = {item.bank.id: item.bank.as_of for item in session.items}
    return store.start_attempt(
        player_id, mode=session.settings.mode.value, settings=session.settings.as_dict(),
        seed=session.seed, banks=list(banks.items()), question_keys=session.keys)


def record(store: ScoreStore, attempt_id: int, item: Item) -> bool:
    """Store one marked answer; it is on disk when this returns."""
    mark = item.mark
    if mark is None:
        raise ValueError("the question has not been answered")
    return store.record_answer(
        attempt_id, bank_id=item.bank.id, question_id=item.question.id,
        content_hash=item.question.content_hash, response=item.response, score=mark.score,
        points=mark.points, max_points=mark.max_points, seconds=item.seconds)


def resume(store: ScoreStore, banks: Iterable[Bank], attempt: Attempt, *,
           clock: Callable[[], float] = time.monotonic) -> QuizSession:
    """The quiz as it stood: same questions, same order, same shuffles, answers kept.

    Questions that have left the banks since are left out. Raises ``NoQuestions`` when none
    is left.
    """
    answered = {(a.bank_id, a.question_id): (a.response, a.seconds)
                for a in store.answers(attempt.id)}
    settings = QuizSettings.from_dict(attempt.settings)
    return QuizSession.resume(list(banks), settings, attempt.seed, attempt.question_keys,
                              answered, clock=clock)


CHANGED_NOTE = ("This question was edited after this answer was given; the score is the one "
                "it earned then.")


def review(store: ScoreStore, banks: Iterable[Bank], attempt_id: int) -> QuizSession:
    """Any stored quiz (finished, unfinished or abandoned) rebuilt to look at, question by
    question: same questions, same order, same shuffles, with every stored answer.

    The marks are the stored ones (what the history shows), not marked again, so a question
    edited since keeps the score it had; such an answer gets a note saying the question has
    changed. The session is finished: it is for reading, and nothing of it is recorded.
    Questions that have left the banks are left out; raises ``NoQuestions`` when none is left,
    and the store's ``NotFound`` for an unknown quiz.
    """
    attempt = store.attempt(attempt_id)
    stored = {(a.bank_id, a.question_id): a for a in store.answers(attempt.id)}
    session = QuizSession.resume(
        list(banks), QuizSettings.from_dict(attempt.settings), attempt.seed,
        attempt.question_keys,
        {key: (a.response, a.seconds) for key, a in stored.items()})
    for item in session.items:
        answer = stored.get(item.key)
        if answer is None or item.mark is None:
            continue
        changed = answer.content_hash != item.question.content_hash
        note = CHANGED_NOTE if changed else item.mark.note
        item.mark = replace(item.mark, score=answer.score, points=answer.points,
                            max_points=answer.max_points, note=note)
    session.finish()
    return session

"""Spaced review: which questions a learner should see again now, from their own answers.

Each question a learner has answered is a card of the FSRS scheduler (the ``fsrs`` package,
the algorithm Anki uses). Nothing is stored for it: the cards are rebuilt from the answer log
every time, replaying each answer as a review at the moment it was given (a right answer is
"good", a partly right one "hard", a wrong one "again"), so scores stay derived from answers
alone and a restored backup or a deleted quiz needs no repair. Replays are deterministic
(no fuzzing of intervals).

A question counts only with the answers given to its present wording: an answer recorded
under another content hash (the question was edited since) is left out, and a question whose
wording changed starts afresh. Questions of banks that are not loaded are not due.

Quizzes here are occasional, not a deck drilled in minutes, so there are no learning steps: a
first right answer brings a question back after about two days, a wrong one within hours, and
each further right answer pushes it further away.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from quizapp.core.bank import AnyQuestion, Bank

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from quizapp.core.session import QuizSession, QuizSettings
    from quizapp.core.store.models import LoggedAnswer

RIGHT, PARTLY = 1.0, 0.0  # a score of 1 is "good", above 0 "hard", 0 "again"


@dataclass(frozen=True)
class DueQuestion:
    bank: Bank
    question: AnyQuestion
    due: datetime  # when it became due (UTC)
    recall: float  # the scheduler's chance that the learner still knows it, 0..1
    answers: int  # how many answers to this wording were replayed


def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def cards(log: Iterable[LoggedAnswer], banks: Iterable[Bank],
          sched: Scheduler | None = None) -> dict[tuple[str, str], tuple[Card, int]]:
    """Each loaded question answered under its present wording: its card after replaying
    those answers, oldest first, and how many there were."""
    from fsrs import Card, Rating

    sched = sched or scheduler()
    wording = {(b.id, q.id): q.content_hash for b in banks for q in b.questions}
    replayed: dict[tuple[str, str], tuple[Card, int]] = {}
    for entry in log:
        answer = entry.answer
        key = (answer.bank_id, answer.question_id)
        if wording.get(key) != answer.content_hash:
            continue
        card, count = replayed.get(key) or (Card(card_id=len(replayed) + 1), 0)
        rating = (Rating.Good if answer.score >= RIGHT else
                  Rating.Hard if answer.score > PARTLY else Rating.Again)
        when = answer.answered_at if answer.answered_at.tzinfo else \
            answer.answered_at.replace(tzinfo=UTC)
        card, _review = sched.review_card(card, rating, review_datetime=when)
        replayed[key] = (card, count + 1)
    return replayed


def due_questions(log: Iterable[LoggedAnswer], banks: Sequence[Bank],
                  now: datetime | None = None) -> list[DueQuestion]:
    """The questions due at ``now`` (default: the present), least likely remembered first."""
    now = now or datetime.now(UTC)
    sched = scheduler()
    by_key = {(b.id, q.id): (b, q) for b in banks for q in b.questions}
    due = []
    for key, (card, count) in cards(log, banks, sched).items():
        if card.due <= now:
            bank, question = by_key[key]
            due.append(DueQuestion(bank, question, card.due,
                                   sched.get_card_retrievability(card, now), count))
    due.sort(key=lambda d: (d.recall, d.due, d.bank.id, d.question.id))
    return due


def review_session(due: Sequence[DueQuestion], settings: QuizSettings,
                   seed: int | None = None) -> QuizSession:
    """A practice quiz of the due questions, least likely remembered first: at most
    ``settings.count`` of them (all when None). Raises ``NoQuestions`` when none is due."""
    from quizapp.core.session import NoQuestions, QuizSession, layout

    if not due:
        raise NoQuestions("no question is due for review")
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    chosen = list(due)[:settings.count] if settings.count else list(due)
    items = [layout(d.bank, d.question, seed, settings.shuffle) for d in chosen]
    return QuizSession(items, settings, seed)

"""Spaced review: the questions due again, rebuilt from a learner's answers in a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core import spaced
from quizapp.core.loader import load_bank_text
from quizapp.core.session import NoQuestions, QuizSettings
from quizapp.core.store import ScoreStore
from tests.banktext import bank
from tests.scoredata import StoreClock, play

START = datetime(2025, 9, 3, 8, 0, tzinfo=UTC)
BANK = load_bank_text(bank())  # one question of each of the seven types
WRONG = {"q-single", "q-numeric"}


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(START), daily_backup=False) as s:
        yield s


def log_of(store, player_id):
    return list(store.iter_answer_log(player_id))


def due_ids(store, player_id, banks=(BANK,), at=START):
    return [d.question.id for d in spaced.due_questions(log_of(store, player_id), list(banks),
                                                        now=at)]


@pytest.fixture
def learner(store):
    """Zoë answered every question once on 3 September: two wrong, the others right."""
    zoe = store.add_player("Zoë")
    play(store, zoe.id, [BANK], shuffle=False, is_right=lambda item: item.question.id not in WRONG)
    return zoe


def test_nothing_is_due_before_anything_is_answered(store):
    zoe = store.add_player("Zoë")
    assert due_ids(store, zoe.id, at=START + timedelta(days=365)) == []
    with pytest.raises(NoQuestions):
        spaced.review_session([], QuizSettings(bank_ids=(BANK.id,)))


def test_missed_questions_come_back_first_and_known_ones_later(store, learner):
    assert due_ids(store, learner.id, at=START + timedelta(hours=2)) == []  # just answered
    next_day = due_ids(store, learner.id, at=START + timedelta(days=1, hours=1))
    assert sorted(next_day) == sorted(WRONG)  # a wrong answer: back the next day
    later = due_ids(store, learner.id, at=START + timedelta(days=3))
    assert sorted(later[:2]) == sorted(WRONG)  # least likely remembered first
    assert sorted(later) == sorted(q.id for q in BANK.questions)
    # Replaying the same answers gives the same schedule: nothing is random or stored.
    assert due_ids(store, learner.id, at=START + timedelta(days=3)) == later


def test_a_partly_right_answer_comes_back_sooner_than_a_right_one(store):
    zoe = store.add_player("Zoë")
    attempt = store.start_attempt(zoe.id, mode="practice", settings={}, seed=1,
                                  banks=[(BANK.id, BANK.as_of)],
                                  question_keys=[(BANK.id, "q-multiple"), (BANK.id, "q-match")])
    for question_id, score in (("q-multiple", 0.5), ("q-match", 1.0)):
        question = next(q for q in BANK.questions if q.id == question_id)
        store.record_answer(attempt.id, bank_id=BANK.id, question_id=question_id,
                            content_hash=question.content_hash, response=None, score=score,
                            points=score, max_points=1.0, seconds=5.0)
    cards = spaced.cards(log_of(store, zoe.id), [BANK])
    assert cards[(BANK.id, "q-multiple")][0].due < cards[(BANK.id, "q-match")][0].due


def test_each_right_answer_sends_a_question_further_away(store):
    zoe = store.add_player("Zoë")
    for day in (0, 3):  # two quizzes, three days apart, every answer right
        store._clock.now = START + timedelta(days=day)  # noqa: SLF001 - the test's clock
        play(store, zoe.id, [BANK], shuffle=False)
    cards = spaced.cards(log_of(store, zoe.id), [BANK])
    assert {count for _card, count in cards.values()} == {2}
    first_interval = timedelta(days=2)  # after one right answer (see the module)
    assert all(card.due - START - timedelta(days=3) > first_interval * 2
               for card, _ in cards.values())


def test_answers_to_an_older_wording_do_not_count(store, learner):
    edited = load_bank_text(bank().replace("Who represented Iran at the parade?",
                                           "Who represented Iran at the Beijing parade?"))
    later = START + timedelta(days=30)
    assert "q-single" in due_ids(store, learner.id, at=later)
    assert "q-single" not in due_ids(store, learner.id, banks=[edited], at=later)
    other = load_bank_text(bank(bank_id="another-bank"))
    assert due_ids(store, learner.id, banks=[other], at=later) == []  # not the bank answered


def test_a_review_is_a_practice_quiz_of_the_most_urgent(store, learner):
    due = spaced.due_questions(log_of(store, learner.id), [BANK],
                               now=START + timedelta(days=30))
    settings = QuizSettings(bank_ids=(BANK.id,), count=3, review=True)
    session = spaced.review_session(due, settings, seed=5)
    assert [i.question.id for i in session.items] == [d.question.id for d in due[:3]]
    assert session.settings.as_dict()["review"] is True
    assert QuizSettings.from_dict(session.settings.as_dict()).review


def test_a_review_left_midway_resumes_as_it_was(store, learner):
    from quizapp.core import recording
    from tests.scoredata import right

    due = spaced.due_questions(log_of(store, learner.id), [BANK],
                               now=START + timedelta(days=30))
    session = spaced.review_session(due, QuizSettings(bank_ids=(BANK.id,), review=True),
                                    seed=9)
    attempt = recording.begin(store, learner.id, session)
    session.submit(right(session.current))
    recording.record(store, attempt.id, session.current)  # then the power goes
    again = recording.resume(store, [BANK], store.unfinished_attempt(learner.id))
    assert [i.key for i in again.items] == [i.key for i in session.items]
    assert again.answered_count == 1 and again.settings.review

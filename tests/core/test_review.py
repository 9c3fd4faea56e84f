"""Reviewing a stored quiz: the session rebuilt with every stored answer and its stored mark."""

from __future__ import annotations

import pytest

from quizapp.core import recording
from quizapp.core.loader import load_bank_text
from quizapp.core.session import NoQuestions, QuizSession, QuizSettings, State
from quizapp.core.store import NotFound, ScoreStore
from tests.banktext import bank
from tests.scoredata import StoreClock, play

BANK = load_bank_text(bank())


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False) as s:
        yield s


def test_a_finished_quiz_comes_back_as_it_was_played(store):
    ana = store.add_player("Ana")
    attempt = play(store, ana.id, [BANK], seed=5, shuffle=True,
                   is_right=lambda item: item.question.type != "short")
    played = QuizSession.start([BANK], QuizSettings(("test-bank",), shuffle=True), 5)
    session = recording.review(store, [BANK], attempt.id)
    assert session.keys == attempt.question_keys == played.keys
    assert [i.choices for i in session.items] == [i.choices for i in played.items]
    assert session.state is State.FINISHED
    assert session.answered_count == 7
    assert [i.question.type for i in session.missed()] == ["short"]
    stored = {(a.bank_id, a.question_id): a for a in store.answers(attempt.id)}
    for item in session.items:
        assert item.response == stored[item.key].response
        assert item.seconds == stored[item.key].seconds
    summary = store.attempts()[0]
    assert (session.points, session.answered_points) == (summary.points, summary.max_points)


def test_unfinished_and_abandoned_quizzes_can_be_reviewed_and_are_not_changed(store):
    ana = store.add_player("Ana")
    open_one = play(store, ana.id, [BANK], answer_count=3, end="")
    given_up = play(store, ana.id, [BANK], answer_count=2, end="abandon", seed=2)
    for attempt, answered in ((open_one, 3), (given_up, 2)):
        session = recording.review(store, [BANK], attempt.id)
        assert session.state is State.FINISHED
        assert session.answered_count == answered and session.total == 7
        assert [i.answered for i in session.items] == [True] * answered + [False] * (7 - answered)
    # Looking at a quiz never ends it or adds to it.
    assert store.attempt(open_one.id).status == "in progress"
    assert len(store.answers(open_one.id)) == 3
    assert store.unfinished_attempt(ana.id).id == open_one.id


def test_the_stored_mark_stays_when_the_question_was_edited_since(store):
    ana = store.add_player("Ana")
    attempt = play(store, ana.id, [BANK], bank_ids=("test-bank",))
    # The author changed the answer of the single-choice question afterwards.
    edited = load_bank_text(bank().replace("answer: Masoud Pezeshkian",
                                           "answer: Ebrahim Raisi"))
    session = recording.review(store, [edited], attempt.id)
    single = next(i for i in session.items if i.question.type == "single")
    assert single.mark.correct and single.mark.points == 1.0
    assert single.mark.note == recording.CHANGED_NOTE
    assert single.mark.expected == "Ebrahim Raisi"  # what the bank says now
    others = [i for i in session.items if i is not single]
    assert all(i.mark.note == "" for i in others)


def test_questions_gone_from_the_banks_are_left_out(store):
    ana = store.add_player("Ana")
    attempt = play(store, ana.id, [BANK])
    smaller = load_bank_text(bank("single", "true_false"))
    session = recording.review(store, [smaller], attempt.id)
    assert [q for _b, q in session.keys] == ["q-single", "q-tf"]
    other = load_bank_text(bank("single", bank_id="other"))
    with pytest.raises(NoQuestions):
        recording.review(store, [other], attempt.id)
    with pytest.raises(NotFound):
        recording.review(store, [BANK], attempt.id + 100)

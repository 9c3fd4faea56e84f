"""Quiz sessions: selection, seeded shuffles, states, timing, resume and retry."""

from __future__ import annotations

import pytest

from quizapp.core.loader import load_bank_text
from quizapp.core.session import Mode, NoQuestions, QuizSession, QuizSettings, State
from tests.banktext import bank

BANK = load_bank_text(bank())
OTHER = load_bank_text(bank("single", "true_false", bank_id="other").replace(
    "    source: src\n", "    source: src\n    difficulty: hard\n    tags: [iran]\n", 1))


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def answer_right(item):
    q = item.question
    return {"single": lambda: q.answer, "multiple": lambda: list(q.answer),
            "true_false": lambda: q.answer, "short": lambda: q.answer[0],
            "numeric": lambda: str(q.answer), "order": lambda: list(q.items),
            "match": lambda: dict(q.pairs)}[q.type]()


def test_a_whole_quiz_in_order():
    clock = Clock()
    session = QuizSession.start([BANK], QuizSettings(("test-bank",), shuffle=False), seed=1,
                                clock=clock)
    assert (session.position, session.total, session.state) == (1, 7, State.ANSWERING)
    while True:
        clock.now += 3
        result = session.submit(answer_right(session.current))
        assert result.correct and session.state is State.ANSWERED
        if not session.advance():
            break
    assert session.state is State.FINISHED
    assert (session.points, session.max_points, session.seconds) == (7.0, 7.0, 21.0)
    assert session.missed() == []


def test_the_same_seed_gives_the_same_quiz_and_another_seed_another():
    settings = QuizSettings(("test-bank", "other"))
    one = QuizSession.start([BANK, OTHER], settings, seed=42)
    two = QuizSession.start([BANK, OTHER], settings, seed=42)
    assert one.keys == two.keys
    assert [i.choices for i in one.items] == [i.choices for i in two.items]
    others = {tuple(QuizSession.start([BANK, OTHER], settings, seed=s).keys) for s in range(20)}
    assert len(others) > 5


def test_order_questions_never_start_solved():
    for seed in range(30):
        session = QuizSession.start([BANK], QuizSettings(("test-bank",)), seed=seed)
        item = next(i for i in session.items if i.question.type == "order")
        assert item.items != item.question.items
        assert sorted(item.items) == sorted(item.question.items)


def test_filters_by_count_tags_and_difficulty():
    both = [BANK, OTHER]
    assert QuizSession.start(both, QuizSettings(("test-bank", "other"), count=3), 1).total == 3
    tagged = QuizSession.start(both, QuizSettings(("test-bank", "other"), tags=("iran",)), 1)
    assert tagged.keys == [("other", "q-single")]
    hard = QuizSession.start(both, QuizSettings(("test-bank", "other"), difficulties=("hard",)),
                             1)
    assert hard.keys == [("other", "q-single")]
    with pytest.raises(NoQuestions):
        QuizSession.start(both, QuizSettings(("test-bank",), tags=("nothing",)), 1)


def test_submit_twice_counts_once_and_advance_needs_an_answer():
    session = QuizSession.start([BANK], QuizSettings(("test-bank",), shuffle=False), seed=1)
    with pytest.raises(RuntimeError):
        session.advance()
    session.submit("Ebrahim Raisi")
    assert session.submit("Masoud Pezeshkian").score == 0.0
    assert session.points == 0.0


def test_time_up_counts_as_no_answer():
    session = QuizSession.start([BANK], QuizSettings(("test-bank",), shuffle=False), seed=1)
    result = session.time_up()
    assert result.score == 0.0 and session.current.response is None


def test_resume_continues_where_it_stopped():
    settings = QuizSettings(("test-bank",), mode=Mode.EXAM)
    first = QuizSession.start([BANK], settings, seed=7)
    first.submit(answer_right(first.current))
    first.advance()
    first.submit("wrong")
    answered = {i.key: (i.response, i.seconds) for i in first.items if i.answered}
    again = QuizSession.resume([BANK], settings, 7, first.keys, answered)
    assert again.keys == first.keys
    assert [i.choices for i in again.items] == [i.choices for i in first.items]
    assert again.position == 3 and again.answered_count == 2
    assert again.points == first.points


def test_retry_the_missed_ones():
    session = QuizSession.start([BANK], QuizSettings(("test-bank",)), seed=3)
    missed = set()
    while True:
        item = session.current
        if item.question.type in ("short", "match"):
            session.submit(None)
            missed.add(item.key)
        else:
            session.submit(answer_right(item))
        if not session.advance():
            break
    retry = session.retry_missed(seed=4)
    assert set(retry.keys) == missed and retry.total == 2

"""The same store on PostgreSQL: the SQL stays portable.

Runs only when ``QUIZAPP_PG_URL`` names a THROWAWAY database (its QuizApp tables are dropped),
e.g. ``postgresql+psycopg://user@/quizapp_test?host=/tmp&port=5432``, and a driver is
installed. Skipped otherwise.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from quizapp.core.store import AttemptClosed, DuplicateName, ScoreStore, ShowClosed
from quizapp.core.store.schema import (
    SCHEMA_VERSION,
    V2_INDEXES,
    V3_TABLES,
    V4_TABLES,
    metadata,
)

URL = os.environ.get("QUIZAPP_PG_URL")
pytestmark = pytest.mark.skipif(not URL, reason="QUIZAPP_PG_URL is not set")


@pytest.fixture
def engine():
    engine = create_engine(URL)
    metadata.drop_all(engine)
    yield engine
    metadata.drop_all(engine)
    engine.dispose()


def test_every_call_works_on_postgresql(engine):
    store = ScoreStore(engine)
    assert store.db_path is None and not store.is_sqlite
    ann, bo = store.add_player("Zoë"), store.add_player("Bo")
    with pytest.raises(DuplicateName):
        store.add_player("ZOË")
    attempt = store.start_attempt(ann.id, mode="exam", settings={"x": 1}, seed=2**62,
                                  banks=[("b", date(2025, 9, 3))],
                                  question_keys=[("b", "q1"), ("b", "q2")])
    for qid, score in (("q1", 1.0), ("q2", 0.5)):
        assert store.record_answer(attempt.id, bank_id="b", question_id=qid, content_hash="h",
                                   response={"k": "평양"}, score=score, points=2 * score,
                                   max_points=2.0, seconds=1.5)
    assert not store.record_answer(attempt.id, bank_id="b", question_id="q1",
                                   content_hash="h", response="again", score=1.0, points=2.0,
                                   max_points=2.0, seconds=1.0)
    assert store.unfinished_attempt(ann.id).seed == 2**62
    store.finish_attempt(attempt.id)
    with pytest.raises(AttemptClosed):
        store.record_answer(attempt.id, bank_id="b", question_id="q3", content_hash="h",
                            response=None, score=0.0, points=0.0, max_points=1.0, seconds=1.0)
    [summary] = store.attempts()
    assert (summary.answered, summary.points, summary.max_points, summary.percent) == (
        2, 3.0, 4.0, 75.0)
    assert store.attempts(include_unfinished=True, limit=5) == [summary]
    assert store.score_over_time(ann.id)[0].percent == 75.0
    assert store.mastery_by_bank(None)[0].mastery == 0.75
    assert store.mastery_by_tag(ann.id, {("b", "q1"): ["t"]})[0].accuracy == 1.0
    assert store.accuracy_by_type(ann.id, lambda b, q: "single")[0].answers == 2
    assert [m.question_id for m in store.most_missed(ann.id)] == ["q2"]
    assert [a.response for a in store.answers(attempt.id)] == [{"k": "평양"}] * 2
    assert len(list(store.iter_answer_log(ann.id))) == 2
    store.set_setting("last", ann.id)
    store.set_setting("last", bo.id)
    assert store.get_setting("last") == bo.id
    assert store.check() == []
    store.delete_player(ann.id)
    assert store.attempts(include_unfinished=True) == []
    store.close()
    assert [p.name for p in ScoreStore(engine).players()] == ["Bo"]


def test_migration_from_version_1_on_postgresql(engine):
    ScoreStore(engine).close()
    with engine.begin() as conn:  # back to the version-1 shape
        for table in reversed(V4_TABLES):
            table.drop(conn)
        conn.execute(text("DROP INDEX ix_players_nickname_key"))
        conn.execute(text("ALTER TABLE players DROP COLUMN nickname"))
        conn.execute(text("ALTER TABLE players DROP COLUMN nickname_key"))
        for table in reversed(V3_TABLES):
            table.drop(conn)
        for index in V2_INDEXES:
            index.drop(conn)
        conn.execute(text("ALTER TABLE attempts DROP COLUMN client"))
        conn.execute(text("UPDATE schema_version SET version = 1"))
    store = ScoreStore(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() == \
            SCHEMA_VERSION
    player = store.add_player("Ann")
    attempt = store.start_attempt(player.id, mode="practice", settings={}, seed=1, banks=[],
                                  question_keys=[("b", "q1")])
    assert store.attempt(attempt.id).client
    show = store.start_show(settings={}, seed=1, banks=[], question_keys=[("b", "q1")],
                            teams=["Red", "Blue"])
    assert store.unfinished_show().id == show.id
    year9 = store.add_class("Year 9")
    store.set_members(year9.id, [player.id])
    assert store.set_nickname(player.id, "Annie").nickname == "Annie"
    assert [p.nickname for p in store.class_members(year9.id)] == ["Annie"]


def test_classes_on_postgresql(engine):
    store = ScoreStore(engine)
    ann = store.add_player("Ann")
    year9 = store.add_class("7학년 2반")
    with pytest.raises(DuplicateName):
        store.add_class("7학년 2반".upper())
    done = store.import_roster(year9.id, [("Zoë", "Zo"), ("ann", "Annie"), ("김민준", None)])
    assert [p.name for p in done.added] == ["Zoë", "김민준"]
    assert [p.name for p in done.joined] == ["Ann"] and done.nicknames == 2
    assert [(p.name, p.nickname) for p in store.class_members(year9.id)] == [
        ("Ann", "Annie"), ("Zoë", "Zo"), ("김민준", None)]
    with pytest.raises(DuplicateName):
        store.set_nickname(ann.id, "zo")
    attempt = store.start_attempt(ann.id, mode="exam", settings={}, seed=1,
                                  banks=[("b", date(2025, 9, 3))],
                                  question_keys=[("b", "q1"), ("b", "q2")])
    for qid, score in (("q1", 1.0), ("q2", 0.0)):
        store.record_answer(attempt.id, bank_id="b", question_id=qid, content_hash="h",
                            response="x", score=score, points=score, max_points=1.0,
                            seconds=2.0)
    store.finish_attempt(attempt.id)
    grid = store.class_grid(year9.id)
    assert [(q.mode, q.bank_ids) for q in grid.quizzes] == [("exam", ("b",))]
    assert grid.cell(ann.id, 0)[0].percent == 50.0
    assert len(list(store.iter_class_answer_log(year9.id, mode="exam"))) == 2
    assert store.count_results([ann.id]) == (1, 2)
    assert store.delete_results([ann.id]) == 1
    store.delete_class(year9.id)
    assert store.classes() == [] and len(store.players()) == 3
    store.close()


def test_quiz_shows_on_postgresql(engine):
    store = ScoreStore(engine)
    show = store.start_show(settings={"count": 2}, seed=2**62, banks=[("b", date(2025, 9, 3))],
                            question_keys=[("b", "q1"), ("b", "q2")],
                            teams=["Łódź", "평양", "Bears"])
    marks = {"bank_id": "b", "content_hash": "h", "doubled": False}
    assert store.record_marks(show.id, question_id="q1", points=1.5, correct=[True, False, True],
                              **marks)
    assert not store.record_marks(show.id, question_id="q1", points=1.5,
                                  correct=[True, False, True], **marks)
    assert store.record_marks(show.id, question_id="q2", points=4, correct=[True, True, False],
                              **{**marks, "doubled": True})
    results = store.show_results(show.id)
    assert [(t.name, t.points, t.correct) for t in results.teams] == [
        ("Łódź", 5.5, 2), ("평양", 4.0, 1), ("Bears", 1.5, 1)]
    assert [q.correct for q in results.questions] == [(True, False, True), (True, True, False)]
    store.finish_show(show.id)
    with pytest.raises(ShowClosed):
        store.record_marks(show.id, question_id="q1", points=1.5, correct=[False] * 3, **marks)
    [summary] = store.shows()
    assert (summary.revealed, summary.status, summary.teams[0].points) == (2, "finished", 5.5)
    assert store.unfinished_show() is None
    store.close()

"""Quiz shows in the score store: teams, marks per question, totals, resume and history."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.store import NotFound, ScoreStore, ShowClosed

KEYS = [("parade", "q1"), ("parade", "q2"), ("reactions", "r1")]
TEAMS = ["Lions", "Tigers", "Bears"]


class Clock:
    def __init__(self):
        self.now = datetime(2025, 9, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    with ScoreStore.open(tmp_path / "data", clock=Clock()) as s:
        yield s


def start(store: ScoreStore, teams=TEAMS, keys=KEYS, seed=5):
    return store.start_show(settings={"count": len(keys), "countdown": 20}, seed=seed,
                            banks=[("parade", date(2025, 9, 3)), ("reactions", date(2025, 9, 5))],
                            question_keys=keys, teams=teams)


def mark(store, show_id, key, correct, points=1.0, doubled=False, content_hash="h"):
    return store.record_marks(show_id, bank_id=key[0], question_id=key[1],
                              content_hash=content_hash, points=points, doubled=doubled,
                              correct=correct)


def test_a_new_show_is_stored_with_its_teams_in_order(store):
    show = start(store)
    again = store.show(show.id)
    assert again == show
    assert again.teams == TEAMS and again.question_keys == KEYS and again.seed == 5
    assert again.settings == {"count": 3, "countdown": 20}
    assert again.status == "in progress" and again.client
    assert store.unfinished_show() == show


@pytest.mark.parametrize("teams,message", [
    (["Solo"], "2 to 8 teams"),
    ([f"T{i}" for i in range(9)], "2 to 8 teams"),
    (["Red", "red"], "same name"),
    (["Red", ""], "team name"),
    (["Red", "x" * 41], "team name"),
])
def test_team_lists_that_cannot_be_a_show_are_refused(store, teams, message):
    with pytest.raises(ValueError, match=message):
        start(store, teams=teams)
    assert store.shows(include_unfinished=True) == []


def test_a_show_needs_questions_each_asked_once(store):
    with pytest.raises(ValueError, match="at least one"):
        start(store, keys=[])
    with pytest.raises(ValueError, match="twice"):
        start(store, keys=[KEYS[0], KEYS[0]])


def test_marks_are_committed_before_returning(store, tmp_path):
    show = start(store)
    assert mark(store, show.id, KEYS[0], [True, False, True], points=2.0) is True
    # Straight from the file, by another connection: it is there.
    conn = sqlite3.connect(tmp_path / "data" / "scores.sqlite3")
    rows = conn.execute("SELECT t.name, m.correct, m.points, m.position FROM show_marks m "
                        "JOIN show_teams t ON t.id = m.team_id ORDER BY t.position").fetchall()
    conn.close()
    assert rows == [("Lions", 1, 2.0, 0), ("Tigers", 0, 2.0, 0), ("Bears", 1, 2.0, 0)]


def test_recording_the_same_marks_twice_is_harmless(store):
    show = start(store)
    assert mark(store, show.id, KEYS[0], [True, False, False]) is True
    assert mark(store, show.id, KEYS[0], [True, False, False]) is False
    results = store.show_results(show.id)
    assert [q.correct for q in results.questions] == [(True, False, False)]
    assert [t.points for t in results.teams] == [1.0, 0.0, 0.0]


def test_a_corrected_mark_replaces_the_old_one(store):
    show = start(store)
    mark(store, show.id, KEYS[0], [True, False, False])
    assert mark(store, show.id, KEYS[0], [False, True, False]) is True
    results = store.show_results(show.id)
    assert [q.correct for q in results.questions] == [(False, True, False)]
    assert [(t.points, t.correct) for t in results.teams] == [(0.0, 0), (1.0, 1), (0.0, 0)]


def test_marks_need_a_question_of_the_show_and_one_flag_per_team(store):
    show = start(store)
    with pytest.raises(ValueError, match="not in show"):
        mark(store, show.id, ("parade", "q9"), [True, False, False])
    with pytest.raises(ValueError, match="3 teams"):
        mark(store, show.id, KEYS[0], [True, False])
    with pytest.raises(ValueError, match="points"):
        mark(store, show.id, KEYS[0], [True, False, False], points=-1)
    with pytest.raises(NotFound):
        mark(store, 999, KEYS[0], [True, False, False])
    assert store.show_results(show.id).questions == []


def test_totals_add_up_the_points_of_right_marks_including_doubles(store):
    show = start(store)
    mark(store, show.id, KEYS[0], [True, True, False], points=1.0)
    mark(store, show.id, KEYS[1], [False, True, False], points=1.5)
    mark(store, show.id, KEYS[2], [True, False, False], points=4.0, doubled=True)
    results = store.show_results(show.id)
    # Lions 1 + 4 = 5, Tigers 1 + 1.5 = 2.5, Bears 0.
    assert [(t.name, t.points, t.correct) for t in results.teams] == [
        ("Lions", 5.0, 2), ("Tigers", 2.5, 2), ("Bears", 0.0, 0)]
    assert [(q.position, q.question_id, q.points, q.doubled) for q in results.questions] == [
        (0, "q1", 1.0, False), (1, "q2", 1.5, False), (2, "r1", 4.0, True)]


def test_a_finished_show_takes_no_new_marks_but_a_repeat_is_harmless(store):
    show = start(store)
    mark(store, show.id, KEYS[0], [True, False, False])
    store.finish_show(show.id)
    store.finish_show(show.id)  # again: nothing changes
    assert mark(store, show.id, KEYS[0], [True, False, False]) is False
    with pytest.raises(ShowClosed):
        mark(store, show.id, KEYS[0], [False, False, False])
    with pytest.raises(ShowClosed):
        mark(store, show.id, KEYS[1], [False, False, False])
    with pytest.raises(ShowClosed):
        store.abandon_show(show.id)
    assert store.show(show.id).status == "finished" and store.unfinished_show() is None


def test_the_latest_unfinished_show_is_offered_and_abandoned_ones_are_not(store):
    first = start(store, seed=1)
    second = start(store, seed=2)
    assert store.unfinished_show().id == second.id
    store.abandon_show(second.id)
    assert store.unfinished_show().id == first.id
    store.finish_show(first.id)
    assert store.unfinished_show() is None
    with pytest.raises(NotFound):
        store.finish_show(12345)


def test_past_shows_list_totals_newest_first(store):
    first = start(store, seed=1)
    mark(store, first.id, KEYS[0], [True, False, False], points=2.0)
    mark(store, first.id, KEYS[1], [True, True, False], points=1.0)
    store.finish_show(first.id)
    second = start(store, teams=["A", "B"], seed=2)
    mark(store, second.id, KEYS[0], [False, True])
    third = start(store, teams=["X", "Y"], seed=3)
    store.abandon_show(third.id)

    finished = store.shows()
    assert [s.id for s in finished] == [first.id]
    [summary] = finished
    assert (summary.questions, summary.revealed, summary.status) == (3, 2, "finished")
    assert summary.bank_ids == ["parade", "reactions"]
    assert [(t.position, t.name, t.points, t.correct) for t in summary.teams] == [
        (0, "Lions", 3.0, 2), (1, "Tigers", 1.0, 1), (2, "Bears", 0.0, 0)]

    everything = store.shows(include_unfinished=True)
    assert [(s.id, s.status, s.revealed) for s in everything] == [
        (third.id, "abandoned", 0), (second.id, "in progress", 1), (first.id, "finished", 2)]
    assert [t.points for t in everything[0].teams] == [0.0, 0.0]  # no marks: zeros, not absent
    assert [s.id for s in store.shows(include_unfinished=True, limit=1, offset=1)] == [second.id]


def test_results_of_an_unknown_show(store):
    with pytest.raises(NotFound):
        store.show_results(7)
    with pytest.raises(NotFound):
        store.show(7)


def test_check_is_clean_after_a_show(store):
    show = start(store)
    for key in KEYS:
        mark(store, show.id, key, [True, False, True])
    store.finish_show(show.id)
    assert store.check() == []

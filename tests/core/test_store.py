"""The score store's API on real SQLite files: players, quizzes, answers, history, charts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.store import (
    AttemptClosed,
    DuplicateName,
    NotFound,
    ScoreStore,
)
from quizapp.core.store.store import clean_name

AS_OF = date(2025, 9, 3)
KEYS = [("parade", "q1"), ("parade", "q2"), ("parade", "q3"), ("reactions", "r1")]


class Clock:
    """A clock for the store that moves one second at every reading."""

    def __init__(self, start: datetime = datetime(2025, 9, 3, 8, 0, tzinfo=UTC)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    with ScoreStore.open(tmp_path / "data", clock=clock) as s:
        yield s


def start(store: ScoreStore, player_id: int, keys=KEYS, mode="practice", seed=7):
    return store.start_attempt(player_id, mode=mode, settings={"count": len(keys)}, seed=seed,
                               banks=[("parade", AS_OF), ("reactions", date(2025, 9, 5))],
                               question_keys=list(keys))


def answer(store: ScoreStore, attempt_id: int, key, score: float, points_each: float = 2.0,
           response="x", seconds: float = 3.0) -> bool:
    return store.record_answer(attempt_id, bank_id=key[0], question_id=key[1],
                               content_hash="h-" + key[1], response=response, score=score,
                               points=score * points_each, max_points=points_each,
                               seconds=seconds)


def raw_count(store: ScoreStore, table: str) -> int:
    conn = sqlite3.connect(store.db_path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# --- opening ---------------------------------------------------------------------------------


def test_open_creates_folders_and_a_wal_database_with_durable_settings(tmp_path):
    data = tmp_path / "deep" / "data"
    with ScoreStore.open(data) as s:
        assert s.db_path == data / "scores.sqlite3" and s.db_path.exists()
        with s.engine.connect() as conn:
            pragma = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                      for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")}
        assert pragma == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 10000,
                          "foreign_keys": 1}
        assert s.check() == []


def test_journal_mode_can_be_overridden_for_network_shares(tmp_path):
    with ScoreStore.open(tmp_path, journal_mode="delete") as s:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        s.add_player("Ann")
    assert not Path(f"{s.db_path}-wal").exists()
    with pytest.raises(ValueError):
        ScoreStore.open(tmp_path, journal_mode="memory")


def test_any_url_works_and_each_test_gets_its_own_file(tmp_path):
    with ScoreStore(f"sqlite:///{tmp_path / 'own.db'}") as s:
        s.add_player("Ann")
        assert [p.name for p in s.players()] == ["Ann"]
        assert s.backup_dir == tmp_path / "backups"


def test_writes_begin_immediate_and_reads_do_not(store):
    seen = []
    from sqlalchemy import event

    @event.listens_for(store.engine, "before_cursor_execute")
    def spy(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    store.add_player("Ann")
    store.players()
    assert seen == ["BEGIN IMMEDIATE", "BEGIN"]


def test_each_answer_is_committed_before_record_answer_returns(store):
    ann = store.add_player("Ann")
    attempt = start(store, ann.id)
    answer(store, attempt.id, KEYS[0], 1.0)
    # A separate connection, as another process would see it: the answer is there.
    assert raw_count(store, "answers") == 1


# --- players ---------------------------------------------------------------------------------


def test_players_add_rename_delete(store):
    ann = store.add_player("  Ann   Lee ")
    assert ann.name == "Ann Lee" and ann.created.tzinfo is UTC
    bo = store.add_player("Bo")
    assert [p.name for p in store.players()] == ["Ann Lee", "Bo"]
    assert store.player(bo.id) == bo
    renamed = store.rename_player(bo.id, "Zoë")
    assert renamed.name == "Zoë" and store.player(bo.id).name == "Zoë"
    assert store.find_player("ZOË") == renamed
    store.delete_player(ann.id)
    assert [p.name for p in store.players()] == ["Zoë"]
    with pytest.raises(NotFound):
        store.player(ann.id)
    with pytest.raises(NotFound):
        store.rename_player(ann.id, "x")
    with pytest.raises(NotFound):
        store.delete_player(ann.id)


def test_player_names_are_unique_ignoring_case_in_every_script(store):
    store.add_player("Zoë")
    store.add_player("김정은")
    for clash in ("zoë", "ZOË", "Zoe\u0308", " zoë "):  # also the decomposed ë
        with pytest.raises(DuplicateName):
            store.add_player(clash)
    with pytest.raises(DuplicateName):
        store.add_player("김정은")
    ann = store.add_player("Ann")
    with pytest.raises(DuplicateName):
        store.rename_player(ann.id, "ZOË")
    assert store.rename_player(ann.id, "ANN").name == "ANN"  # own name, other case: fine
    assert clean_name("Straße")[1] == clean_name("STRASSE")[1]


@pytest.mark.parametrize("bad", ["", "   ", "a" * 101, "tab\x07bell", 5])
def test_bad_player_names_are_refused(store, bad):
    with pytest.raises(ValueError):
        store.add_player(bad)


def test_deleting_a_player_deletes_their_quizzes_and_answers_only(store):
    ann, bo = store.add_player("Ann"), store.add_player("Bo")
    for p in (ann, bo):
        a = start(store, p.id)
        for key in KEYS:
            answer(store, a.id, key, 1.0)
    store.delete_player(ann.id)
    assert raw_count(store, "attempts") == 1 and raw_count(store, "answers") == len(KEYS)
    assert [a.player_name for a in store.attempts(include_unfinished=True)] == ["Bo"]
    assert store.check() == []


# --- quizzes and answers ---------------------------------------------------------------------


def test_start_attempt_keeps_everything_needed_to_resume(store):
    ann = store.add_player("Ann")
    attempt = store.start_attempt(
        ann.id, mode="exam", settings={"bank_ids": ["parade"], "count": 3, "tags": ["kim"]},
        seed=2**62, banks=[("parade", AS_OF)], question_keys=KEYS[:3])
    again = store.attempt(attempt.id)
    assert again == attempt
    assert again.settings == {"bank_ids": ["parade"], "count": 3, "tags": ["kim"]}
    assert again.seed == 2**62 and again.banks == [("parade", AS_OF)]
    assert again.question_keys == KEYS[:3] and again.mode == "exam"
    assert len(again.uuid) == 36 and again.status == "in progress"
    assert again.client and "QuizApp" in again.client


@pytest.mark.parametrize("change", [
    {"mode": ""}, {"settings": {"x": float("nan")}}, {"settings": {"x": object()}},
    {"settings": []}, {"seed": 2**64}, {"seed": 1.5}, {"banks": [("parade", "2025-09-03")]},
    {"question_keys": [("parade", "q1"), ("parade", "q1")]},
    {"question_keys": [("parade", "")]},
])
def test_start_attempt_refuses_bad_values(store, change):
    ann = store.add_player("Ann")
    kwargs = dict(mode="practice", settings={}, seed=1, banks=[("parade", AS_OF)],
                  question_keys=KEYS) | change
    with pytest.raises(ValueError):
        store.start_attempt(ann.id, **kwargs)
    assert store.attempts(include_unfinished=True) == []


def test_start_attempt_for_a_missing_player(store):
    with pytest.raises(NotFound):
        start(store, 999)


def test_recording_the_same_answer_twice_stores_it_once(store):
    ann = store.add_player("Ann")
    attempt = start(store, ann.id)
    assert answer(store, attempt.id, KEYS[0], 1.0) is True
    assert answer(store, attempt.id, KEYS[0], 1.0) is False  # double click
    assert answer(store, attempt.id, KEYS[0], 0.0, response="other") is False  # first one stays
    rows = store.answers(attempt.id)
    assert len(rows) == 1 and rows[0].score == 1.0 and rows[0].response == "x"
    [summary] = store.attempts(include_unfinished=True)
    assert (summary.answered, summary.points) == (1, 2.0)
    assert raw_count(store, "answers") == 1


def test_answers_come_back_in_answer_order_with_their_json_response(store):
    ann = store.add_player("Ann")
    attempt = start(store, ann.id)
    responses = [{"Kim": "Pyongyang", "Xi": "北京"}, ["b", "a"], True, None]
    for key, response in zip(reversed(KEYS), responses, strict=True):
        answer(store, attempt.id, key, 0.5, response=response, seconds=1.25)
    rows = store.answers(attempt.id)
    assert [(r.bank_id, r.question_id) for r in rows] == list(reversed(KEYS))
    assert [r.response for r in rows] == responses
    first = rows[0]
    assert (first.score, first.points, first.max_points, first.seconds) == (0.5, 1.0, 2.0, 1.25)
    assert first.content_hash == "h-r1" and first.answered_at.tzinfo is UTC
    assert rows[0].answered_at < rows[1].answered_at


@pytest.mark.parametrize("change", [
    {"score": 1.5}, {"score": -0.1}, {"score": float("nan")}, {"points": 3.0},
    {"points": -1.0}, {"max_points": -2.0}, {"seconds": -1.0}, {"seconds": float("inf")},
    {"response": {1, 2}}, {"bank_id": ""}, {"content_hash": "h" * 65}, {"score": True},
])
def test_record_answer_refuses_bad_values(store, change):
    ann = store.add_player("Ann")
    attempt = start(store, ann.id)
    kwargs = dict(bank_id="parade", question_id="q1", content_hash="h", response="x",
                  score=1.0, points=2.0, max_points=2.0, seconds=1.0) | change
    with pytest.raises(ValueError):
        store.record_answer(attempt.id, **kwargs)
    assert store.answers(attempt.id) == []


def test_finished_and_abandoned_quizzes_take_no_new_answers(store):
    ann = store.add_player("Ann")
    done, dropped = start(store, ann.id), start(store, ann.id)
    answer(store, done.id, KEYS[0], 1.0)
    store.finish_attempt(done.id)
    store.finish_attempt(done.id)  # again: no change
    store.abandon_attempt(dropped.id)
    assert answer(store, done.id, KEYS[0], 1.0) is False  # a late retry of a stored answer: fine
    with pytest.raises(AttemptClosed):
        answer(store, done.id, KEYS[1], 1.0)
    with pytest.raises(AttemptClosed):
        answer(store, dropped.id, KEYS[0], 1.0)
    with pytest.raises(AttemptClosed):
        store.abandon_attempt(done.id)
    with pytest.raises(AttemptClosed):
        store.finish_attempt(dropped.id)
    with pytest.raises(NotFound):
        answer(store, 999, KEYS[0], 1.0)
    with pytest.raises(NotFound):
        store.finish_attempt(999)
    assert store.attempt(done.id).status == "finished"
    assert store.attempt(dropped.id).status == "abandoned"


def test_unfinished_attempt_is_the_latest_open_one(store):
    ann, bo = store.add_player("Ann"), store.add_player("Bo")
    assert store.unfinished_attempt(ann.id) is None
    older, newer = start(store, ann.id), start(store, ann.id)
    start(store, bo.id)
    assert store.unfinished_attempt(ann.id).id == newer.id
    store.abandon_attempt(newer.id)
    assert store.unfinished_attempt(ann.id).id == older.id
    store.finish_attempt(older.id)
    assert store.unfinished_attempt(ann.id) is None


def test_resume_after_reopening_gives_same_questions_and_answers(tmp_path, clock):
    with ScoreStore.open(tmp_path, clock=clock) as s:
        ann = s.add_player("Ann")
        attempt = start(s, ann.id)
        answer(s, attempt.id, KEYS[0], 1.0, response="first")
        answer(s, attempt.id, KEYS[1], 0.0, response="second")
    with ScoreStore.open(tmp_path, clock=clock) as s:
        again = s.unfinished_attempt(ann.id)
        assert again == attempt
        done = {(r.bank_id, r.question_id): r.response for r in s.answers(again.id)}
        assert done == {KEYS[0]: "first", KEYS[1]: "second"}
        todo = [k for k in again.question_keys if k not in done]
        assert todo == KEYS[2:]


# --- history and charts ----------------------------------------------------------------------


def test_history_totals_are_derived_from_the_answers(store):
    ann, bo = store.add_player("Ann"), store.add_player("Bo")
    a1 = start(store, ann.id)
    for key, score in zip(KEYS, [1.0, 0.5, 0.0, 1.0], strict=True):
        answer(store, a1.id, key, score, seconds=2.0)
    store.finish_attempt(a1.id)
    a2 = start(store, ann.id, keys=KEYS[:2], mode="exam")
    answer(store, a2.id, KEYS[0], 1.0, points_each=1.0)
    b1 = start(store, bo.id)  # nothing answered, still open
    history = store.attempts(ann.id)
    assert [h.id for h in history] == [a1.id]
    h = history[0]
    assert (h.player_name, h.mode, h.bank_ids, h.questions, h.answered) == (
        "Ann", "practice", ["parade", "reactions"], 4, 4)
    assert (h.points, h.max_points, h.percent, h.seconds) == (5.0, 8.0, 62.5, 8.0)
    assert h.status == "finished" and h.ended_at > h.started_at
    everything = store.attempts(include_unfinished=True)
    assert [x.id for x in everything] == [b1.id, a2.id, a1.id]  # newest first
    assert everything[0].percent is None and everything[0].answered == 0
    assert everything[1].percent == 100.0 and everything[1].status == "in progress"
    assert [x.id for x in store.attempts(ann.id, include_unfinished=True, mode="exam")] == [a2.id]
    assert [x.id for x in store.attempts(include_unfinished=True, limit=2)] == [b1.id, a2.id]
    assert [x.id for x in store.attempts(include_unfinished=True, limit=2, offset=2)] == [a1.id]


def test_score_over_time_lists_finished_quizzes_oldest_first(store):
    ann = store.add_player("Ann")
    ids = []
    for score in (0.0, 0.5, 1.0):
        a = start(store, ann.id)
        for key in KEYS:
            answer(store, a.id, key, score)
        store.finish_attempt(a.id)
        ids.append(a.id)
    start(store, ann.id)  # unfinished: not on the chart
    points = store.score_over_time(ann.id)
    assert [p.attempt_id for p in points] == ids
    assert [p.percent for p in points] == [0.0, 50.0, 100.0]
    assert [p.attempt_id for p in store.score_over_time(ann.id, limit=2)] == ids[1:]
    assert store.score_over_time(None) == points


def answer_history(store):
    """Ann answers q1 wrong then right, q2 wrong twice, q3 right, r1 half; Bo misses all."""
    ann, bo = store.add_player("Ann"), store.add_player("Bo")
    first, second = start(store, ann.id), start(store, ann.id, keys=KEYS[:2])
    for key, score in zip(KEYS, [0.0, 0.0, 1.0, 0.5], strict=True):
        answer(store, first.id, key, score)
    answer(store, second.id, KEYS[0], 1.0)
    answer(store, second.id, KEYS[1], 0.0)
    other = start(store, bo.id)
    for key in KEYS:
        answer(store, other.id, key, 0.0)
    return ann, bo


def test_mastery_by_bank_uses_the_latest_answer_per_question(store):
    ann, bo = answer_history(store)
    by_bank = {m.key: m for m in store.mastery_by_bank(ann.id)}
    parade = by_bank["parade"]
    assert (parade.questions, parade.answers) == (3, 5)
    assert parade.accuracy == pytest.approx(2 / 5)  # scores 0, 0, 1, 1, 0
    assert parade.mastery == pytest.approx(2 / 3)  # latest: q1 1, q2 0, q3 1
    assert (by_bank["reactions"].questions, by_bank["reactions"].mastery) == (1, 0.5)
    assert [m.mastery for m in store.mastery_by_bank(bo.id)] == [0.0, 0.0]
    assert store.mastery_by_bank(None)[0].answers == 8


def test_mastery_by_tag_and_accuracy_by_type_take_mappings_or_functions(store):
    ann, _ = answer_history(store)
    tags = {("parade", "q1"): ["kim", "weapons"], ("parade", "q2"): ["kim"],
            ("parade", "q3"): [], ("reactions", "r1"): ["kim"]}
    by_tag = {m.key: m for m in store.mastery_by_tag(ann.id, tags)}
    assert set(by_tag) == {"kim", "weapons"}
    assert (by_tag["kim"].questions, by_tag["kim"].answers) == (3, 5)
    assert by_tag["kim"].mastery == pytest.approx((1 + 0 + 0.5) / 3)
    assert by_tag["weapons"].accuracy == pytest.approx(0.5)
    as_function = store.mastery_by_tag(ann.id, lambda b, q: tags.get((b, q)))
    assert as_function == store.mastery_by_tag(ann.id, tags)

    def type_of(bank_id, question_id):
        return None if question_id == "q3" else ("single" if bank_id == "parade" else "order")
    by_type = {m.key: m for m in store.accuracy_by_type(ann.id, type_of)}
    assert set(by_type) == {"single", "order"}  # q3's type unknown: left out
    assert (by_type["single"].answers, by_type["single"].accuracy) == (4, 0.25)
    assert by_type["order"].accuracy == 0.5
    assert store.accuracy_by_type(ann.id, {("parade", "q1"): "single"})[0].answers == 2


def test_most_missed_ranks_by_lost_score(store):
    ann, bo = answer_history(store)
    missed = store.most_missed(ann.id)
    assert [(m.bank_id, m.question_id) for m in missed] == [
        ("parade", "q2"), ("parade", "q1"), ("reactions", "r1")]
    q2 = missed[0]
    assert (q2.answers, q2.misses, q2.accuracy, q2.latest_score) == (2, 2, 0.0, 0.0)
    assert q2.content_hash == "h-q2" and q2.last_answered.tzinfo is UTC
    assert len(store.most_missed(ann.id, limit=1)) == 1
    assert len(store.most_missed(bo.id)) == 4
    assert store.most_missed(store.add_player("Cy").id) == []


def test_charts_of_a_player_without_answers_are_empty(store):
    cy = store.add_player("Cy")
    assert store.attempts(cy.id) == [] and store.score_over_time(cy.id) == []
    assert store.mastery_by_bank(cy.id) == [] and store.mastery_by_tag(cy.id, {}) == []
    assert store.accuracy_by_type(cy.id, {}) == [] and store.most_missed(cy.id) == []


def test_history_query_uses_indexes(store):
    ann = store.add_player("Ann")
    start(store, ann.id)
    plans = []
    from sqlalchemy import event

    @event.listens_for(store.engine, "before_cursor_execute", retval=True)
    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "attempts" in statement:
            plans.append(cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                         .fetchall())
        return statement, parameters

    store.attempts(ann.id, include_unfinished=True)
    store.mastery_by_bank(ann.id)
    text = " | ".join(row[-1] for plan in plans for row in plan)
    assert "ix_attempts_player_started" in text, text
    assert "SCAN answers" not in text, text


# --- settings --------------------------------------------------------------------------------


def test_settings_round_trip_as_json(store):
    assert store.get_setting("last_player") is None
    assert store.get_setting("last_player", 3) == 3
    store.set_setting("last_player", 5)
    store.set_setting("last_player", 6)
    store.set_setting("window", {"size": [800, 600], "title": "퀴즈"})
    assert store.get_setting("last_player") == 6
    assert store.get_setting("window") == {"size": [800, 600], "title": "퀴즈"}
    store.delete_setting("last_player")
    assert store.get_setting("last_player", "gone") == "gone"
    with pytest.raises(ValueError):
        store.set_setting("bad", float("nan"))

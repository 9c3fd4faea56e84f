"""Classes in the score store: names, members, roster imports, nicknames, the class grid, the
answer log of a class, resetting scores, and the class CSV export, with hand-checked numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quizapp.core import classresults
from quizapp.core.loader import load_bank_text
from quizapp.core.roster import read_roster
from quizapp.core.session import Mode
from quizapp.core.store import DuplicateName, NotFound, ScoreStore
from tests.banktext import bank
from tests.scoredata import StoreClock, play

ROSTER = """\
Name,Nickname
José García,Pepe
Zoë Müller,
김민준,민준이
이서연,
François Lefèvre,Franck
"""


@pytest.fixture
def store(tmp_path):
    s = ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False)
    yield s
    s.close()


@pytest.fixture
def b1():
    return load_bank_text(bank("single", "true_false", "numeric", bank_id="b1"), "b1.yaml")


def test_classes_are_named_uniquely_ignoring_case(store):
    year9 = store.add_class("  Year 9   B ")
    assert year9.name == "Year 9 B" and year9.members == 0
    with pytest.raises(DuplicateName):
        store.add_class("YEAR 9 b")
    seventh = store.add_class("7학년 2반")
    with pytest.raises(DuplicateName):
        store.rename_class(seventh.id, "year 9 b")
    assert store.rename_class(seventh.id, "7학년 3반").name == "7학년 3반"
    assert [c.name for c in store.classes()] == ["7학년 3반", "Year 9 B"]
    with pytest.raises(ValueError):
        store.add_class("   ")
    with pytest.raises(NotFound):
        store.rename_class(999, "Nobody")
    # Found by name as names are compared: case and spacing aside, nothing else.
    store.set_members(seventh.id, [store.add_player("Zoë").id])
    found = store.find_class(" year 9  B")
    assert (found.id, found.name, found.members) == (year9.id, "Year 9 B", 0)
    assert store.find_class("7학년 3반").members == 1
    assert store.find_class("Year 9") is None and store.find_class("") is None


def test_members_are_set_and_a_deleted_class_keeps_its_players(store):
    ana, bo, cy = (store.add_player(n) for n in ("Ana", "Bo", "Cy"))
    year9 = store.add_class("Year 9")
    store.set_members(year9.id, [bo.id, ana.id, bo.id])
    assert [p.name for p in store.class_members(year9.id)] == ["Ana", "Bo"]
    store.set_members(year9.id, [cy.id, ana.id])
    assert [p.name for p in store.class_members(year9.id)] == ["Ana", "Cy"]
    assert store.classes()[0].members == 2
    with pytest.raises(NotFound):
        store.set_members(year9.id, [ana.id, 999])
    assert [p.name for p in store.class_members(year9.id)] == ["Ana", "Cy"]  # unchanged
    store.delete_player(cy.id)
    assert [p.name for p in store.class_members(year9.id)] == ["Ana"]
    store.delete_class(year9.id)
    assert store.classes() == [] and [p.name for p in store.players()] == ["Ana", "Bo"]
    with pytest.raises(NotFound):
        store.class_members(year9.id)
    assert store.check() == []


def test_a_roster_csv_with_accents_and_korean_names_fills_a_class(store, tmp_path):
    path = tmp_path / "7B.csv"
    path.write_bytes(ROSTER.encode("utf-8-sig"))
    roster = read_roster(path)
    assert roster.problems == []
    store.add_player("zoë müller")  # already plays: reused, not doubled
    class_7b = store.add_class("7B")
    done = store.import_roster(class_7b.id, roster.entries)
    assert [p.name for p in done.added] == ["José García", "김민준", "이서연",
                                            "François Lefèvre"]
    assert [p.name for p in done.joined] == ["zoë müller"]
    assert done.already == () and done.problems == () and done.nicknames == 3
    members = store.class_members(class_7b.id)
    assert [(p.name, p.nickname) for p in members] == [
        ("François Lefèvre", "Franck"), ("José García", "Pepe"), ("zoë müller", None),
        ("김민준", "민준이"), ("이서연", None)]
    assert store.find_player("김민준").nickname == "민준이"
    assert store.find_player_by_nickname("PEPE").name == "José García"
    # The same file again changes nothing.
    again = store.import_roster(class_7b.id, read_roster(path).entries)
    assert (again.added, again.joined, again.nicknames) == ((), (), 0)
    assert len(again.already) == 5
    assert len(store.players()) == 5


def test_nicknames_are_unique_and_never_another_players_name(store):
    ana, bo = store.add_player("Ana"), store.add_player("Bo")
    assert store.set_nickname(ana.id, "  Sunny ").nickname == "Sunny"
    assert store.player(ana.id).shown_name == "Sunny"
    with pytest.raises(DuplicateName):
        store.set_nickname(bo.id, "SUNNY")
    with pytest.raises(DuplicateName):
        store.set_nickname(bo.id, "ana")
    assert store.set_nickname(bo.id, "bo").nickname is None  # the same as the name
    assert store.set_nickname(ana.id, None).nickname is None
    assert store.player(ana.id).shown_name == "Ana"
    assert store.find_player_by_nickname("Sunny") is None
    # A roster naming a taken nickname keeps the student, and says what was left out.
    store.set_nickname(ana.id, "Sunny")
    year9 = store.add_class("Year 9")
    done = store.import_roster(year9.id, [("Cy", "sunny"), ("Dee", "Bo"), ("", "x")])
    assert [p.name for p in done.added] == ["Cy", "Dee"]
    assert [p.nickname for p in done.added] == [None, None]
    assert done.problems[0] == "Cy: “sunny” is already another player’s nickname. " \
                               "The nickname was left out."
    assert done.problems[1] == "Dee: “Bo” is the name of another player. The nickname " \
                               "was left out."
    assert "cannot be empty" in done.problems[2]


def test_a_roster_import_is_all_or_nothing(store, monkeypatch):
    year9 = store.add_class("Year 9")
    with pytest.raises(NotFound):
        store.import_roster(999, [("Ana", None)])
    assert store.players() == []
    from quizapp.core.store import classes

    real = classes.clean_label

    def failing(value, what):  # Ana is written, then the disk goes at Cy
        if value == "Cy":
            raise RuntimeError("disk gone")
        return real(value, what)

    monkeypatch.setattr(classes, "clean_label", failing)
    with pytest.raises(RuntimeError):
        store.import_roster(year9.id, [("Ana", "Sunny"), ("Cy", None)])
    assert store.players() == [] and store.class_members(year9.id) == []


def record_class(store, b1):
    """Ana, Bo and Chloé in 7B; Dan is not. Three 1-point questions (single, true/false,
    numeric), asked in the bank's order.

    - Ana: exam, all right (3/3 = 100%); exam again, only the first right (1/3 = 33.3%).
    - Bo: exam, only the first right (33.3%); practice, all right (100%).
    - Chloé: an exam given up after one answer (not in the grid).
    - Dan: exam, all right (not in the class).
    """
    ana, bo, chloe, dan = (store.add_player(n) for n in ("Ana", "Bo", "Chloé", "Dan"))
    class_7b = store.add_class("7B")
    store.set_members(class_7b.id, [ana.id, bo.id, chloe.id])
    first_only = lambda item: item.question.id == "q-single"  # noqa: E731
    exam = Mode.EXAM
    attempts = {
        "ana1": play(store, ana.id, [b1], mode=exam),
        "bo1": play(store, bo.id, [b1], mode=exam, is_right=first_only),
        "ana2": play(store, ana.id, [b1], mode=exam, is_right=first_only),
        "bo2": play(store, bo.id, [b1]),
        "chloe": play(store, chloe.id, [b1], mode=exam, answer_count=1, end="abandon"),
        "dan": play(store, dan.id, [b1], mode=exam),
    }
    return class_7b, (ana, bo, chloe, dan), attempts


def test_the_class_grid_has_hand_checked_percents(store, b1):
    class_7b, (ana, bo, chloe, _dan), tries = record_class(store, b1)
    grid = store.class_grid(class_7b.id)
    assert [s.name for s in grid.students] == ["Ana", "Bo", "Chloé"]
    assert [(q.mode, q.bank_ids, q.attempts) for q in grid.quizzes] == [
        ("exam", ("b1",), 3), ("practice", ("b1",), 1)]
    assert [round(t.percent, 1) for t in grid.cell(ana.id, 0)] == [100.0, 33.3]
    assert [t.attempt_id for t in grid.cell(ana.id, 0)] == [tries["ana1"].id, tries["ana2"].id]
    assert [round(t.percent, 1) for t in grid.cell(bo.id, 0)] == [33.3]
    assert [t.percent for t in grid.cell(bo.id, 1)] == [100.0]
    assert grid.cell(ana.id, 1) == () and grid.cell(chloe.id, 0) == ()
    assert (grid.cell(bo.id, 0)[0].answered, grid.cell(bo.id, 0)[0].points) == (3, 1.0)

    def shown(player, column, how):
        chosen = classresults.pick(grid.cell(player.id, column), how)
        return None if chosen is None else round(chosen.percent, 1)

    assert [shown(ana, 0, h) for h in ("first", "latest", "best")] == [100.0, 33.3, 100.0]
    assert classresults.average(grid, ana.id, "latest") == pytest.approx(100 / 3)
    assert classresults.average(grid, bo.id, "latest") == pytest.approx((100 / 3 + 100) / 2)
    assert classresults.average(grid, ana.id, "best") == 100.0
    assert classresults.average(grid, chloe.id) is None


def test_the_answer_log_of_a_class_leaves_other_players_out(store, b1):
    class_7b, (ana, bo, chloe, dan), tries = record_class(store, b1)

    def log(**kwargs):
        entries = store.iter_class_answer_log(**kwargs)
        try:
            return [(e.player_name, e.mode, e.answer.attempt_id) for e in entries]
        finally:
            entries.close()

    everyone = log(class_id=None)
    assert len(everyone) == 3 * 5 + 1
    in_class = log(class_id=class_7b.id)
    assert {name for name, _, _ in in_class} == {"Ana", "Bo", "Chloé"}
    assert len(in_class) == 3 * 4 + 1
    assert {m for _, m, _ in log(class_id=class_7b.id, mode="practice")} == {"practice"}
    assert len(log(class_id=class_7b.id, mode="exam")) == 3 * 3 + 1
    chosen = [tries["ana1"].id, tries["dan"].id]
    assert {a for _, _, a in log(class_id=class_7b.id, attempt_ids=chosen)} == {
        tries["ana1"].id}


def test_resetting_scores_keeps_players_and_classes(store, b1):
    class_7b, (ana, bo, chloe, dan), _ = record_class(store, b1)
    assert store.quiz_counts([ana.id, bo.id, dan.id, chloe.id]) == {
        ana.id: 2, bo.id: 2, chloe.id: 1, dan.id: 1}
    assert store.quiz_counts([]) == {}
    assert store.count_results([ana.id]) == (2, 6)
    assert store.count_results() == (6, 16)
    assert store.delete_results([ana.id, chloe.id]) == 3
    assert store.count_results([ana.id, chloe.id]) == (0, 0)
    assert store.count_results() == (3, 9)
    assert [p.name for p in store.class_members(class_7b.id)] == ["Ana", "Bo", "Chloé"]
    assert store.delete_results() == 3
    assert store.attempts(include_unfinished=True) == [] and len(store.players()) == 4
    assert store.check() == []


def test_class_results_export_is_a_grid_in_utf8_with_bom(store, b1, tmp_path):
    class_7b, (ana, bo, chloe, _), _ = record_class(store, b1)
    path = tmp_path / "7b.csv"
    count = classresults.export_class_csv(
        store, class_7b.id, path, how="first",
        title_of=lambda q: classresults.quiz_title(q, {"b1": "Parade, day one"}))
    assert count == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [
        ["student", "nickname", "Parade, day one (exam)", "Parade, day one (practice)",
         "quizzes_taken", "average_percent"],
        ["Ana", "", "100", "", "1", "100"],
        ["Bo", "", "33.3", "100", "2", "66.7"],
        ["Chloé", "", "", "", "0", ""],
    ]
    assert not list(Path(tmp_path).glob(".7b.csv.*"))  # no temporary file left


def test_finished_quizzes_are_grouped_like_the_grid_columns(store, b1):
    class_7b, (ana, bo, chloe, dan), tries = record_class(store, b1)
    groups = classresults.group_attempts(store.attempts(include_unfinished=True))
    assert [(q.mode, q.bank_ids, q.attempts, ids) for q, ids in groups] == [
        ("exam", ("b1",), 4, (tries["ana1"].id, tries["bo1"].id, tries["ana2"].id,
                              tries["dan"].id)),
        ("practice", ("b1",), 1, (tries["bo2"].id,))]
    assert classresults.quiz_title(groups[0][0], {"b1": "Parade"}) == "Parade (exam)"

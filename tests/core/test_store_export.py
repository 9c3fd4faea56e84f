"""CSV exports: UTF-8 with BOM, every script intact, all-or-nothing, clear errors."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

import pytest

from quizapp.core.export import (
    ANSWER_COLUMNS,
    ATTEMPT_COLUMNS,
    ExportError,
    export_answers_csv,
    export_attempts_csv,
    write_csv_atomically,
)
from quizapp.core.store import ScoreStore

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data") as s:
        zoe, kim = s.add_player("Zoë Ñúñez"), s.add_player("김정은")
        a = s.start_attempt(zoe.id, mode="exam", settings={}, seed=1,
                            banks=[("parade", date(2025, 9, 3)), ("world", date(2025, 9, 5))],
                            question_keys=[("parade", "q1"), ("world", "w1"), ("world", "w2")])
        s.record_answer(a.id, bank_id="parade", question_id="q1", content_hash="aa",
                        response="习近平", score=1.0, points=2.0, max_points=2.0, seconds=3.25)
        s.record_answer(a.id, bank_id="world", question_id="w1", content_hash="bb",
                        response={"Kim": "평양", "Putin": "Moscou"}, score=0.5, points=0.5,
                        max_points=1.0, seconds=10.0)
        s.record_answer(a.id, bank_id="world", question_id="w2", content_hash="cc",
                        response="=HYPERLINK(\"http://x\")", score=0.0, points=0.0,
                        max_points=1.0, seconds=1.0)
        s.finish_attempt(a.id)
        b = s.start_attempt(kim.id, mode="practice", settings={}, seed=2,
                            banks=[("parade", date(2025, 9, 3))],
                            question_keys=[("parade", "q1")])
        s.record_answer(b.id, bank_id="parade", question_id="q1", content_hash="aa",
                        response="-5", score=0.0, points=0.0, max_points=2.0, seconds=2.0)
        yield s


def read(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_attempts_csv_has_every_quiz_and_every_script_intact(store, tmp_path):
    path = tmp_path / "out" / "attempts.csv"
    path.parent.mkdir()
    assert export_attempts_csv(store, path) == 2
    rows = read(path)
    assert list(rows[0]) == ATTEMPT_COLUMNS
    kim, zoe = rows  # newest first
    assert (zoe["player"], zoe["mode"], zoe["status"], zoe["banks"]) == (
        "Zoë Ñúñez", "exam", "finished", "parade world")
    assert (zoe["questions"], zoe["answered"], zoe["points"], zoe["max_points"],
            zoe["percent"], zoe["seconds"]) == ("3", "3", "2.5", "4", "62.5", "14.2")
    assert zoe["started"][:4] == zoe["ended"][:4] and len(zoe["started"]) == 19
    assert (kim["player"], kim["status"], kim["ended"]) == ("김정은", "in progress", "")
    assert sorted(p.name for p in path.parent.iterdir()) == ["attempts.csv"]  # no temp left


def test_answers_csv_of_one_player_or_all(store, tmp_path):
    path = tmp_path / "answers.csv"
    assert export_answers_csv(store, path) == 4
    rows = read(path)
    assert list(rows[0]) == ANSWER_COLUMNS
    assert [r["player"] for r in rows] == ["Zoë Ñúñez"] * 3 + ["김정은"]
    assert rows[0]["response"] == "习近平"
    assert rows[1]["response"] == '{"Kim": "평양", "Putin": "Moscou"}'
    assert rows[2]["response"] == "'=HYPERLINK(\"http://x\")"  # not run as a formula
    assert rows[3]["response"] == "-5"  # a number stays a number
    assert (rows[1]["score"], rows[1]["points"], rows[1]["seconds"]) == ("0.5", "0.5", "10.0")
    kim = store.find_player("김정은")
    assert export_answers_csv(store, path, kim.id) == 1
    assert [r["question_id"] for r in read(path)] == ["q1"]
    assert export_attempts_csv(store, path, kim.id) == 1


def test_semicolons_for_spreadsheets_that_expect_them(store, tmp_path):
    path = tmp_path / "a.csv"
    export_attempts_csv(store, path, delimiter=";")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("attempt_id;")


def test_a_failed_export_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "a.csv"
    write_csv_atomically(path, ["x"], [[1], [2]])
    before = path.read_bytes()

    def rows():
        yield [3]
        raise RuntimeError("the database went away mid-export")

    with pytest.raises(RuntimeError):
        write_csv_atomically(path, ["x"], rows())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_a_file_held_open_by_a_spreadsheet_gets_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text("old")

    def locked(src, dst):  # what Windows does while Excel has the file open
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        write_csv_atomically(path, ["x"], [[1]])
    assert "open in another program" in str(caught.value) and str(path) in str(caught.value)
    monkeypatch.undo()
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(ExportError, match="Cannot write"):
        write_csv_atomically(tmp_path / "nope" / "a.csv", ["x"], [])

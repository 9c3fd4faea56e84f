"""CSV export of a quiz show: one row per team per question, UTF-8 with BOM, all-or-nothing."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

import pytest

from quizapp.core.export import SHOW_COLUMNS, ExportError, export_show_csv
from quizapp.core.store import ScoreStore

KEYS = [("parade", "q1"), ("parade", "q2")]


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data") as s:
        yield s


def finished_show(store):
    show = store.start_show(settings={}, seed=1, banks=[("parade", date(2025, 9, 3))],
                            question_keys=KEYS, teams=["평양 Team", "=SUM(A1)", "Zoë's"])
    store.record_marks(show.id, bank_id="parade", question_id="q1", content_hash="a",
                       points=1.5, doubled=False, correct=[True, False, True])
    store.record_marks(show.id, bank_id="parade", question_id="q2", content_hash="b",
                       points=4.0, doubled=True, correct=[False, True, True])
    store.finish_show(show.id)
    return show


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets read UTF-8 right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_show_csv_has_a_row_per_team_per_question(store, tmp_path):
    show = finished_show(store)
    path = tmp_path / "show.csv"
    texts = {("parade", "q1"): "Who represented Iran?", ("parade", "q2"): "=1+1"}
    assert export_show_csv(store, show.id, path, question_text=texts) == 6
    header, *rows = read(path)
    assert header == SHOW_COLUMNS
    picked = [(r[4], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]) for r in rows]
    # Totals: 평양 Team 1.5, =SUM(A1) 4, Zoë's 5.5; places 3, 2, 1.
    assert picked == [
        ("1", "Who represented Iran?", "0", "1.5", "1", "평양 Team", "1", "1.5", "1.5", "3"),
        ("1", "Who represented Iran?", "0", "1.5", "2", "'=SUM(A1)", "0", "0", "4", "2"),
        ("1", "Who represented Iran?", "0", "1.5", "3", "Zoë's", "1", "1.5", "5.5", "1"),
        ("2", "'=1+1", "1", "4", "1", "평양 Team", "0", "0", "1.5", "3"),
        ("2", "'=1+1", "1", "4", "2", "'=SUM(A1)", "1", "4", "4", "2"),
        ("2", "'=1+1", "1", "4", "3", "Zoë's", "1", "4", "5.5", "1"),
    ]
    assert {r[0] for r in rows} == {str(show.id)} and {r[3] for r in rows} == {"finished"}


def test_question_text_may_come_from_a_function_or_be_left_out(store, tmp_path):
    show = finished_show(store)
    path = tmp_path / "show.csv"
    export_show_csv(store, show.id, path, question_text=lambda b, q: q.upper(),
                    delimiter=";")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [r[7] for r in rows[1:]] == ["Q1"] * 3 + ["Q2"] * 3
    export_show_csv(store, show.id, path)
    assert [r[7] for r in read(path)[1:]] == [""] * 6


def test_a_show_with_nothing_revealed_exports_just_the_header(store, tmp_path):
    show = store.start_show(settings={}, seed=1, banks=[], question_keys=KEYS,
                            teams=["A", "B"])
    assert export_show_csv(store, show.id, tmp_path / "empty.csv") == 0
    assert read(tmp_path / "empty.csv") == [SHOW_COLUMNS]


def test_a_show_export_that_fails_leaves_the_old_file_whole(store, tmp_path, monkeypatch):
    show = finished_show(store)
    path = tmp_path / "show.csv"
    path.write_text("old complete file")

    def locked(src, dst):  # Windows, while a spreadsheet holds the file open
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="open in another program"):
        export_show_csv(store, show.id, path)
    monkeypatch.undo()
    assert path.read_text() == "old complete file"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["show.csv"]

"""The scores menu's actions on real score databases: exports, check, back up, restore."""

from __future__ import annotations

import csv
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from quizapp.core.loader import load_bank_text
from quizapp.core.store import ScoreStore
from quizapp.gui import data_actions, dialogs
from quizapp.gui.data_actions import BackupDialog
from tests.banktext import bank
from tests.gui.plain import rich_labels
from tests.gui.shots import shoot
from tests.scoredata import StoreClock, play

BANK = load_bank_text(bank("single", "true_false", "short"))

pytestmark = pytest.mark.usefixtures("qapp")  # the actions show a wait cursor


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False) as s:
        yield s


@pytest.fixture
def told(monkeypatch):
    """Every message and question, as (kind, title, text, detail); questions answered yes."""
    said: list[tuple[str, str, str, str]] = []

    def ask(_parent, title, text):
        said.append(("ask", title, text, ""))
        return True

    monkeypatch.setattr(dialogs, "ask", ask)
    monkeypatch.setattr(dialogs, "inform", lambda _p, title, text, detail="":
                        said.append(("inform", title, text, detail)))
    monkeypatch.setattr(dialogs, "warn", lambda _p, title, text, detail="":
                        said.append(("warn", title, text, detail)))
    return said


@pytest.fixture
def classroom(store):
    """김민지 with two quizzes (one open), Zoë with one."""
    kim, zoe = store.add_player("김민지"), store.add_player("Zoë")
    play(store, kim.id, [BANK], seed=1)
    play(store, kim.id, [BANK], seed=2, answer_count=1, end="")
    play(store, zoe.id, [BANK], seed=3, is_right=lambda item: False)
    return store


class Chooser:
    """Stands in for the file dialog: records what was suggested, answers with ``answer``."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[tuple[str, Path]] = []

    def __call__(self, _parent, title, suggested):
        self.calls.append((title, suggested))
        return self.answer


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need for UTF-8
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def test_export_quizzes_of_everyone(classroom, told, tmp_path, monkeypatch):
    target = tmp_path / "out" / "quizzes.csv"
    target.parent.mkdir()
    chooser = Chooser((target, ","))
    monkeypatch.setattr(data_actions, "choose_csv_path", chooser)
    assert data_actions.export_attempts(None, classroom) == target
    rows = read_csv(target)
    assert rows[0][:5] == ["attempt_id", "attempt_uuid", "player", "mode", "status"]
    assert [(r[2], r[4]) for r in rows[1:]] == [("Zoë", "finished"), ("김민지", "in progress"),
                                               ("김민지", "finished")]
    assert told == [("inform", "Export quizzes", f"Exported 3 quizzes to {target}.",
                     "Spreadsheet programs open it with accents, Korean and Chinese intact.")]
    title, suggested = chooser.calls[0]
    assert title == "Export quizzes"
    assert suggested.name == f"quizapp-quizzes-all-{date.today().isoformat()}.csv"


def test_export_answers_of_one_player_with_semicolons(classroom, told, tmp_path):
    kim = classroom.find_player("김민지")
    target = tmp_path / "answers.csv"
    chooser = Chooser((target, ";"))
    assert data_actions.export_answers(None, classroom, kim.id, choose_path=chooser) == target
    rows = read_csv(target, ";")
    assert len(rows) == 1 + 4 and {r[2] for r in rows[1:]} == {"김민지"}
    assert told[-1][2] == f"Exported 4 answers to {target}."
    assert chooser.calls[0][1].name == f"quizapp-answers-김민지-{date.today().isoformat()}.csv"


def test_cancelling_the_file_dialog_does_nothing(classroom, told, tmp_path):
    assert data_actions.export_attempts(None, classroom, choose_path=Chooser(None)) is None
    assert told == []
    assert list(tmp_path.glob("*.csv")) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs a folder the test cannot write")
def test_an_export_that_cannot_be_written_says_so_and_leaves_the_old_file(classroom, told,
                                                                         tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "quizzes.csv"
    target.write_text("the old file\n", encoding="utf-8")
    folder.chmod(0o500)
    try:
        assert data_actions.export_attempts(None, classroom,
                                            choose_path=Chooser((target, ","))) is None
    finally:
        folder.chmod(0o700)
    assert told[-1][:3] == ("warn", "Export failed", "Nothing was exported.")
    assert "read-only" in told[-1][3]
    assert target.read_text(encoding="utf-8") == "the old file\n"


def test_an_export_into_a_missing_folder_says_so(classroom, told, tmp_path):
    target = tmp_path / "gone" / "quizzes.csv"
    assert data_actions.export_attempts(None, classroom,
                                        choose_path=Chooser((target, ","))) is None
    kind, title, text, detail = told[-1]
    assert (kind, title, text) == ("warn", "Export failed", "Nothing was exported.")
    assert str(target) in detail
    assert not target.exists()


def test_the_real_file_dialog_is_asked_with_both_delimiters(monkeypatch, qtbot, tmp_path):
    asked = []

    def get_save_file_name(parent, title, suggested, filters):
        asked.append((title, suggested, filters))
        return str(tmp_path / "picked"), filters.split(";;")[1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    path, delimiter = data_actions.choose_csv_path(None, "Export quizzes",
                                                   tmp_path / "suggested.csv")
    assert (path, delimiter) == (tmp_path / "picked.csv", ";")  # .csv added
    assert asked[0][1] == str(tmp_path / "suggested.csv")
    assert asked[0][2].startswith("CSV, commas (*.csv);;CSV, semicolons")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert data_actions.choose_csv_path(None, "x", tmp_path / "s.csv") is None


def test_check_database_in_good_order(classroom, told):
    classroom.backup("manual")
    assert data_actions.check_database(None, classroom) == []
    kind, title, text, detail = told[-1]
    assert (kind, title) == ("inform", "Check database")
    assert text == "The score database is in good order: 2 players, 3 quizzes, 7 answers."
    assert detail.startswith(f"File: {classroom.db_path}\nThe latest backup is from ")


def test_check_database_reports_damage_plainly(classroom, told, monkeypatch):
    classroom.backup("daily")
    problems = ["*** in database main ***", "Page 7: btreeInitPage() returns error code 11"]
    monkeypatch.setattr(classroom, "check", lambda full=True: problems)
    assert data_actions.check_database(None, classroom) == problems
    kind, title, text, detail = told[-1]
    assert (kind, title) == ("warn", "Check database")
    assert text == (f"The score database is damaged: SQLite found 2 problems in "
                    f"{classroom.db_path}. Use Restore from backup to put the latest good "
                    f"copy back.")
    assert detail == "\n".join(problems)


def test_back_up_now(classroom, told):
    path = data_actions.backup_now(None, classroom)
    assert path.is_file() and [b.reason for b in classroom.backups()] == ["manual"]
    assert told[-1] == ("inform", "Back up now", "The scores were copied and checked.",
                        f"Backup: {path}")


def test_restore_from_backup_brings_the_old_scores_back(classroom, told, tmp_path):
    classroom.backup("manual")
    late = classroom.add_player("Late")
    play(classroom, late.id, [BANK], seed=9)
    offered = []

    def pick(_parent, backups):
        offered.extend(backups)
        return backups[0]

    aside = data_actions.restore_from_backup(None, classroom, choose=pick)
    assert [b.reason for b in offered] == ["manual"]
    assert [p.name for p in classroom.players()] == ["Zoë", "김민지"]
    assert aside is not None and aside.is_file() and aside.parent == classroom.db_path.parent
    ask, done = told[-2], told[-1]
    assert ask[:2] == ("ask", "Restore this backup?")
    assert "The current file is kept, not deleted." in ask[2]
    assert done[:2] == ("inform", "Restore from backup")
    assert done[2].startswith("The scores are back as they were on ")
    assert done[3] == f"The replaced file is kept as {aside}."
    # The file set aside still holds what came after the backup.
    with ScoreStore(f"sqlite:///{aside}", daily_backup=False) as kept:
        assert kept.find_player("Late") is not None


def test_restore_without_backups_or_when_declined_changes_nothing(classroom, told,
                                                                  monkeypatch):
    assert data_actions.restore_from_backup(None, classroom, choose=lambda *_a: 1 / 0) is None
    assert told[-1][:3] == ("inform", "Restore from backup", "There is no backup yet.")
    classroom.backup("manual")
    assert data_actions.restore_from_backup(None, classroom, choose=lambda *_a: None) is None
    monkeypatch.setattr(dialogs, "ask", lambda *_a: False)
    assert data_actions.restore_from_backup(None, classroom,
                                            choose=lambda _p, b: b[0]) is None
    assert len(classroom.players()) == 2


def test_a_damaged_backup_is_refused_and_nothing_changes(classroom, told):
    path = classroom.backup("manual")
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    classroom.add_player("Late")
    assert data_actions.restore_from_backup(None, classroom,
                                            choose=lambda _p, b: b[0]) is None
    assert told[-1][:3] == ("warn", "Restore from backup",
                            "This backup cannot be used; nothing was changed. Choose another "
                            "one.")
    assert classroom.find_player("Late") is not None


def test_the_backup_dialog_lists_backups_in_words(qtbot, tmp_path, store):
    store.add_player("Ana")
    for reason in ("daily", "pre-migration-v1", "pre-delete", "manual"):
        store.backup(reason)
    backups = store.backups()
    dialog = BackupDialog(backups)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(r, 1).text() for r in range(4)] == [
        "Made with Back up now", "Before a player was deleted",
        "Before the upgrade from version 1", "Daily backup"]
    assert all(table.item(r, 2).text().endswith("KB") for r in range(4))
    assert dialog.selected() == backups[0]  # the newest, chosen for you
    assert rich_labels(dialog) == []
    shoot(qtbot, dialog, tmp_path, "backups", size=(620, 380))
    rect = table.visualItemRect(table.item(2, 0))
    with qtbot.waitSignal(dialog.chosen, check_params_cb=lambda b: b == backups[2]):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.result() == BackupDialog.DialogCode.Accepted


def test_choose_backup_uses_the_dialog(qtbot, monkeypatch, store):
    store.add_player("Ana")
    store.backup("manual")
    backups = store.backups()
    monkeypatch.setattr(BackupDialog, "exec", lambda self: BackupDialog.DialogCode.Accepted)
    assert data_actions.choose_backup(None, backups) == backups[0]
    monkeypatch.setattr(BackupDialog, "exec", lambda self: BackupDialog.DialogCode.Rejected)
    assert data_actions.choose_backup(None, backups) is None


def test_export_the_ticked_banks_for_moodle(make_window, answers_dialogs, tmp_path,
                                            monkeypatch):
    import xml.etree.ElementTree as ET

    from tests.banktext import bank

    window = make_window(bank(bank_id="first"), bank("single", bank_id="second"))
    chosen = tmp_path / "out" / "for-moodle"  # the dialog adds the .xml
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _title, suggested, _filter: (str(chosen), ""))
    window.library_page.set_bank_checked("first", False)
    window.moodle_action.trigger()
    written = chosen.with_name("for-moodle.xml")
    root = ET.parse(written).getroot()
    assert [q.find("name/text").text for q in root if q.get("type") != "category"] == [
        "second / q-single"]
    title, text = answers_dialogs[-1]
    assert title == "Export banks for Moodle"
    assert text.startswith(f"Exported 1 question of 1 bank to {written}.")
    window.library_page.set_bank_checked("second", False)
    window.moodle_action.trigger()
    assert answers_dialogs[-1][1].startswith("Tick the banks to export in the list first.")

"""Teacher tools in the real window: the teacher PIN (never stored in clear, asked where it
should be and never for quizzes), a roster with accents and Korean names imported into a class,
the class grid and the item analysis against hand-checked numbers, worksheets saved as PDF from
the menu, resetting scores, and the teacher screens rendered at projector size."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from quizapp.core import recording
from quizapp.core.pin import SETTING_KEY, PinGuard
from quizapp.core.session import Mode, QuizSession, QuizSettings
from quizapp.gui.teacher import classes as classes_module
from quizapp.gui.teacher import pin as pin_module
from quizapp.gui.teacher.items import ItemAnalysisModel
from quizapp.gui.teacher.page import TeacherPage
from quizapp.gui.teacher.pin import CHECK, SET, PinDialog
from quizapp.gui.teacher.reset import ResetScoresDialog
from quizapp.gui.teacher.results import ClassGridModel, StudentAnswersModel
from quizapp.gui.teacher.worksheets import WorksheetDialog
from tests.banktext import bank
from tests.gui.plain import rich_labels
from tests.gui.shots import colours, shoot
from tests.gui.test_quiz_window import start
from tests.scoredata import Ticks

PIN = "48213579"
ROSTER = """\
Name;Nickname;E-mail
José García;Pepe;jose@example.org
Zoë Müller;;
김민준;민준이;

이서연;;
François Lefèvre;Franck;
Zoë Müller;Zo;
"""


class Pins:
    """The PIN dialog replaced: every time it would be shown is recorded; it answers
    ``answer`` (True: the right PIN was typed)."""

    def __init__(self):
        self.asked: list[tuple[str, str]] = []
        self.answer = True

    def __call__(self, _parent, _guard, mode, purpose) -> bool:
        self.asked.append((mode, purpose))
        return self.answer


@pytest.fixture
def model_check(request):
    """``qtmodeltester.check`` with a tester of its own per model: one tester watching a
    model and its proxy would see the proxy's reset inside the model's."""
    from pytestqt.modeltest import ModelTester

    testers = []

    def check(model) -> None:
        tester = ModelTester(request.config)
        testers.append(tester)
        tester.check(model, force_py=True)

    yield check
    for tester in testers:
        tester._cleanup()


@pytest.fixture
def pins(monkeypatch) -> Pins:
    fake = Pins()
    monkeypatch.setattr(pin_module, "run_pin_dialog", fake)
    return fake


def on_next_modal(handle, *, timeout_ms: int = 5000) -> None:
    """Run ``handle(dialog)`` on the next modal dialog, once it is shown."""
    waited = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            waited[0] += 10
            if waited[0] < timeout_ms:
                QTimer.singleShot(10, look)
            return
        handle(dialog)

    QTimer.singleShot(0, look)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_pin(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


# --- the class: four students, hand-checked numbers ------------------------------------------

def record_class(window):
    """7B: Ana, Bo, Cy and Di; Eve plays too but is not in the class. One exam on a bank of
    three 1-point questions (one choice, true/false, a number), in the bank's order:

    | student | single          | true/false | numeric | total |
    | Ana     | right           | wrong      | right   | 2/3   |
    | Bo      | right           | right      | wrong   | 2/3   |
    | Cy      | Ebrahim Raisi   | right      | wrong   | 1/3   |
    | Di      | Ebrahim Raisi   | right      | wrong   | 1/3   |
    | Eve     | Ali Khamenei    | wrong      | wrong   | 0     |  (not in the class)

    Then Ana practises the bank and gets everything right (a second grid column).

    Item analysis of the class's exams (n = 4, k = max(1, floor(0.27*4 + 0.5)) = 1; Ana and
    Bo tie at the top, so each is half the upper group; Cy and Di half the lower group each):

    - single: F = 2/4 = 50%; D = 1 - 0 = +1.00; the rest scores (true/false and numeric) are
      1/2 for everyone, so r has no variance: "-". Ebrahim Raisi picked by 2 (upper 0%,
      lower 100%), Ali Khamenei by 0.
    - true/false: F = 3/4 = 75%; upper = (0 + 1)/2 = 0.5, lower = 1: D = -0.50, flagged.
      Rest scores 1, 1/2, 0, 0 against x = 0, 1, 1, 1: r = -0.625 / sqrt(0.75 * 0.6875)
      = -0.87. "False" picked by Ana only: 25%, upper 50%, lower 0%: it attracts strong
      students.
    - numeric: F = 25%; D = 0.5 - 0 = +0.50; rest 1/2, 1, 1/2, 1/2 against 1, 0, 0, 0:
      r = -0.125 / sqrt(0.75 * 0.1875) = -0.33.

    Grid (percent of the answered points): Ana 67% (exam), 100% (practice), average 83%; Bo
    67%; Cy and Di 33%. The exam's class mean is 50%.
    """
    store, banks = window.store, window.library.banks
    ids = {name: store.add_player(name).id for name in ("Ana", "Bo", "Cy", "Di", "Eve")}
    class_7b = store.add_class("7B")
    store.set_members(class_7b.id, [ids[n] for n in ("Ana", "Bo", "Cy", "Di")])
    right, wrong = "Masoud Pezeshkian", "Ebrahim Raisi"
    exams = {"Ana": (right, False, "26"), "Bo": (right, True, "0"), "Cy": (wrong, True, "0"),
             "Di": (wrong, True, "0"), "Eve": ("Ali Khamenei", False, "0")}
    for name, responses in exams.items():
        answer_quiz(store, ids[name], banks, responses, Mode.EXAM)
    answer_quiz(store, ids["Ana"], banks, (right, True, "26"), Mode.PRACTICE)
    return class_7b, ids


def answer_quiz(store, player_id, banks, responses, mode) -> None:
    """One finished quiz, not shuffled, these responses in the bank's order."""
    session = QuizSession.start(banks, QuizSettings((banks[0].id,), shuffle=False, mode=mode),
                                1, clock=Ticks())
    attempt = recording.begin(store, player_id, session)
    for item, response in zip(list(session.items), responses, strict=True):
        session.submit(response)
        recording.record(store, attempt.id, item)
        session.advance()
    store.finish_attempt(attempt.id)


def open_tools(window, qtbot) -> TeacherPage:
    window.teacher_action.trigger()
    assert window.pages.currentWidget() is window.teacher_page
    return window.teacher_page


# --- the PIN -------------------------------------------------------------------------------

def test_the_pin_is_set_on_first_use_typed_twice_and_never_stored_in_clear(make_window,
                                                                            qtbot):
    window = make_window(bank("single"))
    seen = []

    def set_pin(dialog):
        assert isinstance(dialog, PinDialog) and dialog.mode == SET
        seen.append(dialog.windowTitle())
        type_pin(qtbot, dialog.new, PIN)
        type_pin(qtbot, dialog.repeat, PIN[::-1])
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()
        seen.append(dialog.message.text())
        type_pin(qtbot, dialog.new, "12")
        type_pin(qtbot, dialog.repeat, "12")
        click(qtbot, dialog.ok_button)
        seen.append(dialog.message.text())
        type_pin(qtbot, dialog.new, PIN + "x!")  # the field takes digits only
        assert dialog.new.text() == PIN
        type_pin(qtbot, dialog.repeat, PIN)
        click(qtbot, dialog.ok_button)

    on_next_modal(set_pin)
    page = open_tools(window, qtbot)
    assert seen == ["Set a teacher PIN", "The two new PINs are not the same. Type them again.",
                    "A PIN must be 4 to 12 digits (0-9)."]
    assert page.isVisible() and window.teacher_gate.is_unlocked()

    record = window.store.get_setting(SETTING_KEY)
    assert record["kdf"] == "scrypt" and record["n"] >= 2**15
    assert PIN not in json.dumps(record)
    stored = b"".join(p.read_bytes() for p in window.data_dir.glob("scores.sqlite3*"))
    assert PIN.encode() not in stored and PIN[::-1].encode() not in stored
    assert PinGuard.for_store(window.store).check(PIN)

    # Leaving the page locks it: the PIN is asked again, a wrong one is refused.
    click(qtbot, page.lock_button)
    assert window.pages.currentWidget() is window.library_page
    assert not window.teacher_gate.is_unlocked()
    said = []

    def wrong_then_right(dialog):
        assert dialog.mode == CHECK
        type_pin(qtbot, dialog.current, "0000")
        click(qtbot, dialog.ok_button)
        said.append(dialog.message.text())
        assert dialog.current.text() == ""  # nothing of a wrong guess stays on screen
        type_pin(qtbot, dialog.current, PIN)
        click(qtbot, dialog.ok_button)

    on_next_modal(wrong_then_right)
    open_tools(window, qtbot)
    assert said == ["That PIN is not right. Try again."]

    window.history_action.trigger()  # any other page locks the tools too
    assert not window.teacher_gate.is_unlocked()
    on_next_modal(lambda dialog: dialog.reject())
    window.teacher_action.trigger()
    assert window.pages.currentWidget() is window.history_page


def test_teacher_tools_left_alone_lock_themselves(make_window, qtbot, pins, monkeypatch,
                                                 answers_dialogs):
    """A teacher called away from a classroom computer: the roster and results close by
    themselves; input anywhere in the app keeps them open meanwhile."""
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(pin_module, "IDLE_LOCK_MS", 600)
    window = make_window(bank("single"))
    page = open_tools(window, qtbot)
    assert window.teacher_gate.is_unlocked()
    for _ in range(8):  # 1.2 s of work: a mouse move or a key every 150 ms
        qtbot.wait(150)
        qtbot.mouseMove(page, page.rect().center())
        qtbot.keyClick(page, Qt.Key.Key_Shift)
    assert window.pages.currentWidget() is page and window.teacher_gate.is_unlocked()

    # A dialog the page opened (a roster import, say) is left open too: it closes with it.
    dialog = QDialog(page)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    assert QApplication.activeModalWidget() is dialog
    qtbot.waitUntil(lambda: not window.teacher_gate.is_unlocked(), timeout=5000)
    assert not dialog.isVisible()
    assert window.pages.currentWidget() is window.library_page
    assert answers_dialogs[-1][0] == "Teacher tools locked"
    asked = len(pins.asked)
    window.teacher_action.trigger()  # the PIN again
    assert len(pins.asked) == asked + 1 and window.pages.currentWidget() is window.teacher_page


def test_wrong_pins_count_down_before_the_next_try(qtbot):
    record: dict = {}

    class Clock:
        now = 1_000.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    guard = PinGuard(lambda: record.get("pin"), lambda r: record.__setitem__("pin", r), clock)
    guard.set_pin("2468")
    dialog = PinDialog(guard, CHECK, "Type the teacher PIN.")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        type_pin(qtbot, dialog.current, "1111")
        click(qtbot, dialog.ok_button)
    assert dialog.waiting()
    assert dialog.message.text() == "Too many wrong PINs. Try again in 1 second."
    assert not dialog.ok_button.isEnabled() and not dialog.current.isEnabled()
    clock.now += 1.5
    qtbot.waitUntil(lambda: not dialog.waiting(), timeout=3000)
    assert dialog.message.text() == "You can try again now."
    assert dialog.current.isEnabled() and dialog.ok_button.isEnabled()
    type_pin(qtbot, dialog.current, "1111")  # the 4th wrong one: 2 seconds
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Too many wrong PINs. Try again in 2 seconds."
    # A new dialog (the app restarted) waits too: the count is in the stored record.
    again = PinDialog(guard, CHECK)
    qtbot.addWidget(again)
    assert again.waiting() and not again.ok_button.isEnabled()
    clock.now += 2.5
    qtbot.waitUntil(lambda: not again.waiting(), timeout=3000)
    type_pin(qtbot, again.current, "2468")
    with qtbot.waitSignal(again.unlocked):
        click(qtbot, again.ok_button)
    assert guard.failures() == 0


def test_changing_the_pin_needs_the_current_one(make_window, qtbot, answers_dialogs):
    window = make_window(bank("single"))
    PinGuard.for_store(window.store).set_pin(PIN)
    said = []

    def change(dialog):
        type_pin(qtbot, dialog.current, "9999")
        type_pin(qtbot, dialog.new, "13572468")
        type_pin(qtbot, dialog.repeat, "13572468")
        click(qtbot, dialog.ok_button)
        said.append(dialog.message.text())
        type_pin(qtbot, dialog.current, PIN)
        click(qtbot, dialog.ok_button)

    on_next_modal(change)
    window.change_pin_action.trigger()
    assert said == ["The current PIN is not right."]
    assert answers_dialogs[-1] == ("Teacher PIN", "The new teacher PIN is set.\n")
    guard = PinGuard.for_store(window.store)
    assert guard.check("13572468") and not guard.check(PIN)


def test_teacher_tools_ask_the_pin_and_quizzes_never_do(make_window, qtbot, pins, monkeypatch,
                                                        answers_dialogs):
    window = make_window(bank("single", "true_false"))
    # A student takes a quiz and looks at their results: no PIN, ever.
    start(window, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    window.history_action.trigger()
    window.progress_action.trigger()
    assert pins.asked == []

    pins.answer = False  # the wrong PIN, or Cancel: nothing happens
    window.teacher_action.trigger()
    assert window.teacher_page is None and pins.asked[-1][0] == SET
    window.reset_scores_action.trigger()
    assert len(window.store.attempts(include_unfinished=True)) == 1
    assert "Resetting scores" in pins.asked[-1][1]

    def delete_ana(dialog):
        dialog.table.selectRow(0)
        click(qtbot, dialog.delete_button)
        dialog.accept()

    on_next_modal(delete_ana)
    window.players_action.trigger()
    assert "Deleting a player" in pins.asked[-1][1]
    assert [p.name for p in window.store.players()] == ["Ana"]

    def with_key(dialog):
        assert isinstance(dialog, WorksheetDialog) and dialog.key.isChecked()
        click(qtbot, dialog.go_button)

    saved = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: saved.append(a) or ("", "")))
    on_next_modal(with_key)
    window.pdf_worksheet_action.trigger()
    assert "answer key" in pins.asked[-1][1] and saved == []  # stopped before the file
    asked = len(pins.asked)

    def without_key(dialog):
        dialog.key.setChecked(False)
        click(qtbot, dialog.go_button)

    on_next_modal(without_key)
    window.pdf_worksheet_action.trigger()
    assert len(pins.asked) == asked and len(saved) == 1  # a sheet without key needs no PIN

    # With the right PIN the page opens, and stays open without asking again.
    pins.answer = True
    page = open_tools(window, qtbot)
    asked = len(pins.asked)
    chosen = []
    monkeypatch.setattr("quizapp.gui.data_actions.choose_csv_path",
                        lambda *a: chosen.append(a) and None)
    class_id = window.store.add_class("7B").id
    page.export_requested.emit(class_id)
    assert len(pins.asked) == asked and len(chosen) == 1
    click(qtbot, page.lock_button)
    pins.answer = False
    page.export_requested.emit(class_id)  # exporting a class while locked asks the PIN
    assert "Exporting a whole class" in pins.asked[-1][1] and len(chosen) == 1


# --- classes and rosters ---------------------------------------------------------------------

def test_a_roster_with_accents_and_korean_names_fills_a_class(make_window, qtbot, pins,
                                                              monkeypatch, tmp_path,
                                                              answers_dialogs):
    window = make_window(bank("single"))
    window.store.add_player("zoë müller")  # already plays here: reused
    roster = tmp_path / "Klasse 7B – liste.csv"
    roster.write_bytes(ROSTER.encode("utf-8-sig"))
    page = open_tools(window, qtbot)
    panel = page.classes
    monkeypatch.setattr(classes_module, "ask_text", lambda *a: "  7B  ")
    click(qtbot, panel.new_button)
    assert panel.current_class_name() == "7B" and panel.table.rowCount() == 0
    monkeypatch.setattr(classes_module, "choose_roster_path", lambda _parent: roster)
    preview = {}

    def check_and_import(dialog):
        preview["rows"] = [[dialog.table.item(r, c).text() for c in range(4)]
                           for r in range(dialog.table.rowCount())]
        preview["problems"] = [dialog.problems.item(i).text()
                               for i in range(dialog.problems.count())]
        preview["summary"] = dialog.summary.text()
        click(qtbot, dialog.import_button)

    on_next_modal(check_and_import)
    click(qtbot, panel.import_button)
    assert preview["rows"] == [
        ["2", "José García", "Pepe", "new"], ["3", "Zoë Müller", "", "already plays here"],
        ["4", "김민준", "민준이", "new"], ["6", "이서연", "", "new"],
        ["7", "François Lefèvre", "Franck", "new"]]
    assert preview["problems"] == [
        "line 1: column “E-mail” ignored.", "line 5: blank row; skipped.",
        "line 8: “Zoë Müller” is already on line 3; skipped."]
    assert preview["summary"].startswith("5 students found: 4 new, 1 already play")

    class_id = panel.current_class_id()
    members = window.store.class_members(class_id)
    assert [(p.name, p.nickname) for p in members] == [
        ("François Lefèvre", "Franck"), ("José García", "Pepe"), ("zoë müller", None),
        ("김민준", "민준이"), ("이서연", None)]
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == \
        [p.name for p in members]
    assert "7B: 4 new students, 1 student who already played here." in answers_dialogs[-1][1]
    assert len(window.store.players()) == 5

    # Names and nicknames are edited in place.
    nickname = panel.table.item(4, panel.NICKNAME)
    nickname.setText("서연")
    assert window.store.find_player("이서연").nickname == "서연"
    panel.table.item(0, panel.NICKNAME).setText("pepe")  # José's: refused, put back
    assert panel.table.item(0, panel.NICKNAME).text() == "Franck"
    assert "already another player’s nickname" in panel.message.text()

    # On this computer the Player list shows only this class, by nickname where given.
    panel.player_list_box.setChecked(True)
    box = window.library_page.player
    assert [box.itemText(i) for i in range(box.count())] == [
        "Franck", "Pepe", "zoë müller", "민준이", "서연"]
    click(qtbot, page.lock_button)
    box.setCurrentText("Pepe")
    with qtbot.waitSignal(window.quiz_started):
        click(qtbot, window.library_page.start_button)
    assert window.store.attempts(include_unfinished=True)[0].player_name == "José García"
    assert window.store.get_setting("last_player") == "José García"


# --- results and item analysis ---------------------------------------------------------------

def grid_texts(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_class_grid_and_item_analysis_show_hand_checked_numbers(make_window, qtbot, pins,
                                                               model_check):
    window = make_window(bank("single", "true_false", "numeric"))
    class_7b, ids = record_class(window)
    page = open_tools(window, qtbot)
    page.show_tab(page.RESULTS)
    results = page.results
    assert results.current_class_id() == class_7b.id
    assert grid_texts(results.proxy) == [
        ["Ana", "83%", "67%", "100%"], ["Bo", "67%", "67%", ""], ["Cy", "33%", "33%", ""],
        ["Di", "33%", "33%", ""]]
    exam_heading = results.model.headerData(2, Qt.Orientation.Horizontal)
    assert exam_heading.startswith("Test bank\nExam") and exam_heading.endswith("class 50%")
    model_check(results.model)
    model_check(results.proxy)

    # A cell shows the student's answers to that quiz, and opens it for review.
    results.select_cell(ids["Ana"], ClassGridModel.FIRST_QUIZ)
    answers = results.answers
    assert [answers.index(r, StudentAnswersModel.MARK).data()
            for r in range(answers.rowCount())] == ["Right", "Wrong", "Right"]
    assert answers.index(1, StudentAnswersModel.ANSWER).data() == "False"
    model_check(answers)
    results.select_cell(ids["Ana"], ClassGridModel.STUDENT)  # the whole student: 6 answers
    assert answers.rowCount() == 6 and "every answer (6 answers)" in \
        results.student_heading.text()
    results.select_cell(ids["Ana"], ClassGridModel.FIRST_QUIZ)
    with qtbot.waitSignal(page.review_requested) as opened:
        click(qtbot, results.open_button)
    assert window.store.attempt(opened.args[0]).mode == "exam"

    # Item analysis of the class's exams.
    page.show_tab(page.QUESTIONS)
    items = page.items
    items.choose(class_id=class_7b.id, quizzes="exam", which="first")
    model = items.model
    model_check(model)
    model_check(items.proxy)
    m = ItemAnalysisModel
    columns = (m.STUDENTS, m.FACILITY, m.DISCRIMINATION, m.POINT_BISERIAL, m.WRONG_CHOICES,
               m.FLAGS)
    assert [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())] == [
        ["4", "50%", "+1.00", "\u2013", "Ebrahim Raisi 2, Ali Khamenei 0", ""],
        ["4", "75%", "\u22120.50", "\u22120.87", "False 1", "check the key"],
        ["4", "25%", "+0.50", "\u22120.33", "\u2013", ""]]
    assert items.summary.text().startswith("3 questions, 4 students, counting each "
                                           "student's first answer. 1 flagged: sort by "
                                           "Flags to see it.")
    assert "fewer than 10 students" in items.summary.text()
    assert items.table.isColumnHidden(m.BANK)  # one bank: no need to repeat it

    # The flagged question explained, with its choices by group.
    items.select_question("test-bank", "q-tf")
    choices = [[items.choices.item(r, c).text() for c in range(7)]
               for r in range(items.choices.rowCount())]
    assert choices == [["True", "right", "3", "75%", "50%", "100%", ""],
                       ["False", "", "1", "25%", "50%", "0%", "picked more by strong students"]]
    assert "Strong students got it wrong more often" in items.detail.text()

    # Sorted by discrimination, the flagged question comes first.
    items.table.sortByColumn(m.DISCRIMINATION, Qt.SortOrder.AscendingOrder)
    assert items.proxy.index(0, m.QUESTION).data() == "The parade was held on 3 September 2025."

    # Everyone counts Eve too; the latest answers count Ana's practice.
    items.choose(class_id=None, quizzes="all", which="first")
    assert {model.index(r, m.STUDENTS).data() for r in range(model.rowCount())} == {"5"}
    items.choose(class_id=class_7b.id, quizzes="all", which="latest")
    assert model.index(1, m.FACILITY).data() == "100%"  # Ana got it right in practice
    # One quiz of the grid, chosen by its banks and mode.
    items.choose(class_id=class_7b.id, quizzes=("practice", ["test-bank"]))
    assert {model.index(r, m.STUDENTS).data() for r in range(model.rowCount())} == {"1"}


def test_class_results_are_exported_as_shown(make_window, qtbot, pins, monkeypatch,
                                             tmp_path, answers_dialogs):
    window = make_window(bank("single", "true_false", "numeric"))
    class_7b, _ = record_class(window)
    page = open_tools(window, qtbot)
    page.show_tab(page.RESULTS)
    target = tmp_path / "7b.csv"
    monkeypatch.setattr("quizapp.gui.data_actions.choose_csv_path",
                        lambda *a: (target, ";"))
    click(qtbot, page.results.export_button)
    text = target.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert lines == ["student;nickname;Test bank (exam);Test bank (practice);quizzes_taken;"
                     "average_percent",
                     "Ana;;66.7;100;2;83.3", "Bo;;66.7;;1;66.7", "Cy;;33.3;;1;33.3",
                     "Di;;33.3;;1;33.3"]
    assert answers_dialogs[-1][1].startswith(f"Exported 4 students of 7B to {target}.")


def test_reset_scores_backs_up_first_and_keeps_the_players(make_window, qtbot, pins,
                                                           answers_dialogs):
    window = make_window(bank("single", "true_false", "numeric"))
    _, ids = record_class(window)
    before = len(window.store.attempts(include_unfinished=True))

    def choose_ana(dialog):
        assert isinstance(dialog, ResetScoresDialog)
        dialog.student_button.setChecked(True)
        dialog.student.setCurrentIndex(dialog.student.findData(ids["Ana"]))
        assert dialog.summary.text() == "Results of Ana: 2 quizzes (6 answers)."
        click(qtbot, dialog.delete_button)

    on_next_modal(choose_ana)
    window.reset_scores_action.trigger()
    assert pins.asked[-1][0] == SET
    assert [b.reason for b in window.store.backups()].count("pre-reset") == 1
    assert window.store.count_results([ids["Ana"]]) == (0, 0)
    assert len(window.store.attempts(include_unfinished=True)) == before - 2
    assert len(window.store.players()) == 5
    assert answers_dialogs[-2][0] == "Delete these results?"
    assert answers_dialogs[-1][1].startswith("Deleted 2 quizzes (6 answers) of Ana.")


# --- worksheets ------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_worksheet_saved_as_pdf_from_the_menu(make_window, qtbot, pins, monkeypatch, tmp_path,
                                              answers_dialogs):
    window = make_window(bank("single", "true_false", "match"))
    target = tmp_path / "out" / "parade sheet"
    target.parent.mkdir()
    asked = []

    def save_as(*args, **kwargs):
        asked.append(args)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))

    def choose(dialog):
        assert [dialog.banks.item(i).checkState() for i in range(dialog.banks.count())] == \
            [Qt.CheckState.Checked]  # the banks ticked on the library page
        assert dialog.summary.text() == "3 questions available; the worksheet will have 3."
        dialog.title.setText("Victory Day: who came")
        click(qtbot, dialog.go_button)

    on_next_modal(choose)
    window.pdf_worksheet_action.trigger()
    pdf = target.with_name("parade sheet.pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")
    assert asked and asked[0][2].endswith("victory-day-who-came.pdf")
    assert pins.asked and "answer key" in pins.asked[-1][1]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for words in ("Victory Day: who came", "Who represented Iran at the parade?",
                  "Masoud Pezeshkian", "Ebrahim Raisi", "Match leaders to countries.",
                  "Answer key"):
        assert words in text, words
    assert answers_dialogs[-1][1].startswith("Saved 3 questions and their answer key on")


# --- how it looks ----------------------------------------------------------------------------

def test_teacher_screens_at_projector_size(make_window, qtbot, pins, tmp_path):
    window = make_window(bank("single", "true_false", "numeric"))
    class_7b, ids = record_class(window)
    window.store.set_nickname(ids["Bo"], "Bobo")
    page = open_tools(window, qtbot)
    for tab, name in ((page.CLASSES, "teacher-classes"), (page.RESULTS, "teacher-results"),
                      (page.QUESTIONS, "teacher-questions")):
        page.show_tab(tab)
        if tab == page.RESULTS:
            page.results.select_cell(ids["Ana"], ClassGridModel.FIRST_QUIZ)
        image = shoot(qtbot, window, tmp_path, name)
        assert image.width() == 1366 and colours(image) > 8, name
        assert rich_labels(page) == []
    # Every table shows its rows in view at 1366x768: nothing is squeezed to nothing.
    assert page.items.table.columnWidth(ItemAnalysisModel.QUESTION) > 300
    for dialog in (PinDialog(PinGuard.for_store(window.store), SET),
                   ResetScoresDialog(window.store, class_id=class_7b.id),
                   WorksheetDialog(window.library.banks)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert rich_labels(dialog) == []
        dialog.close()


def test_teacher_page_is_a_plain_page_of_the_window(make_window, qtbot, pins):
    window = make_window(bank("single"))
    page = open_tools(window, qtbot)
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.library_page
    assert not window.teacher_gate.is_unlocked()
    assert Path(window.data_dir, "scores.sqlite3").exists()

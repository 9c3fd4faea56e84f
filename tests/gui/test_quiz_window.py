"""Whole quizzes through the real window, by keyboard and by mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QWidget,
)

from quizapp.core.loader import load_bank_text
from quizapp.core.session import Mode, QuizSession, QuizSettings, State
from quizapp.gui.answers import (
    ChoiceAnswer,
    MatchAnswer,
    OrderAnswer,
    TrueFalseAnswer,
    answer_widget,
)
from tests.banktext import bank
from tests.gui.conftest import focused

ENTER = Qt.Key.Key_Return


def start(window, qtbot, *types: str, mode: Mode = Mode.PRACTICE, **settings) -> None:
    """Set up and start a quiz through the setup form (not shuffled, for a known order)."""
    page = window.library_page
    page.shuffle.setChecked(False)
    page.count.setValue(0)
    (page.exam if mode is Mode.EXAM else page.practice).setChecked(True)
    page.player.setCurrentText("Ana")
    for key, value in settings.items():
        if key == "timer":
            page.timer.setCurrentIndex(page.timer.findData(value))
        elif key == "timer_seconds":
            page.timer_amount.setValue(value)
    with qtbot.waitSignal(window.quiz_started):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: focused() is not None and window.quiz_page.isAncestorOf(focused()))


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    widget = focused()
    assert widget is not None, "no widget has the keyboard focus"
    qtbot.keyClick(widget, k, modifier)


def type_text(qtbot, text: str):
    qtbot.keyClicks(focused(), text)


def verdict(window) -> str:
    return window.quiz_page.verdict.text()


# --- one quiz per type, keyboard only ----------------------------------------------------


def test_single_choice_by_keyboard(make_window, qtbot):
    window = make_window(bank("single"))
    start(window, qtbot)
    assert isinstance(focused(), QRadioButton)  # focus lands on the answers
    key(qtbot, Qt.Key.Key_A)  # A: Masoud Pezeshkian (not shuffled)
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔") and "Correct" in verdict(window)
    assert "Source: Associated Press, 3 September 2025" in window.quiz_page.source.text()
    with qtbot.waitSignal(window.quiz_page.finished):
        key(qtbot, ENTER)
    assert window.pages.currentWidget() is window.results_page
    assert window.results_page.headline.text() == "You scored 1 of 1 (100%)"


def test_wrong_single_choice_says_so_in_words_and_shows_the_answer(make_window, qtbot):
    window = make_window(bank("single"))
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_2)  # digits pick too: B, Ebrahim Raisi
    key(qtbot, ENTER)
    assert verdict(window) == "✘  Not right"
    assert window.quiz_page.expected.text() == "Correct answer: Masoud Pezeshkian"
    assert window.quiz_page.explanation.text() == "He came after the SCO summit."
    buttons = window.quiz_page.answer.buttons
    assert "✔ correct answer" in buttons[0].text() and "✘ your choice" in buttons[1].text()


def test_multiple_choice_by_keyboard_with_partial_credit(make_window, qtbot):
    window = make_window(bank("multiple"))
    start(window, qtbot)
    assert isinstance(focused(), QCheckBox)
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, Qt.Key.Key_C)
    key(qtbot, Qt.Key.Key_C)  # toggled back off
    key(qtbot, ENTER)
    assert verdict(window) == "◐  Partly right: 50% of the points"
    assert window.quiz_page.score_label.text() == "Score 0.5 / 1"


def test_true_false_by_keyboard(make_window, qtbot):
    window = make_window(bank("true_false"))
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_F)
    key(qtbot, Qt.Key.Key_T)
    assert window.quiz_page.answer.response() is True
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔")


def test_short_answer_typed_with_a_typo(make_window, qtbot):
    window = make_window(bank("short"))
    start(window, qtbot)
    assert isinstance(focused(), QLineEdit)
    type_text(qtbot, "tianamen square")
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔")
    assert "“Tiananmen Square”" in window.quiz_page.note.text()


@pytest.mark.parametrize("typed,right", [("26", True), ("26.0", True), ("1,000", False)])
def test_numeric_answer_accepts_number_forms(make_window, qtbot, typed, right):
    window = make_window(bank("numeric"))
    start(window, qtbot)
    type_text(qtbot, typed)
    assert focused().text() == typed
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔" if right else "✘")


def test_numeric_field_refuses_letters(make_window, qtbot):
    window = make_window(bank("numeric"))
    start(window, qtbot)
    type_text(qtbot, "2x6")
    assert focused().text() == "26"


def test_order_by_keyboard_alt_arrows(make_window, qtbot):
    window = make_window(bank("order"))
    start(window, qtbot)
    answer = window.quiz_page.answer
    assert isinstance(answer, OrderAnswer) and isinstance(focused(), QListWidget)
    target = ["1959", "2015", "2025"]
    # Selection sort with Alt+Up / Alt+Down, only by keys.
    for position, wanted in enumerate(target):
        current = answer.response()
        row = current.index(wanted)
        answer.list.setCurrentRow(row)
        for _ in range(row - position):
            key(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert answer.response() == target
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔")


def test_match_by_keyboard(make_window, qtbot):
    window = make_window(bank("match"))
    start(window, qtbot)
    answer = window.quiz_page.answer
    assert isinstance(answer, MatchAnswer) and isinstance(focused(), QComboBox)
    for left, right in (("Fico", "Slovakia"), ("Vučić", "Serbia")):
        combo = answer.combos[left]
        assert focused() is combo
        while combo.currentText() != right:
            key(qtbot, Qt.Key.Key_Down)
        key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, ENTER)
    assert verdict(window).startswith("✔")


# --- mouse, exam, timer, retry ----------------------------------------------------------


def test_whole_quiz_by_mouse(make_window, qtbot):
    window = make_window(bank("single", "true_false", "order"))
    start(window, qtbot)
    page = window.quiz_page
    qtbot.mouseClick(page.answer.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert verdict(window).startswith("✔")
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert isinstance(page.answer, TrueFalseAnswer)
    qtbot.mouseClick(page.answer.false_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert verdict(window).startswith("✘")
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    answer = page.answer
    for position, wanted in enumerate(["1959", "2015", "2025"]):
        answer.list.setCurrentRow(answer.response().index(wanted))
        while answer.response().index(wanted) > position:
            qtbot.mouseClick(answer.up, Qt.MouseButton.LeftButton)
    assert answer.response() == ["1959", "2015", "2025"]
    qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.finished):
        qtbot.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    assert window.results_page.headline.text() == "You scored 2 of 3 (67%)"


def test_exam_mode_gives_feedback_only_at_the_end(make_window, qtbot):
    window = make_window(bank("single", "true_false"))
    start(window, qtbot, mode=Mode.EXAM)
    key(qtbot, Qt.Key.Key_B)
    key(qtbot, ENTER)
    assert window.quiz_page.feedback.isHidden()
    assert window.quiz_page.score_label.text() == ""
    assert isinstance(window.quiz_page.answer, TrueFalseAnswer)
    key(qtbot, Qt.Key.Key_T)
    with qtbot.waitSignal(window.quiz_page.finished):
        key(qtbot, ENTER)
    table = window.results_page.table
    assert table.item(0, 2).text() == "Ebrahim Raisi"
    assert table.item(0, 3).text() == "Masoud Pezeshkian"
    assert table.item(1, 4).text() == "1 / 1"
    assert window.results_page.headline.text() == "You scored 1 of 2 (50%)"


def test_per_question_timer_runs_out(make_window, qtbot, monkeypatch):
    window = make_window(bank("single", "true_false"))
    clock = [1000.0]
    monkeypatch.setattr(window.quiz_page, "_clock", lambda: clock[0])
    start(window, qtbot, timer="question", timer_seconds=20)
    page = window.quiz_page
    qtbot.waitUntil(lambda: page.timer_label.text() == "0:20 left")
    clock[0] += 21
    qtbot.waitUntil(lambda: not page.feedback.isHidden(), timeout=2000)
    assert verdict(window) == "✘  No answer"
    assert page.session.current.response is None


def test_whole_quiz_timer_ends_the_quiz(make_window, qtbot, monkeypatch):
    window = make_window(bank("single", "true_false", "short"))
    clock = [50.0]
    monkeypatch.setattr(window.quiz_page, "_clock", lambda: clock[0])
    start(window, qtbot, timer="quiz", timer_seconds=600)
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, ENTER)
    key(qtbot, ENTER)
    assert "Quiz: 10:00 left" in window.quiz_page.timer_label.text()
    clock[0] += 601
    with qtbot.waitSignal(window.quiz_page.finished, timeout=2000):
        pass
    assert window.results_page.headline.text() == "You scored 1 of 3 (33%)"
    assert window.results_page.table.item(2, 2).text() == "(not reached)"


def test_retry_the_ones_i_missed(make_window, qtbot):
    window = make_window(bank("single", "true_false", "numeric"))
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, ENTER)
    key(qtbot, ENTER)
    key(qtbot, Qt.Key.Key_F)
    key(qtbot, ENTER)
    key(qtbot, ENTER)
    type_text(qtbot, "25")
    key(qtbot, ENTER)
    with qtbot.waitSignal(window.quiz_page.finished):
        key(qtbot, ENTER)
    with qtbot.waitSignal(window.quiz_started):
        qtbot.mouseClick(window.results_page.retry_button, Qt.MouseButton.LeftButton)
    session = window.quiz_page.session
    assert sorted(q for _, q in session.keys) == ["q-numeric", "q-tf"]
    assert session.state is State.ANSWERING and session.total == 2


def test_escape_asks_before_leaving(make_window, qtbot, answers_dialogs):
    window = make_window(bank("single"))
    start(window, qtbot)
    with qtbot.waitSignal(window.quiz_page.left):
        key(qtbot, Qt.Key.Key_Escape)
    assert answers_dialogs and answers_dialogs[0][0] == "Leave the quiz?"
    assert window.pages.currentWidget() is window.library_page


def test_setup_is_remembered(make_window, qtbot):
    window = make_window(bank())
    start(window, qtbot, mode=Mode.EXAM, timer="question", timer_seconds=45)
    saved = QuizSettings.from_dict(window.prefs.last_setup)
    assert saved.mode is Mode.EXAM and saved.timer == "question" and saved.timer_seconds == 45
    assert window.prefs.last_player == "Ana"


# --- banks in the window ---------------------------------------------------------------------


def test_bank_edited_on_disk_reloads_by_itself(make_window, qtbot):
    window = make_window(bank("single"))
    path = window.library.banks[0].path
    assert window.library_page.banks.topLevelItem(0).text(1) == "1"
    with qtbot.waitSignal(window.library_reloaded, timeout=5000):
        path.write_text(bank("single", "true_false").replace('"Test bank"', '"Edited"'),
                        encoding="utf-8")
    row = window.library_page.banks.topLevelItem(0)
    assert (row.text(0), row.text(1)) == ("Edited", "2")
    with qtbot.waitSignal(window.library_reloaded, timeout=5000):
        path.write_text("format: 1\nid: [\n", encoding="utf-8")
    assert window.library_page.banks.topLevelItemCount() == 0
    problems = window.library_page.problems
    assert problems.isVisibleTo(window) and str(path) in problems.item(0).text()


def test_failed_banks_are_listed_with_their_located_errors(make_window, qtbot):
    window = make_window(bank(bank_id="good"), bank("single", bank_id="bad")
                         .replace("type: single", "type: essay"))
    assert [b.id for b in window.library.banks] == ["good"]
    line = window.library_page.problems.item(0).text()
    assert line.endswith("bank1.yaml:13:11: question 'q-single': unknown question type 'essay'; "
                         "use one of: single, multiple, true_false, short, numeric, order, match")


def test_markup_in_a_bank_is_shown_literally(make_window, qtbot, tmp_path):
    evil = '<img src="/etc/passwd"><b>Correct!</b> <a href="http://x">click</a>'
    text = bank("single").replace("Who represented Iran at the parade?", evil.replace('"', '\\"'))
    text = text.replace("He came after the SCO summit.", "<font color=green>Correct!</font>")
    window = make_window(text)
    start(window, qtbot)
    page = window.quiz_page
    assert page.prompt.text() == evil
    assert page.prompt.textFormat() == Qt.TextFormat.PlainText
    key(qtbot, Qt.Key.Key_B)
    key(qtbot, ENTER)
    assert page.explanation.text() == "<font color=green>Correct!</font>"
    assert page.explanation.textFormat() == Qt.TextFormat.PlainText
    assert verdict(window) == "✘  Not right"


def test_choice_text_with_ampersand_is_shown(make_window, qtbot):
    window = make_window(bank("single").replace("Ali Khamenei", '"Tom & Jerry"'))
    start(window, qtbot)
    assert isinstance(window.quiz_page.answer, ChoiceAnswer)
    assert window.quiz_page.answer.buttons[2].text() == "C.  Tom && Jerry"


def test_open_bank_file_checks_and_copies_it(make_window, qtbot, tmp_path, answers_dialogs):
    window = make_window(bank())
    outside = tmp_path / "new-bank.yaml"
    outside.write_text(bank("single", bank_id="new-bank"), encoding="utf-8")
    window.open_bank_file(outside)
    assert "new-bank" in [b.id for b in window.library.banks]
    assert (window.user_banks / "new-bank.yaml").exists()
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\n", encoding="utf-8")
    window.open_bank_file(broken)
    assert answers_dialogs[-1][0] == "This bank has problems"
    assert "missing required key" in answers_dialogs[-1][1]
    assert not (window.user_banks / "broken.yaml").exists()


def test_text_size_and_contrast_are_remembered(make_window, qtbot):
    window = make_window(bank())
    before = window.prefs.point_size
    window.bigger_action.trigger()
    window.bigger_action.trigger()
    window.smaller_action.trigger()
    assert window.prefs.point_size == before + 1
    window.contrast_action.trigger()
    assert window.prefs.high_contrast is True


def test_every_answer_control_has_an_accessible_name(qtbot):
    session = QuizSession.start([load_bank_text(bank())], QuizSettings(("test-bank",)), seed=1)
    kinds = set()
    for item in session.items:
        widget = answer_widget(item)
        qtbot.addWidget(widget)
        kinds.add(type(widget))
        controls = [c for c in widget.findChildren(QWidget)
                    if isinstance(c, QRadioButton | QCheckBox | QLineEdit | QListWidget
                                  | QComboBox | QPushButton)]
        assert controls, item.question.type
        for control in controls:
            assert control.accessibleName() or control.text(), (item.question.type, control)
    assert len(kinds) == 5


def _loading_window(qtbot, tmp_path, banks: int):
    """A window with an empty library over a folder of ``banks`` banks, and the progress it
    is told as it reads them (``load_in_background``)."""
    from quizapp.core.cache import BankCache
    from quizapp.core.library import Library
    from quizapp.gui.main_window import MainWindow

    folder = tmp_path / "banks"
    folder.mkdir()
    for i in range(banks):
        (folder / f"b{i}.yaml").write_text(bank(bank_id=f"b{i}"), encoding="utf-8")
    window = MainWindow(Library(), [folder], tmp_path / "data",
                        cache=BankCache(tmp_path / "cache"))
    qtbot.addWidget(window)
    progress = []
    window.background.progressed.connect(lambda n, total: progress.append((n, total)))
    return window, progress


def test_banks_load_in_the_background_with_progress(qtbot, tmp_path, answers_dialogs):
    window, progress = _loading_window(qtbot, tmp_path, 5)
    window.show()
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        window.load_in_background()
        assert not window.library_page.start_button.isEnabled()
    assert [b.id for b in window.library.banks] == [f"b{i}" for i in range(5)]
    assert progress[-1] == (5, 5)
    assert window.library_page.start_button.isEnabled()
    assert len(list((tmp_path / "cache").glob("*.json"))) == 5


def test_loading_progress_is_told_at_most_every_so_often(qtbot, tmp_path, monkeypatch):
    """Every signal makes the window's thread wait for the loading thread: with 500 cached
    banks, one per file slowed the load by half. The first and the last file are always told."""
    from quizapp.gui import loading

    monkeypatch.setattr(loading, "PROGRESS_EVERY_S", 3600)
    window, progress = _loading_window(qtbot, tmp_path, 6)
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        window.load_in_background()
    assert progress == [(1, 6), (6, 6)]
    assert len(window.library.banks) == 6

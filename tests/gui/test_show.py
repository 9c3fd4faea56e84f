"""The quiz show through its real windows: a whole show by keyboard, the countdown, the console,
the setup dialog and the entry point, resume after kill -9, past shows and their CSV, and the
presentation's sizes at 1920x1080 and 1280x720."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from quizapp.core import paths
from quizapp.core import show as show_module
from quizapp.core.loader import load_bank_text, load_library
from quizapp.core.show import Show, ShowSettings, ShowState
from quizapp.core.store import ScoreStore
from quizapp.gui import show as show_gui
from quizapp.gui.show import run_show, start_show
from quizapp.gui.show.controller import choose_screens
from quizapp.gui.show.history import PastShowsDialog
from quizapp.gui.show.setup import ShowSetupDialog
from tests.banktext import HEADER, QUESTIONS
from tests.conftest import REPO

K = Qt.Key
TEAMS = ("Lions", "Tigers", "Bears")
# q-single (1 point), q-tf (2 points), q-numeric (1 point, doubled in the final round).
BANK = (HEADER.format(bank_id="test-bank") + QUESTIONS["single"]
        + QUESTIONS["true_false"].replace("    source: src\n", "    source: src\n    points: 2\n")
        + QUESTIONS["numeric"])


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bank_obj():
    return load_bank_text(BANK)


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data") as s:
        yield s


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def running(qtbot, bank_obj, store, clock, answers_dialogs):
    """A stored show of the three questions with three teams, its windows open."""
    controllers = []

    def make(countdown: int = 10, final_round: int = 1, console: bool = True,
             animate: bool = False, **settings):
        show = Show.start([bank_obj], ShowSettings(
            bank_ids=("test-bank",), teams=settings.pop("teams", TEAMS), count=None,
            countdown=countdown, final_round=final_round, shuffle=False, **settings), seed=1)
        record = show_module.begin(store, show)
        controller = run_show(show, None, store, record, console=console, clock=clock,
                              full_screen=False, animate=animate)
        controllers.append(controller)
        qtbot.addWidget(controller.presentation)
        qtbot.addWidget(controller.console)
        controller.presentation.resize(1280, 720)
        qtbot.waitExposed(controller.presentation)
        return controller

    yield make
    for controller in controllers:
        controller.close()


def press(qtbot, controller, *keys, window=None) -> None:
    for key in keys:
        qtbot.keyClick(window or controller.presentation, key)


def stored_marks(store, controller) -> list[tuple[str, tuple[bool, ...]]]:
    """What a second connection to the file sees: committed rows only."""
    other = ScoreStore.open(store.db_path.parent, daily_backup=False)
    try:
        return [(q.question_id, q.correct)
                for q in other.show_results(controller.record.id).questions]
    finally:
        other.close()


def chips(controller) -> list[str]:
    return [f"{c.label.text()} {c.tick.text()}" for c in
            controller.presentation.question_view.chips]


# --- a whole show by keyboard ------------------------------------------------------------------


def test_a_whole_show_with_three_teams_by_keyboard(running, qtbot, store, clock,
                                                    answers_dialogs):
    c = running()
    view = c.presentation.question_view
    assert view.position.text() == "Question 1 of 3" and view.countdown.text() == "0:10"
    assert view.answer_panel.isHidden()

    press(qtbot, c, K.Key_1)  # before the reveal a team key does nothing
    assert c.show.current.marks == [False, False, False]
    press(qtbot, c, K.Key_R)
    assert c.show.state is ShowState.REVEALED and not view.answer_panel.isHidden()
    assert view.answer.text() == "✔  A  —  Masoud Pezeshkian"
    assert view.explanation.text() == "He came after the SCO summit."
    assert view.source.text() == ("Source: Associated Press, 3 September 2025, "
                                  "“A source”")
    assert [t.property("state") for t in view.tiles] == ["right", "dim", "dim"]
    assert stored_marks(store, c) == [("q-single", (False, False, False))]  # revealed: saved

    press(qtbot, c, K.Key_1, K.Key_3, K.Key_2, K.Key_Z)  # Tigers marked, then taken back
    assert chips(c) == ["1  Lions ✔", "2  Tigers –", "3  Bears ✔"]
    assert stored_marks(store, c) == [("q-single", (True, False, True))]

    press(qtbot, c, K.Key_Right)
    assert c.show.state is ShowState.SCOREBOARD
    board = c.presentation.scoreboard_view
    assert board.title.text() == "Scores after question 1 of 3"
    assert board.rows_text() == [("1st", "1  Lions", "1"), ("1st", "3  Bears", "1"),
                                 ("3rd", "2  Tigers", "0")]

    press(qtbot, c, K.Key_PageDown)  # the clicker's "next"
    assert (c.show.position, c.show.state) == (2, ShowState.QUESTION)
    assert view.points.text() == "2 points" and view.countdown.text() == "0:10"
    with qtbot.waitSignal(c.time_ran_out, timeout=2000):  # the teams take too long
        clock.now += 10.5
    assert view.countdown.text() == "■  Time's up!"
    press(qtbot, c, K.Key_Left)  # back to the scoreboard, then on again
    assert c.presentation.pages.currentWidget() is board
    press(qtbot, c, K.Key_Right)
    assert c.show.position == 2 and c.presentation.pages.currentWidget() is view

    press(qtbot, c, K.Key_Right)  # on a question, "next" reveals: a clicker runs the show
    assert c.show.state is ShowState.REVEALED and view.answer.text() == "✔  True"
    press(qtbot, c, K.Key_2)
    press(qtbot, c, K.Key_Right)
    assert board.rows_text() == [("1st", "2  Tigers", "2"), ("2nd", "1  Lions", "1"),
                                 ("2nd", "3  Bears", "1")]
    assert board.subtitle.text().startswith("★  Next: the final round")

    press(qtbot, c, K.Key_Right)  # question 3: the double-points final round
    assert view.double_badge.isVisible() and view.points.text() == "2 points"
    press(qtbot, c, K.Key_R, K.Key_1)
    assert view.answer.text() == "✔  26"
    press(qtbot, c, K.Key_Right)
    assert board.title.text() == "Final scores"
    # Lions 1 + 2 = 3, Tigers 2, Bears 1.
    assert board.rows_text() == [("1st", "1  Lions", "3"), ("2nd", "2  Tigers", "2"),
                                 ("3rd", "3  Bears", "1")]
    with qtbot.waitSignal(c.finished):
        press(qtbot, c, K.Key_Right)
    assert c.presentation.pages.currentWidget() is c.presentation.podium_view
    assert c.presentation.podium_view.podium_text() == [("1st", "Lions"), ("2nd", "Tigers"),
                                                        ("3rd", "Bears")]
    results = store.show_results(c.record.id)
    assert results.show.status == "finished"
    assert [(t.name, t.points, t.correct) for t in results.teams] == [
        ("Lions", 3.0, 2), ("Tigers", 2.0, 1), ("Bears", 1.0, 1)]
    assert [(q.question_id, q.points, q.doubled) for q in results.questions] == [
        ("q-single", 1.0, False), ("q-tf", 2.0, False), ("q-numeric", 2.0, True)]

    press(qtbot, c, K.Key_1)  # the show is over: marks stay
    assert store.show_results(c.record.id).teams[0].points == 3.0
    with qtbot.waitSignal(c.closed):
        press(qtbot, c, K.Key_Escape)  # nothing to lose: no question asked
    assert answers_dialogs == [] and not c.presentation.isVisible()


def test_the_countdown_runs_out_with_a_clear_end(running, qtbot, clock):
    c = running(countdown=20)
    view = c.presentation.question_view
    assert view.countdown.text() == "0:20" and view.countdown.property("state") == "running"
    clock.now += 12.5
    qtbot.waitUntil(lambda: view.countdown.text() == "0:08", timeout=2000)
    press(qtbot, c, K.Key_T)  # stop: the time stands still
    clock.now += 100
    qtbot.wait(250)
    assert view.countdown.text() == "❚❚  0:08" and view.countdown.property("state") == "paused"
    press(qtbot, c, K.Key_T)
    with qtbot.waitSignal(c.time_ran_out, timeout=2000):
        clock.now += 8
    assert view.countdown.text() == "■  Time's up!"
    assert view.countdown.property("state") == "ended"
    assert c.console.timer.text() == "Time's up!"
    assert c.show.state is ShowState.QUESTION  # the teacher reveals when the room is ready
    press(qtbot, c, K.Key_R)
    assert view.countdown.isHidden()


def test_without_a_countdown_none_is_shown(running, qtbot):
    c = running(countdown=0)
    assert c.presentation.question_view.countdown.isHidden()
    press(qtbot, c, K.Key_T)
    assert c.console.timer.text() == "No countdown"


def test_escape_asks_and_the_show_stays_resumable(running, qtbot, store, monkeypatch):
    c = running()
    press(qtbot, c, K.Key_R, K.Key_2)
    answer = []

    def ask(_parent, title, _text):
        answer.append(title)
        return len(answer) > 1  # "No" the first time, "Yes" the second

    monkeypatch.setattr(show_gui.controller.dialogs, "ask", ask)
    press(qtbot, c, K.Key_Escape)
    assert c.is_open and c.presentation.isVisible()  # "No": the show goes on
    with qtbot.waitSignal(c.closed):
        press(qtbot, c, K.Key_Escape)
    assert answer == ["Leave the quiz show?"] * 2
    assert store.unfinished_show().id == c.record.id


def test_the_presenter_console_shows_the_answer_first_and_takes_keys_and_clicks(
        running, qtbot, store):
    c = running()
    console = c.console
    assert console.isVisible()
    assert console.prompt.text() == "Who represented Iran at the parade?"
    assert console.answer.text() == "Answer: A  —  Masoud Pezeshkian"  # before the room
    assert console.next_prompt.text() == "The parade was held on 3 September 2025."
    assert [b.isEnabled() for b in console.team_boxes] == [False, False, False]
    press(qtbot, c, K.Key_R, window=console.next_button)  # keys work in the console too
    assert c.show.state is ShowState.REVEALED
    box = console.team_boxes[1]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))
    assert c.show.current.marks == [False, True, False]
    assert chips(c)[1] == "2  Tigers ✔"  # the projector follows
    assert stored_marks(store, c) == [("q-single", (False, True, False))]
    qtbot.mouseClick(console.undo_button, Qt.MouseButton.LeftButton)
    assert not console.team_boxes[1].isChecked() and c.show.current.marks[1] is False
    qtbot.mouseClick(console.next_button, Qt.MouseButton.LeftButton)
    assert "Scoreboard" in console.status.text()
    assert console.standings.text().splitlines()[0] == "1st   1 Lions   0"


def test_ending_the_show_early_shows_the_podium(running, qtbot, store, answers_dialogs):
    c = running()
    press(qtbot, c, K.Key_R, K.Key_3)
    with qtbot.waitSignal(c.finished):
        qtbot.mouseClick(c.console.end_button, Qt.MouseButton.LeftButton)
    assert answers_dialogs[-1][0] == "End the show now?"
    assert c.presentation.podium_view.podium_text()[0] == ("1st", "Bears")
    assert store.show(c.record.id).status == "finished"


def test_a_tie_shares_the_podium_step(running, qtbot):
    c = running(teams=("Red", "Blue", "Green", "Gold"))
    press(qtbot, c, K.Key_R, K.Key_1, K.Key_2, K.Key_Right, K.Key_Right, K.Key_R, K.Key_4)
    c.end_now()
    # Red 1, Blue 1, Gold 2, Green 0.
    assert c.presentation.podium_view.podium_text() == [("1st", "Gold"), ("2nd", "Red, Blue")]
    assert c.presentation.podium_view.others.text() == "4th  Green  0"


def test_the_scoreboard_moves_only_when_motion_is_allowed(running, qtbot):
    still = running()  # the default: reduced motion, nothing moves
    press(qtbot, still, K.Key_R, K.Key_1, K.Key_Right)
    bar = still.presentation.scoreboard_view.rows[0].bar
    assert bar.animation.state() != bar.animation.State.Running and bar.value == 1.0
    moving = running(animate=True)
    press(qtbot, moving, K.Key_R, K.Key_1, K.Key_Right)
    bar = moving.presentation.scoreboard_view.rows[0].bar
    assert bar.animation.state() == bar.animation.State.Running and bar.value < 1.0
    qtbot.waitUntil(lambda: bar.value == 1.0, timeout=3000)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen only
def test_f_toggles_full_screen_and_p_brings_the_console_back(running, qtbot):
    c = running()
    c.console.close()  # closing the console only hides it
    assert not c.console.isVisible() and c.is_open
    press(qtbot, c, K.Key_P)
    assert c.console.isVisible()
    press(qtbot, c, K.Key_F)
    assert c.presentation.isFullScreen()
    press(qtbot, c, K.Key_F5)
    assert not c.presentation.isFullScreen()


def test_held_keys_act_once_and_other_windows_keep_their_keys(running, qtbot):
    c = running()
    press(qtbot, c, K.Key_R)
    qtbot.keyPress(c.presentation, K.Key_1)
    repeat = QKeyEvent(QEvent.Type.KeyPress, K.Key_1, Qt.KeyboardModifier.NoModifier, "1",
                       True)
    QApplication.sendEvent(c.presentation, repeat)
    assert c.show.current.marks == [True, False, False]
    other = QLabel("elsewhere")
    qtbot.addWidget(other)
    qtbot.keyClick(other, K.Key_2)  # not a show window: not a show key
    assert c.show.current.marks == [True, False, False]


SCREENS_CONFIG = {"screens": [
    {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
    {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.mark.parametrize("screens,expected", [
    (SCREENS_CONFIG["screens"], {"presentation": "projector", "console": True,
                                 "console_screen": "laptop", "size": [1920, 1080]}),
    (SCREENS_CONFIG["screens"][:1], {"presentation": "laptop", "console": False,
                                     "size": [1366, 768]}),
])
def test_the_presentation_goes_full_screen_on_the_projector(tmp_path, screens, expected):
    """Two screens: presentation on the second, full screen; console on the laptop. One
    screen: the presentation only."""
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    child = subprocess.run([sys.executable, "-m", "tests.gui.show_screens_child", str(bank)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    placed = json.loads(child.stdout.strip().splitlines()[-1])
    assert placed["full_screen"] is True
    assert {k: placed[k] for k in expected} == expected
    if expected["size"][1] == 1080:
        assert placed["question_px"] >= 48


def test_two_screens_put_the_presentation_on_the_other_one():
    laptop, projector, third = object(), object(), object()
    assert choose_screens([laptop, projector], laptop) == (projector, laptop)
    assert choose_screens([projector, laptop], laptop) == (projector, laptop)
    assert choose_screens([laptop, projector, third], laptop) == (projector, laptop)
    assert choose_screens([laptop], laptop) == (laptop, None)
    assert choose_screens([laptop, projector], None) == (projector, laptop)


# --- what the projector shows: sizes, plain text, screenshots -------------------------------------


def all_bundled():
    library = load_library([paths.bundled_banks_dir()])
    return library.banks


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_every_bundled_question_fits_the_screen_and_the_question_is_big(qtbot, size):
    """Every question of every bundled bank, revealed: the question text is at least 48 px at
    1920x1080 (32 px at 1280x720, the same share of the height), and everything fits."""
    banks = all_bundled()
    settings = ShowSettings(bank_ids=tuple(b.id for b in banks), teams=TEAMS, count=None,
                            countdown=20, shuffle=False)
    show = Show.start(banks, settings, seed=1)
    c = run_show(show, None, None, None, console=False, full_screen=False)
    qtbot.addWidget(c.presentation)
    c.presentation.resize(*size)
    view = c.presentation.question_view
    smallest, worst = 10_000, None
    try:
        for item in show.items:
            show.index, show.state = show.items.index(item), ShowState.REVEALED
            item.revealed = True
            c.presentation.show_state(show, c.countdown)
            px = view.question_pixel_size()
            if px < smallest:
                smallest, worst = px, item.question.id
            assert view._needed_height() <= view.height(), item.question.id
    finally:
        c.close()
    assert smallest >= round(48 * size[1] / 1080), worst


def test_bank_and_team_text_is_plain_text_on_both_windows(qtbot, store, clock,
                                                          answers_dialogs):
    evil = '<img src="/etc/passwd"><b>Correct!</b>'
    text = BANK.replace("Who represented Iran at the parade?", evil.replace('"', '\\"'))
    text = text.replace("Ali Khamenei", '"<i>Ali</i>"').replace(
        "He came after the SCO summit.", "<font color=green>Correct!</font>")
    bank = load_bank_text(text)
    show = Show.start([bank], ShowSettings(bank_ids=("test-bank",),
                                           teams=("<b>Red</b>", "Blue"), count=None,
                                           shuffle=False), seed=1)
    c = run_show(show, None, None, None, console=True, clock=clock, full_screen=False)
    qtbot.addWidget(c.presentation)
    qtbot.addWidget(c.console)
    try:
        c.reveal()
        c.next()
        for window in (c.presentation, c.console):
            labels = window.findChildren(QLabel)
            assert labels and all(label.textFormat() == Qt.TextFormat.PlainText
                                  for label in labels), window
        assert c.presentation.question_view.prompt.text() == evil
        assert c.presentation.question_view.explanation.text() == \
            "<font color=green>Correct!</font>"
        assert c.presentation.scoreboard_view.rows_text()[0][1] == "1  <b>Red</b>"
    finally:
        c.close()


SCREENS = ["question", "revealed", "scoreboard", "podium"]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_screenshots_of_the_presentation(running, qtbot, tmp_path, size):
    """PNG screenshots of each screen (set QUIZAPP_SCREENSHOTS=folder to keep them); they are
    the window's size, not blank, and nothing is cut off."""
    c = running(countdown=30, final_round=2)
    c.presentation.resize(*size)
    folder = Path(os.environ.get("QUIZAPP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCREENS:
        if name == "revealed":
            press(qtbot, c, K.Key_R, K.Key_1, K.Key_3)
        elif name == "scoreboard":
            press(qtbot, c, K.Key_Right)
        elif name == "podium":
            c.end_now()
        qtbot.wait(50)
        image = c.presentation.grab().toImage()
        path = folder / f"show-{name}-{size[0]}x{size[1]}.png"
        assert image.save(str(path))
        assert (image.width(), image.height()) == size
        colours = {image.pixelColor(x, y).name() for x in range(0, size[0], 40)
                   for y in range(0, size[1], 40)}
        assert len(colours) >= 3, name  # black, white and more: something is drawn
        if name in ("question", "revealed"):
            view = c.presentation.question_view
            assert view._needed_height() <= view.height()
    assert view.question_pixel_size() >= round(48 * size[1] / 1080)


def test_question_font_is_at_least_48_px_at_1920x1080(running, qtbot):
    c = running()
    c.presentation.resize(1920, 1080)
    qtbot.wait(20)
    view = c.presentation.question_view
    assert view.prompt.font().pixelSize() >= 48
    press(qtbot, c, K.Key_R)
    assert view.prompt.font().pixelSize() >= 48
    assert view.prompt.objectName() == "showQuestion"


# --- setup dialog and the entry point ------------------------------------------------------------


def test_setup_dialog_makes_settings_and_says_what_is_wrong(qtbot, bank_obj):
    dialog = ShowSetupDialog([bank_obj], selected=["test-bank"])
    qtbot.addWidget(dialog)
    assert dialog.count.maximum() == 3 and dialog.team_count.value() == 3
    dialog.team_names[1].setText("lions")
    dialog.team_names[0].setText("Lions")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Two teams are called lions" in dialog.error.text()
    dialog.team_names[1].setText("Tigers")
    dialog.team_count.setValue(4)
    dialog.team_names[3].setText("Owls")
    dialog.countdown.setCurrentIndex(dialog.countdown.findData(30))
    dialog.count.setValue(2)
    assert dialog.final_round.maximum() == 2
    dialog.final_round.setValue(1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    settings = dialog.settings()
    assert settings == ShowSettings(bank_ids=("test-bank",),
                                    teams=("Lions", "Tigers", "Team 3", "Owls"), count=2,
                                    countdown=30, final_round=1)
    assert dialog.remembered()["animate"] is False


def test_setup_dialog_needs_a_bank(qtbot, bank_obj):
    dialog = ShowSetupDialog([bank_obj])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.settings() is None and "Choose at least one bank" in dialog.error.text()


def accept_setup(monkeypatch, **changes):
    """Answer the setup dialog as a teacher would."""

    def exec_(dialog):
        for i in range(dialog.bank_list.count()):
            dialog.bank_list.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.team_count.setValue(3)
        for edit, name in zip(dialog.team_names, TEAMS, strict=False):
            edit.setText(name)
        dialog.count.setValue(changes.get("count", 3))
        dialog.countdown.setCurrentIndex(dialog.countdown.findData(changes.get("countdown",
                                                                               20)))
        dialog.console.setChecked(False)
        dialog._on_buttons_accepted()
        return dialog.result()

    monkeypatch.setattr(ShowSetupDialog, "exec", exec_)


def test_start_show_sets_up_stores_and_runs_a_show(qtbot, bank_obj, store, monkeypatch,
                                                   answers_dialogs):
    accept_setup(monkeypatch)
    c = start_show(None, [bank_obj], store, seed=4, full_screen=False)
    qtbot.addWidget(c.presentation)
    qtbot.addWidget(c.console)
    try:
        assert c.is_open and c.presentation.isVisible() and not c.console.isVisible()
        record = store.show(c.record.id)
        assert record.teams == list(TEAMS) and record.seed == 4 and len(record.question_keys) == 3
        assert store.get_setting(show_gui.SETUP_KEY)["countdown"] == 20
        assert c.countdown.seconds == 20
    finally:
        c.close()
    # Next time: the unfinished show is offered first; "No" ends it and sets up a new one.
    monkeypatch.setattr(show_gui.dialogs, "ask", lambda *a: False)
    again = start_show(None, [bank_obj], store, full_screen=False)
    qtbot.addWidget(again.presentation)
    qtbot.addWidget(again.console)
    again.close()
    assert store.show(record.id).status == "abandoned"
    assert store.unfinished_show().id == again.record.id


def test_start_show_without_a_store_runs_but_says_it_is_not_saved(qtbot, bank_obj, monkeypatch,
                                                                  answers_dialogs):
    accept_setup(monkeypatch)
    c = start_show(None, [bank_obj], None, full_screen=False)
    qtbot.addWidget(c.presentation)
    qtbot.addWidget(c.console)
    try:
        assert answers_dialogs[-1][0] == "The show will not be saved"
        c.reveal()
        c.toggle_team(0)
        assert c.show.totals()[0] == c.show.current.worth > 0
    finally:
        c.close()


def test_cancelled_setup_starts_nothing(qtbot, bank_obj, store, monkeypatch):
    monkeypatch.setattr(ShowSetupDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert start_show(None, [bank_obj], store) is None
    assert store.shows(include_unfinished=True) == []


# --- killed mid-way, resumed -----------------------------------------------------------------


@pytest.mark.parametrize("steps,where", [(1, (0, (False, False, False))),
                                         (5, (1, (False, True, False)))])
def test_a_show_killed_midway_resumes_where_it_was(qtbot, tmp_path, monkeypatch, steps, where,
                                                   answers_dialogs):
    data = tmp_path / "data"
    banks = paths.user_banks_dir(data)
    banks.mkdir(parents=True)
    (banks / "bank.yaml").write_text(BANK, encoding="utf-8")
    child = subprocess.run([sys.executable, "-m", "tests.gui.show_child", str(data),
                            str(steps)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == -9, child.stderr
    acked = [line.split()[1:] for line in child.stdout.splitlines()
             if line.startswith("acked")]
    assert len(acked) == steps
    library = load_library([banks])
    with ScoreStore.open(data) as store:  # like the next start of QuizApp
        record = store.unfinished_show()
        stored = {(q.bank_id + "/" + q.question_id): "".join("1" if m else "0"
                                                             for m in q.correct)
                  for q in store.show_results(record.id).questions}
        # Every acknowledged reveal and mark is there: the latest of each question.
        assert stored == dict(acked)
        assert store.check() == []
        c = start_show(None, library, store, full_screen=False)  # "Resume?" answered yes
        qtbot.addWidget(c.presentation)
        qtbot.addWidget(c.console)
        try:
            assert answers_dialogs[0][0] == "Resume the quiz show?"
            assert c.record.id == record.id
            index, marks = where
            assert (c.show.index, c.show.state) == (index, ShowState.SCOREBOARD)
            assert tuple(c.show.items[index].marks) == marks
            assert c.presentation.pages.currentWidget() is c.presentation.scoreboard_view
            press(qtbot, c, K.Key_Right)  # and the show goes on with the next question
            assert (c.show.position, c.show.state) == (index + 2, ShowState.QUESTION)
        finally:
            c.close()


# --- past shows ----------------------------------------------------------------------------------


def test_past_shows_are_listed_reviewed_and_exported(running, qtbot, store, tmp_path, bank_obj,
                                                     qtmodeltester, answers_dialogs):
    c = running()
    press(qtbot, c, K.Key_R, K.Key_1, K.Key_Right, K.Key_Right, K.Key_R, K.Key_2, K.Key_3)
    c.end_now()
    dialog = PastShowsDialog(store, [bank_obj])
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.shows_model)
    qtmodeltester.check(dialog.marks_model)
    model = dialog.shows_model
    assert model.rowCount() == 1
    assert model.index(0, model.STATUS).data() == "finished"
    assert model.index(0, model.QUESTIONS).data() == "2 / 3"
    assert model.index(0, model.TEAMS).data() == "Lions 1 · Tigers 2 · Bears 2"
    assert model.index(0, model.WINNER).data() == "Tigers, Bears"
    marks = dialog.marks_model
    assert marks.headerData(3, Qt.Orientation.Horizontal) == "1 Lions"
    assert [marks.index(r, 1).data() for r in range(2)] == [
        "Who represented Iran at the parade?", "The parade was held on 3 September 2025."]
    assert [marks.index(0, col).data() for col in range(3, 6)] == ["✔ 1", "✘", "✘"]
    assert dialog.totals.text() == "1st Tigers 2   1st Bears 2   3rd Lions 1"
    path = tmp_path / "show.csv"
    assert dialog.export_to(path) == 6
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[1][7] == "Who represented Iran at the parade?" and rows[1][11] == "Lions"
    assert answers_dialogs[-1][0] == "Exported"


def test_nothing_changes_size_at_the_reveal(running, qtbot):
    c = running()
    c.presentation.resize(1920, 1080)
    qtbot.wait(20)
    view = c.presentation.question_view
    before = (view.question_pixel_size(), [t.geometry() for t in view.tiles])
    press(qtbot, c, K.Key_R)
    qtbot.wait(20)
    assert (view.question_pixel_size(), [t.geometry() for t in view.tiles]) == before


LONG_TEAMS = ("The Extraordinarily Magnificent Pandas", "Blue Whales of the Deep Southern Ocean",
              "Green Tigers", "Golden Eagles", "Team 5", "Les Étoiles Filantes du Lycée Hugo",
              "김민준과 친구들 팀", "Ocho")


def _inside(widget, view) -> bool:
    """The widget is wholly inside the view (not cut by its edges)."""
    top_left = widget.mapTo(view, QPoint(0, 0))
    return view.rect().contains(top_left) and view.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1))


def _fits(label) -> bool:
    """A one-line label shows its text without cutting letters off."""
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_eight_teams_with_long_names_fit_the_projector(running, qtbot, size):
    c = running(teams=LONG_TEAMS, final_round=0)
    c.presentation.resize(*size)
    press(qtbot, c, K.Key_R, K.Key_1, K.Key_3)
    qtbot.wait(20)
    view = c.presentation.question_view
    assert len({chip.y() for chip in view.chips}) == 2  # eight teams: two rows of chips
    for number, chip in enumerate(view.chips, 1):
        assert _inside(chip, view) and _fits(chip.label)
        full = f"{number}  {LONG_TEAMS[number - 1]}"
        shown = chip.label.text()
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1]))
        if len(full) < 16:  # short names are never the ones cut
            assert shown == full
    assert sum(chip.label.is_elided() for chip in view.chips) >= 2

    press(qtbot, c, K.Key_Right)
    qtbot.wait(20)
    board = c.presentation.scoreboard_view
    assert [name for _, name, _ in board.rows_text()][:2] == ["1  " + LONG_TEAMS[0],
                                                              "3  Green Tigers"]
    for row in board.rows:
        assert _inside(row, board) and _fits(row.name) and _fits(row.points)
        assert row.bar.width() >= row.width() // 4  # the bars keep their room
    assert [r.name.text() for r in board.rows if not r.name.is_elided()] >= ["3  Green Tigers"]

    c.end_now()  # the console's "End now": straight to the podium
    qtbot.wait(20)
    podium = c.presentation.podium_view
    assert podium.podium_text()[0] == ("1st", f"{LONG_TEAMS[0]}, Green Tigers")
    for names, points, block, _place in podium.steps:
        for widget in (names, points, block):
            if widget.isVisible():
                assert _inside(widget, podium)
        assert names.height() >= names.heightForWidth(names.width())  # no line cut off
        if block.isVisible() and podium.others.isVisible():
            assert block.mapTo(podium, QPoint(0, block.height())).y() <= podium.others.y()

"""The window keeps every answer in the score store, and resumes a quiz after a crash."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from quizapp.core.store import ScoreStore
from tests.banktext import bank
from tests.conftest import REPO
from tests.gui.test_quiz_window import ENTER, key, start


def test_every_answer_is_in_the_database_before_feedback(make_window, qtbot):
    window = make_window(bank("single", "true_false"))
    seen = []
    window.quiz_page.answered.connect(
        lambda item: seen.append(len(window.store.answers(window.attempt.id))))
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, ENTER)
    # A second store on the same file (another process would see the same) has the answer.
    other = ScoreStore.open(window.data_dir, daily_backup=False)
    try:
        rows = other.answers(window.attempt.id)
        assert [(r.question_id, r.response, r.score) for r in rows] == \
            [("q-single", "Masoud Pezeshkian", 1.0)]
        key(qtbot, ENTER)
        key(qtbot, Qt.Key.Key_F)
        key(qtbot, ENTER)
        with qtbot.waitSignal(window.quiz_page.finished):
            key(qtbot, ENTER)
        summary = other.attempts()[0]
        assert (summary.player_name, summary.points, summary.max_points, summary.status) == \
            ("Ana", 1.0, 2.0, "finished")
    finally:
        other.close()


def test_players_are_remembered(make_window, qtbot):
    window = make_window(bank("single"))
    start(window, qtbot)
    assert [p.name for p in window.store.players()] == ["Ana"]
    assert window.store.get_setting("last_player") == "Ana"


def test_a_name_is_needed_to_start(make_window, qtbot, answers_dialogs):
    window = make_window(bank("single"))
    window.library_page.player.setCurrentText("")
    qtbot.mouseClick(window.library_page.start_button, Qt.MouseButton.LeftButton)
    assert answers_dialogs[-1][0] == "Who is playing?"
    assert window.pages.currentWidget() is window.library_page


def test_quiz_killed_midway_is_resumed_in_the_window(make_window, qtbot, tmp_path):
    window = make_window(bank(), store=False)  # writes the bank; the child owns the store
    data = window.data_dir
    window.close()
    child = subprocess.run([sys.executable, "-m", "tests.gui.quiz_child", str(data), "3"],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == -9, child.stderr
    acked = [line.split()[1] for line in child.stdout.splitlines() if line.startswith("acked")]
    assert len(acked) == 3

    resumed = make_window(bank())  # the same data folder, a fresh store: like a restart
    assert resumed.offer_resume() is True
    session = resumed.quiz_page.session
    assert [f"{b}/{q}" for b, q in session.keys[:3]] == acked
    assert session.answered_count == 3 and session.position == 4
    assert resumed.pages.currentWidget() is resumed.quiz_page
    assert resumed.quiz_page.position_label.text() == "Question 4 of 7"
    qtbot.keyClick(resumed.quiz_page, Qt.Key.Key_Escape)  # leave again: still resumable
    assert resumed.store.unfinished_attempt(resumed.attempt.player_id).id == resumed.attempt.id


def test_declining_to_resume_gives_the_quiz_up(make_window, qtbot, monkeypatch):
    window = make_window(bank())
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_Escape)
    attempt = window.attempt
    from quizapp.gui import dialogs

    monkeypatch.setattr(dialogs, "ask", lambda *_a: False)
    assert window.offer_resume() is False
    assert window.store.attempt(attempt.id).status == "abandoned"


def finish_a_quiz(window, qtbot):
    start(window, qtbot)
    key(qtbot, Qt.Key.Key_A)
    key(qtbot, ENTER)
    with qtbot.waitSignal(window.quiz_page.finished):
        key(qtbot, ENTER)


def test_history_lists_the_quiz_and_opens_it_for_review(make_window, qtbot):
    window = make_window(bank("single"))
    finish_a_quiz(window, qtbot)
    window.history_action.trigger()
    page = window.history_page
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.review_requested):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.results_page
    assert window.results_page.headline.text().startswith("Ana, ")
    assert window.results_page.headline.text().endswith(": scored 1 of 1 (100%)")
    assert window.results_page.table.item(0, 2).text() == "Masoud Pezeshkian"


def test_progress_charts_show_the_finished_quiz(make_window, qtbot):
    window = make_window(bank("single"))
    finish_a_quiz(window, qtbot)
    window.progress_action.trigger()
    page = window.progress_page
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.score_series is not None and page.score_series.count() == 1)
    assert page.score_series.at(0).y() == 100


def test_export_answers_from_the_menu(make_window, qtbot, monkeypatch, tmp_path):
    from quizapp.gui import data_actions

    window = make_window(bank("single"))
    finish_a_quiz(window, qtbot)
    target = tmp_path / "answers.csv"
    monkeypatch.setattr(data_actions, "choose_csv_path", lambda *_a, **_k: (target, ","))
    window.export_answers_action.trigger()
    text = target.read_text(encoding="utf-8-sig")
    assert "Masoud Pezeshkian" in text and "Ana" in text


def test_score_actions_are_off_without_a_store(make_window, qtbot):
    window = make_window(bank("single"), store=False)
    assert not window.history_action.isEnabled()
    assert not window.restore_action.isEnabled()

"""Review what is due, from the library page: a practice quiz of the player's own questions
that the scheduler says are due, recorded like any quiz."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from quizapp.core import spaced
from tests.banktext import bank
from tests.scoredata import play

WRONG = {"q-single", "q-numeric"}


def test_review_what_is_due_from_the_library(make_window, qtbot, answers_dialogs,
                                              monkeypatch):
    window = make_window(bank(), bank("single", bank_id="untouched"))
    zoe = window.store.add_player("Zoë")
    play(window.store, zoe.id, [b for b in window.library.banks if b.id == "test-bank"],
         is_right=lambda item: item.question.id not in WRONG)
    page = window.library_page
    page.player.setEditText("Zoë")
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    title, text = answers_dialogs[-1]  # everything was answered a moment ago
    assert title == "Review what is due" and text.startswith("Nothing is due for review")
    assert window.session is None

    later = datetime.now(UTC) + timedelta(days=1, hours=1)  # the next day: the wrong ones
    real = spaced.due_questions
    monkeypatch.setattr(spaced, "due_questions",
                        lambda log, banks, now=None: real(log, banks, later))
    with qtbot.waitSignal(window.quiz_started):
        qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    assert sorted(i.question.id for i in window.session.items) == sorted(WRONG)
    assert window.pages.currentWidget() is window.quiz_page
    assert window.quiz_page.position_label.text() == "Review: question 1 of 2"
    attempt = window.store.attempt(window.attempt.id)  # recorded like any quiz
    assert attempt.settings["review"] is True and attempt.mode == "practice"
    assert set(attempt.question_keys) == {("test-bank", q) for q in WRONG}


def test_review_needs_a_name(make_window, qtbot, answers_dialogs):
    window = make_window(bank())
    window.library_page.player.setEditText("")
    qtbot.mouseClick(window.library_page.review_button, Qt.MouseButton.LeftButton)
    assert answers_dialogs[-1][0] == "Who is playing?" and window.session is None

"""The quiz show starts from the main window's menu and is kept in the score store."""

from __future__ import annotations

from tests.banktext import bank
from tests.gui.test_show import accept_setup


def started_show(window, qtbot, monkeypatch):
    """File > Start a quiz show, with the setup accepted: the running show's controller."""
    accept_setup(monkeypatch)
    window.show_action.trigger()
    controller = window.show_controller
    qtbot.addWidget(controller.presentation)
    qtbot.addWidget(controller.console)
    return controller


def test_quiz_show_from_the_file_menu(make_window, qtbot, monkeypatch):
    window = make_window(bank(), bank("single", "true_false", bank_id="other"))
    controller = started_show(window, qtbot, monkeypatch)
    try:
        assert controller.presentation.isVisible()
        record = window.store.show(controller.record.id)
        assert len(record.teams) == 3 and len(record.question_keys) == 3
    finally:
        controller.close()


def test_a_show_started_before_the_store_is_open_is_kept(make_window, qtbot, monkeypatch):
    """As for a quiz (tests/gui/test_startup.py): the start-up had not opened the store yet."""
    from quizapp.core.store import ScoreStore

    window = make_window(bank(), store=False)
    opened = []

    def open_now():
        opened.append(ScoreStore.open(window.data_dir))
        window.attach_store(opened[-1])

    window.store_opener = open_now
    controller = started_show(window, qtbot, monkeypatch)
    try:
        assert window.store is opened[0] and window.store_opener is None
        assert window.store.show(controller.record.id).teams
    finally:
        controller.close()
        opened[0].close()

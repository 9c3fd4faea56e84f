"""The quiz show starts from the main window's menu and is kept in the score store."""

from __future__ import annotations

from tests.banktext import bank
from tests.gui.test_show import accept_setup


def test_quiz_show_from_the_file_menu(make_window, qtbot, monkeypatch):
    window = make_window(bank(), bank("single", "true_false", bank_id="other"))
    accept_setup(monkeypatch)
    window.show_action.trigger()
    controller = window.show_controller
    qtbot.addWidget(controller.presentation)
    qtbot.addWidget(controller.console)
    try:
        assert controller.presentation.isVisible()
        record = window.store.show(controller.record.id)
        assert len(record.teams) == 3 and len(record.question_keys) == 3
    finally:
        controller.close()

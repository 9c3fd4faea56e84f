"""The classroom quiz show: a projector mode with teams, countdown, reveal and scoreboard.

Entry points for the main window (menu "Quiz show…" and "Past quiz shows…")::

    from quizapp.gui.show import past_shows, start_show

    controller = start_show(self, self.library, self.store,
                            selected_bank_ids=self.library_page.selected_bank_ids())
    past_shows(self, self.store, self.library)

``start_show`` first offers to resume an unfinished show (No gives it up; it stays among the
past shows), otherwise opens the setup dialog, records the new show in the store and opens the
presentation window (full screen, on the second screen when there is one) and the presenter
console. It returns the running ``ShowController`` (a child of ``parent``, so it lives as long
as the main window), or None when nothing was started. The show runs by itself from there;
``controller.closed`` says when its windows closed. See ``docs/quiz-show.md``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from quizapp.core import show as show_module
from quizapp.core.bank import Bank
from quizapp.core.session import NoQuestions
from quizapp.core.show import Show
from quizapp.core.store import ScoreStore, ShowRecord, StoreError
from quizapp.gui import dialogs
from quizapp.gui.show.controller import ShowController
from quizapp.gui.show.history import PastShowsDialog
from quizapp.gui.show.setup import ShowSetupDialog

SETUP_KEY = "show_setup"  # the last setup, in the score store's settings

__all__ = ["SETUP_KEY", "ShowController", "past_shows", "resume_unfinished", "start_show"]


def _banks_of(library: Any) -> list[Bank]:
    return list(library.banks) if hasattr(library, "banks") else list(library)


def start_show(parent: QWidget | None, library: Any, store: ScoreStore | None, *,
               selected_bank_ids: Iterable[str] = (), seed: int | None = None,
               clock: Callable[[], float] = time.monotonic,
               full_screen: bool = True) -> ShowController | None:
    """Resume the unfinished show or set up a new one, then run it (see the module).

    ``library``: a ``Library`` or a list of banks. ``store``: None runs the show without
    saving it (the teacher is told). ``selected_bank_ids``: ticked in the setup dialog
    (default: the banks of the last show).
    """
    banks = _banks_of(library)
    resumed = resume_unfinished(parent, banks, store, clock=clock, full_screen=full_screen)
    if resumed is not False:
        return resumed
    remembered: dict[str, Any] = {}
    if store is not None:
        try:
            remembered = store.get_setting(SETUP_KEY, {}) or {}
        except StoreError:
            remembered = {}
    dialog = ShowSetupDialog(banks, parent, selected=selected_bank_ids, remembered=remembered,
                             screens=len(QGuiApplication.screens()))
    if store is not None:
        dialog.past_shows_requested.connect(lambda: past_shows(dialog, store, banks))
    if dialog.exec() != ShowSetupDialog.DialogCode.Accepted or dialog.settings() is None:
        return None
    settings = dialog.settings()
    try:
        show = Show.start(banks, settings, seed)
    except NoQuestions:
        dialogs.inform(parent, "No questions", "The chosen banks have no questions.")
        return None
    record = None
    if store is None:
        dialogs.warn(parent, "The show will not be saved",
                     "QuizApp cannot use its score database, so this show cannot be resumed "
                     "after a crash, and it will not be among the past shows.")
    else:
        try:
            store.set_setting(SETUP_KEY, dialog.remembered())
            record = show_module.begin(store, show)
        except (StoreError, ValueError) as exc:
            dialogs.warn(parent, "The show will not be saved",
                         "QuizApp could not write to its score database; the show runs "
                         "without saving.", str(exc))
            record = None
    return run_show(show, parent, store if record else None, record,
                    animate=dialog.animate.isChecked(), console=dialog.console.isChecked(),
                    clock=clock, full_screen=full_screen)


def resume_unfinished(parent: QWidget | None, banks: Iterable[Bank],
                      store: ScoreStore | None, *, clock: Callable[[], float] = time.monotonic,
                      full_screen: bool = True) -> ShowController | None | bool:
    """If a show was left unfinished (a crash, a closed window, Esc), offer to resume it.

    Returns the running controller, None when the teacher resumed but it could not run, or
    False when there was nothing to resume or the teacher gave it up.
    """
    if store is None:
        return False
    banks = list(banks)
    try:
        record = store.unfinished_show()
        if record is None:
            return False
        revealed = len(store.show_results(record.id).questions)
        started = record.started_at.astimezone().strftime("%d %B %Y, %H:%M")
        if not dialogs.ask(parent, "Resume the quiz show?",
                           f"The quiz show of {started} ({', '.join(record.teams)}) is not "
                           f"finished: {revealed} of {len(record.question_keys)} questions "
                           f"revealed. Resume it where it stopped? Choose No to end it; its "
                           f"scores stay among the past shows."):
            store.abandon_show(record.id)
            return False
        try:
            show = show_module.resume(store, banks, record)
        except (NoQuestions, ValueError):
            store.abandon_show(record.id)
            dialogs.inform(parent, "Cannot resume",
                           "The questions of that show are no longer in the banks, so it was "
                           "ended. Its scores stay among the past shows.")
            return False
    except StoreError as exc:
        dialogs.warn(parent, "The show cannot be resumed", str(exc))
        return False
    remembered = _remembered(store)
    return run_show(show, parent, store, record, animate=bool(remembered.get("animate")),
                    console=remembered.get("console"), clock=clock, full_screen=full_screen)


def run_show(show: Show, parent: QWidget | None, store: ScoreStore | None,
             record: ShowRecord | None, *, animate: bool = False, console: bool | None = None,
             clock: Callable[[], float] = time.monotonic,
             full_screen: bool = True) -> ShowController:
    """Open the windows of a show that is ready (new or resumed) and return its controller."""
    controller = ShowController(show, store=store, record=record, parent=parent, clock=clock,
                                animate=animate, console=console, full_screen=full_screen)
    controller.start()
    return controller


def past_shows(parent: QWidget | None, store: ScoreStore | None, library: Any = ()) -> None:
    """The past shows dialog: each show's marks, and its CSV export."""
    if store is None:
        dialogs.inform(parent, "No past shows", "QuizApp cannot use its score database, so "
                       "there are no past shows to see.")
        return
    PastShowsDialog(store, _banks_of(library), parent).exec()


def _remembered(store: ScoreStore) -> dict[str, Any]:
    try:
        value = store.get_setting(SETUP_KEY, {})
    except StoreError:
        return {}
    return value if isinstance(value, dict) else {}

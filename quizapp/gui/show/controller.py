"""The quiz show's controller: one show, its countdown, the score store, two windows, the keys.

The keys work in the presentation window and in the presenter console alike, and a
presentation clicker (which sends PageDown/PageUp, or Right/Left) runs the whole show:

==================  ==============================================================
Right, PageDown     next: reveal, then the scoreboard, then the next question/podium
Left, PageUp        back to the scoreboard (from a question not yet revealed)
R                   reveal the answer
T                   start or stop the countdown (after time's up: again from the top)
1 ... 8             mark the team right or not right (after the reveal)
Z, Ctrl+Z           undo the last mark of this question
F, F5               full screen on or off
P                   show the presenter console
Esc                 leave the show (asked first); it can be resumed later
==================  ==============================================================

Every reveal and every mark is in the score store before the screens show it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from quizapp.core import show as show_module
from quizapp.core.show import Countdown, Show, ShowState
from quizapp.core.store import ScoreStore, ShowRecord, StoreError
from quizapp.gui import dialogs
from quizapp.gui.show.console import PresenterConsole
from quizapp.gui.show.presentation import PresentationWindow
from quizapp.gui.text import announce

TICK_MS = 100
K = Qt.Key
NEXT_KEYS = (K.Key_Right, K.Key_PageDown)
BACK_KEYS = (K.Key_Left, K.Key_PageUp)
TEAM_KEYS = (K.Key_1, K.Key_2, K.Key_3, K.Key_4, K.Key_5, K.Key_6, K.Key_7, K.Key_8)
SHOW_KEYS = (*NEXT_KEYS, *BACK_KEYS, *TEAM_KEYS, K.Key_R, K.Key_T, K.Key_Z, K.Key_F,
             K.Key_F5, K.Key_P, K.Key_Escape)


def choose_screens(screens: Sequence[Any], home: Any | None) -> tuple[Any, Any | None]:
    """Where the windows go: (the presentation's screen, the console's screen or None).

    With two screens or more the presentation goes on a screen other than ``home`` (the
    laptop, where the main window is) and the console on ``home``. With one screen, the
    presentation only.
    """
    if not screens:
        return home, None
    home = home if home in screens else screens[0]
    others = [s for s in screens if s is not home]
    if not others:
        return home, None
    return others[0], home


class ShowController(QObject):
    """Runs one quiz show. ``start()`` opens the windows; see the module for the keys.

    Signals:
        changed(): the show moved or a mark changed; both windows show it already.
        time_ran_out(): the countdown of the current question reached zero.
        finished(): the podium is shown and the show is stored as finished.
        closed(): the show's windows were closed (left, or closed after the podium).
    """

    changed = Signal()
    time_ran_out = Signal()
    finished = Signal()
    closed = Signal()

    def __init__(self, show: Show, *, store: ScoreStore | None = None,
                 record: ShowRecord | None = None, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic, animate: bool = False,
                 console: bool | None = None, full_screen: bool = True):
        super().__init__(parent)
        self.show = show
        self.store = store
        self.record = record
        self.animate = animate
        self.full_screen = full_screen
        self.countdown = Countdown(show.settings.countdown, clock)
        self._window_parent = parent
        self.presentation = PresentationWindow(parent)
        self.console = PresenterConsole(parent)
        self._want_console = console
        self._expired = False
        self._open = False
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        c = self.console
        c.back_clicked.connect(self.back)
        c.reveal_clicked.connect(self.reveal)
        c.next_clicked.connect(self.next)
        c.timer_clicked.connect(self.toggle_timer)
        c.undo_clicked.connect(self.undo)
        c.full_screen_clicked.connect(self.toggle_full_screen)
        c.end_clicked.connect(self._on_console_end_clicked)
        c.leave_clicked.connect(self.leave)
        c.team_clicked.connect(self.toggle_team)
        self.presentation.close_requested.connect(self.leave)
        self.ticker.timeout.connect(self._on_ticker_timeout)

    # --- opening and closing ----------------------------------------------------------------

    def start(self) -> None:
        """Open the presentation (full screen on the second screen when there is one) and
        the console (on the laptop's screen; with one screen only if asked)."""
        home = self._window_parent.screen() if self._window_parent is not None else \
            QGuiApplication.primaryScreen()
        stage, laptop = choose_screens(QGuiApplication.screens(), home)
        show_console = laptop is not None if self._want_console is None else self._want_console
        if stage is not None:
            self.presentation.setScreen(stage)
            self.presentation.setGeometry(stage.geometry())
        if self.full_screen:
            self.presentation.showFullScreen()
        else:
            self.presentation.show()
        if show_console:
            if laptop is not None:
                self.console.setScreen(laptop)
                self.console.move(laptop.availableGeometry().topLeft())
            self.console.resize(1100, 720)
            self.console.show()
        QApplication.instance().installEventFilter(self)
        self._open = True
        if self.show.state is ShowState.QUESTION:
            self._start_question()
        self.ticker.start()
        self._refresh()
        self.presentation.activateWindow()

    def close(self) -> None:
        """Close both windows; the show stays in the store as it is."""
        if not self._open:
            return
        self._open = False
        self.ticker.stop()
        QApplication.instance().removeEventFilter(self)
        self.presentation.closable = self.console.closable = True
        self.console.close()
        self.presentation.close()
        self.closed.emit()

    @property
    def is_open(self) -> bool:
        return self._open

    # --- the verbs (keys, buttons) ----------------------------------------------------------

    def next(self) -> None:
        before = self.show.state
        if before is ShowState.FINISHED:
            return
        state = self.show.next()
        if before is ShowState.QUESTION:
            self._on_revealed()
        elif state is ShowState.QUESTION:
            self._start_question()
        elif state is ShowState.FINISHED:
            self._on_finished()
        self._refresh(animate=state is ShowState.SCOREBOARD)

    def back(self) -> None:
        if self.show.back():
            self.countdown.reset()
            self._refresh()

    def reveal(self) -> None:
        if self.show.reveal():
            self._on_revealed()
            self._refresh()

    def toggle_team(self, team: int) -> None:
        if self.show.toggle(team) is not None:
            self._save()
        self._refresh()  # also puts a console check box back if nothing changed

    def undo(self) -> None:
        if self.show.undo() is not None:
            self._save()
            self._refresh()

    def toggle_timer(self) -> None:
        if self.show.state is ShowState.QUESTION and self.countdown.enabled:
            self.countdown.toggle()
            self._expired = self.countdown.expired
            self._refresh()

    def toggle_full_screen(self) -> None:
        if self.presentation.isFullScreen():
            self.presentation.showNormal()
        else:
            self.presentation.showFullScreen()

    def show_console(self) -> None:
        self.console.show()
        self.console.raise_()
        self.console.activateWindow()

    def end_now(self) -> None:
        """Straight to the podium with the scores so far."""
        if self.show.state is ShowState.FINISHED:
            return
        self.show.finish()
        self._on_finished()
        self._refresh()

    def leave(self) -> None:
        """Esc: leave the show, asked first unless it is over. It can be resumed later."""
        if not self._open:
            return
        if self.show.state is not ShowState.FINISHED and not dialogs.ask(
                self._dialog_parent(), self.tr("Leave the quiz show?"),
                self.tr("The show is saved after every reveal and every mark. Choose "
                        "Quiz show… again to resume it where it stopped.")):
            return
        self.close()

    # --- what happens -----------------------------------------------------------------------

    def _start_question(self) -> None:
        self.countdown.reset()
        self.countdown.start()
        self._expired = False

    def _on_revealed(self) -> None:
        self.countdown.stop()
        self._save()
        announce(self.console.answer, self.console.answer.text())

    def _on_finished(self) -> None:
        self.countdown.stop()
        if self.store is not None and self.record is not None:
            try:
                self.store.finish_show(self.record.id)
            except StoreError as exc:
                self._store_failed(exc)
        self.finished.emit()

    def _save(self) -> None:
        """The current question's marks into the store, before the screens show them."""
        if self.store is None or self.record is None:
            return
        try:
            show_module.save_marks(self.store, self.record.id, self.show)
        except (StoreError, ValueError) as exc:
            self._store_failed(exc)

    def _store_failed(self, exc: Exception) -> None:
        dialogs.warn(self._dialog_parent(), self.tr("The show could not be saved"),
                     self.tr("QuizApp could not write to its score database. The show goes "
                             "on, but this mark may not be kept if QuizApp stops."), str(exc))

    def _refresh(self, *, animate: bool = False) -> None:
        self.presentation.show_state(self.show, self.countdown,
                                     animate=animate and self.animate)
        self.console.show_state(self.show, self.countdown)
        self.changed.emit()

    def _dialog_parent(self) -> QWidget:
        return self.console if self.console.isVisible() and self.console.isActiveWindow() \
            else self.presentation

    # --- slots and events -------------------------------------------------------------------

    def _on_console_end_clicked(self) -> None:
        if dialogs.ask(self.console, self.tr("End the show now?"),
                       self.tr("The podium is shown with the scores so far; the questions "
                               "not asked yet are left out.")):
            self.end_now()

    def _on_ticker_timeout(self) -> None:
        if self.show.state is not ShowState.QUESTION or not self.countdown.enabled:
            return
        self.presentation.set_countdown(self.show, self.countdown)
        self.console.set_countdown(self.show, self.countdown)
        if self.countdown.expired and not self._expired:
            self._expired = True
            self._refresh()
            self.time_ran_out.emit()

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a show key; True when it was one."""
        key = event.key()
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                    | Qt.KeyboardModifier.AltModifier
                                    | Qt.KeyboardModifier.MetaModifier)
        if mods and not (key == K.Key_Z and mods == Qt.KeyboardModifier.ControlModifier):
            return False
        if key not in SHOW_KEYS:
            return False
        if event.isAutoRepeat():
            return True  # a held key acts once
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.back()
        elif key in TEAM_KEYS:
            self.toggle_team(TEAM_KEYS.index(key))
        elif key == K.Key_R:
            self.reveal()
        elif key == K.Key_T:
            self.toggle_timer()
        elif key == K.Key_Z:
            self.undo()
        elif key in (K.Key_F, K.Key_F5):
            self.toggle_full_screen()
        elif key == K.Key_P:
            self.show_console()
        elif key == K.Key_Escape:
            self.leave()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget) \
                and watched.window() in (self.presentation, self.console):
            return self.handle_key(event)
        return False

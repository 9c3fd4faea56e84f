"""The teacher PIN in the window: set it on first use (typed twice), ask it before a teacher
tool, count down while too many wrong tries make it wait, change it.

``PinGate`` is what the window asks: ``gate.require(parent, purpose)`` is True when the teacher
typed the right PIN (or has just set one). The PIN itself lives only in ``quizapp.core.pin``,
as a slow salted hash in the score store; nothing here keeps it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.pin import (
    FREE_TRIES,
    MAX_DIGITS,
    MIN_DIGITS,
    DamagedPinRecord,
    InvalidPin,
    PinError,
    PinGuard,
    TooManyTries,
    WrongPin,
    validate_pin,
)
from quizapp.core.store import StoreError
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel, announce

if TYPE_CHECKING:  # the store brings SQLAlchemy; the menu is built before it is needed
    from quizapp.core.store import ScoreStore

SET, CHECK, CHANGE = "set", "check", "change"
TICK_MS = 250


class PinDialog(QDialog):
    """Asks for the teacher PIN: ``SET`` (new, twice), ``CHECK`` (the PIN) or ``CHANGE``
    (current, then new twice). Accepted only once the guard agreed.

    Signals:
        unlocked(): the PIN was right, or a new one was set.
    """

    unlocked = Signal()

    def __init__(self, guard: PinGuard, mode: str, purpose: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        if mode not in (SET, CHECK, CHANGE):
            raise ValueError(f"mode must be {SET!r}, {CHECK!r} or {CHANGE!r}")
        self.guard = guard
        self.mode = mode
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self._build(purpose)
        self._connect_signals()
        self._start_wait_if_needed()

    # --- layout ------------------------------------------------------------------------------

    def _field(self, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_DIGITS)
        field.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]*"), field))
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                  | Qt.InputMethodHint.ImhSensitiveData
                                  | Qt.InputMethodHint.ImhNoPredictiveText)
        field.setAccessibleName(accessible)
        field.setMinimumWidth(180)
        return field

    def _build(self, purpose: str) -> None:
        titles = {SET: self.tr("Set a teacher PIN"), CHECK: self.tr("Teacher PIN"),
                  CHANGE: self.tr("Change the teacher PIN")}
        self.setWindowTitle(titles[self.mode])
        layout = QVBoxLayout(self)
        heading = PlainLabel(titles[self.mode])
        heading.setObjectName("heading")
        layout.addWidget(heading)
        digits = self.tr("%1 to %2 digits").replace("%1", str(MIN_DIGITS)) \
            .replace("%2", str(MAX_DIGITS))
        if self.mode == SET:
            intro = self.tr("Teacher tools (classes, results, deleting and resetting scores, "
                            "exports of a class) are kept behind a PIN. Choose one of %1 and "
                            "type it twice. Students never need it to take a quiz.") \
                .replace("%1", digits)
        elif self.mode == CHECK:
            intro = purpose or self.tr("Type the teacher PIN.")
        else:
            intro = self.tr("Type the PIN you use now, then the new one (%1) twice.") \
                .replace("%1", digits)
        self.intro = PlainLabel(intro)
        layout.addWidget(self.intro)

        form = QFormLayout()
        self.current = self._field(self.tr("Current teacher PIN"))
        self.new = self._field(self.tr("New teacher PIN"))
        self.repeat = self._field(self.tr("New teacher PIN again"))
        if self.mode == CHECK:
            self.current.setAccessibleName(self.tr("Teacher PIN"))
            self._add_row(form, self.tr("&PIN:"), self.current)
        else:
            if self.mode == CHANGE:
                self._add_row(form, self.tr("&Current PIN:"), self.current)
            self._add_row(form, self.tr("&New PIN:"), self.new)
            self._add_row(form, self.tr("&Again:"), self.repeat)
        layout.addLayout(form)
        if self.mode != CHECK:
            forgot = PlainLabel(self.tr("A forgotten PIN cannot be recovered, only removed by "
                                        "someone who can open the data folder (the command "
                                        "quizapp reset-pin). Scores are kept."))
            forgot.setObjectName("context")
            layout.addWidget(forgot)

        self.message = PlainLabel()
        self.message.setObjectName("message")
        self.message.setAccessibleName(self.tr("PIN message"))
        self.message.hide()
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText({SET: self.tr("Set PIN"), CHECK: self.tr("Unlock"),
                                CHANGE: self.tr("Change PIN")}[self.mode])
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.first_field().setFocus()

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QLineEdit) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.timer.timeout.connect(self._on_timer_timeout)

    # --- public ------------------------------------------------------------------------------

    def first_field(self) -> QLineEdit:
        return self.new if self.mode == SET else self.current

    def fields(self) -> list[QLineEdit]:
        return {SET: [self.new, self.repeat], CHECK: [self.current],
                CHANGE: [self.current, self.new, self.repeat]}[self.mode]

    def waiting(self) -> bool:
        """True while too many wrong PINs make the teacher wait."""
        return self.timer.isActive()

    # --- slots -------------------------------------------------------------------------------

    def _on_buttons_accepted(self) -> None:
        if self.waiting():
            return
        try:
            if self.mode == CHECK:
                self._check()
            else:
                self._set()
        except TooManyTries:
            self._start_wait_if_needed()
        except DamagedPinRecord as exc:
            self._say(str(exc))
            self.ok_button.setEnabled(False)
        except (PinError, StoreError) as exc:
            self._say(str(exc))

    def _check(self) -> None:
        if not self.current.text():
            self._say(self.tr("Type the PIN first."))
            return
        if self.guard.check(self.current.text()):
            self._done()
            return
        self.current.clear()
        self.current.setFocus()
        if self.guard.failures() >= FREE_TRIES and self.guard.seconds_left() > 0:
            self._start_wait_if_needed()
        else:
            self._say(self.tr("That PIN is not right. Try again."))

    def _set(self) -> None:
        new, again = self.new.text(), self.repeat.text()
        try:
            validate_pin(new)
        except InvalidPin as exc:
            self._say(str(exc))
            self.new.setFocus()
            return
        if new != again:
            self._say(self.tr("The two new PINs are not the same. Type them again."))
            self.new.clear()
            self.repeat.clear()
            self.new.setFocus()
            return
        try:
            self.guard.set_pin(new, current=self.current.text() if self.mode == CHANGE
                               else None)
        except WrongPin:
            self.current.clear()
            self.current.setFocus()
            if self.guard.seconds_left() > 0:
                raise TooManyTries(self.guard.seconds_left()) from None
            self._say(self.tr("The current PIN is not right."))
            return
        self._done()

    def _done(self) -> None:
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.unlocked.emit()
        self.accept()

    def _start_wait_if_needed(self) -> None:
        try:
            left = self.guard.seconds_left() if self.guard.is_set() else 0.0
        except DamagedPinRecord as exc:
            self._say(str(exc))
            self.ok_button.setEnabled(False)
            return
        if left <= 0 or self.mode == SET:
            return
        for field in self.fields():
            field.setEnabled(False)
        self.ok_button.setEnabled(False)
        self.timer.start()
        self._on_timer_timeout()

    def _on_timer_timeout(self) -> None:
        try:
            left = self.guard.seconds_left()
        except (PinError, StoreError):
            left = 0.0
        if left > 0:
            text = str(TooManyTries(left))
            if text != self.message.text():
                self.message.setText(text)
                self._show_message()
            return
        self.timer.stop()
        for field in self.fields():
            field.setEnabled(True)
        self.ok_button.setEnabled(True)
        self.first_field().setFocus()
        self._say(self.tr("You can try again now."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._show_message()
        announce(self.message, text)

    def _show_message(self) -> None:
        if self.message.isHidden():
            self.message.show()
            self.adjustSize()  # room for the new line: wrapped labels do not ask for it


def run_pin_dialog(parent: QWidget | None, guard: PinGuard, mode: str, purpose: str) -> bool:
    """Show the PIN dialog; True once the PIN was right or set."""
    dialog = PinDialog(guard, mode, purpose, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


IDLE_LOCK_MS = 5 * 60 * 1000  # teacher tools left alone this long lock themselves
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress})


class PinGate(QObject):
    """Asks for the teacher PIN before a teacher tool.

    While the teacher tools page is open the gate stays unlocked (``require(...,
    keep_unlocked=True)``); the window locks it when the page is left, and the gate locks
    itself after ``IDLE_LOCK_MS`` without a key press, click or mouse move anywhere in the app:
    a teacher called away from a classroom computer does not leave the roster and the results
    open to the next student. Any other tool asks each time.

    Signals:
        locked(): the gate was locked again.
        timed_out(): ... because it was left alone for ``IDLE_LOCK_MS`` (after ``locked``).
    """

    locked = Signal()
    timed_out = Signal()

    def __init__(self, store_of: Callable[[], ScoreStore | None],
                 parent: QObject | None = None, *, clock: Callable[[], float] = time.time):
        super().__init__(parent)
        self._store_of = store_of
        self._clock = clock
        self._unlocked = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._on_idle_timeout)

    def guard(self) -> PinGuard | None:
        store = self._store_of()
        return None if store is None else PinGuard.for_store(store, self._clock)

    def is_unlocked(self) -> bool:
        return self._unlocked

    def require(self, parent: QWidget | None, purpose: str, *,
                keep_unlocked: bool = False) -> bool:
        """True if the teacher may go on: the gate is unlocked, or the PIN was typed (set
        on first use). ``purpose`` says what it is for, in the dialog."""
        if self._unlocked:
            return True
        guard = self.guard()
        if guard is None:
            return False
        try:
            is_set = guard.is_set()
        except StoreError as exc:
            dialogs.warn(parent, self.tr("Teacher PIN"),
                         self.tr("The teacher PIN could not be read."), str(exc))
            return False
        if not run_pin_dialog(parent, guard, CHECK if is_set else SET, purpose):
            return False
        if keep_unlocked:
            self._unlocked = True
            self._idle.start(IDLE_LOCK_MS)
            QApplication.instance().installEventFilter(self)  # any input restarts the wait
        return True

    def lock(self) -> None:
        if self._unlocked:
            self._unlocked = False
            self._idle.stop()
            QApplication.instance().removeEventFilter(self)
            self.locked.emit()

    def _on_idle_timeout(self) -> None:
        if self._unlocked:
            self.lock()
            self.timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self._idle.start(IDLE_LOCK_MS)
        return False

    def change_pin(self, parent: QWidget | None) -> bool:
        """"Change teacher PIN…": the current PIN and the new one twice (or, with none set
        yet, a new one)."""
        guard = self.guard()
        if guard is None:
            return False
        try:
            mode = CHANGE if guard.is_set() else SET
        except StoreError as exc:
            dialogs.warn(parent, self.tr("Teacher PIN"),
                         self.tr("The teacher PIN could not be read."), str(exc))
            return False
        if not run_pin_dialog(parent, guard, mode, ""):
            return False
        dialogs.inform(parent, self.tr("Teacher PIN"),
                       self.tr("The new teacher PIN is set.") if mode == CHANGE
                       else self.tr("The teacher PIN is set."))
        return True

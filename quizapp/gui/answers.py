"""One answer control per question type, all with the same small interface.

Every control: ``response()`` (a JSON-able value, see ``quizapp.core.scoring``), ``lock()``
after submitting, ``reveal(mark)`` to show right and wrong in words and symbols, and
``focus_answer()``. Keys that a control does not use (Enter, Esc) travel up to the quiz page.

Signals:
    changed: the response changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Match, Multiple, Numeric, Order, Short, Single, TrueFalse
from quizapp.core.session import Item
from quizapp.gui.text import PlainLabel

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RIGHT = "✔"
WRONG = "✘"


def button_text(text: str) -> str:
    """Buttons treat '&' as a shortcut marker: show it literally."""
    return text.replace("&", "&&")


class AnswerWidget(QWidget):
    changed = Signal()

    def response(self) -> object:
        raise NotImplementedError

    def lock(self) -> None:
        for child in self.findChildren(QWidget):
            if isinstance(child, QAbstractButton | QLineEdit | QComboBox | QListWidget):
                child.setEnabled(False)

    def reveal(self, item: Item) -> None:
        """Show which parts were right; the feedback panel says the rest."""

    def focus_answer(self) -> None:
        self.focusNextChild()


class ChoiceAnswer(AnswerWidget):
    """Lettered choices: radio buttons for one answer, check boxes for several."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.multiple = isinstance(item.question, Multiple)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        if self.multiple and "all that apply" not in item.question.prompt.lower():
            layout.addWidget(PlainLabel(self.tr("Select all that apply.")))
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.buttons: list[QAbstractButton] = []
        for i, choice in enumerate(item.choices):
            letter = LETTERS[i] if i < len(LETTERS) else str(i + 1)
            button = (QCheckBox if self.multiple else QRadioButton)(
                button_text(f"{letter}.  {choice}"))
            button.setAccessibleName(self.tr("Choice %1: %2").replace("%1", letter)
                                     .replace("%2", choice))
            button.setProperty("role", "choice")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, i)
            self.buttons.append(button)
            layout.addWidget(button)
        self.group.buttonToggled.connect(self._on_group_toggled)

    def _on_group_toggled(self, *_args) -> None:
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text().upper()
        index = None
        if len(text) == 1 and text in LETTERS:
            index = LETTERS.index(text)
        elif len(text) == 1 and text in "123456789":
            index = int(text) - 1
        if index is not None and index < len(self.buttons) and \
                not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier):
            button = self.buttons[index]
            if button.isEnabled():
                button.setChecked(not button.isChecked() if self.multiple else True)
                button.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def response(self) -> object:
        chosen = [self.item.choices[i] for i, b in enumerate(self.buttons) if b.isChecked()]
        if self.multiple:
            return chosen
        return chosen[0] if chosen else None

    def reveal(self, item: Item) -> None:
        right = set(item.question.answer) if self.multiple else {item.question.answer}
        picked = item.response if isinstance(item.response, list) else [item.response]
        for i, button in enumerate(self.buttons):
            choice = item.choices[i]
            if choice in right:
                suffix = self.tr("correct answer")
                mark = RIGHT
            elif choice in picked:
                suffix = self.tr("your choice, not right")
                mark = WRONG
            else:
                continue
            letter = LETTERS[i] if i < len(LETTERS) else str(i + 1)
            button.setText(button_text(f"{letter}.  {choice}   {mark} {suffix}"))

    def focus_answer(self) -> None:
        checked = self.group.checkedButton()
        (checked or self.buttons[0]).setFocus(Qt.FocusReason.OtherFocusReason)


class TrueFalseAnswer(AnswerWidget):
    """Two large buttons; T and F pick them."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.group = QButtonGroup(self)
        self.true_button = QPushButton(self.tr("T  True"))
        self.false_button = QPushButton(self.tr("F  False"))
        for value, button in ((True, self.true_button), (False, self.false_button)):
            button.setCheckable(True)
            button.setMinimumHeight(64)
            button.setProperty("role", "big")
            button.setAccessibleName(self.tr("True") if value else self.tr("False"))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button)
            layout.addWidget(button)
        self.group.buttonToggled.connect(self._on_group_toggled)

    def _on_group_toggled(self, *_args) -> None:
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.text().upper()
        if key in ("T", "F") and self.true_button.isEnabled():
            button = self.true_button if key == "T" else self.false_button
            button.setChecked(True)
            button.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def response(self) -> object:
        if self.true_button.isChecked():
            return True
        if self.false_button.isChecked():
            return False
        return None

    def reveal(self, item: Item) -> None:
        answer = item.question.answer
        for value, button, label in ((True, self.true_button, self.tr("True")),
                                     (False, self.false_button, self.tr("False"))):
            if value is answer:
                button.setText(f"{label}   {RIGHT} " + self.tr("correct answer"))
            elif item.response is value:
                button.setText(f"{label}   {WRONG} " + self.tr("your choice, not right"))

    def focus_answer(self) -> None:
        self.true_button.setFocus(Qt.FocusReason.OtherFocusReason)


class TextAnswer(AnswerWidget):
    """A typed answer: a name (short) or a number (numeric)."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.edit = QLineEdit()
        self.edit.setMinimumHeight(40)
        if isinstance(item.question, Numeric):
            self.edit.setPlaceholderText(self.tr("Type a number, e.g. 26 or 1,000"))
            self.edit.setValidator(QRegularExpressionValidator(r"[-+−]?[0-9][0-9,. ]*|[-+−]?"))
            self.edit.setAccessibleName(self.tr("Your answer, a number"))
        else:
            self.edit.setPlaceholderText(self.tr("Type your answer"))
            self.edit.setAccessibleName(self.tr("Your answer"))
        self.edit.textChanged.connect(self._on_edit_changed)
        layout.addWidget(self.edit)

    def _on_edit_changed(self, _text: str) -> None:
        self.changed.emit()

    def response(self) -> object:
        text = self.edit.text().strip()
        return text or None

    def focus_answer(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)


class _OrderList(QListWidget):
    """A list whose current item moves with Alt+Up and Alt+Down."""

    moved = Signal(int)  # -1 up, +1 down

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and \
                event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.moved.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class OrderAnswer(AnswerWidget):
    """A list to put in order: drag and drop, or Alt+Up / Alt+Down, or the buttons."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.list = _OrderList()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAccessibleName(self.tr("Items to put in order"))
        self.list.setAccessibleDescription(self.tr("Move the selected item with Alt+Up and "
                                                   "Alt+Down"))
        for text in item.items:
            QListWidgetItem(text, self.list)
        self.list.setCurrentRow(0)
        rows = max(3, len(item.items))
        self.list.setMinimumHeight(rows * (self.list.fontMetrics().height() + 14))
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.up.setToolTip(self.tr("Alt+Up"))
        self.down.setToolTip(self.tr("Alt+Down"))
        self.up.clicked.connect(self._on_up_clicked)
        self.down.clicked.connect(self._on_down_clicked)
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.list.moved.connect(self.move_current)

    def _on_rows_moved(self, *_args) -> None:
        self.changed.emit()

    def _on_up_clicked(self) -> None:
        self.move_current(-1)

    def _on_down_clicked(self) -> None:
        self.move_current(1)

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count() or not self.list.isEnabled():
            return
        # Swap the texts rather than moving items: no item changes owner, so none can be
        # freed twice between Qt and Python.
        here, there = self.list.item(row), self.list.item(target)
        text = here.text()
        here.setText(there.text())
        there.setText(text)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def response(self) -> object:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def reveal(self, item: Item) -> None:
        for i in range(self.list.count()):
            entry = self.list.item(i)
            right = i < len(item.question.items) and entry.text() == item.question.items[i]
            entry.setText(f"{entry.text()}   {RIGHT if right else WRONG}")

    def focus_answer(self) -> None:
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)


class MatchAnswer(AnswerWidget):
    """One drop-down per left item."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        grid = QGridLayout(self)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.combos: dict[str, QComboBox] = {}
        for row, left in enumerate(item.question.pairs):
            label = PlainLabel(left)
            combo = QComboBox()
            combo.setPlaceholderText(self.tr("Choose…"))
            combo.addItems(item.options)
            combo.setCurrentIndex(-1)
            combo.setAccessibleName(self.tr("Match for %1").replace("%1", left))
            combo.setMinimumHeight(34)
            combo.currentIndexChanged.connect(self._on_combo_changed)
            # No buddy: Qt would read '&' in the bank's text as a shortcut marker.
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos[left] = combo

    def _on_combo_changed(self, _index: int) -> None:
        self.changed.emit()

    def response(self) -> object:
        return {left: c.currentText() for left, c in self.combos.items() if c.currentIndex() >= 0}

    def reveal(self, item: Item) -> None:
        given = item.response if isinstance(item.response, dict) else {}
        for left, combo in self.combos.items():
            right = given.get(left) == item.question.pairs[left]
            combo.setToolTip(self.tr("Right") if right else self.tr("Not right"))
            combo.setAccessibleDescription(combo.toolTip())

    def focus_answer(self) -> None:
        next(iter(self.combos.values())).setFocus(Qt.FocusReason.OtherFocusReason)


def answer_widget(item: Item) -> AnswerWidget:
    question = item.question
    if isinstance(question, Single | Multiple):
        return ChoiceAnswer(item)
    if isinstance(question, TrueFalse):
        return TrueFalseAnswer(item)
    if isinstance(question, Short | Numeric):
        return TextAnswer(item)
    if isinstance(question, Order):
        return OrderAnswer(item)
    if isinstance(question, Match):
        return MatchAnswer(item)
    raise TypeError(f"no answer widget for {type(question).__name__}")

"""The quiz show's setup dialog: banks, number of questions, teams, countdown, final round.

``ShowSetupDialog.settings()`` gives the ``ShowSettings`` once accepted; the window options
(scoreboard animation, presenter console) are in ``animate`` and ``console``.

Signals:
    past_shows_requested(): "Past shows…" was clicked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Bank
from quizapp.core.show import COUNTDOWNS, MAX_TEAMS, MIN_TEAMS, TEAM_NAME_MAX, ShowSettings
from quizapp.gui.text import PlainLabel, tooltip

DEFAULT_COUNT = 10


class ShowSetupDialog(QDialog):
    past_shows_requested = Signal()

    def __init__(self, banks: Sequence[Bank], parent: QWidget | None = None, *,
                 selected: Iterable[str] = (), remembered: dict[str, Any] | None = None,
                 screens: int = 1):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quiz show"))
        self.banks = list(banks)
        self._settings: ShowSettings | None = None
        remembered = remembered or {}
        self._build(screens)
        self._connect_signals()
        self._fill(set(selected) or set(remembered.get("bank_ids", ())), remembered, screens)

    def _build(self, screens: int) -> None:
        outer = QVBoxLayout(self)
        intro = PlainLabel(self.tr("The questions go on the projector; teams answer on cards or "
                                   "a whiteboard, and you mark the teams that got it right."))
        outer.addWidget(intro)
        heading = PlainLabel(self.tr("Banks"))
        heading.setObjectName("heading")
        outer.addWidget(heading)
        self.bank_list = QListWidget()
        self.bank_list.setAccessibleName(self.tr("Question banks; tick the ones to use"))
        outer.addWidget(self.bank_list, 1)

        form = QFormLayout()
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setAccessibleName(self.tr("Number of questions"))
        form.addRow(self.tr("&Questions"), self.count)
        self.countdown = QComboBox()
        for seconds in COUNTDOWNS:
            self.countdown.addItem(self.tr("Off") if seconds == 0 else
                                   self.tr("%1 seconds").replace("%1", str(seconds)), seconds)
        self.countdown.setAccessibleName(self.tr("Countdown per question"))
        form.addRow(self.tr("&Countdown"), self.countdown)
        self.final_round = QSpinBox()
        self.final_round.setRange(0, 999)
        self.final_round.setSpecialValueText(self.tr("None"))
        self.final_round.setPrefix(self.tr("the last "))
        self.final_round.setSuffix(self.tr(" questions count double"))
        self.final_round.setAccessibleName(self.tr("Double-points final round: how many of the "
                                                   "last questions count double"))
        form.addRow(self.tr("&Final round"), self.final_round)
        self.team_count = QSpinBox()
        self.team_count.setRange(MIN_TEAMS, MAX_TEAMS)
        self.team_count.setAccessibleName(self.tr("Number of teams"))
        form.addRow(self.tr("&Teams"), self.team_count)
        outer.addLayout(form)

        names = QGridLayout()
        self.team_names: list[QLineEdit] = []
        self.team_labels: list[PlainLabel] = []
        for i in range(MAX_TEAMS):
            label = PlainLabel(self.tr("Team %1 (key %1)").replace("%1", str(i + 1)), wrap=False)
            edit = QLineEdit()
            edit.setMaxLength(TEAM_NAME_MAX)
            edit.setAccessibleName(self.tr("Name of team %1").replace("%1", str(i + 1)))
            label.setBuddy(edit)
            names.addWidget(label, i // 2, (i % 2) * 2)
            names.addWidget(edit, i // 2, (i % 2) * 2 + 1)
            self.team_labels.append(label)
            self.team_names.append(edit)
        outer.addLayout(names)

        self.animate = QCheckBox(self.tr("&Animate the scoreboard (off: no motion)"))
        self.console = QCheckBox(self.tr("Show the &presenter console (answers, next question, "
                                         "marks) on this screen"))
        if screens < 2:
            self.console.setToolTip(tooltip(self.tr(
                "With one screen the presentation fills it; the console opens as a normal "
                "window above it. P shows it during the show.")))
        outer.addWidget(self.animate)
        outer.addWidget(self.console)
        self.error = PlainLabel()
        self.error.setObjectName("verdict")
        self.error.setProperty("outcome", "wrong")
        self.error.hide()
        outer.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.past_button = QPushButton(self.tr("Past shows…"))
        self.start_button = QPushButton(self.tr("&Start the show"))
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.buttons.addButton(self.past_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        outer.addWidget(self.buttons)
        self.resize(760, 720)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.past_button.clicked.connect(self.past_shows_requested)
        self.team_count.valueChanged.connect(self._on_team_count_changed)
        self.count.valueChanged.connect(self._on_count_changed)
        self.bank_list.itemChanged.connect(self._on_bank_list_item_changed)

    def _fill(self, selected: set[str], remembered: dict[str, Any], screens: int) -> None:
        self.bank_list.blockSignals(True)
        for bank in self.banks:
            item = QListWidgetItem(self.tr("%1  (%2 questions)").replace("%1", bank.title)
                                   .replace("%2", str(len(bank.questions))))
            item.setData(Qt.ItemDataRole.UserRole, bank.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if bank.id in selected
                               else Qt.CheckState.Unchecked)
            if bank.description:
                item.setToolTip(tooltip(bank.description))
            self.bank_list.addItem(item)
        self.bank_list.blockSignals(False)
        teams = [str(t) for t in remembered.get("teams", [])][:MAX_TEAMS]
        for i, edit in enumerate(self.team_names):
            edit.setText(teams[i] if i < len(teams) else self.tr("Team %1").replace("%1",
                                                                                   str(i + 1)))
        self.team_count.setValue(max(MIN_TEAMS, min(MAX_TEAMS, len(teams) or 3)))
        self._on_team_count_changed(self.team_count.value())
        self._update_count_range()
        count = remembered.get("count") or DEFAULT_COUNT
        self.count.setValue(min(int(count), self.count.maximum()))
        index = self.countdown.findData(int(remembered.get("countdown", 0)))
        self.countdown.setCurrentIndex(max(0, index))
        self.final_round.setValue(int(remembered.get("final_round", 0)))
        self.animate.setChecked(bool(remembered.get("animate", False)))
        self.console.setChecked(bool(remembered.get("console", screens >= 2)))

    # --- reading it back -------------------------------------------------------------------

    def selected_bank_ids(self) -> tuple[str, ...]:
        return tuple(self.bank_list.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.bank_list.count())
                     if self.bank_list.item(i).checkState() == Qt.CheckState.Checked)

    def team_list(self) -> tuple[str, ...]:
        return tuple(edit.text() for edit in self.team_names[:self.team_count.value()])

    def settings(self) -> ShowSettings | None:
        """The settings once the dialog was accepted."""
        return self._settings

    def remembered(self) -> dict[str, Any]:
        """What to offer next time (kept in the score store's settings)."""
        data = self._settings.as_dict() if self._settings else {}
        data.update(animate=self.animate.isChecked(), console=self.console.isChecked())
        return data

    # --- slots -----------------------------------------------------------------------------

    def _on_buttons_accepted(self) -> None:
        try:
            self._settings = ShowSettings(
                bank_ids=self.selected_bank_ids(), teams=self.team_list(),
                count=self.count.value(), countdown=int(self.countdown.currentData()),
                final_round=self.final_round.value())
        except ValueError as exc:
            message = str(exc)
            self.error.setText(message[:1].upper() + message[1:] + ".")
            self.error.show()
            return
        self.accept()

    def _on_team_count_changed(self, count: int) -> None:
        for i, (label, edit) in enumerate(zip(self.team_labels, self.team_names, strict=True)):
            label.setVisible(i < count)
            edit.setVisible(i < count)

    def _on_count_changed(self, count: int) -> None:
        self.final_round.setMaximum(count)

    def _on_bank_list_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_count_range()

    def _update_count_range(self) -> None:
        chosen = set(self.selected_bank_ids())
        available = sum(len(b.questions) for b in self.banks if b.id in chosen)
        self.count.setMaximum(max(1, available))
        self.final_round.setMaximum(self.count.value())

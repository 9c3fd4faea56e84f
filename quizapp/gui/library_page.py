"""The library and quiz setup: pick banks and options, see banks that failed to load.

Signals:
    start_requested(QuizSettings, str): start a quiz for the named player.
    review_requested(QuizSettings, str): the named player's questions due for review, of the
        ticked banks (at most the chosen number; tags and difficulty do not apply).
    open_file_requested(): "Open bank file…".
    open_folder_requested(): "Open banks folder".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.library import Library
from quizapp.core.terms import DIFFICULTIES
from quizapp.gui.text import PlainLabel, tooltip

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.core.session import QuizSettings

STALE = "⚠"


def difficulty_mix(bank: Bank) -> str:
    count = Counter(difficulty for difficulty, _tags in bank.facets)
    return " · ".join(f"{count[d]} {d}" for d in DIFFICULTIES if count[d])


class LibraryPage(QWidget):
    start_requested = Signal(object, str)
    review_requested = Signal(object, str)
    open_file_requested = Signal()
    open_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.library = Library()
        self._build()
        self._connect_signals()

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = PlainLabel(self.tr("Question banks"))
        heading.setObjectName("heading")
        left_layout.addWidget(heading)
        self.banks = QTreeWidget()
        self.banks.setRootIsDecorated(False)
        self.banks.setAlternatingRowColors(True)
        self.banks.setUniformRowHeights(True)
        self.banks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.banks.setAccessibleName(self.tr("Question banks; tick the ones to use"))
        self.banks.setHeaderLabels([self.tr("Bank"), self.tr("Questions"), self.tr("Facts as of"),
                                    self.tr("Difficulty"), self.tr("Tags")])
        header = self.banks.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        # Widths from the rows shown and 100 more, not from every row: with 500 banks,
        # measuring all of them took as long as painting the window.
        header.setResizeContentsPrecision(100)
        left_layout.addWidget(self.banks, 3)
        self.bank_detail = PlainLabel()
        self.bank_detail.setObjectName("detail")
        left_layout.addWidget(self.bank_detail)
        self.problems_heading = PlainLabel(self.tr("Banks that could not be loaded"))
        self.problems_heading.setObjectName("heading")
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(self.tr("Problems in bank files"))
        left_layout.addWidget(self.problems_heading)
        left_layout.addWidget(self.problems, 1)
        files = QHBoxLayout()
        self.open_file_button = QPushButton(self.tr("Open bank file…"))
        self.open_folder_button = QPushButton(self.tr("Open banks folder"))
        files.addWidget(self.open_file_button)
        files.addWidget(self.open_folder_button)
        files.addStretch()
        left_layout.addLayout(files)
        splitter.addWidget(left)

        right = QWidget()
        form_box = QVBoxLayout(right)
        form_box.setContentsMargins(8, 0, 0, 0)
        setup_heading = PlainLabel(self.tr("Quiz setup"))
        setup_heading.setObjectName("heading")
        form_box.addWidget(setup_heading)
        form = QFormLayout()
        self.player = QComboBox()
        self.player.setEditable(True)
        self.player.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.player.lineEdit().setPlaceholderText(self.tr("Your name"))
        self.player.setAccessibleName(self.tr("Player"))
        form.addRow(self.tr("&Player"), self.player)
        self.count = QSpinBox()
        self.count.setRange(0, 10_000)
        self.count.setSpecialValueText(self.tr("All"))
        self.count.setValue(10)
        self.count.setAccessibleName(self.tr("Number of questions, 0 for all"))
        form.addRow(self.tr("&Questions"), self.count)
        difficulty = QHBoxLayout()
        self.difficulty_boxes: dict[str, QCheckBox] = {}
        for level in DIFFICULTIES:
            box = QCheckBox(self.tr(level.capitalize()))
            box.setChecked(True)
            self.difficulty_boxes[level] = box
            difficulty.addWidget(box)
        form.addRow(self.tr("Difficulty"), difficulty)
        self.tags = QListWidget()
        self.tags.setAccessibleName(self.tr("Tags; none ticked means all"))
        self.tags.setMaximumHeight(120)
        form.addRow(self.tr("&Tags"), self.tags)
        self.shuffle = QCheckBox(self.tr("Shuffle questions and choices"))
        self.shuffle.setChecked(True)
        form.addRow("", self.shuffle)
        mode = QHBoxLayout()
        self.practice = QRadioButton(self.tr("Practice: feedback after each question"))
        self.exam = QRadioButton(self.tr("Exam: feedback at the end"))
        self.practice.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.practice)
        self.mode_group.addButton(self.exam)
        mode_box = QVBoxLayout()
        mode_box.addWidget(self.practice)
        mode_box.addWidget(self.exam)
        mode.addLayout(mode_box)
        form.addRow(self.tr("Mode"), mode)
        timer = QHBoxLayout()
        self.timer = QComboBox()
        self.timer.addItem(self.tr("Off"), "off")
        self.timer.addItem(self.tr("Per question"), "question")
        self.timer.addItem(self.tr("Whole quiz"), "quiz")
        self.timer.setAccessibleName(self.tr("Timer"))
        self.timer_amount = QSpinBox()
        self.timer_amount.setRange(5, 3600)
        self.timer_amount.setValue(30)
        self.timer_amount.setSuffix(self.tr(" s"))
        self.timer_amount.setAccessibleName(self.tr("Timer length in seconds"))
        self.timer_amount.setEnabled(False)
        timer.addWidget(self.timer)
        timer.addWidget(self.timer_amount)
        form.addRow(self.tr("Timer"), timer)
        form_box.addLayout(form)
        self.summary = PlainLabel()
        self.summary.setObjectName("detail")
        form_box.addWidget(self.summary)
        form_box.addStretch()
        self.start_button = QPushButton(self.tr("Start quiz"))
        self.start_button.setObjectName("primary")
        self.start_button.setMinimumHeight(44)
        self.start_button.setDefault(True)
        form_box.addWidget(self.start_button)
        self.review_button = QPushButton(self.tr("&Review what is due"))
        self.review_button.setToolTip(tooltip(self.tr(
            "The questions of the ticked banks that you are about to forget, by your own "
            "answers: a wrong answer comes back the next day, a right one after a few days, "
            "then less and less often.")))
        form_box.addWidget(self.review_button)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

    def _connect_signals(self) -> None:
        self.banks.itemChanged.connect(self._on_banks_item_changed)
        self.banks.currentItemChanged.connect(self._on_banks_current_changed)
        self.tags.itemChanged.connect(self._on_tags_item_changed)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.review_button.clicked.connect(self._on_review_clicked)
        self.open_file_button.clicked.connect(self.open_file_requested)
        self.open_folder_button.clicked.connect(self.open_folder_requested)
        self.timer.currentIndexChanged.connect(self._on_timer_changed)
        self.count.valueChanged.connect(self._on_filter_changed)
        for box in self.difficulty_boxes.values():
            box.toggled.connect(self._on_filter_changed)

    # --- contents --------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        """Show these banks, keeping the ticks of banks that are still there."""
        ticked = set(self.selected_bank_ids()) if self.banks.topLevelItemCount() else None
        self.library = library
        today = self._today or dt.date.today()
        self.banks.blockSignals(True)
        self.banks.clear()
        for bank in library.banks:
            stale = bank.is_stale(today)
            title = f"{STALE} {bank.title}" if stale else bank.title
            row = QTreeWidgetItem([title, str(len(bank.facets)), bank.as_of.isoformat(),
                                   difficulty_mix(bank), ", ".join(bank.tags)])
            row.setData(0, Qt.ItemDataRole.UserRole, bank.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = bank.id in ticked if ticked is not None else True
            row.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            tip = bank.description or bank.title
            if stale:
                tip += "\n" + self.tr("May be out of date: it was due for review on %1.") \
                    .replace("%1", bank.review_by.isoformat())
            row.setToolTip(0, tooltip(tip))
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.banks.addTopLevelItem(row)
        self.banks.blockSignals(False)
        self.problems.clear()
        for path, problems in library.failures.items():
            for problem in problems:
                entry = QListWidgetItem(str(problem))
                entry.setData(Qt.ItemDataRole.UserRole, str(path))
                self.problems.addItem(entry)
        has_problems = bool(library.failures)
        self.problems.setVisible(has_problems)
        self.problems_heading.setVisible(has_problems)
        self._refresh_tags()
        self._update_summary()
        if self.banks.topLevelItemCount() and self.banks.currentItem() is None:
            self.banks.setCurrentItem(self.banks.topLevelItem(0))

    def show_loading(self, number: int, total: int) -> None:
        """Banks are being read: say so, and keep Start disabled until they are in."""
        text = self.tr("Loading banks…")
        if total:
            text = self.tr("Loading banks… %1 of %2").replace("%1", str(number)) \
                .replace("%2", str(total))
        self.summary.setText(text)
        self.start_button.setEnabled(False)
        self.review_button.setEnabled(False)

    def set_players(self, names: list[str], current: str | None) -> None:
        self.player.clear()
        self.player.addItems(names)
        if current:
            self.player.setCurrentText(current)

    def selected_bank_ids(self) -> list[str]:
        ids = []
        for i in range(self.banks.topLevelItemCount()):
            row = self.banks.topLevelItem(i)
            if row.checkState(0) == Qt.CheckState.Checked:
                ids.append(row.data(0, Qt.ItemDataRole.UserRole))
        return ids

    def set_bank_checked(self, bank_id: str, checked: bool) -> None:
        for i in range(self.banks.topLevelItemCount()):
            row = self.banks.topLevelItem(i)
            if row.data(0, Qt.ItemDataRole.UserRole) == bank_id:
                row.setCheckState(0, Qt.CheckState.Checked if checked
                                  else Qt.CheckState.Unchecked)

    def _refresh_tags(self) -> None:
        ticked = {self.tags.item(i).text() for i in range(self.tags.count())
                  if self.tags.item(i).checkState() == Qt.CheckState.Checked}
        wanted = set(self.selected_bank_ids())
        tags = sorted({t for b in self.library.banks if b.id in wanted
                       for _difficulty, tags in b.facets for t in tags})
        self.tags.blockSignals(True)
        self.tags.clear()
        for tag in tags:
            entry = QListWidgetItem(tag)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if tag in ticked else Qt.CheckState.Unchecked)
            self.tags.addItem(entry)
        self.tags.blockSignals(False)

    def settings(self) -> QuizSettings:
        from quizapp.core.session import Mode, QuizSettings  # not needed for the first paint

        difficulties = tuple(d for d, box in self.difficulty_boxes.items() if box.isChecked())
        tags = tuple(self.tags.item(i).text() for i in range(self.tags.count())
                     if self.tags.item(i).checkState() == Qt.CheckState.Checked)
        timer = self.timer.currentData()
        return QuizSettings(
            bank_ids=tuple(self.selected_bank_ids()), count=self.count.value() or None,
            tags=tags, difficulties=() if len(difficulties) == len(DIFFICULTIES) else difficulties,
            shuffle=self.shuffle.isChecked(),
            mode=Mode.EXAM if self.exam.isChecked() else Mode.PRACTICE, timer=timer,
            timer_seconds=self.timer_amount.value() if timer != "off" else 0)

    def apply_settings(self, data: dict) -> None:
        """Restore the last setup (banks that no longer exist are ignored)."""
        if not data:
            return
        from quizapp.core.session import Mode, QuizSettings

        try:
            settings = QuizSettings.from_dict(data)
        except (TypeError, ValueError):
            return
        if settings.bank_ids:
            for i in range(self.banks.topLevelItemCount()):
                row = self.banks.topLevelItem(i)
                bank_id = row.data(0, Qt.ItemDataRole.UserRole)
                row.setCheckState(0, Qt.CheckState.Checked if bank_id in settings.bank_ids
                                  else Qt.CheckState.Unchecked)
        self.count.setValue(settings.count or 0)
        for level, box in self.difficulty_boxes.items():
            box.setChecked(not settings.difficulties or level in settings.difficulties)
        self._refresh_tags()
        for i in range(self.tags.count()):
            entry = self.tags.item(i)
            entry.setCheckState(Qt.CheckState.Checked if entry.text() in settings.tags
                                else Qt.CheckState.Unchecked)
        self.shuffle.setChecked(settings.shuffle)
        (self.exam if settings.mode is Mode.EXAM else self.practice).setChecked(True)
        index = self.timer.findData(settings.timer)
        self.timer.setCurrentIndex(max(0, index))
        if settings.timer_seconds:
            self.timer_amount.setValue(settings.timer_seconds)
        self._update_summary()

    def _matching_count(self, settings: QuizSettings) -> int:
        banks, tags = set(settings.bank_ids), set(settings.tags)
        return sum(1 for b in self.library.banks if b.id in banks
                   for difficulty, question_tags in b.facets
                   if (not tags or not tags.isdisjoint(question_tags))
                   and (not settings.difficulties or difficulty in settings.difficulties))

    def _update_summary(self) -> None:
        # Without banks (the first paint) there is nothing to count, nor a setup to read.
        settings = self.settings() if self.library.banks else None
        available = self._matching_count(settings) if settings is not None else 0
        wanted = self.count.value() or available
        self.summary.setText(self.tr("%1 questions match; the quiz will ask %2.")
                             .replace("%1", str(available))
                             .replace("%2", str(min(wanted, available))))
        self.start_button.setEnabled(available > 0)
        self.review_button.setEnabled(settings is not None and bool(settings.bank_ids))

    # --- slots -----------------------------------------------------------------------------

    def _on_banks_item_changed(self, _item, column: int) -> None:
        if column == 0:
            self._refresh_tags()
            self._update_summary()

    def _on_banks_current_changed(self, current, _previous) -> None:
        if current is None:
            self.bank_detail.setText("")
            return
        bank = self.library.bank(current.data(0, Qt.ItemDataRole.UserRole))
        if bank is None:
            return
        lines = [bank.title]
        if bank.description:
            lines.append(bank.description)
        facts = self.tr("Facts as of %1.").replace("%1", bank.as_of.isoformat())
        if bank.review_by:
            facts += " " + self.tr("Review due %1.").replace("%1", bank.review_by.isoformat())
        lines.append(facts)
        if bank.is_stale(self._today or dt.date.today()):
            lines.append(f"{STALE} " + self.tr("This bank may be out of date: check its facts "
                                               "before relying on them."))
        self.bank_detail.setText("\n".join(lines))

    def _on_tags_item_changed(self, _item) -> None:
        self._update_summary()

    def _on_filter_changed(self, _value) -> None:
        self._update_summary()

    def _on_timer_changed(self, _index: int) -> None:
        timer = self.timer.currentData()
        self.timer_amount.setEnabled(timer != "off")
        if timer == "quiz" and self.timer_amount.value() < 60:
            self.timer_amount.setValue(600)
        elif timer == "question" and self.timer_amount.value() >= 600:
            self.timer_amount.setValue(30)

    def _on_start_clicked(self) -> None:
        self.start_requested.emit(self.settings(), self.player.currentText().strip())

    def _on_review_clicked(self) -> None:
        self.review_requested.emit(self.settings(), self.player.currentText().strip())

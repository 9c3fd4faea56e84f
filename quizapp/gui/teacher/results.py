"""Results per class: a grid of students by quizzes, and every answer of the chosen student.

``ClassGridModel`` is a table model over ``store.class_grid(class_id)``: a row per student, a
column per quiz (the same banks in the same mode), the percent of the try the teacher chose
(first, latest or best) and each student's average. ``StudentAnswersModel`` lists a student's
answers (of one quiz column, or all). ``ResultsPanel`` shows both and exports the grid to CSV.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core import classresults
from quizapp.core.bank import AnyQuestion, Bank
from quizapp.core.scoring import format_number, response_text
from quizapp.core.store import ClassGrid, GridQuiz, Player, ScoreStore, StoreError
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel, tooltip

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # real values: names casefolded, percents
PLAYER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ATTEMPT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
HEADING_WIDTH = 18  # characters per line of a quiz column's heading


def _tr(text: str) -> str:
    return QCoreApplication.translate("results", text)


def percent_text(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}%"


def mode_text(mode: str) -> str:
    return {"practice": _tr("Practice"), "exam": _tr("Exam")}.get(mode, mode)


def quiz_heading(quiz: GridQuiz, titles: Mapping[str, str]) -> str:
    """A column heading, wrapped to keep the column narrow: the banks, then the mode and the
    first day the class took it."""
    banks = " + ".join(titles.get(b, b) for b in quiz.bank_ids)
    day = quiz.first_started.astimezone()
    return textwrap.fill(banks, HEADING_WIDTH, max_lines=4, placeholder=" \u2026") + \
        f"\n{mode_text(quiz.mode)} \u00b7 {day.day} {day:%b}"


def quiz_title(quiz: GridQuiz, titles: Mapping[str, str]) -> str:
    """One line, for the CSV file and the lists: 'Parade weapons (exam)'."""
    banks = " + ".join(titles.get(b, b) for b in quiz.bank_ids)
    return f"{banks} ({mode_text(quiz.mode).lower()})"


class ClassGridModel(QAbstractTableModel):
    """Students (rows), their average, then one column per quiz.

    ``SORT_ROLE`` gives sortable values (-1 for an empty cell); ``PLAYER_ID_ROLE`` the
    student's id on every cell; ``ATTEMPT_ID_ROLE`` the id of the quiz a cell shows.
    """

    STUDENT, AVERAGE, FIRST_QUIZ = 0, 1, 2

    def __init__(self, store: ScoreStore, parent: QObject | None = None, *,
                 bank_titles: Mapping[str, str] | None = None):
        super().__init__(parent)
        self.store = store
        self.grid: ClassGrid | None = None
        self.how = "latest"
        self._titles: dict[str, str] = dict(bank_titles or {})
        self._means: list[float | None] = []

    # --- loading -----------------------------------------------------------------------------

    def reload(self, class_id: int | None) -> None:
        """Read the class's grid again (an empty table for None). Raises ``StoreError``."""
        self.beginResetModel()
        try:
            self.grid = None if class_id is None else self.store.class_grid(class_id)
        except StoreError:
            self.grid = None
            raise
        finally:
            self._update_means()
            self.endResetModel()

    def set_how(self, how: str) -> None:
        """Which try a cell shows: "first", "latest" or "best"."""
        if how not in classresults.PICKS:
            raise ValueError(how)
        self.beginResetModel()
        self.how = how
        self._update_means()
        self.endResetModel()

    def set_bank_titles(self, titles: Mapping[str, str]) -> None:
        self._titles = dict(titles)
        if self.grid and self.grid.quizzes:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.FIRST_QUIZ,
                                        self.columnCount() - 1)

    def _update_means(self) -> None:
        """The class mean of each quiz column, shown in its heading."""
        self._means = []
        if self.grid is None:
            return
        for column in range(len(self.grid.quizzes)):
            values = [c.percent for s in self.grid.students
                      if (c := self.chosen(s.id, column)) is not None and c.percent is not None]
            self._means.append(sum(values) / len(values) if values else None)

    # --- what the cells hold -----------------------------------------------------------------

    def quiz_of_column(self, column: int) -> GridQuiz | None:
        if self.grid is None or not 0 <= column - self.FIRST_QUIZ < len(self.grid.quizzes):
            return None
        return self.grid.quizzes[column - self.FIRST_QUIZ]

    def quiz_index(self, column: int) -> int:
        """The grid's quiz number of a model column."""
        return column - self.FIRST_QUIZ

    def student_at(self, row: int) -> Player:
        assert self.grid is not None
        return self.grid.students[row]

    def chosen(self, player_id: int, quiz_index: int):
        assert self.grid is not None
        return classresults.pick(self.grid.cell(player_id, quiz_index), self.how)

    def cell_text(self, row: int, column: int) -> str:
        student = self.student_at(row)
        if column == self.STUDENT:
            return student.name
        if column == self.AVERAGE:
            return percent_text(classresults.average(self.grid, student.id, self.how))
        chosen = self.chosen(student.id, self.quiz_index(column))
        return "" if chosen is None else percent_text(chosen.percent)

    def _sort_value(self, row: int, column: int) -> object:
        student = self.student_at(row)
        if column == self.STUDENT:
            return student.name.casefold()
        if column == self.AVERAGE:
            value = classresults.average(self.grid, student.id, self.how)
        else:
            chosen = self.chosen(student.id, self.quiz_index(column))
            value = None if chosen is None else chosen.percent
        return -1.0 if value is None else value

    def _tooltip(self, row: int, column: int) -> str | None:
        student = self.student_at(row)
        if column == self.STUDENT:
            return tooltip(f"{student.name} ({student.nickname})" if student.nickname
                           else student.name)
        quiz = self.quiz_of_column(column)
        if quiz is None:
            return tooltip(_tr("Mean of the quizzes %1 took").replace("%1", student.name))
        tries = self.grid.cell(student.id, self.quiz_index(column))
        if not tries:
            return tooltip(_tr("%1 has not finished this quiz.").replace("%1", student.name))
        lines = [quiz_title(quiz, self._titles)]
        for n, t in enumerate(tries, 1):
            when = t.started_at.astimezone()
            lines.append(_tr("Try %1, %2: %3 (%4 of %5 points, %6 of %7 answered)")
                         .replace("%1", str(n)).replace("%2", f"{when.day} {when:%b %H:%M}")
                         .replace("%3", percent_text(t.percent))
                         .replace("%4", format_number(t.points))
                         .replace("%5", format_number(t.max_points))
                         .replace("%6", str(t.answered)).replace("%7", str(t.questions)))
        return tooltip("\n".join(lines))

    # --- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.students)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.grid is None else 2 + len(self.grid.quizzes)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self.grid.students) and 0 <= column < self.columnCount()):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == PLAYER_ID_ROLE:
            return self.student_at(row).id
        if role == ATTEMPT_ID_ROLE:
            if self.quiz_of_column(column) is None:
                return None
            chosen = self.chosen(self.student_at(row).id, self.quiz_index(column))
            return None if chosen is None else chosen.attempt_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.STUDENT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.AVERAGE:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or self.grid is None \
                or not 0 <= section < self.columnCount():
            return None
        quiz = self.quiz_of_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.STUDENT:
                return _tr("Student")
            if quiz is None:
                return _tr("Average")
            mean = self._means[self.quiz_index(section)]
            return quiz_heading(quiz, self._titles) + "\n" + _tr("class %1").replace(
                "%1", percent_text(mean))
        if role == Qt.ItemDataRole.ToolTipRole and section == self.AVERAGE:
            return tooltip(_tr("Each student's mean over the quizzes they took (a quiz not "
                               "taken is left out, not counted as 0)"))
        if role == Qt.ItemDataRole.ToolTipRole and quiz is not None:
            return tooltip(_tr("%1: %2 finished quizzes by the class; class mean %3.")
                           .replace("%1", quiz_title(quiz, self._titles))
                           .replace("%2", str(quiz.attempts))
                           .replace("%3", percent_text(self._means[self.quiz_index(section)])))
        return None


class GridSort(QSortFilterProxyModel):
    """Sorts on ``SORT_ROLE``."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


def answer_text(question: AnyQuestion | None, response: object) -> str:
    """What the student answered, in words; also for questions no longer in the banks."""
    if question is not None:
        return response_text(question, response)
    if response is None or response in ("", [], {}):
        return _tr("(no answer)")
    if isinstance(response, list):
        return "; ".join(str(r) for r in response)
    if isinstance(response, dict):
        return "; ".join(f"{k} \u2192 {v}" for k, v in response.items())
    if isinstance(response, bool):
        return _tr("True") if response else _tr("False")
    return str(response) if isinstance(response, str) else json.dumps(response,
                                                                      ensure_ascii=False)


def mark_text(score: float) -> str:
    if score >= 1.0:
        return _tr("Right")
    if score <= 0.0:
        return _tr("Wrong")
    return _tr("Partly (%1%)").replace("%1", f"{score * 100:.0f}")


class StudentAnswersModel(QAbstractTableModel):
    """Every answer of one student (optionally only the quizzes ``attempt_ids``), oldest
    first: when, the quiz, the question, what they answered, the mark and the time."""

    WHEN, QUIZ, QUESTION, ANSWER, MARK, TIME = range(6)
    COLUMN_COUNT = 6

    def __init__(self, store: ScoreStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.questions: dict[tuple[str, str], AnyQuestion] = {}
        self.titles: dict[str, str] = {}
        self._rows: list[tuple] = []
        self._headers = [_tr("When"), _tr("Quiz"), _tr("Question"), _tr("Answer"), _tr("Mark"),
                         _tr("Time")]

    def set_banks(self, banks: list[Bank]) -> None:
        self.questions = {(b.id, q.id): q for b in banks for q in b.questions}
        self.titles = {b.id: b.title for b in banks}

    def reload(self, player_id: int | None, attempt_ids: set[int] | None = None) -> None:
        """Read the student's answers again (none for None). Raises ``StoreError``."""
        self.beginResetModel()
        self._rows = []
        try:
            if player_id is not None:
                quizzes = {a.id: a for a in self.store.attempts(player_id,
                                                                include_unfinished=True)}
                log = self.store.iter_answer_log(player_id)
                try:
                    for entry in log:
                        a = entry.answer
                        if attempt_ids is not None and a.attempt_id not in attempt_ids:
                            continue
                        quiz = quizzes.get(a.attempt_id)
                        self._rows.append((a, quiz))
                finally:
                    log.close()
        finally:
            self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def _display(self, row: int, column: int) -> str:
        a, quiz = self._rows[row]
        question = self.questions.get((a.bank_id, a.question_id))
        if column == self.WHEN:
            when = a.answered_at.astimezone()
            return f"{when:%Y-%m-%d %H:%M}"
        if column == self.QUIZ:
            bank = self.titles.get(a.bank_id, a.bank_id)
            return bank if quiz is None else f"{bank} ({mode_text(quiz.mode).lower()})"
        if column == self.QUESTION:
            return question.prompt if question is not None else \
                _tr("%1 (no longer in the banks)").replace("%1", a.question_id)
        if column == self.ANSWER:
            return answer_text(question, a.response)
        if column == self.MARK:
            return mark_text(a.score)
        return f"{a.seconds:.0f} s"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ATTEMPT_ID_ROLE:
            return self._rows[row][0].attempt_id
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.QUIZ, self.QUESTION,
                                                              self.ANSWER):
            return tooltip(self._display(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TIME:
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.COLUMN_COUNT:
            return self._headers[section]
        return None


class ResultsPanel(QWidget):
    """The class grid above, the chosen student's answers below.

    Signals:
        review_requested(int): open this quiz (attempt id) on the results page.
        export_requested(int): export this class (id) to CSV; the owner asks the PIN.
    """

    review_requested = Signal(int)
    export_requested = Signal(int)

    def __init__(self, store: ScoreStore, banks: list[Bank], parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.model = ClassGridModel(store, self, bank_titles={b.id: b.title for b in banks})
        self.proxy = GridSort(self)
        self.proxy.setSourceModel(self.model)
        self.answers = StudentAnswersModel(store, self)
        self.answers.set_banks(banks)
        self._build()
        self._connect_signals()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        class_label = QLabel(_tr("&Class:"))
        self.class_box = QComboBox()
        self.class_box.setAccessibleName(_tr("Class"))
        self.class_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.class_box.setMinimumContentsLength(24)
        class_label.setBuddy(self.class_box)
        how_label = QLabel(_tr("Each cell &shows:"))
        self.how_box = QComboBox()
        for how, text in (("first", _tr("the first try")), ("latest", _tr("the latest try")),
                          ("best", _tr("the best try"))):
            self.how_box.addItem(text, how)
        self.how_box.setCurrentIndex(1)
        self.how_box.setAccessibleName(_tr("Which try each cell shows"))
        how_label.setBuddy(self.how_box)
        self.export_button = QPushButton(_tr("&Export class results to CSV…"))
        filters.addWidget(class_label)
        filters.addWidget(self.class_box)
        filters.addSpacing(16)
        filters.addWidget(how_label)
        filters.addWidget(self.how_box)
        filters.addStretch()
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ClassGridModel.STUDENT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_tr("Class results: students by quizzes"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        top_layout.addWidget(self.table, 1)
        self.empty = PlainLabel()
        self.empty.setObjectName("heading")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top_layout.addWidget(self.empty, 1)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        self.student_heading = PlainLabel()
        self.student_heading.setObjectName("heading")
        self.open_button = QPushButton(_tr("&Open quiz"))
        self.open_button.setToolTip(_tr("Review the chosen quiz question by question"))
        row.addWidget(self.student_heading, 1)
        row.addWidget(self.open_button)
        bottom_layout.addLayout(row)
        self.answers_table = QTableView()
        self.answers_table.setModel(self.answers)
        self.answers_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.answers_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.answers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.answers_table.setAlternatingRowColors(True)
        self.answers_table.setWordWrap(False)
        self.answers_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.answers_table.verticalHeader().hide()
        self.answers_table.setAccessibleName(_tr("Every answer of the chosen student"))
        answers_header = self.answers_table.horizontalHeader()
        answers_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        answers_header.setSectionResizeMode(StudentAnswersModel.QUESTION,
                                            QHeaderView.ResizeMode.Stretch)
        for column, width in ((StudentAnswersModel.QUIZ, 230), (StudentAnswersModel.ANSWER, 280)):
            answers_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            answers_header.resizeSection(column, width)
        bottom_layout.addWidget(self.answers_table, 1)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 300])
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.class_box.currentIndexChanged.connect(self._on_class_changed)
        self.how_box.currentIndexChanged.connect(self._on_how_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.table.selectionModel().currentChanged.connect(self._on_table_current_changed)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.answers_table.activated.connect(self._on_answers_activated)
        self.answers_table.selectionModel().selectionChanged.connect(self._update_buttons)

    # --- public ------------------------------------------------------------------------------

    def set_banks(self, banks: list[Bank]) -> None:
        self.model.set_bank_titles({b.id: b.title for b in banks})
        self.answers.set_banks(banks)

    def reload(self, select: int | None = None) -> None:
        """Read the classes and the chosen class's grid again."""
        wanted = select if select is not None else self.class_box.currentData()
        try:
            classes = self.store.classes()
        except StoreError as exc:
            classes = []
            self.empty.setText(str(exc))
        self.class_box.blockSignals(True)
        self.class_box.clear()
        for c in classes:
            self.class_box.addItem(f"{c.name} ({students_count(c.members)})", c.id)
        found = self.class_box.findData(wanted)
        self.class_box.setCurrentIndex(found if found >= 0 else (0 if classes else -1))
        self.class_box.blockSignals(False)
        self._load_grid()

    def current_class_id(self) -> int | None:
        return self.class_box.currentData()

    def select_cell(self, player_id: int, column: int) -> None:
        """Choose a student's cell, as a click would (tests and keyboard users)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, column)
            if index.data(PLAYER_ID_ROLE) == player_id:
                self.table.setCurrentIndex(index)
                return

    # --- slots -------------------------------------------------------------------------------

    def _load_grid(self) -> None:
        class_id = self.current_class_id()
        try:
            self.model.reload(class_id)
            error = ""
        except StoreError as exc:
            error = str(exc)
        grid = self.model.grid
        if error:
            self.empty.setText(_tr("The results could not be read. %1").replace("%1", error))
        elif class_id is None:
            self.empty.setText(_tr("No classes yet. Make one on the Classes tab."))
        elif not grid.students:
            self.empty.setText(_tr("%1 has no students yet. Import its roster on the Classes "
                                   "tab.").replace("%1", grid.school_class.name))
        elif not grid.quizzes:
            self.empty.setText(_tr("No student of %1 has finished a quiz yet.")
                               .replace("%1", grid.school_class.name))
        shown = grid is not None and bool(grid.students)
        self.table.setVisible(shown)
        self.empty.setVisible(not shown or not grid.quizzes)
        self.export_button.setEnabled(shown)
        if shown:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_student()

    def _on_class_changed(self, _index: int) -> None:
        self._load_grid()

    def _on_how_changed(self, _index: int) -> None:
        self.model.set_how(self.how_box.currentData())
        self._show_student()

    def _on_export_clicked(self) -> None:
        class_id = self.current_class_id()
        if class_id is not None:
            self.export_requested.emit(class_id)

    def _on_table_current_changed(self, *_args: object) -> None:
        self._show_student()

    def _show_student(self) -> None:
        index = self.table.currentIndex()
        player_id = index.data(PLAYER_ID_ROLE) if index.isValid() else None
        quiz = None
        attempt_ids = None
        if player_id is not None:
            column = self.proxy.mapToSource(index).column()
            quiz = self.model.quiz_of_column(column)
            if quiz is not None:
                attempt_ids = {t.attempt_id for t in self.model.grid.cell(
                    player_id, self.model.quiz_index(column))}
        try:
            self.answers.reload(player_id, attempt_ids)
        except StoreError as exc:
            self.student_heading.setText(str(exc))
            return
        if player_id is None:
            self.student_heading.setText(_tr("Choose a student to see every answer."))
        else:
            student = next(s for s in self.model.grid.students if s.id == player_id)
            who = student.name + (f" ({student.nickname})" if student.nickname else "")
            if quiz is None:
                text = _tr("%1: every answer (%2)")
            else:
                text = _tr("%1: %3 (%2)").replace(
                    "%3", quiz_title(quiz, self.model._titles))
            self.student_heading.setText(text.replace("%1", who).replace(
                "%2", answers_count(self.answers.row_count())))
        self._update_buttons()

    def _selected_attempt(self) -> int | None:
        rows = self.answers_table.selectionModel().selectedRows()
        if rows:
            return rows[0].data(ATTEMPT_ID_ROLE)
        index = self.table.currentIndex()
        return index.data(ATTEMPT_ID_ROLE) if index.isValid() else None

    def _update_buttons(self, *_args: object) -> None:
        self.open_button.setEnabled(self._selected_attempt() is not None)

    def _on_open_clicked(self) -> None:
        attempt_id = self._selected_attempt()
        if attempt_id is not None:
            self.review_requested.emit(attempt_id)

    def _on_answers_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.review_requested.emit(index.data(ATTEMPT_ID_ROLE))


def students_count(count: int) -> str:
    return _tr("1 student") if count == 1 else _tr("%1 students").replace("%1", str(count))


def answers_count(count: int) -> str:
    return _tr("1 answer") if count == 1 else _tr("%1 answers").replace("%1", str(count))


def export_class(parent: QWidget | None, store: ScoreStore, class_id: int, how: str,
                 titles: Mapping[str, str], *, today: date | None = None) -> Path | None:
    """"Export class results to CSV…": the grid as shown, to a file the teacher picks."""
    from quizapp.gui import data_actions

    title = _tr("Export class results")
    try:
        name = store.school_class(class_id).name
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("The class could not be read."), str(exc))
        return None
    slug = data_actions._slug(name)  # noqa: SLF001 - the same file names as other exports
    suggested = data_actions._documents() / (  # noqa: SLF001
        f"quizapp-class-{slug}-{(today or date.today()).isoformat()}.csv")
    chosen = data_actions.choose_csv_path(parent, title, suggested)
    if chosen is None:
        return None
    path, delimiter = chosen
    try:
        count = classresults.export_class_csv(
            store, class_id, path, how=how, delimiter=delimiter,
            title_of=lambda q: quiz_title(q, titles))
    except OSError as exc:
        dialogs.warn(parent, title, _tr("Nothing was exported."), exc.strerror or str(exc))
        return None
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("The scores could not be read, so nothing was "
                                        "exported."), str(exc))
        return None
    dialogs.inform(parent, title, _tr("Exported %1 of %2 to %3.").replace(
        "%1", students_count(count)).replace("%2", name).replace("%3", str(path)),
        _tr("One row per student, one column per quiz (%1), then the average.").replace(
            "%1", {"first": _tr("first try"), "latest": _tr("latest try"),
                   "best": _tr("best try")}[how]))
    return path

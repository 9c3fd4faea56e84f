"""Item analysis in the window: which questions work, over the answers the teacher chooses
(a class or everyone; all quizzes, practice, exams, or one quiz; first or latest answers).

``ItemAnalysisModel`` is a sortable table over ``quizapp.core.analysis.analyse``: facility,
discrimination, point-biserial, mean time, the wrong choices picked and the flags in words.
The panel below it explains the chosen question: its choices with how often each was picked by
everyone, the strongest and the weakest students. Formulas: ``docs/item-analysis.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core import classresults
from quizapp.core.analysis import (
    GROUP_SHARE,
    VERY_EASY,
    VERY_HARD,
    Flag,
    ItemAnalysis,
    ItemStats,
    analyse,
    questions_by_key,
)
from quizapp.core.bank import AnyQuestion, Bank
from quizapp.core.scoring import expected_text
from quizapp.core.store import ScoreStore, StoreError
from quizapp.gui.teacher.results import quiz_title
from quizapp.gui.text import PlainLabel, tooltip

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
FEW_STUDENTS = 10  # below this, one answer moves the numbers a lot

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ALL, PRACTICE, EXAMS = "all", "practice", "exam"


def _tr(text: str) -> str:
    return QCoreApplication.translate("items", text)


def type_text(kind: str | None) -> str:
    return {"single": _tr("One choice"), "multiple": _tr("Several choices"),
            "true_false": _tr("True or false"), "short": _tr("Short answer"),
            "numeric": _tr("Number"), "order": _tr("Order"), "match": _tr("Match"),
            None: _tr("(removed)")}.get(kind, kind or "")


def flag_short(flag: Flag) -> str:
    """A flag in a few words, for the table."""
    return {Flag.NEGATIVE_DISCRIMINATION: _tr("check the key"),
            Flag.VERY_HARD: _tr("very hard"), Flag.VERY_EASY: _tr("very easy"),
            Flag.CHANGED: _tr("reworded since some answers")}[flag]


def flag_sentence(flag: Flag) -> str:
    """A flag explained, for the panel under the table."""
    return {
        Flag.NEGATIVE_DISCRIMINATION: _tr(
            "Strong students got it wrong more often than weak students. In current affairs "
            "that often means the answer has gone out of date, or a wrong choice can also be "
            "defended: reread the question and its source."),
        Flag.VERY_HARD: _tr("Fewer than %1% of the students got it right: check the key, or "
                            "teach it again.").replace("%1", f"{VERY_HARD * 100:.0f}"),
        Flag.VERY_EASY: _tr("More than %1% got it right: it tells you little about who "
                            "understood.").replace("%1", f"{VERY_EASY * 100:.0f}"),
        Flag.CHANGED: _tr("Some answers were given to an earlier wording of the question, so "
                          "the numbers mix versions."),
    }[flag]


def signed(value: float | None) -> str:
    if value is None:
        return "\u2013"
    return f"{value:+.2f}".replace("-", "\u2212")


class ItemAnalysisModel(QAbstractTableModel):
    """One row per question in the analysed answers, in bank order to begin with."""

    QUESTION, BANK, STUDENTS, FACILITY, DISCRIMINATION, POINT_BISERIAL, TIME, \
        WRONG_CHOICES, FLAGS = range(9)
    COLUMN_COUNT = 9

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.result: ItemAnalysis | None = None
        self.questions: dict[tuple[str, str], AnyQuestion] = {}
        self.titles: dict[str, str] = {}
        self._items: tuple[ItemStats, ...] = ()
        self._headers = [_tr("Question"), _tr("Bank"), _tr("Students"),
                         _tr("Facility"), _tr("Discrimination"), _tr("Point-biserial"),
                         _tr("Time"), _tr("Wrong choices picked"), _tr("Flags")]
        self._tips = [
            _tr("The question as the bank has it now"), _tr("The bank it comes from"),
            _tr("Students counted: one answer each"),
            _tr("Share of the question earned on average: for right/wrong questions, the "
                "share of students who got it right"),
            _tr("Mean score of the strongest %1% of students (by their total) minus that of "
                "the weakest %1%; below 0 means strong students miss it more")
            .replace("%1", f"{GROUP_SHARE * 100:.0f}"),
            _tr("Correlation between this question and the rest of the quiz; 0.3 or more "
                "is good, below 0 needs checking"),
            _tr("Mean time spent answering, in seconds"),
            _tr("How many students picked each wrong choice"),
            _tr("Reasons to reread the question")]

    def set_result(self, result: ItemAnalysis | None,
                   questions: Mapping[tuple[str, str], AnyQuestion],
                   titles: Mapping[str, str]) -> None:
        self.beginResetModel()
        self.result = result
        self.questions = dict(questions)
        self.titles = dict(titles)
        self._items = result.items if result else ()
        self.endResetModel()

    def item_at(self, row: int) -> ItemStats:
        return self._items[row]

    def question_of(self, item: ItemStats) -> AnyQuestion | None:
        return self.questions.get(item.key)

    def prompt(self, item: ItemStats) -> str:
        question = self.question_of(item)
        return question.prompt if question is not None else \
            _tr("%1 (no longer in the banks)").replace("%1", item.question_id)

    def _display(self, item: ItemStats, column: int) -> str:
        if column == self.QUESTION:
            return " ".join(self.prompt(item).split())
        if column == self.BANK:
            return self.titles.get(item.bank_id, item.bank_id)
        if column == self.STUDENTS:
            return str(item.n)
        if column == self.FACILITY:
            return f"{item.facility * 100:.0f}%"
        if column == self.DISCRIMINATION:
            return signed(item.discrimination)
        if column == self.POINT_BISERIAL:
            return signed(item.point_biserial)
        if column == self.TIME:
            return f"{item.mean_seconds:.0f} s"
        if column == self.WRONG_CHOICES:
            if not item.choices:
                return "\u2013"
            return ", ".join(f"{c.text} {c.picked}" for c in item.distractors)
        return "; ".join(flag_short(f) for f in item.flags)

    def _sort_value(self, item: ItemStats, column: int) -> object:
        if column == self.STUDENTS:
            return item.n
        if column == self.FACILITY:
            return item.facility
        if column == self.DISCRIMINATION:
            return item.discrimination  # None: not enough students; sorted last
        if column == self.POINT_BISERIAL:
            return item.point_biserial
        if column == self.TIME:
            return item.mean_seconds
        if column == self.WRONG_CHOICES:
            return sum(c.picked for c in item.distractors)
        if column == self.FLAGS:
            return (len(item.flags), self._display(item, column))
        return self._display(item, column).casefold()

    # --- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._items):
            return None
        item, column = self._items[row], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == SORT_ROLE:
            return self._sort_value(item, column)
        if role == KEY_ROLE:
            return item.key
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.QUESTION,
                                                              self.WRONG_CHOICES, self.FLAGS):
            text = self._display(item, column) if column != self.QUESTION else self.prompt(item)
            return tooltip(text) if text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.STUDENTS, self.FACILITY, self.DISCRIMINATION, self.POINT_BISERIAL,
                self.TIME):
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tips[section])
        return None


class ItemSort(QSortFilterProxyModel):
    """Sorts on ``SORT_ROLE``; a value that cannot be worked out (None) comes last in either
    order, so sorting by discrimination puts the worst questions first, not the empty ones."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802 - Qt override
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return a is not None if not descending else b is not None
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class ItemsPanel(QWidget):
    """Filters above, the sortable question table, and the chosen question explained."""

    CHOICE, RIGHT, PICKED, SHARE, UPPER, LOWER, NOTE = range(7)

    def __init__(self, store: ScoreStore, banks: list[Bank], parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.banks = list(banks)
        self.model = ItemAnalysisModel(self)
        self.proxy = ItemSort(self)
        self.proxy.setSourceModel(self.model)
        self._quiz_ids: dict[str, tuple[int, ...]] = {}
        self._build()
        self._connect_signals()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        self.class_box = QComboBox()
        self.class_box.setAccessibleName(_tr("Whose answers"))
        self.quiz_box = QComboBox()
        self.quiz_box.setAccessibleName(_tr("Which quizzes"))
        # Long bank titles must not widen the window beyond a projector's 1366 pixels.
        self.quiz_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.quiz_box.setMinimumContentsLength(22)
        self.class_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.class_box.setMinimumContentsLength(14)
        self.which_box = QComboBox()
        self.which_box.addItem(_tr("each student's first answer"), "first")
        self.which_box.addItem(_tr("each student's latest answer"), "latest")
        self.which_box.setAccessibleName(_tr("Which answer of each student counts"))
        for text, box in ((_tr("&Students:"), self.class_box), (_tr("&Quizzes:"), self.quiz_box),
                          (_tr("C&ount:"), self.which_box)):
            label = QLabel(text)
            label.setBuddy(box)
            filters.addWidget(label)
            filters.addWidget(box)
            filters.addSpacing(12)
        filters.addStretch()
        layout.addLayout(filters)
        self.summary = PlainLabel()
        self.summary.setObjectName("detail")
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # bank order to begin with
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_tr("Questions with their statistics"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ItemAnalysisModel.QUESTION, QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        header.setHighlightSections(False)
        splitter.addWidget(self.table)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 8, 0, 0)
        self.question_label = PlainLabel(selectable=True)
        self.question_label.setObjectName("heading")
        self.detail = PlainLabel(selectable=True)
        detail_layout.addWidget(self.question_label)
        detail_layout.addWidget(self.detail)
        self.choices = QTableWidget(0, 7)
        self.choices.setHorizontalHeaderLabels([
            _tr("Choice"), _tr("Key"), _tr("Picked"), _tr("Share"), _tr("Strongest %1%")
            .replace("%1", f"{GROUP_SHARE * 100:.0f}"), _tr("Weakest %1%")
            .replace("%1", f"{GROUP_SHARE * 100:.0f}"), _tr("Note")])
        self.choices.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.choices.verticalHeader().hide()
        self.choices.setAccessibleName(_tr("How often each choice was picked"))
        choices_header = self.choices.horizontalHeader()
        choices_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        choices_header.setSectionResizeMode(self.CHOICE, QHeaderView.ResizeMode.Stretch)
        detail_layout.addWidget(self.choices, 1)
        detail_layout.addStretch(0)  # takes the room when there are no choices to show
        self.detail_layout = detail_layout
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([500, 320])
        layout.addWidget(splitter, 1)

    def _size_columns(self) -> None:
        """Numbers as narrow as their heading allows, so the question keeps the room."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        model = self.model
        for column in (model.STUDENTS, model.FACILITY, model.DISCRIMINATION,
                       model.POINT_BISERIAL, model.TIME):
            text = model.headerData(column, Qt.Orientation.Horizontal)
            header.resizeSection(column, max(metrics.horizontalAdvance(text),
                                             metrics.horizontalAdvance("\u22120.00")) + 18)
        em = metrics.horizontalAdvance("M")
        for column, ems in ((model.BANK, 9), (model.WRONG_CHOICES, 13), (model.FLAGS, 13)):
            header.resizeSection(column, ems * em)

    def _connect_signals(self) -> None:
        self.class_box.currentIndexChanged.connect(self._on_class_changed)
        self.quiz_box.currentIndexChanged.connect(self._on_filter_changed)
        self.which_box.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

    # --- public ------------------------------------------------------------------------------

    def set_banks(self, banks: list[Bank]) -> None:
        self.banks = list(banks)

    def reload(self) -> None:
        """Read the classes and quizzes again, then analyse."""
        wanted = self.class_box.currentData()
        try:
            classes = self.store.classes()
        except StoreError as exc:
            classes = []
            self.summary.setText(str(exc))
        self.class_box.blockSignals(True)
        self.class_box.clear()
        self.class_box.addItem(_tr("Everyone"), None)
        for c in classes:
            self.class_box.addItem(c.name, c.id)
        self.class_box.setCurrentIndex(max(0, self.class_box.findData(wanted)))
        self.class_box.blockSignals(False)
        self._fill_quizzes()
        self.analyse()

    def choose(self, *, class_id: int | None = None, quizzes: object = ALL,
               which: str = "first") -> None:
        """Set the filters (tests and scripted demos), then analyse once. ``quizzes`` is
        ``ALL``, ``PRACTICE``, ``EXAMS`` or one quiz as ``(mode, bank ids)``."""
        if isinstance(quizzes, tuple):
            quizzes = f"quiz:{quizzes[0]}:{'+'.join(sorted(quizzes[1]))}"
        for box, value in ((self.class_box, class_id),):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self._fill_quizzes()
        for box, value in ((self.quiz_box, quizzes), (self.which_box, which)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.analyse()

    def analyse(self) -> ItemAnalysis | None:
        """Analyse the chosen answers and show them."""
        class_id = self.class_box.currentData()
        chosen = self.quiz_box.currentData()
        mode = chosen if chosen in (PRACTICE, EXAMS) else None
        attempt_ids = self._quiz_ids.get(chosen) if isinstance(chosen, str) \
            and chosen.startswith("quiz:") else None
        questions = questions_by_key(self.banks)
        titles = {b.id: b.title for b in self.banks}
        try:
            log = self.store.iter_class_answer_log(class_id, mode=mode, attempt_ids=attempt_ids)
            try:
                result = analyse(log, questions, which=self.which_box.currentData())
            finally:
                log.close()
        except StoreError as exc:
            self.model.set_result(None, questions, titles)
            self.summary.setText(_tr("The answers could not be read. %1").replace("%1", str(exc)))
            self._show_item(None)
            return None
        self.model.set_result(result, questions, titles)
        self.table.setColumnHidden(ItemAnalysisModel.BANK,
                                   len({i.bank_id for i in result.items}) <= 1)
        self._summarise(result)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show_item(None)
        return result

    def select_question(self, bank_id: str, question_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(KEY_ROLE) == (bank_id, question_id):
                self.table.selectRow(row)
                return

    # --- slots -------------------------------------------------------------------------------

    def _fill_quizzes(self) -> None:
        wanted = self.quiz_box.currentData()
        class_id = self.class_box.currentData()
        try:
            summaries = self.store.attempts(None)
            if class_id is not None:
                inside = {p.id for p in self.store.class_members(class_id)}
                summaries = [a for a in summaries if a.player_id in inside]
            groups = classresults.group_attempts(summaries)
        except StoreError:
            groups = []
        titles = {b.id: b.title for b in self.banks}
        self.quiz_box.blockSignals(True)
        self.quiz_box.clear()
        self.quiz_box.addItem(_tr("All quizzes"), ALL)
        self.quiz_box.addItem(_tr("Practice only"), PRACTICE)
        self.quiz_box.addItem(_tr("Exams only"), EXAMS)
        self._quiz_ids = {}
        for quiz, ids in groups:
            key = f"quiz:{quiz.mode}:{'+'.join(quiz.bank_ids)}"
            self._quiz_ids[key] = ids
            self.quiz_box.addItem(_tr("%1, %2 taken").replace("%1", quiz_title(quiz, titles))
                                  .replace("%2", str(len(ids))), key)
        found = self.quiz_box.findData(wanted)
        self.quiz_box.setCurrentIndex(found if found >= 0 else 0)
        self.quiz_box.blockSignals(False)

    def _on_class_changed(self, _index: int) -> None:
        self._fill_quizzes()
        self.analyse()

    def _on_filter_changed(self, _index: int) -> None:
        self.analyse()

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_item(None)
            return
        self._show_item(self.model.item_at(self.proxy.mapToSource(current).row()))

    def _summarise(self, result: ItemAnalysis) -> None:
        if not result.items:
            self.summary.setText(_tr("No answers match. Choose other students or quizzes; "
                                     "every answer counts as soon as it is given."))
            return
        flagged = len(result.flagged())
        text = _tr("%1 questions, %2 students, counting %3.") \
            .replace("%1", str(len(result.items))).replace("%2", str(result.students)) \
            .replace("%3", self.which_box.currentText())
        text += " " + (_tr("None flagged.") if not flagged else _tr("1 flagged: sort by Flags "
                       "to see it.") if flagged == 1 else _tr("%1 flagged: sort by Flags to "
                       "see them.").replace("%1", str(flagged)))
        if result.students < FEW_STUDENTS:
            text += " " + _tr("With fewer than %1 students one answer moves these numbers a "
                              "lot: treat flags as reasons to reread a question, not as "
                              "verdicts.").replace("%1", str(FEW_STUDENTS))
        self.summary.setText(text)

    def _show_item(self, item: ItemStats | None) -> None:
        if item is None:
            self.question_label.setText("")
            self.detail.setText("")
            self.choices.setRowCount(0)
            self.choices.hide()
            return
        question = self.model.question_of(item)
        self.question_label.setText(self.model.prompt(item))
        lines = [_tr("%1 \u00b7 %2").replace("%1", type_text(item.type))
                 .replace("%2", self.model.titles.get(item.bank_id, item.bank_id))]
        if question is not None:
            lines.append(_tr("Answer: %1").replace("%1", expected_text(question)))
        who = _tr("1 student") if item.n == 1 else \
            _tr("%1 students").replace("%1", str(item.n))
        line = _tr("%1. Facility %2 (the share earned).").replace("%1", who) \
            .replace("%2", f"{item.facility * 100:.0f}%")
        if item.discrimination is None:
            line += " " + _tr("Too few students for the discrimination.")
        else:
            line += " " + _tr("Discrimination %1, point-biserial %2.").replace(
                "%1", signed(item.discrimination)).replace("%2", signed(item.point_biserial))
        lines.append(line + " " + _tr("%1 s on average.").replace(
            "%1", f"{item.mean_seconds:.0f}"))
        extra = []
        if item.omitted:
            extra.append(_tr("%1 left it unanswered").replace("%1", str(item.omitted)))
        if item.other_responses:
            extra.append(_tr("%1 gave an answer that is no longer a choice")
                         .replace("%1", str(item.other_responses)))
        if extra:
            lines.append("; ".join(extra).capitalize() + ".")
        lines += [flag_sentence(f) for f in item.flags]
        self.detail.setText("\n".join(lines))
        self.choices.setVisible(bool(item.choices))
        self.detail_layout.setStretch(self.detail_layout.count() - 1, 0 if item.choices else 1)
        self.choices.setRowCount(len(item.choices))
        for row, choice in enumerate(item.choices):
            cells = [choice.text, _tr("right") if choice.correct else "",
                     str(choice.picked), f"{choice.share * 100:.0f}%",
                     "\u2013" if choice.upper_share is None else f"{choice.upper_share * 100:.0f}%",
                     "\u2013" if choice.lower_share is None else f"{choice.lower_share * 100:.0f}%",
                     _tr("picked more by strong students") if choice.attracts_strong_students
                     else ""]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column in (self.PICKED, self.SHARE, self.UPPER, self.LOWER):
                    cell.setTextAlignment(Qt.AlignmentFlag(_RIGHT))
                self.choices.setItem(row, column, cell)

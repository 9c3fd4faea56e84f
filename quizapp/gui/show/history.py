"""Past quiz shows: the list, one show's marks question by question, and its CSV export.

Two table models over the score store (``ShowsModel``, ``ShowMarksModel``); the dialog only
lays them out and calls ``export_show_csv``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Bank
from quizapp.core.export import ExportError, export_show_csv
from quizapp.core.show import places
from quizapp.core.store import ScoreStore, ShowResults, ShowSummary, StoreError
from quizapp.gui import dialogs
from quizapp.gui.show.presentation import ordinal, points_text
from quizapp.gui.show.style import RIGHT, WRONG
from quizapp.gui.text import PlainLabel, tooltip

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
SORT_ROLE = Qt.ItemDataRole.UserRole


def winners(summary: ShowSummary) -> str:
    if not summary.teams or not any(t.points for t in summary.teams):
        return ""
    ranks = places([t.points for t in summary.teams])
    return ", ".join(t.name for t, r in zip(summary.teams, ranks, strict=True) if r == 1)


class ShowsModel(QAbstractTableModel):
    """Past shows, newest first: date, status, banks, questions, teams' points, winner."""

    STARTED, STATUS, BANKS, QUESTIONS, TEAMS, WINNER = range(6)
    HEADERS = ("Started", "Status", "Banks", "Questions", "Teams and points", "Winner")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[ShowSummary] = []

    def set_shows(self, rows: list[ShowSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == DISPLAY:
            if column == self.STARTED:
                return row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if column == self.STATUS:
                return self.tr(row.status)
            if column == self.BANKS:
                return ", ".join(row.bank_ids)
            if column == self.QUESTIONS:
                return f"{row.revealed} / {row.questions}"
            if column == self.TEAMS:
                return " · ".join(f"{t.name} {points_text(t.points)}" for t in row.teams)
            if column == self.WINNER:
                return winners(row)
        if role == SORT_ROLE and column == self.STARTED:
            return row.started_at.timestamp()
        return None


class ShowMarksModel(QAbstractTableModel):
    """One show: a row per revealed question, a column per team with ✔ or ✘."""

    NUMBER, QUESTION, POINTS = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.results: ShowResults | None = None
        self.prompts: dict[tuple[str, str], str] = {}

    def set_results(self, results: ShowResults | None,
                    prompts: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self.results = results
        self.prompts = prompts
        self.endResetModel()

    def _teams(self) -> list[str]:
        return self.results.show.teams if self.results else []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() or not self.results else len(self.results.questions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else 3 + len(self._teams())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = DISPLAY) -> Any:
        if role != DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        fixed = (self.tr("#"), self.tr("Question"), self.tr("Points"))
        if section < 3:
            return fixed[section]
        teams = self._teams()
        return f"{section - 2} {teams[section - 3]}" if section - 3 < len(teams) else None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or self.results is None \
                or not 0 <= index.row() < len(self.results.questions):
            return None
        q, column = self.results.questions[index.row()], index.column()
        if role == DISPLAY:
            if column == self.NUMBER:
                return q.position + 1
            if column == self.QUESTION:
                return self.prompts.get((q.bank_id, q.question_id),
                                        f"{q.bank_id}/{q.question_id}")
            if column == self.POINTS:
                return points_text(q.points) + ("  ★ x2" if q.doubled else "")
            team = column - 3
            if 0 <= team < len(q.correct):
                return f"{RIGHT} {points_text(q.points)}" if q.correct[team] else WRONG
        if role == Qt.ItemDataRole.ToolTipRole and column == self.QUESTION:
            prompt = self.prompts.get((q.bank_id, q.question_id))
            return tooltip(prompt) if prompt else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column >= 3:
            team = column - 3
            if 0 <= team < len(q.correct):
                return self.tr("right") if q.correct[team] else self.tr("not right")
        return None


class PastShowsDialog(QDialog):
    """Past quiz shows: pick one to see its marks; export it to CSV."""

    def __init__(self, store: ScoreStore, banks: Iterable[Bank] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Past quiz shows"))
        self.store = store
        self.prompts = {(b.id, q.id): q.prompt for b in banks for q in b.questions}
        self.shows_model = ShowsModel(self)
        self.marks_model = ShowMarksModel(self)
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.shows_view = QTableView()
        self.shows_view.setModel(self.shows_model)
        self.shows_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shows_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.shows_view.setAccessibleName(self.tr("Past quiz shows"))
        header = self.shows_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ShowsModel.TEAMS, QHeaderView.ResizeMode.Stretch)
        self.shows_view.verticalHeader().hide()
        splitter.addWidget(self.shows_view)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.totals = PlainLabel()
        self.totals.setObjectName("heading")
        self.totals.setAccessibleName(self.tr("Totals of the chosen show"))
        detail_layout.addWidget(self.totals)
        self.marks_view = QTableView()
        self.marks_view.setModel(self.marks_model)
        self.marks_view.setAccessibleName(self.tr("Marks of the chosen show"))
        header = self.marks_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ShowMarksModel.QUESTION, QHeaderView.ResizeMode.Stretch)
        self.marks_view.verticalHeader().hide()
        detail_layout.addWidget(self.marks_view)
        splitter.addWidget(detail)
        outer.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("&Export to CSV…"))
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        outer.addWidget(self.buttons)
        self.resize(1000, 680)

    def _connect_signals(self) -> None:
        self.shows_view.selectionModel().currentRowChanged.connect(
            self._on_shows_view_current_row_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)

    def reload(self) -> None:
        try:
            self.shows_model.set_shows(self.store.shows(include_unfinished=True))
        except StoreError as exc:
            dialogs.warn(self, self.tr("Past shows cannot be read"), str(exc))
            return
        if self.shows_model.rows:
            self.shows_view.selectRow(0)
        else:
            self._show_results(None)

    def selected(self) -> ShowSummary | None:
        row = self.shows_view.currentIndex().row()
        return self.shows_model.rows[row] if 0 <= row < len(self.shows_model.rows) else None

    def _show_results(self, summary: ShowSummary | None) -> None:
        results = None
        if summary is not None:
            try:
                results = self.store.show_results(summary.id)
            except StoreError as exc:
                dialogs.warn(self, self.tr("This show cannot be read"), str(exc))
        self.marks_model.set_results(results, self.prompts)
        self.export_button.setEnabled(results is not None)
        if results is None:
            self.totals.setText(self.tr("No quiz show yet."))
            return
        ranks = places([t.points for t in results.teams])
        ordered = sorted(zip(results.teams, ranks, strict=True), key=lambda p: (p[1],
                                                                             p[0].position))
        self.totals.setText("   ".join(f"{ordinal(r)} {t.name} {points_text(t.points)}"
                                       for t, r in ordered))

    def export_to(self, path: Path) -> int:
        """Write the chosen show's results; tell the user how it went. Rows written, or -1."""
        summary = self.selected()
        if summary is None:
            return -1
        try:
            count = export_show_csv(self.store, summary.id, path, question_text=self.prompts)
        except (ExportError, StoreError) as exc:
            dialogs.warn(self, self.tr("Export failed"), str(exc))
            return -1
        dialogs.inform(self, self.tr("Exported"),
                       self.tr("%1 rows written to %2").replace("%1", str(count))
                       .replace("%2", str(path)))
        return count

    def _on_shows_view_current_row_changed(self, current: QModelIndex, _previous) -> None:
        self._show_results(self.shows_model.rows[current.row()] if current.isValid() else None)

    def _on_export_clicked(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        default = Path.home() / f"quiz-show-{summary.started_at.astimezone():%Y-%m-%d-%H%M}.csv"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the show to CSV"),
                                              str(default), self.tr("CSV files (*.csv)"))
        if name:
            self.export_to(Path(name))

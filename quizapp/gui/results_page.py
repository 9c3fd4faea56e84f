"""The results screen: score, percentage and time, and every question to review.

Signals:
    retry_requested(): "Retry the ones I missed".
    new_quiz_requested(): back to the library for a new quiz.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.scoring import expected_text, response_text
from quizapp.core.session import QuizSession
from quizapp.gui.answers import RIGHT, WRONG
from quizapp.gui.quiz_page import PARTLY, format_seconds, source_line
from quizapp.gui.text import PlainLabel, announce, tooltip


class ResultsPage(QWidget):
    retry_requested = Signal()
    new_quiz_requested = Signal()

    COLUMNS = ("#", "Question", "Your answer", "Correct answer", "Points")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: QuizSession | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.headline = PlainLabel()
        self.headline.setObjectName("headline")
        self.summary = PlainLabel()
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Your answers"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.detail = PlainLabel(selectable=True)
        self.detail.setObjectName("detail")
        layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New quiz"))
        self.retry_button = QPushButton(self.tr("Retry the ones I missed"))
        self.retry_button.setObjectName("primary")
        buttons.addWidget(self.new_button)
        buttons.addStretch()
        buttons.addWidget(self.retry_button)
        layout.addLayout(buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.new_button.clicked.connect(self.new_quiz_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

    def show_session(self, session: QuizSession, *, reviewing: str | None = None) -> None:
        """Show a quiz just finished, or (``reviewing``: whose and when) a stored one."""
        self.session = session
        points, most = session.points, session.max_points
        percent = 100 * points / most if most else 0
        headline = self.tr("You scored %1 of %2 (%3%)") if reviewing is None else \
            self.tr("%4 scored %1 of %2 (%3%)").replace("%4", reviewing)
        self.headline.setText(headline.replace("%1", f"{points:g}").replace("%2", f"{most:g}")
                              .replace("%3", f"{percent:.0f}"))
        right = sum(1 for i in session.items if i.mark and i.mark.correct)
        self.summary.setText(self.tr("%1 of %2 questions right · time %3")
                             .replace("%1", str(right)).replace("%2", str(session.total))
                             .replace("%3", format_seconds(session.seconds)))
        self.table.setRowCount(session.total)
        for row, item in enumerate(session.items):
            q = item.question
            mark = item.mark
            symbol = "" if mark is None else RIGHT if mark.correct else \
                PARTLY if mark.partial else WRONG
            earned = f"{mark.points:g} / {mark.max_points:g}" if mark else \
                f"0 / {q.points:g}"
            cells = [f"{row + 1} {symbol}", q.prompt,
                     response_text(q, item.response) if mark else self.tr("(not reached)"),
                     expected_text(q), earned]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tooltip(text))
                if column == 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.retry_button.setEnabled(bool(session.missed()))
        self.detail.setText(self.tr("Select a question to see its explanation and source."))
        announce(self.headline, self.headline.text())
        self.table.setFocus()
        if session.total:
            self.table.selectRow(0)

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.session is None:
            return
        item = self.session.items[rows[0].row()]
        text, _url = source_line(item.bank, item.question)
        parts = [item.question.explanation or ""]
        if text:
            parts.append(self.tr("Source: %1").replace("%1", text))
        if item.mark and item.mark.note:
            parts.append(item.mark.note)
        self.detail.setText("\n".join(p for p in parts if p))

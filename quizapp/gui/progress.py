"""Progress at a glance: score over time, mastery per bank and per tag, accuracy per question
type, and the questions missed most.

QtCharts is imported when the charts are first built (the first time the page is shown), so
it costs nothing at start-up. Every text a chart draws (titles, axis labels, categories) is
rich text in QtCharts, so bank titles are escaped before they reach a chart; the headings,
notes and the table are plain-text widgets.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMargins, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Bank
from quizapp.core.store import Mastery, MissedQuestion, ScorePoint, ScoreStore, StoreError
from quizapp.gui.storepage import StorePage
from quizapp.gui.text import PlainLabel, tooltip

if TYPE_CHECKING:
    from PySide6.QtCharts import QBarSet, QChart, QChartView, QLineSeries

MOST_BARS = 12  # more bars than this are unreadable on a projector: the weakest are shown
MOST_MISSED = 10
SCORE_POINTS = 200  # the latest quizzes on the score chart
LABEL_MAX = 60  # characters of a bank title on a chart axis


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _percent(share: float) -> int:
    return int(round(share * 100))


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


class _Section(QFrame):
    """A heading, a note, and either a chart (or table) or a plain message in its place."""

    def __init__(self, title: str, note: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.heading = PlainLabel(title)
        self.heading.setObjectName("heading")
        self.note = PlainLabel(note)
        self.note.setObjectName("context")
        self.stack = QStackedWidget()
        self.message = PlainLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)

    def set_body(self, widget: QWidget) -> None:
        self.stack.addWidget(widget)

    def show_body(self) -> None:
        self.stack.setCurrentIndex(1)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentIndex(0)

    @property
    def showing_message(self) -> bool:
        return self.stack.currentIndex() == 0


class ProgressPage(StorePage):
    """One player's progress (or everyone's), from the answers in the score store.

    Call ``refresh()`` whenever the store may have changed (after a quiz, a restore); the page
    reads the store when it is next shown, not before. ``set_banks`` gives the loaded banks,
    where tags, question types, prompts and bank titles come from.

    Signals:
        closed(): "Back" (or Escape).
    """

    ALL_PLAYERS = None

    def __init__(self, store: ScoreStore, banks: Iterable[Bank] = (),
                 parent: QWidget | None = None, *, player_id: int | None = None):
        super().__init__(parent)
        self.store = store
        self._player_id = player_id
        self._charts: Any = None  # the PySide6.QtCharts module, once built
        # What the charts show, for tests and screen readers: name -> series or bar set.
        self.score_series: QLineSeries | None = None
        self.bank_set: QBarSet | None = None
        self.tag_set: QBarSet | None = None
        self.type_set: QBarSet | None = None
        self.categories: dict[str, list[str]] = {}  # "banks", "tags", "types": top to bottom
        self.look_timer = QTimer(self)  # palette or font changes come in bursts
        self.look_timer.setSingleShot(True)
        self.look_timer.setInterval(0)
        self.set_banks(banks)
        self._build()
        self._connect_signals()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        heading = PlainLabel(self.tr("Progress"), wrap=False)
        heading.setObjectName("headline")
        player_label = QLabel(self.tr("&Player:"))
        self.player = QComboBox()
        self.player.setAccessibleName(self.tr("Show the progress of"))
        self.player.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        player_label.setBuddy(self.player)
        top.addWidget(heading)
        top.addSpacing(24)
        top.addWidget(player_label)
        top.addWidget(self.player)
        top.addStretch()
        layout.addLayout(top)
        self.summary = PlainLabel()
        layout.addWidget(self.summary)

        self.body = QStackedWidget()
        self.empty = PlainLabel()
        self.empty.setObjectName("heading")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.empty)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body.addWidget(self.scroll)
        layout.addWidget(self.body, 1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        layout.addLayout(buttons)

    def _build_charts(self) -> None:
        """The chart sections; the first time the page is shown."""
        from PySide6 import QtCharts  # here, not at the top: start-up stays fast

        self._charts = QtCharts
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 8, 12, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(16)
        self.score_section = _Section(
            self.tr("Score over time"),
            self.tr("The percentage of each finished quiz, oldest on the left."))
        self.type_section = _Section(
            self.tr("Accuracy per question type"),
            self.tr("The share of the points earned, over every answer."))
        self.bank_section = _Section(
            self.tr("Mastery per bank"),
            self.tr("The share of each bank's questions answered right the last time they "
                    "were asked. Weakest at the top."))
        self.tag_section = _Section(
            self.tr("Mastery per tag"),
            self.tr("The same for the topics the questions are tagged with."))
        self.missed_section = _Section(
            self.tr("Questions missed most"),
            self.tr("The questions that lost the most points. Practise these."))
        self.views: dict[str, QChartView] = {}
        for name, section in (("score", self.score_section), ("types", self.type_section),
                              ("banks", self.bank_section), ("tags", self.tag_section)):
            view = QtCharts.QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(300)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            view.setFrameShape(QFrame.Shape.NoFrame)
            chart = view.chart()
            chart.legend().hide()
            chart.setBackgroundVisible(False)
            chart.setMargins(QMargins(0, 0, 0, 0))
            chart.layout().setContentsMargins(0, 0, 0, 0)
            section.set_body(view)
            self.views[name] = view
        self.missed = QTableWidget(0, 5)
        self.missed.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Bank"),
                                               self.tr("Missed"), self.tr("Score"),
                                               self.tr("Last answered")])
        self.missed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missed.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missed.setWordWrap(True)
        self.missed.verticalHeader().hide()
        self.missed.setAccessibleName(self.tr("Questions missed most"))
        self.missed.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.missed.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.missed_section.set_body(self.missed)
        grid.addWidget(self.score_section, 0, 0)
        grid.addWidget(self.type_section, 0, 1)
        # Bank titles and tags need room: the whole width.
        grid.addWidget(self.bank_section, 1, 0, 1, 2)
        grid.addWidget(self.tag_section, 2, 0, 1, 2)
        grid.addWidget(self.missed_section, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.scroll.setWidget(inner)
        self._connect_chart_signals()

    def _connect_signals(self) -> None:
        self.player.currentIndexChanged.connect(self._on_player_changed)
        self.back_button.clicked.connect(self.closed)
        self.look_timer.timeout.connect(self._on_look_timer_timeout)

    def _connect_chart_signals(self) -> None:
        self.missed.horizontalHeader().sectionResized.connect(self._fit_missed)

    # --- public ------------------------------------------------------------------------------

    def set_banks(self, banks: Iterable[Bank]) -> None:
        """The loaded banks: where tags, types, prompts and titles are looked up."""
        banks = list(banks)
        self._titles = {b.id: b.title for b in banks}
        self._tags = {(b.id, q.id): list(q.tags) for b in banks for q in b.questions}
        self._types = {(b.id, q.id): q.type for b in banks for q in b.questions}
        self._prompts = {(b.id, q.id): q.prompt for b in banks for q in b.questions}
        self.refresh()

    def set_player(self, player_id: int | None) -> None:
        """Show one player's progress (None: everyone's answers together)."""
        self._player_id = player_id
        self.refresh()

    @property
    def player_id(self) -> int | None:
        return self._player_id

    @property
    def charts_built(self) -> bool:
        return self._charts is not None

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        super()._load()
        try:
            players = self.store.players()
        except StoreError as exc:
            self._show_empty(self.tr("The scores could not be read. %1").replace("%1", str(exc)))
            return
        self._fill_players(players)
        pid = self._player_id
        try:
            points = self.store.score_over_time(pid, limit=SCORE_POINTS)
            banks = self.store.mastery_by_bank(pid)
            tags = self.store.mastery_by_tag(pid, self._tags)
            types = self.store.accuracy_by_type(pid, self._types)
            missed = self.store.most_missed(pid, MOST_MISSED)
        except StoreError as exc:
            self._show_empty(self.tr("The scores could not be read. %1").replace("%1", str(exc)))
            return
        name = self.player.currentText() if pid is not None else ""
        if not points and not banks:
            self._show_empty(
                self.tr("No quiz yet for %1. Progress appears here after the first answers.")
                .replace("%1", name) if name else
                self.tr("No quiz yet. Progress appears here after the first answers."))
            return
        if self._charts is None:
            self._build_charts()
        self.body.setCurrentIndex(1)
        self._show_summary(points, banks)
        self._fill_score(points)
        self._fill_bars("banks", self.bank_section, [
            (self._bank_label(m.key), m.mastery) for m in banks], self.tr("Mastery"))
        self._fill_bars("tags", self.tag_section, [(m.key, m.mastery) for m in tags],
                        self.tr("Mastery"))
        self._fill_bars("types", self.type_section, [
            (self.type_name(m.key), m.accuracy) for m in types], self.tr("Accuracy"))
        self._fill_missed(missed)

    def _fill_players(self, players: Sequence[Any]) -> None:
        self.player.blockSignals(True)
        self.player.clear()
        self.player.addItem(self.tr("All players"), self.ALL_PLAYERS)
        for p in players:
            self.player.addItem(p.name, p.id)
        found = self.player.findData(self._player_id)
        if found < 0:
            self._player_id, found = self.ALL_PLAYERS, 0
        self.player.setCurrentIndex(found)
        self.player.blockSignals(False)

    def _show_empty(self, text: str) -> None:
        self.summary.clear()
        self.empty.setText(text)
        self.body.setCurrentIndex(0)

    def _show_summary(self, points: list[ScorePoint], banks: list[Mastery]) -> None:
        answers = sum(m.answers for m in banks)
        scored = [p.percent for p in points if p.percent is not None]
        parts = [self.tr("1 finished quiz") if len(points) == 1 else
                 self.tr("%1 finished quizzes").replace("%1", str(len(points))),
                 self.tr("1 answer") if answers == 1 else
                 self.tr("%1 answers").replace("%1", str(answers))]
        if scored:
            parts.append(self.tr("average %1%").replace("%1",
                                                        f"{sum(scored) / len(scored):.0f}"))
            parts.append(self.tr("latest %1%").replace("%1", f"{scored[-1]:.0f}"))
        self.summary.setText(" · ".join(parts))

    def _bank_label(self, bank_id: str) -> str:
        return _short(self._titles.get(bank_id, bank_id))

    def type_name(self, question_type: str) -> str:
        return {"single": self.tr("Single choice"), "multiple": self.tr("Multiple choice"),
                "true_false": self.tr("True or false"), "short": self.tr("Short answer"),
                "numeric": self.tr("Number"), "order": self.tr("Order"),
                "match": self.tr("Match")}.get(question_type, question_type)

    # --- the charts --------------------------------------------------------------------------

    def _new_chart(self, name: str) -> QChart:
        """The view's chart emptied of series and axes, coloured for the current palette."""
        chart = self.views[name].chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        return chart

    def _style_axis(self, axis: Any) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(60)
        axis.setLabelsFont(self.font())
        axis.setLabelsBrush(text)
        axis.setTitleBrush(text)
        title_font = self.font()
        axis.setTitleFont(title_font)
        axis.setLinePen(QPen(grid))
        axis.setGridLinePen(QPen(grid))

    def _percent_axis(self) -> Any:
        axis = self._charts.QValueAxis()
        axis.setRange(0, 100)
        axis.setTickCount(5)
        axis.setLabelFormat("%d%%")
        self._style_axis(axis)
        return axis

    def _fill_score(self, points: list[ScorePoint]) -> None:
        shown = [p for p in points if p.percent is not None]
        if not shown:
            self.score_series = None
            self.score_section.show_message(self.tr("No finished quiz yet."))
            return
        charts = self._charts
        chart = self._new_chart("score")
        series = charts.QLineSeries()
        series.setName(html.escape(self.tr("Score")))
        for n, p in enumerate(shown, 1):
            series.append(n, round(p.percent, 1))
        series.setPointsVisible(True)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(3)
        series.setPen(pen)
        chart.addSeries(series)
        x = charts.QValueAxis()
        x.setRange(0.5, len(shown) + 0.5)
        x.setLabelFormat("%d")
        x.setTickType(charts.QValueAxis.TickType.TicksDynamic)
        x.setTickAnchor(1)
        x.setTickInterval(max(1, math.ceil(len(shown) / 10)))
        first = shown[0].started_at.astimezone()
        last = shown[-1].started_at.astimezone()
        span = _day(first) if first.date() == last.date() else \
            f"{_day(first)} – {_day(last)}"
        x.setTitleText(html.escape(self.tr("Quiz number (%1)").replace("%1", span)))
        self._style_axis(x)
        x.setGridLineVisible(False)
        y = self._percent_axis()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.score_series = series
        self.score_section.show_body()

    def _fill_bars(self, name: str, section: _Section, rows: list[tuple[str, float]],
                   label: str) -> None:
        attribute = {"banks": "bank_set", "tags": "tag_set", "types": "type_set"}[name]
        if not rows:
            setattr(self, attribute, None)
            self.categories[name] = []
            section.show_message(
                self.tr("No tagged question answered yet.") if name == "tags" else
                self.tr("No answer yet."))
            return
        # Weakest first; ties by name. Only the weakest MOST_BARS fit.
        rows = sorted(rows, key=lambda r: (r[1], r[0].casefold()))
        total = len(rows)
        rows = rows[:MOST_BARS]
        if name == "tags":
            section.note.setText(
                self.tr("The same for the topics the questions are tagged with.")
                + (" " + self.tr("The %1 weakest of %2 tags.").replace("%1", str(len(rows)))
                   .replace("%2", str(total)) if total > len(rows) else ""))
        labels = self._unique([r[0] for r in rows])
        charts = self._charts
        chart = self._new_chart(name)
        values = [_percent(r[1]) for r in rows]
        bars = charts.QBarSet(html.escape(label))
        bars.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        bars.setBorderColor(self.palette().color(QPalette.ColorRole.Highlight))
        series = charts.QHorizontalBarSeries()
        # A horizontal bar chart draws its first category at the bottom.
        bars.append([float(v) for v in reversed(values)])
        series.append(bars)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        axis = charts.QBarCategoryAxis()
        # The value goes with the name (a bar of 0% has no bar to carry a label), first, so
        # that when QtCharts shortens a long name the number stays.
        axis.append([f"{value}% · {html.escape(text)}"
                     for text, value in zip(reversed(labels), reversed(values), strict=True)])
        self._style_axis(axis)
        axis.setGridLineVisible(False)
        value_axis = self._percent_axis()
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        series.attachAxis(value_axis)
        line = QFontMetrics(self.font()).height()
        self.views[name].setMinimumHeight(max(300, int(line * 2.2) * len(rows) + 4 * line))
        setattr(self, attribute, bars)
        self.categories[name] = labels
        section.show_body()

    @staticmethod
    def _unique(labels: list[str]) -> list[str]:
        """A category axis merges equal names: number the repeats."""
        seen: dict[str, int] = {}
        out = []
        for text in labels:
            seen[text] = seen.get(text, 0) + 1
            out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
        return out

    def _fill_missed(self, missed: list[MissedQuestion]) -> None:
        table = self.missed
        if not missed:
            table.setRowCount(0)
            self.missed_section.show_message(self.tr("Nothing missed yet."))
            return
        table.setRowCount(len(missed))
        for row, m in enumerate(missed):
            prompt = self._prompts.get((m.bank_id, m.question_id))
            if prompt is None:
                prompt = self.tr("(no longer in the banks: %1)").replace(
                    "%1", f"{m.bank_id} / {m.question_id}")
            cells = [prompt, self._titles.get(m.bank_id, m.bank_id),
                     self.tr("%1 of %2 times").replace("%1", str(m.misses))
                     .replace("%2", str(m.answers)),
                     f"{_percent(m.accuracy)}%", f"{m.last_answered.astimezone():%Y-%m-%d}"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(text))
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        self.missed_section.show_body()
        self._fit_missed()

    def _fit_missed(self, *_args: object) -> None:
        """Rows as high as their wrapped prompt; the table as high as its rows."""
        table = self.missed
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + sum(
            table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(max(120, height))

    # --- events ------------------------------------------------------------------------------

    def _on_player_changed(self, _index: int) -> None:
        self._player_id = self.player.currentData()
        self.refresh()

    def _on_look_timer_timeout(self) -> None:
        if self.charts_built:
            self.refresh()  # the charts take their colours and fonts from the widget

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self.look_timer.start()

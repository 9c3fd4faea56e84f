"""The presentation window: what the projector shows, readable from the back of a classroom.

Three views in one full-screen window: the question (with its reveal), the scoreboard, and the
podium. Fonts are pixel sizes that scale with the window's height (``style.SIZES`` at 1080 px);
a long question or many choices shrink the other texts first, and the question never goes
below 48 px at 1080 px. Every text from a bank or typed by the teacher is a ``PlainLabel``.

The window only shows; the ``ShowController`` decides and handles the keys.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    Property,
    QEasingCurve,
    QEvent,
    QPropertyAnimation,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Match, Multiple, Order, Short, Single, TrueFalse
from quizapp.core.show import Countdown, Show, ShowItem, ShowState, Standing
from quizapp.gui.quiz_page import format_seconds, source_line
from quizapp.gui.show import style
from quizapp.gui.show.style import (
    ACCENT,
    MIN_SIZES,
    QUESTION_MIN,
    QUESTION_PX,
    RIGHT,
    SIZES,
    ShapeBadge,
    font,
    letter_of,
    px,
    scale_for,
    symbol_of,
)
from quizapp.gui.text import ElidedLabel, PlainLabel

FIT_STEPS = (1.3, 1.2, 1.1, 1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62, 0.56, 0.5, 0.45, 0.4)
ANIMATION_MS = 900
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum width"
CHIPS_IN_ONE_ROW = 4  # team chips on the reveal; more teams take two rows
LINE_HEIGHT = 1.25  # a line of text, in font pixels
NAME_SHARE = 0.6  # at most this share of a scoreboard row for a team's name; bars get the rest


def fair_share(wanted: list[int], room: int) -> int:
    """The widest any one may be so that all fit in ``room``: those that want less than an
    even share get what they want, the others split the rest evenly."""
    left, count = room, len(wanted)
    for n, want in enumerate(sorted(wanted)):
        share = left // (count - n)
        if want > share:
            return max(share, 0)
        left -= want
    return max(wanted, default=0)


def ordinal(place: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10,
                                                                                   "th")
    return f"{place}{suffix}"


def points_text(points: float) -> str:
    return f"{points:g}"


def points_label(points: float) -> str:
    return "1 point" if points == 1 else f"{points_text(points)} points"


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _set_prop(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        _repolish(widget)


def choices_of(item: ShowItem) -> tuple[list[str], set[int]]:
    """The lettered tiles of a question, and which of them are right."""
    q = item.question
    if isinstance(q, Single):
        return item.choices, {i for i, c in enumerate(item.choices) if c == q.answer}
    if isinstance(q, Multiple):
        return item.choices, {i for i, c in enumerate(item.choices) if c in q.answer}
    if isinstance(q, TrueFalse):
        return ["True", "False"], {0 if q.answer else 1}
    if isinstance(q, Order):
        return item.items, set()
    if isinstance(q, Match):
        return item.options, set()
    return [], set()


def answer_text(item: ShowItem) -> str:
    """The answer as the room reads it, with the letters of the tiles."""
    q = item.question
    tiles, right = choices_of(item)
    if isinstance(q, Single | Multiple):
        letters = ", ".join(letter_of(i) for i in sorted(right))
        # The tiles show the texts; several of them would crowd the answer panel.
        return letters if isinstance(q, Multiple) else f"{letters}  —  {item.expected}"
    if isinstance(q, TrueFalse):
        return item.expected
    if isinstance(q, Order):
        return "  →  ".join(letter_of(item.items.index(text)) for text in q.items)
    if isinstance(q, Match):
        return ",   ".join(f"{n} → {letter_of(item.options.index(right_text))}"
                           for n, right_text in enumerate(q.pairs.values(), start=1))
    return item.expected


def also_text(item: ShowItem) -> str:
    """Other answers a typed question accepts."""
    q = item.question
    if isinstance(q, Short) and len(q.answer) > 1:
        return "Also accepted: " + "; ".join(q.answer[1:])
    return ""


def hint_text(item: ShowItem) -> str:
    q = item.question
    if isinstance(q, Multiple):
        return "" if "all that apply" in q.prompt.lower() else "Select all that apply."
    if isinstance(q, Order):
        return "Put them in order: write the letters, first one first."
    if isinstance(q, Match):
        return "Match them: write each number with a letter."
    if isinstance(q, Short):
        return "Write your answer."
    if isinstance(q, TrueFalse):
        return "True or false?"
    if not isinstance(q, Single):
        return "Write the number."
    return ""


# --- pieces ----------------------------------------------------------------------------------


class ChoiceTile(QFrame):
    """A choice: its shape and letter, its text, and after the reveal a ✔ or its place."""

    def __init__(self, index: int, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("choiceTile")
        self.index = index
        self.badge = ShapeBadge(index)
        self.label = PlainLabel(text)
        self.label.setObjectName("choiceText")
        self.mark = PlainLabel(wrap=False)
        self.mark.setProperty("tone", "accent")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(f"{letter_of(index)} {symbol_of(index)} {text}")

    def apply(self, pixels: int, scale: float) -> None:
        self.label.setFont(font(pixels))
        self.mark.setFont(font(pixels, bold=True))
        self.mark.setFixedWidth(round(pixels * 1.8))  # kept free, so the reveal moves nothing
        self.badge.set_size(round(pixels * 1.45))
        pad = max(5, round(10 * scale))
        self.layout().setContentsMargins(pad, pad, pad * 2, pad)
        self.layout().setSpacing(max(8, round(22 * scale)))

    def set_state(self, state: str, mark: str = "") -> None:
        _set_prop(self, "state", state)
        self.badge.dimmed = state == "dim"
        self.badge.update()
        self.label.setProperty("tone", "dim" if state == "dim" else "")
        _repolish(self.label)
        self.mark.setText(mark)


class TeamChip(QFrame):
    """A team on the reveal: its key number, its name, and ✔ once marked right."""

    def __init__(self, number: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teamChip")
        self.name = name
        self.label = ElidedLabel(f"{number}  {name}")  # the number stays when the name cannot
        self.tick = PlainLabel("–", wrap=False)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.tick)

    def apply(self, pixels: int, scale: float) -> None:
        self.label.setFont(font(pixels))
        self.tick.setFont(font(pixels, bold=True))
        self.tick.setFixedWidth(round(pixels * 1.2))  # ✔ and – take the same room
        pad = max(4, round(10 * scale))
        self.layout().setContentsMargins(pad * 2, pad, pad * 2, pad)

    def set_right(self, right: bool) -> None:
        _set_prop(self, "right", "true" if right else "false")
        self.tick.setText(RIGHT if right else "–")
        self.tick.setProperty("tone", "accent" if right else "dim")
        _repolish(self.tick)


class Bar(QWidget):
    """A scoreboard bar, drawn; ``value`` animates when motion is allowed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._value = 0.0
        self.maximum = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.animation = QPropertyAnimation(self, b"value", self)
        self.animation.setDuration(ANIMATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)

    def _get_value(self) -> float:
        return self._value

    def _set_value(self, value: float) -> None:
        self._value = float(value)
        self.update()

    value = Property(float, _get_value, _set_value)

    def show_value(self, value: float, maximum: float, *, animate: bool) -> None:
        self.maximum = max(maximum, 1e-9)
        self.animation.stop()
        if animate and value != self._value:
            self.animation.setStartValue(self._value)
            self.animation.setEndValue(float(value))
            self.animation.start()
        else:
            self._set_value(value)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, self.height() or 40)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor("#1E1E1E"))
        share = max(0.0, min(1.0, self._value / self.maximum))
        if share > 0:
            painter.fillRect(QRectF(rect.x(), rect.y(), rect.width() * share, rect.height()),
                             QColor(ACCENT))
        painter.end()


# --- the three views -------------------------------------------------------------------------


class QuestionView(QWidget):
    """A question, and after the reveal its answer, explanation, source and the teams' marks."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.item: ShowItem | None = None
        self.tiles: list[ChoiceTile] = []
        self.match_rows: list[PlainLabel] = []
        self.chips: list[TeamChip] = []
        self._scale = 1.0
        self._factor = 1.0

        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.header = header
        self.position = PlainLabel(wrap=False)
        self.position.setObjectName("showPosition")
        self.double_badge = PlainLabel("★  " + self.tr("Double points"), wrap=False)
        self.double_badge.setObjectName("doubleBadge")
        self.points = PlainLabel(wrap=False)
        self.points.setProperty("tone", "dim")
        self.countdown = PlainLabel(wrap=False)
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setAccessibleName(self.tr("Time left"))
        header.addWidget(self.position)
        header.addWidget(self.double_badge)
        header.addWidget(self.points)
        header.addStretch(1)
        header.addWidget(self.countdown)
        outer.addLayout(header)

        self.prompt = PlainLabel()
        self.prompt.setObjectName("showQuestion")
        self.prompt.setAccessibleName(self.tr("Question"))
        outer.addWidget(self.prompt)
        self.hint = PlainLabel()
        self.hint.setProperty("tone", "dim")
        outer.addWidget(self.hint)

        self.choices = QWidget()
        self.grid = QGridLayout(self.choices)
        self.grid.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.choices)

        self.answer_panel = QFrame()
        self.answer_panel.setObjectName("answerPanel")
        panel = QVBoxLayout(self.answer_panel)
        self.answer = PlainLabel()
        self.answer.setObjectName("showAnswer")
        self.answer.setProperty("tone", "accent")
        self.answer.setAccessibleName(self.tr("Answer"))
        self.also = PlainLabel()
        self.also.setProperty("tone", "dim")
        self.explanation = PlainLabel()
        self.explanation.setObjectName("showExplanation")
        self.source = PlainLabel()
        self.source.setObjectName("showSource")
        self.source.setProperty("tone", "dim")
        for widget in (self.answer, self.also, self.explanation, self.source):
            panel.addWidget(widget)
        outer.addWidget(self.answer_panel)

        self.teams = QWidget()
        self.teams_layout = QVBoxLayout(self.teams)  # a row of chips, two from 5 teams
        self.teams_layout.setContentsMargins(0, 0, 0, 0)
        self.chip_rows: list[tuple[QHBoxLayout, list[TeamChip]]] = []
        outer.addWidget(self.teams)
        outer.addStretch(1)

    # --- content ---------------------------------------------------------------------------

    def show_item(self, show: Show, item: ShowItem) -> None:
        """Build the view for a question (hidden answer); ``update_state`` does the rest."""
        self.item = item
        self.position.setText(self.tr("Question %1 of %2").replace("%1", str(show.position))
                              .replace("%2", str(show.total)))
        self.double_badge.setVisible(item.doubled)
        self.points.setText(points_label(item.worth))
        self.prompt.setText(item.question.prompt)
        hint = hint_text(item)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for widget in self.tiles + self.match_rows:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.tiles, self.match_rows = [], []
        texts, _ = choices_of(item)
        if isinstance(item.question, Match):
            lefts = list(item.question.pairs)
            for n, left in enumerate(lefts):
                row = PlainLabel(f"{n + 1}.  {left}")
                row.setObjectName("matchLeft")
                self.match_rows.append(row)
                self.grid.addWidget(row, n, 0)
            for i, text in enumerate(texts):
                tile = ChoiceTile(i, text)
                self.tiles.append(tile)
                self.grid.addWidget(tile, i, 1)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 1)
        else:
            columns = 2 if texts and max(len(t) for t in texts) <= 48 else 1
            for i, text in enumerate(texts):
                tile = ChoiceTile(i, text)
                self.tiles.append(tile)
                self.grid.addWidget(tile, i // columns, i % columns)
            for column in range(2):
                self.grid.setColumnStretch(column, 1 if column < columns else 0)
        # Widgets added to a shown layout appear only when the event loop next runs; show
        # them now, so that they count when the sizes are fitted below.
        for widget in self.tiles + self.match_rows:
            widget.show()
        self.choices.setVisible(bool(self.tiles))
        explanation = item.question.explanation or ""
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))
        source, _url = source_line(item.bank, item.question)
        self.source.setText(self.tr("Source: %1").replace("%1", source) if source else "")
        self.source.setVisible(bool(source))
        self.answer.setText(f"{RIGHT}  " + answer_text(item))
        self.also.setText(also_text(item))
        self.also.setVisible(bool(self.also.text()))
        if [chip.name for chip in self.chips] != list(show.teams):
            self._make_chips(show.teams)
        self.update_state(show)
        self.fit()

    def _make_chips(self, teams: tuple[str, ...]) -> None:
        """One row of team chips up to ``CHIPS_IN_ONE_ROW`` teams, else two rows as even as
        can be: each chip has room for its number and the start of its name at least."""
        for chip in self.chips:
            chip.deleteLater()
        while self.teams_layout.count():
            self.teams_layout.takeAt(0)  # the rows' layouts go with their parent
        self.chips = [TeamChip(i + 1, name) for i, name in enumerate(teams)]
        per_row = (len(teams) if len(teams) <= CHIPS_IN_ONE_ROW
                   else math.ceil(len(teams) / 2))
        self.chip_rows = []
        for start in range(0, len(self.chips), per_row):
            row, chips = QHBoxLayout(), self.chips[start:start + per_row]
            for chip in chips:
                row.addWidget(chip)
            row.addStretch(1)
            self.teams_layout.addLayout(row)
            self.chip_rows.append((row, chips))
        for chip in self.chips:
            chip.show()

    def update_state(self, show: Show) -> None:
        """The reveal and the marks, without rebuilding the question."""
        item = self.item
        revealed = item.revealed
        _, right = choices_of(item)
        for tile in self.tiles:
            if not revealed:
                tile.set_state("normal")
            elif isinstance(item.question, Order):
                place = item.question.items.index(item.items[tile.index]) + 1
                tile.set_state("normal", f"#{place}")
            elif isinstance(item.question, Match):
                tile.set_state("normal")
            elif tile.index in right:
                tile.set_state("right", RIGHT)
            else:
                tile.set_state("dim")
        if isinstance(item.question, Match):
            for n, (left, right_text) in enumerate(item.question.pairs.items()):
                letter = letter_of(item.options.index(right_text))
                self.match_rows[n].setText(f"{n + 1}.  {left}" + (f"   →  {letter}"
                                                                    if revealed else ""))
        self.answer_panel.setVisible(revealed)
        self.teams.setVisible(revealed)
        for chip, mark in zip(self.chips, item.marks, strict=False):
            chip.set_right(mark)

    def set_countdown(self, countdown: Countdown, revealed: bool) -> None:
        if not countdown.enabled or revealed:
            self.countdown.hide()
            return
        self.countdown.show()
        if countdown.expired:
            self.countdown.setText("■  " + self.tr("Time's up!"))
            _set_prop(self.countdown, "state", "ended")
        else:
            seconds = countdown.remaining()
            text = format_seconds(math.ceil(seconds))  # 0:01 until the very end
            if countdown.running:
                self.countdown.setText(text)
                _set_prop(self.countdown, "state", "running")
            else:
                self.countdown.setText("❚❚  " + text)
                _set_prop(self.countdown, "state", "paused")

    # --- sizes -----------------------------------------------------------------------------

    def apply_scale(self, scale: float) -> None:
        self._scale = scale
        self.fit()

    def _apply_fonts(self, f: float) -> None:
        s = self._scale

        def size(key: str) -> int:
            return px(max(MIN_SIZES.get(key, 0), SIZES[key] * f), s)

        margin = round(48 * s)
        self.layout().setContentsMargins(margin, round(32 * s), margin, round(32 * s))
        self.layout().setSpacing(round(24 * s * max(f, 0.4)))
        self.header.setSpacing(round(36 * s))
        for label in (self.position, self.points):
            label.setFont(font(px(SIZES["header"], s)))
        self.double_badge.setFont(font(px(SIZES["header"], s), bold=True))
        self.countdown.setFont(font(px(SIZES["countdown"], s), bold=True))
        self.countdown.setMinimumWidth(round(260 * s))
        self.prompt.setFont(font(px(max(QUESTION_MIN, QUESTION_PX * f), s), bold=True))
        self.hint.setFont(font(size("hint")))
        self.grid.setSpacing(round(20 * s * max(f, 0.4)))
        for tile in self.tiles:
            tile.apply(size("choice"), s)
        for row in self.match_rows:
            row.setFont(font(size("choice")))
        self.answer.setFont(font(size("answer"), bold=True))
        self.explanation.setFont(font(size("explanation")))
        self.also.setFont(font(size("explanation")))
        self.source.setFont(font(size("source")))
        pad = round(20 * s)
        self.answer_panel.layout().setContentsMargins(pad, pad, pad, pad)
        for chip in self.chips:
            chip.apply(size("hint"), s)
        self._share_chip_rows(self.width() - 2 * margin, round(12 * s))

    def _share_chip_rows(self, width: int, spacing: int) -> None:
        """Chips that fit keep their whole names; when a row is too narrow for all, the short
        names stay whole and the long ones share what is left alike (ending in "…")."""
        self.teams_layout.setSpacing(spacing)
        for row, chips in self.chip_rows:
            row.setSpacing(spacing)
            for chip in chips:
                chip.setMaximumWidth(QWIDGETSIZE_MAX)
            cap = fair_share([chip.sizeHint().width() for chip in chips],
                             width - spacing * (len(chips) - 1))
            for chip in chips:
                if chip.sizeHint().width() > cap:
                    chip.setMaximumWidth(cap)

    def fit(self) -> None:
        """The biggest sizes at which everything fits the window's height.

        Measured with the answer shown, so nothing changes size at the reveal.
        """
        if self.item is None or self.width() <= 0:
            return
        hidden = [w for w in (self.answer_panel, self.teams) if w.isHidden()]
        for widget in hidden:
            widget.setVisible(True)
        try:
            for f in FIT_STEPS:
                self._factor = f
                self._apply_fonts(f)
                if self._needed_height() <= self.height():
                    break
        finally:
            for widget in hidden:
                widget.setVisible(False)

    def _needed_height(self) -> int:
        """The height the content needs at the view's width, with the sizes just set.

        Layouts cache the heights of the widgets in them; a container learns that its
        children's fonts changed only when its own layout is activated (usually by a posted
        event). So every layout is activated now, the innermost first.
        """
        for widget in reversed([self, *self.findChildren(QWidget)]):
            if widget.layout() is not None and not widget.isHidden():
                widget.layout().activate()
        return self.heightForWidth(self.width())

    def question_pixel_size(self) -> int:
        return self.prompt.font().pixelSize()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit()


class TeamRow(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.place = PlainLabel(wrap=False)
        self.place.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name = ElidedLabel()
        self.bar = Bar()
        self.points = PlainLabel(wrap=False)
        self.points.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.place)
        layout.addWidget(self.name)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.points)

    def apply(self, pixels: int, scale: float) -> None:
        for label in (self.place, self.name, self.points):
            label.setFont(font(pixels, bold=label is not self.place))
        self.place.setFixedWidth(round(pixels * 2.6))
        self.points.setFixedWidth(round(pixels * 3.2))
        self.bar.setFixedHeight(round(pixels * 0.8))
        self.layout().setSpacing(round(28 * scale))

    def name_width(self) -> int:
        """The width the whole name needs, in the font just applied."""
        return self.name.sizeHint().width()

    def room_beside_name(self) -> int:
        """What the place, the points and the spacing take of a row."""
        return (self.place.maximumWidth() + self.points.maximumWidth()
                + 3 * self.layout().spacing())


class ScoreboardView(QWidget):
    """The totals after a question, best first; equal totals share a place."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[TeamRow] = []
        self._scale = 1.0
        self._shown: dict[int, float] = {}
        layout = QVBoxLayout(self)
        self.title = PlainLabel(wrap=False)
        self.title.setObjectName("scoreTitle")
        self.subtitle = PlainLabel()
        self.subtitle.setProperty("tone", "accent")
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.rows_box = QVBoxLayout()
        layout.addLayout(self.rows_box)
        layout.addStretch(1)

    def show_scores(self, show: Show, *, animate: bool) -> None:
        if show.is_last:
            self.title.setText(self.tr("Final scores"))
        else:
            self.title.setText(self.tr("Scores after question %1 of %2")
                               .replace("%1", str(show.position)).replace("%2", str(show.total)))
        upcoming = show.next_item
        if upcoming is not None and upcoming.doubled and not show.current.doubled:
            self.subtitle.setText("★  " + self.tr("Next: the final round. Every question counts "
                                                  "double!"))
        elif show.is_last:
            self.subtitle.setText(self.tr("Next: the podium"))
        else:
            self.subtitle.setText("")
        self.subtitle.setVisible(bool(self.subtitle.text()))
        standings = show.standings()
        while len(self.rows) < len(standings):
            row = TeamRow()
            self.rows.append(row)
            self.rows_box.addWidget(row)
            row.show()
        best = max([s.points for s in standings] + [1.0])
        for row, standing in zip(self.rows, standings, strict=False):
            row.place.setText(ordinal(standing.place))
            row.name.setText(f"{standing.team + 1}  {standing.name}")
            row.points.setText(points_text(standing.points))
            if animate:  # grow from what this team had on the last scoreboard
                row.bar.value = self._shown.get(standing.team, 0.0)
            row.bar.show_value(standing.points, best, animate=animate)
            self._shown[standing.team] = standing.points
        self._apply()

    def rows_text(self) -> list[tuple[str, str, str]]:
        """(place, team, points) as shown, top to bottom."""
        return [(r.place.text(), r.name.full_text(), r.points.text()) for r in self.rows]

    def apply_scale(self, scale: float) -> None:
        self._scale = scale
        self._apply()

    def _apply(self) -> None:
        s = self._scale
        margin = round(64 * s)
        self.layout().setContentsMargins(margin, round(48 * s), margin, round(48 * s))
        self.layout().setSpacing(round(28 * s))
        self.title.setFont(font(px(SIZES["title"], s), bold=True))
        self.subtitle.setFont(font(px(SIZES["hint"], s), bold=True))
        count = max(1, len(self.rows))
        pixels = px(min(SIZES["team"], 640 / (count * 1.3)), s)
        self.rows_box.setSpacing(round(pixels * 0.5))
        for row in self.rows:
            row.apply(pixels, s)
        if self.rows:  # one column for the names, as wide as the longest needs, bars beside
            room = self.width() - 2 * margin - self.rows[0].room_beside_name()
            width = min(max(row.name_width() for row in self.rows),
                        round(room * NAME_SHARE))
            for row in self.rows:
                row.name.setFixedWidth(max(width, row.name.minimumSizeHint().width()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply()


class PodiumView(QWidget):
    """The final podium: first in the middle, second on the left, third on the right; teams
    with equal points stand on the same step. The other teams are listed below."""

    HEIGHTS = {0: 0.42, 1: 0.30, 2: 0.20}  # share of the window's height, by step

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._scale = 1.0
        self.steps: list[tuple[PlainLabel, PlainLabel, QFrame, PlainLabel]] = []
        layout = QVBoxLayout(self)
        self.title = PlainLabel(self.tr("The winners"), wrap=False)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        stage = QHBoxLayout()
        self.stage = stage
        stage.addStretch(1)
        for _ in range(3):
            column = QVBoxLayout()
            column.addStretch(1)
            names = PlainLabel()  # a line per team, wrapped or at worst cut to the step
            names.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            points = PlainLabel(wrap=False)
            points.setAlignment(Qt.AlignmentFlag.AlignCenter)
            points.setProperty("tone", "accent")
            block = QFrame()
            block.setObjectName("answerPanel")
            place = PlainLabel(wrap=False)
            place.setAlignment(Qt.AlignmentFlag.AlignCenter)
            QVBoxLayout(block).addWidget(place)
            column.addWidget(names)
            column.addWidget(points)
            column.addWidget(block)
            holder = QWidget()
            holder.setLayout(column)
            stage.addWidget(holder, 3)
            self.steps.append((names, points, block, place))
        stage.addStretch(1)
        layout.addLayout(stage, 1)
        self.others = PlainLabel()
        self.others.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.others.setProperty("tone", "dim")
        layout.addWidget(self.others)
        self.order: list[tuple[int, list[Standing]]] = []
        self.lines: list[list[str]] = [[], [], []]  # the teams on each step, as columns go

    def show_podium(self, show: Show) -> None:
        podium = show.podium()
        self.order = podium
        slots = [1, 0, 2]  # first step in the middle, then left, then right
        for column in range(3):
            names, points, block, place = self.steps[column]
            rank = slots[column]
            if rank < len(podium):
                where, teams = podium[rank]
                self.lines[column] = [f"{t.team + 1}  {t.name}" for t in teams]
                points.setText(points_label(teams[0].points))
                place.setText(ordinal(where))
                block.show()
            else:
                self.lines[column] = []
                points.setText("")
                place.setText("")
                block.hide()
            block.setProperty("rank", rank)
        on_podium = {t.team for _, teams in podium for t in teams}
        rest = [s for s in show.standings() if s.team not in on_podium]
        self.others.setText("     ".join(f"{ordinal(s.place)}  {s.name}  "
                                         f"{points_text(s.points)}" for s in rest))
        self.others.setVisible(bool(rest))
        self._apply()

    def podium_text(self) -> list[tuple[str, str]]:
        """(place, teams) of each step, first place first."""
        return [(ordinal(place), ", ".join(t.name for t in teams)) for place, teams in self.order]

    def apply_scale(self, scale: float) -> None:
        self._scale = scale
        self._apply()

    def _apply(self) -> None:
        s = self._scale
        self.layout().setContentsMargins(round(64 * s), round(40 * s), round(64 * s),
                                         round(40 * s))
        self.title.setFont(font(px(SIZES["title"], s), bold=True))
        self.others.setFont(font(px(SIZES["hint"], s)))
        height = max(self.height(), 200)
        stage, column_width = self._stage_size()
        slots = [1, 0, 2]
        for column, (names, points, block, place) in enumerate(self.steps):
            rank = slots[column]
            points.setFont(font(px(SIZES["hint"], s), bold=True))
            place.setFont(font(px(SIZES["title"] * (1.3 if rank == 0 else 1.0), s), bold=True))
            block.setFixedHeight(round(height * self.HEIGHTS[rank]))
            column_layout = names.parentWidget().layout()
            edges = column_layout.contentsMargins()
            room = (stage - block.height() - points.sizeHint().height()
                    - 2 * column_layout.spacing() - edges.top() - edges.bottom())
            self._fit_names(names, self.lines[column], column_width, room,
                            px(SIZES["podium"] * (1.0 if rank == 0 else 0.85), s))

    @staticmethod
    def _fit_names(names: PlainLabel, lines: list[str], width: int, room: int,
                   biggest: int) -> None:
        """The teams on a step in the biggest font, down to a third of it, in which their
        names, wrapped to the step's width, fit the room above it; below that, each name on
        one line ending in "…"."""
        names.setWordWrap(True)
        names.setText("\n".join(lines))
        for pixels in range(biggest, max(8, biggest // 3) - 1, -max(1, biggest // 16)):
            names.setFont(font(pixels, bold=True))
            if names.heightForWidth(width) <= room:
                return
        names.setWordWrap(False)
        pixels = max(8, min(biggest // 3, int(room / (max(len(lines), 1) * LINE_HEIGHT))))
        names.setFont(font(pixels, bold=True))
        metrics = names.fontMetrics()
        names.setText("\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
                                for line in lines))

    def _stage_size(self) -> tuple[int, int]:
        """The height under the title and above the other teams, and a step's width."""
        layout = self.layout()
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        height = (self.height() - margins.top() - margins.bottom()
                  - self.title.sizeHint().height() - layout.spacing())
        if not self.others.isHidden():
            height -= self.others.heightForWidth(width) + layout.spacing()
        # Stretches 1, 3, 3, 3, 1 share what the spacing leaves; the steps have margins inside.
        column = round((width - 4 * self.stage.spacing()) * 3 / 11)
        edges = self.steps[0][0].parentWidget().layout().contentsMargins()
        return max(height, 0), max(column - edges.left() - edges.right(), 40)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply()


class PresentationWindow(QWidget):
    """The projector's window. Shows the show's state; keys go to the controller.

    Signals:
        close_requested(): the window was asked to close (its close button, Alt+F4); it stays
            open until the controller says so (``closable``).
    """

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.closable = False
        self.setObjectName("showRoot")
        self.setWindowTitle(self.tr("QuizApp quiz show"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.pages = QStackedWidget()
        self.question_view = QuestionView()
        self.scoreboard_view = ScoreboardView()
        self.podium_view = PodiumView()
        for page in (self.question_view, self.scoreboard_view, self.podium_view):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The screen decides the size: content that does not fit shrinks, never the window grows.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.pages)
        self._scale = 0.0
        self.apply_scale()

    def show_state(self, show: Show, countdown: Countdown, *, animate: bool = False) -> None:
        if show.state is ShowState.FINISHED:
            self.podium_view.show_podium(show)
            self.pages.setCurrentWidget(self.podium_view)
        elif show.state is ShowState.SCOREBOARD:
            self.scoreboard_view.show_scores(show, animate=animate
                                             and self.pages.currentWidget()
                                             is not self.scoreboard_view)
            self.pages.setCurrentWidget(self.scoreboard_view)
        else:
            if self.question_view.item is not show.current:
                self.question_view.show_item(show, show.current)
            else:
                self.question_view.update_state(show)
            self.pages.setCurrentWidget(self.question_view)
            self.question_view.set_countdown(countdown, show.current.revealed)

    def set_countdown(self, show: Show, countdown: Countdown) -> None:
        if show.state is ShowState.QUESTION:
            self.question_view.set_countdown(countdown, False)

    def apply_scale(self) -> None:
        scale = scale_for(self.height())
        if abs(scale - self._scale) < 1e-6:
            return
        self._scale = scale
        self.setStyleSheet(style.stylesheet(scale))
        self.question_view.apply_scale(scale)
        self.scoreboard_view.apply_scale(scale)
        self.podium_view.apply_scale(scale)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.apply_scale()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.WindowStateChange:
            # No mouse pointer on the projector; in a window the teacher may need it.
            if self.isFullScreen():
                self.setCursor(Qt.CursorShape.BlankCursor)
            else:
                self.unsetCursor()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.closable:
            super().closeEvent(event)
            return
        event.ignore()
        self.close_requested.emit()

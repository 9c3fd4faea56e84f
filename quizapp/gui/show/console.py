"""The presenter console: the teacher's view on the laptop, like a slide program's presenter view.

The current question with its answer and explanation (before the room sees them), the next
question, the teams with a check box each for the marks, the standings, and buttons for every
key. It only shows and forwards: the ``ShowController`` decides.

Signals:
    back_clicked(), reveal_clicked(), next_clicked(), timer_clicked(), undo_clicked(),
    full_screen_clicked(), end_clicked(), leave_clicked(): the buttons.
    team_clicked(int): a team's check box was clicked (0-based team).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.show import Countdown, Show, ShowState
from quizapp.gui.answers import button_text
from quizapp.gui.quiz_page import format_seconds, source_line
from quizapp.gui.show.presentation import (
    also_text,
    answer_text,
    choices_of,
    ordinal,
    points_text,
)
from quizapp.gui.show.style import letter_of, symbol_of
from quizapp.gui.text import PlainLabel

STATE_NAMES = {ShowState.QUESTION: "Question shown, answer hidden",
               ShowState.REVEALED: "Answer revealed: mark the teams",
               ShowState.SCOREBOARD: "Scoreboard",
               ShowState.FINISHED: "Podium: the show is over"}


class PresenterConsole(QWidget):
    back_clicked = Signal()
    reveal_clicked = Signal()
    next_clicked = Signal()
    timer_clicked = Signal()
    undo_clicked = Signal()
    full_screen_clicked = Signal()
    end_clicked = Signal()
    leave_clicked = Signal()
    team_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Quiz show: presenter console"))
        self.team_boxes: list[QCheckBox] = []
        self.closable = False  # set by the controller when the show ends
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status = PlainLabel(wrap=False)
        self.status.setObjectName("heading")
        self.timer = PlainLabel(wrap=False)
        self.timer.setObjectName("timer")
        self.timer.setAccessibleName(self.tr("Countdown"))
        top.addWidget(self.status, 1)
        top.addWidget(self.timer)
        outer.addLayout(top)

        body = QHBoxLayout()
        left = QVBoxLayout()
        now = QGroupBox(self.tr("Now"))
        now_layout = QVBoxLayout(now)
        self.prompt = PlainLabel(selectable=True)
        self.prompt.setObjectName("prompt")
        self.prompt.setAccessibleName(self.tr("Current question"))
        self.choices = PlainLabel(selectable=True)
        self.answer = PlainLabel(selectable=True)
        self.answer.setObjectName("verdict")
        self.answer.setAccessibleName(self.tr("Answer"))
        self.explanation = PlainLabel(selectable=True)
        self.source = PlainLabel(selectable=True)
        self.source.setObjectName("source")
        for widget in (self.prompt, self.choices, self.answer, self.explanation, self.source):
            now_layout.addWidget(widget)
        now_layout.addStretch(1)
        left.addWidget(now, 3)
        upcoming = QGroupBox(self.tr("Next question"))
        upcoming_layout = QVBoxLayout(upcoming)
        self.next_prompt = PlainLabel(selectable=True)
        self.next_prompt.setObjectName("detail")
        self.next_prompt.setAccessibleName(self.tr("Next question"))
        upcoming_layout.addWidget(self.next_prompt, 0, Qt.AlignmentFlag.AlignTop)
        left.addWidget(upcoming, 1)
        body.addLayout(left, 3)

        right = QVBoxLayout()
        teams = QGroupBox(self.tr("Teams: tick the ones that got it right (keys 1-8)"))
        self.teams_layout = QVBoxLayout(teams)
        right.addWidget(teams)
        standings = QGroupBox(self.tr("Standings"))
        standings_layout = QVBoxLayout(standings)
        self.standings = PlainLabel()
        self.standings.setAccessibleName(self.tr("Standings"))
        standings_layout.addWidget(self.standings)
        right.addWidget(standings)
        right.addStretch(1)
        body.addLayout(right, 2)
        outer.addLayout(body, 1)

        buttons = QGridLayout()
        self.back_button = QPushButton(self.tr("◀  Back to the scoreboard  (Left)"))
        self.reveal_button = QPushButton(self.tr("Reveal the answer  (R)"))
        self.next_button = QPushButton(self.tr("Next  ▶  (Right)"))
        self.next_button.setObjectName("primary")
        self.timer_button = QPushButton(self.tr("Start/stop the countdown  (T)"))
        self.undo_button = QPushButton(self.tr("Undo the last mark  (Z)"))
        self.full_screen_button = QPushButton(self.tr("Full screen on/off  (F)"))
        self.end_button = QPushButton(self.tr("End the show now: podium"))
        self.leave_button = QPushButton(self.tr("Leave the show  (Esc)"))
        for i, button in enumerate((self.back_button, self.reveal_button, self.next_button,
                                    self.timer_button, self.undo_button,
                                    self.full_screen_button, self.end_button,
                                    self.leave_button)):
            buttons.addWidget(button, i // 4, i % 4)
        outer.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_clicked)
        self.reveal_button.clicked.connect(self.reveal_clicked)
        self.next_button.clicked.connect(self.next_clicked)
        self.timer_button.clicked.connect(self.timer_clicked)
        self.undo_button.clicked.connect(self.undo_clicked)
        self.full_screen_button.clicked.connect(self.full_screen_clicked)
        self.end_button.clicked.connect(self.end_clicked)
        self.leave_button.clicked.connect(self.leave_clicked)

    # --- showing ---------------------------------------------------------------------------

    def show_state(self, show: Show, countdown: Countdown) -> None:
        item = show.current
        state = show.state
        self.status.setText(self.tr("Question %1 of %2").replace("%1", str(show.position))
                            .replace("%2", str(show.total))
                            + ("  ★ " + self.tr("double points") if item.doubled else "")
                            + "  —  " + self.tr(STATE_NAMES[state]))
        self.prompt.setText(item.question.prompt)
        tiles, _ = choices_of(item)
        self.choices.setText("\n".join(f"{letter_of(i)} {symbol_of(i)}  {text}"
                                       for i, text in enumerate(tiles)))
        self.choices.setVisible(bool(tiles))
        also = also_text(item)
        self.answer.setText(self.tr("Answer: %1").replace("%1", answer_text(item))
                            + (f"\n{also}" if also else ""))
        self.explanation.setText(item.question.explanation or "")
        self.explanation.setVisible(bool(item.question.explanation))
        source, _url = source_line(item.bank, item.question)
        self.source.setText(self.tr("Source: %1").replace("%1", source) if source else "")
        self.source.setVisible(bool(source))
        upcoming = show.next_item
        self.next_prompt.setText(upcoming.question.prompt if upcoming is not None
                                 else self.tr("(this is the last question)"))

        if len(self.team_boxes) != len(show.teams):
            for box in self.team_boxes:
                self.teams_layout.removeWidget(box)
                box.deleteLater()
            self.team_boxes = []
            for i, name in enumerate(show.teams):
                box = QCheckBox(button_text(f"{i + 1}   {name}"))
                box.setAccessibleName(self.tr("Team %1, %2: right")
                                      .replace("%1", str(i + 1)).replace("%2", name))
                box.clicked.connect(lambda _checked=False, team=i: self.team_clicked.emit(team))
                self.teams_layout.addWidget(box)
                self.team_boxes.append(box)
        totals = show.totals()
        for i, box in enumerate(self.team_boxes):
            box.blockSignals(True)
            box.setChecked(item.revealed and item.marks[i])
            box.blockSignals(False)
            box.setEnabled(show.markable)
            box.setText(button_text(f"{i + 1}   {show.teams[i]}   ({points_text(totals[i])})"))
        self.standings.setText("\n".join(
            f"{ordinal(s.place)}   {s.team + 1} {s.name}   {points_text(s.points)}"
            for s in show.standings()))
        self.back_button.setEnabled(state is ShowState.QUESTION and show.index > 0)
        self.reveal_button.setEnabled(state is ShowState.QUESTION)
        self.next_button.setEnabled(state is not ShowState.FINISHED)
        self.next_button.setText(self._next_label(show))
        self.undo_button.setEnabled(show.can_undo)
        self.timer_button.setEnabled(countdown.enabled and state is ShowState.QUESTION)
        self.end_button.setEnabled(state is not ShowState.FINISHED)
        self.set_countdown(show, countdown)

    def _next_label(self, show: Show) -> str:
        if show.state is ShowState.QUESTION:
            text = self.tr("Reveal")
        elif show.state is ShowState.REVEALED:
            text = self.tr("Scoreboard")
        elif show.state is ShowState.SCOREBOARD:
            text = self.tr("Podium") if show.is_last else self.tr("Next question")
        else:
            text = self.tr("The show is over")
        return f"{text}  ▶  (Right)"

    def set_countdown(self, show: Show, countdown: Countdown) -> None:
        if not countdown.enabled:
            self.timer.setText(self.tr("No countdown"))
        elif show.state is not ShowState.QUESTION:
            self.timer.setText("")
        elif countdown.expired:
            self.timer.setText(self.tr("Time's up!"))
        else:
            left = format_seconds(math.ceil(countdown.remaining()))
            self.timer.setText(left if countdown.running else self.tr("%1 (stopped)")
                               .replace("%1", left))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing the console only hides it; the show goes on (P brings it back)."""
        if self.closable:
            super().closeEvent(event)
            return
        event.ignore()
        self.hide()

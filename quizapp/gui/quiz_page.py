"""The question screen: one question at a time, feedback in Practice mode, the timer.

Signals:
    answered(Item): an answer was marked (the window records it before feedback shows).
    finished(): the quiz is over; show the results.
    left(): the learner left the quiz before the end.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.scoring import Mark
from quizapp.core.session import Mode, QuizSession, State
from quizapp.gui import dialogs
from quizapp.gui.answers import RIGHT, WRONG, AnswerWidget, answer_widget
from quizapp.gui.text import PlainLabel, announce

PARTLY = "◐"


def source_line(bank, question) -> tuple[str, str | None]:
    """'Source: Publisher, 3 September 2025, "Title"', and a URL that may be opened."""
    source = bank.source_for(question)
    if source is None:
        return "", None
    url = source.url if source.url and source.url.lower().startswith(("http://", "https://")) \
        else None
    return bank.source_text(question), url


def format_seconds(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


class QuizPage(QWidget):
    answered = Signal(object)
    finished = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock=time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self.session: QuizSession | None = None
        self.answer: AnswerWidget | None = None
        self._deadline: float | None = None
        self._quiz_deadline: float | None = None
        self._source_url: str | None = None
        self._build()
        self._connect_signals()

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        self.position_label = PlainLabel(wrap=False)
        self.position_label.setObjectName("position")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.setAccessibleName(self.tr("Progress through the quiz"))
        self.timer_label = PlainLabel(wrap=False)
        self.timer_label.setObjectName("timer")
        self.score_label = PlainLabel(wrap=False)
        self.score_label.setObjectName("score")
        top.addWidget(self.position_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.timer_label)
        top.addWidget(self.score_label)
        outer.addLayout(top)

        self.context_label = PlainLabel()
        self.context_label.setObjectName("context")
        self.prompt = PlainLabel(selectable=True)
        self.prompt.setObjectName("prompt")
        self.prompt.setAccessibleName(self.tr("Question"))
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 8, 0, 8)
        self.body_layout.addWidget(self.context_label)
        self.body_layout.addWidget(self.prompt)
        self.answer_slot = QVBoxLayout()
        self.body_layout.addLayout(self.answer_slot)

        self.feedback = QFrame()
        self.feedback.setObjectName("feedback")
        self.feedback.setFrameShape(QFrame.Shape.StyledPanel)
        feedback = QVBoxLayout(self.feedback)
        self.verdict = PlainLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setAccessibleName(self.tr("Result"))
        self.note = PlainLabel()
        self.expected = PlainLabel(selectable=True)
        self.expected.setObjectName("expected")
        self.explanation = PlainLabel(selectable=True)
        self.explanation.setObjectName("explanation")
        source_row = QHBoxLayout()
        self.source = PlainLabel(selectable=True)
        self.source.setObjectName("source")
        self.open_source = QPushButton(self.tr("Open source"))
        self.open_source.setAccessibleName(self.tr("Open the source in a web browser"))
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.open_source, 0, Qt.AlignmentFlag.AlignTop)
        for widget in (self.verdict, self.note, self.expected, self.explanation):
            feedback.addWidget(widget)
        feedback.addLayout(source_row)
        self.body_layout.addWidget(self.feedback)
        self.body_layout.addStretch()

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.leave_button = QPushButton(self.tr("Leave quiz"))
        self.leave_button.setToolTip(self.tr("Esc"))
        self.primary = QPushButton()
        self.primary.setObjectName("primary")
        self.primary.setMinimumHeight(44)
        self.primary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        buttons.addWidget(self.leave_button)
        buttons.addStretch()
        buttons.addWidget(self.primary)
        outer.addLayout(buttons)

        self.ticker = QTimer(self)
        self.ticker.setInterval(200)

    def _connect_signals(self) -> None:
        self.primary.clicked.connect(self._on_primary_clicked)
        self.leave_button.clicked.connect(self._on_leave_clicked)
        self.open_source.clicked.connect(self._on_open_source_clicked)
        self.ticker.timeout.connect(self._on_ticker_timeout)

    # --- showing a quiz --------------------------------------------------------------------

    def start(self, session: QuizSession) -> None:
        self.session = session
        settings = session.settings
        now = self._clock()
        self._quiz_deadline = now + settings.timer_seconds \
            if settings.timer == "quiz" and settings.timer_seconds > 0 else None
        self._show_current()
        if self._quiz_deadline is not None or settings.timer == "question":
            self.ticker.start()

    def _show_current(self) -> None:
        session = self.session
        item = session.current
        q = item.question
        position = (self.tr("Review: question %1 of %2") if session.settings.review
                    else self.tr("Question %1 of %2"))
        self.position_label.setText(position.replace("%1", str(session.position))
                                    .replace("%2", str(session.total)))
        self.progress.setRange(0, session.total)
        self.progress.setValue(session.answered_count)
        context = [item.bank.title, self.tr(q.difficulty.capitalize())]
        if q.points != 1:
            context.append(self.tr("%1 points").replace("%1", f"{q.points:g}"))
        self.context_label.setText(" · ".join(context))
        self.prompt.setText(q.prompt)
        if self.answer is not None:
            self.answer_slot.removeWidget(self.answer)
            self.answer.hide()
            self.answer.deleteLater()
        self.answer = answer_widget(item)
        self.answer_slot.addWidget(self.answer)
        self.feedback.hide()
        self.primary.setText(self.tr("Submit answer"))
        self.primary.setToolTip(self.tr("Enter"))
        self._update_score()
        settings = session.settings
        seconds = q.time_limit if settings.timer == "question" and q.time_limit else \
            settings.timer_seconds if settings.timer == "question" else None
        self._deadline = self._clock() + seconds if seconds else None
        self._update_timer()
        self.answer.show()  # now, not when the event loop gets to it: keys go here at once
        self._focus_answer()

    def _focus_answer(self) -> None:
        if self.answer is not None and self.session.state is State.ANSWERING:
            self.answer.focus_answer()

    def _update_score(self) -> None:
        session = self.session
        if session.settings.mode is Mode.PRACTICE and session.answered_count:
            self.score_label.setText(self.tr("Score %1 / %2")
                                     .replace("%1", f"{session.points:g}")
                                     .replace("%2", f"{session.answered_points:g}"))
        else:
            self.score_label.setText("")

    def _update_timer(self) -> None:
        now = self._clock()
        parts = []
        if self._deadline is not None and self.session.state is State.ANSWERING:
            parts.append(self.tr("%1 left").replace("%1", format_seconds(self._deadline - now)))
        if self._quiz_deadline is not None:
            parts.append(self.tr("Quiz: %1 left")
                         .replace("%1", format_seconds(self._quiz_deadline - now)))
        self.timer_label.setText("   ".join(parts))

    # --- what the learner does -------------------------------------------------------------

    def submit(self) -> None:
        session = self.session
        if session is None or session.state is not State.ANSWERING:
            return
        self._record(session.submit(self.answer.response()))

    def _record(self, mark: Mark) -> None:
        session = self.session
        item = session.current
        self.answer.lock()
        self.answered.emit(item)
        self.progress.setValue(session.answered_count)
        if session.settings.mode is Mode.EXAM:
            self.next_question()
            return
        self._show_feedback(mark)

    def _show_feedback(self, mark: Mark) -> None:
        item = self.session.current
        self.answer.reveal(item)
        if mark.correct:
            verdict = f"{RIGHT}  " + self.tr("Correct!")
        elif mark.partial:
            verdict = f"{PARTLY}  " + self.tr("Partly right: %1% of the points") \
                .replace("%1", f"{mark.score * 100:.0f}")
        elif item.response is None:
            verdict = f"{WRONG}  " + self.tr("No answer")
        else:
            verdict = f"{WRONG}  " + self.tr("Not right")
        self.verdict.setText(verdict)
        self.verdict.setProperty("outcome", "right" if mark.correct else
                                 "partly" if mark.partial else "wrong")
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        self.note.setText(mark.note)
        self.note.setVisible(bool(mark.note))
        self.expected.setText(self.tr("Correct answer: %1").replace("%1", mark.expected))
        self.explanation.setText(item.question.explanation or "")
        self.explanation.setVisible(bool(item.question.explanation))
        text, url = source_line(item.bank, item.question)
        self.source.setText(self.tr("Source: %1").replace("%1", text) if text else "")
        self._source_url = url
        self.open_source.setVisible(url is not None)
        self.feedback.show()
        last = self.session.index + 1 >= self.session.total
        self.primary.setText(self.tr("See results") if last else self.tr("Next question"))
        self._update_score()
        self._update_timer()
        self.primary.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.verdict, f"{verdict}. {self.expected.text()}")

    def next_question(self) -> None:
        session = self.session
        if session is None or session.state is State.ANSWERING:
            return
        if session.state is State.FINISHED or not session.advance():
            self._finish()
            return
        self._show_current()

    def _finish(self) -> None:
        self.ticker.stop()
        self.session.finish()
        self.finished.emit()

    def leave(self) -> None:
        if dialogs.ask(self, self.tr("Leave the quiz?"),
                       self.tr("Your answers so far are kept, and you can resume this quiz "
                               "later.")):
            self.ticker.stop()
            self.left.emit()

    # --- slots -----------------------------------------------------------------------------

    def _on_primary_clicked(self) -> None:
        if self.session is None:
            return
        if self.session.state is State.ANSWERING:
            self.submit()
        else:
            self.next_question()

    def _on_leave_clicked(self) -> None:
        self.leave()

    def _on_open_source_clicked(self) -> None:
        if self._source_url:
            QDesktopServices.openUrl(QUrl(self._source_url))

    def _on_ticker_timeout(self) -> None:
        if self.session is None:
            return
        now = self._clock()
        self._update_timer()
        if self._quiz_deadline is not None and now >= self._quiz_deadline:
            if self.session.state is State.ANSWERING:
                self.session.time_up()
                self.answered.emit(self.session.current)
            self._finish()
            return
        if self._deadline is not None and now >= self._deadline and \
                self.session.state is State.ANSWERING:
            self._deadline = None
            self._record(self.session.time_up())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_primary_clicked()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.leave()
            event.accept()
            return
        super().keyPressEvent(event)

"""The teacher tools page: classes and rosters, results per class, and item analysis, in tabs.

It is a page of the main window, opened (after the teacher PIN) from Teacher > Teacher tools.
Leaving it ("Lock and close", Escape, or any other page) locks the teacher tools again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from quizapp.core.bank import Bank
from quizapp.core.store import ScoreStore
from quizapp.gui.teacher.classes import ClassesPanel
from quizapp.gui.teacher.items import ItemsPanel
from quizapp.gui.teacher.results import ResultsPanel
from quizapp.gui.text import PlainLabel


class TeacherPage(QWidget):
    """Classes, results and questions, for the teacher.

    Signals:
        closed(): "Lock and close" or Escape.
        review_requested(int): open this quiz (attempt id) on the results page.
        players_changed(): players, names, nicknames or the Player list's class changed.
        export_requested(int): export this class (id) with the try the grid shows.
        reset_requested(): "Reset scores…" (the window asks the PIN and does it).
    """

    closed = Signal()
    review_requested = Signal(int)
    players_changed = Signal()
    export_requested = Signal(int)
    reset_requested = Signal()

    CLASSES, RESULTS, QUESTIONS = range(3)

    def __init__(self, store: ScoreStore, banks: list[Bank], parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        top = QHBoxLayout()
        heading = PlainLabel(self.tr("Teacher tools"), wrap=False)
        heading.setObjectName("headline")
        self.reset_button = QPushButton(self.tr("&Reset scores…"))
        self.lock_button = QPushButton(self.tr("&Lock and close"))
        self.lock_button.setToolTip(self.tr("Back to the quizzes; the teacher PIN is asked "
                                            "again next time"))
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(self.reset_button)
        top.addWidget(self.lock_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.classes = ClassesPanel(store)
        self.results = ResultsPanel(store, banks)
        self.items = ItemsPanel(store, banks)
        self.tabs.addTab(self.classes, self.tr("&Classes and rosters"))
        self.tabs.addTab(self.results, self.tr("Res&ults by class"))
        self.tabs.addTab(self.items, self.tr("&Questions (item analysis)"))
        layout.addWidget(self.tabs, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.lock_button.clicked.connect(self.closed)
        self.reset_button.clicked.connect(self.reset_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.classes.players_changed.connect(self.players_changed)
        self.classes.classes_changed.connect(self._on_classes_changed)
        self.results.review_requested.connect(self.review_requested)
        self.results.export_requested.connect(self.export_requested)

    # --- public ------------------------------------------------------------------------------

    def set_banks(self, banks: list[Bank]) -> None:
        self.results.set_banks(banks)
        self.items.set_banks(banks)
        self.refresh()

    def refresh(self) -> None:
        """The store may have changed: read the open tab again now (others when shown)."""
        self._stale = True
        if self.isVisible():
            self._load_current()

    def show_tab(self, tab: int) -> None:
        self.tabs.setCurrentIndex(tab)
        self._load_current()

    # --- slots -------------------------------------------------------------------------------

    def _load_current(self) -> None:
        self._stale = False
        current = self.tabs.currentWidget()
        if current is self.classes:
            self.classes.reload()
        elif current is self.results:
            self.results.reload(select=self.classes.current_class_id())
        else:
            self.items.reload()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._load_current()

    def _on_classes_changed(self) -> None:
        self._stale = True  # the other tabs read again when shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._load_current()
        self.tabs.tabBar().setFocus()  # not "Reset scores…", the first button

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

"""The history: every stored quiz in a sortable, filterable table; open one to review it.

``HistoryModel`` is a table model over ``store.attempts(player_id, include_unfinished=True)``;
``HistoryPage`` shows it behind a ``HistoryFilter`` proxy, with a player filter and a search
field (bank or mode).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import (
    QAbstractTableModel,
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
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import Bank
from quizapp.core.store import AttemptSummary, ScoreStore, StoreError
from quizapp.gui.quiz_page import format_seconds
from quizapp.gui.storepage import StorePage
from quizapp.gui.text import PlainLabel, tooltip

MOST_ROWS = 5000  # the latest quizzes shown; all of them are in the CSV export
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # real values: times, numbers
ATTEMPT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """One row per stored quiz, newest first, with totals the store adds up from the answers.

    ``SORT_ROLE`` gives values that sort right (an aware ``datetime``'s timestamp, numbers);
    ``ATTEMPT_ID_ROLE`` the quiz's id on every cell.
    """

    DATE, PLAYER, BANKS, MODE, SCORE, PERCENT, ANSWERED, TIME, STATUS = range(9)
    COLUMN_COUNT = 9

    def __init__(self, store: ScoreStore, parent: QObject | None = None, *,
                 bank_titles: Mapping[str, str] | None = None):
        super().__init__(parent)
        self.store = store
        self.player_id: int | None = None
        self.more = False  # older quizzes than those loaded exist
        self._titles: dict[str, str] = dict(bank_titles or {})
        self._rows: list[AttemptSummary] = []
        self._keys: list[list[object]] = []  # SORT_ROLE per row and column, made on reload
        self._headers = [self.tr("Date"), self.tr("Player"), self.tr("Banks"), self.tr("Mode"),
                         self.tr("Score"), self.tr("%"), self.tr("Answered"), self.tr("Time"),
                         self.tr("Status")]

    # --- loading -----------------------------------------------------------------------------

    def reload(self, player_id: int | None = None, *, limit: int | None = MOST_ROWS) -> None:
        """Read the latest ``limit`` quizzes of one player (all players with None) again from
        the store; ``more`` tells whether older ones were left out.

        Raises ``StoreError`` when the store cannot be read; the table is then empty.
        """
        self.beginResetModel()
        self.player_id = player_id
        self.more = False
        try:
            self._rows = self.store.attempts(player_id, include_unfinished=True,
                                             limit=None if limit is None else limit + 1)
            if limit is not None and len(self._rows) > limit:
                self._rows, self.more = self._rows[:limit], True
        except StoreError:
            self._rows = []
            raise
        finally:
            # Sorting asks for these n log n times: work them out once.
            self._keys = [[self._sort_value(a, c) for c in range(self.COLUMN_COUNT)]
                          for a in self._rows]
            self.endResetModel()

    def set_bank_titles(self, titles: Mapping[str, str]) -> None:
        """Show these titles for bank ids (banks no longer loaded keep their id)."""
        self._titles = dict(titles)
        for a, keys in zip(self._rows, self._keys, strict=True):
            keys[self.BANKS] = self._sort_value(a, self.BANKS)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.BANKS),
                                  self.index(len(self._rows) - 1, self.BANKS))

    def sort_key(self, row: int, column: int) -> object:
        """What ``SORT_ROLE`` gives for this cell."""
        return self._keys[row][column]

    def attempt_at(self, row: int) -> AttemptSummary:
        return self._rows[row]

    def row_of(self, attempt_id: int) -> int | None:
        return next((n for n, a in enumerate(self._rows) if a.id == attempt_id), None)

    # --- what each cell shows ----------------------------------------------------------------

    def bank_names(self, summary: AttemptSummary) -> list[str]:
        return [self._titles.get(b, b) for b in summary.bank_ids]

    def mode_text(self, mode: str) -> str:
        return {"practice": self.tr("Practice"), "exam": self.tr("Exam")}.get(mode, mode)

    def status_text(self, status: str) -> str:
        return {"finished": self.tr("Finished"), "in progress": self.tr("Not finished"),
                "abandoned": self.tr("Given up")}.get(status, status)

    def search_text(self, row: int) -> str:
        """What the search field matches: bank titles and ids, and the mode."""
        a = self._rows[row]
        return " ".join([*self.bank_names(a), *a.bank_ids, self.mode_text(a.mode),
                         a.mode]).casefold()

    def _display(self, a: AttemptSummary, column: int) -> str:
        if column == self.DATE:
            return f"{a.started_at.astimezone():%Y-%m-%d %H:%M}"
        if column == self.PLAYER:
            return a.player_name
        if column == self.BANKS:
            return ", ".join(self.bank_names(a))
        if column == self.MODE:
            return self.mode_text(a.mode)
        if column == self.SCORE:
            return f"{a.points:g} / {a.max_points:g}"
        if column == self.PERCENT:
            return "–" if a.percent is None else f"{a.percent:.0f}%"
        if column == self.ANSWERED:
            return f"{a.answered} / {a.questions}"
        if column == self.TIME:
            return format_seconds(a.seconds)
        return self.status_text(a.status)

    def _sort_value(self, a: AttemptSummary, column: int) -> object:
        if column == self.DATE:
            return a.started_at.timestamp()
        if column == self.SCORE:
            return a.points
        if column == self.PERCENT:
            return -1.0 if a.percent is None else a.percent
        if column == self.ANSWERED:
            return a.answered
        if column == self.TIME:
            return a.seconds
        return self._display(a, column).casefold()

    # --- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role == SORT_ROLE:  # first: sorting asks for it most
            return self._keys[row][index.column()]
        a, column = self._rows[row], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(a, column)
        if role == ATTEMPT_ID_ROLE:
            return a.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.BANKS:
            return tooltip("\n".join(f"{name} ({bank_id})" if name != bank_id else name
                                     for name, bank_id in zip(self.bank_names(a), a.bank_ids,
                                                              strict=True)))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.SCORE, self.PERCENT, self.ANSWERED, self.TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.COLUMN_COUNT:
            return self._headers[section]
        return None


class HistoryFilter(QSortFilterProxyModel):
    """Sorts on ``SORT_ROLE``; keeps the rows whose banks or mode hold every searched word."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and newer
            self.beginFilterChange()
            self._words = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = text.casefold().split()
            self.invalidateRowsFilter()

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        if isinstance(model, HistoryModel):  # one call per comparison, not two data() calls
            return model.sort_key(left.row(), left.column()) < \
                model.sort_key(right.row(), right.column())
        return super().lessThan(left, right)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, HistoryModel):
            return True
        text = model.search_text(source_row)
        return all(word in text for word in self._words)


class HistoryPage(StorePage):
    """Every past quiz, to sort, filter and open.

    Signals:
        review_requested(int): the learner opened this quiz (attempt id) to review it
            ("Open", Enter or a double click).
        closed(): "Back" (or Escape).
    """

    review_requested = Signal(int)

    ALL_PLAYERS = None

    def __init__(self, store: ScoreStore, banks: Iterable[Bank] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)  # the store is read when the page is shown
        self.store = store
        self.model = HistoryModel(store, self, bank_titles={b.id: b.title for b in banks})
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self._error = ""  # why the store could not be read, if it could not
        self._wanted_player: int | None = self.ALL_PLAYERS
        self.row_limit: int | None = MOST_ROWS  # the latest quizzes loaded; None: all
        self._build()
        self._connect_signals()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        heading = PlainLabel(self.tr("Quiz history"))
        heading.setObjectName("headline")
        layout.addWidget(heading)

        filters = QHBoxLayout()
        player_label = QLabel(self.tr("&Player:"))
        self.player = QComboBox()
        self.player.setAccessibleName(self.tr("Show the quizzes of"))
        self.player.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        player_label.setBuddy(self.player)
        search_label = QLabel(self.tr("&Search:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Bank or mode, e.g. exam"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the history by bank or mode"))
        search_label.setBuddy(self.search)
        self.count_label = PlainLabel(wrap=False)
        self.count_label.setObjectName("context")
        filters.addWidget(player_label)
        filters.addWidget(self.player)
        filters.addSpacing(16)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addSpacing(16)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(HistoryModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Past quizzes"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryModel.BANKS, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(0)  # measure the rows in view: thousands are slow
        header.setHighlightSections(False)
        layout.addWidget(self.table, 1)
        self.empty = PlainLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("heading")
        layout.addWidget(self.empty, 1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("primary")
        self.open_button.setToolTip(self.tr("Review the chosen quiz question by question"))
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.player.currentIndexChanged.connect(self._on_player_changed)
        self.search.textChanged.connect(self._on_search_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.proxy.modelReset.connect(self._update_state)
        self.proxy.layoutChanged.connect(self._update_state)
        self.proxy.rowsInserted.connect(self._update_state)
        self.proxy.rowsRemoved.connect(self._update_state)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.back_button.clicked.connect(self.closed)

    # --- public ------------------------------------------------------------------------------

    def _load(self) -> None:
        super()._load()
        wanted = self._wanted_player
        try:
            players = self.store.players()
        except StoreError as exc:
            players = []
            self._error = str(exc)
        self.player.blockSignals(True)
        self.player.clear()
        self.player.addItem(self.tr("All players"), self.ALL_PLAYERS)
        for p in players:
            self.player.addItem(p.name, p.id)
        found = self.player.findData(wanted)
        if found < 0:  # deleted meanwhile: everyone's
            self._wanted_player, found = self.ALL_PLAYERS, 0
        self.player.setCurrentIndex(found)
        self.player.blockSignals(False)
        self._reload()

    def set_banks(self, banks: Iterable[Bank]) -> None:
        """The loaded banks changed: show their titles."""
        self.model.set_bank_titles({b.id: b.title for b in banks})

    def set_player(self, player_id: int | None) -> None:
        """Show one player's quizzes (None: everyone's)."""
        self._wanted_player = player_id
        if self._stale or self.player.findData(player_id) < 0:
            self.refresh()
        else:
            self.player.setCurrentIndex(self.player.findData(player_id))

    def selected_attempt_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ATTEMPT_ID_ROLE) if rows else None

    # --- slots -------------------------------------------------------------------------------

    def _reload(self) -> None:
        try:
            self.model.reload(self.player.currentData(), limit=self.row_limit)
        except StoreError as exc:
            self._error = str(exc)
        else:
            self._error = ""
        self._update_state()

    def _update_state(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self._error:
            self.empty.setText(self.tr("The history could not be read. %1")
                               .replace("%1", self._error))
        elif total == 0:
            self.empty.setText(self.tr("No quizzes yet. Every quiz appears here as soon as it "
                                       "is started."))
        elif shown == 0:
            self.empty.setText(self.tr("No quiz matches “%1”.").replace("%1",
                                                                       self.search.text()))
        self.table.setVisible(shown > 0)
        self.empty.setVisible(shown == 0)
        if self.model.more:
            self.count_label.setText(self.tr("The latest %1 quizzes (all are in the CSV "
                                             "export)").replace("%1", str(total)))
            if shown != total:
                self.count_label.setText(self.tr("%1 of the latest %2 quizzes")
                                         .replace("%1", str(shown)).replace("%2", str(total)))
        elif shown == total:
            self.count_label.setText(self.tr("1 quiz") if total == 1 else
                                     self.tr("%1 quizzes").replace("%1", str(total)))
        else:
            self.count_label.setText(self.tr("%1 of %2 quizzes").replace("%1", str(shown))
                                     .replace("%2", str(total)))
        if shown and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.open_button.setEnabled(self.selected_attempt_id() is not None)

    def _on_player_changed(self, _index: int) -> None:
        self._wanted_player = self.player.currentData()
        self._reload()

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_state()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self.open_button.setEnabled(self.selected_attempt_id() is not None)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.review_requested.emit(index.data(ATTEMPT_ID_ROLE))

    def _on_open_clicked(self) -> None:
        attempt_id = self.selected_attempt_id()
        if attempt_id is not None:
            self.review_requested.emit(attempt_id)

"""Players: create, rename and delete the learners whose scores are kept.

Names are unique ignoring case (the store checks). Renaming keeps every score; deleting a
player deletes their quizzes and answers, after a confirmation that says how many, and after
a backup of the score database (``Restore from backup`` brings them back).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.store import DuplicateName, Player, ScoreStore, StoreError
from quizapp.core.store.store import NAME_MAX
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel, announce

LAST_PLAYER = "last_player"  # the store setting the main window remembers the player in
BACKUP_REASON = "pre-delete"


class PlayersDialog(QDialog):
    """The list of players, to add, rename (double click, F2 or "Rename") and delete.

    Signals:
        players_changed(): a player was added, renamed or deleted.
    """

    players_changed = Signal()

    NAME, QUIZZES = range(2)

    def __init__(self, store: ScoreStore, parent: QWidget | None = None, *,
                 confirm_delete: Callable[[], bool] | None = None):
        super().__init__(parent)
        self.store = store
        # Asked before a deletion (the window asks the teacher PIN); False stops it.
        self._confirm_delete = confirm_delete
        self.players: list[Player] = []
        self._filling = False
        self.setWindowTitle(self.tr("Players"))
        self._build()
        self._connect_signals()
        self.reload()
        self.resize(560, 480)

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = PlainLabel(self.tr("Players"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        hint = PlainLabel(self.tr("Scores are kept under each player's name. Double-click a "
                                  "name to change it."))
        hint.setObjectName("context")
        layout.addWidget(hint)

        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Quizzes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(self.tr("Players"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.QUIZZES, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = PlainLabel(self.tr("No players yet. Type a name below and choose Add."))
        layout.addWidget(self.empty)

        add_row = QHBoxLayout()
        name_label = QLabel(self.tr("&New player:"))
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setPlaceholderText(self.tr("Name or nickname"))
        self.name.setAccessibleName(self.tr("New player's name"))
        name_label.setBuddy(self.name)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setDefault(True)  # Enter in the name field adds
        add_row.addWidget(name_label)
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        self.message = PlainLabel(selectable=True)
        self.message.setObjectName("message")
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.rename_button = QPushButton(self.tr("&Rename"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.rename_button, self.delete_button, self.close_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.close_button.clicked.connect(self.accept)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.name.textChanged.connect(self._on_name_changed)

    # --- public ------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the players again; select the one with id ``select`` (else keep the choice)."""
        if select is None:
            current = self.selected_player()
            select = current.id if current else None
        try:
            self.players = self.store.players()
            counts = Counter(a.player_id for a in
                             self.store.attempts(None, include_unfinished=True))
        except StoreError as exc:
            self.players, counts = [], Counter()
            self._say(self.tr("The players could not be read. %1").replace("%1", str(exc)))
        self._filling = True
        self.table.setRowCount(len(self.players))
        for row, player in enumerate(self.players):
            name = QTableWidgetItem(player.name)
            name.setData(Qt.ItemDataRole.UserRole, player.id)
            quizzes = QTableWidgetItem(str(counts[player.id]))
            quizzes.setFlags(quizzes.flags() & ~Qt.ItemFlag.ItemIsEditable)
            quizzes.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, self.NAME, name)
            self.table.setItem(row, self.QUIZZES, quizzes)
        self._filling = False
        self.empty.setVisible(not self.players)
        rows = [n for n, p in enumerate(self.players) if p.id == select]
        if rows:
            self.table.selectRow(rows[0])
        else:
            self.table.clearSelection()
        self._update_buttons()

    def selected_player(self) -> Player | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or rows[0].row() >= len(self.players):
            return None
        return self.players[rows[0].row()]

    # --- slots -------------------------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        name = self.name.text()
        if not name.strip():
            self._say(self.tr("Type the new player's name first."))
            self.name.setFocus()
            return
        try:
            player = self.store.add_player(name)
        except DuplicateName:
            self._say(self.tr("There is already a player called “%1”. Names must differ by "
                              "more than capital letters; add an initial, for example.")
                      .replace("%1", " ".join(name.split())))
            self.name.selectAll()
            self.name.setFocus()
            return
        except (ValueError, StoreError) as exc:
            self._say(self._problem(exc))
            return
        self.name.clear()
        self._say(self.tr("Added %1.").replace("%1", player.name))
        self.reload(select=player.id)
        self.players_changed.emit()

    def _on_rename_clicked(self) -> None:
        row = self.table.currentRow()
        if self.selected_player() is None or row < 0:
            return
        self.table.setFocus()
        self.table.editItem(self.table.item(row, self.NAME))

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        """A name was edited in place: rename the player, or put the old name back."""
        if self._filling or item.column() != self.NAME:
            return
        index = next((n for n, p in enumerate(self.players)
                      if p.id == item.data(Qt.ItemDataRole.UserRole)), None)
        if index is None or item.text() == self.players[index].name:
            return
        player, new_name = self.players[index], item.text()
        if " ".join(new_name.split()) == player.name:  # only spaces changed
            self._set_name(item, player.name)
            return
        try:
            renamed = self.store.rename_player(player.id, new_name)
        except DuplicateName:
            self._set_name(item, player.name)
            self._say(self.tr("There is already a player called “%1”. %2 keeps the old name.")
                      .replace("%1", " ".join(new_name.split())).replace("%2", player.name))
            return
        except (ValueError, StoreError) as exc:
            self._set_name(item, player.name)
            self._say(self._problem(exc) + " " + self.tr("%1 keeps the old name.")
                      .replace("%1", player.name))
            return
        # The table is changed in place, not rebuilt: the editor is still closing.
        self.players[index] = renamed
        self._set_name(item, renamed.name)
        self._follow_last_player(player.name, renamed.name)
        self._say(self.tr("%1 is now called %2.").replace("%1", player.name)
                  .replace("%2", renamed.name))
        self.players_changed.emit()

    def _set_name(self, item: QTableWidgetItem, name: str) -> None:
        self._filling = True
        item.setText(name)
        self._filling = False

    def _on_delete_clicked(self) -> None:
        player = self.selected_player()
        if player is None:
            return
        if self._confirm_delete is not None and not self._confirm_delete():
            return
        row = self.table.currentRow()
        quizzes = int(self.table.item(row, self.QUIZZES).text()) if row >= 0 else 0
        if quizzes:
            question = (self.tr("Delete %1 and their only quiz, with all its answers?")
                        if quizzes == 1 else
                        self.tr("Delete %1 and their %2 quizzes, with all their answers?")
                        .replace("%2", str(quizzes))).replace("%1", player.name)
            question += " " + self.tr("A backup of the scores is made first.")
        else:
            question = self.tr("Delete %1? They have no quizzes.").replace("%1", player.name)
        if not dialogs.ask(self, self.tr("Delete player?"), question):
            return
        if quizzes and not self._backup_before_delete():
            return
        try:
            self.store.delete_player(player.id)
        except StoreError as exc:
            self._say(self.tr("%1 could not be deleted. %2").replace("%1", player.name)
                      .replace("%2", str(exc)))
            return
        self._follow_last_player(player.name, None)
        self._say(self.tr("Deleted %1.").replace("%1", player.name))
        self.reload()
        self.players_changed.emit()

    def _backup_before_delete(self) -> bool:
        """A backup before deleting scores; if it cannot be made, ask before going on."""
        try:
            self.store.backup(BACKUP_REASON)
        except (StoreError, OSError) as exc:
            return dialogs.ask(self, self.tr("Delete without a backup?"),
                               self.tr("No backup of the scores could be made (%1). Delete "
                                       "anyway? This cannot be undone.").replace("%1", str(exc)))
        return True

    def _follow_last_player(self, old: str, new: str | None) -> None:
        """The remembered last player follows a rename and is forgotten with a deletion."""
        try:
            if self.store.get_setting(LAST_PLAYER) == old:
                if new is None:
                    self.store.delete_setting(LAST_PLAYER)
                else:
                    self.store.set_setting(LAST_PLAYER, new)
        except StoreError:
            pass  # only a convenience: the next start picks the player again

    def _on_name_changed(self, _text: str) -> None:
        self.message.hide()

    def _update_buttons(self) -> None:
        chosen = self.selected_player() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _problem(self, exc: Exception) -> str:
        """A store message, as a sentence."""
        text = str(exc).strip()
        text = text[:1].upper() + text[1:]
        return text if text.endswith((".", "!", "?")) else text + "."

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        announce(self.message, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus() \
                and self.table.state() != QAbstractItemView.State.EditingState:
            self._on_delete_clicked()
            return
        super().keyPressEvent(event)

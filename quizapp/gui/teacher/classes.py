"""Classes and rosters: make classes, import a roster CSV (its problems shown in plain words
before anything is stored), add and remove students, edit names and nicknames, and choose the
class whose names the Player list shows on this computer.

The questions it asks go through module functions tests replace: ``choose_roster_path`` and
``ask_text``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.roster import Roster, RosterError, read_roster
from quizapp.core.store import DuplicateName, Player, RosterImport, ScoreStore, StoreError
from quizapp.core.store.classes import NAME_MAX
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel, announce

PLAYER_LIST_CLASS = "player_list_class"  # store setting: the class the Player list shows
LAST_PLAYER = "last_player"


def _tr(text: str) -> str:
    return QCoreApplication.translate("classes", text)


def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def name_key(name: str) -> str:
    """Names compared as the store compares them: ignoring case, in every script."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def students_text(count: int) -> str:
    return _tr("1 student") if count == 1 else _tr("%1 students").replace("%1", str(count))


# --- asking ----------------------------------------------------------------------------------

def choose_roster_path(parent: QWidget | None) -> Path | None:
    """Ask for a roster file, or None."""
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("Import a class roster"), str(Path.home()),
        _tr("Class rosters (*.csv *.txt *.tsv);;All files (*)"))
    return Path(name) if name else None


class TextDialog(QDialog):
    """One line of text (a class name), with a plain-text question above it."""

    def __init__(self, title: str, label: str, text: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        question = PlainLabel(label)
        layout.addWidget(question)
        self.field = QLineEdit(text)
        self.field.setMaxLength(NAME_MAX)
        self.field.setAccessibleName(label)
        self.field.selectAll()
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 0)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Ask for one line of text; None when cancelled."""
    dialog = TextDialog(title, label, text, parent)
    try:
        return dialog.field.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class RosterPreviewDialog(QDialog):
    """What a roster file holds, before anything is stored: every student found, whether they
    are new, already play here or are already in the class, and every problem in words."""

    LINE, NAME, NICKNAME, STATUS = range(4)

    def __init__(self, roster: Roster, class_name: str, known: dict[str, str],
                 members: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Import a class roster"))
        layout = QVBoxLayout(self)
        heading = PlainLabel(_tr("Import into %1").replace("%1", class_name))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        new = sum(1 for e in roster.entries if name_key(e.name) not in known)
        self.summary = PlainLabel(
            _tr("%1 found: %2 new, %3 already play on this computer. Nothing is stored until "
                "you choose Import.").replace("%1", students_text(len(roster.entries)))
            .replace("%2", str(new)).replace("%3", str(len(roster.entries) - new)))
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(roster.entries), 4)
        self.table.setHorizontalHeaderLabels([_tr("Line"), _tr("Name"), _tr("Nickname"),
                                              _tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_tr("Students in the file"))
        for row, entry in enumerate(roster.entries):
            key = name_key(entry.name)
            status = (_tr("already in the class") if key in members else
                      _tr("already plays here") if key in known else _tr("new"))
            for column, text in enumerate((str(entry.line), entry.name, entry.nickname or "",
                                           status)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(_tr("Problems found in the file"))
        for problem in roster.problems:
            self.problems.addItem(QListWidgetItem(str(problem)))
        if roster.problems:
            found = PlainLabel(_tr("Left out or worth a look (by line in the file):"))
            found.setObjectName("heading")
            layout.addWidget(found)
            layout.addWidget(self.problems, 1)
        else:
            self.problems.hide()
            layout.addWidget(PlainLabel(_tr("No problems found in the file.")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _tr("Import %1").replace("%1", students_text(len(roster.entries))),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(roster.entries))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 560)


def preview_roster(parent: QWidget | None, roster: Roster, class_name: str,
                   known: dict[str, str], members: set[str]) -> bool:
    """Show the roster before importing; True to import. Tests replace it."""
    dialog = RosterPreviewDialog(roster, class_name, known, members, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


class AddStudentsDialog(QDialog):
    """Players who are not in the class yet, to tick."""

    def __init__(self, players: list[Player], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Add students"))
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(_tr("Tick the players to add to the class.")))
        self.list = QListWidget()
        self.list.setAccessibleName(_tr("Players not in the class"))
        for p in players:
            item = QListWidgetItem(p.name if not p.nickname else f"{p.name} ({p.nickname})")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 480)

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class ClassesPanel(QWidget):
    """Classes on the left; the chosen class's students on the right.

    Signals:
        players_changed(): players, names or nicknames changed (the Player list follows).
        classes_changed(): a class was made, renamed or deleted, or its students changed.
    """

    players_changed = Signal()
    classes_changed = Signal()

    NAME, NICKNAME, QUIZZES = range(3)

    def __init__(self, store: ScoreStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.members: list[Player] = []
        self._filling = False
        self._build()
        self._connect_signals()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        heading = PlainLabel(_tr("Classes"))
        heading.setObjectName("heading")
        left_layout.addWidget(heading)
        self.class_list = QListWidget()
        self.class_list.setAccessibleName(_tr("Classes"))
        left_layout.addWidget(self.class_list, 1)
        self.no_classes = PlainLabel(_tr("No classes yet. Choose New class to make one, then "
                                         "import its roster."))
        self.no_classes.setObjectName("context")
        left_layout.addWidget(self.no_classes)
        class_buttons = QHBoxLayout()
        self.new_button = QPushButton(_tr("&New class…"))
        self.rename_class_button = QPushButton(_tr("Re&name…"))
        self.delete_class_button = QPushButton(_tr("&Delete…"))
        for button in (self.new_button, self.rename_class_button, self.delete_class_button):
            class_buttons.addWidget(button)
        class_buttons.addStretch()
        left_layout.addLayout(class_buttons)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.class_heading = PlainLabel()
        self.class_heading.setObjectName("heading")
        right_layout.addWidget(self.class_heading)
        self.player_list_box = QCheckBox(_tr("On this computer, the Player list shows only "
                                             "this class (nicknames where given)"))
        right_layout.addWidget(self.player_list_box)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_tr("Name"), _tr("Nickname"), _tr("Quizzes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(_tr("Students of the class; double-click a name or "
                                         "nickname to change it"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.NICKNAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.QUIZZES, QHeaderView.ResizeMode.ResizeToContents)
        right_layout.addWidget(self.table, 1)
        hint = PlainLabel(_tr("Double-click a name or nickname to change it. A nickname is what "
                              "classmates see in the Player list."))
        hint.setObjectName("context")
        right_layout.addWidget(hint)
        self.message = PlainLabel(selectable=True)
        self.message.setObjectName("message")
        self.message.hide()
        right_layout.addWidget(self.message)
        member_buttons = QHBoxLayout()
        self.import_button = QPushButton(_tr("&Import roster (CSV)…"))
        self.import_button.setObjectName("primary")
        self.add_button = QPushButton(_tr("&Add students…"))
        self.remove_button = QPushButton(_tr("&Remove from class"))
        for button in (self.import_button, self.add_button, self.remove_button):
            member_buttons.addWidget(button)
        member_buttons.addStretch()
        right_layout.addLayout(member_buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])

    def _connect_signals(self) -> None:
        self.class_list.currentItemChanged.connect(self._on_class_list_current_changed)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.rename_class_button.clicked.connect(self._on_rename_class_clicked)
        self.delete_class_button.clicked.connect(self._on_delete_class_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.player_list_box.toggled.connect(self._on_player_list_toggled)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    # --- public ------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the classes again; select class ``select`` (else keep the choice)."""
        if select is None:
            select = self.current_class_id()
        try:
            classes = self.store.classes()
        except StoreError as exc:
            classes = []
            self._say(_tr("The classes could not be read. %1").replace("%1", str(exc)))
        self.class_list.blockSignals(True)
        self.class_list.clear()
        for c in classes:
            item = QListWidgetItem(f"{c.name} \u2014 {students_text(c.members)}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, c.name)
            self.class_list.addItem(item)
        self.class_list.blockSignals(False)
        rows = [i for i, c in enumerate(classes) if c.id == select]
        self.class_list.setCurrentRow(rows[0] if rows else (0 if classes else -1))
        self.no_classes.setVisible(not classes)
        self._load_members()

    def current_class_id(self) -> int | None:
        item = self.class_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def current_class_name(self) -> str:
        item = self.class_list.currentItem()
        return "" if item is None else item.data(Qt.ItemDataRole.UserRole + 1)

    def import_roster_file(self, path: Path) -> RosterImport | None:
        """Read ``path``, show what it holds and its problems, and import it into the chosen
        class when the teacher agrees. Returns what was done, or None."""
        class_id = self.current_class_id()
        if class_id is None:
            return None
        title = _tr("Import a class roster")
        try:
            roster = read_roster(path)
        except RosterError as exc:
            dialogs.warn(self, title, _tr("%1 cannot be used as a roster.")
                         .replace("%1", path.name), str(exc))
            return None
        except OSError as exc:
            dialogs.warn(self, title, _tr("%1 could not be read.").replace("%1", path.name),
                         exc.strerror or str(exc))
            return None
        if not roster.entries:
            dialogs.warn(self, title, _tr("No names were found in %1.").replace("%1", path.name),
                         "\n".join(str(p) for p in roster.problems[:20]))
            return None
        try:
            known = {name_key(p.name): p.name for p in self.store.players()}
            members = {name_key(p.name) for p in self.store.class_members(class_id)}
        except StoreError as exc:
            dialogs.warn(self, title, _tr("The scores could not be read."), str(exc))
            return None
        if not preview_roster(self, roster, self.current_class_name(), known, members):
            return None
        try:
            done = self.store.import_roster(class_id, roster.entries)
        except StoreError as exc:
            dialogs.warn(self, title, _tr("Nothing was imported."), str(exc))
            return None
        parts = []
        if done.added:
            parts.append(_tr("1 new student") if len(done.added) == 1 else
                         _tr("%1 new students").replace("%1", str(len(done.added))))
        if done.joined:
            parts.append(_tr("%1 who already played here").replace(
                "%1", students_text(len(done.joined))))
        if done.already:
            parts.append(_tr("%1 already in the class").replace(
                "%1", students_text(len(done.already))))
        said = _tr("%1: %2.").replace("%1", self.current_class_name()) \
            .replace("%2", ", ".join(parts) or _tr("nothing to add"))
        self.reload(select=class_id)
        self.players_changed.emit()
        self.classes_changed.emit()
        dialogs.inform(self, title, said, "\n".join(done.problems))
        self._say(said)
        return done

    # --- slots -------------------------------------------------------------------------------

    def _on_class_list_current_changed(self, *_args: object) -> None:
        self.message.hide()
        self._load_members()

    def _on_new_clicked(self) -> None:
        name = ask_text(self, _tr("New class"), _tr("Name of the new class (for example "
                                                   "Year 9 B):"))
        if name is None:
            return
        try:
            made = self.store.add_class(name)
        except DuplicateName:
            self._say(_tr("There is already a class called “%1”.").replace(
                "%1", " ".join(name.split())))
            return
        except (ValueError, StoreError) as exc:
            self._say(_sentence(exc))
            return
        self.reload(select=made.id)
        self._say(_tr("Made the class %1. Import its roster or add students.")
                  .replace("%1", made.name))
        self.classes_changed.emit()

    def _on_rename_class_clicked(self) -> None:
        class_id, old = self.current_class_id(), self.current_class_name()
        if class_id is None:
            return
        name = ask_text(self, _tr("Rename class"), _tr("New name for %1:").replace("%1", old),
                        old)
        if name is None or " ".join(name.split()) == old:
            return
        try:
            renamed = self.store.rename_class(class_id, name)
        except DuplicateName:
            self._say(_tr("There is already a class called “%1”.").replace(
                "%1", " ".join(name.split())))
            return
        except (ValueError, StoreError) as exc:
            self._say(_sentence(exc))
            return
        self.reload(select=class_id)
        self._say(_tr("%1 is now called %2.").replace("%1", old).replace("%2", renamed.name))
        self.classes_changed.emit()

    def _on_delete_class_clicked(self) -> None:
        class_id, name = self.current_class_id(), self.current_class_name()
        if class_id is None:
            return
        if not dialogs.ask(self, _tr("Delete class?"),
                           _tr("Delete the class %1? Its %2 stay, with all their scores; only "
                               "the list is deleted.").replace("%1", name)
                           .replace("%2", students_text(len(self.members)))):
            return
        try:
            self.store.delete_class(class_id)
            if self.store.get_setting(PLAYER_LIST_CLASS) == class_id:
                self.store.delete_setting(PLAYER_LIST_CLASS)
        except StoreError as exc:
            self._say(_sentence(exc))
            return
        self.reload()
        self._say(_tr("Deleted the class %1.").replace("%1", name))
        self.classes_changed.emit()
        self.players_changed.emit()

    def _on_import_clicked(self) -> None:
        path = choose_roster_path(self)
        if path is not None:
            self.import_roster_file(path)

    def _on_add_clicked(self) -> None:
        class_id = self.current_class_id()
        if class_id is None:
            return
        try:
            inside = {p.id for p in self.members}
            others = [p for p in self.store.players() if p.id not in inside]
        except StoreError as exc:
            self._say(_sentence(exc))
            return
        if not others:
            self._say(_tr("Every player is in this class already. Import a roster to add new "
                          "students."))
            return
        dialog = AddStudentsDialog(others, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
                return
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        try:
            self.store.set_members(class_id, [*inside, *chosen])
        except StoreError as exc:
            self._say(_sentence(exc))
            return
        self.reload(select=class_id)
        self._say(_tr("Added %1 to the class.").replace("%1", students_text(len(chosen))))
        self.classes_changed.emit()
        self.players_changed.emit()

    def _on_remove_clicked(self) -> None:
        class_id = self.current_class_id()
        chosen = self.selected_members()
        if class_id is None or not chosen:
            return
        names = ", ".join(p.name for p in chosen[:5]) + ("…" if len(chosen) > 5 else "")
        if not dialogs.ask(self, _tr("Remove from class?"),
                           _tr("Take %1 out of %2? They stay players, with their scores.")
                           .replace("%1", names).replace("%2", self.current_class_name())):
            return
        gone = {p.id for p in chosen}
        try:
            self.store.set_members(class_id, [p.id for p in self.members if p.id not in gone])
        except StoreError as exc:
            self._say(_sentence(exc))
            return
        self.reload(select=class_id)
        self._say(_tr("Took %1 out of the class.").replace("%1", students_text(len(gone))))
        self.classes_changed.emit()
        self.players_changed.emit()

    def _on_player_list_toggled(self, on: bool) -> None:
        class_id = self.current_class_id()
        if class_id is None or self._filling:
            return
        try:
            if on:
                self.store.set_setting(PLAYER_LIST_CLASS, class_id)
            elif self.store.get_setting(PLAYER_LIST_CLASS) == class_id:
                self.store.delete_setting(PLAYER_LIST_CLASS)
        except StoreError as exc:
            self._say(_sentence(exc))
            return
        self._say(_tr("The Player list shows only %1 now.").replace(
            "%1", self.current_class_name()) if on else
            _tr("The Player list shows every player now."))
        self.players_changed.emit()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        """A name or nickname was edited in place: store it, or put the old one back."""
        if self._filling or item.column() not in (self.NAME, self.NICKNAME):
            return
        index = next((n for n, p in enumerate(self.members)
                      if p.id == item.data(Qt.ItemDataRole.UserRole)), None)
        if index is None:
            return
        player, typed = self.members[index], item.text()
        old = player.name if item.column() == self.NAME else (player.nickname or "")
        if " ".join(typed.split()) == old:
            self._set_text(item, old)
            return
        try:
            if item.column() == self.NAME:
                changed = self.store.rename_player(player.id, typed)
                self._follow_last_player(player.name, changed.name)
                said = _tr("%1 is now called %2.").replace("%1", player.name) \
                    .replace("%2", changed.name)
            else:
                changed = self.store.set_nickname(player.id, typed or None)
                said = (_tr("%1’s nickname is now %2.").replace("%2", changed.nickname)
                        if changed.nickname else _tr("%1 has no nickname now."))\
                    .replace("%1", changed.name)
        except DuplicateName as exc:
            self._set_text(item, old)
            self._say(_sentence(exc) + " " + _tr("Nothing was changed."))
            return
        except (ValueError, StoreError) as exc:
            self._set_text(item, old)
            self._say(_sentence(exc) + " " + _tr("Nothing was changed."))
            return
        self.members[index] = changed
        self._set_text(item, changed.name if item.column() == self.NAME
                       else changed.nickname or "")
        self._say(said)
        self.players_changed.emit()

    # --- helpers -----------------------------------------------------------------------------

    def selected_members(self) -> list[Player]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.members[r] for r in rows if r < len(self.members)]

    def _load_members(self) -> None:
        class_id = self.current_class_id()
        try:
            self.members = [] if class_id is None else self.store.class_members(class_id)
            counts = self.store.quiz_counts(p.id for p in self.members)
            on_this_computer = self.store.get_setting(PLAYER_LIST_CLASS)
        except StoreError as exc:
            self.members, counts, on_this_computer = [], {}, None
            self._say(_sentence(exc))
        self._filling = True
        self.class_heading.setText(
            _tr("%1: %2").replace("%1", self.current_class_name())
            .replace("%2", students_text(len(self.members))) if class_id is not None
            else _tr("No class chosen"))
        self.player_list_box.setChecked(class_id is not None and on_this_computer == class_id)
        self.table.setRowCount(len(self.members))
        for row, p in enumerate(self.members):
            name = QTableWidgetItem(p.name)
            nickname = QTableWidgetItem(p.nickname or "")
            quizzes = QTableWidgetItem(str(counts.get(p.id, 0)))
            quizzes.setFlags(quizzes.flags() & ~Qt.ItemFlag.ItemIsEditable)
            quizzes.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, cell in ((self.NAME, name), (self.NICKNAME, nickname),
                                 (self.QUIZZES, quizzes)):
                cell.setData(Qt.ItemDataRole.UserRole, p.id)
                self.table.setItem(row, column, cell)
        self._filling = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current_class_id() is not None
        for widget in (self.rename_class_button, self.delete_class_button, self.import_button,
                       self.add_button, self.player_list_box, self.table):
            widget.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and bool(self.selected_members()))

    def _set_text(self, item: QTableWidgetItem, text: str) -> None:
        self._filling = True
        item.setText(text)
        self._filling = False

    def _follow_last_player(self, old: str, new: str) -> None:
        try:
            if self.store.get_setting(LAST_PLAYER) == old:
                self.store.set_setting(LAST_PLAYER, new)
        except StoreError:
            pass

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        announce(self.message, text)


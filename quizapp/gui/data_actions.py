"""What the scores menu does: CSV exports, "Check database", "Back up now" and "Restore from
backup".

Each action takes the parent widget and the store, asks what it needs (a file name, a backup,
a confirmation), calls the core, and says what happened in plain words through
``quizapp.gui.dialogs``. The questions it asks go through module functions that tests
replace (``choose_csv_path``, ``choose_backup``) or that are passed in (``choose_path=``,
``choose=``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.core import export
from quizapp.core.bank import Bank
from quizapp.core.export import COMMA, SEMICOLON
from quizapp.core.store import Backup, BadBackup, ScoreStore, StoreError
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel

ChoosePath = Callable[[QWidget | None, str, Path], "tuple[Path, str] | None"]
ChooseBackup = Callable[[QWidget | None, list[Backup]], "Backup | None"]



def _tr(text: str) -> str:
    return QCoreApplication.translate("data_actions", text)


@contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while the disk works."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _filters() -> dict[str, str]:
    """File-dialog filters and the delimiter each one writes."""
    return {_tr("CSV, commas (*.csv)"): COMMA,
            _tr("CSV, semicolons, for spreadsheets set to a decimal comma (*.csv)"): SEMICOLON}


# --- asking ----------------------------------------------------------------------------------

def choose_csv_path(parent: QWidget | None, title: str,
                    suggested: Path) -> tuple[Path, str] | None:
    """Ask where to save a CSV file: the path (ending in .csv) and its delimiter, or None."""
    filters = _filters()
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggested),
                                               ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".csv":
        path = path.with_name(path.name + ".csv")
    return path, filters.get(chosen, COMMA)


def choose_backup(parent: QWidget | None, backups: list[Backup]) -> Backup | None:
    """Ask which backup to restore (the newest is chosen to begin with), or None."""
    dialog = BackupDialog(backups, parent)
    return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def _slug(text: str) -> str:
    """A name for a file: letters and digits of any script, joined by hyphens."""
    return "-".join(re.findall(r"\w+", text.casefold()))[:40].strip("-_") or "player"


def suggested_name(store: ScoreStore, what: str, player_id: int | None,
                   today: date | None = None) -> str:
    """``quizapp-quizzes-ana-2025-09-03.csv``; ``-all-`` for every player."""
    who = "all"
    if player_id is not None:
        try:
            who = _slug(store.player(player_id).name)
        except StoreError:
            who = "player"
    return f"quizapp-{what}-{who}-{(today or date.today()).isoformat()}.csv"


# --- words -----------------------------------------------------------------------------------

def when(moment: datetime) -> str:
    """A stored (UTC) time in the computer's time zone: '3 September 2025, 14:05'."""
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M}"


def reason_text(reason: str) -> str:
    step = re.fullmatch(r"pre-migration-v(\d+)", reason)
    if step:
        return _tr("Before the upgrade from version %1").replace("%1", step[1])
    return {"daily": _tr("Daily backup"), "manual": _tr("Made with Back up now"),
            "pre-delete": _tr("Before a player was deleted"),
            "pre-reset": _tr("Before scores were reset"),
            "pre-restore": _tr("Before a restore")}.get(reason, reason)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _tr("%1 KB").replace("%1", str(max(1, round(size / 1024))))
    return _tr("%1 MB").replace("%1", f"{size / (1024 * 1024):.1f}")


# --- exports ---------------------------------------------------------------------------------

def export_attempts(parent: QWidget | None, store: ScoreStore, player_id: int | None = None,
                    *, choose_path: ChoosePath | None = None) -> Path | None:
    """Every quiz (of one player or all) to a CSV file the user picks. Returns the file, or
    None when cancelled or failed (the user was told why)."""
    return _export(parent, store, player_id, "quizzes", export.export_attempts_csv,
                   _tr("Export quizzes"), _tr("1 quiz"), _tr("%1 quizzes"), choose_path)


def export_answers(parent: QWidget | None, store: ScoreStore, player_id: int | None = None,
                   *, choose_path: ChoosePath | None = None) -> Path | None:
    """Every answer (of one player or all) to a CSV file the user picks."""
    return _export(parent, store, player_id, "answers", export.export_answers_csv,
                   _tr("Export answers"), _tr("1 answer"), _tr("%1 answers"), choose_path)


def _export(parent: QWidget | None, store: ScoreStore, player_id: int | None, what: str,
            write: Callable[..., int], title: str, one: str, many: str,
            choose_path: ChoosePath | None) -> Path | None:
    choose = choose_path or choose_csv_path
    chosen = choose(parent, title, _documents() / suggested_name(store, what, player_id))
    if chosen is None:
        return None
    path, delimiter = chosen
    try:
        with _busy():
            count = write(store, path, player_id, delimiter=delimiter)
    except OSError as exc:  # export.ExportError says why in plain words
        dialogs.warn(parent, _tr("Export failed"), _tr("Nothing was exported."),
                     exc.strerror or str(exc))
        return None
    except StoreError as exc:
        dialogs.warn(parent, _tr("Export failed"),
                     _tr("The scores could not be read, so nothing was exported."), str(exc))
        return None
    rows = one if count == 1 else many.replace("%1", str(count))
    dialogs.inform(parent, title, _tr("Exported %1 to %2.").replace("%1", rows)
                   .replace("%2", str(path)),
                   _tr("Spreadsheet programs open it with accents, Korean and Chinese "
                       "intact."))
    return path


def export_moodle(parent: QWidget | None, banks: list[Bank], *,
                  choose_path: Callable[[QWidget | None, str, Path], Path | None] | None = None,
                  today: date | None = None) -> Path | None:
    """"Export banks for Moodle…": these banks as a Moodle XML file the user picks
    (docs/moodle.md). Returns the file, or None when cancelled or failed (the user was told)."""
    from quizapp.core.moodle import write_moodle_xml

    title = _tr("Export banks for Moodle")
    if not banks:
        dialogs.inform(parent, title, _tr("Tick the banks to export in the list first."))
        return None
    name = f"quizapp-moodle-{_slug(banks[0].title) if len(banks) == 1 else 'banks'}-" \
           f"{(today or date.today()).isoformat()}.xml"
    path = (choose_path or _choose_xml_path)(parent, title, _documents() / name)
    if path is None:
        return None
    try:
        with _busy():
            exported = write_moodle_xml(banks, path)
    except OSError as exc:
        dialogs.warn(parent, title, _tr("Nothing was exported."), exc.strerror or str(exc))
        return None
    details = _tr("In Moodle: Question bank > Import, Moodle XML format, with “Get category "
                  "from file” ticked. Each bank becomes a category.")
    if exported.left_out:
        details += "\n\n" + _tr("Left out:") + "\n" + "\n".join(exported.left_out)
    questions = _tr("1 question") if exported.questions == 1 else \
        _tr("%1 questions").replace("%1", str(exported.questions))
    of_banks = _tr("1 bank") if len(banks) == 1 else _tr("%1 banks").replace("%1", str(len(banks)))
    dialogs.inform(parent, title, _tr("Exported %1 of %2 to %3.").replace("%1", questions)
                   .replace("%2", of_banks).replace("%3", str(path)), details)
    return path


def _choose_xml_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    name, _chosen = QFileDialog.getSaveFileName(parent, title, str(suggested),
                                                _tr("Moodle XML (*.xml)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xml" else path.with_name(path.name + ".xml")


# --- checks, backups, restore ----------------------------------------------------------------

def check_database(parent: QWidget | None, store: ScoreStore) -> list[str]:
    """"Check database": SQLite's full integrity check, reported plainly. Returns the
    problems found (empty when all is well)."""
    title = _tr("Check database")
    try:
        with _busy():
            problems = store.check()
            summary = store.attempts(None, include_unfinished=True) if not problems else []
            players = len(store.players()) if not problems else 0
            backups = store.backups()
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("The score database could not be checked."), str(exc))
        return [str(exc)]
    where = str(store.db_path) if store.db_path else _tr("the score database")
    latest = (_tr("The latest backup is from %1.").replace("%1", when(backups[0].created))
              if backups else _tr("There is no backup yet."))
    if store.backup_error:
        latest += " " + _tr("Today's backup could not be made: %1").replace(
            "%1", store.backup_error)
    if problems:
        shown = problems[:20] + ([_tr("… and %1 more.").replace("%1", str(len(problems) - 20))]
                                 if len(problems) > 20 else [])
        advice = (_tr("Use Restore from backup to put the latest good copy back.")
                  if backups else _tr("There is no backup to restore."))
        found = (_tr("1 problem") if len(problems) == 1 else
                 _tr("%1 problems").replace("%1", str(len(problems))))
        dialogs.warn(parent, title,
                     _tr("The score database is damaged: SQLite found %1 in %2. %3")
                     .replace("%1", found).replace("%2", where).replace("%3", advice),
                     "\n".join(shown))
        return problems
    answers = sum(a.answered for a in summary)
    dialogs.inform(parent, title,
                   _tr("The score database is in good order: %1 players, %2 quizzes, %3 "
                       "answers.").replace("%1", str(players))
                   .replace("%2", str(len(summary))).replace("%3", str(answers)),
                   _tr("File: %1").replace("%1", where) + "\n" + latest)
    return []


def backup_now(parent: QWidget | None, store: ScoreStore) -> Path | None:
    """"Back up now": a checked copy in the backups folder."""
    title = _tr("Back up now")
    try:
        path = store.backup("manual")
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("No backup was made."), str(exc))
        return None
    dialogs.inform(parent, title, _tr("The scores were copied and checked."),
                   _tr("Backup: %1").replace("%1", str(path)))
    return path


def restore_from_backup(parent: QWidget | None, store: ScoreStore, *,
                        choose: ChooseBackup | None = None) -> Path | None:
    """"Restore from backup": pick a backup, confirm, restore. The replaced file is kept
    (renamed, never deleted); its path is returned, and told to the user. None when nothing
    was restored.

    Call it only when no quiz is running: the quiz's answers would go to a quiz that is not
    in the restored file. Pages showing scores should be refreshed afterwards.
    """
    title = _tr("Restore from backup")
    if store.db_path is None:
        dialogs.inform(parent, title, _tr("This score database is on a server; its "
                                          "administrator restores its backups."))
        return None
    backups = store.backups()
    if not backups:
        dialogs.inform(parent, title, _tr("There is no backup yet."),
                       _tr("QuizApp makes one each day it is used, and before an upgrade or "
                           "a deletion. They are kept in %1.").replace(
                           "%1", str(store.backup_dir)))
        return None
    backup = (choose or choose_backup)(parent, backups)
    if backup is None:
        return None
    if not dialogs.ask(parent, _tr("Restore this backup?"),
                       _tr("The scores will be those of %1; anything recorded after that "
                           "is set aside. The current file is kept, not deleted. Close "
                           "QuizApp everywhere else it uses this data folder first.")
                       .replace("%1", when(backup.created))):
        return None
    try:
        with _busy():
            aside = store.restore(backup.path)
    except BadBackup as exc:
        dialogs.warn(parent, title, _tr("This backup cannot be used; nothing was changed. "
                                        "Choose another one."), str(exc))
        return None
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("The backup could not be restored."), str(exc))
        return None
    dialogs.inform(parent, title,
                   _tr("The scores are back as they were on %1.").replace(
                       "%1", when(backup.created)),
                   _tr("The replaced file is kept as %1.").replace("%1", str(aside))
                   if aside else "")
    return aside


class BackupDialog(QDialog):
    """The backups on disk, newest first, to pick one to restore.

    Signals:
        chosen(object): the backup picked (a ``Backup``), when the dialog is accepted.
    """

    chosen = Signal(object)

    WHEN, WHY, SIZE = range(3)

    def __init__(self, backups: list[Backup], parent: QWidget | None = None):
        super().__init__(parent)
        self.backups = list(backups)
        self.setWindowTitle(_tr("Restore from backup"))
        layout = QVBoxLayout(self)
        intro = PlainLabel(_tr("Choose the copy of the scores to go back to. The newest is "
                               "chosen for you."))
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.backups), 3)
        self.table.setHorizontalHeaderLabels([_tr("Made"), _tr("Why"), _tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_tr("Backups"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.WHY, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(self.backups):
            cells = [when(backup.created), reason_text(backup.reason), size_text(backup.size)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == self.SIZE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _tr("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        if self.backups:
            self.table.selectRow(0)
        self._connect_signals()
        self._on_table_selection_changed()
        self.resize(620, 380)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.table.activated.connect(self._on_table_activated)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _on_table_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _on_table_activated(self, _index: object) -> None:
        self._on_buttons_accepted()

    def _on_buttons_accepted(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        self.chosen.emit(backup)
        self.accept()

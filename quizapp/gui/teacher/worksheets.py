""""Print worksheet…" and "Save worksheet as PDF…": choose banks, how many questions, whether
to add the answer key; then print or save through ``quizapp.gui.worksheet``.

A worksheet without its key needs no PIN (students may print practice sheets); the key does.
The file dialog is ``QFileDialog.getSaveFileName`` through ``choose_pdf_path``, which tests
replace.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.bank import AnyQuestion, Bank
from quizapp.gui import dialogs
from quizapp.gui.teacher.pin import PinGate
from quizapp.gui.text import PlainLabel, tooltip

PDF, PRINT = "pdf", "print"
TITLE_MAX = 120
SHEET_MAX = 9999


def _tr(text: str) -> str:
    return QCoreApplication.translate("worksheets", text)


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def choose_pdf_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Ask where to save the PDF (ending in .pdf), or None."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), _tr("PDF (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def pick_questions(banks: Sequence[Bank], count: int | None, seed: int | None = None
                   ) -> list[tuple[Bank, AnyQuestion]]:
    """Every question of the banks in their order, or ``count`` of them drawn at random and
    kept in the banks' order (so a sheet reads like its banks)."""
    every = [(b, q) for b in banks for q in b.questions]
    if count is None or count >= len(every):
        return every
    chosen = set(random.Random(seed).sample(range(len(every)), count))
    return [pair for i, pair in enumerate(every) if i in chosen]


class WorksheetDialog(QDialog):
    """Which banks, how many questions, the title, and whether to add the answer key."""

    def __init__(self, banks: Sequence[Bank], action: str = PDF, parent: QWidget | None = None,
                 *, checked: Sequence[str] = ()):
        super().__init__(parent)
        self.all_banks = list(banks)
        self.action = action
        self.setWindowTitle(_tr("Save worksheet as PDF") if action == PDF
                            else _tr("Print worksheet"))
        layout = QVBoxLayout(self)
        heading = PlainLabel(_tr("Worksheet"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        layout.addWidget(PlainLabel(_tr("Tick the banks to take questions from.")))
        self.banks = QListWidget()
        self.banks.setAccessibleName(_tr("Banks for the worksheet"))
        self.banks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for bank in self.all_banks:
            item = QListWidgetItem(_tr("%1 (%2 questions)").replace("%1", bank.title)
                                   .replace("%2", str(len(bank.questions))))
            item.setData(Qt.ItemDataRole.UserRole, bank.id)
            item.setToolTip(tooltip(bank.description or bank.title))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if bank.id in checked
                               else Qt.CheckState.Unchecked)
            self.banks.addItem(item)
        layout.addWidget(self.banks, 1)

        form = QFormLayout()
        self.count = QSpinBox()
        self.count.setRange(0, 500)
        self.count.setSpecialValueText(_tr("All"))
        self.count.setAccessibleName(_tr("Number of questions, 0 for all"))
        count_label = QLabel(_tr("&Questions:"))
        count_label.setBuddy(self.count)
        form.addRow(count_label, self.count)
        # Drawing some of the questions: the same sheet number (with the same banks and
        # count) draws the same ones, for a sheet printed again or versions A and B.
        self.sheet = QSpinBox()
        self.sheet.setRange(1, SHEET_MAX)
        self.sheet.setValue(random.randint(1, SHEET_MAX))
        self.sheet.setAccessibleName(_tr("Sheet number: the same number, banks and count "
                                         "give the same questions"))
        self.sheet.setToolTip(tooltip(_tr("The same number, banks and count give the same "
                                          "questions. It is printed at the foot of each page "
                                          "of the sheet and of its answer key.")))
        sheet_label = QLabel(_tr("S&heet number:"))
        sheet_label.setBuddy(self.sheet)
        form.addRow(sheet_label, self.sheet)
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        self.title.setAccessibleName(_tr("Worksheet title"))
        title_label = QLabel(_tr("&Title:"))
        title_label.setBuddy(self.title)
        form.addRow(title_label, self.title)
        self.key = QCheckBox(_tr("Add the answer key, from a new page (asks for the teacher "
                                 "PIN)"))
        self.key.setChecked(True)
        form.addRow("", self.key)
        layout.addLayout(form)
        self.summary = PlainLabel()
        self.summary.setObjectName("context")
        layout.addWidget(self.summary)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go_button = QPushButton(_tr("Save as PDF…") if action == PDF else _tr("Print…"))
        self.go_button.setDefault(True)
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.banks.itemChanged.connect(self._on_banks_item_changed)
        self.count.valueChanged.connect(self._on_count_changed)
        self.sheet.valueChanged.connect(self._on_count_changed)
        self._update()
        self.resize(560, 520)

    def chosen_banks(self) -> list[Bank]:
        wanted = {self.banks.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.banks.count())
                  if self.banks.item(i).checkState() == Qt.CheckState.Checked}
        return [b for b in self.all_banks if b.id in wanted]

    def sheet_title(self) -> str:
        typed = " ".join(self.title.text().split())
        if typed:
            return typed
        chosen = self.chosen_banks()
        return chosen[0].title if len(chosen) == 1 else _tr("Worksheet")

    def drawn(self) -> bool:
        """Whether some of the questions are drawn (not all of them taken in order)."""
        available = sum(len(b.questions) for b in self.chosen_banks())
        return 0 < self.count.value() < available

    def sheet_number(self) -> int | None:
        return self.sheet.value() if self.drawn() else None

    def _update(self) -> None:
        available = sum(len(b.questions) for b in self.chosen_banks())
        wanted = min(self.count.value() or available, available)
        self.sheet.setEnabled(self.drawn())
        text = _tr("%1 questions available; the worksheet will have %2.") \
            .replace("%1", str(available)).replace("%2", str(wanted))
        if self.drawn():
            text += " " + _tr("They are drawn by sheet number %1: the same number draws "
                              "the same questions again.").replace("%1", str(self.sheet.value()))
        self.summary.setText(text)
        self.go_button.setEnabled(available > 0)
        self.title.setPlaceholderText(self.sheet_title())

    def _on_banks_item_changed(self, _item: QListWidgetItem) -> None:
        self._update()

    def _on_count_changed(self, _value: int) -> None:
        self._update()


def make_worksheet(parent: QWidget | None, banks: Sequence[Bank], gate: PinGate | None,
                   action: str, *, checked: Sequence[str] = (),
                   documents: Path | None = None) -> Path | bool | None:
    """The whole "Save worksheet as PDF…" / "Print worksheet…" flow. Returns the PDF's path
    (or True when printed), None when cancelled or failed (the teacher was told why)."""
    from quizapp.gui.worksheet import WorksheetError, print_worksheet, save_worksheet_pdf

    if not banks:
        dialogs.inform(parent, _tr("Worksheet"), _tr("No question banks are loaded."))
        return None
    dialog = WorksheetDialog(banks, action, parent, checked=checked)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen, count = dialog.chosen_banks(), dialog.count.value() or None
        title, key = dialog.sheet_title(), dialog.key.isChecked()
        sheet = dialog.sheet_number()
    finally:
        dialog.deleteLater()
    items = pick_questions(chosen, count, seed=sheet)
    if not items:
        return None
    if key and (gate is None or gate.guard() is None):
        dialogs.inform(parent, _tr("Worksheet"),
                       _tr("The answer key needs the teacher PIN, and the score database that "
                           "keeps it could not be opened. Untick the answer key to print the "
                           "questions alone."))
        return None
    if key and (gate is None or not gate.require(
            parent, _tr("The answer key is for teachers: type the teacher PIN."))):
        return None
    if action == PRINT:
        try:
            return True if print_worksheet(parent, items, title, include_key=key,
                                           sheet=sheet) else None
        except (OSError, ValueError) as exc:
            dialogs.warn(parent, _tr("Print worksheet"), _tr("The worksheet was not printed."),
                         str(exc))
            return None
    folder = documents or documents_folder()
    slug = "-".join("".join(c if c.isalnum() else " " for c in title.casefold()).split())
    path = choose_pdf_path(parent, _tr("Save worksheet as PDF"),
                           folder / f"{slug[:40] or 'worksheet'}.pdf")
    if path is None:
        return None
    try:
        pages = save_worksheet_pdf(path, items, title, include_key=key, sheet=sheet)
    except (WorksheetError, ValueError) as exc:
        dialogs.warn(parent, _tr("Save worksheet as PDF"), _tr("The worksheet was not saved."),
                     str(exc))
        return None
    what = (_tr("%1 questions and their answer key") if key else _tr("%1 questions")) \
        .replace("%1", str(len(items)))
    dialogs.inform(parent, _tr("Save worksheet as PDF"),
                   _tr("Saved %1 on %2 pages to %3.").replace("%1", what)
                   .replace("%2", str(pages)).replace("%3", str(path)))
    return path

""""Reset scores…": delete the quizzes and answers of one student, a class, or everyone,
keeping the players, their nicknames and their classes. A backup is made first.

The window asks the teacher PIN before calling ``reset_scores``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.core.store import ScoreStore, StoreError
from quizapp.gui import dialogs
from quizapp.gui.text import PlainLabel

BACKUP_REASON = "pre-reset"
STUDENT, CLASS, EVERYONE = range(3)


def _tr(text: str) -> str:
    return QCoreApplication.translate("reset", text)


def quizzes_text(quizzes: int, answers: int) -> str:
    if quizzes == 0:
        return _tr("no quiz")
    what = _tr("1 quiz") if quizzes == 1 else _tr("%1 quizzes").replace("%1", str(quizzes))
    return what + " " + (_tr("(1 answer)") if answers == 1 else
                         _tr("(%1 answers)").replace("%1", str(answers)))


class ResetScoresDialog(QDialog):
    """Whose results to delete: a student, a class, or everyone; says how many first."""

    def __init__(self, store: ScoreStore, parent: QWidget | None = None, *,
                 player_id: int | None = None, class_id: int | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_tr("Reset scores"))
        layout = QVBoxLayout(self)
        heading = PlainLabel(_tr("Reset scores"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        layout.addWidget(PlainLabel(_tr("Delete quizzes and answers. The players stay, with "
                                        "their nicknames and classes; quiz shows stay too.")))
        grid = QGridLayout()
        self.scope = QButtonGroup(self)
        self.student_button = QRadioButton(_tr("&One student:"))
        self.class_button = QRadioButton(_tr("A &class:"))
        self.everyone_button = QRadioButton(_tr("&Everyone"))
        self.student = QComboBox()
        self.student.setAccessibleName(_tr("Student whose results to delete"))
        self.school_class = QComboBox()
        self.school_class.setAccessibleName(_tr("Class whose results to delete"))
        for n, button in enumerate((self.student_button, self.class_button,
                                    self.everyone_button)):
            self.scope.addButton(button, n)
        try:
            for p in store.players():
                self.student.addItem(p.name, p.id)
            for c in store.classes():
                self.school_class.addItem(c.name, c.id)
        except StoreError as exc:
            layout.addWidget(PlainLabel(str(exc)))
        grid.addWidget(self.student_button, 0, 0)
        grid.addWidget(self.student, 0, 1)
        grid.addWidget(self.class_button, 1, 0)
        grid.addWidget(self.school_class, 1, 1)
        grid.addWidget(self.everyone_button, 2, 0)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.class_button.setEnabled(self.school_class.count() > 0)
        self.student_button.setEnabled(self.student.count() > 0)
        self.summary = PlainLabel()
        self.summary.setObjectName("detail")
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(_tr("Delete results…"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)

        if class_id is not None and self.school_class.findData(class_id) >= 0:
            self.school_class.setCurrentIndex(self.school_class.findData(class_id))
            self.class_button.setChecked(True)
        elif player_id is not None and self.student.findData(player_id) >= 0:
            self.student.setCurrentIndex(self.student.findData(player_id))
            self.student_button.setChecked(True)
        elif self.student.count():
            self.student_button.setChecked(True)
        else:
            self.everyone_button.setChecked(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.scope.idToggled.connect(self._on_scope_toggled)
        self.student.currentIndexChanged.connect(self._on_choice_changed)
        self.school_class.currentIndexChanged.connect(self._on_choice_changed)
        self._update()
        self.resize(560, 300)

    def chosen(self) -> tuple[list[int] | None, str]:
        """The player ids (None: everyone) and who they are, in words."""
        scope = self.scope.checkedId()
        if scope == STUDENT and self.student.currentIndex() >= 0:
            return [self.student.currentData()], self.student.currentText()
        if scope == CLASS and self.school_class.currentIndex() >= 0:
            members = self.store.class_members(self.school_class.currentData())
            return [p.id for p in members], _tr("the class %1").replace(
                "%1", self.school_class.currentText())
        return None, _tr("everyone")

    def counts(self) -> tuple[int, int]:
        ids, _ = self.chosen()
        if ids == []:
            return 0, 0
        return self.store.count_results(ids)

    def _update(self) -> None:
        try:
            quizzes, answers = self.counts()
            _, who = self.chosen()
        except StoreError as exc:
            self.summary.setText(str(exc))
            self.delete_button.setEnabled(False)
            return
        self.summary.setText(_tr("Results of %1: %2.").replace("%1", who)
                             .replace("%2", quizzes_text(quizzes, answers)))
        self.delete_button.setEnabled(quizzes > 0)

    def _on_scope_toggled(self, _id: int, _checked: bool) -> None:
        self._update()

    def _on_choice_changed(self, _index: int) -> None:
        self._update()


def reset_scores(parent: QWidget | None, store: ScoreStore, *, player_id: int | None = None,
                 class_id: int | None = None) -> int | None:
    """The "Reset scores…" flow: choose, confirm, back up, delete, say what happened.
    Returns how many quizzes were deleted, or None when nothing was."""
    title = _tr("Reset scores")
    dialog = ResetScoresDialog(store, parent, player_id=player_id, class_id=class_id)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            ids, who = dialog.chosen()
            quizzes, answers = dialog.counts()
        except StoreError as exc:
            dialogs.warn(parent, title, _tr("The scores could not be read."), str(exc))
            return None
    finally:
        dialog.deleteLater()
    if not quizzes:
        return None
    if not dialogs.ask(parent, _tr("Delete these results?"),
                       _tr("Delete %1 of %2? The players stay. A backup of the scores is "
                           "made first; Restore from backup brings them back.")
                       .replace("%1", quizzes_text(quizzes, answers)).replace("%2", who)):
        return None
    try:
        store.backup(BACKUP_REASON)
    except (StoreError, OSError) as exc:
        if not dialogs.ask(parent, _tr("Delete without a backup?"),
                           _tr("No backup of the scores could be made (%1). Delete anyway? "
                               "This cannot be undone.").replace("%1", str(exc))):
            return None
    try:
        deleted = store.delete_results(ids)
    except StoreError as exc:
        dialogs.warn(parent, title, _tr("Nothing was deleted."), str(exc))
        return None
    dialogs.inform(parent, title, _tr("Deleted %1 of %2.").replace(
        "%1", quizzes_text(deleted, answers)).replace("%2", who))
    return deleted

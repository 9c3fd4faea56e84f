"""The players dialog: create, rename and delete players in a real score database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from quizapp.core.loader import load_bank_text
from quizapp.core.store import ScoreStore, StoreError
from quizapp.gui import dialogs
from quizapp.gui.players import BACKUP_REASON, LAST_PLAYER, PlayersDialog
from tests.banktext import bank
from tests.gui.plain import rich_labels
from tests.gui.shots import shoot
from tests.scoredata import StoreClock, play

BANK = load_bank_text(bank("single", "true_false"))


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False) as s:
        yield s


class Asked(list):
    """The yes/no questions asked; ``answers`` are given in turn (yes when none is left)."""

    def __init__(self):
        super().__init__()
        self.answers: list[bool] = []

    def __call__(self, _parent, title: str, text: str) -> bool:
        self.append((title, text))
        return self.answers.pop(0) if self.answers else True


@pytest.fixture
def asked(monkeypatch) -> Asked:
    questions = Asked()
    monkeypatch.setattr(dialogs, "ask", questions)
    return questions


def make_dialog(qtbot, store) -> PlayersDialog:
    dialog = PlayersDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def names(dialog: PlayersDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def counts(dialog: PlayersDialog) -> list[str]:
    return [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]


def test_add_players_by_typing_and_enter(qtbot, store):
    dialog = make_dialog(qtbot, store)
    assert dialog.empty.isVisibleTo(dialog)
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "  Bo   Li ")
    with qtbot.waitSignal(dialog.players_changed):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.name, "Ana")
    with qtbot.waitSignal(dialog.players_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in store.players()] == ["Ana", "Bo Li"]
    assert names(dialog) == ["Ana", "Bo Li"] and counts(dialog) == ["0", "0"]
    assert dialog.selected_player().name == "Ana"
    assert dialog.name.text() == "" and dialog.message.text() == "Added Ana."
    assert not dialog.empty.isVisibleTo(dialog)


def test_a_duplicate_or_empty_name_is_explained(qtbot, store):
    store.add_player("Ana")
    dialog = make_dialog(qtbot, store)
    qtbot.keyClicks(dialog.name, "ANA")
    with qtbot.assertNotEmitted(dialog.players_changed):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.message.text() == (
        "There is already a player called “ANA”. Names must differ by more than capital "
        "letters; add an initial, for example.")
    assert dialog.message.isVisible()
    dialog.name.clear()
    assert not dialog.message.isVisible()  # typing again clears the old message
    qtbot.keyClicks(dialog.name, "   ")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Type the new player's name first."
    dialog.name.setText("Bad\u200bname")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "A player name cannot contain control characters."
    assert [p.name for p in store.players()] == ["Ana"]


def edit_name(qtbot, dialog: PlayersDialog, text: str) -> None:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and dialog.table.isAncestorOf(editor)
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:  # QTest types only ASCII (anything else aborts the process)
        editor.insert(text)
    with qtbot.waitSignal(dialog.table.itemChanged):  # the delegate commits a moment later
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_rename_keeps_the_scores_and_the_remembered_player(qtbot, store):
    ana = store.add_player("Ana")
    play(store, ana.id, [BANK])
    store.set_setting(LAST_PLAYER, "Ana")
    dialog = make_dialog(qtbot, store)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.players_changed):
        edit_name(qtbot, dialog, "Ana María")
    assert store.player(ana.id).name == "Ana María"
    assert store.get_setting(LAST_PLAYER) == "Ana María"
    assert store.attempts(ana.id)[0].player_name == "Ana María"
    assert names(dialog) == ["Ana María"] and counts(dialog) == ["1"]
    assert dialog.message.text() == "Ana is now called Ana María."


def test_rename_by_double_click_to_a_taken_name_is_refused(qtbot, store):
    store.add_player("Ana")
    bo = store.add_player("Bo")
    store.set_setting(LAST_PLAYER, "Ana")
    dialog = make_dialog(qtbot, store)
    rect = dialog.table.visualItemRect(dialog.table.item(1, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.assertNotEmitted(dialog.players_changed):
        edit_name(qtbot, dialog, "ana")
    assert store.player(bo.id).name == "Bo"
    assert names(dialog) == ["Ana", "Bo"]
    assert dialog.message.text() == "There is already a player called “ana”. Bo keeps the " \
                                    "old name."
    assert dialog.selected_player().id == bo.id
    assert store.get_setting(LAST_PLAYER) == "Ana"


def test_delete_asks_with_the_number_of_quizzes_and_backs_up_first(qtbot, store, asked):
    ana, bo = store.add_player("Ana"), store.add_player("Bo")
    for seed in (1, 2):
        play(store, ana.id, [BANK], seed=seed)
    play(store, ana.id, [BANK], seed=3, answer_count=1, end="")
    play(store, bo.id, [BANK])
    store.set_setting(LAST_PLAYER, "Ana")
    dialog = make_dialog(qtbot, store)
    assert counts(dialog) == ["3", "1"]
    dialog.table.selectRow(0)
    asked.answers.append(False)  # "No": nothing happens
    with qtbot.assertNotEmitted(dialog.players_changed):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == ("Delete player?", "Delete Ana and their 3 quizzes, with all their "
                                           "answers? A backup of the scores is made first.")
    assert len(store.players()) == 2 and store.backups() == []
    with qtbot.waitSignal(dialog.players_changed):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in store.players()] == ["Bo"]
    assert [a.player_name for a in store.attempts(include_unfinished=True)] == ["Bo"]
    assert [b.reason for b in store.backups()] == [BACKUP_REASON]
    assert store.get_setting(LAST_PLAYER) is None
    assert names(dialog) == ["Bo"] and dialog.message.text() == "Deleted Ana."
    # The backup holds what was deleted.
    with ScoreStore(f"sqlite:///{store.backups()[0].path}", daily_backup=False) as old:
        assert len(old.attempts(ana.id, include_unfinished=True)) == 3


def test_delete_key_and_a_player_without_quizzes(qtbot, store, asked):
    store.add_player("Cy")
    dialog = make_dialog(qtbot, store)
    dialog.table.selectRow(0)
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.players_changed):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked == [("Delete player?", "Delete Cy? They have no quizzes.")]
    assert store.players() == [] and store.backups() == []
    assert dialog.empty.isVisibleTo(dialog)


def test_when_no_backup_can_be_made_it_asks_again(qtbot, store, asked, monkeypatch):
    ana = store.add_player("Ana")
    play(store, ana.id, [BANK])

    def no_backup(_reason="manual"):
        raise StoreError("Could not write a backup in /backups: read-only file system")

    monkeypatch.setattr(store, "backup", no_backup)
    dialog = make_dialog(qtbot, store)
    dialog.table.selectRow(0)
    asked.answers.extend([True, False])
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked[1] == ("Delete without a backup?",
                        "No backup of the scores could be made (Could not write a backup in "
                        "/backups: read-only file system). Delete anyway? This cannot be undone.")
    assert [p.name for p in store.players()] == ["Ana"]
    asked.answers.extend([True, True])
    with qtbot.waitSignal(dialog.players_changed):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert store.players() == []


def test_names_are_shown_as_typed(qtbot, store, tmp_path):
    for name in ("<b>Bold</b>", "김민지", "Zoë & Li", "王芳"):
        store.add_player(name)
    ana = store.add_player("Ana")
    for seed in range(3):
        play(store, ana.id, [BANK], seed=seed)
    dialog = make_dialog(qtbot, store)
    assert "<b>Bold</b>" in names(dialog)
    dialog.table.selectRow(names(dialog).index("Ana"))
    dialog.message.setText("There is already a player called “<b>Bold</b>”.")
    dialog.message.show()
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    assert rich_labels(dialog) == []
    shoot(qtbot, dialog, tmp_path, "players", size=(560, 480))


def test_close_button_closes(qtbot, store):
    dialog = make_dialog(qtbot, store)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

"""Promise 5 through the real window: bank text is shown as text, never as markup.

Hostile banks (markup in every field of every question type, ampersands, Unicode of every
kind) are loaded, and every screen that shows them is opened: the library and its detail, each
question of each type with its feedback, the results table and detail, message boxes and
dialogs the window opens, and every window reachable from the Scores, File and Teacher menus.
After each step the generic walker (``tests/hostile/plaintext.py``) checks every widget of every
top-level window, so screens added later are covered as soon as they can be reached.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from quizapp.core.loader import load_library
from quizapp.core.session import State
from quizapp.core.store import ScoreStore
from quizapp.gui.answers import MatchAnswer, OrderAnswer, TextAnswer
from quizapp.gui.main_window import MainWindow
from tests.hostile import corpus
from tests.hostile.figures import record
from tests.hostile.plaintext import Audit, bank_strings

# Violations already reported as bugs, each with its own strict xfail test below (none now:
# an '&' in a match question, found by this audit, is fixed).
KNOWN: tuple[str, ...] = ()

GO_THROUGH = {"ShowSetupDialog"}  # dialogs accepted with their defaults; the rest cancelled
SCREENS = ("history_action", "progress_action", "past_shows_action", "players_action",
           "show_action", "teacher_action", "about_action")


@pytest.fixture
def audited_dialogs(monkeypatch):
    """Every modal box or dialog the window opens is shown, audited, and closed (No/Cancel);
    file and input dialogs answer "nothing chosen"."""
    audits: list[Audit] = []
    opened: list[str] = []

    def audit_box(box, answer):
        box.show()
        QApplication.processEvents()
        opened.append(f"{type(box).__name__}: {box.windowTitle()}")
        for audit in audits:
            audit.walk(f"dialog '{box.windowTitle()}'", [box])
        if type(box).__name__ in GO_THROUGH:  # press OK, to reach what comes after
            for buttons in box.findChildren(QDialogButtonBox):
                accept = [b for b in buttons.buttons() if buttons.buttonRole(b)
                          == QDialogButtonBox.ButtonRole.AcceptRole]
                if accept:
                    accept[0].click()
            QApplication.processEvents()
            if box.result() == QDialog.DialogCode.Accepted:
                box.hide()
                return QDialog.DialogCode.Accepted
        box.hide()
        return answer

    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: audit_box(box, QMessageBox.StandardButton.No))
    monkeypatch.setattr(QDialog, "exec",
                        lambda dialog: audit_box(dialog, QDialog.DialogCode.Rejected))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    return audits, opened


@pytest.fixture
def hostile_window(qtbot, tmp_path, audited_dialogs):
    banks = corpus.build(tmp_path, big=False)
    data = tmp_path / "data"
    store = ScoreStore.open(data)
    window = MainWindow(load_library([banks]), [banks], data, store=store)
    qtbot.addWidget(window)
    window.resize(1100, 750)
    window.show()
    qtbot.waitExposed(window)
    yield window, banks
    store.close()


def answer_somehow(page) -> None:
    """Give some answer, right or wrong, so that the feedback shows every part."""
    answer = page.answer
    if isinstance(answer, TextAnswer):
        answer.edit.setText("1" if answer.edit.validator() else "<b>Correct!</b> & more")
    elif isinstance(answer, MatchAnswer):
        for combo in answer.combos.values():
            combo.setCurrentIndex(0)
    elif isinstance(answer, OrderAnswer):
        answer.move_current(1)
    elif hasattr(answer, "buttons"):
        answer.buttons[0].setChecked(True)
    elif hasattr(answer, "true_button"):
        answer.false_button.setChecked(True)


def test_no_widget_shows_bank_text_as_markup(hostile_window, qtbot, audited_dialogs,
                                             monkeypatch):
    window, banks = hostile_window
    gate = getattr(window, "teacher_gate", None)
    if gate is not None:  # the PIN is not what is audited here
        monkeypatch.setattr(gate, "require", lambda *_a, **_k: True)
    audits, opened = audited_dialogs
    hostile = [b for b in window.library.banks if b.id != corpus.GOOD_BANK_ID]
    audit = Audit(bank_strings(hostile))
    audits.append(audit)
    page = window.library_page

    # The library: every bank's row, tool tip and detail; the list of problems.
    for i in range(page.banks.topLevelItemCount()):
        page.banks.setCurrentItem(page.banks.topLevelItem(i))
        audit.walk(f"library, bank {i + 1}")

    # A quiz of every hostile bank, every question with its feedback; then the results.
    for i in range(page.banks.topLevelItemCount()):
        row = page.banks.topLevelItem(i)
        row.setCheckState(0, Qt.CheckState.Unchecked
                          if row.data(0, Qt.ItemDataRole.UserRole) == corpus.GOOD_BANK_ID
                          else Qt.CheckState.Checked)
    page.count.setValue(0)
    page.shuffle.setChecked(False)
    page.practice.setChecked(True)
    page.player.setCurrentText("<b>Ana</b> & <img src=x>")
    with qtbot.waitSignal(window.quiz_started):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz_page
    kinds = set()
    asked = 0
    while quiz.session.state is not State.FINISHED:
        item = quiz.session.current
        kinds.add(item.question.type)
        audit.walk(f"question {item.bank.id}/{item.question.id}")
        answer_somehow(quiz)
        quiz.submit()
        audit.walk(f"feedback {item.bank.id}/{item.question.id}")
        asked += 1
        if quiz.session.index + 1 >= quiz.session.total:
            with qtbot.waitSignal(quiz.finished):
                quiz.next_question()
            break
        quiz.next_question()
    assert kinds == {"single", "multiple", "true_false", "short", "numeric", "order", "match"}
    results = window.results_page
    for row in range(results.table.rowCount()):
        results.table.selectRow(row)
        audit.walk(f"results, row {row + 1}")

    # Message boxes the window opens with bank text in them.
    window.open_bank_file(banks / "markup-every-field.yaml")  # installs it: then "replace?"
    broken = banks.parent / "broken-<img src=x>.yaml"
    broken.write_text("format: 1\nid: x\ntitle: '<b>t</b>'\nas_of: 2025-09-05\n"
                      "questions: [{id: q, type: single, prompt: '<img src=\"/etc/passwd\">', "
                      "choices: ['<b>a</b>', '<i>b</i>'], answer: '<u>c</u>'}]\n",
                      encoding="utf-8")
    window.open_bank_file(broken)
    window.offer_resume()

    # Every other screen the menus reach (history, charts, shows, teacher tools...).
    for name in SCREENS:
        action = getattr(window, name, None)
        if action is not None and action.isEnabled():
            action.trigger()
            qtbot.wait(50)
            audit.walk(f"after {action.text().replace('&', '')}")
            show = getattr(window, "show_controller", None) if name == "show_action" else None
            if show is not None:  # the quiz show on the projector: a few questions, revealed
                for step in range(12):
                    show.reveal()
                    audit.walk(f"quiz show, answer {step + 1}")
                    show.toggle_team(0)
                    show.next()
                    audit.walk(f"quiz show, step {step + 1}")
                show.end_now()
                audit.walk("quiz show, the end")
                show.close()
            window.pages.setCurrentWidget(window.library_page)

    record("widgets audited for plain text", audit.checked)
    record("questions shown with hostile text", asked)
    assert any("This bank has problems" in o for o in opened), opened
    assert '<img src="/etc/passwd"><b>Markup</b> in every field' in audit.shown
    assert any(s.startswith("M1 <img") for s in audit.shown)  # a markup prompt was on screen
    assert "한국어 문제 은행: 전승절 열병식" in audit.shown
    new = [v for v in audit.violations if not any(k in v for k in KNOWN)]
    assert not new, "\n".join(new)


def test_an_ampersand_in_a_match_question_is_shown(qtbot):
    """Each left-hand side of a match question is a label; with a buddy, Qt read '&' in it as
    a shortcut marker even in plain text ('Tom & Jerry' showed as 'Tom  Jerry')."""
    from quizapp.core.loader import load_bank_text
    from quizapp.core.session import QuizSession, QuizSettings

    text = (corpus.CORPUS / "markup-ampersands.yaml").read_text(encoding="utf-8")
    bank = load_bank_text(text)
    session = QuizSession.start([bank], QuizSettings((bank.id,), shuffle=False), seed=1)
    session.submit("Tom & Jerry")
    session.advance()
    widget = MatchAnswer(session.current)
    qtbot.addWidget(widget)
    audit = Audit(bank_strings([bank]))
    audit.walk("match question", [widget])
    assert audit.violations == []


def test_a_choice_question_with_27_choices_can_be_shown(qtbot):
    """It raised IndexError (a letter for each choice); the loader now also refuses more than
    26 choices, so no bank brings them."""
    from quizapp.core.bank import Single
    from quizapp.core.session import Item
    from quizapp.gui.answers import ChoiceAnswer

    question = Single(id="q", type="single", prompt="p",  # not checked: the loader refuses it
                      choices=[f"c{i}" for i in range(27)], answer="c0")
    widget = ChoiceAnswer(Item(bank=None, question=question, choices=list(question.choices)))
    qtbot.addWidget(widget)
    assert len(widget.buttons) == 27


def test_the_walker_finds_markup_where_it_is_rendered(qtbot):
    """The audit itself: it must fail on a rich label, a raw tool tip and a custom delegate."""
    from PySide6.QtWidgets import QLabel, QListWidget, QStyledItemDelegate, QWidget

    class Painter(QStyledItemDelegate):
        pass

    root = QWidget()
    qtbot.addWidget(root)
    rich = QLabel("<b>bold bank text</b>", root)
    rich.setTextFormat(Qt.TextFormat.RichText)
    tip = QLineEdit(root)
    tip.setToolTip("<p><img src='x'>bold bank text</p>")
    view = QListWidget(root)
    view.addItem("bold bank text")
    view.setItemDelegate(Painter(view))
    combo = QComboBox(root)
    combo.addItem("bold bank text")
    audit = Audit({"<b>bold bank text</b>", "<img src='x'>bold bank text", "bold bank text"})
    audit.walk("self-test", [root])
    found = "\n".join(audit.violations)
    assert "rich label" in found or "RichText label" in found
    assert "raw bank markup in a tool tip" in found and "an image in a tool tip" in found
    assert "custom item delegate" in found

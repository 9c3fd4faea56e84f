"""Helper process for the audit-hook test: loads and shows hostile banks with an audit hook on.

    python -m tests.hostile.audit_child BANKS DATA REPORT.json

``sys.addaudithook`` records every file opened (``open``), folder listed, database opened,
process started (``subprocess.Popen``, ``os.system``, ``os.exec*``, ``os.posix_spawn``,
``os.spawn*``, ``os.fork``...) and network connection made, from the first line on. The window
is then driven through everything that shows bank text: the first load (on its worker thread)
and a reload, every bank of the library, a practice quiz over every hostile bank with every
answer and its feedback, the results, adding a bank, and the screens of the Scores, File and
Teacher menus (modal dialogs are opened and cancelled). The report lists what was recorded, by
phase; the test decides what was allowed. An audit hook cannot be removed, hence the process.
"""

from __future__ import annotations

import json
import os
import sys

EVENTS = {"open", "os.listdir", "os.scandir", "sqlite3.connect", "subprocess.Popen",
          "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
          "os.startfile", "pty.spawn", "socket.connect", "socket.getaddrinfo", "ctypes.dlopen",
          "shutil.copyfile", "os.rename", "os.remove", "os.mkdir", "os.symlink"}
RECORD: list[list] = []
STATE = {"phase": "start-up", "on": True}


def hook(event: str, args: tuple) -> None:
    if not STATE["on"] or event not in EVENTS:
        return
    first = args[0] if args else None
    if isinstance(first, int | bytes) or first is None:
        first = repr(first)
    RECORD.append([STATE["phase"], event, os.fsdecode(first) if isinstance(first, str | bytes)
                   else str(first), repr(args[1:3])[:200]])


sys.addaudithook(hook)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

PHASES: list[str] = []


def phase(name: str) -> None:
    STATE["phase"] = name
    PHASES.append(name)


def main(banks: Path, data: Path, report: Path) -> int:
    app = QApplication.instance() or QApplication([])
    QMessageBox.exec = lambda box: QMessageBox.StandardButton.No
    QDialog.exec = lambda dialog: QDialog.DialogCode.Rejected
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: ("", ""))
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: ("", ""))
    QInputDialog.getText = staticmethod(lambda *a, **k: ("", False))

    from quizapp.core.loader import Library, load_library
    from quizapp.core.session import State
    from quizapp.core.store import ScoreStore
    from quizapp.gui.main_window import MainWindow
    from tests.hostile.test_plaintext import answer_somehow

    phase("load")
    library = load_library([banks])
    phase("window")
    store = ScoreStore.open(data)
    window = MainWindow(Library(), [banks], data, store=store)
    window.resize(1100, 750)
    window.show()
    phase("load on the worker thread")
    done = []
    window.library_reloaded.connect(lambda: done.append(1))
    window.load_in_background()
    while not done:
        app.processEvents()
    phase("reload")
    window.reload_library()
    page = window.library_page
    phase("library")
    for i in range(page.banks.topLevelItemCount()):
        page.banks.setCurrentItem(page.banks.topLevelItem(i))
        app.processEvents()
    phase("quiz")
    for i in range(page.banks.topLevelItemCount()):
        page.banks.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
    page.count.setValue(0)
    page.shuffle.setChecked(False)
    page.player.setCurrentText("Ana")
    page.start_button.click()
    quiz = window.quiz_page
    shown = 0
    while quiz.session is not None and quiz.session.state is not State.FINISHED:
        answer_somehow(quiz)
        quiz.submit()
        app.processEvents()
        shown += 1
        quiz.next_question()
        app.processEvents()
    phase("results")
    results = window.results_page
    for row in range(results.table.rowCount()):
        results.table.selectRow(row)
        app.processEvents()
    phase("add a bank")
    window.open_bank_file(banks / "unicode-korean.yaml")
    phase("menus")
    gate = getattr(window, "teacher_gate", None)
    if gate is not None:
        gate.require = lambda *_a, **_k: True
    for name in ("history_action", "progress_action", "past_shows_action", "players_action",
                 "show_action", "teacher_action", "about_action"):
        action = getattr(window, name, None)
        if action is not None and action.isEnabled():
            phase(f"menu: {name}")
            action.trigger()
            for _ in range(5):
                app.processEvents()
            window.pages.setCurrentWidget(window.library_page)
    phase("close")
    window.close()
    store.close()
    QCoreApplication.processEvents()
    STATE["on"] = False
    children = []
    if sys.platform.startswith("linux"):
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            children += (task / "children").read_text().split()
    report.write_text(json.dumps({"record": RECORD, "questions": shown, "phases": PHASES,
                                  "loaded": len(library.banks),
                                  "failures": len(library.failures),
                                  "children": children}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))

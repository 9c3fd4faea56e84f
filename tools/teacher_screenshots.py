"""Render the teacher tools to PNG from the real app, with a made-up class of twelve:
``python tools/teacher_screenshots.py [OUT]`` (default ``docs/screenshots``). Runs offscreen.

The class, its roster (accents, Korean names, nicknames) and its quizzes are invented and
recorded through the real session and score store; the PIN dialog is skipped.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import shown_window  # noqa: E402 - beside this script in tools/

from quizapp.core import paths, recording  # noqa: E402
from quizapp.core.loader import load_library  # noqa: E402
from quizapp.core.roster import parse_roster  # noqa: E402
from quizapp.core.session import Mode, QuizSession, QuizSettings  # noqa: E402
from quizapp.core.store import ScoreStore  # noqa: E402
from quizapp.gui.main_window import MainWindow  # noqa: E402
from quizapp.gui.teacher import pin as pin_module  # noqa: E402

ROSTER = """\
Name,Nickname
José García,Pepe
Zoë Müller,
김민준,민준이
이서연,
François Lefèvre,Franck
Nguyễn Văn An,An
박지후,지후
Łukasz Żółć,
Amara Okafor,
Liam O'Brien,
Sofia Rossi,
Mei Chen,
"""


def take_quiz(store: ScoreStore, player_id: int, banks, mode: Mode, seed: int,
              skill: float, rng: random.Random) -> None:
    """A finished quiz: each question right with probability ``skill``, else a wrong pick."""
    session = QuizSession.start(banks, QuizSettings(tuple(b.id for b in banks), count=12,
                                                    mode=mode), seed)
    attempt = recording.begin(store, player_id, session)
    for item in list(session.items):
        q = item.question
        right = rng.random() < skill
        if q.type == "single":
            response = q.answer if right else rng.choice([c for c in q.choices if c != q.answer])
        elif q.type == "multiple":
            response = list(q.answer) if right else [c for c in q.choices if c not in q.answer]
        elif q.type == "true_false":
            response = q.answer if right else not q.answer
        elif q.type == "short":
            response = q.answer[0] if right else "not sure"
        elif q.type == "numeric":
            response = str(q.answer if right else q.answer + 7)
        elif q.type == "order":
            response = list(q.items) if right else list(reversed(q.items))
        else:
            response = dict(q.pairs) if right else {k: "?" for k in q.pairs}
        item.seconds = 0.0
        session.submit(response)
        item.seconds = rng.uniform(6, 40)
        recording.record(store, attempt.id, item)
        session.advance()
    store.finish_attempt(attempt.id)


def main(out: Path, size=(1366, 768)) -> None:
    app = QApplication.instance() or QApplication([])
    data = Path(tempfile.mkdtemp(prefix="quizapp-teacher-shots-"))
    folders = [paths.bundled_banks_dir()]
    library = load_library(folders)
    store = ScoreStore.open(data, daily_backup=False)
    year10 = store.add_class("Year 10 current affairs")
    store.add_class("Year 9 B")
    store.import_roster(year10.id, parse_roster(ROSTER).entries)
    rng = random.Random(7)
    banks = library.banks
    for n, student in enumerate(store.class_members(year10.id)):
        skill = 0.35 + 0.55 * rng.random()
        take_quiz(store, student.id, banks[:1], Mode.EXAM, n, skill, rng)
        if n % 4:
            take_quiz(store, student.id, banks[1:2], Mode.EXAM, n, skill, rng)
        if n % 3 == 0:
            take_quiz(store, student.id, banks[:1], Mode.PRACTICE, 100 + n, skill + 0.2, rng)
    window = MainWindow(library, folders, data, store=store)
    shot = shown_window(app, window, out, size)
    pin_module.run_pin_dialog = lambda *_args: True  # the teacher typed the PIN
    window.show_teacher_tools()
    page = window.teacher_page
    page.show_tab(page.CLASSES)
    shot("teacher-classes")
    page.show_tab(page.RESULTS)
    student = store.class_members(year10.id)[2]
    page.results.select_cell(student.id, 2)
    shot("teacher-results")
    page.show_tab(page.QUESTIONS)
    page.items.choose(class_id=year10.id, quizzes="exam")
    page.items.table.sortByColumn(page.items.model.DISCRIMINATION, Qt.SortOrder.AscendingOrder)
    page.items.table.selectRow(0)
    shot("teacher-questions")
    window.close()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))

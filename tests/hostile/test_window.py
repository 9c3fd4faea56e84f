"""The hostile corpus through the real main window (promise 2): the good banks stay usable,
every bad file is listed with its file, line and reason, nothing crashes, and the window stays
responsive (a 50 ms heartbeat never stalls past 200 ms) while the library loads or reloads.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from quizapp.core.loader import Library, load_library
from quizapp.core.store import ScoreStore
from quizapp.gui import dialogs
from quizapp.gui.main_window import MainWindow
from tests.hostile import corpus
from tests.hostile.corpus import Fails, Loads
from tests.hostile.figures import record

BEAT_MS = 50
STALL_MS = 200


class Heartbeat:
    """A timer that notes when it fires; ``worst`` is the longest gap between two beats."""

    def __init__(self):
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())

    def __enter__(self) -> Heartbeat:
        self.beats = [time.perf_counter()]
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self._beat()

    @property
    def worst_ms(self) -> float:
        gaps = [b - a for a, b in zip(self.beats, self.beats[1:], strict=False)]
        return max(gaps, default=0) * 1000


@pytest.fixture
def quiet_dialogs(monkeypatch):
    """Modal questions answered yes; messages recorded instead of shown."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "ask", lambda _p, title, text: said.append((title, text))
                        or True)
    monkeypatch.setattr(dialogs, "inform", lambda _p, t, x, d="": said.append((t, x + d)))
    monkeypatch.setattr(dialogs, "warn", lambda _p, t, x, d="": said.append((t, x + d)))
    return said


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-window")
    corpus.build(root)
    return root


@pytest.fixture
def window_over(qtbot, tmp_path, quiet_dialogs):
    """The real main window over a folder of banks, with a score store."""
    stores: list[ScoreStore] = []

    def make(banks: Path, *, library: Library | None = None) -> MainWindow:
        data = tmp_path / "data"
        store = ScoreStore.open(data)
        stores.append(store)
        folders = [banks]
        window = MainWindow(load_library(folders) if library is None else library, folders,
                            data, store=store)
        qtbot.addWidget(window)
        window.resize(1100, 750)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for store in stores:
        store.close()


def settle() -> None:
    """Let windows closed by earlier tests be deleted."""
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def problem_lines(window: MainWindow) -> list[str]:
    problems = window.library_page.problems
    return [problems.item(i).text() for i in range(problems.count())]


def test_good_banks_load_and_every_bad_file_is_listed_with_file_line_and_reason(
        window_over, hostile_root, qtbot):
    banks = hostile_root / "banks"
    table = corpus.expected(banks)
    window = window_over(banks)
    tree = window.library_page.banks
    titles = {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole):
              tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())}
    loaded = {b.path.name: b for b in window.library.banks}
    assert set(loaded) == {n for n, o in table.items() if isinstance(o, Loads)}
    for bank in loaded.values():
        assert titles[bank.id].endswith(bank.title)  # literally, with a stale mark at most
    lines = problem_lines(window)
    assert window.library_page.problems.isVisibleTo(window)
    for name, outcome in table.items():
        if not isinstance(outcome, Fails):
            continue
        path = banks / name
        mine = [line for line in lines if line.startswith(f"{path}:")]
        assert mine, f"{name} is not listed"
        where = f"{path}:{outcome.line}:" if outcome.line is not None else f"{path}: "
        assert any(line.startswith(where) and outcome.fragment in line for line in mine), \
            (name, mine[:3])
        assert len(mine) <= 101
    assert len(lines) < 30 * len(table)  # a bounded list, even for a million bad keys
    record("files in the hostile folder shown by the window", len(table), add=False)


def test_the_good_bank_is_usable_among_the_hostile_ones(window_over, hostile_root, qtbot):
    window = window_over(hostile_root / "banks")
    page = window.library_page
    for i in range(page.banks.topLevelItemCount()):  # only the good bank
        row = page.banks.topLevelItem(i)
        row.setCheckState(0, Qt.CheckState.Checked
                          if row.data(0, Qt.ItemDataRole.UserRole) == corpus.GOOD_BANK_ID
                          else Qt.CheckState.Unchecked)
    page.count.setValue(0)
    page.player.setCurrentText("Ana")
    with qtbot.waitSignal(window.quiz_started):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz_page
    assert quiz.session.total == 7
    assert {item.bank.id for item in quiz.session.items} == {corpus.GOOD_BANK_ID}
    with qtbot.waitSignal(quiz.finished, timeout=10_000):
        for _ in range(quiz.session.total):
            quiz.submit()
            quiz.next_question()
    assert window.pages.currentWidget() is window.results_page
    assert len(window.store.answers(window.attempt.id)) == 7


def test_the_window_stays_responsive_while_banks_load_in_the_background(window_over,
                                                                         hostile_root, qtbot):
    settle()  # windows of earlier tests gone: one window, as at start-up
    window = window_over(hostile_root / "banks", library=Library())
    qtbot.wait(100)  # its first paint done, as the app starts loading after showing
    with Heartbeat() as beat, qtbot.waitSignal(window.library_reloaded, timeout=60_000):
        window.load_in_background()
    qtbot.wait(2 * BEAT_MS)
    assert window.library.bank(corpus.GOOD_BANK_ID) is not None
    assert len(window.library.failures) > 50
    record("worst heartbeat gap, background load (ms)", round(beat.worst_ms), add=False)
    assert beat.worst_ms <= STALL_MS, f"the window froze for {beat.worst_ms:.0f} ms"


@pytest.mark.parametrize("how", ["menu", "file watcher"])
def test_the_window_stays_responsive_while_banks_reload(window_over, hostile_root, qtbot,
                                                         how):
    banks = hostile_root / "banks"
    settle()
    window = window_over(banks)
    qtbot.wait(100)
    with Heartbeat() as beat, qtbot.waitSignal(window.library_reloaded, timeout=60_000):
        if how == "menu":
            window.reload_action.trigger()
        else:
            good = banks / "good-control-bank.yaml"
            good.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    qtbot.wait(2 * BEAT_MS)
    assert window.library.bank(corpus.GOOD_BANK_ID) is not None
    record(f"worst heartbeat gap, reload from the {how} (ms)", round(beat.worst_ms), add=False)
    assert beat.worst_ms <= STALL_MS, f"the window froze for {beat.worst_ms:.0f} ms"

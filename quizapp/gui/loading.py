"""Loading the banks on a worker thread, so the window is there at once.

Signals:
    progressed(int, int): file number and total, as each file starts.
    loaded(Library): every bank read; bad files listed in ``failures``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

from quizapp.core.library import Library

if TYPE_CHECKING:
    from quizapp.core.cache import BankCache


PROGRESS_EVERY_S = 0.05  # the window is told at most this often (and of the last file)


class _Worker(QThread):
    """Reads the banks in ``run``; it has no event loop, so waiting for it never hangs."""

    progressed = Signal(int, int)
    loaded = Signal(object)

    def __init__(self, folders: list[Path], cache: BankCache | None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.folders = folders
        self.cache = cache
        self._shown_at = 0.0  # when the window was last told of the progress

    def _progress(self, number: int, total: int) -> None:
        """Each signal wakes the window's thread, which then waits for this one to hand over
        the interpreter: telling it of every one of 500 cached banks slowed reading them."""
        now = time.monotonic()
        if number in (1, total) or now - self._shown_at >= PROGRESS_EVERY_S:
            self._shown_at = now
            self.progressed.emit(number, total)

    def run(self) -> None:
        try:
            # Imported here, on this thread: the YAML reader and the bank classes are not
            # needed before the window is first painted.
            from quizapp.core.loader import load_library

            library = load_library(self.folders, cache=self.cache, progress=self._progress,
                                   keep=True)  # the window's banks: see main_window._settle
        except Exception:  # load_library lists bad files itself; this is a last resort
            library = Library()
        self.loaded.emit(library)


class BackgroundLoader(QObject):
    progressed = Signal(int, int)
    loaded = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._worker: _Worker | None = None
        self._again: tuple[list[Path], BankCache | None] | None = None

    def start(self, folders: list[Path], cache: BankCache | None) -> None:
        """Read the banks; asked again while reading, read once more when done."""
        if self._worker is not None and self._worker.isRunning():
            self._again = (list(folders), cache)
            return
        self._worker = _Worker(list(folders), cache, self)
        self._worker.progressed.connect(self.progressed)
        self._worker.loaded.connect(self._on_worker_loaded)
        self._worker.start()

    def _on_worker_loaded(self, library: Library) -> None:
        self._worker.wait()
        if self._again is not None:
            folders, cache = self._again
            self._again = None
            self.start(folders, cache)
            return
        self.loaded.emit(library)

    def wait(self) -> None:
        """Block until the banks are read (at once when they are)."""
        if self._worker is not None:
            self._worker.wait()

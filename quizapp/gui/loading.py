"""Loading the banks on a worker thread, so the window is there at once.

Signals:
    progressed(int, int): file number and total, as each file starts.
    loaded(Library): every bank read; bad files listed in ``failures``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from quizapp.core.cache import BankCache
from quizapp.core.loader import Library, load_library


class _Worker(QObject):
    progressed = Signal(int, int)
    loaded = Signal(object)

    def __init__(self, folders: list[Path], cache: BankCache | None):
        super().__init__()
        self.folders = folders
        self.cache = cache

    def run(self) -> None:
        try:
            library = load_library(self.folders, cache=self.cache,
                                   progress=self.progressed.emit)
        except Exception:  # load_library lists bad files itself; this is a last resort
            library = Library()
        self.loaded.emit(library)


class BackgroundLoader(QObject):
    progressed = Signal(int, int)
    loaded = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def start(self, folders: list[Path], cache: BankCache | None) -> None:
        self._thread = QThread(self)
        self._worker = _Worker(list(folders), cache)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.loaded.connect(self._on_worker_loaded)
        self._thread.start()

    def _on_worker_loaded(self, library: Library) -> None:
        self._thread.quit()
        self._thread.wait()
        self._worker.deleteLater()
        self._worker = None
        self.loaded.emit(library)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.wait()

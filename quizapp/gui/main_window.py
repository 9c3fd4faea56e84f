"""The main window: library and setup, the quiz, the results; menus; reloading banks."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QStackedWidget, QWidget

from quizapp import __version__
from quizapp.core import paths
from quizapp.core.library import BankError, Library
from quizapp.core.store import StoreError
from quizapp.gui import dialogs
from quizapp.gui.library_page import LibraryPage
from quizapp.gui.loading import BackgroundLoader
from quizapp.gui.prefs import Prefs
from quizapp.gui.theme import apply_theme

if TYPE_CHECKING:
    from quizapp.core.cache import BankCache
    from quizapp.core.session import QuizSession, QuizSettings
    from quizapp.core.store import Attempt, ScoreStore
    from quizapp.gui.quiz_page import QuizPage
    from quizapp.gui.results_page import ResultsPage
    from quizapp.gui.teacher.pin import PinGate

# What the first paint does not need is imported where it is used: the store (SQLAlchemy), the
# bank classes, sessions and the quiz screens (docs/performance.md; tests/gui/test_startup.py).

RELOAD_DELAY_MS = 300


def _settle(library: Library) -> None:
    """Banks live as long as the window: take them out of the cycle collector's sight.

    With 10,000 questions loaded the collector otherwise walks about a million objects again
    and again, and an answer takes three times as long to show (benchmarks/bench_latency.py).
    Bank objects hold no cycles, so reference counting still frees them after a reload.
    """
    if library.banks:
        gc.freeze()


def _opened_by(window: QWidget, page: QWidget) -> bool:
    """Whether ``window`` (a dialog) was opened from ``page``: one of its parents is."""
    parent = window.parentWidget()
    while parent is not None:
        if parent is page:
            return True
        parent = parent.parentWidget()
    return False


class MainWindow(QMainWindow):
    """Signals:
        library_reloaded(): the banks were read again from disk.
        quiz_started(): a quiz began (new, retry or resumed).
    """

    library_reloaded = Signal()
    quiz_started = Signal()

    def __init__(self, library: Library, folders: list[Path], data_dir: Path, *,
                 store: ScoreStore | None = None,
                 loader: Callable[..., Library] | None = None,
                 cache: BankCache | None = None,
                 today: dt.date | None = None):
        super().__init__()
        self.setWindowTitle(self.tr("QuizApp"))
        self.setWindowIcon(QIcon(str(paths.assets_dir() / "icons" / "quizapp.svg")))
        self.library = library
        self.folders = folders
        self.data_dir = data_dir
        self.user_banks = paths.user_banks_dir(data_dir)
        self._loader = loader
        self.cache = cache
        self.background = BackgroundLoader(self)
        self.prefs = Prefs(data_dir)
        self.store = store
        # Opens the store now, when a quiz starts before the start-up has opened it (app.run).
        self.store_opener: Callable[[], None] | None = None
        self.session: QuizSession | None = None
        self.attempt: Attempt | None = None
        self.player_name = ""

        self.pages = QStackedWidget()
        self.library_page = LibraryPage(today=today)
        self.pages.addWidget(self.library_page)
        self._quiz_page: QuizPage | None = None
        self._results_page: ResultsPage | None = None
        self.setCentralWidget(self.pages)

        self.watcher = QFileSystemWatcher(self)
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_DELAY_MS)

        self._build_menus()
        self._connect_signals()
        self.library_page.set_library(library)
        if library.banks:  # else when the banks are in (_on_background_loaded)
            self.library_page.apply_settings(self.prefs.last_setup)
        self._show_players()
        self._enable_store_actions()
        self.history_page = None
        self.progress_page = None
        self._watch()
        _settle(library)
        self.apply_look()
        geometry = self.prefs.geometry
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)

    # --- building ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open bank file…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.folder_action = QAction(self.tr("Open banks &folder"), self)
        self.reload_action = QAction(self.tr("&Reload banks"), self)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.open_action, self.folder_action, self.reload_action):
            menu.addAction(action)
        menu.addSeparator()
        self.show_action = QAction(self.tr("Start a quiz &show…"), self)
        self.show_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.past_shows_action = QAction(self.tr("&Past quiz shows…"), self)
        menu.addAction(self.show_action)
        menu.addAction(self.past_shows_action)
        menu.addSeparator()
        self.moodle_action = QAction(self.tr("Export banks for &Moodle…"), self)
        menu.addAction(self.moodle_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

        view = self.menuBar().addMenu(self.tr("&View"))
        self.bigger_action = QAction(self.tr("&Bigger text"), self)
        self.bigger_action.setShortcuts([QKeySequence.StandardKey.ZoomIn,
                                         QKeySequence("Ctrl+=")])
        self.smaller_action = QAction(self.tr("&Smaller text"), self)
        self.smaller_action.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.reset_size_action = QAction(self.tr("&Normal text size"), self)
        self.reset_size_action.setShortcut(QKeySequence("Ctrl+0"))
        self.contrast_action = QAction(self.tr("&High contrast"), self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setChecked(self.prefs.high_contrast)
        for action in (self.bigger_action, self.smaller_action, self.reset_size_action):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.contrast_action)

        scores = self.menuBar().addMenu(self.tr("&Scores"))
        self.history_action = QAction(self.tr("&History"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.progress_action = QAction(self.tr("&Progress charts"), self)
        self.progress_action.setShortcut(QKeySequence("Ctrl+G"))
        self.players_action = QAction(self.tr("P&layers…"), self)
        self.export_quizzes_action = QAction(self.tr("Export &quizzes to CSV…"), self)
        self.export_answers_action = QAction(self.tr("Export &answers to CSV…"), self)
        self.check_action = QAction(self.tr("&Check database"), self)
        self.backup_action = QAction(self.tr("&Back up now"), self)
        self.restore_action = QAction(self.tr("&Restore from backup…"), self)
        for action in (self.history_action, self.progress_action, self.players_action, None,
                       self.export_quizzes_action, self.export_answers_action, None,
                       self.check_action, self.backup_action, self.restore_action):
            if action is None:
                scores.addSeparator()
            else:
                scores.addAction(action)
        self.store_actions = [a for a in scores.actions() if not a.isSeparator()]
        self._build_teacher_menu()

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About QuizApp"), self)
        help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.library_page.start_requested.connect(self._on_library_start_requested)
        self.library_page.review_requested.connect(self._on_library_review_requested)
        self.library_page.open_file_requested.connect(self._on_open_file)
        self.library_page.open_folder_requested.connect(self._on_open_folder)
        self.open_action.triggered.connect(self._on_open_file)
        self.folder_action.triggered.connect(self._on_open_folder)
        self.reload_action.triggered.connect(self.reload_library)
        self.quit_action.triggered.connect(self.close)
        self.show_action.triggered.connect(self._on_show_triggered)
        self.moodle_action.triggered.connect(self._on_moodle_triggered)
        self.past_shows_action.triggered.connect(self._on_past_shows_triggered)
        self.bigger_action.triggered.connect(self._on_bigger_triggered)
        self.smaller_action.triggered.connect(self._on_smaller_triggered)
        self.reset_size_action.triggered.connect(self._on_reset_size_triggered)
        self.contrast_action.toggled.connect(self._on_contrast_toggled)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.history_action.triggered.connect(self.show_history)
        self.progress_action.triggered.connect(self.show_progress)
        self.players_action.triggered.connect(self._on_players_triggered)
        self.export_quizzes_action.triggered.connect(self._on_export_quizzes_triggered)
        self.export_answers_action.triggered.connect(self._on_export_answers_triggered)
        self.check_action.triggered.connect(self._on_check_triggered)
        self.backup_action.triggered.connect(self._on_backup_triggered)
        self.restore_action.triggered.connect(self._on_restore_triggered)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        self.watcher.fileChanged.connect(self._on_watcher_changed)
        self.reload_timer.timeout.connect(self.reload_library)
        self.background.progressed.connect(self._on_background_progressed)
        self.background.loaded.connect(self._on_background_loaded)

    @property
    def quiz_page(self) -> QuizPage:
        """The quiz screen, built when first needed."""
        if self._quiz_page is None:
            from quizapp.gui.quiz_page import QuizPage

            self._quiz_page = QuizPage()
            self.pages.addWidget(self._quiz_page)
            self._quiz_page.answered.connect(self._on_quiz_answered)
            self._quiz_page.finished.connect(self._on_quiz_finished)
            self._quiz_page.left.connect(self._on_quiz_left)
        return self._quiz_page

    @property
    def results_page(self) -> ResultsPage:
        """The results screen, built when first needed."""
        if self._results_page is None:
            from quizapp.gui.results_page import ResultsPage

            self._results_page = ResultsPage()
            self.pages.addWidget(self._results_page)
            self._results_page.retry_requested.connect(self._on_results_retry_requested)
            self._results_page.new_quiz_requested.connect(self._on_results_new_quiz_requested)
        return self._results_page

    # --- banks -------------------------------------------------------------------------------

    def _watch(self) -> None:
        watched = self.watcher.directories() + self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        wanted = [str(f) for f in self.folders if f.is_dir()]
        wanted += [str(b.path) for b in self.library.banks if b.path]
        wanted += [str(p) for p in self.library.failures]
        if wanted:
            self.watcher.addPaths(wanted)

    def reload_library(self) -> None:
        """Read every bank again, off the GUI thread; ``library_reloaded`` says when.
        A quiz in progress keeps the questions it has."""
        self.background.start(self.folders, self.cache)

    def load_in_background(self) -> None:
        """Read the banks on a worker thread; ``library_reloaded`` says when they are in."""
        self.library_page.show_loading(0, 0)
        self.background.start(self.folders, self.cache)

    def _set_library(self, library: Library) -> None:
        _settle(library)
        self.library = library
        self.library_page.set_library(library)
        self._watch()
        self.library_reloaded.emit()

    def _on_background_progressed(self, number: int, total: int) -> None:
        self.library_page.show_loading(number, total)

    def _on_background_loaded(self, library: Library) -> None:
        # Settled already: the worker loaded it with keep=True.
        first = not self.library.banks and not self.library.failures
        self.library = library
        self.library_page.set_library(library)
        if first:
            self.library_page.apply_settings(self.prefs.last_setup)
        self._watch()
        self.library_reloaded.emit()

    def attach_store(self, store: ScoreStore | None) -> None:
        """Use this score store from now on (it is opened once the window is up)."""
        self.store = store
        self.store_opener = None  # tried once: a store that failed is not tried again
        self._show_players()
        self._enable_store_actions()

    def _enable_store_actions(self) -> None:
        for action in self.store_actions:
            action.setEnabled(self.store is not None)

    def _on_watcher_changed(self, _path: str) -> None:
        self.reload_timer.start()  # editors write in several steps: wait for quiet

    def _on_open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open bank file"), str(Path.home()),
                                              self.tr("Question banks (*.yaml *.yml)"))
        if name:
            self.open_bank_file(Path(name))

    def open_bank_file(self, path: Path) -> None:
        """Check a bank and add it to the user's banks folder."""
        from quizapp.core.loader import install_bank, load_library

        try:
            try:
                target = install_bank(path, self.user_banks)
            except FileExistsError:
                if not dialogs.ask(self, self.tr("Replace bank?"),
                                   self.tr("Your banks folder already has a different file "
                                           "named %1. Replace it?").replace("%1", path.name)):
                    return
                target = install_bank(path, self.user_banks, replace=True)
        except BankError as exc:
            dialogs.warn(self, self.tr("This bank has problems"),
                         self.tr("%1 could not be added. Fix these problems and try again:")
                         .replace("%1", path.name),
                         "\n".join(str(p) for p in exc.problems[:20]))
            return
        except OSError as exc:
            dialogs.warn(self, self.tr("Could not add the bank"), str(exc))
            return
        if self.user_banks not in self.folders:
            self.folders.append(self.user_banks)
        self._set_library((self._loader or load_library)(self.folders, cache=self.cache))
        bank = next((b for b in self.library.banks if b.path == target), None)
        if bank is not None:
            self.library_page.set_bank_checked(bank.id, True)

    def _on_open_folder(self) -> None:
        self.user_banks.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.user_banks)))

    # --- the quiz ----------------------------------------------------------------------------

    def _show_players(self) -> None:
        if self.store is None:
            self.library_page.set_players(self.prefs.players, self.prefs.last_player)
            return
        names, current = self._player_choices()  # the class chosen for this computer
        self.library_page.set_players(names, current)

    def start_quiz(self, settings: QuizSettings, player: str, *, seed: int | None = None) -> None:
        if not self._named(player):
            return
        from quizapp.core.session import NoQuestions, QuizSession

        try:
            session = QuizSession.start(self.library.banks, settings, seed)
        except NoQuestions:
            dialogs.inform(self, self.tr("No questions"),
                           self.tr("No question matches the chosen banks, tags and difficulty."))
            return
        self.prefs.last_setup = settings.as_dict()
        self._begin(session, player)

    def start_review(self, settings: QuizSettings, player: str, *,
                     seed: int | None = None, now: dt.datetime | None = None) -> None:
        """A practice quiz of the player's questions due for review (quizapp.core.spaced),
        from the ticked banks, at most ``settings.count`` of them."""
        if not self._named(player):
            return
        self._store_now()
        title = self.tr("Review what is due")
        if self.store is None:
            dialogs.inform(self, title, self.tr("Reviews are made from your stored answers, "
                                                "and the score database cannot be used."))
            return
        from dataclasses import replace

        from quizapp.core import spaced
        from quizapp.core.session import Mode

        banks = [b for b in self.library.banks if b.id in set(settings.bank_ids)]
        try:
            found = self.store.find_player(player)
            log = self.store.iter_answer_log(found.id) if found is not None else None
            try:
                due = spaced.due_questions(log or (), banks, now)
            finally:
                if log is not None:
                    log.close()
        except (StoreError, ValueError) as exc:
            dialogs.warn(self, title, self.tr("Your answers could not be read."), str(exc))
            return
        if not due:
            dialogs.inform(self, title, self.tr(
                "Nothing is due for review in the ticked banks, %1. Questions you answer come "
                "back here when it is time to see them again: a wrong answer the next day, a "
                "right one after a few days.").replace("%1", player))
            return
        review = replace(settings, bank_ids=tuple(dict.fromkeys(d.bank.id for d in due)),
                         tags=(), difficulties=(), mode=Mode.PRACTICE, review=True)
        self._begin(spaced.review_session(due, review, seed), player)

    def _named(self, player: str) -> bool:
        """A quiz needs a player's name: ask for one when the box is empty."""
        if player:
            return True
        dialogs.inform(self, self.tr("Who is playing?"),
                       self.tr("Type your name or pick it from the list first, so your "
                               "scores are kept under it."))
        self.library_page.player.setFocus()
        return False

    def _begin(self, session: QuizSession, player: str) -> None:
        """Record the quiz for the player (or resume their unfinished one) and show it."""
        from quizapp.core import recording

        self.player_name = player
        self.prefs.remember_player(player)
        self._store_now()
        if self.store is not None:
            try:
                player_row = recording.player_named(self.store, player)
                self.store.set_setting("last_player", player_row.name)
                if self.offer_resume(player_row.id):
                    return
                self.attempt = recording.begin(self.store, player_row.id, session)
            except (StoreError, ValueError) as exc:
                self._store_failed(exc)
                self.attempt = None
        self._run(session)

    def _store_now(self) -> None:
        """A quiz or a show starts before the start-up opened the store: open it now, so that
        nothing runs unrecorded because the click was quick."""
        if self.store is None and self.store_opener is not None:
            self.store_opener()

    def offer_resume(self, player_id: int | None = None) -> bool:
        """If the player left a quiz unfinished, offer to resume it (or abandon it).
        Return True when a quiz was resumed."""
        if self.store is None:
            return False
        from quizapp.core import recording
        from quizapp.core.session import NoQuestions, State

        try:
            if player_id is None:
                name = self.store.get_setting("last_player")
                player = self.store.find_player(name) if name else None
                if player is None:
                    return False
                player_id = player.id
            attempt = self.store.unfinished_attempt(player_id)
            if attempt is None:
                return False
            player = self.store.player(player_id)
            answered = len(self.store.answers(attempt.id))
            started = attempt.started_at.astimezone().strftime("%d %B %Y, %H:%M")
            if not dialogs.ask(self, self.tr("Resume your quiz?"),
                               self.tr("%1, you have a quiz from %2 that is not finished "
                                       "(%3 of %4 questions answered). Resume it where you "
                                       "stopped? Choose No to give it up.")
                               .replace("%1", player.name).replace("%2", started)
                               .replace("%3", str(answered))
                               .replace("%4", str(len(attempt.question_keys)))):
                self.store.abandon_attempt(attempt.id)
                return False
            try:
                session = recording.resume(self.store, self.library.banks, attempt)
            except NoQuestions:
                self.store.abandon_attempt(attempt.id)
                dialogs.inform(self, self.tr("Cannot resume"),
                               self.tr("The questions of that quiz are no longer in the "
                                       "banks, so it was given up."))
                return False
        except StoreError as exc:
            self._store_failed(exc)
            return False
        self.attempt = attempt
        self.player_name = player.name
        if session.state is State.FINISHED:  # every question was answered before the stop
            self.session = session
            self._on_quiz_finished()
            self.pages.setCurrentWidget(self.results_page)
            return True
        self._run(session)
        return True

    def _run(self, session: QuizSession) -> None:
        self.session = session
        self.pages.setCurrentWidget(self.quiz_page)
        self.quiz_page.start(session)
        self.quiz_started.emit()

    def _store_failed(self, exc: Exception) -> None:
        dialogs.warn(self, self.tr("Scores could not be saved"),
                     self.tr("QuizApp could not write to its score database. The quiz goes "
                             "on, but this answer may not be kept."), str(exc))

    def _on_library_start_requested(self, settings: QuizSettings, player: str) -> None:
        self.start_quiz(settings, self._player_from_choice(player))

    def _on_library_review_requested(self, settings: QuizSettings, player: str) -> None:
        self.start_review(settings, self._player_from_choice(player))

    def _on_quiz_answered(self, item) -> None:
        """Store the answer before the screen acknowledges it."""
        if self.store is None or self.attempt is None:
            return
        from quizapp.core import recording

        try:
            recording.record(self.store, self.attempt.id, item)
        except (StoreError, ValueError) as exc:
            self._store_failed(exc)

    def _on_quiz_finished(self) -> None:
        if self.store is not None and self.attempt is not None:
            try:
                self.store.finish_attempt(self.attempt.id)
            except StoreError as exc:
                self._store_failed(exc)
            self._refresh_score_pages()
        self.results_page.show_session(self.session)
        self.pages.setCurrentWidget(self.results_page)

    def _on_quiz_left(self) -> None:
        self.pages.setCurrentWidget(self.library_page)

    def _on_results_retry_requested(self) -> None:
        from quizapp.core import recording
        from quizapp.core.session import NoQuestions

        try:
            session = self.session.retry_missed()
        except NoQuestions:
            return
        if self.store is not None and self.attempt is not None:
            try:
                self.attempt = recording.begin(self.store, self.attempt.player_id, session)
            except StoreError as exc:
                self._store_failed(exc)
                self.attempt = None
        self._run(session)

    def _on_results_new_quiz_requested(self) -> None:
        self.pages.setCurrentWidget(self.library_page)

    # --- the quiz show ---------------------------------------------------------------------

    def _on_show_triggered(self) -> None:
        """A classroom quiz show on the projector (see docs/quiz-show.md)."""
        if not self._no_quiz_running():
            return
        from quizapp.gui.show import start_show

        self._store_now()
        self.show_controller = start_show(
            self, self.library, self.store,
            selected_bank_ids=self.library_page.selected_bank_ids())

    def _on_moodle_triggered(self) -> None:
        """The ticked banks as a Moodle XML file (docs/moodle.md)."""
        from quizapp.gui import data_actions

        ids = set(self.library_page.selected_bank_ids())
        data_actions.export_moodle(self, [b for b in self.library.banks if b.id in ids])

    def _on_past_shows_triggered(self) -> None:
        from quizapp.gui.show import past_shows

        past_shows(self, self.store, self.library)

    # --- scores ------------------------------------------------------------------------------

    def _current_player_id(self) -> int | None:
        name = self._player_from_choice(self.library_page.player.currentText()) \
            or self.player_name
        player = self.store.find_player(name) if self.store is not None and name else None
        return player.id if player else None

    def show_history(self) -> None:
        if self.store is None or not self._no_quiz_running():
            return
        from quizapp.gui.history import HistoryPage

        if self.history_page is None:
            self.history_page = HistoryPage(self.store, self.library.banks)
            self.history_page.review_requested.connect(self._on_history_review_requested)
            self.history_page.closed.connect(self._on_page_closed)
            self.pages.addWidget(self.history_page)
        self.history_page.set_banks(self.library.banks)
        self.history_page.set_player(self._current_player_id())
        self.history_page.refresh()
        self.pages.setCurrentWidget(self.history_page)

    def show_progress(self) -> None:
        if self.store is None or not self._no_quiz_running():
            return
        from quizapp.gui.progress import ProgressPage

        if self.progress_page is None:
            self.progress_page = ProgressPage(self.store, self.library.banks)
            self.progress_page.closed.connect(self._on_page_closed)
            self.pages.addWidget(self.progress_page)
        self.progress_page.set_banks(self.library.banks)
        self.progress_page.set_player(self._current_player_id())
        self.progress_page.refresh()
        self.pages.setCurrentWidget(self.progress_page)

    def _no_quiz_running(self) -> bool:
        """Leave a running quiz first (it stays resumable)."""
        if self._quiz_page is None or self.pages.currentWidget() is not self._quiz_page:
            return True
        self._quiz_page.leave()
        return self.pages.currentWidget() is not self._quiz_page

    def _refresh_score_pages(self) -> None:
        for page in (self.history_page, self.progress_page):
            if page is not None:
                page.refresh()

    def _on_page_closed(self) -> None:
        self.pages.setCurrentWidget(self.library_page)

    def _on_history_review_requested(self, attempt_id: int) -> None:
        from quizapp.core import recording
        from quizapp.core.session import NoQuestions

        try:
            session = recording.review(self.store, self.library.banks, attempt_id)
            self.attempt = self.store.attempt(attempt_id)
        except (NoQuestions, StoreError) as exc:
            dialogs.inform(self, self.tr("Cannot open this quiz"),
                           self.tr("Its questions are no longer in the banks."), str(exc))
            return
        self.session = session
        player = self.store.player(self.attempt.player_id)
        when = self.attempt.started_at.astimezone().strftime("%d %B %Y")
        self.results_page.show_session(session, reviewing=f"{player.name}, {when}:")
        self.pages.setCurrentWidget(self.results_page)

    def _on_players_triggered(self) -> None:
        if self.store is None:
            return
        from quizapp.gui.players import PlayersDialog

        dialog = PlayersDialog(self.store, self, confirm_delete=self._confirm_teacher_delete)
        dialog.players_changed.connect(self._on_players_changed)
        dialog.exec()

    def _on_players_changed(self) -> None:
        self._show_players()
        self._refresh_score_pages()

    def _on_export_quizzes_triggered(self) -> None:
        from quizapp.gui import data_actions

        data_actions.export_attempts(self, self.store)

    def _on_export_answers_triggered(self) -> None:
        from quizapp.gui import data_actions

        data_actions.export_answers(self, self.store)

    def _on_check_triggered(self) -> None:
        from quizapp.gui import data_actions

        data_actions.check_database(self, self.store)

    def _on_backup_triggered(self) -> None:
        from quizapp.gui import data_actions

        data_actions.backup_now(self, self.store)

    def _on_restore_triggered(self) -> None:
        if not self._no_quiz_running():
            return
        from quizapp.gui import data_actions

        if data_actions.restore_from_backup(self, self.store) is not None:
            self.attempt = None
            self._show_players()
            self._refresh_score_pages()

    # --- teacher tools (issue 7: classes, results, item analysis, PIN, worksheets) ----------
    # Everything teachers use is in this section and in quizapp/gui/teacher/ (imported when
    # first used). The PIN is asked by self.teacher_gate; students need it for nothing.

    @property
    def teacher_gate(self) -> PinGate:
        """Asks the teacher PIN; made when first needed."""
        if self._teacher_gate is None:
            from quizapp.gui.teacher.pin import PinGate

            self._teacher_gate = PinGate(lambda: self.store, self)
            self._teacher_gate.timed_out.connect(self._on_teacher_gate_timed_out)
        return self._teacher_gate

    def _on_teacher_gate_timed_out(self) -> None:
        """Left alone, the teacher tools close, with any dialog they opened (a roster being
        imported, an export): the next person at this computer sees the library."""
        from quizapp.gui.teacher.pin import IDLE_LOCK_MS

        if self.teacher_page is None:
            return
        for _ in range(10):  # a dialog may have opened another
            dialog = QApplication.activeModalWidget()
            if dialog is None or not _opened_by(dialog, self.teacher_page):
                break
            dialog.close()
            if QApplication.activeModalWidget() is dialog:
                break  # it would not close
        if self.pages.currentWidget() is self.teacher_page:
            self.pages.setCurrentWidget(self.library_page)
            dialogs.inform(self, self.tr("Teacher tools locked"),
                           self.tr("The teacher tools were locked after %1 minutes without "
                                   "use. Type the teacher PIN to open them again.")
                           .replace("%1", str(IDLE_LOCK_MS // 60_000)))

    def _build_teacher_menu(self) -> None:
        self.teacher_page = None
        self._teacher_gate: PinGate | None = None
        menu = self.menuBar().addMenu(self.tr("&Teacher"))
        self.teacher_action = QAction(self.tr("&Teacher tools…"), self)
        self.teacher_action.setShortcut(QKeySequence("Ctrl+T"))
        self.print_worksheet_action = QAction(self.tr("&Print worksheet…"), self)
        self.print_worksheet_action.setShortcut(QKeySequence.StandardKey.Print)
        self.pdf_worksheet_action = QAction(self.tr("Save worksheet as P&DF…"), self)
        self.reset_scores_action = QAction(self.tr("&Reset scores…"), self)
        self.change_pin_action = QAction(self.tr("&Change teacher PIN…"), self)
        for action in (self.teacher_action, None, self.print_worksheet_action,
                       self.pdf_worksheet_action, None, self.reset_scores_action,
                       self.change_pin_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.store_actions += [self.teacher_action, self.reset_scores_action,
                               self.change_pin_action]
        self.teacher_action.triggered.connect(self.show_teacher_tools)
        self.print_worksheet_action.triggered.connect(self._on_print_worksheet_triggered)
        self.pdf_worksheet_action.triggered.connect(self._on_pdf_worksheet_triggered)
        self.reset_scores_action.triggered.connect(self._on_reset_scores_triggered)
        self.change_pin_action.triggered.connect(self._on_change_pin_triggered)
        self.pages.currentChanged.connect(self._on_pages_current_changed)

    def show_teacher_tools(self) -> None:
        """Teacher > Teacher tools: after the PIN (set on first use), the teacher page."""
        if self.store is None or not self._no_quiz_running():
            return
        if not self.teacher_gate.require(
                self, self.tr("Type the teacher PIN to open the teacher tools."),
                keep_unlocked=True):
            return
        from quizapp.gui.teacher.page import TeacherPage

        if self.teacher_page is None:
            self.teacher_page = TeacherPage(self.store, list(self.library.banks))
            self.teacher_page.closed.connect(self._on_teacher_page_closed)
            self.teacher_page.review_requested.connect(self._on_history_review_requested)
            self.teacher_page.players_changed.connect(self._on_players_changed)
            self.teacher_page.export_requested.connect(self._on_teacher_export_requested)
            self.teacher_page.reset_requested.connect(self._on_reset_scores_triggered)
            self.library_reloaded.connect(self._on_teacher_library_reloaded)
            self.pages.addWidget(self.teacher_page)
        self.pages.setCurrentWidget(self.teacher_page)
        self.teacher_page.refresh()

    def _player_choices(self) -> tuple[list[str], str | None]:
        """The Player list: everyone, or only the class chosen for this computer (by
        nickname where one is given); and the last player as the list shows them."""
        from quizapp.gui.teacher.classes import PLAYER_LIST_CLASS

        last = self.store.get_setting("last_player")
        class_id = self.store.get_setting(PLAYER_LIST_CLASS)
        try:
            members = self.store.class_members(class_id) if class_id is not None else None
        except StoreError:  # the class was deleted meanwhile: everyone
            members = None
        if members is None:
            return [p.name for p in self.store.players()], last
        shown = next((p.shown_name for p in members if p.name == last), None)
        return sorted((p.shown_name for p in members), key=str.casefold), shown

    def _player_from_choice(self, text: str) -> str:
        """The player's name for what the Player box holds: a name, or a nickname."""
        text = " ".join(text.split())
        if not text or self.store is None:
            return text
        try:
            if self.store.find_player(text) is not None:
                return text
            nicknamed = self.store.find_player_by_nickname(text)
        except (StoreError, ValueError):
            return text
        return nicknamed.name if nicknamed is not None else text

    def _confirm_teacher_delete(self) -> bool:
        return self.teacher_gate.require(
            self, self.tr("Deleting a player is a teacher tool: type the teacher PIN."))

    def _on_pages_current_changed(self, _index: int) -> None:
        if self._teacher_gate is None:
            return  # never unlocked
        if self.teacher_page is None or self.pages.currentWidget() is not self.teacher_page:
            self.teacher_gate.lock()  # leaving the teacher tools locks them

    def _on_teacher_page_closed(self) -> None:
        self.pages.setCurrentWidget(self.library_page)

    def _on_teacher_library_reloaded(self) -> None:
        if self.teacher_page is not None:
            self.teacher_page.set_banks(list(self.library.banks))

    def _on_teacher_export_requested(self, class_id: int) -> None:
        if not self.teacher_gate.require(
                self, self.tr("Exporting a whole class is a teacher tool: type the teacher "
                              "PIN.")):
            return
        from quizapp.gui.teacher.results import export_class

        results = self.teacher_page.results
        export_class(self, self.store, class_id, results.model.how,
                     {b.id: b.title for b in self.library.banks})

    def _on_reset_scores_triggered(self) -> None:
        if self.store is None or not self._no_quiz_running():
            return
        if not self.teacher_gate.require(
                self, self.tr("Resetting scores is a teacher tool: type the teacher PIN.")):
            return
        from quizapp.gui.teacher.reset import reset_scores

        class_id = None
        if self.teacher_page is not None and self.pages.currentWidget() is self.teacher_page:
            class_id = self.teacher_page.classes.current_class_id()
        if reset_scores(self, self.store, class_id=class_id) is not None:
            self.attempt = None
            self._show_players()
            self._refresh_score_pages()
            if self.teacher_page is not None:
                self.teacher_page.refresh()

    def _on_change_pin_triggered(self) -> None:
        self.teacher_gate.change_pin(self)

    def _worksheet(self, action: str) -> None:
        from quizapp.gui.teacher.worksheets import make_worksheet

        make_worksheet(self, list(self.library.banks), self.teacher_gate, action,
                       checked=self.library_page.selected_bank_ids())

    def _on_print_worksheet_triggered(self) -> None:
        self._worksheet("print")

    def _on_pdf_worksheet_triggered(self) -> None:
        self._worksheet("pdf")

    # --- look --------------------------------------------------------------------------------

    def apply_look(self) -> None:
        apply_theme(QApplication.instance(), point_size=self.prefs.point_size,
                    high_contrast=self.prefs.high_contrast)

    def _change_size(self, step: int | None) -> None:
        from quizapp.gui.theme import DEFAULT_POINT_SIZE, MAX_POINT_SIZE, MIN_POINT_SIZE

        size = DEFAULT_POINT_SIZE if step is None else self.prefs.point_size + step
        self.prefs.point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        self.apply_look()

    def _on_bigger_triggered(self) -> None:
        self._change_size(1)

    def _on_smaller_triggered(self) -> None:
        self._change_size(-1)

    def _on_reset_size_triggered(self) -> None:
        self._change_size(None)

    def _on_contrast_toggled(self, on: bool) -> None:
        self.prefs.high_contrast = on
        self.apply_look()

    def _on_about_triggered(self) -> None:
        dialogs.inform(self, self.tr("About QuizApp"), f"QuizApp {__version__}",
                       self.tr("Quizzes on current affairs from YAML question banks. "
                               "Your data folder: %1").replace("%1", str(self.data_dir)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.prefs.geometry = bytes(self.saveGeometry())  # written at once
        super().closeEvent(event)

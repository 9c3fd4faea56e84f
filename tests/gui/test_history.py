"""The history page: every stored quiz, sorted and filtered; open one to review it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from quizapp.core import recording
from quizapp.core.loader import load_bank_text
from quizapp.core.session import Mode
from quizapp.core.store import ScoreStore
from quizapp.gui import history
from quizapp.gui.answers import WRONG
from quizapp.gui.history import (
    ATTEMPT_ID_ROLE,
    SORT_ROLE,
    HistoryFilter,
    HistoryModel,
    HistoryPage,
)
from quizapp.gui.results_page import ResultsPage
from tests.banktext import bank
from tests.gui.plain import rich_labels
from tests.gui.shots import colours, shoot
from tests.scoredata import StoreClock, play

PARADE = load_bank_text(bank(bank_id="parade").replace('title: "Test bank"',
                                                       'title: "Parade day"'))
KOREA = load_bank_text(bank("single", "true_false", "numeric", bank_id="korea")
                       .replace('title: "Test bank"', 'title: "Korean peninsula"'))
BANKS = [PARADE, KOREA]


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False) as s:
        yield s


@pytest.fixture
def filled(store):
    """Ana: three quizzes (100%, 57% exam, one open); Bo: one at 0% and one given up."""
    ana, bo = store.add_player("Ana"), store.add_player("Bo")
    play(store, ana.id, BANKS, bank_ids=("parade",), seed=1)
    play(store, ana.id, BANKS, bank_ids=("parade",), seed=2, mode=Mode.EXAM,
         is_right=lambda item: item.question.type in ("single", "multiple", "short", "order"))
    play(store, bo.id, BANKS, bank_ids=("korea",), seed=3, is_right=lambda item: False)
    play(store, bo.id, BANKS, bank_ids=("korea", "parade"), seed=4, answer_count=1,
         end="abandon")
    play(store, ana.id, BANKS, bank_ids=("korea",), seed=5, answer_count=2, end="")
    return store


def cells(page: HistoryPage, column: int) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def make_page(qtbot, store, banks=BANKS) -> HistoryPage:
    page = HistoryPage(store, banks)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_model_passes_the_model_tester(qtmodeltester, filled):
    model = HistoryModel(filled, bank_titles={b.id: b.title for b in BANKS})
    model.reload()
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    model.reload(filled.find_player("Bo").id)  # resetting under the tester's eyes
    assert model.rowCount() == 2


def test_the_proxy_passes_the_model_tester(qtmodeltester, filled):
    model = HistoryModel(filled)
    proxy = HistoryFilter()
    proxy.setSourceModel(model)
    model.reload()
    proxy.sort(HistoryModel.PERCENT, Qt.SortOrder.AscendingOrder)
    proxy.set_search("korea")
    assert proxy.rowCount() == 3
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_search("")
    assert proxy.rowCount() == 5


def test_every_column_says_what_the_store_holds(qtbot, filled):
    page = make_page(qtbot, filled)
    # Newest first: Ana's open quiz, Bo's two, Ana's exam and first quiz.
    assert cells(page, HistoryModel.PLAYER) == ["Ana", "Bo", "Bo", "Ana", "Ana"]
    assert cells(page, HistoryModel.BANKS) == [
        "Korean peninsula", "Parade day, Korean peninsula", "Korean peninsula", "Parade day",
        "Parade day"]
    assert cells(page, HistoryModel.MODE) == ["Practice", "Practice", "Practice", "Exam",
                                              "Practice"]
    assert cells(page, HistoryModel.SCORE) == ["2 / 2", "1 / 1", "0 / 3", "4 / 7", "7 / 7"]
    assert cells(page, HistoryModel.PERCENT) == ["100%", "100%", "0%", "57%", "100%"]
    assert cells(page, HistoryModel.ANSWERED) == ["2 / 3", "1 / 10", "3 / 3", "7 / 7", "7 / 7"]
    assert cells(page, HistoryModel.TIME) == ["0:10", "0:05", "0:15", "0:35", "0:35"]
    assert cells(page, HistoryModel.STATUS) == ["Not finished", "Given up", "Finished",
                                                "Finished", "Finished"]
    dates = cells(page, HistoryModel.DATE)
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == 5
    summaries = filled.attempts(include_unfinished=True)
    assert [page.proxy.index(r, 0).data(ATTEMPT_ID_ROLE) for r in range(5)] == \
        [a.id for a in summaries]
    assert page.count_label.text() == "5 quizzes"


def test_columns_sort_on_real_values(qtbot, filled):
    page = make_page(qtbot, filled)
    header = page.table.horizontalHeader()
    page.table.sortByColumn(HistoryModel.ANSWERED, Qt.SortOrder.AscendingOrder)
    # As text "10" would sort before "2"; as numbers 1 < 2 < 3 < 7.
    assert [page.proxy.index(r, HistoryModel.ANSWERED).data(SORT_ROLE) for r in range(5)] == \
        [1, 2, 3, 7, 7]
    page.table.sortByColumn(HistoryModel.PERCENT, Qt.SortOrder.AscendingOrder)
    assert cells(page, HistoryModel.PERCENT) == ["0%", "57%", "100%", "100%", "100%"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(HistoryModel.DATE) + 5, 5))
    assert header.sortIndicatorSection() == HistoryModel.DATE
    dates = cells(page, HistoryModel.DATE)
    assert dates in (sorted(dates), sorted(dates, reverse=True))
    stamps = [page.proxy.index(r, HistoryModel.DATE).data(SORT_ROLE) for r in range(5)]
    assert all(isinstance(s, float) for s in stamps)


def test_filter_by_player_and_by_bank_or_mode(qtbot, filled):
    page = make_page(qtbot, filled)
    assert [page.player.itemText(i) for i in range(page.player.count())] == \
        ["All players", "Ana", "Bo"]
    page.player.setCurrentIndex(page.player.findText("Bo"))
    assert cells(page, HistoryModel.PLAYER) == ["Bo", "Bo"]
    page.player.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "exam")
    assert cells(page, HistoryModel.MODE) == ["Exam"]
    assert page.count_label.text() == "1 of 5 quizzes"
    page.search.clear()
    qtbot.keyClicks(page.search, "korean practice")  # every word must match
    assert cells(page, HistoryModel.BANKS) == ["Korean peninsula",
                                               "Parade day, Korean peninsula",
                                               "Korean peninsula"]
    page.search.setText("parade")  # the bank id matches as well as the title
    assert len(cells(page, 0)) == 3
    page.search.setText("nothing like this")
    assert page.table.isHidden() and not page.empty.isHidden()
    assert page.empty.text() == "No quiz matches “nothing like this”."
    assert not page.open_button.isEnabled()


def test_open_by_button_enter_and_double_click(qtbot, filled):
    page = make_page(qtbot, filled)
    exam_id = next(a.id for a in filled.attempts() if a.mode == "exam")
    page.search.setText("exam")
    assert page.selected_attempt_id() == exam_id  # the first row is chosen for you
    with qtbot.waitSignal(page.review_requested, check_params_cb=lambda i: i == exam_id):
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    page.table.setFocus()
    with qtbot.waitSignal(page.review_requested, check_params_cb=lambda i: i == exam_id):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.search.clear()
    rect = page.table.visualRect(page.proxy.index(2, HistoryModel.BANKS))
    third = page.proxy.index(2, 0).data(ATTEMPT_ID_ROLE)
    with qtbot.waitSignal(page.review_requested, check_params_cb=lambda i: i == third):
        # A real double click: press and release, then the double click on the same row.
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())


def test_back_and_escape_close_the_page(qtbot, filled):
    page = make_page(qtbot, filled)
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.closed):
        qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    with qtbot.assertNotEmitted(page.review_requested):
        qtbot.keyClick(page.search, Qt.Key.Key_Escape)


def test_an_empty_history_says_so(qtbot, store, tmp_path):
    page = make_page(qtbot, store)
    assert page.table.isHidden()
    assert page.empty.text().startswith("No quizzes yet.")
    assert not page.open_button.isEnabled()
    assert page.count_label.text() == "0 quizzes"
    shoot(qtbot, page, tmp_path, "history-empty")


def test_refresh_shows_new_players_and_quizzes_and_keeps_the_filter(qtbot, filled):
    page = make_page(qtbot, filled)
    page.set_player(filled.find_player("Ana").id)
    cy = filled.add_player("Cy")
    play(filled, cy.id, BANKS, bank_ids=("korea",), seed=9)
    play(filled, filled.find_player("Ana").id, BANKS, bank_ids=("korea",), seed=8)
    page.refresh()
    assert page.player.currentText() == "Ana"
    assert cells(page, HistoryModel.PLAYER) == ["Ana"] * 4
    page.set_player(None)
    assert len(cells(page, 0)) == 7


def test_bank_text_and_names_are_shown_as_text(qtbot, store):
    tricky = load_bank_text(bank("single", bank_id="tricky").replace(
        'title: "Test bank"', 'title: "<b>Bold</b> & <img src=x>"'))
    player = store.add_player("<i>Ana</i>")
    play(store, player.id, [tricky])
    page = make_page(qtbot, store, [tricky])
    index = page.proxy.index(0, HistoryModel.BANKS)
    assert index.data() == "<b>Bold</b> & <img src=x>"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == \
        "<p>&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;img src=x&gt; (tricky)</p>"
    assert page.proxy.index(0, HistoryModel.PLAYER).data() == "<i>Ana</i>"
    assert page.player.itemText(1) == "<i>Ana</i>"
    page.search.setText("<u>none")
    assert page.empty.text() == "No quiz matches “<u>none”."
    assert rich_labels(page) == []


def test_banks_no_longer_loaded_show_their_id(qtbot, filled):
    page = make_page(qtbot, filled)
    page.set_banks([KOREA])
    assert cells(page, HistoryModel.BANKS)[-1] == "parade"
    assert page.model.data(QModelIndex()) is None


def test_an_opened_quiz_is_reviewed_on_the_results_page(qtbot, filled, tmp_path):
    page = make_page(qtbot, filled)
    page.search.setText("exam")
    opened = []
    page.review_requested.connect(opened.append)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    results = ResultsPage()
    qtbot.addWidget(results)
    results.show_session(recording.review(filled, BANKS, opened[0]))
    assert results.headline.text() == "You scored 4 of 7 (57%)"
    assert results.summary.text() == "4 of 7 questions right · time 0:35"
    table = results.table
    assert [table.item(r, 2).text() for r in range(7)][:3] == \
        ["Masoud Pezeshkian", "Vladimir Putin; Kim Jong Un", "False"]
    assert table.item(2, 0).text() == f"3 {WRONG}"
    shoot(qtbot, results, tmp_path, "history-review")


def test_an_unfinished_quiz_is_reviewed_with_its_unanswered_questions(qtbot, filled):
    open_one = filled.unfinished_attempt(filled.find_player("Ana").id)
    results = ResultsPage()
    qtbot.addWidget(results)
    results.show_session(recording.review(filled, BANKS, open_one.id))
    assert results.headline.text() == "You scored 2 of 3 (67%)"
    assert results.table.item(2, 2).text() == "(not reached)"


def test_the_store_is_read_when_the_page_is_shown(qtbot, filled):
    page = HistoryPage(filled, BANKS)
    qtbot.addWidget(page)
    page.set_player(filled.find_player("Bo").id)
    assert page.model.rowCount() == 0  # nothing read while hidden
    page.show()
    qtbot.waitExposed(page)
    assert cells(page, HistoryModel.PLAYER) == ["Bo", "Bo"]
    assert page.player.currentText() == "Bo"
    page.hide()
    play(filled, filled.find_player("Bo").id, BANKS, bank_ids=("korea",), seed=7)
    page.refresh()
    assert page.model.rowCount() == 2
    page.show()
    assert page.model.rowCount() == 3


def test_only_the_latest_quizzes_are_loaded(qtbot, filled):
    page = HistoryPage(filled, BANKS)
    qtbot.addWidget(page)
    assert page.row_limit == history.MOST_ROWS
    page.row_limit = 3
    page.show()
    qtbot.waitExposed(page)
    assert cells(page, HistoryModel.PLAYER) == ["Ana", "Bo", "Bo"]
    assert page.count_label.text() == "The latest 3 quizzes (all are in the CSV export)"
    page.search.setText("parade")
    assert page.count_label.text() == "1 of the latest 3 quizzes"
    page.set_player(filled.find_player("Bo").id)
    assert page.count_label.text() == "1 of 2 quizzes"  # all of Bo's, searched


def test_a_deleted_player_falls_back_to_everyone(qtbot, filled):
    page = make_page(qtbot, filled)
    bo = filled.find_player("Bo")
    page.set_player(bo.id)
    filled.delete_player(bo.id)
    page.refresh()
    assert page.player.currentText() == "All players"
    assert set(cells(page, HistoryModel.PLAYER)) == {"Ana"}


def test_the_page_at_projector_size(qtbot, filled, tmp_path):
    page = HistoryPage(filled, BANKS)
    qtbot.addWidget(page)
    image = shoot(qtbot, page, tmp_path, "history")
    assert colours(image) > 5
    shoot(qtbot, page, tmp_path, "history-high-contrast", high_contrast=True)
    shoot(qtbot, page, tmp_path, "history-normal")  # leave the normal look for later tests

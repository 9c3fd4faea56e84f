"""The progress page: charts that render with data and hold the right values."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt

from quizapp.core.loader import load_bank_text, load_library
from quizapp.core.session import Mode
from quizapp.core.store import ScoreStore
from quizapp.gui.progress import MOST_BARS, ProgressPage
from tests.banktext import bank
from tests.conftest import BUNDLED, REPO
from tests.gui.plain import rich_labels
from tests.gui.shots import colours, shoot
from tests.scoredata import StoreClock, play


def tagged(text: str, tags: dict[str, list[str]]) -> str:
    for question_id, names in tags.items():
        text = text.replace(f"  - id: {question_id}\n",
                            f"  - id: {question_id}\n    tags: [{', '.join(names)}]\n")
    return text


PARADE = load_bank_text(tagged(
    bank(bank_id="parade").replace('title: "Test bank"', 'title: "Parade day"'),
    {"q-single": ["iran", "leaders"], "q-multiple": ["leaders"], "q-tf": ["dates"]}))
KOREA = load_bank_text(tagged(
    bank("single", "true_false", "numeric", bank_id="korea")
    .replace('title: "Test bank"', 'title: "Korean peninsula"'),
    {"q-single": ["korea"], "q-numeric": ["numbers"]}))
BANKS = [PARADE, KOREA]
RIGHT_IN_EXAM = ("single", "multiple", "short", "order")


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path / "data", clock=StoreClock(), daily_backup=False) as s:
        yield s


@pytest.fixture
def ana(store):
    """Ana: all of Parade right (100%), then 4 of 7 in an exam (57%), then Korea all wrong."""
    player = store.add_player("Ana")
    play(store, player.id, BANKS, bank_ids=("parade",), seed=1)
    play(store, player.id, BANKS, bank_ids=("parade",), seed=2, mode=Mode.EXAM,
         is_right=lambda item: item.question.type in RIGHT_IN_EXAM)
    play(store, player.id, BANKS, bank_ids=("korea",), seed=3, is_right=lambda item: False)
    return player


def make_page(qtbot, store, player_id=None, banks=BANKS) -> ProgressPage:
    page = ProgressPage(store, banks, player_id=player_id)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def bars(bar_set) -> list[float]:
    """A bar set's values, top bar first (the chart draws the first value at the bottom)."""
    return [bar_set.at(i) for i in reversed(range(bar_set.count()))]


def test_the_series_hold_the_players_numbers(qtbot, store, ana):
    page = make_page(qtbot, store, ana.id)
    assert page.player.currentText() == "Ana"
    assert [(p.x(), p.y()) for p in page.score_series.points()] == \
        [(1, 100.0), (2, 57.1), (3, 0.0)]
    # Mastery: the latest answer to each question; weakest at the top.
    assert page.categories["banks"] == ["Korean peninsula", "Parade day"]
    assert bars(page.bank_set) == [0, 57]
    assert page.categories["tags"] == ["dates", "korea", "numbers", "iran", "leaders"]
    assert bars(page.tag_set) == [0, 0, 0, 100, 100]
    # Accuracy: every answer counts.
    assert dict(zip(page.categories["types"], bars(page.type_set), strict=True)) == {
        "Single choice": 67, "Multiple choice": 100, "True or false": 33, "Short answer": 100,
        "Number": 33, "Order": 100, "Match": 50}
    assert page.summary.text() == "3 finished quizzes · 17 answers · average 52% · latest 0%"


def test_the_questions_missed_most_with_their_prompts(qtbot, store, ana):
    page = make_page(qtbot, store, ana.id)
    table = page.missed
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == [
        "How many foreign leaders were announced?", "The parade was held on 3 September 2025.",
        "Who represented Iran at the parade?", "Match leaders to countries.",
        "How many foreign leaders were announced?", "The parade was held on 3 September 2025."]
    assert [r[1] for r in rows] == ["Korean peninsula"] * 3 + ["Parade day"] * 3
    assert [r[2] for r in rows] == ["1 of 1 times"] * 3 + ["1 of 2 times"] * 3
    assert [r[3] for r in rows] == ["0%"] * 3 + ["50%"] * 3


def test_the_charts_render_with_data(qtbot, store, ana, tmp_path):
    page = make_page(qtbot, store, ana.id)
    for name, view in page.views.items():
        view.resize(600, 320)
        image = view.grab().toImage()
        assert not image.isNull()
        assert colours(image) > 8, f"the {name} chart drew (almost) nothing"
    shoot(qtbot, page, tmp_path, "progress-small")


def test_a_player_without_answers_gets_a_message_and_no_chart(qtbot, store, ana, tmp_path):
    bo = store.add_player("Bo")
    page = make_page(qtbot, store, bo.id)
    assert page.body.currentWidget() is page.empty
    assert page.empty.text() == \
        "No quiz yet for Bo. Progress appears here after the first answers."
    assert page.summary.text() == ""
    # Another player from the list: the charts come.
    page.player.setCurrentIndex(page.player.findData(ana.id))
    assert page.body.currentWidget() is page.scroll and page.player_id == ana.id
    assert page.bank_set is not None
    page.set_player(bo.id)
    assert page.body.currentWidget() is page.empty
    shoot(qtbot, page, tmp_path, "progress-empty")


def test_answers_but_no_finished_quiz_show_a_message_for_the_score_chart(qtbot, store):
    cy = store.add_player("Cy")
    play(store, cy.id, BANKS, bank_ids=("korea",), answer_count=2, end="")
    page = make_page(qtbot, store, cy.id)
    assert page.score_series is None
    assert page.score_section.showing_message
    assert page.score_section.message.text() == "No finished quiz yet."
    assert not page.bank_section.showing_message
    assert bars(page.bank_set) == [100]
    assert page.categories["tags"] == ["korea"]
    assert page.missed_section.showing_message
    assert page.missed_section.message.text() == "Nothing missed yet."


def test_untagged_banks_say_so_instead_of_an_empty_chart(qtbot, store):
    plain = load_bank_text(bank("single", bank_id="plain"))
    dee = store.add_player("Dee")
    play(store, dee.id, [plain])
    page = make_page(qtbot, store, dee.id, banks=[plain])
    assert page.tag_set is None and page.tag_section.showing_message
    assert page.tag_section.message.text() == "No tagged question answered yet."


def test_all_players_together_and_refresh_after_a_new_quiz(qtbot, store, ana):
    bo = store.add_player("Bo")
    play(store, bo.id, BANKS, bank_ids=("korea",), seed=4)
    page = make_page(qtbot, store)
    assert page.player.currentText() == "All players"
    assert len(page.score_series.points()) == 4
    assert bars(page.bank_set) == [57, 100]  # Korea's latest answers are Bo's, all right
    page.set_player(ana.id)
    play(store, ana.id, BANKS, bank_ids=("korea",), seed=5)
    page.refresh()
    assert [p.y() for p in page.score_series.points()] == [100.0, 57.1, 0.0, 100.0]
    assert page.categories["banks"] == ["Parade day", "Korean peninsula"]


def test_the_store_is_read_only_when_the_page_is_shown(qtbot, store, ana):
    page = ProgressPage(store, BANKS, player_id=ana.id)
    qtbot.addWidget(page)
    assert not page.charts_built and page.score_series is None
    page.show()
    qtbot.waitExposed(page)
    assert page.charts_built and len(page.score_series.points()) == 3
    page.hide()
    play(store, ana.id, BANKS, bank_ids=("korea",), seed=6)
    page.refresh()  # hidden: nothing read yet
    assert len(page.score_series.points()) == 3
    page.show()
    assert len(page.score_series.points()) == 4


def test_qtcharts_is_imported_only_when_charts_are_first_built(tmp_path, store, ana):
    store.close()
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from quizapp.core.store import ScoreStore
        from quizapp.gui.progress import ProgressPage
        store = ScoreStore.open({str(tmp_path / "data")!r}, daily_backup=False)
        page = ProgressPage(store, player_id={ana.id})
        page.set_player(None)
        print("before", "PySide6.QtCharts" in sys.modules)
        page.show()
        app.processEvents()
        print("after", "PySide6.QtCharts" in sys.modules, page.charts_built)
        store.close()
    """)
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["before False", "after True True"]


def test_bank_titles_reach_the_charts_as_text(qtbot, store):
    tricky = load_bank_text(bank("single", "true_false", bank_id="tricky").replace(
        'title: "Test bank"', 'title: "<b>Big</b> & <img src=x>"'))
    eve = store.add_player("<i>Eve</i>")
    play(store, eve.id, [tricky])
    page = make_page(qtbot, store, eve.id, banks=[tricky])
    axis = page.views["banks"].chart().axes(Qt.Orientation.Vertical)[0]
    assert axis.categories() == ["100% · &lt;b&gt;Big&lt;/b&gt; &amp; &lt;img src=x&gt;"]
    assert page.categories["banks"] == ["<b>Big</b> & <img src=x>"]
    assert page.player.currentText() == "<i>Eve</i>"
    assert page.missed_section.showing_message
    assert rich_labels(page) == []


def test_many_tags_show_only_the_weakest(qtbot, store):
    library = load_library([BUNDLED])
    learner = store.add_player("Fay")
    rng = random.Random(3)
    for seed in range(4):
        play(store, learner.id, library.banks, seed=seed, shuffle=True,
             is_right=lambda item: rng.random() < 0.7)
    page = make_page(qtbot, store, learner.id, banks=library.banks)
    assert page.tag_set.count() == MOST_BARS
    assert "weakest" in page.tag_section.note.text()
    values = bars(page.tag_set)
    assert values == sorted(values)


def test_the_page_at_projector_size(qtbot, store, tmp_path):
    """A learner who improves over eight quizzes of the bundled banks, on a projector."""
    library = load_library([BUNDLED])
    learner = store.add_player("Mina")
    for n in range(8):
        rng = random.Random(n)
        chance = 0.45 + 0.06 * n
        play(store, learner.id, library.banks, seed=n, shuffle=True,
             bank_ids=tuple(b.id for b in library.banks[n % 4::2]),
             is_right=lambda item, rng=rng, chance=chance: rng.random() < chance)
    page = ProgressPage(store, library.banks, player_id=learner.id)
    qtbot.addWidget(page)
    image = shoot(qtbot, page, tmp_path, "progress")
    assert colours(image) > 20
    bar = page.scroll.verticalScrollBar()
    bar.setValue(page.bank_section.y())
    shoot(qtbot, page, tmp_path, "progress-banks")
    bar.setValue(bar.maximum())
    shoot(qtbot, page, tmp_path, "progress-bottom")
    bar.setValue(0)
    image = shoot(qtbot, page, tmp_path, "progress-high-contrast", high_contrast=True)
    assert image.pixelColor(5, 5).name() == "#000000"
    axis = page.views["score"].chart().axes(Qt.Orientation.Vertical)[0]
    assert axis.labelsBrush().color().name() == "#ffffff"  # redrawn in the new colours
    shoot(qtbot, page, tmp_path, "progress-big-text", point_size=18)
    assert axis is not page.views["score"].chart().axes(Qt.Orientation.Vertical)[0]
    assert page.views["score"].chart().axes(Qt.Orientation.Vertical)[0].labelsFont() \
        .pointSize() == 18
    shoot(qtbot, page, tmp_path, "progress-normal")


def test_back_and_escape_close_the_page(qtbot, store, ana):
    page = make_page(qtbot, store, ana.id)
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.closed):
        qtbot.keyClick(page, Qt.Key.Key_Escape)

"""The quiz show's rules, each with a hand-checked case: states, marks and undo, points and the
final round, totals and places, the seed, resume, the countdown, and the show in the store."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quizapp.core import show as show_module
from quizapp.core.loader import load_bank_text
from quizapp.core.session import NoQuestions
from quizapp.core.show import (
    Countdown,
    MarkAction,
    Show,
    ShowSettings,
    ShowState,
    StoredMarks,
    places,
)
from quizapp.core.store import ScoreStore

# Four questions worth 1, 2, 1.5 and 3 points, in this order when not shuffled.
BANK = """\
format: 1
id: show-bank
title: "Show bank"
as_of: 2025-09-05
questions:
  - id: q1
    type: single
    prompt: "Who represented Iran at the parade?"
    choices: [Masoud Pezeshkian, Ebrahim Raisi, Ali Khamenei, Hassan Rouhani]
    answer: Masoud Pezeshkian
  - id: q2
    type: true_false
    prompt: "The parade was held on 3 September 2025."
    answer: true
    points: 2
  - id: q3
    type: numeric
    prompt: "How many foreign leaders were announced?"
    answer: 26
    points: 1.5
  - id: q4
    type: multiple
    prompt: "Which leaders attended? Select all that apply."
    choices: [Vladimir Putin, Kim Jong Un, Shinzo Abe]
    answer: [Vladimir Putin, Kim Jong Un]
    points: 3
"""
TEAMS = ("Lions", "Tigers", "Bears")
Q, R, S, F = ShowState.QUESTION, ShowState.REVEALED, ShowState.SCOREBOARD, ShowState.FINISHED


@pytest.fixture
def bank():
    return load_bank_text(BANK)


def settings(**changes) -> ShowSettings:
    values = {"bank_ids": ("show-bank",), "teams": TEAMS, "count": None, "shuffle": False}
    values.update(changes)
    return ShowSettings(**values)


def new_show(bank, **changes) -> Show:
    return Show.start([bank], settings(**changes), seed=7)


def play(show: Show, marks: list[set[int]]) -> None:
    """Reveal each question in turn, mark the given teams right, go on to the scoreboard."""
    for right in marks:
        if show.state is S:
            show.next()
        assert show.state is Q
        show.reveal()
        for team in sorted(right):
            show.toggle(team)
        show.next()
        assert show.state is S


# --- settings --------------------------------------------------------------------------------


def test_settings_tidy_team_names_and_round_trip():
    s = settings(teams=("  Team   A ", "Team B"), countdown=20, final_round=2, count=8)
    assert s.teams == ("Team A", "Team B")
    assert ShowSettings.from_dict(s.as_dict()) == s


@pytest.mark.parametrize("changes,message", [
    ({"teams": ("Solo",)}, "2 to 8 teams"),
    ({"teams": tuple(f"T{i}" for i in range(9))}, "2 to 8 teams"),
    ({"teams": ("Red", "RED ")}, "two teams are called"),
    ({"teams": ("Red", "  ")}, "cannot be empty"),
    ({"teams": ("Red", "x" * 41)}, "at most 40"),
    ({"teams": ("Red", "Blue\u0007")}, "control characters"),
    ({"countdown": 15}, "countdown"),
    ({"count": 0}, "at least one question"),
    ({"final_round": -1}, "final round"),
    ({"bank_ids": ()}, "at least one bank"),
])
def test_settings_that_cannot_be_a_show_say_why(changes, message):
    with pytest.raises(ValueError, match=message):
        settings(**changes)


def test_eight_teams_and_every_countdown_are_allowed():
    for seconds in (0, 10, 20, 30, 60):
        assert settings(teams=tuple(f"T{i}" for i in range(8)), countdown=seconds)


# --- states ----------------------------------------------------------------------------------


def test_next_walks_question_reveal_scoreboard_and_ends_on_the_podium(bank):
    show = new_show(bank, count=2)
    seen = [(show.position, show.state)]
    while show.state is not F:
        show.next()
        seen.append((show.position, show.state))
    assert seen == [(1, Q), (1, R), (1, S), (2, Q), (2, R), (2, S), (2, F)]
    assert show.next() is F  # the podium stays


def test_reveal_only_from_a_hidden_question(bank):
    show = new_show(bank)
    assert show.reveal() is True and show.state is R and show.current.revealed
    assert show.reveal() is False
    show.next()
    assert show.reveal() is False and show.state is S


def test_back_goes_from_an_unrevealed_question_to_the_scoreboard_before_it(bank):
    show = new_show(bank)
    assert show.back() is False and (show.index, show.state) == (0, Q)  # nothing before
    show.next()
    assert show.back() is False and show.state is R  # a revealed answer is never hidden
    show.next()
    assert show.back() is False and show.state is S
    show.next()
    assert (show.index, show.state) == (1, Q)
    assert show.back() is True and (show.index, show.state) == (0, S)
    show.next()
    assert (show.index, show.state) == (1, Q) and not show.current.revealed


def test_finish_early_goes_to_the_podium(bank):
    show = new_show(bank)
    play(show, [{0}])
    show.finish()
    assert show.state is F and show.toggle(0) is None
    assert show.totals() == [1.0, 0.0, 0.0]


# --- marks and undo --------------------------------------------------------------------------


def test_marks_change_only_after_the_reveal(bank):
    show = new_show(bank)
    assert show.toggle(0) is None and show.current.marks == [False, False, False]
    show.reveal()
    assert show.toggle(1) == MarkAction(question=0, team=1, before=False, after=True)
    assert show.toggle(1) == MarkAction(0, 1, True, False)
    assert show.toggle(2).after is True
    assert show.current.marks == [False, False, True]


def test_marks_can_still_be_corrected_on_the_scoreboard(bank):
    show = new_show(bank)
    show.reveal()
    show.toggle(0)
    show.next()
    assert show.state is S
    show.toggle(0)
    show.toggle(1)
    assert show.items[0].marks == [False, True, False]
    show.next()  # the next question: not marked until it is revealed
    assert show.toggle(0) is None and show.items[0].marks == [False, True, False]


def test_a_key_for_a_team_that_does_not_exist_does_nothing(bank):
    show = new_show(bank)
    show.reveal()
    assert show.toggle(3) is None and show.toggle(-1) is None and show.toggle(7) is None
    assert show.current.marks == [False, False, False] and not show.can_undo


def test_undo_takes_back_toggles_latest_first(bank):
    show = new_show(bank)
    show.reveal()
    show.toggle(0)
    show.toggle(2)
    show.toggle(0)  # Lions off again
    assert show.current.marks == [False, False, True]
    assert show.undo() == MarkAction(0, 0, True, False)
    assert show.current.marks == [True, False, True]
    assert show.undo() == MarkAction(0, 2, False, True)
    assert show.current.marks == [True, False, False]
    assert show.undo() == MarkAction(0, 0, False, True)
    assert show.current.marks == [False, False, False]
    assert show.undo() is None and not show.can_undo


def test_undo_never_reaches_into_another_question(bank):
    show = new_show(bank)
    play(show, [{0, 1}])
    show.next()
    show.reveal()  # question 2
    assert show.can_undo is False and show.undo() is None
    assert show.items[0].marks == [True, True, False]
    show.toggle(2)
    assert show.undo().question == 1
    assert show.undo() is None  # question 1's toggles stay
    show.next()
    show.next()  # question 3, not revealed
    assert show.undo() is None
    show.back()  # the scoreboard of question 2: its (empty) stack
    assert show.undo() is None
    assert show.items[0].marks == [True, True, False]


# --- points, the final round, totals and places ------------------------------------------------


def test_points_follow_the_bank_and_the_final_round_counts_double(bank):
    show = new_show(bank, final_round=2)
    assert [(i.question.id, i.doubled, i.worth) for i in show.items] == [
        ("q1", False, 1.0), ("q2", False, 2.0), ("q3", True, 3.0), ("q4", True, 6.0)]
    # q1: Lions, Tigers; q2: Tigers; q3: Lions, Bears; q4: Bears.
    play(show, [{0, 1}, {1}, {0, 2}, {2}])
    # Lions 1 + 3 = 4; Tigers 1 + 2 = 3; Bears 3 + 6 = 9.
    assert show.totals() == [4.0, 3.0, 9.0]
    assert show.correct_counts() == [2, 2, 2]
    assert [(s.name, s.points, s.place) for s in show.standings()] == [
        ("Bears", 9.0, 1), ("Lions", 4.0, 2), ("Tigers", 3.0, 3)]


def test_without_a_final_round_nothing_is_doubled_and_a_long_one_doubles_all(bank):
    assert [i.worth for i in new_show(bank).items] == [1.0, 2.0, 1.5, 3.0]
    assert [i.worth for i in new_show(bank, final_round=10).items] == [2.0, 4.0, 3.0, 6.0]
    assert [i.doubled for i in new_show(bank, count=3, final_round=1).items] == [
        False, False, True]


def test_only_revealed_questions_count(bank):
    show = new_show(bank)
    play(show, [{0}, {0, 1}])
    show.next()  # question 3 shown, not revealed
    assert show.totals() == [3.0, 2.0, 0.0]


def test_ties_share_a_place_and_the_next_place_is_counted_on():
    assert places([5, 5, 3]) == [1, 1, 3]
    assert places([2, 5, 5, 1]) == [3, 1, 1, 4]
    assert places([0, 0, 0]) == [1, 1, 1]
    assert places([1.5 + 1.5, 3.0, 0.1 * 3, 0.3]) == [1, 1, 3, 3]


def test_podium_with_a_tie_for_first(bank):
    show = new_show(bank, teams=("A", "B", "C", "D"))
    # q1 (1): A, B, C; q2 (2): A, B; q3 (1.5): D.  A 3, B 3, C 1, D 1.5.
    play(show, [{0, 1, 2}, {0, 1}, {3}])
    assert [(s.name, s.place) for s in show.standings()] == [
        ("A", 1), ("B", 1), ("D", 3), ("C", 4)]
    assert [(place, [s.name for s in teams]) for place, teams in show.podium()] == [
        (1, ["A", "B"]), (3, ["D"])]


def test_podium_when_nobody_scored(bank):
    show = new_show(bank, count=1)
    play(show, [set()])
    assert [(p, [s.name for s in t]) for p, t in show.podium()] == [
        (1, ["Lions", "Tigers", "Bears"])]


# --- the seed --------------------------------------------------------------------------------


def test_the_seed_decides_the_questions_their_order_and_choices(bank):
    one = Show.start([bank], settings(shuffle=True, count=3), seed=11)
    again = Show.start([bank], settings(shuffle=True, count=3), seed=11)
    assert one.keys == again.keys and len(one.keys) == 3
    assert [i.choices for i in one.items] == [i.choices for i in again.items]
    orders = {tuple(Show.start([bank], settings(shuffle=True), seed=s).keys) for s in range(30)}
    assert len(orders) > 5
    assert Show.start([bank], settings(), seed=None).seed >= 0


def test_no_questions(bank):
    with pytest.raises(NoQuestions):
        Show.start([bank], settings(bank_ids=("other",)), seed=1)


# --- resume ----------------------------------------------------------------------------------


def stored_of(show: Show) -> dict:
    return {item.key: StoredMarks(item.worth, item.doubled, tuple(item.marks))
            for item in show.items if item.revealed}


def test_resume_goes_on_from_the_scoreboard_after_the_last_revealed_question(bank):
    show = new_show(bank, final_round=1)
    play(show, [{0}, {1, 2}])
    show.next()  # question 3 shown when the power went
    again = Show.resume([bank], show.settings, show.seed, show.keys, stored_of(show))
    assert (again.index, again.state) == (1, S)
    assert again.totals() == show.totals() == [1.0, 2.0, 2.0]
    assert [i.revealed for i in again.items] == [True, True, False, False]
    again.next()
    assert (again.position, again.state) == (3, Q)
    assert again.items[3].worth == 6.0  # the final round is still there


def test_resume_with_nothing_revealed_starts_at_the_first_question(bank):
    show = new_show(bank)
    again = Show.resume([bank], show.settings, show.seed, show.keys, {})
    assert (again.index, again.state) == (0, Q)


def test_resume_keeps_stored_points_even_if_the_bank_changed(bank):
    show = new_show(bank)
    play(show, [{0}])
    stored = stored_of(show)
    stored[("show-bank", "q2")] = StoredMarks(2.0, False, (False, True, False))
    edited = load_bank_text(BANK.replace("    points: 2\n", "    points: 5\n"))
    again = Show.resume([edited], show.settings, show.seed, show.keys, stored)
    assert again.items[1].worth == 2.0 and again.totals() == [1.0, 2.0, 0.0]
    assert again.items[2].worth == 1.5


def test_marked_questions_that_left_the_banks_still_count(bank):
    show = new_show(bank)
    play(show, [{0}, {1}])
    shorter = load_bank_text(BANK.replace("  - id: q1\n", "  - id: q1-new\n"))
    again = Show.resume([shorter], show.settings, show.seed, show.keys, stored_of(show))
    assert [i.question.id for i in again.items] == ["q2", "q3", "q4"]
    assert again.totals() == [1.0, 2.0, 0.0]
    assert (again.index, again.state) == (0, S)


# --- the countdown ---------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_countdown_runs_pauses_and_ends():
    clock = Clock()
    countdown = Countdown(20, clock)
    assert countdown.remaining() == 20 and not countdown.running and not countdown.expired
    countdown.start()
    clock.now += 5
    assert countdown.remaining() == 15 and countdown.running
    assert countdown.toggle() is False  # T: stop
    clock.now += 100
    assert countdown.remaining() == 15
    assert countdown.toggle() is True  # T: on again
    clock.now += 14.5
    assert countdown.remaining() == 0.5 and not countdown.expired
    clock.now += 1
    assert countdown.remaining() == 0 and countdown.expired and not countdown.running
    assert countdown.toggle() is True and countdown.remaining() == 20  # T after the end: again
    countdown.reset()
    assert countdown.remaining() == 20 and not countdown.running


def test_no_countdown_never_runs_or_ends():
    clock = Clock()
    countdown = Countdown(0, clock)
    countdown.start()
    clock.now += 1000
    assert not countdown.enabled and not countdown.running and not countdown.expired


# --- in the score store ----------------------------------------------------------------------


def test_a_show_saved_question_by_question_resumes_from_the_store(bank, tmp_path):
    show = new_show(bank, final_round=2, countdown=30)
    with ScoreStore.open(tmp_path) as store:
        record = show_module.begin(store, show)
        assert record.teams == list(TEAMS) and record.question_keys == show.keys
        show.reveal()
        assert show_module.save_marks(store, record.id, show) is True  # revealed, none right
        show.toggle(0)
        assert show_module.save_marks(store, record.id, show) is True
        assert show_module.save_marks(store, record.id, show) is False  # the same again
        show.next()
        show.next()
        show.reveal()
        show.toggle(2)
        show_module.save_marks(store, record.id, show)
        again = show_module.resume(store, [bank], store.unfinished_show())
        assert again.settings == show.settings and again.seed == show.seed
        assert (again.index, again.state) == (1, S)
        assert again.totals() == [1.0, 0.0, 2.0]
        assert [t.points for t in store.show_results(record.id).teams] == again.totals()
        with pytest.raises(ValueError, match="not been revealed"):
            show_module.save_marks(store, record.id, show, index=3)


# --- any sequence of moves keeps the rules -------------------------------------------------------

MOVES = st.lists(st.one_of(
    st.sampled_from(["next", "back", "reveal", "undo", "finish"]),
    st.integers(min_value=-1, max_value=8)), max_size=60)


@hypothesis_settings(max_examples=200, deadline=None)
@given(moves=MOVES, final_round=st.integers(0, 5))
def test_any_sequence_of_moves_keeps_the_rules(moves, final_round):
    show = Show.start([load_bank_text(BANK)], ShowSettings(
        bank_ids=("show-bank",), teams=TEAMS, count=None, shuffle=False,
        final_round=final_round), seed=1)
    for move in moves:
        before = [list(i.marks) for i in show.items]
        if isinstance(move, int):
            action = show.toggle(move)
            if action is None:
                assert [list(i.marks) for i in show.items] == before
        else:
            getattr(show, move)()
        # Questions after the current one are never revealed; the current one is revealed
        # exactly when its answer is on show (or the show ended after it).
        assert not any(i.revealed for i in show.items[show.index + 1:])
        if show.state in (ShowState.REVEALED, ShowState.SCOREBOARD):
            assert show.current.revealed
        elif show.state is ShowState.QUESTION:
            assert not show.current.revealed
        # Marks only on revealed questions; totals are the worth of the right marks.
        assert all(not any(i.marks) for i in show.items if not i.revealed)
        expected = [sum(i.worth for i in show.items if i.marks[t]) for t in range(3)]
        assert show.totals() == pytest.approx(expected)
        ranks = places(show.totals())
        for a in range(3):
            for b in range(3):
                if show.totals()[a] > show.totals()[b] + 1e-9:
                    assert ranks[a] < ranks[b]
                elif abs(show.totals()[a] - show.totals()[b]) < 1e-9:
                    assert ranks[a] == ranks[b]

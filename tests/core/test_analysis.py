"""Item analysis against tables worked out by hand, and properties over random logs."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.analysis import Flag, analyse, questions_by_key
from quizapp.core.loader import load_bank_text
from quizapp.core.store.models import AnswerRow, LoggedAnswer
from tests.banktext import bank

T0 = datetime(2025, 9, 10, 9, 0, tzinfo=UTC)
_ids = iter(range(1, 10**9))


def answer(player: int, question: str, score: float, *, bank_id: str = "b", attempt: int = 0,
           points: float | None = None, max_points: float = 1.0, response=None,
           seconds: float = 10.0, minutes: float = 0, content_hash: str = "h") -> LoggedAnswer:
    """One log row, shaped exactly as ScoreStore.iter_answer_log yields it."""
    row = AnswerRow(id=next(_ids), attempt_id=attempt or player, bank_id=bank_id,
                    question_id=question, content_hash=content_hash, response=response,
                    score=score, points=score * max_points if points is None else points,
                    max_points=max_points, seconds=seconds,
                    answered_at=T0 + timedelta(minutes=minutes))
    return LoggedAnswer(row, f"uuid-{attempt or player}", "exam", player, f"student {player}")


def table(rows: dict[int, str], questions: str) -> list[LoggedAnswer]:
    """``rows`` maps a student to a string of 0/1, one per question letter."""
    return [answer(p, q, float(c)) for p, marks in rows.items()
            for q, c in zip(questions, marks, strict=True)]


# --- Example A: ties at both group boundaries --------------------------------------------------
#
#        q1 q2 q3 | total
#   s1    1  1  1 | 3/3
#   s2    1  1  0 | 2/3
#   s3    1  0  1 | 2/3
#   s4    0  1  0 | 1/3
#   s5    1  0  0 | 1/3
#   s6    0  0  1 | 1/3
#
# n = 6, k = floor(0.27 * 6 + 0.5) = floor(2.12) = 2 students per group.
# Upper: s1 (weight 1) and one place shared by s2, s3 (tied at 2/3): weight 1/2 each.
# Lower: two places shared by s4, s5, s6 (tied at 1/3): weight 2/3 each.
#
# q1: facility 4/6. upper (1 + 1/2 + 1/2) / 2 = 1; lower 2/3 * (0 + 1 + 0) / 2 = 1/3.
#     D = 1 - 1/3 = 2/3.
# q2: facility 3/6. upper (1 + 1/2*1 + 1/2*0) / 2 = 3/4; lower 2/3 * (1 + 0 + 0) / 2 = 1/3.
#     D = 3/4 - 1/3 = 5/12.
# q3: facility 3/6. upper (1 + 0 + 1/2) / 2 = 3/4; lower 2/3 * (0 + 0 + 1) / 2 = 1/3. D = 5/12.
#
# Point-biserial of q1 against the rest (q2, q3):
#   x    = 1, 1, 1, 0, 1, 0        mean 2/3
#   rest = 1, 1/2, 1/2, 1/2, 0, 1/2  mean 1/2
#   sum (x - 2/3)(rest - 1/2) = 1/3*1/2 + 1/3*(-1/2) = 0, so r = 0.
EXAMPLE_A = {1: "111", 2: "110", 3: "101", 4: "010", 5: "100", 6: "001"}


def test_example_a_facility_and_discrimination_with_ties():
    result = analyse(table(EXAMPLE_A, "123"))
    assert result.students == 6
    assert [i.question_id for i in result.items] == ["1", "2", "3"]
    q1, q2, q3 = result.items
    assert (q1.n, q2.n, q3.n) == (6, 6, 6)
    assert q1.facility == pytest.approx(4 / 6)
    assert q2.facility == q3.facility == pytest.approx(0.5)
    assert q1.discrimination == pytest.approx(2 / 3)
    assert q2.discrimination == pytest.approx(5 / 12)
    assert q3.discrimination == pytest.approx(5 / 12)
    assert q1.point_biserial == pytest.approx(0.0, abs=1e-12)
    assert result.totals == pytest.approx({1: 1, 2: 2 / 3, 3: 2 / 3, 4: 1 / 3, 5: 1 / 3,
                                           6: 1 / 3})
    assert not result.flagged()


def test_tied_students_count_the_same_whatever_their_order():
    forward = analyse(table(EXAMPLE_A, "123"))
    renumbered = {7 - p: marks for p, marks in EXAMPLE_A.items()}
    backward = analyse(table(renumbered, "123"))
    for a, b in zip(forward.items, backward.items, strict=True):
        assert a.discrimination == pytest.approx(b.discrimination)
        assert a.point_biserial == pytest.approx(b.point_biserial, abs=1e-12)


# --- Example B: a question the strong students miss -------------------------------------------
#
#        a  b  c  d | total
#   s1   1  1  1  0 | 3/4
#   s2   1  1  0  0 | 2/4
#   s3   1  0  1  0 | 2/4
#   s4   0  0  0  1 | 1/4
#   s5   1  0  0  1 | 2/4
#   s6   0  0  0  1 | 1/4
#
# k = 2. Upper: s1 (1) and one place shared by s2, s3, s5 (tied at 2/4): 1/3 each.
# Lower: s4, s6 (1 each).
# a: facility 4/6; upper (1 + 1/3*(1+1+1)) / 2 = 1; lower 0; D = 1.
# b: facility 2/6; upper (1 + 1/3*(1+0+0)) / 2 = 2/3; lower 0; D = 2/3.
# c: facility 2/6; upper (1 + 1/3*(0+1+0)) / 2 = 2/3; lower 0; D = 2/3.
# d: facility 3/6; upper (0 + 1/3*(0+0+1)) / 2 = 1/6; lower (1 + 1) / 2 = 1; D = -5/6: flagged.
#
# Point-biserial of d, against the share of a, b, c:
#   x    = 0, 0, 0, 1, 1, 1                mean 1/2
#   rest = 1, 2/3, 2/3, 0, 1/3, 0          mean (8/3)/6 = 4/9
#   rest - 4/9 = 5/9, 2/9, 2/9, -4/9, -1/9, -4/9
#   Sxy = -1/2*(5+2+2)/9 + 1/2*(-4-1-4)/9 = -1
#   Sxx = 6 * 1/4 = 3/2;  Syy = (25+4+4+16+1+16)/81 = 66/81
#   r = -1 / sqrt(3/2 * 66/81) = -1 / sqrt(11/9) = -3/sqrt(11) = -0.9045
# Point-biserial of a, against the share of b, c, d:
#   x    = 1, 1, 1, 0, 1, 0                mean 2/3
#   rest = 2/3, 1/3, 1/3, 1/3, 1/3, 1/3    mean 7/18
#   Sxy = 1/3*5/18 + 3 * 1/3*(-1/18) + 2 * (-2/3)*(-1/18) = (5 - 3 + 4)/54 = 1/9
#   Sxx = 4/9 + 2*4/9 = 4/3;  Syy = (25 + 5*1)/324 = 5/54
#   r = (1/9) / sqrt(4/3 * 5/54) = (1/9) / (sqrt(10)/9) = 1/sqrt(10) = 0.3162
EXAMPLE_B = {1: "1110", 2: "1100", 3: "1010", 4: "0001", 5: "1001", 6: "0001"}


def test_example_b_negative_discrimination_is_flagged():
    result = analyse(table(EXAMPLE_B, "abcd"))
    a, b, c, d = result.items
    assert a.facility == pytest.approx(4 / 6)
    assert b.facility == c.facility == pytest.approx(2 / 6)
    assert d.facility == pytest.approx(3 / 6)
    assert a.discrimination == pytest.approx(1.0)
    assert b.discrimination == c.discrimination == pytest.approx(2 / 3)
    assert d.discrimination == pytest.approx(-5 / 6)
    assert d.point_biserial == pytest.approx(-3 / math.sqrt(11))
    assert a.point_biserial == pytest.approx(1 / math.sqrt(10))
    assert d.flags == (Flag.NEGATIVE_DISCRIMINATION,)
    assert [i.question_id for i in result.flagged()] == ["d"]


def test_facility_flags_very_hard_and_very_easy():
    # 10 students; q "easy": all right (facility 1.0 > 0.90); q "hard": one right (0.1 < 0.20);
    # q "fine": half right.
    rows = {p: ("1" + ("1" if p == 1 else "0") + ("1" if p <= 5 else "0")) for p in range(1, 11)}
    result = analyse(table(rows, ["easy", "hard", "fine"]))
    flags = {i.question_id: i.flags for i in result.items}
    assert flags["easy"] == (Flag.VERY_EASY,)
    assert flags["hard"] == (Flag.VERY_HARD,)
    assert flags["fine"] == ()


# --- Partial credit and points ------------------------------------------------------------------
#
#   s1: q (2 points) share 0.5 -> 1 point; r (1 point) share 1 -> total (1 + 1) / 3 = 2/3
#   s2: q share 1 -> 2 points; r share 0           -> total 2 / 3
#   s3: q share 0; r share 0.5                     -> total 0.5 / 3 = 1/6
# facility q = (0.5 + 1 + 0) / 3 = 1/2; facility r = (1 + 0 + 0.5) / 3 = 1/2.
# n = 3, k = floor(0.81 + 0.5) = 1. Upper: s1, s2 tied at 2/3 share the place (1/2 each);
# lower: s3.
# D(q) = (1/2*0.5 + 1/2*1) - 0 = 3/4;  D(r) = (1/2*1 + 1/2*0) - 0.5 = 0.
# Item-rest of q: rest is r's share: x = 0.5, 1, 0 (mean 1/2), rest = 1, 0, 0.5 (mean 1/2):
#   Sxy = 0*1/2 + 1/2*(-1/2) + (-1/2)*0 = -1/4; Sxx = 1/2; Syy = 1/2; r = -1/4 / (1/2) = -1/2.
def test_partial_credit_and_totals_weighted_by_points():
    log = [answer(1, "q", 0.5, max_points=2), answer(1, "r", 1.0),
           answer(2, "q", 1.0, max_points=2), answer(2, "r", 0.0),
           answer(3, "q", 0.0, max_points=2), answer(3, "r", 0.5)]
    result = analyse(log)
    assert result.totals == pytest.approx({1: 2 / 3, 2: 2 / 3, 3: 1 / 6})
    q, r = result.items
    assert q.facility == pytest.approx(0.5) and r.facility == pytest.approx(0.5)
    assert q.discrimination == pytest.approx(0.75)
    assert r.discrimination == pytest.approx(0.0)
    assert q.point_biserial == pytest.approx(-0.5)


# --- Which answer counts ------------------------------------------------------------------------

def test_first_answer_counts_by_default_and_latest_on_request():
    log = [answer(1, "q", 0.0, minutes=0, seconds=30), answer(1, "q", 1.0, minutes=5, seconds=4),
           answer(2, "q", 1.0, minutes=1, seconds=20)]
    first = analyse(log).items[0]
    assert (first.n, first.facility, first.mean_seconds) == (2, 0.5, 25.0)
    latest = analyse(log, which="latest").items[0]
    assert (latest.n, latest.facility, latest.mean_seconds) == (2, 1.0, 12.0)
    # The order of the log does not matter, only when each answer was given.
    assert analyse(list(reversed(log))).items[0].facility == 0.5
    with pytest.raises(ValueError):
        analyse(log, which="best")  # type: ignore[arg-type]


# --- Choices ------------------------------------------------------------------------------------

BANK = load_bank_text(bank(bank_id="b"))
QUESTIONS = questions_by_key([BANK])
SINGLE = QUESTIONS[("b", "q-single")]  # Masoud Pezeshkian (right), Ebrahim Raisi, Ali Khamenei
MULTIPLE = QUESTIONS[("b", "q-multiple")]  # Putin, Kim (right), Shinzo Abe (wrong)


def test_distractor_counts_for_single_choice():
    # Six students; totals come from q-single alone plus "other" (a second question), so:
    #   s1 Pezeshkian (right), other 1 -> total 1      upper
    #   s2 Pezeshkian (right), other 1 -> total 1      upper
    #   s3 Raisi,              other 1 -> total 1/2
    #   s4 Raisi,              other 0 -> total 0      lower (tied: s4, s5, s6 share 2 places)
    #   s5 Khamenei,           other 0 -> total 0      lower
    #   s6 no answer,          other 0 -> total 0      lower
    # Raisi: picked 2 of 6 = 1/3; upper 0; lower 2/3 * 1 / 2 = 1/3.
    # Khamenei: 1 of 6; upper 0; lower 2/3 * 1 / 2 = 1/3.  Pezeshkian: 2 of 6; upper 1; lower 0.
    picks = ["Masoud Pezeshkian", "Masoud Pezeshkian", "Ebrahim Raisi", "Ebrahim Raisi",
             "Ali Khamenei", None]
    log = []
    for p, (pick, other) in enumerate(zip(picks, [1, 1, 1, 0, 0, 0], strict=True), start=1):
        log.append(answer(p, "q-single", float(pick == SINGLE.answer), response=pick,
                          content_hash=SINGLE.content_hash))
        log.append(answer(p, "other", float(other)))
    item = analyse(log, QUESTIONS).get("b", "q-single")
    assert item.type == "single"
    assert item.omitted == 1 and item.other_responses == 0 and item.older_versions == 0
    by_text = {c.text: c for c in item.choices}
    assert [c.text for c in item.choices] == list(SINGLE.choices)
    right = by_text["Masoud Pezeshkian"]
    assert (right.correct, right.picked, right.share) == (True, 2, pytest.approx(1 / 3))
    assert (right.upper_share, right.lower_share) == (pytest.approx(1.0), pytest.approx(0.0))
    raisi = by_text["Ebrahim Raisi"]
    assert (raisi.correct, raisi.picked, raisi.share) == (False, 2, pytest.approx(1 / 3))
    assert (raisi.upper_share, raisi.lower_share) == (pytest.approx(0), pytest.approx(1 / 3))
    assert by_text["Ali Khamenei"].picked == 1
    assert [c.text for c in item.distractors] == ["Ebrahim Raisi", "Ali Khamenei"]
    assert not any(c.attracts_strong_students for c in item.choices)
    assert Flag.CHANGED not in item.flags


def test_multiple_choice_counts_each_picked_choice_and_unknown_responses():
    # s1 picks Putin + Kim (right); s2 Putin + Abe; s3 a choice the bank no longer has.
    log = [answer(1, "q-multiple", 1.0, response=["Vladimir Putin", "Kim Jong Un"],
                  content_hash=MULTIPLE.content_hash),
           answer(2, "q-multiple", 0.0, response=["Vladimir Putin", "Shinzo Abe"],
                  content_hash=MULTIPLE.content_hash),
           answer(3, "q-multiple", 0.0, response=["Xi Jinping"], content_hash="old-wording")]
    item = analyse(log, QUESTIONS).items[0]
    assert {c.text: c.picked for c in item.choices} == {
        "Vladimir Putin": 2, "Kim Jong Un": 1, "Shinzo Abe": 1}
    assert {c.text for c in item.distractors} == {"Shinzo Abe"}
    assert item.other_responses == 1
    assert item.older_versions == 1
    assert Flag.CHANGED in item.flags


def test_a_wrong_choice_the_strong_students_pick_is_pointed_out():
    # Two strong students (both other questions right) pick Raisi; two weak ones (both other
    # questions wrong) pick Pezeshkian. Totals: s1, s2 = 2/3; s3, s4 = 1/3.
    # n = 4, k = floor(1.08 + 0.5) = 1: s1 and s2 share the upper place (1/2 each), s3 and s4
    # the lower one. Raisi: upper 1, lower 0. D = 0 - 1 = -1.
    log = []
    for p, pick, other in [(1, "Ebrahim Raisi", 1), (2, "Ebrahim Raisi", 1),
                           (3, "Masoud Pezeshkian", 0), (4, "Masoud Pezeshkian", 0)]:
        log += [answer(p, "q-single", float(pick == SINGLE.answer), response=pick,
                       content_hash=SINGLE.content_hash),
                answer(p, "o1", float(other)), answer(p, "o2", float(other))]
    item = analyse(log, QUESTIONS).get("b", "q-single")
    raisi = next(c for c in item.choices if c.text == "Ebrahim Raisi")
    assert (raisi.upper_share, raisi.lower_share) == (pytest.approx(1.0), pytest.approx(0.0))
    assert raisi.attracts_strong_students
    assert item.discrimination == pytest.approx(-1.0)
    assert item.flags == (Flag.NEGATIVE_DISCRIMINATION,)


def test_true_false_choices():
    tf = QUESTIONS[("b", "q-tf")]  # the answer is True
    log = [answer(1, "q-tf", 1.0, response=True, content_hash=tf.content_hash),
           answer(2, "q-tf", 0.0, response=False, content_hash=tf.content_hash),
           answer(3, "q-tf", 0.0, response=False, content_hash=tf.content_hash)]
    item = analyse(log, QUESTIONS).items[0]
    assert [(c.text, c.correct, c.picked) for c in item.choices] == [
        ("True", True, 1), ("False", False, 2)]


def test_questions_order_follows_the_banks_and_unknown_questions_still_count():
    log = [answer(1, "gone", 1.0), answer(1, "q-short", 1.0), answer(1, "q-single", 0.0)]
    result = analyse(log, QUESTIONS)
    assert [i.question_id for i in result.items] == ["q-single", "q-short", "gone"]
    assert result.get("b", "gone").type is None
    assert result.get("b", "q-short").choices == ()


# --- Degenerate input ---------------------------------------------------------------------------

def test_nothing_to_analyse():
    result = analyse([])
    assert (result.items, result.students, result.flagged()) == ((), 0, [])


def test_one_student():
    item = analyse([answer(1, "q", 1.0), answer(1, "r", 0.0)]).items[0]
    assert (item.n, item.facility, item.discrimination, item.point_biserial) == (1, 1.0, None,
                                                                                  None)


def test_everyone_scores_the_same():
    result = analyse(table({p: "10" for p in range(1, 8)}, "qr"))
    for item in result.items:
        assert item.discrimination == 0.0  # all tied: both groups are everyone
        assert item.point_biserial is None  # no variance


def test_one_question_only_has_no_rest_score():
    item = analyse([answer(p, "q", float(p % 2)) for p in range(1, 5)]).items[0]
    assert item.point_biserial is None
    assert item.discrimination == pytest.approx(1.0)


def test_zero_points_and_odd_values_do_not_crash():
    log = [answer(1, "q", 1.0, max_points=0, points=0), answer(2, "q", 0.0, max_points=0,
                                                              points=0),
           answer(1, "r", 1.5, seconds=-3), answer(2, "r", float("nan"), seconds=float("inf"))]
    result = analyse(log)
    q, r = result.items
    assert q.facility == 0.5 and r.facility == 0.5  # 1.5 counts as 1, NaN as 0
    assert r.mean_seconds == 0.0


# --- Properties ---------------------------------------------------------------------------------

rows = st.lists(
    st.tuples(st.integers(1, 6), st.sampled_from("abcd"),
              st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0, 1)),
              st.sampled_from([0.5, 1.0, 2.0, 0.0]), st.floats(0, 600),
              st.integers(0, 3)),
    max_size=60)


@settings(max_examples=300, deadline=None)
@given(rows, st.sampled_from(["first", "latest"]))
def test_values_stay_within_their_bounds(data, which):
    log = [answer(p, q, s, max_points=m, seconds=sec, minutes=when)
           for p, q, s, m, sec, when in data]
    result = analyse(log, which=which)
    assert result.students == len({p for p, *_ in data})
    assert {i.question_id for i in result.items} == {q for _, q, *_ in data}
    for item in result.items:
        assert 1 <= item.n <= result.students
        assert 0.0 <= item.facility <= 1.0
        assert item.mean_seconds >= 0
        if item.n < 2:
            assert item.discrimination is None
        else:
            assert -1.0 <= item.discrimination <= 1.0
        if item.point_biserial is not None:
            assert -1.0 <= item.point_biserial <= 1.0
        assert (Flag.NEGATIVE_DISCRIMINATION in item.flags) == \
            (item.discrimination is not None and item.discrimination < 0)
    for total in result.totals.values():
        assert 0.0 <= total <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Masoud Pezeshkian", "Ebrahim Raisi", "Ali Khamenei", None,
                                 "", 7, ["x"]]), min_size=1, max_size=12))
def test_choice_counts_never_exceed_the_students(picks):
    log = [answer(p, "q-single", float(pick == SINGLE.answer), response=pick)
           for p, pick in enumerate(picks, start=1)]
    item = analyse(log, QUESTIONS).items[0]
    assert item.n == len(picks)
    assert sum(c.picked for c in item.choices) + item.omitted + item.other_responses \
        == len(picks)
    for c in item.choices:
        assert 0.0 <= c.share <= 1.0
        for share in (c.upper_share, c.lower_share):
            assert share is None or 0.0 <= share <= 1.0

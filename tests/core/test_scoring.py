"""Every marking rule, against hand-checked cases."""

from __future__ import annotations

import pytest

from quizapp.core.loader import load_bank_text
from quizapp.core.scoring import expected_text, mark, normalise, parse_number
from tests.banktext import bank

Q = {q.type: q for q in load_bank_text(bank()).questions}


@pytest.mark.parametrize("response,score", [
    ("Masoud Pezeshkian", 1.0), ("Ebrahim Raisi", 0.0), (None, 0.0), ("masoud pezeshkian", 0.0),
])
def test_single(response, score):
    assert mark(Q["single"], response).score == score


@pytest.mark.parametrize("picked,score", [
    (["Vladimir Putin", "Kim Jong Un"], 1.0),   # both right
    (["Vladimir Putin"], 0.5),                  # 1 right of 2
    (["Vladimir Putin", "Shinzo Abe"], 0.0),    # (1 - 1) / 2
    (["Vladimir Putin", "Kim Jong Un", "Shinzo Abe"], 0.5),  # (2 - 1) / 2
    (["Shinzo Abe"], 0.0),                      # never below 0
    ([], 0.0),
])
def test_multiple(picked, score):
    assert mark(Q["multiple"], picked).score == score


def test_true_false():
    assert mark(Q["true_false"], True).correct
    assert not mark(Q["true_false"], False).correct
    assert not mark(Q["true_false"], "true").correct  # only a real yes/no counts


@pytest.mark.parametrize("typed,score,noted", [
    ("Tiananmen Square", 1.0, False), ("tiananmen", 1.0, False),
    ("  TIANANMEN-square! ", 1.0, False),
    ("Tianamen", 1.0, True),        # one letter missing: a small typo
    ("Tiananmne", 1.0, True),       # two letters swapped
    ("Tienanmun", 0.0, False),      # two edits: not a small typo
    ("Beijing", 0.0, False), ("", 0.0, False),
])
def test_short(typed, score, noted):
    result = mark(Q["short"], typed)
    assert result.score == score
    assert bool(result.note) == noted
    if noted:
        assert "Tiananmen" in result.note


def test_short_ignores_accents_and_keeps_short_answers_exact():
    question = load_bank_text(bank("short").replace("[Tiananmen Square, Tiananmen]",
                                                    "[Vučić, Fico]")).questions[0]
    assert mark(question, "vucic").correct
    assert mark(question, "Fico").correct
    assert not mark(question, "Figo").correct  # too short for typo tolerance
    assert normalise("Zoë  O'Neil") == "zoeoneil"


@pytest.mark.parametrize("typed,ok", [
    ("26", True), ("26.0", True), (" 26 ", True), (26, True), ("25", False), ("2,6", False),
    ("twenty-six", False), ("", False), (None, False),
])
def test_numeric_exact(typed, ok):
    assert mark(Q["numeric"], typed).correct is ok


def test_numeric_tolerance_and_thousands():
    question = load_bank_text(bank("numeric").replace("answer: 26\n    tolerance: 0",
                                                      "answer: 1000\n    tolerance: 50")
                              ).questions[0]
    assert mark(question, "1,000").correct
    assert mark(question, "1,050").correct
    assert mark(question, "950").correct
    assert not mark(question, "1,051").correct
    assert expected_text(question) == "1000 (± 50)"
    assert parse_number("1,000,000") == 1e6 and parse_number("1,00") is None


@pytest.mark.parametrize("given,score", [
    (["1959", "2015", "2025"], 1.0), (["2015", "1959", "2025"], 1 / 3),
    (["2025", "1959", "2015"], 0.0), (["1959"], 1 / 3),
])
def test_order(given, score):
    assert mark(Q["order"], given).score == pytest.approx(score)


@pytest.mark.parametrize("given,score", [
    ({"Fico": "Slovakia", "Vučić": "Serbia"}, 1.0), ({"Fico": "Slovakia"}, 0.5),
    ({"Fico": "Serbia", "Vučić": "Slovakia"}, 0.0), ({}, 0.0),
])
def test_match(given, score):
    assert mark(Q["match"], given).score == score


def test_points_scale_the_score():
    question = load_bank_text(bank("multiple") + "    points: 4\n").questions[0]
    result = mark(question, ["Vladimir Putin"])
    assert (result.score, result.points, result.max_points) == (0.5, 2.0, 4.0)
    assert result.partial and not result.correct


def test_expected_text_for_every_type():
    assert [expected_text(Q[t]) for t in Q] == [
        "Masoud Pezeshkian", "Vladimir Putin; Kim Jong Un", "True", "Tiananmen Square", "26",
        "1959 → 2015 → 2025", "Fico → Slovakia; Vučić → Serbia"]

"""Every bundled bank loads, passes strict validation and meets the content rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from quizapp.core.bank import QUESTION_TYPES
from quizapp.core.loader import bank_files, load_bank, load_library
from tests.conftest import BUNDLED

FILES = bank_files([BUNDLED])
BANKS = [load_bank(path) for path in FILES]


def test_the_eight_banks_are_there_with_200_questions():
    assert len(BANKS) >= 8
    assert sum(len(b.questions) for b in BANKS) >= 200
    library = load_library([BUNDLED])
    assert not library.failures, library.failures


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bank_is_strictly_valid(path):
    # Strict mode is checked at today's date: an overdue review date is a real finding.
    bank = load_bank(path, strict=True, today=dt.date.today())
    assert len(bank.questions) >= 20


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_difficulty_spread(bank):
    count = Counter(q.difficulty for q in bank.questions)
    assert count["easy"] * 4 >= len(bank.questions), count
    assert count["hard"] * 4 >= len(bank.questions), count


def test_every_type_is_used_at_least_ten_times():
    count = Counter(q.type for b in BANKS for q in b.questions)
    assert {t: count[t] for t in QUESTION_TYPES if count[t] < 10} == {}


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_every_question_has_explanation_and_a_dated_source(bank):
    for q in bank.questions:
        assert q.explanation and len(q.explanation) > 20, q.id
        source = bank.source_for(q)
        assert source is not None, q.id
        assert source.publisher and source.published and source.url, source.key
        assert source.url.startswith(("http://", "https://")), source.key
        assert source.published <= bank.as_of, (source.key, "published after the bank's as_of")


def test_bank_ids_are_unique_and_match_file_names():
    assert len({b.id for b in BANKS}) == len(BANKS)
    assert all(b.path.stem == b.id for b in BANKS)

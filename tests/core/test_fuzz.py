"""Property tests: whatever the input, only our located error escapes, and quickly."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.loader import BankError, load_bank_text
from tests.banktext import bank

FUZZ = settings(max_examples=400, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

VALID = bank()
TOKENS = ["format: 1", "id: x", "questions:", "  - ", "type: single", "choices: [a, b]",
          "answer: a", "[", "]", "{", "}", ":", "- ", "&a ", "*a", "!!python/object ", "<<: ",
          "? ", "|", ">", "'", '"', "\t", "\n", "  ", "---", "...", "%YAML 1.1", "#", "~",
          "2024-02-30", "1e999", ".nan", "NO", "\ufeff", "é", "한", "\x00", "\\x"]


def outcome(data: str | bytes):
    started = time.perf_counter()
    try:
        load_bank_text(data, "fuzz.yaml")
    except BankError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.yaml") for p in exc.problems)
    assert time.perf_counter() - started < 5  # bounded: never a hang


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    outcome(data)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=80).map("".join))
def test_random_yaml_fragments(text):
    outcome(text)


@FUZZ
@given(st.data())
def test_mutations_of_a_valid_bank(data):
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        if action == "delete":
            j = data.draw(st.integers(i, min(len(text), i + 20)))
            text = text[:i] + text[j:]
        elif action == "insert":
            text = text[:i] + data.draw(st.sampled_from(TOKENS)) + text[i:]
        else:
            text = text[:i] + data.draw(st.characters()) + text[i + 1:]
    outcome(text)

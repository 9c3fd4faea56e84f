"""Small banks written inline for tests."""

from __future__ import annotations

HEADER = """\
format: 1
id: {bank_id}
title: "Test bank"
as_of: 2025-09-05
sources:
  - key: src
    title: "A source"
    publisher: "Associated Press"
    published: 2025-09-03
    url: https://example.org/a
questions:
"""

QUESTIONS = {
    "single": """\
  - id: q-single
    type: single
    prompt: "Who represented Iran at the parade?"
    choices: [Masoud Pezeshkian, Ebrahim Raisi, Ali Khamenei]
    answer: Masoud Pezeshkian
    explanation: "He came after the SCO summit."
    source: src
""",
    "multiple": """\
  - id: q-multiple
    type: multiple
    prompt: "Which leaders attended? Select all that apply."
    choices: [Vladimir Putin, Kim Jong Un, Shinzo Abe]
    answer: [Vladimir Putin, Kim Jong Un]
    explanation: "Both stood beside Xi."
    source: src
""",
    "true_false": """\
  - id: q-tf
    type: true_false
    prompt: "The parade was held on 3 September 2025."
    answer: true
    explanation: "A Wednesday."
    source: src
""",
    "short": """\
  - id: q-short
    type: short
    prompt: "Name the square."
    answer: [Tiananmen Square, Tiananmen]
    explanation: "In central Beijing."
    source: src
""",
    "numeric": """\
  - id: q-numeric
    type: numeric
    prompt: "How many foreign leaders were announced?"
    answer: 26
    tolerance: 0
    explanation: "Announced on 28 August."
    source: src
""",
    "order": """\
  - id: q-order
    type: order
    prompt: "Earliest first."
    items: ["1959", "2015", "2025"]
    explanation: "Three parades."
    source: src
""",
    "match": """\
  - id: q-match
    type: match
    prompt: "Match leaders to countries."
    pairs:
      Fico: Slovakia
      Vučić: Serbia
    explanation: "The only European leaders present."
    source: src
""",
}


def bank(*types: str, bank_id: str = "test-bank", extra: str = "") -> str:
    """A valid bank with one question of each named type (all types when none named)."""
    chosen = types or tuple(QUESTIONS)
    return HEADER.format(bank_id=bank_id) + "".join(QUESTIONS[t] for t in chosen) + extra

"""The documented example is a valid bank, and the docs cover every type."""

from __future__ import annotations

import re

from quizapp.core.bank import QUESTION_TYPES
from quizapp.core.loader import load_bank_text
from tests.conftest import REPO


def test_bank_format_example_validates_strictly():
    doc = (REPO / "docs" / "bank-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S)[1]
    bank = load_bank_text(example, "docs/bank-format.md", strict=True)
    assert sorted({q.type for q in bank.questions}) == sorted(QUESTION_TYPES)

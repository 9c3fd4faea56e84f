"""What a careful author would fix in a bank that loads: ``quizapp validate --strict``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from quizapp.core.bank import AnyQuestion, Bank, Match, Multiple, Order, Single

# Patterns across a bank only mean something with enough questions to show them.
MIN_QUESTIONS_FOR_PATTERNS = 4


def lint_bank(bank: Bank, today: dt.date | None = None) -> Iterator[tuple[tuple, str]]:
    """Yield (path in the file, message) for each thing a careful author would fix."""
    today = today or dt.date.today()
    if bank.review_by is not None and bank.review_by < today:
        yield ("review_by",), (f"the bank was due for review on {bank.review_by.isoformat()}: "
                               "check its facts, then move review_by forward")
    for source_index, source in enumerate(bank.sources):
        missing = [k for k in ("publisher", "published", "url") if getattr(source, k) is None]
        if missing:
            yield ("sources", source_index), (f"source '{source.key}' has no "
                                              + " and no ".join(missing))
    for i, q in enumerate(bank.questions):
        at = ("questions", i)
        if not q.explanation:
            yield at, f"question '{q.id}' has no explanation"
        if not q.source:
            yield at, f"question '{q.id}' has no source"
        if q.review_by is not None and q.review_by < today:
            yield (*at, "review_by"), (f"question '{q.id}' was due for review on "
                                       f"{q.review_by.isoformat()}")
    yield from _repeats(bank)
    yield from _giveaways(bank)


def _repeats(bank: Bank) -> Iterator[tuple[tuple, str]]:
    """Questions asked twice (a copy pasted and never changed): the same type, prompt and
    choices, items or pairs, whatever their order, case, spacing and punctuation."""
    first: dict[tuple, str] = {}
    for i, q in enumerate(bank.questions):
        key = _content(q)
        if key in first:
            yield ("questions", i), (f"question '{q.id}' asks the same as question "
                                     f"'{first[key]}' (same prompt and "
                                     f"{_what(q)}): remove one or change it")
        else:
            first[key] = q.id


def _content(q: AnyQuestion) -> tuple:
    if isinstance(q, Single | Multiple):
        options = q.choices
    elif isinstance(q, Order):
        options = q.items
    elif isinstance(q, Match):
        options = [f"{left}={right}" for left, right in q.pairs.items()]
    else:
        options = []
    return q.type, _plain(q.prompt), frozenset(_plain(o) for o in options)


def _what(q: AnyQuestion) -> str:
    if isinstance(q, Single | Multiple):
        return "choices"
    return {"order": "items", "match": "pairs"}.get(q.type, "type")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _giveaways(bank: Bank) -> Iterator[tuple[tuple, str]]:
    singles = [q for q in bank.questions if isinstance(q, Single)]
    if len(singles) < MIN_QUESTIONS_FOR_PATTERNS:
        return
    longest = [q for q in singles
               if all(len(q.answer) > len(c) for c in q.choices if c != q.answer)]
    if len(longest) == len(singles):
        yield ("questions",), (f"in all {len(singles)} single-choice questions the correct "
                               "choice is the longest: students learn to pick the longest")
    positions = Counter(q.choices.index(q.answer) for q in singles)
    position, count = positions.most_common(1)[0]
    if count == len(singles):
        yield ("questions",), (f"in all {len(singles)} single-choice questions the answer is "
                               f"choice {position + 1} in the list: vary its position")

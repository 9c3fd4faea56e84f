"""Marking one answer. Every rule is a pure function of the question and the response.

Responses are plain JSON-able values, as stored in the score store:

==========  ======================================================
single      the chosen text
multiple    a list of the chosen texts
true_false  ``True`` or ``False``
short       the typed text
numeric     the typed text (``26``, ``26.0``, ``1,000``) or a number
order       the items in the order the student put them
match       a mapping of left item to the chosen right item
==========  ======================================================

``None`` is no answer (skipped, or the time ran out) and scores 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quizapp.core.bank import AnyQuestion, Match, Multiple, Numeric, Order, Short, Single, TrueFalse

# A typed answer this many edits away from an accepted one still counts ("one small typo"),
# but only for answers long enough that one edit cannot make a different word.
TYPO_EDITS = 1
TYPO_MIN_LENGTH = 5


@dataclass(frozen=True)
class Mark:
    """The outcome of one answer."""

    score: float  # share of the question earned, 0..1
    points: float  # points earned
    max_points: float
    expected: str  # the correct answer, as a student should read it
    note: str = ""  # e.g. the expected spelling when a typo was forgiven

    @property
    def correct(self) -> bool:
        return self.score >= 1.0

    @property
    def partial(self) -> bool:
        return 0.0 < self.score < 1.0


def mark(question: AnyQuestion, response: object) -> Mark:
    score, note = _score(question, response)
    score = max(0.0, min(1.0, score))
    return Mark(score=score, points=score * question.points, max_points=float(question.points),
                expected=expected_text(question), note=note)


def expected_text(question: AnyQuestion) -> str:
    """The correct answer written out for a student."""
    if isinstance(question, Single):
        return question.answer
    if isinstance(question, Multiple):
        return "; ".join(c for c in question.choices if c in question.answer)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, Short):
        return question.answer[0]
    if isinstance(question, Numeric):
        text = format_number(question.answer)
        if question.tolerance:
            text += f" (± {format_number(question.tolerance)})"
        return text
    if isinstance(question, Order):
        return " → ".join(question.items)
    if isinstance(question, Match):
        return "; ".join(f"{left} → {right}" for left, right in question.pairs.items())
    raise TypeError(f"unknown question type {type(question).__name__}")


def format_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:g}"


def _score(question: AnyQuestion, response: object) -> tuple[float, str]:
    if response is None:
        return 0.0, ""
    if isinstance(question, Single):
        return float(response == question.answer), ""
    if isinstance(question, Multiple):
        picked = set(response) if isinstance(response, list | tuple | set) else set()
        right = set(question.answer)
        return (len(picked & right) - len(picked - right)) / len(right), ""
    if isinstance(question, TrueFalse):
        return float(response is question.answer), ""
    if isinstance(question, Short):
        return _score_short(question, str(response))
    if isinstance(question, Numeric):
        value = parse_number(response)
        if value is None:
            return 0.0, ""
        return float(abs(value - question.answer) <= question.tolerance + 1e-9), ""
    if isinstance(question, Order):
        given = list(response) if isinstance(response, list | tuple) else []
        right = sum(1 for a, b in zip(given, question.items, strict=False) if a == b)
        return right / len(question.items), ""
    if isinstance(question, Match):
        given = response if isinstance(response, dict) else {}
        right = sum(1 for left, r in question.pairs.items() if given.get(left) == r)
        return right / len(question.pairs), ""
    raise TypeError(f"unknown question type {type(question).__name__}")


_PUNCTUATION_AND_SPACE = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Case, accents, spaces and punctuation removed: 'Vučić' and 'vucic ' are equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _PUNCTUATION_AND_SPACE.sub("", stripped)


def _score_short(question: Short, response: str) -> tuple[float, str]:
    given = normalise(response)
    if not given:
        return 0.0, ""
    accepted = [(normalise(a), a) for a in question.answer]
    if any(given == norm for norm, _ in accepted):
        return 1.0, ""
    from rapidfuzz.distance import DamerauLevenshtein  # only for a short answer not matched

    for norm, original in accepted:
        if len(norm) >= TYPO_MIN_LENGTH and \
                DamerauLevenshtein.distance(given, norm, score_cutoff=TYPO_EDITS) <= TYPO_EDITS:
            return 1.0, f"Accepted as a small typo: the spelling is “{original}”."
    return 0.0, ""


_NUMBER_TEXT = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?")


def parse_number(value: object) -> float | None:
    """What a student typed as a number: ``26``, ``26.0``, ``1,000``, `` -3.5 ``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u2212", "-").replace(" ", "")
    if not text or not _NUMBER_TEXT.fullmatch(text) or text in "+-.":
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def response_text(question: AnyQuestion, response: object) -> str:
    """What the student answered, written out for the results table."""
    if response is None or response == "" or response == [] or response == {}:
        return "(no answer)"
    if isinstance(question, TrueFalse):
        return "True" if response is True else "False" if response is False else str(response)
    if isinstance(question, Multiple):
        return "; ".join(str(r) for r in response) if isinstance(response, list) else str(response)
    if isinstance(question, Order):
        return " → ".join(str(r) for r in response) if isinstance(response, list) else \
            str(response)
    if isinstance(question, Match):
        if isinstance(response, dict):
            return "; ".join(f"{left} → {response[left]}" for left in question.pairs
                             if left in response) or "(no answer)"
    return str(response)

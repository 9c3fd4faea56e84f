"""Item analysis: which questions work, computed at once from the answers in the score store.

Feed it ``ScoreStore.iter_answer_log()`` (or any iterable of ``LoggedAnswer``, filtered as
wanted: one class, one bank, scored quizzes only) and, for the choice counts, the questions
themselves::

    log = store.iter_answer_log()
    try:
        result = analyse(log, questions_by_key(library.banks))
    finally:
        log.close()
    for item in result.flagged():
        ...

Per question it gives the facility index, the discrimination index (upper versus lower 27%),
the item-rest (point-biserial) correlation, how often each choice was picked, the mean time, and
flags for questions worth a second look. Every formula is written out in
``docs/item-analysis.md``. No Qt, no database: plain values in, plain dataclasses out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from quizapp.core.bank import AnyQuestion, Bank, Multiple, Single, TrueFalse

if TYPE_CHECKING:  # the store package pulls in SQLAlchemy; the analysis needs only the shape
    from quizapp.core.store.models import AnswerRow, LoggedAnswer

Key = tuple[str, str]  # (bank id, question id)

GROUP_SHARE = 0.27  # Kelley's upper and lower groups
VERY_HARD = 0.20  # facility below this is flagged
VERY_EASY = 0.90  # facility above this is flagged
_PLACES = 9  # totals are compared rounded, so 0.1 + 0.2 and 0.3 count as a tie


class Flag(StrEnum):
    """Why a question deserves a second look."""

    NEGATIVE_DISCRIMINATION = "negative discrimination"  # strong students miss it more
    VERY_HARD = "very hard"
    VERY_EASY = "very easy"
    CHANGED = "changed"  # some answers were given to an earlier wording of the question


@dataclass(frozen=True, slots=True)
class ChoiceStat:
    """How often one choice was picked, among the students counted for the question."""

    text: str
    correct: bool
    picked: int  # students who picked it
    share: float  # picked / n
    upper_share: float | None  # share of the upper group that picked it (None: no groups)
    lower_share: float | None

    @property
    def attracts_strong_students(self) -> bool:
        """A wrong choice the upper group picks more often than the lower group: often a
        sign of an outdated or ambiguous key."""
        return (not self.correct and self.upper_share is not None
                and self.lower_share is not None and self.upper_share > self.lower_share)


@dataclass(frozen=True, slots=True)
class ItemStats:
    bank_id: str
    question_id: str
    type: str | None  # the question's type; None when it is no longer in the banks
    n: int  # students counted (one answer each)
    facility: float  # mean score share, 0..1
    discrimination: float | None  # upper minus lower group mean, -1..1; None below 2 students
    point_biserial: float | None  # item-rest correlation, -1..1; None without variance
    mean_seconds: float
    omitted: int  # counted answers with no response (skipped or timed out)
    choices: tuple[ChoiceStat, ...]  # single, multiple and true/false, in the bank's order
    other_responses: int  # responses naming no current choice (the question was edited)
    older_versions: int  # counted answers given to an earlier wording (content hash differs)
    flags: tuple[Flag, ...]

    @property
    def key(self) -> Key:
        return (self.bank_id, self.question_id)

    @property
    def distractors(self) -> tuple[ChoiceStat, ...]:
        """The wrong choices."""
        return tuple(c for c in self.choices if not c.correct)


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    items: tuple[ItemStats, ...]
    students: int  # distinct players in the analysed answers
    totals: Mapping[int, float]  # each player's total score share over the analysed set
    which: str  # "first" or "latest": which answer of a student to a question counted

    def get(self, bank_id: str, question_id: str) -> ItemStats | None:
        return next((i for i in self.items if i.key == (bank_id, question_id)), None)

    def flagged(self) -> list[ItemStats]:
        return [i for i in self.items if i.flags]


def questions_by_key(banks: Iterable[Bank]) -> dict[Key, AnyQuestion]:
    """The mapping ``analyse`` wants, from loaded banks (e.g. ``library.banks``)."""
    return {(b.id, q.id): q for b in banks for q in b.questions}


def analyse(log: Iterable[LoggedAnswer], questions: Mapping[Key, AnyQuestion] | None = None,
            *, which: Literal["first", "latest"] = "first") -> ItemAnalysis:
    """Item statistics over every answer in ``log``.

    Each student counts once per question: their ``first`` answer (default: before they had
    seen the explanation) or their ``latest``. ``questions`` gives the choices for the choice
    counts and the current wording; without it those parts stay empty.
    """
    if which not in ("first", "latest"):
        raise ValueError(f"which must be 'first' or 'latest', not {which!r}")
    chosen: dict[tuple[int, Key], AnswerRow] = {}
    for entry in log:
        a = entry.answer
        slot = (entry.player_id, (a.bank_id, a.question_id))
        old = chosen.get(slot)
        if old is None or (_when(a) < _when(old) if which == "first" else _when(a) > _when(old)):
            chosen[slot] = a

    by_student: dict[int, list[AnswerRow]] = {}
    by_item: dict[Key, list[tuple[int, AnswerRow]]] = {}
    for (player, key), a in chosen.items():
        by_student.setdefault(player, []).append(a)
        by_item.setdefault(key, []).append((player, a))

    sums = {p: (sum(_share(a) * _weight(a) for a in rows), sum(_weight(a) for a in rows),
                sum(_share(a) for a in rows), len(rows)) for p, rows in by_student.items()}
    totals = {p: _ratio(s, w, plain, count) for p, (s, w, plain, count) in sums.items()}

    order = {key: i for i, key in enumerate(questions or {})}
    keys = sorted(by_item, key=lambda k: (order.get(k, len(order)), k))
    items = []
    for key in keys:
        question = questions.get(key) if questions is not None else None
        items.append(_item(key, by_item[key], question, sums, totals))
    return ItemAnalysis(tuple(items), len(by_student), totals, which)


def _item(key: Key, answers: list[tuple[int, AnswerRow]], question: AnyQuestion | None,
          sums: Mapping[int, tuple[float, float, float, int]],
          totals: Mapping[int, float]) -> ItemStats:
    answers = sorted(answers, key=lambda pa: pa[0])
    n = len(answers)
    x = [_share(a) for _, a in answers]
    facility = _clamp(sum(x) / n, 0.0, 1.0)

    upper = lower = None
    discrimination = None
    if n >= 2:
        k = max(1, math.floor(GROUP_SHARE * n + 0.5))
        t = [round(totals[p], _PLACES) for p, _ in answers]
        upper = _group_weights(t, k)
        lower = _group_weights([-v for v in t], k)
        discrimination = _clamp(_group_mean(upper, x, k) - _group_mean(lower, x, k), -1.0, 1.0)

    rest_x, rest_y = [], []
    for (player, a), score in zip(answers, x, strict=True):
        s, w, plain, count = sums[player]
        if count < 2:
            continue  # nothing else answered: no rest score
        rest_x.append(score)
        rest_y.append(_ratio(s - score * _weight(a), w - _weight(a), plain - score, count - 1))
    point_biserial = _pearson(rest_x, rest_y)

    choices: tuple[ChoiceStat, ...] = ()
    other = 0
    if isinstance(question, Single | Multiple | TrueFalse):
        choices, other = _choice_stats(question, [a.response for _, a in answers], upper, lower)
    older = 0 if question is None else \
        sum(1 for _, a in answers if a.content_hash != question.content_hash)

    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append(Flag.NEGATIVE_DISCRIMINATION)
    if facility < VERY_HARD:
        flags.append(Flag.VERY_HARD)
    if facility > VERY_EASY:
        flags.append(Flag.VERY_EASY)
    if older:
        flags.append(Flag.CHANGED)
    return ItemStats(
        bank_id=key[0], question_id=key[1], type=None if question is None else question.type,
        n=n, facility=facility, discrimination=discrimination, point_biserial=point_biserial,
        mean_seconds=sum(_seconds(a) for _, a in answers) / n,
        omitted=sum(1 for _, a in answers if a.response is None), choices=choices,
        other_responses=other, older_versions=older, flags=tuple(flags))


def _choice_stats(question: Single | Multiple | TrueFalse, responses: Sequence[Any],
                  upper: list[float] | None,
                  lower: list[float] | None) -> tuple[tuple[ChoiceStat, ...], int]:
    if isinstance(question, TrueFalse):
        texts = ["True", "False"]
        right = {"True" if question.answer else "False"}
    else:
        texts = list(question.choices)
        right = {question.answer} if isinstance(question, Single) else set(question.answer)
    picks: list[set[str]] = []
    other = 0
    for response in responses:
        picked = _picked(question, response)
        if picked - set(texts):
            other += 1
        picks.append(picked)
    n = len(responses)
    k = sum(upper) if upper else 0.0
    stats = []
    for text in texts:
        hit = [1.0 if text in p else 0.0 for p in picks]
        stats.append(ChoiceStat(
            text=text, correct=text in right, picked=int(sum(hit)), share=sum(hit) / n,
            upper_share=_group_mean(upper, hit, k) if upper else None,
            lower_share=_group_mean(lower, hit, k) if lower else None))
    return tuple(stats), other


def _picked(question: AnyQuestion, response: Any) -> set[str]:
    if response is None:
        return set()
    if isinstance(question, TrueFalse):
        return {"True"} if response is True else {"False"} if response is False \
            else {str(response)}
    if isinstance(question, Multiple):
        return {str(r) for r in response} if isinstance(response, list | tuple) \
            else {str(response)}
    return {str(response)}


def _group_weights(totals: Sequence[float], k: int) -> list[float]:
    """Membership of the top ``k`` by total. Students tied at the boundary share the places
    left equally, so the result never depends on who happens to be listed first."""
    boundary = sorted(totals, reverse=True)[k - 1]
    above = sum(1 for t in totals if t > boundary)
    tied = sum(1 for t in totals if t == boundary)
    share = (k - above) / tied
    return [1.0 if t > boundary else share if t == boundary else 0.0 for t in totals]


def _group_mean(weights: Sequence[float] | None, values: Sequence[float], k: float) -> float:
    if not weights or k <= 0:
        return 0.0
    return _clamp(sum(w * v for w, v in zip(weights, values, strict=True)) / k, 0.0, 1.0)


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    n = len(x)
    if n < 2:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None  # everyone scored the same on the item, or on the rest
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    return _clamp(sxy / math.sqrt(sxx * syy), -1.0, 1.0)


def _when(a: AnswerRow) -> tuple:
    return (a.answered_at, a.id)


def _share(a: AnswerRow) -> float:
    score = float(a.score)
    return _clamp(score, 0.0, 1.0) if math.isfinite(score) else 0.0


def _weight(a: AnswerRow) -> float:
    w = float(a.max_points)
    return w if math.isfinite(w) and w > 0 else 0.0


def _seconds(a: AnswerRow) -> float:
    s = float(a.seconds)
    return s if math.isfinite(s) and s > 0 else 0.0


def _ratio(weighted: float, weight: float, plain: float, count: int) -> float:
    """Points over maximum points; the plain mean if no answer carries points."""
    if weight > 1e-12:
        return _clamp(weighted / weight, 0.0, 1.0)
    return _clamp(plain / count, 0.0, 1.0) if count else 0.0


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))

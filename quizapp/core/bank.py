"""The bank format, version 1, as typed objects.

The objects are plain frozen dataclasses, so using a bank (in a quiz, in the window, from the
cache) never imports pydantic, which costs a tenth of a second at start-up. Reading a bank from
its file goes through ``quizapp.core.bankformat``: pydantic checks the file against these
classes, and the names in their annotations (``Text``, ``Id``, ``Choices``...) are the format's
types and limits defined there. See ``docs/bank-format.md`` for the format as authors read it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quizapp.core.terms import (  # noqa: F401 - re-exported: the format's words and limits
    DIFFICULTIES,
    FORMAT_VERSION,
    MAX_ENTRIES,
    MAX_TAGS,
    MAX_TEXT,
    QUESTION_TYPES,
)

if TYPE_CHECKING:  # the names of the annotations below; pydantic finds them in bankformat
    from quizapp.core.bankformat import (
        Answers,
        Boolean,
        Choices,
        Date,
        FormatNumber,
        Id,
        Language,
        Number,
        Pairs,
        Positive,
        Questions,
        ShortAnswers,
        Sources,
        Tags,
        Text,
        Tolerance,
    )

# Unknown keys are refused (pydantic reads this when it checks a file).
_STRICT = {"extra": "forbid"}
_record = dataclass(frozen=True, kw_only=True)


@_record
class Source:
    __pydantic_config__ = _STRICT

    key: Id
    title: Text
    publisher: Text | None = None
    published: Date | None = None
    url: Text | None = None


@_record
class _QuestionBase:
    __pydantic_config__ = _STRICT

    id: Id
    prompt: Text
    explanation: Text | None = None
    source: Id | None = None
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    tags: Tags = field(default_factory=list)
    points: Positive = 1
    time_limit: Positive | None = None
    review_by: Date | None = None
    image: Text | None = None

    @cached_property
    def content_hash(self) -> str:
        """Changes whenever what a student sees or is marked against changes."""
        data = {name: value for name, value in _plain(self).items()
                if name not in ("tags", "review_by", "difficulty")}
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@_record
class Single(_QuestionBase):
    type: Literal["single"]
    choices: Choices
    answer: Text


@_record
class Multiple(_QuestionBase):
    type: Literal["multiple"]
    choices: Choices
    answer: Answers


@_record
class TrueFalse(_QuestionBase):
    type: Literal["true_false"]
    answer: Boolean


@_record
class Short(_QuestionBase):
    type: Literal["short"]
    answer: ShortAnswers


@_record
class Numeric(_QuestionBase):
    type: Literal["numeric"]
    answer: Number
    tolerance: Tolerance = 0


@_record
class Order(_QuestionBase):
    type: Literal["order"]
    items: Choices


@_record
class Match(_QuestionBase):
    type: Literal["match"]
    pairs: Pairs


AnyQuestion = Single | Multiple | TrueFalse | Short | Numeric | Order | Match
QUESTION_CLASSES: dict[str, type[AnyQuestion]] = {
    "single": Single, "multiple": Multiple, "true_false": TrueFalse, "short": Short,
    "numeric": Numeric, "order": Order, "match": Match}


@_record
class Bank:
    __pydantic_config__ = _STRICT

    format: FormatNumber
    id: Id
    title: Text
    description: Text | None = None
    language: Language = "en"
    as_of: Date
    review_by: Date | None = None
    tags: Tags = field(default_factory=list)
    sources: Sources = field(default_factory=list)
    questions: Questions

    @property
    def path(self) -> Path | None:
        """The file this bank was loaded from (set by the loader; not part of the file)."""
        return self.__dict__.get("_path")

    def set_path(self, path: Path | None) -> None:
        object.__setattr__(self, "_path", path)

    @cached_property
    def source_map(self) -> dict[str, Source]:
        return {s.key: s for s in self.sources}

    @cached_property
    def facets(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each question's difficulty and tags, in order: all that listing and counting banks
        needs. A bank read from the cache has them before its questions are built."""
        return tuple((q.difficulty, tuple(q.tags)) for q in self.questions)

    def source_for(self, question: _QuestionBase) -> Source | None:
        return self.source_map.get(question.source) if question.source else None

    def source_text(self, question: _QuestionBase) -> str:
        """'Publisher, 3 September 2025, “Title”', or '' for a question without a source."""
        source = self.source_for(question)
        if source is None:
            return ""
        parts = [source.publisher] if source.publisher else []
        if source.published:
            parts.append(f"{source.published.day} {source.published:%B %Y}")
        parts.append(f"“{source.title}”")
        return ", ".join(parts)

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return self.review_by is not None and self.review_by < today


def as_data(bank: Bank) -> dict[str, Any]:
    """The bank as JSON-ready data: dates as text (what ``deferred_bank`` reads back)."""
    return _plain(bank)


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dates(data: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if data.get(name) is not None:
            data[name] = dt.date.fromisoformat(data[name])
    return data


@contextlib.contextmanager
def no_cycle_collection(*, freeze: bool = False) -> Iterator[None]:
    """A bank is hundreds of thousands of small acyclic objects: the cycle collector would
    walk them again and again while they are built (it more than triples the load time).

    ``freeze``: what was built is kept for good (a window's banks), so it is moved out of the
    collector's sight (``gc.freeze``) before the collector is switched on again, which would
    otherwise walk every new object once at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def deferred_bank(data: dict[str, Any], facets: list, questions_text: bytes | str, *,
                  keep: bool = False) -> Bank:
    """A bank from data this QuizApp wrote itself (the cache: ``as_data`` less the
    questions), not checked again: a bank file is read through ``bankformat.validate``. Data
    of another shape raises ``KeyError``, ``TypeError`` or ``ValueError``.

    Its questions are built from ``questions_text`` (their JSON) the first time they are
    used: listing hundreds of banks needs only their ``facets`` (as ``Bank.facets`` gives
    them). ``keep``: the bank lives as long as the process, so its questions are frozen out
    of the cycle collector's sight once built, as the loader does with the banks it reads
    (``loader.load_library(keep=True)``)."""
    sources = [_restore(Source, _dates(s, "published")) for s in data.pop("sources")]
    data["sources"] = sources
    if data.keys() != _FIELDS_BUT_QUESTIONS:
        raise KeyError(f"Bank: other fields than {sorted(data)}")
    bank = object.__new__(Bank)
    bank.__dict__.update(_dates(data, "as_of", "review_by"))
    bank.__dict__.update(facets=facets, _questions_text=questions_text, _keep=keep)
    return bank


class _Deferred:
    """``Bank.questions`` of a ``deferred_bank``: a non-data descriptor, so it is asked only
    while the bank's own ``questions`` are not built yet (every other bank has them)."""

    def __get__(self, bank: Bank | None, owner: type | None = None) -> list[AnyQuestion]:
        text = None if bank is None else bank.__dict__.get("_questions_text")
        if text is None:
            raise AttributeError("questions")
        with no_cycle_collection(freeze=bank.__dict__.get("_keep", False)):
            questions = [_restore(QUESTION_CLASSES[q["type"]],
                                  q if q["review_by"] is None else _dates(q, "review_by"))
                         for q in json.loads(text)]
            bank.__dict__["questions"] = questions
            bank.__dict__.pop("_questions_text", None)
        return questions


Bank.questions = _Deferred()  # type: ignore[assignment] - see _Deferred
_FIELDS_BUT_QUESTIONS = Bank.__dataclass_fields__.keys() - {"questions"}


def _restore(cls: type, data: dict[str, Any]) -> Any:
    """``cls(**data)`` without the frozen ``__init__``, which sets each field through
    ``object.__setattr__`` and made reading 500 cached banks take a third of a second."""
    if data.keys() != cls.__dataclass_fields__.keys():
        raise KeyError(f"{cls.__name__}: other fields than {sorted(data)}")
    obj = object.__new__(cls)
    obj.__dict__.update(data)
    return obj

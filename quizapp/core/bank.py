"""The bank format, version 1, as typed objects.

``yamlsafe`` hands us text for every scalar; the types here decide what a number, a yes/no or a
date is, so what the author typed stays exactly as typed wherever text is expected.
See ``docs/bank-format.md`` for the format as authors read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
)

FORMAT_VERSION = 1
# Bounds that keep any bank cheap to load and to show (a window of 40 choices or a 7 MB prompt
# would stall it): at most this many characters in a text, entries in a list of choices,
# items, pairs or accepted answers, and tags in a list.
MAX_TEXT = 5000
MAX_ENTRIES = 26
MAX_TAGS = 26
QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "order", "match")
DIFFICULTIES = ("easy", "medium", "hard")

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def _to_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            if "," in text and _NUMBER.fullmatch(text.replace(",", "")):
                raise ValueError(f"write the number without commas: {text.replace(',', '')}")
            raise ValueError(f"expected a number, found '{value}'")
        value = float(text)
        if value.is_integer() and abs(value) < 2**53 and not re.search(r"[.eE]", text):
            value = int(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    raise ValueError(f"expected true or false, found '{value}'")


def _to_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value} is not a real date") from None
    raise ValueError(f"expected a date written as YYYY-MM-DD, found '{value}'")


Number = Annotated[float | int, BeforeValidator(_to_number),
                   WithJsonSchema({"type": "number"})]
Boolean = Annotated[bool, BeforeValidator(_to_bool), WithJsonSchema({"type": "boolean"})]
Date = Annotated[dt.date, BeforeValidator(_to_date),
                 PlainSerializer(lambda d: d.isoformat(), return_type=str),
                 WithJsonSchema({"type": "string", "format": "date"})]
# No Python validator here: every text field of every question passes through this type and
# the YAML reader already gives text, so the constraint runs inside pydantic-core.
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1,
                                        max_length=MAX_TEXT),
                 WithJsonSchema({"type": ["string", "number"], "minLength": 1,
                                 "maxLength": MAX_TEXT})]
Key = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1,
                                       max_length=MAX_TEXT)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Positive = Annotated[Number, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Source(_Strict):
    key: Id
    title: Text
    publisher: Text | None = None
    published: Date | None = None
    url: Text | None = None


class _QuestionBase(_Strict):
    id: Id
    prompt: Text
    explanation: Text | None = None
    source: Id | None = None
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    tags: Annotated[list[Id], Field(max_length=MAX_TAGS)] = Field(default_factory=list)
    points: Positive = 1
    time_limit: Positive | None = None
    review_by: Date | None = None
    image: Text | None = None

    @cached_property
    def content_hash(self) -> str:
        """Changes whenever what a student sees or is marked against changes."""
        data = self.model_dump(mode="json", exclude={"tags", "review_by", "difficulty"})
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


class Single(_QuestionBase):
    type: Literal["single"]
    choices: Annotated[list[Text], Field(min_length=2, max_length=MAX_ENTRIES)]
    answer: Text


class Multiple(_QuestionBase):
    type: Literal["multiple"]
    choices: Annotated[list[Text], Field(min_length=2, max_length=MAX_ENTRIES)]
    answer: Annotated[list[Text], Field(min_length=1, max_length=MAX_ENTRIES)]


class TrueFalse(_QuestionBase):
    type: Literal["true_false"]
    answer: Boolean


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | int | float) else value


class Short(_QuestionBase):
    type: Literal["short"]
    answer: Annotated[list[Text], BeforeValidator(_as_list),
                      Field(min_length=1, max_length=MAX_ENTRIES)]


class Numeric(_QuestionBase):
    type: Literal["numeric"]
    answer: Number
    tolerance: Annotated[Number, Field(ge=0)] = 0


class Order(_QuestionBase):
    type: Literal["order"]
    items: Annotated[list[Text], Field(min_length=2, max_length=MAX_ENTRIES)]


class Match(_QuestionBase):
    type: Literal["match"]
    pairs: Annotated[dict[Key, Text], Field(min_length=2, max_length=MAX_ENTRIES)]


Question = Annotated[Single | Multiple | TrueFalse | Short | Numeric | Order | Match,
                     Field(discriminator="type")]


class Bank(_Strict):
    format: Annotated[int, BeforeValidator(_to_number)]
    id: Id
    title: Text
    description: Text | None = None
    language: Annotated[str, StringConstraints(
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    as_of: Date
    review_by: Date | None = None
    tags: Annotated[list[Id], Field(max_length=MAX_TAGS)] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    questions: Annotated[list[Question], Field(min_length=1)]

    _path: Path | None = PrivateAttr(default=None)  # set by the loader; not part of the file

    @property
    def path(self) -> Path | None:
        """The file this bank was loaded from."""
        return self._path

    @cached_property
    def source_map(self) -> dict[str, Source]:
        return {s.key: s for s in self.sources}

    def source_for(self, question: _QuestionBase) -> Source | None:
        return self.source_map.get(question.source) if question.source else None

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return self.review_by is not None and self.review_by < today


AnyQuestion = Single | Multiple | TrueFalse | Short | Numeric | Order | Match


def json_schema() -> dict[str, Any]:
    """The JSON Schema of bank format 1, for editors' YAML language servers."""
    schema = Bank.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "QuizApp question bank, format 1"
    schema["properties"]["format"] = {"const": FORMAT_VERSION, "type": "integer"}
    return schema

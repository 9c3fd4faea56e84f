"""Reading the bank format: pydantic checks a parsed file and builds the ``bank`` objects.

``quizapp.core.bank`` holds the objects as plain dataclasses, so that using a bank (from the
cache, in a quiz, in the window) never imports pydantic. This module gives the names in their
annotations (``Text``, ``Id``, ``Choices``...) the types and limits of the format, and is
imported only to read a bank from YAML and for ``quizapp schema``. Every such name is defined
here and handed to ``bank``'s namespace, where pydantic resolves it.

``yamlsafe`` hands us text for every scalar; the types here decide what a number, a yes/no or a
date is, so what the author typed stays exactly as typed wherever text is expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    ValidationError,  # noqa: F401 - re-exported for the loader
    WithJsonSchema,
)

from quizapp.core import bank
from quizapp.core.bank import (
    FORMAT_VERSION,
    MAX_ENTRIES,
    MAX_TAGS,
    MAX_TEXT,
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Short,
    Single,
    Source,
    TrueFalse,
)

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
Tolerance = Annotated[Number, Field(ge=0)]
FormatNumber = Annotated[int, BeforeValidator(_to_number)]
Language = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Tags = Annotated[list[Id], Field(max_length=MAX_TAGS)]
Choices = Annotated[list[Text], Field(min_length=2, max_length=MAX_ENTRIES)]
Answers = Annotated[list[Text], Field(min_length=1, max_length=MAX_ENTRIES)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | int | float) else value


ShortAnswers = Annotated[list[Text], BeforeValidator(_as_list),
                         Field(min_length=1, max_length=MAX_ENTRIES)]
Pairs = Annotated[dict[Key, Text], Field(min_length=2, max_length=MAX_ENTRIES)]
Question = Annotated[Single | Multiple | TrueFalse | Short | Numeric | Order | Match,
                     Field(discriminator="type")]
Questions = Annotated[list[Question], Field(min_length=1)]
Sources = list[Source]


# pydantic resolves a dataclass's annotations in the namespace of the dataclass's module: the
# names ``bank`` leaves undefined (so that it needs no pydantic) are given to it here.
_FORMAT_TYPES = ("Number", "Boolean", "Date", "Text", "Key", "Id", "Positive", "Tolerance",
                 "FormatNumber", "Language", "Tags", "Choices", "Answers", "ShortAnswers",
                 "Pairs", "Question", "Questions", "Sources")
vars(bank).update({name: globals()[name] for name in _FORMAT_TYPES})
ADAPTER: TypeAdapter[Bank] = TypeAdapter(Bank)


def validate(root: Any) -> Bank:
    """The bank in a parsed file; raises pydantic's ``ValidationError``."""
    return ADAPTER.validate_python(root)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of bank format 1, for editors' YAML language servers."""
    schema = ADAPTER.json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "QuizApp question bank, format 1"
    schema["properties"]["format"] = {"const": FORMAT_VERSION, "type": "integer"}
    return schema

"""Banks as a Moodle XML question file, for a school's Moodle (Question bank > Import).

Each bank becomes a category ``QuizApp/<bank title>``, each question a Moodle question of the
same kind, marked as QuizApp marks it where Moodle can:

==============  ===============================================================================
QuizApp         Moodle
==============  ===============================================================================
single          multichoice, one answer
multiple        multichoice, several answers: each right choice earns its share and each wrong
                one takes a share away (QuizApp's rule; Moodle stops at 0 as QuizApp does)
true_false      truefalse
short           shortanswer, every accepted answer, case ignored (Moodle does not forgive
                accents, punctuation or typos as QuizApp does)
numeric         numerical, with the same tolerance
order           ordering, a point share for each item in its place
match           matching, a point share for each pair
==============  ===============================================================================

The explanation, the source and the date the facts are as of go into the general feedback
(shown after an answer); the difficulty and tags become Moodle tags; the points the default
mark. Bank text is escaped into HTML, so nothing in a bank is markup in Moodle either.
Images are not exported.

Moodle refuses a whole import over one grade that is not in its list (1/1 to 1/10 of the
marks, and a few others), so a "multiple" question with more than ten right choices, whose
shares no Moodle grade can hold, is left out and named in ``MoodleFile.left_out``. What the
importer reads was checked against Moodle's ``question/format/xml/format.php`` and the
ordering question type's ``import_from_xml``; see docs/moodle.md.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.atomic import replacing
from quizapp.core.bank import (
    AnyQuestion,
    Bank,
    Match,
    Multiple,
    Numeric,
    Order,
    Short,
    Single,
    TrueFalse,
)

CATEGORY_ROOT = "$course$/top/QuizApp"
MOST_RIGHT_CHOICES = 10  # Moodle's grades hold shares of 1/1 to 1/10


@dataclass(frozen=True)
class MoodleFile:
    data: bytes  # the XML, UTF-8
    questions: int  # how many questions it holds
    left_out: list[str]  # "bank-id/question-id: why", for questions Moodle could not take


def moodle_xml(banks: Iterable[Bank]) -> MoodleFile:
    """The Moodle XML file of these banks."""
    quiz = ET.Element("quiz")
    count, left_out = 0, []
    for bank in banks:
        quiz.append(_comment(f"QuizApp bank {bank.id}: {bank.title}"))
        category = _sub(quiz, "question", type="category")
        _text(category, "category", f"{CATEGORY_ROOT}/{_category_name(bank.title)}")
        _text(category, "info", _html(bank.description or ""), format="html")
        for question in bank.questions:
            if isinstance(question, Multiple) and len(question.answer) > MOST_RIGHT_CHOICES:
                left_out.append(f"{bank.id}/{question.id}: more than {MOST_RIGHT_CHOICES} "
                                "right choices, whose shares no Moodle grade can hold")
                continue
            quiz.append(_question(bank, question))
            count += 1
    ET.indent(quiz)
    data = ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"
    return MoodleFile(data, count, left_out)


def write_moodle_xml(banks: Iterable[Bank], path: Path) -> MoodleFile:
    """Write the file all-or-nothing (``atomic.replacing``); return what it holds."""
    exported = moodle_xml(banks)
    with replacing(path) as fh:
        fh.write(exported.data)
    return exported


# --- one question ---------------------------------------------------------------------------


def _question(bank: Bank, q: AnyQuestion) -> ET.Element:
    kind = {Single: "multichoice", Multiple: "multichoice", TrueFalse: "truefalse",
            Short: "shortanswer", Numeric: "numerical", Order: "ordering",
            Match: "matching"}[type(q)]
    element = ET.Element("question", type=kind)
    _text(element, "name", f"{bank.id} / {q.id}")
    _text(element, "questiontext", _html(q.prompt), format="html")
    _text(element, "generalfeedback", _feedback(bank, q), format="html")
    _sub(element, "defaultgrade").text = _number(q.points)
    _sub(element, "penalty").text = "0.3333333"
    _sub(element, "hidden").text = "0"
    _sub(element, "idnumber").text = f"{bank.id}/{q.id}"[:100]
    if isinstance(q, Single | Multiple):
        _choices(element, q)
    elif isinstance(q, TrueFalse):
        for value in (True, False):
            _answer(element, "true" if value else "false", 100 if q.answer is value else 0)
    elif isinstance(q, Short):
        _sub(element, "usecase").text = "0"
        for accepted in q.answer:
            _answer(element, accepted.replace("*", "\\*"), 100)
    elif isinstance(q, Numeric):
        answer = _answer(element, _number(q.answer), 100)
        _sub(answer, "tolerance").text = _number(q.tolerance)
    elif isinstance(q, Order):
        _ordering(element, q)
    elif isinstance(q, Match):
        _sub(element, "shuffleanswers").text = "true"
        for left, right in q.pairs.items():
            pair = _text(element, "subquestion", _html(left), format="html")
            _text(pair, "answer", right)
    _tags(element, [q.difficulty, *q.tags])
    return element


def _choices(element: ET.Element, q: Single | Multiple) -> None:
    right = [q.answer] if isinstance(q, Single) else list(q.answer)
    _sub(element, "single").text = "true" if isinstance(q, Single) else "false"
    _sub(element, "shuffleanswers").text = "true"
    _sub(element, "answernumbering").text = "ABCD"
    share = 100 / len(right)
    for choice in q.choices:
        if choice in right:
            fraction = share
        else:
            fraction = 0 if isinstance(q, Single) else -share
        _answer(element, _html(choice), fraction, format="html")


def _ordering(element: ET.Element, q: Order) -> None:
    for name, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                        ("selectcount", str(len(q.items))),
                        ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                        ("numberingstyle", "none")):
        _sub(element, name).text = value
    for item in q.items:  # the right order is the order of the answers
        _answer(element, _html(item), 100, format="html")


def _feedback(bank: Bank, q: AnyQuestion) -> str:
    parts = [_html(q.explanation)] if q.explanation else []
    source = bank.source_text(q)
    if source:
        parts.append("Source: " + _html(source))
    parts.append(f"Facts as of {bank.as_of.day} {bank.as_of:%B %Y} (QuizApp bank "
                 f"“{_html(bank.title)}”).")
    return "".join(f"<p>{part}</p>" for part in parts)


# --- XML pieces -----------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, attributes)


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    """``<tag ...><text>text</text></tag>``, Moodle's way of holding text."""
    element = _sub(parent, tag, **attributes)
    _sub(element, "text").text = text
    return element


def _answer(parent: ET.Element, text: str, fraction: float, *,
            format: str = "moodle_auto_format") -> ET.Element:  # noqa: A002 - Moodle's name
    """An answer; bank text in it is escaped HTML (``format="html"``), a plain value
    (true, a number, an accepted spelling) is Moodle's auto format."""
    answer = _text(parent, "answer", text, fraction=_number(fraction), format=format)
    _text(answer, "feedback", "", format="html")
    return answer


def _tags(element: ET.Element, tags: list[str]) -> None:
    box = _sub(element, "tags")
    for tag in dict.fromkeys(tags):
        _text(box, "tag", tag)


def _comment(text: str) -> ET.Element:
    return ET.Comment(" " + text.replace("--", "- -") + " ")


def _html(text: str) -> str:
    """Bank text as HTML that shows it literally, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _category_name(title: str) -> str:
    """A category path segment: Moodle splits paths at "/" (written "//" inside a name)."""
    return title.replace("/", "//")


def _number(value: float) -> str:
    """100, 33.3333333, 0.5: no needless ".0", enough digits for Moodle's grades."""
    text = f"{value:.7f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"

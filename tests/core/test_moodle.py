"""Banks as Moodle XML: every bundled question comes out as the Moodle question Moodle's importer
reads (question/format/xml/format.php), with grades from Moodle's list, and text escaped."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest

from quizapp.core import paths
from quizapp.core.bank import Match, Multiple, Numeric, Order, Short, Single, TrueFalse
from quizapp.core.loader import load_bank_text, load_library
from quizapp.core.moodle import moodle_xml, write_moodle_xml
from tests.banktext import HEADER, bank

# Moodle's grades (question/engine/bank.php): a fraction must be within 0.00001 of one of them.
GRADES = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25,
          0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]
GRADES += [-g for g in GRADES]
KIND = {Single: "multichoice", Multiple: "multichoice", TrueFalse: "truefalse",
        Short: "shortanswer", Numeric: "numerical", Order: "ordering", Match: "matching"}


@pytest.fixture(scope="module")
def bundled():
    return load_library([paths.bundled_banks_dir()]).banks


def text(element: ET.Element, path: str) -> str:
    return element.find(path).find("text").text or ""


def shown(value: str) -> str:
    """What Moodle shows for an HTML text: the markup undone."""
    return html.unescape(value.replace("<br>", "\n"))


def fractions(question: ET.Element) -> list[float]:
    return [float(a.get("fraction")) / 100 for a in question.findall("answer")]


def test_every_bundled_question_is_exported_as_moodle_reads_it(bundled):
    exported = moodle_xml(bundled)
    root = ET.fromstring(exported.data)
    assert root.tag == "quiz" and not exported.left_out
    elements = root.findall("question")
    expected = [(b, q) for b in bundled for q in b.questions]
    assert exported.questions == len(expected) == len(elements) - len(bundled)
    questions = iter(e for e in elements if e.get("type") != "category")
    categories = [text(e, "category") for e in elements if e.get("type") == "category"]
    assert categories == [f"$course$/top/QuizApp/{b.title}" for b in bundled]
    for b, q in expected:
        element = next(questions)
        assert element.get("type") == KIND[type(q)]
        assert text(element, "name") == f"{b.id} / {q.id}"
        assert shown(text(element, "questiontext")) == q.prompt
        feedback = text(element, "generalfeedback")
        assert f"Source: {html.escape(b.source_text(q), quote=False)}" in feedback
        assert f"Facts as of {b.as_of.day} {b.as_of:%B %Y}" in feedback
        assert float(element.find("defaultgrade").text) == q.points
        assert all(any(abs(f - g) <= 0.00001 for g in GRADES) for f in fractions(element))
        answers = [shown(a.find("text").text) for a in element.findall("answer")]
        if isinstance(q, Single | Multiple):
            right = [q.answer] if isinstance(q, Single) else q.answer
            assert answers == q.choices
            assert element.find("single").text == ("true" if isinstance(q, Single) else "false")
            shares = dict(zip(answers, fractions(element), strict=True))
            assert sum(shares[c] for c in right) == pytest.approx(1, abs=1e-4)
            assert all(shares[c] <= 0 for c in q.choices if c not in right)
        elif isinstance(q, TrueFalse):
            assert dict(zip(answers, fractions(element), strict=True)) == {
                "true": float(q.answer), "false": float(not q.answer)}
        elif isinstance(q, Short):
            assert [a.replace("\\*", "*") for a in answers] == q.answer
            assert set(fractions(element)) == {1.0} and element.find("usecase").text == "0"
        elif isinstance(q, Numeric):
            assert float(answers[0]) == q.answer
            assert float(element.find("answer/tolerance").text) == q.tolerance
        elif isinstance(q, Order):
            assert answers == q.items  # the right order
            assert (element.find("selecttype").text, element.find("selectcount").text,
                    element.find("gradingtype").text) == ("ALL", str(len(q.items)),
                                                          "ABSOLUTE_POSITION")
        else:
            pairs = {shown(text(s, ".")): s.find("answer/text").text
                     for s in element.findall("subquestion")}
            assert pairs == q.pairs
        tags = [t.find("text").text for t in element.findall("tags/tag")]
        assert tags == list(dict.fromkeys([q.difficulty, *q.tags]))


def test_bank_text_is_never_markup_in_moodle(tmp_path):
    marked_up = bank("single", "match").replace(
        '"Who represented Iran at the parade?"',
        '"<img src=x onerror=alert(1)> Who & <b>what</b>?"')
    b = load_bank_text(marked_up)
    root = ET.fromstring(moodle_xml([b]).data)
    question = root.findall("question")[1]
    assert text(question, "questiontext") == (
        "&lt;img src=x onerror=alert(1)&gt; Who &amp; &lt;b&gt;what&lt;/b&gt;?")
    path = tmp_path / "out.xml"
    assert write_moodle_xml([b], path).questions == 2
    assert ET.parse(path).getroot().tag == "quiz"


def test_a_question_moodle_cannot_grade_is_left_out_and_named():
    choices = [f"Leader {n}" for n in range(12)]
    text_ = HEADER.format(bank_id="many") + f"""\
  - id: eleven-right
    type: multiple
    prompt: "Which of these came?"
    choices: [{", ".join(choices)}]
    answer: [{", ".join(choices[:11])}]
  - id: ten-right
    type: multiple
    prompt: "And these?"
    choices: [{", ".join(choices)}]
    answer: [{", ".join(choices[:10])}]
"""
    exported = moodle_xml([load_bank_text(text_)])
    assert exported.questions == 1
    assert exported.left_out == ["many/eleven-right: more than 10 right choices, whose shares "
                                 "no Moodle grade can hold"]
    kept = [q for q in ET.fromstring(exported.data).findall("question")
            if q.get("type") == "multichoice"]
    assert [text(q, "name") for q in kept] == ["many / ten-right"]
    assert sorted(set(fractions(kept[0]))) == [-0.1, 0.1]


def test_a_slash_in_a_bank_title_stays_in_its_category_name():
    b = load_bank_text(bank("single").replace('title: "Test bank"', 'title: "Xi / Putin"'))
    category = ET.fromstring(moodle_xml([b]).data).find("question")
    assert text(category, "category") == "$course$/top/QuizApp/Xi // Putin"

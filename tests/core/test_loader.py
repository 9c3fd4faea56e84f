"""The loader: every class of bad input gives a located message; good input loads as typed."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.core import yamlsafe
from quizapp.core.bank import Match, Numeric, Order, Short, Single, TrueFalse, as_data
from quizapp.core.loader import BankError, load_bank, load_bank_text, load_library
from tests.banktext import HEADER, bank

BOTH = pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "pure"])


def problems(text: str | bytes, *, fast: bool = True, strict: bool = False,
             today: dt.date | None = None) -> list[tuple[int | None, str]]:
    with pytest.raises(BankError) as info:
        load_bank_text(text, "bank.yaml", fast=fast, strict=strict, today=today)
    return [(p.line, p.message) for p in info.value.problems]


def one(text: str | bytes, **kwargs) -> tuple[int | None, str]:
    found = problems(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


@BOTH
def test_a_bank_of_every_type_loads(fast):
    loaded = load_bank_text(bank(), fast=fast)
    kinds = [type(q) for q in loaded.questions]
    assert kinds[:3] == [Single, type(loaded.questions[1]), TrueFalse]
    assert loaded.as_of == dt.date(2025, 9, 5)
    assert isinstance(loaded.questions[3], Short)
    assert loaded.questions[3].answer == ["Tiananmen Square", "Tiananmen"]
    assert isinstance(loaded.questions[4], Numeric) and loaded.questions[4].answer == 26
    assert isinstance(loaded.questions[5], Order) and loaded.questions[5].items[0] == "1959"
    assert isinstance(loaded.questions[6], Match)
    assert loaded.questions[6].pairs == {"Fico": "Slovakia", "Vučić": "Serbia"}
    assert loaded.source_for(loaded.questions[0]).publisher == "Associated Press"


@BOTH
def test_text_stays_exactly_as_typed(fast):
    text = bank("single", extra="""\
  - id: typed
    type: single
    prompt: 1:30
    choices: [NO, "017", 017, 3.10, 2025-09-03, yes, on, 1959]
    answer: 3.10
    explanation: 2024-02-30
    source: src
""").replace('choices: [NO, "017", 017,', 'choices: [NO, "0017", 017,')
    q = load_bank_text(text, fast=fast).questions[1]
    assert q.prompt == "1:30"
    assert q.choices == ["NO", "0017", "017", "3.10", "2025-09-03", "yes", "on", "1959"]
    assert q.answer == "3.10"
    assert q.explanation == "2024-02-30"


def test_numbers_typed_as_choices_are_accepted_and_kept():
    text = bank(extra="""\
  - id: years
    type: single
    prompt: "When?"
    choices: [1959, 2015, 2025]
    answer: 2015
    explanation: "x"
    source: src
""")
    q = load_bank_text(text).questions[-1]
    assert q.choices == ["1959", "2015", "2025"] and q.answer == "2015"


def test_numeric_answer_accepts_decimal_forms():
    text = bank("numeric").replace("answer: 26\n", "answer: 26.0\n")
    assert load_bank_text(text).questions[0].answer == 26.0


# --- YAML-level refusals -----------------------------------------------------------------


@BOTH
def test_python_tag_is_refused_and_never_runs(fast, tmp_path):
    marker = tmp_path / "ran"
    text = bank("single") + f"extra: !!python/object/apply:os.system ['touch {marker}']\n"
    line, message = problems(text, fast=fast)[0]
    assert "tags such as" in message and line == text.count("\n")
    assert not marker.exists()


def test_custom_tag_is_refused():
    line, message = one(bank("single").replace('title: "Test bank"', 'title: !custom "Test"'))
    assert line == 3 and "tags such as !custom" in message


@BOTH
def test_anchors_and_aliases_are_refused(fast):
    text = bank("single").replace('title: "Test bank"', 'title: &t "Test bank"') + \
        "description: *t\n"
    found = problems(text, fast=fast)
    assert (3, "anchors (&t) are not allowed in banks: write the value out") in found
    assert any(line == text.count("\n") and "aliases (*t)" in msg for line, msg in found)


def test_merge_keys_are_refused():
    text = bank("single") + "extra:\n  <<: {a: 1}\n"
    assert any("merge keys" in msg for _, msg in problems(text))


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    found = problems("\n".join(lines))
    assert found and all("anchors" in m or "aliases" in m for _, m in found)


@BOTH
@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_before_building(fast, opener):
    text = opener * 100_000
    line, message = one(text, fast=fast)
    assert line == 1 and f"nested more than {yamlsafe.MAX_DEPTH} levels" in message


def test_file_over_the_size_cap_is_refused(write_bank, monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 1000)
    path = write_bank(bank() + "#" * 2000 + "\n")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert "a bank may be at most" in info.value.problems[0].message


def test_duplicate_key_is_an_error_naming_both_lines():
    text = bank("single").replace('title: "Test bank"\n', 'title: "Test bank"\ntitle: "Again"\n')
    assert one(text) == (4, "duplicate key 'title' (first written on line 3); "
                            "a key may appear only once")


def test_unknown_key_suggests_the_right_one():
    text = bank("single").replace("    explanation:", "    explanaton:")
    line, message = one(text)
    assert line == 17
    assert message == ("question 'q-single': unknown key 'explanaton' for a single question "
                       "(did you mean 'explanation'?)")


def test_unknown_top_level_key():
    line, message = one(bank("single").replace("as_of:", "as_off: 2025-09-05\nas_of:"))
    assert line == 4 and message == "unknown key 'as_off' (did you mean 'as_of'?)"


def test_several_documents_are_refused():
    line, message = one(bank("single") + "---\nformat: 1\n")
    assert "several YAML documents" in message and line == bank("single").count("\n") + 1


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(text):
    assert one(text) == (1, "the file is empty: a bank needs at least `format`, `id`, "
                            "`title`, `as_of` and `questions`")


@pytest.mark.parametrize("text,found", [("- a\n- b\n", "a list"), ("hello\n", "a single value")])
def test_root_must_be_a_mapping(text, found):
    assert one(text)[1].endswith(f"but it is {found}")


def test_latin1_text_is_refused_with_its_line():
    text = bank("single").replace("Ali Khamenei", "Zoë").encode("latin-1")
    line, message = one(text)
    assert line == 15 and "not UTF-8" in message


def test_byte_order_mark_is_fine():
    assert load_bank_text(b"\xef\xbb\xbf" + bank("single").encode()).id == "test-bank"


def test_nul_byte_is_refused():
    line, message = one(bank("single").encode().replace(b"Test bank", b"Test\0bank"))
    assert line == 3 and "NUL byte" in message


def test_utf16_is_explained():
    assert "UTF-16" in one(bank("single").encode("utf-16"))[1]


def test_syntax_error_is_located_with_a_hint():
    text = bank("single").replace('prompt: "Who represented Iran at the parade?"',
                                  "prompt: Question: who came?")
    line, message = one(text)
    assert line == 14 and "not valid YAML" in message and "double quotes" in message


def test_tab_indentation_is_explained():
    line, message = one("format: 1\n\tid: x\n")
    assert line == 2 and "tabs" in message


# --- format and schema -------------------------------------------------------------------


def test_newer_format_is_refused_clearly():
    line, message = one(bank("single").replace("format: 1", "format: 2"))
    assert line == 1
    assert message == ("this bank uses format 2, but this version of QuizApp reads format 1 "
                       "at most: update QuizApp to open it")


def test_missing_format():
    assert "missing required key 'format'" in one(bank("single").replace("format: 1\n", ""))[1]


def test_impossible_date_is_located():
    assert one(bank("single").replace("as_of: 2025-09-05", "as_of: 2024-02-30")) == \
        (4, "as_of: 2024-02-30 is not a real date")


def test_missing_required_keys_are_all_reported():
    text = bank("single", "numeric").replace('    prompt: "Who represented Iran at the parade?"\n',
                                             "").replace("    answer: 26\n", "")
    found = problems(text)
    assert (12, "question 'q-single': missing required key 'prompt'") in found
    assert (18, "question 'q-numeric': missing required key 'answer'") in found


def test_unknown_type_lists_the_types():
    line, message = one(bank("single").replace("type: single", "type: essay"))
    assert line == 13 and "unknown question type 'essay'; use one of: single, multiple" in message


@pytest.mark.parametrize("replace,expected", [
    (("answer: true", "answer: yes"), "question 'q-tf': answer: expected true or false, "
                                      "found 'yes'"),
    (("answer: 26", "answer: 1,000"), "question 'q-numeric': answer: write the number without "
                                      "commas: 1000"),
    (("tolerance: 0", "tolerance: .nan"), "question 'q-numeric': tolerance: expected a number, "
                                          "found '.nan'"),
    (("answer: 26", "answer: 1e999"), "question 'q-numeric': answer: expected a finite number"),
    (("id: q-tf", "id: Q TF"), "id: 'Q TF' is not a valid id"),
])
def test_bad_values_are_explained(replace, expected):
    text = bank("true_false", "numeric").replace(*replace)
    assert expected in one(text)[1]


@pytest.mark.parametrize("key,value,expected", [
    ("points", "0", "points must be greater than 0, found 0"),
    ("points", "-2", "points must be greater than 0, found -2"),
    ("time_limit", "0", "time_limit must be greater than 0"),
    ("difficulty", "medum", "difficulty must be one of easy, medium, hard, found 'medum'"),
])
def test_question_limits(key, value, expected):
    text = bank("single") + f"    {key}: {value}\n"
    line, message = one(text)
    assert expected in message and line == text.count("\n")


# --- semantic checks ---------------------------------------------------------------------


def test_answer_must_be_a_choice_with_a_suggestion():
    text = bank("single").replace("answer: Masoud Pezeshkian", "answer: Masoud Pezeshkan")
    assert one(text) == (16, "question 'q-single': the answer 'Masoud Pezeshkan' is not one of "
                             "the choices; it must be written exactly as a choice "
                             "(did you mean 'Masoud Pezeshkian'?)")


def test_independent_problems_are_all_reported():
    text = bank("single", "multiple", "match").replace("Ali Khamenei]", "Ebrahim Raisi]") \
        .replace("answer: [Vladimir Putin, Kim Jong Un]", "answer: [Vladimir Putin, Xi]") \
        .replace("Vučić: Serbia", "Vučić: Slovakia").replace("source: src\n", "source: scr\n", 1)
    found = problems(text)
    assert [line for line, _ in found] == [15, 18, 23, 31]
    assert "the choice 'Ebrahim Raisi' is listed twice" in found[0][1]
    assert "no source with key 'scr' in this bank's sources (did you mean 'src'?)" in found[1][1]
    assert "the answer 'Xi' is not one of the choices" in found[2][1]
    assert "'Slovakia' is matched twice" in found[3][1]


def test_duplicate_question_ids():
    text = bank("single", "true_false").replace("id: q-tf", "id: q-single")
    assert one(text) == (19, "question id 'q-single' is already used by question 1")


@pytest.mark.parametrize("image,reason", [
    ("../secret.png", "must stay inside the bank's folder"),
    ("/etc/passwd", "must be a path relative to the bank's folder"),
    ("C:\\\\Windows\\\\x.png", "must be a path relative to the bank's folder"),
    ("https://example.org/x.png", "must be a path relative to the bank's folder"),
])
def test_image_paths_stay_inside_the_folder(image, reason):
    text = bank("single") + f'    image: "{image}"\n'
    assert reason in one(text)[1]


def test_image_symlink_out_of_the_folder_is_refused(write_bank, tmp_path):
    (tmp_path / "outside.png").write_bytes(b"x")
    path = write_bank(bank("single") + "    image: pic.png\n")
    (path.parent / "pic.png").symlink_to(tmp_path / "outside.png")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert "links to a file outside" in info.value.problems[0].message


# --- strict mode -------------------------------------------------------------------------


def test_strict_reports_what_a_careful_author_fixes():
    text = bank("single", "true_false").replace('    explanation: "A Wednesday."\n', "") \
        + "    review_by: 2025-01-01\n"
    assert load_bank_text(text)  # fine when not strict
    found = problems(text, strict=True, today=dt.date(2026, 1, 1))
    assert (19, "question 'q-tf' has no explanation") in found
    assert (24, "question 'q-tf' was due for review on 2025-01-01") in found


def test_strict_flags_answers_always_longest_or_in_one_place():
    extra = "".join(f"""\
  - id: q{i}
    type: single
    prompt: "Q{i}?"
    choices: [The long right answer, Wrong, Bad]
    answer: The long right answer
    explanation: "x"
    source: src
""" for i in range(4))
    found = problems(HEADER.format(bank_id="b") + extra, strict=True)
    assert any("the correct choice is the longest" in m for _, m in found)
    assert any("the answer is choice 1 in the list" in m for _, m in found)


# --- the boundary and the library --------------------------------------------------------


def test_unreadable_file_is_a_located_error(tmp_path):
    with pytest.raises(BankError) as info:
        load_bank(tmp_path / "missing.yaml")
    assert "cannot read the file" in info.value.problems[0].message


def test_problem_prints_like_a_compiler(write_bank):
    path = write_bank(bank("single").replace("type: single", "type: essay"))
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert str(info.value.problems[0]).startswith(f"{path}:13:11: question 'q-single': ")


def test_one_bad_file_never_stops_the_others(write_bank):
    good = write_bank(bank(bank_id="good"), "a-good.yaml")
    bad = write_bank("format: 1\nid: [\n", "b-bad.yaml")
    also_good = write_bank(bank(bank_id="also-good"), "c-good.yaml")
    library = load_library([good.parent])
    assert [b.id for b in library.banks] == ["good", "also-good"]
    assert list(library.failures) == [bad]
    assert library.banks[0].path == good and library.banks[1].path == also_good


def test_a_bank_id_loaded_twice_names_both_files(write_bank, tmp_path):
    first = write_bank(bank(bank_id="same"), "one.yaml")
    second = write_bank(bank(bank_id="same"), "two.yaml", folder=tmp_path / "other")
    library = load_library([first.parent, second.parent])
    assert [b.path for b in library.banks] == [first]
    message = library.failures[second][0].message
    assert str(first) in message and "'same' is already used" in message


@pytest.mark.parametrize("text", [
    bank(), bank("single") + "extra: !!python/name:os.system\n", "[" * 50_000, "a: &x 1\nb: *x",
    b"\xff\xfe\x00", "format: 1\nid: x\ntitle: t\nas_of: 2025-09-05\nquestions: [1, [2], {a: b}]",
    "format: 99999999999999999999999", "format: 1e400",
])
def test_both_parsers_agree(text):
    def outcome(fast):
        try:
            return as_data(load_bank_text(text, fast=fast))
        except BankError as exc:
            return [(p.line, p.message) for p in exc.problems]

    assert outcome(True) == outcome(False)


COPIES = """\
  - id: q-single-again
    type: single
    prompt: "who represented  Iran at the parade"
    choices: [Ali Khamenei, Masoud Pezeshkian, Ebrahim Raisi]
    answer: Masoud Pezeshkian
    explanation: "Pasted, the choices moved."
    source: src
  - id: q-order-other
    type: order
    prompt: "Earliest first."
    items: ["1949", "1999", "2009"]
    explanation: "Other parades."
    source: src
"""


def test_strict_flags_a_question_asked_twice():
    """A copy pasted and never changed; the same prompt with other items is another question
    (the bundled banks have several "Put these events in order" questions)."""
    found = problems(bank("single", "order") + COPIES, strict=True)
    assert (25, "question 'q-single-again' asks the same as question 'q-single' (same prompt "
                "and choices): remove one or change it") in found
    assert not any("q-order-other" in m for _, m in found)
    assert load_bank_text(bank("single", "order") + COPIES)  # fine when not strict

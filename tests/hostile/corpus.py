"""The hostile corpus: bank files that attack the loader and the window, and what each must do.

``corpus/`` holds the files small enough to keep in the repository (one per class of bad input;
each starts with a comment saying what it tries). ``build(root)`` copies them into
``root / "banks"`` and adds what is better made at test time: files of several megabytes, a named
pipe, links out of the folder, a file name that is markup, oversized images. It also puts a
canary file in ``root`` (the folder *above* the banks), which banks try to reach with ``..``,
absolute paths and links: nothing may ever open it.

``EXPECTED`` says, for every file, ``LOADS`` (with an optional check of what was loaded) or
``Fails(line, fragment)``: the first problem reported is on that line and contains that text.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizapp.core import yamlsafe
from quizapp.core.bank import MAX_TEXT, Bank

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CANARY = "hostile-canary.png"  # in the folder above the banks; nothing may open it
GOOD_BANK_ID = "good-control-bank"
MARKUP_NAME = f'markup-name-<img src="{CANARY}" width=900><b>bold.yaml'  # made on POSIX only


@dataclass(frozen=True)
class Loads:
    """The bank loads; ``check`` looks at what was loaded (text kept exactly as typed...)."""

    check: Callable[[Bank], None] | None = None


@dataclass(frozen=True)
class Fails:
    """The first problem is on ``line`` (None: the file as a whole) and says ``fragment``."""

    line: int | None
    fragment: str


@dataclass(frozen=True)
class Ignored:
    """Not a bank file at all: never read."""


LOADS = Loads()


# --- checks of banks that load -----------------------------------------------------------


def _traps_kept(bank: Bank) -> None:
    q = bank.questions[0]
    assert bank.title == "NO"
    assert q.prompt == "1:30" and q.answer == "3.10" and q.explanation == "2025-09-03"
    assert q.choices == ["NO", "yes", "on", "off", "y", "n", "0017", "017", "0o17", "0x1F", "3.10",
                         "1_000", "1:30", "2025-09-03", "2024-02-30", ".inf", ".NaN", "-.inf",
                         "1e3", "~text", "null"]


def _title(expected: str) -> Callable[[Bank], None]:
    def check(bank: Bank) -> None:
        assert bank.title == expected, (bank.title, expected)
    return check


def _every_type(prefix: str) -> Callable[[Bank], None]:
    def check(bank: Bank) -> None:
        assert [q.type for q in bank.questions] == ["single", "multiple", "true_false", "short",
                                                    "numeric", "order", "match"]
        assert bank.title.startswith(prefix), bank.title
    return check


def _markup_kept(bank: Bank) -> None:
    _every_type('<img src="/etc/passwd">')(bank)
    assert bank.questions[0].prompt == 'M1 <img src="../hostile-canary.png" width=4000 ' \
        'height=4000> <img src="file:///etc/shadow">'


def _normalisation_kept(bank: Bank) -> None:
    assert bank.questions[0].choices == ["Caf\u00e9", "Cafe\u0301"]  # two different choices


EXPECTED: dict[str, Loads | Fails | Ignored] = {
    # Code execution: every tag is refused where it is written; nothing is constructed from it.
    "tag-python-apply.yaml": Fails(12, "tags such as tag:yaml.org,2002:python/object/apply:"
                                       "os.system are not allowed in banks"),
    "tag-python-name.yaml": Fails(4, "tags such as tag:yaml.org,2002:python/name:os.system"),
    "tag-python-module.yaml": Fails(12, "tags such as tag:yaml.org,2002:python/module:os"),
    "tag-custom.yaml": Fails(4, "tags such as !custom are not allowed in banks: remove it"),
    "tag-directive.yaml": Fails(11, "tags such as tag:evil.example,2025:run are not allowed"),
    "tag-binary.yaml": Fails(12, "tags such as tag:yaml.org,2002:binary are not allowed"),
    "tag-on-collection.yaml": Fails(10, "tags such as tag:yaml.org,2002:set are not allowed"),
    "tag-odd-name.yaml": Fails(5, "while scanning a tag, expected '!', but found '*'"),
    # Anchors, aliases, merge keys.
    "anchor-and-alias.yaml": Fails(4, "anchors (&t) are not allowed in banks: write the value out"),
    "anchor-unused.yaml": Fails(10, "anchors (&c) are not allowed in banks"),
    "billion-laughs.yaml": Fails(12, "anchors (&lol0) are not allowed in banks"),
    "merge-key-alias.yaml": Fails(6, "anchors (&defaults) are not allowed in banks"),
    "merge-key-inline.yaml": Fails(8, "merge keys (<<) are not allowed in banks: write the "
                                      "keys out"),
    # Nesting: refused on the event stream, before anything recursive runs.
    "deep-flow-list.yaml": Fails(12, "nested more than 12 levels deep"),
    "deep-flow-map.yaml": Fails(12, "nested more than 12 levels deep"),
    "deep-block-map.yaml": Fails(24, "nested more than 12 levels deep"),
    "deep-block-list.yaml": Fails(24, "nested more than 12 levels deep"),
    # Keys.
    "duplicate-key-top.yaml": Fails(6, "duplicate key 'title' (first written on line 4)"),
    "duplicate-key-question.yaml": Fails(12, "duplicate key 'answer' (first written on line 11)"),
    "duplicate-key-quoted.yaml": Fails(6, "duplicate key 'title' (first written on line 4)"),
    "unknown-key-top.yaml": Fails(6, "unknown key 'descripton' (did you mean 'description'?)"),
    "unknown-key-question.yaml": Fails(12, "unknown key 'explaination' for a single question "
                                           "(did you mean 'explanation'?)"),
    "complex-key.yaml": Fails(12, "a list or mapping used as a key is not allowed"),
    "empty-key.yaml": Fails(12, "an empty key is not allowed"),
    # Documents and what is at the top.
    "several-documents.yaml": Fails(12, "several YAML documents (a second '---')"),
    "document-end-then-text.yaml": Fails(13, "this is not valid YAML"),
    "empty.yaml": Fails(1, "the file is empty"),
    "whitespace-only.yaml": Fails(3, "YAML does not allow tabs"),
    "comment-only.yaml": Fails(1, "the file is empty"),
    "root-list.yaml": Fails(2, "the file must be a mapping of keys (format, id, title, as_of, "
                               "questions...), but it is a list"),
    "root-scalar.yaml": Fails(1, "but it is a single value"),
    "root-null.yaml": Fails(1, "but it is a single value"),
    "questions-not-a-list.yaml": Fails(6, "'questions' should be a list, found 'all of them'"),
    "questions-empty.yaml": Fails(5, "'questions' needs at least 1 entries"),
    "wrong-value-types.yaml": Fails(9, "'prompt' should be text, found a list"),
    # Bytes and encodings.
    "latin1.yaml": Fails(3, "the file is not UTF-8 text (byte 0xeb); save it as UTF-8"),
    "cp1252-smart-quotes.yaml": Fails(3, "the file is not UTF-8 text (byte 0x93)"),
    "utf16-le-bom.yaml": Fails(1, "NUL byte, so it is not a text file (it looks like UTF-16"),
    "utf16-be-bom.yaml": Fails(1, "NUL byte, so it is not a text file (it looks like UTF-16"),
    "utf16-le-no-bom.yaml": Fails(1, "NUL byte, so it is not a text file (it looks like UTF-16"),
    "utf32-bom.yaml": Fails(1, "NUL byte, so it is not a text file (it looks like UTF-32"),
    "nul-byte.yaml": Fails(3, "the file contains a NUL byte, so it is not a text file"),
    "control-character.yaml": Fails(4, "the file contains a control character (U+0007)"),
    "escape-surrogate.yaml": Fails(4, "found invalid Unicode character escape code"),
    "escape-out-of-range.yaml": Fails(4, "found invalid Unicode character escape code"),
    "tab-indentation.yaml": Fails(8, "YAML does not allow tabs for indentation: use spaces"),
    "unclosed-quote.yaml": Fails(8, "this is not valid YAML"),
    "colon-in-plain-text.yaml": Fails(9, "put text that contains ': ' in double quotes"),
    "yaml-version-2.yaml": Fails(1, "found incompatible YAML document"),
    "block-scalar-header-comment.yaml": Fails(6, "while scanning a block scalar, expected "
                                                 "chomping or indentation indicators"),
    "bom-utf8.yaml": Loads(_title("A bank saved with a byte-order mark")),
    "bom-doubled.yaml": Loads(_title("Two byte-order marks")),
    "bom-doubled-line-separator.yaml": Fails(1, "but it is a single value"),
    "line-endings-crlf.yaml": Loads(_title("Windows line endings")),
    "line-endings-cr.yaml": Loads(_title("Old Mac line endings")),
    # YAML 1.1 guessing: text stays as typed; where a value is meant, only the plain forms.
    "yaml11-traps-kept-as-text.yaml": Loads(_traps_kept),
    "yaml11-yes-for-true.yaml": Fails(10, "answer: expected true or false, found 'yes'"),
    "yaml11-sexagesimal-number.yaml": Fails(10, "answer: expected a number, found '1:30'"),
    "impossible-date.yaml": Fails(4, "as_of: 2024-02-30 is not a real date"),
    "date-with-time.yaml": Fails(4, "as_of: expected a date written as YYYY-MM-DD"),
    "date-year-zero.yaml": Fails(4, "as_of: 0000-01-01 is not a real date"),
    # Numbers.
    "nan-tolerance.yaml": Fails(10, "tolerance: expected a number, found '.nan'"),
    "infinite-answer.yaml": Fails(10, "answer: expected a finite number"),
    "infinite-points.yaml": Fails(11, "points: expected a number, found '.inf'"),
    "number-with-commas.yaml": Fails(9, "answer: write the number without commas: 1000"),
    "negative-time-limit.yaml": Fails(11, "time_limit must be greater than 0, found -5"),
    "format-newer.yaml": Fails(1, "this bank uses format 2, but this version of QuizApp reads "
                                  "format 1 at most: update QuizApp to open it"),
    "format-huge.yaml": Fails(1, "update QuizApp to open it"),
    "id-not-an-id.yaml": Fails(2, "id: 'Not An Id!' is not a valid id"),
    "id-too-long.yaml": Fails(2, "'id' is 300 characters long; at most 80 are allowed"),
    # Checks of meaning.
    "answer-not-a-choice.yaml": Fails(10, "the answer 'Pekin' is not one of the choices"),
    "duplicate-question-id.yaml": Fails(11, "question id 'q1' is already used by question 1"),
    "unknown-source.yaml": Fails(14, "no source with key 'xinuha' in this bank's sources "
                                     "(did you mean 'xinhua'?)"),
    "unknown-type.yaml": Fails(7, "unknown question type 'essay'"),
    "duplicate-bank-id-1.yaml": Loads(_title("First of two banks with one id")),
    "duplicate-bank-id-2.yaml": Fails(None, "the bank id 'duplicate-bank-id' is already used by"),
    # Markup: loads, and the window must show every character of it as text.
    "markup-every-field.yaml": Loads(_markup_kept),
    "markup-fake-feedback.yaml": Loads(_title("<font color=green>✔ Correct!</font> Fake feedback")),
    "markup-source-url.yaml": LOADS,
    "markup-ampersands.yaml": Loads(_title("Tom & Jerry &&& &Alt")),
    "markup-huge-font.yaml": Loads(_title('<span style="font-size:2000px">HUGE</span>')),
    # Unicode that must load, every question type each.
    "unicode-korean.yaml": Loads(_every_type("한국어 문제 은행")),
    "unicode-chinese.yaml": Loads(_every_type("中文题库")),
    "unicode-rtl.yaml": Loads(_every_type("بنك أسئلة")),
    "unicode-combining.yaml": Loads(_every_type("Combining marks: e\u0301")),
    "unicode-emoji.yaml": Loads(_every_type("Emoji 🎖️🇨🇳")),
    "unicode-invisible.yaml": Loads(_every_type("Invisible\u200b")),
    "unicode-astral.yaml": Loads(_every_type("𝐌𝐚𝐭𝐡")),
    "unicode-normalisation.yaml": Loads(_normalisation_kept),
    # Images: a path must stay inside the bank's folder.
    "image-parent-folder.yaml": Fails(11, "the image '../hostile-canary.png' must stay inside "
                                          "the bank's folder"),
    "image-absolute.yaml": Fails(11, "the image '/etc/passwd' must be a path relative to the "
                                     "bank's folder"),
    "image-hidden-parent.yaml": Fails(11, "must stay inside the bank's folder (no '..')"),
    "image-windows-drive.yaml": Fails(11, "must be a path relative to the bank's folder"),
    "image-windows-unc.yaml": Fails(11, "must be a path relative to the bank's folder"),
    "image-url.yaml": Fails(11, "must be a path relative to the bank's folder"),
    "image-file-url.yaml": Fails(11, "must be a path relative to the bank's folder"),
    "image-home.yaml": LOADS,  # a folder named "~" inside the bank's folder: never expanded
    "image-nul.yaml": Fails(12, "the image 'pic\\x00.png' has a control character in its name"),
    # Cost: refused cheaply, with a bounded list of problems.
    "cost-suggestions.yaml": Fails(10, "'choices' has 1000 entries; at most 26 are allowed"),
    "cost-many-choices.yaml": Fails(10, "'choices' has 40 entries; at most 26 are allowed"),
    "cost-many-pairs.yaml": Fails(11, "'pairs' has 300 entries; at most 26 are allowed"),
    "cost-many-problems.yaml": Fails(12, "unknown key 'unknown0'"),  # then 99, and "stopped"
    # Not bank files.
    ".hidden-bank.yaml": Ignored(),
    "notes.txt": Ignored(),
    "UPPER-CASE.YML": Loads(_title("A bank whose name ends in .YML")),
}


# --- made at test time ---------------------------------------------------------------------

HEADER = """format: 1
id: {bank_id}
title: "{title}"
as_of: 2025-09-05
questions:
"""


def _question(n: int, prompt: str = "Which city held the parade?") -> str:
    return (f"  - id: q{n}\n    type: single\n    prompt: \"{prompt}\"\n"
            f"    choices: [Beijing, Shanghai]\n    answer: Beijing\n")


def good_bank(bank_id: str = GOOD_BANK_ID) -> str:
    """A clean bank of every type, to prove the good banks stay usable among the bad ones."""
    from tests.banktext import bank

    return bank(bank_id=bank_id).replace('"Test bank"', '"The good bank"')


def _png(width: int, height: int) -> bytes:
    """A tiny PNG file that claims to be ``width`` x ``height`` (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) \
        + chunk(b"IEND", b"")


def build(root: Path, *, big: bool = True) -> Path:
    """The corpus in ``root / "banks"`` with the good bank and the generated files; the canary
    in ``root``. ``big`` adds the files of several megabytes. Returns the banks folder;
    ``expected(folder)`` gives the outcome of every file in it."""
    banks = root / "banks"
    shutil.copytree(CORPUS, banks)
    (root / CANARY).write_bytes(_png(1, 1))
    (banks / "good-control-bank.yaml").write_text(good_bank(), encoding="utf-8")

    def write(name: str, text: str) -> Path:
        path = banks / name
        path.write_text(text, encoding="utf-8")
        return path

    # 26 wrong answers among 26 choices in each of 200 questions: "did you mean" stays bounded.
    choices = ", ".join(f"choice{i}" for i in range(26))
    answers = ", ".join(f"answer{i}" for i in range(26))
    write("cost-suggestions-everywhere.yaml", HEADER.format(
        bank_id="cost-suggestions-everywhere", title="Suggestions everywhere") + "".join(
        f"  - id: q{n}\n    type: multiple\n    prompt: \"Pick\"\n    choices: [{choices}]\n"
        f"    answer: [{answers}]\n" for n in range(200)))
    write("deep-flow-list-100k.yaml", "[" * 100_000)  # C loader segfaults near 60 KB of these
    write("long-comment-line.yaml", "#" + "x" * 1_000_000 + "\n" + HEADER.format(
        bank_id="long-comment-line", title="A bank after a very long comment") + _question(1))
    write("text-too-long.yaml", HEADER.format(bank_id="text-too-long", title="A long prompt")
          + _question(1, "x" * (MAX_TEXT + 1)))
    # Images the window must never open: a huge file, a bomb's header, links out of the folder.
    images = banks / "images"
    images.mkdir()
    with open(images / "huge.png", "wb") as fh:  # 200 MB, sparse: cheap to make
        fh.write(_png(1, 1))
        fh.truncate(200 * 1024 * 1024)
    (images / "bomb.png").write_bytes(_png(65_535, 65_535))
    write("image-too-large.yaml", HEADER.format(bank_id="image-too-large", title="Huge image")
          + _question(1) + "    image: images/huge.png\n")
    write("image-bomb.yaml", HEADER.format(bank_id="image-bomb", title="Image bomb")
          + _question(1) + "    image: images/bomb.png\n")
    if hasattr(os, "symlink") and sys.platform != "win32":
        os.symlink(root / CANARY, images / "link-out.png")
        write("image-symlink-out.yaml", HEADER.format(bank_id="image-symlink-out",
                                                      title="Image link") + _question(1)
              + "    image: images/link-out.png\n")
        os.symlink("/etc", images / "etc")
        write("image-symlink-folder.yaml", HEADER.format(bank_id="image-symlink-folder",
                                                         title="Folder link") + _question(1)
              + "    image: images/etc/passwd\n")
        outside = root / "outside-bank.yaml"
        outside.write_text(HEADER.format(bank_id="outside-bank", title="Outside")
                           + _question(1), encoding="utf-8")
        os.symlink(outside, banks / "link-to-outside-bank.yaml")
        os.symlink("/dev/zero", banks / "link-to-dev-zero.yaml")
        os.mkfifo(banks / "named-pipe.yaml")
        # A file name that is markup: shown in the list of problems, and in no way rendered.
        write(MARKUP_NAME, "format: 1\n")
    if big:
        with open(banks / "huge-file.yaml", "wb") as fh:  # just over the cap: refused unread
            fh.write(b"# " + b"x" * (yamlsafe.MAX_BYTES + 10) + b"\n")
        write("near-cap-prompt.yaml", HEADER.format(bank_id="near-cap-prompt", title="7 MB")
              + _question(1, "x" * (7 * 1024 * 1024)))
        write("wide-unknown-keys.yaml", HEADER.format(bank_id="wide-unknown-keys", title="W")
              + _question(1) + "".join(f"k{i}: x\n" for i in range(100_000)))
        # Just under the size cap, and as many values as fit: refused after a bounded count.
        write("near-cap-values.yaml", HEADER.format(bank_id="near-cap-values", title="V")
              + _question(1) + "extra: [" + "{a: b}, " * (yamlsafe.MAX_BYTES // 9) + "]\n")
    return banks


def expected(banks: Path) -> dict[str, Loads | Fails | Ignored]:
    """The outcome of every file in a folder made by ``build``."""
    table: dict[str, Loads | Fails | Ignored] = dict(EXPECTED)
    table["good-control-bank.yaml"] = Loads(_title("The good bank"))
    made = {
        "cost-suggestions-everywhere.yaml": Fails(10, "the answer 'answer0' is not one of the "
                                                      "choices"),
        "deep-flow-list-100k.yaml": Fails(1, "nested more than 12 levels deep"),
        "long-comment-line.yaml": Loads(_title("A bank after a very long comment")),
        "text-too-long.yaml": Fails(8, f"'prompt' is {MAX_TEXT + 1} characters long; at most "
                                       f"{MAX_TEXT} are allowed"),
        "image-too-large.yaml": LOADS,  # QuizApp shows no images yet: never opened (audit)
        "image-bomb.yaml": LOADS,
        "image-symlink-out.yaml": Fails(11, "links to a file outside the bank's folder"),
        "image-symlink-folder.yaml": Fails(11, "links to a file outside the bank's folder"),
        "link-to-outside-bank.yaml": Fails(None, "links to a file outside its folder"),
        "link-to-dev-zero.yaml": Fails(None, "links to a file outside its folder"),
        "named-pipe.yaml": Fails(None, "is not a regular file"),
        MARKUP_NAME: Fails(1, "missing required key 'id'"),
        "huge-file.yaml": Fails(None, "a bank may be at most 8 MB"),
        "near-cap-prompt.yaml": Fails(8, "'prompt' is 7340032 characters long; at most"),
        "wide-unknown-keys.yaml": Fails(11, "unknown key 'k0'"),
        "near-cap-values.yaml": Fails(11, "the file holds more than 500,000 values"),
    }
    present = {p.name for p in banks.iterdir()}
    table.update({name: outcome for name, outcome in made.items() if name in present})
    return {name: outcome for name, outcome in table.items() if name in present}

"""Reading a class roster from a CSV file: a name per row, and optionally a nickname.

What spreadsheets actually write is accepted: UTF-8 with or without a byte order mark, UTF-16
("Unicode text"), and Windows-1252 from older Excel (with a note asking to check the names);
commas, semicolons (Excel in much of Europe) or tabs, found by ``csv.Sniffer``; a header row or
none; Excel's ``sep=;`` first line. Names keep their accents and scripts (NFC-normalised, as the
score store keeps them). Blank rows, duplicates and unusable names are reported with their line
number, never silently dropped::

    roster = read_roster(path)
    for problem in roster.problems:
        print(problem)          # "line 7: 'Ana Silva' is already on line 3; skipped."
    for entry in roster.entries:
        entry.name, entry.nickname, entry.line
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.store.store import clean_name

MAX_BYTES = 5 * 2**20  # a roster of a whole school is well under this
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = ",;\t"
_SEP_LINE = re.compile(r"sep=(.)", re.IGNORECASE)

# Header words, compared casefolded with spaces, dots, dashes and underscores removed.
_NAME = {"name", "names", "fullname", "student", "students", "studentname", "pupil",
         "pupilname", "learner", "player", "playername", "nom", "nomcomplet", "nombre",
         "nombrecompleto", "nome", "名前", "이름", "성명", "학생", "학생이름", "학생명", "姓名"}
_NICK = {"nickname", "nick", "nicknames", "alias", "displayname", "screenname", "shortname",
         "callname", "surnom", "pseudo", "apodo", "apelido", "spitzname", "별명", "닉네임",
         "昵称", "ニックネーム"}
_FIRST = {"firstname", "first", "givenname", "forename", "prénom", "prenom", "vorname"}
_LAST = {"lastname", "last", "surname", "familyname", "nomdefamille", "apellido", "apellidos",
         "nachname"}


class RosterError(ValueError):
    """The file cannot be read as a roster at all; the message says what to do."""


@dataclass(frozen=True, slots=True)
class RosterEntry:
    name: str
    nickname: str | None
    line: int  # where the row starts in the file, from 1


@dataclass(frozen=True, slots=True)
class RosterProblem:
    line: int | None  # None: about the whole file
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


@dataclass
class Roster:
    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    encoding: str = "utf-8"  # "utf-8", "utf-16" or "cp1252"
    delimiter: str = ","
    has_header: bool = False


def read_roster(path: str | os.PathLike[str]) -> Roster:
    """Read a roster file. Raise ``RosterError`` (or ``OSError``) if it cannot be read."""
    path = Path(path)
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RosterError(f"{path.name} is larger than {MAX_BYTES // 2**20} MB: "
                          "that is not a class roster.")
    return parse_roster(data)


def parse_roster(data: bytes | str) -> Roster:
    """The entries and problems of a roster given as the file's bytes (or as text)."""
    roster = Roster()
    text = data if isinstance(data, str) else _decode(data, roster)
    if "\x00" in text:
        raise RosterError("This is not a text file. In your spreadsheet, choose Save As and "
                          "the format \u201cCSV UTF-8\u201d, then import that file.")
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    first_line = 1
    if lines and _SEP_LINE.fullmatch(lines[0].strip()):  # Excel's "sep=;" hint
        roster.delimiter = _SEP_LINE.fullmatch(lines[0].strip())[1]
        text = "".join(lines[1:])
        first_line = 2
        dialect = _dialect(roster.delimiter)
    else:
        dialect = _sniff(text)
        roster.delimiter = dialect.delimiter
    _read_rows(text, dialect, first_line, roster)
    return roster


def _decode(data: bytes, roster: Roster) -> str:
    if data[:4] == b"PK\x03\x04":
        raise RosterError("This looks like an Excel or LibreOffice workbook, not a CSV file. "
                          "In your spreadsheet, choose Save As and the format "
                          "\u201cCSV UTF-8\u201d, then import that file.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            roster.encoding = "utf-16"
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterError("The file says it is UTF-16 text but is damaged.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterError(
            f"The file is not UTF-8 text (byte {utf8_error.start + 1} is not valid), nor "
            "Windows-1252. In your spreadsheet, choose Save As and the format "
            "\u201cCSV UTF-8\u201d, then import that file.") from None
    roster.encoding = "cp1252"
    roster.problems.append(RosterProblem(None, (
        "The file is not UTF-8, so it was read as Windows-1252 (Western European). Check that "
        "accented names look right. Names in other scripts, such as Korean, cannot be stored "
        "in that encoding: save the file as \u201cCSV UTF-8\u201d and import it again.")))
    return text


def _dialect(delimiter: str, quotechar: str = '"') -> type[csv.Dialect]:
    return type("Roster", (csv.excel,), {"delimiter": delimiter, "quotechar": quotechar,
                                          "skipinitialspace": True})


_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')


def _sniff(text: str) -> type[csv.Dialect]:
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n") + 1]
    # What is inside quotes is a name, not a separator: a class with students called ","
    # and ",0" in a file separated by semicolons was read as separated by commas.
    sample = _QUOTED.sub('""', sample)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        # One column (nothing to split on), or no consistent delimiter: take the most common.
        counts = {d: sample.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return _dialect(best if counts[best] else ",")
    return _dialect(sniffed.delimiter, "'" if sniffed.quotechar == "'" else '"')


def _key(cell: str) -> str:
    return re.sub(r"[\s._\-:*()]+", "", unicodedata.normalize("NFKC", cell).casefold())


def _columns(row: list[str]) -> dict[str, int] | None:
    """Which column holds what, if ``row`` is a header row."""
    keys = [_key(c) for c in row]
    found: dict[str, int] = {}
    for what, words in (("name", _NAME), ("nickname", _NICK), ("first", _FIRST),
                        ("last", _LAST)):
        index = next((i for i, k in enumerate(keys) if k in words), None)
        if index is not None:
            found[what] = index
    if not found:
        return None
    if "name" not in found and not ("first" in found or "last" in found):
        taken = set(found.values())
        found["name"] = next((i for i in range(len(row)) if i not in taken), 0)
    return found


def _read_rows(text: str, dialect: type[csv.Dialect], first_line: int,
               roster: Roster) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    columns: dict[str, int] | None = None
    seen_names: dict[str, int] = {}
    seen_nicks: dict[str, tuple[int, str]] = {}
    wide_line: int | None = None
    previous_end = 0
    started = False
    try:
        for row in reader:
            line = first_line + previous_end
            previous_end = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells):
                roster.problems.append(RosterProblem(line, "blank row; skipped."))
                continue
            if not started:
                started = True
                columns = _columns(cells)
                if columns is not None:
                    roster.has_header = True
                    _note_ignored_columns(cells, columns, line, roster)
                    continue
            name, nickname, extra = _fields(cells, columns)
            if extra and wide_line is None and columns is None:
                wide_line = line
            _add(roster, line, name, nickname, seen_names, seen_nicks)
    except csv.Error as exc:
        roster.problems.append(RosterProblem(
            first_line + previous_end, f"the file cannot be read from here on ({exc}); "
                                       "the rows after it were not read."))
    if wide_line is not None:
        roster.problems.append(RosterProblem(wide_line, (
            "more than two columns: only the first (name) and the second (nickname) are "
            "read. Add a header row (Name, Nickname) to choose other columns.")))
    roster.problems.sort(key=lambda p: (p.line is not None, p.line or 0))


def _note_ignored_columns(cells: list[str], columns: dict[str, int], line: int,
                          roster: Roster) -> None:
    ignored = [c for i, c in enumerate(cells) if c and i not in columns.values()]
    if ignored:
        names = ", ".join(f"\u201c{c}\u201d" for c in ignored)
        roster.problems.append(RosterProblem(line, f"column{'s' if len(ignored) > 1 else ''} "
                                                   f"{names} ignored."))


def _fields(cells: list[str], columns: dict[str, int] | None) -> tuple[str, str, bool]:
    def cell(i: int | None) -> str:
        return cells[i] if i is not None and i < len(cells) else ""

    if columns is None:
        return cell(0), cell(1), any(cells[2:])
    if "name" in columns:
        name = cell(columns["name"])
    else:
        name = " ".join(p for p in (cell(columns.get("first")), cell(columns.get("last"))) if p)
    return name, cell(columns.get("nickname")), False


def _add(roster: Roster, line: int, name: str, nickname: str,
         seen_names: dict[str, int], seen_nicks: dict[str, tuple[int, str]]) -> None:
    if not name:
        roster.problems.append(RosterProblem(
            line, f"no name, only the nickname \u201c{nickname}\u201d; skipped."))
        return
    try:
        name, key = clean_name(name)
    except ValueError as exc:
        roster.problems.append(RosterProblem(line, f"{exc}; skipped."))
        return
    if key in seen_names:
        roster.problems.append(RosterProblem(
            line, f"\u201c{name}\u201d is already on line {seen_names[key]}; skipped."))
        return
    nick: str | None = None
    if nickname:
        try:
            nick, nick_key = clean_name(nickname)
        except ValueError as exc:
            message = str(exc).replace("a player name", "a nickname")
            roster.problems.append(RosterProblem(line, f"{message}; nickname left out."))
        else:
            if nick_key == key:
                nick = None  # the same as the name: nothing to add
            elif nick_key in seen_nicks:
                other_line, other = seen_nicks[nick_key]
                roster.problems.append(RosterProblem(line, (
                    f"the nickname \u201c{nick}\u201d is already {other}\u2019s (line "
                    f"{other_line}); nickname left out.")))
                nick = None
            elif nick_key in seen_names:
                roster.problems.append(RosterProblem(line, (
                    f"the nickname \u201c{nick}\u201d is the name of the student on line "
                    f"{seen_names[nick_key]}; nickname left out.")))
                nick = None
            else:
                seen_nicks[nick_key] = (line, name)
    seen_names[key] = line
    roster.entries.append(RosterEntry(name, nick, line))

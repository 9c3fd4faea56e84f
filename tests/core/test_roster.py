"""Roster CSV files as spreadsheets write them, with accents and Korean names kept intact."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.roster import (
    MAX_BYTES,
    Roster,
    RosterEntry,
    RosterError,
    parse_roster,
    read_roster,
)

CLASS_7B = """\
Name,Nickname
José García,Pepe
Zoë Müller,
김민준,민준
이서연,
François Lefèvre,Franck
Nguyễn Văn An,An
박지후,지후
Łukasz Żółć,
"""


def entries(roster: Roster) -> list[tuple[str, str | None, int]]:
    return [(e.name, e.nickname, e.line) for e in roster.entries]


def messages(roster: Roster) -> list[str]:
    return [str(p) for p in roster.problems]


EXPECTED_7B = [("José García", "Pepe", 2), ("Zoë Müller", None, 3), ("김민준", "민준", 4),
               ("이서연", None, 5), ("François Lefèvre", "Franck", 6),
               ("Nguyễn Văn An", "An", 7), ("박지후", "지후", 8), ("Łukasz Żółć", None, 9)]


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: t.encode("utf-8-sig"),  # Excel's "CSV UTF-8"
    lambda t: t.replace("\n", "\r\n").encode("utf-8-sig"),  # ... on Windows
    lambda t: t.encode("utf-16"),  # "Unicode text", with its byte order mark
    lambda t: t,  # already text
], ids=["utf-8", "utf-8-bom", "crlf", "utf-16", "text"])
def test_accents_and_korean_names_come_through_intact(encode):
    roster = parse_roster(encode(CLASS_7B))
    assert entries(roster) == EXPECTED_7B
    assert roster.problems == []
    assert roster.has_header


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_or_tab(delimiter):
    roster = parse_roster(CLASS_7B.replace(",", delimiter).encode("utf-8-sig"))
    assert roster.delimiter == delimiter
    assert entries(roster) == EXPECTED_7B


def test_read_from_a_file(tmp_path):
    path = tmp_path / "7B.csv"
    path.write_bytes(CLASS_7B.replace(",", ";").encode("utf-8-sig"))
    roster = read_roster(path)
    assert entries(roster) == EXPECTED_7B
    assert (roster.encoding, roster.delimiter) == ("utf-8", ";")


def test_decomposed_accents_are_stored_composed():
    # macOS writes "é" as "e" + combining accent; the store keeps names in NFC.
    nfd = unicodedata.normalize("NFD", "José García\n김민준\n")
    assert nfd != unicodedata.normalize("NFC", nfd)
    roster = parse_roster(nfd.encode())
    assert [e.name for e in roster.entries] == ["José García", "김민준"]
    assert all(unicodedata.is_normalized("NFC", e.name) for e in roster.entries)


def test_windows_1252_is_read_with_a_clear_note():
    data = "Name;Nickname\nJosé García;Pepe\nChloé Dubœuf;Clo\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    roster = parse_roster(data)
    assert entries(roster) == [("José García", "Pepe", 2), ("Chloé Dubœuf", "Clo", 3)]
    assert roster.encoding == "cp1252"
    [note] = roster.problems
    assert note.line is None
    assert "not UTF-8" in note.message and "Windows-1252" in note.message
    assert "CSV UTF-8" in note.message


def test_neither_utf8_nor_windows_1252_is_refused_plainly():
    with pytest.raises(RosterError, match="not UTF-8 .*CSV UTF-8"):
        parse_roster(b"Ana\n\x81\x8d\x90\n")


def test_a_workbook_is_refused_with_what_to_do():
    with pytest.raises(RosterError, match="workbook.*CSV UTF-8"):
        parse_roster(b"PK\x03\x04\x14\x00\x06\x00rest of a zip")
    with pytest.raises(RosterError, match="not a text file"):
        parse_roster(b"Ana\x00\x00Bo")


def test_too_big_to_be_a_roster(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_bytes(b"a\n" * (MAX_BYTES // 2 + 1))
    with pytest.raises(RosterError, match="larger than"):
        read_roster(path)


def test_blank_rows_and_duplicates_are_reported_with_line_numbers():
    text = ("Name;Nickname\n"          # 1
            "José García;Pepe\n"       # 2
            "\n"                       # 3 blank
            "김민준;민준\n"              # 4
            " ; \n"                    # 5 blank (only spaces and a separator)
            "JOSÉ GARCÍA;\n"           # 6 same as line 2, ignoring case
            "  김민준  \n"               # 7 same as line 4, spaces around
            "Jose Garcia;\n"           # 8 no accent: a different name, kept
            "이서연;민준\n"              # 9 nickname taken by line 4
            ";Ghost\n")                # 10 nickname but no name
    roster = parse_roster(text.encode())
    assert entries(roster) == [("José García", "Pepe", 2), ("김민준", "민준", 4),
                               ("Jose Garcia", None, 8), ("이서연", None, 9)]
    assert messages(roster) == [
        "line 3: blank row; skipped.",
        "line 5: blank row; skipped.",
        "line 6: “JOSÉ GARCÍA” is already on line 2; skipped.",
        "line 7: “김민준” is already on line 4; skipped.",
        "line 9: the nickname “민준” is already 김민준’s (line 4); nickname left out.",
        "line 10: no name, only the nickname “Ghost”; skipped.",
    ]


def test_no_header_row():
    roster = parse_roster("José García,Pepe\n김민준\n\n이서연,서연\n".encode())
    assert not roster.has_header
    assert entries(roster) == [("José García", "Pepe", 1), ("김민준", None, 2),
                               ("이서연", "서연", 4)]
    assert messages(roster) == ["line 3: blank row; skipped."]


@pytest.mark.parametrize("header,row,expected", [
    ("Nickname,Name", "Pepe,José García", ("José García", "Pepe")),  # any column order
    ("Student name;Class;Nick name", "김민준;7B;민준", ("김민준", "민준")),
    ("이름,별명", "김민준,민준", ("김민준", "민준")),  # Korean headers
    ("Nom;Surnom", "François Lefèvre;Franck", ("François Lefèvre", "Franck")),
    ("First name,Last name", "José,García", ("José García", None)),
    ("Surname,Given name,Nickname", "García,José,Pepe", ("José García", "Pepe")),
    ("NAME", "Zoë Müller", ("Zoë Müller", None)),
])
def test_header_rows_choose_the_columns(header, row, expected):
    roster = parse_roster(f"{header}\n{row}\n".encode())
    assert roster.has_header
    assert [(e.name, e.nickname) for e in roster.entries] == [expected]


def test_columns_a_header_does_not_use_are_named():
    roster = parse_roster("Name,Class,Nickname,Email\nAna,7B,An,a@example.org\n")
    assert entries(roster) == [("Ana", "An", 2)]
    assert messages(roster) == ["line 1: columns “Class”, “Email” ignored."]


def test_extra_columns_without_a_header_are_pointed_out_once():
    roster = parse_roster("Ana,An,7B\nBo,B\nCy,C,7C\n")
    assert [e.name for e in roster.entries] == ["Ana", "Bo", "Cy"]
    assert messages(roster) == [
        "line 1: more than two columns: only the first (name) and the second (nickname) are "
        "read. Add a header row (Name, Nickname) to choose other columns."]


def test_quoted_commas_excel_sep_line_and_multi_line_cells():
    roster = parse_roster('"Silva, Ana",Ana\n"Kim\nJu Ae",Ju\n\nBo,B\n')
    assert entries(roster) == [("Silva, Ana", "Ana", 1), ("Kim Ju Ae", "Ju", 2),
                               ("Bo", "B", 5)]
    assert messages(roster) == ["line 4: blank row; skipped."]
    roster = parse_roster("sep=;\nName;Nickname\nAna, Maria;Mia\n")
    assert roster.delimiter == ";"
    assert entries(roster) == [("Ana, Maria", "Mia", 3)]


def test_names_the_store_would_refuse_are_reported():
    roster = parse_roster(f"Ana\n{'x' * 101}\nBo\u0007b\nCy,{'n' * 101}\nDi,Di\n")
    assert entries(roster) == [("Ana", None, 1), ("Cy", None, 4), ("Di", None, 5)]
    assert messages(roster) == [
        "line 2: a player name can have at most 100 characters; skipped.",
        "line 3: a player name cannot contain control characters; skipped.",
        "line 4: a nickname can have at most 100 characters; nickname left out.",
    ]


def test_empty_files():
    for data in (b"", b"\xef\xbb\xbf", "\r\n".encode("utf-16")):
        roster = parse_roster(data)
        assert roster.entries == []
    assert messages(parse_roster("Name,Nickname\n")) == []
    assert len(parse_roster(b"\n\n").problems) == 2


def test_entries_are_plain_values():
    [entry] = parse_roster("김민준,민준\n").entries
    assert entry == RosterEntry("김민준", "민준", 1)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_roster_or_a_plain_refusal(data):
    try:
        roster = parse_roster(data)
    except RosterError as exc:
        assert str(exc)
        return
    names = [e.name for e in roster.entries]
    assert len(set(n.casefold() for n in names)) == len(names)
    assert all(n and n == n.strip() for n in names)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")),
                        min_size=1, max_size=20).map(str.strip).filter(bool),
                min_size=1, max_size=15, unique_by=lambda s: unicodedata.normalize(
                    "NFKC", " ".join(s.split())).casefold()),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_every_written_name_is_read_back(names, delimiter, encoding):
    # Written as a spreadsheet would: a header, every cell quoted.
    rows = ["Name" + delimiter + "Nickname"]
    rows += ['"' + n.replace('"', '""') + '"' + delimiter for n in names]
    roster = parse_roster(("\r\n".join(rows) + "\r\n").encode(encoding))
    expected = [unicodedata.normalize("NFC", " ".join(n.split())) for n in names]
    assert [e.name for e in roster.entries] == expected
    assert roster.problems == []


def test_utf16_without_bom_still_fails_plainly():
    data = "Ana\n".encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    with pytest.raises(RosterError):
        parse_roster(data)

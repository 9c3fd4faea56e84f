"""A strict YAML reader for untrusted bank files.

It walks the event stream of PyYAML's safe parser (LibYAML's when present) and builds plain
values in one pass, so nothing is ever constructed from a tag and the C composer, which recurses
and can crash on deep nesting, never runs. What it returns:

* mappings become ``dict`` (keys are text), sequences become ``list``;
* a plain ``null``, ``~`` or empty scalar becomes ``None``;
* every other scalar stays the exact text the author typed (``NO``, ``017``, ``3.10``, ``1:30``,
  ``2025-09-03``, ``true``): the bank schema decides where a number, a yes/no or a date is meant.

Refused, each with the line and column it was found at: explicit tags, anchors, aliases, merge
keys, duplicate keys, keys that are not plain text, nesting deeper than ``MAX_DEPTH``, several
documents, an empty file, files larger than ``MAX_BYTES`` or with more than ``MAX_EVENTS``
values, NUL bytes, control characters, and text that is not UTF-8. Lines are counted as editors
count them. A file reads the same with LibYAML and without: where the two parsers differ (a
tab, a syntax error, "?" or ":" in plain text inside [...]), the pure parser decides.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 12
# A bank of 15,000 questions, at the size cap, has about 400,000 values: beyond this many,
# reading (and, without LibYAML, parsing) costs seconds for nothing a bank needs.
MAX_EVENTS = 500_000
# A file is read no further than this many problems, and no more are listed: enough to fix,
# and a hostile file of a million bad keys costs no more than one of a hundred.
MAX_PROBLEMS = 100

try:  # LibYAML's parser when installed; both give the same events.
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - depends on the machine
    _FastLoader = None

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SURROGATE = re.compile("[\ud800-\udfff]")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A place in a file, both counted from 1."""

    line: int
    column: int


@dataclass
class YamlProblem:
    message: str
    mark: Mark | None


class Document:
    """The value of a YAML file, and where each of its parts was written.

    Marks are kept beside the values (one list or dict of marks per container) and turned
    into lines and columns only when a problem needs one.
    """

    def __init__(self, value: object, root_mark, side: dict[int, object],
                 lines: _Lines | None = None):
        self.value = value
        self._root_mark = root_mark
        self._side = side  # id(container) -> {key: (key mark, value mark)} or [value marks]
        self._lines = lines or _Lines("")

    def mark(self, path: Path, *, key: bool = False) -> Mark | None:
        """Where the value at ``path`` starts (or its key, with ``key``); the nearest
        enclosing node when the path does not exist."""
        found = self._root_mark
        node = self.value
        for i, part in enumerate(path):
            marks = self._side.get(id(node))
            if isinstance(marks, dict) and isinstance(node, dict) and part in marks:
                key_mark, value_mark = marks[part]
                found = key_mark if key and i == len(path) - 1 else value_mark
                node = node.get(part)
            elif (isinstance(marks, list) and isinstance(node, list) and isinstance(part, int)
                  and 0 <= part < len(marks)):
                found = marks[part]
                node = node[part]
            else:
                break
        return self._lines.mark(found)


class YamlError(Exception):
    """The file cannot be read as a bank's YAML; ``problems`` say where and why."""

    def __init__(self, problems: list[YamlProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _mark(yaml_mark) -> Mark | None:
    if yaml_mark is None:
        return None
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


_LINE_BREAK = re.compile("\r\n|\r|\n")
_BLOCK_STYLES = ("|", ">")
# A block scalar's header as both parsers read it: indicators, then nothing, or spaces and a
# comment, up to the end of the line.
_BLOCK_HEADER = re.compile(r"[|>](?:[+-]?[1-9]?|[1-9][+-])(?: +(?:#[^\r\n]*)?)?(?:\r|\n|$)")
_LINE_BREAK_BYTES = re.compile(b"\r\n|\r|\n")
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def _place(text: str | bytes, position: int) -> Mark:
    """Line and column of ``position`` in ``text`` as editors count them."""
    breaks = _LINE_BREAK if isinstance(text, str) else _LINE_BREAK_BYTES
    start, line = 0, 1
    for match in breaks.finditer(text, 0, position):
        start, line = match.end(), line + 1
    return Mark(line, position - start + 1)


class _Lines:
    """Line numbers as editors count them. YAML also ends a line at U+0085, U+2028 and U+2029,
    which editors show inside a line: where the text has any, lines are counted again from the
    mark's character index (only when a problem needs a place)."""

    def __init__(self, text: str):
        self._text = text
        self._yaml_counts = _YAML_ONLY_BREAKS.search(text) is None
        self._starts: list[int] | None = None

    def header(self, yaml_mark) -> str:
        """The text from a mark to the end of its line (and the line break)."""
        return self._text[yaml_mark.index:yaml_mark.index + 200]

    def mark(self, yaml_mark) -> Mark | None:
        if yaml_mark is None or self._yaml_counts:
            return _mark(yaml_mark)
        if self._starts is None:
            self._starts = [m.end() for m in _LINE_BREAK.finditer(self._text)]
        index = yaml_mark.index
        line = bisect.bisect_right(self._starts, index)
        return Mark(line + 1, index - (self._starts[line - 1] if line else 0) + 1)


def decode(data: bytes) -> str:
    """Bytes to text, refusing what an editor should not have saved."""
    if len(data) > MAX_BYTES:
        raise YamlError([YamlProblem(
            f"the file is {len(data) / 1048576:.1f} MB; a bank may be at most "
            f"{MAX_BYTES // 1048576} MB (split it into several banks)", None)])
    nul = data.find(b"\0")
    if nul >= 0:
        hint = _wide_encoding_hint(data)
        raise YamlError([YamlProblem(
            f"the file contains a NUL byte, so it is not a text file{hint}", _place(data, nul))])
    try:
        # A byte-order mark is fine, and so is a second one (LibYAML and the pure parser both
        # skip it, but count it differently): the text starts after them.
        return data.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise YamlError([YamlProblem(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 in "
            "your editor", _place(data, exc.start))]) from None


def parse(text: str, *, fast: bool = True) -> Document:
    """Read one YAML document from ``text``. Raise ``YamlError`` on anything refused.

    A bank must behave the same with and without LibYAML, so where the two parsers differ the
    pure parser decides: a file with a tab is read by it (LibYAML takes a tab between tokens
    for a space, the pure parser refuses it: the guide's ``"NO\t"``), and so is a file in
    which LibYAML finds a syntax error (the two word and place such errors differently).
    """
    # The pure parser checks every character before it starts, LibYAML as it goes: check first
    # here, so a control character is what both report, wherever it stands in the file.
    unprintable = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if unprintable is not None:
        char = unprintable.group()
        raise YamlError([_unprintable(yaml.reader.ReaderError(
            "<text>", unprintable.start(), ord(char), "unicode", "not printable"), text)])
    lines = _Lines(text)
    if fast and _FastLoader is not None and "\t" not in text:
        document, problems, syntax_error = _parse_with(text, _FastLoader, lines)
        if not syntax_error:
            return _document_or_raise(document, problems)
    return _document_or_raise(*_parse_with(text, yaml.SafeLoader, lines)[:2])


def _parse_with(text: str, loader_cls,
                lines: _Lines) -> tuple[Document | None, list[YamlProblem], bool]:
    """The document (None if empty), the problems found, and whether the pure parser must
    decide (the fast one found a syntax error, or text the two read differently)."""
    problems: list[YamlProblem] = []
    document = None
    try:
        document = _build(_events(text, loader_cls), problems, lines,
                          pure=loader_cls is not _FastLoader)
    except YamlError:
        raise
    except _AskThePureParser:
        return None, problems, True
    except yaml.MarkedYAMLError as exc:
        problems.append(YamlProblem(_describe_syntax_error(exc, text),
                                    lines.mark(exc.problem_mark)))
        return None, problems, True
    except yaml.reader.ReaderError as exc:
        problems.append(_unprintable(exc, text))
        return None, problems, True
    except yaml.YAMLError as exc:
        problems.append(YamlProblem(f"this is not valid YAML: {exc}", None))
        return None, problems, True
    return document, problems, False


def _document_or_raise(document: Document | None, problems: list[YamlProblem]) -> Document:
    if problems:
        raise YamlError(problems)
    if document is None:
        raise YamlError([YamlProblem("the file is empty: a bank needs at least `format`, `id`, "
                                     "`title`, `as_of` and `questions`", Mark(1, 1))])
    return document


def _wide_encoding_hint(data: bytes) -> str:
    """Why a file full of NUL bytes was probably saved: as UTF-16 or UTF-32."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return " (it looks like UTF-32: save the file as UTF-8)"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return " (it looks like UTF-16: save the file as UTF-8)"
    sample = data[:200]
    if len(sample) >= 8 and (sample[1::2].count(0) > len(sample) // 4
                             or sample[0::2].count(0) > len(sample) // 4):
        return " (it looks like UTF-16: save the file as UTF-8)"
    return ""


def _events(text: str, loader_cls):
    """``yaml.parse``, but an error the pure parser does not wrap (``chr()`` of an escape
    beyond Unicode raises ``ValueError`` or ``OverflowError``) is reported where it happened,
    with LibYAML's words for it."""
    loader = loader_cls(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    except (ValueError, OverflowError) as exc:
        get_mark = getattr(loader, "get_mark", None)
        raise yaml.MarkedYAMLError(
            "while parsing a quoted scalar", None, "found invalid Unicode character escape code",
            get_mark() if get_mark else None) from exc
    finally:
        loader.dispose()


def _unprintable(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """A character YAML does not allow in a text file (a control character, say)."""
    code = exc.character if isinstance(exc.character, int) else None
    char = chr(code) if code is not None and 0 <= code < 0x110000 else None
    position = exc.position if char is not None and 0 <= exc.position < len(text) \
        and text[exc.position] == char else (text.find(char) if char is not None else -1)
    mark = _place(text, position) if position >= 0 else None
    what = f"U+{code:04X}" if code is not None else "a character"
    return YamlProblem(f"the file contains a control character ({what}) that a bank's text "
                       "must not hold: remove it, or write it as an escape in double quotes",
                       mark)


def _describe_syntax_error(exc: yaml.MarkedYAMLError, source: str) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    text = f"{context}, {problem}" if context else problem
    hint = ""
    mark = exc.problem_mark
    lines = source.splitlines()
    at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
    if "tab" in text or at == "\t":
        hint = " (YAML does not allow tabs for indentation: use spaces)"
    elif "mapping values are not allowed" in text:
        hint = " (put text that contains ': ' in double quotes)"
    return f"this is not valid YAML: {text}{hint}"


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_CollectionEndEvents = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NO_KEY = object()  # a mapping waiting for its next key


class _AskThePureParser(Exception):
    """LibYAML accepted text that the pure parser may read differently (a plain scalar holding
    '?' or ':' inside [...] or {...}; a block scalar's header with a comment and no space
    before it; a tag, an anchor or an alias, which are refused anyway): the pure parser
    decides, as on a machine without LibYAML."""

_SKIP = object()  # a refused key: its value is read and dropped


def _build(events, problems: list[YamlProblem], lines: _Lines, *,
           pure: bool = False) -> Document | None:
    """Build values from parser events in one pass; it is the hot path of bank loading."""
    side: dict[int, object] = {}
    root: object = None
    root_mark = None
    documents = 0
    # One frame per open container: [container, its marks, pending key or _NO_KEY, key mark,
    # flow style ([...] or {...})]
    stack: list[list] = []
    flow = 0  # how many of the open containers are written in flow style
    _mark = lines.mark
    budget = MAX_EVENTS

    def too_many_problems() -> YamlError:
        return YamlError([*problems[:MAX_PROBLEMS], YamlProblem(
            f"QuizApp stopped reading the file after {MAX_PROBLEMS} problems: fix these first",
            None)])

    def refuse_node(event) -> None:
        if not pure:  # the two parsers read tag and anchor names differently ("!x*!x")
            raise _AskThePureParser
        if event.anchor is not None:
            problems.append(YamlProblem(
                f"anchors (&{event.anchor}) are not allowed in banks: write the value out",
                _mark(event.start_mark)))
        if event.tag is not None:
            problems.append(YamlProblem(
                f"tags such as {event.tag} are not allowed in banks: remove it",
                _mark(event.start_mark)))

    def refuse_key(frame, value, event) -> None:
        if isinstance(value, list | dict):
            message = "a list or mapping used as a key is not allowed"
        elif value is None:
            message = "an empty key is not allowed"
        elif value == "<<":
            message = "merge keys (<<) are not allowed in banks: write the keys out"
        else:
            first = _mark(frame[1][value][0])
            message = (f"duplicate key '{value}' (first written on line {first.line}); "
                       "a key may appear only once")
        problems.append(YamlProblem(message, _mark(event.start_mark)))
        frame[2] = _SKIP
        if len(problems) >= MAX_PROBLEMS:
            raise too_many_problems()

    def attach(value, event) -> None:
        nonlocal root, root_mark
        if not stack:
            root, root_mark = value, event.start_mark
            return
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is list:
            container.append(value)
            frame[1].append(event.start_mark)
            return
        key = frame[2]
        if key is _NO_KEY:
            if value.__class__ is str and value not in frame[1] and not (
                    value == "<<" and event.__class__ is _ScalarEvent and event.implicit[0]):
                frame[2] = value
                frame[3] = event.start_mark
            else:
                refuse_key(frame, value, event)
            return
        if key is not _SKIP:
            container[key] = value
            frame[1][key] = (frame[3], event.start_mark)
        frame[2] = _NO_KEY

    for event in events:
        budget -= 1
        if budget < 0:
            raise YamlError([*problems[:MAX_PROBLEMS], YamlProblem(
                f"the file holds more than {MAX_EVENTS:,} values; a bank needs far fewer "
                "(split it into several banks)", _mark(event.start_mark))])
        kind = event.__class__
        if kind is _ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                refuse_node(event)
                if len(problems) >= MAX_PROBLEMS:
                    raise too_many_problems()
            value = event.value
            if value in NULLS and event.implicit[0]:  # plain, not quoted
                value = None
            elif flow and not pure and not event.style and ("?" in value or ":" in value):
                raise _AskThePureParser
            elif not pure and event.style in _BLOCK_STYLES and not _BLOCK_HEADER.match(
                    lines.header(event.start_mark)):
                raise _AskThePureParser  # LibYAML takes ">-#a"; the pure parser wants a space
            elif pure and event.style == '"' and _SURROGATE.search(value):
                # LibYAML refuses "\ud800" (half a character); the pure parser keeps it.
                raise yaml.MarkedYAMLError("while parsing a quoted scalar", event.start_mark,
                                           "found invalid Unicode character escape code",
                                           event.start_mark)
            # Fast path for the commonest case: a value in a mapping, or a list item.
            if stack:
                frame = stack[-1]
                key = frame[2]
                if key is not _NO_KEY and key is not _SKIP:
                    frame[0][key] = value
                    frame[1][key] = (frame[3], event.start_mark)
                    frame[2] = _NO_KEY
                    continue
            attach(value, event)
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                refuse_node(event)
                if len(problems) >= MAX_PROBLEMS:
                    raise too_many_problems()
            if len(stack) >= MAX_DEPTH:
                raise YamlError([*problems, YamlProblem(
                    f"the file is nested more than {MAX_DEPTH} levels deep; banks never need "
                    "that much", _mark(event.start_mark))])
            if kind is _MappingStartEvent:
                container, marks = {}, {}
            else:
                container, marks = [], []
            attach(container, event)
            side[id(container)] = marks
            stack.append([container, marks, _NO_KEY, None, event.flow_style])
            if event.flow_style:
                flow += 1
        elif kind in _CollectionEndEvents:
            if stack.pop()[4]:
                flow -= 1
        elif kind is yaml.AliasEvent:
            if not pure:
                raise _AskThePureParser
            problems.append(YamlProblem(
                f"aliases (*{event.anchor}) are not allowed in banks: write the value out",
                _mark(event.start_mark)))
            if len(problems) >= MAX_PROBLEMS:
                raise too_many_problems()
            attach(None, event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError([*problems, YamlProblem(
                    "the file holds several YAML documents (a second '---'); put one bank in "
                    "each file", _mark(event.start_mark))])
    if documents == 0:
        return None
    return Document(root, root_mark, side, lines)

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
documents, an empty file, files larger than ``MAX_BYTES``, NUL bytes and text that is not UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 12

try:  # LibYAML's parser when installed; both give the same events.
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - depends on the machine
    _FastLoader = None

NULLS = frozenset({"", "~", "null", "Null", "NULL"})

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

    def __init__(self, value: object, root_mark, side: dict[int, object]):
        self.value = value
        self._root_mark = root_mark
        self._side = side  # id(container) -> {key: (key mark, value mark)} or [value marks]

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
        return _mark(found)


class YamlError(Exception):
    """The file cannot be read as a bank's YAML; ``problems`` say where and why."""

    def __init__(self, problems: list[YamlProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _mark(yaml_mark) -> Mark | None:
    if yaml_mark is None:
        return None
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


def decode(data: bytes) -> str:
    """Bytes to text, refusing what an editor should not have saved."""
    if len(data) > MAX_BYTES:
        raise YamlError([YamlProblem(
            f"the file is {len(data) / 1048576:.1f} MB; a bank may be at most "
            f"{MAX_BYTES // 1048576} MB (split it into several banks)", None)])
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        hint = (" (it looks like UTF-16: save the file as UTF-8)"
                if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "")
        raise YamlError([YamlProblem(
            f"the file contains a NUL byte, so it is not a text file{hint}",
            Mark(line, nul - data.rfind(b"\n", 0, nul)))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise YamlError([YamlProblem(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 in "
            "your editor", Mark(line, column))]) from None


def parse(text: str, *, fast: bool = True) -> Document:
    """Read one YAML document from ``text``. Raise ``YamlError`` on anything refused."""
    loader_cls = _FastLoader if (fast and _FastLoader is not None) else yaml.SafeLoader
    problems: list[YamlProblem] = []
    try:
        document = _build(yaml.parse(text, Loader=loader_cls), problems)
    except yaml.MarkedYAMLError as exc:
        problems.append(YamlProblem(_describe_syntax_error(exc, text), _mark(exc.problem_mark)))
    except yaml.YAMLError as exc:
        problems.append(YamlProblem(f"this is not valid YAML: {exc}", None))
    if problems:
        raise YamlError(problems)
    if document is None:
        raise YamlError([YamlProblem("the file is empty: a bank needs at least `format`, `id`, "
                                     "`title`, `as_of` and `questions`", Mark(1, 1))])
    return document


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
_SKIP = object()  # a refused key: its value is read and dropped


def _build(events, problems: list[YamlProblem]) -> Document | None:
    """Build values from parser events in one pass; it is the hot path of bank loading."""
    side: dict[int, object] = {}
    root: object = None
    root_mark = None
    documents = 0
    # One frame per open container: [container, its marks, pending key or _NO_KEY, key mark]
    stack: list[list] = []

    def refuse_node(event) -> None:
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
        kind = event.__class__
        if kind is _ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                refuse_node(event)
            value = event.value
            if value in NULLS and event.implicit[0]:  # plain, not quoted
                value = None
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
            stack.append([container, marks, _NO_KEY, None])
        elif kind in _CollectionEndEvents:
            stack.pop()
        elif kind is yaml.AliasEvent:
            problems.append(YamlProblem(
                f"aliases (*{event.anchor}) are not allowed in banks: write the value out",
                _mark(event.start_mark)))
            attach(None, event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError([*problems, YamlProblem(
                    "the file holds several YAML documents (a second '---'); put one bank in "
                    "each file", _mark(event.start_mark))])
    if documents == 0:
        return None
    return Document(root, root_mark, side)

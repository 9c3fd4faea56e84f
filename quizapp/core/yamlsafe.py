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

from dataclasses import dataclass, field

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


@dataclass
class Document:
    """The value of a YAML file and where each of its parts was written."""

    value: object
    marks: dict[Path, Mark] = field(default_factory=dict)  # path -> where its value starts
    key_marks: dict[Path, Mark] = field(default_factory=dict)  # path -> where its key is


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
            "the file is not UTF-8 text (byte 0x%02x); save it as UTF-8 in your editor"
            % data[exc.start], Mark(line, column))]) from None


def parse(text: str, *, fast: bool = True) -> Document:
    """Read one YAML document from ``text``. Raise ``YamlError`` on anything refused."""
    loader_cls = _FastLoader if (fast and _FastLoader is not None) else yaml.SafeLoader
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=loader_cls):
            builder.feed(event)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(YamlProblem(_describe_syntax_error(exc, text),
                                            _mark(exc.problem_mark)))
    except yaml.YAMLError as exc:
        builder.problems.append(YamlProblem(f"this is not valid YAML: {exc}", None))
    if builder.problems:
        raise YamlError(builder.problems)
    if builder.documents == 0:
        raise YamlError([YamlProblem("the file is empty: a bank needs at least `format`, `id`, "
                                     "`title`, `as_of` and `questions`", Mark(1, 1))])
    return Document(builder.root, builder.marks, builder.key_marks)


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


class _Builder:
    """Turns parser events into values, one event at a time."""

    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self.marks: dict[Path, Mark] = {}
        self.key_marks: dict[Path, Mark] = {}
        self.root: object = None
        self.documents = 0
        # Each open container: [container, path, pending_key, seen_keys]
        self._stack: list[list] = []

    def _fail(self, message: str, event) -> None:
        raise YamlError([*self.problems, YamlProblem(message, _mark(event.start_mark))])

    def _check_node(self, event) -> None:
        if getattr(event, "anchor", None) is not None:
            self.problems.append(YamlProblem(
                f"anchors (&{event.anchor}) are not allowed in banks: write the value out",
                _mark(event.start_mark)))
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.problems.append(YamlProblem(
                f"tags such as {tag} are not allowed in banks: remove it",
                _mark(event.start_mark)))

    def _next_path(self) -> tuple[Path, bool]:
        """The path of the node starting now, and whether it is a mapping key."""
        top = self._stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            return (*path, len(container)), False
        if top[2] is _NO_KEY:
            return path, True
        return (*path, top[2]), False

    def _attach(self, value, event) -> None:
        if not self._stack:
            self.root = value
            self.marks[()] = _mark(event.start_mark)
            return
        top = self._stack[-1]
        container = top[0]
        if isinstance(container, list):
            self.marks[(*top[1], len(container))] = _mark(event.start_mark)
            container.append(value)
            return
        key = top[2]
        if key is _NO_KEY:  # this value is a key
            self._take_key(top, value, event)
            return
        if key is not _SKIP:
            path = (*top[1], key)
            self.marks[path] = _mark(event.start_mark)
            container[key] = value
        top[2] = _NO_KEY

    def _take_key(self, top, value, event) -> None:
        mark = _mark(event.start_mark)
        if not isinstance(value, str) or value in ("",):
            if isinstance(value, str | type(None)):
                shown = "an empty key"
            else:
                shown = "a list or mapping used as a key"
            self.problems.append(YamlProblem(f"{shown} is not allowed", mark))
            top[2] = _SKIP
            return
        if value == "<<" and isinstance(event, yaml.ScalarEvent) and event.implicit[0]:
            self.problems.append(YamlProblem(
                "merge keys (<<) are not allowed in banks: write the keys out", mark))
            top[2] = _SKIP
            return
        path = (*top[1], value)
        seen = top[3]
        if value in seen:
            first = seen[value]
            self.problems.append(YamlProblem(
                f"duplicate key '{value}' (first written on line {first.line}); "
                "a key may appear only once", mark))
            top[2] = _SKIP
            return
        seen[value] = mark
        self.key_marks[path] = mark
        top[2] = value

    def feed(self, event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._check_node(event)
            value = event.value
            if event.implicit[0] and value in NULLS:  # plain, not quoted
                value = None
            self._attach(value, event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._check_node(event)
            if len(self._stack) >= MAX_DEPTH:
                self._fail(f"the file is nested more than {MAX_DEPTH} levels deep; "
                           "banks never need that much", event)
            container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
            path: Path = ()
            if self._stack:
                path, is_key = self._next_path()
                if is_key:
                    path = (*path, "?")
            self._attach(container, event)
            self._stack.append([container, path, _NO_KEY, {}])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            self.problems.append(YamlProblem(
                f"aliases (*{event.anchor}) are not allowed in banks: write the value out",
                _mark(event.start_mark)))
            self._attach(None, event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail("the file holds several YAML documents (a second '---'); "
                           "put one bank in each file", event)


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return self.name


_NO_KEY = _Sentinel("NO_KEY")
_SKIP = _Sentinel("SKIP")

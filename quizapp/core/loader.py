"""Loading banks from files: one boundary per file, every problem located.

``load_bank`` either returns a valid ``Bank`` or raises ``BankError`` with every problem it found,
each with file, line and column. Nothing else escapes it, whatever the file holds, so one bad
file never stops the others (``load_library``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from itertools import islice
from pathlib import Path, PurePosixPath, PureWindowsPath

from quizapp.core import yamlsafe
from quizapp.core.atomic import replacing
from quizapp.core.bank import (
    DIFFICULTIES,
    FORMAT_VERSION,
    QUESTION_CLASSES,
    QUESTION_TYPES,
    Bank,
    Match,
    Multiple,
    Order,
    Short,
    Single,
    Source,
    no_cycle_collection,
)
from quizapp.core.cache import BankCache
from quizapp.core.library import BankError, Library, Problem
from quizapp.core.lint import lint_bank
from quizapp.core.yamlsafe import MAX_PROBLEMS, Mark

BANK_SUFFIXES = (".yaml", ".yml")

def _field_names(model: type) -> list[str]:
    return [f.name for f in fields(model)]


def load_bank(path: str | os.PathLike[str], *, fast: bool = True, strict: bool = False,
              today: dt.date | None = None, cache: BankCache | None = None,
              keep: bool = False) -> Bank:
    """Load and check one bank file. Raise ``BankError``, and only that, on any problem.

    ``strict`` also refuses what a careful author would fix (see ``quizapp.core.lint``).
    With a ``cache``, a file read before with the same content is not parsed again (and its
    questions are built when first used; ``keep``: see ``bank.deferred_bank``).
    """
    path = path if isinstance(path, Path) else Path(path)
    try:
        return _load(path, fast=fast, strict=strict, today=today,
                     cache=None if strict else cache, keep=keep)
    except BankError:
        raise
    except RecursionError:
        raise BankError([Problem(path, None, None, "the file is nested too deeply to read")]) \
            from None
    except MemoryError:
        raise BankError([Problem(path, None, None, "the file is too large to read")]) from None
    except Exception as exc:  # the boundary: anything at all becomes a located error
        raise BankError([Problem(path, None, None,
                                 f"the file could not be read ({type(exc).__name__}: {exc})")]) \
            from None


def load_bank_text(text: str | bytes, path: str | os.PathLike[str] = "<text>", *,
                   fast: bool = True, strict: bool = False, today: dt.date | None = None) -> Bank:
    """Like ``load_bank`` for text already in memory (tests, fuzzing, pasted banks)."""
    path = Path(path)
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    try:
        return _load_bytes(data, path, fast=fast, strict=strict, today=today)
    except BankError:
        raise
    except Exception as exc:
        raise BankError([Problem(path, None, None,
                                 f"the file could not be read ({type(exc).__name__}: {exc})")]) \
            from None


def _load(path: Path, *, fast: bool, strict: bool, today: dt.date | None,
          cache: BankCache | None = None, keep: bool = False) -> Bank:
    try:
        data = read_bank_file(path)
    except yamlsafe.YamlError as exc:
        raise _located(path, exc) from None
    except OSError as exc:
        raise BankError([Problem(path, None, None,
                                 f"cannot read the file: {exc.strerror or exc}")]) from None
    if cache is not None:
        cached = cache.get(data, path, keep=keep)
        if cached is not None:
            return cached
    bank = _load_bytes(data, path, fast=fast, strict=strict, today=today)
    if cache is not None:
        cache.put(data, bank)
    return bank


def read_bank_file(path: Path) -> bytes:
    """The bytes of a bank file, read without ever blocking or reading without end.

    Refused (``BankError``): a link to a file outside the link's folder (a bank may not read
    what is beside its folder), anything but a regular file (a named pipe would block the app,
    ``/dev/zero`` would fill its memory), and more than ``MAX_BYTES``, which is checked on
    what is read, not on what the folder listing said.
    """
    if path.is_symlink():
        try:
            inside = path.resolve(strict=True).is_relative_to(path.parent.resolve())
        except (OSError, RuntimeError):  # a dangling link or a loop of links
            inside = True  # reading it fails below with the system's words
        if not inside:
            raise BankError([Problem(path, None, None, (
                "this file links to a file outside its folder; QuizApp reads no file "
                "outside the folder of a bank: copy the bank into the folder instead"))])
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BankError([Problem(path, None, None, (
                "this is not a regular file (a folder, a named pipe or a device), "
                "so it cannot be a bank"))])
        chunks, size = [], 0
        while size <= yamlsafe.MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, yamlsafe.MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > yamlsafe.MAX_BYTES:
        yamlsafe.decode(data)  # raises the size message
    return data


def _located(path: Path, exc: yamlsafe.YamlError) -> BankError:
    return BankError([Problem(path, p.mark.line if p.mark else None,
                              p.mark.column if p.mark else None, p.message)
                      for p in exc.problems])


def _load_bytes(data: bytes, path: Path, *, fast: bool, strict: bool = False,
                today: dt.date | None = None) -> Bank:
    with no_cycle_collection():
        return _build_bank(data, path, fast=fast, strict=strict, today=today)


def _build_bank(data: bytes, path: Path, *, fast: bool, strict: bool,
                today: dt.date | None) -> Bank:
    try:
        doc = yamlsafe.parse(yamlsafe.decode(data), fast=fast)
    except yamlsafe.YamlError as exc:
        raise _located(path, exc) from None
    where = _Locator(path, doc)
    root = doc.value
    if not isinstance(root, dict):
        found = "a list" if isinstance(root, list) else "a single value"
        raise BankError([where.problem((), "the file must be a mapping of keys (format, id, "
                                       f"title, as_of, questions...), but it is {found}")])
    _check_format(root, where)
    from quizapp.core import bankformat  # pydantic: only when a file is read, not from the cache
    from quizapp.core.bankformat import ValidationError

    try:
        bank = bankformat.validate(root)
    except ValidationError as exc:
        count = exc.error_count()
        if count > MAX_PROBLEMS:  # listing them all would hold the GIL for a long time
            try:
                bankformat.validate(_pruned(root))
            except ValidationError as fewer:
                exc = fewer
        errors = exc.errors(include_url=False)[:MAX_PROBLEMS]
        raise BankError(_bounded([where.from_pydantic(err, root) for err in errors],
                                 count > MAX_PROBLEMS, path)) from None
    problems = [where.problem(loc, message, key=key)
                for loc, message, key in islice(check_bank(bank, path.parent), MAX_PROBLEMS + 1)]
    if strict and not problems:
        problems = [where.problem(loc, message)
                    for loc, message in islice(lint_bank(bank, today), MAX_PROBLEMS + 1)]
    if problems:
        raise BankError(_bounded(problems[:MAX_PROBLEMS], len(problems) > MAX_PROBLEMS, path))
    bank.set_path(path)
    return bank


_KNOWN_KEYS = frozenset(name for model in (Bank, Source, *QUESTION_CLASSES.values())
                        for name in _field_names(model))
_PRUNE = 150  # entries kept of each list and unknown keys of each mapping: more than any limit


def _pruned(value: object) -> object:
    """A copy of a huge, broken document that gives the same first errors, and few of them:
    the first entries of every list, and of every mapping its known keys and the first
    unknown ones (paths stay the same, so problems are located in the real document)."""
    if isinstance(value, list):
        return [_pruned(v) for v in value[:_PRUNE]]
    if isinstance(value, dict):
        kept, unknown = {}, 0
        for key, v in value.items():
            if key not in _KNOWN_KEYS:
                unknown += 1
                if unknown > _PRUNE:
                    continue
            kept[key] = _pruned(v)
        return kept
    return value


def _bounded(problems: list[Problem], more: bool, path: Path) -> list[Problem]:
    """Problems in the order of the file; a last line says when more were left out."""
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if more:
        problems.append(Problem(path, None, None, (
            f"QuizApp stopped checking the file after {MAX_PROBLEMS} problems: fix these first")))
    return problems


def _check_format(root: dict, where: _Locator) -> None:
    if "format" not in root:
        raise BankError([where.problem((), "missing required key 'format' (write `format: 1` "
                                       "on the first line)")])
    value = root["format"]
    try:
        number = float(value) if isinstance(value, str) else None
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        raise BankError([where.problem(("format",), f"format must be a whole number such as "
                                       f"{FORMAT_VERSION}, found '{value}'")])
    if number > FORMAT_VERSION:
        raise BankError([where.problem(("format",), (
            f"this bank uses format {int(number)}, but this version of QuizApp reads format "
            f"{FORMAT_VERSION} at most: update QuizApp to open it"))])
    if number < 1:
        raise BankError([where.problem(("format",), f"format must be {FORMAT_VERSION}")])


def check_bank(bank: Bank, folder: Path | None = None) -> Iterator[tuple[tuple, str, bool]]:
    """What the schema alone cannot say. Yields (path in the file, message, points at key)."""
    source_keys: set[str] = set()
    for i, source in enumerate(bank.sources):
        if source.key in source_keys:
            yield ("sources", i, "key"), f"source key '{source.key}' is used twice", False
        source_keys.add(source.key)
    seen_ids: dict[str, int] = {}
    for i, q in enumerate(bank.questions):
        at = ("questions", i)
        if q.id in seen_ids:
            yield (*at, "id"), (f"question id '{q.id}' is already used by question "
                                f"{seen_ids[q.id] + 1}"), False
        seen_ids.setdefault(q.id, i)
        if q.source is not None and q.source not in source_keys:
            hint = _did_you_mean(q.source, source_keys)
            yield (*at, "source"), (f"question '{q.id}': no source with key '{q.source}' in "
                                    f"this bank's sources{hint}"), False
        if q.image is not None:
            reason = _image_problem(q.image, folder)
            if reason:
                yield (*at, "image"), f"question '{q.id}': {reason}", False
        yield from ((loc, f"question '{q.id}': {msg}", key)
                    for loc, msg, key in _check_question(q, at))


def _check_question(q, at: tuple) -> Iterator[tuple[tuple, str, bool]]:
    if isinstance(q, Single | Multiple):
        for j, dup in _duplicates(q.choices):
            yield (*at, "choices", j), f"the choice '{dup}' is listed twice", False
        answers = [q.answer] if isinstance(q, Single) else q.answer
        for j, answer in enumerate(answers):
            if answer not in q.choices:
                loc = (*at, "answer") if isinstance(q, Single) else (*at, "answer", j)
                close = difflib.get_close_matches(answer, q.choices, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                yield loc, (f"the answer '{answer}' is not one of the choices; it must be "
                            f"written exactly as a choice{hint}"), False
        if isinstance(q, Multiple):
            for j, dup in _duplicates(q.answer):
                yield (*at, "answer", j), f"the answer '{dup}' is listed twice", False
    elif isinstance(q, Short):
        for j, dup in _duplicates(q.answer):
            yield (*at, "answer", j), f"the accepted answer '{dup}' is listed twice", False
    elif isinstance(q, Order):
        for j, dup in _duplicates(q.items):
            yield (*at, "items", j), f"the item '{dup}' is listed twice", False
    elif isinstance(q, Match):
        seen: set[str] = set()
        for left, right in q.pairs.items():
            if right in seen:
                yield (*at, "pairs", left), (f"'{right}' is matched twice; each right-hand "
                                             "side must be different"), False
            seen.add(right)


def _duplicates(values: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for j, value in enumerate(values):
        if value in seen:
            yield j, value
        seen.add(value)


def _image_problem(image: str, folder: Path | None) -> str | None:
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in image):
        return f"the image {image!r} has a control character in its name"
    posix, windows = PurePosixPath(image), PureWindowsPath(image)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or "://" in image:
        return (f"the image '{image}' must be a path relative to the bank's folder, "
                "such as images/map.png")
    if ".." in posix.parts or ".." in windows.parts:
        return f"the image '{image}' must stay inside the bank's folder (no '..')"
    if folder is not None:
        target = folder / image
        try:
            if target.exists() and not target.resolve().is_relative_to(folder.resolve()):
                return f"the image '{image}' links to a file outside the bank's folder"
        except OSError:
            return f"the image '{image}' cannot be checked"
    return None


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Locator:
    """Turns paths inside the file into lines and pydantic errors into teacher's words."""

    def __init__(self, path: Path, doc: yamlsafe.Document):
        self.path = path
        self.doc = doc

    def mark(self, loc: tuple, *, key: bool = False) -> Mark | None:
        return self.doc.mark(tuple(loc), key=key)

    def problem(self, loc: tuple, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(loc, key=key)
        return Problem(self.path, mark.line if mark else None, mark.column if mark else None,
                       message)

    def from_pydantic(self, err: dict, root: dict) -> Problem:
        loc, model, node = _data_path(err["loc"], root)
        name = loc[-1] if loc and isinstance(loc[-1], str) else None
        kind = err["type"]
        ctx = err.get("ctx") or {}
        prefix = ""
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            qid = node.get("id") if isinstance(node, dict) else None
            prefix = f"question '{qid}': " if isinstance(qid, str) else \
                f"question {loc[1] + 1}: "
        elif len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            prefix = f"source {loc[1] + 1}: "
        at_key = False
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            allowed = _field_names(model) if model else []
            where = ""
            if model is not None and model is not Bank and model is not Source:
                where = f" for a {node.get('type')} question"
            message = f"unknown key '{name}'{where}{_did_you_mean(str(name), allowed)}"
            at_key = True
        elif kind in ("missing", "missing_keyword_only_argument"):
            message = f"missing required key '{name}'"
            loc = loc[:-1]
            at_key = True
        elif kind == "union_tag_invalid":
            message = (f"unknown question type '{ctx.get('tag')}'; use one of: "
                       + ", ".join(QUESTION_TYPES))
            loc = (*loc, "type")
        elif kind == "union_tag_not_found":
            message = "missing required key 'type' (one of: " + ", ".join(QUESTION_TYPES) + ")"
            at_key = True
        elif kind == "literal_error" and name == "difficulty":
            message = (f"difficulty must be one of {', '.join(DIFFICULTIES)}, "
                       f"found '{err.get('input')}'")
        elif kind == "string_pattern_mismatch":
            message = (f"{name or 'this'}: '{err.get('input')}' is not a valid id; use lowercase "
                       "letters, digits and hyphens, starting with a letter or digit")
        elif kind in ("too_short", "string_too_short"):
            if kind == "string_too_short":
                message = f"'{name}' is empty"
            else:
                message = f"'{name}' needs at least {ctx.get('min_length')} entries"
        elif kind == "too_long":
            real = _node_at(root, loc)
            count = len(real) if isinstance(real, list | dict) else ctx.get("actual_length")
            message = (f"'{name}' has {count} entries; at most {ctx.get('max_length')} are "
                       "allowed")
        elif kind == "string_too_long":
            length = len(err["input"]) if isinstance(err.get("input"), str) else "too many"
            what = f"'{name}'" if name is not None else "this text"
            message = (f"{what} is {length} characters long; at most "
                       f"{ctx.get('max_length')} are allowed")
        elif kind in ("greater_than", "greater_than_equal"):
            bound = ctx.get("gt", ctx.get("ge"))
            word = "greater than" if kind == "greater_than" else "at least"
            message = f"{name} must be {word} {bound}, found {err.get('input')}"
        elif kind in ("list_type", "dict_type", "string_type", "dataclass_type",
                      "dataclass_args_type"):
            want = "text" if kind == "string_type" else \
                "a list" if kind == "list_type" else "a mapping of keys to values"
            what = f"'{name}'" if name else (f"entry {loc[-1] + 1}" if loc and
                                               isinstance(loc[-1], int) else "this")
            message = f"{what} should be {want}, found {_describe(err.get('input'))}"
        elif kind == "value_error":
            message = f"{name}: {ctx.get('error', err['msg'])}" if name else \
                str(ctx.get("error", err["msg"]))
        else:
            message = f"{name}: {err['msg']}" if name else err["msg"]
        return self.problem(loc, prefix + message, key=at_key)


def _node_at(root: object, loc: tuple) -> object:
    node = root
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"'{text[:40]}{'...' if len(text) > 40 else ''}'"


def _data_path(loc: tuple, root: dict) -> tuple[tuple, type | None, object]:
    """Drop the union tags pydantic puts into locations; find the model and question node."""
    path: list = []
    node: object = root
    model: type | None = Bank
    question: object = None
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and part in QUESTION_CLASSES and isinstance(node, dict):
            continue  # the discriminator pydantic adds
        elif isinstance(part, str) and part.startswith("function-"):
            continue
        else:
            path.append(part)
            node = None
        if len(path) == 2 and path[0] == "questions":
            question = node
            qtype = node.get("type") if isinstance(node, dict) else None
            model = QUESTION_CLASSES.get(qtype) if isinstance(qtype, str) else None
        elif len(path) == 2 and path[0] == "sources":
            question, model = node, Source
    return tuple(path), model, question if question is not None else node


def bank_files(folders: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The bank files in these folders (or these files), in a stable order."""
    found: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            found.append(folder)
            continue
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(Path(root) / f for f in sorted(files)
                         if f.lower().endswith(BANK_SUFFIXES) and not f.startswith("."))
    return found


def load_library(folders: Iterable[str | os.PathLike[str]], *, fast: bool = True,
                 strict: bool = False, today: dt.date | None = None,
                 cache: BankCache | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 keep: bool = False) -> Library:
    """Load every bank in ``folders``; bad files are listed, never fatal.

    ``progress(number, total)`` is called as each file starts. ``keep``: the banks will live
    as long as the process (a window's), so they are frozen out of the cycle collector's
    sight (see ``bank.no_cycle_collection``).
    """
    with no_cycle_collection(freeze=keep):
        library = _load_library(bank_files(folders), fast=fast, strict=strict, today=today,
                                cache=cache, progress=progress, keep=keep)
    if cache is not None:
        cache.prune()  # keeps the cache from growing without end
    return library


def _load_library(files: list[Path], *, fast: bool, strict: bool, today: dt.date | None,
                  cache: BankCache | None,
                  progress: Callable[[int, int], None] | None, keep: bool) -> Library:
    library = Library()
    first_file: dict[str, Path] = {}
    for done, path in enumerate(files, 1):
        if progress is not None:
            progress(done, len(files))
        try:
            bank = load_bank(path, fast=fast, strict=strict, today=today, cache=cache,
                             keep=keep)
        except BankError as exc:
            library.failures[path] = exc.problems
            continue
        if bank.id in first_file:
            library.failures[path] = [Problem(path, None, None, (
                f"the bank id '{bank.id}' is already used by {first_file[bank.id]}; "
                "give one of the two banks another id"))]
            continue
        first_file[bank.id] = path
        library.banks.append(bank)
    return library


__all__ = ["BankError", "Library", "Problem", "bank_files", "check_bank", "load_bank",
           "load_bank_text", "load_library", "FORMAT_VERSION"]


def install_bank(source: str | os.PathLike[str], folder: str | os.PathLike[str], *,
                 replace: bool = False) -> Path:
    """Check a bank file and copy it into ``folder`` (the user's banks).

    Raise ``BankError`` if it does not load, and ``FileExistsError`` if a different file of
    that name is there and ``replace`` is false. The copy is written atomically.
    """
    source, folder = Path(source), Path(folder)
    load_bank(source)
    data = source.read_bytes()
    target = folder / source.name
    if target.exists() and not replace and target.read_bytes() != data:
        raise FileExistsError(str(target))
    folder.mkdir(parents=True, exist_ok=True)
    with replacing(target) as fh:
        fh.write(data)
    return target

"""The window's own preferences (text size, theme, last setup, players, window place), kept in
``DATA/settings.json``.

Plain JSON that QuizApp reads itself, never through ``QSettings``: PySide6 stores a Python
value in a ``QSettings`` file as a pickle and unpickles it when the file is read, so a crafted
settings file in a shared data folder (a network drive, a USB stick) would run code under the
account of whoever starts QuizApp next. The ``settings.ini`` of earlier versions is read once,
by hand: its plain values are kept and anything typed (``@Variant``, ``@ByteArray``) is skipped.

A damaged or strange file gives defaults, never an error; it is kept beside as
``settings.json.damaged`` before the first change is written. Each change is written at once,
all-or-nothing, and merged with what another copy of QuizApp may have written meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
from pathlib import Path
from typing import Any

from quizapp.core.atomic import replacing
from quizapp.gui.theme import DEFAULT_POINT_SIZE

FILE_NAME = "settings.json"
OLD_FILE_NAME = "settings.ini"  # QuizApp 0.1's QSettings file
MAX_BYTES = 1 << 20  # a settings file is a few hundred bytes; more is not ours


class Prefs:
    """Typed access to ``settings.json`` (see the module)."""

    def __init__(self, data_dir: Path):
        self._path = Path(data_dir) / FILE_NAME
        with contextlib.suppress(OSError):
            self._path.parent.mkdir(parents=True, exist_ok=True)
        values = self._read()
        self._damaged = values is None
        if values is None:
            values = {}
        elif not values and not self._path.exists():
            values = read_old_ini(self._path.with_name(OLD_FILE_NAME))
            if values:
                self._write(values)
        self._values: dict[str, Any] = values

    # --- reading and writing ---------------------------------------------------------------

    def _read(self) -> dict[str, Any] | None:
        """The file's values; {} when there is no file; None when it is damaged."""
        try:
            with open(self._path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError:  # a folder, no permission: defaults, and writing will fail quietly
            return {}
        try:
            values = json.loads(data.decode("utf-8")) if len(data) <= MAX_BYTES else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            values = None
        return values if isinstance(values, dict) else None

    def _write(self, changes: dict[str, Any]) -> None:
        """Merge ``changes`` into the file as it is now and write it; never an error (the
        preferences live on in memory for this session)."""
        current = self._read()
        if current is None:
            if self._damaged or self._path.exists():
                with contextlib.suppress(OSError):
                    self._path.replace(self._path.with_name(FILE_NAME + ".damaged"))
            current = {}
        self._damaged = False
        current.update(changes)
        self._values = current
        try:
            with replacing(self._path, "w", encoding="utf-8", newline="\n") as fh:
                json.dump(current, fh, ensure_ascii=False, indent=1, sort_keys=True)
        except OSError:
            return

    def _set(self, **changes: Any) -> None:
        """Write the values that differ from those held (``_write`` holds them then)."""
        changed = {k: v for k, v in changes.items() if self._values.get(k) != v}
        if changed:
            self._write(changed)

    # --- the preferences -------------------------------------------------------------------

    @property
    def point_size(self) -> int:
        value = self._values.get("point_size")
        return value if type(value) is int else DEFAULT_POINT_SIZE

    @point_size.setter
    def point_size(self, value: int) -> None:
        self._set(point_size=int(value))

    @property
    def high_contrast(self) -> bool:
        return self._values.get("high_contrast") is True

    @high_contrast.setter
    def high_contrast(self, value: bool) -> None:
        self._set(high_contrast=bool(value))

    @property
    def last_setup(self) -> dict:
        value = self._values.get("last_setup")
        return dict(value) if isinstance(value, dict) else {}

    @last_setup.setter
    def last_setup(self, value: dict) -> None:
        self._set(last_setup=dict(value))

    @property
    def geometry(self) -> bytes | None:
        value = self._values.get("geometry")
        if not isinstance(value, str):
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        self._set(geometry=base64.b64encode(bytes(value)).decode("ascii"))

    @property
    def players(self) -> list[str]:
        value = self._values.get("players")
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    @property
    def last_player(self) -> str:
        value = self._values.get("last_player")
        return value if isinstance(value, str) else ""

    def remember_player(self, name: str) -> None:
        if not name:
            return
        self._set(players=[name, *(n for n in self.players if n != name)], last_player=name)


# --- the settings.ini of QuizApp 0.1 -------------------------------------------------------------

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,4}|.)", re.S)
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "f": "\f",
            "v": "\v"}


def _qt_string(raw: str) -> str | None:
    """A plain string value as QSettings wrote it, or None for a typed one (never decoded)."""
    if raw.startswith("@"):
        return None
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]

    def unescape(match: re.Match) -> str:
        code = match[1]
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _CONTROL.get(code, code)

    return _ESCAPE.sub(unescape, raw)


def read_old_ini(path: Path) -> dict[str, Any]:
    """The preferences in an old ``settings.ini``, by hand (see the module); {} when there is
    none or nothing in it can be used. Values of the wrong shape are left out."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    plain: dict[str, str] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, equals, raw = line.partition("=")
        value = _qt_string(raw.strip()) if equals else None
        if value is not None:
            plain[f"{section}/{key.strip()}"] = value
    found: dict[str, Any] = {}
    if re.fullmatch(r"\d{1,3}", plain.get("view/point_size", "")):
        found["point_size"] = int(plain["view/point_size"])
    if plain.get("view/high_contrast", "").lower() in ("true", "false"):
        found["high_contrast"] = plain["view/high_contrast"].lower() == "true"
    for key, name, kind in (("quiz/last_setup", "last_setup", dict),
                            ("players/names", "players", list)):
        try:
            value = json.loads(plain.get(key, ""))
        except (ValueError, RecursionError):
            continue
        if isinstance(value, kind):
            found[name] = value
    if plain.get("players/last"):
        found["last_player"] = plain["players/last"]
    return found

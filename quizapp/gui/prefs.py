"""The window's own preferences (text size, theme, last setup), kept in the data folder."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from quizapp.gui.theme import DEFAULT_POINT_SIZE


class Prefs:
    """Typed access to ``settings.ini``; a damaged file gives defaults, never an error."""

    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default, kind):
        value = self._settings.value(key, default)
        try:
            if kind is bool:
                return value if isinstance(value, bool) else str(value).lower() == "true"
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def point_size(self) -> int:
        return self._get("view/point_size", DEFAULT_POINT_SIZE, int)

    @point_size.setter
    def point_size(self, value: int) -> None:
        self._settings.setValue("view/point_size", int(value))

    @property
    def high_contrast(self) -> bool:
        return self._get("view/high_contrast", False, bool)

    @high_contrast.setter
    def high_contrast(self, value: bool) -> None:
        self._settings.setValue("view/high_contrast", bool(value))

    @property
    def last_setup(self) -> dict:
        try:
            value = json.loads(self._get("quiz/last_setup", "{}", str))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    @last_setup.setter
    def last_setup(self, value: dict) -> None:
        self._settings.setValue("quiz/last_setup", json.dumps(value))

    @property
    def geometry(self) -> bytes | None:
        value = self._settings.value("window/geometry")
        return bytes(value) if value is not None else None

    @geometry.setter
    def geometry(self, value: bytes) -> None:
        # As Qt's own byte array: a Python bytes value would be written as a pickle, which
        # PySide6 unpickles (runs) when the file is read back.
        self._settings.setValue("window/geometry", QByteArray(value))

    def sync(self) -> None:
        self._settings.sync()

    @property
    def players(self) -> list[str]:
        try:
            value = json.loads(self._get("players/names", "[]", str))
        except ValueError:
            return []
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def last_player(self) -> str:
        return self._get("players/last", "", str)

    def remember_player(self, name: str) -> None:
        if not name:
            return
        names = [n for n in self.players if n != name]
        self._settings.setValue("players/names", json.dumps([name, *names]))
        self._settings.setValue("players/last", name)

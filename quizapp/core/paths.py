"""The one place that decides where QuizApp's files live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "QuizApp"
DATA_DIR_ENV = "QUIZAPP_DATA_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resolve_data_dir(option: str | os.PathLike[str] | None = None,
                     environ: Mapping[str, str] | None = None) -> Path:
    """The user data folder: ``--data-dir``, else ``$QUIZAPP_DATA_DIR``, else the platform's."""
    environ = os.environ if environ is None else environ
    if option:
        return Path(option).expanduser().absolute()
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV]).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _bundled(name: str) -> Path:
    installed = _PACKAGE_DIR / "_bundled" / name  # inside an installed wheel
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name  # a source checkout or an editable install


def bundled_banks_dir() -> Path:
    """The question banks shipped with QuizApp."""
    return _bundled("questions")


def assets_dir() -> Path:
    """Icons, images and styles shipped with QuizApp."""
    return _bundled("assets")


def user_banks_dir(data_dir: Path) -> Path:
    """Banks the user added; loaded beside the bundled ones."""
    return data_dir / "banks"

"""A cache of parsed banks, keyed by the file's content, so a second start skips the YAML.

An entry is the bank as JSON, named by a hash of the file's bytes and of this QuizApp's version
(a new version may read banks differently). A missing, stale or damaged entry is simply read
from the YAML again; the cache never decides whether a bank is valid: entries are only written
for banks that passed every check, and are validated again by the schema when read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from quizapp import __version__
from quizapp.core.atomic import replacing
from quizapp.core.bank import Bank

MAX_ENTRIES = 2000


class BankCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry(self, data: bytes) -> Path:
        digest = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, data: bytes, path: Path) -> Bank | None:
        """The bank parsed from these bytes before, or None."""
        entry = self._entry(data)
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        try:
            bank = Bank.model_validate_json(blob)
        except ValueError:  # damaged or from an incompatible version: read the YAML
            return None
        bank._path = path
        return bank

    def put(self, data: bytes, bank: Bank) -> None:
        """Remember a valid bank. Failing to write is never an error: it is only a cache."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with replacing(self._entry(data)) as fh:
                fh.write(bank.model_dump_json().encode("utf-8"))
        except OSError:
            return

    def prune(self, keep: set[Path]) -> None:
        """Drop entries not in ``keep`` once there are too many."""
        try:
            entries = list(self.folder.glob("*.json"))
            if len(entries) <= MAX_ENTRIES:
                return
            for entry in entries:
                if entry not in keep:
                    entry.unlink(missing_ok=True)
        except OSError:
            return

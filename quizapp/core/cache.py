"""A cache of parsed banks, keyed by the file's content, so a second start skips the YAML.

An entry is the bank as JSON, named by a hash of the file's bytes and of this QuizApp's version
(a new version may read banks differently). A missing, stale or damaged entry is simply read
from the YAML again; the cache never decides whether a bank is valid: entries are only written
for banks that passed every check. Entries are read back without pydantic (``bank_from_data``),
which keeps pydantic off the path to a warm start; the cache lives in the user's own data
folder, beside the score database, and is trusted as that is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import __version__
from quizapp.core.atomic import replacing

if TYPE_CHECKING:
    from quizapp.core.bank import Bank

MAX_ENTRIES = 2000
ENTRY_FORMAT = b"2"  # bumped when the shape of an entry changes


class BankCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _entry(self, data: bytes) -> Path:
        key = b"\0".join((__version__.encode(), ENTRY_FORMAT, data))
        digest = hashlib.sha256(key).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, data: bytes, path: Path) -> Bank | None:
        """The bank parsed from these bytes before, or None."""
        entry = self._entry(data)
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        from quizapp.core.bank import bank_from_data  # on the loading thread, not at start-up

        try:
            bank = bank_from_data(json.loads(blob))
        except Exception:  # damaged, or of another shape: read the YAML
            return None
        bank.set_path(path)
        return bank

    def put(self, data: bytes, bank: Bank) -> None:
        """Remember a valid bank. Failing to write is never an error: it is only a cache."""
        from quizapp.core.bank import as_data

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with replacing(self._entry(data)) as fh:
                fh.write(json.dumps(as_data(bank), ensure_ascii=False).encode("utf-8"))
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

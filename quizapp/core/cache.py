"""A cache of parsed banks, keyed by the file's content, so a second start skips the YAML.

An entry is the bank as JSON, named by a hash of the file's bytes and of this QuizApp's version
(a new version may read banks differently). A missing, stale or damaged entry is simply read
from the YAML again; the cache never decides whether a bank is valid: entries are only written
for banks that passed every check. Entries are read back without pydantic, which keeps
pydantic off the path to a warm start; the cache lives in the user's own data folder, beside
the score database, and is trusted as that is.

An entry is three lines: a CRC-32 of the rest, checked when it is read; the bank without its
questions and each question's difficulty and tags (what the library lists and counts), as one
line of JSON; and the questions' own JSON. Only the first two are decoded when the entry is
read; the questions are built the first time they are used (``bank.deferred_bank``), so a
start with hundreds of banks lists them without building tens of thousands of objects.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import __version__
from quizapp.core.atomic import replacing

if TYPE_CHECKING:
    from quizapp.core.bank import Bank

MAX_ENTRIES = 2000
ENTRY_FORMAT = b"3"  # bumped when the shape of an entry changes


class BankCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._folder = os.fspath(self.folder)  # plain text: joined once per bank at start
        self._used: set[str] = set()  # the entries read or written by this QuizApp

    def _entry(self, data: bytes) -> str:
        key = b"\0".join((__version__.encode(), ENTRY_FORMAT, data))
        digest = hashlib.sha256(key).hexdigest()
        entry = os.path.join(self._folder, f"{digest}.json")
        self._used.add(entry)
        return entry

    def get(self, data: bytes, path: Path, *, keep: bool = False) -> Bank | None:
        """The bank parsed from these bytes before, or None. ``keep``: see
        ``bank.deferred_bank``."""
        try:
            with open(self._entry(data), "rb") as fh:
                blob = fh.read()
        except OSError:
            return None
        from quizapp.core.bank import deferred_bank  # on the loading thread, not at start-up

        try:
            check, body = blob.split(b"\n", 1)
            if int(check) != zlib.crc32(body):
                return None  # damaged on the disk: read the YAML
            header, questions = body.split(b"\n", 1)
            entry = json.loads(header)
            bank = deferred_bank(entry["bank"], entry["facets"], questions, keep=keep)
        except Exception:  # damaged, or of another shape: read the YAML
            return None
        bank.set_path(path)
        return bank

    def put(self, data: bytes, bank: Bank) -> None:
        """Remember a valid bank. Failing to write is never an error: it is only a cache."""
        from quizapp.core.bank import as_data

        whole = as_data(bank)
        questions = json.dumps(whole.pop("questions"), ensure_ascii=False)
        header = json.dumps({"bank": whole, "facets": bank.facets}, ensure_ascii=False)
        body = f"{header}\n{questions}".encode()  # no raw line break inside JSON
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with replacing(self._entry(data)) as fh:
                fh.write(b"%d\n" % zlib.crc32(body) + body)
        except OSError:
            return

    def prune(self) -> int:
        """Once the folder holds more than ``MAX_ENTRIES`` entries (banks edited again and
        again, older QuizApp versions), drop those this QuizApp has not read or written since
        it started. Returns how many were dropped; failing is never an error."""
        dropped = 0
        try:
            with os.scandir(self._folder) as listing:
                entries = [e.path for e in listing if e.name.endswith(".json")]
            if len(entries) <= MAX_ENTRIES:
                return 0
            for entry in entries:
                if entry not in self._used:
                    os.unlink(entry)
                    dropped += 1
        except OSError:
            pass
        return dropped

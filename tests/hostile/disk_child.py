"""Helper process for the disk-fault tests: drives the score store as the app does.

    python -m tests.hostile.disk_child '{"data_dir": "...", "steps": [...]}'

Steps, in order:

- ``["open"]``: ``ScoreStore.open(data_dir)``, a player and a quiz of 10,000 questions;
  ``["open_existing"]`` opens and takes the newest unfinished quiz;
- ``["record", n]``: record the next ``n`` answers, printing ``{"ack": i}`` after each commit;
- ``["record_until_error", n]``: the same, stopping at the first ``StoreError``;
- ``["fill", path]`` / ``["free", path]``: write a ballast file at ``path`` until the disk is
  full, or delete it;
- ``["remount_ro", dir]``: remount ``dir`` read-only (the test runs us in a private mount
  namespace where we may);
- ``["close"]``, ``["check"]`` (prints ``{"check": [...]}``).

Every ``StoreError`` is printed as ``{"error": kind, "message": text}``; anything else escapes
as a traceback, which the tests refuse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from quizapp.core.store import ScoreStore, StoreError


def say(**what) -> None:
    print(json.dumps(what), flush=True)


def main(config: dict) -> int:
    data = Path(config["data_dir"])
    store: ScoreStore | None = None
    attempt_id = None
    next_index = 0

    def record(count: int, *, stop_on_error: bool) -> None:
        nonlocal next_index
        for _ in range(count):
            try:
                store.record_answer(attempt_id, bank_id="disk", question_id=f"q{next_index}",
                                    content_hash="h", response="x" * 500, score=1.0,
                                    points=1.0, max_points=1.0, seconds=1.0)
            except StoreError as exc:
                say(error=type(exc).__name__, message=str(exc), at=next_index)
                if stop_on_error:
                    return
                raise
            say(ack=next_index)
            next_index += 1

    for step in config["steps"]:
        action, *args = step
        try:
            if action == "open":
                store = ScoreStore.open(data)
                player = store.add_player("Ann")
                attempt_id = store.start_attempt(
                    player.id, mode="practice", settings={}, seed=1,
                    banks=[("disk", date(2025, 9, 3))],
                    question_keys=[("disk", f"q{i}") for i in range(10_000)]).id
                say(opened=str(data), backup_error=store.backup_error)
            elif action == "open_existing":
                store = ScoreStore.open(data)
                player = store.players()[0]
                attempt_id = store.unfinished_attempt(player.id).id
                next_index = len(store.answers(attempt_id))
                say(opened=str(data), backup_error=store.backup_error)
            elif action == "record":
                record(args[0], stop_on_error=False)
            elif action == "record_until_error":
                record(args[0], stop_on_error=True)
            elif action == "fill":
                fd = os.open(args[0], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                try:
                    while os.write(fd, b"\0" * 4096):
                        pass
                except OSError:
                    pass
                finally:
                    os.close(fd)
                say(filled=args[0])
            elif action == "free":
                Path(args[0]).unlink()
                say(freed=args[0])
            elif action == "remount_ro":
                subprocess.run(["mount", "-o", "remount,bind,ro", args[0]], check=True)
                say(read_only=args[0])
            elif action == "close":
                store.close()
                store = None
                say(closed=True)
            elif action == "check":
                say(check=store.check())
        except StoreError as exc:
            say(error=type(exc).__name__, message=str(exc), step=action)
            return 3
    say(done=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(json.loads(sys.argv[1])))

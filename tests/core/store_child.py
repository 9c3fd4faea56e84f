"""Helper process for the kill and concurrency tests of the score store.

    python -m tests.core.store_child '{"data_dir": "...", "attempts": [1], "start": 0, ...}'

Opens the store as the app does, prints ``ready``, waits for the ``go`` file if one is named,
then records answers ``start`` .. ``stop - 1`` to each attempt and prints
``ack <attempt id> <index>`` after each ``record_answer`` has returned, that is after the
commit. ``done`` at the end. Options:

- ``player``: create this player and an attempt of theirs first (added to ``attempts``)
- ``read_every``: every N answers also read the history and a chart, as a GUI would
- ``backup_every``: every N answers also take a backup
- ``shared``: attempt ids whose answers are the same in every process (response = index)
- ``journal_mode``: as ``ScoreStore.open`` takes it (default: chosen by the folder)
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from quizapp.core.store import ScoreStore


def score_of(index: int) -> float:
    return (index % 3) / 2  # 0, 0.5, 1, 0, ...


def main(argv: list[str]) -> int:
    cfg = json.loads(argv[1])
    store = ScoreStore.open(Path(cfg["data_dir"]), journal_mode=cfg.get("journal_mode"))
    attempts = list(cfg.get("attempts", []))
    if cfg.get("player"):
        player = store.add_player(cfg["player"])
        attempt = store.start_attempt(player.id, mode="practice", settings={}, seed=1,
                                      banks=[("load", date(2025, 9, 3))],
                                      question_keys=[("load", f"q{i}")
                                                     for i in range(cfg["stop"])])
        attempts.append(attempt.id)
    print("ready", flush=True)
    if cfg.get("go"):
        go, deadline = Path(cfg["go"]), time.monotonic() + 60
        while not go.exists():
            if time.monotonic() > deadline:
                raise SystemExit("no go signal")
            time.sleep(0.002)
    shared = set(cfg.get("shared", []))
    read_every, backup_every = cfg.get("read_every", 0), cfg.get("backup_every", 0)
    for i in range(cfg["start"], cfg["stop"]):
        for attempt_id in attempts:
            response = i if attempt_id in shared else f"{attempt_id}-{i}"
            store.record_answer(attempt_id, bank_id="load", question_id=f"q{i}",
                                content_hash="h", response=response, score=score_of(i),
                                points=2 * score_of(i), max_points=2.0, seconds=1.0)
            print(f"ack {attempt_id} {i}", flush=True)
        if read_every and i % read_every == 0:
            store.attempts(include_unfinished=True)
            store.mastery_by_bank(None)
        if backup_every and i % backup_every == 0:
            store.backup("manual")
    print("done", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Crashes and crowds: answers survive kill -9, and several processes write at once.

``QUIZAPP_KILLS`` (default 30) sets how many times the kill test kills its child;
``QUIZAPP_WRITERS`` x ``QUIZAPP_WRITES`` (default 4 x 100) sizes the concurrency test;
``QUIZAPP_KILL_SEED`` replays one run of the kill test.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from quizapp.core.store import ScoreStore, list_backups
from quizapp.core.store.sqlite import check_file
from tests.conftest import REPO
from tests.core.store_child import score_of

KILLS = int(os.environ.get("QUIZAPP_KILLS", "30"))
WRITERS = int(os.environ.get("QUIZAPP_WRITERS", "4"))
WRITES = int(os.environ.get("QUIZAPP_WRITES", "100"))

pytestmark = pytest.mark.slow


def child(config: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.core.store_child", json.dumps(config)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            bufsize=1)


def acks(lines: list[str]) -> list[tuple[int, int]]:
    return [(int(a), int(i)) for _, a, i in (line.split() for line in lines
                                             if line.startswith("ack "))]


def new_quiz(data: Path, questions: int, name: str = "Ann") -> int:
    with ScoreStore.open(data) as store:
        player = store.add_player(name)
        return store.start_attempt(player.id, mode="practice", settings={}, seed=1,
                                   banks=[("load", date(2025, 9, 3))],
                                   question_keys=[("load", f"q{i}")
                                                  for i in range(questions)]).id


def stored(data: Path, attempt_id: int) -> dict[int, object]:
    with ScoreStore.open(data, daily_backup=False) as store:
        rows = store.answers(attempt_id)
        assert store.check() == []
    by_index = {int(r.question_id[1:]): r.response for r in rows}
    assert len(by_index) == len(rows)  # nothing doubled
    return by_index


def kill_at_random(proc: subprocess.Popen, rng: random.Random) -> list[str]:
    """Kill ``proc`` at a random moment; return every line it printed."""
    lines = []
    if rng.random() < 0.25:  # anywhere, start-up included
        time.sleep(rng.uniform(0, 0.6))
    else:  # in the middle of writing
        wanted = rng.randint(1, 40)
        while len(lines) < wanted:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(rng.uniform(0, 0.004))
    proc.kill()
    rest, errors = proc.communicate(timeout=30)
    lines += rest.splitlines(keepends=True)
    if proc.returncode not in (-9, 1):  # -9: killed; 1: Windows
        pytest.fail(f"the child failed by itself (exit {proc.returncode}):\n{errors}")
    assert "Traceback" not in errors, errors
    return lines


def test_every_acknowledged_answer_survives_kill_9(tmp_path):
    seed = int(os.environ.get("QUIZAPP_KILL_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    data = tmp_path / "data"
    attempt_id = new_quiz(data, questions=100)
    acknowledged: set[int] = set()
    for kill in range(KILLS):
        start = max(acknowledged, default=-1) + 1  # may redo an answer stored but not acked
        config = {"data_dir": str(data), "attempts": [attempt_id], "start": start,
                  "stop": 10**9, "backup_every": 7 if kill % 3 == 0 else 0}
        lines = kill_at_random(child(config), rng)
        got = acks(lines)
        assert all(a == attempt_id for a, _ in got)
        acknowledged |= {i for _, i in got}
    answers = stored(data, attempt_id)
    missing = acknowledged - set(answers)
    assert not missing, f"acknowledged answers lost {sorted(missing)} (seed {seed})"
    assert set(answers) == set(range(len(answers))), f"a gap in the answers (seed {seed})"
    assert all(answers[i] == f"{attempt_id}-{i}" for i in answers)
    assert len(acknowledged) >= KILLS // 2, "the kills came too early to test anything"
    for backup in list_backups(data / "backups"):  # a killed backup never passes as one
        assert check_file(backup.path)[0] == []


def test_after_a_kill_a_deleted_wal_file_loses_only_unsaved_work_consistently(tmp_path):
    data = tmp_path / "data"
    attempt_id = new_quiz(data, questions=100)
    proc = child({"data_dir": str(data), "attempts": [attempt_id], "start": 0, "stop": 10**9})
    lines = []
    while len(acks(lines)) < 50:
        lines.append(proc.stdout.readline())
    proc.kill()
    proc.communicate(timeout=30)
    assert len(acks(lines)) == 50
    (data / "scores.sqlite3-wal").unlink()  # what a careless copy or cleanup tool does
    (data / "scores.sqlite3-shm").unlink(missing_ok=True)
    answers = stored(data, attempt_id)  # opens, passes integrity_check
    assert set(answers) == set(range(len(answers)))  # an earlier state, never a torn one


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])  # delete: on network shares
def test_several_processes_write_at_once_nothing_refused_lost_or_doubled(tmp_path,
                                                                        journal_mode):
    writes = WRITES if journal_mode == "wal" else max(10, WRITES // 2)  # slower commits
    data = tmp_path / "data"
    with ScoreStore.open(data, journal_mode=journal_mode) as store:
        own = []
        for n in range(WRITERS):
            player = store.add_player(f"Writer {n}")
            own.append(store.start_attempt(
                player.id, mode="practice", settings={}, seed=n, banks=[],
                question_keys=[("load", f"q{i}") for i in range(writes)]).id)
        shared = store.start_attempt(
            store.add_player("Whole class").id, mode="show", settings={}, seed=0, banks=[],
            question_keys=[("load", f"q{i}") for i in range(writes)]).id
    go = tmp_path / "go"
    procs = [child({"data_dir": str(data), "attempts": [own[n], shared], "shared": [shared],
                    "start": 0, "stop": writes, "go": str(go), "read_every": 10,
                    "journal_mode": journal_mode})
             for n in range(WRITERS)]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    go.touch()
    started = time.monotonic()
    for n, proc in enumerate(procs):
        out, errors = proc.communicate(timeout=300)
        assert proc.returncode == 0, errors  # nothing refused: no "database is locked"
        assert out.endswith("done\n") and "Traceback" not in errors
        assert len(acks(out.splitlines())) == 2 * writes
        assert acks(out.splitlines())[:2] == [(own[n], 0), (shared, 0)]
    elapsed = time.monotonic() - started
    with ScoreStore.open(data, daily_backup=False, journal_mode=journal_mode) as store:
        assert store.check() == []
        for attempt_id in own:
            rows = store.answers(attempt_id)
            assert [r.response for r in rows] == [f"{attempt_id}-{i}" for i in range(writes)]
        assert len(store.answers(shared)) == writes  # every process sent them; stored once
        summary = {s.id: s for s in store.attempts(include_unfinished=True)}
        expected = sum(2 * score_of(i) for i in range(writes))
        assert all(summary[a].points == expected for a in [*own, shared])
    print(f"{journal_mode}: {WRITERS} processes x {2 * writes} commits in {elapsed:.1f} s")


def test_several_processes_can_create_a_new_database_at_once(tmp_path):
    data = tmp_path / "fresh"
    go = tmp_path / "go"
    procs = [child({"data_dir": str(data), "player": f"P{n}", "start": 0, "stop": 5,
                    "go": str(go)}) for n in range(WRITERS)]
    go.touch()
    for proc in procs:
        out, errors = proc.communicate(timeout=120)
        assert proc.returncode == 0, errors
        assert out.startswith("ready") and out.endswith("done\n")
    with ScoreStore.open(data) as store:
        assert sorted(p.name for p in store.players()) == [f"P{n}" for n in range(WRITERS)]
        assert [s.answered for s in store.attempts(include_unfinished=True)] == [5] * WRITERS
        assert store.check() == []

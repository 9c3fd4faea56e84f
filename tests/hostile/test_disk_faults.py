"""Broken disks (promises 1 and 9): each fault gives a clear message, never a traceback, and
loses nothing already acknowledged.

Tested through ``quizapp --smoke-test --data-dir`` (what a user starts) and through the score
store's API (what the window calls). Real faults where the system allows them: a full disk is a
small tmpfs and a read-only folder a read-only bind mount, both inside a private mount
namespace (``unshare``; root, or a user namespace), which vanishes with the process. Where that
is not possible the namespace tests skip; SQLite's ``max_page_count`` gives a full disk
everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from quizapp.core.store import DiskFull, ScoreStore, StoreError
from tests.banktext import bank
from tests.conftest import REPO

SMOKE_ENV = {"QT_QPA_PLATFORM": "offscreen"}


# --- helpers -------------------------------------------------------------------------------


# Once the smoke test says it failed, the process must exit within GRACE seconds; it used to
# hang when the score database failed before the banks had loaded (now fixed; the test
# test_the_app_exits_when_the_score_database_fails_first keeps it so).
EXIT_HANGS_AFTER_STORE_FAILURE = False
GRACE = 5.0  # seconds to wait for the exit once the failure is printed


def smoke(data: Path, *, prefix: list[str] | None = None, script: str = "",
          timeout: float = 120) -> tuple[int | None, str]:
    """Run ``quizapp --smoke-test --data-dir DATA``; return its exit code (None: it hung after
    saying the test failed, and was killed) and all it printed. Never a traceback: that is
    asserted here, for every fault."""
    command = [sys.executable, "-m", "quizapp", "--data-dir", str(data), "--smoke-test"]
    if prefix is not None:  # in a mount namespace, after ``script`` set the fault up
        command = [*prefix, "sh", "-c", f"{script} && exec {shlex.join(command)}"]
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True,
                                cwd=REPO, env={**os.environ, **SMOKE_ENV},
                                start_new_session=True)
        started, failed_at = time.monotonic(), None
        while proc.poll() is None:
            time.sleep(0.1)
            out.seek(0)
            if failed_at is None and "smoke test failed" in out.read():
                failed_at = time.monotonic()
            now = time.monotonic()
            if (failed_at is not None and now - failed_at > GRACE) or now - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
        code = None if proc.returncode == -signal.SIGKILL else proc.returncode
        out.seek(0)
        output = out.read()
    assert "Traceback" not in output, output
    assert code is not None or failed_at is not None, f"no answer in {timeout} s:\n{output}"
    return code, output


def refused(code: int | None) -> bool:
    """The smoke test failed, as it should (exit 1; or the known hang after the message)."""
    return code == 1 or (code is None and EXIT_HANGS_AFTER_STORE_FAILURE)


def ready(code: int, output: str) -> bool:
    return code == 0 and "ready in " in output


def child(config: dict, *, prefix: list[str] | None = None, script: str = "",
          after: str = "") -> tuple[int, list[dict], str]:
    """Run ``tests.hostile.disk_child`` (in a namespace after ``script`` when ``prefix``)."""
    command = [sys.executable, "-m", "tests.hostile.disk_child", json.dumps(config)]
    if prefix is not None:
        command = [*prefix, "sh", "-c", f"{script} && {shlex.join(command)}; code=$?; "
                   f"{after or 'true'}; exit $code"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.returncode, lines, result.stderr


def acked(lines: list[dict]) -> set[int]:
    return {line["ack"] for line in lines if "ack" in line}


def errors(lines: list[dict]) -> list[dict]:
    return [line for line in lines if "error" in line]


@functools.cache
def namespace() -> tuple[str, ...] | None:
    """A command prefix that runs a shell as root of a private mount namespace, or None."""
    exe = shutil.which("unshare")
    if sys.platform != "linux" or exe is None:
        return None
    prefix = (exe, "-m", "--propagation", "private") if os.geteuid() == 0 else \
        (exe, "-r", "-m", "--propagation", "private")
    probe = Path(f"/tmp/quizapp-ns-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        result = subprocess.run([*prefix, "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
                                capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        probe.rmdir()
    return prefix if result.returncode == 0 else None


def needs_namespace() -> list[str]:
    prefix = namespace()
    if prefix is None:
        pytest.skip("no private mount namespace here (unshare refused): the page-limit test "
                    "covers a full disk")
    return list(prefix)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(data: Path, answers: int = 20) -> tuple[int, set[int]]:
    """A data folder with a bank, a player and ``answers`` acknowledged answers."""
    (data / "banks").mkdir(parents=True, exist_ok=True)
    (data / "banks" / "bank.yaml").write_text(bank(bank_id="disk-bank"), encoding="utf-8")
    code, lines, _ = child({"data_dir": str(data), "steps": [["open"], ["record", answers],
                                                           ["close"]]})
    assert code == 0
    return answers, acked(lines)


def stored(data: Path) -> set[int]:
    with ScoreStore.open(data, daily_backup=False) as store:
        assert store.check() == []
        attempt = store.attempts(include_unfinished=True)[0]
        return {int(r.question_id[1:]) for r in store.answers(attempt.id)}


def record(store: ScoreStore, attempt_id: int, i: int, size: int = 10) -> bool:
    return store.record_answer(attempt_id, bank_id="disk", question_id=f"q{i}", content_hash="h",
                               response="x" * size, score=1.0, points=1.0, max_points=1.0,
                               seconds=1.0)


def quiz(store: ScoreStore) -> int:
    player = store.add_player("Ann")
    return store.start_attempt(player.id, mode="practice", settings={}, seed=1,
                               banks=[("disk", date(2025, 9, 3))],
                               question_keys=[("disk", f"q{i}") for i in range(5000)]).id


# --- a full disk -----------------------------------------------------------------------------


def test_full_disk_by_page_limit_is_said_and_loses_nothing_acknowledged(tmp_path):
    store = ScoreStore.open(tmp_path, daily_backup=False)
    attempt_id = quiz(store)
    for i in range(5):
        record(store, attempt_id, i)
    store.engine.dispose()  # new connections only, each with the limit

    def limit(connection, _record):
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 3}")

    event.listen(store.engine, "connect", limit)
    acknowledged = set(range(5))
    with pytest.raises(DiskFull) as full:
        for i in range(5, 5000):
            record(store, attempt_id, i, size=3000)
            acknowledged.add(i)
    assert "is full. Free some space; nothing was saved for the last action." in str(full.value)
    assert len(acknowledged) > 5  # the limit was reached while writing, not at once
    event.remove(store.engine, "connect", limit)
    store.engine.dispose()
    record(store, attempt_id, 4999)  # room again: writing goes on
    store.close()
    assert stored(tmp_path) == acknowledged | {4999}


def test_full_disk_on_a_small_file_system_is_said_and_loses_nothing_acknowledged(tmp_path):
    prefix = needs_namespace()
    disk, copy = tmp_path / "disk", tmp_path / "copy"
    disk.mkdir()
    steps = [["open"], ["record", 20], ["fill", str(disk / "ballast")],
             ["record_until_error", 5000], ["free", str(disk / "ballast")], ["record", 3],
             ["check"], ["close"]]
    code, lines, _ = child({"data_dir": str(disk / "data"), "steps": steps}, prefix=prefix,
                           script=f"mount -t tmpfs -o size=2m tmpfs {disk}",
                           after=f"cp -r {disk / 'data'} {copy}")
    assert code == 0
    (full,) = errors(lines)
    assert full["error"] == "DiskFull" and "is full. Free some space" in full["message"]
    assert {"check": []} in lines
    assert stored(copy) == acked(lines) and len(acked(lines)) >= 23


def test_a_full_disk_at_start_is_said_plainly(tmp_path):
    prefix = needs_namespace()
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=256k tmpfs {disk} && "
              f"(dd if=/dev/zero of={disk}/ballast bs=4k 2>/dev/null; true)")
    code, output = smoke(disk / "data", prefix=prefix, script=script)
    assert refused(code) and "the score database cannot be" in output, output
    assert "is full. Free some space" in output, output


# --- a read-only or missing data folder ------------------------------------------------------


def test_a_read_only_data_folder_is_said_plainly_and_left_untouched(tmp_path):
    prefix = needs_namespace()
    data = tmp_path / "data"
    fill(data)
    before = {p.name: digest(p) for p in data.rglob("*") if p.is_file()}
    read_only = f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"
    code, output = smoke(data, prefix=prefix, script=read_only)
    assert refused(code) and "the score database cannot be used" in output, output
    assert "not read-only" in output or "Read-only" in output, output
    code, lines, _ = child({"data_dir": str(data), "steps": [["open_existing"]]},
                           prefix=prefix, script=read_only)
    (error,) = errors(lines)
    assert error["error"] == "DatabaseUnreadable" and str(data) in error["message"]
    assert {p.name: digest(p) for p in data.rglob("*") if p.is_file()} == before
    assert stored(data) == set(range(20))  # and once writable again, every answer is there


def test_a_missing_data_folder_is_made(tmp_path):
    data = tmp_path / "usb-stick" / "QuizApp"  # not there yet
    code, output = smoke(data)
    assert ready(code, output), output
    assert (data / "scores.sqlite3").exists()


@pytest.mark.parametrize("where", ["a file in the way", "under a file"])
def test_a_data_folder_that_cannot_be_made_is_said_plainly(tmp_path, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    data = blocker if where == "a file in the way" else blocker / "QuizApp"
    code, output = smoke(data)
    assert code == 1 and "smoke test failed" in output, output
    assert str(blocker) in output, output  # says which path
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_missing_data_folder_under_a_read_only_parent_is_said_plainly(tmp_path):
    prefix = needs_namespace()
    parent = tmp_path / "readonly"
    parent.mkdir()
    script = f"mount --bind {parent} {parent} && mount -o remount,bind,ro {parent}"
    code, output = smoke(parent / "QuizApp", prefix=prefix, script=script)
    assert refused(code) and "Read-only file system" in output, output


def test_answers_after_the_data_folder_vanished_are_refused_not_acknowledged(tmp_path):
    data = tmp_path / "data"
    store = ScoreStore.open(data, daily_backup=False)
    try:
        attempt_id = quiz(store)
        record(store, attempt_id, 0)
        shutil.rmtree(data)
        with pytest.raises(StoreError):
            record(store, attempt_id, 1)  # acknowledged now, and lost
    finally:
        store.close()


# --- a damaged or incomplete database ---------------------------------------------------------


def test_a_deleted_wal_file_while_running_loses_nothing(tmp_path):
    store = ScoreStore.open(tmp_path, daily_backup=False)
    attempt_id = quiz(store)
    for i in range(10):
        record(store, attempt_id, i)
    (tmp_path / "scores.sqlite3-wal").unlink()  # a careless cleanup tool
    for i in range(10, 20):
        record(store, attempt_id, i)
    store.close()  # the log, still open, is folded into the database
    assert stored(tmp_path) == set(range(20))
    code, output = smoke(tmp_path)
    assert ready(code, output), output


def test_a_deleted_wal_file_after_a_crash_opens_consistently(tmp_path):
    """What SQLite allows: answers only in the deleted log are gone (docs/store.md), the rest
    is consistent, and the app starts."""
    data = tmp_path / "data"
    fill(data, answers=5)
    proc = subprocess.Popen([sys.executable, "-m", "tests.hostile.disk_child", json.dumps(
        {"data_dir": str(data), "steps": [["open_existing"], ["record", 100_000]]})],
        cwd=REPO, stdout=subprocess.PIPE, text=True)
    seen = 0
    for line in proc.stdout:
        seen += '"ack"' in line
        if seen >= 30:
            break
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    (data / "scores.sqlite3-wal").unlink()
    (data / "scores.sqlite3-shm").unlink(missing_ok=True)
    kept = stored(data)
    assert set(range(5)) <= kept  # what was folded into the file before the crash
    assert kept == set(range(len(kept)))  # an earlier state, never a torn one
    code, output = smoke(data)
    assert ready(code, output), output


@pytest.mark.parametrize("damage", ["truncated", "garbage header", "empty with backups"])
def test_a_damaged_database_is_said_plainly_at_start_and_left_untouched(tmp_path, damage):
    data = tmp_path / "data"
    fill(data, answers=300)
    with ScoreStore.open(data, daily_backup=False) as store:
        backup = store.backup("manual")
    path = data / "scores.sqlite3"
    if damage == "truncated":
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 2)
    elif damage == "garbage header":
        with open(path, "r+b") as fh:
            fh.write(os.urandom(100))
    else:
        path.write_bytes(b"")
    before = digest(path)
    code, output = smoke(data)
    assert refused(code) and "the score database is damaged" in output, output
    assert "Restore the latest backup" in output, output
    assert digest(path) == before
    with ScoreStore.restore_into(data, backup) as store:  # what the window offers next
        attempt = store.attempts(include_unfinished=True)[0]
        assert len(store.answers(attempt.id)) == 300  # all acknowledged before the backup
        assert store.check() == []


def test_the_app_exits_when_the_score_database_fails_first(tmp_path):
    data = tmp_path / "data"
    banks = data / "banks"
    banks.mkdir(parents=True)
    for i in range(300):  # loading takes a moment: the store fails first, every time
        (banks / f"b{i}.yaml").write_text(bank(bank_id=f"b{i}"), encoding="utf-8")
    (data / "scores.sqlite3").write_bytes(b"this is not a database" * 100)
    code, output = smoke(data)
    assert "the score database is damaged" in output
    assert code == 1, "the process did not exit after the smoke test failed"


# --- a damaged settings file -----------------------------------------------------------------


SETTINGS = {
    "binary garbage": os.urandom(4096),
    "NUL bytes": b"\0" * 1000,
    "not ini": b"{ this is not an ini file ]]]\n[[[\n=\n==\n",
    "wrong types": (b"[view]\npoint_size=huge\nhigh_contrast=maybe\n[window]\n"
                    b"geometry=@ByteArray(\\0\\x1\\xff)\n[quiz]\nlast_setup=not json\n"
                    b"[players]\nnames=[1, 2\nlast=\n"),
    "wrong shapes": (b"[quiz]\nlast_setup=\"[1, 2, 3]\"\n[players]\nnames=\"{}\"\n"
                     b"[view]\npoint_size=-99999999999999999999\n"),
    "huge": b"[view]\npoint_size=" + b"9" * 5_000_000 + b"\n",
    "UTF-16": "[view]\npoint_size=12\n".encode("utf-16"),
}


JSON_SETTINGS = {
    "binary garbage": os.urandom(4096),
    "not an object": b"[1, 2, 3]",
    "wrong types": (b'{"point_size": "huge", "high_contrast": "maybe", "geometry": "%%%",'
                    b' "last_setup": "not json", "players": [1, 2], "last_player": 7}'),
    "deep": b"[" * 100_000,
    "huge": b'{"point_size": ' + b"9" * 5_000_000 + b"}",
}


def started_with(tmp_path: Path, name: str, content: bytes) -> Path:
    """A data folder holding only this settings file, after a smoke test that got ready."""
    data = tmp_path / "data"
    data.mkdir()
    (data / name).write_bytes(content)
    code, output = smoke(data)
    assert ready(code, output), output
    return data


@pytest.mark.parametrize("content", SETTINGS.values(), ids=SETTINGS.keys())
def test_a_damaged_settings_file_of_an_earlier_version_gives_defaults(tmp_path, content):
    started_with(tmp_path, "settings.ini", content)


@pytest.mark.parametrize("content", JSON_SETTINGS.values(), ids=JSON_SETTINGS.keys())
def test_a_damaged_settings_file_gives_defaults_and_is_kept(tmp_path, content):
    data = started_with(tmp_path, "settings.json", content)
    kept = data / "settings.json.damaged"
    if json_object(content):  # readable, with values of the wrong types: those are ignored
        assert not kept.exists()
    else:  # set aside whole when the window's place was written at the exit
        assert kept.read_bytes() == content
    assert isinstance(json.loads((data / "settings.json").read_text(encoding="utf-8")), dict)


def json_object(content: bytes) -> bool:
    try:
        return isinstance(json.loads(content), dict)
    except (ValueError, RecursionError):
        return False


@pytest.mark.parametrize("name", ["settings.ini", "settings.json"])
def test_a_settings_file_that_is_a_folder_gives_defaults(tmp_path, name):
    data = tmp_path / "data"
    (data / name).mkdir(parents=True)
    code, output = smoke(data)
    assert ready(code, output), output


PLANT = """
import os, sys
from PySide6.QtCore import QSettings

class Payload:  # what an attacker would store: unpickling it runs a command
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[2],))

settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
for key in ("view/point_size", "view/high_contrast", "window/geometry", "players/last"):
    settings.setValue(key, Payload())
settings.sync()
"""


def test_a_planted_settings_file_never_runs_code(tmp_path):
    """PySide6 writes a Python value into a QSettings file as a pickle, and unpickles it when
    the file is read: a settings file planted in a shared data folder (a network drive, a
    USB stick) must run nothing when QuizApp starts from that folder."""
    data = tmp_path / "data"
    data.mkdir()
    marker = tmp_path / "pwned"
    subprocess.run([sys.executable, "-c", PLANT, str(data / "settings.ini"), str(marker)],
                   check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert b"PyObjectWrapper" in (data / "settings.ini").read_bytes() and not marker.exists()
    code, output = smoke(data)
    assert ready(code, output), output
    assert not marker.exists()


@pytest.mark.parametrize("setup", ['{"count": "all"}', '{"count": 10000000000}',
                                   '{"timer": "question", "timer_seconds": 1099511627776}'])
@pytest.mark.parametrize("name", ["settings.json", "settings.ini"])
def test_a_remembered_setup_of_the_wrong_type_gives_defaults(tmp_path, setup, name):
    if name == "settings.json":
        content = json.dumps({"last_setup": json.loads(setup)}).encode()
    else:  # as QSettings wrote it in earlier versions
        escaped = setup.replace("\\", "\\\\").replace('"', '\\"')
        content = f'[quiz]\nlast_setup="{escaped}"\n'.encode()
    started_with(tmp_path, name, content)

"""The teacher PIN: never stored in clear, slow to guess, and a back-off that survives restarts."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.core import pin as pin_module
from quizapp.core.pin import (
    FREE_TRIES,
    MAX_WAIT,
    SETTING_KEY,
    DamagedPinRecord,
    InvalidPin,
    PinGuard,
    PinNotSet,
    TooManyTries,
    WrongPin,
    reset_pin,
    wait_after,
)
from quizapp.core.store import ScoreStore

PIN = "80417263"


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class Memory:
    """Where the app would keep the record: here a dict, saved as JSON like the store does."""

    def __init__(self):
        self.saved: str | None = None
        self.saves = 0

    def load(self) -> dict | None:
        return None if self.saved is None else json.loads(self.saved)

    def save(self, record: dict | None) -> None:
        self.saves += 1
        self.saved = None if record is None else json.dumps(record, allow_nan=False)


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def guard_over(memory: Memory, clock: Clock) -> PinGuard:
    return PinGuard(memory.load, memory.save, clock)


def test_set_and_check(memory, clock):
    guard = guard_over(memory, clock)
    assert not guard.is_set()
    with pytest.raises(PinNotSet):
        guard.check(PIN)
    guard.set_pin(PIN)
    assert guard.is_set()
    assert guard.check(PIN)
    assert not guard.check("80417264")
    assert guard.check(PIN)


def test_the_pin_is_never_stored_in_clear(memory, clock):
    guard_over(memory, clock).set_pin(PIN)
    record = memory.load()
    assert PIN not in memory.saved
    assert set(record) == {"version", "kdf", "n", "r", "p", "salt", "hash", "failures",
                           "last_failure"}
    assert record["kdf"] == "scrypt"
    assert record["n"] >= 2**14 and record["r"] >= 8 and record["p"] >= 1
    salt = base64.b64decode(record["salt"])
    assert len(salt) >= 16
    # The hash is scrypt of the PIN with that salt and those parameters, nothing weaker.
    expected = hashlib.scrypt(PIN.encode(), salt=salt, n=record["n"], r=record["r"],
                              p=record["p"], dklen=32, maxmem=2**27)
    assert base64.b64decode(record["hash"]) == expected


def test_same_pin_twice_gives_different_salts_and_hashes(memory, clock):
    other = Memory()
    guard_over(memory, clock).set_pin(PIN)
    guard_over(other, clock).set_pin(PIN)
    assert memory.load()["salt"] != other.load()["salt"]
    assert memory.load()["hash"] != other.load()["hash"]


def test_compared_in_constant_time(memory, clock, monkeypatch):
    compared = []
    original = hmac.compare_digest

    def compare(a, b):
        compared.append((len(a), len(b)))
        return original(a, b)

    monkeypatch.setattr(pin_module.hmac, "compare_digest", compare)
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    guard.check(PIN)
    guard.check("1234")
    assert compared == [(32, 32), (32, 32)]


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", " 1234", "1234\n", "",
                                 "١٢٣٤", "１２３４", None, 1234])
def test_only_4_to_12_digits(memory, clock, bad):
    guard = guard_over(memory, clock)
    with pytest.raises(InvalidPin, match="4 to 12 digits"):
        guard.set_pin(bad)
    assert not guard.is_set()


@pytest.mark.parametrize("good", ["0000", "123456789012", "0042"])
def test_leading_zeros_and_the_limits_are_fine(memory, clock, good):
    guard = guard_over(memory, clock)
    guard.set_pin(good)
    assert guard.check(good)
    assert not guard.check(good[1:] if len(good) > 4 else good + "0")


def test_changing_needs_the_current_pin(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    with pytest.raises(WrongPin):
        guard.set_pin("5555")
    with pytest.raises(WrongPin):
        guard.set_pin("5555", current="1111")
    assert guard.failures() == 1  # the wrong current PIN counted as a wrong try
    guard.set_pin("5555", current=PIN)
    assert guard.check("5555")
    assert not guard.check(PIN)


def test_back_off_after_three_wrong_tries(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    for _ in range(FREE_TRIES - 1):
        assert not guard.check("0000")
        assert guard.seconds_left() == 0
    assert not guard.check("0000")  # third wrong: wait 2**0 = 1 s
    assert guard.seconds_left() == 1.0
    with pytest.raises(TooManyTries) as locked:
        guard.check(PIN)  # even the right PIN waits
    assert locked.value.seconds_left == 1.0
    assert "1 second" in str(locked.value)
    assert guard.failures() == 3  # tries while locked are not counted
    clock.now += 1
    assert not guard.check("0000")  # fourth wrong: 2 s
    clock.now += 1.5
    with pytest.raises(TooManyTries) as locked:
        guard.check("0000")
    assert locked.value.seconds_left == pytest.approx(0.5)
    clock.now += 0.5
    assert guard.check(PIN)  # right: the count starts again
    assert guard.failures() == 0
    assert memory.load()["last_failure"] is None


def test_waits_double_and_are_capped():
    assert [wait_after(k) for k in range(8)] == [0, 0, 0, 1, 2, 4, 8, 16]
    assert wait_after(100) == MAX_WAIT == wait_after(10**9)


def test_restarting_the_app_keeps_the_wait(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    for _ in range(6):  # 3rd: 1 s, 4th: 2 s, 5th: 4 s, 6th: 8 s
        guard.check("0000")
        clock.now += guard.seconds_left()
    clock.now -= 8  # just after the sixth wrong try
    restarted = guard_over(memory, clock)  # a new guard over the saved record
    with pytest.raises(TooManyTries) as locked:
        restarted.check(PIN)
    assert locked.value.seconds_left == 8.0
    assert "8 seconds" in str(locked.value)


def test_setting_the_clock_back_does_not_skip_or_stall_the_wait(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    for _ in range(5):  # wait is now 4 s
        clock.now += guard.seconds_left()
        guard.check("0000")
    clock.now -= 3600  # an hour back
    with pytest.raises(TooManyTries) as locked:
        guard.check(PIN)
    assert locked.value.seconds_left == 4.0  # the full wait again, from now, not an hour
    clock.now += 4
    assert guard.check(PIN)


def test_a_correct_check_saves_nothing_when_nothing_changes(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    saves = memory.saves
    assert guard.check(PIN)
    assert memory.saves == saves


def test_wrong_tries_that_are_not_digits_count_but_are_not_hashed(memory, clock, monkeypatch):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    monkeypatch.setattr(pin_module.hashlib, "scrypt", lambda *a, **k: pytest.fail("hashed"))
    assert not guard.check("letmein")
    assert not guard.check(None)  # type: ignore[arg-type]
    assert guard.failures() == 2


def test_clear(memory, clock):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    guard.clear()
    assert not guard.is_set() and memory.saved is None
    guard.set_pin("2468")  # first use again: no current PIN needed
    assert guard.check("2468")


@pytest.mark.parametrize("damage", [
    lambda r: "not a dict",
    lambda r: {**r, "version": 2},
    lambda r: {**r, "version": None},
    lambda r: {**r, "kdf": "md5"},
    lambda r: {**r, "n": 1024},
    lambda r: {**r, "n": 3 * 2**14},
    lambda r: {**r, "r": 1},
    lambda r: {**r, "n": 2**30},
    lambda r: {**r, "salt": "%%%"},
    lambda r: {**r, "salt": ""},
    lambda r: {**r, "hash": 17},
    lambda r: {**r, "failures": -1},
    lambda r: {**r, "failures": "3"},
    lambda r: {**r, "last_failure": "yesterday"},
    lambda r: {**r, "last_failure": True},
])
def test_a_damaged_record_is_refused_with_advice(memory, clock, damage):
    guard = guard_over(memory, clock)
    guard.set_pin(PIN)
    memory.save(damage(copy.deepcopy(memory.load())))
    with pytest.raises(DamagedPinRecord, match="reset-pin"):
        guard.check(PIN)
    with pytest.raises(DamagedPinRecord):
        guard.set_pin("2468", current=PIN)
    assert guard.is_set()  # still guarded: only a reset opens it


def test_older_records_with_the_minimum_cost_still_work(memory, clock):
    # A record written with N = 2**14 (the floor) is read and checked.
    salt = b"s" * 16
    digest = hashlib.scrypt(PIN.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    memory.save({"version": 1, "kdf": "scrypt", "n": 2**14, "r": 8, "p": 1,
                 "salt": base64.b64encode(salt).decode(), "hash": base64.b64encode(digest)
                 .decode(), "failures": 0, "last_failure": None})
    assert guard_over(memory, clock).check(PIN)


def test_kept_in_the_score_store_and_reset_from_the_data_folder(tmp_path, clock):
    with ScoreStore.open(tmp_path) as store:
        guard = PinGuard.for_store(store, clock)
        guard.set_pin(PIN)
        assert PIN not in json.dumps(store.get_setting(SETTING_KEY))
        for _ in range(4):
            clock.now += guard.seconds_left()
            guard.check("0000")
    with ScoreStore.open(tmp_path) as store:  # the app restarted
        guard = PinGuard.for_store(store, clock)
        assert guard.failures() == 4
        with pytest.raises(TooManyTries):
            guard.check(PIN)
        assert reset_pin(store) is True  # what `quizapp reset-pin` will do
        assert not guard.is_set()
        assert reset_pin(store) is False
        guard.set_pin("2468")
        assert guard.check("2468")
        guard.clear()
        assert store.get_setting(SETTING_KEY) is None


def _documented(prefix: str) -> str:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "teacher-pin.md").read_text("utf-8")
    return next(line for line in doc.splitlines() if line.startswith(prefix))


def test_the_documented_reset_commands_work(tmp_path, clock):
    for way in ("python3 -c", "sqlite3 "):
        with ScoreStore.open(tmp_path) as store:
            PinGuard.for_store(store, clock).set_pin(PIN)
        if way == "python3 -c":
            args = shlex.split(_documented(way).replace("DIR", str(tmp_path)))
            done = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True,
                                  cwd=Path(__file__).resolve().parents[2])
            assert done.returncode == 0, done.stderr
            assert done.stdout.strip() == "Teacher PIN removed."
        else:
            sql = shlex.split(_documented(way))[2]
            with sqlite3.connect(tmp_path / "scores.sqlite3") as db:
                db.execute(sql)
            db.close()
        with ScoreStore.open(tmp_path) as store:
            assert not PinGuard.for_store(store, clock).is_set(), way

"""The teacher PIN that guards the teacher tools (roster, deleting, resetting, class exports).

Only a slow salted hash is kept: ``hashlib.scrypt`` with a random 16-byte salt, the cost
parameters stored beside it so they can be raised later. The guess is compared with
``hmac.compare_digest``. After ``FREE_TRIES`` wrong PINs in a row, each further wrong PIN makes
the next try wait twice as long (1, 2, 4 ... seconds, at most ``MAX_WAIT``). The count is kept in
the stored record, so restarting the app does not reset it. See ``docs/teacher-pin.md``.

The record is a plain JSON-able dict; the caller persists it (in the score store's settings,
under ``SETTING_KEY``)::

    guard = PinGuard.for_store(store)
    if not guard.is_set():
        guard.set_pin(typed)              # first use
    elif guard.check(typed):              # may raise TooManyTries
        ...open the teacher tools...
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

SETTING_KEY = "teacher_pin"
RECORD_VERSION = 1
PIN_PATTERN = re.compile(r"[0-9]{4,12}")
MIN_DIGITS, MAX_DIGITS = 4, 12

# scrypt cost: N = 2**15 takes about 0.08 s and 32 MiB here. Records with at least the floor
# below (N = 2**14, r = 8, p = 1) are accepted, so a later, stronger default still reads old ones.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MIN_N, _MIN_R, _MIN_P = 2**14, 8, 1
_MAX_MEMORY = 2**28  # refuse records that would need more than 256 MiB to check
_SALT_BYTES, _HASH_BYTES = 16, 32

FREE_TRIES = 3  # wrong PINs in a row before any waiting
MAX_WAIT = 300.0  # seconds


class PinError(Exception):
    """Base of the teacher PIN errors; the message can be shown as it is."""


class InvalidPin(PinError, ValueError):
    """The new PIN is not 4 to 12 digits."""


class WrongPin(PinError):
    """The current PIN given to change the PIN is wrong (or missing)."""


class PinNotSet(PinError):
    """No teacher PIN has been set yet."""


class DamagedPinRecord(PinError):
    """The stored record cannot be read; only a reset (``reset_pin``) helps."""


class TooManyTries(PinError):
    """Too many wrong PINs in a row: wait ``seconds_left`` before the next try."""

    def __init__(self, seconds_left: float):
        self.seconds_left = seconds_left
        wait = max(1, math.ceil(seconds_left))
        super().__init__(f"Too many wrong PINs. Try again in {wait} second"
                         f"{'' if wait == 1 else 's'}.")


class SettingsStore(Protocol):
    """The part of ``ScoreStore`` the PIN needs."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...

    def delete_setting(self, key: str) -> None: ...


@dataclass(frozen=True)
class _Record:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes
    failures: int
    last_failure: float | None


def validate_pin(pin: object) -> str:
    """The PIN if it is 4 to 12 digits (0-9); raise ``InvalidPin`` otherwise."""
    if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
        raise InvalidPin(f"A PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits (0-9).")
    return pin


def wait_after(failures: int) -> float:
    """Seconds to wait after this many wrong PINs in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT, 2.0 ** min(failures - FREE_TRIES, 64))


class PinGuard:
    """The teacher PIN over a record that ``load`` reads and ``save`` writes (``None``: no PIN).

    ``clock`` gives the time in seconds (``time.time``); tests pass their own.
    """

    def __init__(self, load: Callable[[], dict | None], save: Callable[[dict | None], None],
                 clock: Callable[[], float] = time.time):
        self._load = load
        self._save = save
        self._clock = clock

    @classmethod
    def for_store(cls, store: SettingsStore,
                  clock: Callable[[], float] = time.time) -> PinGuard:
        """A guard whose record lives in the store's settings under ``SETTING_KEY``."""
        def save(record: dict | None) -> None:
            if record is None:
                store.delete_setting(SETTING_KEY)
            else:
                store.set_setting(SETTING_KEY, record)
        return cls(lambda: store.get_setting(SETTING_KEY), save, clock)

    def is_set(self) -> bool:
        return self._load() is not None

    def set_pin(self, new: str, current: str | None = None) -> None:
        """Set the PIN, or change it: then ``current`` must be the PIN now set. A wrong
        ``current`` counts as a wrong try and raises ``WrongPin`` (or ``TooManyTries``)."""
        validate_pin(new)
        if self._load() is not None:
            if current is None:
                raise WrongPin("Enter the current PIN to change it.")
            if not self.check(current):
                raise WrongPin("The current PIN is wrong.")
        self._save(_new_record(new))

    def check(self, pin: str) -> bool:
        """True if ``pin`` is the teacher PIN. Raise ``TooManyTries`` while a wait is running
        (whatever the PIN), ``PinNotSet`` or ``DamagedPinRecord``."""
        raw = self._load()
        if raw is None:
            raise PinNotSet("No teacher PIN has been set yet.")
        record = _parse(raw)
        now = self._clock()
        if record.last_failure is not None and now < record.last_failure:
            # The clock was set back: the wait runs again from now, so turning the clock
            # back neither shortens it nor leaves it stuck.
            record = _with(record, record.failures, now)
            self._save(_dump(record))
        left = _seconds_left(record, now)
        if left > 0:
            raise TooManyTries(left)
        if isinstance(pin, str) and PIN_PATTERN.fullmatch(pin):
            digest = _scrypt(pin, record.salt, record.n, record.r, record.p, len(record.digest))
            right = hmac.compare_digest(digest, record.digest)
        else:
            right = False  # not a possible PIN: wrong, without spending the hashing time
        if right:
            if record.failures:
                self._save(_dump(_with(record, 0, None)))
            return True
        self._save(_dump(_with(record, record.failures + 1, now)))
        return False

    def seconds_left(self) -> float:
        """How long before the next try is allowed; 0 when it is allowed now."""
        raw = self._load()
        if raw is None:
            return 0.0
        return _seconds_left(_parse(raw), self._clock())

    def failures(self) -> int:
        """Wrong PINs in a row so far."""
        raw = self._load()
        return 0 if raw is None else _parse(raw).failures

    def clear(self) -> None:
        """Remove the PIN: the teacher tools are open until a new one is set. Ask for the
        PIN (``check``) before calling this from the app."""
        self._save(None)


def reset_pin(store: SettingsStore) -> bool:
    """Forget the teacher PIN, for someone with access to the data folder
    (``quizapp reset-pin --data-dir DIR``). Returns whether a PIN was set."""
    was_set = store.get_setting(SETTING_KEY) is not None
    store.delete_setting(SETTING_KEY)
    return was_set


def _new_record(pin: str) -> dict:
    salt = os.urandom(_SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, _HASH_BYTES)
    return _dump(_Record(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, digest, 0, None))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * (n + p + 2) + 2**20
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=memory)


def _seconds_left(record: _Record, now: float) -> float:
    if record.last_failure is None:
        return 0.0
    wait = wait_after(record.failures)
    return max(0.0, min(wait, record.last_failure + wait - now))


def _with(record: _Record, failures: int, last_failure: float | None) -> _Record:
    return _Record(record.n, record.r, record.p, record.salt, record.digest, failures,
                   last_failure)


def _dump(record: _Record) -> dict:
    return {"version": RECORD_VERSION, "kdf": "scrypt", "n": record.n, "r": record.r,
            "p": record.p, "salt": base64.b64encode(record.salt).decode("ascii"),
            "hash": base64.b64encode(record.digest).decode("ascii"),
            "failures": record.failures, "last_failure": record.last_failure}


_ADVICE = "Reset it as described in docs/teacher-pin.md (quizapp reset-pin)."


def _parse(raw: Any) -> _Record:
    def bad(why: str) -> DamagedPinRecord:
        return DamagedPinRecord(f"The stored teacher PIN cannot be used: {why}. {_ADVICE}")

    if not isinstance(raw, dict):
        raise bad("it is not a record")
    version = raw.get("version")
    if _int(version) is None:
        raise bad("it has no version")
    if version > RECORD_VERSION:
        raise bad("it was made by a newer QuizApp")
    if raw.get("kdf") != "scrypt":
        raise bad(f"unknown hashing method {raw.get('kdf')!r}")
    n, r, p = _int(raw.get("n")), _int(raw.get("r")), _int(raw.get("p"))
    if n is None or r is None or p is None or n < _MIN_N or n & (n - 1) or r < _MIN_R \
            or p < _MIN_P or p > 16 or 128 * r * n > _MAX_MEMORY:
        raise bad("its hashing cost is missing, too weak or too large")
    try:
        salt = base64.b64decode(raw.get("salt", ""), validate=True)
        digest = base64.b64decode(raw.get("hash", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise bad("its salt or hash is not readable") from None
    if len(salt) < _SALT_BYTES or not 16 <= len(digest) <= 64:
        raise bad("its salt or hash is too short")
    failures = _int(raw.get("failures", 0))
    last = raw.get("last_failure")
    if failures is None or failures < 0:
        raise bad("its count of wrong tries is not readable")
    if last is not None and (isinstance(last, bool) or not isinstance(last, int | float)
                             or not math.isfinite(last)):
        raise bad("the time of its last wrong try is not readable")
    return _Record(n, r, p, salt, digest, failures, None if last is None else float(last))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None

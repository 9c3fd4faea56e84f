"""SQLite specifics: connection settings, error kinds, network shares, file copies.

Everything here is about the file on disk; the SQL itself lives in ``store.py`` and is portable.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import Engine, event

from quizapp.core.atomic import fsync_dir  # noqa: F401 - used here and by the store

BUSY_TIMEOUT_MS = 10_000
JOURNAL_MODES = ("wal", "delete", "truncate", "persist")
HEADER = b"SQLite format 3\x00"
WRITE_OPTION = "quizapp_write"  # execution option: this transaction writes (BEGIN IMMEDIATE)

# File systems that do not give SQLite's WAL the shared memory it needs.
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p", "davfs",
    "fuse.sshfs", "fuse.davfs2", "fuse.rclone", "glusterfs", "fuse.glusterfs", "ceph",
    "fuse.ceph", "lustre", "afpfs", "webdav",
})


def configure(engine: Engine, journal_mode: str) -> None:
    """Settings on every new connection, and ``BEGIN IMMEDIATE`` for write transactions.

    pysqlite's own transaction handling is switched off (``isolation_level = None``) so that
    SQLAlchemy's ``begin`` event decides what BEGIN to send: a plain (deferred) BEGIN for reads,
    ``BEGIN IMMEDIATE`` when the connection carries the ``quizapp_write`` option, so a writer
    takes the write lock up front and waits its turn (busy timeout) instead of failing.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DBAPI connection
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = cursor.execute(f"PRAGMA journal_mode = {journal_mode}").fetchone()[0]
            if mode.lower() != journal_mode:
                raise sqlite3.OperationalError(
                    f"could not switch the journal mode to {journal_mode} (still {mode})")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001 - SQLAlchemy Connection
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def error_name(exc: BaseException) -> str:
    """SQLite's name for the error behind ``exc`` (``SQLITE_BUSY``...), or ``""``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        name = getattr(exc, "sqlite_errorname", None)
        if name:
            return name
        if isinstance(exc, sqlite3.DatabaseError):
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                return "SQLITE_BUSY"
            if "not a database" in text:
                return "SQLITE_NOTADB"
            if "malformed" in text:
                return "SQLITE_CORRUPT"
        exc = getattr(exc, "orig", None) or exc.__cause__
    return ""


def is_busy(exc: BaseException) -> bool:
    return error_name(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def is_corrupt(exc: BaseException) -> bool:
    return error_name(exc).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def is_full(exc: BaseException) -> bool:
    return error_name(exc).startswith("SQLITE_FULL")


def is_unreadable(exc: BaseException) -> bool:
    return error_name(exc).startswith(
        ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_AUTH"))


def header_ok(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(HEADER)) == HEADER


def has_content(path: Path) -> bool:
    """True if the database file, or its write-ahead log, holds anything."""
    for p in (path, Path(f"{path}-wal")):
        with contextlib.suppress(FileNotFoundError):
            if p.stat().st_size > 0:
                return True
    return False


def companions(path: Path) -> list[Path]:
    """The files that belong to a database: the -wal log and -shm index, then -journal."""
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def copy_live_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open database, with the online backup API, made durable.

    The copy uses a rollback journal, so it is one self-contained file.
    """
    dst = sqlite3.connect(target)
    try:
        source.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        dst.close()
    fsync_file(target)


def inspect_file(path: Path, *, full: bool = False) -> tuple[list[str], list[str], int | None]:
    """Look at a database file without changing it: problems found (``quick_check``, or
    ``integrity_check`` with ``full``), its tables, and its schema version (None if unknown).

    Opens read-only. Raises ``sqlite3.Error`` for what is not damage (locked, unreadable).
    """
    if path.stat().st_size and not header_ok(path):
        return ["not a SQLite database (the file header is wrong)"], [], None
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        try:
            pragma = "integrity_check" if full else "quick_check"
            problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}") if row[0] != "ok"]
            if problems:
                return problems, [], None
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            version = None
            if "schema_version" in tables:
                version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            return [], tables, version
        except sqlite3.DatabaseError as exc:
            if error_name(exc).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                return [str(exc)], [], None
            raise
    finally:
        conn.close()


def check_file(path: Path, *, full: bool = True) -> tuple[list[str], int | None]:
    """Problems found in a closed database file (empty: fine), and its schema version."""
    try:
        problems, _tables, version = inspect_file(path, full=full)
    except (OSError, sqlite3.Error) as exc:
        return [f"cannot be read: {exc}"], None
    if not problems and version is None:
        return ["not a QuizApp score database (no schema version)"], None
    return problems, version


def is_network_path(path: Path) -> bool:
    """Best effort: is ``path`` on a network share (SMB, NFS...), where WAL is unsafe?"""
    try:
        if sys.platform == "win32":
            return _windows_is_remote(path)
        if sys.platform.startswith("linux"):
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as f:
                return fs_type(path, f.read()) in NETWORK_FS
    except OSError:
        pass
    return False


def fs_type(path: Path, mounts: str) -> str:
    """The file system type of ``path`` from ``/proc/mounts`` text (longest mount prefix)."""
    target = str(Path(os.path.realpath(path)))
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def _windows_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    full = os.path.abspath(path)
    if full.startswith("\\\\"):
        return True  # \\server\share
    drive = os.path.splitdrive(full)[0] + "\\"
    return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE

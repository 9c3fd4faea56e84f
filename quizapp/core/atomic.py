"""Writing a file all-or-nothing: the path holds the old complete file or the new one."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be synced)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], mode: str = "wb", **open_args: Any) -> Iterator[IO]:
    """Open a temporary file beside ``path``; when the block ends without an error, it is
    flushed, synced and renamed over ``path``, and the folder synced. On an error the
    temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        _give_usual_permissions(fd, path)
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
        temporary = None
        fsync_dir(folder)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _give_usual_permissions(fd: int, path: Path) -> None:
    """The temporary file is made readable by its owner only; the file it becomes gets what
    the file it replaces had, or what a new file gets (0666 less the umask): an exported
    sheet in a shared folder must stay readable by the colleagues it is meant for."""
    if sys.platform == "win32":
        return
    try:
        permissions = path.stat().st_mode & 0o7777
    except OSError:
        permissions = 0o666 & ~_umask()
    with contextlib.suppress(OSError):
        os.fchmod(fd, permissions)


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (changing it for a
    moment would race with other threads creating files)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

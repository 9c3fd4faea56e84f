"""Promise 3: loading or showing a bank never runs code and never reads a file outside the
bank's folder.

A child process (``audit_child.py``) installs ``sys.addaudithook`` first thing, then loads and
shows the hostile corpus in the real window (every screen, a whole quiz, the menus). Every file
it opened must be inside the banks folder or the data folder, or one of Python's and Qt's own
files (the interpreter, installed packages, QuizApp's own package and assets, fonts and system
configuration). No process may be started and no network connection made.

An audit hook sees what Python opens, not what Qt opens in C++ (an ``<img src>`` rendered by a
label, say). So, on Linux, inotify also watches the files the banks point at from outside their
folder (through ``..``, links, relative image paths resolved from the working directory, which
is the banks folder) and the large images inside it that nothing should open: none may be
opened by anyone while the child runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import site
import struct
import subprocess
import sys
import sysconfig
import urllib.parse
from pathlib import Path

import pytest

from quizapp.core import paths
from tests.conftest import REPO
from tests.hostile import corpus
from tests.hostile.figures import record

PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                  "os.fork", "os.forkpty", "os.startfile", "pty.spawn"}
NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo"}
FILE_EVENTS = {"open", "sqlite3.connect", "os.listdir", "os.scandir", "shutil.copyfile",
               "os.rename", "os.remove", "os.mkdir", "os.symlink"}


def system_roots() -> list[Path]:
    """Where Python, the installed packages, Qt, fonts and system settings live."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages(),
             site.getusersitepackages(), *sysconfig.get_paths().values(),
             "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "/var/cache/fontconfig",
             "/usr/share/fontconfig", "/usr/lib", "/usr/lib64", "/lib", "/lib64",
             "/usr/share/icons", "/usr/share/mime", "/usr/share/X11", "/usr/share/zoneinfo",
             "/usr/share/locale", "/etc/localtime", "/etc/ld.so.cache", "/etc/nsswitch.conf",
             "/etc/os-release", "/usr/lib/os-release", "/dev/null", "/dev/urandom",
             "/proc/self", "/sys/devices/system/cpu",
             str(Path.home() / ".cache" / "fontconfig"), str(Path.home() / ".fonts"),
             str(Path.home() / ".local" / "share" / "fonts")}
    return [Path(r).resolve() for r in roots if r]


def opened(audited: dict) -> list[tuple[str, str, Path]]:
    """(phase, event, resolved path) of every file event after start-up (the interpreter
    importing itself, before any bank is read)."""
    found = []
    for phase, event, target, _rest in audited["record"]:
        if event not in FILE_EVENTS or phase == "start-up" or target.startswith("<"):
            continue
        if target.isdigit():
            continue  # a file descriptor already open, not a path
        if target.startswith("file:"):  # SQLite's URI form
            target = urllib.parse.unquote(urllib.parse.urlsplit(target).path)
        path = Path(target)
        if not path.is_absolute():
            path = audited["banks"] / path  # the child ran in the banks folder
        found.append((phase, event, path.resolve()))
    return found


def inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


# --- inotify: opens by anyone, also from C++ ---------------------------------------------

IN_ACCESS, IN_OPEN = 0x001, 0x020


class OpenWatch:
    """Linux inotify watches: which of these files were opened or read, by any process."""

    def __init__(self, files: list[Path]):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.names: dict[int, Path] = {}
        for path in files:
            wd = libc.inotify_add_watch(self.fd, os.fsencode(path), IN_OPEN | IN_ACCESS)
            if wd >= 0:
                self.names[wd] = path

    def opened(self) -> set[Path]:
        found: set[Path] = set()
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            data = b""
        finally:
            os.close(self.fd)
        offset = 0
        while offset + 16 <= len(data):
            wd, mask, _cookie, length = struct.unpack_from("iIII", data, offset)
            if mask & (IN_OPEN | IN_ACCESS) and wd in self.names:
                found.add(self.names[wd])
            offset += 16 + length
        return found


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    banks = corpus.build(root, big=False)
    data = root / "data"
    report = root / "report.json"
    never = [root / corpus.CANARY, root / "outside-bank.yaml", banks / "images" / "huge.png",
             banks / "images" / "bomb.png"]
    watch = OpenWatch([p for p in never if p.exists()]) if sys.platform == "linux" else None
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "tests.hostile.audit_child", str(banks),
                             str(data), str(report)], cwd=banks, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    opened_by_anyone = watch.opened() if watch is not None else None
    return {"banks": banks.resolve(), "data": data.resolve(), "root": root,
            **json.loads(report.read_text(encoding="utf-8")), "watched": opened_by_anyone}


def test_the_child_showed_the_hostile_banks(audited):
    assert audited["loaded"] > 15 and audited["failures"] > 50
    assert audited["questions"] > 50  # every question of every hostile bank that loads
    assert {"load", "load on the worker thread", "reload", "library", "quiz", "results",
            "add a bank", "menu: history_action", "menu: teacher_action"} <= \
        set(audited["phases"])
    record("files and folders recorded by the audit hook", len(audited["record"]), add=False)


def test_no_file_outside_the_banks_and_data_folders_is_opened(audited):
    allowed = [audited["banks"], audited["data"], *system_roots(),
               (REPO / "quizapp").resolve(), paths.assets_dir().resolve()]
    # Python's import system lists the folders on its path (the child's PYTHONPATH is the
    # repository) when a module is first imported: pydantic is, on the first bank read.
    import_path = {REPO.resolve()}
    outside = []
    for phase, event, target in opened(audited):
        if event == "os.listdir" and target in import_path:
            continue
        if not inside(target, allowed):
            outside.append(f"{phase}: {event} {target}")
    assert not outside, "\n".join(sorted(set(outside)))


def test_images_and_the_canary_are_never_opened(audited):
    """QuizApp shows no images yet: none is opened, however large or wherever it points."""
    images = audited["banks"] / "images"
    touched = [f"{phase}: {event} {target}" for phase, event, target in opened(audited)
               if event in ("open", "sqlite3.connect", "shutil.copyfile")
               and (target.is_relative_to(images)
                    or target.name in (corpus.CANARY, "outside-bank.yaml"))]
    assert touched == []


def test_no_bank_makes_the_app_read_beyond_its_folder_even_from_cpp(audited):
    if audited["watched"] is None:
        pytest.skip("inotify is Linux only")
    assert audited["watched"] == set()


def test_no_process_is_started_and_no_connection_made(audited):
    started = [r for r in audited["record"] if r[1] in PROCESS_EVENTS | NETWORK_EVENTS]
    assert started == []
    assert audited["children"] == []

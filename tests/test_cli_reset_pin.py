"""``quizapp reset-pin`` forgets the teacher PIN of a data folder, keeps the scores, needs no Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.core.pin import SETTING_KEY, PinGuard
from quizapp.core.store import DB_NAME, ScoreStore
from tests.conftest import REPO
from tests.test_architecture import BLOCK_QT_AND_IMPORT_CORE


def run(*args: str, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=REPO, timeout=120)


def with_pin(folder: Path) -> None:
    store = ScoreStore.open(folder, daily_backup=False)
    try:
        if not store.players():
            store.add_player("Zoë")
        PinGuard.for_store(store).set_pin("4821")
    finally:
        store.close()


def test_reset_pin_removes_the_pin_and_keeps_the_scores(tmp_path):
    folder = tmp_path / "usb stick" / "QuizApp"
    with_pin(folder)
    done = run("reset-pin", "--data-dir", str(folder))
    assert (done.returncode, done.stdout, done.stderr) == (0, "Teacher PIN removed.\n", "")
    store = ScoreStore.open(folder, daily_backup=False)
    try:
        assert not PinGuard.for_store(store).is_set()
        assert store.get_setting(SETTING_KEY) is None
        assert [p.name for p in store.players()] == ["Zoë"]
    finally:
        store.close()
    again = run("reset-pin", "--data-dir", str(folder))
    assert (again.returncode, again.stdout) == (0, "No teacher PIN was set.\n")


def test_reset_pin_uses_the_data_folder_of_the_environment(tmp_path):
    folder = tmp_path / "data"
    with_pin(folder)
    done = run("reset-pin", env={"QUIZAPP_DATA_DIR": str(folder)})
    assert (done.returncode, done.stdout) == (0, "Teacher PIN removed.\n")
    with_pin(folder)  # the global option works too
    done = run("--data-dir", str(folder), "reset-pin")
    assert (done.returncode, done.stdout) == (0, "Teacher PIN removed.\n")


def test_reset_pin_in_an_empty_folder_creates_nothing(tmp_path, capsys):
    from quizapp.cli import main

    folder = tmp_path / "empty"
    assert main(["reset-pin", "--data-dir", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("No teacher PIN was set")
    assert not (folder / DB_NAME).exists()


def test_reset_pin_says_why_a_damaged_database_cannot_be_reset(tmp_path, capsys):
    from quizapp.cli import main

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["reset-pin", "--data-dir", str(folder)]) == 1
    assert "reset-pin:" in capsys.readouterr().err


def test_reset_pin_needs_no_qt(tmp_path):
    folder = tmp_path / "data"
    with_pin(folder)
    code = BLOCK_QT_AND_IMPORT_CORE.replace("print('ok')", f"""
from quizapp.cli import main
assert main(['reset-pin', '--data-dir', {str(folder)!r}]) == 0
""")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Teacher PIN removed."


def test_the_documented_command_is_the_one_that_works(tmp_path):
    doc = (REPO / "docs" / "teacher-pin.md").read_text(encoding="utf-8")
    line = next(x for x in doc.splitlines() if x.startswith("quizapp reset-pin --data-dir"))
    args = line.split("#")[0].split()[1:]
    folder = tmp_path / "data"
    with_pin(folder)
    done = run(*[str(folder) if a == "DIR" else a for a in args])
    assert (done.returncode, done.stdout) == (0, "Teacher PIN removed.\n")
